//! Imports from spreadsheets: people, groups, rosters, past registers and community services. Every row is checked
//! against the file and the database first (`plan`), so the preview lists every problem by row
//! and column and says what would be added or changed; only a file with no problem is written,
//! in one transaction (`apply`), with the column mapping remembered for next time.

mod groups;
mod people;
mod registers;
mod rosters;
mod services;

use super::audit::{Action, Record};
use super::settings::{put_setting, setting};
use super::{establishments, Store};
use crate::actor::{Act, Actor};
use crate::error::{Error, Result};
use crate::exchange::fields::{self, column_letter, ImportKind, Mapping, SavedMapping};
use crate::exchange::{cells, read_sheet, ImportColumn, ImportField, ImportPreview, RowChange, RowProblem, Sheet, SheetRow};
use crate::model::EstablishmentId;
use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};
use std::collections::HashMap;

impl Store {
    /// Reads `bytes` (CSV or .xlsx) as `kind` records for `establishment` and previews them;
    /// with `commit`, and only if the preview has no problem, writes them all in one
    /// transaction. `mapping` says which column is which field; `None` guesses it from the
    /// header and the mapping saved by the last import of this kind. The establishment is
    /// needed by every kind but services, whose directory every establishment shares.
    pub fn import_sheet(
        &mut self,
        actor: &Actor,
        establishment: impl Into<Option<EstablishmentId>>,
        kind: ImportKind,
        bytes: &[u8],
        mapping: Option<&Mapping>,
        commit: bool,
    ) -> Result<ImportPreview> {
        actor.require(Act::WriteRecords)?;
        let establishment = establishment.into();
        if let Some(id) = establishment {
            establishments::by_id(&self.conn, id)?;
        }
        let sheet = read_sheet(bytes)?;
        let saved = saved_mapping(&self.conn, kind)?;
        let mapping = mapping.cloned().unwrap_or_else(|| fields::guess(kind, &sheet.headers, &saved));
        let missing = fields::check(kind, &sheet.headers, &mapping)?;
        let mut preview = ImportPreview {
            kind,
            columns: columns(&sheet, &mapping),
            fields: kind.fields().iter().map(|f| ImportField { key: f.key.into(), label: f.label.into(), required: f.required }).collect(),
            missing: missing.iter().map(|m| m.to_string()).collect(),
            rows: u32::try_from(sheet.rows.len()).unwrap_or(u32::MAX),
            added: 0,
            updated: 0,
            unchanged: 0,
            changes: Vec::new(),
            problems: Vec::new(),
            notes: Vec::new(),
            saved: false,
        };
        if sheet.rows.is_empty() {
            preview.notes.push("The file has a header row but no rows under it.".into());
        }
        if !missing.is_empty() || sheet.rows.is_empty() {
            return Ok(preview);
        }
        let cols = Columns::new(kind, &sheet.headers, &mapping);
        let today = self.today();
        let ctx = || match establishment {
            Some(establishment_id) => Ok(Context { actor: *actor, establishment_id, today }),
            None => {
                Err(Error::invalid("establishment", format!("is not chosen: {} belong to one establishment", kind.label().to_lowercase())))
            }
        };
        macro_rules! run {
            ($module:ident $(, $ctx:ident)?) => {{
                $(let $ctx = ctx()?;)?
                let plan = $module::plan(&self.conn, $(&$ctx,)? &sheet, &cols)?;
                plan.fill(&mut preview);
                if commit && preview.can_import() {
                    let ops = plan.ops;
                    self.commit_import(actor, kind, &sheet.headers, &mapping, &preview, |tx| $module::apply(tx, $(&$ctx,)? ops))?;
                    preview.saved = true;
                }
            }};
        }
        match kind {
            ImportKind::People => run!(people, ctx),
            ImportKind::Groups => run!(groups, ctx),
            ImportKind::Rosters => run!(rosters, ctx),
            ImportKind::Registers => run!(registers, ctx),
            ImportKind::Services => run!(services),
        }
        Ok(preview)
    }

    /// As `import_sheet`, reading the file at `path` first: refused before it is read when it
    /// is larger than any import takes.
    pub fn import_sheet_file(
        &mut self,
        actor: &Actor,
        establishment: impl Into<Option<EstablishmentId>>,
        kind: ImportKind,
        path: &std::path::Path,
        mapping: Option<&Mapping>,
        commit: bool,
    ) -> Result<ImportPreview> {
        actor.require(Act::WriteRecords)?;
        let bytes = crate::files::read_bounded(path, crate::exchange::sheet::MAX_FILE_BYTES)?;
        self.import_sheet(actor, establishment, kind, &bytes, mapping, commit)
    }

    fn commit_import(
        &mut self,
        actor: &Actor,
        kind: ImportKind,
        headers: &[String],
        mapping: &Mapping,
        preview: &ImportPreview,
        apply: impl FnOnce(&Transaction<'_>) -> Result<()>,
    ) -> Result<()> {
        // Counts only: the audit trail never holds the names the file brought in.
        let detail = format!("{}: {} rows, {} added, {} updated", kind.code(), preview.rows, preview.added, preview.updated);
        let remembered = serde_json::to_string(&fields::to_save(headers, mapping)).map_err(|e| Error::invalid("mapping", e.to_string()))?;
        self.write_about(Some(actor.staff_id), Action::ImportSheet, Record::none().detail(detail), |tx| {
            apply(tx)?;
            put_setting(tx, &mapping_key(kind), &remembered)
        })
    }

    /// The shipped template for a kind of import (a header row and two example rows).
    pub fn import_template(kind: ImportKind) -> &'static str {
        crate::exchange::template(kind)
    }
}

fn mapping_key(kind: ImportKind) -> String {
    format!("import_mapping.{}", kind.code())
}

fn saved_mapping(conn: &Connection, kind: ImportKind) -> Result<SavedMapping> {
    // A damaged saved mapping is only a lost convenience: guess afresh.
    Ok(setting(conn, &mapping_key(kind))?.and_then(|raw| serde_json::from_str(&raw).ok()).unwrap_or_default())
}

fn columns(sheet: &Sheet, mapping: &Mapping) -> Vec<ImportColumn> {
    sheet
        .headers
        .iter()
        .enumerate()
        .map(|(i, header)| ImportColumn {
            letter: column_letter(i),
            header: header.clone(),
            field: mapping.get(i).cloned().flatten(),
            samples: sheet.rows.iter().filter_map(|r| r.cell(i)).take(3).map(|s| s.chars().take(60).collect()).collect(),
        })
        .collect()
}

pub(super) struct Context {
    pub actor: Actor,
    pub establishment_id: EstablishmentId,
    pub today: NaiveDate,
}

/// Which column holds which field.
pub(super) struct Columns<'a> {
    kind: ImportKind,
    headers: &'a [String],
    index: HashMap<&'static str, usize>,
}

impl<'a> Columns<'a> {
    fn new(kind: ImportKind, headers: &'a [String], mapping: &Mapping) -> Columns<'a> {
        let index = mapping.iter().enumerate().filter_map(|(i, key)| Some((kind.field(key.as_deref()?)?.key, i))).collect();
        Columns { kind, headers, index }
    }

    pub fn has(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }

    /// How the person knows the column: its header and letter, or the field's name.
    fn name(&self, key: &str) -> String {
        match self.index.get(key) {
            Some(i) => fields::column_name(*i, self.headers),
            None => self.kind.field(key).map_or(key.to_string(), |f| f.label.to_string()),
        }
    }

    /// The field an error names ("date of birth", "meeting times"), by key, label or words.
    fn key_for_error(&self, field: &str) -> Option<&'static str> {
        let folded = crate::text::fold(field);
        self.kind
            .fields()
            .iter()
            .find(|f| f.key == field || crate::text::fold(f.label) == folded || f.key.replace('_', " ") == folded)
            .map(|f| f.key)
    }

    /// The column for an error's field ("date of birth" → the column mapped to it).
    fn name_for_error(&self, field: &str) -> String {
        self.key_for_error(field).map_or(field.to_string(), |key| self.name(key))
    }
}

/// One row's checks: every problem found is kept, so the preview lists them all at once.
pub(super) struct RowCheck<'a> {
    cols: &'a Columns<'a>,
    row: &'a SheetRow,
    bad: Vec<&'static str>,
    pub problems: Vec<RowProblem>,
}

impl<'a> RowCheck<'a> {
    pub fn new(cols: &'a Columns<'a>, row: &'a SheetRow) -> RowCheck<'a> {
        let mut check = RowCheck { cols, row, bad: Vec::new(), problems: Vec::new() };
        // In the sheet's column order, so the preview lists a row's problems the same way every
        // time (the fuzzer found the order following the map's).
        let mut mapped: Vec<(&'static str, usize)> = cols.index.iter().map(|(k, i)| (*k, *i)).collect();
        mapped.sort_by_key(|(_, i)| *i);
        for (key, i) in mapped {
            let Some(cell) = row.cell(i) else { continue };
            if cells::formula(cell) {
                check.problem(key, cells::formula_problem(cell));
                check.bad.push(key);
            } else if cells::spreadsheet_error(cell) {
                check.problem(key, format!("is a spreadsheet error ({cell}); correct the sheet"));
                check.bad.push(key);
            }
        }
        if let Some(extra) = (cols.headers.len()..row.cells.len()).find(|i| row.cell(*i).is_some()) {
            check.problems.push(RowProblem {
                row: row.number,
                column: column_letter(extra),
                problem: format!(
                    "has a value past the last named column ({}); a value containing the separator needs quotes around it",
                    column_letter(cols.headers.len().saturating_sub(1))
                ),
            });
        }
        check
    }

    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }

    pub fn problem(&mut self, key: &str, problem: impl Into<String>) {
        self.problems.push(RowProblem { row: self.row.number, column: self.cols.name(key), problem: problem.into() });
    }

    /// An error from the model's own checks, put against the column it is about.
    pub fn error(&mut self, e: Error) -> Result<()> {
        match e {
            Error::Invalid { field, problem } | Error::Conflict { field, problem } => {
                self.problems.push(RowProblem { row: self.row.number, column: self.cols.name_for_error(&field), problem });
                Ok(())
            }
            Error::NotCleared(problem) => {
                self.problems.push(RowProblem { row: self.row.number, column: "facilitators".into(), problem });
                Ok(())
            }
            other => Err(other),
        }
    }

    /// Whether the cell an error's field names was already found bad (a formula, an error).
    pub fn noted(&self, field: &str) -> bool {
        self.cols.key_for_error(field).is_some_and(|key| self.bad.contains(&key))
    }

    /// The cell's text, trimmed; `None` when blank, unmapped or already found bad.
    pub fn text(&self, key: &str) -> Option<&'a str> {
        if self.bad.contains(&key) {
            return None;
        }
        self.cols.index.get(key).and_then(|i| self.row.cell(*i))
    }

    /// As `text`, noting "is empty" when a required cell is blank.
    pub fn required(&mut self, key: &str) -> Option<&'a str> {
        let value = self.text(key);
        if value.is_none() && !self.bad.contains(&key) {
            self.problem(key, "is empty");
        }
        value
    }

    /// The cell parsed; `None` when blank, or when it does not parse (the problem is noted).
    pub fn parse<T>(&mut self, key: &str, parse: impl FnOnce(&str, &str) -> Result<T>) -> Option<T> {
        let raw = self.text(key)?;
        let label = self.cols.kind.field(key).map_or(key, |f| f.label);
        match parse(label, raw) {
            Ok(v) => Some(v),
            Err(Error::Invalid { problem, .. }) => {
                self.problem(key, problem);
                None
            }
            Err(other) => {
                self.problem(key, other.to_string());
                None
            }
        }
    }

    /// As `parse`, noting "is empty" when blank.
    pub fn parse_required<T>(&mut self, key: &str, parse: impl FnOnce(&str, &str) -> Result<T>) -> Option<T> {
        if self.text(key).is_none() {
            if !self.bad.contains(&key) {
                self.problem(key, "is empty");
            }
            return None;
        }
        self.parse(key, parse)
    }

    /// A single-line free-text cell: line breaks (Alt+Enter in Excel) joined with spaces.
    pub fn line(&self, key: &str) -> Option<String> {
        self.text(key).map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// What a file would do: the writes, the counts and what the person must know first.
pub(super) struct Plan<Op> {
    pub ops: Vec<Op>,
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub changes: Vec<RowChange>,
    pub problems: Vec<RowProblem>,
    pub notes: Vec<String>,
}

impl<Op> Plan<Op> {
    pub fn new() -> Plan<Op> {
        Plan { ops: Vec::new(), added: 0, updated: 0, unchanged: 0, changes: Vec::new(), problems: Vec::new(), notes: Vec::new() }
    }

    /// Takes a row's problems; true when it had none.
    pub fn accept(&mut self, check: RowCheck<'_>) -> bool {
        let ok = check.ok();
        self.problems.extend(check.problems);
        ok
    }

    pub fn change(&mut self, row: u32, record: String, changes: Vec<String>) {
        self.updated += 1;
        self.changes.push(RowChange { row, record, changes });
    }

    fn fill(&self, preview: &mut ImportPreview) {
        preview.added = self.added;
        preview.updated = self.updated;
        preview.unchanged = self.unchanged;
        preview.changes = self.changes.clone();
        preview.problems = self.problems.clone();
        preview.problems.sort_by_key(|p| p.row);
        preview.notes.extend(self.notes.iter().cloned());
    }
}

/// "Hall or wing: A Hall → B Hall" when the values differ.
pub(super) fn differs<T: PartialEq>(out: &mut Vec<String>, label: &str, old: &T, new: &T, show: impl Fn(&T) -> String) {
    if old != new {
        out.push(format!("{label}: {} → {}", show(old), show(new)));
    }
}

pub(super) fn show_text(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "(blank)".into())
}

pub(super) fn show_date(v: &Option<NaiveDate>) -> String {
    v.map(crate::dates::display).unwrap_or_else(|| "(blank)".into())
}

/// A prison number as the store keeps it, for matching.
pub(super) fn prison_key(raw: &str) -> String {
    raw.trim().to_uppercase()
}

/// "3 rows" / "1 row".
pub(super) fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
