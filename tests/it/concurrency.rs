//! Two processes writing to one database file at once: the CLI beside the desktop app, or two
//! windows. Neither may see "database is locked"; every write lands.

use crate::support::cli;
use std::thread;

#[test]
fn two_processes_write_at_once_without_locking_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    let ok = cli(&db, &["establishment", "add", "--code", "LOW", "--name", "HMP Low Moss"]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));

    // One process holds long write transactions (a whole demo establishment) ...
    let demo_db = db.clone();
    let demo = thread::spawn(move || vec![cli(&demo_db, &["demo", "--scale", "establishment", "--seed", "7"])]);
    // ... while two others add people one short transaction at a time.
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let db = db.clone();
            thread::spawn(move || {
                (0..15)
                    .map(|i| {
                        let number = format!("9{w}{i:04}");
                        cli(
                            &db,
                            &[
                                "participant",
                                "add",
                                "--establishment",
                                "LOW",
                                "--prison-number",
                                &number,
                                "--given-name",
                                "Łukasz",
                                "--family-name",
                                "Żółć",
                            ],
                        )
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut outputs = demo.join().unwrap();
    for w in writers {
        outputs.extend(w.join().unwrap());
    }
    for out in &outputs {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "a write failed: {stderr}");
        assert!(!stderr.to_lowercase().contains("locked"), "{stderr}");
    }
    let listed = cli(&db, &["--json", "participant", "list", "--establishment", "LOW"]);
    let people: Vec<serde_json::Value> = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(people.len(), 30, "every write landed");
    let est = cli(&db, &["--json", "establishment", "list"]);
    let est: Vec<serde_json::Value> = serde_json::from_slice(&est.stdout).unwrap();
    assert_eq!(est.len(), 2, "LOW and the demo's PER");
}
