//! The attendance definitions every figure in the app and its reports uses:
//! - sessions expected for a person = sessions *held* while they were enrolled;
//! - attended = present + late + left early;
//! - attendance rate = attended / expected;
//! - rate when able to attend = attended / (expected - absences caused by the regime or by
//!   another appointment).
//!
//! Rates are `Decimal` (never floats) so that a report's figures add up exactly.

use crate::model::{AbsenceCause, AbsenceReason, MarkKind};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AttendanceCounts {
    /// Held sessions during the person's enrolment.
    pub expected: u32,
    pub present: u32,
    pub late: u32,
    pub left_early: u32,
    pub absent_person: u32,
    pub absent_regime: u32,
    pub absent_appointment: u32,
    /// Held sessions with no mark for the person: a register not finished.
    pub unmarked: u32,
}

impl AttendanceCounts {
    /// Counts one held session the person was expected at, with their mark if any.
    pub fn count(&mut self, mark: Option<(MarkKind, Option<AbsenceReason>)>) {
        self.expected += 1;
        match mark {
            None => self.unmarked += 1,
            Some((MarkKind::Present, _)) => self.present += 1,
            Some((MarkKind::Late, _)) => self.late += 1,
            Some((MarkKind::LeftEarly, _)) => self.left_early += 1,
            Some((MarkKind::Absent, reason)) => match reason.map(AbsenceReason::cause) {
                Some(AbsenceCause::Regime) => self.absent_regime += 1,
                Some(AbsenceCause::Appointment) => self.absent_appointment += 1,
                // An absence without a reason cannot be stored; if one ever arrives, it counts
                // against the person rather than flattering the rate.
                Some(AbsenceCause::Person) | None => self.absent_person += 1,
            },
        }
    }

    pub fn add(&mut self, other: &AttendanceCounts) {
        self.expected += other.expected;
        self.present += other.present;
        self.late += other.late;
        self.left_early += other.left_early;
        self.absent_person += other.absent_person;
        self.absent_regime += other.absent_regime;
        self.absent_appointment += other.absent_appointment;
        self.unmarked += other.unmarked;
    }

    pub fn attended(&self) -> u32 {
        self.present + self.late + self.left_early
    }

    pub fn absent(&self) -> u32 {
        self.absent_person + self.absent_regime + self.absent_appointment
    }

    /// Sessions the person could have come to: expected less regime and appointment absences.
    pub fn able_to_attend(&self) -> u32 {
        self.expected - self.absent_regime - self.absent_appointment
    }

    /// attended / expected; `None` when nothing was expected (a rate of nothing is not 0%).
    pub fn rate(&self) -> Option<Decimal> {
        ratio(self.attended(), self.expected)
    }

    /// attended / (expected - regime and appointment absences).
    pub fn rate_when_able(&self) -> Option<Decimal> {
        ratio(self.attended(), self.able_to_attend())
    }
}

/// A ratio to four decimal places (so a percentage to two), rounded half away from zero.
pub fn ratio(numerator: u32, denominator: u32) -> Option<Decimal> {
    if denominator == 0 {
        return None;
    }
    let r = Decimal::from(numerator) / Decimal::from(denominator);
    Some(r.round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
}

/// A ratio as a percentage to one decimal place (0.875 -> 87.5), the precision every screen,
/// report and CSV shows.
pub fn percentage(rate: Decimal) -> Decimal {
    (rate * Decimal::from(100)).round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero).normalize()
}

/// "87.5%" for a ratio of 0.875; "–" when there is no rate.
pub fn percent(rate: Option<Decimal>) -> String {
    match rate {
        None => "–".to_string(),
        Some(r) => format!("{}%", percentage(r)),
    }
}

/// The share of expected attendances lost to the regime (lockdowns, not unlocked ...).
pub fn lost_to_regime(c: &AttendanceCounts) -> Option<Decimal> {
    ratio(c.absent_regime, c.expected)
}

#[cfg(test)]
mod tests {
    use super::*;
    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    use AbsenceReason::*;
    use MarkKind::*;

    /// Data-driven: a list of marks (None = unmarked), and the expected counts and rates.
    fn check(
        marks: &[Option<(MarkKind, Option<AbsenceReason>)>],
        attended: u32,
        expected: u32,
        able: u32,
        rate: Option<Decimal>,
        when_able: Option<Decimal>,
    ) {
        let mut c = AttendanceCounts::default();
        for m in marks {
            c.count(*m);
        }
        assert_eq!((c.attended(), c.expected, c.able_to_attend()), (attended, expected, able), "{marks:?}");
        assert_eq!(c.rate(), rate, "rate of {marks:?}");
        assert_eq!(c.rate_when_able(), when_able, "rate when able of {marks:?}");
    }

    #[test]
    fn definitions() {
        check(&[], 0, 0, 0, None, None);
        check(&[Some((Present, None))], 1, 1, 1, Some(dec("1")), Some(dec("1")));
        // Late and left early count as attended.
        check(
            &[Some((Late, None)), Some((LeftEarly, None)), Some((Absent, Some(Refused)))],
            2,
            3,
            3,
            Some(dec("0.6667")),
            Some(dec("0.6667")),
        );
        // Regime and appointment absences come off what the person was able to attend.
        check(
            &[
                Some((Present, None)),
                Some((Absent, Some(NotUnlocked))),
                Some((Absent, Some(Court))),
                Some((Absent, Some(ChoseNotToAttend))),
            ],
            1,
            4,
            2,
            Some(dec("0.25")),
            Some(dec("0.5")),
        );
        // Every absence caused by the regime: no rate when able, not 0%.
        check(&[Some((Absent, Some(WingLockdown)))], 0, 1, 0, Some(dec("0")), None);
        // An unmarked held session still counts as expected.
        check(&[None, Some((Present, None))], 1, 2, 2, Some(dec("0.5")), Some(dec("0.5")));
    }

    #[test]
    fn every_reason_has_one_cause() {
        let regime: Vec<_> = AbsenceReason::ALL.iter().filter(|r| r.cause() == AbsenceCause::Regime).collect();
        assert_eq!(regime, [&NotUnlocked, &WingLockdown, &NoEscort, &StaffShortage]);
        assert_eq!(Other.cause(), AbsenceCause::Person);
        assert_eq!(Healthcare.cause(), AbsenceCause::Appointment);
    }

    #[test]
    fn percentages() {
        assert_eq!(percent(ratio(7, 8)), "87.5%");
        assert_eq!(percent(ratio(2, 3)), "66.7%");
        assert_eq!(percent(ratio(3, 3)), "100%");
        assert_eq!(percent(None), "–");
    }
}
