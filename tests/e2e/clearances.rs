//! End-to-end: volunteers' clearances in the real app. The establishment demo has one volunteer
//! whose Standard Plus lapsed a fortnight ago and one whose clearance runs out within 90 days.
//! Today warns; the Clearances screen lists both; planning a session with the lapsed volunteer
//! is refused by the core with the reason; after the renewal is recorded, it is planned.

use crate::harness::{look, App, Result, ADMIN, ADMIN_PASSWORD};
use recovery_register::demo::{self, Scale};
use recovery_register::model::FacilitatorKind;

const LAPSED: &str = "Des O'B. (CA)";
const EXPIRING: &str = "Anne M. (AA)";

#[tokio::test(flavor = "multi_thread")]
async fn a_lapsed_clearance_is_warned_about_refused_and_renewed() -> Result {
    let data = tempfile::tempdir()?;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
    let (group, lapsed) = {
        let (mut store, admin) = crate::harness::set_up_database(data.path())?;
        demo::generate(&mut store, &admin, Scale::Establishment, 1, today)?;
        let des = store
            .facilitators(&admin)?
            .into_iter()
            .find(|f| f.name == LAPSED && f.kind == FacilitatorKind::Volunteer)
            .ok_or("the lapsed volunteer")?;
        let group = store
            .groups(&admin, None)?
            .into_iter()
            .find(|g| g.details.facilitators.contains(&des.id))
            .ok_or("a group run by the lapsed volunteer")?;
        let lapsed = store.clearance_warnings(&admin, None)?.lapsed.remove(0);
        (group, lapsed)
    };
    let app = App::launch(data.path()).await?;
    app.log_in(ADMIN, ADMIN_PASSWORD).await?;

    // Today says so.
    app.wait_for_text("[data-testid=today-clearance-warnings]", "lapsed").await?;
    look(&app, "k01-today-warning").await?;

    // The Clearances screen names both.
    app.click("nav-clearances").await?;
    app.wait_for_text("[data-testid=lapsed-row]", LAPSED).await?;
    app.wait_for_text("[data-testid=expiring-row]", EXPIRING).await?;
    look(&app, "k02-clearances").await?;

    // The sessions turned away at the gate point at the clearance.
    app.go(&format!("#/groups/{}", group.id)).await?;
    app.testid("cancelled-clearance-link").await?.click().await?;
    app.wait_for_text("h1", "Clearances").await?;

    // A session with the lapsed volunteer is refused, with the reason.
    app.go(&format!("#/groups/{}", group.id)).await?;
    app.click("add-session").await?;
    app.type_into("add-session-date", "23/11/2026").await?;
    app.click("add-session-save").await?;
    app.wait_for_text("[data-testid=session-error]", &format!("{LAPSED} is not cleared (clearance expired on 02/11/2026)")).await?;
    look(&app, "k03-session-refused").await?;

    // The renewal is recorded; the session can now be planned.
    app.click("nav-clearances").await?;
    app.click(&format!("renew-{}", lapsed.clearance.id)).await?;
    app.click("renew-clearance-save").await?;
    app.wait_for_text("[data-testid=clearance-row]", "16/11/2026").await?;
    look(&app, "k04-renewed").await?;
    app.go(&format!("#/groups/{}", group.id)).await?;
    app.click("add-session").await?;
    app.type_into("add-session-date", "23/11/2026").await?;
    app.click("add-session-save").await?;
    app.wait_for_text("[data-testid=session-row]", "23/11/2026").await?;

    let (store, admin) = crate::harness::open_database(data.path())?;
    let w = store.clearance_warnings(&admin, None)?;
    assert!(w.lapsed.is_empty(), "renewed: {:?}", w.lapsed);
    app.quit().await?;
    Ok(())
}
