//! The recovery passport (A4 portrait), for the person to take out: their name large, a short
//! word on what the passport is, then three sections written to them ("you"): the groups they
//! took part in (a table: sessions, from when to when, completed), the awards they earned (title,
//! date, certificate number) and the services near home they were referred to, one block per
//! service with its contact details, when it meets and where the referral stands. A block is
//! never split over two pages. An empty section says so plainly. The prison is named only where
//! the caseworker chose to name it (`Passport::establishment`), and only in the groups section.
//!
//! Pure layout over `table`, like the other reports; `passport_pdf` renders it. Text with letters
//! the bundled fonts cannot draw is printed with those letters as "?" and a notice, as the
//! clearances report does.

use super::draw::{render, Fonts, Pictures};
use super::layout::{breakable, wrap, Align, Element, Face, Measure, Page};
use super::table::{
    first_baseline, fit_or_wrap, leading, notice, rule, running_head, text, text_height, Block, Cell, Column, Flow, RowStyle, Table,
    TableStyle, CONTENT_LEFT, CONTENT_RIGHT, CONTENT_WIDTH, INK, MUTED,
};
use crate::dates;
use crate::model::ReferralStatus;
use crate::views::{Passport, PassportAward, PassportCapital, PassportGroup, PassportService};
use chrono::{Datelike, NaiveDate};

pub const TITLE: &str = "Recovery passport";
/// Under the name: what this is and what it is for.
pub const INTRO: &str = "This is a record of the recovery work you have done and of the people near home who can \
     support you. Keep it safe. You can show it to a service, a GP or an employer if you want to.";

pub const GROUPS: &str = "Groups you took part in";
pub const AWARDS: &str = "Awards you earned";
pub const SUPPORT: &str = "Support near home";

pub const NO_GROUPS: &str = "No groups recorded yet.";
pub const NO_AWARDS: &str = "No awards recorded yet.";
pub const NO_SERVICES: &str = "No services recorded yet.";
pub const CAPITAL: &str = "Your recovery capital";
pub const PEER: &str = "Leading others in recovery";
pub const CAPITAL_NOTE: &str = "BARC-10: ten statements about your life and recovery, scored from 10 to 60.";

/// Under the awards table.
pub const CHECK_AWARDS: &str = "If an employer or college asks, the organisation that issued an award can check its certificate number.";
/// The label before a service's meeting or opening times.
pub const MEETS: &str = "Meets / open:";
/// Said when a service has no address, phone, email or website recorded.
pub const NO_CONTACT: &str = "No contact details recorded: ask your caseworker.";
/// Said (in the PDF) when some text had letters the bundled fonts cannot draw.
pub const UNPRINTABLE: &str = "Some letters in this passport cannot be printed and are shown as ?. \
     Your caseworker can write them in by hand.";

/// "Support near home in Dundee", or without a home area "Support near home".
pub fn support_heading(home_area: Option<&str>) -> String {
    match home_area.map(str::trim).filter(|a| !a.is_empty()) {
        Some(area) => format!("{SUPPORT} in {area}"),
        None => SUPPORT.to_string(),
    }
}

/// The line under the groups heading: where, only when the caseworker chose to name the prison.
pub fn groups_note(establishment: Option<&str>) -> String {
    match establishment.map(str::trim).filter(|e| !e.is_empty()) {
        Some(place) => format!("The recovery groups and courses you came to at {place}: how many sessions you attended, and when."),
        None => "The recovery groups and courses you came to: how many sessions you attended, and when.".to_string(),
    }
}

/// The line under the support heading.
pub const SUPPORT_NOTE: &str = "The services you were referred to, and how to reach them. You can get in touch with any of them yourself.";

/// Where a referral stands, in plain words to the person.
pub fn status_words(status: ReferralStatus) -> &'static str {
    match status {
        ReferralStatus::Referred => "They are expecting to hear from you.",
        ReferralStatus::Accepted => "They have accepted the referral.",
        ReferralStatus::FirstContact => "You have been in touch.",
        ReferralStatus::Engaged => "You are going along.",
        ReferralStatus::LostContact => "You lost touch — you can still go back.",
        // The store leaves declined referrals out; said plainly should one ever reach here.
        ReferralStatus::Declined => "They could not take the referral.",
    }
}

/// "You were referred on 12/10/2026."
pub fn referred_on(on: NaiveDate) -> String {
    format!("You were referred on {}.", dates::display(on))
}

/// "March 2026 to November 2026", or one month, "November 2026".
pub fn period(first: NaiveDate, last: NaiveDate) -> String {
    let month = |d: NaiveDate| d.format("%B %Y").to_string();
    if (first.year(), first.month()) == (last.year(), last.month()) {
        month(first)
    } else {
        format!("{} to {}", month(first), month(last))
    }
}

// ---------------------------------------------------------------------------------------------
// Sizes

/// Body text: the intro and the services' details. Larger than the office reports': this is
/// read by the person, perhaps years later, perhaps without glasses.
const INTRO_PT: f32 = 11.5;
const BODY_PT: f32 = 10.5;
const LABEL_PT: f32 = 9.0;
const NOTE_PT: f32 = 10.0;
const SECTION_PT: f32 = 15.0;
const SERVICE_NAME_PT: f32 = 12.5;
const TABLE_PT: f32 = 10.0;
/// Between sections.
const SECTION_GAP: f32 = 11.0;
/// Between one service's block and the next.
const SERVICE_GAP: f32 = 7.0;
/// A service's text starts this far right of the margin, past the grey bar that marks it.
const BAR_INDENT: f32 = 5.5;
/// The labels ("Address", "Phone") before a service's details.
const LABEL_WIDTH: f32 = 18.0;
/// The details column (labels and values) when the meeting times sit beside it.
const DETAILS_WIDTH: f32 = 96.0;
const GUTTER: f32 = 6.0;

fn table_style() -> TableStyle {
    TableStyle { face: Face::Sans, size_pt: TABLE_PT, min_pt: 9.0, header_pt: 9.0, min_row: 0.0, pad_y: 2.4, pad_x: 2.0, tick_box: 4.5 }
}

// ---------------------------------------------------------------------------------------------
// Entry points

/// The passport as PDF bytes with the bundled fonts. Letters the fonts cannot draw are printed
/// as "?" with a notice at the top, rather than as empty boxes; [`texts_without_glyphs`] lets a
/// caller say so before printing.
pub fn passport_pdf(passport: &Passport) -> Vec<u8> {
    let fonts = Fonts::shared();
    let unprintable = !texts_without_glyphs(passport, fonts).is_empty();
    let passport = printable_passport(passport, fonts);
    let pages = layout(&passport, fonts, unprintable);
    render(&pages, fonts, &format!("{TITLE}, {}", passport.name), &Pictures::default())
}

/// The passport's pages: the name and intro, the three sections, each page with "Page x of y".
pub fn passport_pages(passport: &Passport, m: &dyn Measure) -> Vec<Page> {
    layout(passport, m, false)
}

/// Every piece of free text in the passport (the name, group and award names, services' details)
/// that the bundled faces cannot draw whole (e.g. Chinese characters, which are not bundled),
/// each once.
pub fn texts_without_glyphs(passport: &Passport, fonts: &Fonts) -> Vec<String> {
    let mut texts: Vec<String> = Vec::new();
    each_text(&mut passport.clone(), &mut |t: &mut String| {
        if !covered(fonts, t) {
            texts.push(t.clone());
        }
    });
    texts.sort();
    texts.dedup();
    texts
}

const FACES: [Face; 4] = [Face::Sans, Face::Serif, Face::SerifBold, Face::SerifItalic];

fn covered(fonts: &Fonts, text: &str) -> bool {
    FACES.iter().all(|&f| fonts.covers(f, text))
}

/// `text` with every character some face cannot draw replaced by "?".
fn printable(fonts: &Fonts, text: &str) -> String {
    let mut buf = [0u8; 4];
    text.chars().map(|c| if covered(fonts, c.encode_utf8(&mut buf)) { c } else { '?' }).collect()
}

/// The passport with all its free text printable.
fn printable_passport(passport: &Passport, fonts: &Fonts) -> Passport {
    let mut out = passport.clone();
    each_text(&mut out, &mut |t: &mut String| *t = printable(fonts, t));
    out
}

/// Calls `f` on every piece of free text the passport prints.
fn each_text(p: &mut Passport, f: &mut dyn FnMut(&mut String)) {
    f(&mut p.name);
    p.home_area.iter_mut().for_each(&mut *f);
    p.establishment.iter_mut().for_each(&mut *f);
    for g in &mut p.groups {
        f(&mut g.name);
    }
    for a in &mut p.awards {
        f(&mut a.title);
        f(&mut a.number);
    }
    for s in &mut p.services {
        let s = &mut s.service;
        f(&mut s.name);
        f(&mut s.area);
        for t in [&mut s.address, &mut s.phone, &mut s.email, &mut s.website, &mut s.meeting_times, &mut s.notes] {
            t.iter_mut().for_each(&mut *f);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Layout

fn layout(p: &Passport, m: &dyn Measure, unprintable: bool) -> Vec<Page> {
    let mut flow = Flow::new();
    flow.place(title_block(m, p));
    if unprintable {
        flow.place(notice(m, UNPRINTABLE).padded(4.0));
    }
    flow.place(lines_block(m, INTRO, Face::Serif, INTRO_PT, CONTENT_LEFT, CONTENT_WIDTH, INK));

    flow.gap(SECTION_GAP);
    groups_section(&mut flow, m, p);
    flow.gap(SECTION_GAP);
    awards_section(&mut flow, m, &p.awards);
    if let Some(c) = &p.capital {
        flow.gap(SECTION_GAP);
        flow.place(capital_block(m, c));
    }
    if let Some(peer) = &p.peer {
        flow.gap(SECTION_GAP);
        flow.place(peer_block(m, peer));
    }
    flow.gap(SECTION_GAP);
    support_section(&mut flow, m, p);

    let footer = format!("{TITLE} · {} · prepared on {}", p.name, dates::display(p.prepared_on));
    flow.finish(m, &footer)
}

/// "Recovery passport", the name large, "Prepared on ...", a rule.
fn title_block(m: &dyn Measure, p: &Passport) -> Block {
    let mut b = lines_block(m, TITLE, Face::Serif, 14.0, CONTENT_LEFT, CONTENT_WIDTH, 0.35).padded(3.5);
    // The name as large as fits on one line, down to 18 pt; a longer one wraps.
    let lines = fit_or_wrap(m, Face::SerifBold, p.name.trim(), CONTENT_WIDTH, 26.0, 18.0);
    let size = lines.iter().map(|l| l.1).fold(0.0, f32::max);
    let name = lines
        .iter()
        .enumerate()
        .map(|(i, (line, s))| {
            text(line.clone(), Face::SerifBold, *s, CONTENT_LEFT, first_baseline(size) - i as f32 * leading(size), Align::Left, INK)
        })
        .collect();
    b = b.above(Block::new(text_height(lines.len().max(1), size), name).padded(3.0));
    let prepared = format!("Prepared on {}", dates::display(p.prepared_on));
    b = b.above(lines_block(m, &prepared, Face::Sans, BODY_PT, CONTENT_LEFT, CONTENT_WIDTH, MUTED).padded(4.0));
    b.elements.push(rule(CONTENT_LEFT, CONTENT_WIDTH, -b.height, 0.8, 0.3));
    b.padded(7.0)
}

/// A section's heading over a thin rule, and (if any) a line saying what is in it.
fn section_heading(m: &dyn Measure, title: &str, note: Option<&str>) -> Block {
    let mut b = lines_block(m, title, Face::SerifBold, SECTION_PT, CONTENT_LEFT, CONTENT_WIDTH, INK).padded(1.8);
    b.elements.push(rule(CONTENT_LEFT, CONTENT_WIDTH, -b.height, 0.5, 0.6));
    b = b.padded(3.5);
    if let Some(note) = note {
        b = b.above(lines_block(m, note, Face::Sans, NOTE_PT, CONTENT_LEFT, CONTENT_WIDTH, MUTED).padded(3.5));
    }
    b
}

/// The heading and the plain sentence that says there is nothing to show.
fn empty_section(m: &dyn Measure, title: &str, none: &str) -> Block {
    section_heading(m, title, None).above(lines_block(m, none, Face::Serif, INTRO_PT, CONTENT_LEFT, CONTENT_WIDTH, INK))
}

/// The heading kept with the table's header and first row; the table over as many pages as
/// it needs, its header repeated, no row split.
fn table_section(flow: &mut Flow, m: &dyn Measure, head: Block, table: &Table, rows: Vec<Vec<Cell>>) {
    let header = table.header(m);
    let rows: Vec<Block> = rows.iter().map(|r| table.row(m, r, RowStyle::Plain)).collect();
    let first = rows.first().map_or(0.0, |r| r.height);
    flow.keep_with_next(head, header.height + first);
    flow.table(&header, rows);
}

const GROUP_WIDTH: f32 = 76.0;
const SESSIONS_WIDTH: f32 = 22.0;
const COMPLETED_WIDTH: f32 = 24.0;
const WHEN_WIDTH: f32 = CONTENT_WIDTH - GROUP_WIDTH - SESSIONS_WIDTH - COMPLETED_WIDTH;

fn groups_section(flow: &mut Flow, m: &dyn Measure, p: &Passport) {
    if p.groups.is_empty() {
        flow.place(empty_section(m, GROUPS, NO_GROUPS));
        return;
    }
    let head = section_heading(m, GROUPS, Some(&groups_note(p.establishment.as_deref())));
    let table = Table {
        x: CONTENT_LEFT,
        columns: vec![
            Column::new("Group", GROUP_WIDTH, Align::Left),
            Column::new("Sessions", SESSIONS_WIDTH, Align::Right),
            Column::new("When", WHEN_WIDTH, Align::Left),
            Column::new("Completed", COMPLETED_WIDTH, Align::Centre),
        ],
        style: table_style(),
    };
    let rows = p.groups.iter().map(|g| group_cells(m, g)).collect();
    table_section(flow, m, head, &table, rows);
}

fn group_cells(m: &dyn Measure, g: &PassportGroup) -> Vec<Cell> {
    let s = table_style();
    vec![
        Cell::text(breakable(m, Face::Sans, s.min_pt, &g.name, GROUP_WIDTH - 2.0 * s.pad_x)),
        Cell::text(g.sessions_attended.to_string()),
        Cell::text(period(g.first, g.last)),
        if g.completed { Cell::text("Yes") } else { Cell::Empty },
    ]
}

const AWARD_WIDTH: f32 = 98.0;
const DATE_WIDTH: f32 = 30.0;
const NUMBER_WIDTH: f32 = CONTENT_WIDTH - AWARD_WIDTH - DATE_WIDTH;

fn awards_section(flow: &mut Flow, m: &dyn Measure, awards: &[PassportAward]) {
    if awards.is_empty() {
        flow.place(empty_section(m, AWARDS, NO_AWARDS));
        return;
    }
    let head = section_heading(m, AWARDS, None);
    let table = Table {
        x: CONTENT_LEFT,
        columns: vec![
            Column::new("Award", AWARD_WIDTH, Align::Left),
            Column::new("Date", DATE_WIDTH, Align::Left),
            Column::new("Certificate number", NUMBER_WIDTH, Align::Left),
        ],
        style: table_style(),
    };
    let s = table_style();
    let rows = awards
        .iter()
        .map(|a| {
            vec![
                Cell::text(breakable(m, Face::Sans, s.min_pt, &a.title, AWARD_WIDTH - 2.0 * s.pad_x)),
                Cell::text(dates::display(a.awarded_on)),
                Cell::text(breakable(m, Face::Sans, s.min_pt, &a.number, NUMBER_WIDTH - 2.0 * s.pad_x)),
            ]
        })
        .collect();
    table_section(flow, m, head, &table, rows);
    flow.gap(3.0);
    flow.place(lines_block(m, CHECK_AWARDS, Face::Sans, NOTE_PT, CONTENT_LEFT, CONTENT_WIDTH, MUTED));
}

/// Their recovery capital, in their own words' measure: where they started and where they are.
fn capital_block(m: &dyn Measure, c: &PassportCapital) -> Block {
    let lines = if c.first_on == c.latest_on {
        format!("On {}: {} of 60.", dates::display(c.first_on), c.first_total)
    } else {
        format!(
            "At the start, on {}: {} of 60. Most recently, on {}: {} of 60.",
            dates::display(c.first_on),
            c.first_total,
            dates::display(c.latest_on),
            c.latest_total
        )
    };
    section_heading(m, CAPITAL, Some(CAPITAL_NOTE)).above(lines_block(m, &lines, Face::Serif, INTRO_PT, CONTENT_LEFT, CONTENT_WIDTH, INK))
}

/// What they did for others as a peer: the role, what they are qualified to deliver, and the
/// sessions they led.
fn peer_block(m: &dyn Measure, peer: &crate::views::PassportPeer) -> Block {
    let mut lines = vec![format!("{} from {}.", peer.role.label(), dates::display(peer.since))];
    for q in &peer.qualifications {
        lines.push(format!("Qualified to deliver {} ({}, {}).", q.course, q.training, dates::display(q.qualified_on)));
    }
    for led in &peer.led {
        let sessions = if led.sessions == 1 { "1 session".to_string() } else { format!("{} sessions", led.sessions) };
        lines.push(match led.first == led.last {
            true => format!("Led {sessions} of {} on {}.", led.group, dates::display(led.first)),
            false => format!("Led {sessions} of {}, {} to {}.", led.group, dates::display(led.first), dates::display(led.last)),
        });
    }
    let mut b = section_heading(m, PEER, None);
    for line in lines {
        b = b.above(lines_block(m, &line, Face::Serif, INTRO_PT, CONTENT_LEFT, CONTENT_WIDTH, INK).padded(1.2));
    }
    b
}

fn support_section(flow: &mut Flow, m: &dyn Measure, p: &Passport) {
    let title = support_heading(p.home_area.as_deref());
    if p.services.is_empty() {
        flow.place(empty_section(m, &title, NO_SERVICES));
        return;
    }
    let head = section_heading(m, &title, Some(SUPPORT_NOTE));
    let blocks: Vec<Block> = p.services.iter().map(|s| service_block(m, s)).collect();
    flow.keep_with_next(head, blocks[0].height);
    // A page the services run onto says what it continues.
    flow.set_running_head(running_head(m, &format!("{title}, continued")));
    for b in blocks {
        // Whole on one page: on the next if it does not fit here.
        flow.place(b);
    }
}

/// One service: its name, what it is and where, its contact details with the meeting times
/// beside them, any note about it, and where the referral stands; marked by a grey bar down its
/// left side.
fn service_block(m: &dyn Measure, s: &PassportService) -> Block {
    let svc = &s.service;
    let x = CONTENT_LEFT + BAR_INDENT;
    let inner = CONTENT_RIGHT - x;
    let mut b = lines_block(m, &svc.name, Face::SerifBold, SERVICE_NAME_PT, x, inner, INK).padded(1.2);
    let what = [svc.kind.label(), svc.area.trim()].into_iter().filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" · ");
    b = b.above(lines_block(m, &what, Face::Sans, LABEL_PT + 0.5, x, inner, MUTED).padded(3.5));

    let times = present(&svc.meeting_times);
    let details_width = if times.is_some() { DETAILS_WIDTH } else { inner };
    let mut details = Block::default();
    for (label, value) in [("Address", &svc.address), ("Phone", &svc.phone), ("Email", &svc.email), ("Website", &svc.website)] {
        if let Some(value) = present(value) {
            details = details.above(labelled(m, label, value, x, details_width));
        }
    }
    if details.elements.is_empty() {
        details = lines_block(m, NO_CONTACT, Face::Sans, BODY_PT, x, details_width, MUTED).padded(1.5);
    }
    if let Some(times) = times {
        let right = x + DETAILS_WIDTH + GUTTER;
        details = details.beside(meeting_times(m, times, right, CONTENT_RIGHT - right));
    }
    b = b.above(details.padded(1.5));
    if let Some(notes) = present(&svc.notes) {
        b = b.above(lines_block(m, notes, Face::SerifItalic, NOTE_PT, x, inner, INK).padded(3.0));
    }
    let standing = format!("{} {}", referred_on(s.referred_on), status_words(s.status));
    b = b.above(lines_block(m, &standing, Face::Sans, BODY_PT, x, inner, INK));
    let bar_x = CONTENT_LEFT + 0.8;
    b.elements.insert(0, Element::Line { from: (bar_x, 0.0), to: (bar_x, -b.height), width_pt: 2.4, grey: 0.75 });
    b.padded(SERVICE_GAP)
}

fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A detail under its label: the label in small grey on the first line's baseline, the value
/// (each of its own lines wrapped) beside it.
fn labelled(m: &dyn Measure, label: &str, value: &str, x: f32, width: f32) -> Block {
    let mut b = lines_block(m, value, Face::Sans, BODY_PT, x + LABEL_WIDTH, width - LABEL_WIDTH, INK);
    b.elements.push(text(label, Face::Sans, LABEL_PT, x, first_baseline(BODY_PT), Align::Left, MUTED));
    b.padded(1.8)
}

/// "Meets / open:" with its first baseline level with the first detail beside it, and the
/// times under it.
fn meeting_times(m: &dyn Measure, times: &str, x: f32, width: f32) -> Block {
    let label =
        Block::new(text_height(1, BODY_PT), vec![text(MEETS, Face::Sans, LABEL_PT, x, first_baseline(BODY_PT), Align::Left, MUTED)]);
    label.padded(1.2).above(lines_block(m, times, Face::Sans, BODY_PT, x, width, INK)).padded(1.8)
}

/// `words` from `x`, each of its own lines (an address, meeting times) wrapped to `width`, a word
/// too long for the width (a web address) cut into pieces that fit; one text element a line, as
/// a block as tall as the lines.
fn lines_block(m: &dyn Measure, words: &str, face: Face, size: f32, x: f32, width: f32, grey: f32) -> Block {
    let lines: Vec<String> = words
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .flat_map(|l| wrap(m, face, size, &breakable(m, face, size, l, width), width))
        .collect();
    let elements = lines
        .iter()
        .enumerate()
        .map(|(i, l)| text(l.clone(), face, size, x, first_baseline(size) - i as f32 * leading(size), Align::Left, grey))
        .collect();
    Block::new(text_height(lines.len().max(1), size), elements)
}
