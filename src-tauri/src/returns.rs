//! Returns for any period, and the column templates their CSV can be cut to: thin commands over
//! the core (`reports::monthly::period_report`, `reports::template`), which keeps every figure
//! and every rule; the shell only asks where the files go.

use crate::access::{blocking, with};
use crate::error::CommandError;
use crate::exports;
use crate::wire::Exported;
use crate::AppState;
use recovery_register::documents::{Document, Format};
use recovery_register::model::EstablishmentId;
use recovery_register::reports::csv::Disclosure;
use recovery_register::reports::template::ColumnTemplate;
use recovery_register::views::{MonthlyReportPage, Period};
use tauri::{AppHandle, Manager, State};

type Reply<T> = Result<T, CommandError>;

/// The periods offered: the recent months, quarters, financial and calendar years, all over.
#[tauri::command]
pub fn report_periods(state: State<'_, AppState>) -> Reply<Vec<Period>> {
    with(&state, |s, a| {
        a.require(recovery_register::Act::ReadRecords)?;
        Ok(Period::recent(s.today()))
    })
}

/// The return for a period (its code: "2026-10", "2026-Q3", "2026-27", "2026").
#[tauri::command]
pub fn period_report(state: State<'_, AppState>, establishment_ids: Vec<EstablishmentId>, period: String) -> Reply<MonthlyReportPage> {
    with(&state, |s, a| s.period_report(a, &establishment_ids, &Period::parse(&period)?, None)).map(MonthlyReportPage::from)
}

/// Saves the return as PDF (with the highlights) and/or CSV (cut to a template), through save
/// dialogs, then opens the PDF. `None` when every dialog is cancelled.
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn export_return(
    app: AppHandle,
    establishment_ids: Vec<EstablishmentId>,
    period: String,
    suppress_small: bool,
    pdf: bool,
    csv: bool,
    highlights: Option<String>,
    template: Option<String>,
) -> Reply<Option<Exported>> {
    blocking(move || {
        let state = app.state::<AppState>();
        let period = Period::parse(&period)?;
        let document = Document::Return {
            establishments: establishment_ids,
            period,
            compare_with: None,
            disclosure: Disclosure { suppress_small },
            highlights,
            template,
        };
        let mut files = Vec::new();
        for (wanted, title, format) in
            [(csv, "Save the return as CSV (for Excel)", Format::Csv), (pdf, "Save the return as PDF", Format::Pdf)]
        {
            if wanted {
                files.extend(exports::save_document(&app, &state, title, &document, format)?.map(|p| p.display().to_string()));
            }
        }
        Ok((!files.is_empty()).then_some(Exported { files }))
    })
    .await
}

#[tauri::command]
pub fn column_templates(state: State<'_, AppState>) -> Reply<Vec<ColumnTemplate>> {
    with(&state, |s, a| s.column_templates(a))
}

#[tauri::command]
pub fn save_column_template(state: State<'_, AppState>, template: ColumnTemplate) -> Reply<ColumnTemplate> {
    with(&state, |s, a| s.save_column_template(a, &template))
}
