//! SVQ units: what a qualification is made of, and each unit signed off for a candidate by an
//! assessor. The centre records units; SQA certificates the qualification.

use super::{AwardTypeId, ParticipantId, UnitId, UnitSignOffId};
use crate::error::{Error, Result};
use crate::text;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Unit {
    pub id: UnitId,
    pub award_type_id: AwardTypeId,
    /// SQA's unit code, e.g. "HK9A 04".
    pub code: String,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewUnit {
    pub code: String,
    pub title: String,
}

impl NewUnit {
    pub fn normalised(&self) -> Result<NewUnit> {
        let code = text::required("unit code", &self.code, 20)?.to_uppercase();
        Ok(NewUnit { code, title: text::required("unit title", &self.title, 160)? })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnitSignOff {
    pub id: UnitSignOffId,
    pub participant_id: ParticipantId,
    pub unit_id: UnitId,
    pub assessor: String,
    pub signed_off_on: NaiveDate,
}

/// A qualification's units for one candidate, signed off or still to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SvqProgress {
    pub award_type_id: AwardTypeId,
    pub title: String,
    pub svq_level: Option<u32>,
    pub awarding_body: Option<String>,
    pub units: Vec<UnitProgress>,
    pub signed_off: u32,
    pub total: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnitProgress {
    pub unit: Unit,
    pub sign_off: Option<UnitSignOff>,
}

/// An SQA Scottish Candidate Number: nine digits (spaces as typed are dropped).
pub fn candidate_number(raw: &str) -> Result<String> {
    let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.is_empty() {
        return Err(Error::invalid("SQA candidate number", "is empty"));
    }
    if digits.len() != 9 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(Error::invalid("SQA candidate number", format!("'{}' is not nine digits", raw.trim())));
    }
    Ok(digits)
}

/// The assessor's name as signed.
pub fn assessor(raw: &str) -> Result<String> {
    text::required("assessor", raw, 80)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_candidate_number_is_nine_digits() {
        assert_eq!(candidate_number(" 123 456 789 ").unwrap(), "123456789");
        for bad in ["", "12345678", "1234567890", "12345678X", "١٢٣٤٥٦٧٨٩"] {
            let e = candidate_number(bad).unwrap_err().to_string();
            assert!(e.contains("SQA candidate number"), "{bad}: {e}");
        }
    }
}
