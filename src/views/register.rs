//! A session's register as the screens and the paper sheet show it: who is on the roster that
//! day and their mark, if any; the drop-ins marked there; and the people nobody names.

use crate::model::*;
use serde::{Deserialize, Serialize};

/// A register: the session, one line per person on the roster that day, then the drop-ins.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Register {
    pub session: Session,
    pub group_name: String,
    /// The kind of one-off event this is (no roster: everyone is added as they come), or none.
    pub event: Option<EventKind>,
    pub lines: Vec<RegisterLine>,
    pub headcount: Headcount,
    /// Who running this session is not cleared here on its date, in the session rule's words,
    /// shown as the register opens (before anyone is marked); none when all are cleared.
    pub clearance_problem: Option<String>,
    /// Who running this session is not qualified to deliver the course its group requires, said
    /// as the register and the session log open. Not a refusal: a session that took place is
    /// recorded as it was, and the group's own list is where the requirement is enforced.
    pub qualification_problem: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RegisterLine {
    pub participant: Participant,
    pub mark: Option<Mark>,
    /// Came without being on the roster that day: attended, not expected.
    pub drop_in: bool,
}
