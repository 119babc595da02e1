//! Changing the database key (a re-key): when an account is disabled, a password is reset or
//! changed, or an administrator asks. The database is re-encrypted in place and every slot
//! still allowed in gets the new key sealed to it, so a withdrawn password, or a copy of the key
//! file taken before, opens nothing written from then on.
//!
//! The steps, each safe to be cut short: (1) the new key file is staged beside the old; (2) the
//! old key is kept among the retired keys, so backups made before stay restorable by an
//! administrator; (3) SQLCipher re-encrypts every page in one transaction, in rollback-journal
//! mode (its journal keeps the old pages under the old key, so a crash rolls back whole);
//! (4) the staged file replaces the old; (5) the audit row. A log-in after a crash between (3)
//! and (4) finds the database opening with the staged file's key and keeps that file
//! (`access::settle_pending`).

use super::audit::{Action, Record};
use super::settings::{put_setting, setting};
use super::{now_utc, Store};
use crate::actor::{Act, Actor};
use crate::error::{Error, Result};
use crate::keys::{DatabaseKey, KEY_GENERATION};
use rusqlite::{params, Connection, OpenFlags};
use serde::Serialize;
use std::path::Path;

/// What a change of the database key did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyChanged {
    /// Accounts that can still log in (their slots got the new key).
    pub accounts_kept: u32,
    /// Slots left out: disabled accounts, and any slot from the first builds not yet updated.
    pub slots_removed: u32,
}

/// Notes, in an account change's own transaction, the generation of the key file staged for it.
pub(crate) fn note_generation(tx: &Connection, generation: Option<String>) -> Result<()> {
    if let Some(generation) = generation {
        put_setting(tx, KEY_GENERATION, &generation)?;
    }
    Ok(())
}

/// The generation `database` notes, if `key` opens it (`None` when it does not): how a log-in
/// tells whether a staged key file's change reached the database.
pub(crate) fn noted_generation(database: &Path, key: &DatabaseKey) -> Result<Option<Option<String>>> {
    let conn = Connection::open_with_flags(database, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    super::key_connection(&conn, key)?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
        Ok(_) => {}
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => return Ok(None),
        Err(e) => return Err(e.into()),
    }
    Ok(Some(setting(&conn, KEY_GENERATION)?))
}

impl Store {
    /// "Change the database key", asked for by an administrator (after a password may have
    /// been seen, or a key file copied).
    pub fn change_database_key(&mut self, actor: &Actor) -> Result<KeyChanged> {
        actor.require(Act::ManageAccounts)?;
        self.rekey(actor, "an administrator asked")
    }

    /// The re-key that follows withdrawing a password. The account change before it has already
    /// happened; if the re-key fails, the person is told so, and can ask for it again.
    pub(crate) fn rekey_after(&mut self, actor: &Actor, why: &str) -> Result<()> {
        if self.key.is_none() {
            return Ok(());
        }
        self.rekey(actor, why).map(|_| ()).map_err(|e| {
            Error::invalid("database key", format!("was not changed after {why} ({e}); change it under Accounts: Change the database key"))
        })
    }

    /// The keys backups may be under: today's first, then those retired by re-keys, newest first.
    pub(crate) fn backup_keys(&self) -> Result<Vec<DatabaseKey>> {
        let Some(current) = self.key.clone() else { return Ok(Vec::new()) };
        let mut keys = vec![current];
        keys.extend(self.retired_keys()?.iter().filter_map(|(k, _)| DatabaseKey::from_hex(k)));
        Ok(keys)
    }

    /// The retired keys as they are, to keep over a restore of an older backup.
    pub(crate) fn retired_keys(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare("SELECT key, retired_at FROM retired_key ORDER BY retired_at DESC")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn rekey(&mut self, actor: &Actor, why: &str) -> Result<KeyChanged> {
        let changed = self.rekey_with(actor, DatabaseKey::generate()?, why, None)?;
        self.settle_team_key()?;
        Ok(changed)
    }

    /// Re-keys to `new`: a new random key, or the key another PC of the team changed to (with
    /// the stamp of that change).
    pub(crate) fn rekey_with(&mut self, actor: &Actor, new: DatabaseKey, why: &str, team_stamp: Option<String>) -> Result<KeyChanged> {
        let old = self.key.clone().ok_or_else(|| Error::invalid("database", "is not encrypted, so it has no key to change"))?;
        let keep: Vec<String> = self
            .conn
            .prepare("SELECT username FROM staff WHERE disabled = 0 AND password_hash IS NOT NULL")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let file = self.key_file.as_mut().ok_or_else(|| Error::invalid("key file", "is not loaded; log in again"))?;
        file.reload()?;
        let (staged, removed) = file.rekeyed(&new, &keep)?;
        file.stage(&staged)?;
        let kept = staged.slot_count();
        let steps = (|| -> Result<()> {
            let tx = self.conn.transaction()?;
            tx.execute("INSERT OR IGNORE INTO retired_key (key, retired_at) VALUES (?1, ?2)", params![old.to_hex().as_str(), now_utc()])?;
            tx.commit()?;
            re_encrypt(&self.conn, &new)
        })();
        if let Err(e) = steps {
            if let Some(file) = self.key_file.as_ref() {
                file.abandon();
            }
            return Err(e);
        }
        self.key = Some(new);
        let file = self.key_file.as_mut().ok_or_else(|| Error::invalid("key file", "is not loaded; log in again"))?;
        let generation = staged.generation().to_string();
        file.commit(staged)?;
        let detail = format!(
            "after {why}: {} kept, {} left out",
            crate::text::counted(kept as u64, "account", "accounts"),
            crate::text::counted(removed as u64, "key slot", "key slots")
        );
        let now = self.clock_now().timestamp_millis();
        self.write_about(Some(actor.staff_id), Action::ChangeDatabaseKey, Record::none().detail(detail), |tx| {
            note_generation(tx, Some(generation))?;
            crate::store::team::note_rekey(tx, now, team_stamp)
        })?;
        Ok(KeyChanged { accounts_kept: kept as u32, slots_removed: removed as u32 })
    }
}

/// Re-encrypts the open database with `key`. SQLCipher rewrites every page in one transaction;
/// in rollback-journal mode, because its journal keeps the old pages under the old key (a crash
/// part-way rolls back to a database the old key opens), while WAL frames written under two
/// keys are not something it promises to read back. Refused while another connection (a second
/// window, the command line) holds the database, since those could not follow the change.
fn re_encrypt(conn: &Connection, key: &DatabaseKey) -> Result<()> {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    let mode: String = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(Error::conflict("database", "is open in another window or in the command line; close it and try again"));
    }
    let result = conn.execute_batch(&key.rekey_pragma());
    let back = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0));
    result?;
    back?;
    Ok(())
}
