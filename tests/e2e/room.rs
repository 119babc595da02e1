//! End-to-end: the room as it is, in the real app. Yesterday's evening AA meeting, not keyed in
//! last night, is on Today under "Still to record" and is taken from there. Then today's café:
//! two people on the roster marked from the keyboard, a drop-in found by name, a new person
//! added at the register, and a headcount of 6 others and 2 visitors. Saturday's recovery walk,
//! added from Today as an event. The day's unlock lists and the week's sheets, printed from
//! Today and read back with pdftotext. All of it from the keyboard. The monthly figures the core
//! then works out are checked against the room, worked by hand.

use crate::harness::{look, prisoner, App, Result, ADMIN, ADMIN_PASSWORD};
use std::path::Path;

fn pdftotext(pdf: &Path) -> Result<String> {
    let out = std::process::Command::new("pdftotext").args(["-layout", "-enc", "UTF-8"]).arg(pdf).arg("-").output()?;
    Ok(String::from_utf8(out.stdout)?)
}
use chrono::{NaiveDate, NaiveTime, Weekday};
use fantoccini::key::Key;
use recovery_register::model::*;

fn group(name: &str, kind: GroupKind, weekday: Weekday, at: (u32, u32)) -> GroupDetails {
    GroupDetails {
        name: name.into(),
        kind,
        location: Some("Recovery café".into()),
        starts_on: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
        ends_on: None,
        start_time: NaiveTime::from_hms_opt(at.0, at.1, 0).unwrap(),
        duration_minutes: 90,
        schedule: Some(Schedule { weekday, every_weeks: 1 }),
        planned_sessions: None,
        completion: None,
        facilitators: vec![],
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cafe_with_drop_ins_and_a_headcount_and_last_nights_meeting_keyed_in_this_morning() -> Result {
    let data = tempfile::tempdir()?;
    let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let (cafe_session, aa_session, ca_session, sean_id) = {
        let (mut store, admin) = crate::harness::set_up_database(data.path())?;
        let est = store.add_establishment(&admin, &NewEstablishment { code: "per".into(), name: "HMP Perth".into() })?;
        let [anna, tam, sean] = [
            prisoner("200001", "Anna", "Reid", "B Hall"),
            prisoner("200002", "Tam", "Reid", "B Hall"),
            prisoner("200003", "Seán", "Ó Súilleabháin", "B Hall"),
        ]
        .map(|p| store.add_participant(&admin, est.id, &p).unwrap());
        store.add_participant(&admin, est.id, &prisoner("200004", "Aoife", "Byrne", "B Hall"))?;
        let cafe = store.add_group(&admin, est.id, &group("Recovery Café", GroupKind::RecoveryCafe, Weekday::Mon, (10, 0)))?;
        let aa = store.add_group(&admin, est.id, &group("AA evening meeting", GroupKind::Aa, Weekday::Sun, (19, 0)))?;
        store.enrol_many(&admin, cafe.id, &[anna.id, tam.id], day(2))?;
        store.enrol(&admin, aa.id, sean.id, day(2))?;
        // Thursday's CA meeting was planned while Des was cleared; his clearance turned out to
        // have been withdrawn from that very day.
        let des = store.add_facilitator(
            &admin,
            &NewFacilitator { name: "Des O'B. (CA)".into(), kind: FacilitatorKind::Volunteer, organisation: Some("CA".into()) },
        )?;
        let clearance = ClearanceDetails {
            kind: ClearanceKind::StandardPlusCompleted,
            status: ClearanceStatus::Granted,
            applied_on: None,
            granted_on: Some(NaiveDate::from_ymd_opt(2025, 11, 13).unwrap()),
            expires_on: Some(day(12)),
            reference: Some("SP-9".into()),
            notes: None,
        };
        let c = store.add_clearance(&admin, des.id, est.id, &clearance)?;
        let ca = store.add_group(
            &admin,
            est.id,
            &GroupDetails { facilitators: vec![des.id], ..group("CA meeting", GroupKind::Ca, Weekday::Thu, (18, 30)) },
        )?;
        store.enrol(&admin, ca.id, sean.id, day(2))?;
        let ca_session = store.add_session(&admin, ca.id, day(12), None)?;
        store.edit_clearance(&admin, c.id, &ClearanceDetails { expires_on: Some(day(11)), ..clearance })?;
        (store.add_session(&admin, cafe.id, day(16), None)?, store.add_session(&admin, aa.id, day(15), None)?, ca_session, sean.id)
    };
    let exports = data.path().join("exports");
    std::fs::create_dir_all(&exports)?;
    let mut app = App::launch_with(data.path(), &[("RECOVERY_REGISTER_EXPORT_DIR", exports.clone())]).await?;
    app.log_in(ADMIN, ADMIN_PASSWORD).await?;

    // Last night's meeting is still to record; its register is taken from there.
    app.wait_for_count("[data-testid=still-to-record-session]", 2).await?;
    let still = app.wait_for_text("[data-testid=still-to-record-session]", "15/11/2026").await?;
    look(&app, "t01-still-to-record").await?;
    still.find(fantoccini::Locator::Css("[data-testid=still-open-register]")).await?.send_keys(&char::from(Key::Enter).to_string()).await?;
    app.wait_for_count("[data-testid=register-row]", 1).await?;
    app.keys("p").await?;
    // A short note on Seán's mark, from the keyboard.
    app.chord(Key::Shift, 'N').await?;
    app.wait_for_count("[data-testid=note-dialog]", 1).await?;
    app.type_into("note-text", "Spoke for the first time").await?;
    app.keys(&char::from(Key::Enter).to_string()).await?;
    app.wait_for_text("[data-testid=mark-note]", "Spoke for the first time").await?;
    app.chord(fantoccini::key::Key::Control, 's').await?;
    app.wait_for_text("[data-testid=saved-status]", "Saved at").await?;
    app.press("nav-today", Key::Enter).await?;
    app.wait_for_text("[data-testid=week-session]", "16/11/2026").await?;
    let left = app.wait_for_count("[data-testid=still-to-record-session]", 1).await?;
    assert!(left[0].text().await?.contains("CA meeting"), "only Thursday's CA meeting is left to record");

    // Today's café: the two on the roster from the keyboard.
    app.go(&format!("#/sessions/{}/register", cafe_session.id)).await?;
    app.wait_for_count("[data-testid=register-row]", 2).await?;
    app.keys("pp").await?;
    // A drop-in found by name, then someone new added at the register.
    // From the search field, Tab reaches the person found and Enter adds them.
    let (tab, enter) = (char::from(Key::Tab).to_string(), char::from(Key::Enter).to_string());
    app.type_into("drop-in-find", "Byrne").await?;
    app.wait_for_text("[data-testid=drop-in-results]", "Aoife Byrne").await?;
    app.keys(&tab).await?;
    app.keys(&enter).await?;
    app.wait_for_count("[data-testid=register-row]", 3).await?;
    app.press("drop-in-new", Key::Enter).await?;
    app.type_into("drop-in-given", "Văn An").await?;
    app.type_into("drop-in-family", "Nguyễn").await?;
    app.type_into("drop-in-number", "200005").await?;
    app.keys(&enter).await?; // Enter in the form adds them
    app.wait_for_count("[data-testid=register-row]", 4).await?;
    app.wait_for_count("[data-testid=drop-in-badge]", 2).await?;
    // The roster's two marks were not saved yet, and are still on screen after the drop-ins.
    app.wait_for_text("[data-testid=unsaved-status]", "2 unsaved changes").await?;
    app.chord(fantoccini::key::Key::Control, 's').await?;
    app.wait_for_text("[data-testid=saved-status]", "everyone marked").await?;
    // The people nobody names.
    app.type_into("headcount-others", "6").await?;
    app.type_into("headcount-visitors", "2").await?;
    app.type_into("headcount-from", "Alcoholics Anonymous").await?;
    app.keys(&enter).await?;
    app.wait_for_text("[data-testid=headcount-done]", "6 others present, 2 visitors").await?;
    app.scroll_to("drop-ins").await?;
    look(&app, "t02-register-drop-ins").await?;

    // An's family name comes first: the name as printed on his certificates, from his page.
    let an = {
        let (store, admin) = crate::harness::open_database(data.path())?;
        store.find_participants(&admin, "200005", None, 1)?.remove(0)
    };
    app.go(&format!("#/people/{}", an.id)).await?;
    app.press("edit-person", Key::Enter).await?;
    app.type_into("edit-person-printed-name", "Nguyễn Văn An").await?;
    app.keys(&enter).await?;
    app.wait_for_text("[data-testid=person-printed-name]", "Nguyễn Văn An").await?;
    look(&app, "t08-name-as-printed").await?;

    // Saturday's recovery walk, added from Today: Seán found by name, 14 others, 3 visitors.
    app.press("nav-today", Key::Enter).await?;
    app.press("event-add", Key::Enter).await?;
    app.type_into("event-title", "Recovery walk to Kinnoull Hill").await?;
    app.type_into("event-date", "14/11/2026").await?;
    app.type_into("event-place", "Sports field").await?;
    look(&app, "t03-add-event").await?;
    app.keys(&enter).await?;
    app.wait_for_text("[data-testid=event-empty]", "An event has no roster").await?;
    app.type_into("drop-in-find", "Súilleabháin").await?;
    app.wait_for_text("[data-testid=drop-in-results]", "Seán Ó Súilleabháin").await?;
    app.keys(&tab).await?;
    app.keys(&enter).await?;
    app.wait_for_count("[data-testid=register-row]", 1).await?;
    app.type_into("headcount-others", "14").await?;
    app.type_into("headcount-visitors", "3").await?;
    app.keys(&enter).await?;
    app.wait_for_text("[data-testid=headcount-done]", "14 others present, 3 visitors").await?;
    look(&app, "t04-event-register").await?;
    // The walk is on Seán's page.
    app.go(&format!("#/people/{sean_id}")).await?;
    app.wait_for_text("[data-testid=person-events]", "Recovery walk to Kinnoull Hill").await?;
    look(&app, "t05-person-events").await?;

    // Thursday's CA meeting did take place, with Des: the register says so as it opens; it is
    // recorded after confirming, with a reason, and then taken as usual.
    app.go(&format!("#/sessions/{}/register", ca_session.id)).await?;
    app.wait_for_text("[data-testid=register-clearance]", "Des O'B. (CA) is not cleared").await?;
    app.press("held-uncleared-open", Key::Enter).await?;
    app.wait_for_count("[data-testid=held-uncleared-form]", 1).await?;
    app.keys(" ").await?; // the confirmation box has the focus
    app.type_into("held-uncleared-reason", "Officer Grant in the room throughout").await?;
    app.press("held-uncleared-save", Key::Enter).await?;
    app.wait_for_text("[data-testid=register-held-uncleared]", "Officer Grant in the room throughout").await?;
    look(&app, "t06-held-uncleared").await?;
    app.wait_for_count("[data-testid=register-row]", 1).await?;
    app.keys("p").await?;
    app.chord(fantoccini::key::Key::Control, 's').await?;
    app.wait_for_text("[data-testid=saved-status]", "Saved at").await?;

    // Today's papers: the unlock lists for the café (the two on its roster, not the drop-ins),
    // and the week's sheets.
    app.press("nav-today", Key::Enter).await?;
    app.wait_for_text("[data-testid=paper-day]", "Today").await?;
    app.press("print-unlock-lists", Key::Enter).await?;
    app.wait_for_text("[data-testid=week-printed]", "Unlock lists").await?;
    let pdfs = |name: &str| -> Result<std::path::PathBuf> {
        Ok(std::fs::read_dir(&exports)?.flatten().map(|e| e.path()).find(|p| p.to_string_lossy().contains(name)).ok_or(name.to_string())?)
    };
    let unlock = pdftotext(&pdfs("Unlock lists")?)?;
    let at = |text: &str, what: &str| text.find(what).ok_or(format!("{what:?} missing from:\n{text}"));
    assert!(at(&unlock, "Reid, Anna")? < at(&unlock, "Reid, Tam")?);
    assert!(unlock.contains("B Hall") && unlock.contains("Recovery Café") && unlock.contains("10:00"), "{unlock}");
    assert!(!unlock.contains("Byrne") && !unlock.contains("Nguyễn"), "drop-ins are not unlocked:\n{unlock}");
    app.press("week-print", Key::Enter).await?;
    app.wait_for_text("[data-testid=week-printed]", "Registers").await?;
    look(&app, "t07-today-papers").await?;
    let sheets = pdftotext(&pdfs("Registers")?)?;
    // The café's sheet: the register's people as the screen lists them, numbered, then five
    // blank rows for drop-ins (rows 5 to 9) and the headcount lines.
    let rows: Vec<&str> = sheets.lines().map(str::trim).collect();
    let names = ["Reid, Anna", "Reid, Tam", "Byrne, Aoife", "Nguyễn, Văn An"];
    let found: Vec<usize> = names.iter().map(|n| rows.iter().position(|l| l.contains(n)).unwrap_or(usize::MAX)).collect();
    assert!(found.windows(2).all(|w| w[0] < w[1]) && found[3] != usize::MAX, "in the screen's order: {found:?}\n{sheets}");
    for (n, at) in found.iter().enumerate() {
        assert!(rows[*at].starts_with(&format!("{} ", n + 1)), "row {} is numbered:\n{sheets}", n + 1);
    }
    for n in 5..=9 {
        assert!(rows.contains(&n.to_string().as_str()), "blank row {n}:\n{sheets}");
    }
    assert!(sheets.contains("Others present") && sheets.contains("Visitors"), "{sheets}");

    // What was recorded, as the core reads it back.
    let (store, admin) = crate::harness::open_database(data.path())?;
    assert_eq!(store.participant(&admin, an.id)?.name_as_printed(), "Nguyễn Văn An");
    let register = store.register(&admin, cafe_session.id)?;
    let lines: Vec<(String, bool, Option<MarkKind>)> =
        register.lines.iter().map(|l| (l.participant.full_name(), l.drop_in, l.mark.as_ref().map(|m| m.mark))).collect();
    assert_eq!(
        lines,
        [
            ("Anna Reid".to_string(), false, Some(MarkKind::Present)),
            ("Tam Reid".to_string(), false, Some(MarkKind::Present)),
            ("Aoife Byrne".to_string(), true, Some(MarkKind::Present)),
            ("Văn An Nguyễn".to_string(), true, Some(MarkKind::Present)),
        ]
    );
    assert_eq!(register.headcount, Headcount { others_present: 6, visitors: 2, visitors_from: Some("Alcoholics Anonymous".into()) });
    let aa = store.register(&admin, aa_session.id)?;
    assert_eq!(aa.session.status, SessionStatus::Held);
    assert_eq!(aa.lines[0].mark.as_ref().and_then(|m| m.note.as_deref()), Some("Spoke for the first time"));

    // November by hand: AA 1 attendance of 1 place; CA 1 of 1; café 2 of 2 places plus 2
    // drop-ins; 6 not named and 2 visitors; 5 different people (Seán, Anna, Tam, Aoife, An);
    // rate 4 of 4.
    let report = store.monthly_report(&admin, &[], recovery_register::reports::Month::parse("month", "2026-11")?)?;
    let t = &report.totals;
    assert_eq!(
        (t.named_attendances(), t.drop_in_attendances, t.counts.expected, t.unique_people, t.unnamed_attendances, t.visitors),
        (6, 2, 4, 5, 6, 2)
    );
    assert_eq!(recovery_register::rules::attendance::percent(t.counts.rate()), "100%");
    let ca = store.register(&admin, ca_session.id)?;
    assert_eq!(ca.session.held_uncleared.map(|h| h.reason).as_deref(), Some("Officer Grant in the room throughout"));
    assert_eq!(ca.session.status, SessionStatus::Held);
    // The walk is in a section of its own: 1 named, 14 not named, 3 visitors; not in the totals.
    let walk: Vec<(&str, u32, u32, u32)> = report.events.iter().map(|e| (e.title.as_str(), e.named, e.unnamed, e.visitors)).collect();
    assert_eq!(walk, [("Recovery walk to Kinnoull Hill", 1, 14, 3)]);
    app.quit().await
}
