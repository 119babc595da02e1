// Prevents an additional console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

//! The desktop shell: thin Tauri commands over the core. No rules live here.

use recovery_register::{paths, Actor, Store};
use std::sync::Mutex;
use tauri::Manager;

/// The open database, shared by every command.
struct AppState {
    store: Mutex<Store>,
    database: std::path::PathBuf,
}

/// What the UI receives when a command fails: a stable code and a sentence for the person.
#[derive(Debug, serde::Serialize, PartialEq, Eq)]
struct CommandError {
    code: &'static str,
    message: String,
}

impl From<recovery_register::Error> for CommandError {
    fn from(e: recovery_register::Error) -> Self {
        CommandError { code: e.code(), message: e.to_string() }
    }
}

/// The establishments this database holds (empty on first run).
#[tauri::command]
fn establishments(state: tauri::State<'_, AppState>) -> Result<Vec<recovery_register::model::Establishment>, CommandError> {
    let store = state.store.lock().map_err(|_| CommandError { code: "internal", message: "the database is unavailable; restart the app".into() })?;
    Ok(store.establishments(&Actor::local_administrator())?)
}

/// Version of the desktop package, for the UI's "About" line.
#[tauri::command]
fn app_version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// Where the database is, so a person can be told what to back up.
#[tauri::command]
fn database_path(state: tauri::State<'_, AppState>) -> String {
    state.database.display().to_string()
}

fn main() {
    tauri::Builder::default()
        .setup(|app| {
            // RECOVERY_REGISTER_DB lets tests and rehearsals use another file; by default the
            // database lives in the app's local (not roaming) data folder, as the CLI's does.
            let database = match std::env::var_os("RECOVERY_REGISTER_DB") {
                Some(path) => std::path::PathBuf::from(path),
                None => app.path().app_local_data_dir()?.join(paths::DATABASE_FILE),
            };
            let store = Store::open(&database)?;
            app.manage(AppState { store: Mutex::new(store), database });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![app_version, database_path, establishments])
        .run(tauri::generate_context!("../tauri.conf.json"))
        .expect("error while running Recovery Register");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_reach_the_ui_as_code_and_message() {
        let e: CommandError = recovery_register::Error::invalid("date of birth", "02/03/2030 is in the future").into();
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"code": "invalid", "message": "date of birth: 02/03/2030 is in the future"})
        );
    }
}
