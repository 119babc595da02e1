//! The core's one error type. Every message names the field or thing and the problem, in words
//! a caseworker can act on; `code()` gives the stable identifier the UI and scripts match on.

use rusqlite::ErrorCode;

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

    #[error(
        "this database was written by a newer version of Recovery Register (schema version \
         {found}; this version knows up to {supported}); install the newer version to open it"
    )]
    NewerDatabase { found: usize, supported: usize },

    #[error("{path} is not a Recovery Register database, or it is locked with another key")]
    NotADatabase { path: String },

    #[error("the disk is full: nothing was saved by this action; free some space and try again")]
    DiskFull,

    #[error("the database is read-only here: nothing was saved; check the folder's permissions")]
    ReadOnly,

    #[error("the database is busy in another window or program; nothing was saved, try again")]
    Busy,

    #[error("could not use the database folder {path}: {source}")]
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
            Error::NewerDatabase { .. } => "newer_database",
            Error::NotADatabase { .. } => "not_a_database",
            Error::DiskFull => "disk_full",
            Error::ReadOnly => "read_only",
            Error::Busy => "busy",
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
            _ => Error::Database(e),
        }
    }
}
