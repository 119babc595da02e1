//! Retention (administrators): the period records are kept after liberation or transfer, the
//! people past it, and erasing their records. Thin commands over the core, which keeps the
//! rules (who may, who is past the period, all or nothing) and rewrites the file afterwards.

use crate::access::{blocking, with};
use crate::error::CommandError;
use crate::AppState;
use recovery_register::model::ParticipantId;
use recovery_register::store::{ErasureDone, PastRetention, RetentionPeriod};
use tauri::{AppHandle, Manager, State};

type Reply<T> = Result<T, CommandError>;

#[tauri::command]
pub fn retention_period(state: State<'_, AppState>) -> Reply<RetentionPeriod> {
    with(&state, |s, a| s.retention_period(a))
}

#[tauri::command]
pub fn set_retention_years(state: State<'_, AppState>, years: u32) -> Reply<RetentionPeriod> {
    with(&state, |s, a| s.set_retention_years(a, years))
}

#[tauri::command]
pub fn past_retention(state: State<'_, AppState>) -> Reply<Vec<PastRetention>> {
    with(&state, |s, a| s.past_retention(a))
}

/// Erases in one transaction, then rewrites the whole file (VACUUM): on a large database that
/// takes a while, so it runs off the main thread and the window keeps painting.
#[tauri::command]
pub async fn erase_past_retention(app: AppHandle, participant_ids: Vec<ParticipantId>) -> Reply<ErasureDone> {
    blocking(move || {
        let state = app.state::<AppState>();
        with(&state, |s, a| s.erase_past_retention(a, &participant_ids))
    })
    .await
}
