//! Clearances on a real file: per establishment, renewed in chains, warned about, and checked
//! whenever a session is planned or held.

use crate::support::*;
use recovery_register::model::*;
use recovery_register::store::{Action, AuditFilter};
use recovery_register::{Actor, Role};

fn volunteer(f: &mut Fixture, name: &str, kind: FacilitatorKind) -> Facilitator {
    f.store.add_facilitator(&f.actor, &NewFacilitator { name: name.into(), kind, organisation: Some("AA".into()) }).unwrap()
}

fn granted(kind: ClearanceKind, on: chrono::NaiveDate) -> ClearanceDetails {
    ClearanceDetails {
        kind,
        status: ClearanceStatus::Granted,
        applied_on: None,
        granted_on: Some(on),
        expires_on: None,
        reference: Some("SP-1".into()),
        notes: None,
    }
}

fn weekly_group_run_by(f: &mut Fixture, name: &str, facilitators: Vec<FacilitatorId>) -> Group {
    let details = GroupDetails { facilitators, ..programme_details(name) };
    f.store.add_group(&f.actor, f.establishment.id, &details).unwrap()
}

#[test]
fn standard_plus_runs_twelve_months_and_a_leap_day_grant_a_full_year() {
    let mut f = Fixture::new();
    let ann = volunteer(&mut f, "Ann Volunteer", FacilitatorKind::Volunteer);
    let c = f
        .store
        .add_clearance(&f.actor, ann.id, f.establishment.id, &granted(ClearanceKind::StandardPlusCompleted, d(2025, 11, 20)))
        .unwrap();
    assert_eq!(c.details.expires_on, Some(d(2026, 11, 19)));
    f.store.set_today(d(2028, 3, 1));
    let leap =
        f.store.add_clearance(&f.actor, ann.id, f.establishment.id, &granted(ClearanceKind::StandardPlusLicence, d(2028, 2, 29))).unwrap();
    assert_eq!(leap.details.expires_on, Some(d(2029, 2, 28)));
    // The validity is a setting: an administrator may change it; a caseworker may not.
    let caseworker = f.actor.with_role(Role::Caseworker);
    assert_eq!(f.store.set_clearance_validity(&caseworker, ClearanceKind::EnhancedVetting, Some(36)).unwrap_err().code(), "forbidden");
    f.store.set_clearance_validity(&f.actor, ClearanceKind::EnhancedVetting, Some(36)).unwrap();
    let ev = f.store.add_clearance(&f.actor, ann.id, f.establishment.id, &granted(ClearanceKind::EnhancedVetting, d(2028, 1, 15))).unwrap();
    assert_eq!(ev.details.expires_on, Some(d(2031, 1, 14)));
}

#[test]
fn impossible_clearance_dates_are_refused_with_the_field() {
    let mut f = Fixture::new();
    let ann = volunteer(&mut f, "Ann Volunteer", FacilitatorKind::Volunteer);
    let mut check = |details: ClearanceDetails, expected: &str| {
        let e = f.store.add_clearance(&f.actor, ann.id, f.establishment.id, &details).unwrap_err();
        assert_eq!(e.to_string(), expected);
    };
    let base = granted(ClearanceKind::StandardPlusCompleted, d(2026, 10, 1));
    check(ClearanceDetails { granted_on: Some(d(2026, 12, 1)), ..base.clone() }, "date granted: 01/12/2026 is in the future");
    check(
        ClearanceDetails { applied_on: Some(d(2026, 10, 2)), ..base.clone() },
        "date granted: 01/10/2026 is before the date applied, 02/10/2026",
    );
    check(
        ClearanceDetails { expires_on: Some(d(2026, 9, 1)), ..base.clone() },
        "expiry date: 01/09/2026 is before the date granted, 01/10/2026",
    );
    check(ClearanceDetails { granted_on: None, ..base.clone() }, "date granted: is needed when the status is 'Granted'");
    check(
        ClearanceDetails { status: ClearanceStatus::Applied, granted_on: None, ..base },
        "date applied: is needed when the status is 'Applied'",
    );
}

#[test]
fn cleared_at_one_prison_is_not_cleared_at_another() {
    let mut f = Fixture::new();
    let low = f.store.add_establishment(&f.actor, &NewEstablishment { code: "LOW".into(), name: "HMP Low Moss".into() }).unwrap();
    let ann = volunteer(&mut f, "Ann Volunteer", FacilitatorKind::Volunteer);
    f.store.add_clearance(&f.actor, ann.id, low.id, &granted(ClearanceKind::StandardPlusCompleted, d(2026, 9, 1))).unwrap();
    let group = weekly_group_run_by(&mut f, "AA meeting", vec![ann.id]);
    let e = f.store.generate_sessions(&f.actor, group.id, d(2026, 10, 5), d(2026, 10, 12)).unwrap_err();
    assert_eq!(e.code(), "not_cleared");
    assert_eq!(e.to_string(), "facilitators: on 05/10/2026: Ann Volunteer is not cleared (no clearance at this establishment)");
    assert!(f.store.sessions(&f.actor, Some(group.id), None, d(2026, 1, 1), d(2027, 1, 1)).unwrap().is_empty(), "nothing planned");
    f.store.add_clearance(&f.actor, ann.id, f.establishment.id, &granted(ClearanceKind::StandardPlusCompleted, d(2026, 9, 1))).unwrap();
    assert_eq!(f.store.generate_sessions(&f.actor, group.id, d(2026, 10, 5), d(2026, 10, 12)).unwrap().len(), 2);
}

#[test]
fn sessions_past_the_expiry_are_refused_until_renewed() {
    let mut f = Fixture::new();
    let ann = volunteer(&mut f, "Ann Volunteer", FacilitatorKind::Volunteer);
    let first = f
        .store
        .add_clearance(&f.actor, ann.id, f.establishment.id, &granted(ClearanceKind::StandardPlusCompleted, d(2025, 10, 20)))
        .unwrap();
    let group = weekly_group_run_by(&mut f, "AA meeting", vec![ann.id]);
    // Expires 19/10/2026: the Monday after cannot be planned.
    f.store.generate_sessions(&f.actor, group.id, d(2026, 10, 5), d(2026, 10, 12)).unwrap();
    let e = f.store.add_session(&f.actor, group.id, d(2026, 10, 26), None).unwrap_err();
    assert_eq!(e.to_string(), "facilitators: on 26/10/2026: Ann Volunteer is not cleared (clearance expired on 19/10/2026)");
    let renewal = f.store.renew_clearance(&f.actor, first.id, &granted(ClearanceKind::StandardPlusCompleted, d(2026, 10, 23))).unwrap();
    assert_eq!(renewal.renews, Some(first.id));
    assert!(f.store.add_session(&f.actor, group.id, d(2026, 10, 26), None).is_ok());
    // A clearance is renewed once; the chain goes on from the renewal.
    let again = f.store.renew_clearance(&f.actor, first.id, &granted(ClearanceKind::StandardPlusCompleted, d(2026, 11, 1))).unwrap_err();
    assert_eq!(again.code(), "conflict");
    let lines = f.store.clearances(&f.actor, Some(f.establishment.id), Some(ann.id)).unwrap();
    assert_eq!(lines.iter().find(|l| l.clearance.id == first.id).unwrap().renewed_by, Some(renewal.id));
    // The notes the table shows come with the lines: nothing under the lapsed one (a granted
    // renewal took over), nothing under the renewal (a year off)...
    let note =
        |lines: &[recovery_register::store::ClearanceLine], id| lines.iter().find(|l| l.clearance.id == id).unwrap().expiry_note.clone();
    assert_eq!((note(&lines, first.id), note(&lines, renewal.id)), (None, None));
    // ...and, eleven months on (today is pinned), the renewal counts down; past it, it has lapsed.
    f.store.set_today(d(2027, 10, 1));
    let lines = f.store.clearances(&f.actor, Some(f.establishment.id), Some(ann.id)).unwrap();
    assert_eq!(note(&lines, renewal.id).as_deref(), Some("21 days left"));
    f.store.set_today(d(2027, 10, 23));
    let lines = f.store.clearances(&f.actor, Some(f.establishment.id), Some(ann.id)).unwrap();
    assert_eq!(note(&lines, renewal.id).as_deref(), Some("expired yesterday"));
}

#[test]
fn a_session_cancelled_for_an_uncleared_facilitator_points_at_the_clearance() {
    let mut f = Fixture::new();
    let ann = volunteer(&mut f, "Ann Volunteer", FacilitatorKind::Volunteer);
    let first = f
        .store
        .add_clearance(&f.actor, ann.id, f.establishment.id, &granted(ClearanceKind::StandardPlusCompleted, d(2025, 11, 1)))
        .unwrap();
    let group = weekly_group_run_by(&mut f, "AA meeting", vec![ann.id]);
    let session = f.store.add_session(&f.actor, group.id, d(2026, 10, 26), None).unwrap();
    let later = f.store.add_session(&f.actor, group.id, d(2026, 10, 19), None).unwrap();
    // The clearance ran out on 31/10/2026; a session planned before that is cancelled at the gate
    // after someone backdates the expiry (e.g. it was recorded wrongly).
    let fixed = ClearanceDetails { expires_on: Some(d(2026, 10, 20)), ..granted(ClearanceKind::StandardPlusCompleted, d(2025, 11, 1)) };
    f.store.edit_clearance(&f.actor, first.id, &fixed).unwrap();
    let cancelled = f.store.cancel_session(&f.actor, session.id, CancellationReason::FacilitatorNotCleared, None).unwrap();
    assert_eq!(cancelled.cancelled_for_clearance, Some(first.id));
    // Cleared that day: nothing to point at; another reason: nothing either.
    let other = f.store.cancel_session(&f.actor, later.id, CancellationReason::FacilitatorNotCleared, None).unwrap();
    assert_eq!(other.cancelled_for_clearance, None);
    let reinstated = f.store.reinstate_session(&f.actor, session.id).unwrap();
    assert_eq!(reinstated.cancelled_for_clearance, None);
}

#[test]
fn photo_card_only_with_someone_fully_vetted_and_staff_and_peers_need_none() {
    let mut f = Fixture::new();
    let bob = volunteer(&mut f, "Bob Occasional", FacilitatorKind::Volunteer);
    let sam = volunteer(&mut f, "Sam Staff", FacilitatorKind::Staff);
    let pat = volunteer(&mut f, "Pat Peer", FacilitatorKind::Peer);
    f.store.add_clearance(&f.actor, bob.id, f.establishment.id, &granted(ClearanceKind::PhotoCard, d(2026, 9, 1))).unwrap();
    let alone = weekly_group_run_by(&mut f, "Photo-card alone", vec![bob.id, pat.id]);
    let e = f.store.add_session(&f.actor, alone.id, d(2026, 10, 5), None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "facilitators: on 05/10/2026: Bob Occasional has photo-card access only, and nobody fully vetted runs it with them"
    );
    let with_staff = weekly_group_run_by(&mut f, "With staff", vec![bob.id, sam.id]);
    assert!(f.store.add_session(&f.actor, with_staff.id, d(2026, 10, 5), None).is_ok());
    let peers = weekly_group_run_by(&mut f, "Peer-led", vec![pat.id]);
    assert!(f.store.add_session(&f.actor, peers.id, d(2026, 10, 5), None).is_ok());
}

#[test]
fn holding_a_session_with_an_uncleared_volunteer_is_refused_and_changes_nothing() {
    let mut f = Fixture::new();
    let sam = volunteer(&mut f, "Sam Staff", FacilitatorKind::Staff);
    let cat = volunteer(&mut f, "Cat Lapsed", FacilitatorKind::Volunteer);
    f.store.add_clearance(&f.actor, cat.id, f.establishment.id, &granted(ClearanceKind::StandardPlusCompleted, d(2025, 10, 1))).unwrap();
    let group = weekly_group_run_by(&mut f, "Staff-run group", vec![sam.id]);
    let person = f.prisoner("100001", "Siobhán", "Ó Súilleabháin");
    f.store.enrol(&f.actor, group.id, person.id, d(2026, 10, 5)).unwrap();
    let session = f.store.generate_sessions(&f.actor, group.id, d(2026, 11, 9), d(2026, 11, 9)).unwrap().remove(0);
    let before = f.snapshot();
    let log = SessionLog { topic: None, notes: None, facilitators: vec![sam.id, cat.id] };
    let e = f.store.log_session(&f.actor, session.id, &log, true).unwrap_err();
    assert_eq!(e.to_string(), "facilitators: on 09/11/2026: Cat Lapsed is not cleared (clearance expired on 30/09/2026)");
    assert_eq!(f.snapshot(), before, "a refused act changes nothing");
    // The register goes through with the staff member who ran it.
    assert!(f.store.take_register(&f.actor, session.id, &[Mark::present(person.id)]).is_ok());
}

#[test]
fn warnings_list_what_expires_soon_what_lapsed_and_what_waits() {
    let mut f = Fixture::new(); // today: 16/11/2026
    let soon = volunteer(&mut f, "Ann Soon", FacilitatorKind::Volunteer);
    let lapsed = volunteer(&mut f, "Cat Lapsed", FacilitatorKind::Volunteer);
    let renewed = volunteer(&mut f, "Dee Renewed", FacilitatorKind::Volunteer);
    let waiting = volunteer(&mut f, "Eve Waiting", FacilitatorKind::Volunteer);
    let fine = volunteer(&mut f, "Fay Fine", FacilitatorKind::Volunteer);
    let est = f.establishment.id;
    f.store.add_clearance(&f.actor, soon.id, est, &granted(ClearanceKind::StandardPlusCompleted, d(2026, 1, 10))).unwrap(); // to 09/01/2027
    f.store.add_clearance(&f.actor, lapsed.id, est, &granted(ClearanceKind::StandardPlusCompleted, d(2025, 9, 1))).unwrap(); // to 31/08/2026
    let old = f.store.add_clearance(&f.actor, renewed.id, est, &granted(ClearanceKind::StandardPlusCompleted, d(2025, 9, 1))).unwrap();
    f.store.renew_clearance(&f.actor, old.id, &granted(ClearanceKind::StandardPlusCompleted, d(2026, 8, 20))).unwrap();
    let applied = ClearanceDetails {
        status: ClearanceStatus::InProgress,
        applied_on: Some(d(2026, 8, 1)),
        granted_on: None,
        ..granted(ClearanceKind::EnhancedVetting, d(2026, 1, 1))
    };
    f.store.add_clearance(&f.actor, waiting.id, est, &applied).unwrap();
    f.store.add_clearance(&f.actor, fine.id, est, &granted(ClearanceKind::StandardPlusCompleted, d(2026, 6, 1))).unwrap(); // to 31/05/2027
    let w = f.store.clearance_warnings(&f.actor, Some(est)).unwrap();
    let names = |l: &[recovery_register::store::ClearanceLine]| l.iter().map(|l| l.facilitator_name.clone()).collect::<Vec<_>>();
    assert_eq!(w.within_days, 90);
    assert_eq!(names(&w.expiring), ["Ann Soon"]);
    assert_eq!(names(&w.lapsed), ["Cat Lapsed"]);
    assert_eq!(names(&w.waiting), ["Eve Waiting"]);
    // The facts the screens show as they are: the sentence, how long ago it ran out, how long
    // the application has waited.
    assert_eq!(w.sentence.as_deref(), Some("1 clearance has lapsed and 1 expires within 90 days"));
    assert_eq!(w.lapsed[0].expiry_note.as_deref(), Some("expired 77 days ago"));
    assert_eq!((w.waiting[0].waiting_note.as_deref(), w.expiring[0].waiting_note.as_deref()), (Some("107 days ago"), None));
    f.store.set_clearance_warning_days(&f.actor, 200).unwrap();
    let w = f.store.clearance_warnings(&f.actor, Some(est)).unwrap();
    assert_eq!(names(&w.expiring), ["Ann Soon", "Fay Fine"]);
}

#[test]
fn the_demo_has_a_lapsed_and_an_expiring_clearance_and_every_held_session_had_a_cleared_runner() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = recovery_register::Store::open(&dir.path().join("demo.db")).unwrap();
    store.set_today(d(2026, 11, 16));
    let actor = Actor::local_administrator();
    recovery_register::demo::generate(&mut store, &actor, recovery_register::demo::Scale::Establishment, 1, d(2026, 11, 16)).unwrap();
    let w = store.clearance_warnings(&actor, None).unwrap();
    let names = |l: &[recovery_register::store::ClearanceLine]| l.iter().map(|l| l.facilitator_name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&w.lapsed), ["Des O'B. (CA)"]);
    assert_eq!(names(&w.expiring), ["Anne M. (AA)"]);
    assert!(w.waiting.is_empty(), "the renewal applied for 20 days ago is not yet late");
    let turned_away: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM session WHERE cancelled_for_clearance = ?1", [w.lapsed[0].clearance.id], |r| r.get(0))
        .unwrap();
    assert!(turned_away >= 1, "the sessions cancelled at the gate since the lapse point at it");

    // Every session held so far with a volunteer was run by someone cleared that day.
    let all = store.clearances(&actor, None, None).unwrap();
    assert!(all.len() > 8, "chains of renewals over three years: {}", all.len());
    let facilitators = store.facilitators(&actor).unwrap();
    let sessions = store.sessions(&actor, None, None, d(2023, 1, 1), d(2026, 11, 16)).unwrap();
    let mut checked = 0;
    for listing in sessions.iter().filter(|s| s.session.status == SessionStatus::Held) {
        let group = store.group(&actor, listing.session.group_id).unwrap();
        for f in group
            .details
            .facilitators
            .iter()
            .filter_map(|id| facilitators.iter().find(|f| f.id == *id && f.kind == FacilitatorKind::Volunteer))
        {
            let held: Vec<ClearanceDetails> =
                all.iter().filter(|l| l.clearance.facilitator_id == f.id).map(|l| l.clearance.details.clone()).collect();
            let standing = recovery_register::rules::clearance::standing(&held, listing.session.held_on);
            assert!(
                matches!(standing, recovery_register::rules::clearance::Standing::Cleared { .. }),
                "{} on {}: {standing:?}",
                f.name,
                listing.session.held_on
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "volunteer-run sessions checked: {checked}");
}

#[test]
fn the_report_sorts_every_clearance_into_its_place_and_the_csv_is_safe_to_open() {
    let mut f = Fixture::new(); // today: 16/11/2026
    let est = f.establishment.id;
    let ann = volunteer(&mut f, "Ann Soon", FacilitatorKind::Volunteer);
    let cat = volunteer(&mut f, "Łukasz Żółć", FacilitatorKind::Volunteer);
    let eve = volunteer(&mut f, "=HYPERLINK(\"x\")", FacilitatorKind::Volunteer);
    let fay = volunteer(&mut f, "Fay Fine", FacilitatorKind::Volunteer);
    f.store.add_clearance(&f.actor, ann.id, est, &granted(ClearanceKind::StandardPlusCompleted, d(2026, 1, 10))).unwrap();
    f.store.add_clearance(&f.actor, cat.id, est, &granted(ClearanceKind::StandardPlusCompleted, d(2025, 9, 1))).unwrap();
    let refused = ClearanceDetails {
        status: ClearanceStatus::Refused,
        applied_on: Some(d(2026, 6, 1)),
        granted_on: None,
        ..granted(ClearanceKind::EnhancedVetting, d(2026, 1, 1))
    };
    f.store.add_clearance(&f.actor, eve.id, est, &refused).unwrap();
    let waiting = ClearanceDetails {
        status: ClearanceStatus::Applied,
        applied_on: Some(d(2026, 11, 1)),
        granted_on: None,
        ..granted(ClearanceKind::StandardPlusLicence, d(2026, 1, 1))
    };
    f.store.add_clearance(&f.actor, eve.id, est, &waiting).unwrap();
    f.store
        .add_clearance(
            &f.actor,
            fay.id,
            est,
            &ClearanceDetails { reference: Some("+SP-9".into()), ..granted(ClearanceKind::PhotoCard, d(2026, 6, 1)) },
        )
        .unwrap();

    let report = f.store.clearance_report(&f.actor, "PER").unwrap();
    let names = |l: &[recovery_register::store::ClearanceLine]| l.iter().map(|l| l.facilitator_name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&report.cleared), ["Ann Soon", "Fay Fine"]);
    assert_eq!(names(&report.expiring), ["Ann Soon"]);
    assert_eq!(names(&report.lapsed), ["Łukasz Żółć"]);
    assert_eq!(names(&report.waiting), ["=HYPERLINK(\"x\")"]);
    assert_eq!(names(&report.refused), ["=HYPERLINK(\"x\")"]);

    let csv = String::from_utf8(recovery_register::reports::clearances::clearance_csv(&report).unwrap()).unwrap();
    assert!(csv.starts_with('\u{feff}'), "a BOM, so Excel reads Łukasz right");
    let rows: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(rows[0], "Facilitator,Establishment,Clearance,Status,Applied,Granted,Expires,Reference,Renewal of,Today");
    assert_eq!(rows.len(), 6, "each clearance once: {csv}");
    assert!(rows.contains(&"Ann Soon,PER,Standard Plus (completed sentences),Granted,,10/01/2026,09/01/2027,SP-1,,Expiring soon"), "{csv}");
    assert!(rows.contains(&"Łukasz Żółć,PER,Standard Plus (completed sentences),Granted,,01/09/2025,31/08/2026,SP-1,,Lapsed"), "{csv}");
    assert!(rows.iter().any(|r| r.starts_with("\"'=HYPERLINK(\"\"x\"\")\"") && r.ends_with("Refused")), "formulas made inert: {csv}");
    assert!(rows.iter().any(|r| r.contains(",'+SP-9,")), "a reference starting + is inert: {csv}");
}

/// The register says who is not cleared as soon as it opens, before anyone is marked: the
/// clearance was corrected after the session was planned. A session whose people are cleared,
/// and a cancelled one, say nothing.
#[test]
fn the_register_says_who_is_not_cleared_as_it_opens() {
    let mut f = Fixture::new();
    let ann = volunteer(&mut f, "Ann Volunteer", FacilitatorKind::Volunteer);
    let clearance = f
        .store
        .add_clearance(&f.actor, ann.id, f.establishment.id, &granted(ClearanceKind::StandardPlusCompleted, d(2025, 10, 20)))
        .unwrap();
    let group = weekly_group_run_by(&mut f, "AA meeting", vec![ann.id]);
    let sessions = f.store.generate_sessions(&f.actor, group.id, d(2026, 10, 5), d(2026, 10, 19)).unwrap();
    assert_eq!(f.store.register(&f.actor, sessions[0].id).unwrap().clearance_problem, None);

    // The expiry was recorded wrongly: it was 01/10/2026.
    let corrected = ClearanceDetails { expires_on: Some(d(2026, 10, 1)), ..granted(ClearanceKind::StandardPlusCompleted, d(2025, 10, 20)) };
    f.store.edit_clearance(&f.actor, clearance.id, &corrected).unwrap();
    let register = f.store.register(&f.actor, sessions[0].id).unwrap();
    assert_eq!(
        register.clearance_problem.as_deref(),
        Some("On 05/10/2026: Ann Volunteer is not cleared (clearance expired on 01/10/2026)")
    );
    // What a save marking someone present meets, word for word.
    let person = f.prisoner("400001", "Eilidh", "Reid");
    f.store.enrol(&f.actor, group.id, person.id, d(2026, 10, 1)).unwrap();
    let refused = f.store.take_register(&f.actor, sessions[0].id, &[Mark::present(person.id)]).unwrap_err();
    assert_eq!(refused.to_string(), "facilitators: on 05/10/2026: Ann Volunteer is not cleared (clearance expired on 01/10/2026)");
    f.store.cancel_session(&f.actor, sessions[1].id, CancellationReason::FacilitatorNotCleared, None).unwrap();
    assert_eq!(f.store.register(&f.actor, sessions[1].id).unwrap().clearance_problem, None);
}

/// A session that did take place without a cleared facilitator is recorded only by someone who
/// confirms it and gives a reason; it is then an incident on the clearances report (PDF too),
/// in the audit trail and on the session itself, and its register is taken as usual. Planning
/// such a session stays refused.
#[test]
fn a_session_held_without_a_cleared_facilitator_is_recorded_after_confirming() {
    let mut f = Fixture::new();
    let des = volunteer(&mut f, "Des O'B. (CA)", FacilitatorKind::Volunteer);
    let lapsed = ClearanceDetails { expires_on: Some(d(2026, 11, 2)), ..granted(ClearanceKind::StandardPlusCompleted, d(2025, 11, 3)) };
    f.store.add_clearance(&f.actor, des.id, f.establishment.id, &lapsed).unwrap();
    let group = weekly_group_run_by(&mut f, "CA meeting", vec![des.id]);
    let sessions = f.store.generate_sessions(&f.actor, group.id, d(2026, 10, 26), d(2026, 11, 2)).unwrap();
    // Planning past the clearance stays refused.
    let refused = f.store.add_session(&f.actor, group.id, d(2026, 11, 9), None).unwrap_err();
    assert_eq!(refused.code(), "not_cleared", "{refused}");
    let session = f.store.add_session(&f.actor, group.id, d(2026, 11, 2), Some(chrono::NaiveTime::from_hms_opt(18, 30, 0).unwrap()));
    assert!(session.is_ok(), "the clearance's last day is still cleared: {session:?}");
    // The clearance was in fact withdrawn from 02/11: corrected after the planning.
    let withdrawn = ClearanceDetails { expires_on: Some(d(2026, 11, 1)), ..lapsed.clone() };
    let clearance = f.store.clearances(&f.actor, Some(f.establishment.id), None).unwrap()[0].clearance.id;
    f.store.edit_clearance(&f.actor, clearance, &withdrawn).unwrap();
    let evening = session.unwrap();
    let person = f.prisoner("400002", "Văn An", "Nguyễn");
    f.store.enrol(&f.actor, group.id, person.id, d(2026, 10, 1)).unwrap();
    let marks = [Mark::present(person.id)];
    assert_eq!(f.store.take_register(&f.actor, evening.id, &marks).unwrap_err().code(), "not_cleared");

    let before = f.store.audit_trail(&f.actor, &AuditFilter::default()).unwrap().len();
    let check = |result: recovery_register::Result<Session>, code: &str, words: &str| {
        let e = result.unwrap_err();
        assert_eq!((e.code(), e.to_string().contains(words)), (code, true), "{e}");
    };
    check(f.store.record_held_uncleared(&f.actor, evening.id, "Officer present throughout", false), "invalid", "confirmation: confirm");
    check(f.store.record_held_uncleared(&f.actor, evening.id, "   ", true), "invalid", "reason: is empty");
    check(f.store.record_held_uncleared(&f.actor, evening.id, &"x".repeat(501), true), "invalid", "reason");
    // Everyone was cleared on 26/10: nothing to confirm.
    check(
        f.store.record_held_uncleared(&f.actor, sessions[0].id, "Went ahead", true),
        "invalid",
        "everyone running it is cleared here on 26/10/2026",
    );
    f.store.cancel_session(&f.actor, sessions[1].id, CancellationReason::FacilitatorNotCleared, None).unwrap();
    check(f.store.record_held_uncleared(&f.actor, sessions[1].id, "Went ahead", true), "conflict", "was cancelled");
    f.store.set_today(d(2026, 10, 30));
    check(f.store.record_held_uncleared(&f.actor, evening.id, "Went ahead", true), "invalid", "has not happened yet");
    f.store.set_today(d(2026, 11, 16));
    let viewer = f.actor.with_role(Role::Viewer);
    check(f.store.record_held_uncleared(&viewer, evening.id, "Went ahead", true), "forbidden", "");
    assert_eq!(f.store.audit_trail(&f.actor, &AuditFilter::default()).unwrap().len(), before + 1, "only the cancellation was recorded");

    let reason = "Des ran it with an officer present; the withdrawal reached us after";
    let held = f.store.record_held_uncleared(&f.actor, evening.id, reason, true).unwrap();
    assert_eq!(held.status, SessionStatus::Held);
    let incident = held.held_uncleared.clone().unwrap();
    assert_eq!(incident.problem, "On 02/11/2026: Des O'B. (CA) is not cleared (clearance expired on 01/11/2026)");
    assert_eq!((incident.reason.as_str(), incident.confirmed_by.as_str()), (reason, "Local administrator"));
    assert_eq!(f.store.session(&f.actor, evening.id).unwrap().held_uncleared, Some(incident.clone()));
    check(f.store.record_held_uncleared(&f.actor, evening.id, reason, true), "conflict", "already recorded");

    // The register is taken as for any held session, and says nothing more is wrong.
    assert_eq!(f.store.take_register(&f.actor, evening.id, &marks).unwrap().saved, 1);
    let register = f.store.register(&f.actor, evening.id).unwrap();
    assert_eq!((register.clearance_problem, register.session.held_uncleared), (None, Some(incident.clone())));
    let log = SessionLog { topic: Some("Step one".into()), ..Default::default() };
    assert_eq!(f.store.log_session(&f.actor, evening.id, &log, true).unwrap().held_uncleared, Some(incident.clone()));

    let trail = f.store.audit_trail(&f.actor, &AuditFilter { action: Some(Action::RecordHeldUncleared), ..Default::default() }).unwrap();
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].record_id.as_deref(), Some(&evening.id.to_string()[..]));
    assert!(!trail[0].detail.as_deref().unwrap_or_default().contains("Des"), "no names in the trail: {:?}", trail[0].detail);

    let report = f.store.clearance_report(&f.actor, "PER").unwrap();
    assert_eq!(report.held_uncleared.len(), 1);
    let line = &report.held_uncleared[0];
    assert_eq!(
        (line.session_id, line.held_on, line.group_name.as_str(), &line.held),
        (evening.id, d(2026, 11, 2), "CA meeting", &incident)
    );
    let dir = tempfile::tempdir().unwrap();
    let (pdf, pages) = crate::support::pdf::written(dir.path(), "clearances.pdf", &recovery_register::reports::clearance_pdf(&report));
    let (ok, text) = crate::support::pdf::run("pdftotext", &["-q", "-layout", "-l", &pages.to_string(), pdf.to_str().unwrap(), "-"]);
    assert!(ok, "{text}");
    let squashed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for words in [
        "Sessions held without a cleared facilitator",
        "Held without a cleared facilitator: 1",
        "02/11/2026 CA meeting",
        "Des ran it with an officer",
    ] {
        assert!(squashed.contains(words), "{words:?} missing:\n{text}");
    }
}
