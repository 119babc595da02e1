//! Award types edited with their history, signature images, and SVQ units: thin commands over
//! the core (`store::awards`, `store::svq`), which keeps every rule.

use crate::access::{blocking, ticket, with, with_ticket};
use crate::error::CommandError;
use crate::exports;
use crate::wire::Exported;
use crate::AppState;
use chrono::NaiveDate;
use recovery_register::documents::{Document, Format};
use recovery_register::model::*;
use tauri::{AppHandle, Manager, State};

type Reply<T> = Result<T, CommandError>;

#[tauri::command]
pub fn edit_award_type(state: State<'_, AppState>, award_type_id: AwardTypeId, details: AwardTypeDetails) -> Reply<AwardType> {
    with(&state, |s, a| s.edit_award_type(a, award_type_id, &details))
}

#[tauri::command]
pub fn award_type_history(state: State<'_, AppState>, award_type_id: AwardTypeId) -> Reply<Vec<AwardTypeRevision>> {
    with(&state, |s, a| s.award_type_history(a, award_type_id))
}

/// Asks for a PNG of a signatory's signature and keeps it (checked and scaled by the core);
/// `None` if cancelled.
#[tauri::command]
pub async fn choose_signature_image(app: AppHandle, establishment_id: EstablishmentId) -> Reply<Option<SignatureImage>> {
    blocking(move || {
        let state = app.state::<AppState>();
        let ticket = ticket(&state)?;
        let Some(path) = exports::choose_file_to_open(&app, "Choose a signature image", "PNG images", &["png"])? else {
            return Ok(None);
        };
        let bytes = std::fs::read(&path)
            .map_err(|e| CommandError::invalid("signature image", &format!("could not read {}: {e}", path.display())))?;
        with_ticket(&state, ticket, |s, a| s.add_signature_image(a, establishment_id, &bytes)).map(Some)
    })
    .await
}

#[tauri::command]
pub fn svq_units(state: State<'_, AppState>, award_type_id: AwardTypeId) -> Reply<Vec<Unit>> {
    with(&state, |s, a| s.units(a, award_type_id))
}

#[tauri::command]
pub fn add_svq_units(state: State<'_, AppState>, award_type_id: AwardTypeId, units: Vec<NewUnit>) -> Reply<Vec<Unit>> {
    with(&state, |s, a| s.add_units(a, award_type_id, &units))
}

#[tauri::command]
pub fn svq_progress(state: State<'_, AppState>, participant_id: ParticipantId) -> Reply<Vec<SvqProgress>> {
    with(&state, |s, a| s.svq_progress(a, participant_id))
}

#[tauri::command]
pub fn svq_progress_in(state: State<'_, AppState>, participant_id: ParticipantId, award_type_id: AwardTypeId) -> Reply<SvqProgress> {
    with(&state, |s, a| s.svq_progress_in(a, participant_id, award_type_id))
}

#[tauri::command]
pub fn sign_off_unit(
    state: State<'_, AppState>,
    participant_id: ParticipantId,
    unit_id: UnitId,
    assessor: String,
    on: NaiveDate,
) -> Reply<UnitSignOff> {
    with(&state, |s, a| s.sign_off_unit(a, participant_id, unit_id, &assessor, on))
}

#[tauri::command]
pub fn candidate_number(state: State<'_, AppState>, participant_id: ParticipantId) -> Reply<Option<String>> {
    with(&state, |s, a| s.candidate_number(a, participant_id))
}

#[tauri::command]
pub fn set_candidate_number(state: State<'_, AppState>, participant_id: ParticipantId, number: String) -> Reply<String> {
    with(&state, |s, a| s.set_candidate_number(a, participant_id, &number))
}

/// Saves a person's record of units in one qualification as a PDF.
#[tauri::command]
pub async fn export_unit_record(app: AppHandle, participant_id: ParticipantId, award_type_id: AwardTypeId) -> Reply<Option<Exported>> {
    blocking(move || {
        let state = app.state::<AppState>();
        let document = Document::UnitRecord { person: participant_id, qualification: award_type_id };
        let saved = exports::save_document(&app, &state, "Save the record of SVQ units", &document, Format::Pdf)?;
        Ok(saved.map(|path| Exported { files: vec![path.display().to_string()] }))
    })
    .await
}
