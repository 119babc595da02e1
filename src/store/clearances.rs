//! Clearances: kept per facilitator and establishment, renewed in chains, warned about before
//! they lapse, and checked whenever a session is planned or held.

use super::audit::{Action, Record};
use super::rows::{self, iso};
use super::settings::{put_setting, setting};
use super::{establishments, groups, now_utc, Store};
use crate::actor::{Act, Actor};
use crate::error::{Error, Result};
use crate::model::*;
use crate::rules::clearance::{self as rule, OnTheDay};
pub use crate::views::{ClearanceLine, ClearanceWarnings};
use chrono::{Days, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};

/// Warn this many days before a clearance expires, unless an administrator chose otherwise.
pub const DEFAULT_WARNING_DAYS: u32 = 90;
/// An application still undecided after this many days is flagged (clearance can take three
/// months; by two, someone should be chasing it).
pub const DEFAULT_WAITING_DAYS: u32 = 60;

const LINE: &str = "c.id, c.facilitator_id, c.establishment_id, c.kind, c.status, c.applied_on, c.granted_on, c.expires_on,
                    c.reference, c.notes, c.renews, f.name, f.kind, e.code,
                    (SELECT r.id FROM clearance r WHERE r.renews = c.id)";
const FROM: &str = "FROM clearance c JOIN facilitator f ON f.id = c.facilitator_id JOIN establishment e ON e.id = c.establishment_id";

fn line(r: &rusqlite::Row<'_>) -> rusqlite::Result<ClearanceLine> {
    Ok(ClearanceLine {
        clearance: Clearance {
            id: r.get(0)?,
            facilitator_id: r.get(1)?,
            establishment_id: r.get(2)?,
            details: ClearanceDetails {
                kind: r.get(3)?,
                status: r.get(4)?,
                applied_on: rows::opt_date(r, 5)?,
                granted_on: rows::opt_date(r, 6)?,
                expires_on: rows::opt_date(r, 7)?,
                reference: r.get(8)?,
                notes: r.get(9)?,
            },
            renews: r.get(10)?,
        },
        facilitator_name: r.get(11)?,
        facilitator_kind: r.get(12)?,
        establishment_code: r.get(13)?,
        renewed_by: r.get(14)?,
        // Needs today, the warning days and the renewal's status: `Store::clearances` fills it.
        expiry_note: None,
        waiting_note: None,
    })
}

/// The clearances in `lines` that a granted renewal has taken over (a renewal is the same
/// person's at the same place, so it is in the list when they are).
fn superseded(lines: &[ClearanceLine]) -> std::collections::HashSet<ClearanceId> {
    let granted: std::collections::HashSet<ClearanceId> =
        lines.iter().filter(|l| l.clearance.details.status == ClearanceStatus::Granted).map(|l| l.clearance.id).collect();
    lines.iter().filter(|l| l.renewed_by.is_some_and(|r| granted.contains(&r))).map(|l| l.clearance.id).collect()
}

fn get(conn: &Connection, id: ClearanceId) -> Result<ClearanceLine> {
    conn.query_row(&format!("SELECT {LINE} {FROM} WHERE c.id = ?1"), [id], line)
        .optional()?
        .ok_or_else(|| Error::not_found("clearance", id))
}

fn validity_key(kind: ClearanceKind) -> String {
    format!("clearance_months.{}", kind.code())
}

/// How long a clearance of `kind` lasts from its grant, in months; `None`: no fixed length (the
/// expiry date is typed from the letter).
pub(crate) fn validity(conn: &Connection, kind: ClearanceKind) -> Result<Option<u32>> {
    match setting(conn, &validity_key(kind))? {
        Some(v) if v.is_empty() => Ok(None),
        Some(v) => Ok(v.parse().ok()),
        // Standard Plus and photo-card access last twelve months (PHE/HMPPS 2018, appendix A).
        None => Ok(match kind {
            ClearanceKind::StandardPlusCompleted | ClearanceKind::StandardPlusLicence | ClearanceKind::PhotoCard => Some(12),
            ClearanceKind::EnhancedVetting | ClearanceKind::Other => None,
        }),
    }
}

/// The details with the expiry filled in from the grant date and the kind's validity.
fn with_expiry(conn: &Connection, details: ClearanceDetails) -> Result<ClearanceDetails> {
    if details.expires_on.is_some() {
        return Ok(details);
    }
    let expires_on = match (details.granted_on, validity(conn, details.kind)?) {
        (Some(granted), Some(months)) => Some(rule::expiry(granted, months)),
        _ => None,
    };
    Ok(ClearanceDetails { expires_on, ..details })
}

pub(crate) fn insert(
    tx: &Connection,
    facilitator_id: FacilitatorId,
    establishment_id: EstablishmentId,
    d: &ClearanceDetails,
    renews: Option<ClearanceId>,
) -> Result<ClearanceLine> {
    let id = ClearanceId::new();
    let now = now_utc();
    tx.prepare_cached(
        "INSERT INTO clearance (id, facilitator_id, establishment_id, kind, status, applied_on, granted_on, expires_on, reference, notes,
                                renews, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
    )?
    .execute(params![
        id,
        facilitator_id,
        establishment_id,
        d.kind,
        d.status,
        d.applied_on.map(iso),
        d.granted_on.map(iso),
        d.expires_on.map(iso),
        d.reference,
        d.notes,
        renews,
        now
    ])?;
    get(tx, id)
}

impl Store {
    /// Records a clearance (or an application for one) for a facilitator at an establishment.
    pub fn add_clearance(
        &mut self,
        actor: &Actor,
        facilitator_id: FacilitatorId,
        establishment_id: EstablishmentId,
        details: &ClearanceDetails,
    ) -> Result<Clearance> {
        actor.require(Act::WriteRecords)?;
        let details = details.normalised(self.today())?;
        self.write(actor, Action::AddClearance, |tx| {
            establishments::by_id(tx, establishment_id)?;
            let f = super::facilitators::get(tx, facilitator_id)?;
            if f.participant_id.is_some() {
                return Err(Error::invalid(
                    "facilitator",
                    format!("{} is a peer in custody here: a clearance is for people who come in", f.name),
                ));
            }
            let details = with_expiry(tx, details)?;
            Ok(insert(tx, facilitator_id, establishment_id, &details, None)?.clearance)
        })
    }

    /// A renewal: a new clearance for the same person and establishment, linked to the one it
    /// renews. A clearance is renewed once; renew the renewal next time.
    pub fn renew_clearance(&mut self, actor: &Actor, of: ClearanceId, details: &ClearanceDetails) -> Result<Clearance> {
        actor.require(Act::WriteRecords)?;
        let details = details.normalised(self.today())?;
        self.write(actor, Action::RenewClearance, |tx| {
            let old = get(tx, of)?;
            if let Some(next) = old.renewed_by {
                return Err(Error::conflict("clearance", format!("was already renewed ({next}); renew that one instead")));
            }
            let details = with_expiry(tx, details)?;
            Ok(insert(tx, old.clearance.facilitator_id, old.clearance.establishment_id, &details, Some(of))?.clearance)
        })
    }

    /// Corrects or moves on a clearance: an application granted, refused, withdrawn.
    pub fn edit_clearance(&mut self, actor: &Actor, id: ClearanceId, details: &ClearanceDetails) -> Result<Clearance> {
        actor.require(Act::WriteRecords)?;
        let details = details.normalised(self.today())?;
        self.write(actor, Action::EditClearance, |tx| {
            get(tx, id)?;
            let d = with_expiry(tx, details)?;
            tx.execute(
                "UPDATE clearance SET kind = ?2, status = ?3, applied_on = ?4, granted_on = ?5, expires_on = ?6, reference = ?7,
                                      notes = ?8, updated_at = ?9 WHERE id = ?1",
                params![
                    id,
                    d.kind,
                    d.status,
                    d.applied_on.map(iso),
                    d.granted_on.map(iso),
                    d.expires_on.map(iso),
                    d.reference,
                    d.notes,
                    now_utc()
                ],
            )?;
            Ok(get(tx, id)?.clearance)
        })
    }

    /// Clearances, optionally of one establishment and/or one facilitator: by name, the newest
    /// (the one that counts now) first.
    pub fn clearances(
        &self,
        actor: &Actor,
        establishment: Option<EstablishmentId>,
        facilitator: Option<FacilitatorId>,
    ) -> Result<Vec<ClearanceLine>> {
        actor.require(Act::ReadRecords)?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {LINE} {FROM} WHERE (?1 IS NULL OR c.establishment_id = ?1) AND (?2 IS NULL OR c.facilitator_id = ?2)
              ORDER BY f.name COLLATE NOCASE, e.code, coalesce(c.granted_on, c.applied_on, c.created_at) DESC"
        ))?;
        let found = stmt.query_map(params![establishment, facilitator], line)?;
        let mut lines: Vec<ClearanceLine> = found.collect::<rusqlite::Result<_>>()?;
        let superseded = superseded(&lines);
        let (today, within_days) = (self.today(), self.clearance_warning_days()?);
        for l in &mut lines {
            l.expiry_note = rule::expiry_note(&l.clearance.details, superseded.contains(&l.clearance.id), today, within_days);
            l.waiting_note = rule::waiting_note(&l.clearance.details, today);
        }
        Ok(lines)
    }

    /// What needs chasing at an establishment (or everywhere) today.
    pub fn clearance_warnings(&self, actor: &Actor, establishment: Option<EstablishmentId>) -> Result<ClearanceWarnings> {
        let all = self.clearances(actor, establishment, None)?;
        let today = self.today();
        let within_days = self.clearance_warning_days()?;
        let waiting_since = today.checked_sub_days(Days::new(DEFAULT_WAITING_DAYS.into())).unwrap_or(today);
        let superseded = superseded(&all);
        let mut warnings = ClearanceWarnings { within_days, sentence: None, expiring: Vec::new(), lapsed: Vec::new(), waiting: Vec::new() };
        for l in &all {
            let d = &l.clearance.details;
            match rule::expiry_warning(d, superseded.contains(&l.clearance.id), today, within_days) {
                Some(rule::ExpiryWarning::Lapsed) => warnings.lapsed.push(l.clone()),
                Some(rule::ExpiryWarning::Expiring) => warnings.expiring.push(l.clone()),
                None => {}
            }
            if d.status.is_pending() && d.applied_on.is_some_and(|a| a <= waiting_since) {
                warnings.waiting.push(l.clone());
            }
        }
        warnings.expiring.sort_by_key(|l| l.clearance.details.expires_on);
        warnings.sentence = rule::warning_sentence(warnings.lapsed.len(), warnings.expiring.len(), within_days);
        Ok(warnings)
    }

    pub fn clearance_warning_days(&self) -> Result<u32> {
        Ok(setting(&self.conn, "clearance_warning_days")?.and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_WARNING_DAYS))
    }

    pub fn clearance_validity(&self, kind: ClearanceKind) -> Result<Option<u32>> {
        validity(&self.conn, kind)
    }

    /// Settings (administrators): how long each kind lasts, how early to warn.
    pub fn set_clearance_validity(&mut self, actor: &Actor, kind: ClearanceKind, months: Option<u32>) -> Result<()> {
        actor.require(Act::ManageAccounts)?;
        if months.is_some_and(|m| !(1..=120).contains(&m)) {
            return Err(Error::invalid("validity", "must be between 1 and 120 months, or empty for no fixed length"));
        }
        let detail = format!("{} valid for {}", kind.label(), months.map_or("no fixed length".to_string(), |m| format!("{m} months")));
        self.write_about(Some(actor.staff_id), Action::ChangeSetting, Record::none().detail(detail), |tx| {
            put_setting(tx, &validity_key(kind), &months.map(|m| m.to_string()).unwrap_or_default())
        })
    }

    pub fn set_clearance_warning_days(&mut self, actor: &Actor, days: u32) -> Result<()> {
        actor.require(Act::ManageAccounts)?;
        if !(7..=365).contains(&days) {
            return Err(Error::invalid("warn before", "must be between 7 and 365 days"));
        }
        self.write_about(
            Some(actor.staff_id),
            Action::ChangeSetting,
            Record::none().detail(format!("clearance warnings {days} days ahead")),
            |tx| put_setting(tx, "clearance_warning_days", &days.to_string()),
        )
    }
}

/// Refuses, with the reason, sessions on `days` at `establishment` run by `facilitators` when
/// the session rule (`rules::clearance::check_session`) says they may not run them.
pub(crate) fn check_facilitators(
    conn: &Connection,
    establishment: EstablishmentId,
    facilitators: &[FacilitatorId],
    days: &[NaiveDate],
) -> Result<()> {
    if facilitators.is_empty() || days.is_empty() {
        return Ok(());
    }
    let mut people = Vec::new();
    for id in facilitators {
        let f = super::facilitators::get(conn, *id)?;
        let mut stmt = conn.prepare_cached(&format!("SELECT {LINE} {FROM} WHERE c.facilitator_id = ?1 AND c.establishment_id = ?2"))?;
        let held: Vec<ClearanceDetails> =
            stmt.query_map(params![id, establishment], line)?.map(|l| l.map(|l| l.clearance.details)).collect::<rusqlite::Result<_>>()?;
        people.push((f, held));
    }
    for day in days {
        let on_the_day: Vec<OnTheDay<'_>> =
            people.iter().map(|(f, held)| OnTheDay { name: &f.name, kind: f.kind, standing: rule::standing(held, *day) }).collect();
        rule::check_session(&on_the_day, *day).map_err(Error::NotCleared)?;
    }
    Ok(())
}

/// For a session cancelled because a facilitator was not cleared: the latest clearance (lapsed,
/// or still waiting) of the first volunteer among `runners` who was not cleared on `day`. The
/// caller says who runs the session, so clearances never reach into the session queries.
pub(crate) fn blocking_clearance(
    conn: &Connection,
    establishment: EstablishmentId,
    runners: &[FacilitatorId],
    day: NaiveDate,
) -> Result<Option<ClearanceId>> {
    for &id in runners {
        if super::facilitators::get(conn, id)?.kind != FacilitatorKind::Volunteer {
            continue;
        }
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {LINE} {FROM} WHERE c.facilitator_id = ?1 AND c.establishment_id = ?2
              ORDER BY coalesce(c.granted_on, c.applied_on, c.created_at) DESC"
        ))?;
        let held: Vec<ClearanceLine> = stmt.query_map(params![id, establishment], line)?.collect::<rusqlite::Result<_>>()?;
        let details: Vec<ClearanceDetails> = held.iter().map(|l| l.clearance.details.clone()).collect();
        if !matches!(rule::standing(&details, day), rule::Standing::Cleared { .. }) {
            return Ok(held.first().map(|l| l.clearance.id));
        }
    }
    Ok(None)
}

/// The facilitators of a group, for checking the sessions planned for it.
pub(crate) fn check_group_sessions(conn: &Connection, group_id: GroupId, days: &[NaiveDate]) -> Result<()> {
    let group = groups::get(conn, group_id)?;
    check_facilitators(conn, group.establishment_id, &group.details.facilitators, days)
}
