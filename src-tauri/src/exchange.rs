//! Spreadsheets in: thin commands over the core's import, which checks every row and writes
//! all or nothing. The file is read again for every preview and for the import itself, so what
//! is imported is what the last preview checked (or, if the file changed, its new problems).
//! The webview names the file by the token it was given when the person chose it: a path of its
//! own making (the database, another person's export) is never read.

use crate::access::{blocking, ticket, with_ticket};
use crate::error::CommandError;
use crate::exports;
use crate::wire::Exported;
use crate::AppState;
use recovery_register::exchange::{ImportKind, ImportPreview, Mapping};
use recovery_register::model::EstablishmentId;
use recovery_register::Store;
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use tauri::{AppHandle, Manager};
use ts_rs::TS;

type Reply<T> = Result<T, CommandError>;

/// Files chosen in the open dialog this run, by token.
#[derive(Default)]
pub struct Chosen(HashMap<String, PathBuf>);

impl Chosen {
    pub(crate) fn lock(chosen: &Mutex<Chosen>) -> Result<MutexGuard<'_, Chosen>, CommandError> {
        lock(chosen)
    }

    pub(crate) fn remember(&mut self, path: PathBuf) -> String {
        let token = uuid::Uuid::now_v7().to_string();
        self.0.insert(token.clone(), path);
        token
    }

    pub(crate) fn path(&self, token: &str) -> Result<PathBuf, CommandError> {
        self.0.get(token).cloned().ok_or_else(|| CommandError::invalid("file", "was not chosen here; choose it again"))
    }
}

/// A spreadsheet previewed (or imported), with the file it came from.
#[derive(Debug, Serialize, TS)]
pub struct SheetFile {
    /// The token that names the chosen file when it is read again.
    pub file: String,
    /// The file's name, for the screen.
    pub name: String,
    pub preview: ImportPreview,
}

/// Previews a spreadsheet (`commit` false) or imports it. Without a file (a token from an
/// earlier answer), asks for one (`rehearsal::import_file` answers in rehearsals and tests);
/// `None` if cancelled.
#[tauri::command]
pub async fn import_sheet(
    app: AppHandle,
    file: Option<String>,
    kind: ImportKind,
    establishment_id: Option<EstablishmentId>,
    mapping: Option<Mapping>,
    commit: bool,
) -> Reply<Option<SheetFile>> {
    blocking(move || {
        let state = app.state::<AppState>();
        let ticket = ticket(&state)?;
        let (token, path) = match file {
            Some(token) => {
                let path = lock(&state.chosen)?.path(&token)?;
                (token, path)
            }
            None => match exports::choose_file_to_open(
                &app,
                "Choose the spreadsheet to import",
                "Spreadsheets (CSV or Excel)",
                &["csv", "xlsx", "tsv", "txt"],
            )? {
                Some(path) => (lock(&state.chosen)?.remember(path.clone()), path),
                None => return Ok(None),
            },
        };
        let preview = with_ticket(&state, ticket, |s, a| s.import_sheet_file(a, establishment_id, kind, &path, mapping.as_ref(), commit))?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        Ok(Some(SheetFile { file: token, name, preview }))
    })
    .await
}

fn lock(chosen: &Mutex<Chosen>) -> Result<MutexGuard<'_, Chosen>, CommandError> {
    chosen.lock().map_err(|_| CommandError::invalid("file", "the list of chosen files is damaged; restart the app"))
}

/// Saves the template for a kind of import where the person chooses; `None` if cancelled.
#[tauri::command]
pub async fn save_import_template(app: AppHandle, kind: ImportKind) -> Reply<Option<Exported>> {
    blocking(move || {
        let name = kind.template_name().trim_end_matches(".csv").to_string();
        let Some(path) = exports::choose_file(&app, "Save the template", &format!("{name} template"), "CSV", "csv")? else {
            return Ok(None);
        };
        // The template starts with a byte-order mark so that Excel opens it as UTF-8.
        let bytes = format!("\u{feff}{}", Store::import_template(kind));
        recovery_register::files::write_whole(&path, bytes.as_bytes()).map_err(CommandError::from)?;
        Ok(Some(Exported { files: vec![path.display().to_string()] }))
    })
    .await
}
