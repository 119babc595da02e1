//! A team of PCs keeping one record (issue 21): each PC has its own database file, every act
//! notes the rows it changed with a version (the team's clock, the PC, the PC's change number),
//! and change files carry rows from PC to PC, where each row's latest version wins, a mark
//! changed on two PCs waits for a person to choose, and a record made twice becomes one.
//! The rules are in ARCHITECTURE.md ("A team of PCs").

mod capture;
mod join;
mod key;
mod known;
mod send;
pub(crate) mod tables;
mod take_in;
mod trails;

pub(crate) use capture::stamp_act;
pub use join::{join_team, JoiningFile};
pub(crate) use key::note_rekey;
pub use send::SentChanges;
pub(crate) use tables::install_capture;
pub(crate) use take_in::marks_waiting_choice;
pub use take_in::{TakenIn, TakenInFrom};

use super::Store;
use crate::actor::{Act, Actor};
use crate::change_file::Refusal;
use crate::error::{Error, Result};
use crate::model::{ParticipantId, SessionId};
use crate::rules::clock::Stamp;
use crate::store::Action;
use chrono::{DateTime, Utc};
use known::uuid_of;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use uuid::Uuid;
use zeroize::Zeroizing;

/// A PC that has not sent changes for this many days is named on the team's page.
pub const QUIET_DAYS: i64 = 14;

/// This PC in its team.
pub(crate) struct ThisPc {
    pub device: Uuid,
    pub team: Uuid,
    pub signing_key: Zeroizing<[u8; 32]>,
    pub clock: Stamp,
    pub next_seq: i64,
    /// The first entry of this PC's own audit trail in the team.
    pub audit_from: i64,
    /// The database key the team's files are sealed under (hex), and the stamp of this PC's
    /// newest change of key.
    pub team_key: Option<String>,
    pub key_stamp: Option<String>,
}

impl ThisPc {
    pub(crate) fn read(conn: &Connection) -> Result<Option<ThisPc>> {
        let row = conn
            .prepare_cached("SELECT device_id, team_id, signing_key, clock, next_seq, audit_from, team_key, key_stamp FROM this_pc")?
            .query_row([], |r| {
                Ok((
                    (r.get::<_, Vec<u8>>(0)?, r.get::<_, Vec<u8>>(1)?, r.get::<_, Vec<u8>>(2)?, r.get::<_, String>(3)?),
                    (r.get(4)?, r.get(5)?, r.get::<_, Option<String>>(6)?, r.get::<_, Option<String>>(7)?),
                ))
            })
            .optional()?;
        Ok(row.map(|((device, team, secret, clock), (next_seq, audit_from, team_key, key_stamp))| {
            let device = uuid_of(device);
            let mut signing_key = Zeroizing::new([0u8; 32]);
            signing_key.copy_from_slice(&secret[..32.min(secret.len())]);
            ThisPc {
                device,
                team: uuid_of(team),
                signing_key,
                clock: Stamp::parse(&clock).unwrap_or(Stamp { wall_ms: 0, counter: 0, device }),
                next_seq,
                audit_from,
                team_key,
                key_stamp,
            }
        }))
    }

    fn required(conn: &Connection) -> Result<ThisPc> {
        ThisPc::read(conn)?.ok_or(Error::TeamFile(Refusal::NotInTeam))
    }
}

/// The PCs of the team not retired, this one included.
pub(crate) fn active_members(conn: &Connection) -> Result<Vec<Uuid>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM team_pc WHERE retired_on IS NULL ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok(uuid_of(r.get::<_, Vec<u8>>(0)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The team's page: this PC, the others, and when each last sent changes that reached this one.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TeamStatus {
    /// None while this PC is on its own.
    pub this_pc: Option<TeamMember>,
    pub members: Vec<TeamMember>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub conflicts: usize,
    /// When changes from another PC were last taken in here (London time, as text).
    pub last_taken_in: Option<String>,
    /// Stretches of the other PCs' audit trails that have not arrived.
    pub audit_gaps: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TeamMember {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub id: Uuid,
    pub name: String,
    pub retired: bool,
    /// When it made the newest of its files taken in here (London time), if any was.
    pub last_changes: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub days_since_changes: Option<i64>,
    /// "Café PC: last changes 23 days ago", when it has been quiet for over `QUIET_DAYS`.
    pub warning: Option<String>,
}

/// A mark made on two PCs without sight of each other.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MarkConflict {
    pub session_id: SessionId,
    pub participant_id: ParticipantId,
    pub person: String,
    pub group: String,
    pub held_on: chrono::NaiveDate,
    pub kept: MarkVersion,
    pub other: MarkVersion,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MarkVersion {
    pub mark: String,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub recorded_by: String,
    pub recorded_at: String,
    pub pc: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ConflictChoice {
    Kept,
    Other,
}

impl Store {
    /// Whether this PC is in a team, for the screens that show team things only then.
    pub fn in_team(&self) -> Result<bool> {
        Ok(ThisPc::read(&self.conn)?.is_some())
    }

    pub fn team_status(&self, actor: &Actor) -> Result<TeamStatus> {
        actor.require(Act::ReadRecords)?;
        let me = ThisPc::read(&self.conn)?;
        let now = self.clock_now();
        let mut stmt = self.conn.prepare(
            "SELECT p.id, p.name, p.retired_on IS NOT NULL, s.made_at, s.taken_in_at
             FROM team_pc p LEFT JOIN team_file_seen s ON s.member = p.id ORDER BY p.name COLLATE folded",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                uuid_of(r.get(0)?),
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        let mut this_pc = None;
        let mut members = Vec::new();
        let mut last_taken_in: Option<String> = None;
        for row in rows {
            let (id, name, retired, made_at, taken_in_at) = row?;
            let made = made_at.as_deref().and_then(|t| DateTime::parse_from_rfc3339(t).ok()).map(|t| t.with_timezone(&Utc));
            let days = made.map(|m| (now - m).num_days());
            let warning = match (retired, days, me.as_ref().is_some_and(|m| m.device == id)) {
                (false, Some(d), false) if d > QUIET_DAYS => Some(format!("{name}: last changes {d} days ago")),
                (false, None, false) => Some(format!("{name}: no changes taken in from it yet")),
                _ => None,
            };
            if let Some(t) = taken_in_at {
                if last_taken_in.as_ref().is_none_or(|l| *l < t) {
                    last_taken_in = Some(t);
                }
            }
            let member = TeamMember {
                id,
                name,
                retired,
                last_changes: made_at.as_deref().map(crate::dates::display_moment),
                days_since_changes: days,
                warning,
            };
            if me.as_ref().is_some_and(|m| m.device == id) {
                this_pc = Some(member);
            } else {
                members.push(member);
            }
        }
        let conflicts: i64 = self.conn.query_row("SELECT count(*) FROM mark_conflict", [], |r| r.get(0))?;
        let conflicts = conflicts as usize;
        let last_taken_in = last_taken_in.as_deref().map(crate::dates::display_moment);
        Ok(TeamStatus { this_pc, members, conflicts, last_taken_in, audit_gaps: trails::gaps(&self.conn)? })
    }

    /// Retires a PC: files it makes from now on are refused here, and on every PC this change
    /// reaches. (Its copy of the key stays valid until the key is changed.)
    pub fn retire_pc(&mut self, actor: &Actor, pc: Uuid) -> Result<()> {
        actor.require(Act::ManageTeam)?;
        let me = ThisPc::required(&self.conn)?;
        if pc == me.device {
            return Err(Error::invalid("PC", "this PC cannot retire itself: retire it from another PC of the team"));
        }
        let today = self.today();
        self.write_about(Some(actor.staff_id), Action::RetirePc, crate::store::Record::of("pc", pc), |tx| {
            let changed = tx.execute(
                "UPDATE team_pc SET retired_on = ?2 WHERE id = ?1 AND retired_on IS NULL",
                params![pc.as_bytes().as_slice(), crate::store::rows::iso(today)],
            )?;
            if changed == 0 {
                return Err(Error::not_found("PC in the team", pc));
            }
            Ok(())
        })
    }

    /// Marks made on two PCs without sight of each other, waiting for a person to choose.
    pub fn mark_conflicts(&self, actor: &Actor) -> Result<Vec<MarkConflict>> {
        actor.require(Act::ManageTeam)?;
        let mut stmt = self.conn.prepare(
            "SELECT c.session_id, c.participant_id, p.family_name || ', ' || p.given_name, g.name, s.held_on, c.kept, c.other
             FROM mark_conflict c JOIN participant p ON p.id = c.participant_id
             JOIN session s ON s.id = c.session_id JOIN recovery_group g ON g.id = s.group_id
             ORDER BY s.held_on, g.name, p.family_name COLLATE folded, p.given_name COLLATE folded",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get::<_, String>(4)?, r.get::<_, String>(5)?, r.get::<_, String>(6)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (session_id, participant_id, person, group, held_on, kept, other) = row?;
            out.push(MarkConflict {
                session_id,
                participant_id,
                person,
                group,
                held_on: chrono::NaiveDate::parse_from_str(&held_on, "%Y-%m-%d")
                    .map_err(|e| Error::invalid("session date", e.to_string()))?,
                kept: take_in::describe_mark(&self.conn, &kept)?,
                other: take_in::describe_mark(&self.conn, &other)?,
            });
        }
        Ok(out)
    }

    /// A person's choice between the two versions of a mark: the one chosen is the mark (a new
    /// change, which travels), and the conflict is gone on every PC it reaches.
    pub fn resolve_conflict(
        &mut self,
        actor: &Actor,
        session: SessionId,
        participant: ParticipantId,
        choice: ConflictChoice,
    ) -> Result<()> {
        actor.require(Act::ManageTeam)?;
        self.write_about(Some(actor.staff_id), Action::ResolveConflict, crate::store::Record::of("session", session), |tx| {
            let other: String = tx
                .query_row(
                    "SELECT other FROM mark_conflict WHERE session_id = ?1 AND participant_id = ?2",
                    params![session, participant],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| Error::not_found("conflict", format!("{session} {participant}")))?;
            if choice == ConflictChoice::Other {
                take_in::restore_mark(tx, &other)?;
            } else {
                // Kept as it is, but stamped afresh so the choice is later than both versions.
                tx.execute(
                    "UPDATE attendance SET recorded_at = recorded_at WHERE session_id = ?1 AND participant_id = ?2",
                    params![session, participant],
                )?;
            }
            tx.execute("DELETE FROM mark_conflict WHERE session_id = ?1 AND participant_id = ?2", params![session, participant])?;
            Ok(())
        })
    }

    /// Wall time in milliseconds for the team's clock (moved by `set_clock_skew` in rehearsals,
    /// to try a PC whose clock is wrong).
    pub(crate) fn clock_now(&self) -> DateTime<Utc> {
        Utc::now() + self.clock_skew
    }

    #[cfg(any(test, feature = "test-support", feature = "rehearsal"))]
    pub fn set_clock_skew(&mut self, skew: chrono::Duration) {
        self.clock_skew = skew;
    }
}

impl Store {
    /// Every travelling row, as text, sorted, with the columns that stay on each PC left out:
    /// two PCs that hold the same records give the same list.
    #[cfg(any(test, feature = "test-support", feature = "rehearsal"))]
    pub fn team_dump(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for t in tables::TRAVELLING {
            let columns = send::columns_sent(&self.conn, t)?;
            let only = t.only_when.map(|c| format!(" WHERE {}", c.replace("{row}", t.name))).unwrap_or_default();
            let mut stmt = self.conn.prepare(&format!("SELECT {} FROM {}{only}", columns.join(", "), t.name))?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let cells = (0..columns.len()).map(|i| r.get_ref(i).map(send::cell)).collect::<rusqlite::Result<Vec<_>>>()?;
                out.push(format!("{} {:?}", t.name, cells));
            }
        }
        out.sort();
        Ok(out)
    }
}

/// The setting naming the PC that numbers an establishment's certificates.
fn numbering_key(establishment: crate::model::EstablishmentId) -> String {
    format!("certificate_numbers.{establishment}")
}

/// Certificate numbers are gapless and unique per establishment and year; two PCs counting apart
/// would give one number twice. So in a team one PC numbers each establishment's certificates
/// (the PC that started the team, until an administrator chooses another), and the others
/// refuse, naming it.
pub(crate) fn refuse_unless_numbering_here(tx: &Connection, est: &crate::model::Establishment) -> Result<()> {
    let Some(me) = ThisPc::read(tx)? else { return Ok(()) };
    let chosen: Option<String> = crate::store::settings::setting(tx, &numbering_key(est.id))?;
    let numbering = chosen.as_deref().and_then(|t| Uuid::try_parse(t).ok());
    if numbering == Some(me.device) {
        return Ok(());
    }
    let name: Option<String> = match numbering {
        Some(pc) => tx.query_row("SELECT name FROM team_pc WHERE id = ?1", [pc.as_bytes().as_slice()], |r| r.get(0)).optional()?,
        None => None,
    };
    Err(Error::conflict(
        "certificate numbers",
        match name {
            Some(name) => format!(
                "{}'s certificates are numbered on \"{name}\": issue them there, or have an administrator choose this PC to number them (Admin, Team)",
                est.name
            ),
            None => format!("no PC of the team numbers {}'s certificates yet: an administrator chooses one (Admin, Team)", est.name),
        },
    ))
}

impl Store {
    /// Chooses the PC of the team that numbers `establishment`'s certificates. The choice
    /// travels; until it reaches the PC that numbered them before, both could issue, so it is
    /// made on that PC or after the exchange that carries it.
    pub fn choose_numbering_pc(&mut self, actor: &Actor, establishment: crate::model::EstablishmentId, pc: Uuid) -> Result<()> {
        actor.require(Act::ManageTeam)?;
        ThisPc::required(&self.conn)?;
        self.write_about(Some(actor.staff_id), Action::ChangeSetting, crate::store::Record::of("establishment", establishment), |tx| {
            let known: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM team_pc WHERE id = ?1 AND retired_on IS NULL)",
                [pc.as_bytes().as_slice()],
                |r| r.get(0),
            )?;
            if !known {
                return Err(Error::not_found("PC in the team", pc));
            }
            crate::store::settings::put_setting(tx, &numbering_key(establishment), &pc.to_string())
        })
    }

    /// Which PC numbers each establishment's certificates.
    pub fn numbering_pcs(&self, actor: &Actor) -> Result<Vec<NumberingPc>> {
        actor.require(Act::ReadRecords)?;
        let establishments: Vec<(crate::model::EstablishmentId, String)> = self
            .conn
            .prepare("SELECT id, name FROM establishment ORDER BY name")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for (establishment_id, establishment) in establishments {
            let pc_id =
                crate::store::settings::setting(&self.conn, &numbering_key(establishment_id))?.and_then(|t| Uuid::try_parse(&t).ok());
            let pc: Option<String> = match pc_id {
                Some(pc) => {
                    self.conn.query_row("SELECT name FROM team_pc WHERE id = ?1", [pc.as_bytes().as_slice()], |r| r.get(0)).optional()?
                }
                None => None,
            };
            out.push(NumberingPc { establishment_id, establishment, pc_id, pc });
        }
        Ok(out)
    }
}

/// The PC that numbers an establishment's certificates (none yet: `pc` is None).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NumberingPc {
    pub establishment_id: crate::model::EstablishmentId,
    pub establishment: String,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub pc_id: Option<Uuid>,
    pub pc: Option<String>,
}

/// In a team, this PC numbers `establishment`'s certificates (one it has just added).
pub(crate) fn number_here(tx: &Connection, establishment: crate::model::EstablishmentId) -> Result<()> {
    if let Some(me) = ThisPc::read(tx)? {
        crate::store::settings::put_setting(tx, &numbering_key(establishment), &me.device.to_string())?;
    }
    Ok(())
}

impl Store {
    /// Every PC's audit trail as this PC holds it (its own from where it joined the team, the
    /// others' as received): entry numbers and hashes, for tests comparing PCs.
    #[cfg(any(test, feature = "test-support", feature = "rehearsal"))]
    pub fn team_audit_trails(&self) -> Result<std::collections::BTreeMap<Uuid, Vec<(i64, String)>>> {
        let mut out = std::collections::BTreeMap::new();
        if let Some(me) = ThisPc::read(&self.conn)? {
            let mine: Vec<(i64, String)> = self
                .conn
                .prepare("SELECT seq, hash FROM audit WHERE seq >= ?1 ORDER BY seq")?
                .query_map([me.audit_from], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            out.insert(me.device, mine);
        }
        let mut stmt = self.conn.prepare("SELECT device, seq, hash FROM team_audit ORDER BY device, seq")?;
        let rows = stmt.query_map([], |r| Ok((uuid_of(r.get(0)?), r.get::<_, i64>(1)?, r.get::<_, String>(2)?)))?;
        for row in rows {
            let (device, seq, hash) = row?;
            out.entry(device).or_insert_with(Vec::new).push((seq, hash));
        }
        Ok(out)
    }

    /// Stretches of the other PCs' audit trails that have not arrived.
    pub fn audit_gaps(&self, actor: &Actor) -> Result<Vec<String>> {
        actor.require(Act::ReadRecords)?;
        trails::gaps(&self.conn)
    }
}
