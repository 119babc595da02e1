//! An Excel workbook's first sheet as rows of text, read within caps a hostile file cannot get
//! round. calamine trusts a workbook: it reserves what the shared-strings part says it holds,
//! and a range spans every cell from the first used to the last (A1 and XFD1048576: 1.7e10
//! cells), so a 1.5 KB file could ask for terabytes and the allocator would abort the process,
//! which no `catch_unwind` stops. So every part is first unpacked to nowhere, counting bytes
//! rather than believing the sizes the zip declares; the shared strings' declared counts are
//! checked; and the sheet is read cell by cell, refusing a cell past the last column an import
//! reads or a sheet with more cells than one holds.

use super::sheet::{Sheet, SheetRow, MAX_ROWS};
use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::io::{Cursor, Read};

/// The most bytes all the workbook's parts may unpack to: a sheet of the largest import (200,000
/// rows of registers) is under 100 MB of XML.
pub const MAX_UNPACKED_BYTES: u64 = 128 * 1024 * 1024;
/// The most parts (files inside the zip) a workbook may have; Excel writes about a dozen.
pub const MAX_PARTS: usize = 1_000;
/// The most distinct texts the shared-strings part may hold.
pub const MAX_SHARED_STRINGS: u64 = 2_000_000;
/// The last column an import reads (column ZZ): no import has a tenth as many fields.
pub const MAX_COLUMNS: u32 = 702;
/// The most cells with something in them.
pub const MAX_CELLS: usize = 4_000_000;

fn refused(problem: impl Into<String>) -> Error {
    Error::invalid("file", problem.into())
}

pub(super) fn read_xlsx(bytes: &[u8]) -> Result<Sheet> {
    use calamine::{Reader, Xlsx};
    check_parts(bytes)?;
    let unreadable = |e: &dyn std::fmt::Display| {
        refused(format!("is not an Excel workbook this import can read ({e}); save it as .xlsx or as 'CSV UTF-8'"))
    };
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let name = book.sheet_names().first().cloned().ok_or_else(|| refused("has no sheets"))?;
    let mut reader = book.worksheet_cells_reader(&name).map_err(|e| unreadable(&e))?;
    // Only cells with something in them are kept, by row, so a sparse sheet costs what it holds.
    let mut cells: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
    let mut count = 0usize;
    while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
        let (row, column) = cell.get_position();
        let text = xlsx_text(&calamine::Data::from(cell.get_value().clone()));
        if text.trim().is_empty() {
            continue;
        }
        if column >= MAX_COLUMNS {
            return Err(refused(format!(
                "has a value in column {}, row {}; an import reads columns A to {} only: delete what is past them",
                super::fields::column_letter(column as usize),
                u64::from(row) + 1,
                super::fields::column_letter(MAX_COLUMNS as usize - 1)
            )));
        }
        count += 1;
        if count > MAX_CELLS {
            return Err(refused(format!(
                "has more than {} cells with something in them; split it",
                crate::text::grouped(MAX_CELLS as u64)
            )));
        }
        cells.entry(row).or_default().push((column, text));
    }
    let mut headers = Vec::new();
    let mut rows = Vec::new();
    for (row, found) in cells {
        let width = found.iter().map(|(c, _)| *c as usize + 1).max().unwrap_or(0);
        let mut texts = vec![String::new(); width];
        for (column, text) in found {
            texts[column as usize] = text;
        }
        if headers.is_empty() {
            headers = texts.iter().map(|h| h.trim().to_string()).collect();
            continue;
        }
        if rows.len() > MAX_ROWS {
            break;
        }
        rows.push(SheetRow { number: row.saturating_add(1), cells: texts });
    }
    Ok(Sheet { headers, rows })
}

/// Unpacks every part to nowhere, counting what comes out, and reads the counts the shared
/// strings declare and the texts they really hold: refuses the workbook before calamine believes
/// any of it.
fn check_parts(bytes: &[u8]) -> Result<()> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    if zip.len() > MAX_PARTS {
        return Err(refused(format!("holds {} parts; an Excel workbook holds a few dozen", crate::text::grouped(zip.len() as u64))));
    }
    let mut unpacked: u64 = 0;
    for i in 0..zip.len() {
        let part = zip.by_index(i).map_err(|e| damaged(&e))?;
        let shared_strings = part.name().map_err(|e| damaged(&e))?.to_ascii_lowercase().ends_with("sharedstrings.xml");
        let mut part = Counted { inner: part, total: &mut unpacked };
        if shared_strings {
            check_shared_strings(&mut part)?;
        }
        std::io::copy(&mut part, &mut std::io::sink()).map_err(|e| unpack_error(&e))?;
    }
    Ok(())
}

fn damaged(e: &dyn std::fmt::Display) -> Error {
    refused(format!("is a damaged Excel workbook ({e}); open it in Excel and save it again, or save it as 'CSV UTF-8'"))
}

fn too_big() -> Error {
    refused(format!("unpacks to more than {} MB, the most this import reads; split it or save it as 'CSV UTF-8'", MAX_UNPACKED_BYTES >> 20))
}

fn unpack_error(e: &std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::FileTooLarge {
        too_big()
    } else {
        damaged(e)
    }
}

/// A part's reader that counts every byte unpacked from the whole workbook and stops at the cap.
struct Counted<'a, R> {
    inner: R,
    total: &'a mut u64,
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        *self.total += n as u64;
        if *self.total > MAX_UNPACKED_BYTES {
            return Err(std::io::Error::new(std::io::ErrorKind::FileTooLarge, "unpacks too far"));
        }
        Ok(n)
    }
}

/// The shared-strings part, with the XML reader calamine uses: what it says it holds
/// (`count`, `uniqueCount`, which calamine reserves room for) and the texts (`<si>`) it has.
fn check_shared_strings(part: &mut impl Read) -> Result<()> {
    use quick_xml::events::Event;
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(part));
    let mut buf = Vec::new();
    let mut texts: u64 = 0;
    let too_many = |n: u64| {
        refused(format!(
            "holds {} different texts; the most this import reads is {}: save it as 'CSV UTF-8'",
            crate::text::grouped(n),
            crate::text::grouped(MAX_SHARED_STRINGS)
        ))
    };
    loop {
        buf.clear();
        let event = xml.read_event_into(&mut buf).map_err(|e| match e {
            quick_xml::Error::Io(io) => unpack_error(&io),
            other => damaged(&other),
        })?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sst" => {
                for attribute in e.attributes().flatten() {
                    if matches!(attribute.key.local_name().as_ref(), "count" | "uniqueCount") {
                        // calamine reserves room for a count it can parse, and ignores any other.
                        if let Some(n) = attribute.value.trim().parse::<u64>().ok().filter(|n| *n > MAX_SHARED_STRINGS) {
                            return Err(too_many(n));
                        }
                    }
                }
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "si" => {
                texts += 1;
                if texts > MAX_SHARED_STRINGS {
                    return Err(too_many(texts));
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// A cell as the text a person would type: whole numbers without ".0", dates as ISO, times as
/// HH:MM, an error cell as Excel shows it ("#DIV/0!") so the row check can name it.
fn xlsx_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) => {
                let date = t.date();
                let time = t.time();
                // Excel keeps a time of day as a fraction of a day from its epoch, 30/12/1899.
                if date <= chrono::NaiveDate::from_ymd_opt(1899, 12, 31).unwrap_or(date) {
                    time.format("%H:%M").to_string()
                } else if time == chrono::NaiveTime::MIN {
                    date.format("%Y-%m-%d").to_string()
                } else {
                    t.format("%Y-%m-%d %H:%M").to_string()
                }
            }
            None => dt.as_f64().to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e}").replace("##", "#"),
    }
}
