//! The unlock lists for one day: one per hall, each person to be unlocked for a session, in the
//! order the hall officer walks the hall (`rules::unlock`).

use crate::model::AbsenceReason;
use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnlockLists {
    pub establishment_name: String,
    pub on: NaiveDate,
    /// Halls in name order, "No location recorded" last; none empty.
    pub halls: Vec<HallUnlock>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HallUnlock {
    pub hall: String,
    /// In walking order (location, numbers as numbers), then time, then name as listed.
    pub lines: Vec<UnlockLine>,
}

/// One person for one session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnlockLine {
    /// As the register lists it: "Family, Given".
    pub name: String,
    pub prison_number: Option<String>,
    pub location: Option<String>,
    pub start_time: NaiveTime,
    pub group_name: String,
    /// Where the group meets.
    pub place: Option<String>,
    /// An absence already recorded for this session (a court date): not to be unlocked.
    pub absent: Option<AbsenceReason>,
}
