//! The clearances report for one establishment: who is cleared for what until when, what runs
//! out soon, what lapsed, what was refused or withdrawn, and what is still waiting. The figures
//! and lists are made here; the PDF layout is `pdf/clearance_report.rs`, the CSV below.

use crate::actor::{Act, Actor};
use crate::error::Result;
use crate::model::ClearanceStatus;
use crate::rules::clearance::covers;
pub use crate::views::{ClearanceLine, ClearanceReport};
use crate::Store;
use chrono::NaiveDate;

/// Where a clearance stands today, in the report's words (the CSV's last column).
pub fn standing_today(report: &ClearanceReport, line: &ClearanceLine) -> &'static str {
    let id = line.clearance.id;
    let in_list = |list: &[ClearanceLine]| list.iter().any(|l| l.clearance.id == id);
    if in_list(&report.expiring) {
        "Expiring soon"
    } else if in_list(&report.cleared) {
        "Cleared"
    } else if in_list(&report.lapsed) {
        "Lapsed"
    } else if in_list(&report.waiting) {
        "Waiting"
    } else {
        match line.clearance.details.status {
            ClearanceStatus::Refused => "Refused",
            ClearanceStatus::Withdrawn => "Withdrawn",
            _ => "Past",
        }
    }
}

impl Store {
    pub fn clearance_report(&self, actor: &Actor, establishment: &str) -> Result<ClearanceReport> {
        actor.require(Act::ReadRecords)?;
        let establishment = self.establishment(actor, establishment)?;
        let all = self.clearances(actor, Some(establishment.id), None)?;
        let warnings = self.clearance_warnings(actor, Some(establishment.id))?;
        let today = self.today();
        let year_ago = today.checked_sub_months(chrono::Months::new(12)).unwrap_or(today);
        let cleared = all.iter().filter(|l| covers(&l.clearance.details, today)).cloned().collect();
        let refused = all
            .iter()
            .filter(|l| matches!(l.clearance.details.status, ClearanceStatus::Refused | ClearanceStatus::Withdrawn))
            .filter(|l| l.clearance.details.applied_on.is_none_or(|a| a >= year_ago))
            .cloned()
            .collect();
        let waiting = all.iter().filter(|l| l.clearance.details.status.is_pending()).cloned().collect();
        let held_uncleared = self.held_uncleared_since(establishment.id, year_ago)?;
        Ok(ClearanceReport {
            establishment,
            today,
            within_days: warnings.within_days,
            cleared,
            expiring: warnings.expiring,
            lapsed: warnings.lapsed,
            refused,
            waiting,
            held_uncleared,
        })
    }
}

pub const CSV_HEADER: [&str; 10] =
    ["Facilitator", "Establishment", "Clearance", "Status", "Applied", "Granted", "Expires", "Reference", "Renewal of", "Today"];

/// Every clearance in the report, once, as CSV (BOM first; dates dd/mm/yyyy; free text inert).
pub fn clearance_csv(report: &ClearanceReport) -> Result<Vec<u8>> {
    let mut seen = std::collections::HashSet::new();
    let lines = [&report.expiring, &report.cleared, &report.lapsed, &report.waiting, &report.refused]
        .into_iter()
        .flatten()
        .filter(|l| seen.insert(l.clearance.id));
    let date = |d: Option<NaiveDate>| d.map(crate::dates::display).unwrap_or_default();
    let inert = super::csv::inert;
    let rows = lines.map(|l| {
        let d = &l.clearance.details;
        vec![
            inert(&l.facilitator_name),
            report.establishment.code.clone(),
            d.kind.label().to_string(),
            d.status.label().to_string(),
            date(d.applied_on),
            date(d.granted_on),
            date(d.expires_on),
            inert(d.reference.as_deref().unwrap_or("")),
            l.clearance.renews.map(|r| r.to_string()).unwrap_or_default(),
            standing_today(report, l).to_string(),
        ]
    });
    super::csv::write_csv(&CSV_HEADER, rows)
}
