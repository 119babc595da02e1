//! Receiving cards (issue 22), as bytes: pure. An establishment's install (or the national
//! office's) hands out a card: its code, name and two public keys, an X25519 key that files for
//! it are sealed to and an Ed25519 key that its own files are verified with. A card is a small
//! JSON file anyone may read; what makes it trustworthy is its fingerprint, short enough to read
//! out over the phone and compare with the one the other install shows.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The card file's own format.
pub const FORMAT: u32 = 1;
/// The largest card file read (a card is a few hundred bytes).
pub const MAX_FILE: usize = 64 * 1024;
/// The fingerprint's letters: no I or O, which read as 1 and 0 (and no 0 or 1).
const LETTERS: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CardKind {
    Establishment,
    NationalOffice,
}

impl CardKind {
    pub fn label(self) -> &'static str {
        match self {
            CardKind::Establishment => "Establishment",
            CardKind::NationalOffice => "National office",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    pub format: u32,
    pub kind: CardKind,
    /// The establishment's code (PER), or the national office's.
    pub code: String,
    pub name: String,
    /// X25519: files for this install are sealed to it.
    #[serde(with = "hex32")]
    pub sealing_key: [u8; 32],
    /// Ed25519: files this install makes are verified with it.
    #[serde(with = "hex32")]
    pub verifying_key: [u8; 32],
}

impl Card {
    /// 20 letters in groups of four (100 bits of SHA-256 over everything on the card), to read
    /// out on the phone: a card changed in any way has another.
    pub fn fingerprint(&self) -> String {
        let mut h = Sha256::new();
        h.update(b"recovery-register card v1\0");
        h.update(serde_json::to_vec(&self.kind).expect("plain data"));
        for text in [&self.code, &self.name] {
            h.update((text.len() as u64).to_le_bytes());
            h.update(text.as_bytes());
        }
        h.update(self.sealing_key);
        h.update(self.verifying_key);
        let digest = h.finalize();
        // 20 letters of 5 bits each from the first 100 bits.
        let mut bits: u128 = 0;
        for b in &digest[..13] {
            bits = (bits << 8) | u128::from(*b);
        }
        bits >>= 4;
        let letters: Vec<char> = (0..20).rev().map(|i| LETTERS[((bits >> (5 * i)) & 31) as usize] as char).collect();
        letters.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
    }

    pub fn to_file(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).expect("plain data");
        out.push(b'\n');
        out
    }

    /// A card file read and checked: its format, its code and name, its keys.
    pub fn from_file(bytes: &[u8]) -> Result<Card> {
        #[derive(Deserialize)]
        struct Format {
            format: u32,
        }
        let format: Format = serde_json::from_slice(bytes)
            .map_err(|_| Error::invalid("card", "this is not a Recovery Register receiving card (it should be a small .rrcard file)"))?;
        if format.format > FORMAT {
            return Err(Error::invalid(
                "card",
                format!(
                    "this card was made by a newer version of Recovery Register (card format {}); install it here first",
                    format.format
                ),
            ));
        }
        let card: Card = serde_json::from_slice(bytes).map_err(|e| Error::invalid("card", format!("this card is damaged ({e})")))?;
        let code = card.code.trim();
        if code.is_empty() || code.len() > 12 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(Error::invalid("card", "its code must be 1 to 12 letters or digits, such as PER"));
        }
        if card.name.trim().is_empty() || card.name.chars().count() > 120 {
            return Err(Error::invalid("card", "its name must be 1 to 120 characters"));
        }
        if ed25519_dalek::VerifyingKey::from_bytes(&card.verifying_key).is_err() {
            return Err(Error::invalid("card", "its verifying key is not a key"));
        }
        Ok(Card { code: code.to_ascii_uppercase(), name: card.name.trim().to_string(), ..card })
    }
}

mod hex32 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&data_encoding::HEXLOWER.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        let text = <&str>::deserialize(d)?;
        let bytes = data_encoding::HEXLOWER.decode(text.as_bytes()).map_err(serde::de::Error::custom)?;
        <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| serde::de::Error::custom("a key is 32 bytes"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card() -> Card {
        Card {
            format: FORMAT,
            kind: CardKind::Establishment,
            code: "PER".into(),
            name: "HMP Perth".into(),
            sealing_key: [3; 32],
            verifying_key: crate::change_file::new_signing_key().verifying_key().to_bytes(),
        }
    }

    #[test]
    fn a_card_reads_back_and_its_fingerprint_changes_with_anything_on_it() {
        let c = card();
        let back = Card::from_file(&c.to_file()).unwrap();
        assert_eq!(back, c);
        let print = c.fingerprint();
        assert_eq!(print.len(), 24);
        assert!(print.chars().all(|ch| ch == '-' || LETTERS.contains(&(ch as u8))), "{print}");
        assert_eq!(print, back.fingerprint());
        let changed = [
            Card { name: "HMP Perth ".trim_end().to_string() + "!", ..c.clone() },
            Card { code: "PEX".into(), ..c.clone() },
            Card { sealing_key: [4; 32], ..c.clone() },
            Card { kind: CardKind::NationalOffice, ..c.clone() },
        ];
        for other in changed {
            assert_ne!(other.fingerprint(), print, "{other:?}");
        }
    }

    /// (what the file holds, the words of the refusal)
    fn check(bytes: &[u8], words: &str) {
        let err = Card::from_file(bytes).unwrap_err();
        assert!(err.to_string().contains(words), "{err}");
    }

    #[test]
    fn cards_that_are_not_cards_are_refused_with_the_reason() {
        check(b"", "not a Recovery Register receiving card");
        check(b"Name,Number\n", "not a Recovery Register receiving card");
        let text = String::from_utf8(card().to_file()).unwrap();
        check(text.replace("\"format\": 1", "\"format\": 9").as_bytes(), "newer version");
        check(text.replace("\"PER\"", "\"P E R\"").as_bytes(), "1 to 12 letters or digits");
        check(text.replace("\"HMP Perth\"", "\"  \"").as_bytes(), "1 to 120 characters");
        let short = text.replace(&data_encoding::HEXLOWER.encode(&[3u8; 32]), "0303");
        check(short.as_bytes(), "damaged");
    }
}
