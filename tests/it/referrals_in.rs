//! Referrals into the service and waiting lists (issue 24): a hand-worked quarter whose waits
//! are known, a programme's waiting list allocated to a cohort oldest first, the figures in the
//! monthly returns (screen data, PDF, CSV) and over the quarter; and the refusals.

use crate::support::{cli as run, d, pdf, prisoner_details, programme_details, Fixture};
use recovery_register::model::*;
use recovery_register::reports::csv::{monthly_csv, Disclosure};
use recovery_register::reports::monthly_pdf;
use recovery_register::rules::attendance::percentage;
use recovery_register::rules::waiting::WaitingFigures;
use recovery_register::store::referrals_in::{Allocation, SkipReason};
use recovery_register::views::Month;
use rust_decimal::Decimal;

/// The quarter July to September 2026 at Perth, worked by hand (days waited in brackets):
/// - Ian, self, 20/06 for one-to-one, started 02/07 (12): June's referral, July's start.
/// - Aileen, self, 01/07 for SMART, started 15/07 (14).
/// - Brian, healthcare, 06/07 for one-to-one, first seen 10/07, started 03/08 (28).
/// - Siobhán, hall staff, 01/08 for MOIR; Dmitri, court, 04/08; Łukasz, self, 10/08; Nguyễn,
///   another prison, 20/08: the MOIR cohort of 07/09 takes Siobhán (37), Łukasz (28) and
///   Nguyễn (18), and skips Dmitri (in segregation), still waiting on 30/09 (57).
/// - Grace, healthcare, 25/08 for one-to-one, declined 01/09.
/// - Hamish, hall staff, 15/09 for SMART, still waiting on 30/09 (15).
struct Quarter {
    f: Fixture,
    moir: Programme,
    cohort: Group,
    dmitri: Participant,
    smart: Group,
    aileen: Participant,
    taken: [Participant; 3],
}

fn quarter() -> Quarter {
    let mut f = Fixture::new();
    let (est, actor) = (f.establishment.id, f.actor);
    let mut person =
        |n: &str, given: &str, family: &str| f.store.add_participant(&actor, est, &prisoner_details(n, given, family)).unwrap();
    let ian = person("100001", "Ian", "Reid");
    let aileen = person("100002", "Aileen", "Murray");
    let brian = person("100003", "Brian", "Kerr");
    let siobhan = person("100004", "Siobhán", "Ó Súilleabháin");
    let dmitri = person("100005", "Dmitri", "Volkov");
    let lukasz = person("100006", "Łukasz", "Żółć");
    let nguyen = person("100007", "Nguyễn Văn", "An");
    let grace = person("100008", "Grace", "Okafor");
    let hamish = person("100009", "Hamish", "Fraser");
    let s = &mut f.store;
    let smart = s
        .add_group(
            &actor,
            est,
            &GroupDetails {
                kind: GroupKind::SmartRecovery,
                starts_on: d(2026, 6, 1),
                planned_sessions: None,
                completion: None,
                ..programme_details("SMART Recovery")
            },
        )
        .unwrap();
    let cohort = s.add_group(&actor, est, &GroupDetails { starts_on: d(2026, 9, 7), ..programme_details("MOIR – cohort 1") }).unwrap();
    let moir = s.add_programme(&actor, est, "Moving On In Recovery (MOIR)").unwrap();
    let mut refer = |who: &Participant, source, on, wants| {
        let (group_id, programme_id) = match wants {
            ReferralWants::Group => (Some(smart.id), None),
            ReferralWants::Programme => (None, Some(moir.id)),
            ReferralWants::OneToOne => (None, None),
        };
        s.refer_in(&actor, who.id, &ReferralInDetails { source, referred_on: on, wants, group_id, programme_id }).unwrap()
    };
    use ReferralSource::*;
    use ReferralWants::*;
    let r_ian = refer(&ian, SelfReferral, d(2026, 6, 20), OneToOne);
    let r_aileen = refer(&aileen, SelfReferral, d(2026, 7, 1), Group);
    let r_brian = refer(&brian, Healthcare, d(2026, 7, 6), OneToOne);
    refer(&siobhan, HallStaff, d(2026, 8, 1), Programme);
    refer(&dmitri, Court, d(2026, 8, 4), Programme);
    refer(&lukasz, SelfReferral, d(2026, 8, 10), Programme);
    refer(&nguyen, AnotherPrison, d(2026, 8, 20), Programme);
    let r_grace = refer(&grace, Healthcare, d(2026, 8, 25), OneToOne);
    refer(&hamish, HallStaff, d(2026, 9, 15), Group);
    s.close_referral_in(&actor, r_ian.id, ReferralOutcome::Started, d(2026, 7, 2)).unwrap();
    s.close_referral_in(&actor, r_aileen.id, ReferralOutcome::Started, d(2026, 7, 15)).unwrap();
    s.record_first_contact(&actor, r_brian.id, d(2026, 7, 10)).unwrap();
    s.close_referral_in(&actor, r_brian.id, ReferralOutcome::Started, d(2026, 8, 3)).unwrap();
    s.close_referral_in(&actor, r_grace.id, ReferralOutcome::Declined, d(2026, 9, 1)).unwrap();

    let list = s.waiting_list(&actor, moir.id).unwrap();
    let on_list: Vec<&str> = list.lines.iter().map(|l| l.participant.given_name.as_str()).collect();
    assert_eq!(on_list, ["Siobhán", "Dmitri", "Łukasz", "Nguyễn Văn"], "oldest first");
    assert_eq!(list.cohorts.iter().map(|g| g.id).collect::<Vec<_>>(), [cohort.id]);
    let id_of = |given: &str| list.lines.iter().find(|l| l.participant.given_name == given).unwrap().referral.id;
    let allocation = Allocation {
        cohort_id: cohort.id,
        on: d(2026, 9, 7),
        take: vec![id_of("Siobhán"), id_of("Łukasz"), id_of("Nguyễn Văn")],
        skip: vec![SkipReason { referral_in_id: id_of("Dmitri"), reason: "In segregation until October".into() }],
    };
    let done = s.allocate_cohort(&actor, moir.id, &allocation).unwrap();
    assert_eq!((done.enrolments.len(), done.skipped), (3, 1));
    Quarter { f, moir, cohort, dmitri, smart, aileen, taken: [siobhan, lukasz, nguyen] }
}

/// The figures as "received started within share median closed waiting over".
fn show(w: &WaitingFigures) -> String {
    let opt = |v: Option<Decimal>| v.map_or("-".to_string(), |v| v.normalize().to_string());
    format!(
        "{} {} {} {} {} {} {} {}",
        w.received,
        w.started,
        w.started_within_standard,
        opt(w.within_standard.map(percentage)),
        opt(w.median_days_waited),
        w.closed_without_starting,
        w.waiting_at_end,
        w.waiting_over_standard
    )
}

#[test]
fn a_hand_worked_quarter_gives_the_expected_waits_month_by_month_and_over_the_quarter() {
    let q = quarter();
    let (s, actor) = (&q.f.store, &q.f.actor);
    for (month, expected) in [
        // July: Aileen and Brian received; Ian (12) and Aileen (14) started; Brian waiting 25 days.
        (7, "2 2 2 100 13 0 1 1"),
        // August: five received; Brian started (28); five waiting, Siobhán (30) and Dmitri (27) over.
        (8, "5 1 0 0 28 0 5 2"),
        // September: Hamish received; three started from the cohort (37, 28, 18), Grace declined;
        // Dmitri (57, over) and Hamish (15) waiting.
        (9, "1 3 1 33.3 28 1 2 1"),
    ] {
        let report = s.monthly_report(actor, &[], Month { year: 2026, month }).unwrap();
        assert_eq!(show(&report.waiting), expected, "month {month}");
    }
    // The quarter is not the months added: its median is over all six waits (12 14 18 28 28 37).
    let q3 = s.waiting_figures(actor, &[], d(2026, 7, 1), d(2026, 9, 30)).unwrap();
    assert_eq!(show(&q3), "8 6 3 50 23 1 2 1");
    let sources: Vec<(ReferralSource, u32)> = q3.by_source.iter().map(|c| (c.what, c.count)).collect();
    use ReferralSource::*;
    assert_eq!(sources, [(SelfReferral, 2), (Healthcare, 2), (HallStaff, 2), (Court, 1), (AnotherPrison, 1)]);
    // The cohort's roster has the three taken; Dmitri's page says why he was passed over.
    let roster: Vec<String> = s.roster(actor, q.cohort.id, d(2026, 9, 7)).unwrap().into_iter().map(|l| l.participant.given_name).collect();
    assert_eq!(roster, ["Nguyễn Văn", "Siobhán", "Łukasz"], "by family name");
    let dmitri = s.referrals_in(actor, q.dmitri.id).unwrap();
    assert_eq!(dmitri[0].skips[0].reason, "In segregation until October");
    assert_eq!(dmitri[0].days, (d(2026, 11, 16) - d(2026, 8, 4)).num_days(), "still waiting today");
    // And the full record (a subject access request) holds the referral and why he was skipped.
    let record = s.person_record(actor, q.dmitri.id).unwrap();
    assert_eq!(record.referrals_in, dmitri);
    let left = s.waiting_list(actor, q.moir.id).unwrap();
    assert_eq!(left.lines.len(), 1);
    assert!(left.lines[0].over_standard);
    let programmes = s.programmes(actor, None).unwrap();
    assert_eq!((programmes[0].waiting, programmes[0].longest_wait), (1, Some(104)));
}

#[test]
fn the_returns_print_the_waits_in_the_pdf_and_the_csv() {
    let q = quarter();
    let report = q.f.store.monthly_report(&q.f.actor, &[], Month { year: 2026, month: 9 }).unwrap();
    let (file, _) = pdf::written(q.f.dir.path(), "waits-september.pdf", &monthly_pdf(&report, Disclosure { suppress_small: false }));
    let text = pdf::text_of(&file).split_whitespace().collect::<Vec<_>>().join(" ");
    for words in
        ["Referrals in and waiting times", "33.3% 0% +33.3 pts", "Median wait to start 28 days 28 days", "Waiting at the end 2 5 -3"]
    {
        assert!(text.contains(words), "'{words}' in:\n{text}");
    }
    // The totals row, read by header as a spreadsheet would.
    let totals = |suppress_small: bool| -> Vec<(String, String)> {
        let bytes = monthly_csv(&report, Disclosure { suppress_small }).unwrap();
        let mut reader = csv::Reader::from_reader(&bytes[3..]);
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
        let total = reader.records().map(Result::unwrap).find(|r| r.iter().any(|c| c == "All groups")).unwrap();
        header.into_iter().zip(total.iter().map(str::to_string)).collect()
    };
    let cells = |suppress_small: bool, names: &[&str]| -> Vec<String> {
        let row = totals(suppress_small);
        names.iter().map(|n| row.iter().find(|(h, _)| h == n).unwrap_or_else(|| panic!("no column {n}")).1.clone()).collect()
    };
    let columns = ["Referrals in received", "Started", "Started within 3 weeks (%)", "Median days waited to start", "Waiting over 3 weeks"];
    assert_eq!(cells(false, &columns), ["1", "3", "33.3", "28", "1"]);
    // Small numbers suppressed: the counts, and the share and median made of them.
    assert_eq!(cells(true, &columns), ["<5", "<5", "", "", "<5"]);
}

#[test]
fn a_waiting_list_is_worked_oldest_first_and_a_refused_allocation_changes_nothing() {
    let mut f = Fixture::new();
    let (est, actor) = (f.establishment.id, f.actor);
    let first = f.prisoner("200001", "Siobhán", "Ó Súilleabháin");
    let second = f.prisoner("200002", "Łukasz", "Żółć");
    let cohort = f.programme("MOIR – cohort 2");
    let s = &mut f.store;
    let moir = s.add_programme(&actor, est, "MOIR").unwrap();
    let details = |on| ReferralInDetails {
        source: ReferralSource::HallStaff,
        referred_on: on,
        wants: ReferralWants::Programme,
        group_id: None,
        programme_id: Some(moir.id),
    };
    let older = s.refer_in(&actor, first.id, &details(d(2026, 10, 1))).unwrap();
    let younger = s.refer_in(&actor, second.id, &details(d(2026, 10, 8))).unwrap();
    let before = crate::support::snapshot(s);
    let allocate = |take: Vec<ReferralInId>, skip: Vec<SkipReason>| Allocation { cohort_id: cohort.id, on: d(2026, 11, 2), take, skip };
    for (allocation, problem) in [
        (allocate(vec![younger.id], vec![]), "Siobhán Ó Súilleabháin: has waited longer (46 days) than people taken"),
        (
            allocate(vec![younger.id], vec![SkipReason { referral_in_id: older.id, reason: "  ".into() }]),
            "reason for skipping Siobhán Ó Súilleabháin",
        ),
        (allocate(vec![], vec![]), "people: none chosen"),
        (allocate(vec![older.id, older.id], vec![]), "is chosen twice"),
        (Allocation { on: d(2026, 11, 17), ..allocate(vec![older.id], vec![]) }, "17/11/2026 is in the future"),
    ] {
        let e = s.allocate_cohort(&actor, moir.id, &allocation).unwrap_err().to_string();
        assert!(e.contains(problem), "{e}");
        assert_eq!(crate::support::snapshot(s), before, "nothing saved after: {problem}");
    }
    // Joining the list twice, starting a programme's referral by hand, and a date before the
    // referral are refused by name.
    let e = s.refer_in(&actor, first.id, &details(d(2026, 10, 2))).unwrap_err().to_string();
    assert!(e.contains("already on its waiting list"), "{e}");
    let e = s.close_referral_in(&actor, older.id, ReferralOutcome::Started, d(2026, 11, 2)).unwrap_err().to_string();
    assert!(e.contains("allocated from its waiting list"), "{e}");
    let e = s.record_first_contact(&actor, older.id, d(2026, 9, 30)).unwrap_err().to_string();
    assert!(e.contains("before the referral (01/10/2026)"), "{e}");
    assert_eq!(crate::support::snapshot(s), before);
    // Skipping with a reason, then the skipped person taken at the next allocation.
    let skip = vec![SkipReason { referral_in_id: older.id, reason: "Asked to wait for the spring cohort".into() }];
    s.allocate_cohort(&actor, moir.id, &allocate(vec![younger.id], skip)).unwrap();
    s.allocate_cohort(&actor, moir.id, &allocate(vec![older.id], vec![])).unwrap();
    assert!(s.waiting_list(&actor, moir.id).unwrap().lines.is_empty());
    let mine = s.referrals_in(&actor, first.id).unwrap();
    assert_eq!(
        (mine[0].referral.outcome, mine[0].days, mine[0].cohort_name.as_deref()),
        (Some(ReferralOutcome::Started), 32, Some("MOIR – cohort 2"))
    );
}

#[test]
fn the_command_line_records_referrals_and_prints_any_period() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let ok = |args: &[&str]| {
        let out = run(&db, args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    ok(&["establishment", "add", "--code", "PER", "--name", "HMP Perth"]);
    for (number, given, family) in [("300001", "Siobhán", "Ó Súilleabháin"), ("300002", "Nguyễn Văn", "An")] {
        ok(&["participant", "add", "--establishment", "PER", "--prison-number", number, "--given-name", given, "--family-name", family]);
    }
    ok(&[
        "group",
        "add",
        "--establishment",
        "PER",
        "--name",
        "MOIR – cohort 1",
        "--kind",
        "programme",
        "--starts-on",
        "2026-09-07",
        "--planned-sessions",
        "8",
    ]);
    ok(&["programme", "add", "MOIR"]);
    ok(&["referral-in", "add", "300001", "--source", "hall_staff", "--on", "01/08/2026", "--programme", "moir"]);
    ok(&["referral-in", "add", "300002", "--source", "another_prison", "--on", "20/08/2026", "--programme", "MOIR"]);
    let waiting = ok(&["programme", "waiting", "MOIR"]);
    assert!(waiting.contains("MOIR: 2 waiting") && waiting.contains("Siobhán Ó Súilleabháin  referred 01/08/2026"), "{waiting}");
    let refused = run(&db, &["programme", "allocate", "MOIR", "--cohort", "MOIR – cohort 1", "--take", "300002", "--on", "07/09/2026"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("Siobhán Ó Súilleabháin: has waited longer"), "{refused:?}");
    let done =
        ok(&["programme", "allocate", "MOIR", "--cohort", "MOIR – cohort 1", "--take", "300001", "Nguyễn Văn An", "--on", "07/09/2026"]);
    assert!(done.contains("2 joined MOIR – cohort 1 on 07/09/2026; 0 skipped"), "{done}");
    let figures = ok(&["referral-in", "figures", "--period", "2026-Q3"]);
    for line in
        ["Referrals in, 01/07/2026 to 30/09/2026", "Received: 2", "Started: 2 (1 within 3 weeks: 50%)", "Median wait to start: 27.5 days"]
    {
        assert!(figures.contains(line), "'{line}' in {figures}");
    }
    let bad = run(&db, &["referral-in", "figures", "--period", "2026-Q5"]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("'2026-Q5' is not a month (2026-10), a quarter (2026-Q3)"), "{bad:?}");
}

/// The quarter's registers: Aileen at SMART on 20/07 and 17/08; the MOIR cohort's three at its
/// four September Mondays, Łukasz off unwell on 21/09. Six sessions, 13 attendances, and four
/// different people over the quarter, though the months' own counts add up to five (Aileen came
/// in July and in August).
fn registers(q: &mut Quarter) {
    let (s, actor) = (&mut q.f.store, q.f.actor);
    for day in [d(2026, 7, 20), d(2026, 8, 17)] {
        let session = s.add_session(&actor, q.smart.id, day, None).unwrap();
        s.take_register(&actor, session.id, &[Mark::present(q.aileen.id)]).unwrap();
    }
    let [siobhan, lukasz, nguyen] = &q.taken;
    for day in [7, 14, 21, 28] {
        let session = s.add_session(&actor, q.cohort.id, d(2026, 9, day), None).unwrap();
        let lukasz_mark = if day == 21 { Mark::absent(lukasz.id, AbsenceReason::Unwell) } else { Mark::present(lukasz.id) };
        s.take_register(&actor, session.id, &[Mark::present(siobhan.id), lukasz_mark, Mark::present(nguyen.id)]).unwrap();
    }
}

/// Peers in the quarter. Ian (a peer facilitator since 01/06, qualified to deliver SMART
/// Recovery after Training for Trainers on 10/06) leads SMART on 20/07 and 17/08; Brian (a
/// recovery champion since 01/08, qualified on 25/08) co-leads the MOIR cohort with staff on
/// 14/09 and 28/09; staff alone on 07/09 and 21/09. Peer-led sessions: July 1, August 1,
/// September 2, the quarter 4; different peers who led: 1, 1, 1 and 2 over the quarter; peers
/// newly qualified: August 1 (Brian), the quarter 1, the quarter before 1 (Ian).
fn peers(q: &mut Quarter) -> [Participant; 2] {
    let (s, actor) = (&mut q.f.store, q.f.actor);
    let ian = s.participant_by_key(&actor, "100001", None).unwrap();
    let brian = s.participant_by_key(&actor, "100003", None).unwrap();
    let ian_leads = s.add_peer_role(&actor, ian.id, PeerRole::PeerFacilitator, d(2026, 6, 1)).unwrap();
    let brian_leads = s.add_peer_role(&actor, brian.id, PeerRole::RecoveryChampion, d(2026, 8, 1)).unwrap();
    let trained =
        |course: &str, on| QualificationDetails { course: course.into(), training: TRAINING_FOR_TRAINERS.into(), qualified_on: on };
    s.record_qualification(&actor, ian_leads.id, &trained("SMART Recovery", d(2026, 6, 10))).unwrap();
    s.record_qualification(&actor, brian_leads.id, &trained("SMART Recovery", d(2026, 8, 25))).unwrap();
    let staff = s
        .add_facilitator(&actor, &NewFacilitator { name: "Alison Grant".into(), kind: FacilitatorKind::Staff, organisation: None })
        .unwrap();
    let led_by = |who: Vec<FacilitatorId>| SessionLog { topic: None, notes: None, facilitators: who };
    let sessions = s.sessions(&actor, None, None, d(2026, 7, 1), d(2026, 9, 30)).unwrap();
    assert_eq!(sessions.len(), 6, "the registers first");
    for listing in sessions {
        let day = listing.session.held_on;
        let who = if listing.session.group_id == q.smart.id {
            vec![ian_leads.id]
        } else if [d(2026, 9, 14), d(2026, 9, 28)].contains(&day) {
            vec![staff.id, brian_leads.id]
        } else {
            vec![staff.id]
        };
        s.log_session(&actor, listing.session.id, &led_by(who), true).unwrap();
    }
    [ian, brian]
}

#[test]
fn a_hand_worked_quarter_counts_the_sessions_peers_led_and_who_led_them() {
    let mut q = quarter();
    registers(&mut q);
    let [ian, brian] = peers(&mut q);
    let (s, actor) = (&mut q.f.store, q.f.actor);
    let figures = |s: &recovery_register::Store, period: &str| {
        let r = s.period_report(&actor, &[], &recovery_register::views::Period::parse(period).unwrap(), None).unwrap();
        (r.peers.sessions_led, r.peers.peers_who_led, r.peers.newly_qualified)
    };
    assert_eq!(figures(s, "2026-07"), (1, 1, 0));
    assert_eq!(figures(s, "2026-08"), (1, 1, 1));
    assert_eq!(figures(s, "2026-09"), (2, 1, 0));
    assert_eq!(figures(s, "2026-Q3"), (4, 2, 1));
    assert_eq!(figures(s, "2026-Q2"), (0, 0, 1));
    let q3 = s.period_report(&actor, &[], &recovery_register::views::Period::parse("2026-Q3").unwrap(), None).unwrap();
    assert_eq!((q3.previous_peers.sessions_led, q3.previous_peers.newly_qualified), (0, 1));
    let csv = String::from_utf8(monthly_csv(&q3, Disclosure { suppress_small: false }).unwrap()).unwrap();
    let total = csv.lines().find(|l| l.contains("All groups")).unwrap();
    assert!(total.ends_with(",4,2,1"), "{total}");

    // Their own records: the sessions they led, what they are qualified to deliver.
    let mine = s.peer_record(&actor, brian.id).unwrap().unwrap();
    assert_eq!(mine.role, PeerRole::RecoveryChampion);
    assert_eq!(mine.sessions_led.iter().map(|l| l.held_on).collect::<Vec<_>>(), [d(2026, 9, 14), d(2026, 9, 28)]);
    assert_eq!(mine.qualifications[0].details.course, "SMART Recovery");
    let record = s.person_record(&actor, ian.id).unwrap();
    assert_eq!(record.peer.as_ref().unwrap().sessions_led.len(), 2);
    // The passport shows them only when the person chooses.
    assert_eq!(s.passport(&actor, ian.id, false).unwrap().peer, None);
    s.change_peer_role(&actor, ian.id, PeerRole::PeerFacilitator, true, true).unwrap();
    let shown = s.passport(&actor, ian.id, false).unwrap().peer.unwrap();
    assert_eq!(shown.led.len(), 1);
    let led = &shown.led[0];
    // Without the prison named, the group reads as what it is.
    assert_eq!((led.group.as_str(), led.sessions, led.first, led.last), ("SMART Recovery", 2, d(2026, 7, 20), d(2026, 8, 17)));
    // And the passport as printed.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("passport.pdf");
    let passport = recovery_register::documents::Document::Passport { person: ian.id, name_prison: false };
    s.export(&actor, &passport, recovery_register::documents::Format::Pdf, &path).unwrap();
    pdf::written(dir.path(), "passport-with-peer.pdf", &std::fs::read(&path).unwrap());
    let printed = pdf::text_of(&path).split_whitespace().collect::<Vec<_>>().join(" ");
    for words in
        [recovery_register::pdf::passport::PEER, "Peer facilitator from", "Led 2 sessions of SMART Recovery, 20/07/2026 to 17/08/2026."]
    {
        assert!(printed.contains(words), "'{words}' in the passport:\n{printed}");
    }

    // A group can require its facilitators to be qualified to deliver a course: SMART's, led by
    // Ian, can; the cohort's, led by staff not qualified to deliver MOIR, cannot.
    let staff = s.facilitators(&actor).unwrap().into_iter().find(|f| f.name == "Alison Grant").unwrap();
    let ian_leads = s.peer_record(&actor, ian.id).unwrap().unwrap().facilitator;
    let with = |group: &Group, who: FacilitatorId| GroupDetails { facilitators: vec![who], ..group.details.clone() };
    s.edit_group(&actor, q.cohort.id, &with(&q.cohort, staff.id)).unwrap();
    let e = s.require_course(&actor, q.cohort.id, Some("MOIR")).unwrap_err().to_string();
    assert_eq!(e, "facilitators: Alison Grant is not qualified to deliver MOIR: record their qualification first");
    let smart = s.edit_group(&actor, q.smart.id, &with(&q.smart, ian_leads.id)).unwrap();
    let smart = s.require_course(&actor, smart.id, Some("smart recovery")).unwrap();
    assert_eq!(smart.required_course.as_deref(), Some("smart recovery"));
    let mut details = smart.details.clone();
    details.facilitators.push(staff.id);
    let before = crate::support::snapshot(s);
    let e = s.edit_group(&actor, q.smart.id, &details).unwrap_err().to_string();
    assert_eq!(e, "facilitators: Alison Grant is not qualified to deliver smart recovery: record their qualification first");
    assert_eq!(crate::support::snapshot(s), before, "a refused change changes nothing");
    // A session run by someone not qualified is recorded as it was, and said as its register
    // opens: Ian's SMART sessions were his alone; one logged as Alison's is not.
    let quarter_sessions = s.sessions(&actor, None, None, d(2026, 7, 1), d(2026, 9, 30)).unwrap();
    let of =
        |group: GroupId| quarter_sessions.iter().filter(move |l| l.session.group_id == group).map(|l| l.session.id).collect::<Vec<_>>();
    let (smart_sessions, cohort_sessions) = (of(q.smart.id), of(q.cohort.id));
    assert_eq!(s.register(&actor, smart_sessions[0]).unwrap().qualification_problem, None);
    let by_alison = SessionLog { topic: None, notes: None, facilitators: vec![staff.id, ian_leads.id] };
    s.log_session(&actor, smart_sessions[1], &by_alison, true).unwrap();
    assert_eq!(
        s.register(&actor, smart_sessions[1]).unwrap().qualification_problem.as_deref(),
        Some("Alison Grant is not qualified to deliver smart recovery, which this group requires of its facilitators")
    );
    assert_eq!(s.register(&actor, cohort_sessions[0]).unwrap().qualification_problem, None, "the cohort requires nothing");
    // A clearance is for people who come in, not for a peer in custody.
    let clearance = ClearanceDetails {
        kind: ClearanceKind::StandardPlusCompleted,
        status: ClearanceStatus::Granted,
        applied_on: None,
        granted_on: Some(d(2026, 9, 1)),
        expires_on: None,
        reference: None,
        notes: None,
    };
    let e = s.add_clearance(&actor, ian_leads.id, q.f.establishment.id, &clearance).unwrap_err().to_string();
    assert_eq!(e, "facilitator: Ian Reid is a peer in custody here: a clearance is for people who come in");
    // A second role is refused.
    let e = s.add_peer_role(&actor, ian.id, PeerRole::RecoveryChampion, d(2026, 9, 1)).unwrap_err().to_string();
    assert_eq!(e, "Ian Reid: is already a peer facilitator here; change the role instead");
    let e = s.record_qualification(
        &actor,
        staff.id,
        &QualificationDetails { course: "MOIR".into(), training: TRAINING_FOR_TRAINERS.into(), qualified_on: d(2026, 12, 1) },
    );
    assert_eq!(e.unwrap_err().to_string(), "qualified on: 01/12/2026 is in the future");
}

/// Ten scores from 1 to 6 that add up to `total`.
fn scores(total: u8) -> Vec<u8> {
    let mut left = total - 10;
    (0..10)
        .map(|_| {
            let more = left.min(5);
            left -= more;
            1 + more
        })
        .collect()
}

/// BARC-10 in the quarter, with consent: Aileen 20 at the start (20/07) and 29 at a review
/// (17/08); Siobhán 24 then 31, Łukasz 30 then 27, at the cohort's start (07/09) and end (28/09);
/// Nguyễn 35 at the start only.
fn barc10(q: &mut Quarter) {
    let (s, actor) = (&mut q.f.store, q.f.actor);
    let [siobhan, lukasz, nguyen] = &q.taken;
    for (who, on, stage, total) in [
        (&q.aileen, d(2026, 7, 20), CapitalStage::Start, 20),
        (&q.aileen, d(2026, 8, 17), CapitalStage::Review, 29),
        (siobhan, d(2026, 9, 7), CapitalStage::Start, 24),
        (lukasz, d(2026, 9, 7), CapitalStage::Start, 30),
        (nguyen, d(2026, 9, 7), CapitalStage::Start, 35),
        (siobhan, d(2026, 9, 28), CapitalStage::Review, 31),
        (lukasz, d(2026, 9, 28), CapitalStage::Review, 27),
    ] {
        let details = CapitalDetails { taken_on: on, stage, scores: scores(total), consent: true, on_passport: false };
        assert_eq!(s.record_capital(&actor, who.id, &details).unwrap().total, u32::from(total));
    }
}

#[test]
fn barc10_at_start_and_review_gives_the_number_assessed_and_the_median_change_never_a_score() {
    let mut q = quarter();
    barc10(&mut q);
    let (s, actor) = (&mut q.f.store, q.f.actor);
    let figures = |period: &str| {
        let c = s.period_report(&actor, &[], &recovery_register::views::Period::parse(period).unwrap(), None).unwrap().capital;
        (c.assessed, c.reassessed, c.median_change.map(|m| m.to_string()))
    };
    // The quarter: four assessed; three reassessed, by +9, +7 and -3: median +7.
    assert_eq!(figures("2026-Q3"), (4, 3, Some("7".into())));
    // August: Aileen's review alone (+9); September: +7 and -3 (median 2), Nguyễn not yet reassessed.
    assert_eq!(figures("2026-08"), (1, 1, Some("9".into())));
    assert_eq!(figures("2026-09"), (3, 2, Some("2".into())));
    assert_eq!(figures("2026-06"), (0, 0, None));
    // Their own page has every assessment; the CSV has the count and the median, no score.
    let mine = s.capital_of(&actor, q.taken[1].id).unwrap();
    assert_eq!(mine.iter().map(|a| a.total).collect::<Vec<_>>(), [30, 27]);
    let report = s.period_report(&actor, &[], &recovery_register::views::Period::parse("2026-Q3").unwrap(), None).unwrap();
    let csv = String::from_utf8(monthly_csv(&report, Disclosure { suppress_small: false }).unwrap()).unwrap();
    let total = csv.lines().find(|l| l.contains("All groups")).unwrap();
    assert!(total.ends_with(",4,7,0,0,0"), "BARC-10, then no peers: {total}");
    // The passport shows the change only when the person chose, at their latest assessment.
    assert_eq!(s.passport(&actor, q.taken[0].id, false).unwrap().capital, None);
    let chose =
        CapitalDetails { taken_on: d(2026, 10, 5), stage: CapitalStage::Review, scores: scores(33), consent: true, on_passport: true };
    s.record_capital(&actor, q.taken[0].id, &chose).unwrap();
    let shown = s.passport(&actor, q.taken[0].id, false).unwrap().capital.unwrap();
    assert_eq!((shown.first_on, shown.first_total, shown.latest_on, shown.latest_total), (d(2026, 9, 7), 24, d(2026, 10, 5), 33));
    // Without consent, or with a score out of range, nothing is kept.
    let before = crate::support::snapshot(s);
    for (consent, sc, problem) in
        [(false, scores(30), "consent"), (true, vec![3, 3, 3, 3, 3, 3, 3, 3, 3, 9], "statement 10: 9 is not a score from 1 to 6")]
    {
        let details = CapitalDetails { taken_on: d(2026, 10, 1), stage: CapitalStage::Review, scores: sc, consent, on_passport: false };
        let e = s.record_capital(&actor, q.taken[2].id, &details).unwrap_err().to_string();
        assert!(e.contains(problem), "{e}");
    }
    assert_eq!(crate::support::snapshot(s), before);
}

#[test]
fn a_quarters_return_counts_people_over_the_quarter_and_prints_with_highlights_and_a_template() {
    use recovery_register::documents::{Document, Format};
    use recovery_register::reports::template::{ColumnTemplate, TemplateColumn};
    use recovery_register::views::Period;
    let mut q = quarter();
    registers(&mut q);
    barc10(&mut q);
    peers(&mut q);
    let (s, actor) = (&mut q.f.store, q.f.actor);
    let q3 = Period::parse("2026-Q3").unwrap();
    let report = s.period_report(&actor, &[], &q3, None).unwrap();
    let t = &report.totals;
    assert_eq!((t.sessions_held, t.counts.attended(), t.unique_people, t.new_enrolments), (6, 13, 4, 4));
    let months: u32 = (7..=9).map(|m| s.monthly_report(&actor, &[], Month { year: 2026, month: m }).unwrap().totals.unique_people).sum();
    assert_eq!(months, 5, "the months' different people add up to more than the quarter's");
    assert_eq!(show(&report.waiting), "8 6 3 50 23 1 2 1", "the waits as worked by hand above");
    let p = &report.peers;
    assert_eq!((p.sessions_led, p.peers_who_led, p.newly_qualified), (4, 2, 1), "the peers as worked by hand in `peers`");
    assert_eq!((report.month_label.as_str(), report.previous_label.as_str()), ("July to September 2026", "April to June 2026"));
    // Compared with another period of one's choosing: the same quarter a year before.
    let last_year = Period::parse("2025-Q3").unwrap();
    assert_eq!(s.period_report(&actor, &[], &q3, Some(&last_year)).unwrap().previous_short_label, "Jul–Sep 2025");

    // The PDF: its own title, the highlights on the first page, the quarter beside the one before.
    let dir = tempfile::tempdir().unwrap();
    let highlights = "Recovery College graduation on 18 September: 14 graduates.\nMOIR cohort 1 started on 7 September.";
    let document = |template: Option<&str>| Document::Return {
        establishments: vec![],
        period: q3.clone(),
        compare_with: None,
        disclosure: Disclosure::default(),
        highlights: Some(highlights.into()),
        template: template.map(str::to_string),
    };
    let pdf_path = dir.path().join("q3.pdf");
    s.export(&actor, &document(None), Format::Pdf, &pdf_path).unwrap();
    let (_, pages) = pdf::written(dir.path(), "quarter-return.pdf", &std::fs::read(&pdf_path).unwrap());
    let (ok, first) = pdf::run("pdftotext", &["-q", "-enc", "UTF-8", "-f", "1", "-l", "1", pdf_path.to_str().unwrap(), "-"]);
    assert!(ok, "{first}");
    let first = first.split_whitespace().collect::<Vec<_>>().join(" ");
    for words in [
        "Attendance return",
        "July to September 2026",
        "Highlights",
        "Recovery College graduation on 18 September: 14 graduates.",
        "Jul–Sep 2026",
        "Apr–Jun 2026",
        "Referrals in and waiting times",
    ] {
        assert!(first.contains(words), "'{words}' on the first page of {pages}:\n{first}");
    }
    let all = pdf::text_of(&pdf_path).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(all.contains("Peers who led") && all.contains("Sessions led by peers 4 0"), "{all}");

    // The CSV cut to a funder's template: its columns, its headings, every row.
    let template = ColumnTemplate {
        name: "Tayside ADP quarterly".into(),
        columns: vec![
            TemplateColumn { figure: "Group".into(), heading: "".into() },
            TemplateColumn { figure: "Different people".into(), heading: "People supported".into() },
            TemplateColumn { figure: "Sessions held".into(), heading: "".into() },
            TemplateColumn { figure: "Started within 3 weeks (%)".into(), heading: "Seen within 3 weeks (%)".into() },
        ],
    };
    s.save_column_template(&actor, &template).unwrap();
    let csv_path = dir.path().join("q3.csv");
    s.export(&actor, &document(Some("tayside adp QUARTERLY")), Format::Csv, &csv_path).unwrap();
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "Group,People supported,Sessions held,Seen within 3 weeks (%)");
    assert!(lines.contains(&"All groups,4,6,50"), "{csv}");
    assert!(lines.contains(&"SMART Recovery,1,2,"), "{csv}");
    let e = s.export(&actor, &document(Some("Fife ADP")), Format::Csv, &dir.path().join("no.csv")).unwrap_err().to_string();
    assert!(e.contains("column template not found: Fife ADP"), "{e}");
    assert!(!dir.path().join("no.csv").exists());
}

#[test]
fn the_command_line_gives_a_peer_role_a_qualification_and_a_groups_requirement() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let ok = |args: &[&str]| crate::support::cli_ok(&db, args);
    crate::support::cli_with_one_person(&db);
    let shown = ok(&["peer", "add", "300001", "--role", "recovery_champion", "--since", "01/09/2026"]);
    assert!(shown.starts_with("Recovery champion since 01/09/2026; not shown on their passport"), "{shown}");
    let refused = run(&db, &["peer", "add", "300001", "--role", "peer_facilitator"]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("is already a recovery champion here"), "{refused:?}");
    let listed = ok(&["facilitator", "qualify", "Siobhán Ó Súilleabháin", "--course", "SMART Recovery", "--on", "28/09/2026"]);
    assert!(listed.contains("SMART Recovery") && listed.contains("28/09/2026  Training for Trainers"), "{listed}");
    let shown = ok(&["peer", "change", "300001", "--role", "peer_facilitator", "--passport", "true"]);
    assert!(shown.contains("Peer facilitator since 01/09/2026; shown on their passport"), "{shown}");
    assert!(
        shown.contains("Qualified to deliver SMART Recovery (Training for Trainers, 28/09/2026)") && shown.contains("Sessions led: 0"),
        "{shown}"
    );
    ok(&["group", "add", "--establishment", "PER", "--name", "SMART Recovery", "--kind", "smart_recovery", "--starts-on", "2026-09-01"]);
    let required = ok(&["--json", "group", "require", "SMART Recovery", "--course", "SMART Recovery"]);
    assert!(required.contains("\"required_course\": \"SMART Recovery\""), "{required}");
    ok(&["group", "require", "SMART Recovery", "--none"]);
    let ended = ok(&["peer", "change", "300001", "--ended"]);
    assert!(ended.contains("(ended)"), "{ended}");
}
