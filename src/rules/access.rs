//! The rules of getting in, shared by the accounts table (which counts failed log-ins) and the
//! key file (which counts failed unlocks before the database can be read).

/// Failed attempts allowed per account within [`WINDOW_MINUTES`].
pub const MAX_FAILURES: u32 = 10;
/// The window, in minutes, over which failures are counted.
pub const WINDOW_MINUTES: i64 = 5;
/// Long enough to resist guessing; short enough to type at a shared PC.
pub const MIN_PASSWORD_CHARS: usize = 10;
