//! `svq …` (units, candidate numbers, sign-offs, the unit record) and the signatory and
//! revision lines `award …` shares: translation only.

use crate::args::SvqCommand;
use crate::output::{say, Out};
use crate::{date_or_today, establishment_id, find_award_type};
use anyhow::Result;
use recovery_register::dates;
use recovery_register::documents::{Document, Format};
use recovery_register::model::*;
use recovery_register::{Actor, Store};

/// "Name|Role" or "Name|Role|SIGNATURE-ID" (from `award signature`).
pub fn signatories(raw: &[String]) -> Result<Vec<Signatory>> {
    raw.iter()
        .map(|s| {
            let mut parts = s.splitn(3, '|');
            let (Some(name), Some(role)) = (parts.next(), parts.next()) else {
                anyhow::bail!("--signatory: write \"Name|Role\", e.g. \"Alison Grant|Recovery Coordinator\"");
            };
            let signature = parts
                .next()
                .map(|id| id.trim().parse::<SignatureImageId>())
                .transpose()
                .map_err(|_| anyhow::anyhow!("--signatory: the third part must be a signature id from `award signature`"))?;
            Ok(Signatory { name: name.to_string(), role: role.to_string(), signature })
        })
        .collect()
}

pub fn history(revisions: &[AwardTypeRevision], out: &Out) {
    if out.json {
        return out.json(revisions);
    }
    for r in revisions {
        let signed: Vec<String> = r.details.signatories.iter().map(|s| format!("{} ({})", s.name, s.role)).collect();
        say!(
            "Revision {:<3} {}  by {:<20} {:>3} awards  {}: \"{}\"; signed by {}",
            r.revision,
            r.made_at,
            r.made_by.as_deref().unwrap_or("(before edits were kept)"),
            r.awards,
            r.details.title,
            r.details.wording,
            signed.join(", ")
        );
    }
}

fn progress(list: &[SvqProgress], out: &Out) {
    if out.json {
        return out.json(list);
    }
    if list.is_empty() {
        say!("No SVQ units signed off.");
    }
    for q in list {
        say!("{}: {} of {} units signed off", q.title, q.signed_off, q.total);
        for u in &q.units {
            match &u.sign_off {
                Some(s) => say!("  {:<10} {:<50} {}  {}", u.unit.code, u.unit.title, dates::display(s.signed_off_on), s.assessor),
                None => say!("  {:<10} {:<50} not yet", u.unit.code, u.unit.title),
            }
        }
    }
}

pub fn run(store: &mut Store, actor: &Actor, command: SvqCommand, out: &Out) -> Result<()> {
    match command {
        SvqCommand::UnitAdd { award_type, units, establishment } => {
            let kind = find_award_type(store, actor, &award_type, establishment_id(store, actor, &establishment)?)?;
            let units = units
                .iter()
                .map(|u| {
                    let (code, title) = u
                        .split_once('|')
                        .ok_or_else(|| anyhow::anyhow!("units: write \"CODE|Title\", e.g. \"HK9A 04|Promote effective communication\""))?;
                    Ok(NewUnit { code: code.to_string(), title: title.to_string() })
                })
                .collect::<Result<Vec<_>>>()?;
            let added = store.add_units(actor, kind.id, &units)?;
            units_out(&added, out);
        }
        SvqCommand::Units { award_type, establishment } => {
            let kind = find_award_type(store, actor, &award_type, establishment_id(store, actor, &establishment)?)?;
            units_out(&store.units(actor, kind.id)?, out);
        }
        SvqCommand::Candidate { person, number, establishment } => {
            let p = store.participant_by_key(actor, &person, establishment_id(store, actor, &establishment)?)?;
            let number = store.set_candidate_number(actor, p.id, &number)?;
            out.said(&format!("SQA candidate number recorded: {number}"));
        }
        SvqCommand::SignOff { person, award_type, unit, assessor, on, establishment } => {
            let est = establishment_id(store, actor, &establishment)?;
            let p = store.participant_by_key(actor, &person, est)?;
            let kind = find_award_type(store, actor, &award_type, Some(p.establishment_id))?;
            let code = unit.trim().to_uppercase();
            let u = store
                .units(actor, kind.id)?
                .into_iter()
                .find(|u| u.code == code)
                .ok_or_else(|| anyhow::anyhow!("--unit: '{code}' is not a unit of {}", kind.details.title))?;
            let on = date_or_today(store, "--on", &on)?;
            store.sign_off_unit(actor, p.id, u.id, &assessor, on)?;
            progress(&[store.svq_progress_in(actor, p.id, kind.id)?], out);
        }
        SvqCommand::Progress { person, establishment } => {
            let p = store.participant_by_key(actor, &person, establishment_id(store, actor, &establishment)?)?;
            progress(&store.svq_progress(actor, p.id)?, out);
        }
        SvqCommand::Record { person, award_type, pdf, establishment } => {
            let p = store.participant_by_key(actor, &person, establishment_id(store, actor, &establishment)?)?;
            let kind = find_award_type(store, actor, &award_type, Some(p.establishment_id))?;
            store.export(actor, &Document::UnitRecord { person: p.id, qualification: kind.id }, Format::Pdf, &pdf)?;
            out.written(std::slice::from_ref(&pdf));
        }
    }
    Ok(())
}

fn units_out(list: &[Unit], out: &Out) {
    if out.json {
        return out.json(list);
    }
    for u in list {
        say!("{:<10} {}", u.code, u.title);
    }
}
