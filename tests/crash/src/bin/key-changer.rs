//! The second child of the kill harness: changes its own password (which also changes the
//! database key) back and forth between the two `PASSWORDS`, and asks for a new database key
//! between, forever, printing "changed" once each change has completed. Started with the
//! database and the time to act at (the parent spaces its runs apart, so that the log-ins that
//! try the wrong one of the two passwords do not add up to the failure limit).

use std::io::Write;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: key-changer DATABASE AT");
    let at = args.next().and_then(|a| chrono::DateTime::parse_from_rfc3339(&a).ok()).expect("AT as RFC 3339").to_utc();
    let (mut store, actor, mut current) = recovery_register_crash::open_with_either(std::path::Path::new(&path), at);
    let mut out = std::io::stdout().lock();
    loop {
        let next = recovery_register_crash::other_password(current);
        store.change_password(&actor, current, next, at).expect("change password");
        current = next;
        store.change_database_key(&actor).expect("change the database key");
        writeln!(out, "changed").expect("report");
        out.flush().expect("flush");
    }
}
