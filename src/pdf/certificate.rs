//! The certificate page (A4 landscape), laid out by a pure function of the award's facts.

use super::layout::{fit, wrap, Align, Element, Face, Measure, Page};
use crate::model::Signatory;
use serde::{Deserialize, Serialize};

/// Everything printed on one certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub issuing_organisation: String,
    /// Shown only when the award type says so.
    pub establishment: Option<String>,
    pub title: String,
    pub name: String,
    pub wording: String,
    /// e.g. "Awarded by SQA".
    pub awarding_body: Option<String>,
    /// "22 November 2026".
    pub date_in_words: String,
    pub signatories: Vec<Signatory>,
    pub number: String,
    pub verification_code: String,
}

pub const WIDTH: f32 = 297.0;
pub const HEIGHT: f32 = 210.0;
/// The widest a name may be before it is shrunk (never cut).
pub const NAME_WIDTH: f32 = 237.0;
pub const NAME_MAX_PT: f32 = 40.0;
pub const NAME_MIN_PT: f32 = 14.0;

const INK: f32 = 0.1;
const MUTED: f32 = 0.4;

pub fn layout(c: &Certificate, m: &dyn Measure) -> Page {
    let centre = WIDTH / 2.0;
    let mut e = vec![
        Element::Frame { x: 10.0, y: 10.0, w: WIDTH - 20.0, h: HEIGHT - 20.0, width_pt: 2.2, grey: 0.25 },
        Element::Frame { x: 14.0, y: 14.0, w: WIDTH - 28.0, h: HEIGHT - 28.0, width_pt: 0.6, grey: 0.45 },
    ];
    let text = |text: &str, face, size_pt, y, grey| Element::Text {
        text: text.to_string(),
        face,
        size_pt,
        x: centre,
        y,
        align: Align::Centre,
        grey,
    };
    e.push(text(&c.issuing_organisation.to_uppercase(), Face::Sans, 11.0, 182.0, MUTED));
    let title_pt = fit(m, Face::SerifBold, &c.title, 250.0, 30.0, 16.0);
    e.push(text(&c.title, Face::SerifBold, title_pt, 160.0, INK));
    e.push(text("This is to certify that", Face::SerifItalic, 14.0, 140.0, MUTED));
    let name_pt = fit(m, Face::SerifBold, &c.name, NAME_WIDTH, NAME_MAX_PT, NAME_MIN_PT);
    e.push(text(&c.name, Face::SerifBold, name_pt, 120.0, INK));
    e.push(Element::Line { from: (centre - 90.0, 113.0), to: (centre + 90.0, 113.0), width_pt: 0.5, grey: 0.6 });
    let mut y = 101.0;
    for line in wrap(m, Face::Serif, 15.0, &c.wording, 230.0).iter().take(3) {
        e.push(text(line, Face::Serif, 15.0, y, INK));
        y -= 7.5;
    }
    if let Some(body) = &c.awarding_body {
        e.push(text(&format!("Awarded by {body}"), Face::Serif, 12.0, y, MUTED));
        y -= 6.5;
    }
    let awarded = match &c.establishment {
        Some(place) => format!("Awarded at {place} on {}", c.date_in_words),
        None => format!("Awarded on {}", c.date_in_words),
    };
    e.push(text(&awarded, Face::Serif, 13.0, y.min(76.0), INK));

    // Signature lines, spread evenly across the page.
    let n = c.signatories.len().max(1) as f32;
    let span = 220.0;
    for (i, s) in c.signatories.iter().enumerate() {
        let x = centre - span / 2.0 + span * (i as f32 + 0.5) / n;
        e.push(Element::Line { from: (x - 32.0, 48.0), to: (x + 32.0, 48.0), width_pt: 0.6, grey: 0.3 });
        let name_pt = fit(m, Face::Sans, &s.name, 70.0, 10.5, 7.0);
        e.push(Element::Text { text: s.name.clone(), face: Face::Sans, size_pt: name_pt, x, y: 42.5, align: Align::Centre, grey: INK });
        let role_pt = fit(m, Face::Sans, &s.role, 70.0, 9.0, 6.5);
        e.push(Element::Text { text: s.role.clone(), face: Face::Sans, size_pt: role_pt, x, y: 37.5, align: Align::Centre, grey: MUTED });
    }
    e.push(text(
        &format!("Certificate number {}    Verification code {}", c.number, c.verification_code),
        Face::Sans,
        8.5,
        21.0,
        MUTED,
    ));
    Page { width_mm: WIDTH, height_mm: HEIGHT, elements: e }
}
