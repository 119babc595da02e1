//! Real faults on real file systems: a full disk (a small tmpfs filled to the brim) and a
//! read-only drive (a tmpfs remounted read-only). Each must give the caseworker a clear message
//! and lose nothing already saved. Every test mounts its own tmpfs, so they run in parallel;
//! mounting needs root or CAP_SYS_ADMIN, and without it these tests fail and say so.

#[cfg(windows)]
use crate::support::host;
use crate::support::*;
use recovery_register::backup;
use recovery_register::files::write_whole;
use recovery_register::model::*;
use recovery_register::{Actor, Error, Store};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
#[cfg(target_os = "linux")]
use std::process::Command;

/// A tmpfs of `kib` KiB mounted on a fresh temporary folder: a small disk of its own. Unmounted
/// when dropped (also when a test panics), then the folder is removed.
#[cfg(target_os = "linux")]
struct Tmpfs {
    dir: tempfile::TempDir,
}

#[cfg(target_os = "linux")]
impl Tmpfs {
    fn mount(kib: u32) -> Tmpfs {
        let dir = tempfile::tempdir().expect("a temporary folder to mount on");
        let options = format!("size={kib}k,mode=0755");
        let out = Command::new("mount").args(["-t", "tmpfs", "-o", &options, "tmpfs"]).arg(dir.path()).output();
        // SAFETY: geteuid has no preconditions and cannot fail.
        let uid = unsafe { libc::geteuid() };
        match out {
            Ok(o) if o.status.success() => Tmpfs { dir },
            Ok(o) => panic!(
                "the fault tests need root (or CAP_SYS_ADMIN) to mount a small tmpfs as a real full or read-only \
                 disk; running as uid {uid}, `mount -t tmpfs -o {options} tmpfs {}` failed: {}",
                dir.path().display(),
                String::from_utf8_lossy(&o.stderr).trim()
            ),
            Err(e) => panic!(
                "the fault tests need root (or CAP_SYS_ADMIN) and the `mount` command to mount a small tmpfs; \
                 running as uid {uid}, `mount` could not be run: {e}"
            ),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `mount -o remount,<options>`: "ro" for a read-only drive, "rw" to give writing back.
    fn remount(&self, options: &str) {
        let out = Command::new("mount").args(["-o", &format!("remount,{options}")]).arg(self.path()).output().unwrap();
        assert!(
            out.status.success(),
            "remounting {} with {options} failed (is a file still open for writing?): {}",
            self.path().display(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
}

#[cfg(target_os = "linux")]
impl Drop for Tmpfs {
    fn drop(&mut self) {
        let unmounted = Command::new("umount").arg(self.dir.path()).status().is_ok_and(|s| s.success());
        if !unmounted {
            // A file still open after a panic: detach the mount anyway rather than leave it behind.
            let _ = Command::new("umount").arg("-l").arg(self.dir.path()).status();
        }
    }
}

/// Under Wine: a drive of its own (`F:\`), a tmpfs of `kib` KiB that the test host mounts and
/// gives a letter in the prefix, so the app meets a real full or read-only disk through Windows'
/// own calls (ERROR_DISK_FULL, ERROR_WRITE_PROTECT).
#[cfg(windows)]
struct Tmpfs {
    drive: String,
    root: PathBuf,
}

#[cfg(windows)]
impl Tmpfs {
    fn mount(kib: u32) -> Tmpfs {
        let reply = host::ask(serde_json::json!({ "do": "mount", "kib": kib })).unwrap_or_else(|e| panic!("a small drive: {e}"));
        let drive = reply["drive"].as_str().expect("the drive's letter").to_owned();
        let root = PathBuf::from(format!("{drive}\\"));
        Tmpfs { drive, root }
    }

    fn path(&self) -> &Path {
        &self.root
    }

    fn remount(&self, options: &str) {
        host::ask(serde_json::json!({ "do": "remount", "drive": self.drive, "options": options }))
            .unwrap_or_else(|e| panic!("remounting {} with {options} (is a file still open for writing?): {e}", self.drive));
    }
}

#[cfg(windows)]
impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = host::ask(serde_json::json!({ "do": "unmount", "drive": self.drive }));
    }
}

/// Fills the file system holding `dir` with one file until the disk refuses more, then gives
/// back `leave` bytes. Deleting the returned file frees the space again.
fn fill(dir: &Path, leave: u64) -> PathBuf {
    let path = dir.join("filler");
    let mut file = std::fs::File::create(&path).unwrap();
    let chunk = vec![0x5a_u8; 64 * 1024];
    let mut written = 0_u64;
    let refusal = loop {
        match file.write(&chunk) {
            Ok(0) => panic!("the disk accepted nothing without an error"),
            Ok(n) => written += n as u64,
            Err(e) => break e,
        }
    };
    assert_eq!(refusal.kind(), std::io::ErrorKind::StorageFull, "the filler stopped for another reason: {refusal}");
    file.set_len(written - leave).unwrap();
    path
}

/// That `e` says `before` and then that the drive is read-only. Wine reports a read-only drive as
/// access denied (Windows itself says the media is write-protected): either way the caseworker is
/// told to choose another folder.
fn assert_read_only(e: &Error, before: &str) {
    let reasons: &[&str] = if cfg!(windows) {
        &["the drive is read-only; choose another folder", "permission denied; choose another folder"]
    } else {
        &["the drive is read-only; choose another folder"]
    };
    assert!(reasons.iter().any(|r| e.to_string() == format!("{before}{r}")), "{e}");
}

fn names_in(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| n.to_string()).collect()
}

/// A weekly peer-led group of twelve people with 65 Mondays of sessions (05/10/2026 to
/// 28/12/2027), all in the past: "today" is 31/12/2027.
struct Data {
    actor: Actor,
    people: Vec<Participant>,
    sessions: Vec<Session>,
}

fn set_up(db: &Path) -> (Store, Data) {
    let mut store = Store::open(db).unwrap();
    store.set_today(d(2027, 12, 31));
    let actor = Actor::local_administrator();
    let establishment = store.add_establishment(&actor, &NewEstablishment { code: "per".into(), name: "HMP Perth".into() }).unwrap();
    let names = [("Seán", "Ó Súilleabháin"), ("Łukasz", "Żółć"), ("Zoë", "O'Neill-Smith"), ("Eilidh", "Reid")];
    let people: Vec<Participant> = (0..12)
        .map(|i| {
            let (given, family) = names[i % names.len()];
            store.add_participant(&actor, establishment.id, &prisoner_details(&format!("5000{i:02}"), given, family)).unwrap()
        })
        .collect();
    let details =
        GroupDetails { kind: GroupKind::PeerLed, planned_sessions: None, completion: None, ..programme_details("Recovery Café") };
    let group = store.add_group(&actor, establishment.id, &details).unwrap();
    store.enrol_many(&actor, group.id, &people.iter().map(|p| p.id).collect::<Vec<_>>(), d(2026, 10, 5)).unwrap();
    let sessions = store.generate_sessions(&actor, group.id, d(2026, 10, 5), d(2027, 12, 31)).unwrap();
    assert_eq!(sessions.len(), 65);
    (store, Data { actor, people, sessions })
}

impl Data {
    /// Register `n`: attendance and absences with reasons, each mark with a long note.
    fn marks(&self, n: usize) -> Vec<Mark> {
        let reasons = [AbsenceReason::NotUnlocked, AbsenceReason::Healthcare, AbsenceReason::ChoseNotToAttend];
        self.people
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut mark = match (i + n) % 6 {
                    0 => Mark::absent(p.id, reasons[(i + n) % reasons.len()]),
                    1 => Mark { mark: MarkKind::Late, ..Mark::present(p.id) },
                    _ => Mark::present(p.id),
                };
                let note = format!("Session {n}, person {i}: took part in the check-in and spoke about the week. ");
                mark.note = Some(note.repeat(6).trim_end().chars().take(500).collect());
                mark
            })
            .collect()
    }

    fn save(&self, store: &mut Store, n: usize) -> (SessionId, Vec<Mark>) {
        let marks = self.marks(n);
        let saved = store.take_register(&self.actor, self.sessions[n].id, &marks).unwrap();
        assert_eq!((saved.saved, saved.unmarked, saved.status), (12, 0, SessionStatus::Held));
        (self.sessions[n].id, marks)
    }
}

fn sorted(mut marks: Vec<Mark>) -> Vec<Mark> {
    marks.sort_by_key(|m| m.participant_id);
    marks
}

fn marks_on(store: &Store, actor: &Actor, session: SessionId) -> Vec<Mark> {
    sorted(store.register(actor, session).unwrap().lines.into_iter().filter_map(|l| l.mark).collect())
}

/// Every register reported saved is there, with exactly the marks it was saved with.
fn assert_all_there(store: &Store, actor: &Actor, saved: &[(SessionId, Vec<Mark>)]) {
    for (session, marks) in saved {
        assert_eq!(marks_on(store, actor, *session), sorted(marks.clone()), "the register of session {session}");
        assert_eq!(store.session(actor, *session).unwrap().status, SessionStatus::Held);
    }
}

fn reopen(db: &Path) -> Store {
    let mut store = Store::open(db).unwrap_or_else(|e| panic!("reopening {}: {e}", db.display()));
    store.set_today(d(2027, 12, 31));
    store
}

#[test]
fn a_full_disk_refuses_the_act_clearly_and_loses_nothing_saved() {
    let disk = Tmpfs::mount(8 * 1024);
    let db = disk.path().join("register.db");
    let (mut store, data) = set_up(&db);
    let actor = data.actor;
    let mut saved: Vec<_> = (0..3).map(|n| data.save(&mut store, n)).collect();
    // A good backup and a report made while there was room: failed attempts must not harm them.
    let backup_path = disk.path().join("backup.db");
    store.back_up_to(&actor, &backup_path).unwrap();
    let backup_bytes = std::fs::read(&backup_path).unwrap();
    let report = disk.path().join("report.pdf");
    write_whole(&report, b"the report as it was").unwrap();

    // Nearly full; then registers until the disk refuses one.
    let filler = fill(disk.path(), 96 * 1024);
    let mut next = 3;
    let (error, before) = loop {
        assert!(next < data.sessions.len(), "the disk never filled: {next} registers fitted");
        let before = snapshot(&store);
        let marks = data.marks(next);
        match store.take_register(&actor, data.sessions[next].id, &marks) {
            Ok(r) => {
                assert_eq!(r.saved, 12);
                saved.push((data.sessions[next].id, marks));
                next += 1;
            }
            Err(e) => break (e, before),
        }
    };
    assert!(matches!(error, Error::DiskFull), "{error:?}");
    assert_eq!(error.code(), "disk_full");
    assert_eq!(error.to_string(), "the disk is full: nothing was saved by this action; free some space and try again");

    // Nothing half-done: the refused register has no marks, its session is still planned, and
    // no row anywhere changed.
    let refused = data.sessions[next].id;
    assert_eq!(marks_on(&store, &actor, refused), []);
    assert_eq!(store.session(&actor, refused).unwrap().status, SessionStatus::Planned);
    assert_eq!(snapshot(&store), before);
    assert!(store.check_integrity().unwrap().is_empty());

    // A backup and a file onto the full disk: a clear error naming the file, no `.partial` left,
    // the earlier backup and report untouched, the database unharmed.
    let e = store.back_up_to(&actor, &backup_path).unwrap_err();
    assert_eq!(e.code(), "file");
    assert_eq!(e.to_string(), format!("could not write {}: the disk is full; no backup was made", backup_path.display()));
    assert_eq!(std::fs::read(&backup_path).unwrap(), backup_bytes);
    backup::check(&backup_path).unwrap();
    let e = write_whole(&report, &vec![b'%'; 512 * 1024]).unwrap_err();
    assert_eq!(e.code(), "file");
    assert_eq!(e.to_string(), format!("could not write {}: the disk is full; nothing was written", report.display()));
    assert_eq!(std::fs::read(&report).unwrap(), b"the report as it was");
    let new_report = disk.path().join("Attendance November 2027.pdf");
    let e = write_whole(&new_report, &vec![b'%'; 512 * 1024]).unwrap_err();
    assert_eq!(e.to_string(), format!("could not write {}: the disk is full; nothing was written", new_report.display()));
    assert_eq!(
        names_in(disk.path()),
        set(&["backup.db", "backup.manifest.json", "filler", "register.db", "register.db-shm", "register.db-wal", "report.pdf"]),
        "no .partial file and no half-written report are left"
    );
    assert_eq!(snapshot(&store), before);
    assert!(store.check_integrity().unwrap().is_empty());

    // The app restarted before anyone frees space: everything saved is still there.
    drop(store);
    let mut store = reopen(&db);
    assert_eq!(snapshot(&store), before);
    assert_all_there(&store, &actor, &saved);
    assert_eq!(marks_on(&store, &actor, refused), []);
    assert!(store.check_integrity().unwrap().is_empty());

    // Space freed: the same register now saves, and so does a backup.
    std::fs::remove_file(&filler).unwrap();
    saved.push(data.save(&mut store, next));
    store.back_up_to(&actor, &backup_path).unwrap();
    backup::check(&backup_path).unwrap();
    drop(store);
    let store = reopen(&db);
    assert_all_there(&store, &actor, &saved);
    assert!(store.check_integrity().unwrap().is_empty());
}

#[test]
fn a_read_only_drive_is_named_as_the_problem_and_its_registers_survive() {
    let disk = Tmpfs::mount(4 * 1024);
    let db = disk.path().join("register.db");
    let (mut store, data) = set_up(&db);
    let actor = data.actor;
    let mut saved: Vec<_> = (0..4).map(|n| data.save(&mut store, n)).collect();
    drop(store);
    assert_eq!(names_in(disk.path()), set(&["register.db"]), "a clean close leaves one file");
    let bytes = std::fs::read(&db).unwrap();
    disk.remount("ro");

    // Opening it: SQLite cannot make the -shm file it needs beside the database.
    let e = Store::open(&db).err().expect("a database on a read-only drive cannot be opened for registers");
    assert_eq!(e.code(), "cannot_open");
    assert_eq!(
        e.to_string(),
        "could not open the database file: the drive or folder is read-only, this account may not write there, \
         or the file is missing; nothing was changed"
    );
    // A new database there, or in a new folder there.
    let new = disk.path().join("new.db");
    let e = Store::open(&new).err().expect("no new database on a read-only drive");
    assert_eq!(e.code(), "cannot_open");
    assert_eq!(
        e.to_string(),
        format!(
            "could not open the database file {}: the drive or folder is read-only, this account may not write there, \
             or the file is missing; nothing was changed",
            new.display()
        )
    );
    let folder = disk.path().join("Recovery Register");
    let e = Store::open(&folder.join("register.db")).err().expect("no new folder on a read-only drive");
    assert_eq!(e.code(), "folder");
    assert_read_only(&e, &format!("could not use the database folder {}: ", folder.display()));

    // A backup or a file onto the read-only drive, from a database elsewhere.
    let mut elsewhere = Fixture::new();
    let target = disk.path().join("backup.db");
    let e = elsewhere.store.back_up_to(&elsewhere.actor, &target).unwrap_err();
    assert_eq!(e.code(), "file");
    assert_eq!(e.to_string(), format!("could not write {}: the folder cannot be written to", target.display()));
    let report = disk.path().join("report.pdf");
    let e = write_whole(&report, b"%PDF-").unwrap_err();
    assert_eq!(e.code(), "file");
    assert_read_only(&e, &format!("could not write {}: ", report.display()));
    assert!(elsewhere.store.check_integrity().unwrap().is_empty());

    // Nothing on the drive changed, and with writing back everything saved is there.
    assert_eq!(names_in(disk.path()), set(&["register.db"]));
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
    disk.remount("rw");
    let mut store = reopen(&db);
    assert_all_there(&store, &actor, &saved);
    assert!(store.check_integrity().unwrap().is_empty());
    saved.push(data.save(&mut store, 4));
    drop(store);
    assert_all_there(&reopen(&db), &actor, &saved);
}

#[test]
fn a_database_left_by_a_crash_on_a_read_only_drive_reads_but_refuses_writes_clearly() {
    let disk = Tmpfs::mount(4 * 1024);
    let work = tempfile::tempdir().unwrap();
    let (mut store, data) = set_up(&work.path().join("register.db"));
    let actor = data.actor;
    let mut saved: Vec<_> = (0..3).map(|n| data.save(&mut store, n)).collect();
    // The files as a crash leaves them: the registers are in the -wal file, not yet in the database.
    for suffix in ["", "-wal", "-shm"] {
        let name = format!("register.db{suffix}");
        std::fs::copy(work.path().join(&name), disk.path().join(&name)).unwrap();
    }
    drop(store);
    disk.remount("ro");

    // SQLite opens it read-only: what was saved can be read, and a save is refused in words.
    let db = disk.path().join("register.db");
    let mut store = reopen(&db);
    assert_all_there(&store, &actor, &saved);
    let before = snapshot(&store);
    let e = store.take_register(&actor, data.sessions[3].id, &data.marks(3)).unwrap_err();
    assert_eq!(e.code(), "read_only");
    assert_eq!(e.to_string(), "the database is read-only here: nothing was saved; check the folder's permissions");
    let e = store.add_participant(&actor, data.people[0].establishment_id, &prisoner_details("600001", "Mhairi", "MacLeod"));
    assert_eq!(e.err().map(|e| e.code()), Some("read_only"));
    assert_eq!(snapshot(&store), before);
    drop(store);

    // With writing back, everything saved is there and the refused register can be taken.
    disk.remount("rw");
    let mut store = reopen(&db);
    assert_all_there(&store, &actor, &saved);
    assert_eq!(marks_on(&store, &actor, data.sessions[3].id), []);
    saved.push(data.save(&mut store, 3));
    assert!(store.check_integrity().unwrap().is_empty());
    drop(store);
    assert_all_there(&reopen(&db), &actor, &saved);
}
