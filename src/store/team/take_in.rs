//! "Take in changes": a change file checked whole, then applied in one transaction with its
//! audit row. For each row, the later version by the team's clock wins (so a file taken in twice,
//! or an older file after a newer one, changes nothing); a mark changed on two PCs without sight
//! of each other waits for a person to choose; a record made on two PCs for one thing becomes
//! one (the older id kept); an erasure always wins over the erased person's details.

use super::known::{self, uuid_of};
use super::send::{cell, columns_sent};
use super::tables::{travelling, Travelling, TRAVELLING};
use super::ThisPc;
use crate::actor::{Act, Actor};
use crate::change_file::{self, Cell, Changes, Manifest, Refusal, RowChange};
use crate::error::{Error, Result};
use crate::model::ParticipantId;
use crate::rules::clock::Stamp;
use crate::store::Action;
use crate::store::{Audited, Record, Store, SCHEMA_VERSION};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use uuid::Uuid;

/// The largest change file taken in (a year of a busy establishment is a few MB).
const MAX_FILE: usize = 512 << 20;

#[derive(Clone, Debug, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TakenIn {
    /// The PC that made the file.
    pub sender: String,
    /// Rows that changed here, by the PC where each change was made.
    pub from: Vec<TakenInFrom>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub changed: u64,
    /// Rows this PC already held as they are, or held a later version of.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub unchanged: u64,
    /// Marks made on two PCs without sight of each other, now waiting for a person to choose.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub conflicts: u64,
    /// Records made on two PCs for one thing (a person with the same prison number), now one.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub merged: u64,
    /// People erased on another PC, erased here too.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub erased: u64,
    /// Entries of the other PCs' audit trails new to this PC.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub audit_entries: u64,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TakenInFrom {
    pub pc: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub rows: u64,
}

impl Audited for TakenIn {
    fn record(&self) -> Record {
        Record::none().detail(format!(
            "{} changed, {} unchanged, {} conflicts, {} merged, {} erased",
            self.changed, self.unchanged, self.conflicts, self.merged, self.erased
        ))
    }
}

/// A mark as kept in a conflict: its columns, and the PC its version came from.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct StoredMark {
    row: BTreeMap<String, Cell>,
    pc: String,
}

impl Store {
    /// What taking the file in would do (counts by PC, conflicts it would raise), changing
    /// nothing: the same work as `take_in_changes`, rolled back.
    pub fn preview_changes(&mut self, actor: &Actor, path: &Path) -> Result<TakenIn> {
        actor.require(Act::WriteRecords)?;
        let (manifest, changes) = self.open_change_file(path)?;
        let now = self.clock_now();
        let tx = self.conn.transaction()?;
        let out = apply(&tx, &manifest, &changes, now)?;
        tx.rollback()?;
        Ok(out)
    }

    /// Takes a change file in: checked whole first, then applied in one transaction with its
    /// audit row; anything wrong and nothing of it is kept.
    pub fn take_in_changes(&mut self, actor: &Actor, path: &Path) -> Result<TakenIn> {
        actor.require(Act::WriteRecords)?;
        let (manifest, changes) = self.open_change_file(path)?;
        let now = self.clock_now();
        let out = self.write(actor, Action::TakeInChanges, |tx| apply(tx, &manifest, &changes, now))?;
        if out.erased > 0 {
            // As after an erasure made here: no page of the file keeps what was erased.
            self.wipe_after_restore();
        }
        // The changes are in; a new key the file carries is taken after, in its own re-key.
        self.follow_team_key(actor, manifest.device, &manifest.key_fingerprint, changes.new_key.as_ref()).map_err(|e| {
            Error::invalid(
                "database key",
                format!("the changes were taken in, but the team's new key was not ({e}); take the file in again"),
            )
        })?;
        Ok(out)
    }

    fn open_change_file(&self, path: &Path) -> Result<(Manifest, Changes)> {
        let bytes = crate::files::read_bounded(path, MAX_FILE)?;
        let unopened = change_file::read_manifest(&bytes).map_err(Error::TeamFile)?;
        let manifest = &unopened.manifest;
        let me = ThisPc::required(&self.conn)?;
        if manifest.team != me.team {
            return Err(Error::TeamFile(Refusal::OtherTeam));
        }
        if manifest.schema > SCHEMA_VERSION {
            return Err(Error::TeamFile(Refusal::NewerSchema {
                schema: manifest.schema,
                supported: SCHEMA_VERSION,
                app_version: manifest.app_version.clone(),
            }));
        }
        if manifest.device == me.device {
            return Err(Error::TeamFile(Refusal::FromThisPc));
        }
        let sender: Option<(Vec<u8>, bool)> = self
            .conn
            .query_row(
                "SELECT public_key, retired_on IS NOT NULL FROM team_pc WHERE id = ?1",
                [manifest.device.as_bytes().as_slice()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let name = manifest.device_name.clone();
        let keys = self.opening_keys(&me)?;
        let unseal = || -> std::result::Result<Changes, Refusal> {
            let mut last = Refusal::Tampered;
            for key in &keys {
                match unopened.unseal(key) {
                    Ok(changes) => return Ok(changes),
                    Err(e) => last = e,
                }
            }
            Err(last)
        };
        let changes = match sender {
            Some((_, true)) => return Err(Error::TeamFile(Refusal::RetiredPc { name })),
            Some((public_key, false)) => {
                let public_key: [u8; 32] = public_key.try_into().map_err(|_| Error::TeamFile(Refusal::Tampered))?;
                unopened.verify(&public_key).map_err(Error::TeamFile)?;
                unseal().map_err(Error::TeamFile)?
            }
            // A PC added to the team after this one, whose file arrives before the file of the
            // PC that added it: sealed with the team's key, and carrying its own entry as the
            // PC that added it made it, with the key its signature must match.
            None => {
                let unknown = || Error::TeamFile(Refusal::UnknownPc { name: name.clone() });
                let changes = unseal().map_err(|_| unknown())?;
                let public_key = self.introduced(&changes, manifest.device)?.ok_or_else(unknown)?;
                unopened.verify(&public_key).map_err(Error::TeamFile)?;
                changes
            }
        };
        Ok((unopened.manifest, changes))
    }

    /// The verifying key of `pc` from its team entry in `changes`, if a PC this one knows (and
    /// has not retired) added it.
    fn introduced(&self, changes: &Changes, pc: Uuid) -> Result<Option<[u8; 32]>> {
        let Some(table) = changes.tables.iter().find(|t| t.table == "team_pc") else { return Ok(None) };
        let (Some(id_at), Some(key_at)) =
            (table.columns.iter().position(|c| c == "id"), table.columns.iter().position(|c| c == "public_key"))
        else {
            return Ok(None);
        };
        for row in &table.rows {
            let Some(values) = &row.values else { continue };
            if values.get(id_at) != Some(&Cell::Blob(pc.as_bytes().to_vec())) {
                continue;
            }
            let adder_known: bool = self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM team_pc WHERE id = ?1 AND retired_on IS NULL)",
                [row.device.as_bytes().as_slice()],
                |r| r.get(0),
            )?;
            if let (true, Some(Cell::Blob(key))) = (adder_known, values.get(key_at)) {
                return Ok(<[u8; 32]>::try_from(key.as_slice()).ok());
            }
        }
        Ok(None)
    }
}

struct Version {
    stamp: String,
    device: Uuid,
    seq: i64,
}

fn apply(tx: &Connection, manifest: &Manifest, changes: &Changes, now: chrono::DateTime<chrono::Utc>) -> Result<TakenIn> {
    // Rows arrive table by table; a child may name a parent merged or renamed later in the file.
    tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    let me = ThisPc::required(tx)?;
    let holds: HashMap<Uuid, i64> = manifest.holds.iter().map(|h| (h.origin, h.seq)).collect();
    let names = pc_names(tx)?;
    let mut out = TakenIn { sender: manifest.device_name.clone(), ..TakenIn::default() };
    let mut by_origin: BTreeMap<Uuid, u64> = BTreeMap::new();
    let mut people = BTreeSet::new();
    let mut latest = me.clock;
    let ctx = Context { holds: &holds, names: &names, sender: manifest.device };

    let mut written: Vec<(&Travelling, Vec<Cell>)> = Vec::new();
    let mut buried: Vec<(&Travelling, Vec<Cell>)> = Vec::new();
    let mut tables: Vec<(&Travelling, &change_file::TableChanges)> = Vec::new();
    for table in &changes.tables {
        let t = travelling(&table.table)
            .ok_or_else(|| Error::invalid("change file", format!("it holds a table this version does not know ({})", table.table)))?;
        tables.push((t, table));
    }
    tables.sort_by_key(|(t, _)| TRAVELLING.iter().position(|x| x.name == t.name));

    for (t, table) in &tables {
        let local_columns = columns_sent(tx, t)?;
        if let Some(unknown) = table.columns.iter().find(|c| !local_columns.contains(c)) {
            return Err(Error::invalid("change file", format!("it holds a column this version does not know ({}.{unknown})", t.name)));
        }
        let fks = foreign_keys(tx, t.name)?;
        for row in table.rows.iter().filter(|r| r.values.is_some()) {
            if let Some(s) = Stamp::parse(&row.stamp) {
                latest = latest.max(s);
            }
            if let Some(key) = upsert(tx, &ctx, t, &table.columns, &fks, row, &mut out, &mut people)? {
                *by_origin.entry(row.device).or_default() += 1;
                written.push((*t, key));
            }
        }
    }
    // Graves last, children before parents.
    for (t, table) in tables.iter().rev() {
        for row in table.rows.iter().filter(|r| r.values.is_none()) {
            if let Some(s) = Stamp::parse(&row.stamp) {
                latest = latest.max(s);
            }
            // Not through `merged_id`: the grave of an id merged away (left by the merge on the
            // PC that sent it) must not bury the record it was merged into.
            let key = row.key.clone();
            if version(tx, t.name, &key)?.is_some_and(|l| l.stamp >= row.stamp) {
                out.unchanged += 1;
                continue;
            }
            tx.execute(&format!("DELETE FROM {} WHERE {}", t.name, key_condition(t)), params_from_iter(key.iter().map(value_of)))?;
            set_version(tx, t.name, &key, row)?;
            buried.push((*t, key));
            out.changed += 1;
            *by_origin.entry(row.device).or_default() += 1;
        }
    }
    for id in people {
        crate::store::participants::reindex(tx, id)?;
    }
    // Checked here rather than at the commit (which checks too), so the refusal can say what is
    // missing; row by row through the keys' indexes, so the cost follows the file, not the
    // database.
    if let Some((table, parent)) = missing_parent(tx, &written, &buried)? {
        return Err(Error::invalid(
            "change file",
            format!("it has {table} rows whose {parent} this PC does not hold; nothing was taken in: take in the other PCs' files first"),
        ));
    }
    out.audit_entries = super::trails::take_in(tx, &me, manifest.device, &changes.audit, &manifest.audit_holds, &manifest.audit_starts)?;
    // Whatever this act itself changes (a merge, a conflict, an erasure kept) is later than
    // everything it saw.
    tx.execute("UPDATE this_pc SET clock = ?1", [Stamp::after_seeing(Some(me.clock), latest).key()])?;
    for h in &manifest.holds {
        known::raise(tx, manifest.device, h.origin, h.seq)?;
        known::raise(tx, me.device, h.origin, h.seq)?;
    }
    tx.execute(
        "INSERT INTO team_file_seen (member, made_at, taken_in_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (member) DO UPDATE SET made_at = max(made_at, excluded.made_at), taken_in_at = excluded.taken_in_at",
        params![
            manifest.device.as_bytes().as_slice(),
            manifest.made_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
        ],
    )?;
    out.from = by_origin
        .into_iter()
        .map(|(origin, rows)| TakenInFrom { pc: names.get(&origin).cloned().unwrap_or_else(|| "a PC not yet known".into()), rows })
        .collect();
    Ok(out)
}

/// The first row written whose parent is not held here, or row buried whose children still are:
/// (table, what is missing or still referred to).
fn missing_parent(
    tx: &Connection,
    written: &[(&Travelling, Vec<Cell>)],
    buried: &[(&Travelling, Vec<Cell>)],
) -> Result<Option<(String, String)>> {
    for (t, key) in written {
        let fks: Vec<(String, String, Option<String>)> = tx
            .prepare_cached("SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?1)")?
            .query_map([t.name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (column, parent, parent_column) in fks {
            let parent_column = parent_column.unwrap_or_else(|| "id".into());
            let sql = format!(
                "SELECT EXISTS (SELECT 1 FROM {} c WHERE {} AND c.{column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.{parent_column} = c.{column}))",
                t.name,
                t.key.iter().enumerate().map(|(i, k)| format!("c.{k} = ?{}", i + 1)).collect::<Vec<_>>().join(" AND ")
            );
            let orphan: bool = tx.prepare_cached(&sql)?.query_row(params_from_iter(key.iter().map(value_of)), |r| r.get(0))?;
            if orphan {
                return Ok(Some((t.name.to_string(), parent)));
            }
        }
    }
    for (t, key) in buried {
        if t.key != ["id"] {
            continue;
        }
        let children: Vec<(String, String)> = tx
            .prepare_cached(
                "SELECT m.name, f.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f
                 WHERE m.type = 'table' AND f.\"table\" = ?1",
            )?
            .query_map([t.name], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (child, column) in children {
            let referred: bool = tx
                .prepare_cached(&format!("SELECT EXISTS (SELECT 1 FROM {child} WHERE {column} = ?1)"))?
                .query_row([value_of(&key[0])], |r| r.get(0))?;
            if referred {
                return Ok(Some((child, t.name.to_string())));
            }
        }
    }
    Ok(None)
}

struct Context<'a> {
    holds: &'a HashMap<Uuid, i64>,
    names: &'a HashMap<Uuid, String>,
    sender: Uuid,
}

impl Context<'_> {
    /// Whether the sender made its version without having seen `local` (so neither PC saw the
    /// other's change: a conflict, if they differ).
    fn concurrent(&self, local: &Version) -> bool {
        local.device != self.sender && self.holds.get(&local.device).copied().unwrap_or(0) < local.seq
    }
}

/// Applies one row's version if it is later than the one held. Returns the key it changed, if it
/// changed anything.
#[allow(clippy::too_many_arguments)]
fn upsert(
    tx: &Connection,
    ctx: &Context<'_>,
    t: &Travelling,
    columns: &[String],
    fks: &[(String, &'static Travelling)],
    row: &RowChange,
    out: &mut TakenIn,
    people: &mut BTreeSet<ParticipantId>,
) -> Result<Option<Vec<Cell>>> {
    let own = mapped_key(tx, t, &row.key)?;
    let mut values: Vec<Cell> = row.values.clone().unwrap_or_default();
    for (i, column) in columns.iter().enumerate() {
        if let Some((_, parent)) = fks.iter().find(|(c, _)| c == column) {
            values[i] = mapped(tx, parent.name, &values[i])?;
        }
        if t.key == ["id"] && column == "id" {
            values[i] = own[0].clone();
        }
    }
    // The row's key once every id in it merged into another is replaced by the one kept.
    let key: Vec<Cell> = t
        .key
        .iter()
        .map(|k| columns.iter().position(|c| c == k).map(|i| values[i].clone()))
        .collect::<Option<_>>()
        .ok_or_else(|| Error::invalid("change file", format!("{} arrived without its key", t.name)))?;
    if key != row.key {
        return upsert_moved(tx, t, columns, &key, &values, row, out);
    }
    let local = version(tx, t.name, &key)?;
    let held = current_row(tx, t, columns, &key)?;
    let incoming_later = local.as_ref().is_none_or(|l| l.stamp < row.stamp);
    if t.name == "attendance" {
        if let (Some(l), Some(held)) = (&local, &held) {
            if ctx.concurrent(l) && marks_differ(columns, held, &values) {
                let (kept, other, other_pc) = if incoming_later { (&values, held, l.device) } else { (held, &values, row.device) };
                raise_conflict(tx, ctx, columns, kept, other, if incoming_later { row.device } else { l.device }, other_pc)?;
                out.conflicts += 1;
            }
        }
    }
    if !incoming_later {
        out.unchanged += 1;
        return Ok(None);
    }
    if t.name == "participant" {
        let erased_at = columns.iter().position(|c| c == "erased_on");
        let erased_here = erased_at.and_then(|i| held.as_ref().map(|h| h[i] != Cell::Null)).unwrap_or(false);
        let erased_there = erased_at.is_some_and(|i| values[i] != Cell::Null);
        if erased_here && !erased_there {
            // An erasure is never undone by an edit made without sight of it: the erased row is
            // touched, so it travels again, later than this edit.
            tx.execute("UPDATE participant SET erased_on = erased_on WHERE id = ?1", [value_of(&key[0])])?;
            set_version(tx, t.name, &key, row)?;
            out.unchanged += 1;
            return Ok(None);
        }
        if erased_there && !erased_here && held.is_some() {
            out.erased += 1;
        }
    }
    if held.as_ref() == Some(&values) {
        set_version(tx, t.name, &key, row)?;
        forget_pending(tx, t.name, &key)?;
        out.unchanged += 1;
        return Ok(None);
    }
    match write_row(tx, t, columns, &values) {
        Ok(()) => {}
        Err(e) if is_unique_violation(&e) && !t.same_thing.is_empty() => match merge(tx, t, columns, &values)? {
            Merge::KeptHere => {
                fill_gaps(tx, t, columns, &values)?;
                set_version(tx, t.name, &key, row)?;
                forget_pending(tx, t.name, &key)?;
                out.merged += 1;
                return Ok(Some(key));
            }
            Merge::Renamed => {
                out.merged += 1;
                let mut values = values.clone();
                if let Some(held) = current_row(tx, t, columns, &key)? {
                    for ((c, v), h) in columns.iter().zip(values.iter_mut()).zip(held) {
                        if *v == Cell::Null && gap(t, c) {
                            *v = h;
                        }
                    }
                }
                write_row(tx, t, columns, &values)?;
            }
        },
        Err(e) => return Err(e.into()),
    }
    set_version(tx, t.name, &key, row)?;
    forget_pending(tx, t.name, &key)?;
    if t.name == "participant" {
        if let Cell::Blob(b) = &key[0] {
            people.insert(ParticipantId(uuid_of(b.clone())));
        }
    }
    out.changed += 1;
    Ok(Some(key))
}

/// A row made under an id since merged into another (a mark of the person added twice, arriving
/// from a PC that has not yet heard of the merge). Its version is the sending PC's for the id it
/// was made under, never for the kept record's: so the row is applied as this PC's own change
/// (stamped by this act, and sent on as such), and the version is kept under the old key so
/// the same row arriving again changes nothing.
fn upsert_moved(
    tx: &Connection,
    t: &Travelling,
    columns: &[String],
    key: &[Cell],
    values: &[Cell],
    row: &RowChange,
    out: &mut TakenIn,
) -> Result<Option<Vec<Cell>>> {
    let seen = version(tx, t.name, &row.key)?.is_some_and(|l| l.stamp >= row.stamp);
    let kept_later = version(tx, t.name, key)?.is_some_and(|l| l.stamp >= row.stamp);
    set_version(tx, t.name, &row.key, row)?;
    if seen || kept_later || current_row(tx, t, columns, key)?.as_deref() == Some(values) {
        out.unchanged += 1;
        return Ok(None);
    }
    if t.name == "participant" {
        fill_gaps(tx, t, columns, values)?;
    } else {
        write_row(tx, t, columns, values)?;
    }
    out.changed += 1;
    Ok(Some(key.to_vec()))
}

fn write_row(tx: &Connection, t: &Travelling, columns: &[String], values: &[Cell]) -> rusqlite::Result<()> {
    let updates: Vec<String> = columns.iter().filter(|c| !t.key.contains(&c.as_str())).map(|c| format!("{c} = excluded.{c}")).collect();
    let on_conflict = if updates.is_empty() { "DO NOTHING".to_string() } else { format!("DO UPDATE SET {}", updates.join(", ")) };
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT ({}) {on_conflict}",
        t.name,
        columns.join(", "),
        crate::store::rows::placeholders(columns.len(), 1),
        t.key.join(", "),
    );
    tx.prepare_cached(&sql)?.execute(params_from_iter(values.iter().map(value_of)))?;
    Ok(())
}

enum Merge {
    /// The record here is the older: the arriving id now points to it.
    KeptHere,
    /// The arriving record is the older: the one here took its id (with everything under it).
    Renamed,
}

/// Two records for one thing (the same prison number at one establishment, the same session of
/// a group): the older id is kept, the other points to it, and whatever refers to the younger
/// is moved to the older. Fields the older lacks are filled from the younger, so nothing is lost.
fn merge(tx: &Connection, t: &Travelling, columns: &[String], values: &[Cell]) -> Result<Merge> {
    let at = |name: &str| columns.iter().position(|c| c == name);
    let id_at = at("id").ok_or_else(|| Error::invalid("change file", format!("{} arrived without its id", t.name)))?;
    let arriving = values[id_at].clone();
    let condition = t.same_thing.iter().enumerate().map(|(i, c)| format!("{c} IS ?{}", i + 1)).collect::<Vec<_>>().join(" AND ");
    let mut same = Vec::new();
    for c in t.same_thing {
        let i = at(c).ok_or_else(|| Error::invalid("change file", format!("{}.{c} is missing", t.name)))?;
        same.push(value_of(&values[i]));
    }
    let here: Value = tx
        .query_row(&format!("SELECT id FROM {} WHERE {condition}", t.name), params_from_iter(same), |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::conflict(t.name, "a record arrived that clashes with one held here in a way that cannot be merged"))?;
    let here = match here {
        Value::Blob(b) => Cell::Blob(b),
        _ => return Err(Error::invalid("change file", format!("{} has an id that is not a UUID", t.name))),
    };
    let (Cell::Blob(a), Cell::Blob(h)) = (&arriving, &here) else {
        return Err(Error::invalid("change file", format!("{} has an id that is not a UUID", t.name)));
    };
    // UUIDv7 ids sort by when they were made: the smaller is the older.
    if h < a {
        point(tx, t.name, a, h)?;
        return Ok(Merge::KeptHere);
    }
    point(tx, t.name, h, a)?;
    tx.execute(&format!("UPDATE {} SET id = ?1 WHERE id = ?2", t.name), params![a, h])?;
    move_children(tx, t.name, h, a)?;
    Ok(Merge::Renamed)
}

/// The record kept here takes what only the arriving one knew (a date of birth recorded on the
/// other PC): nothing is lost by the merge.
fn fill_gaps(tx: &Connection, t: &Travelling, columns: &[String], arriving: &[Cell]) -> Result<()> {
    let id_at = columns.iter().position(|c| c == "id").expect("merged records have ids");
    let kept = mapped(tx, t.name, &arriving[id_at])?;
    for (c, v) in columns.iter().zip(arriving) {
        if gap(t, c) && *v != Cell::Null {
            tx.execute(&format!("UPDATE {} SET {c} = ?1 WHERE id = ?2 AND {c} IS NULL", t.name), params![value_of(v), value_of(&kept)])?;
        }
    }
    Ok(())
}

/// A detail of a person that one PC may have recorded and the other not; the rest of a merged
/// record (a session's status and its reason, a person's custody) is taken whole from one side.
fn gap(t: &Travelling, column: &str) -> bool {
    t.name == "participant" && matches!(column, "date_of_birth" | "location" | "expected_liberation" | "printed_name")
}

fn point(tx: &Connection, table: &str, from: &[u8], to: &[u8]) -> Result<()> {
    tx.execute("INSERT OR REPLACE INTO merged_id (tbl, from_id, to_id) VALUES (?1, ?2, ?3)", params![table, from, to])?;
    tx.execute("UPDATE merged_id SET to_id = ?3 WHERE tbl = ?1 AND to_id = ?2", params![table, from, to])?;
    Ok(())
}

/// Everything that refers to `from` now refers to `to`. A row that would then repeat one already
/// under `to` (both PCs marked the person at the same session) is a conflict for marks, and
/// otherwise the one under `to` stands.
fn move_children(tx: &Connection, parent: &str, from: &[u8], to: &[u8]) -> Result<()> {
    let tables: Vec<String> = tx
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for child in tables {
        let columns: Vec<String> = tx
            .prepare(&format!("SELECT \"from\" FROM pragma_foreign_key_list('{child}') WHERE \"table\" = ?1"))?
            .query_map([parent], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for column in columns {
            tx.execute(&format!("UPDATE OR IGNORE {child} SET {column} = ?1 WHERE {column} = ?2"), params![to, from])?;
            if child == "attendance" {
                move_clashing_marks(tx, column.as_str(), from, to)?;
            }
            tx.execute(&format!("DELETE FROM {child} WHERE {column} = ?1"), params![from])?;
        }
    }
    Ok(())
}

fn move_clashing_marks(tx: &Connection, column: &str, from: &[u8], to: &[u8]) -> Result<()> {
    let t = travelling("attendance").expect("attendance travels");
    let columns = columns_sent(tx, t)?;
    let other_column = if column == "session_id" { "participant_id" } else { "session_id" };
    let mut stmt = tx.prepare(&format!("SELECT {other_column} FROM attendance WHERE {column} = ?1"))?;
    let others: Vec<Vec<u8>> = stmt.query_map([from], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    for other in others {
        let key_of = |id: &[u8]| {
            if column == "session_id" {
                vec![Cell::Blob(id.to_vec()), Cell::Blob(other.clone())]
            } else {
                vec![Cell::Blob(other.clone()), Cell::Blob(id.to_vec())]
            }
        };
        let (Some(moving), Some(mut kept)) = (current_row(tx, t, &columns, &key_of(from))?, current_row(tx, t, &columns, &key_of(to))?)
        else {
            continue;
        };
        if marks_differ(&columns, &kept, &moving) {
            let mut moved = moving.clone();
            let i = columns.iter().position(|c| c == column).expect("the key column");
            moved[i] = Cell::Blob(to.to_vec());
            kept[i] = Cell::Blob(to.to_vec());
            let names = HashMap::new();
            let ctx = Context { holds: &HashMap::new(), names: &names, sender: Uuid::nil() };
            raise_conflict(tx, &ctx, &columns, &kept, &moved, Uuid::nil(), Uuid::nil())?;
        }
    }
    Ok(())
}

fn raise_conflict(
    tx: &Connection,
    ctx: &Context<'_>,
    columns: &[String],
    kept: &[Cell],
    other: &[Cell],
    kept_pc: Uuid,
    other_pc: Uuid,
) -> Result<()> {
    let stored = |values: &[Cell], pc: Uuid| StoredMark {
        row: columns.iter().cloned().zip(values.iter().cloned()).collect(),
        pc: ctx.names.get(&pc).cloned().unwrap_or_else(|| "another PC".into()),
    };
    let at = |name: &str| columns.iter().position(|c| c == name).expect("attendance's key");
    tx.execute(
        "INSERT OR REPLACE INTO mark_conflict (session_id, participant_id, kept, other, raised_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            value_of(&kept[at("session_id")]),
            value_of(&kept[at("participant_id")]),
            serde_json::to_string(&stored(kept, kept_pc)).expect("plain data"),
            serde_json::to_string(&stored(other, other_pc)).expect("plain data"),
            crate::store::now_utc()
        ],
    )?;
    Ok(())
}

/// The version of a mark a person chose over the one kept.
pub(super) fn restore_mark(tx: &Connection, stored: &str) -> Result<()> {
    let stored: StoredMark = serde_json::from_str(stored).map_err(|e| Error::invalid("conflict", e.to_string()))?;
    let t = travelling("attendance").expect("attendance travels");
    let here = columns_sent(tx, t)?;
    let (columns, values): (Vec<String>, Vec<Cell>) = stored.row.into_iter().filter(|(c, _)| here.contains(c)).unzip();
    write_row(tx, t, &columns, &values)?;
    Ok(())
}

/// The versions of a person's marks waiting for a choice (their full record holds them too).
pub(crate) fn marks_waiting_choice(conn: &Connection, person: ParticipantId) -> Result<Vec<crate::views::HeldAttendance>> {
    let mut stmt = conn.prepare(
        "SELECT c.other, se.held_on, g.name FROM mark_conflict c JOIN session se ON se.id = c.session_id
         JOIN recovery_group g ON g.id = se.group_id WHERE c.participant_id = ?1",
    )?;
    let rows = stmt.query_map([person], |r| Ok((r.get::<_, String>(0)?, crate::store::rows::date(r, 1)?, r.get::<_, String>(2)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (other, held_on, group) = row?;
        let version = describe_mark(conn, &other)?;
        let stored: StoredMark = serde_json::from_str(&other).map_err(|e| Error::invalid("conflict", e.to_string()))?;
        let reason = match stored.row.get("absence_reason") {
            Some(Cell::Text(code)) => crate::model::AbsenceReason::from_code(code),
            _ => None,
        };
        out.push(crate::views::HeldAttendance {
            held_on,
            group,
            mark: crate::model::MarkKind::from_code(&version.mark).unwrap_or(crate::model::MarkKind::Absent),
            absence_reason: reason,
            note: version.note,
            recorded_at: match stored.row.get("recorded_at") {
                Some(Cell::Text(t)) => t.clone(),
                _ => String::new(),
            },
            recorded_by: version.recorded_by,
            waiting_choice: true,
        });
    }
    Ok(out)
}

/// A conflict's version in words, for the person choosing.
pub(super) fn describe_mark(conn: &Connection, stored: &str) -> Result<super::MarkVersion> {
    let stored: StoredMark = serde_json::from_str(stored).map_err(|e| Error::invalid("conflict", e.to_string()))?;
    let text = |name: &str| match stored.row.get(name) {
        Some(Cell::Text(t)) => Some(t.clone()),
        _ => None,
    };
    let recorded_by = match stored.row.get("recorded_by") {
        Some(Cell::Blob(id)) => {
            conn.query_row("SELECT display_name FROM staff WHERE id = ?1", [id], |r| r.get::<_, String>(0)).optional()?.unwrap_or_default()
        }
        _ => String::new(),
    };
    Ok(super::MarkVersion {
        mark: text("mark").unwrap_or_default(),
        reason: text("absence_reason"),
        note: text("note"),
        recorded_by,
        recorded_at: text("recorded_at").as_deref().map(crate::dates::display_moment).unwrap_or_default(),
        pc: stored.pc,
    })
}

/// Two marks differ for a person choosing: what was recorded, not who or when.
fn marks_differ(columns: &[String], a: &[Cell], b: &[Cell]) -> bool {
    columns.iter().zip(a.iter().zip(b)).any(|(c, (x, y))| !matches!(c.as_str(), "recorded_at" | "recorded_by") && x != y)
}

fn current_row(tx: &Connection, t: &Travelling, columns: &[String], key: &[Cell]) -> Result<Option<Vec<Cell>>> {
    let sql = format!("SELECT {} FROM {} WHERE {}", columns.join(", "), t.name, key_condition(t));
    let mut stmt = tx.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(key.iter().map(value_of)))?;
    Ok(match rows.next()? {
        Some(r) => Some((0..columns.len()).map(|i| r.get_ref(i).map(cell)).collect::<rusqlite::Result<_>>()?),
        None => None,
    })
}

fn key_condition(t: &Travelling) -> String {
    t.key.iter().enumerate().map(|(i, k)| format!("{k} = ?{}", i + 1)).collect::<Vec<_>>().join(" AND ")
}

/// The row's key, with an id merged into another replaced by the one kept.
fn mapped_key(tx: &Connection, t: &Travelling, key: &[Cell]) -> Result<Vec<Cell>> {
    if t.key == ["id"] && !t.same_thing.is_empty() {
        Ok(vec![mapped(tx, t.name, &key[0])?])
    } else {
        Ok(key.to_vec())
    }
}

fn mapped(tx: &Connection, table: &str, id: &Cell) -> Result<Cell> {
    let Cell::Blob(bytes) = id else { return Ok(id.clone()) };
    let to: Option<Vec<u8>> = tx
        .prepare_cached("SELECT to_id FROM merged_id WHERE tbl = ?1 AND from_id = ?2")?
        .query_row(params![table, bytes], |r| r.get(0))
        .optional()?;
    Ok(to.map(Cell::Blob).unwrap_or_else(|| id.clone()))
}

/// The columns of `table` that refer to a record two PCs may each make (so may be merged).
fn foreign_keys(tx: &Connection, table: &str) -> Result<Vec<(String, &'static Travelling)>> {
    let mut stmt = tx.prepare(&format!("SELECT \"from\", \"table\" FROM pragma_foreign_key_list('{table}')"))?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (column, parent) = row?;
        if let Some(p) = travelling(&parent).filter(|p| !p.same_thing.is_empty()) {
            out.push((column, p));
        }
    }
    Ok(out)
}

fn version(tx: &Connection, table: &str, key: &[Cell]) -> Result<Option<Version>> {
    let (k1, k2) = key_pair(key);
    Ok(tx
        .prepare_cached("SELECT stamp, device, seq FROM row_version WHERE tbl = ?1 AND k1 = ?2 AND k2 = ?3")?
        .query_row(params![table, k1, k2], |r| Ok(Version { stamp: r.get(0)?, device: uuid_of(r.get(1)?), seq: r.get(2)? }))
        .optional()?)
}

fn set_version(tx: &Connection, table: &str, key: &[Cell], row: &RowChange) -> Result<()> {
    let (k1, k2) = key_pair(key);
    tx.prepare_cached(
        "INSERT INTO row_version (tbl, k1, k2, stamp, device, seq, deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (tbl, k1, k2) DO UPDATE SET
             stamp = excluded.stamp, device = excluded.device, seq = excluded.seq, deleted = excluded.deleted",
    )?
    .execute(params![table, k1, k2, row.stamp, row.device.as_bytes().as_slice(), row.seq, row.values.is_none()])?;
    Ok(())
}

/// The triggers noted the row just written as this act's change; it is the sender's, not ours.
fn forget_pending(tx: &Connection, table: &str, key: &[Cell]) -> Result<()> {
    let (k1, k2) = key_pair(key);
    tx.prepare_cached("DELETE FROM pending_change WHERE tbl = ?1 AND k1 = ?2 AND k2 = ?3")?.execute(params![table, k1, k2])?;
    Ok(())
}

fn key_pair(key: &[Cell]) -> (Value, Value) {
    (key.first().map(value_of).unwrap_or(Value::Null), key.get(1).map(value_of).unwrap_or(Value::Blob(Vec::new())))
}

fn pc_names(tx: &Connection) -> Result<HashMap<Uuid, String>> {
    let mut stmt = tx.prepare("SELECT id, name FROM team_pc")?;
    let rows = stmt.query_map([], |r| Ok((uuid_of(r.get(0)?), r.get::<_, String>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE)
}

pub(super) fn value_of(c: &Cell) -> Value {
    match c {
        Cell::Null => Value::Null,
        Cell::Int(i) => Value::Integer(*i),
        Cell::Real(r) => Value::Real(*r),
        Cell::Text(t) => Value::Text(t.clone()),
        Cell::Blob(b) => Value::Blob(b.clone()),
    }
}
