//! Rosters from a spreadsheet: who was in which group from when to when. A row matches an
//! enrolment held for the same person, group and joining date; any other overlap is refused.
//! Someone liberated or transferred since (their custody status says so) left their groups that
//! day, as a liberation recorded in the app would have ended them.

use super::{count, differs, prison_key, show_date, show_text, Columns, Context, Plan, RowCheck};
use crate::dates::display;
use crate::error::Result;
use crate::exchange::{cells, Sheet};
use crate::model::*;
use crate::store::rows::{self, iso, ENROLMENT, GROUP, PARTICIPANT};
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use std::collections::HashMap;

pub(crate) enum Op {
    Add {
        group_id: GroupId,
        participant_id: ParticipantId,
        enrolled_on: NaiveDate,
        left: Option<(NaiveDate, LeavingReason)>,
        note: Option<String>,
    },
    Edit {
        id: EnrolmentId,
        left: Option<(NaiveDate, LeavingReason)>,
        note: Option<String>,
    },
}

/// People at the establishment with a prison number, by number; erased records are no one's.
pub(super) fn people_by_number(conn: &Connection, ctx: &Context) -> Result<HashMap<String, Participant>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {PARTICIPANT} FROM participant p WHERE p.establishment_id = ?1 AND p.prison_number IS NOT NULL AND p.erased_on IS NULL"
    ))?;
    let found = stmt.query_map([ctx.establishment_id], |r| rows::participant(r, 0))?;
    let mut out = HashMap::new();
    for p in found {
        let p = p?;
        out.insert(p.prison_number.clone().unwrap_or_default(), p);
    }
    Ok(out)
}

/// The establishment's groups, by folded name.
pub(super) fn groups_by_name(conn: &Connection, ctx: &Context) -> Result<HashMap<String, Group>> {
    let mut stmt = conn.prepare(&format!("SELECT {GROUP} FROM recovery_group g WHERE g.establishment_id = ?1"))?;
    let found = stmt.query_map([ctx.establishment_id], |r| rows::group(r, 0))?;
    let mut out = HashMap::new();
    for g in found {
        let g = crate::store::groups::with_facilitators(conn, g?)?;
        out.insert(crate::text::fold(&g.details.name), g);
    }
    Ok(out)
}

pub(super) fn person<'p>(check: &mut RowCheck<'_>, people: &'p HashMap<String, Participant>) -> Option<&'p Participant> {
    let raw = check.required("prison_number")?;
    let found = people.get(&prison_key(raw));
    if found.is_none() {
        check.problem("prison_number", format!("no one with the prison number {} is held here; import the people first", raw.trim()));
    }
    found
}

pub(super) fn group<'g>(check: &mut RowCheck<'_>, groups: &'g HashMap<String, Group>) -> Option<&'g Group> {
    let raw = check.required("group")?;
    let found = groups.get(&crate::text::fold(raw));
    if found.is_none() {
        check.problem("group", format!("there is no group called '{}' here; import the groups first", raw.trim()));
    }
    found
}

fn overlaps(a_from: NaiveDate, a_to: Option<NaiveDate>, b_from: NaiveDate, b_to: Option<NaiveDate>) -> bool {
    a_to.is_none_or(|t| b_from < t) && b_to.is_none_or(|t| a_from < t)
}

pub(super) fn plan(conn: &Connection, ctx: &Context, sheet: &Sheet, cols: &Columns<'_>) -> Result<Plan<Op>> {
    let people = people_by_number(conn, ctx)?;
    let groups = groups_by_name(conn, ctx)?;
    let mut held: HashMap<(GroupId, ParticipantId), Vec<Enrolment>> = HashMap::new();
    let mut stmt = conn.prepare(&format!(
        "SELECT {ENROLMENT} FROM enrolment e JOIN recovery_group g ON g.id = e.group_id WHERE g.establishment_id = ?1"
    ))?;
    for e in stmt.query_map([ctx.establishment_id], |r| rows::enrolment(r, 0))? {
        let e = e?;
        held.entry((e.group_id, e.participant_id)).or_default().push(e);
    }
    let mut plan = Plan::new();
    // Rows already planned, per person and group: (row, from, to).
    type Spans = Vec<(u32, NaiveDate, Option<NaiveDate>)>;
    let mut planned: HashMap<(GroupId, ParticipantId), Spans> = HashMap::new();
    let (mut closed_by_custody, mut without_reason) = (0usize, 0usize);
    for row in &sheet.rows {
        let mut check = RowCheck::new(cols, row);
        let person = person(&mut check, &people);
        let group = group(&mut check, &groups);
        let enrolled_on = check.parse_required("enrolled_on", cells::date);
        let mut left_on = check.parse("left_on", cells::date);
        let reason = check.parse("leaving_reason", |f, raw| {
            cells::one_of(
                f,
                raw,
                LeavingReason::ALL,
                LeavingReason::code,
                LeavingReason::label,
                &[
                    ("released", LeavingReason::Liberated),
                    ("transfer", LeavingReason::Transferred),
                    ("withdrawn", LeavingReason::Withdrew),
                    ("complete", LeavingReason::Completed),
                ],
            )
        });
        let note = match check.line("leaving_note").map(|n| crate::text::optional("leaving note", Some(&n), 500)) {
            Some(Ok(n)) => n,
            Some(Err(e)) => {
                check.error(e)?;
                None
            }
            None => None,
        };
        let (Some(person), Some(group), Some(enrolled_on)) = (person, group, enrolled_on) else {
            plan.accept(check);
            continue;
        };
        if !check.ok() {
            plan.accept(check);
            continue;
        }
        let mut reason = reason;
        // Someone no longer here left every group by the day they went.
        if let (Some(gone @ (CustodyStatus::Liberated | CustodyStatus::Transferred)), Some(since)) = (person.status, person.status_since) {
            if enrolled_on > since {
                check.problem(
                    "enrolled_on",
                    format!(
                        "{} is after {} was {} ({})",
                        display(enrolled_on),
                        person.full_name(),
                        gone.label().to_lowercase(),
                        display(since)
                    ),
                );
            }
            match left_on {
                Some(l) if l > since => check.problem(
                    "left_on",
                    format!("{} is after {} was {} ({})", display(l), person.full_name(), gone.label().to_lowercase(), display(since)),
                ),
                Some(_) => {}
                None => {
                    left_on = Some(since.max(enrolled_on));
                    reason = Some(if gone == CustodyStatus::Liberated { LeavingReason::Liberated } else { LeavingReason::Transferred });
                    closed_by_custody += 1;
                }
            }
        }
        if let Some(l) = left_on.filter(|l| *l < enrolled_on) {
            check.problem("left_on", format!("{} is before they joined ({})", display(l), display(enrolled_on)));
        }
        if left_on.is_none() && reason.is_some() {
            check.problem("leaving_reason", "is given but 'left on' is empty");
        }
        if left_on.is_some() && reason.is_none() {
            reason = Some(LeavingReason::Other);
            without_reason += 1;
        }
        if enrolled_on > ctx.today {
            check.problem("enrolled_on", format!("{} is in the future", display(enrolled_on)));
        }
        if let Err(e) = crate::store::groups::check_date_within(group, enrolled_on, "enrolled_on") {
            check.error(e)?;
        }
        let left = left_on.zip(reason);
        let pair = (group.id, person.id);
        let same_day = held.get(&pair).and_then(|es| es.iter().find(|e| e.enrolled_on == enrolled_on));
        for other in held.get(&pair).into_iter().flatten().filter(|e| e.enrolled_on != enrolled_on) {
            if overlaps(enrolled_on, left_on, other.enrolled_on, other.left_on) {
                let until = other.left_on.map_or("now".to_string(), |l| format!("until {}", display(l)));
                check.problem(
                    "enrolled_on",
                    format!(
                        "{} is already on {}'s roster from {} {until}",
                        person.full_name(),
                        group.details.name,
                        display(other.enrolled_on)
                    ),
                );
            }
        }
        for (first, from, to) in planned.get(&pair).into_iter().flatten() {
            if overlaps(enrolled_on, left_on, *from, *to) {
                check.problem("enrolled_on", format!("{} in {} overlaps row {first}", person.full_name(), group.details.name));
            }
        }
        if !plan.accept(check) {
            continue;
        }
        planned.entry(pair).or_default().push((row.number, enrolled_on, left_on));
        let record = format!("{} in {}", person.prison_number.clone().unwrap_or_default(), group.details.name);
        match same_day {
            Some(old) => {
                // An empty note cell with no note column keeps the note held.
                let note = if cols.has("leaving_note") { note } else { old.leaving_note.clone() };
                let mut changes = Vec::new();
                differs(&mut changes, "Left on", &old.left_on, &left_on, show_date);
                differs(&mut changes, "Why they left", &old.leaving_reason, &reason, |r| {
                    r.map_or("(blank)".into(), |r| r.label().to_string())
                });
                differs(&mut changes, "Leaving note", &old.leaving_note, &note, show_text);
                if changes.is_empty() {
                    plan.unchanged += 1;
                } else {
                    plan.change(row.number, record, changes);
                    plan.ops.push(Op::Edit { id: old.id, left, note });
                }
            }
            None => {
                plan.added += 1;
                plan.ops.push(Op::Add { group_id: group.id, participant_id: person.id, enrolled_on, left, note });
            }
        }
    }
    if closed_by_custody > 0 {
        plan.notes.push(format!(
            "{} for people since liberated or transferred will end on that day, as the app ends them.",
            count(closed_by_custody, "place on a roster", "places on rosters")
        ));
    }
    if without_reason > 0 {
        plan.notes.push(format!("{} with a leaving date but no reason will say 'Other'.", count(without_reason, "place", "places")));
    }
    Ok(plan)
}

pub(super) fn apply(tx: &Connection, _ctx: &Context, ops: Vec<Op>) -> Result<()> {
    for op in ops {
        match op {
            Op::Add { group_id, participant_id, enrolled_on, left, note } => {
                tx.prepare_cached(
                    "INSERT INTO enrolment (id, group_id, participant_id, enrolled_on, left_on, leaving_reason, leaving_note)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![
                    EnrolmentId::new(),
                    group_id,
                    participant_id,
                    iso(enrolled_on),
                    left.map(|l| iso(l.0)),
                    left.map(|l| l.1),
                    note
                ])?;
            }
            Op::Edit { id, left, note } => {
                tx.prepare_cached("UPDATE enrolment SET left_on = ?2, leaving_reason = ?3, leaving_note = ?4 WHERE id = ?1")?
                    .execute(params![id, left.map(|l| iso(l.0)), left.map(|l| l.1), note])?;
            }
        }
    }
    Ok(())
}
