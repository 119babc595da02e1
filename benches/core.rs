//! Benchmarks that print figures (run: `cargo bench --bench core`, or `make bench`).
//! - national demo: generation time and file size;
//! - committing a 12-person register: p50 and p99 (synchronous=FULL, on disk);
//! - finding a person among 100,000: p50 and p99.
//! Files go to target/bench-data (synthetic data only).

use chrono::{Days, NaiveDate, NaiveTime, Weekday};
use recovery_register::demo::{generate, Scale};
use recovery_register::model::*;
use recovery_register::{Actor, Store};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn main() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
    let actor = Actor::local_administrator();
    println!("Recovery Register core benchmarks (release build; files in {})\n", dir.display());

    national_demo(&dir, &actor, today);
    register_commit(&dir, &actor, today);
    find_a_person(&dir, &actor, today);
}

fn fresh(dir: &Path, name: &str, today: NaiveDate) -> (Store, PathBuf) {
    let path = dir.join(name);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let mut store = Store::open(&path).unwrap();
    store.set_today(today);
    (store, path)
}

fn national_demo(dir: &Path, actor: &Actor, today: NaiveDate) {
    let (mut store, path) = fresh(dir, "national.db", today);
    let started = Instant::now();
    let s = generate(&mut store, actor, Scale::National, 2026, today).unwrap();
    let took = started.elapsed();
    drop(store);
    let size = std::fs::metadata(&path).unwrap().len();
    println!("National demo (15 prisons, 10 years)");
    println!(
        "  {} people, {} groups, {} sessions, {} marks",
        s.participants, s.groups, s.sessions, s.marks
    );
    println!("  generation: {:.2} s   (target < 60 s)", took.as_secs_f64());
    println!("  file size:  {:.1} MB\n", size as f64 / 1e6);
}

fn register_commit(dir: &Path, actor: &Actor, today: NaiveDate) {
    let (mut store, _) = fresh(dir, "register.db", today);
    generate(&mut store, actor, Scale::Establishment, 1, today).unwrap();
    let est = store.establishment(actor, "PER").unwrap();
    let group = store
        .add_group(
            actor,
            est.id,
            &GroupDetails {
                name: "Benchmark group".into(),
                kind: GroupKind::SmartRecovery,
                location: None,
                starts_on: today - Days::new(7 * 150),
                ends_on: None,
                start_time: NaiveTime::from_hms_opt(14, 0, 0).unwrap(),
                duration_minutes: 90,
                schedule: Some(Schedule { weekday: Weekday::Mon, every_weeks: 1 }),
                planned_sessions: None,
                completion: None,
                facilitators: vec![],
            },
        )
        .unwrap();
    let people: Vec<ParticipantId> = (0..12)
        .map(|i| {
            let p = store
                .add_participant(actor, est.id, &ParticipantDetails {
                    kind: ParticipantKind::InCustody,
                    prison_number: Some(format!("B{i:05}")),
                    given_name: "Łukasz".into(),
                    family_name: format!("Żółć-{}", ["Ó", "Ní", "Mac", "Nic"][i % 4]).replace("-Ó", " Ó"),
                    date_of_birth: None,
                    location: None,
                    expected_liberation: None,
                })
                .unwrap();
            store.enrol(actor, group.id, p.id, group.details.starts_on).unwrap();
            p.id
        })
        .collect();
    let sessions = store.generate_sessions(actor, group.id, group.details.starts_on, group.details.starts_on + Days::new(7 * 149)).unwrap();
    let mut times = Vec::new();
    for (n, s) in sessions.iter().enumerate() {
        let marks: Vec<Mark> = people
            .iter()
            .enumerate()
            .map(|(i, p)| if (i + n) % 7 == 0 { Mark::absent(*p, AbsenceReason::NotUnlocked) } else { Mark::present(*p) })
            .collect();
        let started = Instant::now();
        store.take_register(actor, s.id, &marks).unwrap();
        times.push(started.elapsed());
    }
    let (p50, p99) = percentiles(&mut times);
    println!("Commit a 12-person register ({} registers, synchronous=FULL, WAL, on disk)", times.len());
    println!("  p50: {:.2} ms   p99: {:.2} ms   (target p50 < 10 ms)\n", ms(p50), ms(p99));
}

fn find_a_person(dir: &Path, actor: &Actor, today: NaiveDate) {
    const GIVEN: &[&str] = &["Seán", "Siobhán", "Łukasz", "Zoë", "Ciarán", "Jamie", "Connor", "Mateusz", "Paweł", "Minh",
        "Imran", "Aoife", "Niamh", "Mhairi", "Eilidh", "Craig", "Stephen", "Andrei", "Ștefan", "Tomáš"];
    const FAMILY: &[&str] = &["Ó Súilleabháin", "Żółć", "O'Neill-Smith", "MacDonald", "Campbell", "Stewart", "Nowak",
        "Kowalski", "Wiśniewski", "Nguyễn", "Trần", "Hussain", "Khan", "Reid", "Murray", "Dvořák", "Popescu",
        "Ní Bhriain", "Kerr", "Baird", "Quinn", "Devlin", "Boyle", "Brennan", "Gallacher"];
    let (mut store, _) = fresh(dir, "people.db", today);
    // Loading 100,000 people is set-up, not what is measured: skip the per-commit sync.
    store.connection().pragma_update(None, "synchronous", "OFF").unwrap();
    let est = store.add_establishment(actor, &NewEstablishment { code: "BIG".into(), name: "Benchmark".into() }).unwrap();
    let started = Instant::now();
    for i in 0..100_000usize {
        let details = ParticipantDetails {
            kind: ParticipantKind::InCustody,
            prison_number: Some(format!("{}", 100_000 + i * 7)),
            given_name: GIVEN[i % GIVEN.len()].into(),
            family_name: FAMILY[(i / GIVEN.len() + i) % FAMILY.len()].into(),
            date_of_birth: None,
            location: None,
            expected_liberation: None,
        };
        store.add_participant(actor, est.id, &details).unwrap();
    }
    println!("Find a person among 100,000 (loaded in {:.1} s)", started.elapsed().as_secs_f64());
    for query in ["sean o su", "łukasz", "zoe oneill", "123", "mac", "niamh ni bh", "s", "ştefan popescu", "700005"] {
        let mut times = Vec::new();
        let mut found = 0;
        for _ in 0..200 {
            let started = Instant::now();
            found = store.find_participants(actor, query, None, 25).unwrap().len();
            times.push(started.elapsed());
        }
        let (p50, p99) = percentiles(&mut times);
        println!("  {:<16} p50: {:>6.2} ms   p99: {:>6.2} ms   ({found} shown)", format!("\"{query}\""), ms(p50), ms(p99));
    }
    println!("  (target < 10 ms)");
}

fn percentiles(times: &mut [Duration]) -> (Duration, Duration) {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    (at(0.50), at(0.99))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
