//! Pure functions the reports and screens rely on. No SQL, no clock: inputs in, answers out.

pub mod access;
pub mod attendance;
pub mod capital;
pub mod clearance;
pub mod clock;
pub mod completion;
pub mod disclosure;
pub mod liberation;
pub mod schedule;
pub mod unlock;
pub mod waiting;
