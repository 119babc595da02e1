use super::{audit::Action, now_utc, Store};
use crate::actor::{Act, Actor};
use crate::error::{Error, Result};
use crate::model::{Facilitator, FacilitatorId, NewFacilitator};
use rusqlite::{params, Connection, OptionalExtension};

pub(crate) const COLUMNS: &str = "f.id, f.name, f.kind, f.organisation, f.active, f.participant_id, f.peer_role";

pub(crate) fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Facilitator> {
    Ok(Facilitator {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: r.get(2)?,
        organisation: r.get(3)?,
        active: r.get(4)?,
        participant_id: r.get(5)?,
        peer_role: r.get(6)?,
    })
}

impl Store {
    pub fn add_facilitator(&mut self, actor: &Actor, new: &NewFacilitator) -> Result<Facilitator> {
        actor.require(Act::WriteRecords)?;
        let new = new.normalised()?;
        self.write(actor, Action::AddFacilitator, |tx| insert(tx, &new))
    }

    pub fn facilitators(&self, actor: &Actor) -> Result<Vec<Facilitator>> {
        actor.require(Act::ReadRecords)?;
        let mut stmt = self.conn.prepare(&format!("SELECT {COLUMNS} FROM facilitator f ORDER BY f.name COLLATE NOCASE"))?;
        let rows = stmt.query_map([], row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

pub(crate) fn insert(conn: &Connection, new: &NewFacilitator) -> Result<Facilitator> {
    let id = FacilitatorId::new();
    conn.prepare_cached("INSERT INTO facilitator (id, name, kind, organisation, active, created_at) VALUES (?1, ?2, ?3, ?4, 1, ?5)")?
        .execute(params![id, new.name, new.kind, new.organisation, now_utc()])?;
    Ok(Facilitator {
        id,
        name: new.name.clone(),
        kind: new.kind,
        organisation: new.organisation.clone(),
        active: true,
        participant_id: None,
        peer_role: None,
    })
}

/// Every id must name a facilitator; the error names the first that does not.
pub(crate) fn get(conn: &Connection, id: FacilitatorId) -> Result<Facilitator> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM facilitator f WHERE f.id = ?1"))?
        .query_row([id], row)
        .optional()?
        .ok_or_else(|| Error::not_found("facilitator", id))
}

pub(super) fn check_exist(conn: &Connection, field: &str, ids: &[FacilitatorId]) -> Result<()> {
    let mut stmt = conn.prepare_cached("SELECT 1 FROM facilitator WHERE id = ?1")?;
    for id in ids {
        if !stmt.exists([id])? {
            return Err(Error::invalid(field, format!("no facilitator has the id {id}")));
        }
    }
    Ok(())
}
