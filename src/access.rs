//! Getting in: the first run's set-up, logging in (which unlocks the encrypted database), the
//! lock screen's "switch user", and recovery with the key from the safe. The desktop app and the
//! command line both come through here, so both are held to the same rules.

use crate::actor::{Actor, Role};
use crate::error::{Error, Result};
use crate::keys::{key_file_beside, Cost, KeyFile, RecoveryKey, Secret};
use crate::store::{Action, Record};
use crate::Store;
use chrono::{DateTime, Utc};
use std::path::Path;

/// What the first screen should be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    /// No database yet: create the first administrator.
    SetUp,
    LogIn,
}

/// Whether `database` is ready to log in to, needs setting up, or cannot be opened (a database
/// without its key file beside it: copied without it, or the key file deleted).
pub fn start(database: &Path) -> Result<Start> {
    if KeyFile::exists(database) {
        return Ok(Start::LogIn);
    }
    let has_data = std::fs::metadata(database).map(|m| m.len() > 0).unwrap_or(false);
    if has_data {
        return Err(Error::invalid(
            "key file",
            format!(
                "{} is missing beside the database {}; copy it back from where the database came from, or restore a backup",
                key_file_beside(database).display(),
                database.display()
            ),
        ));
    }
    Ok(Start::SetUp)
}

/// A set-up database: the store, its first administrator logged in, and the recovery key to
/// show once.
pub struct SetUp {
    pub store: Store,
    pub actor: Actor,
    pub recovery_key: RecoveryKey,
}

/// The first run: a new random database key, the key file with the administrator's slot and the
/// recovery slot, the encrypted database, and the administrator's account. If any step fails,
/// what the earlier steps wrote is removed, so the next attempt starts clean.
pub fn set_up(database: &Path, username: &str, display_name: &str, password: &str, cost: Cost) -> Result<SetUp> {
    if start(database)? != Start::SetUp {
        return Err(Error::conflict("set-up", "this database is already set up; log in instead"));
    }
    let (username, display_name) = crate::store::check_new_account(username, display_name, password)?;
    // On a new PC the app's data folder does not exist yet; the key file goes in first.
    if let Some(folder) = database.parent().filter(|p| !p.as_os_str().is_empty()) {
        crate::store::prepare_folder(folder)?;
    }
    let result = (|| {
        let (file, key, recovery_key) = KeyFile::create(database, cost)?;
        let mut store = Store::open_encrypted(database, &key)?;
        store.attach_key_file(file);
        let account = store.set_up_first_administrator(&username, &display_name, password)?;
        let actor = Actor { staff_id: account.id, role: Role::Administrator };
        Ok(SetUp { store, actor, recovery_key })
    })();
    if result.is_err() {
        for leftover in [key_file_beside(database), database.to_path_buf(), wal(database, "-wal"), wal(database, "-shm")] {
            let _ = std::fs::remove_file(leftover);
        }
    }
    result
}

fn wal(database: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

/// Logs in: the password unwraps the database key from the account's slot, the database opens
/// with it, and the account is checked there (not disabled; its role).
pub fn unlock(database: &Path, username: &str, password: &str, now: DateTime<Utc>) -> Result<(Store, Actor)> {
    settle_pending(database, &Secret::Password { username, password })?;
    let mut file = KeyFile::load(database)?;
    let key = file.unlock(username, password, now)?;
    let mut store = Store::open_encrypted(database, &key)?;
    settle_pending_under(database, &store, &mut file)?;
    // Failed unlocks since the database was last open (on the lock screen, or by someone trying
    // names at start-up) reach the audit trail now that it can be written.
    store.record_failed_unlocks(file.unaudited())?;
    file.take_unaudited()?;
    let actor = store.admit_proven(username)?;
    store.attach_key_file(file);
    Ok((store, actor))
}

/// A key file change cut short (a pending file beside the key file, see `keys`) is settled
/// before the log-in: kept if the database took it, dropped if not. Decided with the pending
/// file's own slot for `secret`; a file this secret does not open is left for one it does
/// (or, under the same key, for `settle_pending_under`).
fn settle_pending(database: &Path, secret: &Secret<'_>) -> Result<()> {
    let Some(pending) = KeyFile::load_pending(database)? else { return Ok(()) };
    let Some(key) = pending.peek(secret) else { return Ok(()) };
    let took = match crate::store::database_key::noted_generation(database, &key)? {
        // The pending key does not open the database: the change never reached it.
        None => false,
        // A new key that opens it was put in whole (a re-key is one transaction); a slot change
        // under the same key reached it if its transaction noted the pending generation.
        Some(noted) => pending.carries_new_key() || noted.as_deref() == Some(pending.generation()),
    };
    if took {
        pending.promote(database)
    } else {
        pending.discard();
        Ok(())
    }
}

/// A pending change under the key `store` is open with, that the person logging in could not
/// open (their own password changed in it): decided by the generation the database noted.
fn settle_pending_under(database: &Path, store: &Store, file: &mut KeyFile) -> Result<()> {
    let Some(pending) = KeyFile::load_pending(database)? else { return Ok(()) };
    if pending.carries_new_key() {
        return Ok(());
    }
    let noted = crate::store::settings::setting(store.connection(), crate::keys::KEY_GENERATION)?;
    if noted.as_deref() == Some(pending.generation()) {
        pending.promote(database)?;
        file.reload()
    } else {
        pending.discard();
        Ok(())
    }
}

/// For when every administrator's password is lost: the recovery key from the safe opens the
/// database and sets a new password for the administrator `username`.
pub fn recover(database: &Path, recovery_key: &RecoveryKey, username: &str, new_password: &str) -> Result<(Store, Actor)> {
    settle_pending(database, &Secret::Recovery(recovery_key))?;
    let mut file = KeyFile::load(database)?;
    let key = file.unlock_with_recovery(recovery_key)?;
    file.bring_recovery_up_to_date(&key, recovery_key)?;
    let mut store = Store::open_encrypted(database, &key)?;
    settle_pending_under(database, &store, &mut file)?;
    store.attach_key_file(file);
    let account = store
        .account_by_username(username)?
        .filter(|a| a.role == Role::Administrator && !a.disabled)
        .ok_or_else(|| Error::invalid("username", "is not an administrator's account that can log in"))?;
    let admin = Actor { staff_id: account.id, role: Role::Administrator };
    store.put_password(&admin, account.id, new_password)?;
    store.record_act(&admin, Action::ChangePassword, Record::of("account", account.id).detail("with the recovery key"))?;
    // The lost password is withdrawn with the rest: it may be lost because someone has it.
    store.rekey_after(&admin, "the recovery key was used")?;
    let actor = store.admit_proven(username)?;
    Ok((store, actor))
}

impl Store {
    /// The lock screen: whoever logs in next (the same person or another) proves their password
    /// against their key slot, as at start-up, then against their account.
    pub fn switch_user(&mut self, username: &str, password: &str, now: DateTime<Utc>) -> Result<Actor> {
        let Some(open_key) = self.key().cloned() else {
            return self.log_in(username, password, now);
        };
        let file = self.key_file_mut().ok_or_else(|| Error::invalid("key file", "is not loaded; restart the app"))?;
        match file.unlock(username, password, now) {
            Ok(key) if key == open_key => self.admit_proven(username),
            Ok(_) => Err(Error::LoginFailed),
            Err(e) => {
                if matches!(e, Error::LoginFailed) {
                    self.record_failed_log_in()?;
                }
                Err(e)
            }
        }
    }
}
