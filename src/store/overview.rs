//! What the Today screen shows: a week's sessions (today's week unless another is asked for),
//! the registers of the last fortnight still to record, programmes nearing their end, and people
//! expected to be liberated soon.

use super::rows::{self, iso, GROUP};
use super::Store;
use crate::actor::{Act, Actor};
use crate::error::Result;
use crate::model::*;
use chrono::{Days, NaiveDate};
use rusqlite::params;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Overview {
    pub today: NaiveDate,
    /// The Monday of the week shown.
    pub week_start: NaiveDate,
    /// That week's sessions, Monday to Sunday.
    pub sessions: Vec<super::SessionListing>,
    /// Sessions of the last 14 days (before today) neither recorded nor cancelled, newest first:
    /// yesterday's evening meeting keyed in this morning.
    pub still_to_record: Vec<super::SessionListing>,
    pub programmes_ending: Vec<ProgrammeProgress>,
    /// The countdown: in custody with an expected liberation in the next eight weeks (or
    /// passed), with what is missing.
    pub liberations_due: Vec<super::LiberationDue>,
    /// Liberated or transferred in the last seven weeks.
    pub follow_up: Vec<super::FollowUp>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProgrammeProgress {
    pub group: Group,
    pub held: u32,
    pub planned: u32,
    pub last_session: NaiveDate,
}

/// How far back Today looks for registers still to record.
pub const STILL_TO_RECORD_DAYS: u64 = 14;

impl Store {
    /// Today's screen, showing the week (Monday to Sunday) that holds `week`, today's by default.
    pub fn overview(&self, actor: &Actor, establishment: EstablishmentId, week: Option<NaiveDate>) -> Result<Overview> {
        actor.require(Act::ReadRecords)?;
        let today = self.today();
        let week_start = crate::dates::monday_of(week.unwrap_or(today));
        let horizon = today + Days::new(28);
        let sessions = self.sessions(actor, None, Some(establishment), week_start, week_start + Days::new(6))?;
        let mut still_to_record: Vec<_> = self
            .sessions(actor, None, Some(establishment), today - Days::new(STILL_TO_RECORD_DAYS), today - Days::new(1))?
            .into_iter()
            .filter(|s| s.session.status == SessionStatus::Planned)
            .collect();
        still_to_record.reverse();

        let mut stmt = self.conn.prepare(&format!(
            "SELECT {GROUP},
                    (SELECT count(*) FROM session s WHERE s.group_id = g.id AND s.status = 'held'),
                    (SELECT max(held_on) FROM session s WHERE s.group_id = g.id AND s.status <> 'cancelled') AS last
               FROM recovery_group g
              WHERE g.establishment_id = ?1 AND g.kind = 'programme' AND last BETWEEN ?2 AND ?3
              ORDER BY last, g.name"
        ))?;
        let programmes_ending = stmt
            .query_map(params![establishment, iso(today), iso(horizon)], |r| {
                let group = rows::group(r, 0)?;
                Ok(ProgrammeProgress {
                    planned: group.details.planned_sessions.unwrap_or(0),
                    group,
                    held: r.get(rows::GROUP_WIDTH)?,
                    last_session: rows::date(r, rows::GROUP_WIDTH + 1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;

        let liberations_due = self.due_for_liberation(actor, Some(establishment))?;
        let follow_up = self.follow_up(actor, Some(establishment))?;
        Ok(Overview { today, week_start, sessions, still_to_record, programmes_ending, liberations_due, follow_up })
    }
}
