//! Files the person asked for (certificates, reports, exports): written whole or not at all.

use crate::error::{in_words, Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

#[cfg(windows)]
mod owner_acl;

/// Writes `bytes` to `path` through a sibling `.partial` file that is synced and then renamed
/// over the target: a full disk or a killed process never leaves a half-written PDF that looks
/// complete, and an older file of the same name survives until the new one is whole.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let partial = partial_path(path);
    let attempt = (|| -> std::io::Result<()> {
        // A `.partial` left by a killed process goes first; the new one is made afresh, never
        // opened through a link someone put in its place (create_new refuses any existing
        // name, a symbolic link included), and readable by its owner only.
        let _ = std::fs::remove_file(&partial);
        let mut file = owner_only(std::fs::OpenOptions::new().write(true).create_new(true)).open(&partial)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&partial, path)
    })();
    attempt.map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        Error::File { path: path.display().to_string(), problem: in_words(&e) }
    })
}

/// Makes a rename in `path`'s folder durable (best effort: Windows cannot open a folder to sync
/// it, and NTFS journals the rename itself).
pub(crate) fn sync_folder_of(path: &Path) {
    if cfg!(unix) {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            let _ = std::fs::File::open(folder).and_then(|d| d.sync_all());
        }
    }
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

/// Options that make a new file readable and writable by its owner only (0600 on Unix; on
/// Windows a new file takes its folder's access list, which `keep_folder_private` makes the
/// current user's alone).
pub fn owner_only(options: &mut std::fs::OpenOptions) -> &mut std::fs::OpenOptions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600)
    }
    #[cfg(not(unix))]
    options
}

/// Makes a file the app made (the database, a backup) its owner's only: 0600 on Unix, an
/// access list naming the current user alone on Windows.
pub fn keep_private(path: &Path) -> Result<()> {
    restrict(path, 0o600, false)
}

/// Makes a folder the app keeps data in its owner's only: 0700 on Unix (others cannot even list
/// it); on Windows the current user alone, passed on to every file made in it.
pub fn keep_folder_private(path: &Path) -> Result<()> {
    restrict(path, 0o700, true)
}

/// Whether `path` is its owner's only, as `keep_private` and `keep_folder_private` leave it
/// (no permission for group or others on Unix; only the current user in the access list on
/// Windows): for the tests, on either.
pub fn is_owner_only(path: &Path) -> Result<bool> {
    let failed = |e: std::io::Error| Error::File { path: path.display().to_string(), problem: in_words(&e) };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Ok(std::fs::metadata(path).map_err(failed)?.permissions().mode() & 0o077 == 0)
    }
    #[cfg(windows)]
    {
        owner_acl::is_current_user_only(path).map_err(failed)
    }
}

fn restrict(path: &Path, mode: u32, folder: bool) -> Result<()> {
    let failed = |e: std::io::Error| Error::File { path: path.display().to_string(), problem: in_words(&e) };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = folder;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(failed)?;
    }
    #[cfg(windows)]
    {
        let _ = mode;
        owner_acl::current_user_only(path, folder).map_err(failed)?;
    }
    Ok(())
}

fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".partial");
    path.with_file_name(name)
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

    #[test]
    fn a_write_that_cannot_start_leaves_the_old_file() {
        // Something that is not a file where the `.partial` goes (a real full disk is
        // tests/it/faults.rs's, on a tmpfs): refused, and the old file is as it was.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Certificates.pdf");
        std::fs::write(&path, b"old").unwrap();
        std::fs::create_dir(partial_path(&path)).unwrap();
        let e = write_whole(&path, &[0u8; 4096]).unwrap_err();
        assert!(e.to_string().starts_with(&format!("could not write {}: ", path.display())), "{e}");
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_left_where_the_partial_goes_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Certificates.pdf");
        let elsewhere = dir.path().join("elsewhere");
        std::fs::write(&elsewhere, b"theirs").unwrap();
        std::os::unix::fs::symlink(&elsewhere, partial_path(&path)).unwrap();
        write_whole(&path, b"ours").unwrap();
        assert_eq!((std::fs::read(&path).unwrap(), std::fs::read(&elsewhere).unwrap()), (b"ours".to_vec(), b"theirs".to_vec()));
        assert!(std::fs::symlink_metadata(partial_path(&path)).is_err(), "no partial left");
    }
}
