//! A transfer pack, as bytes: pure. When a person moves to another establishment, with their
//! consent, their recovery history goes with them: their details (to match or add them there),
//! the groups they came to and for how long, their awards (with the verification code, so the
//! certificates can be checked at the receiving prison), their liberation plan, consents and
//! referrals; and the history they brought from earlier establishments. Sealed to the receiving
//! establishment's card and signed with the sending one's (`sealed_file`); the header in the
//! clear names the two establishments and the pack, never the person.

use crate::error::Result;
use crate::model::TransferId;
pub use crate::model::{History, HistoryAward, HistoryConsent, HistoryGroup, HistoryReferral};
use crate::sealed_file::{self, Format, Kind};
use chrono::{DateTime, NaiveDate, Utc};
use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};

const MAGIC: &[u8] = b"RECOVERY REGISTER TRANSFER PACK\n";
pub const FORMAT: u32 = 1;
/// A person's history is tens of kilobytes at most; a file past this is not a pack.
pub const MAX_FILE: usize = 16 << 20;

static KIND: Kind = Kind { magic: MAGIC, what: "transfer pack" };

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub format: u32,
    pub id: TransferId,
    pub from: String,
    pub to: String,
    pub made_at: DateTime<Utc>,
}

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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferPack {
    pub id: TransferId,
    pub from: String,
    pub to: String,
    pub made_at: DateTime<Utc>,
    pub person: PackedPerson,
    /// The sending establishment's history first, then what the person brought there.
    pub histories: Vec<History>,
}

/// Who the pack is for, as the receiving establishment matches or adds them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackedPerson {
    /// Their id at the sending establishment, then at the establishments before it: random ids
    /// that let a later pack find them again.
    pub ids: Vec<uuid::Uuid>,
    pub prison_number: Option<String>,
    pub given_name: String,
    pub family_name: String,
    pub printed_name: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub expected_liberation: Option<NaiveDate>,
}

pub fn seal(pack: &TransferPack, to: &[u8; 32], signer: &SigningKey) -> Vec<u8> {
    let header = Header { format: FORMAT, id: pack.id, from: pack.from.clone(), to: pack.to.clone(), made_at: pack.made_at };
    KIND.seal(&header, &serde_json::to_vec(pack).expect("plain data"), to, signer)
}

pub fn read(bytes: &[u8]) -> Result<sealed_file::Unopened<'_, Header>> {
    KIND.read(bytes)
}

impl sealed_file::Body<Header> for TransferPack {
    fn agrees_with(&self, h: &Header) -> bool {
        self.id == h.id && self.from == h.from && self.to == h.to && self.made_at == h.made_at
    }
}
