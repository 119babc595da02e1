//! Data coming in from spreadsheets: reading a file into cells (`sheet`; an Excel workbook within
//! caps, `workbook`), a cell into a value
//! (`cells`), and which column is which (`fields`). Pure: no database, so the fuzz target and the
//! unit tests reach every branch. The store's `import` module plans and writes the records.

pub mod cells;
pub mod fields;
pub mod sample;
pub mod sheet;
pub mod workbook;

pub use fields::{ImportKind, Mapping, SavedMapping};
pub use sheet::{read_sheet, Sheet, SheetRow};

use serde::{Deserialize, Serialize};

/// One row of a spreadsheet and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowProblem {
    /// The spreadsheet's row number (the header is row 1).
    pub row: u32,
    pub column: String,
    pub problem: String,
}

/// A field a column can be mapped to, for the mapping step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportField {
    pub key: String,
    pub label: String,
    pub required: bool,
}

/// A column of the file: its header, the field it is mapped to, and its first few values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportColumn {
    pub letter: String,
    pub header: String,
    pub field: Option<String>,
    pub samples: Vec<String>,
}

/// What will happen to one row that matches a record already held.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowChange {
    pub row: u32,
    /// Who or what the row is about, as the file names it ("A1234BC", "Tuesday SMART").
    pub record: String,
    /// "Hall or wing: A Hall → B Hall", one per changed field.
    pub changes: Vec<String>,
}

/// The preview of an import, and after a commit what it did. Any problem, or a required field
/// without a column, means nothing is (or was) saved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportPreview {
    pub kind: ImportKind,
    pub columns: Vec<ImportColumn>,
    pub fields: Vec<ImportField>,
    /// Required fields that no column is mapped to.
    pub missing: Vec<String>,
    /// Rows read (blank rows aside).
    pub rows: u32,
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub changes: Vec<RowChange>,
    pub problems: Vec<RowProblem>,
    /// Things the person should know that are not problems ("3 absences without a reason will
    /// be recorded as 'Other'").
    pub notes: Vec<String>,
    pub saved: bool,
}

impl ImportPreview {
    pub fn can_import(&self) -> bool {
        self.missing.is_empty() && self.problems.is_empty() && self.rows > 0
    }
}

/// The shipped template for a kind of import: the header row a fresh spreadsheet starts with.
pub fn template(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::People => include_str!("../../assets/import-templates/people.csv"),
        ImportKind::Groups => include_str!("../../assets/import-templates/groups.csv"),
        ImportKind::Rosters => include_str!("../../assets/import-templates/rosters.csv"),
        ImportKind::Registers => include_str!("../../assets/import-templates/registers.csv"),
        ImportKind::Services => include_str!("../../assets/import-templates/services.csv"),
    }
}
