//! Peer roles: a person in custody as a peer facilitator or recovery champion (a facilitator
//! linked to their record), what any facilitator is qualified to deliver, the sessions a peer
//! led, and a group's requirement that its facilitators be qualified.

use super::audit::{Action, Audited, Record};
use super::rows::{self, iso};
use super::{facilitators, groups, participants, Store};
use crate::actor::{Act, Actor};
use crate::dates;
use crate::error::{Error, Result};
use crate::model::*;
use crate::views::{LedSession, PeerRecord};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

/// A peer role given or changed: audited against the person, so their record finds it.
pub struct PeerRoleSet {
    pub facilitator: Facilitator,
}

impl Audited for PeerRoleSet {
    fn record(&self) -> Record {
        match self.facilitator.participant_id {
            Some(person) => Record::of("person", person).detail(format!("peer role {}", self.facilitator.id)),
            None => Record::of("facilitator", self.facilitator.id),
        }
    }
}

/// A qualification recorded: against the person when the facilitator is one of ours.
pub struct QualificationRecorded {
    pub qualification: Qualification,
    person: Option<ParticipantId>,
}

impl Audited for QualificationRecorded {
    fn record(&self) -> Record {
        let detail = format!("qualification {}", self.qualification.id);
        match self.person {
            Some(person) => Record::of("person", person).detail(detail),
            None => Record::of("facilitator", self.qualification.facilitator_id).detail(detail),
        }
    }
}

const QUALIFICATION: &str = "q.id, q.facilitator_id, q.course, q.training, q.qualified_on";

fn qualification_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Qualification> {
    Ok(Qualification {
        id: r.get(0)?,
        facilitator_id: r.get(1)?,
        details: QualificationDetails { course: r.get(2)?, training: r.get(3)?, qualified_on: rows::date(r, 4)? },
    })
}

pub(crate) fn qualifications_of(conn: &Connection, facilitator: FacilitatorId) -> Result<Vec<Qualification>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {QUALIFICATION} FROM delivery_qualification q WHERE q.facilitator_id = ?1 ORDER BY q.qualified_on, q.course"
        ))?
        .query_map([facilitator], qualification_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Those of `facilitators` not qualified to deliver `course`, by name, in the order given.
pub(crate) fn unqualified(conn: &Connection, facilitators: &[FacilitatorId], course: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT 1 FROM delivery_qualification WHERE facilitator_id = ?1 AND course = ?2 COLLATE NOCASE")?;
    let mut out = Vec::new();
    for id in facilitators {
        if !stmt.exists(params![id, course])? {
            out.push(facilitators::get(conn, *id)?.name);
        }
    }
    Ok(out)
}

/// Every facilitator must be qualified to deliver `course`; the error names the first who is not.
pub(crate) fn refuse_unqualified(conn: &Connection, facilitators: &[FacilitatorId], course: &str) -> Result<()> {
    match unqualified(conn, facilitators, course)?.into_iter().next() {
        Some(name) => {
            Err(Error::invalid("facilitators", format!("{name} is not qualified to deliver {course}: record their qualification first")))
        }
        None => Ok(()),
    }
}

fn facilitator_of(conn: &Connection, person: ParticipantId) -> Result<Option<Facilitator>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {} FROM facilitator f WHERE f.participant_id = ?1", facilitators::COLUMNS))?
        .query_row([person], facilitators::row)
        .optional()?)
}

/// The person's peer role and the sessions they led, if they have (or had) one.
pub(crate) fn peer_record_of(conn: &Connection, person: ParticipantId) -> Result<Option<PeerRecord>> {
    let Some(facilitator) = facilitator_of(conn, person)? else { return Ok(None) };
    let (since, on_passport): (String, bool) =
        conn.query_row("SELECT peer_since, on_passport FROM facilitator WHERE id = ?1", [facilitator.id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let sessions_led = conn
        .prepare_cached(
            "SELECT s.id, g.id, g.name, g.kind, s.held_on FROM session_facilitator sf
               JOIN session s ON s.id = sf.session_id JOIN recovery_group g ON g.id = s.group_id
              WHERE sf.facilitator_id = ?1 AND s.status = 'held' ORDER BY s.held_on, s.start_time",
        )?
        .query_map([facilitator.id], |r| {
            Ok(LedSession {
                session_id: r.get(0)?,
                group_id: r.get(1)?,
                group_name: r.get(2)?,
                group_kind: r.get(3)?,
                held_on: rows::date(r, 4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let groups = conn
        .prepare_cached(
            "SELECT g.name FROM group_facilitator gf JOIN recovery_group g ON g.id = gf.group_id
              WHERE gf.facilitator_id = ?1 ORDER BY g.name COLLATE folded",
        )?
        .query_map([facilitator.id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(PeerRecord {
        groups,
        role: facilitator.peer_role.unwrap_or(PeerRole::PeerFacilitator),
        since: dates::parse("peer since", &since)?,
        on_passport,
        qualifications: qualifications_of(conn, facilitator.id)?,
        sessions_led,
        facilitator,
    }))
}

/// The peer figures from `from` to `to` (both inclusive) for `establishments`.
pub(crate) fn figures(
    conn: &Connection,
    establishments: &[EstablishmentId],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<crate::views::PeerFigures> {
    let ids = rows::placeholders(establishments.len(), 3);
    let params = rows::period_and_establishments(from, to, establishments);
    let (sessions_led, peers_who_led): (u32, u32) = conn.query_row(
        &format!(
            "SELECT count(DISTINCT s.id), count(DISTINCT f.id)
               FROM session s JOIN recovery_group g ON g.id = s.group_id
                    JOIN session_facilitator sf ON sf.session_id = s.id JOIN facilitator f ON f.id = sf.facilitator_id
              WHERE f.kind = 'peer' AND s.status = 'held' AND s.held_on BETWEEN ?1 AND ?2
                AND g.establishment_id IN ({ids}) AND {}",
            super::events::NOT_AN_EVENT
        ),
        rusqlite::params_from_iter(params.iter()),
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let newly_qualified: u32 = conn.query_row(
        &format!(
            "SELECT count(*) FROM delivery_qualification q JOIN facilitator f ON f.id = q.facilitator_id
                    JOIN participant p ON p.id = f.participant_id
              WHERE q.qualified_on BETWEEN ?1 AND ?2 AND p.establishment_id IN ({ids})"
        ),
        rusqlite::params_from_iter(params.iter()),
        |r| r.get(0),
    )?;
    Ok(crate::views::PeerFigures { sessions_led, peers_who_led, newly_qualified })
}

impl Store {
    /// Makes a person in custody a peer facilitator or recovery champion from `since`: a
    /// facilitator linked to their record, who can then be chosen to lead groups and sessions.
    pub fn add_peer_role(&mut self, actor: &Actor, person: ParticipantId, role: PeerRole, since: NaiveDate) -> Result<Facilitator> {
        actor.require(Act::WriteRecords)?;
        if since > self.today() {
            return Err(Error::invalid("since", format!("{} is in the future", dates::display(since))));
        }
        self.write(actor, Action::AddPeerRole, |tx| {
            participants::refuse_if_erased(tx, person)?;
            let p = participants::get(tx, person)?;
            if p.kind != ParticipantKind::InCustody {
                return Err(Error::invalid("person", "a peer role is for a person in custody"));
            }
            if let Some(f) = facilitator_of(tx, person)? {
                return Err(Error::conflict(
                    p.full_name(),
                    format!(
                        "is already a {} here; change the role instead",
                        f.peer_role.unwrap_or(PeerRole::PeerFacilitator).label().to_lowercase()
                    ),
                ));
            }
            let made =
                facilitators::insert(tx, &NewFacilitator { name: p.name_as_printed(), kind: FacilitatorKind::Peer, organisation: None })?;
            tx.execute(
                "UPDATE facilitator SET participant_id = ?2, peer_role = ?3, peer_since = ?4 WHERE id = ?1",
                params![made.id, person, role, iso(since)],
            )?;
            Ok(PeerRoleSet { facilitator: facilitators::get(tx, made.id)? })
        })
        .map(|set| set.facilitator)
    }

    /// Changes a person's peer role: which role, whether they still hold it, and whether their
    /// passport shows the sessions they led (their choice).
    pub fn change_peer_role(
        &mut self,
        actor: &Actor,
        person: ParticipantId,
        role: PeerRole,
        active: bool,
        on_passport: bool,
    ) -> Result<Facilitator> {
        actor.require(Act::WriteRecords)?;
        self.write(actor, Action::ChangePeerRole, |tx| {
            participants::refuse_if_erased(tx, person)?;
            let p = participants::get(tx, person)?;
            let f = facilitator_of(tx, person)?.ok_or_else(|| Error::invalid(p.full_name(), "has no peer role to change"))?;
            tx.execute(
                "UPDATE facilitator SET peer_role = ?2, active = ?3, on_passport = ?4 WHERE id = ?1",
                params![f.id, role, active, on_passport],
            )?;
            Ok(PeerRoleSet { facilitator: facilitators::get(tx, f.id)? })
        })
        .map(|set| set.facilitator)
    }

    /// The person's peer role, qualifications and the sessions they led (None: they have none).
    pub fn peer_record(&self, actor: &Actor, person: ParticipantId) -> Result<Option<PeerRecord>> {
        actor.require(Act::ReadRecords)?;
        participants::get(&self.conn, person)?;
        peer_record_of(&self.conn, person)
    }

    /// Records that a facilitator (staff, volunteer or peer) is qualified to deliver a course.
    pub fn record_qualification(
        &mut self,
        actor: &Actor,
        facilitator: FacilitatorId,
        details: &QualificationDetails,
    ) -> Result<Qualification> {
        actor.require(Act::WriteRecords)?;
        let details = details.normalised(self.today())?;
        self.write(actor, Action::RecordQualification, |tx| {
            let f = facilitators::get(tx, facilitator)?;
            if let Some(person) = f.participant_id {
                participants::refuse_if_erased(tx, person)?;
            }
            let held: Option<String> = tx
                .prepare_cached("SELECT qualified_on FROM delivery_qualification WHERE facilitator_id = ?1 AND course = ?2 COLLATE NOCASE")?
                .query_row(params![facilitator, details.course], |r| r.get(0))
                .optional()?;
            if let Some(on) = held {
                return Err(Error::conflict(
                    "course",
                    format!(
                        "{} has been qualified to deliver {} since {}",
                        f.name,
                        details.course,
                        dates::display(dates::parse("date", &on)?)
                    ),
                ));
            }
            let id = QualificationId::new();
            tx.prepare_cached(
                "INSERT INTO delivery_qualification (id, facilitator_id, course, training, qualified_on, recorded_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                id,
                facilitator,
                details.course,
                details.training,
                iso(details.qualified_on),
                actor.staff_id,
                super::now_utc()
            ])?;
            Ok(QualificationRecorded {
                qualification: Qualification { id, facilitator_id: facilitator, details },
                person: f.participant_id,
            })
        })
        .map(|r| r.qualification)
    }

    /// Everything every facilitator is qualified to deliver.
    pub fn qualifications(&self, actor: &Actor) -> Result<Vec<Qualification>> {
        actor.require(Act::ReadRecords)?;
        Ok(self
            .conn
            .prepare(&format!("SELECT {QUALIFICATION} FROM delivery_qualification q ORDER BY q.course COLLATE NOCASE, q.qualified_on"))?
            .query_map([], qualification_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Requires every facilitator of a group to be qualified to deliver `course` (None: no
    /// requirement). Refused while a facilitator it has now is not.
    pub fn require_course(&mut self, actor: &Actor, group: GroupId, course: Option<&str>) -> Result<Group> {
        actor.require(Act::WriteRecords)?;
        let course = crate::text::optional("course", course, 80)?;
        self.write(actor, Action::EditGroup, |tx| {
            let g = groups::get(tx, group)?;
            if let Some(course) = &course {
                refuse_unqualified(tx, &g.details.facilitators, course)?;
            }
            tx.execute("UPDATE recovery_group SET required_course = ?2 WHERE id = ?1", params![group, course])?;
            groups::get(tx, group)
        })
    }
}
