use super::coded::coded_enum;
use super::{FacilitatorId, ParticipantId, QualificationId};
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

coded_enum! {
    /// What a person in custody does for the service as a peer.
    pub enum PeerRole {
        PeerFacilitator = ("peer_facilitator", "Peer facilitator"),
        RecoveryChampion = ("recovery_champion", "Recovery champion"),
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
    /// A peer's own record, when they are a person in custody here (`Store::add_peer_role`).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub participant_id: Option<ParticipantId>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub peer_role: Option<PeerRole>,
}

/// "Qualified to deliver" a course, after the training that qualified them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Qualification {
    pub id: QualificationId,
    pub facilitator_id: FacilitatorId,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub details: QualificationDetails,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QualificationDetails {
    /// What they may now deliver, e.g. "SMART Recovery".
    pub course: String,
    /// What qualified them, e.g. "Training for Trainers".
    pub training: String,
    pub qualified_on: chrono::NaiveDate,
}

/// The training a qualification to deliver usually follows, offered first.
pub const TRAINING_FOR_TRAINERS: &str = "Training for Trainers";

impl QualificationDetails {
    pub fn normalised(&self, today: chrono::NaiveDate) -> Result<QualificationDetails> {
        if self.qualified_on > today {
            return Err(crate::error::Error::invalid(
                "qualified on",
                format!("{} is in the future", crate::dates::display(self.qualified_on)),
            ));
        }
        Ok(QualificationDetails {
            course: text::required("course", &self.course, 80)?,
            training: text::required("training", &self.training, 80)?,
            qualified_on: self.qualified_on,
        })
    }
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

/// What is said outside the record (a passport, a transfer pack's history) of the sessions a
/// peer led, by group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PassportLed {
    pub group: String,
    pub sessions: u32,
    pub first: chrono::NaiveDate,
    pub last: chrono::NaiveDate,
}

/// What is said outside the record of a peer: their role, what they are qualified to deliver,
/// what they led.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PassportPeer {
    pub role: PeerRole,
    pub since: chrono::NaiveDate,
    pub qualifications: Vec<QualificationDetails>,
    pub led: Vec<PassportLed>,
}
