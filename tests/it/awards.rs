//! Awards: the completion rule on hand-made registers, a cohort issued whole or not at all,
//! gapless numbers under concurrency, offline verification, reprints and revocation.

use crate::support::*;
use recovery_register::model::*;
use recovery_register::rules::completion::CompletionStatus;
use recovery_register::{Actor, Store};

fn award_type(f: &mut Fixture, kind: AwardKind, title: &str) -> AwardType {
    let svq = kind == AwardKind::Svq;
    f.store
        .add_award_type(
            &f.actor,
            f.establishment.id,
            &AwardTypeDetails {
                kind,
                title: title.into(),
                svq_level: svq.then_some(3),
                awarding_body: svq.then(|| "SQA".to_string()),
                wording: "has successfully completed the 10-week Recovery Group Programme".into(),
                issuing_organisation: "Perth Substance Use Service".into(),
                show_establishment: false,
                signatories: vec![Signatory { name: "Alison Grant".into(), role: "Recovery Coordinator".into(), signature: None }],
            },
        )
        .unwrap()
}

/// A finished 10-week programme (5 Oct - 7 Dec 2026, "8 of 10", regime absences excused) with
/// four people whose registers were written by hand:
/// - Seán attended all ten;
/// - Łukasz attended 7, missed 2 to a lockdown on the wing and 1 by choice: needs 7 -> completed;
/// - Zoë attended 7 and missed 3 by choice: needs 8 -> cannot complete;
/// - Niamh joined on 2 November and attended all 7 sessions she was there for: 7 of the 8 needed.
///   One session (12 Oct) was cancelled and replaced on 14 Dec.
struct Cohort {
    f: Fixture,
    group: Group,
    people: [Participant; 4],
}

fn cohort() -> Cohort {
    let mut f = Fixture::new();
    let people = [
        f.prisoner("100001", "Seán", "Ó Súilleabháin"),
        f.prisoner("100002", "Łukasz", "Żółć"),
        f.prisoner("100003", "Zoë", "O'Neill-Smith"),
        f.prisoner("100004", "Niamh", "Ní Bhriain"),
    ];
    let group = f.programme("10-week Recovery Group Programme");
    f.store.set_today(d(2026, 12, 21));
    for p in &people[..3] {
        f.store.enrol(&f.actor, group.id, p.id, d(2026, 10, 5)).unwrap();
    }
    f.store.enrol(&f.actor, group.id, people[3].id, d(2026, 11, 2)).unwrap();
    let first = f.store.generate_sessions(&f.actor, group.id, d(2026, 10, 1), d(2026, 10, 12)).unwrap();
    f.store.cancel_session(&f.actor, first[1].id, CancellationReason::Lockdown, None).unwrap();
    let sessions: Vec<Session> = std::iter::once(first[0].clone())
        .chain(f.store.generate_sessions(&f.actor, group.id, d(2026, 10, 13), d(2027, 1, 31)).unwrap())
        .collect();
    assert_eq!(sessions.len(), 10, "the cancelled session is replaced: ten are held");
    for (i, s) in sessions.iter().enumerate() {
        let mut marks = vec![Mark::present(people[0].id)];
        marks.push(match i {
            2 | 3 => Mark::absent(people[1].id, AbsenceReason::WingLockdown),
            4 => Mark::absent(people[1].id, AbsenceReason::ChoseNotToAttend),
            _ => Mark::present(people[1].id),
        });
        marks.push(if i < 3 { Mark::absent(people[2].id, AbsenceReason::Refused) } else { Mark::present(people[2].id) });
        if s.held_on >= d(2026, 11, 2) {
            marks.push(Mark::present(people[3].id));
        }
        f.store.take_register(&f.actor, s.id, &marks).unwrap();
    }
    Cohort { f, group, people }
}

#[test]
fn the_completion_rule_on_hand_made_registers() {
    let c = cohort();
    let due = c.f.store.due_to_graduate(&c.f.actor, c.group.id).unwrap();
    let by_name: Vec<(String, u32, u32, CompletionStatus)> =
        due.iter().map(|l| (l.participant.given_name.clone(), l.progress.attended, l.progress.needed, l.progress.status)).collect();
    assert_eq!(
        by_name,
        [
            // In roster order, accents folded: Ní Bhriain, Ó Súilleabháin, O'Neill-Smith, Żółć.
            ("Niamh".to_string(), 7, 8, CompletionStatus::CannotComplete),
            ("Seán".to_string(), 10, 8, CompletionStatus::Completed),
            ("Zoë".to_string(), 7, 8, CompletionStatus::CannotComplete),
            ("Łukasz".to_string(), 7, 7, CompletionStatus::Completed),
        ]
    );
}

#[test]
fn a_cohort_is_issued_whole_or_not_at_all() {
    let mut c = cohort();
    let t = award_type(&mut c.f, AwardKind::ProgrammeCompletion, "Programme completion");
    let before = c.f.snapshot();
    let all: Vec<ParticipantId> = c.people.iter().map(|p| p.id).collect();
    let err = c.f.store.issue_awards(&c.f.actor, t.id, Some(c.group.id), &all, d(2026, 12, 18)).unwrap_err();
    assert_eq!(err.to_string(), "Zoë O'Neill-Smith: has not completed the programme (attended 7 of the 8 needed)");
    assert_eq!(c.f.snapshot(), before, "nobody was awarded, and no number was used");

    let done = [c.people[0].id, c.people[1].id];
    let awards = c.f.store.issue_awards(&c.f.actor, t.id, Some(c.group.id), &done, d(2026, 12, 18)).unwrap();
    let numbers: Vec<&str> = awards.iter().map(|a| a.number.as_str()).collect();
    assert_eq!(numbers, ["PER-2026-0001", "PER-2026-0002"]);
    assert_eq!(awards[1].name_on_certificate, "Łukasz Żółć");
    let err = c.f.store.issue_awards(&c.f.actor, t.id, Some(c.group.id), &done[..1], d(2026, 12, 18)).unwrap_err();
    assert_eq!(err.to_string(), "Seán Ó Súilleabháin: already has this award; reprint it instead");
    let due = c.f.store.due_to_graduate(&c.f.actor, c.group.id).unwrap();
    assert_eq!(due.iter().filter(|l| l.award.is_some()).count(), 2);
}

#[test]
fn eight_people_issuing_at_once_get_gapless_unique_numbers() {
    let mut f = Fixture::new();
    let t = award_type(&mut f, AwardKind::Svq, "SVQ Level 3 in Recovery Development Practice");
    let people: Vec<ParticipantId> = (0..40).map(|i| f.prisoner(&format!("5{i:05}"), "Eilidh", "MacLeòid").id).collect();
    // An SVQ names its candidate by their SQA number.
    for (i, p) in people.iter().enumerate() {
        f.store.set_candidate_number(&f.actor, *p, &format!("{:09}", 100_000_000 + i)).unwrap();
    }
    let path = f.path();
    let threads: Vec<_> = people
        .chunks(5)
        .map(|chunk| {
            let (path, chunk) = (path.clone(), chunk.to_vec());
            std::thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                store.set_today(d(2026, 11, 16));
                let actor = Actor::local_administrator();
                // One at a time, so the threads interleave.
                chunk
                    .iter()
                    .map(|p| store.issue_awards(&actor, t.id, None, &[*p], d(2026, 11, 16)).unwrap().remove(0).number)
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut numbers: Vec<String> = threads.into_iter().flat_map(|t| t.join().unwrap()).collect();
    numbers.sort();
    let expected: Vec<String> = (1..=40).map(|n| format!("PER-2026-{n:04}")).collect();
    assert_eq!(numbers, expected);
}

#[test]
fn verification_finds_genuine_altered_revoked_and_unknown() {
    let mut c = cohort();
    let t = award_type(&mut c.f, AwardKind::ProgrammeCompletion, "Programme completion");
    let award = c.f.store.issue_awards(&c.f.actor, t.id, Some(c.group.id), &[c.people[1].id], d(2026, 12, 18)).unwrap().remove(0);
    let (n, code) = (award.number.as_str(), award.verification_code.as_str());
    let check = |store: &Store, number: &str, code: &str, name: Option<&str>, date| {
        store.verify_award(&Actor::local_administrator(), number, code, name, date).unwrap()
    };

    assert!(matches!(check(&c.f.store, n, code, Some("Łukasz Żółć"), Some(d(2026, 12, 18))), Verification::Genuine { .. }));
    // Typed in lower case with spaces, and the name without accents: still genuine.
    let typed = code.to_lowercase().replace('-', " ");
    assert!(matches!(check(&c.f.store, &n.to_lowercase(), &typed, Some("lukasz zolc"), None), Verification::Genuine { .. }));
    let altered = |v: Verification| match v {
        Verification::Altered { differs, .. } => differs,
        other => panic!("expected altered, got {other:?}"),
    };
    assert_eq!(altered(check(&c.f.store, n, code, Some("Łukasz Żółć-Smith"), None)), ["name"]);
    assert_eq!(altered(check(&c.f.store, n, code, None, Some(d(2026, 12, 19)))), ["date"]);
    let mut forged = code.to_string();
    forged.replace_range(0..1, if code.starts_with('7') { "8" } else { "7" });
    assert_eq!(altered(check(&c.f.store, n, &forged, None, None)), ["verification code"]);
    assert!(matches!(check(&c.f.store, "PER-2026-9999", code, None, None), Verification::Unknown { .. }));
    // A row edited behind the app's back no longer matches its own code.
    c.f.store.connection().execute("UPDATE award SET name_on_certificate = 'Someone Else' WHERE number = ?1", [n]).unwrap();
    assert_eq!(altered(check(&c.f.store, n, code, None, None)), ["record"]);
    c.f.store.connection().execute("UPDATE award SET name_on_certificate = 'Łukasz Żółć' WHERE number = ?1", [n]).unwrap();

    let revoked = c.f.store.revoke_award(&c.f.actor, award.id, "Issued in error: wrong cohort").unwrap();
    assert_eq!(revoked.revoked_on, Some(d(2026, 12, 21)));
    assert!(matches!(check(&c.f.store, n, code, None, None), Verification::Revoked { .. }));
    let err = c.f.store.record_prints(&c.f.actor, &[award.id], Some("lost")).unwrap_err();
    assert_eq!(err.to_string(), format!("{n}: is revoked and cannot be printed"));
}

#[test]
fn reprints_keep_the_number_and_say_why() {
    let mut c = cohort();
    let t = award_type(&mut c.f, AwardKind::ProgrammeCompletion, "Programme completion");
    let award = c.f.store.issue_awards(&c.f.actor, t.id, Some(c.group.id), &[c.people[0].id], d(2026, 12, 18)).unwrap().remove(0);
    c.f.store.record_prints(&c.f.actor, &[award.id], None).unwrap();
    let err = c.f.store.record_prints(&c.f.actor, &[award.id], None).unwrap_err();
    assert_eq!(err.to_string(), format!("reprint reason: {} was printed before; say why it is reprinted", award.number));
    c.f.store.record_prints(&c.f.actor, &[award.id], Some("Lost on transfer between halls")).unwrap();
    let again = c.f.store.award_by_number(&c.f.actor, &award.number).unwrap();
    assert_eq!((again.prints, again.verification_code), (2, award.verification_code));
}

#[test]
fn a_name_the_fonts_cannot_print_is_refused_before_any_file_is_written() {
    let mut f = Fixture::new();
    let kind = award_type(&mut f, AwardKind::Custom, "Peer mentor training");
    let wang = f.prisoner("100009", "小明", "王");
    let zoe = f.prisoner("100010", "Zoë", "O'Neill-Smith");
    let awards = f.store.issue_awards(&f.actor, kind.id, None, &[zoe.id, wang.id], d(2026, 11, 16)).unwrap();
    let ids: Vec<AwardId> = awards.iter().map(|a| a.id).collect();
    let pdf = f.dir.path().join("certificates.pdf");
    let e =
        f.store.print_awards(&f.actor, &ids, None, &recovery_register::printing::Output::Combined(pdf.clone()), &mut |_| {}).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("name on certificate: 小明 王 ({}) has letters the bundled fonts cannot print; nothing was printed", awards[1].number)
    );
    assert!(!pdf.exists(), "no file");
    assert!(f.store.awards_of_participant(&f.actor, zoe.id).unwrap().iter().all(|a| a.prints == 0), "no print logged");
}
