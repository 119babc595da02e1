//! 1,000 SIGKILLs of a process writing registers (run: `cargo bench -p recovery-register-crash`).

use recovery_register_crash::*;
use std::time::Duration;

fn main() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("kill-bench");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("register.db");
    prepare(&db);
    let f = run(std::path::Path::new(env!("CARGO_BIN_EXE_crash-writer")), &db, 1000, Duration::from_millis(150), 2026);
    println!("Crash safety: SIGKILL while writing registers (synchronous=FULL, WAL)");
    println!("  kills: {}   registers reported saved: {}   in the file: {}", f.kills, f.reported_saved, f.registers_in_file);
    println!(
        "  lost: {}   half-written: {}   integrity_check: {}   foreign_key_check problems: {}",
        f.lost, f.partial, f.integrity, f.foreign_key_problems
    );
    println!("  took {:.1} s   (target: 0 lost, 0 half-written)", f.elapsed.as_secs_f64());
    assert!(f.lost == 0 && f.partial == 0 && f.integrity == "ok" && f.foreign_key_problems == 0, "{f:?}");
}
