//! Award types the test suites share (the integration tests and the end-to-end tests).

use recovery_register::model::{AwardKind, AwardTypeDetails, Signatory};

/// A simple award type: peer mentor training, one signatory.
pub fn peer_mentor_award() -> AwardTypeDetails {
    AwardTypeDetails {
        kind: AwardKind::Custom,
        title: "Peer mentor training".into(),
        svq_level: None,
        awarding_body: None,
        wording: "has completed peer mentor training".into(),
        issuing_organisation: "Perth Recovery Service".into(),
        show_establishment: false,
        signatories: vec![Signatory { name: "Alison Grant".into(), role: "Recovery Coordinator".into(), signature: None }],
    }
}

/// An SVQ at the centre (units are added by the tests that need them). The end-to-end tests set
/// up none.
#[allow(dead_code)]
pub fn svq_award() -> AwardTypeDetails {
    AwardTypeDetails {
        kind: AwardKind::Svq,
        title: "SVQ Level 3 in Recovery Development Practice".into(),
        svq_level: Some(3),
        awarding_body: Some("SQA".into()),
        wording: "has achieved units towards the SVQ in Recovery Development Practice".into(),
        issuing_organisation: "Perth Recovery Service".into(),
        show_establishment: false,
        signatories: vec![Signatory::new("Alison Grant", "Assessor")],
    }
}
