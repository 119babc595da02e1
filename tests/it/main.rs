//! The integration tests: one binary (each `tests/*.rs` would be its own executable linking
//! SQLCipher, OpenSSL, printpdf and calamine again), one module per area, one `support`.

mod support;

mod access;
mod accounts;
mod architecture;
mod audit;
mod award_history;
mod awards;
mod backups;
mod bad_input;
mod canary;
mod cards;
mod certificate_pdf;
mod clearance_report_pdf;
mod clearances;
mod cli;
mod concurrency;
mod demo;
mod documents;
mod events;
// A full or read-only disk, made as a small tmpfs: mounted by the test on Linux, by the test
// host for a drive letter under Wine (support::host).
#[cfg(any(target_os = "linux", windows))]
mod faults;
mod flow;
mod folders;
mod import;
mod keys;
mod liberation;
mod migrations;
mod monthly_report;
mod national;
mod passport_pdf;
mod referrals_in;
mod report_pdf;
mod retention;
mod roles;
mod roundtrip;
mod subject_access;
mod team;
mod transfers;
