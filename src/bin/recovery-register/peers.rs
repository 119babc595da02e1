//! `peer …` and `facilitator qualify|qualifications`: translation only.

use crate::args::PeerCommand;
use crate::output::{say, Out};
use crate::{date_or_today, establishment_id};
use anyhow::Result;
use recovery_register::dates;
use recovery_register::{Actor, Store};

pub fn run(store: &mut Store, actor: &Actor, command: PeerCommand, out: &Out) -> Result<()> {
    match command {
        PeerCommand::Add { person, role, since, establishment } => {
            let p = store.participant_by_key(actor, &person, establishment_id(store, actor, &establishment)?)?;
            let since = date_or_today(store, "--since", &since)?;
            store.add_peer_role(actor, p.id, role, since)?;
            show(store, actor, p.id, out)?;
        }
        PeerCommand::Change { person, role, ended, passport, establishment } => {
            let p = store.participant_by_key(actor, &person, establishment_id(store, actor, &establishment)?)?;
            let now = store.peer_record(actor, p.id)?.ok_or_else(|| anyhow::anyhow!("{}: has no peer role to change", p.full_name()))?;
            let active = now.facilitator.active && !ended;
            store.change_peer_role(actor, p.id, role.unwrap_or(now.role), active, passport.unwrap_or(now.on_passport))?;
            show(store, actor, p.id, out)?;
        }
        PeerCommand::Show { person, establishment } => {
            let p = store.participant_by_key(actor, &person, establishment_id(store, actor, &establishment)?)?;
            show(store, actor, p.id, out)?;
        }
    }
    Ok(())
}

fn show(store: &Store, actor: &Actor, person: recovery_register::model::ParticipantId, out: &Out) -> Result<()> {
    let record = store.peer_record(actor, person)?;
    if out.json {
        out.json(&record);
        return Ok(());
    }
    let Some(r) = record else {
        say!("No peer role.");
        return Ok(());
    };
    say!(
        "{} since {}{}; {} on their passport",
        r.role.label(),
        dates::display(r.since),
        if r.facilitator.active { "" } else { " (ended)" },
        if r.on_passport { "shown" } else { "not shown" }
    );
    for q in &r.qualifications {
        say!("Qualified to deliver {} ({}, {})", q.details.course, q.details.training, dates::display(q.details.qualified_on));
    }
    say!("Sessions led: {}", r.sessions_led.len());
    for s in &r.sessions_led {
        say!("  {}  {}", dates::display(s.held_on), s.group_name);
    }
    Ok(())
}

pub fn qualifications(store: &Store, actor: &Actor, out: &Out) -> Result<()> {
    let all = store.qualifications(actor)?;
    if out.json {
        out.json(&all);
        return Ok(());
    }
    let names = store.facilitators(actor)?;
    for q in &all {
        let who = names.iter().find(|f| f.id == q.facilitator_id).map_or("", |f| f.name.as_str());
        say!("{:<24} {:<32} {}  {}", q.details.course, who, dates::display(q.details.qualified_on), q.details.training);
    }
    Ok(())
}
