//! Folders as they are on the PCs the app runs on: a profile or a stick named in any script
//! (`C:\Users\Siobhán Ó Súilleabháin\...`), and folders deeper than Windows' old 260-character
//! limit. The database, a backup, a restore and a document must all work there, on Linux and
//! under Windows (scripts/test-windows.sh).

use crate::support::*;
use recovery_register::files::write_whole;
use recovery_register::model::*;
use recovery_register::{Actor, Store};
use std::path::Path;

/// Opens a database in `folder`, records a person, backs up beside it, restores, and writes a
/// document there: everything comes back, and the person is still there after the restore.
fn check(folder: &Path) {
    std::fs::create_dir_all(folder).unwrap();
    let db = folder.join("recovery-register.db");
    let mut store = Store::open(&db).unwrap_or_else(|e| panic!("opening a database in {}: {e}", folder.display()));
    store.set_today(d(2026, 11, 16));
    let actor = Actor::local_administrator();
    let establishment = store.add_establishment(&actor, &NewEstablishment { code: "per".into(), name: "HMP Perth".into() }).unwrap();
    let person = store.add_participant(&actor, establishment.id, &prisoner_details("700001", "Łukasz", "Żółć")).unwrap();

    let copies = folder.join("Cóipeanna");
    std::fs::create_dir_all(&copies).unwrap();
    let backup = store.back_up_to(&actor, &copies.join("backup.db")).unwrap_or_else(|e| panic!("a backup in {}: {e}", copies.display()));
    recovery_register::backup::check(&backup.path).unwrap();
    store.add_participant(&actor, establishment.id, &prisoner_details("700002", "Nguyễn", "Văn An")).unwrap();
    store
        .restore_from(&actor, &backup.path, &copies.join("safety.db"))
        .unwrap_or_else(|e| panic!("a restore in {}: {e}", copies.display()));
    let people = store.participants(&actor, &recovery_register::store::ParticipantFilter::default()).unwrap();
    assert_eq!(people.iter().map(|p| p.id).collect::<Vec<_>>(), [person.id], "the restore brought back the backup's one person");

    let document = folder.join("Siobhán Ó Súilleabháin, passport.pdf");
    write_whole(&document, b"%PDF-1.7").unwrap();
    assert_eq!(std::fs::read(&document).unwrap(), b"%PDF-1.7");
    assert!(store.check_integrity().unwrap().is_empty());
}

#[test]
fn a_database_and_its_backups_work_in_folders_named_in_any_script() {
    let dir = tempfile::tempdir().unwrap();
    check(&dir.path().join("Siobhán Ó Súilleabháin").join("Łukasz Żółć").join("Nguyễn Văn An"));
}

#[test]
fn a_database_and_its_backups_work_in_a_folder_deeper_than_260_characters() {
    let dir = tempfile::tempdir().unwrap();
    let mut folder = dir.path().to_path_buf();
    while folder.as_os_str().len() < 300 {
        folder.push("Recovery Register records kept here");
    }
    check(&folder);
}
