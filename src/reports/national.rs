//! The national office's returns, from the figures establishments sent: the national monthly
//! return and the national annual summary, as CSV and PDF. The PDF is the monthly report's own
//! layout, given one line per establishment and kind of group; establishments that have not sent
//! are named on the first page and in the CSV, never counted as nought. Small numbers are
//! suppressed as the establishments' returns suppress them.

use super::csv::{liberation_cells, row, waiting_cells, write_csv, Disclosure, HEADER};
use crate::error::Result;
use crate::figures_file::{EstablishmentMonth, KindFigures};
use crate::model::{Establishment, EstablishmentId, GroupId};
use crate::pdf::report::ReportOptions;
use crate::store::national::{EstablishmentYear, NationalReturn, NationalYear};
use crate::views::{GroupMonth, LiberationFigures, Month, MonthFigures, MonthlyReport, MonthlyReportPage};
use crate::{Actor, Store};
use serde::Serialize;

/// The national return as the Reports screen shows it: the monthly report's page, a line per
/// establishment and kind of group, and the establishments that have not sent the month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NationalReportPage {
    pub page: MonthlyReportPage,
    /// "HMP Castle Huntly (CHU)": not sent, so not counted.
    pub missing: Vec<String>,
}

impl Store {
    pub fn national_report_page(&self, actor: &Actor, month: Month) -> crate::error::Result<NationalReportPage> {
        let r = self.national_return(actor, month)?;
        Ok(NationalReportPage { page: national_month_report(&r).into(), missing: r.missing })
    }
}

pub const MONTHLY_TITLE: &str = "National monthly return";
pub const ANNUAL_TITLE: &str = "National annual summary";

/// Said on the annual summary: different people are counted month by month in the figures sent.
pub const PEOPLE_ADDED_BY_MONTH: &str = "Different people are added up month by month (no names or numbers reach the national office), so someone who came in several months is counted in each.";

fn missing_notice(missing: &[String]) -> Option<String> {
    (!missing.is_empty()).then(|| format!("Not sent, so not counted (not nought): {}.", missing.join(", ")))
}

/// An establishment's name and code as the national returns list it; the id is this report's
/// own (the figures came from another install, whose ids are not sent).
fn establishment(code: &str, name: &str) -> Establishment {
    Establishment { id: EstablishmentId(uuid::Uuid::nil()), code: code.to_string(), name: name.to_string() }
}

/// One line per kind of group at each establishment, beside the same kind the period before.
fn kind_lines(code: &str, kinds: &[KindFigures], before: &[KindFigures]) -> Vec<GroupMonth> {
    kinds
        .iter()
        .map(|k| GroupMonth {
            group_id: GroupId(uuid::Uuid::nil()),
            group_name: k.kind.label().to_string(),
            establishment_code: code.to_string(),
            kind: k.kind,
            figures: k.figures.clone(),
            previous: before.iter().find(|b| b.kind == k.kind).map(|b| b.figures.clone()).unwrap_or_default(),
        })
        .collect()
}

/// The national month in the monthly report's shape, for its PDF layout.
pub fn national_month_report(r: &NationalReturn) -> MonthlyReport {
    let month = Month::parse("month", &r.month).map(Month::label).unwrap_or_else(|_| r.month.clone());
    let before = |code: &str| r.previous.iter().find(|p| p.code == code);
    let mut weeks: Vec<crate::views::WeekFigures> = Vec::new();
    for w in r.sent.iter().flat_map(|e| &e.weeks) {
        match weeks.iter_mut().find(|x| x.week_starting == w.week_starting) {
            Some(x) => {
                x.sessions_held += w.sessions_held;
                x.attendances += w.attendances;
            }
            None => weeks.push(*w),
        }
    }
    weeks.sort_by_key(|w| w.week_starting);
    MonthlyReport {
        month: r.month.clone(),
        month_label: month,
        establishments: r.sent.iter().map(|e| establishment(&e.code, &e.name)).collect(),
        totals: r.totals.clone(),
        previous_totals: r.previous.iter().fold(MonthFigures::default(), |t, e| t.plus(&e.totals)),
        groups: r.sent.iter().flat_map(|e| kind_lines(&e.code, &e.by_kind, before(&e.code).map_or(&[], |p| &p.by_kind))).collect(),
        weeks,
        liberation: r.liberation,
        previous_liberation: r.previous.iter().fold(LiberationFigures::default(), |t, e| t.plus(&e.liberation)),
        ..MonthlyReport::default()
    }
}

/// The national year in the monthly report's shape: the year beside the one before.
pub fn national_year_report(y: &NationalYear) -> MonthlyReport {
    MonthlyReport {
        month: y.year.to_string(),
        month_label: format!("January to December {}", y.year),
        establishments: y.establishments.iter().filter(|e| !e.sent.is_empty()).map(|e| establishment(&e.code, &e.name)).collect(),
        totals: y.totals.clone(),
        previous_totals: y.previous_totals.clone(),
        groups: y.establishments.iter().flat_map(|e| kind_lines(&e.code, &e.by_kind, &[])).collect(),
        liberation: y.liberation,
        previous_liberation: y.previous_liberation,
        ..MonthlyReport::default()
    }
}

fn year_missing(y: &NationalYear) -> Vec<String> {
    y.establishments
        .iter()
        .filter(|e| !e.missing.is_empty())
        .map(|e| {
            if e.sent.is_empty() {
                format!("{} ({}): no months", e.name, e.code)
            } else {
                format!("{} ({}): {}", e.name, e.code, e.missing.join(", "))
            }
        })
        .collect()
}

pub fn national_month_pdf(r: &NationalReturn, disclosure: Disclosure) -> Vec<u8> {
    let options = ReportOptions {
        title: MONTHLY_TITLE.to_string(),
        notices: missing_notice(&r.missing).into_iter().collect(),
        ..ReportOptions::monthly(disclosure, super::generated_at_now())
    };
    crate::pdf::report::monthly_report_pdf(&national_month_report(r), &options)
}

pub fn national_year_pdf(y: &NationalYear, disclosure: Disclosure) -> Vec<u8> {
    let mut notices: Vec<String> = missing_notice(&year_missing(y)).into_iter().collect();
    notices.push(PEOPLE_ADDED_BY_MONTH.to_string());
    let options =
        ReportOptions { title: ANNUAL_TITLE.to_string(), notices, ..ReportOptions::monthly(disclosure, super::generated_at_now()) };
    crate::pdf::report::monthly_report_pdf(&national_year_report(y), &options)
}

/// The national month as CSV, in the establishments' returns' columns: a row per establishment
/// and kind of group, one per establishment for all its groups, one per establishment that has
/// not sent (its figures empty), and the national total.
pub fn national_month_csv(r: &NationalReturn, d: Disclosure) -> Result<Vec<u8>> {
    let mut rows = Vec::new();
    for e in &r.sent {
        let before = r.previous.iter().find(|p| p.code == e.code);
        rows.extend(establishment_rows(d, e, before));
    }
    for name in &r.missing {
        rows.push(not_sent_row(name));
    }
    let previous_totals = r.previous.iter().fold(MonthFigures::default(), |t, e| t.plus(&e.totals));
    let mut total = row(d, &format!("{} establishments sent", r.sent.len()), "All groups", "National total", &r.totals, &previous_totals);
    total.extend(liberation_cells(d, Some(&r.liberation)));
    total.extend(waiting_cells(d, None));
    rows.push(total);
    write_csv(&HEADER, rows)
}

fn establishment_rows(d: Disclosure, e: &EstablishmentMonth, before: Option<&EstablishmentMonth>) -> Vec<Vec<String>> {
    let name = format!("{} ({})", e.name, e.code);
    let mut rows: Vec<Vec<String>> = kind_lines(&e.code, &e.by_kind, before.map_or(&[], |b| &b.by_kind))
        .iter()
        .map(|g| {
            let mut cells = row(d, &name, &format!("{} (all groups)", g.kind.label()), g.kind.label(), &g.figures, &g.previous);
            cells.extend(liberation_cells(d, None));
            cells.extend(waiting_cells(d, None));
            cells
        })
        .collect();
    let mut all = row(d, &name, "All groups", "", &e.totals, &before.map(|b| b.totals.clone()).unwrap_or_default());
    all.extend(liberation_cells(d, Some(&e.liberation)));
    all.extend(waiting_cells(d, None));
    rows.push(all);
    rows
}

fn not_sent_row(name: &str) -> Vec<String> {
    let mut cells = vec![super::csv::inert(name), "Not sent: not counted".to_string()];
    cells.resize(HEADER.len(), String::new());
    cells
}

/// The national year as CSV: a row per establishment (with the months it sent), and the total.
pub fn national_year_csv(y: &NationalYear, d: Disclosure) -> Result<Vec<u8>> {
    let mut header: Vec<&str> =
        HEADER.iter().map(|h| if *h == "Attendances last month" { "Attendances the year before" } else { h }).collect();
    header.insert(1, "Months sent");
    header.insert(2, "Months not sent");
    let with_months = |mut cells: Vec<String>, sent: String, missing: String| {
        cells.insert(1, sent);
        cells.insert(2, missing);
        cells
    };
    let mut rows = Vec::new();
    for e in &y.establishments {
        rows.push(with_months(year_row(d, e), e.sent.len().to_string(), e.missing.join("; ")));
    }
    let mut total = row(d, "All establishments", "All groups", "National total", &y.totals, &y.previous_totals);
    total.extend(liberation_cells(d, Some(&y.liberation)));
    total.extend(waiting_cells(d, None));
    let months: usize = y.establishments.iter().map(|e| e.sent.len()).sum();
    rows.push(with_months(total, months.to_string(), String::new()));
    write_csv(&header, rows)
}

fn year_row(d: Disclosure, e: &EstablishmentYear) -> Vec<String> {
    let mut cells = row(d, &format!("{} ({})", e.name, e.code), "All groups", "", &e.totals, &e.previous_totals);
    cells.extend(liberation_cells(d, Some(&e.liberation)));
    cells.extend(waiting_cells(d, None));
    cells
}
