//! Referrals into the service as the screens and the full record show them: each with what it
//! names in words and how long the wait has been; programmes with their waiting lists.

use crate::model::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A referral in with what it names, in words, and how long the wait has been.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReferralInLine {
    pub referral: ReferralIn,
    /// The group, the programme or "One-to-one support".
    pub wants_label: String,
    pub cohort_name: Option<String>,
    /// Days waited to start, or waiting so far (while open): to today.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub days: i64,
    /// Skipped at an allocation, newest first.
    pub skips: Vec<Skip>,
}

/// Someone passed over at a cohort's allocation, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Skip {
    pub referral_in_id: ReferralInId,
    pub cohort_name: String,
    pub skipped_on: NaiveDate,
    pub reason: String,
}

/// A programme and how many are waiting for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProgrammeLine {
    pub programme: Programme,
    pub establishment_code: String,
    pub waiting: u32,
    /// The longest wait so far, in days.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub longest_wait: Option<i64>,
}

/// One person on a waiting list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WaitingLine {
    pub referral: ReferralIn,
    pub participant: Participant,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub days_waiting: i64,
    /// Over three weeks already.
    pub over_standard: bool,
    pub skips: Vec<Skip>,
}

/// A programme's waiting list, oldest first, and the cohorts it can be allocated to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WaitingList {
    pub programme: Programme,
    pub lines: Vec<WaitingLine>,
    /// Structured programmes of the establishment still running or to come.
    pub cohorts: Vec<Group>,
}
