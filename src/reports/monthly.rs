//! The monthly attendance return: what was delivered and who came, for one calendar month, for
//! one establishment or several, per group and in total, with the previous month beside it.
//! Pure data: no formatting (the CSV and the PDF do that), every figure by the definitions in
//! `rules::attendance`.
//!
//! Month boundaries: sessions, enrolments, leavings and awards carry local (Europe/London) dates,
//! so a session at 23:30 on 31 October belongs to October whatever the clocks did. A person
//! leaves a roster on `left_on` (the first day off it) and is counted as a leaver in that month.

use crate::actor::{Act, Actor};
use crate::error::{Error, Result};
use crate::model::*;
use crate::rules::attendance::AttendanceCounts;
use crate::store::rows::{period_and_establishments, placeholders};
use crate::store::summaries::EXPECTED_SESSIONS;
use crate::store::{liberation, LiberationFigures, Store};
use chrono::{Datelike, Days, NaiveDate};
use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

    pub fn next(self) -> Month {
        if self.month == 12 { Month { year: self.year + 1, month: 1 } } else { Month { year: self.year, month: self.month + 1 } }
    }

    pub fn previous(self) -> Month {
        if self.month == 1 { Month { year: self.year - 1, month: 12 } } else { Month { year: self.year, month: self.month - 1 } }
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
    /// Different people who attended at least once.
    pub unique_people: u32,
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Liberations, referrals and continuity of care: about people, so for the report as a
    /// whole, not per group. Outcomes as known on the day the report is made.
    pub liberation: LiberationFigures,
    pub previous_liberation: LiberationFigures,
}

impl MonthlyReport {
    /// Nothing happened: no sessions, no enrolments, no leavers, no certificates.
    pub fn is_empty(&self) -> bool {
        let t = &self.totals;
        t.sessions_planned == 0
            && t.new_enrolments == 0
            && t.leavers.is_empty()
            && t.certificates_issued == 0
            && self.liberation.liberations == 0
            && self.liberation.referrals_made == 0
    }
}

impl Store {
    /// The monthly return for `establishments` (all of them when empty).
    pub fn monthly_report(&self, actor: &Actor, establishments: &[EstablishmentId], month: Month) -> Result<MonthlyReport> {
        actor.require(Act::ReadRecords)?;
        let chosen: Vec<Establishment> = if establishments.is_empty() {
            self.establishments(actor)?
        } else {
            establishments.iter().map(|id| self.establishment(actor, &id.to_string())).collect::<Result<_>>()?
        };
        let ids: Vec<EstablishmentId> = chosen.iter().map(|e| e.id).collect();
        let this = Window::of(self.connection(), &ids, month)?;
        let last = Window::of(self.connection(), &ids, month.previous())?;
        let groups = group_list(self.connection(), &ids)?
            .into_iter()
            .filter(|g| this.per_group.contains_key(&g.id) || last.per_group.contains_key(&g.id))
            .map(|g| GroupMonth {
                figures: this.per_group.get(&g.id).cloned().unwrap_or_default(),
                previous: last.per_group.get(&g.id).cloned().unwrap_or_default(),
                group_id: g.id,
                group_name: g.name,
                establishment_code: g.establishment_code,
                kind: g.kind,
            })
            .collect();
        Ok(MonthlyReport {
            month: month.code(),
            month_label: month.label(),
            establishments: chosen,
            totals: this.totals,
            previous_totals: last.totals,
            groups,
            weeks: this.weeks,
            liberation: liberation::figures(self.connection(), &ids, month.first_day(), month.next().first_day(), self.today())?,
            previous_liberation: liberation::figures(self.connection(), &ids, month.previous().first_day(), month.first_day(), self.today())?,
        })
    }
}

struct GroupRow {
    id: GroupId,
    name: String,
    establishment_code: String,
    kind: GroupKind,
}

fn group_list(conn: &Connection, ids: &[EstablishmentId]) -> Result<Vec<GroupRow>> {
    let sql = format!(
        "SELECT g.id, g.name, e.code, g.kind FROM recovery_group g JOIN establishment e ON e.id = g.establishment_id
          WHERE g.establishment_id IN ({}) ORDER BY e.code, g.name COLLATE folded",
        placeholders(ids.len(), 1)
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(ids.iter()), |r| {
        Ok(GroupRow { id: r.get(0)?, name: r.get(1)?, establishment_code: r.get(2)?, kind: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One month's figures, per group and in total.
struct Window {
    per_group: BTreeMap<GroupId, MonthFigures>,
    totals: MonthFigures,
    weeks: Vec<WeekFigures>,
}

impl Window {
    fn of(conn: &Connection, ids: &[EstablishmentId], month: Month) -> Result<Window> {
        // ?1 and ?2 are the month's bounds (from inclusive, to exclusive); then the establishments.
        let args = || period_and_establishments(month.first_day(), month.next().first_day(), ids);
        let in_ests = format!("IN ({})", placeholders(ids.len(), 3));
        // Runs one query over the month and the establishments (`{in}` in the SQL), row by row.
        let each = |sql: &str, f: &mut dyn FnMut(&rusqlite::Row<'_>) -> Result<()>| -> Result<()> {
            let mut stmt = conn.prepare(&sql.replace("{in}", &in_ests))?;
            let mut q = stmt.query(params_from_iter(args()))?;
            while let Some(r) = q.next()? {
                f(r)?;
            }
            Ok(())
        };
        let mut per_group: BTreeMap<GroupId, MonthFigures> = BTreeMap::new();
        // Sessions held and attendances, by day, for the weekly chart.
        let mut by_day: BTreeMap<NaiveDate, (u32, u32)> = BTreeMap::new();

        // Sessions by day, status and cancellation reason.
        each(
            "SELECT s.group_id, s.held_on, s.status, s.cancellation_reason, count(*) FROM session s
               JOIN recovery_group g ON g.id = s.group_id
              WHERE s.held_on >= ?1 AND s.held_on < ?2 AND g.establishment_id {in}
              GROUP BY 1, 2, 3, 4",
            &mut |r| {
                let f = per_group.entry(r.get(0)?).or_default();
                let n: u32 = r.get(4)?;
                f.sessions_planned += n;
                match r.get::<_, SessionStatus>(2)? {
                    SessionStatus::Held => {
                        f.sessions_held += n;
                        by_day.entry(crate::store::rows::date(r, 1)?).or_default().0 += n;
                    }
                    SessionStatus::Planned => f.sessions_not_recorded += n,
                    SessionStatus::Cancelled => {
                        f.sessions_cancelled += n;
                        bump(&mut f.cancellations, r.get::<_, CancellationReason>(3)?, n);
                    }
                }
                Ok(())
            },
        )?;

        // Expected places at held sessions, by day, and how each went.
        each(
            &format!(
                "SELECT e.group_id, s.held_on, a.mark, a.absence_reason, count(*) {EXPECTED_SESSIONS}
                   JOIN recovery_group g ON g.id = e.group_id
                  WHERE s.held_on >= ?1 AND s.held_on < ?2 AND g.establishment_id {{in}}
                  GROUP BY 1, 2, 3, 4"
            ),
            &mut |r| {
                let f = per_group.entry(r.get(0)?).or_default();
                let mark: Option<MarkKind> = r.get(2)?;
                let reason: Option<AbsenceReason> = r.get(3)?;
                let n: u32 = r.get(4)?;
                for _ in 0..n {
                    f.counts.count(mark.map(|m| (m, reason)));
                }
                match (mark, reason) {
                    (Some(MarkKind::Absent), Some(reason)) => bump(&mut f.absences, reason, n),
                    (Some(_), _) => by_day.entry(crate::store::rows::date(r, 1)?).or_default().1 += n,
                    (None, _) => {}
                }
                Ok(())
            },
        )?;

        // People who came, per group and (separately, as one person may go to several) overall.
        let attended = "FROM attendance a JOIN session s ON s.id = a.session_id JOIN recovery_group g ON g.id = s.group_id
              WHERE a.mark <> 'absent' AND s.status = 'held' AND s.held_on >= ?1 AND s.held_on < ?2
                AND g.establishment_id {in}";
        each(&format!("SELECT s.group_id, count(DISTINCT a.participant_id) {attended} GROUP BY 1"), &mut |r| {
            per_group.entry(r.get(0)?).or_default().unique_people = r.get(1)?;
            Ok(())
        })?;
        let mut unique_overall = 0;
        each(&format!("SELECT count(DISTINCT a.participant_id) {attended}"), &mut |r| {
            unique_overall = r.get(0)?;
            Ok(())
        })?;

        // Enrolments, leavers and completions.
        each(
            "SELECT e.group_id, count(*) FROM enrolment e JOIN recovery_group g ON g.id = e.group_id
              WHERE e.enrolled_on >= ?1 AND e.enrolled_on < ?2 AND g.establishment_id {in} GROUP BY 1",
            &mut |r| {
                per_group.entry(r.get(0)?).or_default().new_enrolments = r.get(1)?;
                Ok(())
            },
        )?;
        each(
            "SELECT e.group_id, e.leaving_reason, count(*) FROM enrolment e JOIN recovery_group g ON g.id = e.group_id
              WHERE e.left_on >= ?1 AND e.left_on < ?2 AND g.establishment_id {in} GROUP BY 1, 2",
            &mut |r| {
                let f = per_group.entry(r.get(0)?).or_default();
                let reason: LeavingReason = r.get(1)?;
                let n: u32 = r.get(2)?;
                bump(&mut f.leavers, reason, n);
                if reason == LeavingReason::Completed {
                    f.completions += n;
                }
                Ok(())
            },
        )?;

        // Certificates issued in the month (revoked later or not: they were issued).
        let mut certificates_without_group = 0;
        each(
            "SELECT a.group_id, count(*) FROM award a JOIN award_type t ON t.id = a.award_type_id
              WHERE a.awarded_on >= ?1 AND a.awarded_on < ?2 AND t.establishment_id {in} GROUP BY 1",
            &mut |r| {
                match r.get::<_, Option<GroupId>>(0)? {
                    Some(g) => per_group.entry(g).or_default().certificates_issued = r.get(1)?,
                    None => certificates_without_group = r.get(1)?,
                }
                Ok(())
            },
        )?;

        let mut totals = MonthFigures::default();
        for f in per_group.values_mut() {
            f.cancellations.sort_by_key(|c| c.what);
            f.leavers.sort_by_key(|c| c.what);
            f.absences.sort_by_key(|c| c.what);
            add(&mut totals, f);
        }
        totals.unique_people = unique_overall;
        totals.certificates_issued += certificates_without_group;

        let mut weeks: Vec<WeekFigures> = Vec::new();
        let mut day = month.first_day();
        let end = month.next().first_day();
        while day < end {
            let monday = day - Days::new(day.weekday().num_days_from_monday() as u64);
            if weeks.last().is_none_or(|w| w.week_starting != monday) {
                weeks.push(WeekFigures { week_starting: monday, sessions_held: 0, attendances: 0 });
            }
            let (held, came) = by_day.get(&day).copied().unwrap_or_default();
            let w = weeks.last_mut().expect("pushed above");
            w.sessions_held += held;
            w.attendances += came;
            day = day + Days::new(1);
        }
        Ok(Window { per_group, totals, weeks })
    }
}

fn bump<T: Copy + Ord>(list: &mut Vec<Count<T>>, what: T, n: u32) {
    match list.iter_mut().find(|c| c.what == what) {
        Some(c) => c.count += n,
        None => list.push(Count { what, count: n }),
    }
}

fn merge<T: Copy + Ord>(into: &mut Vec<Count<T>>, from: &[Count<T>]) {
    for c in from {
        bump(into, c.what, c.count);
    }
    into.sort_by_key(|c| c.what);
}

/// Adds a group's figures into the totals (all but unique people, which are counted apart).
fn add(totals: &mut MonthFigures, f: &MonthFigures) {
    totals.sessions_planned += f.sessions_planned;
    totals.sessions_held += f.sessions_held;
    totals.sessions_cancelled += f.sessions_cancelled;
    totals.sessions_not_recorded += f.sessions_not_recorded;
    merge(&mut totals.cancellations, &f.cancellations);
    totals.counts.add(&f.counts);
    totals.new_enrolments += f.new_enrolments;
    merge(&mut totals.leavers, &f.leavers);
    totals.completions += f.completions;
    totals.certificates_issued += f.certificates_issued;
    merge(&mut totals.absences, &f.absences);
}
