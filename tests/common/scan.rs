//! The canary search, shared by the core's tests (tests/it) and the app's (tests/e2e): every
//! file under a folder, and the names found in a file's bytes as a thief with a hex editor would
//! look for them.

use std::path::{Path, PathBuf};

/// Every file under `dir`, at any depth.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Which of `needles` appear in `bytes`, as UTF-8 or UTF-16 (either byte order), ignoring
/// ASCII case.
pub fn found_in<'a>(bytes: &[u8], needles: &[&'a str]) -> Vec<&'a str> {
    let lower: Vec<u8> = bytes.iter().map(u8::to_ascii_lowercase).collect();
    needles
        .iter()
        .filter(|c| {
            let text = c.to_ascii_lowercase();
            let utf8 = text.clone().into_bytes();
            let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
            let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
            [utf8, le, be].iter().any(|needle| lower.windows(needle.len()).any(|w| w == needle.as_slice()))
        })
        .copied()
        .collect()
}
