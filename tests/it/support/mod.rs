//! Fixtures shared by the integration tests: a real database file in a temporary folder
//! (synthetic data only), a small establishment, and a snapshot of every row for
//! "nothing changed" checks.
#![allow(dead_code)]

#[path = "../../common/award_types.rs"]
mod award_types;
#[cfg(windows)]
pub mod host;
pub mod pdf;
pub use award_types::{peer_mentor_award, svq_award};

use chrono::{NaiveDate, NaiveTime, Weekday};
use recovery_register::model::*;
use recovery_register::{Actor, Store};
use std::path::PathBuf;

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub actor: Actor,
    pub establishment: Establishment,
}

impl Fixture {
    /// A fresh database on disk with one establishment; "today" is Monday 16 November 2026.
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("register.db")).unwrap();
        store.set_today(d(2026, 11, 16));
        let actor = Actor::local_administrator();
        let establishment = store.add_establishment(&actor, &NewEstablishment { code: "per".into(), name: "HMP Perth".into() }).unwrap();
        Fixture { dir, store, actor, establishment }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("register.db")
    }

    pub fn reopen(&mut self) {
        let today = self.store.today();
        self.store = Store::open(&self.path()).unwrap();
        self.store.set_today(today);
    }

    pub fn prisoner(&mut self, number: &str, given: &str, family: &str) -> Participant {
        self.store.add_participant(&self.actor, self.establishment.id, &prisoner_details(number, given, family)).unwrap()
    }

    /// A weekly Monday programme of 10 sessions from 5 October 2026, completed with 8.
    pub fn programme(&mut self, name: &str) -> Group {
        self.store.add_group(&self.actor, self.establishment.id, &programme_details(name)).unwrap()
    }

    /// Every row of every table, sorted: equal snapshots mean nothing was written.
    pub fn snapshot(&self) -> Vec<String> {
        snapshot(&self.store)
    }
}

/// A new staff account's details.
pub fn new_account(
    username: &str,
    display_name: &str,
    role: recovery_register::Role,
    password: &str,
) -> recovery_register::store::NewAccount {
    recovery_register::store::NewAccount { username: username.into(), display_name: display_name.into(), role, password: password.into() }
}

pub fn prisoner_details(number: &str, given: &str, family: &str) -> ParticipantDetails {
    ParticipantDetails {
        kind: ParticipantKind::InCustody,
        prison_number: Some(number.into()),
        given_name: given.into(),
        family_name: family.into(),
        date_of_birth: Some(d(1984, 3, 2)),
        location: Some("A Hall".into()),
        expected_liberation: None,
        printed_name: None,
    }
}

pub fn programme_details(name: &str) -> GroupDetails {
    GroupDetails {
        name: name.into(),
        kind: GroupKind::Programme,
        location: Some("Learning Centre".into()),
        starts_on: d(2026, 10, 5),
        ends_on: None,
        start_time: NaiveTime::from_hms_opt(14, 0, 0).unwrap(),
        duration_minutes: 90,
        schedule: Some(Schedule { weekday: Weekday::Mon, every_weeks: 1 }),
        planned_sessions: Some(10),
        completion: Some(CompletionRule { min_attended: 8, excuses_regime_absences: true }),
        facilitators: vec![],
    }
}

pub fn snapshot(store: &Store) -> Vec<String> {
    let conn = store.connection();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let cells: Vec<String> = (0..n).map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap())).collect();
            out.push(format!("{t}: {}", cells.join(" | ")));
        }
    }
    out.sort();
    out
}

/// The password every CLI test's administrator has.
pub const CLI_PASSWORD: &str = "correct horse battery staple";

/// Runs the real `recovery-register` binary on `db` as the administrator a script would name,
/// with today pinned to 16/11/2026. A database not there yet is set up first.
pub fn cli(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    cli_within(db, args, None)
}

/// `cli`, which must succeed: what it printed.
pub fn cli_ok(db: &std::path::Path, args: &[&str]) -> String {
    let out = cli(db, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// `cli`, which must be refused: what it said.
pub fn cli_refused(db: &std::path::Path, args: &[&str]) -> String {
    let out = cli(db, args);
    assert!(!out.status.success(), "{args:?} should be refused");
    String::from_utf8(out.stderr).unwrap()
}

/// A new database with HMP Perth and one person in custody, 300001 Siobhán Ó Súilleabháin, made
/// through the CLI.
pub fn cli_with_one_person(db: &std::path::Path) {
    cli_ok(db, &["establishment", "add", "--code", "PER", "--name", "HMP Perth"]);
    let person = ["--prison-number", "300001", "--given-name", "Siobhán", "--family-name", "Ó Súilleabháin"];
    cli_ok(db, &[&["participant", "add", "--establishment", "PER"][..], &person].concat());
}

/// The CLI as a person or a script runs it, on `db` (set up first if it is not there yet).
/// `memory`: the most address space the process may take, in bytes (Unix), so a file that makes
/// it ask for more ends it rather than the machine.
pub fn cli_within(db: &std::path::Path, args: &[&str], memory: Option<u64>) -> std::process::Output {
    let run = |args: &[&str]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_recovery-register"));
        command
            .arg("--db")
            .arg(db)
            .args(args)
            .env("RECOVERY_REGISTER_TODAY", "2026-11-16")
            .env("RECOVERY_REGISTER_USER", "administrator")
            .env("RECOVERY_REGISTER_PASSWORD", CLI_PASSWORD)
            // Set-up at the real cost takes most of a second per unlock; the cost itself is
            // the desktop end-to-end test's and the unlock benchmark's to measure.
            .env("RECOVERY_REGISTER_KEY_COST", "minimum")
            .stdin(std::process::Stdio::null());
        #[cfg(unix)]
        if let Some(bytes) = memory {
            use std::os::unix::process::CommandExt;
            // SAFETY: setrlimit is async-signal-safe, the only kind of call allowed between fork and exec.
            unsafe {
                command.pre_exec(move || {
                    let limit = libc::rlimit { rlim_cur: bytes as libc::rlim_t, rlim_max: bytes as libc::rlim_t };
                    if libc::setrlimit(libc::RLIMIT_AS, &limit) == 0 {
                        Ok(())
                    } else {
                        Err(std::io::Error::last_os_error())
                    }
                });
            }
        }
        #[cfg(not(unix))]
        let _ = memory;
        command.output().unwrap()
    };
    let is_demo = args.contains(&"demo");
    if !db.exists() && !is_demo {
        let made = run(&["setup", "--username", "administrator", "--name", "Alison Grant"]);
        assert!(made.status.success(), "setup: {}", String::from_utf8_lossy(&made.stderr));
    }
    run(args)
}

#[path = "../../common/scan.rs"]
mod scan;
pub use scan::{files_under, found_in};
