//! The national office's data set for analysts (issue 22): every figure it holds, one row per
//! establishment, month and kind of group, plus one row per establishment and month for all its
//! groups (`group_kind` = "all", which alone carries the figures about people rather than groups:
//! different people across groups, liberations and continuity of care). As CSV (UTF-8, no
//! byte-order mark, empty for "not applicable", as PostgreSQL's COPY and DuckDB read it) and as
//! Parquet. The columns are listed once, here; docs/national-data-set.md describes each, and a
//! test holds the two together. Exact counts: publishing from it needs the returns' suppression.

use crate::error::{Error, Result};
use crate::figures_file::EstablishmentMonth;
use crate::views::{LiberationFigures, Month, MonthFigures};
use chrono::NaiveDate;
use parquet::basic::{ConvertedType, LogicalType, Repetition, Type as Physical};
use parquet::data_type::{ByteArray, ByteArrayType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use std::sync::Arc;

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// A calendar date (the first of the month).
    Date,
    /// A count on every row.
    Count,
    /// A count on the establishment's "all" rows only (empty on a kind's row).
    AllOnly,
}

pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
}

const fn col(name: &'static str, kind: Kind) -> Column {
    Column { name, kind }
}

/// The data set's columns, in order.
pub const COLUMNS: &[Column] = &[
    col("establishment_code", Kind::Text),
    col("establishment_name", Kind::Text),
    col("month", Kind::Text),
    col("month_start", Kind::Date),
    col("group_kind", Kind::Text),
    col("sessions_planned", Kind::Count),
    col("sessions_held", Kind::Count),
    col("sessions_cancelled", Kind::Count),
    col("sessions_not_recorded", Kind::Count),
    col("attendances_named", Kind::Count),
    col("drop_in_attendances", Kind::Count),
    col("unnamed_attendances", Kind::Count),
    col("visitors", Kind::Count),
    col("different_people", Kind::Count),
    col("places_expected", Kind::Count),
    col("present", Kind::Count),
    col("late", Kind::Count),
    col("left_early", Kind::Count),
    col("absent_person", Kind::Count),
    col("absent_regime", Kind::Count),
    col("absent_appointment", Kind::Count),
    col("unmarked", Kind::Count),
    col("new_enrolments", Kind::Count),
    col("leavers", Kind::Count),
    col("completions", Kind::Count),
    col("certificates_issued", Kind::Count),
    col("liberations", Kind::AllOnly),
    col("liberated_with_referral", Kind::AllOnly),
    col("referrals_made", Kind::AllOnly),
    col("engaged_within_3_weeks", Kind::AllOnly),
    col("not_engaged_within_3_weeks", Kind::AllOnly),
    col("still_within_3_weeks", Kind::AllOnly),
];

/// One cell.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Value {
    Text(String),
    Date(NaiveDate),
    Count(Option<u32>),
}

/// The rows of the data set, from every establishment's months held, by establishment, month and
/// kind (the "all" row last of each month).
fn rows(held: &[EstablishmentMonth]) -> Vec<Vec<Value>> {
    let mut out = Vec::new();
    for e in held {
        let start = Month::parse("month", &e.month).map(Month::first_day).unwrap_or_default();
        let head = |kind: &str| {
            vec![
                Value::Text(e.code.clone()),
                Value::Text(e.name.clone()),
                Value::Text(e.month.clone()),
                Value::Date(start),
                Value::Text(kind.to_string()),
            ]
        };
        let mut kinds: Vec<_> = e.by_kind.iter().collect();
        kinds.sort_by_key(|k| k.kind.code());
        for k in kinds {
            let mut row = head(k.kind.code());
            row.extend(counts(&k.figures, None));
            out.push(row);
        }
        let mut row = head("all");
        row.extend(counts(&e.totals, Some(&e.liberation)));
        out.push(row);
    }
    out
}

fn counts(f: &MonthFigures, liberation: Option<&LiberationFigures>) -> Vec<Value> {
    let c = &f.counts;
    let mut cells: Vec<Value> = [
        f.sessions_planned,
        f.sessions_held,
        f.sessions_cancelled,
        f.sessions_not_recorded,
        f.named_attendances(),
        f.drop_in_attendances,
        f.unnamed_attendances,
        f.visitors,
        f.unique_people,
        c.expected,
        c.present,
        c.late,
        c.left_early,
        c.absent_person,
        c.absent_regime,
        c.absent_appointment,
        c.unmarked,
        f.new_enrolments,
        f.leavers_total(),
        f.completions,
        f.certificates_issued,
    ]
    .into_iter()
    .map(|n| Value::Count(Some(n)))
    .collect();
    let people = liberation.map(|l| {
        let k = &l.continuity;
        [l.liberations, l.liberated_with_referral, l.referrals_made, k.engaged, k.not_engaged, k.still_open]
    });
    cells.extend((0..6).map(|i| Value::Count(people.map(|p| p[i]))));
    cells
}

/// The data set as CSV: a header of the column names, dates as 2026-10-01, nothing for "not
/// applicable".
pub fn csv(held: &[EstablishmentMonth]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Error::invalid("CSV", e.to_string());
    w.write_record(COLUMNS.iter().map(|c| c.name)).map_err(fail)?;
    for row in rows(held) {
        w.write_record(row.iter().map(|v| match v {
            // Analysts' tools read text as text; a name starting "=" is still made inert, as in
            // every CSV the app writes, for whoever opens it in a spreadsheet.
            Value::Text(t) => crate::csv_file::inert(t),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            Value::Count(Some(n)) => n.to_string(),
            Value::Count(None) => String::new(),
        }))
        .map_err(fail)?;
    }
    w.into_inner().map_err(|e| Error::invalid("CSV", e.to_string()))
}

fn schema() -> Arc<Type> {
    let fields = COLUMNS
        .iter()
        .map(|c| {
            let b = match c.kind {
                Kind::Text => Type::primitive_type_builder(c.name, Physical::BYTE_ARRAY)
                    .with_logical_type(Some(LogicalType::String))
                    .with_converted_type(ConvertedType::UTF8),
                Kind::Date => Type::primitive_type_builder(c.name, Physical::INT32)
                    .with_logical_type(Some(LogicalType::Date))
                    .with_converted_type(ConvertedType::DATE),
                Kind::Count | Kind::AllOnly => Type::primitive_type_builder(c.name, Physical::INT64),
            };
            let repetition = if c.kind == Kind::AllOnly { Repetition::OPTIONAL } else { Repetition::REQUIRED };
            Arc::new(b.with_repetition(repetition).build().expect("a valid column"))
        })
        .collect();
    Arc::new(Type::group_type_builder("national_figures").with_fields(fields).build().expect("a valid schema"))
}

/// The data set as a Parquet file (one row group, uncompressed).
pub fn parquet(held: &[EstablishmentMonth]) -> Result<Vec<u8>> {
    let fail = |e: parquet::errors::ParquetError| Error::invalid("Parquet", e.to_string());
    let rows = rows(held);
    let props = Arc::new(WriterProperties::builder().set_created_by("Recovery Register".to_string()).build());
    let mut writer = SerializedFileWriter::new(Vec::new(), schema(), props).map_err(fail)?;
    let mut group = writer.next_row_group().map_err(fail)?;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date");
    for (i, column) in COLUMNS.iter().enumerate() {
        let mut w = group.next_column().map_err(fail)?.expect("a writer for every column of the schema");
        let cells = rows.iter().map(|r| &r[i]);
        match column.kind {
            Kind::Text => {
                let values: Vec<ByteArray> =
                    cells.map(|v| if let Value::Text(t) = v { ByteArray::from(t.as_str()) } else { ByteArray::from("") }).collect();
                w.typed::<ByteArrayType>().write_batch(&values, None, None).map_err(fail)?;
            }
            Kind::Date => {
                let values: Vec<i32> = cells.map(|v| if let Value::Date(d) = v { (*d - epoch).num_days() as i32 } else { 0 }).collect();
                w.typed::<Int32Type>().write_batch(&values, None, None).map_err(fail)?;
            }
            Kind::Count | Kind::AllOnly => {
                let cells: Vec<Option<u32>> = cells.map(|v| if let Value::Count(n) = v { *n } else { None }).collect();
                let values: Vec<i64> = cells.iter().flatten().map(|n| i64::from(*n)).collect();
                if column.kind == Kind::AllOnly {
                    let defined: Vec<i16> = cells.iter().map(|n| i16::from(n.is_some())).collect();
                    w.typed::<Int64Type>().write_batch(&values, Some(&defined), None).map_err(fail)?;
                } else {
                    w.typed::<Int64Type>().write_batch(&values, None, None).map_err(fail)?;
                }
            }
        }
        w.close().map_err(fail)?;
    }
    group.close().map_err(fail)?;
    writer.into_inner().map_err(fail)
}
