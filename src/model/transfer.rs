//! A person's recovery history at another establishment, as a transfer pack brought it: shown
//! on their page read-only, never counted here (their SVQ units and sessions led as a peer too:
//! never made into sign-offs or peer roles here).

use super::{GroupKind, PassportPeer, ReferralStatus};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A person's recovery history at one establishment, as shown (read-only) where they went next.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct History {
    pub code: String,
    pub name: String,
    /// The day the pack was made there: the history runs to it.
    pub up_to: NaiveDate,
    pub groups: Vec<HistoryGroup>,
    pub awards: Vec<HistoryAward>,
    pub home_area: Option<String>,
    pub consents: Vec<HistoryConsent>,
    pub referrals: Vec<HistoryReferral>,
    /// SVQ units signed off there, by qualification, so a candidate carries on where they left
    /// off. Packs made before units were kept have none (so do the fields below).
    #[serde(default)]
    pub svq: Vec<HistorySvq>,
    /// Their SQA candidate number as held there.
    #[serde(default)]
    pub sqa_candidate_number: Option<String>,
    /// Their peer role there: what they were qualified to deliver and the sessions they led.
    #[serde(default)]
    pub peer: Option<PassportPeer>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistorySvq {
    pub title: String,
    pub svq_level: Option<u32>,
    /// The qualification's units there, signed off or not.
    pub units_total: u32,
    /// The units signed off, oldest first.
    pub units: Vec<HistoryUnit>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryUnit {
    pub code: String,
    pub title: String,
    pub assessor: String,
    pub signed_off_on: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryGroup {
    pub name: String,
    pub kind: GroupKind,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub sessions_attended: u32,
    pub completed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryAward {
    pub number: String,
    pub verification_code: String,
    pub title: String,
    pub awarded_on: NaiveDate,
    pub name_on_certificate: String,
    pub revoked_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryConsent {
    pub given_on: NaiveDate,
    pub scope: String,
    /// The services and establishments it named.
    pub shared_with: Vec<String>,
    pub withdrawn_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryReferral {
    pub service: String,
    pub area: String,
    pub referred_on: NaiveDate,
    pub status: ReferralStatus,
}
