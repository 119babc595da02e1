//! The kill harness. A child process (`crash-writer`) adds a session and takes its 12-person
//! register, over and over, printing "saved <session id>" after each commit; the parent kills it
//! with SIGKILL after a random delay, again and again, then checks the file: every register the
//! child reported saved is there whole, no register is half-written, and SQLite's own checks pass.

use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use recovery_register::model::*;
use recovery_register::{Actor, Store};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub const ROSTER: usize = 12;
pub const GROUP: &str = "Kill test group";

/// "Today" for the writer: far ahead, so every session it adds is in the past and can be marked.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2099, 12, 31).unwrap()
}

pub fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2001, 1, 1).unwrap()
}

/// The account the writer logs in as: the database is encrypted, as the app's always is.
pub const USER: &str = "killtest";
pub const PASSWORD: &str = "kill test password";

/// Opens the encrypted database as the app does (with the tests' cheaper key derivation).
pub fn open(path: &Path) -> (Store, Actor) {
    recovery_register::access::unlock(path, USER, PASSWORD, chrono::Utc::now()).expect("log in")
}

/// The two passwords `key-changer` moves between (the first is `PASSWORD`).
pub const PASSWORDS: [&str; 2] = [PASSWORD, "another kill test password"];

pub fn other_password(current: &str) -> &'static str {
    if current == PASSWORDS[0] {
        PASSWORDS[1]
    } else {
        PASSWORDS[0]
    }
}

/// Logs in at `at` with whichever of the two passwords opens the database now, or `None` if
/// neither does: a key file and database that no longer agree, the failure this guards against.
pub fn log_in_with_either(path: &Path, at: chrono::DateTime<chrono::Utc>) -> Option<(Store, Actor, &'static str)> {
    PASSWORDS.iter().find_map(|p| recovery_register::access::unlock(path, USER, p, at).ok().map(|(s, a)| (s, a, *p)))
}

pub fn open_with_either(path: &Path, at: chrono::DateTime<chrono::Utc>) -> (Store, Actor, &'static str) {
    log_in_with_either(path, at).expect("one of the two passwords opens the database")
}

/// What the key-change runs found.
#[derive(Debug, Default)]
pub struct KeyFindings {
    pub kills: usize,
    /// Changes (a password and a new key each) the child reported complete.
    pub reported_changes: usize,
    /// Runs after which neither password opened the database.
    pub locked_out: usize,
    /// Pending key files left after a log-in (each log-in must settle the one it finds).
    pub unsettled: usize,
    pub integrity_failures: usize,
    pub elapsed: Duration,
}

/// Kills `key-changer` `kills` times, 0 to `max_delay` into each run (every other run after its
/// first reported change), and after each kill logs in as the app would: one of the two
/// passwords must open the database, and the log-in must leave no pending key file behind.
pub fn run_key_changes(changer: &Path, db: &Path, kills: usize, max_delay: Duration, seed: u64) -> KeyFindings {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let started = Instant::now();
    let pending = std::path::PathBuf::from(format!("{}.pending", recovery_register::keys::key_file_beside(db).display()));
    let mut f = KeyFindings { kills, ..KeyFindings::default() };
    let base = chrono::Utc::now();
    for run in 0..kills {
        // Each run at its own hour: failed tries of the wrong password fall out of every window.
        let at = base + chrono::Duration::hours(2 * run as i64);
        let mut command = Command::new(changer);
        command.arg(db).arg(at.to_rfc3339());
        f.reported_changes +=
            kill_in_flight(&mut command, run % 2 == 1, max_delay, &mut rng, |line| (line == "changed").then_some(())).len();
        match log_in_with_either(db, at + chrono::Duration::hours(1)) {
            None => f.locked_out += 1,
            Some((store, _, _)) => {
                let ok: String = store.connection().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
                if ok != "ok" {
                    f.integrity_failures += 1;
                }
                if pending.exists() {
                    f.unsettled += 1;
                }
            }
        }
    }
    f.elapsed = started.elapsed();
    f
}

/// A fresh database with one establishment, 12 people and one group they are all on.
pub fn prepare(path: &Path) {
    let made = recovery_register::access::set_up(path, USER, "Kill Test", PASSWORD, recovery_register::keys::Cost::MINIMUM).unwrap();
    let (mut store, actor) = (made.store, made.actor);
    store.set_today(today());
    let est = store.add_establishment(&actor, &NewEstablishment { code: "KIL".into(), name: "HMP Kill Test".into() }).unwrap();
    let group = store
        .add_group(
            &actor,
            est.id,
            &GroupDetails {
                name: GROUP.into(),
                kind: GroupKind::PeerLed,
                location: None,
                starts_on: first_day(),
                ends_on: None,
                start_time: chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
                duration_minutes: 60,
                schedule: None,
                planned_sessions: None,
                completion: None,
                facilitators: vec![],
            },
        )
        .unwrap();
    for i in 0..ROSTER {
        let p = store
            .add_participant(
                &actor,
                est.id,
                &ParticipantDetails {
                    kind: ParticipantKind::InCustody,
                    prison_number: Some(format!("{}", 900_000 + i)),
                    given_name: ["Siobhán", "Łukasz", "Zoë", "Nguyễn"][i % 4].into(),
                    family_name: ["Ó Súilleabháin", "Żółć", "O'Neill", "Khai", "MacLeòid", "Ærø"][i % 6].into(),
                    date_of_birth: None,
                    location: None,
                    expected_liberation: None,
                    printed_name: None,
                },
            )
            .unwrap();
        store.enrol(&actor, group.id, p.id, first_day()).unwrap();
    }
}

/// What the runs found.
#[derive(Debug, Default)]
pub struct Findings {
    pub kills: usize,
    /// Registers the child said were saved.
    pub reported_saved: usize,
    /// Of those, how many were not there, or not whole, afterwards.
    pub lost: usize,
    /// Sessions marked held whose register is not exactly the roster: a half-written register.
    pub partial: usize,
    /// Registers in the file (held sessions), reported or not (the last may land unreported).
    pub registers_in_file: usize,
    pub integrity: String,
    pub foreign_key_problems: usize,
    pub elapsed: Duration,
}

/// Runs the child `kills` times. Every other run is killed 0 to `max_delay` after it starts
/// (anywhere in start-up: opening, unlocking, WAL recovery, the first write); the rest are killed
/// 0 to `max_delay` after the child reports its first register saved, so kills land mid-write and
/// at least `kills / 2` registers are reported saved however busy the machine is.
pub fn run(writer: &Path, db: &Path, kills: usize, max_delay: Duration, seed: u64) -> Findings {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let started = Instant::now();
    let mut saved: BTreeSet<String> = BTreeSet::new();
    for run in 0..kills {
        let mut command = Command::new(writer);
        command.arg(db);
        saved.extend(kill_in_flight(&mut command, run % 2 == 1, max_delay, &mut rng, |line| {
            line.strip_prefix("saved ").map(str::to_string)
        }));
    }
    let mut f = check(db, &saved);
    f.kills = kills;
    f.elapsed = started.elapsed();
    f
}

/// Starts `command`, waits for its first report when `wait_first` (so that half the kills land
/// after something was done, however busy the machine), sleeps 0 to `max_delay`, then kills it
/// with SIGKILL (no destructors, no flush: a PC switched off at the wall). Returns what `report`
/// made of each line it printed before it died.
/// Starts the child, trying again a few times: under Wine, with the kill tests running side by
/// side, creating a process now and then fails with "Internal error" (ERROR_INTERNAL_ERROR).
fn spawn(command: &mut Command) -> std::process::Child {
    let mut tries = 0;
    loop {
        match command.spawn() {
            Ok(child) => return child,
            Err(_) if tries < 5 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(200));
            }
            Err(e) => panic!("start the child: {e}"),
        }
    }
}

fn kill_in_flight<T: Send + 'static>(
    command: &mut Command,
    wait_first: bool,
    max_delay: Duration,
    rng: &mut rand_chacha::ChaCha8Rng,
    report: fn(&str) -> Option<T>,
) -> Vec<T> {
    let mut child = spawn(command.stdout(Stdio::piped()).stderr(Stdio::null()));
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(|l| l.ok()) {
            if let Some(r) = report(&line) {
                let _ = tx.send(r);
            }
        }
    });
    let mut reported = Vec::new();
    if wait_first {
        match rx.recv_timeout(Duration::from_secs(120)) {
            Ok(first) => reported.push(first),
            Err(_) => {
                let _ = child.kill();
                panic!("the child reported nothing within two minutes of starting");
            }
        }
    }
    std::thread::sleep(Duration::from_micros(rng.random_range(0..max_delay.as_micros() as u64)));
    child.kill().unwrap();
    child.wait().unwrap();
    reader.join().unwrap();
    reported.extend(rx.try_iter());
    reported
}

/// Runs the child until it has reported `n` registers saved, then kills it: for tests that need
/// saved registers whatever the machine's speed.
pub fn save_at_least(writer: &Path, db: &Path, n: usize) -> BTreeSet<String> {
    let mut child = Command::new(writer).arg(db).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("start crash-writer");
    let stdout = child.stdout.take().unwrap();
    let mut saved = BTreeSet::new();
    for line in BufReader::new(stdout).lines().map_while(|l| l.ok()) {
        if let Some(id) = line.strip_prefix("saved ") {
            saved.insert(id.to_string());
            if saved.len() >= n {
                break;
            }
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(saved.len() >= n, "the writer stopped after {} registers", saved.len());
    saved
}

/// Opens the file as the app would after a crash and checks it.
pub fn check(db: &Path, reported: &BTreeSet<String>) -> Findings {
    let (store, _) = open(db);
    let conn = store.connection();
    let mut registers: std::collections::BTreeMap<String, (String, usize)> = Default::default();
    let mut stmt =
        conn.prepare("SELECT s.id, s.status, (SELECT count(*) FROM attendance a WHERE a.session_id = s.id) FROM session s").unwrap();
    let rows =
        stmt.query_map([], |r| Ok((r.get::<_, SessionId>(0)?.to_string(), r.get::<_, String>(1)?, r.get::<_, i64>(2)? as usize))).unwrap();
    for row in rows {
        let (id, status, marks) = row.unwrap();
        registers.insert(id, (status, marks));
    }
    let whole = |id: &String| registers.get(id).is_some_and(|(status, marks)| status == "held" && *marks == ROSTER);
    let lost = reported.iter().filter(|id| !whole(id)).count();
    // Whole: held with every mark, or not held with none.
    let partial = registers.values().filter(|(status, marks)| *marks != if status == "held" { ROSTER } else { 0 }).count();
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    let foreign_key_problems = conn.prepare("PRAGMA foreign_key_check").unwrap().query_map([], |_| Ok(())).unwrap().count();
    Findings {
        reported_saved: reported.len(),
        lost,
        partial,
        registers_in_file: registers.values().filter(|(s, _)| s == "held").count(),
        integrity,
        foreign_key_problems,
        ..Findings::default()
    }
}

/// What the take-in kills found.
#[derive(Debug, Default)]
pub struct TakeInFindings {
    pub kills: usize,
    pub reported_taken: usize,
    /// Runs after which the database was as before (killed before the commit).
    pub as_before: usize,
    /// Runs after which it held the whole file (committed).
    pub whole: usize,
    /// Runs after which it was neither: something half taken in. Must be 0.
    pub half: usize,
    /// Runs reported taken whose changes are not all there. Must be 0.
    pub lost: usize,
    /// Runs after which the change file's bytes had changed. Must be 0.
    pub file_changed: usize,
    pub integrity_failures: usize,
}

/// A team of two PCs in `dir`: the office (with `registers` registers of the kill-test group
/// taken after the café joined) and the café. Returns the café's database and the office's
/// change file.
pub fn prepare_team(dir: &Path, registers: usize) -> (std::path::PathBuf, std::path::PathBuf) {
    let office = dir.join("office").join("register.db");
    prepare(&office);
    let (mut store, actor) = open(&office);
    store.set_today(today());
    let joining = dir.join("cafe.rrjoin");
    let made =
        store.make_joining_file(&actor, "Office PC", "Café PC", &joining, recovery_register::change_file::PassphraseCost::MINIMUM).unwrap();
    let cafe = dir.join("cafe").join("register.db");
    recovery_register::store::team::join_team(&joining, &made.passphrase, &cafe).unwrap();
    let group = store.group_by_key(&actor, GROUP, None).unwrap();
    let roster: Vec<ParticipantId> = store.enrolments_of_group(&actor, group.id).unwrap().iter().map(|l| l.participant.id).collect();
    let mut day = first_day();
    for _ in 0..registers {
        let session = store.add_session(&actor, group.id, day, None).unwrap();
        let marks: Vec<Mark> = roster.iter().map(|p| Mark::present(*p)).collect();
        store.take_register(&actor, session.id, &marks).unwrap();
        day = day.succ_opt().unwrap();
    }
    let file = dir.join("office.rrchanges");
    store.send_changes(&actor, &file).unwrap();
    (cafe, file)
}

fn copy_folder(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// Kills `taker` (taking `file` into `db`) `kills` times at random moments up to `max_delay` (or
/// a little longer than one whole run takes, if that is shorter);
/// after each, the café's records must be as before or hold the whole file, never between, and
/// the file must be as it was. The café starts from its pristine copy each time.
pub fn run_take_ins(taker: &Path, db: &Path, file: &Path, kills: usize, max_delay: Duration, seed: u64) -> TakeInFindings {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let folder = db.parent().unwrap().to_path_buf();
    let pristine = folder.with_extension("pristine");
    copy_folder(&folder, &pristine);
    let file_before = std::fs::read(file).unwrap();
    let dump = |db: &Path| {
        let (store, _) = open(db);
        let integrity = store.check_integrity().unwrap();
        (store.team_dump().unwrap(), integrity.is_empty())
    };
    let (before, _) = dump(db);
    // One whole run, timed, so the kills fall across the whole of one: starting up, logging in,
    // reading, applying, committing.
    let (whole, took) = {
        let started = Instant::now();
        let out = Command::new(taker).arg(db).arg(file).stderr(Stdio::null()).output().expect("start change-taker");
        let took = started.elapsed();
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "taken");
        let (after, _) = dump(db);
        copy_folder(&pristine, &folder);
        (after, took)
    };
    let max_delay = max_delay.min(took * 13 / 10);
    assert_ne!(before, whole, "the file must change something");
    let mut f = TakeInFindings { kills, ..TakeInFindings::default() };
    for _ in 0..kills {
        let mut command = Command::new(taker);
        command.arg(db).arg(file);
        let taken = kill_in_flight(&mut command, false, max_delay, &mut rng, |line| (line == "taken").then(String::new));
        f.reported_taken += taken.len();
        let (now, sound) = dump(db);
        if !sound {
            f.integrity_failures += 1;
        }
        if now == before {
            f.as_before += 1;
            if !taken.is_empty() {
                f.lost += 1;
            }
        } else if now == whole {
            f.whole += 1;
        } else {
            f.half += 1;
        }
        if std::fs::read(file).unwrap() != file_before {
            f.file_changed += 1;
        }
        copy_folder(&pristine, &folder);
    }
    f
}
