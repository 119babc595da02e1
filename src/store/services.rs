//! The directory of community services: recovery hubs, lived-experience recovery organisations,
//! cafés, mutual-aid meetings, rehab. Kept by hand here, or imported from a spreadsheet through
//! the one import pipeline (`store::import::services`), where a row matching a service already
//! held (same name and area, case and accents aside) updates it.

use super::audit::Action;
use super::{now_utc, Store};
use crate::actor::{Act, Actor};
use crate::error::{Error, Result};
use crate::model::*;
use rusqlite::{params, Connection, OptionalExtension, ToSql};

pub(crate) const SERVICE_COLUMNS: &str =
    "s.id, s.name, s.kind, s.area, s.address, s.phone, s.email, s.website, s.meeting_times, s.notes, s.active";

pub(crate) fn service(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<CommunityService> {
    let area: String = r.get(at + 3)?;
    Ok(CommunityService {
        id: r.get(at)?,
        name: r.get(at + 1)?,
        kind: r.get(at + 2)?,
        area_key: crate::model::liberation::area_key(&area),
        area,
        address: r.get(at + 4)?,
        phone: r.get(at + 5)?,
        email: r.get(at + 6)?,
        website: r.get(at + 7)?,
        meeting_times: r.get(at + 8)?,
        notes: r.get(at + 9)?,
        active: r.get(at + 10)?,
    })
}

pub(crate) fn get(conn: &Connection, id: ServiceId) -> Result<CommunityService> {
    conn.prepare_cached(&format!("SELECT {SERVICE_COLUMNS} FROM community_service s WHERE s.id = ?1"))?
        .query_row([id], |r| service(r, 0))
        .optional()?
        .ok_or_else(|| Error::not_found("service", id))
}

pub(crate) fn by_match_key(conn: &Connection, key: &str) -> Result<Option<CommunityService>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {SERVICE_COLUMNS} FROM community_service s WHERE s.match_key = ?1"))?
        .query_row([key], |r| service(r, 0))
        .optional()?)
}

/// A service's columns in the order both statements number them: ?1 the id, ?2 to ?11 the
/// details, ?12 the match key, ?13 the time (created and updated on insert, updated on update).
fn stored<'a>(
    id: &'a ServiceId,
    d: &'a ServiceDetails,
    kind: &'a ServiceKind,
    key: &'a dyn ToSql,
    now: &'a dyn ToSql,
) -> [&'a dyn ToSql; 13] {
    [id, &d.name, kind, &d.area, &d.address, &d.phone, &d.email, &d.website, &d.meeting_times, &d.notes, &d.active, key, now]
}

pub(crate) fn insert(tx: &Connection, d: &ServiceDetails, kind: ServiceKind) -> Result<CommunityService> {
    let key = ServiceDetails::match_key(&d.name, &d.area);
    if let Some(existing) = by_match_key(tx, &key)? {
        return Err(Error::conflict("name", format!("'{}' in {} is already in the directory", existing.name, existing.area)));
    }
    let id = ServiceId::new();
    let now = now_utc();
    tx.prepare_cached(
        "INSERT INTO community_service (id, name, kind, area, address, phone, email, website, meeting_times, notes, active,
                                        match_key, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
    )?
    .execute(stored(&id, d, &kind, &key, &now).as_slice())?;
    get(tx, id)
}

pub(crate) fn update(tx: &Connection, id: ServiceId, d: &ServiceDetails, kind: ServiceKind) -> Result<CommunityService> {
    let key = ServiceDetails::match_key(&d.name, &d.area);
    if let Some(other) = by_match_key(tx, &key)?.filter(|o| o.id != id) {
        return Err(Error::conflict("name", format!("'{}' in {} is already in the directory", other.name, other.area)));
    }
    tx.prepare_cached(
        "UPDATE community_service SET name = ?2, kind = ?3, area = ?4, address = ?5, phone = ?6, email = ?7, website = ?8,
                meeting_times = ?9, notes = ?10, active = ?11, match_key = ?12, updated_at = ?13 WHERE id = ?1",
    )?
    .execute(stored(&id, d, &kind, &key, &now_utc()).as_slice())?;
    get(tx, id)
}

impl Store {
    pub fn add_service(&mut self, actor: &Actor, details: &ServiceDetails) -> Result<CommunityService> {
        actor.require(Act::WriteRecords)?;
        let (d, kind) = details.normalised()?;
        self.write(actor, Action::AddService, |tx| insert(tx, &d, kind))
    }

    /// Changes a service; `active: false` keeps it (old referrals point at it) but out of the
    /// lists offered for new referrals.
    pub fn edit_service(&mut self, actor: &Actor, id: ServiceId, details: &ServiceDetails) -> Result<CommunityService> {
        actor.require(Act::WriteRecords)?;
        let (d, kind) = details.normalised()?;
        self.write(actor, Action::EditService, |tx| {
            get(tx, id)?;
            update(tx, id, &d, kind)
        })
    }

    pub fn service(&self, actor: &Actor, id: ServiceId) -> Result<CommunityService> {
        actor.require(Act::ReadRecords)?;
        get(&self.conn, id)
    }

    /// The directory by area then name; `area` matches case and accents aside; inactive services
    /// only when asked for.
    pub fn services(&self, actor: &Actor, area: Option<&str>, include_inactive: bool) -> Result<Vec<CommunityService>> {
        actor.require(Act::ReadRecords)?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {SERVICE_COLUMNS} FROM community_service s WHERE (?1 OR s.active = 1) ORDER BY s.area COLLATE folded, s.name COLLATE folded"
        ))?;
        let all: Vec<CommunityService> = stmt.query_map(params![include_inactive], |r| service(r, 0))?.collect::<rusqlite::Result<_>>()?;
        let wanted = area.map(crate::text::fold).filter(|a| !a.is_empty());
        Ok(all.into_iter().filter(|s| wanted.as_ref().is_none_or(|a| crate::text::fold(&s.area) == *a)).collect())
    }
}
