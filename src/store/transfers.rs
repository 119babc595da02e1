//! Transfer packs in the store (issue 22): what a pack holds about a person, gathered here and
//! checked (their consent to the receiving establishment, its card, this establishment's); the
//! record that a pack was made; and a pack taken in at the receiving establishment, where the
//! person is matched on prison number (or found by the ids they had before, or added) and their
//! history is kept beside their record: shown on their page, read-only, never counted in this
//! establishment's figures (it is never made into groups, marks or awards here).

use super::audit::{Action, Record};
use super::awards::ISSUED_TITLE;
use super::liberation::consents_of;
use super::rows::{self, iso};
use super::{cards, establishments, now_utc, participants, Store};
use crate::actor::{Act, Actor};
use crate::dates;
use crate::error::{Error, Result};
use crate::model::*;
use crate::transfer_pack::{self, History, HistoryAward, HistoryConsent, HistoryGroup, HistoryReferral, PackedPerson, TransferPack};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Where a person's record goes, and (when it is given now) their consent to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TransferTo {
    /// The receiving establishment's code, whose card this install holds.
    pub to: String,
    /// The day the person consented to their record going there, when it is recorded now; none
    /// when a consent naming the establishment is already recorded.
    pub consent_given_on: Option<NaiveDate>,
}

/// A pack made: for whom, where to, and under which consent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TransferMade {
    pub id: TransferId,
    pub participant_id: ParticipantId,
    pub to: String,
    pub to_name: String,
    pub consent_id: ConsentId,
    /// Groups, awards and earlier establishments the pack carries.
    pub groups: u32,
    pub awards: u32,
    pub earlier: u32,
}

impl super::audit::Audited for TransferMade {
    fn record(&self) -> Record {
        Record::of("person", self.participant_id).detail(format!("transfer pack to {}", self.to))
    }
}

/// What taking a pack in did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TransferTakenIn {
    pub participant_id: ParticipantId,
    /// "Łukasz Żółć".
    pub name: String,
    /// "HMP Barlinnie (BAR)".
    pub from: String,
    /// The person was added here (not matched to someone already here).
    pub added: bool,
    /// The pack had been taken in before: nothing changed.
    pub already: bool,
}

/// A pack ready to seal: the pack, the receiving card's sealing key, the signer.
pub(crate) struct PackToSeal {
    pub pack: TransferPack,
    pub to_name: String,
    pub sealing_key: [u8; 32],
    pub signer: ed25519_dalek::SigningKey,
}

impl Store {
    /// Gathers a person's pack for `to.to`, checking everything that would refuse it; writes
    /// nothing (`record_transfer_out` does, once the file is written).
    pub(crate) fn transfer_pack_for(&self, actor: &Actor, person: ParticipantId, to: &TransferTo) -> Result<PackToSeal> {
        actor.require(Act::WriteRecords)?;
        let conn = &self.conn;
        let today = self.today();
        if participants::erased_on(conn, person)?.is_some() {
            return Err(Error::conflict("person", "their records were erased here after the retention period: there is nothing to send"));
        }
        let p = participants::get(conn, person)?;
        if p.kind != ParticipantKind::InCustody {
            return Err(Error::invalid(
                "person",
                format!("transfer packs are for people in custody, not for a {}", p.kind.label().to_lowercase()),
            ));
        }
        let here = establishments::by_id(conn, p.establishment_id)?;
        let code = to.to.trim().to_uppercase();
        if code == here.code {
            return Err(Error::invalid("receiving establishment", format!("{code} is this establishment")));
        }
        let receiving = cards::known(conn, &code)?.filter(|c| c.kind == crate::card::CardKind::Establishment).ok_or_else(|| {
            Error::invalid(
                "receiving establishment",
                format!("this install holds no card for {code}: add its card first (Admin, Establishments)"),
            )
        })?;
        let (_, _, signer) = cards::own_secrets(conn, &here.code)?.ok_or_else(|| {
            Error::invalid("card", format!("{} has no receiving card yet: make it first (Admin, Establishments)", here.code))
        })?;
        match to.consent_given_on {
            Some(on) if on > today => return Err(Error::invalid("date consent given", format!("{} is in the future", dates::display(on)))),
            Some(_) => {}
            None => {
                if !consents_of(conn, person)?.iter().any(|c| c.covers_establishment(&code, today)) {
                    return Err(Error::conflict(
                        "consent",
                        format!(
                            "{} has no consent in force to their record going to {} ({code}); record their consent first",
                            p.name_as_printed(),
                            receiving.name
                        ),
                    ));
                }
            }
        }
        let mut ids = vec![person.0];
        ids.extend(
            conn.prepare_cached("SELECT origin_id FROM person_origin WHERE participant_id = ?1 ORDER BY origin_id")?
                .query_map([person], |r| r.get::<_, ParticipantId>(0).map(|id| id.0))?
                .collect::<rusqlite::Result<Vec<_>>>()?,
        );
        let mut histories = vec![history_here(conn, &p, &here, today)?];
        if let Some(given_on) = to.consent_given_on {
            let shared_with = vec![format!("{} ({code})", receiving.name)];
            histories[0]
                .consents
                .insert(0, HistoryConsent { given_on, scope: consent_scope(&receiving.name, &code), shared_with, withdrawn_on: None });
        }
        histories.extend(histories_of(conn, person)?);
        let pack = TransferPack {
            id: TransferId::new(),
            from: here.code.clone(),
            to: code,
            made_at: self.clock_now(),
            person: PackedPerson {
                ids,
                prison_number: p.prison_number.clone(),
                given_name: p.given_name.clone(),
                family_name: p.family_name.clone(),
                printed_name: p.printed_name.clone(),
                date_of_birth: p.date_of_birth,
                expected_liberation: p.expected_liberation,
            },
            histories,
        };
        Ok(PackToSeal { pack, to_name: receiving.name, sealing_key: receiving.sealing_key, signer })
    }

    /// Records a pack made (and the consent given now, if it was), in one transaction.
    pub(crate) fn record_transfer_out(
        &mut self,
        actor: &Actor,
        sealed: &PackToSeal,
        consent_given_on: Option<NaiveDate>,
    ) -> Result<TransferMade> {
        let pack = &sealed.pack;
        let person = ParticipantId(pack.person.ids[0]);
        let today = self.today();
        self.write(actor, Action::MakeTransferPack, |tx| {
            participants::refuse_if_erased(tx, person)?;
            let consent_id = match consent_given_on {
                Some(given_on) => {
                    let id = ConsentId::new();
                    let scope = consent_scope(&sealed.to_name, &pack.to);
                    tx.prepare_cached("INSERT INTO consent (id, participant_id, given_on, scope, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)")?
                        .execute(params![id, person, iso(given_on), scope, now_utc()])?;
                    tx.prepare_cached("INSERT INTO consent_establishment (consent_id, code) VALUES (?1, ?2)")?.execute(params![id, pack.to])?;
                    id
                }
                None => consents_of(tx, person)?
                    .into_iter()
                    .find(|c| c.covers_establishment(&pack.to, today))
                    .map(|c| c.id)
                    .ok_or_else(|| Error::conflict("consent", "was withdrawn while the pack was being made"))?,
            };
            let now = now_utc();
            tx.prepare_cached(
                "INSERT INTO transfer_out (id, participant_id, to_code, consent_id, made_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            )?
            .execute(params![pack.id, person, pack.to, consent_id, pack.made_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true), now])?;
            let here = &pack.histories[0];
            Ok(TransferMade {
                id: pack.id,
                participant_id: person,
                to: pack.to.clone(),
                to_name: sealed.to_name.clone(),
                consent_id,
                groups: here.groups.len() as u32,
                awards: here.awards.len() as u32,
                earlier: (pack.histories.len() - 1) as u32,
            })
        })
    }

    /// Takes a pack in at the receiving establishment: checked against the sending card, opened
    /// with this install's, the person matched or added, their history kept beside them.
    pub fn take_in_transfer_pack(&mut self, actor: &Actor, path: &Path) -> Result<TransferTakenIn> {
        actor.require(Act::WriteRecords)?;
        let bytes = crate::files::read_bounded(path, transfer_pack::MAX_FILE)?;
        let (pack, sender): (TransferPack, _) = cards::open_sealed(&self.conn, &transfer_pack::read(&bytes)?)?;
        let from = format!("{} ({})", sender.name, sender.code);
        let here = establishments::find(&self.conn, &pack.to)?.ok_or_else(|| Error::not_found("establishment", &pack.to))?;
        if pack.histories.first().is_none_or(|h| h.code != pack.from) || pack.person.ids.is_empty() {
            return Err(Error::invalid("transfer pack", "it does not hold the sending establishment's history"));
        }
        let today = self.today();
        let details = ParticipantDetails {
            kind: ParticipantKind::InCustody,
            prison_number: pack.person.prison_number.clone(),
            given_name: pack.person.given_name.clone(),
            family_name: pack.person.family_name.clone(),
            date_of_birth: pack.person.date_of_birth,
            location: None,
            expected_liberation: pack.person.expected_liberation,
            printed_name: pack.person.printed_name.clone(),
        }
        .normalised(today)
        .map_err(|e| Error::invalid("transfer pack", format!("the person's details in it are not valid here: {e}")))?;
        let histories = serde_json::to_string(&pack.histories).expect("plain data");
        // Taken in before (a copy of the file): nothing to do, nothing to record.
        let held: Option<ParticipantId> = self
            .conn
            .prepare_cached("SELECT participant_id FROM transfer_in WHERE id = ?1")?
            .query_row([pack.id], |r| r.get(0))
            .optional()?;
        if let Some(person) = held {
            return Ok(TransferTakenIn { participant_id: person, name: details_name(&details), from, added: false, already: true });
        }
        let out = self.write_about(
            Some(actor.staff_id),
            Action::TakeInTransferPack,
            Record::none().detail(format!("from {}", pack.from)),
            |tx| {
                let (person, added) = match match_person(tx, here.id, &details, &pack.person.ids)? {
                    Some(person) => (person, false),
                    None => (participants::insert(tx, actor, here.id, &details, Some(today))?.id, true),
                };
                tx.prepare_cached(
                    "INSERT INTO transfer_in (id, participant_id, from_code, made_at, history, taken_in_at, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?6)",
                )?
                .execute(params![
                    pack.id,
                    person,
                    pack.from,
                    pack.made_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                    histories,
                    now_utc()
                ])?;
                for origin in &pack.person.ids {
                    if *origin != person.0 {
                        tx.prepare_cached("INSERT INTO person_origin (origin_id, participant_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING")?
                            .execute(params![ParticipantId(*origin), person])?;
                    }
                }
                Ok(TransferTakenIn { participant_id: person, name: details_name(&details), from: from.clone(), added, already: false })
            },
        )?;
        Ok(out)
    }

    /// The history a person brought from other establishments, newest first, one per
    /// establishment (the latest pack from each).
    pub fn histories_elsewhere(&self, actor: &Actor, person: ParticipantId) -> Result<Vec<History>> {
        actor.require(Act::ReadRecords)?;
        histories_of(&self.conn, person)
    }

    /// A certificate issued elsewhere and brought here in a pack, checked against what the pack
    /// carried (the sending establishment's card signed it; its secret stays there).
    pub(crate) fn verify_elsewhere(
        &self,
        number: &str,
        code: &str,
        name: Option<&str>,
        awarded_on: Option<NaiveDate>,
    ) -> Result<Option<Verification>> {
        let found: Option<(String, String)> = self
            .conn
            .prepare_cached(
                "SELECT a.value, h.value ->> '$.name' || ' (' || (h.value ->> '$.code') || ')'
                   FROM transfer_in t, json_each(t.history) h, json_each(h.value, '$.awards') a
                  WHERE a.value ->> '$.number' = ?1
                  ORDER BY t.made_at DESC LIMIT 1",
            )?
            .query_row([number], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((award, establishment)) = found else { return Ok(None) };
        let award: HistoryAward = serde_json::from_str(&award).map_err(|e| Error::invalid("transfer history", e.to_string()))?;
        let mut differs = Vec::new();
        if crate::verification::normalise(code) != crate::verification::normalise(&award.verification_code) {
            differs.push("verification code".to_string());
        }
        if name.is_some_and(|n| crate::text::fold(n.trim()) != crate::text::fold(&award.name_on_certificate)) {
            differs.push("name".to_string());
        }
        if awarded_on.is_some_and(|d| d != award.awarded_on) {
            differs.push("date".to_string());
        }
        Ok(Some(if differs.is_empty() {
            Verification::Elsewhere {
                number: award.number,
                title: award.title,
                awarded_on: award.awarded_on,
                name_on_certificate: award.name_on_certificate,
                establishment,
                revoked_on: award.revoked_on,
            }
        } else {
            Verification::Altered { number: award.number, differs }
        }))
    }
}

/// The words of a consent recorded with a pack.
fn consent_scope(name: &str, code: &str) -> String {
    format!("Their recovery history sent to {name} ({code}) on transfer")
}

fn details_name(d: &ParticipantDetails) -> String {
    d.printed_name.clone().unwrap_or_else(|| format!("{} {}", d.given_name, d.family_name))
}

/// The person a pack is for, here: someone at this establishment with the prison number, else
/// the person any of their earlier ids leads to. Someone erased here is not brought back.
fn match_person(
    tx: &Connection,
    establishment: EstablishmentId,
    d: &ParticipantDetails,
    ids: &[uuid::Uuid],
) -> Result<Option<ParticipantId>> {
    let by_number: Option<ParticipantId> = tx
        .prepare_cached("SELECT id FROM participant WHERE establishment_id = ?1 AND prison_number = ?2 AND erased_on IS NULL")?
        .query_row(params![establishment, d.prison_number], |r| r.get(0))
        .optional()?;
    if by_number.is_some() {
        return Ok(by_number);
    }
    for id in ids.iter().map(|id| ParticipantId(*id)) {
        let found: Option<ParticipantId> = tx
            .prepare_cached(
                "SELECT id FROM participant WHERE id = ?1
                 UNION ALL SELECT participant_id FROM person_origin WHERE origin_id = ?1 LIMIT 1",
            )?
            .query_row([id], |r| r.get(0))
            .optional()?;
        let Some(found) = found else { continue };
        if let Some(on) = participants::erased_on(tx, found)? {
            return Err(Error::conflict(
                "transfer pack",
                format!(
                    "it is for a person whose records were erased here on {}; it cannot bring them back. If they are here again, add them with their prison number first: the pack is then matched to them",
                    dates::display(on)
                ),
            ));
        }
        return Ok(Some(found));
    }
    Ok(None)
}

/// What this establishment holds of a person's recovery, as a pack carries it.
fn history_here(conn: &Connection, p: &Participant, here: &Establishment, today: NaiveDate) -> Result<History> {
    let groups = conn
        .prepare_cached(
            "SELECT g.name, g.kind, min(s.held_on), max(s.held_on), count(*),
                    EXISTS (SELECT 1 FROM enrolment e WHERE e.group_id = g.id AND e.participant_id = ?1 AND e.leaving_reason = 'completed')
               FROM attendance a JOIN session s ON s.id = a.session_id JOIN recovery_group g ON g.id = s.group_id
              WHERE a.participant_id = ?1 AND s.status = 'held' AND a.mark IN ('present', 'late', 'left_early')
              GROUP BY g.id ORDER BY min(s.held_on), g.name",
        )?
        .query_map([p.id], |r| {
            Ok(HistoryGroup {
                name: r.get(0)?,
                kind: r.get(1)?,
                first: rows::date(r, 2)?,
                last: rows::date(r, 3)?,
                sessions_attended: r.get(4)?,
                completed: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let awards = conn
        .prepare_cached(&format!(
            "SELECT a.number, a.verification_code, {ISSUED_TITLE}, a.awarded_on, a.name_on_certificate, a.revoked_on
               FROM award a WHERE a.participant_id = ?1 ORDER BY a.awarded_on, a.number"
        ))?
        .query_map([p.id], |r| {
            Ok(HistoryAward {
                number: r.get(0)?,
                verification_code: r.get(1)?,
                title: r.get(2)?,
                awarded_on: rows::date(r, 3)?,
                name_on_certificate: r.get(4)?,
                revoked_on: rows::opt_date(r, 5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let home_area: Option<String> = conn
        .prepare_cached("SELECT home_area FROM liberation_plan WHERE participant_id = ?1")?
        .query_row([p.id], |r| r.get(0))
        .optional()?
        .flatten();
    let mut consents = Vec::new();
    for c in consents_of(conn, p.id)? {
        let mut shared_with = Vec::new();
        for s in &c.services {
            shared_with.push(conn.query_row("SELECT name FROM community_service WHERE id = ?1", [s], |r| r.get::<_, String>(0))?);
        }
        for code in &c.establishments {
            shared_with.push(cards::known(conn, code)?.map_or_else(|| code.clone(), |card| format!("{} ({code})", card.name)));
        }
        consents.push(HistoryConsent { given_on: c.given_on, scope: c.scope, shared_with, withdrawn_on: c.withdrawn_on });
    }
    let referrals = conn
        .prepare_cached(
            "SELECT s.name, s.area, r.referred_on,
                    (SELECT st.status FROM referral_step st WHERE st.referral_id = r.id ORDER BY st.on_date DESC, st.id DESC LIMIT 1)
               FROM referral r JOIN community_service s ON s.id = r.service_id
              WHERE r.participant_id = ?1 ORDER BY r.referred_on, s.name",
        )?
        .query_map([p.id], |r| {
            Ok(HistoryReferral { service: r.get(0)?, area: r.get(1)?, referred_on: rows::date(r, 2)?, status: r.get(3)? })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let svq = super::svq::progress_of(conn, p.id)?
        .into_iter()
        .map(|q| HistorySvq {
            units_total: q.total,
            units: q
                .units
                .into_iter()
                .filter_map(|u| {
                    u.sign_off.map(|s| HistoryUnit {
                        code: u.unit.code,
                        title: u.unit.title,
                        assessor: s.assessor,
                        signed_off_on: s.signed_off_on,
                    })
                })
                .collect(),
            title: q.title,
            svq_level: q.svq_level,
        })
        .collect();
    // With the groups' own names, as the groups above: the receiving establishment's staff read it.
    let peer = super::peers::peer_record_of(conn, p.id)?.map(|r| r.summary(|s| s.group_name.clone()));
    Ok(History {
        code: here.code.clone(),
        name: here.name.clone(),
        up_to: today,
        groups,
        awards,
        home_area,
        consents,
        referrals,
        svq,
        sqa_candidate_number: super::svq::candidate_number_of(conn, p.id)?,
        peer,
    })
}

/// The histories packs brought for a person: the latest from each other establishment, newest
/// first (their own establishment's is not from elsewhere, though a pack brought it back).
pub(crate) fn histories_of(conn: &Connection, person: ParticipantId) -> Result<Vec<History>> {
    let own: String = conn.query_row(
        "SELECT e.code FROM participant p JOIN establishment e ON e.id = p.establishment_id WHERE p.id = ?1",
        [person],
        |r| r.get(0),
    )?;
    let packs: Vec<String> = conn
        .prepare_cached("SELECT history FROM transfer_in WHERE participant_id = ?1 ORDER BY made_at DESC")?
        .query_map([person], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out: Vec<History> = Vec::new();
    for json in packs {
        let histories: Vec<History> = serde_json::from_str(&json).map_err(|e| Error::invalid("transfer history", e.to_string()))?;
        for h in histories {
            if h.code != own && !out.iter().any(|o| o.code == h.code) {
                out.push(h);
            }
        }
    }
    Ok(out)
}
