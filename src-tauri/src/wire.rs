//! Shapes only the shell has: what the app is and which files an export wrote. Pages and their
//! figures are the core's (`recovery_register::views`), shared with the command line.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Serialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub database: String,
}

/// Files written by an export, as the screen shows them.
#[derive(Debug, Serialize, TS)]
pub struct Exported {
    pub files: Vec<String>,
}
