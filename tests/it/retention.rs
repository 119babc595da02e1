//! Retention on a real file: who is past the period (to the day, 29 February included, never
//! anyone still in custody or on home leave), the period as a setting, and erasure: a person with
//! canary names and notes erased, then every byte of the database, its -wal and -shm searched for
//! the canaries while a second person's name is still found; past monthly returns unchanged; the
//! audit trail whole and name-free; refusals that change nothing; and an encrypted database.

use crate::support::*;
use chrono::{NaiveDate, NaiveTime, Weekday};
use recovery_register::access;
use recovery_register::keys::Cost;
use recovery_register::model::*;
use recovery_register::reports::csv::{monthly_csv, Disclosure};
use recovery_register::reports::Month;
use recovery_register::store::referrals_in::{Allocation, SkipReason};
use recovery_register::store::{Action, AuditFilter, PastRetention};
use recovery_register::{Actor, Role};
use std::path::Path;

fn hits<'a>(bytes: &[u8], needles: &[&'a str]) -> Vec<&'a str> {
    found_in(bytes, needles)
}

/// The hits in the database file, its -wal and its -shm (whichever exist), by file.
fn hits_beside(db: &Path, needles: &[&'static str]) -> Vec<String> {
    let mut found = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let path = std::path::PathBuf::from(format!("{}{suffix}", db.display()));
        if let Ok(bytes) = std::fs::read(&path) {
            found.extend(hits(&bytes, needles).into_iter().map(|h| format!("{h} in {}", path.display())));
        }
    }
    found
}

fn left(f: &mut Fixture, number: &str, given: &str, family: &str, on: NaiveDate, how: CustodyStatus) -> Participant {
    let p = f.prisoner(number, given, family);
    match how {
        CustodyStatus::Liberated => f.store.liberate(&f.actor, p.id, on).unwrap(),
        CustodyStatus::Transferred => f.store.transfer(&f.actor, p.id, on).unwrap(),
        CustodyStatus::HomeLeave => f.store.start_home_leave(&f.actor, p.id, on).unwrap(),
        CustodyStatus::InCustody => p,
    }
}

fn listed(f: &Fixture) -> Vec<(String, NaiveDate, CustodyStatus)> {
    f.store.past_retention(&f.actor).unwrap().into_iter().map(|p| (p.family_name, p.left_on, p.how)).collect()
}

fn caseworker() -> Actor {
    Actor::local_administrator().with_role(Role::Caseworker)
}

#[test]
fn the_list_turns_on_the_day_the_period_ends_and_never_shows_anyone_still_here() {
    let mut f = Fixture::new(); // today 16/11/2026
    let period = f.store.retention_period(&f.actor).unwrap();
    assert_eq!((period.years, period.is_default, period.default_years, period.left_on_or_before), (6, true, 6, d(2020, 11, 16)));

    left(&mut f, "1", "Ann", "Exactly", d(2020, 11, 16), CustodyStatus::Liberated);
    left(&mut f, "2", "Bea", "DayLess", d(2020, 11, 17), CustodyStatus::Liberated);
    left(&mut f, "3", "Cal", "Moved", d(2019, 1, 1), CustodyStatus::Transferred);
    left(&mut f, "4", "Dee", "Leap", d(2020, 2, 29), CustodyStatus::Liberated);
    // Never listed: still in custody (however long ago they came), on home leave since long ago,
    // liberated long ago but back in custody since, and staff learning alongside prisoners.
    left(&mut f, "5", "Eve", "Inside", d(2010, 1, 1), CustodyStatus::InCustody);
    left(&mut f, "6", "Fay", "HomeLeave", d(2012, 5, 1), CustodyStatus::HomeLeave);
    let back = left(&mut f, "7", "Gus", "Recalled", d(2012, 5, 1), CustodyStatus::Liberated);
    f.store.readmit(&f.actor, back.id, d(2013, 1, 1)).unwrap();
    let staff = ParticipantDetails { kind: ParticipantKind::Staff, prison_number: None, ..prisoner_details("", "Hal", "Officer") };
    f.store.add_participant(&f.actor, f.establishment.id, &staff).unwrap();

    use CustodyStatus::*;
    assert_eq!(
        listed(&f),
        [
            ("Moved".to_string(), d(2019, 1, 1), Transferred),
            ("Leap".into(), d(2020, 2, 29), Liberated),
            ("Exactly".into(), d(2020, 11, 16), Liberated)
        ],
        "left exactly six years ago today is listed, a day less is not; longest gone first"
    );
    let line: PastRetention = f.store.past_retention(&f.actor).unwrap().remove(0);
    assert_eq!((line.given_name.as_str(), line.prison_number.as_str(), line.establishment_code.as_str()), ("Cal", "3", "PER"));
    assert_eq!(line.establishment_name, "HMP Perth");

    f.store.set_today(d(2026, 11, 17));
    assert!(listed(&f).iter().any(|(name, ..)| name == "DayLess"), "listed the next day");

    // 29 February 2020: six years on there is no 29 February, so the period ends on 28/02/2026
    // and the person is listed from 01/03/2026; four years on, on 29/02/2024 itself.
    f.store.set_today(d(2026, 2, 28));
    assert!(!listed(&f).iter().any(|(name, ..)| name == "Leap"));
    f.store.set_today(d(2026, 3, 1));
    assert!(listed(&f).iter().any(|(name, ..)| name == "Leap"));
    f.store.set_retention_years(&f.actor, 4).unwrap();
    f.store.set_today(d(2024, 2, 28));
    assert!(!listed(&f).iter().any(|(name, ..)| name == "Leap"));
    f.store.set_today(d(2024, 2, 29));
    assert!(listed(&f).iter().any(|(name, ..)| name == "Leap"));
    // A leap day today, six years back: 28/02/2022 is the last day left that counts.
    f.store.set_retention_years(&f.actor, 6).unwrap();
    f.store.set_today(d(2028, 2, 29));
    assert_eq!(f.store.retention_period(&f.actor).unwrap().left_on_or_before, d(2022, 2, 28));
}

#[test]
fn the_period_is_a_setting_administrators_change_within_limits_and_the_trail_holds_the_number() {
    let mut f = Fixture::new();
    for bad in [0, 101] {
        let before = f.snapshot();
        let e = f.store.set_retention_years(&f.actor, bad).unwrap_err();
        assert_eq!(e.to_string(), "retention period: must be a whole number of years from 1 to 100");
        assert_eq!(e.code(), "invalid");
        assert_eq!(f.snapshot(), before);
    }
    let set = f.store.set_retention_years(&f.actor, 7).unwrap();
    assert_eq!((set.years, set.is_default, set.left_on_or_before), (7, false, d(2019, 11, 16)));
    assert_eq!(f.store.retention_period(&f.actor).unwrap(), set);
    f.reopen();
    assert_eq!(f.store.retention_period(&f.actor).unwrap().years, 7, "kept in the database");
    let last = f.store.audit_trail(&f.actor, &AuditFilter { limit: Some(1), ..Default::default() }).unwrap().remove(0);
    assert_eq!((last.action, last.detail.as_deref()), (Action::ChangeSetting, Some("retention period 7 years")));

    // Back to six: no longer "the default" (an administrator chose it), but six all the same.
    assert_eq!(f.store.set_retention_years(&f.actor, 6).unwrap().years, 6);

    for role in [Role::Caseworker, Role::Viewer] {
        let actor = Actor::local_administrator().with_role(role);
        let before = f.snapshot();
        for e in [
            f.store.retention_period(&actor).unwrap_err(),
            f.store.set_retention_years(&actor, 3).unwrap_err(),
            f.store.past_retention(&actor).unwrap_err(),
        ] {
            assert_eq!(e.to_string(), "not allowed: your role cannot manage how long records are kept");
        }
        assert_eq!(f.snapshot(), before);
    }
}

const CANARIES: [&str; 3] = ["Zephyrine", "Quillanbrook", "canary-7f3a"];
const SECOND: &str = "Thistlewood";

struct Past {
    f: Fixture,
    zephyrine: Participant,
    other: Participant,
    award: Award,
    sessions: Vec<Session>,
}

/// Zephyrine Quillanbrook and Thaddeus Thistlewood on a three-week programme in September 2019,
/// with a canary in every note about Zephyrine; Zephyrine liberated on 01/10/2019 after a
/// liberation plan, consent, a referral and a meeting; Thaddeus still in custody.
fn past_world() -> Past {
    let mut f = Fixture::new();
    let z = f.prisoner("100001", "Zephyrine", "Quillanbrook");
    let other = f.prisoner("100002", "Thaddeus", SECOND);
    let details = GroupDetails {
        starts_on: d(2019, 9, 2),
        start_time: NaiveTime::from_hms_opt(14, 0, 0).unwrap(),
        schedule: Some(Schedule { weekday: Weekday::Mon, every_weeks: 1 }),
        planned_sessions: Some(3),
        completion: Some(CompletionRule { min_attended: 2, excuses_regime_absences: true }),
        ..programme_details("Moving On In Recovery")
    };
    let (a, est) = (f.actor, f.establishment.id);
    let s = &mut f.store;
    let group = s.add_group(&a, est, &details).unwrap();
    // Both were referred for the programme; the cohort took Thaddeus from its waiting list and
    // passed Zephyrine over (with a reason about her), then she was enrolled by hand.
    let moir = s.add_programme(&a, est, "Moving On In Recovery").unwrap();
    let mut waiting = Vec::new();
    for (who, on) in [(z.id, d(2019, 8, 20)), (other.id, d(2019, 8, 26))] {
        let details = ReferralInDetails {
            source: ReferralSource::HallStaff,
            referred_on: on,
            wants: ReferralWants::Programme,
            group_id: None,
            programme_id: Some(moir.id),
        };
        waiting.push(s.refer_in(&a, who, &details).unwrap().id);
    }
    let skip = vec![SkipReason { referral_in_id: waiting[0], reason: "canary-7f3a: in segregation".into() }];
    s.allocate_cohort(&a, moir.id, &Allocation { cohort_id: group.id, on: d(2019, 9, 2), take: vec![waiting[1]], skip }).unwrap();
    s.enrol(&a, group.id, z.id, d(2019, 9, 2)).unwrap();
    let sessions = s.generate_sessions(&a, group.id, d(2019, 9, 2), d(2019, 9, 16)).unwrap();
    assert_eq!(sessions.len(), 3);
    let noted = |m: Mark, note: &str| Mark { note: Some(note.into()), ..m };
    s.take_register(&a, sessions[0].id, &[noted(Mark::present(z.id), "canary-7f3a: arrived shaking"), Mark::present(other.id)]).unwrap();
    s.take_register(&a, sessions[1].id, &[noted(Mark::absent(z.id, AbsenceReason::Unwell), "canary-7f3a: detox"), Mark::present(other.id)])
        .unwrap();
    s.take_register(&a, sessions[2].id, &[Mark::present(z.id), Mark::present(other.id)]).unwrap();
    let log = SessionLog {
        topic: Some("Relapse prevention".into()),
        notes: Some("Zephyrine Quillanbrook spoke first; Thaddeus listened".into()),
        facilitators: vec![],
    };
    s.log_session(&a, sessions[0].id, &log, true).unwrap();
    s.leave(&a, group.id, z.id, d(2019, 9, 17), LeavingReason::Completed, Some("canary-7f3a: finished strong")).unwrap();
    s.leave(&a, group.id, other.id, d(2019, 9, 17), LeavingReason::Completed, None).unwrap();
    let kind = s.add_award_type(&a, est, &AwardTypeDetails { title: "Moving On In Recovery".into(), ..peer_mentor_award() }).unwrap();
    let awards = s.issue_awards(&a, kind.id, Some(group.id), &[z.id, other.id], d(2019, 9, 20)).unwrap();
    s.record_prints(&a, &[awards[0].id], None).unwrap();
    s.record_prints(&a, &[awards[0].id], Some("canary-7f3a: name misspelt")).unwrap();

    let hub = s
        .add_service(
            &a,
            &ServiceDetails {
                name: "Tay Recovery Hub".into(),
                kind: Some(ServiceKind::RecoveryHub),
                area: "Dundee".into(),
                active: true,
                ..Default::default()
            },
        )
        .unwrap();
    s.set_liberation_plan(
        &a,
        z.id,
        &PlanDetails { expected_liberation: Some(d(2019, 10, 1)), home_area: Some("canary-7f3a Lochee".into()) },
    )
    .unwrap();
    s.record_consent(
        &a,
        z.id,
        &ConsentDetails { given_on: d(2019, 9, 20), scope: "canary-7f3a: name and release date".into(), services: vec![hub.id] },
    )
    .unwrap();
    let referral = s
        .refer(
            &a,
            z.id,
            &ReferralDetails {
                service_id: hub.id,
                referred_on: d(2019, 9, 21),
                details_shared: true,
                notes: Some("canary-7f3a: prefers mornings".into()),
            },
        )
        .unwrap();
    s.add_meeting(
        &a,
        z.id,
        &MeetingDetails {
            held_on: d(2019, 9, 25),
            kind: MeetingKind::BeforeLiberation,
            service_id: Some(hub.id),
            notes: Some("canary-7f3a: worried about housing".into()),
        },
    )
    .unwrap();
    s.liberate(&a, z.id, d(2019, 10, 1)).unwrap();
    s.update_referral(&a, referral.referral.id, ReferralStep { status: ReferralStatus::Engaged, on: d(2019, 10, 8) }).unwrap();
    let award = awards[0].clone();
    Past { f, zephyrine: z, other, award, sessions }
}

/// The monthly returns for September and October 2019, as figures and as CSV.
fn returns(f: &Fixture) -> Vec<(recovery_register::reports::MonthlyReport, Vec<u8>)> {
    ["2019-09", "2019-10"]
        .iter()
        .map(|m| {
            let mut report = f.store.monthly_report(&f.actor, &[f.establishment.id], Month::parse("month", m).unwrap()).unwrap();
            let csv = monthly_csv(&report, Disclosure { suppress_small: false }).unwrap();
            // The audit trail's head moves with every act (the erasure's own entries too); the
            // figures are what must not.
            report.audit_head = None;
            (report, csv)
        })
        .collect()
}

#[test]
fn erasure_leaves_no_canary_in_the_file_its_wal_or_shm_and_past_returns_unchanged() {
    let Past { mut f, zephyrine: z, other, award, sessions } = past_world();
    let db = f.path();
    let figures = returns(&f);
    assert_eq!(figures[0].0.totals.counts.attended(), 5, "September: the registers are in the return");
    assert_eq!((figures[0].0.totals.certificates_issued, figures[1].0.liberation.liberations), (2, 1));
    let listed = f.store.past_retention(&f.actor).unwrap();
    assert_eq!(listed.len(), 1);
    let line = &listed[0];
    assert_eq!((line.participant_id, line.left_on, line.how), (z.id, d(2019, 10, 1), CustodyStatus::Liberated));
    assert_eq!((line.enrolments, line.attendance_marks, line.awards, line.referrals), (1, 3, 1, 1));
    let mut found = hits_beside(&db, &CANARIES);
    found.sort();
    assert!(CANARIES.iter().all(|c| found.iter().any(|h| h.starts_with(c))), "the canaries really are on disk before: {found:?}");

    let done = f.store.erase_past_retention(&f.actor, &[z.id]).unwrap();
    assert_eq!((done.erased, done.participant_ids.clone(), done.file_wiped), (1, vec![z.id], true));

    // Nothing readable in the file or beside it; the second person is, so the search works.
    assert_eq!(hits_beside(&db, &CANARIES), Vec::<String>::new(), "erased data still readable");
    assert!(!hits(&std::fs::read(&db).unwrap(), &[SECOND]).is_empty(), "the second person's name is found");
    assert_eq!(std::fs::metadata(format!("{}-wal", db.display())).map(|m| m.len()).unwrap_or(0), 0, "the -wal file is emptied");

    // The same figures, to the byte.
    assert_eq!(returns(&f), figures, "past monthly returns keep their figures");

    // What is left of the person: a row with placeholders, out of every list and search.
    let erased = f.store.participant(&f.actor, z.id).unwrap();
    assert_eq!(
        (erased.given_name.as_str(), erased.family_name.as_str(), erased.date_of_birth, erased.location.as_deref()),
        ("Erased", "record", None, None)
    );
    assert!(erased.prison_number.as_deref().unwrap().starts_with("ERASED-"), "{:?}", erased.prison_number);
    assert_eq!((erased.status, erased.status_since), (Some(CustodyStatus::Liberated), Some(d(2019, 10, 1))), "the custody history stays");
    let est = Some(f.establishment.id);
    for q in ["zephyrine", "quillanbrook", "100001", "erased", "record"] {
        assert!(f.store.find_participants(&f.actor, q, est, 10).unwrap().is_empty(), "{q}");
    }
    assert_eq!(f.store.find_participants(&f.actor, "thistle", est, 10).unwrap().len(), 1);
    let people = f.store.participants(&f.actor, &Default::default()).unwrap();
    assert_eq!(people.iter().map(|p| p.id).collect::<Vec<_>>(), [other.id], "the People list");
    assert!(f.store.past_retention(&f.actor).unwrap().is_empty());
    assert!(f.store.overview(&f.actor, f.establishment.id, None).unwrap().follow_up.is_empty());
    let certificate = f.store.awards_of_participant(&f.actor, z.id).unwrap().remove(0);
    assert_eq!((certificate.number.as_str(), certificate.name_on_certificate.as_str()), (award.number.as_str(), "Erased record"));
    let e = f.store.verify_award(&f.actor, &award.number, &award.verification_code, None, None).unwrap_err();
    assert_eq!(e.code(), "conflict");

    // The trail: still whole; one row per person (by id) and one with the count; no names.
    let check = f.store.check_audit_trail(&f.actor).unwrap();
    assert_eq!(check.broken_at, None, "{:?}", check.problem);
    let erasures = f.store.audit_trail(&f.actor, &AuditFilter { action: Some(Action::EraseRecords), ..Default::default() }).unwrap();
    let rows: Vec<(Option<&str>, Option<&str>)> = erasures.iter().map(|e| (e.record_id.as_deref(), e.detail.as_deref())).collect();
    let id = z.id.to_string();
    assert_eq!(rows, [(None, Some("1 person")), (Some(id.as_str()), None)]);
    for e in f.store.audit_trail(&f.actor, &AuditFilter::default()).unwrap() {
        let text = format!("{e:?}");
        assert!(hits(text.as_bytes(), &CANARIES).is_empty(), "{text}");
    }

    // Erased means erased: no change brings anything back.
    let before = f.snapshot();
    for e in [
        f.store.readmit(&f.actor, z.id, d(2026, 11, 16)).unwrap_err(),
        f.store.edit_participant(&f.actor, z.id, &prisoner_details("100001", "Zephyrine", "Quillanbrook")).unwrap_err(),
        f.store
            .set_liberation_plan(&f.actor, z.id, &PlanDetails { expected_liberation: None, home_area: Some("Lochee".into()) })
            .unwrap_err(),
        f.store.revoke_award(&f.actor, award.id, "Issued in error").unwrap_err(),
    ] {
        assert_eq!(e.code(), "conflict", "{e}");
    }
    let readmit = f.store.readmit(&f.actor, z.id, d(2026, 11, 16)).unwrap_err().to_string();
    assert!(readmit.starts_with("person: this person's records were erased on 16/11/2026 after the retention period"), "{readmit}");
    assert_eq!(f.snapshot(), before, "refused changes leave every row as it was");
    // An old register saved again whole leaves the erased person's mark as it is; changing it is
    // refused.
    let marks: Vec<Mark> = f.store.register(&f.actor, sessions[0].id).unwrap().lines.into_iter().filter_map(|l| l.mark).collect();
    assert_eq!(marks.len(), 2);
    assert_eq!(f.store.take_register(&f.actor, sessions[0].id, &marks).unwrap().saved, 1, "only the other person's mark is written");
    let changed: Vec<Mark> =
        marks.iter().map(|m| if m.participant_id == z.id { Mark::absent(z.id, AbsenceReason::Unwell) } else { m.clone() }).collect();
    assert_eq!(f.store.take_register(&f.actor, sessions[0].id, &changed).unwrap_err().code(), "conflict");
    // Erasing again is refused by name (the placeholder's).
    let again = f.store.erase_past_retention(&f.actor, &[z.id]).unwrap_err().to_string();
    assert!(again.contains("was already erased on 16/11/2026; nothing was erased"), "{again}");
    assert!(f.store.check_integrity().unwrap().is_empty());
    // And the file opens again as it was left.
    f.reopen();
    assert_eq!(f.store.participant(&f.actor, z.id).unwrap().given_name, "Erased");
    assert_eq!(returns(&f), figures);
}

#[test]
fn a_caseworker_is_refused_and_nothing_changes() {
    let Past { mut f, zephyrine: z, .. } = past_world();
    let before = f.snapshot();
    for role in [Role::Caseworker, Role::Viewer] {
        let e = f.store.erase_past_retention(&Actor::local_administrator().with_role(role), &[z.id]).unwrap_err();
        assert_eq!((e.code(), e.to_string().as_str()), ("forbidden", "not allowed: your role cannot manage how long records are kept"));
    }
    let e = f.store.past_retention(&caseworker()).unwrap_err();
    assert_eq!(e.code(), "forbidden");
    assert_eq!(f.snapshot(), before);
    assert_eq!(f.store.find_participants(&f.actor, "zephyrine", None, 10).unwrap().len(), 1);
}

#[test]
fn one_person_not_past_the_period_stops_the_whole_batch() {
    let mut f = Fixture::new();
    let gone = left(&mut f, "1", "Ann", "LongGone", d(2018, 3, 1), CustodyStatus::Liberated);
    let also = left(&mut f, "2", "Bob", "AlsoGone", d(2019, 3, 1), CustodyStatus::Transferred);
    let recent = left(&mut f, "3", "Cat", "Recent", d(2024, 6, 30), CustodyStatus::Liberated);
    let inside = f.prisoner("4", "Dan", "Inside");
    let before = f.snapshot();

    let refused = |f: &mut Fixture, ids: &[ParticipantId]| {
        let e = f.store.erase_past_retention(&f.actor, ids).unwrap_err();
        assert_eq!(f.snapshot(), before, "nothing erased, nothing audited: {e}");
        e.to_string()
    };
    assert_eq!(
        refused(&mut f, &[gone.id, also.id, recent.id]),
        "person: Cat Recent (3) left on 30/06/2024: their records are kept for 6 years, until 29/06/2030; nothing was erased"
    );
    assert_eq!(
        refused(&mut f, &[inside.id, gone.id]),
        "person: Dan Inside (4) is in custody; records are kept until 6 years after liberation or transfer; nothing was erased"
    );
    assert_eq!(refused(&mut f, &[]), "people: choose at least one person to erase");
    let unknown = ParticipantId::new();
    assert_eq!(refused(&mut f, &[gone.id, unknown]), format!("person not found: {unknown}"));
    assert_eq!(f.store.find_participants(&f.actor, "longgone", None, 5).unwrap().len(), 1);

    // The two past it go together (a repeated id counts once).
    let done = f.store.erase_past_retention(&f.actor, &[gone.id, also.id, gone.id]).unwrap();
    assert_eq!(done.erased, 2);
    assert_eq!(listed(&f), Vec::<(String, NaiveDate, CustodyStatus)>::new());
    let numbers: Vec<String> =
        [gone.id, also.id].iter().map(|id| f.store.participant(&f.actor, *id).unwrap().prison_number.unwrap()).collect();
    assert_ne!(numbers[0], numbers[1], "placeholders are unique");
    // The real number is free again: the same person back in custody is a new record.
    f.prisoner("1", "Ann", "LongGone");
    let count = f.store.audit_trail(&f.actor, &AuditFilter { action: Some(Action::EraseRecords), ..Default::default() }).unwrap();
    assert_eq!(count.iter().filter_map(|e| e.detail.as_deref()).collect::<Vec<_>>(), ["2 people"]);
    assert_eq!(count.len(), 3);
}

#[test]
fn erasure_works_on_the_encrypted_database_which_still_opens() {
    let root = tempfile::tempdir().unwrap();
    let db = root.path().join("data").join("recovery-register.db");
    let made = access::set_up(&db, "agrant", "Alison Grant", "correct horse battery", Cost::MINIMUM).unwrap();
    let (mut store, actor) = (made.store, made.actor);
    store.set_today(d(2026, 11, 16));
    let est = store.add_establishment(&actor, &NewEstablishment { code: "PER".into(), name: "HMP Perth".into() }).unwrap();
    let z = store.add_participant(&actor, est.id, &prisoner_details("100001", "Zephyrine", "Quillanbrook")).unwrap();
    let other = store.add_participant(&actor, est.id, &prisoner_details("100002", "Thaddeus", SECOND)).unwrap();
    store.liberate(&actor, z.id, d(2019, 10, 1)).unwrap();

    let done = store.erase_past_retention(&actor, &[z.id]).unwrap();
    assert_eq!((done.erased, done.file_wiped), (1, true), "VACUUM and the checkpoints ran on the encrypted file");
    let free: i64 = store.connection().query_row("PRAGMA freelist_count", [], |r| r.get(0)).unwrap();
    assert_eq!(free, 0, "VACUUM left no free page");
    assert!(store.check_integrity().unwrap().is_empty());
    drop(store);

    let (again, actor) = access::unlock(&db, "agrant", "correct horse battery", chrono::Utc::now()).unwrap();
    assert_eq!(again.participant(&actor, z.id).unwrap().full_name(), "Erased record");
    assert_eq!(again.participant(&actor, other.id).unwrap().family_name, SECOND);
    assert!(again.check_audit_trail(&actor).unwrap().broken_at.is_none());
    let bytes = std::fs::read(&db).unwrap();
    assert!(hits(&bytes, &[SECOND, "Zephyrine", "Quillanbrook"]).is_empty(), "still encrypted");
}

/// A restore of a backup made before an erasure does not bring the person back: everyone erased
/// in the database it replaces is erased again in the same transaction, and the file rewritten.
#[test]
fn a_restore_from_before_an_erasure_keeps_the_person_erased() {
    let mut f = Fixture::new();
    let gone = left(&mut f, "700001", "Zephyrine", "Quillanbrook", d(2020, 1, 6), CustodyStatus::Liberated);
    let stays = f.prisoner("700002", "Łukasz", "Żółć");
    let folder = recovery_register::backup::folder_beside(&f.path());
    let before = f.store.daily_backup(&folder).unwrap().expect("a backup").path;
    f.store.erase_past_retention(&f.actor, &[gone.id]).unwrap();
    f.store.restore_from(&f.actor, &before, &folder.join("before-restore-2026-11-16-120000.db")).unwrap();

    let (erased_on, family): (Option<String>, String) = f
        .store
        .connection()
        .query_row("SELECT erased_on, family_name FROM participant WHERE id = ?1", [gone.id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(erased_on.as_deref(), Some("2026-11-16"), "still erased after the restore, on the day it was first done");
    assert_ne!(family, "Quillanbrook");
    assert_eq!(f.store.participant(&f.actor, stays.id).unwrap().family_name, "Żółć", "the backup's other records are back");
    assert_eq!(hits_beside(&f.path(), &["Quillanbrook", "Zephyrine"]), Vec::<String>::new());
    assert!(f.store.check_integrity().unwrap().is_empty());
}
