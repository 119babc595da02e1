//! Liberation and community referrals: thin commands over the core, which keeps the rules
//! (consent before sharing, the countdown's dates, continuity of care).

use crate::access::{blocking, with};
use crate::error::CommandError;
use crate::exports;
use crate::wire::Exported;
use crate::AppState;
use chrono::NaiveDate;
use recovery_register::documents::{Document, Format};
use recovery_register::model::*;
use recovery_register::store::{FollowUp, LiberationDue, LiberationPlan, Passport, ReferralLine};
use tauri::{AppHandle, Manager, State};

type Reply<T> = Result<T, CommandError>;

#[tauri::command]
pub fn services(state: State<'_, AppState>, area: Option<String>, include_inactive: bool) -> Reply<Vec<CommunityService>> {
    with(&state, |s, a| s.services(a, area.as_deref(), include_inactive))
}

#[tauri::command]
pub fn add_service(state: State<'_, AppState>, details: ServiceDetails) -> Reply<CommunityService> {
    with(&state, |s, a| s.add_service(a, &details))
}

#[tauri::command]
pub fn edit_service(state: State<'_, AppState>, service_id: ServiceId, details: ServiceDetails) -> Reply<CommunityService> {
    with(&state, |s, a| s.edit_service(a, service_id, &details))
}

#[tauri::command]
pub fn liberation_plan(state: State<'_, AppState>, participant_id: ParticipantId) -> Reply<LiberationPlan> {
    with(&state, |s, a| s.liberation_plan(a, participant_id))
}

#[tauri::command]
pub fn set_liberation_plan(state: State<'_, AppState>, participant_id: ParticipantId, details: PlanDetails) -> Reply<LiberationPlan> {
    with(&state, |s, a| s.set_liberation_plan(a, participant_id, &details))
}

#[tauri::command]
pub fn record_consent(state: State<'_, AppState>, participant_id: ParticipantId, details: ConsentDetails) -> Reply<Consent> {
    with(&state, |s, a| s.record_consent(a, participant_id, &details))
}

#[tauri::command]
pub fn withdraw_consent(state: State<'_, AppState>, consent_id: ConsentId, on: NaiveDate) -> Reply<Consent> {
    with(&state, |s, a| s.withdraw_consent(a, consent_id, on))
}

#[tauri::command]
pub fn refer(state: State<'_, AppState>, participant_id: ParticipantId, details: ReferralDetails) -> Reply<ReferralLine> {
    with(&state, |s, a| s.refer(a, participant_id, &details))
}

#[tauri::command]
pub fn update_referral(state: State<'_, AppState>, referral_id: ReferralId, step: ReferralStep) -> Reply<ReferralLine> {
    with(&state, |s, a| s.update_referral(a, referral_id, step))
}

#[tauri::command]
pub fn add_meeting(state: State<'_, AppState>, participant_id: ParticipantId, details: MeetingDetails) -> Reply<Meeting> {
    with(&state, |s, a| s.add_meeting(a, participant_id, &details))
}

#[tauri::command]
pub fn due_for_liberation(state: State<'_, AppState>, establishment_id: EstablishmentId) -> Reply<Vec<LiberationDue>> {
    with(&state, |s, a| s.due_for_liberation(a, Some(establishment_id)))
}

#[tauri::command]
pub fn follow_up(state: State<'_, AppState>, establishment_id: EstablishmentId) -> Reply<Vec<FollowUp>> {
    with(&state, |s, a| s.follow_up(a, Some(establishment_id)))
}

/// The passport's facts, for the screen's preview.
#[tauri::command]
pub fn passport(state: State<'_, AppState>, participant_id: ParticipantId, name_prison: bool) -> Reply<Passport> {
    with(&state, |s, a| s.passport(a, participant_id, name_prison))
}

/// Saves the recovery passport as PDF through the save dialog and opens it; recorded in the
/// audit trail. `None` when the person cancels.
#[tauri::command]
pub async fn export_passport(app: AppHandle, participant_id: ParticipantId, name_prison: bool) -> Reply<Option<Exported>> {
    blocking(move || {
        let state = app.state::<AppState>();
        let document = Document::Passport { person: participant_id, name_prison };
        let saved = exports::save_document(&app, &state, "Save the recovery passport", &document, Format::Pdf)?;
        Ok(saved.map(|path| Exported { files: vec![path.display().to_string()] }))
    })
    .await
}
