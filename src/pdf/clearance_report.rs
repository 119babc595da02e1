//! The clearances report (A4 portrait) for one establishment: a title and a one-line summary of
//! the counts, then six sections, each a table that runs over as many pages as it needs (header
//! repeated, rows never split): clearances expiring soon with where their renewal stands, those
//! that lapsed, who is cleared today and until when, applications waiting for a decision, and
//! what was refused or withdrawn in the last twelve months, and the sessions held without a
//! cleared facilitator in that time. An empty section says "None.".
//!
//! Pure layout over `table`, like the monthly report; `clearance_report_pdf` renders it.

use super::draw::{render, Fonts, Pictures};
use super::layout::{breakable, Align, Face, Measure, Page};
use super::table::{
    heading, notice, paragraph, rule, running_head, Block, Cell, Column, Flow, RowStyle, Table, TableStyle, CONTENT_LEFT, CONTENT_WIDTH,
    INK, MUTED,
};
use crate::dates;
use crate::model::ClearanceStatus;
use crate::views::{ClearanceLine, ClearanceReport, UnclearedSession};
use chrono::NaiveDate;

pub const TITLE: &str = "Volunteer and facilitator clearances";
/// What an empty section says instead of a bare table header.
pub const NONE: &str = "None.";
/// Said (in the PDF) when a name had letters the bundled fonts cannot draw.
pub const UNPRINTABLE_NAMES: &str = "Some names have letters the bundled fonts cannot print: those letters are shown as ?. \
     Look these people up in Recovery Register.";

pub const LAPSED: &str = "Lapsed";
pub const CLEARED: &str = "Cleared today";
pub const WAITING: &str = "Waiting for a decision";
pub const REFUSED: &str = "Refused or withdrawn in the last 12 months";
pub const HELD_UNCLEARED: &str = "Sessions held without a cleared facilitator";

/// "Expiring within 90 days".
pub fn expiring_heading(within_days: u32) -> String {
    format!("Expiring within {within_days} days")
}

const BODY_PT: f32 = 9.0;
const NOTE_PT: f32 = 7.5;
/// Room either side of a cell's text: a right-aligned count and the words in the next column
/// stay clearly apart.
const PAD_X: f32 = 1.8;

fn style() -> TableStyle {
    TableStyle { pad_x: PAD_X, ..TableStyle::compact(BODY_PT) }
}

/// Every table starts with the same two columns, so the eye finds them in the same place.
/// The kind is as wide as its longest label ("Standard Plus (completed sentences)") at full size.
const NAME_WIDTH: f32 = 42.0;
const KIND_WIDTH: f32 = 62.0;
const DATE_WIDTH: f32 = 22.0;
const DAYS_WIDTH: f32 = 17.0;
/// What is left of the width after name, kind, two dates and a number (the renewal column).
const REST: f32 = CONTENT_WIDTH - NAME_WIDTH - KIND_WIDTH - 2.0 * DATE_WIDTH - DAYS_WIDTH;
/// The reference column, where there is one.
const REFERENCE_WIDTH: f32 = REST + DAYS_WIDTH - 4.0;
/// The incidents' columns: the date, then words that wrap.
const INCIDENT_GROUP_WIDTH: f32 = 36.0;
const INCIDENT_PROBLEM_WIDTH: f32 = 54.0;
const INCIDENT_BY_WIDTH: f32 = 32.0;
const INCIDENT_REASON_WIDTH: f32 = CONTENT_WIDTH - DATE_WIDTH - INCIDENT_GROUP_WIDTH - INCIDENT_PROBLEM_WIDTH - INCIDENT_BY_WIDTH;

/// The report as PDF bytes, laid out with the bundled fonts. A name (or other text) with letters
/// the fonts cannot draw is printed with those letters as "?" and a notice at the top, rather
/// than as empty boxes; [`names_without_glyphs`] lets a caller say so before printing.
pub fn clearance_report_pdf(report: &ClearanceReport, generated_at: &str) -> Vec<u8> {
    let fonts = Fonts::shared();
    let unprintable = names_without_glyphs(report, fonts).len();
    let report = printable_report(report, fonts);
    let pages = layout(&report, generated_at, fonts, unprintable > 0);
    let title = format!("{TITLE}, {}, {}", report.establishment.name, dates::display(report.today));
    render(&pages, fonts, &title, &Pictures::default())
}

/// The report's pages: title, summary, the six sections, each page with "Page x of y".
pub fn clearance_report_pages(report: &ClearanceReport, generated_at: &str, m: &dyn Measure) -> Vec<Page> {
    layout(report, generated_at, m, false)
}

/// The facilitators' names in the report that the bundled sans-serif face cannot draw whole
/// (e.g. in Chinese characters, which are not bundled), each once.
pub fn names_without_glyphs(report: &ClearanceReport, fonts: &Fonts) -> Vec<String> {
    let mut names: Vec<String> = every_line(report).map(|l| l.facilitator_name.clone()).filter(|n| !fonts.covers(Face::Sans, n)).collect();
    names.sort();
    names.dedup();
    names
}

fn every_line(report: &ClearanceReport) -> impl Iterator<Item = &ClearanceLine> {
    [&report.expiring, &report.lapsed, &report.cleared, &report.waiting, &report.refused].into_iter().flatten()
}

/// `text` with every character the faces it is printed in cannot draw replaced by "?".
fn printable(fonts: &Fonts, text: &str) -> String {
    let mut buf = [0u8; 4];
    text.chars()
        .map(|c| {
            let s: &str = c.encode_utf8(&mut buf);
            if [Face::Sans, Face::Serif].iter().all(|&f| fonts.covers(f, s)) {
                c
            } else {
                '?'
            }
        })
        .collect()
}

/// The report with its free text (names, references, the establishment's name) printable.
fn printable_report(report: &ClearanceReport, fonts: &Fonts) -> ClearanceReport {
    let line = |l: &ClearanceLine| {
        let mut l = l.clone();
        l.facilitator_name = printable(fonts, &l.facilitator_name);
        l.clearance.details.reference = l.clearance.details.reference.as_deref().map(|r| printable(fonts, r));
        l
    };
    let list = |v: &[ClearanceLine]| v.iter().map(line).collect();
    let mut out = report.clone();
    out.establishment.name = printable(fonts, &report.establishment.name);
    out.cleared = list(&report.cleared);
    out.expiring = list(&report.expiring);
    out.lapsed = list(&report.lapsed);
    out.waiting = list(&report.waiting);
    out.refused = list(&report.refused);
    for i in &mut out.held_uncleared {
        for text in [&mut i.group_name, &mut i.held.problem, &mut i.held.reason, &mut i.held.confirmed_by] {
            *text = printable(fonts, text);
        }
    }
    out
}

fn layout(report: &ClearanceReport, generated_at: &str, m: &dyn Measure, unprintable_names: bool) -> Vec<Page> {
    let today = dates::display(report.today);
    let place = &report.establishment.name;
    let mut flow = Flow::new();
    flow.set_running_head(running_head(m, &format!("{TITLE} · {place} · as at {today}")));
    flow.place(title_block(m, report));
    if unprintable_names {
        flow.place(notice(m, UNPRINTABLE_NAMES).padded(3.0));
    }
    let cleared = cleared_today(report);
    flow.place(summary_block(m, report, cleared.len()));

    let horizon = report.today.checked_add_days(chrono::Days::new(report.within_days.into())).unwrap_or(report.today);
    section(
        &mut flow,
        m,
        &expiring_heading(report.within_days),
        &format!(
            "Granted clearances whose last valid day is on or before {}, soonest first, and where their renewal stands.",
            dates::display(horizon)
        ),
        vec![
            Column::new("Name", NAME_WIDTH, Align::Left),
            Column::new("Clearance", KIND_WIDTH, Align::Left),
            Column::new("Expires", DATE_WIDTH, Align::Left),
            Column::new("Days left", DAYS_WIDTH, Align::Right),
            Column::new("Renewal", REST + DATE_WIDTH, Align::Left),
        ],
        report.expiring.iter().map(|l| expiring_cells(m, report, l)).collect(),
    );
    section(
        &mut flow,
        m,
        LAPSED,
        "Expired and not renewed: the date is the last day the clearance was valid.",
        vec![
            Column::new("Name", NAME_WIDTH, Align::Left),
            Column::new("Clearance", KIND_WIDTH, Align::Left),
            Column::new("Expired on", DATE_WIDTH, Align::Left),
            Column::new("Days ago", DAYS_WIDTH, Align::Right),
            Column::new("Renewal", REST + DATE_WIDTH, Align::Left),
        ],
        report.lapsed.iter().map(|l| lapsed_cells(m, report, l)).collect(),
    );
    section(
        &mut flow,
        m,
        CLEARED,
        "Granted and valid today, by name. A clearance already replaced by its granted renewal is not listed again.",
        vec![
            Column::new("Name", NAME_WIDTH, Align::Left),
            Column::new("Clearance", KIND_WIDTH, Align::Left),
            Column::new("Granted", DATE_WIDTH, Align::Left),
            Column::new("Until", DATE_WIDTH + 4.0, Align::Left),
            Column::new("Reference", REFERENCE_WIDTH, Align::Left),
        ],
        cleared.iter().map(|l| cleared_cells(m, l)).collect(),
    );
    section(
        &mut flow,
        m,
        WAITING,
        "Applied for, in progress or under appeal, with the days since the application.",
        vec![
            Column::new("Name", NAME_WIDTH, Align::Left),
            Column::new("Clearance", KIND_WIDTH, Align::Left),
            Column::new("Status", REST + DATE_WIDTH, Align::Left),
            Column::new("Applied", DATE_WIDTH, Align::Left),
            Column::new("Days waiting", DAYS_WIDTH, Align::Right),
        ],
        report.waiting.iter().map(|l| waiting_cells(m, report, l)).collect(),
    );
    let year_ago = report.today.checked_sub_months(chrono::Months::new(12)).unwrap_or(report.today);
    section(
        &mut flow,
        m,
        REFUSED,
        &format!("Applications made since {} that were refused, or withdrawn.", dates::display(year_ago)),
        vec![
            Column::new("Name", NAME_WIDTH, Align::Left),
            Column::new("Clearance", KIND_WIDTH, Align::Left),
            Column::new("Outcome", DATE_WIDTH + 4.0, Align::Left),
            Column::new("Applied", DATE_WIDTH, Align::Left),
            Column::new("Reference", REFERENCE_WIDTH, Align::Left),
        ],
        report.refused.iter().map(|l| refused_cells(m, l)).collect(),
    );
    section(
        &mut flow,
        m,
        HELD_UNCLEARED,
        &format!(
            "Sessions since {} that took place although someone running them was not cleared here, as confirmed by the member of staff who recorded them.",
            dates::display(year_ago)
        ),
        vec![
            Column::new("Date", DATE_WIDTH, Align::Left),
            Column::new("Group", INCIDENT_GROUP_WIDTH, Align::Left),
            Column::new("Not cleared", INCIDENT_PROBLEM_WIDTH, Align::Left),
            Column::new("Reason given", INCIDENT_REASON_WIDTH, Align::Left),
            Column::new("Recorded by", INCIDENT_BY_WIDTH, Align::Left),
        ],
        report.held_uncleared.iter().map(|i| incident_cells(m, i)).collect(),
    );
    flow.finish(m, &format!("Generated {generated_at} by Recovery Register"))
}

fn title_block(m: &dyn Measure, report: &ClearanceReport) -> Block {
    let mut b = paragraph(m, TITLE, Face::SerifBold, 18.0, CONTENT_LEFT, CONTENT_WIDTH, INK).padded(2.0);
    b = b.above(paragraph(m, &report.establishment.name, Face::Serif, 13.0, CONTENT_LEFT, CONTENT_WIDTH, INK).padded(2.0));
    let as_at = format!("as at {}", dates::display(report.today));
    b = b.above(paragraph(m, &as_at, Face::Sans, 9.0, CONTENT_LEFT, CONTENT_WIDTH, MUTED).padded(3.0));
    b.elements.push(rule(CONTENT_LEFT, CONTENT_WIDTH, -b.height, 0.8, 0.3));
    b.padded(4.0)
}

/// The counts, each in its section's words: "Cleared today: 5", "Lapsed: 1", ...
pub fn summary_items(report: &ClearanceReport, cleared: usize) -> Vec<String> {
    vec![
        format!("{CLEARED}: {cleared}"),
        format!("{}: {}", expiring_heading(report.within_days), report.expiring.len()),
        format!("{LAPSED}: {}", report.lapsed.len()),
        format!("Waiting: {}", report.waiting.len()),
        format!("{REFUSED}: {}", report.refused.len()),
        format!("Held without a cleared facilitator: {}", report.held_uncleared.len()),
    ]
}

const SUMMARY_PT: f32 = 9.5;
const SEPARATOR: &str = " · ";

/// The counts on one line; if they do not fit, broken between two counts, never inside one.
fn summary_block(m: &dyn Measure, report: &ClearanceReport, cleared: usize) -> Block {
    let mut lines: Vec<String> = Vec::new();
    for item in summary_items(report, cleared) {
        match lines.last_mut() {
            Some(line) if m.width_mm(Face::Sans, SUMMARY_PT, &format!("{line}{SEPARATOR}{item}")) <= CONTENT_WIDTH => {
                line.push_str(SEPARATOR);
                line.push_str(&item);
            }
            _ => lines.push(item),
        }
    }
    lines
        .into_iter()
        .fold(Block::default(), |b, line| {
            b.above(paragraph(m, &line, Face::Sans, SUMMARY_PT, CONTENT_LEFT, CONTENT_WIDTH, INK).padded(1.0))
        })
        .padded(2.0)
}

/// One section: its heading, a short note and the table, the heading kept with the header and
/// first row; or the heading and "None.".
fn section(flow: &mut Flow, m: &dyn Measure, title: &str, note: &str, columns: Vec<Column>, rows: Vec<Vec<Cell>>) {
    flow.gap(6.0);
    let head = heading(m, title, CONTENT_LEFT);
    if rows.is_empty() {
        flow.place(head.above(paragraph(m, NONE, Face::Sans, BODY_PT, CONTENT_LEFT, CONTENT_WIDTH, INK)));
        return;
    }
    let head = head.above(paragraph(m, note, Face::Sans, NOTE_PT, CONTENT_LEFT, CONTENT_WIDTH, MUTED).padded(2.0));
    let table = Table { x: CONTENT_LEFT, columns, style: style() };
    let header = table.header(m);
    let blocks: Vec<Block> =
        rows.iter().enumerate().map(|(i, r)| table.row(m, r, if i % 2 == 1 { RowStyle::Banded } else { RowStyle::Plain })).collect();
    flow.keep_with_next(head, header.height + blocks[0].height);
    flow.table(&header, blocks);
}

/// The clearances that let someone in today, less any already replaced by a granted renewal
/// that also does (during the overlap the renewal is the one that matters).
fn cleared_today(report: &ClearanceReport) -> Vec<&ClearanceLine> {
    let in_cleared = |id| report.cleared.iter().any(|l| l.clearance.id == id);
    report.cleared.iter().filter(|l| !l.renewed_by.is_some_and(in_cleared)).collect()
}

fn date(d: Option<NaiveDate>) -> Cell {
    d.map_or(Cell::Muted("–".into()), |d| Cell::text(dates::display(d)))
}

fn days(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

fn name_and_kind(m: &dyn Measure, l: &ClearanceLine) -> [Cell; 2] {
    let name = breakable(m, Face::Sans, style().min_pt, &l.facilitator_name, NAME_WIDTH - 2.0 * PAD_X);
    [Cell::text(name), Cell::text(l.clearance.details.kind.label())]
}

/// Where the renewal of `line` stands: "renewal in progress" when the clearance that renews it
/// is still waiting, refused or withdrawn when it was; "none recorded" when there is none.
pub fn renewal(report: &ClearanceReport, line: &ClearanceLine) -> &'static str {
    let Some(next) = line.renewed_by else { return "none recorded" };
    let find = |list: &[ClearanceLine]| list.iter().find(|l| l.clearance.id == next).map(|l| l.clearance.details.status);
    match find(&report.waiting).or_else(|| find(&report.refused)).or_else(|| find(&report.cleared)) {
        Some(ClearanceStatus::Applied) => "renewal applied for",
        Some(ClearanceStatus::InProgress) => "renewal in progress",
        Some(ClearanceStatus::Appealed) => "renewal under appeal",
        Some(ClearanceStatus::Refused) => "renewal refused",
        Some(ClearanceStatus::Withdrawn) => "renewal withdrawn",
        Some(ClearanceStatus::Granted) => "renewal granted",
        _ => "renewal recorded",
    }
}

fn expiring_cells(m: &dyn Measure, report: &ClearanceReport, l: &ClearanceLine) -> Vec<Cell> {
    let expires = l.clearance.details.expires_on;
    let left = match expires.map(|e| days(report.today, e)) {
        Some(0) => Cell::text("last day"),
        Some(n) => Cell::text(n.to_string()),
        None => Cell::Muted("–".into()),
    };
    let [name, kind] = name_and_kind(m, l);
    vec![name, kind, date(expires), left, Cell::text(renewal(report, l))]
}

fn lapsed_cells(m: &dyn Measure, report: &ClearanceReport, l: &ClearanceLine) -> Vec<Cell> {
    let expired = l.clearance.details.expires_on;
    let ago = expired.map_or(Cell::Muted("–".into()), |e| Cell::text(days(e, report.today).to_string()));
    let [name, kind] = name_and_kind(m, l);
    vec![name, kind, date(expired), ago, Cell::text(renewal(report, l))]
}

fn reference(m: &dyn Measure, l: &ClearanceLine) -> Cell {
    let room = REFERENCE_WIDTH - 2.0 * PAD_X;
    l.clearance
        .details
        .reference
        .as_ref()
        .map_or(Cell::Muted("–".into()), |r| Cell::text(breakable(m, Face::Sans, style().min_pt, r, room)))
}

fn cleared_cells(m: &dyn Measure, l: &ClearanceLine) -> Vec<Cell> {
    let d = &l.clearance.details;
    let until = d.expires_on.map_or(Cell::text("no fixed end"), |e| Cell::text(dates::display(e)));
    let [name, kind] = name_and_kind(m, l);
    vec![name, kind, date(d.granted_on), until, reference(m, l)]
}

fn waiting_cells(m: &dyn Measure, report: &ClearanceReport, l: &ClearanceLine) -> Vec<Cell> {
    let d = &l.clearance.details;
    let status = if l.clearance.renews.is_some() { format!("{} (renewal)", d.status.label()) } else { d.status.label().to_string() };
    let waited = d.applied_on.map_or(Cell::Muted("–".into()), |a| Cell::text(days(a, report.today).to_string()));
    let [name, kind] = name_and_kind(m, l);
    vec![name, kind, Cell::text(status), date(d.applied_on), waited]
}

fn incident_cells(m: &dyn Measure, i: &UnclearedSession) -> Vec<Cell> {
    let wrap = |text: &str, width: f32| Cell::text(breakable(m, Face::Sans, style().min_pt, text, width - 2.0 * PAD_X));
    vec![
        Cell::text(dates::display(i.held_on)),
        wrap(&i.group_name, INCIDENT_GROUP_WIDTH),
        wrap(&i.held.problem, INCIDENT_PROBLEM_WIDTH),
        wrap(&i.held.reason, INCIDENT_REASON_WIDTH),
        wrap(&format!("{}, {}", i.held.confirmed_by, i.held.confirmed_at), INCIDENT_BY_WIDTH),
    ]
}

fn refused_cells(m: &dyn Measure, l: &ClearanceLine) -> Vec<Cell> {
    let d = &l.clearance.details;
    let [name, kind] = name_and_kind(m, l);
    vec![name, kind, Cell::text(d.status.label()), date(d.applied_on), reference(m, l)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::pdf::layout::{Element, FixedWidth as Fake};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn line(name: &str, status: ClearanceStatus, expires_on: Option<NaiveDate>) -> ClearanceLine {
        ClearanceLine {
            clearance: Clearance {
                id: ClearanceId::new(),
                facilitator_id: FacilitatorId::new(),
                establishment_id: EstablishmentId::new(),
                details: ClearanceDetails {
                    kind: ClearanceKind::StandardPlusCompleted,
                    status,
                    applied_on: Some(d(2025, 10, 1)),
                    granted_on: Some(d(2025, 11, 20)),
                    expires_on,
                    reference: None,
                    notes: None,
                },
                renews: None,
            },
            facilitator_name: name.into(),
            facilitator_kind: FacilitatorKind::Volunteer,
            establishment_code: "PER".into(),
            renewed_by: None,
            expiry_note: None,
            waiting_note: None,
        }
    }

    fn empty() -> ClearanceReport {
        ClearanceReport {
            establishment: Establishment { id: EstablishmentId::new(), code: "PER".into(), name: "HMP Perth".into() },
            today: d(2026, 11, 16),
            within_days: 90,
            cleared: vec![],
            expiring: vec![],
            lapsed: vec![],
            refused: vec![],
            waiting: vec![],
            held_uncleared: vec![],
        }
    }

    fn texts(page: &Page) -> Vec<&str> {
        page.elements.iter().filter_map(|e| if let Element::Text { text, .. } = e { Some(text.as_str()) } else { None }).collect()
    }

    #[test]
    fn a_long_cleared_list_runs_over_pages_with_its_header_on_each() {
        let mut report = empty();
        report.cleared = (0..120).map(|i| line(&format!("Volunteer {i:03}"), ClearanceStatus::Granted, Some(d(2027, 3, 1)))).collect();
        let pages = clearance_report_pages(&report, "16/11/2026 09:00", &Fake);
        assert!(pages.len() >= 3, "{} pages", pages.len());
        let all: Vec<&str> = pages.iter().flat_map(texts).collect();
        for i in 0..120 {
            assert_eq!(all.iter().filter(|t| **t == format!("Volunteer {i:03}")).count(), 1, "row {i}");
        }
        for (i, page) in pages.iter().enumerate() {
            let t = texts(page);
            if t.iter().any(|t| t.starts_with("Volunteer ")) {
                assert!(t.contains(&"Reference") && t.contains(&"Granted"), "page {}: {t:?}", i + 1);
            }
            assert!(t.contains(&format!("Page {} of {}", i + 1, pages.len()).as_str()), "{t:?}");
        }
        // The summary breaks between counts, never inside one.
        let first = texts(&pages[0]);
        let items: Vec<&str> = first.iter().flat_map(|t| t.split(" · ")).collect();
        for item in ["Refused or withdrawn in the last 12 months: 0", "Held without a cleared facilitator: 0"] {
            assert!(items.contains(&item), "{first:?}");
        }
        // Five empty sections say so.
        assert_eq!(all.iter().filter(|t| **t == NONE).count(), 5, "{all:?}");
    }

    #[test]
    fn every_kind_and_status_fits_its_column_at_full_size_in_the_real_font() {
        let fonts = Fonts::shared();
        let pad = 2.0 * style().pad_x;
        for kind in ClearanceKind::ALL {
            let w = fonts.width_mm(Face::Sans, BODY_PT, kind.label());
            assert!(w <= KIND_WIDTH - pad, "{}: {w} mm", kind.label());
        }
        for words in ["In progress (renewal)", "Appealed (renewal)", "renewal under appeal", "renewal applied for"] {
            let w = fonts.width_mm(Face::Sans, BODY_PT, words);
            assert!(w <= REST + DATE_WIDTH - pad, "{words}: {w} mm");
        }
    }

    #[test]
    fn a_word_too_long_for_its_cell_is_cut_into_pieces_that_fit_preferably_after_a_slash() {
        // The fake: 1.53 mm a character at the 7.65 pt minimum; 20 mm holds 13.
        assert_eq!(breakable(&Fake, Face::Sans, style().min_pt, "HMPPS/SP/2026/000123/after", 20.0), "HMPPS/SP/ 2026/000123/ after");
        assert_eq!(breakable(&Fake, Face::Sans, style().min_pt, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 20.0), "ABCDEFGHIJKLM NOPQRSTUVWXYZ");
        assert_eq!(breakable(&Fake, Face::Sans, style().min_pt, "Short words stay as they are", 20.0), "Short words stay as they are");
        assert_eq!(breakable(&Fake, Face::Sans, style().min_pt, "", 20.0), "");
    }

    #[test]
    fn the_renewal_column_says_where_the_renewal_stands() {
        let mut report = empty();
        let mut expiring = line("Anne M.", ClearanceStatus::Granted, Some(d(2026, 12, 25)));
        let pending = line("Anne M.", ClearanceStatus::InProgress, None);
        expiring.renewed_by = Some(pending.clearance.id);
        report.waiting.push(pending);
        assert_eq!(renewal(&report, &expiring), "renewal in progress");
        report.waiting[0].clearance.details.status = ClearanceStatus::Appealed;
        assert_eq!(renewal(&report, &expiring), "renewal under appeal");
        expiring.renewed_by = None;
        assert_eq!(renewal(&report, &expiring), "none recorded");
    }

    #[test]
    fn a_clearance_replaced_by_a_granted_renewal_is_listed_once() {
        let mut report = empty();
        let mut old = line("Frank T.", ClearanceStatus::Granted, Some(d(2026, 11, 30)));
        let new = line("Frank T.", ClearanceStatus::Granted, Some(d(2027, 11, 9)));
        old.renewed_by = Some(new.clearance.id);
        report.cleared = vec![old, new.clone()];
        let shown = cleared_today(&report);
        assert_eq!(shown, [&new]);
        assert_eq!(summary_items(&report, shown.len())[0], "Cleared today: 1");
    }
}
