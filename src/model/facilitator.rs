use super::coded::coded_enum;
use super::FacilitatorId;
use crate::error::Result;
use crate::text;
use serde::{Deserialize, Serialize};

coded_enum! {
    /// Who runs a group. Clearances for volunteers are kept per establishment (a later module).
    pub enum FacilitatorKind {
        Staff = ("staff", "Member of staff"),
        Volunteer = ("volunteer", "External volunteer"),
        Peer = ("peer", "Peer facilitator"),
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Facilitator {
    pub id: FacilitatorId,
    pub name: String,
    pub kind: FacilitatorKind,
    pub organisation: Option<String>,
    pub active: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewFacilitator {
    pub name: String,
    pub kind: FacilitatorKind,
    pub organisation: Option<String>,
}

impl NewFacilitator {
    pub fn normalised(&self) -> Result<NewFacilitator> {
        Ok(NewFacilitator {
            name: text::required("facilitator name", &self.name, 120)?,
            kind: self.kind,
            organisation: text::optional("organisation", self.organisation.as_deref(), 120)?,
        })
    }
}
