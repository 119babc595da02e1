//! When a clearance runs out, whether a facilitator is cleared on a day, and whether a session's
//! facilitators together may run it. Pure: clearances and dates in, answers out.

use crate::dates;
use crate::model::{ClearanceDetails, ClearanceKind, ClearanceStatus, FacilitatorKind};
use chrono::{Datelike, Months, NaiveDate};

/// The last day a clearance granted on `granted` is valid for `months`: the day before its
/// anniversary. An anniversary that does not exist (29 February in a common year, the 31st of
/// a shorter month) falls on the 1st of the month after, so a grant on 29/02/2028 for twelve
/// months runs to 28/02/2029 inclusive, a full year, and never loses a day.
pub fn expiry(granted: NaiveDate, months: u32) -> NaiveDate {
    let clamped = granted.checked_add_months(Months::new(months)).expect("within the calendar");
    let anniversary = if clamped.day() < granted.day() { clamped.succ_opt().expect("within the calendar") } else { clamped };
    anniversary.pred_opt().expect("within the calendar")
}

/// Whether this clearance lets the person in on `day`: granted, and `day` within its dates (no
/// expiry date means open-ended, e.g. enhanced vetting where the validity setting is empty).
pub fn covers(c: &ClearanceDetails, day: NaiveDate) -> bool {
    c.status == ClearanceStatus::Granted && c.granted_on.is_some_and(|g| g <= day) && c.expires_on.is_none_or(|e| day <= e)
}

/// How long a clearance has left on `today`, from its last valid day: "today is the last day",
/// "1 day left", "37 days left"; once past it, "expired yesterday", "expired 14 days ago".
pub fn days_left(expires_on: NaiveDate, today: NaiveDate) -> String {
    let n = (expires_on - today).num_days();
    let days = |n: i64| if n == 1 { "1 day".to_string() } else { format!("{} days", crate::text::grouped(n.unsigned_abs())) };
    match n {
        0 => "today is the last day".to_string(),
        1.. => format!("{} left", days(n)),
        -1 => "expired yesterday".to_string(),
        _ => format!("expired {} ago", days(-n)),
    }
}

/// Why a clearance needs chasing on `today`, if it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpiryWarning {
    /// Granted and running out within the warning days (today included).
    Expiring,
    /// Granted or expired, and past its last day.
    Lapsed,
}

/// The warning a clearance raises on `today`: none once a granted renewal has taken over
/// (`superseded`) or without an expiry date. The warnings list and the note under an expiry
/// date both come from here.
pub fn expiry_warning(c: &ClearanceDetails, superseded: bool, today: NaiveDate, within_days: u32) -> Option<ExpiryWarning> {
    let left = (c.expires_on.filter(|_| !superseded)? - today).num_days();
    if left < 0 && matches!(c.status, ClearanceStatus::Granted | ClearanceStatus::Expired) {
        Some(ExpiryWarning::Lapsed)
    } else if (0..=i64::from(within_days)).contains(&left) && c.status == ClearanceStatus::Granted {
        Some(ExpiryWarning::Expiring)
    } else {
        None
    }
}

/// What the clearances table says under an expiry date on `today`, or nothing: how long is left
/// or how long ago it ran out, for a clearance that raises a warning.
pub fn expiry_note(c: &ClearanceDetails, superseded: bool, today: NaiveDate, within_days: u32) -> Option<String> {
    expiry_warning(c, superseded, today, within_days)?;
    c.expires_on.map(|e| days_left(e, today))
}

/// How long an undecided application has waited on `today` ("107 days ago"), for the list of
/// those waiting too long; nothing once decided or without an application date.
pub fn waiting_note(c: &ClearanceDetails, today: NaiveDate) -> Option<String> {
    let applied = c.applied_on.filter(|_| c.status.is_pending())?;
    Some(dates::days_words((applied - today).num_days()))
}

/// The sentence that says what needs chasing, or nothing: "1 clearance has lapsed and 1
/// expires within 90 days", "2 clearances have lapsed", "3 clearances expire within 90 days".
pub fn warning_sentence(lapsed: usize, expiring: usize, within_days: u32) -> Option<String> {
    let within = format!("within {within_days} day{}", if within_days == 1 { "" } else { "s" });
    let lapsed_part = if lapsed == 1 { "1 clearance has lapsed".to_string() } else { format!("{lapsed} clearances have lapsed") };
    match (lapsed, expiring) {
        (0, 0) => None,
        (_, 0) => Some(lapsed_part),
        (0, 1) => Some(format!("1 clearance expires {within}")),
        (0, n) => Some(format!("{n} clearances expire {within}")),
        (_, n) => Some(format!("{lapsed_part} and {n} {} {within}", if n == 1 { "expires" } else { "expire" })),
    }
}

/// How a facilitator stands at one establishment on one day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Fully vetted (enhanced, Standard Plus or other) until the date, if there is one.
    Cleared {
        until: Option<NaiveDate>,
    },
    /// Photo-card access only: in with a fully vetted person running the session.
    PhotoCard {
        until: Option<NaiveDate>,
    },
    NotCleared {
        why: String,
    },
}

/// The facilitator's standing on `day` from their clearances at that establishment.
pub fn standing(clearances: &[ClearanceDetails], day: NaiveDate) -> Standing {
    let covering: Vec<&ClearanceDetails> = clearances.iter().filter(|c| covers(c, day)).collect();
    let longest = |kind_ok: &dyn Fn(ClearanceKind) -> bool| {
        covering.iter().filter(|c| kind_ok(c.kind)).map(|c| c.expires_on).max_by(|a, b| match (a, b) {
            (None, None) => std::cmp::Ordering::Equal,
            (None, _) => std::cmp::Ordering::Greater,
            (_, None) => std::cmp::Ordering::Less,
            (Some(a), Some(b)) => a.cmp(b),
        })
    };
    if let Some(until) = longest(&|k| k != ClearanceKind::PhotoCard) {
        return Standing::Cleared { until };
    }
    if let Some(until) = longest(&|k| k == ClearanceKind::PhotoCard) {
        return Standing::PhotoCard { until };
    }
    let latest_expired = clearances
        .iter()
        .filter(|c| c.status == ClearanceStatus::Granted || c.status == ClearanceStatus::Expired)
        .filter_map(|c| c.expires_on)
        .filter(|e| *e < day)
        .max();
    let why = match (latest_expired, clearances.iter().find(|c| c.status.is_pending())) {
        (Some(e), _) => format!("clearance expired on {}", dates::display(e)),
        (None, Some(p)) => format!("clearance {} ({})", p.status.label().to_lowercase(), p.kind.label()),
        (None, None) => "no clearance at this establishment".to_string(),
    };
    Standing::NotCleared { why }
}

/// One facilitator of a session, as the session rule sees them.
pub struct OnTheDay<'a> {
    pub name: &'a str,
    pub kind: FacilitatorKind,
    pub standing: Standing,
}

/// The session rule: every external volunteer must be cleared at the establishment on the day;
/// one with photo-card access only may come in when someone fully vetted (a cleared volunteer or
/// a member of staff) also runs the session. Staff are vetted as employees and peer facilitators
/// are in custody there, so neither needs a clearance. The error names everyone not cleared.
pub fn check_session(facilitators: &[OnTheDay<'_>], day: NaiveDate) -> Result<(), String> {
    let vetted_present = facilitators.iter().any(|f| {
        f.kind == FacilitatorKind::Staff || (f.kind == FacilitatorKind::Volunteer && matches!(f.standing, Standing::Cleared { .. }))
    });
    let problems: Vec<String> = facilitators
        .iter()
        .filter(|f| f.kind == FacilitatorKind::Volunteer)
        .filter_map(|f| match &f.standing {
            Standing::Cleared { .. } => None,
            Standing::PhotoCard { .. } if vetted_present => None,
            Standing::PhotoCard { .. } => Some(format!("{} has photo-card access only, and nobody fully vetted runs it with them", f.name)),
            Standing::NotCleared { why } => Some(format!("{} is not cleared ({why})", f.name)),
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("on {}: {}", dates::display(day), problems.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_warning_sentence_says_what_lapsed_and_what_expires() {
        let cases = [
            ((1, 1, 90), Some("1 clearance has lapsed and 1 expires within 90 days")),
            ((2, 3, 90), Some("2 clearances have lapsed and 3 expire within 90 days")),
            ((1, 0, 90), Some("1 clearance has lapsed")),
            ((2, 0, 90), Some("2 clearances have lapsed")),
            ((0, 1, 30), Some("1 clearance expires within 30 days")),
            ((0, 4, 90), Some("4 clearances expire within 90 days")),
            ((0, 2, 1), Some("2 clearances expire within 1 day")),
            ((0, 0, 90), None),
        ];
        for ((lapsed, expiring, within), want) in cases {
            assert_eq!(warning_sentence(lapsed, expiring, within).as_deref(), want, "{lapsed} {expiring} {within}");
        }
    }

    #[test]
    fn an_undecided_application_says_how_long_it_has_waited() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
        let applied = |status, on: &str| ClearanceDetails {
            kind: ClearanceKind::StandardPlusLicence,
            status,
            applied_on: Some(on.parse().unwrap()),
            granted_on: None,
            expires_on: None,
            reference: None,
            notes: None,
        };
        assert_eq!(waiting_note(&applied(ClearanceStatus::Applied, "2026-08-01"), today).as_deref(), Some("107 days ago"));
        assert_eq!(waiting_note(&applied(ClearanceStatus::Applied, "2026-11-15"), today).as_deref(), Some("yesterday"));
        assert_eq!(waiting_note(&applied(ClearanceStatus::Granted, "2026-08-01"), today), None, "decided");
    }

    #[test]
    fn days_left_and_the_expiry_note_say_what_the_table_shows() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
        let on = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        for (expires, said) in [
            ("2026-11-16", "today is the last day"),
            ("2026-11-17", "1 day left"),
            ("2026-12-23", "37 days left"),
            ("2026-11-15", "expired yesterday"),
            ("2026-11-02", "expired 14 days ago"),
            ("2030-01-01", "1,142 days left"),
        ] {
            assert_eq!(days_left(on(expires), today), said, "{expires}");
        }
        let granted = |expires: Option<&str>, status| ClearanceDetails {
            kind: ClearanceKind::StandardPlusCompleted,
            status,
            applied_on: None,
            granted_on: Some(on("2025-12-01")),
            expires_on: expires.map(on),
            reference: None,
            notes: None,
        };
        use ClearanceStatus::*;
        for (expires, status, superseded, note) in [
            // Counts down within the warning days, and says how long ago a clearance lapsed.
            (Some("2026-12-23"), Granted, false, Some("37 days left")),
            (Some("2026-11-16"), Granted, false, Some("today is the last day")),
            (Some("2026-11-02"), Granted, false, Some("expired 14 days ago")),
            (Some("2026-11-02"), Expired, false, Some("expired 14 days ago")),
            // Nothing further off, without an expiry, once renewed, or for one never granted.
            (Some("2027-06-01"), Granted, false, None),
            (None, Granted, false, None),
            (Some("2026-11-02"), Granted, true, None),
            (Some("2026-11-02"), Withdrawn, false, None),
            (Some("2026-12-01"), Expired, false, None),
        ] {
            assert_eq!(
                expiry_note(&granted(expires, status), superseded, today, 90).as_deref(),
                note,
                "{expires:?} {status:?} {superseded}"
            );
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn granted(kind: ClearanceKind, on: NaiveDate, until: Option<NaiveDate>) -> ClearanceDetails {
        ClearanceDetails {
            kind,
            status: ClearanceStatus::Granted,
            applied_on: None,
            granted_on: Some(on),
            expires_on: until,
            reference: None,
            notes: None,
        }
    }

    /// (granted, months, last valid day)
    #[test]
    fn expiry_is_the_day_before_the_anniversary() {
        for (granted_on, months, last) in [
            (d(2026, 3, 15), 12, d(2027, 3, 14)),
            (d(2028, 2, 29), 12, d(2029, 2, 28)),
            (d(2028, 2, 29), 48, d(2032, 2, 28)),
            (d(2027, 2, 28), 12, d(2028, 2, 27)),
            (d(2026, 1, 31), 1, d(2026, 2, 28)),
            (d(2028, 1, 31), 1, d(2028, 2, 29)),
            (d(2026, 12, 31), 12, d(2027, 12, 30)),
            (d(2026, 8, 31), 6, d(2027, 2, 28)),
        ] {
            assert_eq!(expiry(granted_on, months), last, "granted {granted_on} for {months} months");
        }
    }

    #[test]
    fn standing_on_a_day() {
        let sp = granted(ClearanceKind::StandardPlusCompleted, d(2026, 1, 10), Some(d(2027, 1, 9)));
        assert_eq!(standing(std::slice::from_ref(&sp), d(2027, 1, 9)), Standing::Cleared { until: Some(d(2027, 1, 9)) });
        assert_eq!(
            standing(std::slice::from_ref(&sp), d(2027, 1, 10)),
            Standing::NotCleared { why: "clearance expired on 09/01/2027".into() }
        );
        assert_eq!(
            standing(std::slice::from_ref(&sp), d(2026, 1, 9)),
            Standing::NotCleared { why: "no clearance at this establishment".into() }
        );
        let renewal = granted(ClearanceKind::StandardPlusCompleted, d(2027, 1, 5), Some(d(2028, 1, 4)));
        assert_eq!(standing(&[sp.clone(), renewal], d(2027, 1, 9)), Standing::Cleared { until: Some(d(2028, 1, 4)) });
        let card = granted(ClearanceKind::PhotoCard, d(2026, 1, 1), None);
        assert_eq!(standing(&[card], d(2030, 1, 1)), Standing::PhotoCard { until: None });
        let waiting = ClearanceDetails {
            status: ClearanceStatus::InProgress,
            applied_on: Some(d(2026, 9, 1)),
            granted_on: None,
            expires_on: None,
            ..sp
        };
        assert_eq!(
            standing(&[waiting], d(2026, 11, 16)),
            Standing::NotCleared { why: "clearance in progress (Standard Plus (completed sentences))".into() }
        );
    }

    #[test]
    fn the_session_rule() {
        let day = d(2026, 11, 16);
        let cleared = || Standing::Cleared { until: None };
        let card = || Standing::PhotoCard { until: None };
        let not = || Standing::NotCleared { why: "clearance expired on 01/11/2026".into() };
        let f = |name, kind, standing| OnTheDay { name, kind, standing };
        use FacilitatorKind::*;
        assert!(check_session(&[f("Ann", Volunteer, cleared())], day).is_ok());
        assert!(check_session(&[f("Sam", Staff, not()), f("Pat", Peer, not())], day).is_ok(), "staff and peers need no clearance");
        assert!(check_session(&[f("Ann", Volunteer, cleared()), f("Bob", Volunteer, card())], day).is_ok());
        assert!(check_session(&[f("Sam", Staff, not()), f("Bob", Volunteer, card())], day).is_ok());
        assert_eq!(
            check_session(&[f("Bob", Volunteer, card())], day).unwrap_err(),
            "on 16/11/2026: Bob has photo-card access only, and nobody fully vetted runs it with them"
        );
        assert_eq!(
            check_session(&[f("Ann", Volunteer, cleared()), f("Cat", Volunteer, not())], day).unwrap_err(),
            "on 16/11/2026: Cat is not cleared (clearance expired on 01/11/2026)"
        );
        assert!(check_session(&[], day).is_ok());
    }
}
