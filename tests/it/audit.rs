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
