//! The clearances report (A4): placeholder until the layout lands; see the issue.

use crate::reports::clearances::ClearanceReport;

/// The report as PDF bytes.
pub fn clearance_report_pdf(_report: &ClearanceReport, _generated_at: &str) -> Vec<u8> {
    Vec::new()
}
