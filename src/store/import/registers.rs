//! Past registers from a spreadsheet, one row per person per session: the session is found by
//! group and date (and start time, when a group met twice that day) or made, as held; the mark
//! replaces any mark held. Everyone marked must be on the group's roster that day, and a session
//! with anyone present goes through the same clearance rule as a register taken in the app.

use super::rosters::{group, groups_by_name, people_by_number, person};
use super::{count, Columns, Context, Plan, RowCheck};
use crate::dates::display;
use crate::error::{Error, Result};
use crate::exchange::{cells, Sheet};
use crate::model::*;
use crate::store::rows::{self, iso, ENROLMENT, MARK, SESSION};
use crate::store::{clearances, sessions};
use chrono::{NaiveDate, NaiveTime};
use rusqlite::{params, Connection};
use std::collections::HashMap;

/// A session the import writes to: one held, or one it will make.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum SessionKey {
    Held(SessionId),
    New(GroupId, NaiveDate, NaiveTime),
}

pub(crate) struct Op {
    session: SessionKey,
    mark: Mark,
}

struct GroupFacts {
    sessions: HashMap<NaiveDate, Vec<Session>>,
    enrolments: HashMap<ParticipantId, Vec<Enrolment>>,
}

fn facts(conn: &Connection, group_id: GroupId) -> Result<GroupFacts> {
    let mut sessions: HashMap<NaiveDate, Vec<Session>> = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!("SELECT {SESSION} FROM session s WHERE s.group_id = ?1"))?;
    for s in stmt.query_map([group_id], |r| rows::session(r, 0))? {
        let s = s?;
        sessions.entry(s.held_on).or_default().push(s);
    }
    let mut enrolments: HashMap<ParticipantId, Vec<Enrolment>> = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!("SELECT {ENROLMENT} FROM enrolment e WHERE e.group_id = ?1"))?;
    for e in stmt.query_map([group_id], |r| rows::enrolment(r, 0))? {
        let e = e?;
        enrolments.entry(e.participant_id).or_default().push(e);
    }
    Ok(GroupFacts { sessions, enrolments })
}

fn marks_held(conn: &Connection, session: SessionId) -> Result<HashMap<ParticipantId, Mark>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {MARK} FROM attendance a WHERE a.session_id = ?1"))?;
    let found = stmt.query_map([session], |r| rows::mark(r, 0))?;
    let mut out = HashMap::new();
    for m in found {
        let m = m?;
        out.insert(m.participant_id, m);
    }
    Ok(out)
}

fn show_mark(m: &Mark) -> String {
    match m.absence_reason {
        Some(r) => format!("{} ({})", m.mark.label(), r.label()),
        None => m.mark.label().to_string(),
    }
}

pub(super) fn plan(conn: &Connection, ctx: &Context, sheet: &Sheet, cols: &Columns<'_>) -> Result<Plan<Op>> {
    let people = people_by_number(conn, ctx)?;
    let groups = groups_by_name(conn, ctx)?;
    let mut facts_of: HashMap<GroupId, GroupFacts> = HashMap::new();
    let mut held_marks: HashMap<SessionId, HashMap<ParticipantId, Mark>> = HashMap::new();
    let mut plan = Plan::new();
    let mut seen: HashMap<(SessionKey, ParticipantId), u32> = HashMap::new();
    // Sessions with someone attending, for the clearance rule: the first row naming each.
    let mut attended: Vec<(SessionKey, u32)> = Vec::new();
    let mut new_sessions: Vec<SessionKey> = Vec::new();
    let mut without_reason = 0usize;
    for row in &sheet.rows {
        let mut check = RowCheck::new(cols, row);
        let group = group(&mut check, &groups);
        let held_on = check.parse_required("held_on", cells::date);
        let time = check.parse("start_time", cells::time);
        let person = person(&mut check, &people);
        let mark = check.parse_required("mark", |f, raw| {
            cells::one_of(
                f,
                raw,
                MarkKind::ALL,
                MarkKind::code,
                MarkKind::label,
                &[
                    ("p", MarkKind::Present),
                    ("/", MarkKind::Present),
                    ("✓", MarkKind::Present),
                    ("✔", MarkKind::Present),
                    ("yes", MarkKind::Present),
                    ("y", MarkKind::Present),
                    ("1", MarkKind::Present),
                    ("attended", MarkKind::Present),
                    ("l", MarkKind::Late),
                    ("le", MarkKind::LeftEarly),
                    ("left", MarkKind::LeftEarly),
                    ("a", MarkKind::Absent),
                    ("no", MarkKind::Absent),
                    ("n", MarkKind::Absent),
                    ("0", MarkKind::Absent),
                    ("dna", MarkKind::Absent),
                ],
            )
        });
        let reason = check.parse("absence_reason", |f, raw| {
            cells::one_of(
                f,
                raw,
                AbsenceReason::ALL,
                AbsenceReason::code,
                AbsenceReason::label,
                &[
                    ("sick", AbsenceReason::Unwell),
                    ("ill", AbsenceReason::Unwell),
                    ("lockdown", AbsenceReason::WingLockdown),
                    ("healthcare", AbsenceReason::Healthcare),
                    ("medical", AbsenceReason::Healthcare),
                    ("visit", AbsenceReason::Visit),
                    ("visits", AbsenceReason::Visit),
                    ("legal", AbsenceReason::LegalVisit),
                    ("no escort", AbsenceReason::NoEscort),
                    ("refused", AbsenceReason::Refused),
                    ("dna", AbsenceReason::ChoseNotToAttend),
                    ("did not attend", AbsenceReason::ChoseNotToAttend),
                ],
            )
        });
        let note = check.line("note");
        let (Some(group), Some(held_on), Some(person), Some(kind)) = (group, held_on, person, mark) else {
            plan.accept(check);
            continue;
        };
        if !check.ok() {
            plan.accept(check);
            continue;
        }
        let reason = match (kind, reason) {
            (MarkKind::Absent, None) => {
                without_reason += 1;
                Some(AbsenceReason::Other)
            }
            (MarkKind::Absent, r) => r,
            (k, Some(_)) => {
                check.problem("absence_reason", format!("is only given for an absence, not for '{}'", k.label()));
                None
            }
            (_, None) => None,
        };
        let mark = match (Mark { participant_id: person.id, mark: kind, absence_reason: reason, note }).normalised("mark") {
            Ok(m) => m,
            Err(Error::Invalid { problem, field }) => {
                let key = if field.ends_with("note") { "note" } else { "absence_reason" };
                check.problem(key, problem);
                plan.accept(check);
                continue;
            }
            Err(e) => return Err(e),
        };
        if let Err(e) = crate::store::groups::check_date_within(group, held_on, "held_on") {
            check.error(e)?;
        }
        if held_on > ctx.today && kind.attended() {
            check.problem(
                "held_on",
                format!("the session on {} has not happened yet; only absences can be recorded in advance", display(held_on)),
            );
        }
        if let std::collections::hash_map::Entry::Vacant(e) = facts_of.entry(group.id) {
            e.insert(facts(conn, group.id)?);
        }
        let facts = &facts_of[&group.id];
        let on_roster = facts.enrolments.get(&person.id).is_some_and(|es| es.iter().any(|e| e.covers(held_on)));
        if !on_roster {
            check.problem(
                "prison_number",
                format!(
                    "{} is not on {}'s roster on {}; import the roster first",
                    person.full_name(),
                    group.details.name,
                    display(held_on)
                ),
            );
        }
        let that_day: Vec<&Session> =
            facts.sessions.get(&held_on).into_iter().flatten().filter(|s| time.is_none_or(|t| s.start_time == t)).collect();
        let session = match that_day.as_slice() {
            [] => Some(SessionKey::New(group.id, held_on, time.unwrap_or(group.details.start_time))),
            [s] if s.status == SessionStatus::Cancelled => {
                check.problem(
                    "held_on",
                    format!("the session on {} was cancelled; reinstate it in the app to record its register", display(held_on)),
                );
                None
            }
            [s] => Some(SessionKey::Held(s.id)),
            _ => {
                check.problem(
                    "start_time",
                    format!("{} met more than once on {}; give the start time", group.details.name, display(held_on)),
                );
                None
            }
        };
        let Some(session) = session else {
            plan.accept(check);
            continue;
        };
        if let Some(first) = seen.insert((session, person.id), row.number) {
            check.problem("prison_number", format!("{} is also marked for this session on row {first}", person.full_name()));
        }
        if !plan.accept(check) {
            continue;
        }
        if kind.attended() && !attended.iter().any(|(k, _)| *k == session) {
            attended.push((session, row.number));
        }
        let old = match session {
            SessionKey::Held(id) => {
                if let std::collections::hash_map::Entry::Vacant(e) = held_marks.entry(id) {
                    e.insert(marks_held(conn, id)?);
                }
                held_marks[&id].get(&person.id).cloned()
            }
            SessionKey::New(..) => {
                if !new_sessions.contains(&session) {
                    new_sessions.push(session);
                }
                None
            }
        };
        match old {
            None => plan.added += 1,
            Some(old)
                if old.mark == mark.mark && old.absence_reason == mark.absence_reason && (old.note == mark.note || !cols.has("note")) =>
            {
                plan.unchanged += 1;
                continue;
            }
            Some(old) => {
                let record = format!("{}, {} {}", person.prison_number.clone().unwrap_or_default(), group.details.name, display(held_on));
                plan.change(row.number, record, vec![format!("Attendance: {} → {}", show_mark(&old), show_mark(&mark))]);
            }
        }
        plan.ops.push(Op { session, mark });
    }
    // The clearance rule, once per session with someone attending.
    for (session, row) in attended {
        let (establishment, runners, day) = match session {
            SessionKey::Held(id) => {
                let s = sessions::get(conn, id)?;
                let (est, runners) = sessions::runners(conn, &s)?;
                (est, runners, s.held_on)
            }
            SessionKey::New(group_id, day, _) => {
                let g = groups.values().find(|g| g.id == group_id).map(|g| g.details.facilitators.clone()).unwrap_or_default();
                (ctx.establishment_id, g, day)
            }
        };
        if let Err(e) = clearances::check_facilitators(conn, establishment, &runners, &[day]) {
            match e {
                Error::NotCleared(problem) | Error::Invalid { problem, .. } => {
                    plan.problems.push(crate::exchange::RowProblem { row, column: "facilitators".into(), problem })
                }
                other => return Err(other),
            }
        }
    }
    if !new_sessions.is_empty() {
        plan.notes.push(format!("{} not in the app yet will be added, as held.", count(new_sessions.len(), "session", "sessions")));
    }
    if without_reason > 0 {
        plan.notes.push(format!(
            "{} without a reason will be recorded as 'Other' (which counts against the person in the rate when able to attend).",
            count(without_reason, "absence", "absences")
        ));
    }
    Ok(plan)
}

pub(super) fn apply(tx: &Connection, ctx: &Context, ops: Vec<Op>) -> Result<()> {
    let mut made: HashMap<SessionKey, SessionId> = HashMap::new();
    let now = crate::store::now_utc();
    for op in ops {
        let id = match op.session {
            SessionKey::Held(id) => id,
            SessionKey::New(group_id, day, time) => match made.get(&op.session) {
                Some(id) => *id,
                None => {
                    let group = crate::store::groups::get(tx, group_id)?;
                    let s = sessions::insert(tx, &group, day, time, false)?;
                    made.insert(op.session, s.id);
                    s.id
                }
            },
        };
        let m = op.mark;
        tx.prepare_cached(
            "INSERT INTO attendance (session_id, participant_id, mark, absence_reason, note, recorded_at, recorded_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (session_id, participant_id) DO UPDATE SET
                mark = excluded.mark, absence_reason = excluded.absence_reason, note = excluded.note,
                recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by",
        )?
        .execute(params![id, m.participant_id, m.mark, m.absence_reason, m.note, now, ctx.actor.staff_id])?;
        if m.mark.attended() {
            // A past session with someone there was held (the register screen does the same).
            tx.prepare_cached("UPDATE session SET status = 'held' WHERE id = ?1 AND status = 'planned' AND held_on <= ?2")?
                .execute(params![id, iso(ctx.today)])?;
        }
    }
    Ok(())
}
