//! Backups on real files: written with SQLite's backup, checked, fingerprinted; one a day,
//! rotated 7 daily + 4 weekly; restored only from a sound file, with a safety copy kept.

use crate::support::*;
use recovery_register::access;
use recovery_register::backup::{self, daily_name};
use recovery_register::keys::Cost;
use recovery_register::model::*;
use recovery_register::store::Action;
use recovery_register::{Actor, Role, Store};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

fn people(store: &Store) -> i64 {
    store.connection().query_row("SELECT count(*) FROM participant", [], |r| r.get(0)).unwrap()
}

#[test]
fn a_backup_is_a_checked_copy_with_its_fingerprint_and_no_partial_file() {
    let mut f = Fixture::new();
    f.prisoner("100001", "Siobhán", "Ó Súilleabháin");
    f.prisoner("100002", "Łukasz", "Żółć");
    let stick = f.dir.path().join("usb stick");
    std::fs::create_dir_all(&stick).unwrap();
    let b = f.store.back_up_to(&f.actor, &stick.join("register backup.db")).unwrap();
    let bytes = std::fs::read(&b.path).unwrap();
    assert_eq!(b.bytes, bytes.len() as u64);
    assert_eq!(b.sha256, Sha256::digest(&bytes).iter().map(|x| format!("{x:02x}")).collect::<String>());
    backup::check(&b.path).unwrap();
    assert_eq!(people(&Store::open(&b.path).unwrap()), 2);
    let mut names: Vec<String> =
        std::fs::read_dir(&stick).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["register backup.db", "register backup.manifest.json"], "no .partial left behind");
    // The manifest says what the backup is, and the audit trail's head in it (the anchor).
    let manifest: backup::Manifest = serde_json::from_slice(&std::fs::read(stick.join("register backup.manifest.json")).unwrap()).unwrap();
    assert_eq!((manifest.bytes, manifest.sha256.as_str()), (b.bytes, b.sha256.as_str()));
    let head: (i64, String) =
        f.store.connection().query_row("SELECT seq, hash FROM audit WHERE seq = 3", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!(manifest.audit_head.map(|a| (a.seq, a.hash)), Some(head), "the head before the backup's own entry");
}

#[test]
fn one_automatic_backup_a_day() {
    let mut f = Fixture::new();
    let folder = f.dir.path().join("backups");
    let first = f.store.daily_backup(&folder).unwrap().expect("the first start of the day backs up");
    assert_eq!(first.path, folder.join(daily_name(d(2026, 11, 16))));
    assert_eq!(f.store.daily_backup(&folder).unwrap(), None, "the second start the same day does not");
    f.store.set_today(d(2026, 11, 17));
    assert!(f.store.daily_backup(&folder).unwrap().is_some());
    let mut names: Vec<String> =
        std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(
        names,
        ["register-2026-11-16.db", "register-2026-11-16.manifest.json", "register-2026-11-17.db", "register-2026-11-17.manifest.json"]
    );
}

#[test]
fn rotation_keeps_seven_days_and_four_weeks() {
    let dir = tempfile::tempdir().unwrap();
    // Sixty days of backups up to Monday 16 November 2026, and a file the rotation must not touch.
    let mut day = d(2026, 9, 18);
    while day <= d(2026, 11, 16) {
        std::fs::write(dir.path().join(daily_name(day)), b"x").unwrap();
        day = day.succ_opt().unwrap();
    }
    std::fs::write(dir.path().join("notes.txt"), b"keep me").unwrap();
    backup::rotate(dir.path()).unwrap();
    let left: BTreeSet<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    let mut expected: BTreeSet<String> = (10..=16).map(|n| daily_name(d(2026, 11, n))).collect();
    // Before 10/11, the newest of each week: Sun 08/11, Sun 01/11, Sun 25/10, Sun 18/10.
    for (m, n) in [(11, 8), (11, 1), (10, 25), (10, 18)] {
        expected.insert(daily_name(d(2026, m, n)));
    }
    expected.insert("notes.txt".into());
    assert_eq!(left, expected);
}

/// An encrypted database set up as the app does it (with the tests' cheaper key derivation).
fn encrypted(dir: &std::path::Path, name: &str) -> (Store, Actor, std::path::PathBuf) {
    let db = dir.join(name);
    let made = access::set_up(&db, "agrant", "Alison Grant", "correct horse battery", Cost::MINIMUM).unwrap();
    let mut store = made.store;
    store.set_today(d(2026, 11, 16));
    store.add_establishment(&made.actor, &NewEstablishment { code: "PER".into(), name: "HMP Perth".into() }).unwrap();
    (store, made.actor, db)
}

fn add_person(store: &mut Store, actor: &Actor, number: &str, given: &str, family: &str) {
    let est = store.establishments(actor).unwrap().remove(0);
    store.add_participant(actor, est.id, &prisoner_details(number, given, family)).unwrap();
}

#[test]
fn a_restore_checks_the_backup_first_and_keeps_a_safety_copy() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, actor, _db) = encrypted(dir.path(), "register.db");
    add_person(&mut store, &actor, "100001", "Siobhán", "Ó Súilleabháin");
    let stick = dir.path().join("stick");
    std::fs::create_dir(&stick).unwrap();
    let saved = store.back_up_to(&actor, &stick.join("monday.db")).unwrap();
    assert!(stick.join("monday.keys").exists(), "the key slots travel with a backup to a stick");
    let raw = std::fs::read(&saved.path).unwrap();
    assert!(!raw.windows(7).any(|w| w == b"Siobh\xc3\xa1".as_slice() || w == b"SQLite ".as_slice()), "the backup is encrypted");
    add_person(&mut store, &actor, "100002", "Łukasz", "Żółć");
    let safety = dir.path().join("safety.db");

    // A damaged file, a file that is not a database, and another install's backup (another
    // key) are refused, and nothing changes.
    let damaged = dir.path().join("damaged.db");
    std::fs::write(&damaged, &raw[..raw.len() / 2]).unwrap();
    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, b"this is not a database at all, just words; more words to fill a page").unwrap();
    let other_dir = tempfile::tempdir().unwrap();
    let (mut other, other_actor, _) = encrypted(other_dir.path(), "register.db");
    let foreign = other.back_up_to(&other_actor, &dir.path().join("foreign.db")).unwrap().path;
    for bad in [&damaged, &garbage, &foreign] {
        assert!(store.restore_from(&actor, bad, &safety).is_err(), "{}", bad.display());
        assert_eq!(people(&store), 2, "the current database is untouched");
    }

    // A viewer or a caseworker may not restore.
    for role in [Role::Viewer, Role::Caseworker] {
        let e = store.restore_from(&actor.with_role(role), &saved.path, &safety).unwrap_err();
        assert_eq!(e.code(), "forbidden");
    }

    let kept = store.restore_from(&actor, &saved.path, &safety).unwrap();
    assert_eq!(people(&store), 1, "Monday's database is back, in the open store");
    let last = store.audit_trail(&actor, &Default::default()).unwrap().remove(0);
    assert_eq!((last.action, last.staff_id), (Action::Restore, Some(actor.staff_id())));
    assert!(store.check_integrity().unwrap().is_empty());
    assert!(store.check_audit_trail(&actor).unwrap().broken_at.is_none());
    drop(store);

    // Reopened with a password, as at the next start, the restored database is Monday's; the
    // safety copy holds what it replaced.
    let (mut reopened, _) = access::unlock(&dir.path().join("register.db"), "agrant", "correct horse battery", chrono::Utc::now()).unwrap();
    reopened.set_today(d(2026, 11, 16));
    assert_eq!(people(&reopened), 1);
    let key = recovery_register::keys::KeyFile::load(&dir.path().join("register.db"))
        .unwrap()
        .unlock("agrant", "correct horse battery", chrono::Utc::now())
        .unwrap();
    let copy = Store::open_encrypted(&kept.path, &key).unwrap();
    assert_eq!(people(&copy), 2, "the replaced database is kept");
}

#[test]
fn only_an_administrator_backs_up_to_a_folder() {
    let mut f = Fixture::new();
    for role in [Role::Viewer, Role::Caseworker] {
        let path = f.dir.path().join(format!("{role:?}.db"));
        let e = f.store.back_up_to(&f.actor.with_role(role), &path).unwrap_err();
        assert_eq!(e.to_string(), "not allowed: your role cannot back up or restore the database");
        assert!(!path.exists());
    }
}

#[test]
fn a_restore_keeps_todays_accounts_refuses_what_no_version_makes_and_keeps_three_safety_copies() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, actor, db) = encrypted(dir.path(), "register.db");
    let jo = store.add_account(&actor, &new_account("jsmith", "Jo Smith", Role::Caseworker, "jo's first passphrase")).unwrap();
    let monday = store.back_up_to(&actor, &dir.path().join("monday.db")).unwrap();
    // A copy of Monday's backup carrying a trigger of someone's own making.
    let now = chrono::Utc::now();
    let key = recovery_register::keys::KeyFile::load(&db).unwrap().unlock("agrant", "correct horse battery", now).unwrap();
    let tampered = dir.path().join("tampered.db");
    std::fs::copy(&monday.path, &tampered).unwrap();
    Store::open_encrypted(&tampered, &key)
        .unwrap()
        .connection()
        .execute_batch("CREATE TRIGGER quietly AFTER INSERT ON participant BEGIN DELETE FROM award; END;")
        .unwrap();
    // Since Monday, Jo has left: password reset and account disabled (each changed the key).
    store.reset_password(&actor, jo.id, "jo's second passphrase").unwrap();
    store.set_account_disabled(&actor, jo.id, true).unwrap();

    let backups = dir.path().join("backups");
    for i in 0..4 {
        store.restore_from(&actor, &monday.path, &backups.join(format!("before-restore-2026-11-16-10000{i}.db"))).unwrap();
    }
    // The restore brought Monday's records back, not Monday's accounts.
    assert_eq!(store.log_in("jsmith", "jo's first passphrase", now).unwrap_err().code(), "login_failed");
    assert_eq!(store.log_in("jsmith", "jo's second passphrase", now).unwrap_err().code(), "login_failed", "disabled");
    assert_eq!(store.set_account_disabled(&actor, jo.id, false).unwrap_err().code(), "invalid", "needs a new password first");
    store.reset_password(&actor, jo.id, "jo's third passphrase").unwrap();
    store.set_account_disabled(&actor, jo.id, false).unwrap();
    assert!(store.log_in("jsmith", "jo's first passphrase", now).is_err(), "Monday's password stays gone");
    assert!(store.log_in("jsmith", "jo's third passphrase", now).is_ok());
    // Each safety copy is a whole database: only the newest three are kept.
    let mut copies: Vec<String> =
        std::fs::read_dir(&backups).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    copies.sort();
    let (restores, copies): (Vec<String>, Vec<String>) = copies.into_iter().partition(|n| n.starts_with("restored-"));
    assert_eq!(
        copies,
        [
            "before-restore-2026-11-16-100001.db",
            "before-restore-2026-11-16-100001.manifest.json",
            "before-restore-2026-11-16-100002.db",
            "before-restore-2026-11-16-100002.manifest.json",
            "before-restore-2026-11-16-100003.db",
            "before-restore-2026-11-16-100003.manifest.json"
        ]
    );
    // Each restore left an anchor for the trail it brought back; the newest three are kept.
    assert_eq!(restores.len(), 3, "{restores:?}");

    // A backup that carries a trigger of someone's own making is refused, naming it.
    add_person(&mut store, &actor, "100009", "Nguyễn", "Văn An");
    let before = people(&store);
    let e = store.restore_from(&actor, &tampered, &backups.join("before-restore-2026-11-16-200000.db")).unwrap_err();
    assert!(e.to_string().contains("holds what no version of this app makes (trigger quietly)"), "{e}");
    assert_eq!(people(&store), before, "nothing was restored");
}
