//! One cell's text as a value, with the problem in words when it is not one. Spreadsheets made
//! by hand write dates every way; these accept what is unambiguous and say why the rest is not.

use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate, NaiveTime};

/// dd/mm/yyyy (also with `-` or `.`, and single-digit days and months), ISO yyyy-mm-dd, and ISO
/// with a time (what an Excel date cell reads as). Two-digit years and US order are refused
/// with the reason, never guessed.
pub fn date(field: &str, raw: &str) -> Result<NaiveDate> {
    let s = raw.trim();
    let bad = |why: String| Error::invalid(field, why);
    let iso = s.split([' ', 'T']).next().unwrap_or(s);
    if iso.len() == 10 && iso.as_bytes()[4] == b'-' {
        let parts: Vec<&str> = iso.split('-').collect();
        return match parts.as_slice() {
            [y, m, d] => real_date(field, s, y, m, d),
            _ => Err(bad(format!("'{s}' is not a date; write it as dd/mm/yyyy"))),
        };
    }
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    match parts.as_slice() {
        [d, m, y] if [d, m, y].iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) => {
            if y.len() != 4 {
                return Err(bad(format!("'{s}' has a two-digit year; write the year in full, e.g. 02/03/1984")));
            }
            if m.parse::<u32>().is_ok_and(|m| m > 12) && d.parse::<u32>().is_ok_and(|d| d <= 12) {
                return Err(bad(format!("'{s}' looks like month/day/year; write dates as dd/mm/yyyy")));
            }
            real_date(field, s, y, m, d)
        }
        _ if formula(s) => Err(bad(formula_problem(s))),
        _ => Err(bad(format!("'{s}' is not a date; write it as dd/mm/yyyy, e.g. 02/03/1984"))),
    }
}

fn real_date(field: &str, s: &str, y: &str, m: &str, d: &str) -> Result<NaiveDate> {
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return Err(Error::invalid(field, format!("'{s}' is not a date; write it as dd/mm/yyyy")));
    };
    if !(1900..=2100).contains(&y) {
        return Err(Error::invalid(field, format!("'{s}' has the year {y}; check it")));
    }
    if !(1..=12).contains(&m) {
        return Err(Error::invalid(field, format!("'{s}' has no month {m}; write dates as dd/mm/yyyy")));
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
        let days = days_in_month(y, m);
        let month = NaiveDate::from_ymd_opt(y, m, 1).map(|f| f.format("%B %Y").to_string()).unwrap_or_default();
        Error::invalid(field, format!("'{s}' is not a real date: {month} has {days} days"))
    })
}

fn days_in_month(y: i32, m: u32) -> u32 {
    let next = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1) } else { NaiveDate::from_ymd_opt(y, m + 1, 1) };
    next.and_then(|n| n.pred_opt()).map_or(31, |last| last.day())
}

/// HH:MM or H:MM (also with `.`), with or without seconds.
pub fn time(field: &str, raw: &str) -> Result<NaiveTime> {
    let s = raw.trim();
    let norm = s.replace('.', ":");
    NaiveTime::parse_from_str(&norm, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(&norm, "%H:%M:%S"))
        .map_err(|_| Error::invalid(field, format!("'{s}' is not a time; write it as HH:MM, e.g. 14:00")))
}

/// A whole number between `min` and `max`.
pub fn whole(field: &str, raw: &str, min: u32, max: u32) -> Result<u32> {
    let s = raw.trim();
    match s.parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        Ok(n) => Err(Error::invalid(field, format!("{n} is not between {min} and {max}"))),
        Err(_) => Err(Error::invalid(field, format!("'{s}' is not a whole number"))),
    }
}

/// One of a fixed list, by its code or its label (case and accents aside) or one of `also`'s
/// spreadsheet shorthands.
pub fn one_of<T: Copy>(
    field: &str,
    raw: &str,
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    also: &[(&str, T)],
) -> Result<T> {
    let norm = |s: &str| crate::text::fold(s).replace(['-', '_'], " ").split_whitespace().collect::<Vec<_>>().join(" ");
    let wanted = norm(raw);
    all.iter()
        .copied()
        .find(|v| norm(code(*v)) == wanted || norm(label(*v)) == wanted)
        .or_else(|| also.iter().find(|(k, _)| *k == wanted).map(|(_, v)| *v))
        .ok_or_else(|| {
            let labels: Vec<&str> = all.iter().map(|v| label(*v)).collect();
            Error::invalid(field, format!("'{}' is not one of: {}", raw.trim(), labels.join(", ")))
        })
}

/// Text that a spreadsheet would run as a formula. Kept out of the database, so that it
/// cannot come back out of an export live.
pub fn formula(s: &str) -> bool {
    s.trim_start().starts_with('=')
}

pub fn formula_problem(s: &str) -> String {
    let shown: String = s.trim().chars().take(40).collect();
    format!("'{shown}' is a spreadsheet formula; save the sheet with values only (Paste Special, Values)")
}

/// A spreadsheet's error cell (#N/A, #DIV/0!, #REF!, #VALUE!, #NAME?, #NUM!, #NULL!).
pub fn spreadsheet_error(s: &str) -> bool {
    matches!(s.trim(), "#N/A" | "#DIV/0!" | "#REF!" | "#VALUE!" | "#NAME?" | "#NUM!" | "#NULL!" | "#SPILL!" | "#CALC!")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Each case: the cell, and the date or the words the problem must contain.
    fn check(raw: &str, want: std::result::Result<NaiveDate, &str>) {
        match (date("date", raw), want) {
            (Ok(got), Ok(w)) => assert_eq!(got, w, "{raw}"),
            (Err(e), Err(words)) => assert!(e.to_string().contains(words), "{raw}: {e}"),
            (got, w) => panic!("{raw}: got {got:?}, wanted {w:?}"),
        }
    }

    #[test]
    fn dates_as_spreadsheets_write_them() {
        check("02/03/1984", Ok(d(1984, 3, 2)));
        check("2/3/1984", Ok(d(1984, 3, 2)));
        check(" 02-03-1984 ", Ok(d(1984, 3, 2)));
        check("02.03.1984", Ok(d(1984, 3, 2)));
        check("1984-03-02", Ok(d(1984, 3, 2)));
        check("1984-03-02 00:00", Ok(d(1984, 3, 2)));
        check("1984-03-02T00:00:00", Ok(d(1984, 3, 2)));
        check("29/02/2028", Ok(d(2028, 2, 29)));
        check("29/02/2027", Err("February 2027 has 28 days"));
        check("31/04/2026", Err("April 2026 has 30 days"));
        check("00/01/2026", Err("not a real date"));
        check("13/13/2026", Err("no month 13"));
        check("03/25/2026", Err("month/day/year"));
        check("02/03/84", Err("two-digit year"));
        check("02/03/0984", Err("year 984"));
        check("yesterday", Err("not a date"));
        check("=TODAY()", Err("formula"));
        check("", Err("not a date"));
    }

    #[test]
    fn times_numbers_and_lists() {
        assert_eq!(time("t", "9:30").unwrap(), NaiveTime::from_hms_opt(9, 30, 0).unwrap());
        assert_eq!(time("t", "14.00").unwrap(), NaiveTime::from_hms_opt(14, 0, 0).unwrap());
        assert_eq!(time("t", "14:00:00").unwrap(), NaiveTime::from_hms_opt(14, 0, 0).unwrap());
        assert!(time("t", "25:00").unwrap_err().to_string().contains("HH:MM"));
        assert_eq!(whole("n", " 12 ", 1, 52).unwrap(), 12);
        assert!(whole("n", "0", 1, 52).unwrap_err().to_string().contains("between 1 and 52"));
        assert!(whole("n", "1.5", 1, 52).unwrap_err().to_string().contains("whole number"));
        use crate::model::GroupKind;
        let kind = |raw| one_of("kind", raw, GroupKind::ALL, GroupKind::code, GroupKind::label, &[("smart", GroupKind::SmartRecovery)]);
        assert_eq!(kind("SMART Recovery").unwrap(), GroupKind::SmartRecovery);
        assert_eq!(kind("smart_recovery").unwrap(), GroupKind::SmartRecovery);
        assert_eq!(kind(" Smart ").unwrap(), GroupKind::SmartRecovery);
        assert_eq!(kind("Recovery cafe").unwrap(), GroupKind::RecoveryCafe);
        assert!(kind("Bingo").unwrap_err().to_string().contains("'Bingo' is not one of: Alcoholics Anonymous"));
        assert!(spreadsheet_error("#DIV/0!") && !spreadsheet_error("#1"));
    }
}
