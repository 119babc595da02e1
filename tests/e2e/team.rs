//! End-to-end: a team of two PCs, each the real app on its own data folder. The office PC makes a
//! joining file (Admin › Team of PCs); a second app, on a PC with no database, joins from it with
//! the passphrase the office showed; each takes a register; each sends its changes and takes in
//! the other's (from Today); and both registers are on both PCs.

use crate::harness::{look, only_file, App, Result, ADMIN, ADMIN_PASSWORD};
use fantoccini::key::Key;
use recovery_register::model::*;
use std::path::PathBuf;

fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Opens a register, marks everyone present from the keyboard, saves, and says how many rows.
async fn take_register_all_present(app: &mut App, session: SessionId) -> Result<usize> {
    app.go(&format!("#/sessions/{session}/register")).await?;
    let rows = app.wait_for_count("[data-testid=register-row]", 2).await?;
    app.chord(Key::Shift, 'P').await?;
    app.chord(Key::Control, 's').await?;
    app.wait_for_text("[data-testid=saved-status]", "Saved").await?;
    Ok(rows.len())
}

async fn marks_on(app: &App, session: SessionId) -> Result<Vec<String>> {
    app.go(&format!("#/sessions/{session}/register")).await?;
    app.wait_for_count("[data-testid=register-row]", 2).await?;
    let mut out = Vec::new();
    for row in app.find_all("[data-testid=register-row]").await? {
        out.push(row.attr("data-mark").await?.unwrap_or_default());
    }
    Ok(out)
}

#[tokio::test(flavor = "multi_thread")]
async fn two_pcs_join_take_a_register_each_and_exchange_changes() -> Result {
    let office = tempfile::tempdir()?;
    let cafe = tempfile::tempdir()?;
    let office_files = office.path().join("stick");
    let cafe_files = cafe.path().join("stick");
    std::fs::create_dir_all(&office_files)?;
    std::fs::create_dir_all(&cafe_files)?;
    let (first, second) = {
        let (mut store, admin) = crate::harness::set_up_database(office.path())?;
        store.set_today(d(2026, 11, 16));
        let est = store.add_establishment(&admin, &NewEstablishment { code: "PER".into(), name: "HMP Perth".into() })?;
        let group = store.add_group(&admin, est.id, &crate::harness::smart_group(d(2026, 11, 2)))?;
        for (n, given, family) in [("A100001", "Siobhán", "Ó Súilleabháin"), ("A100002", "Łukasz", "Żółć")] {
            let p = store.add_participant(&admin, est.id, &crate::harness::prisoner(n, given, family, "A Hall, 1/2"))?;
            store.enrol(&admin, group.id, p.id, d(2026, 11, 2))?;
        }
        let first = store.add_session(&admin, group.id, d(2026, 11, 9), None)?;
        let second = store.add_session(&admin, group.id, d(2026, 11, 16), None)?;
        (first.id, second.id)
    };
    let cheap = ("RECOVERY_REGISTER_KEY_COST", PathBuf::from("minimum"));

    // The office: Admin › Team of PCs, "Add a PC": the joining file on the stick, the passphrase
    // on screen; then the register of 09/11.
    let passphrase = {
        let mut app = App::launch_with(office.path(), &[("RECOVERY_REGISTER_EXPORT_DIR", office_files.clone()), cheap.clone()]).await?;
        app.log_in(ADMIN, ADMIN_PASSWORD).await?;
        app.go("#/admin/team").await?;
        app.testid("team-alone").await?;
        look(&app, "pc01-team-alone").await?;
        app.type_into("new-pc-name", "Café PC").await?;
        app.press("make-joining-file", Key::Enter).await?;
        let phrase = app.testid("joining-passphrase").await?.text().await?;
        assert_eq!(phrase.len(), 24, "{phrase}");
        app.wait_for_text("[data-testid=team-this-pc]", "Office PC").await?;
        app.wait_for_text("[data-testid=team-warnings]", "Café PC: no changes taken in from it yet").await?;
        look(&app, "pc02-joining-file-made").await?;
        assert_eq!(take_register_all_present(&mut app, first).await?, 2);
        app.quit().await?;
        phrase
    };
    let joining = only_file(&office_files, "rrjoin");
    assert!(!std::fs::read(&joining)?.windows(passphrase.len()).any(|w| w == passphrase.as_bytes()), "the passphrase is not on the stick");

    // The café PC has no database: it joins from the file, with the passphrase typed in.
    {
        let mut app = App::launch_with(
            cafe.path(),
            &[("RECOVERY_REGISTER_IMPORT_FILE", joining.clone()), ("RECOVERY_REGISTER_EXPORT_DIR", cafe_files.clone()), cheap.clone()],
        )
        .await?;
        app.testid("set-up-screen").await?;
        app.press("choose-joining-file", Key::Enter).await?;
        app.testid("join-passphrase").await?;
        // A wrong passphrase is refused, and nothing is made.
        app.keys("AAAA-BBBB-CCCC-DDDD-EEEE\u{E007}").await?;
        app.wait_for_text("[data-testid=join-error]", "passphrase does not open").await?;
        look(&app, "pc03-join-wrong-passphrase").await?;
        app.type_into("join-passphrase", &passphrase.to_lowercase()).await?;
        app.press("join", Key::Enter).await?;
        app.wait_for_text("[data-testid=joined-notice]", "This PC is now “Café PC”").await?;
        look(&app, "pc04-joined").await?;
        app.log_in(ADMIN, ADMIN_PASSWORD).await?;
        app.wait_for_text("[data-testid=today-team-taken-in]", "None taken in on this PC yet").await?;
        // The office's records came with the joining file; the café takes 16/11's register.
        assert_eq!(marks_on(&app, first).await?, ["none", "none"]);
        assert_eq!(take_register_all_present(&mut app, second).await?, 2);
        app.go("#/").await?;
        app.testid("today-team").await?;
        app.press("today-team-send", Key::Enter).await?;
        app.wait_for_text("[data-testid=today-team-done]", "Changes saved for the other PCs").await?;
        look(&app, "pc05-today-team-sent").await?;
        app.quit().await?;
    }
    let from_cafe = only_file(&cafe_files, "rrchanges");
    assert!(from_cafe.file_name().unwrap().to_string_lossy().contains("Changes from Café PC, 16-11-2026"));

    // The office takes the café's changes in from Today: a preview, then Take in.
    {
        let app = App::launch_with(
            office.path(),
            &[("RECOVERY_REGISTER_IMPORT_FILE", from_cafe.clone()), ("RECOVERY_REGISTER_EXPORT_DIR", office_files.clone()), cheap.clone()],
        )
        .await?;
        app.log_in(ADMIN, ADMIN_PASSWORD).await?;
        app.testid("today-team").await?;
        app.press("today-team-take-in", Key::Enter).await?;
        app.wait_for_text("[data-testid=today-team-preview]", "from Café PC").await?;
        look(&app, "pc06-take-in-preview").await?;
        app.press("today-team-confirm-take-in", Key::Enter).await?;
        app.wait_for_text("[data-testid=today-team-done]", "Took in").await?;
        app.wait_for_text("[data-testid=today-team-taken-in]", "Last taken in on").await?;
        assert_eq!(marks_on(&app, second).await?, ["present", "present"], "the café's register on the office PC");
        assert_eq!(marks_on(&app, first).await?, ["present", "present"]);
        app.go("#/admin/team").await?;
        app.testid("conflicts-none").await?;
        look(&app, "pc07-team").await?;
        app.go("#/").await?;
        app.press("today-team-send", Key::Enter).await?;
        app.wait_for_text("[data-testid=today-team-done]", "Changes saved").await?;
        app.quit().await?;
    }
    let from_office = only_file(&office_files, "rrchanges");

    // The café takes the office's in: both registers on both PCs.
    {
        let app = App::launch_with(cafe.path(), &[("RECOVERY_REGISTER_IMPORT_FILE", from_office.clone()), cheap]).await?;
        app.log_in(ADMIN, ADMIN_PASSWORD).await?;
        app.press("today-team-take-in", Key::Enter).await?;
        app.wait_for_text("[data-testid=today-team-preview]", "from Office PC").await?;
        app.press("today-team-confirm-take-in", Key::Enter).await?;
        app.wait_for_text("[data-testid=today-team-done]", "Took in").await?;
        assert_eq!(marks_on(&app, first).await?, ["present", "present"], "the office's register on the café PC");
        assert_eq!(marks_on(&app, second).await?, ["present", "present"]);
        app.quit().await?;
    }
    // The same records on both, read from the files as the app left them.
    let (office_store, _) = crate::harness::open_database(office.path())?;
    let (cafe_store, _) = crate::harness::open_database(cafe.path())?;
    assert_eq!(office_store.team_dump()?, cafe_store.team_dump()?);
    Ok(())
}

/// Admin › Establishments: this install's card saved with its fingerprint shown, and another
/// install's card added after its fingerprint is shown to compare, by keyboard.
#[tokio::test(flavor = "multi_thread")]
async fn receiving_cards_are_saved_and_added_showing_their_fingerprints() -> Result {
    let here = tempfile::tempdir()?;
    let elsewhere = tempfile::tempdir()?;
    let stick = here.path().join("stick");
    std::fs::create_dir_all(&stick)?;
    {
        let (store, admin) = crate::harness::set_up_database(here.path())?;
        let mut store = store;
        store.add_establishment(&admin, &NewEstablishment { code: "PER".into(), name: "HMP Perth".into() })?;
    }
    let low_moss = {
        let (mut store, admin) = crate::harness::set_up_database(elsewhere.path())?;
        store.add_establishment(&admin, &NewEstablishment { code: "LMS".into(), name: "HMP Low Moss".into() })?;
        let path = elsewhere.path().join("low-moss.rrcard");
        let card = store.save_own_card(&admin, Some("LMS"), None, &path)?;
        (path, card.fingerprint())
    };
    let app = App::launch_with(
        here.path(),
        &[("RECOVERY_REGISTER_EXPORT_DIR", stick.clone()), ("RECOVERY_REGISTER_IMPORT_FILE", low_moss.0.clone())],
    )
    .await?;
    app.log_in(ADMIN, ADMIN_PASSWORD).await?;
    app.go("#/admin/establishments").await?;
    app.testid("cards-none").await?;
    app.press("save-card-PER", Key::Enter).await?;
    let saved = app.wait_for_text("[data-testid=cards-done]", "HMP Perth's card saved").await?.text().await?;
    let ours = only_file(&stick, "rrcard");
    let card = recovery_register::card::Card::from_file(&std::fs::read(&ours)?)?;
    assert!(saved.contains(&card.fingerprint()), "{saved}");
    app.press("add-card", Key::Enter).await?;
    let shown = app.testid("card-fingerprint").await?.text().await?;
    assert_eq!(shown, low_moss.1, "the fingerprint shown is the card's");
    look(&app, "pc08-add-card").await?;
    app.press("confirm-add-card", Key::Enter).await?;
    app.wait_for_text("[data-testid=card-held]", "HMP Low Moss").await?;
    app.wait_for_text("[data-testid=card-held]", &low_moss.1).await?;
    look(&app, "pc09-establishments").await?;
    app.quit().await?;
    Ok(())
}
