//! The switches that let rehearsals and the end-to-end tests run the app unattended: files saved
//! to a folder without the save dialog (`RECOVERY_REGISTER_EXPORT_DIR`), a file to import
//! without the open dialog (`RECOVERY_REGISTER_IMPORT_FILE`), a shorter idle lock
//! (`RECOVERY_REGISTER_LOCK_SECONDS`) and a pinned "today" (`RECOVERY_REGISTER_TODAY`, which
//! could bring a retention date forward). They are read only in a build with the `rehearsal`
//! feature (the tests' build); the app people use has none of them, whatever its environment
//! says. tests/it/architecture.rs holds this: no other file reads them.

use recovery_register::Store;
use std::path::PathBuf;
use std::time::Duration;

#[cfg(feature = "rehearsal")]
fn var(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

#[cfg(not(feature = "rehearsal"))]
fn var(_name: &str) -> Option<String> {
    None
}

/// Where files are saved without asking, and not opened.
pub fn export_dir() -> Option<PathBuf> {
    var("RECOVERY_REGISTER_EXPORT_DIR").map(PathBuf::from)
}

/// The file an import reads without asking.
pub fn import_file() -> Option<PathBuf> {
    var("RECOVERY_REGISTER_IMPORT_FILE").map(PathBuf::from)
}

/// The cheap derivation for a joining file's passphrase, as the tests' key slots have.
pub fn cheap_keys() -> bool {
    var("RECOVERY_REGISTER_KEY_COST").is_some_and(|v| v == "minimum")
}

/// A shorter idle lock (it can only shorten the one chosen).
pub fn lock_after() -> Option<Duration> {
    var("RECOVERY_REGISTER_LOCK_SECONDS").and_then(|s| s.parse::<u64>().ok()).map(Duration::from_secs)
}

/// Pins "today" on the store just opened.
pub fn pin_today(store: &mut Store) {
    #[cfg(feature = "rehearsal")]
    if let Some(today) = var("RECOVERY_REGISTER_TODAY").and_then(|d| recovery_register::dates::parse("today", &d).ok()) {
        store.set_today(today);
    }
    #[cfg(not(feature = "rehearsal"))]
    let _ = store;
}
