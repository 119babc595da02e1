//! One-off events. An event is kept as a group with exactly one session and no roster or
//! schedule (the `event` table says which groups are events, and of what kind), so its register
//! takes drop-ins, new people and headcounts as any register does, and a person's full record,
//! erasure and the audit trail need nothing of their own. The rules that keep it one-off live
//! here: no enrolment, no second session, no schedule; and events stay out of the groups' lists
//! and figures (the return gives them a section of their own).

use super::audit::Action;
use super::rows::{date, iso, time};
use super::{groups, sessions, Store};
use crate::actor::{Act, Actor};
use crate::error::{Error, Result};
use crate::model::*;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

/// How long an event's session is taken to last (events have no duration to give).
const EVENT_MINUTES: u32 = 120;

impl Store {
    /// Adds an event at `establishment`: its record and its one session, in one transaction. A
    /// past date is allowed (an event keyed in afterwards); so is a future one (planned ahead).
    pub fn add_event(&mut self, actor: &Actor, establishment: EstablishmentId, details: &EventDetails) -> Result<Event> {
        actor.require(Act::WriteRecords)?;
        let details = details.normalised()?;
        self.write(actor, Action::AddEvent, |tx| {
            super::establishments::by_id(tx, establishment)?;
            insert(tx, establishment, &details)
        })
    }

    /// The events at `establishment` from `from` to `to` (inclusive), by date and time.
    pub fn events(&self, actor: &Actor, establishment: EstablishmentId, from: NaiveDate, to: NaiveDate) -> Result<Vec<Event>> {
        actor.require(Act::ReadRecords)?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {EVENT} FROM event v JOIN recovery_group g ON g.id = v.group_id JOIN session s ON s.group_id = g.id
              WHERE g.establishment_id = ?1 AND s.held_on BETWEEN ?2 AND ?3
              ORDER BY s.held_on, s.start_time, g.name COLLATE folded"
        ))?;
        let rows = stmt.query_map(params![establishment, iso(from), iso(to)], event)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

const EVENT: &str = "s.id, g.id, g.establishment_id, v.kind, v.title, s.held_on, s.start_time, g.location";

fn event(r: &rusqlite::Row<'_>) -> rusqlite::Result<Event> {
    Ok(Event {
        session_id: r.get(0)?,
        group_id: r.get(1)?,
        establishment_id: r.get(2)?,
        details: EventDetails { kind: r.get(3)?, title: r.get(4)?, held_on: date(r, 5)?, start_time: time(r, 6)?, place: r.get(7)? },
    })
}

/// The events `person` came to, newest first.
pub(crate) fn attended_by(conn: &Connection, person: ParticipantId) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {EVENT} FROM attendance a JOIN session s ON s.id = a.session_id JOIN recovery_group g ON g.id = s.group_id
           JOIN event v ON v.group_id = g.id
          WHERE a.participant_id = ?1 AND a.mark <> 'absent'
          ORDER BY s.held_on DESC, s.start_time DESC"
    ))?;
    let rows = stmt.query_map([person], event)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Writes an event (details already checked): its group, its `event` row and its one session.
pub(crate) fn insert(tx: &Connection, establishment: EstablishmentId, details: &EventDetails) -> Result<Event> {
    let name = details.listed_name();
    if groups::name_taken_by(tx, establishment, &name)?.is_some() {
        return Err(Error::conflict("title", format!("there is already an event or group called '{name}'")));
    }
    let group = GroupDetails {
        name,
        kind: GroupKind::Other,
        location: details.place.clone(),
        starts_on: details.held_on,
        ends_on: Some(details.held_on),
        start_time: details.start_time,
        duration_minutes: EVENT_MINUTES,
        schedule: None,
        planned_sessions: None,
        completion: None,
        facilitators: Vec::new(),
    };
    let group = groups::insert_row(tx, establishment, &group)?;
    tx.prepare_cached("INSERT INTO event (group_id, kind, title) VALUES (?1, ?2, ?3)")?.execute(params![
        group.id,
        details.kind,
        details.title
    ])?;
    let session = sessions::insert(tx, &group, details.held_on, details.start_time, false)?;
    Ok(Event { session_id: session.id, group_id: group.id, establishment_id: establishment, details: details.clone() })
}

/// The kind of event `group` is, or none for a group.
pub(crate) fn kind_of(conn: &Connection, group: GroupId) -> Result<Option<EventKind>> {
    Ok(conn.prepare_cached("SELECT kind FROM event WHERE group_id = ?1")?.query_row([group], |r| r.get(0)).optional()?)
}

/// Refuses what makes an event more than a one-off: a roster, a second session, a schedule.
pub(crate) fn refuse_if_event(conn: &Connection, group: GroupId, what: &str) -> Result<()> {
    let name: Option<String> = conn
        .prepare_cached("SELECT g.name FROM event v JOIN recovery_group g ON g.id = v.group_id WHERE v.group_id = ?1")?
        .query_row([group], |r| r.get(0))
        .optional()?;
    match name {
        Some(name) => Err(Error::invalid("group", format!("'{name}' is a one-off event: {what}"))),
        None => Ok(()),
    }
}

/// SQL that is true for a group alias `g` that is not an event.
pub(crate) const NOT_AN_EVENT: &str = "NOT EXISTS (SELECT 1 FROM event v WHERE v.group_id = g.id)";
