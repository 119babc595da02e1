//! Getting in, on real encrypted files: set-up, log-in, key slots per account (added, re-wrapped,
//! reset), disabled accounts, the lock screen's switch user, the failure limit, recovery.

use crate::support::d;
use chrono::{Duration, Utc};
use recovery_register::access::{self, Start};
use recovery_register::keys::{Cost, RecoveryKey};
use recovery_register::store::{Action, AuditFilter, NewAccount};
use recovery_register::{Role, Store};
use std::path::PathBuf;

const ADMIN_PASSWORD: &str = "correct horse battery";

fn set_up() -> (tempfile::TempDir, PathBuf, access::SetUp) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new folder").join("recovery-register.db");
    assert_eq!(access::start(&db).unwrap(), Start::SetUp);
    let made = access::set_up(&db, "AGrant", "Alison Grant", ADMIN_PASSWORD, Cost::MINIMUM).unwrap();
    (dir, db, made)
}

fn err<T>(r: recovery_register::Result<T>) -> recovery_register::Error {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

fn code<T>(r: recovery_register::Result<T>) -> &'static str {
    match r {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

#[test]
fn set_up_then_log_in_with_the_password_only() {
    let (_dir, db, made) = set_up();
    assert_eq!(made.actor.role(), Role::Administrator);
    assert_eq!(made.recovery_key.as_str().len(), 39, "8 groups of 4 with dashes");
    drop(made);
    assert_eq!(access::start(&db).unwrap(), Start::LogIn);
    assert_eq!(code(access::unlock(&db, "agrant", "wrong horse battery", Utc::now())), "login_failed");
    assert_eq!(code(access::unlock(&db, "nobody", ADMIN_PASSWORD, Utc::now())), "login_failed");
    let (store, actor) = access::unlock(&db, "AGRANT", ADMIN_PASSWORD, Utc::now()).unwrap();
    let trail: Vec<Action> = store.audit_trail(&actor, &AuditFilter::default()).unwrap().iter().rev().map(|e| e.action).collect();
    assert_eq!(trail, [Action::SetUp, Action::LogIn]);
    // The file cannot be opened without the key, and says so.
    assert_eq!(code(Store::open(&db)), "not_a_database");
}

#[test]
fn a_second_set_up_is_refused_and_a_database_without_its_key_file_is_explained() {
    let (_dir, db, made) = set_up();
    drop(made);
    assert_eq!(code(access::set_up(&db, "other", "Someone Else", ADMIN_PASSWORD, Cost::MINIMUM)), "conflict");
    std::fs::remove_file(recovery_register::keys::key_file_beside(&db)).unwrap();
    let e = access::start(&db).unwrap_err().to_string();
    assert!(e.starts_with("key file: ") && e.contains("is missing beside the database"), "{e}");
}

#[test]
fn a_failed_set_up_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("recovery-register.db");
    let e = err(access::set_up(&db, "agrant", "Alison Grant", "short", Cost::MINIMUM));
    assert_eq!(e.to_string(), "password: must be at least 10 characters");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert!(left.is_empty(), "{left:?}");
    assert_eq!(access::start(&db).unwrap(), Start::SetUp);
}

#[test]
fn each_account_gets_its_own_slot_and_a_new_password_rewraps_it() {
    let (_dir, db, made) = set_up();
    let (mut store, admin) = (made.store, made.actor);
    let viewer = store
        .add_account(
            &admin,
            &NewAccount {
                username: "vjones".into(),
                display_name: "Val Jones".into(),
                role: Role::Viewer,
                password: "viewer password 1".into(),
            },
        )
        .unwrap();
    // A refused account change leaves no slot behind.
    let taken =
        NewAccount { username: "vjones".into(), display_name: "Again".into(), role: Role::Viewer, password: "another password".into() };
    assert_eq!(code(store.add_account(&admin, &taken)), "conflict");
    drop(store);
    assert_eq!(code(access::unlock(&db, "vjones", "another password", Utc::now())), "login_failed");

    let (mut store, me) = access::unlock(&db, "vjones", "viewer password 1", Utc::now()).unwrap();
    assert_eq!((me.staff_id(), me.role()), (viewer.id, Role::Viewer));
    store.change_password(&me, "viewer password 1", "viewer password 2", Utc::now()).unwrap();
    drop(store);
    assert_eq!(code(access::unlock(&db, "vjones", "viewer password 1", Utc::now())), "login_failed");
    let (mut store, _) = access::unlock(&db, "vjones", "viewer password 2", Utc::now()).unwrap();

    // An administrator resets it; the viewer cannot reset anyone else's.
    let (mut admin_store, admin) = access::unlock(&db, "agrant", ADMIN_PASSWORD, Utc::now()).unwrap();
    assert_eq!(code(store.reset_password(&me, admin.staff_id(), "taken over!!")), "forbidden");
    admin_store.reset_password(&admin, viewer.id, "reset by admin 3").unwrap();
    drop((store, admin_store));
    assert!(access::unlock(&db, "vjones", "reset by admin 3", Utc::now()).is_ok());
}

#[test]
fn a_disabled_account_cannot_log_in_even_with_its_slot() {
    let (_dir, db, made) = set_up();
    let (mut store, admin) = (made.store, made.actor);
    let cw = store
        .add_account(
            &admin,
            &NewAccount {
                username: "cw".into(),
                display_name: "Case Worker".into(),
                role: Role::Caseworker,
                password: "caseworker pass".into(),
            },
        )
        .unwrap();
    store.set_account_disabled(&admin, cw.id, true).unwrap();
    drop(store);
    assert_eq!(code(access::unlock(&db, "cw", "caseworker pass", Utc::now())), "account_disabled");
}

#[test]
fn the_lock_screen_switches_user_and_records_a_wrong_guess() {
    let (_dir, _db, made) = set_up();
    let (mut store, admin) = (made.store, made.actor);
    store
        .add_account(
            &admin,
            &NewAccount {
                username: "vjones".into(),
                display_name: "Val Jones".into(),
                role: Role::Viewer,
                password: "viewer password 1".into(),
            },
        )
        .unwrap();
    assert_eq!(code(store.switch_user("vjones", "not the password", Utc::now())), "login_failed");
    let viewer = store.switch_user("vjones", "viewer password 1", Utc::now()).unwrap();
    assert_eq!(viewer.role(), Role::Viewer);
    assert_eq!(code(store.audit_trail(&viewer, &AuditFilter::default())), "forbidden");
    let trail: Vec<Action> =
        store.audit_trail(&admin, &AuditFilter { limit: Some(2), ..Default::default() }).unwrap().iter().rev().map(|e| e.action).collect();
    assert_eq!(trail, [Action::LogInFailed, Action::LogIn]);
}

#[test]
fn ten_wrong_passwords_in_five_minutes_make_the_account_wait() {
    let (_dir, db, made) = set_up();
    drop(made);
    let start = Utc::now();
    for i in 0..10 {
        assert_eq!(code(access::unlock(&db, "agrant", "guess guess guess", start + Duration::seconds(i))), "login_failed");
    }
    let e = err(access::unlock(&db, "agrant", ADMIN_PASSWORD, start + Duration::seconds(30)));
    assert_eq!(e.to_string(), "too many failed attempts for this account: try again in 4 minutes 30 seconds");
    assert!(access::unlock(&db, "agrant", ADMIN_PASSWORD, start + Duration::minutes(6)).is_ok());
}

#[test]
fn the_recovery_key_sets_a_new_administrator_password() {
    let (_dir, db, made) = set_up();
    let typed = made.recovery_key.as_str().to_lowercase().replace('-', " ");
    drop(made);
    let wrong = RecoveryKey::parse("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA").unwrap();
    assert_eq!(
        err(access::recover(&db, &wrong, "agrant", "brand new password", Utc::now())).to_string(),
        "recovery key: does not open this database"
    );
    let key = RecoveryKey::parse(&typed).unwrap();
    let (mut store, admin) = access::recover(&db, &key, "agrant", "brand new password", Utc::now()).unwrap();
    store.set_today(d(2026, 11, 16));
    let last = store.audit_trail(&admin, &AuditFilter { limit: Some(2), ..Default::default() }).unwrap();
    assert!(last.iter().any(|e| e.detail.as_deref() == Some("with the recovery key")), "{last:?}");
    drop(store);
    assert_eq!(code(access::unlock(&db, "agrant", ADMIN_PASSWORD, Utc::now())), "login_failed");
    assert!(access::unlock(&db, "agrant", "brand new password", Utc::now()).is_ok());
}
