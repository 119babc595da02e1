//! The whole flow on a real database file: people, a programme, its roster, sessions from the
//! schedule, registers (with absences in advance), rates, a liberation, and a restart.

use crate::support::*;
use recovery_register::model::*;
use recovery_register::rules::attendance::percent;
use recovery_register::store::{ParticipantFilter, SessionListing};

#[test]
fn a_programme_from_roster_to_rates_survives_a_restart() {
    let mut f = Fixture::new();
    assert_eq!(f.establishment.code, "PER", "codes are stored upper case");
    let names = [
        ("100001", "Seán", "Ó Súilleabháin"),
        ("100002", "Łukasz", "Żółć"),
        ("100003", "Zoë", "O'Neill-Smith"),
        ("100004", "Nguyễn Thị Minh", "Khai"),
    ];
    let people: Vec<Participant> = names.iter().map(|(n, g, fam)| f.prisoner(n, g, fam)).collect();
    let group = f.programme("10-week Recovery Group Programme");

    // Enrol three at the start and one a week late.
    for p in &people[..3] {
        f.store.enrol(&f.actor, group.id, p.id, d(2026, 10, 5)).unwrap();
    }
    f.store.enrol(&f.actor, group.id, people[3].id, d(2026, 10, 12)).unwrap();

    // Ten Mondays from 5 October; asking for more generates only the planned ten.
    let sessions = f.store.generate_sessions(&f.actor, group.id, d(2026, 10, 1), d(2027, 3, 1)).unwrap();
    assert_eq!(sessions.len(), 10);
    assert_eq!(sessions[0].held_on, d(2026, 10, 5));
    assert_eq!(sessions[9].held_on, d(2026, 12, 7));
    assert!(f.store.generate_sessions(&f.actor, group.id, d(2026, 10, 1), d(2027, 3, 1)).unwrap().is_empty(), "idempotent");

    // 5 Oct: the latecomer is not on the roster yet.
    let register = f.store.register(&f.actor, sessions[0].id).unwrap();
    assert_eq!(register.lines.len(), 3);
    // Absence recorded in advance, then "everyone else present".
    f.store.take_register(&f.actor, sessions[0].id, &[Mark::absent(people[1].id, AbsenceReason::LegalVisit)]).unwrap();
    let saved = f.store.mark_all_present(&f.actor, sessions[0].id).unwrap();
    assert_eq!((saved.saved, saved.unmarked, saved.status), (2, 0, SessionStatus::Held));
    let register = f.store.register(&f.actor, sessions[0].id).unwrap();
    let marks: Vec<_> = register.lines.iter().map(|l| (l.participant.family_name.as_str(), l.mark.as_ref().unwrap().mark)).collect();
    // Alphabetical as a caseworker reads it: accents do not move a name to the end.
    assert_eq!(marks, [("Ó Súilleabháin", MarkKind::Present), ("O'Neill-Smith", MarkKind::Present), ("Żółć", MarkKind::Absent)]);

    // 12 Oct: lockdown. 19 Oct: Seán not unlocked, Łukasz chose not to attend, the rest present.
    f.store.cancel_session(&f.actor, sessions[1].id, CancellationReason::Lockdown, None).unwrap();
    f.store
        .take_register(
            &f.actor,
            sessions[2].id,
            &[
                Mark::absent(people[0].id, AbsenceReason::NotUnlocked),
                Mark::absent(people[1].id, AbsenceReason::ChoseNotToAttend),
                Mark { mark: MarkKind::Late, ..Mark::present(people[2].id) },
                Mark::present(people[3].id),
            ],
        )
        .unwrap();

    // Seán: expected 2 (5 and 19 Oct held), attended 1, regime absence 1 -> 50%, 100% when able.
    let sean = f.store.attendance_of_participant(&f.actor, people[0].id).unwrap();
    assert_eq!(sean.len(), 1);
    assert_eq!((sean[0].counts.expected, sean[0].counts.attended()), (2, 1));
    assert_eq!((percent(sean[0].counts.rate()), percent(sean[0].counts.rate_when_able())), ("50%".into(), "100%".into()));
    // Łukasz: appointment absence then his own choice: 0%, and 0% when able.
    let lukasz = f.store.attendance_of_participant(&f.actor, people[1].id).unwrap();
    assert_eq!((percent(lukasz[0].counts.rate()), percent(lukasz[0].counts.rate_when_able())), ("0%".into(), "0%".into()));

    // Liberation ends open enrolments with that reason; the person leaves the roster.
    f.store.liberate(&f.actor, people[2].id, d(2026, 10, 20)).unwrap();
    let roster = f.store.roster(&f.actor, group.id, d(2026, 10, 26)).unwrap();
    assert_eq!(roster.len(), 3);
    let zoe = f.store.enrolments_of_participant(&f.actor, people[2].id).unwrap();
    assert_eq!((zoe[0].left_on, zoe[0].leaving_reason), (Some(d(2026, 10, 20)), Some(LeavingReason::Liberated)));

    // Everything is still there after closing and reopening the file.
    f.reopen();
    let found = f.store.find_participants(&f.actor, "sean o su", None, 10).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].full_name(), "Seán Ó Súilleabháin");
    assert_eq!(f.store.find_participants(&f.actor, "LUKASZ", None, 10).unwrap()[0].family_name, "Żółć");
    assert_eq!(f.store.find_participants(&f.actor, "oneill", None, 10).unwrap()[0].given_name, "Zoë");
    assert_eq!(f.store.find_participants(&f.actor, "10000", None, 10).unwrap().len(), 4);
    let liberated =
        f.store.participants(&f.actor, &ParticipantFilter { status: Some(CustodyStatus::Liberated), ..Default::default() }).unwrap();
    assert_eq!(liberated.len(), 1);
    let register = f.store.register(&f.actor, sessions[2].id).unwrap();
    assert_eq!(register.lines.iter().filter(|l| l.mark.is_some()).count(), 4);
    assert_eq!(f.store.session(&f.actor, sessions[1].id).unwrap().cancellation_reason, Some(CancellationReason::Lockdown));
    assert!(f.store.check_integrity().unwrap().is_empty());
}

#[test]
fn staff_learn_alongside_prisoners_without_custody_fields() {
    let mut f = Fixture::new();
    let staff = f
        .store
        .add_participant(
            &f.actor,
            f.establishment.id,
            &ParticipantDetails {
                kind: ParticipantKind::Staff,
                prison_number: None,
                given_name: "Morven".into(),
                family_name: "Mac an t-Saoir".into(),
                date_of_birth: None,
                location: None,
                expected_liberation: None,
                printed_name: None,
            },
        )
        .unwrap();
    assert_eq!((staff.status, staff.prison_number.as_deref()), (None, None));
    let group = f.programme("Recovery College");
    f.store.enrol(&f.actor, group.id, staff.id, d(2026, 10, 5)).unwrap();
    let err = f.store.liberate(&f.actor, staff.id, d(2026, 10, 6)).unwrap_err().to_string();
    assert_eq!(err, "status: member of staff is not a person in custody");
}

#[test]
fn transfer_home_leave_and_readmission() {
    let mut f = Fixture::new();
    let p = f.prisoner("200001", "Mhairi", "MacLeod");
    let group = f.programme("MOIR");
    f.store.enrol(&f.actor, group.id, p.id, d(2026, 10, 5)).unwrap();
    // Home leave keeps the person on the roster.
    f.store.start_home_leave(&f.actor, p.id, d(2026, 10, 9)).unwrap();
    assert_eq!(f.store.roster(&f.actor, group.id, d(2026, 10, 12)).unwrap().len(), 1);
    f.store.readmit(&f.actor, p.id, d(2026, 10, 11)).unwrap();
    let moved = f.store.transfer(&f.actor, p.id, d(2026, 11, 2)).unwrap();
    assert_eq!((moved.status, moved.status_since), (Some(CustodyStatus::Transferred), Some(d(2026, 11, 2))));
    let e = &f.store.enrolments_of_participant(&f.actor, p.id).unwrap()[0];
    assert_eq!(e.leaving_reason, Some(LeavingReason::Transferred));
    // Once transferred, they cannot be enrolled here again until readmitted.
    let err = f.store.enrol(&f.actor, group.id, p.id, d(2026, 11, 9)).unwrap_err().to_string();
    assert_eq!(err, "person: is transferred and cannot join a group");
}

#[test]
fn search_follows_edits_and_stays_within_an_establishment() {
    let mut f = Fixture::new();
    let other = f.store.add_establishment(&f.actor, &NewEstablishment { code: "BAR".into(), name: "HMP Barlinnie".into() }).unwrap();
    let here = f.prisoner("100001", "Ciarán", "Boyle");
    let there = f.store.add_participant(&f.actor, other.id, &prisoner_details("100001", "Ciara", "Boyd")).unwrap();

    let both = f.store.find_participants(&f.actor, "boy", None, 10).unwrap();
    assert_eq!(both.iter().map(|p| p.family_name.as_str()).collect::<Vec<_>>(), ["Boyd", "Boyle"], "sorted by family name");
    let perth = f.store.find_participants(&f.actor, "ciar", Some(f.establishment.id), 10).unwrap();
    assert_eq!(perth.iter().map(|p| p.id).collect::<Vec<_>>(), [here.id]);
    // The same prison number at two establishments is ambiguous until the establishment is named.
    assert!(f.store.participant_by_key(&f.actor, "100001", None).unwrap_err().to_string().contains("more than one establishment"));
    assert_eq!(f.store.participant_by_key(&f.actor, "100001", Some(other.id)).unwrap().id, there.id);

    // An edit rewrites the search tokens: the new name is found, the old one is not.
    let details = ParticipantDetails { family_name: "Mac an tSaoir".into(), ..prisoner_details("100001", "Ciarán", "x") };
    f.store.edit_participant(&f.actor, here.id, &details).unwrap();
    assert!(f.store.find_participants(&f.actor, "boyle", None, 10).unwrap().is_empty());
    assert_eq!(f.store.find_participants(&f.actor, "ciaran tsaoir", None, 10).unwrap()[0].id, here.id);
    // A search of only punctuation finds nothing rather than everyone.
    assert!(f.store.find_participants(&f.actor, " '- ", None, 10).unwrap().is_empty());
}

#[test]
fn enrolling_a_list_is_all_or_nothing_and_names_who_failed() {
    let mut f = Fixture::new();
    let group = f.programme("Recovery College");
    let a = f.prisoner("300001", "Eilidh", "Reid");
    let b = f.prisoner("300002", "Łukasz", "Żółć");
    f.store.enrol(&f.actor, group.id, b.id, d(2026, 10, 5)).unwrap();
    let before = f.snapshot();
    let err = f.store.enrol_many(&f.actor, group.id, &[a.id, b.id], d(2026, 10, 12)).unwrap_err();
    assert_eq!(err.to_string(), "Łukasz Żółć: is already on this group's roster");
    assert_eq!(f.snapshot(), before, "Eilidh was not enrolled either");
    let c = f.prisoner("300003", "Ömer", "Şahin");
    assert_eq!(f.store.enrol_many(&f.actor, group.id, &[a.id, c.id], d(2026, 10, 12)).unwrap().len(), 2);
}

#[test]
fn the_today_overview_lists_this_weeks_sessions_ending_programmes_and_liberations() {
    let mut f = Fixture::new();
    let group = f.programme("10-week programme");
    f.store.generate_sessions(&f.actor, group.id, d(2026, 10, 1), d(2026, 12, 31)).unwrap();
    let soon = f
        .store
        .add_participant(
            &f.actor,
            f.establishment.id,
            &ParticipantDetails { expected_liberation: Some(d(2026, 12, 1)), ..prisoner_details("400001", "Niamh", "Quinn") },
        )
        .unwrap();
    f.store
        .add_participant(
            &f.actor,
            f.establishment.id,
            &ParticipantDetails { expected_liberation: Some(d(2027, 6, 1)), ..prisoner_details("400002", "Kyle", "Kerr") },
        )
        .unwrap();
    let o = f.store.overview(&f.actor, f.establishment.id, None).unwrap();
    let dates = |l: &[SessionListing]| l.iter().map(|s| s.session.held_on).collect::<Vec<_>>();
    assert_eq!(o.today, d(2026, 11, 16));
    assert_eq!(o.week_start, d(2026, 11, 16));
    assert_eq!(dates(&o.sessions), [d(2026, 11, 16)]);
    // The fortnight's registers not taken yet, newest first (05/10 to 26/10 are older than 14 days).
    assert_eq!(dates(&o.still_to_record), [d(2026, 11, 9), d(2026, 11, 2)]);
    assert_eq!(o.programmes_ending.len(), 1, "the last session (07/12/2026) is within four weeks");
    assert_eq!((o.programmes_ending[0].planned, o.programmes_ending[0].last_session), (10, d(2026, 12, 7)));
    assert_eq!(o.liberations_due.iter().map(|l| l.participant.id).collect::<Vec<_>>(), [soon.id]);

    // A cancelled session is not still to record; nor is one whose register is taken.
    let [last_week, fortnight_ago] = [o.still_to_record[0].session.id, o.still_to_record[1].session.id];
    f.store.cancel_session(&f.actor, fortnight_ago, CancellationReason::Lockdown, None).unwrap();
    let person = f.prisoner("400003", "Nguyễn", "Văn An");
    f.store.enrol(&f.actor, group.id, person.id, d(2026, 10, 1)).unwrap();
    f.store.take_register(&f.actor, last_week, &[Mark::present(person.id)]).unwrap();
    assert!(f.store.overview(&f.actor, f.establishment.id, None).unwrap().still_to_record.is_empty());

    // Any week, Monday to Sunday: a date on Saturday 28/11 shows the week of 23/11.
    let later = f.store.overview(&f.actor, f.establishment.id, Some(d(2026, 11, 28))).unwrap();
    assert_eq!((later.week_start, dates(&later.sessions)), (d(2026, 11, 23), vec![d(2026, 11, 23)]));
    let before = f.store.overview(&f.actor, f.establishment.id, Some(d(2026, 9, 30))).unwrap();
    assert_eq!((before.week_start, dates(&before.sessions)), (d(2026, 9, 28), vec![]));
}
