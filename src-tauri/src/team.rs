//! A team of PCs: thin commands over the core's `store::team`, which keeps every rule (who may,
//! what a file must be, how rows merge). Files are chosen in the shell's dialogs; the webview
//! names a chosen change file only by its token (`exchange::Chosen`).

use crate::access::{blocking, ticket, with, with_ticket};
use crate::error::CommandError;
use crate::exchange::Chosen;
use crate::exports;
use crate::AppState;
use recovery_register::change_file::PassphraseCost;
use recovery_register::model::{EstablishmentId, ParticipantId, SessionId};
use recovery_register::store::team::{self, ConflictChoice, JoiningFile, MarkConflict, NumberingPc, SentChanges, TakenIn, TeamStatus};
use serde::Serialize;
use tauri::{AppHandle, Manager, State};
use ts_rs::TS;

type Reply<T> = Result<T, CommandError>;

/// The team's page: the PCs, and which PC numbers each establishment's certificates.
#[derive(Debug, Serialize, TS)]
pub struct TeamPage {
    pub status: TeamStatus,
    pub numbering: Vec<NumberingPc>,
}

/// A change file chosen to take in, with what taking it in would do.
#[derive(Debug, Serialize, TS)]
pub struct ChangeFilePreview {
    /// The token that names the chosen file when it is taken in.
    pub file: String,
    pub name: String,
    pub preview: TakenIn,
}

/// A joining file chosen on a PC not yet set up.
#[derive(Debug, Serialize, TS)]
pub struct ChosenJoiningFile {
    pub file: String,
    pub name: String,
}

#[tauri::command]
pub fn team_page(state: State<'_, AppState>) -> Reply<TeamPage> {
    with(&state, |s, a| {
        let status = s.team_status(a)?;
        Ok(TeamPage { status, numbering: s.numbering_pcs(a)? })
    })
}

/// "Add a PC to this service": the joining file where the person chooses; `None` if cancelled.
#[tauri::command]
pub async fn make_joining_file(app: AppHandle, this_pc_name: String, new_pc_name: String) -> Reply<Option<JoiningFile>> {
    blocking(move || {
        let state = app.state::<AppState>();
        with(&state, |_, a| a.require(recovery_register::Act::ManageTeam))?;
        let ticket = ticket(&state)?;
        let name = format!("Joining file for {}", new_pc_name.trim());
        let Some(path) = exports::choose_file(
            &app,
            "Save the joining file (on a stick for the new PC)",
            &name,
            "Recovery Register joining files",
            "rrjoin",
        )?
        else {
            return Ok(None);
        };
        with_ticket(&state, ticket, |s, a| s.make_joining_file(a, &this_pc_name, &new_pc_name, &path, passphrase_cost())).map(Some)
    })
    .await
}

/// Cheaper only in a rehearsal build whose keys are cheap too.
fn passphrase_cost() -> PassphraseCost {
    if crate::rehearsal::cheap_keys() {
        PassphraseCost::MINIMUM
    } else {
        PassphraseCost::STANDARD
    }
}

/// "Send changes": one file for the team, where the person chooses; `None` if cancelled.
#[tauri::command]
pub async fn send_changes(app: AppHandle) -> Reply<Option<SentChanges>> {
    blocking(move || {
        let state = app.state::<AppState>();
        let (name, today) = with(&state, |s, a| {
            a.require(recovery_register::Act::WriteRecords)?;
            let status = s.team_status(a)?;
            Ok((status.this_pc.map(|p| p.name).unwrap_or_default(), s.today()))
        })?;
        let ticket = ticket(&state)?;
        let file_name = format!("Changes from {name}, {}", today.format("%d-%m-%Y"));
        let Some(path) =
            exports::choose_file(&app, "Save the changes for the other PCs", &file_name, "Recovery Register changes", "rrchanges")?
        else {
            return Ok(None);
        };
        with_ticket(&state, ticket, |s, a| s.send_changes(a, &path)).map(Some)
    })
    .await
}

/// "Take in changes…": the file chosen, and what taking it in would do; `None` if cancelled.
#[tauri::command]
pub async fn choose_change_file(app: AppHandle) -> Reply<Option<ChangeFilePreview>> {
    blocking(move || {
        let state = app.state::<AppState>();
        with(&state, |_, a| a.require(recovery_register::Act::WriteRecords))?;
        let ticket = ticket(&state)?;
        let Some(path) =
            exports::choose_file_to_open(&app, "Choose the changes from another PC", "Recovery Register changes", &["rrchanges"])?
        else {
            return Ok(None);
        };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let preview = with_ticket(&state, ticket, |s, a| s.preview_changes(a, &path))?;
        let file = Chosen::lock(&state.chosen)?.remember(path);
        Ok(Some(ChangeFilePreview { file, name, preview }))
    })
    .await
}

#[tauri::command]
pub async fn take_in_changes(app: AppHandle, file: String) -> Reply<TakenIn> {
    blocking(move || {
        let state = app.state::<AppState>();
        let path = Chosen::lock(&state.chosen)?.path(&file)?;
        with(&state, |s, a| s.take_in_changes(a, &path))
    })
    .await
}

#[tauri::command]
pub fn mark_conflicts(state: State<'_, AppState>) -> Reply<Vec<MarkConflict>> {
    with(&state, |s, a| s.mark_conflicts(a))
}

#[tauri::command]
pub fn resolve_conflict(
    state: State<'_, AppState>,
    session_id: SessionId,
    participant_id: ParticipantId,
    choice: ConflictChoice,
) -> Reply<()> {
    with(&state, |s, a| s.resolve_conflict(a, session_id, participant_id, choice))
}

#[tauri::command]
pub fn retire_pc(state: State<'_, AppState>, pc: uuid::Uuid) -> Reply<()> {
    with(&state, |s, a| s.retire_pc(a, pc))
}

#[tauri::command]
pub fn choose_numbering_pc(state: State<'_, AppState>, establishment_id: EstablishmentId, pc: uuid::Uuid) -> Reply<()> {
    with(&state, |s, a| s.choose_numbering_pc(a, establishment_id, pc))
}

/// On a PC not yet set up: the joining file chosen in the open dialog; `None` if cancelled.
#[tauri::command]
pub async fn choose_joining_file(app: AppHandle) -> Reply<Option<ChosenJoiningFile>> {
    blocking(move || {
        let state = app.state::<AppState>();
        let Some(path) = exports::choose_file_to_open(
            &app,
            "Choose the joining file from the other PC",
            "Recovery Register joining files",
            &["rrjoin"],
        )?
        else {
            return Ok(None);
        };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let file = Chosen::lock(&state.chosen)?.remember(path);
        Ok(Some(ChosenJoiningFile { file, name }))
    })
    .await
}

/// "Join a service from a file": this PC's database made from the joining file; the PC's
/// administrators then log in. Returns the name this PC has in the team.
#[tauri::command]
pub async fn join_team(app: AppHandle, file: String, passphrase: String) -> Reply<String> {
    blocking(move || {
        let state = app.state::<AppState>();
        let path = Chosen::lock(&state.chosen)?.path(&file)?;
        Ok(team::join_team(&path, &passphrase, &state.database)?)
    })
    .await
}

/// A receiving card chosen to add, read and shown with its fingerprint before it is added.
#[derive(Debug, Serialize, TS)]
pub struct ChosenCard {
    pub file: String,
    pub card: recovery_register::store::cards::CardLine,
}

#[tauri::command]
pub fn cards(state: State<'_, AppState>) -> Reply<Vec<recovery_register::store::cards::CardLine>> {
    with(&state, |s, a| s.cards(a))
}

/// "Save our card…": this install's card for an establishment (or the national office) where
/// the person chooses; `None` if cancelled.
#[tauri::command]
pub async fn save_own_card(
    app: AppHandle,
    establishment: Option<String>,
    national: Option<String>,
) -> Reply<Option<recovery_register::store::cards::CardLine>> {
    blocking(move || {
        let state = app.state::<AppState>();
        with(&state, |_, a| a.require(recovery_register::Act::ManageEstablishments))?;
        let ticket = ticket(&state)?;
        let name = format!("Receiving card {}", establishment.as_deref().unwrap_or("national office"));
        let Some(path) = exports::choose_file(&app, "Save the receiving card", &name, "Recovery Register receiving cards", "rrcard")?
        else {
            return Ok(None);
        };
        let card = with_ticket(&state, ticket, |s, a| s.save_own_card(a, establishment.as_deref(), national.as_deref(), &path))?;
        Ok(Some(recovery_register::store::cards::CardLine::of(&card, true)))
    })
    .await
}

/// "Add a card…": the card file chosen and read, to compare its fingerprint before adding it.
#[tauri::command]
pub async fn choose_card_file(app: AppHandle) -> Reply<Option<ChosenCard>> {
    blocking(move || {
        let state = app.state::<AppState>();
        with(&state, |_, a| a.require(recovery_register::Act::ManageEstablishments))?;
        let Some(path) =
            exports::choose_file_to_open(&app, "Choose the other install's card", "Recovery Register receiving cards", &["rrcard"])?
        else {
            return Ok(None);
        };
        let bytes = recovery_register::files::read_bounded(&path, recovery_register::card::MAX_FILE)?;
        let card = recovery_register::card::Card::from_file(&bytes)?;
        let file = Chosen::lock(&state.chosen)?.remember(path);
        Ok(Some(ChosenCard { file, card: recovery_register::store::cards::CardLine::of(&card, false) }))
    })
    .await
}

#[tauri::command]
pub async fn add_card(app: AppHandle, file: String, replace: bool) -> Reply<recovery_register::store::cards::CardLine> {
    blocking(move || {
        let state = app.state::<AppState>();
        let path = Chosen::lock(&state.chosen)?.path(&file)?;
        let bytes = recovery_register::files::read_bounded(&path, recovery_register::card::MAX_FILE)?;
        with(&state, |s, a| s.add_card(a, &bytes, replace))
    })
    .await
}
