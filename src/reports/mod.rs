//! Reports: the figures (computed here, from the store) and their exports (CSV here; PDF layout
//! in `pdf/`).

pub mod csv;
pub mod monthly;

pub use monthly::{Month, MonthFigures, MonthlyReport};
