//! The monthly return on a hand-built October 2026, every figure worked out by hand below, with
//! the month's edges (a session at 23:30 on the 30th of September and on the 31st of October, one
//! on 1 November, the clocks going back on 25 October), an empty month, and the CSV read back.

use crate::support::*;
use chrono::{NaiveTime, Weekday};
use recovery_register::model::*;
use recovery_register::reports::csv::{monthly_csv, Disclosure};
use recovery_register::reports::monthly::{Count, GroupMonth, Month, MonthFigures, WeekFigures};
use recovery_register::rules::attendance::{percent, AttendanceCounts};

fn t(h: u32, m: u32) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt(h, m, 0)
}

fn group(f: &mut Fixture, name: &str, kind: GroupKind, planned: Option<u32>) -> Group {
    let details = GroupDetails {
        name: name.into(),
        kind,
        location: Some("Learning Centre".into()),
        starts_on: d(2026, 9, 1),
        ends_on: None,
        start_time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        duration_minutes: 90,
        schedule: Some(Schedule { weekday: Weekday::Mon, every_weeks: 1 }),
        planned_sessions: planned,
        completion: planned.map(|_| CompletionRule { min_attended: 1, excuses_regime_absences: true }),
        facilitators: vec![],
    };
    f.store.add_group(&f.actor, f.establishment.id, &details).unwrap()
}

struct Month2026 {
    f: Fixture,
    cafe: Group,
    programme: Group,
}

/// Recovery Café (ongoing): Seán, Łukasz and Zoë from 1 September; Niamh joins 12 October; Zoë
/// withdraws on 20 October.
///   07/09 10:00 held  Seán present, Łukasz present, Zoë absent (chose not to attend)
///   30/09 23:30 held  all three present                                  (September, not October)
///   05/10 10:00 held  Seán present, Łukasz late, Zoë absent (not unlocked: the regime)
///   12/10 10:00 cancelled: lockdown
///   19/10 10:00 held  Seán present, Łukasz absent (healthcare), Zoë left early, Niamh present
///   26/10 10:00 held  (the day after the clocks go back) Seán, Łukasz present, Niamh refused
///   28/10 10:00 planned, never recorded
///   31/10 23:30 held  Seán present, Łukasz absent (wing lockdown), Niamh not marked
///   01/11 10:00 held  Seán present                                        (November)
/// Programme (1 planned session, complete with 1): Seán and Łukasz from 1 September;
///   14/10 14:00 held, both present; on 15/10 Seán leaves "completed", Łukasz "liberated";
///   Seán's certificate is issued on 16/10.
fn october() -> Month2026 {
    let mut f = Fixture::new();
    let [sean, lukasz, zoe, niamh] = [
        f.prisoner("100001", "Seán", "Ó Súilleabháin"),
        f.prisoner("100002", "Łukasz", "Żółć"),
        f.prisoner("100003", "Zoë", "O'Neill-Smith"),
        f.prisoner("100004", "Niamh", "Ní Bhriain"),
    ];
    let cafe = group(&mut f, "Recovery Café", GroupKind::RecoveryCafe, None);
    let programme = group(&mut f, "Moving On In Recovery", GroupKind::Programme, Some(1));
    let a = f.actor;
    let s = &mut f.store;
    for p in [&sean, &lukasz, &zoe] {
        s.enrol(&a, cafe.id, p.id, d(2026, 9, 1)).unwrap();
    }
    s.enrol(&a, cafe.id, niamh.id, d(2026, 10, 12)).unwrap();
    for p in [&sean, &lukasz] {
        s.enrol(&a, programme.id, p.id, d(2026, 9, 1)).unwrap();
    }
    let mut session = |group: &Group, on, at, marks: Vec<Mark>| {
        let session = s.add_session(&a, group.id, on, at).unwrap();
        if !marks.is_empty() {
            s.take_register(&a, session.id, &marks).unwrap();
        }
        session
    };
    use AbsenceReason::*;
    session(&cafe, d(2026, 9, 7), t(10, 0), vec![Mark::present(sean.id), Mark::present(lukasz.id), Mark::absent(zoe.id, ChoseNotToAttend)]);
    session(&cafe, d(2026, 9, 30), t(23, 30), vec![Mark::present(sean.id), Mark::present(lukasz.id), Mark::present(zoe.id)]);
    let mut late = Mark::present(lukasz.id);
    late.mark = MarkKind::Late;
    session(&cafe, d(2026, 10, 5), t(10, 0), vec![Mark::present(sean.id), late, Mark::absent(zoe.id, NotUnlocked)]);
    let cancelled = session(&cafe, d(2026, 10, 12), t(10, 0), vec![]);
    let mut early = Mark::present(zoe.id);
    early.mark = MarkKind::LeftEarly;
    session(
        &cafe,
        d(2026, 10, 19),
        t(10, 0),
        vec![Mark::present(sean.id), Mark::absent(lukasz.id, Healthcare), early, Mark::present(niamh.id)],
    );
    session(&cafe, d(2026, 10, 26), t(10, 0), vec![Mark::present(sean.id), Mark::present(lukasz.id), Mark::absent(niamh.id, Refused)]);
    session(&cafe, d(2026, 10, 28), t(10, 0), vec![]);
    session(&cafe, d(2026, 10, 31), t(23, 30), vec![Mark::present(sean.id), Mark::absent(lukasz.id, WingLockdown)]);
    session(&cafe, d(2026, 11, 1), t(10, 0), vec![Mark::present(sean.id)]);
    session(&programme, d(2026, 10, 14), t(14, 0), vec![Mark::present(sean.id), Mark::present(lukasz.id)]);
    s.cancel_session(&a, cancelled.id, CancellationReason::Lockdown, None).unwrap();
    s.leave(&a, cafe.id, zoe.id, d(2026, 10, 20), LeavingReason::Withdrew, None).unwrap();
    s.leave(&a, programme.id, sean.id, d(2026, 10, 15), LeavingReason::Completed, None).unwrap();
    s.leave(&a, programme.id, lukasz.id, d(2026, 10, 15), LeavingReason::Liberated, None).unwrap();
    let kind = s
        .add_award_type(
            &a,
            f.establishment.id,
            &AwardTypeDetails {
                kind: AwardKind::ProgrammeCompletion,
                title: "Moving On In Recovery".into(),
                svq_level: None,
                awarding_body: None,
                wording: "has completed Moving On In Recovery".into(),
                issuing_organisation: "Perth Recovery Service".into(),
                show_establishment: false,
                signatories: vec![Signatory { name: "Alison Grant".into(), role: "Recovery Coordinator".into(), signature: None }],
            },
        )
        .unwrap();
    s.issue_awards(&a, kind.id, Some(programme.id), &[sean.id], d(2026, 10, 16)).unwrap();
    Month2026 { f, cafe, programme }
}

#[allow(clippy::too_many_arguments)] // one argument per column of the count, in order
fn counts(
    expected: u32,
    present: u32,
    late: u32,
    left_early: u32,
    person: u32,
    regime: u32,
    appointment: u32,
    unmarked: u32,
) -> AttendanceCounts {
    AttendanceCounts {
        expected,
        present,
        late,
        left_early,
        absent_person: person,
        absent_regime: regime,
        absent_appointment: appointment,
        unmarked,
    }
}

fn c<T>(what: T, count: u32) -> Count<T> {
    Count { what, count }
}

#[test]
fn every_figure_of_a_hand_built_october() {
    let m = october();
    let report = m.f.store.monthly_report(&m.f.actor, &[m.f.establishment.id], Month::parse("month", "2026-10").unwrap()).unwrap();
    assert_eq!((report.month.as_str(), report.month_label.as_str()), ("2026-10", "October 2026"));

    // Café, October: 6 sessions dated (5, 12, 19, 26, 28, 31), 4 held, 1 cancelled, 1 unrecorded.
    // Places: 3 (5/10) + 4 (19/10) + 3 (26/10) + 3 (31/10) = 13.
    let cafe = MonthFigures {
        sessions_planned: 6,
        sessions_held: 4,
        sessions_cancelled: 1,
        sessions_not_recorded: 1,
        cancellations: vec![c(CancellationReason::Lockdown, 1)],
        counts: counts(13, 6, 1, 1, 1, 2, 1, 1),
        unique_people: 4,
        new_enrolments: 1,
        leavers: vec![c(LeavingReason::Withdrew, 1)],
        completions: 0,
        certificates_issued: 0,
        absences: vec![
            c(AbsenceReason::Refused, 1),
            c(AbsenceReason::NotUnlocked, 1),
            c(AbsenceReason::WingLockdown, 1),
            c(AbsenceReason::Healthcare, 1),
        ],
        ..MonthFigures::default()
    };
    // Café, September: 7/09 and 30/09 (23:30) held; 3 + 3 places, 2 + 3 attended.
    let cafe_september = MonthFigures {
        sessions_planned: 2,
        sessions_held: 2,
        counts: counts(6, 5, 0, 0, 1, 0, 0, 0),
        unique_people: 3,
        new_enrolments: 3,
        absences: vec![c(AbsenceReason::ChoseNotToAttend, 1)],
        ..MonthFigures::default()
    };
    let programme = MonthFigures {
        sessions_planned: 1,
        sessions_held: 1,
        counts: counts(2, 2, 0, 0, 0, 0, 0, 0),
        unique_people: 2,
        leavers: vec![c(LeavingReason::Completed, 1), c(LeavingReason::Liberated, 1)],
        completions: 1,
        certificates_issued: 1,
        ..MonthFigures::default()
    };
    let programme_september = MonthFigures { new_enrolments: 2, ..MonthFigures::default() };
    let group_month = |g: &Group, figures: &MonthFigures, previous: &MonthFigures| GroupMonth {
        group_id: g.id,
        group_name: g.details.name.clone(),
        establishment_code: "PER".into(),
        kind: g.details.kind,
        figures: figures.clone(),
        previous: previous.clone(),
    };
    assert_eq!(
        report.groups,
        vec![group_month(&m.programme, &programme, &programme_september), group_month(&m.cafe, &cafe, &cafe_september)],
        "groups by name, each with its own previous month"
    );

    // Totals: everything added, but people counted once across groups (Seán and Łukasz are in both).
    let totals = MonthFigures {
        sessions_planned: 7,
        sessions_held: 5,
        sessions_cancelled: 1,
        sessions_not_recorded: 1,
        cancellations: vec![c(CancellationReason::Lockdown, 1)],
        counts: counts(15, 8, 1, 1, 1, 2, 1, 1),
        unique_people: 4,
        new_enrolments: 1,
        leavers: vec![c(LeavingReason::Completed, 1), c(LeavingReason::Liberated, 1), c(LeavingReason::Withdrew, 1)],
        completions: 1,
        certificates_issued: 1,
        absences: cafe.absences.clone(),
        ..MonthFigures::default()
    };
    assert_eq!(report.totals, totals);
    assert_eq!(report.previous_totals.counts.attended(), 5);
    assert_eq!(report.previous_totals.unique_people, 3);
    assert_eq!(report.previous_totals.new_enrolments, 5);

    // Rates by the core's definitions: 10 of 15; when able, 10 of (15 - 2 regime - 1 appointment).
    use recovery_register::rules::attendance::percent;
    assert_eq!(percent(report.totals.counts.rate()), "66.7%");
    assert_eq!(percent(report.totals.counts.rate_when_able()), "83.3%");
    assert_eq!(percent(recovery_register::reports::csv::lost_to_regime(&report.totals.counts)), "13.3%");
    assert_eq!(percent(cafe.counts.rate()), "61.5%");
    assert_eq!(percent(cafe.counts.rate_when_able()), "80%");

    // Weeks from Monday: 1 October is a Thursday. The 31/10 23:30 session is in the last week.
    let week =
        |m: u32, day: u32, held: u32, came: u32| WeekFigures { week_starting: d(2026, m, day), sessions_held: held, attendances: came };
    assert_eq!(report.weeks, vec![week(9, 28, 0, 0), week(10, 5, 1, 2), week(10, 12, 1, 2), week(10, 19, 1, 3), week(10, 26, 2, 3)]);
    assert!(!report.is_empty());
}

#[test]
fn the_csv_reads_back_to_the_same_numbers_and_opens_in_excel() {
    let m = october();
    let report = m.f.store.monthly_report(&m.f.actor, &[], Month::parse("month", "10/2026").unwrap()).unwrap();
    let bytes = monthly_csv(&report, Disclosure::default()).unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "a byte-order mark, so Excel reads UTF-8");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    let records: Vec<csv::StringRecord> = rows.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 3, "two groups and a totals row");
    let cell = |row: &csv::StringRecord, name: &str| row[header.iter().position(|h| h == name).unwrap()].to_string();
    let cafe = records.iter().find(|r| cell(r, "Group") == "Recovery Café").unwrap();
    let totals = records.last().unwrap();
    for (name, cafe_value, total_value) in [
        ("Establishment", "HMP Perth", "HMP Perth"),
        ("Sessions planned", "6", "7"),
        ("Sessions held", "4", "5"),
        ("Sessions cancelled", "1", "1"),
        ("Attendances (named)", "8", "10"),
        ("Of which drop-ins", "0", "0"),
        ("Others present, not named", "0", "0"),
        ("Visitors from outside", "0", "0"),
        ("Different people", "4", "4"),
        ("Places expected", "13", "15"),
        ("Attendance rate (%)", "61.5", "66.7"),
        ("Rate when able to attend (%)", "80", "83.3"),
        ("Absent: the regime", "2", "2"),
        ("Expected attendances lost to the regime (%)", "15.4", "13.3"),
        ("New enrolments", "1", "1"),
        ("Leavers", "1", "3"),
        ("Programme completions", "0", "1"),
        ("Certificates issued", "0", "1"),
        ("Attendances last month", "5", "5"),
        ("Change in attendances", "+3", "+5"),
    ] {
        assert_eq!((name, cell(cafe, name).as_str()), (name, cafe_value));
        assert_eq!((name, cell(totals, name).as_str()), (name, total_value));
    }
    assert_eq!(cell(totals, "Group"), "All groups");
}

#[test]
fn small_numbers_are_suppressed_on_request_and_formulas_in_names_stay_text() {
    let mut m = october();
    let mut details = m.cafe.details.clone();
    details.name = "=HYPERLINK(\"http://evil\",\"Recovery Café\")".into();
    m.f.store.edit_group(&m.f.actor, m.cafe.id, &details).unwrap();
    let report = m.f.store.monthly_report(&m.f.actor, &[], Month::parse("month", "2026-10").unwrap()).unwrap();
    let bytes = monthly_csv(&report, Disclosure { suppress_small: true }).unwrap();
    let mut rows = csv::Reader::from_reader(&bytes[3..]);
    let records: Vec<csv::StringRecord> = rows.records().map(|r| r.unwrap()).collect();
    let cafe = records.iter().find(|r| r[1].contains("HYPERLINK")).unwrap();
    assert!(cafe[1].starts_with("'="), "{:?}", &cafe[1]);
    // Held 4 -> "<5"; attended 8 stays; places 13 stays; 0 stays 0.
    assert_eq!((&cafe[4], &cafe[7], &cafe[12], &cafe[21]), ("<5", "8", "13", "0"));
}

#[test]
fn an_empty_month_is_a_valid_report_that_says_so() {
    let m = october();
    let report = m.f.store.monthly_report(&m.f.actor, &[], Month::parse("month", "2026-01").unwrap()).unwrap();
    assert!(report.is_empty());
    assert!(report.groups.is_empty());
    assert_eq!(report.weeks.len(), 5, "January 2026 touches five weeks starting on Mondays");
    let bytes = monthly_csv(&report, Disclosure::default()).unwrap();
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(&bytes[3..]).records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 1, "only the totals row");
    assert_eq!(&rows[0][3], "0");
    assert_eq!(&rows[0][13], "", "no rate, not 0%");
}

#[test]
fn march_edges_and_the_clocks_going_forward() {
    let mut f = Fixture::new();
    let p = f.prisoner("100001", "Siobhán", "Nic a' Bhàird");
    let mut details = programme_details("Recovery Café");
    details.kind = GroupKind::RecoveryCafe;
    details.starts_on = d(2026, 3, 1);
    details.planned_sessions = None;
    details.completion = None;
    let g = f.store.add_group(&f.actor, f.establishment.id, &details).unwrap();
    f.store.enrol(&f.actor, g.id, p.id, d(2026, 3, 1)).unwrap();
    // 29 March 2026: the clocks go forward at 01:00; 31 March 23:30; 1 April 00:15.
    for (on, at) in [(d(2026, 3, 29), t(10, 0)), (d(2026, 3, 31), t(23, 30)), (d(2026, 4, 1), t(0, 15))] {
        let s = f.store.add_session(&f.actor, g.id, on, at).unwrap();
        f.store.take_register(&f.actor, s.id, &[Mark::present(p.id)]).unwrap();
    }
    let march = f.store.monthly_report(&f.actor, &[], Month::parse("month", "2026-03").unwrap()).unwrap();
    let april = f.store.monthly_report(&f.actor, &[], Month::parse("month", "2026-04").unwrap()).unwrap();
    assert_eq!((march.totals.sessions_held, march.totals.counts.attended()), (2, 2));
    assert_eq!((april.totals.sessions_held, april.totals.counts.attended()), (1, 1));
    assert_eq!(april.previous_totals.counts.attended(), 2);
}

#[test]
fn months_are_typed_one_way_and_refused_clearly_otherwise() {
    for (raw, ok) in [("2026-10", Some((2026, 10))), ("10/2026", Some((2026, 10))), (" 2026-1 ", Some((2026, 1)))] {
        let m = Month::parse("month", raw).unwrap();
        assert_eq!(Some((m.year, m.month)), ok);
    }
    for (raw, message) in [
        ("2026-13", "month: '2026-13' is not a month between 2000 and 2100"),
        ("October", "month: 'October' is not a month; write it as 2026-10"),
        ("", "month: '' is not a month; write it as 2026-10"),
        ("1999-12", "month: '1999-12' is not a month between 2000 and 2100"),
    ] {
        assert_eq!(Month::parse("month", raw).unwrap_err().to_string(), message);
    }
    assert_eq!(Month::parse("m", "2026-01").unwrap().previous().code(), "2025-12");
    assert_eq!(Month::parse("m", "2026-12").unwrap().next().label(), "January 2027");
}

/// The October above, with the room as it was: Aoife (on no roster) dropped in late on 19/10,
/// a new person, Nguyễn Văn An, was added at the register on 26/10, and headcounts were taken
/// (19/10: 6 others and 2 visitors from Alcoholics Anonymous; 26/10: 3 others). By hand, for the
/// café: attendances 8 named + 2 drop-ins = 10; different people 4 + 2 = 6; places expected and
/// both rates as before (13; 61.5%, 80%); 9 others present, not named; 2 visitors.
#[test]
fn drop_ins_and_headcounts_count_as_attendances_never_as_places_expected() {
    let mut m = october();
    let (a, est) = (m.f.actor, m.f.establishment.id);
    let session_on = |m: &Month2026, day| {
        let listed = m.f.store.sessions(&m.f.actor, Some(m.cafe.id), None, day, day).unwrap();
        listed[0].session.clone()
    };
    let (s19, s26, s12) = (session_on(&m, d(2026, 10, 19)), session_on(&m, d(2026, 10, 26)), session_on(&m, d(2026, 10, 12)));
    let aoife = m.f.prisoner("100006", "Aoife", "Byrne");
    let niamh =
        m.f.store.register(&a, s19.id).unwrap().lines.iter().find(|l| l.participant.given_name == "Niamh").unwrap().participant.clone();
    let s = &mut m.f.store;

    // The rules: only someone who came, not someone on the roster, not twice, not at a
    // cancelled session, not before the session has happened.
    let e = s.add_drop_in(&a, s19.id, aoife.id, MarkKind::Absent).unwrap_err();
    assert_eq!(e.to_string(), "mark: a drop-in is someone who came: mark them present, late or left early");
    let e = s.add_drop_in(&a, s19.id, niamh.id, MarkKind::Present).unwrap_err();
    assert_eq!(e.to_string(), "person: Niamh Ní Bhriain is on this group's roster: mark them on the register");
    let e = s.add_drop_in(&a, s12.id, aoife.id, MarkKind::Present).unwrap_err();
    assert_eq!(e.code(), "conflict");
    let future = s.add_session(&a, m.cafe.id, d(2026, 11, 30), t(10, 0)).unwrap();
    let e = s.add_drop_in(&a, future.id, aoife.id, MarkKind::Present).unwrap_err();
    assert_eq!(e.to_string(), "session: the session on 30/11/2026 has not happened yet; who came is recorded on the day or after");

    assert_eq!(s.add_drop_in(&a, s19.id, aoife.id, MarkKind::Late).unwrap().saved, 1);
    let e = s.add_drop_in(&a, s19.id, aoife.id, MarkKind::Present).unwrap_err();
    assert_eq!(e.to_string(), "person: Aoife Byrne is already on this register");

    // A new person at the register: with a bad prison number, nothing is saved at all; at a
    // cancelled session, not even the person.
    let people_before = s.participants(&a, &recovery_register::store::ParticipantFilter::default()).unwrap().len();
    let bad = prisoner_details("10 0005!", "Nguyễn", "Văn An");
    assert_eq!(s.add_new_drop_in(&a, s26.id, &bad, MarkKind::Present).unwrap_err().code(), "invalid");
    let an = prisoner_details("100005", "Nguyễn", "Văn An");
    assert_eq!(s.add_new_drop_in(&a, s12.id, &an, MarkKind::Present).unwrap_err().code(), "conflict");
    assert_eq!(s.participants(&a, &recovery_register::store::ParticipantFilter::default()).unwrap().len(), people_before);
    let added = s.add_new_drop_in(&a, s26.id, &an, MarkKind::Present).unwrap();
    assert_eq!((added.participant.prison_number.as_deref(), added.saved.saved), (Some("100005"), 1));

    // Headcounts: checked, then kept.
    let e = s.record_headcount(&a, s19.id, &Headcount { others_present: 0, visitors: 0, visitors_from: Some("AA".into()) }).unwrap_err();
    assert_eq!(e.to_string(), "visitors' organisation: give the number of visitors too");
    let e = s.record_headcount(&a, s19.id, &Headcount { others_present: 10_001, visitors: 0, visitors_from: None }).unwrap_err();
    assert_eq!(e.to_string(), "others present: 10001 is more than 10000 people at one session");
    let aa = Headcount { others_present: 6, visitors: 2, visitors_from: Some(" Alcoholics Anonymous ".into()) };
    s.record_headcount(&a, s19.id, &aa).unwrap();
    s.record_headcount(&a, s26.id, &Headcount { others_present: 3, visitors: 0, visitors_from: None }).unwrap();

    // The register shows the roster, then the drop-ins, and the headcount.
    let register = s.register(&a, s19.id).unwrap();
    let last = register.lines.last().unwrap();
    assert_eq!((last.participant.id, last.drop_in, last.mark.as_ref().map(|m| m.mark)), (aoife.id, true, Some(MarkKind::Late)));
    assert_eq!(register.lines.iter().filter(|l| l.drop_in).count(), 1);
    assert_eq!(register.headcount, Headcount { visitors_from: Some("Alcoholics Anonymous".into()), ..aa });
    // Saved again whole, as the screen does: the drop-in's line may change, but not to absent.
    let mut marks: Vec<Mark> = register.lines.iter().filter_map(|l| l.mark.clone()).collect();
    assert!(s.take_register(&a, s19.id, &marks).is_ok());
    let i = marks.iter().position(|m| m.participant_id == aoife.id).unwrap();
    marks[i] = Mark::absent(aoife.id, AbsenceReason::Unwell);
    let e = s.take_register(&a, s19.id, &marks).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("mark {}: a drop-in is someone who came: take them off the register rather than mark them absent", i + 1)
    );

    let report = s.monthly_report(&a, &[est], Month::parse("month", "2026-10").unwrap()).unwrap();
    let cafe = &report.groups.iter().find(|g| g.group_id == m.cafe.id).unwrap().figures;
    assert_eq!((cafe.named_attendances(), cafe.drop_in_attendances, cafe.unique_people, cafe.counts.expected), (10, 2, 6, 13));
    assert_eq!((percent(cafe.counts.rate()), percent(cafe.counts.rate_when_able())), ("61.5%".to_string(), "80%".to_string()));
    assert_eq!((cafe.unnamed_attendances, cafe.visitors), (9, 2));
    let totals = &report.totals;
    assert_eq!(
        (
            totals.named_attendances(),
            totals.drop_in_attendances,
            totals.unique_people,
            totals.counts.expected,
            totals.unnamed_attendances,
            totals.visitors
        ),
        (12, 2, 6, 15, 9, 2)
    );
    // The weekly chart counts named attendances: 19/10's week gains Aoife, 26/10's gains An.
    let week = |monday| report.weeks.iter().find(|w| w.week_starting == monday).unwrap().attendances;
    assert_eq!((week(d(2026, 10, 19)), week(d(2026, 10, 26))), (3 + 1, 2 + 1 + 1));

    // The CSV carries each figure, for the café and in total.
    let csv = recovery_register::reports::csv::monthly_csv(&report, Disclosure::default()).unwrap();
    let mut rows = csv::Reader::from_reader(&csv[3..]);
    let header: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    let records: Vec<csv::StringRecord> = rows.records().map(|r| r.unwrap()).collect();
    let cell = |row: &csv::StringRecord, name: &str| row[header.iter().position(|h| h == name).unwrap()].to_string();
    let cafe_row = records.iter().find(|r| cell(r, "Group") == "Recovery Café").unwrap();
    for (name, cafe_value, total_value) in [
        ("Attendances (named)", "10", "12"),
        ("Of which drop-ins", "2", "2"),
        ("Others present, not named", "9", "9"),
        ("Visitors from outside", "2", "2"),
        ("Different people", "6", "6"),
        ("Places expected", "13", "15"),
        ("Attendance rate (%)", "61.5", "66.7"),
    ] {
        assert_eq!((name, cell(cafe_row, name).as_str()), (name, cafe_value));
        assert_eq!((name, cell(records.last().unwrap(), name).as_str()), (name, total_value));
    }

    // Taken off again (marked by mistake): the figures go back by one.
    s.remove_drop_in(&a, s19.id, aoife.id).unwrap();
    let e = s.remove_drop_in(&a, s19.id, niamh.id).unwrap_err();
    assert_eq!(e.to_string(), "person: is not a drop-in at this session");
    let report = s.monthly_report(&a, &[est], Month::parse("month", "2026-10").unwrap()).unwrap();
    assert_eq!((report.totals.named_attendances(), report.totals.unique_people), (11, 5));
}

/// Counting people at a session that had no register says it was held, as a mark does.
#[test]
fn a_headcount_alone_makes_a_session_held() {
    let mut f = Fixture::new();
    let cafe = group(&mut f, "Recovery Café", GroupKind::RecoveryCafe, None);
    let session = f.store.add_session(&f.actor, cafe.id, d(2026, 11, 9), t(18, 30)).unwrap();
    let saved =
        f.store.record_headcount(&f.actor, session.id, &Headcount { others_present: 14, visitors: 3, visitors_from: None }).unwrap();
    assert_eq!(saved.status, SessionStatus::Held);
    let report = f.store.monthly_report(&f.actor, &[f.establishment.id], Month::parse("month", "2026-11").unwrap()).unwrap();
    assert_eq!((report.totals.sessions_held, report.totals.unnamed_attendances, report.totals.visitors), (1, 14, 3));
    assert_eq!((report.totals.named_attendances(), report.totals.counts.expected), (0, 0));
}
