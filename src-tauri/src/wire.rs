//! Shapes the UI receives that the core does not define itself: pages that combine several core
//! results, with rates already formatted (the UI never does arithmetic on figures).

use recovery_register::model::*;
use recovery_register::rules::attendance::{percent, AttendanceCounts};
use recovery_register::reports::csv::lost_to_regime;
use recovery_register::reports::{MonthFigures, MonthlyReport};
use recovery_register::store::SessionListing;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Serialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub database: String,
}

/// Attendance counts with the two rates as the UI shows them ("87.5%", or "–").
#[derive(Debug, Serialize, TS)]
pub struct Figures {
    pub counts: AttendanceCounts,
    pub attended: u32,
    pub rate: String,
    pub rate_when_able: String,
}

impl From<AttendanceCounts> for Figures {
    fn from(counts: AttendanceCounts) -> Figures {
        Figures { attended: counts.attended(), rate: percent(counts.rate()), rate_when_able: percent(counts.rate_when_able()), counts }
    }
}

#[derive(Debug, Serialize, TS)]
pub struct GroupFigures {
    pub group_id: GroupId,
    pub group_name: String,
    pub figures: Figures,
}

#[derive(Debug, Serialize, TS)]
pub struct ParticipantPage {
    pub participant: Participant,
    pub enrolments: Vec<EnrolmentLine>,
    pub attendance: Vec<GroupFigures>,
    /// Certificates issued to the person, oldest first.
    pub awards: Vec<AwardLine>,
}

#[derive(Debug, Serialize, TS)]
pub struct AwardLine {
    pub award: Award,
    /// The award type's title, e.g. "Recovery College graduation".
    pub title: String,
}

#[derive(Debug, Serialize, TS)]
pub struct EnrolmentLine {
    pub enrolment: Enrolment,
    pub group_name: String,
}

#[derive(Debug, Serialize, TS)]
pub struct RosterFigures {
    pub participant: Participant,
    pub figures: Figures,
}

#[derive(Debug, Serialize, TS)]
pub struct GroupPage {
    pub group: Group,
    /// Everyone ever enrolled, current first.
    pub enrolments: Vec<RosterLine>,
    pub attendance: Vec<RosterFigures>,
    pub sessions: Vec<SessionListing>,
}

/// Files written by an export, as the screen shows them.
#[derive(Debug, Serialize, TS)]
pub struct Exported {
    pub files: Vec<String>,
}

/// The figures of one line of the monthly report as the screen shows them.
#[derive(Debug, Serialize, TS)]
pub struct ReportLine {
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
            attended: c.attended(),
            leavers: f.leavers_total(),
            rate: percent(c.rate()),
            rate_when_able: percent(c.rate_when_able()),
            lost_to_regime: percent(lost_to_regime(c)),
            change: recovery_register::reports::csv::Disclosure::default().change(c.attended(), before.counts.attended()),
        }
    }
}

#[derive(Debug, Serialize, TS)]
pub struct MonthlyReportPage {
    pub report: MonthlyReport,
    pub totals: ReportLine,
    pub previous: ReportLine,
    /// One per `report.groups`, in the same order.
    pub groups: Vec<ReportLine>,
}

impl From<MonthlyReport> for MonthlyReportPage {
    fn from(report: MonthlyReport) -> MonthlyReportPage {
        MonthlyReportPage {
            totals: ReportLine::of(&report.totals, &report.previous_totals),
            previous: ReportLine::of(&report.previous_totals, &MonthFigures::default()),
            groups: report.groups.iter().map(|g| ReportLine::of(&g.figures, &g.previous)).collect(),
            report,
        }
    }
}
