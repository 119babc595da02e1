//! One-off events: a recovery walk, a family day, a graduation ceremony, a recovery awareness
//! session. An event has a date, a time and a place and nothing else to plan: no schedule, no
//! roster. Everyone at it is added as they come (found, or added new) and the rest are counted.

use super::coded::coded_enum;
use super::group::time_hhmm;
use super::{EstablishmentId, GroupId, SessionId};
use crate::error::Result;
use crate::text;
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

coded_enum! {
    pub enum EventKind {
        RecoveryWalk = ("recovery_walk", "Recovery walk"),
        FamilyDay = ("family_day", "Family day"),
        GraduationCeremony = ("graduation_ceremony", "Graduation ceremony"),
        AwarenessSession = ("awareness_session", "Recovery awareness session"),
        Other = ("other", "Other event"),
    }
}

/// The longest event title kept: with its date (", 14/08/2027") it is within a group name's 80.
pub const EVENT_TITLE_MAX: usize = 66;

/// What a caseworker gives when adding an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EventDetails {
    pub kind: EventKind,
    /// "Recovery walk to Kinnoull Hill"; the kind's label when left empty.
    pub title: String,
    pub held_on: NaiveDate,
    #[serde(with = "time_hhmm")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub start_time: NaiveTime,
    /// Where it is: "Chapel", "Sports field".
    pub place: Option<String>,
}

impl EventDetails {
    /// Checks the details and returns them as they will be stored: the title trimmed (the kind's
    /// label when empty), the place trimmed or none.
    pub fn normalised(&self) -> Result<EventDetails> {
        let title = if self.title.trim().is_empty() { self.kind.label().to_string() } else { self.title.clone() };
        Ok(EventDetails {
            title: text::required("title", &title, EVENT_TITLE_MAX)?,
            place: text::optional("place", self.place.as_deref(), 60)?,
            ..self.clone()
        })
    }

    /// The name the event goes by wherever a group's name is shown (Today, its register, the
    /// person's record): its title and date, so "Family day" can come back every summer.
    pub fn listed_name(&self) -> String {
        format!("{}, {}", self.title, crate::dates::display(self.held_on))
    }
}

/// An event as the app lists it: its one session is where people are marked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Event {
    /// The event's session: its register takes the attendance.
    pub session_id: SessionId,
    pub group_id: GroupId,
    pub establishment_id: EstablishmentId,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub details: EventDetails,
}
