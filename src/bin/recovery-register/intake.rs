//! `referral-in` and `programme`: referrals into the service, programmes' waiting lists, cohorts
//! allocated from them, and the waiting-times figures over any period.

use crate::output::{say, Out};
use crate::{date_or_today, establishment_id};
use anyhow::{anyhow, bail, Result};
use clap::Subcommand;
use recovery_register::dates::{self, display};
use recovery_register::model::*;
use recovery_register::rules::attendance::percent;
use recovery_register::store::referrals_in::{Allocation, ReferralInLine, SkipReason, WaitingList};
use recovery_register::{Actor, Store};

#[derive(Subcommand, Debug)]
pub enum ReferralInCommand {
    /// Record a referral into the service as it arrives
    Add {
        /// Prison number, name or id
        person: String,
        /// Who referred: self_referral, healthcare, hall_staff, court, another_prison, community
        #[arg(long, value_parser = crate::args::parse_coded::<ReferralSource>)]
        source: ReferralSource,
        /// The day the referral arrived (dd/mm/yyyy; today if left out)
        #[arg(long)]
        on: Option<String>,
        /// For a group (name or id)
        #[arg(long, conflicts_with_all = ["programme", "one_to_one"])]
        group: Option<String>,
        /// For a programme's waiting list (name or id)
        #[arg(long, conflicts_with = "one_to_one")]
        programme: Option<String>,
        /// For one-to-one support
        #[arg(long)]
        one_to_one: bool,
    },
    /// The day the service first saw the person about a referral
    Contact {
        referral: String,
        #[arg(long)]
        on: Option<String>,
    },
    /// Close a referral: started, declined, not_suitable, liberated_first (a programme's
    /// referral starts by `programme allocate`)
    Close {
        referral: String,
        #[arg(long, value_parser = crate::args::parse_coded::<ReferralOutcome>)]
        outcome: ReferralOutcome,
        #[arg(long)]
        on: Option<String>,
    },
    /// A person's referrals in
    List { person: String },
    /// Referrals received and waiting times over a period: a month (2026-10), a quarter
    /// (2026-Q3), a financial year (2026-27), or --from and --to
    Figures {
        #[arg(long, conflicts_with_all = ["from", "to"])]
        period: Option<String>,
        #[arg(long, requires = "to")]
        from: Option<String>,
        #[arg(long, requires = "from")]
        to: Option<String>,
        #[arg(long)]
        establishment: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum ProgrammeCommand {
    /// Add a programme whose cohorts are allocated from one waiting list
    Add {
        name: String,
        #[arg(long)]
        establishment: Option<String>,
    },
    /// The programmes, with how many wait for each
    List {
        #[arg(long)]
        establishment: Option<String>,
    },
    /// A programme's waiting list, oldest first, and the cohorts it can fill
    Waiting { programme: String },
    /// Fill a cohort from the waiting list, oldest first: the people taken join its roster and
    /// their wait ends; anyone older left waiting needs --skip with a reason
    Allocate {
        programme: String,
        /// The cohort (a structured programme's group: name or id)
        #[arg(long)]
        cohort: String,
        /// Prison numbers, names or referral ids of the people taken
        #[arg(long, num_args = 1.., required = true)]
        take: Vec<String>,
        /// "PERSON=reason" for someone passed over (repeatable)
        #[arg(long = "skip", value_name = "PERSON=REASON")]
        skip: Vec<String>,
        #[arg(long)]
        on: Option<String>,
    },
}

fn referral_id(raw: &str) -> Result<ReferralInId> {
    raw.trim().parse().map_err(|_| anyhow!("referral: '{raw}' is not a referral id (see `referral-in list`)"))
}

fn programme_named(store: &Store, actor: &Actor, key: &str) -> Result<Programme> {
    let all = store.programmes(actor, None)?;
    let folded = recovery_register::text::fold(key.trim());
    let found: Vec<&Programme> = all
        .iter()
        .map(|l| &l.programme)
        .filter(|p| p.id.to_string() == key.trim() || recovery_register::text::fold(&p.name) == folded)
        .collect();
    match found.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(recovery_register::Error::not_found("programme", key).into()),
        _ => bail!("programme: '{key}' names more than one programme; give its id (see `programme list`)"),
    }
}

pub fn referral_in(store: &mut Store, actor: &Actor, command: ReferralInCommand, out: &Out) -> Result<()> {
    let lines: Vec<ReferralInLine> = match command {
        ReferralInCommand::Add { person, source, on, group, programme, one_to_one } => {
            let p = store.participant_by_key(actor, &person, None)?;
            let (wants, group_id, programme_id) = match (group, programme, one_to_one) {
                (Some(g), _, _) => (ReferralWants::Group, Some(store.group_by_key(actor, &g, Some(p.establishment_id))?.id), None),
                (_, Some(m), _) => (ReferralWants::Programme, None, Some(programme_named(store, actor, &m)?.id)),
                (_, _, true) => (ReferralWants::OneToOne, None, None),
                _ => bail!("say what the referral is for: --group, --programme or --one-to-one"),
            };
            let details = ReferralInDetails { source, referred_on: date_or_today(store, "--on", &on)?, wants, group_id, programme_id };
            let r = store.refer_in(actor, p.id, &details)?;
            store.referrals_in(actor, p.id)?.into_iter().filter(|l| l.referral.id == r.id).collect()
        }
        ReferralInCommand::Contact { referral, on } => {
            let r = store.record_first_contact(actor, referral_id(&referral)?, date_or_today(store, "--on", &on)?)?;
            store.referrals_in(actor, r.participant_id)?.into_iter().filter(|l| l.referral.id == r.id).collect()
        }
        ReferralInCommand::Close { referral, outcome, on } => {
            let r = store.close_referral_in(actor, referral_id(&referral)?, outcome, date_or_today(store, "--on", &on)?)?;
            store.referrals_in(actor, r.participant_id)?.into_iter().filter(|l| l.referral.id == r.id).collect()
        }
        ReferralInCommand::List { person } => {
            let p = store.participant_by_key(actor, &person, None)?;
            store.referrals_in(actor, p.id)?
        }
        ReferralInCommand::Figures { period, from, to, establishment } => {
            let (from, to) = match (period, from, to) {
                (Some(p), _, _) => dates::period(&p).map_err(|e| anyhow!("--period: {e}"))?,
                (None, Some(f), Some(t)) => (dates::parse("--from", &f)?, dates::parse("--to", &t)?),
                _ => bail!("say which period: --period (2026-10, 2026-Q3, 2026-27) or --from and --to"),
            };
            let ests: Vec<EstablishmentId> = establishment_id(store, actor, &establishment)?.into_iter().collect();
            let f = store.waiting_figures(actor, &ests, from, to)?;
            if out.json {
                out.json(&f);
                return Ok(());
            }
            say!("Referrals in, {} to {}", display(from), display(to));
            say!("  Received: {}", f.received);
            for c in &f.by_source {
                say!("    {}: {}", c.what.label(), c.count);
            }
            say!("  Started: {} ({} within 3 weeks: {})", f.started, f.started_within_standard, percent(f.within_standard));
            say!("  Median wait to start: {}", f.median_days_waited.map_or("–".to_string(), |m| format!("{m} days")));
            say!("  Closed without starting: {}", f.closed_without_starting);
            say!("  Waiting on {}: {} ({} over 3 weeks)", display(to), f.waiting_at_end, f.waiting_over_standard);
            return Ok(());
        }
    };
    if out.json {
        out.json(&lines);
        return Ok(());
    }
    if lines.is_empty() {
        say!("No referrals into the service.");
    }
    for l in &lines {
        print_line(l);
    }
    Ok(())
}

fn print_line(l: &ReferralInLine) {
    let r = &l.referral;
    let state = match (r.outcome, r.outcome_on) {
        (Some(o), Some(on)) => format!("{} on {} after {} days", o.label().to_lowercase(), display(on), l.days),
        _ => format!("waiting {} days", l.days),
    };
    let cohort = l.cohort_name.as_ref().map(|c| format!(" ({c})")).unwrap_or_default();
    say!(
        "{}  {}  for {}{}  from {}: {}",
        r.id,
        display(r.details.referred_on),
        l.wants_label,
        cohort,
        r.details.source.label().to_lowercase(),
        state
    );
    if let Some(on) = r.first_contact_on {
        say!("    first contact {}", display(on));
    }
    for s in &l.skips {
        say!("    skipped for {} on {}: {}", s.cohort_name, display(s.skipped_on), s.reason);
    }
}

fn print_waiting(list: &WaitingList) {
    say!("{}: {} waiting", list.programme.name, list.lines.len());
    for l in &list.lines {
        let over = if l.over_standard { " (over 3 weeks)" } else { "" };
        say!(
            "  {}  {}  referred {}, waiting {} days{over}",
            l.participant.prison_number.as_deref().unwrap_or("-"),
            l.participant.full_name(),
            display(l.referral.details.referred_on),
            l.days_waiting
        );
        for s in &l.skips {
            say!("      skipped for {} on {}: {}", s.cohort_name, display(s.skipped_on), s.reason);
        }
    }
    if !list.cohorts.is_empty() {
        say!("Cohorts it can fill:");
        for g in &list.cohorts {
            say!("  {} (starts {})", g.details.name, display(g.details.starts_on));
        }
    }
}

pub fn programme(store: &mut Store, actor: &Actor, command: ProgrammeCommand, out: &Out) -> Result<()> {
    match command {
        ProgrammeCommand::Add { name, establishment } => {
            let est = match establishment_id(store, actor, &establishment)? {
                Some(e) => e,
                None => match store.establishments(actor)?.as_slice() {
                    [one] => one.id,
                    _ => bail!("--establishment: say which establishment the programme is at"),
                },
            };
            let p = store.add_programme(actor, est, &name)?;
            if out.json {
                out.json(&p);
            } else {
                say!("Programme added: {} ({})", p.name, p.id);
            }
        }
        ProgrammeCommand::List { establishment } => {
            let list = store.programmes(actor, establishment_id(store, actor, &establishment)?)?;
            if out.json {
                out.json(&list);
                return Ok(());
            }
            for l in &list {
                let longest = l.longest_wait.map(|d| format!(", longest {d} days")).unwrap_or_default();
                say!("{}  {}  {}: {} waiting{longest}", l.programme.id, l.establishment_code, l.programme.name, l.waiting);
            }
        }
        ProgrammeCommand::Waiting { programme } => {
            let p = programme_named(store, actor, &programme)?;
            let list = store.waiting_list(actor, p.id)?;
            if out.json {
                out.json(&list);
            } else {
                print_waiting(&list);
            }
        }
        ProgrammeCommand::Allocate { programme, cohort, take, skip, on } => {
            let p = programme_named(store, actor, &programme)?;
            let list = store.waiting_list(actor, p.id)?;
            let cohort = store.group_by_key(actor, &cohort, Some(p.establishment_id))?;
            // A person on the list by prison number, name or referral id.
            let find = |key: &str| -> Result<ReferralInId> {
                let k = key.trim();
                let folded = recovery_register::text::fold(k);
                let found: Vec<&ReferralInId> = list
                    .lines
                    .iter()
                    .filter(|l| {
                        l.referral.id.to_string() == k
                            || l.participant.prison_number.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(k))
                            || recovery_register::text::fold(&l.participant.full_name()) == folded
                    })
                    .map(|l| &l.referral.id)
                    .collect();
                match found.as_slice() {
                    [one] => Ok(**one),
                    [] => bail!("'{k}' is not on {}'s waiting list", p.name),
                    _ => bail!("'{k}' names more than one person on the list; give the prison number"),
                }
            };
            let take = take.iter().map(|k| find(k)).collect::<Result<Vec<_>>>()?;
            let skip = skip
                .iter()
                .map(|s| {
                    let (who, reason) = s.split_once('=').ok_or_else(|| anyhow!("--skip: '{s}' is not PERSON=reason"))?;
                    Ok(SkipReason { referral_in_id: find(who)?, reason: reason.to_string() })
                })
                .collect::<Result<Vec<_>>>()?;
            let allocation = Allocation { cohort_id: cohort.id, on: date_or_today(store, "--on", &on)?, take, skip };
            let done = store.allocate_cohort(actor, p.id, &allocation)?;
            if out.json {
                out.json(&done);
            } else {
                say!(
                    "{} joined {} on {}; {} skipped",
                    done.enrolments.len(),
                    done.cohort.details.name,
                    display(allocation.on),
                    done.skipped
                );
            }
        }
    }
    Ok(())
}

#[derive(Subcommand, Debug)]
pub enum CapitalCommand {
    /// Record a BARC-10 assessment, with the person's consent: the ten scores (1 to 6) in order
    Add {
        person: String,
        /// start, review or before_liberation
        #[arg(long, value_parser = crate::args::parse_coded::<CapitalStage>)]
        stage: CapitalStage,
        #[arg(long)]
        on: Option<String>,
        /// The ten scores in the statements' order, e.g. 3,4,4,2,5,3,3,6,4,3
        #[arg(long, value_delimiter = ',')]
        scores: Vec<u8>,
        /// The person agreed to it being recorded
        #[arg(long)]
        consent: bool,
        /// The person chose to have the change on their recovery passport
        #[arg(long)]
        on_passport: bool,
    },
    /// A person's assessments and the change since the first
    Show { person: String },
    /// The ten statements and the scale
    Statements,
}

pub fn capital(store: &mut Store, actor: &Actor, command: CapitalCommand, out: &Out) -> Result<()> {
    let list = match command {
        CapitalCommand::Add { person, stage, on, scores, consent, on_passport } => {
            let p = store.participant_by_key(actor, &person, None)?;
            let details = CapitalDetails { taken_on: date_or_today(store, "--on", &on)?, stage, scores, consent, on_passport };
            store.record_capital(actor, p.id, &details)?;
            store.capital_of(actor, p.id)?
        }
        CapitalCommand::Show { person } => {
            let p = store.participant_by_key(actor, &person, None)?;
            store.capital_of(actor, p.id)?
        }
        CapitalCommand::Statements => {
            for (i, s) in recovery_register::model::capital::STATEMENTS.iter().enumerate() {
                say!("{:>2}. {s}", i + 1);
            }
            let scale: Vec<String> =
                recovery_register::model::capital::SCALE.iter().enumerate().map(|(i, s)| format!("{} {s}", i + 1)).collect();
            say!("Scores: {}", scale.join(", "));
            return Ok(());
        }
    };
    if out.json {
        out.json(&list);
        return Ok(());
    }
    for a in &list {
        say!("{}  {}: {} of 60", display(a.details.taken_on), a.details.stage.label(), a.total);
    }
    if let (Some(first), Some(last)) = (list.first(), list.last()) {
        if list.len() > 1 {
            say!("Change since the first: {:+}", i64::from(last.total) - i64::from(first.total));
        }
    }
    Ok(())
}
