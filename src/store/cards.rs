//! Receiving cards (issue 22): this install's own cards and the cards of other installs. An
//! establishment's card (or the national office's) is made once and stays the same, so the
//! other installs that hold it need not be told again; a card added for a code already known
//! with other keys is refused unless replacing it is asked for (a swapped card would send a
//! person's transfer pack to whoever swapped it).

use super::audit::{Action, Record};
use super::{now_utc, Store};
use crate::actor::{Act, Actor};
use crate::card::{Card, CardKind, FORMAT};
use crate::error::{Error, Result};
use crate::sealed_file::{Body, Format, Unopened};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// A card as the Establishments page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CardLine {
    pub code: String,
    pub name: String,
    pub kind: CardKind,
    /// "Establishment" or "National office", as the page says it.
    pub kind_label: String,
    pub fingerprint: String,
    /// This install's own card (others' are cards it was given).
    pub own: bool,
}

impl CardLine {
    pub fn of(card: &Card, own: bool) -> CardLine {
        CardLine {
            code: card.code.clone(),
            name: card.name.clone(),
            kind: card.kind,
            kind_label: card.kind.label().to_string(),
            fingerprint: card.fingerprint(),
            own,
        }
    }
}

fn kind_code(kind: CardKind) -> &'static str {
    match kind {
        CardKind::Establishment => "establishment",
        CardKind::NationalOffice => "national_office",
    }
}

fn kind_of(code: &str) -> CardKind {
    if code == "national_office" {
        CardKind::NationalOffice
    } else {
        CardKind::Establishment
    }
}

impl Store {
    /// This install's card for one of its establishments (by code), or for the national office
    /// (`national` names it). Made the first time, the same card after.
    pub fn own_card(&mut self, actor: &Actor, establishment: Option<&str>, national: Option<&str>) -> Result<Card> {
        actor.require(Act::ManageEstablishments)?;
        let (kind, code, name) = match (establishment, national) {
            (Some(key), None) => {
                let est = self.establishment(actor, key)?;
                (CardKind::Establishment, est.code, est.name)
            }
            (None, Some(name)) => {
                (CardKind::NationalOffice, "NATIONAL".to_string(), crate::text::required("national office's name", name, 120)?)
            }
            _ => return Err(Error::invalid("card", "say whose card: one establishment of this install, or the national office")),
        };
        if let Some(card) = own(&self.conn, &code)? {
            return Ok(card);
        }
        let sealing = crypto_box::SecretKey::generate(&mut crypto_box::aead::OsRng);
        let signing = crate::change_file::new_signing_key();
        let card = Card {
            format: FORMAT,
            kind,
            code: code.clone(),
            name: name.clone(),
            sealing_key: *sealing.public_key().as_bytes(),
            verifying_key: signing.verifying_key().to_bytes(),
        };
        self.write_about(Some(actor.staff_id), Action::MakeCard, Record::none().detail(format!("{code}, {}", card.fingerprint())), |tx| {
            tx.execute(
                "INSERT INTO own_card (code, kind, name, sealing_secret, signing_secret, made_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![code, kind_code(kind), name, sealing.to_bytes().as_slice(), signing.to_bytes().as_slice(), now_utc()],
            )?;
            Ok(())
        })?;
        Ok(card)
    }

    /// As `own_card`, written to `path` to give to other installs.
    pub fn save_own_card(
        &mut self,
        actor: &Actor,
        establishment: Option<&str>,
        national: Option<&str>,
        path: &std::path::Path,
    ) -> Result<Card> {
        let card = self.own_card(actor, establishment, national)?;
        crate::files::write_whole(path, &card.to_file())?;
        Ok(card)
    }

    /// Adds another install's card, read from its file. The fingerprint is returned to compare
    /// with the one the other install reads out. A card for a code already known with other
    /// keys (or for one of this install's own codes) is refused unless `replace`.
    pub fn add_card(&mut self, actor: &Actor, bytes: &[u8], replace: bool) -> Result<CardLine> {
        actor.require(Act::ManageEstablishments)?;
        let card = Card::from_file(bytes)?;
        if own(&self.conn, &card.code)?.is_some() {
            return Err(Error::conflict("card", format!("{} is this install's own card; add the cards of other installs", card.code)));
        }
        let fingerprint = card.fingerprint();
        let known: Option<String> =
            self.conn.query_row("SELECT fingerprint FROM known_card WHERE code = ?1", [&card.code], |r| r.get(0)).optional()?;
        if known.as_deref().is_some_and(|f| f != fingerprint) && !replace {
            return Err(Error::conflict(
                "card",
                format!(
                    "a different card for {} is held already (fingerprint {}); check with {} by phone, then replace it if theirs has changed",
                    card.code,
                    known.unwrap_or_default(),
                    card.name
                ),
            ));
        }
        let line = CardLine::of(&card, false);
        self.write_about(Some(actor.staff_id), Action::AddCard, Record::none().detail(format!("{}, {fingerprint}", card.code)), |tx| {
            tx.execute(
                "INSERT INTO known_card (code, kind, name, sealing_key, verifying_key, fingerprint, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, name = excluded.name, sealing_key = excluded.sealing_key,
                     verifying_key = excluded.verifying_key, fingerprint = excluded.fingerprint, added_at = excluded.added_at",
                params![
                    card.code,
                    kind_code(card.kind),
                    card.name,
                    card.sealing_key.as_slice(),
                    card.verifying_key.as_slice(),
                    fingerprint,
                    now_utc()
                ],
            )?;
            Ok(())
        })?;
        Ok(line)
    }

    /// This install's cards, then the cards it holds of others, by code.
    pub fn cards(&self, actor: &Actor) -> Result<Vec<CardLine>> {
        actor.require(Act::ReadRecords)?;
        let mut out = Vec::new();
        let codes: Vec<String> =
            self.conn.prepare("SELECT code FROM own_card ORDER BY code")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        for code in codes {
            if let Some(card) = own(&self.conn, &code)? {
                out.push(CardLine::of(&card, true));
            }
        }
        let mut stmt = self.conn.prepare("SELECT code, name, kind, fingerprint FROM known_card ORDER BY code")?;
        let rows = stmt.query_map([], |r| {
            let kind = kind_of(&r.get::<_, String>(2)?);
            Ok(CardLine {
                code: r.get(0)?,
                name: r.get(1)?,
                kind,
                kind_label: kind.label().to_string(),
                fingerprint: r.get(3)?,
                own: false,
            })
        })?;
        for row in rows {
            out.push(row?);
        }
        Ok(out)
    }
}

fn own(conn: &Connection, code: &str) -> Result<Option<Card>> {
    let row: Option<(String, String, Vec<u8>, Vec<u8>)> = conn
        .query_row("SELECT kind, name, sealing_secret, signing_secret FROM own_card WHERE code = ?1", [code], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some((kind, name, sealing, signing)) = row else { return Ok(None) };
    let sealing =
        crypto_box::SecretKey::from_slice(&sealing).map_err(|_| Error::invalid("card", "this install's sealing key is damaged"))?;
    let signing: [u8; 32] = signing.try_into().map_err(|_| Error::invalid("card", "this install's signing key is damaged"))?;
    let signing = ed25519_dalek::SigningKey::from_bytes(&signing);
    Ok(Some(Card {
        format: FORMAT,
        kind: kind_of(&kind),
        code: code.to_string(),
        name,
        sealing_key: *sealing.public_key().as_bytes(),
        verifying_key: signing.verifying_key().to_bytes(),
    }))
}

/// This install's card for `code` with its secret halves: sealing (X25519) and signing (Ed25519).
pub(crate) fn own_secrets(conn: &Connection, code: &str) -> Result<Option<(Card, crypto_box::SecretKey, ed25519_dalek::SigningKey)>> {
    let row: Option<(Vec<u8>, Vec<u8>)> = conn
        .query_row("SELECT sealing_secret, signing_secret FROM own_card WHERE code = ?1", [code], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (Some((sealing, signing)), Some(card)) = (row, own(conn, code)?) else { return Ok(None) };
    let sealing =
        crypto_box::SecretKey::from_slice(&sealing).map_err(|_| Error::invalid("card", "this install's sealing key is damaged"))?;
    let signing: [u8; 32] = signing.try_into().map_err(|_| Error::invalid("card", "this install's signing key is damaged"))?;
    Ok(Some((card, sealing, ed25519_dalek::SigningKey::from_bytes(&signing))))
}

/// The card held for another install's `code`.
pub(crate) fn known(conn: &Connection, code: &str) -> Result<Option<Card>> {
    let row: Option<(String, String, Vec<u8>, Vec<u8>)> = conn
        .query_row("SELECT kind, name, sealing_key, verifying_key FROM known_card WHERE code = ?1", [code], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some((kind, name, sealing, verifying)) = row else { return Ok(None) };
    let key =
        |b: Vec<u8>| <[u8; 32]>::try_from(b.as_slice()).map_err(|_| Error::invalid("card", format!("the card held for {code} is damaged")));
    Ok(Some(Card {
        format: FORMAT,
        kind: kind_of(&kind),
        code: code.to_string(),
        name,
        sealing_key: key(sealing)?,
        verifying_key: key(verifying)?,
    }))
}

/// The codes of the establishments whose cards this install holds, with their names.
pub(crate) fn known_establishments(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare("SELECT code, name FROM known_card WHERE kind = 'establishment' ORDER BY code")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A sealed file (figures, a transfer pack) opened: sealed to one of this install's cards,
/// checked against the sender's card held here. The body, and the sender's card.
pub(crate) fn open_sealed<H: Format, B: Body<H>>(conn: &Connection, unopened: &Unopened<'_, H>) -> Result<(B, Card)> {
    let (what, header) = (unopened.what(), &unopened.header);
    let Some((_, secret, _)) = own_secrets(conn, header.to())? else {
        return Err(Error::invalid(what, format!("it was sealed to {}'s card, which is not this install's", header.to())));
    };
    let sender = known(conn, header.from())?.ok_or_else(|| {
        Error::invalid(what, format!("it comes from {}, whose card this install does not hold: add their card first", header.from()))
    })?;
    Ok((unopened.open(&sender.verifying_key, &secret)?, sender))
}
