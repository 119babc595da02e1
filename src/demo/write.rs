//! Writes a simulated establishment (see `super`) through the store's own insert
//! functions, in the caller's one transaction. Attendance rows are written directly: the
//! simulation only marks people on the roster that day, and a test checks the result against
//! the register rules.

use super::{Plan, PlannedFacilitator};
use crate::actor::Actor;
use crate::error::Result;
use crate::model::*;
use crate::store::rows::iso;
use crate::store::{clearances, establishments, events, facilitators, groups, now_utc, participants, registers, sessions};
use chrono::{Days, NaiveDate};
use rusqlite::{params, Connection};

#[derive(Default)]
pub(crate) struct Written {
    pub participants: u32,
    pub facilitators: u32,
    pub groups: u32,
    pub enrolments: u32,
    pub sessions: u32,
    pub cancelled_sessions: u32,
    pub marks: u32,
    pub events: u32,
}

pub(crate) fn insert_facilitator(tx: &Connection, new: &NewFacilitator) -> Result<Facilitator> {
    facilitators::insert(tx, &new.normalised()?)
}

pub(crate) fn write_establishment(
    tx: &Connection,
    actor: &Actor,
    establishment: &NewEstablishment,
    plan: &Plan,
    directory: &[super::liberation::DemoService],
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Written> {
    let mut written = Written::default();
    let est = establishment.normalised()?;
    let est = establishments::insert(tx, &est)?;
    let staff: Vec<FacilitatorId> = plan
        .staff_facilitators
        .iter()
        .map(|n| {
            insert_facilitator(
                tx,
                &NewFacilitator { name: n.clone(), kind: FacilitatorKind::Staff, organisation: Some("NHS Addictions Team".into()) },
            )
            .map(|f| f.id)
        })
        .collect::<Result<_>>()?;
    written.facilitators += staff.len() as u32;

    let mut ids = Vec::with_capacity(plan.people.len());
    for person in &plan.people {
        let details = person.details.normalised(until)?;
        ids.push(participants::insert(tx, actor, est.id, &details, Some(person.admitted.max(from)))?.id);
    }
    written.participants = ids.len() as u32;

    let mut enrol = tx.prepare_cached(
        "INSERT INTO enrolment (id, group_id, participant_id, enrolled_on, left_on, leaving_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut mark = tx.prepare_cached(
        "INSERT INTO attendance (session_id, participant_id, mark, absence_reason, recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut status = tx.prepare_cached("UPDATE session SET status = ?2, cancellation_reason = ?3 WHERE id = ?1")?;
    let now = now_utc();
    for g in &plan.groups {
        let facilitator = match g.facilitator {
            PlannedFacilitator::Staff(i) => staff[i % staff.len()],
            PlannedFacilitator::Volunteer(id) => id,
        };
        let details = GroupDetails { facilitators: vec![facilitator], ..g.details.clone() }.normalised()?;
        let group = groups::insert(tx, est.id, &details)?;
        written.groups += 1;
        for e in &g.enrolments {
            enrol.execute(params![
                EnrolmentId::new(),
                group.id,
                ids[e.person],
                iso(e.enrolled_on),
                e.left.map(|(d, _)| iso(d)),
                e.left.map(|(_, r)| r)
            ])?;
            written.enrolments += 1;
        }
        // The volunteer whose clearance lapsed was turned away at the gate since.
        let turned_away = facilitators::get(tx, facilitator)?.name == DEMO_LAPSED;
        for s in &g.sessions {
            let session = sessions::insert(tx, &group, s.on, group.details.start_time, true)?;
            written.sessions += 1;
            if turned_away && s.on > demo_lapse(until) && s.on <= until {
                status.execute(params![session.id, SessionStatus::Cancelled, CancellationReason::FacilitatorNotCleared])?;
                written.cancelled_sessions += 1;
                continue;
            }
            if let Some(reason) = s.cancelled {
                status.execute(params![session.id, SessionStatus::Cancelled, reason])?;
                written.cancelled_sessions += 1;
            } else if s.held {
                status.execute(params![session.id, SessionStatus::Held, None::<CancellationReason>])?;
            }
            for (person, kind, reason) in &s.marks {
                mark.execute(params![session.id, ids[*person], kind, reason, now, actor.staff_id])?;
                written.marks += 1;
            }
        }
    }
    // Events: everyone named came as a drop-in; the rest are the headcount.
    let mut drop_in = tx.prepare_cached(
        "INSERT INTO attendance (session_id, participant_id, mark, absence_reason, recorded_at, recorded_by, drop_in)
         VALUES (?1, ?2, 'present', NULL, ?3, ?4, 1)",
    )?;
    for e in &plan.events {
        let event = events::insert(tx, est.id, &e.details.normalised()?)?;
        written.events += 1;
        if e.details.held_on > until {
            continue;
        }
        status.execute(params![event.session_id, SessionStatus::Held, None::<CancellationReason>])?;
        for p in &e.people {
            drop_in.execute(params![event.session_id, ids[*p], now, actor.staff_id])?;
            written.marks += 1;
        }
        registers::insert_headcount(tx, event.session_id, &e.headcount)?;
    }
    for (person, id) in plan.people.iter().zip(&ids) {
        if let Some((on, how)) = person.leaves {
            participants::change_custody(tx, actor, *id, how, on, until)?;
        }
    }
    let people: Vec<_> = plan
        .people
        .iter()
        .zip(&ids)
        .filter(|(p, _)| p.details.kind == ParticipantKind::InCustody)
        .map(|(p, id)| (*id, p.details.expected_liberation, p.leaves))
        .collect();
    super::liberation::write_plans(tx, actor, &people, directory, until)?;
    let mut volunteers: Vec<FacilitatorId> = plan
        .groups
        .iter()
        .filter_map(|g| match g.facilitator {
            PlannedFacilitator::Volunteer(id) => Some(id),
            PlannedFacilitator::Staff(_) => None,
        })
        .collect();
    volunteers.sort();
    volunteers.dedup();
    for id in volunteers {
        let name = facilitators::get(tx, id)?.name;
        let last = clearance_chain(tx, id, est.id, &name, from, until)?;
        if name == DEMO_LAPSED {
            // The sessions turned away at the gate point at the clearance that lapsed.
            tx.execute(
                "UPDATE session SET cancelled_for_clearance = ?1
                  WHERE cancellation_reason = 'facilitator_not_cleared'
                    AND group_id IN (SELECT group_id FROM group_facilitator WHERE facilitator_id = ?2)",
                params![last, id],
            )?;
        }
    }
    Ok(written)
}

/// Who, in the demo, shows the warnings: one volunteer's clearance lapsed a fortnight ago and
/// was not renewed; another's runs out within the warning period, its renewal applied for.
pub(crate) const DEMO_LAPSED: &str = "Des O'B. (CA)";
pub(crate) const DEMO_EXPIRING: &str = "Anne M. (AA)";

/// The last day the lapsed volunteer was cleared.
fn demo_lapse(until: NaiveDate) -> NaiveDate {
    until - Days::new(14)
}

/// A volunteer's Standard Plus clearances at one prison over the demo's years: each renewed
/// three weeks before the last ran out, so sessions were always run by someone cleared.
fn clearance_chain(
    tx: &Connection,
    volunteer: FacilitatorId,
    establishment: EstablishmentId,
    name: &str,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<ClearanceId> {
    let year = chrono::Months::new(12);
    let spread = 100 + (name.len() as u64 * 37) % 230;
    let last_expiry = match name {
        DEMO_LAPSED => demo_lapse(until),
        DEMO_EXPIRING => until + Days::new(40),
        _ => until + Days::new(spread),
    };
    // The grants, latest first, back past the start of the demo.
    let mut grants = vec![last_expiry.succ_opt().expect("date") - year];
    while *grants.last().expect("one") > from {
        let earlier = *grants.last().expect("one") + Days::new(21) - year;
        grants.push(earlier);
    }
    grants.reverse();
    let kind = if name.len().is_multiple_of(3) { ClearanceKind::StandardPlusLicence } else { ClearanceKind::StandardPlusCompleted };
    let mut previous: Option<ClearanceId> = None;
    for (i, granted_on) in grants.iter().enumerate() {
        let details = ClearanceDetails {
            kind,
            status: ClearanceStatus::Granted,
            applied_on: Some(*granted_on - Days::new(45)),
            granted_on: Some(*granted_on),
            expires_on: Some(crate::rules::clearance::expiry(*granted_on, 12)),
            reference: Some(format!("SP/{}/{:02}", granted_on.format("%Y"), i + 1)),
            notes: None,
        };
        previous = Some(clearances::insert(tx, volunteer, establishment, &details, previous)?.clearance.id);
    }
    if name == DEMO_EXPIRING {
        let applied = ClearanceDetails {
            kind,
            status: ClearanceStatus::InProgress,
            applied_on: Some(until - Days::new(20)),
            granted_on: None,
            expires_on: None,
            reference: None,
            notes: Some("Renewal form sent to the vetting contact point".into()),
        };
        clearances::insert(tx, volunteer, establishment, &applied, previous)?;
    }
    Ok(previous.expect("at least one grant"))
}
