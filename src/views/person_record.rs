//! A person's full record (subject access under the UK GDPR): everything held about them, as
//! `store::subject_access` gathers it and `pdf::subject_access` and the JSON export show it.

use crate::model::action::Action;
use crate::model::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The shape of the JSON file. A later version changes it only by adding fields, or by a new
/// number.
pub const FORMAT_VERSION: u32 = 1;

/// Everything held about one person. Dates are ISO (yyyy-mm-dd); moments (`*_at`) are UTC,
/// RFC 3339, as stored. Every list is oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonRecord {
    /// 1: the shape described here.
    pub format_version: u32,
    /// The version of Recovery Register that prepared it.
    pub app_version: String,
    pub prepared_on: NaiveDate,
    pub details: HeldDetails,
    /// Custody history: each change of status, with its date.
    pub custody: Vec<HeldCustodyChange>,
    pub enrolments: Vec<HeldEnrolment>,
    /// Every mark on a register, by date.
    pub attendance: Vec<HeldAttendance>,
    pub awards: Vec<HeldAward>,
    /// Only once a plan was started (people in custody).
    pub liberation_plan: Option<HeldPlan>,
    pub consents: Vec<HeldConsent>,
    pub referrals: Vec<HeldReferral>,
    pub meetings: Vec<HeldMeeting>,
    /// Transfer packs made for the person here and taken in here, oldest first.
    #[serde(default)]
    pub transfers: Vec<HeldTransfer>,
    /// The history packs brought from other establishments, as shown on their page.
    #[serde(default)]
    pub history_elsewhere: Vec<History>,
    /// The ids the person had at the establishments those packs came from (random ids, kept so a
    /// later pack finds them).
    #[serde(default)]
    pub ids_elsewhere: Vec<ParticipantId>,
    /// Referrals into the service, newest first: who referred, for what, how the wait ended,
    /// and any reason they were passed over on a waiting list.
    #[serde(default)]
    pub referrals_in: Vec<super::referrals_in::ReferralInLine>,
    /// BARC-10 assessments, oldest first, with every score (the person's own answers).
    #[serde(default)]
    pub recovery_capital: Vec<CapitalAssessment>,
    /// SVQ units signed off, by qualification.
    #[serde(default)]
    pub svq_units: Vec<SvqProgress>,
    /// Their peer role, what they are qualified to deliver, and every session they led.
    #[serde(default)]
    pub peer: Option<super::peer::PeerRecord>,
    /// Who opened, changed or exported the record, when and on which PC.
    pub audit: Vec<HeldAuditEntry>,
}

/// A transfer pack made for the person here, or taken in here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HeldTransfer {
    /// Made here and sent, or taken in here.
    pub sent: bool,
    /// "HMP Low Moss (LMS)": where it went, or where it came from.
    pub establishment: String,
    /// When the pack was made.
    pub made_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HeldDetails {
    pub id: ParticipantId,
    pub given_name: String,
    pub family_name: String,
    /// How certificates and passports print the name, where it is not given then family name.
    pub printed_name: Option<String>,
    /// The number SQA knows them by, for SVQ units.
    #[serde(default)]
    pub sqa_candidate_number: Option<String>,
    pub prison_number: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub kind: ParticipantKind,
    pub establishment: String,
    pub establishment_code: String,
    /// Hall or wing.
    pub location: Option<String>,
    pub status: Option<CustodyStatus>,
    pub status_since: Option<NaiveDate>,
    pub expected_liberation: Option<NaiveDate>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HeldCustodyChange {
    pub status: CustodyStatus,
    pub effective_on: NaiveDate,
    pub recorded_at: String,
    /// The member of staff's name as the app knows it.
    pub recorded_by: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HeldEnrolment {
    pub id: EnrolmentId,
    pub group: String,
    pub group_kind: GroupKind,
    pub enrolled_on: NaiveDate,
    /// The first day off the roster.
    pub left_on: Option<NaiveDate>,
    pub leaving_reason: Option<LeavingReason>,
    pub leaving_note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HeldAttendance {
    pub held_on: NaiveDate,
    pub group: String,
    pub mark: MarkKind,
    pub absence_reason: Option<AbsenceReason>,
    pub note: Option<String>,
    pub recorded_at: String,
    pub recorded_by: String,
    /// Another version of this mark, made on another PC of the team, waiting for someone to
    /// choose between the two: held about the person all the same, so it is in their record.
    #[serde(default)]
    pub waiting_choice: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HeldAward {
    pub id: AwardId,
    pub title: String,
    /// The certificate number, e.g. PER-2026-0042.
    pub number: String,
    pub awarded_on: NaiveDate,
    pub name_on_certificate: String,
    pub verification_code: String,
    /// The group (cohort) it was for, if any.
    pub group: Option<String>,
    pub issued_at: String,
    pub issued_by: String,
    pub revoked_on: Option<NaiveDate>,
    pub revocation_reason: Option<String>,
    pub revoked_by: Option<String>,
    /// Each time the certificate was printed.
    pub prints: Vec<HeldPrint>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HeldPrint {
    pub printed_at: String,
    pub printed_by: String,
    /// Why it was printed again; none for the first print.
    pub reprint_reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HeldPlan {
    pub home_area: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HeldConsent {
    pub id: ConsentId,
    pub given_on: NaiveDate,
    /// What may be shared, in the person's words.
    pub scope: String,
    /// The services it names.
    pub services: Vec<String>,
    /// The establishments their record may go to on transfer: "HMP Low Moss (LMS)".
    #[serde(default)]
    pub establishments: Vec<String>,
    pub withdrawn_on: Option<NaiveDate>,
    pub created_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HeldReferral {
    pub id: ReferralId,
    pub service: String,
    pub service_area: String,
    pub referred_on: NaiveDate,
    /// The person's details were passed to the service.
    pub details_shared: bool,
    /// The consent it was shared under, by the day it was given.
    pub consent_given_on: Option<NaiveDate>,
    pub notes: Option<String>,
    pub steps: Vec<HeldReferralStep>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HeldReferralStep {
    pub status: ReferralStatus,
    pub on: NaiveDate,
    pub recorded_at: String,
    pub recorded_by: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HeldMeeting {
    pub id: MeetingId,
    pub held_on: NaiveDate,
    pub kind: MeetingKind,
    /// Someone from this service was there.
    pub service: Option<String>,
    pub notes: Option<String>,
    pub created_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HeldAuditEntry {
    /// UTC, RFC 3339.
    pub at: String,
    /// The member of staff's name, or "Recovery Register" for the app itself.
    pub who: String,
    pub action: Action,
    /// What was done, in words.
    pub description: String,
    /// Which PC.
    pub workstation: String,
    pub record_kind: Option<String>,
    pub record_id: Option<String>,
    /// Counts and identifiers only, never names or notes.
    pub detail: Option<String>,
    /// Which of the person's records it was, in words, when the entry names one: the group of
    /// an enrolment, an award's title and number, the service of a referral.
    pub about: Option<String>,
}

/// An audit entry about a person as their page shows it (who looked at this record): the entry,
/// and when in London time (dd/mm/yyyy hh:mm:ss).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonAuditLine {
    pub at_london: String,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub entry: HeldAuditEntry,
}

impl PersonRecord {
    /// As the person is called: the name as printed, or given and family name.
    pub fn name(&self) -> String {
        self.details.printed_name.clone().unwrap_or_else(|| format!("{} {}", self.details.given_name, self.details.family_name))
    }
}

/// A record with details only (Siobhán, in custody at HMP Perth), for unit tests.
#[cfg(test)]
pub(crate) fn example() -> PersonRecord {
    PersonRecord {
        format_version: FORMAT_VERSION,
        app_version: "0.1.0".into(),
        prepared_on: NaiveDate::from_ymd_opt(2026, 11, 16).unwrap(),
        details: HeldDetails {
            id: ParticipantId::new(),
            given_name: "Siobhán".into(),
            family_name: "Ó Súilleabháin".into(),
            printed_name: None,
            sqa_candidate_number: None,
            prison_number: Some("100001".into()),
            date_of_birth: NaiveDate::from_ymd_opt(1984, 3, 2),
            kind: ParticipantKind::InCustody,
            establishment: "HMP Perth".into(),
            establishment_code: "PER".into(),
            location: None,
            status: Some(CustodyStatus::InCustody),
            status_since: None,
            expected_liberation: None,
            created_at: "2026-11-16T09:00:00.000Z".into(),
            updated_at: "2026-11-16T09:00:00.000Z".into(),
        },
        custody: vec![],
        enrolments: vec![],
        attendance: vec![],
        awards: vec![],
        liberation_plan: None,
        consents: vec![],
        referrals: vec![],
        meetings: vec![],
        transfers: vec![],
        history_elsewhere: vec![],
        ids_elsewhere: vec![],
        referrals_in: vec![],
        recovery_capital: vec![],
        svq_units: vec![],
        peer: None,
        audit: vec![],
    }
}
