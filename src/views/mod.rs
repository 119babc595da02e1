//! Read models: plain types the PDFs, the CSVs and the screens take. The store and the reports
//! gather them; `pdf/` lays them out without knowing where they came from. Nothing here reads
//! the database or the clock.

pub mod clearances;
pub mod monthly;
pub mod pages;
pub mod passport;
pub mod peer;
pub mod period;
pub mod person_record;
pub mod referrals_in;
pub mod register;
pub mod unit_record;
pub mod unlock;

pub use crate::model::{PassportLed, PassportPeer};
pub use clearances::{ClearanceLine, ClearanceReport, ClearanceWarnings, UnclearedSession};
pub use monthly::{
    Count, EventMonth, EventTotals, GroupMonth, LiberationFigures, Month, MonthFigures, MonthlyReport, PeerFigures, WeekFigures,
};
pub use pages::{
    AwardLine, EnrolmentLine, Figures, GroupFigures, GroupPage, MonthlyReportPage, ParticipantPage, ReportLine, RosterFigures,
    SessionListing,
};
pub use passport::{Passport, PassportAward, PassportCapital, PassportGroup, PassportService};
pub use peer::{LedSession, PeerRecord};
pub use period::{Period, PeriodKind};
pub use person_record::{
    HeldAttendance, HeldAuditEntry, HeldAward, HeldConsent, HeldCustodyChange, HeldDetails, HeldEnrolment, HeldMeeting, HeldPlan,
    HeldPrint, HeldReferral, HeldReferralStep, HeldTransfer, PersonAuditLine, PersonRecord,
};
pub use register::{Register, RegisterLine};
pub use unit_record::UnitRecord;
pub use unlock::{HallUnlock, UnlockLine, UnlockLists};
