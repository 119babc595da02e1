//! Reports: the figures (computed here, from the store) and their exports: CSV here, PDF layout
//! in `pdf/report.rs` and `pdf/register_sheet.rs`.

pub mod clearances;
pub mod csv;
pub mod dataset;
pub mod monthly;
pub mod national;
pub mod template;
pub mod unlock;

pub use monthly::{Month, MonthFigures, MonthlyReport};

use crate::actor::{Act, Actor};
use crate::error::Result;
use crate::model::{EstablishmentId, SessionId, SessionStatus};
use crate::Store;
use chrono::NaiveDate;
use csv::Disclosure;

/// "23/11/2026 14:05", London time, for a report's footer.
pub fn generated_at_now() -> String {
    chrono::Utc::now().with_timezone(&crate::dates::ZONE).format("%d/%m/%Y %H:%M").to_string()
}

/// The monthly return as a PDF, stamped with the time it was made.
pub fn monthly_pdf(report: &MonthlyReport, disclosure: Disclosure) -> Vec<u8> {
    crate::pdf::report::monthly_report_pdf(report, &crate::pdf::report::ReportOptions::monthly(disclosure, generated_at_now()))
}

/// A return for any period as a PDF, with the service's highlights on its first page.
pub fn period_pdf(report: &MonthlyReport, disclosure: Disclosure, highlights: Option<String>) -> Vec<u8> {
    let options = crate::pdf::report::ReportOptions::for_report(report, disclosure, generated_at_now(), highlights);
    crate::pdf::report::monthly_report_pdf(report, &options)
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

    /// The paper registers of every session of `establishment` from `from` to `to` (a day, a
    /// week), by date and time, cancelled ones left out, in one PDF: each sheet starts a page
    /// and numbers its own pages. Returns the bytes and how many sheets they hold; a range with
    /// no sessions is refused, saying so.
    pub fn register_sheets_pdf(
        &self,
        actor: &Actor,
        establishment: EstablishmentId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<(Vec<u8>, usize)> {
        actor.require(Act::ReadRecords)?;
        if to < from {
            return Err(crate::Error::invalid("to", "is before the first date"));
        }
        if (to - from).num_days() > 31 {
            return Err(crate::Error::invalid("to", "print at most a month of registers at a time"));
        }
        let name = self.establishment(actor, &establishment.to_string())?.name;
        let fonts = crate::pdf::draw::Fonts::shared();
        let mut pages = Vec::new();
        let mut sheets = 0;
        for listing in self.sessions(actor, None, Some(establishment), from, to)? {
            if listing.session.status == SessionStatus::Cancelled {
                continue;
            }
            let register = self.register(actor, listing.session.id)?;
            pages.extend(crate::pdf::register_sheet::register_sheet_pages(&register, &name, fonts));
            sheets += 1;
        }
        if sheets == 0 {
            return Err(crate::Error::invalid(
                "dates",
                format!("no sessions to print from {} to {}", crate::dates::display(from), crate::dates::display(to)),
            ));
        }
        let title = format!("Attendance registers, {} to {}", crate::dates::display(from), crate::dates::display(to));
        Ok((crate::pdf::draw::render(&pages, fonts, &title, &crate::pdf::Pictures::default()), sheets))
    }
}
