//! "Send changes": one file for the team, holding every row this PC has whose version some other
//! PC still in the team may not hold (its own changes and those it took in from others).

use super::known;
use super::tables::TRAVELLING;
use super::ThisPc;
use crate::actor::{Act, Actor};
use crate::change_file::{self, Cell, Changes, Holding, Manifest, RowChange, SeqRange, TableChanges};
use crate::error::{Error, Result};
use crate::store::Action;
use crate::store::{Record, Store};
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SentChanges {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub rows: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
}

impl Store {
    /// Writes the team's change file to `path` (whole or not at all), then records that it was
    /// sent. Names never appear outside the seal.
    pub fn send_changes(&mut self, actor: &Actor, path: &Path) -> Result<SentChanges> {
        actor.require(Act::WriteRecords)?;
        actor.require(Act::ExportPersonalData)?;
        let bytes = self.change_file_bytes()?;
        let rows = change_file::read_manifest(&bytes).map(|u| u.manifest.rows).unwrap_or(0);
        crate::files::write_whole(path, &bytes)?;
        let sent = SentChanges { rows, bytes: bytes.len() as u64 };
        self.write_about(Some(actor.staff_id), Action::SendChanges, Record::none().detail(format!("{rows} rows")), |_| Ok(()))?;
        Ok(sent)
    }

    /// The bytes of a change file, as `send_changes` writes them (the benchmark times this).
    pub fn change_file_bytes(&self) -> Result<Vec<u8>> {
        let me = ThisPc::required(&self.conn)?;
        let others = super::active_members(&self.conn)?.into_iter().filter(|m| *m != me.device).count();
        if others == 0 {
            return Err(Error::invalid("team", "there is no other PC in the team yet: add one with a joining file first"));
        }
        let key = self.sealing_key(&me)?;
        let floor = known::held_by_all_others(&self.conn, me.device)?;
        let mut changes = gather(&self.conn, &floor)?;
        let trails = super::trails::outgoing(&self.conn, &me)?;
        changes.audit = trails.rows;
        changes.new_key = self.key_to_announce(&me)?;
        let ranges = ranges(&self.conn, &floor)?;
        let holds = known::holdings(&self.conn, me.device)?.into_iter().map(|(origin, seq)| Holding { origin, seq }).collect();
        let name: String =
            self.conn.query_row("SELECT name FROM team_pc WHERE id = ?1", [me.device.as_bytes().as_slice()], |r| r.get(0))?;
        let manifest = Manifest {
            format: change_file::FORMAT,
            schema: crate::store::SCHEMA_VERSION,
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            team: me.team,
            device: me.device,
            device_name: name,
            made_at: self.clock_now(),
            clock: me.clock.key(),
            ranges,
            holds,
            rows: 0,
            unpacked_bytes: 0,
            sha256: String::new(),
            audit_holds: trails.holds,
            audit_starts: trails.starts,
            key_fingerprint: self.key_fingerprint(&me)?,
        };
        let signer = ed25519_dalek::SigningKey::from_bytes(&me.signing_key);
        Ok(change_file::seal_changes(manifest, &changes, &key, &signer))
    }
}

/// A row's key and latest version, as `row_version` holds it.
struct Version {
    key: Vec<Cell>,
    stamp: String,
    device: uuid::Uuid,
    seq: i64,
    deleted: bool,
}

/// Every row whose version is above what all the other PCs hold from its origin, table by table
/// in the order they are applied.
fn gather(conn: &Connection, floor: &BTreeMap<uuid::Uuid, i64>) -> Result<Changes> {
    let mut by_table: BTreeMap<String, Vec<Version>> = BTreeMap::new();
    {
        let mut stmt =
            conn.prepare_cached("SELECT tbl, k1, k2, stamp, seq, deleted FROM row_version WHERE device = ?1 AND seq > ?2 ORDER BY seq")?;
        for (origin, above) in floor {
            let mut rows = stmt.query(rusqlite::params![origin.as_bytes().as_slice(), above])?;
            while let Some(r) = rows.next()? {
                let tbl: String = r.get(0)?;
                let mut key = vec![cell(r.get_ref(1)?)];
                let second = cell(r.get_ref(2)?);
                if second != Cell::Blob(Vec::new()) {
                    key.push(second);
                }
                by_table.entry(tbl).or_default().push(Version {
                    key,
                    stamp: r.get(3)?,
                    device: *origin,
                    seq: r.get(4)?,
                    deleted: r.get(5)?,
                });
            }
        }
    }
    let mut changes = Changes::default();
    for t in TRAVELLING {
        let Some(rows) = by_table.remove(t.name) else { continue };
        let columns = columns_sent(conn, t)?;
        let select = format!(
            "SELECT {} FROM {} WHERE {}",
            columns.join(", "),
            t.name,
            t.key.iter().enumerate().map(|(i, k)| format!("{k} = ?{}", i + 1)).collect::<Vec<_>>().join(" AND ")
        );
        let mut stmt = conn.prepare(&select)?;
        let mut out = Vec::with_capacity(rows.len());
        for Version { key, stamp, device, seq, deleted } in rows {
            let values = if deleted {
                None
            } else {
                let params: Vec<rusqlite::types::Value> = key.iter().map(super::take_in::value_of).collect();
                let mut found = stmt.query(rusqlite::params_from_iter(params))?;
                match found.next()? {
                    Some(r) => Some((0..columns.len()).map(|i| r.get_ref(i).map(cell)).collect::<rusqlite::Result<Vec<_>>>()?),
                    // Changed and then removed by an act not yet stamped: nothing to send.
                    None => None,
                }
            };
            out.push(RowChange { key, stamp, device, seq, values });
        }
        changes.tables.push(TableChanges { table: t.name.to_string(), columns, rows: out });
    }
    Ok(changes)
}

fn ranges(conn: &Connection, floor: &BTreeMap<uuid::Uuid, i64>) -> Result<Vec<SeqRange>> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare_cached("SELECT min(seq), max(seq) FROM row_version WHERE device = ?1 AND seq > ?2")?;
    for (origin, above) in floor {
        let (from, to): (Option<i64>, Option<i64>) =
            stmt.query_row(rusqlite::params![origin.as_bytes().as_slice(), above], |r| Ok((r.get(0)?, r.get(1)?)))?;
        if let (Some(from), Some(to)) = (from, to) {
            out.push(SeqRange { origin: *origin, from, to });
        }
    }
    Ok(out)
}

/// A travelling table's columns, but those that stay on each PC.
pub(super) fn columns_sent(conn: &Connection, t: &super::tables::Travelling) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("SELECT name FROM pragma_table_info('{}') ORDER BY cid", t.name))?;
    let names = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(names.into_iter().filter(|c| !t.local_columns.contains(&c.as_str())).collect())
}

pub(super) fn cell(v: ValueRef<'_>) -> Cell {
    match v {
        ValueRef::Null => Cell::Null,
        ValueRef::Integer(i) => Cell::Int(i),
        ValueRef::Real(r) => Cell::Real(r),
        ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Cell::Blob(b.to_vec()),
    }
}
