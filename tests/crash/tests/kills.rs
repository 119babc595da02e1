//! 200 SIGKILLs of a process writing registers: nothing reported saved is lost, nothing is
//! half-written, and SQLite's integrity and foreign-key checks pass. (The benchmark runs 1,000.)

use recovery_register_crash::*;
use std::time::Duration;

#[test]
fn two_hundred_kills_lose_nothing_that_was_reported_saved() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    prepare(&db);
    let f = run(std::path::Path::new(env!("CARGO_BIN_EXE_crash-writer")), &db, 200, Duration::from_millis(150), 7);
    println!("{f:?}");
    // Half the kills wait for a first save, so the check below is over registers that exist.
    assert!(f.reported_saved >= 100, "every other run reported a register saved before its kill: {f:?}");
    assert_eq!(f.lost, 0, "registers reported saved but missing or incomplete: {f:?}");
    assert_eq!(f.partial, 0, "half-written registers: {f:?}");
    assert!(f.registers_in_file >= f.reported_saved);
    assert_eq!(f.integrity, "ok");
    assert_eq!(f.foreign_key_problems, 0);
}

/// Kills while the key file and the database change together (a password change, then a new
/// database key): after every kill, one of the two passwords still opens the database, and the
/// log-in settles whatever change was cut short.
#[test]
fn killed_key_changes_never_lock_everyone_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    prepare(&db);
    let f = run_key_changes(std::path::Path::new(env!("CARGO_BIN_EXE_key-changer")), &db, 60, Duration::from_millis(400), 11);
    println!("{f:?}");
    assert!(f.reported_changes >= 30, "every other run reported a change before its kill: {f:?}");
    assert_eq!(f.locked_out, 0, "{f:?}");
    assert_eq!(f.unsettled, 0, "{f:?}");
    assert_eq!(f.integrity_failures, 0, "{f:?}");
}

/// Kills while a change file from another PC of the team is being taken in: the café's records
/// are as before or hold the whole file, never part of it, and the file is untouched.
#[test]
fn a_take_in_killed_part_way_leaves_the_records_as_before_and_the_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (cafe, file) = prepare_team(dir.path(), 40);
    let f = run_take_ins(std::path::Path::new(env!("CARGO_BIN_EXE_change-taker")), &cafe, &file, 40, Duration::from_millis(600), 5);
    println!("{f:?}");
    assert_eq!(f.half, 0, "{f:?}");
    assert_eq!(f.lost, 0, "{f:?}");
    assert_eq!(f.file_changed, 0, "{f:?}");
    assert_eq!(f.integrity_failures, 0, "{f:?}");
    // The kills fell both before and after the commit, so both outcomes were seen.
    assert!(f.as_before > 0 && f.whole > 0, "{f:?}");
}

#[test]
fn the_check_finds_a_lost_and_a_half_written_register() {
    // The harness must be able to fail: remove one reported register's marks, half of another's.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    prepare(&db);
    save_at_least(std::path::Path::new(env!("CARGO_BIN_EXE_crash-writer")), &db, 2);
    let (store, _) = open(&db);
    let conn = store.connection();
    let ids: Vec<Vec<u8>> = conn
        .prepare("SELECT id FROM session WHERE status = 'held' ORDER BY held_on LIMIT 2")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    conn.execute("DELETE FROM attendance WHERE session_id = ?1", [&ids[0]]).unwrap();
    conn.execute(
        "DELETE FROM attendance WHERE session_id = ?1 AND participant_id IN (SELECT participant_id FROM attendance WHERE session_id = ?1 LIMIT 5)",
        [&ids[1]],
    )
    .unwrap();
    let reported = conn
        .prepare("SELECT id FROM session WHERE status = 'held'")
        .unwrap()
        .query_map([], |r| r.get::<_, recovery_register::model::SessionId>(0))
        .unwrap()
        .map(|r| r.unwrap().to_string())
        .collect();
    drop(store);
    let checked = check(&db, &reported);
    assert_eq!(checked.lost, 2);
    assert_eq!(checked.partial, 2);
}
