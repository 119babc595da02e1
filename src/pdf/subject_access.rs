//! A person's full record (a subject access request), A4 portrait: the title ("Everything
//! Recovery Register holds about NAME"), the day it was prepared, a paragraph in plain words on
//! what this is and how to read it, then one section per kind of record, each a table that runs
//! over as many pages as it needs (header repeated, rows never split), oldest first; an empty
//! section says "None held.". An award or a referral keeps the lines under it (prints, steps)
//! on its page. Dates are dd/mm/yyyy; moments are London time, dd/mm/yyyy HH:MM.
//!
//! Pure layout over `table`, like the other reports; `person_record_pdf` renders it. Letters the
//! bundled fonts cannot draw are printed as "?" with a notice at the top, as the passport does
//! (the JSON keeps them as they are).

use super::draw::{render, Fonts, Pictures};
use super::layout::{breakable, Align, Face, Measure, Page};
use super::table::{
    first_baseline, fit_or_wrap, heading, leading, notice, paragraph, rule, running_head, text, text_height, Block, Cell, Column, Flow,
    RowStyle, Table, TableStyle, CONTENT_LEFT, CONTENT_WIDTH, INK, MUTED, RULE_GREY,
};
use crate::dates::{self, display, display_moment};
use crate::views::{HeldAward, HeldReferral, PersonRecord};
use chrono::NaiveDate;

/// The title's words before the name.
pub const TITLE: &str = "Everything Recovery Register holds about";

/// "Everything Recovery Register holds about Siobhán Ó Súilleabháin".
pub fn title(name: &str) -> String {
    format!("{TITLE} {name}")
}

/// What an empty section says.
pub const NONE_HELD: &str = "None held.";

/// The paragraph under the title: what this is and how to read it.
pub fn explanation(name: &str, prepared_on: NaiveDate) -> String {
    format!(
        "This is a copy of all the information Recovery Register holds about {name}, prepared on {} in answer to a \
         request for their personal data (a subject access request under the UK GDPR). Recovery Register is the system \
         the recovery team uses for group registers, certificates and plans for liberation. Each section below is one \
         kind of record, oldest first; a section that says “None held” has nothing in it. Dates are day/month/year and \
         times are UK time. The last section lists each time a member of staff added, opened, changed or exported this \
         record, with their name and the computer they used. To help staff find the record, the system also keeps the \
         names and prison number in a simplified form for searching; that holds nothing more. The same information \
         comes as a JSON file for use on a computer. If anything here is wrong, ask the recovery team to correct it.",
        display(prepared_on)
    )
}

/// Said (in the PDF) when some text had letters the bundled fonts cannot draw.
pub const UNPRINTABLE: &str = "Some letters in this record cannot be printed and are shown as ?. \
     The JSON file holds them exactly.";

pub const DETAILS: &str = "Details";
pub const CUSTODY: &str = "Custody history";
pub const GROUPS: &str = "Groups";
pub const ATTENDANCE: &str = "Attendance";
pub const AWARDS: &str = "Awards and certificates";
pub const PLAN: &str = "Liberation plan";
pub const CONSENTS: &str = "Consent to share information";
pub const REFERRALS: &str = "Referrals to services";
pub const REFERRALS_IN: &str = "Referrals into the recovery service";
pub const CAPITAL: &str = "Recovery capital (BARC-10)";
pub const SVQ_UNITS: &str = "SVQ units signed off";
pub const PEER: &str = "Peer role and sessions led";
pub const MEETINGS: &str = "Meetings about liberation";
pub const TRANSFERS: &str = "Transfers between establishments";
pub const AUDIT: &str = "Who has added, opened, changed or exported this record";

const BODY_PT: f32 = 8.5;
const NOTE_PT: f32 = 8.0;
const EXPLANATION_PT: f32 = 9.5;
const LINE_PT: f32 = 8.0;
const PAD_X: f32 = 1.8;
const SECTION_GAP: f32 = 7.0;

fn style() -> TableStyle {
    TableStyle { pad_x: PAD_X, ..TableStyle::compact(BODY_PT) }
}

// ---------------------------------------------------------------------------------------------
// Entry points

/// The record as PDF bytes, laid out with the bundled fonts.
pub fn person_record_pdf(record: &PersonRecord) -> Vec<u8> {
    let fonts = Fonts::shared();
    let unprintable = !texts_without_glyphs(record, fonts).is_empty();
    let record = printable_record(record, fonts);
    let pages = layout(&record, fonts, unprintable);
    render(&pages, fonts, &title(&record.name()), &Pictures::default())
}

/// The record's pages: title, explanation, a section per kind of record, "Page x of y".
pub fn person_record_pages(record: &PersonRecord, m: &dyn Measure) -> Vec<Page> {
    layout(record, m, false)
}

const FACES: [Face; 4] = [Face::Sans, Face::Serif, Face::SerifBold, Face::SerifItalic];

fn covered(fonts: &Fonts, text: &str) -> bool {
    FACES.iter().all(|&f| fonts.covers(f, text))
}

/// Every text in the record, each string field however deep: through its serialised form, so a
/// field added later is covered without being listed here.
fn each_text(value: &mut serde_json::Value, f: &mut dyn FnMut(&mut String)) {
    match value {
        serde_json::Value::String(s) => f(s),
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| each_text(v, f)),
        serde_json::Value::Object(fields) => fields.values_mut().for_each(|v| each_text(v, f)),
        _ => {}
    }
}

fn as_value(record: &PersonRecord) -> serde_json::Value {
    serde_json::to_value(record).expect("a person's record always serialises")
}

/// Every text in the record that the bundled faces cannot draw whole (e.g. Chinese characters,
/// which are not bundled), each once.
pub fn texts_without_glyphs(record: &PersonRecord, fonts: &Fonts) -> Vec<String> {
    let mut texts = Vec::new();
    each_text(&mut as_value(record), &mut |t| {
        if !covered(fonts, t) {
            texts.push(t.clone());
        }
    });
    texts.sort();
    texts.dedup();
    texts
}

/// The record with every character some face cannot draw replaced by "?". Codes and dates are
/// plain ASCII, which every face draws, so they come back as they were.
fn printable_record(record: &PersonRecord, fonts: &Fonts) -> PersonRecord {
    let mut value = as_value(record);
    let mut buf = [0u8; 4];
    each_text(&mut value, &mut |t| {
        if !covered(fonts, t) {
            *t = t.chars().map(|c| if covered(fonts, c.encode_utf8(&mut buf)) { c } else { '?' }).collect();
        }
    });
    serde_json::from_value(value).expect("only free text changed")
}

// ---------------------------------------------------------------------------------------------
// Layout

fn layout(r: &PersonRecord, m: &dyn Measure, unprintable: bool) -> Vec<Page> {
    let name = r.name();
    let prepared = display(r.prepared_on);
    let mut flow = Flow::new();
    flow.set_running_head(running_head(m, &format!("{} · prepared on {prepared}", title(&name))));
    flow.place(title_block(m, &name, r.prepared_on));
    if unprintable {
        flow.place(notice(m, UNPRINTABLE).padded(4.0));
    }
    flow.place(paragraph(m, &explanation(&name, r.prepared_on), Face::Serif, EXPLANATION_PT, CONTENT_LEFT, CONTENT_WIDTH, INK));

    details_section(&mut flow, m, r);
    custody_section(&mut flow, m, r);
    referrals_in_section(&mut flow, m, r);
    capital_section(&mut flow, m, r);
    groups_section(&mut flow, m, r);
    attendance_section(&mut flow, m, r);
    awards_section(&mut flow, m, r);
    svq_section(&mut flow, m, r);
    peer_section(&mut flow, m, r);
    plan_section(&mut flow, m, r);
    consents_section(&mut flow, m, r);
    referrals_section(&mut flow, m, r);
    meetings_section(&mut flow, m, r);
    transfers_section(&mut flow, m, r);
    audit_section(&mut flow, m, r);

    flow.finish(m, &format!("Full record of {name} · Recovery Register {} · prepared on {prepared}", r.app_version))
}

/// The title as two lines: what this is, then the name as large as fits (a long one wraps), so
/// a name is never broken across the end of a line of the title.
fn title_block(m: &dyn Measure, name: &str, prepared_on: NaiveDate) -> Block {
    let mut b = paragraph(m, TITLE, Face::SerifBold, 15.0, CONTENT_LEFT, CONTENT_WIDTH, INK).padded(2.0);
    let lines = fit_or_wrap(m, Face::SerifBold, name.trim(), CONTENT_WIDTH, 22.0, 16.0);
    let size = lines.iter().map(|l| l.1).fold(0.0, f32::max);
    let elements = lines
        .iter()
        .enumerate()
        .map(|(i, (line, s))| {
            text(line.clone(), Face::SerifBold, *s, CONTENT_LEFT, first_baseline(size) - i as f32 * leading(size), Align::Left, INK)
        })
        .collect();
    b = b.above(Block::new(text_height(lines.len().max(1), size), elements).padded(3.0));
    let prepared = format!("Prepared on {}", display(prepared_on));
    b = b.above(paragraph(m, &prepared, Face::Sans, 9.5, CONTENT_LEFT, CONTENT_WIDTH, MUTED).padded(3.0));
    b.elements.push(rule(CONTENT_LEFT, CONTENT_WIDTH, -b.height, 0.8, 0.3));
    b.padded(5.0)
}

/// A section's heading with a line saying what is in it, kept with the table's header and first
/// row; the table over as many pages as it needs. With no rows: the heading and "None held.".
fn section(flow: &mut Flow, m: &dyn Measure, title: &str, note: &str, columns: Vec<Column>, rows: impl FnOnce(&Table) -> Vec<Block>) {
    flow.gap(SECTION_GAP);
    let head = heading(m, title, CONTENT_LEFT);
    let table = Table { x: CONTENT_LEFT, columns, style: style() };
    let blocks = rows(&table);
    if blocks.is_empty() {
        flow.place(head.above(paragraph(m, NONE_HELD, Face::Sans, BODY_PT + 0.5, CONTENT_LEFT, CONTENT_WIDTH, INK)));
        return;
    }
    let head = head.above(paragraph(m, note, Face::Sans, NOTE_PT, CONTENT_LEFT, CONTENT_WIDTH, MUTED).padded(2.0));
    let header = table.header(m);
    flow.keep_with_next(head, header.height + blocks[0].height);
    flow.table(&header, blocks);
}

/// Rows banded in turn, so the eye keeps to a row across a wide table.
fn banded(table: &Table, m: &dyn Measure, rows: Vec<Vec<Cell>>) -> Vec<Block> {
    rows.iter().enumerate().map(|(i, r)| table.row(m, r, if i % 2 == 1 { RowStyle::Banded } else { RowStyle::Plain })).collect()
}

/// Free text for a cell `width` wide: a word too long even at the smallest size is cut into
/// pieces that fit, rather than shrunk out of sight.
fn free(m: &dyn Measure, text: &str, width: f32) -> Cell {
    Cell::text(breakable(m, Face::Sans, style().min_pt, text, width - 2.0 * PAD_X))
}

fn date_cell(d: Option<NaiveDate>) -> Cell {
    d.map_or(Cell::Muted("–".into()), |d| Cell::text(display(d)))
}

fn opt(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// A two-column list of what is held and its value (no header): the details, the plan.
fn facts_section(flow: &mut Flow, m: &dyn Measure, title: &str, facts: &[(&str, String)]) {
    flow.gap(SECTION_GAP);
    let head = heading(m, title, CONTENT_LEFT);
    if facts.is_empty() {
        flow.place(head.above(paragraph(m, NONE_HELD, Face::Sans, BODY_PT + 0.5, CONTENT_LEFT, CONTENT_WIDTH, INK)));
        return;
    }
    const LABEL: f32 = 48.0;
    let table = Table {
        x: CONTENT_LEFT,
        columns: vec![Column::new("", LABEL, Align::Left), Column::new("", CONTENT_WIDTH - LABEL, Align::Left)],
        style: style(),
    };
    let rows: Vec<Block> = facts
        .iter()
        .map(|(label, value)| table.row(m, &[Cell::Muted((*label).into()), free(m, value, CONTENT_WIDTH - LABEL)], RowStyle::Plain))
        .collect();
    let mut top = Block::new(0.0, vec![]);
    top.elements.push(rule(CONTENT_LEFT, CONTENT_WIDTH, 0.0, 0.3, RULE_GREY));
    flow.keep_with_next(head, rows[0].height);
    flow.place(top);
    for row in rows {
        flow.place(row);
    }
}

fn or_not_recorded(text: Option<String>) -> String {
    text.unwrap_or_else(|| "Not recorded".to_string())
}

fn details_section(flow: &mut Flow, m: &dyn Measure, r: &PersonRecord) {
    let d = &r.details;
    let mut facts: Vec<(&str, String)> = vec![("Given name", d.given_name.clone()), ("Family name", d.family_name.clone())];
    if let Some(printed) = &d.printed_name {
        facts.push(("Name as printed", printed.clone()));
    }
    if let Some(number) = &d.sqa_candidate_number {
        facts.push(("SQA candidate number", number.clone()));
    }
    facts.push(("Kind", d.kind.label().to_string()));
    if d.prison_number.is_some() || d.kind == crate::model::ParticipantKind::InCustody {
        facts.push(("Prison number", or_not_recorded(d.prison_number.clone())));
    }
    facts.push(("Date of birth", or_not_recorded(d.date_of_birth.map(display))));
    facts.push(("Establishment", format!("{} ({})", d.establishment, d.establishment_code)));
    facts.push(("Location", or_not_recorded(opt(&d.location).map(String::from))));
    if let Some(status) = d.status {
        let since = d.status_since.map(|s| format!(" since {}", display(s))).unwrap_or_default();
        facts.push(("Status", format!("{}{since}", status.label())));
        facts.push(("Expected liberation", or_not_recorded(d.expected_liberation.map(display))));
    }
    facts.push(("Record added", display_moment(&d.created_at)));
    facts.push(("Details last changed", display_moment(&d.updated_at)));
    facts_section(flow, m, DETAILS, &facts);
}

fn custody_section(flow: &mut Flow, m: &dyn Measure, r: &PersonRecord) {
    const DATE: f32 = 24.0;
    const STATUS: f32 = 44.0;
    const RECORDED: f32 = 34.0;
    section(
        flow,
        m,
        CUSTODY,
        "Each change of custody status recorded here, from the day it took effect.",
        vec![
            Column::new("From", DATE, Align::Left),
            Column::new("Status", STATUS, Align::Left),
            Column::new("Recorded", RECORDED, Align::Left),
            Column::new("Recorded by", CONTENT_WIDTH - DATE - STATUS - RECORDED, Align::Left),
        ],
        |t| {
            let rows = r
                .custody
                .iter()
                .map(|c| {
                    vec![
                        Cell::text(display(c.effective_on)),
                        Cell::text(c.status.label()),
                        Cell::text(display_moment(&c.recorded_at)),
                        free(m, &c.recorded_by, CONTENT_WIDTH - DATE - STATUS - RECORDED),
                    ]
                })
                .collect();
            banded(t, m, rows)
        },
    );
}

fn groups_section(flow: &mut Flow, m: &dyn Measure, r: &PersonRecord) {
    const GROUP: f32 = 58.0;
    const KIND: f32 = 36.0;
    const DATE: f32 = 22.0;
    const REASON: f32 = CONTENT_WIDTH - GROUP - KIND - 2.0 * DATE;
    section(
        flow,
        m,
        GROUPS,
        "Each time the person was put on a group’s roster, and when and why they came off it.",
        vec![
            Column::new("Group", GROUP, Align::Left),
            Column::new("Kind", KIND, Align::Left),
            Column::new("Enrolled", DATE, Align::Left),
            Column::new("Left", DATE, Align::Left),
            Column::new("Reason for leaving", REASON, Align::Left),
        ],
        |t| {
            let rows = r
                .enrolments
                .iter()
                .map(|e| {
                    let reason = match (e.leaving_reason, opt(&e.leaving_note)) {
                        (Some(reason), Some(note)) => free(m, &format!("{}: {note}", reason.label()), REASON),
                        (Some(reason), None) => Cell::text(reason.label()),
                        (None, _) => Cell::Muted("Still on the roster".into()),
                    };
                    vec![
                        free(m, &e.group, GROUP),
                        Cell::text(e.group_kind.label()),
                        Cell::text(display(e.enrolled_on)),
                        date_cell(e.left_on),
                        reason,
                    ]
                })
                .collect();
            banded(t, m, rows)
        },
    );
}

fn attendance_section(flow: &mut Flow, m: &dyn Measure, r: &PersonRecord) {
    const DATE: f32 = 20.0;
    const GROUP: f32 = 42.0;
    const MARK: f32 = 18.0;
    const REASON: f32 = 32.0;
    const BY: f32 = 32.0;
    const NOTE: f32 = CONTENT_WIDTH - DATE - GROUP - MARK - REASON - BY;
    let attended = r.attendance.iter().filter(|a| a.mark.attended()).count();
    let note = format!(
        "Every mark on a group’s register, by date: {} in all, {attended} attended (present, late or left early).",
        r.attendance.len()
    );
    section(
        flow,
        m,
        ATTENDANCE,
        &note,
        vec![
            Column::new("Date", DATE, Align::Left),
            Column::new("Group", GROUP, Align::Left),
            Column::new("Mark", MARK, Align::Left),
            Column::new("Reason for absence", REASON, Align::Left),
            Column::new("Note", NOTE, Align::Left),
            Column::new("Recorded by", BY, Align::Left),
        ],
        |t| {
            let rows = r
                .attendance
                .iter()
                .map(|a| {
                    vec![
                        Cell::text(display(a.held_on)),
                        free(m, &a.group, GROUP),
                        Cell::text(if a.waiting_choice {
                            format!("{} (another PC's version, waiting for a choice)", a.mark.label())
                        } else {
                            a.mark.label().to_string()
                        }),
                        a.absence_reason.map_or(Cell::Empty, |reason| Cell::text(reason.label())),
                        opt(&a.note).map_or(Cell::Empty, |n| free(m, n, NOTE)),
                        free(m, &a.recorded_by, BY),
                    ]
                })
                .collect();
            banded(t, m, rows)
        },
    );
}

/// A row that goes on in grey lines under it (an award's prints, a referral's steps), with the
/// rule under the last: one block, so it is never split over two pages.
fn row_with_lines(table: &Table, m: &dyn Measure, cells: &[Cell], lines: &[String]) -> Block {
    let x = CONTENT_LEFT + PAD_X + 4.0;
    let width = CONTENT_WIDTH - 2.0 * PAD_X - 4.0;
    let mut block = table.row(m, cells, RowStyle::Open);
    for line in lines {
        block =
            block.above(paragraph(m, &breakable(m, Face::Sans, LINE_PT, line, width), Face::Sans, LINE_PT, x, width, MUTED).padded(1.0));
    }
    let mut block = block.padded(1.0);
    block.elements.push(rule(CONTENT_LEFT, CONTENT_WIDTH, -block.height, 0.3, RULE_GREY));
    block
}

fn award_lines(a: &HeldAward) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(group) = opt(&a.group) {
        lines.push(format!("For: {group}"));
    }
    lines.push(format!("Name on the certificate: {} · verification code {}", a.name_on_certificate, a.verification_code));
    lines.push(format!("Issued {} by {}", display_moment(&a.issued_at), a.issued_by));
    for p in &a.prints {
        match opt(&p.reprint_reason) {
            Some(reason) => lines.push(format!("Reprinted {} by {}: {reason}", display_moment(&p.printed_at), p.printed_by)),
            None => lines.push(format!("Printed {} by {}", display_moment(&p.printed_at), p.printed_by)),
        }
    }
    if let Some(on) = a.revoked_on {
        let by = a.revoked_by.as_deref().map(|b| format!(" by {b}")).unwrap_or_default();
        let why = opt(&a.revocation_reason).map(|w| format!(": {w}")).unwrap_or_default();
        lines.push(format!("Revoked on {}{by}{why}", display(on)));
    }
    lines
}

fn awards_section(flow: &mut Flow, m: &dyn Measure, r: &PersonRecord) {
    const AWARD: f32 = 74.0;
    const DATE: f32 = 24.0;
    const NUMBER: f32 = 40.0;
    section(
        flow,
        m,
        AWARDS,
        "Each award with its certificate number, and under it who issued it and each time it was printed.",
        vec![
            Column::new("Award", AWARD, Align::Left),
            Column::new("Awarded", DATE, Align::Left),
            Column::new("Certificate number", NUMBER, Align::Left),
            Column::new("Status", CONTENT_WIDTH - AWARD - DATE - NUMBER, Align::Left),
        ],
        |t| {
            r.awards
                .iter()
                .map(|a| {
                    let standing = match a.revoked_on {
                        Some(on) => Cell::text(format!("Revoked on {}", display(on))),
                        None => Cell::text("Valid"),
                    };
                    let cells = [free(m, &a.title, AWARD), Cell::text(display(a.awarded_on)), free(m, &a.number, NUMBER), standing];
                    row_with_lines(t, m, &cells, &award_lines(a))
                })
                .collect()
        },
    );
}

fn plan_section(flow: &mut Flow, m: &dyn Measure, r: &PersonRecord) {
    let facts: Vec<(&str, String)> = match &r.liberation_plan {
        None => Vec::new(),
        Some(p) => vec![
            ("Home area", or_not_recorded(opt(&p.home_area).map(String::from))),
            ("Plan started", display_moment(&p.created_at)),
            ("Plan last changed", display_moment(&p.updated_at)),
        ],
    };
    facts_section(flow, m, PLAN, &facts);
}

fn consents_section(flow: &mut Flow, m: &dyn Measure, r: &PersonRecord) {
    const DATE: f32 = 22.0;
    const SCOPE: f32 = 54.0;
    const SERVICES: f32 = 46.0;
    const RECORDED: f32 = CONTENT_WIDTH - 2.0 * DATE - SCOPE - SERVICES;
    section(
        flow,
        m,
        CONSENTS,
        "Consent the person gave to share information, in their words, and the services and establishments it names.",
        vec![
            Column::new("Given", DATE, Align::Left),
            Column::new("What may be shared", SCOPE, Align::Left),
            Column::new("With", SERVICES, Align::Left),
            Column::new("Withdrawn", DATE, Align::Left),
            Column::new("Recorded", RECORDED, Align::Left),
        ],
        |t| {
            let rows = r
                .consents
                .iter()
                .map(|c| {
                    vec![
                        Cell::text(display(c.given_on)),
                        free(m, &c.scope, SCOPE),
                        free(m, &[c.services.clone(), c.establishments.clone()].concat().join(", "), SERVICES),
                        date_cell(c.withdrawn_on),
                        Cell::text(display_moment(&c.created_at)),
                    ]
                })
                .collect();
            banded(t, m, rows)
        },
    );
}

fn referral_lines(referral: &HeldReferral) -> Vec<String> {
    let mut lines: Vec<String> = referral
        .steps
        .iter()
        .map(|s| format!("{} on {} (recorded {} by {})", s.status.label(), display(s.on), display_moment(&s.recorded_at), s.recorded_by))
        .collect();
    if let Some(notes) = opt(&referral.notes) {
        lines.push(format!("Notes: {notes}"));
    }
    lines
}

fn referrals_section(flow: &mut Flow, m: &dyn Measure, r: &PersonRecord) {
    const SERVICE: f32 = 66.0;
    const DATE: f32 = 22.0;
    const SHARED: f32 = 52.0;
    section(
        flow,
        m,
        REFERRALS,
        "Each referral to a service outside, with each step and its date under it.",
        vec![
            Column::new("Service", SERVICE, Align::Left),
            Column::new("Referred", DATE, Align::Left),
            Column::new("Details shared", SHARED, Align::Left),
            Column::new("Now", CONTENT_WIDTH - SERVICE - DATE - SHARED, Align::Left),
        ],
        |t| {
            r.referrals
                .iter()
                .map(|referral| {
                    let shared = match (referral.details_shared, referral.consent_given_on) {
                        (true, Some(on)) => format!("Yes, under consent given {}", display(on)),
                        (true, None) => "Yes".to_string(),
                        (false, _) => "No".to_string(),
                    };
                    let now = referral.steps.last().map_or("Referred", |s| s.status.label());
                    let cells = [
                        free(m, &format!("{} ({})", referral.service, referral.service_area), SERVICE),
                        Cell::text(display(referral.referred_on)),
                        Cell::text(shared),
                        Cell::text(now),
                    ];
                    row_with_lines(t, m, &cells, &referral_lines(referral))
                })
                .collect()
        },
    );
}

/// Who referred the person to the recovery service, for what, and how the wait ended.
fn referrals_in_section(flow: &mut Flow, m: &dyn Measure, r: &PersonRecord) {
    const DATE: f32 = 22.0;
    const FROM: f32 = 34.0;
    const FOR: f32 = 50.0;
    const HOW: f32 = CONTENT_WIDTH - DATE - FROM - FOR;
    section(
        flow,
        m,
        REFERRALS_IN,
        "Referrals into the recovery service: who asked for the person to be seen, for what, and how long they waited.",
        vec![
            Column::new("Referred", DATE, Align::Left),
            Column::new("By", FROM, Align::Left),
            Column::new("For", FOR, Align::Left),
            Column::new("How it went", HOW, Align::Left),
        ],
        |t| {
            let rows = r
                .referrals_in
                .iter()
                .map(|l| {
                    let x = &l.referral;
                    let mut how: Vec<String> = Vec::new();
                    if let Some(on) = x.first_contact_on {
                        how.push(format!("First seen {}", display(on)));
                    }
                    how.push(match (x.outcome, x.outcome_on) {
                        (Some(o), Some(on)) => format!("{} {} (after {} days)", o.label(), display(on), l.days),
                        _ => format!("Waiting ({} days so far)", l.days),
                    });
                    for s in &l.skips {
                        how.push(format!("Not taken for {} on {}: {}", s.cohort_name, display(s.skipped_on), s.reason));
                    }
                    let wants = match &l.cohort_name {
                        Some(c) => format!("{} ({c})", l.wants_label),
                        None => l.wants_label.clone(),
                    };
                    vec![
                        Cell::text(display(x.details.referred_on)),
                        Cell::text(x.details.source.label()),
                        free(m, &wants, FOR),
                        free(m, &how.join(". "), HOW),
                    ]
                })
                .collect();
            banded(t, m, rows)
        },
    );
}

/// BARC-10 assessments: each with its date, when it was taken, the total and the ten scores.
fn capital_section(flow: &mut Flow, m: &dyn Measure, r: &PersonRecord) {
    const DATE: f32 = 22.0;
    const STAGE: f32 = 34.0;
    const TOTAL: f32 = 16.0;
    const SCORES: f32 = CONTENT_WIDTH - DATE - STAGE - TOTAL;
    section(
        flow,
        m,
        CAPITAL,
        "The Brief Assessment of Recovery Capital: ten statements the person scored from 1 (strongly disagree) to 6 \
         (strongly agree), recorded with their consent. The scores are in the statements' order.",
        vec![
            Column::new("Date", DATE, Align::Left),
            Column::new("Taken", STAGE, Align::Left),
            Column::new("Total", TOTAL, Align::Right),
            Column::new("Scores (statements 1 to 10)", SCORES, Align::Left),
        ],
        |t| {
            let rows = r
                .recovery_capital
                .iter()
                .map(|a| {
                    let scores: Vec<String> = a.details.scores.iter().map(u8::to_string).collect();
                    vec![
                        Cell::text(display(a.details.taken_on)),
                        Cell::text(a.details.stage.label()),
                        Cell::text(format!("{} of 60", a.total)),
                        Cell::text(scores.join(", ")),
                    ]
                })
                .collect();
            banded(t, m, rows)
        },
    );
}

/// Each unit signed off, by qualification: who assessed it and when.
fn svq_section(flow: &mut Flow, m: &dyn Measure, r: &PersonRecord) {
    const QUALIFICATION: f32 = 58.0;
    const CODE: f32 = 20.0;
    const DATE: f32 = 22.0;
    const ASSESSOR: f32 = 36.0;
    const UNIT: f32 = CONTENT_WIDTH - QUALIFICATION - CODE - DATE - ASSESSOR;
    section(
        flow,
        m,
        SVQ_UNITS,
        "Units of a Scottish Vocational Qualification an assessor signed off for the person at this centre. SQA \
         certificates the qualification itself.",
        vec![
            Column::new("Qualification", QUALIFICATION, Align::Left),
            Column::new("Unit", CODE, Align::Left),
            Column::new("Title", UNIT, Align::Left),
            Column::new("Signed off", DATE, Align::Left),
            Column::new("Assessor", ASSESSOR, Align::Left),
        ],
        |t| {
            let rows = r
                .svq_units
                .iter()
                .flat_map(|q| q.units.iter().filter_map(move |u| u.sign_off.as_ref().map(|s| (q, u, s))))
                .map(|(q, u, s)| {
                    vec![
                        Cell::text(q.title.clone()),
                        Cell::text(u.unit.code.clone()),
                        Cell::text(u.unit.title.clone()),
                        Cell::text(display(s.signed_off_on)),
                        Cell::text(s.assessor.clone()),
                    ]
                })
                .collect();
            banded(t, m, rows)
        },
    );
}

/// Their peer role and qualifications as facts, then every session they led.
fn peer_section(flow: &mut Flow, m: &dyn Measure, r: &PersonRecord) {
    const DATE: f32 = 30.0;
    let intro = match &r.peer {
        Some(p) => {
            let mut words = format!(
                "{} since {}{}. ",
                p.role.label(),
                display(p.since),
                if p.facilitator.active { "" } else { " (no longer in the role)" }
            );
            if !p.groups.is_empty() {
                words.push_str(&format!("A facilitator of {}. ", p.groups.join(", ")));
            }
            for q in &p.qualifications {
                words.push_str(&format!(
                    "Qualified to deliver {} ({}, {}). ",
                    q.details.course,
                    q.details.training,
                    display(q.details.qualified_on)
                ));
            }
            words.push_str(if p.on_passport {
                "They chose to have the sessions they led on their recovery passport."
            } else {
                "The sessions they led are not on their recovery passport."
            });
            words
        }
        None => "A person in custody who leads groups as a peer facilitator or recovery champion, and the sessions they led.".to_string(),
    };
    section(
        flow,
        m,
        PEER,
        &intro,
        vec![Column::new("Session led", DATE, Align::Left), Column::new("Group", CONTENT_WIDTH - DATE, Align::Left)],
        |t| {
            let mut rows: Vec<Vec<Cell>> = r
                .peer
                .iter()
                .flat_map(|p| &p.sessions_led)
                .map(|s| vec![Cell::text(display(s.held_on)), Cell::text(s.group_name.clone())])
                .collect();
            // The role is held even before the first session led: the intro says so.
            if rows.is_empty() && r.peer.is_some() {
                rows.push(vec![Cell::text("None yet"), Cell::text("")]);
            }
            banded(t, m, rows)
        },
    );
}

/// Packs sent and taken in; for one taken in, what its history from each establishment held.
fn transfers_section(flow: &mut Flow, m: &dyn Measure, r: &PersonRecord) {
    const WHEN: f32 = 30.0;
    const WHICH: f32 = 34.0;
    const PLACE: f32 = 52.0;
    const HELD: f32 = CONTENT_WIDTH - WHEN - WHICH - PLACE;
    section(
        flow,
        m,
        TRANSFERS,
        "Transfer packs: the person's recovery history sent, with their consent, to an establishment they moved to, or \
         brought from one they came from (shown here read-only, as that establishment recorded it).",
        vec![
            Column::new("When made", WHEN, Align::Left),
            Column::new("Pack", WHICH, Align::Left),
            Column::new("Establishment", PLACE, Align::Left),
            Column::new("What it holds", HELD, Align::Left),
        ],
        |t| {
            let rows = r
                .transfers
                .iter()
                .map(|x| {
                    let held = if x.sent {
                        String::new()
                    } else {
                        r.history_elsewhere
                            .iter()
                            .map(|h| {
                                let groups: Vec<String> =
                                    h.groups.iter().map(|g| format!("{} ({} sessions)", g.name, g.sessions_attended)).collect();
                                let awards: Vec<String> = h.awards.iter().map(|a| format!("{} {}", a.number, a.title)).collect();
                                let units: Vec<String> =
                                    h.svq.iter().map(|q| format!("{}: {} of {} units", q.title, q.units.len(), q.units_total)).collect();
                                let led: Vec<String> = h
                                    .peer
                                    .iter()
                                    .map(|p| format!("{}, {} sessions led", p.role.label(), p.led.iter().map(|l| l.sessions).sum::<u32>()))
                                    .collect();
                                format!("{} to {}: {}", h.name, display(h.up_to), [groups, awards, units, led].concat().join("; "))
                            })
                            .collect::<Vec<_>>()
                            .join(". ")
                    };
                    vec![
                        Cell::text(display_moment(&x.made_at)),
                        Cell::text(if x.sent { "Sent" } else { "Taken in" }),
                        free(m, &x.establishment, PLACE),
                        if held.is_empty() { Cell::Empty } else { free(m, &held, HELD) },
                    ]
                })
                .collect();
            banded(t, m, rows)
        },
    );
}

fn meetings_section(flow: &mut Flow, m: &dyn Measure, r: &PersonRecord) {
    const DATE: f32 = 22.0;
    const KIND: f32 = 30.0;
    const SERVICE: f32 = 42.0;
    const RECORDED: f32 = 30.0;
    const NOTES: f32 = CONTENT_WIDTH - DATE - KIND - SERVICE - RECORDED;
    section(
        flow,
        m,
        MEETINGS,
        "Meetings with the person about their release: before it, on home leave and after.",
        vec![
            Column::new("Date", DATE, Align::Left),
            Column::new("When", KIND, Align::Left),
            Column::new("Service there", SERVICE, Align::Left),
            Column::new("Notes", NOTES, Align::Left),
            Column::new("Recorded", RECORDED, Align::Left),
        ],
        |t| {
            let rows = r
                .meetings
                .iter()
                .map(|mt| {
                    vec![
                        Cell::text(display(mt.held_on)),
                        Cell::text(mt.kind.label()),
                        opt(&mt.service).map_or(Cell::Empty, |s| free(m, s, SERVICE)),
                        opt(&mt.notes).map_or(Cell::Empty, |n| free(m, n, NOTES)),
                        Cell::text(display_moment(&mt.created_at)),
                    ]
                })
                .collect();
            banded(t, m, rows)
        },
    );
}

fn audit_section(flow: &mut Flow, m: &dyn Measure, r: &PersonRecord) {
    const WHEN: f32 = 28.0;
    const WHO: f32 = 40.0;
    const PC: f32 = 32.0;
    const WHAT: f32 = CONTENT_WIDTH - WHEN - WHO - PC;
    section(
        flow,
        m,
        AUDIT,
        "From the app’s audit trail: every act recorded against this record or one of its entries, with who did it, \
         when (UK time) and on which computer.",
        vec![
            Column::new("When", WHEN, Align::Left),
            Column::new("Who", WHO, Align::Left),
            Column::new("What", WHAT, Align::Left),
            Column::new("Computer", PC, Align::Left),
        ],
        |t| {
            let rows = r
                .audit
                .iter()
                .map(|e| {
                    let what = match opt(&e.about) {
                        Some(about) => format!("{}: {about}", e.description),
                        None => e.description.clone(),
                    };
                    vec![Cell::text(dates::display_moment(&e.at)), free(m, &e.who, WHO), free(m, &what, WHAT), free(m, &e.workstation, PC)]
                })
                .collect();
            banded(t, m, rows)
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::pdf::layout::{Element, FixedWidth as Fake};
    use crate::views::person_record::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn texts(page: &Page) -> Vec<&str> {
        page.elements.iter().filter_map(|e| if let Element::Text { text, .. } = e { Some(text.as_str()) } else { None }).collect()
    }

    #[test]
    fn every_empty_section_says_none_held_and_shows_no_bare_header() {
        let pages = person_record_pages(&example(), &Fake);
        let all: Vec<&str> = pages.iter().flat_map(texts).collect();
        // Everything but the details.
        assert_eq!(all.iter().filter(|t| **t == NONE_HELD).count(), 14, "{all:?}");
        for header in ["Recorded by", "Certificate number", "Computer", "Reason for absence"] {
            assert!(!all.contains(&header), "{header}: {all:?}");
        }
        assert!(all.contains(&"Siobhán"), "{all:?}");
    }

    #[test]
    fn a_long_attendance_table_runs_over_pages_with_its_header_on_each() {
        let mut r = example();
        r.attendance = (0..150)
            .map(|i| HeldAttendance {
                held_on: d(2024, 1, 1) + chrono::Days::new(7 * i),
                group: format!("Group {i:03}"),
                mark: MarkKind::Present,
                absence_reason: None,
                note: None,
                recorded_at: "2026-01-01T10:00:00.000Z".into(),
                recorded_by: "Alison Grant".into(),
                waiting_choice: false,
            })
            .collect();
        let pages = person_record_pages(&r, &Fake);
        assert!(pages.len() >= 3, "{} pages", pages.len());
        let all: Vec<&str> = pages.iter().flat_map(texts).collect();
        for i in 0..150 {
            assert_eq!(all.iter().filter(|t| **t == format!("Group {i:03}")).count(), 1, "row {i}");
        }
        for (n, page) in pages.iter().enumerate() {
            let t = texts(page);
            if t.iter().any(|t| t.starts_with("Group ")) {
                assert!(t.contains(&"Recorded by"), "page {}: no header", n + 1);
            }
            assert!(t.contains(&format!("Page {} of {}", n + 1, pages.len()).as_str()), "{t:?}");
        }
    }
}
