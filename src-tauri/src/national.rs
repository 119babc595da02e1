//! National figures: thin commands over the core (`national`, `store::national`,
//! `reports::national`, `documents`), which keeps every rule. An establishment sends a month's
//! figures; the national office takes them in, sees the national return, and saves it, the
//! annual summary and the data set for analysts.

use crate::access::{blocking, ticket, with, with_ticket};
use crate::error::CommandError;
use crate::exports;
use crate::wire::Exported;
use crate::AppState;
use recovery_register::documents::{Document, Format};
use recovery_register::reports::csv::Disclosure;
use recovery_register::reports::national::NationalReportPage;
use recovery_register::store::national::FiguresTakenIn;
use recovery_register::views::Month;
use serde::Serialize;
use tauri::{AppHandle, Manager, State};
use ts_rs::TS;

type Reply<T> = Result<T, CommandError>;

/// A month's figures written for the national office.
#[derive(Debug, Serialize, TS)]
pub struct FiguresSent {
    pub file: String,
    /// "HMP Perth's figures for October 2026".
    pub what: String,
}

#[tauri::command]
pub fn national_report(state: State<'_, AppState>, month: Option<String>) -> Reply<NationalReportPage> {
    with(&state, |s, a| s.national_report_page(a, Month::chosen_or_last("month", month.as_deref(), s.today())?))
}

/// "Send to the national office…": the establishment's month sealed to the national office's
/// card, saved where the person chooses. `None` if cancelled.
#[tauri::command]
pub async fn send_figures(app: AppHandle, establishment: String, month: Option<String>, office: String) -> Reply<Option<FiguresSent>> {
    blocking(move || {
        let state = app.state::<AppState>();
        // Checked (and the month read) before the dialog: nobody chooses a file for nothing.
        let (month, name) = with(&state, |s, a| {
            let month = Month::chosen_or_last("month", month.as_deref(), s.today())?;
            s.figures_file(a, &establishment, month, &office)?;
            Ok((month, format!("Figures {} {}", establishment.trim().to_uppercase(), month.code())))
        })?;
        let ticket = ticket(&state)?;
        let Some(path) =
            exports::choose_file(&app, "Save the figures for the national office", &name, "Recovery Register figures", "rrfigures")?
        else {
            return Ok(None);
        };
        let sent = with_ticket(&state, ticket, |s, a| s.send_figures(a, &establishment, month, &office, &path))?;
        Ok(Some(FiguresSent { file: path.display().to_string(), what: format!("{}'s figures for {}", sent.name, month.label()) }))
    })
    .await
}

/// "Take in figures files…" at the national office. `None` if cancelled.
#[tauri::command]
pub async fn take_in_figures(app: AppHandle) -> Reply<Option<FiguresTakenIn>> {
    blocking(move || {
        let state = app.state::<AppState>();
        with(&state, |_, a| a.require(recovery_register::Act::ManageEstablishments))?;
        let Some(path) = exports::choose_file_to_open(&app, "Choose a figures file", "Recovery Register figures", &["rrfigures"])? else {
            return Ok(None);
        };
        with(&state, |s, a| s.take_in_figures(a, &path)).map(Some)
    })
    .await
}

/// Which national document to save.
#[derive(Debug, serde::Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[ts(rename_all = "snake_case", tag = "kind")]
pub enum NationalDocument {
    Month { month: Option<String>, suppress_small: bool },
    Year { year: i32, suppress_small: bool },
    DataSet,
}

/// Saves a national document in the formats asked for, through save dialogs; a PDF opens.
#[tauri::command]
pub async fn export_national(app: AppHandle, document: NationalDocument, formats: Vec<String>) -> Reply<Option<Exported>> {
    blocking(move || {
        let state = app.state::<AppState>();
        let document = match document {
            NationalDocument::Month { month, suppress_small } => {
                let month = with(&state, |s, _| Month::chosen_or_last("month", month.as_deref(), s.today()))?;
                Document::NationalReturn { month, disclosure: Disclosure { suppress_small } }
            }
            NationalDocument::Year { year, suppress_small } => Document::NationalYear { year, disclosure: Disclosure { suppress_small } },
            NationalDocument::DataSet => Document::NationalDataSet,
        };
        let mut files = Vec::new();
        for format in formats {
            let (format, title) = match format.as_str() {
                "pdf" => (Format::Pdf, "Save as PDF"),
                "csv" => (Format::Csv, "Save as CSV"),
                "parquet" => (Format::Parquet, "Save as Parquet (for analysts)"),
                other => return Err(CommandError::invalid("format", &format!("'{other}' is not pdf, csv or parquet"))),
            };
            files.extend(exports::save_document(&app, &state, title, &document, format)?.map(|p| p.display().to_string()));
        }
        Ok((!files.is_empty()).then_some(Exported { files }))
    })
    .await
}
