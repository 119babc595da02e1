// Generated from the Rust types by src-tauri/src/wire_types.rs. Do not edit by hand:
// run `UPDATE_WIRE_TYPES=1 cargo test -p recovery-register-desktop --bin recovery-register-desktop wire_types`.

export type EstablishmentId = string;

export type StaffId = string;

export type ParticipantId = string;

export type FacilitatorId = string;

export type GroupId = string;

export type EnrolmentId = string;

export type SessionId = string;

export type Establishment = { id: EstablishmentId, code: string, name: string, };

export type NewEstablishment = { code: string, name: string, };

export type ParticipantKind = "in_custody" | "staff" | "volunteer";

export type CustodyStatus = "in_custody" | "liberated" | "transferred" | "home_leave";

export type LeavingReason = "completed" | "liberated" | "transferred" | "withdrew" | "removed" | "other";

export type Participant = { id: ParticipantId, establishment_id: EstablishmentId, kind: ParticipantKind, prison_number: string | null, given_name: string, family_name: string, date_of_birth: string | null, location: string | null, status: CustodyStatus | null, status_since: string | null, expected_liberation: string | null, 
/**
 * How the name is printed on certificates and passports, when not given then family name.
 */
printed_name?: string | null, };

export type ParticipantDetails = { kind: ParticipantKind, prison_number: string | null, given_name: string, family_name: string, date_of_birth: string | null, location: string | null, expected_liberation: string | null, 
/**
 * How the name is printed on certificates and passports; none means given then family name.
 */
printed_name?: string | null, };

export type FacilitatorKind = "staff" | "volunteer" | "peer";

export type Facilitator = { id: FacilitatorId, name: string, kind: FacilitatorKind, organisation: string | null, active: boolean, 
/**
 * A peer's own record, when they are a person in custody here (`Store::add_peer_role`).
 */
participant_id?: ParticipantId | null, peer_role?: PeerRole | null, };

export type NewFacilitator = { name: string, kind: FacilitatorKind, organisation: string | null, };

export type GroupKind = "aa" | "na" | "ca" | "smart_recovery" | "peer_led" | "recovery_cafe" | "programme" | "other";

export type Schedule = { weekday: "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun", every_weeks: number, };

export type CompletionRule = { min_attended: number, excuses_regime_absences: boolean, };

export type Group = { id: GroupId, establishment_id: EstablishmentId, 
/**
 * The course every facilitator must be qualified to deliver (`Store::require_course`).
 */
required_course?: string | null, name: string, kind: GroupKind, location: string | null, starts_on: string, ends_on: string | null, start_time: string, duration_minutes: number, schedule: Schedule | null, 
/**
 * Structured programmes only: how many sessions the programme runs for.
 */
planned_sessions: number | null, completion: CompletionRule | null, facilitators: Array<FacilitatorId>, };

export type GroupDetails = { name: string, kind: GroupKind, location: string | null, starts_on: string, ends_on: string | null, start_time: string, duration_minutes: number, schedule: Schedule | null, 
/**
 * Structured programmes only: how many sessions the programme runs for.
 */
planned_sessions: number | null, completion: CompletionRule | null, facilitators: Array<FacilitatorId>, };

export type EventKind = "recovery_walk" | "family_day" | "graduation_ceremony" | "awareness_session" | "other";

export type EventDetails = { kind: EventKind, 
/**
 * "Recovery walk to Kinnoull Hill"; the kind's label when left empty.
 */
title: string, held_on: string, start_time: string, 
/**
 * Where it is: "Chapel", "Sports field".
 */
place: string | null, };

export type Event = { 
/**
 * The event's session: its register takes the attendance.
 */
session_id: SessionId, group_id: GroupId, establishment_id: EstablishmentId, kind: EventKind, 
/**
 * "Recovery walk to Kinnoull Hill"; the kind's label when left empty.
 */
title: string, held_on: string, start_time: string, 
/**
 * Where it is: "Chapel", "Sports field".
 */
place: string | null, };

export type Enrolment = { id: EnrolmentId, group_id: GroupId, participant_id: ParticipantId, enrolled_on: string, 
/**
 * The first day the person is no longer on the roster.
 */
left_on: string | null, leaving_reason: LeavingReason | null, leaving_note: string | null, };

export type RosterLine = { enrolment: Enrolment, participant: Participant, };

export type SessionStatus = "planned" | "held" | "cancelled";

export type CancellationReason = "lockdown" | "staff_shortage" | "facilitator_not_cleared" | "room_unavailable" | "other";

export type Session = { id: SessionId, group_id: GroupId, held_on: string, start_time: string, status: SessionStatus, cancellation_reason: CancellationReason | null, cancellation_note: string | null, topic: string | null, notes: string | null, from_schedule: boolean, 
/**
 * Cancelled because a facilitator was not cleared: the clearance that had lapsed or was
 * still waiting.
 */
cancelled_for_clearance: ClearanceId | null, facilitators: Array<FacilitatorId>, 
/**
 * Recorded as held although someone running it was not cleared here that day.
 */
held_uncleared: HeldUncleared | null, };

export type HeldUncleared = { 
/**
 * The session rule's words when it was confirmed ("Des O'B. (CA) is not cleared here ...").
 */
problem: string, 
/**
 * Why it went ahead, in the confirming person's words.
 */
reason: string, confirmed_by: string, 
/**
 * When, in London time (dd/mm/yyyy hh:mm:ss).
 */
confirmed_at: string, };

export type SessionLog = { topic: string | null, notes: string | null, facilitators: Array<FacilitatorId>, };

export type SessionListing = { group_name: string, establishment_id: EstablishmentId, marks_recorded: number, 
/**
 * The kind of one-off event this session is, or none for a group's session.
 */
event: EventKind | null, id: SessionId, group_id: GroupId, held_on: string, start_time: string, status: SessionStatus, cancellation_reason: CancellationReason | null, cancellation_note: string | null, topic: string | null, notes: string | null, from_schedule: boolean, 
/**
 * Cancelled because a facilitator was not cleared: the clearance that had lapsed or was
 * still waiting.
 */
cancelled_for_clearance: ClearanceId | null, facilitators: Array<FacilitatorId>, 
/**
 * Recorded as held although someone running it was not cleared here that day.
 */
held_uncleared: HeldUncleared | null, };

export type MarkKind = "present" | "late" | "left_early" | "absent";

export type AbsenceCause = "person" | "regime" | "appointment";

export type AbsenceReason = "chose_not_to_attend" | "refused" | "unwell" | "not_unlocked" | "wing_lockdown" | "no_escort" | "staff_shortage" | "legal_visit" | "healthcare" | "court" | "work" | "education" | "visit" | "other";

export type Mark = { participant_id: ParticipantId, mark: MarkKind, absence_reason: AbsenceReason | null, note: string | null, };

export type Register = { session: Session, group_name: string, 
/**
 * The kind of one-off event this is (no roster: everyone is added as they come), or none.
 */
event: EventKind | null, lines: Array<RegisterLine>, headcount: Headcount, 
/**
 * Who running this session is not cleared here on its date, in the session rule's words,
 * shown as the register opens (before anyone is marked); none when all are cleared.
 */
clearance_problem: string | null, 
/**
 * Who running this session is not qualified to deliver the course its group requires, said
 * as the register and the session log open. Not a refusal: a session that took place is
 * recorded as it was, and the group's own list is where the requirement is enforced.
 */
qualification_problem: string | null, };

export type RegisterLine = { participant: Participant, mark: Mark | null, 
/**
 * Came without being on the roster that day: attended, not expected.
 */
drop_in: boolean, };

export type RegisterSaved = { session_id: SessionId, status: SessionStatus, 
/**
 * Marks written by this save.
 */
saved: number, 
/**
 * People on the roster still without a mark.
 */
unmarked: number, };

export type Headcount = { others_present: number, visitors: number, visitors_from: string | null, };

export type NewDropIn = { participant: Participant, saved: RegisterSaved, };

export type AttendanceCounts = { 
/**
 * Held sessions during the person's enrolment.
 */
expected: number, present: number, late: number, left_early: number, absent_person: number, absent_regime: number, absent_appointment: number, 
/**
 * Held sessions with no mark for the person: a register not finished.
 */
unmarked: number, };

export type Overview = { today: string, 
/**
 * The Monday of the week shown.
 */
week_start: string, 
/**
 * That week's sessions, Monday to Sunday.
 */
sessions: Array<SessionListing>, 
/**
 * Sessions of the last 14 days (before today) neither recorded nor cancelled, newest first:
 * yesterday's evening meeting keyed in this morning.
 */
still_to_record: Array<SessionListing>, programmes_ending: Array<ProgrammeProgress>, 
/**
 * The countdown: in custody with an expected liberation in the next eight weeks (or
 * passed), with what is missing.
 */
liberations_due: Array<LiberationDue>, 
/**
 * Liberated or transferred in the last seven weeks.
 */
follow_up: Array<FollowUp>, };

export type ProgrammeProgress = { group: Group, held: number, planned: number, last_session: string, };

export type AwardTypeId = string;

export type AwardId = string;

export type AwardKind = "recovery_college" | "programme_completion" | "svq" | "custom";

export type SignatureImageId = string;

export type Signatory = { name: string, role: string, 
/**
 * Their scanned signature, printed above the line (`Store::add_signature_image`).
 */
signature: SignatureImageId | null, };

export type SignatureImage = { id: SignatureImageId, width_px: number, height_px: number, };

export type AwardTypeDetails = { kind: AwardKind, 
/**
 * e.g. "Recovery College graduation", "SVQ Level 3 in Recovery Development Practice".
 */
title: string, svq_level: number | null, awarding_body: string | null, 
/**
 * The sentence under the name, e.g. "has successfully completed the 10-week Recovery
 * Group Programme".
 */
wording: string, 
/**
 * Shown on the certificate instead of the prison, so it can go to an employer.
 */
issuing_organisation: string, 
/**
 * Off by default: a certificate does not disclose custody unless the caseworker chooses.
 */
show_establishment: boolean, signatories: Array<Signatory>, };

export type AwardType = { id: AwardTypeId, establishment_id: EstablishmentId, 
/**
 * Whether a logo is printed on its certificates (set with `set_award_type_logo`).
 */
has_logo: boolean, 
/**
 * 1 when set up, one more at each edit; an award prints as its revision said.
 */
revision: number, kind: AwardKind, 
/**
 * e.g. "Recovery College graduation", "SVQ Level 3 in Recovery Development Practice".
 */
title: string, svq_level: number | null, awarding_body: string | null, 
/**
 * The sentence under the name, e.g. "has successfully completed the 10-week Recovery
 * Group Programme".
 */
wording: string, 
/**
 * Shown on the certificate instead of the prison, so it can go to an employer.
 */
issuing_organisation: string, 
/**
 * Off by default: a certificate does not disclose custody unless the caseworker chooses.
 */
show_establishment: boolean, signatories: Array<Signatory>, };

export type AwardTypeRevision = { revision: number, details: AwardTypeDetails, 
/**
 * When, as London time shows it ("12/11/2026 14:05").
 */
made_at: string, 
/**
 * Who made it, when known (the first revision of a type set up before edits were kept has
 * no one).
 */
made_by: string | null, 
/**
 * How many awards were issued under it.
 */
awards: number, };

export type Award = { id: AwardId, award_type_id: AwardTypeId, participant_id: ParticipantId, group_id: GroupId | null, 
/**
 * e.g. PER-2026-0042.
 */
number: string, awarded_on: string, name_on_certificate: string, 
/**
 * e.g. 7KQ2M-X9TD4: checks number, name, date and title together.
 */
verification_code: string, revoked_on: string | null, revocation_reason: string | null, prints: number, 
/**
 * The award type's revision it was issued under.
 */
revision: number, 
/**
 * For an SVQ, the candidate's SQA number when it was issued.
 */
candidate_number: string | null, };

export type Verification = { "outcome": "genuine", award: Award, title: string, } | { "outcome": "altered", number: string, differs: Array<string>, } | { "outcome": "revoked", award: Award, title: string, } | { "outcome": "elsewhere", number: string, title: string, awarded_on: string, name_on_certificate: string, 
/**
 * "HMP Barlinnie (BAR)".
 */
establishment: string, revoked_on: string | null, } | { "outcome": "unknown", number: string, };

export type UnitId = string;

export type UnitSignOffId = string;

export type Unit = { id: UnitId, award_type_id: AwardTypeId, 
/**
 * SQA's unit code, e.g. "HK9A 04".
 */
code: string, title: string, };

export type NewUnit = { code: string, title: string, };

export type UnitSignOff = { id: UnitSignOffId, participant_id: ParticipantId, unit_id: UnitId, assessor: string, signed_off_on: string, };

export type UnitProgress = { unit: Unit, sign_off: UnitSignOff | null, };

export type SvqProgress = { award_type_id: AwardTypeId, title: string, svq_level: number | null, awarding_body: string | null, units: Array<UnitProgress>, signed_off: number, total: number, };

export type QualificationId = string;

export type PeerRole = "peer_facilitator" | "recovery_champion";

export type QualificationDetails = { 
/**
 * What they may now deliver, e.g. "SMART Recovery".
 */
course: string, 
/**
 * What qualified them, e.g. "Training for Trainers".
 */
training: string, qualified_on: string, };

export type Qualification = { id: QualificationId, facilitator_id: FacilitatorId, 
/**
 * What they may now deliver, e.g. "SMART Recovery".
 */
course: string, 
/**
 * What qualified them, e.g. "Training for Trainers".
 */
training: string, qualified_on: string, };

export type LedSession = { session_id: SessionId, group_id: GroupId, group_name: string, group_kind: GroupKind, held_on: string, };

export type PeerRecord = { 
/**
 * The facilitator linked to the person's record (its `peer_role` is set).
 */
facilitator: Facilitator, role: PeerRole, since: string, 
/**
 * Whether the person chose to have the sessions they led on their recovery passport.
 */
on_passport: boolean, qualifications: Array<Qualification>, 
/**
 * The groups they are one of the facilitators of now.
 */
groups: Array<string>, 
/**
 * Held sessions they facilitated, oldest first.
 */
sessions_led: Array<LedSession>, };

export type PassportLed = { group: string, sessions: number, first: string, last: string, };

export type PassportPeer = { role: PeerRole, since: string, qualifications: Array<QualificationDetails>, led: Array<PassportLed>, };

export type PeerFigures = { sessions_led: number, peers_who_led: number, newly_qualified: number, };

export type CompletionStatus = "completed" | "on_track" | "cannot_complete";

export type CompletionProgress = { status: CompletionStatus, attended: number, 
/**
 * Sessions the person must attend, after any excused absences.
 */
needed: number, 
/**
 * Planned sessions not yet held (neither held nor cancelled) that the person can still attend.
 */
remaining: number, };

export type DueLine = { participant: Participant, enrolment: Enrolment, progress: CompletionProgress, 
/**
 * The award already issued for this cohort, if any.
 */
award: Award | null, };

export type PrintProgress = { done: number, total: number, };

export type Printed = { certificates: number, files: Array<string>, bytes: number, };

export type Count<T> = { what: T, count: number, };

export type MonthFigures = { 
/**
 * Every session dated in the month: held, cancelled, and any still not recorded.
 */
sessions_planned: number, sessions_held: number, sessions_cancelled: number, 
/**
 * Sessions in the month with neither a register nor a cancellation.
 */
sessions_not_recorded: number, cancellations: Array<Count<CancellationReason>>, 
/**
 * Expected places and how each went, at held sessions (the core's definitions).
 */
counts: AttendanceCounts, 
/**
 * Different people who attended at least once (drop-ins among them).
 */
unique_people: number, 
/**
 * Attendances by people who came without being on the roster that day: named, counted in
 * attendances, never in places expected or the rate.
 */
drop_in_attendances: number, 
/**
 * People present whom nobody named (a session's headcount), and visitors from outside.
 */
unnamed_attendances: number, visitors: number, new_enrolments: number, leavers: Array<Count<LeavingReason>>, 
/**
 * Enrolments that ended "completed" in the month.
 */
completions: number, certificates_issued: number, absences: Array<Count<AbsenceReason>>, };

export type GroupMonth = { group_id: GroupId, group_name: string, establishment_code: string, kind: GroupKind, figures: MonthFigures, 
/**
 * The same group's previous month (all zero if it did not run).
 */
previous: MonthFigures, };

export type EventMonth = { session_id: SessionId, establishment_code: string, kind: EventKind, title: string, held_on: string, place: string | null, status: SessionStatus, named: number, unnamed: number, visitors: number, };

export type EventTotals = { events: number, named: number, unnamed: number, visitors: number, };

export type WeekFigures = { week_starting: string, sessions_held: number, attendances: number, };

export type MonthlyReport = { 
/**
 * "2026-10".
 */
month: string, 
/**
 * "October 2026".
 */
month_label: string, establishments: Array<Establishment>, totals: MonthFigures, previous_totals: MonthFigures, 
/**
 * Groups with anything to report this month or last, by establishment then name.
 */
groups: Array<GroupMonth>, weeks: Array<WeekFigures>, 
/**
 * One-off events in the month, by date: a section of their own, not in the groups' figures
 * or the totals above.
 */
events: Array<EventMonth>, 
/**
 * Different named people at the month's events (one person at two events counts once).
 */
event_people: number, 
/**
 * Liberations, referrals and continuity of care: about people, so for the report as a
 * whole, not per group. Outcomes as known on the day the report is made.
 */
liberation: LiberationFigures, previous_liberation: LiberationFigures, 
/**
 * Referrals into the service and waiting times: about people, so for the report as a whole.
 */
waiting: WaitingFigures, previous_waiting: WaitingFigures, 
/**
 * Recovery capital (BARC-10): who was assessed, and the median change; never a score.
 */
capital: CapitalFigures, previous_capital: CapitalFigures, 
/**
 * Peer facilitators and recovery champions who led sessions.
 */
peers: PeerFigures, previous_peers: PeerFigures, 
/**
 * The period as a column heading ("Oct 2026", "Jul–Sep 2026"), and the period compared
 * with, in words and as a heading; empty in a report made before periods (then `month`
 * says which month, and the month before is compared).
 */
short_label: string, previous_label: string, previous_short_label: string, 
/**
 * The audit trail's head when the report was made, printed in its footer: an anchor kept
 * on paper, outside the database (`audit check --anchor`).
 */
audit_head: AuditAnchor | null, };

export type ReportLine = { 
/**
 * Named attendances: the expected who came, and the drop-ins.
 */
attended: number, leavers: number, rate: string, rate_when_able: string, lost_to_regime: string, 
/**
 * "+3", "-2", "0": attendances against the previous month.
 */
change: string, };

export type MonthlyReportPage = { report: MonthlyReport, totals: ReportLine, previous: ReportLine, 
/**
 * One per `report.groups`, in the same order.
 */
groups: Array<ReportLine>, 
/**
 * Continuity of care this month and the month before, as the core rounds it ("87.5%", or
 * "–" while nobody's three weeks are over).
 */
continuity_rate: string, previous_continuity_rate: string, 
/**
 * Started within three weeks of referral, this month and the month before ("75%", or "–"
 * when nobody started), and the median days waited ("12.5", or "–").
 */
within_standard: string, previous_within_standard: string, median_wait: string, previous_median_wait: string, 
/**
 * The month's events added up (`MonthlyReport::event_totals`).
 */
event_totals: EventTotals, 
/**
 * Nothing happened in the period (`MonthlyReport::is_empty`): the screen says so as the
 * PDF does.
 */
empty: boolean, };

export type Exported = { files: Array<string>, };

export type AppInfo = { version: string, database: string, };

export type Figures = { counts: AttendanceCounts, attended: number, rate: string, rate_when_able: string, };

export type GroupFigures = { group_id: GroupId, group_name: string, figures: Figures, };

export type ParticipantPage = { participant: Participant, enrolments: Array<EnrolmentLine>, attendance: Array<GroupFigures>, 
/**
 * One-off events the person came to, newest first.
 */
events: Array<Event>, 
/**
 * Certificates issued to the person, oldest first.
 */
awards: Array<AwardLine>, 
/**
 * Their history at other establishments, as transfer packs brought it (newest first):
 * read-only, not counted here.
 */
elsewhere: Array<History>, };

export type EnrolmentLine = { enrolment: Enrolment, group_name: string, };

export type RosterFigures = { participant: Participant, figures: Figures, };

export type GroupPage = { group: Group, 
/**
 * Everyone ever enrolled, current first.
 */
enrolments: Array<RosterLine>, attendance: Array<RosterFigures>, sessions: Array<SessionListing>, };

export type AwardLine = { award: Award, 
/**
 * The award type's title, e.g. "Recovery College graduation".
 */
title: string, };

export type Role = "administrator" | "caseworker" | "viewer";

export type StaffAccount = { id: StaffId, username: string, display_name: string, role: Role, disabled: boolean, };

export type KeyChanged = { 
/**
 * Accounts that can still log in (their slots got the new key).
 */
accounts_kept: number, 
/**
 * Slots left out: disabled accounts, and any slot from the first builds not yet updated.
 */
slots_removed: number, };

export type SignedIn = { staff_id: StaffId, username: string, display_name: string, role: Role, lock_minutes: number, 
/**
 * What the screen's idle timer counts down from: the lock minutes, or less in rehearsals
 * and tests (`rehearsal::lock_after`, which can only shorten it).
 */
lock_seconds: number, };

export type StartScreen = { set_up: boolean, problem: string | null, };

export type SetUpDone = { 
/**
 * Shown once, to be written down and kept in the safe.
 */
recovery_key: string, signed_in: SignedIn, };

export type Action = "set_up" | "log_in" | "log_in_failed" | "add_account" | "change_password" | "disable_account" | "enable_account" | "add_establishment" | "add_facilitator" | "add_person" | "edit_person" | "change_custody" | "view_person" | "add_group" | "edit_group" | "enrol" | "leave" | "add_sessions" | "cancel_session" | "reinstate_session" | "log_session" | "take_register" | "add_award_type" | "change_award_logo" | "issue_awards" | "print_awards" | "revoke_award" | "export_report" | "print_register_sheet" | "export_audit" | "back_up" | "restore" | "change_setting" | "demo_data" | "add_clearance" | "renew_clearance" | "edit_clearance" | "add_service" | "edit_service" | "import_services" | "edit_plan" | "record_consent" | "withdraw_consent" | "refer" | "update_referral" | "add_meeting" | "print_passport" | "import_sheet" | "export_person_record" | "erase_records" | "repair_audit_trail" | "change_database_key" | "add_drop_in" | "remove_drop_in" | "record_headcount" | "record_held_uncleared" | "print_unlock_lists" | "add_event" | "add_pc" | "join_team" | "send_changes" | "take_in_changes" | "resolve_conflict" | "retire_pc" | "make_card" | "add_card" | "send_figures" | "take_in_figures" | "make_transfer_pack" | "take_in_transfer_pack" | "add_programme" | "refer_in" | "update_referral_in" | "allocate_cohort" | "record_capital" | "edit_award_type" | "add_signature_image" | "add_unit" | "sign_off_unit" | "set_candidate_number" | "print_unit_record" | "add_peer_role" | "change_peer_role" | "record_qualification";

export type AuditEntry = { seq: number, 
/**
 * UTC, RFC 3339, as stored.
 */
at: string, 
/**
 * The same moment in London time, to the second: "16/11/2026 09:05:07".
 */
at_london: string, staff_id: StaffId | null, 
/**
 * "agrant (Alex Grant)", or "" for the app itself or an unknown name at log-in.
 */
staff: string, workstation: string, action: Action, description: string, record_kind: string | null, record_id: string | null, detail: string | null, };

export type AuditFilter = { 
/**
 * London dates, inclusive.
 */
from: string | null, to: string | null, staff_id: StaffId | null, action: Action | null, 
/**
 * A record's identifier: everything done to one person, group or session.
 */
record_id: string | null, 
/**
 * Newest first; at most this many (default 500).
 */
limit: number | null, };

export type AuditCheck = { entries: number, 
/**
 * The first row that does not match the chain, and why; `None` when the trail is whole.
 */
broken_at: number | null, problem: string | null, 
/**
 * The anchor the trail was compared with, in words ("the anchor in the backup of 16/11/2026 10:02").
 */
anchor: string | null, 
/**
 * The outcome as one sentence, for the screen and the command line.
 */
sentence: string, };

export type AuditAnchor = { seq: number, 
/**
 * The entry's SHA-256 (64 hex digits), or its first 16 or more as printed on a return.
 */
hash: string, };

export type Backup = { path: string, bytes: number, sha256: string, };

export type BackupFile = { name: string, day: string, bytes: number, };

export type ClearanceId = string;

export type ClearanceKind = "enhanced_vetting" | "standard_plus_completed" | "standard_plus_licence" | "photo_card" | "other";

export type ClearanceStatus = "applied" | "in_progress" | "granted" | "refused" | "appealed" | "expired" | "withdrawn";

export type ClearanceDetails = { kind: ClearanceKind, status: ClearanceStatus, applied_on: string | null, granted_on: string | null, expires_on: string | null, reference: string | null, notes: string | null, };

export type Clearance = { id: ClearanceId, facilitator_id: FacilitatorId, establishment_id: EstablishmentId, 
/**
 * The clearance this one renews, if it is a renewal.
 */
renews: ClearanceId | null, kind: ClearanceKind, status: ClearanceStatus, applied_on: string | null, granted_on: string | null, expires_on: string | null, reference: string | null, notes: string | null, };

export type ClearanceLine = { clearance: Clearance, facilitator_name: string, facilitator_kind: FacilitatorKind, establishment_code: string, 
/**
 * The clearance that renews this one, if any.
 */
renewed_by: ClearanceId | null, 
/**
 * What the table says under the expiry date today ("37 days left", "expired 14 days ago"),
 * as `rules::clearance::expiry_note` decides; `None` when there is nothing to say.
 */
expiry_note: string | null, 
/**
 * How long an undecided application has waited ("107 days ago"), as
 * `rules::clearance::waiting_note` says; `None` once decided.
 */
waiting_note: string | null, };

export type ClearanceWarnings = { within_days: number, 
/**
 * What needs chasing in a sentence (`rules::clearance::warning_sentence`), or nothing.
 */
sentence: string | null, 
/**
 * Granted, expiring within `within_days`, and not yet renewed by a granted clearance.
 */
expiring: Array<ClearanceLine>, 
/**
 * Expired and not renewed.
 */
lapsed: Array<ClearanceLine>, 
/**
 * Applied (or appealed) longer ago than the waiting limit and still undecided.
 */
waiting: Array<ClearanceLine>, };

export type UnclearedSession = { session_id: SessionId, held_on: string, group_name: string, held: HeldUncleared, };

export type ClearanceReport = { establishment: Establishment, today: string, within_days: number, 
/**
 * Clearances that let someone in today, by name.
 */
cleared: Array<ClearanceLine>, 
/**
 * Of those, the ones running out within `within_days` and not yet renewed, soonest first.
 */
expiring: Array<ClearanceLine>, 
/**
 * Expired and not renewed.
 */
lapsed: Array<ClearanceLine>, 
/**
 * Refused or withdrawn, in the last twelve months.
 */
refused: Array<ClearanceLine>, 
/**
 * Applied for, in progress or under appeal.
 */
waiting: Array<ClearanceLine>, 
/**
 * Sessions held without a cleared facilitator in the last twelve months, newest first.
 */
held_uncleared: Array<UnclearedSession>, };

export type ClearanceSettings = { warning_days: number, validity: Array<KindValidity>, };

export type KindValidity = { kind: ClearanceKind, 
/**
 * Months from the grant; `null`: no fixed length (the expiry date is typed in).
 */
months: number | null, };

export type ServiceId = string;

export type ConsentId = string;

export type ReferralId = string;

export type MeetingId = string;

export type ServiceKind = "recovery_hub" | "lived_experience" | "recovery_cafe" | "mutual_aid" | "residential_rehab" | "other";

export type ReferralStatus = "referred" | "accepted" | "first_contact" | "engaged" | "declined" | "lost_contact";

export type MeetingKind = "before_liberation" | "home_leave" | "after_liberation";

export type ServiceDetails = { name: string, kind: ServiceKind | null, 
/**
 * The town or council area it serves ("Dundee", "Perth and Kinross").
 */
area: string, address: string | null, phone: string | null, email: string | null, website: string | null, 
/**
 * When it meets or opens, as the service says it ("Tuesdays 7–8.30pm").
 */
meeting_times: string | null, notes: string | null, active: boolean, };

export type CommunityService = { id: ServiceId, name: string, kind: ServiceKind, area: string, address: string | null, phone: string | null, email: string | null, website: string | null, meeting_times: string | null, notes: string | null, active: boolean, 
/**
 * The area as areas are matched: case, accents and spacing aside ("perth and kinross"), so
 * the screens group and compare areas without folding text themselves.
 */
area_key: string, };

export type PlanDetails = { expected_liberation: string | null, home_area: string | null, };

export type ConsentDetails = { given_on: string, 
/**
 * What may be shared, in the person's words ("name, release date and phone number").
 */
scope: string, services: Array<ServiceId>, };

export type Consent = { id: ConsentId, participant_id: ParticipantId, given_on: string, scope: string, services: Array<ServiceId>, 
/**
 * The codes of the establishments the person's record may go to on transfer.
 */
establishments: Array<string>, withdrawn_on: string | null, };

export type ReferralDetails = { service_id: ServiceId, referred_on: string, 
/**
 * The person's details were passed to the service (not just its details to the person):
 * needs consent naming the service, in force that day.
 */
details_shared: boolean, notes: string | null, };

export type ReferralStep = { status: ReferralStatus, on: string, };

export type Referral = { id: ReferralId, participant_id: ParticipantId, service_id: ServiceId, referred_on: string, details_shared: boolean, consent_id: ConsentId | null, notes: string | null, 
/**
 * Oldest first; the first is "referred" on the referral date.
 */
steps: Array<ReferralStep>, };

export type MeetingDetails = { held_on: string, kind: MeetingKind, 
/**
 * Someone from this service came (an in-reach visit, a meeting at the gate).
 */
service_id: ServiceId | null, notes: string | null, };

export type Meeting = { id: MeetingId, participant_id: ParticipantId, held_on: string, kind: MeetingKind, 
/**
 * Someone from this service came (an in-reach visit, a meeting at the gate).
 */
service_id: ServiceId | null, notes: string | null, };

export type ReferralLine = { referral: Referral, service: CommunityService, 
/**
 * Where it stands: its latest step (`Referral::status`).
 */
status: ReferralStatus, 
/**
 * The steps it may move on to, as the update form offers them (`rules::liberation::next_statuses`).
 */
next_statuses: Array<ReferralStatus>, };

export type LiberationPlan = { participant: Participant, home_area: string | null, 
/**
 * The home area as areas are matched (`area_key`): services with this key serve it.
 */
home_area_key: string | null, 
/**
 * Newest first.
 */
consents: Array<Consent>, 
/**
 * The consents in force today (`Consent::in_force`): the screen shows which, without
 * working it out again.
 */
consents_in_force: Array<ConsentId>, 
/**
 * Newest first.
 */
referrals: Array<ReferralLine>, 
/**
 * Newest first.
 */
meetings: Array<Meeting>, 
/**
 * While in custody with an expected date.
 */
countdown: Countdown | null, 
/**
 * The latest liberation, if the person has been liberated.
 */
liberated_on: string | null, 
/**
 * How the latest liberation went (engaged within three weeks, still open, not engaged).
 */
outcome: Outcome | null, };

export type LiberationDue = { participant: Participant, home_area: string | null, countdown: Countdown, };

export type FollowUp = { participant: Participant, home_area: string | null, 
/**
 * Liberated or transferred, and since when.
 */
status: CustodyStatus, since: string, 
/**
 * Continuity of care, for a liberation (a transfer has none: the plan goes with them).
 */
outcome: Outcome | null, referrals: Array<ReferralLine>, };

export type LiberationFigures = { 
/**
 * Liberations in the month.
 */
liberations: number, 
/**
 * Of them, people with at least one referral made before the day.
 */
liberated_with_referral: number, referrals_made: number, 
/**
 * Continuity of care for the month's liberations.
 */
continuity: Continuity, };

export type Task = "home_area" | "consent" | "referral" | "meeting";

export type TaskDue = { task: Task, due_on: string, 
/**
 * Days from today to the due date; negative when overdue.
 */
days_left: bigint, 
/**
 * What is missing: "No referral".
 */
missing: string, 
/**
 * What to do and when: "Refer to a service near home by 26/11/2026 (in 3 days)", or
 * "...: overdue since 16/11/2026 (7 days ago)".
 */
words: string, };

export type Countdown = { expected_liberation: string, 
/**
 * Days from today; negative when the date has passed and the person is still recorded in
 * custody.
 */
days_to_go: bigint, 
/**
 * "in 5 weeks 2 days", "tomorrow", "today", "3 days ago".
 */
to_go_words: string, 
/**
 * Missing things, the most pressing first.
 */
tasks: Array<TaskDue>, };

export type Outcome = { "outcome": "engaged", on: string, } | { "outcome": "open", until: string, } | { "outcome": "not_engaged", ended: string, };

export type Continuity = { liberated: number, engaged: number, not_engaged: number, 
/**
 * Still within their three weeks and not yet engaged: left out of the rate until known.
 */
still_open: number, };

export type RowProblem = { 
/**
 * The spreadsheet's row number (the header is row 1).
 */
row: number, column: string, problem: string, };

export type PassportGroup = { 
/**
 * The group's name when the prison is named; otherwise what it is ("SMART Recovery"), as
 * group names often name halls. Programmes keep their title (the course is the point).
 */
name: string, sessions_attended: number, first: string, last: string, 
/**
 * Completed (a programme's completion rule met).
 */
completed: boolean, };

export type PassportAward = { title: string, awarded_on: string, 
/**
 * The certificate number, which an employer or college can check.
 */
number: string, };

export type PassportService = { service: CommunityService, referred_on: string, status: ReferralStatus, };

export type PassportCapital = { first_on: string, first_total: number, latest_on: string, latest_total: number, };

export type Passport = { 
/**
 * As the person is called: given and family name.
 */
name: string, home_area: string | null, 
/**
 * The prison's name, only when the caseworker chose to show it.
 */
establishment: string | null, prepared_on: string, groups: Array<PassportGroup>, awards: Array<PassportAward>, 
/**
 * Services referred to (not those that declined), most recent first, each once.
 */
services: Array<PassportService>, 
/**
 * Their recovery capital (BARC-10) from the first assessment to the latest, only when they
 * chose to have it on the passport (at the latest).
 */
capital: PassportCapital | null, 
/**
 * The sessions they led as a peer, only when they chose to have them on the passport.
 */
peer: PassportPeer | null, };

export type ImportKind = "people" | "groups" | "rosters" | "registers" | "services";

export type ImportField = { key: string, label: string, required: boolean, };

export type ImportColumn = { letter: string, header: string, field: string | null, samples: Array<string>, };

export type RowChange = { row: number, 
/**
 * Who or what the row is about, as the file names it ("A1234BC", "Tuesday SMART").
 */
record: string, 
/**
 * "Hall or wing: A Hall → B Hall", one per changed field.
 */
changes: Array<string>, };

export type ImportPreview = { kind: ImportKind, columns: Array<ImportColumn>, fields: Array<ImportField>, 
/**
 * Required fields that no column is mapped to.
 */
missing: Array<string>, 
/**
 * Rows read (blank rows aside).
 */
rows: number, added: number, updated: number, unchanged: number, changes: Array<RowChange>, problems: Array<RowProblem>, 
/**
 * Things the person should know that are not problems ("3 absences without a reason will
 * be recorded as 'Other'").
 */
notes: Array<string>, saved: boolean, };

export type SheetFile = { 
/**
 * The token that names the chosen file when it is read again.
 */
file: string, 
/**
 * The file's name, for the screen.
 */
name: string, preview: ImportPreview, };

export type HeldDetails = { id: ParticipantId, given_name: string, family_name: string, 
/**
 * How certificates and passports print the name, where it is not given then family name.
 */
printed_name: string | null, 
/**
 * The number SQA knows them by, for SVQ units.
 */
sqa_candidate_number: string | null, prison_number: string | null, date_of_birth: string | null, kind: ParticipantKind, establishment: string, establishment_code: string, 
/**
 * Hall or wing.
 */
location: string | null, status: CustodyStatus | null, status_since: string | null, expected_liberation: string | null, created_at: string, updated_at: string, };

export type HeldCustodyChange = { status: CustodyStatus, effective_on: string, recorded_at: string, 
/**
 * The member of staff's name as the app knows it.
 */
recorded_by: string, };

export type HeldEnrolment = { id: EnrolmentId, group: string, group_kind: GroupKind, enrolled_on: string, 
/**
 * The first day off the roster.
 */
left_on: string | null, leaving_reason: LeavingReason | null, leaving_note: string | null, };

export type HeldAttendance = { held_on: string, group: string, mark: MarkKind, absence_reason: AbsenceReason | null, note: string | null, recorded_at: string, recorded_by: string, 
/**
 * Another version of this mark, made on another PC of the team, waiting for someone to
 * choose between the two: held about the person all the same, so it is in their record.
 */
waiting_choice: boolean, };

export type HeldPrint = { printed_at: string, printed_by: string, 
/**
 * Why it was printed again; none for the first print.
 */
reprint_reason: string | null, };

export type HeldAward = { id: AwardId, title: string, 
/**
 * The certificate number, e.g. PER-2026-0042.
 */
number: string, awarded_on: string, name_on_certificate: string, verification_code: string, 
/**
 * The group (cohort) it was for, if any.
 */
group: string | null, issued_at: string, issued_by: string, revoked_on: string | null, revocation_reason: string | null, revoked_by: string | null, 
/**
 * Each time the certificate was printed.
 */
prints: Array<HeldPrint>, };

export type HeldPlan = { home_area: string | null, created_at: string, updated_at: string, };

export type HeldConsent = { id: ConsentId, given_on: string, 
/**
 * What may be shared, in the person's words.
 */
scope: string, 
/**
 * The services it names.
 */
services: Array<string>, 
/**
 * The establishments their record may go to on transfer: "HMP Low Moss (LMS)".
 */
establishments: Array<string>, withdrawn_on: string | null, created_at: string, };

export type HeldReferralStep = { status: ReferralStatus, on: string, recorded_at: string, recorded_by: string, };

export type HeldReferral = { id: ReferralId, service: string, service_area: string, referred_on: string, 
/**
 * The person's details were passed to the service.
 */
details_shared: boolean, 
/**
 * The consent it was shared under, by the day it was given.
 */
consent_given_on: string | null, notes: string | null, steps: Array<HeldReferralStep>, };

export type HeldMeeting = { id: MeetingId, held_on: string, kind: MeetingKind, 
/**
 * Someone from this service was there.
 */
service: string | null, notes: string | null, created_at: string, };

export type HeldTransfer = { 
/**
 * Made here and sent, or taken in here.
 */
sent: boolean, 
/**
 * "HMP Low Moss (LMS)": where it went, or where it came from.
 */
establishment: string, 
/**
 * When the pack was made.
 */
made_at: string, };

export type HeldAuditEntry = { 
/**
 * UTC, RFC 3339.
 */
at: string, 
/**
 * The member of staff's name, or "Recovery Register" for the app itself.
 */
who: string, action: Action, 
/**
 * What was done, in words.
 */
description: string, 
/**
 * Which PC.
 */
workstation: string, record_kind: string | null, record_id: string | null, 
/**
 * Counts and identifiers only, never names or notes.
 */
detail: string | null, 
/**
 * Which of the person's records it was, in words, when the entry names one: the group of
 * an enrolment, an award's title and number, the service of a referral.
 */
about: string | null, };

export type PersonRecord = { 
/**
 * 1: the shape described here.
 */
format_version: number, 
/**
 * The version of Recovery Register that prepared it.
 */
app_version: string, prepared_on: string, details: HeldDetails, 
/**
 * Custody history: each change of status, with its date.
 */
custody: Array<HeldCustodyChange>, enrolments: Array<HeldEnrolment>, 
/**
 * Every mark on a register, by date.
 */
attendance: Array<HeldAttendance>, awards: Array<HeldAward>, 
/**
 * Only once a plan was started (people in custody).
 */
liberation_plan: HeldPlan | null, consents: Array<HeldConsent>, referrals: Array<HeldReferral>, meetings: Array<HeldMeeting>, 
/**
 * Transfer packs made for the person here and taken in here, oldest first.
 */
transfers: Array<HeldTransfer>, 
/**
 * The history packs brought from other establishments, as shown on their page.
 */
history_elsewhere: Array<History>, 
/**
 * The ids the person had at the establishments those packs came from (random ids, kept so a
 * later pack finds them).
 */
ids_elsewhere: Array<ParticipantId>, 
/**
 * Referrals into the service, newest first: who referred, for what, how the wait ended,
 * and any reason they were passed over on a waiting list.
 */
referrals_in: Array<ReferralInLine>, 
/**
 * BARC-10 assessments, oldest first, with every score (the person's own answers).
 */
recovery_capital: Array<CapitalAssessment>, 
/**
 * SVQ units signed off, by qualification.
 */
svq_units: Array<SvqProgress>, 
/**
 * Their peer role, what they are qualified to deliver, and every session they led.
 */
peer: PeerRecord | null, 
/**
 * Who opened, changed or exported the record, when and on which PC.
 */
audit: Array<HeldAuditEntry>, };

export type PersonAuditLine = { at_london: string, 
/**
 * UTC, RFC 3339.
 */
at: string, 
/**
 * The member of staff's name, or "Recovery Register" for the app itself.
 */
who: string, action: Action, 
/**
 * What was done, in words.
 */
description: string, 
/**
 * Which PC.
 */
workstation: string, record_kind: string | null, record_id: string | null, 
/**
 * Counts and identifiers only, never names or notes.
 */
detail: string | null, 
/**
 * Which of the person's records it was, in words, when the entry names one: the group of
 * an enrolment, an award's title and number, the service of a referral.
 */
about: string | null, };

export type FullRecordFiles = { pdf: string, json: string, };

export type RetentionPeriod = { 
/**
 * Years after liberation or transfer.
 */
years: number, default_years: number, 
/**
 * No administrator has chosen a period: the default is in force.
 */
is_default: boolean, 
/**
 * Today, people who left on or before this day are past the period.
 */
left_on_or_before: string, };

export type PastRetention = { participant_id: ParticipantId, given_name: string, family_name: string, prison_number: string, 
/**
 * The day they were liberated or transferred.
 */
left_on: string, 
/**
 * Liberated or transferred.
 */
how: CustodyStatus, establishment_code: string, establishment_name: string, enrolments: number, attendance_marks: number, awards: number, referrals: number, };

export type ErasureDone = { erased: number, participant_ids: Array<ParticipantId>, 
/**
 * The database file and its write-ahead log were rewritten afterwards, so no old copy of
 * an erased page survives in them. False when another program held the file open and the
 * log could not be emptied yet (it will be when that program closes it).
 */
file_wiped: boolean, };

export type TeamMember = { id: string, name: string, retired: boolean, 
/**
 * When it made the newest of its files taken in here (London time), if any was.
 */
last_changes: string | null, days_since_changes: number | null, 
/**
 * "Café PC: last changes 23 days ago", when it has been quiet for over `QUIET_DAYS`.
 */
warning: string | null, };

export type TeamStatus = { 
/**
 * None while this PC is on its own.
 */
this_pc: TeamMember | null, members: Array<TeamMember>, conflicts: number, 
/**
 * When changes from another PC were last taken in here (London time, as text).
 */
last_taken_in: string | null, 
/**
 * Stretches of the other PCs' audit trails that have not arrived.
 */
audit_gaps: Array<string>, };

export type NumberingPc = { establishment_id: EstablishmentId, establishment: string, pc_id: string | null, pc: string | null, };

export type TeamPage = { status: TeamStatus, numbering: Array<NumberingPc>, };

export type MarkVersion = { mark: string, reason: string | null, note: string | null, recorded_by: string, recorded_at: string, pc: string, };

export type MarkConflict = { session_id: SessionId, participant_id: ParticipantId, person: string, group: string, held_on: string, kept: MarkVersion, other: MarkVersion, };

export type ConflictChoice = "kept" | "other";

export type TakenInFrom = { pc: string, rows: number, };

export type TakenIn = { 
/**
 * The PC that made the file.
 */
sender: string, 
/**
 * Rows that changed here, by the PC where each change was made.
 */
from: Array<TakenInFrom>, changed: number, 
/**
 * Rows this PC already held as they are, or held a later version of.
 */
unchanged: number, 
/**
 * Marks made on two PCs without sight of each other, now waiting for a person to choose.
 */
conflicts: number, 
/**
 * Records made on two PCs for one thing (a person with the same prison number), now one.
 */
merged: number, 
/**
 * People erased on another PC, erased here too.
 */
erased: number, 
/**
 * Entries of the other PCs' audit trails new to this PC.
 */
audit_entries: number, };

export type ChangeFilePreview = { 
/**
 * The token that names the chosen file when it is taken in.
 */
file: string, name: string, preview: TakenIn, };

export type SentChanges = { rows: number, bytes: number, };

export type JoiningFile = { 
/**
 * Shown on screen to be typed on the new PC; not kept anywhere.
 */
passphrase: string, pc_name: string, bytes: number, };

export type ChosenJoiningFile = { file: string, name: string, };

export type CardKind = "establishment" | "national_office";

export type CardLine = { code: string, name: string, kind: CardKind, 
/**
 * "Establishment" or "National office", as the page says it.
 */
kind_label: string, fingerprint: string, 
/**
 * This install's own card (others' are cards it was given).
 */
own: boolean, };

export type ChosenCard = { file: string, card: CardLine, };

export type FiguresTakenIn = { code: string, month: string, 
/**
 * It replaced figures sent before for the same month.
 */
replaced: boolean, 
/**
 * An older file than the one held: nothing changed.
 */
older: boolean, };

export type NationalReportPage = { page: MonthlyReportPage, 
/**
 * "HMP Castle Huntly (CHU)": not sent, so not counted.
 */
missing: Array<string>, };

export type FiguresSent = { file: string, 
/**
 * "HMP Perth's figures for October 2026".
 */
what: string, };

export type NationalDocument = { "kind": "month", month: string | null, suppress_small: boolean, } | { "kind": "year", year: number, suppress_small: boolean, } | { "kind": "data_set" };

export type TransferId = string;

export type HistoryGroup = { name: string, kind: GroupKind, first: string, last: string, sessions_attended: number, completed: boolean, };

export type HistoryAward = { number: string, verification_code: string, title: string, awarded_on: string, name_on_certificate: string, revoked_on: string | null, };

export type HistoryConsent = { given_on: string, scope: string, 
/**
 * The services and establishments it named.
 */
shared_with: Array<string>, withdrawn_on: string | null, };

export type HistoryReferral = { service: string, area: string, referred_on: string, status: ReferralStatus, };

export type HistoryUnit = { code: string, title: string, assessor: string, signed_off_on: string, };

export type HistorySvq = { title: string, svq_level: number | null, 
/**
 * The qualification's units there, signed off or not.
 */
units_total: number, 
/**
 * The units signed off, oldest first.
 */
units: Array<HistoryUnit>, };

export type History = { code: string, name: string, 
/**
 * The day the pack was made there: the history runs to it.
 */
up_to: string, groups: Array<HistoryGroup>, awards: Array<HistoryAward>, home_area: string | null, consents: Array<HistoryConsent>, referrals: Array<HistoryReferral>, 
/**
 * SVQ units signed off there, by qualification, so a candidate carries on where they left
 * off. Packs made before units were kept have none (so do the fields below).
 */
svq: Array<HistorySvq>, 
/**
 * Their SQA candidate number as held there.
 */
sqa_candidate_number: string | null, 
/**
 * Their peer role there: what they were qualified to deliver and the sessions they led.
 */
peer: PassportPeer | null, };

export type TransferTo = { 
/**
 * The receiving establishment's code, whose card this install holds.
 */
to: string, 
/**
 * The day the person consented to their record going there, when it is recorded now; none
 * when a consent naming the establishment is already recorded.
 */
consent_given_on: string | null, };

export type TransferMade = { id: TransferId, participant_id: ParticipantId, to: string, to_name: string, consent_id: ConsentId, 
/**
 * Groups, awards and earlier establishments the pack carries.
 */
groups: number, awards: number, earlier: number, };

export type TransferTakenIn = { participant_id: ParticipantId, 
/**
 * "Łukasz Żółć".
 */
name: string, 
/**
 * "HMP Barlinnie (BAR)".
 */
from: string, 
/**
 * The person was added here (not matched to someone already here).
 */
added: boolean, 
/**
 * The pack had been taken in before: nothing changed.
 */
already: boolean, };

export type ProgrammeId = string;

export type ReferralInId = string;

export type ReferralSource = "self_referral" | "healthcare" | "hall_staff" | "court" | "another_prison" | "community";

export type ReferralWants = "group" | "programme" | "one_to_one";

export type ReferralOutcome = "started" | "declined" | "not_suitable" | "liberated_first";

export type ReferralInDetails = { source: ReferralSource, referred_on: string, wants: ReferralWants, 
/**
 * For a group: which one.
 */
group_id: GroupId | null, 
/**
 * For a programme: whose waiting list the person joins.
 */
programme_id: ProgrammeId | null, };

export type ReferralIn = { id: ReferralInId, participant_id: ParticipantId, first_contact_on: string | null, outcome: ReferralOutcome | null, outcome_on: string | null, 
/**
 * The cohort a programme referral was allocated to.
 */
cohort_id: GroupId | null, source: ReferralSource, referred_on: string, wants: ReferralWants, 
/**
 * For a group: which one.
 */
group_id: GroupId | null, 
/**
 * For a programme: whose waiting list the person joins.
 */
programme_id: ProgrammeId | null, };

export type Programme = { id: ProgrammeId, establishment_id: EstablishmentId, name: string, };

export type PeriodKind = "month" | "quarter" | "financial_year" | "year" | "range";

export type Period = { kind: PeriodKind, 
/**
 * The first day.
 */
from: string, 
/**
 * The last day (included).
 */
to: string, 
/**
 * "2026-10", "2026-Q3", "2026-27", "2026", "2026-07-01..2026-08-15": what `parse` reads.
 */
code: string, 
/**
 * "October 2026", "July to September 2026", "April 2026 to March 2027", "2026",
 * "01/07/2026 to 15/08/2026".
 */
label: string, 
/**
 * For a column heading: "Oct 2026", "Jul–Sep 2026", "2026-27", "2026", "01/07–15/08/2026".
 */
short: string, };

export type TemplateColumn = { 
/**
 * One of the return's columns (`reports::csv::HEADER`), as its heading reads.
 */
figure: string, 
/**
 * The heading it goes under; the return's own when empty.
 */
heading: string, };

export type ColumnTemplate = { 
/**
 * "Tayside ADP quarterly".
 */
name: string, columns: Array<TemplateColumn>, };

export type CapitalId = string;

export type CapitalStage = "start" | "review" | "before_liberation";

export type CapitalDetails = { taken_on: string, stage: CapitalStage, 
/**
 * The ten scores, 1 to 6, in the statements' order.
 */
scores: Array<number>, 
/**
 * The person agreed to it being recorded: nothing is kept without.
 */
consent: boolean, 
/**
 * The person chose to have the change shown on their recovery passport.
 */
on_passport: boolean, };

export type CapitalAssessment = { id: CapitalId, participant_id: ParticipantId, 
/**
 * 10 to 60.
 */
total: number, taken_on: string, stage: CapitalStage, 
/**
 * The ten scores, 1 to 6, in the statements' order.
 */
scores: Array<number>, 
/**
 * The person agreed to it being recorded: nothing is kept without.
 */
consent: boolean, 
/**
 * The person chose to have the change shown on their recovery passport.
 */
on_passport: boolean, };

export type CapitalFigures = { 
/**
 * Different people assessed in the period.
 */
assessed: number, 
/**
 * Of them, people reassessed (a review or before liberation) with an earlier assessment to
 * compare with.
 */
reassessed: number, 
/**
 * The median change in total (latest in the period less the first ever), for those
 * reassessed; none when nobody was.
 */
median_change: string | null, };

export type Skip = { referral_in_id: ReferralInId, cohort_name: string, skipped_on: string, reason: string, };

export type ReferralInLine = { referral: ReferralIn, 
/**
 * The group, the programme or "One-to-one support".
 */
wants_label: string, cohort_name: string | null, 
/**
 * Days waited to start, or waiting so far (while open): to today.
 */
days: number, 
/**
 * Skipped at an allocation, newest first.
 */
skips: Array<Skip>, };

export type ProgrammeLine = { programme: Programme, establishment_code: string, waiting: number, 
/**
 * The longest wait so far, in days.
 */
longest_wait: number | null, };

export type WaitingLine = { referral: ReferralIn, participant: Participant, days_waiting: number, 
/**
 * Over three weeks already.
 */
over_standard: boolean, skips: Array<Skip>, };

export type WaitingList = { programme: Programme, lines: Array<WaitingLine>, 
/**
 * Structured programmes of the establishment still running or to come.
 */
cohorts: Array<Group>, };

export type SkipReason = { referral_in_id: ReferralInId, reason: string, };

export type Allocation = { cohort_id: GroupId, 
/**
 * The day they join the cohort's roster, and their wait ends.
 */
on: string, take: Array<ReferralInId>, skip: Array<SkipReason>, };

export type Allocated = { programme_id: ProgrammeId, cohort: Group, enrolments: Array<Enrolment>, skipped: number, };

export type SourceCount = { what: ReferralSource, count: number, };

export type WaitingFigures = { 
/**
 * Referrals received in the period.
 */
received: number, 
/**
 * Of them, by who referred, in the order sources are listed.
 */
by_source: Array<SourceCount>, 
/**
 * People who started in the period (their wait ended).
 */
started: number, 
/**
 * Of them, within three weeks of referral.
 */
started_within_standard: number, 
/**
 * `started_within_standard / started`; none when nobody started.
 */
within_standard: string | null, 
/**
 * The median days waited by those who started; none when nobody did.
 */
median_days_waited: string | null, 
/**
 * Referrals closed in the period without starting (declined, not suitable, liberated first).
 */
closed_without_starting: number, 
/**
 * Still waiting at the end of the period's last day.
 */
waiting_at_end: number, 
/**
 * Of them, waiting longer than three weeks by then.
 */
waiting_over_standard: number, };

export type CommandError = { code: string, message: string, };

// The vocabulary: labels and rules from the Rust definitions.

export const participantKindLabels: Record<ParticipantKind, string> = {
  in_custody: "Person in custody",
  staff: "Member of staff",
  volunteer: "Volunteer",
};

export const custodyStatusLabels: Record<CustodyStatus, string> = {
  in_custody: "In custody",
  liberated: "Liberated",
  transferred: "Transferred",
  home_leave: "On home leave",
};

export const leavingReasonLabels: Record<LeavingReason, string> = {
  completed: "Completed",
  liberated: "Liberated",
  transferred: "Transferred",
  withdrew: "Withdrew",
  removed: "Removed",
  other: "Other",
};

export const facilitatorKindLabels: Record<FacilitatorKind, string> = {
  staff: "Member of staff",
  volunteer: "External volunteer",
  peer: "Peer facilitator",
};

export const groupKindLabels: Record<GroupKind, string> = {
  aa: "Alcoholics Anonymous",
  na: "Narcotics Anonymous",
  ca: "Cocaine Anonymous",
  smart_recovery: "SMART Recovery",
  peer_led: "Peer-led group",
  recovery_cafe: "Recovery café",
  programme: "Structured programme",
  other: "Other group",
};

export const eventKindLabels: Record<EventKind, string> = {
  recovery_walk: "Recovery walk",
  family_day: "Family day",
  graduation_ceremony: "Graduation ceremony",
  awareness_session: "Recovery awareness session",
  other: "Other event",
};

export const sessionStatusLabels: Record<SessionStatus, string> = {
  planned: "Planned",
  held: "Held",
  cancelled: "Cancelled",
};

export const cancellationReasonLabels: Record<CancellationReason, string> = {
  lockdown: "Lockdown",
  staff_shortage: "Staff shortage",
  facilitator_not_cleared: "Facilitator not cleared",
  room_unavailable: "Room unavailable",
  other: "Other",
};

export const markKindLabels: Record<MarkKind, string> = {
  present: "Present",
  late: "Late",
  left_early: "Left early",
  absent: "Absent",
};

export const absenceCauseLabels: Record<AbsenceCause, string> = {
  person: "The person",
  regime: "The regime",
  appointment: "Another appointment",
};

export const absenceReasonLabels: Record<AbsenceReason, string> = {
  chose_not_to_attend: "Chose not to attend",
  refused: "Refused",
  unwell: "Unwell",
  not_unlocked: "Not unlocked",
  wing_lockdown: "Wing lockdown",
  no_escort: "No escort",
  staff_shortage: "Staff shortage",
  legal_visit: "Legal visit",
  healthcare: "Healthcare appointment",
  court: "Court",
  work: "Work",
  education: "Education",
  visit: "Family or social visit",
  other: "Other",
};

export const awardKindLabels: Record<AwardKind, string> = {
  recovery_college: "Recovery College graduation",
  programme_completion: "Programme completion",
  svq: "SVQ",
  custom: "Other award",
};

export const clearanceKindLabels: Record<ClearanceKind, string> = {
  enhanced_vetting: "Enhanced vetting",
  standard_plus_completed: "Standard Plus (completed sentences)",
  standard_plus_licence: "Standard Plus (on licence)",
  photo_card: "Photo-card access",
  other: "Other",
};

export const clearanceStatusLabels: Record<ClearanceStatus, string> = {
  applied: "Applied",
  in_progress: "In progress",
  granted: "Granted",
  refused: "Refused",
  appealed: "Appealed",
  expired: "Expired",
  withdrawn: "Withdrawn",
};

export const completionStatusLabels: Record<CompletionStatus, string> = {
  completed: "Completed",
  on_track: "On track",
  cannot_complete: "Can no longer complete",
};

export const serviceKindLabels: Record<ServiceKind, string> = {
  recovery_hub: "Recovery hub",
  lived_experience: "Lived-experience recovery organisation",
  recovery_cafe: "Recovery café",
  mutual_aid: "Mutual-aid meeting",
  residential_rehab: "Residential rehabilitation",
  other: "Other",
};

export const importKindLabels: Record<ImportKind, string> = {
  people: "People",
  groups: "Groups",
  rosters: "Rosters (who is in which group)",
  registers: "Past registers (attendance)",
  services: "Community services",
};

export const referralStatusLabels: Record<ReferralStatus, string> = {
  referred: "Referred",
  accepted: "Accepted",
  first_contact: "First contact",
  engaged: "Engaged",
  declined: "Declined",
  lost_contact: "Lost contact",
};

export const meetingKindLabels: Record<MeetingKind, string> = {
  before_liberation: "Before liberation",
  home_leave: "On home leave",
  after_liberation: "After liberation",
};

export const referralSourceLabels: Record<ReferralSource, string> = {
  self_referral: "Self-referral",
  healthcare: "Healthcare",
  hall_staff: "Hall staff",
  court: "Court",
  another_prison: "Another prison",
  community: "A service in the community",
};

export const referralWantsLabels: Record<ReferralWants, string> = {
  group: "A group",
  programme: "A programme",
  one_to_one: "One-to-one support",
};

export const referralOutcomeLabels: Record<ReferralOutcome, string> = {
  started: "Started",
  declined: "Declined",
  not_suitable: "Not suitable",
  liberated_first: "Liberated before starting",
};

export const periodKindLabels: Record<PeriodKind, string> = {
  month: "A month",
  quarter: "A quarter",
  financial_year: "A financial year (April to March)",
  year: "A calendar year",
  range: "From one date to another",
};

export const capitalStageLabels: Record<CapitalStage, string> = {
  start: "At the start",
  review: "At a review",
  before_liberation: "Before liberation",
};

export const peerRoleLabels: Record<PeerRole, string> = {
  peer_facilitator: "Peer facilitator",
  recovery_champion: "Recovery champion",
};

export const roleLabels: Record<Role, string> = {
  administrator: "Administrator",
  caseworker: "Caseworker",
  viewer: "Viewer",
};

export const absenceReasonCause: Record<AbsenceReason, AbsenceCause> = {
  chose_not_to_attend: "person",
  refused: "person",
  unwell: "person",
  not_unlocked: "regime",
  wing_lockdown: "regime",
  no_escort: "regime",
  staff_shortage: "regime",
  legal_visit: "appointment",
  healthcare: "appointment",
  court: "appointment",
  work: "appointment",
  education: "appointment",
  visit: "appointment",
  other: "person",
};

export const actionLabels: Record<Action, string> = {
  set_up: "Set up the database",
  log_in: "Logged in",
  log_in_failed: "Failed log-in",
  add_account: "Added a staff account",
  change_password: "Changed a password",
  disable_account: "Disabled an account",
  enable_account: "Enabled an account",
  add_establishment: "Added an establishment",
  add_facilitator: "Added a facilitator",
  add_person: "Added a person",
  edit_person: "Changed a person's details",
  change_custody: "Changed custody status",
  view_person: "Viewed a person's record",
  add_group: "Added a group",
  edit_group: "Changed a group",
  enrol: "Enrolled",
  leave: "Recorded leaving a group",
  add_sessions: "Added sessions",
  cancel_session: "Cancelled a session",
  reinstate_session: "Reinstated a session",
  log_session: "Logged a session",
  take_register: "Took a register",
  add_award_type: "Added an award type",
  change_award_logo: "Changed an award logo",
  issue_awards: "Issued awards",
  print_awards: "Printed certificates",
  revoke_award: "Revoked an award",
  export_report: "Exported a report",
  print_register_sheet: "Printed a paper register",
  export_audit: "Exported the audit trail",
  back_up: "Made a backup",
  restore: "Restored from a backup",
  change_setting: "Changed a setting",
  demo_data: "Generated demonstration data",
  add_clearance: "Added a clearance",
  renew_clearance: "Renewed a clearance",
  edit_clearance: "Changed a clearance",
  add_service: "Added a community service",
  edit_service: "Changed a community service",
  import_services: "Imported community services",
  edit_plan: "Changed a liberation plan",
  record_consent: "Recorded consent to share",
  withdraw_consent: "Recorded consent withdrawn",
  refer: "Made a referral",
  update_referral: "Updated a referral",
  add_meeting: "Recorded a liberation meeting",
  print_passport: "Printed a recovery passport",
  import_sheet: "Imported from a spreadsheet",
  export_person_record: "Exported a person's full record",
  erase_records: "Erased records past the retention period",
  repair_audit_trail: "Found the audit trail's protection removed, and put it back",
  change_database_key: "Changed the database key",
  add_drop_in: "Added a drop-in to a register",
  remove_drop_in: "Removed a drop-in from a register",
  record_headcount: "Recorded a session's headcount",
  record_held_uncleared: "Recorded a session held without a cleared facilitator",
  print_unlock_lists: "Printed unlock lists",
  add_event: "Added an event",
  add_pc: "Made a joining file for a PC",
  join_team: "Joined a team of PCs",
  send_changes: "Sent changes to the team",
  take_in_changes: "Took in changes from another PC",
  resolve_conflict: "Chose between two versions of a mark",
  retire_pc: "Retired a PC from the team",
  make_card: "Made a receiving card",
  add_card: "Added another install's receiving card",
  send_figures: "Sent monthly figures to the national office",
  take_in_figures: "Took in an establishment's monthly figures",
  make_transfer_pack: "Made a transfer pack",
  take_in_transfer_pack: "Took in a transfer pack",
  add_programme: "Added a programme",
  refer_in: "Recorded a referral into the service",
  update_referral_in: "Updated a referral into the service",
  allocate_cohort: "Allocated a cohort from a waiting list",
  record_capital: "Recorded a BARC-10 assessment",
  edit_award_type: "Edited an award type",
  add_signature_image: "Added a signature image",
  add_unit: "Added an SVQ unit",
  sign_off_unit: "Signed off an SVQ unit",
  set_candidate_number: "Recorded an SQA candidate number",
  print_unit_record: "Printed a record of SVQ units",
  add_peer_role: "Gave a person a peer role",
  change_peer_role: "Changed a peer role",
  record_qualification: "Recorded a qualification to deliver",
};

export const clearanceKinds: ClearanceKind[] = ["enhanced_vetting", "standard_plus_completed", "standard_plus_licence", "photo_card", "other"];

export const clearanceStatuses: ClearanceStatus[] = ["applied", "in_progress", "granted", "refused", "appealed", "expired", "withdrawn"];

export const pendingClearanceStatuses: ClearanceStatus[] = ["applied", "in_progress", "appealed"];

export const serviceKinds: ServiceKind[] = ["recovery_hub", "lived_experience", "recovery_cafe", "mutual_aid", "residential_rehab", "other"];

export const meetingKinds: MeetingKind[] = ["before_liberation", "home_leave", "after_liberation"];

export const referralSources: ReferralSource[] = ["self_referral", "healthcare", "hall_staff", "court", "another_prison", "community"];

export const referralOutcomes: ReferralOutcome[] = ["started", "declined", "not_suitable", "liberated_first"];

export const returnColumns: string[] = ["Establishment", "Group", "Kind", "Sessions planned", "Sessions held", "Sessions cancelled", "Sessions not recorded", "Attendances (named)", "Of which drop-ins", "Others present, not named", "Visitors from outside", "Different people", "Places expected", "Attendance rate (%)", "Rate when able to attend (%)", "Absent: the person", "Absent: the regime", "Absent: an appointment", "Expected attendances lost to the regime (%)", "New enrolments", "Leavers", "Programme completions", "Certificates issued", "Attendances last month", "Change in attendances", "Liberations", "Liberated with a referral", "Referrals made", "Engaged within 3 weeks of release", "Not engaged within 3 weeks", "Still within their 3 weeks", "Continuity of care (%)", "Referrals in received", "Started", "Started within 3 weeks", "Started within 3 weeks (%)", "Median days waited to start", "Waiting at the end", "Waiting over 3 weeks", "People assessed (BARC-10)", "Median change in BARC-10", "Sessions led by peers", "Peers who led", "Peers newly qualified to deliver"];

export const capitalStages: CapitalStage[] = ["start", "review", "before_liberation"];

export const peerRoles: PeerRole[] = ["peer_facilitator", "recovery_champion"];

/** The training a qualification to deliver usually follows. */
export const TRAINING_FOR_TRAINERS = "Training for Trainers";

export const barc10Statements: string[] = ["There are more important things to me in life than using substances.", "In general I am happy with my life.", "I have enough energy to complete the tasks I set myself.", "I am proud of the community I live in and feel a part of it.", "I get lots of support from friends.", "I regard my life as challenging and fulfilling without the need for using drugs or alcohol.", "My living space has helped to drive my recovery journey.", "I take full responsibility for my actions.", "I am happy dealing with a range of professional people.", "I am making good progress on my recovery journey."];

export const barc10Scale: string[] = ["Strongly disagree", "Disagree", "Somewhat disagree", "Somewhat agree", "Agree", "Strongly agree"];

/** The longest highlights a return prints on its first page. */
export const HIGHLIGHTS_MAX = 1500;

/** Scotland's waiting-times standard: started within this many days of referral. */
export const STANDARD_DAYS = 21;

export const importKinds: ImportKind[] = ["people", "groups", "rosters", "registers", "services"];

export const importKindHints: Record<ImportKind, string> = {
  people: "Prison number, names, date of birth, hall; matched on prison number.",
  groups: "Name, kind, start date, day and time; matched on name.",
  rosters: "Who was in which group, from when to when. Import people and groups first.",
  registers: "One row per person per session: group, date, prison number, attendance. Import rosters first.",
  services: "The directory of community services every establishment shares: name, kind, area; matched on name and area.",
};

export const importKindPerEstablishment: Record<ImportKind, boolean> = {
  people: true,
  groups: true,
  rosters: true,
  registers: true,
  services: false,
};

/** The shortest password the core accepts. */
export const MIN_PASSWORD_CHARS = 10;

/** The longest idle time, in minutes, before the app locks itself (from 1). */
export const MAX_LOCK_MINUTES = 30;

/** The most people one headcount may give (others present, or visitors). */
export const HEADCOUNT_MAX = 10000;

/** The longest title an event may have (with its date, within a group name's length). */
export const EVENT_TITLE_MAX = 66;

/** The longest reason kept for a session held without a cleared facilitator. */
export const HELD_UNCLEARED_REASON_MAX = 500;
