//! The framing shared by the files that go from one install to another by its card (figures
//! files, transfer packs), as bytes: pure. A magic line, a header in the clear that says from
//! whom, to whom and what (so the receiver knows whose card checks it), a body sealed to the
//! receiving card (an X25519 sealed box: only that install opens it), and an Ed25519 signature
//! over everything before it, made with the sender's card.

use crate::error::{Error, Result};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// One kind of sealed file: its magic line and what the user calls it ("figures file").
pub struct Kind {
    pub magic: &'static [u8],
    pub what: &'static str,
}

impl Kind {
    fn refused(&self, problem: impl Into<String>) -> Error {
        Error::invalid(self.what, problem.into())
    }

    pub fn seal<H: Serialize>(&self, header: &H, plain: &[u8], to: &[u8; 32], signer: &SigningKey) -> Vec<u8> {
        let header_bytes = serde_json::to_vec(header).expect("plain data");
        let sealed = crypto_box::PublicKey::from(*to).seal(&mut crypto_box::aead::OsRng, plain).expect("sealing in memory");
        let mut out = Vec::with_capacity(self.magic.len() + 4 + header_bytes.len() + sealed.len() + 64);
        out.extend_from_slice(self.magic);
        out.extend_from_slice(&(header_bytes.len() as u32).to_le_bytes());
        out.extend_from_slice(&header_bytes);
        out.extend_from_slice(&sealed);
        let signature = signer.sign(&out);
        out.extend_from_slice(&signature.to_bytes());
        out
    }

    /// Reads as far as the header; `format` is the newest format this build reads.
    pub fn read<'a, H: DeserializeOwned + Format>(&'static self, bytes: &'a [u8]) -> Result<Unopened<'a, H>> {
        let rest = bytes.strip_prefix(self.magic).ok_or_else(|| self.refused(format!("this is not a Recovery Register {}", self.what)))?;
        let incomplete = || self.refused(format!("this {} is incomplete: copy it again", self.what));
        if rest.len() < 4 + 64 {
            return Err(incomplete());
        }
        let header_len = u32::from_le_bytes(rest[..4].try_into().expect("four bytes")) as usize;
        let body = &rest[4..];
        if body.len() < header_len.saturating_add(64) {
            return Err(incomplete());
        }
        let header: H = serde_json::from_slice(&body[..header_len]).map_err(|_| self.refused(format!("this {} is damaged", self.what)))?;
        if header.format() > H::NEWEST {
            return Err(self.refused(format!("this {} was made by a newer version of Recovery Register: install it here first", self.what)));
        }
        Ok(Unopened {
            kind: self,
            header,
            signed: &bytes[..bytes.len() - 64],
            sealed: &body[header_len..body.len() - 64],
            signature: &bytes[bytes.len() - 64..],
        })
    }

    pub fn altered(&self) -> Error {
        self.refused(format!("this {} has been altered since it was made, or was not made by the card's establishment", self.what))
    }
}

/// A header says which format its file is in, and from whom and to whom it goes (card codes).
pub trait Format {
    const NEWEST: u32;
    fn format(&self) -> u32;
    fn from(&self) -> &str;
    fn to(&self) -> &str;
}

/// A sealed body agrees with the header it came under (a body moved under another header is
/// an altered file).
pub trait Body<H>: DeserializeOwned {
    fn agrees_with(&self, header: &H) -> bool;
}

/// A sealed file read as far as its header, to find whose card checks it.
pub struct Unopened<'a, H> {
    kind: &'static Kind,
    pub header: H,
    signed: &'a [u8],
    sealed: &'a [u8],
    signature: &'a [u8],
}

impl<H> Unopened<'_, H> {
    pub fn what(&self) -> &'static str {
        self.kind.what
    }

    /// Checked against the sender's card, then opened with this install's secret: the body.
    pub fn open<B: Body<H>>(&self, verifying: &[u8; 32], secret: &crypto_box::SecretKey) -> Result<B> {
        let key = VerifyingKey::from_bytes(verifying).map_err(|_| self.kind.altered())?;
        let signature = Signature::from_slice(self.signature).map_err(|_| self.kind.altered())?;
        key.verify(self.signed, &signature).map_err(|_| self.kind.altered())?;
        let plain = secret
            .unseal(self.sealed)
            .map_err(|_| self.kind.refused(format!("this {} was sealed to another install's card", self.kind.what)))?;
        let body: B = serde_json::from_slice(&plain).map_err(|_| self.kind.altered())?;
        if !body.agrees_with(&self.header) {
            return Err(self.kind.altered());
        }
        Ok(body)
    }
}
