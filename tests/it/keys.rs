//! The database key and its slots, on real encrypted files, tried as the review did: a copy of
//! the key file taken before a password is withdrawn (an account disabled, a password reset or
//! changed) opens nothing written after; a backup taken off the PC carries the administrators'
//! slots only; backups made before a change of key still restore; no password hash is kept in
//! the database; and a key file change cut short by a crash is settled at the next log-in.

use crate::support::*;
use chrono::Utc;
use recovery_register::access;
use recovery_register::keys::{key_file_beside, Cost, KeyFile};
use recovery_register::model::*;
use recovery_register::{Role, Store};
use std::path::{Path, PathBuf};

const ADMIN: (&str, &str) = ("agrant", "correct horse battery");
const CASEWORKER: (&str, &str) = ("cward", "kettle on the landing");

fn set_up(dir: &Path) -> (PathBuf, Store, recovery_register::Actor, StaffId) {
    let db = dir.join("data").join("recovery-register.db");
    let made = access::set_up(&db, ADMIN.0, "Alison Grant", ADMIN.1, Cost::MINIMUM).unwrap();
    let (mut store, admin) = (made.store, made.actor);
    store.set_today(d(2026, 11, 16));
    let cw = store.add_account(&admin, &new_account(CASEWORKER.0, "Cara Ward", Role::Caseworker, CASEWORKER.1)).unwrap();
    (db, store, admin, cw.id)
}

/// The key a copy of a key file gives `(username, password)`, the copy written apart first.
fn key_from_copy(copy: &[u8], login: (&str, &str)) -> Option<recovery_register::keys::DatabaseKey> {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("copy.db");
    std::fs::write(key_file_beside(&db), copy).unwrap();
    KeyFile::load(&db).unwrap().unlock(login.0, login.1, Utc::now()).ok()
}

fn opens(db: &Path, key: &recovery_register::keys::DatabaseKey) -> bool {
    Store::open_encrypted(db, key).is_ok()
}

fn add_canary(store: &mut Store, admin: &recovery_register::Actor) {
    let est = store.add_establishment(admin, &NewEstablishment { code: "PER".into(), name: "HMP Perth".into() }).unwrap();
    store.add_participant(admin, est.id, &prisoner_details("100001", "Zephyrine", "Quillanbrook")).unwrap();
}

#[test]
fn disabling_an_account_changes_the_key_so_a_copy_of_the_key_file_and_its_password_open_nothing_new() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut store, admin, cw) = set_up(dir.path());
    let copy = std::fs::read(key_file_beside(&db)).unwrap();
    let before = key_from_copy(&copy, CASEWORKER).expect("the copy opens for the caseworker");
    assert!(opens(&db, &before), "the copy opens the live database before");

    store.set_account_disabled(&admin, cw, true).unwrap();
    add_canary(&mut store, &admin);
    assert!(!opens(&db, &before), "the caseworker's slot in the copy no longer opens the live database");
    drop(store);
    let e = access::unlock(&db, CASEWORKER.0, CASEWORKER.1, Utc::now()).err().expect("refused");
    assert_eq!(e.code(), "login_failed", "the live key file has no slot for a disabled account");
    let (store, admin) = access::unlock(&db, ADMIN.0, ADMIN.1, Utc::now()).unwrap();
    let trail = store.audit_trail(&admin, &Default::default()).unwrap();
    let change = trail.iter().find(|e| e.action == recovery_register::store::Action::ChangeDatabaseKey).expect("audited");
    assert_eq!(change.detail.as_deref(), Some("after an account was disabled: 1 account kept, 1 key slot left out"));
}

#[test]
fn a_changed_or_reset_password_in_an_old_copy_of_the_key_file_opens_nothing_new() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut store, admin, cw) = set_up(dir.path());
    let copy = std::fs::read(key_file_beside(&db)).unwrap();
    store.reset_password(&admin, cw, "a brand new passphrase").unwrap();
    let old = key_from_copy(&copy, CASEWORKER).unwrap();
    assert!(!opens(&db, &old), "after a reset");
    drop(store);

    let (mut store, me) = access::unlock(&db, CASEWORKER.0, "a brand new passphrase", Utc::now()).unwrap();
    let copy = std::fs::read(key_file_beside(&db)).unwrap();
    store.change_password(&me, "a brand new passphrase", "another new passphrase", Utc::now()).unwrap();
    let old = key_from_copy(&copy, (CASEWORKER.0, "a brand new passphrase")).unwrap();
    assert!(!opens(&db, &old), "after a change of one's own");
    // The administrator asks for a new key: everyone still in keeps their password.
    drop(store);
    let (mut store, admin) = access::unlock(&db, ADMIN.0, ADMIN.1, Utc::now()).unwrap();
    let changed = store.change_database_key(&admin).unwrap();
    assert_eq!((changed.accounts_kept, changed.slots_removed), (2, 0));
    assert_eq!(store.change_database_key(&admin.with_role(Role::Caseworker)).unwrap_err().code(), "forbidden");
    drop(store);
    assert!(access::unlock(&db, CASEWORKER.0, "another new passphrase", Utc::now()).is_ok());
}

#[test]
fn a_backup_off_the_pc_carries_the_administrators_slots_only() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, mut store, admin, _) = set_up(dir.path());
    let stick = dir.path().join("stick").join("register.db");
    std::fs::create_dir_all(stick.parent().unwrap()).unwrap();
    store.back_up_to(&admin, &stick).unwrap();
    let mut on_stick = KeyFile::load(&stick).unwrap();
    assert_eq!(on_stick.slot_count(), 1);
    assert_eq!(on_stick.unlock(CASEWORKER.0, CASEWORKER.1, Utc::now()).unwrap_err().code(), "login_failed");
    let key = on_stick.unlock(ADMIN.0, ADMIN.1, Utc::now()).unwrap();
    assert!(opens(&stick, &key));
}

#[test]
fn a_backup_from_before_a_change_of_key_restores_and_the_retired_keys_survive_the_restore() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut store, admin, cw) = set_up(dir.path());
    add_canary(&mut store, &admin);
    let monday = store.daily_backup(&recovery_register::backup::folder_beside(&db)).unwrap().unwrap().path;
    store.set_account_disabled(&admin, cw, true).unwrap();
    let tuesday = dir.path().join("tuesday.db");
    store.back_up_to(&admin, &tuesday).unwrap();
    store.change_database_key(&admin).unwrap();
    let people = |s: &Store| s.connection().query_row("SELECT count(*) FROM participant", [], |r| r.get::<_, i64>(0)).unwrap();
    store.add_participant(&admin, store.establishments(&admin).unwrap()[0].id, &prisoner_details("100002", "Łukasz", "Żółć")).unwrap();
    assert_eq!(people(&store), 2);

    // Monday's backup is under the first key, two changes ago.
    store.restore_from(&admin, &monday, &dir.path().join("safety-1.db")).unwrap();
    assert_eq!(people(&store), 1);
    assert!(store.check_integrity().unwrap().is_empty());
    // Monday's database knew no retired key; today's were kept over it, so Tuesday's (under the
    // second key) still restores.
    store.restore_from(&admin, &tuesday, &dir.path().join("safety-2.db")).unwrap();
    assert_eq!(people(&store), 1);
    drop(store);
    let (store, _) = access::unlock(&db, ADMIN.0, ADMIN.1, Utc::now()).unwrap();
    assert_eq!(people(&store), 1, "the restored database opens with today's key");
}

#[test]
fn enabling_a_disabled_account_needs_a_new_password() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut store, admin, cw) = set_up(dir.path());
    store.set_account_disabled(&admin, cw, true).unwrap();
    let e = store.set_account_disabled(&admin, cw, false).unwrap_err();
    assert_eq!(
        e.to_string(),
        "account: cward needs a new password before it is enabled: their old one stopped working when the account was disabled (Reset password)"
    );
    store.reset_password(&admin, cw, "back from leave at last").unwrap();
    store.set_account_disabled(&admin, cw, false).unwrap();
    drop(store);
    assert!(access::unlock(&db, CASEWORKER.0, "back from leave at last", Utc::now()).is_ok());
}

#[test]
fn an_encrypted_database_keeps_no_password_hash() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store, admin, cw) = set_up(dir.path());
    let held = |s: &Store| -> Vec<String> {
        s.connection()
            .prepare("SELECT password_hash FROM staff WHERE password_hash IS NOT NULL ORDER BY username")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    assert_eq!(held(&store), ["key slot", "key slot"]);
    // A database from the first builds kept an Argon2id hash too: dropped at the next open.
    store
        .connection()
        .execute("UPDATE staff SET password_hash = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$aGFzaA' WHERE id = ?1", [cw])
        .unwrap();
    drop(store);
    let (store, _) = access::unlock(&db, ADMIN.0, ADMIN.1, Utc::now()).unwrap();
    assert_eq!(held(&store), ["key slot", "key slot"]);
    // The password is still checked, by the slot: a wrong current password changes nothing.
    let (mut mine, me) = access::unlock(&db, CASEWORKER.0, CASEWORKER.1, Utc::now()).unwrap();
    drop(store);
    let e = mine.change_password(&me, "not my password", "a new one entirely", Utc::now()).unwrap_err();
    assert_eq!(e.to_string(), "current password: is not right; nothing was changed");
    let _ = admin;
}

/// A key file change the database took, whose rename never happened (the process killed
/// between), and one it never took: the next log-in keeps the first and drops the second.
#[test]
fn a_key_file_change_cut_short_is_settled_at_the_next_log_in() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut store, admin, cw) = set_up(dir.path());
    let keys = key_file_beside(&db);
    let pending = PathBuf::from(format!("{}.pending", keys.display()));

    // 1. A new account: the database took it; the old key file is still in place.
    let before = std::fs::read(&keys).unwrap();
    store.add_account(&admin, &new_account("jsmith", "Jo Smith", Role::Viewer, "jo's own passphrase")).unwrap();
    std::fs::rename(&keys, &pending).unwrap();
    std::fs::write(&keys, &before).unwrap();
    drop(store);
    let (store, _) = access::unlock(&db, "jsmith", "jo's own passphrase", Utc::now()).expect("the pending file was kept");
    assert!(!pending.exists());
    drop(store);

    // 2. A new account the database never took (its transaction failed after the file was
    // staged): the staged file is dropped, and the account opens nothing.
    let apart = tempfile::tempdir().unwrap();
    let twin = apart.path().join("recovery-register.db");
    std::fs::copy(&db, &twin).unwrap();
    std::fs::copy(&keys, key_file_beside(&twin)).unwrap();
    let (mut other, other_admin) = access::unlock(&twin, ADMIN.0, ADMIN.1, Utc::now()).unwrap();
    other.add_account(&other_admin, &new_account("ktwin", "Kay Twin", Role::Viewer, "only in the twin")).unwrap();
    drop(other);
    // The twin's key file (same key, a generation this database never noted) as its pending file.
    std::fs::copy(key_file_beside(&twin), &pending).unwrap();
    let (store, _) = access::unlock(&db, ADMIN.0, ADMIN.1, Utc::now()).unwrap();
    assert!(!pending.exists(), "dropped");
    drop(store);
    assert_eq!(access::unlock(&db, "ktwin", "only in the twin", Utc::now()).err().map(|e| e.code()), Some("login_failed"));
    let _ = cw;

    // 3. A re-key: the database was re-encrypted; the old key file is still in place. Without
    // settling, no password would open it.
    let (mut store, admin) = access::unlock(&db, ADMIN.0, ADMIN.1, Utc::now()).unwrap();
    let before = std::fs::read(&keys).unwrap();
    store.change_database_key(&admin).unwrap();
    drop(store);
    std::fs::rename(&keys, &pending).unwrap();
    std::fs::write(&keys, &before).unwrap();
    let (store, _) = access::unlock(&db, CASEWORKER.0, CASEWORKER.1, Utc::now()).expect("settled by the caseworker's own slot");
    assert!(!pending.exists());
    drop(store);
    assert!(access::unlock(&db, ADMIN.0, ADMIN.1, Utc::now()).is_ok());
}
