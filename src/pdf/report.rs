//! The monthly attendance report as an A4 portrait PDF: a first page that summarises the month
//! beside the previous one (sessions, attendances and rates, absences by cause and reason, a bar
//! chart of attendances per week), then one table row per group that runs over as many pages as
//! it needs. Laid out by pure functions of the report's figures; `monthly_report_pdf` renders.

use super::draw::{render, Fonts, Pictures};
use super::layout::{fill, Align, Element, Face, Measure, Page};
use super::table::{
    em, heading, notice, paragraph, rule, running_head, text, Block, Cell, Column, Flow, RowStyle, Table, TableStyle, CONTENT_LEFT,
    CONTENT_RIGHT, CONTENT_WIDTH, INK, MUTED,
};
use crate::dates;
use crate::model::{AbsenceCause, AbsenceReason, ReferralSource, SessionStatus};
use crate::rules::attendance::lost_to_regime;
use crate::rules::attendance::{percent, percentage};
use crate::rules::capital::CapitalFigures;
use crate::rules::disclosure::Disclosure;
use crate::rules::waiting::WaitingFigures;
use crate::views::{Count, GroupMonth, Month, MonthFigures, MonthlyReport, WeekFigures};
use rust_decimal::Decimal;

/// What the caller decides about a report: how small numbers are shown, and when it was made
/// (passed in, so the layout has no clock).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportOptions {
    pub disclosure: Disclosure,
    /// "23/11/2026 14:05".
    pub generated_at: String,
    /// "Monthly attendance report", or the national office's returns' own titles.
    pub title: String,
    /// Said on the first page, under the title (the establishments that have not sent figures).
    pub notices: Vec<String>,
    /// The service's own words about the period ("Recovery College graduation: 14 graduates"),
    /// printed on the first page under "Highlights", a paragraph for each line.
    pub highlights: Option<String>,
}

impl ReportOptions {
    /// An establishment's monthly return.
    pub fn monthly(disclosure: Disclosure, generated_at: impl Into<String>) -> ReportOptions {
        ReportOptions { disclosure, generated_at: generated_at.into(), title: TITLE.to_string(), notices: Vec::new(), highlights: None }
    }

    /// A return for any period: titled as the monthly one for a month, else as a return.
    pub fn for_report(
        report: &MonthlyReport,
        disclosure: Disclosure,
        generated_at: impl Into<String>,
        highlights: Option<String>,
    ) -> ReportOptions {
        let title = if Month::parse("month", &report.month).is_ok() { TITLE } else { PERIOD_TITLE };
        ReportOptions { title: title.to_string(), highlights, ..ReportOptions::monthly(disclosure, generated_at) }
    }
}

pub const TITLE: &str = "Monthly attendance report";
/// A return for a quarter, a year or a range of days.
pub const PERIOD_TITLE: &str = "Attendance return";

/// Said on the first page of a month in which nothing happened.
pub fn nothing_recorded(month_label: &str) -> String {
    format!(
        "Nothing was recorded for {month_label}: no sessions were planned or held, nobody joined or left a group, no \
         certificates were issued, and nobody was referred or liberated."
    )
}

/// Said on the first page when small numbers are suppressed.
pub const SMALL_NUMBERS_SUPPRESSED: &str =
    "Small numbers are suppressed: every count from 1 to 4 is shown as <5, and a change that would give one away is left blank.";

const BODY_PT: f32 = 8.0;
/// The gap between the two tables side by side on the first page.
const GUTTER: f32 = 6.0;

/// The report as PDF bytes, laid out with the bundled fonts.
pub fn monthly_report_pdf(report: &MonthlyReport, options: &ReportOptions) -> Vec<u8> {
    let fonts = Fonts::shared();
    let pages = monthly_report_pages(report, options, fonts);
    render(&pages, fonts, &format!("{}, {}", options.title, report.month_label), &Pictures::default())
}

/// The report's pages: the summary first, then the per-group table, each page with its footer.
pub fn monthly_report_pages(report: &MonthlyReport, options: &ReportOptions, m: &dyn Measure) -> Vec<Page> {
    let d = options.disclosure;
    let months = Months::of(report);
    let places = establishment_line(report);
    let mut flow = Flow::new();
    // The running head stays one short line however many establishments the report covers.
    let short_places = match report.establishments.len() {
        0 | 1 => places.clone(),
        n => format!("{n} establishments"),
    };
    flow.set_running_head(running_head(m, &format!("{} · {} · {short_places}", options.title, report.month_label)));
    flow.place(title_block(m, report, &options.title, &places));
    if report.is_empty() {
        flow.place(notice(m, &nothing_recorded(&report.month_label)).padded(3.0));
    }
    if d.suppress_small {
        flow.place(notice(m, SMALL_NUMBERS_SUPPRESSED).padded(3.0));
    }
    for words in &options.notices {
        flow.place(notice(m, words).padded(3.0));
    }
    if let Some(h) = options.highlights.as_deref().map(str::trim).filter(|h| !h.is_empty()) {
        flow.place(heading(m, "Highlights", CONTENT_LEFT));
        for line in h.lines().map(str::trim).filter(|l| !l.is_empty()) {
            flow.place(paragraph(m, line, Face::Serif, 10.0, CONTENT_LEFT, CONTENT_WIDTH, INK).padded(1.5));
        }
        flow.gap(3.0);
    }
    flow.gap(2.0);

    let half = (CONTENT_WIDTH - GUTTER) / 2.0;
    let mut first = heading(m, "Summary", CONTENT_LEFT).above(summary_table(m, report, d, &months, CONTENT_LEFT, half));
    let x = CONTENT_LEFT + half + GUTTER;
    let liberation = heading(m, "Liberation and continuity of care", x).above(liberation_table(m, report, d, &months, x, half));
    let right = if has_absences(&report.totals) || has_absences(&report.previous_totals) {
        heading(m, "Absences", x).above(absence_table(m, report, d, &months, x, half).padded(4.0)).above(liberation)
    } else {
        liberation
    };
    first = first.beside(right);
    flow.place(first);
    // Waiting times, recovery capital and peers, two to a row under the summary: beside it they
    // would make the first row too tall to share the first page with a long list of absences.
    type Small<'a> = Box<dyn Fn(f32) -> Block + 'a>;
    let mut small: Vec<Small> = Vec::new();
    if has_waiting(&report.waiting) || has_waiting(&report.previous_waiting) {
        small.push(Box::new(|x| heading(m, "Referrals in and waiting times", x).above(waiting_table(m, report, d, &months, x, half))));
    }
    if report.capital.assessed + report.previous_capital.assessed > 0 {
        small.push(Box::new(|x| heading(m, "Recovery capital (BARC-10)", x).above(capital_table(m, report, d, &months, x, half))));
    }
    if report.peers != Default::default() || report.previous_peers != Default::default() {
        small.push(Box::new(|x| heading(m, "Peers who led", x).above(peer_table(m, report, d, &months, x, half))));
    }
    for pair in small.chunks(2) {
        let row = match pair {
            [left, right] => left(CONTENT_LEFT).beside(right(x)),
            [left] => left(CONTENT_LEFT),
            _ => unreachable!("chunks of two"),
        };
        flow.gap(6.0);
        flow.place(row);
    }

    // A year's summary has no weeks to chart.
    if !report.weeks.is_empty() {
        flow.gap(6.0);
        flow.place(heading(m, "Attendances per week", CONTENT_LEFT).above(week_chart(m, report, d, &months)));
    }

    flow.gap(6.0);
    group_section(&mut flow, m, report, d, &months);
    if !report.events.is_empty() {
        flow.gap(6.0);
        event_section(&mut flow, m, report, d);
    }
    let anchor = report.audit_head.as_ref().map(|a| format!(" · {}", a.printed())).unwrap_or_default();
    flow.finish(m, &format!("Generated {} by Recovery Register{anchor}", options.generated_at))
}

/// The month and the one before it, as column headings ("Oct 2026", "Sep 2026").
struct Months {
    this: String,
    last: String,
    /// "October 2026", in sentences.
    this_long: String,
    last_long: String,
}

impl Months {
    fn of(report: &MonthlyReport) -> Months {
        // A report for a period says what it is and what it is compared with.
        if !report.short_label.is_empty() && !report.previous_short_label.is_empty() {
            return Months {
                this: report.short_label.clone(),
                last: report.previous_short_label.clone(),
                this_long: report.month_label.clone(),
                last_long: report.previous_label.clone(),
            };
        }
        // A year's summary ("2026") sets the year beside the one before.
        if let Ok(year) = report.month.parse::<i32>() {
            let (this, last) = (year.to_string(), (year - 1).to_string());
            return Months { this: this.clone(), last: last.clone(), this_long: this, last_long: last };
        }
        match Month::parse("month", &report.month) {
            Ok(month) => {
                let short = |m: Month| m.first_day().format("%b %Y").to_string();
                Months { this: short(month), last: short(month.previous()), this_long: month.label(), last_long: month.previous().label() }
            }
            // A report always carries a valid month; if not, say "this" and "last" month.
            Err(_) => Months {
                this: "This month".into(),
                last: "Last month".into(),
                this_long: report.month_label.clone(),
                last_long: "the month before".into(),
            },
        }
    }
}

/// "HMP Low Moss", or "HMP Low Moss (LOW), HMP Perth (PER)" when the report covers several (the
/// codes are what the group table shows).
fn establishment_line(report: &MonthlyReport) -> String {
    match report.establishments.as_slice() {
        [one] => one.name.clone(),
        many => many.iter().map(|e| format!("{} ({})", e.name, e.code)).collect::<Vec<_>>().join(", "),
    }
}

fn title_block(m: &dyn Measure, report: &MonthlyReport, title: &str, places: &str) -> Block {
    let title_pt = 18.0;
    let month_pt = 13.0;
    let mut b = paragraph(m, title, Face::SerifBold, title_pt, CONTENT_LEFT, CONTENT_WIDTH, INK).padded(2.0);
    b = b.above(paragraph(m, &report.month_label, Face::Serif, month_pt, CONTENT_LEFT, CONTENT_WIDTH, INK).padded(2.0));
    b = b.above(paragraph(m, places, Face::Sans, 9.0, CONTENT_LEFT, CONTENT_WIDTH, MUTED).padded(3.0));
    b.elements.push(rule(CONTENT_LEFT, CONTENT_WIDTH, -b.height, 0.8, 0.3));
    b.padded(4.0)
}

fn has_absences(f: &MonthFigures) -> bool {
    f.counts.absent() > 0
}

// ---------------------------------------------------------------------------------------------
// First page: the month against the month before

/// A count this month and last, and the change (hidden when it would give a small number away).
fn count_row(d: Disclosure, label: Cell, now: u32, before: u32) -> Vec<Cell> {
    vec![label, Cell::text(d.count(now)), Cell::text(d.count(before)), Cell::text(d.change(now, before))]
}

/// A rate this month and last, and the change in percentage points.
fn rate_row(label: &str, now: Option<Decimal>, before: Option<Decimal>) -> Vec<Cell> {
    vec![Cell::text(label), Cell::text(percent(now)), Cell::text(percent(before)), Cell::text(points_change(now, before))]
}

/// "+2.5 pts", "-10 pts", "0 pts"; "–" when either month has no rate. The difference of the two
/// percentages as printed (to one place), so that it is what a reader gets by subtracting them.
fn points_change(now: Option<Decimal>, before: Option<Decimal>) -> String {
    let (Some(a), Some(b)) = (now, before) else { return "–".to_string() };
    let p = (percentage(a) - percentage(b)).normalize();
    if p.is_zero() {
        "0 pts".to_string()
    } else if p > Decimal::ZERO {
        format!("+{p} pts")
    } else {
        format!("{p} pts")
    }
}

/// One sub-row per reason that occurs in either month, in the reasons' fixed order.
fn reason_rows<T: Copy + Ord>(d: Disclosure, now: &[Count<T>], before: &[Count<T>], label: impl Fn(T) -> &'static str) -> Vec<Vec<Cell>> {
    let mut reasons: Vec<T> = now.iter().chain(before).filter(|c| c.count > 0).map(|c| c.what).collect();
    reasons.sort();
    reasons.dedup();
    let of = |list: &[Count<T>], r: T| list.iter().filter(|c| c.what == r).map(|c| c.count).sum::<u32>();
    reasons.into_iter().map(|r| count_row(d, Cell::Sub(label(r).to_string()), of(now, r), of(before, r))).collect()
}

/// Label, this month, last month, change: `width` wide from `x`.
fn comparison_table(x: f32, width: f32, months: &Months) -> Table {
    let number = 15.0;
    Table {
        x,
        columns: vec![
            Column::new("", width - 3.0 * number, Align::Left),
            Column::new(&months.this, number, Align::Right),
            Column::new(&months.last, number, Align::Right),
            Column::new("Change", number, Align::Right),
        ],
        style: TableStyle::compact(BODY_PT),
    }
}

fn table_block(m: &dyn Measure, table: &Table, rows: &[Vec<Cell>]) -> Block {
    rows.iter().fold(table.header(m), |b, r| b.above(table.row(m, r, RowStyle::Plain)))
}

fn summary_table(m: &dyn Measure, report: &MonthlyReport, d: Disclosure, months: &Months, x: f32, width: f32) -> Block {
    let (f, p) = (&report.totals, &report.previous_totals);
    let (c, pc) = (&f.counts, &p.counts);
    let label = |s: &str| Cell::text(s);
    let mut rows = vec![
        count_row(d, label("Sessions planned"), f.sessions_planned, p.sessions_planned),
        count_row(d, label("Sessions held"), f.sessions_held, p.sessions_held),
        count_row(d, label("Sessions cancelled"), f.sessions_cancelled, p.sessions_cancelled),
    ];
    rows.extend(reason_rows(d, &f.cancellations, &p.cancellations, |r| r.label()));
    if f.sessions_not_recorded > 0 || p.sessions_not_recorded > 0 {
        rows.push(count_row(d, label("Sessions not recorded"), f.sessions_not_recorded, p.sessions_not_recorded));
    }
    rows.extend([count_row(d, label("Attendances (named)"), f.named_attendances(), p.named_attendances())]);
    // Who came beyond the roster, when anyone did in either month: drop-ins (named, among the
    // attendances above), people nobody named, and visitors from outside.
    if f.drop_in_attendances + p.drop_in_attendances > 0 {
        rows.push(count_row(d, Cell::Sub("of which drop-ins".into()), f.drop_in_attendances, p.drop_in_attendances));
    }
    if f.unnamed_attendances + p.unnamed_attendances > 0 {
        rows.push(count_row(d, label("Others present, not named"), f.unnamed_attendances, p.unnamed_attendances));
    }
    if f.visitors + p.visitors > 0 {
        rows.push(count_row(d, label("Visitors from outside"), f.visitors, p.visitors));
    }
    rows.extend([
        count_row(d, label("Different people"), f.unique_people, p.unique_people),
        count_row(d, label("Places expected"), c.expected, pc.expected),
        rate_row("Attendance rate", c.rate(), pc.rate()),
        rate_row("Rate when able to attend", c.rate_when_able(), pc.rate_when_able()),
        rate_row("Expected attendances lost to the regime", lost_to_regime(c), lost_to_regime(pc)),
        count_row(d, label("New enrolments"), f.new_enrolments, p.new_enrolments),
        count_row(d, label("Leavers"), f.leavers_total(), p.leavers_total()),
    ]);
    rows.extend(reason_rows(d, &f.leavers, &p.leavers, |r| r.label()));
    rows.extend([
        count_row(d, label("Programme completions"), f.completions, p.completions),
        count_row(d, label("Certificates issued"), f.certificates_issued, p.certificates_issued),
    ]);
    table_block(m, &comparison_table(x, width, months), &rows)
}

/// Absences by who caused them (the person, the regime, another appointment), each cause
/// followed by its reasons, and the total.
fn absence_table(m: &dyn Measure, report: &MonthlyReport, d: Disclosure, months: &Months, x: f32, width: f32) -> Block {
    let (f, p) = (&report.totals, &report.previous_totals);
    let by_cause = |figures: &MonthFigures, cause: AbsenceCause| match cause {
        AbsenceCause::Person => figures.counts.absent_person,
        AbsenceCause::Regime => figures.counts.absent_regime,
        AbsenceCause::Appointment => figures.counts.absent_appointment,
    };
    let of_cause = |list: &[Count<AbsenceReason>], cause| list.iter().copied().filter(|c| c.what.cause() == cause).collect::<Vec<_>>();
    let table = comparison_table(x, width, months);
    let mut block = table.header(m);
    for &cause in AbsenceCause::ALL {
        block =
            block.above(table.row(m, &count_row(d, Cell::text(cause.label()), by_cause(f, cause), by_cause(p, cause)), RowStyle::Plain));
        for row in reason_rows(d, &of_cause(&f.absences, cause), &of_cause(&p.absences, cause), |r| r.label()) {
            block = block.above(table.row(m, &row, RowStyle::Plain));
        }
    }
    let total = count_row(d, Cell::text("All absences"), f.counts.absent(), p.counts.absent());
    block.above(table.row(m, &total, RowStyle::Total))
}

/// Liberations in the month, referrals made, and continuity of care: engaged with community
/// support within three weeks of release, out of those whose three weeks are over.
fn liberation_table(m: &dyn Measure, report: &MonthlyReport, d: Disclosure, months: &Months, x: f32, width: f32) -> Block {
    let (l, p) = (&report.liberation, &report.previous_liberation);
    let (c, pc) = (&l.continuity, &p.continuity);
    let label = |s: &str| Cell::text(s);
    let sub = |s: &str| Cell::Sub(s.to_string());
    let rows = vec![
        count_row(d, label("Liberations"), l.liberations, p.liberations),
        count_row(d, sub("with a referral before release"), l.liberated_with_referral, p.liberated_with_referral),
        count_row(d, label("Referrals made"), l.referrals_made, p.referrals_made),
        count_row(d, label("Engaged within 3 weeks"), c.engaged, pc.engaged),
        count_row(d, label("Not engaged within 3 weeks"), c.not_engaged, pc.not_engaged),
        count_row(d, label("Still within their 3 weeks"), c.still_open, pc.still_open),
        rate_row("Continuity of care", d.rate(c.rate(), &[c.engaged, c.not_engaged]), d.rate(pc.rate(), &[pc.engaged, pc.not_engaged])),
    ];
    table_block(m, &comparison_table(x, width, months), &rows)
}

fn has_waiting(w: &WaitingFigures) -> bool {
    w.received + w.started + w.closed_without_starting + w.waiting_at_end > 0
}

/// Referrals into the service and how long people waited to start: the share started within
/// three weeks (Scotland's standard is 90%), and who is still waiting at the month's end.
fn waiting_table(m: &dyn Measure, report: &MonthlyReport, d: Disclosure, months: &Months, x: f32, width: f32) -> Block {
    let (w, p) = (&report.waiting, &report.previous_waiting);
    let label = |s: &str| Cell::text(s);
    let sub = |s: &str| Cell::Sub(s.to_string());
    let mut rows = vec![count_row(d, label("Referrals received"), w.received, p.received)];
    for source in ReferralSource::ALL {
        let of = |f: &WaitingFigures| f.by_source.iter().find(|c| c.what == *source).map_or(0, |c| c.count);
        if of(w) + of(p) > 0 {
            rows.push(count_row(d, sub(&source.label().to_lowercase()), of(w), of(p)));
        }
    }
    let median = |f: &WaitingFigures| match (d.rate(f.median_days_waited, &[f.started]), f.median_days_waited) {
        (Some(days), _) => format!("{days} days"),
        _ => "–".to_string(),
    };
    rows.extend([
        count_row(d, label("Started"), w.started, p.started),
        count_row(d, sub("within 3 weeks"), w.started_within_standard, p.started_within_standard),
        rate_row(
            "Started within 3 weeks",
            d.rate(w.within_standard, &[w.started, w.started_within_standard]),
            d.rate(p.within_standard, &[p.started, p.started_within_standard]),
        ),
        vec![label("Median wait to start"), Cell::text(median(w)), Cell::text(median(p)), Cell::text("")],
        count_row(d, label("Closed without starting"), w.closed_without_starting, p.closed_without_starting),
        count_row(d, label("Waiting at the end"), w.waiting_at_end, p.waiting_at_end),
        count_row(d, sub("over 3 weeks"), w.waiting_over_standard, p.waiting_over_standard),
    ]);
    table_block(m, &comparison_table(x, width, months), &rows)
}

/// Recovery capital: people assessed with BARC-10, those reassessed, and the median change in
/// their total since their first assessment. No one's score.
fn capital_table(m: &dyn Measure, report: &MonthlyReport, d: Disclosure, months: &Months, x: f32, width: f32) -> Block {
    let (c, p) = (&report.capital, &report.previous_capital);
    let median = |f: &CapitalFigures| match d.rate(f.median_change, &[f.reassessed]) {
        Some(v) if v > Decimal::ZERO => format!("+{v}"),
        Some(v) => v.to_string(),
        None => "–".to_string(),
    };
    let rows = vec![
        count_row(d, Cell::text("People assessed"), c.assessed, p.assessed),
        count_row(d, Cell::Sub("reassessed".to_string()), c.reassessed, p.reassessed),
        vec![Cell::text("Median change in total"), Cell::text(median(c)), Cell::text(median(p)), Cell::text("")],
    ];
    table_block(m, &comparison_table(x, width, months), &rows)
}

/// Peers: sessions led by a peer facilitator or recovery champion, the different peers who led
/// them, and peers newly qualified to deliver a course.
fn peer_table(m: &dyn Measure, report: &MonthlyReport, d: Disclosure, months: &Months, x: f32, width: f32) -> Block {
    let (c, p) = (&report.peers, &report.previous_peers);
    let rows = vec![
        count_row(d, Cell::text("Sessions led by peers"), c.sessions_led, p.sessions_led),
        count_row(d, Cell::text("Different peers who led"), c.peers_who_led, p.peers_who_led),
        count_row(d, Cell::text("Peers newly qualified to deliver"), c.newly_qualified, p.newly_qualified),
    ];
    table_block(m, &comparison_table(x, width, months), &rows)
}

// ---------------------------------------------------------------------------------------------
// The week chart

const CHART_PLOT_HEIGHT: f32 = 42.0;
/// Room for the y-axis figures, left of the plot.
const CHART_AXIS_WIDTH: f32 = 11.0;
/// Room above the plot for the figure over the tallest bar.
const CHART_HEADROOM: f32 = 5.0;

/// A round step for the y axis so that `max` needs at most five steps: 1, 2 or 5 times a
/// power of ten.
pub(crate) fn axis_step(max: u32) -> u32 {
    let mut power = 1u32;
    loop {
        for step in [power, 2 * power, 5 * power] {
            if max.div_ceil(step) <= 5 {
                return step;
            }
        }
        power = power.saturating_mul(10);
    }
}

/// A bar per week (Monday to Sunday) with its figure above and "w/c 29/09" under it, on a y
/// axis with round steps. With small numbers suppressed, a week with 1 to 4 attendances is drawn
/// as a pale bar to the height of 4 and labelled "<5": its true height would give it away.
fn week_chart(m: &dyn Measure, report: &MonthlyReport, d: Disclosure, months: &Months) -> Block {
    let weeks = &report.weeks;
    if weeks.iter().all(|w| w.attendances == 0) {
        let words = format!("No attendances were recorded in {}.", months.this_long);
        return paragraph(m, &words, Face::Sans, 9.0, CONTENT_LEFT, CONTENT_WIDTH, INK);
    }
    let note = match weeks.len() > 6 {
        false => format!("Weeks run Monday to Sunday; the first and last week count only their days in {}.", months.this_long),
        true => format!(
            "Weeks run Monday to Sunday, each under the date of its Monday with its sessions held beneath; the first and last \
             week count only their days in {}.",
            months.this_long
        ),
    };
    let mut b = paragraph(m, &note, Face::Sans, 7.5, CONTENT_LEFT, CONTENT_WIDTH, MUTED).padded(CHART_HEADROOM);
    let top = -b.height;
    let base = top - CHART_PLOT_HEIGHT;
    let shown = |w: &WeekFigures| if d.suppress_small && (1..=4).contains(&w.attendances) { 4 } else { w.attendances };
    let max = weeks.iter().map(shown).max().unwrap_or(0).max(1);
    let step = axis_step(max);
    let scale_max = max.div_ceil(step) * step;
    let plot_left = CONTENT_LEFT + CHART_AXIS_WIDTH;
    let plot_width = CONTENT_RIGHT - plot_left;
    let y_of = |v: u32| base + CHART_PLOT_HEIGHT * v as f32 / scale_max as f32;

    let e = &mut b.elements;
    // Gridlines and their figures first, so the bars are drawn over them.
    for v in (0..=scale_max).step_by(step as usize) {
        let y = y_of(v);
        if v > 0 {
            e.push(rule(plot_left, plot_width, y, 0.3, 0.82));
        }
        e.push(text(v.to_string(), Face::Sans, 7.0, plot_left - 2.0, y - 0.3 * em(7.0), Align::Right, MUTED));
    }
    let slot = plot_width / weeks.len() as f32;
    let bar = (slot * 0.55).min(22.0);
    for (i, w) in weeks.iter().enumerate() {
        let centre = plot_left + slot * (i as f32 + 0.5);
        let value = shown(w);
        let suppressed = value != w.attendances;
        if value > 0 {
            let grey = if suppressed { 0.75 } else { 0.45 };
            e.push(fill(centre - bar / 2.0, base, bar, y_of(value) - base, grey));
        }
        e.push(text(d.count(w.attendances), Face::Sans, 7.5, centre, y_of(value) + 1.2, Align::Centre, INK));
        // A month's five or six weeks are labelled in full; a quarter's thirteen or fourteen by
        // their Mondays' dates and sessions alone, which fit their narrower columns.
        let many = report.weeks.len() > 6;
        let label = w.week_starting.format(if many { "%d/%m" } else { "w/c %d/%m" }).to_string();
        e.push(text(label, Face::Sans, if many { 6.5 } else { 7.5 }, centre, base - 4.0, Align::Centre, INK));
        let sessions = match (w.sessions_held, many) {
            (1, false) if !d.suppress_small => "1 session".to_string(),
            (n, false) => format!("{} sessions", d.count(n)),
            (n, true) => d.count(n),
        };
        e.push(text(sessions, Face::Sans, 6.5, centre, base - 7.2, Align::Centre, MUTED));
    }
    // The axes last, over the bars' feet.
    e.push(Element::Line { from: (plot_left, base), to: (plot_left, top), width_pt: 0.6, grey: 0.3 });
    e.push(rule(plot_left, plot_width, base, 0.8, 0.2));
    b.height += CHART_PLOT_HEIGHT + 9.0;
    b
}

// ---------------------------------------------------------------------------------------------
// The group table

const GROUP_PT: f32 = 7.5;
/// The narrowest the group name column may get before the number columns give way.
const GROUP_MIN_WIDTH: f32 = 34.0;

/// A group's row as text, one string per column after the group name (and its establishment).
fn group_figures(d: Disclosure, f: &MonthFigures, before: &MonthFigures) -> Vec<String> {
    let c = &f.counts;
    vec![
        d.count(f.sessions_held),
        d.count(f.sessions_cancelled),
        d.count(f.named_attendances()),
        d.count(f.unnamed_attendances),
        d.count(f.visitors),
        d.count(f.unique_people),
        percent(c.rate()),
        percent(c.rate_when_able()),
        d.count(f.new_enrolments),
        d.count(f.leavers_total()),
        d.count(f.completions),
        d.count(f.certificates_issued),
        d.change(f.named_attendances(), before.named_attendances()),
    ]
}

fn number_headers(months: &Months) -> Vec<String> {
    [
        "Held",
        "Cancelled",
        "Attendances",
        "Unnamed",
        "Visitors",
        "People",
        "Rate",
        "Rate when able",
        "New enrolments",
        "Leavers",
        "Completions",
        "Certificates",
    ]
    .into_iter()
    .map(str::to_string)
    .chain([format!("Change vs {}", months.last)])
    .collect()
}

/// Each number column as wide as its widest figure or the longest word of its heading, so that
/// headings need not shrink; the group name gets what is left. If that would leave the name too
/// narrow, the headings give way first (they wrap or shrink), never the figures, unless even the
/// figures alone would not fit.
fn number_widths(m: &dyn Measure, style: &TableStyle, headers: &[String], rows: &[Vec<String>], room: f32) -> Vec<f32> {
    let pad = 2.0 * style.pad_x;
    let figures: Vec<f32> =
        (0..headers.len()).map(|i| rows.iter().map(|r| m.width_mm(style.face, style.size_pt, &r[i])).fold(0.0, f32::max) + pad).collect();
    let natural: Vec<f32> = headers
        .iter()
        .zip(&figures)
        .map(|(h, f)| h.split_whitespace().map(|w| m.width_mm(style.face, style.header_pt, w) + pad).fold(*f, f32::max))
        .collect();
    let available = room - GROUP_MIN_WIDTH;
    let (sum_natural, sum_figures): (f32, f32) = (natural.iter().sum(), figures.iter().sum());
    if sum_natural <= available {
        natural
    } else if sum_figures <= available {
        // Share out what is left over the figures in proportion to what each heading wanted.
        let share = (available - sum_figures) / (sum_natural - sum_figures);
        figures.iter().zip(&natural).map(|(f, n)| f + (n - f) * share).collect()
    } else {
        figures.iter().map(|f| f * available / sum_figures).collect()
    }
}

fn group_section(flow: &mut Flow, m: &dyn Measure, report: &MonthlyReport, d: Disclosure, months: &Months) {
    let head = heading(m, "Groups", CONTENT_LEFT);
    if report.groups.is_empty() {
        let words = format!("No group had anything to record in {} or {}.", months.this_long, months.last_long);
        flow.place(head.above(paragraph(m, &words, Face::Sans, 9.0, CONTENT_LEFT, CONTENT_WIDTH, INK)));
        return;
    }
    let explain = format!(
        "Attendances: by named people, drop-ins among them. Unnamed: others present whom nobody named; visitors: \
         from outside (the sessions' headcounts). Rate: attendances over places expected. Rate when able: leaving out absences caused by the regime or another \
         appointment. Change: attendances compared with {}.",
        months.last_long
    );
    let head = head.above(paragraph(m, &explain, Face::Sans, 7.5, CONTENT_LEFT, CONTENT_WIDTH, MUTED).padded(2.5));

    let several = report.establishments.len() > 1;
    // Narrow padding: fourteen or fifteen columns share the width (absences by cause are in the
    // summary, and the CSV has them per group).
    let style = TableStyle { pad_x: 1.0, ..TableStyle::compact(GROUP_PT) };
    let headers = number_headers(months);
    let mut figures: Vec<Vec<String>> = report.groups.iter().map(|g| group_figures(d, &g.figures, &g.previous)).collect();
    let totals = group_figures(d, &report.totals, &report.previous_totals);
    figures.push(totals.clone());

    let code_width = if several {
        let widest = report.groups.iter().map(|g| m.width_mm(style.face, style.size_pt, &g.establishment_code)).fold(0.0, f32::max);
        widest.max(m.width_mm(style.face, style.header_pt, "Est.")) + 2.0 * style.pad_x
    } else {
        0.0
    };
    let widths = number_widths(m, &style, &headers, &figures, CONTENT_WIDTH - code_width);
    let mut columns = Vec::new();
    if several {
        columns.push(Column::new("Est.", code_width, Align::Left));
    }
    columns.push(Column::new("Group", CONTENT_WIDTH - code_width - widths.iter().sum::<f32>(), Align::Left));
    columns.extend(headers.iter().zip(&widths).map(|(h, w)| Column::new(h, *w, Align::Right)));
    let table = Table { x: CONTENT_LEFT, columns, style };

    let cells = |g: Option<&GroupMonth>, row: &[String]| {
        let mut cells = Vec::new();
        if several {
            cells.push(g.map_or(Cell::Empty, |g| Cell::Muted(g.establishment_code.clone())));
        }
        cells.push(Cell::text(g.map_or("All groups", |g| g.group_name.as_str())));
        cells.extend(row.iter().map(|s| Cell::text(s.clone())));
        cells
    };
    let mut rows: Vec<Block> = report
        .groups
        .iter()
        .zip(&figures)
        .enumerate()
        .map(|(i, (g, row))| table.row(m, &cells(Some(g), row), if i % 2 == 1 { RowStyle::Banded } else { RowStyle::Plain }))
        .collect();
    rows.push(table.row(m, &cells(None, &totals), RowStyle::Total));

    let header = table.header(m);
    flow.keep_with_next(head, header.height + rows[0].height);
    flow.table(&header, rows);
}

/// The month's events, a section of their own: none of them is in the groups' figures above.
fn event_section(flow: &mut Flow, m: &dyn Measure, report: &MonthlyReport, d: Disclosure) {
    let head = heading(m, "Events", CONTENT_LEFT);
    let explain = "One-off events (recovery walks, family days, ceremonies): not in the groups' figures or totals above. \
                   Named: people added at the event's register; unnamed and visitors: its headcount.";
    let head = head.above(paragraph(m, explain, Face::Sans, 7.5, CONTENT_LEFT, CONTENT_WIDTH, MUTED).padded(2.5));
    let several = report.establishments.len() > 1;
    let style = TableStyle { pad_x: 1.0, ..TableStyle::compact(GROUP_PT) };
    let number = 15.0;
    let (date, kind, place, code) = (17.0, 30.0, 26.0, if several { 10.0 } else { 0.0 });
    let mut columns = Vec::new();
    if several {
        columns.push(Column::new("Est.", code, Align::Left));
    }
    columns.extend([
        Column::new("Date", date, Align::Left),
        Column::new("Event", CONTENT_WIDTH - code - date - kind - place - 4.0 * number, Align::Left),
        Column::new("Kind", kind, Align::Left),
        Column::new("Where", place, Align::Left),
        Column::new("Named", number, Align::Right),
        Column::new("Unnamed", number, Align::Right),
        Column::new("Visitors", number, Align::Right),
        Column::new("Everyone", number, Align::Right),
    ]);
    let table = Table { x: CONTENT_LEFT, columns, style };
    let mut rows: Vec<Block> = report
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut cells = Vec::new();
            if several {
                cells.push(Cell::Muted(e.establishment_code.clone()));
            }
            let title = match e.status {
                SessionStatus::Cancelled => format!("{} (cancelled)", e.title),
                SessionStatus::Planned => format!("{} (not recorded)", e.title),
                SessionStatus::Held => e.title.clone(),
            };
            cells.extend([
                Cell::text(dates::display(e.held_on)),
                Cell::text(title),
                Cell::text(e.kind.label()),
                e.place.as_ref().map_or(Cell::Empty, |p| Cell::text(p.clone())),
            ]);
            cells.extend([e.named, e.unnamed, e.visitors, e.everyone()].map(|n| Cell::text(d.count(n))));
            table.row(m, &cells, if i % 2 == 1 { RowStyle::Banded } else { RowStyle::Plain })
        })
        .collect();
    let t = report.event_totals();
    let mut total = Vec::new();
    if several {
        total.push(Cell::Empty);
    }
    let people = format!("{}; {} different people named", plural(t.events, "event", "events"), d.count(report.event_people));
    total.extend([Cell::text("All events"), Cell::Muted(people), Cell::Empty, Cell::Empty]);
    total.extend([t.named, t.unnamed, t.visitors, t.everyone()].map(|n| Cell::text(d.count(n))));
    rows.push(table.row(m, &total, RowStyle::Total));
    let header = table.header(m);
    flow.keep_with_next(head, header.height + rows[0].height);
    flow.table(&header, rows);
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Establishment, EstablishmentId};
    use crate::pdf::layout::MM_PER_PT;
    use crate::rules::attendance::AttendanceCounts;
    use chrono::NaiveDate;

    use crate::pdf::layout::FixedWidth as Fake;

    /// October 2026 with no groups, only weeks with these attendances.
    fn weeks_only(attendances: [u32; 5]) -> MonthlyReport {
        let attended: u32 = attendances.iter().sum();
        let counts = AttendanceCounts { expected: attended, present: attended, ..Default::default() };
        let totals = MonthFigures { sessions_planned: 5, counts, ..Default::default() };
        MonthlyReport {
            month: "2026-10".into(),
            month_label: "October 2026".into(),
            establishments: vec![Establishment { id: EstablishmentId::new(), code: "LOW".into(), name: "HMP Low Moss".into() }],
            totals,
            previous_totals: MonthFigures::default(),
            groups: vec![],
            events: vec![],
            event_people: 0,
            weeks: attendances
                .iter()
                .enumerate()
                .map(|(i, &n)| WeekFigures {
                    week_starting: NaiveDate::from_ymd_opt(2026, 9, 28).unwrap() + chrono::Days::new(7 * i as u64),
                    sessions_held: 1,
                    attendances: n,
                })
                .collect(),
            liberation: Default::default(),
            previous_liberation: Default::default(),
            waiting: Default::default(),
            previous_waiting: Default::default(),
            capital: Default::default(),
            previous_capital: Default::default(),
            peers: Default::default(),
            previous_peers: Default::default(),
            short_label: String::new(),
            previous_label: String::new(),
            previous_short_label: String::new(),
            audit_head: None,
        }
    }

    /// The chart's bars, left to right: (height in mm, grey).
    fn bars(page: &Page) -> Vec<(f32, f32)> {
        page.elements
            .iter()
            .filter_map(|e| match e {
                // Bars are the only thick strokes in the two greys the chart uses.
                Element::Line { from, width_pt, grey, .. } if *width_pt > 2.0 && (*grey == 0.45 || *grey == 0.75) => {
                    Some((from.0, width_pt * MM_PER_PT, *grey))
                }
                _ => None,
            })
            .map(|(_, h, g)| (h, g))
            .collect()
    }

    #[test]
    fn the_week_chart_draws_a_bar_per_week_to_scale_and_hides_small_weeks_when_asked() {
        let report = weeks_only([3, 12, 0, 6, 2]);
        for hide in [false, true] {
            let options = ReportOptions::monthly(Disclosure { suppress_small: hide }, "23/11/2026 14:05");
            let page = &monthly_report_pages(&report, &options, &Fake)[0];
            let b = bars(page);
            // No bar for the week with none.
            assert_eq!(b.len(), 4, "{b:?}");
            let unit = b[1].0 / 12.0;
            let expected: [(f32, f32); 4] = if hide {
                // 3 and 2 are drawn pale, to the height of 4: "<5" says no more than that.
                [(4.0, 0.75), (12.0, 0.45), (6.0, 0.45), (4.0, 0.75)]
            } else {
                [(3.0, 0.45), (12.0, 0.45), (6.0, 0.45), (2.0, 0.45)]
            };
            for ((h, g), (units, grey)) in b.iter().zip(expected) {
                assert!((h / unit - units).abs() < 1e-3 && *g == grey, "hide {hide}: {b:?}");
            }
            let texts: Vec<&str> =
                page.elements.iter().filter_map(|e| if let Element::Text { text, .. } = e { Some(text.as_str()) } else { None }).collect();
            for label in ["w/c 28/09", "w/c 05/10", "w/c 26/10", "12", "6"] {
                assert!(texts.contains(&label), "{label} missing: {texts:?}");
            }
            assert_eq!(texts.iter().filter(|t| **t == "<5").count() >= 2, hide, "{texts:?}");
        }
    }

    #[test]
    fn axis_steps_are_round_and_need_at_most_five_of_them() {
        for (max, step) in
            [(1, 1), (5, 1), (6, 2), (10, 2), (11, 5), (25, 5), (26, 10), (49, 10), (51, 20), (101, 50), (480, 100), (1001, 500)]
        {
            assert_eq!(axis_step(max), step, "max {max}");
        }
    }

    #[test]
    fn rate_changes_are_in_percentage_points() {
        let r = |s: &str| Some(s.parse::<Decimal>().unwrap());
        assert_eq!(points_change(r("0.875"), r("0.85")), "+2.5 pts");
        assert_eq!(points_change(r("0.5"), r("0.6")), "-10 pts");
        assert_eq!(points_change(r("0.5"), r("0.5")), "0 pts");
        assert_eq!(points_change(None, r("0.5")), "–");
        // 71.26% and 67.24% print as 71.3% and 67.2%: the change says 4.1, not 4.
        assert_eq!(points_change(r("0.7126"), r("0.6724")), "+4.1 pts");
    }
}
