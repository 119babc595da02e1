//! Sessions held without a cleared facilitator. Planning one stays refused; a session that did
//! take place is recorded by a member of staff who confirms it and says why, and it then shows
//! as an incident on the clearances report and in the audit trail.

use super::audit::Action;
use super::{now_utc, rows, sessions, Store};
use crate::actor::{Act, Actor};
use crate::dates;
use crate::error::{Error, Result};
use crate::model::*;
use crate::text;
use crate::views::UnclearedSession;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

impl Store {
    /// Records that a session took place although someone running it was not cleared here that
    /// day. `confirmed` is the person's own statement that it happened; the reason is kept with
    /// the rule's words at this moment. From then on its register, headcount and log are taken
    /// as for any held session.
    pub fn record_held_uncleared(&mut self, actor: &Actor, session_id: SessionId, reason: &str, confirmed: bool) -> Result<Session> {
        actor.require(Act::WriteRecords)?;
        if !confirmed {
            return Err(Error::invalid("confirmation", "confirm that the session took place before recording it"));
        }
        let reason = text::required("reason", reason, HELD_UNCLEARED_REASON_MAX)?;
        let today = self.today();
        self.write(actor, Action::RecordHeldUncleared, |tx| {
            let session = sessions::get(tx, session_id)?;
            if session.status == SessionStatus::Cancelled {
                return Err(Error::conflict("session", "was cancelled; reinstate it before recording that it was held"));
            }
            if session.held_on > today {
                return Err(Error::invalid(
                    "session",
                    format!(
                        "the session on {} has not happened yet: a session is planned only with cleared facilitators",
                        dates::display(session.held_on)
                    ),
                ));
            }
            if let Some(held) = &session.held_uncleared {
                return Err(Error::conflict(
                    "session",
                    format!("was already recorded as held without a cleared facilitator on {}", held.confirmed_at),
                ));
            }
            let (establishment, runners) = sessions::runners(tx, &session)?;
            let problem = match super::clearances::check_facilitators(tx, establishment, &runners, &[session.held_on]) {
                Ok(()) => {
                    return Err(Error::invalid(
                        "session",
                        format!("everyone running it is cleared here on {}: take the register as usual", dates::display(session.held_on)),
                    ))
                }
                Err(Error::NotCleared(problem)) => text::sentence_case(&problem),
                Err(other) => return Err(other),
            };
            tx.execute(
                "INSERT INTO session_held_uncleared (session_id, problem, reason, confirmed_by, confirmed_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![session_id, problem, reason, actor.staff_id, now_utc()],
            )?;
            tx.execute("UPDATE session SET status = 'held' WHERE id = ?1 AND status = 'planned'", [session_id])?;
            sessions::get(tx, session_id)
        })
    }
}

/// The incident recorded for a session, if it was held without a cleared facilitator.
pub(crate) fn of(conn: &Connection, session_id: SessionId) -> Result<Option<HeldUncleared>> {
    let mut stmt = conn.prepare_cached(
        "SELECT h.problem, h.reason, s.display_name, h.confirmed_at
           FROM session_held_uncleared h JOIN staff s ON s.id = h.confirmed_by
          WHERE h.session_id = ?1",
    )?;
    Ok(stmt.query_row([session_id], held).optional()?)
}

fn held(r: &rusqlite::Row<'_>) -> rusqlite::Result<HeldUncleared> {
    let at: String = r.get(3)?;
    Ok(HeldUncleared { problem: r.get(0)?, reason: r.get(1)?, confirmed_by: r.get(2)?, confirmed_at: dates::display_instant(&at) })
}

impl Store {
    /// The sessions at an establishment held without a cleared facilitator on or after `since`,
    /// newest first: the clearances report's incidents (the report checks who may read it).
    pub(crate) fn held_uncleared_since(&self, establishment: EstablishmentId, since: NaiveDate) -> Result<Vec<UnclearedSession>> {
        at_establishment(&self.conn, establishment, since)
    }
}

fn at_establishment(conn: &Connection, establishment: EstablishmentId, since: NaiveDate) -> Result<Vec<UnclearedSession>> {
    let mut stmt = conn.prepare_cached(
        "SELECT h.problem, h.reason, st.display_name, h.confirmed_at, s.id, s.held_on, g.name
           FROM session_held_uncleared h
           JOIN staff st ON st.id = h.confirmed_by
           JOIN session s ON s.id = h.session_id
           JOIN recovery_group g ON g.id = s.group_id
          WHERE g.establishment_id = ?1 AND s.held_on >= ?2
          ORDER BY s.held_on DESC, s.start_time DESC",
    )?;
    let found = stmt.query_map(params![establishment, rows::iso(since)], |r| {
        Ok(UnclearedSession { held: held(r)?, session_id: r.get(4)?, held_on: rows::date(r, 5)?, group_name: r.get(6)? })
    })?;
    Ok(found.collect::<rusqlite::Result<_>>()?)
}
