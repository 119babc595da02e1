use super::coded::coded_enum;
use super::group::time_hhmm;
use super::{FacilitatorId, GroupId, SessionId};
use crate::error::Result;
use crate::text;
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

coded_enum! {
    pub enum SessionStatus {
        Planned = ("planned", "Planned"),
        Held = ("held", "Held"),
        Cancelled = ("cancelled", "Cancelled"),
    }
}

coded_enum! {
    pub enum CancellationReason {
        Lockdown = ("lockdown", "Lockdown"),
        StaffShortage = ("staff_shortage", "Staff shortage"),
        FacilitatorNotCleared = ("facilitator_not_cleared", "Facilitator not cleared"),
        RoomUnavailable = ("room_unavailable", "Room unavailable"),
        Other = ("other", "Other"),
    }
}

/// One meeting of a group on a date (a local date and time, Europe/London).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Session {
    pub id: SessionId,
    pub group_id: GroupId,
    pub held_on: NaiveDate,
    #[serde(with = "time_hhmm")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub start_time: NaiveTime,
    pub status: SessionStatus,
    pub cancellation_reason: Option<CancellationReason>,
    pub cancellation_note: Option<String>,
    pub topic: Option<String>,
    pub notes: Option<String>,
    pub from_schedule: bool,
    /// Cancelled because a facilitator was not cleared: the clearance that had lapsed or was
    /// still waiting.
    pub cancelled_for_clearance: Option<super::ClearanceId>,
    pub facilitators: Vec<FacilitatorId>,
}

/// What the session log records once a meeting has happened.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SessionLog {
    pub topic: Option<String>,
    pub notes: Option<String>,
    pub facilitators: Vec<FacilitatorId>,
}

impl SessionLog {
    pub fn normalised(&self) -> Result<SessionLog> {
        let mut facilitators = self.facilitators.clone();
        facilitators.sort();
        facilitators.dedup();
        Ok(SessionLog {
            topic: text::optional("topic", self.topic.as_deref(), 200)?,
            notes: text::optional_long("notes", self.notes.as_deref(), 4000)?,
            facilitators,
        })
    }
}
