//! Who is at the keyboard: set-up, log-in, the lock screen, and what only administrators see
//! (accounts, the audit trail, backups). Thin commands over `recovery_register::access` and
//! the store; the rules (roles, password rules, the failure limit) are the core's.

use crate::error::CommandError;
use crate::exports;
use crate::AppState;
use recovery_register::access::{self as core_access, Start};
use recovery_register::backup::{self, Backup, BackupFile};
use recovery_register::documents::{Document, Format};
use recovery_register::keys::{Cost, RecoveryKey};
use recovery_register::model::StaffId;
use recovery_register::store::{AuditCheck, AuditEntry, AuditFilter, NewAccount, StaffAccount};
use recovery_register::{Actor, Role, Store};
use serde::Serialize;
use std::time::{Duration, Instant};
use tauri::{AppHandle, Manager, State};
use ts_rs::TS;

type Reply<T> = Result<T, CommandError>;

/// The open database (after the first log-in) and the person using it (until the lock).
#[derive(Default)]
pub struct Session {
    store: Option<Store>,
    actor: Option<Actor>,
    last_seen: Option<Instant>,
    lock_after: Duration,
}

fn locked(message: &str) -> CommandError {
    CommandError { code: "locked".into(), message: message.into() }
}

impl Session {
    /// The store and the person, if someone is logged in and has not been idle past the lock
    /// time. Every command comes through here, so the lock holds even if the screen's own
    /// timer did not fire (a sleeping PC, a hung window).
    pub fn active(&mut self) -> Reply<(&mut Store, Actor)> {
        let idle = self.last_seen.map(|t| t.elapsed()).unwrap_or_default();
        if self.actor.is_some() && idle > self.lock_after {
            self.actor = None;
            tracing::info!("locked after inactivity");
        }
        let (Some(store), Some(actor)) = (self.store.as_mut(), self.actor) else {
            return Err(locked("Locked: log in to go on."));
        };
        self.last_seen = Some(Instant::now());
        Ok((store, actor))
    }

    fn begin(&mut self, store: Option<Store>, actor: Actor) -> Reply<SignedIn> {
        if let Some(store) = store {
            self.store = Some(store);
        }
        let store = self.store.as_ref().ok_or_else(|| CommandError::internal("the database is not open"))?;
        self.lock_after = lock_after(store.lock_minutes()?);
        self.actor = Some(actor);
        self.last_seen = Some(Instant::now());
        signed_in(store, actor)
    }
}

/// Who is logged in, as the header and the lock timer need it.
#[derive(Debug, Serialize, TS)]
pub struct SignedIn {
    pub staff_id: StaffId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub lock_minutes: u32,
    /// What the screen's idle timer counts down from: the lock minutes, or less in rehearsals
    /// and tests (`RECOVERY_REGISTER_LOCK_SECONDS`, which can only shorten it).
    pub lock_seconds: u32,
}

fn signed_in(store: &Store, actor: Actor) -> Reply<SignedIn> {
    let me = store.own_account(&actor)?;
    let lock_minutes = store.lock_minutes()?;
    Ok(SignedIn {
        staff_id: me.id,
        username: me.username,
        display_name: me.display_name,
        role: me.role,
        lock_minutes,
        lock_seconds: lock_after(lock_minutes).as_secs() as u32,
    })
}

fn lock_after(minutes: u32) -> Duration {
    let chosen = Duration::from_secs(u64::from(minutes) * 60);
    let rehearsal = std::env::var("RECOVERY_REGISTER_LOCK_SECONDS").ok().and_then(|s| s.parse::<u64>().ok()).map(Duration::from_secs);
    rehearsal.map_or(chosen, |r| r.min(chosen))
}

/// The first screen: set-up on a new install, log-in otherwise; `problem` when the database
/// cannot be opened at all (its key file is missing).
#[derive(Debug, Serialize, TS)]
pub struct StartScreen {
    pub set_up: bool,
    pub problem: Option<String>,
}

#[derive(Debug, Serialize, TS)]
pub struct SetUpDone {
    /// Shown once, to be written down and kept in the safe.
    pub recovery_key: String,
    pub signed_in: SignedIn,
}

fn session<'a>(state: &'a State<'_, AppState>) -> Reply<std::sync::MutexGuard<'a, Session>> {
    state.session.lock().map_err(|_| CommandError::internal("the database is unavailable; restart the app"))
}

/// Runs `f` as the person logged in.
pub fn with<T>(state: &State<'_, AppState>, f: impl FnOnce(&mut Store, &Actor) -> recovery_register::Result<T>) -> Reply<T> {
    let mut session = session(state)?;
    let (store, actor) = session.active()?;
    Ok(f(store, &actor)?)
}

/// After the database opens: "today" pinned for rehearsals, and the day's automatic backup. A
/// failed backup must not stop the register being taken: it is logged (no personal data).
fn opened(state: &AppState, store: &mut Store) {
    if let Some(today) = std::env::var("RECOVERY_REGISTER_TODAY").ok().and_then(|d| recovery_register::dates::parse("today", &d).ok()) {
        store.set_today(today);
    }
    if let Err(e) = store.daily_backup(&backup::folder_beside(&state.database)) {
        tracing::warn!(code = e.code(), "the daily backup failed");
    }
}

#[tauri::command]
pub fn start_screen(state: State<'_, AppState>) -> StartScreen {
    match core_access::start(&state.database) {
        Ok(start) => StartScreen { set_up: start == Start::SetUp, problem: None },
        Err(e) => StartScreen { set_up: false, problem: Some(e.to_string()) },
    }
}

/// The first run: the encrypted database, its first administrator, the recovery key.
#[tauri::command]
pub async fn set_up(app: AppHandle, username: String, display_name: String, password: String) -> Reply<SetUpDone> {
    blocking(move || {
        let state = app.state::<AppState>();
        let mut made = core_access::set_up(&state.database, &username, &display_name, &password, Cost::STANDARD)?;
        opened(&state, &mut made.store);
        let signed_in = session(&state)?.begin(Some(made.store), made.actor)?;
        Ok(SetUpDone { recovery_key: made.recovery_key.as_str().to_string(), signed_in })
    })
    .await
}

/// Logs in: at start-up this unlocks the database; on the lock screen it is "switch user".
#[tauri::command]
pub async fn log_in(app: AppHandle, username: String, password: String) -> Reply<SignedIn> {
    blocking(move || {
        let state = app.state::<AppState>();
        let now = chrono::Utc::now();
        let mut session = session(&state)?;
        session.actor = None;
        match session.store.as_mut() {
            Some(store) => {
                let actor = store.switch_user(&username, &password, now)?;
                session.begin(None, actor)
            }
            None => {
                let (mut store, actor) = core_access::unlock(&state.database, &username, &password, now)?;
                opened(&state, &mut store);
                session.begin(Some(store), actor)
            }
        }
    })
    .await
}

/// Every administrator's password lost: the recovery key sets a new one.
#[tauri::command]
pub async fn recover(app: AppHandle, recovery_key: String, username: String, new_password: String) -> Reply<SignedIn> {
    blocking(move || {
        let state = app.state::<AppState>();
        let key = RecoveryKey::parse(&recovery_key)?;
        let mut session = session(&state)?;
        if session.store.is_some() {
            return Err(CommandError::invalid("recovery key", "is only needed before anyone has logged in; restart the app to use it"));
        }
        let (mut store, actor) = core_access::recover(&state.database, &key, &username, &new_password, chrono::Utc::now())?;
        opened(&state, &mut store);
        session.begin(Some(store), actor)
    })
    .await
}

/// The lock screen: the person is forgotten; the database stays open for the next log-in.
#[tauri::command]
pub fn lock(state: State<'_, AppState>) -> Reply<()> {
    session(&state)?.actor = None;
    Ok(())
}

/// The screen saw the person type or click: keeps the lock timer from running out while
/// someone writes a long session note without saving.
#[tauri::command]
pub fn still_here(state: State<'_, AppState>) -> Reply<()> {
    session(&state)?.active().map(drop)
}

#[tauri::command]
pub fn who_am_i(state: State<'_, AppState>) -> Reply<Option<SignedIn>> {
    let mut session = session(&state)?;
    match session.active() {
        Ok((store, actor)) => signed_in(store, actor).map(Some),
        Err(_) => Ok(None),
    }
}

// Accounts and settings (administrators; your own password for anyone) -------------------------

#[tauri::command]
pub fn accounts(state: State<'_, AppState>) -> Reply<Vec<StaffAccount>> {
    with(&state, |s, a| s.accounts(a))
}

#[tauri::command]
pub async fn add_account(app: AppHandle, username: String, display_name: String, role: Role, password: String) -> Reply<StaffAccount> {
    blocking(move || {
        let state = app.state::<AppState>();
        with(&state, |s, a| s.add_account(a, &NewAccount { username, display_name, role, password }))
    })
    .await
}

#[tauri::command]
pub fn set_account_disabled(state: State<'_, AppState>, staff_id: StaffId, disabled: bool) -> Reply<StaffAccount> {
    with(&state, |s, a| s.set_account_disabled(a, staff_id, disabled))
}

/// Your own new password, given the current one.
#[tauri::command]
pub async fn change_password(app: AppHandle, current: String, password: String) -> Reply<()> {
    blocking(move || {
        let state = app.state::<AppState>();
        with(&state, |s, a| s.change_password(a, &current, &password, chrono::Utc::now()))
    })
    .await
}

/// An administrator's reset of someone else's password.
#[tauri::command]
pub async fn reset_password(app: AppHandle, staff_id: StaffId, password: String) -> Reply<()> {
    blocking(move || {
        let state = app.state::<AppState>();
        with(&state, |s, a| s.reset_password(a, staff_id, &password))
    })
    .await
}

#[tauri::command]
pub fn set_lock_minutes(state: State<'_, AppState>, minutes: u32) -> Reply<u32> {
    let mut session = session(&state)?;
    let (store, actor) = session.active()?;
    let minutes = store.set_lock_minutes(&actor, minutes)?;
    session.lock_after = lock_after(minutes);
    Ok(minutes)
}

// The audit trail (administrators) ------------------------------------------------------------

#[tauri::command]
pub fn audit_trail(state: State<'_, AppState>, filter: AuditFilter) -> Reply<Vec<AuditEntry>> {
    with(&state, |s, a| s.audit_trail(a, &filter))
}

#[tauri::command]
pub fn check_audit_trail(state: State<'_, AppState>) -> Reply<AuditCheck> {
    with(&state, |s, a| s.check_audit_trail(a))
}

#[tauri::command]
pub async fn export_audit_trail(app: AppHandle, filter: AuditFilter) -> Reply<Option<String>> {
    blocking(move || {
        let state = app.state::<AppState>();
        let document = Document::AuditTrail { filter };
        let saved = exports::save_document(&app, &state, "Save the audit trail as CSV", &document, Format::Csv)?;
        Ok(saved.map(|path| path.display().to_string()))
    })
    .await
}

// Backups (administrators) --------------------------------------------------------------------

#[tauri::command]
pub fn backups(state: State<'_, AppState>) -> Reply<Vec<BackupFile>> {
    with(&state, |_, a| {
        a.require(recovery_register::Act::ManageBackups)?;
        backup::list(&backup::folder_beside(&state.database))
    })
}

#[tauri::command]
pub async fn back_up_now(app: AppHandle) -> Reply<Backup> {
    blocking(move || {
        let state = app.state::<AppState>();
        let folder = backup::folder_beside(&state.database);
        with(&state, |s, a| s.back_up_now(a, &folder))
    })
    .await
}

/// "Back up to…": a folder of the person's choosing (a USB stick); `None` if they cancel.
#[tauri::command]
pub async fn back_up_to(app: AppHandle) -> Reply<Option<Backup>> {
    blocking(move || {
        let state = app.state::<AppState>();
        with(&state, |_, a| a.require(recovery_register::Act::ManageBackups))?;
        let stamp = chrono::Utc::now().with_timezone(&recovery_register::dates::ZONE).format("%Y-%m-%d %H%M");
        let Some(folder) = exports::choose_folder(&app, "Choose where to back up to (a USB stick)")? else {
            return Ok(None);
        };
        let path = folder.join(format!("Recovery Register backup {stamp}.db"));
        with(&state, |s, a| s.back_up_to(a, &path)).map(Some)
    })
    .await
}

/// Restores from one of the app's own backups (by name), or from a file the person chooses.
/// Returns the safety copy of what was replaced; `None` if the person cancels the dialog.
#[tauri::command]
pub async fn restore(app: AppHandle, name: Option<String>) -> Reply<Option<Backup>> {
    blocking(move || {
        let state = app.state::<AppState>();
        with(&state, |_, a| a.require(recovery_register::Act::ManageBackups))?;
        let folder = backup::folder_beside(&state.database);
        let from = match name {
            // Only a plain name from the list: never a path somewhere else.
            Some(name) if backup::list(&folder)?.iter().any(|b| b.name == name) => folder.join(name),
            Some(name) => return Err(CommandError::invalid("backup", &format!("'{name}' is not one of this PC's backups"))),
            None => match exports::choose_backup_file(&app)? {
                Some(path) => path,
                None => return Ok(None),
            },
        };
        with(&state, |s, a| {
            let safety = backup::safety_copy_beside(&state.database, s.today());
            s.restore_from(a, &from, &safety)
        })
        .map(Some)
    })
    .await
}

/// Runs slow or dialog-bound work off the main thread, so the window keeps painting.
pub async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Reply<T> + Send + 'static) -> Reply<T> {
    tauri::async_runtime::spawn_blocking(f).await.map_err(|_| CommandError::internal("the task stopped unexpectedly; try again"))?
}
