//! A candidate's record of SVQ units achieved at the centre: what the unit record PDF prints.

use crate::model::UnitProgress;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnitRecord {
    /// The centre, as its certificates name it (the award type's issuing organisation).
    pub centre: String,
    /// The name as certificates print it.
    pub name: String,
    pub candidate_number: Option<String>,
    /// "SVQ Level 3 in Recovery Development Practice".
    pub qualification: String,
    pub svq_level: Option<u32>,
    /// "SQA".
    pub awarding_body: Option<String>,
    pub units: Vec<UnitProgress>,
    pub signed_off: u32,
    pub total: u32,
    pub prepared_on: NaiveDate,
}
