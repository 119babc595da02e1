//! The record of SVQ units (A4 portrait): every unit of the qualification, signed off or still to
//! do, for one candidate. It says plainly that it is a record kept by the centre, not the
//! qualification: SQA certificates that.
//!
//! Pure layout over `table`; `unit_record_pdf` renders it.

use super::draw::{render, Fonts, Pictures};
use super::layout::{Align, Face, Measure, Page};
use super::table::{
    labelled, paragraph, running_head, Block, Cell, Column, Flow, RowStyle, Table, TableStyle, CONTENT_LEFT, CONTENT_WIDTH, INK, MUTED,
};
use crate::dates;
use crate::views::UnitRecord;

pub const TITLE: &str = "Record of SVQ units achieved";
/// What the date column says for a unit not yet signed off.
pub const STILL_TO_DO: &str = "Not yet";

/// What the page says the record is (and is not).
pub fn statement(r: &UnitRecord) -> String {
    let body = r.awarding_body.as_deref().unwrap_or("the awarding body");
    format!(
        "A record of the units an assessor signed off at {}. It is not a certificate: the qualification is certificated by {body}.",
        r.centre
    )
}

pub fn unit_record_pdf(r: &UnitRecord) -> Vec<u8> {
    let fonts = Fonts::shared();
    render(&unit_record_pages(r, fonts), fonts, &format!("{TITLE}: {}", r.qualification), &Pictures::default())
}

pub fn unit_record_pages(r: &UnitRecord, m: &dyn Measure) -> Vec<Page> {
    let mut flow = Flow::new();
    flow.set_running_head(running_head(m, &format!("{TITLE} · {}", r.name)));
    flow.place(title_block(m, r));
    flow.gap(3.0);
    let table = table();
    let rows = r
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let (date, assessor) = match &u.sign_off {
                Some(s) => (Cell::Text(dates::display(s.signed_off_on)), Cell::Text(s.assessor.clone())),
                None => (Cell::Muted(STILL_TO_DO.into()), Cell::Empty),
            };
            let cells = vec![Cell::Text(u.unit.code.clone()), Cell::Text(u.unit.title.clone()), date, assessor];
            table.row(m, &cells, if i % 2 == 1 { RowStyle::Banded } else { RowStyle::Plain })
        })
        .collect();
    flow.table(&table.header(m), rows);
    flow.gap(4.0);
    let done = format!("{} of the {} units signed off.", r.signed_off, r.total);
    flow.place(paragraph(m, &done, Face::SerifBold, 11.0, CONTENT_LEFT, CONTENT_WIDTH, INK).padded(3.0));
    flow.place(paragraph(m, &statement(r), Face::Serif, 9.5, CONTENT_LEFT, CONTENT_WIDTH, MUTED));
    flow.finish(m, &format!("{TITLE} · {} · prepared {}", r.centre, dates::display(r.prepared_on)))
}

fn title_block(m: &dyn Measure, r: &UnitRecord) -> Block {
    let mut b = paragraph(m, TITLE, Face::SerifBold, 17.0, CONTENT_LEFT, CONTENT_WIDTH, INK).padded(2.0);
    b = b.above(paragraph(m, &r.qualification, Face::SerifBold, 13.0, CONTENT_LEFT, CONTENT_WIDTH, INK).padded(3.5));
    let label_width = 42.0;
    let mut facts = vec![("Candidate", r.name.clone())];
    if let Some(number) = &r.candidate_number {
        facts.push(("SQA candidate number", number.clone()));
    }
    if let Some(level) = r.svq_level {
        facts.push(("Level", format!("SVQ Level {level}")));
    }
    facts.push(("Centre", r.centre.clone()));
    facts.push(("Prepared", dates::in_words(r.prepared_on)));
    for (label, value) in facts {
        b = b.above(labelled(m, label, &value, label_width));
    }
    b
}

const CODE: f32 = 24.0;
const DATE: f32 = 24.0;
const ASSESSOR: f32 = 44.0;
const UNIT: f32 = CONTENT_WIDTH - CODE - DATE - ASSESSOR;

fn table() -> Table {
    let columns = vec![
        Column::new("Unit", CODE, Align::Left),
        Column::new("Title", UNIT, Align::Left),
        Column::new("Signed off", DATE, Align::Left),
        Column::new("Assessor", ASSESSOR, Align::Left),
    ];
    let style =
        TableStyle { face: Face::Sans, size_pt: 10.0, min_pt: 7.5, header_pt: 8.0, min_row: 8.5, pad_y: 1.8, pad_x: 1.5, tick_box: 5.0 };
    Table { x: CONTENT_LEFT, columns, style }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AwardTypeId, ParticipantId, Unit, UnitId, UnitProgress, UnitSignOff, UnitSignOffId};
    use crate::pdf::layout::{Element, FixedWidth as Fake};
    use chrono::NaiveDate;

    fn texts(pages: &[Page]) -> Vec<String> {
        pages
            .iter()
            .flat_map(|p| &p.elements)
            .filter_map(|e| if let Element::Text { text, .. } = e { Some(text.clone()) } else { None })
            .collect()
    }

    #[test]
    fn every_unit_is_listed_and_those_to_do_say_so() {
        let t = AwardTypeId::new();
        let unit = |code: &str, title: &str, done: Option<(&str, u32)>| UnitProgress {
            unit: Unit { id: UnitId::new(), award_type_id: t, code: code.into(), title: title.into() },
            sign_off: done.map(|(assessor, day)| UnitSignOff {
                id: UnitSignOffId::new(),
                participant_id: ParticipantId::new(),
                unit_id: UnitId::new(),
                assessor: assessor.into(),
                signed_off_on: NaiveDate::from_ymd_opt(2026, 10, day).unwrap(),
            }),
        };
        let r = UnitRecord {
            centre: "Tayside Recovery Partnership".into(),
            name: "Łukasz Żółć".into(),
            candidate_number: Some("123456789".into()),
            qualification: "SVQ Level 3 in Recovery Development Practice".into(),
            svq_level: Some(3),
            awarding_body: Some("SQA".into()),
            units: vec![
                unit("HK9A 04", "Promote effective communication", Some(("Alison Grant", 6))),
                unit("HK9B 04", "Develop your own practice", None),
            ],
            signed_off: 1,
            total: 2,
            prepared_on: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
        };
        let all = texts(&unit_record_pages(&r, &Fake));
        let joined = all.join(" | ");
        for want in
            ["Łukasz Żółć", "123456789", "HK9A 04", "06/10/2026", "Alison Grant", "HK9B 04", STILL_TO_DO, "1 of the 2 units signed off."]
        {
            assert!(joined.contains(want), "{want} missing from {joined}");
        }
        assert!(joined.contains("certificated by SQA") && !joined.contains("Awarded by"), "{joined}");
    }
}
