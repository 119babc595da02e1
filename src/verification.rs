//! Certificate verification codes: an HMAC-SHA256 of the certificate's facts under a secret kept
//! in the database, shortened to ten characters a person can type (Crockford base32, no I, L,
//! O or U to misread). Altering the number, name, date or title printed on a certificate gives
//! a different code; without the secret, a valid code cannot be made.

use chrono::NaiveDate;
use hmac::{Hmac, Mac};
use sha2::Sha256;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// e.g. "7KQ2M-X9TD4". The fields are joined with a separator no field can contain.
pub fn code(secret: &[u8], number: &str, name: &str, awarded_on: NaiveDate, title: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    for field in [number, name, &awarded_on.format("%Y-%m-%d").to_string(), title] {
        mac.update(field.as_bytes());
        mac.update(&[0x1f]);
    }
    let digest = mac.finalize().into_bytes();
    // The first 50 bits, five at a time.
    let bits = u64::from_be_bytes(digest[..8].try_into().expect("8 bytes")) >> 14;
    let chars: String = (0..10).rev().map(|i| ALPHABET[((bits >> (5 * i)) & 31) as usize] as char).collect();
    format!("{}-{}", &chars[..5], &chars[5..])
}

/// What a person typed, made comparable: case, spaces and dashes ignored; the letters people
/// confuse with digits read as those digits.
pub fn normalise(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn any_change_of_fact_changes_the_code() {
        let secret = b"a secret of the database";
        let base = code(secret, "PER-2026-0042", "Łukasz Żółć", day(22), "Recovery College graduation");
        assert_eq!(base.len(), 11);
        assert!(base.chars().all(|c| c == '-' || ALPHABET.contains(&(c as u8))));
        for other in [
            code(secret, "PER-2026-0043", "Łukasz Żółć", day(22), "Recovery College graduation"),
            code(secret, "PER-2026-0042", "Lukasz Zolc", day(22), "Recovery College graduation"),
            code(secret, "PER-2026-0042", "Łukasz Żółć", day(21), "Recovery College graduation"),
            code(secret, "PER-2026-0042", "Łukasz Żółć", day(22), "SVQ Level 3"),
            code(b"another database", "PER-2026-0042", "Łukasz Żółć", day(22), "Recovery College graduation"),
        ] {
            assert_ne!(base, other);
        }
        assert_eq!(base, code(secret, "PER-2026-0042", "Łukasz Żółć", day(22), "Recovery College graduation"));
    }

    #[test]
    fn typing_is_forgiving() {
        assert_eq!(normalise("7kq2m x9td4"), normalise("7KQ2M-X9TD4"));
        assert_eq!(normalise("O1L"), "011");
    }
}
