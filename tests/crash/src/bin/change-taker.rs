//! A child of the kill harness: takes a change file in (one transaction), printing "taken" once
//! it has committed. The parent kills it at random moments.

use std::io::Write;

fn main() {
    let mut args = std::env::args().skip(1);
    let (db, file) = (args.next().expect("usage: change-taker DATABASE FILE"), args.next().expect("FILE"));
    let (mut store, actor) = recovery_register_crash::open(std::path::Path::new(&db));
    store.take_in_changes(&actor, std::path::Path::new(&file)).expect("take in");
    let mut out = std::io::stdout().lock();
    writeln!(out, "taken").expect("report");
    out.flush().expect("flush");
}
