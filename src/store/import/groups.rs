//! Groups from a spreadsheet: matched on name within the establishment (case and accents aside).
//! Facilitators are not in the file; a matched group keeps its own.

use super::{differs, show_date, show_text, Columns, Context, Plan, RowCheck};
use crate::error::Result;
use crate::exchange::{cells, Sheet};
use crate::model::*;
use crate::store::groups;
use crate::store::rows::{self, GROUP};
use rusqlite::Connection;
use std::collections::HashMap;

pub(crate) enum Op {
    Add(GroupDetails),
    Edit { before: Group, details: GroupDetails },
}

pub(super) fn plan(conn: &Connection, ctx: &Context, sheet: &Sheet, cols: &Columns<'_>) -> Result<Plan<Op>> {
    let mut held: HashMap<String, Group> = HashMap::new();
    let mut stmt = conn.prepare(&format!("SELECT {GROUP} FROM recovery_group g WHERE g.establishment_id = ?1"))?;
    for g in stmt.query_map([ctx.establishment_id], |r| rows::group(r, 0))? {
        let g = groups::with_facilitators(conn, g?)?;
        held.insert(crate::text::fold(&g.details.name), g);
    }
    let mut plan = Plan::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    for row in &sheet.rows {
        let mut check = RowCheck::new(cols, row);
        let name = check.required("name").unwrap_or_default().to_string();
        // A name twice in the file is found even when its first row has other problems.
        let key = crate::text::fold(&name);
        if !name.is_empty() {
            match seen.get(&key) {
                Some(first) => check.problem("name", format!("'{name}' is also on row {first}")),
                None => {
                    seen.insert(key.clone(), row.number);
                }
            }
        }
        let kind = check.parse_required("group_kind", |f, raw| {
            cells::one_of(
                f,
                raw,
                GroupKind::ALL,
                GroupKind::code,
                GroupKind::label,
                &[
                    ("smart", GroupKind::SmartRecovery),
                    ("programme", GroupKind::Programme),
                    ("peer led", GroupKind::PeerLed),
                    ("cafe", GroupKind::RecoveryCafe),
                    ("other", GroupKind::Other),
                ],
            )
        });
        let starts_on = check.parse_required("starts_on", cells::date);
        let ends_on = check.parse("ends_on", cells::date);
        let weekday = check.parse("weekday", |f, raw| crate::dates::parse_weekday(raw).map_err(|p| crate::Error::invalid(f, p)));
        let every = check.parse("every_weeks", |f, raw| cells::whole(f, raw, 1, 52));
        let start_time = check.parse_required("start_time", cells::time);
        let duration = check.parse_required("duration_minutes", |f, raw| cells::whole(f, raw, 1, 480));
        let planned = check.parse("planned_sessions", |f, raw| cells::whole(f, raw, 1, 200));
        let min = check.parse("completion_min_attended", |f, raw| cells::whole(f, raw, 1, 200));
        if every.is_some() && weekday.is_none() && check.text("weekday").is_none() {
            check.problem("weekday", "is needed when the group meets every so many weeks");
        }
        let (Some(kind), Some(starts_on), Some(start_time), Some(duration)) = (kind, starts_on, start_time, duration) else {
            plan.accept(check);
            continue;
        };
        if !check.ok() {
            plan.accept(check);
            continue;
        }
        let old = held.get(&key);
        let raw = GroupDetails {
            name,
            kind,
            location: check.line("location"),
            starts_on,
            ends_on,
            start_time,
            duration_minutes: duration,
            schedule: weekday.map(|weekday| Schedule { weekday, every_weeks: every.unwrap_or(1) }),
            planned_sessions: planned,
            completion: min.map(|min_attended| CompletionRule { min_attended, excuses_regime_absences: false }),
            facilitators: old.map(|o| o.details.facilitators.clone()).unwrap_or_default(),
        };
        // A column left out of the mapping keeps what is held.
        let raw = match old {
            Some(o) => GroupDetails {
                location: if cols.has("location") { raw.location } else { o.details.location.clone() },
                ends_on: if cols.has("ends_on") { raw.ends_on } else { o.details.ends_on },
                schedule: if cols.has("weekday") { raw.schedule } else { o.details.schedule },
                planned_sessions: if cols.has("planned_sessions") { raw.planned_sessions } else { o.details.planned_sessions },
                completion: if cols.has("completion_min_attended") {
                    raw.completion.map(|c| CompletionRule {
                        excuses_regime_absences: o.details.completion.is_some_and(|c| c.excuses_regime_absences),
                        ..c
                    })
                } else {
                    o.details.completion
                },
                ..raw
            },
            None => raw,
        };
        let details = match raw.normalised() {
            Ok(d) => d,
            Err(e) => {
                check.error(e)?;
                plan.accept(check);
                continue;
            }
        };
        match old {
            Some(o) => {
                let mut changes = Vec::new();
                let (a, b) = (&o.details, &details);
                differs(&mut changes, "Group name", &a.name, &b.name, String::clone);
                differs(&mut changes, "Kind of group", &a.kind, &b.kind, |k| k.label().to_string());
                differs(&mut changes, "Room or location", &a.location, &b.location, show_text);
                differs(&mut changes, "Starts on", &Some(a.starts_on), &Some(b.starts_on), show_date);
                differs(&mut changes, "Ends on", &a.ends_on, &b.ends_on, show_date);
                differs(&mut changes, "Start time", &a.start_time, &b.start_time, |t| t.format("%H:%M").to_string());
                differs(&mut changes, "Length in minutes", &a.duration_minutes, &b.duration_minutes, u32::to_string);
                differs(&mut changes, "Schedule", &a.schedule, &b.schedule, |s| match s {
                    Some(s) if s.every_weeks == 1 => format!("every {}", crate::dates::weekday_code(s.weekday)),
                    Some(s) => format!("every {} weeks on {}", s.every_weeks, crate::dates::weekday_code(s.weekday)),
                    None => "(none)".into(),
                });
                differs(&mut changes, "Planned sessions", &a.planned_sessions, &b.planned_sessions, |n| {
                    n.map_or("(blank)".into(), |n| n.to_string())
                });
                differs(
                    &mut changes,
                    "Sessions needed to complete",
                    &a.completion.map(|c| c.min_attended),
                    &b.completion.map(|c| c.min_attended),
                    |n| n.map_or("(blank)".into(), |n| n.to_string()),
                );
                if !plan.accept(check) {
                    continue;
                }
                if changes.is_empty() {
                    plan.unchanged += 1;
                } else {
                    plan.change(row.number, details.name.clone(), changes);
                    plan.ops.push(Op::Edit { before: o.clone(), details });
                }
            }
            None => {
                if plan.accept(check) {
                    plan.added += 1;
                    plan.ops.push(Op::Add(details));
                }
            }
        }
    }
    Ok(plan)
}

pub(super) fn apply(tx: &Connection, ctx: &Context, ops: Vec<Op>) -> Result<()> {
    for op in ops {
        match op {
            Op::Add(details) => {
                groups::insert(tx, ctx.establishment_id, &details)?;
            }
            Op::Edit { before, details } => groups::update(tx, &before, &details)?,
        }
    }
    Ok(())
}
