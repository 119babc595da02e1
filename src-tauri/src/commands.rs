//! Thin commands: parse what the UI sent, call the core as the acting staff member, return the
//! result or a `{code, message}` error. No rules live here.

use crate::error::CommandError;
use crate::exports;
use crate::wire::*;
use crate::AppState;
use chrono::NaiveDate;
use recovery_register::dates;
use recovery_register::documents::{Document, Format};
use recovery_register::model::*;
use recovery_register::printing::{PrintProgress, Printed};
use recovery_register::store::{DueLine, NewDropIn, Overview, Register, RegisterSaved, SessionListing};
use recovery_register::views::{GroupPage, ParticipantPage};
use tauri::{AppHandle, Emitter, Manager, State};
use tauri_plugin_dialog::DialogExt;

type Reply<T> = Result<T, CommandError>;

use crate::access::{blocking, ticket, with, with_ticket};

fn date(field: &str, raw: &str) -> Reply<NaiveDate> {
    Ok(dates::parse(field, raw)?)
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo { version: env!("CARGO_PKG_VERSION").to_string(), database: state.database.display().to_string() }
}

#[tauri::command]
pub fn establishments(state: State<'_, AppState>) -> Reply<Vec<Establishment>> {
    with(&state, |s, a| s.establishments(a))
}

#[tauri::command]
pub fn add_establishment(state: State<'_, AppState>, new: NewEstablishment) -> Reply<Establishment> {
    with(&state, |s, a| s.add_establishment(a, &new))
}

#[tauri::command]
pub fn overview(state: State<'_, AppState>, establishment_id: EstablishmentId, week: Option<NaiveDate>) -> Reply<Overview> {
    with(&state, |s, a| s.overview(a, establishment_id, week))
}

#[tauri::command]
pub fn find_participants(state: State<'_, AppState>, establishment_id: EstablishmentId, query: String) -> Reply<Vec<Participant>> {
    with(&state, |s, a| s.find_participants(a, &query, Some(establishment_id), 50))
}

#[tauri::command]
pub fn participant_page(state: State<'_, AppState>, participant_id: ParticipantId) -> Reply<ParticipantPage> {
    with(&state, |s, a| s.participant_page(a, participant_id))
}

#[tauri::command]
pub fn add_participant(state: State<'_, AppState>, establishment_id: EstablishmentId, details: ParticipantDetails) -> Reply<Participant> {
    with(&state, |s, a| s.add_participant(a, establishment_id, &details))
}

#[tauri::command]
pub fn edit_participant(state: State<'_, AppState>, participant_id: ParticipantId, details: ParticipantDetails) -> Reply<Participant> {
    with(&state, |s, a| s.edit_participant(a, participant_id, &details))
}

#[tauri::command]
pub fn change_custody(state: State<'_, AppState>, participant_id: ParticipantId, to: CustodyStatus, on: String) -> Reply<Participant> {
    let on = date("date", &on)?;
    with(&state, |s, a| match to {
        CustodyStatus::Liberated => s.liberate(a, participant_id, on),
        CustodyStatus::Transferred => s.transfer(a, participant_id, on),
        CustodyStatus::HomeLeave => s.start_home_leave(a, participant_id, on),
        CustodyStatus::InCustody => s.readmit(a, participant_id, on),
    })
}

#[tauri::command]
pub fn facilitators(state: State<'_, AppState>) -> Reply<Vec<Facilitator>> {
    with(&state, |s, a| s.facilitators(a))
}

#[tauri::command]
pub fn add_facilitator(state: State<'_, AppState>, new: NewFacilitator) -> Reply<Facilitator> {
    with(&state, |s, a| s.add_facilitator(a, &new))
}

#[tauri::command]
pub fn groups(state: State<'_, AppState>, establishment_id: EstablishmentId) -> Reply<Vec<Group>> {
    with(&state, |s, a| s.groups(a, Some(establishment_id)))
}

#[tauri::command]
pub fn group_page(state: State<'_, AppState>, group_id: GroupId) -> Reply<GroupPage> {
    with(&state, |s, a| s.group_page(a, group_id))
}

#[tauri::command]
pub fn add_group(state: State<'_, AppState>, establishment_id: EstablishmentId, details: GroupDetails) -> Reply<Group> {
    with(&state, |s, a| s.add_group(a, establishment_id, &details))
}

#[tauri::command]
pub fn edit_group(state: State<'_, AppState>, group_id: GroupId, details: GroupDetails) -> Reply<Group> {
    with(&state, |s, a| s.edit_group(a, group_id, &details))
}

#[tauri::command]
pub fn enrol(state: State<'_, AppState>, group_id: GroupId, participant_ids: Vec<ParticipantId>, on: String) -> Reply<Vec<Enrolment>> {
    let on = date("enrolment date", &on)?;
    with(&state, |s, a| s.enrol_many(a, group_id, &participant_ids, on))
}

#[tauri::command]
pub fn leave(
    state: State<'_, AppState>,
    group_id: GroupId,
    participant_id: ParticipantId,
    on: String,
    reason: LeavingReason,
    note: Option<String>,
) -> Reply<Enrolment> {
    let on = date("leaving date", &on)?;
    with(&state, |s, a| s.leave(a, group_id, participant_id, on, reason, note.as_deref()))
}

#[tauri::command]
pub fn generate_sessions(state: State<'_, AppState>, group_id: GroupId, from: String, to: String) -> Reply<Vec<Session>> {
    let (from, to) = (date("from", &from)?, date("to", &to)?);
    with(&state, |s, a| s.generate_sessions(a, group_id, from, to))
}

#[tauri::command]
pub fn add_session(state: State<'_, AppState>, group_id: GroupId, on: String, start_time: Option<String>) -> Reply<Session> {
    let on = date("date", &on)?;
    let time = start_time
        .filter(|t| !t.trim().is_empty())
        .map(|t| dates::parse_time(&t))
        .transpose()
        .map_err(|e| CommandError::invalid("start time", &e))?;
    with(&state, |s, a| s.add_session(a, group_id, on, time))
}

#[tauri::command]
pub fn cancel_session(
    state: State<'_, AppState>,
    session_id: SessionId,
    reason: CancellationReason,
    note: Option<String>,
) -> Reply<Session> {
    with(&state, |s, a| s.cancel_session(a, session_id, reason, note.as_deref()))
}

#[tauri::command]
pub fn reinstate_session(state: State<'_, AppState>, session_id: SessionId) -> Reply<Session> {
    with(&state, |s, a| s.reinstate_session(a, session_id))
}

#[tauri::command]
pub fn log_session(state: State<'_, AppState>, session_id: SessionId, log: SessionLog, held: bool) -> Reply<Session> {
    with(&state, |s, a| s.log_session(a, session_id, &log, held))
}

#[tauri::command]
pub fn sessions_between(
    state: State<'_, AppState>,
    establishment_id: EstablishmentId,
    from: String,
    to: String,
) -> Reply<Vec<SessionListing>> {
    let (from, to) = (date("from", &from)?, date("to", &to)?);
    with(&state, |s, a| s.sessions(a, None, Some(establishment_id), from, to))
}

#[tauri::command]
pub fn register(state: State<'_, AppState>, session_id: SessionId) -> Reply<Register> {
    with(&state, |s, a| s.register(a, session_id))
}

#[tauri::command]
pub fn take_register(state: State<'_, AppState>, session_id: SessionId, marks: Vec<Mark>) -> Reply<RegisterSaved> {
    with(&state, |s, a| s.take_register(a, session_id, &marks))
}

#[tauri::command]
pub fn add_drop_in(
    state: State<'_, AppState>,
    session_id: SessionId,
    participant_id: ParticipantId,
    mark: MarkKind,
) -> Reply<RegisterSaved> {
    with(&state, |s, a| s.add_drop_in(a, session_id, participant_id, mark))
}

#[tauri::command]
pub fn add_new_drop_in(state: State<'_, AppState>, session_id: SessionId, details: ParticipantDetails, mark: MarkKind) -> Reply<NewDropIn> {
    with(&state, |s, a| s.add_new_drop_in(a, session_id, &details, mark))
}

#[tauri::command]
pub fn remove_drop_in(state: State<'_, AppState>, session_id: SessionId, participant_id: ParticipantId) -> Reply<RegisterSaved> {
    with(&state, |s, a| s.remove_drop_in(a, session_id, participant_id))
}

#[tauri::command]
pub fn record_headcount(state: State<'_, AppState>, session_id: SessionId, headcount: Headcount) -> Reply<RegisterSaved> {
    with(&state, |s, a| s.record_headcount(a, session_id, &headcount))
}

#[tauri::command]
pub fn record_held_uncleared(state: State<'_, AppState>, session_id: SessionId, reason: String, confirmed: bool) -> Reply<Session> {
    with(&state, |s, a| s.record_held_uncleared(a, session_id, &reason, confirmed))
}

/// A one-off event and its register, where the people who came are then added.
#[tauri::command]
pub fn add_event(state: State<'_, AppState>, establishment_id: EstablishmentId, details: EventDetails) -> Reply<Event> {
    with(&state, |s, a| s.add_event(a, establishment_id, &details))
}

// ---------------------------------------------------------------------------------------------
// Awards and certificates

#[tauri::command]
pub fn award_types(state: State<'_, AppState>, establishment_id: EstablishmentId) -> Reply<Vec<AwardType>> {
    with(&state, |s, a| s.award_types(a, establishment_id))
}

#[tauri::command]
pub fn add_award_type(state: State<'_, AppState>, establishment_id: EstablishmentId, details: AwardTypeDetails) -> Reply<AwardType> {
    with(&state, |s, a| s.add_award_type(a, establishment_id, &details))
}

/// Asks for an image with the system's file dialog (the webview has no file access) and sets it
/// as the award type's logo. `None` when the person cancels.
#[tauri::command]
pub async fn choose_award_logo(app: AppHandle, award_type_id: AwardTypeId) -> Reply<Option<AwardType>> {
    blocking(move || {
        let state = app.state::<AppState>();
        let ticket = ticket(&state)?;
        let Some(path) = app
            .dialog()
            .file()
            .set_title("Choose a logo for the certificates")
            .add_filter("Images (PNG, JPEG)", &["png", "jpg", "jpeg"])
            .blocking_pick_file()
        else {
            return Ok(None);
        };
        let path = path.into_path().map_err(|e| CommandError::invalid("logo", &e.to_string()))?;
        let bytes = std::fs::read(&path).map_err(|e| CommandError::invalid("logo", &format!("could not read {}: {e}", path.display())))?;
        with_ticket(&state, ticket, |s, a| s.set_award_type_logo(a, award_type_id, Some(&bytes))).map(Some)
    })
    .await
}

#[tauri::command]
pub fn remove_award_logo(state: State<'_, AppState>, award_type_id: AwardTypeId) -> Reply<AwardType> {
    with(&state, |s, a| s.set_award_type_logo(a, award_type_id, None))
}

#[tauri::command]
pub fn due_to_graduate(state: State<'_, AppState>, group_id: GroupId) -> Reply<Vec<DueLine>> {
    with(&state, |s, a| s.due_to_graduate(a, group_id))
}

#[tauri::command]
pub fn issue_awards(
    state: State<'_, AppState>,
    award_type_id: AwardTypeId,
    group_id: Option<GroupId>,
    participant_ids: Vec<ParticipantId>,
    on: String,
    signatories: Option<Vec<Signatory>>,
) -> Reply<Vec<Award>> {
    let on = date("award date", &on)?;
    with(&state, |s, a| s.issue_awards_signed(a, award_type_id, group_id, &participant_ids, on, signatories.as_deref()))
}

#[tauri::command]
pub fn awards_of_group(state: State<'_, AppState>, group_id: GroupId) -> Reply<Vec<Award>> {
    with(&state, |s, a| s.awards_of_group(a, group_id))
}

#[tauri::command]
pub fn revoke_award(state: State<'_, AppState>, award_id: AwardId, reason: String) -> Reply<Award> {
    with(&state, |s, a| s.revoke_award(a, award_id, &reason))
}

#[tauri::command]
pub fn verify_award(
    state: State<'_, AppState>,
    number: String,
    code: String,
    name: Option<String>,
    on: Option<String>,
) -> Reply<Verification> {
    let on = on.filter(|d| !d.trim().is_empty()).map(|d| date("date on the certificate", &d)).transpose()?;
    let name = name.filter(|n| !n.trim().is_empty());
    with(&state, |s, a| s.verify_award(a, &number, &code, name.as_deref(), on))
}

/// Prints certificates: asks where to save (one PDF, or a folder for one per person), writes
/// them off the main thread with `print-progress` events, then opens the PDF in the system's
/// viewer. `None` when the person cancels the dialog. A refused reprint is reported before the
/// dialog opens.
#[tauri::command]
pub async fn print_awards(
    app: AppHandle,
    award_ids: Vec<AwardId>,
    reprint_reason: Option<String>,
    one_per_person: bool,
    title: String,
) -> Reply<Option<Printed>> {
    blocking(move || {
        let reprint_reason = reprint_reason.filter(|r| !r.trim().is_empty());
        let state = app.state::<AppState>();
        with(&state, |s, a| s.check_prints(a, &award_ids, reprint_reason.as_deref()))?;
        let ticket = ticket(&state)?;
        let Some(output) = exports::choose_output(&app, &title, one_per_person)? else {
            return Ok(None);
        };
        let printed = with_ticket(&state, ticket, |s, a| {
            s.print_awards(a, &award_ids, reprint_reason.as_deref(), &output, &mut |p: PrintProgress| {
                let _ = app.emit("print-progress", p);
            })
        })?;
        exports::open_in_viewer(&app, &printed.files);
        Ok(Some(printed))
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// Reports

/// Saves the paper registers of an establishment's sessions from one date to another (a week on
/// Today) in one PDF, and opens it for printing.
#[tauri::command]
pub async fn print_register_sheets(
    app: AppHandle,
    establishment_id: EstablishmentId,
    from: NaiveDate,
    to: NaiveDate,
) -> Reply<Option<Exported>> {
    blocking(move || {
        let state = app.state::<AppState>();
        let document = Document::RegisterSheets { establishment: establishment_id, from, to };
        let saved = exports::save_document(&app, &state, "Save the paper registers", &document, Format::Pdf)?;
        Ok(saved.map(|path| Exported { files: vec![path.display().to_string()] }))
    })
    .await
}

/// Saves a day's unlock lists, one per hall, in one PDF, and opens it for printing.
#[tauri::command]
pub async fn print_unlock_lists(app: AppHandle, establishment_id: EstablishmentId, on: NaiveDate) -> Reply<Option<Exported>> {
    blocking(move || {
        let state = app.state::<AppState>();
        let document = Document::UnlockLists { establishment: establishment_id, on };
        let saved = exports::save_document(&app, &state, "Save the unlock lists", &document, Format::Pdf)?;
        Ok(saved.map(|path| Exported { files: vec![path.display().to_string()] }))
    })
    .await
}

/// Saves a session's printable register sheet and opens it for printing.
#[tauri::command]
pub async fn print_register_sheet(app: AppHandle, session_id: SessionId) -> Reply<Option<Exported>> {
    blocking(move || {
        let state = app.state::<AppState>();
        let document = Document::RegisterSheet { session: session_id };
        let saved = exports::save_document(&app, &state, "Save the register sheet", &document, Format::Pdf)?;
        Ok(saved.map(|path| Exported { files: vec![path.display().to_string()] }))
    })
    .await
}
