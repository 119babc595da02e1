//! The certificate page (A4 landscape), laid out by a pure function of the award's facts.

use super::layout::{fit, wrap, Align, Element, Face, Measure, Page};
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
    /// e.g. "SQA": named as the body that certificates the qualification, never as the page's issuer.
    pub awarding_body: Option<String>,
    /// For an SVQ, the candidate's SQA number as it was when the award was issued.
    pub candidate_number: Option<String>,
    /// "22 November 2026".
    pub date_in_words: String,
    pub signatories: Vec<SignatureLine>,
    pub number: String,
    pub verification_code: String,
    /// The award type's logo, if it has one: its key in the document's pictures and its size.
    pub logo: Option<Logo>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Logo {
    pub key: String,
    pub width_px: u32,
    pub height_px: u32,
}

/// One signatory as printed: a signature image, if they have one, sits above their line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureLine {
    pub name: String,
    pub role: String,
    pub signature: Option<Logo>,
}

/// The box a signature image is fitted into, centred above its line (w, h in mm; the line is at
/// y = 48).
pub const SIGNATURE_BOX: (f32, f32) = (56.0, 15.0);

/// Fits a picture of `width_px` × `height_px` into a box `bw` × `bh` mm, keeping its shape.
fn fitted(p: &Logo, bw: f32, bh: f32) -> (f32, f32) {
    let aspect = p.width_px.max(1) as f32 / p.height_px.max(1) as f32;
    if aspect > bw / bh {
        (bw, bw / aspect)
    } else {
        (bh * aspect, bh)
    }
}

/// The box the logo is fitted into, top left inside the border (x, y, w, h in mm).
pub const LOGO_BOX: (f32, f32, f32, f32) = (22.0, 166.0, 44.0, 24.0);
/// The QR code's square, bottom right inside the border.
pub const QR_BOX: (f32, f32, f32) = (262.0, 19.0, 16.0);

/// What the QR code says: the number and code as printed, so a phone shows what to type into
/// the app's verify screen. Upper case letters, digits, space and '-' keep it in the QR's compact
/// alphanumeric mode.
pub fn qr_text(c: &Certificate) -> String {
    format!("{} {}", c.number, c.verification_code).to_uppercase()
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
    let org = c.issuing_organisation.to_uppercase();
    e.push(text(&org, Face::Sans, fit(m, Face::Sans, &org, 250.0, 11.0, 7.0), 182.0, MUTED));
    let title_pt = fit(m, Face::SerifBold, &c.title, 250.0, 30.0, 16.0);
    e.push(text(&c.title, Face::SerifBold, title_pt, 160.0, INK));
    e.push(text("This is to certify that", Face::SerifItalic, 14.0, 140.0, MUTED));
    let name_pt = fit(m, Face::SerifBold, &c.name, NAME_WIDTH, NAME_MAX_PT, NAME_MIN_PT);
    e.push(text(&c.name, Face::SerifBold, name_pt, 120.0, INK));
    // The rule under the name is at least as wide as the name.
    let half_rule = (m.width_mm(Face::SerifBold, name_pt, &c.name) / 2.0 + 6.0).clamp(90.0, (WIDTH - 40.0) / 2.0);
    e.push(Element::Line { from: (centre - half_rule, 113.0), to: (centre + half_rule, 113.0), width_pt: 0.5, grey: 0.6 });
    // The wording is never cut: it gets smaller until it fits three lines.
    let mut size = 15.0;
    let mut lines = wrap(m, Face::Serif, size, &c.wording, 230.0);
    while lines.len() > 3 && size > 9.0 {
        size -= 1.0;
        lines = wrap(m, Face::Serif, size, &c.wording, 230.0);
    }
    let mut y = 101.0;
    for line in &lines {
        e.push(text(line, Face::Serif, size, y, INK));
        y -= size * 0.5;
    }
    if let Some(body) = &c.awarding_body {
        y -= 1.5;
        // A page printed at the centre records the units achieved there; it is never the
        // qualification, which only the awarding body certificates.
        let line = format!("A record of units achieved at this centre: the qualification is certificated by {body}");
        e.push(text(&line, Face::Serif, fit(m, Face::Serif, &line, 230.0, 12.0, 8.0), y, MUTED));
        y -= 7.0;
        if let Some(number) = &c.candidate_number {
            let line = format!("{body} candidate number {number}");
            e.push(text(&line, Face::Serif, 11.0, y + 1.5, MUTED));
            y -= 5.5;
        }
    }
    let awarded = match &c.establishment {
        Some(place) => format!("Awarded at {place} on {}", c.date_in_words),
        None => format!("Awarded on {}", c.date_in_words),
    };
    e.push(text(&awarded, Face::Serif, fit(m, Face::Serif, &awarded, 250.0, 13.0, 8.0), y.min(76.0), INK));

    // Signature lines, spread evenly across the page.
    let n = c.signatories.len().max(1) as f32;
    let span = 220.0;
    for (i, s) in c.signatories.iter().enumerate() {
        let x = centre - span / 2.0 + span * (i as f32 + 0.5) / n;
        if let Some(sig) = &s.signature {
            let (bw, bh) = SIGNATURE_BOX;
            let (w, h) = fitted(sig, bw, bh);
            // Centred on the line and sitting on it, as a pen signature would.
            e.push(Element::Picture { key: sig.key.clone(), x: x - w / 2.0, y: 48.5, w, h });
        }
        e.push(Element::Line { from: (x - 32.0, 48.0), to: (x + 32.0, 48.0), width_pt: 0.6, grey: 0.3 });
        let name_pt = fit(m, Face::Sans, &s.name, 70.0, 10.5, 7.0);
        e.push(Element::Text { text: s.name.clone(), face: Face::Sans, size_pt: name_pt, x, y: 42.5, align: Align::Centre, grey: INK });
        let role_pt = fit(m, Face::Sans, &s.role, 70.0, 9.0, 6.5);
        e.push(Element::Text { text: s.role.clone(), face: Face::Sans, size_pt: role_pt, x, y: 37.5, align: Align::Centre, grey: MUTED });
    }
    if let Some(logo) = &c.logo {
        let (bx, by, bw, bh) = LOGO_BOX;
        let (w, h) = fitted(logo, bw, bh);
        // Top-left aligned in its box, so a wide and a tall logo start at the same corner.
        e.push(Element::Picture { key: logo.key.clone(), x: bx, y: by + bh - h, w, h });
    }
    if let Ok(code) = qrcode::QrCode::with_error_correction_level(qr_text(c), qrcode::EcLevel::M) {
        let (x, y, size_mm) = QR_BOX;
        let dark = code.to_colors().into_iter().map(|m| m == qrcode::Color::Dark).collect();
        e.push(Element::Modules { x, y, size_mm, width: code.width(), dark });
    }
    let footer = format!("Certificate number {}    Verification code {}", c.number, c.verification_code);
    e.push(text(&footer, Face::Sans, fit(m, Face::Sans, &footer, 250.0, 8.5, 6.0), 21.0, MUTED));
    Page { width_mm: WIDTH, height_mm: HEIGHT, elements: e }
}
