//! Realistic, seeded, repeatable synthetic data for demonstrations, tests and benchmarks.
//! Nothing here is about real people. The same seed and end date give the same data.
//!
//! The simulation runs per establishment: a population that arrives and leaves (liberations
//! and transfers), ongoing mutual-aid and peer groups whose rosters churn, programme cohorts
//! with a completion rule, lockdown weeks that cancel everything, and registers with absence
//! reasons in realistic proportions. It writes through the store's own insert functions, one
//! transaction per establishment.

mod intake;
mod liberation;
mod write;

use crate::actor::Actor;
use crate::error::Result;
use crate::model::*;
use crate::rules::schedule::meeting_dates;
use crate::store::Store;
use chrono::{Datelike, Days, NaiveDate, NaiveTime, Weekday};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// One prison, about 25 groups and 400 people at a time, three years.
    Establishment,
    /// Scotland's 15 prisons over ten years.
    National,
}

#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct DemoSummary {
    pub establishments: u32,
    pub participants: u32,
    pub facilitators: u32,
    pub groups: u32,
    pub enrolments: u32,
    pub sessions: u32,
    pub cancelled_sessions: u32,
    pub marks: u32,
    /// One-off events (recovery walks, family days, ceremonies), with the people at them.
    pub events: u32,
    /// Certificates, one for each programme completed.
    pub certificates: u32,
    /// Referrals into the service: one before each enrolment, and those waiting now.
    pub referrals_in: u32,
    /// At a national office: establishments' months of figures taken in.
    pub months_of_figures: u32,
}

const PRISONS: [(&str, &str); 15] = [
    ("PER", "HMP Perth"),
    ("BAR", "HMP Barlinnie"),
    ("LOW", "HMP Low Moss"),
    ("CHY", "HMP Castle Huntly"),
    ("ADW", "HMP Addiewell"),
    ("DUM", "HMP Dumfries"),
    ("EDI", "HMP Edinburgh"),
    ("GLE", "HMP Glenochil"),
    ("GRA", "HMP & YOI Grampian"),
    ("GRE", "HMP Greenock"),
    ("INV", "HMP Inverness"),
    ("KIL", "HMP Kilmarnock"),
    ("POL", "HMP YOI Polmont"),
    ("SHO", "HMP Shotts"),
    ("STI", "HMP & YOI Stirling"),
];

const GIVEN: &[&str] = &[
    "Seán",
    "Siobhán",
    "Łukasz",
    "Zoë",
    "Ciarán",
    "Eóin",
    "Pádraig",
    "Jamie",
    "Connor",
    "Kieran",
    "Darren",
    "Stephen",
    "Craig",
    "Mark",
    "Paul",
    "Scott",
    "Gary",
    "Ryan",
    "Liam",
    "Kyle",
    "Mateusz",
    "Paweł",
    "Grzegorz",
    "Tomáš",
    "Jiří",
    "Mantas",
    "Žygimantas",
    "Andrei",
    "Ștefan",
    "Tuấn",
    "Minh",
    "Imran",
    "Tariq",
    "Björn",
    "Søren",
    "José",
    "Iñaki",
    "Aoife",
    "Niamh",
    "Róisín",
    "Mhairi",
    "Eilidh",
    "Ailsa",
    "Kirsty",
    "Leanne",
    "Gemma",
    "Chloé",
    "Agnieszka",
    "Małgorzata",
    "Dorota",
    "Ewa",
    "Dumitru",
    "Mihăiță",
    "François",
    "Zoltán",
    "Ömer",
    "Çağlar",
];

const FAMILY: &[&str] = &[
    "Ó Súilleabháin",
    "Żółć",
    "O'Neill-Smith",
    "MacDonald",
    "McLaughlin",
    "Campbell",
    "Stewart",
    "Robertson",
    "Thomson",
    "Anderson",
    "MacLeod",
    "Murray",
    "Reid",
    "Ferguson",
    "Kerr",
    "Baird",
    "Nowak",
    "Kowalski",
    "Wiśniewski",
    "Wójcik",
    "Kamiński",
    "Dvořák",
    "Novák",
    "Kazlauskas",
    "Petrauskas",
    "Popescu",
    "Ionescu",
    "Nguyễn",
    "Trần",
    "Lê",
    "Hussain",
    "Khan",
    "Ahmed",
    "Øberg",
    "Müller",
    "Schäfer",
    "García",
    "Muñoz",
    "Ní Bhriain",
    "Mac an tSaoir",
    "Ó Dónaill",
    "MacGillÌosa",
    "Nic a' Bhàird",
    "Gallacher",
    "Docherty",
    "Quinn",
    "Devlin",
    "Boyle",
    "Brennan",
    "Şahin",
    "Yılmaz",
    "Kovács",
    "Nagy",
    "Lefèvre",
];

const VOLUNTEERS: &[&str] = &[
    "Bill W. (AA)",
    "Anne M. (AA)",
    "Jimmy R. (NA)",
    "Lorraine K. (NA)",
    "Des O'B. (CA)",
    "Frank T. (AA)",
    "Morag S. (NA)",
    "Ricky D. (AA)",
    "Sandra P. (SMART)",
    "Tam B. (AA)",
    "Gordon H. (NA)",
    "Bernadette Q. (AA)",
    "Kenny L. (CA)",
    "Isla F. (SMART)",
    "Hamish G. (AA)",
    "Jolanta W. (NA)",
    "Eamonn C. (AA)",
    "Fiona McK. (SMART)",
    "Archie N. (NA)",
    "Wojtek Z. (AA)",
];

const STAFF_FACILITATORS: &[&str] = &[
    "Alison Grant",
    "Brian Macrae",
    "Catriona Bell",
    "Derek Munro",
    "Elaine Fraser",
    "Fergus Wallace",
    "Gillian Hay",
    "Hugh Sinclair",
    "Janet Ross",
    "Kevin Duncan",
];

/// Given name, family name, and the name as printed where it is not given then family name: a
/// Vietnamese name puts the family name first.
const SHOWCASE: [(&str, &str, Option<&str>); 5] = [
    ("Seán", "Ó Súilleabháin", None),
    ("Łukasz", "Żółć", None),
    ("Zoë", "O'Neill-Smith", None),
    ("Văn An", "Nguyễn", Some("Nguyễn Văn An")),
    ("Siobhán", "Nic a' Bhàird", None),
];

const HALLS: &[&str] = &["A Hall", "B Hall", "C Hall", "D Hall", "E Hall", "Hall 1", "Hall 2"];

/// Fills `store` with demo data ending on `until` (normally today). Refuses a database that
/// already has establishments with the same codes, so demo data never mixes with real data
/// unnoticed.
pub fn generate(store: &mut Store, actor: &Actor, scale: Scale, seed: u64, until: NaiveDate) -> Result<DemoSummary> {
    let years = match scale {
        Scale::Establishment => 3,
        Scale::National => 10,
    };
    generate_years(store, actor, scale, seed, until, years)
}

/// As `generate`, over the last `years` only: the tests' national demo in a debug build.
#[cfg(any(test, feature = "test-support"))]
pub fn generate_recent(store: &mut Store, actor: &Actor, scale: Scale, seed: u64, until: NaiveDate, years: u64) -> Result<DemoSummary> {
    generate_years(store, actor, scale, seed, until, years)
}

fn generate_years(store: &mut Store, actor: &Actor, scale: Scale, seed: u64, until: NaiveDate, years: u64) -> Result<DemoSummary> {
    let prisons = match scale {
        Scale::Establishment => &PRISONS[..1],
        Scale::National => &PRISONS[..],
    };
    let from = until - Days::new(365 * years + years / 4);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut summary = DemoSummary { establishments: prisons.len() as u32, ..Default::default() };

    // Volunteers come from the community and go into several prisons (their clearances are
    // per establishment), so the pool is shared.
    let volunteers: Vec<NewFacilitator> = VOLUNTEERS
        .iter()
        .take(if scale == Scale::Establishment { 8 } else { VOLUNTEERS.len() })
        .map(|name| NewFacilitator {
            name: name.to_string(),
            kind: FacilitatorKind::Volunteer,
            organisation: Some(fellowship_of(name).to_string()),
        })
        .collect();
    let volunteer_ids = store
        .demo_write(actor, |tx| volunteers.iter().map(|v| write::insert_facilitator(tx, v).map(|f| f.id)).collect::<Result<Vec<_>>>())?;
    summary.facilitators += volunteer_ids.len() as u32;
    let directory = store.demo_write(actor, |tx| liberation::write_services(tx))?;

    for (index, (code, name)) in prisons.iter().enumerate() {
        let prison_seed: u64 = rng.random();
        let plan = Simulation::new(prison_seed, index, from, until, &volunteer_ids).run();
        let written = store.demo_write(actor, |tx| {
            write::write_establishment(
                tx,
                actor,
                &NewEstablishment { code: code.to_string(), name: name.to_string() },
                &plan,
                &directory,
                from,
                until,
            )
        })?;
        summary.participants += written.participants;
        summary.facilitators += written.facilitators;
        summary.groups += written.groups;
        summary.enrolments += written.enrolments;
        summary.sessions += written.sessions;
        summary.cancelled_sessions += written.cancelled_sessions;
        summary.marks += written.marks;
        summary.events += written.events;
    }
    summary.referrals_in = store.demo_write(actor, |tx| intake::write_referrals_in(tx, until))?;
    summary.certificates = certificates(store, actor, until)?;
    Ok(summary)
}

/// The national office the national demo's fifteen prisons report to: its own card, theirs, and
/// every completed month of their ten years taken in as figures files, each made and sealed by
/// the prison's card as a real one would be. The prisons' database is made in memory and
/// dropped: the office holds no one's name, only figures.
pub fn national_office(store: &mut Store, actor: &Actor, seed: u64, until: NaiveDate) -> Result<DemoSummary> {
    let mut prisons = Store::open_in_memory()?;
    let builtin = Actor { staff_id: StaffId::LOCAL_ADMINISTRATOR, role: crate::actor::Role::Administrator };
    let made = generate(&mut prisons, &builtin, Scale::National, seed, until)?;
    // The office names itself as the app's first screen would ask; it runs no groups.
    if store.establishments(actor)?.is_empty() {
        store.add_establishment(actor, &NewEstablishment { code: "SPS".into(), name: "SPS recovery network".into() })?;
    }
    let office = store.own_card(actor, None, Some("Scottish Prison Service recovery network"))?;
    prisons.add_card(&builtin, &office.to_file(), false)?;
    let first = crate::views::Month::containing(until - Days::new(365 * 10 + 2)).next();
    let last = crate::views::Month::containing(until).previous();
    let mut summary = DemoSummary { establishments: made.establishments, ..Default::default() };
    for est in prisons.establishments(&builtin)? {
        let card = prisons.own_card(&builtin, Some(&est.code), None)?;
        store.add_card(actor, &card.to_file(), false)?;
        let mut month = first;
        while month <= last {
            let (file, _) = prisons.figures_file(&builtin, &est.code, month, &office.code)?;
            store.take_in_figures_bytes(actor, &file)?;
            summary.months_of_figures += 1;
            month = month.next();
        }
    }
    Ok(summary)
}

/// The Recovery College's cohorts: their graduates get their certificates at the graduation
/// ceremony, under the award type a service sets up for it, so the demo leaves them due.
const RECOVERY_COLLEGE: &str = "Recovery College";

/// Everyone who completed a programme gets their certificate, issued through the app's own rule
/// and numbering on the day they came off the roster; except the last two months' completions
/// and the Recovery College's, left due for a graduation still to come (as a service would have
/// them, to try issuing).
fn certificates(store: &mut Store, actor: &Actor, until: NaiveDate) -> Result<u32> {
    let presented_by = until - Days::new(60);
    let mut issued = 0;
    for est in store.establishments(actor)? {
        let details = AwardTypeDetails {
            kind: AwardKind::ProgrammeCompletion,
            title: "Certificate of completion".into(),
            svq_level: None,
            awarding_body: None,
            wording: "has completed the programme named below".into(),
            issuing_organisation: "The recovery service".into(),
            show_establishment: false,
            signatories: vec![Signatory { name: "A. Coordinator".into(), role: "Recovery Coordinator".into(), signature: None }],
        };
        let kind = store.add_award_type(actor, est.id, &details)?;
        let programmes = store.groups(actor, Some(est.id))?.into_iter().filter(|g| g.details.kind == GroupKind::Programme);
        for group in programmes.filter(|g| !g.details.name.starts_with(RECOVERY_COLLEGE)) {
            let mut by_day: std::collections::BTreeMap<NaiveDate, Vec<ParticipantId>> = Default::default();
            for line in store.enrolments_of_group(actor, group.id)? {
                if let (Some(LeavingReason::Completed), Some(on)) =
                    (line.enrolment.leaving_reason, line.enrolment.left_on.filter(|d| *d < presented_by))
                {
                    by_day.entry(on).or_default().push(line.participant.id);
                }
            }
            for (on, people) in by_day {
                issued += store.issue_awards(actor, kind.id, Some(group.id), &people, on)?.len() as u32;
            }
        }
    }
    Ok(issued)
}

fn fellowship_of(name: &str) -> &'static str {
    if name.contains("(NA)") {
        "Narcotics Anonymous"
    } else if name.contains("(CA)") {
        "Cocaine Anonymous"
    } else if name.contains("(SMART)") {
        "SMART Recovery Scotland"
    } else {
        "Alcoholics Anonymous"
    }
}

/// One simulated person, by index in `Plan::people`.
pub(crate) struct PlannedPerson {
    pub details: ParticipantDetails,
    pub admitted: NaiveDate,
    /// When and how they leave the establishment, if before the end of the simulation.
    pub leaves: Option<(NaiveDate, CustodyStatus)>,
    engagement: f64,
}

pub(crate) struct PlannedGroup {
    pub details: GroupDetails,
    /// Index into `Plan::staff_facilitators` or a volunteer id.
    pub facilitator: PlannedFacilitator,
    pub enrolments: Vec<PlannedEnrolment>,
    pub sessions: Vec<PlannedSession>,
}

#[derive(Clone, Copy)]
pub(crate) enum PlannedFacilitator {
    Staff(usize),
    Volunteer(FacilitatorId),
}

pub(crate) struct PlannedEnrolment {
    pub person: usize,
    pub enrolled_on: NaiveDate,
    pub left: Option<(NaiveDate, LeavingReason)>,
}

pub(crate) struct PlannedSession {
    pub on: NaiveDate,
    pub cancelled: Option<CancellationReason>,
    /// (person index, mark, reason) for a held session; empty for planned or cancelled ones.
    pub marks: Vec<(usize, MarkKind, Option<AbsenceReason>)>,
    pub held: bool,
}

pub(crate) struct Plan {
    pub people: Vec<PlannedPerson>,
    pub staff_facilitators: Vec<String>,
    pub groups: Vec<PlannedGroup>,
    pub events: Vec<PlannedEvent>,
}

/// A one-off event: the people named at it (person indexes, all drop-ins) and its headcount;
/// none of either for one still to come.
pub(crate) struct PlannedEvent {
    pub details: EventDetails,
    pub people: Vec<usize>,
    pub headcount: Headcount,
}

struct Simulation<'a> {
    rng: ChaCha8Rng,
    index: usize,
    from: NaiveDate,
    until: NaiveDate,
    volunteers: &'a [FacilitatorId],
    people: Vec<PlannedPerson>,
    lockdown_weeks: HashSet<(i32, u32)>,
}

impl<'a> Simulation<'a> {
    fn new(seed: u64, index: usize, from: NaiveDate, until: NaiveDate, volunteers: &'a [FacilitatorId]) -> Self {
        Simulation {
            rng: ChaCha8Rng::seed_from_u64(seed),
            index,
            from,
            until,
            volunteers,
            people: Vec::new(),
            lockdown_weeks: HashSet::new(),
        }
    }

    fn run(mut self) -> Plan {
        self.populate();
        // About three lockdown weeks a year, when nothing runs.
        let mut week = self.from;
        while week < self.until {
            if self.rng.random_bool(3.0 / 52.0) {
                let iso = week.iso_week();
                self.lockdown_weeks.insert((iso.year(), iso.week()));
            }
            week = week + Days::new(7);
        }
        let staff_facilitators: Vec<String> =
            (0..5).map(|i| STAFF_FACILITATORS[(self.index * 3 + i) % STAFF_FACILITATORS.len()].to_string()).collect();
        let mut groups = self.ongoing_groups();
        groups.extend(self.programme_cohorts());
        // Drawn last, so the groups' figures do not depend on them.
        let events = self.events();
        Plan { people: self.people, staff_facilitators, groups, events }
    }

    /// Each year's events: an awareness session in March, a family day in August, the recovery
    /// walk in September, the Recovery College graduation ceremony in October.
    fn events(&mut self) -> Vec<PlannedEvent> {
        let kinds = [
            (EventKind::AwarenessSession, "Recovery awareness session", 3, Weekday::Wed, "14:00", Some("Chapel"), (6, 14), (0, 6), (2, 5)),
            (EventKind::FamilyDay, "Family day", 8, Weekday::Sat, "13:00", Some("Visits Hall"), (12, 25), (0, 4), (20, 45)),
            (EventKind::RecoveryWalk, "Recovery walk", 9, Weekday::Sat, "10:00", Some("Sports field"), (10, 22), (5, 15), (3, 10)),
            (
                EventKind::GraduationCeremony,
                "Recovery College graduation",
                10,
                Weekday::Thu,
                "14:00",
                Some("Chapel"),
                (8, 16),
                (4, 12),
                (6, 15),
            ),
        ];
        let mut out = Vec::new();
        for year in self.from.year()..=self.until.year() {
            for (kind, title, month, weekday, at, place, named, others, visitors) in kinds {
                // The second such weekday of the month.
                let on = NaiveDate::from_weekday_of_month_opt(year, month, weekday, 2).expect("every month has two");
                if on < self.from || on > self.until {
                    continue;
                }
                let mut taken = HashSet::new();
                for _ in 0..self.rng.random_range(named.0..=named.1) {
                    if let Some(p) = self.pick_person(on, &taken) {
                        taken.insert(p);
                    }
                }
                let mut people: Vec<usize> = taken.into_iter().collect();
                people.sort();
                let headcount = Headcount {
                    others_present: self.rng.random_range(others.0..=others.1),
                    visitors: self.rng.random_range(visitors.0..=visitors.1),
                    visitors_from: (kind == EventKind::RecoveryWalk).then(|| "Scottish Recovery Consortium".to_string()),
                };
                let details = EventDetails {
                    kind,
                    title: title.to_string(),
                    held_on: on,
                    start_time: NaiveTime::parse_from_str(at, "%H:%M").expect("a time"),
                    place: place.map(str::to_string),
                };
                out.push(PlannedEvent { details, people, headcount });
            }
        }
        // One still to come, this week: Saturday's open day at the recovery café.
        let mut saturday = crate::dates::monday_of(self.until) + Days::new(5);
        if saturday <= self.until {
            saturday = saturday + Days::new(7);
        }
        out.push(PlannedEvent {
            details: EventDetails {
                kind: EventKind::Other,
                title: "Recovery café open day".into(),
                held_on: saturday,
                start_time: NaiveTime::from_hms_opt(13, 30, 0).expect("a time"),
                place: Some("Chapel".into()),
            },
            people: Vec::new(),
            headcount: Headcount::default(),
        });
        out
    }

    /// About 400 people at any time; stays from two months to four years.
    fn populate(&mut self) {
        let mut number = 100_000 + self.rng.random_range(0..800_000u32);
        let mut arrive = |sim: &mut Self, admitted: NaiveDate| {
            number += sim.rng.random_range(1..40);
            let stay = sim.rng.random_range(60..1460u64);
            let release = admitted + Days::new(stay);
            let leaves = (release < sim.until).then(|| {
                let how = if sim.rng.random_bool(0.15) { CustodyStatus::Transferred } else { CustodyStatus::Liberated };
                (release, how)
            });
            // Some sentences have no known release date yet (remand, life sentences).
            let expected = (leaves.is_none() && sim.rng.random_bool(0.8)).then_some(release);
            let age = sim.rng.random_range(19..62);
            let dob = NaiveDate::from_ymd_opt(admitted.year() - age, sim.rng.random_range(1..=12), sim.rng.random_range(1..=28))
                .expect("valid date");
            let details = ParticipantDetails {
                kind: ParticipantKind::InCustody,
                prison_number: Some(number.to_string()),
                given_name: GIVEN.choose(&mut sim.rng).expect("names").to_string(),
                family_name: FAMILY.choose(&mut sim.rng).expect("names").to_string(),
                date_of_birth: Some(dob),
                location: Some(HALLS[sim.rng.random_range(0..4 + sim.index % 3)].to_string()),
                expected_liberation: expected,
                printed_name: None,
            };
            let engagement = sim.rng.random_range(0.55..0.97);
            sim.people.push(PlannedPerson { details, admitted, leaves, engagement });
        };
        for _ in 0..400 {
            arrive(self, self.from);
        }
        // Names every screen and certificate must get right, in custody at the end.
        for (i, (given, family, printed)) in SHOWCASE.iter().enumerate().filter(|_| self.index == 0) {
            let p = &mut self.people[i];
            p.details.given_name = given.to_string();
            p.details.family_name = family.to_string();
            p.details.printed_name = printed.map(str::to_string);
            p.leaves = None;
            p.details.expected_liberation = Some(self.until + Days::new(10 + 9 * i as u64));
        }
        // Average stay is about two years: about 4 arrivals a week keep the population level.
        let mut day = self.from;
        while day < self.until {
            for _ in 0..self.rng.random_range(2..7) {
                arrive(self, day);
            }
            day = day + Days::new(7);
        }
        // A few staff learn alongside prisoners (Recovery College).
        for i in 0..4 {
            self.people.push(PlannedPerson {
                details: ParticipantDetails {
                    kind: ParticipantKind::Staff,
                    prison_number: None,
                    given_name: ["Morven", "Calum", "Shona", "Ruaridh"][i].to_string(),
                    family_name: ["Mac an t-Saoir", "Dùghallach", "Nicolson", "Ó Ceallaigh"][i].to_string(),
                    date_of_birth: None,
                    location: None,
                    expected_liberation: None,
                    printed_name: None,
                },
                admitted: self.from,
                leaves: None,
                engagement: 0.95,
            });
        }
    }

    fn in_custody_on(&self, person: usize, day: NaiveDate) -> bool {
        let p = &self.people[person];
        p.details.kind == ParticipantKind::InCustody && p.admitted <= day && p.leaves.is_none_or(|(d, _)| day < d)
    }

    fn pick_person(&mut self, day: NaiveDate, taken: &HashSet<usize>) -> Option<usize> {
        for _ in 0..40 {
            let i = self.rng.random_range(0..self.people.len());
            if !taken.contains(&i) && self.in_custody_on(i, day) {
                return Some(i);
            }
        }
        None
    }

    fn ongoing_groups(&mut self) -> Vec<PlannedGroup> {
        let specs: [(&str, GroupKind, Weekday, u32, &str, u32); 13] = [
            ("AA Tuesday meeting", GroupKind::Aa, Weekday::Tue, 1, "18:00", 90),
            ("AA Saturday meeting", GroupKind::Aa, Weekday::Sat, 1, "10:00", 90),
            ("NA Wednesday meeting", GroupKind::Na, Weekday::Wed, 1, "18:00", 90),
            ("NA Sunday meeting", GroupKind::Na, Weekday::Sun, 2, "14:00", 90),
            ("CA meeting", GroupKind::Ca, Weekday::Thu, 2, "18:30", 90),
            ("SMART Recovery (Halls A–B)", GroupKind::SmartRecovery, Weekday::Mon, 1, "14:00", 90),
            ("SMART Recovery (Halls C–D)", GroupKind::SmartRecovery, Weekday::Thu, 1, "10:00", 90),
            ("SMART Recovery for families", GroupKind::SmartRecovery, Weekday::Fri, 2, "14:00", 60),
            ("Recovery Café", GroupKind::RecoveryCafe, Weekday::Fri, 1, "10:00", 120),
            ("Recovery Café (evening)", GroupKind::RecoveryCafe, Weekday::Mon, 2, "18:00", 90),
            ("A Hall satellite group", GroupKind::PeerLed, Weekday::Wed, 1, "10:00", 60),
            ("C Hall satellite group", GroupKind::PeerLed, Weekday::Tue, 1, "10:00", 60),
            ("Recovery walk", GroupKind::Other, Weekday::Sat, 2, "14:00", 60),
        ];
        let mut out = Vec::new();
        for (i, (name, kind, weekday, every, time, minutes)) in specs.into_iter().enumerate() {
            // Some groups began part-way through the period.
            let starts_on = if i % 4 == 3 { self.from + Days::new(self.rng.random_range(30..400)) } else { self.from };
            let details = GroupDetails {
                name: name.to_string(),
                kind,
                location: Some(["Chapel", "Learning Centre", "Visits Hall", "Gym annexe"][i % 4].to_string()),
                starts_on,
                ends_on: None,
                start_time: NaiveTime::parse_from_str(time, "%H:%M").expect("time"),
                duration_minutes: minutes,
                schedule: Some(Schedule { weekday, every_weeks: every }),
                planned_sessions: None,
                completion: None,
                facilitators: Vec::new(),
            };
            let facilitator = if kind.is_mutual_aid() {
                PlannedFacilitator::Volunteer(self.volunteers[(self.index * 5 + i) % self.volunteers.len()])
            } else {
                PlannedFacilitator::Staff(i % 5)
            };
            let target = self.rng.random_range(6..13);
            out.push(self.run_group(details, facilitator, target, 0.03));
        }
        out
    }

    fn programme_cohorts(&mut self) -> Vec<PlannedGroup> {
        let mut out = Vec::new();
        // A 10-week programme every four months, a Recovery College course each year and a
        // MOIR (Moving On In Recovery) course each autumn, the last of each still running.
        let kinds: [(&str, u32, u32, u32, Weekday); 3] = [
            ("10-week Recovery Group Programme", 10, 8, 17, Weekday::Tue),
            (RECOVERY_COLLEGE, 12, 9, 52, Weekday::Wed),
            ("Moving On In Recovery (MOIR)", 8, 6, 52, Weekday::Thu),
        ];
        for (k, (title, planned, min_attended, every_weeks, weekday)) in kinds.into_iter().enumerate() {
            let mut start = self.from + Days::new(21 + 35 * k as u64);
            let mut cohort = 1;
            while start < self.until {
                let details = GroupDetails {
                    name: format!("{title} – cohort {cohort}"),
                    kind: GroupKind::Programme,
                    location: Some("Learning Centre".to_string()),
                    starts_on: start,
                    ends_on: None,
                    start_time: NaiveTime::from_hms_opt(13, 30, 0).expect("time"),
                    duration_minutes: 120,
                    schedule: Some(Schedule { weekday, every_weeks: 1 }),
                    planned_sessions: Some(planned),
                    completion: Some(CompletionRule { min_attended, excuses_regime_absences: true }),
                    facilitators: Vec::new(),
                };
                let mut group = self.run_group(details, PlannedFacilitator::Staff(k), 0, 0.02);
                // A Recovery College cohort has staff learning alongside (HMP Perth: 12 + 2).
                if k == 1 {
                    let staff: Vec<usize> =
                        (0..self.people.len()).filter(|i| self.people[*i].details.kind == ParticipantKind::Staff).take(2).collect();
                    for person in staff {
                        group.enrolments.push(PlannedEnrolment { person, enrolled_on: start, left: None });
                        for s in group.sessions.iter_mut().filter(|s| s.held) {
                            s.marks.push((person, MarkKind::Present, None));
                        }
                    }
                }
                finish_programme(&mut group, self.until);
                out.push(group);
                start = start + Days::new(7 * every_weeks as u64);
                cohort += 1;
            }
        }
        out
    }

    /// Walks a group's meetings in order: people leave (liberation, transfer, withdrawal),
    /// places are filled (ongoing groups) and each held session gets its register.
    fn run_group(&mut self, details: GroupDetails, facilitator: PlannedFacilitator, target: usize, withdraw_rate: f64) -> PlannedGroup {
        let schedule = details.schedule.expect("demo groups have schedules");
        let horizon = self.until + Days::new(28);
        let mut dates = meeting_dates(schedule, details.starts_on, details.ends_on, details.starts_on, horizon);
        if let Some(planned) = details.planned_sessions {
            dates.truncate(planned as usize + 3);
        }
        let mut enrolments: Vec<PlannedEnrolment> = Vec::new();
        let mut open: BTreeMap<usize, usize> = BTreeMap::new(); // person -> enrolment index
        if details.kind == GroupKind::Programme {
            let size = self.rng.random_range(9..13);
            for _ in 0..size {
                let taken: HashSet<usize> = open.keys().copied().collect();
                if let Some(p) = self.pick_person(details.starts_on, &taken) {
                    open.insert(p, enrolments.len());
                    enrolments.push(PlannedEnrolment { person: p, enrolled_on: details.starts_on, left: None });
                }
            }
        }
        let mut sessions = Vec::new();
        let mut held_count = 0u32;
        for day in dates {
            if details.planned_sessions.is_some_and(|n| held_count >= n) {
                break;
            }
            // Leavers since the last meeting.
            let leaving: Vec<usize> = open.keys().copied().collect();
            for p in leaving {
                if let Some((d, how)) = self.people[p].leaves.filter(|(d, _)| *d <= day) {
                    let e = open.remove(&p).expect("open");
                    let reason = if how == CustodyStatus::Liberated { LeavingReason::Liberated } else { LeavingReason::Transferred };
                    enrolments[e].left = Some((d.max(enrolments[e].enrolled_on), reason));
                } else if day <= self.until && self.rng.random_bool(withdraw_rate) {
                    let e = open.remove(&p).expect("open");
                    let reason = if self.rng.random_bool(0.85) { LeavingReason::Withdrew } else { LeavingReason::Removed };
                    enrolments[e].left = Some((day.max(enrolments[e].enrolled_on), reason));
                }
            }
            // New starters keep an ongoing group at its usual size.
            while open.len() < target && day <= self.until {
                let taken: HashSet<usize> = open.keys().copied().collect();
                let Some(p) = self.pick_person(day, &taken) else { break };
                open.insert(p, enrolments.len());
                enrolments.push(PlannedEnrolment { person: p, enrolled_on: day, left: None });
            }
            let iso = day.iso_week();
            let cancelled = if self.lockdown_weeks.contains(&(iso.year(), iso.week())) && day < self.until {
                Some(CancellationReason::Lockdown)
            } else if day < self.until && self.rng.random_bool(0.05) {
                Some(
                    *[
                        CancellationReason::StaffShortage,
                        CancellationReason::StaffShortage,
                        CancellationReason::RoomUnavailable,
                        CancellationReason::FacilitatorNotCleared,
                    ]
                    .choose(&mut self.rng)
                    .expect("reasons"),
                )
            } else {
                None
            };
            let held = cancelled.is_none() && day < self.until;
            let mut marks = Vec::new();
            if held {
                held_count += 1;
                let mut members: Vec<usize> = open.keys().copied().collect();
                members.sort_unstable();
                for p in members {
                    marks.push(self.mark_for(p));
                }
            }
            if cancelled.is_none() && !held {
                held_count += 1; // planned ahead, counts towards a programme's length
            }
            sessions.push(PlannedSession { on: day, cancelled, marks, held });
        }
        PlannedGroup { details, facilitator, enrolments, sessions }
    }

    fn mark_for(&mut self, p: usize) -> (usize, MarkKind, Option<AbsenceReason>) {
        use AbsenceReason::*;
        if self.rng.random_bool(self.people[p].engagement) {
            let r: f64 = self.rng.random();
            let kind = if r < 0.06 {
                MarkKind::Late
            } else if r < 0.09 {
                MarkKind::LeftEarly
            } else {
                MarkKind::Present
            };
            return (p, kind, None);
        }
        let reasons: [(AbsenceReason, u32); 12] = [
            (NotUnlocked, 28),
            (ChoseNotToAttend, 22),
            (Healthcare, 10),
            (LegalVisit, 8),
            (Work, 8),
            (Education, 5),
            (NoEscort, 5),
            (Unwell, 5),
            (Refused, 3),
            (Court, 3),
            (Visit, 2),
            (StaffShortage, 1),
        ];
        let total: u32 = reasons.iter().map(|r| r.1).sum();
        let mut pick = self.rng.random_range(0..total);
        for (reason, weight) in reasons {
            if pick < weight {
                return (p, MarkKind::Absent, Some(reason));
            }
            pick -= weight;
        }
        (p, MarkKind::Absent, Some(Other))
    }
}

/// After a programme's last held session, those still enrolled leave: "completed" if they met
/// the rule, otherwise "other". A cohort still running keeps its roster open.
fn finish_programme(group: &mut PlannedGroup, until: NaiveDate) {
    let Some(last) = group.sessions.iter().filter(|s| s.cancelled.is_none()).map(|s| s.on).max() else { return };
    if last >= until {
        return;
    }
    let rule = group.details.completion.expect("programmes have a rule");
    let left_on = last + Days::new(1);
    for e in group.enrolments.iter_mut().filter(|e| e.left.is_none()) {
        let attended = group.sessions.iter().flat_map(|s| s.marks.iter()).filter(|(p, m, _)| *p == e.person && m.attended()).count() as u32;
        let reason = if attended >= rule.min_attended { LeavingReason::Completed } else { LeavingReason::Other };
        e.left = Some((left_on, reason));
    }
}
