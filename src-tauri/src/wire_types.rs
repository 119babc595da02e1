//! The one generated TypeScript file of wire types (`ui/src/lib/wire.ts`). This test fails when
//! the committed file is stale; run with `UPDATE_WIRE_TYPES=1` to rewrite it.

use crate::access::{SetUpDone, SignedIn, StartScreen};
use crate::clearances::{ClearanceSettings, KindValidity};
use crate::error::CommandError;
use crate::exchange::SheetFile;
use crate::national::{FiguresSent, NationalDocument};
use crate::subject_access::FullRecordFiles;
use crate::team::{ChangeFilePreview, ChosenCard, ChosenJoiningFile, TeamPage};
use crate::wire::*;
use recovery_register::backup::{Backup, BackupFile};
use recovery_register::card::CardKind;
use recovery_register::exchange::{ImportColumn, ImportField, ImportKind, ImportPreview, RowChange};
use recovery_register::model::*;
use recovery_register::printing::{PrintProgress, Printed};
use recovery_register::reports::clearances::ClearanceReport;
use recovery_register::reports::monthly::{Count, EventMonth, EventTotals, GroupMonth, MonthFigures, MonthlyReport, WeekFigures};
use recovery_register::reports::national::NationalReportPage;
use recovery_register::reports::template::{ColumnTemplate, TemplateColumn};
use recovery_register::rules::attendance::AttendanceCounts;
use recovery_register::rules::capital::CapitalFigures;
use recovery_register::rules::completion::{CompletionProgress, CompletionStatus};
use recovery_register::rules::liberation::{Continuity, Countdown, Outcome, Task, TaskDue};
use recovery_register::rules::waiting::{SourceCount, WaitingFigures};
use recovery_register::store::cards::CardLine;
use recovery_register::store::national::FiguresTakenIn;
use recovery_register::store::referrals_in::{
    Allocated, Allocation, ProgrammeLine, ReferralInLine, Skip, SkipReason, WaitingLine, WaitingList,
};
use recovery_register::store::team::{
    ConflictChoice, JoiningFile, MarkConflict, MarkVersion, NumberingPc, SentChanges, TakenIn, TakenInFrom, TeamMember, TeamStatus,
};
use recovery_register::store::transfers::{TransferMade, TransferTakenIn, TransferTo};
use recovery_register::store::{Action, AuditAnchor, AuditCheck, AuditEntry, AuditFilter, KeyChanged, StaffAccount};
use recovery_register::store::{ClearanceLine, ClearanceWarnings};
use recovery_register::store::{DueLine, NewDropIn, Overview, ProgrammeProgress, Register, RegisterLine, RegisterSaved, SessionListing};
use recovery_register::store::{ErasureDone, PastRetention, RetentionPeriod};
use recovery_register::store::{FollowUp, LiberationDue, LiberationFigures, LiberationPlan, ReferralLine, RowProblem};
use recovery_register::store::{
    HeldAttendance, HeldAuditEntry, HeldAward, HeldConsent, HeldCustodyChange, HeldDetails, HeldEnrolment, HeldMeeting, HeldPlan,
    HeldPrint, HeldReferral, HeldReferralStep, HeldTransfer, PersonAuditLine, PersonRecord,
};
use recovery_register::store::{Passport, PassportAward, PassportCapital, PassportGroup, PassportService};
use recovery_register::views::UnclearedSession;
use recovery_register::views::{
    AwardLine, EnrolmentLine, Figures, GroupFigures, GroupPage, MonthlyReportPage, ParticipantPage, ReportLine, RosterFigures,
};
use recovery_register::views::{LedSession, PassportLed, PassportPeer, PeerFigures, PeerRecord};
use recovery_register::views::{Period, PeriodKind};
use recovery_register::Role;
use ts_rs::{Config, TS};

macro_rules! declarations {
    ($cfg:expr; $($t:ty),+ $(,)?) => {
        vec![$(format!("export {}", <$t as TS>::decl($cfg))),+]
    };
}

fn generate() -> String {
    let cfg = Config::default();
    let decls = declarations![&cfg;
        EstablishmentId, StaffId, ParticipantId, FacilitatorId, GroupId, EnrolmentId, SessionId,
        Establishment, NewEstablishment,
        ParticipantKind, CustodyStatus, LeavingReason, Participant, ParticipantDetails,
        FacilitatorKind, Facilitator, NewFacilitator,
        GroupKind, Schedule, CompletionRule, Group, GroupDetails,
        EventKind, EventDetails, Event,
        Enrolment, RosterLine,
        SessionStatus, CancellationReason, Session, HeldUncleared, SessionLog, SessionListing,
        MarkKind, AbsenceCause, AbsenceReason, Mark,
        Register, RegisterLine, RegisterSaved, Headcount, NewDropIn,
        AttendanceCounts, Overview, ProgrammeProgress,
        AwardTypeId, AwardId, AwardKind, SignatureImageId, Signatory, SignatureImage, AwardTypeDetails, AwardType, AwardTypeRevision,
        Award, Verification, UnitId, UnitSignOffId, Unit, NewUnit, UnitSignOff, UnitProgress, SvqProgress,
        QualificationId, PeerRole, QualificationDetails, Qualification, LedSession, PeerRecord, PassportLed, PassportPeer, PeerFigures,
        CompletionStatus, CompletionProgress, DueLine, PrintProgress, Printed,
        Count<CancellationReason>, MonthFigures, GroupMonth, EventMonth, EventTotals, WeekFigures, MonthlyReport, ReportLine, MonthlyReportPage, Exported,
        AppInfo, Figures, GroupFigures, ParticipantPage, EnrolmentLine, RosterFigures, GroupPage, AwardLine,
        Role, StaffAccount, KeyChanged, SignedIn, StartScreen, SetUpDone,
        Action, AuditEntry, AuditFilter, AuditCheck, AuditAnchor, Backup, BackupFile,
        ClearanceId, ClearanceKind, ClearanceStatus, ClearanceDetails, Clearance, ClearanceLine, ClearanceWarnings,
        UnclearedSession, ClearanceReport, ClearanceSettings, KindValidity,
        ServiceId, ConsentId, ReferralId, MeetingId, ServiceKind, ReferralStatus, MeetingKind,
        ServiceDetails, CommunityService, PlanDetails, ConsentDetails, Consent, ReferralDetails, ReferralStep, Referral,
        MeetingDetails, Meeting, ReferralLine, LiberationPlan, LiberationDue, FollowUp, LiberationFigures,
        Task, TaskDue, Countdown, Outcome, Continuity, RowProblem,
        PassportGroup, PassportAward, PassportService, PassportCapital, Passport,
        ImportKind, ImportField, ImportColumn, RowChange, ImportPreview, SheetFile,
        HeldDetails, HeldCustodyChange, HeldEnrolment, HeldAttendance, HeldPrint, HeldAward, HeldPlan, HeldConsent, HeldReferralStep,
        HeldReferral, HeldMeeting, HeldTransfer, HeldAuditEntry, PersonRecord, PersonAuditLine, FullRecordFiles,
        RetentionPeriod, PastRetention, ErasureDone,
        TeamMember, TeamStatus, NumberingPc, TeamPage, MarkVersion, MarkConflict, ConflictChoice,
        TakenInFrom, TakenIn, ChangeFilePreview, SentChanges, JoiningFile, ChosenJoiningFile,
        CardKind, CardLine, ChosenCard,
        FiguresTakenIn, NationalReportPage, FiguresSent, NationalDocument,
        TransferId, HistoryGroup, HistoryAward, HistoryConsent, HistoryReferral, HistoryUnit, HistorySvq, History, TransferTo, TransferMade, TransferTakenIn,
        ProgrammeId, ReferralInId, ReferralSource, ReferralWants, ReferralOutcome, ReferralInDetails, ReferralIn, Programme,
        PeriodKind, Period, TemplateColumn, ColumnTemplate, CapitalId, CapitalStage, CapitalDetails, CapitalAssessment, CapitalFigures,
        Skip, ReferralInLine, ProgrammeLine, WaitingLine, WaitingList, SkipReason, Allocation, Allocated, SourceCount, WaitingFigures,
        CommandError,
    ];
    let mut out = String::from(
        "// Generated from the Rust types by src-tauri/src/wire_types.rs. Do not edit by hand:\n\
         // run `UPDATE_WIRE_TYPES=1 cargo test -p recovery-register-desktop --bin recovery-register-desktop wire_types`.\n\n",
    );
    for d in decls {
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.push_str(&vocabulary());
    out.trim_end().to_string() + "\n"
}

/// `export const NAME: Record<TYPE, VALUE> = { code: "label", ... };` in the Rust order.
fn record<'a>(name: &str, ty: &str, entries: impl IntoIterator<Item = (&'a str, String)>) -> String {
    let mut out = format!("export const {name}: {ty} = {{\n");
    for (code, value) in entries {
        out.push_str(&format!("  {code}: {value},\n"));
    }
    out + "};\n\n"
}

/// `export const NAME: TYPE[] = ["code", ...];` in the Rust order: the order a form offers them.
fn list<'a>(name: &str, ty: &str, codes: impl IntoIterator<Item = &'a str>) -> String {
    let codes: Vec<String> = codes.into_iter().map(text).collect();
    format!("export const {name}: {ty}[] = [{}];\n\n", codes.join(", "))
}

fn text(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

/// Each coded list's labels, as `Record<Type, string>` constants named `<type>Labels`.
macro_rules! labels {
    ($($t:ident => $name:literal),+ $(,)?) => {
        [$(record($name, concat!("Record<", stringify!($t), ", string>"), $t::ALL.iter().map(|v| (v.code(), text(v.label()))))),+].concat()
    };
}

/// The words and rules the screens show, from their one definition in Rust: a reason added in
/// Rust reaches the UI by regenerating this file, and a stale file fails the test below.
fn vocabulary() -> String {
    let mut out = String::from("// The vocabulary: labels and rules from the Rust definitions.\n\n");
    out += &labels![
        ParticipantKind => "participantKindLabels",
        CustodyStatus => "custodyStatusLabels",
        LeavingReason => "leavingReasonLabels",
        FacilitatorKind => "facilitatorKindLabels",
        GroupKind => "groupKindLabels",
        EventKind => "eventKindLabels",
        SessionStatus => "sessionStatusLabels",
        CancellationReason => "cancellationReasonLabels",
        MarkKind => "markKindLabels",
        AbsenceCause => "absenceCauseLabels",
        AbsenceReason => "absenceReasonLabels",
        AwardKind => "awardKindLabels",
        ClearanceKind => "clearanceKindLabels",
        ClearanceStatus => "clearanceStatusLabels",
        CompletionStatus => "completionStatusLabels",
        ServiceKind => "serviceKindLabels",
        ImportKind => "importKindLabels",
        ReferralStatus => "referralStatusLabels",
        MeetingKind => "meetingKindLabels",
        ReferralSource => "referralSourceLabels",
        ReferralWants => "referralWantsLabels",
        ReferralOutcome => "referralOutcomeLabels",
        PeriodKind => "periodKindLabels",
        CapitalStage => "capitalStageLabels",
        PeerRole => "peerRoleLabels",
        Role => "roleLabels",
    ];
    out += &record(
        "absenceReasonCause",
        "Record<AbsenceReason, AbsenceCause>",
        AbsenceReason::ALL.iter().map(|r| (r.code(), text(r.cause().code()))),
    );
    out += &record("actionLabels", "Record<Action, string>", Action::ALL.iter().map(|a| (a.code(), text(a.describe()))));
    out += &list("clearanceKinds", "ClearanceKind", ClearanceKind::ALL.iter().map(|k| k.code()));
    out += &list("clearanceStatuses", "ClearanceStatus", ClearanceStatus::ALL.iter().map(|s| s.code()));
    out += &list("pendingClearanceStatuses", "ClearanceStatus", ClearanceStatus::ALL.iter().filter(|s| s.is_pending()).map(|s| s.code()));
    out += &list("serviceKinds", "ServiceKind", ServiceKind::ALL.iter().map(|k| k.code()));
    out += &list("meetingKinds", "MeetingKind", MeetingKind::ALL.iter().map(|k| k.code()));
    out += &list("referralSources", "ReferralSource", ReferralSource::ALL.iter().map(|k| k.code()));
    out += &list("referralOutcomes", "ReferralOutcome", ReferralOutcome::ALL.iter().map(|k| k.code()));
    out += &list("returnColumns", "string", recovery_register::reports::template::figures().iter().copied());
    out += &list("capitalStages", "CapitalStage", CapitalStage::ALL.iter().map(|k| k.code()));
    out += &list("peerRoles", "PeerRole", PeerRole::ALL.iter().map(|k| k.code()));
    out += &format!(
        "/** The training a qualification to deliver usually follows. */\nexport const TRAINING_FOR_TRAINERS = {};\n\n",
        text(recovery_register::model::TRAINING_FOR_TRAINERS)
    );
    out += &list("barc10Statements", "string", recovery_register::model::capital::STATEMENTS.iter().copied());
    out += &list("barc10Scale", "string", recovery_register::model::capital::SCALE.iter().copied());
    out += &format!(
        "/** The longest highlights a return prints on its first page. */\nexport const HIGHLIGHTS_MAX = {};\n\n",
        recovery_register::documents::HIGHLIGHTS_MAX
    );
    out += &format!(
        "/** Scotland's waiting-times standard: started within this many days of referral. */\nexport const STANDARD_DAYS = {};\n\n",
        recovery_register::model::referral_in::STANDARD_DAYS
    );
    out += &list("importKinds", "ImportKind", ImportKind::ALL.iter().map(|k| k.code()));
    out += &record("importKindHints", "Record<ImportKind, string>", ImportKind::ALL.iter().map(|k| (k.code(), text(k.hint()))));
    out += &record(
        "importKindPerEstablishment",
        "Record<ImportKind, boolean>",
        ImportKind::ALL.iter().map(|k| (k.code(), k.per_establishment().to_string())),
    );
    out += &format!(
        "/** The shortest password the core accepts. */\nexport const MIN_PASSWORD_CHARS = {};\n\n",
        recovery_register::rules::access::MIN_PASSWORD_CHARS
    );
    out += &format!(
        "/** The longest idle time, in minutes, before the app locks itself (from 1). */\nexport const MAX_LOCK_MINUTES = {};\n\n",
        recovery_register::store::settings::MAX_LOCK_MINUTES
    );
    out += &format!(
        "/** The most people one headcount may give (others present, or visitors). */\nexport const HEADCOUNT_MAX = {};\n\n",
        recovery_register::model::HEADCOUNT_MAX
    );
    out += &format!(
        "/** The longest title an event may have (with its date, within a group name's length). */\nexport const EVENT_TITLE_MAX = {};\n\n",
        recovery_register::model::EVENT_TITLE_MAX
    );
    out += &format!(
        "/** The longest reason kept for a session held without a cleared facilitator. */\nexport const HELD_UNCLEARED_REASON_MAX = {};\n",
        recovery_register::model::HELD_UNCLEARED_REASON_MAX
    );
    out
}

#[test]
fn wire_types_are_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/wire.ts");
    let fresh = generate();
    if std::env::var_os("UPDATE_WIRE_TYPES").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/lib/wire.ts is stale: run `UPDATE_WIRE_TYPES=1 cargo test -p recovery-register-desktop --bin recovery-register-desktop wire_types`"
    );
}
