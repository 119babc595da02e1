//! The monthly report and the printable register sheet as real PDFs, read back with the tools a
//! reader's machine would use (poppler's `pdftotext`, `pdffonts`, `pdfinfo`, and `qpdf --check`),
//! from reports built by hand: 60 groups over two establishments so the group table runs over
//! several pages, a group small enough to be suppressed, an empty month; and a register of 30
//! people with names in several scripts. Plus pure checks over the laid-out pages: everything
//! inside the margins, nothing in the footer's band but the footer.

use crate::support::pdf;
use pdf::run;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveTime};
use recovery_register::model::*;
use recovery_register::pdf::draw::{render, Fonts};
use recovery_register::pdf::layout::{Align, Element, Face, Measure, Page, MM_PER_PT};
use recovery_register::pdf::register_sheet::{self, register_sheet_pages, REASON_CODES};
use recovery_register::pdf::report::{monthly_report_pages, nothing_recorded, ReportOptions, SMALL_NUMBERS_SUPPRESSED};
use recovery_register::pdf::table::{BODY_BOTTOM, MARGIN, PAGE_HEIGHT, PAGE_WIDTH};
use recovery_register::reports::csv::Disclosure;
use recovery_register::reports::monthly::{Count, EventMonth, GroupMonth, MonthFigures, MonthlyReport, WeekFigures};
use recovery_register::rules::attendance::{percent, AttendanceCounts};
use recovery_register::rules::liberation::Continuity;
use recovery_register::store::{LiberationFigures, Register, RegisterLine};

// ---------------------------------------------------------------------------------------------
// Fixtures: a month built by hand

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// One group's month in a few numbers; the rest of `MonthFigures` follows from them.
#[derive(Clone, Copy)]
struct G {
    held: u32,
    cancelled: u32,
    present: u32,
    late: u32,
    absent_person: u32,
    absent_regime: u32,
    absent_appointment: u32,
    people: u32,
    new: u32,
    withdrew: u32,
    completed: u32,
    certificates: u32,
}

impl G {
    fn figures(self) -> MonthFigures {
        let counts = AttendanceCounts {
            expected: self.present + self.late + self.absent_person + self.absent_regime + self.absent_appointment,
            present: self.present,
            late: self.late,
            left_early: 0,
            absent_person: self.absent_person,
            absent_regime: self.absent_regime,
            absent_appointment: self.absent_appointment,
            unmarked: 0,
        };
        let counted =
            |list: &[(AbsenceReason, u32)]| list.iter().filter(|(_, n)| *n > 0).map(|&(what, count)| Count { what, count }).collect();
        let leavers = [(LeavingReason::Completed, self.completed), (LeavingReason::Withdrew, self.withdrew)];
        MonthFigures {
            sessions_planned: self.held + self.cancelled,
            sessions_held: self.held,
            sessions_cancelled: self.cancelled,
            sessions_not_recorded: 0,
            cancellations: if self.cancelled > 0 {
                vec![Count { what: CancellationReason::Lockdown, count: self.cancelled }]
            } else {
                vec![]
            },
            counts,
            unique_people: self.people,
            new_enrolments: self.new,
            leavers: leavers.iter().filter(|(_, n)| *n > 0).map(|&(what, count)| Count { what, count }).collect(),
            completions: self.completed,
            certificates_issued: self.certificates,
            absences: counted(&[
                (AbsenceReason::ChoseNotToAttend, self.absent_person),
                (AbsenceReason::WingLockdown, self.absent_regime),
                (AbsenceReason::Healthcare, self.absent_appointment),
            ]),
            ..MonthFigures::default()
        }
    }
}

/// The small group: 3 attendances from 2 people, everything else 0 or at least 5.
const TINY: &str = "Tiny Tuesday";
const TINY_G: G = G {
    held: 5,
    cancelled: 0,
    present: 3,
    late: 0,
    absent_person: 7,
    absent_regime: 0,
    absent_appointment: 0,
    people: 2,
    new: 0,
    withdrew: 0,
    completed: 0,
    certificates: 0,
};

/// A long name that has to shrink or wrap in its column.
const LONG: &str = "Thursday Afternoon Peer-Led Recovery and Relapse Prevention Group for Residential Hall C";

/// Group `i`'s name: short and unique (no name is part of another), a few long ones and accents.
fn group_name(i: u32) -> String {
    match i {
        0 => TINY.to_string(),
        7 => LONG.to_string(),
        _ => {
            let base = ["Recovery Café", "SMART Recovery", "Alcoholics Anonymous", "Peer Mentors", "Mairéad's Group", "Łukasz's Circle"];
            format!("{} {:02}", base[i as usize % base.len()], i)
        }
    }
}

fn group_g(i: u32) -> G {
    if i == 0 {
        return TINY_G;
    }
    G {
        held: 4 + i % 5,
        cancelled: i % 3,
        present: 20 + (i * 7) % 41,
        late: 5 + i % 4,
        absent_person: 5 + i % 6,
        absent_regime: if i.is_multiple_of(4) { 0 } else { 5 + i % 7 },
        absent_appointment: if i.is_multiple_of(5) { 0 } else { 5 + i % 3 },
        people: 6 + i % 9,
        new: if i.is_multiple_of(2) { 0 } else { 5 + i % 3 },
        withdrew: if i.is_multiple_of(6) { 6 } else { 0 },
        completed: if i % 10 == 3 { 8 } else { 0 },
        certificates: if i % 10 == 3 { 7 } else { 0 },
    }
}

/// Last month: fewer came, one session fewer in some groups, the regime kept more away in others.
fn previous_g(i: u32) -> G {
    let g = group_g(i);
    G {
        held: g.held - i % 2,
        present: g.present.saturating_sub(6 + i % 5),
        absent_regime: if g.absent_regime > 0 { g.absent_regime + i % 4 } else { 0 },
        absent_person: g.absent_person + i % 3,
        people: g.people - i % 2,
        ..g
    }
}

fn establishment(code: &str, name: &str) -> Establishment {
    Establishment { id: EstablishmentId::new(), code: code.into(), name: name.into() }
}

fn add_into(total: &mut MonthFigures, f: &MonthFigures) {
    fn merge<T: Copy + Ord>(into: &mut Vec<Count<T>>, from: &[Count<T>]) {
        for c in from {
            match into.iter_mut().find(|x| x.what == c.what) {
                Some(x) => x.count += c.count,
                None => into.push(*c),
            }
        }
        into.sort_by_key(|c| c.what);
    }
    total.sessions_planned += f.sessions_planned;
    total.sessions_held += f.sessions_held;
    total.sessions_cancelled += f.sessions_cancelled;
    merge(&mut total.cancellations, &f.cancellations);
    total.counts.add(&f.counts);
    total.unique_people += f.unique_people;
    total.new_enrolments += f.new_enrolments;
    merge(&mut total.leavers, &f.leavers);
    total.completions += f.completions;
    total.certificates_issued += f.certificates_issued;
    merge(&mut total.absences, &f.absences);
}

/// October 2026: `n` groups split between two prisons (or all in one), totals summed, and the
/// month's attendances spread over its five weeks (w/c 28/09 to w/c 26/10).
fn october(n: u32, two_prisons: bool) -> MonthlyReport {
    let mut establishments = vec![establishment("LOW", "HMP Low Moss")];
    if two_prisons {
        establishments.push(establishment("PER", "HMP Perth"));
    }
    let groups: Vec<GroupMonth> = (0..n)
        .map(|i| GroupMonth {
            group_id: GroupId::new(),
            group_name: group_name(i),
            establishment_code: if two_prisons && i >= n / 2 { "PER" } else { "LOW" }.into(),
            kind: GroupKind::PeerLed,
            figures: group_g(i).figures(),
            previous: previous_g(i).figures(),
        })
        .collect();
    let (mut totals, mut previous_totals) = (MonthFigures::default(), MonthFigures::default());
    for g in &groups {
        add_into(&mut totals, &g.figures);
        add_into(&mut previous_totals, &g.previous);
    }
    // Some people go to more than one group.
    totals.unique_people -= totals.unique_people / 5;
    previous_totals.unique_people -= previous_totals.unique_people / 5;
    let attended = totals.counts.attended();
    let shares = [10, 25, 25, 25, 15];
    let mut weeks: Vec<WeekFigures> = shares
        .iter()
        .enumerate()
        .map(|(i, share)| WeekFigures {
            week_starting: d(2026, 9, 28) + chrono::Days::new(7 * i as u64),
            sessions_held: totals.sessions_held * share / 100,
            attendances: attended * share / 100,
        })
        .collect();
    weeks[4].attendances += attended - weeks.iter().map(|w| w.attendances).sum::<u32>();
    MonthlyReport {
        month: "2026-10".into(),
        month_label: "October 2026".into(),
        establishments,
        totals,
        previous_totals,
        groups,
        weeks,
        events: vec![
            october_event(EventKind::RecoveryWalk, "Recovery walk to Kinnoull Hill", 10, Some("Sports field"), [11, 0, 4]),
            october_event(EventKind::FamilyDay, "Family day", 24, Some("Visits Hall"), [23, 31, 6]),
        ],
        event_people: 29,
        // 7 liberations: 4 engaged within three weeks, 2 not, 1 still within them.
        liberation: LiberationFigures {
            liberations: 7,
            liberated_with_referral: 6,
            referrals_made: 9,
            continuity: Continuity { liberated: 7, engaged: 4, not_engaged: 2, still_open: 1 },
        },
        previous_liberation: LiberationFigures {
            liberations: 10,
            liberated_with_referral: 8,
            referrals_made: 12,
            continuity: Continuity { liberated: 10, engaged: 6, not_engaged: 4, still_open: 0 },
        },
        waiting: Default::default(),
        previous_waiting: Default::default(),
        capital: Default::default(),
        previous_capital: Default::default(),
        peers: Default::default(),
        previous_peers: Default::default(),
        short_label: String::new(),
        previous_label: String::new(),
        previous_short_label: String::new(),
        audit_head: Some(recovery_register::store::AuditAnchor {
            seq: 12_345,
            hash: "3f2a9b1c0d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8".into(),
        }),
    }
}

/// An event in the sample October: `came` is named, not named, visitors.
fn october_event(kind: EventKind, title: &str, day: u32, place: Option<&str>, came: [u32; 3]) -> EventMonth {
    let [named, unnamed, visitors] = came;
    EventMonth {
        session_id: SessionId::new(),
        establishment_code: "LOW".into(),
        kind,
        title: title.into(),
        held_on: d(2026, 10, day),
        place: place.map(str::to_string),
        status: SessionStatus::Held,
        named,
        unnamed,
        visitors,
    }
}

fn empty_october() -> MonthlyReport {
    MonthlyReport {
        month: "2026-10".into(),
        month_label: "October 2026".into(),
        establishments: vec![establishment("LOW", "HMP Low Moss")],
        totals: MonthFigures::default(),
        previous_totals: MonthFigures::default(),
        groups: vec![],
        weeks: (0..5)
            .map(|i| WeekFigures { week_starting: d(2026, 9, 28) + chrono::Days::new(7 * i), sessions_held: 0, attendances: 0 })
            .collect(),
        events: vec![],
        event_people: 0,
        liberation: LiberationFigures::default(),
        previous_liberation: LiberationFigures::default(),
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

fn options(suppress_small: bool) -> ReportOptions {
    ReportOptions::monthly(Disclosure { suppress_small }, "23/11/2026 14:05")
}

// ---------------------------------------------------------------------------------------------
// Reading PDFs back

/// Renders `pages` into `dir/name` and checks what every PDF must pass: qpdf's structural check,
/// every font embedded, and as many pages as were laid out.
fn written(dir: &Path, name: &str, pages: &[Page]) -> PathBuf {
    let (path, count) = pdf::written(dir, name, &render(pages, Fonts::shared(), name, &Default::default()));
    assert_eq!(count, pages.len(), "{name}: pdfinfo counts {count} pages, {} were laid out", pages.len());
    path
}

/// Page `page`'s text, laid out as on the page (`-layout`: a table row stays one line).
fn page_text(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    let (ok, text) = run("pdftotext", &["-q", "-layout", "-enc", "UTF-8", "-f", &n, "-l", &n, pdf.to_str().unwrap(), "-"]);
    assert!(ok, "pdftotext failed on page {page}: {text}");
    text
}

fn pages_text(pdf: &Path, count: usize) -> Vec<String> {
    (1..=count).map(|p| page_text(pdf, p)).collect()
}

/// The words after `name` on the one line where `name` is followed by a column gap: a row's
/// figures (and, on the first page, whatever stands to the right of them).
fn row_after<'a>(text: &'a str, name: &str) -> Option<Vec<&'a str>> {
    let cell = format!("{name}  ");
    text.lines().find_map(|l| {
        let at = l.find(&cell)?;
        // The name starts a cell: at the line's start or after a gap.
        let starts_cell =
            at == 0 || l[..at].ends_with("  ") || l[..at].trim().is_empty() || ["LOW ", "PER "].iter().any(|c| l[..at].trim_start() == *c);
        starts_cell.then(|| l[at + name.len()..].split_whitespace().collect())
    })
}

/// What a group's row should say, worked out from the fixture's numbers.
fn expected_row(g: G, before: G, hide: bool) -> Vec<String> {
    let d = Disclosure { suppress_small: hide };
    let f = g.figures();
    let c = f.counts;
    vec![
        d.count(g.held),
        d.count(g.cancelled),
        d.count(g.present + g.late),
        // No headcounts in these groups: nobody unnamed, no visitors.
        d.count(0),
        d.count(0),
        d.count(g.people),
        percent(c.rate()),
        percent(c.rate_when_able()),
        d.count(g.new),
        d.count(g.withdrew + g.completed),
        d.count(g.completed),
        d.count(g.certificates),
        d.change(g.present + g.late, before.present + before.late),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect()
}

// ---------------------------------------------------------------------------------------------
// The monthly report

const HEADER_WORDS: [&str; 10] =
    ["Group", "Held", "Cancelled", "Attendances", "Unnamed", "Visitors", "People", "Leavers", "Completions", "Certificates"];

#[test]
fn sixty_groups_run_over_several_pages_with_the_header_on_each_and_every_figure_readable() {
    let dir = tempfile::tempdir().unwrap();
    let report = october(60, true);
    let pages = monthly_report_pages(&report, &options(false), Fonts::shared());
    assert!(pages.len() >= 3, "60 groups fit on {} pages", pages.len());
    let pdf = written(dir.path(), "monthly-report.pdf", &pages);
    let texts = pages_text(&pdf, pages.len());
    let n = pages.len();

    for (i, t) in texts.iter().enumerate() {
        assert!(t.contains(&format!("Page {} of {n}", i + 1)), "page {}:\n{t}", i + 1);
        assert!(t.contains("Generated 23/11/2026 14:05 by Recovery Register"), "page {}:\n{t}", i + 1);
        // The audit trail's anchor, on paper: what `audit check --anchor` is given.
        assert!(t.contains("audit trail at entry 12,345 · 3f2a9b1c0d4e5f60"), "page {}:\n{t}", i + 1);
    }
    let first = &texts[0];
    for words in [
        "Monthly attendance report",
        "October 2026",
        "HMP Low Moss (LOW), HMP Perth (PER)",
        "Attendances per week",
        "w/c 28/09",
        "w/c 26/10",
    ] {
        assert!(first.contains(words), "{words:?} not on the first page:\n{first}");
    }
    assert!(!first.contains("Small numbers are suppressed"));

    // The summary: this month, last month, change, from the totals.
    let (t, p) = (&report.totals, &report.previous_totals);
    // The first three words after a label: this month, last month, change (the absences table
    // stands to the right on the same lines).
    let summary =
        |label: &str| row_after(first, label).unwrap_or_else(|| panic!("no {label:?} row on the first page:\n{first}"))[..3].to_vec();
    let shown = Disclosure::default();
    assert_eq!(
        summary("Sessions held"),
        [t.sessions_held.to_string(), p.sessions_held.to_string(), shown.change(t.sessions_held, p.sessions_held)]
    );
    assert_ne!(t.sessions_held, p.sessions_held, "the fixture's months differ");
    let (now, before) = (t.named_attendances(), p.named_attendances());
    assert_eq!(summary("Attendances (named)"), [now.to_string(), before.to_string(), format!("+{}", now - before)]);
    assert_eq!(summary("Attendance rate")[..2], [percent(t.counts.rate()), percent(p.counts.rate())]);
    assert_eq!(summary("Lockdown")[..2], [t.sessions_cancelled.to_string(), p.sessions_cancelled.to_string()]);
    assert_eq!(summary("Wing lockdown")[0], t.counts.absent_regime.to_string());

    // Every group on exactly one page, whole, its header above it; the totals at the end.
    let table_pages: Vec<usize> = (0..n).filter(|&i| (0..60).any(|g| texts[i].contains(&group_name(g)) && g != 7)).collect();
    assert!(table_pages.len() >= 2, "the table is on pages {table_pages:?}");
    for &i in &table_pages {
        for word in HEADER_WORDS {
            assert!(texts[i].contains(word), "page {}: no {word:?} in the header:\n{}", i + 1, texts[i]);
        }
    }
    for g in (0..60).filter(|&g| g != 7) {
        let name = group_name(g);
        let on: Vec<usize> = (0..n).filter(|&i| row_after(&texts[i], &name).is_some()).collect();
        assert_eq!(on.len(), 1, "{name:?} is on pages {on:?}");
        let row = row_after(&texts[on[0]], &name).unwrap();
        assert_eq!(row, expected_row(group_g(g), previous_g(g), false), "{name:?}");
    }
    let totals = row_after(&texts[n - 1], "All groups").expect("the totals row is on the last page");
    assert_eq!(
        totals[..6],
        [
            t.sessions_held.to_string(),
            t.sessions_cancelled.to_string(),
            now.to_string(),
            "0".into(),
            "0".into(),
            t.unique_people.to_string()
        ]
    );
    assert_eq!(totals.last().unwrap(), &format!("+{}", now - before));

    // The long name is all there, in order, whether shrunk or wrapped.
    let words: Vec<&str> = texts.iter().flat_map(|t| t.split_whitespace()).collect();
    let long: Vec<&str> = LONG.split_whitespace().collect();
    let at = words.iter().position(|w| *w == long[0]).expect("the long name's first word");
    let found: Vec<&str> = words[at..].iter().copied().filter(|w| long.contains(w)).take(long.len()).collect();
    assert_eq!(found, long);

    for (i, page) in pages.iter().enumerate() {
        assert_inside_margins(page, Fonts::shared(), &format!("report page {}", i + 1));
    }
}

#[test]
fn with_small_numbers_suppressed_a_group_of_three_shows_under_five_and_the_first_page_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let report = october(12, false);
    for hide in [false, true] {
        let pages = monthly_report_pages(&report, &options(hide), Fonts::shared());
        let pdf = written(dir.path(), &format!("suppressed-{hide}.pdf"), &pages);
        let texts = pages_text(&pdf, pages.len());
        let row = texts.iter().find_map(|t| row_after(t, TINY)).expect("the tiny group's row");
        assert_eq!(row, expected_row(TINY_G, previous_g(0), hide));
        // Held 5 sessions, 3 attendances from 2 people, 30%.
        assert_eq!(row.contains(&"3"), !hide, "{row:?}");
        assert_eq!(row.contains(&"2"), !hide, "{row:?}");
        assert_eq!(row.iter().filter(|w| **w == "<5").count(), if hide { 2 } else { 0 }, "{row:?}");
        assert!(row.contains(&"5") && row.contains(&"30%"), "{row:?}");
        let flat = texts[0].split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(flat.contains(SMALL_NUMBERS_SUPPRESSED), hide, "{flat}");
        // One establishment: no code column.
        assert!(!texts.iter().any(|t| t.contains("Est.")));
        for (i, page) in pages.iter().enumerate() {
            assert_inside_margins(page, Fonts::shared(), &format!("suppressed={hide} page {}", i + 1));
        }
    }
}

#[test]
fn the_first_page_gives_liberations_referrals_and_continuity_of_care_and_hides_small_counts_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let report = october(12, false);
    for hide in [false, true] {
        let pages = monthly_report_pages(&report, &options(hide), Fonts::shared());
        let pdf = written(dir.path(), &format!("liberation-{hide}.pdf"), &pages);
        let first = page_text(&pdf, 1);
        assert!(first.contains("Liberation and continuity of care"), "{first}");
        let row = |label: &str| row_after(&first, label).unwrap_or_else(|| panic!("no row for {label}:\n{first}"));
        // This month, last month, the change (hidden when either side is suppressed).
        assert_eq!(row("Liberations")[..3], ["7", "10", "-3"]);
        assert_eq!(row("Referrals made")[..3], ["9", "12", "-3"]);
        let engaged = row("Engaged within 3 weeks");
        let not_engaged = row("Not engaged within 3 weeks");
        let open = row("Still within their 3 weeks");
        // 4 of the 6 whose three weeks are over: 66.7%; last month 6 of 10: 60%.
        let rate = row("Continuity of care");
        if hide {
            assert_eq!(engaged[..2], ["<5", "6"], "{engaged:?}");
            assert_eq!(not_engaged[..2], ["<5", "<5"], "{not_engaged:?}");
            assert_eq!(open[..2], ["<5", "0"], "{open:?}");
            assert_eq!(rate[..3], ["–", "–", "–"], "a rate of suppressed counts gives them away: {rate:?}");
        } else {
            assert_eq!(engaged[..3], ["4", "6", "-2"]);
            assert_eq!(not_engaged[..3], ["2", "4", "-2"]);
            assert_eq!(open[..3], ["1", "0", "+1"]);
            assert_eq!(rate[..3], ["66.7%", "60%", "+6.7"], "{rate:?}");
        }
        assert_inside_margins(&pages[0], Fonts::shared(), &format!("liberation suppressed={hide}"));
        assert_no_text_overlaps(&pages[0], Fonts::shared(), &format!("liberation suppressed={hide}"));
    }
}

#[test]
fn an_empty_month_is_a_valid_one_page_report_that_says_nothing_was_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let report = empty_october();
    assert!(report.is_empty());
    for hide in [false, true] {
        let pages = monthly_report_pages(&report, &options(hide), Fonts::shared());
        assert_eq!(pages.len(), 1);
        let pdf = written(dir.path(), &format!("empty-{hide}.pdf"), &pages);
        let text = page_text(&pdf, 1);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(&nothing_recorded("October 2026")), "{flat}");
        assert!(flat.contains("Nothing was recorded for October 2026"), "{flat}");
        assert!(flat.contains("Page 1 of 1"));
        assert_eq!(row_after(&text, "Sessions held").unwrap()[..3], ["0", "0", "0"], "the liberation table stands to the right");
        assert!(!text.contains("All groups"), "no table without groups:\n{text}");
        assert_inside_margins(&pages[0], Fonts::shared(), "empty month");
    }
    // A month with groups is not "nothing recorded".
    let busy = monthly_report_pages(&october(3, false), &options(false), Fonts::shared());
    let said = |pages: &[Page]| {
        pages.iter().flat_map(|p| &p.elements).any(|e| matches!(e, Element::Text { text, .. } if text.starts_with("Nothing was recorded")))
    };
    assert!(!said(&busy));
    // Nor is a month whose only news is the pipeline's: a referral in, someone starting from the
    // waiting list or closed from it, a recovery capital assessment, a peer newly qualified.
    type Change = fn(&mut MonthlyReport);
    let cases: [(&str, Change); 5] = [
        ("a referral received", |r| r.waiting.received = 1),
        ("someone started", |r| r.waiting.started = 1),
        ("a referral closed", |r| r.waiting.closed_without_starting = 1),
        ("an assessment", |r| r.capital.assessed = 1),
        ("a peer qualified", |r| r.peers.newly_qualified = 1),
    ];
    for (case, change) in cases {
        let mut report = empty_october();
        change(&mut report);
        assert!(!report.is_empty(), "{case}");
        assert!(!said(&monthly_report_pages(&report, &options(false), Fonts::shared())), "{case}");
    }
    // People still waiting from before are not news of this month.
    let mut waiting = empty_october();
    waiting.waiting.waiting_at_end = 3;
    assert!(waiting.is_empty());
}

// ---------------------------------------------------------------------------------------------
// The register sheet

/// 30 people on one roster, names in several scripts, some without a prison number (staff) or
/// a location.
fn awkward_register() -> Register {
    let names = [
        ("Siobhán", "Ó Súilleabháin"),
        ("Łukasz", "Żółć"),
        ("Nguyễn Thị", "Minh Khai"),
        ("Zoë", "O'Neill-Smith"),
        ("Ruairí", "Mac Giolla Phádraig"),
        ("Mairéad", "Ní Dhomhnaill"),
        ("Seán", "D'Arcy-O'Connor"),
        ("Aoife", "O’Sullivan"),
        ("Trần", "Hưng Đạo"),
        ("Grzegorz", "Brzęczyszczykiewicz"),
        ("Małgorzata", "Ślęzak-Kołodziej"),
        ("Jiří", "Dvořák"),
        ("Řehoř", "Šťastný"),
        ("Ștefan", "Țurcanu"),
        ("İlkay", "Işık"),
        ("Ağrı Çağlayan", "Öztürk"),
        ("Αικατερίνη", "Παπαδοπούλου"),
        ("Ευάγγελος", "Χατζηγεωργίου"),
        ("Александра Фёдоровна", "Соловьёва"),
        ("Олексій", "Їжакевич"),
        ("Þórunn", "Guðmundsdóttir"),
        ("Ævar", "Østergaard-Ålund"),
        ("Søren", "Kierkegård"),
        ("José María", "Fernández-Muñoz"),
        ("François-Xavier", "Lefèvre"),
        ("Jürgen", "Groß"),
        ("Jo", "Ng"),
        ("Eoghan", "McAllister-MacDonald"),
        ("Maximilian Alexander", "Fitzgerald-Montgomery Ó Súilleabháin-Nic an tSaoir"),
        ("Dáithí", "Nørgaard-Æbelø"),
    ];
    let establishment_id = EstablishmentId::new();
    let lines = names
        .iter()
        .enumerate()
        .map(|(i, (given, family))| {
            let staff = i % 10 == 9;
            RegisterLine {
                participant: Participant {
                    id: ParticipantId::new(),
                    establishment_id,
                    kind: if staff { ParticipantKind::Staff } else { ParticipantKind::InCustody },
                    prison_number: (!staff).then(|| format!("{:06}", 120_000 + i * 37)),
                    given_name: given.to_string(),
                    family_name: family.to_string(),
                    date_of_birth: None,
                    location: (i % 3 != 2).then(|| format!("Hall {}, {}/{:02}", ["A", "B", "C"][i % 3], 1 + i % 4, i)),
                    status: None,
                    status_since: None,
                    expected_liberation: None,
                    printed_name: None,
                },
                mark: None,
                drop_in: false,
            }
        })
        .collect();
    Register {
        headcount: Headcount::default(),
        clearance_problem: None,
        qualification_problem: None,
        event: None,
        session: Session {
            id: SessionId::new(),
            group_id: GroupId::new(),
            held_on: d(2026, 10, 22),
            start_time: NaiveTime::from_hms_opt(14, 0, 0).unwrap(),
            status: SessionStatus::Planned,
            cancellation_reason: None,
            cancellation_note: None,
            topic: None,
            notes: None,
            from_schedule: true,
            cancelled_for_clearance: None,
            facilitators: vec![],
            held_uncleared: None,
        },
        group_name: "Recovery Café – Thursday".into(),
        lines,
    }
}

/// The table header's words (a heading may wrap onto two lines).
const SHEET_HEADER: [&str; 11] = ["Name", "Prison", "number", "Location", "Present", "Late", "Left", "early", "Absent", "Reason", "code"];

#[test]
fn a_register_sheet_of_thirty_awkward_names_gives_every_name_back_exactly_on_two_pages() {
    let dir = tempfile::tempdir().unwrap();
    let register = awkward_register();
    let pages = register_sheet_pages(&register, "HMP Low Moss", Fonts::shared());
    assert_eq!(pages.len(), 2);
    let pdf = written(dir.path(), "register-sheet.pdf", &pages);
    let texts = pages_text(&pdf, 2);

    let first = &texts[0];
    for words in ["Attendance register", "Recovery Café – Thursday", "22/10/2026", "Thursday 22 October 2026", "14:00", "HMP Low Moss"] {
        assert!(first.contains(words), "{words:?} not in the sheet's header:\n{first}");
    }
    for (i, t) in texts.iter().enumerate() {
        for word in SHEET_HEADER {
            assert!(t.contains(word), "page {}: the table header has no {word:?}:\n{t}", i + 1);
        }
        assert!(t.contains(&format!("Page {} of 2", i + 1)));
    }

    // Each name exactly once across the two pages, as the screen lists it ("Family, Given"), on
    // one line with its row number and prison number; a name too long for its column wraps onto
    // a second line, its words in order.
    for (i, line) in register.lines.iter().enumerate() {
        let p = &line.participant;
        let name = p.listed_name();
        let found: Vec<(usize, &str)> =
            texts.iter().enumerate().flat_map(|(i, t)| t.lines().filter(|l| l.contains(&name)).map(move |l| (i, l))).collect();
        if name.chars().count() > 40 {
            assert!(found.is_empty(), "{name:?} did not need to wrap?");
            let all: Vec<&str> = texts.iter().flat_map(|t| t.split_whitespace()).collect();
            let words: Vec<&str> = name.split_whitespace().collect();
            let at = all.iter().position(|w| *w == words[0]).unwrap_or_else(|| panic!("{name:?} missing"));
            let got: Vec<&str> = all[at..].iter().copied().filter(|w| words.contains(w)).take(words.len()).collect();
            assert_eq!(got, words);
            continue;
        }
        assert_eq!(found.len(), 1, "{name:?} found {found:?}");
        assert!(found[0].1.trim_start().starts_with(&format!("{} ", i + 1)), "{name:?} is row {}: {}", i + 1, found[0].1);
        if let Some(number) = &p.prison_number {
            assert!(found[0].1.contains(number.as_str()), "{name:?}: {}", found[0].1);
        }
        if let Some(location) = &p.location {
            assert!(found[0].1.contains(location.as_str()), "{name:?}: {}", found[0].1);
        }
    }

    // The key with every code and label, and the lines to fill in, at the end.
    let last = texts[1].split_whitespace().collect::<Vec<_>>().join(" ");
    for (reason, code) in REASON_CODES {
        assert!(last.contains(&format!("{code} {}", reason.label())), "no {code} {} in the key:\n{last}", reason.label());
    }
    // Five blank numbered rows for drop-ins follow the roster (31 to 35), and lines for the
    // people nobody names.
    let rows: Vec<String> = texts[1].lines().map(|l| l.trim().to_string()).filter(|l| l.parse::<usize>().is_ok()).collect();
    assert_eq!(rows, ["31", "32", "33", "34", "35"], "{}", texts[1]);
    for words in [
        "The person",
        "The regime",
        "Another appointment",
        "Facilitators",
        "Topic",
        "Others present",
        "Visitors",
        "From",
        "Notes",
        "Signed",
    ] {
        assert!(last.contains(words), "{words:?} not on the last page:\n{last}");
    }

    for (i, page) in pages.iter().enumerate() {
        assert_inside_margins(page, Fonts::shared(), &format!("register sheet page {}", i + 1));
    }
}

#[test]
fn the_register_sheet_rows_are_tall_enough_to_tick_and_carry_one_empty_box_per_mark() {
    let mut register = awkward_register();
    // An absence recorded in advance comes pre-printed: its box crossed, its code written.
    let first = register.lines[0].participant.id;
    register.lines[0].mark = Some(Mark::absent(first, AbsenceReason::Court));
    let pages = register_sheet_pages(&register, "HMP Low Moss", Fonts::shared());
    let boxes: Vec<(f32, f32)> = pages
        .iter()
        .flat_map(|p| &p.elements)
        .filter_map(|e| match e {
            Element::Frame { w, h, .. } if (w - h).abs() < 1e-3 && *w < 8.0 => Some((*w, *h)),
            _ => None,
        })
        .collect();
    assert_eq!(boxes.len(), (30 + register_sheet::BLANK_ROWS) * 4, "four tick boxes a person, and a blank row's");
    assert!(boxes.iter().all(|(w, _)| *w >= 4.5), "boxes big enough to tick: {boxes:?}");

    // Rows 9 mm apart: the tick boxes of one column, page by page.
    for page in &pages {
        let mut ys: Vec<f32> = page
            .elements
            .iter()
            .filter_map(|e| match e {
                Element::Frame { x, y, w, .. } if *w < 8.0 && *x < boxes_left_of_late() => Some(*y),
                _ => None,
            })
            .collect();
        ys.sort_by(|a, b| b.partial_cmp(a).unwrap());
        for pair in ys.windows(2) {
            assert!(pair[0] - pair[1] >= register_sheet::ROW_HEIGHT - 1e-3, "rows {} mm apart", pair[0] - pair[1]);
        }
    }
    let crossed = pages[0].elements.iter().filter(|e| matches!(e, Element::Line { width_pt, .. } if *width_pt == 1.0)).count();
    assert_eq!(crossed, 2, "one box crossed (two strokes)");
    let court_code = pages[0].elements.iter().any(|e| matches!(e, Element::Text { text, .. } if text == "C"));
    assert!(court_code, "the court absence's code is pre-printed");
}

/// The "Present" column's boxes lie left of this x (the page is laid out left to right:
/// name 58, number 22, location 26, then 14 mm per mark from x = 121).
fn boxes_left_of_late() -> f32 {
    MARGIN + 58.0 + 22.0 + 26.0 + 14.0
}

#[test]
fn names_the_fonts_cannot_draw_are_found_before_printing() {
    let mut register = awkward_register();
    assert_eq!(register_sheet::names_without_glyphs(&register, Fonts::shared()), Vec::<String>::new());
    let mut line = register.lines[3].clone();
    line.participant.given_name = "小明".into();
    line.participant.family_name = "王".into();
    register.lines.push(line);
    assert_eq!(register_sheet::names_without_glyphs(&register, Fonts::shared()), ["王, 小明"], "as the sheet prints it");
}

#[test]
fn an_empty_roster_still_prints_a_sheet_that_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut register = awkward_register();
    register.lines.clear();
    let pages = register_sheet_pages(&register, "HMP Low Moss", Fonts::shared());
    assert_eq!(pages.len(), 1);
    let pdf = written(dir.path(), "empty-register.pdf", &pages);
    let text = page_text(&pdf, 1);
    assert!(text.contains("Nobody is on this group's roster on 22/10/2026."), "{text}");
    assert_inside_margins(&pages[0], Fonts::shared(), "empty register");
}

// ---------------------------------------------------------------------------------------------
// Pure checks over laid-out pages

/// Every element lies inside the page margins: text by its measured width, its ascent (~0.8 em)
/// and descent (~0.25 em); a line with half its width either side; frames whole. Nothing but
/// the footer ("Page x of y" and the line beside it, and its rule) goes below the body.
fn assert_inside_margins(page: &Page, m: &dyn Measure, case: &str) {
    assert_eq!((page.width_mm, page.height_mm), (PAGE_WIDTH, PAGE_HEIGHT), "{case}: not A4 portrait");
    let (left, right, bottom, top) = (MARGIN, PAGE_WIDTH - MARGIN, MARGIN, PAGE_HEIGHT - MARGIN);
    let inside = |x0: f32, y0: f32, x1: f32, y1: f32| x0 >= left - 1e-3 && x1 <= right + 1e-3 && y0 >= bottom - 1e-3 && y1 <= top + 1e-3;
    let footer_texts: Vec<&str> = page
        .elements
        .iter()
        .filter_map(|e| match e {
            Element::Text { text, y, .. } if *y < BODY_BOTTOM => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(footer_texts.len(), 2, "{case}: the footer band holds {footer_texts:?}");
    assert!(footer_texts.iter().any(|t| t.starts_with("Page ")), "{case}: {footer_texts:?}");
    for e in &page.elements {
        match e {
            Element::Text { text, size_pt, .. } => {
                assert!(*size_pt >= 5.0 || text.is_empty(), "{case}: {text:?} at {size_pt} pt is too small to read");
            }
            Element::Line { from, to, width_pt, .. } => {
                let half = width_pt * MM_PER_PT / 2.0;
                let (x0, x1) = (from.0.min(to.0), from.0.max(to.0));
                let (y0, y1) = (from.1.min(to.1), from.1.max(to.1));
                // A horizontal line's width spreads up and down, a vertical one's sideways.
                let (dx, dy) = if (from.1 - to.1).abs() < 1e-3 { (0.0, half) } else { (half, 0.0) };
                assert!(inside(x0 - dx, y0 - dy, x1 + dx, y1 + dy), "{case}: line {e:?} leaves the margins");
                assert!(*width_pt > 0.0);
            }
            Element::Frame { x, y, w, h, .. } => {
                assert!(inside(*x, *y, x + w, y + h), "{case}: frame {e:?} leaves the margins");
            }
            Element::Picture { x, y, w, h, .. } => assert!(inside(*x, *y, x + w, y + h), "{case}: {e:?}"),
            Element::Modules { x, y, size_mm, .. } => assert!(inside(*x, *y, x + size_mm, y + size_mm), "{case}: {e:?}"),
        }
    }
    for (x0, top, x1, bottom, text) in pdf::text_boxes(page, m, 0.25, 0.8) {
        assert!(inside(x0, top, x1, bottom), "{case}: {text:?} ({x0:.1}..{x1:.1} x {top:.1}..{bottom:.1} mm) leaves the margins");
    }
    assert_no_text_overlaps(page, m, case);
}

/// No two texts' boxes overlap (a cramped column, a row drawn over another, a label on a bar).
fn assert_no_text_overlaps(page: &Page, m: &dyn Measure, case: &str) {
    // Capitals and descenders: a little less than the full box, as glyphs of two lines set solid
    // may touch without colliding.
    let boxes = pdf::text_boxes(page, m, 0.2, 0.7);
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let apart = a.2 <= b.0 || b.2 <= a.0 || a.3 <= b.1 || b.3 <= a.1;
            assert!(apart, "{case}: {:?} and {:?} overlap", a.4, b.4);
        }
    }
}

#[test]
fn the_margin_check_catches_text_off_the_page() {
    // The check itself can fail: a text pushed past the right margin is caught.
    let mut page = monthly_report_pages(&empty_october(), &options(false), Fonts::shared()).remove(0);
    page.elements.push(Element::Text {
        text: "over the edge".into(),
        face: Face::Sans,
        size_pt: 9.0,
        x: PAGE_WIDTH - MARGIN - 5.0,
        y: 150.0,
        align: Align::Left,
        grey: 0.0,
    });
    let caught = std::panic::catch_unwind(|| assert_inside_margins(&page, Fonts::shared(), "deliberate"));
    assert!(caught.is_err());
}

/// A week's paper registers in one PDF, as Today prints them: every session of the week by date
/// and time, each sheet on pages of its own (its own "Page x of y"), the cancelled one left out,
/// and a week with nothing to print refused in words.
#[test]
fn a_weeks_registers_print_in_one_pdf_one_sheet_per_session_in_date_order() {
    use recovery_register::documents::{Document, Format};
    let dir = tempfile::tempdir().unwrap();
    let mut f = crate::support::Fixture::new();
    let (a, est) = (f.actor, f.establishment.id);
    let college = f.programme("Recovery College");
    let cafe = f.programme("Recovery Café");
    let ann = f.prisoner("300001", "Ann", "Able");
    let ben = f.prisoner("300002", "Ben", "Bell");
    f.store.enrol(&a, college.id, ann.id, d(2026, 11, 2)).unwrap();
    f.store.enrol(&a, cafe.id, ben.id, d(2026, 11, 2)).unwrap();
    let at = |h| NaiveTime::from_hms_opt(h, 0, 0);
    f.store.add_session(&a, cafe.id, d(2026, 11, 18), at(10)).unwrap();
    f.store.add_session(&a, college.id, d(2026, 11, 16), at(14)).unwrap();
    f.store.add_session(&a, college.id, d(2026, 11, 16), at(9)).unwrap();
    let cancelled = f.store.add_session(&a, cafe.id, d(2026, 11, 20), at(10)).unwrap();
    f.store.cancel_session(&a, cancelled.id, CancellationReason::Lockdown, None).unwrap();
    f.store.add_session(&a, cafe.id, d(2026, 11, 23), at(10)).unwrap(); // the next week

    let path = dir.path().join("week.pdf");
    let week = Document::RegisterSheets { establishment: est, from: d(2026, 11, 16), to: d(2026, 11, 22) };
    f.store.export(&a, &week, Format::Pdf, &path).unwrap();
    assert!(pdf::qpdf_passes(&path));
    let (_, info) = run("pdfinfo", &[path.to_str().unwrap()]);
    assert!(info.contains("Pages:           3"), "three one-page sheets:\n{info}");
    let sheets: Vec<String> = (1..=3).map(|p| page_text(&path, p)).collect();
    let heads: Vec<(bool, bool, &str)> = sheets
        .iter()
        .map(|t| {
            let when = ["16/11/2026 09:00", "16/11/2026 14:00", "18/11/2026 10:00"].into_iter().find(|w| t.contains(w)).unwrap_or("?");
            (t.contains("Recovery College"), t.contains("Page 1 of 1"), when)
        })
        .collect();
    assert_eq!(heads, [(true, true, "16/11/2026 09:00"), (true, true, "16/11/2026 14:00"), (false, true, "18/11/2026 10:00")]);
    assert!(sheets[0].contains("Able, Ann") && sheets[2].contains("Bell, Ben"));
    assert!(sheets.iter().all(|t| !t.contains("20/11/2026") && !t.contains("23/11/2026")));

    let empty = Document::RegisterSheets { establishment: est, from: d(2026, 12, 7), to: d(2026, 12, 13) };
    let e = f.store.export(&a, &empty, Format::Pdf, &dir.path().join("none.pdf")).unwrap_err();
    assert_eq!(e.to_string(), "dates: no sessions to print from 07/12/2026 to 13/12/2026");
    assert!(!dir.path().join("none.pdf").exists());
}

/// A day's unlock lists: one page per hall (halls by name, numbers as numbers), people in the
/// order the officer walks the hall (cell 2/9 before 2/10), named as the register lists them,
/// each with the session, its time and room. Someone with a court date recorded is "Not
/// needed"; staff, a drop-in, someone on home leave, a cancelled session and another day's are
/// left out. The register sheet for the same session names the same people the same way.
#[test]
fn a_days_unlock_lists_print_one_hall_a_page_in_walking_order() {
    use recovery_register::documents::{Document, Format};
    use recovery_register::pdf::unlock_list::NOT_TO_UNLOCK;
    let dir = tempfile::tempdir().unwrap();
    let mut f = crate::support::Fixture::new();
    let (a, est) = (f.actor, f.establishment.id);
    let cafe = f
        .store
        .add_group(&a, est, &GroupDetails { location: Some("Chapel".into()), ..crate::support::programme_details("Recovery Café") })
        .unwrap();
    let smart = f.programme("SMART Recovery");
    let at = |h| NaiveTime::from_hms_opt(h, 0, 0);
    let day = d(2026, 11, 16);
    let mut person = |number: &str, given: &str, family: &str, location: Option<&str>| {
        let details =
            ParticipantDetails { location: location.map(str::to_string), ..crate::support::prisoner_details(number, given, family) };
        f.store.add_participant(&a, est, &details).unwrap()
    };
    let aoife = person("300001", "Aoife", "Byrne", Some("Hall 10, 1/4"));
    let siobhan = person("300002", "Siobhán", "Ó Súilleabháin", Some("Hall 2, 2/10"));
    let lukasz = person("300003", "Łukasz", "Żółć", Some("Hall 2, 2/9"));
    let an = person("300004", "Văn An", "Nguyễn", None);
    let kyle = person("300005", "Kyle", "Kerr", Some("hall 2, 1/1"));
    let away = person("300006", "Home", "Leave", Some("Hall 2, 3/1"));
    let dropin = person("300007", "Drop", "In", Some("Hall 2, 3/2"));
    let staff = f
        .store
        .add_participant(
            &a,
            est,
            &ParticipantDetails {
                kind: ParticipantKind::Staff,
                prison_number: None,
                ..crate::support::prisoner_details("", "Hal", "Officer")
            },
        )
        .unwrap();
    for p in [&aoife, &siobhan, &lukasz, &an, &kyle, &away, &staff] {
        f.store.enrol(&a, cafe.id, p.id, d(2026, 11, 2)).unwrap();
    }
    f.store.enrol(&a, smart.id, siobhan.id, d(2026, 11, 2)).unwrap();
    f.store.start_home_leave(&a, away.id, d(2026, 11, 14)).unwrap();
    let morning = f.store.add_session(&a, cafe.id, day, at(10)).unwrap();
    f.store.add_session(&a, smart.id, day, at(14)).unwrap();
    let cancelled = f.store.add_session(&a, smart.id, day, at(18)).unwrap();
    f.store.cancel_session(&a, cancelled.id, CancellationReason::Lockdown, None).unwrap();
    f.store.add_session(&a, cafe.id, d(2026, 11, 17), at(10)).unwrap();
    f.store.take_register(&a, morning.id, &[Mark::absent(kyle.id, AbsenceReason::Court)]).unwrap();
    f.store.add_drop_in(&a, morning.id, dropin.id, MarkKind::Present).unwrap();

    let lists = f.store.unlock_lists(&a, est, day).unwrap();
    type Line<'a> = (&'a str, String, &'a str);
    let halls: Vec<(&str, Vec<Line>)> = lists
        .halls
        .iter()
        .map(|h| {
            let lines =
                h.lines.iter().map(|l| (l.name.as_str(), l.start_time.format("%H:%M").to_string(), l.group_name.as_str())).collect();
            (h.hall.as_str(), lines)
        })
        .collect();
    let line = |name, time: &str, group| (name, time.to_string(), group);
    assert_eq!(
        halls,
        [
            (
                "Hall 2",
                vec![
                    line("Kerr, Kyle", "10:00", "Recovery Café"),
                    line("Żółć, Łukasz", "10:00", "Recovery Café"),
                    line("Ó Súilleabháin, Siobhán", "10:00", "Recovery Café"),
                    line("Ó Súilleabháin, Siobhán", "14:00", "SMART Recovery"),
                ]
            ),
            ("Hall 10", vec![line("Byrne, Aoife", "10:00", "Recovery Café")]),
            ("No location recorded", vec![line("Nguyễn, Văn An", "10:00", "Recovery Café")]),
        ]
    );
    assert_eq!(lists.halls[0].lines[0].absent, Some(AbsenceReason::Court));

    let path = dir.path().join("unlock.pdf");
    f.store.export(&a, &Document::UnlockLists { establishment: est, on: day }, Format::Pdf, &path).unwrap();
    assert!(pdf::qpdf_passes(&path));
    let (_, info) = run("pdfinfo", &[path.to_str().unwrap()]);
    assert!(info.contains("Pages:           3"), "one page per hall:\n{info}");
    let hall2 = page_text(&path, 1);
    let order: Vec<usize> =
        ["Kerr, Kyle", "Żółć, Łukasz", "Ó Súilleabháin, Siobhán"].iter().map(|n| hall2.find(n).unwrap_or(usize::MAX)).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]) && order[2] != usize::MAX, "walking order: {order:?}\n{hall2}");
    for words in
        ["Unlock list", "Hall 2", "16/11/2026", "Recovery Café, Chapel (absent: court)", NOT_TO_UNLOCK, "Page 1 of 1", "2/9", "2/10"]
    {
        assert!(hall2.contains(words), "{words:?} missing:\n{hall2}");
    }
    for gone in ["Leave, Home", "In, Drop", "Officer, Hal", "18:00"] {
        assert!(!hall2.contains(gone), "{gone:?} is not to be unlocked:\n{hall2}");
    }
    assert!(page_text(&path, 2).contains("Byrne, Aoife") && page_text(&path, 3).contains("Nguyễn, Văn An"));
    let newest = f.store.audit_trail(&a, &recovery_register::store::AuditFilter::default()).unwrap().remove(0);
    assert_eq!(
        (newest.action, newest.detail.as_deref()),
        (recovery_register::store::Action::PrintUnlockLists, Some("3 halls, 16/11/2026"))
    );

    // The register sheet lists the same people in the same form.
    let sheet = dir.path().join("sheet.pdf");
    f.store.export(&a, &Document::RegisterSheet { session: morning.id }, Format::Pdf, &sheet).unwrap();
    let sheet = page_text(&sheet, 1);
    for name in ["Kerr, Kyle", "Żółć, Łukasz", "Ó Súilleabháin, Siobhán", "Byrne, Aoife", "Nguyễn, Văn An"] {
        assert!(sheet.contains(name), "{name} missing from the sheet:\n{sheet}");
    }

    let e = f.store.unlock_lists(&a, est, d(2026, 11, 18)).unwrap_err();
    assert_eq!(e.to_string(), "date: nobody is on the roster of a session on 18/11/2026: there is nobody to unlock");
}
