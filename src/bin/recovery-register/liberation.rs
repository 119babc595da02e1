//! `service`, `liberation`, `referral` and `passport`: community services, liberation plans, the
//! countdown and follow-up lists, and the recovery passport.

use crate::exchange::{ImportArgs, Kind};
use crate::output::{say, Out};
use crate::{date_or_today, establishment_id};
use anyhow::{anyhow, bail, Result};
use clap::{Args, Subcommand};
use recovery_register::dates::{self, display};
use recovery_register::model::*;
use recovery_register::rules::liberation::Outcome;
use recovery_register::store::{FollowUp, LiberationDue, LiberationPlan, ReferralLine};
use recovery_register::{Actor, Store};
use std::path::PathBuf;

#[derive(Subcommand, Debug)]
pub enum ServiceCommand {
    /// The directory, by area then name
    List {
        /// Only this area (case and accents ignored)
        #[arg(long)]
        area: Option<String>,
        /// Include services marked as no longer running
        #[arg(long)]
        all: bool,
    },
    /// Add a service to the directory
    Add(ServiceArgs),
    /// Import services from a spreadsheet, CSV or .xlsx, as `import services` does (see
    /// `import services --fields`); a row matching a service held (name and area) updates it
    Import {
        file: PathBuf,
        /// Check the file and say what would change; save nothing
        #[arg(long)]
        dry_run: bool,
        /// Which column is which, where the header does not say: "Header=field" (repeatable)
        #[arg(long = "map", value_name = "HEADER=FIELD")]
        map: Vec<String>,
    },
}

#[derive(Args, Debug)]
pub struct ServiceArgs {
    #[arg(long)]
    pub name: String,
    /// recovery_hub, lived_experience, recovery_cafe, mutual_aid, residential_rehab, other
    #[arg(long, value_parser = crate::args::parse_coded::<ServiceKind>)]
    pub kind: ServiceKind,
    #[arg(long)]
    pub area: String,
    #[arg(long)]
    pub address: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub website: Option<String>,
    /// When it meets or opens ("Tuesdays 7–8.30pm")
    #[arg(long)]
    pub meets: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum LiberationCommand {
    /// Who is due out in the next 8 weeks (or whose date passed), with what is missing
    Due {
        #[arg(long)]
        establishment: Option<String>,
    },
    /// Who was liberated or transferred in the last 7 weeks, and how their referrals went
    FollowUp {
        #[arg(long)]
        establishment: Option<String>,
    },
    /// Show a person's plan, or set the expected date and home area
    Plan {
        /// Prison number, name or id
        person: String,
        #[arg(long)]
        expected: Option<String>,
        #[arg(long)]
        home_area: Option<String>,
    },
    /// Record consent to share information with named services
    Consent {
        person: String,
        /// The date consent was given (default today)
        #[arg(long)]
        given: Option<String>,
        /// What may be shared, in the person's words
        #[arg(long)]
        scope: String,
        /// A service it covers (name or id); repeat for more
        #[arg(long = "service", required = true)]
        services: Vec<String>,
    },
    /// Record a meeting about release: before_liberation, home_leave, after_liberation
    Meeting {
        person: String,
        #[arg(long, value_parser = crate::args::parse_coded::<MeetingKind>)]
        kind: MeetingKind,
        #[arg(long)]
        on: Option<String>,
        /// A service that took part (name or id)
        #[arg(long)]
        service: Option<String>,
        #[arg(long)]
        notes: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum ReferralCommand {
    /// Refer a person to a service
    Add {
        person: String,
        /// The service (name or id)
        #[arg(long)]
        service: String,
        #[arg(long)]
        on: Option<String>,
        /// The person's details were passed to the service (needs their consent naming it)
        #[arg(long)]
        share: bool,
        #[arg(long)]
        notes: Option<String>,
    },
    /// Move a referral on: accepted, first_contact, engaged, declined, lost_contact
    Update {
        referral: String,
        #[arg(long, value_parser = crate::args::parse_coded::<ReferralStatus>)]
        status: ReferralStatus,
        #[arg(long)]
        on: Option<String>,
    },
    /// A person's referrals
    List { person: String },
}

/// A service by id, or by name (case and accents ignored) when only one has it.
fn service_named(store: &Store, actor: &Actor, key: &str) -> Result<CommunityService> {
    let all = store.services(actor, None, true)?;
    let wanted = key.trim();
    let folded = recovery_register::text::fold(wanted);
    let found: Vec<&CommunityService> =
        all.iter().filter(|s| s.id.to_string() == wanted || recovery_register::text::fold(&s.name) == folded).collect();
    match found.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(recovery_register::Error::not_found("service", wanted).into()),
        many => {
            let areas: Vec<&str> = many.iter().map(|s| s.area.as_str()).collect();
            bail!("--service: '{wanted}' is the name of {} services ({}); give the id (see `service list`)", many.len(), areas.join(", "))
        }
    }
}

pub fn service(store: &mut Store, actor: &Actor, command: ServiceCommand, out: &Out) -> Result<()> {
    match command {
        ServiceCommand::List { area, all } => {
            let list = store.services(actor, area.as_deref(), all)?;
            if out.json {
                return {
                    out.json(&list);
                    Ok(())
                };
            }
            for s in &list {
                let contact = [s.phone.as_deref(), s.email.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(", ");
                let gone = if s.active { "" } else { " (no longer running)" };
                say!(
                    "{}\t{}\t{}{gone}\t{}\t{}\t{}",
                    s.area,
                    s.name,
                    s.kind.label(),
                    contact,
                    s.meeting_times.as_deref().unwrap_or("").replace('\n', "; "),
                    s.id
                );
            }
        }
        ServiceCommand::Add(a) => {
            let details = ServiceDetails {
                name: a.name,
                kind: Some(a.kind),
                area: a.area,
                address: a.address,
                phone: a.phone,
                email: a.email,
                website: a.website,
                meeting_times: a.meets,
                notes: a.notes,
                active: true,
            };
            let s = store.add_service(actor, &details)?;
            if out.json {
                return {
                    out.json(&s);
                    Ok(())
                };
            }
            say!("Added {} ({}, {}): {}", s.name, s.kind.label(), s.area, s.id);
        }
        ServiceCommand::Import { file, dry_run, map } => {
            let args = ImportArgs { kind: Kind::Services, file: Some(file), establishment: None, dry_run, map, fields: false };
            crate::exchange::import(store, actor, args, out)?;
        }
    }
    Ok(())
}

pub fn liberation(store: &mut Store, actor: &Actor, command: LiberationCommand, out: &Out) -> Result<()> {
    match command {
        LiberationCommand::Due { establishment } => {
            let list = store.due_for_liberation(actor, establishment_id(store, actor, &establishment)?)?;
            if out.json {
                return {
                    out.json(&list);
                    Ok(())
                };
            }
            if list.is_empty() {
                say!("Nobody is due for liberation in the next 8 weeks.");
            }
            for LiberationDue { participant: p, home_area, countdown } in &list {
                say!(
                    "{}\t{}\t{} ({})\t{}",
                    p.prison_number.as_deref().unwrap_or(""),
                    p.full_name(),
                    display(countdown.expected_liberation),
                    countdown.to_go_words,
                    home_area.as_deref().unwrap_or("home area not recorded")
                );
                for t in &countdown.tasks {
                    say!("\t{}: {}", t.missing, t.words);
                }
            }
        }
        LiberationCommand::FollowUp { establishment } => {
            let list = store.follow_up(actor, establishment_id(store, actor, &establishment)?)?;
            if out.json {
                return {
                    out.json(&list);
                    Ok(())
                };
            }
            if list.is_empty() {
                say!("Nobody was liberated or transferred in the last 7 weeks.");
            }
            for FollowUp { participant: p, status, since, outcome, referrals, .. } in &list {
                let outcome = outcome.map(|o| outcome_words(&o)).unwrap_or_else(|| "the plan goes with them".to_string());
                say!(
                    "{}\t{}\t{} {}\t{}",
                    p.prison_number.as_deref().unwrap_or(""),
                    p.full_name(),
                    status.label(),
                    display(*since),
                    outcome
                );
                for r in referrals {
                    say!("\t{}: {}", r.service.name, r.referral.status().label());
                }
            }
        }
        LiberationCommand::Plan { person, expected, home_area } => {
            let p = store.participant_by_key(actor, &person, None)?;
            let plan = if expected.is_some() || home_area.is_some() {
                let current = store.liberation_plan(actor, p.id)?;
                let details = PlanDetails {
                    expected_liberation: match expected.as_deref() {
                        Some("") => None,
                        Some(d) => Some(dates::parse("--expected", d)?),
                        None => current.participant.expected_liberation,
                    },
                    home_area: home_area.or(current.home_area),
                };
                store.set_liberation_plan(actor, p.id, &details)?
            } else {
                store.liberation_plan(actor, p.id)?
            };
            show_plan(&plan, out);
        }
        LiberationCommand::Consent { person, given, scope, services } => {
            let p = store.participant_by_key(actor, &person, None)?;
            let services = services.iter().map(|s| service_named(store, actor, s).map(|s| s.id)).collect::<Result<Vec<_>>>()?;
            let details = ConsentDetails { given_on: date_or_today(store, "--given", &given)?, scope, services };
            let c = store.record_consent(actor, p.id, &details)?;
            if out.json {
                return {
                    out.json(&c);
                    Ok(())
                };
            }
            say!("Consent recorded from {} for {} service(s): {}", display(c.given_on), c.services.len(), c.id);
        }
        LiberationCommand::Meeting { person, kind, on, service, notes } => {
            let p = store.participant_by_key(actor, &person, None)?;
            let service_id = service.map(|s| service_named(store, actor, &s).map(|s| s.id)).transpose()?;
            let details = MeetingDetails { held_on: date_or_today(store, "--on", &on)?, kind, service_id, notes };
            let m = store.add_meeting(actor, p.id, &details)?;
            if out.json {
                return {
                    out.json(&m);
                    Ok(())
                };
            }
            say!("Meeting recorded: {} on {}", m.details.kind.label(), display(m.details.held_on));
        }
    }
    Ok(())
}

pub fn referral(store: &mut Store, actor: &Actor, command: ReferralCommand, out: &Out) -> Result<()> {
    let lines: Vec<ReferralLine> = match command {
        ReferralCommand::Add { person, service, on, share, notes } => {
            let p = store.participant_by_key(actor, &person, None)?;
            let s = service_named(store, actor, &service)?;
            let details =
                ReferralDetails { service_id: s.id, referred_on: date_or_today(store, "--on", &on)?, details_shared: share, notes };
            vec![store.refer(actor, p.id, &details)?]
        }
        ReferralCommand::Update { referral, status, on } => {
            let id: ReferralId =
                referral.parse().map_err(|_| anyhow!("referral: '{referral}' is not a referral id (see `referral list`)"))?;
            let step = ReferralStep { status, on: date_or_today(store, "--on", &on)? };
            vec![store.update_referral(actor, id, step)?]
        }
        ReferralCommand::List { person } => {
            let p = store.participant_by_key(actor, &person, None)?;
            store.liberation_plan(actor, p.id)?.referrals
        }
    };
    if out.json {
        return {
            out.json(&lines);
            Ok(())
        };
    }
    for l in &lines {
        print_referral(l);
    }
    Ok(())
}

/// Writes the recovery passport PDF for a person.
pub fn passport(store: &mut Store, actor: &Actor, person: &str, pdf: &std::path::Path, name_prison: bool, out: &Out) -> Result<()> {
    let p = store.participant_by_key(actor, person, None)?;
    let document = recovery_register::documents::Document::Passport { person: p.id, name_prison };
    store.export(actor, &document, recovery_register::documents::Format::Pdf, pdf)?;
    if out.json {
        out.json(&serde_json::json!({ "written": [pdf] }));
    } else {
        say!("Written: {}", pdf.display());
    }
    Ok(())
}

fn print_referral(l: &ReferralLine) {
    let r = &l.referral;
    let steps: Vec<String> = r.steps.iter().map(|s| format!("{} {}", s.status.label(), display(s.on))).collect();
    let shared = if r.details_shared { "details shared" } else { "details not shared" };
    say!("{}\t{} ({})\t{}\t{}\t{}", r.id, l.service.name, l.service.area, r.status().label(), shared, steps.join(" → "));
}

pub fn outcome_words(o: &Outcome) -> String {
    match o {
        Outcome::Engaged { on } => format!("engaged on {} (within 3 weeks)", display(*on)),
        Outcome::Open { until } => format!("not engaged yet; the 3 weeks run to {}", display(*until)),
        Outcome::NotEngaged { ended } => format!("not engaged within 3 weeks (ended {})", display(*ended)),
    }
}

fn show_plan(plan: &LiberationPlan, out: &Out) {
    if out.json {
        return out.json(plan);
    }
    let p = &plan.participant;
    say!("{} ({})", p.full_name(), p.prison_number.as_deref().unwrap_or(""));
    say!("Expected liberation: {}", p.expected_liberation.map(display).unwrap_or_else(|| "not known".into()));
    say!("Home area: {}", plan.home_area.as_deref().unwrap_or("not recorded"));
    if let Some(c) = &plan.countdown {
        say!("Due {}", c.to_go_words);
        for t in &c.tasks {
            say!("\t{}: {}", t.missing, t.words);
        }
    }
    if let (Some(on), Some(o)) = (plan.liberated_on, &plan.outcome) {
        say!("Liberated {}: {}", display(on), outcome_words(o));
    }
    for c in &plan.consents {
        let withdrawn = c.withdrawn_on.map(|w| format!(", withdrawn {}", display(w))).unwrap_or_default();
        say!("Consent from {}{withdrawn}: {} ({} service(s))", display(c.given_on), c.scope, c.services.len());
    }
    for r in &plan.referrals {
        print_referral(r);
    }
    for m in &plan.meetings {
        say!("Meeting {}: {}", display(m.details.held_on), m.details.kind.label());
    }
}
