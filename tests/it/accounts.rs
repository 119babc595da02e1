//! Staff accounts on a real file: Argon2id PHC hashes, the failed-login limit with the wait
//! shown, disabled accounts, roles from the account, password rules.

use crate::support::*;
use chrono::{Duration, TimeZone, Utc};
use recovery_register::store::NewAccount;
use recovery_register::{Role, Store};

/// Minutes and seconds after 09:00:00 UTC on 16 November 2026 (seconds may run past 59).
fn at(minute: i64, second: i64) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 16, 9, 0, 0).unwrap() + Duration::seconds(minute * 60 + second)
}

fn with_admin() -> (Fixture, recovery_register::store::StaffAccount) {
    let mut f = Fixture::new();
    let admin = f.store.set_up_first_administrator("AGrant", "Alison Grant", "correct horse battery").unwrap();
    (f, admin)
}

#[test]
fn the_first_administrator_logs_in_and_a_second_set_up_is_refused() {
    let (mut f, admin) = with_admin();
    assert_eq!(admin.username, "agrant");
    let actor = f.store.log_in(" AGRANT ", "correct horse battery", at(0, 0)).unwrap();
    assert_eq!((actor.staff_id(), actor.role()), (admin.id, Role::Administrator));
    let e = f.store.set_up_first_administrator("eve", "Eve", "another long password").unwrap_err();
    assert_eq!(e.code(), "conflict");
    // Wrong password and unknown name read the same.
    for (user, password) in [("agrant", "wrong password!"), ("nobody", "correct horse battery")] {
        assert_eq!(f.store.log_in(user, password, at(0, 1)).unwrap_err().to_string(), "the username or password is wrong");
    }
}

#[test]
fn ten_failures_in_five_minutes_lock_the_account_with_the_wait_shown() {
    let (mut f, _) = with_admin();
    for i in 0..10 {
        assert_eq!(f.store.log_in("agrant", "guess guess guess", at(0, i * 10)).unwrap_err().code(), "login_failed");
    }
    // The eleventh try, even with the right password, is refused until the first failure is
    // five minutes old (09:05:00).
    let e = f.store.log_in("agrant", "correct horse battery", at(0, 55)).unwrap_err();
    assert_eq!(e.to_string(), "too many failed attempts for this account: try again in 4 minutes 5 seconds");
    let e = f.store.log_in("agrant", "correct horse battery", at(4, 30)).unwrap_err();
    assert_eq!(e.to_string(), "too many failed attempts for this account: try again in 30 seconds");
    let actor = f.store.log_in("agrant", "correct horse battery", at(5, 1)).unwrap();
    assert_eq!(actor.role(), Role::Administrator);
    // Success clears the count: ten more tries are allowed again.
    for i in 0..10 {
        assert_eq!(f.store.log_in("agrant", "nope nope nope", at(6, i)).unwrap_err().code(), "login_failed");
    }
    assert_eq!(f.store.log_in("agrant", "nope nope nope", at(6, 30)).unwrap_err().code(), "too_many_attempts");
}

#[test]
fn roles_come_from_the_account_and_disabled_accounts_cannot_log_in() {
    let (mut f, admin) = with_admin();
    let a = f.store.log_in("agrant", "correct horse battery", at(0, 0)).unwrap();
    let viewer = f
        .store
        .add_account(
            &a,
            &NewAccount {
                username: "mnibhriain".into(),
                display_name: "Máire Ní Bhriain".into(),
                role: Role::Viewer,
                password: "a viewer's passphrase".into(),
            },
        )
        .unwrap();
    let v = f.store.log_in("mnibhriain", "a viewer's passphrase", at(0, 1)).unwrap();
    assert_eq!(v.role(), Role::Viewer);
    let e = f
        .store
        .add_account(
            &v,
            &NewAccount {
                username: "sneaky".into(),
                display_name: "Sneaky".into(),
                role: Role::Administrator,
                password: "long enough password".into(),
            },
        )
        .unwrap_err();
    assert_eq!(e.code(), "forbidden");
    f.store.set_account_disabled(&a, viewer.id, true).unwrap();
    assert_eq!(
        f.store.log_in("mnibhriain", "a viewer's passphrase", at(0, 2)).unwrap_err().to_string(),
        "this account is disabled; ask an administrator"
    );
    let e = f.store.set_account_disabled(&a, admin.id, true).unwrap_err();
    assert_eq!(e.to_string(), "account: agrant is the last administrator and cannot be disabled");
    assert_eq!(f.store.accounts(&a).unwrap().len(), 2, "disabled, never deleted");
    // An administrator resets a password; the old one stops working.
    f.store.reset_password(&a, viewer.id, "a brand new passphrase").unwrap();
    f.store.set_account_disabled(&a, viewer.id, false).unwrap();
    assert!(f.store.log_in("mnibhriain", "a viewer's passphrase", at(1, 0)).is_err());
    assert!(f.store.log_in("mnibhriain", "a brand new passphrase", at(1, 1)).is_ok());
}

#[test]
fn passwords_are_long_enough_not_the_username_and_stored_only_as_argon2id() {
    let mut f = Fixture::new();
    for (user, password, message) in [
        ("agrant", "short", "password: must be at least 10 characters"),
        ("agrantagrant", "AGrantAGrant", "password: must not be the username"),
        ("a grant", "correct horse battery", "username: must be one word, e.g. agrant"),
    ] {
        assert_eq!(f.store.set_up_first_administrator(user, "Alison Grant", password).unwrap_err().to_string(), message);
    }
    assert!(!f.store.has_accounts().unwrap());
    f.store.set_up_first_administrator("agrant", "Alison Grant", "correct horse battery").unwrap();
    let stored: String =
        f.store.connection().query_row("SELECT password_hash FROM staff WHERE username = 'agrant'", [], |r| r.get(0)).unwrap();
    assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{stored}");
    let path = f.path();
    drop(std::mem::replace(&mut f.store, Store::open_in_memory().unwrap()));
    for file in [path.clone(), path.with_extension("db-wal")] {
        if let Ok(bytes) = std::fs::read(&file) {
            assert!(!bytes.windows(21).any(|w| w == b"correct horse battery"), "{} holds the password", file.display());
        }
    }
}

#[test]
fn changing_your_own_password_needs_the_current_one() {
    let mut f = Fixture::new();
    let a = f.actor;
    let viewer = f.store.add_account(&a, &new_account("vjones", "Val Jones", Role::Viewer, "viewer password 1")).unwrap();
    let me = f.store.log_in("vjones", "viewer password 1", at(0, 0)).unwrap();
    // A passer-by at the open session, without the password: refused, nothing changed, and the
    // try counts against the account like a failed log-in.
    let e = f.store.change_password(&me, "a guess", "taken over!!", at(0, 1)).unwrap_err();
    assert_eq!(e.to_string(), "current password: is not right; nothing was changed");
    assert!(f.store.log_in("vjones", "taken over!!", at(0, 2)).is_err());
    for i in 0..10 {
        let _ = f.store.change_password(&me, "another guess", "taken over!!", at(0, 3 + i));
    }
    assert_eq!(f.store.change_password(&me, "viewer password 1", "taken over!!", at(0, 20)).unwrap_err().code(), "too_many_attempts");
    // Nor by the administrators' reset, which is for other people's passwords.
    let e = f.store.reset_password(&a, a.staff_id(), "an admin's own reset").unwrap_err();
    assert!(e.to_string().starts_with("account: is your own"), "{e}");
    // With the current password, after the wait.
    f.store.change_password(&me, "viewer password 1", "viewer password 2", at(10, 0)).unwrap();
    assert!(f.store.log_in("vjones", "viewer password 1", at(10, 1)).is_err());
    assert_eq!(f.store.log_in("vjones", "viewer password 2", at(10, 2)).unwrap().staff_id(), viewer.id);
}
