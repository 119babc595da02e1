use super::events::NOT_AN_EVENT;
use super::rows::{self, hhmm, iso, GROUP};
use super::{audit::Action, establishments, facilitators, now_utc, Store};
use crate::actor::{Act, Actor};
use crate::dates;
use crate::error::{Error, Result};
use crate::model::*;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, ToSql};

impl Store {
    pub fn add_group(&mut self, actor: &Actor, establishment_id: EstablishmentId, details: &GroupDetails) -> Result<Group> {
        actor.require(Act::WriteRecords)?;
        let details = details.normalised()?;
        self.write(actor, Action::AddGroup, |tx| {
            establishments::by_id(tx, establishment_id)?;
            insert(tx, establishment_id, &details)
        })
    }

    /// Replaces a group's details; refused if existing sessions would fall outside its dates.
    pub fn edit_group(&mut self, actor: &Actor, id: GroupId, details: &GroupDetails) -> Result<Group> {
        actor.require(Act::WriteRecords)?;
        let details = details.normalised()?;
        self.write(actor, Action::EditGroup, |tx| {
            super::events::refuse_if_event(tx, id, "it has no schedule or roster to edit")?;
            let before = get(tx, id)?;
            update(tx, &before, &details)?;
            get(tx, id)
        })
    }

    pub fn group(&self, actor: &Actor, id: GroupId) -> Result<Group> {
        actor.require(Act::ReadRecords)?;
        get(&self.conn, id)
    }

    /// A group by id, or by name (any case) within `establishment` when given.
    pub fn group_by_key(&self, actor: &Actor, key: &str, establishment: Option<EstablishmentId>) -> Result<Group> {
        actor.require(Act::ReadRecords)?;
        if let Ok(id) = key.parse::<GroupId>() {
            return get(&self.conn, id);
        }
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {GROUP} FROM recovery_group g WHERE g.name = ?1 COLLATE NOCASE AND (?2 IS NULL OR g.establishment_id = ?2)
                AND {NOT_AN_EVENT} LIMIT 2"
        ))?;
        let found: Vec<Group> =
            stmt.query_map(params![key.trim(), establishment], |r| rows::group(r, 0))?.collect::<rusqlite::Result<_>>()?;
        match found.len() {
            0 => Err(Error::not_found("group", key.trim())),
            1 => with_facilitators(&self.conn, found.into_iter().next().expect("one")),
            _ => Err(Error::invalid(
                "group",
                format!("'{}' names groups at more than one establishment; name the establishment", key.trim()),
            )),
        }
    }

    pub fn groups(&self, actor: &Actor, establishment: Option<EstablishmentId>) -> Result<Vec<Group>> {
        actor.require(Act::ReadRecords)?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {GROUP} FROM recovery_group g WHERE (?1 IS NULL OR g.establishment_id = ?1) AND {NOT_AN_EVENT}
              ORDER BY g.name COLLATE NOCASE"
        ))?;
        let found: Vec<Group> = stmt.query_map([establishment], |r| rows::group(r, 0))?.collect::<rusqlite::Result<_>>()?;
        found.into_iter().map(|g| with_facilitators(&self.conn, g)).collect()
    }
}

/// Replaces a group's details (already normalised); refused if existing sessions would fall
/// outside its dates.
pub(crate) fn update(tx: &Connection, before: &Group, details: &GroupDetails) -> Result<()> {
    let id = before.id;
    check_name_free(tx, before.establishment_id, &details.name, Some(id))?;
    facilitators::check_exist(tx, "facilitators", &details.facilitators)?;
    let (first, last): (Option<String>, Option<String>) =
        tx.query_row("SELECT min(held_on), max(held_on) FROM session WHERE group_id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    if first.is_some_and(|f| f < iso(details.starts_on)) {
        return Err(Error::invalid("start date", "the group has sessions before this date"));
    }
    if let (Some(end), Some(last)) = (details.ends_on, last) {
        if last > iso(end) {
            return Err(Error::invalid("end date", "the group has sessions after this date"));
        }
    }
    tx.execute(
        "UPDATE recovery_group SET name = ?2, kind = ?3, location = ?4, starts_on = ?5, ends_on = ?6,
                start_time = ?7, duration_minutes = ?8, weekday = ?9, every_weeks = ?10,
                planned_sessions = ?11, completion_min_attended = ?12, completion_excuses_regime = ?13
          WHERE id = ?1",
        params_from_iter(std::iter::once(&id as &dyn ToSql).chain(detail_values(details).iter().map(|v| v as &dyn ToSql))),
    )?;
    if let Some(course) = &before.required_course {
        super::peers::refuse_unqualified(tx, &details.facilitators, course)?;
    }
    tx.execute("DELETE FROM group_facilitator WHERE group_id = ?1", [id])?;
    link_facilitators(tx, id, &details.facilitators)?;
    Ok(())
}

/// A group's details as their columns hold them, in the order the insert and the update both
/// list them (after the ids): one place that says how each detail is stored.
fn detail_values(details: &GroupDetails) -> [Box<dyn ToSql>; 12] {
    [
        Box::new(details.name.clone()),
        Box::new(details.kind),
        Box::new(details.location.clone()),
        Box::new(iso(details.starts_on)),
        Box::new(details.ends_on.map(iso)),
        Box::new(hhmm(details.start_time)),
        Box::new(details.duration_minutes),
        Box::new(details.schedule.map(|s| s.weekday.number_from_monday())),
        Box::new(details.schedule.map(|s| s.every_weeks)),
        Box::new(details.planned_sessions),
        Box::new(details.completion.map(|c| c.min_attended)),
        Box::new(details.completion.is_some_and(|c| c.excuses_regime_absences)),
    ]
}

pub(crate) fn insert(tx: &Connection, establishment_id: EstablishmentId, details: &GroupDetails) -> Result<Group> {
    check_name_free(tx, establishment_id, &details.name, None)?;
    insert_row(tx, establishment_id, details)
}

/// Inserts a group whose name the caller has checked (an event checks its own, with its words).
pub(crate) fn insert_row(tx: &Connection, establishment_id: EstablishmentId, details: &GroupDetails) -> Result<Group> {
    facilitators::check_exist(tx, "facilitators", &details.facilitators)?;
    let id = GroupId::new();
    tx.prepare_cached(
        "INSERT INTO recovery_group (id, establishment_id, name, kind, location, starts_on, ends_on, start_time,
                duration_minutes, weekday, every_weeks, planned_sessions, completion_min_attended,
                completion_excuses_regime, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params_from_iter(
        [&id as &dyn ToSql, &establishment_id]
            .into_iter()
            .chain(detail_values(details).iter().map(|v| v as &dyn ToSql))
            .chain([&now_utc() as &dyn ToSql]),
    ))?;
    link_facilitators(tx, id, &details.facilitators)?;
    Ok(Group { id, establishment_id, details: details.clone(), required_course: None })
}

fn link_facilitators(tx: &Connection, id: GroupId, facilitators: &[FacilitatorId]) -> Result<()> {
    let mut stmt = tx.prepare_cached("INSERT INTO group_facilitator (group_id, facilitator_id) VALUES (?1, ?2)")?;
    for f in facilitators {
        stmt.execute(params![id, f])?;
    }
    Ok(())
}

fn check_name_free(tx: &Connection, establishment_id: EstablishmentId, name: &str, except: Option<GroupId>) -> Result<()> {
    match name_taken_by(tx, establishment_id, name)? {
        Some(other) if Some(other) != except => {
            Err(Error::conflict("group name", format!("'{name}' is already a group at this establishment")))
        }
        _ => Ok(()),
    }
}

/// The group or event at `establishment_id` already called `name` (any case): group names are
/// unique there, events' included.
pub(crate) fn name_taken_by(tx: &Connection, establishment_id: EstablishmentId, name: &str) -> Result<Option<GroupId>> {
    Ok(tx
        .query_row(
            "SELECT id FROM recovery_group WHERE establishment_id = ?1 AND name = ?2 COLLATE NOCASE",
            params![establishment_id, name],
            |r| r.get(0),
        )
        .optional()?)
}

pub(crate) fn get(conn: &Connection, id: GroupId) -> Result<Group> {
    let group = conn
        .prepare_cached(&format!("SELECT {GROUP} FROM recovery_group g WHERE g.id = ?1"))?
        .query_row([id], |r| rows::group(r, 0))
        .optional()?
        .ok_or_else(|| Error::not_found("group", id))?;
    with_facilitators(conn, group)
}

/// The establishment's structured programmes (cohorts) not ended before `today`, soonest first.
pub(crate) fn list_programmes(conn: &Connection, establishment: EstablishmentId, today: chrono::NaiveDate) -> Result<Vec<Group>> {
    let found: Vec<Group> = conn
        .prepare_cached(&format!(
            "SELECT {GROUP} FROM recovery_group g WHERE g.establishment_id = ?1 AND g.kind = 'programme'
                AND (g.ends_on IS NULL OR g.ends_on >= ?2) ORDER BY g.starts_on, g.name COLLATE folded"
        ))?
        .query_map(rusqlite::params![establishment, super::rows::iso(today)], |r| rows::group(r, 0))?
        .collect::<rusqlite::Result<_>>()?;
    found.into_iter().map(|g| with_facilitators(conn, g)).collect()
}

pub(crate) fn with_facilitators(conn: &Connection, mut group: Group) -> Result<Group> {
    let mut stmt = conn.prepare_cached("SELECT facilitator_id FROM group_facilitator WHERE group_id = ?1 ORDER BY facilitator_id")?;
    group.details.facilitators = stmt.query_map([group.id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(group)
}

/// The date must fall within the group's life; the error says which bound it breaks.
pub(super) fn check_date_within(group: &Group, day: chrono::NaiveDate, field: &str) -> Result<()> {
    if day < group.details.starts_on {
        return Err(Error::invalid(
            field,
            format!("{} is before the group started ({})", dates::display(day), dates::display(group.details.starts_on)),
        ));
    }
    if let Some(end) = group.details.ends_on.filter(|end| day > *end) {
        return Err(Error::invalid(field, format!("{} is after the group ended ({})", dates::display(day), dates::display(end))));
    }
    Ok(())
}
