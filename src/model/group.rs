use super::coded::coded_enum;
use super::{EstablishmentId, FacilitatorId, GroupId};
use crate::dates;
use crate::error::{Error, Result};
use crate::text;
use chrono::{NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

coded_enum! {
    pub enum GroupKind {
        Aa = ("aa", "Alcoholics Anonymous"),
        Na = ("na", "Narcotics Anonymous"),
        Ca = ("ca", "Cocaine Anonymous"),
        SmartRecovery = ("smart_recovery", "SMART Recovery"),
        PeerLed = ("peer_led", "Peer-led group"),
        RecoveryCafe = ("recovery_cafe", "Recovery café"),
        Programme = ("programme", "Structured programme"),
        Other = ("other", "Other group"),
    }
}

impl GroupKind {
    pub fn is_mutual_aid(self) -> bool {
        matches!(self, GroupKind::Aa | GroupKind::Na | GroupKind::Ca | GroupKind::SmartRecovery)
    }
}

/// A regular meeting pattern: this weekday, every N weeks, from the group's start date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Schedule {
    #[serde(with = "weekday_code")]
    #[cfg_attr(feature = "ts", ts(type = "\"mon\" | \"tue\" | \"wed\" | \"thu\" | \"fri\" | \"sat\" | \"sun\""))]
    pub weekday: Weekday,
    pub every_weeks: u32,
}

/// "Attended at least `min_attended` of the programme's planned sessions". When
/// `excuses_regime_absences` is set, sessions missed because of the regime or another
/// appointment are taken off what the person could have attended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CompletionRule {
    pub min_attended: u32,
    pub excuses_regime_absences: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Group {
    pub id: GroupId,
    pub establishment_id: EstablishmentId,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub details: GroupDetails,
    /// The course every facilitator must be qualified to deliver (`Store::require_course`).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub required_course: Option<String>,
}

/// What a caseworker sets when creating or editing a group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GroupDetails {
    pub name: String,
    pub kind: GroupKind,
    pub location: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    #[serde(with = "time_hhmm")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub start_time: NaiveTime,
    pub duration_minutes: u32,
    pub schedule: Option<Schedule>,
    /// Structured programmes only: how many sessions the programme runs for.
    pub planned_sessions: Option<u32>,
    pub completion: Option<CompletionRule>,
    pub facilitators: Vec<FacilitatorId>,
}

impl GroupDetails {
    pub fn normalised(&self) -> Result<GroupDetails> {
        let name = text::required("group name", &self.name, 80)?;
        if let Some(end) = self.ends_on {
            if end < self.starts_on {
                return Err(Error::invalid(
                    "end date",
                    format!("{} is before the start date {}", dates::display(end), dates::display(self.starts_on)),
                ));
            }
        }
        if self.duration_minutes == 0 || self.duration_minutes > 8 * 60 {
            return Err(Error::invalid("duration", "must be between 1 minute and 8 hours"));
        }
        if let Some(s) = self.schedule {
            if s.every_weeks == 0 || s.every_weeks > 52 {
                return Err(Error::invalid("schedule", "must repeat every 1 to 52 weeks"));
            }
        }
        let is_programme = self.kind == GroupKind::Programme;
        match (is_programme, self.planned_sessions) {
            (true, None) => return Err(Error::invalid("planned sessions", "a structured programme needs its number of sessions")),
            (true, Some(n)) if n == 0 || n > 200 => return Err(Error::invalid("planned sessions", "must be between 1 and 200")),
            (false, Some(_)) => return Err(Error::invalid("planned sessions", "are only set for structured programmes")),
            _ => {}
        }
        if let Some(rule) = self.completion {
            let Some(planned) = self.planned_sessions else {
                return Err(Error::invalid("completion rule", "is only set for structured programmes"));
            };
            if rule.min_attended == 0 || rule.min_attended > planned {
                return Err(Error::invalid("completion rule", format!("must ask for between 1 and {planned} sessions attended")));
            }
        }
        let mut facilitators = self.facilitators.clone();
        facilitators.sort();
        facilitators.dedup();
        Ok(GroupDetails { name, location: text::optional("location", self.location.as_deref(), 60)?, facilitators, ..self.clone() })
    }
}

pub mod time_hhmm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.format("%H:%M").to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        let raw = String::deserialize(d)?;
        crate::dates::parse_time(&raw).map_err(serde::de::Error::custom)
    }
}

pub mod weekday_code {
    use chrono::Weekday;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(w: &Weekday, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(crate::dates::weekday_code(*w))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Weekday, D::Error> {
        let raw = String::deserialize(d)?;
        crate::dates::parse_weekday(&raw).map_err(serde::de::Error::custom)
    }
}
