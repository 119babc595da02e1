//! Drives the real desktop app (debug build, with the built UI embedded) through tauri-driver and
//! WebKitWebDriver. Each `App` is one launch of the app on a database in a temporary folder
//! (synthetic data only); dropping it stops the app and the driver.

// Not every scenario uses every helper.
#![allow(dead_code)]

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The administrator every seeded database has.
pub const ADMIN: &str = "agrant";
pub const ADMIN_PASSWORD: &str = "correct horse battery";

/// A database set up as the app's first run does (with the tests' cheaper key derivation, so
/// each log-in takes milliseconds, not the real 0.7 s), its administrator logged in.
pub fn set_up_database(data: &Path) -> Result<(recovery_register::Store, recovery_register::Actor)> {
    let db = data.join("register.db");
    let made = recovery_register::access::set_up(&db, ADMIN, "Alison Grant", ADMIN_PASSWORD, recovery_register::keys::Cost::MINIMUM)?;
    Ok((made.store, made.actor))
}

/// Opens the test database beside the running app, as its administrator.
pub fn open_database(data: &Path) -> Result<(recovery_register::Store, recovery_register::Actor)> {
    Ok(recovery_register::access::unlock(&data.join("register.db"), ADMIN, ADMIN_PASSWORD, chrono::Utc::now())?)
}

pub fn workspace() -> PathBuf {
    // This binary is the desktop shell's integration test (src-tauri/Cargo.toml).
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").canonicalize().unwrap()
}

pub fn app_binary() -> PathBuf {
    // Cargo builds the app for this test in the same invocation (same features, no second
    // build); the UI must be built first (`make ui`), since the app embeds ui/dist.
    PathBuf::from(env!("CARGO_BIN_EXE_recovery-register-desktop"))
}

pub fn screenshot_dir() -> PathBuf {
    let dir = workspace().join("target/e2e-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// tauri-driver listens on one port: the scenarios take turns, whatever the test threads.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub struct App {
    pub client: Client,
    driver: Child,
    /// The database this launch runs on: how its app process is told from any other.
    db: PathBuf,
    _turn: tokio::sync::MutexGuard<'static, ()>,
    /// Keys sent since the counter was last reset, for the "how many keystrokes" figure.
    pub keystrokes: usize,
}

/// A port nothing listens on now (the system picks it).
fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// The environment every launch of the app gets: its own database and data folders.
pub fn app_env(data: &Path) -> Vec<(&'static str, PathBuf)> {
    vec![
        ("RECOVERY_REGISTER_DB", data.join("register.db")),
        ("RECOVERY_REGISTER_TODAY", PathBuf::from("2026-11-16")),
        ("XDG_DATA_HOME", data.join("xdg-data")),
        ("XDG_CACHE_HOME", data.join("xdg-cache")),
        ("XDG_CONFIG_HOME", data.join("xdg-config")),
    ]
}

impl App {
    /// Starts tauri-driver with the app's environment (tauri-driver passes it to the app).
    pub async fn launch(data: &Path) -> Result<App> {
        App::launch_with(data, &[]).await
    }

    /// As `launch`, with more environment for the app (e.g. `RECOVERY_REGISTER_EXPORT_DIR`).
    pub async fn launch_with(data: &Path, extra: &[(&'static str, PathBuf)]) -> Result<App> {
        let turn = ONE_AT_A_TIME.lock().await;
        // A loaded machine has once left WebKitWebDriver waiting for an app that never came up,
        // and the session request hanging with it: give each try a minute, then start again
        // with a fresh driver, so a test fails (or passes) instead of hanging CI.
        let mut tries = 0;
        let (client, driver) = loop {
            tries += 1;
            // Free ports, not the fixed 4444/4445: another run on this machine (a second
            // checkout, a CI job) must not meet this one's driver.
            let (port, native) = (free_port()?, free_port()?);
            let mut driver = Command::new("tauri-driver")
                .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
                .envs(app_env(data))
                .envs(extra.iter().cloned())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| format!("could not start tauri-driver (cargo install tauri-driver --locked): {e}"))?;
            let caps: serde_json::Map<String, Value> = serde_json::from_value(json!({
                "tauri:options": { "application": app_binary() },
                "browserName": "wry",
            }))?;
            let started = Instant::now();
            let connected = loop {
                let mut builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
                builder.capabilities(caps.clone());
                let url = format!("http://127.0.0.1:{port}");
                match tokio::time::timeout(Duration::from_secs(60), builder.connect(&url)).await {
                    Ok(Ok(c)) => break Ok(c),
                    Ok(Err(e)) if started.elapsed() < Duration::from_secs(30) => {
                        let _ = e;
                        tokio::time::sleep(Duration::from_millis(250)).await;
                    }
                    Ok(Err(e)) => break Err(format!("no WebDriver session: {e}")),
                    Err(_) => break Err("no WebDriver session within 60 s".to_string()),
                }
            };
            match connected {
                Ok(c) => break (c, driver),
                Err(e) => {
                    let _ = driver.kill();
                    let _ = driver.wait();
                    if tries >= 2 {
                        return Err(e.into());
                    }
                }
            }
        };
        Ok(App { client, driver, db: data.join("register.db"), _turn: turn, keystrokes: 0 })
    }

    pub async fn quit(mut self) -> Result {
        self.client.clone().close().await?;
        stop(&mut self.driver);
        Ok(())
    }

    /// Waits for an element (the UI loads asynchronously).
    pub async fn find(&self, css: &str) -> Result<Element> {
        Ok(self.client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css(css)).await?)
    }

    #[allow(dead_code)]
    pub async fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        Ok(self.client.find_all(Locator::Css(css)).await?)
    }

    /// Waits until `css` matches an element whose text contains `text`.
    pub async fn wait_for_text(&self, css: &str, text: &str) -> Result<Element> {
        let started = Instant::now();
        loop {
            for e in self.client.find_all(Locator::Css(css)).await? {
                match e.text().await {
                    Ok(t) if t.contains(text) => return Ok(e),
                    Ok(_) => {}
                    // Svelte replaced the node between finding and reading it: look again.
                    Err(e) if e.is_stale_element_reference() => {}
                    Err(e) => return Err(e.into()),
                }
            }
            if started.elapsed() > Duration::from_secs(10) {
                return Err(format!("no '{css}' containing '{text}'").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Types into the input labelled `label` (by its <label for>), replacing what was there.
    #[allow(dead_code)]
    pub async fn fill(&self, label: &str, value: &str) -> Result {
        let id = self
            .client
            .execute(
                "const want = arguments[0];
                 for (const l of document.querySelectorAll('label')) {
                   if (l.textContent.trim().replace(/\\s+/g, ' ').startsWith(want) && l.htmlFor) return l.htmlFor;
                 }
                 return null;",
                vec![json!(label)],
            )
            .await?;
        let id = id.as_str().ok_or_else(|| format!("no field labelled '{label}'"))?.to_string();
        let input = self.client.find(Locator::Id(&id)).await?;
        input.clear().await?;
        input.send_keys(value).await?;
        Ok(())
    }

    /// Chooses the option whose text is `option` in the <select> labelled `label`.
    #[allow(dead_code)]
    pub async fn choose(&self, label: &str, option: &str) -> Result {
        let done = self
            .client
            .execute(
                "const [want, option] = arguments;
                 for (const l of document.querySelectorAll('label')) {
                   if (!l.textContent.trim().startsWith(want) || !l.htmlFor) continue;
                   const s = document.getElementById(l.htmlFor);
                   for (const o of s.options) if (o.textContent.trim() === option) {
                     s.value = o.value; s.dispatchEvent(new Event('change', { bubbles: true })); return true;
                   }
                 }
                 return false;",
                vec![json!(label), json!(option)],
            )
            .await?;
        if done != json!(true) {
            return Err(format!("no option '{option}' in '{label}'").into());
        }
        Ok(())
    }

    /// Goes to an in-app route, as following a link would.
    #[allow(dead_code)]
    pub async fn go(&self, hash: &str) -> Result {
        self.client.execute("location.hash = arguments[0]; return true;", vec![json!(hash)]).await?;
        Ok(())
    }

    /// Logs in on the log-in or lock screen and waits for the app to show who is in.
    pub async fn log_in(&self, username: &str, password: &str) -> Result {
        self.testid("log-in").await?;
        self.fill("Username", username).await?;
        self.fill("Password", password).await?;
        self.click("log-in").await?;
        self.client.wait().at_most(Duration::from_secs(20)).for_element(Locator::Css("[data-testid=\"signed-in-as\"]")).await?;
        Ok(())
    }

    pub async fn testid(&self, id: &str) -> Result<Element> {
        self.find(&format!("[data-testid=\"{id}\"]")).await
    }

    pub async fn click(&self, id: &str) -> Result {
        for tries in 1.. {
            match self.testid(id).await?.click().await {
                Ok(()) => break,
                // The screen re-rendered the element between finding and clicking it (a load
                // finishing): find it again, a few times, rather than fail on the race.
                Err(e) if e.is_stale_element_reference() && tries < 5 => tokio::time::sleep(Duration::from_millis(100)).await,
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    /// Types into the field with this test id, replacing what was there.
    /// Presses `key` on the element (a button or a link), as someone who reached it with Tab
    /// would: the keyboard's way of clicking.
    pub async fn press(&self, id: &str, key: fantoccini::key::Key) -> Result {
        self.testid(id).await?.send_keys(&char::from(key).to_string()).await?;
        Ok(())
    }

    pub async fn type_into(&self, id: &str, value: &str) -> Result {
        for tries in 1.. {
            let input = self.testid(id).await?;
            let typed = async {
                input.clear().await?;
                input.send_keys(value).await
            };
            match typed.await {
                Ok(()) => break,
                // As in `click`: a field re-rendered under the keys is found again and typed anew.
                Err(e) if e.is_stale_element_reference() && tries < 5 => tokio::time::sleep(Duration::from_millis(100)).await,
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    /// Sets a <select> by option value, as a person choosing from the list would.
    pub async fn select(&self, id: &str, value: &str) -> Result {
        let done = self
            .client
            .execute(
                "const s = document.querySelector(`[data-testid=\"${arguments[0]}\"]`);
                 if (!s || ![...s.options].some(o => o.value === arguments[1])) return false;
                 s.value = arguments[1]; s.dispatchEvent(new Event('change', { bubbles: true })); return true;",
                vec![json!(id), json!(value)],
            )
            .await?;
        if done != json!(true) {
            return Err(format!("no option '{value}' in '{id}'").into());
        }
        Ok(())
    }

    /// Waits until `css` matches exactly `n` elements.
    pub async fn wait_for_count(&self, css: &str, n: usize) -> Result<Vec<Element>> {
        let started = Instant::now();
        loop {
            let found = self.client.find_all(Locator::Css(css)).await?;
            if found.len() == n {
                return Ok(found);
            }
            if started.elapsed() > Duration::from_secs(10) {
                return Err(format!("expected {n} of '{css}', found {}", found.len()).into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Sends keys to whatever has focus, counting them.
    pub async fn keys(&mut self, keys: &str) -> Result {
        self.keystrokes += keys.chars().count();
        let active = self.client.active_element().await?;
        active.send_keys(keys).await?;
        Ok(())
    }

    /// A modifier held with a key (Shift+P, Ctrl+S): two keystrokes.
    pub async fn chord(&mut self, modifier: fantoccini::key::Key, key: char) -> Result {
        self.keystrokes += 2;
        let active = self.client.active_element().await?;
        active.send_keys(&format!("{}{key}", char::from(modifier))).await?;
        Ok(())
    }

    /// Scrolls the first element with this test id to the middle of the window, so a screenshot
    /// shows it (WebDriver screenshots show the window, not the whole page). Only the screen's
    /// own box may scroll: the window scrolling too would take the top bar and the sidebar's
    /// foot out of sight, so that fails.
    /// Waits for the element with this test id, scrolls the screen's box to it and clicks it: a
    /// person's way to a button below the fold of a screen still loading.
    pub async fn reach_and_click(&self, id: &str) -> Result {
        self.testid(id).await?;
        self.scroll_to(id).await?;
        self.click(id).await
    }

    pub async fn scroll_to(&self, id: &str) -> Result {
        let window_scrolled = self
            .client
            .execute(
                "const e = document.querySelector(`[data-testid=\"${arguments[0]}\"]`); if (!e) { return -1; } e.scrollIntoView({block: 'center'}); return window.scrollY;",
                vec![serde_json::Value::String(id.into())],
            )
            .await?;
        match window_scrolled.as_f64() {
            Some(y) if y < 0.0 => Err(format!("no element with test id '{id}'").into()),
            Some(y) if y > 0.0 => Err(format!("the window itself scrolled by {y}px to show '{id}' (only the screen's box should)").into()),
            _ => Ok(()),
        }
    }

    /// Saves a screenshot after two animation frames, so it shows the current state.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        self.client
            .execute_async("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));", vec![])
            .await?;
        let png = self.client.screenshot().await?;
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Runs axe-core on the page and returns its WCAG 2.x A/AA violations (id: nodes).
    pub async fn accessibility_violations(&self) -> Result<Vec<String>> {
        let axe = std::fs::read_to_string(workspace().join("ui/node_modules/axe-core/axe.min.js"))
            .map_err(|e| format!("axe-core is installed with the UI's npm packages: {e}"))?;
        self.client.execute(&format!("{axe}\n;window.axe = axe; return true;"), vec![]).await?;
        let result = self
            .client
            .execute_async(
                "const done = arguments[0];
                 window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
                   .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
                   .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await?;
        Ok(serde_json::from_value(result)?)
    }
}

impl Drop for App {
    fn drop(&mut self) {
        stop(&mut self.driver);
        // The app is single-instance: a next launch that meets this one still exiting hands
        // over to it and quits, leaving WebKitWebDriver waiting. The turn is held until it is gone.
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let left = app_processes(&self.db);
            if left.is_empty() {
                break;
            }
            if Instant::now() > deadline {
                for pid in left {
                    let _ = Command::new("kill").args(["-KILL", &pid]).status();
                }
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// The app processes started on this database (their environment names it).
fn app_processes(db: &Path) -> Vec<String> {
    let wanted = format!("RECOVERY_REGISTER_DB={}", db.display());
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|pid| pid.chars().all(|c| c.is_ascii_digit()))
        .filter(|pid| {
            let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
            comm.starts_with("recovery-regist")
                && std::fs::read(format!("/proc/{pid}/environ"))
                    .map(|env| env.split(|b| *b == 0).any(|v| v == wanted.as_bytes()))
                    .unwrap_or(false)
        })
        .collect()
}

/// SIGTERM, so tauri-driver stops WebKitWebDriver too (SIGKILL would orphan it on port 4445).
fn stop(driver: &mut Child) {
    if let Ok(None) = driver.try_wait() {
        let _ = Command::new("kill").args(["-TERM", &driver.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = driver.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = driver.kill();
        let _ = driver.wait();
    }
}

/// Proportional set size (MB) of the app's processes: the app itself and WebKit's web and
/// network processes. Shared libraries are split fairly between processes, so the sum is honest.
pub fn memory_report() -> Vec<(String, f64)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir("/proc") else { return out };
    for entry in entries.flatten() {
        let pid = entry.file_name();
        let Some(pid) = pid.to_str().filter(|p| p.chars().all(|c| c.is_ascii_digit())) else { continue };
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        let comm = comm.trim();
        if !(comm.starts_with("recovery-regist") || comm.starts_with("WebKitWebProces") || comm.starts_with("WebKitNetworkPr")) {
            continue;
        }
        let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
        let pss_kb: f64 = rollup
            .lines()
            .find(|l| l.starts_with("Pss:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0);
        out.push((comm.to_string(), pss_kb / 1024.0));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// A screenshot of the screen as it is (README's pictures come from these), and axe finding no
/// accessibility violations on it.
pub async fn look(app: &App, name: &str) -> Result {
    app.screenshot(name).await?;
    let violations = app.accessibility_violations().await?;
    assert!(violations.is_empty(), "{name}: accessibility violations: {violations:#?}");
    Ok(())
}

/// A person in custody with the minimum the tests need.
pub fn prisoner(number: &str, given: &str, family: &str, location: &str) -> recovery_register::model::ParticipantDetails {
    recovery_register::model::ParticipantDetails {
        kind: recovery_register::model::ParticipantKind::InCustody,
        prison_number: Some(number.into()),
        given_name: given.into(),
        family_name: family.into(),
        date_of_birth: None,
        location: Some(location.into()),
        expected_liberation: None,
        printed_name: None,
    }
}

/// The one file with extension `ext` in `folder` (what an unattended save wrote there).
pub fn only_file(folder: &Path, ext: &str) -> PathBuf {
    let found: Vec<PathBuf> =
        std::fs::read_dir(folder).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == ext)).collect();
    assert_eq!(found.len(), 1, "one .{ext} file in {}: {found:?}", folder.display());
    found[0].clone()
}

/// A peer-led SMART Recovery group meeting in the chapel at 10:00 from `starts_on`, no schedule.
pub fn smart_group(starts_on: chrono::NaiveDate) -> recovery_register::model::GroupDetails {
    recovery_register::model::GroupDetails {
        name: "SMART Recovery".into(),
        kind: recovery_register::model::GroupKind::PeerLed,
        location: Some("Chapel".into()),
        starts_on,
        ends_on: None,
        start_time: chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        duration_minutes: 90,
        schedule: None,
        planned_sessions: None,
        completion: None,
        facilitators: vec![],
    }
}
