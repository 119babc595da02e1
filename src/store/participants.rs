use super::rows::{self, iso, PARTICIPANT};
use super::{audit::Action, establishments, now_utc, Store};
use crate::actor::{Act, Actor};
use crate::dates;
use crate::error::{Error, Result};
use crate::model::*;
use crate::text;
use chrono::NaiveDate;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ParticipantFilter {
    pub establishment_id: Option<EstablishmentId>,
    pub status: Option<CustodyStatus>,
    pub kind: Option<ParticipantKind>,
}

impl Store {
    pub fn add_participant(
        &mut self,
        actor: &Actor,
        establishment_id: EstablishmentId,
        details: &ParticipantDetails,
    ) -> Result<Participant> {
        actor.require(Act::WriteRecords)?;
        let details = details.normalised(self.today())?;
        self.write(actor, Action::AddPerson, |tx| {
            establishments::by_id(tx, establishment_id)?;
            // When the person came into custody is not the app's business to guess.
            insert(tx, actor, establishment_id, &details, None)
        })
    }

    /// Replaces a person's details. The kind (in custody, staff, volunteer) cannot change.
    pub fn edit_participant(&mut self, actor: &Actor, id: ParticipantId, details: &ParticipantDetails) -> Result<Participant> {
        actor.require(Act::WriteRecords)?;
        let details = details.normalised(self.today())?;
        self.write(actor, Action::EditPerson, |tx| {
            refuse_if_erased(tx, id)?;
            let before = get(tx, id)?;
            if before.kind != details.kind {
                return Err(Error::invalid(
                    "kind",
                    format!("cannot change from '{}' to '{}'; add the person again", before.kind.label(), details.kind.label()),
                ));
            }
            update(tx, before.establishment_id, id, &details)?;
            get(tx, id)
        })
    }

    pub fn participant(&self, actor: &Actor, id: ParticipantId) -> Result<Participant> {
        actor.require(Act::ReadRecords)?;
        get(&self.conn, id)
    }

    /// Opens a person's record for someone to read: the look is recorded in the audit trail,
    /// in the same transaction as the read.
    pub fn view_participant(&mut self, actor: &Actor, id: ParticipantId) -> Result<Participant> {
        actor.require(Act::ReadRecords)?;
        self.write(actor, Action::ViewPerson, |tx| get(tx, id))
    }

    /// A person by id, or by prison number (within `establishment` when given). Ambiguity is an
    /// error that says how to resolve it.
    pub fn participant_by_key(&self, actor: &Actor, key: &str, establishment: Option<EstablishmentId>) -> Result<Participant> {
        actor.require(Act::ReadRecords)?;
        if let Ok(id) = key.parse::<ParticipantId>() {
            return get(&self.conn, id);
        }
        let number = key.trim().to_uppercase();
        let sql = format!(
            "SELECT {PARTICIPANT} FROM participant p WHERE p.prison_number = ?1 AND (?2 IS NULL OR p.establishment_id = ?2) LIMIT 2"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let found: Vec<Participant> =
            stmt.query_map(params![number, establishment], |r| rows::participant(r, 0))?.collect::<rusqlite::Result<_>>()?;
        match found.len() {
            1 => Ok(found.into_iter().next().expect("one")),
            0 => Err(Error::not_found("person with prison number or id", key.trim())),
            _ => Err(Error::invalid(
                "person",
                format!("prison number {number} is used at more than one establishment; name the establishment"),
            )),
        }
    }

    /// Finds people as the caseworker types: every word of `query` must begin a word of the
    /// person's names or prison number, ignoring case and accents ("sean o su" finds
    /// "Seán Ó Súilleabháin"). Uses the token index, not a scan.
    pub fn find_participants(
        &self,
        actor: &Actor,
        query: &str,
        establishment: Option<EstablishmentId>,
        limit: usize,
    ) -> Result<Vec<Participant>> {
        actor.require(Act::ReadRecords)?;
        let words = text::tokens(query);
        // The run-together token is only useful on the indexed side.
        let words: Vec<String> = if words.len() > 1 {
            let joined: String = text::fold(query).split(|c: char| !c.is_alphanumeric()).collect();
            words.into_iter().filter(|w| *w != joined).collect()
        } else {
            words
        };
        if words.is_empty() {
            return Ok(Vec::new());
        }
        // The longest word is usually the rarest: let it drive the search.
        let mut words = words;
        words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        // The first word walks the covering token index; every further word must also begin
        // one of the same person's tokens.
        let mut sql = String::from(
            "SELECT DISTINCT t.sort_key, t.participant_id FROM participant_token t
              WHERE t.token >= ? AND t.token < ? AND (? IS NULL OR t.establishment_id = ?)",
        );
        for _ in 1..words.len() {
            sql.push_str(
                " AND EXISTS (SELECT 1 FROM participant_token u
                               WHERE u.participant_id = t.participant_id AND u.token >= ? AND u.token < ?)",
            );
        }
        let sql = format!(
            "SELECT {PARTICIPANT} FROM ({sql} ORDER BY t.sort_key, t.participant_id LIMIT ?) m
               JOIN participant p ON p.id = m.participant_id
              ORDER BY m.sort_key, m.participant_id"
        );
        let est: rusqlite::types::Value = match establishment {
            Some(e) => e.0.as_bytes().to_vec().into(),
            None => rusqlite::types::Value::Null,
        };
        // Every token that starts with `w` sorts below `w` followed by the highest char.
        let range = |w: &String| -> [rusqlite::types::Value; 2] { [w.clone().into(), format!("{w}\u{10FFFF}").into()] };
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        args.extend(range(&words[0]));
        args.push(est.clone());
        args.push(est);
        for w in &words[1..] {
            args.extend(range(w));
        }
        args.push((limit as i64).into());
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let found = stmt.query_map(params_from_iter(args), |r| rows::participant(r, 0))?;
        Ok(found.collect::<rusqlite::Result<_>>()?)
    }

    pub fn participants(&self, actor: &Actor, filter: &ParticipantFilter) -> Result<Vec<Participant>> {
        actor.require(Act::ReadRecords)?;
        let sql = format!(
            "SELECT {PARTICIPANT} FROM participant p
              WHERE (?1 IS NULL OR p.establishment_id = ?1) AND (?2 IS NULL OR p.status = ?2) AND (?3 IS NULL OR p.kind = ?3)
                AND p.erased_on IS NULL
              ORDER BY p.family_name COLLATE folded, p.given_name COLLATE folded, p.id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let found = stmt.query_map(params![filter.establishment_id, filter.status, filter.kind], |r| rows::participant(r, 0))?;
        Ok(found.collect::<rusqlite::Result<_>>()?)
    }

    /// Records a liberation on `on` and ends the person's open enrolments with that reason.
    pub fn liberate(&mut self, actor: &Actor, id: ParticipantId, on: NaiveDate) -> Result<Participant> {
        self.change_custody(actor, id, CustodyStatus::Liberated, on)
    }

    /// Records a transfer to another establishment and ends open enrolments with that reason.
    pub fn transfer(&mut self, actor: &Actor, id: ParticipantId, on: NaiveDate) -> Result<Participant> {
        self.change_custody(actor, id, CustodyStatus::Transferred, on)
    }

    /// Home leave: the person stays on their rosters.
    pub fn start_home_leave(&mut self, actor: &Actor, id: ParticipantId, on: NaiveDate) -> Result<Participant> {
        self.change_custody(actor, id, CustodyStatus::HomeLeave, on)
    }

    /// Back in custody here: after home leave, a recall or a transfer back.
    pub fn readmit(&mut self, actor: &Actor, id: ParticipantId, on: NaiveDate) -> Result<Participant> {
        self.change_custody(actor, id, CustodyStatus::InCustody, on)
    }

    fn change_custody(&mut self, actor: &Actor, id: ParticipantId, to: CustodyStatus, on: NaiveDate) -> Result<Participant> {
        actor.require(Act::WriteRecords)?;
        let today = self.today();
        self.write(actor, Action::ChangeCustody, |tx| change_custody(tx, actor, id, to, on, today))
    }
}

pub(crate) fn change_custody(
    tx: &Connection,
    actor: &Actor,
    id: ParticipantId,
    to: CustodyStatus,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<Participant> {
    refuse_if_erased(tx, id)?;
    let person = get(tx, id)?;
    let Some(from) = person.status else {
        return Err(Error::invalid("status", format!("{} is not a person in custody", person.kind.label().to_lowercase())));
    };
    if on > today {
        return Err(Error::invalid(
            "date",
            format!("{} is in the future; record the expected liberation date instead", dates::display(on)),
        ));
    }
    if let Some(since) = person.status_since.filter(|since| on < *since) {
        return Err(Error::invalid(
            "date",
            format!("{} is before the current status began ({})", dates::display(on), dates::display(since)),
        ));
    }
    let allowed = match to {
        CustodyStatus::InCustody => from != CustodyStatus::InCustody,
        CustodyStatus::HomeLeave => from == CustodyStatus::InCustody,
        CustodyStatus::Liberated | CustodyStatus::Transferred => {
            matches!(from, CustodyStatus::InCustody | CustodyStatus::HomeLeave)
        }
    };
    if !allowed {
        return Err(Error::invalid("status", format!("cannot go from '{}' to '{}'", from.label(), to.label())));
    }
    tx.execute(
        "UPDATE participant SET status = ?2, status_since = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, to, iso(on), now_utc()],
    )?;
    record_status(tx, actor, id, to, on)?;
    let reason = match to {
        CustodyStatus::Liberated => Some(LeavingReason::Liberated),
        CustodyStatus::Transferred => Some(LeavingReason::Transferred),
        _ => None,
    };
    if let Some(reason) = reason {
        // Enrolments that had not started by then end the same day they began.
        tx.prepare_cached(
            "UPDATE enrolment SET left_on = max(enrolled_on, ?2), leaving_reason = ?3
              WHERE participant_id = ?1 AND left_on IS NULL",
        )?
        .execute(params![id, iso(on), reason])?;
    }
    get(tx, id)
}

pub(crate) fn record_status(tx: &Connection, actor: &Actor, id: ParticipantId, status: CustodyStatus, on: NaiveDate) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO status_change (id, participant_id, status, effective_on, recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![StatusChangeId::new(), id, status, iso(on), now_utc(), actor.staff_id])?;
    Ok(())
}

/// Replaces a person's details (already normalised; the kind unchanged), with their search words.
pub(crate) fn update(tx: &Connection, establishment_id: EstablishmentId, id: ParticipantId, details: &ParticipantDetails) -> Result<()> {
    check_prison_number_free(tx, establishment_id, details.prison_number.as_deref(), Some(id))?;
    tx.prepare_cached(
        "UPDATE participant SET prison_number = ?2, given_name = ?3, family_name = ?4, date_of_birth = ?5,
                location = ?6, expected_liberation = ?7, updated_at = ?8, printed_name = ?9 WHERE id = ?1",
    )?
    .execute(params![
        id,
        details.prison_number,
        details.given_name,
        details.family_name,
        details.date_of_birth.map(iso),
        details.location,
        details.expected_liberation.map(iso),
        now_utc(),
        details.printed_name
    ])?;
    write_tokens(tx, id, details)
}

/// Inserts already-normalised details. A person in custody starts "in custody", since
/// `in_custody_since` when known.
pub(crate) fn insert(
    tx: &Connection,
    actor: &Actor,
    establishment_id: EstablishmentId,
    details: &ParticipantDetails,
    in_custody_since: Option<NaiveDate>,
) -> Result<Participant> {
    check_prison_number_free(tx, establishment_id, details.prison_number.as_deref(), None)?;
    let id = ParticipantId::new();
    let in_custody = details.kind == ParticipantKind::InCustody;
    let status = in_custody.then_some(CustodyStatus::InCustody);
    let since = in_custody_since.filter(|_| in_custody);
    let now = now_utc();
    tx.prepare_cached(
        "INSERT INTO participant (id, establishment_id, kind, prison_number, given_name, family_name, date_of_birth,
                                  location, status, status_since, expected_liberation, created_at, updated_at, printed_name)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13)",
    )?
    .execute(params![
        id,
        establishment_id,
        details.kind,
        details.prison_number,
        details.given_name,
        details.family_name,
        details.date_of_birth.map(iso),
        details.location,
        status,
        since.map(iso),
        details.expected_liberation.map(iso),
        now,
        details.printed_name
    ])?;
    if let (Some(status), Some(since)) = (status, since) {
        record_status(tx, actor, id, status, since)?;
    }
    insert_tokens(tx, id, details)?;
    Ok(Participant {
        id,
        establishment_id,
        kind: details.kind,
        prison_number: details.prison_number.clone(),
        given_name: details.given_name.clone(),
        family_name: details.family_name.clone(),
        date_of_birth: details.date_of_birth,
        location: details.location.clone(),
        status,
        status_since: since,
        expected_liberation: details.expected_liberation,
        printed_name: details.printed_name.clone(),
    })
}

fn check_prison_number_free(
    tx: &Connection,
    establishment_id: EstablishmentId,
    number: Option<&str>,
    except: Option<ParticipantId>,
) -> Result<()> {
    let Some(number) = number else { return Ok(()) };
    let taken = tx
        .prepare_cached("SELECT id FROM participant WHERE establishment_id = ?1 AND prison_number = ?2")?
        .query_row(params![establishment_id, number], |r| r.get::<_, ParticipantId>(0))
        .optional()?;
    match taken {
        Some(other) if Some(other) != except => {
            Err(Error::conflict("prison number", format!("{number} already belongs to another person at this establishment")))
        }
        _ => Ok(()),
    }
}

fn write_tokens(tx: &Connection, id: ParticipantId, details: &ParticipantDetails) -> Result<()> {
    tx.prepare_cached("DELETE FROM participant_token WHERE participant_id = ?1")?.execute([id])?;
    insert_tokens(tx, id, details)
}

fn insert_tokens(tx: &Connection, id: ParticipantId, details: &ParticipantDetails) -> Result<()> {
    insert_tokens_of(tx, id, &details.given_name, &details.family_name, details.prison_number.as_deref())
}

/// The search words made again from the person's row as it now is (one who arrived from another
/// PC of the team: the words never travel).
pub(crate) fn reindex(tx: &Connection, id: ParticipantId) -> Result<()> {
    tx.prepare_cached("DELETE FROM participant_token WHERE participant_id = ?1")?.execute([id])?;
    let row: Option<(String, String, Option<String>)> = tx
        .prepare_cached("SELECT given_name, family_name, prison_number FROM participant WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    match row {
        Some((given, family, number)) => insert_tokens_of(tx, id, &given, &family, number.as_deref()),
        None => Ok(()),
    }
}

fn insert_tokens_of(tx: &Connection, id: ParticipantId, given: &str, family: &str, number: Option<&str>) -> Result<()> {
    let establishment_id: EstablishmentId =
        tx.prepare_cached("SELECT establishment_id FROM participant WHERE id = ?1")?.query_row([id], |r| r.get(0))?;
    let sort_key = text::fold(&format!("{family} {given}"));
    let mut words = text::tokens(given);
    words.extend(text::tokens(family));
    if let Some(n) = number {
        words.push(text::fold(n));
    }
    words.sort();
    words.dedup();
    let mut stmt =
        tx.prepare_cached("INSERT INTO participant_token (token, sort_key, participant_id, establishment_id) VALUES (?1, ?2, ?3, ?4)")?;
    for w in words {
        stmt.execute(params![w, sort_key, id, establishment_id])?;
    }
    Ok(())
}

pub(crate) fn get(conn: &Connection, id: ParticipantId) -> Result<Participant> {
    conn.prepare_cached(&format!("SELECT {PARTICIPANT} FROM participant p WHERE p.id = ?1"))?
        .query_row([id], |r| rows::participant(r, 0))
        .optional()?
        .ok_or_else(|| Error::not_found("person", id))
}

/// The day the person's records were erased after the retention period, if they were.
pub(crate) fn erased_on(conn: &Connection, id: ParticipantId) -> Result<Option<NaiveDate>> {
    Ok(conn
        .prepare_cached("SELECT erased_on FROM participant WHERE id = ?1")?
        .query_row([id], |r| rows::opt_date(r, 0))
        .optional()?
        .flatten())
}

/// Refuses any change to a person whose records were erased: an erased record stays as the
/// erasure left it (a new stay in custody is a new person).
pub(crate) fn refuse_if_erased(conn: &Connection, id: ParticipantId) -> Result<()> {
    match erased_on(conn, id)? {
        Some(on) => Err(Error::conflict(
            "person",
            format!(
                "this person's records were erased on {} after the retention period and cannot be changed; if they are back in custody, add them again",
                dates::display(on)
            ),
        )),
        None => Ok(()),
    }
}
