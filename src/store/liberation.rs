//! Liberation planning: each person's home area, consent to share, referrals and their steps,
//! meetings; the countdown of people due out, the follow-up list of people just gone, and the
//! figures the monthly return counts (liberations, referrals, continuity of care).

use super::audit::{Action, Record};
use super::rows::{self, iso, PARTICIPANT};
use super::services::{self, SERVICE_COLUMNS};
use super::{now_utc, participants, Store};
use crate::actor::{Act, Actor};
use crate::dates;
use crate::error::{Error, Result};
use crate::model::*;
use crate::rules::liberation::{self as rule, Countdown, InPlace, Outcome};
pub use crate::views::LiberationFigures;
use chrono::{Days, NaiveDate};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// People liberated or transferred within this many days stay on the follow-up list: the three
/// weeks of continuity of care and a month to record how it went.
pub const FOLLOW_UP_DAYS: u64 = 7 * 7;

/// A referral with the service it went to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReferralLine {
    pub referral: Referral,
    pub service: CommunityService,
    /// Where it stands: its latest step (`Referral::status`).
    pub status: ReferralStatus,
    /// The steps it may move on to, as the update form offers them (`rules::liberation::next_statuses`).
    pub next_statuses: Vec<ReferralStatus>,
}

/// Everything on one person's liberation plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LiberationPlan {
    pub participant: Participant,
    pub home_area: Option<String>,
    /// The home area as areas are matched (`area_key`): services with this key serve it.
    pub home_area_key: Option<String>,
    /// Newest first.
    pub consents: Vec<Consent>,
    /// The consents in force today (`Consent::in_force`): the screen shows which, without
    /// working it out again.
    pub consents_in_force: Vec<ConsentId>,
    /// Newest first.
    pub referrals: Vec<ReferralLine>,
    /// Newest first.
    pub meetings: Vec<Meeting>,
    /// While in custody with an expected date.
    pub countdown: Option<Countdown>,
    /// The latest liberation, if the person has been liberated.
    pub liberated_on: Option<NaiveDate>,
    /// How the latest liberation went (engaged within three weeks, still open, not engaged).
    pub outcome: Option<Outcome>,
}

/// A person on the countdown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LiberationDue {
    pub participant: Participant,
    pub home_area: Option<String>,
    pub countdown: Countdown,
}

/// A person on the follow-up list: liberated or transferred recently.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FollowUp {
    pub participant: Participant,
    pub home_area: Option<String>,
    /// Liberated or transferred, and since when.
    pub status: CustodyStatus,
    pub since: NaiveDate,
    /// Continuity of care, for a liberation (a transfer has none: the plan goes with them).
    pub outcome: Option<Outcome>,
    pub referrals: Vec<ReferralLine>,
}

fn consent(conn: &Connection, id: ConsentId) -> Result<Consent> {
    let c = conn
        .prepare_cached("SELECT id, participant_id, given_on, scope, withdrawn_on FROM consent WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(Consent {
                id: r.get(0)?,
                participant_id: r.get(1)?,
                given_on: rows::date(r, 2)?,
                scope: r.get(3)?,
                services: Vec::new(),
                establishments: Vec::new(),
                withdrawn_on: rows::opt_date(r, 4)?,
            })
        })
        .optional()?
        .ok_or_else(|| Error::not_found("consent", id))?;
    let services = conn
        .prepare_cached("SELECT service_id FROM consent_service WHERE consent_id = ?1 ORDER BY service_id")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let establishments = conn
        .prepare_cached("SELECT code FROM consent_establishment WHERE consent_id = ?1 ORDER BY code")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Consent { services, establishments, ..c })
}

pub(crate) fn consents_of(conn: &Connection, person: ParticipantId) -> Result<Vec<Consent>> {
    let ids: Vec<ConsentId> = conn
        .prepare_cached("SELECT id FROM consent WHERE participant_id = ?1 ORDER BY given_on DESC, created_at DESC")?
        .query_map([person], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter().map(|id| consent(conn, id)).collect()
}

fn referral(conn: &Connection, id: ReferralId) -> Result<ReferralLine> {
    let (referral, service) = conn
        .prepare_cached(&format!(
            "SELECT r.id, r.participant_id, r.service_id, r.referred_on, r.details_shared, r.consent_id, r.notes, {SERVICE_COLUMNS}
               FROM referral r JOIN community_service s ON s.id = r.service_id WHERE r.id = ?1"
        ))?
        .query_row([id], |r| {
            Ok((
                Referral {
                    id: r.get(0)?,
                    participant_id: r.get(1)?,
                    service_id: r.get(2)?,
                    referred_on: rows::date(r, 3)?,
                    details_shared: r.get(4)?,
                    consent_id: r.get(5)?,
                    notes: r.get(6)?,
                    steps: Vec::new(),
                },
                services::service(r, 7)?,
            ))
        })
        .optional()?
        .ok_or_else(|| Error::not_found("referral", id))?;
    let steps = conn
        .prepare_cached("SELECT status, on_date FROM referral_step WHERE referral_id = ?1 ORDER BY on_date, id")?
        .query_map([id], |r| Ok(ReferralStep { status: r.get(0)?, on: rows::date(r, 1)? }))?
        .collect::<rusqlite::Result<_>>()?;
    let referral = Referral { steps, ..referral };
    let status = referral.status();
    Ok(ReferralLine { next_statuses: rule::next_statuses(status), status, referral, service })
}

fn referrals_of(conn: &Connection, person: ParticipantId) -> Result<Vec<ReferralLine>> {
    let ids: Vec<ReferralId> = conn
        .prepare_cached("SELECT id FROM referral WHERE participant_id = ?1 ORDER BY referred_on DESC, created_at DESC")?
        .query_map([person], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter().map(|id| referral(conn, id)).collect()
}

fn meetings_of(conn: &Connection, person: ParticipantId) -> Result<Vec<Meeting>> {
    Ok(conn
        .prepare_cached("SELECT id, participant_id, held_on, kind, service_id, notes FROM liberation_meeting WHERE participant_id = ?1 ORDER BY held_on DESC, created_at DESC")?
        .query_map([person], |r| {
            Ok(Meeting {
                id: r.get(0)?,
                participant_id: r.get(1)?,
                details: MeetingDetails { held_on: rows::date(r, 2)?, kind: r.get(3)?, service_id: r.get(4)?, notes: r.get(5)? },
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

fn home_area(conn: &Connection, person: ParticipantId) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT home_area FROM liberation_plan WHERE participant_id = ?1")?
        .query_row([person], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// A person in custody, for the acts that only make sense for one.
fn person_in_custody(conn: &Connection, id: ParticipantId) -> Result<Participant> {
    participants::refuse_if_erased(conn, id)?;
    let p = participants::get(conn, id)?;
    if p.kind != ParticipantKind::InCustody {
        return Err(Error::invalid(
            "person",
            format!("liberation plans are for people in custody, not for a {}", p.kind.label().to_lowercase()),
        ));
    }
    Ok(p)
}

/// What is in place for the countdown, on `today`.
fn in_place(
    home_area: &Option<String>,
    consents: &[Consent],
    referrals: &[ReferralLine],
    meetings: &[Meeting],
    today: NaiveDate,
) -> InPlace {
    InPlace {
        home_area: home_area.is_some(),
        consent: consents.iter().any(|c| c.in_force(today)),
        referral: referrals.iter().any(|r| !matches!(r.referral.status(), ReferralStatus::Declined | ReferralStatus::LostContact)),
        meeting: meetings.iter().any(|m| matches!(m.details.kind, MeetingKind::BeforeLiberation | MeetingKind::HomeLeave)),
    }
}

/// The latest liberation of a person (from the custody history).
fn latest_liberation(conn: &Connection, person: ParticipantId) -> Result<Option<NaiveDate>> {
    Ok(conn
        .prepare_cached("SELECT max(effective_on) FROM status_change WHERE participant_id = ?1 AND status = 'liberated'")?
        .query_row([person], |r| rows::opt_date(r, 0))?)
}

/// The days a person became engaged with any service they were referred to.
fn engaged_days(conn: &Connection, person: ParticipantId) -> Result<Vec<NaiveDate>> {
    Ok(conn
        .prepare_cached(
            "SELECT st.on_date FROM referral_step st JOIN referral r ON r.id = st.referral_id
              WHERE r.participant_id = ?1 AND st.status = 'engaged'",
        )?
        .query_map([person], |r| rows::date(r, 0))?
        .collect::<rusqlite::Result<_>>()?)
}

fn plan(conn: &Connection, person: Participant, today: NaiveDate) -> Result<LiberationPlan> {
    let home_area = home_area(conn, person.id)?;
    let consents = consents_of(conn, person.id)?;
    let referrals = referrals_of(conn, person.id)?;
    let meetings = meetings_of(conn, person.id)?;
    let countdown = match (person.is_present_in_establishment(), person.expected_liberation) {
        (true, Some(expected)) => Some(rule::countdown(expected, today, in_place(&home_area, &consents, &referrals, &meetings, today))),
        _ => None,
    };
    let liberated_on = latest_liberation(conn, person.id)?;
    let outcome = match liberated_on {
        Some(on) => Some(rule::outcome(on, &engaged_days(conn, person.id)?, today)),
        None => None,
    };
    let consents_in_force = consents.iter().filter(|c| c.in_force(today)).map(|c| c.id).collect();
    let home_area_key = home_area.as_deref().map(crate::model::liberation::area_key).filter(|k| !k.is_empty());
    Ok(LiberationPlan {
        participant: person,
        home_area,
        home_area_key,
        consents,
        consents_in_force,
        referrals,
        meetings,
        countdown,
        liberated_on,
        outcome,
    })
}

impl Store {
    /// The person's liberation plan as it stands today.
    pub fn liberation_plan(&self, actor: &Actor, person: ParticipantId) -> Result<LiberationPlan> {
        actor.require(Act::ReadRecords)?;
        let p = person_in_custody(&self.conn, person)?;
        plan(&self.conn, p, self.today())
    }

    /// Sets the expected liberation date (on the person) and the home area together.
    pub fn set_liberation_plan(&mut self, actor: &Actor, person: ParticipantId, details: &PlanDetails) -> Result<LiberationPlan> {
        actor.require(Act::WriteRecords)?;
        let today = self.today();
        let home_area = crate::text::optional("home area", details.home_area.as_deref(), 60)?;
        if let Some(d) = details.expected_liberation.filter(|d| *d < NaiveDate::from_ymd_opt(2000, 1, 1).expect("a date")) {
            return Err(Error::invalid("expected liberation", format!("{} is not a plausible date", dates::display(d))));
        }
        self.write_about(Some(actor.staff_id), Action::EditPlan, Record::of("person", person), |tx| {
            let p = person_in_custody(tx, person)?;
            if details.expected_liberation != p.expected_liberation {
                if !p.is_present_in_establishment() {
                    return Err(Error::invalid(
                        "expected liberation",
                        format!("the person is recorded as {}", p.status.map_or("", |s| s.label()).to_lowercase()),
                    ));
                }
                tx.execute(
                    "UPDATE participant SET expected_liberation = ?2, updated_at = ?3 WHERE id = ?1",
                    params![person, details.expected_liberation.map(iso), now_utc()],
                )?;
            }
            put_home_area(tx, person, home_area.as_deref())?;
            plan(tx, participants::get(tx, person)?, today)
        })
    }

    /// Records the person's consent to share information with the named services.
    pub fn record_consent(&mut self, actor: &Actor, person: ParticipantId, details: &ConsentDetails) -> Result<Consent> {
        actor.require(Act::WriteRecords)?;
        let d = details.normalised(self.today())?;
        self.write(actor, Action::RecordConsent, |tx| {
            person_in_custody(tx, person)?;
            for s in &d.services {
                services::get(tx, *s)?;
            }
            insert_consent(tx, person, &d)
        })
    }

    /// Withdraws consent from `on`: referrals already made stay, new sharing needs new consent.
    pub fn withdraw_consent(&mut self, actor: &Actor, id: ConsentId, on: NaiveDate) -> Result<Consent> {
        actor.require(Act::WriteRecords)?;
        let today = self.today();
        self.write(actor, Action::WithdrawConsent, |tx| {
            let c = consent(tx, id)?;
            participants::refuse_if_erased(tx, c.participant_id)?;
            if let Some(w) = c.withdrawn_on {
                return Err(Error::conflict("consent", format!("was already withdrawn on {}", dates::display(w))));
            }
            if on > today {
                return Err(Error::invalid("date withdrawn", format!("{} is in the future", dates::display(on))));
            }
            if on < c.given_on {
                return Err(Error::invalid(
                    "date withdrawn",
                    format!("{} is before consent was given ({})", dates::display(on), dates::display(c.given_on)),
                ));
            }
            tx.execute("UPDATE consent SET withdrawn_on = ?2, updated_at = ?3 WHERE id = ?1", params![id, iso(on), now_utc()])?;
            consent(tx, id)
        })
    }

    /// Refers the person to a service. Passing the person's details to it (`details_shared`)
    /// needs their consent naming the service, given on or before the day and not withdrawn;
    /// without it the referral is refused and nothing is recorded.
    pub fn refer(&mut self, actor: &Actor, person: ParticipantId, details: &ReferralDetails) -> Result<ReferralLine> {
        actor.require(Act::WriteRecords)?;
        let today = self.today();
        if details.referred_on > today {
            return Err(Error::invalid("date referred", format!("{} is in the future", dates::display(details.referred_on))));
        }
        let notes = crate::text::optional_long("notes", details.notes.as_deref(), 2000)?;
        self.write(actor, Action::Refer, |tx| {
            let p = person_in_custody(tx, person)?;
            let service = services::get(tx, details.service_id)?;
            if !service.active {
                return Err(Error::invalid("service", format!("'{}' is marked as no longer running", service.name)));
            }
            let consent_id = if details.details_shared {
                let covering = consents_of(tx, person)?.into_iter().find(|c| c.covers(service.id, details.referred_on));
                match covering {
                    Some(c) => Some(c.id),
                    None => {
                        return Err(Error::Conflict {
                            field: "details shared".into(),
                            problem: format!(
                                "{} has no consent in force on {} to share information with {}; record their consent first, or refer without sharing their details",
                                p.full_name(),
                                dates::display(details.referred_on),
                                service.name
                            ),
                        })
                    }
                }
            } else {
                None
            };
            let details = ReferralDetails { notes: notes.clone(), ..details.clone() };
            let id = insert_referral(tx, actor, person, &details, consent_id)?;
            referral(tx, id)
        })
    }

    /// Moves a referral on: accepted, first contact, engaged, declined, lost contact.
    pub fn update_referral(&mut self, actor: &Actor, id: ReferralId, step: ReferralStep) -> Result<ReferralLine> {
        actor.require(Act::WriteRecords)?;
        let today = self.today();
        self.write(actor, Action::UpdateReferral, |tx| {
            let line = referral(tx, id)?;
            participants::refuse_if_erased(tx, line.referral.participant_id)?;
            rule::check_step(&line.referral.steps, line.referral.referred_on, &step, today)?;
            add_step(tx, actor, id, step.status, step.on)?;
            tx.execute("UPDATE referral SET updated_at = ?2 WHERE id = ?1", params![id, now_utc()])?;
            referral(tx, id)
        })
    }

    /// Records a meeting with the person about their release.
    pub fn add_meeting(&mut self, actor: &Actor, person: ParticipantId, details: &MeetingDetails) -> Result<Meeting> {
        actor.require(Act::WriteRecords)?;
        let d = details.normalised(self.today())?;
        self.write(actor, Action::AddMeeting, |tx| {
            person_in_custody(tx, person)?;
            if let Some(s) = d.service_id {
                services::get(tx, s)?;
            }
            insert_meeting(tx, person, d)
        })
    }

    /// People in custody (or on home leave) expected out within eight weeks, or whose date has
    /// passed: soonest first, with what is missing.
    pub fn due_for_liberation(&self, actor: &Actor, establishment: Option<EstablishmentId>) -> Result<Vec<LiberationDue>> {
        actor.require(Act::ReadRecords)?;
        let today = self.today();
        let horizon = today + Days::new(rule::COUNTDOWN_WEEKS * 7);
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {PARTICIPANT} FROM participant p
              WHERE (?1 IS NULL OR p.establishment_id = ?1) AND p.status IN ('in_custody', 'home_leave')
                AND p.expected_liberation <= ?2
              ORDER BY p.expected_liberation, p.family_name COLLATE folded"
        ))?;
        let people: Vec<Participant> =
            stmt.query_map(params![establishment, iso(horizon)], |r| rows::participant(r, 0))?.collect::<rusqlite::Result<_>>()?;
        people
            .into_iter()
            .filter_map(|p| {
                let expected = p.expected_liberation?;
                rule::in_countdown(expected, today).then_some((p, expected))
            })
            .map(|(p, expected)| {
                let home_area = home_area(&self.conn, p.id)?;
                let here = in_place(
                    &home_area,
                    &consents_of(&self.conn, p.id)?,
                    &referrals_of(&self.conn, p.id)?,
                    &meetings_of(&self.conn, p.id)?,
                    today,
                );
                Ok(LiberationDue { countdown: rule::countdown(expected, today, here), participant: p, home_area })
            })
            .collect()
    }

    /// People liberated or transferred in the last seven weeks, most recent first, with how
    /// their referrals went.
    pub fn follow_up(&self, actor: &Actor, establishment: Option<EstablishmentId>) -> Result<Vec<FollowUp>> {
        actor.require(Act::ReadRecords)?;
        let today = self.today();
        let since = today.checked_sub_days(Days::new(FOLLOW_UP_DAYS)).unwrap_or(today);
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {PARTICIPANT} FROM participant p
              WHERE (?1 IS NULL OR p.establishment_id = ?1) AND p.status IN ('liberated', 'transferred') AND p.status_since >= ?2
                AND p.erased_on IS NULL
              ORDER BY p.status_since DESC, p.family_name COLLATE folded"
        ))?;
        let people: Vec<Participant> =
            stmt.query_map(params![establishment, iso(since)], |r| rows::participant(r, 0))?.collect::<rusqlite::Result<_>>()?;
        people
            .into_iter()
            .map(|p| {
                let status = p.status.expect("selected by status");
                let since = p.status_since.unwrap_or(today);
                let outcome = match status {
                    CustodyStatus::Liberated => Some(rule::outcome(since, &engaged_days(&self.conn, p.id)?, today)),
                    _ => None,
                };
                Ok(FollowUp {
                    home_area: home_area(&self.conn, p.id)?,
                    referrals: referrals_of(&self.conn, p.id)?,
                    status,
                    since,
                    outcome,
                    participant: p,
                })
            })
            .collect()
    }
}

pub(crate) fn put_home_area(tx: &Connection, person: ParticipantId, home_area: Option<&str>) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO liberation_plan (participant_id, home_area, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)
         ON CONFLICT (participant_id) DO UPDATE SET home_area = excluded.home_area, updated_at = excluded.updated_at",
    )?
    .execute(params![person, home_area, now_utc()])?;
    Ok(())
}

/// Consent as checked by `ConsentDetails::normalised`.
pub(crate) fn insert_consent(tx: &Connection, person: ParticipantId, d: &ConsentDetails) -> Result<Consent> {
    let id = ConsentId::new();
    tx.prepare_cached("INSERT INTO consent (id, participant_id, given_on, scope, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)")?
        .execute(params![id, person, iso(d.given_on), d.scope, now_utc()])?;
    for s in &d.services {
        tx.prepare_cached("INSERT INTO consent_service (consent_id, service_id) VALUES (?1, ?2)")?.execute(params![id, s])?;
    }
    consent(tx, id)
}

/// A referral and its first step, "referred" on the day; `consent` already checked to cover it.
pub(crate) fn insert_referral(
    tx: &Connection,
    actor: &Actor,
    person: ParticipantId,
    d: &ReferralDetails,
    consent: Option<ConsentId>,
) -> Result<ReferralId> {
    let id = ReferralId::new();
    tx.prepare_cached(
        "INSERT INTO referral (id, participant_id, service_id, referred_on, details_shared, consent_id, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
    )?
    .execute(params![id, person, d.service_id, iso(d.referred_on), d.details_shared, consent, d.notes, now_utc()])?;
    add_step(tx, actor, id, ReferralStatus::Referred, d.referred_on)?;
    Ok(id)
}

pub(crate) fn insert_meeting(tx: &Connection, person: ParticipantId, d: MeetingDetails) -> Result<Meeting> {
    let id = MeetingId::new();
    tx.prepare_cached("INSERT INTO liberation_meeting (id, participant_id, held_on, kind, service_id, notes, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
        .execute(params![id, person, iso(d.held_on), d.kind, d.service_id, d.notes, now_utc()])?;
    Ok(Meeting { id, participant_id: person, details: d })
}

pub(crate) fn add_step(tx: &Connection, actor: &Actor, id: ReferralId, status: ReferralStatus, on: NaiveDate) -> Result<()> {
    tx.prepare_cached("INSERT INTO referral_step (referral_id, status, on_date, recorded_at, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![id, status, iso(on), now_utc(), actor.staff_id])?;
    Ok(())
}

/// The liberation figures for people held at `establishments` in `[from, to)`; outcomes as known
/// on `today`.
pub(crate) fn figures(
    conn: &Connection,
    establishments: &[EstablishmentId],
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<LiberationFigures> {
    let ests = rows::placeholders(establishments.len(), 3);
    let args = || rows::period_and_establishments(from, to, establishments);
    let mut out = LiberationFigures::default();
    let mut stmt = conn.prepare(&format!(
        "SELECT sc.participant_id, sc.effective_on,
                EXISTS (SELECT 1 FROM referral r WHERE r.participant_id = sc.participant_id AND r.referred_on <= sc.effective_on)
           FROM status_change sc JOIN participant p ON p.id = sc.participant_id
          WHERE sc.status = 'liberated' AND sc.effective_on >= ?1 AND sc.effective_on < ?2 AND p.establishment_id IN ({ests})"
    ))?;
    let liberations: Vec<(ParticipantId, NaiveDate, bool)> =
        stmt.query_map(params_from_iter(args()), |r| Ok((r.get(0)?, rows::date(r, 1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
    for (person, on, referred) in liberations {
        out.liberations += 1;
        out.liberated_with_referral += u32::from(referred);
        out.continuity.add(rule::outcome(on, &engaged_days(conn, person)?, today));
    }
    out.referrals_made = conn.query_row(
        &format!(
            "SELECT count(*) FROM referral r JOIN participant p ON p.id = r.participant_id
              WHERE r.referred_on >= ?1 AND r.referred_on < ?2 AND p.establishment_id IN ({ests})"
        ),
        params_from_iter(args()),
        |r| r.get(0),
    )?;
    Ok(out)
}
