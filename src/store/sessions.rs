use super::rows::{self, hhmm, iso, SESSION};
use super::{audit::Action, clearances, facilitators, groups, now_utc, Store};
use crate::actor::{Act, Actor};
use crate::dates;
use crate::error::{Error, Result};
use crate::model::*;
use crate::rules::schedule;
use crate::text;
pub use crate::views::SessionListing;
use chrono::{NaiveDate, NaiveTime};
use rusqlite::{params, Connection, OptionalExtension};

impl Store {
    /// Creates the sessions the group's schedule puts within `from..=to` that do not exist yet.
    /// A programme stops at its planned number of sessions (cancelled ones are replaced).
    pub fn generate_sessions(&mut self, actor: &Actor, group_id: GroupId, from: NaiveDate, to: NaiveDate) -> Result<Vec<Session>> {
        actor.require(Act::WriteRecords)?;
        if to < from {
            return Err(Error::invalid("to", format!("{} is before {}", dates::display(to), dates::display(from))));
        }
        if (to - from).num_days() > 3 * 366 {
            return Err(Error::invalid("to", "generate at most three years of sessions at once"));
        }
        self.write(actor, Action::AddSessions, |tx| {
            let made = generate(tx, group_id, from, to)?;
            let days: Vec<NaiveDate> = made.iter().map(|s| s.held_on).collect();
            clearances::check_group_sessions(tx, group_id, &days)?;
            Ok(made)
        })
    }

    /// Adds a one-off session by hand (at the group's usual time unless `start_time` is given).
    pub fn add_session(&mut self, actor: &Actor, group_id: GroupId, on: NaiveDate, start_time: Option<NaiveTime>) -> Result<Session> {
        actor.require(Act::WriteRecords)?;
        self.write(actor, Action::AddSessions, |tx| {
            let group = groups::get(tx, group_id)?;
            super::events::refuse_if_event(tx, group_id, "it has one session, made with it")?;
            groups::check_date_within(&group, on, "date")?;
            let time = start_time.unwrap_or(group.details.start_time);
            if exists_at(tx, group_id, on, time)? {
                return Err(Error::conflict(
                    "date",
                    format!("the group already has a session on {} at {}", dates::display(on), hhmm(time)),
                ));
            }
            clearances::check_group_sessions(tx, group_id, &[on])?;
            insert(tx, &group, on, time, false)
        })
    }

    pub fn cancel_session(&mut self, actor: &Actor, id: SessionId, reason: CancellationReason, note: Option<&str>) -> Result<Session> {
        actor.require(Act::WriteRecords)?;
        let note = text::optional("cancellation note", note, 500)?;
        if reason == CancellationReason::Other && note.is_none() {
            return Err(Error::invalid("cancellation note", "say why when the reason is 'other'"));
        }
        self.write(actor, Action::CancelSession, |tx| {
            let session = get(tx, id)?;
            let attended: u32 =
                tx.query_row("SELECT count(*) FROM attendance WHERE session_id = ?1 AND mark <> 'absent'", [id], |r| r.get(0))?;
            if attended > 0 {
                return Err(Error::conflict(
                    "session",
                    format!("{attended} people are marked as attending it; it was held, so it cannot be cancelled"),
                ));
            }
            if session.status == SessionStatus::Cancelled {
                return Err(Error::conflict("session", "is already cancelled"));
            }
            let clearance = match reason {
                CancellationReason::FacilitatorNotCleared => {
                    let (establishment, who) = runners(tx, &session)?;
                    clearances::blocking_clearance(tx, establishment, &who, session.held_on)?
                }
                _ => None,
            };
            tx.execute(
                "UPDATE session SET status = 'cancelled', cancellation_reason = ?2, cancellation_note = ?3, cancelled_for_clearance = ?4
                  WHERE id = ?1",
                params![id, reason, note, clearance],
            )?;
            get(tx, id)
        })
    }

    /// Undoes a cancellation made in error: the session is planned again.
    pub fn reinstate_session(&mut self, actor: &Actor, id: SessionId) -> Result<Session> {
        actor.require(Act::WriteRecords)?;
        self.write(actor, Action::ReinstateSession, |tx| {
            let session = get(tx, id)?;
            if session.status != SessionStatus::Cancelled {
                return Err(Error::conflict("session", "is not cancelled"));
            }
            tx.execute(
                "UPDATE session SET status = 'planned', cancellation_reason = NULL, cancellation_note = NULL, cancelled_for_clearance = NULL
                  WHERE id = ?1",
                [id],
            )?;
            get(tx, id)
        })
    }

    /// The session log: topic, notes and who facilitated; `held` marks the meeting as held.
    pub fn log_session(&mut self, actor: &Actor, id: SessionId, log: &SessionLog, held: bool) -> Result<Session> {
        actor.require(Act::WriteRecords)?;
        let log = log.normalised()?;
        let today = self.today();
        self.write(actor, Action::LogSession, |tx| {
            let session = get(tx, id)?;
            if session.status == SessionStatus::Cancelled {
                return Err(Error::conflict("session", "is cancelled; reinstate it before logging it"));
            }
            if held && session.held_on > today {
                return Err(Error::invalid("status", format!("the session on {} has not happened yet", dates::display(session.held_on))));
            }
            facilitators::check_exist(tx, "facilitators", &log.facilitators)?;
            if held && session.held_uncleared.is_none() {
                let group = groups::get(tx, session.group_id)?;
                let who = if log.facilitators.is_empty() { &group.details.facilitators } else { &log.facilitators };
                clearances::check_facilitators(tx, group.establishment_id, who, &[session.held_on])?;
            }
            let status = if held { SessionStatus::Held } else { session.status };
            tx.execute("UPDATE session SET topic = ?2, notes = ?3, status = ?4 WHERE id = ?1", params![id, log.topic, log.notes, status])?;
            set_facilitators(tx, id, &log.facilitators)?;
            get(tx, id)
        })
    }

    pub fn session(&self, actor: &Actor, id: SessionId) -> Result<Session> {
        actor.require(Act::ReadRecords)?;
        get(&self.conn, id)
    }

    /// A group's session on a date (the earliest, if it met twice).
    pub fn session_on(&self, actor: &Actor, group_id: GroupId, on: NaiveDate) -> Result<Session> {
        actor.require(Act::ReadRecords)?;
        let id: Option<SessionId> = self
            .conn
            .query_row(
                "SELECT id FROM session WHERE group_id = ?1 AND held_on = ?2 ORDER BY start_time LIMIT 1",
                params![group_id, iso(on)],
                |r| r.get(0),
            )
            .optional()?;
        let id = id.ok_or_else(|| Error::not_found("session on", dates::display(on)))?;
        get(&self.conn, id)
    }

    /// Sessions between two dates, for one group, one establishment or all.
    pub fn sessions(
        &self,
        actor: &Actor,
        group_id: Option<GroupId>,
        establishment_id: Option<EstablishmentId>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<SessionListing>> {
        actor.require(Act::ReadRecords)?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {SESSION}, g.name, g.establishment_id,
                    (SELECT count(*) FROM attendance a WHERE a.session_id = s.id),
                    (SELECT v.kind FROM event v WHERE v.group_id = g.id)
               FROM session s JOIN recovery_group g ON g.id = s.group_id
              WHERE s.held_on BETWEEN ?1 AND ?2 AND (?3 IS NULL OR s.group_id = ?3)
                AND (?4 IS NULL OR g.establishment_id = ?4)
              ORDER BY s.held_on, s.start_time, g.name"
        ))?;
        let found = stmt.query_map(params![iso(from), iso(to), group_id, establishment_id], |r| {
            Ok(SessionListing {
                session: rows::session(r, 0)?,
                group_name: r.get(11)?,
                establishment_id: r.get(12)?,
                marks_recorded: r.get(13)?,
                event: r.get(14)?,
            })
        })?;
        let mut out: Vec<SessionListing> = found.collect::<rusqlite::Result<_>>()?;
        for listing in &mut out {
            listing.session.facilitators = facilitators_of(&self.conn, listing.session.id)?;
            listing.session.held_uncleared = super::uncleared::of(&self.conn, listing.session.id)?;
        }
        Ok(out)
    }
}

/// Who runs a session: those its log names, or else the group's facilitators.
pub(crate) fn runners(conn: &Connection, session: &Session) -> Result<(EstablishmentId, Vec<FacilitatorId>)> {
    let group = groups::get(conn, session.group_id)?;
    let logged = facilitators_of(conn, session.id)?;
    Ok((group.establishment_id, if logged.is_empty() { group.details.facilitators } else { logged }))
}

pub(crate) fn generate(tx: &Connection, group_id: GroupId, from: NaiveDate, to: NaiveDate) -> Result<Vec<Session>> {
    let group = groups::get(tx, group_id)?;
    let Some(plan) = group.details.schedule else {
        return Err(Error::invalid("schedule", "the group has no regular schedule; add sessions by hand"));
    };
    let mut remaining = match group.details.planned_sessions {
        Some(planned) => {
            let existing: u32 =
                tx.query_row("SELECT count(*) FROM session WHERE group_id = ?1 AND status <> 'cancelled'", [group_id], |r| r.get(0))?;
            planned.saturating_sub(existing)
        }
        None => u32::MAX,
    };
    let mut created = Vec::new();
    for day in schedule::meeting_dates(plan, group.details.starts_on, group.details.ends_on, from, to) {
        if remaining == 0 {
            break;
        }
        if exists_at(tx, group_id, day, group.details.start_time)? {
            continue;
        }
        created.push(insert(tx, &group, day, group.details.start_time, true)?);
        remaining -= 1;
    }
    Ok(created)
}

/// Inserts a planned session; the group's facilitators are its facilitators until the log says.
pub(crate) fn insert(tx: &Connection, group: &Group, on: NaiveDate, time: NaiveTime, from_schedule: bool) -> Result<Session> {
    let id = SessionId::new();
    tx.prepare_cached(
        "INSERT INTO session (id, group_id, held_on, start_time, status, from_schedule, created_at)
         VALUES (?1, ?2, ?3, ?4, 'planned', ?5, ?6)",
    )?
    .execute(params![id, group.id, iso(on), hhmm(time), from_schedule, now_utc()])?;
    set_facilitators(tx, id, &group.details.facilitators)?;
    Ok(Session {
        id,
        group_id: group.id,
        held_on: on,
        start_time: time,
        status: SessionStatus::Planned,
        cancellation_reason: None,
        cancellation_note: None,
        topic: None,
        notes: None,
        from_schedule,
        cancelled_for_clearance: None,
        facilitators: group.details.facilitators.clone(),
        held_uncleared: None,
    })
}

fn exists_at(tx: &Connection, group_id: GroupId, on: NaiveDate, time: NaiveTime) -> Result<bool> {
    Ok(tx.prepare_cached("SELECT 1 FROM session WHERE group_id = ?1 AND held_on = ?2 AND start_time = ?3")?.exists(params![
        group_id,
        iso(on),
        hhmm(time)
    ])?)
}

fn set_facilitators(tx: &Connection, id: SessionId, facilitators: &[FacilitatorId]) -> Result<()> {
    tx.prepare_cached("DELETE FROM session_facilitator WHERE session_id = ?1")?.execute([id])?;
    let mut stmt = tx.prepare_cached("INSERT INTO session_facilitator (session_id, facilitator_id) VALUES (?1, ?2)")?;
    for f in facilitators {
        stmt.execute(params![id, f])?;
    }
    Ok(())
}

fn facilitators_of(conn: &Connection, id: SessionId) -> Result<Vec<FacilitatorId>> {
    let mut stmt = conn.prepare_cached("SELECT facilitator_id FROM session_facilitator WHERE session_id = ?1 ORDER BY facilitator_id")?;
    let found = stmt.query_map([id], |r| r.get(0))?;
    Ok(found.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn get(conn: &Connection, id: SessionId) -> Result<Session> {
    let mut session = conn
        .prepare_cached(&format!("SELECT {SESSION} FROM session s WHERE s.id = ?1"))?
        .query_row([id], |r| rows::session(r, 0))
        .optional()?
        .ok_or_else(|| Error::not_found("session", id))?;
    session.facilitators = facilitators_of(conn, id)?;
    session.held_uncleared = super::uncleared::of(conn, id)?;
    Ok(session)
}
