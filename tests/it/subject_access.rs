//! A person's full record (a subject access request) on a real file: everything held about one
//! person gathered from every table, as JSON read back and as a PDF read back with the tools a
//! reader's machine would use; nothing about anyone else; administrators only; audited once,
//! naming no one. Synthetic people only.

use crate::support::pdf;

use crate::support::*;
use chrono::{NaiveTime, Weekday};
use pdf::{run, text_boxes, written};
use recovery_register::model::*;
use recovery_register::pdf::draw::Fonts;
use recovery_register::pdf::subject_access::{person_record_pages, title, AUDIT, NONE_HELD, UNPRINTABLE};
use recovery_register::pdf::table::{MARGIN, PAGE_HEIGHT, PAGE_WIDTH};
use recovery_register::store::{person_record_json, PersonRecord};
use recovery_register::Role;
use serde_json::Value;
use std::path::Path;

const NAME: &str = "Siobhán Ó Súilleabháin";
const GROUP: &str = "SMART Recovery – B Hall";
const PROGRAMME: &str = "10-week Recovery Group Programme";

/// What belongs to the other person in the same group and must appear nowhere in Siobhán's record.
const OTHER_MARKERS: [&str; 5] = ["Zebedee", "Quuxworth", "QX0042", "Xylophone lessons", "Wibblesford"];

struct World {
    f: Fixture,
    siobhan: Participant,
    other: Participant,
    /// Siobhán's marks on the weekly group: one a week for two years.
    weekly_marks: usize,
    award: Award,
    other_award: Award,
}

fn smart_group() -> GroupDetails {
    GroupDetails {
        name: GROUP.into(),
        kind: GroupKind::SmartRecovery,
        location: Some("B Hall".into()),
        starts_on: d(2024, 11, 5),
        ends_on: None,
        start_time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        duration_minutes: 60,
        schedule: Some(Schedule { weekday: Weekday::Tue, every_weeks: 1 }),
        planned_sessions: None,
        completion: None,
        facilitators: vec![],
    }
}

fn service(f: &mut Fixture, name: &str, area: &str) -> CommunityService {
    let details =
        ServiceDetails { name: name.into(), kind: Some(ServiceKind::RecoveryHub), area: area.into(), active: true, ..Default::default() };
    f.store.add_service(&f.actor, &details).unwrap()
}

/// Siobhán with everything: two years of a weekly group (with absences, reasons and notes), a
/// programme she completed, an award printed and reprinted, a liberation plan, consent, a
/// referral with steps, a meeting, home leave and back; and, in the same group, another person
/// with a distinctive name, number, notes, award, referral and meeting.
fn world() -> World {
    let mut f = Fixture::new(); // today Monday 16/11/2026
    let a = f.actor;
    let siobhan = f.prisoner("100001", "Siobhán", "Ó Súilleabháin");
    let other = f.prisoner("QX0042", "Zebedee", "Quuxworth");

    let weekly = f.store.add_group(&a, f.establishment.id, &smart_group()).unwrap();
    f.store.enrol_many(&a, weekly.id, &[siobhan.id], d(2024, 11, 5)).unwrap();
    f.store.enrol(&a, weekly.id, other.id, d(2024, 11, 5)).unwrap();
    // She asked to join the group herself; she started on the day she was enrolled.
    let asked = ReferralInDetails {
        source: ReferralSource::SelfReferral,
        referred_on: d(2024, 10, 21),
        wants: ReferralWants::Group,
        group_id: Some(weekly.id),
        programme_id: None,
    };
    let asked = f.store.refer_in(&a, siobhan.id, &asked).unwrap();
    f.store.close_referral_in(&a, asked.id, ReferralOutcome::Started, d(2024, 11, 5)).unwrap();
    let barc = CapitalDetails {
        taken_on: d(2024, 11, 5),
        stage: CapitalStage::Start,
        scores: vec![2, 3, 3, 2, 4, 2, 3, 5, 3, 2],
        consent: true,
        on_passport: false,
    };
    f.store.record_capital(&a, siobhan.id, &barc).unwrap();
    let sessions = f.store.generate_sessions(&a, weekly.id, d(2024, 11, 5), d(2026, 11, 10)).unwrap();
    assert!(sessions.len() >= 104, "{} sessions", sessions.len());
    for (i, s) in sessions.iter().enumerate() {
        let mine = match i % 9 {
            4 => Mark { note: Some(format!("Week {i}: at the dentist")), ..Mark::absent(siobhan.id, AbsenceReason::Healthcare) },
            7 => Mark::absent(siobhan.id, AbsenceReason::NotUnlocked),
            2 => Mark { mark: MarkKind::Late, note: Some(format!("Week {i}: came from work")), ..Mark::present(siobhan.id) },
            _ => Mark::present(siobhan.id),
        };
        let theirs = Mark { note: Some(format!("Xylophone lessons week {i}")), ..Mark::present(other.id) };
        f.store.take_register(&a, s.id, &[mine, theirs]).unwrap();
    }

    let programme = f.programme(PROGRAMME);
    f.store.enrol(&a, programme.id, siobhan.id, d(2026, 10, 5)).unwrap();
    f.store.enrol(&a, programme.id, other.id, d(2026, 10, 5)).unwrap();
    for s in f.store.generate_sessions(&a, programme.id, d(2026, 10, 5), d(2026, 11, 9)).unwrap() {
        f.store.take_register(&a, s.id, &[Mark::present(siobhan.id), Mark::present(other.id)]).unwrap();
    }
    f.store.leave(&a, programme.id, siobhan.id, d(2026, 11, 10), LeavingReason::Completed, Some("Finished with a presentation")).unwrap();
    f.store.leave(&a, programme.id, other.id, d(2026, 11, 10), LeavingReason::Withdrew, Some("Wibblesford transfer talk")).unwrap();

    let kind = f.store.add_award_type(&a, f.establishment.id, &peer_mentor_award()).unwrap();
    let award = f.store.issue_awards(&a, kind.id, None, &[siobhan.id], d(2026, 11, 12)).unwrap().remove(0);
    let other_award = f.store.issue_awards(&a, kind.id, None, &[other.id], d(2026, 11, 12)).unwrap().remove(0);
    f.store.record_prints(&a, &[award.id], None).unwrap();
    f.store.record_prints(&a, &[award.id], Some("Lost in the move to C Hall")).unwrap();
    // She is working towards an SVQ: one unit signed off, and the number SQA knows her by.
    let svq = f.store.add_award_type(&a, f.establishment.id, &svq_award()).unwrap();
    let units = [NewUnit { code: "hk9a 04".into(), title: "Promote effective communication".into() }];
    let unit = f.store.add_units(&a, svq.id, &units).unwrap().remove(0);
    f.store.sign_off_unit(&a, siobhan.id, unit.id, "Alison Grant", d(2026, 11, 6)).unwrap();
    f.store.set_candidate_number(&a, siobhan.id, "123 456 789").unwrap();
    // And a peer facilitator since October, qualified to deliver SMART Recovery.
    let leads = f.store.add_peer_role(&a, siobhan.id, PeerRole::PeerFacilitator, d(2026, 10, 1)).unwrap();
    let trained =
        QualificationDetails { course: "SMART Recovery".into(), training: TRAINING_FOR_TRAINERS.into(), qualified_on: d(2026, 9, 28) };
    f.store.record_qualification(&a, leads.id, &trained).unwrap();

    f.store
        .set_liberation_plan(&a, siobhan.id, &PlanDetails { expected_liberation: Some(d(2026, 12, 21)), home_area: Some("Dundee".into()) })
        .unwrap();
    f.store.start_home_leave(&a, siobhan.id, d(2026, 11, 1)).unwrap();
    f.store.readmit(&a, siobhan.id, d(2026, 11, 8)).unwrap();
    let hub = service(&mut f, "Tay Recovery Hub", "Dundee");
    let elsewhere = service(&mut f, "Wibblesford Recovery Café", "Wibblesford");
    let consent = ConsentDetails { given_on: d(2026, 11, 2), scope: "Name, release date and phone number".into(), services: vec![hub.id] };
    f.store.record_consent(&a, siobhan.id, &consent).unwrap();
    let referral =
        ReferralDetails { service_id: hub.id, referred_on: d(2026, 11, 3), details_shared: true, notes: Some("Prefers mornings".into()) };
    let made = f.store.refer(&a, siobhan.id, &referral).unwrap();
    f.store.update_referral(&a, made.referral.id, ReferralStep { status: ReferralStatus::Accepted, on: d(2026, 11, 5) }).unwrap();
    f.store.update_referral(&a, made.referral.id, ReferralStep { status: ReferralStatus::FirstContact, on: d(2026, 11, 10) }).unwrap();
    let meeting = MeetingDetails {
        held_on: d(2026, 11, 12),
        kind: MeetingKind::BeforeLiberation,
        service_id: Some(hub.id),
        notes: Some("Met the hub worker".into()),
    };
    f.store.add_meeting(&a, siobhan.id, &meeting).unwrap();
    // Her history sent on to Low Moss, with her consent.
    let mut low_moss = Fixture::new();
    low_moss.store.add_establishment(&low_moss.actor, &NewEstablishment { code: "LMS".into(), name: "HMP Low Moss".into() }).unwrap();
    let card = low_moss.store.own_card(&low_moss.actor, Some("LMS"), None).unwrap();
    f.store.own_card(&a, Some("PER"), None).unwrap();
    f.store.add_card(&a, &card.to_file(), false).unwrap();
    let to = recovery_register::store::transfers::TransferTo { to: "LMS".into(), consent_given_on: Some(d(2026, 11, 14)) };
    f.store.make_transfer_pack(&a, siobhan.id, &to, &f.dir.path().join("pack.rrtransfer")).unwrap();

    // The other person's own liberation plan, elsewhere.
    f.store
        .set_liberation_plan(&a, other.id, &PlanDetails { expected_liberation: Some(d(2027, 1, 4)), home_area: Some("Wibblesford".into()) })
        .unwrap();
    let theirs = ReferralDetails {
        service_id: elsewhere.id,
        referred_on: d(2026, 11, 4),
        details_shared: false,
        notes: Some("Quuxworth asked".into()),
    };
    f.store.refer(&a, other.id, &theirs).unwrap();
    let their_meeting = MeetingDetails {
        held_on: d(2026, 11, 13),
        kind: MeetingKind::BeforeLiberation,
        service_id: None,
        notes: Some("Xylophone lessons plan".into()),
    };
    f.store.add_meeting(&a, other.id, &their_meeting).unwrap();
    f.store.view_participant(&a, other.id).unwrap();

    f.store.view_participant(&a, siobhan.id).unwrap();
    World { weekly_marks: sessions.len(), f, siobhan, other, award, other_award }
}

fn json_of(record: &PersonRecord) -> (String, Value) {
    let bytes = person_record_json(record);
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    (text, serde_json::from_slice(&bytes).unwrap())
}

fn len(v: &Value, key: &str) -> usize {
    v[key].as_array().unwrap_or_else(|| panic!("{key} is not a list: {v}")).len()
}

fn page_text(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    let (ok, text) = run("pdftotext", &["-q", "-layout", "-enc", "UTF-8", "-f", &n, "-l", &n, pdf.to_str().unwrap(), "-"]);
    assert!(ok, "pdftotext failed on page {page}: {text}");
    text
}

fn squashed(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An audit row as stored: action, record kind, record id, detail.
type AuditRow = (String, Option<String>, Option<String>, Option<String>);

fn audit_rows(f: &Fixture) -> Vec<AuditRow> {
    f.store
        .connection()
        .prepare("SELECT action, record_kind, record_id, detail FROM audit ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn the_json_holds_every_kind_of_record_about_the_person_with_the_right_counts() {
    let w = world();
    let record = w.f.store.person_record(&w.f.actor, w.siobhan.id).unwrap();
    let (text, v) = json_of(&record);
    assert!(!text.starts_with('\u{feff}'), "no byte-order mark");
    assert_eq!(serde_json::from_str::<PersonRecord>(&text).unwrap(), record, "reads back whole");

    assert_eq!(v["format_version"], 1);
    assert_eq!(v["app_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(v["prepared_on"], "2026-11-16");
    let details = &v["details"];
    assert_eq!((details["given_name"].as_str(), details["family_name"].as_str()), (Some("Siobhán"), Some("Ó Súilleabháin")));
    assert_eq!(details["id"], w.siobhan.id.to_string());
    assert_eq!(details["prison_number"], "100001");
    assert_eq!(details["date_of_birth"], "1984-03-02");
    assert_eq!(details["kind"], "in_custody");
    assert_eq!((details["establishment"].as_str(), details["establishment_code"].as_str()), (Some("HMP Perth"), Some("PER")));
    assert_eq!(details["location"], "A Hall");
    assert_eq!((details["status"].as_str(), details["status_since"].as_str()), (Some("in_custody"), Some("2026-11-08")));
    assert_eq!(details["expected_liberation"], "2026-12-21");
    assert!(details["created_at"].as_str().unwrap().starts_with("20"), "{details}");

    // Custody: home leave and back.
    assert_eq!(len(&v, "custody"), 2);
    assert_eq!((v["custody"][0]["status"].as_str(), v["custody"][0]["effective_on"].as_str()), (Some("home_leave"), Some("2026-11-01")));
    assert_eq!(v["custody"][1]["status"], "in_custody");
    assert_eq!(v["custody"][1]["recorded_by"], "Local administrator");

    // Enrolments: the weekly group, still on it; the programme, completed with a note.
    assert_eq!(len(&v, "enrolments"), 2);
    let e = &v["enrolments"];
    assert_eq!(
        (e[0]["group"].as_str(), e[0]["group_kind"].as_str(), e[0]["enrolled_on"].as_str()),
        (Some(GROUP), Some("smart_recovery"), Some("2024-11-05"))
    );
    assert!(e[0]["left_on"].is_null() && e[0]["leaving_reason"].is_null());
    assert_eq!(
        (e[1]["group"].as_str(), e[1]["left_on"].as_str(), e[1]["leaving_reason"].as_str()),
        (Some(PROGRAMME), Some("2026-11-10"), Some("completed"))
    );
    assert_eq!(e[1]["leaving_note"], "Finished with a presentation");

    // Attendance: every mark, weekly group and programme (6 Mondays), oldest first.
    assert_eq!(len(&v, "attendance"), w.weekly_marks + 6);
    let marks = v["attendance"].as_array().unwrap();
    assert_eq!(marks[0]["held_on"], "2024-11-05");
    let dates: Vec<&str> = marks.iter().map(|m| m["held_on"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|p| p[0] <= p[1]), "oldest first");
    assert_eq!((marks[4]["mark"].as_str(), marks[4]["absence_reason"].as_str()), (Some("absent"), Some("healthcare")));
    assert_eq!(marks[4]["note"], "Week 4: at the dentist");
    assert_eq!(marks[2]["mark"], "late");
    assert_eq!(marks.iter().filter(|m| m["absence_reason"] == "not_unlocked").count(), (0..w.weekly_marks).filter(|i| i % 9 == 7).count());
    assert!(marks.iter().all(|m| m["recorded_by"] == "Local administrator"));

    // The award, with its prints.
    assert_eq!(len(&v, "awards"), 1);
    let award = &v["awards"][0];
    assert_eq!((award["title"].as_str(), award["number"].as_str()), (Some("Peer mentor training"), Some(w.award.number.as_str())));
    assert_eq!((award["awarded_on"].as_str(), award["name_on_certificate"].as_str()), (Some("2026-11-12"), Some(NAME)));
    assert_eq!(award["verification_code"], w.award.verification_code.as_str());
    assert!(award["revoked_on"].is_null());
    assert_eq!(len(award, "prints"), 2);
    assert_eq!(award["prints"][1]["reprint_reason"], "Lost in the move to C Hall");

    // The plan, consent, referral with its steps, meeting.
    assert_eq!(v["liberation_plan"]["home_area"], "Dundee");
    assert_eq!(len(&v, "consents"), 2, "to the hub, and to Low Moss with her transfer pack");
    assert_eq!(v["consents"][1]["establishments"], serde_json::json!(["HMP Low Moss (LMS)"]));
    assert_eq!((len(&v, "transfers"), v["transfers"][0]["establishment"].as_str()), (1, Some("HMP Low Moss (LMS)")));
    assert_eq!(v["consents"][0]["services"], serde_json::json!(["Tay Recovery Hub"]));
    assert_eq!(v["consents"][0]["scope"], "Name, release date and phone number");
    assert!(v["consents"][0]["withdrawn_on"].is_null());
    assert_eq!(len(&v, "referrals"), 1);
    let referral = &v["referrals"][0];
    assert_eq!((referral["service"].as_str(), referral["details_shared"].as_bool()), (Some("Tay Recovery Hub"), Some(true)));
    assert_eq!((referral["consent_given_on"].as_str(), referral["notes"].as_str()), (Some("2026-11-02"), Some("Prefers mornings")));
    let steps: Vec<(&str, &str)> =
        referral["steps"].as_array().unwrap().iter().map(|s| (s["status"].as_str().unwrap(), s["on"].as_str().unwrap())).collect();
    assert_eq!(steps, [("referred", "2026-11-03"), ("accepted", "2026-11-05"), ("first_contact", "2026-11-10")]);
    assert_eq!(len(&v, "meetings"), 1);
    assert_eq!(
        (v["meetings"][0]["kind"].as_str(), v["meetings"][0]["service"].as_str()),
        (Some("before_liberation"), Some("Tay Recovery Hub"))
    );

    // The audit entries about her: her own record's acts and those of her enrolments and award.
    let actions: Vec<&str> = v["audit"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    for expected in [
        "add_person",
        "enrol",
        "leave",
        "issue_awards",
        "edit_plan",
        "change_custody",
        "record_consent",
        "refer",
        "update_referral",
        "add_meeting",
        "view_person",
    ] {
        assert!(actions.contains(&expected), "{expected} missing from {actions:?}");
    }
    let count = |a: &str| actions.iter().filter(|x| **x == a).count();
    assert_eq!((count("enrol"), count("leave"), count("change_custody"), count("update_referral"), count("view_person")), (2, 1, 2, 2, 1));
    // Registers are acts on a session (her marks are listed with who recorded them).
    assert_eq!(count("take_register"), 0);
    let first = &v["audit"][0];
    assert_eq!(
        (first["action"].as_str(), first["who"].as_str(), first["description"].as_str()),
        (Some("add_person"), Some("Local administrator"), Some("Added a person"))
    );
    assert!(!first["workstation"].as_str().unwrap().is_empty());
    // Each entry that names one of her records says which, in words; the trail itself holds ids.
    let about = |action: &str| -> Vec<&str> {
        v["audit"].as_array().unwrap().iter().filter(|e| e["action"] == action).map(|e| e["about"].as_str().unwrap_or("")).collect()
    };
    assert_eq!(about("enrol"), [GROUP, PROGRAMME]);
    assert_eq!(about("leave"), [PROGRAMME]);
    assert_eq!(about("issue_awards"), [format!("Peer mentor training, {}", w.award.number)]);
    assert_eq!(about("record_consent"), ["given 02/11/2026"]);
    assert_eq!(about("update_referral"), ["Tay Recovery Hub (accepted)", "Tay Recovery Hub (first contact)"]);
    assert_eq!(about("add_meeting"), ["held 12/11/2026"]);
    assert_eq!(about("view_person"), [""]);
}

#[test]
fn nothing_about_the_other_person_in_the_group_appears_in_the_json_or_the_pdf() {
    let mut w = world();
    // A full record of the other person does hold their markers: the check below can fail.
    let theirs = w.f.store.person_record(&w.f.actor, w.other.id).unwrap();
    let (their_text, _) = json_of(&theirs);
    for marker in OTHER_MARKERS.iter().chain([&w.other_award.number.as_str()]) {
        assert!(their_text.contains(marker), "{marker} is not in the other person's own record");
    }

    let dir = tempfile::tempdir().unwrap();
    let (pdf, json) = (dir.path().join("record.pdf"), dir.path().join("record.json"));
    w.f.store.export_person_record(&w.f.actor, w.siobhan.id, Some(&pdf), Some(&json)).unwrap();
    let json_text = std::fs::read_to_string(&json).unwrap();
    let (_, pages) = written(dir.path(), "checked.pdf", &std::fs::read(&pdf).unwrap());
    let pdf_text: String = (1..=pages).map(|n| page_text(&pdf, n)).collect();
    for (what, text) in [("JSON", &json_text), ("PDF", &pdf_text)] {
        for marker in OTHER_MARKERS.iter().chain([&w.other_award.number.as_str(), &w.other.id.to_string().as_str()]) {
            assert!(!text.contains(marker), "{marker} (the other person's) appears in Siobhán's {what}");
        }
        assert!(squashed(text).contains(NAME) || text.contains("\"Siobhán\""), "{what} has her name");
    }
}

#[test]
fn the_pdf_reads_back_with_every_section_its_dates_and_a_header_on_every_page() {
    let mut w = world();
    let dir = tempfile::tempdir().unwrap();
    let (pdf, json) = (dir.path().join("record.pdf"), dir.path().join("record.json"));
    let record = w.f.store.export_person_record(&w.f.actor, w.siobhan.id, Some(&pdf), Some(&json)).unwrap();
    // qpdf --check clean, every font embedded.
    let (_, pages) = written(dir.path(), "record-checked.pdf", &std::fs::read(&pdf).unwrap());
    assert!(pages >= 4, "two years of weekly attendance on {pages} pages");
    let by_page: Vec<String> = (1..=pages).map(|n| page_text(&pdf, n)).collect();
    let text = by_page.join("\n");
    let flat = squashed(&text);

    assert!(flat.contains(&title(NAME)), "title:\n{text}");
    assert!(flat.contains("Prepared on 16/11/2026"), "{text}");
    assert!(flat.contains("subject access request under the UK GDPR"), "explanation:\n{text}");
    for words in [
        "Details",
        "Custody history",
        "Referrals into the recovery service",
        "Recovery capital (BARC-10)",
        "29 of 60",
        "2, 3, 3, 2, 4, 2, 3, 5, 3, 2",
        "Self-referral",
        "Started 05/11/2024 (after 15 days)",
        "Groups",
        "Attendance",
        "Awards and certificates",
        "SVQ units signed off",
        "HK9A 04",
        "SQA candidate number 123456789",
        "Peer role and sessions led",
        "Qualified to deliver SMART Recovery (Training for Trainers, 28/09/2026)",
        "Liberation plan",
        "Consent to share information",
        "Referrals to services",
        "Meetings about liberation",
        "Transfers between establishments",
        AUDIT,
    ] {
        assert!(flat.contains(words), "{words:?} missing");
    }
    assert!(!text.contains(NONE_HELD), "every section has something:\n{text}");
    // Details, dates dd/mm/yyyy.
    for words in
        ["Siobhán", "Ó Súilleabháin", "100001", "02/03/1984", "HMP Perth (PER)", "A Hall", "In custody since 08/11/2026", "21/12/2026"]
    {
        assert!(flat.contains(words), "{words:?} missing");
    }
    // Groups and attendance.
    assert!(text.contains(GROUP) && text.contains(PROGRAMME), "{text}");
    assert!(flat.contains("05/11/2024") && flat.contains("09/11/2026"), "first and last marks");
    // (Cells wrap within their column: "presentation" is on the line under.)
    assert!(flat.contains("Completed: Finished with a"), "{text}");
    assert!(flat.contains("Healthcare") && flat.contains("Week 4: at the dentist") && flat.contains("Not unlocked"), "{text}");
    assert!(!text.contains("2024-11-05"), "no ISO dates for a reader");
    // The award and its prints.
    assert!(text.contains(&w.award.number) && flat.contains("Peer mentor training"), "{text}");
    assert!(flat.contains("Lost in the move to C Hall"), "{text}");
    // The plan, consent, referral with steps, meeting.
    for words in [
        "Dundee",
        "Tay Recovery Hub",
        "Name, release date and phone number",
        "Yes, under consent given 02/11/2026",
        "Accepted on 05/11/2026",
        "First contact on 10/11/2026",
        "Prefers mornings",
        "Met the hub worker",
        "Before liberation",
    ] {
        assert!(flat.contains(words), "{words:?} missing:\n{text}");
    }
    // The audit entries, in words, with who and when.
    for words in [
        "Added a person",
        "Viewed a person's record",
        "Made a referral: Tay Recovery Hub (referred)",
        "Enrolled: SMART Recovery",
        "Local administrator",
    ] {
        assert!(flat.contains(words), "{words:?} missing");
    }
    assert!(by_page.last().unwrap().contains("Local administrator"), "the audit section ends the document");

    // Every page numbered; every page the attendance runs over has the table's header.
    let attendance_rows =
        |t: &str| t.lines().filter(|l| l.contains(GROUP) && (l.contains("Present") || l.contains("Absent") || l.contains("Late"))).count();
    let mut rows_seen = 0;
    for (i, t) in by_page.iter().enumerate() {
        assert!(t.contains(&format!("Page {} of {pages}", i + 1)), "page {}", i + 1);
        let rows = attendance_rows(t);
        if rows > 0 {
            let header = t.lines().any(|l| l.contains("Date") && l.contains("Group") && l.contains("Mark") && l.contains("Recorded by"));
            assert!(header, "page {} has attendance rows but no header:\n{t}", i + 1);
            if i > 0 {
                assert!(t.contains("Everything Recovery Register holds about"), "page {} has no running head", i + 1);
            }
        }
        rows_seen += rows;
    }
    assert_eq!(rows_seen, w.weekly_marks, "each mark of the weekly group once");
    assert!(by_page.iter().filter(|t| attendance_rows(t) > 0).count() >= 3, "the attendance runs over several pages");

    // The JSON beside it is the same record.
    assert_eq!(serde_json::from_slice::<PersonRecord>(&std::fs::read(&json).unwrap()).unwrap(), record);
}

#[test]
fn the_laid_out_pages_keep_inside_the_margins() {
    let w = world();
    let record = w.f.store.person_record(&w.f.actor, w.siobhan.id).unwrap();
    let fonts = Fonts::shared();
    let pages = person_record_pages(&record, fonts);
    for (i, page) in pages.iter().enumerate() {
        assert_eq!((page.width_mm, page.height_mm), (PAGE_WIDTH, PAGE_HEIGHT));
        for b in text_boxes(page, fonts, 0.25, 0.8) {
            let inside =
                b.0 >= MARGIN - 1e-3 && b.2 <= PAGE_WIDTH - MARGIN + 1e-3 && b.1 >= MARGIN - 1e-3 && b.3 <= PAGE_HEIGHT - MARGIN + 1e-3;
            assert!(inside, "page {}: {:?} leaves the margins ({:.1}..{:.1} x {:.1}..{:.1})", i + 1, b.4, b.0, b.2, b.1, b.3);
        }
    }
}

#[test]
fn only_administrators_may_export_a_full_record_and_a_refusal_records_nothing() {
    let mut w = world();
    let dir = tempfile::tempdir().unwrap();
    let (pdf, json) = (dir.path().join("record.pdf"), dir.path().join("record.json"));
    for role in [Role::Caseworker, Role::Viewer] {
        let actor = w.f.actor.with_role(role);
        let before = w.f.snapshot();
        let e = w.f.store.person_record(&actor, w.siobhan.id).unwrap_err();
        assert_eq!((e.code(), e.to_string().as_str()), ("forbidden", "not allowed: your role cannot export a person's full record"));
        let e = w.f.store.export_person_record(&actor, w.siobhan.id, Some(&pdf), Some(&json)).unwrap_err();
        assert_eq!(e.code(), "forbidden", "{role:?}");
        assert_eq!(w.f.snapshot(), before, "{role:?} refused, but something (the audit trail?) changed");
        assert!(!pdf.exists() && !json.exists(), "{role:?}: no files");
    }
    // The check above can fail: an administrator's export does change the trail.
    let before = w.f.snapshot();
    w.f.store.export_person_record(&w.f.actor, w.siobhan.id, None, Some(&json)).unwrap();
    assert_ne!(w.f.snapshot(), before);
}

#[test]
fn an_export_is_audited_once_against_the_person_naming_no_one() {
    let mut w = world();
    let dir = tempfile::tempdir().unwrap();
    let before = audit_rows(&w.f);
    let (pdf, json) = (dir.path().join("record.pdf"), dir.path().join("record.json"));
    w.f.store.export_person_record(&w.f.actor, w.siobhan.id, Some(&pdf), Some(&json)).unwrap();
    let after = audit_rows(&w.f);
    assert_eq!(after.len(), before.len() + 1, "one row for the export");
    let row = after.last().unwrap();
    assert_eq!(
        row,
        &("export_person_record".to_string(), Some("person".into()), Some(w.siobhan.id.to_string()), Some("PDF and JSON".into()))
    );
    let all = format!("{row:?}");
    for name in ["Siobhán", "Súilleabháin", "100001", "Local administrator"] {
        assert!(!all.contains(name), "{name} in the audit row");
    }
    // Reading the record records nothing; the next export lists this one among its entries.
    let record = w.f.store.person_record(&w.f.actor, w.siobhan.id).unwrap();
    assert_eq!(audit_rows(&w.f).len(), after.len());
    let exports: Vec<_> = record.audit.iter().filter(|e| e.action == recovery_register::store::Action::ExportPersonRecord).collect();
    assert_eq!(exports.len(), 1);
    assert_eq!(exports[0].description, "Exported a person's full record");
    assert!(w.f.store.check_audit_trail(&w.f.actor).unwrap().broken_at.is_none());
}

#[test]
fn an_export_needs_somewhere_to_go_and_a_failed_one_leaves_nothing_and_records_nothing() {
    let mut w = world();
    let dir = tempfile::tempdir().unwrap();
    let before = w.f.snapshot();
    let e = w.f.store.export_person_record(&w.f.actor, w.siobhan.id, None, None).unwrap_err();
    assert_eq!(e.to_string(), "output: choose where to write the PDF, the JSON file or both");
    let same = dir.path().join("record");
    assert_eq!(w.f.store.export_person_record(&w.f.actor, w.siobhan.id, Some(&same), Some(&same)).unwrap_err().code(), "invalid");
    // The PDF can be written, the JSON cannot: the PDF is taken back.
    let pdf = dir.path().join("record.pdf");
    let json = dir.path().join("no such folder").join("record.json");
    let e = w.f.store.export_person_record(&w.f.actor, w.siobhan.id, Some(&pdf), Some(&json)).unwrap_err();
    assert_eq!(e.code(), "file");
    assert!(!pdf.exists(), "the PDF is removed when the JSON fails");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no partial files");
    assert_eq!(w.f.snapshot(), before);
    // An unknown person.
    let e = w.f.store.export_person_record(&w.f.actor, ParticipantId::new(), Some(&pdf), None).unwrap_err();
    assert_eq!(e.code(), "not_found");
}

#[test]
fn letters_the_fonts_lack_are_printed_as_question_marks_with_a_notice_and_kept_in_the_json() {
    let mut f = Fixture::new();
    let p = f.prisoner("100009", "小明", "王");
    let dir = tempfile::tempdir().unwrap();
    let (pdf, json) = (dir.path().join("wang.pdf"), dir.path().join("wang.json"));
    f.store.export_person_record(&f.actor, p.id, Some(&pdf), Some(&json)).unwrap();
    let (_, pages) = written(dir.path(), "wang-checked.pdf", &std::fs::read(&pdf).unwrap());
    let text: String = (1..=pages).map(|n| page_text(&pdf, n)).collect();
    assert!(squashed(&text).contains(UNPRINTABLE), "no notice:\n{text}");
    assert!(squashed(&text).contains(&title("?? ?")), "{text}");
    assert!(!text.contains('王'), "{text}");
    let v: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!((v["details"]["given_name"].as_str(), v["details"]["family_name"].as_str()), (Some("小明"), Some("王")));
    // A person with nothing but details: every other section says so.
    assert_eq!(text.matches(NONE_HELD).count(), 13, "{text}");
}

#[test]
fn every_table_that_refers_to_a_person_is_in_the_full_record() {
    // A new table that refers to a person (or to one of their records) must be added to
    // `Store::person_record` and then here: this test fails until it is.
    let f = Fixture::new();
    let conn = f.store.connection();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let refers_to = |table: &str| -> Vec<String> {
        conn.prepare(&format!("SELECT \"table\" FROM pragma_foreign_key_list('{table}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let about_a_person: Vec<&str> = tables.iter().filter(|t| refers_to(t).iter().any(|r| r == "participant")).map(String::as_str).collect();
    assert_eq!(
        about_a_person,
        [
            "attendance",
            "award",
            "consent",
            "enrolment",
            // A peer's own facilitator row: their role, and (below) the sessions they led and what
            // they are qualified to deliver.
            "facilitator",
            "liberation_meeting",
            "liberation_plan",
            "mark_conflict",
            "participant_token",
            "person_origin",
            "recovery_capital",
            "referral",
            "referral_in",
            "sqa_candidate",
            "status_change",
            "transfer_in",
            "transfer_out",
            "unit_sign_off"
        ]
    );
    // Tables about those records (excluding the shared ones they point at: groups, sessions,
    // services, staff).
    let about_their_records: Vec<&str> = tables
        .iter()
        .filter(|t| !about_a_person.contains(&t.as_str()))
        .filter(|t| refers_to(t).iter().any(|r| about_a_person.contains(&r.as_str())))
        .map(String::as_str)
        .collect();
    assert_eq!(
        about_their_records,
        [
            "award_print",
            "award_signature",
            // Refused for a peer in custody: a clearance is for people who come in.
            "clearance",
            "consent_establishment",
            "consent_service",
            // A peer's qualifications, the groups they facilitate and the sessions they led.
            "delivery_qualification",
            "group_facilitator",
            "referral_step",
            "session_facilitator",
            "waiting_list_skip"
        ]
    );
    // The audit trail names records by id, in text, with no foreign key: covered by the tests above.
}

/// A note on a mark is about one person at one session: it belongs to the register and to that
/// person's full record, and to no other file the app writes (the passport, the paper register,
/// the monthly return, the clearances report).
#[test]
fn notes_on_marks_are_in_the_full_record_and_in_no_other_export() {
    use recovery_register::documents::{Document, Format};
    use recovery_register::reports::{csv::Disclosure, Month};
    let mut w = world();
    let a = w.f.actor;
    let dir = tempfile::tempdir().unwrap();
    let weekly = w.f.store.groups(&a, None).unwrap().into_iter().find(|g| g.details.name == GROUP).unwrap();
    // A session whose register holds notes, for its paper register.
    let noted =
        w.f.store
            .sessions(&a, Some(weekly.id), None, d(2026, 9, 1), d(2026, 11, 10))
            .unwrap()
            .into_iter()
            .find(|s| w.f.store.register(&a, s.session.id).unwrap().lines.iter().any(|l| l.mark.as_ref().is_some_and(|m| m.note.is_some())))
            .expect("a session with notes");
    let notes = ["came from work", "at the dentist", "Xylophone lessons"];
    let october = Month::parse("month", "2026-10").unwrap();
    let exports = [
        (Document::Passport { person: w.siobhan.id, name_prison: true }, Format::Pdf, "passport.pdf"),
        (Document::RegisterSheet { session: noted.session.id }, Format::Pdf, "register.pdf"),
        (Document::MonthlyReturn { establishments: vec![], month: october, disclosure: Disclosure::default() }, Format::Pdf, "return.pdf"),
        (Document::MonthlyReturn { establishments: vec![], month: october, disclosure: Disclosure::default() }, Format::Csv, "return.csv"),
        (Document::ClearanceReport { establishment: w.siobhan.establishment_id }, Format::Pdf, "clearances.pdf"),
    ];
    for (document, format, name) in exports {
        let path = dir.path().join(name);
        w.f.store.export(&a, &document, format, &path).unwrap();
        let text = match format {
            Format::Pdf => pdf::text_of(&path),
            Format::Csv | Format::Parquet => String::from_utf8(std::fs::read(&path).unwrap()).unwrap(),
        };
        assert!(!text.trim().is_empty(), "{name} has text to search");
        for note in notes {
            assert!(!text.contains(note), "{name} carries a note on a mark ({note:?})");
        }
    }
    // The full record carries Siobhán's notes (and never the other person's).
    let (pdf_path, json_path) = (dir.path().join("record.pdf"), dir.path().join("record.json"));
    w.f.store.export_person_record(&a, w.siobhan.id, Some(&pdf_path), Some(&json_path)).unwrap();
    let (record_text, record_json) = (squashed(&pdf::text_of(&pdf_path)), std::fs::read_to_string(&json_path).unwrap());
    for text in [&record_text, &record_json] {
        assert!(text.contains("came from work") && text.contains("at the dentist"));
        assert!(!text.contains("Xylophone lessons"));
    }
}

/// Who looked at this record: on a person's page, administrators see the entries about the
/// person and their records, newest first (the last view first, the passport print, the plan),
/// with who and in words, none about anyone else; other roles are refused, and looking records
/// nothing.
#[test]
fn administrators_see_who_looked_at_a_record_newest_first() {
    let mut w = world();
    let dir = tempfile::tempdir().unwrap();
    let passport = dir.path().join("passport.pdf");
    let document = recovery_register::documents::Document::Passport { person: w.siobhan.id, name_prison: false };
    w.f.store.export(&w.f.actor, &document, recovery_register::documents::Format::Pdf, &passport).unwrap();
    w.f.store.view_participant(&w.f.actor, w.siobhan.id).unwrap();
    let before = w.f.snapshot();
    let lines = w.f.store.audit_of_person(&w.f.actor, w.siobhan.id).unwrap();
    assert_eq!(w.f.snapshot(), before, "looking records nothing");
    assert!(lines.iter().all(|l| l.at_london.len() == 19 && l.at_london.as_bytes()[2] == b'/'), "dd/mm/yyyy hh:mm:ss");
    let entries: Vec<_> = lines.into_iter().map(|l| l.entry).collect();
    let record = w.f.store.person_record(&w.f.actor, w.siobhan.id).unwrap();
    let mut oldest_first = entries.clone();
    oldest_first.reverse();
    assert_eq!(oldest_first, record.audit, "the full record's entries, newest first");
    use recovery_register::store::Action;
    let newest: Vec<Action> = entries.iter().take(2).map(|e| e.action).collect();
    assert_eq!(newest, [Action::ViewPerson, Action::PrintPassport]);
    assert_eq!(entries[0].who, "Local administrator");
    assert!(entries.iter().any(|e| e.about.as_deref() == Some("Tay Recovery Hub (first contact)")), "{entries:#?}");
    // Nothing about the other person in the same group.
    let theirs: std::collections::HashSet<Option<String>> =
        w.f.store.audit_of_person(&w.f.actor, w.other.id).unwrap().into_iter().map(|l| l.entry.record_id).collect();
    assert!(entries.iter().all(|e| !theirs.contains(&e.record_id)), "{entries:#?}");
    for role in [Role::Caseworker, Role::Viewer] {
        let e = w.f.store.audit_of_person(&w.f.actor.with_role(role), w.siobhan.id).unwrap_err();
        assert_eq!((e.code(), e.to_string().as_str()), ("forbidden", "not allowed: your role cannot see the audit trail"), "{role:?}");
    }
}
