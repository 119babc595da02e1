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
    /// Recorded as held although someone running it was not cleared here that day.
    pub held_uncleared: Option<HeldUncleared>,
}

/// A session that did take place without a cleared facilitator, as a member of staff confirmed
/// it: an incident on the clearances report, and the one way such a session is recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HeldUncleared {
    /// The session rule's words when it was confirmed ("Des O'B. (CA) is not cleared here ...").
    pub problem: String,
    /// Why it went ahead, in the confirming person's words.
    pub reason: String,
    pub confirmed_by: String,
    /// When, in London time (dd/mm/yyyy hh:mm:ss).
    pub confirmed_at: String,
}

/// The longest reason kept for a session held without a cleared facilitator.
pub const HELD_UNCLEARED_REASON_MAX: usize = 500;

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

/// People at a session whom nobody names: others present from inside (counted, not marked) and
/// visitors from outside, with their organisation where known.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Headcount {
    pub others_present: u32,
    pub visitors: u32,
    pub visitors_from: Option<String>,
}

/// The most people a headcount may give for one session: a recovery walk or a family day is
/// large, but not larger than a prison.
pub const HEADCOUNT_MAX: u32 = 10_000;

impl Headcount {
    /// Checks the counts and returns the headcount as it will be stored.
    pub fn normalised(&self) -> Result<Headcount> {
        for (field, n) in [("others present", self.others_present), ("visitors", self.visitors)] {
            if n > HEADCOUNT_MAX {
                return Err(crate::error::Error::invalid(field, format!("{n} is more than {HEADCOUNT_MAX} people at one session")));
            }
        }
        let visitors_from = text::optional("visitors' organisation", self.visitors_from.as_deref(), 200)?;
        if visitors_from.is_some() && self.visitors == 0 {
            return Err(crate::error::Error::invalid("visitors' organisation", "give the number of visitors too"));
        }
        Ok(Headcount { visitors_from, ..*self })
    }

    pub fn is_empty(&self) -> bool {
        self.others_present == 0 && self.visitors == 0
    }
}
