//! The pages the app and the command line show, each from a fixed number of queries (not one
//! per line): the shell and the CLI ask for a page and show it.

use super::Store;
use crate::actor::{Act, Actor};
use crate::error::Result;
use crate::model::*;
use crate::views::{AwardLine, EnrolmentLine, GroupFigures, GroupPage, ParticipantPage, RosterFigures};
use chrono::Days;
use std::collections::HashMap;

/// How far ahead a group's page lists planned sessions.
const SESSIONS_AHEAD_DAYS: u64 = 366;

impl Store {
    /// A person's page: their details (the view is audited), every enrolment with its group's
    /// name, their attendance per group, and their certificates with each award's title.
    pub fn participant_page(&mut self, actor: &Actor, id: ParticipantId) -> Result<ParticipantPage> {
        actor.require(Act::ReadRecords)?;
        let participant = self.view_participant(actor, id)?;
        let group_names: HashMap<GroupId, String> = self.names_by_id(
            "SELECT DISTINCT g.id, g.name FROM enrolment e JOIN recovery_group g ON g.id = e.group_id WHERE e.participant_id = ?1",
            id,
        )?;
        let titles: HashMap<AwardTypeId, String> = self.names_by_id(
            "SELECT DISTINCT t.id, t.title FROM award a JOIN award_type t ON t.id = a.award_type_id WHERE a.participant_id = ?1",
            id,
        )?;
        let enrolments = self
            .enrolments_of_participant(actor, id)?
            .into_iter()
            .map(|enrolment| EnrolmentLine { group_name: group_names.get(&enrolment.group_id).cloned().unwrap_or_default(), enrolment })
            .collect();
        let attendance = self
            .attendance_of_participant(actor, id)?
            .into_iter()
            .map(|g| GroupFigures { group_id: g.group_id, group_name: g.group_name, figures: g.counts.into() })
            .collect();
        let awards = self
            .awards_of_participant(actor, id)?
            .into_iter()
            .map(|award| AwardLine { title: titles.get(&award.award_type_id).cloned().unwrap_or_default(), award })
            .collect();
        let events = super::events::attended_by(&self.conn, id)?;
        let elsewhere = self.histories_elsewhere(actor, id)?;
        Ok(ParticipantPage { participant, enrolments, attendance, events, awards, elsewhere })
    }

    /// A group's page: its details, everyone ever enrolled (current first), each person's
    /// attendance, and its sessions from the start to a year ahead.
    pub fn group_page(&self, actor: &Actor, id: GroupId) -> Result<GroupPage> {
        actor.require(Act::ReadRecords)?;
        let group = self.group(actor, id)?;
        let enrolments = self.enrolments_of_group(actor, id)?;
        let attendance = self
            .attendance_of_group(actor, id)?
            .into_iter()
            .map(|(participant, counts)| RosterFigures { participant, figures: counts.into() })
            .collect();
        let to = self.today() + Days::new(SESSIONS_AHEAD_DAYS);
        let sessions = self.sessions(actor, Some(id), None, group.details.starts_on, to)?;
        Ok(GroupPage { group, enrolments, attendance, sessions })
    }

    /// Id → name pairs from one query about one person, for lines that show a name beside an id.
    fn names_by_id<K: rusqlite::types::FromSql + std::hash::Hash + Eq>(
        &self,
        sql: &str,
        person: ParticipantId,
    ) -> Result<HashMap<K, String>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let found = stmt.query_map([person], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(found.collect::<rusqlite::Result<_>>()?)
    }
}
