//! Backups: written with SQLite's online backup (a consistent copy while the app runs, never a
//! file copy of a live database), synced, re-opened and checked with `integrity_check`, and
//! fingerprinted with SHA-256, before they count. One automatic backup a day the app is used,
//! rotated to keep 7 daily and 4 weekly; "Back up to…" any folder (a USB stick); and restore,
//! which checks the backup first and keeps a safety copy of the database it replaces.

use crate::actor::{Act, Actor};
use crate::error::{Error, Result};
use crate::keys::DatabaseKey;
use crate::store::SCHEMA_VERSION;
use crate::store::{key_connection, Action, AuditAnchor, AuditCheck, KnownAnchor, Record};
use crate::Store;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
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

/// What a backup's manifest (`NAME.manifest.json` beside it) says: when it was made, what it
/// holds, and the audit trail's head in it, which `audit check` compares the live trail with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub made_at: DateTime<Utc>,
    /// The schema version (SQLite's `user_version`) of the copy.
    pub schema: i64,
    pub bytes: u64,
    pub sha256: String,
    pub audit_head: Option<AuditAnchor>,
    /// Written after a restore, with the restored trail's head (no backup file beside it): the
    /// anchors taken before a restore no longer describe the trail.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub after_restore: bool,
}

impl Manifest {
    /// The manifest of the database `conn` holds (a backup just written, or the database just
    /// restored), made now: its schema version and the audit trail's head are read from it.
    fn of(conn: &Connection, bytes: u64, sha256: String, after_restore: bool) -> Result<Manifest> {
        let schema: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let audit_head = crate::store::audit::head(conn)?;
        Ok(Manifest { format: 1, made_at: Utc::now(), schema, bytes, sha256, audit_head, after_restore })
    }
}

/// Where the manifest of the backup at `path` goes.
pub fn manifest_beside(path: &Path) -> PathBuf {
    path.with_extension("manifest.json")
}

const MANIFEST_SUFFIX: &str = ".manifest.json";

/// How many after-restore manifests are kept (the newest is the one that counts).
const RESTORE_ANCHORS_KEPT: usize = 3;

/// The newest audit anchor among the manifests in the backups folder beside `database`.
pub fn newest_anchor(database: &Path) -> Result<Option<KnownAnchor>> {
    let folder = folder_beside(database);
    let entries = match std::fs::read_dir(&folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(Error::Folder { path: folder.display().to_string(), source }),
    };
    let mut newest: Option<KnownAnchor> = None;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(MANIFEST_SUFFIX) {
            continue;
        }
        // A manifest that cannot be read names no anchor; the backup beside it is checked on
        // its own when it is restored.
        let Ok(bytes) = crate::files::read_bounded(&entry.path(), 64 * 1024) else { continue };
        let Ok(manifest) = serde_json::from_slice::<Manifest>(&bytes) else { continue };
        let Some(anchor) = manifest.audit_head else { continue };
        if newest.as_ref().is_some_and(|n| n.taken_at >= manifest.made_at) {
            continue;
        }
        let when = crate::dates::display_instant(&manifest.made_at.to_rfc3339());
        let source = if manifest.after_restore {
            format!("the anchor left by the restore of {when}")
        } else {
            format!("the anchor in the backup of {when}")
        };
        newest = Some(KnownAnchor { anchor, source, taken_at: manifest.made_at });
    }
    Ok(newest)
}

fn write_manifest(path: &Path, manifest: &Manifest) -> Result<()> {
    let json = serde_json::to_vec_pretty(manifest).expect("a manifest serialises");
    crate::files::write_whole(path, &json)
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
    /// Backs the whole database up to `path` (e.g. on a USB stick) and checks the copy. The
    /// copy is encrypted with the same key, and a key file goes beside it as `NAME.keys` with
    /// the recovery slot and the administrators' slots only: a stick leaves the PC, and a lost
    /// one should open for as few passwords as can restore it.
    pub fn back_up_to(&mut self, actor: &Actor, path: &Path) -> Result<Backup> {
        actor.require(Act::ManageBackups)?;
        let made = write_checked(self.connection(), path, self.key())?;
        if let Some(file) = self.key_file_mut() {
            file.reload()?;
        }
        let administrators = self.administrators_who_can_log_in()?;
        if let Some(file) = self.key_file_mut() {
            let bytes = zeroize::Zeroizing::new(file.only_for(&administrators));
            crate::files::write_whole(&path.with_extension("keys"), &bytes)?;
        }
        self.record_act(actor, Action::BackUp, Record::none().detail(format!("{} bytes, SHA-256 {}", made.bytes, made.sha256)))?;
        Ok(made)
    }

    /// Today's automatic backup into `folder`, unless one was made today; then the rotation.
    /// Runs as the app itself (no actor): it is not an act of the person using the app.
    pub fn daily_backup(&mut self, folder: &Path) -> Result<Option<Backup>> {
        make_folder(folder)?;
        let today = self.today();
        let path = folder.join(daily_name(today));
        let made = if path.exists() { None } else { Some(write_checked(self.connection(), &path, self.key())?) };
        rotate(folder)?;
        if let Some(b) = &made {
            self.record_app_act(Action::BackUp, Record::none().detail(format!("daily, {} bytes, SHA-256 {}", b.bytes, b.sha256)))?;
        }
        Ok(made)
    }

    /// "Back up now": today's backup in `folder` made again from the database as it is, replacing
    /// the earlier one of the day only once the new one has passed its check.
    pub fn back_up_now(&mut self, actor: &Actor, folder: &Path) -> Result<Backup> {
        actor.require(Act::ManageBackups)?;
        make_folder(folder)?;
        let made = write_checked(self.connection(), &folder.join(daily_name(self.today())), self.key())?;
        rotate(folder)?;
        self.record_act(actor, Action::BackUp, Record::none().detail(format!("{} bytes, SHA-256 {}", made.bytes, made.sha256)))?;
        Ok(made)
    }

    /// Replaces this database with the backup at `from`: the backup is checked first (refused
    /// if it fails, or if it was made with another key), the current database is first backed up
    /// to `safety` so the restore can be undone, and the restore itself is recorded in the
    /// restored database's audit trail. Copied page by page through the open connection, so the
    /// app keeps running on the restored data without reopening.
    pub fn restore_from(&mut self, actor: &Actor, from: &Path, safety: &Path) -> Result<Backup> {
        actor.require(Act::ManageBackups)?;
        // In a team, the other PCs hold this PC's changes and know what it holds: a PC put back
        // to an older day would send its files as if it still held what it has lost.
        if self.in_team()? {
            return Err(Error::conflict(
                "backup",
                "this PC is in a team of PCs: a backup would put it behind the others without their knowing; \
                 nothing was restored. Its records are on the other PCs: make it again from a joining file made on one of them",
            ));
        }
        // A backup made before the database key last changed is under a retired key.
        let key = self.key_opening(from)?;
        let source = open_checked_source(from, key.as_ref())?;
        // A backup is the records as they were; it must not bring anything else in. A trigger,
        // view or table the migrations do not make would run, or hide, inside the app from then
        // on (`trusted_schema=OFF` does not stop a trigger's SQL).
        let foreign = foreign_objects(self.connection(), &source)?;
        if !foreign.is_empty() {
            return Err(Error::invalid(
                "backup",
                format!("{} holds what no version of this app makes ({}); nothing was restored", from.display(), foreign.join(", ")),
            ));
        }
        // Who may log in, in which role, and with which password are today's: a restore must
        // not re-open an account disabled since, or bring back an old password.
        // The keys retired since the backup was made are kept too, or the backups made under
        // them could not be restored after this one; and whoever was erased since stays erased.
        let today = crate::store::TodayKept {
            accounts: self.accounts_as_they_are()?,
            retired: self.retired_keys()?,
            erased: self.erased_as_they_are()?,
        };
        if let Some(folder) = safety.parent() {
            make_folder(folder)?;
        }
        let kept = write_checked(self.connection(), safety, self.key())?;
        if let Some(folder) = safety.parent() {
            rotate_safety_copies(folder)?;
        }
        let label = from.display().to_string();
        self.replace_with(&source).map_err(|e| Error::File { path: label.clone(), problem: describe(&e) })?;
        let problems = self.check_integrity()?;
        if !problems.is_empty() {
            return Err(Error::invalid(
                "restore",
                format!("the restored database failed its check: {}; the safety copy is {}", problems.join("; "), kept.path.display()),
            ));
        }
        self.bring_up_to_date()?;
        let sha256 = fingerprint(from)?;
        let detail = format!("from a backup with SHA-256 {sha256}; today's staff accounts kept");
        let erased_again = self.put_accounts_back(actor, &today, detail)?;
        if erased_again > 0 {
            // The restored pages held the people erased again: rewrite the file, as an erasure does.
            self.wipe_after_restore();
        }
        // The trail is the backup's now (and the restore's entry): a new anchor for it, newer
        // than every anchor taken of the trail it replaced.
        if let Some(database) = self.connection().path().filter(|p| !p.is_empty()).map(PathBuf::from) {
            let folder = folder_beside(&database);
            make_folder(&folder)?;
            let bytes = std::fs::metadata(from).map(|m| m.len()).unwrap_or(0);
            let manifest = Manifest::of(self.connection(), bytes, sha256, true)?;
            let name = format!("restored-{}{MANIFEST_SUFFIX}", Utc::now().format("%Y-%m-%d-%H%M%S%3f"));
            write_manifest(&folder.join(name), &manifest)?;
            keep_newest(&folder, "restored-", MANIFEST_SUFFIX, RESTORE_ANCHORS_KEPT)?;
        }
        Ok(kept)
    }
}

impl Store {
    /// The key that opens the backup at `from` (today's, or one retired since it was made),
    /// once the backup has passed its check with it.
    fn key_opening(&self, from: &Path) -> Result<Option<DatabaseKey>> {
        let keys = self.backup_keys()?;
        if keys.is_empty() {
            check_with(from, None)?;
            return Ok(None);
        }
        let mut first_problem = None;
        for key in keys {
            match check_with(from, Some(&key)) {
                Ok(()) => return Ok(Some(key)),
                Err(e) => {
                    first_problem.get_or_insert(e);
                }
            }
        }
        Err(first_problem.expect("at least one key was tried"))
    }
}

impl Store {
    /// Walks the audit trail's chain and compares it with the newest anchor kept outside the
    /// database: the manifests of the backups beside it (and of restores). Entries cut from the
    /// end, or a chain re-hashed from the start, no longer match it.
    pub fn check_audit_trail(&self, actor: &Actor) -> Result<AuditCheck> {
        actor.require(Act::AuditTrail)?;
        let newest = match self.connection().path().filter(|p| !p.is_empty()) {
            Some(path) => newest_anchor(Path::new(path))?,
            None => None,
        };
        self.check_against(newest.as_ref())
    }
}

/// What `backup` holds that this database's schema (every migration, applied) does not: a
/// table, index, view or trigger it has no name for, or a view or trigger whose SQL differs
/// from one of the same name in a backup of this very version.
fn foreign_objects(live: &Connection, backup: &Connection) -> Result<Vec<String>> {
    type Objects = std::collections::BTreeMap<(String, String), Option<String>>;
    let objects = |c: &Connection| -> rusqlite::Result<Objects> {
        c.prepare("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'")?
            .query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?
            .collect()
    };
    let version = |c: &Connection| c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0));
    let same_version = version(live)? == version(backup)?;
    let (ours, theirs) = (objects(live)?, objects(backup)?);
    Ok(theirs
        .iter()
        .filter(|((kind, name), sql)| match ours.get(&(kind.clone(), name.clone())) {
            None => true,
            Some(ours) => same_version && matches!(kind.as_str(), "view" | "trigger") && ours != *sql,
        })
        .map(|((kind, name), _)| format!("{kind} {name}"))
        .collect())
}

/// How many safety copies a restore keeps: each is a whole database, erased people included,
/// so they are not kept for ever.
pub const SAFETY_COPIES_KEPT: usize = 3;

/// Removes all but the newest safety copies (`before-restore-<date>-<time>.db`) in `folder`,
/// with their manifests.
fn rotate_safety_copies(folder: &Path) -> Result<()> {
    keep_newest(folder, "before-restore-", ".db", SAFETY_COPIES_KEPT)
}

/// Removes all but the newest `keep` files named `<prefix><date and time><suffix>` in `folder`
/// (the names sort by time), each with its manifest.
fn keep_newest(folder: &Path, prefix: &str, suffix: &str, keep: usize) -> Result<()> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(|source| Error::Folder { path: folder.display().to_string(), source })?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix) && n.ends_with(suffix)))
        .collect();
    found.sort();
    let old = found.len().saturating_sub(keep);
    for path in &found[..old] {
        remove_with_manifest(path)?;
    }
    Ok(())
}

fn remove_with_manifest(path: &Path) -> Result<()> {
    std::fs::remove_file(path).map_err(|e| Error::File { path: path.display().to_string(), problem: e.to_string() })?;
    let manifest = manifest_beside(path);
    if manifest != path {
        let _ = std::fs::remove_file(manifest);
    }
    Ok(())
}

/// A backup in the app's backup folder, for the restore list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupFile {
    pub name: String,
    pub day: NaiveDate,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
}

/// The dated backups in `folder`, newest first (safety copies and other files are left out).
pub fn list(folder: &Path) -> Result<Vec<BackupFile>> {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(Error::Folder { path: folder.display().to_string(), source }),
    };
    let mut found: Vec<BackupFile> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let day = day_of(&name)?;
            Some(BackupFile { bytes: e.metadata().ok()?.len(), name, day })
        })
        .collect();
    found.sort_by_key(|b| std::cmp::Reverse(b.day));
    Ok(found)
}

fn fingerprint(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::File { path: path.display().to_string(), problem: e.to_string() })?;
    Ok(hex(&Sha256::digest(&bytes)))
}

fn open_checked_source(path: &Path, key: Option<&DatabaseKey>) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    if let Some(key) = key {
        key_connection(&conn, key)?;
    }
    Ok(conn)
}

/// The app's backups folder, made if missing, its owner's only.
fn make_folder(folder: &Path) -> Result<()> {
    std::fs::create_dir_all(folder).map_err(|source| Error::Folder { path: folder.display().to_string(), source })?;
    crate::files::keep_folder_private(folder)
}

/// Online backup to a `.partial` file, fsync, integrity check, fingerprint, then rename.
fn write_checked(conn: &Connection, path: &Path, key: Option<&DatabaseKey>) -> Result<Backup> {
    let partial = path.with_extension("db.partial");
    let fail = |problem: String| {
        let _ = std::fs::remove_file(&partial);
        Error::File { path: path.display().to_string(), problem }
    };
    let _ = std::fs::remove_file(&partial);
    // Made afresh (never through a link left in its place) and its owner's only before SQLite
    // writes a page into it; on a stick's FAT file system the permissions are simply ignored.
    // If it cannot be made (a read-only drive), SQLite's own attempt below says why.
    let _ = crate::files::owner_only(std::fs::OpenOptions::new().write(true).create_new(true)).open(&partial);
    copy(conn, &partial, key).map_err(|e| fail(describe(&e)))?;
    // Opened for writing: Windows refuses to flush a file opened only to read (Access denied).
    std::fs::OpenOptions::new().write(true).open(&partial).and_then(|f| f.sync_all()).map_err(|e| fail(e.to_string()))?;
    check_with(&partial, key).map_err(|e| fail(format!("the copy failed its check ({e})")))?;
    let bytes = std::fs::read(&partial).map_err(|e| fail(e.to_string()))?;
    let bytes_len = bytes.len() as u64;
    let sha256 = hex(&Sha256::digest(&bytes));
    let manifest = {
        let copy = open_checked_source(&partial, key).map_err(|e| fail(e.to_string()))?;
        Manifest::of(&copy, bytes_len, sha256.clone(), false).map_err(|e| fail(e.to_string()))?
    };
    std::fs::rename(&partial, path).map_err(|e| fail(e.to_string()))?;
    if let Some(dir) = path.parent() {
        // The rename itself must reach the disk before the backup is called done.
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    write_manifest(&manifest_beside(path), &manifest)?;
    let made = Backup { path: path.to_path_buf(), bytes: bytes_len, sha256 };
    Ok(made)
}

fn copy(conn: &Connection, to: &Path, key: Option<&DatabaseKey>) -> rusqlite::Result<()> {
    crate::store::copy_database(conn, to, key)
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

/// Opens an unencrypted database file read-only and checks it (tests and tools).
pub fn check(path: &Path) -> Result<()> {
    check_with(path, None)
}

/// Opens a database file read-only with `key` and checks it is whole and one this version can
/// read. A file made with another key fails as "not a Recovery Register database".
pub fn check_with(path: &Path, key: Option<&DatabaseKey>) -> Result<()> {
    let conn = open_checked_source(path, key)?;
    let result: String =
        conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(|_| Error::NotADatabase { path: path.display().to_string() })?;
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
        remove_with_manifest(&path)?;
        removed.push(path);
    }
    Ok(removed)
}
