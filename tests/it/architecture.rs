//! The layers of ARCHITECTURE.md, held by reading the source tree (as rust-analyzer's tidy tests
//! do): a forbidden import fails here, naming the file and the line, before anyone has to notice
//! it in review. The checker is tested on made-up sources too, so it is known to fail.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What each module of the core may import from the rest of the core, lowest layer first.
/// `None` means "anything but what `DENIED` says".
const ALLOWED: &[(&str, Option<&[&str]>)] = &[
    ("error", Some(&[])),
    ("dates", Some(&["error"])),
    ("text", Some(&["error"])),
    ("model", Some(&["error", "dates", "text"])),
    ("rules", Some(&["error", "dates", "text", "model"])),
    ("views", Some(&["error", "dates", "text", "model", "rules"])),
    ("exchange", Some(&["error", "dates", "text", "model", "rules"])),
    ("pdf", Some(&["error", "dates", "text", "model", "rules", "views"])),
    ("change_file", Some(&["error", "rules"])),
    ("card", Some(&["error", "change_file"])),
    ("sealed_file", Some(&["error"])),
    ("figures_file", Some(&["error", "model", "views", "sealed_file"])),
    ("transfer_pack", Some(&["error", "model", "sealed_file"])),
    ("csv_file", Some(&["error"])),
    ("files", Some(&["error"])),
    ("verification", Some(&["error", "model"])),
    ("actor", Some(&["error", "model"])),
    ("keys", Some(&["error", "files", "rules"])),
    ("paths", Some(&["error"])),
    ("store", None),
    ("reports", None),
    ("printing", None),
    ("backup", None),
    ("access", None),
    ("demo", None),
    ("documents", None),
    ("national", None),
    ("transfer", None),
];

/// Above the store: what the store itself must never reach up to.
const DENIED: &[(&str, &[&str])] = &[
    ("store", &["reports", "printing", "backup", "access", "demo", "documents", "national", "transfer"]),
    ("reports", &["printing", "backup", "access", "demo", "documents", "national", "transfer"]),
];

/// One source file: its path from the repository root, and its text.
struct Source {
    path: String,
    text: String,
}

/// The module path of a core file: `src/pdf/report.rs` is `[pdf, report]`, `src/pdf/mod.rs` is
/// `[pdf]`, `src/lib.rs` is `[]`.
fn module_path(path: &str) -> Vec<String> {
    let rel = path.trim_start_matches("src/").trim_end_matches(".rs");
    let mut parts: Vec<String> = rel.split('/').map(str::to_string).collect();
    if matches!(parts.last().map(String::as_str), Some("mod") | Some("lib")) {
        parts.pop();
    }
    parts
}

/// The code of a line: what comes before a `//` comment (no string in an import holds one).
fn code(line: &str) -> &str {
    match line.find("//") {
        Some(i) => &line[..i],
        None => line,
    }
}

/// The top-level core modules a line refers to: `crate::x`, `crate::{x, y}`, the crate root's
/// re-exports (`crate::Store` is the store), and `super::` chains that climb out of a module.
fn referenced(line: &str, here: &[String], root_exports: &BTreeMap<String, String>) -> Vec<String> {
    let mut found = Vec::new();
    let line = code(line);
    let mut rest = line;
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().last();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `recovery_register_crate::`, not ours
        }
        let names: Vec<&str> = if let Some(inner) = rest.strip_prefix('{') {
            let end = inner.find('}').unwrap_or(inner.len());
            inner[..end].split(',').map(|n| n.trim().split("::").next().unwrap_or("")).collect()
        } else {
            vec![rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("")]
        };
        for name in names.into_iter().filter(|n| !n.is_empty() && *n != "self") {
            found.push(root_exports.get(name).cloned().unwrap_or_else(|| name.to_string()));
        }
    }
    let mut rest = line;
    while let Some(i) = rest.find("super::") {
        let mut up = 0;
        let mut tail = &rest[i..];
        while let Some(t) = tail.strip_prefix("super::") {
            up += 1;
            tail = t;
        }
        rest = tail;
        // A file's own module is `here`; `super` is its parent, and one more `super` each time.
        if up >= here.len() {
            let name = tail.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("");
            if !name.is_empty() && name != "self" {
                found.push(root_exports.get(name).cloned().unwrap_or_else(|| name.to_string()));
            }
        }
    }
    found
}

/// `pub use store::Store;` in lib.rs makes `crate::Store` mean the store.
fn root_exports(lib: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for line in lib.lines().filter_map(|l| l.trim().strip_prefix("pub use ")) {
        let Some((module, names)) = line.trim_end_matches(';').split_once("::") else { continue };
        for name in names.trim_matches(|c| c == '{' || c == '}').split(',') {
            let name = name.rsplit("::").next().unwrap_or("").trim();
            if !name.is_empty() {
                map.insert(name.to_string(), module.to_string());
            }
        }
    }
    map
}

/// Every broken rule in `sources`, one line each: "file:line: what".
fn violations(sources: &[Source]) -> Vec<String> {
    let lib = sources.iter().find(|s| s.path == "src/lib.rs").map(|s| s.text.as_str()).unwrap_or("");
    let exports = root_exports(lib);
    let allowed: BTreeMap<&str, Option<&[&str]>> = ALLOWED.iter().copied().collect();
    let denied: BTreeMap<&str, &[&str]> = DENIED.iter().copied().collect();
    let mut out = Vec::new();
    for s in sources {
        let core = s.path.starts_with("src/") && !s.path.starts_with("src/bin/");
        let adapter = s.path.starts_with("src-tauri/src/") || s.path.starts_with("src/bin/");
        for (n, line) in s.text.lines().enumerate() {
            let at = format!("{}:{}", s.path, n + 1);
            if s.path.ends_with(".rs") && core {
                let here = module_path(&s.path);
                let Some(top) = here.first() else { continue };
                if code(line).contains("tauri::") || code(line).contains("use tauri") {
                    out.push(format!("{at}: the core imports Tauri"));
                }
                if code(line).contains("recovery_register_desktop") || code(line).contains("#[path = \"bin/") {
                    out.push(format!("{at}: the core imports the desktop shell or the command line"));
                }
                for used in referenced(line, &here, &exports) {
                    if used == *top {
                        continue;
                    }
                    let refused = match allowed.get(top.as_str()) {
                        Some(Some(may)) => !may.contains(&used.as_str()),
                        Some(None) => denied.get(top.as_str()).is_some_and(|d| d.contains(&used.as_str())),
                        None => {
                            out.push(format!("{at}: `{top}` is a module ARCHITECTURE.md's layers do not place"));
                            false
                        }
                    };
                    if refused {
                        out.push(format!("{at}: `{top}` imports `{used}`, which its layer may not use"));
                    }
                }
            }
            if s.path.ends_with(".rs") && (core || adapter) && names_local_time(code(line)) {
                out.push(format!("{at}: reads the PC's own time zone; the working day is Europe/London's (dates::ZONE)"));
            }
            if s.path.ends_with(".rs") && adapter {
                let c = code(line);
                if c.contains("rusqlite") || ["SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM"].iter().any(|q| c.contains(q)) {
                    out.push(format!("{at}: SQL in an adapter (the shell and the CLI only translate)"));
                }
            }
            let ui = s.path.starts_with("ui/src/") && !s.path.ends_with(".test.ts");
            if ui && s.path != "ui/src/lib/api.ts" && line.contains("@tauri-apps/") {
                out.push(format!("{at}: only ui/src/lib/api.ts may import @tauri-apps"));
            }
        }
    }
    out
}

/// Whether a line names chrono's `Local` (the PC's own zone): the identifier itself, in a line
/// about chrono or as `Local::...`; `LocalResult` and the like are other names.
fn names_local_time(code: &str) -> bool {
    let named = code.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|word| word == "Local");
    named && (code.contains("chrono") || code.contains("Local::"))
}

fn collect(root: &Path, dir: &str, exts: &[&str], into: &mut Vec<Source>) {
    let Ok(entries) = std::fs::read_dir(root.join(dir)) else { return };
    let mut entries: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
        if path.is_dir() {
            collect(root, &rel, exts, into);
        } else if exts.iter().any(|e| rel.ends_with(e)) {
            into.push(Source { path: rel, text: std::fs::read_to_string(&path).unwrap() });
        }
    }
}

#[test]
fn the_source_keeps_its_layers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = Vec::new();
    collect(root, "src", &[".rs"], &mut sources);
    collect(root, "src-tauri/src", &[".rs"], &mut sources);
    collect(root, "ui/src", &[".ts", ".svelte"], &mut sources);
    assert!(sources.len() > 100, "read only {} files: is the tree where this test thinks?", sources.len());
    let found = violations(&sources);
    assert!(found.is_empty(), "{} broken rule(s):\n{}", found.len(), found.join("\n"));
    // Every top-level module of the core has a place in the layers.
    let lib = sources.iter().find(|s| s.path == "src/lib.rs").unwrap();
    for line in lib.text.lines() {
        if let Some(m) = line.strip_prefix("pub mod ").or_else(|| line.strip_prefix("mod ")) {
            let m = m.trim_end_matches(';');
            assert!(ALLOWED.iter().any(|(name, _)| *name == m), "src/lib.rs: `{m}` has no place in the layers");
        }
    }
}

#[test]
fn the_core_does_not_depend_on_tauri() {
    let manifest = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let deps = manifest.split("[dependencies]").nth(1).unwrap().split("\n[").next().unwrap();
    assert!(!deps.contains("tauri"), "the core's [dependencies] name Tauri:\n{deps}");
}

/// The checker on made-up trees: `(path, text)` pairs, and the rules it must report.
fn check(files: &[(&str, &str)], expected: &[&str]) {
    let mut sources = vec![Source { path: "src/lib.rs".into(), text: "pub use store::Store;\npub use error::{Error, Result};\n".into() }];
    sources.extend(files.iter().map(|(p, t)| Source { path: p.to_string(), text: t.to_string() }));
    assert_eq!(violations(&sources), expected, "for {files:?}");
}

#[test]
fn the_checker_names_file_and_line_of_a_forbidden_import() {
    // A prison PC's clock zone may be anything (a Windows image set up elsewhere): never read it.
    check(
        &[("src/dates.rs", "pub fn today() -> NaiveDate {\n    chrono::Local::now().date_naive()\n}\n")],
        &["src/dates.rs:2: reads the PC's own time zone; the working day is Europe/London's (dates::ZONE)"],
    );
    check(
        &[("src/bin/recovery-register/main.rs", "let now = Local::now();\n")],
        &["src/bin/recovery-register/main.rs:1: reads the PC's own time zone; the working day is Europe/London's (dates::ZONE)"],
    );
    check(&[("src/store/audit.rs", "chrono::LocalResult::Single(t) => t,\nlet zone = crate::dates::ZONE;\n")], &[]);
    // Allowed: a layout using the read models and the rules; the store using the layout.
    check(&[("src/pdf/report.rs", "use crate::views::MonthlyReport;\nuse crate::rules::attendance;\n")], &[]);
    check(&[("src/store/awards.rs", "use crate::pdf::picture;\n")], &[]);
    // The PDFs, the model, the rules and the spreadsheet reader never import the store.
    check(
        &[("src/pdf/report.rs", "//! A report.\n\nuse crate::store::Store;\n")],
        &["src/pdf/report.rs:3: `pdf` imports `store`, which its layer may not use"],
    );
    check(
        &[("src/model/group.rs", "fn f() { let _ = crate::Store::open; }\n")],
        &["src/model/group.rs:1: `model` imports `store`, which its layer may not use"],
    );
    check(
        &[("src/rules/liberation.rs", "use crate::{model::Consent, store::liberation};\n")],
        &["src/rules/liberation.rs:1: `rules` imports `store`, which its layer may not use"],
    );
    check(
        &[("src/exchange/cells.rs", "use super::super::store::rows;\n")],
        &["src/exchange/cells.rs:1: `exchange` imports `store`, which its layer may not use"],
    );
    // A comment naming the store is not an import; `super` within the module is not leaving it.
    check(&[("src/pdf/table.rs", "// see crate::store for where rows come from\nuse super::layout;\n")], &[]);
    // The store never reaches up to the reports or the demo.
    check(
        &[("src/store/audit.rs", "\n\nlet w = crate::reports::csv::write_csv;\n")],
        &["src/store/audit.rs:3: `store` imports `reports`, which its layer may not use"],
    );
    // A new top-level module has to be given a layer.
    check(
        &[("src/sync/mod.rs", "use crate::store::Store;\n")],
        &["src/sync/mod.rs:1: `sync` is a module ARCHITECTURE.md's layers do not place"],
    );
    // The core never imports the shell; adapters hold no SQL; only api.ts imports Tauri.
    check(&[("src/printing.rs", "use tauri::Manager;\n")], &["src/printing.rs:1: the core imports Tauri"]);
    check(
        &[("src-tauri/src/commands.rs", "fn f() {\n    conn.execute(\"DELETE FROM person\", [])\n}\n")],
        &["src-tauri/src/commands.rs:2: SQL in an adapter (the shell and the CLI only translate)"],
    );
    check(
        &[("ui/src/screens/Today.svelte", "<script>\n  import { invoke } from '@tauri-apps/api/core';\n</script>\n")],
        &["ui/src/screens/Today.svelte:2: only ui/src/lib/api.ts may import @tauri-apps"],
    );
    check(&[("ui/src/lib/api.ts", "import { invoke } from '@tauri-apps/api/core';\n")], &[]);
}

/// The rehearsal switches (issue 19): the variables that make the app save without its dialog,
/// read a file without asking, lock later than chosen never, pin "today" or weaken the key
/// derivation. The shell reads them only in `rehearsal.rs`, and there only behind the
/// `rehearsal` feature; the CLI names them in its arguments and refuses them without it; a
/// pinned date is set only behind the feature.
const REHEARSAL_VARS: &[&str] = &[
    "RECOVERY_REGISTER_EXPORT_DIR",
    "RECOVERY_REGISTER_IMPORT_FILE",
    "RECOVERY_REGISTER_LOCK_SECONDS",
    "RECOVERY_REGISTER_TODAY",
    "RECOVERY_REGISTER_KEY_COST",
];
const REHEARSAL_FILES: &[&str] = &["src-tauri/src/rehearsal.rs", "src/bin/recovery-register/args.rs", "src/bin/recovery-register/auth.rs"];
const REHEARSAL_CFG: &str = "cfg(feature = \"rehearsal\")";

fn rehearsal_violations(sources: &[Source]) -> Vec<String> {
    let mut found = Vec::new();
    for s in sources.iter().filter(|s| s.path.ends_with(".rs")) {
        let lines: Vec<&str> = s.text.lines().collect();
        // Under the feature: a `cfg` line above it within its function, or on the function.
        let above = |i: usize| lines[..i].iter().rev().map(|l| l.trim()).find(|l| !l.is_empty() && !l.starts_with("//"));
        let guarded = |n: usize| {
            let mut i = n;
            loop {
                let l = lines[i].trim();
                if i < n && l.contains(REHEARSAL_CFG) {
                    return true;
                }
                if ["fn ", "pub fn ", "pub(crate) fn "].iter().any(|f| l.starts_with(f)) {
                    return above(i).is_some_and(|l| l.contains(REHEARSAL_CFG));
                }
                if i == 0 {
                    return false;
                }
                i -= 1;
            }
        };
        for (n, line) in lines.iter().enumerate() {
            let c = code(line);
            if let Some(var) = REHEARSAL_VARS.iter().find(|v| c.contains(*v)) {
                if !REHEARSAL_FILES.contains(&s.path.as_str()) {
                    found.push(format!("{}:{}: reads the rehearsal switch {var} outside src-tauri/src/rehearsal.rs", s.path, n + 1));
                }
            }
            if s.path == REHEARSAL_FILES[0] && c.contains("std::env::") && !guarded(n) {
                found.push(format!("{}:{}: reads the environment without {REHEARSAL_CFG}", s.path, n + 1));
            }
            if c.contains(".set_today(") && !guarded(n) {
                found.push(format!("{}:{}: pins today without {REHEARSAL_CFG}", s.path, n + 1));
            }
        }
    }
    found
}

#[test]
fn the_rehearsal_switches_are_compiled_only_into_rehearsal_builds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = Vec::new();
    collect(root, "src", &[".rs"], &mut sources);
    collect(root, "src-tauri/src", &[".rs"], &mut sources);
    assert!(sources.iter().any(|s| s.path == REHEARSAL_FILES[0]), "the shell's rehearsal module is where this test thinks");
    let found = rehearsal_violations(&sources);
    assert!(found.is_empty(), "{} broken rule(s):\n{}", found.len(), found.join("\n"));
    // The tests' build has the feature (make test passes it); the shell declares it.
    let shell = std::fs::read_to_string(root.join("src-tauri/Cargo.toml")).unwrap();
    assert!(shell.contains("rehearsal = [\"recovery-register/rehearsal\"]"), "src-tauri/Cargo.toml declares the feature");
    let make = std::fs::read_to_string(root.join("Makefile")).unwrap();
    assert!(make.contains("REHEARSAL := --features recovery-register-desktop/rehearsal"), "make test builds with it");
}

#[test]
fn the_rehearsal_checker_finds_a_switch_read_in_the_open() {
    let check = |path: &str, text: &str, expected: &[&str]| {
        let found = rehearsal_violations(&[Source { path: path.into(), text: text.into() }]);
        assert_eq!(found, expected, "{path}: {text}");
    };
    // What the app did before: the save dialog skipped for anyone who set the variable.
    check(
        "src-tauri/src/exports.rs",
        "fn unattended() -> Option<PathBuf> {\n    std::env::var_os(\"RECOVERY_REGISTER_EXPORT_DIR\").map(PathBuf::from)\n}\n",
        &["src-tauri/src/exports.rs:2: reads the rehearsal switch RECOVERY_REGISTER_EXPORT_DIR outside src-tauri/src/rehearsal.rs"],
    );
    check(
        "src-tauri/src/access.rs",
        "fn opened(store: &mut Store) {\n    store.set_today(today);\n}\n",
        &["src-tauri/src/access.rs:2: pins today without cfg(feature = \"rehearsal\")"],
    );
    check(
        "src-tauri/src/rehearsal.rs",
        "fn var(name: &str) -> Option<String> {\n    std::env::var(name).ok()\n}\n",
        &["src-tauri/src/rehearsal.rs:2: reads the environment without cfg(feature = \"rehearsal\")"],
    );
    // Behind the feature: allowed.
    check(
        "src-tauri/src/rehearsal.rs",
        "#[cfg(feature = \"rehearsal\")]\nfn var(name: &str) -> Option<String> { std::env::var(name).ok() }\n",
        &[],
    );
    check(
        "src/bin/recovery-register/auth.rs",
        "fn pin(store: &mut Store) {\n    #[cfg(feature = \"rehearsal\")]\n    store.set_today(today);\n}\n",
        &[],
    );
    check(
        "src-tauri/src/rehearsal.rs",
        "pub fn pin_today(store: &mut Store) {\n    #[cfg(feature = \"rehearsal\")]\n    if let Some(t) = var(\"X\") {\n        store.set_today(t);\n    }\n}\n",
        &[],
    );
    // A comment may name a switch.
    check("src-tauri/src/exports.rs", "// rehearsal::export_dir replaces RECOVERY_REGISTER_EXPORT_DIR's dialog\n", &[]);
}
