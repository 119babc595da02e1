//! End-to-end tests of the real desktop app in its real webview (tauri-driver + WebKitWebDriver),
//! one binary: the scenarios take turns through `harness`.

mod harness;

mod certificates;
mod clearances;
mod desktop;
mod import;
mod liberation;
mod records;
mod safety;
