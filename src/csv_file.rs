//! The one CSV writer behind every export (the monthly return, the clearances report, the audit
//! trail, import templates): below the store and the reports, so both can use it.

use crate::error::{Error, Result};

/// Free text a spreadsheet would treat as a formula (= + - @, or a leading tab or return) gets a
/// leading apostrophe, so "=HYPERLINK(...)" in a group's name stays text.
pub fn inert(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// A spreadsheet file: UTF-8 with a byte-order mark (so Excel reads the accents right), CRLF
/// line ends, the header then the rows. Callers make free text inert with `inert`.
pub fn write_csv<R: AsRef<[u8]>>(header: &[&str], rows: impl IntoIterator<Item = Vec<R>>) -> Result<Vec<u8>> {
    let fail = |e: csv::Error| Error::invalid("CSV", e.to_string());
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
        w.write_record(header).map_err(fail)?;
        for row in rows {
            w.write_record(&row).map_err(fail)?;
        }
        w.flush().map_err(|e| Error::invalid("CSV", e.to_string()))?;
    }
    Ok(out)
}
