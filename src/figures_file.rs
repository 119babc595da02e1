//! An establishment's monthly figures for the national office, as bytes: pure. The counts the
//! monthly return is made of (per group kind and in total, with the liberation figures) and
//! nothing else: no names, no prison numbers, no free text. Sealed to the national office's card
//! (an X25519 sealed box: only its install opens it) and signed with the establishment's
//! (Ed25519), behind a header in the clear that says from whom, to whom and for which month.

use crate::error::{Error, Result};
use crate::model::GroupKind;
use crate::views::{LiberationFigures, MonthFigures};
use chrono::{DateTime, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
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
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindFigures {
    pub kind: GroupKind,
    pub figures: MonthFigures,
}

pub fn seal(header: &Header, figures: &EstablishmentMonth, to: &[u8; 32], signer: &SigningKey) -> Vec<u8> {
    let header_bytes = serde_json::to_vec(header).expect("plain data");
    let plain = serde_json::to_vec(figures).expect("plain data");
    let sealed = crypto_box::PublicKey::from(*to).seal(&mut crypto_box::aead::OsRng, &plain).expect("sealing in memory");
    let mut out = Vec::with_capacity(sealed.len() + header_bytes.len() + 100);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(header_bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(&header_bytes);
    out.extend_from_slice(&sealed);
    let signature = signer.sign(&out);
    out.extend_from_slice(&signature.to_bytes());
    out
}

/// A figures file read as far as its header, to find whose card checks it.
pub struct Unopened<'a> {
    pub header: Header,
    signed: &'a [u8],
    sealed: &'a [u8],
    signature: &'a [u8],
}

fn refused(problem: &str) -> Error {
    Error::invalid("figures file", problem.to_string())
}

pub fn read(bytes: &[u8]) -> Result<Unopened<'_>> {
    let rest = bytes.strip_prefix(MAGIC).ok_or_else(|| refused("this is not a Recovery Register figures file"))?;
    if rest.len() < 4 + 64 {
        return Err(refused("this figures file is incomplete: copy it again"));
    }
    let header_len = u32::from_le_bytes(rest[..4].try_into().expect("four bytes")) as usize;
    let body = &rest[4..];
    if body.len() < header_len + 64 {
        return Err(refused("this figures file is incomplete: copy it again"));
    }
    let header: Header = serde_json::from_slice(&body[..header_len]).map_err(|_| refused("this figures file is damaged"))?;
    if header.format > FORMAT {
        return Err(refused("this figures file was made by a newer version of Recovery Register: install it here first"));
    }
    let signed = &bytes[..bytes.len() - 64];
    Ok(Unopened { header, signed, sealed: &body[header_len..body.len() - 64], signature: &bytes[bytes.len() - 64..] })
}

impl Unopened<'_> {
    /// Checked against the sender's card, then opened with this install's secret.
    pub fn open(&self, verifying: &[u8; 32], secret: &crypto_box::SecretKey) -> Result<EstablishmentMonth> {
        let altered = || refused("this figures file has been altered since it was made, or was not made by the card's establishment");
        let key = VerifyingKey::from_bytes(verifying).map_err(|_| altered())?;
        let signature = Signature::from_slice(self.signature).map_err(|_| altered())?;
        key.verify(self.signed, &signature).map_err(|_| altered())?;
        let plain = secret.unseal(self.sealed).map_err(|_| refused("this figures file was sealed to another office's card"))?;
        let figures: EstablishmentMonth = serde_json::from_slice(&plain).map_err(|_| altered())?;
        if figures.code != self.header.from || figures.month != self.header.month {
            return Err(altered());
        }
        Ok(figures)
    }
}
