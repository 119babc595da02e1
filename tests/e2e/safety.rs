//! End-to-end: a shared PC. Logging in (and a wrong password), the idle lock that leaves no
//! personal data on screen, switching to a viewer whom the core refuses, and an administrator
//! restoring yesterday's backup in the real app.

use crate::harness::{look, App, Result, ADMIN, ADMIN_PASSWORD};
use recovery_register::demo::{self, Scale};
use recovery_register::store::NewAccount;
use recovery_register::Role;
use std::path::PathBuf;
use std::time::Duration;

const TAB: char = '\u{E004}';
const ENTER: char = '\u{E007}';

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 16).unwrap()
}

async fn page_text(app: &App) -> Result<String> {
    Ok(app.find("body").await?.text().await?)
}

#[tokio::test(flavor = "multi_thread")]
async fn log_in_idle_lock_and_a_viewer_refused() -> Result {
    let data = tempfile::tempdir()?;
    let someone = {
        let (mut store, admin) = crate::harness::set_up_database(data.path())?;
        demo::generate(&mut store, &admin, Scale::Establishment, 1, today())?;
        let viewer = NewAccount {
            username: "vjones".into(),
            display_name: "Val Jones".into(),
            role: Role::Viewer,
            password: "viewer password 1".into(),
        };
        store.add_account(&admin, &viewer)?;
        let est = store.establishments(&admin)?.remove(0);
        store.participants(&admin, &Default::default())?.into_iter().find(|p| p.establishment_id == est.id).unwrap()
    };
    let mut app = App::launch_with(data.path(), &[("RECOVERY_REGISTER_LOCK_SECONDS", PathBuf::from("6"))]).await?;

    // A wrong password is refused with the same words whatever was wrong.
    app.testid("log-in").await?;
    look(&app, "s01-log-in").await?;
    // From the keyboard alone: the cursor starts in Username; Tab, then Enter submits.
    app.keys(&format!("{ADMIN}{TAB}not my password{ENTER}")).await?;
    app.wait_for_text("[role=alert]", "the username or password is wrong").await?;
    app.log_in(ADMIN, ADMIN_PASSWORD).await?;
    app.wait_for_text("[data-testid=signed-in-as]", "Alison Grant").await?;

    // Someone's record on screen, then the PC is left alone: the lock screen replaces it and
    // shows nobody's name.
    app.go(&format!("#/people/{}", someone.id)).await?;
    app.wait_for_text("[data-testid=person-name]", &someone.family_name).await?;
    let locked =
        app.client.wait().at_most(Duration::from_secs(20)).for_element(fantoccini::Locator::Css("[data-testid=lock-screen]")).await;
    assert!(locked.is_ok(), "the app did not lock after 6 idle seconds");
    let text = page_text(&app).await?;
    assert!(!text.contains(&someone.family_name) && !text.contains("Alison Grant"), "the lock screen shows personal data: {text}");
    look(&app, "s02-locked").await?;

    // Switch user, from the keyboard: a viewer. Reading is allowed; managing accounts is refused
    // by the core.
    app.keys(&format!("vjones{TAB}viewer password 1{ENTER}")).await?;
    app.testid("signed-in-as").await?;
    app.wait_for_text("[data-testid=signed-in-as]", "Val Jones").await?;
    app.go("#/admin/users").await?;
    app.wait_for_text("[role=alert]", "not allowed: your role cannot manage staff accounts").await?;
    look(&app, "s03-viewer-refused").await?;
    app.go("#/admin/audit").await?;
    app.wait_for_text("[role=alert]", "not allowed: your role cannot see the audit trail").await?;

    // The Lock button locks at once.
    app.click("lock").await?;
    app.testid("lock-screen").await?;
    app.log_in(ADMIN, ADMIN_PASSWORD).await?;
    app.go("#/admin/audit").await?;
    app.wait_for_text("[data-testid=audit-row]", "Viewed a person's record").await?;
    app.click("check-audit").await?;
    app.wait_for_text("[data-testid=audit-check-result]", "The audit trail is whole").await?;
    look(&app, "s04-audit").await?;
    app.quit().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_administrator_restores_the_days_backup() -> Result {
    let data = tempfile::tempdir()?;
    {
        let (mut store, admin) = crate::harness::set_up_database(data.path())?;
        demo::generate(&mut store, &admin, Scale::Establishment, 1, today())?;
    }
    let app = App::launch(data.path()).await?;
    app.log_in(ADMIN, ADMIN_PASSWORD).await?;
    app.wait_for_text("[data-testid=establishment-name]", "HMP Perth").await?;

    // The log-in made the day's backup. Then someone is added.
    app.go("#/admin/backups").await?;
    app.wait_for_text("[data-testid=backup-row]", "16/11/2026").await?;
    look(&app, "s05-backups").await?;
    let added = {
        let (mut store, admin) = crate::harness::open_database(data.path())?;
        let est = store.establishments(&admin)?.remove(0);
        let details = recovery_register::model::ParticipantDetails {
            kind: recovery_register::model::ParticipantKind::InCustody,
            prison_number: Some("999001".into()),
            given_name: "Added".into(),
            family_name: "After-the-backup".into(),
            date_of_birth: None,
            location: None,
            expected_liberation: None,
            printed_name: None,
        };
        store.add_participant(&admin, est.id, &details)?
    };

    // Restore the backup: confirmed first, then the person added since is gone.
    app.click("restore-register-2026-11-16.db").await?;
    look(&app, "s06-confirm-restore").await?;
    app.click("confirm-restore").await?;
    app.wait_for_text("[role=status]", "Restored from the backup of").await?;
    look(&app, "s07-restored").await?;
    let (store, admin) = crate::harness::open_database(data.path())?;
    assert!(store.participant(&admin, added.id).is_err(), "the person added after the backup is gone");
    let safety: Vec<_> = std::fs::read_dir(data.path().join("backups"))?
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("before-restore-") && e.file_name().to_string_lossy().ends_with(".db"))
        .collect();
    assert_eq!(safety.len(), 1, "a safety copy of the replaced database is kept");
    // The restored trail has its anchor, and passes the check against it.
    let check = store.check_audit_trail(&admin)?;
    assert!(
        check.broken_at.is_none() && check.anchor.as_deref().is_some_and(|a| a.starts_with("the anchor left by the restore of ")),
        "{check:?}"
    );
    drop(store);

    // A new database key, asked for under Accounts: the app's own connection re-encrypts the
    // file; the old key opens it no more, and the administrator's password still does.
    let old_key =
        recovery_register::keys::KeyFile::load(&data.path().join("register.db"))?.unlock(ADMIN, ADMIN_PASSWORD, chrono::Utc::now())?;
    {
        let (mut store, admin) = crate::harness::open_database(data.path())?;
        let leaver = recovery_register::store::NewAccount {
            username: "jsmith".into(),
            display_name: "Jo Smith".into(),
            role: recovery_register::Role::Caseworker,
            password: "jo's own passphrase".into(),
        };
        store.add_account(&admin, &leaver)?;
    }
    app.go("#/admin/users").await?;
    // Jo leaves: disabling the account changes the key too, off the window's thread.
    app.click("disable-jsmith").await?;
    app.wait_for_text("[data-testid=account-action-done]", "Jo Smith (jsmith) is disabled").await?;
    let refused = recovery_register::access::unlock(&data.path().join("register.db"), "jsmith", "jo's own passphrase", chrono::Utc::now());
    assert_eq!(refused.err().map(|e| e.code()), Some("login_failed"), "a disabled account's password opens nothing");
    app.click("change-database-key").await?;
    app.wait_for_text("[data-testid=database-key-done]", "The database key has changed: 1 account can still log in").await?;
    app.scroll_to("database-key-done").await?;
    look(&app, "s08-database-key").await?;
    assert!(recovery_register::Store::open_encrypted(&data.path().join("register.db"), &old_key).is_err(), "the old key opens nothing");
    let (store, _) = crate::harness::open_database(data.path())?;
    assert!(store.participant(&admin, added.id).is_err(), "the restored records, under the new key");
    let last = store.audit_trail(&admin, &Default::default())?;
    assert!(last.iter().any(|e| e.action == recovery_register::store::Action::Restore), "the restore is in the audit trail");
    assert!(last.iter().any(|e| e.action == recovery_register::store::Action::ChangeDatabaseKey), "and the change of key");
    drop(store);
    // Locked and logged in again, the app opens the file from the disk with the new key file.
    app.click("lock").await?;
    app.testid("lock-screen").await?;
    app.log_in(ADMIN, ADMIN_PASSWORD).await?;
    app.wait_for_text("[data-testid=establishment-name]", "HMP Perth").await?;
    app.quit().await?;
    Ok(())
}
