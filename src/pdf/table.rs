//! Shared pieces for the A4 documents that run over several pages (the monthly report, the
//! register sheet): blocks of laid-out elements, a flow that stacks them down the page and starts
//! a new one when the next will not fit, tables whose header row repeats on each page and whose
//! rows are never cut, and the "Page x of y" footer added once the page count is known.
//!
//! Still pure layout: data in, [`Page`]s out, measured through [`Measure`].

use super::layout::{fill, fit, wrap, Align, Element, Face, Measure, Page, MM_PER_PT};

/// A4 portrait, in millimetres.
pub const PAGE_WIDTH: f32 = 210.0;
pub const PAGE_HEIGHT: f32 = 297.0;
/// Nothing is drawn nearer the edge than this: well inside what any office printer can reach.
pub const MARGIN: f32 = 15.0;
pub const CONTENT_LEFT: f32 = MARGIN;
pub const CONTENT_RIGHT: f32 = PAGE_WIDTH - MARGIN;
pub const CONTENT_WIDTH: f32 = CONTENT_RIGHT - CONTENT_LEFT;
pub const CONTENT_TOP: f32 = PAGE_HEIGHT - MARGIN;
/// The body stops here; below is the footer (a rule and one line of text).
pub const BODY_BOTTOM: f32 = MARGIN + 8.0;
const FOOTER_BASELINE: f32 = MARGIN + 1.5;
const FOOTER_RULE: f32 = MARGIN + 5.5;

pub const INK: f32 = 0.1;
pub const MUTED: f32 = 0.4;

/// The top of a text line's glyphs above its baseline, and the bottom below it, as fractions of
/// the size (Noto: capitals reach about 0.71 em, accents on them and ascenders a little more,
/// descenders about 0.24 em).
const ASCENT: f32 = 0.8;
const DESCENT: f32 = 0.25;

/// The baseline of a line of text set at the very top of a block (y = 0).
pub fn first_baseline(size_pt: f32) -> f32 {
    -ASCENT * em(size_pt)
}

/// One point size in millimetres.
pub fn em(size_pt: f32) -> f32 {
    size_pt * MM_PER_PT
}

/// The distance between baselines of wrapped lines.
pub fn leading(size_pt: f32) -> f32 {
    1.25 * em(size_pt)
}

/// Elements laid out relative to the block's own top edge (y = 0, growing downwards into
/// negative y) and at their final x; [`Flow`] decides which page and how far down.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Block {
    pub height: f32,
    pub elements: Vec<Element>,
}

impl Block {
    pub fn new(height: f32, elements: Vec<Element>) -> Block {
        Block { height, elements }
    }

    /// Two blocks side by side (they already carry their own x): as tall as the taller.
    pub fn beside(mut self, other: Block) -> Block {
        self.height = self.height.max(other.height);
        self.elements.extend(other.elements);
        self
    }

    /// `other` directly under this block.
    pub fn above(mut self, other: Block) -> Block {
        let dy = -self.height;
        self.elements.extend(other.elements.into_iter().map(|e| shifted(e, dy)));
        self.height += other.height;
        self
    }

    /// Extra space under the block.
    pub fn padded(mut self, below: f32) -> Block {
        self.height += below;
        self
    }

    /// The elements with the block's top at `top` on the page.
    fn placed(self, top: f32) -> impl Iterator<Item = Element> {
        self.elements.into_iter().map(move |e| shifted(e, top))
    }
}

/// The element moved up by `dy` millimetres (down when negative).
pub fn shifted(e: Element, dy: f32) -> Element {
    match e {
        Element::Text { text, face, size_pt, x, y, align, grey } => Element::Text { text, face, size_pt, x, y: y + dy, align, grey },
        Element::Line { from, to, width_pt, grey } => Element::Line { from: (from.0, from.1 + dy), to: (to.0, to.1 + dy), width_pt, grey },
        Element::Frame { x, y, w, h, width_pt, grey } => Element::Frame { x, y: y + dy, w, h, width_pt, grey },
        Element::Picture { key, x, y, w, h } => Element::Picture { key, x, y: y + dy, w, h },
        Element::Modules { x, y, size_mm, width, dark } => Element::Modules { x, y: y + dy, size_mm, width, dark },
    }
}

/// A text line as an element.
pub fn text(text: impl Into<String>, face: Face, size_pt: f32, x: f32, y: f32, align: Align, grey: f32) -> Element {
    Element::Text { text: text.into(), face, size_pt, x, y, align, grey }
}

/// `words` wrapped to `width` from `x`, one text element per line, as a block as tall as the
/// lines (one line's height when there are no words).
pub fn paragraph(m: &dyn Measure, words: &str, face: Face, size_pt: f32, x: f32, width: f32, grey: f32) -> Block {
    let lines = shrink_overlong(m, face, size_pt, wrap(m, face, size_pt, words, width), width);
    let elements = lines
        .iter()
        .enumerate()
        .map(|(i, (line, size))| {
            text(line.clone(), face, *size, x, first_baseline(size_pt) - i as f32 * leading(size_pt), Align::Left, grey)
        })
        .collect();
    Block::new(text_height(lines.len().max(1), size_pt), elements)
}

/// Lines that are still too wide after wrapping (a single long word) are shrunk until they fit:
/// a long word gets smaller, it never runs over its column.
fn shrink_overlong(m: &dyn Measure, face: Face, size_pt: f32, lines: Vec<String>, width: f32) -> Vec<(String, f32)> {
    lines
        .into_iter()
        .map(|line| {
            let size = fit(m, face, &line, width, size_pt, 0.0);
            (line, size)
        })
        .collect()
}

/// How `words` goes into a box `width` wide: as it is at `size_pt`; else shrunk a little, down
/// to `min_pt`; else wrapped, at whichever of the two sizes needs fewer lines (the larger on a
/// tie), any word still too wide shrunk until it fits. Returns each line with its size.
pub fn fit_or_wrap(m: &dyn Measure, face: Face, words: &str, width: f32, size_pt: f32, min_pt: f32) -> Vec<(String, f32)> {
    let size = fit(m, face, words, width, size_pt, min_pt);
    if m.width_mm(face, size, words) <= width + 1e-3 {
        return vec![(words.to_string(), size)];
    }
    let (large, small) = (wrap(m, face, size_pt, words, width), wrap(m, face, min_pt, words, width));
    if small.len() < large.len() {
        shrink_overlong(m, face, min_pt, small, width)
    } else {
        shrink_overlong(m, face, size_pt, large, width)
    }
}

/// A column heading: wrapped at its size (a heading may take several lines), a word still too
/// wide shrunk until it fits.
pub fn wrap_heading(m: &dyn Measure, face: Face, words: &str, width: f32, size_pt: f32) -> Vec<(String, f32)> {
    shrink_overlong(m, face, size_pt, wrap(m, face, size_pt, words, width), width)
}

/// Section headings: Noto Serif Bold, like the documents' titles.
/// A fact under a document's title: a small muted label, its value beside it from `label_width`.
pub fn labelled(m: &dyn Measure, label: &str, value: &str, label_width: f32) -> Block {
    let value = paragraph(m, value, Face::Sans, 10.5, CONTENT_LEFT + label_width, CONTENT_WIDTH - label_width, INK);
    let label = text(label, Face::Sans, 9.0, CONTENT_LEFT, first_baseline(10.5), Align::Left, MUTED);
    value.beside(Block::new(0.0, vec![label])).padded(1.8)
}

pub const HEADING_PT: f32 = 11.0;

/// A small running head for pages after the first, so a loose page says what it belongs to.
pub fn running_head(m: &dyn Measure, words: &str) -> Block {
    let size = fit(m, Face::Sans, words, CONTENT_WIDTH, 8.0, 0.0);
    let mut b = Block::new(em(8.0) + 1.5, vec![text(words, Face::Sans, size, CONTENT_LEFT, first_baseline(8.0), Align::Left, MUTED)]);
    b.elements.push(rule(CONTENT_LEFT, CONTENT_WIDTH, -b.height, 0.4, 0.7));
    b.padded(5.0)
}

/// A section heading from `x` to the right margin.
pub fn heading(m: &dyn Measure, words: &str, x: f32) -> Block {
    paragraph(m, words, Face::SerifBold, HEADING_PT, x, CONTENT_RIGHT - x, INK).padded(2.5)
}

/// A sentence in a thin frame across the page.
pub fn notice(m: &dyn Measure, words: &str) -> Block {
    let pad = 2.5;
    let inner = paragraph(m, words, Face::Sans, 9.0, CONTENT_LEFT + pad, CONTENT_WIDTH - 2.0 * pad, INK);
    let h = inner.height + 2.0 * pad;
    let mut b = Block::new(pad, vec![]).above(inner).padded(pad);
    b.elements.insert(0, Element::Frame { x: CONTENT_LEFT, y: -h, w: CONTENT_WIDTH, h, width_pt: 0.6, grey: 0.35 });
    b
}

// ---------------------------------------------------------------------------------------------
// Flow

/// Stacks blocks down A4 pages between [`CONTENT_TOP`] and [`BODY_BOTTOM`], starting a new page
/// when the next block does not fit. Later pages can start with a running head, so a loose page
/// still says what it belongs to.
pub struct Flow {
    pages: Vec<Vec<Element>>,
    /// The top of the free space on the current page.
    y: f32,
    running_head: Option<Block>,
}

impl Default for Flow {
    fn default() -> Self {
        Flow::new()
    }
}

impl Flow {
    pub fn new() -> Flow {
        Flow { pages: vec![Vec::new()], y: CONTENT_TOP, running_head: None }
    }

    /// What every page after the first starts with.
    pub fn set_running_head(&mut self, head: Block) {
        self.running_head = Some(head);
    }

    fn at_page_top(&self) -> bool {
        let head = self.running_head.as_ref().filter(|_| self.pages.len() > 1).map_or(0.0, |h| h.height);
        self.y >= CONTENT_TOP - head - 1e-3
    }

    pub fn remaining(&self) -> f32 {
        self.y - BODY_BOTTOM
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = CONTENT_TOP;
        if let Some(head) = self.running_head.clone() {
            self.put(head);
        }
    }

    /// Places the block where the flow is, without checking the space.
    fn put(&mut self, block: Block) {
        let height = block.height;
        let page = self.pages.last_mut().expect("a flow always has a page");
        page.extend(block.placed(self.y));
        self.y -= height;
    }

    /// Places the block, on a new page if it does not fit on this one. A block taller than a
    /// whole page is placed at the top of one (the documents here never make one).
    pub fn place(&mut self, block: Block) {
        if block.height > self.remaining() && !self.at_page_top() {
            self.new_page();
        }
        self.put(block);
    }

    /// Vertical space, dropped at the top of a page where it would only push content down.
    pub fn gap(&mut self, mm: f32) {
        if !self.at_page_top() {
            self.y -= mm.min(self.remaining().max(0.0));
        }
    }

    /// Places `first` only if `first` and `then` fit together, so a heading is never left alone
    /// at the foot of a page.
    pub fn keep_with_next(&mut self, first: Block, then_height: f32) {
        if first.height + then_height > self.remaining() && !self.at_page_top() {
            self.new_page();
        }
        self.put(first);
    }

    /// A table: `header` at the start and again at the top of every page the rows run onto;
    /// each row whole on one page; the header never alone at the foot of a page.
    pub fn table(&mut self, header: &Block, rows: Vec<Block>) {
        let first = rows.first().map_or(0.0, |r| r.height);
        self.keep_with_next(header.clone(), first);
        for row in rows {
            if row.height > self.remaining() {
                self.new_page();
                self.put(header.clone());
            }
            self.put(row);
        }
    }

    /// The pages, each with the footer: `left` (shrunk to fit beside it) and "Page x of y".
    pub fn finish(self, m: &dyn Measure, left: &str) -> Vec<Page> {
        let count = self.pages.len();
        self.pages
            .into_iter()
            .enumerate()
            .map(|(i, mut elements)| {
                elements.extend(footer(m, left, i + 1, count));
                Page { width_mm: PAGE_WIDTH, height_mm: PAGE_HEIGHT, elements }
            })
            .collect()
    }
}

const FOOTER_PT: f32 = 7.5;

/// "Page x of y" on the right, `left` on the left, under a thin rule.
pub fn footer(m: &dyn Measure, left: &str, page: usize, count: usize) -> Vec<Element> {
    let number = format!("Page {page} of {count}");
    let room = CONTENT_WIDTH - m.width_mm(Face::Sans, FOOTER_PT, &number) - 8.0;
    vec![
        Element::Line { from: (CONTENT_LEFT, FOOTER_RULE), to: (CONTENT_RIGHT, FOOTER_RULE), width_pt: 0.4, grey: 0.7 },
        text(left, Face::Sans, fit(m, Face::Sans, left, room, FOOTER_PT, 0.0), CONTENT_LEFT, FOOTER_BASELINE, Align::Left, MUTED),
        text(number, Face::Sans, FOOTER_PT, CONTENT_RIGHT, FOOTER_BASELINE, Align::Right, MUTED),
    ]
}

// ---------------------------------------------------------------------------------------------
// Tables

#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub header: String,
    pub width: f32,
    /// Numbers are right-aligned so that units line up; names left.
    pub align: Align,
}

impl Column {
    pub fn new(header: &str, width: f32, align: Align) -> Column {
        Column { header: header.to_string(), width, align }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    /// Secondary text, in grey.
    Muted(String),
    /// A sub-item under the row above: indented and grey.
    Sub(String),
    /// An empty square to tick by hand, or (true) one already crossed.
    TickBox(bool),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowStyle {
    Plain,
    /// A light band, alternate rows of a wide table, so the eye keeps to its row.
    Banded,
    /// The totals row: a band and a firmer rule above.
    Total,
    /// No band and no rule: a row that goes on in lines laid out under it (a referral and its
    /// steps), which draw the rule themselves.
    Open,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TableStyle {
    pub face: Face,
    pub size_pt: f32,
    /// The smallest a long cell shrinks to before it wraps.
    pub min_pt: f32,
    pub header_pt: f32,
    /// Rows are at least this tall (the register sheet: tall enough to tick by hand).
    pub min_row: f32,
    /// Space above and below a cell's text, and either side of it.
    pub pad_y: f32,
    pub pad_x: f32,
    /// The side of a tick box.
    pub tick_box: f32,
}

impl TableStyle {
    pub fn compact(size_pt: f32) -> TableStyle {
        TableStyle {
            face: Face::Sans,
            size_pt,
            min_pt: size_pt * 0.85,
            header_pt: size_pt - 0.5,
            min_row: 0.0,
            pad_y: 1.1,
            pad_x: 1.2,
            tick_box: 4.5,
        }
    }
}

const BAND_GREY: f32 = 0.94;
const HEADER_GREY: f32 = 0.88;
/// The thin rule under a table row.
pub const RULE_GREY: f32 = 0.78;

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The left edge.
    pub x: f32,
    pub columns: Vec<Column>,
    pub style: TableStyle,
}

/// One cell's content as lines of text with their sizes, or a tick box.
enum Laid {
    Lines { lines: Vec<(String, f32)>, grey: f32, indent: f32 },
    TickBox(bool),
}

impl Table {
    pub fn width(&self) -> f32 {
        self.columns.iter().map(|c| c.width).sum()
    }

    /// The left edge of each column.
    fn lefts(&self) -> Vec<f32> {
        self.columns
            .iter()
            .scan(self.x, |x, c| {
                let left = *x;
                *x += c.width;
                Some(left)
            })
            .collect()
    }

    fn lay(&self, m: &dyn Measure, column: &Column, cell: &Cell, size_pt: f32, min_pt: f32, header: bool) -> Laid {
        let room = column.width - 2.0 * self.style.pad_x;
        let face = self.style.face;
        let lines = |s: &str, grey: f32, indent: f32| {
            let lines =
                if header { wrap_heading(m, face, s, room, size_pt) } else { fit_or_wrap(m, face, s, room - indent, size_pt, min_pt) };
            Laid::Lines { lines, grey, indent }
        };
        match cell {
            Cell::Text(s) => lines(s, INK, 0.0),
            Cell::Muted(s) => lines(s, MUTED, 0.0),
            Cell::Sub(s) => lines(s, MUTED, 3.0),
            Cell::TickBox(ticked) => Laid::TickBox(*ticked),
            Cell::Empty => Laid::Lines { lines: Vec::new(), grey: INK, indent: 0.0 },
        }
    }

    /// The header row: each column's heading wrapped (a word too wide for it shrunk) on a
    /// shaded band, numbers' headings right-aligned over their numbers.
    pub fn header(&self, m: &dyn Measure) -> Block {
        let cells: Vec<Cell> = self.columns.iter().map(|c| Cell::Text(c.header.clone())).collect();
        let s = self.style;
        let mut block = self.row_with(m, &cells, s.header_pt, s.header_pt, 0.0, true);
        block.elements.insert(0, fill(self.x, -block.height, self.width(), block.height, HEADER_GREY));
        block.elements.push(rule(self.x, self.width(), -block.height, 0.6, 0.45));
        block
    }

    /// One row; as tall as its tallest cell (wrapped text) and at least `style.min_row`.
    pub fn row(&self, m: &dyn Measure, cells: &[Cell], style: RowStyle) -> Block {
        let s = self.style;
        let mut block = self.row_with(m, cells, s.size_pt, s.min_pt, s.min_row, false);
        let (w, h) = (self.width(), block.height);
        match style {
            RowStyle::Plain => block.elements.push(rule(self.x, w, -h, 0.3, RULE_GREY)),
            RowStyle::Open => {}
            RowStyle::Banded => {
                block.elements.insert(0, fill(self.x, -h, w, h, BAND_GREY));
                block.elements.push(rule(self.x, w, -h, 0.3, RULE_GREY));
            }
            RowStyle::Total => {
                block.elements.insert(0, fill(self.x, -h, w, h, HEADER_GREY));
                block.elements.push(rule(self.x, w, 0.0, 0.8, 0.3));
                block.elements.push(rule(self.x, w, -h, 0.8, 0.3));
            }
        }
        block
    }

    fn row_with(&self, m: &dyn Measure, cells: &[Cell], size_pt: f32, min_pt: f32, min_row: f32, header: bool) -> Block {
        let s = self.style;
        let laid: Vec<Laid> = self.columns.iter().zip(cells).map(|(c, cell)| self.lay(m, c, cell, size_pt, min_pt, header)).collect();
        let content = |l: &Laid| match l {
            Laid::Lines { lines, .. } => text_height(lines.len(), size_pt),
            Laid::TickBox(_) => s.tick_box,
        };
        let height = laid.iter().map(content).fold(min_row, |a, b| a.max(b + 2.0 * s.pad_y));
        let mut elements = Vec::new();
        for ((column, left), cell) in self.columns.iter().zip(self.lefts()).zip(&laid) {
            // Header cells sit on the band's bottom edge, next to the numbers they name; body
            // cells are centred in the row.
            let top = if header { -(height - s.pad_y - content(cell)) } else { -(height - content(cell)) / 2.0 };
            match cell {
                Laid::Lines { lines, grey, indent } => {
                    let (x, align) = match column.align {
                        Align::Left => (left + s.pad_x + indent, Align::Left),
                        Align::Centre => (left + column.width / 2.0, Align::Centre),
                        Align::Right => (left + column.width - s.pad_x, Align::Right),
                    };
                    let mut y = top - ASCENT * em(size_pt);
                    for (line, size) in lines {
                        elements.push(text(line.clone(), s.face, *size, x, y, align, *grey));
                        y -= leading(size_pt);
                    }
                }
                Laid::TickBox(ticked) => {
                    let b = s.tick_box;
                    let (x, y) = (left + (column.width - b) / 2.0, top - b);
                    // White inside, on a banded row too: room to write.
                    elements.push(fill(x, y, b, b, 1.0));
                    elements.push(Element::Frame { x, y, w: b, h: b, width_pt: 0.8, grey: 0.2 });
                    if *ticked {
                        elements.push(Element::Line { from: (x + 0.8, y + 0.8), to: (x + b - 0.8, y + b - 0.8), width_pt: 1.0, grey: 0.1 });
                        elements.push(Element::Line { from: (x + 0.8, y + b - 0.8), to: (x + b - 0.8, y + 0.8), width_pt: 1.0, grey: 0.1 });
                    }
                }
            }
        }
        Block::new(height, elements)
    }
}

/// The height `lines` lines of text take, from the top of the first line's capitals to the
/// bottom of the last line's descenders.
pub fn text_height(lines: usize, size_pt: f32) -> f32 {
    if lines == 0 {
        return 0.0;
    }
    (lines - 1) as f32 * leading(size_pt) + (ASCENT + DESCENT) * em(size_pt)
}

/// A horizontal rule `w` long at height `y`.
pub fn rule(x: f32, w: f32, y: f32, width_pt: f32, grey: f32) -> Element {
    Element::Line { from: (x, y), to: (x + w, y), width_pt, grey }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::pdf::layout::FixedWidth as Fake;

    fn rows(n: usize, height: f32) -> Vec<Block> {
        (0..n).map(|i| Block::new(height, vec![text(format!("row {i}"), Face::Sans, 8.0, 20.0, -3.0, Align::Left, INK)])).collect()
    }

    fn texts(elements: &[Element]) -> Vec<&str> {
        elements.iter().filter_map(|e| if let Element::Text { text, .. } = e { Some(text.as_str()) } else { None }).collect()
    }

    #[test]
    fn a_table_repeats_its_header_on_every_page_and_never_splits_a_row() {
        let header = Block::new(10.0, vec![text("HEADER", Face::Sans, 8.0, 20.0, -5.0, Align::Left, INK)]);
        let mut flow = Flow::new();
        // Leave 25 mm on the first page: the header (10) and one row (12) fit, a second does not.
        flow.place(Block::new(CONTENT_TOP - BODY_BOTTOM - 25.0, vec![]));
        flow.table(&header, rows(40, 12.0));
        let pages = flow.finish(&Fake, "left");
        // 25 mm: one row; then (259 - 10) / 12 = 20 rows a page: 1 + 20 + 19.
        assert_eq!(pages.len(), 3);
        let per_page: Vec<usize> = pages.iter().map(|p| texts(&p.elements).iter().filter(|t| t.starts_with("row ")).count()).collect();
        assert_eq!(per_page, [1, 20, 19]);
        for (i, p) in pages.iter().enumerate() {
            let t = texts(&p.elements);
            assert_eq!(t.iter().filter(|t| **t == "HEADER").count(), 1, "page {i}: {t:?}");
            assert!(t.contains(&format!("Page {} of 3", i + 1).as_str()), "{t:?}");
            for e in &p.elements {
                if let Element::Text { y, text, .. } = e {
                    assert!(*y >= BODY_BOTTOM || text.starts_with("Page") || text == "left", "{text} at {y}");
                }
            }
        }
    }

    #[test]
    fn a_header_is_not_left_alone_at_the_foot_of_a_page() {
        let header = Block::new(10.0, vec![text("HEADER", Face::Sans, 8.0, 20.0, -5.0, Align::Left, INK)]);
        let mut flow = Flow::new();
        flow.place(Block::new(CONTENT_TOP - BODY_BOTTOM - 15.0, vec![]));
        flow.table(&header, rows(2, 12.0));
        let pages = flow.finish(&Fake, "left");
        assert_eq!(pages.len(), 2);
        assert!(!texts(&pages[0].elements).contains(&"HEADER"));
    }

    #[test]
    fn long_cells_shrink_then_wrap_and_never_run_over_their_column() {
        let table = Table {
            x: 20.0,
            columns: vec![Column::new("Group", 30.0, Align::Left), Column::new("Held", 10.0, Align::Right)],
            style: TableStyle::compact(10.0),
        };
        // 30 mm less padding is 27.6 mm: 13 characters at 10 pt, 16 at the 8.5 pt minimum. Wrapped
        // text takes the larger size unless the smaller needs fewer lines.
        for (name, lines, shrunk) in [
            ("Short", 1, false),
            ("Fifteen chars!!", 1, true),
            ("A much longer group name indeed", 3, false),
            ("Recovery group on Tuesdays", 2, true),
            ("Supercalifragilisticexpialidocious", 1, true),
        ] {
            let row = table.row(&Fake, &[Cell::text(name), Cell::text("12")], RowStyle::Plain);
            let cell: Vec<(f32, f32, &str)> = row
                .elements
                .iter()
                .filter_map(|e| match e {
                    Element::Text { text, size_pt, x, .. } if *x < 30.0 => {
                        Some((*size_pt, Fake.width_mm(Face::Sans, *size_pt, text), text.as_str()))
                    }
                    _ => None,
                })
                .collect();
            assert_eq!(cell.len(), lines, "{name}: {cell:?}");
            assert_eq!(cell.iter().map(|c| c.2).collect::<Vec<_>>().join(" "), name);
            for (size, width, _) in &cell {
                assert!(*width <= 27.6 + 1e-3, "{name}: {width} mm");
                assert_eq!(*size < 10.0, shrunk, "{name}: {size} pt");
            }
            assert!(row.height >= text_height(lines, 8.5), "{name}: row {} mm", row.height);
        }
    }

    #[test]
    fn numbers_are_right_aligned_to_their_column_edge() {
        let table = Table {
            x: 20.0,
            columns: vec![Column::new("Group", 30.0, Align::Left), Column::new("Held", 10.0, Align::Right)],
            style: TableStyle::compact(8.0),
        };
        let row = table.row(&Fake, &[Cell::text("A"), Cell::text("123")], RowStyle::Banded);
        let held = row.elements.iter().find_map(|e| match e {
            Element::Text { text, x, align, .. } if text == "123" => Some((*x, *align)),
            _ => None,
        });
        assert_eq!(held, Some((60.0 - 1.2, Align::Right)));
    }
}
