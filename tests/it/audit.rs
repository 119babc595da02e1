//! The audit trail: every act writes its row in its own transaction, a refused or failed act
//! writes none, the table refuses changes, and a change made around the triggers is found.

use crate::support::*;
use recovery_register::documents::{Document, Format};
use recovery_register::model::*;
use recovery_register::store::{Action, AuditFilter};
use recovery_register::{Role, Store};

fn actions(f: &Fixture) -> Vec<Action> {
    let mut all = f.store.audit_trail(&f.actor, &AuditFilter::default()).unwrap();
    all.reverse();
    all.into_iter().map(|e| e.action).collect()
}

#[test]
fn each_act_writes_one_row_naming_who_what_and_which_record() {
    let mut f = Fixture::new();
    let person = f.prisoner("100001", "Siobhán", "Ó Súilleabháin");
    let group = f.programme("10-week Recovery Group Programme");
    f.store.enrol(&f.actor, group.id, person.id, d(2026, 10, 5)).unwrap();
    let session = f.store.generate_sessions(&f.actor, group.id, d(2026, 10, 5), d(2026, 10, 5)).unwrap().remove(0);
    f.store.take_register(&f.actor, session.id, &[Mark::present(person.id)]).unwrap();
    f.store.view_participant(&f.actor, person.id).unwrap();

    assert_eq!(
        actions(&f),
        [
            Action::AddEstablishment,
            Action::AddPerson,
            Action::AddGroup,
            Action::Enrol,
            Action::AddSessions,
            Action::TakeRegister,
            Action::ViewPerson
        ]
    );
    let newest = f.store.audit_trail(&f.actor, &AuditFilter { limit: Some(2), ..Default::default() }).unwrap();
    assert_eq!(newest.len(), 2);
    let (viewed, register) = (&newest[0], &newest[1]);
    assert_eq!(viewed.record_kind.as_deref(), Some("person"));
    assert_eq!(viewed.record_id.as_deref(), Some(&person.id.to_string()[..]));
    assert_eq!(viewed.staff_id, Some(f.actor.staff_id()));
    assert!(!viewed.workstation.is_empty());
    assert_eq!(register.record_id.as_deref(), Some(&session.id.to_string()[..]));
    assert_eq!(register.detail.as_deref(), Some("1 marks saved"));

    // Everything done to one person, by record.
    let about = f.store.audit_trail(&f.actor, &AuditFilter { record_id: Some(person.id.to_string()), ..Default::default() }).unwrap();
    assert_eq!(about.iter().map(|e| e.action).collect::<Vec<_>>(), [Action::ViewPerson, Action::AddPerson]);
    let only = f.store.audit_trail(&f.actor, &AuditFilter { action: Some(Action::Enrol), ..Default::default() }).unwrap();
    assert_eq!(only.len(), 1);
    // Dates are London days: the rows were written today, none tomorrow.
    let today = recovery_register::dates::today();
    let on_day = |day| f.store.audit_trail(&f.actor, &AuditFilter { from: Some(day), to: Some(day), ..Default::default() }).unwrap().len();
    assert_eq!(on_day(today), 7);
    assert_eq!(on_day(today.succ_opt().unwrap()), 0);
}

#[test]
fn a_refused_or_failed_act_writes_no_row() {
    let mut f = Fixture::new();
    let before = actions(&f);
    let viewer = f.actor.with_role(Role::Viewer);
    assert!(f.store.add_participant(&viewer, f.establishment.id, &prisoner_details("100001", "A", "B")).is_err());
    assert!(f.store.add_participant(&f.actor, f.establishment.id, &prisoner_details("100001", "", "B")).is_err());
    let group = f.programme("MOIR");
    let fake = ParticipantId::new();
    assert!(f.store.enrol(&f.actor, group.id, fake, d(2026, 10, 5)).is_err());
    let mut expected = before;
    expected.push(Action::AddGroup);
    assert_eq!(actions(&f), expected);
}

#[test]
fn the_trail_refuses_changes_and_a_change_made_around_that_is_found() {
    let mut f = Fixture::new();
    for n in 0..5 {
        f.prisoner(&format!("10000{n}"), "Łukasz", "Żółć");
    }
    let check = f.store.check_audit_trail(&f.actor).unwrap();
    assert_eq!((check.entries, check.broken_at), (6, None));

    let conn = f.store.connection();
    let err = conn.execute("UPDATE audit SET detail = 'x' WHERE seq = 3", []).unwrap_err();
    assert!(err.to_string().contains("the audit trail cannot be changed"), "{err}");
    let err = conn.execute("DELETE FROM audit WHERE seq = 3", []).unwrap_err();
    assert!(err.to_string().contains("the audit trail cannot be changed"), "{err}");

    // Someone with another tool drops the trigger and edits row 3: the check points at it.
    conn.execute_batch("DROP TRIGGER audit_no_update; UPDATE audit SET action = 'view_person' WHERE seq = 3;").unwrap();
    let check = f.store.check_audit_trail(&f.actor).unwrap();
    assert_eq!(check.broken_at, Some(3), "{check:?}");
    assert_eq!(check.problem.as_deref(), Some("this entry was changed after it was written"));
}

#[test]
fn protection_removed_with_another_tool_is_put_back_and_recorded_at_the_next_open() {
    let mut f = Fixture::new();
    for n in 0..3 {
        f.prisoner(&format!("10000{n}"), "Ann", "Smith");
    }
    // Someone drops both triggers and deletes the newest row (the tail of the trail).
    let newest: i64 = f.store.connection().query_row("SELECT max(seq) FROM audit", [], |r| r.get(0)).unwrap();
    f.store
        .connection()
        .execute_batch(&format!("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = {newest};"))
        .unwrap();
    let path = f.path();
    drop(std::mem::replace(&mut f.store, Store::open_in_memory().unwrap()));
    // The next open puts them back, and says so in the trail itself.
    f.store = Store::open(&path).unwrap();
    let last = f.store.audit_trail(&f.actor, &AuditFilter::default()).unwrap().remove(0);
    assert_eq!((last.action, last.staff_id), (Action::RepairAuditTrail, None));
    let err = f.store.connection().execute("DELETE FROM audit WHERE seq = 1", []).unwrap_err();
    assert!(err.to_string().contains("the audit trail cannot be changed"), "{err}");
    let err = f.store.connection().execute("UPDATE audit SET detail = 'x' WHERE seq = 1", []).unwrap_err();
    assert!(err.to_string().contains("the audit trail cannot be changed"), "{err}");
    // An open with the protection in place writes nothing.
    let rows = f.store.check_audit_trail(&f.actor).unwrap().entries;
    drop(std::mem::replace(&mut f.store, Store::open_in_memory().unwrap()));
    f.store = Store::open(&path).unwrap();
    assert_eq!(f.store.check_audit_trail(&f.actor).unwrap().entries, rows);
}

#[test]
fn a_removed_row_is_found() {
    let mut f = Fixture::new();
    for n in 0..4 {
        f.prisoner(&format!("10000{n}"), "Ann", "Smith");
    }
    let conn = f.store.connection();
    conn.execute_batch("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 2;").unwrap();
    let check = f.store.check_audit_trail(&f.actor).unwrap();
    assert_eq!(check.broken_at, Some(3), "{check:?}");
    assert_eq!(check.problem.as_deref(), Some("entry 2 is missing"));
}

#[test]
fn the_export_is_a_csv_of_identifiers_with_no_names_and_is_itself_recorded() {
    let mut f = Fixture::new();
    let person = f.prisoner("100001", "Canaryname", "Ó Súilleabháin");
    f.store.view_participant(&f.actor, person.id).unwrap();
    let path = f.dir.path().join("audit.csv");
    f.store.export(&f.actor, &Document::AuditTrail { filter: AuditFilter::default() }, Format::Csv, &path).unwrap();
    let csv = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "Entry,When (UTC),Staff,PC,Action,Record kind,Record,Detail");
    assert_eq!(lines.len(), 4, "{csv}");
    assert!(lines[1].contains("Viewed a person's record") && lines[1].contains(&person.id.to_string()), "{csv}");
    assert!(!csv.contains("Canaryname") && !csv.contains("100001"), "the trail must hold no personal data: {csv}");
    assert_eq!(actions(&f).last(), Some(&Action::ExportAudit));
}

#[test]
fn log_ins_are_recorded_failed_ones_without_a_name() {
    let mut f = Fixture::new();
    let now = chrono::Utc::now();
    f.store.set_up_first_administrator("agrant", "Alison Grant", "correct horse battery").unwrap();
    assert!(f.store.log_in("agrant", "wrong password!", now).is_err());
    assert!(f.store.log_in("nobody", "wrong password!", now).is_err());
    let admin = f.store.log_in("agrant", "correct horse battery", now).unwrap();
    let rows = f.store.audit_trail(&admin, &AuditFilter { limit: Some(4), ..Default::default() }).unwrap();
    let got: Vec<(Action, Option<StaffId>)> = rows.iter().rev().map(|e| (e.action, e.staff_id)).collect();
    assert_eq!(
        got,
        [
            (Action::SetUp, Some(admin.staff_id())),
            (Action::LogInFailed, None),
            (Action::LogInFailed, None),
            (Action::LogIn, Some(admin.staff_id()))
        ]
    );
    assert_eq!(rows[0].staff, "agrant (Alison Grant)");
}

/// The trail's head goes into every backup's manifest: entries cut from the end, or a chain
/// re-hashed from the start (which the walk alone cannot tell from a true one), no longer match
/// the newest anchor; a restore writes an anchor for the trail it brings back.
#[test]
fn the_newest_anchor_finds_a_cut_tail_and_a_rewritten_chain_and_a_restore_moves_it() {
    let mut f = Fixture::new();
    for n in 0..3 {
        f.prisoner(&format!("10000{n}"), "Ann", "Smith");
    }
    let check = f.store.check_audit_trail(&f.actor).unwrap();
    assert_eq!(check.sentence, "The audit trail is whole: 4 entries checked. No anchor was found to compare it with.");
    let folder = recovery_register::backup::folder_beside(&f.path());
    let monday = f.store.daily_backup(&folder).unwrap().expect("a backup").path;
    let manifest: recovery_register::backup::Manifest =
        serde_json::from_slice(&std::fs::read(recovery_register::backup::manifest_beside(&monday)).unwrap()).unwrap();
    let anchor = manifest.audit_head.clone().expect("the head at the backup");
    assert_eq!(anchor.seq, 4);
    for n in 3..6 {
        f.prisoner(&format!("10000{n}"), "Ann", "Smith");
    }
    let check = f.store.check_audit_trail(&f.actor).unwrap();
    assert_eq!((check.entries, check.broken_at), (8, None), "{check:?}");
    assert!(
        check.sentence.starts_with("The audit trail is whole: 8 entries checked, and it matches the anchor in the backup of "),
        "{}",
        check.sentence
    );
    assert!(check.sentence.ends_with(" (entry 4)."), "{}", check.sentence);
    // The return printed now carries the head on its footer.
    let report = f.store.monthly_report(&f.actor, &[], recovery_register::reports::Month::parse("month", "2026-10").unwrap()).unwrap();
    assert_eq!(report.audit_head.as_ref().map(|a| a.seq), Some(8));

    // A copy to try the tampering on, so each starts from the true trail.
    let tampered = |f: &Fixture, sql: &str| {
        let conn = f.store.connection();
        conn.execute_batch("SAVEPOINT t; DROP TRIGGER audit_no_delete; DROP TRIGGER audit_no_update;").unwrap();
        conn.execute_batch(sql).unwrap();
        let check = f.store.check_audit_trail(&f.actor).unwrap();
        conn.execute_batch("ROLLBACK TO t; RELEASE t;").unwrap();
        check
    };
    // 1. Entries 3 to 8 deleted: the walk finds nothing wrong with 1 and 2; the anchor does.
    let cut = tampered(&f, "DELETE FROM audit WHERE seq >= 3;");
    assert_eq!(cut.broken_at, Some(3), "{cut:?}");
    let problem = cut.problem.unwrap();
    assert!(problem.starts_with("the trail ends at entry 2, but the anchor in the backup of "), "{problem}");
    assert!(problem.ends_with(" recorded it reaching entry 4: entries after 2 were removed"), "{problem}");
    // 2. The whole chain replaced by another that is true to itself (another database's, eight
    // entries long): every hash follows from the one before, but entry 4 is not the anchor's.
    let mut other = Fixture::new();
    for n in 0..7 {
        other.prisoner(&format!("20000{n}"), "Bo", "Lee");
    }
    assert!(other.store.check_audit_trail(&other.actor).unwrap().broken_at.is_none());
    #[allow(clippy::type_complexity)]
    let rows: Vec<(i64, String, Option<Vec<u8>>, String, String, Option<String>, Option<String>, Option<String>, String)> = other
        .store
        .connection()
        .prepare("SELECT seq, at, staff_id, workstation, action, record_kind, record_id, detail, hash FROM audit ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let mut sql = String::from("DELETE FROM audit;");
    let q = |v: &Option<String>| v.as_ref().map(|s| format!("'{}'", s.replace('\'', "''"))).unwrap_or("NULL".into());
    for (seq, at, staff, ws, action, kind, id, detail, hash) in &rows {
        sql += &format!(
            "INSERT INTO audit (seq, at, staff_id, workstation, action, record_kind, record_id, detail, hash) VALUES ({seq}, '{at}', {}, {}, '{action}', {}, {}, {}, '{hash}');",
            staff.as_ref().map(|s| format!("X'{}'", s.iter().map(|b| format!("{b:02x}")).collect::<String>())).unwrap_or("NULL".into()),
            q(&Some(ws.clone())),
            q(kind),
            q(id),
            q(detail)
        );
    }
    let rewritten = tampered(&f, &sql);
    assert_eq!(rewritten.broken_at, Some(4), "{rewritten:?}");
    assert!(rewritten.problem.unwrap().ends_with(": the trail was rewritten"));

    // 3. A restore of Monday's backup: the trail is Monday's, and the restore's anchor is newer.
    let check = f.store.check_audit_trail(&f.actor).unwrap();
    assert!(check.broken_at.is_none(), "the true trail still passes: {check:?}");
    f.store.restore_from(&f.actor, &monday, &folder.join("before-restore-2026-11-16-120000.db")).unwrap();
    let check = f.store.check_audit_trail(&f.actor).unwrap();
    assert_eq!(check.broken_at, None, "{check:?}");
    assert!(check.anchor.as_deref().is_some_and(|a| a.starts_with("the anchor left by the restore of ")), "{check:?}");
}

#[test]
fn an_anchor_typed_from_a_printed_return_is_read_and_compared() {
    use recovery_register::store::AuditAnchor;
    let mut f = Fixture::new();
    for n in 0..3 {
        f.prisoner(&format!("10000{n}"), "Ann", "Smith");
    }
    let head: String = f.store.connection().query_row("SELECT hash FROM audit WHERE seq = 4", [], |r| r.get(0)).unwrap();
    let printed = AuditAnchor { seq: 4, hash: head.clone() }.printed();
    assert_eq!(printed, format!("audit trail at entry 4 · {}", &head[..16]));
    let typed = AuditAnchor::parse(&printed).unwrap();
    assert_eq!(typed, AuditAnchor { seq: 4, hash: head[..16].to_string() });
    assert_eq!(AuditAnchor::parse(&format!("4:{}", head[..20].to_uppercase())).unwrap().hash, head[..20]);
    let check = f.store.check_audit_trail_with(&f.actor, &typed).unwrap();
    assert_eq!(check.broken_at, None, "{check:?}");
    let wrong = AuditAnchor::parse("4:0123456789abcdef").unwrap();
    assert_eq!(f.store.check_audit_trail_with(&f.actor, &wrong).unwrap().broken_at, Some(4));
    for bad in ["", "4", "4:abc", "four:0123456789abcdef", "0:0123456789abcdef", "4:0123456789abcdeg"] {
        let e = AuditAnchor::parse(bad).unwrap_err().to_string();
        assert!(e.starts_with("anchor: should be an entry number and at least 16 hex digits"), "{bad}: {e}");
    }
    assert_eq!(f.store.check_audit_trail_with(&f.actor.with_role(Role::Caseworker), &typed).unwrap_err().code(), "forbidden");
}
