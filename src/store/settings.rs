//! Settings kept in the database, so every PC and every account sees the same.

use super::audit::{Action, Record};
use super::Store;
use crate::actor::{Act, Actor};
use crate::error::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension};

/// The lock screen after this many idle minutes, unless an administrator chose otherwise.
pub const DEFAULT_LOCK_MINUTES: u32 = 15;
/// Longer would leave a shared PC open to the next person in the room.
pub const MAX_LOCK_MINUTES: u32 = 30;

/// A setting's value, if one was ever saved.
pub(crate) fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

/// Saves a setting, replacing what was there (inside the caller's audited transaction).
pub(crate) fn put_setting(tx: &Connection, key: &str, value: &str) -> Result<()> {
    tx.execute("INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2", params![key, value])?;
    Ok(())
}

impl Store {
    pub fn lock_minutes(&self) -> Result<u32> {
        let raw = setting(self.connection(), "lock_minutes")?;
        Ok(raw.and_then(|v| v.parse().ok()).filter(|m| (1..=MAX_LOCK_MINUTES).contains(m)).unwrap_or(DEFAULT_LOCK_MINUTES))
    }

    pub fn set_lock_minutes(&mut self, actor: &Actor, minutes: u32) -> Result<u32> {
        actor.require(Act::ManageAccounts)?;
        if !(1..=MAX_LOCK_MINUTES).contains(&minutes) {
            return Err(Error::invalid("lock after", format!("must be between 1 and {MAX_LOCK_MINUTES} minutes")));
        }
        self.write_about(
            Some(actor.staff_id),
            Action::ChangeSetting,
            Record::none().detail(format!("lock after {minutes} minutes")),
            |tx| {
                put_setting(tx, "lock_minutes", &minutes.to_string())?;
                Ok(minutes)
            },
        )
    }
}

impl Store {
    /// Saves one setting with its audit row, in one transaction: for settings that belong to a
    /// higher layer (a report's column template), which says what the row records.
    pub(crate) fn write_setting(&mut self, actor: &Actor, key: &str, value: &str, record: Record) -> Result<()> {
        self.write_about(Some(actor.staff_id), Action::ChangeSetting, record, |tx| put_setting(tx, key, value))
    }

    /// The settings whose keys start with `prefix`, by key.
    pub(crate) fn settings_starting(&self, prefix: &str) -> Result<Vec<String>> {
        Ok(self
            .connection()
            .prepare("SELECT value FROM setting WHERE substr(key, 1, length(?1)) = ?1 ORDER BY key")?
            .query_map([prefix], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }
}
