//! Transfer packs: thin commands over the core (`store::transfers`, `transfer`), which keeps
//! every rule (consent, cards, matching, what is refused). The shell only asks where the file
//! goes, or which file to take in.

use crate::access::{blocking, ticket, with, with_ticket};
use crate::error::CommandError;
use crate::exports;
use crate::AppState;
use recovery_register::model::ParticipantId;
use recovery_register::store::transfers::{TransferMade, TransferTakenIn, TransferTo};
use tauri::{AppHandle, Manager};

type Reply<T> = Result<T, CommandError>;

/// "Make a transfer pack…": checked first (consent, cards), so nobody chooses a place for a
/// file that would be refused; then saved where the person chooses. `None` if cancelled.
#[tauri::command]
pub async fn make_transfer_pack(app: AppHandle, person: ParticipantId, to: TransferTo) -> Reply<Option<TransferMade>> {
    blocking(move || {
        let state = app.state::<AppState>();
        with(&state, |s, a| s.check_transfer_pack(a, person, &to))?;
        let ticket = ticket(&state)?;
        // The file's name says where it goes, never whom it is for.
        let name = format!("Transfer pack for {}", to.to.trim().to_uppercase());
        let Some(path) = exports::choose_file(&app, "Save the transfer pack", &name, "Recovery Register transfer packs", "rrtransfer")?
        else {
            return Ok(None);
        };
        with_ticket(&state, ticket, |s, a| s.make_transfer_pack(a, person, &to, &path)).map(Some)
    })
    .await
}

/// "Take in a transfer pack…". `None` if cancelled.
#[tauri::command]
pub async fn take_in_transfer_pack(app: AppHandle) -> Reply<Option<TransferTakenIn>> {
    blocking(move || {
        let state = app.state::<AppState>();
        with(&state, |_, a| a.require(recovery_register::Act::WriteRecords))?;
        let Some(path) =
            exports::choose_file_to_open(&app, "Choose the transfer pack", "Recovery Register transfer packs", &["rrtransfer"])?
        else {
            return Ok(None);
        };
        with(&state, |s, a| s.take_in_transfer_pack(a, &path)).map(Some)
    })
    .await
}
