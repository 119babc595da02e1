//! Attendance figures computed in SQL with the one definition of "expected": sessions held
//! while the person was enrolled (enrolled_on <= held_on < left_on).

use super::Store;
use crate::actor::{Act, Actor};
use crate::error::Result;
use crate::model::*;
use crate::rules::attendance::AttendanceCounts;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Joins each enrolment to the held sessions it covers, and to the person's mark at each.
pub(crate) const EXPECTED_SESSIONS: &str = "
    FROM enrolment e
    JOIN session s ON s.group_id = e.group_id AND s.status = 'held'
                  AND s.held_on >= e.enrolled_on AND (e.left_on IS NULL OR s.held_on < e.left_on)
    LEFT JOIN attendance a ON a.session_id = s.id AND a.participant_id = e.participant_id";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupAttendance {
    pub group_id: GroupId,
    pub group_name: String,
    pub counts: AttendanceCounts,
}

impl Store {
    /// One person's attendance, per group they have been enrolled on.
    pub fn attendance_of_participant(&self, actor: &Actor, id: ParticipantId) -> Result<Vec<GroupAttendance>> {
        actor.require(Act::ReadRecords)?;
        let mut per_group: BTreeMap<(String, GroupId), AttendanceCounts> = BTreeMap::new();
        let mut names: BTreeMap<GroupId, String> = BTreeMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT g.id, g.name FROM enrolment e JOIN recovery_group g ON g.id = e.group_id WHERE e.participant_id = ?1")?;
        for row in stmt.query_map([id], |r| Ok((r.get::<_, GroupId>(0)?, r.get::<_, String>(1)?)))? {
            let (gid, name) = row?;
            per_group.entry((name.clone(), gid)).or_default();
            names.insert(gid, name);
        }
        let mut stmt =
            self.conn.prepare(&format!("SELECT e.group_id, a.mark, a.absence_reason {EXPECTED_SESSIONS} WHERE e.participant_id = ?1"))?;
        let mut q = stmt.query([id])?;
        while let Some(r) = q.next()? {
            let gid: GroupId = r.get(0)?;
            let mark: Option<MarkKind> = r.get(1)?;
            let counts = per_group.entry((names[&gid].clone(), gid)).or_default();
            counts.count(mark.map(|m| Ok::<_, rusqlite::Error>((m, r.get(2)?))).transpose()?);
        }
        Ok(per_group.into_iter().map(|((group_name, group_id), counts)| GroupAttendance { group_id, group_name, counts }).collect())
    }

    /// Each person's attendance at one group, in roster order.
    pub fn attendance_of_group(&self, actor: &Actor, group_id: GroupId) -> Result<Vec<(Participant, AttendanceCounts)>> {
        actor.require(Act::ReadRecords)?;
        let mut out: Vec<(Participant, AttendanceCounts)> =
            self.enrolments_of_group(actor, group_id)?.into_iter().map(|l| (l.participant, AttendanceCounts::default())).collect();
        out.dedup_by(|a, b| a.0.id == b.0.id);
        let mut counts = counts_by_participant(&self.conn, group_id)?;
        for (p, c) in &mut out {
            *c = counts.remove(&p.id).unwrap_or_default();
        }
        Ok(out)
    }
}

/// Each person's attendance at one group: the one place both the roster figures and the
/// completion rule get their counts from.
pub(crate) fn counts_by_participant(conn: &rusqlite::Connection, group_id: GroupId) -> Result<BTreeMap<ParticipantId, AttendanceCounts>> {
    let mut counts: BTreeMap<ParticipantId, AttendanceCounts> = BTreeMap::new();
    let mut stmt =
        conn.prepare_cached(&format!("SELECT e.participant_id, a.mark, a.absence_reason {EXPECTED_SESSIONS} WHERE e.group_id = ?1"))?;
    let mut q = stmt.query([group_id])?;
    while let Some(r) = q.next()? {
        let mark: Option<MarkKind> = r.get(1)?;
        counts.entry(r.get(0)?).or_default().count(mark.map(|m| Ok::<_, rusqlite::Error>((m, r.get(2)?))).transpose()?);
    }
    Ok(counts)
}
