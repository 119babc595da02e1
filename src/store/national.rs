//! The national office's side of national figures (issue 22): figures files taken in from the
//! establishments whose cards it holds, each checked against that card and opened with its own
//! (the newest file per establishment and month kept, a resend replacing the earlier), and the
//! national return added up from them, with the establishments that have not sent the month
//! listed as missing, never counted as nought.

use super::audit::{Action, Record};
use super::{cards, now_utc, Store};
use crate::actor::{Act, Actor};
use crate::error::{Error, Result};
use crate::figures_file::{self, EstablishmentMonth};
use crate::views::{LiberationFigures, Month, MonthFigures};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use std::path::Path;

/// What taking a figures file in did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FiguresTakenIn {
    pub code: String,
    pub month: String,
    /// It replaced figures sent before for the same month.
    pub replaced: bool,
    /// An older file than the one held: nothing changed.
    pub older: bool,
}

/// The national return for a month: the establishments' figures as sent, their sum, and those
/// that have not sent the month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NationalReturn {
    pub month: String,
    pub sent: Vec<EstablishmentMonth>,
    pub missing: Vec<String>,
    pub totals: MonthFigures,
    pub liberation: LiberationFigures,
}

impl Store {
    /// Takes in an establishment's figures file on the national office's install.
    pub fn take_in_figures(&mut self, actor: &Actor, path: &Path) -> Result<FiguresTakenIn> {
        actor.require(Act::ManageEstablishments)?;
        let bytes = crate::files::read_bounded(path, figures_file::MAX_FILE)?;
        let unopened = figures_file::read(&bytes)?;
        let (figures, _): (EstablishmentMonth, _) = cards::open_sealed(&self.conn, &unopened)?;
        let header = &unopened.header;
        let made_at = header.made_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let held: Option<String> = self
            .conn
            .query_row("SELECT made_at FROM national_figures WHERE code = ?1 AND month = ?2", params![figures.code, figures.month], |r| {
                r.get(0)
            })
            .optional()?;
        let out = FiguresTakenIn {
            code: figures.code.clone(),
            month: figures.month.clone(),
            replaced: held.as_ref().is_some_and(|h| *h < made_at),
            older: held.as_ref().is_some_and(|h| *h >= made_at),
        };
        if out.older {
            return Ok(out);
        }
        let json = serde_json::to_string(&figures).expect("plain data");
        self.write_about(Some(actor.staff_id), Action::TakeInFigures, Record::none().detail(format!("{} {}", figures.code, figures.month)), |tx| {
            tx.execute(
                "INSERT INTO national_figures (code, month, made_at, figures, received_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (code, month) DO UPDATE SET made_at = excluded.made_at, figures = excluded.figures, received_at = excluded.received_at",
                params![figures.code, figures.month, made_at, json, now_utc()],
            )?;
            Ok(())
        })?;
        Ok(out)
    }

    /// The national return for `month`, from the figures taken in.
    pub fn national_return(&self, actor: &Actor, month: Month) -> Result<NationalReturn> {
        actor.require(Act::ReadRecords)?;
        let code = month.code();
        let mut sent = Vec::new();
        let mut missing = Vec::new();
        for (est, name) in cards::known_establishments(&self.conn)? {
            let json: Option<String> = self
                .conn
                .query_row("SELECT figures FROM national_figures WHERE code = ?1 AND month = ?2", params![est, code], |r| r.get(0))
                .optional()?;
            match json {
                Some(json) => sent.push(
                    serde_json::from_str::<EstablishmentMonth>(&json).map_err(|e| Error::invalid("national figures", e.to_string()))?,
                ),
                None => missing.push(format!("{name} ({est})")),
            }
        }
        let totals = sent.iter().fold(MonthFigures::default(), |t, e| t.plus(&e.totals));
        let liberation = sent.iter().fold(LiberationFigures::default(), |t, e| t.plus(&e.liberation));
        Ok(NationalReturn { month: code, sent, missing, totals, liberation })
    }

    /// What sending figures to `to` needs: the card held for it, and this install's signing key
    /// for `from` (an establishment of this install, whose card it has made).
    pub(crate) fn figures_keys(&self, from: &str, to: &str) -> Result<([u8; 32], ed25519_dalek::SigningKey)> {
        let national = cards::known(&self.conn, to)?.ok_or_else(|| {
            Error::invalid("national office", format!("this install holds no card for {to}: add the national office's card first"))
        })?;
        let (_, _, signer) = cards::own_secrets(&self.conn, from)?
            .ok_or_else(|| Error::invalid("card", format!("{from} has no receiving card yet: make it first (Admin, Establishments)")))?;
        Ok((national.sealing_key, signer))
    }
}
