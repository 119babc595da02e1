//! Benchmarks that print figures (run: `cargo bench --bench core`, or `make bench`).
//! - national demo: generation time and file size;
//! - committing a 12-person register: p50 and p99 (synchronous=FULL, on disk);
//! - finding a person among 100,000: p50 and p99;
//! - printing 1 and 100 certificates: the whole CLI process, time and size;
//! - the monthly report (data, PDF, CSV) for one prison and for all 15 (national demo);
//! - unlocking (logging in), and changing the database key of the establishment and national demos;
//! - a team of two PCs: sending and taking in a month and a year of the establishment demo's
//!   registers, file sizes, and one register taken in on the full database.
//!
//! A name after `--` runs only the matching sections, e.g. `cargo bench --bench core -- certificates`.
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

    // `cargo bench --bench core -- certificates` runs only the sections whose name matches.
    let only: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let wanted = |name: &str| only.as_deref().is_none_or(|o| name.contains(o));
    if wanted("national") {
        national_demo(&dir, &actor, today);
    }
    if wanted("register") {
        register_commit(&dir, &actor, today);
    }
    if wanted("find") {
        find_a_person(&dir, &actor, today);
    }
    if wanted("certificates") {
        certificates(&dir, &actor, today);
    }
    if wanted("report") {
        monthly_report(&dir, &actor, today);
    }
    if wanted("unlock") {
        unlock(&dir, today);
    }
    if wanted("import") {
        import(&dir, &actor, today);
    }
    if wanted("rekey") {
        rekey(&dir, today);
    }
    if wanted("team") {
        team(&dir, today);
    }
    if wanted("between") {
        between(&dir, &actor, today);
    }
}

/// The national demo opened (made once, then kept in bench-data), closed again so it can be copied.
fn national_demo_file(dir: &Path, actor: &Actor, today: NaiveDate) -> PathBuf {
    let path = dir.join("national.db");
    if !path.exists() {
        let (mut store, _) = fresh(dir, "national.db", today);
        generate(&mut store, actor, Scale::National, 2026, today).unwrap();
    }
    path
}

/// A copy of the national demo to change: one install's own database.
fn copy_of(from: &Path, dir: &Path, name: &str, today: NaiveDate) -> Store {
    let (store, path) = fresh(dir, name, today);
    drop(store);
    std::fs::copy(from, &path).unwrap();
    let mut store = Store::open(&path).unwrap();
    store.set_today(today);
    store
}

/// Between establishments: the national demo's fifteen prisons send every month of their ten
/// years as figures files to a national office, which adds up the national returns; each month
/// is checked against the return the single database of all fifteen prints. Then every
/// transfer of the demo's last year as a transfer pack, made at one install and taken in at
/// another.
fn between(dir: &Path, actor: &Actor, today: NaiveDate) {
    use recovery_register::views::Month;
    println!("\nBetween establishments (national demo; release build)");
    let base = national_demo_file(dir, actor, today);
    let mut prisons = copy_of(&base, dir, "between-prisons.db", today);
    let (mut office, _) = fresh(dir, "between-office.db", today);
    let office_card = office.own_card(actor, None, Some("Scottish Prison Service recovery network")).unwrap();
    let establishments = prisons.establishments(actor).unwrap();
    for e in &establishments {
        let card = prisons.own_card(actor, Some(&e.code), None).unwrap();
        office.add_card(actor, &card.to_file(), false).unwrap();
    }
    prisons.add_card(actor, &office_card.to_file(), false).unwrap();
    let last = Month::containing(today).previous();
    let mut months = vec![last];
    while months.len() < 120 {
        months.push(months.last().unwrap().previous());
    }
    months.reverse();
    let (mut making, mut taking, mut bytes, mut files) = (Duration::ZERO, Duration::ZERO, 0usize, 0usize);
    for e in &establishments {
        for m in &months {
            let started = Instant::now();
            let (file, _) = prisons.figures_file(actor, &e.code, *m, "NATIONAL").unwrap();
            making += started.elapsed();
            let started = Instant::now();
            office.take_in_figures_bytes(actor, &file).unwrap();
            taking += started.elapsed();
            bytes += file.len();
            files += 1;
        }
    }
    println!(
        "  {files} figures files ({} establishments × {} months, {:.1} MB): made {:.1} ms each, taken in {:.1} ms each",
        establishments.len(),
        months.len(),
        bytes as f64 / 1e6,
        ms(making) / files as f64,
        ms(taking) / files as f64
    );
    let started = Instant::now();
    let returns: Vec<_> = months.iter().map(|m| office.national_return(actor, *m).unwrap()).collect();
    let years: Vec<i32> = (months[0].year..=last.year).collect();
    for y in &years {
        office.national_year(actor, *y).unwrap();
    }
    let took = started.elapsed();
    println!(
        "  the national returns of all {} months and {} annual summaries from them: {:.2} s (target < 2 s), {:.1} ms a month",
        months.len(),
        years.len(),
        took.as_secs_f64(),
        ms(took) / (months.len() + years.len()) as f64
    );
    let same = months
        .iter()
        .zip(&returns)
        .filter(|(m, r)| {
            let single = prisons.monthly_report(actor, &[], **m).unwrap();
            sorted(single.totals) == sorted(r.totals.clone()) && single.liberation == r.liberation && r.missing.is_empty()
        })
        .count();
    println!("  identical in every figure to the single database's return: {same} of {} months", months.len());
    assert_eq!(same, months.len(), "the national return from figures files differs from the single database's");
    drop(prisons);

    // Transfers: every transfer of the last year, from a prison of one half to a prison of the
    // other. Each half's prisons send from a copy of the demo holding their cards; each half's
    // prisons receive at an install of their own (no one in it yet, so a certificate that
    // verifies there can only have come in its pack).
    let (halves, rest) = establishments.split_at(establishments.len() / 2);
    let install = |mine: &[Establishment], name: &str| {
        let (mut store, _) = fresh(dir, name, today);
        for e in mine {
            store.add_establishment(actor, &NewEstablishment { code: e.code.clone(), name: e.name.clone() }).unwrap();
            store.own_card(actor, Some(&e.code), None).unwrap();
        }
        store
    };
    let (mut receives_rest, mut receives_halves) = (install(rest, "between-rest.db"), install(halves, "between-halves.db"));
    let mut first = copy_of(&base, dir, "between-first.db", today);
    let mut second = copy_of(&base, dir, "between-second.db", today);
    for (sender, senders, receiver, receivers) in
        [(&mut first, halves, &mut receives_rest, rest), (&mut second, rest, &mut receives_halves, halves)]
    {
        for e in senders {
            let card = sender.own_card(actor, Some(&e.code), None).unwrap();
            receiver.add_card(actor, &card.to_file(), false).unwrap();
        }
        for e in receivers {
            let card = receiver.own_card(actor, Some(&e.code), None).unwrap();
            sender.add_card(actor, &card.to_file(), false).unwrap();
        }
    }
    let folder = dir.join("between-packs");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    let mut stats = Transfers::default();
    stats.send(&mut first, &mut receives_rest, halves, rest, &folder, actor, today);
    stats.send(&mut second, &mut receives_halves, rest, halves, &folder, actor, today);
    let (made50, made99) = percentiles(&mut stats.making);
    let (taken50, taken99) = percentiles(&mut stats.taking);
    println!(
        "  {} transfer packs (every transfer of the last year; {:.1} KB each on average, {} certificates in them, all verified at the receiving prison: {}):",
        stats.making.len(),
        stats.bytes as f64 / 1024.0 / stats.making.len().max(1) as f64,
        stats.awards,
        stats.verified == stats.awards
    );
    println!("    made p50 {:.1} ms, p99 {:.1} ms; taken in p50 {:.1} ms, p99 {:.1} ms", ms(made50), ms(made99), ms(taken50), ms(taken99));
}

#[derive(Default)]
struct Transfers {
    making: Vec<Duration>,
    taking: Vec<Duration>,
    bytes: u64,
    awards: usize,
    verified: usize,
}

impl Transfers {
    /// Every person transferred out of `from_prisons` in the year to `today`, packed at `from`
    /// for a prison of `to_prisons` and taken in at `to`, where their certificates are checked.
    #[allow(clippy::too_many_arguments)]
    fn send(
        &mut self,
        from: &mut Store,
        to: &mut Store,
        from_prisons: &[Establishment],
        to_prisons: &[Establishment],
        folder: &Path,
        actor: &Actor,
        today: NaiveDate,
    ) {
        use recovery_register::store::transfers::TransferTo;
        use recovery_register::store::ParticipantFilter;
        let since = today - Days::new(365);
        for e in from_prisons {
            let filter = ParticipantFilter { establishment_id: Some(e.id), status: Some(CustodyStatus::Transferred), kind: None };
            let people = from.participants(actor, &filter).unwrap();
            for (i, p) in people.iter().filter(|p| p.status_since.is_some_and(|d| d >= since)).enumerate() {
                let dest = &to_prisons[i % to_prisons.len()];
                let path = folder.join(format!("{}.rrtransfer", p.id));
                let started = Instant::now();
                from.make_transfer_pack(actor, p.id, &TransferTo { to: dest.code.clone(), consent_given_on: p.status_since }, &path)
                    .unwrap();
                self.making.push(started.elapsed());
                self.bytes += std::fs::metadata(&path).unwrap().len();
                let started = Instant::now();
                to.take_in_transfer_pack(actor, &path).unwrap();
                self.taking.push(started.elapsed());
                for a in from.awards_of_participant(actor, p.id).unwrap() {
                    self.awards += 1;
                    let v =
                        to.verify_award(actor, &a.number, &a.verification_code, Some(&a.name_on_certificate), Some(a.awarded_on)).unwrap();
                    self.verified += usize::from(matches!(v, Verification::Elsewhere { .. }));
                }
            }
        }
    }
}

/// A month's figures with their lists in one order, to compare.
fn sorted(mut f: recovery_register::views::MonthFigures) -> recovery_register::views::MonthFigures {
    f.absences.sort_by_key(|c| c.what.code());
    f.cancellations.sort_by_key(|c| c.what.code());
    f.leavers.sort_by_key(|c| c.what.code());
    f
}

/// A team of two PCs on the establishment demo: the office retakes every register of a month
/// (then of a year) with one mark in seven changed, sends the change file, and the café PC takes
/// it in; then a single register, to show that taking in costs what the file holds, not what
/// the database holds.
fn team(dir: &Path, today: NaiveDate) {
    for (label, scale) in [("establishment demo", Scale::Establishment), ("national demo, 15 prisons", Scale::National)] {
        team_on(dir, today, label, scale);
    }
}

fn team_on(dir: &Path, today: NaiveDate, demo: &str, scale: Scale) {
    use recovery_register::change_file::PassphraseCost;
    println!("\nA team of two PCs ({demo}; release build, encrypted files on disk)");
    let folder = dir.join(format!("team-{}", demo.split(' ').next().unwrap()));
    let _ = std::fs::remove_dir_all(&folder);
    let office_db = folder.join("office").join("recovery-register.db");
    let made = recovery_register::access::set_up(
        &office_db,
        "agrant",
        "Alison Grant",
        "correct horse battery",
        recovery_register::keys::Cost::MINIMUM,
    )
    .unwrap();
    let (mut office, actor) = (made.store, made.actor);
    office.set_today(today);
    generate(&mut office, &actor, scale, 2026, today).unwrap();
    let joining = folder.join("cafe.rrjoin");
    let started = Instant::now();
    let file = office.make_joining_file(&actor, "Office PC", "Café PC", &joining, PassphraseCost::STANDARD).unwrap();
    println!(
        "  joining file: {:.1} MB in {:.2} s (the whole database, sealed under the passphrase)",
        file.bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    let cafe_db = folder.join("cafe").join("recovery-register.db");
    recovery_register::store::team::join_team(&joining, &file.passphrase, &cafe_db).unwrap();
    let (mut cafe, cafe_actor) =
        recovery_register::access::unlock(&cafe_db, "agrant", "correct horse battery", chrono::Utc::now()).unwrap();
    cafe.set_today(today);
    let establishments: Vec<EstablishmentId> = office.establishments(&actor).unwrap().into_iter().map(|e| e.id).collect();
    for (label, from, to) in [
        ("a month (October 2026)", NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(), NaiveDate::from_ymd_opt(2026, 10, 31).unwrap()),
        ("a year (Nov 2025 to Oct 2026)", NaiveDate::from_ymd_opt(2025, 11, 1).unwrap(), NaiveDate::from_ymd_opt(2026, 10, 31).unwrap()),
    ] {
        let marks: usize = establishments.iter().map(|e| retake_registers(&mut office, &actor, *e, from, to)).sum();
        let path = folder.join(format!("{}.rrchanges", label.split(' ').nth(1).unwrap()));
        let started = Instant::now();
        let sent = office.send_changes(&actor, &path).unwrap();
        let send_time = started.elapsed();
        let started = Instant::now();
        let taken = cafe.take_in_changes(&cafe_actor, &path).unwrap();
        let take_time = started.elapsed();
        println!(
            "  {label:<30} {marks:>7} marks retaken, {:>7} rows sent, file {:>6.2} MB; send {:>5.2} s, take in {:>5.2} s ({} changed)",
            sent.rows,
            sent.bytes as f64 / 1e6,
            send_time.as_secs_f64(),
            take_time.as_secs_f64(),
            taken.changed
        );
        // The café sends back, so the office knows the café holds all of it.
        let back = folder.join("back.rrchanges");
        cafe.send_changes(&cafe_actor, &back).unwrap();
        office.take_in_changes(&actor, &back).unwrap();
    }
    let one = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let marks: usize = establishments.iter().map(|e| retake_registers(&mut office, &actor, *e, one, one)).sum();
    let path = folder.join("one-day.rrchanges");
    let sent = office.send_changes(&actor, &path).unwrap();
    let started = Instant::now();
    cafe.take_in_changes(&cafe_actor, &path).unwrap();
    println!(
        "  one day's registers ({marks} marks, {} rows) taken in on the {:.0} MB database: {:.0} ms",
        sent.rows,
        std::fs::metadata(&cafe_db).unwrap().len() as f64 / 1e6,
        started.elapsed().as_secs_f64() * 1000.0
    );
}

/// Takes every held register from `from` to `to` again with one mark in seven changed; returns
/// how many marks were taken.
fn retake_registers(store: &mut Store, actor: &Actor, est: EstablishmentId, from: NaiveDate, to: NaiveDate) -> usize {
    let mut count = 0;
    for listing in store.sessions(actor, None, Some(est), from, to).unwrap() {
        let register = store.register(actor, listing.session.id).unwrap();
        let marks: Vec<Mark> = register
            .lines
            .iter()
            .filter_map(|l| l.mark.clone().filter(|_| !l.drop_in))
            .enumerate()
            .map(|(i, m)| {
                if i % 7 == 0 {
                    let kind = if m.mark == MarkKind::Present { MarkKind::Late } else { MarkKind::Present };
                    Mark { participant_id: m.participant_id, mark: kind, absence_reason: None, note: m.note }
                } else {
                    m
                }
            })
            .collect();
        if marks.is_empty() {
            continue;
        }
        count += marks.len();
        store.take_register(actor, listing.session.id, &marks).unwrap();
    }
    count
}

/// Changing the database key (on disabling an account, a reset, or when asked): SQLCipher
/// re-encrypts every page, in rollback-journal mode, with the key file's slots resealed. The
/// establishment demo and the national demo, each set up encrypted as the app makes them.
fn rekey(dir: &Path, today: NaiveDate) {
    println!("\nChange the database key (re-encrypt every page, reseal the slots, audit; median of 3; release build, on disk)");
    for (label, scale) in [("establishment demo", Scale::Establishment), ("national demo", Scale::National)] {
        let folder = dir.join(format!("rekey-{}", label.replace(' ', "-")));
        let _ = std::fs::remove_dir_all(&folder);
        let db = folder.join("recovery-register.db");
        // The cheaper key derivation: a re-key derives nothing, so the cost does not show here.
        let made = recovery_register::access::set_up(
            &db,
            "agrant",
            "Alison Grant",
            "correct horse battery",
            recovery_register::keys::Cost::MINIMUM,
        )
        .unwrap();
        let (mut store, actor) = (made.store, made.actor);
        generate(&mut store, &actor, scale, 2026, today).unwrap();
        let mut times: Vec<Duration> = (0..3)
            .map(|_| {
                let started = Instant::now();
                store.change_database_key(&actor).unwrap();
                started.elapsed()
            })
            .collect();
        times.sort();
        let size = std::fs::metadata(&db).unwrap().len();
        println!(
            "  {label:<20} {:>7.1} MB   median {:>6.2} s   slowest {:>6.2} s",
            size as f64 / 1e6,
            times[1].as_secs_f64(),
            times[2].as_secs_f64()
        );
    }
    println!("  (target: national demo < 10 s)");
}

/// Importing spreadsheets: 400 people, their groups and rosters, then registers, each previewed
/// (every row checked) and imported in one transaction on a file on disk; then a 10,000-row
/// people file the same way.
fn import(dir: &Path, actor: &Actor, today: NaiveDate) {
    use recovery_register::exchange::{sample::sample_sheets, ImportKind};
    println!("\nImport from spreadsheets (preview, then import in one transaction; release build, on disk)");
    let (mut store, _) = fresh(dir, "import.db", today);
    let est = store.add_establishment(actor, &NewEstablishment { code: "PER".into(), name: "HMP Perth".into() }).unwrap();
    let sheets = sample_sheets(2026, 400, 2, today);
    let mut ten_thousand = String::from("Prison number,Given name,Family name,Date of birth,Hall\n");
    for i in 0..10_000 {
        ten_thousand += &format!("{},Łukasz,Żółć-{},02/03/1984,A Hall\n", 5_000_000 + i, ["Ó Súilleabháin", "MacDonald", "Nowak"][i % 3]);
    }
    let files = [
        ("400 people", ImportKind::People, &sheets.people, 400),
        ("6 groups", ImportKind::Groups, &sheets.groups, 6),
        ("rosters", ImportKind::Rosters, &sheets.rosters, sheets.roster_rows),
        ("2 years of registers", ImportKind::Registers, &sheets.registers, sheets.register_rows),
        ("10,000 people", ImportKind::People, &ten_thousand, 10_000),
    ];
    for (label, kind, csv, rows) in files {
        let started = Instant::now();
        let preview = store.import_sheet(actor, est.id, kind, csv.as_bytes(), None, false).unwrap();
        let previewed = started.elapsed();
        assert!(preview.can_import(), "{label}: {:?}", &preview.problems[..preview.problems.len().min(3)]);
        let started = Instant::now();
        let done = store.import_sheet(actor, est.id, kind, csv.as_bytes(), None, true).unwrap();
        let imported = started.elapsed();
        assert!(done.saved);
        println!(
            "  {label:<22} {rows:>6} rows  {:>6.1} KB   preview {:>7.1} ms   check + import {:>7.1} ms   ({:.1} µs a row)",
            csv.len() as f64 / 1024.0,
            ms(previewed),
            ms(imported),
            imported.as_secs_f64() * 1e6 / rows as f64
        );
    }
}

/// Logging in: the Argon2id key derivation (256 MiB, 3 passes) that unwraps the database key,
/// opening the encrypted establishment-sized database, and checking the account.
fn unlock(dir: &Path, today: NaiveDate) {
    let folder = dir.join("unlock");
    let _ = std::fs::remove_dir_all(&folder);
    let db = folder.join("recovery-register.db");
    let made =
        recovery_register::access::set_up(&db, "agrant", "Alison Grant", "correct horse battery", recovery_register::keys::Cost::STANDARD)
            .unwrap();
    let mut store = made.store;
    recovery_register::demo::generate(&mut store, &made.actor, recovery_register::demo::Scale::Establishment, 1, today).unwrap();
    drop(store);
    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let started = Instant::now();
            let (store, _) = recovery_register::access::unlock(&db, "agrant", "correct horse battery", chrono::Utc::now()).unwrap();
            let took = started.elapsed();
            drop(store);
            took
        })
        .collect();
    times.sort();
    println!("\nUnlock (log in: Argon2id 256 MiB x3 unwrap, open the encrypted database, check the account; 5 runs)");
    println!(
        "  median {:.2} s   fastest {:.2} s   slowest {:.2} s   (target 0.5-1.5 s)",
        times[2].as_secs_f64(),
        times[0].as_secs_f64(),
        times[4].as_secs_f64()
    );
}

/// October 2026's return: the figures, then the PDF and the CSV, for the establishment demo and
/// for every prison of the national demo (generated here if the national section did not run).
fn monthly_report(dir: &Path, actor: &Actor, today: NaiveDate) {
    use recovery_register::reports::{self, csv::Disclosure, Month};
    let month = Month::parse("month", "2026-10").unwrap();
    let establishment = {
        let (mut store, _) = fresh(dir, "report-establishment.db", today);
        generate(&mut store, actor, Scale::Establishment, 2026, today).unwrap();
        store
    };
    let national_path = dir.join("national.db");
    let national = if national_path.exists() {
        let mut s = Store::open(&national_path).unwrap();
        s.set_today(today);
        s
    } else {
        let (mut store, _) = fresh(dir, "national.db", today);
        generate(&mut store, actor, Scale::National, 2026, today).unwrap();
        store
    };
    println!("Monthly report, October 2026 (median of 5; release build)");
    for (label, store) in [("one prison (establishment demo)", &establishment), ("all 15 prisons (national demo)", &national)] {
        let (mut data, mut pdf, mut csv) = (Vec::new(), Vec::new(), Vec::new());
        let mut size = 0;
        for _ in 0..5 {
            let started = Instant::now();
            let report = store.monthly_report(actor, &[], month).unwrap();
            data.push(started.elapsed());
            let started = Instant::now();
            let bytes = reports::monthly_pdf(&report, Disclosure::default());
            pdf.push(started.elapsed());
            size = bytes.len();
            let started = Instant::now();
            reports::csv::monthly_csv(&report, Disclosure::default()).unwrap();
            csv.push(started.elapsed());
        }
        let (d, p, c) = (percentiles(&mut data).0, percentiles(&mut pdf).0, percentiles(&mut csv).0);
        println!(
            "  {label:<32} data {:>7.1} ms   PDF {:>7.1} ms ({:.0} KB)   CSV {:>5.1} ms   data + PDF {:>7.1} ms",
            ms(d),
            ms(p),
            size as f64 / 1024.0,
            ms(c),
            ms(d + p)
        );
    }
    println!("  (targets, data + PDF: one prison < 200 ms, all 15 < 2 s)");
}

/// The whole CLI process (release build) printing 1 and 100 certificates, names in many scripts.
fn certificates(dir: &Path, actor: &Actor, today: NaiveDate) {
    const NAMES: &[(&str, &str)] = &[
        ("Siobhán", "Ó Súilleabháin"),
        ("Łukasz", "Żółć"),
        ("Zoë", "O'Neill-Smith"),
        ("Nguyễn Thị Minh", "Khai"),
        ("Ștefan", "Popescu"),
        ("Çağlar", "Yılmaz"),
        ("Søren", "Ærø"),
        ("Dimitrios", "Papadopoulos"),
        ("Αλέξανδρος", "Παπαδόπουλος"),
        ("Дмитрий", "Иванов"),
        ("Žygimantas", "Kazlauskas"),
        ("Eilidh", "MacLeòid"),
    ];
    let (mut store, path) = fresh(dir, "certificates.db", today);
    let est = store.add_establishment(actor, &NewEstablishment { code: "PER".into(), name: "HMP Perth".into() }).unwrap();
    let t = store
        .add_award_type(
            actor,
            est.id,
            &AwardTypeDetails {
                kind: AwardKind::Svq,
                title: "SVQ Level 3 in Recovery Development Practice".into(),
                svq_level: Some(3),
                awarding_body: Some("SQA".into()),
                wording: "has achieved the units of the SVQ Level 3 in Recovery Development Practice".into(),
                issuing_organisation: "Scottish Recovery Consortium".into(),
                show_establishment: false,
                signatories: vec![
                    Signatory { name: "Alison Grant".into(), role: "Assessor".into(), signature: None },
                    Signatory { name: "Derek Munro".into(), role: "Internal verifier".into(), signature: None },
                ],
            },
        )
        .unwrap();
    let people: Vec<ParticipantId> = (0..100)
        .map(|i| {
            let (g, f) = NAMES[i % NAMES.len()];
            let details = ParticipantDetails {
                kind: ParticipantKind::InCustody,
                prison_number: Some(format!("C{i:05}")),
                given_name: g.into(),
                family_name: f.into(),
                date_of_birth: None,
                location: None,
                expected_liberation: None,
                printed_name: None,
            };
            store.add_participant(actor, est.id, &details).unwrap().id
        })
        .collect();
    let numbers: Vec<String> = store.issue_awards(actor, t.id, None, &people, today).unwrap().into_iter().map(|a| a.number).collect();
    drop(store);
    let run = |numbers: &[String], reason: Option<&str>| -> (Duration, u64) {
        let pdf = dir.join("certificates.pdf");
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_recovery-register"));
        cmd.arg("--db").arg(&path).args(["award", "print", "--pdf"]).arg(&pdf).args(numbers);
        if let Some(r) = reason {
            cmd.args(["--reprint-reason", r]);
        }
        let started = Instant::now();
        let out = cmd.output().unwrap();
        let took = started.elapsed();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        (took, std::fs::metadata(&pdf).unwrap().len())
    };
    println!("\nCertificates: the whole `award print` process (release build)");
    for (label, n) in [("1 certificate", 1usize), ("100 certificates, one PDF", 100)] {
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..5 {
            // After the first print every print is a reprint, which needs a reason.
            let (t, s) = run(&numbers[..n], Some("benchmark reprint"));
            times.push(t);
            size = s;
        }
        let (p50, _) = percentiles(&mut times);
        println!(
            "  {label:<26} median {:>6.3} s   {:>7.1} KB   ({:.2} KB per certificate)",
            p50.as_secs_f64(),
            size as f64 / 1024.0,
            size as f64 / 1024.0 / n as f64
        );
    }
    println!("  (targets: 100 in < 0.1 s and < 2 KB each; one < 40 KB)");
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
    println!("  {} people, {} groups, {} sessions, {} marks", s.participants, s.groups, s.sessions, s.marks);
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
                .add_participant(
                    actor,
                    est.id,
                    &ParticipantDetails {
                        kind: ParticipantKind::InCustody,
                        prison_number: Some(format!("B{i:05}")),
                        given_name: "Łukasz".into(),
                        family_name: format!("Żółć-{}", ["Ó", "Ní", "Mac", "Nic"][i % 4]).replace("-Ó", " Ó"),
                        date_of_birth: None,
                        location: None,
                        expected_liberation: None,
                        printed_name: None,
                    },
                )
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
    const GIVEN: &[&str] = &[
        "Seán", "Siobhán", "Łukasz", "Zoë", "Ciarán", "Jamie", "Connor", "Mateusz", "Paweł", "Minh", "Imran", "Aoife", "Niamh", "Mhairi",
        "Eilidh", "Craig", "Stephen", "Andrei", "Ștefan", "Tomáš",
    ];
    const FAMILY: &[&str] = &[
        "Ó Súilleabháin",
        "Żółć",
        "O'Neill-Smith",
        "MacDonald",
        "Campbell",
        "Stewart",
        "Nowak",
        "Kowalski",
        "Wiśniewski",
        "Nguyễn",
        "Trần",
        "Hussain",
        "Khan",
        "Reid",
        "Murray",
        "Dvořák",
        "Popescu",
        "Ní Bhriain",
        "Kerr",
        "Baird",
        "Quinn",
        "Devlin",
        "Boyle",
        "Brennan",
        "Gallacher",
    ];
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
            printed_name: None,
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
