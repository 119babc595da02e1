//! The monthly return as CSV: one row per group and a totals row, UTF-8 with a byte-order mark
//! (so Excel reads the accents right), figures as plain numbers, and free text that a
//! spreadsheet would run as a formula made inert.

pub use crate::csv_file::{inert, write_csv};
use crate::error::Result;
use crate::model::SessionStatus;
pub use crate::rules::attendance::lost_to_regime;
use crate::rules::capital::CapitalFigures;
pub use crate::rules::disclosure::{percent_number, Disclosure};
use crate::rules::waiting::WaitingFigures;
use crate::views::{EventMonth, LiberationFigures, MonthFigures, MonthlyReport, PeerFigures};

pub const HEADER: [&str; 44] = [
    "Establishment",
    "Group",
    "Kind",
    "Sessions planned",
    "Sessions held",
    "Sessions cancelled",
    "Sessions not recorded",
    "Attendances (named)",
    "Of which drop-ins",
    "Others present, not named",
    "Visitors from outside",
    "Different people",
    "Places expected",
    "Attendance rate (%)",
    "Rate when able to attend (%)",
    "Absent: the person",
    "Absent: the regime",
    "Absent: an appointment",
    "Expected attendances lost to the regime (%)",
    "New enrolments",
    "Leavers",
    "Programme completions",
    "Certificates issued",
    "Attendances last month",
    "Change in attendances",
    // About people, not groups: on the totals row only.
    "Liberations",
    "Liberated with a referral",
    "Referrals made",
    "Engaged within 3 weeks of release",
    "Not engaged within 3 weeks",
    "Still within their 3 weeks",
    "Continuity of care (%)",
    "Referrals in received",
    "Started",
    "Started within 3 weeks",
    "Started within 3 weeks (%)",
    "Median days waited to start",
    "Waiting at the end",
    "Waiting over 3 weeks",
    "People assessed (BARC-10)",
    "Median change in BARC-10",
    "Sessions led by peers",
    "Peers who led",
    "Peers newly qualified to deliver",
];

pub(crate) fn row(d: Disclosure, establishment: &str, group: &str, kind: &str, f: &MonthFigures, before: &MonthFigures) -> Vec<String> {
    let c = &f.counts;
    vec![
        inert(establishment),
        inert(group),
        kind.to_string(),
        d.count(f.sessions_planned),
        d.count(f.sessions_held),
        d.count(f.sessions_cancelled),
        d.count(f.sessions_not_recorded),
        d.count(f.named_attendances()),
        d.count(f.drop_in_attendances),
        d.count(f.unnamed_attendances),
        d.count(f.visitors),
        d.count(f.unique_people),
        d.count(c.expected),
        percent_number(c.rate()),
        percent_number(c.rate_when_able()),
        d.count(c.absent_person),
        d.count(c.absent_regime),
        d.count(c.absent_appointment),
        percent_number(lost_to_regime(c)),
        d.count(f.new_enrolments),
        d.count(f.leavers_total()),
        d.count(f.completions),
        d.count(f.certificates_issued),
        d.count(before.named_attendances()),
        d.change(f.named_attendances(), before.named_attendances()),
    ]
}

/// The liberation columns: filled on the totals row, empty on a group's.
pub(crate) fn liberation_cells(d: Disclosure, l: Option<&LiberationFigures>) -> Vec<String> {
    let Some(l) = l else { return vec![String::new(); 7] };
    let c = &l.continuity;
    vec![
        d.count(l.liberations),
        d.count(l.liberated_with_referral),
        d.count(l.referrals_made),
        d.count(c.engaged),
        d.count(c.not_engaged),
        d.count(c.still_open),
        percent_number(d.rate(c.rate(), &[c.engaged, c.not_engaged])),
    ]
}

/// The waiting-times columns: filled on the totals row, empty on a group's. The median is
/// hidden with the counts it is made of when small numbers are suppressed.
/// The figures about people in the service: waiting times, recovery capital and peers (the
/// totals row only).
pub(crate) fn waiting_cells(d: Disclosure, w: Option<(&WaitingFigures, &CapitalFigures, &PeerFigures)>) -> Vec<String> {
    let Some((w, c, p)) = w else { return vec![String::new(); 12] };
    vec![
        d.count(w.received),
        d.count(w.started),
        d.count(w.started_within_standard),
        percent_number(d.rate(w.within_standard, &[w.started, w.started_within_standard])),
        d.rate(w.median_days_waited, &[w.started]).map(|m| m.to_string()).unwrap_or_default(),
        d.count(w.waiting_at_end),
        d.count(w.waiting_over_standard),
        d.count(c.assessed),
        d.rate(c.median_change, &[c.reassessed]).map(|m| m.to_string()).unwrap_or_default(),
        d.count(p.sessions_led),
        d.count(p.peers_who_led),
        d.count(p.newly_qualified),
    ]
}

/// The report as CSV bytes, BOM first.
pub fn monthly_csv(report: &MonthlyReport, disclosure: Disclosure) -> Result<Vec<u8>> {
    let mut rows: Vec<Vec<String>> = report
        .groups
        .iter()
        .map(|g| {
            let est = report
                .establishments
                .iter()
                .find(|e| e.code == g.establishment_code)
                .map(|e| e.name.as_str())
                .unwrap_or(&g.establishment_code);
            let mut cells = row(disclosure, est, &g.group_name, g.kind.label(), &g.figures, &g.previous);
            cells.extend(liberation_cells(disclosure, None));
            cells.extend(waiting_cells(disclosure, None));
            cells
        })
        .collect();
    let all = match report.establishments.as_slice() {
        [one] => one.name.clone(),
        many => format!("{} establishments", many.len()),
    };
    let mut total = row(disclosure, &all, "All groups", "", &report.totals, &report.previous_totals);
    total.extend(liberation_cells(disclosure, Some(&report.liberation)));
    total.extend(waiting_cells(disclosure, Some((&report.waiting, &report.capital, &report.peers))));
    rows.push(total);
    // Events after the groups' total, which does not include them: a row each, then theirs.
    for e in &report.events {
        let est = report.establishments.iter().find(|x| x.code == e.establishment_code).map_or(&e.establishment_code, |x| &x.name);
        rows.push(event_row(disclosure, est, e));
    }
    if !report.events.is_empty() {
        let t = report.event_totals();
        let count = |status: SessionStatus| report.events.iter().filter(|e| e.status == status).count() as u32;
        let sessions =
            [report.events.len() as u32, count(SessionStatus::Held), count(SessionStatus::Cancelled), count(SessionStatus::Planned)];
        rows.push(event_cells(disclosure, &all, "All events", "", sessions, [t.named, t.unnamed, t.visitors, report.event_people]));
    }
    write_csv(&HEADER, rows)
}

/// An event's row: its sessions (one), who came, and nothing else (no places were expected).
fn event_row(d: Disclosure, establishment: &str, e: &EventMonth) -> Vec<String> {
    let status = |s: SessionStatus| u32::from(e.status == s);
    let kind = format!("Event: {}", e.kind.label());
    let sessions = [1, status(SessionStatus::Held), status(SessionStatus::Cancelled), status(SessionStatus::Planned)];
    event_cells(d, establishment, &e.title, &kind, sessions, [e.named, e.unnamed, e.visitors, e.named])
}

/// `sessions`: planned, held, cancelled, not recorded; `came`: named, unnamed, visitors,
/// different people. Everyone named at an event came as a drop-in.
fn event_cells(d: Disclosure, establishment: &str, title: &str, kind: &str, sessions: [u32; 4], came: [u32; 4]) -> Vec<String> {
    let [named, unnamed, visitors, people] = came;
    let mut cells = vec![inert(establishment), inert(title), kind.to_string()];
    cells.extend(sessions.map(|n| d.count(n)));
    cells.extend([named, named, unnamed, visitors, people].map(|n| d.count(n)));
    cells.resize(HEADER.len(), String::new());
    cells
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn formulas_in_free_text_are_made_inert_and_plain_text_is_not_touched() {
        for (raw, expected) in [
            ("=HYPERLINK(\"http://x\",\"click\")", "'=HYPERLINK(\"http://x\",\"click\")"),
            ("+44 group", "'+44 group"),
            ("-1 trick", "'-1 trick"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tTabbed", "'\tTabbed"),
            ("Recovery Café", "Recovery Café"),
            ("Siobhán's group = best", "Siobhán's group = best"),
        ] {
            assert_eq!(inert(raw), expected);
        }
    }

    #[test]
    fn small_counts_are_hidden_only_when_asked_and_changes_do_not_give_them_away() {
        let hide = Disclosure { suppress_small: true };
        let show = Disclosure::default();
        assert_eq!([0, 1, 4, 5, 12].map(|n| hide.count(n)), ["0", "<5", "<5", "5", "12"]);
        assert_eq!([0, 1, 4, 5].map(|n| show.count(n)), ["0", "1", "4", "5"]);
        assert_eq!(hide.change(12, 3), "");
        assert_eq!(hide.change(12, 9), "+3");
        assert_eq!(show.change(3, 12), "-9");
        assert_eq!(show.change(5, 5), "0");
    }

    #[test]
    fn percentages_are_plain_numbers() {
        assert_eq!(percent_number(Some(Decimal::new(875, 3))), "87.5");
        assert_eq!(percent_number(Some(Decimal::ONE)), "100");
        assert_eq!(percent_number(None), "");
    }
}
