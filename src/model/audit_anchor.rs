//! An anchor of the audit trail: a moment's head (entry number and hash), kept outside the
//! database so that `audit check` can tell a cut or re-hashed trail from a true one.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// The audit trail's head at a moment: its newest entry's number and hash. Kept outside the
/// database (in every backup's manifest, after every restore, on every monthly return), so
/// that entries deleted from the end, or a chain re-hashed from the start by someone with their
/// own tools, no longer match it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditAnchor {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    /// The entry's SHA-256 (64 hex digits), or its first 16 or more as printed on a return.
    pub hash: String,
}

/// The fewest hex digits of an entry's hash an anchor may give: 64 bits, beyond forging by
/// rewriting the chain until a hash happens to match.
const ANCHOR_HEX_DIGITS: usize = 16;

impl AuditAnchor {
    /// As printed on a return's footer: "audit trail at entry 12,345 · 3f2a9b1c0d4e5f60".
    pub fn printed(&self) -> String {
        let short: String = self.hash.chars().take(ANCHOR_HEX_DIGITS).collect();
        format!("audit trail at entry {} · {short}", crate::text::grouped(self.seq.max(0) as u64))
    }

    /// Reads an anchor as typed from paper: "12345:3f2a9b1c0d4e5f60", or as printed.
    pub fn parse(raw: &str) -> Result<AuditAnchor> {
        let bad = || {
            Error::invalid(
                "anchor",
                format!("should be an entry number and at least {ANCHOR_HEX_DIGITS} hex digits of its hash, e.g. 12345:3f2a9b1c0d4e5f60"),
            )
        };
        let cleaned = raw.replace(',', "");
        let words: Vec<String> = cleaned
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .filter(|w| !["audit", "trail", "at", "entry"].contains(&w.as_str()))
            .collect();
        let [seq, hash] = &words[..] else { return Err(bad()) };
        let seq: i64 = seq.parse().map_err(|_| bad())?;
        let hash = hash.clone();
        if seq < 1 || hash.len() < ANCHOR_HEX_DIGITS || hash.len() > 64 || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad());
        }
        Ok(AuditAnchor { seq, hash })
    }
}
