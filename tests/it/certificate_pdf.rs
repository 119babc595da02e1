//! Certificates as real PDFs, checked with the tools a reader's machine would use: poppler's
//! `pdftotext` and `pdffonts`, and `qpdf --check`. Plus the certificate layout as pure data, with a
//! fake `Measure`.

use std::path::Path;
use std::time::Instant;

use recovery_register::pdf::certificate::{self, Certificate, SignatureLine, NAME_MAX_PT, NAME_MIN_PT, NAME_WIDTH};
use recovery_register::pdf::draw::{self, Fonts};
use recovery_register::pdf::layout::{Align, Element, Face, Measure, Page};
use unicode_normalization::UnicodeNormalization;

use crate::support::pdf::{self, run};

// ---------------------------------------------------------------------------------------------
// Fixtures

fn certificate_for(name: &str) -> Certificate {
    Certificate {
        issuing_organisation: "Low Moss Recovery Service".into(),
        establishment: Some("HMP Low Moss".into()),
        title: "Certificate of Achievement".into(),
        name: name.into(),
        wording: "has successfully completed the ten-week Recovery Group Programme, attending every \
                  session and supporting others in the group"
            .into(),
        awarding_body: Some("SQA".into()),
        candidate_number: None,
        date_in_words: "22 November 2026".into(),
        signatories: vec![
            SignatureLine { name: "Dr Aileen MacLeod".into(), role: "Recovery Service Manager".into(), signature: None },
            SignatureLine { name: "Tomasz Wiśniewski".into(), role: "Peer Mentor Coordinator".into(), signature: None },
        ],
        number: "RR-2026-000123".into(),
        verification_code: "K7QF-93MX".into(),
        logo: None,
    }
}

/// Awkward names written out, then combined given x family names to make 200, all in NFC.
fn awkward_names() -> Vec<String> {
    let written = [
        "Zoë O'Neill-Smith",
        "Nguyễn Thị Minh Khai",
        "Siobhán Ó Súilleabháin",
        "Łukasz Żółć",
        "Maximilian Alexander Fitzgerald-Montgomery Ó Súilleabháin-Nic an tSaoir",
        "Hubert Blaine Wolfeschlegelsteinhausenbergerdorff-Featherstonehaugh Cholmondeley",
        "Ruairí Mac Giolla Phádraig",
        "Eoghan McAllister-MacDonald",
        "Mairéad Ní Dhomhnaill",
        "Seán D'Arcy-O'Connor",
        "Aoife O’Sullivan",
        "Trần Hưng Đạo",
        "Phạm Ngọc Thạch",
        "Grzegorz Brzęczyszczykiewicz",
        "Małgorzata Ślęzak-Kołodziej",
        "Jiří Dvořák",
        "Řehoř Šťastný",
        "Ștefan Țurcanu",
        "Ioana Mureșan-Bălănescu",
        "İlkay Işık",
        "Ağrı Çağlayan Öztürk",
        "Αικατερίνη Παπαδοπούλου",
        "Ευάγγελος Χατζηγεωργίου",
        "Александра Фёдоровна Соловьёва",
        "Олексій Їжакевич",
        "Þórunn Guðmundsdóttir",
        "Ævar Østergaard-Ålund",
        "Søren Kierkegård",
        "Björn Ångström",
        "José María Fernández-Muñoz",
        "François-Xavier Lefèvre",
        "Jürgen Groß",
        "A. B. Li",
        "Jo",
        "Ng",
    ];
    // Typed with combining marks (NFD); normalised to NFC as the app stores names.
    let decomposed = [
        "Ze\u{301}lie Cha\u{302}teau",
        // No precomposed form for o + dot below + grave: NFC keeps U+1ECD U+0300.
        "Adébáyo\u{323}\u{300} Olúwaṣeun",
        "Nguye\u{302}\u{303}n Va\u{306}n A\u{301}nh",
        "Zo\u{308}e\u{308} Me\u{301}ndez",
        "S\u{327}erife Dog\u{306}an",
        "Ren\u{30a}e Ha\u{30a}kansson",
    ];
    let given = [
        "Siobhán",
        "Łukasz",
        "Nguyễn Văn",
        "Ștefan",
        "İpek",
        "Ηλίας",
        "Дмитрий",
        "Åse",
        "Chloë",
        "Tomáš",
        "Seán",
        "Ayşe",
        "Ðorđe",
        "Kalinda",
        "Dáithí",
    ];
    let family = [
        "MacAoidh",
        "McAuley",
        "O'Donnell",
        "Ó Briain",
        "Brzęczyszczykiewicz",
        "Țîrlea",
        "Yılmaz",
        "Κωνσταντινίδης",
        "Кузнецова",
        "Løvstad",
        "Nørgaard-Æbelø",
        "Nguyễn-Thị",
        "Dvořáková",
        "Fitzgerald-Montgomery Ó Súilleabháin",
        "Ní Bhraonáin",
    ];
    let mut names: Vec<String> = written.iter().map(|s| s.to_string()).collect();
    names.extend(decomposed.iter().map(|s| s.nfc().collect::<String>()));
    'outer: for (i, g) in given.iter().cycle().enumerate() {
        let f = family[(i * 7 + i / given.len()) % family.len()];
        let name = format!("{g} {f}");
        if !names.contains(&name) {
            names.push(name);
        }
        if names.len() == 200 {
            break 'outer;
        }
    }
    for n in &names {
        assert_eq!(*n, n.nfc().collect::<String>(), "fixture {n:?} is not NFC");
        assert_eq!(n.trim(), n);
    }
    names
}

/// Copies a PDF to `$CERTIFICATE_PDF_KEEP_DIR`, when set, for looking at.
fn keep(pdf: &Path) {
    if let Some(dir) = std::env::var_os("CERTIFICATE_PDF_KEEP_DIR") {
        std::fs::copy(pdf, Path::new(&dir).join(pdf.file_name().unwrap())).unwrap();
    }
}

fn page_text(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    let (ok, text) = run("pdftotext", &["-q", "-enc", "UTF-8", "-f", &n, "-l", &n, pdf.to_str().unwrap(), "-"]);
    assert!(ok, "pdftotext failed on page {page}: {text}");
    text
}

fn assert_fonts_embedded_and_subset(pdf: &Path) {
    let (ok, listing) = run("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(ok, "pdffonts failed: {listing}");
    let rows: Vec<&str> = listing.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(rows.len(), 4, "each of the four faces appears once in the document:\n{listing}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type... encoding emb sub uni object ID: emb/sub/uni are the 5th..3rd from the end.
        let [emb, sub, uni] = [cols[cols.len() - 5], cols[cols.len() - 4], cols[cols.len() - 3]];
        assert_eq!((emb, sub, uni), ("yes", "yes", "yes"), "font not embedded+subset+unicode: {row}");
        assert!(cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+', "subset tag missing: {row}");
    }
}

fn assert_qpdf_check(pdf: &Path) {
    let (_, report) = run("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(pdf::qpdf_passes(pdf), "qpdf --check failed on {}:\n{report}", pdf.display());
}

// ---------------------------------------------------------------------------------------------
// Real PDFs

#[test]
fn a_single_certificate_is_a_valid_small_pdf_with_subset_fonts_and_extractable_text() {
    let dir = tempfile::tempdir().unwrap();
    let fonts = Fonts::shared();
    let c = certificate_for("Nguyễn Thị Minh Khai");
    let started = Instant::now();
    let bytes = draw::render(&[certificate::layout(&c, fonts)], fonts, "Certificate RR-2026-000123", &Default::default());
    let elapsed = started.elapsed();
    let path = dir.path().join("one.pdf");
    std::fs::write(&path, &bytes).unwrap();
    keep(&path);
    println!("single certificate: {} bytes in {elapsed:?}", bytes.len());

    assert_qpdf_check(&path);
    assert_fonts_embedded_and_subset(&path);
    let text = page_text(&path, 1);
    for expected in [
        "LOW MOSS RECOVERY SERVICE",
        "Certificate of Achievement",
        "This is to certify that",
        "Nguyễn Thị Minh Khai",
        "A record of units achieved at this centre: the qualification is certificated by SQA",
        "Awarded at HMP Low Moss on 22 November 2026",
        "Dr Aileen MacLeod",
        "Tomasz Wiśniewski",
        "Peer Mentor Coordinator",
    ] {
        assert!(text.lines().any(|l| l.trim() == expected), "{expected:?} not a line of:\n{text}");
    }
    assert!(text.contains("RR-2026-000123") && text.contains("K7QF-93MX"), "{text}");

    let (_, info) = run("pdfinfo", &[path.to_str().unwrap()]);
    assert!(info.lines().any(|l| l.starts_with("Title:") && l.ends_with("Certificate RR-2026-000123")), "{info}");
    assert!(info.contains("Creator:         Recovery Register"), "{info}");
    assert!(!info.contains("1970"), "creation date is the real one: {info}");
    assert!(info.contains("Pages:           1"), "{info}");
    assert!(info.contains("841.89 x 595.276 pts") || info.contains("841.89 x 595.28 pts"), "A4 landscape: {info}");

    assert!(bytes.len() < 40_000, "a single certificate is {} bytes, over 40 KB", bytes.len());
}

#[test]
fn two_hundred_awkward_names_in_one_pdf_come_back_exactly_and_stay_small() {
    let names = awkward_names();
    assert_eq!(names.len(), 200);
    let fonts = Fonts::shared();
    for name in &names {
        assert!(fonts.covers(Face::SerifBold, name), "no bold serif glyph for some character of {name:?}");
    }

    let started = Instant::now();
    let pages: Vec<Page> = names.iter().map(|n| certificate::layout(&certificate_for(n), fonts)).collect();
    let laid_out = started.elapsed();
    let bytes = draw::render(&pages, fonts, "Certificates", &Default::default());
    let total = started.elapsed();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("batch.pdf");
    std::fs::write(&path, &bytes).unwrap();
    keep(&path);
    println!("200 certificates: {} bytes ({} bytes per certificate) in {total:?} (layout {laid_out:?})", bytes.len(), bytes.len() / 200);

    assert_qpdf_check(&path);
    assert_fonts_embedded_and_subset(&path);
    let (_, info) = run("pdfinfo", &[path.to_str().unwrap()]);
    assert!(info.contains("Pages:           200"), "{info}");

    let mut failures = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let text = page_text(&path, i + 1);
        if !text.lines().any(|l| l.trim() == name) {
            failures.push(format!("page {}: {name:?} not found as a line in:\n{text}", i + 1));
        }
    }
    assert!(failures.is_empty(), "{} of 200 names did not come back:\n{}", failures.len(), failures.join("\n"));

    // Long names are shrunk, never cut, and fit the name width.
    for (name, page) in names.iter().zip(&pages) {
        let (size, width) = name_element(page, name);
        assert!((NAME_MIN_PT..=NAME_MAX_PT).contains(&size));
        assert!(width <= NAME_WIDTH + 0.01 || size == NAME_MIN_PT, "{name:?} is {width} mm at {size} pt");
        if size < NAME_MAX_PT {
            println!("  shrunk: {size:.1} pt, {width:.1} mm: {name}");
        }
    }
    for (name, page) in names.iter().zip(&pages) {
        assert_on_page(page, fonts, name);
    }
    let longest = names.iter().max_by_key(|n| n.chars().count()).unwrap();
    assert!(name_element(&pages[names.iter().position(|n| n == longest).unwrap()], longest).0 < NAME_MAX_PT);

    assert!(bytes.len() < 200 * 2_000 + 60_000, "200 certificates are {} bytes, over 200 x 2 KB + 60 KB", bytes.len());
}

/// The name's size and measured width on a laid-out page.
fn name_element(page: &Page, name: &str) -> (f32, f32) {
    page.elements
        .iter()
        .find_map(|e| match e {
            Element::Text { text, face, size_pt, .. } if text == name => Some((*size_pt, Fonts::shared().width_mm(*face, *size_pt, text))),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{name:?} is not on the page"))
}

// ---------------------------------------------------------------------------------------------
// The layout as data, with a fake measure

/// Every character is `mm_per_char_at_10pt` wide at 10 pt, scaling with the size.
struct Fake {
    mm_per_char_at_10pt: f32,
}

impl Measure for Fake {
    fn width_mm(&self, _face: Face, size_pt: f32, text: &str) -> f32 {
        text.chars().count() as f32 * self.mm_per_char_at_10pt * size_pt / 10.0
    }
}

const MM_PER_PT: f32 = 25.4 / 72.0;

#[derive(Debug)]
enum Expect {
    FullSize,
    ShrunkToFit,
}

#[test]
fn the_certificate_layout_shrinks_long_names_keeps_short_ones_and_stays_on_the_page() {
    // Realistic widths: 2 mm per character at 10 pt (about 0.57 em), so 40 pt fits 29 chars.
    let fake = Fake { mm_per_char_at_10pt: 2.0 };
    let long = "Maximilian Alexander Fitzgerald-Montgomery Ó Súilleabháin-Nic an tSaoir";
    let cases: &[(&str, Option<&str>, Expect)] = &[
        ("Jo", None, Expect::FullSize),
        ("Zoë O'Neill-Smith", Some("HMP Low Moss"), Expect::FullSize),
        ("Nguyễn Thị Minh Khai", None, Expect::FullSize),
        // 29 characters: 232 mm at 40 pt, just fits; 30 characters (240 mm) do not.
        ("Siobhán Ó Súilleabháin-Nic an", Some("HMP & YOI Polmont"), Expect::FullSize),
        ("Siobhán Ó Súilleabháin-Nic ant", None, Expect::ShrunkToFit),
        (long, Some("HMP Low Moss"), Expect::ShrunkToFit),
        (long, None, Expect::ShrunkToFit),
    ];
    for (name, establishment, expect) in cases {
        let mut c = certificate_for(name);
        c.establishment = establishment.map(str::to_string);
        let page = certificate::layout(&c, &fake);
        let (size, width) = page
            .elements
            .iter()
            .find_map(|e| match e {
                Element::Text { text, face, size_pt, .. } if text == name => Some((*size_pt, fake.width_mm(*face, *size_pt, text))),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{name:?}: the full name is not on the page"));
        match expect {
            Expect::FullSize => assert_eq!(size, NAME_MAX_PT, "{name:?}"),
            Expect::ShrunkToFit => {
                assert!((NAME_MIN_PT..NAME_MAX_PT).contains(&size), "{name:?} at {size} pt");
                assert!((width - NAME_WIDTH).abs() < 0.01, "{name:?} is {width} mm, not {NAME_WIDTH}");
            }
        }
        assert!(width <= NAME_WIDTH + 0.01, "{name:?} is {width} mm wide");

        // The establishment line appears only when there is an establishment.
        let texts: Vec<&str> = page
            .elements
            .iter()
            .filter_map(|e| match e {
                Element::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        match establishment {
            Some(place) => {
                let line = format!("Awarded at {place} on 22 November 2026");
                assert_eq!(texts.iter().filter(|t| **t == line).count(), 1, "{name:?}: {texts:?}");
                assert!(!texts.contains(&"Awarded on 22 November 2026"));
            }
            None => {
                assert!(texts.contains(&"Awarded on 22 November 2026"), "{texts:?}");
                assert!(!texts.iter().any(|t| t.starts_with("Awarded at")), "{texts:?}");
            }
        }

        assert_on_page(&page, &fake, name);
    }
}

fn picture_box(e: &Element) -> Option<(f32, f32, f32, f32)> {
    match e {
        Element::Picture { x, y, w, h, .. } => Some((*x, *y, *w, *h)),
        Element::Modules { x, y, size_mm, .. } => Some((*x, *y, *size_mm, *size_mm)),
        _ => None,
    }
}

/// Every stroke lies on the page and every text's box (ascent ~0.8 em, descent ~0.25 em) lies
/// inside the inner frame, 14 mm from the edges.
fn assert_on_page(page: &Page, m: &dyn Measure, case: &str) {
    assert_eq!((page.width_mm, page.height_mm), (certificate::WIDTH, certificate::HEIGHT));
    let on_page = |x: f32, y: f32| (0.0..=page.width_mm).contains(&x) && (0.0..=page.height_mm).contains(&y);
    let inner = 14.0;
    for e in &page.elements {
        match e {
            Element::Text { text, face, size_pt, x, y, align, .. } => {
                let w = m.width_mm(*face, *size_pt, text);
                let left = match align {
                    Align::Left => *x,
                    Align::Centre => x - w / 2.0,
                    Align::Right => x - w,
                };
                let em = size_pt * MM_PER_PT;
                let (bottom, top) = (y - 0.25 * em, y + 0.8 * em);
                assert!(
                    left >= inner && left + w <= page.width_mm - inner && bottom >= inner && top <= page.height_mm - inner,
                    "{case}: {text:?} ({left:.1}..{:.1} x {bottom:.1}..{top:.1} mm) leaves the inner frame",
                    left + w
                );
            }
            Element::Line { from, to, width_pt, .. } => {
                assert!(on_page(from.0, from.1) && on_page(to.0, to.1), "{case}: line {e:?} off the page");
                assert!(*width_pt > 0.0);
            }
            Element::Frame { x, y, w, h, width_pt, .. } => {
                assert!(on_page(*x, *y) && on_page(x + w, y + h), "{case}: frame {e:?} off the page");
                assert!(*width_pt > 0.0);
            }
            Element::Picture { .. } | Element::Modules { .. } => {
                let (x, y, w, h) = picture_box(e).unwrap();
                assert!(
                    x >= inner && y >= inner && x + w <= page.width_mm - inner && y + h <= page.height_mm - inner,
                    "{case}: picture {x:.1},{y:.1} {w:.1}x{h:.1} leaves the inner frame"
                );
                // No text runs into a logo or the QR code.
                for t in &page.elements {
                    if let Element::Text { text, face, size_pt, x: tx, y: ty, align, .. } = t {
                        let tw = m.width_mm(*face, *size_pt, text);
                        let left = match align {
                            Align::Left => *tx,
                            Align::Centre => tx - tw / 2.0,
                            Align::Right => tx - tw,
                        };
                        let em = size_pt * MM_PER_PT;
                        let (bottom, top) = (ty - 0.25 * em, ty + 0.8 * em);
                        let apart = left + tw <= x || left >= x + w || top <= y || bottom >= y + h;
                        assert!(apart, "{case}: {text:?} overlaps the picture at {x:.1},{y:.1}");
                    }
                }
            }
        }
    }
    // Text lines in the same column do not collide: the gap between two baselines is at least
    // the upper line's descent plus the lower line's ascent.
    let texts: Vec<(f32, f32, f32, &str)> = page
        .elements
        .iter()
        .filter_map(|e| match e {
            Element::Text { x, y, size_pt, text, .. } => Some((*x, *y, *size_pt, text.as_str())),
            _ => None,
        })
        .collect();
    for (i, a) in texts.iter().enumerate() {
        for b in &texts[i + 1..] {
            let (upper, lower) = if a.1 >= b.1 { (a, b) } else { (b, a) };
            if (upper.0 - lower.0).abs() < 1.0 {
                let needed = (0.25 * upper.2 + 0.75 * lower.2) * MM_PER_PT;
                assert!(upper.1 - lower.1 >= needed, "{case}: {:?} at y {} and {:?} at y {} overlap", upper.3, upper.1, lower.3, lower.1);
            }
        }
    }
}

#[test]
fn one_to_three_signatories_sit_side_by_side_without_overlap() {
    let fonts = Fonts::shared();
    for n in 0..=3 {
        let mut c = certificate_for("Zoë O'Neill-Smith");
        c.signatories = (0..n)
            .map(|i| SignatureLine {
                name: format!("Signatory Number {i} With A Long Name"),
                role: "Head of Offender Outcomes and Recovery Services".into(),
                signature: None,
            })
            .collect();
        let page = certificate::layout(&c, fonts);
        assert_on_page(&page, fonts, &format!("{n} signatories"));
        // (centre, left, right) of the signatories' names and roles.
        let mut spans: Vec<(f32, f32, f32)> = page
            .elements
            .iter()
            .filter_map(|e| match e {
                Element::Text { text, face, size_pt, x, y, .. } if *y < 45.0 && *y > 30.0 => {
                    let w = fonts.width_mm(*face, *size_pt, text);
                    Some((*x, x - w / 2.0, x + w / 2.0))
                }
                _ => None,
            })
            .collect();
        assert_eq!(spans.len(), 2 * n);
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        // Each signatory is a column (name over role); the columns do not overlap.
        let columns: Vec<(f32, f32)> = spans
            .chunks(2)
            .map(|p| {
                assert_eq!(p[0].0, p[1].0, "name and role share a centre");
                (p[0].1.min(p[1].1), p[0].2.max(p[1].2))
            })
            .collect();
        for w in columns.windows(2) {
            assert!(w[0].1 < w[1].0, "{n} signatories: {columns:?} overlap");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The QR code and the logo

#[test]
fn the_printed_qr_code_reads_back_as_the_number_and_code() {
    let dir = tempfile::tempdir().unwrap();
    let fonts = Fonts::shared();
    let mut c = certificate_for("Siobhán Ó Súilleabháin");
    c.number = "PER-2026-0042".into();
    c.verification_code = "7KQ2M-X9TD4".into();
    let pdf = dir.path().join("qr.pdf");
    let bytes = draw::render(&[certificate::layout(&c, fonts)], fonts, "QR", &Default::default());
    std::fs::write(&pdf, bytes).unwrap();
    assert_qpdf_check(&pdf);
    // Rendered as a printer would (200 dpi), then read by a QR decoder from the pixels alone.
    let prefix = dir.path().join("page");
    let (ok, err) = run("pdftoppm", &["-r", "200", "-gray", "-png", pdf.to_str().unwrap(), prefix.to_str().unwrap()]);
    assert!(ok, "pdftoppm: {err}");
    let png =
        std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.path()).find(|p| p.extension().is_some_and(|e| e == "png")).unwrap();
    let page = image::open(&png).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(page);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the page");
    let (_, content) = grids[0].decode().unwrap();
    assert_eq!(content, "PER-2026-0042 7KQ2M-X9TD4");
    assert_eq!(content, certificate::qr_text(&c));
}

#[test]
fn a_logo_is_embedded_once_however_many_pages_show_it() {
    let dir = tempfile::tempdir().unwrap();
    let fonts = Fonts::shared();
    let logo_png = {
        let img = image::RgbImage::from_fn(300, 150, |x, _| image::Rgb([(x % 200) as u8, 90, 140]));
        let mut out = Vec::new();
        image::DynamicImage::ImageRgb8(img).write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
        out
    };
    let logo = recovery_register::pdf::picture::normalise_logo(&logo_png).unwrap();
    let mut pictures = recovery_register::pdf::Pictures::new();
    pictures.insert("logo".into(), recovery_register::pdf::picture::decode_logo(&logo.png).unwrap());
    let pages: Vec<Page> = ["Łukasz Żółć", "Zoë O'Neill-Smith", "Nguyễn Thị Minh Khai"]
        .iter()
        .map(|n| {
            let mut c = certificate_for(n);
            c.logo = Some(certificate::Logo { key: "logo".into(), width_px: logo.width, height_px: logo.height });
            let page = certificate::layout(&c, fonts);
            assert_on_page(&page, fonts, n);
            page
        })
        .collect();
    let pdf = dir.path().join("logo.pdf");
    std::fs::write(&pdf, draw::render(&pages, fonts, "Logo", &pictures)).unwrap();
    keep(&pdf);
    assert_qpdf_check(&pdf);
    let (ok, list) = run("pdfimages", &["-list", pdf.to_str().unwrap()]);
    assert!(ok);
    // page num type width height ... object ID: one row per page, all the same object.
    let rows: Vec<Vec<&str>> = list.lines().skip(2).map(|l| l.split_whitespace().collect()).collect();
    let logos: Vec<&Vec<&str>> = rows.iter().filter(|r| r[3] == "300" && r[4] == "150").collect();
    assert_eq!(logos.len(), 3, "the logo on every page:\n{list}");
    let objects: std::collections::BTreeSet<&str> = logos.iter().map(|r| r[10]).collect();
    assert_eq!(objects.len(), 1, "one image object shared by the pages:\n{list}");
}
