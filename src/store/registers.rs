use super::rows::{self, MARK};
use super::{audit::Action, enrolments, groups, now_utc, sessions, Store};
use crate::actor::{Act, Actor};
use crate::dates;
use crate::error::{Error, Result};
use crate::model::*;
pub use crate::views::{Register, RegisterLine};
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RegisterSaved {
    pub session_id: SessionId,
    pub status: SessionStatus,
    /// Marks written by this save.
    pub saved: u32,
    /// People on the roster still without a mark.
    pub unmarked: u32,
}

impl Store {
    pub fn register(&self, actor: &Actor, session_id: SessionId) -> Result<Register> {
        actor.require(Act::ReadRecords)?;
        let session = sessions::get(&self.conn, session_id)?;
        let group = groups::get(&self.conn, session.group_id)?;
        let mut marks: HashMap<ParticipantId, Mark> =
            marks_of(&self.conn, session_id)?.into_iter().map(|m| (m.participant_id, m)).collect();
        let mut lines: Vec<RegisterLine> = enrolments::roster(&self.conn, session.group_id, session.held_on)?
            .into_iter()
            .map(|l| RegisterLine { mark: marks.remove(&l.participant.id), participant: l.participant })
            .collect();
        // Marks for people whose enrolment was later shortened stay visible rather than vanish.
        for (id, mark) in marks {
            let participant = super::participants::get(&self.conn, id)?;
            lines.push(RegisterLine { participant, mark: Some(mark) });
        }
        Ok(Register { session, group_name: group.details.name, lines })
    }

    /// Saves marks for a session in one transaction. Every person must be on the roster on the
    /// session's date; a session in the future takes only absences recorded in advance. Saving
    /// a mark that someone attended makes a planned session "held".
    pub fn take_register(&mut self, actor: &Actor, session_id: SessionId, marks: &[Mark]) -> Result<RegisterSaved> {
        actor.require(Act::WriteRecords)?;
        let marks: Vec<Mark> = marks.iter().enumerate().map(|(i, m)| m.normalised(&format!("mark {}", i + 1))).collect::<Result<_>>()?;
        let today = self.today();
        let attended = marks.iter().any(|m| m.mark != MarkKind::Absent);
        self.write(actor, Action::TakeRegister, |tx| {
            // Marking anyone present says the session was held: by people cleared to run it.
            if attended {
                let session = sessions::get(tx, session_id)?;
                let (establishment, runners) = sessions::runners(tx, &session)?;
                super::clearances::check_facilitators(tx, establishment, &runners, &[session.held_on])?;
            }
            save(tx, actor, session_id, &marks, today)
        })
    }

    /// "Everyone else present": marks present every person on the roster who has no mark yet,
    /// keeping absences recorded in advance.
    pub fn mark_all_present(&mut self, actor: &Actor, session_id: SessionId) -> Result<RegisterSaved> {
        actor.require(Act::WriteRecords)?;
        let today = self.today();
        self.write(actor, Action::TakeRegister, |tx| {
            let session = sessions::get(tx, session_id)?;
            let (establishment, runners) = sessions::runners(tx, &session)?;
            super::clearances::check_facilitators(tx, establishment, &runners, &[session.held_on])?;
            let marked: HashSet<ParticipantId> = marks_of(tx, session_id)?.into_iter().map(|m| m.participant_id).collect();
            // People whose records were erased stay on old rosters, but are never marked again.
            let mut marks = Vec::new();
            for l in enrolments::roster(tx, session.group_id, session.held_on)? {
                if !marked.contains(&l.participant.id) && super::participants::erased_on(tx, l.participant.id)?.is_none() {
                    marks.push(Mark::present(l.participant.id));
                }
            }
            save(tx, actor, session_id, &marks, today)
        })
    }
}

pub(crate) fn save(tx: &Connection, actor: &Actor, session_id: SessionId, marks: &[Mark], today: NaiveDate) -> Result<RegisterSaved> {
    let session = sessions::get(tx, session_id)?;
    if session.status == SessionStatus::Cancelled {
        return Err(Error::conflict(
            "session",
            format!(
                "was cancelled ({}); reinstate it before taking its register",
                session.cancellation_reason.map(|r| r.label()).unwrap_or("no reason").to_lowercase()
            ),
        ));
    }
    let roster: HashSet<ParticipantId> =
        enrolments::roster(tx, session.group_id, session.held_on)?.into_iter().map(|l| l.participant.id).collect();
    let in_future = session.held_on > today;
    let stored: HashMap<ParticipantId, Mark> = marks_of(tx, session_id)?.into_iter().map(|m| (m.participant_id, m)).collect();
    // A register saved again whole sends the marks of people whose records were erased as they
    // are: those are left alone; any change to them is refused.
    let mut unchanged_erased = HashSet::new();
    let mut seen = HashSet::new();
    for (i, m) in marks.iter().enumerate() {
        let field = format!("mark {}", i + 1);
        if !seen.insert(m.participant_id) {
            return Err(Error::invalid(field, "marks the same person twice"));
        }
        if !roster.contains(&m.participant_id) {
            return Err(not_on_roster(tx, &field, m.participant_id, session.held_on));
        }
        if let Some(on) = super::participants::erased_on(tx, m.participant_id)? {
            if stored.get(&m.participant_id) == Some(m) {
                unchanged_erased.insert(m.participant_id);
                continue;
            }
            return Err(Error::conflict(
                field,
                format!(
                    "this person's records were erased on {} after the retention period; their marks cannot change",
                    dates::display(on)
                ),
            ));
        }
        if in_future && m.mark != MarkKind::Absent {
            return Err(Error::invalid(
                field,
                format!(
                    "the session on {} has not happened yet; only absences can be recorded in advance",
                    dates::display(session.held_on)
                ),
            ));
        }
    }
    let now = now_utc();
    let mut upsert = tx.prepare_cached(
        "INSERT INTO attendance (session_id, participant_id, mark, absence_reason, note, recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (session_id, participant_id) DO UPDATE SET
            mark = excluded.mark, absence_reason = excluded.absence_reason, note = excluded.note,
            recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by",
    )?;
    for m in marks.iter().filter(|m| !unchanged_erased.contains(&m.participant_id)) {
        upsert.execute(params![session_id, m.participant_id, m.mark, m.absence_reason, m.note, now, actor.staff_id])?;
    }
    let mut status = session.status;
    if status == SessionStatus::Planned && !in_future && marks.iter().any(|m| m.mark.attended()) {
        status = SessionStatus::Held;
        tx.prepare_cached("UPDATE session SET status = 'held' WHERE id = ?1")?.execute([session_id])?;
    }
    let marked: HashSet<ParticipantId> = marks_of(tx, session_id)?.into_iter().map(|m| m.participant_id).collect();
    let unmarked = roster.iter().filter(|p| !marked.contains(p)).count() as u32;
    Ok(RegisterSaved { session_id, status, saved: (marks.len() - unchanged_erased.len()) as u32, unmarked })
}

fn not_on_roster(tx: &Connection, field: &str, id: ParticipantId, day: NaiveDate) -> Error {
    match super::participants::get(tx, id) {
        Ok(p) => Error::invalid(field, format!("{} is not on the group's roster on {}", p.full_name(), dates::display(day))),
        Err(_) => Error::invalid(field, format!("no person has the id {id}")),
    }
}

fn marks_of(conn: &Connection, session_id: SessionId) -> Result<Vec<Mark>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {MARK} FROM attendance a WHERE a.session_id = ?1"))?;
    let found = stmt.query_map([session_id], |r| rows::mark(r, 0))?;
    Ok(found.collect::<rusqlite::Result<_>>()?)
}
