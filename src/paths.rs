//! Where the database lives by default: the app's local (not roaming) data directory, the same
//! folder Tauri's `app_local_data_dir` gives the desktop app, so the CLI and the app share it.

use std::path::PathBuf;

/// Must equal `identifier` in tauri.conf.json (a test checks it).
pub const APP_IDENTIFIER: &str = "org.recoveryregister.desktop";
pub const DATABASE_FILE: &str = "recovery-register.db";

pub fn default_data_dir() -> Option<PathBuf> {
    dirs::data_local_dir().map(|d| d.join(APP_IDENTIFIER))
}

pub fn default_database() -> Option<PathBuf> {
    default_data_dir().map(|d| d.join(DATABASE_FILE))
}
