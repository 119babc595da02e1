//! One-off events: added with their one session, no roster or schedule; people found or added
//! at their register and the rest counted; on Today's list, in the person's record and in a
//! section of the monthly return of their own, never in the groups' figures.

use crate::support::{d, pdf, Fixture};
use chrono::NaiveTime;
use recovery_register::documents::{Document, Format};
use recovery_register::model::*;
use recovery_register::reports::csv::{monthly_csv, Disclosure};
use recovery_register::reports::Month;
use recovery_register::store::{Action, AuditFilter};

fn walk(title: &str, on: chrono::NaiveDate) -> EventDetails {
    EventDetails {
        kind: EventKind::RecoveryWalk,
        title: title.into(),
        held_on: on,
        start_time: NaiveTime::from_hms_opt(10, 30, 0).unwrap(),
        place: Some("  Sports field ".into()),
    }
}

#[test]
fn an_event_has_one_session_no_roster_and_stays_out_of_the_groups() {
    let mut f = Fixture::new();
    let (a, est) = (f.actor, f.establishment.id);
    let ann = f.prisoner("300001", "Ann", "Able");
    let event = f.store.add_event(&a, est, &walk("Recovery walk to Kinnoull Hill", d(2026, 11, 7))).unwrap();
    assert_eq!(event.details.place.as_deref(), Some("Sports field"));
    let newest = f.store.audit_trail(&a, &AuditFilter::default()).unwrap().remove(0);
    assert_eq!((newest.action, newest.detail.as_deref()), (Action::AddEvent, Some("event: recovery_walk")));

    // Listed with the week's sessions as an event; not among the groups.
    let week = f.store.sessions(&a, None, Some(est), d(2026, 11, 2), d(2026, 11, 8)).unwrap();
    assert_eq!(
        week.iter().map(|s| (s.group_name.as_str(), s.event)).collect::<Vec<_>>(),
        [("Recovery walk to Kinnoull Hill, 07/11/2026", Some(EventKind::RecoveryWalk))]
    );
    assert!(f.store.groups(&a, Some(est)).unwrap().is_empty());
    let listed = f.store.events(&a, est, d(2026, 11, 1), d(2026, 11, 30)).unwrap();
    assert_eq!(listed, std::slice::from_ref(&event));

    // A one-off: no roster, no second session, no schedule to edit.
    let before = f.snapshot();
    for (what, e) in [
        ("enrol", f.store.enrol(&a, event.group_id, ann.id, d(2026, 11, 7)).unwrap_err()),
        ("session", f.store.add_session(&a, event.group_id, d(2026, 11, 7), NaiveTime::from_hms_opt(15, 0, 0)).unwrap_err()),
        ("edit", f.store.edit_group(&a, event.group_id, &crate::support::programme_details("Recovery walk to Kinnoull Hill")).unwrap_err()),
    ] {
        assert!(e.to_string().starts_with("group: 'Recovery walk to Kinnoull Hill, 07/11/2026' is a one-off event: "), "{what}: {e}");
    }
    assert_eq!(f.snapshot(), before, "nothing written by a refused act");

    // A title may repeat (a family day every summer); an empty one is the kind's; bad input is
    // refused by field.
    let again = f.store.add_event(&a, est, &walk("Recovery walk to Kinnoull Hill", d(2026, 11, 21))).unwrap();
    assert_ne!(again.group_id, event.group_id);
    let twice = f.store.add_event(&a, est, &walk("recovery walk to kinnoull hill", d(2026, 11, 7))).unwrap_err();
    assert_eq!(twice.to_string(), "title: there is already an event or group called 'recovery walk to kinnoull hill, 07/11/2026'");
    let untitled = f.store.add_event(&a, est, &EventDetails { kind: EventKind::FamilyDay, ..walk("  ", d(2026, 11, 28)) }).unwrap();
    assert_eq!(untitled.details.title, "Family day");
    let long = "Ł".repeat(67);
    assert_eq!(f.store.add_event(&a, est, &walk(&long, d(2026, 11, 7))).unwrap_err().to_string().split(':').next(), Some("title"));
    let far = EventDetails { place: Some("x".repeat(61)), ..walk("Walk", d(2026, 11, 7)) };
    assert_eq!(f.store.add_event(&a, est, &far).unwrap_err().to_string().split(':').next(), Some("place"));
    // A group may share an event's title, not its name.
    f.store.add_group(&a, est, &crate::support::programme_details("Family day")).unwrap();
    let clash = f.store.add_group(&a, est, &crate::support::programme_details("Family day, 28/11/2026")).unwrap_err();
    assert_eq!(clash.to_string(), "group name: 'Family day, 28/11/2026' is already a group at this establishment");
}

#[test]
fn people_at_an_event_are_found_or_added_and_counted_in_its_own_section_of_the_return() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = Fixture::new();
    let (a, est) = (f.actor, f.establishment.id);
    let siobhan = f.prisoner("300001", "Siobhán", "Ó Súilleabháin");
    let lukasz = f.prisoner("300002", "Łukasz", "Żółć");
    // A group's session in the same month, with known figures: 1 expected, 1 present.
    let smart = f.programme("SMART Recovery");
    f.store.enrol(&a, smart.id, lukasz.id, d(2026, 10, 1)).unwrap();
    let monday = f.store.add_session(&a, smart.id, d(2026, 11, 9), None).unwrap();
    f.store.take_register(&a, monday.id, &[Mark::present(lukasz.id)]).unwrap();
    let groups_only = f.store.monthly_report(&a, &[est], Month { year: 2026, month: 11 }).unwrap();

    let walk_event = f.store.add_event(&a, est, &walk("Recovery walk to Kinnoull Hill", d(2026, 11, 7))).unwrap();
    let family = f
        .store
        .add_event(
            &a,
            est,
            &EventDetails { kind: EventKind::FamilyDay, place: Some("Visits Hall".into()), ..walk("Family day", d(2026, 11, 14)) },
        )
        .unwrap();
    let cancelled = f.store.add_event(&a, est, &walk("Walk in the rain", d(2026, 11, 12))).unwrap();
    f.store.cancel_session(&a, cancelled.session_id, CancellationReason::Lockdown, None).unwrap();

    // At the walk: two found, one new (a volunteer, no number), 14 others, 3 visitors.
    f.store.add_drop_in(&a, walk_event.session_id, siobhan.id, MarkKind::Present).unwrap();
    f.store.add_drop_in(&a, walk_event.session_id, lukasz.id, MarkKind::Late).unwrap();
    let volunteer = ParticipantDetails {
        kind: ParticipantKind::Volunteer,
        prison_number: None,
        ..crate::support::prisoner_details("", "Văn An", "Nguyễn")
    };
    let new = f.store.add_new_drop_in(&a, walk_event.session_id, &volunteer, MarkKind::Present).unwrap();
    let headcount = Headcount { others_present: 14, visitors: 3, visitors_from: Some("Perth Recovery Café".into()) };
    f.store.record_headcount(&a, walk_event.session_id, &headcount).unwrap();
    // At the family day: Siobhán again, and 40 family members as visitors.
    f.store.add_drop_in(&a, family.session_id, siobhan.id, MarkKind::Present).unwrap();
    f.store.record_headcount(&a, family.session_id, &Headcount { others_present: 0, visitors: 40, visitors_from: None }).unwrap();

    let register = f.store.register(&a, walk_event.session_id).unwrap();
    assert_eq!(register.event, Some(EventKind::RecoveryWalk));
    assert_eq!(register.session.status, SessionStatus::Held);
    assert!(register.lines.len() == 3 && register.lines.iter().all(|l| l.drop_in), "{:?}", register.lines);

    // The person's page lists the events they came to, newest first.
    let page = f.store.participant_page(&a, siobhan.id).unwrap();
    assert_eq!(page.events.iter().map(|e| e.details.title.as_str()).collect::<Vec<_>>(), ["Family day", "Recovery walk to Kinnoull Hill"]);
    assert!(page.attendance.is_empty(), "an event is not a group the person attends");
    assert_eq!(f.store.participant_page(&a, new.participant.id).unwrap().events.len(), 1);

    // The return: the groups' figures as they were without the events; the events apart.
    let november = f.store.monthly_report(&a, &[est], Month { year: 2026, month: 11 }).unwrap();
    assert_eq!(november.totals, groups_only.totals);
    assert_eq!(november.groups, groups_only.groups);
    assert_eq!(november.weeks, groups_only.weeks);
    let rows: Vec<(&str, SessionStatus, u32, u32, u32)> =
        november.events.iter().map(|e| (e.title.as_str(), e.status, e.named, e.unnamed, e.visitors)).collect();
    assert_eq!(
        rows,
        [
            ("Recovery walk to Kinnoull Hill", SessionStatus::Held, 3, 14, 3),
            ("Walk in the rain", SessionStatus::Cancelled, 0, 0, 0),
            ("Family day", SessionStatus::Held, 1, 0, 40),
        ]
    );
    let t = november.event_totals();
    // Worked by hand: 2 held events; named 3 + 1; unnamed 14; visitors 3 + 40; 3 different people.
    assert_eq!((t.events, t.named, t.unnamed, t.visitors, november.event_people), (2, 4, 14, 43, 3));

    let csv = String::from_utf8(monthly_csv(&november, Disclosure::default()).unwrap()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    let all_groups = lines.iter().position(|l| l.contains(",All groups,")).unwrap();
    assert_eq!(
        lines[all_groups + 1].split(',').take(12).collect::<Vec<_>>(),
        ["HMP Perth", "Recovery walk to Kinnoull Hill", "Event: Recovery walk", "1", "1", "0", "0", "3", "3", "14", "3", "3"]
    );
    let all_events: Vec<&str> = lines.last().unwrap().split(',').collect();
    assert_eq!(all_events[..12], ["HMP Perth", "All events", "", "3", "2", "1", "0", "4", "4", "14", "43", "3"]);

    // The walk's paper register: its three people, then blank rows enough for a crowd.
    let sheet = dir.path().join("walk.pdf");
    f.store.export(&a, &Document::RegisterSheet { session: walk_event.session_id }, Format::Pdf, &sheet).unwrap();
    let text = pdf::text_of(&sheet);
    let rows: Vec<&str> = text.lines().map(str::trim).collect();
    let last = 3 + recovery_register::pdf::register_sheet::EVENT_BLANK_ROWS;
    assert!(rows.contains(&last.to_string().as_str()) && !rows.contains(&(last + 1).to_string().as_str()), "{text}");
    assert!(text.contains("Event") && text.contains("Recovery walk to Kinnoull Hill, 07/11/2026") && !text.contains("roster"), "{text}");

    let path = dir.path().join("november.pdf");
    f.store
        .export(
            &a,
            &Document::MonthlyReturn {
                establishments: vec![est],
                month: Month { year: 2026, month: 11 },
                disclosure: Disclosure::default(),
            },
            Format::Pdf,
            &path,
        )
        .unwrap();
    assert!(pdf::qpdf_passes(&path));
    let text = pdf::text_of(&path);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for words in [
        "Events",
        "Recovery walk to Kinnoull Hill",
        "Walk in the rain (cancelled)",
        "Family day",
        "Visits Hall",
        "2 events; 3 different people named",
    ] {
        assert!(flat.contains(words), "{words:?} missing:\n{text}");
    }
}
