//! PDFs: a pure layout step (`layout`, `certificate`, `report`, `register_sheet`, with `table`
//! for what runs over several pages) and a drawing step (printpdf) that only renders what the
//! layout decided.

pub mod certificate;
pub mod clearance_report;
pub mod draw;
pub mod layout;
pub mod passport;
pub mod picture;
pub mod register_sheet;
pub mod report;
pub mod subject_access;
pub mod table;
pub mod unit_record;
pub mod unlock_list;

pub use clearance_report::{clearance_report_pages, clearance_report_pdf};
pub use draw::{render, Fonts, Pictures};
pub use passport::{passport_pages, passport_pdf};
pub use register_sheet::{register_sheet_pages, register_sheet_pdf};
pub use report::{monthly_report_pages, monthly_report_pdf, ReportOptions};
pub use subject_access::{person_record_pages, person_record_pdf};
