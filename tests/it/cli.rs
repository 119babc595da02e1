//! The headless CLI end to end, as a script or a person would use it, on a real file.

use crate::support::cli as run;
use crate::support::pdf;
use serde_json::Value;
use std::path::Path;

fn json(db: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = run(db, &all);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn demo_then_take_a_register_and_read_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let demo = json(&db, &["demo", "--scale", "establishment"]);
    assert!(demo["summary"]["participants"].as_u64().unwrap() > 400);

    let groups = json(&db, &["group", "list"]);
    assert!(groups.as_array().unwrap().len() >= 25, "about 25 groups");
    let cafe = groups.as_array().unwrap().iter().find(|g| g["name"] == "Recovery Café").unwrap();
    assert_eq!(cafe["kind"], "recovery_cafe");

    // Today's sessions (Monday 16/11/2026) are planned, with people on their rosters.
    let sessions = json(&db, &["session", "list", "--from", "16/11/2026", "--to", "16/11/2026"]);
    let session = sessions.as_array().unwrap().iter().find(|s| s["status"] == "planned").expect("a session today");
    let id = session["id"].as_str().unwrap();
    let register = json(&db, &["register", "show", "--session", id]);
    let lines = register["lines"].as_array().unwrap();
    assert!(lines.len() >= 5, "a roster to mark");
    let first = lines[0]["participant"]["prison_number"].as_str().unwrap();
    let second = lines[1]["participant"]["prison_number"].as_str().unwrap();

    let saved = json(&db, &["register", "mark", "--session", id, &format!("{first}=absent:healthcare"), &format!("{second}=late")]);
    assert_eq!((saved["saved"].as_u64(), saved["status"].as_str()), (Some(2), Some("held")));
    let saved = json(&db, &["register", "all-present", "--session", id]);
    assert_eq!(saved["unmarked"], 0);

    let register = json(&db, &["register", "show", "--session", id]);
    let marks: Vec<(&str, &str)> = register["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["participant"]["prison_number"].as_str().unwrap(), l["mark"]["mark"].as_str().unwrap()))
        .collect();
    assert!(marks.contains(&(first, "absent")), "the absence survived 'all present'");
    assert!(marks.contains(&(second, "late")));
    assert_eq!(marks.iter().filter(|(_, m)| *m == "present").count(), marks.len() - 2);

    // The person's page shows the group and a rate.
    let page = json(&db, &["participant", "show", first]);
    assert!(page["attendance"].as_array().unwrap().iter().any(|g| g["group_id"] == session["group_id"]));

    // Human output uses dd/mm/yyyy.
    let text = run(&db, &["register", "show", "--session", id]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("16/11/2026"));
}

#[test]
fn bad_input_exits_non_zero_with_a_clear_message_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    json(&db, &["establishment", "add", "--code", "PER", "--name", "HMP Perth"]);
    json(
        &db,
        &[
            "participant",
            "add",
            "--establishment",
            "PER",
            "--prison-number",
            "123456",
            "--given-name",
            "Seán",
            "--family-name",
            "Ó Súilleabháin",
            "--date-of-birth",
            "1984-03-02",
        ],
    );
    let before = json(&db, &["participant", "list"]);
    let audit_before = json(&db, &["audit", "list", "--limit", "1000"]).as_array().unwrap().len();
    for (args, expected) in [
        (
            vec!["participant", "add", "--establishment", "PER", "--prison-number", "123456", "--given-name", "A", "--family-name", "B"],
            "error: prison number: 123456 already belongs to another person at this establishment",
        ),
        (
            vec![
                "participant",
                "add",
                "--establishment",
                "PER",
                "--prison-number",
                "9",
                "--given-name",
                "A",
                "--family-name",
                "B",
                "--date-of-birth",
                "31/02/1990",
            ],
            "error: date of birth: '31/02/1990' is not a real date; write it as dd/mm/yyyy, e.g. 02/03/1984",
        ),
        (
            vec!["participant", "add", "--establishment", "XYZ", "--prison-number", "9", "--given-name", "A", "--family-name", "B"],
            "error: establishment not found: XYZ",
        ),
        (vec!["participant", "liberate", "999999"], "error: person with prison number or id not found: 999999"),
        (
            vec!["group", "add", "--establishment", "PER", "--name", "Course", "--kind", "programme", "--starts-on", "2026-11-02"],
            "error: planned sessions: a structured programme needs its number of sessions",
        ),
    ] {
        let out = run(&db, &args);
        assert!(!out.status.success(), "{args:?} should fail");
        assert_eq!(String::from_utf8_lossy(&out.stderr).trim(), expected);
    }
    // JSON errors carry a stable code.
    let out = run(&db, &["--json", "participant", "liberate", "999999"]);
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "not_found");
    // Nothing changed but the log-ins each command made (a script's every run logs in).
    assert_eq!(json(&db, &["participant", "list"]), before);
    let audit = json(&db, &["audit", "list", "--limit", "1000"]);
    let added = &audit.as_array().unwrap()[..audit.as_array().unwrap().len() - audit_before];
    assert!(added.iter().all(|e| e["action"] == "log_in"), "only log-ins: {added:?}");
    assert_eq!(added.len(), 8, "one per command run since");
}

#[test]
fn group_enrol_puts_everyone_named_on_the_roster_or_no_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    json(&db, &["establishment", "add", "--code", "PER", "--name", "HMP Perth"]);
    for (number, given, family) in [("100001", "Łukasz", "Żółć"), ("100002", "Nguyễn", "Văn An"), ("100003", "Siobhán", "Ó Súilleabháin")]
    {
        json(
            &db,
            &["participant", "add", "--establishment", "PER", "--prison-number", number, "--given-name", given, "--family-name", family],
        );
    }
    json(
        &db,
        &["group", "add", "--establishment", "PER", "--name", "SMART Tuesday", "--kind", "smart_recovery", "--starts-on", "2026-11-02"],
    );
    let roster = |db: &Path| json(db, &["group", "show", "SMART Tuesday"])["roster"].as_array().unwrap().len();
    json(&db, &["group", "enrol", "SMART Tuesday", "100002", "--on", "2026-11-09"]);
    assert_eq!(roster(&db), 1);

    // 100002 is already on the roster: the whole command is refused, and 100001 and 100003,
    // named before and after, are not enrolled either.
    let out = run(&db, &["group", "enrol", "SMART Tuesday", "100001", "100002", "100003", "--on", "2026-11-16"]);
    assert!(!out.status.success(), "enrolling someone already on the roster should fail");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("Nguyễn Văn An"), "the refusal names the person: {said}");
    assert_eq!(roster(&db), 1, "no one enrolled by a refused command");

    let done = json(&db, &["group", "enrol", "SMART Tuesday", "100001", "100003", "--on", "2026-11-16"]);
    assert_eq!(done.as_array().unwrap().len(), 2);
    assert_eq!(roster(&db), 3);
}

#[test]
fn a_cohort_from_the_demo_is_approved_issued_verified_and_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    json(&db, &["demo", "--scale", "establishment"]);
    json(
        &db,
        &[
            "award",
            "type-add",
            "--establishment",
            "PER",
            "--kind",
            "programme_completion",
            "--title",
            "Programme completion",
            "--wording",
            "has completed the 10-week Recovery Group Programme",
            "--organisation",
            "Perth Substance Use Service",
            "--signatory",
            "Alison Grant|Recovery Coordinator",
        ],
    );
    let cohort = "10-week Recovery Group Programme – cohort 9";
    let due = json(&db, &["award", "due", cohort]);
    let completed = due.as_array().unwrap().iter().filter(|l| l["progress"]["status"] == "completed").count();
    assert!(completed >= 5, "a cohort to graduate: {completed}");
    let issued =
        json(&db, &["award", "issue", "--type", "programme completion", "--group", cohort, "--all-completed", "--on", "10/11/2026"]);
    let issued = issued.as_array().unwrap();
    assert_eq!(issued.len(), completed);
    let numbers: Vec<&str> = issued.iter().map(|a| a["number"].as_str().unwrap()).collect();
    // Numbered on from the demo's own certificates of 2026, without a gap.
    let first: u32 = numbers[0].strip_prefix("PER-2026-").unwrap().parse().unwrap();
    assert!(first > 1, "the demo issued this year's earlier completions: {}", numbers[0]);
    assert_eq!(numbers.last().unwrap(), &format!("PER-2026-{:04}", first + completed as u32 - 1));

    let (number, code, name) =
        (numbers[0], issued[0]["verification_code"].as_str().unwrap(), issued[0]["name_on_certificate"].as_str().unwrap());
    let v = json(&db, &["award", "verify", number, code, "--name", name, "--date", "10/11/2026"]);
    assert_eq!(v["outcome"], "genuine");
    let v = json(&db, &["award", "verify", number, code, "--name", "Someone Else"]);
    assert_eq!((v["outcome"].as_str(), v["differs"][0].as_str()), (Some("altered"), Some("name")));
    json(&db, &["award", "revoke", number, "--reason", "Issued in error"]);
    let text = run(&db, &["award", "verify", number, code]);
    assert!(String::from_utf8_lossy(&text.stdout).starts_with(&format!("REVOKED: {number}")));
    // Issuing again to the same people is refused, and nothing changes.
    let out =
        run(&db, &["award", "issue", "--type", "Programme completion", "--group", cohort, issued[1]["participant_id"].as_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("already has this award; reprint it instead"));
}

#[test]
fn a_graduation_prints_as_one_pdf_and_a_reprint_must_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    json(&db, &["demo", "--scale", "establishment"]);
    json(
        &db,
        &[
            "award",
            "type-add",
            "--establishment",
            "PER",
            "--kind",
            "recovery_college",
            "--title",
            "Recovery College graduation",
            "--wording",
            "has graduated from the Recovery College",
            "--organisation",
            "Perth Recovery College",
            "--signatory",
            "Alison Grant|Recovery Coordinator",
            "--signatory",
            "Gillian Hay|Governor",
        ],
    );
    let cohort = "Recovery College – cohort 2";
    let issued = json(&db, &["award", "issue", "--type", "Recovery College graduation", "--group", cohort, "--all-completed"]);
    let names: Vec<String> = issued.as_array().unwrap().iter().map(|a| a["name_on_certificate"].as_str().unwrap().to_string()).collect();
    assert!(names.len() >= 5, "{names:?}");
    let pdf = dir.path().join("graduation.pdf");
    let printed = json(&db, &["award", "print", "--group", cohort, "--pdf", pdf.to_str().unwrap()]);
    assert_eq!(printed["certificates"].as_u64().unwrap() as usize, names.len());
    // Real readers: one page per person with their name, fonts embedded, a sound file.
    let text = pdf::text_of(&pdf);
    for n in &names {
        assert!(text.lines().any(|l| l.trim() == n), "{n} missing from the PDF");
    }
    assert!(!text.contains("HMP Perth"), "the establishment is off by default");
    assert!(pdf::qpdf_passes(&pdf));
    // A reprint without a reason is refused before any file is written.
    let again = dir.path().join("again.pdf");
    let first = issued[0]["number"].as_str().unwrap();
    let out = run(&db, &["award", "print", first, "--pdf", again.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(!again.exists(), "no file for a refused reprint");
    json(&db, &["award", "print", first, "--pdf", again.to_str().unwrap(), "--reprint-reason", "Lost"]);
    assert!(again.exists());
}

#[test]
fn the_monthly_report_and_a_register_sheet_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    json(&db, &["demo", "--scale", "establishment"]);
    let (pdf, csv) = (dir.path().join("october.pdf"), dir.path().join("october.csv"));
    // No --month: last month (today is pinned to 16/11/2026, so October).
    let out = json(&db, &["report", "monthly", "--establishment", "PER", "--pdf", pdf.to_str().unwrap(), "--csv", csv.to_str().unwrap()]);
    assert_eq!(out["report"]["month"], "2026-10");
    let attended = &out["report"]["totals"]["counts"];
    let total: u64 = ["present", "late", "left_early"].iter().map(|k| attended[k].as_u64().unwrap()).sum();
    assert!(total > 50, "a month of a prison's groups: {total}");
    assert!(pdf::qpdf_passes(&pdf));
    let text = pdf::text_of(&pdf);
    assert!(text.contains("October 2026") && text.contains(&total.to_string()), "the PDF shows the month and its attendances");
    let bytes = std::fs::read(&csv).unwrap();
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(&bytes[3..]).records().map(|r| r.unwrap()).collect();
    // A row per group and their total; then a row per event (October's graduation ceremony) and theirs.
    let events = out["report"]["events"].as_array().unwrap().len();
    assert_eq!(events, 1, "the demo's October has its graduation ceremony");
    assert_eq!(rows.len(), out["report"]["groups"].as_array().unwrap().len() + 1 + events + 1);

    // A bad month is refused by name and writes nothing.
    let bad = dir.path().join("bad.csv");
    let refused = run(&db, &["report", "monthly", "--month", "2026-13", "--csv", bad.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--month: '2026-13' is not a month"));
    assert!(!bad.exists());

    let sessions = json(&db, &["session", "list", "--from", "16/11/2026", "--to", "16/11/2026"]);
    let id = sessions[0]["id"].as_str().unwrap();
    let sheet = dir.path().join("sheet.pdf");
    json(&db, &["report", "register-sheet", "--session", id, "--pdf", sheet.to_str().unwrap()]);
    let register = json(&db, &["register", "show", "--session", id]);
    let text = pdf::text_of(&sheet);
    for line in register["lines"].as_array().unwrap() {
        let family = line["participant"]["family_name"].as_str().unwrap();
        assert!(text.contains(family), "{family} is on the paper register");
    }

    // The day's registers in one PDF: one sheet per session not cancelled, each "Page 1 of ...".
    let day = dir.path().join("day.pdf");
    json(&db, &["report", "register-sheets", "--from", "16/11/2026", "--pdf", day.to_str().unwrap()]);
    let held = sessions.as_array().unwrap().iter().filter(|s| s["status"] != "cancelled").count();
    assert!(held > 1, "the demo's Monday has several sessions: {held}");
    assert_eq!(pdf::text_of(&day).matches("Page 1 of").count(), held);
}

#[test]
fn clearances_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    json(&db, &["demo", "--scale", "establishment"]);
    let warnings = json(&db, &["clearance", "expiring", "--establishment", "PER"]);
    assert_eq!(warnings["lapsed"][0]["facilitator_name"], "Des O'B. (CA)");
    assert_eq!(warnings["expiring"][0]["facilitator_name"], "Anne M. (AA)");
    let lapsed = warnings["lapsed"][0]["clearance"]["id"].as_str().unwrap().to_string();
    let renewed = json(
        &db,
        &["clearance", "renew", &lapsed, "--kind", "standard_plus_completed", "--granted", "16/11/2026", "--reference", "SP/2026/99"],
    );
    assert_eq!(renewed[0]["clearance"]["expires_on"], "2027-11-15");
    assert_eq!(renewed[0]["clearance"]["renews"], lapsed.as_str());
    let warnings = json(&db, &["clearance", "expiring"]);
    assert!(warnings["lapsed"].as_array().unwrap().is_empty(), "renewed: {warnings}");
    let pdf = dir.path().join("clearances.pdf");
    let csv = dir.path().join("clearances.csv");
    json(&db, &["clearance", "report", "--establishment", "PER", "--pdf", pdf.to_str().unwrap(), "--csv", csv.to_str().unwrap()]);
    assert!(pdf::qpdf_passes(&pdf));
    let text = pdf::text_of(&pdf);
    assert!(text.contains("Volunteer and facilitator clearances") && text.contains("Anne M. (AA)"), "{text}");
    let csv = std::fs::read_to_string(&csv).unwrap();
    assert!(csv.trim_start_matches('\u{feff}').starts_with("Facilitator,Establishment,Clearance,"), "{csv}");
    let out = run(
        &db,
        &["clearance", "add", "--facilitator", "Nobody Known", "--establishment", "PER", "--kind", "photo_card", "--granted", "01/11/2026"],
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr).trim(), "error: facilitator not found: Nobody Known");
}

#[test]
fn liberation_planning_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    json(&db, &["demo", "--scale", "establishment"]);
    // The demo has people due out with different gaps, and a directory of services.
    let due = json(&db, &["liberation", "due", "--establishment", "PER"]);
    let due = due.as_array().unwrap();
    assert!(due.len() >= 5, "{due:?}");
    let gaps: std::collections::BTreeSet<usize> = due.iter().map(|l| l["countdown"]["tasks"].as_array().unwrap().len()).collect();
    assert!(gaps.len() >= 3, "different gaps: {gaps:?}");
    // Someone with nothing in place yet: give them a home area, consent, a referral.
    let bare = due.iter().find(|l| l["countdown"]["tasks"].as_array().unwrap().len() == 4).expect("someone with nothing in place");
    let number = bare["participant"]["prison_number"].as_str().unwrap().to_string();
    let services = json(&db, &["service", "list", "--area", "Dundee"]);
    let hub = services.as_array().unwrap().iter().find(|s| s["kind"] == "recovery_hub").unwrap()["name"].as_str().unwrap().to_string();
    json(&db, &["liberation", "plan", &number, "--home-area", "Dundee"]);
    let out = run(&db, &["referral", "add", &number, "--service", &hub, "--share"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("record their consent first"), "{}", String::from_utf8_lossy(&out.stderr));
    json(&db, &["liberation", "consent", &number, "--scope", "Name and release date", "--service", &hub]);
    let made = json(&db, &["referral", "add", &number, "--service", &hub, "--share"]);
    let id = made[0]["referral"]["id"].as_str().unwrap().to_string();
    let moved = json(&db, &["referral", "update", &id, "--status", "accepted"]);
    assert_eq!(moved[0]["referral"]["steps"][1]["status"], "accepted");
    let plan = json(&db, &["liberation", "plan", &number]);
    let left: Vec<&str> = plan["countdown"]["tasks"].as_array().unwrap().iter().map(|t| t["task"].as_str().unwrap()).collect();
    assert_eq!(left, ["meeting"]);
    // The passport, without the prison.
    let pdf = dir.path().join("passport.pdf");
    json(&db, &["passport", &number, "--pdf", pdf.to_str().unwrap()]);
    let text = pdf::text_of(&pdf);
    assert!(text.contains(&hub) && !text.contains("HMP Perth"), "{text}");
    // A services file with a problem imports nothing and says where.
    let csv = dir.path().join("services.csv");
    std::fs::write(&csv, "name;kind;area\nNew Café;café;Perth\n").unwrap();
    let out = run(&db, &["service", "import", csv.to_str().unwrap()]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("row 2, 'kind' (B): 'café' is not one of: Recovery hub, "), "{said}");
    let follow = json(&db, &["liberation", "follow-up"]);
    assert!(!follow.as_array().unwrap().is_empty());
}

#[test]
fn importing_spreadsheets_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let sheets = dir.path().join("sheets");
    let made = run(&db, &["sample-sheets", sheets.to_str().unwrap(), "--people", "60", "--years", "1"]);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let est = run(&db, &["establishment", "add", "--code", "PER", "--name", "HMP Perth"]);
    assert!(est.status.success(), "{}", String::from_utf8_lossy(&est.stderr));
    let file = |name: &str| sheets.join(name).to_str().unwrap().to_string();

    // A dry run previews and saves nothing.
    let dry = json(&db, &["import", "people", &file("people.csv"), "--establishment", "PER", "--dry-run"]);
    assert_eq!((dry["added"].as_u64(), dry["saved"].as_bool()), (Some(60), Some(false)));
    let none = json(&db, &["participant", "list"]);
    assert_eq!(none.as_array().unwrap().len(), 0);

    for kind in ["people", "groups", "rosters", "registers"] {
        let done = json(&db, &["import", kind, &file(&format!("{kind}.csv")), "--establishment", "PER"]);
        assert_eq!(done["saved"], true, "{kind}: {done}");
        assert!(done["problems"].as_array().unwrap().is_empty());
    }
    assert_eq!(json(&db, &["participant", "list"]).as_array().unwrap().len(), 60);

    // Headers the import does not know are named with --map; the text output lists problems by
    // row and column and the exit status says nothing was imported.
    let odd = dir.path().join("odd.csv");
    std::fs::write(&odd, "Ref;Name 1;Name 2\r\n777001;Ann;Able\r\n777002;Ben;B3ll\r\n").unwrap();
    let refused = run(
        &db,
        &[
            "import",
            "people",
            odd.to_str().unwrap(),
            "--establishment",
            "PER",
            "--map",
            "Ref=prison_number",
            "--map",
            "Name 1=given_name",
            "--map",
            "C=family_name",
        ],
    );
    assert!(!refused.status.success());
    let text = String::from_utf8_lossy(&refused.stdout);
    assert!(text.contains("row 3, 'Name 2' (C): 'B3ll' contains '3'"), "{text}");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("1 problem(s)"), "{}", String::from_utf8_lossy(&refused.stderr));
    let missing = run(&db, &["import", "people", odd.to_str().unwrap(), "--establishment", "PER"]);
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("no column holds: Given name, Family name"),
        "{}",
        String::from_utf8_lossy(&missing.stderr)
    );
    let fields = run(&db, &["import", "registers", "--establishment", "PER", "--fields"]);
    assert!(String::from_utf8_lossy(&fields.stdout).contains("absence_reason"), "{}", String::from_utf8_lossy(&fields.stdout));
    assert_eq!(json(&db, &["participant", "list"]).as_array().unwrap().len(), 60);
}

#[test]
fn a_persons_full_record_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    json(&db, &["establishment", "add", "--code", "PER", "--name", "HMP Perth"]);
    json(
        &db,
        &[
            "participant",
            "add",
            "--establishment",
            "PER",
            "--prison-number",
            "123456",
            "--given-name",
            "Seán",
            "--family-name",
            "Ó Súilleabháin",
            "--date-of-birth",
            "02/03/1984",
        ],
    );
    json(
        &db,
        &[
            "participant",
            "add",
            "--establishment",
            "PER",
            "--prison-number",
            "654321",
            "--given-name",
            "Zebedee",
            "--family-name",
            "Quuxworth",
        ],
    );
    json(&db, &["liberation", "plan", "123456", "--home-area", "Dundee", "--expected", "21/12/2026"]);
    json(&db, &["participant", "show", "123456"]);
    let pdf = dir.path().join("record.pdf");
    let file = dir.path().join("record.json");
    let (pdf_s, file_s) = (pdf.to_str().unwrap(), file.to_str().unwrap());

    // Nowhere to write it: refused with what to add, nothing written.
    let out = run(&db, &["export-person", "123456"]);
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "error: --pdf or --json-file: say where the person's record goes (one or both)"
    );
    let out = run(&db, &["export-person", "999999", "--pdf", pdf_s]);
    assert_eq!(String::from_utf8_lossy(&out.stderr).trim(), "error: person with prison number or id not found: 999999");
    assert!(!pdf.exists());

    let done = json(&db, &["export-person", "123456", "--pdf", pdf_s, "--json-file", file_s]);
    assert_eq!(done["files"], serde_json::json!([pdf_s, file_s]));
    assert_eq!((done["prepared_on"].as_str(), done["held"]["liberation_plans"].as_u64()), (Some("2026-11-16"), Some(1)));
    assert!(done["held"]["audit_entries"].as_u64().unwrap() >= 3, "added, plan, viewed: {done}");

    let record: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(record["format_version"], 1);
    assert_eq!(record["details"]["id"], done["person"]);
    assert_eq!((record["details"]["given_name"].as_str(), record["details"]["date_of_birth"].as_str()), (Some("Seán"), Some("1984-03-02")));
    assert_eq!(record["liberation_plan"]["home_area"], "Dundee");
    assert!(pdf::qpdf_passes(&pdf));
    let text = pdf::text_of(&pdf);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Everything Recovery Register holds about Seán Ó Súilleabháin") && text.contains("02/03/1984"), "{text}");
    for other in ["Zebedee", "Quuxworth", "654321"] {
        assert!(!text.contains(other) && !std::fs::read_to_string(&file).unwrap().contains(other), "{other} in Seán's record");
    }

    // Text output, JSON only this time.
    let again = dir.path().join("again.json");
    let out = run(&db, &["export-person", "123456", "--json-file", again.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.starts_with("Everything held about Seán Ó Súilleabháin, prepared on 16/11/2026:"), "{said}");
    assert!(said.contains("1 liberation plan") && said.contains(&format!("Written: {}", again.display())), "{said}");
    assert!(again.exists());

    // Each export recorded once, against the person, with no name.
    let exports = json(&db, &["audit", "list", "--action", "export_person_record"]);
    let exports = exports.as_array().unwrap();
    assert_eq!(exports.len(), 2);
    assert!(exports.iter().all(|e| e["record_id"] == done["person"] && e["record_kind"] == "person"), "{exports:?}");
    assert_eq!((exports[0]["detail"].as_str(), exports[1]["detail"].as_str()), (Some("JSON"), Some("PDF and JSON")));
}

#[test]
fn retention_lists_who_is_past_it_and_erases_only_with_yes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    json(&db, &["establishment", "add", "--code", "PER", "--name", "HMP Perth"]);
    for (number, given, family) in
        [("123456", "Zephyrine", "Quillanbrook"), ("654321", "Seán", "Ó Súilleabháin"), ("777777", "Thaddeus", "Thistlewood")]
    {
        json(
            &db,
            &["participant", "add", "--establishment", "PER", "--prison-number", number, "--given-name", given, "--family-name", family],
        );
    }
    json(&db, &["participant", "liberate", "123456", "--on", "01/01/2019"]);
    json(&db, &["participant", "transfer", "777777", "--on", "17/11/2020"]); // a day short of six years on 16/11/2026

    let text = run(&db, &["retention", "list"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Records are kept 6 years after liberation or transfer (the default)."), "{text}");
    assert!(text.contains("01/01/2019") && text.contains("Zephyrine Quillanbrook") && !text.contains("Thistlewood"), "{text}");
    let list = json(&db, &["retention", "list"]);
    assert_eq!((list["period"]["years"].as_u64(), list["period"]["is_default"].as_bool()), (Some(6), Some(true)));
    let people = list["people"].as_array().unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(
        (people[0]["prison_number"].as_str(), people[0]["how"].as_str(), people[0]["left_on"].as_str()),
        (Some("123456"), Some("liberated"), Some("2019-01-01"))
    );

    // Refusals: a bad period, someone not past it, no one named.
    let out = run(&db, &["retention", "set-years", "0"]);
    assert!(!out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr).trim(), "error: retention period: must be a whole number of years from 1 to 100");
    let out = run(&db, &["retention", "apply", "--person", "123456", "--person", "777777", "--yes"]);
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "error: person: Thaddeus Thistlewood (777777) left on 17/11/2020: their records are kept for 6 years, until 16/11/2026; nothing was erased"
    );
    assert!(!run(&db, &["retention", "apply", "--yes"]).status.success(), "say who, or --all");

    // Without --yes: what would be erased, and nothing is.
    let dry = run(&db, &["retention", "apply", "--all"]);
    assert!(dry.status.success());
    let dry = String::from_utf8_lossy(&dry.stdout);
    assert!(dry.contains("Would erase the records of 1 person") && dry.contains("Nothing was erased. Add --yes"), "{dry}");
    let dry = json(&db, &["retention", "apply", "--person", "123456"]);
    assert_eq!((dry["dry_run"].as_bool(), dry["done"].is_null()), (Some(true), true));
    assert_eq!(json(&db, &["participant", "find", "zephyrine"]).as_array().unwrap().len(), 1);

    let done = json(&db, &["retention", "apply", "--person", "123456", "--yes"]);
    assert_eq!(
        (done["dry_run"].as_bool(), done["done"]["erased"].as_u64(), done["done"]["file_wiped"].as_bool()),
        (Some(false), Some(1), Some(true))
    );
    assert!(json(&db, &["participant", "find", "zephyrine"]).as_array().unwrap().is_empty());
    assert!(json(&db, &["retention", "list"])["people"].as_array().unwrap().is_empty());
    let listed: Vec<String> =
        json(&db, &["participant", "list"]).as_array().unwrap().iter().map(|p| p["family_name"].as_str().unwrap().to_string()).collect();
    assert_eq!(listed, ["Ó Súilleabháin", "Thistlewood"]);
    let erasures = json(&db, &["audit", "list", "--action", "erase_records"]);
    assert_eq!(erasures.as_array().unwrap().len(), 2, "one row for the person, one with the count");

    let set = json(&db, &["retention", "set-years", "7"]);
    assert_eq!((set["years"].as_u64(), set["is_default"].as_bool()), (Some(7), Some(false)));
    let text = run(&db, &["retention", "list"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("Records are kept 7 years after liberation or transfer."));
}

/// The accounts commands through the real binary: a new database key (the password still
/// opens it; the old key no longer does), a disabled account, and the audit check against an
/// anchor typed from a printed return.
#[test]
fn a_new_database_key_and_the_audit_check_against_a_printed_anchor() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    let listed = json(&db, &["user", "list"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let old_key = recovery_register::keys::KeyFile::load(&db)
        .unwrap()
        .unlock("administrator", crate::support::CLI_PASSWORD, chrono::Utc::now())
        .unwrap();
    let out = run(&db, &["user", "new-key"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "Database key changed: 1 account kept, 0 key slots left out.");
    assert!(recovery_register::Store::open_encrypted(&db, &old_key).is_err(), "the old key opens it no more");
    assert_eq!(json(&db, &["user", "list"]).as_array().unwrap().len(), 1, "the password still opens it");

    // The head as a return prints it, typed back: whole. A made-up one: broken, and the exit
    // code says so.
    let (store, _) = recovery_register::access::unlock(&db, "administrator", crate::support::CLI_PASSWORD, chrono::Utc::now()).unwrap();
    let (seq, hash): (i64, String) =
        store.connection().query_row("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    drop(store);
    let printed = recovery_register::store::AuditAnchor { seq, hash }.printed();
    let out = run(&db, &["audit", "check", "--anchor", &printed]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("is whole") && said.contains("matches the anchor typed in"), "{said}");
    let out = run(&db, &["audit", "check", "--anchor", &format!("{seq}:0123456789abcdef")]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("broken at entry {seq}")), "{}", String::from_utf8_lossy(&out.stdout));
    let out = run(&db, &["audit", "check", "--anchor", "yesterday"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("anchor: should be an entry number"), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Run from a script (no terminal to ask at) without the password, the command line says what
/// to set instead of waiting for a keyboard that is not there, on Windows as on Linux.
#[test]
fn without_a_terminal_the_password_is_asked_for_by_name_not_waited_for() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    json(&db, &["demo", "--scale", "establishment"]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_recovery-register"))
        .arg("--db")
        .arg(&db)
        .args(["person", "list"])
        .env("RECOVERY_REGISTER_USER", "administrator")
        .env_remove("RECOVERY_REGISTER_PASSWORD")
        .env("RECOVERY_REGISTER_KEY_COST", "minimum")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("Password: not given; set RECOVERY_REGISTER_PASSWORD when running from a script"), "{said}");
}

#[test]
fn an_event_and_a_days_unlock_lists_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    json(&db, &["demo", "--scale", "establishment"]);
    let event = json(
        &db,
        &["event", "add", "--kind", "recovery_walk", "--title", "Recovery walk", "--on", "14/11/2026", "--place", "Sports field"],
    );
    let session = event["session_id"].as_str().unwrap();
    let people = json(&db, &["participant", "list"]);
    let number = people.as_array().unwrap().iter().find_map(|p| p["prison_number"].as_str()).unwrap();
    let saved = json(&db, &["register", "drop-in", "--session", session, "--person", number, "--mark", "late"]);
    assert_eq!(saved["status"], "held");
    json(&db, &["register", "headcount", "--session", session, "--others", "6", "--visitors", "2", "--visitors-from", "AA"]);
    let refused = run(&db, &["group", "enrol", event["group_id"].as_str().unwrap(), number]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("is a one-off event: it has no roster"), "{refused:?}");

    let listed = json(&db, &["event", "list", "--from", "01/11/2026", "--to", "30/11/2026"]);
    assert_eq!(listed.as_array().unwrap().iter().filter(|e| e["title"] == "Recovery walk").count(), 1);
    let november = json(&db, &["report", "monthly", "--month", "2026-11"]);
    let walk = november["report"]["events"].as_array().unwrap().iter().find(|e| e["title"] == "Recovery walk").unwrap().clone();
    assert_eq!((walk["named"].as_u64(), walk["unnamed"].as_u64(), walk["visitors"].as_u64()), (Some(1), Some(6), Some(2)));

    let unlock = dir.path().join("unlock.pdf");
    json(&db, &["report", "unlock-lists", "--on", "16/11/2026", "--pdf", unlock.to_str().unwrap()]);
    assert!(pdf::qpdf_passes(&unlock));
    let text = pdf::text_of(&unlock);
    assert!(text.contains("Unlock list") && text.contains("16/11/2026"), "{text}");
}
