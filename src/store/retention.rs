//! Retention: records are not kept forever. An administrator sets how many years after a person
//! left (liberated or transferred) their records are kept; past that, the person is listed and
//! can be erased. Erasing anonymises rather than deletes: the person's row and every row the
//! reports count (enrolments, attendance marks, custody changes, awards, referrals and their
//! steps) stay, so past monthly returns keep their figures, while names, numbers, dates of birth,
//! search tokens and every free-text note about the person are replaced or cleared, in one
//! transaction. Afterwards the file itself is rewritten so no old copy of a page survives.

use super::audit::{self, Action, Record};
use super::rows::{self, iso};
use super::settings::{put_setting, setting};
use super::{now_utc, participants, Store};
use crate::actor::{Act, Actor};
use crate::dates;
use crate::error::{Error, Result};
use crate::model::*;
use chrono::{Days, Months, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Records are kept this many years after liberation or transfer unless an administrator chose
/// otherwise.
pub const DEFAULT_RETENTION_YEARS: u32 = 6;
pub const MAX_RETENTION_YEARS: u32 = 100;
const SETTING: &str = "retention_years";

/// What an erased person's names become: "Erased record" wherever a name is shown.
pub const ERASED_GIVEN_NAME: &str = "Erased";
pub const ERASED_FAMILY_NAME: &str = "record";
/// What a free-text field that must hold something (consent scope, a revocation or reprint
/// reason) becomes.
pub const ERASED_TEXT: &str = "(erased)";
/// What an erased person's name becomes inside a session's notes.
pub const ERASED_IN_NOTES: &str = "[name erased]";

/// The retention period in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RetentionPeriod {
    /// Years after liberation or transfer.
    pub years: u32,
    pub default_years: u32,
    /// No administrator has chosen a period: the default is in force.
    pub is_default: bool,
    /// Today, people who left on or before this day are past the period.
    pub left_on_or_before: NaiveDate,
}

/// A person past the retention period, with what is held about them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PastRetention {
    pub participant_id: ParticipantId,
    pub given_name: String,
    pub family_name: String,
    pub prison_number: String,
    /// The day they were liberated or transferred.
    pub left_on: NaiveDate,
    /// Liberated or transferred.
    pub how: CustodyStatus,
    pub establishment_code: String,
    pub establishment_name: String,
    pub enrolments: u32,
    pub attendance_marks: u32,
    pub awards: u32,
    pub referrals: u32,
}

/// What an erasure did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ErasureDone {
    pub erased: u32,
    pub participant_ids: Vec<ParticipantId>,
    /// The database file and its write-ahead log were rewritten afterwards, so no old copy of
    /// an erased page survives in them. False when another program held the file open and the
    /// log could not be emptied yet (it will be when that program closes it).
    pub file_wiped: bool,
}

/// People who left on or before this day are past a period of `years` on `today`. A day that
/// does not exist `years` earlier (29 February) becomes the last day of that February, so a
/// person who left on 29/02/2020 is past six years from 01/03/2026.
pub fn left_on_or_before(today: NaiveDate, years: u32) -> NaiveDate {
    today.checked_sub_months(Months::new(years * 12)).unwrap_or(NaiveDate::MIN)
}

/// The first day on which a person who left on `left_on` is past a period of `years`.
pub fn erasable_from(left_on: NaiveDate, years: u32) -> NaiveDate {
    let anniversary = left_on.checked_add_months(Months::new(years * 12)).unwrap_or(NaiveDate::MAX);
    if left_on_or_before(anniversary, years) < left_on {
        // 29 February moved to the 28th: the period ends the day after.
        anniversary + Days::new(1)
    } else {
        anniversary
    }
}

fn check_years(years: u32) -> Result<u32> {
    if (1..=MAX_RETENTION_YEARS).contains(&years) {
        Ok(years)
    } else {
        Err(Error::invalid("retention period", format!("must be a whole number of years from 1 to {MAX_RETENTION_YEARS}")))
    }
}

fn period(conn: &Connection, today: NaiveDate) -> Result<RetentionPeriod> {
    let saved = setting(conn, SETTING)?.and_then(|v| v.parse::<u32>().ok()).and_then(|y| check_years(y).ok());
    let years = saved.unwrap_or(DEFAULT_RETENTION_YEARS);
    Ok(RetentionPeriod {
        years,
        default_years: DEFAULT_RETENTION_YEARS,
        is_default: saved.is_none(),
        left_on_or_before: left_on_or_before(today, years),
    })
}

/// When a person left: the day their current status (liberated or transferred) began, or, if
/// that was never recorded on the person, the latest such change in the custody history.
const LEFT_ON: &str = "coalesce(p.status_since,
    (SELECT max(sc.effective_on) FROM status_change sc WHERE sc.participant_id = p.id AND sc.status = p.status))";

fn past(conn: &Connection, cutoff: NaiveDate) -> Result<Vec<PastRetention>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT p.id, p.given_name, p.family_name, p.prison_number, {LEFT_ON} AS left_on, p.status, e.code, e.name,
                (SELECT count(*) FROM enrolment x WHERE x.participant_id = p.id),
                (SELECT count(*) FROM attendance x WHERE x.participant_id = p.id),
                (SELECT count(*) FROM award x WHERE x.participant_id = p.id),
                (SELECT count(*) FROM referral x WHERE x.participant_id = p.id)
           FROM participant p JOIN establishment e ON e.id = p.establishment_id
          WHERE p.kind = 'in_custody' AND p.status IN ('liberated', 'transferred') AND p.erased_on IS NULL
            AND left_on IS NOT NULL AND left_on <= ?1
          ORDER BY left_on, p.family_name COLLATE folded, p.given_name COLLATE folded, p.id"
    ))?;
    let found = stmt.query_map([iso(cutoff)], |r| {
        Ok(PastRetention {
            participant_id: r.get(0)?,
            given_name: r.get(1)?,
            family_name: r.get(2)?,
            prison_number: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
            left_on: rows::date(r, 4)?,
            how: r.get(5)?,
            establishment_code: r.get(6)?,
            establishment_name: r.get(7)?,
            enrolments: r.get(8)?,
            attendance_marks: r.get(9)?,
            awards: r.get(10)?,
            referrals: r.get(11)?,
        })
    })?;
    Ok(found.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// The retention period in force, and whether it is the default. Administrators only.
    pub fn retention_period(&self, actor: &Actor) -> Result<RetentionPeriod> {
        actor.require(Act::ManageRetention)?;
        period(&self.conn, self.today())
    }

    /// Sets the retention period: 1 to 100 years after liberation or transfer. Administrators
    /// only; the audit trail records the number.
    pub fn set_retention_years(&mut self, actor: &Actor, years: u32) -> Result<RetentionPeriod> {
        actor.require(Act::ManageRetention)?;
        let years = check_years(years)?;
        let today = self.today();
        let record = Record::none().detail(format!("retention period {years} years"));
        self.write_about(Some(actor.staff_id), Action::ChangeSetting, record, |tx| {
            put_setting(tx, SETTING, &years.to_string())?;
            period(tx, today)
        })
    }

    /// People in custody records who were liberated or transferred on or before today minus the
    /// retention period, not yet erased, longest gone first, with what is held about them. People
    /// still in custody or on home leave are never listed. Administrators only.
    pub fn past_retention(&self, actor: &Actor) -> Result<Vec<PastRetention>> {
        actor.require(Act::ManageRetention)?;
        let period = period(&self.conn, self.today())?;
        past(&self.conn, period.left_on_or_before)
    }

    /// The checks `erase_past_retention` makes, without erasing anything: the lines of these
    /// people, each past the retention period, or the refusal it would give. Administrators only.
    pub fn check_erasable(&self, actor: &Actor, ids: &[ParticipantId]) -> Result<Vec<PastRetention>> {
        actor.require(Act::ManageRetention)?;
        chosen(&self.conn, self.today(), &distinct(ids))
    }

    /// Erases the records of these people, all past the retention period, in one transaction:
    /// every one is erased or, if any of them is not past it, none is. Each person's row stays
    /// (so past reports keep their counts) with names, prison number, date of birth, location
    /// and expected liberation replaced or cleared, their search tokens deleted, and every note
    /// about them cleared. The audit trail gets one row per person (by id) and one with the
    /// count. Then the file is rewritten so no old page survives. Administrators only.
    pub fn erase_past_retention(&mut self, actor: &Actor, ids: &[ParticipantId]) -> Result<ErasureDone> {
        actor.require(Act::ManageRetention)?;
        let ids = distinct(ids);
        let today = self.today();
        let workstation = self.workstation.clone();
        let record = Record::none().detail(crate::text::counted(ids.len() as u64, "person", "people"));
        self.write_about(Some(actor.staff_id), Action::EraseRecords, record, |tx| {
            chosen(tx, today, &ids)?;
            for id in &ids {
                erase(tx, *id, today)?;
                audit::append(tx, &workstation, Some(actor.staff_id), Action::EraseRecords, &Record::of("person", id))?;
            }
            Ok(())
        })?;
        let file_wiped = self.wipe_free_pages();
        Ok(ErasureDone { erased: ids.len() as u32, participant_ids: ids, file_wiped })
    }

    /// Everyone erased in this database, and on which day: to erase again in a database restored
    /// over it from a backup made before.
    pub(crate) fn erased_as_they_are(&self) -> Result<Vec<(ParticipantId, String)>> {
        let mut stmt = self.conn.prepare("SELECT id, erased_on FROM participant WHERE erased_on IS NOT NULL")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// After a restore has committed: the file rewritten, so the pages of the people erased
    /// again hold nothing of them (as after any erasure).
    pub(crate) fn wipe_after_restore(&mut self) -> bool {
        self.wipe_free_pages()
    }

    /// Rewrites the database so that nothing erased survives in it or beside it. Runs after the
    /// erasure has committed, outside any transaction (VACUUM cannot run inside one). Returns
    /// whether every step completed.
    fn wipe_free_pages(&mut self) -> bool {
        // secure_delete (set in `prepare`) has already zeroed the erased text inside the pages the
        // erasure changed, but in WAL mode the earlier versions of those pages, names and all,
        // are still frames in the -wal file (and, until a checkpoint, in the database file's
        // own old pages). A TRUNCATE checkpoint copies the new pages into the database file and
        // empties the -wal file to zero bytes.
        let first = self.checkpoint();
        // VACUUM rebuilds the whole file from the live rows only: no free page, no unused space
        // inside a page, nothing left by an edit made before secure_delete was on or by another
        // tool. Its temporary copy stays in memory (temp_store = MEMORY), encrypted files stay
        // encrypted with the same key.
        let vacuumed = match self.conn.execute_batch("VACUUM") {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!(
                    "after an erasure, VACUUM did not complete: {}",
                    e.sqlite_error_code().map(|c| format!("{c:?}")).unwrap_or_default()
                );
                false
            }
        };
        // VACUUM writes the rebuilt pages through the -wal file: checkpoint again so the file
        // holds them and the -wal file is empty.
        let last = self.checkpoint();
        first && vacuumed && last
    }

    /// `PRAGMA wal_checkpoint(TRUNCATE)`: true when it completed (no other connection held it up).
    fn checkpoint(&self) -> bool {
        match self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get::<_, i64>(0)) {
            Ok(busy) => busy == 0,
            Err(e) => {
                tracing::warn!(
                    "after an erasure, the checkpoint did not complete: {}",
                    e.sqlite_error_code().map(|c| format!("{c:?}")).unwrap_or_default()
                );
                false
            }
        }
    }
}

fn distinct(ids: &[ParticipantId]) -> Vec<ParticipantId> {
    let mut seen = HashSet::new();
    ids.iter().copied().filter(|id| seen.insert(*id)).collect()
}

/// The lines of `ids` (distinct, in that order) if every one is past the retention period on
/// `today`; otherwise the refusal for the first that is not.
fn chosen(conn: &Connection, today: NaiveDate, ids: &[ParticipantId]) -> Result<Vec<PastRetention>> {
    if ids.is_empty() {
        return Err(Error::invalid("people", "choose at least one person to erase"));
    }
    let period = period(conn, today)?;
    let past = past(conn, period.left_on_or_before)?;
    ids.iter()
        .map(|id| match past.iter().find(|p| p.participant_id == *id) {
            Some(line) => Ok(line.clone()),
            None => Err(not_past(conn, *id, &period)?),
        })
        .collect()
}

/// Why `id` cannot be erased, naming the person for the administrator who chose them.
fn not_past(conn: &Connection, id: ParticipantId, period: &RetentionPeriod) -> Result<Error> {
    let p = participants::get(conn, id)?;
    let who = format!("{} ({})", p.full_name(), p.prison_number.as_deref().unwrap_or(p.kind.label()));
    let nothing = "nothing was erased";
    if let Some(on) = participants::erased_on(conn, id)? {
        return Ok(Error::conflict("person", format!("{who} was already erased on {}; {nothing}", dates::display(on))));
    }
    let problem = match (p.kind, p.status, p.status_since) {
        (ParticipantKind::InCustody, Some(CustodyStatus::Liberated | CustodyStatus::Transferred), Some(left)) => format!(
            "{who} left on {}: their records are kept for {} years, until {}; {nothing}",
            dates::display(left),
            period.years,
            dates::display(erasable_from(left, period.years) - Days::new(1)),
        ),
        (ParticipantKind::InCustody, Some(status), _) => {
            format!(
                "{who} is {}; records are kept until {} years after liberation or transfer; {nothing}",
                status.label().to_lowercase(),
                period.years
            )
        }
        _ => format!("{who} is not a person in custody; {nothing}"),
    };
    Ok(Error::invalid("person", problem))
}

/// Inside a restore's transaction: each person erased in the database it replaced, and held
/// unerased in the backup, is erased again (on the day they were first erased). People added
/// after the backup was made are not in it to erase. Returns how many were erased again.
pub(crate) fn erase_again(tx: &Connection, erased: &[(ParticipantId, String)]) -> Result<usize> {
    let mut again = 0;
    for (id, on) in erased {
        let held: Option<Option<String>> =
            tx.query_row("SELECT erased_on FROM participant WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        if let Some(None) = held {
            let day =
                NaiveDate::parse_from_str(on, "%Y-%m-%d").map_err(|_| Error::invalid("erased on", format!("'{on}' is not a date")))?;
            erase(tx, *id, day)?;
            again += 1;
        }
    }
    Ok(again)
}

/// Anonymises one person (inside the erasure's transaction).
fn erase(tx: &Connection, id: ParticipantId, today: NaiveDate) -> Result<()> {
    let person = participants::get(tx, id)?;
    let now = now_utc();
    // Unique per establishment (the schema needs a prison number for a person in custody, and
    // the person's real number must be free if they come back), and says nothing about them.
    let placeholder = format!("ERASED-{}", id.0.simple()).to_uppercase();
    tx.execute(
        "UPDATE participant SET given_name = ?2, family_name = ?3, prison_number = ?4, date_of_birth = NULL, location = NULL,
                expected_liberation = NULL, printed_name = NULL, erased_on = ?5, updated_at = ?6
          WHERE id = ?1",
        params![id, ERASED_GIVEN_NAME, ERASED_FAMILY_NAME, placeholder, iso(today), now],
    )?;
    // Out of every search.
    tx.execute("DELETE FROM participant_token WHERE participant_id = ?1", [id])?;
    // Registers and rosters: the marks and enrolments stay (the reports count them), their notes go.
    tx.execute("UPDATE attendance SET note = NULL WHERE participant_id = ?1 AND note IS NOT NULL", [id])?;
    tx.execute("UPDATE enrolment SET leaving_note = NULL WHERE participant_id = ?1 AND leaving_note IS NOT NULL", [id])?;
    // Liberation: the plan, consents, referrals (and their steps, which hold no text) and meetings
    // stay; where they were going, what they agreed to and every note go.
    tx.execute("UPDATE liberation_plan SET home_area = NULL, updated_at = ?2 WHERE participant_id = ?1", params![id, now])?;
    tx.execute("UPDATE consent SET scope = ?2, updated_at = ?3 WHERE participant_id = ?1", params![id, ERASED_TEXT, now])?;
    tx.execute("UPDATE referral SET notes = NULL, updated_at = ?2 WHERE participant_id = ?1", params![id, now])?;
    tx.execute("UPDATE liberation_meeting SET notes = NULL WHERE participant_id = ?1 AND notes IS NOT NULL", [id])?;
    // Referrals in stay (the waiting times count them; they hold no text); why the person was
    // passed over on a waiting list goes.
    tx.execute(
        "UPDATE waiting_list_skip SET reason = ?2 WHERE referral_in_id IN (SELECT id FROM referral_in WHERE participant_id = ?1)",
        params![id, ERASED_TEXT],
    )?;
    // Awards stay (certificates issued are counted) without the name printed on them, and without
    // the verification code, which would let anyone with the file confirm a guessed name.
    tx.execute(
        "UPDATE award SET name_on_certificate = ?2, verification_code = '', candidate_number = NULL,
                revocation_reason = CASE WHEN revocation_reason IS NULL THEN NULL ELSE ?3 END
          WHERE participant_id = ?1",
        params![id, format!("{ERASED_GIVEN_NAME} {ERASED_FAMILY_NAME}"), ERASED_TEXT],
    )?;
    tx.execute(
        "UPDATE award_print SET reprint_reason = ?2
          WHERE reprint_reason IS NOT NULL AND award_id IN (SELECT id FROM award WHERE participant_id = ?1)",
        params![id, ERASED_TEXT],
    )?;
    // SVQ units signed off stay (they are counted, and hold nothing about the person); the
    // number SQA knows them by goes.
    tx.execute("DELETE FROM sqa_candidate WHERE participant_id = ?1", [id])?;
    // A peer's facilitator row stays (the sessions they led are counted), without their name.
    tx.execute(
        "UPDATE facilitator SET name = ?2, on_passport = 0, active = 0 WHERE participant_id = ?1",
        params![id, format!("{ERASED_GIVEN_NAME} {ERASED_FAMILY_NAME}")],
    )?;
    // History brought by transfer packs: the row stays (the ids it matched, for a later pack
    // to be refused), what it said goes.
    tx.execute("UPDATE transfer_in SET history = '[]', updated_at = ?2 WHERE participant_id = ?1", params![id, now])?;
    redact_session_notes(tx, &person)?;
    Ok(())
}

/// Sessions' topics and notes belong to the group, not to one person, so they stay; but where
/// one of the person's groups' sessions names them (or gives their number), that is replaced.
fn redact_session_notes(tx: &Connection, person: &Participant) -> Result<()> {
    let mut names: Vec<String> = [Some(&person.given_name), Some(&person.family_name), person.prison_number.as_ref()]
        .into_iter()
        .flatten()
        .map(|n| n.trim().to_string())
        .filter(|n| n.chars().count() >= 2)
        .collect();
    // The whole name first, so "Zephyrine Quillanbrook" becomes one "[name erased]"; the name as
    // printed (family name first) before that.
    names.insert(0, format!("{} {}", person.given_name.trim(), person.family_name.trim()));
    if let Some(printed) = &person.printed_name {
        names.insert(0, printed.trim().to_string());
    }
    let mut stmt = tx.prepare(
        "SELECT id, topic, notes, cancellation_note FROM session
          WHERE group_id IN (SELECT group_id FROM enrolment WHERE participant_id = ?1)
             OR id IN (SELECT session_id FROM attendance WHERE participant_id = ?1)",
    )?;
    let sessions: Vec<(SessionId, [Option<String>; 3])> =
        stmt.query_map([person.id], |r| Ok((r.get(0)?, [r.get(1)?, r.get(2)?, r.get(3)?])))?.collect::<rusqlite::Result<_>>()?;
    for (id, texts) in sessions {
        let redacted: Vec<Option<String>> = texts.iter().map(|t| t.as_deref().and_then(|t| redact(t, &names))).collect();
        if redacted.iter().any(Option::is_some) {
            let [topic, notes, cancellation] = texts;
            let pick = |i: usize, old: Option<String>| redacted[i].clone().or(old);
            tx.execute(
                "UPDATE session SET topic = ?2, notes = ?3, cancellation_note = ?4 WHERE id = ?1",
                params![id, pick(0, topic), pick(1, notes), pick(2, cancellation)],
            )?;
        }
    }
    Ok(())
}

/// `text` with each whole-word occurrence of any of `names` (ignoring case) replaced by
/// "[name erased]"; `None` when none occurs.
fn redact(text: &str, names: &[String]) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let names: Vec<Vec<char>> = names.iter().map(|n| n.chars().collect()).collect();
    let same = |a: char, b: char| a == b || a.to_lowercase().eq(b.to_lowercase());
    let boundary = |i: usize| i == 0 || i >= chars.len() || !chars[i].is_alphanumeric() || !chars[i - 1].is_alphanumeric();
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let found = names.iter().find(|n| {
            !n.is_empty()
                && i + n.len() <= chars.len()
                && chars[i..i + n.len()].iter().zip(n.iter()).all(|(a, b)| same(*a, *b))
                && boundary(i)
                && boundary(i + n.len())
        });
        match found {
            Some(n) => {
                out.push_str(ERASED_IN_NOTES);
                i += n.len();
                changed = true;
            }
            None => {
                out.push(chars[i]);
                i += 1;
            }
        }
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_period_counts_back_whole_years_and_29_february_ends_on_1_march() {
        assert_eq!(left_on_or_before(d(2026, 11, 16), 6), d(2020, 11, 16));
        assert_eq!(left_on_or_before(d(2028, 2, 29), 6), d(2022, 2, 28));
        assert_eq!(left_on_or_before(d(2024, 2, 29), 4), d(2020, 2, 29));
        assert_eq!(erasable_from(d(2020, 11, 16), 6), d(2026, 11, 16));
        assert_eq!(erasable_from(d(2020, 2, 29), 6), d(2026, 3, 1));
        assert_eq!(erasable_from(d(2020, 2, 29), 4), d(2024, 2, 29));
        // Each is the first day listed: the day before, the person is not past the period.
        for (left, years) in [(d(2020, 2, 29), 6), (d(2020, 2, 29), 4), (d(2019, 12, 31), 1), (d(2020, 3, 1), 6)] {
            let from = erasable_from(left, years);
            assert!(left <= left_on_or_before(from, years), "{left} {years}");
            assert!(left > left_on_or_before(from - Days::new(1), years), "{left} {years}");
        }
    }

    #[test]
    fn names_are_redacted_as_whole_words_in_any_case() {
        let names = vec!["Zephyrine Quillanbrook".to_string(), "Zephyrine".to_string(), "Quillanbrook".to_string(), "100001".to_string()];
        assert_eq!(
            redact("ZEPHYRINE spoke first; zephyrine quillanbrook (100001) left.", &names).unwrap(),
            "[name erased] spoke first; [name erased] ([name erased]) left."
        );
        assert_eq!(redact("Zephyrines and 1000011 stay", &names), None);
        assert_eq!(redact("Ó Súilleabháin came", &["ó súilleabháin".to_string()]).unwrap(), "[name erased] came");
    }
}
