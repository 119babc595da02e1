//! A person's full record: everything Recovery Register holds about one person, for a subject
//! access request under the UK GDPR. Gathered from every table that refers to the person (see
//! `migrations/`): their details, custody history, enrolments, every attendance mark, awards
//! with their prints, liberation plan, consents, referrals with their steps, meetings, and the
//! audit entries about them. Exported as a PDF for reading (`pdf/subject_access.rs`) and JSON
//! for machines (`person_record_json`), audited once.
//!
//! "The audit entries about them" are the rows whose record is the person's id (adding, editing,
//! viewing, custody, the liberation plan, consents, referrals, meetings, the passport, earlier
//! exports) or the id of a record of theirs (an enrolment, leaving a group, an award issued to
//! them alone, its revocation). Acts recorded against a whole session or a batch (taking a
//! register, issuing or printing a cohort's certificates) name no one and are not listed; what
//! they recorded about the person is, with who recorded it (attendance marks, awards and each
//! print of them). The export being made is audited after the files are written, so it is not
//! in them; earlier exports are.
//!
//! Who may: administrators only (`Act::SubjectAccess`, which says why).
//!
//! Not listed separately: the search words kept for finding the person (`participant_token`,
//! their names and prison number folded to lower case without accents), which add nothing to
//! the details shown; the PDF says so.

use super::audit::{Action, Record};
use super::awards::ISSUED_TITLE;
use super::rows::{self, PARTICIPANT};
use super::{establishments, Store};
use crate::actor::{Act, Actor};
use crate::dates;
use crate::error::{Error, Result};
use crate::model::*;
pub use crate::views::person_record::*;
use rusqlite::{params_from_iter, Connection, OptionalExtension};
use std::collections::HashMap;
use std::path::Path;

/// Who recorded something when the audit trail names nobody (the app itself, or a name unknown
/// at a failed log-in).
pub const NOBODY: &str = "Recovery Register";

/// The record as JSON: pretty-printed UTF-8, no byte-order mark.
/// The files' name without extension: "full-record-2026-11-16-0193a2b4", by date and the start
/// of the person's id, never their name (file names land in recent-file lists and folder views
/// that outlive the record and its erasure).
pub fn person_record_file_stem(id: ParticipantId, on: chrono::NaiveDate) -> String {
    let id = id.to_string();
    format!("full-record-{}-{}", on.format("%Y-%m-%d"), &id[id.len().saturating_sub(8)..])
}

pub fn person_record_json(record: &PersonRecord) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(record).expect("a person's record always serialises");
    out.push(b'\n');
    out
}

/// A member of staff's name, from a column that may be NULL (nobody).
fn who(name: Option<String>) -> String {
    name.unwrap_or_else(|| NOBODY.to_string())
}

fn details(conn: &Connection, id: ParticipantId) -> Result<HeldDetails> {
    let sql = format!("SELECT {PARTICIPANT}, p.created_at, p.updated_at FROM participant p WHERE p.id = ?1");
    let (p, created_at, updated_at) = conn
        .prepare(&sql)?
        .query_row([id], |r| Ok((rows::participant(r, 0)?, r.get::<_, String>(12)?, r.get::<_, String>(13)?)))
        .optional()?
        .ok_or_else(|| Error::not_found("person", id))?;
    let est = establishments::by_id(conn, p.establishment_id)?;
    Ok(HeldDetails {
        id: p.id,
        given_name: p.given_name,
        family_name: p.family_name,
        printed_name: p.printed_name,
        sqa_candidate_number: super::svq::candidate_number_of(conn, p.id)?,
        prison_number: p.prison_number,
        date_of_birth: p.date_of_birth,
        kind: p.kind,
        establishment: est.name,
        establishment_code: est.code,
        location: p.location,
        status: p.status,
        status_since: p.status_since,
        expected_liberation: p.expected_liberation,
        created_at,
        updated_at,
    })
}

fn custody(conn: &Connection, id: ParticipantId) -> Result<Vec<HeldCustodyChange>> {
    let mut stmt = conn.prepare(
        "SELECT c.status, c.effective_on, c.recorded_at, s.display_name
           FROM status_change c LEFT JOIN staff s ON s.id = c.recorded_by
          WHERE c.participant_id = ?1 ORDER BY c.effective_on, c.recorded_at",
    )?;
    let found = stmt.query_map([id], |r| {
        Ok(HeldCustodyChange { status: r.get(0)?, effective_on: rows::date(r, 1)?, recorded_at: r.get(2)?, recorded_by: who(r.get(3)?) })
    })?;
    Ok(found.collect::<rusqlite::Result<_>>()?)
}

fn enrolments(conn: &Connection, id: ParticipantId) -> Result<Vec<HeldEnrolment>> {
    let mut stmt = conn.prepare(
        "SELECT e.id, g.name, g.kind, e.enrolled_on, e.left_on, e.leaving_reason, e.leaving_note
           FROM enrolment e JOIN recovery_group g ON g.id = e.group_id
          WHERE e.participant_id = ?1 ORDER BY e.enrolled_on, g.name COLLATE folded, e.id",
    )?;
    let found = stmt.query_map([id], |r| {
        Ok(HeldEnrolment {
            id: r.get(0)?,
            group: r.get(1)?,
            group_kind: r.get(2)?,
            enrolled_on: rows::date(r, 3)?,
            left_on: rows::opt_date(r, 4)?,
            leaving_reason: r.get(5)?,
            leaving_note: r.get(6)?,
        })
    })?;
    Ok(found.collect::<rusqlite::Result<_>>()?)
}

fn attendance(conn: &Connection, id: ParticipantId) -> Result<Vec<HeldAttendance>> {
    let mut stmt = conn.prepare(
        "SELECT se.held_on, g.name, a.mark, a.absence_reason, a.note, a.recorded_at, st.display_name
           FROM attendance a JOIN session se ON se.id = a.session_id JOIN recovery_group g ON g.id = se.group_id
                LEFT JOIN staff st ON st.id = a.recorded_by
          WHERE a.participant_id = ?1 ORDER BY se.held_on, se.start_time, g.name COLLATE folded",
    )?;
    let found = stmt.query_map([id], |r| {
        Ok(HeldAttendance {
            held_on: rows::date(r, 0)?,
            group: r.get(1)?,
            mark: r.get(2)?,
            absence_reason: r.get(3)?,
            note: r.get(4)?,
            recorded_at: r.get(5)?,
            recorded_by: who(r.get(6)?),
            waiting_choice: false,
        })
    })?;
    let mut held: Vec<HeldAttendance> = found.collect::<rusqlite::Result<_>>()?;
    held.extend(crate::store::team::marks_waiting_choice(conn, id)?);
    held.sort_by(|a, b| (a.held_on, &a.group, a.waiting_choice).cmp(&(b.held_on, &b.group, b.waiting_choice)));
    Ok(held)
}

fn awards(conn: &Connection, id: ParticipantId) -> Result<Vec<HeldAward>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT a.id, {ISSUED_TITLE}, a.number, a.awarded_on, a.name_on_certificate, a.verification_code, g.name,
                a.issued_at, i.display_name, a.revoked_on, a.revocation_reason, r.display_name
           FROM award a JOIN award_type t ON t.id = a.award_type_id
                LEFT JOIN recovery_group g ON g.id = a.group_id
                LEFT JOIN staff i ON i.id = a.issued_by
                LEFT JOIN staff r ON r.id = a.revoked_by
          WHERE a.participant_id = ?1 ORDER BY a.awarded_on, a.number"
    ))?;
    let found: Vec<HeldAward> = stmt
        .query_map([id], |r| {
            Ok(HeldAward {
                id: r.get(0)?,
                title: r.get(1)?,
                number: r.get(2)?,
                awarded_on: rows::date(r, 3)?,
                name_on_certificate: r.get(4)?,
                verification_code: r.get(5)?,
                group: r.get(6)?,
                issued_at: r.get(7)?,
                issued_by: who(r.get(8)?),
                revoked_on: rows::opt_date(r, 9)?,
                revocation_reason: r.get(10)?,
                revoked_by: r.get::<_, Option<String>>(11)?,
                prints: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut prints = conn.prepare(
        "SELECT p.printed_at, s.display_name, p.reprint_reason FROM award_print p LEFT JOIN staff s ON s.id = p.printed_by
          WHERE p.award_id = ?1 ORDER BY p.printed_at, p.id",
    )?;
    found
        .into_iter()
        .map(|mut a| {
            a.prints = prints
                .query_map([a.id], |r| Ok(HeldPrint { printed_at: r.get(0)?, printed_by: who(r.get(1)?), reprint_reason: r.get(2)? }))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(a)
        })
        .collect()
}

fn plan(conn: &Connection, id: ParticipantId) -> Result<Option<HeldPlan>> {
    Ok(conn
        .prepare("SELECT home_area, created_at, updated_at FROM liberation_plan WHERE participant_id = ?1")?
        .query_row([id], |r| Ok(HeldPlan { home_area: r.get(0)?, created_at: r.get(1)?, updated_at: r.get(2)? }))
        .optional()?)
}

fn consents(conn: &Connection, id: ParticipantId) -> Result<Vec<HeldConsent>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.given_on, c.scope, c.withdrawn_on, c.created_at FROM consent c
          WHERE c.participant_id = ?1 ORDER BY c.given_on, c.created_at",
    )?;
    let found: Vec<HeldConsent> = stmt
        .query_map([id], |r| {
            Ok(HeldConsent {
                id: r.get(0)?,
                given_on: rows::date(r, 1)?,
                scope: r.get(2)?,
                services: Vec::new(),
                establishments: Vec::new(),
                withdrawn_on: rows::opt_date(r, 3)?,
                created_at: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut services = conn.prepare(
        "SELECT s.name FROM consent_service cs JOIN community_service s ON s.id = cs.service_id
          WHERE cs.consent_id = ?1 ORDER BY s.name COLLATE folded",
    )?;
    let mut establishments = conn.prepare(
        "SELECT coalesce(k.name || ' (' || ce.code || ')', ce.code) FROM consent_establishment ce LEFT JOIN known_card k ON k.code = ce.code
          WHERE ce.consent_id = ?1 ORDER BY ce.code",
    )?;
    found
        .into_iter()
        .map(|mut c| {
            c.services = services.query_map([c.id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            c.establishments = establishments.query_map([c.id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            Ok(c)
        })
        .collect()
}

fn referrals(conn: &Connection, id: ParticipantId) -> Result<Vec<HeldReferral>> {
    let mut stmt = conn.prepare(
        "SELECT r.id, s.name, s.area, r.referred_on, r.details_shared, c.given_on, r.notes
           FROM referral r JOIN community_service s ON s.id = r.service_id LEFT JOIN consent c ON c.id = r.consent_id
          WHERE r.participant_id = ?1 ORDER BY r.referred_on, r.created_at",
    )?;
    let found: Vec<HeldReferral> = stmt
        .query_map([id], |r| {
            Ok(HeldReferral {
                id: r.get(0)?,
                service: r.get(1)?,
                service_area: r.get(2)?,
                referred_on: rows::date(r, 3)?,
                details_shared: r.get(4)?,
                consent_given_on: rows::opt_date(r, 5)?,
                notes: r.get(6)?,
                steps: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut steps = conn.prepare(
        "SELECT st.status, st.on_date, st.recorded_at, s.display_name FROM referral_step st LEFT JOIN staff s ON s.id = st.recorded_by
          WHERE st.referral_id = ?1 ORDER BY st.on_date, st.id",
    )?;
    found
        .into_iter()
        .map(|mut referral| {
            referral.steps = steps
                .query_map([referral.id], |r| {
                    Ok(HeldReferralStep { status: r.get(0)?, on: rows::date(r, 1)?, recorded_at: r.get(2)?, recorded_by: who(r.get(3)?) })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(referral)
        })
        .collect()
}

fn meetings(conn: &Connection, id: ParticipantId) -> Result<Vec<HeldMeeting>> {
    let mut stmt = conn.prepare(
        "SELECT m.id, m.held_on, m.kind, s.name, m.notes, m.created_at
           FROM liberation_meeting m LEFT JOIN community_service s ON s.id = m.service_id
          WHERE m.participant_id = ?1 ORDER BY m.held_on, m.created_at",
    )?;
    let found = stmt.query_map([id], |r| {
        Ok(HeldMeeting {
            id: r.get(0)?,
            held_on: rows::date(r, 1)?,
            kind: r.get(2)?,
            service: r.get(3)?,
            notes: r.get(4)?,
            created_at: r.get(5)?,
        })
    })?;
    Ok(found.collect::<rusqlite::Result<_>>()?)
}

fn transfers(conn: &Connection, id: ParticipantId) -> Result<Vec<HeldTransfer>> {
    let mut stmt = conn.prepare(
        "SELECT 1, t.to_code, coalesce(k.name, t.to_code), t.made_at FROM transfer_out t LEFT JOIN known_card k ON k.code = t.to_code
          WHERE t.participant_id = ?1
         UNION ALL
         SELECT 0, t.from_code, coalesce(k.name, t.from_code), t.made_at FROM transfer_in t LEFT JOIN known_card k ON k.code = t.from_code
          WHERE t.participant_id = ?1
         ORDER BY 4",
    )?;
    let found = stmt.query_map([id], |r| {
        let (code, name): (String, String) = (r.get(1)?, r.get(2)?);
        Ok(HeldTransfer { sent: r.get(0)?, establishment: format!("{name} ({code})"), made_at: r.get(3)? })
    })?;
    Ok(found.collect::<rusqlite::Result<_>>()?)
}

/// The audit rows whose record is one of `ids` (the person and their records), oldest first.
fn audit(conn: &Connection, ids: &[String]) -> Result<Vec<HeldAuditEntry>> {
    let sql = format!(
        "SELECT a.at, s.display_name, a.action, a.workstation, a.record_kind, a.record_id, a.detail
           FROM audit a LEFT JOIN staff s ON s.id = a.staff_id
          WHERE a.record_id IN ({}) ORDER BY a.seq",
        rows::placeholders(ids.len(), 1)
    );
    let mut stmt = conn.prepare(&sql)?;
    let found = stmt.query_map(params_from_iter(ids), |r| {
        let code: String = r.get(2)?;
        // A code this version does not know (a newer app wrote it) is shown as it is.
        let action = Action::from_code(&code);
        Ok(HeldAuditEntry {
            at: r.get(0)?,
            who: who(r.get(1)?),
            action: action.unwrap_or(Action::ChangeSetting),
            description: action.map_or(code, |a| a.describe().to_string()),
            workstation: r.get(3)?,
            record_kind: r.get(4)?,
            record_id: r.get(5)?,
            detail: r.get(6)?,
            about: None,
        })
    })?;
    Ok(found.collect::<rusqlite::Result<_>>()?)
}

/// What each of the person's records is, in words, by id: for the audit entries that name one.
fn record_words(
    enrolments: &[HeldEnrolment],
    awards: &[HeldAward],
    consents: &[HeldConsent],
    referrals: &[HeldReferral],
    meetings: &[HeldMeeting],
) -> HashMap<String, String> {
    let mut words = HashMap::new();
    for e in enrolments {
        words.insert(e.id.to_string(), e.group.clone());
    }
    for a in awards {
        words.insert(a.id.to_string(), format!("{}, {}", a.title, a.number));
    }
    for c in consents {
        words.insert(c.id.to_string(), format!("given {}", dates::display(c.given_on)));
    }
    for r in referrals {
        words.insert(r.id.to_string(), r.service.clone());
    }
    for m in meetings {
        words.insert(m.id.to_string(), format!("held {}", dates::display(m.held_on)));
    }
    words
}

/// The entry's record in words: the record it names, or the consent, referral or meeting its
/// detail names ("referral <id>: accepted" reads "Tay Recovery Hub (accepted)").
fn about(entry: &HeldAuditEntry, words: &HashMap<String, String>) -> Option<String> {
    if let Some(found) = entry.record_id.as_ref().and_then(|id| words.get(id)) {
        return Some(found.clone());
    }
    let detail = entry.detail.as_deref()?;
    let (kind, rest) = detail.split_once(' ')?;
    if !matches!(kind, "consent" | "referral" | "meeting") {
        return None;
    }
    let (id, status) = match rest.split_once(':') {
        Some((id, status)) => (id.trim(), Some(status.trim())),
        None => (rest.trim(), None),
    };
    let found = words.get(id)?;
    Some(match status.and_then(ReferralStatus::from_code) {
        Some(status) => format!("{found} ({})", status.label().to_lowercase()),
        None => found.clone(),
    })
}

/// The audit entries about the person and their records, oldest first, each with its record in
/// words.
fn audit_about(
    conn: &Connection,
    id: ParticipantId,
    enrolments: &[HeldEnrolment],
    awards: &[HeldAward],
    consents: &[HeldConsent],
    referrals: &[HeldReferral],
    meetings: &[HeldMeeting],
) -> Result<Vec<HeldAuditEntry>> {
    let mut ids = vec![id.to_string()];
    ids.extend(enrolments.iter().map(|e| e.id.to_string()));
    ids.extend(awards.iter().map(|a| a.id.to_string()));
    ids.extend(consents.iter().map(|c| c.id.to_string()));
    ids.extend(referrals.iter().map(|r| r.id.to_string()));
    ids.extend(meetings.iter().map(|m| m.id.to_string()));
    let words = record_words(enrolments, awards, consents, referrals, meetings);
    let mut entries = audit(conn, &ids)?;
    for entry in &mut entries {
        entry.about = about(entry, &words);
    }
    Ok(entries)
}

impl Store {
    /// Who looked at this record: the audit entries about one person and their records (views,
    /// changes, prints, exports), newest first, as the full record lists them. Administrators
    /// only (`Act::AuditTrail`: it shows who looked at whom); reading it records nothing.
    pub fn audit_of_person(&self, actor: &Actor, id: ParticipantId) -> Result<Vec<PersonAuditLine>> {
        actor.require(Act::AuditTrail)?;
        let conn = &self.conn;
        super::participants::get(conn, id)?;
        let mut entries = audit_about(
            conn,
            id,
            &enrolments(conn, id)?,
            &awards(conn, id)?,
            &consents(conn, id)?,
            &referrals(conn, id)?,
            &meetings(conn, id)?,
        )?;
        entries.reverse();
        Ok(entries.into_iter().map(|entry| PersonAuditLine { at_london: dates::display_instant(&entry.at), entry }).collect())
    }

    /// Everything held about one person: a subject access request. Administrators only
    /// (`Act::SubjectAccess`); reading it records nothing (the export does).
    pub fn person_record(&self, actor: &Actor, id: ParticipantId) -> Result<PersonRecord> {
        actor.require(Act::SubjectAccess)?;
        let conn = &self.conn;
        let details = details(conn, id)?;
        let enrolments = enrolments(conn, id)?;
        let awards = awards(conn, id)?;
        let consents = consents(conn, id)?;
        let referrals = referrals(conn, id)?;
        let meetings = meetings(conn, id)?;
        let audit = audit_about(conn, id, &enrolments, &awards, &consents, &referrals, &meetings)?;
        Ok(PersonRecord {
            format_version: FORMAT_VERSION,
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            prepared_on: self.today(),
            custody: custody(conn, id)?,
            attendance: attendance(conn, id)?,
            liberation_plan: plan(conn, id)?,
            audit,
            details,
            enrolments,
            awards,
            consents,
            referrals,
            meetings,
            transfers: transfers(conn, id)?,
            history_elsewhere: super::transfers::histories_of(conn, id)?,
            referrals_in: super::referrals_in::referrals_in_of(conn, id, self.today())?,
            recovery_capital: super::capital::assessments_of(conn, id)?,
            svq_units: super::svq::progress_of(conn, id)?,
            peer: super::peers::peer_record_of(conn, id)?,
            ids_elsewhere: conn
                .prepare("SELECT origin_id FROM person_origin WHERE participant_id = ?1 ORDER BY origin_id")?
                .query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?,
        })
    }

    /// Writes the person's full record as PDF and/or JSON (at least one), each file whole or not
    /// at all, then records the export once in the audit trail: against the person's id, with
    /// which formats, never a name. Both files are made before either is written; if the second
    /// cannot be written the first is removed, so an export that fails leaves nothing behind
    /// (and nothing audited).
    pub fn export_person_record(
        &mut self,
        actor: &Actor,
        id: ParticipantId,
        pdf: Option<&Path>,
        json: Option<&Path>,
    ) -> Result<PersonRecord> {
        actor.require(Act::SubjectAccess)?;
        if pdf.is_none() && json.is_none() {
            return Err(Error::invalid("output", "choose where to write the PDF, the JSON file or both"));
        }
        if let (Some(a), Some(b)) = (pdf, json) {
            if a == b {
                return Err(Error::invalid("output", "the PDF and the JSON file must be different files"));
            }
        }
        let record = self.person_record(actor, id)?;
        let mut files: Vec<(&Path, Vec<u8>)> = Vec::new();
        if let Some(path) = pdf {
            files.push((path, crate::pdf::person_record_pdf(&record)));
        }
        if let Some(path) = json {
            files.push((path, person_record_json(&record)));
        }
        let mut written: Vec<&Path> = Vec::new();
        for (path, bytes) in &files {
            if let Err(e) = crate::files::write_whole(path, bytes) {
                for done in written {
                    let _ = std::fs::remove_file(done);
                }
                return Err(e);
            }
            written.push(path);
        }
        let formats = match (pdf.is_some(), json.is_some()) {
            (true, true) => "PDF and JSON",
            (true, false) => "PDF",
            _ => "JSON",
        };
        self.record_act(actor, Action::ExportPersonRecord, Record::of("person", id).detail(formats))?;
        Ok(record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::person_record::example;

    #[test]
    fn the_json_is_pretty_utf8_without_a_byte_order_mark_and_reads_back() {
        let record = example();
        let bytes = person_record_json(&record);
        assert!(!bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
        let text = std::str::from_utf8(&bytes).unwrap();
        assert!(text.contains("\n  \"format_version\": 1,\n"), "{text}");
        assert!(text.contains("\"family_name\": \"Ó Súilleabháin\""), "{text}");
        assert!(text.contains("\"date_of_birth\": \"1984-03-02\""), "{text}");
        assert_eq!(serde_json::from_slice::<PersonRecord>(&bytes).unwrap(), record);
        assert_eq!(record.name(), "Siobhán Ó Súilleabháin");
    }
}
