//! A spreadsheet as rows of text cells, whatever it came as: CSV saved by Excel ("CSV UTF-8",
//! with a byte-order mark, and `;` between fields where the decimal comma is used), by
//! LibreOffice or by hand (`,` or tab), or an Excel workbook (`.xlsx`, its first sheet).

use crate::error::{Error, Result};

/// A file larger than this is refused before it is read: ten years of a prison's registers are
/// a few megabytes, and the preview keeps every row in memory.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// More rows than this are refused: split the file.
pub const MAX_ROWS: usize = 200_000;

/// The cells of a sheet: the header row's names and the rows under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<SheetRow>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetRow {
    /// The row number the spreadsheet shows (the header is row 1), so a problem can be found.
    pub number: u32,
    pub cells: Vec<String>,
}

impl SheetRow {
    /// The cell in `column`, trimmed; `None` when blank or missing.
    pub fn cell(&self, column: usize) -> Option<&str> {
        self.cells.get(column).map(|c| c.trim()).filter(|c| !c.is_empty())
    }
}

/// Reads a CSV or `.xlsx` file (told apart by its first bytes, not its name).
pub fn read_sheet(bytes: &[u8]) -> Result<Sheet> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Error::invalid(
            "file",
            format!(
                "is {} MB; the largest file this import reads is {} MB, so split it",
                bytes.len() / 1_000_000,
                MAX_FILE_BYTES / 1_000_000
            ),
        ));
    }
    let sheet = if bytes.starts_with(b"PK\x03\x04") {
        // The workbook reader has panicked on a damaged file (an overflow in a cell reference,
        // found by the fuzzer): a file from a USB stick must be refused, never take the app down.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| super::workbook::read_xlsx(bytes))).unwrap_or_else(|_| {
            Err(Error::invalid("file", "is a damaged Excel workbook; open it in Excel and save it again, or save it as 'CSV UTF-8'"))
        })?
    } else {
        read_csv(bytes)?
    };
    if sheet.headers.iter().all(|h| h.is_empty()) {
        return Err(Error::invalid("file", "is empty: the first row should name the columns"));
    }
    if sheet.rows.len() > MAX_ROWS {
        return Err(Error::invalid("file", format!("has {} rows; the most one import takes is {MAX_ROWS}, so split it", sheet.rows.len())));
    }
    Ok(sheet)
}

fn read_csv(bytes: &[u8]) -> Result<Sheet> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        // The line of the first bad byte, so the person can find it.
        let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            return Error::invalid("file", "is UTF-16 text ('Unicode text'); save it from the spreadsheet as 'CSV UTF-8'");
        }
        Error::invalid("file", format!("is not UTF-8 text (line {line}); save it from the spreadsheet as 'CSV UTF-8'"))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::invalid("file", "is empty: the first row should name the columns"));
    }
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter(text)).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut headers = Vec::new();
    let mut rows = Vec::new();
    // The sheet's row number is the record's first line, less the line breaks inside quoted
    // cells above it (a blank line is a row to a spreadsheet, though the reader skips it).
    let mut breaks_above = 0u64;
    let mut first = true;
    // Lines counted from the record's byte offset (incrementally: the file is read once).
    let (mut counted_to, mut line) = (0usize, 1u64);
    let bytes = text.as_bytes();
    for record in reader.records() {
        let record = record.map_err(|e| Error::invalid("file", format!("a row could not be read: {e}")))?;
        let mut at = record.position().map_or(0, |p| p.byte() as usize).min(bytes.len());
        // The reader may start a record at the end of the line before it (and skips blank
        // lines): the record itself begins after those line ends.
        while at < bytes.len() && (bytes[at] == b'\n' || bytes[at] == b'\r') {
            at += 1;
        }
        if at > counted_to {
            line += bytes[counted_to..at].iter().filter(|b| **b == b'\n').count() as u64;
            counted_to = at;
        }
        let number = u32::try_from(line.saturating_sub(breaks_above)).unwrap_or(u32::MAX);
        breaks_above += record.iter().map(|c| c.matches('\n').count() as u64).sum::<u64>();
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        if std::mem::take(&mut first) {
            headers = cells.iter().map(|h| h.trim().to_string()).collect();
            continue;
        }
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rows.len() > MAX_ROWS {
            break;
        }
        rows.push(SheetRow { number, cells });
    }
    Ok(Sheet { headers, rows })
}

/// The separator the header row uses most, counting only outside quotes: `;` from Excel in
/// much of Europe, tab from a copy and paste, `,` otherwise.
fn delimiter(text: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            _ if !quoted => {
                for (d, n) in counts.iter_mut() {
                    if c == *d as char {
                        *n += 1;
                    }
                }
            }
            _ => {}
        }
    }
    // Ties (a one-column file) go to the comma.
    counts.iter().rev().max_by_key(|(_, n)| *n).filter(|(_, n)| *n > 0).map_or(b',', |(d, _)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(csv: &str, headers: &[&str], rows: &[(u32, &[&str])]) {
        let sheet = read_sheet(csv.as_bytes()).unwrap();
        assert_eq!(sheet.headers, headers, "headers of {csv:?}");
        let got: Vec<(u32, Vec<&str>)> = sheet.rows.iter().map(|r| (r.number, r.cells.iter().map(String::as_str).collect())).collect();
        let want: Vec<(u32, Vec<&str>)> = rows.iter().map(|(n, c)| (*n, c.to_vec())).collect();
        assert_eq!(got, want, "rows of {csv:?}");
    }

    #[test]
    fn separators_byte_order_marks_and_quotes() {
        check("a,b\n1,2\n", &["a", "b"], &[(2, &["1", "2"])]);
        check("\u{feff}a;b\r\n1;2,5\r\n", &["a", "b"], &[(2, &["1", "2,5"])]);
        check("a\tb\n1\t2\n", &["a", "b"], &[(2, &["1", "2"])]);
        // A `;` inside quotes in the header does not make it the separator.
        check("\"a;x\",b\n1,2\n", &["a;x", "b"], &[(2, &["1", "2"])]);
        // A quoted line break stays in its cell; the next record is the sheet's row 3.
        check("a,b\n\"line one\nline two\",2\n3,4\n", &["a", "b"], &[(2, &["line one\nline two", "2"]), (3, &["3", "4"])]);
        // Blank rows are skipped but still counted, so row numbers match the sheet.
        check("a,b\n,\n\n1,2\n", &["a", "b"], &[(4, &["1", "2"])]);
        check("only\nx\n", &["only"], &[(2, &["x"])]);
    }

    #[test]
    fn refuses_what_it_cannot_read_with_the_reason() {
        let e = read_sheet(b"name\nSio\xffbhan\n").unwrap_err().to_string();
        assert!(e.contains("not UTF-8") && e.contains("line 2"), "{e}");
        let e = read_sheet(&[0xFF, 0xFE, b'a', 0]).unwrap_err().to_string();
        assert!(e.contains("UTF-16"), "{e}");
        assert!(read_sheet(b"").unwrap_err().to_string().contains("empty"));
        assert!(read_sheet(b"\xef\xbb\xbf\r\n").unwrap_err().to_string().contains("empty"));
        let e = read_sheet(b"PK\x03\x04not really a zip").unwrap_err().to_string();
        assert!(e.contains("Excel workbook"), "{e}");
    }
}
