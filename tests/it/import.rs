//! Imports from spreadsheets, on a real database file: the csv-spectrum cases, a corpus of
//! awkward files in tests/data/import (each with its expected outcome below), a small
//! establishment imported kind by kind, 400 people with two years of registers, and imports that
//! fail half-way (a trigger, a full disk) leaving the database as it was.

use crate::support::*;
use recovery_register::exchange::{read_sheet, ImportKind, ImportPreview};
use recovery_register::model::*;
use recovery_register::Role;
use std::path::Path;

fn data(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import").join(name)).unwrap()
}

#[test]
fn csv_spectrum_cases_read_as_their_json() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/csv-spectrum");
    let mut cases = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "csv") {
            continue;
        }
        let sheet = read_sheet(&std::fs::read(&path).unwrap()).unwrap();
        let want: Vec<serde_json::Map<String, serde_json::Value>> =
            serde_json::from_slice(&std::fs::read(path.with_extension("json")).unwrap()).unwrap();
        let got: Vec<serde_json::Map<String, serde_json::Value>> = sheet
            .rows
            .iter()
            .map(|r| sheet.headers.iter().cloned().zip(r.cells.iter().map(|c| serde_json::Value::String(c.clone()))).collect())
            .collect();
        assert_eq!(got, want, "{}", path.display());
        cases += 1;
    }
    assert_eq!(cases, 11, "every csv-spectrum case was read");
}

/// What a file must come to.
enum Want<'a> {
    /// Saved, with these counts: added, updated, unchanged.
    Saved(u32, u32, u32),
    /// Nothing saved; exactly these problems (row, words in the column, words in the problem).
    Problems(&'a [(u32, &'a str, &'a str)]),
    /// Refused as a whole, with these words.
    Refused(&'a str),
    /// Nothing saved: these required fields have no column.
    Missing(&'a [&'a str]),
}

fn check(fx: &mut Fixture, kind: ImportKind, file: &str, want: Want<'_>) -> Option<ImportPreview> {
    check_bytes(fx, kind, file, &data(file), want)
}

fn check_bytes(fx: &mut Fixture, kind: ImportKind, label: &str, bytes: &[u8], want: Want<'_>) -> Option<ImportPreview> {
    let before = fx.snapshot();
    let dry = fx.store.import_sheet(&fx.actor, fx.establishment.id, kind, bytes, None, false);
    assert_eq!(fx.snapshot(), before, "{label}: a preview writes nothing");
    let done = fx.store.import_sheet(&fx.actor, fx.establishment.id, kind, bytes, None, true);
    match want {
        Want::Saved(added, updated, unchanged) => {
            let dry = dry.unwrap();
            let done = done.unwrap();
            assert_eq!(dry.problems, [], "{label}");
            assert_eq!((done.added, done.updated, done.unchanged), (added, updated, unchanged), "{label}: {:?}", done.changes);
            assert_eq!((dry.added, dry.updated, dry.unchanged), (added, updated, unchanged), "{label}: the preview said the same");
            assert!(done.saved && !dry.saved, "{label}");
            Some(done)
        }
        Want::Problems(expected) => {
            let done = done.unwrap();
            assert!(!done.saved, "{label}");
            assert_eq!(fx.snapshot(), before, "{label}: nothing saved");
            let got: Vec<String> = done.problems.iter().map(|p| format!("row {} {}: {}", p.row, p.column, p.problem)).collect();
            assert_eq!(done.problems.len(), expected.len(), "{label}: {got:#?}");
            for (row, column, words) in expected {
                assert!(
                    done.problems.iter().any(|p| p.row == *row && p.column.contains(column) && p.problem.contains(words)),
                    "{label}: expected row {row} {column}: {words} among {got:#?}"
                );
            }
            Some(done)
        }
        Want::Refused(words) => {
            let e = done.unwrap_err().to_string();
            assert!(e.contains(words), "{label}: {e}");
            assert_eq!(fx.snapshot(), before, "{label}");
            None
        }
        Want::Missing(fields) => {
            let done = done.unwrap();
            assert_eq!(done.missing, fields, "{label}");
            assert!(!done.saved && !done.can_import());
            assert_eq!(fx.snapshot(), before, "{label}");
            Some(done)
        }
    }
}

fn person(fx: &Fixture, number: &str) -> Participant {
    fx.store.participant_by_key(&fx.actor, number, Some(fx.establishment.id)).unwrap()
}

#[test]
fn the_corpus_of_awkward_people_files() {
    let mut fx = Fixture::new();
    let people = ImportKind::People;
    check(&mut fx, people, "empty.csv", Want::Refused("file: is empty"));
    check(&mut fx, people, "people-latin1.csv", Want::Refused("not UTF-8 text (line 3)"));
    check(&mut fx, people, "people-no-family-name.csv", Want::Missing(&["Given name", "Family name"]));
    let header_only = check(&mut fx, people, "people-header-only.csv", Want::Missing(&[])).unwrap();
    assert_eq!(header_only.rows, 0);
    assert!(header_only.notes[0].contains("no rows"), "{:?}", header_only.notes);
    check(
        &mut fx,
        people,
        "people-formula.csv",
        Want::Problems(&[
            (2, "'Given name' (B)", "is a spreadsheet formula"),
            (3, "'Hall' (D)", "spreadsheet formula"),
            (5, "'Family name' (C)", "spreadsheet error (#DIV/0!)"),
        ]),
    );
    check(
        &mut fx,
        people,
        "people-impossible-dates.csv",
        Want::Problems(&[
            (2, "Date of birth", "February 1990 has 28 days"),
            (3, "Date of birth", "month/day/year"),
            (4, "Date of birth", "two-digit year"),
            (5, "Date of birth", "01/01/2030 is in the future"),
            (6, "Expected liberation", "February 2027 has 28 days"),
            (7, "Date of birth", "year 1850"),
        ]),
    );
    check(&mut fx, people, "people-duplicates.csv", Want::Problems(&[(4, "Prison number", "A1234BC is also on row 2")]));
    check(&mut fx, people, "people-unquoted-comma.csv", Want::Problems(&[(3, "D", "past the last named column (C)")]));

    let done = check(&mut fx, people, "people-excel-bom-semicolon.csv", Want::Saved(5, 0, 0)).unwrap();
    assert_eq!(
        done.columns.iter().map(|c| c.field.as_deref()).collect::<Vec<_>>(),
        [
            Some("prison_number"),
            Some("given_name"),
            Some("family_name"),
            Some("date_of_birth"),
            Some("location"),
            Some("expected_liberation")
        ]
    );
    let siobhan = person(&fx, "100234");
    assert_eq!((siobhan.given_name.as_str(), siobhan.family_name.as_str()), ("Siobhán", "Ó Súilleabháin"));
    assert_eq!(siobhan.date_of_birth, Some(d(1984, 3, 2)));
    assert_eq!(siobhan.expected_liberation, Some(d(2027, 2, 14)));
    assert_eq!(siobhan.status, Some(CustodyStatus::InCustody));
    assert_eq!(person(&fx, "101001").family_name, "Παπαδόπουλος");
    assert_eq!(person(&fx, "101001").date_of_birth, Some(d(1979, 6, 5)));
    assert_eq!(person(&fx, "101003").date_of_birth, Some(d(1988, 2, 29)));
    // Found by the search as if typed in the app.
    let found = fx.store.find_participants(&fx.actor, "suill", Some(fx.establishment.id), 10).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");

    // The same file again changes nothing; a changed row is shown and applied.
    check(&mut fx, people, "people-excel-bom-semicolon.csv", Want::Saved(0, 0, 5));
    let changed = String::from_utf8(data("people-excel-bom-semicolon.csv"))
        .unwrap()
        .replace("100987;Łukasz;Żółć;1990-11-17;B Hall;", "100987;Łukasz;Żółć;1990-11-17;C Hall;01/03/2027");
    let done = check_bytes(&mut fx, people, "changed", changed.as_bytes(), Want::Saved(0, 1, 4)).unwrap();
    assert_eq!(done.changes[0].row, 3);
    assert_eq!(done.changes[0].record, "100987");
    assert_eq!(done.changes[0].changes, ["Hall or wing: B Hall → C Hall", "Expected liberation: (blank) → 01/03/2027"]);
    assert_eq!(person(&fx, "100987").location.as_deref(), Some("C Hall"));

    check(&mut fx, people, "people-tab.tsv", Want::Saved(2, 0, 0));
    assert_eq!(person(&fx, "A9876ZY").family_name, "Al-Rashid");
    let done = check(&mut fx, people, "people-quoted-newlines.csv", Want::Saved(2, 0, 0)).unwrap();
    assert_eq!(done.rows, 2);
    assert_eq!(person(&fx, "200001").location.as_deref(), Some("A Hall Landing 2"));
    assert_eq!(person(&fx, "200002").location.as_deref(), Some("B Hall \"annexe\""));
    assert_eq!(person(&fx, "200001").family_name, "O'Brien");
    // A workbook: real date cells, a prison number typed as a number, a blank row.
    // It matches people held by number and shows what it would change (a blank cell in a mapped
    // column clears the value).
    let done = check(&mut fx, people, "people.xlsx", Want::Saved(0, 2, 1)).unwrap();
    assert_eq!(done.rows, 3);
    assert_eq!(done.changes[0].record, "A1234BC");
    assert_eq!(done.changes[0].changes[0], "Given name: James → Łukasz");
    assert_eq!(done.changes[1].changes, ["Expected liberation: 01/12/2026 → (blank)"]);
    let book = fx.store.import_sheet(&fx.actor, fx.establishment.id, people, &data("people.xlsx"), None, false).unwrap();
    assert_eq!(book.columns[3].samples, ["1984-03-02", "1990-11-17", "05/06/1979"]);
}

#[test]
fn a_small_establishment_kind_by_kind() {
    let mut fx = Fixture::new();
    check(&mut fx, ImportKind::People, "people-excel-bom-semicolon.csv", Want::Saved(5, 0, 0));
    // Groups before people would be fine too; rosters and registers need both.
    let early = check(
        &mut fx,
        ImportKind::Rosters,
        "rosters.csv",
        Want::Problems(&[
            (2, "Group", "no group called 'Tuesday SMART'"),
            (3, "Group", "no group called 'Tuesday SMART'"),
            (4, "Group", "no group called 'Routes to Recovery'"),
            (5, "Group", "no group called 'Routes to Recovery'"),
        ]),
    );
    assert!(early.is_some());
    check(&mut fx, ImportKind::Groups, "groups.csv", Want::Saved(3, 0, 0));
    let smart = fx.store.group_by_key(&fx.actor, "Tuesday SMART", Some(fx.establishment.id)).unwrap();
    assert_eq!(smart.details.kind, GroupKind::SmartRecovery);
    assert_eq!(smart.details.schedule.map(|s| s.weekday), Some(chrono::Weekday::Tue));
    let routes = fx.store.group_by_key(&fx.actor, "Routes to Recovery", Some(fx.establishment.id)).unwrap();
    assert_eq!(routes.details.planned_sessions, Some(12));
    assert_eq!(routes.details.completion.map(|c| c.min_attended), Some(9));
    check(&mut fx, ImportKind::Rosters, "rosters.csv", Want::Saved(4, 0, 0));
    let registers = check(&mut fx, ImportKind::Registers, "registers.csv", Want::Saved(6, 0, 0)).unwrap();
    assert!(registers.notes.iter().any(|n| n.contains("3 sessions not in the app yet will be added")), "{:?}", registers.notes);
    assert!(registers.notes.iter().any(|n| n.contains("1 absence without a reason")), "{:?}", registers.notes);
    let session = fx.store.session_on(&fx.actor, smart.id, d(2026, 1, 13)).unwrap();
    assert_eq!(session.status, SessionStatus::Held);
    let register = fx.store.register(&fx.actor, session.id).unwrap();
    let marks: Vec<(String, Option<MarkKind>, Option<AbsenceReason>)> = register
        .lines
        .iter()
        .map(|l| (l.participant.family_name.clone(), l.mark.as_ref().map(|m| m.mark), l.mark.as_ref().and_then(|m| m.absence_reason)))
        .collect();
    assert_eq!(
        marks,
        [
            ("Ó Súilleabháin".to_string(), Some(MarkKind::Late), None),
            ("Żółć".to_string(), Some(MarkKind::Absent), Some(AbsenceReason::Other)),
        ]
    );
    let first = fx.store.session_on(&fx.actor, routes.id, d(2026, 1, 5)).unwrap();
    let note = fx.store.register(&fx.actor, first.id).unwrap().lines.iter().find_map(|l| l.mark.as_ref().and_then(|m| m.note.clone()));
    assert_eq!(note.as_deref(), Some("Spoke first, very engaged"));

    // Everything again: nothing changes.
    check(&mut fx, ImportKind::Groups, "groups.csv", Want::Saved(0, 0, 3));
    check(&mut fx, ImportKind::Rosters, "rosters.csv", Want::Saved(0, 0, 4));
    check(&mut fx, ImportKind::Registers, "registers.csv", Want::Saved(0, 0, 6));
    // A corrected mark is an update, shown before it is made.
    let corrected =
        String::from_utf8(data("registers.csv")).unwrap().replace("13/01/2026,100987,Absent,,", "13/01/2026,100987,Absent,Court,");
    let done = check_bytes(&mut fx, ImportKind::Registers, "corrected", corrected.as_bytes(), Want::Saved(0, 1, 5)).unwrap();
    assert_eq!(done.changes[0].changes, ["Attendance: Absent (Other) → Absent (Court)"]);

    check(
        &mut fx,
        ImportKind::Registers,
        "registers-problems.csv",
        Want::Problems(&[
            (2, "Prison number", "no one with the prison number 999999"),
            (3, "Group", "no group called 'Wednesday Yoga'"),
            (4, "Prison number", "Łukasz Żółć is not on Tuesday SMART's roster on 10/03/2026"),
            (5, "Date", "01/12/2026 has not happened yet"),
            (6, "Reason", "only given for an absence, not for 'Present'"),
            (8, "Prison number", "also marked for this session on row 7"),
            (9, "Attendance", "'Maybe' is not one of: Present, Late, Left early, Absent"),
            (10, "Date", "30/12/2025 is before the group started (06/01/2026)"),
            (10, "Prison number", "not on Tuesday SMART's roster on 30/12/2025"),
        ]),
    );
}

#[test]
fn the_mapping_is_chosen_checked_and_remembered() {
    let mut fx = Fixture::new();
    let file = "Ref,Name 1,Name 2,Landing\n900001,Ann,Able,A Hall\n";
    let guessed = fx.store.import_sheet(&fx.actor, fx.establishment.id, ImportKind::People, file.as_bytes(), None, false).unwrap();
    assert_eq!(guessed.missing, ["Given name", "Family name"]);
    assert_eq!(guessed.columns[3].samples, ["A Hall"]);
    let twice = vec![Some("given_name".to_string()), Some("given_name".to_string()), None, None];
    let e = fx.store.import_sheet(&fx.actor, fx.establishment.id, ImportKind::People, file.as_bytes(), Some(&twice), false).unwrap_err();
    assert!(e.to_string().contains("'Ref' (A) and 'Name 1' (B) are both mapped to 'Given name'"), "{e}");
    let chosen = vec![
        Some("prison_number".to_string()),
        Some("given_name".to_string()),
        Some("family_name".to_string()),
        Some("location".to_string()),
    ];
    let done = fx.store.import_sheet(&fx.actor, fx.establishment.id, ImportKind::People, file.as_bytes(), Some(&chosen), true).unwrap();
    assert!(done.saved);
    // Next time the same headers are mapped the same way without being told.
    let again = fx.store.import_sheet(&fx.actor, fx.establishment.id, ImportKind::People, file.as_bytes(), None, false).unwrap();
    assert_eq!(again.columns.iter().map(|c| c.field.clone()).collect::<Vec<_>>(), chosen);
    assert_eq!((again.unchanged, again.missing.len()), (1, 0));
    // A viewer cannot import; nothing is read or written.
    let viewer = fx.actor.with_role(Role::Viewer);
    let before = fx.snapshot();
    let e = fx.store.import_sheet(&viewer, fx.establishment.id, ImportKind::People, file.as_bytes(), None, true).unwrap_err();
    assert_eq!(e.code(), "forbidden", "{e}");
    assert_eq!(fx.snapshot(), before);
}

#[test]
fn huge_cells_and_many_rows() {
    let mut fx = Fixture::new();
    // A 20 MB note: refused by its length, not by running out of memory.
    let note = "x".repeat(20 * 1024 * 1024);
    let file = format!("Prison number,Given name,Family name,Hall\n900001,Ann,Able,\"{note}\"\n");
    check_bytes(&mut fx, ImportKind::People, "20 MB cell", file.as_bytes(), Want::Problems(&[(2, "Hall", "longer than 60 characters")]));
    // More than the largest file the import reads.
    let big = vec![b'a'; recovery_register::exchange::sheet::MAX_FILE_BYTES + 1];
    check_bytes(&mut fx, ImportKind::People, "too big", &big, Want::Refused("the largest file this import reads is 67 MB"));
    // 10,000 rows, one of them wrong: the one problem is found and nothing is saved.
    let mut rows = String::from("Prison number,Given name,Family name\n");
    for i in 0..10_000 {
        rows += &format!("{},Person,Number{}\n", 2_000_000 + i, if i == 7_777 { "7".to_string() } else { String::new() });
    }
    check_bytes(
        &mut fx,
        ImportKind::People,
        "10,000 rows",
        rows.as_bytes(),
        Want::Problems(&[(7_779, "Family name", "'Number7' contains '7'")]),
    );
    let fixed = rows.replace("Number7\n", "Number\n");
    check_bytes(&mut fx, ImportKind::People, "10,000 rows fixed", fixed.as_bytes(), Want::Saved(10_000, 0, 0));
}

#[test]
fn four_hundred_people_and_two_years_of_registers() {
    let mut fx = Fixture::new();
    let sheets = recovery_register::exchange::sample::sample_sheets(7, 400, 2, fx.store.today());
    assert!(sheets.register_rows > 8_000, "{}", sheets.register_rows);
    check_bytes(&mut fx, ImportKind::People, "people", sheets.people.as_bytes(), Want::Saved(400, 0, 0));
    check_bytes(&mut fx, ImportKind::Groups, "groups", sheets.groups.as_bytes(), Want::Saved(6, 0, 0));
    check_bytes(&mut fx, ImportKind::Rosters, "rosters", sheets.rosters.as_bytes(), Want::Saved(sheets.roster_rows as u32, 0, 0));
    let started = std::time::Instant::now();
    let registers = check_bytes(
        &mut fx,
        ImportKind::Registers,
        "registers",
        sheets.registers.as_bytes(),
        Want::Saved(sheets.register_rows as u32, 0, 0),
    )
    .unwrap();
    println!("{} register rows previewed and imported in {:?}", sheets.register_rows, started.elapsed());
    assert!(registers.notes[0].contains("will be added, as held"), "{:?}", registers.notes);
    let marks: u32 = fx.store.connection().query_row("SELECT count(*) FROM attendance", [], |r| r.get(0)).unwrap();
    assert_eq!(marks as usize, sheets.register_rows);
    // The figures come out of the imported registers: last month's return counts them.
    let month = recovery_register::reports::Month::parse("month", "2026-10").unwrap();
    let report = fx.store.monthly_report(&fx.actor, &[fx.establishment.id], month).unwrap();
    let held: i64 = fx
        .store
        .connection()
        .query_row("SELECT count(*) FROM session WHERE held_on BETWEEN '2026-10-01' AND '2026-10-31' AND status = 'held'", [], |r| r.get(0))
        .unwrap();
    assert!(held > 20, "{held}");
    let csv = String::from_utf8(
        recovery_register::reports::csv::monthly_csv(&report, recovery_register::reports::csv::Disclosure { suppress_small: false })
            .unwrap(),
    )
    .unwrap();
    for (name, ..) in [("Monday SMART", 0), ("Thursday NA", 0)] {
        assert!(csv.contains(name), "{name} in {csv}");
    }
    // Liberations brought in with the people count in their months.
    let liberated: i64 =
        fx.store.connection().query_row("SELECT count(*) FROM participant WHERE status = 'liberated'", [], |r| r.get(0)).unwrap();
    assert!(liberated > 100, "{liberated}");
    assert!(fx.store.check_integrity().unwrap().is_empty());
}

/// A failure in the middle of writing (here a trigger standing in for anything the database
/// refuses at row 250) leaves no row of the import behind.
#[test]
fn an_import_that_fails_half_way_leaves_the_database_unchanged() {
    let mut fx = Fixture::new();
    let sheets = recovery_register::exchange::sample::sample_sheets(3, 400, 1, fx.store.today());
    fx.store
        .connection()
        .execute_batch(
            "CREATE TEMP TRIGGER fail_half_way BEFORE INSERT ON participant
             WHEN (SELECT count(*) FROM participant) >= 250
             BEGIN SELECT RAISE(ABORT, 'simulated failure half-way'); END;",
        )
        .unwrap();
    let before = fx.snapshot();
    let preview = fx.store.import_sheet(&fx.actor, fx.establishment.id, ImportKind::People, sheets.people.as_bytes(), None, false).unwrap();
    assert!(preview.can_import(), "the file itself is fine: {:?}", preview.problems);
    let e = fx.store.import_sheet(&fx.actor, fx.establishment.id, ImportKind::People, sheets.people.as_bytes(), None, true).unwrap_err();
    assert!(e.to_string().contains("simulated failure"), "{e}");
    assert_eq!(fx.snapshot(), before, "not one person of the 400, nor the remembered mapping, nor an audit row");
    fx.store.connection().execute_batch("DROP TRIGGER fail_half_way").unwrap();
    fx.reopen();
    assert_eq!(fx.snapshot(), before, "and so it stays after reopening the file");
}

/// The disk fills up while two years of registers are written: the person is told, and the
/// registers already held are as they were.
#[test]
fn a_full_disk_during_an_import_loses_nothing() {
    let mut fx = Fixture::new();
    let sheets = recovery_register::exchange::sample::sample_sheets(5, 400, 2, fx.store.today());
    for (kind, csv) in [(ImportKind::People, &sheets.people), (ImportKind::Groups, &sheets.groups), (ImportKind::Rosters, &sheets.rosters)]
    {
        assert!(fx.store.import_sheet(&fx.actor, fx.establishment.id, kind, csv.as_bytes(), None, true).unwrap().saved);
    }
    let before = fx.snapshot();
    // No more pages than the file has now, plus a few: the registers cannot fit.
    let pages: i64 = fx.store.connection().query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
    fx.store.connection().pragma_update(None, "max_page_count", pages + 20).unwrap();
    let e =
        fx.store.import_sheet(&fx.actor, fx.establishment.id, ImportKind::Registers, sheets.registers.as_bytes(), None, true).unwrap_err();
    assert!(e.to_string().contains("the disk is full: nothing was saved"), "{e}");
    assert_eq!(fx.snapshot(), before);
    fx.reopen();
    assert_eq!(fx.snapshot(), before);
    assert!(fx.store.check_integrity().unwrap().is_empty());
    // With room again, the same file imports whole.
    let done =
        fx.store.import_sheet(&fx.actor, fx.establishment.id, ImportKind::Registers, sheets.registers.as_bytes(), None, true).unwrap();
    assert_eq!(done.added as usize, sheets.register_rows);
}

#[test]
fn a_duplicate_is_found_even_when_its_first_row_has_problems() {
    let mut fx = Fixture::new();
    let file = "Prison number,Given name,Family name,Date of birth\n100234,Ann,Able,31/02/1990\n100234,Ben,Bell,\n";
    check_bytes(
        &mut fx,
        ImportKind::People,
        "people",
        file.as_bytes(),
        Want::Problems(&[(2, "Date of birth", "February 1990"), (3, "Prison number", "100234 is also on row 2")]),
    );
    let groups = "Group name,Kind of group,Starts on,Start time,Length in minutes\nTuesday SMART,Bingo,06/01/2026,14:00,90\ntuesday smart,SMART Recovery,06/01/2026,14:00,90\n";
    check_bytes(
        &mut fx,
        ImportKind::Groups,
        "groups",
        groups.as_bytes(),
        Want::Problems(&[(2, "Kind of group", "'Bingo'"), (3, "Group name", "'tuesday smart' is also on row 2")]),
    );
}

/// The same file previewed again lists the same problems in the same order (the fuzzer found a
/// row's problems following a hash map's order).
#[test]
fn a_preview_is_the_same_every_time() {
    let mut fx = Fixture::new();
    let file = data("people-formula.csv");
    let first = fx.store.import_sheet(&fx.actor, fx.establishment.id, ImportKind::People, &file, None, false).unwrap();
    assert!(first.problems.len() >= 3);
    for _ in 0..20 {
        let again = fx.store.import_sheet(&fx.actor, fx.establishment.id, ImportKind::People, &file, None, false).unwrap();
        assert_eq!(again, first);
    }
}

/// People imported as liberated long ago fall past the retention period like anyone else; once
/// erased, no import can change their record or give it a roster or a mark (the placeholder number
/// is no prison number).
#[test]
fn an_erased_record_is_out_of_reach_of_imports() {
    let mut fx = Fixture::new();
    let people = "Prison number,Given name,Family name,Custody status,Status since\n900001,Zephyrine,Quillanbrook,Liberated,01/01/2019\n900002,Ann,Able,,\n";
    check_bytes(&mut fx, ImportKind::People, "people", people.as_bytes(), Want::Saved(2, 0, 0));
    let past = fx.store.past_retention(&fx.actor).unwrap();
    assert_eq!(past.len(), 1, "{past:?}");
    fx.store.erase_past_retention(&fx.actor, &[past[0].participant_id]).unwrap();
    let number: String =
        fx.store.connection().query_row("SELECT prison_number FROM participant WHERE given_name = 'Erased'", [], |r| r.get(0)).unwrap();
    let again = format!("Prison number,Given name,Family name\n{number},Zephyrine,Quillanbrook\n");
    check_bytes(
        &mut fx,
        ImportKind::People,
        "erased person",
        again.as_bytes(),
        Want::Problems(&[(2, "Prison number", "is longer than 20 characters")]),
    );
    check(&mut fx, ImportKind::Groups, "groups.csv", Want::Saved(3, 0, 0));
    let roster = format!("Prison number,Group,Joined on\n{number},Tuesday SMART,06/01/2026\n");
    check_bytes(
        &mut fx,
        ImportKind::Rosters,
        "erased roster",
        roster.as_bytes(),
        Want::Problems(&[(2, "Prison number", "no one with the prison number")]),
    );
}

/// A damaged workbook (found by the fuzzer: the workbook reader overflowed on a cell
/// reference) is refused with the reason; the app does not fall over.
#[test]
fn a_damaged_workbook_is_refused_not_a_crash() {
    let mut fx = Fixture::new();
    check(&mut fx, ImportKind::Rosters, "damaged-workbook.xlsx", Want::Refused("damaged Excel workbook"));
}

#[test]
fn every_shipped_template_imports_in_order_with_every_column_known() {
    let mut fx = Fixture::new();
    for kind in ImportKind::ALL.iter().copied() {
        let template = recovery_register::Store::import_template(kind);
        let done = fx.store.import_sheet(&fx.actor, fx.establishment.id, kind, template.as_bytes(), None, true).unwrap();
        let unknown: Vec<&str> = done.columns.iter().filter(|c| c.field.is_none()).map(|c| c.header.as_str()).collect();
        assert_eq!(unknown, Vec::<&str>::new(), "{kind:?}: every column of the template is guessed");
        assert_eq!((done.problems.as_slice(), done.missing.len()), (&[][..], 0), "{kind:?}");
        assert!(done.saved && done.added > 0, "{kind:?}: {done:?}");
    }
}

/// Workbooks made to exhaust memory (tests/data/import/make-hostile-workbooks.py): each is
/// refused with the reason, and the process that read it ends by itself, refusing. Before the
/// caps in `exchange::workbook`, the allocator aborted it (signal 6) on all three.
#[test]
fn hostile_workbooks_are_refused_in_a_process_that_lives() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let cases = [
        ("hostile-sparse.xlsx", "has a value in column XFD, row 1048576; an import reads columns A to ZZ only"),
        ("hostile-shared-strings-count.xlsx", "holds 1,000,000,000,000 different texts; the most this import reads is 2,000,000"),
        ("hostile-shared-strings-bomb.xlsx", "unpacks to more than"),
    ];
    for (file, words) in cases {
        // In this process: the same refusal, with nothing to catch.
        let e = read_sheet(&data(file)).unwrap_err().to_string();
        assert!(e.starts_with("file: ") && e.contains(words), "{file}: {e}");
        // In a child with 1 GiB of address space.
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import").join(file);
        let out = crate::support::cli_within(&db, &["import", "services", path.to_str().unwrap(), "--dry-run"], Some(1 << 30));
        let said = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{file}: the process refused the file and ended by itself: {said}");
        assert!(said.contains(words), "{file}: {said}");
    }
}

#[test]
fn a_file_too_large_is_refused_before_it_is_read() {
    let mut fx = Fixture::new();
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.csv");
    // A sparse file: 5 GB on paper, nothing on the disk, and never read.
    std::fs::File::create(&big).unwrap().set_len(5_000_000_000).unwrap();
    let e = fx.store.import_sheet_file(&fx.actor, fx.establishment.id, ImportKind::People, &big, None, false).unwrap_err();
    assert!(e.to_string().starts_with("file: is 4768 MB; the largest file this reads is 64 MB"), "{e}");
    let e = fx.store.import_sheet_file(&fx.actor, fx.establishment.id, ImportKind::People, &dir.path().join("gone.csv"), None, false);
    assert!(e.unwrap_err().to_string().ends_with("gone.csv: there is no such file"));
}
