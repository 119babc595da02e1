//! Draws laid-out [`Page`]s into a PDF with printpdf 0.12. Decides nothing about placement: the
//! layout did that. The four bundled Noto faces (assets/fonts, SIL OFL 1.1) are embedded once per
//! document and subset to the glyphs used, so a batch of certificates stays small.

use std::collections::HashMap;
use std::sync::OnceLock;

use printpdf::{
    Color, CurTransMat, FontId, Greyscale, Line, LineCapStyle, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfParseErrorSeverity, PdfSaveOptions, Point, Pt, RawImage, Rect, TextItem, XObjectId, XObjectTransform,
};

use super::layout::{Align, Element, Face, Measure, Page, MM_PER_PT};

const SERIF: &[u8] = include_bytes!("../../assets/fonts/NotoSerif-Regular.ttf");
const SERIF_BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSerif-Bold.ttf");
const SERIF_ITALIC: &[u8] = include_bytes!("../../assets/fonts/NotoSerif-Italic.ttf");
const SANS: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");

/// The bundled faces, parsed. Parse once and keep them around
/// ([`Fonts::shared`]) rather than loading per document.
pub struct Fonts {
    serif: ParsedFont,
    serif_bold: ParsedFont,
    serif_italic: ParsedFont,
    sans: ParsedFont,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fonts { NotoSerif Regular/Bold/Italic, NotoSans Regular }")
    }
}

const FACES: [Face; 4] = [Face::Serif, Face::SerifBold, Face::SerifItalic, Face::Sans];

fn face_index(face: Face) -> usize {
    match face {
        Face::Serif => 0,
        Face::SerifBold => 1,
        Face::SerifItalic => 2,
        Face::Sans => 3,
    }
}

fn parse(bytes: &[u8], what: &str) -> ParsedFont {
    let mut warnings = Vec::new();
    // The files are compiled in and known good: failing here is a build defect, not bad input.
    ParsedFont::from_bytes(bytes, 0, &mut warnings).unwrap_or_else(|| panic!("bundled font {what} does not parse: {warnings:?}"))
}

impl Fonts {
    /// Parses the four bundled faces.
    pub fn load() -> Fonts {
        Fonts {
            serif: parse(SERIF, "NotoSerif-Regular.ttf"),
            serif_bold: parse(SERIF_BOLD, "NotoSerif-Bold.ttf"),
            serif_italic: parse(SERIF_ITALIC, "NotoSerif-Italic.ttf"),
            sans: parse(SANS, "NotoSans-Regular.ttf"),
        }
    }

    /// One process-wide copy, parsed on first use.
    pub fn shared() -> &'static Fonts {
        static FONTS: OnceLock<Fonts> = OnceLock::new();
        FONTS.get_or_init(Fonts::load)
    }

    pub fn face(&self, face: Face) -> &ParsedFont {
        match face {
            Face::Serif => &self.serif,
            Face::SerifBold => &self.serif_bold,
            Face::SerifItalic => &self.serif_italic,
            Face::Sans => &self.sans,
        }
    }

    /// Whether every character of `text` has a glyph in `face` (else it prints as a box).
    pub fn covers(&self, face: Face, text: &str) -> bool {
        let font = self.face(face);
        text.chars().all(|c| c.is_whitespace() || font.lookup_glyph_index(c as u32).is_some_and(|g| g != 0))
    }
}

impl Measure for Fonts {
    /// The sum of the glyphs' horizontal advances: exactly what the PDF viewer advances by, as
    /// the text is drawn glyph by glyph without kerning or shaping.
    fn width_mm(&self, face: Face, size_pt: f32, text: &str) -> f32 {
        let font = self.face(face);
        let units_per_em = f32::from(font.pdf_font_metrics.units_per_em.max(1));
        let units: u32 = text
            .chars()
            .map(|c| {
                let gid = font.lookup_glyph_index(c as u32).unwrap_or(0);
                u32::from(font.get_horizontal_advance(gid))
            })
            .sum();
        units as f32 / units_per_em * size_pt * MM_PER_PT
    }
}

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale::new(level.clamp(0.0, 1.0), None))
}

fn point(x_mm: f32, y_mm: f32) -> Point {
    Point::new(Mm(x_mm), Mm(y_mm))
}

fn page_ops(page: &Page, fonts: &Fonts, ids: &[FontId; 4]) -> Vec<Op> {
    let mut ops = Vec::with_capacity(page.elements.len() * 6 + 1);
    // Butt caps (the PDF default, set anyway): a line ends exactly at its end points, so a thick
    // one paints exactly a rectangle (`layout::fill`).
    ops.push(Op::SetLineCapStyle { cap: LineCapStyle::Butt });
    for element in &page.elements {
        match element {
            Element::Text { text, face, size_pt, x, y, align, grey: level } => {
                if text.is_empty() {
                    continue;
                }
                let left = match align {
                    Align::Left => *x,
                    Align::Centre => x - fonts.width_mm(*face, *size_pt, text) / 2.0,
                    Align::Right => x - fonts.width_mm(*face, *size_pt, text),
                };
                // One text object per element: `Td` is relative to the object's start, so a
                // fresh BT makes the position absolute.
                ops.extend([
                    Op::StartTextSection,
                    Op::SetFillColor { col: grey(*level) },
                    Op::SetFont { font: PdfFontHandle::External(ids[face_index(*face)].clone()), size: Pt(*size_pt) },
                    Op::SetTextCursor { pos: point(left, *y) },
                    Op::ShowText { items: vec![TextItem::Text(text.clone())] },
                    Op::EndTextSection,
                ]);
            }
            Element::Line { from, to, width_pt, grey: level } => {
                ops.extend([
                    Op::SetOutlineColor { col: grey(*level) },
                    Op::SetOutlineThickness { pt: Pt(*width_pt) },
                    Op::DrawLine {
                        line: Line {
                            points: vec![
                                LinePoint { p: point(from.0, from.1), bezier: false },
                                LinePoint { p: point(to.0, to.1), bezier: false },
                            ],
                            is_closed: false,
                        },
                    },
                ]);
            }
            Element::Frame { x, y, w, h, width_pt, grey: level } => {
                ops.extend([
                    Op::SetOutlineColor { col: grey(*level) },
                    Op::SetOutlineThickness { pt: Pt(*width_pt) },
                    Op::DrawRectangle {
                        rectangle: Rect {
                            x: Mm(*x).into(),
                            y: Mm(*y).into(),
                            width: Mm(*w).into(),
                            height: Mm(*h).into(),
                            mode: Some(printpdf::PaintMode::Stroke),
                            winding_order: None,
                        },
                    },
                ]);
            }
            // Pictures need the document's image resources: `render` adds them.
            Element::Picture { .. } | Element::Modules { .. } => {}
        }
    }
    ops
}

/// The pictures a document's pages refer to by key ([`Element::Picture`]).
pub type Pictures = HashMap<String, RawImage>;

/// Places an image of `px` pixels wide so it fills `w` by `h` millimetres with its lower-left
/// corner at (`x`, `y`).
fn image_transform(px: (usize, usize), x: f32, y: f32, w: f32, h: f32) -> XObjectTransform {
    let dpi = px.0.max(1) as f32 * 25.4 / w;
    let natural_h = px.1.max(1) as f32 / dpi * 25.4;
    XObjectTransform {
        translate_x: Some(Mm(x).into()),
        translate_y: Some(Mm(y).into()),
        scale_y: Some(h / natural_h),
        dpi: Some(dpi),
        ..Default::default()
    }
}

/// Renders `pages` as one PDF (one PDF page per [`Page`]) titled `title`. Each face is embedded
/// once for the whole document, subset to the glyphs used, and each picture once however many
/// pages show it. A picture key missing from `pictures` is left out (the layout never makes one).
pub fn render(pages: &[Page], fonts: &Fonts, title: &str, pictures: &Pictures) -> Vec<u8> {
    let mut doc = PdfDocument::new(title);
    // printpdf defaults both dates to 1970; readers show them in the document's properties.
    let now = printpdf::OffsetDateTime::now();
    let info = &mut doc.metadata.info;
    (info.creation_date, info.modification_date, info.metadata_date) = (now, now, now);
    info.creator = "Recovery Register".into();
    info.producer = concat!("Recovery Register ", env!("CARGO_PKG_VERSION"), " (printpdf 0.12)").into();
    let ids = FACES.map(|face| doc.add_font(fonts.face(face)));
    let mut embedded: HashMap<&str, XObjectId> = HashMap::new();
    let pdf_pages = pages
        .iter()
        .map(|page| {
            let mut ops = page_ops(page, fonts, &ids);
            for element in &page.elements {
                match element {
                    Element::Picture { key, x, y, w, h } => {
                        let Some(image) = pictures.get(key) else { continue };
                        let id = embedded.entry(key.as_str()).or_insert_with(|| doc.add_image(image)).clone();
                        let transform = image_transform((image.width, image.height), *x, *y, *w, *h);
                        ops.push(Op::UseXobject { id, transform });
                    }
                    Element::Modules { x, y, size_mm, width, dark } => {
                        // An inline 1-bit image inside the page's (compressed) content stream:
                        // about 0.1 KB a page, where an image object costs four times that.
                        let side = Mm(*size_mm).into_pt().0;
                        ops.extend([
                            Op::SaveGraphicsState,
                            Op::SetTransformationMatrix {
                                matrix: CurTransMat::Raw([side, 0.0, 0.0, side, Mm(*x).into_pt().0, Mm(*y).into_pt().0]),
                            },
                            Op::Unknown { key: super::picture::inline_modules(*width, dark), value: Vec::new() },
                            Op::RestoreGraphicsState,
                        ]);
                    }
                    _ => {}
                }
            }
            PdfPage::new(Mm(page.width_mm), Mm(page.height_mm), ops)
        })
        .collect();
    let mut warnings = Vec::new();
    let bytes = doc
        .with_pages(pdf_pages)
        // `secure: false` lets the inline QR image through; every operation here is our own.
        .save(&PdfSaveOptions { secure: false, ..PdfSaveOptions::default() }, &mut warnings);
    for w in warnings.iter().filter(|w| w.severity == PdfParseErrorSeverity::Error) {
        tracing::warn!(page = w.page, op = w.op_id, "printpdf: {}", w.msg);
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 7] = [
        "Zoë O'Neill-Smith",
        "Nguyễn Thị Minh Khai",
        "Siobhán Ó Súilleabháin",
        "Łukasz Żółć",
        "Ștefan Țurcanu İlkay Işık Doğan",
        "Αικατερίνη Παπαδοπούλου",
        "Александра Фёдоровна Соловьёва",
    ];

    #[test]
    fn every_face_has_a_glyph_for_every_character_of_the_awkward_names() {
        let fonts = Fonts::shared();
        for face in FACES {
            for name in NAMES {
                assert!(fonts.covers(face, name), "{face:?} lacks a glyph in {name:?}");
            }
        }
        assert!(!fonts.covers(Face::Serif, "中"), "CJK is not bundled and must be reported");
    }

    #[test]
    fn widths_come_from_the_glyph_advances() {
        let fonts = Fonts::shared();
        assert_eq!(fonts.width_mm(Face::Serif, 12.0, ""), 0.0);
        let w10 = fonts.width_mm(Face::Serif, 10.0, "Siobhán");
        let w20 = fonts.width_mm(Face::Serif, 20.0, "Siobhán");
        assert!((w20 - 2.0 * w10).abs() < 1e-4, "width is proportional to size");
        assert!(fonts.width_mm(Face::Serif, 10.0, "WWW") > fonts.width_mm(Face::Serif, 10.0, "iii"));
        assert!(fonts.width_mm(Face::SerifBold, 10.0, "Khai") > fonts.width_mm(Face::Serif, 10.0, "Khai"));
        // A capital M is most of an em wide: between 5 and 12 pt at 10 pt.
        let m = fonts.width_mm(Face::Serif, 10.0, "M") / MM_PER_PT;
        assert!((5.0..12.0).contains(&m), "M at 10 pt is {m} pt");
    }

    #[test]
    fn an_empty_document_and_an_empty_page_still_render() {
        let fonts = Fonts::shared();
        let pdf = render(&[Page { width_mm: 210.0, height_mm: 297.0, elements: vec![] }], fonts, "Empty", &Default::default());
        assert!(pdf.starts_with(b"%PDF-"));
    }
}
