//! Recovery capital, measured with BARC-10: the Brief Assessment of Recovery Capital (Vilsaint
//! et al. 2017, free to use), ten statements the person scores from 1 (strongly disagree) to 6
//! (strongly agree), total 10 to 60, taken at a start, a review and before liberation.

use super::coded::coded_enum;
use super::{CapitalId, ParticipantId};
use crate::dates;
use crate::error::{Error, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

coded_enum! {
    /// When in the person's time with the service it was taken.
    pub enum CapitalStage {
        Start = ("start", "At the start"),
        Review = ("review", "At a review"),
        BeforeLiberation = ("before_liberation", "Before liberation"),
    }
}

/// The ten statements, in their order.
pub const STATEMENTS: [&str; 10] = [
    "There are more important things to me in life than using substances.",
    "In general I am happy with my life.",
    "I have enough energy to complete the tasks I set myself.",
    "I am proud of the community I live in and feel a part of it.",
    "I get lots of support from friends.",
    "I regard my life as challenging and fulfilling without the need for using drugs or alcohol.",
    "My living space has helped to drive my recovery journey.",
    "I take full responsibility for my actions.",
    "I am happy dealing with a range of professional people.",
    "I am making good progress on my recovery journey.",
];

/// What each score means.
pub const SCALE: [&str; 6] = ["Strongly disagree", "Disagree", "Somewhat disagree", "Somewhat agree", "Agree", "Strongly agree"];

/// What is recorded at one assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CapitalDetails {
    pub taken_on: NaiveDate,
    pub stage: CapitalStage,
    /// The ten scores, 1 to 6, in the statements' order.
    pub scores: Vec<u8>,
    /// The person agreed to it being recorded: nothing is kept without.
    pub consent: bool,
    /// The person chose to have the change shown on their recovery passport.
    pub on_passport: bool,
}

impl CapitalDetails {
    /// Ten scores from 1 to 6, consent given, a date not in the future; the first problem.
    pub fn checked(&self, today: NaiveDate) -> Result<u32> {
        if !self.consent {
            return Err(Error::invalid("consent", "BARC-10 is recorded only with the person's consent"));
        }
        if self.taken_on > today {
            return Err(Error::invalid("date", format!("{} is in the future", dates::display(self.taken_on))));
        }
        if self.scores.len() != STATEMENTS.len() {
            return Err(Error::invalid("scores", format!("{} given; BARC-10 has 10 statements", self.scores.len())));
        }
        if let Some((i, s)) = self.scores.iter().enumerate().find(|(_, s)| !(1..=6).contains(*s)) {
            return Err(Error::invalid(format!("statement {}", i + 1), format!("{s} is not a score from 1 to 6")));
        }
        Ok(self.scores.iter().map(|s| u32::from(*s)).sum())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CapitalAssessment {
    pub id: CapitalId,
    pub participant_id: ParticipantId,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub details: CapitalDetails,
    /// 10 to 60.
    pub total: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_scores_from_one_to_six_with_consent() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
        let details =
            |scores: Vec<u8>, consent| CapitalDetails { taken_on: day, stage: CapitalStage::Start, scores, consent, on_passport: false };
        assert_eq!(details(vec![3; 10], true).checked(day).unwrap(), 30);
        assert_eq!(details(vec![1; 10], true).checked(day).unwrap(), 10);
        assert_eq!(details(vec![6; 10], true).checked(day).unwrap(), 60);
        for (scores, consent, problem) in [
            (vec![3; 10], false, "consent: BARC-10 is recorded only with the person's consent"),
            (vec![3; 9], true, "scores: 9 given; BARC-10 has 10 statements"),
            (vec![3, 3, 7, 3, 3, 3, 3, 3, 3, 3], true, "statement 3: 7 is not a score from 1 to 6"),
            (vec![0; 10], true, "statement 1: 0 is not a score from 1 to 6"),
        ] {
            assert_eq!(details(scores, consent).checked(day).unwrap_err().to_string(), problem);
        }
        let tomorrow = CapitalDetails { taken_on: day.succ_opt().unwrap(), ..details(vec![3; 10], true) };
        assert!(tomorrow.checked(day).unwrap_err().to_string().contains("17/11/2026 is in the future"));
    }
}
