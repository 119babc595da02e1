//! End-to-end: the real app in its real webview (WebKitGTK via tauri-driver), on a fresh
//! database in a temporary folder, with "today" pinned to Monday 16 November 2026. One
//! scenario, in order, as a caseworker would work: first run; twelve people with names in many
//! scripts; a weekly group with all twelve enrolled; a register taken with the keyboard alone; a
//! session cancelled with a reason; a restart that finds everything still there. Every screen is
//! screenshotted (target/e2e-screenshots) and checked with axe-core (WCAG 2.2 AA).

use crate::harness::{look, memory_report, App, Result};
use fantoccini::key::Key;
use std::time::Instant;

const PASSWORD: &str = "a long enough password";

const PEOPLE: [(&str, &str, &str); 12] = [
    ("100001", "Seán", "Ó Súilleabháin"),
    ("100002", "Siobhán", "Nic a' Bhàird"),
    ("100003", "Łukasz", "Żółć"),
    ("100004", "Zoë", "O'Neill-Smith"),
    ("100005", "Nguyễn Thị Minh", "Khai"),
    ("100006", "Ciarán", "Mac Giolla Phádraig"),
    ("100007", "Žygimantas", "Kazlauskas"),
    ("100008", "Małgorzata", "Wiśniewska"),
    ("100009", "Ștefan", "Popescu"),
    ("100010", "Çağlar", "Yılmaz"),
    ("100011", "Søren", "Ærø"),
    ("100012", "Eilidh", "MacLeòid"),
];

/// The marks on the register as (prison number, mark, reason), in roster order.
async fn marks(app: &App) -> Result<Vec<(String, String, String)>> {
    let mut out = Vec::new();
    for row in app.find_all("[data-testid=register-row]").await? {
        let text = row.text().await?;
        let number = PEOPLE.iter().find(|(n, _, _)| text.contains(n)).map(|p| p.0.to_string()).unwrap_or_default();
        out.push((number, row.attr("data-mark").await?.unwrap_or_default(), row.attr("data-reason").await?.unwrap_or_default()));
    }
    Ok(out)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_caseworkers_first_week() -> Result {
    let data = tempfile::tempdir()?;
    let launched = Instant::now();
    let mut app = App::launch(data.path()).await?;

    // First run: the first administrator, and the recovery key shown once.
    app.testid("set-up").await?;
    let cold_start = launched.elapsed();
    look(&app, "00-set-up").await?;
    app.fill("Your name", "Alison Grant").await?;
    app.fill("Username", "agrant").await?;
    app.fill("Password", PASSWORD).await?;
    app.fill("Password again", PASSWORD).await?;
    let setting_up = Instant::now();
    app.click("set-up").await?;
    let key = app.testid("recovery-key").await?.text().await?;
    let set_up_time = setting_up.elapsed();
    assert!(recovery_register::keys::RecoveryKey::parse(&key).is_ok(), "a recovery key is shown: {key}");
    look(&app, "00-recovery-key").await?;
    app.find("input[type=checkbox]").await?.click().await?;
    app.click("recovery-key-done").await?;

    // Then the establishment.
    app.testid("first-run-form").await?;
    look(&app, "01-first-run").await?;
    app.type_into("establishment-name-input", "HMP Perth").await?;
    app.type_into("establishment-code-input", "per").await?;
    app.click("establishment-save").await?;
    app.wait_for_text("h1", "Today").await?;
    app.testid("no-sessions").await?;
    look(&app, "02-today-empty").await?;

    // Twelve people, names in many scripts.
    for (i, (number, given, family)) in PEOPLE.iter().enumerate() {
        app.click("nav-people").await?;
        app.click("add-person").await?;
        app.type_into("new-person-prison-number", number).await?;
        app.type_into("new-person-given-name", given).await?;
        app.type_into("new-person-family-name", family).await?;
        app.type_into("new-person-dob", &format!("{:02}/0{}/198{}", 10 + i, 1 + i % 9, i % 10)).await?;
        app.type_into("new-person-location", ["A Hall", "B Hall", "C Hall"][i % 3]).await?;
        if i == 0 {
            look(&app, "03-add-person").await?;
        }
        app.click("new-person-save").await?;
        let name = app.testid("person-name").await?;
        assert_eq!(name.text().await?, format!("{given} {family}"), "the name is shown exactly as typed");
    }
    look(&app, "04-person").await?;
    // A bad date is refused with the field named, and nothing is added.
    app.click("nav-people").await?;
    app.click("add-person").await?;
    app.type_into("new-person-prison-number", "100099").await?;
    app.type_into("new-person-given-name", "Test").await?;
    app.type_into("new-person-family-name", "Person").await?;
    app.type_into("new-person-dob", "31/02/1990").await?;
    app.click("new-person-save").await?;
    let error = app.testid("new-person-error").await?.text().await?;
    assert!(error.contains("date of birth") && error.contains("31/02/1990"), "{error}");
    // Find as you type, ignoring accents.
    app.click("nav-people").await?;
    app.type_into("people-search", "lukasz zol").await?;
    let rows = app.wait_for_count("[data-testid=person-row]", 1).await?;
    assert!(rows[0].text().await?.contains("Żółć"));
    look(&app, "05-people-search").await?;

    // A weekly group on Mondays from 2 November, with all twelve enrolled.
    app.click("nav-groups").await?;
    app.click("new-group").await?;
    app.type_into("group-name", "SMART Recovery (Halls A–B)").await?;
    app.select("group-kind", "smart_recovery").await?;
    app.type_into("group-location", "Chapel").await?;
    app.type_into("group-starts", "02/11/2026").await?;
    app.type_into("group-time", "14:00").await?;
    app.type_into("group-duration", "90").await?;
    app.select("group-weekday", "mon").await?;
    app.type_into("group-every", "1").await?;
    look(&app, "06-new-group").await?;
    app.click("group-save").await?;
    app.wait_for_text("[data-testid=group-title]", "SMART Recovery (Halls A–B)").await?;
    app.click("enrol-people").await?;
    app.type_into("enrol-search", "1000").await?;
    let candidates = app.wait_for_count("[data-testid=enrol-candidate]", 12).await?;
    for c in candidates {
        c.click().await?;
    }
    app.type_into("enrol-date", "02/11/2026").await?;
    look(&app, "07-enrol").await?;
    app.click("enrol-save").await?;
    app.wait_for_count("[data-testid=roster-row]", 12).await?;
    app.click("generate-sessions").await?;
    app.type_into("generate-from", "02/11/2026").await?;
    app.type_into("generate-to", "30/11/2026").await?;
    app.click("generate-save").await?;
    app.wait_for_count("[data-testid=session-row]", 5).await?;
    look(&app, "08-group").await?;

    // Today lists the session; its register is taken with the keyboard alone.
    app.click("nav-today").await?;
    let today = app.wait_for_text("[data-testid=week-session]", "16/11/2026").await?;
    look(&app, "09-today").await?;
    today.find(fantoccini::Locator::Css("[data-testid=open-register]")).await?.click().await?;
    app.wait_for_count("[data-testid=register-row]", 12).await?;
    // Rows are by family name: Ærø, Kazlauskas, Khai, Mac Giolla Phádraig, MacLeòid, Nic a'
    // Bhàird, O'Neill-Smith, Popescu, Wiśniewska, Yılmaz, Ó Súilleabháin, Żółć (or similar);
    // whatever the order, mark by position and check by position.
    let before = marks(&app).await?;
    assert!(before.iter().all(|(_, m, _)| m == "none"));
    app.keystrokes = 0;
    let started = Instant::now();
    // Row 1 present, row 2 late, row 3 absent (not unlocked: key 5), row 4 left early,
    // row 5 absent (healthcare: key H), then everyone else present, then save.
    app.keys("p").await?;
    app.keys("l").await?;
    app.keys("a").await?;
    app.testid("absence-picker").await?;
    look(&app, "10-absence-picker").await?;
    app.keys("5").await?;
    app.keys("e").await?;
    app.keys("a").await?;
    app.keys("h").await?;
    app.chord(Key::Shift, 'P').await?;
    app.chord(Key::Control, 's').await?;
    let saved = app.wait_for_text("[data-testid=saved-status]", "Saved").await?;
    let took = started.elapsed();
    assert!(saved.text().await?.contains("everyone marked"));
    look(&app, "11-register-saved").await?;
    let after = marks(&app).await?;
    let kinds: Vec<(&str, &str)> = after.iter().map(|(_, m, r)| (m.as_str(), r.as_str())).collect();
    assert_eq!(kinds[..5], [("present", ""), ("late", ""), ("absent", "not_unlocked"), ("left_early", ""), ("absent", "healthcare")]);
    assert!(kinds[5..].iter().all(|k| *k == ("present", "")), "everyone else present: {kinds:?}");
    let register_keys = app.keystrokes;

    // Next week's session is cancelled for a lockdown, from its session log.
    app.click("nav-groups").await?;
    app.wait_for_text("[data-testid=group-row]", "SMART Recovery").await?.find(fantoccini::Locator::Css("a")).await?.click().await?;
    let next = app.wait_for_text("[data-testid=session-row]", "23/11/2026").await?;
    next.find(fantoccini::Locator::Css("[data-testid=session-log]")).await?.click().await?;
    app.click("outcome-cancelled").await?;
    app.click("cancel-reason-lockdown").await?;
    app.type_into("cancel-note", "Whole-establishment lockdown after an incident").await?;
    look(&app, "12-session-log").await?;
    app.click("save-session-log").await?;
    app.wait_for_text("[data-testid=session-status]", "Cancelled").await?;
    look(&app, "13-session-cancelled").await?;
    let memory = memory_report();

    // A second launch hands over to the running app and exits, rather than opening the
    // database twice.
    let mut second = std::process::Command::new(crate::harness::app_binary())
        .envs(crate::harness::app_env(data.path()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    let deadline = Instant::now() + std::time::Duration::from_secs(15);
    let exited = loop {
        if let Some(status) = second.try_wait()? {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = second.kill();
            break None;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert!(exited.is_some_and(|s| s.success()), "a second instance kept running: {exited:?}");
    app.find("h1").await?;
    app.quit().await?;

    // Restart: log in (the real key derivation: this is the unlock time), and everything is
    // still there.
    let mut app = App::launch(data.path()).await?;
    let unlocking = Instant::now();
    app.log_in("agrant", PASSWORD).await?;
    let unlock_time = unlocking.elapsed();
    app.wait_for_text("h1", "Today").await?;
    app.wait_for_text("[data-testid=establishment-name]", "HMP Perth").await?;
    app.click("nav-groups").await?;
    app.wait_for_text("[data-testid=group-row]", "SMART Recovery").await?.find(fantoccini::Locator::Css("a")).await?.click().await?;
    app.wait_for_count("[data-testid=roster-row]", 12).await?;
    app.wait_for_text("[data-testid=session-row]", "Lockdown").await?;
    let held = app.wait_for_text("[data-testid=session-row]", "16/11/2026").await?;
    assert!(held.text().await?.contains("Held"), "{}", held.text().await?);
    held.find(fantoccini::Locator::Css("[data-testid=session-register]")).await?.click().await?;
    app.wait_for_count("[data-testid=register-row]", 12).await?;
    assert_eq!(marks(&app).await?, after, "the register survived the restart");
    app.click("nav-people").await?;
    app.type_into("people-search", "SIOBHAN").await?;
    app.wait_for_text("[data-testid=person-row]", "Nic a' Bhàird").await?;
    look(&app, "14-after-restart").await?;
    app.keystrokes = 0;
    app.quit().await?;

    println!("\nFigures from the end-to-end run:");
    println!("  cold start to the first screen (incl. WebDriver session): {:.2} s", cold_start.as_secs_f64());
    println!("  set-up (key, key file, encrypted database): {:.2} s", set_up_time.as_secs_f64());
    println!("  log-in to the app (Argon2id 256 MiB unlock, open, first screen): {:.2} s", unlock_time.as_secs_f64());
    println!("  12-person register: {register_keys} keystrokes, {:.1} s from first key to 'Saved'", took.as_secs_f64());
    let total: f64 = memory.iter().map(|(_, mb)| mb).sum();
    for (name, mb) in &memory {
        println!("  memory (PSS) {name}: {mb:.0} MB");
    }
    println!("  memory (PSS) total: {total:.0} MB");
    Ok(())
}
