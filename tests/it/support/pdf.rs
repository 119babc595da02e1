//! What every PDF the app writes must pass, checked with real readers: qpdf's structural check,
//! every font embedded (pdffonts), and its page count (pdfinfo).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs a checking tool: whether it succeeded, and everything it printed.
pub fn run(cmd: &str, args: &[&str]) -> (bool, String) {
    let out = output(Command::new(cmd).args(args)).unwrap_or_else(|e| panic!("cannot run {cmd} (install poppler-utils and qpdf): {e}"));
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
}

/// The text of a whole PDF as `pdftotext` reads it (its default layout).
pub fn text_of(pdf: &Path) -> String {
    let (ok, text) = run("pdftotext", &["-q", "-enc", "UTF-8", pdf.to_str().unwrap(), "-"]);
    assert!(ok, "pdftotext failed on {}: {text}", pdf.display());
    text
}

/// Whether `qpdf --check` finds the PDF sound.
pub fn qpdf_passes(pdf: &Path) -> bool {
    let (ok, report) = run("qpdf", &["--check", pdf.to_str().unwrap()]);
    ok && report.contains("No syntax or stream encoding errors")
}

#[cfg(not(windows))]
fn output(command: &mut Command) -> std::io::Result<std::process::Output> {
    command.output()
}

/// Under Wine the checkers are the Linux host's own, run by the test host (support::host): Wine
/// can start a Linux program but not wait for it or read what it printed.
#[cfg(windows)]
fn output(command: &mut Command) -> std::io::Result<std::process::Output> {
    use std::os::windows::process::ExitStatusExt;
    let args: Vec<_> = command.get_args().map(|a| a.to_string_lossy().into_owned()).collect();
    let reply = super::host::ask(serde_json::json!({ "do": "check", "tool": command.get_program().to_string_lossy(), "args": args }))?;
    let bytes = |field: &str| -> Vec<u8> {
        let hex = reply[field].as_str().unwrap_or_default().as_bytes();
        hex.chunks(2).map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap()).collect()
    };
    let code = reply["code"].as_i64().unwrap_or(-1) as u32;
    Ok(std::process::Output { status: std::process::ExitStatus::from_raw(code), stdout: bytes("stdout"), stderr: bytes("stderr") })
}

/// Writes `bytes` to `dir/name` (also to `REPORT_PDF_KEEP_DIR` if set, to look at), checks it,
/// and returns the file and its page count.
pub fn written(dir: &Path, name: &str, bytes: &[u8]) -> (PathBuf, usize) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    if let Some(keep) = std::env::var_os("REPORT_PDF_KEEP_DIR") {
        std::fs::copy(&path, Path::new(&keep).join(name)).unwrap();
    }
    let file = path.to_str().unwrap();
    let (ok, report) = run("qpdf", &["--check", file]);
    assert!(ok && report.contains("No syntax or stream encoding errors"), "qpdf --check on {name}:\n{report}");

    let (ok, listing) = run("pdffonts", &[file]);
    assert!(ok, "{listing}");
    let fonts: Vec<&str> = listing.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert!(!fonts.is_empty(), "{name}: no fonts at all:\n{listing}");
    for row in fonts {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "{name}: font not embedded: {row}");
    }

    let (ok, info) = run("pdfinfo", &[file]);
    assert!(ok, "{info}");
    let pages = info.lines().find_map(|l| l.strip_prefix("Pages:")).map(|n| n.trim().parse::<usize>().unwrap()).unwrap();
    (path, pages)
}

/// Each non-empty text on a laid-out page as a box (left, top, right, bottom, text) in mm, by
/// its measured width and `above`/`below` ems around the baseline.
pub fn text_boxes<'a>(
    page: &'a recovery_register::pdf::layout::Page,
    m: &dyn recovery_register::pdf::layout::Measure,
    above: f32,
    below: f32,
) -> Vec<(f32, f32, f32, f32, &'a str)> {
    use recovery_register::pdf::layout::{Align, Element, MM_PER_PT};
    page.elements
        .iter()
        .filter_map(|e| match e {
            Element::Text { text, face, size_pt, x, y, align, .. } if !text.is_empty() => {
                let w = m.width_mm(*face, *size_pt, text);
                let x0 = match align {
                    Align::Left => *x,
                    Align::Centre => x - w / 2.0,
                    Align::Right => x - w,
                };
                let em = size_pt * MM_PER_PT;
                Some((x0, y - above * em, x0 + w, y + below * em, text.as_str()))
            }
            _ => None,
        })
        .collect()
}
