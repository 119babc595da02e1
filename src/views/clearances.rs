//! Clearances as the screens, the warnings and the clearances report show them: with the names
//! beside each, and the report's lists for one establishment on one day.

use crate::model::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A clearance with the names the screens and reports show beside it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClearanceLine {
    pub clearance: Clearance,
    pub facilitator_name: String,
    pub facilitator_kind: FacilitatorKind,
    pub establishment_code: String,
    /// The clearance that renews this one, if any.
    pub renewed_by: Option<ClearanceId>,
    /// What the table says under the expiry date today ("37 days left", "expired 14 days ago"),
    /// as `rules::clearance::expiry_note` decides; `None` when there is nothing to say.
    pub expiry_note: Option<String>,
    /// How long an undecided application has waited ("107 days ago"), as
    /// `rules::clearance::waiting_note` says; `None` once decided.
    pub waiting_note: Option<String>,
}

/// A session held without a cleared facilitator, as the clearances report lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnclearedSession {
    pub session_id: SessionId,
    pub held_on: NaiveDate,
    pub group_name: String,
    pub held: HeldUncleared,
}

/// What needs doing at an establishment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClearanceWarnings {
    pub within_days: u32,
    /// What needs chasing in a sentence (`rules::clearance::warning_sentence`), or nothing.
    pub sentence: Option<String>,
    /// Granted, expiring within `within_days`, and not yet renewed by a granted clearance.
    pub expiring: Vec<ClearanceLine>,
    /// Expired and not renewed.
    pub lapsed: Vec<ClearanceLine>,
    /// Applied (or appealed) longer ago than the waiting limit and still undecided.
    pub waiting: Vec<ClearanceLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClearanceReport {
    pub establishment: Establishment,
    pub today: NaiveDate,
    pub within_days: u32,
    /// Clearances that let someone in today, by name.
    pub cleared: Vec<ClearanceLine>,
    /// Of those, the ones running out within `within_days` and not yet renewed, soonest first.
    pub expiring: Vec<ClearanceLine>,
    /// Expired and not renewed.
    pub lapsed: Vec<ClearanceLine>,
    /// Refused or withdrawn, in the last twelve months.
    pub refused: Vec<ClearanceLine>,
    /// Applied for, in progress or under appeal.
    pub waiting: Vec<ClearanceLine>,
    /// Sessions held without a cleared facilitator in the last twelve months, newest first.
    pub held_uncleared: Vec<UnclearedSession>,
}
