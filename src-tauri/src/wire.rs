//! Shapes the UI receives that the core does not define itself: pages that combine several core
//! results, with rates already formatted (the UI never does arithmetic on figures).

use recovery_register::model::*;
use recovery_register::rules::attendance::{percent, AttendanceCounts};
use recovery_register::store::SessionListing;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Serialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub database: String,
}

/// Attendance counts with the two rates as the UI shows them ("87.5%", or "–").
#[derive(Debug, Serialize, TS)]
pub struct Figures {
    pub counts: AttendanceCounts,
    pub attended: u32,
    pub rate: String,
    pub rate_when_able: String,
}

impl From<AttendanceCounts> for Figures {
    fn from(counts: AttendanceCounts) -> Figures {
        Figures { attended: counts.attended(), rate: percent(counts.rate()), rate_when_able: percent(counts.rate_when_able()), counts }
    }
}

#[derive(Debug, Serialize, TS)]
pub struct GroupFigures {
    pub group_id: GroupId,
    pub group_name: String,
    pub figures: Figures,
}

#[derive(Debug, Serialize, TS)]
pub struct ParticipantPage {
    pub participant: Participant,
    pub enrolments: Vec<EnrolmentLine>,
    pub attendance: Vec<GroupFigures>,
    /// Certificates issued to the person, oldest first.
    pub awards: Vec<AwardLine>,
}

#[derive(Debug, Serialize, TS)]
pub struct AwardLine {
    pub award: Award,
    /// The award type's title, e.g. "Recovery College graduation".
    pub title: String,
}

#[derive(Debug, Serialize, TS)]
pub struct EnrolmentLine {
    pub enrolment: Enrolment,
    pub group_name: String,
}

#[derive(Debug, Serialize, TS)]
pub struct RosterFigures {
    pub participant: Participant,
    pub figures: Figures,
}

#[derive(Debug, Serialize, TS)]
pub struct GroupPage {
    pub group: Group,
    /// Everyone ever enrolled, current first.
    pub enrolments: Vec<RosterLine>,
    pub attendance: Vec<RosterFigures>,
    pub sessions: Vec<SessionListing>,
}
