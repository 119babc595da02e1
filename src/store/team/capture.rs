//! Stamping an act's changes: the triggers have noted which travelling rows the act changed
//! (`pending_change`); before it commits, each gets the act's clock stamp and this PC's next
//! change number as its version. Nothing is noted while the PC is on its own.

use super::ThisPc;
use crate::error::Result;
use crate::rules::clock::Stamp;
use rusqlite::{params, Connection};

/// Called by `Store::write` inside the act's transaction. Returns the change number given, if
/// the act changed anything that travels.
pub(crate) fn stamp_act(tx: &Connection, now_ms: i64) -> Result<Option<i64>> {
    let pending: bool = tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM pending_change)")?.query_row([], |r| r.get(0))?;
    if !pending {
        return Ok(None);
    }
    let Some(me) = ThisPc::read(tx)? else {
        // Noted before the PC left its team (a restore): nothing to send to anyone.
        tx.execute("DELETE FROM pending_change", [])?;
        return Ok(None);
    };
    let stamp = Stamp::next(Some(me.clock), now_ms, me.device);
    let seq = me.next_seq;
    tx.prepare_cached(
        "INSERT INTO row_version (tbl, k1, k2, stamp, device, seq, deleted)
         SELECT tbl, k1, k2, ?1, ?2, ?3, deleted FROM pending_change WHERE true
         ON CONFLICT (tbl, k1, k2) DO UPDATE SET
             stamp = excluded.stamp, device = excluded.device, seq = excluded.seq, deleted = excluded.deleted",
    )?
    .execute(params![stamp.key(), me.device.as_bytes().as_slice(), seq])?;
    tx.execute("DELETE FROM pending_change", [])?;
    tx.prepare_cached("UPDATE this_pc SET clock = ?1, next_seq = ?2")?.execute(params![stamp.key(), seq + 1])?;
    super::known::raise(tx, me.device, me.device, seq)?;
    Ok(Some(seq))
}
