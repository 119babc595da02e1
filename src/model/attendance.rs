use super::coded::coded_enum;
use super::ParticipantId;
use crate::error::{Error, Result};
use crate::text;
use serde::{Deserialize, Serialize};

coded_enum! {
    pub enum MarkKind {
        Present = ("present", "Present"),
        Late = ("late", "Late"),
        LeftEarly = ("left_early", "Left early"),
        Absent = ("absent", "Absent"),
    }
}

impl MarkKind {
    pub fn attended(self) -> bool {
        self != MarkKind::Absent
    }
}

coded_enum! {
    /// Who caused an absence. Telling "the prison did not bring them" apart from "they did not
    /// want to come" is the point of recording a reason.
    pub enum AbsenceCause {
        Person = ("person", "The person"),
        Regime = ("regime", "The regime"),
        Appointment = ("appointment", "Another appointment"),
    }
}

coded_enum! {
    pub enum AbsenceReason {
        ChoseNotToAttend = ("chose_not_to_attend", "Chose not to attend"),
        Refused = ("refused", "Refused"),
        Unwell = ("unwell", "Unwell"),
        NotUnlocked = ("not_unlocked", "Not unlocked"),
        WingLockdown = ("wing_lockdown", "Wing lockdown"),
        NoEscort = ("no_escort", "No escort"),
        StaffShortage = ("staff_shortage", "Staff shortage"),
        LegalVisit = ("legal_visit", "Legal visit"),
        Healthcare = ("healthcare", "Healthcare appointment"),
        Court = ("court", "Court"),
        Work = ("work", "Work"),
        Education = ("education", "Education"),
        Visit = ("visit", "Family or social visit"),
        Other = ("other", "Other"),
    }
}

impl AbsenceReason {
    pub fn cause(self) -> AbsenceCause {
        use AbsenceReason::*;
        match self {
            // "Other" counts against the person: a rate "when able to attend" must never be
            // flattered by a reason nobody could name.
            ChoseNotToAttend | Refused | Unwell | Other => AbsenceCause::Person,
            NotUnlocked | WingLockdown | NoEscort | StaffShortage => AbsenceCause::Regime,
            LegalVisit | Healthcare | Court | Work | Education | Visit => AbsenceCause::Appointment,
        }
    }
}

/// One person's mark on one register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Mark {
    pub participant_id: ParticipantId,
    pub mark: MarkKind,
    pub absence_reason: Option<AbsenceReason>,
    pub note: Option<String>,
}

impl Mark {
    pub fn present(participant_id: ParticipantId) -> Mark {
        Mark { participant_id, mark: MarkKind::Present, absence_reason: None, note: None }
    }

    pub fn absent(participant_id: ParticipantId, reason: AbsenceReason) -> Mark {
        Mark { participant_id, mark: MarkKind::Absent, absence_reason: Some(reason), note: None }
    }

    pub fn normalised(&self, field: &str) -> Result<Mark> {
        match (self.mark, self.absence_reason) {
            (MarkKind::Absent, None) => {
                return Err(Error::invalid(
                    format!("{field} absence reason"),
                    format!("is required for an absence; one of: {}", AbsenceReason::codes()),
                ))
            }
            (m, Some(_)) if m != MarkKind::Absent => {
                return Err(Error::invalid(
                    format!("{field} absence reason"),
                    format!("is only given for an absence, not for '{}'", m.label()),
                ))
            }
            _ => {}
        }
        Ok(Mark { note: text::optional(&format!("{field} note"), self.note.as_deref(), 500)?, ..self.clone() })
    }
}
