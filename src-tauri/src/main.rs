// Prevents an additional console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

//! The desktop shell: thin Tauri commands over the core. No rules live here.

mod access;
mod awards;
mod clearances;
mod commands;
mod error;
mod exchange;
mod exports;
mod intake;
mod liberation;
mod national;
mod peers;
mod rehearsal;
mod retention;
mod returns;
mod subject_access;
mod team;
mod transfers;
mod wire;
#[cfg(test)]
mod wire_types;

use recovery_register::paths;
use std::sync::Mutex;
use tauri::Manager;

/// The database and who is using it, shared by every command. The database stays closed (and
/// encrypted) until the first log-in; the lock screen forgets the person, not the key.
pub struct AppState {
    pub session: Mutex<access::Session>,
    pub database: std::path::PathBuf,
    /// Files the person chose in a dialog, by the token the webview was given for each: the
    /// webview names a file it may read again only by token, never by a path of its own.
    pub chosen: Mutex<exchange::Chosen>,
}

/// Without the WebView2 Runtime (part of Windows 11 and an updated Windows 10) the window cannot
/// open: say so in plain words and exit, rather than close without a word.
#[cfg(windows)]
fn webview2_missing() -> bool {
    use windows_sys::Win32::UI::WindowsAndMessaging::{MessageBoxW, MB_ICONERROR, MB_OK};
    if wry::webview_version().is_ok() {
        return false;
    }
    let text = "Recovery Register cannot open its window: this PC does not have the Microsoft Edge WebView2 Runtime.\n\n\
                Ask the PC's administrator to install it: Microsoft's \"Evergreen Standalone Installer\" for x64 can be \
                brought on a USB stick and needs no internet. The records on this PC are untouched.";
    eprintln!("{text}");
    let wide = |s: &str| s.encode_utf16().chain(Some(0)).collect::<Vec<u16>>();
    let (text, title) = (wide(text), wide("Recovery Register"));
    // SAFETY: both strings are NUL-terminated UTF-16 that outlive the call; no owner window.
    unsafe { MessageBoxW(std::ptr::null_mut(), text.as_ptr(), title.as_ptr(), MB_OK | MB_ICONERROR) };
    true
}

/// The exit code when the WebView2 Runtime is missing (the installer's own is 3).
#[cfg(windows)]
const NO_WEBVIEW2: i32 = 3;

fn main() {
    #[cfg(windows)]
    if webview2_missing() {
        std::process::exit(NO_WEBVIEW2);
    }
    tauri::Builder::default()
        // A second launch focuses the first window instead of opening the database twice.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            // RECOVERY_REGISTER_DB lets tests and rehearsals use another file; by default the
            // database lives in the app's local (not roaming) data folder, as the CLI's does.
            let database = match std::env::var_os("RECOVERY_REGISTER_DB") {
                Some(path) => std::path::PathBuf::from(path),
                None => app.path().app_local_data_dir()?.join(paths::DATABASE_FILE),
            };
            app.manage(AppState { session: Mutex::new(access::Session::default()), database, chosen: Mutex::default() });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            access::start_screen,
            access::set_up,
            access::log_in,
            access::lock,
            access::still_here,
            access::who_am_i,
            access::recover,
            access::accounts,
            access::add_account,
            access::set_account_disabled,
            access::change_password,
            access::reset_password,
            access::change_database_key,
            access::set_lock_minutes,
            access::audit_trail,
            access::check_audit_trail,
            access::export_audit_trail,
            access::backups,
            access::back_up_now,
            access::back_up_to,
            access::restore,
            retention::retention_period,
            retention::set_retention_years,
            retention::past_retention,
            retention::erase_past_retention,
            team::team_page,
            team::make_joining_file,
            team::send_changes,
            team::choose_change_file,
            team::take_in_changes,
            team::mark_conflicts,
            team::resolve_conflict,
            team::retire_pc,
            team::choose_numbering_pc,
            team::choose_joining_file,
            team::join_team,
            team::cards,
            team::save_own_card,
            team::choose_card_file,
            team::add_card,
            returns::report_periods,
            returns::period_report,
            returns::export_return,
            returns::column_templates,
            returns::save_column_template,
            peers::peer_record,
            peers::add_peer_role,
            peers::change_peer_role,
            peers::record_qualification,
            peers::qualifications,
            peers::require_course,
            awards::edit_award_type,
            awards::award_type_history,
            awards::choose_signature_image,
            awards::svq_units,
            awards::add_svq_units,
            awards::svq_progress,
            awards::svq_progress_in,
            awards::sign_off_unit,
            awards::candidate_number,
            awards::set_candidate_number,
            awards::export_unit_record,
            intake::referrals_in,
            intake::refer_in,
            intake::record_first_contact,
            intake::close_referral_in,
            intake::programmes,
            intake::add_programme,
            intake::waiting_list,
            intake::allocate_cohort,
            intake::capital_of,
            intake::record_capital,
            transfers::make_transfer_pack,
            transfers::take_in_transfer_pack,
            national::national_report,
            national::send_figures,
            national::take_in_figures,
            national::export_national,
            clearances::clearances,
            clearances::clearance_warnings,
            clearances::add_clearance,
            clearances::renew_clearance,
            clearances::edit_clearance,
            clearances::clearance_settings,
            clearances::set_clearance_validity,
            clearances::set_clearance_warning_days,
            clearances::clearance_report,
            clearances::export_clearance_report,
            liberation::services,
            liberation::add_service,
            liberation::edit_service,
            exchange::import_sheet,
            exchange::save_import_template,
            liberation::liberation_plan,
            liberation::set_liberation_plan,
            liberation::record_consent,
            liberation::withdraw_consent,
            liberation::refer,
            liberation::update_referral,
            liberation::add_meeting,
            liberation::due_for_liberation,
            liberation::follow_up,
            liberation::passport,
            liberation::export_passport,
            subject_access::export_person_record,
            subject_access::person_audit,
            commands::establishments,
            commands::add_establishment,
            commands::overview,
            commands::find_participants,
            commands::participant_page,
            commands::add_participant,
            commands::edit_participant,
            commands::change_custody,
            commands::facilitators,
            commands::add_facilitator,
            commands::groups,
            commands::group_page,
            commands::add_group,
            commands::edit_group,
            commands::enrol,
            commands::leave,
            commands::generate_sessions,
            commands::add_session,
            commands::cancel_session,
            commands::reinstate_session,
            commands::log_session,
            commands::sessions_between,
            commands::register,
            commands::take_register,
            commands::add_drop_in,
            commands::add_new_drop_in,
            commands::remove_drop_in,
            commands::record_headcount,
            commands::record_held_uncleared,
            commands::add_event,
            commands::award_types,
            commands::add_award_type,
            commands::choose_award_logo,
            commands::remove_award_logo,
            commands::due_to_graduate,
            commands::issue_awards,
            commands::awards_of_group,
            commands::revoke_award,
            commands::verify_award,
            commands::print_awards,
            commands::print_register_sheet,
            commands::print_register_sheets,
            commands::print_unlock_lists,
        ])
        .run(tauri::generate_context!("../tauri.conf.json"))
        .expect("error while running Recovery Register");
}
