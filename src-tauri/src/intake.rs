//! Referrals into the service and programmes' waiting lists: thin commands over the core
//! (`store::referrals_in`), which keeps every rule (dates, oldest first, reasons for skipping,
//! one transaction for a cohort).

use crate::access::with;
use crate::error::CommandError;
use crate::AppState;
use chrono::NaiveDate;
use recovery_register::model::*;
use recovery_register::store::referrals_in::{Allocated, Allocation, ProgrammeLine, ReferralInLine, WaitingList};
use tauri::State;

type Reply<T> = Result<T, CommandError>;

#[tauri::command]
pub fn referrals_in(state: State<'_, AppState>, participant_id: ParticipantId) -> Reply<Vec<ReferralInLine>> {
    with(&state, |s, a| s.referrals_in(a, participant_id))
}

#[tauri::command]
pub fn refer_in(state: State<'_, AppState>, participant_id: ParticipantId, details: ReferralInDetails) -> Reply<ReferralIn> {
    with(&state, |s, a| s.refer_in(a, participant_id, &details))
}

#[tauri::command]
pub fn record_first_contact(state: State<'_, AppState>, referral_in_id: ReferralInId, on: NaiveDate) -> Reply<ReferralIn> {
    with(&state, |s, a| s.record_first_contact(a, referral_in_id, on))
}

#[tauri::command]
pub fn close_referral_in(
    state: State<'_, AppState>,
    referral_in_id: ReferralInId,
    outcome: ReferralOutcome,
    on: NaiveDate,
) -> Reply<ReferralIn> {
    with(&state, |s, a| s.close_referral_in(a, referral_in_id, outcome, on))
}

#[tauri::command]
pub fn programmes(state: State<'_, AppState>, establishment_id: Option<EstablishmentId>) -> Reply<Vec<ProgrammeLine>> {
    with(&state, |s, a| s.programmes(a, establishment_id))
}

#[tauri::command]
pub fn add_programme(state: State<'_, AppState>, establishment_id: EstablishmentId, name: String) -> Reply<Programme> {
    with(&state, |s, a| s.add_programme(a, establishment_id, &name))
}

#[tauri::command]
pub fn waiting_list(state: State<'_, AppState>, programme_id: ProgrammeId) -> Reply<WaitingList> {
    with(&state, |s, a| s.waiting_list(a, programme_id))
}

#[tauri::command]
pub fn allocate_cohort(state: State<'_, AppState>, programme_id: ProgrammeId, allocation: Allocation) -> Reply<Allocated> {
    with(&state, |s, a| s.allocate_cohort(a, programme_id, &allocation))
}

#[tauri::command]
pub fn capital_of(state: State<'_, AppState>, participant_id: ParticipantId) -> Reply<Vec<CapitalAssessment>> {
    with(&state, |s, a| s.capital_of(a, participant_id))
}

#[tauri::command]
pub fn record_capital(state: State<'_, AppState>, participant_id: ParticipantId, details: CapitalDetails) -> Reply<CapitalAssessment> {
    with(&state, |s, a| s.record_capital(a, participant_id, &details))
}
