//! Reports: the figures (computed here, from the store) and their exports: CSV here, PDF layout
//! in `pdf/report.rs` and `pdf/register_sheet.rs`.

pub mod clearances;
pub mod csv;
pub mod monthly;

pub use monthly::{Month, MonthFigures, MonthlyReport};

use crate::actor::{Act, Actor};
use crate::error::Result;
use crate::model::SessionId;
use crate::Store;
use csv::Disclosure;

/// "23/11/2026 14:05", London time, for a report's footer.
pub fn generated_at_now() -> String {
    chrono::Utc::now().with_timezone(&crate::dates::ZONE).format("%d/%m/%Y %H:%M").to_string()
}

/// The monthly return as a PDF, stamped with the time it was made.
pub fn monthly_pdf(report: &MonthlyReport, disclosure: Disclosure) -> Vec<u8> {
    crate::pdf::report::monthly_report_pdf(report, &crate::pdf::report::ReportOptions { disclosure, generated_at: generated_at_now() })
}

/// The clearances report as a PDF, stamped with the time it was made.
pub fn clearance_pdf(report: &clearances::ClearanceReport) -> Vec<u8> {
    crate::pdf::clearance_report::clearance_report_pdf(report, &generated_at_now())
}

impl Store {
    /// A session's printable register: its roster with tick boxes and the absence codes.
    pub fn register_sheet_pdf(&self, actor: &Actor, session_id: SessionId) -> Result<Vec<u8>> {
        actor.require(Act::ReadRecords)?;
        let register = self.register(actor, session_id)?;
        let group = self.group(actor, register.session.group_id)?;
        let establishment = self.establishment(actor, &group.establishment_id.to_string())?;
        Ok(crate::pdf::register_sheet::register_sheet_pdf(&register, &establishment.name))
    }
}
