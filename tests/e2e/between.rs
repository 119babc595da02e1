//! End-to-end: between establishments, three installs of the real app, each on its own data
//! folder with its own key. Perth makes a transfer pack for Łukasz (his consent given on the
//! page) and sends October's figures to the national office; Low Moss takes the pack in from
//! People and sees his history from Perth, read-only, and his certificate verifies there; the
//! national office takes the figures in and its Reports screen shows the national return, naming
//! the establishment that has not sent. By keyboard, with axe on each screen.

use crate::harness::{look, only_file, App, Result, ADMIN, ADMIN_PASSWORD};
use fantoccini::key::Key;
use recovery_register::model::*;
use std::path::Path;

fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_transfer_pack_and_a_months_figures_go_between_three_installs() -> Result {
    let (perth, low_moss, office) = (tempfile::tempdir()?, tempfile::tempdir()?, tempfile::tempdir()?);
    let stick = perth.path().join("stick");
    std::fs::create_dir_all(&stick)?;
    let card_file = |dir: &Path, name: &str| dir.join(format!("{name}.rrcard"));

    // Three installs, each with its own card, holding the others' it needs.
    let (person, award) = {
        let (mut store, admin) = crate::harness::set_up_database(perth.path())?;
        store.set_today(d(2026, 11, 16));
        let est = store.add_establishment(&admin, &NewEstablishment { code: "PER".into(), name: "HMP Perth".into() })?;
        let group = store.add_group(&admin, est.id, &crate::harness::smart_group(d(2026, 10, 5)))?;
        let p = store.add_participant(&admin, est.id, &crate::harness::prisoner("A100002", "Łukasz", "Żółć", "A Hall, 1/2"))?;
        store.enrol(&admin, group.id, p.id, d(2026, 10, 5))?;
        for day in [5, 12, 19, 26] {
            let s = store.add_session(&admin, group.id, d(2026, 10, day), None)?;
            store.take_register(&admin, s.id, &[Mark::present(p.id)])?;
        }
        let kind = store.add_award_type(&admin, est.id, &crate::award_types::peer_mentor_award())?;
        let award = store.issue_awards(&admin, kind.id, None, &[p.id], d(2026, 11, 2))?.remove(0);
        store.save_own_card(&admin, Some("PER"), None, &card_file(perth.path(), "per"))?;
        (p.id, award)
    };
    {
        let (mut store, admin) = crate::harness::set_up_database(low_moss.path())?;
        store.add_establishment(&admin, &NewEstablishment { code: "LMS".into(), name: "HMP Low Moss".into() })?;
        store.save_own_card(&admin, Some("LMS"), None, &card_file(low_moss.path(), "lms"))?;
        store.add_card(&admin, &std::fs::read(card_file(perth.path(), "per"))?, false)?;
    }
    {
        let (mut store, admin) = crate::harness::set_up_database(office.path())?;
        // The office names itself as the app's first screen asks; it runs no groups.
        store.add_establishment(&admin, &NewEstablishment { code: "SPS".into(), name: "SPS recovery network".into() })?;
        store.save_own_card(&admin, None, Some("SPS recovery network"), &card_file(office.path(), "national"))?;
        for card in [card_file(perth.path(), "per"), card_file(low_moss.path(), "lms")] {
            store.add_card(&admin, &std::fs::read(card)?, false)?;
        }
    }
    {
        let (mut store, admin) = crate::harness::open_database(perth.path())?;
        for card in [card_file(low_moss.path(), "lms"), card_file(office.path(), "national")] {
            store.add_card(&admin, &std::fs::read(card)?, false)?;
        }
    }

    // Perth: the transfer pack from Łukasz's page, his consent given there; then October's
    // figures from Reports.
    {
        let app = App::launch_with(perth.path(), &[("RECOVERY_REGISTER_EXPORT_DIR", stick.clone())]).await?;
        app.log_in(ADMIN, ADMIN_PASSWORD).await?;
        app.go(&format!("#/people/{person}")).await?;
        app.testid("transfer-form").await?;
        app.wait_for_text("[data-testid=transfer-to]", "HMP Low Moss (LMS)").await?;
        // Without consent: refused, with the reason.
        app.press("transfer-make", Key::Enter).await?;
        app.wait_for_text("[data-testid=transfer-error]", "no consent in force to their record going to HMP Low Moss (LMS)").await?;
        app.press("transfer-consent-now", Key::Space).await?;
        app.testid("transfer-consent-on").await?;
        app.press("transfer-make", Key::Enter).await?;
        app.wait_for_text("[data-testid=transfer-made]", "Saved the transfer pack for HMP Low Moss (LMS): 1 group, 1 certificate").await?;
        app.scroll_to("person-transfer").await?;
        look(&app, "be01-transfer-pack-made").await?;
        app.go("#/reports").await?;
        app.testid("report-figures").await?;
        app.press("send-figures", Key::Enter).await?;
        app.wait_for_text("[data-testid=send-figures-done]", "HMP Perth's figures for October 2026").await?;
        look(&app, "be02-figures-sent").await?;
        app.quit().await?;
    }
    let pack = only_file(&stick, "rrtransfer");
    let figures = only_file(&stick, "rrfigures");

    // Low Moss: People › "Take in a transfer pack…" opens Łukasz's page, his Perth history on it.
    {
        let app = App::launch_with(low_moss.path(), &[("RECOVERY_REGISTER_IMPORT_FILE", pack.clone())]).await?;
        app.log_in(ADMIN, ADMIN_PASSWORD).await?;
        app.go("#/people").await?;
        app.press("take-in-transfer", Key::Enter).await?;
        app.wait_for_text("[data-testid=person-name]", "Łukasz Żółć").await?;
        let history = app.wait_for_text("[data-testid=elsewhere-history]", "HMP Perth (PER)").await?.text().await?;
        assert!(history.contains("SMART Recovery") && history.contains(&award.number), "{history}");
        app.wait_for_text("[data-testid=person-elsewhere]", "not counted in this establishment’s returns").await?;
        app.scroll_to("person-elsewhere").await?;
        look(&app, "be03-history-from-perth").await?;
        // His certificate verifies at Low Moss.
        app.go("#/awards/verify").await?;
        app.type_into("verify-number", &award.number).await?;
        app.type_into("verify-code", &award.verification_code).await?;
        app.press("verify-submit", Key::Enter).await?;
        app.wait_for_text("[data-testid=verify-result]", "issued at HMP Perth (PER)").await?;
        look(&app, "be04-verified-at-low-moss").await?;
        app.quit().await?;
    }

    // The national office: Reports opens on the national return; the figures taken in.
    {
        let app = App::launch_with(office.path(), &[("RECOVERY_REGISTER_IMPORT_FILE", figures.clone())]).await?;
        app.log_in(ADMIN, ADMIN_PASSWORD).await?;
        app.go("#/reports").await?;
        app.testid("national-office").await?;
        app.press("take-in-figures", Key::Enter).await?;
        app.wait_for_text("[data-testid=national-done]", "PER, October 2026: taken in.").await?;
        app.wait_for_text("[data-testid=report-missing]", "HMP Low Moss (LMS)").await?;
        app.wait_for_text("[data-testid=report-figures]", "1 establishment sent").await?;
        app.wait_for_text("h1", "National monthly return").await?;
        look(&app, "be05-national-office").await?;
        app.scroll_to("report-missing").await?;
        look(&app, "be06-national-return").await?;
        app.quit().await?;
    }
    // What the installs hold, read from their files as the apps left them.
    let (store, admin) = crate::harness::open_database(office.path())?;
    let october = recovery_register::views::Month { year: 2026, month: 10 };
    let national = store.national_return(&admin, october)?;
    assert_eq!((national.sent.len(), national.totals.named_attendances()), (1, 4));
    Ok(())
}
