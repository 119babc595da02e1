//! A person's peer role as their page, their full record and their passport show it: the role,
//! what they are qualified to deliver, and the sessions they led. What is said of them outside
//! the record (a passport, a transfer pack's history) is `PassportPeer`, in the model.

use crate::model::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PeerRecord {
    /// The facilitator linked to the person's record (its `peer_role` is set).
    pub facilitator: Facilitator,
    pub role: PeerRole,
    pub since: NaiveDate,
    /// Whether the person chose to have the sessions they led on their recovery passport.
    pub on_passport: bool,
    pub qualifications: Vec<Qualification>,
    /// The groups they are one of the facilitators of now.
    pub groups: Vec<String>,
    /// Held sessions they facilitated, oldest first.
    pub sessions_led: Vec<LedSession>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LedSession {
    pub session_id: SessionId,
    pub group_id: GroupId,
    pub group_name: String,
    pub group_kind: GroupKind,
    pub held_on: NaiveDate,
}

impl PeerRecord {
    /// What is said of the peer outside their record, each group they led named by `name_of`.
    pub fn summary(self, name_of: impl Fn(&LedSession) -> String) -> PassportPeer {
        PassportPeer {
            role: self.role,
            since: self.since,
            qualifications: self.qualifications.into_iter().map(|q| q.details).collect(),
            led: led_by_group(&self.sessions_led, name_of),
        }
    }
}

/// The led sessions by group, in the order each group was first led.
fn led_by_group(sessions: &[LedSession], name_of: impl Fn(&LedSession) -> String) -> Vec<PassportLed> {
    let mut out: Vec<(GroupId, PassportLed)> = Vec::new();
    for s in sessions {
        match out.iter_mut().find(|(g, _)| *g == s.group_id) {
            Some((_, led)) => {
                led.sessions += 1;
                led.first = led.first.min(s.held_on);
                led.last = led.last.max(s.held_on);
            }
            None => out.push((s.group_id, PassportLed { group: name_of(s), sessions: 1, first: s.held_on, last: s.held_on })),
        }
    }
    out.into_iter().map(|(_, led)| led).collect()
}
