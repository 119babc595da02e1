//! End-to-end: a referral from arrival to a cohort in the real app. On the establishment demo, a
//! person in custody is referred by hall staff for MOIR on their page; on the Waiting lists screen
//! they are taken for a new cohort, the people who had waited longer passed over with their
//! reasons (asked for by the form, kept by the core); they are on the cohort's roster, their
//! wait ended that day, and their page says so; a BARC-10 review is recorded there against the
//! start taken when they arrived. The month's return shows the waiting times; the
//! quarter's is chosen, a funder's column template made, and the quarter saved as CSV in its
//! columns and as PDF with the service's highlights on the first page.
//! Then a one-off certificate signed by a sheriff with a signature image, and a peer who led
//! sessions, is qualified to deliver and chooses to have it on their passport.

use crate::harness::{look, only_file, App, Result, ADMIN, ADMIN_PASSWORD};
use chrono::NaiveDate;
use fantoccini::Locator;
use recovery_register::demo::{self, Scale};
use recovery_register::model::*;

const COHORT: &str = "Moving On In Recovery (MOIR) – cohort 9";
const PROGRAMME: &str = "Moving On In Recovery (MOIR)";

#[tokio::test(flavor = "multi_thread")]
async fn a_referral_goes_from_arrival_to_a_cohort() -> Result {
    let data = tempfile::tempdir()?;
    let exports = data.path().join("exports");
    std::fs::create_dir_all(&exports)?;
    let today = NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
    let (person, programme, older) = {
        let (mut store, admin) = crate::harness::set_up_database(data.path())?;
        demo::generate(&mut store, &admin, Scale::Establishment, 1, today)?;
        let est = store.establishments(&admin)?.remove(0);
        let programme = store.programmes(&admin, None)?.into_iter().find(|l| l.programme.name == PROGRAMME).ok_or("the demo's MOIR")?;
        // Someone in custody with no referral in yet, to arrive now.
        let person = store
            .participants(
                &admin,
                &recovery_register::store::ParticipantFilter { status: Some(CustodyStatus::InCustody), ..Default::default() },
            )?
            .into_iter()
            .find(|p| p.kind == ParticipantKind::InCustody && store.referrals_in(&admin, p.id).is_ok_and(|l| l.is_empty()))
            .ok_or("someone never referred")?;
        // The cohort to fill, starting today.
        let details = GroupDetails {
            name: COHORT.into(),
            kind: GroupKind::Programme,
            location: Some("Learning Centre".into()),
            starts_on: today,
            ends_on: None,
            start_time: chrono::NaiveTime::from_hms_opt(14, 0, 0).unwrap(),
            duration_minutes: 120,
            schedule: Some(Schedule { weekday: chrono::Weekday::Mon, every_weeks: 1 }),
            planned_sessions: Some(8),
            completion: Some(CompletionRule { min_attended: 6, excuses_regime_absences: true }),
            facilitators: vec![],
        };
        store.add_group(&admin, est.id, &details)?;
        let older = store.waiting_list(&admin, programme.programme.id)?.lines.len();
        // Their BARC-10 at the start, taken when they were referred: 24 of 60.
        let start = CapitalDetails {
            taken_on: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            stage: CapitalStage::Start,
            scores: vec![2, 3, 2, 2, 3, 2, 3, 2, 3, 2],
            consent: true,
            on_passport: false,
        };
        store.record_capital(&admin, person.id, &start)?;
        (person, programme.programme, older)
    };
    assert!(older > 0, "the demo has people waiting for MOIR already");
    let name = person.full_name();
    let app = App::launch_with(data.path(), &[("RECOVERY_REGISTER_EXPORT_DIR", exports.clone())]).await?;
    app.log_in(ADMIN, ADMIN_PASSWORD).await?;

    // Hall staff referred them a fortnight ago, for MOIR.
    app.go(&format!("#/people/{}", person.id)).await?;
    app.testid("referral-in-form").await?;
    app.select("referral-in-source", "hall_staff").await?;
    app.type_into("referral-in-date", "02/11/2026").await?;
    app.select("referral-in-wants", "programme").await?;
    app.select("referral-in-programme", &programme.id.to_string()).await?;
    app.scroll_to("referral-in-save").await?;
    app.click("referral-in-save").await?;
    app.testid("referral-in-saved").await?;
    let row = app.wait_for_text("[data-testid=referral-in-row]", "Waiting 14 days").await?;
    assert!(row.text().await?.contains("Hall staff"));
    app.scroll_to("person-referrals-in").await?;
    look(&app, "p01-person-referral").await?;

    // The waiting list, oldest first: they are last; taking them asks why each older one is not.
    app.click("nav-waiting").await?;
    let line = app.wait_for_text("[data-testid=programme-row]", PROGRAMME).await?;
    line.find(Locator::Css("[data-testid=programme-open]")).await?.click().await?;
    let mine = app.wait_for_text("[data-testid=waiting-row]", &name).await?;
    let rows = app.find_all("[data-testid=waiting-row]").await?;
    assert_eq!(rows.len(), older + 1);
    assert!(rows.last().unwrap().text().await?.contains(&name), "the newest is last");
    mine.find(Locator::Css("[data-testid=waiting-take]")).await?.click().await?;
    let reasons = app.find_all("[data-testid=waiting-skip-reason]").await?;
    assert_eq!(reasons.len(), older, "a reason for each person who waited longer");
    // Allocating without the reasons is refused by the core, naming the first person passed over.
    app.scroll_to("allocate").await?;
    app.click("allocate").await?;
    app.wait_for_text("[data-testid=allocate-error]", "reason for skipping").await?;
    for (i, field) in reasons.iter().enumerate() {
        field.send_keys(&format!("Asked to wait for the spring cohort ({})", i + 1)).await?;
    }
    let cohort = app
        .client
        .execute(
            "const s = document.querySelector('[data-testid=allocate-cohort]'); return [...s.options].find(o => o.textContent.includes(arguments[0]))?.value ?? null;",
            vec![COHORT.into()],
        )
        .await?;
    app.select("allocate-cohort", cohort.as_str().ok_or("the new cohort is offered")?).await?;
    look(&app, "p02-waiting-list").await?;
    app.scroll_to("allocate").await?;
    app.click("allocate").await?;
    let done = app.wait_for_text("[data-testid=allocate-done]", "joined").await?.text().await?;
    let passed_over = if older == 1 { "1 person".to_string() } else { format!("{older} people") };
    assert_eq!(done, format!("1 person joined {COHORT} on 16/11/2026; {passed_over} passed over, with the reason kept."));
    look(&app, "p03-allocated").await?;

    // In the database: on the roster from today, the wait ended after 14 days, the skips kept.
    {
        let (store, admin) = crate::harness::open_database(data.path())?;
        let group = store.group_by_key(&admin, COHORT, None)?;
        let roster: Vec<ParticipantId> = store.roster(&admin, group.id, today)?.into_iter().map(|l| l.participant.id).collect();
        assert_eq!(roster, [person.id]);
        let lines = store.referrals_in(&admin, person.id)?;
        assert_eq!(
            (lines[0].referral.outcome, lines[0].days, lines[0].cohort_name.as_deref()),
            (Some(ReferralOutcome::Started), 14, Some(COHORT))
        );
        let left = store.waiting_list(&admin, programme.id)?;
        assert_eq!(left.lines.len(), older);
        assert!(left.lines.iter().all(|l| l.skips.len() == 1 && l.skips[0].reason.starts_with("Asked to wait")));
    }

    // Their page says they started, and where.
    app.go(&format!("#/people/{}", person.id)).await?;
    app.wait_for_text("[data-testid=referral-in-row]", "Started 16/11/2026, after 14 days").await?;
    app.wait_for_text("[data-testid=referral-in-row]", COHORT).await?;

    // A BARC-10 review, with their consent: the ten scores chosen, the change since the start shown.
    app.scroll_to("capital-new").await?;
    app.click("capital-new").await?;
    app.client
        .execute(
            "document.querySelectorAll('[data-testid=capital-score]').forEach((s, i) => { s.value = String([3, 4, 3, 3, 4, 3, 4, 3, 4, 3][i]); s.dispatchEvent(new Event('change', { bubbles: true })); }); return true;",
            vec![],
        )
        .await?;
    app.scroll_to("capital-consent").await?;
    app.click("capital-consent").await?;
    look(&app, "p06-barc10-review").await?;
    app.scroll_to("capital-save").await?;
    app.click("capital-save").await?;
    app.wait_for_text("[data-testid=capital-saved]", "Recorded: 34 of 60.").await?;
    app.wait_for_text("[data-testid=capital-change]", "Change since the first: +10").await?;

    // October's return shows the waits.
    app.click("nav-reports").await?;
    app.testid("report-waiting").await?;
    let received: u32 = app.testid("report-waiting-received").await?.text().await?.trim().parse()?;
    assert!(received > 0, "the demo's October has referrals in");
    app.scroll_to("report-waiting").await?;
    look(&app, "p04-report-waiting").await?;

    // The quarter: different people over its three months, compared with the quarter before.
    app.select("report-month", "2026-Q3").await?;
    app.wait_for_text("h1", "Attendance return").await?;
    app.wait_for_text("[data-testid=report-liberation]", "April to June 2026").await?;
    // A funder's template: three of the return's columns, one under its own heading.
    app.scroll_to("template-new").await?;
    app.click("template-new").await?;
    app.scroll_to("template-name").await?;
    app.type_into("template-name", "Tayside ADP quarterly").await?;
    app.scroll_to("template-add-column").await?;
    app.click("template-add-column").await?;
    app.scroll_to("template-add-column").await?;
    app.click("template-add-column").await?;
    let figures = app.find_all("[data-testid=template-figure]").await?;
    for (i, figure) in ["Group", "Different people", "Started within 3 weeks (%)"].iter().enumerate() {
        app.client
            .execute(
                "const s = document.querySelectorAll('[data-testid=template-figure]')[arguments[0]]; s.value = arguments[1]; s.dispatchEvent(new Event('change', { bubbles: true })); return true;",
                vec![i.into(), (*figure).into()],
            )
            .await?;
    }
    assert_eq!(figures.len(), 3);
    let heading = &app.find_all("[data-testid=template-heading]").await?[1];
    app.client.execute("arguments[0].scrollIntoView({ block: 'center' }); return true;", vec![serde_json::to_value(heading)?]).await?;
    heading.send_keys("People supported").await?;
    look(&app, "p05-column-template").await?;
    app.scroll_to("template-save").await?;
    app.click("template-save").await?;
    app.wait_for_text("[data-testid=template-saved]", "Saved “Tayside ADP quarterly”: 3 columns").await?;
    app.scroll_to("report-highlights").await?;
    app.type_into("report-highlights", "Recovery College graduation on 18 September: 14 graduates.").await?;
    app.scroll_to("export-csv").await?;
    app.click("export-csv").await?;
    app.wait_for_text("[data-testid=export-done]", "Saved").await?;
    let csv = std::fs::read_to_string(only_file(&exports, "csv"))?;
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    assert_eq!(lines.next(), Some("Group,People supported,Started within 3 weeks (%)"));
    let total = lines.find(|l| l.starts_with("All groups,")).ok_or("a totals row")?;
    let cells: Vec<&str> = total.split(',').collect();
    assert!(cells[1].parse::<u32>()? > 0 && !cells[2].is_empty(), "{total}");
    app.scroll_to("export-pdf").await?;
    app.click("export-pdf").await?;
    app.wait_for_text("[data-testid=export-done]", "open in your PDF viewer").await?;
    let pdf = only_file(&exports, "pdf");
    let text = String::from_utf8(std::process::Command::new("pdftotext").args(["-f", "1", "-l", "1"]).arg(&pdf).arg("-").output()?.stdout)?;
    for words in ["Attendance return", "July to September 2026", "Highlights", "14 graduates"] {
        assert!(text.contains(words), "'{words}' on the first page:\n{text}");
    }
    let all = String::from_utf8(std::process::Command::new("pdftotext").arg(&pdf).arg("-").output()?.stdout)?;
    assert!(all.contains("Referrals in and waiting times"), "{all}");
    std::fs::copy(&pdf, crate::harness::screenshot_dir().join("quarter-return.pdf"))?;
    assert_eq!(app.accessibility_violations().await?, Vec::<String>::new());
    app.quit().await
}

/// A one-off certificate from a person's page, signed by a sheriff presenting at the ceremony,
/// with their signature image chosen through the app; the certificate printed and read back:
/// the signature is the image kept (scaled once), and the type's own signatory is not on it.
#[tokio::test(flavor = "multi_thread")]
async fn a_one_off_award_is_signed_with_a_signature_image() -> Result {
    let data = tempfile::tempdir()?;
    let exports = data.path().join("exports");
    std::fs::create_dir_all(&exports)?;
    let person = {
        let (mut store, admin) = crate::harness::set_up_database(data.path())?;
        let est = store.add_establishment(&admin, &NewEstablishment { code: "PER".into(), name: "HMP Perth".into() })?;
        let person = store.add_participant(&admin, est.id, &crate::harness::prisoner("300001", "Łukasz", "Żółć", "B Hall, 2/14"))?;
        store.add_award_type(&admin, est.id, &crate::award_types::peer_mentor_award())?;
        person
    };
    let signature = crate::harness::workspace().join("tests/fixtures/signature.png");
    let app =
        App::launch_with(data.path(), &[("RECOVERY_REGISTER_EXPORT_DIR", exports.clone()), ("RECOVERY_REGISTER_IMPORT_FILE", signature)])
            .await?;
    app.log_in(ADMIN, ADMIN_PASSWORD).await?;
    app.go(&format!("#/people/{}", person.id)).await?;
    app.scroll_to("one-off-award").await?;
    app.click("one-off-award").await?;
    app.testid("one-off-form").await?;
    app.scroll_to("one-off-choose-signers").await?;
    app.click("one-off-choose-signers").await?;
    // The sheriff signs instead of the coordinator the type names.
    app.type_into("one-off-signatory-name-1", "Sheriff Morag Laing").await?;
    app.type_into("one-off-signatory-role-1", "Sheriff of Tayside, Central and Fife").await?;
    app.scroll_to("one-off-signature-choose-1").await?;
    app.click("one-off-signature-choose-1").await?;
    app.wait_for_text("[data-testid=one-off-signature-1]", "600 × 180 pixels").await?;
    app.type_into("one-off-on", "16/11/2026").await?;
    look(&app, "p07-one-off-award").await?;
    app.scroll_to("one-off-issue").await?;
    app.click("one-off-issue").await?;
    app.wait_for_text("[data-testid=one-off-issued]", "Certificate PER-2026-0001 issued: Peer mentor training, 16/11/2026.").await?;
    app.wait_for_text("[data-testid=person-award-row]", "PER-2026-0001").await?;
    app.scroll_to("one-off-print").await?;
    app.click("one-off-print").await?;
    app.wait_for_text("[data-testid=one-off-printed]", "1 certificate saved").await?;
    app.quit().await?;

    let pdf = only_file(&exports, "pdf");
    let text = String::from_utf8(std::process::Command::new("pdftotext").arg(&pdf).arg("-").output()?.stdout)?;
    assert!(text.contains("Łukasz Żółć") && text.contains("Sheriff Morag Laing") && text.contains("Sheriff of Tayside"), "{text}");
    assert!(!text.contains("Alison Grant"), "the type's signatory is not on this certificate:\n{text}");
    let images = String::from_utf8(std::process::Command::new("pdfimages").arg("-list").arg(&pdf).output()?.stdout)?;
    let sizes: Vec<(String, String)> =
        images.lines().skip(2).map(|l| l.split_whitespace().collect::<Vec<_>>()).map(|c| (c[3].to_string(), c[4].to_string())).collect();
    assert!(sizes.contains(&("600".into(), "180".into())), "the signature image on the certificate:\n{images}");
    // Kept with the award: the core's record says who signed, with the image.
    let (store, admin) = crate::harness::open_database(data.path())?;
    let award = store.award_by_number(&admin, "PER-2026-0001")?;
    let cert = store.certificates(&admin, &[award.id])?.remove(0);
    assert_eq!(cert.signatories.len(), 1);
    assert!(cert.signatories[0].signature.is_some());
    Ok(())
}

/// A peer in the real app: Ian has led two SMART sessions as a peer facilitator; his page lists
/// them, a qualification to deliver is recorded there, and he chooses to have them on his
/// passport, which then shows them. Łukasz is made a recovery champion from his page. The group
/// then requires SMART's qualification of its facilitators: refused until Alison, the member of
/// staff who runs it with Ian, has hers recorded on Clearances.
#[tokio::test(flavor = "multi_thread")]
async fn a_peer_leads_is_qualified_and_chooses_to_show_it_on_their_passport() -> Result {
    let data = tempfile::tempdir()?;
    let (ian, lukasz, group, staff) = {
        let (mut store, admin) = crate::harness::set_up_database(data.path())?;
        let est = store.add_establishment(&admin, &NewEstablishment { code: "PER".into(), name: "HMP Perth".into() })?;
        let ian = store.add_participant(&admin, est.id, &crate::harness::prisoner("300002", "Ian", "Reid", "C Hall, 1/03"))?;
        let lukasz = store.add_participant(&admin, est.id, &crate::harness::prisoner("300001", "Łukasz", "Żółć", "B Hall, 2/14"))?;
        let leads = store.add_peer_role(&admin, ian.id, PeerRole::PeerFacilitator, NaiveDate::from_ymd_opt(2026, 9, 1).unwrap())?;
        let staff = store
            .add_facilitator(&admin, &NewFacilitator { name: "Alison Grant".into(), kind: FacilitatorKind::Staff, organisation: None })?;
        let details = GroupDetails {
            facilitators: vec![leads.id, staff.id],
            ..crate::harness::smart_group(NaiveDate::from_ymd_opt(2026, 10, 5).unwrap())
        };
        let group = store.add_group(&admin, est.id, &details)?;
        for day in [5, 19] {
            let session = store.add_session(&admin, group.id, NaiveDate::from_ymd_opt(2026, 10, day).unwrap(), None)?;
            let log = SessionLog { topic: None, notes: None, facilitators: vec![leads.id] };
            store.log_session(&admin, session.id, &log, true)?;
        }
        (ian, lukasz, group, staff)
    };
    let app = App::launch(data.path()).await?;
    app.log_in(ADMIN, ADMIN_PASSWORD).await?;

    app.go(&format!("#/people/{}", ian.id)).await?;
    app.testid("person-peer").await?;
    app.scroll_to("person-peer").await?;
    app.wait_for_text("[data-testid=peer-sessions-led]", "Sessions led: 2, from 05/10/2026 to 19/10/2026").await?;
    app.click("peer-qualify-open").await?;
    app.type_into("peer-qualification-course", "SMART Recovery").await?;
    app.type_into("peer-qualification-on", "02/11/2026").await?;
    app.click("peer-qualification-save").await?;
    app.wait_for_text("[data-testid=peer-qualifications]", "Qualified to deliver SMART Recovery (Training for Trainers, 02/11/2026)")
        .await?;
    app.click("peer-passport").await?;
    app.wait_for_text("[data-testid=peer-saved]", "Their passport now shows the sessions they led.").await?;
    app.scroll_to("person-peer").await?;
    look(&app, "p08-peer").await?;
    app.scroll_to("passport-open").await?;
    app.click("passport-open").await?;
    // Without the prison named, a group's own name (which may name a hall) is left unsaid.
    app.wait_for_text("[data-testid=passport-peer]", "Led 2 sessions of Peer-led group, 05/10/2026 to 19/10/2026.").await?;
    app.click("passport-close").await?;

    app.go(&format!("#/people/{}", lukasz.id)).await?;
    app.reach_and_click("peer-give").await?;
    app.select("peer-role-new", "recovery_champion").await?;
    app.type_into("peer-since", "16/11/2026").await?;
    app.click("peer-give-save").await?;
    app.wait_for_text("[data-testid=peer-saved]", "Łukasz is now a recovery champion.").await?;

    require_smart(&app, group.id).await?;
    // Alison, who runs it with Ian, is not qualified yet: the core refuses, naming her; her
    // qualification is recorded on Clearances, and then the group can require it.
    app.wait_for_text("[data-testid=group-require-error]", "Alison Grant is not qualified to deliver SMART Recovery").await?;
    app.go("#/clearances").await?;
    app.reach_and_click("qualification-open").await?;
    app.wait_for_count("[data-testid=qualification-row]", 1).await?;
    app.select("qualification-who", &staff.id.to_string()).await?;
    app.type_into("qualification-course", "SMART Recovery").await?;
    app.type_into("qualification-on", "09/11/2026").await?;
    app.reach_and_click("qualification-save").await?;
    app.wait_for_text("[data-testid=qualification-saved]", "Recorded: Alison Grant may deliver SMART Recovery from 09/11/2026.").await?;
    app.wait_for_count("[data-testid=qualification-row]", 2).await?;
    look(&app, "p09-qualifications").await?;
    require_smart(&app, group.id).await?;
    app.wait_for_text("[data-testid=group-required-course-shown]", "SMART Recovery").await?;
    app.quit().await?;

    let (store, admin) = crate::harness::open_database(data.path())?;
    let record = store.peer_record(&admin, ian.id)?.ok_or("Ian's peer record")?;
    assert!(record.on_passport);
    assert_eq!(record.qualifications[0].details.course, "SMART Recovery");
    assert_eq!(store.peer_record(&admin, lukasz.id)?.ok_or("Łukasz's peer record")?.role, PeerRole::RecoveryChampion);
    Ok(())
}

/// On the group's page, asks that its facilitators be qualified to deliver SMART Recovery.
async fn require_smart(app: &App, group: GroupId) -> Result {
    app.go(&format!("#/groups/{group}")).await?;
    app.reach_and_click("group-require").await?;
    app.type_into("group-required-course", "SMART Recovery").await?;
    app.click("group-require-save").await
}
