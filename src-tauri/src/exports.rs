//! Where files the person asked for go: the system's save dialog, then the system's viewer.
//! In a rehearsal build (`rehearsal::export_dir`) a folder replaces both: files are saved there
//! without asking and not opened.

use crate::access::{ticket, with, with_ticket};
use crate::error::CommandError;
use crate::AppState;
use recovery_register::documents::{Document, Format};
use recovery_register::files::safe_file_name;
use recovery_register::printing::Output;
use std::path::PathBuf;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

fn unattended() -> Option<PathBuf> {
    crate::rehearsal::export_dir()
}

/// The system's file dialog, titled, opening in the person's Documents folder.
fn dialog_in_documents<R: Runtime>(app: &AppHandle<R>, title: &str) -> tauri_plugin_dialog::FileDialogBuilder<R> {
    let dialog = app.dialog().file().set_title(title);
    match app.path().document_dir() {
        Ok(documents) => dialog.set_directory(documents),
        Err(_) => dialog,
    }
}

/// Asks where to save a file of type `ext` (e.g. "pdf"), suggesting `name`; `None` if the person
/// cancels. The extension is added when the person leaves it off.
pub fn choose_file<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    name: &str,
    kind: &str,
    ext: &str,
) -> Result<Option<PathBuf>, CommandError> {
    let file_name = format!("{}.{ext}", safe_file_name(name));
    if let Some(dir) = unattended() {
        return Ok(Some(dir.join(file_name)));
    }
    let dialog = dialog_in_documents(app, title).set_file_name(file_name).add_filter(kind, &[ext]);
    let Some(chosen) = dialog.blocking_save_file() else { return Ok(None) };
    let path = chosen.into_path().map_err(|e| CommandError::invalid("file", &e.to_string()))?;
    Ok(Some(if path.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext)) { path } else { path.with_extension(ext) }))
}

/// Asks where `document` goes as `format` (suggesting the core's name for it), then has the
/// core write it and record the export, and opens a PDF in the viewer. `None` if the person
/// cancels. A role that may not export hears so before the dialog opens; a session locked or
/// changed while it was open writes nothing.
pub fn save_document(
    app: &AppHandle,
    state: &State<'_, AppState>,
    title: &str,
    document: &Document,
    format: Format,
) -> Result<Option<PathBuf>, CommandError> {
    let name = with(state, |s, a| s.suggested_name(a, document))?;
    let ticket = ticket(state)?;
    let kind = match format {
        Format::Pdf => "PDF",
        Format::Csv => "CSV",
        Format::Parquet => "Parquet",
    };
    let Some(path) = choose_file(app, title, &name, kind, format.extension())? else {
        return Ok(None);
    };
    with_ticket(state, ticket, |s, a| s.export(a, document, format, &path))?;
    if format == Format::Pdf {
        open_in_viewer(app, std::slice::from_ref(&path));
    }
    Ok(Some(path))
}

/// Asks where certificates go: one PDF, or a folder for one per person. `None` if cancelled.
pub fn choose_output<R: Runtime>(app: &AppHandle<R>, title: &str, one_per_person: bool) -> Result<Option<Output>, CommandError> {
    if !one_per_person {
        return Ok(choose_file(app, "Save the certificates", title, "PDF", "pdf")?.map(Output::Combined));
    }
    if let Some(dir) = unattended() {
        return Ok(Some(Output::OnePerPerson(dir.join(safe_file_name(title)))));
    }
    let dialog = dialog_in_documents(app, "Choose a folder for the certificates (one PDF per person)");
    let Some(chosen) = dialog.blocking_pick_folder() else { return Ok(None) };
    let path = chosen.into_path().map_err(|e| CommandError::invalid("folder", &e.to_string()))?;
    Ok(Some(Output::OnePerPerson(path)))
}

/// Asks for a folder (a USB stick for a backup); `None` if cancelled.
pub fn choose_folder<R: Runtime>(app: &AppHandle<R>, title: &str) -> Result<Option<PathBuf>, CommandError> {
    if let Some(dir) = unattended() {
        return Ok(Some(dir));
    }
    let Some(chosen) = dialog_in_documents(app, title).blocking_pick_folder() else { return Ok(None) };
    chosen.into_path().map(Some).map_err(|e| CommandError::invalid("folder", &e.to_string()))
}

/// Asks for a file to read (an import); `rehearsal::import_file` answers instead for
/// rehearsals and tests. `None` if cancelled.
pub fn choose_file_to_open<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    kind: &str,
    exts: &[&str],
) -> Result<Option<PathBuf>, CommandError> {
    if let Some(file) = crate::rehearsal::import_file() {
        return Ok(Some(file));
    }
    let Some(chosen) = dialog_in_documents(app, title).add_filter(kind, exts).blocking_pick_file() else { return Ok(None) };
    chosen.into_path().map(Some).map_err(|e| CommandError::invalid("file", &e.to_string()))
}

/// Asks for a backup file to restore from; `None` if cancelled.
pub fn choose_backup_file<R: Runtime>(app: &AppHandle<R>) -> Result<Option<PathBuf>, CommandError> {
    let dialog = dialog_in_documents(app, "Choose the backup to restore from").add_filter("Recovery Register backups", &["db"]);
    let Some(chosen) = dialog.blocking_pick_file() else { return Ok(None) };
    chosen.into_path().map(Some).map_err(|e| CommandError::invalid("backup", &e.to_string()))
}

/// Opens what was written: the PDF in the viewer, or the folder of PDFs. Failing to open is
/// not an error: the files are saved and the screen says where.
pub fn open_in_viewer<R: Runtime>(app: &AppHandle<R>, files: &[PathBuf]) {
    if unattended().is_some() {
        return;
    }
    let target = match files {
        [one] => Some(one.clone()),
        many => many.first().and_then(|f| f.parent()).map(|p| p.to_path_buf()),
    };
    if let Some(target) = target {
        if let Err(e) = app.opener().open_path(target.display().to_string(), None::<&str>) {
            tracing::warn!("could not open the viewer: {e}");
        }
    }
}
