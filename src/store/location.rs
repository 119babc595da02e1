//! Where a database may live. SQLite's locks and fsync are unreliable on network file systems
//! (NFS, SMB/CIFS): two PCs opening one file there can corrupt it, and a dropped connection can
//! lose a "saved" register. So a database on a network share is refused, with the reason.

use crate::error::{Error, Result};
use std::path::Path;

/// The network file system a folder is on, if it is on one.
pub fn network_share(folder: &Path) -> Option<&'static str> {
    if let Some(kind) = unc_share(folder) {
        return Some(kind);
    }
    if mapped_network_drive(folder) {
        return Some("a mapped network drive");
    }
    file_system_magic(folder).and_then(network_kind)
}

/// A drive letter mapped to a share (`H:` for a home folder on the file server): what
/// GetDriveTypeW calls DRIVE_REMOTE. Windows' counterpart of statfs's magic number.
#[cfg(windows)]
fn mapped_network_drive(path: &Path) -> bool {
    use std::os::windows::ffi::OsStrExt;
    use std::path::Component;
    let Some(Component::Prefix(prefix)) = path.components().next() else { return false };
    let root: Vec<u16> = prefix.as_os_str().encode_wide().chain([u16::from(b'\\'), 0]).collect();
    // SAFETY: `root` is a NUL-terminated wide string ("H:\"), as GetDriveTypeW requires.
    let kind = unsafe { windows_sys::Win32::Storage::FileSystem::GetDriveTypeW(root.as_ptr()) };
    kind == windows_sys::Win32::System::WindowsProgramming::DRIVE_REMOTE
}

#[cfg(not(windows))]
fn mapped_network_drive(_path: &Path) -> bool {
    false
}

/// Refuses `folder` when it is on a network share.
pub fn check(folder: &Path) -> Result<()> {
    match network_share(folder) {
        None => Ok(()),
        Some(kind) => Err(Error::invalid(
            "database folder",
            format!(
                "{} is on a network share ({kind}); SQLite cannot lock or sync files there safely, so a saved register \
                 could be lost. Keep the database on this PC's own disk and use \"Back up to…\" for copies elsewhere",
                folder.display()
            ),
        )),
    }
}

/// `\\server\share\...` (but not the `\\?\C:\` form of a local path).
fn unc_share(path: &Path) -> Option<&'static str> {
    let s = path.to_string_lossy();
    let unc = (s.starts_with(r"\\") && !s.starts_with(r"\\?\") && !s.starts_with(r"\\.\")) || s.starts_with(r"\\?\UNC\");
    unc.then_some("a Windows network share")
}

/// What statfs says the file system is, by its magic number (Linux).
#[cfg(target_os = "linux")]
fn file_system_magic(folder: &Path) -> Option<i64> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(folder.as_os_str().as_bytes()).ok()?;
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a valid NUL-terminated path and `st` a properly sized, writable statfs.
    let rc = unsafe { libc::statfs(c.as_ptr(), &mut st) };
    (rc == 0).then_some(st.f_type as i64)
}

#[cfg(not(target_os = "linux"))]
fn file_system_magic(_folder: &Path) -> Option<i64> {
    None
}

/// The network file systems among Linux's statfs magic numbers (linux/magic.h).
pub fn network_kind(magic: i64) -> Option<&'static str> {
    match magic as u32 {
        0x6969 => Some("NFS"),
        0x517B => Some("SMB"),
        0xFF53_4D42 => Some("CIFS"),
        0xFE53_4D42 => Some("SMB2"),
        0x564C => Some("NCP"),
        0x0102_1997 => Some("9P"),
        0x6B41_4653 => Some("AFS"),
        0x7375_7245 => Some("Coda"),
        0x00C3_6400 => Some("Ceph"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_file_systems_are_named_and_local_ones_pass() {
        for (magic, kind) in [(0x6969, Some("NFS")), (0xFF53_4D42, Some("CIFS")), (0xFE53_4D42, Some("SMB2")), (0x517B, Some("SMB"))] {
            assert_eq!(network_kind(magic), kind);
        }
        // ext4, tmpfs, btrfs, xfs, overlayfs: local.
        for magic in [0xEF53, 0x0102_1994, 0x9123_683E, 0x5846_5342, 0x794C_7630] {
            assert_eq!(network_kind(magic), None, "{magic:#x}");
        }
    }

    #[test]
    fn windows_network_paths_are_recognised() {
        assert_eq!(unc_share(Path::new(r"\\fileserver\casework\register.db")), Some("a Windows network share"));
        assert_eq!(unc_share(Path::new(r"\\?\UNC\fileserver\casework")), Some("a Windows network share"));
        assert_eq!(unc_share(Path::new(r"\\?\C:\Users\Alison\AppData")), None);
        assert_eq!(unc_share(Path::new("/home/alison/.local/share")), None);
    }

    /// A drive letter mapped to a share is refused as a UNC path is. `make test-windows` maps
    /// N: as a network drive in its Wine prefix and names it in RECOVERY_REGISTER_TEST_NETWORK_DRIVE.
    #[cfg(windows)]
    #[test]
    fn a_mapped_network_drive_is_refused_and_the_system_drive_is_not() {
        let drive = std::env::var("RECOVERY_REGISTER_TEST_NETWORK_DRIVE")
            .expect("run through make test-windows, which maps a network drive and names it in RECOVERY_REGISTER_TEST_NETWORK_DRIVE");
        let folder = std::path::PathBuf::from(format!("{drive}\\casework"));
        assert_eq!(network_share(&folder), Some("a mapped network drive"));
        assert!(check(&folder).unwrap_err().to_string().contains("is on a network share (a mapped network drive)"));
        assert_eq!(network_share(Path::new("C:\\Users")), None, "the system drive is local");
    }

    #[test]
    fn this_machines_temporary_folder_is_local_and_a_share_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(network_share(dir.path()), None);
        assert!(check(dir.path()).is_ok());
        let e = check(Path::new(r"\\fileserver\casework")).unwrap_err();
        assert!(
            e.to_string().starts_with(r"database folder: \\fileserver\casework is on a network share (a Windows network share)"),
            "{e}"
        );
    }
}
