//! The recovery passport as a real PDF, read back with the tools a reader's machine would use
//! (`qpdf --check`, `pdffonts`, `pdfinfo`, `pdftotext -layout`), and pure checks over the laid-out
//! pages: a long list of services flows over pages without a service ever split, nothing leaves
//! the margins and no two texts overlap. The passports are built by hand (synthetic people).

use crate::support::pdf;
use pdf::{run, text_boxes, written};

use chrono::NaiveDate;
use recovery_register::model::*;
use recovery_register::pdf::draw::Fonts;
use recovery_register::pdf::layout::{Element, Face, Measure, Page};
use recovery_register::pdf::passport::{
    passport_pages, passport_pdf, referred_on, status_words, support_heading, texts_without_glyphs, AWARDS, CHECK_AWARDS, GROUPS, INTRO,
    MEETS, NO_AWARDS, NO_GROUPS, NO_SERVICES, TITLE, UNPRINTABLE,
};
use recovery_register::pdf::table::{BODY_BOTTOM, MARGIN, PAGE_HEIGHT, PAGE_WIDTH};
use recovery_register::store::{Passport, PassportAward, PassportCapital, PassportGroup, PassportService};
use std::path::Path;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const NAME: &str = "Siobhán Ó Súilleabháin";

// ---------------------------------------------------------------------------------------------
// Fixtures

fn service(
    name: &str,
    kind: ServiceKind,
    address: &str,
    phone: &str,
    email: Option<&str>,
    website: Option<&str>,
    times: Option<&str>,
) -> CommunityService {
    CommunityService {
        id: ServiceId::new(),
        name: name.into(),
        kind,
        area: "Dundee".into(),
        address: Some(address.into()),
        phone: Some(phone.into()),
        email: email.map(Into::into),
        website: website.map(Into::into),
        meeting_times: times.map(Into::into),
        notes: None,
        active: true,
        area_key: "dundee".into(),
    }
}

/// Siobhán, prepared on 23/11/2026: three groups (one completed), two awards, two services near
/// home in Dundee with addresses and meeting times over several lines.
fn siobhan() -> Passport {
    let mut hub = service(
        "Dundee Recovery Hub",
        ServiceKind::RecoveryHub,
        "Unit 4, Ward Road Centre\n12 Ward Road\nDundee DD1 1QP",
        "01382 000 111",
        Some("hello@dundee-recovery.example"),
        Some("www.dundee-recovery.example"),
        Some("Drop-in: Monday to Friday, 10am–4pm\nRecovery café: Thursdays 6–8pm"),
    );
    hub.notes = Some("Ask for the peer support worker at reception. No need to book.".into());
    let smart = service(
        "SMART Recovery Dundee",
        ServiceKind::MutualAid,
        "Steeple Church hall\nNethergate\nDundee DD1 4DG",
        "07700 900 222",
        None,
        None,
        Some("Tuesdays 7–8.30pm\nSaturdays 11am–12.30pm"),
    );
    Passport {
        name: NAME.into(),
        home_area: Some("Dundee".into()),
        establishment: None,
        prepared_on: d(2026, 11, 23),
        groups: vec![
            PassportGroup {
                name: "SMART Recovery".into(),
                sessions_attended: 31,
                first: d(2026, 3, 3),
                last: d(2026, 11, 17),
                completed: false,
            },
            PassportGroup {
                name: "Moving On: relapse prevention".into(),
                sessions_attended: 12,
                first: d(2026, 5, 6),
                last: d(2026, 7, 22),
                completed: true,
            },
            PassportGroup {
                name: "Mutual-aid meeting".into(),
                sessions_attended: 7,
                first: d(2026, 10, 2),
                last: d(2026, 10, 30),
                completed: false,
            },
        ],
        awards: vec![
            PassportAward { title: "Peer mentor".into(), awarded_on: d(2026, 8, 14), number: "RR-2026-000417".into() },
            PassportAward { title: "Relapse prevention course".into(), awarded_on: d(2026, 7, 29), number: "RR-2026-000388".into() },
        ],
        services: vec![
            PassportService { service: hub, referred_on: d(2026, 10, 12), status: ReferralStatus::Accepted },
            PassportService { service: smart, referred_on: d(2026, 11, 2), status: ReferralStatus::Referred },
        ],
        capital: None,
        peer: None,
    }
}

const STATUSES: [ReferralStatus; 5] = [
    ReferralStatus::Referred,
    ReferralStatus::Accepted,
    ReferralStatus::FirstContact,
    ReferralStatus::Engaged,
    ReferralStatus::LostContact,
];

/// Siobhán with `n` services, each marked by its number in every line it prints ("Service 07",
/// "Unit 07", "01382 555 007", "Group 07 ..."), some with notes and long meeting times, so that
/// blocks differ in height.
fn many_services(n: usize) -> Passport {
    let mut p = siobhan();
    p.services = (0..n)
        .map(|i| {
            let times = if i % 3 == 0 {
                format!("Group {i:02} meets Mondays 10am–12pm\nGroup {i:02} café Wednesdays 1–3pm\nGroup {i:02} walk Saturdays 10am")
            } else {
                format!("Group {i:02} meets Tuesdays 7–8.30pm")
            };
            let mut s = service(
                &format!("Service {i:02} recovery support"),
                ServiceKind::ALL[i % ServiceKind::ALL.len()],
                &format!("Unit {i:02}, Marker {i:02} House\n{i} High Street\nDundee DD1 {i}AB"),
                &format!("01382 555 {i:03}"),
                Some(&format!("service{i:02}@example.org")),
                Some(&format!("www.service{i:02}.example.org/recovery")),
                Some(&times),
            );
            if i % 4 == 1 {
                s.notes = Some(format!("Note {i:02}: a drop-in, no need to book; ask at the front desk for the recovery worker on duty."));
            }
            PassportService { service: s, referred_on: d(2026, 9, 1) + chrono::Days::new(i as u64), status: STATUSES[i % STATUSES.len()] }
        })
        .collect();
    p
}

// ---------------------------------------------------------------------------------------------
// Reading PDFs back

fn page_text(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    let (ok, text) = run("pdftotext", &["-q", "-layout", "-enc", "UTF-8", "-f", &n, "-l", &n, pdf.to_str().unwrap(), "-"]);
    assert!(ok, "pdftotext failed on page {page}: {text}");
    text
}

fn all_text(pdf: &Path, pages: usize) -> String {
    (1..=pages).map(|p| page_text(pdf, p)).collect::<Vec<_>>().join("\n")
}

/// Runs of whitespace (line ends too) as one space, for sentences that wrap.
fn squashed(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The one line of `text` on which `start` begins a row, split into its cells (two or more
/// spaces apart).
fn row<'a>(text: &'a str, start: &str) -> Vec<&'a str> {
    let found: Vec<&str> = text.lines().filter(|l| l.trim_start().starts_with(start)).collect();
    assert_eq!(found.len(), 1, "{start:?} should start one row of\n{text}");
    found[0].split("  ").map(str::trim).filter(|c| !c.is_empty()).collect()
}

/// Writes the passport as a PDF in `dir` and reads its text back.
fn printed(dir: &Path, name: &str, p: &Passport) -> (String, usize) {
    let (pdf, pages) = written(dir, name, &passport_pdf(p));
    (all_text(&pdf, pages), pages)
}

// ---------------------------------------------------------------------------------------------
// The passport as a PDF

#[test]
fn a_passport_reads_back_with_groups_awards_and_services_in_plain_words() {
    let p = siobhan();
    let dir = tempfile::tempdir().unwrap();
    let (pdf, pages) = written(dir.path(), "passport.pdf", &passport_pdf(&p));
    let text = all_text(&pdf, pages);
    assert!(pages <= 2, "three groups, two awards and two services on {pages} pages:\n{text}");
    // Each service whole on one page: its name, phone, last line of meeting times and referral.
    let by_page: Vec<String> = (1..=pages).map(|n| page_text(&pdf, n)).collect();
    for lines in [
        ["Dundee Recovery Hub", "01382 000 111", "Recovery café: Thursdays 6–8pm", "referred on 12/10/2026"],
        ["SMART Recovery Dundee", "07700 900 222", "Saturdays 11am–12.30pm", "referred on 02/11/2026"],
    ] {
        let on: Vec<usize> = by_page.iter().enumerate().filter(|(_, t)| lines.iter().any(|l| t.contains(l))).map(|(n, _)| n + 1).collect();
        assert_eq!(on.len(), 1, "{:?} split over pages {on:?}", lines[0]);
        assert!(lines.iter().all(|l| by_page[on[0] - 1].contains(l)), "{lines:?} on page {}", on[0]);
    }

    for words in [TITLE, NAME, "Prepared on 23/11/2026", GROUPS, AWARDS, "Support near home in Dundee", &format!("Page 1 of {pages}")] {
        assert!(text.contains(words), "{words:?} missing:\n{text}");
    }
    assert!(squashed(&text).contains(INTRO), "no intro:\n{text}");
    // The sections in order.
    let at = |w: &str| text.find(w).unwrap_or_else(|| panic!("{w:?} missing"));
    assert!(at(NAME) < at(GROUPS) && at(GROUPS) < at(AWARDS) && at(AWARDS) < at("Support near home"), "{text}");

    // Each group on its own row with its sessions, when and whether completed.
    assert_eq!(row(&text, "SMART Recovery  "), ["SMART Recovery", "31", "March 2026 to November 2026"]);
    assert_eq!(row(&text, "Moving On: relapse prevention  "), ["Moving On: relapse prevention", "12", "May 2026 to July 2026", "Yes"]);
    assert_eq!(row(&text, "Mutual-aid meeting  "), ["Mutual-aid meeting", "7", "October 2026"]);

    // Each award with its date and its number, and how the number can be checked.
    assert_eq!(row(&text, "Peer mentor"), ["Peer mentor", "14/08/2026", "RR-2026-000417"]);
    assert_eq!(row(&text, "Relapse prevention course"), ["Relapse prevention course", "29/07/2026", "RR-2026-000388"]);
    assert!(squashed(&text).contains(CHECK_AWARDS), "{text}");

    // Each service: its name, kind, every address line, phone, email, website, every line of its
    // meeting times, and where the referral stands.
    for words in [
        "Dundee Recovery Hub",
        "Recovery hub · Dundee",
        "Unit 4, Ward Road Centre",
        "12 Ward Road",
        "Dundee DD1 1QP",
        "01382 000 111",
        "hello@dundee-recovery.example",
        "www.dundee-recovery.example",
        "Drop-in: Monday to Friday, 10am–4pm",
        "Recovery café: Thursdays 6–8pm",
        "You were referred on 12/10/2026. They have accepted the referral.",
        "SMART Recovery Dundee",
        "Mutual-aid meeting · Dundee",
        "Steeple Church hall",
        "Dundee DD1 4DG",
        "07700 900 222",
        "Tuesdays 7–8.30pm",
        "Saturdays 11am–12.30pm",
        "You were referred on 02/11/2026. They are expecting to hear from you.",
    ] {
        assert!(text.contains(words), "{words:?} missing:\n{text}");
    }
    assert_eq!(text.matches(MEETS).count(), 2, "{text}");
    assert!(squashed(&text).contains("Ask for the peer support worker at reception. No need to book."), "{text}");
    // The address lines stay lines: the first two are not run together.
    assert!(!text.contains("Centre 12 Ward Road"), "{text}");
    // Nothing is empty.
    for none in [NO_GROUPS, NO_AWARDS, NO_SERVICES] {
        assert!(!text.contains(none), "{none:?} with something to show:\n{text}");
    }
}

#[test]
fn recovery_capital_prints_from_the_start_to_the_latest_when_the_person_chose() {
    let dir = tempfile::tempdir().unwrap();
    let (without, _) = printed(dir.path(), "no-capital.pdf", &siobhan());
    assert!(!without.contains("Your recovery capital"), "{without}");
    let chose = Passport {
        capital: Some(PassportCapital { first_on: d(2026, 9, 7), first_total: 24, latest_on: d(2026, 11, 16), latest_total: 34 }),
        ..siobhan()
    };
    let (text, pages) = printed(dir.path(), "capital.pdf", &chose);
    assert!(pages <= 2, "{pages} pages");
    let flat = squashed(&text);
    for words in ["Your recovery capital", "At the start, on 07/09/2026: 24 of 60. Most recently, on 16/11/2026: 34 of 60."] {
        assert!(flat.contains(words), "'{words}' in:\n{text}");
    }
}

#[test]
fn the_prison_is_named_only_when_the_caseworker_chooses() {
    let dir = tempfile::tempdir().unwrap();
    let unnamed = siobhan();
    assert_eq!(unnamed.establishment, None);
    let (text, _) = printed(dir.path(), "unnamed.pdf", &unnamed);
    for prison in ["HMP", "Perth", "prison"] {
        assert!(!text.contains(prison), "{prison:?} printed though the prison is not named:\n{text}");
    }

    let mut named = siobhan();
    named.establishment = Some("HMP Perth".into());
    let (text, _) = printed(dir.path(), "named.pdf", &named);
    assert!(squashed(&text).contains("The recovery groups and courses you came to at HMP Perth"), "{text}");
    assert_eq!(text.matches("HMP Perth").count(), 1, "named once, in the groups section:\n{text}");
}

#[test]
fn empty_lists_say_so_plainly() {
    let mut p = siobhan();
    p.groups.clear();
    p.awards.clear();
    p.services.clear();
    p.home_area = None;
    let dir = tempfile::tempdir().unwrap();
    let (text, pages) = printed(dir.path(), "empty.pdf", &p);
    assert_eq!(pages, 1);
    for words in [GROUPS, NO_GROUPS, AWARDS, NO_AWARDS, &support_heading(None), NO_SERVICES, "Page 1 of 1"] {
        assert_eq!(text.matches(words).count(), 1, "{words:?}:\n{text}");
    }
    // The name large at the top and in the footer.
    assert_eq!(text.matches(NAME).count(), 2, "{text}");
    // No bare table headers, no sentences about things that are not there.
    for absent in ["Sessions", "Certificate number", MEETS, "referred on", CHECK_AWARDS, "Support near home in"] {
        assert!(!text.contains(absent), "{absent:?}:\n{text}");
    }
}

#[test]
fn every_referral_status_is_said_in_plain_words() {
    assert_eq!(status_words(ReferralStatus::Accepted), "They have accepted the referral.");
    assert_eq!(status_words(ReferralStatus::FirstContact), "You have been in touch.");
    assert_eq!(status_words(ReferralStatus::Engaged), "You are going along.");
    assert_eq!(status_words(ReferralStatus::LostContact), "You lost touch — you can still go back.");
    assert_eq!(status_words(ReferralStatus::Referred), "They are expecting to hear from you.");
    assert_eq!(referred_on(d(2026, 3, 9)), "You were referred on 09/03/2026.");
    let dir = tempfile::tempdir().unwrap();
    let (text, _) = printed(dir.path(), "statuses.pdf", &many_services(5));
    let text = squashed(&text);
    for (i, status) in STATUSES.iter().enumerate() {
        let line = format!("{} {}", referred_on(d(2026, 9, 1) + chrono::Days::new(i as u64)), status_words(*status));
        assert!(text.contains(&line), "{line:?} missing:\n{text}");
    }
}

#[test]
fn twenty_services_flow_over_pages_and_no_service_is_split() {
    let p = many_services(20);
    let fonts = Fonts::shared();
    let pages = passport_pages(&p, fonts);
    assert!(pages.len() >= 3, "20 services on {} pages", pages.len());

    assert_no_service_split(&p, &pages);
    for (i, page) in pages.iter().enumerate() {
        assert_inside_margins(page, fonts, &format!("page {}", i + 1));
        assert!(texts(page).contains(&format!("Page {} of {}", i + 1, pages.len()).as_str()), "page {}", i + 1);
        // The pages the services run onto say what they continue.
        let continued = texts(page).contains(&"Support near home in Dundee, continued");
        assert_eq!(continued, i > 0, "page {}: {:?}", i + 1, texts(page));
    }

    let dir = tempfile::tempdir().unwrap();
    let (pdf, count) = written(dir.path(), "twenty.pdf", &passport_pdf(&p));
    assert_eq!(count, pages.len());
    for n in 1..=count {
        let text = page_text(&pdf, n);
        assert!(text.contains(&format!("Page {n} of {count}")), "page {n}:\n{text}");
        // Read back: each service's phone and its referral line on the same page.
        for i in 0..20 {
            let phone = text.contains(&format!("01382 555 {i:03}"));
            let referred = text.contains(&referred_on(p.services[i].referred_on));
            assert_eq!(phone, referred, "service {i} split at page {n}");
        }
    }
    let text = all_text(&pdf, count);
    for i in 0..20 {
        assert_eq!(text.matches(&format!("Service {i:02} recovery support")).count(), 1, "service {i}:\n{text}");
    }
}

#[test]
fn no_service_is_ever_split_however_many_there_are() {
    // More or fewer groups above them move the services down the page, so the page breaks
    // fall at different places in the blocks.
    for (n, groups) in (0..16).map(|g| (8 + g % 5, g)) {
        let mut p = many_services(n);
        p.groups = (0..groups).map(|i| PassportGroup { name: format!("Group number {i}"), ..p.groups[i % 3].clone() }).collect();
        let pages = passport_pages(&p, Fonts::shared());
        assert_no_service_split(&p, &pages);
        // A service moves to the next page only when it does not fit: no page ends with room
        // for the block that starts the next (its lines from name to referral, plus the 19 mm or
        // so of its name's ascent, its last line's descent and the gaps between blocks).
        for w in pages.windows(2) {
            if !texts(&w[0]).iter().any(|t| t.starts_with("You were referred on")) {
                // The section starts on the next page: its heading went along with the block.
                continue;
            }
            let lowest = w[0]
                .elements
                .iter()
                .filter_map(|e| match e {
                    Element::Text { y, .. } if *y > BODY_BOTTOM => Some(*y),
                    _ => None,
                })
                .fold(f32::MAX, f32::min);
            let first = (0..n).find(|&i| texts(&w[1]).iter().any(|t| belongs_to(t, &format!("{i:02}")))).unwrap();
            let top = y_of(&w[1], |t| t == format!("Service {first:02} recovery support"));
            let bottom = y_of(&w[1], |t| t.starts_with(&referred_on(p.services[first].referred_on)));
            assert!(lowest - BODY_BOTTOM < top - bottom + 20.0, "{n} services: service {first} would have fitted on the page before");
        }
    }
}

/// Every text that belongs to service i carries its marker: all of them on one page, the name
/// above the referral line, and all its lines there.
fn assert_no_service_split(p: &Passport, pages: &[Page]) {
    for i in 0..p.services.len() {
        let marker = format!("{i:02}");
        let on: Vec<usize> =
            pages.iter().enumerate().filter(|(_, page)| texts(page).iter().any(|t| belongs_to(t, &marker))).map(|(n, _)| n).collect();
        assert_eq!(on.len(), 1, "service {i} is on pages {on:?}");
        // Its name above its referral line, in the same block.
        let page = &pages[on[0]];
        let name = y_of(page, |t| t == format!("Service {marker} recovery support"));
        let referred = y_of(page, |t| t.starts_with(&referred_on(p.services[i].referred_on)));
        assert!(name > referred, "service {i}");
        let count = texts(page).iter().filter(|t| belongs_to(t, &marker)).count();
        assert!(count >= 9, "service {i} has only {count} lines");
    }
}

/// Whether a laid-out text is one of the lines of the service marked `marker` in
/// [`many_services`] (its name, address, phone, email, website, meeting times, note, referral).
fn belongs_to(text: &str, marker: &str) -> bool {
    let i: usize = marker.parse().unwrap();
    text.contains(&format!("Service {marker}"))
        || text.contains(&format!("Unit {marker}"))
        || text.contains(&format!("Dundee DD1 {i}AB"))
        || text == format!("{i} High Street")
        || text.contains(&format!("01382 555 {i:03}"))
        || text.contains(&format!("service{marker}"))
        || text.contains(&format!("Group {marker}"))
        || text.starts_with(&format!("Note {marker}:"))
        || text.starts_with(&referred_on(d(2026, 9, 1) + chrono::Days::new(i as u64)))
}

#[test]
fn names_in_any_script_print_and_letters_the_fonts_lack_are_marked() {
    let mut p = siobhan();
    p.name = "Łukasz Żółć".into();
    assert!(texts_without_glyphs(&p, Fonts::shared()).is_empty());
    let dir = tempfile::tempdir().unwrap();
    let (text, _) = printed(dir.path(), "lukasz.pdf", &p);
    assert!(text.contains("Łukasz Żółć"), "{text}");
    assert!(!squashed(&text).contains("cannot be printed"), "{text}");

    p.name = "王小明".into();
    p.services[1].service.meeting_times = Some("Tuesdays 7–8.30pm (中文)".into());
    assert_eq!(texts_without_glyphs(&p, Fonts::shared()), ["Tuesdays 7–8.30pm (中文)", "王小明"]);
    let (text, _) = printed(dir.path(), "wang.pdf", &p);
    assert!(squashed(&text).contains(UNPRINTABLE), "no notice:\n{text}");
    assert!(text.contains("???") && text.contains("Tuesdays 7–8.30pm (??)"), "{text}");
    assert!(!text.contains('王'), "{text}");
}

#[test]
fn every_font_is_embedded() {
    let dir = tempfile::tempdir().unwrap();
    let (pdf, _) = written(dir.path(), "fonts.pdf", &passport_pdf(&siobhan()));
    let (ok, listing) = run("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(ok, "{listing}");
    let rows: Vec<Vec<&str>> =
        listing.lines().skip(2).map(|l| l.split_whitespace().collect()).filter(|r: &Vec<&str>| !r.is_empty()).collect();
    // Serif for the headings and the name, italic for a service's note, sans for the rest.
    assert!(rows.len() >= 4, "{listing}");
    for r in &rows {
        assert_eq!(r[r.len() - 5], "yes", "not embedded: {r:?}");
        assert_eq!(r[r.len() - 4], "yes", "not subset: {r:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Pure layout

/// Every character 2 mm wide at 10 pt whatever the face.
struct FixedWidth;

impl Measure for FixedWidth {
    fn width_mm(&self, _face: Face, size_pt: f32, text: &str) -> f32 {
        text.chars().count() as f32 * 0.2 * size_pt
    }
}

fn texts(page: &Page) -> Vec<&str> {
    page.elements.iter().filter_map(|e| if let Element::Text { text, .. } = e { Some(text.as_str()) } else { None }).collect()
}

/// The baseline of the one text on the page that matches.
fn y_of(page: &Page, matches: impl Fn(&str) -> bool) -> f32 {
    let ys: Vec<f32> = page
        .elements
        .iter()
        .filter_map(|e| match e {
            Element::Text { text, y, .. } if matches(text) => Some(*y),
            _ => None,
        })
        .collect();
    assert_eq!(ys.len(), 1, "{ys:?} in {:?}", texts(page));
    ys[0]
}

#[test]
fn long_words_and_long_lists_stay_inside_the_margins_with_the_fake_measure() {
    let mut p = many_services(20);
    p.name = "Bernadette Quinn-MacGillÌosa Ó Súilleabháin-Wiśniewska".into();
    p.services[0].service.website =
        Some("https://www.a-very-long-website-address-for-a-recovery-service.example.org/referrals/self-referral-form".into());
    p.groups[0].name = "A programme with a very long name that takes more than one line in its column".into();
    let pages = passport_pages(&p, &FixedWidth);
    assert!(pages.len() >= 3, "{} pages", pages.len());
    for (i, page) in pages.iter().enumerate() {
        assert_inside_margins(page, &FixedWidth, &format!("fake page {}", i + 1));
    }
    let all: Vec<&str> = pages.iter().flat_map(texts).collect();
    // The long web address is cut into pieces, not shrunk out of sight.
    let pieces: Vec<&&str> = all.iter().filter(|t| t.contains("very-long") || t.contains("self-referral")).collect();
    assert!(pieces.len() >= 2, "{pieces:?}");
}

#[test]
fn the_passport_stays_inside_the_margins_without_overlaps() {
    for establishment in [None, Some("HMP Perth")] {
        let mut p = siobhan();
        p.establishment = establishment.map(Into::into);
        for (i, page) in passport_pages(&p, Fonts::shared()).iter().enumerate() {
            assert_inside_margins(page, Fonts::shared(), &format!("page {}", i + 1));
        }
    }
}

/// A4 portrait; nothing smaller than 7 pt but the footer; every text inside the margins by its
/// measured width; nothing but the footer below the body; no two texts' boxes overlapping.
fn assert_inside_margins(page: &Page, m: &dyn Measure, case: &str) {
    assert_eq!((page.width_mm, page.height_mm), (PAGE_WIDTH, PAGE_HEIGHT), "{case}: not A4 portrait");
    let boxes = text_boxes(page, m, 0.25, 0.8);
    let footer: Vec<&str> = boxes.iter().filter(|b| b.1 + 0.25 < BODY_BOTTOM).map(|b| b.4).collect();
    assert_eq!(footer.len(), 2, "{case}: the footer band holds {footer:?}");
    for e in &page.elements {
        if let Element::Text { text, size_pt, y, .. } = e {
            assert!(text.is_empty() || *size_pt >= 7.0 || *y < BODY_BOTTOM, "{case}: {text:?} at {size_pt} pt is too small to read");
        }
    }
    for b in &boxes {
        let inside =
            b.0 >= MARGIN - 1e-3 && b.2 <= PAGE_WIDTH - MARGIN + 1e-3 && b.1 >= MARGIN - 1e-3 && b.3 <= PAGE_HEIGHT - MARGIN + 1e-3;
        assert!(inside, "{case}: {:?} ({:.1}..{:.1} x {:.1}..{:.1}) leaves the margins", b.4, b.0, b.2, b.1, b.3);
    }
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let apart = a.2 <= b.0 + 1e-3 || b.2 <= a.0 + 1e-3 || a.3 - 0.1 * (a.3 - a.1) <= b.1 || b.3 - 0.1 * (b.3 - b.1) <= a.1;
            assert!(apart, "{case}: {:?} and {:?} overlap", a.4, b.4);
        }
    }
}

#[test]
fn the_margin_check_can_fail() {
    let mut page = passport_pages(&siobhan(), Fonts::shared()).remove(0);
    let Some(Element::Text { x, .. }) =
        page.elements.iter_mut().find(|e| matches!(e, Element::Text { text, .. } if text == "01382 000 111"))
    else {
        panic!("no phone number on the page")
    };
    // Off the right-hand side of the page.
    *x += 160.0;
    let caught = std::panic::catch_unwind(|| assert_inside_margins(&page, Fonts::shared(), "deliberate"));
    assert!(caught.is_err());
}
