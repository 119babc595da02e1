//! Schema migrations: an old database upgrades to exactly the schema a new one gets, keeping its
//! data; a database from a newer version is refused without being touched.

use recovery_register::store::SCHEMA_VERSION;
use recovery_register::{Actor, Store};
use rusqlite::Connection;

/// The schema as SQLite records it: every table, index and trigger with its SQL.
fn schema(conn: &Connection) -> Vec<(String, String, Option<String>)> {
    conn.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_version_1_database_upgrades_to_the_fresh_schema_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.db");
    {
        let conn = Connection::open(&old).unwrap();
        conn.execute_batch(include_str!("../fixtures/schema-v1.sql")).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
    }
    let upgraded = Store::open(&old).unwrap();
    let fresh = Store::open(&dir.path().join("fresh.db")).unwrap();
    assert_eq!(schema(upgraded.connection()), schema(fresh.connection()));
    let version: usize = upgraded.connection().query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).unwrap() as usize;
    assert_eq!(version, SCHEMA_VERSION);
    const { assert!(SCHEMA_VERSION >= 2, "the fixture must be older than the current schema") };

    // The old data reads back through today's code.
    let actor = Actor::local_administrator();
    let found = upgraded.find_participants(&actor, "seán", None, 5).unwrap();
    assert_eq!(found.len(), 1);
    let attendance = upgraded.attendance_of_participant(&actor, found[0].id).unwrap();
    assert_eq!((attendance[0].counts.expected, attendance[0].counts.absent_regime), (1, 1));
    assert!(upgraded.check_integrity().unwrap().is_empty());
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.db");
    drop(Store::open(&path).unwrap());
    let newer = SCHEMA_VERSION as i64 + 3;
    Connection::open(&path).unwrap().pragma_update(None, "user_version", newer).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert_eq!(err.code(), "newer_database");
    assert_eq!(
        err.to_string(),
        format!(
            "this database was written by a newer version of Recovery Register (schema version {newer}; \
             this version knows up to {SCHEMA_VERSION}); install the newer version to open it"
        )
    );
    let still: i64 = Connection::open(&path).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(still, newer);
}

#[test]
fn open_sets_the_pragmas_that_keep_registers_safe() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("nested/folder/register.db")).unwrap();
    let conn = store.connection();
    let get = |p: &str| -> String {
        conn.query_row(&format!("PRAGMA {p}"), [], |r| r.get::<_, rusqlite::types::Value>(0))
            .map(|v| match v {
                rusqlite::types::Value::Integer(i) => i.to_string(),
                rusqlite::types::Value::Text(t) => t,
                other => format!("{other:?}"),
            })
            .unwrap()
    };
    assert_eq!(get("journal_mode"), "wal");
    assert_eq!(get("synchronous"), "2", "FULL");
    assert_eq!(get("foreign_keys"), "1");
    assert_eq!(get("trusted_schema"), "0");
    assert_eq!(get("secure_delete"), "1");
    assert_eq!(get("busy_timeout"), "10000");
    // SQLCipher is the engine, ready for encryption at rest.
    let cipher: String = conn.query_row("PRAGMA cipher_version", [], |r| r.get(0)).unwrap();
    assert!(cipher.starts_with('4'), "{cipher}");
}

#[test]
fn the_cli_and_the_desktop_app_share_one_default_database() {
    let conf: serde_json::Value = serde_json::from_str(include_str!("../../tauri.conf.json")).unwrap();
    assert_eq!(conf["identifier"], recovery_register::paths::APP_IDENTIFIER);
    let path = recovery_register::paths::default_database().unwrap();
    assert!(path.ends_with("org.recoveryregister.desktop/recovery-register.db"), "{}", path.display());
    // The local (not roaming) data folder: %LOCALAPPDATA% on Windows, so records never follow a
    // roaming profile to another PC; $XDG_DATA_HOME or ~/.local/share on Linux.
    let local = if cfg!(windows) {
        std::path::PathBuf::from(std::env::var_os("LOCALAPPDATA").expect("LOCALAPPDATA"))
    } else {
        std::env::var_os("XDG_DATA_HOME")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| std::path::PathBuf::from(std::env::var_os("HOME").unwrap()).join(".local/share"))
    };
    assert_eq!(path, local.join("org.recoveryregister.desktop").join("recovery-register.db"));
    assert!(!path.starts_with(std::env::temp_dir()), "never in a temp folder");
}
