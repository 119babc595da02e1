//! Referrals into the service (the way in, as against `Referral`, the way out at liberation):
//! who asked for the person to be seen, for what, and how the wait ended; and the programmes
//! whose waiting lists they join.

use super::coded::coded_enum;
use super::{GroupId, ParticipantId, ProgrammeId, ReferralInId};
use crate::dates;
use crate::error::{Error, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

coded_enum! {
    /// Who asked for the person to be seen.
    pub enum ReferralSource {
        SelfReferral = ("self_referral", "Self-referral"),
        Healthcare = ("healthcare", "Healthcare"),
        HallStaff = ("hall_staff", "Hall staff"),
        Court = ("court", "Court"),
        AnotherPrison = ("another_prison", "Another prison"),
        Community = ("community", "A service in the community"),
    }
}

coded_enum! {
    /// What the person was referred for.
    pub enum ReferralWants {
        Group = ("group", "A group"),
        Programme = ("programme", "A programme"),
        OneToOne = ("one_to_one", "One-to-one support"),
    }
}

coded_enum! {
    /// How a referral in ended. Only `Started` ends a wait in the waiting-times figures.
    pub enum ReferralOutcome {
        Started = ("started", "Started"),
        Declined = ("declined", "Declined"),
        NotSuitable = ("not_suitable", "Not suitable"),
        LiberatedFirst = ("liberated_first", "Liberated before starting"),
    }
}

/// Scotland's waiting-times standard: 90% of people start within three weeks of referral.
pub const STANDARD_DAYS: i64 = 21;

/// What is recorded when a referral arrives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReferralInDetails {
    pub source: ReferralSource,
    pub referred_on: NaiveDate,
    pub wants: ReferralWants,
    /// For a group: which one.
    pub group_id: Option<GroupId>,
    /// For a programme: whose waiting list the person joins.
    pub programme_id: Option<ProgrammeId>,
}

impl ReferralInDetails {
    /// The date is not in the future, and what the referral is for names exactly what it needs.
    pub fn normalised(&self, today: NaiveDate) -> Result<ReferralInDetails> {
        if self.referred_on > today {
            return Err(Error::invalid("date referred", format!("{} is in the future", dates::display(self.referred_on))));
        }
        match (self.wants, self.group_id, self.programme_id) {
            (ReferralWants::Group, None, _) => return Err(Error::invalid("group", "not chosen: a referral for a group names the group")),
            (ReferralWants::Programme, _, None) => {
                return Err(Error::invalid("programme", "not chosen: a referral for a programme names its waiting list"))
            }
            _ => {}
        }
        Ok(ReferralInDetails {
            group_id: self.group_id.filter(|_| self.wants == ReferralWants::Group),
            programme_id: self.programme_id.filter(|_| self.wants == ReferralWants::Programme),
            ..self.clone()
        })
    }
}

/// A referral in as held.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReferralIn {
    pub id: ReferralInId,
    pub participant_id: ParticipantId,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub details: ReferralInDetails,
    pub first_contact_on: Option<NaiveDate>,
    pub outcome: Option<ReferralOutcome>,
    pub outcome_on: Option<NaiveDate>,
    /// The cohort a programme referral was allocated to.
    pub cohort_id: Option<GroupId>,
}

impl ReferralIn {
    /// Still waiting on `day`: referred by then and not closed by then.
    pub fn waiting_on(&self, day: NaiveDate) -> bool {
        self.details.referred_on <= day && self.outcome_on.is_none_or(|closed| day < closed)
    }

    /// Days from referral to starting, once started.
    pub fn days_waited(&self) -> Option<i64> {
        match (self.outcome, self.outcome_on) {
            (Some(ReferralOutcome::Started), Some(on)) => Some((on - self.details.referred_on).num_days()),
            _ => None,
        }
    }

    /// A first contact on `on`: after the referral, not in the future, once.
    pub fn check_first_contact(&self, on: NaiveDate, today: NaiveDate) -> Result<()> {
        if self.first_contact_on.is_some() {
            return Err(Error::invalid("first contact", "is already recorded"));
        }
        self.check_date("first contact", on, today)
    }

    /// An outcome on `on`: after the referral, not in the future, once.
    pub fn check_outcome(&self, on: NaiveDate, today: NaiveDate) -> Result<()> {
        if let Some(outcome) = self.outcome {
            return Err(Error::invalid("outcome", format!("is already recorded ({})", outcome.label().to_lowercase())));
        }
        self.check_date("outcome date", on, today)
    }

    fn check_date(&self, field: &str, on: NaiveDate, today: NaiveDate) -> Result<()> {
        if on > today {
            return Err(Error::invalid(field, format!("{} is in the future", dates::display(on))));
        }
        if on < self.details.referred_on {
            return Err(Error::invalid(
                field,
                format!("{} is before the referral ({})", dates::display(on), dates::display(self.details.referred_on)),
            ));
        }
        Ok(())
    }
}

/// A programme whose cohorts are allocated from one waiting list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Programme {
    pub id: ProgrammeId,
    pub establishment_id: super::EstablishmentId,
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 10, day).unwrap()
    }

    fn referral(referred: u32, outcome: Option<(ReferralOutcome, u32)>) -> ReferralIn {
        ReferralIn {
            id: ReferralInId::new(),
            participant_id: ParticipantId::new(),
            details: ReferralInDetails {
                source: ReferralSource::SelfReferral,
                referred_on: d(referred),
                wants: ReferralWants::OneToOne,
                group_id: None,
                programme_id: None,
            },
            first_contact_on: None,
            outcome: outcome.map(|o| o.0),
            outcome_on: outcome.map(|o| d(o.1)),
            cohort_id: None,
        }
    }

    #[test]
    fn a_wait_runs_from_the_referral_to_the_day_the_person_starts() {
        use ReferralOutcome::*;
        for (referred, outcome, waited) in
            [(1, Some((Started, 22)), Some(21)), (5, Some((Started, 5)), Some(0)), (1, Some((Declined, 3)), None), (1, None, None)]
        {
            assert_eq!(referral(referred, outcome).days_waited(), waited, "{referred} {outcome:?}");
        }
        let r = referral(3, Some((Started, 10)));
        assert_eq!([2, 3, 9, 10].map(|day| r.waiting_on(d(day))), [false, true, true, false]);
    }

    #[test]
    fn dates_before_the_referral_or_in_the_future_are_refused_by_name() {
        let r = referral(10, None);
        let problem = |e: Error| e.to_string();
        assert!(problem(r.check_outcome(d(9), d(20)).unwrap_err()).contains("before the referral (10/10/2026)"));
        assert!(problem(r.check_first_contact(d(21), d(20)).unwrap_err()).contains("21/10/2026 is in the future"));
        assert!(r.check_outcome(d(10), d(20)).is_ok());
        let closed = referral(10, Some((ReferralOutcome::Declined, 12)));
        assert!(problem(closed.check_outcome(d(13), d(20)).unwrap_err()).contains("already recorded (declined)"));
    }

    #[test]
    fn a_referral_names_the_group_or_programme_it_is_for() {
        let base = ReferralInDetails {
            source: ReferralSource::HallStaff,
            referred_on: d(1),
            wants: ReferralWants::Group,
            group_id: None,
            programme_id: Some(ProgrammeId::new()),
        };
        assert!(base.normalised(d(2)).unwrap_err().to_string().contains("group"));
        let group = GroupId::new();
        let ok = ReferralInDetails { group_id: Some(group), ..base.clone() }.normalised(d(2)).unwrap();
        assert_eq!((ok.group_id, ok.programme_id), (Some(group), None), "the programme of a group referral is dropped");
        assert!(ReferralInDetails { wants: ReferralWants::Programme, programme_id: None, ..base.clone() }
            .normalised(d(2))
            .unwrap_err()
            .to_string()
            .contains("programme"));
        assert!(ReferralInDetails { group_id: Some(group), ..base }.normalised(d(1).pred_opt().unwrap()).is_err());
    }
}
