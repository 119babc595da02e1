//! Referrals into the service and programme waiting lists: recording a referral as it arrives,
//! its first contact and outcome; each programme's waiting list, oldest first; a cohort
//! allocated from it (the people enrolled, the skipped explained, in one transaction); and the
//! waiting-times figures the returns count (`rules::waiting`).

use super::audit::{Action, Audited, Record};
use super::rows::{self, iso, PARTICIPANT};
use super::{enrolments, groups, participants, Store};
use crate::actor::{Act, Actor};
use crate::dates;
use crate::error::{Error, Result};
use crate::model::*;
use crate::rules::waiting::{self, WaitingFigures};
use crate::text;
pub use crate::views::referrals_in::{ProgrammeLine, ReferralInLine, Skip, WaitingLine, WaitingList};
use chrono::NaiveDate;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// How long a reason for skipping someone may be.
pub const SKIP_REASON_MAX: usize = 200;

/// A cohort allocated from a waiting list: who is taken, and who is passed over with a reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Allocation {
    pub cohort_id: GroupId,
    /// The day they join the cohort's roster, and their wait ends.
    pub on: NaiveDate,
    pub take: Vec<ReferralInId>,
    pub skip: Vec<SkipReason>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SkipReason {
    pub referral_in_id: ReferralInId,
    pub reason: String,
}

/// What an allocation did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Allocated {
    pub programme_id: ProgrammeId,
    pub cohort: Group,
    pub enrolments: Vec<Enrolment>,
    pub skipped: u32,
}

impl Audited for ReferralIn {
    fn record(&self) -> Record {
        Record::of("person", self.participant_id).detail(format!("referral in {}", self.id))
    }
}

impl Audited for Programme {
    fn record(&self) -> Record {
        Record::of("programme", self.id)
    }
}

impl Audited for Allocated {
    fn record(&self) -> Record {
        Record::of("group", self.cohort.id).detail(format!("{} allocated, {} skipped", self.enrolments.len(), self.skipped))
    }
}

const REFERRAL_IN: &str = "r.id, r.participant_id, r.source, r.referred_on, r.wants, r.group_id, r.programme_id, \
     r.first_contact_on, r.outcome, r.outcome_on, r.cohort_id";

fn referral_in(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<ReferralIn> {
    Ok(ReferralIn {
        id: r.get(at)?,
        participant_id: r.get(at + 1)?,
        details: ReferralInDetails {
            source: r.get(at + 2)?,
            referred_on: rows::date(r, at + 3)?,
            wants: r.get(at + 4)?,
            group_id: r.get(at + 5)?,
            programme_id: r.get(at + 6)?,
        },
        first_contact_on: rows::opt_date(r, at + 7)?,
        outcome: r.get(at + 8)?,
        outcome_on: rows::opt_date(r, at + 9)?,
        cohort_id: r.get(at + 10)?,
    })
}

fn get(conn: &Connection, id: ReferralInId) -> Result<ReferralIn> {
    conn.prepare_cached(&format!("SELECT {REFERRAL_IN} FROM referral_in r WHERE r.id = ?1"))?
        .query_row([id], |r| referral_in(r, 0))
        .optional()?
        .ok_or_else(|| Error::not_found("referral in", id))
}

fn programme(conn: &Connection, id: ProgrammeId) -> Result<Programme> {
    conn.prepare_cached("SELECT id, establishment_id, name FROM programme WHERE id = ?1")?
        .query_row([id], |r| Ok(Programme { id: r.get(0)?, establishment_id: r.get(1)?, name: r.get(2)? }))
        .optional()?
        .ok_or_else(|| Error::not_found("programme", id))
}

fn skips_of(conn: &Connection, id: ReferralInId) -> Result<Vec<Skip>> {
    Ok(conn
        .prepare_cached(
            "SELECT k.referral_in_id, g.name, k.skipped_on, k.reason FROM waiting_list_skip k JOIN recovery_group g ON g.id = k.cohort_id
              WHERE k.referral_in_id = ?1 ORDER BY k.skipped_on DESC, k.id DESC",
        )?
        .query_map([id], |r| {
            Ok(Skip { referral_in_id: r.get(0)?, cohort_name: r.get(1)?, skipped_on: rows::date(r, 2)?, reason: r.get(3)? })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

fn line(conn: &Connection, referral: ReferralIn, today: NaiveDate) -> Result<ReferralInLine> {
    let wants_label = match (referral.details.group_id, referral.details.programme_id) {
        (Some(g), _) => groups::get(conn, g)?.details.name,
        (_, Some(p)) => programme(conn, p)?.name,
        _ => ReferralWants::OneToOne.label().to_string(),
    };
    let cohort_name = referral.cohort_id.map(|c| groups::get(conn, c).map(|g| g.details.name)).transpose()?;
    let days = match referral.days_waited() {
        Some(days) => days,
        None => (referral.outcome_on.unwrap_or(today) - referral.details.referred_on).num_days(),
    };
    Ok(ReferralInLine { skips: skips_of(conn, referral.id)?, wants_label, cohort_name, days, referral })
}

/// A person's referrals in, newest first (for their page and full record).
pub(crate) fn referrals_in_of(conn: &Connection, person: ParticipantId, today: NaiveDate) -> Result<Vec<ReferralInLine>> {
    let found: Vec<ReferralIn> = conn
        .prepare_cached(&format!(
            "SELECT {REFERRAL_IN} FROM referral_in r WHERE r.participant_id = ?1 ORDER BY r.referred_on DESC, r.id DESC"
        ))?
        .query_map([person], |r| referral_in(r, 0))?
        .collect::<rusqlite::Result<_>>()?;
    found.into_iter().map(|r| line(conn, r, today)).collect()
}

/// The waiting-times figures from `from` to `to` (both inclusive) for `establishments`.
pub(crate) fn figures(conn: &Connection, establishments: &[EstablishmentId], from: NaiveDate, to: NaiveDate) -> Result<WaitingFigures> {
    // Every referral that could touch the period: referred by its end, not closed before it.
    let sql = format!(
        "SELECT {REFERRAL_IN} FROM referral_in r JOIN participant p ON p.id = r.participant_id
          WHERE r.referred_on <= ?2 AND (r.outcome_on IS NULL OR r.outcome_on >= ?1) AND p.establishment_id IN ({})",
        rows::placeholders(establishments.len(), 3)
    );
    let args = rows::period_and_establishments(from, to, establishments);
    let found: Vec<ReferralIn> =
        conn.prepare(&sql)?.query_map(params_from_iter(args), |r| referral_in(r, 0))?.collect::<rusqlite::Result<_>>()?;
    Ok(waiting::figures(&found, from, to))
}

fn waiting_lines(conn: &Connection, programme: ProgrammeId, today: NaiveDate) -> Result<Vec<WaitingLine>> {
    let found: Vec<(ReferralIn, Participant)> = conn
        .prepare_cached(&format!(
            "SELECT {REFERRAL_IN}, {PARTICIPANT} FROM referral_in r JOIN participant p ON p.id = r.participant_id
              WHERE r.programme_id = ?1 AND r.outcome IS NULL ORDER BY r.referred_on, r.id"
        ))?
        .query_map([programme], |r| Ok((referral_in(r, 0)?, rows::participant(r, 11)?)))?
        .collect::<rusqlite::Result<_>>()?;
    found
        .into_iter()
        .map(|(referral, participant)| {
            let days_waiting = (today - referral.details.referred_on).num_days();
            Ok(WaitingLine {
                skips: skips_of(conn, referral.id)?,
                over_standard: days_waiting > referral_in::STANDARD_DAYS,
                days_waiting,
                referral,
                participant,
            })
        })
        .collect()
}

impl Store {
    /// Adds a programme (its waiting list starts empty). The name is unique in the establishment.
    pub fn add_programme(&mut self, actor: &Actor, establishment: EstablishmentId, name: &str) -> Result<Programme> {
        actor.require(Act::WriteRecords)?;
        let name = text::required("programme name", name, 80)?;
        self.write(actor, Action::AddProgramme, |tx| {
            let taken: bool = tx
                .prepare_cached("SELECT 1 FROM programme WHERE establishment_id = ?1 AND name = ?2 COLLATE NOCASE")?
                .exists(params![establishment, name])?;
            if taken {
                return Err(Error::conflict("programme name", format!("'{name}' is already a programme here")));
            }
            let id = ProgrammeId::new();
            tx.execute(
                "INSERT INTO programme (id, establishment_id, name, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![id, establishment, name, super::now_utc()],
            )?;
            Ok(Programme { id, establishment_id: establishment, name })
        })
    }

    /// Every programme (of one establishment, or all) with how many wait for it.
    pub fn programmes(&self, actor: &Actor, establishment: Option<EstablishmentId>) -> Result<Vec<ProgrammeLine>> {
        actor.require(Act::ReadRecords)?;
        let today = self.today();
        let found = self
            .conn
            .prepare_cached(
                "SELECT m.id, m.establishment_id, m.name, e.code,
                        (SELECT count(*) FROM referral_in r WHERE r.programme_id = m.id AND r.outcome IS NULL),
                        (SELECT min(r.referred_on) FROM referral_in r WHERE r.programme_id = m.id AND r.outcome IS NULL)
                   FROM programme m JOIN establishment e ON e.id = m.establishment_id
                  WHERE ?1 IS NULL OR m.establishment_id = ?1
                  ORDER BY e.code, m.name COLLATE folded",
            )?
            .query_map([establishment], |r| {
                Ok(ProgrammeLine {
                    programme: Programme { id: r.get(0)?, establishment_id: r.get(1)?, name: r.get(2)? },
                    establishment_code: r.get(3)?,
                    waiting: r.get(4)?,
                    longest_wait: rows::opt_date(r, 5)?.map(|d| (today - d).num_days()),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(found)
    }

    /// Records a referral into the service as it arrives.
    pub fn refer_in(&mut self, actor: &Actor, person: ParticipantId, details: &ReferralInDetails) -> Result<ReferralIn> {
        actor.require(Act::WriteRecords)?;
        let details = details.normalised(self.today())?;
        self.write(actor, Action::ReferIn, |tx| {
            participants::refuse_if_erased(tx, person)?;
            let p = participants::get(tx, person)?;
            if let Some(g) = details.group_id {
                let group = groups::get(tx, g)?;
                if group.establishment_id != p.establishment_id {
                    return Err(Error::invalid("group", "belongs to another establishment than the person"));
                }
                if group.details.kind == GroupKind::Programme {
                    return Err(Error::invalid(
                        "group",
                        "is a programme's cohort: refer to the programme, and allocate the cohort from its waiting list",
                    ));
                }
            }
            if let Some(m) = details.programme_id {
                if programme(tx, m)?.establishment_id != p.establishment_id {
                    return Err(Error::invalid("programme", "belongs to another establishment than the person"));
                }
                let waiting: bool = tx
                    .prepare_cached("SELECT 1 FROM referral_in WHERE participant_id = ?1 AND programme_id = ?2 AND outcome IS NULL")?
                    .exists(params![person, m])?;
                if waiting {
                    return Err(Error::conflict("programme", "the person is already on its waiting list"));
                }
            }
            let id = ReferralInId::new();
            let now = super::now_utc();
            tx.execute(
                "INSERT INTO referral_in (id, participant_id, source, referred_on, wants, group_id, programme_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                params![id, person, details.source, iso(details.referred_on), details.wants, details.group_id, details.programme_id, now],
            )?;
            get(tx, id)
        })
    }

    /// The day the service first saw the person about the referral.
    pub fn record_first_contact(&mut self, actor: &Actor, id: ReferralInId, on: NaiveDate) -> Result<ReferralIn> {
        actor.require(Act::WriteRecords)?;
        let today = self.today();
        self.write(actor, Action::UpdateReferralIn, |tx| {
            let r = get(tx, id)?;
            participants::refuse_if_erased(tx, r.participant_id)?;
            r.check_first_contact(on, today)?;
            tx.execute(
                "UPDATE referral_in SET first_contact_on = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, iso(on), super::now_utc()],
            )?;
            get(tx, id)
        })
    }

    /// Closes a referral: started (for a group, the person joins its roster that day),
    /// declined, not suitable, or liberated first. A programme's referral starts only by a
    /// cohort allocated from its waiting list.
    pub fn close_referral_in(&mut self, actor: &Actor, id: ReferralInId, outcome: ReferralOutcome, on: NaiveDate) -> Result<ReferralIn> {
        actor.require(Act::WriteRecords)?;
        let today = self.today();
        self.write(actor, Action::UpdateReferralIn, |tx| {
            let r = get(tx, id)?;
            participants::refuse_if_erased(tx, r.participant_id)?;
            r.check_outcome(on, today)?;
            if outcome == ReferralOutcome::Started {
                match (r.details.wants, r.details.group_id) {
                    (ReferralWants::Programme, _) => {
                        return Err(Error::invalid(
                            "outcome",
                            "a programme's referral starts when a cohort is allocated from its waiting list",
                        ))
                    }
                    (ReferralWants::Group, Some(group)) => {
                        let on_roster: bool = tx
                            .prepare_cached(
                                "SELECT 1 FROM enrolment WHERE group_id = ?1 AND participant_id = ?2 AND enrolled_on <= ?3
                                    AND (left_on IS NULL OR left_on > ?3)",
                            )?
                            .exists(params![group, r.participant_id, iso(on)])?;
                        if !on_roster {
                            enrolments::enrol(tx, group, r.participant_id, on)?;
                        }
                    }
                    _ => {}
                }
            }
            close(tx, id, outcome, on, None)?;
            get(tx, id)
        })
    }

    /// A person's referrals in, newest first.
    pub fn referrals_in(&self, actor: &Actor, person: ParticipantId) -> Result<Vec<ReferralInLine>> {
        actor.require(Act::ReadRecords)?;
        participants::get(&self.conn, person)?;
        referrals_in_of(&self.conn, person, self.today())
    }

    /// A programme's waiting list, oldest first, with the cohorts it can fill.
    pub fn waiting_list(&self, actor: &Actor, id: ProgrammeId) -> Result<WaitingList> {
        actor.require(Act::ReadRecords)?;
        let programme = programme(&self.conn, id)?;
        let today = self.today();
        let cohorts = groups::list_programmes(&self.conn, programme.establishment_id, today)?;
        Ok(WaitingList { lines: waiting_lines(&self.conn, id, today)?, cohorts, programme })
    }

    /// Fills a cohort from a programme's waiting list, oldest first: everyone taken joins the
    /// cohort's roster on `on` and their wait ends that day; everyone older than the last taken
    /// who is left waiting is skipped with a reason. All of it, or none.
    pub fn allocate_cohort(&mut self, actor: &Actor, id: ProgrammeId, allocation: &Allocation) -> Result<Allocated> {
        actor.require(Act::WriteRecords)?;
        let today = self.today();
        self.write(actor, Action::AllocateCohort, |tx| {
            let programme = programme(tx, id)?;
            let cohort = groups::get(tx, allocation.cohort_id)?;
            if cohort.details.kind != GroupKind::Programme || cohort.establishment_id != programme.establishment_id {
                return Err(Error::invalid(
                    "cohort",
                    format!("'{}' is not a structured programme of this establishment", cohort.details.name),
                ));
            }
            if allocation.on > today {
                return Err(Error::invalid("date allocated", format!("{} is in the future", dates::display(allocation.on))));
            }
            if allocation.take.is_empty() {
                return Err(Error::invalid("people", "none chosen to join the cohort"));
            }
            let lines = waiting_lines(tx, id, today)?;
            let name = |r: ReferralInId| {
                lines.iter().find(|l| l.referral.id == r).map(|l| l.participant.full_name()).unwrap_or_else(|| "someone".into())
            };
            for r in allocation.take.iter().chain(allocation.skip.iter().map(|s| &s.referral_in_id)) {
                if !lines.iter().any(|l| l.referral.id == *r) {
                    return Err(Error::invalid("people", format!("referral {r} is not on {}'s waiting list", programme.name)));
                }
            }
            let mut seen = std::collections::BTreeSet::new();
            for r in allocation.take.iter().chain(allocation.skip.iter().map(|s| &s.referral_in_id)) {
                if !seen.insert(*r) {
                    return Err(Error::invalid(name(*r), "is chosen twice (taken or skipped once only)"));
                }
            }
            // The list is worked oldest first: anyone older than the youngest taken and left
            // waiting is passed over, and that needs its reason.
            let last_taken = lines.iter().rposition(|l| allocation.take.contains(&l.referral.id)).unwrap_or(0);
            for l in &lines[..last_taken] {
                let taken = allocation.take.contains(&l.referral.id);
                let skipped = allocation.skip.iter().any(|s| s.referral_in_id == l.referral.id);
                if !taken && !skipped {
                    return Err(Error::invalid(
                        l.participant.full_name(),
                        format!(
                            "has waited longer ({} days) than people taken: take them, or give the reason for skipping them",
                            l.days_waiting
                        ),
                    ));
                }
            }
            for l in lines.iter().filter(|l| allocation.take.contains(&l.referral.id)) {
                if allocation.on < l.referral.details.referred_on {
                    return Err(Error::invalid(
                        l.participant.full_name(),
                        format!("was referred on {}, after the date allocated", dates::display(l.referral.details.referred_on)),
                    ));
                }
            }
            let reasons = allocation
                .skip
                .iter()
                .map(|s| text::required(&format!("reason for skipping {}", name(s.referral_in_id)), &s.reason, SKIP_REASON_MAX))
                .collect::<Result<Vec<_>>>()?;
            let mut enrolments = Vec::new();
            for r in &allocation.take {
                let l = lines.iter().find(|l| l.referral.id == *r).expect("checked above");
                let enrolment = enrolments::enrol(tx, cohort.id, l.participant.id, allocation.on).map_err(|e| match e {
                    Error::Invalid { problem, .. } | Error::Conflict { problem, .. } => Error::invalid(l.participant.full_name(), problem),
                    other => other,
                })?;
                close(tx, *r, ReferralOutcome::Started, allocation.on, Some(cohort.id))?;
                enrolments.push(enrolment);
            }
            for (s, reason) in allocation.skip.iter().zip(reasons) {
                tx.execute(
                    "INSERT INTO waiting_list_skip (id, referral_in_id, cohort_id, skipped_on, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![SkipId::new(), s.referral_in_id, cohort.id, iso(allocation.on), reason],
                )?;
            }
            Ok(Allocated { programme_id: id, cohort, enrolments, skipped: allocation.skip.len() as u32 })
        })
    }

    /// The waiting-times figures for a period, both days included.
    pub fn waiting_figures(
        &self,
        actor: &Actor,
        establishments: &[EstablishmentId],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<WaitingFigures> {
        actor.require(Act::ReadRecords)?;
        if to < from {
            return Err(Error::invalid("period", format!("ends ({}) before it starts ({})", dates::display(to), dates::display(from))));
        }
        let ids = if establishments.is_empty() {
            self.establishments(actor)?.into_iter().map(|e| e.id).collect()
        } else {
            establishments.to_vec()
        };
        figures(&self.conn, &ids, from, to)
    }
}

fn close(tx: &Connection, id: ReferralInId, outcome: ReferralOutcome, on: NaiveDate, cohort: Option<GroupId>) -> Result<()> {
    tx.execute(
        "UPDATE referral_in SET outcome = ?2, outcome_on = ?3, cohort_id = coalesce(?4, cohort_id), updated_at = ?5 WHERE id = ?1",
        params![id, outcome, iso(on), cohort, super::now_utc()],
    )?;
    Ok(())
}
