//! Encryption at rest, checked the way a thief would: a whole working day with canary names
//! (a person, a group, a session note) through the real core on an encrypted database, then
//! every byte of every file under the data folder (database, WAL, key file, daily and manual
//! backups, safety copies) searched for the canaries, as UTF-8 and UTF-16, any case. Exports the
//! person asked for go elsewhere (a USB stick, Documents), as in the app; the test also proves
//! the canaries really were written, by finding them in those exports.

use crate::support::*;
use recovery_register::access;
use recovery_register::backup;
use recovery_register::keys::Cost;
use recovery_register::model::*;
use recovery_register::printing::Output;
use recovery_register::reports::{self, csv::Disclosure, Month};

const CANARIES: [&str; 4] = ["Quillanbrook", "Zephyrine", "Marrowgate Recovery Circle", "canary-note-7f3a"];

fn hits(bytes: &[u8]) -> Vec<&'static str> {
    found_in(bytes, &CANARIES)
}

#[test]
fn no_canary_is_readable_in_any_file_under_the_data_folder() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let stick = root.path().join("stick");
    std::fs::create_dir_all(&stick).unwrap();
    let db = data.join("recovery-register.db");

    let made = access::set_up(&db, "agrant", "Alison Grant", "correct horse battery", Cost::MINIMUM).unwrap();
    let (mut store, actor) = (made.store, made.actor);
    store.set_today(d(2026, 11, 16));
    let est = store.add_establishment(&actor, &NewEstablishment { code: "PER".into(), name: "HMP Perth".into() }).unwrap();
    let person = store.add_participant(&actor, est.id, &prisoner_details("100001", "Zephyrine", "Quillanbrook")).unwrap();
    let other = store.add_participant(&actor, est.id, &prisoner_details("100002", "Łukasz", "Żółć")).unwrap();
    let group = store.add_group(&actor, est.id, &programme_details("Marrowgate Recovery Circle")).unwrap();
    store.enrol_many(&actor, group.id, &[person.id, other.id], d(2026, 10, 5)).unwrap();
    let sessions = store.generate_sessions(&actor, group.id, d(2026, 10, 5), d(2026, 11, 9)).unwrap();
    for s in &sessions {
        store.take_register(&actor, s.id, &[Mark::present(person.id), Mark::present(other.id)]).unwrap();
    }
    let log = SessionLog {
        topic: Some("Relapse prevention".into()),
        notes: Some("canary-note-7f3a: Zephyrine spoke first".into()),
        facilitators: vec![],
    };
    store.log_session(&actor, sessions[0].id, &log, true).unwrap();
    store.view_participant(&actor, person.id).unwrap();
    let kind = store.add_award_type(&actor, est.id, &peer_mentor_award()).unwrap();
    let awards = store.issue_awards(&actor, kind.id, None, &[person.id], d(2026, 11, 16)).unwrap();

    // What the person asked for goes where they chose: the stick.
    let certificates = stick.join("certificates.pdf");
    store.print_awards(&actor, &[awards[0].id], None, &Output::Combined(certificates.clone()), &mut |_| {}).unwrap();
    let report = store.monthly_report(&actor, &[est.id], Month::parse("month", "2026-10").unwrap()).unwrap();
    recovery_register::files::write_whole(
        &stick.join("october.csv"),
        &reports::csv::monthly_csv(&report, Disclosure { suppress_small: false }).unwrap(),
    )
    .unwrap();
    recovery_register::files::write_whole(&stick.join("sheet.pdf"), &store.register_sheet_pdf(&actor, sessions[1].id).unwrap()).unwrap();
    store.back_up_to(&actor, &stick.join("backup.db")).unwrap();

    // Backups inside the data folder: the day's automatic one, "back up now", and a restore's
    // safety copy.
    let folder = backup::folder_beside(&db);
    store.daily_backup(&folder).unwrap();
    let now = store.back_up_now(&actor, &folder).unwrap();
    store.restore_from(&actor, &now.path, &backup::safety_copy_beside(&db, store.today())).unwrap();
    drop(store);
    // A second session, as after a restart: the WAL and the key file change again.
    let (mut again, actor) = access::unlock(&db, "agrant", "correct horse battery", chrono::Utc::now()).unwrap();
    again.view_participant(&actor, person.id).unwrap();

    // The canaries were really written: the database reads them back, and the plain exports
    // the person chose to make hold them.
    assert_eq!(again.participant(&actor, person.id).unwrap().family_name, "Quillanbrook");
    let exported: Vec<u8> = std::fs::read(stick.join("october.csv")).unwrap();
    assert_eq!(hits(&exported), ["Marrowgate Recovery Circle"], "the test's search finds what is there");

    let files = files_under(&data);
    // Named with '/' on every system, so the list reads the same on Windows.
    let names: Vec<String> = files
        .iter()
        .map(|p| p.strip_prefix(&data).unwrap().components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"))
        .collect();
    for expected in ["recovery-register.db", "recovery-register.keys", "recovery-register.db-wal", "backups/register-2026-11-16.db"] {
        assert!(names.iter().any(|n| n == expected), "{expected} should be among {names:?}");
    }
    assert!(names.iter().any(|n| n.starts_with("backups/before-restore-")), "a safety copy: {names:?}");
    let mut found = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        for canary in hits(&bytes) {
            found.push(format!("{canary} in {}", file.display()));
        }
    }
    println!(
        "canary search: {} files, {} bytes, {} hits",
        files.len(),
        files.iter().map(|f| f.metadata().unwrap().len()).sum::<u64>(),
        found.len()
    );
    assert!(found.is_empty(), "readable personal data under the data folder: {found:?}");
}
