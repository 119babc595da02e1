//! Referrals in and waiting times over a period, by one definition for every return: a referral
//! is received on its referral date; a wait ends on the day the person starts; the standard is
//! started within `STANDARD_DAYS` (21) days; who is still waiting is read on the period's last
//! day. No one's score or name: counts, a share and a median.

use crate::model::referral_in::{ReferralIn, ReferralOutcome, ReferralSource, STANDARD_DAYS};
use crate::rules::attendance::ratio;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Referrals from one source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SourceCount {
    pub what: ReferralSource,
    pub count: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WaitingFigures {
    /// Referrals received in the period.
    pub received: u32,
    /// Of them, by who referred, in the order sources are listed.
    pub by_source: Vec<SourceCount>,
    /// People who started in the period (their wait ended).
    pub started: u32,
    /// Of them, within three weeks of referral.
    pub started_within_standard: u32,
    /// `started_within_standard / started`; none when nobody started.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub within_standard: Option<Decimal>,
    /// The median days waited by those who started; none when nobody did.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub median_days_waited: Option<Decimal>,
    /// Referrals closed in the period without starting (declined, not suitable, liberated first).
    pub closed_without_starting: u32,
    /// Still waiting at the end of the period's last day.
    pub waiting_at_end: u32,
    /// Of them, waiting longer than three weeks by then.
    pub waiting_over_standard: u32,
}

/// The figures for `from` to `to` (both inclusive) from every referral that could touch it.
pub fn figures(referrals: &[ReferralIn], from: NaiveDate, to: NaiveDate) -> WaitingFigures {
    let within = |day: NaiveDate| from <= day && day <= to;
    let received: Vec<&ReferralIn> = referrals.iter().filter(|r| within(r.details.referred_on)).collect();
    let by_source = ReferralSource::ALL
        .iter()
        .map(|&what| SourceCount { what, count: received.iter().filter(|r| r.details.source == what).count() as u32 })
        .filter(|c| c.count > 0)
        .collect();
    let mut waits: Vec<i64> = referrals.iter().filter(|r| r.outcome_on.is_some_and(within)).filter_map(ReferralIn::days_waited).collect();
    waits.sort_unstable();
    let started = waits.len() as u32;
    let started_within_standard = waits.iter().filter(|&&w| w <= STANDARD_DAYS).count() as u32;
    // Still waiting at the end of `to`: closed on a later day, or not at all.
    let waiting: Vec<&ReferralIn> =
        referrals.iter().filter(|r| r.details.referred_on <= to && r.outcome_on.is_none_or(|c| c > to)).collect();
    WaitingFigures {
        received: received.len() as u32,
        by_source,
        started,
        started_within_standard,
        within_standard: ratio(started_within_standard, started),
        median_days_waited: median(&waits),
        closed_without_starting: referrals
            .iter()
            .filter(|r| r.outcome_on.is_some_and(within) && r.outcome.is_some_and(|o| o != ReferralOutcome::Started))
            .count() as u32,
        waiting_at_end: waiting.len() as u32,
        waiting_over_standard: waiting.iter().filter(|r| (to - r.details.referred_on).num_days() > STANDARD_DAYS).count() as u32,
    }
}

/// The middle of sorted values, or the mean of the middle two.
pub(crate) fn median(sorted: &[i64]) -> Option<Decimal> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(Decimal::from(sorted[n / 2])),
        _ => Some((Decimal::from(sorted[n / 2 - 1] + sorted[n / 2]) / Decimal::from(2)).normalize()),
    }
}

impl WaitingFigures {
    /// Adding up figures made apart (several establishments'): counts add; the median cannot be
    /// added, so it is left out unless one side has none.
    pub fn plus(&self, other: &WaitingFigures) -> WaitingFigures {
        let mut by_source = self.by_source.clone();
        for c in &other.by_source {
            match by_source.iter_mut().find(|m| m.what == c.what) {
                Some(m) => m.count += c.count,
                None => by_source.push(*c),
            }
        }
        by_source.sort_by_key(|c| c.what);
        let started = self.started + other.started;
        let started_within_standard = self.started_within_standard + other.started_within_standard;
        WaitingFigures {
            received: self.received + other.received,
            by_source,
            started,
            started_within_standard,
            within_standard: ratio(started_within_standard, started),
            median_days_waited: match (self.started, other.started) {
                (_, 0) => self.median_days_waited,
                (0, _) => other.median_days_waited,
                _ => None,
            },
            closed_without_starting: self.closed_without_starting + other.closed_without_starting,
            waiting_at_end: self.waiting_at_end + other.waiting_at_end,
            waiting_over_standard: self.waiting_over_standard + other.waiting_over_standard,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::referral_in::{ReferralInDetails, ReferralWants};
    use crate::model::{ParticipantId, ReferralInId};
    use std::str::FromStr;

    fn d(s: &str) -> NaiveDate {
        crate::dates::parse("date", s).unwrap()
    }

    /// "source referred [outcome on]": "hall 01/10/2026 started 22/10/2026".
    fn referral(line: &str) -> ReferralIn {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let source = match parts[0] {
            "self" => ReferralSource::SelfReferral,
            "hall" => ReferralSource::HallStaff,
            "health" => ReferralSource::Healthcare,
            other => panic!("{other}"),
        };
        let outcome = parts.get(2).map(|o| match *o {
            "started" => ReferralOutcome::Started,
            "declined" => ReferralOutcome::Declined,
            "liberated" => ReferralOutcome::LiberatedFirst,
            other => panic!("{other}"),
        });
        ReferralIn {
            id: ReferralInId::new(),
            participant_id: ParticipantId::new(),
            details: ReferralInDetails {
                source,
                referred_on: d(parts[1]),
                wants: ReferralWants::OneToOne,
                group_id: None,
                programme_id: None,
            },
            first_contact_on: None,
            outcome,
            outcome_on: parts.get(3).map(|s| d(s)),
            cohort_id: None,
        }
    }

    /// One case: the referrals, the period, then the figures expected as
    /// "received started within share median closed waiting over".
    fn check(lines: &[&str], from: &str, to: &str, expected: &str) {
        let referrals: Vec<ReferralIn> = lines.iter().map(|l| referral(l)).collect();
        let f = figures(&referrals, d(from), d(to));
        let show = |v: Option<Decimal>| v.map_or("-".to_string(), |v| v.normalize().to_string());
        let got = format!(
            "{} {} {} {} {} {} {} {}",
            f.received,
            f.started,
            f.started_within_standard,
            show(f.within_standard.map(crate::rules::attendance::percentage)),
            show(f.median_days_waited),
            f.closed_without_starting,
            f.waiting_at_end,
            f.waiting_over_standard
        );
        assert_eq!(got, expected, "{lines:?} {from}-{to}");
    }

    #[test]
    fn waits_are_counted_by_the_day_they_end_and_the_waiting_on_the_last_day() {
        let october = ("01/10/2026", "31/10/2026");
        // Nothing: no share, no median (not 0%).
        check(&[], october.0, october.1, "0 0 0 - - 0 0 0");
        // 21 days is within the standard; 22 is not.
        check(&["self 01/10/2026 started 22/10/2026", "hall 01/10/2026 started 23/10/2026"], october.0, october.1, "2 2 1 50 21.5 0 0 0");
        // Referred in September, started in October: counted in October's waits, not its referrals.
        check(&["self 15/09/2026 started 02/10/2026"], october.0, october.1, "0 1 1 100 17 0 0 0");
        // Still waiting on 31 October (started in November): 30 days, over the standard.
        check(&["health 01/10/2026 started 05/11/2026", "self 20/10/2026"], october.0, october.1, "2 0 0 - - 0 2 1");
        // Declined and liberated first close a referral without a wait ending.
        check(&["self 01/10/2026 declined 03/10/2026", "hall 02/10/2026 liberated 30/10/2026"], october.0, october.1, "2 0 0 - - 2 0 0");
        // A quarter: three months' waits together, one median over all of them.
        check(
            &["self 01/07/2026 started 08/07/2026", "self 01/08/2026 started 01/09/2026", "hall 01/09/2026 started 10/09/2026"],
            "01/07/2026",
            "30/09/2026",
            "3 3 2 66.7 9 0 0 0",
        );
    }

    #[test]
    fn sources_are_listed_in_order_with_only_those_that_referred() {
        let referrals: Vec<ReferralIn> = ["hall 01/10/2026", "self 02/10/2026", "hall 03/10/2026"].iter().map(|l| referral(l)).collect();
        let f = figures(&referrals, d("01/10/2026"), d("31/10/2026"));
        let got: Vec<(ReferralSource, u32)> = f.by_source.iter().map(|c| (c.what, c.count)).collect();
        assert_eq!(got, [(ReferralSource::SelfReferral, 1), (ReferralSource::HallStaff, 2)]);
        let twice = f.plus(&f);
        assert_eq!((twice.received, twice.by_source[1].count), (6, 4));
        assert_eq!(Decimal::from_str("21.5").unwrap(), median(&[21, 22]).unwrap());
    }
}
