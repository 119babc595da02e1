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
use recovery_register::store::{AuditCheck, AuditEntry, AuditFilter, KeyChanged, NewAccount, StaffAccount};
use recovery_register::{Actor, Role, Store};
use serde::Serialize;
use std::time::{Duration, Instant, SystemTime};
use tauri::{AppHandle, Manager, State};
use ts_rs::TS;

type Reply<T> = Result<T, CommandError>;

/// What the idle lock measures time with. Idle time is the longer of the monotonic clock's
/// (which a wall clock set back cannot shorten) and the wall clock's (which, unlike the
/// monotonic clock on Linux, goes on while the PC is suspended: a PC asleep over lunch comes
/// back locked). Tests give their own.
pub trait Clock: Send {
    fn now(&self) -> Moment;
}

/// A moment on both clocks.
#[derive(Clone, Copy, Debug)]
pub struct Moment {
    pub monotonic: Instant,
    pub wall: SystemTime,
}

impl Moment {
    /// How long since `earlier`, by whichever clock says longer (a wall clock gone backwards
    /// says nothing).
    fn since(self, earlier: Moment) -> Duration {
        let monotonic = self.monotonic.saturating_duration_since(earlier.monotonic);
        let wall = self.wall.duration_since(earlier.wall).unwrap_or_default();
        monotonic.max(wall)
    }
}

struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Moment {
        Moment { monotonic: Instant::now(), wall: SystemTime::now() }
    }
}

/// The session a dialog was opened in: the same person, and no lock since. A file chosen in a
/// dialog is written only if the session is still that one when the dialog returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ticket {
    staff_id: StaffId,
    generation: u64,
}

/// The open database (after the first log-in) and the person using it (until the lock).
pub struct Session {
    store: Option<Store>,
    actor: Option<Actor>,
    last_seen: Option<Moment>,
    lock_after: Duration,
    /// Counts log-ins and locks, so a ticket from before either is known to be stale.
    generation: u64,
    clock: Box<dyn Clock>,
}

impl Default for Session {
    fn default() -> Session {
        Session::with_clock(Box::new(SystemClock))
    }
}

fn locked(message: &str) -> CommandError {
    CommandError { code: "locked".into(), message: message.into() }
}

impl Session {
    pub fn with_clock(clock: Box<dyn Clock>) -> Session {
        Session { store: None, actor: None, last_seen: None, lock_after: Duration::from_secs(15 * 60), generation: 0, clock }
    }

    /// The store and the person, if someone is logged in and has not been idle past the lock
    /// time. Every command comes through here, so the lock holds even if the screen's own
    /// timer did not fire (a sleeping PC, a hung window).
    pub fn active(&mut self) -> Reply<(&mut Store, Actor)> {
        let now = self.clock.now();
        let idle = self.last_seen.map(|t| now.since(t)).unwrap_or_default();
        if self.actor.is_some() && idle > self.lock_after {
            self.lock();
            tracing::info!("locked after inactivity");
        }
        let (Some(store), Some(actor)) = (self.store.as_mut(), self.actor) else {
            return Err(locked("Locked: log in to go on."));
        };
        self.last_seen = Some(now);
        Ok((store, actor))
    }

    /// A ticket for the session as it is now, to check again after a dialog.
    pub fn ticket(&mut self) -> Reply<Ticket> {
        let (_, actor) = self.active()?;
        Ok(Ticket { staff_id: actor.staff_id(), generation: self.generation })
    }

    /// As `active`, but only for the session `ticket` was given in: refused if the app locked
    /// (by the timer, Ctrl+L or idleness) or someone else logged in while a dialog was open.
    pub fn active_as(&mut self, ticket: Ticket) -> Reply<(&mut Store, Actor)> {
        let generation = self.generation;
        let (store, actor) = self.active()?;
        if generation != ticket.generation || actor.staff_id() != ticket.staff_id {
            return Err(locked("The app was locked while the dialog was open, so nothing was saved: log in and do it again."));
        }
        Ok((store, actor))
    }

    /// Forgets the person and closes the database: the key (zeroised as it is dropped) and the
    /// decrypted pages in the cache leave the process, so a locked app holds nothing a memory
    /// dump could read the records with. The next log-in unwraps the key again from its slot.
    pub fn lock(&mut self) {
        self.actor = None;
        self.store = None;
        self.generation += 1;
    }

    fn begin(&mut self, store: Option<Store>, actor: Actor) -> Reply<SignedIn> {
        if let Some(store) = store {
            self.store = Some(store);
        }
        let store = self.store.as_ref().ok_or_else(|| CommandError::internal("the database is not open"))?;
        self.lock_after = lock_after(store.lock_minutes()?);
        self.actor = Some(actor);
        self.generation += 1;
        self.last_seen = Some(self.clock.now());
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
    /// and tests (`rehearsal::lock_after`, which can only shorten it).
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
    crate::rehearsal::lock_after().map_or(chosen, |r| r.min(chosen))
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

/// The session now, before a dialog opens.
pub fn ticket(state: &State<'_, AppState>) -> Reply<Ticket> {
    session(state)?.ticket()
}

/// Runs `f` as the person logged in, if the session is still the one `ticket` was given in.
pub fn with_ticket<T>(
    state: &State<'_, AppState>,
    ticket: Ticket,
    f: impl FnOnce(&mut Store, &Actor) -> recovery_register::Result<T>,
) -> Reply<T> {
    let mut session = session(state)?;
    let (store, actor) = session.active_as(ticket)?;
    Ok(f(store, &actor)?)
}

/// After the database opens: "today" pinned for rehearsals, and the day's automatic backup. A
/// failed backup must not stop the register being taken: it is logged (no personal data).
fn opened(state: &AppState, store: &mut Store) {
    crate::rehearsal::pin_today(store);
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

/// Logs in, at start-up or on the lock screen (the same person or another): the password
/// unwraps the database key from its slot, and the database is opened again.
#[tauri::command]
pub async fn log_in(app: AppHandle, username: String, password: String) -> Reply<SignedIn> {
    blocking(move || {
        let state = app.state::<AppState>();
        let mut session = session(&state)?;
        session.lock();
        let (mut store, actor) = core_access::unlock(&state.database, &username, &password, chrono::Utc::now())?;
        opened(&state, &mut store);
        session.begin(Some(store), actor)
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
        let (mut store, actor) = core_access::recover(&state.database, &key, &username, &new_password)?;
        opened(&state, &mut store);
        session.begin(Some(store), actor)
    })
    .await
}

/// The lock screen: the person is forgotten and the database closed until the next log-in.
#[tauri::command]
pub fn lock(state: State<'_, AppState>) -> Reply<()> {
    session(&state)?.lock();
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

/// Disabling changes the database key (the file is re-encrypted), so it runs off the window's
/// thread, as a password reset does.
#[tauri::command]
pub async fn set_account_disabled(app: AppHandle, staff_id: StaffId, disabled: bool) -> Reply<StaffAccount> {
    blocking(move || {
        let state = app.state::<AppState>();
        with(&state, |s, a| s.set_account_disabled(a, staff_id, disabled))
    })
    .await
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

/// "Change the database key" (administrators): the database is re-encrypted, so it runs off the
/// window's thread while the screen shows its progress bar.
#[tauri::command]
pub async fn change_database_key(app: AppHandle) -> Reply<KeyChanged> {
    blocking(move || {
        let state = app.state::<AppState>();
        with(&state, |s, a| s.change_database_key(a))
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
        let ticket = ticket(&state)?;
        let stamp = chrono::Utc::now().with_timezone(&recovery_register::dates::ZONE).format("%Y-%m-%d %H%M");
        let Some(folder) = exports::choose_folder(&app, "Choose where to back up to (a USB stick)")? else {
            return Ok(None);
        };
        let path = folder.join(format!("Recovery Register backup {stamp}.db"));
        with_ticket(&state, ticket, |s, a| s.back_up_to(a, &path)).map(Some)
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
        let ticket = ticket(&state)?;
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
        with_ticket(&state, ticket, |s, a| {
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

#[cfg(test)]
mod tests {
    use super::*;
    use recovery_register::store::NewAccount;
    use std::sync::{Arc, Mutex};

    /// A clock the test moves: either hand, or both.
    #[derive(Clone)]
    struct Hands(Arc<Mutex<Moment>>);

    impl Clock for Hands {
        fn now(&self) -> Moment {
            *self.0.lock().unwrap()
        }
    }

    impl Hands {
        fn turn(&self, monotonic: i64, wall: i64) {
            let mut m = self.0.lock().unwrap();
            m.monotonic += Duration::from_secs(monotonic as u64);
            m.wall = if wall >= 0 { m.wall + Duration::from_secs(wall as u64) } else { m.wall - Duration::from_secs((-wall) as u64) };
        }
    }

    /// A real database with its administrator and a caseworker, in a session on the test's clock.
    fn session() -> (tempfile::TempDir, Session, Hands, Actor, Actor) {
        let dir = tempfile::tempdir().unwrap();
        let made = core_access::set_up(&dir.path().join("r.db"), "agrant", "Alison Grant", "correct horse battery", Cost::MINIMUM).unwrap();
        let (mut store, admin) = (made.store, made.actor);
        let new = NewAccount {
            username: "jsmith".into(),
            display_name: "Jo Smith".into(),
            role: Role::Caseworker,
            password: "jo's long password".into(),
        };
        store.add_account(&admin, &new).unwrap();
        let caseworker = store.log_in("jsmith", "jo's long password", chrono::Utc::now()).unwrap();
        let hands = Hands(Arc::new(Mutex::new(Moment { monotonic: Instant::now(), wall: SystemTime::now() })));
        let mut session = Session::with_clock(Box::new(hands.clone()));
        session.begin(Some(store), admin).unwrap();
        (dir, session, hands, admin, caseworker)
    }

    fn is_locked<T>(r: Reply<T>) -> bool {
        matches!(r, Err(e) if e.code == "locked")
    }

    #[test]
    fn the_idle_lock_counts_time_on_either_clock_and_a_suspended_pc_comes_back_locked() {
        // (monotonic seconds, wall seconds) passed with nobody there, and whether it locks
        // (the lock is 15 minutes).
        let cases = [
            ((14 * 60, 14 * 60), false),
            ((16 * 60, 16 * 60), true),
            // Suspended over lunch: the monotonic clock stopped, the wall clock did not.
            ((2, 60 * 60), true),
            // The wall clock put back an hour: the monotonic clock still counts.
            ((16 * 60, -60 * 60), true),
            ((60, -60 * 60), false),
        ];
        for ((monotonic, wall), locks) in cases {
            let (_dir, mut session, hands, ..) = session();
            hands.turn(monotonic, wall);
            assert_eq!(is_locked(session.active()), locks, "{monotonic} s monotonic, {wall} s wall");
        }
        // Activity keeps it open: 10 minutes, a command, 10 minutes more.
        let (_dir, mut session, hands, ..) = session();
        hands.turn(600, 600);
        assert!(session.active().is_ok());
        hands.turn(600, 600);
        assert!(session.active().is_ok());
    }

    #[test]
    fn a_dialog_answered_after_the_lock_writes_nothing() {
        let (_dir, mut session, hands, admin, caseworker) = session();
        // Locking closes the database: no key, no decrypted page stays in the process.
        let ticket = session.ticket().unwrap();
        session.lock();
        assert!(session.store.is_none() && session.actor.is_none(), "the lock closes the store");
        assert!(is_locked(session.active()));
        let unlock =
            |user: &str, password: &str| core_access::unlock(&_dir.path().join("r.db"), user, password, chrono::Utc::now()).unwrap();
        let (store, actor) = unlock("agrant", "correct horse battery");
        session.begin(Some(store), actor).unwrap();
        assert!(is_locked(session.active_as(ticket)), "a ticket from before the lock is stale");
        // Nothing happened while the dialog was open: the write goes ahead as its opener.
        let ticket = session.ticket().unwrap();
        assert_eq!(session.active_as(ticket).unwrap().1, admin);
        // Ctrl+L, then a colleague logs in while the dialog is still open.
        let ticket = session.ticket().unwrap();
        session.lock();
        let (store, other) = unlock("jsmith", "jo's long password");
        assert_eq!(other, caseworker);
        session.begin(Some(store), other).unwrap();
        let refused = session.active_as(ticket);
        assert!(is_locked(refused), "the colleague must not be credited with the opener's file");
        // The same person locked and back again: still a different session.
        let ticket = session.ticket().unwrap();
        session.lock();
        let (store, again) = unlock("jsmith", "jo's long password");
        session.begin(Some(store), again).unwrap();
        assert!(is_locked(session.active_as(ticket)));
        // The dialog left open past the idle lock, answered by whoever comes along.
        let ticket = session.ticket().unwrap();
        hands.turn(20 * 60, 20 * 60);
        assert!(is_locked(session.active_as(ticket)));
    }
}
