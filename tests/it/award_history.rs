//! Awards as a service runs them: an award type edited without changing what was issued,
//! signatories chosen for one ceremony with their signature images, one-off awards to a named
//! person, and SVQ units signed off by an assessor, with the candidate's SQA number and the
//! record of units, as real PDFs.

use crate::support::pdf::{qpdf_passes, run, text_of};
use crate::support::*;
use recovery_register::documents::{Document, Format};
use recovery_register::model::*;
use recovery_register::printing::Output;

fn png(width: u32, height: u32) -> Vec<u8> {
    // Dark strokes on a transparent ground, as a scanned signature is kept.
    let img = image::RgbaImage::from_fn(width, height, |x, y| {
        if (x + 2 * y) % 37 < 3 {
            image::Rgba([20, 30, 90, 255])
        } else {
            image::Rgba([255, 255, 255, 0])
        }
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgba8(img).write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

fn jpeg() -> Vec<u8> {
    let img = image::RgbImage::from_fn(40, 20, |x, _| image::Rgb([x as u8, 0, 0]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img).write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Jpeg).unwrap();
    out
}

fn keep(pdf: &std::path::Path) {
    if let Some(dir) = std::env::var_os("CERTIFICATE_PDF_KEEP_DIR") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(pdf, std::path::Path::new(&dir).join(pdf.file_name().unwrap())).unwrap();
    }
}

fn error(r: recovery_register::Result<impl std::fmt::Debug>) -> String {
    r.unwrap_err().to_string()
}

#[test]
fn an_edited_award_type_keeps_what_each_award_was_issued_under() {
    let mut f = Fixture::new();
    let a = f.actor;
    f.store.set_today(d(2026, 11, 20));
    let first = f.prisoner("100001", "Siobhán", "Ó Súilleabháin");
    let second = f.prisoner("100002", "Nguyễn Văn", "An");
    let kind = f.store.add_award_type(&a, f.establishment.id, &peer_mentor_award()).unwrap();
    assert_eq!(kind.revision, 1);
    let old = f.store.issue_awards(&a, kind.id, None, &[first.id], d(2026, 11, 12)).unwrap().remove(0);

    // A new governor, a new name for the course, new wording.
    let mut changed = kind.details.clone();
    changed.title = "Peer mentor training (Level 2)".into();
    changed.wording = "has completed peer mentor training at Level 2".into();
    changed.signatories = vec![Signatory::new("Fiona Drummond", "Governor")];
    let kind2 = f.store.edit_award_type(&a, kind.id, &changed).unwrap();
    assert_eq!((kind2.revision, kind2.details.title.as_str()), (2, "Peer mentor training (Level 2)"));
    let new = f.store.issue_awards(&a, kind.id, None, &[second.id], d(2026, 11, 19)).unwrap().remove(0);
    assert_eq!((old.revision, new.revision), (1, 2));

    let certs = f.store.certificates(&a, &[old.id, new.id]).unwrap();
    assert_eq!(certs[0].title, "Peer mentor training");
    assert_eq!(certs[0].wording, "has completed peer mentor training");
    assert_eq!(certs[0].signatories.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["Alison Grant"]);
    assert_eq!(certs[1].title, "Peer mentor training (Level 2)");
    assert_eq!(certs[1].signatories.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["Fiona Drummond"]);
    // The old certificate still checks out under the title it was printed with.
    match f.store.verify_award(&a, &old.number, &old.verification_code, Some("Siobhán Ó Súilleabháin"), None).unwrap() {
        Verification::Genuine { title, .. } => assert_eq!(title, "Peer mentor training"),
        other => panic!("{other:?}"),
    }
    // The history, newest first, with who made each revision and what was issued under it.
    let history = f.store.award_type_history(&a, kind.id).unwrap();
    let seen: Vec<(u32, &str, u32)> = history.iter().map(|r| (r.revision, r.details.title.as_str(), r.awards)).collect();
    assert_eq!(seen, [(2, "Peer mentor training (Level 2)", 1), (1, "Peer mentor training", 1)]);
    assert!(history[0].made_by.is_some());
    // The full record and the passport name the award as issued.
    let record = f.store.person_record(&a, first.id).unwrap();
    assert_eq!(record.awards[0].title, "Peer mentor training");

    // What cannot change, and why.
    assert_eq!(error(f.store.edit_award_type(&a, kind.id, &changed)), "award type: nothing was changed");
    let mut svq = changed.clone();
    svq.kind = AwardKind::Svq;
    svq.svq_level = Some(3);
    svq.awarding_body = Some("SQA".into());
    assert_eq!(
        error(f.store.edit_award_type(&a, kind.id, &svq)),
        "kind: cannot change once awards have been issued; set up a new award type"
    );
    let other = f.store.add_award_type(&a, f.establishment.id, &svq_award()).unwrap();
    let mut clash = changed.clone();
    clash.title = other.details.title.to_uppercase();
    assert!(error(f.store.edit_award_type(&a, kind.id, &clash)).contains("is already an award type here"));
    assert_eq!(f.store.award_type(&a, kind.id).unwrap().revision, 2, "a refused edit changes nothing");
}

#[test]
fn a_sheriff_signs_one_ceremony_with_a_signature_image_and_it_prints() {
    let mut f = Fixture::new();
    let a = f.actor;
    f.store.set_today(d(2026, 11, 20));
    let person = f.prisoner("100001", "Łukasz", "Żółć");
    let kind = f.store.add_award_type(&a, f.establishment.id, &peer_mentor_award()).unwrap();

    // Only a PNG is kept, checked, and scaled once.
    assert_eq!(error(f.store.add_signature_image(&a, f.establishment.id, &[])), "signature image: the file is empty");
    assert_eq!(
        error(f.store.add_signature_image(&a, f.establishment.id, &jpeg())),
        "signature image: is not a PNG image (scan the signature and save it as PNG)"
    );
    assert!(error(f.store.add_signature_image(&a, f.establishment.id, b"\x89PNG\r\n\x1a\nnot really")).starts_with("signature image:"));
    let big = f.store.add_signature_image(&a, f.establishment.id, &png(1600, 400)).unwrap();
    assert_eq!((big.width_px, big.height_px), (800, 200));
    let scanned = include_bytes!("../fixtures/signature.png");
    let sig = f.store.add_signature_image(&a, f.establishment.id, scanned).unwrap();
    assert_eq!((sig.width_px, sig.height_px), (600, 180), "small enough already: kept as it is");

    // A signature kept at another establishment is not this one's to use.
    let elsewhere = f.store.add_establishment(&a, &NewEstablishment { code: "LMS".into(), name: "HMP Low Moss".into() }).unwrap();
    let theirs = f.store.add_signature_image(&a, elsewhere.id, &png(300, 100)).unwrap();
    let wrong = [Signatory { signature: Some(theirs.id), ..Signatory::new("Sheriff Morag Laing", "Sheriff") }];
    assert_eq!(
        error(f.store.issue_awards_signed(&a, kind.id, None, &[person.id], d(2026, 11, 20), Some(&wrong))),
        "signatory 1 signature: is not a signature image kept here"
    );
    assert!(f.store.awards_of_participant(&a, person.id).unwrap().is_empty(), "a refused issue leaves nothing");
    assert_eq!(
        error(f.store.issue_awards_signed(&a, kind.id, None, &[person.id], d(2026, 11, 20), Some(&[]))),
        "signatories: a certificate has one to three signatories"
    );

    // The one-off award, signed by the sheriff presenting and the coordinator.
    let signing = [
        Signatory { signature: Some(sig.id), ..Signatory::new("Sheriff Morag Laing", "Sheriff of Tayside, Central and Fife") },
        Signatory::new("Alison Grant", "Recovery Coordinator"),
    ];
    let award = f.store.issue_awards_signed(&a, kind.id, None, &[person.id], d(2026, 11, 20), Some(&signing)).unwrap().remove(0);
    assert_eq!(award.group_id, None);
    // The type's own signatories are unchanged for the next issue.
    assert_eq!(f.store.award_type(&a, kind.id).unwrap().details.signatories.len(), 1);

    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("sheriff.pdf");
    f.store.print_awards(&a, &[award.id], None, &Output::Combined(pdf.clone()), &mut |_| {}).unwrap();
    keep(&pdf);
    assert!(qpdf_passes(&pdf));
    let text = text_of(&pdf);
    for words in ["Łukasz Żółć", "Sheriff Morag Laing", "Sheriff of Tayside, Central and Fife", "Alison Grant"] {
        assert!(text.contains(words), "{words} missing:\n{text}");
    }
    let (ok, list) = run("pdfimages", &["-list", pdf.to_str().unwrap()]);
    assert!(ok, "{list}");
    // The signature as kept (600 × 180, with its transparency as a soft mask).
    assert!(list.lines().any(|l| l.split_whitespace().nth(3) == Some("600") && l.split_whitespace().nth(4) == Some("180")), "{list}");
    // A reprint prints the same signatories, whatever the type says by then.
    let mut changed = kind.details.clone();
    changed.signatories = vec![Signatory::new("Fiona Drummond", "Governor")];
    f.store.edit_award_type(&a, kind.id, &changed).unwrap();
    let again = f.store.certificates(&a, &[award.id]).unwrap().remove(0);
    assert_eq!(again.signatories.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["Sheriff Morag Laing", "Alison Grant"]);
    assert!(again.signatories[0].signature.is_some() && again.signatories[1].signature.is_none());
}

#[test]
fn svq_units_are_signed_off_and_the_award_needs_them_all_and_the_candidate_number() {
    let mut f = Fixture::new();
    let a = f.actor;
    f.store.set_today(d(2026, 11, 20));
    let person = f.prisoner("100001", "Siobhán", "Ó Súilleabháin");
    let svq = f.store.add_award_type(&a, f.establishment.id, &svq_award()).unwrap();
    let custom = f.store.add_award_type(&a, f.establishment.id, &peer_mentor_award()).unwrap();
    let units = [
        NewUnit { code: "HK9A 04".into(), title: "Promote effective communication".into() },
        NewUnit { code: "HK9B 04".into(), title: "Develop your own practice in recovery work".into() },
        NewUnit { code: "HK9C 04".into(), title: "Support individuals through a recovery plan".into() },
    ];
    assert_eq!(error(f.store.add_units(&a, custom.id, &units)), "qualification: 'Peer mentor training' is not an SVQ");
    let units = f.store.add_units(&a, svq.id, &units).unwrap();
    let twice = [NewUnit { code: "hk9a 04".into(), title: "Again".into() }];
    assert_eq!(error(f.store.add_units(&a, svq.id, &twice)), "unit code: HK9A 04 is already a unit of this qualification");

    // Nothing yet: the award is refused, first for the number SQA knows them by.
    assert_eq!(
        error(f.store.issue_awards(&a, svq.id, None, &[person.id], d(2026, 11, 20))),
        "SQA candidate number: Siobhán Ó Súilleabháin has none recorded; record it on their page first"
    );
    assert_eq!(error(f.store.set_candidate_number(&a, person.id, "12345")), "SQA candidate number: '12345' is not nine digits");
    f.store.set_candidate_number(&a, person.id, "123 456 789").unwrap();

    f.store.sign_off_unit(&a, person.id, units[0].id, "Alison Grant", d(2026, 10, 6)).unwrap();
    f.store.sign_off_unit(&a, person.id, units[1].id, "Derek Munro", d(2026, 11, 3)).unwrap();
    assert_eq!(
        error(f.store.sign_off_unit(&a, person.id, units[1].id, "Derek Munro", d(2026, 11, 4))),
        "unit HK9B 04: was signed off for Siobhán Ó Súilleabháin on 03/11/2026"
    );
    assert_eq!(error(f.store.sign_off_unit(&a, person.id, units[2].id, "  ", d(2026, 11, 4))), "assessor: is empty");
    assert_eq!(
        error(f.store.sign_off_unit(&a, person.id, units[2].id, "Derek Munro", d(2026, 11, 21))),
        "sign-off date: 21/11/2026 is in the future"
    );
    let progress = f.store.svq_progress(&a, person.id).unwrap();
    assert_eq!((progress.len(), progress[0].signed_off, progress[0].total), (1, 2, 3));
    assert_eq!(
        error(f.store.issue_awards(&a, svq.id, None, &[person.id], d(2026, 11, 20))),
        "Siobhán Ó Súilleabháin: has 2 of the 3 units signed off (still to do: HK9C 04 Support individuals through a recovery plan)"
    );

    // The record of units, as it stands: two signed off, one still to do.
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("units.pdf");
    f.store.export(&a, &Document::UnitRecord { person: person.id, qualification: svq.id }, Format::Pdf, &pdf).unwrap();
    keep(&pdf);
    assert!(qpdf_passes(&pdf));
    let text = text_of(&pdf);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for words in [
        "Record of SVQ units achieved",
        "SVQ Level 3 in Recovery Development Practice",
        "Siobhán Ó Súilleabháin",
        "123456789",
        "HK9A 04",
        "06/10/2026",
        "Alison Grant",
        "03/11/2026",
        "Derek Munro",
        "Not yet",
        "2 of the 3 units signed off.",
        "It is not a certificate: the qualification is certificated by SQA.",
    ] {
        assert!(flat.contains(words), "{words} missing:\n{text}");
    }
    let audit =
        f.store.connection().query_row("SELECT detail FROM audit WHERE action = 'print_unit_record'", [], |r| r.get::<_, String>(0));
    assert_eq!(audit.unwrap(), "2 of 3 units");

    // The last unit, then the award: its certificate carries the candidate number.
    f.store.sign_off_unit(&a, person.id, units[2].id, "Derek Munro", d(2026, 11, 18)).unwrap();
    let award = f.store.issue_awards(&a, svq.id, None, &[person.id], d(2026, 11, 20)).unwrap().remove(0);
    assert_eq!(award.candidate_number.as_deref(), Some("123456789"));
    let cert = f.store.certificates(&a, &[award.id]).unwrap().remove(0);
    assert_eq!(cert.candidate_number.as_deref(), Some("123456789"));
    let pdf = dir.path().join("svq.pdf");
    f.store.print_awards(&a, &[award.id], None, &Output::Combined(pdf.clone()), &mut |_| {}).unwrap();
    keep(&pdf);
    let text = text_of(&pdf).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("SQA candidate number 123456789"), "{text}");
    assert!(text.contains("the qualification is certificated by SQA") && !text.contains("Awarded by SQA"), "{text}");

    // A corrected number does not change what was issued.
    f.store.set_candidate_number(&a, person.id, "987654321").unwrap();
    assert_eq!(f.store.certificates(&a, &[award.id]).unwrap()[0].candidate_number.as_deref(), Some("123456789"));
}

#[test]
fn the_command_line_edits_a_type_signs_with_an_image_and_keeps_svq_units() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let ok = |args: &[&str]| cli_ok(&db, args);
    let refused = |args: &[&str]| cli_refused(&db, args);
    cli_with_one_person(&db);
    let type_add = |kind: &str, title: &str| {
        let mut args = vec!["award", "type-add", "--establishment", "PER", "--kind", kind, "--title", title];
        args.extend([
            "--wording",
            "has completed the course",
            "--organisation",
            "Perth Recovery Service",
            "--signatory",
            "Alison Grant|Recovery Coordinator",
        ]);
        if kind == "svq" {
            args.extend(["--svq-level", "3", "--awarding-body", "SQA"]);
        }
        ok(&args)
    };
    type_add("custom", "Peer mentor training");
    type_add("svq", "SVQ Level 3 in Recovery Development Practice");

    // A signature image kept, then used by the sheriff presenting at one ceremony.
    let png_path = dir.path().join("sheriff.png");
    std::fs::write(&png_path, png(900, 300)).unwrap();
    let kept = ok(&["--json", "award", "signature", "--establishment", "PER", "--image", png_path.to_str().unwrap()]);
    let kept: serde_json::Value = serde_json::from_str(&kept).unwrap();
    assert_eq!((kept["width_px"].as_u64(), kept["height_px"].as_u64()), (Some(800), Some(267)));
    let sheriff = format!("Sheriff Morag Laing|Sheriff|{}", kept["id"].as_str().unwrap());
    let jpeg_path = dir.path().join("scan.jpg");
    std::fs::write(&jpeg_path, jpeg()).unwrap();
    assert!(refused(&["award", "signature", "--establishment", "PER", "--image", jpeg_path.to_str().unwrap()])
        .contains("signature image: is not a PNG image"));
    let issued =
        ok(&["--json", "award", "issue", "--type", "peer mentor training", "300001", "--on", "12/11/2026", "--signatory", &sheriff]);
    let issued: serde_json::Value = serde_json::from_str(&issued).unwrap();
    let number = issued[0]["number"].as_str().unwrap().to_string();
    assert!(issued[0]["group_id"].is_null(), "a one-off award: {issued}");

    // The type edited: a new revision; the certificate already issued prints as it was.
    ok(&["award", "type-edit", "--type", "Peer mentor training", "--wording", "has completed peer mentor training at Level 2"]);
    let history = ok(&["award", "history", "--type", "Peer mentor training"]);
    let lines: Vec<&str> = history.lines().collect();
    assert_eq!(lines.len(), 2, "{history}");
    assert!(lines[0].starts_with("Revision 2") && lines[0].contains("at Level 2") && lines[0].contains("  0 awards"), "{history}");
    assert!(lines[1].starts_with("Revision 1") && lines[1].contains("  1 awards"), "{history}");
    let pdf = dir.path().join("cert.pdf");
    ok(&["award", "print", &number, "--pdf", pdf.to_str().unwrap()]);
    let text = text_of(&pdf);
    assert!(text.contains("has completed the course") && text.contains("Sheriff Morag Laing"), "{text}");

    // SVQ units: added, signed off, the award refused until all are, the record printed.
    let svq = "SVQ Level 3 in Recovery Development Practice";
    ok(&["svq", "unit-add", "--type", svq, "HK9A 04|Promote effective communication", "HK9B 04|Develop your own practice"]);
    assert!(refused(&["svq", "unit-add", "--type", svq, "HK9A 04|Again"]).contains("HK9A 04 is already a unit"));
    assert!(refused(&["svq", "candidate", "300001", "12-34"]).contains("SQA candidate number: '12-34' is not nine digits"));
    ok(&["svq", "candidate", "300001", "123456789"]);
    let progress =
        ok(&["svq", "sign-off", "300001", "--type", svq, "--unit", "hk9a 04", "--assessor", "Alison Grant", "--on", "06/10/2026"]);
    assert!(progress.contains("1 of 2 units signed off") && progress.contains("06/10/2026  Alison Grant"), "{progress}");
    assert!(refused(&["award", "issue", "--type", svq, "300001", "--on", "12/11/2026"]).contains("has 1 of the 2 units signed off"));
    let record = dir.path().join("units.pdf");
    ok(&["svq", "record", "300001", "--type", svq, "--pdf", record.to_str().unwrap()]);
    assert!(qpdf_passes(&record));
    let text = text_of(&record);
    assert!(text.contains("HK9B 04") && text.contains("Not yet") && text.contains("123456789"), "{text}");
    ok(&["svq", "sign-off", "300001", "--type", svq, "--unit", "HK9B 04", "--assessor", "Derek Munro", "--on", "10/11/2026"]);
    let listed = ok(&["svq", "progress", "300001"]);
    assert!(listed.contains("2 of 2 units signed off"), "{listed}");
    ok(&["award", "issue", "--type", svq, "300001", "--on", "12/11/2026"]);
}
