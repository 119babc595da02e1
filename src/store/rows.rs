//! Row mapping: one column list and one reader per type, so every query agrees on the shape.

use crate::model::*;
use chrono::{NaiveDate, NaiveTime};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ValueRef};
use rusqlite::Row;

/// Dates are stored as ISO text; chrono's own FromSql would do, but keeping it here makes the
/// storage format explicit and shared.
pub(super) struct IsoDate(pub NaiveDate);

impl FromSql for IsoDate {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        NaiveDate::parse_from_str(value.as_str()?, "%Y-%m-%d").map(IsoDate).map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}

pub(crate) fn date(row: &Row<'_>, idx: usize) -> rusqlite::Result<NaiveDate> {
    row.get::<_, IsoDate>(idx).map(|d| d.0)
}

pub(super) fn opt_date(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
    row.get::<_, Option<IsoDate>>(idx).map(|d| d.map(|d| d.0))
}

pub(crate) fn time(row: &Row<'_>, idx: usize) -> rusqlite::Result<NaiveTime> {
    let raw: String = row.get(idx)?;
    NaiveTime::parse_from_str(&raw, "%H:%M")
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e)))
}

pub(crate) fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// "?3, ?4, ?5" for `n` parameters starting at `first`.
pub(crate) fn placeholders(n: usize, first: usize) -> String {
    (first..first + n).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ")
}

/// The parameters of a query over a period and some establishments: ?1 the first day, ?2 the
/// day after the last (ISO), then the establishments' ids (`placeholders(ids.len(), 3)`).
pub(crate) fn period_and_establishments(from: NaiveDate, to: NaiveDate, ids: &[EstablishmentId]) -> Vec<rusqlite::types::Value> {
    let mut v: Vec<rusqlite::types::Value> = vec![iso(from).into(), iso(to).into()];
    v.extend(ids.iter().map(|id| rusqlite::types::Value::Blob(id.0.as_bytes().to_vec())));
    v
}

pub(super) fn hhmm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

pub(super) const PARTICIPANT: &str = "p.id, p.establishment_id, p.kind, p.prison_number, p.given_name, \
    p.family_name, p.date_of_birth, p.location, p.status, p.status_since, p.expected_liberation, p.printed_name";

pub(super) fn participant(row: &Row<'_>, at: usize) -> rusqlite::Result<Participant> {
    Ok(Participant {
        id: row.get(at)?,
        establishment_id: row.get(at + 1)?,
        kind: row.get(at + 2)?,
        prison_number: row.get(at + 3)?,
        given_name: row.get(at + 4)?,
        family_name: row.get(at + 5)?,
        date_of_birth: opt_date(row, at + 6)?,
        location: row.get(at + 7)?,
        status: row.get(at + 8)?,
        status_since: opt_date(row, at + 9)?,
        expected_liberation: opt_date(row, at + 10)?,
        printed_name: row.get(at + 11)?,
    })
}

pub(super) const ENROLMENT: &str = "e.id, e.group_id, e.participant_id, e.enrolled_on, e.left_on, e.leaving_reason, e.leaving_note";

pub(super) fn enrolment(row: &Row<'_>, at: usize) -> rusqlite::Result<Enrolment> {
    Ok(Enrolment {
        id: row.get(at)?,
        group_id: row.get(at + 1)?,
        participant_id: row.get(at + 2)?,
        enrolled_on: date(row, at + 3)?,
        left_on: opt_date(row, at + 4)?,
        leaving_reason: row.get(at + 5)?,
        leaving_note: row.get(at + 6)?,
    })
}

pub(super) const SESSION: &str = "s.id, s.group_id, s.held_on, s.start_time, s.status, \
    s.cancellation_reason, s.cancellation_note, s.topic, s.notes, s.from_schedule, s.cancelled_for_clearance";

/// Reads a session without its facilitators or an incident (the caller fills them in).
pub(super) fn session(row: &Row<'_>, at: usize) -> rusqlite::Result<Session> {
    Ok(Session {
        id: row.get(at)?,
        group_id: row.get(at + 1)?,
        held_on: date(row, at + 2)?,
        start_time: time(row, at + 3)?,
        status: row.get(at + 4)?,
        cancellation_reason: row.get(at + 5)?,
        cancellation_note: row.get(at + 6)?,
        topic: row.get(at + 7)?,
        notes: row.get(at + 8)?,
        from_schedule: row.get(at + 9)?,
        cancelled_for_clearance: row.get(at + 10)?,
        facilitators: Vec::new(),
        held_uncleared: None,
    })
}

pub(super) const GROUP: &str = "g.id, g.establishment_id, g.name, g.kind, g.location, g.starts_on, \
    g.ends_on, g.start_time, g.duration_minutes, g.weekday, g.every_weeks, g.planned_sessions, \
    g.completion_min_attended, g.completion_excuses_regime, g.required_course";

/// How many columns `GROUP` lists: what a query selects after them starts here.
pub(super) const GROUP_WIDTH: usize = 15;

/// Reads a group without its facilitators (the caller fills them in).
pub(super) fn group(row: &Row<'_>, at: usize) -> rusqlite::Result<Group> {
    let weekday: Option<u32> = row.get(at + 9)?;
    let every_weeks: Option<u32> = row.get(at + 10)?;
    let schedule = match (weekday, every_weeks) {
        (Some(w), Some(n)) => Some(Schedule {
            weekday: chrono::Weekday::try_from((w - 1) as u8)
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(at + 9, rusqlite::types::Type::Integer, Box::new(e)))?,
            every_weeks: n,
        }),
        _ => None,
    };
    let min_attended: Option<u32> = row.get(at + 12)?;
    Ok(Group {
        id: row.get(at)?,
        establishment_id: row.get(at + 1)?,
        details: GroupDetails {
            name: row.get(at + 2)?,
            kind: row.get(at + 3)?,
            location: row.get(at + 4)?,
            starts_on: date(row, at + 5)?,
            ends_on: opt_date(row, at + 6)?,
            start_time: time(row, at + 7)?,
            duration_minutes: row.get(at + 8)?,
            schedule,
            planned_sessions: row.get(at + 11)?,
            completion: match min_attended {
                Some(min_attended) => Some(CompletionRule { min_attended, excuses_regime_absences: row.get(at + 13)? }),
                None => None,
            },
            facilitators: Vec::new(),
        },
        required_course: row.get(at + 14)?,
    })
}

pub(super) const MARK: &str = "a.participant_id, a.mark, a.absence_reason, a.note";

pub(super) fn mark(row: &Row<'_>, at: usize) -> rusqlite::Result<Mark> {
    Ok(Mark { participant_id: row.get(at)?, mark: row.get(at + 1)?, absence_reason: row.get(at + 2)?, note: row.get(at + 3)? })
}
