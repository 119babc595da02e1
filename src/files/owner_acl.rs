//! Owner-only on Windows: an access list naming the current user alone, protected from the
//! folder's inherited entries. What 0600 and 0700 say on Unix: nobody else who logs in to the
//! PC (another caseworker's Windows account, a visiting IT account without administrator rights)
//! can open the data folder or anything in it.

use std::io;
use std::os::windows::ffi::OsStrExt;
use std::path::Path;
use windows_sys::Win32::Foundation::{CloseHandle, LocalFree, ERROR_SUCCESS, GENERIC_ALL, HANDLE};
use windows_sys::Win32::Security::Authorization::{
    GetNamedSecurityInfoW, SetEntriesInAclW, SetNamedSecurityInfoW, EXPLICIT_ACCESS_W, NO_MULTIPLE_TRUSTEE, SET_ACCESS, SE_FILE_OBJECT,
    TRUSTEE_IS_SID, TRUSTEE_IS_USER, TRUSTEE_W,
};
use windows_sys::Win32::Security::{
    AclSizeInformation, EqualSid, GetAce, GetAclInformation, GetTokenInformation, TokenUser, ACCESS_ALLOWED_ACE, ACL, ACL_SIZE_INFORMATION,
    DACL_SECURITY_INFORMATION, NO_INHERITANCE, PROTECTED_DACL_SECURITY_INFORMATION, PSECURITY_DESCRIPTOR,
    SUB_CONTAINERS_AND_OBJECTS_INHERIT, TOKEN_QUERY, TOKEN_USER,
};
use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

/// The current user's SID, in a buffer aligned for `TOKEN_USER` (which points into it).
struct CurrentUser {
    buffer: Vec<u64>,
}

impl CurrentUser {
    fn get() -> io::Result<CurrentUser> {
        // SAFETY: each call is given buffers of the sizes it asks for; the token handle is
        // closed on every path.
        unsafe {
            let mut token: HANDLE = std::ptr::null_mut();
            if OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) == 0 {
                return Err(io::Error::last_os_error());
            }
            let mut needed = 0u32;
            GetTokenInformation(token, TokenUser, std::ptr::null_mut(), 0, &mut needed);
            let mut buffer = vec![0u64; (needed as usize).div_ceil(8).max(1)];
            let ok = GetTokenInformation(token, TokenUser, buffer.as_mut_ptr().cast(), (buffer.len() * 8) as u32, &mut needed);
            let failed = io::Error::last_os_error();
            CloseHandle(token);
            if ok == 0 {
                return Err(failed);
            }
            Ok(CurrentUser { buffer })
        }
    }

    fn sid(&self) -> *mut core::ffi::c_void {
        // SAFETY: the buffer holds a TOKEN_USER written by GetTokenInformation above.
        unsafe { (*(self.buffer.as_ptr() as *const TOKEN_USER)).User.Sid }
    }
}

fn wide(path: &Path) -> Vec<u16> {
    path.as_os_str().encode_wide().chain(Some(0)).collect()
}

/// Replaces `path`'s access list with one entry: full control for the current user, passed on
/// to what a folder holds (`folder`), and no entries inherited from above.
pub fn current_user_only(path: &Path, folder: bool) -> io::Result<()> {
    let user = CurrentUser::get()?;
    let access = EXPLICIT_ACCESS_W {
        grfAccessPermissions: GENERIC_ALL,
        grfAccessMode: SET_ACCESS,
        grfInheritance: if folder { SUB_CONTAINERS_AND_OBJECTS_INHERIT } else { NO_INHERITANCE },
        Trustee: TRUSTEE_W {
            pMultipleTrustee: std::ptr::null_mut(),
            MultipleTrusteeOperation: NO_MULTIPLE_TRUSTEE,
            TrusteeForm: TRUSTEE_IS_SID,
            TrusteeType: TRUSTEE_IS_USER,
            ptstrName: user.sid().cast(),
        },
    };
    // SAFETY: the new ACL is freed with LocalFree, as SetEntriesInAclW requires; the path is a
    // NUL-terminated wide string that outlives the call.
    unsafe {
        let mut acl: *mut ACL = std::ptr::null_mut();
        let made = SetEntriesInAclW(1, &access, std::ptr::null(), &mut acl);
        if made != ERROR_SUCCESS {
            return Err(io::Error::from_raw_os_error(made as i32));
        }
        let name = wide(path);
        let set = SetNamedSecurityInfoW(
            name.as_ptr(),
            SE_FILE_OBJECT,
            DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            acl,
            std::ptr::null(),
        );
        LocalFree(acl.cast());
        if set != ERROR_SUCCESS {
            return Err(io::Error::from_raw_os_error(set as i32));
        }
    }
    Ok(())
}

/// Whether every entry of `path`'s access list is for the current user (and there is at least
/// one): what the tests check on Windows, as they check the mode on Unix.
pub fn is_current_user_only(path: &Path) -> io::Result<bool> {
    let user = CurrentUser::get()?;
    // SAFETY: the security descriptor GetNamedSecurityInfoW allocates is freed with LocalFree;
    // the DACL pointer points into it and is not used after.
    unsafe {
        let name = wide(path);
        let mut dacl: *mut ACL = std::ptr::null_mut();
        let mut descriptor: PSECURITY_DESCRIPTOR = std::ptr::null_mut();
        let got = GetNamedSecurityInfoW(
            name.as_ptr(),
            SE_FILE_OBJECT,
            DACL_SECURITY_INFORMATION,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            &mut dacl,
            std::ptr::null_mut(),
            &mut descriptor,
        );
        if got != ERROR_SUCCESS {
            return Err(io::Error::from_raw_os_error(got as i32));
        }
        let answer = (|| {
            if dacl.is_null() {
                // No DACL at all means everyone may do anything.
                return false;
            }
            let mut size = ACL_SIZE_INFORMATION { AceCount: 0, AclBytesInUse: 0, AclBytesFree: 0 };
            if GetAclInformation(
                dacl,
                (&mut size as *mut ACL_SIZE_INFORMATION).cast(),
                std::mem::size_of::<ACL_SIZE_INFORMATION>() as u32,
                AclSizeInformation,
            ) == 0
            {
                return false;
            }
            size.AceCount > 0
                && (0..size.AceCount).all(|i| {
                    let mut ace: *mut core::ffi::c_void = std::ptr::null_mut();
                    if GetAce(dacl, i, &mut ace) == 0 {
                        return false;
                    }
                    let allowed = ace as *const ACCESS_ALLOWED_ACE;
                    let sid = std::ptr::addr_of!((*allowed).SidStart) as *mut core::ffi::c_void;
                    EqualSid(sid, user.sid()) != 0
                })
        })();
        LocalFree(descriptor);
        Ok(answer)
    }
}
