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
    /// "HMP Castle Huntly (CHU)": listed, never counted as nought.
    pub missing: Vec<String>,
    pub totals: MonthFigures,
    pub liberation: LiberationFigures,
    /// The month before, for the establishments that sent this one (and had sent that one), to
    /// compare like with like.
    pub previous: Vec<EstablishmentMonth>,
}

/// A year at the national office: each establishment's months added up, with the months it has
/// not sent named.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NationalYear {
    pub year: i32,
    pub establishments: Vec<EstablishmentYear>,
    pub totals: MonthFigures,
    pub liberation: LiberationFigures,
    /// The year before, from the same establishments' months.
    pub previous_totals: MonthFigures,
    pub previous_liberation: LiberationFigures,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EstablishmentYear {
    pub code: String,
    pub name: String,
    /// Months sent, "2026-01"...
    pub sent: Vec<String>,
    /// Months of the year (up to the last complete one) not sent: "March 2026"...
    pub missing: Vec<String>,
    pub totals: MonthFigures,
    pub by_kind: Vec<crate::figures_file::KindFigures>,
    pub liberation: LiberationFigures,
    pub previous_totals: MonthFigures,
    pub previous_liberation: LiberationFigures,
}

impl Store {
    /// Takes in an establishment's figures file on the national office's install.
    pub fn take_in_figures(&mut self, actor: &Actor, path: &Path) -> Result<FiguresTakenIn> {
        actor.require(Act::ManageEstablishments)?;
        let bytes = crate::files::read_bounded(path, figures_file::MAX_FILE)?;
        self.take_in_figures_bytes(actor, &bytes)
    }

    /// As `take_in_figures`, from the file's bytes.
    pub fn take_in_figures_bytes(&mut self, actor: &Actor, bytes: &[u8]) -> Result<FiguresTakenIn> {
        actor.require(Act::ManageEstablishments)?;
        let unopened = figures_file::read(bytes)?;
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
        let mut sent = Vec::new();
        let mut missing = Vec::new();
        let mut previous = Vec::new();
        for (est, name) in cards::known_establishments(&self.conn)? {
            match self.figures_held(&est, month)? {
                Some(figures) => {
                    sent.push(figures);
                    previous.extend(self.figures_held(&est, month.previous())?);
                }
                None => missing.push(format!("{name} ({est})")),
            }
        }
        let totals = sent.iter().fold(MonthFigures::default(), |t, e| t.plus(&e.totals));
        let liberation = sent.iter().fold(LiberationFigures::default(), |t, e| t.plus(&e.liberation));
        Ok(NationalReturn { month: month.code(), sent, missing, totals, liberation, previous })
    }

    /// The national summary of `year` (January to December), from the months taken in. Months
    /// not sent are named per establishment (up to the last complete month), never counted as
    /// nought.
    pub fn national_year(&self, actor: &Actor, year: i32) -> Result<NationalYear> {
        actor.require(Act::ReadRecords)?;
        let last_complete = Month::containing(self.today()).previous();
        let mut establishments = Vec::new();
        for (code, name) in cards::known_establishments(&self.conn)? {
            let mut e = EstablishmentYear {
                code: code.clone(),
                name,
                sent: Vec::new(),
                missing: Vec::new(),
                totals: MonthFigures::default(),
                by_kind: Vec::new(),
                liberation: LiberationFigures::default(),
                previous_totals: MonthFigures::default(),
                previous_liberation: LiberationFigures::default(),
            };
            for m in 1..=12 {
                let month = Month { year, month: m };
                match self.figures_held(&code, month)? {
                    Some(f) => {
                        e.sent.push(month.code());
                        e.totals = e.totals.plus(&f.totals);
                        e.liberation = e.liberation.plus(&f.liberation);
                        for k in f.by_kind {
                            match e.by_kind.iter_mut().find(|x| x.kind == k.kind) {
                                Some(x) => x.figures = x.figures.plus(&k.figures),
                                None => e.by_kind.push(k),
                            }
                        }
                    }
                    None if month <= last_complete => e.missing.push(month.label()),
                    None => {}
                }
                if let Some(f) = self.figures_held(&code, Month { year: year - 1, month: m })? {
                    e.previous_totals = e.previous_totals.plus(&f.totals);
                    e.previous_liberation = e.previous_liberation.plus(&f.liberation);
                }
            }
            e.by_kind.sort_by_key(|k| k.kind.code());
            establishments.push(e);
        }
        let sum = |f: fn(&EstablishmentYear) -> &MonthFigures| establishments.iter().fold(MonthFigures::default(), |t, e| t.plus(f(e)));
        let lib =
            |f: fn(&EstablishmentYear) -> &LiberationFigures| establishments.iter().fold(LiberationFigures::default(), |t, e| t.plus(f(e)));
        Ok(NationalYear {
            year,
            totals: sum(|e| &e.totals),
            liberation: lib(|e| &e.liberation),
            previous_totals: sum(|e| &e.previous_totals),
            previous_liberation: lib(|e| &e.previous_liberation),
            establishments,
        })
    }

    /// Every establishment's every month taken in, by establishment and month.
    pub fn national_figures_held(&self, actor: &Actor) -> Result<Vec<EstablishmentMonth>> {
        actor.require(Act::ReadRecords)?;
        let held: Vec<String> = self
            .conn
            .prepare("SELECT figures FROM national_figures ORDER BY code, month")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        held.iter().map(|json| serde_json::from_str(json).map_err(|e| Error::invalid("national figures", e.to_string()))).collect()
    }

    /// An establishment's month as taken in, if it has been.
    fn figures_held(&self, code: &str, month: Month) -> Result<Option<EstablishmentMonth>> {
        let json: Option<String> = self
            .conn
            .prepare_cached("SELECT figures FROM national_figures WHERE code = ?1 AND month = ?2")?
            .query_row(params![code, month.code()], |r| r.get(0))
            .optional()?;
        json.map(|json| serde_json::from_str(&json).map_err(|e| Error::invalid("national figures", e.to_string()))).transpose()
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
