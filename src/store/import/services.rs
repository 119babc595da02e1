//! Community services from a spreadsheet: the directory every establishment shares, matched on
//! name and area (case and accents aside), so a file sent round again updates rather than
//! duplicates. A column left out of the file keeps what is held, and so does "no longer running",
//! which only a person marks.

use super::{differs, show_text, Columns, Plan, RowCheck};
use crate::error::{Error, Result};
use crate::exchange::{cells, Sheet};
use crate::model::*;
use crate::store::services;
use rusqlite::Connection;
use std::collections::HashMap;

pub(crate) enum Op {
    Add(ServiceDetails, ServiceKind),
    Edit(ServiceId, ServiceDetails, ServiceKind),
}

pub(super) fn plan(conn: &Connection, sheet: &Sheet, cols: &Columns<'_>) -> Result<Plan<Op>> {
    let mut plan = Plan::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    for row in &sheet.rows {
        let mut check = RowCheck::new(cols, row);
        let kind =
            check.parse_required("kind", |f, raw| cells::one_of(f, raw, ServiceKind::ALL, ServiceKind::code, ServiceKind::label, &[]));
        let cell = |key: &str| check.text(key).map(str::to_string);
        let raw = ServiceDetails {
            name: cell("name").unwrap_or_default(),
            // A kind the row lacks is already noted against its column; the placeholder only
            // lets the other cells be checked too.
            kind: Some(kind.unwrap_or(ServiceKind::Other)),
            area: cell("area").unwrap_or_default(),
            address: cell("address"),
            phone: cell("phone"),
            email: cell("email"),
            website: cell("website"),
            meeting_times: cell("meeting_times"),
            notes: cell("notes"),
            active: true,
        };
        let details = match raw.checked() {
            Ok((d, _)) => Some(d),
            Err(problems) => {
                for e in problems {
                    // A formula or an error cell is already noted; "is empty" would repeat it.
                    if !matches!(&e, Error::Invalid { field, .. } if check.noted(field)) {
                        check.error(e)?;
                    }
                }
                None
            }
        };
        let (Some(kind), Some(d)) = (kind, details) else {
            plan.accept(check);
            continue;
        };
        let key = ServiceDetails::match_key(&d.name, &d.area);
        if let Some(first) = seen.insert(key.clone(), row.number) {
            check.problem("name", format!("'{}' in {} is also on row {first}", d.name, d.area));
        }
        if !plan.accept(check) {
            continue;
        }
        match services::by_match_key(conn, &key)? {
            None => {
                plan.added += 1;
                plan.ops.push(Op::Add(d, kind));
            }
            Some(old) => {
                let d = kept(&old, d, cols);
                let mut changes = Vec::new();
                differs(&mut changes, "Service name", &old.name, &d.name, String::clone);
                differs(&mut changes, "Kind of service", &old.kind, &kind, |k| k.label().to_string());
                differs(&mut changes, "Area", &old.area, &d.area, String::clone);
                differs(&mut changes, "Address", &old.address, &d.address, show_text);
                differs(&mut changes, "Phone", &old.phone, &d.phone, show_text);
                differs(&mut changes, "Email", &old.email, &d.email, show_text);
                differs(&mut changes, "Website", &old.website, &d.website, show_text);
                differs(&mut changes, "Meeting times", &old.meeting_times, &d.meeting_times, show_text);
                differs(&mut changes, "Notes", &old.notes, &d.notes, show_text);
                if changes.is_empty() {
                    plan.unchanged += 1;
                } else {
                    plan.change(row.number, d.name.clone(), changes);
                    plan.ops.push(Op::Edit(old.id, d, kind));
                }
            }
        }
    }
    Ok(plan)
}

/// The row's details, with what the file does not say kept from the service held.
fn kept(old: &CommunityService, d: ServiceDetails, cols: &Columns<'_>) -> ServiceDetails {
    let or_held = |key: &str, new: Option<String>, held: &Option<String>| if cols.has(key) { new } else { held.clone() };
    ServiceDetails {
        address: or_held("address", d.address, &old.address),
        phone: or_held("phone", d.phone, &old.phone),
        email: or_held("email", d.email, &old.email),
        website: or_held("website", d.website, &old.website),
        meeting_times: or_held("meeting_times", d.meeting_times, &old.meeting_times),
        notes: or_held("notes", d.notes, &old.notes),
        active: old.active,
        ..d
    }
}

pub(super) fn apply(tx: &Connection, ops: Vec<Op>) -> Result<()> {
    for op in ops {
        match op {
            Op::Add(d, kind) => {
                services::insert(tx, &d, kind)?;
            }
            Op::Edit(id, d, kind) => {
                services::update(tx, id, &d, kind)?;
            }
        }
    }
    Ok(())
}
