//! `import`: spreadsheets in, through the same preview as the app; `sample-sheets`: synthetic
//! files to rehearse with.

use crate::output::{say, Out};
use anyhow::{anyhow, bail, Result};
use clap::{Args, ValueEnum};
use recovery_register::exchange::{sample, ImportKind, ImportPreview};
use recovery_register::{Actor, Store};
use std::path::PathBuf;

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum Kind {
    People,
    Groups,
    Rosters,
    Registers,
    Services,
}

impl From<Kind> for ImportKind {
    fn from(k: Kind) -> ImportKind {
        match k {
            Kind::People => ImportKind::People,
            Kind::Groups => ImportKind::Groups,
            Kind::Rosters => ImportKind::Rosters,
            Kind::Registers => ImportKind::Registers,
            Kind::Services => ImportKind::Services,
        }
    }
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// What the file holds (import people and groups before rosters, rosters before registers;
    /// services are the directory every establishment shares)
    #[arg(value_enum)]
    pub kind: Kind,
    /// A CSV file (UTF-8, `,` `;` or tab) or an Excel workbook (.xlsx, first sheet)
    pub file: Option<PathBuf>,
    /// Establishment code, e.g. PER (every kind but services)
    #[arg(long)]
    pub establishment: Option<String>,
    /// Check every row and show what would change; save nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Which column is which, where the header does not say: "Header=field" (repeatable; a
    /// field of "-" leaves the column out). Fields are listed by --fields
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    pub map: Vec<String>,
    /// Print the fields this kind of import takes, and the template's header row
    #[arg(long, conflicts_with = "file")]
    pub fields: bool,
}

pub fn import(store: &mut Store, actor: &Actor, a: ImportArgs, out: &Out) -> Result<()> {
    let kind = ImportKind::from(a.kind);
    if a.fields {
        for f in kind.fields() {
            say!("{:<26} {}{}", f.key, f.label, if f.required { " (required)" } else { "" });
        }
        say!("\nTemplate:\n{}", Store::import_template(kind).trim_end());
        return Ok(());
    }
    let Some(file) = a.file else { bail!("give the file to import (or --fields to see what it may hold)") };
    let est = match &a.establishment {
        Some(code) => Some(store.establishment(actor, code)?.id),
        None if kind.per_establishment() => bail!("give --establishment: {} belong to one establishment", kind.label().to_lowercase()),
        None => None,
    };
    // The header's own guess first, then the --map corrections on top of it.
    let guessed = store.import_sheet_file(actor, est, kind, &file, None, false)?;
    let mut mapping: Vec<Option<String>> = guessed.columns.iter().map(|c| c.field.clone()).collect();
    for m in &a.map {
        let (header, field) = m.split_once('=').ok_or_else(|| anyhow!("--map {m}: write it as HEADER=FIELD"))?;
        let column = guessed
            .columns
            .iter()
            .position(|c| c.header.trim().eq_ignore_ascii_case(header.trim()) || c.letter.eq_ignore_ascii_case(header.trim()))
            .ok_or_else(|| anyhow!("--map {m}: the file has no column '{}'", header.trim()))?;
        let field = field.trim();
        if field != "-" && kind.field(field).is_none() {
            bail!("--map {m}: '{field}' is not a field of this import; see --fields");
        }
        mapping[column] = (field != "-").then(|| field.to_string());
    }
    let preview = store.import_sheet_file(actor, est, kind, &file, Some(&mapping), !a.dry_run)?;
    if out.json {
        out.json(&preview);
    } else {
        show(&preview);
    }
    if !preview.missing.is_empty() {
        bail!("no column holds: {}; name them with --map HEADER=FIELD; nothing was imported", preview.missing.join(", "));
    }
    if !preview.problems.is_empty() {
        bail!("{} problem(s) in {}: nothing was imported", preview.problems.len(), file.display());
    }
    Ok(())
}

fn show(p: &ImportPreview) {
    for c in &p.columns {
        let field = c.field.as_deref().and_then(|k| p.fields.iter().find(|f| f.key == k)).map_or("(left out)", |f| f.label.as_str());
        say!("column {} '{}': {}", c.letter, c.header, field);
    }
    for problem in &p.problems {
        say!("row {}, {}: {}", problem.row, problem.column, problem.problem);
    }
    for change in &p.changes {
        say!("row {}, {}: {}", change.row, change.record, change.changes.join("; "));
    }
    for note in &p.notes {
        say!("{note}");
    }
    let verb = if p.saved { "Imported" } else { "Would import" };
    say!("{verb} {} rows: {} added, {} updated, {} unchanged", p.rows, p.added, p.updated, p.unchanged);
}

#[derive(Args, Debug)]
pub struct SampleArgs {
    /// The folder to write people.csv, groups.csv, rosters.csv and registers.csv into
    pub folder: PathBuf,
    #[arg(long, default_value_t = 400)]
    pub people: usize,
    #[arg(long, default_value_t = 2)]
    pub years: u32,
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
}

/// Writes synthetic spreadsheets (no real person) to rehearse an import with.
pub fn sample_sheets(a: SampleArgs, today: chrono::NaiveDate) -> Result<()> {
    let s = sample::sample_sheets(a.seed, a.people, a.years, today);
    std::fs::create_dir_all(&a.folder)?;
    for (name, text) in [("people.csv", &s.people), ("groups.csv", &s.groups), ("rosters.csv", &s.rosters), ("registers.csv", &s.registers)]
    {
        recovery_register::files::write_whole(&a.folder.join(name), text.as_bytes())?;
    }
    say!("Wrote {} people, {} places on rosters and {} register marks to {}", a.people, s.roster_rows, s.register_rows, a.folder.display());
    Ok(())
}
