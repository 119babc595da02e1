//! The recovery passport's facts: what a person takes out with them. The groups they came to and
//! for how long, the awards they earned, and the services near home they were referred to, with
//! contact details. Nothing about the prison (its name, the person's number, hall names in group
//! names) unless the caseworker chooses to name it.

use super::awards::ISSUED_TITLE;
use super::liberation::ReferralLine;
use super::rows;
use super::Store;
use crate::actor::{Act, Actor};
use crate::error::Result;
use crate::model::*;
pub use crate::views::{Passport, PassportAward, PassportCapital, PassportGroup, PassportService};
use chrono::NaiveDate;
use rusqlite::params;

impl Store {
    /// The passport's facts for one person in custody (or just released).
    pub fn passport(&self, actor: &Actor, person: ParticipantId, name_prison: bool) -> Result<Passport> {
        actor.require(Act::ReadRecords)?;
        let plan = self.liberation_plan(actor, person)?;
        let p = &plan.participant;
        let establishment = if name_prison { Some(super::establishments::by_id(&self.conn, p.establishment_id)?.name) } else { None };

        let mut stmt = self.conn.prepare(
            "SELECT g.name, g.kind, min(s.held_on), max(s.held_on), count(*),
                    EXISTS (SELECT 1 FROM enrolment e WHERE e.group_id = g.id AND e.participant_id = ?1 AND e.leaving_reason = 'completed')
               FROM attendance a JOIN session s ON s.id = a.session_id JOIN recovery_group g ON g.id = s.group_id
              WHERE a.participant_id = ?1 AND s.status = 'held' AND a.mark IN ('present', 'late', 'left_early')
              GROUP BY g.id ORDER BY min(s.held_on)",
        )?;
        let attended: Vec<(String, GroupKind, NaiveDate, NaiveDate, u32, bool)> = stmt
            .query_map(params![person], |r| Ok((r.get(0)?, r.get(1)?, rows::date(r, 2)?, rows::date(r, 3)?, r.get(4)?, r.get(5)?)))?
            .collect::<rusqlite::Result<_>>()?;
        // Without the prison named, groups of one kind (two SMART groups in different halls)
        // read as one line.
        let mut groups: Vec<PassportGroup> = Vec::new();
        for (name, kind, first, last, sessions, completed) in attended {
            let shown = if name_prison || kind == GroupKind::Programme { name } else { kind.label().to_string() };
            match groups.iter_mut().find(|g| g.name == shown) {
                Some(g) => {
                    g.sessions_attended += sessions;
                    g.first = g.first.min(first);
                    g.last = g.last.max(last);
                    g.completed |= completed;
                }
                None => groups.push(PassportGroup { name: shown, sessions_attended: sessions, first, last, completed }),
            }
        }

        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ISSUED_TITLE}, a.awarded_on, a.number FROM award a
              WHERE a.participant_id = ?1 AND a.revoked_on IS NULL ORDER BY a.awarded_on, a.number"
        ))?;
        let awards = stmt
            .query_map(params![person], |r| Ok(PassportAward { title: r.get(0)?, awarded_on: rows::date(r, 1)?, number: r.get(2)? }))?
            .collect::<rusqlite::Result<_>>()?;

        let mut services: Vec<PassportService> = Vec::new();
        for ReferralLine { referral, service, .. } in plan.referrals {
            if referral.status() == ReferralStatus::Declined || services.iter().any(|s| s.service.id == service.id) {
                continue;
            }
            services.push(PassportService { referred_on: referral.referred_on, status: referral.status(), service });
        }
        // Shown only as the person chose at their latest assessment.
        let assessed = super::capital::assessments_of(&self.conn, person)?;
        let capital = match (assessed.first(), assessed.last()) {
            (Some(first), Some(latest)) if latest.details.on_passport => Some(PassportCapital {
                first_on: first.details.taken_on,
                first_total: first.total,
                latest_on: latest.details.taken_on,
                latest_total: latest.total,
            }),
            _ => None,
        };
        // Shown only as the person chose; group names as above (a hall in a name stays unsaid).
        let peer = super::peers::peer_record_of(&self.conn, person)?.filter(|r| r.on_passport).map(|r| {
            r.summary(|s| {
                if name_prison || s.group_kind == GroupKind::Programme {
                    s.group_name.clone()
                } else {
                    s.group_kind.label().to_string()
                }
            })
        });
        Ok(Passport {
            capital,
            peer,
            name: p.name_as_printed(),
            home_area: plan.home_area,
            establishment,
            prepared_on: self.today(),
            groups,
            awards,
            services,
        })
    }
}
