use super::{audit::Action, now_utc, Store};
use crate::actor::{Act, Actor};
use crate::error::{Error, Result};
use crate::model::{Establishment, EstablishmentId, NewEstablishment};
use rusqlite::{params, Connection, OptionalExtension};

impl Store {
    pub fn add_establishment(&mut self, actor: &Actor, new: &NewEstablishment) -> Result<Establishment> {
        actor.require(Act::ManageEstablishments)?;
        let new = new.normalised()?;
        self.write(actor, Action::AddEstablishment, |tx| insert(tx, &new))
    }

    pub fn establishments(&self, actor: &Actor) -> Result<Vec<Establishment>> {
        actor.require(Act::ReadRecords)?;
        let mut stmt = self.conn.prepare("SELECT id, code, name FROM establishment ORDER BY code")?;
        let rows = stmt.query_map([], |r| Ok(Establishment { id: r.get(0)?, code: r.get(1)?, name: r.get(2)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// By short code (any case) or id.
    pub fn establishment(&self, actor: &Actor, key: &str) -> Result<Establishment> {
        actor.require(Act::ReadRecords)?;
        find(&self.conn, key)?.ok_or_else(|| Error::not_found("establishment", key.trim()))
    }
}

pub(crate) fn insert(conn: &Connection, new: &NewEstablishment) -> Result<Establishment> {
    if find(conn, &new.code)?.is_some() {
        return Err(Error::conflict("establishment code", format!("{} is already in use", new.code)));
    }
    let id = EstablishmentId::new();
    conn.execute(
        "INSERT INTO establishment (id, code, name, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![id, new.code, new.name, now_utc()],
    )?;
    // In a team, the PC that adds an establishment numbers its certificates until another is chosen.
    crate::store::team::number_here(conn, id)?;
    Ok(Establishment { id, code: new.code.clone(), name: new.name.clone() })
}

pub(super) fn find(conn: &Connection, key: &str) -> Result<Option<Establishment>> {
    let id: Option<EstablishmentId> = key.parse().ok();
    Ok(conn
        .query_row("SELECT id, code, name FROM establishment WHERE code = ?1 COLLATE NOCASE OR id = ?2", params![key.trim(), id], |r| {
            Ok(Establishment { id: r.get(0)?, code: r.get(1)?, name: r.get(2)? })
        })
        .optional()?)
}

pub(crate) fn by_id(conn: &Connection, id: EstablishmentId) -> Result<Establishment> {
    conn.query_row("SELECT id, code, name FROM establishment WHERE id = ?1", [id], |r| {
        Ok(Establishment { id: r.get(0)?, code: r.get(1)?, name: r.get(2)? })
    })
    .optional()?
    .ok_or_else(|| Error::not_found("establishment", id))
}
