//! Text as people type it: names in any script, stored in Unicode NFC so that "Siobhán" typed
//! two ways is one name; and folded keys for searching without accents.

use crate::error::{Error, Result};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A required single-line field: trimmed, NFC, no control characters, at most `max` characters.
pub fn required(field: &str, raw: &str, max: usize) -> Result<String> {
    let value: String = raw.trim().nfc().collect();
    if value.is_empty() {
        return Err(Error::invalid(field, "is empty"));
    }
    check_line(field, &value, max)?;
    Ok(value)
}

/// An optional single-line field: blank means absent.
pub fn optional(field: &str, raw: Option<&str>, max: usize) -> Result<Option<String>> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => required(field, v, max).map(Some),
    }
}

/// An optional free-text field that may span lines.
pub fn optional_long(field: &str, raw: Option<&str>, max: usize) -> Result<Option<String>> {
    let Some(v) = raw.map(str::trim).filter(|v| !v.is_empty()) else { return Ok(None) };
    let value: String = v.nfc().collect();
    if value.chars().count() > max {
        return Err(Error::invalid(field, format!("is longer than {max} characters")));
    }
    if value.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err(Error::invalid(field, "contains a control character"));
    }
    Ok(Some(value))
}

/// A person's given or family name. Apostrophes, hyphens and spaces are part of names
/// (O'Neill-Smith, Ó Súilleabháin); digits and most symbols are not.
pub fn name(field: &str, raw: &str) -> Result<String> {
    let value = required(field, raw, 100)?;
    if let Some(bad) = value.chars().find(|c| !(c.is_alphabetic() || is_combining_mark(*c) || " '’-.".contains(*c))) {
        return Err(Error::invalid(field, format!("'{value}' contains '{bad}', which is not part of a name")));
    }
    Ok(value)
}

fn check_line(field: &str, value: &str, max: usize) -> Result<()> {
    if value.chars().count() > max {
        return Err(Error::invalid(field, format!("is longer than {max} characters")));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::invalid(field, "contains a line break or control character"));
    }
    Ok(())
}

/// Lower case without diacritics, for search: "Łukasz Żółć" -> "lukasz zolc". Compatibility
/// decomposition (NFKD), so a letter whose capital is two characters ("ŉ", "ʼN") or a
/// full-width letter folds the same however it was typed.
pub fn fold(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        // Letters that are distinct in Unicode rather than a base letter plus a mark.
        match c {
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' => out.push('d'),
            'ø' | 'Ø' => out.push('o'),
            'ı' => out.push('i'),
            // Final sigma: "ΣΑΣ" typed in capitals must find "σας".
            'ς' => out.push('σ'),
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'þ' | 'Þ' => out.push_str("th"),
            '’' => out.push('\''),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Search tokens of a text: its folded words, plus the words run together so that "oneill"
/// finds "O'Neill-Smith".
pub fn tokens(raw: &str) -> Vec<String> {
    let folded = fold(raw);
    let words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let mut out: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    if words.len() > 1 {
        out.push(words.concat());
    }
    out.sort();
    out.dedup();
    out
}

/// A count as people write it: 12197 as "12,197".
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A message as a sentence on its own: its first letter a capital ("on 05/10/2026: ..." becomes
/// "On 05/10/2026: ...").
pub fn sentence_case(words: &str) -> String {
    let mut chars = words.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// "1 entry", "1,234 entries": a count with its noun.
pub fn counted(n: u64, one: &str, many: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        _ => format!("{} {many}", grouped(n)),
    }
}

/// Names in words: "Ann", "Ann and Bob", "Ann, Bob and Cal".
pub fn listed(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_listed_in_words() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        for (given, said) in [
            (names(&[]), ""),
            (names(&["Łukasz Żółć"]), "Łukasz Żółć"),
            (names(&["Ann", "Bob"]), "Ann and Bob"),
            (names(&["Ann", "Bob", "Nguyễn Văn An"]), "Ann, Bob and Nguyễn Văn An"),
        ] {
            assert_eq!(listed(&given), said);
        }
    }

    #[test]
    fn a_message_becomes_a_sentence() {
        for (raw, sentence) in [("on 05/10/2026: Ann", "On 05/10/2026: Ann"), ("", ""), ("ł", "Ł"), ("ß", "SS")] {
            assert_eq!(sentence_case(raw), sentence);
        }
    }

    #[test]
    fn counts_are_grouped_in_thousands() {
        for (n, shown) in [(0, "0"), (999, "999"), (1000, "1,000"), (12_197, "12,197"), (1_234_567, "1,234,567")] {
            assert_eq!(grouped(n), shown);
        }
    }

    #[test]
    fn folds_names_from_many_scripts() {
        for (raw, folded) in [
            ("Siobhán Ó Súilleabháin", "siobhan o suilleabhain"),
            ("Łukasz Żółć", "lukasz zolc"),
            ("Zoë O’Neill-Smith", "zoe o'neill-smith"),
            ("Nguyễn Thị Minh Khai", "nguyen thi minh khai"),
            ("Søren Æbelø", "soren aebelo"),
            ("ŉ", "\u{2bc}n"),
            ("\u{2bc}N", "\u{2bc}n"),
            ("Ｓｍｉｔｈ", "smith"),
        ] {
            assert_eq!(fold(raw), folded, "{raw}");
        }
    }

    #[test]
    fn tokens_include_run_together_names() {
        assert_eq!(tokens("O'Neill-Smith"), vec!["neill", "o", "oneillsmith", "smith"]);
    }

    #[test]
    fn names_are_stored_in_nfc() {
        let decomposed = "Sio\u{0062}ha\u{0301}n";
        assert_eq!(name("given name", decomposed).unwrap(), "Siobhán");
    }

    #[test]
    fn names_refuse_digits_and_blanks() {
        assert!(name("given name", "  ").unwrap_err().to_string().contains("given name: is empty"));
        assert!(name("family name", "Sm1th").unwrap_err().to_string().contains("'1'"));
        assert!(name("family name", "Smith\nJones").is_err());
    }
}
