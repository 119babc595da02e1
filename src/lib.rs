//! Recovery Register's core: the domain model, the SQLite store and the rules the reports rely
//! on. It never imports Tauri and opens no windows: the desktop shell and the CLI only translate.

pub mod access;
pub mod actor;
pub mod backup;
pub mod card;
pub mod change_file;
pub mod csv_file;
pub mod dates;
pub mod demo;
pub mod documents;
pub mod error;
pub mod exchange;
pub mod figures_file;
pub mod files;
pub mod keys;
pub mod model;
pub mod national;
pub mod paths;
pub mod pdf;
pub mod printing;
pub mod reports;
pub mod rules;
pub mod sealed_file;
pub mod store;
pub mod text;
pub mod transfer;
pub mod transfer_pack;
pub mod verification;
pub mod views;

pub use actor::{Act, Actor, Role};
pub use error::{Error, Result};
pub use store::Store;
