//! Peer roles and qualifications to deliver: thin commands over the core (`store::peers`), which
//! keeps every rule (a person in custody, one role each, a group's required course).

use crate::access::with;
use crate::error::CommandError;
use crate::AppState;
use chrono::NaiveDate;
use recovery_register::model::*;
use recovery_register::views::PeerRecord;
use tauri::State;

type Reply<T> = Result<T, CommandError>;

#[tauri::command]
pub fn peer_record(state: State<'_, AppState>, participant_id: ParticipantId) -> Reply<Option<PeerRecord>> {
    with(&state, |s, a| s.peer_record(a, participant_id))
}

#[tauri::command]
pub fn add_peer_role(state: State<'_, AppState>, participant_id: ParticipantId, role: PeerRole, since: NaiveDate) -> Reply<Facilitator> {
    with(&state, |s, a| s.add_peer_role(a, participant_id, role, since))
}

#[tauri::command]
pub fn change_peer_role(
    state: State<'_, AppState>,
    participant_id: ParticipantId,
    role: PeerRole,
    active: bool,
    on_passport: bool,
) -> Reply<Facilitator> {
    with(&state, |s, a| s.change_peer_role(a, participant_id, role, active, on_passport))
}

#[tauri::command]
pub fn record_qualification(
    state: State<'_, AppState>,
    facilitator_id: FacilitatorId,
    details: QualificationDetails,
) -> Reply<Qualification> {
    with(&state, |s, a| s.record_qualification(a, facilitator_id, &details))
}

#[tauri::command]
pub fn qualifications(state: State<'_, AppState>) -> Reply<Vec<Qualification>> {
    with(&state, |s, a| s.qualifications(a))
}

#[tauri::command]
pub fn require_course(state: State<'_, AppState>, group_id: GroupId, course: Option<String>) -> Reply<Group> {
    with(&state, |s, a| s.require_course(a, group_id, course.as_deref()))
}
