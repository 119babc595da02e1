//! The child of the kill harness: adds a session a day after the last one and takes its whole
//! register, forever, printing "saved <session id>" once each register has committed.

use recovery_register::model::*;
use std::io::Write;

fn main() {
    let path = std::env::args().nth(1).expect("usage: crash-writer DATABASE");
    let (mut store, actor) = recovery_register_crash::open(std::path::Path::new(&path));
    store.set_today(recovery_register_crash::today());
    let group = store.group_by_key(&actor, recovery_register_crash::GROUP, None).expect("group");
    let roster: Vec<ParticipantId> =
        store.enrolments_of_group(&actor, group.id).expect("roster").iter().map(|l| l.participant.id).collect();
    let last: Option<String> = store.connection().query_row("SELECT max(held_on) FROM session", [], |r| r.get(0)).expect("last session");
    let mut day = last
        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        .map(|d| d.succ_opt().unwrap())
        .unwrap_or_else(recovery_register_crash::first_day);
    let mut out = std::io::stdout().lock();
    loop {
        let session = store.add_session(&actor, group.id, day, None).expect("add session");
        let marks: Vec<Mark> = roster
            .iter()
            .enumerate()
            .map(|(i, p)| if i % 5 == 4 { Mark::absent(*p, AbsenceReason::NotUnlocked) } else { Mark::present(*p) })
            .collect();
        store.take_register(&actor, session.id, &marks).expect("take register");
        writeln!(out, "saved {}", session.id).expect("report");
        out.flush().expect("flush");
        day = day.succ_opt().unwrap();
    }
}
