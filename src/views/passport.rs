//! The facts a recovery passport prints, gathered by the store and laid out by `pdf::passport`.

use crate::model::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PassportGroup {
    /// The group's name when the prison is named; otherwise what it is ("SMART Recovery"), as
    /// group names often name halls. Programmes keep their title (the course is the point).
    pub name: String,
    pub sessions_attended: u32,
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// Completed (a programme's completion rule met).
    pub completed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PassportAward {
    pub title: String,
    pub awarded_on: NaiveDate,
    /// The certificate number, which an employer or college can check.
    pub number: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PassportService {
    pub service: CommunityService,
    pub referred_on: NaiveDate,
    pub status: ReferralStatus,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Passport {
    /// As the person is called: given and family name.
    pub name: String,
    pub home_area: Option<String>,
    /// The prison's name, only when the caseworker chose to show it.
    pub establishment: Option<String>,
    pub prepared_on: NaiveDate,
    pub groups: Vec<PassportGroup>,
    pub awards: Vec<PassportAward>,
    /// Services referred to (not those that declined), most recent first, each once.
    pub services: Vec<PassportService>,
    /// Their recovery capital (BARC-10) from the first assessment to the latest, only when they
    /// chose to have it on the passport (at the latest).
    #[serde(default)]
    pub capital: Option<PassportCapital>,
    /// The sessions they led as a peer, only when they chose to have them on the passport.
    #[serde(default)]
    pub peer: Option<PassportPeer>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PassportCapital {
    pub first_on: NaiveDate,
    pub first_total: u32,
    pub latest_on: NaiveDate,
    pub latest_total: u32,
}
