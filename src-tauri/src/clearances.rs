//! Facilitators' clearances: thin commands over the core, which keeps the rules (validity,
//! renewal chains, the session rule) and the warnings.

use crate::access::{blocking, with};
use crate::error::CommandError;
use crate::exports;
use crate::wire::Exported;
use crate::AppState;
use recovery_register::documents::{Document, Format};
use recovery_register::model::*;
use recovery_register::reports::clearances::ClearanceReport;
use recovery_register::store::{ClearanceLine, ClearanceWarnings};
use serde::Serialize;
use tauri::{AppHandle, Manager, State};
use ts_rs::TS;

type Reply<T> = Result<T, CommandError>;

/// The clearance settings: how early to warn, and how long each kind lasts.
#[derive(Debug, Serialize, TS)]
pub struct ClearanceSettings {
    pub warning_days: u32,
    pub validity: Vec<KindValidity>,
}

#[derive(Debug, Serialize, TS)]
pub struct KindValidity {
    pub kind: ClearanceKind,
    /// Months from the grant; `null`: no fixed length (the expiry date is typed in).
    pub months: Option<u32>,
}

#[tauri::command]
pub fn clearances(
    state: State<'_, AppState>,
    establishment_id: Option<EstablishmentId>,
    facilitator_id: Option<FacilitatorId>,
) -> Reply<Vec<ClearanceLine>> {
    with(&state, |s, a| s.clearances(a, establishment_id, facilitator_id))
}

#[tauri::command]
pub fn clearance_warnings(state: State<'_, AppState>, establishment_id: Option<EstablishmentId>) -> Reply<ClearanceWarnings> {
    with(&state, |s, a| s.clearance_warnings(a, establishment_id))
}

#[tauri::command]
pub fn add_clearance(
    state: State<'_, AppState>,
    facilitator_id: FacilitatorId,
    establishment_id: EstablishmentId,
    details: ClearanceDetails,
) -> Reply<Clearance> {
    with(&state, |s, a| s.add_clearance(a, facilitator_id, establishment_id, &details))
}

#[tauri::command]
pub fn renew_clearance(state: State<'_, AppState>, clearance_id: ClearanceId, details: ClearanceDetails) -> Reply<Clearance> {
    with(&state, |s, a| s.renew_clearance(a, clearance_id, &details))
}

#[tauri::command]
pub fn edit_clearance(state: State<'_, AppState>, clearance_id: ClearanceId, details: ClearanceDetails) -> Reply<Clearance> {
    with(&state, |s, a| s.edit_clearance(a, clearance_id, &details))
}

#[tauri::command]
pub fn clearance_settings(state: State<'_, AppState>) -> Reply<ClearanceSettings> {
    with(&state, |s, _| {
        let validity = ClearanceKind::ALL
            .iter()
            .map(|k| Ok(KindValidity { kind: *k, months: s.clearance_validity(*k)? }))
            .collect::<recovery_register::Result<_>>()?;
        Ok(ClearanceSettings { warning_days: s.clearance_warning_days()?, validity })
    })
}

#[tauri::command]
pub fn set_clearance_validity(state: State<'_, AppState>, kind: ClearanceKind, months: Option<u32>) -> Reply<()> {
    with(&state, |s, a| s.set_clearance_validity(a, kind, months))
}

#[tauri::command]
pub fn set_clearance_warning_days(state: State<'_, AppState>, days: u32) -> Reply<()> {
    with(&state, |s, a| s.set_clearance_warning_days(a, days))
}

#[tauri::command]
pub fn clearance_report(state: State<'_, AppState>, establishment_id: EstablishmentId) -> Reply<ClearanceReport> {
    with(&state, |s, a| s.clearance_report(a, &establishment_id.to_string()))
}

/// Saves the clearances report as PDF and/or CSV through save dialogs, then opens the PDF; each
/// export recorded in the audit trail. `None` when the person cancels every dialog.
#[tauri::command]
pub async fn export_clearance_report(app: AppHandle, establishment_id: EstablishmentId, pdf: bool, csv: bool) -> Reply<Option<Exported>> {
    blocking(move || {
        let state = app.state::<AppState>();
        let document = Document::ClearanceReport { establishment: establishment_id };
        let mut files = Vec::new();
        for (wanted, title, format) in
            [(csv, "Save the clearances report as CSV", Format::Csv), (pdf, "Save the clearances report as PDF", Format::Pdf)]
        {
            if wanted {
                files.extend(exports::save_document(&app, &state, title, &document, format)?.map(|p| p.display().to_string()));
            }
        }
        Ok((!files.is_empty()).then_some(Exported { files }))
    })
    .await
}
