//! Backups: written with SQLite's online backup (a consistent copy while the app runs, never a
//! file copy of a live database), synced, re-opened and checked with `integrity_check`, and
//! fingerprinted with SHA-256, before they count. One automatic backup a day the app is used,
//! rotated to keep 7 daily and 4 weekly; "Back up to…" any folder (a USB stick); and restore,
//! which checks the backup first and keeps a safety copy of the database it replaces.

use crate::actor::{Act, Actor};
use crate::error::{Error, Result};
use crate::store::SCHEMA_VERSION;
use crate::Store;
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// A backup that was written and checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Backup {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub path: PathBuf,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
    pub sha256: String,
}

/// The automatic backups' folder: `backups/` beside the database, in the app's own data folder.
pub fn folder_beside(database: &Path) -> PathBuf {
    database.parent().unwrap_or(Path::new(".")).join("backups")
}

/// Where a restore keeps the database it replaces, unless told otherwise.
pub fn safety_copy_beside(database: &Path, today: NaiveDate) -> PathBuf {
    let stamp = chrono::Utc::now().format("%H%M%S");
    folder_beside(database).join(format!("before-restore-{today}-{stamp}.db"))
}

/// Daily backups are named by date, so a day's second start finds the first.
pub fn daily_name(day: NaiveDate) -> String {
    format!("register-{day}.db")
}

fn day_of(name: &str) -> Option<NaiveDate> {
    let date = name.strip_prefix("register-")?.strip_suffix(".db")?;
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

impl Store {
    /// Backs the whole database up to `path` (e.g. on a USB stick) and checks the copy.
    pub fn back_up_to(&self, actor: &Actor, path: &Path) -> Result<Backup> {
        actor.require(Act::ManageBackups)?;
        write_checked(self.connection(), path)
    }

    /// Today's automatic backup into `folder`, unless one was made today; then the rotation.
    /// Runs as the app itself (no actor): it is not an act of the person using the app.
    pub fn daily_backup(&self, folder: &Path) -> Result<Option<Backup>> {
        std::fs::create_dir_all(folder).map_err(|source| Error::Folder { path: folder.display().to_string(), source })?;
        let today = self.today();
        let path = folder.join(daily_name(today));
        let made = if path.exists() { None } else { Some(write_checked(self.connection(), &path)?) };
        rotate(folder)?;
        Ok(made)
    }
}

/// Online backup to a `.partial` file, fsync, integrity check, fingerprint, then rename.
fn write_checked(conn: &Connection, path: &Path) -> Result<Backup> {
    let partial = path.with_extension("db.partial");
    let fail = |problem: String| {
        let _ = std::fs::remove_file(&partial);
        Error::File { path: path.display().to_string(), problem }
    };
    let _ = std::fs::remove_file(&partial);
    copy(conn, &partial).map_err(|e| fail(describe(&e)))?;
    std::fs::File::open(&partial).and_then(|f| f.sync_all()).map_err(|e| fail(e.to_string()))?;
    check(&partial).map_err(|e| fail(format!("the copy failed its check ({e})")))?;
    let bytes = std::fs::read(&partial).map_err(|e| fail(e.to_string()))?;
    std::fs::rename(&partial, path).map_err(|e| fail(e.to_string()))?;
    if let Some(dir) = path.parent() {
        // The rename itself must reach the disk before the backup is called done.
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(Backup { path: path.to_path_buf(), bytes: bytes.len() as u64, sha256: hex(&Sha256::digest(&bytes)) })
}

/// SQLite's online backup into a new file, left in rollback-journal mode: a backup is one
/// self-contained file, with no -wal or -shm beside it on the stick.
fn copy(conn: &Connection, to: &Path) -> rusqlite::Result<()> {
    let mut dst = Connection::open(to)?;
    rusqlite::backup::Backup::new(conn, &mut dst)?.run_to_completion(256, std::time::Duration::ZERO, None)?;
    dst.pragma_update(None, "journal_mode", "DELETE")?;
    dst.close().map_err(|(_, e)| e)
}

fn describe(e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DiskFull) => "the disk is full; no backup was made".into(),
        Some(rusqlite::ErrorCode::CannotOpen) => "the folder cannot be written to".into(),
        Some(rusqlite::ErrorCode::ReadOnly) => "the drive is read-only".into(),
        _ => e.to_string(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Opens a database file read-only and checks it is whole and one this version can read.
pub fn check(path: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    let result: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|_| Error::NotADatabase { path: path.display().to_string() })?;
    if result != "ok" {
        return Err(Error::invalid("backup", format!("{} is damaged: {result}", path.display())));
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version as usize > SCHEMA_VERSION {
        return Err(Error::NewerDatabase { found: version as usize, supported: SCHEMA_VERSION });
    }
    let has_register: bool = conn.query_row("SELECT count(*) FROM sqlite_schema WHERE name = 'attendance'", [], |r| r.get(0))?;
    if !has_register {
        return Err(Error::NotADatabase { path: path.display().to_string() });
    }
    Ok(())
}

/// Keeps the 7 most recent daily backups and the newest of each of the 4 most recent weeks
/// (Monday to Sunday) before them; removes the rest. Files not named by date are left alone.
pub fn rotate(folder: &Path) -> Result<Vec<PathBuf>> {
    let mut dated: Vec<(NaiveDate, PathBuf)> = std::fs::read_dir(folder)
        .map_err(|source| Error::Folder { path: folder.display().to_string(), source })?
        .flatten()
        .filter_map(|e| Some((day_of(&e.file_name().to_string_lossy())?, e.path())))
        .collect();
    dated.sort_by_key(|d| std::cmp::Reverse(d.0));
    let keep_daily = 7;
    let week_of = |day: &NaiveDate| (day.iso_week().year(), day.iso_week().week());
    // Weeks the daily backups already cover do not use up a weekly place.
    let covered: Vec<(i32, u32)> = dated.iter().take(keep_daily).map(|(d, _)| week_of(d)).collect();
    let mut kept_weeks: Vec<(i32, u32)> = Vec::new();
    let mut removed = Vec::new();
    for (i, (day, path)) in dated.into_iter().enumerate() {
        if i < keep_daily {
            continue;
        }
        let week = week_of(&day);
        if kept_weeks.len() < 4 && !kept_weeks.contains(&week) && !covered.contains(&week) {
            kept_weeks.push(week);
            continue;
        }
        std::fs::remove_file(&path).map_err(|e| Error::File { path: path.display().to_string(), problem: e.to_string() })?;
        removed.push(path);
    }
    Ok(removed)
}

/// Replaces the database at `database` with the backup at `from`: the backup is checked first
/// (refused if it fails), and the current database is first backed up to `safety` so the
/// restore can be undone. The store must be closed (this opens its own connections).
pub fn restore(actor: &Actor, from: &Path, database: &Path, safety: &Path) -> Result<Backup> {
    actor.require(Act::ManageBackups)?;
    check(from)?;
    if let Some(folder) = safety.parent() {
        std::fs::create_dir_all(folder).map_err(|source| Error::Folder { path: folder.display().to_string(), source })?;
    }
    let mut current = Connection::open(database)?;
    let kept = write_checked(&current, safety)?;
    current
        .restore(rusqlite::MAIN_DB, from, None::<fn(rusqlite::backup::Progress)>)
        .map_err(|e| Error::File { path: database.display().to_string(), problem: describe(&e) })?;
    let result: String = current.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if result != "ok" {
        return Err(Error::invalid("restore", format!("the restored database failed its check: {result}; the safety copy is {}", kept.path.display())));
    }
    Ok(kept)
}
