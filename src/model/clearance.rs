//! Security clearances of facilitators, per establishment: a volunteer cleared at one prison is
//! not cleared at another, and Standard Plus must be renewed every year for each.

use super::coded::coded_enum;
use super::{ClearanceId, EstablishmentId, FacilitatorId};
use crate::error::{Error, Result};
use crate::{dates, text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

coded_enum! {
    /// The route to clearance (PHE/HMPPS mutual aid guidance, appendix A).
    pub enum ClearanceKind {
        EnhancedVetting = ("enhanced_vetting", "Enhanced vetting"),
        StandardPlusCompleted = ("standard_plus_completed", "Standard Plus (completed sentences)"),
        StandardPlusLicence = ("standard_plus_licence", "Standard Plus (on licence)"),
        /// Occasional volunteers let in on photo-card identification: only with a fully
        /// vetted person running the session.
        PhotoCard = ("photo_card", "Photo-card access"),
        Other = ("other", "Other"),
    }
}

coded_enum! {
    pub enum ClearanceStatus {
        Applied = ("applied", "Applied"),
        InProgress = ("in_progress", "In progress"),
        Granted = ("granted", "Granted"),
        Refused = ("refused", "Refused"),
        Appealed = ("appealed", "Appealed"),
        Expired = ("expired", "Expired"),
        Withdrawn = ("withdrawn", "Withdrawn"),
    }
}

impl ClearanceStatus {
    /// Still waiting for a decision.
    pub fn is_pending(self) -> bool {
        matches!(self, ClearanceStatus::Applied | ClearanceStatus::InProgress | ClearanceStatus::Appealed)
    }
}

/// What is typed about a clearance. `expires_on` left empty is worked out from the grant date
/// and the kind's validity (a setting).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClearanceDetails {
    pub kind: ClearanceKind,
    pub status: ClearanceStatus,
    pub applied_on: Option<NaiveDate>,
    pub granted_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    pub reference: Option<String>,
    pub notes: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Clearance {
    pub id: ClearanceId,
    pub facilitator_id: FacilitatorId,
    pub establishment_id: EstablishmentId,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub details: ClearanceDetails,
    /// The clearance this one renews, if it is a renewal.
    pub renews: Option<ClearanceId>,
}

impl ClearanceDetails {
    /// Checks the dates against each other and the status, and trims the text.
    pub fn normalised(&self, today: NaiveDate) -> Result<ClearanceDetails> {
        let shown = |d: NaiveDate| dates::display(d);
        if let Some(applied) = self.applied_on.filter(|d| *d > today) {
            return Err(Error::invalid("date applied", format!("{} is in the future", shown(applied))));
        }
        if let Some(granted) = self.granted_on {
            if granted > today {
                return Err(Error::invalid("date granted", format!("{} is in the future", shown(granted))));
            }
            if let Some(applied) = self.applied_on.filter(|a| *a > granted) {
                return Err(Error::invalid("date granted", format!("{} is before the date applied, {}", shown(granted), shown(applied))));
            }
        }
        if let (Some(granted), Some(expires)) = (self.granted_on, self.expires_on) {
            if expires < granted {
                return Err(Error::invalid("expiry date", format!("{} is before the date granted, {}", shown(expires), shown(granted))));
            }
        }
        let needs_grant = matches!(self.status, ClearanceStatus::Granted | ClearanceStatus::Expired);
        if needs_grant && self.granted_on.is_none() {
            return Err(Error::invalid("date granted", format!("is needed when the status is '{}'", self.status.label())));
        }
        if self.status.is_pending() && self.applied_on.is_none() {
            return Err(Error::invalid("date applied", format!("is needed when the status is '{}'", self.status.label())));
        }
        Ok(ClearanceDetails {
            reference: text::optional("reference", self.reference.as_deref(), 60)?,
            notes: text::optional_long("notes", self.notes.as_deref(), 2000)?,
            ..self.clone()
        })
    }
}
