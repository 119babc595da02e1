//! An establishment's monthly figures for the national office, as bytes: pure. The counts the
//! monthly return is made of (per group kind and in total, with the liberation figures) and
//! nothing else: no names, no prison numbers, no free text. Sealed to the national office's card
//! (an X25519 sealed box: only its install opens it) and signed with the establishment's
//! (Ed25519), behind a header in the clear that says from whom, to whom and for which month.

use crate::error::Result;
use crate::model::GroupKind;
use crate::sealed_file::{self, Format, Kind};
use crate::views::{LiberationFigures, MonthFigures, WeekFigures};
use chrono::{DateTime, Utc};
use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};

const MAGIC: &[u8] = b"RECOVERY REGISTER FIGURES\n";
pub const FORMAT: u32 = 1;
/// A month's figures are a few kilobytes; a file past this is not one.
pub const MAX_FILE: usize = 4 << 20;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub format: u32,
    pub from: String,
    pub to: String,
    /// "2026-10".
    pub month: String,
    pub made_at: DateTime<Utc>,
}

/// One establishment's month, as the national office adds it up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EstablishmentMonth {
    pub code: String,
    pub name: String,
    pub month: String,
    pub totals: MonthFigures,
    /// Per kind of group: the groups' figures added up (someone in two groups of one kind is
    /// counted in each, as the groups' own lines count them).
    pub by_kind: Vec<KindFigures>,
    pub liberation: LiberationFigures,
    /// Attendances per week (Monday to Sunday, the month's days only): weeks add up across
    /// establishments as they are.
    #[serde(default)]
    pub weeks: Vec<WeekFigures>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindFigures {
    pub kind: GroupKind,
    pub figures: MonthFigures,
}

static KIND: Kind = Kind { magic: MAGIC, what: "figures file" };

impl Format for Header {
    const NEWEST: u32 = FORMAT;
    fn format(&self) -> u32 {
        self.format
    }
    fn from(&self) -> &str {
        &self.from
    }
    fn to(&self) -> &str {
        &self.to
    }
}

pub fn seal(header: &Header, figures: &EstablishmentMonth, to: &[u8; 32], signer: &SigningKey) -> Vec<u8> {
    KIND.seal(header, &serde_json::to_vec(figures).expect("plain data"), to, signer)
}

pub fn read(bytes: &[u8]) -> Result<sealed_file::Unopened<'_, Header>> {
    KIND.read(bytes)
}

impl sealed_file::Body<Header> for EstablishmentMonth {
    fn agrees_with(&self, header: &Header) -> bool {
        self.code == header.from && self.month == header.month
    }
}
