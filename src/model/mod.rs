//! Plain types in the caseworker's words, with the validation that needs no database.
//! Nothing here touches SQLite; the store persists these types and adds the checks that do.

pub mod action;
pub mod attendance;
pub mod audit_anchor;
pub mod award;
pub mod capital;
pub mod clearance;
pub(crate) mod coded;
pub mod enrolment;
pub mod establishment;
pub mod event;
pub mod facilitator;
pub mod group;
pub mod ids;
pub mod liberation;
pub mod participant;
pub mod referral_in;
pub mod session;
pub mod svq;
pub mod transfer;

pub use attendance::{AbsenceCause, AbsenceReason, Mark, MarkKind};
pub use audit_anchor::AuditAnchor;
pub use award::{Award, AwardKind, AwardType, AwardTypeDetails, AwardTypeRevision, Signatory, SignatureImage, Verification};
pub use capital::{CapitalAssessment, CapitalDetails, CapitalStage};
pub use clearance::{Clearance, ClearanceDetails, ClearanceKind, ClearanceStatus};
pub use enrolment::{Enrolment, RosterLine};
pub use establishment::{Establishment, NewEstablishment};
pub use event::{Event, EventDetails, EventKind, EVENT_TITLE_MAX};
pub use facilitator::{
    Facilitator, FacilitatorKind, NewFacilitator, PassportLed, PassportPeer, PeerRole, Qualification, QualificationDetails,
    TRAINING_FOR_TRAINERS,
};
pub use group::{CompletionRule, Group, GroupDetails, GroupKind, Schedule};
pub use ids::*;
pub use liberation::{
    CommunityService, Consent, ConsentDetails, Meeting, MeetingDetails, MeetingKind, PlanDetails, Referral, ReferralDetails,
    ReferralStatus, ReferralStep, ServiceDetails, ServiceKind,
};
pub use participant::{CustodyStatus, LeavingReason, Participant, ParticipantDetails, ParticipantKind};
pub use referral_in::{Programme, ReferralIn, ReferralInDetails, ReferralOutcome, ReferralSource, ReferralWants};
pub use session::{
    CancellationReason, Headcount, HeldUncleared, Session, SessionLog, SessionStatus, HEADCOUNT_MAX, HELD_UNCLEARED_REASON_MAX,
};
pub use svq::{NewUnit, SvqProgress, Unit, UnitProgress, UnitSignOff};
pub use transfer::{History, HistoryAward, HistoryConsent, HistoryGroup, HistoryReferral, HistorySvq, HistoryUnit};

#[cfg(test)]
mod tests {
    use super::*;

    fn snake_case(name: &str) -> String {
        let mut out = String::new();
        for (i, c) in name.chars().enumerate() {
            if c.is_uppercase() && i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        }
        out
    }

    macro_rules! codes_are_snake_case {
        ($($t:ty),+) => {$(
            let codes: Vec<String> = <$t>::ALL.iter().map(|v| v.code().to_string()).collect();
            let names: Vec<String> = <$t>::VARIANTS.iter().map(|n| snake_case(n)).collect();
            assert_eq!(codes, names, "{}", stringify!($t));
        )+};
    }

    /// The generated TypeScript unions use the variants' snake_case names; serde writes codes.
    #[test]
    fn every_code_is_its_variant_in_snake_case() {
        codes_are_snake_case!(
            AwardKind,
            ReferralSource,
            CapitalStage,
            ReferralWants,
            ReferralOutcome,
            ParticipantKind,
            CustodyStatus,
            LeavingReason,
            FacilitatorKind,
            GroupKind,
            EventKind,
            SessionStatus,
            CancellationReason,
            MarkKind,
            AbsenceCause,
            AbsenceReason,
            ClearanceKind,
            ClearanceStatus,
            ServiceKind,
            ReferralStatus,
            MeetingKind
        );
    }
}
