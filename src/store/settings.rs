//! Settings kept in the database, so every PC and every account sees the same.

use super::audit::{Action, Record};
use super::Store;
use crate::actor::{Act, Actor};
use crate::error::{Error, Result};
use rusqlite::{params, OptionalExtension};

/// The lock screen after this many idle minutes, unless an administrator chose otherwise.
pub const DEFAULT_LOCK_MINUTES: u32 = 15;
/// Longer would leave a shared PC open to the next person in the room.
pub const MAX_LOCK_MINUTES: u32 = 30;

impl Store {
    pub fn lock_minutes(&self) -> Result<u32> {
        let raw: Option<String> =
            self.connection().query_row("SELECT value FROM setting WHERE key = 'lock_minutes'", [], |r| r.get(0)).optional()?;
        Ok(raw.and_then(|v| v.parse().ok()).filter(|m| (1..=MAX_LOCK_MINUTES).contains(m)).unwrap_or(DEFAULT_LOCK_MINUTES))
    }

    pub fn set_lock_minutes(&mut self, actor: &Actor, minutes: u32) -> Result<u32> {
        actor.require(Act::ManageAccounts)?;
        if !(1..=MAX_LOCK_MINUTES).contains(&minutes) {
            return Err(Error::invalid("lock after", format!("must be between 1 and {MAX_LOCK_MINUTES} minutes")));
        }
        self.write_about(Some(actor.staff_id), Action::ChangeSetting, Record::none().detail(format!("lock after {minutes} minutes")), |tx| {
            tx.execute("INSERT INTO setting (key, value) VALUES ('lock_minutes', ?1) ON CONFLICT (key) DO UPDATE SET value = ?1", params![minutes.to_string()])?;
            Ok(minutes)
        })
    }
}
