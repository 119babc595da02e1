//! Recovery capital (BARC-10): an assessment recorded with the person's consent, their
//! assessments in order, and the figures the returns count (`rules::capital`).

use super::audit::{Action, Audited, Record};
use super::rows::{self, iso};
use super::{participants, Store};
use crate::actor::{Act, Actor};
use crate::error::{Error, Result};
use crate::model::*;
use crate::rules::capital::{self, CapitalFigures};
use chrono::NaiveDate;
use rusqlite::{params, params_from_iter, Connection};

impl Audited for CapitalAssessment {
    fn record(&self) -> Record {
        Record::of("person", self.participant_id).detail(format!("recovery capital {}", self.id))
    }
}

const COLUMNS: &str = "c.id, c.participant_id, c.taken_on, c.stage, c.scores, c.consent, c.on_passport, c.total";

fn assessment(r: &rusqlite::Row<'_>) -> rusqlite::Result<CapitalAssessment> {
    let scores: String = r.get(4)?;
    Ok(CapitalAssessment {
        id: r.get(0)?,
        participant_id: r.get(1)?,
        details: CapitalDetails {
            taken_on: rows::date(r, 2)?,
            stage: r.get(3)?,
            scores: scores.bytes().map(|b| b - b'0').collect(),
            consent: r.get(5)?,
            on_passport: r.get(6)?,
        },
        total: r.get(7)?,
    })
}

/// A person's assessments, oldest first.
pub(crate) fn assessments_of(conn: &Connection, person: ParticipantId) -> Result<Vec<CapitalAssessment>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM recovery_capital c WHERE c.participant_id = ?1 ORDER BY c.taken_on, c.id"))?
        .query_map([person], assessment)?
        .collect::<rusqlite::Result<_>>()?)
}

/// The figures from `from` to `to` (both inclusive) for `establishments`.
pub(crate) fn figures(conn: &Connection, establishments: &[EstablishmentId], from: NaiveDate, to: NaiveDate) -> Result<CapitalFigures> {
    // Everyone assessed in the period, with all their assessments up to its end.
    let sql = format!(
        "SELECT {COLUMNS} FROM recovery_capital c JOIN participant p ON p.id = c.participant_id
          WHERE c.taken_on <= ?2 AND p.establishment_id IN ({})
            AND EXISTS (SELECT 1 FROM recovery_capital x WHERE x.participant_id = c.participant_id AND x.taken_on BETWEEN ?1 AND ?2)",
        rows::placeholders(establishments.len(), 3)
    );
    let found: Vec<CapitalAssessment> = conn
        .prepare(&sql)?
        .query_map(params_from_iter(rows::period_and_establishments(from, to, establishments)), assessment)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(capital::figures(&found, from, to))
}

impl Store {
    /// Records a BARC-10 assessment: ten scores from 1 to 6, with the person's consent.
    pub fn record_capital(&mut self, actor: &Actor, person: ParticipantId, details: &CapitalDetails) -> Result<CapitalAssessment> {
        actor.require(Act::WriteRecords)?;
        let total = details.checked(self.today())?;
        self.write(actor, Action::RecordCapital, |tx| {
            participants::refuse_if_erased(tx, person)?;
            let p = participants::get(tx, person)?;
            if p.kind != ParticipantKind::InCustody {
                return Err(Error::invalid("person", "BARC-10 is recorded for people in custody"));
            }
            let id = CapitalId::new();
            let scores: String = details.scores.iter().map(|s| char::from(b'0' + s)).collect();
            let now = super::now_utc();
            tx.execute(
                "INSERT INTO recovery_capital (id, participant_id, taken_on, stage, scores, total, consent, on_passport, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8, ?8)",
                params![id, person, iso(details.taken_on), details.stage, scores, total, details.on_passport, now],
            )?;
            Ok(CapitalAssessment { id, participant_id: person, details: details.clone(), total })
        })
    }

    /// A person's BARC-10 assessments, oldest first.
    pub fn capital_of(&self, actor: &Actor, person: ParticipantId) -> Result<Vec<CapitalAssessment>> {
        actor.require(Act::ReadRecords)?;
        participants::get(&self.conn, person)?;
        assessments_of(&self.conn, person)
    }
}
