//! Who has completed a programme. A rule is "attended at least N of the P planned sessions";
//! when it excuses regime and appointment absences, the requirement shrinks in proportion to
//! the sessions the person could not attend through no choice of their own:
//! needed = ceil(N × (P − excused) / P). So 8 of 10 with two lockdown absences needs 7 of the 8
//! they could attend, keeping the rule's 80% rather than dropping to 6 of 8 (75%). Nobody
//! completes without attending at least one session.

use super::attendance::AttendanceCounts;
use crate::model::CompletionRule;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", ts(rename_all = "snake_case"))]
pub enum CompletionStatus {
    /// The programme has finished and the person met the rule.
    Completed,
    /// The person has met the rule or can still meet it with the sessions left.
    OnTrack,
    /// Even attending every remaining session would not meet the rule.
    CannotComplete,
}

impl CompletionStatus {
    pub const ALL: [CompletionStatus; 3] = [CompletionStatus::Completed, CompletionStatus::OnTrack, CompletionStatus::CannotComplete];

    pub fn code(self) -> &'static str {
        match self {
            CompletionStatus::Completed => "completed",
            CompletionStatus::OnTrack => "on_track",
            CompletionStatus::CannotComplete => "cannot_complete",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CompletionStatus::Completed => "Completed",
            CompletionStatus::OnTrack => "On track",
            CompletionStatus::CannotComplete => "Can no longer complete",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CompletionProgress {
    pub status: CompletionStatus,
    pub attended: u32,
    /// Sessions the person must attend, after any excused absences.
    pub needed: u32,
    /// Planned sessions not yet held (neither held nor cancelled) that the person can still attend.
    pub remaining: u32,
}

/// Sessions needed under `rule` for a programme of `planned` sessions, given excused absences.
pub fn needed(rule: CompletionRule, planned: u32, counts: &AttendanceCounts) -> u32 {
    if !rule.excuses_regime_absences || planned == 0 {
        return rule.min_attended;
    }
    let excused = (counts.absent_regime + counts.absent_appointment).min(planned);
    // Integer ceiling of N × (P − E) / P; a certificate always needs at least one session.
    (rule.min_attended * (planned - excused)).div_ceil(planned).max(1)
}

/// Applies the rule to one person's attendance. `remaining` counts the programme's sessions
/// still to come; `finished` is true once none remain.
pub fn progress(rule: CompletionRule, planned: u32, counts: &AttendanceCounts, remaining: u32) -> CompletionProgress {
    let attended = counts.attended();
    let needed = needed(rule, planned, counts);
    let status = if attended >= needed && remaining == 0 {
        CompletionStatus::Completed
    } else if attended + remaining >= needed {
        CompletionStatus::OnTrack
    } else {
        CompletionStatus::CannotComplete
    };
    CompletionProgress { status, attended, needed, remaining }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CompletionStatus::*;

    fn counts(attended: u32, regime: u32, appointment: u32, own: u32) -> AttendanceCounts {
        AttendanceCounts {
            expected: attended + regime + appointment + own,
            present: attended,
            absent_regime: regime,
            absent_appointment: appointment,
            absent_person: own,
            ..Default::default()
        }
    }

    /// Data-driven: (rule N, excuses?, attended, regime, appointment, own absences, remaining) ->
    /// (needed, status), for a 10-session programme.
    #[test]
    fn eight_of_ten() {
        let cases = [
            // Strict rule: absences of any kind count against the person.
            ((8, false), (8, 0, 0, 2, 0), (8, Completed)),
            ((8, false), (7, 2, 0, 1, 0), (8, CannotComplete)),
            ((8, false), (5, 0, 0, 0, 5), (8, OnTrack)),
            ((8, false), (2, 0, 0, 3, 5), (8, CannotComplete)),
            // Excusing rule: two lockdown absences -> needs ceil(8 × 8 / 10) = 7.
            ((8, true), (7, 2, 0, 1, 0), (7, Completed)),
            ((8, true), (6, 2, 0, 2, 0), (7, CannotComplete)),
            // An appointment counts like the regime; the person's own absences do not.
            ((8, true), (7, 1, 1, 1, 0), (7, Completed)),
            ((8, true), (7, 0, 0, 3, 0), (8, CannotComplete)),
            // Met the rule with sessions still to run: on track, not yet completed.
            ((8, true), (8, 0, 0, 0, 2), (8, OnTrack)),
            // Every session lost to the regime: still at least one session is needed.
            ((8, true), (0, 10, 0, 0, 0), (1, CannotComplete)),
        ];
        for ((n, excuses), (attended, regime, appointment, own, remaining), (needed_want, status)) in cases {
            let rule = CompletionRule { min_attended: n, excuses_regime_absences: excuses };
            let p = progress(rule, 10, &counts(attended, regime, appointment, own), remaining);
            assert_eq!(
                (p.needed, p.status),
                (needed_want, status),
                "rule {n}/10 excuses={excuses}, attended {attended}, regime {regime}, appt {appointment}, own {own}, remaining {remaining}"
            );
        }
    }
}
