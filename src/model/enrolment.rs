use super::{EnrolmentId, GroupId, LeavingReason, Participant, ParticipantId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A person on a group's roster from `enrolled_on` until the day before `left_on`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Enrolment {
    pub id: EnrolmentId,
    pub group_id: GroupId,
    pub participant_id: ParticipantId,
    pub enrolled_on: NaiveDate,
    /// The first day the person is no longer on the roster.
    pub left_on: Option<NaiveDate>,
    pub leaving_reason: Option<LeavingReason>,
    pub leaving_note: Option<String>,
}

impl Enrolment {
    /// On the roster on `day`: the single definition every register and report uses.
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.enrolled_on <= day && self.left_on.is_none_or(|left| day < left)
    }
}

/// A roster line: the enrolment and the person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RosterLine {
    pub enrolment: Enrolment,
    pub participant: Participant,
}
