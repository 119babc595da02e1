//! A reporting period: a month, a quarter, a financial year (April to March), a calendar year or
//! any range of days, with the period a return compares it with (the one before, of the same
//! kind and length). Every return, on screen, as PDF and as CSV, is made for one.

use crate::dates;
use crate::error::{Error, Result};
use crate::model::coded::coded_enum;
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

coded_enum! {
    pub enum PeriodKind {
        Month = ("month", "A month"),
        Quarter = ("quarter", "A quarter"),
        FinancialYear = ("financial_year", "A financial year (April to March)"),
        Year = ("year", "A calendar year"),
        Range = ("range", "From one date to another"),
    }
}

/// The longest range of days a return is made for.
pub const MAX_DAYS: i64 = 5 * 366;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Period {
    pub kind: PeriodKind,
    /// The first day.
    pub from: NaiveDate,
    /// The last day (included).
    pub to: NaiveDate,
    /// "2026-10", "2026-Q3", "2026-27", "2026", "2026-07-01..2026-08-15": what `parse` reads.
    pub code: String,
    /// "October 2026", "July to September 2026", "April 2026 to March 2027", "2026",
    /// "01/07/2026 to 15/08/2026".
    pub label: String,
    /// For a column heading: "Oct 2026", "Jul–Sep 2026", "2026-27", "2026", "01/07–15/08/2026".
    pub short: String,
}

fn month_short(d: NaiveDate) -> String {
    d.format("%b").to_string()
}

impl Period {
    fn of(kind: PeriodKind, from: NaiveDate, to: NaiveDate) -> Period {
        let (code, label, short) = match kind {
            PeriodKind::Month => (from.format("%Y-%m").to_string(), from.format("%B %Y").to_string(), from.format("%b %Y").to_string()),
            PeriodKind::Quarter => (
                format!("{}-Q{}", from.year(), from.month0() / 3 + 1),
                format!("{} to {} {}", from.format("%B"), to.format("%B"), from.year()),
                format!("{}–{} {}", month_short(from), month_short(to), from.year()),
            ),
            PeriodKind::FinancialYear => {
                let code = format!("{}-{:02}", from.year(), (from.year() + 1).rem_euclid(100));
                (code.clone(), format!("{} to {}", from.format("%B %Y"), to.format("%B %Y")), code)
            }
            PeriodKind::Year => (from.year().to_string(), from.year().to_string(), from.year().to_string()),
            PeriodKind::Range => (
                format!("{from}..{to}"),
                format!("{} to {}", dates::display(from), dates::display(to)),
                format!("{}–{}", from.format("%d/%m"), dates::display(to)),
            ),
        };
        Period { kind, from, to, code, label, short }
    }

    pub fn month(month: super::Month) -> Period {
        Period::of(PeriodKind::Month, month.first_day(), month.last_day())
    }

    /// From one day to another, both included: checked (in order, at most `MAX_DAYS`).
    pub fn range(from: NaiveDate, to: NaiveDate) -> Result<Period> {
        if to < from {
            return Err(Error::invalid("period", format!("ends ({}) before it starts ({})", dates::display(to), dates::display(from))));
        }
        if (to - from).num_days() >= MAX_DAYS {
            return Err(Error::invalid("period", "is longer than five years"));
        }
        Ok(Period::of(PeriodKind::Range, from, to))
    }

    /// What `code` says: a month ("2026-10"), a quarter ("2026-Q3"), a financial year
    /// ("2026-27"), a year ("2026"), or a range ("2026-07-01..2026-08-15", or with dd/mm/yyyy).
    pub fn parse(raw: &str) -> Result<Period> {
        let raw = raw.trim();
        if let Some((a, b)) = raw.split_once("..") {
            return Period::range(dates::parse("period start", a)?, dates::parse("period end", b)?);
        }
        let (from, to) = dates::period(raw)?;
        let kind = if raw.contains(['Q', 'q']) {
            PeriodKind::Quarter
        } else if !raw.contains('-') {
            PeriodKind::Year
        } else if from.month() == 4 && to.year() == from.year() + 1 {
            PeriodKind::FinancialYear
        } else {
            PeriodKind::Month
        };
        Ok(Period::of(kind, from, to))
    }

    /// The period before, of the same kind and length: the month, quarter or year before; for a
    /// range, as many days ending the day before.
    pub fn previous(&self) -> Period {
        let back = |months: u32| {
            let from = self.from.checked_sub_months(Months::new(months)).expect("within the calendar");
            let to = self.from.pred_opt().expect("within the calendar");
            (from, to)
        };
        let (from, to) = match self.kind {
            PeriodKind::Month => back(1),
            PeriodKind::Quarter => back(3),
            PeriodKind::FinancialYear | PeriodKind::Year => back(12),
            PeriodKind::Range => {
                let days = (self.to - self.from).num_days() as u64 + 1;
                (self.from - Days::new(days), self.from.pred_opt().expect("within the calendar"))
            }
        };
        Period::of(self.kind, from, to)
    }

    /// The day after the last: the bound most queries take.
    pub fn end(&self) -> NaiveDate {
        self.to + Days::new(1)
    }

    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The periods a return is usually asked for, every one of them over by `today`: the last
    /// 24 months, 8 quarters, 3 financial years and 3 calendar years, newest first in each.
    pub fn recent(today: NaiveDate) -> Vec<Period> {
        let mut out = Vec::new();
        let mut walk = |mut p: Period, n: usize| {
            while p.to >= today {
                p = p.previous();
            }
            for _ in 0..n {
                let before = p.previous();
                out.push(p);
                p = before;
            }
        };
        walk(Period::month(super::Month::containing(today)), 24);
        let quarter = NaiveDate::from_ymd_opt(today.year(), today.month0() / 3 * 3 + 1, 1).expect("a quarter's first day");
        walk(
            Period::of(
                PeriodKind::Quarter,
                quarter,
                quarter.checked_add_months(Months::new(3)).and_then(|d| d.pred_opt()).expect("in the calendar"),
            ),
            8,
        );
        let april = if today.month() >= 4 { today.year() } else { today.year() - 1 };
        let fy = NaiveDate::from_ymd_opt(april, 4, 1).expect("1 April");
        walk(Period::of(PeriodKind::FinancialYear, fy, NaiveDate::from_ymd_opt(april + 1, 3, 31).expect("31 March")), 3);
        let jan = NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("1 January");
        walk(Period::of(PeriodKind::Year, jan, NaiveDate::from_ymd_opt(today.year(), 12, 31).expect("31 December")), 3);
        out
    }

    /// A month's return is what `Month` names.
    pub fn as_month(&self) -> Option<super::Month> {
        (self.kind == PeriodKind::Month).then(|| super::Month::containing(self.from))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One case: what is typed, then "label | short | from-to | previous label".
    fn check(raw: &str, expected: &str) {
        let p = Period::parse(raw).unwrap();
        let got = format!("{} | {} | {}-{} | {}", p.label, p.short, dates::display(p.from), dates::display(p.to), p.previous().label);
        assert_eq!(got, expected, "{raw}");
        assert_eq!(Period::parse(&p.code).unwrap(), p, "{raw}: its code reads back");
    }

    #[test]
    fn periods_have_labels_bounds_and_the_period_before() {
        check("2026-10", "October 2026 | Oct 2026 | 01/10/2026-31/10/2026 | September 2026");
        check("2026-01", "January 2026 | Jan 2026 | 01/01/2026-31/01/2026 | December 2025");
        check("2026-Q3", "July to September 2026 | Jul–Sep 2026 | 01/07/2026-30/09/2026 | April to June 2026");
        check("2026-Q1", "January to March 2026 | Jan–Mar 2026 | 01/01/2026-31/03/2026 | October to December 2025");
        check("2026-27", "April 2026 to March 2027 | 2026-27 | 01/04/2026-31/03/2027 | April 2025 to March 2026");
        check("2026", "2026 | 2026 | 01/01/2026-31/12/2026 | 2025");
        check("01/07/2026..15/08/2026", "01/07/2026 to 15/08/2026 | 01/07–15/08/2026 | 01/07/2026-15/08/2026 | 16/05/2026 to 30/06/2026");
        // A leap year's February, and the one before it.
        check("2028-03", "March 2028 | Mar 2028 | 01/03/2028-31/03/2028 | February 2028");
        assert_eq!(Period::parse("2028-03").unwrap().previous().to, NaiveDate::from_ymd_opt(2028, 2, 29).unwrap());
    }

    #[test]
    fn the_recent_periods_are_over_and_newest_first() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
        let recent = Period::recent(today);
        let first_of = |kind| recent.iter().find(|p| p.kind == kind).unwrap().code.clone();
        assert_eq!(
            [PeriodKind::Month, PeriodKind::Quarter, PeriodKind::FinancialYear, PeriodKind::Year].map(first_of),
            ["2026-10", "2026-Q3", "2025-26", "2025"]
        );
        assert_eq!(recent.len(), 24 + 8 + 3 + 3);
        assert!(recent.iter().all(|p| p.to < today));
        let years: Vec<&str> = recent.iter().filter(|p| p.kind == PeriodKind::Year).map(|p| p.code.as_str()).collect();
        assert_eq!(years, ["2025", "2024", "2023"]);
    }

    #[test]
    fn a_range_backwards_or_too_long_is_refused() {
        assert!(Period::parse("15/08/2026..01/07/2026")
            .unwrap_err()
            .to_string()
            .contains("ends (01/07/2026) before it starts (15/08/2026)"));
        assert!(Period::parse("2020-01-01..2026-01-01").unwrap_err().to_string().contains("longer than five years"));
        assert!(Period::parse("2026-13").is_err());
    }
}
