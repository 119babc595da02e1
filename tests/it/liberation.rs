//! Liberation planning on a real file: the services directory and its import, consent before
//! sharing, referrals and their steps, the countdown, the follow-up list, continuity of care in
//! the monthly return, and the passport's facts.

use crate::support::*;
use recovery_register::exchange::{ImportKind, ImportPreview};
use recovery_register::model::*;
use recovery_register::reports::csv::{monthly_csv, Disclosure};
use recovery_register::reports::Month;
use recovery_register::rules::liberation::{Outcome, Task};
use recovery_register::Role;

fn service(f: &mut Fixture, name: &str, area: &str) -> CommunityService {
    let details = ServiceDetails {
        name: name.into(),
        kind: Some(ServiceKind::RecoveryHub),
        area: area.into(),
        phone: Some("0131 496 0101".into()),
        meeting_times: Some("Tuesdays 7–8.30pm".into()),
        active: true,
        ..Default::default()
    };
    f.store.add_service(&f.actor, &details).unwrap()
}

/// A services spreadsheet through the one import pipeline: no establishment, the header's guess.
fn import_services(f: &mut Fixture, bytes: &[u8], commit: bool) -> recovery_register::Result<ImportPreview> {
    f.store.import_sheet(&f.actor, None, ImportKind::Services, bytes, None, commit)
}

fn referral(service: &CommunityService, on: chrono::NaiveDate, shared: bool) -> ReferralDetails {
    ReferralDetails { service_id: service.id, referred_on: on, details_shared: shared, notes: None }
}

fn consent(services: &[&CommunityService], on: chrono::NaiveDate) -> ConsentDetails {
    ConsentDetails { given_on: on, scope: "Name, release date and phone number".into(), services: services.iter().map(|s| s.id).collect() }
}

fn expecting(f: &mut Fixture, number: &str, given: &str, on: chrono::NaiveDate) -> Participant {
    let p = f.prisoner(number, given, "Ó Súilleabháin");
    f.store.set_liberation_plan(&f.actor, p.id, &PlanDetails { expected_liberation: Some(on), home_area: None }).unwrap();
    p
}

#[test]
fn sharing_details_needs_consent_naming_the_service_in_force_that_day_and_a_refusal_saves_nothing() {
    let mut f = Fixture::new(); // today 16/11/2026
    let hub = service(&mut f, "Tay Recovery Hub", "Dundee");
    let cafe = service(&mut f, "Seagate Recovery Café", "Dundee");
    let p = expecting(&mut f, "1001", "Siobhán", d(2026, 12, 14));

    let refused = |f: &mut Fixture, details: &ReferralDetails| {
        let before = f.snapshot();
        let e = f.store.refer(&f.actor, p.id, details).unwrap_err();
        assert_eq!(e.code(), "conflict");
        assert_eq!(f.snapshot(), before, "a refused referral leaves every row (and the audit trail) as it was");
        e.to_string()
    };
    // No consent at all.
    let e = refused(&mut f, &referral(&hub, d(2026, 11, 10), true));
    assert_eq!(
        e,
        "details shared: Siobhán Ó Súilleabháin has no consent in force on 10/11/2026 to share information with Tay Recovery Hub; \
         record their consent first, or refer without sharing their details"
    );
    // Consent naming another service only.
    f.store.record_consent(&f.actor, p.id, &consent(&[&cafe], d(2026, 11, 1))).unwrap();
    refused(&mut f, &referral(&hub, d(2026, 11, 10), true));
    // Consent naming it, but given after the day of the referral.
    let later = f.store.record_consent(&f.actor, p.id, &consent(&[&hub], d(2026, 11, 12))).unwrap();
    refused(&mut f, &referral(&hub, d(2026, 11, 10), true));
    // On the day it was given, it covers the referral.
    let made = f.store.refer(&f.actor, p.id, &referral(&hub, d(2026, 11, 12), true)).unwrap();
    assert_eq!(made.referral.consent_id, Some(later.id));
    assert_eq!(made.referral.status(), ReferralStatus::Referred);
    // Withdrawn from the 14th: a referral on the 14th sharing details is refused again...
    f.store.withdraw_consent(&f.actor, later.id, d(2026, 11, 14)).unwrap();
    refused(&mut f, &referral(&hub, d(2026, 11, 14), true));
    // ...but giving the person the service's details (sharing nothing) needs no consent.
    let plain = f.store.refer(&f.actor, p.id, &referral(&hub, d(2026, 11, 14), false)).unwrap();
    assert_eq!(plain.referral.consent_id, None);

    // Bad consent is refused with the field.
    let e = f.store.record_consent(&f.actor, p.id, &ConsentDetails { services: vec![], ..consent(&[], d(2026, 11, 1)) }).unwrap_err();
    assert_eq!(e.to_string(), "services: none chosen: consent names the services it covers");
    let e = f.store.record_consent(&f.actor, p.id, &consent(&[&hub], d(2026, 11, 17))).unwrap_err();
    assert_eq!(e.to_string(), "date given: 17/11/2026 is in the future");
    let e = f.store.withdraw_consent(&f.actor, later.id, d(2026, 11, 15)).unwrap_err();
    assert_eq!(e.to_string(), "consent: was already withdrawn on 14/11/2026");

    // A viewer may read the plan, not refer.
    let viewer = f.actor.with_role(Role::Viewer);
    assert_eq!(f.store.liberation_plan(&viewer, p.id).unwrap().referrals.len(), 2);
    assert_eq!(f.store.refer(&viewer, p.id, &referral(&hub, d(2026, 11, 14), false)).unwrap_err().code(), "forbidden");
}

#[test]
fn the_countdown_lists_people_due_within_eight_weeks_with_what_is_missing_until_it_is_in_place() {
    let mut f = Fixture::new(); // today 16/11/2026
    let hub = service(&mut f, "Tay Recovery Hub", "Dundee");
    let soon = expecting(&mut f, "1001", "Seán", d(2026, 12, 21)); // 5 weeks
    let passed = expecting(&mut f, "1002", "Łukasz", d(2026, 11, 13)); // date passed, still in custody
    expecting(&mut f, "1003", "Zoë", d(2027, 1, 12)); // 8 weeks and a day: not yet
    let staff = f
        .store
        .add_participant(
            &f.actor,
            f.establishment.id,
            &ParticipantDetails {
                kind: ParticipantKind::Staff,
                prison_number: None,
                expected_liberation: None,
                printed_name: None,
                ..prisoner_details("", "Morven", "Mac an t-Saoir")
            },
        )
        .unwrap();

    let due = f.store.due_for_liberation(&f.actor, Some(f.establishment.id)).unwrap();
    let names: Vec<&str> = due.iter().map(|l| l.participant.given_name.as_str()).collect();
    assert_eq!(names, ["Łukasz", "Seán"], "soonest first; not beyond eight weeks");
    let seán = &due[1].countdown;
    assert_eq!((seán.days_to_go, seán.to_go_words.as_str()), (35, "in 5 weeks"));
    let tasks: Vec<(Task, i64)> = seán.tasks.iter().map(|t| (t.task, t.days_left)).collect();
    // Home area due 26/10 (21 days ago), consent 09/11, referral 23/11, meeting 07/12.
    assert_eq!(tasks, [(Task::HomeArea, -21), (Task::Consent, -7), (Task::Referral, 7), (Task::Meeting, 21)]);
    assert_eq!(seán.tasks[2].words, "Refer to a service near home by 23/11/2026 (in 7 days)");
    assert_eq!(due[0].countdown.to_go_words, "3 days ago");

    // Each thing done takes its line off.
    f.store
        .set_liberation_plan(
            &f.actor,
            soon.id,
            &PlanDetails { expected_liberation: Some(d(2026, 12, 21)), home_area: Some("Dundee".into()) },
        )
        .unwrap();
    f.store.record_consent(&f.actor, soon.id, &consent(&[&hub], d(2026, 11, 16))).unwrap();
    let r = f.store.refer(&f.actor, soon.id, &referral(&hub, d(2026, 11, 16), true)).unwrap();
    let left = |f: &Fixture| -> Vec<Task> {
        f.store.liberation_plan(&f.actor, soon.id).unwrap().countdown.unwrap().tasks.iter().map(|t| t.task).collect()
    };
    assert_eq!(left(&f), [Task::Meeting]);
    // A declined referral is no referral.
    f.store.update_referral(&f.actor, r.referral.id, ReferralStep { status: ReferralStatus::Declined, on: d(2026, 11, 16) }).unwrap();
    assert_eq!(left(&f), [Task::Referral, Task::Meeting]);
    f.store.refer(&f.actor, soon.id, &referral(&hub, d(2026, 11, 16), false)).unwrap();
    let e = f
        .store
        .add_meeting(
            &f.actor,
            soon.id,
            &MeetingDetails { held_on: d(2026, 11, 17), kind: MeetingKind::BeforeLiberation, service_id: None, notes: None },
        )
        .unwrap_err();
    assert_eq!(e.to_string(), "date: 17/11/2026 is in the future; record a meeting once it has happened");
    f.store
        .add_meeting(
            &f.actor,
            soon.id,
            &MeetingDetails { held_on: d(2026, 11, 16), kind: MeetingKind::HomeLeave, service_id: Some(hub.id), notes: None },
        )
        .unwrap();
    assert_eq!(left(&f), Vec::<Task>::new());

    // Plans are for people in custody.
    let e = f.store.liberation_plan(&f.actor, staff.id).unwrap_err();
    assert_eq!(e.to_string(), "person: liberation plans are for people in custody, not for a member of staff");

    // Liberated: off the countdown, enrolments ended "liberated", on the follow-up list.
    let g = f.programme("Recovery College");
    f.store.enrol(&f.actor, g.id, passed.id, d(2026, 10, 5)).unwrap();
    f.store.liberate(&f.actor, passed.id, d(2026, 11, 14)).unwrap();
    let due = f.store.due_for_liberation(&f.actor, None).unwrap();
    assert!(due.iter().all(|l| l.participant.id != passed.id));
    let roster = f.store.enrolments_of_group(&f.actor, g.id).unwrap();
    assert_eq!(roster[0].enrolment.leaving_reason, Some(LeavingReason::Liberated));
    let follow = f.store.follow_up(&f.actor, Some(f.establishment.id)).unwrap();
    assert_eq!(follow.len(), 1);
    assert_eq!(follow[0].status, CustodyStatus::Liberated);
    assert_eq!(follow[0].outcome, Some(Outcome::Open { until: d(2026, 12, 5) }));
    // The expected date cannot move once the person has gone.
    let e = f
        .store
        .set_liberation_plan(&f.actor, passed.id, &PlanDetails { expected_liberation: Some(d(2026, 12, 1)), home_area: None })
        .unwrap_err();
    assert_eq!(e.to_string(), "expected liberation: the person is recorded as liberated");
}

#[test]
fn referral_steps_are_dated_in_order_and_the_outcome_follows_the_engaged_step() {
    let mut f = Fixture::new();
    let hub = service(&mut f, "Clyde Recovery Hub", "Glasgow");
    let p = expecting(&mut f, "1001", "Ciarán", d(2026, 11, 20));
    let r = f.store.refer(&f.actor, p.id, &referral(&hub, d(2026, 10, 20), false)).unwrap().referral.id;
    let step = |status, on| ReferralStep { status, on };
    f.store.update_referral(&f.actor, r, step(ReferralStatus::Accepted, d(2026, 10, 25))).unwrap();
    let before = f.snapshot();
    let e = f.store.update_referral(&f.actor, r, step(ReferralStatus::FirstContact, d(2026, 10, 24))).unwrap_err();
    assert_eq!(e.to_string(), "date: 24/10/2026 is before the last step (Accepted on 25/10/2026)");
    assert_eq!(f.snapshot(), before);
    f.store.liberate(&f.actor, p.id, d(2026, 11, 2)).unwrap();
    f.store.update_referral(&f.actor, r, step(ReferralStatus::FirstContact, d(2026, 11, 3))).unwrap();
    let line = f.store.update_referral(&f.actor, r, step(ReferralStatus::Engaged, d(2026, 11, 10))).unwrap();
    let statuses: Vec<ReferralStatus> = line.referral.steps.iter().map(|s| s.status).collect();
    assert_eq!(statuses, [ReferralStatus::Referred, ReferralStatus::Accepted, ReferralStatus::FirstContact, ReferralStatus::Engaged]);
    let plan = f.store.liberation_plan(&f.actor, p.id).unwrap();
    assert_eq!((plan.liberated_on, plan.outcome), (Some(d(2026, 11, 2)), Some(Outcome::Engaged { on: d(2026, 11, 10) })));
    assert!(plan.countdown.is_none(), "no countdown once liberated");
}

/// Continuity of care on a hand-made month: six people liberated in October 2026.
#[test]
fn continuity_of_care_counts_engagement_within_three_weeks_of_release_and_waits_for_open_windows() {
    let mut f = Fixture::new(); // today 16/11/2026
    let hub = service(&mut f, "Tay Recovery Hub", "Dundee");
    let step = |status, on| ReferralStep { status, on };
    // (number, referred on, liberated on, steps after referral)
    let cases: [(&str, Option<chrono::NaiveDate>, chrono::NaiveDate, Vec<ReferralStep>); 7] = [
        ("A", Some(d(2026, 9, 1)), d(2026, 10, 1), vec![step(ReferralStatus::Engaged, d(2026, 10, 6))]), // day 5
        ("B", Some(d(2026, 9, 1)), d(2026, 10, 1), vec![step(ReferralStatus::Engaged, d(2026, 10, 22))]), // day 21: counts
        ("C", Some(d(2026, 10, 2)), d(2026, 10, 3), vec![step(ReferralStatus::Engaged, d(2026, 10, 25))]), // day 22: too late
        ("D", Some(d(2026, 9, 15)), d(2026, 10, 10), vec![step(ReferralStatus::Declined, d(2026, 10, 12))]),
        ("E", None, d(2026, 10, 12), vec![]),                  // never referred
        ("F", Some(d(2026, 10, 20)), d(2026, 10, 31), vec![]), // three weeks run to 21/11
        ("G", Some(d(2026, 8, 1)), d(2026, 9, 15), vec![step(ReferralStatus::Engaged, d(2026, 9, 20))]), // September
    ];
    let mut f_referral = None;
    for (i, (name, referred, liberated, steps)) in cases.iter().enumerate() {
        let p = f.prisoner(&format!("20{i}"), "Person", name);
        if let Some(on) = referred {
            let r = f.store.refer(&f.actor, p.id, &referral(&hub, *on, false)).unwrap().referral.id;
            for s in steps.iter().filter(|s| s.on <= *liberated) {
                f.store.update_referral(&f.actor, r, *s).unwrap();
            }
            f.store.liberate(&f.actor, p.id, *liberated).unwrap();
            for s in steps.iter().filter(|s| s.on > *liberated) {
                f.store.update_referral(&f.actor, r, *s).unwrap();
            }
            if *name == "F" {
                f_referral = Some(r);
            }
        } else {
            f.store.liberate(&f.actor, p.id, *liberated).unwrap();
        }
    }
    let october = |f: &Fixture| f.store.monthly_report(&f.actor, &[], Month::parse("month", "2026-10").unwrap()).unwrap();
    let r = october(&f);
    let l = r.liberation;
    assert_eq!((l.liberations, l.liberated_with_referral, l.referrals_made), (6, 5, 2));
    let c = l.continuity;
    assert_eq!((c.liberated, c.engaged, c.not_engaged, c.still_open), (6, 2, 3, 1));
    assert_eq!(c.rate(), Some(rust_decimal::Decimal::new(4, 1)), "2 of the 5 whose three weeks are over");
    let p = r.previous_liberation;
    assert_eq!((p.liberations, p.referrals_made, p.continuity.engaged), (1, 3, 1));

    // The CSV's totals row carries them; suppressed, the small counts and the rate go.
    let last_cells = |disclosure| {
        let csv = String::from_utf8(monthly_csv(&r, disclosure).unwrap()).unwrap();
        let total = csv.lines().last().unwrap().to_string();
        // The seven liberation columns come before the twelve of waiting times, recovery capital
        // and peers, which end the row.
        total.split(',').rev().skip(12).take(7).map(str::to_string).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>()
    };
    assert_eq!(last_cells(Disclosure::default()), ["6", "5", "2", "2", "3", "1", "40"]);
    assert_eq!(last_cells(Disclosure { suppress_small: true }), ["6", "5", "<5", "<5", "<5", "<5", ""]);

    // A week later F's three weeks are over without engagement...
    f.store.set_today(d(2026, 11, 23));
    let c = october(&f).liberation.continuity;
    assert_eq!((c.engaged, c.not_engaged, c.still_open), (2, 4, 0));
    // ...unless F engaged on the 21st day, recorded late.
    f.store.update_referral(&f.actor, f_referral.unwrap(), step(ReferralStatus::Engaged, d(2026, 11, 21))).unwrap();
    let c = october(&f).liberation.continuity;
    assert_eq!((c.engaged, c.not_engaged, c.still_open), (3, 3, 0));
}

#[test]
fn services_are_matched_on_name_and_area_whatever_the_case_and_accents() {
    let mut f = Fixture::new();
    let cafe = service(&mut f, "Seagate Recovery Café", "Dundee");
    let details = |name: &str, area: &str| ServiceDetails {
        name: name.into(),
        kind: Some(ServiceKind::RecoveryCafe),
        area: area.into(),
        active: true,
        ..Default::default()
    };
    let e = f.store.add_service(&f.actor, &details("SEAGATE recovery cafe", "dundee")).unwrap_err();
    assert_eq!(e.to_string(), "name: 'Seagate Recovery Café' in Dundee is already in the directory");
    // The same name elsewhere is another service.
    f.store.add_service(&f.actor, &details("Seagate Recovery Café", "Perth and Kinross")).unwrap();
    for (bad, expected) in [
        (
            ServiceDetails { kind: None, ..details("X", "Fife") },
            "kind: is not chosen; one of: recovery_hub, lived_experience, recovery_cafe, mutual_aid, residential_rehab, other",
        ),
        (ServiceDetails { phone: Some("call =1+1".into()), ..details("X", "Fife") }, "phone: contains 'c'; use digits, spaces, + ( ) -"),
        (
            ServiceDetails { email: Some("hello.example.org".into()), ..details("X", "Fife") },
            "email: 'hello.example.org' is not an email address",
        ),
        (details("X", " "), "area: is empty"),
        (details(&"x".repeat(121), "Fife"), "name: is longer than 120 characters"),
    ] {
        assert_eq!(f.store.add_service(&f.actor, &bad).unwrap_err().to_string(), expected);
    }
    // No longer running: kept, but not offered, and no new referrals to it.
    f.store.edit_service(&f.actor, cafe.id, &ServiceDetails { active: false, ..details("Seagate Recovery Café", "Dundee") }).unwrap();
    assert_eq!(f.store.services(&f.actor, Some("DUNDEE"), false).unwrap().len(), 0);
    assert_eq!(f.store.services(&f.actor, Some("Dundee"), true).unwrap().len(), 1);
    let p = expecting(&mut f, "1001", "Eóin", d(2026, 12, 1));
    let e = f.store.refer(&f.actor, p.id, &referral(&cafe, d(2026, 11, 16), false)).unwrap_err();
    assert_eq!(e.to_string(), "service: 'Seagate Recovery Café' is marked as no longer running");
}

#[test]
fn a_services_spreadsheet_imports_whole_or_not_at_all_with_every_problem_by_row_and_column() {
    let mut f = Fixture::new();
    service(&mut f, "Tay Recovery Hub", "Dundee");
    // Excel's "CSV UTF-8" with ';' between fields, a quoted line break, a kind by its label, a
    // row updating the hub (matched without accents or case), and a blank row.
    let good = "\u{feff}Name;Kind;Area;Address;Phone;Meeting times\r\n\
                tay recovery hub;Recovery hub;DUNDEE;12 Seagate;0131 496 0101;Drop-in weekdays\r\n\
                Leith Recovery Community;lived_experience;Edinburgh;\"8 Duke Street\nEdinburgh EH6 8HG\";;\"Mondays 2–4pm\"\r\n\
                ;;;;;\r\n\
                Kingdom Café;Recovery café;Fife;;;\r\n";
    let before = f.snapshot();
    let dry = import_services(&mut f, good.as_bytes(), false).unwrap();
    assert_eq!((dry.added, dry.updated, dry.unchanged, dry.saved), (2, 1, 0, false));
    assert!(dry.problems.is_empty(), "{:?}", dry.problems);
    assert_eq!(f.snapshot(), before, "a preview saves nothing");
    let done = import_services(&mut f, good.as_bytes(), true).unwrap();
    assert!(done.saved);
    let all = f.store.services(&f.actor, None, true).unwrap();
    let names: Vec<&str> = all.iter().map(|s| s.name.as_str()).collect();
    // By area: the row matching the hub updated it (its name and area as the file has them).
    assert_eq!(names, ["tay recovery hub", "Leith Recovery Community", "Kingdom Café"]);
    assert_eq!(all[1].address.as_deref(), Some("8 Duke Street\nEdinburgh EH6 8HG"));
    // The same file again changes nothing.
    let again = import_services(&mut f, good.as_bytes(), true).unwrap();
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 3));

    // A file with problems: every one listed, nothing saved.
    let bad = "name,kind,area,email\n\
               Kingdom Recovery Café,recovery_cafe,Fife,hello@kingdom.example.org\n\
               ,recovery_hub,Fife,\n\
               Fife Hub,hub,Fife,\n\
               Kingdom recovery cafe,recovery_cafe,fife,\n\
               Glen Café,recovery_cafe,,not-an-address\n\
               \"=HYPERLINK(\"\"x\"\")\",recovery_cafe,Fife,\n\
               Glen Hub,recovery_hub,Perth,#N/A\n";
    let before = f.snapshot();
    let report = import_services(&mut f, bad.as_bytes(), true).unwrap();
    assert!(!report.saved);
    let problems: Vec<(u32, &str)> = report.problems.iter().map(|p| (p.row, p.column.as_str())).collect();
    assert_eq!(
        problems,
        [
            (3, "'name' (A)"),
            (4, "'kind' (B)"),
            (5, "'name' (A)"),
            (6, "'area' (C)"),
            (6, "'email' (D)"),
            (7, "'name' (A)"),
            (8, "'email' (D)")
        ],
        "every problem of a row, by row and column"
    );
    assert_eq!(report.problems[2].problem, "'Kingdom recovery cafe' in fife is also on row 2");
    // A formula or a spreadsheet error is refused, not stored to come back out of an export live.
    assert_eq!(
        report.problems[5].problem,
        "'=HYPERLINK(\"x\")' is a spreadsheet formula; save the sheet with values only (Paste Special, Values)"
    );
    assert_eq!(report.problems[6].problem, "is a spreadsheet error (#N/A); correct the sheet");
    assert_eq!(f.snapshot(), before);
    // Not UTF-8: the whole file is refused, saying why. No column for a needed field: the
    // preview names it, and nothing can be imported until a column is chosen for it.
    let e = import_services(&mut f, b"name,kind,area\nCaf\xe9,recovery_cafe,Fife\n", true).unwrap_err();
    assert_eq!(e.to_string(), "file: is not UTF-8 text (line 2); save it from the spreadsheet as 'CSV UTF-8'");
    let unnamed = import_services(&mut f, b"title,kind,area\nTay Hub,recovery_hub,Dundee\n", true).unwrap();
    assert_eq!((unnamed.missing.as_slice(), unnamed.saved), (["Service name".to_string()].as_slice(), false));
    let mapping = vec![Some("name".to_string()), Some("kind".into()), Some("area".into())];
    let mapped =
        f.store.import_sheet(&f.actor, None, ImportKind::Services, b"title,kind,area\nTay Hub,recovery_hub,Dundee\n", Some(&mapping), true);
    assert_eq!(mapped.unwrap().added, 1, "a column chosen by hand");
    let remembered = import_services(&mut f, b"title,kind,area\nTay Hub,recovery_hub,Dundee\n", false).unwrap();
    assert_eq!((remembered.missing.len(), remembered.unchanged), (0, 1), "the choice is remembered for the next file");
}

#[test]
fn a_services_import_keeps_what_the_file_leaves_out_and_is_audited_by_counts() {
    let mut f = Fixture::new();
    let hub = service(&mut f, "Tay Recovery Hub", "Dundee");
    let running = ServiceDetails {
        name: hub.name.clone(),
        kind: Some(hub.kind),
        area: hub.area.clone(),
        phone: hub.phone.clone(),
        meeting_times: hub.meeting_times.clone(),
        active: false,
        ..Default::default()
    };
    f.store.edit_service(&f.actor, hub.id, &running).unwrap();
    // No phone or meeting-times column: the hub keeps both; "no longer running" is a person's
    // call, which a file sent round again does not undo.
    let file = "Service name,Kind of service,Area,Email\nTay Recovery Hub,Recovery hub,Dundee,tay@hub.example.org\n";
    let preview = import_services(&mut f, file.as_bytes(), false).unwrap();
    assert_eq!(preview.changes.len(), 1);
    assert_eq!(preview.changes[0].changes, ["Email: (blank) → tay@hub.example.org"]);
    import_services(&mut f, file.as_bytes(), true).unwrap();
    let held = f.store.service(&f.actor, hub.id).unwrap();
    assert_eq!(
        (held.phone.as_deref(), held.meeting_times.as_deref(), held.email.as_deref(), held.active),
        (Some("0131 496 0101"), Some("Tuesdays 7–8.30pm"), Some("tay@hub.example.org"), false)
    );
    let audit = f.store.audit_trail(&f.actor, &Default::default()).unwrap();
    let last = &audit[0];
    assert_eq!(
        (last.action, last.detail.as_deref()),
        (recovery_register::store::Action::ImportSheet, Some("services: 1 rows, 0 added, 1 updated"))
    );
    // Every other kind belongs to an establishment, and says so.
    let e = f.store.import_sheet(&f.actor, None, ImportKind::People, b"given name,family name\nA,B\n", None, true).unwrap_err();
    assert_eq!(e.to_string(), "establishment: is not chosen: people belong to one establishment");
}

#[test]
fn a_services_workbook_imports_like_a_csv() {
    let mut f = Fixture::new();
    let bytes = std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import/services.xlsx")).unwrap();
    let done = import_services(&mut f, &bytes, true).unwrap();
    assert!(done.problems.is_empty(), "{:?}", done.problems);
    assert_eq!((done.added, done.updated, done.unchanged, done.saved), (3, 0, 0, true));
    let all = f.store.services(&f.actor, None, true).unwrap();
    let got: Vec<(&str, ServiceKind, &str, Option<&str>)> =
        all.iter().map(|s| (s.name.as_str(), s.kind, s.area.as_str(), s.phone.as_deref())).collect();
    assert_eq!(
        got,
        [
            ("Tay Recovery Hub", ServiceKind::RecoveryHub, "Dundee", Some("01382 496 010")),
            ("Kingdom Recovery Café", ServiceKind::RecoveryCafe, "Fife", None),
            ("Perth Lived Experience Network", ServiceKind::LivedExperience, "Perth and Kinross", Some("01738 496 020")),
        ]
    );
}

#[test]
fn the_passport_lists_groups_awards_and_services_and_names_the_prison_only_when_asked() {
    let mut f = Fixture::new();
    let hub = service(&mut f, "Tay Recovery Hub", "Dundee");
    let declined = service(&mut f, "Dundee Lived Experience Network", "Dundee");
    let p = expecting(&mut f, "1001", "Łukasz", d(2026, 12, 14));
    f.store
        .set_liberation_plan(&f.actor, p.id, &PlanDetails { expected_liberation: Some(d(2026, 12, 14)), home_area: Some("Dundee".into()) })
        .unwrap();
    // Two SMART groups in different halls read as one line when the prison is not named.
    let mut attended = Vec::new();
    for (name, kind) in [("SMART Recovery (Halls A–B)", GroupKind::SmartRecovery), ("SMART Recovery (Halls C–D)", GroupKind::SmartRecovery)]
    {
        let g = f
            .store
            .add_group(
                &f.actor,
                f.establishment.id,
                &GroupDetails { name: name.into(), kind, planned_sessions: None, completion: None, ..programme_details(name) },
            )
            .unwrap();
        f.store.enrol(&f.actor, g.id, p.id, d(2026, 10, 1)).unwrap();
        let s = f.store.add_session(&f.actor, g.id, d(2026, 10, 5), None).unwrap();
        f.store.take_register(&f.actor, s.id, &[Mark::present(p.id)]).unwrap();
        attended.push(g);
    }
    f.store.refer(&f.actor, p.id, &referral(&hub, d(2026, 11, 2), false)).unwrap();
    let r = f.store.refer(&f.actor, p.id, &referral(&declined, d(2026, 11, 2), false)).unwrap();
    f.store.update_referral(&f.actor, r.referral.id, ReferralStep { status: ReferralStatus::Declined, on: d(2026, 11, 3) }).unwrap();

    let hidden = f.store.passport(&f.actor, p.id, false).unwrap();
    assert_eq!(hidden.name, "Łukasz Ó Súilleabháin");
    assert_eq!(hidden.establishment, None);
    let groups: Vec<(&str, u32)> = hidden.groups.iter().map(|g| (g.name.as_str(), g.sessions_attended)).collect();
    assert_eq!(groups, [("SMART Recovery", 2)], "hall names stay inside");
    let services: Vec<&str> = hidden.services.iter().map(|s| s.service.name.as_str()).collect();
    assert_eq!(services, ["Tay Recovery Hub"], "a service that declined is not offered");
    let named = f.store.passport(&f.actor, p.id, true).unwrap();
    assert_eq!(named.establishment.as_deref(), Some("HMP Perth"));
    assert_eq!(named.groups.len(), 2);

    // The PDF reads back with the person's name, the service's phone and meeting times, and no prison.
    let pdf = f.dir.path().join("passport.pdf");
    std::fs::write(&pdf, recovery_register::pdf::passport_pdf(&hidden)).unwrap();
    let (ok, text) = pdf::run("pdftotext", &["-q", "-enc", "UTF-8", pdf.to_str().unwrap(), "-"]);
    assert!(ok, "{text}");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in ["Łukasz Ó Súilleabháin", "Tay Recovery Hub", "0131 496 0101", "Tuesdays 7–8.30pm", "SMART Recovery"] {
        assert!(flat.contains(expected), "{expected} missing from:\n{flat}");
    }
    for absent in ["HMP", "Perth", "Halls", "1001"] {
        assert!(!flat.contains(absent), "{absent} printed on a passport that does not name the prison:\n{flat}");
    }
}

use crate::support::pdf;
