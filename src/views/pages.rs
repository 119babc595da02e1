//! The pages the app and the command line show, assembled by the core (`store::pages`) so both
//! show the same thing: a person's page, a group's page, the monthly return's lines. Rates come
//! as text ("87.5%", or "–"): the screens never do arithmetic on figures.

use crate::model::*;
use crate::rules::attendance::{lost_to_regime, percent, AttendanceCounts};
use crate::rules::disclosure::Disclosure;
use crate::rules::liberation::Continuity;
use crate::views::{EventTotals, MonthFigures, MonthlyReport};
use serde::{Deserialize, Serialize};

/// A session with what a list needs to show beside it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SessionListing {
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub session: Session,
    pub group_name: String,
    pub establishment_id: EstablishmentId,
    pub marks_recorded: u32,
    /// The kind of one-off event this session is, or none for a group's session.
    pub event: Option<EventKind>,
}

/// Attendance counts with the two rates as the UI shows them ("87.5%", or "–").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Figures {
    pub counts: AttendanceCounts,
    pub attended: u32,
    pub rate: String,
    pub rate_when_able: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GroupFigures {
    pub group_id: GroupId,
    pub group_name: String,
    pub figures: Figures,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ParticipantPage {
    pub participant: Participant,
    pub enrolments: Vec<EnrolmentLine>,
    pub attendance: Vec<GroupFigures>,
    /// One-off events the person came to, newest first.
    pub events: Vec<Event>,
    /// Certificates issued to the person, oldest first.
    pub awards: Vec<AwardLine>,
    /// Their history at other establishments, as transfer packs brought it (newest first):
    /// read-only, not counted here.
    pub elsewhere: Vec<History>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AwardLine {
    pub award: Award,
    /// The award type's title, e.g. "Recovery College graduation".
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EnrolmentLine {
    pub enrolment: Enrolment,
    pub group_name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RosterFigures {
    pub participant: Participant,
    pub figures: Figures,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GroupPage {
    pub group: Group,
    /// Everyone ever enrolled, current first.
    pub enrolments: Vec<RosterLine>,
    pub attendance: Vec<RosterFigures>,
    pub sessions: Vec<SessionListing>,
}

/// The figures of one line of the monthly report as the screen shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReportLine {
    /// Named attendances: the expected who came, and the drop-ins.
    pub attended: u32,
    pub leavers: u32,
    pub rate: String,
    pub rate_when_able: String,
    pub lost_to_regime: String,
    /// "+3", "-2", "0": attendances against the previous month.
    pub change: String,
}

impl ReportLine {
    fn of(f: &MonthFigures, before: &MonthFigures) -> ReportLine {
        let c = &f.counts;
        ReportLine {
            attended: f.named_attendances(),
            leavers: f.leavers_total(),
            rate: percent(c.rate()),
            rate_when_able: percent(c.rate_when_able()),
            lost_to_regime: percent(lost_to_regime(c)),
            change: Disclosure::default().change(f.named_attendances(), before.named_attendances()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MonthlyReportPage {
    pub report: MonthlyReport,
    pub totals: ReportLine,
    pub previous: ReportLine,
    /// One per `report.groups`, in the same order.
    pub groups: Vec<ReportLine>,
    /// Continuity of care this month and the month before, as the core rounds it ("87.5%", or
    /// "–" while nobody's three weeks are over).
    pub continuity_rate: String,
    pub previous_continuity_rate: String,
    /// Started within three weeks of referral, this month and the month before ("75%", or "–"
    /// when nobody started), and the median days waited ("12.5", or "–").
    pub within_standard: String,
    pub previous_within_standard: String,
    pub median_wait: String,
    pub previous_median_wait: String,
    /// The month's events added up (`MonthlyReport::event_totals`).
    pub event_totals: EventTotals,
    /// Nothing happened in the period (`MonthlyReport::is_empty`): the screen says so as the
    /// PDF does.
    pub empty: bool,
}

impl From<AttendanceCounts> for Figures {
    fn from(counts: AttendanceCounts) -> Figures {
        Figures { attended: counts.attended(), rate: percent(counts.rate()), rate_when_able: percent(counts.rate_when_able()), counts }
    }
}

impl From<MonthlyReport> for MonthlyReportPage {
    fn from(report: MonthlyReport) -> MonthlyReportPage {
        MonthlyReportPage {
            totals: ReportLine::of(&report.totals, &report.previous_totals),
            previous: ReportLine::of(&report.previous_totals, &MonthFigures::default()),
            groups: report.groups.iter().map(|g| ReportLine::of(&g.figures, &g.previous)).collect(),
            continuity_rate: continuity_rate(&report.liberation.continuity),
            previous_continuity_rate: continuity_rate(&report.previous_liberation.continuity),
            within_standard: percent(report.waiting.within_standard),
            previous_within_standard: percent(report.previous_waiting.within_standard),
            median_wait: report.waiting.median_days_waited.map_or("–".to_string(), |m| m.to_string()),
            previous_median_wait: report.previous_waiting.median_days_waited.map_or("–".to_string(), |m| m.to_string()),
            event_totals: report.event_totals(),
            empty: report.is_empty(),
            report,
        }
    }
}

/// Engaged out of those whose three weeks are over, as a percentage (`Continuity::rate`).
fn continuity_rate(c: &Continuity) -> String {
    percent(c.rate())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuity_of_care_is_rounded_as_every_rate() {
        for ((engaged, not_engaged), shown) in [
            ((0, 0), "–"),
            ((2, 1), "66.7%"),
            ((1, 2), "33.3%"),
            ((7, 1), "87.5%"),
            ((3, 0), "100%"),
            ((0, 4), "0%"),
            ((1, 1), "50%"),
            // Half a tenth rounds away from zero: 1/16 = 6.25% -> 6.3%.
            ((1, 15), "6.3%"),
        ] {
            let c = Continuity { liberated: engaged + not_engaged, engaged, not_engaged, still_open: 0 };
            assert_eq!(continuity_rate(&c), shown, "{engaged} engaged, {not_engaged} not");
        }
    }
}
