//! The attendance return: what was delivered and who came, for one calendar month or any period
//! (`Period`), for one establishment or several, per group and in total, with the period before
//! (or another chosen) beside it.
//! Pure data: no formatting (the CSV and the PDF do that), every figure by the definitions in
//! `rules::attendance`.
//!
//! Month boundaries: sessions, enrolments, leavings and awards carry local (Europe/London) dates,
//! so a session at 23:30 on 31 October belongs to October whatever the clocks did. A person
//! leaves a roster on `left_on` (the first day off it) and is counted as a leaver in that month.

use crate::actor::{Act, Actor};
use crate::error::Result;
use crate::model::*;
use crate::store::events::NOT_AN_EVENT;
use crate::store::rows::{period_and_establishments, placeholders};
use crate::store::summaries::EXPECTED_SESSIONS;
use crate::store::{capital, liberation, peers, referrals_in, Store};
pub use crate::views::monthly::{
    Count, EventMonth, EventTotals, GroupMonth, LiberationFigures, Month, MonthFigures, MonthlyReport, WeekFigures,
};
pub use crate::views::period::{Period, PeriodKind};
use chrono::{Datelike, Days, NaiveDate};
use rusqlite::{params_from_iter, Connection};
use std::collections::BTreeMap;

impl Store {
    /// The monthly return for `establishments` (all of them when empty).
    pub fn monthly_report(&self, actor: &Actor, establishments: &[EstablishmentId], month: Month) -> Result<MonthlyReport> {
        self.period_report(actor, establishments, &Period::month(month), None)
    }

    /// The return for any period (a month, a quarter, a financial or calendar year, a range of
    /// days), compared with `compare_with` or else the period before of the same kind. Different
    /// people are counted over the whole period.
    pub fn period_report(
        &self,
        actor: &Actor,
        establishments: &[EstablishmentId],
        period: &Period,
        compare_with: Option<&Period>,
    ) -> Result<MonthlyReport> {
        actor.require(Act::ReadRecords)?;
        let before = compare_with.cloned().unwrap_or_else(|| period.previous());
        let chosen: Vec<Establishment> = if establishments.is_empty() {
            self.establishments(actor)?
        } else {
            establishments.iter().map(|id| self.establishment(actor, &id.to_string())).collect::<Result<_>>()?
        };
        let ids: Vec<EstablishmentId> = chosen.iter().map(|e| e.id).collect();
        let conn = self.connection();
        let this = Window::of(conn, &ids, period)?;
        let last = Window::of(conn, &ids, &before)?;
        let groups = group_list(conn, &ids)?
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
        let today = self.today();
        Ok(MonthlyReport {
            month: period.code.clone(),
            month_label: period.label.clone(),
            establishments: chosen,
            totals: this.totals,
            previous_totals: last.totals,
            groups,
            weeks: this.weeks,
            events: events(conn, &ids, period)?,
            event_people: event_people(conn, &ids, period)?,
            liberation: liberation::figures(conn, &ids, period.from, period.end(), today)?,
            previous_liberation: liberation::figures(conn, &ids, before.from, before.end(), today)?,
            waiting: referrals_in::figures(conn, &ids, period.from, period.to)?,
            previous_waiting: referrals_in::figures(conn, &ids, before.from, before.to)?,
            capital: capital::figures(conn, &ids, period.from, period.to)?,
            previous_capital: capital::figures(conn, &ids, before.from, before.to)?,
            peers: peers::figures(conn, &ids, period.from, period.to)?,
            previous_peers: peers::figures(conn, &ids, before.from, before.to)?,
            short_label: period.short.clone(),
            previous_label: before.label.clone(),
            previous_short_label: before.short.clone(),
            audit_head: crate::store::audit::head(conn)?,
        })
    }
}

/// The longest period whose weeks are charted: a quarter (92 days).
const WEEKS_CHARTED_UP_TO_DAYS: i64 = 92;

struct GroupRow {
    id: GroupId,
    name: String,
    establishment_code: String,
    kind: GroupKind,
}

fn group_list(conn: &Connection, ids: &[EstablishmentId]) -> Result<Vec<GroupRow>> {
    let sql = format!(
        "SELECT g.id, g.name, e.code, g.kind FROM recovery_group g JOIN establishment e ON e.id = g.establishment_id
          WHERE g.establishment_id IN ({}) AND {NOT_AN_EVENT} ORDER BY e.code, g.name COLLATE folded",
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
    fn of(conn: &Connection, ids: &[EstablishmentId], period: &Period) -> Result<Window> {
        // ?1 and ?2 are the period's bounds (from inclusive, to exclusive); then the establishments.
        let args = || period_and_establishments(period.from, period.end(), ids);
        let in_ests = format!("IN ({})", placeholders(ids.len(), 3));
        // Runs one query over the month and the establishments (`{in}` in the SQL), row by row.
        let each = |sql: &str, f: &mut dyn FnMut(&rusqlite::Row<'_>) -> Result<()>| -> Result<()> {
            let mut stmt = conn.prepare(&sql.replace("{in}", &in_ests).replace("{groups}", NOT_AN_EVENT))?;
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
              WHERE s.held_on >= ?1 AND s.held_on < ?2 AND g.establishment_id {in} AND {groups}
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
                  WHERE s.held_on >= ?1 AND s.held_on < ?2 AND g.establishment_id {{in}} AND {{groups}}
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

        // Drop-ins: named attendances beyond the expected places.
        each(
            "SELECT s.group_id, s.held_on, count(*) FROM attendance a JOIN session s ON s.id = a.session_id
               JOIN recovery_group g ON g.id = s.group_id
              WHERE a.drop_in = 1 AND a.mark <> 'absent' AND s.status = 'held' AND s.held_on >= ?1 AND s.held_on < ?2
                AND g.establishment_id {in} AND {groups}
              GROUP BY 1, 2",
            &mut |r| {
                let n: u32 = r.get(2)?;
                per_group.entry(r.get(0)?).or_default().drop_in_attendances += n;
                by_day.entry(crate::store::rows::date(r, 1)?).or_default().1 += n;
                Ok(())
            },
        )?;

        // Headcounts at held sessions: people nobody named, and visitors from outside.
        each(
            "SELECT s.group_id, sum(h.others_present), sum(h.visitors) FROM session_headcount h
               JOIN session s ON s.id = h.session_id JOIN recovery_group g ON g.id = s.group_id
              WHERE s.status = 'held' AND s.held_on >= ?1 AND s.held_on < ?2 AND g.establishment_id {in} AND {groups}
              GROUP BY 1",
            &mut |r| {
                let f = per_group.entry(r.get(0)?).or_default();
                f.unnamed_attendances = r.get(1)?;
                f.visitors = r.get(2)?;
                Ok(())
            },
        )?;

        // People who came, per group and (separately, as one person may go to several) overall.
        let attended = "FROM attendance a JOIN session s ON s.id = a.session_id JOIN recovery_group g ON g.id = s.group_id
              WHERE a.mark <> 'absent' AND s.status = 'held' AND s.held_on >= ?1 AND s.held_on < ?2
                AND g.establishment_id {in} AND {groups}";
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
              WHERE e.enrolled_on >= ?1 AND e.enrolled_on < ?2 AND g.establishment_id {in} AND {groups} GROUP BY 1",
            &mut |r| {
                per_group.entry(r.get(0)?).or_default().new_enrolments = r.get(1)?;
                Ok(())
            },
        )?;
        each(
            "SELECT e.group_id, e.leaving_reason, count(*) FROM enrolment e JOIN recovery_group g ON g.id = e.group_id
              WHERE e.left_on >= ?1 AND e.left_on < ?2 AND g.establishment_id {in} AND {groups} GROUP BY 1, 2",
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

        // A week each for the chart, up to a quarter's; a longer period has too many to chart.
        let mut weeks: Vec<WeekFigures> = Vec::new();
        let mut day = period.from;
        let end = if period.days() <= WEEKS_CHARTED_UP_TO_DAYS { period.end() } else { period.from };
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
    totals.drop_in_attendances += f.drop_in_attendances;
    totals.unnamed_attendances += f.unnamed_attendances;
    totals.visitors += f.visitors;
    totals.new_enrolments += f.new_enrolments;
    merge(&mut totals.leavers, &f.leavers);
    totals.completions += f.completions;
    totals.certificates_issued += f.certificates_issued;
    merge(&mut totals.absences, &f.absences);
}

/// The month's events (a section of their own, apart from the groups' figures): each with the
/// named people who came and its headcounts, by date.
fn events(conn: &Connection, ids: &[EstablishmentId], period: &Period) -> Result<Vec<EventMonth>> {
    let sql = format!(
        "SELECT s.id, e.code, v.kind, v.title, s.held_on, g.location, s.status,
                (SELECT count(*) FROM attendance a WHERE a.session_id = s.id AND a.mark <> 'absent'),
                coalesce(h.others_present, 0), coalesce(h.visitors, 0)
           FROM event v JOIN recovery_group g ON g.id = v.group_id JOIN establishment e ON e.id = g.establishment_id
           JOIN session s ON s.group_id = g.id LEFT JOIN session_headcount h ON h.session_id = s.id
          WHERE s.held_on >= ?1 AND s.held_on < ?2 AND g.establishment_id IN ({})
          ORDER BY s.held_on, s.start_time, e.code, v.title COLLATE folded",
        placeholders(ids.len(), 3)
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(period_and_establishments(period.from, period.end(), ids)), |r| {
        Ok(EventMonth {
            session_id: r.get(0)?,
            establishment_code: r.get(1)?,
            kind: r.get(2)?,
            title: r.get(3)?,
            held_on: crate::store::rows::date(r, 4)?,
            place: r.get(5)?,
            status: r.get(6)?,
            named: r.get(7)?,
            unnamed: r.get(8)?,
            visitors: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Different named people who came to the month's events.
fn event_people(conn: &Connection, ids: &[EstablishmentId], period: &Period) -> Result<u32> {
    let sql = format!(
        "SELECT count(DISTINCT a.participant_id) FROM attendance a JOIN session s ON s.id = a.session_id
           JOIN recovery_group g ON g.id = s.group_id JOIN event v ON v.group_id = g.id
          WHERE a.mark <> 'absent' AND s.status = 'held' AND s.held_on >= ?1 AND s.held_on < ?2 AND g.establishment_id IN ({})",
        placeholders(ids.len(), 3)
    );
    let args = period_and_establishments(period.from, period.end(), ids);
    Ok(conn.query_row(&sql, params_from_iter(args), |r| r.get(0))?)
}
