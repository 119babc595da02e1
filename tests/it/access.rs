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
    // The two failures came before the database could be written: recorded as it opens.
    assert_eq!(trail, [Action::SetUp, Action::LogInFailed, Action::LogIn]);
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
    // The name the records from before accounts are credited to cannot be taken, and says why.
    let e = err(access::set_up(&db, "Admin", "Alison Grant", ADMIN_PASSWORD, Cost::MINIMUM));
    assert_eq!(e.to_string(), "username: 'admin' is kept for the records made before staff accounts existed; choose another, e.g. agrant");
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

    // The viewer cannot reset anyone else's; an administrator resets it (the database key
    // changes with it, so the viewer's window closes first, as at a shared PC's lock screen).
    assert_eq!(code(store.reset_password(&me, admin.staff_id(), "taken over!!")), "forbidden");
    drop(store);
    let (mut admin_store, admin) = access::unlock(&db, "agrant", ADMIN_PASSWORD, Utc::now()).unwrap();
    admin_store.reset_password(&admin, viewer.id, "reset by admin 3").unwrap();
    drop(admin_store);
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
    // Refused by the account even where its slot remains (a key change that failed after it).
    assert_eq!(code(store.log_in("cw", "caseworker pass", Utc::now())), "login_failed");
    drop(store);
    assert_eq!(code(access::unlock(&db, "cw", "caseworker pass", Utc::now())), "login_failed");
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
    assert_eq!(err(access::recover(&db, &wrong, "agrant", "brand new password")).to_string(), "recovery key: does not open this database");
    let key = RecoveryKey::parse(&typed).unwrap();
    let (mut store, admin) = access::recover(&db, &key, "agrant", "brand new password").unwrap();
    store.set_today(d(2026, 11, 16));
    let last: Vec<(Action, Option<String>)> = store
        .audit_trail(&admin, &AuditFilter { limit: Some(4), ..Default::default() })
        .unwrap()
        .into_iter()
        .rev()
        .map(|e| (e.action, e.detail))
        .collect();
    // The lost password is withdrawn with a new database key.
    assert_eq!(
        last,
        [
            (Action::ChangePassword, None),
            (Action::ChangePassword, Some("with the recovery key".into())),
            (Action::ChangeDatabaseKey, Some("after the recovery key was used: 1 account kept, 0 key slots left out".into())),
            (Action::LogIn, None),
        ]
    );
    drop(store);
    assert_eq!(code(access::unlock(&db, "agrant", ADMIN_PASSWORD, Utc::now())), "login_failed");
    assert!(access::unlock(&db, "agrant", "brand new password", Utc::now()).is_ok());
}

/// The data folder, the database and its companions, the key file and the backups are their
/// owner's only (0700 and 0600 on Unix, the current user alone in the access list on Windows),
/// so another account on a shared PC cannot copy them; a `.partial` file is made afresh, never
/// written through a link someone left in its place.
#[test]
fn the_data_folder_and_its_files_are_the_owners_only() {
    use recovery_register::files::is_owner_only;
    let dir = tempfile::tempdir().unwrap();
    // The app's own data folder, by its name: made its owner's only even when already there.
    let folder = dir.path().join(recovery_register::paths::APP_IDENTIFIER);
    std::fs::create_dir_all(&folder).unwrap();
    assert!(!is_owner_only(&folder).unwrap(), "a folder as any other is made: open to others (the test could fail)");
    let db = folder.join("recovery-register.db");
    let made = access::set_up(&db, "agrant", "Alison Grant", ADMIN_PASSWORD, Cost::MINIMUM).unwrap();
    let mut store = made.store;
    store.daily_backup(&recovery_register::backup::folder_beside(&db)).unwrap().expect("the day's backup");
    let backups = recovery_register::backup::folder_beside(&db);
    let mut files = vec![db.clone(), db.with_extension("keys")];
    files.extend(std::fs::read_dir(&backups).unwrap().map(|e| e.unwrap().path()));
    assert!(files.len() >= 4, "{files:?}");
    for path in [folder.as_path(), backups.as_path()].into_iter().chain(files.iter().map(|p| p.as_path())) {
        assert!(is_owner_only(path).unwrap(), "{} is not its owner's only", path.display());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!((mode(&folder), mode(&db), mode(&db.with_extension("db-wal"))), (0o700, 0o600, 0o600));
        // A link planted where the next export's `.partial` goes: the export replaces the link,
        // and the file it pointed at is untouched.
        let target = dir.path().join("someone-else.txt");
        std::fs::write(&target, b"not yours").unwrap();
        let export = dir.path().join("report.csv");
        std::os::unix::fs::symlink(&target, dir.path().join("report.csv.partial")).unwrap();
        recovery_register::files::write_whole(&export, b"figures").unwrap();
        assert_eq!((std::fs::read(&target).unwrap(), std::fs::read(&export).unwrap()), (b"not yours".to_vec(), b"figures".to_vec()));
        assert_eq!(mode(&export), 0o600);
    }
}

#[test]
fn failed_unlocks_reach_the_audit_trail_at_the_next_open_and_one_pc_stops_a_password_tried_on_every_name() {
    let (_dir, db, made) = set_up();
    let admin = made.actor;
    drop(made.store);
    let start = Utc::now();
    // Three guesses at start-up, before the database can be written: counted in the key file.
    for (i, name) in ["agrant", "nobody", "vjones"].into_iter().enumerate() {
        assert_eq!(code(access::unlock(&db, name, "not the password", start + Duration::seconds(i as i64))), "login_failed");
    }
    let (store, _) = access::unlock(&db, "agrant", ADMIN_PASSWORD, start + Duration::seconds(10)).unwrap();
    let failed = store.audit_trail(&admin, &AuditFilter { action: Some(Action::LogInFailed), ..Default::default() }).unwrap();
    let before_open: Vec<&str> =
        failed.iter().filter_map(|e| e.detail.as_deref()).filter(|d| d.contains("before the database opened")).collect();
    assert_eq!(before_open.len(), 1, "{failed:?}");
    assert!(before_open[0].starts_with("3 before the database opened, from "), "{}", before_open[0]);
    assert!(failed.iter().all(|e| e.staff_id.is_none() && e.record_id.is_none()), "no name, no account");
    drop(store);
    // Recorded once: the next open adds none.
    let (store, _) = access::unlock(&db, "agrant", ADMIN_PASSWORD, start + Duration::seconds(11)).unwrap();
    let again = store.audit_trail(&admin, &AuditFilter { action: Some(Action::LogInFailed), ..Default::default() }).unwrap();
    assert_eq!(again.len(), failed.len());
    drop(store);

    // One password tried against twenty names, a few times each: the PC stops it, whichever
    // name comes next (each name alone is under its own limit).
    let later = start + Duration::minutes(30);
    for i in 0..20 {
        let _ = access::unlock(&db, &format!("user{i}"), "Summer2026!", later + Duration::seconds(i));
    }
    let e = err(access::unlock(&db, "agrant", ADMIN_PASSWORD, later + Duration::seconds(30)));
    assert_eq!(e.code(), "too_many_attempts", "{e}");
    // After the window, the right password opens it again.
    assert!(access::unlock(&db, "agrant", ADMIN_PASSWORD, later + Duration::minutes(16)).is_ok());
}

#[test]
fn a_taken_username_never_touches_the_key_file_and_a_second_process_keeps_its_slots() {
    let (_dir, db, made) = set_up();
    let (mut app, admin) = (made.store, made.actor);
    let keys = db.with_extension("keys");
    // When it was last written, and a fingerprint of what it holds.
    let stamp = |p: &std::path::Path| {
        let bytes = std::fs::read(p).unwrap();
        (std::fs::metadata(p).unwrap().modified().unwrap(), bytes.len(), bytes.iter().map(|b| u64::from(*b)).sum::<u64>())
    };
    // A name already taken is refused before any slot is written: the file is not even
    // rewritten (a crash between overwriting agrant's slot and putting it back would have left
    // the database opening with the newcomer's password).
    let before = stamp(&keys);
    let taken = crate::support::new_account("agrant", "Someone Else", Role::Viewer, "a fresh passphrase");
    assert_eq!(code(app.add_account(&admin, &taken)), "conflict");
    assert_eq!(stamp(&keys), before, "the key file is untouched");
    assert!(access::unlock(&db, "agrant", ADMIN_PASSWORD, Utc::now()).is_ok());

    // The CLI adds an account while the app is open; the app then adds one of its own. The
    // app read the key file again first, so the CLI's slot survives.
    let (mut cli, cli_admin) = access::unlock(&db, "agrant", ADMIN_PASSWORD, Utc::now()).unwrap();
    cli.add_account(&cli_admin, &crate::support::new_account("jsmith", "Jo Smith", Role::Caseworker, "jo's own passphrase")).unwrap();
    drop(cli);
    app.add_account(&admin, &crate::support::new_account("kmurray", "Kay Murray", Role::Viewer, "kay's own passphrase")).unwrap();
    drop(app);
    assert!(access::unlock(&db, "jsmith", "jo's own passphrase", Utc::now()).is_ok(), "the CLI's account still opens the database");
    assert!(access::unlock(&db, "kmurray", "kay's own passphrase", Utc::now()).is_ok());
}
