//! Every PC's audit trail reaches the others. A change file carries the entries of each PC's own
//! trail (from the first it made in the team) that some other PC may not hold yet: this PC's
//! from its `audit` table, the others' as it received them. On arrival each entry is checked
//! against its hash and the entry before, and kept in `team_audit` (append-only); a stretch of a
//! trail that has not arrived shows as a gap on the team's page.

use super::known::uuid_of;
use super::ThisPc;
use crate::change_file::{AuditRow, Holding};
use crate::error::{Error, Result};
use crate::model::StaffId;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeMap;
use uuid::Uuid;

/// What the sender's file carries of the audit trails, and what it says it holds.
pub(super) struct Outgoing {
    pub rows: Vec<AuditRow>,
    pub holds: Vec<Holding>,
    pub starts: Vec<Holding>,
}

pub(super) fn outgoing(conn: &Connection, me: &ThisPc) -> Result<Outgoing> {
    let others = super::active_members(conn)?.into_iter().filter(|m| *m != me.device).collect::<Vec<_>>();
    // For each trail, the entries every other PC is known to hold.
    let floor = |origin: Uuid| -> Result<i64> {
        let mut least = i64::MAX;
        for member in &others {
            let held: Option<i64> = conn
                .prepare_cached("SELECT seq FROM team_audit_known WHERE member = ?1 AND origin = ?2")?
                .query_row(params![member.as_bytes().as_slice(), origin.as_bytes().as_slice()], |r| r.get(0))
                .optional()?;
            least = least.min(held.unwrap_or(0));
        }
        Ok(if others.is_empty() { i64::MAX } else { least })
    };
    let mut rows = Vec::new();
    let mine_from = floor(me.device)?.max(me.audit_from - 1);
    let mut stmt = conn.prepare_cached(
        "SELECT seq, at, staff_id, workstation, action, record_kind, record_id, detail, hash,
                coalesce((SELECT hash FROM audit b WHERE b.seq = a.seq - 1), ?2)
         FROM audit a WHERE seq > ?1 ORDER BY seq",
    )?;
    let mine = stmt.query_map(params![mine_from, crate::store::audit::GENESIS], |r| entry(me.device, r))?;
    for row in mine {
        rows.push(row?);
    }
    let origins: Vec<Uuid> = conn
        .prepare_cached("SELECT DISTINCT device FROM team_audit")?
        .query_map([], |r| Ok(uuid_of(r.get(0)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut relay = conn.prepare_cached(
        "SELECT seq, at, staff_id, workstation, action, record_kind, record_id, detail, hash, previous
         FROM team_audit WHERE device = ?1 AND seq > ?2 ORDER BY seq",
    )?;
    for origin in origins {
        let found = relay.query_map(params![origin.as_bytes().as_slice(), floor(origin)?], |r| entry(origin, r))?;
        for row in found {
            rows.push(row?);
        }
    }
    let mut holds = vec![Holding { origin: me.device, seq: conn.query_row("SELECT coalesce(max(seq), 0) FROM audit", [], |r| r.get(0))? }];
    let held: Vec<(Vec<u8>, i64)> = conn
        .prepare_cached("SELECT device, max(seq) FROM team_audit GROUP BY device")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    holds.extend(held.into_iter().map(|(d, seq)| Holding { origin: uuid_of(d), seq }));
    let mut starts = vec![Holding { origin: me.device, seq: me.audit_from }];
    let known: Vec<(Vec<u8>, i64)> = conn
        .prepare_cached("SELECT device, first_seq FROM team_audit_start")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    starts.extend(known.into_iter().map(|(d, seq)| Holding { origin: uuid_of(d), seq }).filter(|h| h.origin != me.device));
    Ok(Outgoing { rows, holds, starts })
}

/// An entry read from `audit` or `team_audit` (seq, at, staff, workstation, action, record kind
/// and id, detail, hash, the hash before).
fn entry(device: Uuid, r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditRow> {
    Ok(AuditRow {
        device,
        seq: r.get(0)?,
        at: r.get(1)?,
        staff_id: r.get::<_, Option<Vec<u8>>>(2)?.map(uuid_of),
        workstation: r.get(3)?,
        action: r.get(4)?,
        record_kind: r.get(5)?,
        record_id: r.get(6)?,
        detail: r.get(7)?,
        hash: r.get(8)?,
        previous: r.get(9)?,
    })
}

/// Keeps the entries of other PCs' trails this PC did not hold, each checked against its hash
/// and, where the entry before is held, against that entry's. Returns how many were new.
pub(super) fn take_in(tx: &Connection, me: &ThisPc, sender: Uuid, rows: &[AuditRow], holds: &[Holding], starts: &[Holding]) -> Result<u64> {
    let names: BTreeMap<Uuid, String> = tx
        .prepare_cached("SELECT id, name FROM team_pc")?
        .query_map([], |r| Ok((uuid_of(r.get(0)?), r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let name = |d: &Uuid| names.get(d).cloned().unwrap_or_else(|| "a PC of the team".into());
    let mut new = 0;
    for row in rows.iter().filter(|r| r.device != me.device) {
        let staff = row.staff_id.map(StaffId);
        let hash = crate::store::audit::row_hash(
            &row.previous,
            row.seq,
            &row.at,
            staff,
            &row.workstation,
            &row.action,
            row.record_kind.as_deref(),
            row.record_id.as_deref(),
            row.detail.as_deref(),
        );
        let before: Option<String> = tx
            .prepare_cached("SELECT hash FROM team_audit WHERE device = ?1 AND seq = ?2")?
            .query_row(params![row.device.as_bytes().as_slice(), row.seq - 1], |r| r.get(0))
            .optional()?;
        if hash != row.hash || before.is_some_and(|b| b != row.previous) {
            return Err(Error::invalid(
                "change file",
                format!("{}'s audit trail does not hold together at entry {}; nothing was taken in", name(&row.device), row.seq),
            ));
        }
        new += tx
            .prepare_cached(
                "INSERT OR IGNORE INTO team_audit (device, seq, at, staff_id, workstation, action, record_kind, record_id, detail, hash, previous)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                row.device.as_bytes().as_slice(),
                row.seq,
                row.at,
                staff,
                row.workstation,
                row.action,
                row.record_kind,
                row.record_id,
                row.detail,
                row.hash,
                row.previous
            ])? as u64;
    }
    // The entry after each new one, if held, must follow on from it.
    let broken: Option<(Vec<u8>, i64)> = tx
        .query_row(
            "SELECT a.device, b.seq FROM team_audit a JOIN team_audit b ON b.device = a.device AND b.seq = a.seq + 1
             WHERE b.previous <> a.hash LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((device, seq)) = broken {
        return Err(Error::invalid(
            "change file",
            format!("{}'s audit trail does not hold together at entry {seq}; nothing was taken in", name(&uuid_of(device))),
        ));
    }
    for s in starts.iter().filter(|s| s.origin != me.device) {
        tx.execute(
            "INSERT INTO team_audit_start (device, first_seq) VALUES (?1, ?2) ON CONFLICT (device) DO NOTHING",
            params![s.origin.as_bytes().as_slice(), s.seq],
        )?;
    }
    for h in holds {
        raise(tx, sender, h.origin, h.seq)?;
    }
    let held: Vec<(Vec<u8>, i64)> = tx
        .prepare_cached("SELECT device, max(seq) FROM team_audit GROUP BY device")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (device, seq) in held {
        raise(tx, me.device, uuid_of(device), seq)?;
    }
    Ok(new)
}

fn raise(tx: &Connection, member: Uuid, origin: Uuid, seq: i64) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO team_audit_known (member, origin, seq) VALUES (?1, ?2, ?3)
         ON CONFLICT (member, origin) DO UPDATE SET seq = max(seq, excluded.seq)",
    )?
    .execute(params![member.as_bytes().as_slice(), origin.as_bytes().as_slice(), seq])?;
    Ok(())
}

/// Stretches of the other PCs' trails that have not arrived: "Café PC's audit trail: entries 12
/// to 30 have not arrived".
pub(crate) fn gaps(conn: &Connection) -> Result<Vec<String>> {
    let trails: Vec<(Vec<u8>, String, i64)> = conn
        .prepare(
            "SELECT s.device, coalesce(p.name, 'a PC of the team'), s.first_seq FROM team_audit_start s
             LEFT JOIN team_pc p ON p.id = s.device ORDER BY p.name",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (device, name, first) in trails {
        let held: Vec<i64> = conn
            .prepare_cached("SELECT seq FROM team_audit WHERE device = ?1 AND seq >= ?2 ORDER BY seq")?
            .query_map(params![device, first], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut expected = first;
        for seq in held {
            if seq > expected {
                out.push(if seq - 1 == expected {
                    format!("{name}'s audit trail: entry {expected} has not arrived")
                } else {
                    format!("{name}'s audit trail: entries {expected} to {} have not arrived", seq - 1)
                });
            }
            expected = seq + 1;
        }
    }
    Ok(out)
}
