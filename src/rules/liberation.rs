//! The countdown to liberation (what is missing, what falls due when) and continuity of care
//! (engaged with community support within three weeks of release). Pure: dates in, answers out.

use crate::dates;
pub use crate::dates::days_words;
use crate::error::{Error, Result};
use crate::model::{ReferralStatus, ReferralStep};
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// People due for liberation within this many weeks are on the Today screen's countdown.
pub const COUNTDOWN_WEEKS: u64 = 8;
/// Continuity of care: engaged within this many days of release (the national measure).
pub const CONTINUITY_DAYS: u64 = 21;
/// Engagement this long before release counts towards it (met on home leave, carried on).
pub const ENGAGED_BEFORE_DAYS: u64 = COUNTDOWN_WEEKS * 7;

/// What should be in place before someone leaves, and how long before the date it is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", ts(rename_all = "snake_case"))]
pub enum Task {
    HomeArea,
    Consent,
    Referral,
    Meeting,
}

impl Task {
    pub const ALL: [Task; 4] = [Task::HomeArea, Task::Consent, Task::Referral, Task::Meeting];

    /// Days before the expected liberation date by which it should be done: a referral four
    /// weeks before gives the service time to reply and to meet the person on home leave.
    pub fn days_before(self) -> u64 {
        match self {
            Task::HomeArea => 56,
            Task::Consent => 42,
            Task::Referral => 28,
            Task::Meeting => 14,
        }
    }

    /// What is missing, in the words of the countdown ("No consent").
    pub fn missing(self) -> &'static str {
        match self {
            Task::HomeArea => "No home area",
            Task::Consent => "No consent to share",
            Task::Referral => "No referral",
            Task::Meeting => "No pre-release meeting",
        }
    }

    /// The thing to do ("Refer to a service near home").
    pub fn to_do(self) -> &'static str {
        match self {
            Task::HomeArea => "Record the home area",
            Task::Consent => "Record consent to share",
            Task::Referral => "Refer to a service near home",
            Task::Meeting => "Meet before liberation",
        }
    }
}

/// What is already in place for a person's release.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InPlace {
    pub home_area: bool,
    /// Consent in force today.
    pub consent: bool,
    /// A referral that is not declined or lost.
    pub referral: bool,
    /// A meeting before liberation or on home leave.
    pub meeting: bool,
}

impl InPlace {
    fn has(self, task: Task) -> bool {
        match task {
            Task::HomeArea => self.home_area,
            Task::Consent => self.consent,
            Task::Referral => self.referral,
            Task::Meeting => self.meeting,
        }
    }
}

/// A task still to do, with when it falls due.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TaskDue {
    pub task: Task,
    pub due_on: NaiveDate,
    /// Days from today to the due date; negative when overdue.
    pub days_left: i64,
    /// What is missing: "No referral".
    pub missing: String,
    /// What to do and when: "Refer to a service near home by 26/11/2026 (in 3 days)", or
    /// "...: overdue since 16/11/2026 (7 days ago)".
    pub words: String,
}

/// One person's countdown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Countdown {
    pub expected_liberation: NaiveDate,
    /// Days from today; negative when the date has passed and the person is still recorded in
    /// custody.
    pub days_to_go: i64,
    /// "in 5 weeks 2 days", "tomorrow", "today", "3 days ago".
    pub to_go_words: String,
    /// Missing things, the most pressing first.
    pub tasks: Vec<TaskDue>,
}

/// Whether `expected` falls in the countdown on `today`: from today to 8 weeks ahead, or
/// already passed (the person is still in custody, so the date needs updating).
pub fn in_countdown(expected: NaiveDate, today: NaiveDate) -> bool {
    expected <= today + Days::new(COUNTDOWN_WEEKS * 7)
}

/// The countdown for someone expected out on `expected`, with `in_place` already done.
pub fn countdown(expected: NaiveDate, today: NaiveDate, in_place: InPlace) -> Countdown {
    let days_to_go = (expected - today).num_days();
    let mut tasks: Vec<TaskDue> = Task::ALL
        .into_iter()
        .filter(|t| !in_place.has(*t))
        .map(|task| {
            let due_on = expected.checked_sub_days(Days::new(task.days_before())).unwrap_or(expected);
            let days_left = (due_on - today).num_days();
            let words = match days_left {
                d if d < 0 => format!("{}: overdue since {} ({})", task.to_do(), dates::display(due_on), days_words(d)),
                _ => format!("{} by {} ({})", task.to_do(), dates::display(due_on), days_words(days_left)),
            };
            TaskDue { task, due_on, days_left, missing: task.missing().to_string(), words }
        })
        .collect();
    tasks.sort_by_key(|t| t.due_on);
    Countdown { expected_liberation: expected, days_to_go, to_go_words: days_words(days_to_go), tasks }
}

/// The steps a referral standing at `current` may move on to, in the order the form offers
/// them: any but "referred" (only ever the first) and the one it has (`check_step` refuses both).
pub fn next_statuses(current: ReferralStatus) -> Vec<ReferralStatus> {
    ReferralStatus::ALL.iter().copied().filter(|s| *s != ReferralStatus::Referred && *s != current).collect()
}

/// A new step on a referral: dated on or after the last one (and the referral), not in the
/// future, and a change of status ("referred" is only ever the first step).
pub fn check_step(steps: &[ReferralStep], referred_on: NaiveDate, next: &ReferralStep, today: NaiveDate) -> Result<()> {
    if next.on > today {
        return Err(Error::invalid("date", format!("{} is in the future", dates::display(next.on))));
    }
    if next.on < referred_on {
        return Err(Error::invalid(
            "date",
            format!("{} is before the referral on {}", dates::display(next.on), dates::display(referred_on)),
        ));
    }
    if next.status == ReferralStatus::Referred {
        return Err(Error::invalid("status", "'Referred' is the first step; make a new referral to refer again"));
    }
    if let Some(last) = steps.last() {
        if next.on < last.on {
            return Err(Error::invalid(
                "date",
                format!("{} is before the last step ({} on {})", dates::display(next.on), last.status.label(), dates::display(last.on)),
            ));
        }
        if last.status == next.status {
            return Err(Error::invalid("status", format!("the referral is already '{}'", next.status.label())));
        }
    }
    Ok(())
}

/// How a release went, three weeks on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case", tag = "outcome")]
#[cfg_attr(feature = "ts", ts(rename_all = "snake_case", tag = "outcome"))]
pub enum Outcome {
    /// Engaged by the end of the three weeks (on this day).
    Engaged { on: NaiveDate },
    /// Not engaged yet, and the three weeks run to `until` (inclusive).
    Open { until: NaiveDate },
    /// Three weeks passed without engagement.
    NotEngaged { ended: NaiveDate },
}

/// The outcome of a liberation on `liberated_on`, given the dates the person became engaged
/// with any service they were referred to. Engagement counts from `ENGAGED_BEFORE_DAYS` before
/// release (home leave, a service meeting them at the gate) to the 21st day after it; older
/// engagement belongs to an earlier release.
pub fn outcome(liberated_on: NaiveDate, engaged: &[NaiveDate], today: NaiveDate) -> Outcome {
    let until = liberated_on + Days::new(CONTINUITY_DAYS);
    let from = liberated_on.checked_sub_days(Days::new(ENGAGED_BEFORE_DAYS)).unwrap_or(liberated_on);
    match engaged.iter().copied().filter(|d| (from..=until).contains(d)).min() {
        Some(on) => Outcome::Engaged { on },
        None if today <= until => Outcome::Open { until },
        None => Outcome::NotEngaged { ended: until },
    }
}

/// Continuity of care over a set of liberations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Continuity {
    pub liberated: u32,
    pub engaged: u32,
    pub not_engaged: u32,
    /// Still within their three weeks and not yet engaged: left out of the rate until known.
    pub still_open: u32,
}

impl Continuity {
    pub fn add(&mut self, outcome: Outcome) {
        self.liberated += 1;
        match outcome {
            Outcome::Engaged { .. } => self.engaged += 1,
            Outcome::NotEngaged { .. } => self.not_engaged += 1,
            Outcome::Open { .. } => self.still_open += 1,
        }
    }

    /// Engaged / (engaged + not engaged): people whose three weeks are over. None when nobody's are.
    pub fn rate(&self) -> Option<Decimal> {
        let known = self.engaged + self.not_engaged;
        (known > 0).then(|| Decimal::from(self.engaged) / Decimal::from(known))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_steps_offered_are_the_ones_check_step_accepts() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
        for &current in ReferralStatus::ALL {
            let steps = [ReferralStep { status: ReferralStatus::Referred, on: day }, ReferralStep { status: current, on: day }];
            let steps = if current == ReferralStatus::Referred { &steps[..1] } else { &steps[..] };
            let offered = next_statuses(current);
            for &next in ReferralStatus::ALL {
                let accepted = check_step(steps, day, &ReferralStep { status: next, on: day }, day).is_ok();
                assert_eq!(offered.contains(&next), accepted, "{current:?} -> {next:?}");
            }
        }
        use ReferralStatus::*;
        assert_eq!(next_statuses(Accepted), [FirstContact, Engaged, Declined, LostContact]);
        assert_eq!(next_statuses(Referred), [Accepted, FirstContact, Engaged, Declined, LostContact]);
    }

    fn d(s: &str) -> NaiveDate {
        dates::parse("date", s).unwrap()
    }

    /// One countdown case: expected date, today, what is in place, then the tasks expected as
    /// (task, due date, days left).
    fn check(expected: &str, today: &str, in_place: InPlace, days_to_go: i64, tasks: &[(Task, &str, i64)]) {
        let c = countdown(d(expected), d(today), in_place);
        assert_eq!(c.days_to_go, days_to_go, "days to go for {expected} seen on {today}");
        let got: Vec<(Task, NaiveDate, i64)> = c.tasks.iter().map(|t| (t.task, t.due_on, t.days_left)).collect();
        let want: Vec<(Task, NaiveDate, i64)> = tasks.iter().map(|(t, due, left)| (*t, d(due), *left)).collect();
        assert_eq!(got, want, "tasks for {expected} seen on {today}");
    }

    #[test]
    fn tasks_fall_due_counted_back_from_the_liberation_date() {
        let nothing = InPlace::default();
        // 8 weeks out: the home area is due today, the rest later.
        check(
            "2026-12-28",
            "2026-11-02",
            nothing,
            56,
            &[
                (Task::HomeArea, "2026-11-02", 0),
                (Task::Consent, "2026-11-16", 14),
                (Task::Referral, "2026-11-30", 28),
                (Task::Meeting, "2026-12-14", 42),
            ],
        );
        // Across the end of February in a leap year: 28 days before 14/03/2028 is 15/02/2028.
        check(
            "2028-03-14",
            "2028-02-20",
            InPlace { home_area: true, consent: true, ..nothing },
            23,
            &[(Task::Referral, "2028-02-15", -5), (Task::Meeting, "2028-02-29", 9)],
        );
        // Across the year end and the clocks: 14 days before 05/01/2027 is 22/12/2026.
        check(
            "2027-01-05",
            "2026-12-24",
            InPlace { home_area: true, consent: true, referral: true, meeting: false },
            12,
            &[(Task::Meeting, "2026-12-22", -2)],
        );
        // Everything in place: no tasks, just the date.
        check("2026-12-01", "2026-11-23", InPlace { home_area: true, consent: true, referral: true, meeting: true }, 8, &[]);
        // The date has passed and the person is still in custody.
        check("2026-11-20", "2026-11-23", InPlace { home_area: true, consent: true, referral: true, meeting: true }, -3, &[]);
    }

    #[test]
    fn the_countdown_covers_eight_weeks_and_dates_already_passed() {
        let today = d("2026-11-23");
        assert!(in_countdown(d("2027-01-18"), today), "exactly 8 weeks");
        assert!(!in_countdown(d("2027-01-19"), today), "8 weeks and a day");
        assert!(in_countdown(d("2026-11-01"), today), "passed, still in custody");
    }

    #[test]
    fn task_dates_read_as_words() {
        let c = countdown(d("2026-12-21"), d("2026-11-23"), InPlace { home_area: true, consent: true, ..Default::default() });
        assert_eq!(c.tasks[0].words, "Refer to a service near home by 23/11/2026 (today)");
        assert_eq!(c.tasks[0].missing, "No referral");
        let c = countdown(d("2026-12-14"), d("2026-11-23"), InPlace { home_area: true, consent: true, ..Default::default() });
        assert_eq!(c.tasks[0].words, "Refer to a service near home: overdue since 16/11/2026 (7 days ago)");
    }

    #[test]
    fn continuity_counts_engagement_up_to_the_21st_day() {
        let out = d("2026-10-01");
        let later = d("2026-12-01");
        assert_eq!(outcome(out, &[d("2026-10-22")], later), Outcome::Engaged { on: d("2026-10-22") }, "day 21 counts");
        assert_eq!(outcome(out, &[d("2026-10-23")], later), Outcome::NotEngaged { ended: d("2026-10-22") }, "day 22 does not");
        assert_eq!(outcome(out, &[d("2026-09-20")], later), Outcome::Engaged { on: d("2026-09-20") }, "engaged on home leave");
        assert_eq!(outcome(out, &[d("2025-01-01")], later), Outcome::NotEngaged { ended: d("2026-10-22") }, "an earlier release");
        assert_eq!(outcome(out, &[], d("2026-10-22")), Outcome::Open { until: d("2026-10-22") }, "still within the three weeks");
        assert_eq!(outcome(out, &[], d("2026-10-23")), Outcome::NotEngaged { ended: d("2026-10-22") });

        let mut c = Continuity::default();
        for o in
            [Outcome::Engaged { on: out }, Outcome::Engaged { on: out }, Outcome::NotEngaged { ended: out }, Outcome::Open { until: out }]
        {
            c.add(o);
        }
        assert_eq!((c.liberated, c.engaged, c.not_engaged, c.still_open), (4, 2, 1, 1));
        assert_eq!(c.rate(), Some(Decimal::from(2) / Decimal::from(3)));
        assert_eq!(Continuity::default().rate(), None);
    }

    #[test]
    fn referral_steps_go_forward_in_time_and_change_status() {
        let step = |status, on: &str| ReferralStep { status, on: d(on) };
        let referred = d("2026-11-01");
        let steps = vec![step(ReferralStatus::Referred, "2026-11-01"), step(ReferralStatus::Accepted, "2026-11-05")];
        let today = d("2026-11-23");
        assert!(check_step(&steps, referred, &step(ReferralStatus::FirstContact, "2026-11-05"), today).is_ok());
        let err = |s: ReferralStep| check_step(&steps, referred, &s, today).unwrap_err().to_string();
        assert_eq!(err(step(ReferralStatus::Engaged, "2026-11-04")), "date: 04/11/2026 is before the last step (Accepted on 05/11/2026)");
        assert_eq!(err(step(ReferralStatus::Engaged, "2026-11-24")), "date: 24/11/2026 is in the future");
        assert_eq!(err(step(ReferralStatus::Accepted, "2026-11-06")), "status: the referral is already 'Accepted'");
        assert!(err(step(ReferralStatus::Referred, "2026-11-06")).starts_with("status: 'Referred' is the first step"));
        assert_eq!(err(step(ReferralStatus::Engaged, "2026-10-31")), "date: 31/10/2026 is before the referral on 01/11/2026");
    }
}
