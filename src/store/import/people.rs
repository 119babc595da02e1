//! People from a spreadsheet: matched on prison number (staff and volunteers, who have none, on
//! their names), so a second import of the same list changes only what changed.

use super::{count, differs, prison_key, show_date, show_text, Columns, Context, Plan, RowCheck};
use crate::error::Result;
use crate::exchange::{cells, Sheet};
use crate::model::*;
use crate::store::participants;
use crate::store::rows::{self, iso, PARTICIPANT};
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use std::collections::HashMap;

pub(crate) enum Op {
    Add { details: ParticipantDetails, status: Option<(CustodyStatus, NaiveDate)> },
    Edit { id: ParticipantId, details: ParticipantDetails },
}

fn match_key(d: &ParticipantDetails) -> String {
    match &d.prison_number {
        Some(n) => prison_key(n),
        None => format!("{}|{}|{}", d.kind.code(), crate::text::fold(&d.given_name), crate::text::fold(&d.family_name)),
    }
}

pub(super) fn plan(conn: &Connection, ctx: &Context, sheet: &Sheet, cols: &Columns<'_>) -> Result<Plan<Op>> {
    let mut held: HashMap<String, Participant> = HashMap::new();
    let mut stmt = conn.prepare(&format!("SELECT {PARTICIPANT} FROM participant p WHERE p.establishment_id = ?1"))?;
    for p in stmt.query_map([ctx.establishment_id], |r| rows::participant(r, 0))? {
        let p = p?;
        let details = ParticipantDetails {
            kind: p.kind,
            prison_number: p.prison_number.clone(),
            given_name: p.given_name.clone(),
            family_name: p.family_name.clone(),
            date_of_birth: None,
            location: None,
            expected_liberation: None,
            printed_name: None,
        };
        held.insert(match_key(&details), p);
    }
    let mut plan = Plan::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut status_kept = 0usize;
    for row in &sheet.rows {
        let mut check = RowCheck::new(cols, row);
        let given = check.required("given_name").unwrap_or_default();
        let family = check.required("family_name").unwrap_or_default();
        let prison_number = check.text("prison_number").map(str::to_string);
        // A number twice in the file is found even when its first row has other problems.
        if let Some(key) = prison_number.as_deref().map(prison_key) {
            match seen.get(&key) {
                Some(first) => check.problem("prison_number", format!("{key} is also on row {first}")),
                None => {
                    seen.insert(key, row.number);
                }
            }
        }
        let date_of_birth = check.parse("date_of_birth", cells::date);
        let expected_liberation = check.parse("expected_liberation", cells::date);
        let kind = check
            .parse("person_kind", |f, raw| {
                cells::one_of(
                    f,
                    raw,
                    ParticipantKind::ALL,
                    ParticipantKind::code,
                    ParticipantKind::label,
                    &[
                        ("prisoner", ParticipantKind::InCustody),
                        ("in custody", ParticipantKind::InCustody),
                        ("person in custody", ParticipantKind::InCustody),
                        ("learner", ParticipantKind::InCustody),
                        ("officer", ParticipantKind::Staff),
                    ],
                )
            })
            .unwrap_or(ParticipantKind::InCustody);
        let status = check.parse("custody_status", |f, raw| {
            cells::one_of(
                f,
                raw,
                CustodyStatus::ALL,
                CustodyStatus::code,
                CustodyStatus::label,
                &[
                    ("released", CustodyStatus::Liberated),
                    ("liberation", CustodyStatus::Liberated),
                    ("home leave", CustodyStatus::HomeLeave),
                    ("transfer", CustodyStatus::Transferred),
                ],
            )
        });
        let since = check.parse("status_since", cells::date);
        let raw = ParticipantDetails {
            kind,
            prison_number,
            given_name: given.to_string(),
            family_name: family.to_string(),
            date_of_birth,
            location: check.line("location"),
            expected_liberation,
            printed_name: None,
        };
        if !check.ok() {
            plan.accept(check);
            continue;
        }
        let details = match raw.normalised(ctx.today) {
            Ok(d) => d,
            Err(e) => {
                check.error(e)?;
                plan.accept(check);
                continue;
            }
        };
        let key = match_key(&details);
        if details.prison_number.is_none() {
            if let Some(first) = seen.insert(key.clone(), row.number) {
                check.problem("family_name", format!("{} {} is also on row {first}", details.given_name, details.family_name));
                plan.accept(check);
                continue;
            }
        }
        match held.get(&key) {
            Some(old) => {
                if status.is_some_and(|s| Some(s) != old.status) {
                    status_kept += 1;
                }
                // A column left out of the mapping keeps what is held.
                let new = ParticipantDetails {
                    date_of_birth: if cols.has("date_of_birth") { details.date_of_birth } else { old.date_of_birth },
                    location: if cols.has("location") { details.location.clone() } else { old.location.clone() },
                    expected_liberation: if cols.has("expected_liberation") {
                        details.expected_liberation
                    } else {
                        old.expected_liberation
                    },
                    // Spreadsheets have no column for it: what was set in the app stays.
                    printed_name: old.printed_name.clone(),
                    ..details
                };
                let mut changes = Vec::new();
                differs(&mut changes, "Given name", &old.given_name, &new.given_name, String::clone);
                differs(&mut changes, "Family name", &old.family_name, &new.family_name, String::clone);
                differs(&mut changes, "Date of birth", &old.date_of_birth, &new.date_of_birth, show_date);
                differs(&mut changes, "Hall or wing", &old.location, &new.location, show_text);
                differs(&mut changes, "Expected liberation", &old.expected_liberation, &new.expected_liberation, show_date);
                if !plan.accept(check) {
                    continue;
                }
                if changes.is_empty() {
                    plan.unchanged += 1;
                } else {
                    plan.change(row.number, key.clone(), changes);
                    plan.ops.push(Op::Edit { id: old.id, details: new });
                }
            }
            None => {
                let status = match (details.kind, status, since) {
                    (ParticipantKind::InCustody, None, since) => since.map(|d| (CustodyStatus::InCustody, d)),
                    (ParticipantKind::InCustody, Some(s), Some(d)) => Some((s, d)),
                    (ParticipantKind::InCustody, Some(CustodyStatus::InCustody), None) => None,
                    (ParticipantKind::InCustody, Some(s), None) => {
                        check.problem("status_since", format!("is needed for someone '{}': the date it began", s.label().to_lowercase()));
                        None
                    }
                    (_, None, None) => None,
                    (k, _, _) => {
                        check.problem(
                            "custody_status",
                            format!("is only kept for people in custody, not for a {}", k.label().to_lowercase()),
                        );
                        None
                    }
                };
                if let Some((_, d)) = status.filter(|(_, d)| *d > ctx.today) {
                    check.problem("status_since", format!("{} is in the future", crate::dates::display(d)));
                }
                if plan.accept(check) {
                    plan.added += 1;
                    plan.ops.push(Op::Add { details, status });
                }
            }
        }
    }
    if status_kept > 0 {
        plan.notes.push(format!(
            "{} already held with another custody status keep the status held; record a liberation, transfer or return on the person's page.",
            count(status_kept, "person", "people")
        ));
    }
    Ok(plan)
}

pub(super) fn apply(tx: &Connection, ctx: &Context, ops: Vec<Op>) -> Result<()> {
    for op in ops {
        match op {
            Op::Add { details, status } => {
                let since = status.filter(|(s, _)| *s == CustodyStatus::InCustody).map(|(_, d)| d);
                let person = participants::insert(tx, &ctx.actor, ctx.establishment_id, &details, since)?;
                if let Some((s, on)) = status.filter(|(s, _)| *s != CustodyStatus::InCustody) {
                    tx.prepare_cached("UPDATE participant SET status = ?2, status_since = ?3 WHERE id = ?1")?.execute(params![
                        person.id,
                        s,
                        iso(on)
                    ])?;
                    participants::record_status(tx, &ctx.actor, person.id, s, on)?;
                }
            }
            Op::Edit { id, details } => participants::update(tx, ctx.establishment_id, id, &details)?,
        }
    }
    Ok(())
}
