use super::coded::coded_enum;
use super::{EstablishmentId, ParticipantId};
use crate::dates;
use crate::error::{Error, Result};
use crate::text;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

coded_enum! {
    /// Most learners are people in custody, but staff and volunteers learn alongside them
    /// (Recovery College cohorts, SVQs). Only people in custody have a prison number and status.
    pub enum ParticipantKind {
        InCustody = ("in_custody", "Person in custody"),
        Staff = ("staff", "Member of staff"),
        Volunteer = ("volunteer", "Volunteer"),
    }
}

coded_enum! {
    pub enum CustodyStatus {
        InCustody = ("in_custody", "In custody"),
        Liberated = ("liberated", "Liberated"),
        Transferred = ("transferred", "Transferred"),
        HomeLeave = ("home_leave", "On home leave"),
    }
}

coded_enum! {
    /// Why someone came off a group's roster.
    pub enum LeavingReason {
        Completed = ("completed", "Completed"),
        Liberated = ("liberated", "Liberated"),
        Transferred = ("transferred", "Transferred"),
        Withdrew = ("withdrew", "Withdrew"),
        Removed = ("removed", "Removed"),
        Other = ("other", "Other"),
    }
}

/// A learner as held in the register: the minimum the work needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Participant {
    pub id: ParticipantId,
    pub establishment_id: EstablishmentId,
    pub kind: ParticipantKind,
    pub prison_number: Option<String>,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub location: Option<String>,
    pub status: Option<CustodyStatus>,
    pub status_since: Option<NaiveDate>,
    pub expected_liberation: Option<NaiveDate>,
    /// How the name is printed on certificates and passports, when not given then family name.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub printed_name: Option<String>,
}

impl Participant {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }

    /// The name as certificates and passports print it: the name as printed where one is
    /// recorded (family name first, a preferred form), else given then family name.
    pub fn name_as_printed(&self) -> String {
        self.printed_name.clone().unwrap_or_else(|| self.full_name())
    }

    /// The name as a roster lists it, on screen and on paper: "Family, Given".
    pub fn listed_name(&self) -> String {
        format!("{}, {}", self.family_name, self.given_name)
    }

    /// Whether the person can still be put on a roster or marked on a register.
    pub fn is_present_in_establishment(&self) -> bool {
        matches!(self.status, None | Some(CustodyStatus::InCustody) | Some(CustodyStatus::HomeLeave))
    }
}

/// The fields a caseworker types in when adding or editing a person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ParticipantDetails {
    pub kind: ParticipantKind,
    pub prison_number: Option<String>,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub location: Option<String>,
    pub expected_liberation: Option<NaiveDate>,
    /// How the name is printed on certificates and passports; none means given then family name.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub printed_name: Option<String>,
}

impl ParticipantDetails {
    /// Checks every field and returns the details as they will be stored (names in NFC,
    /// trimmed; prison number upper case). `today` is the local date in Europe/London.
    pub fn normalised(&self, today: NaiveDate) -> Result<ParticipantDetails> {
        let given_name = text::name("given name", &self.given_name)?;
        let family_name = text::name("family name", &self.family_name)?;
        let prison_number = match (self.kind, self.prison_number.as_deref().map(str::trim)) {
            (ParticipantKind::InCustody, None | Some("")) => {
                return Err(Error::invalid("prison number", "is required for a person in custody"))
            }
            (ParticipantKind::InCustody, Some(n)) => Some(prison_number(n)?),
            (_, None | Some("")) => None,
            (kind, Some(_)) => {
                return Err(Error::invalid(
                    "prison number",
                    format!("is only kept for people in custody, not for a {}", kind.label().to_lowercase()),
                ))
            }
        };
        if let Some(dob) = self.date_of_birth {
            if dob > today {
                return Err(Error::invalid("date of birth", format!("{} is in the future", dates::display(dob))));
            }
            let age = dates::whole_years_between(dob, today);
            if age < 12 {
                return Err(Error::invalid(
                    "date of birth",
                    format!("{} would make the person {age}; learners are at least 12", dates::display(dob)),
                ));
            }
            if age > 110 {
                return Err(Error::invalid(
                    "date of birth",
                    format!("{} would make the person {age}; check the year", dates::display(dob)),
                ));
            }
        }
        let expected_liberation = match (self.kind, self.expected_liberation) {
            (ParticipantKind::InCustody, d) => d,
            (_, None) => None,
            (_, Some(_)) => return Err(Error::invalid("expected liberation", "is only kept for people in custody")),
        };
        Ok(ParticipantDetails {
            kind: self.kind,
            prison_number,
            date_of_birth: self.date_of_birth,
            location: text::optional("location", self.location.as_deref(), 60)?,
            expected_liberation,
            printed_name: printed_name(self.printed_name.as_deref(), &format!("{given_name} {family_name}"))?,
            given_name,
            family_name,
        })
    }
}

/// The name as printed, checked as a name is; one that only repeats the default is not kept.
fn printed_name(raw: Option<&str>, default: &str) -> Result<Option<String>> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(name) => {
            // Printed as one line: spaces between the words as typed are one space.
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            Ok(Some(text::name("name as printed", &name)?).filter(|n| n != default))
        }
    }
}

/// Prison numbers differ by jurisdiction (Scotland: digits; England and Wales: A1234BC), so
/// accept letters, digits, '/' and '-' and store them upper case.
fn prison_number(raw: &str) -> Result<String> {
    let n = raw.trim().to_uppercase();
    if n.chars().count() > 20 {
        return Err(Error::invalid("prison number", "is longer than 20 characters"));
    }
    if let Some(bad) = n.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '/' || *c == '-')) {
        return Err(Error::invalid("prison number", format!("'{raw}' contains '{bad}'; use letters, digits, '/' or '-'")));
    }
    Ok(n)
}
