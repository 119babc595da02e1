//! Dates a group meets on, from its schedule. Pure: the store decides what already exists.

use crate::model::Schedule;
use chrono::{Datelike, Days, NaiveDate};

/// Meeting dates within `from..=to`: the schedule's weekday on or after `starts_on`, then every
/// `every_weeks` weeks, never after `ends_on`.
pub fn meeting_dates(
    schedule: Schedule,
    starts_on: NaiveDate,
    ends_on: Option<NaiveDate>,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<NaiveDate> {
    let offset = (7 + schedule.weekday.num_days_from_monday() - starts_on.weekday().num_days_from_monday()) % 7;
    let first = starts_on + Days::new(offset as u64);
    let last = match ends_on {
        Some(end) if end < to => end,
        _ => to,
    };
    let step = Days::new(7 * schedule.every_weeks as u64);
    let mut out = Vec::new();
    let mut d = first;
    while d <= last {
        if d >= from {
            out.push(d);
        }
        d = d + step;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weekly_from_the_first_matching_weekday() {
        // 2026-11-02 is a Monday; a Wednesday group starting then first meets on the 4th.
        let s = Schedule { weekday: Weekday::Wed, every_weeks: 1 };
        assert_eq!(
            meeting_dates(s, d(2026, 11, 2), None, d(2026, 11, 1), d(2026, 11, 30)),
            vec![d(2026, 11, 4), d(2026, 11, 11), d(2026, 11, 18), d(2026, 11, 25)]
        );
    }

    #[test]
    fn fortnightly_keeps_its_rhythm_whatever_the_window() {
        let s = Schedule { weekday: Weekday::Mon, every_weeks: 2 };
        // Starts Monday 5 Oct 2026; the window opens on a week without a meeting.
        assert_eq!(meeting_dates(s, d(2026, 10, 5), None, d(2026, 10, 12), d(2026, 11, 2)), vec![d(2026, 10, 19), d(2026, 11, 2)]);
    }

    #[test]
    fn stops_at_the_end_date_and_across_the_clock_change() {
        let s = Schedule { weekday: Weekday::Sun, every_weeks: 1 };
        // The clocks go back on Sunday 25 Oct 2026: a local date is unaffected.
        assert_eq!(
            meeting_dates(s, d(2026, 10, 18), Some(d(2026, 10, 31)), d(2026, 10, 1), d(2026, 12, 31)),
            vec![d(2026, 10, 18), d(2026, 10, 25)]
        );
    }
}
