//! A printable register (A4 portrait) for rooms the PC cannot go into: one row per person on the
//! roster with boxes to tick by hand and a column for the absence reason's code, the key to those
//! codes (the same keys the register screen uses), and lines for the session's facilitators,
//! topic, notes and a signature. Typed into the app afterwards.

use super::draw::{render, Fonts, Pictures};
use super::layout::{Align, Element, Face, Measure, Page};
use super::table::{
    first_baseline, heading, labelled, notice, paragraph, running_head, text, Block, Cell, Column, Flow, RowStyle, Table, TableStyle,
    CONTENT_LEFT, CONTENT_RIGHT, CONTENT_WIDTH, INK, MUTED,
};
use crate::dates;
use crate::model::{AbsenceCause, AbsenceReason, MarkKind, SessionStatus};
use crate::views::{Register, RegisterLine};

pub const TITLE: &str = "Attendance register";

/// The one-key code for each absence reason: the keys of the register screen's reason picker
/// (ui/src/lib/register.ts, `REASON_GROUPS`), so the sheet is typed in with the keys it shows.
pub const REASON_CODES: [(AbsenceReason, &str); 14] = [
    (AbsenceReason::ChoseNotToAttend, "1"),
    (AbsenceReason::Refused, "2"),
    (AbsenceReason::Unwell, "3"),
    (AbsenceReason::Other, "4"),
    (AbsenceReason::NotUnlocked, "5"),
    (AbsenceReason::WingLockdown, "6"),
    (AbsenceReason::NoEscort, "7"),
    (AbsenceReason::StaffShortage, "8"),
    (AbsenceReason::LegalVisit, "9"),
    (AbsenceReason::Healthcare, "H"),
    (AbsenceReason::Court, "C"),
    (AbsenceReason::Work, "W"),
    (AbsenceReason::Education, "D"),
    (AbsenceReason::Visit, "V"),
];

pub fn reason_code(reason: AbsenceReason) -> &'static str {
    REASON_CODES.iter().find(|(r, _)| *r == reason).map_or("", |(_, code)| code)
}

/// The marks in the order of the tick-box columns.
const MARKS: [MarkKind; 4] = [MarkKind::Present, MarkKind::Late, MarkKind::LeftEarly, MarkKind::Absent];

/// Rows tall enough to tick and write a code in by hand.
pub const ROW_HEIGHT: f32 = 9.0;

/// The names on the roster that the bundled sans-serif face cannot draw (e.g. in Chinese
/// characters, which are not bundled): they would print as empty boxes, so a caller reports them
/// rather than printing a sheet nobody can read.
pub fn names_without_glyphs(register: &Register, fonts: &Fonts) -> Vec<String> {
    register.lines.iter().map(|l| l.participant.listed_name()).filter(|name| !fonts.covers(Face::Sans, name)).collect()
}

/// The sheet as PDF bytes, laid out with the bundled fonts.
pub fn register_sheet_pdf(register: &Register, establishment_name: &str) -> Vec<u8> {
    let fonts = Fonts::shared();
    let pages = register_sheet_pages(register, establishment_name, fonts);
    let title = format!("{TITLE}: {}, {}", register.group_name, dates::display(register.session.held_on));
    render(&pages, fonts, &title, &Pictures::default())
}

/// The sheet's pages: the session's details, the roster table (its header on every page), the
/// key to the reason codes and the lines to fill in, each page with "Page x of y".
pub fn register_sheet_pages(register: &Register, establishment_name: &str, m: &dyn Measure) -> Vec<Page> {
    let session = &register.session;
    let when = format!("{} {}", dates::display(session.held_on), session.start_time.format("%H:%M"));
    let mut flow = Flow::new();
    flow.set_running_head(running_head(m, &format!("{TITLE} · {} · {when}", register.group_name)));
    flow.place(details_block(m, register, establishment_name));
    if session.status == SessionStatus::Cancelled {
        flow.place(notice(m, "This session is recorded as cancelled in Recovery Register.").padded(3.0));
    }
    flow.gap(2.0);
    if register.lines.is_empty() && register.event.is_none() {
        let words = format!("Nobody is on this group's roster on {}.", dates::display(session.held_on));
        flow.place(paragraph(m, &words, Face::Sans, 10.0, CONTENT_LEFT, CONTENT_WIDTH, INK).padded(2.0));
    }
    // The roster as the screen lists it (numbered, "Family, Given", drop-ins after), then blank
    // numbered rows for people who come without being on it.
    let table = roster_table();
    let style = |i: usize| if i % 2 == 1 { RowStyle::Banded } else { RowStyle::Plain };
    let mut rows: Vec<_> = register.lines.iter().enumerate().map(|(i, line)| table.row(m, &roster_cells(i + 1, line), style(i))).collect();
    let first_blank = register.lines.len() + 1;
    let blank = if register.event.is_some() { EVENT_BLANK_ROWS } else { BLANK_ROWS };
    rows.extend((first_blank..first_blank + blank).map(|n| table.row(m, &blank_cells(n), style(n - 1))));
    flow.table(&table.header(m), rows);
    flow.gap(7.0);
    flow.place(key_block(m));
    flow.gap(7.0);
    flow.place(record_block(m, register));
    flow.finish(m, &format!("{TITLE}: {} · {when} · {establishment_name}", register.group_name))
}

/// Title, then the group, date (figures and words), time and establishment as a small form.
fn details_block(m: &dyn Measure, register: &Register, establishment_name: &str) -> Block {
    let session = &register.session;
    let title_pt = 17.0;
    let mut b = paragraph(m, TITLE, Face::SerifBold, title_pt, CONTENT_LEFT, CONTENT_WIDTH, INK).padded(3.0);
    let date = format!("{}   ({} {})", dates::display(session.held_on), session.held_on.format("%A"), dates::in_words(session.held_on));
    let label_width = 28.0;
    for (label, value) in [
        (if register.event.is_some() { "Event" } else { "Group" }, register.group_name.clone()),
        ("Date", date),
        ("Time", session.start_time.format("%H:%M").to_string()),
        ("Establishment", establishment_name.to_string()),
    ] {
        b = b.above(labelled(m, label, &value, label_width));
    }
    let how = "Tick one box for each person. For an absence, write the reason's code from the key below the table.";
    b.above(paragraph(m, how, Face::Sans, 8.5, CONTENT_LEFT, CONTENT_WIDTH, MUTED).padded(4.0))
}

/// Blank rows under the roster for drop-ins, written in by hand.
pub const BLANK_ROWS: usize = 5;
/// An event has no roster and dozens come (a family day, a recovery walk): a page and more of
/// blank rows to write them in.
pub const EVENT_BLANK_ROWS: usize = 40;

fn roster_table() -> Table {
    let tick = 14.0;
    let number = 7.0;
    let columns = vec![
        Column::new("#", number, Align::Right),
        Column::new("Name", CONTENT_WIDTH - number - 22.0 - 26.0 - 4.0 * tick - 18.0, Align::Left),
        Column::new("Prison number", 22.0, Align::Left),
        Column::new("Location", 26.0, Align::Left),
        Column::new(MarkKind::Present.label(), tick, Align::Centre),
        Column::new(MarkKind::Late.label(), tick, Align::Centre),
        Column::new(MarkKind::LeftEarly.label(), tick, Align::Centre),
        Column::new(MarkKind::Absent.label(), tick, Align::Centre),
        Column::new("Reason code", 18.0, Align::Centre),
    ];
    let style = TableStyle {
        face: Face::Sans,
        size_pt: 10.0,
        min_pt: 7.5,
        header_pt: 8.0,
        min_row: ROW_HEIGHT,
        pad_y: 1.5,
        pad_x: 1.5,
        tick_box: 5.0,
    };
    Table { x: CONTENT_LEFT, columns, style }
}

/// A person's row: name, prison number and location as recorded, empty boxes; a mark already
/// recorded (an absence entered in advance) is shown crossed, with its code.
fn roster_cells(number: usize, line: &RegisterLine) -> Vec<Cell> {
    let p = &line.participant;
    let optional = |s: &Option<String>| s.as_ref().map_or(Cell::Empty, |s| Cell::Text(s.clone()));
    let name = if line.drop_in { format!("{} (drop-in)", p.listed_name()) } else { p.listed_name() };
    let mut cells = vec![Cell::Text(number.to_string()), Cell::Text(name), optional(&p.prison_number), optional(&p.location)];
    cells.extend(MARKS.iter().map(|&kind| Cell::TickBox(line.mark.as_ref().is_some_and(|m| m.mark == kind))));
    let code = line.mark.as_ref().and_then(|m| m.absence_reason).map_or("", reason_code);
    cells.push(if code.is_empty() { Cell::Empty } else { Cell::text(code) });
    cells
}

/// A numbered row to write a drop-in into: empty cells, empty boxes.
fn blank_cells(number: usize) -> Vec<Cell> {
    let mut cells = vec![Cell::Text(number.to_string()), Cell::Empty, Cell::Empty, Cell::Empty];
    cells.extend(MARKS.iter().map(|_| Cell::TickBox(false)));
    cells.push(Cell::Empty);
    cells
}

/// The reason codes in three columns, one per cause, each headed by the cause.
fn key_block(m: &dyn Measure) -> Block {
    let column = CONTENT_WIDTH / 3.0;
    let size = 8.5;
    let mut key = Block::default();
    for (i, &cause) in AbsenceCause::ALL.iter().enumerate() {
        let x = CONTENT_LEFT + column * i as f32;
        let mut part = paragraph(m, cause.label(), Face::SerifBold, 9.5, x, column - 4.0, INK).padded(1.5);
        for (reason, code) in REASON_CODES.iter().filter(|(r, _)| r.cause() == cause) {
            let label = paragraph(m, reason.label(), Face::Sans, size, x + 7.0, column - 11.0, INK);
            let code = Block::new(0.0, vec![text(*code, Face::Sans, size, x + 1.0, first_baseline(size), Align::Left, INK)]);
            part = part.above(label.beside(code).padded(1.2));
        }
        key = key.beside(part);
    }
    heading(m, "Absence reason codes", CONTENT_LEFT).above(key)
}

/// Write-in lines for the session record: facilitators, topic (filled in if already known),
/// notes, and a signature with the date.
fn record_block(m: &dyn Measure, register: &Register) -> Block {
    let line_gap = 9.0;
    let label_width = 26.0;
    let write_in = |label: &str, filled: Option<&str>, x: f32, right: f32| {
        // The label sits on the line, the line runs to `right`; anything known is pre-printed.
        let base = -line_gap + 1.5;
        let mut e = vec![
            text(label, Face::Sans, 9.0, x, base + 0.8, Align::Left, MUTED),
            Element::Line { from: (x + label_width, base), to: (right, base), width_pt: 0.5, grey: 0.45 },
        ];
        if let Some(words) = filled {
            let room = right - x - label_width - 2.0;
            let size = super::layout::fit(m, Face::Sans, words, room, 10.0, 0.0);
            e.push(text(words, Face::Sans, size, x + label_width + 1.0, base + 1.0, Align::Left, INK));
        }
        Block::new(line_gap, e)
    };
    let mut b = heading(m, "Session record", CONTENT_LEFT);
    b = b.above(write_in("Facilitators", None, CONTENT_LEFT, CONTENT_RIGHT));
    b = b.above(write_in("Topic", register.session.topic.as_deref(), CONTENT_LEFT, CONTENT_RIGHT));
    // The people nobody names: counts, and the visitors' organisation; pre-printed when known.
    let h = &register.headcount;
    let known = |n: u32| (!h.is_empty()).then(|| n.to_string());
    let (others, visitors) = (known(h.others_present), known(h.visitors));
    let third = CONTENT_LEFT + CONTENT_WIDTH / 3.0;
    let counts = write_in("Others present", others.as_deref(), CONTENT_LEFT, third - 6.0)
        .beside(write_in("Visitors", visitors.as_deref(), third, third + CONTENT_WIDTH / 3.0 - 6.0))
        .beside(write_in("From", h.visitors_from.as_deref(), third + CONTENT_WIDTH / 3.0, CONTENT_RIGHT));
    b = b.above(counts);
    b = b.above(write_in("Notes", None, CONTENT_LEFT, CONTENT_RIGHT));
    b = b.above(write_in("", None, CONTENT_LEFT, CONTENT_RIGHT));
    b = b.above(write_in("", None, CONTENT_LEFT, CONTENT_RIGHT));
    let split = CONTENT_LEFT + CONTENT_WIDTH * 0.62;
    let signed = write_in("Signed", None, CONTENT_LEFT, split - 6.0).beside(write_in("Date", None, split, CONTENT_RIGHT));
    b.above(Block::new(3.0, vec![])).above(signed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_absence_reason_has_one_code_and_the_codes_are_distinct() {
        for reason in AbsenceReason::ALL {
            assert_eq!(REASON_CODES.iter().filter(|(r, _)| r == reason).count(), 1, "{reason:?}");
        }
        let mut codes: Vec<&str> = REASON_CODES.iter().map(|(_, c)| *c).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), REASON_CODES.len());
        // The screen's grouping: 1-4 the person, 5-8 the regime, the letters (and 9) appointments.
        for (reason, code) in REASON_CODES {
            let expected = match code {
                "1" | "2" | "3" | "4" => AbsenceCause::Person,
                "5" | "6" | "7" | "8" => AbsenceCause::Regime,
                _ => AbsenceCause::Appointment,
            };
            assert_eq!(reason.cause(), expected, "{code}");
        }
    }
}
