//! Dates as caseworkers read them (dd/mm/yyyy) and as the store keeps them (ISO), and the local
//! calendar: the working day is Europe/London's, whatever the PC's clock zone says.

use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate, NaiveTime, Utc, Weekday};

pub const ZONE: chrono_tz::Tz = chrono_tz::Europe::London;

/// Today's date in Europe/London.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&ZONE).date_naive()
}

/// dd/mm/yyyy, the form on every screen, report and error message.
/// The Monday of the week holding `d`: a week on Today runs Monday to Sunday, as a prison's
/// regime timetable does.
pub fn monday_of(d: NaiveDate) -> NaiveDate {
    d - chrono::Days::new(u64::from(d.weekday().num_days_from_monday()))
}

pub fn display(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// A moment stored as UTC RFC 3339 (the audit trail, `created_at`) as London reads it:
/// "16/11/2026 09:05". Text that is not such a moment is returned as it is.
pub fn display_moment(utc: &str) -> String {
    moment(utc, "%d/%m/%Y %H:%M")
}

/// As `display_moment`, to the second: "16/11/2026 09:05:07", for the audit trail, where the
/// order of two acts in one minute matters.
pub fn display_instant(utc: &str) -> String {
    moment(utc, "%d/%m/%Y %H:%M:%S")
}

fn moment(utc: &str, format: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(utc.trim()) {
        Ok(t) => t.with_timezone(&ZONE).format(format).to_string(),
        Err(_) => utc.to_string(),
    }
}

/// Accepts dd/mm/yyyy (what people type) and yyyy-mm-dd (what machines send).
pub fn parse(field: &str, raw: &str) -> Result<NaiveDate> {
    let s = raw.trim();
    let parsed = if s.contains('/') { NaiveDate::parse_from_str(s, "%d/%m/%Y") } else { NaiveDate::parse_from_str(s, "%Y-%m-%d") };
    parsed.map_err(|_| Error::invalid(field, format!("'{s}' is not a real date; write it as dd/mm/yyyy, e.g. 02/03/1984")))
}

/// "22 November 2026", as a certificate says it.
/// A reporting period, both days included: a month ("2026-10"), a calendar quarter ("2026-Q3",
/// July to September), a financial year ("2026-27", 1 April 2026 to 31 March 2027) or a
/// calendar year ("2026").
pub fn period(raw: &str) -> Result<(NaiveDate, NaiveDate)> {
    let raw = raw.trim();
    let bad = || {
        Error::invalid(
            "period",
            format!("'{raw}' is not a month (2026-10), a quarter (2026-Q3), a financial year (2026-27) or a year (2026)"),
        )
    };
    let ymd = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).ok_or_else(bad);
    let last_of = |y: i32, m: u32| -> Result<NaiveDate> {
        let next = if m == 12 { ymd(y + 1, 1, 1)? } else { ymd(y, m + 1, 1)? };
        next.pred_opt().ok_or_else(bad)
    };
    let year = |s: &str| s.parse::<i32>().ok().filter(|y| (2000..=2100).contains(y) && s.len() == 4).ok_or_else(bad);
    match raw.split_once('-') {
        None => {
            let y = year(raw)?;
            Ok((ymd(y, 1, 1)?, ymd(y, 12, 31)?))
        }
        Some((y, q)) if q.len() == 2 && q.to_ascii_uppercase().starts_with('Q') => {
            let (y, q) = (year(y)?, q[1..].parse::<u32>().ok().filter(|q| (1..=4).contains(q)).ok_or_else(bad)?);
            Ok((ymd(y, 3 * q - 2, 1)?, last_of(y, 3 * q)?))
        }
        Some((y, m)) if m.len() == 2 && raw.len() == 7 => {
            let y = year(y)?;
            let n = m.parse::<u32>().map_err(|_| bad())?;
            // "2026-27" is a financial year; "2026-10" a month. Two digits that follow the year
            // (27 after 2026) are the year's end.
            if n == (y + 1).rem_euclid(100) as u32 && n > 12 {
                return Ok((ymd(y, 4, 1)?, ymd(y + 1, 3, 31)?));
            }
            if !(1..=12).contains(&n) {
                return Err(bad());
            }
            Ok((ymd(y, n, 1)?, last_of(y, n)?))
        }
        _ => Err(bad()),
    }
}

pub fn in_words(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

pub fn parse_time(raw: &str) -> std::result::Result<NaiveTime, String> {
    NaiveTime::parse_from_str(raw.trim(), "%H:%M").map_err(|_| format!("'{}' is not a time; write it as HH:MM, e.g. 14:00", raw.trim()))
}

pub fn weekday_code(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

pub fn parse_weekday(raw: &str) -> std::result::Result<Weekday, String> {
    raw.trim().parse::<Weekday>().map_err(|_| format!("'{}' is not a day of the week (mon, tue, ... sun)", raw.trim()))
}

pub fn whole_years_between(from: NaiveDate, to: NaiveDate) -> i32 {
    let mut years = to.year() - from.year();
    if (to.month(), to.day()) < (from.month(), from.day()) {
        years -= 1;
    }
    years
}

/// "today", "tomorrow", "in 12 days", "in 5 weeks 2 days", "yesterday", "3 days ago".
pub fn days_words(days: i64) -> String {
    let plural = |n: i64, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    match days {
        0 => "today".into(),
        1 => "tomorrow".into(),
        -1 => "yesterday".into(),
        d if d < 0 => format!("{} ago", plural(-d, "day")),
        d if d < 14 => format!("in {}", plural(d, "day")),
        d => match (d / 7, d % 7) {
            (w, 0) => format!("in {}", plural(w, "week")),
            (w, r) => format!("in {} {}", plural(w, "week"), plural(r, "day")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_months_quarters_financial_and_calendar_years() {
        for (raw, expected) in [
            ("2026-10", Some(("01/10/2026", "31/10/2026"))),
            ("2028-02", Some(("01/02/2028", "29/02/2028"))),
            ("2026-Q3", Some(("01/07/2026", "30/09/2026"))),
            ("2026-q4", Some(("01/10/2026", "31/12/2026"))),
            ("2026-27", Some(("01/04/2026", "31/03/2027"))),
            ("2026", Some(("01/01/2026", "31/12/2026"))),
            ("2026-13", None),
            ("2026-Q5", None),
            ("2026-28", None),
            ("26-27", None),
            ("", None),
            ("Q3 2026", None),
        ] {
            let got = period(raw).ok().map(|(a, b)| (display(a), display(b)));
            assert_eq!(got, expected.map(|(a, b)| (a.to_string(), b.to_string())), "{raw}");
        }
        assert!(period("2026-13").unwrap_err().to_string().contains("is not a month (2026-10)"));
    }

    #[test]
    fn days_read_as_words() {
        let cases = [
            (0, "today"),
            (1, "tomorrow"),
            (-1, "yesterday"),
            (-3, "3 days ago"),
            (-107, "107 days ago"),
            (13, "in 13 days"),
            (14, "in 2 weeks"),
            (37, "in 5 weeks 2 days"),
            (50, "in 7 weeks 1 day"),
        ];
        for (days, words) in cases {
            assert_eq!(days_words(days), words);
        }
    }

    #[test]
    fn parses_both_forms_and_refuses_impossible_dates() {
        let d = NaiveDate::from_ymd_opt(1984, 3, 2).unwrap();
        assert_eq!(parse("date", "02/03/1984").unwrap(), d);
        assert_eq!(parse("date", "1984-03-02").unwrap(), d);
        assert_eq!(display(d), "02/03/1984");
        let err = parse("date of birth", "31/02/2001").unwrap_err().to_string();
        assert!(err.starts_with("date of birth: '31/02/2001' is not a real date"), "{err}");
        assert!(parse("date", "29/02/2023").is_err());
        assert!(parse("date", "29/02/2024").is_ok());
        assert_eq!(in_words(NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()), "2 November 2026");
    }

    #[test]
    fn moments_are_shown_in_london_time_across_the_clock_change() {
        // British Summer Time: an hour ahead of UTC; after the clocks go back, none.
        assert_eq!(display_moment("2026-07-01T23:30:00.000Z"), "02/07/2026 00:30");
        assert_eq!(display_moment("2026-11-16T09:05:59.999Z"), "16/11/2026 09:05");
        assert_eq!(display_moment("not a time"), "not a time");
    }

    #[test]
    fn instants_are_shown_in_london_time_to_the_second() {
        for (utc, london) in [
            // UTC in winter, an hour ahead in British Summer Time.
            ("2026-11-16T09:05:07.123Z", "16/11/2026 09:05:07"),
            ("2026-07-01T08:05:09Z", "01/07/2026 09:05:09"),
            ("2026-06-30T23:30:00.000Z", "01/07/2026 00:30:00"),
            // The clocks change at 01:00 UTC on the last Sundays of March and October: 29 March
            // and 25 October 2026, 28 March and 31 October 2027.
            ("2026-03-29T00:59:59Z", "29/03/2026 00:59:59"),
            ("2026-03-29T01:00:00Z", "29/03/2026 02:00:00"),
            ("2026-10-25T00:59:59Z", "25/10/2026 01:59:59"),
            ("2026-10-25T01:00:00Z", "25/10/2026 01:00:00"),
            ("2027-03-28T00:59:00Z", "28/03/2027 00:59:00"),
            ("2027-03-28T01:00:00Z", "28/03/2027 02:00:00"),
            ("2027-10-31T00:59:00Z", "31/10/2027 01:59:00"),
            ("2027-10-31T01:00:00Z", "31/10/2027 01:00:00"),
            // What cannot be read is left alone.
            ("yesterday", "yesterday"),
        ] {
            assert_eq!(display_instant(utc), london, "{utc}");
        }
    }

    #[test]
    fn ages_turn_on_the_birthday() {
        let dob = NaiveDate::from_ymd_opt(2000, 2, 29).unwrap();
        assert_eq!(whole_years_between(dob, NaiveDate::from_ymd_opt(2018, 2, 28).unwrap()), 17);
        assert_eq!(whole_years_between(dob, NaiveDate::from_ymd_opt(2018, 3, 1).unwrap()), 18);
    }
}
