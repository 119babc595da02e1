//! Plain types in the caseworker's words, with the validation that needs no database.
//! Nothing here touches SQLite; the store persists these types and adds the checks that do.

mod coded;
pub mod attendance;
pub mod enrolment;
pub mod establishment;
pub mod facilitator;
pub mod group;
pub mod ids;
pub mod participant;
pub mod session;

pub use attendance::{AbsenceCause, AbsenceReason, Mark, MarkKind};
pub use enrolment::{Enrolment, RosterLine};
pub use establishment::{Establishment, NewEstablishment};
pub use facilitator::{Facilitator, FacilitatorKind, NewFacilitator};
pub use group::{CompletionRule, Group, GroupDetails, GroupKind, Schedule};
pub use ids::*;
pub use participant::{CustodyStatus, LeavingReason, Participant, ParticipantDetails, ParticipantKind};
pub use session::{CancellationReason, Session, SessionLog, SessionStatus};
