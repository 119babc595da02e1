//! What each PC of the team is known to hold: every change of an origin PC up to a number.
//! A PC's own holdings grow as it acts and takes files in; another PC's are learnt from the
//! files it sends. A change file carries what its sender holds that any other PC may not.

use crate::error::Result;
use rusqlite::{params, Connection};
use std::collections::BTreeMap;
use uuid::Uuid;

pub(crate) fn raise(tx: &Connection, member: Uuid, origin: Uuid, seq: i64) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO team_known (member, origin, seq) VALUES (?1, ?2, ?3)
         ON CONFLICT (member, origin) DO UPDATE SET seq = max(seq, excluded.seq)",
    )?
    .execute(params![member.as_bytes().as_slice(), origin.as_bytes().as_slice(), seq])?;
    Ok(())
}

/// Everything `member` is known to hold, by origin.
pub(crate) fn holdings(conn: &Connection, member: Uuid) -> Result<BTreeMap<Uuid, i64>> {
    let mut stmt = conn.prepare_cached("SELECT origin, seq FROM team_known WHERE member = ?1")?;
    let rows = stmt.query_map([member.as_bytes().as_slice()], |r| Ok((uuid_of(r.get::<_, Vec<u8>>(0)?), r.get::<_, i64>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// For each origin, the changes every other PC still in the team is known to hold: a file
/// carries the changes above it.
pub(crate) fn held_by_all_others(conn: &Connection, me: Uuid) -> Result<BTreeMap<Uuid, i64>> {
    let others = super::active_members(conn)?.into_iter().filter(|m| *m != me).collect::<Vec<_>>();
    let origins: Vec<Uuid> = {
        let mut stmt = conn.prepare_cached("SELECT DISTINCT device FROM row_version")?;
        let rows = stmt.query_map([], |r| Ok(uuid_of(r.get::<_, Vec<u8>>(0)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let held = others.iter().map(|m| holdings(conn, *m)).collect::<Result<Vec<_>>>()?;
    Ok(origins.into_iter().map(|origin| (origin, held.iter().map(|h| h.get(&origin).copied().unwrap_or(0)).min().unwrap_or(0))).collect())
}

pub(crate) fn uuid_of(bytes: Vec<u8>) -> Uuid {
    Uuid::from_slice(&bytes).unwrap_or_default()
}
