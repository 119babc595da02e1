//! Recovery capital in the returns: who was assessed in the period, and the median change from
//! each person's first assessment (at the start) to their latest by the period's end, for those
//! reassessed in the period. Never anyone's score.

use crate::model::capital::CapitalAssessment;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CapitalFigures {
    /// Different people assessed in the period.
    pub assessed: u32,
    /// Of them, people reassessed (a review or before liberation) with an earlier assessment to
    /// compare with.
    pub reassessed: u32,
    /// The median change in total (latest in the period less the first ever), for those
    /// reassessed; none when nobody was.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub median_change: Option<Decimal>,
}

/// The figures for `from` to `to` (both inclusive), from every assessment of the people concerned.
pub fn figures(assessments: &[CapitalAssessment], from: NaiveDate, to: NaiveDate) -> CapitalFigures {
    let mut by_person: BTreeMap<_, Vec<&CapitalAssessment>> = BTreeMap::new();
    for a in assessments.iter().filter(|a| a.details.taken_on <= to) {
        by_person.entry(a.participant_id).or_default().push(a);
    }
    let mut assessed = 0;
    let mut changes: Vec<i64> = Vec::new();
    for list in by_person.values_mut() {
        list.sort_by_key(|a| (a.details.taken_on, a.id));
        let in_period: Vec<&&CapitalAssessment> = list.iter().filter(|a| a.details.taken_on >= from).collect();
        let Some(latest) = in_period.last() else { continue };
        assessed += 1;
        let first = list[0];
        if first.id != latest.id {
            changes.push(i64::from(latest.total) - i64::from(first.total));
        }
    }
    changes.sort_unstable();
    CapitalFigures { assessed, reassessed: changes.len() as u32, median_change: crate::rules::waiting::median(&changes) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::capital::{CapitalDetails, CapitalStage};
    use crate::model::{CapitalId, ParticipantId};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn a(who: ParticipantId, on: NaiveDate, stage: CapitalStage, total: u32) -> CapitalAssessment {
        CapitalAssessment {
            id: CapitalId::new(),
            participant_id: who,
            details: CapitalDetails { taken_on: on, stage, scores: vec![], consent: true, on_passport: false },
            total,
        }
    }

    #[test]
    fn the_change_runs_from_the_first_assessment_to_the_latest_in_the_period() {
        use CapitalStage::*;
        let (x, y, z) = (ParticipantId::new(), ParticipantId::new(), ParticipantId::new());
        let all = [
            // x: 24 at the start in June, 31 at a review in August, 38 before liberation in September.
            a(x, d(6, 2), Start, 24),
            a(x, d(8, 3), Review, 31),
            a(x, d(9, 28), BeforeLiberation, 38),
            // y: started in July at 40, reviewed in September at 37 (down 3).
            a(y, d(7, 6), Start, 40),
            a(y, d(9, 7), Review, 37),
            // z: started in September, nothing to compare yet.
            a(z, d(9, 14), Start, 29),
        ];
        let q3 = figures(&all, d(7, 1), d(9, 30));
        // x: 38 - 24 = +14; y: -3; z: assessed, not reassessed. Median of [-3, 14] = 5.5.
        assert_eq!((q3.assessed, q3.reassessed, q3.median_change), (3, 2, Some(Decimal::new(55, 1))));
        let august = figures(&all, d(8, 1), d(8, 31));
        assert_eq!((august.assessed, august.reassessed, august.median_change), (1, 1, Some(Decimal::from(7))));
        let june = figures(&all, d(6, 1), d(6, 30));
        assert_eq!((june.assessed, june.reassessed, june.median_change), (1, 0, None));
        assert_eq!(figures(&[], d(6, 1), d(6, 30)), CapitalFigures::default());
    }
}
