//! One path for every document (`Store::export`): each is written whole, then recorded with a
//! detail the core fixes; a file that cannot be written records nothing; a format a document
//! does not come in is refused by name before anything is written.

use crate::support::*;
use recovery_register::documents::{Document, Format};
use recovery_register::model::*;
use recovery_register::reports::csv::Disclosure;
use recovery_register::reports::Month;
use recovery_register::store::{Action, AuditEntry, AuditFilter};

struct World {
    f: Fixture,
    person: Participant,
    session: SessionId,
}

fn world() -> World {
    let mut f = Fixture::new();
    let person = f.prisoner("100001", "Siobhán", "Ó Súilleabháin");
    let group = f.programme("10-week Recovery Group Programme");
    f.store.enrol(&f.actor, group.id, person.id, d(2026, 10, 5)).unwrap();
    let session = f.store.generate_sessions(&f.actor, group.id, d(2026, 10, 5), d(2026, 10, 5)).unwrap().remove(0).id;
    World { f, person, session }
}

fn newest(f: &Fixture) -> AuditEntry {
    f.store.audit_trail(&f.actor, &AuditFilter::default()).unwrap().remove(0)
}

/// Exports `document` as `format` to a new file and checks the file's first bytes and the one
/// audit row the export appended: its action, record kind and detail.
fn check(w: &mut World, document: &Document, format: Format, action: Action, record_kind: Option<&str>, detail: Option<&str>) {
    let path = w.f.dir.path().join(format!("out-{}.{}", newest(&w.f).seq, format.extension()));
    let before = newest(&w.f).seq;
    w.f.store.export(&w.f.actor, document, format, &path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    match format {
        Format::Pdf => assert!(bytes.starts_with(b"%PDF-"), "{document:?} as PDF"),
        Format::Csv if matches!(document, Document::NationalDataSet) => {
            assert!(bytes.starts_with(b"establishment_code,"), "no BOM for analysts' tools")
        }
        Format::Csv => assert!(bytes.starts_with("\u{feff}".as_bytes()), "{document:?} as CSV starts with a BOM"),
        Format::Parquet => assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"), "{document:?} as Parquet"),
    }
    assert!(!path.with_extension(format!("{}.partial", format.extension())).exists(), "no .partial left behind");
    let row = newest(&w.f);
    assert_eq!(row.seq, before + 1, "{document:?}: one audit row per export");
    assert_eq!((row.action, row.record_kind.as_deref(), row.detail.as_deref()), (action, record_kind, detail), "{document:?}");
}

#[test]
fn every_document_is_written_whole_then_recorded_with_the_cores_detail() {
    let mut w = world();
    let october = Month::parse("month", "2026-10").unwrap();
    let monthly = Document::MonthlyReturn { establishments: vec![w.f.establishment.id], month: october, disclosure: Disclosure::default() };
    check(&mut w, &monthly, Format::Pdf, Action::ExportReport, None, Some("monthly report 2026-10, PDF"));
    check(&mut w, &monthly, Format::Csv, Action::ExportReport, None, Some("monthly report 2026-10, CSV"));
    let clearances = Document::ClearanceReport { establishment: w.f.establishment.id };
    check(&mut w, &clearances, Format::Pdf, Action::ExportReport, Some("establishment"), Some("clearances report, PDF"));
    check(&mut w, &clearances, Format::Csv, Action::ExportReport, Some("establishment"), Some("clearances report, CSV"));
    let passport = Document::Passport { person: w.person.id, name_prison: false };
    check(&mut w, &passport, Format::Pdf, Action::PrintPassport, Some("person"), None);
    let sheet = Document::RegisterSheet { session: w.session };
    check(&mut w, &sheet, Format::Pdf, Action::PrintRegisterSheet, Some("session"), None);
    let trail = Document::AuditTrail { filter: AuditFilter::default() };
    let entries = w.f.store.audit_trail(&w.f.actor, &AuditFilter::default()).unwrap().len();
    check(&mut w, &trail, Format::Csv, Action::ExportAudit, None, Some(&format!("{entries} entries")));
    // The national office's documents (no figures taken in here: empty, but whole).
    let national = Document::NationalReturn { month: october, disclosure: Disclosure::default() };
    check(&mut w, &national, Format::Pdf, Action::ExportReport, None, Some("national return 2026-10, PDF"));
    check(&mut w, &national, Format::Csv, Action::ExportReport, None, Some("national return 2026-10, CSV"));
    let year = Document::NationalYear { year: 2026, disclosure: Disclosure::default() };
    check(&mut w, &year, Format::Pdf, Action::ExportReport, None, Some("national summary 2026, PDF"));
    let data = Document::NationalDataSet;
    check(&mut w, &data, Format::Parquet, Action::ExportReport, None, Some("national data set, 0 establishment months, Parquet"));
    check(&mut w, &data, Format::Csv, Action::ExportReport, None, Some("national data set, 0 establishment months, CSV"));
}

#[test]
fn the_names_a_save_dialog_suggests() {
    let w = world();
    let october = Month::parse("month", "2026-10").unwrap();
    let (s, a) = (&w.f.store, &w.f.actor);
    for (document, expected) in [
        (
            Document::MonthlyReturn { establishments: vec![w.f.establishment.id], month: october, disclosure: Disclosure::default() },
            "Attendance per October 2026",
        ),
        (
            Document::MonthlyReturn { establishments: vec![], month: october, disclosure: Disclosure::default() },
            "Attendance per October 2026",
        ),
        (Document::ClearanceReport { establishment: w.f.establishment.id }, "Clearances per 2026-11-16"),
        // No one's name in a name the app offers (recent-file lists outlive erasure).
        (Document::Passport { person: w.person.id, name_prison: false }, "Recovery passport 2026-11-16"),
        (Document::RegisterSheet { session: w.session }, "Register 10-week Recovery Group Programme 05-10-2026"),
    ] {
        assert_eq!(s.suggested_name(a, &document).unwrap().to_lowercase(), expected.to_lowercase(), "{document:?}");
    }
}

#[test]
fn a_file_that_cannot_be_written_records_nothing_and_a_wrong_format_is_refused() {
    let mut w = world();
    let before = w.f.snapshot();
    let nowhere = w.f.dir.path().join("no such folder").join("sheet.pdf");
    let sheet = Document::RegisterSheet { session: w.session };
    assert!(w.f.store.export(&w.f.actor, &sheet, Format::Pdf, &nowhere).is_err());
    assert_eq!(w.f.snapshot(), before, "no audit row for a file never written");

    let csv = w.f.dir.path().join("passport.csv");
    let e = w.f.store.export(&w.f.actor, &Document::Passport { person: w.person.id, name_prison: false }, Format::Csv, &csv).unwrap_err();
    assert_eq!(e.to_string(), "format: a recovery passport cannot be written as CSV");
    assert!(!csv.exists());
    let e = w.f.store.export(&w.f.actor, &sheet, Format::Csv, &csv).unwrap_err();
    assert_eq!(e.to_string(), "format: a register sheet cannot be written as CSV");
    let monthly = Document::MonthlyReturn {
        establishments: vec![],
        month: Month::parse("month", "2026-10").unwrap(),
        disclosure: Disclosure::default(),
    };
    let e = w.f.store.export(&w.f.actor, &monthly, Format::Parquet, &csv).unwrap_err();
    assert_eq!(e.to_string(), "format: this report cannot be written as Parquet");
    assert_eq!(w.f.snapshot(), before);
}

#[test]
fn files_the_app_names_itself_carry_no_ones_name() {
    let mut w = world();
    // Certificates one per person: by certificate number.
    let kind = w.f.store.add_award_type(&w.f.actor, w.f.establishment.id, &peer_mentor_award()).unwrap();
    let award = w.f.store.issue_awards(&w.f.actor, kind.id, None, &[w.person.id], d(2026, 11, 16)).unwrap().remove(0);
    let folder = w.f.dir.path().join("certificates");
    let printed =
        w.f.store
            .print_awards(&w.f.actor, &[award.id], None, &recovery_register::printing::Output::OnePerPerson(folder.clone()), &mut |_| {})
            .unwrap();
    let names: Vec<String> = printed.files.iter().map(|f| f.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(names, [format!("{}.pdf", award.number)]);
    // A person's full record: by date and the end of their id.
    let stem = recovery_register::store::person_record_file_stem(w.person.id, d(2026, 11, 16));
    let id = w.person.id.to_string();
    assert_eq!(stem, format!("full-record-2026-11-16-{}", &id[id.len() - 8..]));
    for name in names.iter().chain([&stem]) {
        assert!(!name.contains("Siobh") && !name.contains("Súilleabháin"), "{name}");
    }
}

/// Nguyễn Văn An's family name comes first: certificates and passports print "Nguyễn Văn An"
/// (the name as printed), and the code on the certificate vouches for that name; the register
/// sheet lists him as the screen does, "Nguyễn, Văn An". A name as printed is checked as a name
/// is, kept through an edit, given in the full record, and cleared by an erasure.
#[test]
fn the_name_as_printed_is_what_certificates_and_passports_print() {
    let mut w = world();
    let (s, a) = (&mut w.f.store, &w.f.actor);
    let bad = ParticipantDetails { printed_name: Some("Nguyễn Văn An <b>".into()), ..prisoner_details("100002", "Văn An", "Nguyễn") };
    let e = s.add_participant(a, w.f.establishment.id, &bad).unwrap_err();
    assert!(e.to_string().starts_with("name as printed: 'Nguyễn Văn An <b>' contains '<'"), "{e}");
    // The default is not stored as if it were a choice.
    let same = ParticipantDetails { printed_name: Some(" Minh  Trần ".into()), ..prisoner_details("100003", "Minh", "Trần") };
    assert_eq!(s.add_participant(a, w.f.establishment.id, &same).unwrap().printed_name, None);
    let other = ParticipantDetails { printed_name: Some("Trần  Bình".into()), ..prisoner_details("100004", "Bình", "Trần") };
    assert_eq!(s.add_participant(a, w.f.establishment.id, &other).unwrap().printed_name.as_deref(), Some("Trần Bình"));

    let details = ParticipantDetails { printed_name: Some("Nguyễn Văn An".into()), ..prisoner_details("100002", "Văn An", "Nguyễn") };
    let an = s.add_participant(a, w.f.establishment.id, &details).unwrap();
    assert_eq!((an.listed_name(), an.name_as_printed()), ("Nguyễn, Văn An".to_string(), "Nguyễn Văn An".to_string()));
    let moved = s.edit_participant(a, an.id, &ParticipantDetails { location: Some("B Hall".into()), ..details.clone() }).unwrap();
    assert_eq!(moved.printed_name.as_deref(), Some("Nguyễn Văn An"), "an edit keeps it");
    let group = s.groups(a, Some(w.f.establishment.id)).unwrap().remove(0);
    s.enrol(a, group.id, an.id, d(2026, 10, 5)).unwrap();

    // The certificate.
    let kind = s
        .add_award_type(
            a,
            w.f.establishment.id,
            &AwardTypeDetails { issuing_organisation: "Perth Substance Use Service".into(), ..crate::support::peer_mentor_award() },
        )
        .unwrap();
    let award = s.issue_awards(a, kind.id, None, &[an.id], d(2026, 11, 16)).unwrap().remove(0);
    assert_eq!(award.name_on_certificate, "Nguyễn Văn An");
    let genuine = s.verify_award(a, &award.number, &award.verification_code, Some("Nguyen Van An"), None).unwrap();
    assert!(matches!(genuine, Verification::Genuine { .. }), "{genuine:?}");
    let dir = w.f.dir.path().to_path_buf();
    let text = |file: &std::path::Path| {
        let (ok, text) = crate::support::pdf::run("pdftotext", &["-q", file.to_str().unwrap(), "-"]);
        assert!(ok, "{text}");
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let certificate = dir.join("certificate.pdf");
    s.print_awards(a, &[award.id], None, &recovery_register::printing::Output::Combined(certificate.clone()), &mut |_| {}).unwrap();
    let printed = text(&certificate);
    assert!(printed.contains("Nguyễn Văn An") && !printed.contains("Văn An Nguyễn"), "{printed}");

    // The passport.
    let passport = dir.join("passport.pdf");
    s.export(a, &Document::Passport { person: an.id, name_prison: false }, Format::Pdf, &passport).unwrap();
    let printed = text(&passport);
    assert!(printed.contains("Nguyễn Văn An") && !printed.contains("Văn An Nguyễn"), "{printed}");

    // The paper register lists him as the screen does.
    let sheet = dir.join("sheet.pdf");
    s.export(a, &Document::RegisterSheet { session: w.session }, Format::Pdf, &sheet).unwrap();
    assert!(text(&sheet).contains("Nguyễn, Văn An"), "{}", text(&sheet));

    // The full record gives it; an erasure clears it.
    let record = s.person_record(a, an.id).unwrap();
    assert_eq!(record.details.printed_name.as_deref(), Some("Nguyễn Văn An"));
    let json = String::from_utf8(recovery_register::store::person_record_json(&record)).unwrap();
    assert!(json.contains("\"printed_name\": \"Nguyễn Văn An\""), "{json}");
    s.liberate(a, an.id, d(2026, 11, 16)).unwrap();
    s.set_today(d(2033, 1, 4));
    s.erase_past_retention(a, &[an.id]).unwrap();
    let erased: Option<String> =
        s.connection().query_row("SELECT printed_name FROM participant WHERE id = ?1", [an.id], |r| r.get(0)).unwrap();
    assert_eq!(erased, None);
}
