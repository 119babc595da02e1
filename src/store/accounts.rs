//! Staff accounts: at most 10 failed logins per account in any 5 minutes, accounts disabled but
//! never deleted. Logging in gives the `Actor` every other operation takes.
//!
//! In an encrypted database the password is checked by the account's key slot alone (Argon2id at
//! 256 MiB): the database keeps no hash of it, since a copy at OWASP's minimum (19 MiB) would be
//! the cheaper thing to attack. An unencrypted database (tests and tools) keeps an Argon2id
//! PHC string. Withdrawing a password (disabling the account, an administrator's reset, a
//! change of one's own) changes the database key, so the old password opens nothing new.

use super::audit::{Action, Record};
use super::{now_utc, Store};
use crate::actor::{Act, Actor, Role};
use crate::error::{Error, Result};
use crate::model::StaffId;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

pub use crate::rules::access::{MAX_FAILURES, MIN_PASSWORD_CHARS, WINDOW_MINUTES};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StaffAccount {
    pub id: StaffId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub disabled: bool,
}

#[derive(Clone, Debug)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
}

fn hash(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes(), &SaltString::generate(&mut OsRng))
        .map(|h| h.to_string())
        .map_err(|e| Error::invalid("password", format!("could not be hashed ({e})")))
}

/// What `staff.password_hash` holds in an encrypted database: the key slot checks the password.
pub(crate) const CHECKED_BY_KEY_SLOT: &str = "key slot";

fn check_password(username: &str, display_name: &str, password: &str) -> Result<()> {
    match crate::rules::access::password_problem(username, display_name, password) {
        Some(problem) => Err(Error::invalid("password", problem)),
        None => Ok(()),
    }
}

/// A new account's username (lower case, one word) and display name, once its password passes.
pub(crate) fn check_new_account(username: &str, display_name: &str, password: &str) -> Result<(String, String)> {
    let username = crate::text::required("username", username, 40)?.to_lowercase();
    if username.contains(char::is_whitespace) {
        return Err(Error::invalid("username", "must be one word, e.g. agrant"));
    }
    let display_name = crate::text::required("display name", display_name, 80)?;
    check_password(&username, &display_name, password)?;
    Ok((username, display_name))
}

fn account(r: &rusqlite::Row<'_>) -> rusqlite::Result<StaffAccount> {
    let role: String = r.get(3)?;
    Ok(StaffAccount {
        id: r.get(0)?,
        username: r.get(1)?,
        display_name: r.get(2)?,
        role: Role::from_code(&role).unwrap_or(Role::Viewer),
        disabled: r.get(4)?,
    })
}

const ACCOUNT: &str = "id, username, display_name, role, disabled";

/// A staff account's row as it stands, to put back over a restored one.
pub(crate) type AccountRow = (StaffId, String, String, String, String, Option<String>, bool);

/// What a restore keeps of today over the backup's: the accounts, the retired database keys,
/// and who has been erased.
pub(crate) struct TodayKept {
    pub accounts: Vec<AccountRow>,
    pub retired: Vec<(String, String)>,
    pub erased: Vec<(crate::model::ParticipantId, String)>,
}

impl Store {
    /// Every account as it stands now, before a restore replaces the database.
    pub(crate) fn accounts_as_they_are(&self) -> Result<Vec<AccountRow>> {
        let mut stmt =
            self.connection().prepare("SELECT id, username, display_name, role, created_at, password_hash, disabled FROM staff")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Today's accounts over the restored ones, with the restore's audit row, in one
    /// transaction: who may log in, in which role and with which password stay as they were.
    /// Also in that transaction: the retired keys kept, and everyone erased since the backup
    /// was made erased again (a restore must not bring back what retention took away). Returns
    /// how many were erased again.
    pub(crate) fn put_accounts_back(&mut self, actor: &Actor, today: &TodayKept, detail: String) -> Result<usize> {
        let TodayKept { accounts, retired, erased } = today;
        self.write_about(Some(actor.staff_id), Action::Restore, Record::none().detail(detail), |tx| {
            let erased_again = super::retention::erase_again(tx, erased)?;
            let mut keep = tx.prepare("INSERT OR IGNORE INTO retired_key (key, retired_at) VALUES (?1, ?2)")?;
            for (key, at) in retired {
                keep.execute(params![key, at])?;
            }
            let mut upsert = tx.prepare(
                "INSERT INTO staff (id, username, display_name, role, created_at, password_hash, disabled)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (id) DO UPDATE SET username = excluded.username, display_name = excluded.display_name,
                     role = excluded.role, password_hash = excluded.password_hash, disabled = excluded.disabled",
            )?;
            for (id, username, display_name, role, created_at, hash, disabled) in accounts {
                upsert.execute(params![id, username, display_name, role, created_at, hash, disabled])?;
            }
            Ok(erased_again)
        })
    }

    /// In an encrypted database the key slots check passwords; a hash kept from before (the
    /// first builds kept one in both places) is removed, once, with an audit row.
    pub(crate) fn drop_password_copies(&mut self) -> Result<()> {
        let copies: u32 = self.connection().query_row(
            "SELECT count(*) FROM staff WHERE password_hash IS NOT NULL AND password_hash <> ?1",
            [CHECKED_BY_KEY_SLOT],
            |r| r.get(0),
        )?;
        if copies == 0 {
            return Ok(());
        }
        let detail = format!("{copies} password hashes removed from the database: the key file's slots check passwords");
        self.write_about(None, Action::ChangeSetting, Record::none().detail(detail), |tx| {
            tx.execute("UPDATE staff SET password_hash = ?1 WHERE password_hash IS NOT NULL", [CHECKED_BY_KEY_SLOT])?;
            Ok(())
        })
    }

    /// The usernames of the administrators who can log in: whose slots a backup carries.
    pub(crate) fn administrators_who_can_log_in(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .connection()
            .prepare("SELECT username FROM staff WHERE role = 'administrator' AND disabled = 0 AND password_hash IS NOT NULL")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether anyone can log in yet: the first run sets up an administrator when not.
    pub fn has_accounts(&self) -> Result<bool> {
        Ok(self.connection().query_row("SELECT count(*) > 0 FROM staff WHERE password_hash IS NOT NULL", [], |r| r.get(0))?)
    }

    /// The first run's administrator. Refused once any account can log in.
    pub fn set_up_first_administrator(&mut self, username: &str, display_name: &str, password: &str) -> Result<StaffAccount> {
        if self.has_accounts()? {
            return Err(Error::conflict("administrator", "accounts are already set up; log in as an administrator to add more"));
        }
        let first = NewAccount {
            username: username.into(),
            display_name: display_name.into(),
            role: Role::Administrator,
            password: password.into(),
        };
        self.insert_account(None, &first)
    }

    pub fn add_account(&mut self, actor: &Actor, new: &NewAccount) -> Result<StaffAccount> {
        actor.require(Act::ManageAccounts)?;
        self.insert_account(Some(actor), new)
    }

    /// Adds an account; with no `by`, it is the first administrator setting themselves up.
    fn insert_account(&mut self, by: Option<&Actor>, new: &NewAccount) -> Result<StaffAccount> {
        let (username, display_name) = check_new_account(&new.username, &new.display_name, &new.password)?;
        let password_hash = self.password_record(&new.password)?;
        let id = StaffId::new();
        let (who, action) = match by {
            Some(actor) => (actor.staff_id, Action::AddAccount),
            None => (id, Action::SetUp),
        };
        let role = new.role;
        // Checked before any key slot is written: a slot put under a name that is taken would
        // replace its owner's until it was put back, and a crash in between would leave it so.
        // (The transaction checks again, for a name taken meanwhile by another process.)
        let held: Option<Option<String>> =
            self.connection().query_row("SELECT password_hash FROM staff WHERE username = ?1", [&username], |r| r.get(0)).optional()?;
        match held {
            // The name the records made before staff accounts existed are credited to: no one
            // logs in with it, so saying "taken" would puzzle the person setting up.
            Some(None) => {
                return Err(Error::invalid(
                    "username",
                    format!("'{username}' is kept for the records made before staff accounts existed; choose another, e.g. agrant"),
                ))
            }
            Some(Some(_)) => return Err(Error::conflict("username", format!("'{username}' is already taken"))),
            None => {}
        }
        self.with_slot(&username, &new.password, |store, generation| {
            store.write_about(Some(who), action, Record::of("account", id), |tx| {
                super::database_key::note_generation(tx, generation)?;
                let taken = tx.prepare("SELECT 1 FROM staff WHERE username = ?1")?.exists([&username])?;
                if taken {
                    return Err(Error::conflict("username", format!("'{username}' is already taken")));
                }
                tx.execute(
                    "INSERT INTO staff (id, username, display_name, role, created_at, password_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![id, username, display_name, role.code(), now_utc(), password_hash],
                )?;
                get(tx, id)
            })
        })
    }

    /// Runs `f` with `username`'s key slot set to `password` (when the database is encrypted) in
    /// two steps: the new key file is staged beside the old, `f` changes the database noting the
    /// staged generation, and only then does the new file replace the old. If `f` fails the
    /// staged file goes; if the process dies in between, the next log-in settles it.
    fn with_slot<T>(&mut self, username: &str, password: &str, f: impl FnOnce(&mut Store, Option<String>) -> Result<T>) -> Result<T> {
        let Some(key) = self.key.clone() else { return f(self, None) };
        let file = self.key_file.as_mut().ok_or_else(|| Error::invalid("key file", "is not loaded; log in again"))?;
        // Read again first: the CLI or another window may have changed it since this one
        // loaded it, and saving a stale copy would drop their slots.
        file.reload()?;
        let staged = file.with_password(&key, username, password)?;
        file.stage(&staged)?;
        match f(self, Some(staged.generation().to_string())) {
            Ok(out) => {
                let file = self.key_file.as_mut().ok_or_else(|| Error::invalid("key file", "is not loaded; log in again"))?;
                file.commit(staged)?;
                Ok(out)
            }
            Err(e) => {
                if let Some(file) = self.key_file.as_ref() {
                    file.abandon();
                }
                Err(e)
            }
        }
    }

    /// What `staff.password_hash` keeps for `password`.
    fn password_record(&self, password: &str) -> Result<String> {
        match self.key {
            Some(_) => Ok(CHECKED_BY_KEY_SLOT.to_string()),
            None => hash(password),
        }
    }

    /// The account of whoever is acting, for the header and the lock screen.
    pub fn own_account(&self, actor: &Actor) -> Result<StaffAccount> {
        get(self.connection(), actor.staff_id)
    }

    /// An account by username, for recovery (which has no actor yet).
    pub(crate) fn account_by_username(&self, username: &str) -> Result<Option<StaffAccount>> {
        let username = username.trim().to_lowercase();
        Ok(self
            .connection()
            .query_row(&format!("SELECT {ACCOUNT} FROM staff WHERE username = ?1 AND password_hash IS NOT NULL"), [&username], account)
            .optional()?)
    }

    /// Failed unlocks counted by the key file while the database was closed, each recorded
    /// without a name (it may be a stranger's guess) and with the time it was tried, in one
    /// transaction.
    pub(crate) fn record_failed_unlocks(&mut self, at: &[DateTime<Utc>]) -> Result<()> {
        if at.is_empty() {
            return Ok(());
        }
        let show = |t: &DateTime<Utc>| crate::dates::display_instant(&t.to_rfc3339());
        let (first, last) = (at.iter().min().map(show).unwrap_or_default(), at.iter().max().map(show).unwrap_or_default());
        let detail = match at.len() {
            1 => format!("1 before the database opened, at {first}"),
            n => format!("{} before the database opened, from {first} to {last}", crate::text::grouped(n as u64)),
        };
        self.write_about(None, Action::LogInFailed, Record::none().detail(detail), |_| Ok(()))
    }

    /// A failed unlock on the lock screen: recorded without a name (it may be a stranger's guess).
    pub(crate) fn record_failed_log_in(&mut self) -> Result<()> {
        self.write_about(None, Action::LogInFailed, Record::none(), |_| Ok(()))
    }

    pub fn accounts(&self, actor: &Actor) -> Result<Vec<StaffAccount>> {
        actor.require(Act::ManageAccounts)?;
        let mut stmt =
            self.connection().prepare(&format!("SELECT {ACCOUNT} FROM staff WHERE password_hash IS NOT NULL ORDER BY username"))?;
        let rows = stmt.query_map([], account)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// An account by its username, as typed (any case, spaces around ignored).
    pub fn account_named(&self, actor: &Actor, username: &str) -> Result<StaffAccount> {
        actor.require(Act::ManageAccounts)?;
        self.account_by_username(username)?.ok_or_else(|| Error::not_found("account", username.trim().to_lowercase()))
    }

    /// Checks a username and password at `now`. Every failure counts against the account; the
    /// eleventh within five minutes is refused without checking, with the wait to show.
    pub fn log_in(&mut self, username: &str, password: &str, now: DateTime<Utc>) -> Result<Actor> {
        let acc = self.check_password_of(username, password, now)?;
        self.admit(acc)
    }

    /// Logs in `username`, whose key slot has just proved the password (unlocking the database,
    /// or the lock screen): checking it again would cost another Argon2id derivation.
    pub(crate) fn admit_proven(&mut self, username: &str) -> Result<Actor> {
        let username = username.trim().to_lowercase();
        let acc = self
            .connection()
            .query_row(&format!("SELECT {ACCOUNT} FROM staff WHERE username = ?1 AND password_hash IS NOT NULL"), [&username], account)
            .optional()?
            .ok_or(Error::LoginFailed)?;
        self.admit(acc)
    }

    fn admit(&mut self, acc: StaffAccount) -> Result<Actor> {
        if acc.disabled {
            return Err(Error::AccountDisabled);
        }
        self.write_about(Some(acc.id), Action::LogIn, Record::of("account", acc.id), |tx| {
            tx.execute("DELETE FROM login_failure WHERE staff_id = ?1", [acc.id])?;
            Ok(())
        })?;
        let actor = Actor { staff_id: acc.id, role: acc.role };
        self.record_joining(&actor)?;
        Ok(actor)
    }

    /// Whether `password` is the account's, counting a failure against it and refusing, without
    /// checking, once failures reach the limit.
    fn check_password_of(&mut self, username: &str, password: &str, now: DateTime<Utc>) -> Result<StaffAccount> {
        let username = username.trim().to_lowercase();
        let found: Option<(StaffAccount, Option<String>)> = self
            .connection()
            .query_row(&format!("SELECT {ACCOUNT}, password_hash FROM staff WHERE username = ?1"), [&username], |r| {
                Ok((account(r)?, r.get(5)?))
            })
            .optional()?;
        let Some((acc, Some(stored))) = found else {
            // Spend the same time as a real check, so timing does not reveal which names exist.
            let _ = Argon2::default().verify_password(password.as_bytes(), &PasswordHash::new(DUMMY_HASH).expect("valid"));
            self.write_about(None, Action::LogInFailed, Record::none(), |_| Ok(()))?;
            return Err(Error::LoginFailed);
        };
        let since = now - Duration::minutes(WINDOW_MINUTES);
        let recent: Vec<String> = self
            .connection()
            .prepare("SELECT at FROM login_failure WHERE staff_id = ?1 AND at > ?2 ORDER BY at")?
            .query_map(params![acc.id, since.to_rfc3339()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if recent.len() as u32 >= MAX_FAILURES {
            let oldest = DateTime::parse_from_rfc3339(&recent[0]).map(|d| d.with_timezone(&Utc)).unwrap_or(now);
            let wait = (oldest + Duration::minutes(WINDOW_MINUTES) - now).num_seconds().max(1) as u32;
            return Err(Error::TooManyAttempts { wait_seconds: wait });
        }
        let ok = if stored == CHECKED_BY_KEY_SLOT {
            let secret = crate::keys::Secret::Password { username: &username, password };
            match (self.key_file.as_ref(), self.key.as_ref()) {
                (Some(file), Some(key)) => file.peek(&secret).as_ref() == Some(key),
                _ => false,
            }
        } else {
            PasswordHash::new(&stored).map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok()).unwrap_or(false)
        };
        if !ok {
            self.write_about(None, Action::LogInFailed, Record::of("account", acc.id), |tx| {
                tx.execute("INSERT INTO login_failure (staff_id, at) VALUES (?1, ?2)", params![acc.id, now.to_rfc3339()])?;
                Ok(())
            })?;
            return Err(Error::LoginFailed);
        }
        Ok(acc)
    }

    /// Your own new password, given the current one: a session left open at a shared PC must
    /// not let a passer-by take the account over. A wrong current password counts as a failed
    /// log-in (and the limit on them applies). The database key changes too, so a copy of the
    /// key file taken before opens nothing written after with the old password.
    pub fn change_password(&mut self, actor: &Actor, current: &str, new: &str, now: DateTime<Utc>) -> Result<()> {
        let acc = get(self.connection(), actor.staff_id)?;
        match self.check_password_of(&acc.username, current, now) {
            Ok(_) => {}
            Err(Error::LoginFailed) => return Err(Error::invalid("current password", "is not right; nothing was changed")),
            Err(e) => return Err(e),
        }
        self.put_password(actor, acc.id, new)?;
        self.rekey_after(actor, "a password changed")
    }

    /// An administrator's reset of someone else's password (their own goes through
    /// `change_password`, with the current one). For an account still in use, the database key
    /// changes, so the old password (which someone may know) opens nothing new; a disabled
    /// account's slot went when it was disabled, and the reset is what lets it be enabled.
    pub fn reset_password(&mut self, actor: &Actor, id: StaffId, new: &str) -> Result<()> {
        actor.require(Act::ManageAccounts)?;
        if id == actor.staff_id {
            return Err(Error::invalid("account", "is your own: change your password under My password, giving the current one"));
        }
        self.put_password(actor, id, new)?;
        if get(self.connection(), id)?.disabled {
            return Ok(());
        }
        self.rekey_after(actor, "a password was reset")
    }

    /// Writes a new password for `id`, as `actor`: the callers above have checked who may.
    pub(crate) fn put_password(&mut self, actor: &Actor, id: StaffId, password: &str) -> Result<()> {
        let acc = get(self.connection(), id)?;
        check_password(&acc.username, &acc.display_name, password)?;
        let password_hash = self.password_record(password)?;
        self.with_slot(&acc.username, password, |store, generation| {
            store.write_about(Some(actor.staff_id), Action::ChangePassword, Record::of("account", id), |tx| {
                super::database_key::note_generation(tx, generation)?;
                tx.execute("UPDATE staff SET password_hash = ?2 WHERE id = ?1", params![id, password_hash])?;
                tx.execute("DELETE FROM login_failure WHERE staff_id = ?1", [id])?;
                Ok(())
            })
        })
    }

    /// Disables (or re-enables) an account; it is never deleted. The last administrator who can
    /// log in cannot be disabled, or nobody could manage accounts again. Disabling changes the
    /// database key and leaves the account's slot out, so its password (or a copy of the key
    /// file) opens nothing written from then on; enabling it again needs a new password first.
    pub fn set_account_disabled(&mut self, actor: &Actor, id: StaffId, disabled: bool) -> Result<StaffAccount> {
        actor.require(Act::ManageAccounts)?;
        let action = if disabled { Action::DisableAccount } else { Action::EnableAccount };
        if !disabled {
            let acc = get(self.connection(), id)?;
            let slot_gone = match self.key_file.as_mut() {
                Some(file) => {
                    file.reload()?;
                    !file.has_slot(&acc.username)
                }
                None => false,
            };
            if acc.disabled && slot_gone {
                return Err(Error::invalid(
                    "account",
                    format!("{} needs a new password before it is enabled: their old one stopped working when the account was disabled (Reset password)", acc.username),
                ));
            }
        }
        let changed = self.write(actor, action, |tx| {
            let acc = get(tx, id)?;
            if disabled && acc.role == Role::Administrator {
                let others: u32 = tx.query_row(
                    "SELECT count(*) FROM staff WHERE role = 'administrator' AND disabled = 0 AND password_hash IS NOT NULL AND id <> ?1",
                    [id],
                    |r| r.get(0),
                )?;
                if others == 0 {
                    return Err(Error::conflict("account", format!("{} is the last administrator and cannot be disabled", acc.username)));
                }
            }
            tx.execute("UPDATE staff SET disabled = ?2 WHERE id = ?1", params![id, disabled])?;
            get(tx, id)
        })?;
        if disabled {
            self.rekey_after(actor, "an account was disabled")?;
        }
        Ok(changed)
    }
}

/// A real Argon2id hash of a random password, checked against when the username is unknown.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0Yt2EAtrlbQAI6Ix6hCvXxV0Bq7GxsnC3IsAemKSaHo";

fn get(conn: &Connection, id: StaffId) -> Result<StaffAccount> {
    conn.query_row(&format!("SELECT {ACCOUNT} FROM staff WHERE id = ?1"), [id], account)
        .optional()?
        .ok_or_else(|| Error::not_found("account", id))
}
