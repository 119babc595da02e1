//! Support that carries on outside: community services, and each person's plan for liberation
//! (home area, consent to share, referrals and their steps, meetings).

use super::coded::coded_enum;
use super::{ConsentId, MeetingId, ParticipantId, ReferralId, ServiceId};
use crate::error::{Error, Result};
use crate::{dates, text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

coded_enum! {
    pub enum ServiceKind {
        RecoveryHub = ("recovery_hub", "Recovery hub"),
        LivedExperience = ("lived_experience", "Lived-experience recovery organisation"),
        RecoveryCafe = ("recovery_cafe", "Recovery café"),
        MutualAid = ("mutual_aid", "Mutual-aid meeting"),
        ResidentialRehab = ("residential_rehab", "Residential rehabilitation"),
        Other = ("other", "Other"),
    }
}

coded_enum! {
    /// How a referral stands. Each step is dated; the latest is the status.
    pub enum ReferralStatus {
        Referred = ("referred", "Referred"),
        Accepted = ("accepted", "Accepted"),
        FirstContact = ("first_contact", "First contact"),
        /// Taking part (attending the hub, the café, meetings): what continuity of care counts.
        Engaged = ("engaged", "Engaged"),
        Declined = ("declined", "Declined"),
        LostContact = ("lost_contact", "Lost contact"),
    }
}

coded_enum! {
    pub enum MeetingKind {
        BeforeLiberation = ("before_liberation", "Before liberation"),
        HomeLeave = ("home_leave", "On home leave"),
        AfterLiberation = ("after_liberation", "After liberation"),
    }
}

/// What is typed about a service.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ServiceDetails {
    pub name: String,
    pub kind: Option<ServiceKind>,
    /// The town or council area it serves ("Dundee", "Perth and Kinross").
    pub area: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    /// When it meets or opens, as the service says it ("Tuesdays 7–8.30pm").
    pub meeting_times: Option<String>,
    pub notes: Option<String>,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CommunityService {
    pub id: ServiceId,
    pub name: String,
    pub kind: ServiceKind,
    pub area: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub meeting_times: Option<String>,
    pub notes: Option<String>,
    pub active: bool,
    /// The area as areas are matched: case, accents and spacing aside ("perth and kinross"), so
    /// the screens group and compare areas without folding text themselves.
    #[serde(default)]
    pub area_key: String,
}

/// An area as areas are matched (`CommunityService::area_key`, a plan's home area).
pub fn area_key(area: &str) -> String {
    crate::text::fold(area).split_whitespace().collect::<Vec<_>>().join(" ")
}

impl ServiceDetails {
    /// Checks and tidies every field; the kind must be chosen. The first problem, if any.
    pub fn normalised(&self) -> Result<(ServiceDetails, ServiceKind)> {
        self.checked().map_err(|mut problems| problems.remove(0))
    }

    /// As `normalised`, with every field's problem (an import lists them all at once).
    pub fn checked(&self) -> std::result::Result<(ServiceDetails, ServiceKind), Vec<Error>> {
        fn keep(problems: &mut Vec<Error>, r: Result<Option<String>>) -> Option<String> {
            r.unwrap_or_else(|e| {
                problems.push(e);
                None
            })
        }
        let mut problems = Vec::new();
        let p = &mut problems;
        let name = keep(p, text::required("name", &self.name, 120).map(Some));
        if self.kind.is_none() {
            p.push(Error::invalid("kind", format!("is not chosen; one of: {}", ServiceKind::codes())));
        }
        let area = keep(p, text::required("area", &self.area, 60).map(Some));
        let address = keep(p, text::optional_long("address", self.address.as_deref(), 300));
        let phone = keep(
            p,
            text::optional("phone", self.phone.as_deref(), 40).and_then(|phone| {
                match phone.as_deref().and_then(|n| n.chars().find(|c| !(c.is_ascii_digit() || " +()-.ext".contains(*c)))) {
                    Some(bad) => Err(Error::invalid("phone", format!("contains '{bad}'; use digits, spaces, + ( ) -"))),
                    None => Ok(phone),
                }
            }),
        );
        let email = keep(
            p,
            text::optional("email", self.email.as_deref(), 120).and_then(|email| match email {
                Some(e) if !e.split_once('@').is_some_and(|(who, host)| !who.is_empty() && host.contains('.') && !e.contains(' ')) => {
                    Err(Error::invalid("email", format!("'{e}' is not an email address")))
                }
                e => Ok(e),
            }),
        );
        let website = keep(p, text::optional("website", self.website.as_deref(), 200));
        let meeting_times = keep(p, text::optional_long("meeting times", self.meeting_times.as_deref(), 500));
        let notes = keep(p, text::optional_long("notes", self.notes.as_deref(), 2000));
        match (name, self.kind, area) {
            (Some(name), Some(kind), Some(area)) if problems.is_empty() => Ok((
                ServiceDetails { name, kind: Some(kind), area, address, phone, email, website, meeting_times, notes, active: self.active },
                kind,
            )),
            _ => Err(problems),
        }
    }

    /// What two services are matched on (an import updates rather than duplicates): the name
    /// and area, folded (case and accents ignored).
    pub fn match_key(name: &str, area: &str) -> String {
        format!("{}\u{1f}{}", text::fold(name), text::fold(area))
    }
}

/// The plan for one person's release. The expected liberation date is the person's own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanDetails {
    pub expected_liberation: Option<NaiveDate>,
    pub home_area: Option<String>,
}

/// Consent to share information with named services.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConsentDetails {
    pub given_on: NaiveDate,
    /// What may be shared, in the person's words ("name, release date and phone number").
    pub scope: String,
    pub services: Vec<ServiceId>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Consent {
    pub id: ConsentId,
    pub participant_id: ParticipantId,
    pub given_on: NaiveDate,
    pub scope: String,
    pub services: Vec<ServiceId>,
    /// The codes of the establishments the person's record may go to on transfer.
    #[serde(default)]
    pub establishments: Vec<String>,
    pub withdrawn_on: Option<NaiveDate>,
}

impl Consent {
    /// Given by `day` and not withdrawn by then.
    pub fn in_force(&self, day: NaiveDate) -> bool {
        self.given_on <= day && self.withdrawn_on.is_none_or(|w| day < w)
    }

    /// Whether sharing with `service` on `day` is covered.
    pub fn covers(&self, service: ServiceId, day: NaiveDate) -> bool {
        self.in_force(day) && self.services.contains(&service)
    }

    /// Whether sending the person's record to the establishment `code` on `day` is covered.
    pub fn covers_establishment(&self, code: &str, day: NaiveDate) -> bool {
        self.in_force(day) && self.establishments.iter().any(|c| c.eq_ignore_ascii_case(code))
    }
}

impl ConsentDetails {
    pub fn normalised(&self, today: NaiveDate) -> Result<ConsentDetails> {
        if self.given_on > today {
            return Err(Error::invalid("date given", format!("{} is in the future", dates::display(self.given_on))));
        }
        if self.services.is_empty() {
            return Err(Error::invalid("services", "none chosen: consent names the services it covers"));
        }
        let mut services = self.services.clone();
        services.sort();
        services.dedup();
        Ok(ConsentDetails { given_on: self.given_on, scope: text::required("scope", &self.scope, 500)?, services })
    }
}

/// A new referral.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReferralDetails {
    pub service_id: ServiceId,
    pub referred_on: NaiveDate,
    /// The person's details were passed to the service (not just its details to the person):
    /// needs consent naming the service, in force that day.
    pub details_shared: bool,
    pub notes: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReferralStep {
    pub status: ReferralStatus,
    pub on: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Referral {
    pub id: ReferralId,
    pub participant_id: ParticipantId,
    pub service_id: ServiceId,
    pub referred_on: NaiveDate,
    pub details_shared: bool,
    pub consent_id: Option<ConsentId>,
    pub notes: Option<String>,
    /// Oldest first; the first is "referred" on the referral date.
    pub steps: Vec<ReferralStep>,
}

impl Referral {
    pub fn status(&self) -> ReferralStatus {
        self.steps.last().map_or(ReferralStatus::Referred, |s| s.status)
    }

    /// The first day the person was engaged with the service, if ever.
    pub fn engaged_on(&self) -> Option<NaiveDate> {
        self.steps.iter().find(|s| s.status == ReferralStatus::Engaged).map(|s| s.on)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MeetingDetails {
    pub held_on: NaiveDate,
    pub kind: MeetingKind,
    /// Someone from this service came (an in-reach visit, a meeting at the gate).
    pub service_id: Option<ServiceId>,
    pub notes: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Meeting {
    pub id: MeetingId,
    pub participant_id: ParticipantId,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub details: MeetingDetails,
}

impl MeetingDetails {
    pub fn normalised(&self, today: NaiveDate) -> Result<MeetingDetails> {
        if self.held_on > today {
            return Err(Error::invalid(
                "date",
                format!("{} is in the future; record a meeting once it has happened", dates::display(self.held_on)),
            ));
        }
        Ok(MeetingDetails { notes: text::optional_long("notes", self.notes.as_deref(), 2000)?, ..self.clone() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    #[test]
    fn areas_match_case_accents_and_spacing_aside() {
        for (typed, key) in [("Ceann Loch Ìte", "ceann loch ite"), (" Perth  and Kinross ", "perth and kinross"), ("DUNDEE", "dundee")] {
            assert_eq!(area_key(typed), key, "{typed}");
        }
    }

    #[test]
    fn consent_is_in_force_from_the_day_given_until_the_day_withdrawn() {
        let consent = |given_on, withdrawn_on| Consent {
            id: ConsentId::new(),
            participant_id: ParticipantId::new(),
            given_on,
            scope: "name and release date".into(),
            services: Vec::new(),
            establishments: Vec::new(),
            withdrawn_on,
        };
        for (given, withdrawn, day, in_force) in [(1, None, 1, true), (2, None, 1, false), (1, Some(10), 9, true), (1, Some(10), 10, false)]
        {
            assert_eq!(consent(d(given), withdrawn.map(d)).in_force(d(day)), in_force, "given {given}, withdrawn {withdrawn:?}, on {day}");
        }
    }
}
