//! National figures (issue 22): establishments send their month sealed to the national office's
//! card; the national return adds them up, lists who has not sent, and a resend replaces.

use crate::support::{d, prisoner_details, programme_details, Fixture};
use recovery_register::model::*;
use recovery_register::views::Month;
use recovery_register::{Actor, Store};

const OCTOBER: Month = Month { year: 2026, month: 10 };

/// A programme with `people` enrolled and its October sessions, one absence each week.
fn populate(store: &mut Store, actor: &Actor, est: EstablishmentId, prefix: &str, people: usize) {
    let group = store.add_group(actor, est, &programme_details(&format!("MOIR {prefix}"))).unwrap();
    let ids: Vec<ParticipantId> = (0..people)
        .map(|i| {
            let p = store.add_participant(actor, est, &prisoner_details(&format!("{prefix}{i:04}"), "Siobhán", "Ó Súilleabháin")).unwrap();
            store.enrol(actor, group.id, p.id, d(2026, 10, 5)).unwrap();
            p.id
        })
        .collect();
    for (w, day) in [5, 12, 19, 26].into_iter().enumerate() {
        let s = store.add_session(actor, group.id, d(2026, 10, day), None).unwrap();
        let marks: Vec<Mark> = ids
            .iter()
            .enumerate()
            .map(|(i, p)| if i == w % people { Mark::absent(*p, AbsenceReason::Court) } else { Mark::present(*p) })
            .collect();
        store.take_register(actor, s.id, &marks).unwrap();
    }
}

fn sorted(mut f: recovery_register::views::MonthFigures) -> recovery_register::views::MonthFigures {
    f.absences.sort_by_key(|c| c.what.code());
    f.cancellations.sort_by_key(|c| c.what.code());
    f.leavers.sort_by_key(|c| c.what.code());
    f
}

#[test]
fn three_establishments_figures_add_up_to_the_return_one_database_of_all_three_gives() {
    let prisons = [("LMS", "HMP Low Moss", 5), ("BAR", "HMP Barlinnie", 7), ("CHU", "HMP Castle Huntly", 3)];
    let mut national = Fixture::new();
    let office = national.store.own_card(&national.actor, None, Some("Scottish Prison Service recovery network")).unwrap();
    // The same acts in one database holding all three, for the return the app already prints.
    let mut combined = Fixture::new();
    let mut combined_ids = Vec::new();
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (code, name, people) in prisons {
        let mut f = Fixture::new();
        let est = f.store.add_establishment(&f.actor, &NewEstablishment { code: code.into(), name: name.into() }).unwrap();
        populate(&mut f.store, &f.actor, est.id, code, people);
        let card = f.store.own_card(&f.actor, Some(code), None).unwrap();
        national.store.add_card(&national.actor, &card.to_file(), false).unwrap();
        f.store.add_card(&f.actor, &office.to_file(), false).unwrap();
        let path = dir.path().join(format!("{code}.rrfigures"));
        let sent = f.store.send_figures(&f.actor, code, OCTOBER, "NATIONAL", &path).unwrap();
        // The file holds counts only: no name or number in it, sealed or not.
        let bytes = std::fs::read(&path).unwrap();
        let number = format!("{code}0001");
        let found = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        assert!(
            !found(number.as_bytes()) && !found("Siobh".as_bytes()) && !found(b"MOIR"),
            "{code}: names, numbers or group names in the file"
        );
        assert_eq!(sent.totals.sessions_held, 4);
        files.push(path);
        let c = combined.store.add_establishment(&combined.actor, &NewEstablishment { code: code.into(), name: name.into() }).unwrap();
        populate(&mut combined.store, &combined.actor, c.id, code, people);
        combined_ids.push(c.id);
    }
    // Two of three sent: the third is listed as missing, not counted as nought.
    for f in &files[..2] {
        let taken = national.store.take_in_figures(&national.actor, f).unwrap();
        assert!(!taken.replaced && !taken.older);
    }
    let partial = national.store.national_return(&national.actor, OCTOBER).unwrap();
    assert_eq!(partial.missing, ["HMP Castle Huntly (CHU)"]);
    national.store.take_in_figures(&national.actor, &files[2]).unwrap();
    let whole = national.store.national_return(&national.actor, OCTOBER).unwrap();
    assert!(whole.missing.is_empty());
    let single = combined.store.monthly_report(&combined.actor, &combined_ids, OCTOBER).unwrap();
    assert_eq!(sorted(whole.totals.clone()), sorted(single.totals.clone()), "every figure as the single database gives it");
    assert_eq!(whole.liberation, single.liberation);
    assert_eq!(whole.totals.unique_people, 15);
    // The same file again: nothing changes; an older one after a newer: nothing changes.
    let again = national.store.take_in_figures(&national.actor, &files[0]).unwrap();
    assert!(again.older, "{again:?}");
    assert_eq!(national.store.national_return(&national.actor, OCTOBER).unwrap(), whole);
}

#[test]
fn a_resent_month_replaces_the_earlier_and_bad_files_are_refused_with_the_reason() {
    let mut national = Fixture::new();
    let office = national.store.own_card(&national.actor, None, Some("National office")).unwrap();
    let mut perth = Fixture::new();
    let card = perth.store.own_card(&perth.actor, Some("PER"), None).unwrap();
    perth.store.add_card(&perth.actor, &office.to_file(), false).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("first.rrfigures"), dir.path().join("second.rrfigures"));
    // Refused before the national office's card is known here... then sent.
    national.store.add_card(&national.actor, &card.to_file(), false).unwrap();
    populate(&mut perth.store, &perth.actor, perth.establishment.id, "P", 4);
    perth.store.send_figures(&perth.actor, "PER", OCTOBER, "NATIONAL", &first).unwrap();
    // A register corrected at Perth, and the month sent again: the resend replaces.
    let group = perth.store.group_by_key(&perth.actor, "MOIR P", None).unwrap();
    let s = perth.store.session_on(&perth.actor, group.id, d(2026, 10, 26)).unwrap();
    let roster: Vec<Mark> =
        perth.store.roster(&perth.actor, group.id, d(2026, 10, 26)).unwrap().iter().map(|l| Mark::present(l.participant.id)).collect();
    perth.store.take_register(&perth.actor, s.id, &roster).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    perth.store.send_figures(&perth.actor, "PER", OCTOBER, "NATIONAL", &second).unwrap();
    national.store.take_in_figures(&national.actor, &first).unwrap();
    let before = national.store.national_return(&national.actor, OCTOBER).unwrap().totals.counts.present;
    let resent = national.store.take_in_figures(&national.actor, &second).unwrap();
    assert!(resent.replaced, "{resent:?}");
    let after = national.store.national_return(&national.actor, OCTOBER).unwrap().totals.counts.present;
    assert_eq!(after, before + 1);
    // Refusals: a flipped byte, a file for another office, one from an establishment whose card
    // is not held, and something that is not a figures file at all.
    let bytes = std::fs::read(&second).unwrap();
    let check = |national: &mut Fixture, name: &str, spoilt: &[u8], words: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, spoilt).unwrap();
        let err = national.store.take_in_figures(&national.actor, &path).unwrap_err();
        assert!(err.to_string().contains(words), "{name}: {err}");
    };
    let mut flipped = bytes.clone();
    let at = flipped.len() - 100;
    flipped[at] ^= 1;
    check(&mut national, "flipped", &flipped, "altered");
    check(&mut national, "csv", b"code,month\nPER,2026-10\n", "not a Recovery Register figures file");
    check(&mut national, "cut", &bytes[..40], "incomplete");
    let mut elsewhere = Fixture::new();
    elsewhere.store.own_card(&elsewhere.actor, None, Some("Another office")).unwrap();
    let err = elsewhere.store.take_in_figures(&elsewhere.actor, &second).unwrap_err();
    assert!(err.to_string().contains("whose card this install does not hold"), "{err}");
    let stranger = Fixture::new();
    let mut stranger = stranger;
    let err = stranger.store.take_in_figures(&stranger.actor, &second).unwrap_err();
    assert!(err.to_string().contains("NATIONAL's card, which is not this install's"), "{err}");
    // No national office's card at Perth: sending is refused, saying what to do.
    let mut lone = Fixture::new();
    lone.store.own_card(&lone.actor, Some("PER"), None).unwrap();
    let err = lone.store.send_figures(&lone.actor, "PER", OCTOBER, "NATIONAL", &dir.path().join("x")).unwrap_err();
    assert!(err.to_string().contains("add the national office's card first"), "{err}");
}

#[test]
fn the_cli_sends_a_months_figures_and_the_national_office_adds_them_up() {
    use crate::support::cli;
    let dir = tempfile::tempdir().unwrap();
    let (perth, office) = (dir.path().join("perth.db"), dir.path().join("national.db"));
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let ok = |out: std::process::Output| {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    ok(cli(&perth, &["establishment", "add", "--code", "per", "--name", "HMP Perth"]));
    ok(cli(&perth, &["card", "make", "--establishment", "PER", "--to", &path("per.rrcard")]));
    ok(cli(&office, &["card", "make", "--national", "National office", "--to", &path("national.rrcard")]));
    ok(cli(&perth, &["card", "add", &path("national.rrcard")]));
    ok(cli(&office, &["card", "add", &path("per.rrcard")]));
    let missing = ok(cli(&office, &["report", "national", "--month", "2026-10"]));
    assert!(missing.contains("HMP Perth (PER): not sent (not counted)"), "{missing}");
    let sent = ok(cli(&perth, &["figures", "send", "--establishment", "PER", "--month", "2026-10", "--to", &path("per.rrfigures")]));
    assert!(sent.contains("HMP Perth's figures for October 2026 sealed to NATIONAL"), "{sent}");
    assert!(ok(cli(&office, &["figures", "receive", &path("per.rrfigures")])).contains("PER 2026-10: taken in."));
    let national = ok(cli(&office, &["report", "national", "--month", "2026-10"]));
    assert!(national.contains("1 establishment sent") && national.contains("PER HMP Perth: 0 sessions held"), "{national}");
}

/// A national office holding the cards of `prisons` (code, name, people in a programme, months of
/// 2026 sent), each of which has sent those months; a prison sending no months is a card held
/// and nothing more.
fn office_with(prisons: &[(&str, &str, usize, &[u32])]) -> (Fixture, tempfile::TempDir) {
    let mut national = Fixture::new();
    let office = national.store.own_card(&national.actor, None, Some("National office")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (code, name, people, months) in prisons {
        let mut f = Fixture::new();
        let est = f.store.add_establishment(&f.actor, &NewEstablishment { code: code.to_string(), name: name.to_string() }).unwrap();
        if *people > 0 {
            populate(&mut f.store, &f.actor, est.id, code, *people);
        }
        let card = f.store.own_card(&f.actor, Some(code), None).unwrap();
        national.store.add_card(&national.actor, &card.to_file(), false).unwrap();
        f.store.add_card(&f.actor, &office.to_file(), false).unwrap();
        for m in *months {
            let path = dir.path().join(format!("{code}-{m}.rrfigures"));
            f.store.send_figures(&f.actor, code, Month { year: 2026, month: *m }, "NATIONAL", &path).unwrap();
            national.store.take_in_figures(&national.actor, &path).unwrap();
        }
    }
    (national, dir)
}

#[test]
fn the_national_return_and_annual_summary_print_as_pdf_and_csv_with_small_numbers_suppressed_and_missing_named() {
    use crate::support::pdf::{text_of, written};
    use recovery_register::documents::{Document, Format};
    use recovery_register::reports::csv::Disclosure;
    // Low Moss sends September (nothing happened) and October; Barlinnie, with two people, only
    // October; Castle Huntly's card is held but it sends nothing.
    let (mut national, dir) =
        office_with(&[("LMS", "HMP Low Moss", 6, &[9, 10]), ("BAR", "HMP Barlinnie", 2, &[10]), ("CHU", "HMP Castle Huntly", 0, &[])]);

    // The month's CSV: a row per establishment and kind, one for each establishment, one for the
    // establishment that has not sent, and the national total; Barlinnie's small counts hidden.
    let export = |national: &mut Fixture, document: &Document, format: Format, name: &str| {
        let path = dir.path().join(name);
        national.store.export(&national.actor, document, format, &path).unwrap();
        std::fs::read(&path).unwrap()
    };
    let month = Document::NationalReturn { month: OCTOBER, disclosure: Disclosure { suppress_small: true } };
    let csv = String::from_utf8(export(&mut national, &month, Format::Csv, "national.csv")).unwrap();
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let column = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let (people, group) = (column("Different people"), column("Group"));
    let find = |est: &str, g: &str| rows.iter().find(|r| r[0] == est && r[group] == g).unwrap_or_else(|| panic!("{est} {g}: {csv}"));
    assert_eq!(find("HMP Low Moss (LMS)", "All groups")[people], "6");
    assert_eq!(find("HMP Low Moss (LMS)", "Structured programme (all groups)")[people], "6");
    assert_eq!(find("HMP Barlinnie (BAR)", "All groups")[people], "<5", "small numbers suppressed");
    assert_eq!(find("HMP Castle Huntly (CHU)", "Not sent: not counted")[people], "", "missing is empty, not nought");
    assert_eq!(find("2 establishments sent", "All groups")[people], "8");
    // The month's PDF names who has not sent, and reads as a national return.
    let pdf = export(&mut national, &month, Format::Pdf, "national.pdf");
    let (path, _) = written(dir.path(), "national-checked.pdf", &pdf);
    let text = text_of(&path).split_whitespace().collect::<Vec<_>>().join(" ");
    for words in ["National monthly return", "October 2026", "Not sent, so not counted (not nought): HMP Castle Huntly (CHU)", "<5"] {
        assert!(text.contains(words), "{words} in: {text}");
    }
    // The year: each establishment's months added up, the months not sent named (up to October,
    // the last complete month on 16/11/2026).
    let year = national.store.national_year(&national.actor, 2026).unwrap();
    let lms = year.establishments.iter().find(|e| e.code == "LMS").unwrap();
    let bar = year.establishments.iter().find(|e| e.code == "BAR").unwrap();
    assert_eq!((lms.sent.len(), lms.missing.len(), bar.sent.len(), bar.missing.len()), (2, 8, 1, 9));
    assert_eq!(bar.missing[8], "September 2026");
    let october = national.store.national_return(&national.actor, OCTOBER).unwrap();
    assert_eq!(sorted(year.totals.clone()), sorted(october.totals.clone()), "September was empty: the year is October");
    let annual = Document::NationalYear { year: 2026, disclosure: Disclosure::default() };
    let csv = String::from_utf8(export(&mut national, &annual, Format::Csv, "year.csv")).unwrap();
    assert!(csv.contains("Months not sent") && csv.contains("Attendances the year before"), "{csv}");
    let pdf = export(&mut national, &annual, Format::Pdf, "year.pdf");
    let (path, _) = written(dir.path(), "year-checked.pdf", &pdf);
    let text = text_of(&path).split_whitespace().collect::<Vec<_>>().join(" ");
    for words in ["National annual summary", "January to December 2026", "HMP Castle Huntly (CHU): no months", "added up month by month"] {
        assert!(text.contains(words), "{words} in: {text}");
    }
}

/// The README's DuckDB query, as printed there.
fn readme_query() -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let after = readme.split("<!-- national-total-query -->").nth(1).expect("the marked query in the README");
    after.split("```sql").nth(1).unwrap().split("```").next().unwrap().to_string()
}

#[test]
fn the_analysts_data_set_is_read_by_duckdb_and_the_readmes_query_rebuilds_the_national_totals() {
    use crate::support::pdf::run;
    use recovery_register::documents::{Document, Format};
    use recovery_register::reports::dataset::{Kind, COLUMNS};
    // Two establishments, October from both, September from one: the one with a formula-like name.
    let (mut national, dir) = office_with(&[("LMS", "HMP Low Moss", 5, &[9, 10]), ("BAR", "=HMP Barlinnie", 3, &[10])]);
    let (parquet, csv) = (dir.path().join("data.parquet"), dir.path().join("data.csv"));
    national.store.export(&national.actor, &Document::NationalDataSet, Format::Parquet, &parquet).unwrap();
    national.store.export(&national.actor, &Document::NationalDataSet, Format::Csv, &csv).unwrap();
    // Under Wine the test host runs the repository's script by its name (support::host).
    let script = if cfg!(windows) { "duckdb-query" } else { concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/duckdb-query") };
    let duckdb = |sql: &str, file: &std::path::Path| {
        let (ok, out) = run(script, &[sql, file.to_str().unwrap()]);
        assert!(ok, "DuckDB: {out}");
        out.lines().map(|l| l.split('\t').map(str::to_string).collect::<Vec<_>>()).collect::<Vec<_>>()
    };
    // The README's query, on the Parquet file: each month's national total as the return adds it.
    let totals = duckdb(&readme_query(), &parquet);
    assert_eq!(totals.len(), 2, "{totals:?}");
    for (row, month) in totals.iter().zip([Month { year: 2026, month: 9 }, OCTOBER]) {
        let r = national.store.national_return(&national.actor, month).unwrap();
        let expected = [
            month.code(),
            r.sent.len().to_string(),
            r.totals.sessions_held.to_string(),
            r.totals.named_attendances().to_string(),
            r.totals.unique_people.to_string(),
            r.liberation.liberations.to_string(),
        ];
        assert_eq!(row, &expected, "{month:?}");
    }
    assert_eq!(totals[1][3], "24", "October: 5 people and 3 people at 4 sessions each, less one absence a week at each");
    // Every column, named and typed as the dictionary says, in both files; the same rows.
    let dictionary = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/national-data-set.md")).unwrap();
    let described = duckdb("DESCRIBE SELECT * FROM 'national.parquet'", &parquet);
    assert_eq!(described.len(), COLUMNS.len());
    for (c, d) in COLUMNS.iter().zip(&described) {
        assert!(dictionary.contains(&format!("| `{}` |", c.name)), "{} is not in the data dictionary", c.name);
        let ty = match c.kind {
            Kind::Text => "VARCHAR",
            Kind::Date => "DATE",
            Kind::Count | Kind::AllOnly => "BIGINT",
        };
        assert_eq!((d[0].as_str(), d[1].as_str()), (c.name, ty));
    }
    let columns = COLUMNS.iter().map(|c| c.name).collect::<Vec<_>>().join(", ");
    let every = format!("SELECT {columns} FROM 'national.parquet' ORDER BY ALL");
    let from_csv = format!("SELECT {columns} FROM read_csv('national.csv', all_varchar = true) ORDER BY ALL");
    let (a, b) = (duckdb(&every, &parquet), duckdb(&from_csv, &csv));
    assert_eq!(a.len(), 5, "LMS: September and October, a kind and 'all' each; BAR: October: {a:?}");
    assert_eq!(a.iter().map(|r| r[1..].to_vec()).collect::<Vec<_>>().len(), b.len());
    // The CSV says the same, with the formula-like name made inert for spreadsheets.
    assert!(b.iter().any(|r| r[1] == "'=HMP Barlinnie"), "{b:?}");
    assert!(a.iter().any(|r| r[1] == "=HMP Barlinnie"), "{a:?}");
    let strip = |rows: Vec<Vec<String>>| rows.into_iter().map(|r| r.into_iter().skip(2).collect::<Vec<_>>()).collect::<Vec<_>>();
    assert_eq!(strip(a), strip(b), "the same figures in both files");
}

/// Issue 22's "done when", on the national demo's fifteen prisons (its last year, as a debug
/// build makes it in seconds; the benchmark does all ten years and every transfer of the last):
/// their figures files make national returns identical in every figure to the return the one
/// database of all fifteen prints, and a person transferred from Perth to Barlinnie arrives
/// there with their history and certificates that verify.
#[test]
fn done_when_the_national_demos_figures_files_make_its_return_and_a_transfer_arrives_whole() {
    use recovery_register::demo::{generate_recent, Scale};
    use recovery_register::store::transfers::TransferTo;
    let dir = tempfile::tempdir().unwrap();
    let today = d(2026, 11, 16);
    let open = |name: &str| {
        let mut s = Store::open(&dir.path().join(name)).unwrap();
        s.set_today(today);
        s
    };
    let actor = Actor::local_administrator();
    let mut prisons = open("prisons.db");
    let made = generate_recent(&mut prisons, &actor, Scale::National, 2026, today, 1).unwrap();
    assert!(made.establishments == 15 && made.certificates > 0, "{made:?}");

    // A transfer from Perth to Barlinnie's own install, with the person's consent.
    let mut barlinnie = open("barlinnie.db");
    barlinnie.add_establishment(&actor, &NewEstablishment { code: "BAR".into(), name: "HMP Barlinnie".into() }).unwrap();
    let bar_card = barlinnie.own_card(&actor, Some("BAR"), None).unwrap();
    let per_card = prisons.own_card(&actor, Some("PER"), None).unwrap();
    prisons.add_card(&actor, &bar_card.to_file(), false).unwrap();
    barlinnie.add_card(&actor, &per_card.to_file(), false).unwrap();
    let perth = prisons.establishment(&actor, "PER").unwrap();
    let filter = recovery_register::store::ParticipantFilter { establishment_id: Some(perth.id), ..Default::default() };
    let (person, awards) = prisons
        .participants(&actor, &filter)
        .unwrap()
        .into_iter()
        .filter(|p| p.kind == ParticipantKind::InCustody)
        .map(|p| (p.clone(), prisons.awards_of_participant(&actor, p.id).unwrap()))
        .find(|(_, a)| !a.is_empty())
        .expect("someone at Perth with a certificate");
    let pack = dir.path().join("pack.rrtransfer");
    let to = TransferTo { to: "BAR".into(), consent_given_on: Some(today) };
    let sent = prisons.make_transfer_pack(&actor, person.id, &to, &pack).unwrap();
    let bar = barlinnie.establishment(&actor, "BAR").unwrap();
    let before = barlinnie.monthly_report(&actor, &[bar.id], OCTOBER).unwrap().totals;
    let taken = barlinnie.take_in_transfer_pack(&actor, &pack).unwrap();
    assert!(taken.added);
    let page = barlinnie.participant_page(&actor, taken.participant_id).unwrap();
    assert_eq!(page.participant.prison_number, person.prison_number);
    let history = &page.elsewhere[0];
    assert_eq!((history.code.as_str(), history.groups.len() as u32, history.awards.len()), ("PER", sent.groups, awards.len()));
    assert!(sent.groups > 0);
    for a in &awards {
        let v = barlinnie.verify_award(&actor, &a.number, &a.verification_code, Some(&a.name_on_certificate), Some(a.awarded_on)).unwrap();
        assert!(matches!(v, Verification::Elsewhere { ref establishment, .. } if establishment == "HMP Perth (PER)"), "{v:?}");
    }
    assert_eq!(barlinnie.monthly_report(&actor, &[bar.id], OCTOBER).unwrap().totals, before, "nothing counted at Barlinnie");

    // Every prison sends its months to the national office, which adds them up.
    let mut office = open("office.db");
    let office_card = office.own_card(&actor, None, Some("Scottish Prison Service recovery network")).unwrap();
    prisons.add_card(&actor, &office_card.to_file(), false).unwrap();
    let establishments = prisons.establishments(&actor).unwrap();
    for e in &establishments {
        let card = prisons.own_card(&actor, Some(&e.code), None).unwrap();
        office.add_card(&actor, &card.to_file(), false).unwrap();
    }
    // Every complete month of the demo's year: December 2025 to October 2026.
    let mut months = vec![Month { year: 2025, month: 12 }];
    while months.len() < 11 {
        months.push(months.last().unwrap().next());
    }
    assert_eq!((months[0], months[10]), (Month { year: 2025, month: 12 }, OCTOBER));
    for e in &establishments {
        for m in months.iter().copied() {
            let (file, _) = prisons.figures_file(&actor, &e.code, m, "NATIONAL").unwrap();
            office.take_in_figures_bytes(&actor, &file).unwrap();
        }
    }
    for m in months {
        let national = office.national_return(&actor, m).unwrap();
        let single = prisons.monthly_report(&actor, &[], m).unwrap();
        assert!(national.missing.is_empty() && national.sent.len() == 15);
        assert!(single.totals.sessions_held > 100, "a real month: {}", single.totals.sessions_held);
        assert_eq!(sorted(national.totals), sorted(single.totals), "{m:?}: every figure");
        assert_eq!(national.liberation, single.liberation, "{m:?}");
    }
}
