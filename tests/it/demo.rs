//! The demo data: repeatable from its seed, realistic in shape, and consistent with the rules
//! the app enforces (it is written through internal functions, so this test holds it to them).

use crate::support::d;
use recovery_register::demo::{generate, Scale};
use recovery_register::model::*;
use recovery_register::{Actor, Store};

fn demo(seed: u64) -> (Store, recovery_register::demo::DemoSummary) {
    let mut store = Store::open_in_memory().unwrap();
    store.set_today(d(2026, 11, 16));
    let summary = generate(&mut store, &Actor::local_administrator(), Scale::Establishment, seed, d(2026, 11, 16)).unwrap();
    (store, summary)
}

fn count(store: &Store, sql: &str) -> i64 {
    store.connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn the_same_seed_gives_the_same_data_and_another_seed_does_not() {
    let (a, sa) = demo(11);
    let (b, sb) = demo(11);
    let (_, sc) = demo(12);
    assert_eq!(sa, sb);
    assert_ne!(sa, sc);
    let names = |s: &Store| -> Vec<String> {
        s.participants(&Actor::local_administrator(), &Default::default()).unwrap().into_iter().map(|p| p.full_name()).collect()
    };
    assert_eq!(names(&a), names(&b));
}

#[test]
fn establishment_scale_looks_like_a_prison() {
    let (store, s) = demo(2026);
    let actor = Actor::local_administrator();
    assert_eq!(s.establishments, 1);
    assert!((25..=35).contains(&s.groups), "about 25 groups: {}", s.groups);
    let in_custody = store
        .participants(&actor, &recovery_register::store::ParticipantFilter { status: Some(CustodyStatus::InCustody), ..Default::default() })
        .unwrap();
    assert!((300..=600).contains(&in_custody.len()), "about 400 in custody: {}", in_custody.len());
    assert!(count(&store, "SELECT count(*) FROM participant WHERE status = 'liberated'") > 100);
    assert!(count(&store, "SELECT count(*) FROM participant WHERE status = 'transferred'") > 10);
    assert!(count(&store, "SELECT count(*) FROM participant WHERE kind = 'staff'") > 0);
    assert!(count(&store, "SELECT count(*) FROM session WHERE cancellation_reason = 'lockdown'") > 10);
    assert!(count(&store, "SELECT count(*) FROM attendance WHERE absence_reason = 'not_unlocked'") > 100);
    assert!(count(&store, "SELECT count(*) FROM enrolment WHERE leaving_reason = 'completed'") > 20);
    // The showcase names are there and findable.
    assert_eq!(store.find_participants(&actor, "lukasz zolc", None, 5).unwrap()[0].full_name(), "Łukasz Żółć");
    // A family name that comes first prints that way.
    let an = store.find_participants(&actor, "nguyen van an", None, 5).unwrap().remove(0);
    assert_eq!((an.listed_name(), an.name_as_printed()), ("Nguyễn, Văn An".to_string(), "Nguyễn Văn An".to_string()));
    // People due for liberation in the next four weeks, for the Today screen.
    assert!(
        count(
            &store,
            "SELECT count(*) FROM participant WHERE status = 'in_custody' AND expected_liberation BETWEEN '2026-11-16' AND '2026-12-14'"
        ) >= 3
    );
    // Four events a year (three years and a bit), each with its people and headcount.
    assert!(count(&store, "SELECT count(*) FROM event") >= 12);
    // All held but Saturday's open day, still to come.
    assert_eq!(
        count(&store, "SELECT count(*) FROM event v JOIN session s ON s.group_id = v.group_id WHERE s.status <> 'held'"),
        count(&store, "SELECT count(*) FROM event v JOIN session s ON s.group_id = v.group_id WHERE s.held_on = '2026-11-21'")
    );
    assert_eq!(count(&store, "SELECT count(*) FROM event v JOIN session s ON s.group_id = v.group_id WHERE s.held_on > '2026-11-16'"), 1);
    // Everyone who joined a group or cohort was referred first; programmes have people waiting.
    assert_eq!(s.referrals_in as i64, count(&store, "SELECT count(*) FROM referral_in"));
    assert_eq!(
        count(&store, "SELECT count(*) FROM referral_in WHERE outcome = 'started'"),
        count(&store, "SELECT count(*) FROM enrolment e WHERE NOT EXISTS (SELECT 1 FROM event v WHERE v.group_id = e.group_id)")
    );
    let lists = store.programmes(&actor, None).unwrap();
    assert!(lists.len() >= 2 && lists.iter().map(|l| l.waiting).sum::<u32>() >= 9, "{lists:?}");
    let october = store.waiting_figures(&actor, &[], d(2026, 10, 1), d(2026, 10, 31)).unwrap();
    let share = october.within_standard.unwrap();
    assert!(october.started > 10 && share > rust_decimal::Decimal::new(6, 1) && share < rust_decimal::Decimal::ONE, "{october:?}");
    // Upcoming sessions to take registers for.
    assert!(count(&store, "SELECT count(*) FROM session WHERE status = 'planned' AND held_on BETWEEN '2026-11-16' AND '2026-11-22'") >= 10);
}

#[test]
fn demo_data_obeys_the_register_rules() {
    let (store, _) = demo(5);
    // Every mark is for someone on the roster that day, or a drop-in at an event, of a held
    // session in the past.
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM attendance a JOIN session s ON s.id = a.session_id
          WHERE a.drop_in = 0 AND NOT EXISTS (SELECT 1 FROM enrolment e WHERE e.group_id = s.group_id AND e.participant_id = a.participant_id
                              AND e.enrolled_on <= s.held_on AND (e.left_on IS NULL OR e.left_on > s.held_on))"
        ),
        0
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM attendance a JOIN session s ON s.id = a.session_id
              WHERE a.drop_in = 1 AND (a.mark = 'absent' OR NOT EXISTS (SELECT 1 FROM event v WHERE v.group_id = s.group_id))"
        ),
        0
    );
    assert!(count(&store, "SELECT count(*) FROM attendance WHERE drop_in = 1") > 100, "people at the events");
    assert_eq!(count(&store, "SELECT count(*) FROM attendance a JOIN session s ON s.id = a.session_id WHERE s.status <> 'held'"), 0);
    assert_eq!(count(&store, "SELECT count(*) FROM session WHERE status = 'held' AND held_on >= '2026-11-16'"), 0);
    // Nobody liberated or transferred is still on a roster.
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM enrolment e JOIN participant p ON p.id = e.participant_id
          WHERE p.status IN ('liberated', 'transferred') AND (e.left_on IS NULL OR e.left_on > p.status_since)"
        ),
        0
    );
    // A programme never runs more than its planned sessions.
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM recovery_group g WHERE g.planned_sessions <
           (SELECT count(*) FROM session s WHERE s.group_id = g.id AND s.status <> 'cancelled')"
        ),
        0
    );
    assert!(store.check_integrity().unwrap().is_empty());
}
