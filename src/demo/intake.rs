//! The demo's referrals into the service: everyone who joined a group or a programme's cohort
//! was referred first (by hall staff, healthcare, themselves ...) and waited some days, most
//! within the three weeks, some not; each programme (its cohorts' shared title) has a waiting
//! list of people referred in the last two months; a few one-to-one referrals are open, a few
//! declined. Written straight after the simulation, with the enrolments it made.

use super::liberation::dice;
use crate::error::Result;
use crate::model::*;
use crate::store::rows::iso;
use chrono::{Days, NaiveDate};
use rusqlite::{params, Connection};
use std::collections::BTreeMap;

/// Days waited, picked by the dice: four in five start within three weeks.
const WAITS: [u64; 10] = [1, 3, 6, 8, 11, 13, 16, 20, 26, 37];

const SOURCES: [ReferralSource; 6] = [
    ReferralSource::SelfReferral,
    ReferralSource::HallStaff,
    ReferralSource::Healthcare,
    ReferralSource::SelfReferral,
    ReferralSource::AnotherPrison,
    ReferralSource::Community,
];

/// A cohort's programme: its name up to " – cohort".
fn programme_of(cohort: &str) -> &str {
    cohort.split(" – cohort").next().unwrap_or(cohort).trim()
}

pub(crate) fn write_referrals_in(tx: &Connection, until: NaiveDate) -> Result<u32> {
    let now = crate::store::now_utc();
    let mut written = 0;
    let establishments: Vec<EstablishmentId> =
        tx.prepare("SELECT id FROM establishment ORDER BY code")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    for est in establishments {
        // A programme for each title its cohorts share.
        let cohorts: Vec<(GroupId, String)> = tx
            .prepare("SELECT id, name FROM recovery_group WHERE establishment_id = ?1 AND kind = 'programme' ORDER BY starts_on")?
            .query_map([est], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut programmes: BTreeMap<String, ProgrammeId> = BTreeMap::new();
        for (_, name) in &cohorts {
            if let std::collections::btree_map::Entry::Vacant(slot) = programmes.entry(programme_of(name).to_string()) {
                let id = ProgrammeId::new();
                tx.execute(
                    "INSERT INTO programme (id, establishment_id, name, created_at) VALUES (?1, ?2, ?3, ?4)",
                    params![id, est, slot.key(), now],
                )?;
                slot.insert(id);
            }
        }
        let cohort_programme: BTreeMap<GroupId, ProgrammeId> =
            cohorts.iter().map(|(id, name)| (*id, programmes[programme_of(name)])).collect();

        // Every enrolment in a group or cohort (not an event) was a referral started.
        let enrolments: Vec<(ParticipantId, GroupId, NaiveDate)> = tx
            .prepare(
                "SELECT e.participant_id, e.group_id, e.enrolled_on FROM enrolment e JOIN recovery_group g ON g.id = e.group_id
                  WHERE g.establishment_id = ?1 AND NOT EXISTS (SELECT 1 FROM event v WHERE v.group_id = g.id)
                  ORDER BY e.enrolled_on, e.id",
            )?
            .query_map([est], |r| Ok((r.get(0)?, r.get(1)?, crate::store::rows::date(r, 2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut insert = tx.prepare(
            "INSERT INTO referral_in (id, participant_id, source, referred_on, wants, group_id, programme_id, first_contact_on,
                                      outcome, outcome_on, cohort_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
        )?;
        for (i, (person, group, on)) in enrolments.iter().enumerate() {
            let wait = WAITS[dice(i, 31) % WAITS.len()];
            let referred = *on - Days::new(wait);
            let first_seen = referred + Days::new(wait / 2);
            let source = SOURCES[dice(i, 37) % SOURCES.len()];
            let (wants, group_id, programme_id, cohort) = match cohort_programme.get(group) {
                Some(p) => (ReferralWants::Programme, None, Some(*p), Some(*group)),
                None => (ReferralWants::Group, Some(*group), None, None),
            };
            insert.execute(params![
                ReferralInId::new(),
                person,
                source,
                iso(referred),
                wants,
                group_id,
                programme_id,
                iso(first_seen),
                ReferralOutcome::Started,
                iso(*on),
                cohort,
                now
            ])?;
            written += 1;
        }

        // Waiting now: people in custody on no programme, referred in the last two months.
        let free: Vec<ParticipantId> = tx
            .prepare(
                "SELECT p.id FROM participant p WHERE p.establishment_id = ?1 AND p.kind = 'in_custody' AND p.status = 'in_custody'
                    AND NOT EXISTS (SELECT 1 FROM enrolment e JOIN recovery_group g ON g.id = e.group_id
                                     WHERE e.participant_id = p.id AND g.kind = 'programme' AND e.left_on IS NULL)
                  ORDER BY p.prison_number",
            )?
            .query_map([est], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let lists: Vec<ProgrammeId> = programmes.values().copied().collect();
        for (i, person) in free.iter().enumerate().take(9 + 3 + 2) {
            let referred = until - Days::new(2 + (dice(i, 41) as u64 * 60) / 100);
            let source = SOURCES[dice(i, 43) % SOURCES.len()];
            let (wants, programme, outcome) = match i {
                0..9 if !lists.is_empty() => (ReferralWants::Programme, Some(lists[i % lists.len()]), None),
                9..12 => (ReferralWants::OneToOne, None, None),
                _ => (ReferralWants::OneToOne, None, Some((ReferralOutcome::Declined, (referred + Days::new(2)).min(until)))),
            };
            insert.execute(params![
                ReferralInId::new(),
                person,
                source,
                iso(referred),
                wants,
                None::<GroupId>,
                programme,
                None::<String>,
                outcome.map(|o| o.0),
                outcome.map(|o| iso(o.1)),
                None::<GroupId>,
                now
            ])?;
            written += 1;
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_cohort_belongs_to_the_programme_its_name_begins_with() {
        assert_eq!(super::programme_of("Moving On In Recovery (MOIR) – cohort 3"), "Moving On In Recovery (MOIR)");
        assert_eq!(super::programme_of("Recovery College"), "Recovery College");
    }
}
