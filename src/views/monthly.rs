//! The monthly return's figures (per group and in total, with the month before, weeks for the
//! chart) and the month's liberation figures: computed by `reports::monthly`, drawn by
//! `pdf::report`, written by `reports::csv`.

use crate::error::{Error, Result};
use crate::model::*;
use crate::rules::attendance::AttendanceCounts;
use crate::rules::liberation::Continuity;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    /// "2026-10" (also "10/2026").
    pub fn parse(field: &str, raw: &str) -> Result<Month> {
        let t = raw.trim();
        let (y, m) = match (t.split_once('-'), t.split_once('/')) {
            (Some((y, m)), _) => (y, m),
            (None, Some((m, y))) => (y, m),
            _ => return Err(Error::invalid(field, format!("'{t}' is not a month; write it as 2026-10"))),
        };
        let (Ok(year), Ok(month)) = (y.trim().parse::<i32>(), m.trim().parse::<u32>()) else {
            return Err(Error::invalid(field, format!("'{t}' is not a month; write it as 2026-10")));
        };
        if !(1..=12).contains(&month) || !(2000..=2100).contains(&year) {
            return Err(Error::invalid(field, format!("'{t}' is not a month between 2000 and 2100")));
        }
        Ok(Month { year, month })
    }

    /// The month typed, or the one before `today`'s when nothing was typed (a return is usually
    /// for the month just ended).
    pub fn chosen_or_last(field: &str, raw: Option<&str>, today: NaiveDate) -> Result<Month> {
        match raw.map(str::trim).filter(|m| !m.is_empty()) {
            Some(m) => Month::parse(field, m),
            None => Ok(Month::containing(today).previous()),
        }
    }

    pub fn containing(date: NaiveDate) -> Month {
        Month { year: date.year(), month: date.month() }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("validated month")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().expect("a month has a last day")
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month { year: self.year + 1, month: 1 }
        } else {
            Month { year: self.year, month: self.month + 1 }
        }
    }

    pub fn previous(self) -> Month {
        if self.month == 1 {
            Month { year: self.year - 1, month: 12 }
        } else {
            Month { year: self.year, month: self.month - 1 }
        }
    }

    /// "2026-10".
    pub fn code(self) -> String {
        format!("{}-{:02}", self.year, self.month)
    }

    /// "October 2026".
    pub fn label(self) -> String {
        self.first_day().format("%B %Y").to_string()
    }
}

/// Everything counted for one group, or for the whole report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MonthFigures {
    /// Every session dated in the month: held, cancelled, and any still not recorded.
    pub sessions_planned: u32,
    pub sessions_held: u32,
    pub sessions_cancelled: u32,
    /// Sessions in the month with neither a register nor a cancellation.
    pub sessions_not_recorded: u32,
    pub cancellations: Vec<Count<CancellationReason>>,
    /// Expected places and how each went, at held sessions (the core's definitions).
    pub counts: AttendanceCounts,
    /// Different people who attended at least once (drop-ins among them).
    pub unique_people: u32,
    /// Attendances by people who came without being on the roster that day: named, counted in
    /// attendances, never in places expected or the rate.
    pub drop_in_attendances: u32,
    /// People present whom nobody named (a session's headcount), and visitors from outside.
    pub unnamed_attendances: u32,
    pub visitors: u32,
    pub new_enrolments: u32,
    pub leavers: Vec<Count<LeavingReason>>,
    /// Enrolments that ended "completed" in the month.
    pub completions: u32,
    pub certificates_issued: u32,
    pub absences: Vec<Count<AbsenceReason>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Count<T> {
    pub what: T,
    pub count: u32,
}

impl MonthFigures {
    pub fn leavers_total(&self) -> u32 {
        self.leavers.iter().map(|c| c.count).sum()
    }

    /// Attendances by named people: the expected who came, and the drop-ins.
    pub fn named_attendances(&self) -> u32 {
        self.counts.attended() + self.drop_in_attendances
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GroupMonth {
    pub group_id: GroupId,
    pub group_name: String,
    pub establishment_code: String,
    pub kind: GroupKind,
    pub figures: MonthFigures,
    /// The same group's previous month (all zero if it did not run).
    pub previous: MonthFigures,
}

/// Attendances in one week (Monday to Sunday) that overlaps the month, counting only its days
/// in the month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WeekFigures {
    pub week_starting: NaiveDate,
    pub sessions_held: u32,
    pub attendances: u32,
}

/// Peers who led: held sessions (not events) with a peer among their facilitators, the
/// different peer facilitators who led them, and peers (people in custody here) newly
/// qualified to deliver a course.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PeerFigures {
    pub sessions_led: u32,
    pub peers_who_led: u32,
    pub newly_qualified: u32,
}

/// `Default` is a report with nothing in it: the national returns, made from figures files,
/// fill what the files carry and leave the rest (events, waiting times, recovery capital) empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MonthlyReport {
    /// "2026-10".
    pub month: String,
    /// "October 2026".
    pub month_label: String,
    pub establishments: Vec<Establishment>,
    pub totals: MonthFigures,
    pub previous_totals: MonthFigures,
    /// Groups with anything to report this month or last, by establishment then name.
    pub groups: Vec<GroupMonth>,
    pub weeks: Vec<WeekFigures>,
    /// One-off events in the month, by date: a section of their own, not in the groups' figures
    /// or the totals above.
    pub events: Vec<EventMonth>,
    /// Different named people at the month's events (one person at two events counts once).
    pub event_people: u32,
    /// Liberations, referrals and continuity of care: about people, so for the report as a
    /// whole, not per group. Outcomes as known on the day the report is made.
    pub liberation: LiberationFigures,
    pub previous_liberation: LiberationFigures,
    /// Referrals into the service and waiting times: about people, so for the report as a whole.
    #[serde(default)]
    pub waiting: crate::rules::waiting::WaitingFigures,
    #[serde(default)]
    pub previous_waiting: crate::rules::waiting::WaitingFigures,
    /// Recovery capital (BARC-10): who was assessed, and the median change; never a score.
    #[serde(default)]
    pub capital: crate::rules::capital::CapitalFigures,
    #[serde(default)]
    pub previous_capital: crate::rules::capital::CapitalFigures,
    /// Peer facilitators and recovery champions who led sessions.
    #[serde(default)]
    pub peers: PeerFigures,
    #[serde(default)]
    pub previous_peers: PeerFigures,
    /// The period as a column heading ("Oct 2026", "Jul–Sep 2026"), and the period compared
    /// with, in words and as a heading; empty in a report made before periods (then `month`
    /// says which month, and the month before is compared).
    #[serde(default)]
    pub short_label: String,
    #[serde(default)]
    pub previous_label: String,
    #[serde(default)]
    pub previous_short_label: String,
    /// The audit trail's head when the report was made, printed in its footer: an anchor kept
    /// on paper, outside the database (`audit check --anchor`).
    pub audit_head: Option<crate::model::AuditAnchor>,
}

impl MonthlyReport {
    /// Nothing happened: no sessions, no enrolments, no leavers, no certificates, no liberations,
    /// no referrals in or out, no recovery capital assessed, nobody newly qualified to deliver.
    /// People still waiting from before are not something that happened in the period.
    pub fn is_empty(&self) -> bool {
        let t = &self.totals;
        let w = &self.waiting;
        t.sessions_planned == 0
            && t.new_enrolments == 0
            && t.leavers.is_empty()
            && t.certificates_issued == 0
            && self.liberation.liberations == 0
            && self.liberation.referrals_made == 0
            && self.events.is_empty()
            && w.received == 0
            && w.started == 0
            && w.closed_without_starting == 0
            && self.capital.assessed == 0
            && self.peers.newly_qualified == 0
    }

    /// The events' figures added up: cancelled events are listed but count nothing.
    pub fn event_totals(&self) -> EventTotals {
        let held = self.events.iter().filter(|e| e.status != SessionStatus::Cancelled);
        held.fold(EventTotals::default(), |t, e| EventTotals {
            events: t.events + 1,
            named: t.named + e.named,
            unnamed: t.unnamed + e.unnamed,
            visitors: t.visitors + e.visitors,
        })
    }
}

/// A one-off event in the month and who came: named people (found or added at its register),
/// others counted but not named, and visitors from outside.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EventMonth {
    pub session_id: SessionId,
    pub establishment_code: String,
    pub kind: EventKind,
    pub title: String,
    pub held_on: NaiveDate,
    pub place: Option<String>,
    pub status: SessionStatus,
    pub named: u32,
    pub unnamed: u32,
    pub visitors: u32,
}

impl EventMonth {
    /// Everyone at it: named, unnamed and visitors.
    pub fn everyone(&self) -> u32 {
        self.named + self.unnamed + self.visitors
    }
}

/// The month's events added up (cancelled events left out).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EventTotals {
    pub events: u32,
    pub named: u32,
    pub unnamed: u32,
    pub visitors: u32,
}

impl EventTotals {
    /// Everyone at the events: named, unnamed and visitors.
    pub fn everyone(&self) -> u32 {
        self.named + self.unnamed + self.visitors
    }
}

/// The liberation figures of a month, for the monthly return.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LiberationFigures {
    /// Liberations in the month.
    pub liberations: u32,
    /// Of them, people with at least one referral made before the day.
    pub liberated_with_referral: u32,
    pub referrals_made: u32,
    /// Continuity of care for the month's liberations.
    pub continuity: Continuity,
}

/// Adding up returns made apart (establishments' figures at the national office): every count
/// added, each list of reasons added reason by reason in the order first seen. Different people
/// add up because a person's record belongs to one establishment.
impl MonthFigures {
    pub fn plus(&self, other: &MonthFigures) -> MonthFigures {
        MonthFigures {
            sessions_planned: self.sessions_planned + other.sessions_planned,
            sessions_held: self.sessions_held + other.sessions_held,
            sessions_cancelled: self.sessions_cancelled + other.sessions_cancelled,
            sessions_not_recorded: self.sessions_not_recorded + other.sessions_not_recorded,
            cancellations: add_counts(&self.cancellations, &other.cancellations),
            counts: AttendanceCounts {
                expected: self.counts.expected + other.counts.expected,
                present: self.counts.present + other.counts.present,
                late: self.counts.late + other.counts.late,
                left_early: self.counts.left_early + other.counts.left_early,
                absent_person: self.counts.absent_person + other.counts.absent_person,
                absent_regime: self.counts.absent_regime + other.counts.absent_regime,
                absent_appointment: self.counts.absent_appointment + other.counts.absent_appointment,
                unmarked: self.counts.unmarked + other.counts.unmarked,
            },
            unique_people: self.unique_people + other.unique_people,
            drop_in_attendances: self.drop_in_attendances + other.drop_in_attendances,
            unnamed_attendances: self.unnamed_attendances + other.unnamed_attendances,
            visitors: self.visitors + other.visitors,
            new_enrolments: self.new_enrolments + other.new_enrolments,
            leavers: add_counts(&self.leavers, &other.leavers),
            completions: self.completions + other.completions,
            certificates_issued: self.certificates_issued + other.certificates_issued,
            absences: add_counts(&self.absences, &other.absences),
        }
    }
}

fn add_counts<T: Copy + PartialEq>(a: &[Count<T>], b: &[Count<T>]) -> Vec<Count<T>> {
    let mut out: Vec<Count<T>> = a.to_vec();
    for c in b {
        match out.iter_mut().find(|o| o.what == c.what) {
            Some(o) => o.count += c.count,
            None => out.push(*c),
        }
    }
    out
}

impl LiberationFigures {
    pub fn plus(&self, other: &LiberationFigures) -> LiberationFigures {
        LiberationFigures {
            liberations: self.liberations + other.liberations,
            liberated_with_referral: self.liberated_with_referral + other.liberated_with_referral,
            referrals_made: self.referrals_made + other.referrals_made,
            continuity: crate::rules::liberation::Continuity {
                liberated: self.continuity.liberated + other.continuity.liberated,
                engaged: self.continuity.engaged + other.continuity.engaged,
                not_engaged: self.continuity.not_engaged + other.continuity.not_engaged,
                still_open: self.continuity.still_open + other.continuity.still_open,
            },
        }
    }
}
