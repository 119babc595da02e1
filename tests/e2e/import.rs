//! End-to-end: a team's spreadsheets brought into the real app through the Import screen. A
//! people file with problems is refused, every problem listed by row and column and nothing
//! saved; then 400 people (one column mapped by hand), their groups, rosters and two years of
//! registers go in through the preview, and the database holds every mark.

use crate::harness::{look, App, Result, ADMIN, ADMIN_PASSWORD};
use recovery_register::exchange::sample::sample_sheets;
use recovery_register::model::NewEstablishment;
use std::time::{Duration, Instant};

/// As `wait_for_text`, with time for a file of thousands of rows to be checked in a debug build.
async fn wait_long(app: &App, testid: &str, text: &str) -> Result<String> {
    let started = Instant::now();
    loop {
        if let Ok(found) = app.find_all(&format!("[data-testid=\"{testid}\"]")).await {
            for e in found {
                let t = e.text().await?;
                if t.contains(text) {
                    return Ok(t);
                }
            }
        }
        if started.elapsed() > Duration::from_secs(120) {
            let error = match app.find_all("[data-testid=\"import-error\"]").await?.first() {
                Some(e) => e.text().await?,
                None => String::new(),
            };
            return Err(format!("no '{testid}' containing '{text}' (error shown: {error})").into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A count as the screen shows it: 12,197 (the core's grouping; the UI's is checked against it).
fn grouped(n: usize) -> String {
    recovery_register::text::grouped(n as u64)
}

async fn import(app: &App, upload: &std::path::Path, kind: &str, contents: &str, counts: &str) -> Result<String> {
    std::fs::write(upload, contents)?;
    app.click(&format!("import-kind-{kind}")).await?;
    app.click("import-choose").await?;
    wait_long(app, "import-counts", counts).await?;
    app.click("import-run").await?;
    wait_long(app, "import-done", "Imported upload.csv").await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rejected_file_then_four_hundred_people_and_two_years_of_registers() -> Result {
    let data = tempfile::tempdir()?;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
    {
        let (mut store, admin) = crate::harness::set_up_database(data.path())?;
        store.add_establishment(&admin, &NewEstablishment { code: "PER".into(), name: "HMP Perth".into() })?;
    }
    let sheets = sample_sheets(2026, 400, 2, today);
    let upload = data.path().join("upload.csv");
    let app = App::launch_with(data.path(), &[("RECOVERY_REGISTER_IMPORT_FILE", upload.clone())]).await?;
    app.log_in(ADMIN, ADMIN_PASSWORD).await?;
    app.click("nav-import").await?;
    app.wait_for_text("h1", "Import from spreadsheets").await?;
    look(&app, "i01-import").await?;

    // A hand-made file with problems: every one listed, Import not offered, nothing saved.
    std::fs::write(
        &upload,
        "\u{feff}Prison number;Forename;Surname;Date of birth\r\n100234;Siobhán;Ó Súilleabháin;31/02/1990\r\n100235;=HYPERLINK(\"x\");Reid;\r\n100234;Łukasz;Żółć;17/11/1990\r\n",
    )?;
    app.click("import-choose").await?;
    wait_long(&app, "import-problem", "February 1990 has 28 days").await?;
    let problems = app.find_all("[data-testid=import-problem]").await?;
    let mut texts = Vec::new();
    for p in &problems {
        texts.push(p.text().await?);
    }
    assert_eq!(texts.len(), 3, "{texts:?}");
    assert!(texts[1].contains("spreadsheet formula"), "{texts:?}");
    assert!(texts[2].contains("100234 is also on row 2"), "{texts:?}");
    assert!(!app.testid("import-run").await?.is_enabled().await?, "Import is not offered with problems");
    app.scroll_to("import-problem").await?;
    look(&app, "i02-rejected").await?;
    app.click("import-cancel").await?;
    {
        let (store, admin) = crate::harness::open_database(data.path())?;
        assert!(store.participants(&admin, &Default::default())?.is_empty(), "the refused file saved nothing");
    }

    // A webview that names a file of its own (here the key file beside the database) is refused:
    // the shell reads only a file the person chose, by the token it gave for it.
    let own = data.path().join("register.keys");
    assert!(own.exists(), "the key file is there to be asked for");
    let answer = app
        .client
        .execute_async(
            "const done = arguments[1];
             window.__TAURI_INTERNALS__.invoke('import_sheet', { file: arguments[0], kind: 'people', establishmentId: null, mapping: null, commit: false })
               .then(r => done('read: ' + JSON.stringify(r)), e => done('refused: ' + JSON.stringify(e)));",
            vec![serde_json::Value::String(own.display().to_string())],
        )
        .await?;
    let answer = answer.as_str().unwrap_or_default().to_string();
    assert!(answer.starts_with("refused: ") && answer.contains("was not chosen here"), "{answer}");

    // 400 people; the "Landing" column is not a header the import knows, so it is mapped by hand.
    let people = sheets.people.replace(",Hall,", ",Landing,");
    std::fs::write(&upload, &people)?;
    app.click("import-kind-people").await?;
    app.click("import-choose").await?;
    wait_long(&app, "import-counts", "400 rows read: 400 to add").await?;
    let landing = app.testid("import-map-4").await?;
    assert_eq!(landing.prop("value").await?.as_deref(), Some(""), "left out until chosen");
    app.select("import-map-4", "location").await?;
    let started = Instant::now();
    while app.testid("import-map-4").await?.prop("value").await?.as_deref() != Some("location")
        || !app.testid("import-run").await?.is_enabled().await?
    {
        assert!(started.elapsed() < Duration::from_secs(60), "the preview came back with the new mapping");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    app.scroll_to("import-counts").await?;
    look(&app, "i03-people-preview").await?;
    app.click("import-run").await?;
    wait_long(&app, "import-done", "400 added").await?;

    import(&app, &upload, "groups", &sheets.groups, "6 to add").await?;
    import(&app, &upload, "rosters", &sheets.rosters, &format!("{} to add", grouped(sheets.roster_rows))).await?;
    std::fs::write(&upload, &sheets.registers)?;
    app.click("import-kind-registers").await?;
    app.click("import-choose").await?;
    wait_long(&app, "import-counts", &format!("{} to add", grouped(sheets.register_rows))).await?;
    wait_long(&app, "import-notes", "will be added, as held").await?;
    app.scroll_to("import-notes").await?;
    look(&app, "i04-registers-preview").await?;
    app.click("import-run").await?;
    let done = wait_long(&app, "import-done", &format!("{} added", grouped(sheets.register_rows))).await?;
    println!("{done}");
    app.scroll_to("import-done").await?;
    look(&app, "i05-registers-imported").await?;

    let (store, admin) = crate::harness::open_database(data.path())?;
    assert_eq!(store.participants(&admin, &Default::default())?.len(), 400);
    let marks: i64 = store.connection().query_row("SELECT count(*) FROM attendance", [], |r| r.get(0))?;
    assert_eq!(marks as usize, sheets.register_rows);
    let located: i64 = store.connection().query_row("SELECT count(*) FROM participant WHERE location LIKE '_ Hall'", [], |r| r.get(0))?;
    assert_eq!(located, 400, "the hand-mapped column went in");
    app.quit().await?;
    Ok(())
}
