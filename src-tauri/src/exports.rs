//! Where files the person asked for go: the system's save dialog, then the system's viewer.
//! `RECOVERY_REGISTER_EXPORT_DIR` replaces both for rehearsals and tests: files are saved there
//! without asking and not opened.

use crate::error::CommandError;
use recovery_register::files::safe_file_name;
use recovery_register::printing::Output;
use std::path::PathBuf;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

fn unattended() -> Option<PathBuf> {
    std::env::var_os("RECOVERY_REGISTER_EXPORT_DIR").map(PathBuf::from)
}

/// Asks where to save; `None` if the person cancels.
pub fn choose_output<R: Runtime>(app: &AppHandle<R>, title: &str, one_per_person: bool) -> Result<Option<Output>, CommandError> {
    let name = safe_file_name(title);
    if let Some(dir) = unattended() {
        return Ok(Some(if one_per_person { Output::OnePerPerson(dir.join(name)) } else { Output::Combined(dir.join(format!("{name}.pdf"))) }));
    }
    let mut dialog = app.dialog().file();
    if let Ok(documents) = app.path().document_dir() {
        dialog = dialog.set_directory(documents);
    }
    let chosen = if one_per_person {
        dialog.set_title("Choose a folder for the certificates (one PDF per person)").blocking_pick_folder()
    } else {
        dialog.set_title("Save the certificates").set_file_name(format!("{name}.pdf")).add_filter("PDF", &["pdf"]).blocking_save_file()
    };
    let Some(chosen) = chosen else { return Ok(None) };
    let path = chosen.into_path().map_err(|e| CommandError::invalid("file", &e.to_string()))?;
    Ok(Some(if one_per_person {
        Output::OnePerPerson(path)
    } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) {
        Output::Combined(path)
    } else {
        Output::Combined(path.with_extension("pdf"))
    }))
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
