//! End-to-end: a referral from planning to outcome in the real app. The establishment demo has
//! people due out with different gaps. One with nothing in place is planned for from the Today
//! countdown: home area, a referral refused until consent is recorded, consent, the referral, a
//! meeting; then liberated, the referral moved on to "engaged", the outcome and the follow-up
//! list show it, and the recovery passport is saved and read back. The services directory is
//! extended from a spreadsheet on the way.

use crate::harness::{look, App, Result, ADMIN, ADMIN_PASSWORD};
use recovery_register::demo::{self, Scale};
use recovery_register::model::ReferralStatus;
use recovery_register::rules::liberation::Outcome;

/// Ticks a checkbox (by test id) unless it is ticked already.
async fn tick(app: &App, id: &str) -> Result {
    let b = app.testid(id).await?;
    if !b.is_selected().await? {
        b.click().await?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_referral_goes_from_planning_to_engaged_after_liberation() -> Result {
    let data = tempfile::tempdir()?;
    let exports = data.path().join("exports");
    std::fs::create_dir_all(&exports)?;
    let sheet = data.path().join("services.csv");
    std::fs::write(
        &sheet,
        "\u{feff}Name;Kind;Area;Phone;Meeting times\r\nBroughty Ferry Recovery Walk;Other;Dundee;0131 496 0199;Saturdays 10am\r\n",
    )?;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
    let (person, hub) = {
        let (mut store, admin) = crate::harness::set_up_database(data.path())?;
        demo::generate(&mut store, &admin, Scale::Establishment, 1, today)?;
        let due = store.due_for_liberation(&admin, None)?;
        let bare = due.into_iter().find(|l| l.countdown.tasks.len() == 4).ok_or("someone due out with nothing in place")?;
        let hub =
            store.services(&admin, Some("Dundee"), false)?.into_iter().find(|s| s.name == "Tay Recovery Hub").ok_or("the Dundee hub")?;
        (bare.participant, hub)
    };
    let name = person.full_name();
    let app = App::launch_with(data.path(), &[("RECOVERY_REGISTER_EXPORT_DIR", exports.clone()), ("RECOVERY_REGISTER_IMPORT_FILE", sheet)])
        .await?;
    app.log_in(ADMIN, ADMIN_PASSWORD).await?;

    // Today's countdown shows the person and what is missing.
    let row = app.wait_for_text("[data-testid=countdown-row]", &name).await?;
    assert!(row.text().await?.contains("No referral"));
    look(&app, "l01-today-countdown").await?;

    // The directory grows from a spreadsheet, through the one import preview.
    app.click("nav-services").await?;
    app.click("import-services").await?;
    app.wait_for_text("[data-testid=import-counts]", "1 to add, 0 to update").await?;
    assert!(app.find_all("[data-testid=import-problem]").await?.is_empty());
    look(&app, "l02-import-preview").await?;
    app.click("import-run").await?;
    app.wait_for_text("[data-testid=import-done]", "1 added").await?;
    app.wait_for_text("[data-testid=service-row]", "Broughty Ferry Recovery Walk").await?;

    // From the countdown to the person's plan.
    app.click("nav-today").await?;
    app.wait_for_text("[data-testid=countdown-person]", &name).await?;
    for link in app.find_all("[data-testid=countdown-person]").await? {
        if link.text().await? == name {
            link.click().await?;
            break;
        }
    }
    app.wait_for_text("#liberation-heading", "Liberation").await?;
    app.type_into("plan-home-area", "Dundee").await?;
    app.click("plan-save").await?;
    app.testid("plan-done").await?;

    // Sharing details before consent is refused by the core, with the way on.
    app.select("referral-service", &hub.id.to_string()).await?;
    app.type_into("referral-date", "16/11/2026").await?;
    tick(&app, "referral-details-shared").await?;
    app.click("referral-save").await?;
    app.wait_for_text("[data-testid=referral-error]", "record their consent first").await?;
    look(&app, "l03-referral-needs-consent").await?;
    app.click("referral-record-consent").await?;
    app.type_into("consent-date", "16/11/2026").await?;
    app.type_into("consent-scope", "Name, release date and phone number").await?;
    app.click("consent-save").await?;
    app.testid("consent-done").await?;
    app.select("referral-service", &hub.id.to_string()).await?;
    app.type_into("referral-date", "16/11/2026").await?;
    tick(&app, "referral-details-shared").await?;
    app.click("referral-save").await?;
    app.testid("referral-done").await?;
    app.wait_for_text("[data-testid=referral-row]", "Tay Recovery Hub").await?;

    // A meeting before liberation: nothing is missing now.
    app.type_into("meeting-date", "16/11/2026").await?;
    app.select("meeting-kind", "before_liberation").await?;
    app.click("meeting-save").await?;
    app.testid("meeting-done").await?;
    app.testid("countdown-complete").await?;
    look(&app, "l04-plan-complete").await?;

    // Liberated today; the hub reports the person engaged.
    app.click("liberate").await?;
    app.type_into("custody-date", "16/11/2026").await?;
    app.click("custody-confirm").await?;
    app.testid("liberation-after").await?;
    let referral_id = app.testid("referral-row").await?.attr("data-referral-id").await?.ok_or("the referral's id")?;
    app.click(&format!("update-referral-{referral_id}")).await?;
    app.select("update-referral-status", "engaged").await?;
    app.type_into("update-referral-date", "16/11/2026").await?;
    app.click("update-referral-save").await?;
    app.testid("update-referral-done").await?;
    let outcome = app.testid("liberation-outcome").await?;
    assert_eq!(outcome.attr("data-outcome").await?.as_deref(), Some("engaged"));
    look(&app, "l05-outcome").await?;

    // The recovery passport, without the prison.
    app.click("passport-open").await?;
    app.wait_for_text("[data-testid=passport-service]", "Tay Recovery Hub").await?;
    look(&app, "l06-passport").await?;
    app.click("passport-save").await?;
    app.testid("passport-done").await?;
    app.click("passport-close").await?;
    let pdf = std::fs::read_dir(&exports)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .ok_or("the passport PDF")?;
    let text = String::from_utf8(std::process::Command::new("pdftotext").arg(&pdf).arg("-").output()?.stdout)?;
    assert!(text.contains("Tay Recovery Hub") && text.contains("0131 496 0101"), "{text}");
    assert!(!text.contains("HMP"), "the passport names no prison:\n{text}");

    // Today's follow-up list has them, engaged.
    app.click("nav-today").await?;
    let row = app.wait_for_text("[data-testid=follow-up-row]", &name).await?;
    let outcome = row.find(fantoccini::Locator::Css("[data-testid=follow-up-outcome]")).await?;
    assert_eq!(outcome.attr("data-outcome").await?.as_deref(), Some("engaged"));
    look(&app, "l07-follow-up").await?;

    let (store, admin) = crate::harness::open_database(data.path())?;
    let plan = store.liberation_plan(&admin, person.id)?;
    assert_eq!(plan.referrals[0].referral.status(), ReferralStatus::Engaged);
    assert!(plan.referrals[0].referral.details_shared && plan.referrals[0].referral.consent_id.is_some());
    assert_eq!(plan.outcome, Some(Outcome::Engaged { on: today }));
    app.quit().await?;
    Ok(())
}
