//! SVQ units: a qualification's units, each signed off for a candidate by an assessor, the
//! candidate's SQA number, their progress, and what an SVQ award needs before it is issued.

use super::audit::{Action, Audited, Record};
use super::rows::{self, iso};
use super::{awards, participants, Store};
use crate::actor::{Act, Actor};
use crate::dates;
use crate::error::{Error, Result};
use crate::model::svq;
use crate::model::*;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

impl Audited for UnitSignOff {
    fn record(&self) -> Record {
        Record::of("person", self.participant_id).detail(format!("unit sign-off {}", self.id))
    }
}

/// A candidate number set, about the person (a subject access request finds it).
pub struct CandidateNumberSet {
    pub participant_id: ParticipantId,
}

impl Audited for CandidateNumberSet {
    fn record(&self) -> Record {
        Record::of("person", self.participant_id).detail("SQA candidate number")
    }
}

fn unit_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Unit> {
    Ok(Unit { id: r.get(0)?, award_type_id: r.get(1)?, code: r.get(2)?, title: r.get(3)? })
}

fn sign_off_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<UnitSignOff> {
    Ok(UnitSignOff { id: r.get(0)?, participant_id: r.get(1)?, unit_id: r.get(2)?, assessor: r.get(3)?, signed_off_on: rows::date(r, 4)? })
}

pub(crate) fn units_of(conn: &Connection, award_type_id: AwardTypeId) -> Result<Vec<Unit>> {
    Ok(conn
        .prepare_cached("SELECT id, award_type_id, code, title FROM svq_unit WHERE award_type_id = ?1 ORDER BY position")?
        .query_map([award_type_id], unit_row)?
        .collect::<rusqlite::Result<_>>()?)
}

fn unit(conn: &Connection, id: UnitId) -> Result<Unit> {
    conn.prepare_cached("SELECT id, award_type_id, code, title FROM svq_unit WHERE id = ?1")?
        .query_row([id], unit_row)
        .optional()?
        .ok_or_else(|| Error::not_found("SVQ unit", id))
}

fn svq_type(conn: &Connection, id: AwardTypeId) -> Result<AwardType> {
    let t = awards::award_type(conn, id)?;
    if t.details.kind != AwardKind::Svq {
        return Err(Error::invalid("qualification", format!("'{}' is not an SVQ", t.details.title)));
    }
    Ok(t)
}

pub(crate) fn candidate_number_of(conn: &Connection, person: ParticipantId) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT candidate_number FROM sqa_candidate WHERE participant_id = ?1")?
        .query_row([person], |r| r.get(0))
        .optional()?)
}

/// A person's progress in every qualification they have a unit signed off in.
pub(crate) fn progress_of(conn: &Connection, person: ParticipantId) -> Result<Vec<SvqProgress>> {
    let types: Vec<AwardTypeId> = conn
        .prepare_cached(
            "SELECT u.award_type_id FROM unit_sign_off s JOIN svq_unit u ON u.id = s.unit_id
              WHERE s.participant_id = ?1 GROUP BY u.award_type_id ORDER BY min(s.signed_off_on)",
        )?
        .query_map([person], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    types.into_iter().map(|t| progress_in(conn, person, t)).collect()
}

fn progress_in(conn: &Connection, person: ParticipantId, award_type_id: AwardTypeId) -> Result<SvqProgress> {
    let kind = awards::award_type(conn, award_type_id)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, participant_id, unit_id, assessor, signed_off_on FROM unit_sign_off WHERE participant_id = ?1 AND unit_id = ?2",
    )?;
    let units = units_of(conn, award_type_id)?
        .into_iter()
        .map(|unit| Ok(UnitProgress { sign_off: stmt.query_row(params![person, unit.id], sign_off_row).optional()?, unit }))
        .collect::<Result<Vec<_>>>()?;
    Ok(SvqProgress {
        award_type_id,
        title: kind.details.title,
        svq_level: kind.details.svq_level,
        awarding_body: kind.details.awarding_body,
        signed_off: units.iter().filter(|u| u.sign_off.is_some()).count() as u32,
        total: units.len() as u32,
        units,
    })
}

/// What an SVQ award needs of its candidate: their SQA number, and every unit the
/// qualification has been given signed off. Returns the number to print.
pub(crate) fn ready_for_certificate(conn: &Connection, kind: &AwardType, person: &Participant) -> Result<String> {
    let number = candidate_number_of(conn, person.id)?.ok_or_else(|| {
        Error::invalid("SQA candidate number", format!("{} has none recorded; record it on their page first", person.full_name()))
    })?;
    let progress = progress_in(conn, person.id, kind.id)?;
    if let Some(missing) = progress.units.iter().find(|u| u.sign_off.is_none()) {
        return Err(Error::invalid(
            person.full_name(),
            format!(
                "has {} of the {} units signed off (still to do: {} {})",
                progress.signed_off, progress.total, missing.unit.code, missing.unit.title
            ),
        ));
    }
    Ok(number)
}

impl Store {
    /// Adds units to an SVQ, after those it has, in the order given (one transaction).
    pub fn add_units(&mut self, actor: &Actor, award_type_id: AwardTypeId, units: &[NewUnit]) -> Result<Vec<Unit>> {
        actor.require(Act::WriteRecords)?;
        if units.is_empty() {
            return Err(Error::invalid("units", "give at least one unit"));
        }
        let units = units.iter().map(NewUnit::normalised).collect::<Result<Vec<_>>>()?;
        self.write(actor, Action::AddUnit, |tx| {
            svq_type(tx, award_type_id)?;
            let mut position: u32 =
                tx.query_row("SELECT coalesce(max(position), 0) FROM svq_unit WHERE award_type_id = ?1", [award_type_id], |r| r.get(0))?;
            let mut added = Vec::with_capacity(units.len());
            for u in &units {
                let taken = tx
                    .prepare_cached("SELECT 1 FROM svq_unit WHERE award_type_id = ?1 AND code = ?2")?
                    .exists(params![award_type_id, u.code])?;
                if taken {
                    return Err(Error::conflict("unit code", format!("{} is already a unit of this qualification", u.code)));
                }
                position += 1;
                let id = UnitId::new();
                tx.prepare_cached(
                    "INSERT INTO svq_unit (id, award_type_id, code, title, position, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![id, award_type_id, u.code, u.title, position, super::now_utc()])?;
                added.push(Unit { id, award_type_id, code: u.code.clone(), title: u.title.clone() });
            }
            Ok(added)
        })
    }

    pub fn units(&self, actor: &Actor, award_type_id: AwardTypeId) -> Result<Vec<Unit>> {
        actor.require(Act::ReadRecords)?;
        svq_type(&self.conn, award_type_id)?;
        units_of(&self.conn, award_type_id)
    }

    /// Records that an assessor signed off a unit for a person on a date.
    pub fn sign_off_unit(
        &mut self,
        actor: &Actor,
        person: ParticipantId,
        unit_id: UnitId,
        assessor: &str,
        on: NaiveDate,
    ) -> Result<UnitSignOff> {
        actor.require(Act::WriteRecords)?;
        let assessor = svq::assessor(assessor)?;
        if on > self.today() {
            return Err(Error::invalid("sign-off date", format!("{} is in the future", dates::display(on))));
        }
        self.write(actor, Action::SignOffUnit, |tx| {
            participants::refuse_if_erased(tx, person)?;
            let p = participants::get(tx, person)?;
            let u = unit(tx, unit_id)?;
            if awards::award_type(tx, u.award_type_id)?.establishment_id != p.establishment_id {
                return Err(Error::invalid("unit", "belongs to a qualification at another establishment"));
            }
            let done: Option<String> = tx
                .prepare_cached("SELECT signed_off_on FROM unit_sign_off WHERE participant_id = ?1 AND unit_id = ?2")?
                .query_row(params![person, unit_id], |r| r.get(0))
                .optional()?;
            if let Some(done) = done {
                return Err(Error::conflict(
                    format!("unit {}", u.code),
                    format!("was signed off for {} on {}", p.full_name(), dates::display(dates::parse("date", &done)?)),
                ));
            }
            let id = UnitSignOffId::new();
            tx.prepare_cached(
                "INSERT INTO unit_sign_off (id, participant_id, unit_id, assessor, signed_off_on, recorded_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![id, person, unit_id, assessor, iso(on), actor.staff_id, super::now_utc()])?;
            Ok(UnitSignOff { id, participant_id: person, unit_id, assessor, signed_off_on: on })
        })
    }

    /// Records (or corrects) the person's SQA candidate number.
    pub fn set_candidate_number(&mut self, actor: &Actor, person: ParticipantId, number: &str) -> Result<String> {
        actor.require(Act::WriteRecords)?;
        let number = svq::candidate_number(number)?;
        self.write(actor, Action::SetCandidateNumber, |tx| {
            participants::refuse_if_erased(tx, person)?;
            participants::get(tx, person)?;
            tx.execute(
                "INSERT INTO sqa_candidate (participant_id, candidate_number, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (participant_id) DO UPDATE SET candidate_number = excluded.candidate_number, updated_at = excluded.updated_at",
                params![person, number, super::now_utc()],
            )?;
            Ok(CandidateNumberSet { participant_id: person })
        })?;
        Ok(number)
    }

    pub fn candidate_number(&self, actor: &Actor, person: ParticipantId) -> Result<Option<String>> {
        actor.require(Act::ReadRecords)?;
        candidate_number_of(&self.conn, person)
    }

    /// A person's progress in each qualification they have units signed off in.
    pub fn svq_progress(&self, actor: &Actor, person: ParticipantId) -> Result<Vec<SvqProgress>> {
        actor.require(Act::ReadRecords)?;
        participants::get(&self.conn, person)?;
        progress_of(&self.conn, person)
    }

    /// One qualification's progress for a person (every unit, signed off or not).
    pub fn svq_progress_in(&self, actor: &Actor, person: ParticipantId, award_type_id: AwardTypeId) -> Result<SvqProgress> {
        actor.require(Act::ReadRecords)?;
        participants::get(&self.conn, person)?;
        svq_type(&self.conn, award_type_id)?;
        progress_in(&self.conn, person, award_type_id)
    }
}

impl Store {
    /// What a person's record of units in one qualification prints: every unit, signed off or
    /// still to do.
    pub fn unit_record(&self, actor: &Actor, person: ParticipantId, award_type_id: AwardTypeId) -> Result<crate::views::UnitRecord> {
        actor.require(Act::ReadRecords)?;
        participants::refuse_if_erased(&self.conn, person)?;
        let p = participants::get(&self.conn, person)?;
        let kind = svq_type(&self.conn, award_type_id)?;
        let progress = progress_in(&self.conn, person, award_type_id)?;
        if progress.total == 0 {
            return Err(Error::invalid("qualification", format!("'{}' has no units yet", kind.details.title)));
        }
        Ok(crate::views::UnitRecord {
            centre: kind.details.issuing_organisation,
            name: p.name_as_printed(),
            candidate_number: candidate_number_of(&self.conn, person)?,
            qualification: progress.title,
            svq_level: progress.svq_level,
            awarding_body: progress.awarding_body,
            units: progress.units,
            signed_off: progress.signed_off,
            total: progress.total,
            prepared_on: self.today(),
        })
    }
}
