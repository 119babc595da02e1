//! The rules of getting in, shared by the accounts table (which counts failed log-ins) and the
//! key file (which counts failed unlocks before the database can be read).

/// Failed attempts allowed per account within [`WINDOW_MINUTES`].
pub const MAX_FAILURES: u32 = 10;
/// The window, in minutes, over which failures are counted.
pub const WINDOW_MINUTES: i64 = 5;
/// Failed attempts allowed on one PC (one key file), whatever the usernames, within
/// [`PC_WINDOW_MINUTES`]: one password tried against every username is stopped too.
pub const PC_MAX_FAILURES: u32 = 20;
/// The window, in minutes, over which a PC's failures are counted.
pub const PC_WINDOW_MINUTES: i64 = 15;
/// Long enough to resist guessing; short enough to type at a shared PC.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// What is wrong with a new password, if anything: too short, the username, or easy to guess.
/// Guessability is zxcvbn's estimate (Dropbox's, with its lists of common passwords, names and
/// words, keyboard patterns, dates and l33t), told the username and name so those count as
/// known: a score under 2 ("somewhat guessable", about 10^8 guesses) is refused. With Argon2id
/// costing each guess ~0.7 s, 10^8 is years of a stolen file's attacker's time.
pub fn password_problem(username: &str, display_name: &str, password: &str) -> Option<String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Some(format!("must be at least {MIN_PASSWORD_CHARS} characters"));
    }
    if password.trim().eq_ignore_ascii_case(username.trim()) {
        return Some("must not be the username".into());
    }
    let known: Vec<&str> = [username, display_name, "recovery", "register"].into_iter().chain(display_name.split_whitespace()).collect();
    let estimate = zxcvbn::zxcvbn(password, &known);
    if estimate.score() >= zxcvbn::Score::Two {
        return None;
    }
    let why = estimate.feedback().and_then(|f| f.warning()).map(|w| format!(" ({})", w.to_string().trim_end_matches('.').to_lowercase()));
    Some(format!(
        "is too easy to guess{}; use three or four words that do not go together, e.g. \"kettle orbit tulip\"",
        why.unwrap_or_default()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(username: &str, name: &str, password: &str, refused: Option<&str>) {
        let got = password_problem(username, name, password);
        match refused {
            None => assert_eq!(got, None, "{password:?} should be accepted"),
            Some(words) => assert!(got.as_deref().is_some_and(|p| p.contains(words)), "{password:?}: {got:?}"),
        }
    }

    #[test]
    fn common_and_guessable_passwords_are_refused_with_the_reason() {
        check("agrant", "Alison Grant", "short", Some("at least 10 characters"));
        check("agrantagrant", "Alison Grant", "AGrantAGrant", Some("must not be the username"));
        for weak in ["password123", "qwertyuiop", "1234567890", "iloveyou12", "alisongrant1", "recoveryregister"] {
            check("agrant", "Alison Grant", weak, Some("is too easy to guess"));
        }
        for strong in ["correct horse battery", "kettle orbit tulip", "Łódź w górach 2019", "viewer password 1"] {
            check("agrant", "Alison Grant", strong, None);
        }
    }
}
