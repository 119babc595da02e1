//! End-to-end: a person's full record exported from their page (PDF and JSON, read back), and
//! the records of someone liberated seven years ago erased from Admin → Retention, through the
//! confirmation, in the real app.

use crate::harness::{look, prisoner, App, Result, ADMIN, ADMIN_PASSWORD};
use recovery_register::model::NewEstablishment;

#[tokio::test(flavor = "multi_thread")]
async fn a_full_record_is_exported_and_an_old_record_erased() -> Result {
    let data = tempfile::tempdir()?;
    let exports = data.path().join("exports");
    std::fs::create_dir_all(&exports)?;
    let (here, gone) = {
        let (mut store, admin) = crate::harness::set_up_database(data.path())?;
        let est = store.add_establishment(&admin, &NewEstablishment { code: "PER".into(), name: "HMP Perth".into() })?;
        let here = store.add_participant(&admin, est.id, &prisoner("100234", "Siobhán", "Ó Súilleabháin", "A Hall"))?;
        let gone = store.add_participant(&admin, est.id, &prisoner("100001", "Zephyrine", "Quillanbrook", "A Hall"))?;
        store.liberate(&admin, gone.id, chrono::NaiveDate::from_ymd_opt(2019, 5, 1).unwrap())?;
        (here, gone)
    };
    let app = App::launch_with(data.path(), &[("RECOVERY_REGISTER_EXPORT_DIR", exports.clone())]).await?;
    app.log_in(ADMIN, ADMIN_PASSWORD).await?;

    // The full record, from the person's page.
    app.go(&format!("#/people/{}", here.id)).await?;
    app.wait_for_text("h1", "Siobhán Ó Súilleabháin").await?;
    app.click("full-record-export").await?;
    app.wait_for_text("[data-testid=full-record-done]", ".json").await?;
    look(&app, "r01-full-record").await?;
    // Who looked at this record: the export just made, newest first, then the page's opening.
    app.press("who-looked-show", fantoccini::key::Key::Enter).await?;
    app.wait_for_text("[data-testid=who-looked-row]", "Exported a person's full record").await?;
    let rows = app.find_all("[data-testid=who-looked-row]").await?;
    assert_eq!(rows[0].attr("data-action").await?.as_deref(), Some("export_person_record"));
    assert_eq!(rows[1].attr("data-action").await?.as_deref(), Some("view_person"));
    look(&app, "r01-who-looked").await?;
    let mut written: Vec<_> = std::fs::read_dir(&exports)?.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    written.sort();
    assert_eq!(written.len(), 2, "{written:?}");
    let pdf = written.iter().find(|p| p.extension().is_some_and(|x| x == "pdf")).ok_or("the PDF")?;
    let text = String::from_utf8(std::process::Command::new("pdftotext").arg(pdf).arg("-").output()?.stdout)?;
    assert!(text.contains("Siobhán Ó Súilleabháin") && text.contains("100234"), "{text}");
    assert!(!text.contains("Quillanbrook"), "nothing about anyone else");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(written.iter().find(|p| p.extension().is_some_and(|x| x == "json")).ok_or("the JSON")?)?)?;
    assert_eq!(json["format_version"], 1);

    // Retention: the person liberated in 2019 is past six years; erased through the confirmation.
    app.click("nav-admin").await?;
    app.click("nav-admin-retention").await?;
    app.wait_for_text("[data-testid=retention-in-force]", "6 years").await?;
    let row = app.wait_for_text("[data-testid=retention-row]", "Quillanbrook").await?;
    assert_eq!(app.find_all("[data-testid=retention-row]").await?.len(), 1, "only the one past the period");
    row.find(fantoccini::Locator::Css("input[type=checkbox]")).await?.click().await?;
    app.click("erase-selected").await?;
    app.testid("erase-confirm").await?;
    look(&app, "r02-erase-confirm").await?;
    app.click("confirm-erase").await?;
    app.testid("erase-done").await?;
    look(&app, "r03-erased").await?;

    let (store, admin) = crate::harness::open_database(data.path())?;
    let erased =
        store.connection().query_row("SELECT given_name, family_name, prison_number FROM participant WHERE id = ?1", [gone.id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
        })?;
    assert_eq!((erased.0.as_str(), erased.1.as_str()), ("Erased", "record"));
    assert!(erased.2.starts_with("ERASED-"), "{erased:?}");
    assert_eq!(store.participant(&admin, here.id)?.family_name, "Ó Súilleabháin", "the other person is untouched");
    drop(store);
    app.quit().await?;

    // The canary search, over everything the app and its webview left on the disk: the data
    // folder (database, WAL, key file, backups and their manifests) and the webview's own
    // folders (XDG data, cache and config: WebKit's storage and caches, GTK's
    // recently-used.xbel). The person was on the screen before the erasure; nothing of them
    // may be readable anywhere once erased. The exports hold only the other person.
    let mut found = Vec::new();
    let mut searched = 0;
    let mut webviews = Vec::new();
    for path in crate::scan::files_under(data.path()) {
        if path.strip_prefix(data.path()).is_ok_and(|p| p.starts_with("xdg-data") || p.starts_with("xdg-cache")) {
            webviews.push(path.strip_prefix(data.path()).unwrap_or(&path).display().to_string());
        }
        // The webview's helper processes may still be removing their temporary files.
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e.into()),
        };
        searched += 1;
        for canary in crate::scan::found_in(&bytes, &["Quillanbrook", "Zephyrine"]) {
            found.push(format!("{canary} in {}", path.strip_prefix(data.path()).unwrap_or(&path).display()));
        }
    }
    assert!(searched >= 5, "the search reached the files ({searched})");
    assert!(!webviews.is_empty(), "the webview's own folders were searched too");
    println!("searched {searched} files, {} of them the webview's: {webviews:?}", webviews.len());
    assert!(found.is_empty(), "{found:?}");
    Ok(())
}
