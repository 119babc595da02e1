//! The core's one error type. Every message names the field or thing and the problem, in words
//! a caseworker can act on; `code()` gives the stable identifier the UI and scripts match on.

use rusqlite::ErrorCode;
use std::fmt;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{field}: {problem}")]
    Invalid { field: String, problem: String },

    #[error("{what} not found: {key}")]
    NotFound { what: &'static str, key: String },

    #[error("{field}: {problem}")]
    Conflict { field: String, problem: String },

    #[error("not allowed: {0}")]
    Forbidden(String),

    /// A session planned or held with a facilitator not cleared for the prison on the day.
    #[error("facilitators: {0}")]
    NotCleared(String),

    /// The same words for an unknown name and a wrong password: the screen must not tell a
    /// stranger which usernames exist.
    #[error("the username or password is wrong")]
    LoginFailed,

    #[error("too many failed attempts for this account: try again in {}", wait_words(*wait_seconds))]
    TooManyAttempts { wait_seconds: u32 },

    #[error("this account is disabled; ask an administrator")]
    AccountDisabled,

    #[error(
        "this database was written by a newer version of Recovery Register (schema version \
         {found}; this version knows up to {supported}); install the newer version to open it"
    )]
    NewerDatabase { found: usize, supported: usize },

    #[error("{path} is not a Recovery Register database, or it is locked with another key")]
    NotADatabase { path: String },

    /// A team's change file or joining file refused before anything was taken from it.
    #[error("{0}")]
    TeamFile(Refusal),

    #[error("the disk is full: nothing was saved by this action; free some space and try again")]
    DiskFull,

    #[error("the database is read-only here: nothing was saved; check the folder's permissions")]
    ReadOnly,

    #[error("the database is busy in another window or program; nothing was saved, try again")]
    Busy,

    /// SQLite could not open or create the database file, or the `-wal` and `-shm` files it keeps
    /// beside it: a read-only drive or folder, a folder this account may not write to, or (for a
    /// backup being checked) a file that is not there. `path` is known when the file itself could
    /// not be opened; not when the file opened but its `-shm` file could not be made.
    #[error(
        "could not open the database file{}: the drive or folder is read-only, this account may not \
         write there, or the file is missing; nothing was changed",
        path.as_deref().map(|p| format!(" {p}")).unwrap_or_default()
    )]
    CannotOpen { path: Option<String> },

    #[error("could not use the database folder {path}: {}", in_words(.source))]
    Folder { path: String, source: std::io::Error },

    /// A file the person asked for (a PDF, an export) could not be written; any partial file
    /// has been removed.
    #[error("could not write {path}: {problem}")]
    File { path: String, problem: String },

    #[error("database error: {0}")]
    Database(rusqlite::Error),

    #[error("database upgrade failed: {0}")]
    Migration(String),
}

/// "4 minutes 5 seconds", "1 minute", "30 seconds".
fn wait_words(seconds: u32) -> String {
    let (m, s) = (seconds / 60, seconds % 60);
    let unit = |n: u32, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    match (m, s) {
        (0, s) => unit(s, "second"),
        (m, 0) => unit(m, "minute"),
        (m, s) => format!("{} {}", unit(m, "minute"), unit(s, "second")),
    }
}

impl Error {
    pub fn invalid(field: impl Into<String>, problem: impl Into<String>) -> Error {
        Error::Invalid { field: field.into(), problem: problem.into() }
    }

    pub fn conflict(field: impl Into<String>, problem: impl Into<String>) -> Error {
        Error::Conflict { field: field.into(), problem: problem.into() }
    }

    pub fn not_found(what: &'static str, key: impl std::fmt::Display) -> Error {
        Error::NotFound { what, key: key.to_string() }
    }

    /// A stable, machine-readable code for the UI and `--json` output.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::Conflict { .. } => "conflict",
            Error::Forbidden(_) => "forbidden",
            Error::NotCleared(_) => "not_cleared",
            Error::LoginFailed => "login_failed",
            Error::TooManyAttempts { .. } => "too_many_attempts",
            Error::AccountDisabled => "account_disabled",
            Error::NewerDatabase { .. } => "newer_database",
            Error::NotADatabase { .. } => "not_a_database",
            Error::TeamFile(refusal) => refusal.code(),
            Error::DiskFull => "disk_full",
            Error::ReadOnly => "read_only",
            Error::Busy => "busy",
            Error::CannotOpen { .. } => "cannot_open",
            Error::Folder { .. } => "folder",
            Error::File { .. } => "file",
            Error::Database(_) => "database",
            Error::Migration(_) => "migration",
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => Error::DiskFull,
            Some(ErrorCode::ReadOnly) => Error::ReadOnly,
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => Error::Busy,
            // Without this, a read-only folder reads "database error: unable to open database file".
            Some(ErrorCode::CannotOpen) => Error::CannotOpen { path: opened_path(&e) },
            _ => Error::Database(e),
        }
    }
}

/// The file named in a failed open: rusqlite appends it to SQLite's "unable to open database
/// file" when `sqlite3_open_v2` itself fails.
fn opened_path(e: &rusqlite::Error) -> Option<String> {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(message)) => {
            message.strip_prefix("unable to open database file: ").filter(|p| !p.is_empty()).map(str::to_string)
        }
        _ => None,
    }
}

/// The problem in a caseworker's words; the OS's own text otherwise.
pub(crate) fn in_words(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::StorageFull => "the disk is full; nothing was written".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied; choose another folder".into(),
        std::io::ErrorKind::NotFound => "the folder does not exist".into(),
        std::io::ErrorKind::ReadOnlyFilesystem => "the drive is read-only; choose another folder".into(),
        _ => e.to_string(),
    }
}

/// Why a team's file was refused. Each says what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NotATeamFile,
    PartlyCopied,
    NewerFormat { format: u32 },
    NewerSchema { schema: usize, supported: usize, app_version: String },
    OtherTeam,
    UnknownPc { name: String },
    RetiredPc { name: String },
    Tampered,
    WrongPassphrase,
    NotInTeam,
    FromThisPc,
}

impl Refusal {
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::NotATeamFile => "not_a_team_file",
            Refusal::PartlyCopied => "partly_copied",
            Refusal::NewerFormat { .. } | Refusal::NewerSchema { .. } => "newer_version",
            Refusal::OtherTeam => "other_team",
            Refusal::UnknownPc { .. } => "unknown_pc",
            Refusal::RetiredPc { .. } => "retired_pc",
            Refusal::Tampered => "tampered",
            Refusal::WrongPassphrase => "wrong_passphrase",
            Refusal::NotInTeam => "not_in_team",
            Refusal::FromThisPc => "from_this_pc",
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::NotATeamFile => f.write_str("this is not a Recovery Register change file; nothing was taken in"),
            Refusal::PartlyCopied => f.write_str(
                "this change file is incomplete (copied only in part, or the stick was removed too soon); \
                 nothing was taken in: copy it again from the PC that made it",
            ),
            Refusal::NewerFormat { format } => write!(
                f,
                "this change file was made by a newer version of Recovery Register (file format {format}); \
                 nothing was taken in: install the newer version on this PC first"
            ),
            Refusal::NewerSchema { schema, supported, app_version } => write!(
                f,
                "this change file was made by Recovery Register {app_version} (schema version {schema}; this \
                 version knows up to {supported}); nothing was taken in: install version {app_version} or \
                 later on this PC first"
            ),
            Refusal::OtherTeam => f.write_str("this change file comes from another service's team of PCs; nothing was taken in"),
            Refusal::UnknownPc { name } => write!(
                f,
                "this change file comes from \"{name}\", a PC this one does not know yet; nothing was taken in: \
                 take in a file from the PC that added it to the team first"
            ),
            Refusal::RetiredPc { name } => {
                write!(f, "this change file comes from \"{name}\", a PC retired from the team; nothing was taken in")
            }
            Refusal::Tampered => f.write_str(
                "this change file has been altered since it was made, or was made with another key; nothing \
                 was taken in",
            ),
            Refusal::WrongPassphrase => f.write_str(
                "the passphrase does not open this joining file (or the file has been altered); check the \
                 passphrase shown on the other PC",
            ),
            Refusal::NotInTeam => f.write_str("this PC is not in a team of PCs: join one from a joining file first"),
            Refusal::FromThisPc => f.write_str("this change file was made on this PC; nothing to take in"),
        }
    }
}
