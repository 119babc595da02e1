use super::coded::coded_enum;
use super::{EstablishmentId, GroupId, ParticipantId, SignatureImageId};
use crate::error::{Error, Result};
use crate::text;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

coded_enum! {
    pub enum AwardKind {
        RecoveryCollege = ("recovery_college", "Recovery College graduation"),
        ProgrammeCompletion = ("programme_completion", "Programme completion"),
        Svq = ("svq", "SVQ"),
        Custom = ("custom", "Other award"),
    }
}

/// Who signs a certificate: up to three, printed left to right.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Signatory {
    pub name: String,
    pub role: String,
    /// Their scanned signature, printed above the line (`Store::add_signature_image`).
    #[serde(default)]
    pub signature: Option<SignatureImageId>,
}

impl Signatory {
    pub fn new(name: &str, role: &str) -> Signatory {
        Signatory { name: name.to_string(), role: role.to_string(), signature: None }
    }

    /// One to three signatories, each with a name and a role.
    pub fn normalised_list(list: &[Signatory]) -> Result<Vec<Signatory>> {
        if list.is_empty() || list.len() > 3 {
            return Err(Error::invalid("signatories", "a certificate has one to three signatories"));
        }
        list.iter()
            .enumerate()
            .map(|(i, s)| {
                Ok(Signatory {
                    name: text::required(&format!("signatory {} name", i + 1), &s.name, 80)?,
                    role: text::required(&format!("signatory {} role", i + 1), &s.role, 80)?,
                    signature: s.signature,
                })
            })
            .collect()
    }
}

/// A signature image as stored: checked and scaled once, never changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SignatureImage {
    pub id: SignatureImageId,
    pub width_px: u32,
    pub height_px: u32,
}

/// What a caseworker sets up once per kind of certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AwardTypeDetails {
    pub kind: AwardKind,
    /// e.g. "Recovery College graduation", "SVQ Level 3 in Recovery Development Practice".
    pub title: String,
    pub svq_level: Option<u32>,
    pub awarding_body: Option<String>,
    /// The sentence under the name, e.g. "has successfully completed the 10-week Recovery
    /// Group Programme".
    pub wording: String,
    /// Shown on the certificate instead of the prison, so it can go to an employer.
    pub issuing_organisation: String,
    /// Off by default: a certificate does not disclose custody unless the caseworker chooses.
    pub show_establishment: bool,
    pub signatories: Vec<Signatory>,
}

impl AwardTypeDetails {
    pub fn normalised(&self) -> Result<AwardTypeDetails> {
        let title = text::required("title", &self.title, 120)?;
        let wording = text::required("wording", &self.wording, 300)?;
        let issuing_organisation = text::required("issuing organisation", &self.issuing_organisation, 120)?;
        let awarding_body = text::optional("awarding body", self.awarding_body.as_deref(), 120)?;
        match (self.kind, self.svq_level) {
            (AwardKind::Svq, None) => return Err(Error::invalid("SVQ level", "is required for an SVQ")),
            (AwardKind::Svq, Some(l)) if !(1..=12).contains(&l) => return Err(Error::invalid("SVQ level", "must be between 1 and 12")),
            (AwardKind::Svq, _) if awarding_body.is_none() => return Err(Error::invalid("awarding body", "is required for an SVQ")),
            (k, Some(_)) if k != AwardKind::Svq => return Err(Error::invalid("SVQ level", "is only set for an SVQ")),
            _ => {}
        }
        let signatories = Signatory::normalised_list(&self.signatories)?;
        Ok(AwardTypeDetails {
            kind: self.kind,
            title,
            svq_level: self.svq_level,
            awarding_body,
            wording,
            issuing_organisation,
            show_establishment: self.show_establishment,
            signatories,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AwardType {
    pub id: super::AwardTypeId,
    pub establishment_id: EstablishmentId,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub details: AwardTypeDetails,
    /// Whether a logo is printed on its certificates (set with `set_award_type_logo`).
    pub has_logo: bool,
    /// 1 when set up, one more at each edit; an award prints as its revision said.
    pub revision: u32,
}

/// One revision of an award type, as kept when it was made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AwardTypeRevision {
    pub revision: u32,
    pub details: AwardTypeDetails,
    /// When, as London time shows it ("12/11/2026 14:05").
    pub made_at: String,
    /// Who made it, when known (the first revision of a type set up before edits were kept has
    /// no one).
    pub made_by: Option<String>,
    /// How many awards were issued under it.
    pub awards: u32,
}

/// One person's award: the certificate's facts, frozen when it was issued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Award {
    pub id: super::AwardId,
    pub award_type_id: super::AwardTypeId,
    pub participant_id: ParticipantId,
    pub group_id: Option<GroupId>,
    /// e.g. PER-2026-0042.
    pub number: String,
    pub awarded_on: NaiveDate,
    pub name_on_certificate: String,
    /// e.g. 7KQ2M-X9TD4: checks number, name, date and title together.
    pub verification_code: String,
    pub revoked_on: Option<NaiveDate>,
    pub revocation_reason: Option<String>,
    pub prints: u32,
    /// The award type's revision it was issued under.
    pub revision: u32,
    /// For an SVQ, the candidate's SQA number when it was issued.
    pub candidate_number: Option<String>,
}

/// What checking a presented certificate found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", ts(tag = "outcome", rename_all = "snake_case"))]
pub enum Verification {
    /// Number, code and the details given all match an award that stands.
    Genuine { award: Award, title: String },
    /// The number exists but the code or a detail differs: forged or altered.
    Altered { number: String, differs: Vec<String> },
    /// The award was issued, then revoked.
    Revoked { award: Award, title: String },
    /// Issued at another establishment and brought here in a transfer pack signed by its card:
    /// number, code and the details given all match what the pack carried.
    Elsewhere {
        number: String,
        title: String,
        awarded_on: NaiveDate,
        name_on_certificate: String,
        /// "HMP Barlinnie (BAR)".
        establishment: String,
        revoked_on: Option<NaiveDate>,
    },
    /// No award has this number here.
    Unknown { number: String },
}
