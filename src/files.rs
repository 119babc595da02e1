//! Files the person asked for (certificates, reports, exports): written whole or not at all.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` through a sibling `.partial` file that is synced and then renamed
/// over the target: a full disk or a killed process never leaves a half-written PDF that looks
/// complete, and an older file of the same name survives until the new one is whole.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let partial = partial_path(path);
    let attempt = (|| -> std::io::Result<()> {
        let mut file = std::fs::File::create(&partial)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&partial, path)
    })();
    attempt.map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        Error::File { path: path.display().to_string(), problem: describe(&e) }
    })
}

/// Reads a file the person chose, refusing it before reading when it is larger than `max`
/// bytes (a 4 GB file from a stick must not be read into memory to be told it is too big), and
/// reading no more than `max` + 1 bytes should it grow meanwhile.
pub fn read_bounded(path: &Path, max: usize) -> Result<Vec<u8>> {
    use std::io::Read;
    let failed = |e: std::io::Error| {
        let problem = if e.kind() == std::io::ErrorKind::NotFound { "there is no such file".into() } else { e.to_string() };
        Error::invalid("file", format!("could not read {}: {problem}", path.display()))
    };
    let too_big =
        |bytes: u64| Error::invalid("file", format!("is {} MB; the largest file this reads is {} MB, so split it", bytes >> 20, max >> 20));
    let file = std::fs::File::open(path).map_err(failed)?;
    let declared = file.metadata().map_err(failed)?.len();
    if declared > max as u64 {
        return Err(too_big(declared));
    }
    let mut bytes = Vec::with_capacity(declared as usize);
    file.take(max as u64 + 1).read_to_end(&mut bytes).map_err(failed)?;
    if bytes.len() > max {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".partial");
    path.with_file_name(name)
}

/// The problem in a caseworker's words; the OS's own text otherwise.
fn describe(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::StorageFull => "the disk is full; nothing was written".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied; choose another folder".into(),
        std::io::ErrorKind::NotFound => "the folder does not exist".into(),
        std::io::ErrorKind::ReadOnlyFilesystem => "the drive is read-only; choose another folder".into(),
        _ => e.to_string(),
    }
}

/// A file name made from free text (a person's name, a group's): keeps every letter, whatever its
/// script, and drops only what Windows, macOS or Linux refuse in a name.
pub fn safe_file_name(raw: &str) -> String {
    let cleaned: String = raw.chars().map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { ' ' } else { c }).collect();
    let joined = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    // Windows refuses names ending in a dot or space.
    let trimmed = joined.trim_end_matches(['.', ' ']).chars().take(120).collect::<String>();
    if trimmed.is_empty() {
        "unnamed".into()
    } else {
        trimmed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_their_letters_and_lose_what_file_systems_refuse() {
        for (raw, expected) in [
            ("PER-2026-0001 Siobhán Ó Súilleabháin", "PER-2026-0001 Siobhán Ó Súilleabháin"),
            ("Łukasz Żółć", "Łukasz Żółć"),
            ("a/b\\c:d*e?f\"g<h>i|j", "a b c d e f g h i j"),
            ("tabs\tand\nnewlines", "tabs and newlines"),
            ("ends with dots...", "ends with dots"),
            ("  ", "unnamed"),
            ("..", "unnamed"),
        ] {
            assert_eq!(safe_file_name(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn a_file_is_replaced_whole_and_no_partial_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Certificates.pdf");
        std::fs::write(&path, b"old").unwrap();
        write_whole(&path, b"new contents").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new contents");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_missing_folder_is_named_in_the_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no such folder").join("Certificates.pdf");
        let e = write_whole(&path, b"x").unwrap_err();
        assert_eq!(e.to_string(), format!("could not write {}: the folder does not exist", path.display()));
        assert_eq!(e.code(), "file");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_full_disk_leaves_the_old_file_and_no_partial() {
        // /dev/full accepts opening and fails every write with ENOSPC; a partial file cannot be
        // made there, so model the full disk with a symlink named like the partial file.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Certificates.pdf");
        std::fs::write(&path, b"old").unwrap();
        std::os::unix::fs::symlink("/dev/full", partial_path(&path)).unwrap();
        let e = write_whole(&path, &[0u8; 4096]).unwrap_err();
        assert_eq!(e.to_string(), format!("could not write {}: the disk is full; nothing was written", path.display()));
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert!(!partial_path(&path).exists() && std::fs::symlink_metadata(partial_path(&path)).is_err());
    }
}
