//! A person's full record (a subject access request): one thin command that asks for a folder
//! and has the core write the PDF and the JSON there. The core decides who may (administrators)
//! and records the export in the audit trail.

use crate::access::{blocking, ticket, with, with_ticket};
use crate::error::CommandError;
use crate::exports;
use crate::AppState;
use recovery_register::model::ParticipantId;
use recovery_register::views::PersonAuditLine;
use serde::Serialize;
use tauri::State;
use tauri::{AppHandle, Manager};
use ts_rs::TS;

type Reply<T> = Result<T, CommandError>;

/// Where the person's full record was written.
#[derive(Debug, Serialize, TS)]
pub struct FullRecordFiles {
    pub pdf: String,
    pub json: String,
}

/// Asks for a folder (`rehearsal::export_dir` answers in rehearsals and tests) and
/// writes "full-record-<yyyy-mm-dd>-<id>.pdf" and ".json" there (no name: the core's stem). `None` when the dialog is
/// cancelled. Roles that may not export hear so before a dialog opens.
#[tauri::command]
pub async fn export_person_record(app: AppHandle, participant_id: ParticipantId) -> Reply<Option<FullRecordFiles>> {
    blocking(move || {
        let state = app.state::<AppState>();
        let today = with(&state, |s, a| {
            a.require(recovery_register::Act::SubjectAccess)?;
            s.participant(a, participant_id).map(|_| s.today())
        })?;
        let ticket = ticket(&state)?;
        let Some(folder) = exports::choose_folder(&app, "Choose a folder for the person's full record (PDF and JSON)")? else {
            return Ok(None);
        };
        let stem = recovery_register::store::person_record_file_stem(participant_id, today);
        let (pdf, json) = (folder.join(format!("{stem}.pdf")), folder.join(format!("{stem}.json")));
        with_ticket(&state, ticket, |s, a| s.export_person_record(a, participant_id, Some(&pdf), Some(&json)))?;
        Ok(Some(FullRecordFiles { pdf: pdf.display().to_string(), json: json.display().to_string() }))
    })
    .await
}

/// Who looked at this record: the audit entries about one person, newest first. The core lets
/// administrators only.
#[tauri::command]
pub fn person_audit(state: State<'_, AppState>, participant_id: ParticipantId) -> Reply<Vec<PersonAuditLine>> {
    with(&state, |s, a| s.audit_of_person(a, participant_id))
}
