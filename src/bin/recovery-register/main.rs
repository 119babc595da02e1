//! `recovery-register`: the headless command line over the same core as the desktop app.
//! It only translates: arguments to core calls, results to text or JSON.

mod args;
mod auth;
mod exchange;
mod intake;
mod liberation;
mod output;
mod peers;
mod svq;

use anyhow::{Context, Result};
use args::*;
use clap::Parser;
use output::{say, Out};
use rand::TryRngCore;
use recovery_register::access::{self, Start};
use recovery_register::backup;
use recovery_register::demo::{self, Scale};
use recovery_register::documents::{Document, Format};
use recovery_register::keys::RecoveryKey;
use recovery_register::model::*;
use recovery_register::printing::Output;
use recovery_register::reports::template::{ColumnTemplate, TemplateColumn};
use recovery_register::reports::{csv::Disclosure, Month};
use recovery_register::store::transfers::TransferTo;
use recovery_register::store::ParticipantFilter;
use recovery_register::store::{Action, AuditFilter, NewAccount};
use recovery_register::views::Period;
use recovery_register::{dates, paths, Actor, Role, Store};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("RECOVERY_REGISTER_LOG").unwrap_or_else(|_| "warn".into()))
        .with_writer(std::io::stderr)
        .init();
    let out = Out { json: cli.json };
    match run(cli, &out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            out.error(&e);
            ExitCode::FAILURE
        }
    }
}

fn database_path(cli: &Cli) -> Result<PathBuf> {
    match &cli.db {
        Some(p) => Ok(p.clone()),
        None => paths::default_database().context("no local data directory on this computer; give --db PATH"),
    }
}

/// The establishment named by `--establishment`, if it was given.
/// A date typed as dd/mm/yyyy or yyyy-mm-dd, or today when none was given.
pub(crate) fn date_or_today(store: &Store, field: &str, raw: &Option<String>) -> Result<chrono::NaiveDate> {
    Ok(match raw {
        Some(d) => dates::parse(field, d)?,
        None => store.today(),
    })
}

/// The one establishment a database holds, for a command that needs one and was given none.
fn only_establishment(store: &Store, actor: &Actor) -> Result<EstablishmentId> {
    match store.establishments(actor)?.as_slice() {
        [one] => Ok(one.id),
        [] => Err(anyhow::anyhow!("--establishment: this database has no establishment yet")),
        _ => Err(anyhow::anyhow!("--establishment: this database holds several establishments; say which (its code)")),
    }
}

pub(crate) fn establishment_id(store: &Store, actor: &Actor, key: &Option<String>) -> Result<Option<EstablishmentId>> {
    Ok(key.as_deref().map(|k| store.establishment(actor, k)).transpose()?.map(|e| e.id))
}

/// The establishment named, or the database's only one when none was named.
fn the_establishment(store: &Store, actor: &Actor, key: &Option<String>) -> Result<EstablishmentId> {
    match establishment_id(store, actor, key)? {
        Some(id) => Ok(id),
        None => only_establishment(store, actor),
    }
}

type CustodyChange = fn(&mut Store, &Actor, ParticipantId, chrono::NaiveDate) -> recovery_register::Result<Participant>;

fn custody(store: &mut Store, actor: &Actor, c: &CustodyArgs, change: CustodyChange) -> Result<Participant> {
    let est = establishment_id(store, actor, &c.establishment)?;
    let p = store.participant_by_key(actor, &c.person, est)?;
    let on = match &c.on {
        Some(d) => dates::parse("--on", d)?,
        None => store.today(),
    };
    Ok(change(store, actor, p.id, on)?)
}

fn run(cli: Cli, out: &Out) -> Result<()> {
    let database = database_path(&cli)?;
    // A demo that sets the database up shows the administrator's password and recovery key.
    let mut shown: Option<(String, Option<zeroize::Zeroizing<String>>, RecoveryKey)> = None;
    let (mut store, actor) = match &cli.command {
        Command::Where => {
            out.path(&Some(database));
            return Ok(());
        }
        Command::Team { command: TeamCommand::Join { from } } => {
            let passphrase = auth::secret("RECOVERY_REGISTER_PASSPHRASE", "Passphrase shown on the other PC")?;
            let name = recovery_register::store::team::join_team(from, &passphrase, &database)?;
            out.said(&format!("This PC is now \"{name}\" in the team. Its administrators log in with their own passwords."));
            return Ok(());
        }
        // Made-up files need no database and no log-in.
        Command::SampleSheets(_) => {
            let Command::SampleSheets(a) = cli.command else { unreachable!() };
            let today = match &cli.today {
                Some(t) => dates::parse("--today", t)?,
                None => dates::today(),
            };
            return exchange::sample_sheets(a, today);
        }
        Command::Setup { username, name } => {
            let password = auth::new_secret("RECOVERY_REGISTER_PASSWORD", "Password for the new administrator")?;
            let made = access::set_up(&database, username, name, &password, auth::key_cost(&cli)?)?;
            out.set_up(&database, username, None, &made.recovery_key);
            return Ok(());
        }
        Command::Recover { username } => {
            let key = RecoveryKey::parse(&auth::secret("RECOVERY_REGISTER_RECOVERY_KEY", "Recovery key")?)?;
            let password = auth::new_secret("RECOVERY_REGISTER_NEW_PASSWORD", "New password")?;
            access::recover(&database, &key, username, &password)?;
            out.done(&format!("{username} has a new password; log in with it."));
            return Ok(());
        }
        // The demo on a new database sets up its administrator first.
        Command::Demo { .. } if access::start(&database)? == Start::SetUp => {
            let username = cli.user.clone().unwrap_or_else(|| "administrator".to_string());
            let (password, made_up) = match std::env::var("RECOVERY_REGISTER_PASSWORD") {
                Ok(p) => (zeroize::Zeroizing::new(p), false),
                Err(_) => (zeroize::Zeroizing::new(RecoveryKey::parse(&made_up_password()?)?.as_str().to_lowercase()), true),
            };
            let made = access::set_up(&database, &username, "Demonstration Administrator", &password, auth::key_cost(&cli)?)?;
            shown = Some((username, made_up.then_some(password), made.recovery_key.clone()));
            let mut store = made.store;
            auth::pin_today(&cli, &mut store)?;
            (store, made.actor)
        }
        _ => auth::log_in(&cli, &database)?,
    };
    let actor = &actor;
    let est_of = |store: &Store, key: &Option<String>| establishment_id(store, actor, key);
    // A joining file's passphrase is derived as cheaply as the key only in a rehearsal.
    let passphrase_cost = if matches!(auth::key_cost(&cli)?, recovery_register::keys::Cost::MINIMUM) {
        recovery_register::change_file::PassphraseCost::MINIMUM
    } else {
        recovery_register::change_file::PassphraseCost::STANDARD
    };
    match cli.command {
        Command::Establishment { command } => match command {
            EstablishmentCommand::Add { code, name } => {
                let e = store.add_establishment(actor, &NewEstablishment { code, name })?;
                out.establishments(&[e]);
            }
            EstablishmentCommand::List => out.establishments(&store.establishments(actor)?),
        },
        Command::Participant { command } => match command {
            ParticipantCommand::Add(a) => {
                let est = store.establishment(actor, &a.establishment)?;
                let details = a.details()?;
                let p = store.add_participant(actor, est.id, &details)?;
                out.participants(&[p]);
            }
            ParticipantCommand::Edit(a) => {
                let est = est_of(&store, &a.establishment)?;
                let p = store.participant_by_key(actor, &a.person, est)?;
                let details = a.apply(&p)?;
                out.participants(&[store.edit_participant(actor, p.id, &details)?]);
            }
            ParticipantCommand::List { establishment, status } => {
                let filter = ParticipantFilter { establishment_id: est_of(&store, &establishment)?, status, kind: None };
                out.participants(&store.participants(actor, &filter)?);
            }
            ParticipantCommand::Find { query, establishment, limit } => {
                let est = est_of(&store, &establishment)?;
                out.participants(&store.find_participants(actor, &query.join(" "), est, limit)?);
            }
            ParticipantCommand::Show { person, establishment } => {
                let p = store.participant_by_key(actor, &person, est_of(&store, &establishment)?)?;
                out.participant_page(&store.participant_page(actor, p.id)?);
            }
            ParticipantCommand::WhoLooked { person, establishment } => {
                let p = store.participant_by_key(actor, &person, est_of(&store, &establishment)?)?;
                out.person_audit(&store.audit_of_person(actor, p.id)?);
            }
            ParticipantCommand::Liberate(c) => out.participants(&[custody(&mut store, actor, &c, Store::liberate)?]),
            ParticipantCommand::Transfer(c) => out.participants(&[custody(&mut store, actor, &c, Store::transfer)?]),
            ParticipantCommand::HomeLeave(c) => out.participants(&[custody(&mut store, actor, &c, Store::start_home_leave)?]),
            ParticipantCommand::Readmit(c) => out.participants(&[custody(&mut store, actor, &c, Store::readmit)?]),
        },
        Command::Facilitator { command } => match command {
            FacilitatorCommand::Add { name, kind, organisation } => {
                out.facilitators(&[store.add_facilitator(actor, &NewFacilitator { name, kind, organisation })?]);
            }
            FacilitatorCommand::List => out.facilitators(&store.facilitators(actor)?),
            FacilitatorCommand::Qualify { facilitator, course, training, on } => {
                let f = facilitator_named(&store, actor, &facilitator)?;
                let qualified_on = date_or_today(&store, "--on", &on)?;
                store.record_qualification(actor, f.id, &QualificationDetails { course, training, qualified_on })?;
                peers::qualifications(&store, actor, out)?;
            }
            FacilitatorCommand::Qualifications => peers::qualifications(&store, actor, out)?,
        },
        Command::Peer { command } => peers::run(&mut store, actor, command, out)?,
        Command::Clearance { command } => clearance(&mut store, actor, command, out)?,
        Command::Group { command } => match command {
            GroupCommand::Add(a) => {
                let est = store.establishment(actor, &a.establishment)?;
                let details = a.details()?;
                out.groups(&[store.add_group(actor, est.id, &details)?]);
            }
            GroupCommand::Require { group, course, none: _, establishment } => {
                let g = store.group_by_key(actor, &group, est_of(&store, &establishment)?)?;
                out.groups(&[store.require_course(actor, g.id, course.as_deref())?]);
            }
            GroupCommand::List { establishment } => out.groups(&store.groups(actor, est_of(&store, &establishment)?)?),
            GroupCommand::Show { group, establishment } => {
                let g = store.group_by_key(actor, &group, est_of(&store, &establishment)?)?;
                out.group_page(&store.group_page(actor, g.id)?);
            }
            GroupCommand::Enrol { group, people, on, establishment } => {
                let est = est_of(&store, &establishment)?;
                let g = store.group_by_key(actor, &group, est)?;
                let on = date_or_today(&store, "--on", &on)?;
                // Everyone named is found first, then enrolled in one transaction: all or none.
                let ids = people
                    .iter()
                    .map(|key| store.participant_by_key(actor, key, Some(g.establishment_id)).map(|p| p.id))
                    .collect::<recovery_register::Result<Vec<_>>>()?;
                out.enrolments(&store.enrol_many(actor, g.id, &ids, on)?);
            }
            GroupCommand::Leave { group, person, on, reason, note, establishment } => {
                let est = est_of(&store, &establishment)?;
                let g = store.group_by_key(actor, &group, est)?;
                let p = store.participant_by_key(actor, &person, Some(g.establishment_id))?;
                let on = date_or_today(&store, "--on", &on)?;
                out.enrolments(&[store.leave(actor, g.id, p.id, on, reason, note.as_deref())?]);
            }
        },
        Command::Session { command } => match command {
            SessionCommand::Generate { group, from, to, establishment } => {
                let g = store.group_by_key(actor, &group, est_of(&store, &establishment)?)?;
                let from = date_or_today(&store, "--from", &from)?;
                let to = dates::parse("--to", &to)?;
                out.sessions_created(&store.generate_sessions(actor, g.id, from, to)?);
            }
            SessionCommand::Add { group, on, time, establishment } => {
                let g = store.group_by_key(actor, &group, est_of(&store, &establishment)?)?;
                let on = dates::parse("--on", &on)?;
                let time = time.map(|t| dates::parse_time(&t)).transpose().map_err(|e| anyhow::anyhow!("--time: {e}"))?;
                out.sessions_created(&[store.add_session(actor, g.id, on, time)?]);
            }
            SessionCommand::Cancel { session, reason, note } => {
                let id = session.resolve(&store, actor)?;
                out.session(&store.cancel_session(actor, id, reason, note.as_deref())?);
            }
            SessionCommand::Reinstate { session } => {
                let id = session.resolve(&store, actor)?;
                out.session(&store.reinstate_session(actor, id)?);
            }
            SessionCommand::Log { session, held, topic, notes, facilitator } => {
                let id = session.resolve(&store, actor)?;
                let facilitators = facilitator
                    .iter()
                    .map(|f| f.parse())
                    .collect::<Result<Vec<FacilitatorId>, _>>()
                    .map_err(|e| anyhow::anyhow!("--facilitator: not an id ({e})"))?;
                let log = SessionLog { topic, notes, facilitators };
                out.session(&store.log_session(actor, id, &log, held)?);
            }
            SessionCommand::HeldUncleared { session, reason, confirm } => {
                let id = session.resolve(&store, actor)?;
                out.session(&store.record_held_uncleared(actor, id, &reason, confirm)?);
            }
            SessionCommand::List { group, establishment, from, to } => {
                let est = est_of(&store, &establishment)?;
                let group = group.map(|g| store.group_by_key(actor, &g, est)).transpose()?.map(|g| g.id);
                let today = store.today();
                let from = match from {
                    Some(d) => dates::parse("--from", &d)?,
                    None => today,
                };
                let to = match to {
                    Some(d) => dates::parse("--to", &d)?,
                    None => from + chrono::Days::new(6),
                };
                out.session_list(&store.sessions(actor, group, est, from, to)?);
            }
        },
        Command::Team { command } => team(&mut store, actor, &command, passphrase_cost, out)?,
        Command::Figures { command } => match command {
            FiguresCommand::Send { establishment, month, to_office, to } => {
                let month = Month::chosen_or_last("--month", month.as_deref(), store.today())?;
                let sent = store.send_figures(actor, &establishment, month, &to_office, &to)?;
                out.said(&format!(
                    "{}'s figures for {} sealed to {}: {} sessions held, {} named attendances.",
                    sent.name,
                    month.label(),
                    to_office.to_ascii_uppercase(),
                    sent.totals.sessions_held,
                    sent.totals.named_attendances()
                ));
            }
            FiguresCommand::Receive { file } => {
                let taken = store.take_in_figures(actor, &file)?;
                let what = if taken.older {
                    "older than the figures held: nothing changed"
                } else if taken.replaced {
                    "taken in, replacing those sent before"
                } else {
                    "taken in"
                };
                out.said(&format!("{} {}: {what}.", taken.code, taken.month));
            }
        },
        Command::Transfer { command } => match command {
            TransferCommand::Pack { person, to_establishment, consent_given, to } => {
                let p = store.participant_by_key(actor, &person, None)?;
                let consent_given_on = consent_given.map(|d| dates::parse("--consent-given", &d)).transpose()?;
                let made = store.make_transfer_pack(actor, p.id, &TransferTo { to: to_establishment, consent_given_on }, &to)?;
                out.said(&format!(
                    "Transfer pack for {} sealed to {} ({}): {} groups, {} awards, {} earlier establishments.",
                    p.name_as_printed(),
                    made.to_name,
                    made.to,
                    made.groups,
                    made.awards,
                    made.earlier
                ));
            }
            TransferCommand::Receive { file } => {
                let taken = store.take_in_transfer_pack(actor, &file)?;
                let what = if taken.already {
                    "taken in before: nothing changed"
                } else if taken.added {
                    "added here, with their history"
                } else {
                    "matched to their record here, with their history"
                };
                out.said(&format!("{} from {}: {what}.", taken.name, taken.from));
            }
        },
        Command::Card { command } => match command {
            CardCommand::Make { establishment, national, to } => {
                let card = store.save_own_card(actor, establishment.as_deref(), national.as_deref(), &to)?;
                out.cards(&[recovery_register::store::cards::CardLine::of(&card, true)]);
            }
            CardCommand::Add { file, replace } => {
                let bytes = recovery_register::files::read_bounded(&file, recovery_register::card::MAX_FILE)?;
                out.cards(&[store.add_card(actor, &bytes, replace)?]);
            }
            CardCommand::List => out.cards(&store.cards(actor)?),
        },
        Command::Event { command } => match command {
            EventCommand::Add { establishment, kind, title, on, time, place } => {
                let establishment = the_establishment(&store, actor, &establishment)?;
                let start_time = dates::parse_time(&time).map_err(|e| anyhow::anyhow!("--time: {e}"))?;
                let details = EventDetails { kind, title, held_on: dates::parse("--on", &on)?, start_time, place };
                out.event(&store.add_event(actor, establishment, &details)?);
            }
            EventCommand::List { establishment, from, to } => {
                let establishment = the_establishment(&store, actor, &establishment)?;
                let to = date_or_today(&store, "--to", &to)?;
                let from = match from {
                    Some(d) => dates::parse("--from", &d)?,
                    None => to - chrono::Days::new(27),
                };
                out.events(&store.events(actor, establishment, from, to)?);
            }
        },
        Command::Register { command } => match command {
            RegisterCommand::DropIn { session, person, mark } => {
                let id = session.resolve(&store, actor)?;
                let group = store.session(actor, id)?.group_id;
                let est = store.group(actor, group)?.establishment_id;
                let p = store.participant_by_key(actor, &person, Some(est)).context("--person")?;
                out.register_saved(&store.add_drop_in(actor, id, p.id, mark)?);
            }
            RegisterCommand::Headcount { session, others, visitors, visitors_from } => {
                let id = session.resolve(&store, actor)?;
                let headcount = Headcount { others_present: others, visitors, visitors_from };
                out.register_saved(&store.record_headcount(actor, id, &headcount)?);
            }
            RegisterCommand::Show { session } => {
                let id = session.resolve(&store, actor)?;
                out.register(&store.register(actor, id)?);
            }
            RegisterCommand::Mark { session, marks } => {
                let id = session.resolve(&store, actor)?;
                let group = store.session(actor, id)?.group_id;
                let est = store.group(actor, group)?.establishment_id;
                let mut parsed = Vec::new();
                for (i, m) in marks.iter().enumerate() {
                    let (key, mark) = MarkArg::parse(m).with_context(|| format!("mark {}: '{m}'", i + 1))?;
                    let p = store.participant_by_key(actor, key, Some(est)).with_context(|| format!("mark {}", i + 1))?;
                    parsed.push(Mark { participant_id: p.id, ..mark });
                }
                out.register_saved(&store.take_register(actor, id, &parsed)?);
            }
            RegisterCommand::AllPresent { session } => {
                let id = session.resolve(&store, actor)?;
                out.register_saved(&store.mark_all_present(actor, id)?);
            }
        },
        Command::Award { command } => award(&mut store, actor, command, out)?,
        Command::Svq { command } => svq::run(&mut store, actor, command, out)?,
        Command::Service { command } => liberation::service(&mut store, actor, command, out)?,
        Command::Liberation { command } => liberation::liberation(&mut store, actor, command, out)?,
        Command::Referral { command } => liberation::referral(&mut store, actor, command, out)?,
        Command::ReferralIn { command } => intake::referral_in(&mut store, actor, command, out)?,
        Command::Programme { command } => intake::programme(&mut store, actor, command, out)?,
        Command::Barc10 { command } => intake::capital(&mut store, actor, command, out)?,
        Command::Import(a) => exchange::import(&mut store, actor, a, out)?,
        Command::SampleSheets(_) => unreachable!("handled before logging in"),
        Command::Passport { person, pdf, name_prison } => liberation::passport(&mut store, actor, &person, &pdf, name_prison, out)?,
        Command::ExportPerson { person, establishment, pdf, json_file } => {
            if pdf.is_none() && json_file.is_none() {
                anyhow::bail!("--pdf or --json-file: say where the person's record goes (one or both)");
            }
            let p = store.participant_by_key(actor, &person, est_of(&store, &establishment)?)?;
            let record = store.export_person_record(actor, p.id, pdf.as_deref(), json_file.as_deref())?;
            out.person_record(&record, &[pdf, json_file].into_iter().flatten().collect::<Vec<_>>());
        }
        Command::Report { command } => report(&mut store, actor, command, out)?,
        Command::Backup { command } => {
            let db = database;
            match command {
                BackupCommand::To { file } => out.backups(&[store.back_up_to(actor, &file)?]),
                BackupCommand::Daily => {
                    let made = store.daily_backup(&backup::folder_beside(&db))?;
                    out.backups(made.as_slice());
                }
                BackupCommand::Restore { file, safety_copy } => {
                    let safety = safety_copy.unwrap_or_else(|| backup::safety_copy_beside(&db, store.today()));
                    out.restored(&file, &store.restore_from(actor, &file, &safety)?);
                }
            }
        }
        Command::Demo { scale, seed } => {
            let today = store.today();
            let started = std::time::Instant::now();
            let summary = match scale {
                DemoScale::Establishment => demo::generate(&mut store, actor, Scale::Establishment, seed, today)?,
                DemoScale::National => demo::generate(&mut store, actor, Scale::National, seed, today)?,
                DemoScale::NationalOffice => demo::national_office(&mut store, actor, seed, today)?,
            };
            let set_up = shown.as_ref().map(|(username, password, recovery)| output::SetUpShown {
                database: &database,
                username,
                password: password.as_deref().map(String::as_str),
                recovery,
            });
            out.demo(&summary, started.elapsed(), set_up);
        }
        Command::User { command } => user(&mut store, actor, command, out)?,
        Command::Audit { command } => audit(&mut store, actor, command, out)?,
        Command::Retention { command } => retention(&mut store, actor, command, out)?,
        Command::Where | Command::Setup { .. } | Command::Recover { .. } => unreachable!("handled before logging in"),
    }
    Ok(())
}

/// A facilitator by id or by name (any case).
pub(crate) fn facilitator_named(store: &Store, actor: &Actor, key: &str) -> Result<Facilitator> {
    let all = store.facilitators(actor)?;
    let wanted = key.trim();
    let found: Vec<&Facilitator> = all.iter().filter(|f| f.id.to_string() == wanted || f.name.eq_ignore_ascii_case(wanted)).collect();
    match found.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(recovery_register::Error::not_found("facilitator", wanted).into()),
        _ => Err(anyhow::anyhow!("--facilitator: more than one facilitator is called '{wanted}'; give the id")),
    }
}

fn clearance(store: &mut Store, actor: &Actor, command: ClearanceCommand, out: &Out) -> Result<()> {
    match command {
        ClearanceCommand::Add { facilitator, establishment, details } => {
            let f = facilitator_named(store, actor, &facilitator)?;
            let est = store.establishment(actor, &establishment)?;
            let made = store.add_clearance(actor, f.id, est.id, &details.details()?)?;
            out.clearances(
                &store.clearances(actor, Some(est.id), Some(f.id))?.into_iter().filter(|l| l.clearance.id == made.id).collect::<Vec<_>>(),
            );
        }
        ClearanceCommand::Renew { clearance, details } => {
            let of: ClearanceId =
                clearance.parse().map_err(|_| anyhow::anyhow!("clearance: '{clearance}' is not a clearance id (see `clearance list`)"))?;
            let made = store.renew_clearance(actor, of, &details.details()?)?;
            out.clearances(
                &store
                    .clearances(actor, Some(made.establishment_id), Some(made.facilitator_id))?
                    .into_iter()
                    .filter(|l| l.clearance.id == made.id)
                    .collect::<Vec<_>>(),
            );
        }
        ClearanceCommand::List { establishment, facilitator } => {
            let est = establishment_id(store, actor, &establishment)?;
            let f = facilitator.map(|f| facilitator_named(store, actor, &f)).transpose()?;
            out.clearances(&store.clearances(actor, est, f.map(|f| f.id))?);
        }
        ClearanceCommand::Expiring { establishment } => {
            let est = establishment_id(store, actor, &establishment)?;
            out.clearance_warnings(&store.clearance_warnings(actor, est)?);
        }
        ClearanceCommand::Report { establishment, pdf, csv } => {
            let document = Document::ClearanceReport { establishment: store.establishment(actor, &establishment)?.id };
            let written = export_each(store, actor, &document, [(csv, Format::Csv), (pdf, Format::Pdf)])?;
            if written.is_empty() {
                anyhow::bail!("--pdf or --csv: say where the report goes");
            }
            out.written(&written);
        }
    }
    Ok(())
}

/// A password for the demo's administrator when none was given: 160 random bits, printed once.
fn made_up_password() -> Result<String> {
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.try_fill_bytes(&mut bytes).map_err(|e| anyhow::anyhow!("no random numbers: {e}"))?;
    Ok(data_encoding::BASE32_NOPAD.encode(&bytes))
}

fn user(store: &mut Store, actor: &Actor, command: UserCommand, out: &Out) -> Result<()> {
    match command {
        UserCommand::Add { username, name, role } => {
            let role = match role {
                RoleArg::Administrator => Role::Administrator,
                RoleArg::Caseworker => Role::Caseworker,
                RoleArg::Viewer => Role::Viewer,
            };
            let password = auth::new_secret("RECOVERY_REGISTER_NEW_PASSWORD", &format!("Password for {username}"))?;
            let new = NewAccount { username, display_name: name, role, password: password.to_string() };
            out.accounts(&[store.add_account(actor, &new)?]);
        }
        UserCommand::List => out.accounts(&store.accounts(actor)?),
        UserCommand::Disable { username } => {
            let a = store.account_named(actor, &username)?;
            out.accounts(&[store.set_account_disabled(actor, a.id, true)?]);
        }
        UserCommand::Enable { username } => {
            let a = store.account_named(actor, &username)?;
            out.accounts(&[store.set_account_disabled(actor, a.id, false)?]);
        }
        UserCommand::Password { username } => {
            let other = match username {
                Some(u) => Some(store.account_named(actor, &u)?.id).filter(|id| *id != actor.staff_id()),
                None => None,
            };
            // Your own needs your current password (the one this run logged in with).
            let current = match other {
                Some(_) => None,
                None => Some(auth::secret("RECOVERY_REGISTER_PASSWORD", "Current password")?),
            };
            let password = auth::new_secret("RECOVERY_REGISTER_NEW_PASSWORD", "New password")?;
            match (other, current) {
                (Some(id), _) => store.reset_password(actor, id, &password)?,
                (None, Some(current)) => store.change_password(actor, &current, &password, chrono::Utc::now())?,
                (None, None) => unreachable!("your own password is changed with the current one"),
            }
            out.done("Password changed.");
        }
        UserCommand::NewKey => {
            let changed = store.change_database_key(actor)?;
            out.done(&format!(
                "Database key changed: {} kept, {} left out.",
                recovery_register::text::counted(changed.accounts_kept.into(), "account", "accounts"),
                recovery_register::text::counted(changed.slots_removed.into(), "key slot", "key slots")
            ));
        }
    }
    Ok(())
}

fn audit(store: &mut Store, actor: &Actor, command: AuditCommand, out: &Out) -> Result<()> {
    match command {
        AuditCommand::List { from, to, by, action, record, limit } => {
            let filter = AuditFilter {
                from: from.map(|d| dates::parse("--from", &d)).transpose()?,
                to: to.map(|d| dates::parse("--to", &d)).transpose()?,
                staff_id: by.map(|u| store.account_named(actor, &u).map(|a| a.id)).transpose()?,
                action: action
                    .map(|a| {
                        Action::from_code(a.trim())
                            .ok_or_else(|| anyhow::anyhow!("--action: '{a}' is not a kind of act; e.g. view_person, take_register"))
                    })
                    .transpose()?,
                record_id: record,
                limit: Some(limit),
            };
            out.audit(&store.audit_trail(actor, &filter)?);
        }
        AuditCommand::Check { anchor } => {
            let check = match anchor {
                Some(raw) => store.check_audit_trail_with(actor, &recovery_register::store::AuditAnchor::parse(&raw)?)?,
                None => store.check_audit_trail(actor)?,
            };
            out.audit_check(&check);
            if check.broken_at.is_some() {
                anyhow::bail!("the audit trail has been tampered with");
            }
        }
        AuditCommand::Export { csv } => {
            store.export(actor, &Document::AuditTrail { filter: AuditFilter::default() }, Format::Csv, &csv)?;
            out.written(&[csv]);
        }
    }
    Ok(())
}

/// Writes `document` in each format given a path, in order; the paths written.
fn export_each<const N: usize>(
    store: &mut Store,
    actor: &Actor,
    document: &Document,
    outputs: [(Option<PathBuf>, Format); N],
) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (path, format) in outputs {
        if let Some(path) = path {
            store.export(actor, document, format, &path)?;
            written.push(path);
        }
    }
    Ok(written)
}

fn retention(store: &mut Store, actor: &Actor, command: RetentionCommand, out: &Out) -> Result<()> {
    match command {
        RetentionCommand::List => {
            let period = store.retention_period(actor)?;
            out.retention(&period, &store.past_retention(actor)?);
        }
        RetentionCommand::SetYears { years } => out.retention_period(&store.set_retention_years(actor, years)?),
        RetentionCommand::Apply { people, all, yes } => {
            let chosen = if all {
                store.past_retention(actor)?
            } else {
                let ids = people.iter().map(|key| Ok(store.participant_by_key(actor, key, None)?.id)).collect::<Result<Vec<_>>>()?;
                // The core's checks, so that a dry run refuses what the real run would.
                store.check_erasable(actor, &ids)?
            };
            let done = if yes && !chosen.is_empty() {
                let ids: Vec<ParticipantId> = chosen.iter().map(|p| p.participant_id).collect();
                Some(store.erase_past_retention(actor, &ids)?)
            } else {
                None
            };
            out.erasure(&chosen, yes, done.as_ref());
        }
    }
    Ok(())
}

fn report(store: &mut Store, actor: &Actor, command: ReportCommand, out: &Out) -> Result<()> {
    match command {
        ReportCommand::National { year: Some(year), pdf, csv, suppress_small, .. } => {
            let document = Document::NationalYear { year, disclosure: Disclosure { suppress_small } };
            let written = export_each(store, actor, &document, [(csv, Format::Csv), (pdf, Format::Pdf)])?;
            out.national_year(&store.national_year(actor, year)?);
            if !written.is_empty() {
                out.written(&written);
            }
        }
        ReportCommand::National { month, year: None, pdf, csv, suppress_small } => {
            let month = Month::chosen_or_last("--month", month.as_deref(), store.today())?;
            let document = Document::NationalReturn { month, disclosure: Disclosure { suppress_small } };
            let written = export_each(store, actor, &document, [(csv, Format::Csv), (pdf, Format::Pdf)])?;
            out.national_return(&store.national_return(actor, month)?);
            if !written.is_empty() {
                out.written(&written);
            }
        }
        ReportCommand::NationalData { csv, parquet } => {
            let written = export_each(store, actor, &Document::NationalDataSet, [(csv, Format::Csv), (parquet, Format::Parquet)])?;
            out.written(&written);
        }
        ReportCommand::Monthly { month, establishments, pdf, csv, suppress_small } => {
            let month = Month::chosen_or_last("--month", month.as_deref(), store.today())?;
            let ids = establishments.iter().map(|e| Ok(store.establishment(actor, e)?.id)).collect::<Result<Vec<_>>>()?;
            let report = store.monthly_report(actor, &ids, month)?;
            let document = Document::MonthlyReturn { establishments: ids, month, disclosure: Disclosure { suppress_small } };
            let written = export_each(store, actor, &document, [(csv, Format::Csv), (pdf, Format::Pdf)])?;
            out.monthly_report(&report, &written);
        }
        ReportCommand::Return { period, compare, establishments, pdf, csv, suppress_small, highlights, template } => {
            let period = Period::parse(&period)?;
            let compare_with = compare.as_deref().map(Period::parse).transpose()?;
            let ids = establishments.iter().map(|e| Ok(store.establishment(actor, e)?.id)).collect::<Result<Vec<_>>>()?;
            let report = store.period_report(actor, &ids, &period, compare_with.as_ref())?;
            let disclosure = Disclosure { suppress_small };
            let document = Document::Return { establishments: ids, period, compare_with, disclosure, highlights, template };
            let written = export_each(store, actor, &document, [(csv, Format::Csv), (pdf, Format::Pdf)])?;
            out.monthly_report(&report, &written);
        }
        ReportCommand::Template { command } => match command {
            TemplateCommand::Save { name, columns } => {
                let columns = columns
                    .iter()
                    .map(|c| match c.split_once('=') {
                        Some((figure, heading)) => TemplateColumn { figure: figure.into(), heading: heading.into() },
                        None => TemplateColumn { figure: c.clone(), heading: String::new() },
                    })
                    .collect();
                let saved = store.save_column_template(actor, &ColumnTemplate { name, columns })?;
                if out.json {
                    out.json(&saved);
                } else {
                    say!("Template saved: {} ({} columns)", saved.name, saved.columns.len());
                }
            }
            TemplateCommand::List => {
                let all = store.column_templates(actor)?;
                if out.json {
                    out.json(&all);
                } else {
                    for t in &all {
                        let cols: Vec<String> = t.columns.iter().map(|c| format!("{} ({})", c.heading, c.figure)).collect();
                        say!("{}: {}", t.name, cols.join(", "));
                    }
                }
            }
            TemplateCommand::Columns => {
                for f in recovery_register::reports::template::figures() {
                    say!("{f}");
                }
            }
        },
        ReportCommand::RegisterSheet { session, pdf } => {
            let id = session.resolve(store, actor)?;
            store.export(actor, &Document::RegisterSheet { session: id }, Format::Pdf, &pdf)?;
            out.written(&[pdf]);
        }
        ReportCommand::RegisterSheets { establishment, from, to, pdf } => {
            let establishment = the_establishment(store, actor, &establishment)?;
            let from = dates::parse("--from", &from)?;
            let to = to.as_deref().map(|t| dates::parse("--to", t)).transpose()?.unwrap_or(from);
            store.export(actor, &Document::RegisterSheets { establishment, from, to }, Format::Pdf, &pdf)?;
            out.written(&[pdf]);
        }
        ReportCommand::UnlockLists { establishment, on, pdf } => {
            let establishment = the_establishment(store, actor, &establishment)?;
            let on = date_or_today(store, "--on", &on)?;
            store.export(actor, &Document::UnlockLists { establishment, on }, Format::Pdf, &pdf)?;
            out.written(&[pdf]);
        }
    }
    Ok(())
}

fn award(store: &mut Store, actor: &Actor, command: AwardCommand, out: &Out) -> Result<()> {
    let est_of = |store: &Store, key: &Option<String>| establishment_id(store, actor, key);
    match command {
        AwardCommand::TypeAdd {
            establishment,
            kind,
            title,
            wording,
            organisation,
            signatories,
            svq_level,
            awarding_body,
            show_establishment,
        } => {
            let est = store.establishment(actor, &establishment)?;
            let signatories = svq::signatories(&signatories)?;
            let details = AwardTypeDetails {
                kind,
                title,
                svq_level,
                awarding_body,
                wording,
                issuing_organisation: organisation,
                show_establishment,
                signatories,
            };
            out.award_types(&[store.add_award_type(actor, est.id, &details)?]);
        }
        AwardCommand::TypeEdit {
            award_type,
            title,
            wording,
            organisation,
            signatories,
            awarding_body,
            show_establishment,
            establishment,
        } => {
            let kind = find_award_type(store, actor, &award_type, est_of(store, &establishment)?)?;
            let mut details = kind.details.clone();
            details.title = title.unwrap_or(details.title);
            details.wording = wording.unwrap_or(details.wording);
            details.issuing_organisation = organisation.unwrap_or(details.issuing_organisation);
            details.awarding_body = awarding_body.or(details.awarding_body);
            details.show_establishment = show_establishment.unwrap_or(details.show_establishment);
            if !signatories.is_empty() {
                details.signatories = svq::signatories(&signatories)?;
            }
            out.award_types(&[store.edit_award_type(actor, kind.id, &details)?]);
        }
        AwardCommand::History { award_type, establishment } => {
            let kind = find_award_type(store, actor, &award_type, est_of(store, &establishment)?)?;
            svq::history(&store.award_type_history(actor, kind.id)?, out);
        }
        AwardCommand::Signature { establishment, image } => {
            let est = store.establishment(actor, &establishment)?;
            let bytes = std::fs::read(&image).with_context(|| format!("--image: could not read {}", image.display()))?;
            let kept = store.add_signature_image(actor, est.id, &bytes)?;
            if out.json {
                out.json(&kept);
            } else {
                say!("Signature image kept ({} × {} pixels): {}", kept.width_px, kept.height_px, kept.id);
            }
        }
        AwardCommand::Types { establishment } => {
            let est = store.establishment(actor, &establishment)?;
            out.award_types(&store.award_types(actor, est.id)?);
        }
        AwardCommand::Due { group, establishment } => {
            let g = store.group_by_key(actor, &group, est_of(store, &establishment)?)?;
            out.due(&store.due_to_graduate(actor, g.id)?);
        }
        AwardCommand::Issue { award_type, group, all_completed, people, on, signatories, establishment } => {
            let est = est_of(store, &establishment)?;
            let group = group.map(|g| store.group_by_key(actor, &g, est)).transpose()?;
            let est = est.or(group.as_ref().map(|g| g.establishment_id));
            let kind = find_award_type(store, actor, &award_type, est)?;
            let on = date_or_today(store, "--on", &on)?;
            let ids: Vec<ParticipantId> = if all_completed {
                let g = group.as_ref().expect("clap requires --group");
                store
                    .due_to_graduate(actor, g.id)?
                    .into_iter()
                    .filter(|l| l.award.is_none() && l.progress.status == recovery_register::rules::completion::CompletionStatus::Completed)
                    .map(|l| l.participant.id)
                    .collect()
            } else {
                people
                    .iter()
                    .map(|p| store.participant_by_key(actor, p, Some(kind.establishment_id)).map(|p| p.id))
                    .collect::<Result<_, _>>()?
            };
            let signing = (!signatories.is_empty()).then(|| svq::signatories(&signatories)).transpose()?;
            out.awards(&store.issue_awards_signed(actor, kind.id, group.map(|g| g.id), &ids, on, signing.as_deref())?);
        }
        AwardCommand::List { person, establishment } => {
            let p = store.participant_by_key(actor, &person, est_of(store, &establishment)?)?;
            out.awards(&store.awards_of_participant(actor, p.id)?);
        }
        AwardCommand::Verify { number, code, name, date } => {
            let date = date.map(|d| dates::parse("--date", &d)).transpose()?;
            out.verification(&store.verify_award(actor, &number, &code, name.as_deref(), date)?);
        }
        AwardCommand::Print { numbers, group, pdf, folder, reprint_reason, establishment } => {
            let awards: Vec<Award> = match group {
                Some(g) => {
                    let g = store.group_by_key(actor, &g, est_of(store, &establishment)?)?;
                    store.awards_of_group(actor, g.id)?.into_iter().filter(|a| a.revoked_on.is_none()).collect()
                }
                None => numbers.iter().map(|n| store.award_by_number(actor, n)).collect::<Result<_, _>>()?,
            };
            let ids: Vec<AwardId> = awards.iter().map(|a| a.id).collect();
            let output = match (pdf, folder) {
                (Some(pdf), _) => Output::Combined(pdf),
                (None, Some(folder)) => Output::OnePerPerson(folder),
                (None, None) => anyhow::bail!("--pdf or --folder: say where the certificates go"),
            };
            out.printed(&store.print_awards(actor, &ids, reprint_reason.as_deref(), &output, &mut |_| {})?);
        }
        AwardCommand::Logo { award_type, image, remove: _, establishment } => {
            let kind = find_award_type(store, actor, &award_type, est_of(store, &establishment)?)?;
            let bytes = image
                .map(|path| std::fs::read(&path).with_context(|| format!("--image: could not read {}", path.display())))
                .transpose()?;
            out.award_types(&[store.set_award_type_logo(actor, kind.id, bytes.as_deref())?]);
        }
        AwardCommand::Revoke { number, reason } => {
            let a = store.award_by_number(actor, &number)?;
            out.awards(&[store.revoke_award(actor, a.id, &reason)?]);
        }
    }
    Ok(())
}

/// An award type by id, or by title (any case) at the establishment.
pub(crate) fn find_award_type(store: &Store, actor: &Actor, key: &str, est: Option<EstablishmentId>) -> Result<AwardType> {
    if let Ok(id) = key.parse::<AwardTypeId>() {
        return Ok(store.award_type(actor, id)?);
    }
    let ests: Vec<EstablishmentId> = match est {
        Some(e) => vec![e],
        None => store.establishments(actor)?.into_iter().map(|e| e.id).collect(),
    };
    let mut found = Vec::new();
    for e in ests {
        found.extend(store.award_types(actor, e)?.into_iter().filter(|t| t.details.title.eq_ignore_ascii_case(key.trim())));
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(recovery_register::Error::not_found("award type", key.trim()).into()),
        _ => Err(anyhow::anyhow!("--type: '{}' is an award type at more than one establishment; add --establishment", key.trim())),
    }
}

fn team(
    store: &mut Store,
    actor: &Actor,
    command: &TeamCommand,
    cost: recovery_register::change_file::PassphraseCost,
    out: &Out,
) -> Result<()> {
    use recovery_register::store::team::ConflictChoice;
    match command {
        TeamCommand::Add { name, this_pc, to } => {
            let made = store.make_joining_file(actor, this_pc, name, to, cost)?;
            out.joining_file(&made);
        }
        TeamCommand::Join { .. } => unreachable!("joined before any log-in"),
        TeamCommand::Send { to } => out.sent_changes(&store.send_changes(actor, to)?),
        TeamCommand::Receive { from, preview } => {
            let taken = if *preview { store.preview_changes(actor, from)? } else { store.take_in_changes(actor, from)? };
            out.taken_in(&taken, *preview);
        }
        TeamCommand::Status => out.team_status(&store.team_status(actor)?),
        TeamCommand::Conflicts => out.mark_conflicts(&store.mark_conflicts(actor)?),
        TeamCommand::Resolve { session, person, keep } => {
            let choice = if keep == "other" { ConflictChoice::Other } else { ConflictChoice::Kept };
            store.resolve_conflict(actor, *session, *person, choice)?;
            out.said("Chosen: the mark is now the one chosen, on every PC this reaches.");
        }
        TeamCommand::Retire { name } => {
            let status = store.team_status(actor)?;
            let pc = status
                .members
                .iter()
                .find(|m| m.name.eq_ignore_ascii_case(name.trim()))
                .ok_or_else(|| anyhow::anyhow!("--name: no other PC of this team is called \"{name}\""))?;
            store.retire_pc(actor, pc.id)?;
            out.said(&format!("{} is retired: its change files are refused from now on.", pc.name));
        }
    }
    Ok(())
}
