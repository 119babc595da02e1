//! The SQLite store: one `open` that sets every pragma, ordered migrations, and queries grouped
//! by aggregate. Every write runs in one `BEGIN IMMEDIATE` transaction: it lands whole or not at
//! all, and two writers queue on the busy timeout instead of failing half-way.

mod accounts;
pub mod audit;
mod awards;
pub mod capital;
pub mod cards;
pub mod clearances;
pub(crate) mod database_key;
mod enrolments;
pub(crate) mod establishments;
pub(crate) mod events;
pub(crate) mod facilitators;
pub(crate) mod groups;
mod import;
pub mod liberation;
pub mod location;
mod migrations;
pub mod national;
mod overview;
mod pages;
pub(crate) mod participants;
pub mod passport;
pub mod peers;
pub mod referrals_in;
pub(crate) mod registers;
pub mod retention;
pub(crate) mod rows;
pub(crate) mod services;
pub(crate) mod sessions;
pub mod settings;
pub mod subject_access;
pub(crate) mod summaries;
pub mod svq;
pub mod team;
pub mod transfers;
mod uncleared;

pub use crate::exchange::RowProblem;
pub(crate) use accounts::{check_new_account, TodayKept};
pub use accounts::{NewAccount, StaffAccount, MAX_FAILURES, MIN_PASSWORD_CHARS, WINDOW_MINUTES};
pub use audit::{Action, AuditAnchor, AuditCheck, AuditEntry, AuditFilter, Audited, KnownAnchor, Record};
pub use awards::DueLine;
pub use clearances::{ClearanceLine, ClearanceWarnings};
pub use database_key::KeyChanged;
pub use liberation::{FollowUp, LiberationDue, LiberationFigures, LiberationPlan, ReferralLine};
pub use migrations::SCHEMA_VERSION;
pub use overview::{Overview, ProgrammeProgress};
pub use participants::ParticipantFilter;
pub use passport::{Passport, PassportAward, PassportCapital, PassportGroup, PassportService};
pub use registers::{NewDropIn, Register, RegisterLine, RegisterSaved};
pub use retention::{ErasureDone, PastRetention, RetentionPeriod};
pub use sessions::SessionListing;
pub use subject_access::{
    person_record_file_stem, person_record_json, HeldAttendance, HeldAuditEntry, HeldAward, HeldConsent, HeldCustodyChange, HeldDetails,
    HeldEnrolment, HeldMeeting, HeldPlan, HeldPrint, HeldReferral, HeldReferralStep, HeldTransfer, PersonAuditLine, PersonRecord,
};
pub use summaries::GroupAttendance;

use crate::actor::Actor;
use crate::dates;
use crate::error::{Error, Result};
use crate::keys::{DatabaseKey, KeyFile};
use crate::model::StaffId;
use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::Path;
use std::time::Duration;

pub struct Store {
    conn: Connection,
    /// Fixed "today" for tests and reproducible demos; `None` means the real date in London.
    today: Option<NaiveDate>,
    /// This PC's name, for the audit trail.
    workstation: String,
    /// The key the file was opened with, for backups (which are encrypted with it too).
    key: Option<DatabaseKey>,
    /// The key slots, to add one for a new account or re-wrap one for a new password.
    key_file: Option<KeyFile>,
    /// How far the team's clock is moved from this PC's wall clock: zero but in rehearsals of a
    /// PC whose clock is wrong.
    clock_skew: chrono::Duration,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Store::connect(path)?;
        Store::prepare(conn, &path.display().to_string())
    }

    /// The database folder made if missing (and refused if it is a network share), then a
    /// connection to the file in it.
    fn connect(path: &Path) -> Result<Connection> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            prepare_folder(folder)?;
        }
        // A new database starts as an empty file only its owner may read; SQLite gives its -wal
        // and -shm files the same permissions. One already there is made so too.
        if path.exists() {
            // Best effort: a database on a read-only drive still opens, to be read and refused
            // writes with the reason (tests/it/faults.rs).
            let _ = crate::files::keep_private(path);
        } else {
            let _ = crate::files::owner_only(std::fs::OpenOptions::new().write(true).create_new(true)).open(path);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Ok(Connection::open_with_flags(path, flags)?)
    }

    /// Opens (creating if needed) the encrypted database at `path` with its key. This is how the
    /// app and the command line open it; `open` (no key) is for tests and tools.
    pub fn open_encrypted(path: &Path, key: &DatabaseKey) -> Result<Store> {
        let conn = Store::connect(path)?;
        // The key must be the first statement on the connection: SQLCipher reads nothing before.
        key_connection(&conn, key)?;
        let mut store = Store::prepare(conn, &path.display().to_string())?;
        store.key = Some(key.clone());
        store.drop_password_copies()?;
        Ok(store)
    }

    /// Hands the key slots to the store, so new accounts and new passwords get their slot.
    pub(crate) fn attach_key_file(&mut self, file: KeyFile) {
        self.key_file = Some(file);
    }

    pub(crate) fn key(&self) -> Option<&DatabaseKey> {
        self.key.as_ref()
    }

    /// Copies every page of `source` over this database, in one step that readers and a crash
    /// see whole (SQLite's backup API into the open connection).
    pub(crate) fn replace_with(&mut self, source: &Connection) -> rusqlite::Result<()> {
        rusqlite::backup::Backup::new(source, &mut self.conn)?.run_to_completion(256, Duration::ZERO, None)
    }

    /// Migrations, after a restore from an older backup.
    pub(crate) fn bring_up_to_date(&mut self) -> Result<()> {
        migrations::migrate(&mut self.conn)
    }

    /// An act of the app itself (the daily backup), with nobody named.
    pub(crate) fn record_app_act(&mut self, action: Action, record: Record) -> Result<()> {
        self.write_about(None, action, record, |_| Ok(()))
    }

    pub(crate) fn key_file_mut(&mut self) -> Option<&mut KeyFile> {
        self.key_file.as_mut()
    }

    /// A private database in memory, for unit tests.
    pub fn open_in_memory() -> Result<Store> {
        Store::prepare(Connection::open_in_memory()?, ":memory:")
    }

    fn prepare(mut conn: Connection, label: &str) -> Result<Store> {
        // Another process (the CLI beside the app, a second window) may hold the write lock for
        // a moment; wait for it rather than telling the user "database is locked".
        conn.busy_timeout(Duration::from_secs(10))?;
        // The first read of the file: a foreign or wrongly-keyed file fails here, clearly.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => Error::NotADatabase { path: label.to_string() },
            _ => Error::from(e),
        })?;
        // Write-ahead logging: readers never block the writer, and a commit is one append.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // A register shown as "Saved" must survive the PC being switched off at the wall: FULL
        // syncs the WAL on every commit (NORMAL could lose the last commits on power loss).
        conn.pragma_update(None, "synchronous", "FULL")?;
        // Sorts and temporary tables stay in memory: SQLCipher encrypts the database and its WAL,
        // but a temporary file spilled to the system's temp folder would hold plain text.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // Foreign keys are off by default in SQLite; the schema relies on them.
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Refuse SQL functions in schema objects (views, triggers) from a tampered file.
        conn.pragma_update(None, "trusted_schema", "OFF")?;
        // 64 MiB of page cache (the default is 2 MiB): registers and reports touch indexes
        // all over a file that grows to hundreds of MB over years; a desktop can spare it.
        conn.pragma_update(None, "cache_size", -65536)?;
        // Overwrite deleted content: erased personal data must not linger in free pages.
        conn.pragma_update(None, "secure_delete", "ON")?;
        // People are listed as a caseworker alphabetises: Ó Súilleabháin under O, Żółć under Z.
        // Used in ORDER BY only (no index or schema depends on it), so other tools can still
        // open the file.
        conn.create_collation("folded", |a, b| crate::text::fold(a).cmp(&crate::text::fold(b)))?;
        migrations::migrate(&mut conn)?;
        let mut store = Store {
            conn,
            today: None,
            workstation: audit::workstation_name(),
            key: None,
            key_file: None,
            clock_skew: chrono::Duration::zero(),
        };
        store.keep_audit_trail_append_only()?;
        Ok(store)
    }

    /// Pins "today" (Europe/London) for tests and rehearsals: only in their builds, since a
    /// date moved forward would bring people inside the retention period to erasure.
    #[cfg(any(test, feature = "test-support", feature = "rehearsal"))]
    pub fn set_today(&mut self, today: NaiveDate) {
        self.today = Some(today);
    }

    pub fn today(&self) -> NaiveDate {
        self.today.unwrap_or_else(dates::today)
    }

    /// Runs `f` in one immediate transaction with the audit row for it: both are committed if
    /// `f` returns Ok, neither otherwise. The record audited is the one `f` returns.
    fn write<T: Audited>(&mut self, actor: &Actor, action: Action, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let now = self.clock_now().timestamp_millis();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        team::stamp_act(&tx, now)?;
        audit::append(&tx, &self.workstation, Some(actor.staff_id), action, &out.record())?;
        tx.commit()?;
        Ok(out)
    }

    /// As `write`, for acts whose record is known beforehand (or that have none), and for the
    /// few with nobody logged in (a failed log-in, the first set-up).
    fn write_about<T>(
        &mut self,
        who: Option<StaffId>,
        action: Action,
        record: Record,
        f: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let now = self.clock_now().timestamp_millis();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        team::stamp_act(&tx, now)?;
        audit::append(&tx, &self.workstation, who, action, &record)?;
        tx.commit()?;
        Ok(out)
    }

    /// One transaction for the demo generator, which writes through crate-internal functions.
    pub(crate) fn demo_write<T>(&mut self, actor: &Actor, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.write_about(Some(actor.staff_id), Action::DemoData, Record::none(), f)
    }

    /// The raw connection, for tests and benchmarks that check the file itself.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Runs SQLite's own consistency checks; an empty list means the file is sound.
    pub fn check_integrity(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let ok: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if ok != "ok" {
            problems.push(ok);
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            problems.push(format!("foreign key broken in table {}", row.get::<_, String>(0)?));
        }
        Ok(problems)
    }
}

/// Makes the database folder if it is missing (its owner's only) and refuses a network share.
/// The app's own data folder is made its owner's only even when it was there already; a folder
/// the person chose (`--db` elsewhere) is theirs to keep as they like, so it is left alone.
pub(crate) fn prepare_folder(folder: &Path) -> Result<()> {
    let made = !folder.exists();
    std::fs::create_dir_all(folder).map_err(|source| Error::Folder { path: folder.display().to_string(), source })?;
    if made || folder.file_name().is_some_and(|n| n == crate::paths::APP_IDENTIFIER) {
        crate::files::keep_folder_private(folder)?;
    }
    location::check(folder)
}

/// Keys a fresh connection (the database, or a backup being written or checked).
/// SQLite's online backup into a new file, left in rollback-journal mode: a backup or a joining
/// file's database is one self-contained file, with no -wal or -shm beside it on the stick.
pub(crate) fn copy_database(conn: &Connection, to: &Path, key: Option<&DatabaseKey>) -> rusqlite::Result<()> {
    let mut dst = Connection::open(to)?;
    if let Some(key) = key {
        dst.execute_batch(&key.pragma())?;
    }
    rusqlite::backup::Backup::new(conn, &mut dst)?.run_to_completion(256, Duration::ZERO, None)?;
    dst.pragma_update(None, "journal_mode", "DELETE")?;
    dst.close().map_err(|(_, e)| e)
}

pub(crate) fn key_connection(conn: &Connection, key: &DatabaseKey) -> Result<()> {
    conn.execute_batch(&key.pragma())?;
    Ok(())
}

pub(crate) fn now_utc() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
