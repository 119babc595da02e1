use super::audit::{Action, Audited};
use super::rows::{self, MARK};
use super::{enrolments, groups, now_utc, sessions, Store};
use crate::actor::{Act, Actor};
use crate::dates;
use crate::error::{Error, Result};
use crate::model::*;
use crate::text;
pub use crate::views::{Register, RegisterLine};
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RegisterSaved {
    pub session_id: SessionId,
    pub status: SessionStatus,
    /// Marks written by this save.
    pub saved: u32,
    /// People on the roster still without a mark.
    pub unmarked: u32,
}

impl Store {
    pub fn register(&self, actor: &Actor, session_id: SessionId) -> Result<Register> {
        actor.require(Act::ReadRecords)?;
        let session = sessions::get(&self.conn, session_id)?;
        let group = groups::get(&self.conn, session.group_id)?;
        let mut marks: HashMap<ParticipantId, Mark> =
            marks_of(&self.conn, session_id)?.into_iter().map(|m| (m.participant_id, m)).collect();
        let drop_ins = drop_ins_of(&self.conn, session_id)?;
        let mut lines: Vec<RegisterLine> = enrolments::roster(&self.conn, session.group_id, session.held_on)?
            .into_iter()
            .map(|l| RegisterLine { mark: marks.remove(&l.participant.id), drop_in: false, participant: l.participant })
            .collect();
        // Then the drop-ins, and marks for people whose enrolment was later shortened (kept
        // visible rather than vanishing), by name as the roster is.
        let mut others = Vec::new();
        for (id, mark) in marks {
            let participant = super::participants::get(&self.conn, id)?;
            others.push(RegisterLine { drop_in: drop_ins.contains(&id), participant, mark: Some(mark) });
        }
        let key = |l: &RegisterLine| (text::fold(&l.participant.family_name), text::fold(&l.participant.given_name), l.participant.id);
        others.sort_by_key(key);
        lines.extend(others);
        let headcount = headcount_of(&self.conn, session_id)?;
        // The rule a save would meet, said now: a cancelled session is taken by nobody.
        let clearance_problem = match session.status {
            SessionStatus::Cancelled => None,
            _ => match check_runners(&self.conn, &session) {
                Err(Error::NotCleared(problem)) => Some(text::sentence_case(&problem)),
                other => other.map(|()| None)?,
            },
        };
        let qualification_problem = match (&group.required_course, session.status) {
            (Some(course), SessionStatus::Planned | SessionStatus::Held) => {
                let (_, runners) = sessions::runners(&self.conn, &session)?;
                let names = super::peers::unqualified(&self.conn, &runners, course)?;
                let verb = if names.len() == 1 { "is" } else { "are" };
                (!names.is_empty()).then(|| {
                    format!(
                        "{} {verb} not qualified to deliver {course}, which this group requires of its facilitators",
                        text::listed(&names)
                    )
                })
            }
            _ => None,
        };
        let event = super::events::kind_of(&self.conn, group.id)?;
        Ok(Register { session, group_name: group.details.name, event, lines, headcount, clearance_problem, qualification_problem })
    }

    /// Marks a person who came without being on the roster that day (found on People, or from
    /// another group): a drop-in, who attended but was not expected. Enrolling them is offered
    /// by the screens, never forced. Only an attended mark: a drop-in who did not come was not
    /// there at all.
    pub fn add_drop_in(
        &mut self,
        actor: &Actor,
        session_id: SessionId,
        participant_id: ParticipantId,
        mark: MarkKind,
    ) -> Result<RegisterSaved> {
        actor.require(Act::WriteRecords)?;
        let today = self.today();
        self.write(actor, Action::AddDropIn, |tx| mark_drop_in(tx, actor, session_id, participant_id, mark, today))
    }

    /// Adds a new person with the minimum (names; a prison number for a person in custody) and
    /// marks them as a drop-in, in one transaction: both land, with both audit rows, or neither.
    pub fn add_new_drop_in(
        &mut self,
        actor: &Actor,
        session_id: SessionId,
        details: &ParticipantDetails,
        mark: MarkKind,
    ) -> Result<NewDropIn> {
        actor.require(Act::WriteRecords)?;
        let today = self.today();
        let details = details.normalised(today)?;
        let workstation = self.workstation.clone();
        self.write(actor, Action::AddDropIn, |tx| {
            let session = sessions::get(tx, session_id)?;
            let establishment = groups::get(tx, session.group_id)?.establishment_id;
            let participant = super::participants::insert(tx, actor, establishment, &details, None)?;
            super::audit::append(tx, &workstation, Some(actor.staff_id), Action::AddPerson, &participant.record())?;
            let saved = mark_drop_in(tx, actor, session_id, participant.id, mark, today)?;
            Ok(NewDropIn { participant, saved })
        })
    }

    /// Takes a drop-in off a register (marked by mistake). A person on the roster is refused:
    /// their mark is changed on the register instead.
    pub fn remove_drop_in(&mut self, actor: &Actor, session_id: SessionId, participant_id: ParticipantId) -> Result<RegisterSaved> {
        actor.require(Act::WriteRecords)?;
        self.write(actor, Action::RemoveDropIn, |tx| {
            let session = sessions::get(tx, session_id)?;
            if !drop_ins_of(tx, session_id)?.contains(&participant_id) {
                return Err(Error::invalid("person", "is not a drop-in at this session"));
            }
            super::participants::refuse_if_erased(tx, participant_id)?;
            tx.execute("DELETE FROM attendance WHERE session_id = ?1 AND participant_id = ?2", params![session_id, participant_id])?;
            let marked = marks_of(tx, session_id)?;
            // The session stays held if anyone else came; with nobody left it is planned again.
            let mut status = session.status;
            if status == SessionStatus::Held && !marked.iter().any(|m| m.mark.attended()) && headcount_of(tx, session_id)?.is_empty() {
                status = SessionStatus::Planned;
                tx.execute("UPDATE session SET status = 'planned' WHERE id = ?1", [session_id])?;
            }
            let unmarked = unmarked_on_roster(tx, &session, &marked)?;
            Ok(RegisterSaved { session_id, status, saved: 0, unmarked })
        })
    }

    /// Records the people at a session whom nobody names. Counting anyone present says the
    /// session was held, as a mark does.
    pub fn record_headcount(&mut self, actor: &Actor, session_id: SessionId, headcount: &Headcount) -> Result<RegisterSaved> {
        actor.require(Act::WriteRecords)?;
        let headcount = headcount.normalised()?;
        let today = self.today();
        self.write(actor, Action::RecordHeadcount, |tx| {
            let session = sessions::get(tx, session_id)?;
            refuse_unless_open(&session, today, !headcount.is_empty())?;
            if !headcount.is_empty() {
                check_runners(tx, &session)?;
            }
            insert_headcount(tx, session_id, &headcount)?;
            let status = held_if_anyone_came(tx, &session, !headcount.is_empty())?;
            let unmarked = unmarked_on_roster(tx, &session, &marks_of(tx, session_id)?)?;
            Ok(RegisterSaved { session_id, status, saved: 0, unmarked })
        })
    }

    /// Saves marks for a session in one transaction. Every person must be on the roster on the
    /// session's date; a session in the future takes only absences recorded in advance. Saving
    /// a mark that someone attended makes a planned session "held".
    pub fn take_register(&mut self, actor: &Actor, session_id: SessionId, marks: &[Mark]) -> Result<RegisterSaved> {
        actor.require(Act::WriteRecords)?;
        let marks: Vec<Mark> = marks.iter().enumerate().map(|(i, m)| m.normalised(&format!("mark {}", i + 1))).collect::<Result<_>>()?;
        let today = self.today();
        let attended = marks.iter().any(|m| m.mark != MarkKind::Absent);
        self.write(actor, Action::TakeRegister, |tx| {
            // Marking anyone present says the session was held: by people cleared to run it.
            if attended {
                let session = sessions::get(tx, session_id)?;
                check_runners(tx, &session)?;
            }
            save(tx, actor, session_id, &marks, today)
        })
    }

    /// "Everyone else present": marks present every person on the roster who has no mark yet,
    /// keeping absences recorded in advance.
    pub fn mark_all_present(&mut self, actor: &Actor, session_id: SessionId) -> Result<RegisterSaved> {
        actor.require(Act::WriteRecords)?;
        let today = self.today();
        self.write(actor, Action::TakeRegister, |tx| {
            let session = sessions::get(tx, session_id)?;
            check_runners(tx, &session)?;
            let marked: HashSet<ParticipantId> = marks_of(tx, session_id)?.into_iter().map(|m| m.participant_id).collect();
            // People whose records were erased stay on old rosters, but are never marked again.
            let mut marks = Vec::new();
            for l in enrolments::roster(tx, session.group_id, session.held_on)? {
                if !marked.contains(&l.participant.id) && super::participants::erased_on(tx, l.participant.id)?.is_none() {
                    marks.push(Mark::present(l.participant.id));
                }
            }
            save(tx, actor, session_id, &marks, today)
        })
    }
}

pub(crate) fn save(tx: &Connection, actor: &Actor, session_id: SessionId, marks: &[Mark], today: NaiveDate) -> Result<RegisterSaved> {
    let session = sessions::get(tx, session_id)?;
    if session.status == SessionStatus::Cancelled {
        return Err(Error::conflict(
            "session",
            format!(
                "was cancelled ({}); reinstate it before taking its register",
                session.cancellation_reason.map(|r| r.label()).unwrap_or("no reason").to_lowercase()
            ),
        ));
    }
    let roster: HashSet<ParticipantId> =
        enrolments::roster(tx, session.group_id, session.held_on)?.into_iter().map(|l| l.participant.id).collect();
    // A register saved whole sends its drop-ins' lines too: theirs may change, but never to absent.
    let drop_ins = drop_ins_of(tx, session_id)?;
    let in_future = session.held_on > today;
    let stored: HashMap<ParticipantId, Mark> = marks_of(tx, session_id)?.into_iter().map(|m| (m.participant_id, m)).collect();
    // A register saved again whole sends the marks of people whose records were erased as they
    // are: those are left alone; any change to them is refused.
    let mut unchanged_erased = HashSet::new();
    let mut seen = HashSet::new();
    for (i, m) in marks.iter().enumerate() {
        let field = format!("mark {}", i + 1);
        if !seen.insert(m.participant_id) {
            return Err(Error::invalid(field, "marks the same person twice"));
        }
        if drop_ins.contains(&m.participant_id) {
            if !m.mark.attended() {
                return Err(Error::invalid(
                    field,
                    "a drop-in is someone who came: take them off the register rather than mark them absent",
                ));
            }
        } else if !roster.contains(&m.participant_id) {
            return Err(not_on_roster(tx, &field, m.participant_id, session.held_on));
        }
        if let Some(on) = super::participants::erased_on(tx, m.participant_id)? {
            if stored.get(&m.participant_id) == Some(m) {
                unchanged_erased.insert(m.participant_id);
                continue;
            }
            return Err(Error::conflict(
                field,
                format!(
                    "this person's records were erased on {} after the retention period; their marks cannot change",
                    dates::display(on)
                ),
            ));
        }
        if in_future && m.mark != MarkKind::Absent {
            return Err(Error::invalid(
                field,
                format!(
                    "the session on {} has not happened yet; only absences can be recorded in advance",
                    dates::display(session.held_on)
                ),
            ));
        }
    }
    let now = now_utc();
    let mut upsert = tx.prepare_cached(
        "INSERT INTO attendance (session_id, participant_id, mark, absence_reason, note, recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (session_id, participant_id) DO UPDATE SET
            mark = excluded.mark, absence_reason = excluded.absence_reason, note = excluded.note,
            recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by",
    )?;
    for m in marks.iter().filter(|m| !unchanged_erased.contains(&m.participant_id)) {
        upsert.execute(params![session_id, m.participant_id, m.mark, m.absence_reason, m.note, now, actor.staff_id])?;
    }
    let mut status = session.status;
    if status == SessionStatus::Planned && !in_future && marks.iter().any(|m| m.mark.attended()) {
        status = SessionStatus::Held;
        tx.prepare_cached("UPDATE session SET status = 'held' WHERE id = ?1")?.execute([session_id])?;
    }
    let marked: HashSet<ParticipantId> = marks_of(tx, session_id)?.into_iter().map(|m| m.participant_id).collect();
    let unmarked = roster.iter().filter(|p| !marked.contains(p)).count() as u32;
    Ok(RegisterSaved { session_id, status, saved: (marks.len() - unchanged_erased.len()) as u32, unmarked })
}

/// A drop-in added at a register with a new person's record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewDropIn {
    pub participant: Participant,
    pub saved: RegisterSaved,
}

impl super::audit::Audited for NewDropIn {
    fn record(&self) -> super::audit::Record {
        super::audit::Record::of("session", self.saved.session_id).detail("a new person added as a drop-in")
    }
}

/// Writes a session's headcount (already checked), replacing any earlier one.
pub(crate) fn insert_headcount(tx: &Connection, session_id: SessionId, headcount: &Headcount) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO session_headcount (session_id, others_present, visitors, visitors_from) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (session_id) DO UPDATE SET
            others_present = excluded.others_present, visitors = excluded.visitors, visitors_from = excluded.visitors_from",
    )?
    .execute(params![session_id, headcount.others_present, headcount.visitors, headcount.visitors_from])?;
    Ok(())
}

fn mark_drop_in(
    tx: &Connection,
    actor: &Actor,
    session_id: SessionId,
    participant_id: ParticipantId,
    mark: MarkKind,
    today: NaiveDate,
) -> Result<RegisterSaved> {
    let session = sessions::get(tx, session_id)?;
    if !mark.attended() {
        return Err(Error::invalid("mark", "a drop-in is someone who came: mark them present, late or left early"));
    }
    refuse_unless_open(&session, today, true)?;
    let participant = super::participants::get(tx, participant_id)?;
    super::participants::refuse_if_erased(tx, participant_id)?;
    let establishment = groups::get(tx, session.group_id)?.establishment_id;
    if participant.establishment_id != establishment {
        return Err(Error::invalid("person", format!("{} is held at another establishment", participant.full_name())));
    }
    if enrolments::roster(tx, session.group_id, session.held_on)?.iter().any(|l| l.participant.id == participant_id) {
        return Err(Error::conflict("person", format!("{} is on this group's roster: mark them on the register", participant.full_name())));
    }
    if marks_of(tx, session_id)?.iter().any(|m| m.participant_id == participant_id) {
        return Err(Error::conflict("person", format!("{} is already on this register", participant.full_name())));
    }
    check_runners(tx, &session)?;
    tx.prepare_cached(
        "INSERT INTO attendance (session_id, participant_id, mark, absence_reason, note, recorded_at, recorded_by, drop_in)
         VALUES (?1, ?2, ?3, NULL, NULL, ?4, ?5, 1)",
    )?
    .execute(params![session_id, participant_id, mark, now_utc(), actor.staff_id])?;
    let status = held_if_anyone_came(tx, &session, true)?;
    let unmarked = unmarked_on_roster(tx, &session, &marks_of(tx, session_id)?)?;
    Ok(RegisterSaved { session_id, status, saved: 1, unmarked })
}

/// The session rule: everyone running `session` is cleared here on its date, unless someone
/// confirmed that it was held without a cleared facilitator (`Store::record_held_uncleared`).
fn check_runners(conn: &Connection, session: &Session) -> Result<()> {
    if session.held_uncleared.is_some() {
        return Ok(());
    }
    let (establishment, runners) = sessions::runners(conn, session)?;
    super::clearances::check_facilitators(conn, establishment, &runners, &[session.held_on])
}

/// A cancelled session takes nothing; a future one takes no attendance.
fn refuse_unless_open(session: &Session, today: NaiveDate, attended: bool) -> Result<()> {
    if session.status == SessionStatus::Cancelled {
        return Err(Error::conflict("session", "was cancelled; reinstate it before recording who came"));
    }
    if attended && session.held_on > today {
        return Err(Error::invalid(
            "session",
            format!("the session on {} has not happened yet; who came is recorded on the day or after", dates::display(session.held_on)),
        ));
    }
    Ok(())
}

/// Someone came: a planned session becomes held.
fn held_if_anyone_came(tx: &Connection, session: &Session, came: bool) -> Result<SessionStatus> {
    if came && session.status == SessionStatus::Planned {
        tx.prepare_cached("UPDATE session SET status = 'held' WHERE id = ?1")?.execute([session.id])?;
        return Ok(SessionStatus::Held);
    }
    Ok(session.status)
}

fn unmarked_on_roster(tx: &Connection, session: &Session, marks: &[Mark]) -> Result<u32> {
    let marked: HashSet<ParticipantId> = marks.iter().map(|m| m.participant_id).collect();
    Ok(enrolments::roster(tx, session.group_id, session.held_on)?.iter().filter(|l| !marked.contains(&l.participant.id)).count() as u32)
}

/// The people marked at a session as drop-ins.
pub(crate) fn drop_ins_of(conn: &Connection, session_id: SessionId) -> Result<HashSet<ParticipantId>> {
    let mut stmt = conn.prepare_cached("SELECT participant_id FROM attendance WHERE session_id = ?1 AND drop_in = 1")?;
    let found = stmt.query_map([session_id], |r| r.get(0))?;
    Ok(found.collect::<rusqlite::Result<_>>()?)
}

/// A session's headcount; none recorded is nobody.
pub(crate) fn headcount_of(conn: &Connection, session_id: SessionId) -> Result<Headcount> {
    let mut stmt = conn.prepare_cached("SELECT others_present, visitors, visitors_from FROM session_headcount WHERE session_id = ?1")?;
    let mut rows = stmt.query([session_id])?;
    match rows.next()? {
        Some(r) => Ok(Headcount { others_present: r.get(0)?, visitors: r.get(1)?, visitors_from: r.get(2)? }),
        None => Ok(Headcount::default()),
    }
}

fn not_on_roster(tx: &Connection, field: &str, id: ParticipantId, day: NaiveDate) -> Error {
    match super::participants::get(tx, id) {
        Ok(p) => Error::invalid(field, format!("{} is not on the group's roster on {}", p.full_name(), dates::display(day))),
        Err(_) => Error::invalid(field, format!("no person has the id {id}")),
    }
}

fn marks_of(conn: &Connection, session_id: SessionId) -> Result<Vec<Mark>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {MARK} FROM attendance a WHERE a.session_id = ?1"))?;
    let found = stmt.query_map([session_id], |r| rows::mark(r, 0))?;
    Ok(found.collect::<rusqlite::Result<_>>()?)
}
