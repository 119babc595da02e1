//! The directory of community services: recovery hubs, lived-experience recovery organisations,
//! cafés, mutual-aid meetings, rehab. Kept by hand or imported from a spreadsheet, where a row
//! matching a service already held (same name and area, case and accents aside) updates it.

use super::audit::{Action, Record};
use super::{now_utc, Store};
use crate::actor::{Act, Actor};
use crate::error::{Error, Result};
use crate::exchange::{cells, read_sheet};
use crate::model::*;
use rusqlite::{params, Connection, OptionalExtension, ToSql};
use serde::{Deserialize, Serialize};

pub(crate) const SERVICE_COLUMNS: &str =
    "s.id, s.name, s.kind, s.area, s.address, s.phone, s.email, s.website, s.meeting_times, s.notes, s.active";

pub(crate) fn service(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<CommunityService> {
    let area: String = r.get(at + 3)?;
    Ok(CommunityService {
        id: r.get(at)?,
        name: r.get(at + 1)?,
        kind: r.get(at + 2)?,
        area_key: crate::model::liberation::area_key(&area),
        area,
        address: r.get(at + 4)?,
        phone: r.get(at + 5)?,
        email: r.get(at + 6)?,
        website: r.get(at + 7)?,
        meeting_times: r.get(at + 8)?,
        notes: r.get(at + 9)?,
        active: r.get(at + 10)?,
    })
}

pub(crate) fn get(conn: &Connection, id: ServiceId) -> Result<CommunityService> {
    conn.prepare_cached(&format!("SELECT {SERVICE_COLUMNS} FROM community_service s WHERE s.id = ?1"))?
        .query_row([id], |r| service(r, 0))
        .optional()?
        .ok_or_else(|| Error::not_found("service", id))
}

fn by_match_key(conn: &Connection, key: &str) -> Result<Option<CommunityService>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {SERVICE_COLUMNS} FROM community_service s WHERE s.match_key = ?1"))?
        .query_row([key], |r| service(r, 0))
        .optional()?)
}

/// A service's columns in the order both statements number them: ?1 the id, ?2 to ?11 the
/// details, ?12 the match key, ?13 the time (created and updated on insert, updated on update).
fn stored<'a>(
    id: &'a ServiceId,
    d: &'a ServiceDetails,
    kind: &'a ServiceKind,
    key: &'a dyn ToSql,
    now: &'a dyn ToSql,
) -> [&'a dyn ToSql; 13] {
    [id, &d.name, kind, &d.area, &d.address, &d.phone, &d.email, &d.website, &d.meeting_times, &d.notes, &d.active, key, now]
}

pub(crate) fn insert(tx: &Connection, d: &ServiceDetails, kind: ServiceKind) -> Result<CommunityService> {
    let key = ServiceDetails::match_key(&d.name, &d.area);
    if let Some(existing) = by_match_key(tx, &key)? {
        return Err(Error::conflict("name", format!("'{}' in {} is already in the directory", existing.name, existing.area)));
    }
    let id = ServiceId::new();
    let now = now_utc();
    tx.prepare_cached(
        "INSERT INTO community_service (id, name, kind, area, address, phone, email, website, meeting_times, notes, active,
                                        match_key, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
    )?
    .execute(stored(&id, d, &kind, &key, &now).as_slice())?;
    get(tx, id)
}

fn update(tx: &Connection, id: ServiceId, d: &ServiceDetails, kind: ServiceKind) -> Result<CommunityService> {
    let key = ServiceDetails::match_key(&d.name, &d.area);
    if let Some(other) = by_match_key(tx, &key)?.filter(|o| o.id != id) {
        return Err(Error::conflict("name", format!("'{}' in {} is already in the directory", other.name, other.area)));
    }
    tx.prepare_cached(
        "UPDATE community_service SET name = ?2, kind = ?3, area = ?4, address = ?5, phone = ?6, email = ?7, website = ?8,
                meeting_times = ?9, notes = ?10, active = ?11, match_key = ?12, updated_at = ?13 WHERE id = ?1",
    )?
    .execute(stored(&id, d, &kind, &key, &now_utc()).as_slice())?;
    get(tx, id)
}

pub use crate::exchange::RowProblem;

/// What an import did, or (dry run, or any problem) would do.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ServiceImport {
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
    /// Any problem means nothing was saved.
    pub problems: Vec<RowProblem>,
    pub saved: bool,
}

/// The columns a services spreadsheet may have; the header names them (any case, any order).
pub const IMPORT_COLUMNS: [&str; 9] = ["name", "kind", "area", "address", "phone", "email", "website", "meeting times", "notes"];

impl Store {
    pub fn add_service(&mut self, actor: &Actor, details: &ServiceDetails) -> Result<CommunityService> {
        actor.require(Act::WriteRecords)?;
        let (d, kind) = details.normalised()?;
        self.write(actor, Action::AddService, |tx| insert(tx, &d, kind))
    }

    /// Changes a service; `active: false` keeps it (old referrals point at it) but out of the
    /// lists offered for new referrals.
    pub fn edit_service(&mut self, actor: &Actor, id: ServiceId, details: &ServiceDetails) -> Result<CommunityService> {
        actor.require(Act::WriteRecords)?;
        let (d, kind) = details.normalised()?;
        self.write(actor, Action::EditService, |tx| {
            get(tx, id)?;
            update(tx, id, &d, kind)
        })
    }

    pub fn service(&self, actor: &Actor, id: ServiceId) -> Result<CommunityService> {
        actor.require(Act::ReadRecords)?;
        get(&self.conn, id)
    }

    /// The directory by area then name; `area` matches case and accents aside; inactive services
    /// only when asked for.
    pub fn services(&self, actor: &Actor, area: Option<&str>, include_inactive: bool) -> Result<Vec<CommunityService>> {
        actor.require(Act::ReadRecords)?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {SERVICE_COLUMNS} FROM community_service s WHERE (?1 OR s.active = 1) ORDER BY s.area COLLATE folded, s.name COLLATE folded"
        ))?;
        let all: Vec<CommunityService> = stmt.query_map(params![include_inactive], |r| service(r, 0))?.collect::<rusqlite::Result<_>>()?;
        let wanted = area.map(crate::text::fold).filter(|a| !a.is_empty());
        Ok(all.into_iter().filter(|s| wanted.as_ref().is_none_or(|a| crate::text::fold(&s.area) == *a)).collect())
    }

    /// Imports services from a spreadsheet: CSV (UTF-8, with or without a byte-order mark; `,`
    /// `;` or tab between fields) or an `.xlsx` workbook, read as every import reads one. Every
    /// row is checked first; any problem (a formula cell among them) and nothing is saved. A row
    /// matching a service already held updates it. `dry_run` checks and counts only.
    pub fn import_services(&mut self, actor: &Actor, bytes: &[u8], dry_run: bool) -> Result<ServiceImport> {
        actor.require(Act::WriteRecords)?;
        let rows = read_rows(bytes)?;
        let mut report = ServiceImport::default();
        let mut seen: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
        let mut planned = Vec::new();
        for (row, details) in rows {
            let details = match details {
                Ok(d) => d,
                Err(p) => {
                    report.problems.push(p);
                    continue;
                }
            };
            match details.checked() {
                Ok((d, kind)) => {
                    let key = ServiceDetails::match_key(&d.name, &d.area);
                    if let Some(first) = seen.insert(key.clone(), row) {
                        report.problems.push(RowProblem {
                            row,
                            column: "name".into(),
                            problem: format!("'{}' in {} is also on row {first}", d.name, d.area),
                        });
                        continue;
                    }
                    match by_match_key(&self.conn, &key)? {
                        None => report.added += 1,
                        Some(old) if same(&old, &d, kind) => report.unchanged += 1,
                        Some(_) => report.updated += 1,
                    }
                    planned.push((d, kind));
                }
                Err(problems) => {
                    for e in problems {
                        match e {
                            Error::Invalid { field, problem } => report.problems.push(RowProblem { row, column: field, problem }),
                            other => return Err(other),
                        }
                    }
                }
            }
        }
        if dry_run || !report.problems.is_empty() {
            return Ok(report);
        }
        let detail = format!("{} added, {} updated", report.added, report.updated);
        self.write_about(Some(actor.staff_id), Action::ImportServices, Record::none().detail(detail), |tx| {
            for (d, kind) in &planned {
                match by_match_key(tx, &ServiceDetails::match_key(&d.name, &d.area))? {
                    None => {
                        insert(tx, d, *kind)?;
                    }
                    Some(old) if same(&old, d, *kind) => {}
                    Some(old) => {
                        update(tx, old.id, d, *kind)?;
                    }
                }
            }
            Ok(())
        })?;
        report.saved = true;
        Ok(report)
    }
}

fn same(old: &CommunityService, d: &ServiceDetails, kind: ServiceKind) -> bool {
    old.name == d.name
        && old.kind == kind
        && old.area == d.area
        && old.address == d.address
        && old.phone == d.phone
        && old.email == d.email
        && old.website == d.website
        && old.meeting_times == d.meeting_times
        && old.notes == d.notes
        && old.active == d.active
}

type ImportRow = (u32, std::result::Result<ServiceDetails, RowProblem>);

/// The rows of the file as details, each with its row number (the header is row 1). The file
/// is read as every import reads one (`exchange::read_sheet`: CSV in UTF-8 with `,` `;` or tab,
/// or an `.xlsx` workbook's first sheet; size limits; the sheet's own row numbers), and a
/// formula or a spreadsheet error in a cell is refused rather than stored, as everywhere else.
fn read_rows(bytes: &[u8]) -> Result<Vec<ImportRow>> {
    let sheet = read_sheet(bytes)?;
    let header: Vec<String> = sheet.headers.iter().map(|h| h.trim().to_lowercase().replace('_', " ")).collect();
    let column = |name: &str| header.iter().position(|h| h == name);
    for required in ["name", "kind", "area"] {
        if column(required).is_none() {
            return Err(Error::invalid("header", format!("has no '{required}' column; the columns are: {}", IMPORT_COLUMNS.join(", "))));
        }
    }
    if let Some(unknown) = header.iter().find(|h| !h.is_empty() && !IMPORT_COLUMNS.contains(&h.as_str())) {
        return Err(Error::invalid(
            "header",
            format!("'{unknown}' is not a column this import knows; the columns are: {}", IMPORT_COLUMNS.join(", ")),
        ));
    }
    let mut out = Vec::new();
    for record in &sheet.rows {
        let row = record.number;
        let unusable = IMPORT_COLUMNS.iter().find_map(|name| {
            let cell = column(name).and_then(|i| record.cell(i))?;
            if cells::formula(cell) {
                Some(RowProblem { row, column: name.to_string(), problem: cells::formula_problem(cell) })
            } else if cells::spreadsheet_error(cell) {
                Some(RowProblem { row, column: name.to_string(), problem: format!("is a spreadsheet error ({cell}); correct the sheet") })
            } else {
                None
            }
        });
        if let Some(problem) = unusable {
            out.push((row, Err(problem)));
            continue;
        }
        let field = |name: &str| column(name).and_then(|i| record.cells.get(i)).map(|c| c.to_string());
        let kind_raw = field("kind").unwrap_or_default();
        let kind = match kind_raw.trim() {
            "" => None,
            raw => match raw
                .parse::<ServiceKind>()
                .ok()
                .or_else(|| ServiceKind::ALL.iter().copied().find(|k| crate::text::fold(k.label()) == crate::text::fold(raw)))
            {
                Some(k) => Some(k),
                None => {
                    let problem = format!("'{raw}' is not a kind of service; one of: {}", ServiceKind::codes());
                    out.push((row, Err(RowProblem { row, column: "kind".into(), problem })));
                    continue;
                }
            },
        };
        out.push((
            row,
            Ok(ServiceDetails {
                name: field("name").unwrap_or_default(),
                kind,
                area: field("area").unwrap_or_default(),
                address: field("address"),
                phone: field("phone"),
                email: field("email"),
                website: field("website"),
                meeting_times: field("meeting times"),
                notes: field("notes"),
                active: true,
            }),
        ));
    }
    Ok(out)
}
