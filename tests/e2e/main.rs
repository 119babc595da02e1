//! End-to-end tests of the real desktop app in its real webview (tauri-driver + WebKitWebDriver),
//! one binary: the scenarios take turns through `harness`.

// The app is driven unattended (no dialogs, a pinned date): only a rehearsal build allows that.
#[cfg(not(feature = "rehearsal"))]
compile_error!(
    "the end-to-end tests need the rehearsal switches: build with --features recovery-register-desktop/rehearsal (make test does)"
);

#[path = "../common/award_types.rs"]
mod award_types;
mod harness;
#[path = "../common/scan.rs"]
mod scan;

mod between;
mod certificates;
mod clearances;
mod desktop;
mod import;
mod liberation;
mod pipeline;
mod records;
mod room;
mod safety;
mod team;
