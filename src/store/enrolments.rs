use super::rows::{self, iso, ENROLMENT, PARTICIPANT};
use super::{audit::Action, groups, participants, Store};
use crate::actor::{Act, Actor};
use crate::dates;
use crate::error::{Error, Result};
use crate::model::*;
use crate::text;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

impl Store {
    /// Puts a person on a group's roster from `on`.
    pub fn enrol(&mut self, actor: &Actor, group_id: GroupId, participant_id: ParticipantId, on: NaiveDate) -> Result<Enrolment> {
        actor.require(Act::WriteRecords)?;
        self.write(actor, Action::Enrol, |tx| enrol(tx, group_id, participant_id, on))
    }

    /// Puts several people on a roster from `on`, all or none; an error names the person.
    pub fn enrol_many(&mut self, actor: &Actor, group_id: GroupId, people: &[ParticipantId], on: NaiveDate) -> Result<Vec<Enrolment>> {
        actor.require(Act::WriteRecords)?;
        self.write(actor, Action::Enrol, |tx| {
            people
                .iter()
                .map(|p| {
                    enrol(tx, group_id, *p, on).map_err(|e| match e {
                        Error::Invalid { field, problem } | Error::Conflict { field, problem } if field == "person" => {
                            let name = participants::get(tx, *p).map(|p| p.full_name()).unwrap_or(field);
                            Error::Invalid { field: name, problem }
                        }
                        other => other,
                    })
                })
                .collect()
        })
    }

    /// Takes a person off a group's roster from `on` (the first day they are no longer on it).
    pub fn leave(
        &mut self,
        actor: &Actor,
        group_id: GroupId,
        participant_id: ParticipantId,
        on: NaiveDate,
        reason: LeavingReason,
        note: Option<&str>,
    ) -> Result<Enrolment> {
        actor.require(Act::WriteRecords)?;
        let note = text::optional("leaving note", note, 500)?;
        self.write(actor, Action::Leave, |tx| {
            let open = tx
                .prepare_cached(&format!(
                    "SELECT {ENROLMENT} FROM enrolment e WHERE e.group_id = ?1 AND e.participant_id = ?2 AND e.left_on IS NULL"
                ))?
                .query_row(params![group_id, participant_id], |r| rows::enrolment(r, 0))
                .optional()?
                .ok_or_else(|| Error::invalid("person", "is not on this group's roster"))?;
            if on < open.enrolled_on {
                return Err(Error::invalid(
                    "leaving date",
                    format!("{} is before the person joined ({})", dates::display(on), dates::display(open.enrolled_on)),
                ));
            }
            tx.execute(
                "UPDATE enrolment SET left_on = ?2, leaving_reason = ?3, leaving_note = ?4 WHERE id = ?1",
                params![open.id, iso(on), reason, note],
            )?;
            Ok(Enrolment { left_on: Some(on), leaving_reason: Some(reason), leaving_note: note, ..open })
        })
    }

    /// Everyone on the roster on `day`, by family name.
    pub fn roster(&self, actor: &Actor, group_id: GroupId, day: NaiveDate) -> Result<Vec<RosterLine>> {
        actor.require(Act::ReadRecords)?;
        groups::get(&self.conn, group_id)?;
        roster(&self.conn, group_id, day)
    }

    /// Every enrolment of the group, past and present.
    pub fn enrolments_of_group(&self, actor: &Actor, group_id: GroupId) -> Result<Vec<RosterLine>> {
        actor.require(Act::ReadRecords)?;
        lines(&self.conn, "e.group_id = ?1", group_id)
    }

    pub fn enrolments_of_participant(&self, actor: &Actor, participant_id: ParticipantId) -> Result<Vec<Enrolment>> {
        actor.require(Act::ReadRecords)?;
        let mut stmt =
            self.conn.prepare(&format!("SELECT {ENROLMENT} FROM enrolment e WHERE e.participant_id = ?1 ORDER BY e.enrolled_on"))?;
        let found = stmt.query_map([participant_id], |r| rows::enrolment(r, 0))?;
        Ok(found.collect::<rusqlite::Result<_>>()?)
    }
}

pub(crate) fn enrol(tx: &Connection, group_id: GroupId, participant_id: ParticipantId, on: NaiveDate) -> Result<Enrolment> {
    let group = groups::get(tx, group_id)?;
    super::events::refuse_if_event(tx, group_id, "it has no roster; add the people who came at its register")?;
    participants::refuse_if_erased(tx, participant_id)?;
    let person = participants::get(tx, participant_id)?;
    if person.establishment_id != group.establishment_id {
        return Err(Error::invalid("person", "belongs to another establishment than the group"));
    }
    if !person.is_present_in_establishment() {
        return Err(Error::invalid(
            "person",
            format!("is {} and cannot join a group", person.status.map(|s| s.label()).unwrap_or("away").to_lowercase()),
        ));
    }
    if let Some(end) = group.details.ends_on.filter(|end| on > *end) {
        return Err(Error::invalid("enrolment date", format!("{} is after the group ended ({})", dates::display(on), dates::display(end))));
    }
    let overlapping: bool = tx
        .prepare_cached("SELECT 1 FROM enrolment WHERE group_id = ?1 AND participant_id = ?2 AND (left_on IS NULL OR left_on > ?3)")?
        .exists(params![group_id, participant_id, iso(on)])?;
    if overlapping {
        return Err(Error::conflict("person", "is already on this group's roster"));
    }
    let id = EnrolmentId::new();
    tx.prepare_cached("INSERT INTO enrolment (id, group_id, participant_id, enrolled_on) VALUES (?1, ?2, ?3, ?4)")?.execute(params![
        id,
        group_id,
        participant_id,
        iso(on)
    ])?;
    Ok(Enrolment { id, group_id, participant_id, enrolled_on: on, left_on: None, leaving_reason: None, leaving_note: None })
}

pub(super) fn roster(conn: &Connection, group_id: GroupId, day: NaiveDate) -> Result<Vec<RosterLine>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ENROLMENT}, {PARTICIPANT} FROM enrolment e JOIN participant p ON p.id = e.participant_id
          WHERE e.group_id = ?1 AND e.enrolled_on <= ?2 AND (e.left_on IS NULL OR e.left_on > ?2)
          ORDER BY p.family_name COLLATE folded, p.given_name COLLATE folded, p.id"
    ))?;
    let found = stmt.query_map(params![group_id, iso(day)], |r| {
        Ok(RosterLine { enrolment: rows::enrolment(r, 0)?, participant: rows::participant(r, 7)? })
    })?;
    Ok(found.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn all_of_group(conn: &Connection, group_id: GroupId) -> Result<Vec<RosterLine>> {
    lines(conn, "e.group_id = ?1", group_id)
}

fn lines(conn: &Connection, filter: &str, key: impl rusqlite::ToSql) -> Result<Vec<RosterLine>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {ENROLMENT}, {PARTICIPANT} FROM enrolment e JOIN participant p ON p.id = e.participant_id
          WHERE {filter} ORDER BY e.left_on IS NOT NULL, p.family_name COLLATE folded, p.given_name COLLATE folded, e.enrolled_on"
    ))?;
    let found = stmt.query_map([key], |r| Ok(RosterLine { enrolment: rows::enrolment(r, 0)?, participant: rows::participant(r, 7)? }))?;
    Ok(found.collect::<rusqlite::Result<_>>()?)
}
