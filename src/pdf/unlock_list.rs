//! The unlock lists (A4 portrait): one list per hall, each starting a page and numbering its own
//! pages, so the day's PDF is printed once and each hall's pages handed to its officer. Names
//! as the register lists them ("Family, Given"), in the order the officer walks the hall, with
//! the session, its time and room (with any absence already recorded), and a box to tick once the person is unlocked.
//!
//! Pure layout over `table`, like the paper register; `unlock_lists_pdf` renders it.

use super::draw::{render, Fonts, Pictures};
use super::layout::{Align, Face, Measure, Page};
use super::table::{
    labelled, paragraph, running_head, Block, Cell, Column, Flow, RowStyle, Table, TableStyle, CONTENT_LEFT, CONTENT_WIDTH, INK, MUTED,
};
use crate::dates;
use crate::views::{HallUnlock, UnlockLine, UnlockLists};

pub const TITLE: &str = "Unlock list";
/// What the tick column says for someone with an absence already recorded.
pub const NOT_TO_UNLOCK: &str = "Not needed";

/// The lists as PDF bytes, laid out with the bundled fonts.
pub fn unlock_lists_pdf(lists: &UnlockLists) -> Vec<u8> {
    let fonts = Fonts::shared();
    let pages = unlock_lists_pages(lists, fonts);
    let title = format!("Unlock lists, {}, {}", lists.establishment_name, dates::display(lists.on));
    render(&pages, fonts, &title, &Pictures::default())
}

/// Every hall's pages, one hall after another.
pub fn unlock_lists_pages(lists: &UnlockLists, m: &dyn Measure) -> Vec<Page> {
    lists.halls.iter().flat_map(|hall| hall_pages(lists, hall, m)).collect()
}

fn hall_pages(lists: &UnlockLists, hall: &HallUnlock, m: &dyn Measure) -> Vec<Page> {
    let day = dates::display(lists.on);
    let mut flow = Flow::new();
    flow.set_running_head(running_head(m, &format!("{TITLE} · {} · {day}", hall.hall)));
    flow.place(title_block(m, lists, hall));
    flow.gap(2.0);
    let table = table();
    let rows = hall
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| table.row(m, &cells(i + 1, line), if i % 2 == 1 { RowStyle::Banded } else { RowStyle::Plain }))
        .collect();
    flow.table(&table.header(m), rows);
    flow.finish(m, &format!("{TITLE}: {} · {day} · {}", hall.hall, lists.establishment_name))
}

fn title_block(m: &dyn Measure, lists: &UnlockLists, hall: &HallUnlock) -> Block {
    let mut b = paragraph(m, TITLE, Face::SerifBold, 17.0, CONTENT_LEFT, CONTENT_WIDTH, INK).padded(2.0);
    b = b.above(paragraph(m, &hall.hall, Face::SerifBold, 14.0, CONTENT_LEFT, CONTENT_WIDTH, INK).padded(2.5));
    let date = format!("{}   ({} {})", dates::display(lists.on), lists.on.format("%A"), dates::in_words(lists.on));
    let label_width = 28.0;
    for (label, value) in [("Date", date), ("Establishment", lists.establishment_name.clone())] {
        b = b.above(labelled(m, label, &value, label_width));
    }
    let how = format!(
        "Unlock each person in time for their session and tick the box. \"{NOT_TO_UNLOCK}\" means an absence is already recorded for them."
    );
    b.above(paragraph(m, &how, Face::Sans, 8.5, CONTENT_LEFT, CONTENT_WIDTH, MUTED).padded(4.0))
}

const NUMBER: f32 = 7.0;
const NAME: f32 = 44.0;
const PRISON_NUMBER: f32 = 18.0;
const LOCATION: f32 = 24.0;
const TIME: f32 = 11.0;
const TICK: f32 = 20.0;
/// The session, where it is and any absence already recorded: the rest of the width.
const SESSION: f32 = CONTENT_WIDTH - NUMBER - NAME - PRISON_NUMBER - LOCATION - TIME - TICK;

fn table() -> Table {
    let columns = vec![
        Column::new("#", NUMBER, Align::Right),
        Column::new("Name", NAME, Align::Left),
        Column::new("Prison number", PRISON_NUMBER, Align::Left),
        Column::new("Location", LOCATION, Align::Left),
        Column::new("Time", TIME, Align::Left),
        Column::new("Session, where", SESSION, Align::Left),
        Column::new("Unlocked", TICK, Align::Centre),
    ];
    let style =
        TableStyle { face: Face::Sans, size_pt: 10.0, min_pt: 7.5, header_pt: 8.0, min_row: 8.5, pad_y: 1.5, pad_x: 1.5, tick_box: 5.0 };
    Table { x: CONTENT_LEFT, columns, style }
}

fn cells(number: usize, line: &UnlockLine) -> Vec<Cell> {
    let optional = |s: &Option<String>| s.as_ref().map_or(Cell::Empty, |s| Cell::Text(s.clone()));
    let mut session = line.group_name.clone();
    if let Some(place) = &line.place {
        session = format!("{session}, {place}");
    }
    let tick = match line.absent {
        Some(reason) => {
            session = format!("{session} (absent: {})", reason.label().to_lowercase());
            Cell::Muted(NOT_TO_UNLOCK.into())
        }
        None => Cell::TickBox(false),
    };
    vec![
        Cell::Text(number.to_string()),
        Cell::Text(line.name.clone()),
        optional(&line.prison_number),
        optional(&line.location),
        Cell::Text(line.start_time.format("%H:%M").to_string()),
        Cell::Text(session),
        tick,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::layout::{Element, FixedWidth as Fake};
    use chrono::{NaiveDate, NaiveTime};

    fn line(name: &str, location: &str, absent: Option<crate::model::AbsenceReason>) -> UnlockLine {
        UnlockLine {
            name: name.into(),
            prison_number: Some("100001".into()),
            location: Some(location.into()),
            start_time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            group_name: "Recovery Café".into(),
            place: Some("Chapel".into()),
            absent,
        }
    }

    fn texts(page: &Page) -> Vec<&str> {
        page.elements.iter().filter_map(|e| if let Element::Text { text, .. } = e { Some(text.as_str()) } else { None }).collect()
    }

    #[test]
    fn each_hall_starts_a_page_and_numbers_its_own_pages() {
        let many: Vec<UnlockLine> = (0..60).map(|i| line(&format!("Reid, Person {i:02}"), &format!("A Hall, 1/{i}"), None)).collect();
        let lists = UnlockLists {
            establishment_name: "HMP Perth".into(),
            on: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
            halls: vec![
                HallUnlock { hall: "A Hall".into(), lines: many },
                HallUnlock {
                    hall: "B Hall".into(),
                    lines: vec![line("Byrne, Aoife", "B Hall, 2/3", Some(crate::model::AbsenceReason::Court))],
                },
            ],
        };
        let pages = unlock_lists_pages(&lists, &Fake);
        let a_pages = pages.iter().filter(|p| texts(p).iter().any(|t| t.starts_with("Unlock list: A Hall"))).count();
        assert!(a_pages >= 2, "sixty people run over: {a_pages}");
        let last = texts(pages.last().unwrap());
        assert!(last.contains(&"B Hall") && last.contains(&"Page 1 of 1"), "{last:?}");
        assert!(last.join(" ").contains("Recovery Café, Chapel (absent: court)") && last.contains(&NOT_TO_UNLOCK), "{last:?}");
        // Numbered in order across A Hall's pages, each once.
        let all: Vec<&str> = pages.iter().flat_map(texts).collect();
        for i in 0..60 {
            assert_eq!(all.iter().filter(|t| **t == format!("Reid, Person {i:02}")).count(), 1);
        }
    }
}
