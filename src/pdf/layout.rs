//! Page layout as data: positioned text, lines and boxes in millimetres from the bottom-left of
//! the page. Computed by pure functions (tested without a PDF); `draw` only renders it.

/// The faces bundled in assets/fonts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Face {
    Serif,
    SerifBold,
    SerifItalic,
    Sans,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Align {
    Left,
    Centre,
    Right,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Element {
    /// `x` is the left edge, centre or right edge depending on `align`; `y` the baseline.
    Text {
        text: String,
        face: Face,
        size_pt: f32,
        x: f32,
        y: f32,
        align: Align,
        grey: f32,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
        width_pt: f32,
        grey: f32,
    },
    Frame {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        width_pt: f32,
        grey: f32,
    },
    /// A picture supplied with the document (e.g. an award type's logo), drawn into the box.
    Picture {
        key: String,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    /// A square matrix of dark and light modules (a QR code), `width` modules a side, row by
    /// row from the top.
    Modules {
        x: f32,
        y: f32,
        size_mm: f32,
        width: usize,
        dark: Vec<bool>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub width_mm: f32,
    pub height_mm: f32,
    pub elements: Vec<Element>,
}

/// Millimetres per PostScript point.
pub const MM_PER_PT: f32 = 25.4 / 72.0;

/// A filled rectangle (`x`, `y` its lower-left corner): a bar in a chart, a band behind a table
/// row. Drawn as one butt-capped stroke `h` thick along the rectangle's middle, which paints
/// exactly the rectangle. A stroke rather than a new [`Element`] variant, so that code matching
/// on every variant (the certificate tests' page checks) keeps compiling.
pub fn fill(x: f32, y: f32, w: f32, h: f32, grey: f32) -> Element {
    Element::Line { from: (x, y + h / 2.0), to: (x + w, y + h / 2.0), width_pt: h / MM_PER_PT, grey }
}

/// How wide a text is, for centring and shrinking to fit. Implemented from the real font files.
pub trait Measure {
    fn width_mm(&self, face: Face, size_pt: f32, text: &str) -> f32;
}

/// The largest size from `max_pt` down to `min_pt` at which `text` fits in `width_mm`.
pub fn fit(measure: &dyn Measure, face: Face, text: &str, width_mm: f32, max_pt: f32, min_pt: f32) -> f32 {
    let natural = measure.width_mm(face, max_pt, text);
    if natural <= width_mm {
        return max_pt;
    }
    (max_pt * width_mm / natural).max(min_pt)
}

/// Splits `text` into lines no wider than `width_mm` at `size_pt`.
pub fn wrap(measure: &dyn Measure, face: Face, size_pt: f32, text: &str, width_mm: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if !line.is_empty() && measure.width_mm(face, size_pt, &candidate) > width_mm {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// For layout unit tests: every character 2 mm wide at 10 pt, whatever the face.
/// `text` with every word too long for `width` (mm) at `size` cut into pieces that fit (after a
/// "/", ".", "-", "_" or "@" where there is one in the second half of the piece), so that a long
/// reference, address or unbroken name wraps in its cell rather than shrinking until nobody can
/// read it. The tables of every document share it.
pub(crate) fn breakable(m: &dyn Measure, face: Face, size: f32, text: &str, width: f32) -> String {
    let fits = |s: &str| m.width_mm(face, size, s) <= width;
    let mut pieces: Vec<&str> = Vec::new();
    for word in text.split_whitespace() {
        let mut rest = word;
        while !fits(rest) {
            // The longest start of `rest` that fits, at least one character.
            let mut end = rest.chars().next().map_or(0, char::len_utf8);
            for (i, c) in rest.char_indices().skip(1) {
                if !fits(&rest[..i + c.len_utf8()]) {
                    break;
                }
                end = i + c.len_utf8();
            }
            if let Some(after) = rest[..end].rfind(['/', '.', '-', '_', '@']).map(|i| i + 1).filter(|&i| 2 * i > end) {
                end = after;
            }
            pieces.push(&rest[..end]);
            rest = &rest[end..];
        }
        if !rest.is_empty() {
            pieces.push(rest);
        }
    }
    pieces.join(" ")
}

#[cfg(test)]
pub(crate) struct FixedWidth;

#[cfg(test)]
impl Measure for FixedWidth {
    fn width_mm(&self, _face: Face, size_pt: f32, text: &str) -> f32 {
        text.chars().count() as f32 * 0.2 * size_pt
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fill_is_a_stroke_as_thick_as_the_rectangle_along_its_middle() {
        let Element::Line { from, to, width_pt, grey } = fill(20.0, 30.0, 40.0, 10.0, 0.5) else { panic!("not a stroke") };
        assert_eq!((from, to, grey), ((20.0, 35.0), (60.0, 35.0), 0.5));
        // Half the stroke either side of the middle: from y = 30 to y = 40.
        assert!((width_pt * MM_PER_PT - 10.0).abs() < 1e-4, "{width_pt} pt");
    }
}
