//! Bad input: every case must fail with a message naming the field and the problem, and leave
//! the database exactly as it was. Data-driven through one `check` helper.

use crate::support::*;
use chrono::NaiveTime;
use recovery_register::model::*;
use recovery_register::{Actor, Role, Store};

struct World {
    f: Fixture,
    group: Group,
    sean: Participant,
    lukasz: Participant,
    outsider: Participant,
    first: SessionId,
    future: SessionId,
}

fn world() -> World {
    let mut f = Fixture::new();
    let sean = f.prisoner("100001", "Seán", "Ó Súilleabháin");
    let lukasz = f.prisoner("100002", "Łukasz", "Żółć");
    let outsider = f.prisoner("100003", "Zoë", "O'Neill-Smith");
    let group = f.programme("Recovery group");
    f.store.enrol(&f.actor, group.id, sean.id, d(2026, 10, 5)).unwrap();
    f.store.enrol(&f.actor, group.id, lukasz.id, d(2026, 10, 5)).unwrap();
    let sessions = f.store.generate_sessions(&f.actor, group.id, d(2026, 10, 1), d(2026, 12, 31)).unwrap();
    f.store.mark_all_present(&f.actor, sessions[0].id).unwrap();
    let future = sessions.iter().find(|s| s.held_on > d(2026, 11, 16)).unwrap().id;
    World { f, group, sean, lukasz, outsider, first: sessions[0].id, future }
}

/// Runs `act` on a fresh world and checks that it fails with `expected` (the whole message)
/// and that no row anywhere changed.
fn check(expected: &str, act: impl FnOnce(&mut World) -> recovery_register::Result<()>) {
    let mut w = world();
    let before = w.f.snapshot();
    let err = act(&mut w).expect_err(expected).to_string();
    assert_eq!(err, expected);
    assert_eq!(w.f.snapshot(), before, "the database changed after: {expected}");
}

fn person(number: &str, given: &str, family: &str) -> ParticipantDetails {
    prisoner_details(number, given, family)
}

#[test]
fn participants() {
    check("prison number: 100001 already belongs to another person at this establishment", |w| {
        w.f.store.add_participant(&w.f.actor, w.f.establishment.id, &person(" 100001 ", "Other", "Person")).map(drop)
    });
    check("date of birth: 02/03/2030 is in the future", |w| {
        let p = ParticipantDetails { date_of_birth: Some(d(2030, 3, 2)), ..person("9", "A", "B") };
        w.f.store.add_participant(&w.f.actor, w.f.establishment.id, &p).map(drop)
    });
    check("date of birth: 02/03/1900 would make the person 126; check the year", |w| {
        let p = ParticipantDetails { date_of_birth: Some(d(1900, 3, 2)), ..person("9", "A", "B") };
        w.f.store.add_participant(&w.f.actor, w.f.establishment.id, &p).map(drop)
    });
    check("given name: is empty", |w| w.f.store.add_participant(&w.f.actor, w.f.establishment.id, &person("9", "   ", "B")).map(drop));
    check("family name: 'Smith2' contains '2', which is not part of a name", |w| {
        w.f.store.add_participant(&w.f.actor, w.f.establishment.id, &person("9", "Ann", "Smith2")).map(drop)
    });
    check("given name: is longer than 100 characters", |w| {
        w.f.store.add_participant(&w.f.actor, w.f.establishment.id, &person("9", &"Å".repeat(101), "B")).map(drop)
    });
    check("prison number: is required for a person in custody", |w| {
        w.f.store.add_participant(&w.f.actor, w.f.establishment.id, &person("  ", "A", "B")).map(drop)
    });
    check("prison number: '=1+1' contains '='; use letters, digits, '/' or '-'", |w| {
        w.f.store.add_participant(&w.f.actor, w.f.establishment.id, &person("=1+1", "A", "B")).map(drop)
    });
    check("prison number: is only kept for people in custody, not for a volunteer", |w| {
        let p = ParticipantDetails { kind: ParticipantKind::Volunteer, ..person("9", "A", "B") };
        w.f.store.add_participant(&w.f.actor, w.f.establishment.id, &p).map(drop)
    });
    check("prison number: 100002 already belongs to another person at this establishment", |w| {
        let p = ParticipantDetails { prison_number: Some("100002".into()), ..person("x", "Seán", "Ó Súilleabháin") };
        w.f.store.edit_participant(&w.f.actor, w.sean.id, &p).map(drop)
    });
    check("date: 17/11/2026 is in the future; record the expected liberation date instead", |w| {
        w.f.store.liberate(&w.f.actor, w.sean.id, d(2026, 11, 17)).map(drop)
    });
}

#[test]
fn groups_and_enrolments() {
    check("group name: 'RECOVERY GROUP' is already a group at this establishment", |w| {
        w.f.store.add_group(&w.f.actor, w.f.establishment.id, &programme_details("RECOVERY GROUP")).map(drop)
    });
    check("planned sessions: a structured programme needs its number of sessions", |w| {
        let g = GroupDetails { planned_sessions: None, completion: None, ..programme_details("X") };
        w.f.store.add_group(&w.f.actor, w.f.establishment.id, &g).map(drop)
    });
    check("completion rule: must ask for between 1 and 10 sessions attended", |w| {
        let g = GroupDetails {
            completion: Some(CompletionRule { min_attended: 11, excuses_regime_absences: false }),
            ..programme_details("X")
        };
        w.f.store.add_group(&w.f.actor, w.f.establishment.id, &g).map(drop)
    });
    check("end date: 01/10/2026 is before the start date 05/10/2026", |w| {
        let g = GroupDetails { ends_on: Some(d(2026, 10, 1)), ..programme_details("X") };
        w.f.store.add_group(&w.f.actor, w.f.establishment.id, &g).map(drop)
    });
    check("start date: the group has sessions before this date", |w| {
        let g = GroupDetails { starts_on: d(2026, 10, 6), ..programme_details("Recovery group") };
        w.f.store.edit_group(&w.f.actor, w.group.id, &g).map(drop)
    });
    check("person: is already on this group's roster", |w| w.f.store.enrol(&w.f.actor, w.group.id, w.sean.id, d(2026, 11, 2)).map(drop));
    check("person: is not on this group's roster", |w| {
        w.f.store.leave(&w.f.actor, w.group.id, w.outsider.id, d(2026, 11, 2), LeavingReason::Withdrew, None).map(drop)
    });
    check("leaving date: 04/10/2026 is before the person joined (05/10/2026)", |w| {
        w.f.store.leave(&w.f.actor, w.group.id, w.sean.id, d(2026, 10, 4), LeavingReason::Withdrew, None).map(drop)
    });
}

#[test]
fn sessions_and_registers() {
    check("date: 28/09/2026 is before the group started (05/10/2026)", |w| {
        w.f.store.add_session(&w.f.actor, w.group.id, d(2026, 9, 28), None).map(drop)
    });
    check("date: the group already has a session on 12/10/2026 at 14:00", |w| {
        w.f.store.add_session(&w.f.actor, w.group.id, d(2026, 10, 12), Some(NaiveTime::from_hms_opt(14, 0, 0).unwrap())).map(drop)
    });
    check("mark 2: Zoë O'Neill-Smith is not on the group's roster on 05/10/2026", |w| {
        let marks = [Mark::present(w.sean.id), Mark::present(w.outsider.id)];
        w.f.store.take_register(&w.f.actor, w.first, &marks).map(drop)
    });
    check("mark 2: marks the same person twice", |w| {
        let marks = [Mark::present(w.sean.id), Mark::absent(w.sean.id, AbsenceReason::Court)];
        w.f.store.take_register(&w.f.actor, w.first, &marks).map(drop)
    });
    check("mark 1 absence reason: is required for an absence; one of: chose_not_to_attend, refused, unwell, not_unlocked, wing_lockdown, no_escort, staff_shortage, legal_visit, healthcare, court, work, education, visit, other", |w| {
        let marks = [Mark { absence_reason: None, ..Mark::absent(w.sean.id, AbsenceReason::Court) }];
        w.f.store.take_register(&w.f.actor, w.first, &marks).map(drop)
    });
    check("mark 1: the session on 23/11/2026 has not happened yet; only absences can be recorded in advance", |w| {
        w.f.store.take_register(&w.f.actor, w.future, &[Mark::present(w.lukasz.id)]).map(drop)
    });
    check("session: 2 people are marked as attending it; it was held, so it cannot be cancelled", |w| {
        w.f.store.cancel_session(&w.f.actor, w.first, CancellationReason::Lockdown, None).map(drop)
    });
    check("cancellation note: say why when the reason is 'other'", |w| {
        w.f.store.cancel_session(&w.f.actor, w.future, CancellationReason::Other, Some("  ")).map(drop)
    });
    check("status: the session on 23/11/2026 has not happened yet", |w| {
        w.f.store.log_session(&w.f.actor, w.future, &SessionLog::default(), true).map(drop)
    });
}

#[test]
fn cancelled_sessions_take_no_register_and_roles_are_enforced() {
    let mut w = world();
    w.f.store.cancel_session(&w.f.actor, w.future, CancellationReason::StaffShortage, None).unwrap();
    let before = w.f.snapshot();
    let err = w.f.store.take_register(&w.f.actor, w.future, &[Mark::absent(w.sean.id, AbsenceReason::Court)]).unwrap_err();
    assert_eq!(err.to_string(), "session: was cancelled (staff shortage); reinstate it before taking its register");
    // The core refuses a viewer's write whatever a UI shows.
    let viewer = Actor::local_administrator().with_role(Role::Viewer);
    let err = w.f.store.mark_all_present(&viewer, w.first).unwrap_err();
    assert_eq!((err.code(), err.to_string().as_str()), ("forbidden", "not allowed: your role cannot change records"));
    assert!(w.f.store.register(&viewer, w.first).is_ok(), "viewers can read");
    assert_eq!(w.f.snapshot(), before);
}

#[test]
fn files_that_are_not_ours_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    std::fs::write(&path, "Minutes of the strategy group meeting, not a database. ".repeat(200)).unwrap();
    let err = Store::open(&path).err().unwrap();
    assert_eq!(err.code(), "not_a_database");
    assert!(err.to_string().ends_with("is not a Recovery Register database, or it is locked with another key"), "{err}");
    // The file is left as it was.
    assert!(std::fs::read_to_string(&path).unwrap().starts_with("Minutes of"));
}
