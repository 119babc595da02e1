//! The clearances report as a real PDF, from clearances recorded through the store on a real
//! database file (and from the demo data), read back with the tools a reader's machine would use
//! (`qpdf --check`, `pdffonts`, `pdfinfo`, `pdftotext -layout`); plus pure checks over the laid-out
//! pages: a long list flows onto more pages with its header repeated, nothing leaves the margins
//! and no two texts overlap.

use crate::support::pdf;
use pdf::{run, written};
use std::path::Path;

use chrono::NaiveDate;
use recovery_register::demo::{generate, Scale};
use recovery_register::model::*;
use recovery_register::pdf::clearance_report::{
    clearance_report_pages, expiring_heading, names_without_glyphs, CLEARED, HELD_UNCLEARED, LAPSED, NONE, REFUSED, TITLE,
    UNPRINTABLE_NAMES, WAITING,
};
use recovery_register::pdf::draw::Fonts;
use recovery_register::pdf::layout::{Element, Face, Measure, Page};
use recovery_register::pdf::table::{BODY_BOTTOM, MARGIN, PAGE_HEIGHT, PAGE_WIDTH};
use recovery_register::reports::clearances::ClearanceReport;
use recovery_register::store::ClearanceLine;
use recovery_register::{Actor, Store};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const TODAY: (i32, u32, u32) = (2026, 11, 16);

fn today() -> NaiveDate {
    d(TODAY.0, TODAY.1, TODAY.2)
}

// ---------------------------------------------------------------------------------------------
// Fixtures: clearances recorded through the store

struct Prison {
    _dir: tempfile::TempDir,
    store: Store,
    actor: Actor,
    establishment: Establishment,
}

impl Prison {
    fn new() -> Prison {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("register.db")).unwrap();
        store.set_today(today());
        let actor = Actor::local_administrator();
        let establishment = store.add_establishment(&actor, &NewEstablishment { code: "PER".into(), name: "HMP Perth".into() }).unwrap();
        Prison { _dir: dir, store, actor, establishment }
    }

    fn facilitator(&mut self, name: &str, kind: FacilitatorKind) -> FacilitatorId {
        let new = NewFacilitator { name: name.into(), kind, organisation: None };
        self.store.add_facilitator(&self.actor, &new).unwrap().id
    }

    fn clearance(&mut self, who: FacilitatorId, details: ClearanceDetails) -> ClearanceId {
        self.store.add_clearance(&self.actor, who, self.establishment.id, &details).unwrap().id
    }

    fn renew(&mut self, of: ClearanceId, details: ClearanceDetails) -> ClearanceId {
        self.store.renew_clearance(&self.actor, of, &details).unwrap().id
    }

    /// A session on `on` planned for `planned_for` that `stood_in` ran instead, recorded as
    /// held after confirming that it took place.
    fn stood_in(&mut self, planned_for: FacilitatorId, stood_in: FacilitatorId, on: NaiveDate, reason: &str) {
        let details =
            GroupDetails { facilitators: vec![planned_for], schedule: None, ..crate::support::programme_details("Cocaine Anonymous") };
        let group = self.store.add_group(&self.actor, self.establishment.id, &details).unwrap();
        let session = self.store.add_session(&self.actor, group.id, on, None).unwrap();
        let log = SessionLog { facilitators: vec![stood_in], ..Default::default() };
        self.store.log_session(&self.actor, session.id, &log, false).unwrap();
        self.store.record_held_uncleared(&self.actor, session.id, reason, true).unwrap();
    }

    fn report(&self) -> ClearanceReport {
        self.store.clearance_report(&self.actor, "PER").unwrap()
    }
}

/// Granted on `on`; the expiry worked out by the store from the kind (twelve months for
/// Standard Plus, none for enhanced vetting).
fn granted(kind: ClearanceKind, on: NaiveDate, reference: &str) -> ClearanceDetails {
    ClearanceDetails {
        kind,
        status: ClearanceStatus::Granted,
        applied_on: None,
        granted_on: Some(on),
        expires_on: None,
        reference: Some(reference.into()),
        notes: None,
    }
}

fn undecided(kind: ClearanceKind, status: ClearanceStatus, applied: NaiveDate, reference: Option<&str>) -> ClearanceDetails {
    ClearanceDetails {
        kind,
        status,
        applied_on: Some(applied),
        granted_on: None,
        expires_on: None,
        reference: reference.map(str::to_string),
        notes: Some("Chased by phone".into()),
    }
}

const LONG_NAME: &str = "Bernadette Quinn-MacGillÌosa (Alcoholics Anonymous, Glasgow North East Intergroup)";

const SP: ClearanceKind = ClearanceKind::StandardPlusCompleted;

/// HMP Perth on 16/11/2026, something in every section:
/// - expiring: Anne M. (25/12/2026, her renewal in progress), Łukasz Żółć (09/01/2027, none);
/// - lapsed: Des O'B. (last valid 02/11/2026);
/// - cleared: Bill W. to 31/05/2027, Alison Grant (staff, enhanced vetting, no fixed end), Frank
///   T. (renewed early: his old clearance to 30/11/2026 and the renewal to 09/11/2027 both cover
///   today), someone with a long name, and Anne and Łukasz;
/// - waiting: Morag S. (applied 01/08/2026) and Anne's renewal;
/// - refused or withdrawn: Kenny L. (refused), Sandra P. (withdrawn); Tam B.'s refusal is older
///   than twelve months and is left out;
/// - held without a cleared facilitator: Des stood in for Bill on 09/11/2026.
fn perth() -> Prison {
    let mut p = Prison::new();
    let volunteer = FacilitatorKind::Volunteer;
    let anne = p.facilitator("Anne M. (AA)", volunteer);
    let old = p.clearance(anne, granted(SP, d(2025, 12, 26), "SP/2025/41"));
    p.renew(old, undecided(SP, ClearanceStatus::InProgress, d(2026, 10, 27), None));
    let lukasz = p.facilitator("Łukasz Żółć", volunteer);
    p.clearance(lukasz, granted(ClearanceKind::StandardPlusLicence, d(2026, 1, 10), "SPL/2026/02"));
    let des = p.facilitator("Des O'B. (CA)", volunteer);
    p.clearance(des, granted(SP, d(2025, 11, 3), "SP/2025/38"));
    let bill = p.facilitator("Bill W. (AA)", volunteer);
    p.clearance(bill, granted(SP, d(2026, 6, 1), "SP/2026/07"));
    let alison = p.facilitator("Alison Grant", FacilitatorKind::Staff);
    p.clearance(alison, granted(ClearanceKind::EnhancedVetting, d(2024, 3, 1), "EV-2024-118"));
    let frank = p.facilitator("Frank T. (AA)", volunteer);
    let first = p.clearance(frank, granted(SP, d(2025, 12, 1), "SP/2025/44"));
    p.renew(first, granted(SP, d(2026, 11, 10), "SP/2026/19"));
    let morag = p.facilitator("Morag S. (NA)", volunteer);
    p.clearance(morag, undecided(SP, ClearanceStatus::Applied, d(2026, 8, 1), None));
    let kenny = p.facilitator("Kenny L. (CA)", volunteer);
    p.clearance(kenny, undecided(SP, ClearanceStatus::Refused, d(2026, 5, 1), Some("SP/2026/03")));
    let sandra = p.facilitator("Sandra P. (SMART)", volunteer);
    p.clearance(sandra, undecided(ClearanceKind::PhotoCard, ClearanceStatus::Withdrawn, d(2026, 2, 10), None));
    // A long name and reference wrap in their cells (the row grows; nothing runs over).
    let long = p.facilitator(LONG_NAME, volunteer);
    p.clearance(long, granted(SP, d(2026, 4, 2), "HMPPS/SP/2026/000123/after-appeal-Ref-Ex"));
    let tam = p.facilitator("Tam B. (AA)", volunteer);
    p.clearance(tam, undecided(SP, ClearanceStatus::Refused, d(2025, 9, 1), Some("SP/2025/30")));
    p.stood_in(bill, des, d(2026, 11, 9), "Bill was ill; Des ran it with an officer in the room");
    p
}

// ---------------------------------------------------------------------------------------------
// Reading PDFs back

/// Page `page`'s text, laid out as on the page (`-layout`: a table row stays one line).
fn page_text(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    let (ok, text) = run("pdftotext", &["-q", "-layout", "-enc", "UTF-8", "-f", &n, "-l", &n, pdf.to_str().unwrap(), "-"]);
    assert!(ok, "pdftotext failed on page {page}: {text}");
    text
}

fn all_text(pdf: &Path, pages: usize) -> String {
    (1..=pages).map(|p| page_text(pdf, p)).collect::<Vec<_>>().join("\n")
}

/// The lines of `text` from the line that is just `heading` to the next line that is just one of
/// the other section headings (or the end).
fn section<'a>(text: &'a str, heading: &str, headings: &[String]) -> Vec<&'a str> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| l.trim() == heading).unwrap_or_else(|| panic!("no heading {heading:?} in\n{text}"));
    let end = lines[start + 1..].iter().position(|l| headings.iter().any(|h| l.trim() == h)).map_or(lines.len(), |i| start + 1 + i);
    lines[start + 1..end].to_vec()
}

/// The one line of `lines` on which `name` starts a row, split into its cells (two or more
/// spaces apart).
fn row<'a>(lines: &[&'a str], name: &str) -> Vec<&'a str> {
    let found: Vec<&&str> = lines.iter().filter(|l| l.trim_start().starts_with(name)).collect();
    assert_eq!(found.len(), 1, "{name:?} should start one row of\n{}", lines.join("\n"));
    found[0].split("  ").map(str::trim).filter(|c| !c.is_empty()).collect()
}

fn squashed_lines(lines: &[&str]) -> String {
    lines.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn headings(within_days: u32) -> Vec<String> {
    vec![expiring_heading(within_days), LAPSED.into(), CLEARED.into(), WAITING.into(), REFUSED.into(), HELD_UNCLEARED.into()]
}

// ---------------------------------------------------------------------------------------------
// The report from a real file

#[test]
fn a_report_from_the_store_reads_back_with_every_section_in_order() {
    let prison = perth();
    let report = prison.report();
    let dir = tempfile::tempdir().unwrap();
    let (pdf, pages) = written(dir.path(), "clearances.pdf", &recovery_register::reports::clearance_pdf(&report));
    assert_eq!(pages, 2, "a dozen lines, then the incident on a second page");
    let text = all_text(&pdf, pages);

    for words in [TITLE, "HMP Perth", "as at 16/11/2026", "Page 1 of 2", "Page 2 of 2", "by Recovery Register"] {
        assert!(text.contains(words), "{words:?} missing:\n{text}");
    }
    // The summary: Frank's replaced clearance is not counted among those cleared today.
    assert_eq!(report.cleared.len(), 7);
    let summary: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.contains("Cleared today:") || l.contains("in the last 12 months:") || l.contains("Held without a cleared facilitator:")
        })
        .collect();
    let squashed = summary.join(" · ").split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(
        squashed,
        "Cleared today: 6 · Expiring within 90 days: 2 · Lapsed: 1 · Waiting: 2 · Refused or withdrawn in the last 12 months: 2 · \
         Held without a cleared facilitator: 1",
        "{text}"
    );

    // The six headings, each on its own line, in order.
    let hs = headings(report.within_days);
    let at: Vec<usize> =
        hs.iter().map(|h| text.lines().position(|l| l.trim() == h).unwrap_or_else(|| panic!("no heading {h:?}:\n{text}"))).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "sections out of order: {at:?}");
    assert!(!text.contains(NONE), "every section has content:\n{text}");

    let expiring = section(&text, &hs[0], &hs);
    assert_eq!(
        row(&expiring, "Anne M. (AA)"),
        ["Anne M. (AA)", "Standard Plus (completed sentences)", "25/12/2026", "39", "renewal in progress"]
    );
    assert_eq!(row(&expiring, "Łukasz Żółć"), ["Łukasz Żółć", "Standard Plus (on licence)", "09/01/2027", "54", "none recorded"]);
    let anne = expiring.iter().position(|l| l.contains("Anne M.")).unwrap();
    let lukasz = expiring.iter().position(|l| l.contains("Łukasz")).unwrap();
    assert!(anne < lukasz, "soonest first");

    let lapsed = section(&text, LAPSED, &hs);
    assert_eq!(
        row(&lapsed, "Des O'B. (CA)"),
        ["Des O'B. (CA)", "Standard Plus (completed sentences)", "02/11/2026", "14", "none recorded"]
    );

    let cleared = section(&text, CLEARED, &hs);
    assert_eq!(row(&cleared, "Alison Grant"), ["Alison Grant", "Enhanced vetting", "01/03/2024", "no fixed end", "EV-2024-118"]);
    assert_eq!(
        row(&cleared, "Bill W. (AA)"),
        ["Bill W. (AA)", "Standard Plus (completed sentences)", "01/06/2026", "31/05/2027", "SP/2026/07"]
    );
    // Renewed early: only the renewal, not the clearance it replaces.
    assert_eq!(
        row(&cleared, "Frank T. (AA)"),
        ["Frank T. (AA)", "Standard Plus (completed sentences)", "10/11/2026", "09/11/2027", "SP/2026/19"]
    );
    assert!(!text.contains("30/11/2026"), "the replaced clearance is listed:\n{text}");
    for name in ["Anne M. (AA)", "Łukasz Żółć"] {
        row(&cleared, name);
    }
    assert!(!cleared.iter().any(|l| l.contains("Des O'B.")), "a lapsed clearance is not cleared");
    let long = squashed_lines(&cleared);
    assert!(long.contains("Bernadette Quinn-MacGillÌosa") && long.contains("Glasgow North East"), "{long}");

    let waiting = section(&text, WAITING, &hs);
    assert_eq!(row(&waiting, "Morag S. (NA)"), ["Morag S. (NA)", "Standard Plus (completed sentences)", "Applied", "01/08/2026", "107"]);
    assert_eq!(
        row(&waiting, "Anne M. (AA)"),
        ["Anne M. (AA)", "Standard Plus (completed sentences)", "In progress (renewal)", "27/10/2026", "20"]
    );

    let refused = section(&text, REFUSED, &hs);
    assert_eq!(
        row(&refused, "Kenny L. (CA)"),
        ["Kenny L. (CA)", "Standard Plus (completed sentences)", "Refused", "01/05/2026", "SP/2026/03"]
    );
    assert_eq!(row(&refused, "Sandra P. (SMART)"), ["Sandra P. (SMART)", "Photo-card access", "Withdrawn", "10/02/2026", "–"]);
    assert!(!text.contains("Tam B."), "a refusal older than twelve months is left out:\n{text}");

    let incidents = squashed_lines(&section(&text, HELD_UNCLEARED, &hs));
    for words in ["09/11/2026", "Cocaine Anonymous", "On 09/11/2026: Des O'B. (CA) is", "Bill was ill; Des ran it", "Local administrator"] {
        assert!(incidents.contains(words), "{words:?} missing from the incidents: {incidents}");
    }

    // Notes are not printed.
    assert!(!text.contains("Chased by phone"));
}

#[test]
fn the_demo_report_shows_the_lapsed_and_the_expiring_volunteer() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
    store.set_today(today());
    let actor = Actor::local_administrator();
    generate(&mut store, &actor, Scale::Establishment, 1, today()).unwrap();
    let report = store.clearance_report(&actor, "PER").unwrap();
    let (pdf, pages) = written(dir.path(), "demo-clearances.pdf", &recovery_register::reports::clearance_pdf(&report));
    let text = all_text(&pdf, pages);
    assert!(text.contains(TITLE) && text.contains("HMP Perth") && text.contains("as at 16/11/2026"), "{text}");
    assert!(text.contains(&format!("Page 1 of {pages}")), "{text}");
    let hs = headings(report.within_days);
    // The demo's volunteer lapsed a fortnight ago, on 02/11/2026; the other runs out in 40 days.
    assert_eq!(row(&section(&text, LAPSED, &hs), "Des O'B. (CA)")[2..4], ["02/11/2026", "14"]);
    assert_eq!(row(&section(&text, &hs[0], &hs), "Anne M. (AA)")[2..], ["26/12/2026", "40", "renewal in progress"]);
    assert_eq!(row(&section(&text, WAITING, &hs), "Anne M. (AA)")[2..], ["In progress (renewal)", "27/10/2026", "20"]);
    // Nothing refused in the demo: the section says so rather than printing a bare header.
    let refused = section(&text, REFUSED, &hs);
    assert_eq!(refused.iter().map(|l| l.trim()).find(|l| !l.is_empty()), Some(NONE), "{}", refused.join("\n"));
}

#[test]
fn empty_sections_say_none_instead_of_a_bare_header() {
    let mut p = Prison::new();
    let bill = p.facilitator("Bill W. (AA)", FacilitatorKind::Volunteer);
    p.clearance(bill, granted(SP, d(2026, 6, 1), "SP/2026/07"));
    let report = p.report();
    let dir = tempfile::tempdir().unwrap();
    let (pdf, pages) = written(dir.path(), "one-clearance.pdf", &recovery_register::reports::clearance_pdf(&report));
    let text = all_text(&pdf, pages);
    let hs = headings(report.within_days);
    for h in [&hs[0], &hs[1], &hs[3], &hs[4], &hs[5]] {
        let lines = section(&text, h, &hs);
        let first = lines.iter().map(|l| l.trim()).find(|l| !l.is_empty());
        assert_eq!(first, Some(NONE), "{h}:\n{text}");
    }
    assert_eq!(text.matches(NONE).count(), 5, "{text}");
    // Only the one table's header is printed.
    assert_eq!(text.matches("Clearance").count(), 1, "{text}");
    assert!(text.contains("Cleared today: 1") && text.contains("Lapsed: 0"), "{text}");
}

#[test]
fn names_the_fonts_cannot_draw_are_marked_not_printed_as_boxes() {
    let mut p = perth();
    let wang = p.facilitator("王小明", FacilitatorKind::Volunteer);
    p.clearance(wang, granted(SP, d(2026, 7, 1), "SP/2026/11"));
    let report = p.report();
    assert_eq!(names_without_glyphs(&report, Fonts::shared()), ["王小明"]);
    let dir = tempfile::tempdir().unwrap();
    let (pdf, pages) = written(dir.path(), "unprintable.pdf", &recovery_register::reports::clearance_pdf(&report));
    let text = all_text(&pdf, pages);
    let squashed = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(squashed(&text).contains(&squashed(UNPRINTABLE_NAMES)), "no notice:\n{text}");
    let hs = headings(report.within_days);
    assert_eq!(row(&section(&text, CLEARED, &hs), "???")[..2], ["???", "Standard Plus (completed sentences)"]);
    // The other names, accents and all, print as they are.
    assert!(text.contains("Łukasz Żółć"), "{text}");

    // Without such a name, no notice.
    let fine = perth().report();
    assert!(names_without_glyphs(&fine, Fonts::shared()).is_empty());
    let (pdf, pages) = written(dir.path(), "printable.pdf", &recovery_register::reports::clearance_pdf(&fine));
    assert!(!squashed(&all_text(&pdf, pages)).contains("cannot print"));
}

// ---------------------------------------------------------------------------------------------
// Pure layout

/// Every character 2 mm wide at 10 pt whatever the face (the crate's own `layout::FixedWidth`,
/// which is only visible to its unit tests).
struct FixedWidth;

impl Measure for FixedWidth {
    fn width_mm(&self, _face: Face, size_pt: f32, text: &str) -> f32 {
        text.chars().count() as f32 * 0.2 * size_pt
    }
}

fn waiting_line(i: usize) -> ClearanceLine {
    ClearanceLine {
        clearance: Clearance {
            id: ClearanceId::new(),
            facilitator_id: FacilitatorId::new(),
            establishment_id: EstablishmentId::new(),
            details: ClearanceDetails {
                kind: SP,
                status: ClearanceStatus::Applied,
                applied_on: Some(d(2026, 9, 1) + chrono::Days::new(i as u64 % 60)),
                granted_on: None,
                expires_on: None,
                reference: None,
                notes: None,
            },
            renews: None,
        },
        facilitator_name: format!("Applicant {i:03}"),
        facilitator_kind: FacilitatorKind::Volunteer,
        establishment_code: "PER".into(),
        renewed_by: None,
        expiry_note: None,
        waiting_note: None,
    }
}

fn long_waiting_list(n: usize) -> ClearanceReport {
    ClearanceReport {
        establishment: Establishment { id: EstablishmentId::new(), code: "PER".into(), name: "HMP Perth".into() },
        today: today(),
        within_days: 90,
        cleared: vec![],
        expiring: vec![],
        lapsed: vec![],
        refused: vec![],
        waiting: (0..n).map(waiting_line).collect(),
        held_uncleared: vec![],
    }
}

fn texts(page: &Page) -> Vec<&str> {
    page.elements.iter().filter_map(|e| if let Element::Text { text, .. } = e { Some(text.as_str()) } else { None }).collect()
}

/// The baseline of each text on the page that equals `what`.
fn ys_of(page: &Page, what: &str) -> Vec<f32> {
    page.elements
        .iter()
        .filter_map(|e| match e {
            Element::Text { text, y, .. } if text == what => Some(*y),
            _ => None,
        })
        .collect()
}

#[test]
fn a_long_list_flows_onto_more_pages_with_the_header_repeated_and_no_row_split() {
    let report = long_waiting_list(90);
    let pages = clearance_report_pages(&report, "16/11/2026 09:00", &FixedWidth);
    assert!(pages.len() >= 2, "90 applications fit on {} page", pages.len());
    let n = pages.len();
    let mut seen = 0;
    for (i, page) in pages.iter().enumerate() {
        let t = texts(page);
        let rows: Vec<&str> = t.iter().copied().filter(|t| t.starts_with("Applicant ")).collect();
        assert!(!rows.is_empty(), "page {} has no rows", i + 1);
        seen += rows.len();
        // The header once on every page, above every row on it.
        let header = ys_of(page, "Clearance");
        assert_eq!(header.len(), 1, "page {}: {t:?}", i + 1);
        for r in &rows {
            assert!(ys_of(page, r)[0] < header[0], "page {}: {r} above the header", i + 1);
        }
        assert!(t.contains(&format!("Page {} of {n}", i + 1).as_str()), "{t:?}");
        if i > 0 {
            assert!(t.iter().any(|t| t.starts_with(TITLE)), "page {}: no running head: {t:?}", i + 1);
        }
    }
    // Each row whole, once: its name and its days waiting on the same page at the same height.
    assert_eq!(seen, 90);
    for page in &pages {
        for i in 0..90 {
            let name = ys_of(page, &format!("Applicant {i:03}"));
            if let [y] = name[..] {
                let waited = (today() - report.waiting[i].clearance.details.applied_on.unwrap()).num_days().to_string();
                assert!(ys_of(page, &waited).iter().any(|w| (w - y).abs() < 1e-3), "row {i} split");
            }
        }
    }
    // The fake's 2 mm characters fit too: nothing leaves the margins or overlaps.
    for (i, page) in pages.iter().enumerate() {
        assert_inside_margins(page, &FixedWidth, &format!("fake page {}", i + 1));
    }
}

#[test]
fn a_long_list_in_the_real_fonts_repeats_its_header_on_every_printed_page() {
    let report = long_waiting_list(90);
    let pages = clearance_report_pages(&report, "16/11/2026 09:00", Fonts::shared());
    for (i, page) in pages.iter().enumerate() {
        assert_inside_margins(page, Fonts::shared(), &format!("page {}", i + 1));
    }
    let dir = tempfile::tempdir().unwrap();
    let (pdf, count) = written(dir.path(), "long.pdf", &recovery_register::reports::clearance_pdf(&report));
    assert_eq!(count, pages.len());
    assert!(count >= 2, "{count} page");
    for p in 1..=count {
        let text = page_text(&pdf, p);
        assert!(text.contains(&format!("Page {p} of {count}")), "page {p}:\n{text}");
        let header = text.lines().find(|l| l.contains("Name") && l.contains("Clearance") && l.contains("Applied"));
        assert!(header.is_some(), "page {p} has no header row:\n{text}");
    }
    let text = all_text(&pdf, count);
    for i in 0..90 {
        assert_eq!(text.matches(&format!("Applicant {i:03}")).count(), 1, "applicant {i}");
    }
}

#[test]
fn the_store_report_stays_inside_the_margins_without_overlaps() {
    let report = perth().report();
    let pages = clearance_report_pages(&report, "16/11/2026 09:00", Fonts::shared());
    for (i, page) in pages.iter().enumerate() {
        assert_inside_margins(page, Fonts::shared(), &format!("page {}", i + 1));
    }
}

/// Every text inside the margins by its measured width, ascent and descent; nothing but the
/// footer below the body; no two texts' boxes overlapping.
fn assert_inside_margins(page: &Page, m: &dyn Measure, case: &str) {
    assert_eq!((page.width_mm, page.height_mm), (PAGE_WIDTH, PAGE_HEIGHT), "{case}: not A4 portrait");
    for e in &page.elements {
        if let Element::Text { text, size_pt, .. } = e {
            assert!(text.is_empty() || *size_pt >= 6.0, "{case}: {text:?} at {size_pt} pt is too small to read");
        }
    }
    let boxes = pdf::text_boxes(page, m, 0.25, 0.8);
    let footer: Vec<&str> = boxes.iter().filter(|b| b.1 + 0.25 < BODY_BOTTOM).map(|b| b.4).collect();
    assert_eq!(footer.len(), 2, "{case}: the footer band holds {footer:?}");
    for b in &boxes {
        let inside =
            b.0 >= MARGIN - 1e-3 && b.2 <= PAGE_WIDTH - MARGIN + 1e-3 && b.1 >= MARGIN - 1e-3 && b.3 <= PAGE_HEIGHT - MARGIN + 1e-3;
        assert!(inside, "{case}: {:?} ({:.1}..{:.1} x {:.1}..{:.1}) leaves the margins", b.4, b.0, b.2, b.1, b.3);
    }
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            // A little less than the full boxes: glyphs of two lines set solid may touch.
            let apart = a.2 <= b.0 + 1e-3 || b.2 <= a.0 + 1e-3 || a.3 - 0.1 * (a.3 - a.1) <= b.1 || b.3 - 0.1 * (b.3 - b.1) <= a.1;
            assert!(apart, "{case}: {:?} and {:?} overlap", a.4, b.4);
        }
    }
}

#[test]
fn the_margin_check_can_fail() {
    let report = perth().report();
    let mut page = clearance_report_pages(&report, "16/11/2026 09:00", Fonts::shared()).remove(0);
    let Some(Element::Text { x, .. }) =
        page.elements.iter_mut().find(|e| matches!(e, Element::Text { text, .. } if text == "Bill W. (AA)"))
    else {
        panic!("no Bill W. on the page")
    };
    // Into the next column: it now overlaps the clearance's kind.
    *x += 40.0;
    let caught = std::panic::catch_unwind(|| assert_inside_margins(&page, Fonts::shared(), "deliberate"));
    assert!(caught.is_err());
}
