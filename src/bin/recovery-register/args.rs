//! Command-line arguments. Dates are accepted as dd/mm/yyyy or yyyy-mm-dd.

use anyhow::{anyhow, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use recovery_register::model::*;
use recovery_register::{dates, Actor, Store};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "recovery-register", version, about = "Registers, rosters and awards for recovery work in prisons")]
pub struct Cli {
    /// The database file (default: the app's local data folder, shared with the desktop app)
    #[arg(long, global = true, env = "RECOVERY_REGISTER_DB")]
    pub db: Option<PathBuf>,
    /// Print machine-readable JSON instead of text
    #[arg(long, global = true)]
    pub json: bool,
    /// Your username (or set RECOVERY_REGISTER_USER); the password is asked for, or read from
    /// RECOVERY_REGISTER_PASSWORD in scripts
    #[arg(long, global = true, env = "RECOVERY_REGISTER_USER")]
    pub user: Option<String>,
    /// Treat this date as today (for rehearsals and reproducible demos)
    #[arg(long, global = true, env = "RECOVERY_REGISTER_TODAY", hide = true)]
    pub today: Option<String>,
    /// How hard a new database's key slots are to guess: "minimum" (OWASP's floor) for tests
    /// that set up hundreds of databases; the real cost otherwise
    #[arg(long, global = true, env = "RECOVERY_REGISTER_KEY_COST", hide = true, value_enum, default_value = "standard")]
    pub key_cost: KeyCost,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum KeyCost {
    Standard,
    Minimum,
}

impl From<KeyCost> for recovery_register::keys::Cost {
    fn from(c: KeyCost) -> Self {
        match c {
            KeyCost::Standard => recovery_register::keys::Cost::STANDARD,
            KeyCost::Minimum => recovery_register::keys::Cost::MINIMUM,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Prisons
    Establishment {
        #[command(subcommand)]
        command: EstablishmentCommand,
    },
    /// People: prisoners, and staff or volunteers learning alongside them
    #[command(alias = "person")]
    Participant {
        #[command(subcommand)]
        command: ParticipantCommand,
    },
    /// Who runs groups: staff, volunteers and peer facilitators
    Facilitator {
        #[command(subcommand)]
        command: FacilitatorCommand,
    },
    /// Facilitators' security clearances, per establishment
    Clearance {
        #[command(subcommand)]
        command: ClearanceCommand,
    },
    /// Groups, rosters, enrolling and leaving
    Group {
        #[command(subcommand)]
        command: GroupCommand,
    },
    /// Sessions: generate from the schedule, add, cancel, log, list
    Session {
        #[command(subcommand)]
        command: SessionCommand,
    },
    /// Take and show registers
    Register {
        #[command(subcommand)]
        command: RegisterCommand,
    },
    /// One-off events (a recovery walk, a family day, a graduation ceremony): no roster; people
    /// are added at the event's register as drop-ins, the rest counted
    Event {
        #[command(subcommand)]
        command: EventCommand,
    },
    /// Awards and certificates: types, who is due, issue, verify, revoke
    Award {
        #[command(subcommand)]
        command: AwardCommand,
    },
    /// Peer roles: a person in custody as a peer facilitator or recovery champion
    Peer {
        #[command(subcommand)]
        command: PeerCommand,
    },
    /// SVQ units: a qualification's units, sign-offs by an assessor, candidate numbers, the record
    Svq {
        #[command(subcommand)]
        command: SvqCommand,
    },
    /// The directory of community services: recovery hubs, cafés, mutual aid, rehab
    Service {
        #[command(subcommand)]
        command: crate::liberation::ServiceCommand,
    },
    /// Liberation planning: who is due out, follow-up, plans, consent, meetings
    Liberation {
        #[command(subcommand)]
        command: crate::liberation::LiberationCommand,
    },
    /// Referrals into the service: who referred, for what, how long the wait was
    ReferralIn {
        #[command(subcommand)]
        command: crate::intake::ReferralInCommand,
    },
    /// Recovery capital: BARC-10 assessments, with the person's consent
    Barc10 {
        #[command(subcommand)]
        command: crate::intake::CapitalCommand,
    },
    /// Programmes' waiting lists, and cohorts allocated from them
    Programme {
        #[command(subcommand)]
        command: crate::intake::ProgrammeCommand,
    },
    /// Referrals to community services and how they went
    Referral {
        #[command(subcommand)]
        command: crate::liberation::ReferralCommand,
    },
    /// Import people, groups, rosters or past registers from a spreadsheet (CSV or .xlsx):
    /// every row checked first, all or nothing
    Import(crate::exchange::ImportArgs),
    /// Write synthetic spreadsheets (no real person) to rehearse an import with
    SampleSheets(crate::exchange::SampleArgs),
    /// Print a person's recovery passport (PDF) to take out on release
    Passport {
        /// Prison number, name or id
        person: String,
        #[arg(long)]
        pdf: PathBuf,
        /// Name the prison on the passport (off: nothing about the prison is printed)
        #[arg(long)]
        name_prison: bool,
    },
    /// Everything held about one person (a subject access request under the UK GDPR), as a PDF
    /// to read and/or a JSON file for machines; administrators only, recorded in the audit trail
    ExportPerson {
        /// Prison number or id
        person: String,
        #[arg(long)]
        establishment: Option<String>,
        /// Write the PDF here
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
        /// Write the JSON here (not `--json`, which already asks for JSON output)
        #[arg(long, value_name = "FILE")]
        json_file: Option<PathBuf>,
    },
    /// Reports: the monthly attendance return, printable register sheets
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
    /// Backups: to a folder (a USB stick), the daily one, restore
    Backup {
        #[command(subcommand)]
        command: BackupCommand,
    },
    /// Fill the database with realistic synthetic data (no real people)
    Demo {
        #[arg(long, value_enum, default_value = "establishment")]
        scale: DemoScale,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Print where the database is
    Where,
    /// First run: create the encrypted database and its first administrator; prints the
    /// recovery key once (password from RECOVERY_REGISTER_PASSWORD or asked for)
    Setup {
        #[arg(long)]
        username: String,
        /// The administrator's name as staff know it, e.g. "Alison Grant"
        #[arg(long)]
        name: String,
    },
    /// Every administrator's password lost: the recovery key (RECOVERY_REGISTER_RECOVERY_KEY or
    /// asked for) sets a new one (RECOVERY_REGISTER_NEW_PASSWORD or asked for)
    Recover {
        /// The administrator account to give a new password
        #[arg(long)]
        username: String,
    },
    /// Staff accounts (administrators)
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// The audit trail (administrators)
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// How long records are kept after liberation or transfer, and erasing the records of people
    /// past it (administrators)
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
    /// National figures: an establishment's month sent to the national office, and taken in there
    Figures {
        #[command(subcommand)]
        command: FiguresCommand,
    },
    /// Transfer packs: a person's recovery history going with them to another establishment
    Transfer {
        #[command(subcommand)]
        command: TransferCommand,
    },
    /// Receiving cards: this install's, and other installs' (administrators make and add them)
    Card {
        #[command(subcommand)]
        command: CardCommand,
    },
    /// A team of PCs keeping one record: joining files, change files, conflicts
    Team {
        #[command(subcommand)]
        command: TeamCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum FiguresCommand {
    /// An establishment's monthly figures (counts only), sealed to the national office's card
    Send {
        #[arg(long)]
        establishment: String,
        /// The month, e.g. 2026-10 (default: last month)
        #[arg(long)]
        month: Option<String>,
        /// The national office's code on its card
        #[arg(long, default_value = "NATIONAL")]
        to_office: String,
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Take in an establishment's figures file (on the national office's install)
    Receive { file: std::path::PathBuf },
}

#[derive(Subcommand, Debug)]
pub enum TransferCommand {
    /// A person's transfer pack, sealed to the receiving establishment's card (needs their
    /// consent: recorded before, or given now with --consent-given)
    Pack {
        /// Prison number, name or id
        person: String,
        /// The receiving establishment's code on its card
        #[arg(long)]
        to_establishment: String,
        /// The day the person consented to their record going there, recorded with the pack
        #[arg(long)]
        consent_given: Option<String>,
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Take in a transfer pack (at the receiving establishment)
    Receive { file: std::path::PathBuf },
}

#[derive(Subcommand, Debug)]
pub enum CardCommand {
    /// This install's card for one of its establishments, or for the national office; prints its
    /// fingerprint to read out on the phone
    Make {
        #[arg(long, conflicts_with = "national", required_unless_present = "national")]
        establishment: Option<String>,
        /// The national office's name (on the national office's install)
        #[arg(long)]
        national: Option<String>,
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Add another install's card; prints its fingerprint to compare with theirs
    Add {
        file: std::path::PathBuf,
        /// Replace a card held for the same code (after checking by phone)
        #[arg(long)]
        replace: bool,
    },
    /// This install's cards and those of others, with their fingerprints
    List,
}

#[derive(Subcommand, Debug)]
pub enum TeamCommand {
    /// Add a PC to this service (administrators): writes a joining file and prints the one-time
    /// passphrase to type on the new PC (never write it on the stick)
    Add {
        /// The new PC's name, as people will know it ("Café PC")
        #[arg(long)]
        name: String,
        /// This PC's name, when the team starts here
        #[arg(long, default_value = "Office PC")]
        this_pc: String,
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Join a service from a joining file, on a PC with no database yet (passphrase from
    /// RECOVERY_REGISTER_PASSPHRASE or asked for)
    Join {
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Send changes: one file for the other PCs of the team
    Send {
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Take in changes from another PC's file (--preview: say what it would do, change nothing)
    Receive {
        #[arg(long)]
        from: std::path::PathBuf,
        #[arg(long)]
        preview: bool,
    },
    /// This PC, the others, and when each last sent changes
    Status,
    /// Marks made on two PCs without sight of each other (administrators)
    Conflicts,
    /// Choose between the two versions of a mark (administrators)
    Resolve {
        #[arg(long)]
        session: recovery_register::model::SessionId,
        #[arg(long)]
        person: recovery_register::model::ParticipantId,
        /// kept or other
        #[arg(long, value_parser = ["kept", "other"])]
        keep: String,
    },
    /// Retire a PC: its files are refused from now on (administrators)
    Retire {
        /// The PC's name
        #[arg(long)]
        name: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum RetentionCommand {
    /// The period in force, and the people past it with what is held about them
    List,
    /// Keep records this many years after liberation or transfer (1 to 100; the default is 6)
    SetYears { years: u32 },
    /// Erase the records of people past the period: names, numbers and notes go, their counts in
    /// past reports stay. All or nothing. Without --yes, only shows who would be erased
    Apply {
        /// Prison number or id of a person past the period; repeatable
        #[arg(long = "person", required_unless_present = "all")]
        people: Vec<String>,
        /// Everyone past the period
        #[arg(long, conflicts_with = "people")]
        all: bool,
        /// Erase (this cannot be undone)
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Add an account (its password from RECOVERY_REGISTER_NEW_PASSWORD or asked for)
    Add {
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    List,
    /// Stop an account logging in (accounts are never deleted: the audit trail names them)
    Disable {
        username: String,
    },
    Enable {
        username: String,
    },
    /// A new password: your own (with the current one: RECOVERY_REGISTER_PASSWORD or asked for),
    /// or another's (administrators); the new one from RECOVERY_REGISTER_NEW_PASSWORD or asked for
    Password {
        username: Option<String>,
    },
    /// Change the database key: every account still in keeps its password; a copy of the key
    /// file taken before, or a password withdrawn, opens nothing written from then on
    NewKey,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum RoleArg {
    Administrator,
    Caseworker,
    Viewer,
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Entries, newest first
    List {
        /// From this date (dd/mm/yyyy)
        #[arg(long)]
        from: Option<String>,
        /// To this date, inclusive
        #[arg(long)]
        to: Option<String>,
        /// One account's acts
        #[arg(long = "by")]
        by: Option<String>,
        /// One kind of act, e.g. view_person, export_report
        #[arg(long)]
        action: Option<String>,
        /// Everything done to one record (its id)
        #[arg(long)]
        record: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Walk the hash chain: finds an entry changed or removed behind the app's back. Compared
    /// with the newest anchor in the backups' manifests, or with --anchor as printed on a
    /// monthly return's footer ("12345:3f2a9b1c0d4e5f60")
    Check {
        #[arg(long)]
        anchor: Option<String>,
    },
    /// The whole trail as CSV
    Export { csv: std::path::PathBuf },
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum DemoScale {
    /// One prison, about 25 groups and 400 people, three years
    Establishment,
    /// Fifteen prisons, ten years
    National,
    /// The national office those fifteen prisons report to: their cards and ten years of their
    /// monthly figures, no one's name
    NationalOffice,
}

#[derive(Subcommand, Debug)]
pub enum EstablishmentCommand {
    Add {
        /// Short code used in certificate numbers, e.g. PER
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
    },
    List,
}

#[derive(Subcommand, Debug)]
pub enum ParticipantCommand {
    Add(AddParticipant),
    Edit(EditParticipant),
    List {
        #[arg(long)]
        establishment: Option<String>,
        #[arg(long, value_parser = parse_coded::<CustodyStatus>)]
        status: Option<CustodyStatus>,
    },
    /// Find by name or prison number, ignoring case and accents
    Find {
        #[arg(required = true)]
        query: Vec<String>,
        #[arg(long)]
        establishment: Option<String>,
        #[arg(long, default_value_t = 25)]
        limit: usize,
    },
    /// One person's details, groups and attendance rates
    Show {
        /// Prison number or id
        person: String,
        #[arg(long)]
        establishment: Option<String>,
    },
    /// Who looked at this record: the audit entries about one person, newest first (administrators)
    WhoLooked {
        /// Prison number or id
        person: String,
        #[arg(long)]
        establishment: Option<String>,
    },
    Liberate(CustodyArgs),
    Transfer(CustodyArgs),
    HomeLeave(CustodyArgs),
    Readmit(CustodyArgs),
}

#[derive(Args, Debug)]
pub struct CustodyArgs {
    /// Prison number or id
    pub person: String,
    /// Effective date (default today)
    #[arg(long)]
    pub on: Option<String>,
    #[arg(long)]
    pub establishment: Option<String>,
}

#[derive(Args, Debug)]
pub struct AddParticipant {
    #[arg(long)]
    pub establishment: String,
    /// Required for a person in custody
    #[arg(long, conflicts_with_all = ["staff", "volunteer"])]
    pub prison_number: Option<String>,
    /// A member of staff learning alongside prisoners
    #[arg(long)]
    pub staff: bool,
    /// A volunteer learning alongside prisoners
    #[arg(long, conflicts_with = "staff")]
    pub volunteer: bool,
    #[arg(long)]
    pub given_name: String,
    #[arg(long)]
    pub family_name: String,
    #[arg(long)]
    pub date_of_birth: Option<String>,
    /// Hall or wing
    #[arg(long)]
    pub location: Option<String>,
    #[arg(long)]
    pub expected_liberation: Option<String>,
    /// The name as certificates and passports print it, when not given then family name
    #[arg(long)]
    pub printed_name: Option<String>,
}

impl AddParticipant {
    pub fn details(&self) -> Result<ParticipantDetails> {
        let kind = if self.staff {
            ParticipantKind::Staff
        } else if self.volunteer {
            ParticipantKind::Volunteer
        } else {
            ParticipantKind::InCustody
        };
        Ok(ParticipantDetails {
            kind,
            prison_number: self.prison_number.clone(),
            given_name: self.given_name.clone(),
            family_name: self.family_name.clone(),
            date_of_birth: opt_date("date of birth", &self.date_of_birth)?,
            location: self.location.clone(),
            expected_liberation: opt_date("expected liberation", &self.expected_liberation)?,
            printed_name: self.printed_name.clone(),
        })
    }
}

#[derive(Args, Debug)]
pub struct EditParticipant {
    /// Prison number or id
    pub person: String,
    #[arg(long)]
    pub establishment: Option<String>,
    #[arg(long)]
    pub prison_number: Option<String>,
    #[arg(long)]
    pub given_name: Option<String>,
    #[arg(long)]
    pub family_name: Option<String>,
    /// A date, or "none" to clear it
    #[arg(long)]
    pub date_of_birth: Option<String>,
    /// Hall or wing, or "none" to clear it
    #[arg(long)]
    pub location: Option<String>,
    /// A date, or "none" to clear it
    #[arg(long)]
    pub expected_liberation: Option<String>,
    /// The name as certificates and passports print it, or "none" for given then family name
    #[arg(long)]
    pub printed_name: Option<String>,
}

impl EditParticipant {
    /// The person's details with the given flags applied.
    pub fn apply(&self, p: &Participant) -> Result<ParticipantDetails> {
        let clearable_date =
            |field: &str, flag: &Option<String>, current: Option<chrono::NaiveDate>| -> Result<Option<chrono::NaiveDate>> {
                Ok(match flag.as_deref() {
                    None => current,
                    Some("none") | Some("") => None,
                    Some(d) => Some(dates::parse(field, d)?),
                })
            };
        Ok(ParticipantDetails {
            kind: p.kind,
            prison_number: self.prison_number.clone().or(p.prison_number.clone()),
            given_name: self.given_name.clone().unwrap_or(p.given_name.clone()),
            family_name: self.family_name.clone().unwrap_or(p.family_name.clone()),
            date_of_birth: clearable_date("date of birth", &self.date_of_birth, p.date_of_birth)?,
            location: match self.location.as_deref() {
                None => p.location.clone(),
                Some("none") => None,
                Some(l) => Some(l.to_string()),
            },
            expected_liberation: clearable_date("expected liberation", &self.expected_liberation, p.expected_liberation)?,
            printed_name: match self.printed_name.as_deref() {
                None => p.printed_name.clone(),
                Some("none") => None,
                Some(n) => Some(n.to_string()),
            },
        })
    }
}

#[derive(Subcommand, Debug)]
pub enum ClearanceCommand {
    /// Record a clearance (or an application) for a facilitator at an establishment
    Add {
        /// The facilitator's name (as listed) or id
        #[arg(long)]
        facilitator: String,
        #[arg(long)]
        establishment: String,
        #[command(flatten)]
        details: ClearanceArgs,
    },
    /// Record the renewal of a clearance (by id): same person, same establishment
    Renew {
        clearance: String,
        #[command(flatten)]
        details: ClearanceArgs,
    },
    /// Clearances, by facilitator
    List {
        #[arg(long)]
        establishment: Option<String>,
        #[arg(long)]
        facilitator: Option<String>,
    },
    /// What expires soon, what lapsed, what waits too long
    Expiring {
        #[arg(long)]
        establishment: Option<String>,
    },
    /// The clearances report for one establishment, as PDF and/or CSV
    Report {
        #[arg(long)]
        establishment: String,
        #[arg(long)]
        pdf: Option<std::path::PathBuf>,
        #[arg(long)]
        csv: Option<std::path::PathBuf>,
    },
}

#[derive(Args, Debug)]
pub struct ClearanceArgs {
    /// enhanced_vetting, standard_plus_completed, standard_plus_licence, photo_card, other
    #[arg(long, value_parser = parse_coded::<ClearanceKind>)]
    pub kind: ClearanceKind,
    /// applied, in_progress, granted, refused, appealed, expired, withdrawn
    #[arg(long, value_parser = parse_coded::<ClearanceStatus>, default_value = "granted")]
    pub status: ClearanceStatus,
    #[arg(long)]
    pub applied: Option<String>,
    #[arg(long)]
    pub granted: Option<String>,
    /// Last valid day (default: from the date granted and the kind's validity)
    #[arg(long)]
    pub expires: Option<String>,
    #[arg(long)]
    pub reference: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
}

impl ClearanceArgs {
    pub fn details(&self) -> Result<ClearanceDetails> {
        let date = |field: &str, raw: &Option<String>| raw.as_deref().map(|d| dates::parse(field, d)).transpose();
        Ok(ClearanceDetails {
            kind: self.kind,
            status: self.status,
            applied_on: date("--applied", &self.applied)?,
            granted_on: date("--granted", &self.granted)?,
            expires_on: date("--expires", &self.expires)?,
            reference: self.reference.clone(),
            notes: self.notes.clone(),
        })
    }
}

#[derive(Subcommand, Debug)]
pub enum FacilitatorCommand {
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = parse_coded::<FacilitatorKind>)]
        kind: FacilitatorKind,
        #[arg(long)]
        organisation: Option<String>,
    },
    List,
    /// Record that a facilitator is qualified to deliver a course (after Training for Trainers)
    Qualify {
        /// The facilitator's name (as listed) or id
        facilitator: String,
        /// What they may now deliver, e.g. "SMART Recovery"
        #[arg(long)]
        course: String,
        /// What qualified them
        #[arg(long, default_value = recovery_register::model::TRAINING_FOR_TRAINERS)]
        training: String,
        /// The day they qualified (default today)
        #[arg(long)]
        on: Option<String>,
    },
    /// Everyone's qualifications to deliver, by course
    Qualifications,
}

#[derive(Subcommand, Debug)]
pub enum PeerCommand {
    /// Make a person in custody a peer facilitator or recovery champion
    Add {
        person: String,
        #[arg(long, value_parser = parse_coded::<PeerRole>)]
        role: PeerRole,
        /// From when (default today)
        #[arg(long)]
        since: Option<String>,
        #[arg(long)]
        establishment: Option<String>,
    },
    /// Change a person's peer role, end it, or say whether their passport shows what they led
    Change {
        person: String,
        #[arg(long, value_parser = parse_coded::<PeerRole>)]
        role: Option<PeerRole>,
        /// They no longer hold the role
        #[arg(long)]
        ended: bool,
        /// The sessions they led on their recovery passport (their choice)
        #[arg(long)]
        passport: Option<bool>,
        #[arg(long)]
        establishment: Option<String>,
    },
    /// A person's peer role, qualifications and the sessions they led
    Show {
        person: String,
        #[arg(long)]
        establishment: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum GroupCommand {
    Add(AddGroup),
    /// Require every facilitator of a group to be qualified to deliver a course (or no longer)
    Require {
        group: String,
        #[arg(long, required_unless_present = "none", conflicts_with = "none")]
        course: Option<String>,
        #[arg(long)]
        none: bool,
        #[arg(long)]
        establishment: Option<String>,
    },
    List {
        #[arg(long)]
        establishment: Option<String>,
    },
    /// The roster with attendance, and the sessions
    Show {
        /// Group name or id
        group: String,
        #[arg(long)]
        establishment: Option<String>,
    },
    /// Put people on the roster
    Enrol {
        group: String,
        /// Prison numbers or ids
        #[arg(required = true)]
        people: Vec<String>,
        /// From this date (default today)
        #[arg(long)]
        on: Option<String>,
        #[arg(long)]
        establishment: Option<String>,
    },
    /// Take someone off the roster
    Leave {
        group: String,
        person: String,
        /// The first day they are no longer on it (default today)
        #[arg(long)]
        on: Option<String>,
        #[arg(long, value_parser = parse_coded::<LeavingReason>)]
        reason: LeavingReason,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        establishment: Option<String>,
    },
}

#[derive(Args, Debug)]
pub struct AddGroup {
    #[arg(long)]
    pub establishment: String,
    #[arg(long)]
    pub name: String,
    #[arg(long, value_parser = parse_coded::<GroupKind>)]
    pub kind: GroupKind,
    #[arg(long)]
    pub location: Option<String>,
    #[arg(long)]
    pub starts_on: String,
    #[arg(long)]
    pub ends_on: Option<String>,
    /// Usual start time, HH:MM
    #[arg(long, default_value = "14:00")]
    pub time: String,
    #[arg(long, default_value_t = 90)]
    pub duration_minutes: u32,
    /// Meets on this weekday (mon ... sun)
    #[arg(long)]
    pub weekday: Option<String>,
    #[arg(long, default_value_t = 1, requires = "weekday")]
    pub every_weeks: u32,
    /// Programmes: the number of sessions
    #[arg(long)]
    pub planned_sessions: Option<u32>,
    /// Programmes: completed by attending at least this many sessions
    #[arg(long, requires = "planned_sessions")]
    pub complete_with: Option<u32>,
    /// Programmes: sessions missed because of the regime or an appointment don't count against the person
    #[arg(long, requires = "complete_with")]
    pub excuse_regime_absences: bool,
    /// Facilitator ids
    #[arg(long)]
    pub facilitator: Vec<String>,
}

impl AddGroup {
    pub fn details(&self) -> Result<GroupDetails> {
        let weekday = self.weekday.as_deref().map(dates::parse_weekday).transpose().map_err(|e| anyhow!("--weekday: {e}"))?;
        Ok(GroupDetails {
            name: self.name.clone(),
            kind: self.kind,
            location: self.location.clone(),
            starts_on: dates::parse("start date", &self.starts_on)?,
            ends_on: opt_date("end date", &self.ends_on)?,
            start_time: dates::parse_time(&self.time).map_err(|e| anyhow!("--time: {e}"))?,
            duration_minutes: self.duration_minutes,
            schedule: weekday.map(|weekday| Schedule { weekday, every_weeks: self.every_weeks }),
            planned_sessions: self.planned_sessions,
            completion: self
                .complete_with
                .map(|min_attended| CompletionRule { min_attended, excuses_regime_absences: self.excuse_regime_absences }),
            facilitators: self
                .facilitator
                .iter()
                .map(|f| f.parse().map_err(|_| anyhow!("--facilitator: '{f}' is not a facilitator id")))
                .collect::<Result<_>>()?,
        })
    }
}

/// A session by id, or by group and date.
#[derive(Args, Debug)]
pub struct SessionRef {
    /// Session id
    #[arg(long, required_unless_present = "group")]
    pub session: Option<String>,
    /// Group name or id (with --on)
    #[arg(long, requires = "on", conflicts_with = "session")]
    pub group: Option<String>,
    /// The session's date (with --group)
    #[arg(long)]
    pub on: Option<String>,
}

impl SessionRef {
    pub fn resolve(&self, store: &Store, actor: &Actor) -> Result<SessionId> {
        if let Some(id) = &self.session {
            return id.parse().map_err(|_| anyhow!("--session: '{id}' is not a session id"));
        }
        let group = store.group_by_key(actor, self.group.as_deref().unwrap_or_default(), None)?;
        let on = dates::parse("--on", self.on.as_deref().unwrap_or_default())?;
        Ok(store.session_on(actor, group.id, on)?.id)
    }
}

#[derive(Subcommand, Debug)]
pub enum SessionCommand {
    /// Create the sessions the group's schedule puts between two dates
    Generate {
        group: String,
        /// Default today
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: String,
        #[arg(long)]
        establishment: Option<String>,
    },
    /// Add a one-off session
    Add {
        group: String,
        #[arg(long)]
        on: String,
        /// HH:MM (default: the group's usual time)
        #[arg(long)]
        time: Option<String>,
        #[arg(long)]
        establishment: Option<String>,
    },
    Cancel {
        #[command(flatten)]
        session: SessionRef,
        #[arg(long, value_parser = parse_coded::<CancellationReason>)]
        reason: CancellationReason,
        #[arg(long)]
        note: Option<String>,
    },
    /// Undo a cancellation made in error
    Reinstate {
        #[command(flatten)]
        session: SessionRef,
    },
    /// The session log: topic, notes, facilitators, held
    Log {
        #[command(flatten)]
        session: SessionRef,
        #[arg(long)]
        held: bool,
        #[arg(long)]
        topic: Option<String>,
        #[arg(long)]
        notes: Option<String>,
        #[arg(long)]
        facilitator: Vec<String>,
    },
    /// Record a session that took place although someone running it was not cleared here:
    /// an incident on the clearances report
    HeldUncleared {
        #[command(flatten)]
        session: SessionRef,
        /// Why it went ahead
        #[arg(long)]
        reason: String,
        /// You confirm the session took place
        #[arg(long, required = true)]
        confirm: bool,
    },
    /// Sessions in a date range (default: the week from today)
    List {
        #[arg(long)]
        group: Option<String>,
        #[arg(long)]
        establishment: Option<String>,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum AwardCommand {
    /// Set up a kind of certificate with its wording and signatories
    TypeAdd {
        #[arg(long)]
        establishment: String,
        #[arg(long, value_parser = parse_coded::<AwardKind>)]
        kind: AwardKind,
        #[arg(long)]
        title: String,
        /// The sentence under the name
        #[arg(long)]
        wording: String,
        /// Shown instead of the prison
        #[arg(long)]
        organisation: String,
        /// "Name|Role", up to three times
        #[arg(long = "signatory", required = true)]
        signatories: Vec<String>,
        #[arg(long)]
        svq_level: Option<u32>,
        #[arg(long)]
        awarding_body: Option<String>,
        /// Print the establishment's name on the certificate (off by default)
        #[arg(long)]
        show_establishment: bool,
    },
    /// Change an award type: what is not given stays as it is. Awards already issued keep the
    /// revision they were issued under.
    TypeEdit {
        /// The award type (title or id)
        #[arg(long = "type")]
        award_type: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        wording: Option<String>,
        #[arg(long)]
        organisation: Option<String>,
        /// "Name|Role" or "Name|Role|SIGNATURE-ID", up to three times: replaces the signatories
        #[arg(long = "signatory")]
        signatories: Vec<String>,
        #[arg(long)]
        awarding_body: Option<String>,
        #[arg(long)]
        show_establishment: Option<bool>,
        #[arg(long)]
        establishment: Option<String>,
    },
    /// An award type's revisions, newest first
    History {
        #[arg(long = "type")]
        award_type: String,
        #[arg(long)]
        establishment: Option<String>,
    },
    /// Keep a signatory's signature image (PNG; checked and scaled once) and print its id, for
    /// "Name|Role|SIGNATURE-ID"
    Signature {
        #[arg(long)]
        establishment: String,
        #[arg(long)]
        image: std::path::PathBuf,
    },
    /// Award types at an establishment
    Types {
        #[arg(long)]
        establishment: String,
    },
    /// Everyone on a programme, against its completion rule
    Due {
        group: String,
        #[arg(long)]
        establishment: Option<String>,
    },
    /// Issue awards (one transaction; numbered CODE-YEAR-NNNN)
    Issue {
        /// Award type title or id
        #[arg(long = "type")]
        award_type: String,
        /// The programme the awards are for (its completion rule is applied)
        #[arg(long)]
        group: Option<String>,
        /// Everyone who has completed the programme and has no award yet
        #[arg(long, requires = "group", conflicts_with = "people")]
        all_completed: bool,
        /// Prison numbers or ids (without --group: a one-off award to these people)
        people: Vec<String>,
        /// Award date (default today)
        #[arg(long)]
        on: Option<String>,
        /// Who signs this issue instead of the type's: "Name|Role" or "Name|Role|SIGNATURE-ID",
        /// up to three times (a sheriff presenting at a ceremony)
        #[arg(long = "signatory")]
        signatories: Vec<String>,
        #[arg(long)]
        establishment: Option<String>,
    },
    /// A person's awards
    List {
        person: String,
        #[arg(long)]
        establishment: Option<String>,
    },
    /// Check a presented certificate
    Verify {
        number: String,
        code: String,
        /// The name as printed
        #[arg(long)]
        name: Option<String>,
        /// The date as printed
        #[arg(long)]
        date: Option<String>,
    },
    /// Print certificates into one PDF ready for the printer (by number, or a group's awards)
    Print {
        numbers: Vec<String>,
        /// Every award of this group (a graduating cohort)
        #[arg(long, conflicts_with = "numbers")]
        group: Option<String>,
        /// The one PDF file to write, a page per certificate
        #[arg(long, required_unless_present = "folder", conflicts_with = "folder")]
        pdf: Option<std::path::PathBuf>,
        /// Instead, one PDF per person in this folder, named by number and name
        #[arg(long)]
        folder: Option<std::path::PathBuf>,
        /// Needed when a certificate was printed before (lost, damaged ...)
        #[arg(long)]
        reprint_reason: Option<String>,
        #[arg(long)]
        establishment: Option<String>,
    },
    /// Set the logo printed on an award type's certificates (PNG or JPEG), or remove it
    Logo {
        /// The award type (title or id)
        #[arg(long = "type")]
        award_type: String,
        /// The image file
        #[arg(long, required_unless_present = "remove", conflicts_with = "remove")]
        image: Option<std::path::PathBuf>,
        #[arg(long)]
        remove: bool,
        #[arg(long)]
        establishment: Option<String>,
    },
    /// Revoke an award (the record is kept)
    Revoke {
        number: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum SvqCommand {
    /// Add units to an SVQ award type, in order: "CODE|Title" each
    UnitAdd {
        #[arg(long = "type")]
        award_type: String,
        #[arg(required = true)]
        units: Vec<String>,
        #[arg(long)]
        establishment: Option<String>,
    },
    /// An SVQ's units
    Units {
        #[arg(long = "type")]
        award_type: String,
        #[arg(long)]
        establishment: Option<String>,
    },
    /// Record a person's SQA candidate number (nine digits)
    Candidate {
        person: String,
        number: String,
        #[arg(long)]
        establishment: Option<String>,
    },
    /// Record that an assessor signed off a unit for a person
    SignOff {
        person: String,
        #[arg(long = "type")]
        award_type: String,
        /// The unit's code
        #[arg(long)]
        unit: String,
        #[arg(long)]
        assessor: String,
        /// The day it was signed off (default today)
        #[arg(long)]
        on: Option<String>,
        #[arg(long)]
        establishment: Option<String>,
    },
    /// A person's units, by qualification
    Progress {
        person: String,
        #[arg(long)]
        establishment: Option<String>,
    },
    /// Print a person's record of units in one qualification
    Record {
        person: String,
        #[arg(long = "type")]
        award_type: String,
        #[arg(long)]
        pdf: std::path::PathBuf,
        #[arg(long)]
        establishment: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum RegisterCommand {
    Show {
        #[command(flatten)]
        session: SessionRef,
    },
    /// Mark people: PERSON=present, PERSON=late, PERSON=left_early, PERSON=absent:REASON
    Mark {
        #[command(flatten)]
        session: SessionRef,
        #[arg(required = true)]
        marks: Vec<String>,
    },
    /// Everyone on the roster without a mark is present; absences recorded in advance stay
    AllPresent {
        #[command(flatten)]
        session: SessionRef,
    },
    /// Someone who came without being on the roster (name, prison number or id): a drop-in
    DropIn {
        #[command(flatten)]
        session: SessionRef,
        #[arg(long)]
        person: String,
        /// present, late or left_early
        #[arg(long, value_parser = parse_coded::<MarkKind>, default_value = "present")]
        mark: MarkKind,
    },
    /// The people nobody names: others present from inside, and visitors from outside
    Headcount {
        #[command(flatten)]
        session: SessionRef,
        #[arg(long, default_value_t = 0)]
        others: u32,
        #[arg(long, default_value_t = 0)]
        visitors: u32,
        /// The visitors' organisation, where known
        #[arg(long)]
        visitors_from: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum EventCommand {
    /// Add an event and its register; prints the session id to add people with
    Add {
        #[arg(long)]
        establishment: Option<String>,
        #[arg(long, value_parser = parse_coded::<EventKind>)]
        kind: EventKind,
        /// e.g. "Recovery walk to Kinnoull Hill" (default: the kind)
        #[arg(long, default_value = "")]
        title: String,
        /// The day (dd/mm/yyyy)
        #[arg(long)]
        on: String,
        /// HH:MM
        #[arg(long, default_value = "10:00")]
        time: String,
        #[arg(long)]
        place: Option<String>,
    },
    /// Events in a date range (default: the four weeks to today)
    List {
        #[arg(long)]
        establishment: Option<String>,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum BackupCommand {
    /// Back the whole database up to FILE (written, synced, checked, fingerprinted)
    To { file: std::path::PathBuf },
    /// Today's automatic backup beside the database (backups/), if not made yet; then rotation
    Daily,
    /// Replace the database with a backup, after checking it; the current one is kept first
    Restore {
        file: std::path::PathBuf,
        /// Where to keep the current database (default: beside it, named by the time)
        #[arg(long)]
        safety_copy: Option<std::path::PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum TemplateCommand {
    /// Save a template: its columns in order, each "Return column" or "Return column=Heading"
    Save {
        name: String,
        #[arg(long = "column", required = true, value_name = "COLUMN[=HEADING]")]
        columns: Vec<String>,
    },
    /// The saved templates
    List,
    /// The return's columns a template can choose from
    Columns,
}

#[derive(Subcommand, Debug)]
pub enum ReportCommand {
    /// The national return from the establishments' figures taken in (the national office)
    National {
        /// The month, e.g. 2026-10 (default: last month)
        #[arg(long)]
        month: Option<String>,
        /// A calendar year, e.g. 2026: the national annual summary instead of a month
        #[arg(long, conflicts_with = "month")]
        year: Option<i32>,
        #[arg(long)]
        pdf: Option<std::path::PathBuf>,
        #[arg(long)]
        csv: Option<std::path::PathBuf>,
        /// Show counts from 1 to 4 as "<5"
        #[arg(long)]
        suppress_small: bool,
    },
    /// Every figure the national office holds, for analysts: CSV and/or Parquet (columns in
    /// docs/national-data-set.md)
    NationalData {
        #[arg(long, required_unless_present = "parquet")]
        csv: Option<std::path::PathBuf>,
        #[arg(long)]
        parquet: Option<std::path::PathBuf>,
    },
    /// The return for any period: a month (2026-10), a quarter (2026-Q3), a financial year
    /// (2026-27), a year (2026) or a range (01/07/2026..15/08/2026), on screen, as PDF and CSV
    Return {
        #[arg(long)]
        period: String,
        /// The period to compare with (default: the one before, of the same kind)
        #[arg(long)]
        compare: Option<String>,
        /// Establishment code or name, repeatable (default: all)
        #[arg(long = "establishment")]
        establishments: Vec<String>,
        #[arg(long)]
        pdf: Option<std::path::PathBuf>,
        #[arg(long)]
        csv: Option<std::path::PathBuf>,
        /// Show counts from 1 to 4 as "<5"
        #[arg(long)]
        suppress_small: bool,
        /// The service's highlights, printed on the PDF's first page (a paragraph per line)
        #[arg(long)]
        highlights: Option<String>,
        /// Cut the CSV to a saved column template (see `report template`)
        #[arg(long)]
        template: Option<String>,
    },
    /// Column templates: a funder's own return made from the return's columns
    Template {
        #[command(subcommand)]
        command: TemplateCommand,
    },
    /// The monthly attendance return: figures on screen, and as PDF and CSV
    Monthly {
        /// The month, e.g. 2026-10 (default: last month)
        #[arg(long)]
        month: Option<String>,
        /// Establishment code or name, repeatable (default: all)
        #[arg(long = "establishment")]
        establishments: Vec<String>,
        /// Write the report as a PDF
        #[arg(long)]
        pdf: Option<std::path::PathBuf>,
        /// Write one row per group and a totals row as CSV (UTF-8 with BOM, for Excel)
        #[arg(long)]
        csv: Option<std::path::PathBuf>,
        /// Show counts from 1 to 4 as "<5" (for reports that leave the establishment)
        #[arg(long)]
        suppress_small: bool,
    },
    /// A printable register for a session: the roster with tick boxes and absence codes
    RegisterSheet {
        #[command(flatten)]
        session: SessionRef,
        #[arg(long)]
        pdf: std::path::PathBuf,
    },
    /// Every printable register of an establishment's sessions from one date to another (a day
    /// or a week), in one PDF
    RegisterSheets {
        #[arg(long)]
        establishment: Option<String>,
        /// The first day (dd/mm/yyyy)
        #[arg(long)]
        from: String,
        /// The last day (default: the first)
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        pdf: std::path::PathBuf,
    },
    /// The hall officers' unlock lists for a day: one per hall, in the order the hall is walked
    UnlockLists {
        #[arg(long)]
        establishment: Option<String>,
        /// The day (dd/mm/yyyy; default today)
        #[arg(long)]
        on: Option<String>,
        #[arg(long)]
        pdf: std::path::PathBuf,
    },
}

pub struct MarkArg;

impl MarkArg {
    /// "123456=absent:not_unlocked" -> ("123456", absent with reason)
    pub fn parse(raw: &str) -> Result<(&str, Mark)> {
        let (person, rest) = raw.split_once('=').ok_or_else(|| anyhow!("write PERSON=MARK, e.g. 123456=present"))?;
        let (mark, reason) = match rest.split_once(':') {
            Some((m, r)) => (m, Some(r)),
            None => (rest, None),
        };
        let mark: MarkKind = mark.parse().map_err(|e| anyhow!("mark {e}"))?;
        let absence_reason = reason.map(|r| r.parse::<AbsenceReason>()).transpose().map_err(|e| anyhow!("absence reason {e}"))?;
        // The participant id is filled in by the caller once the person is looked up.
        let placeholder = ParticipantId(uuid::Uuid::nil());
        Ok((person.trim(), Mark { participant_id: placeholder, mark, absence_reason, note: None }))
    }
}

pub fn parse_coded<T: std::str::FromStr<Err = String>>(raw: &str) -> Result<T, String> {
    raw.parse()
}

fn opt_date(field: &str, raw: &Option<String>) -> Result<Option<chrono::NaiveDate>> {
    Ok(raw.as_deref().map(|d| dates::parse(field, d)).transpose()?)
}
