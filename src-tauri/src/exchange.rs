//! Spreadsheets in: thin commands over the core's import, which checks every row and writes
//! all or nothing. The file is read again for every preview and for the import itself, so what
//! is imported is what the last preview checked (or, if the file changed, its new problems).

use crate::access::{blocking, with};
use crate::error::CommandError;
use crate::exports;
use crate::wire::Exported;
use crate::AppState;
use recovery_register::exchange::{ImportKind, ImportPreview, Mapping};
use recovery_register::model::EstablishmentId;
use recovery_register::Store;
use serde::Serialize;
use std::path::PathBuf;
use tauri::{AppHandle, Manager};
use ts_rs::TS;

type Reply<T> = Result<T, CommandError>;

/// A spreadsheet previewed (or imported), with the file it came from.
#[derive(Debug, Serialize, TS)]
pub struct SheetFile {
    pub path: String,
    /// The file's name, for the screen.
    pub name: String,
    pub preview: ImportPreview,
}

/// Previews a spreadsheet (`commit` false) or imports it. Without a path, asks for the file
/// (`RECOVERY_REGISTER_IMPORT_FILE` answers for rehearsals and tests); `None` if cancelled.
#[tauri::command]
pub async fn import_sheet(
    app: AppHandle,
    path: Option<String>,
    kind: ImportKind,
    establishment_id: Option<EstablishmentId>,
    mapping: Option<Mapping>,
    commit: bool,
) -> Reply<Option<SheetFile>> {
    blocking(move || {
        let path = match path {
            Some(p) => PathBuf::from(p),
            None => match exports::choose_file_to_open(
                &app,
                "Choose the spreadsheet to import",
                "Spreadsheets (CSV or Excel)",
                &["csv", "xlsx", "tsv", "txt"],
            )? {
                Some(p) => p,
                None => return Ok(None),
            },
        };
        let bytes = std::fs::read(&path).map_err(|e| CommandError::invalid("file", &format!("could not read {}: {e}", path.display())))?;
        let state = app.state::<AppState>();
        let preview = with(&state, |s, a| s.import_sheet(a, establishment_id, kind, &bytes, mapping.as_ref(), commit))?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        Ok(Some(SheetFile { path: path.display().to_string(), name, preview }))
    })
    .await
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
