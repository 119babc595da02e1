// The one module that talks to the desktop shell. Nothing else in ui/ imports @tauri-apps/*
// (a test checks). Every call returns the core's result or throws an ApiError carrying the
// core's stable code and its sentence for the person.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type {
  ImportKind, SheetFile,
  AppInfo, AuditCheck, AuditEntry, AuditFilter, Award, AwardId, AwardType, AwardTypeDetails, AwardTypeId, Backup, BackupFile,
  CancellationReason, Clearance, ClearanceDetails, ClearanceId, ClearanceKind, ClearanceLine, ClearanceReport, ClearanceSettings,
  ClearanceWarnings, CommandError, CustodyStatus, DueLine, Enrolment, Establishment, EstablishmentId, Event, EventDetails, Exported, Facilitator,
  FacilitatorId, Group, GroupDetails, GroupId, GroupPage, LeavingReason, Mark, MonthlyReportPage, NewEstablishment, NewFacilitator, Overview,
  Participant, ParticipantDetails, ParticipantId, ParticipantPage, Printed, PrintProgress, Register, RegisterSaved, Role,
  Session, SessionId, SessionListing, SessionLog, SetUpDone, SignedIn, StaffAccount, StaffId, StartScreen, Verification,
  CommunityService, Consent, ConsentDetails, ConsentId, FollowUp, LiberationDue, LiberationPlan, Meeting, MeetingDetails, Passport,
  PlanDetails, ReferralDetails, ReferralId, ReferralLine, ReferralStep, ServiceDetails, ServiceId, FullRecordFiles,
  ErasureDone, PastRetention, RetentionPeriod, KeyChanged, Headcount, MarkKind, NewDropIn, PersonAuditLine,
  TeamPage, JoiningFile, SentChanges, ChangeFilePreview, TakenIn, MarkConflict, ConflictChoice, ChosenJoiningFile,
  CardLine, ChosenCard, TransferTo, TransferMade, TransferTakenIn, NationalReportPage, FiguresSent, FiguresTakenIn, NationalDocument,
  ReferralIn, ReferralInDetails, ReferralInId, ReferralInLine, ReferralOutcome, Programme, ProgrammeId, ProgrammeLine, WaitingList,
  Allocation, Allocated, Period, ColumnTemplate, CapitalAssessment, CapitalDetails,
  AwardTypeRevision, NewUnit, Signatory, SignatureImage, SvqProgress, Unit, UnitId, UnitSignOff,
  PeerRecord, PeerRole, Qualification, QualificationDetails,
} from './wire';

export class ApiError extends Error {
  constructor(public code: string, message: string) {
    super(message);
  }
}

/** The core's code for "nobody is logged in" (never logged in, locked, or idle past the lock time). */
export const LOCKED = 'locked';

// One handler for the whole app: any call answered "locked" shows the lock screen, whichever
// screen made it. `signIns` counts log-ins, so that a call made before a log-in and answered
// after it (a slow still_here) cannot lock the person who has just logged in.
let lockedHandler: (() => void) | null = null;
let signIns = 0;

/** Sets what happens when any call is answered with code "locked" (access.svelte.ts: the lock screen). */
export function onLocked(handler: (() => void) | null): void {
  lockedHandler = handler;
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  const started = signIns;
  let failure: ApiError;
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    const err = e as Partial<CommandError> | string;
    failure =
      typeof err === 'object' && err && typeof err.message === 'string'
        ? new ApiError(err.code ?? 'internal', err.message)
        : new ApiError('internal', String(e));
  }
  if (failure.code === LOCKED && started === signIns) lockedHandler?.();
  throw failure;
}

/** A call that logs someone in: later "locked" answers to calls made before it are stale. */
async function signingIn<T>(command: string, args: Record<string, unknown>): Promise<T> {
  const result = await call<T>(command, args);
  signIns += 1;
  return result;
}

export const api = {
  // Who is at the keyboard -----------------------------------------------------------------
  /** The first screen: set-up, log-in, or a problem that stops the database opening. */
  startScreen: () => call<StartScreen>('start_screen'),
  /** The first run: makes the database and its first administrator (about a second). */
  setUp: (username: string, displayName: string, password: string) =>
    signingIn<SetUpDone>('set_up', { username, displayName, password }),
  /** At start-up and on the lock screen (where it is also "switch user"); about a second. */
  logIn: (username: string, password: string) => signingIn<SignedIn>('log_in', { username, password }),
  /** Every administrator's password lost: only before anyone has logged in. */
  recover: (recoveryKey: string, username: string, newPassword: string) =>
    signingIn<SignedIn>('recover', { recoveryKey, username, newPassword }),
  lock: () => call<void>('lock'),
  /** Tells the shell the person is still at the keyboard; throws "locked" if they are not. */
  stillHere: () => call<void>('still_here'),
  whoAmI: () => call<SignedIn | null>('who_am_i'),

  accounts: () => call<StaffAccount[]>('accounts'),
  addAccount: (username: string, displayName: string, role: Role, password: string) =>
    call<StaffAccount>('add_account', { username, displayName, role, password }),
  setAccountDisabled: (staffId: StaffId, disabled: boolean) => call<StaffAccount>('set_account_disabled', { staffId, disabled }),
  /** Your own new password, given the current one. */
  changePassword: (current: string, password: string) => call<void>('change_password', { current, password }),
  /** An administrator's reset of someone else's password. */
  resetPassword: (staffId: StaffId, password: string) => call<void>('reset_password', { staffId, password }),
  /** A new database key (administrators): the database is re-encrypted; takes seconds. */
  changeDatabaseKey: () => call<KeyChanged>('change_database_key'),
  setLockMinutes: (minutes: number) => call<number>('set_lock_minutes', { minutes }),

  auditTrail: (filter: AuditFilter) => call<AuditEntry[]>('audit_trail', { filter }),
  checkAuditTrail: () => call<AuditCheck>('check_audit_trail'),
  /** Asks where to save; the path saved, or null when the dialog is cancelled. */
  exportAuditTrail: (filter: AuditFilter) => call<string | null>('export_audit_trail', { filter }),

  backups: () => call<BackupFile[]>('backups'),
  backUpNow: () => call<Backup>('back_up_now'),
  /** Asks for a folder (a USB stick); null when the dialog is cancelled. */
  backUpTo: () => call<Backup | null>('back_up_to'),
  /**
   * Restores one of this PC's backups by name, or (null) a file chosen in a dialog. Returns the
   * safety copy of the database as it was; null when the dialog is cancelled.
   */
  restore: (name: string | null) => call<Backup | null>('restore', { name }),

  /** How long records are kept after liberation or transfer, and whether that is the default. */
  // A team of PCs ---------------------------------------------------------------------------
  /** This PC, the others, when each last sent changes, and which PC numbers certificates. */
  teamPage: () => call<TeamPage>('team_page'),
  /** "Add a PC to this service": the joining file where the person chooses; null if cancelled. */
  makeJoiningFile: (thisPcName: string, newPcName: string) => call<JoiningFile | null>('make_joining_file', { thisPcName, newPcName }),
  /** "Send changes": one file for the other PCs; null if the save dialog was cancelled. */
  sendChanges: () => call<SentChanges | null>('send_changes'),
  /** "Take in changes…": the file chosen and what taking it in would do; null if cancelled. */
  chooseChangeFile: () => call<ChangeFilePreview | null>('choose_change_file'),
  takeInChanges: (file: string) => call<TakenIn>('take_in_changes', { file }),
  markConflicts: () => call<MarkConflict[]>('mark_conflicts'),
  resolveConflict: (sessionId: SessionId, participantId: ParticipantId, choice: ConflictChoice) =>
    call<null>('resolve_conflict', { sessionId, participantId, choice }),
  retirePc: (pc: string) => call<null>('retire_pc', { pc }),
  chooseNumberingPc: (establishmentId: EstablishmentId, pc: string) => call<null>('choose_numbering_pc', { establishmentId, pc }),
  /** On a PC not yet set up: the joining file from the other PC; null if cancelled. */
  chooseJoiningFile: () => call<ChosenJoiningFile | null>('choose_joining_file'),
  /** Makes this PC's database from the joining file; returns this PC's name in the team. */
  joinTeam: (file: string, passphrase: string) => call<string>('join_team', { file, passphrase }),

  // Receiving cards ---------------------------------------------------------------------------
  /** This install's cards and those of other installs, with their fingerprints. */
  cards: () => call<CardLine[]>('cards'),
  /** "Save our card…" for an establishment (by code) or the national office (by name); null if cancelled. */
  saveOwnCard: (establishment: string | null, national: string | null) => call<CardLine | null>('save_own_card', { establishment, national }),
  /** "Add a card…": the file chosen, read, with its fingerprint to compare; null if cancelled. */
  chooseCardFile: () => call<ChosenCard | null>('choose_card_file'),
  // National figures ---------------------------------------------------------------------------
  nationalReport: (month: string | null) => call<NationalReportPage>('national_report', { month }),
  /** "Send to the national office…": null if cancelled. */
  sendFigures: (establishment: string, month: string | null, office: string) => call<FiguresSent | null>('send_figures', { establishment, month, office }),
  /** "Take in a figures file…" at the national office: null if cancelled. */
  takeInFigures: () => call<FiguresTakenIn | null>('take_in_figures'),
  exportNational: (document: NationalDocument, formats: string[]) => call<Exported | null>('export_national', { document, formats }),
  // Transfer packs -----------------------------------------------------------------------------
  /** "Make a transfer pack…": checked, then saved where the person chooses; null if cancelled. */
  makeTransferPack: (person: ParticipantId, to: TransferTo) => call<TransferMade | null>('make_transfer_pack', { person, to }),
  /** "Take in a transfer pack…": null if cancelled. */
  takeInTransferPack: () => call<TransferTakenIn | null>('take_in_transfer_pack'),
  addCard: (file: string, replace: boolean) => call<CardLine>('add_card', { file, replace }),

  retentionPeriod: () => call<RetentionPeriod>('retention_period'),
  /** Administrators only; from 1 to 100 years. */
  setRetentionYears: (years: number) => call<RetentionPeriod>('set_retention_years', { years }),
  /** People liberated or transferred on or before the period's day, not yet erased, longest gone first. */
  pastRetention: () => call<PastRetention[]>('past_retention'),
  /**
   * Erases the records of these people, all or none (one transaction), then rewrites the
   * database file so no old copy survives. Refused if anyone is not past the period.
   */
  erasePastRetention: (participantIds: ParticipantId[]) => call<ErasureDone>('erase_past_retention', { participantIds }),

  // The records ------------------------------------------------------------------------------
  appInfo: () => call<AppInfo>('app_info'),
  establishments: () => call<Establishment[]>('establishments'),
  addEstablishment: (newEstablishment: NewEstablishment) => call<Establishment>('add_establishment', { new: newEstablishment }),
  overview: (establishmentId: EstablishmentId, week: string | null = null) => call<Overview>('overview', { establishmentId, week }),

  findParticipants: (establishmentId: EstablishmentId, query: string) =>
    call<Participant[]>('find_participants', { establishmentId, query }),
  participantPage: (participantId: ParticipantId) => call<ParticipantPage>('participant_page', { participantId }),
  addParticipant: (establishmentId: EstablishmentId, details: ParticipantDetails) =>
    call<Participant>('add_participant', { establishmentId, details }),
  editParticipant: (participantId: ParticipantId, details: ParticipantDetails) =>
    call<Participant>('edit_participant', { participantId, details }),
  /** `on` is a date as typed: dd/mm/yyyy or yyyy-mm-dd. */
  changeCustody: (participantId: ParticipantId, to: CustodyStatus, on: string) =>
    call<Participant>('change_custody', { participantId, to, on }),

  facilitators: () => call<Facilitator[]>('facilitators'),
  addFacilitator: (newFacilitator: NewFacilitator) => call<Facilitator>('add_facilitator', { new: newFacilitator }),

  // Clearances ------------------------------------------------------------------------------
  /** Clearances, of one establishment and/or one facilitator (null: all), by name then date. */
  clearances: (establishmentId: EstablishmentId | null, facilitatorId: FacilitatorId | null) =>
    call<ClearanceLine[]>('clearances', { establishmentId, facilitatorId }),
  /** What needs chasing today: lapsed, expiring within the warning days, waiting too long. */
  clearanceWarnings: (establishmentId: EstablishmentId | null) => call<ClearanceWarnings>('clearance_warnings', { establishmentId }),
  /** Dates in `details` are ISO; `expires_on` null lets the core work it out from the grant. */
  addClearance: (facilitatorId: FacilitatorId, establishmentId: EstablishmentId, details: ClearanceDetails) =>
    call<Clearance>('add_clearance', { facilitatorId, establishmentId, details }),
  /** A new clearance linked to the one it renews (a clearance is renewed once). */
  renewClearance: (clearanceId: ClearanceId, details: ClearanceDetails) => call<Clearance>('renew_clearance', { clearanceId, details }),
  editClearance: (clearanceId: ClearanceId, details: ClearanceDetails) => call<Clearance>('edit_clearance', { clearanceId, details }),
  clearanceSettings: () => call<ClearanceSettings>('clearance_settings'),
  /** Administrators only. `months` null: no fixed length. */
  setClearanceValidity: (kind: ClearanceKind, months: number | null) => call<void>('set_clearance_validity', { kind, months }),
  /** Administrators only. */
  setClearanceWarningDays: (days: number) => call<void>('set_clearance_warning_days', { days }),
  clearanceReport: (establishmentId: EstablishmentId) => call<ClearanceReport>('clearance_report', { establishmentId }),
  /** Asks where to save (one dialog per format) and opens the PDF; null when every dialog was cancelled. */
  exportClearanceReport: (establishmentId: EstablishmentId, pdf: boolean, csv: boolean) =>
    call<Exported | null>('export_clearance_report', { establishmentId, pdf, csv }),

  groups: (establishmentId: EstablishmentId) => call<Group[]>('groups', { establishmentId }),
  groupPage: (groupId: GroupId) => call<GroupPage>('group_page', { groupId }),
  addGroup: (establishmentId: EstablishmentId, details: GroupDetails) => call<Group>('add_group', { establishmentId, details }),
  editGroup: (groupId: GroupId, details: GroupDetails) => call<Group>('edit_group', { groupId, details }),
  enrol: (groupId: GroupId, participantIds: ParticipantId[], on: string) =>
    call<Enrolment[]>('enrol', { groupId, participantIds, on }),
  leave: (groupId: GroupId, participantId: ParticipantId, on: string, reason: LeavingReason, note: string | null) =>
    call<Enrolment>('leave', { groupId, participantId, on, reason, note }),

  generateSessions: (groupId: GroupId, from: string, to: string) => call<Session[]>('generate_sessions', { groupId, from, to }),
  addSession: (groupId: GroupId, on: string, startTime: string | null) => call<Session>('add_session', { groupId, on, startTime }),
  cancelSession: (sessionId: SessionId, reason: CancellationReason, note: string | null) =>
    call<Session>('cancel_session', { sessionId, reason, note }),
  reinstateSession: (sessionId: SessionId) => call<Session>('reinstate_session', { sessionId }),
  logSession: (sessionId: SessionId, log: SessionLog, held: boolean) => call<Session>('log_session', { sessionId, log, held }),
  sessionsBetween: (establishmentId: EstablishmentId, from: string, to: string) =>
    call<SessionListing[]>('sessions_between', { establishmentId, from, to }),

  register: (sessionId: SessionId) => call<Register>('register', { sessionId }),
  takeRegister: (sessionId: SessionId, marks: Mark[]) => call<RegisterSaved>('take_register', { sessionId, marks }),
  addDropIn: (sessionId: SessionId, participantId: ParticipantId, mark: MarkKind) =>
    call<RegisterSaved>('add_drop_in', { sessionId, participantId, mark }),
  addNewDropIn: (sessionId: SessionId, details: ParticipantDetails, mark: MarkKind) =>
    call<NewDropIn>('add_new_drop_in', { sessionId, details, mark }),
  removeDropIn: (sessionId: SessionId, participantId: ParticipantId) => call<RegisterSaved>('remove_drop_in', { sessionId, participantId }),
  /** A one-off event and its one session (no roster); its register then takes the people who came. */
  addEvent: (establishmentId: EstablishmentId, details: EventDetails) => call<Event>('add_event', { establishmentId, details }),
  recordHeadcount: (sessionId: SessionId, headcount: Headcount) => call<RegisterSaved>('record_headcount', { sessionId, headcount }),
  recordHeldUncleared: (sessionId: SessionId, reason: string, confirmed: boolean) =>
    call<Session>('record_held_uncleared', { sessionId, reason, confirmed }),

  awardTypes: (establishmentId: EstablishmentId) => call<AwardType[]>('award_types', { establishmentId }),
  addAwardType: (establishmentId: EstablishmentId, details: AwardTypeDetails) =>
    call<AwardType>('add_award_type', { establishmentId, details }),
  /** Opens the system's file dialog; null when the person cancels it. */
  chooseAwardLogo: (awardTypeId: AwardTypeId) => call<AwardType | null>('choose_award_logo', { awardTypeId }),
  removeAwardLogo: (awardTypeId: AwardTypeId) => call<AwardType>('remove_award_logo', { awardTypeId }),
  /** Only for a programme with planned sessions and a completion rule (otherwise 'invalid'). */
  dueToGraduate: (groupId: GroupId) => call<DueLine[]>('due_to_graduate', { groupId }),
  /** `on` is a date as typed: dd/mm/yyyy or yyyy-mm-dd. */
  /** `signatories` null: the award type's own; otherwise the ones who sign this issue. */
  issueAwards: (awardTypeId: AwardTypeId, groupId: GroupId | null, participantIds: ParticipantId[], on: string, signatories: Signatory[] | null = null) =>
    call<Award[]>('issue_awards', { awardTypeId, groupId, participantIds, on, signatories }),
  peerRecord: (participantId: ParticipantId) => call<PeerRecord | null>('peer_record', { participantId }),
  addPeerRole: (participantId: ParticipantId, role: PeerRole, since: string) => call<Facilitator>('add_peer_role', { participantId, role, since }),
  changePeerRole: (participantId: ParticipantId, role: PeerRole, active: boolean, onPassport: boolean) =>
    call<Facilitator>('change_peer_role', { participantId, role, active, onPassport }),
  recordQualification: (facilitatorId: FacilitatorId, details: QualificationDetails) =>
    call<Qualification>('record_qualification', { facilitatorId, details }),
  qualifications: () => call<Qualification[]>('qualifications'),
  requireCourse: (groupId: GroupId, course: string | null) => call<Group>('require_course', { groupId, course }),
  editAwardType: (awardTypeId: AwardTypeId, details: AwardTypeDetails) => call<AwardType>('edit_award_type', { awardTypeId, details }),
  awardTypeHistory: (awardTypeId: AwardTypeId) => call<AwardTypeRevision[]>('award_type_history', { awardTypeId }),
  /** Asks for a PNG and keeps it; null if cancelled. */
  chooseSignatureImage: (establishmentId: EstablishmentId) => call<SignatureImage | null>('choose_signature_image', { establishmentId }),
  svqUnits: (awardTypeId: AwardTypeId) => call<Unit[]>('svq_units', { awardTypeId }),
  addSvqUnits: (awardTypeId: AwardTypeId, units: NewUnit[]) => call<Unit[]>('add_svq_units', { awardTypeId, units }),
  svqProgress: (participantId: ParticipantId) => call<SvqProgress[]>('svq_progress', { participantId }),
  svqProgressIn: (participantId: ParticipantId, awardTypeId: AwardTypeId) => call<SvqProgress>('svq_progress_in', { participantId, awardTypeId }),
  signOffUnit: (participantId: ParticipantId, unitId: UnitId, assessor: string, on: string) =>
    call<UnitSignOff>('sign_off_unit', { participantId, unitId, assessor, on }),
  candidateNumber: (participantId: ParticipantId) => call<string | null>('candidate_number', { participantId }),
  setCandidateNumber: (participantId: ParticipantId, number: string) => call<string>('set_candidate_number', { participantId, number }),
  exportUnitRecord: (participantId: ParticipantId, awardTypeId: AwardTypeId) =>
    call<Exported | null>('export_unit_record', { participantId, awardTypeId }),
  awardsOfGroup: (groupId: GroupId) => call<Award[]>('awards_of_group', { groupId }),
  revokeAward: (awardId: AwardId, reason: string) => call<Award>('revoke_award', { awardId, reason }),
  /** `name` and `on` as printed on the certificate, or null when not given. */
  verifyAward: (number: string, code: string, name: string | null, on: string | null) =>
    call<Verification>('verify_award', { number, code, name, on }),
  /**
   * Asks where to save, writes the PDF(s) off the main thread and opens them; null when the
   * person cancels the save dialog. Progress arrives through `onPrintProgress`.
   */
  printAwards: (awardIds: AwardId[], reprintReason: string | null, onePerPerson: boolean, title: string) =>
    call<Printed | null>('print_awards', { awardIds, reprintReason, onePerPerson, title }),
  onPrintProgress: (listener: (p: PrintProgress) => void) => onPrintProgress(listener),

  /** The periods a return is offered for: recent months, quarters, financial and calendar years. */
  reportPeriods: () => call<Period[]>('report_periods'),
  /** The return for a period by its code ("2026-10", "2026-Q3", "2026-27", "2026"). */
  periodReport: (establishmentIds: EstablishmentId[], period: string) =>
    call<MonthlyReportPage>('period_report', { establishmentIds, period }),
  /**
   * Saves the return as PDF (with the highlights on its first page) and/or CSV (cut to a saved
   * column template, by name); null when every dialog was cancelled.
   */
  exportReturn: (
    establishmentIds: EstablishmentId[], period: string, suppressSmall: boolean, pdf: boolean, csv: boolean,
    highlights: string | null, template: string | null,
  ) => call<Exported | null>('export_return', { establishmentIds, period, suppressSmall, pdf, csv, highlights, template }),
  columnTemplates: () => call<ColumnTemplate[]>('column_templates'),
  saveColumnTemplate: (template: ColumnTemplate) => call<ColumnTemplate>('save_column_template', { template }),
  /** Saves a session's paper register as a PDF and opens it; null when the dialog is cancelled. */
  printRegisterSheet: (sessionId: SessionId) => call<Exported | null>('print_register_sheet', { sessionId }),
  printRegisterSheets: (establishmentId: EstablishmentId, from: string, to: string) =>
    call<Exported | null>('print_register_sheets', { establishmentId, from, to }),
  printUnlockLists: (establishmentId: EstablishmentId, on: string) => call<Exported | null>('print_unlock_lists', { establishmentId, on }),

  // Liberation and community referrals -----------------------------------------------------
  /** The directory by area then name; `area` (null: all) matches case and accents aside. */
  services: (area: string | null, includeInactive: boolean) => call<CommunityService[]>('services', { area, includeInactive }),
  addService: (details: ServiceDetails) => call<CommunityService>('add_service', { details }),
  /** `active: false` keeps the service (old referrals point at it) but out of new referrals. */
  editService: (serviceId: ServiceId, details: ServiceDetails) => call<CommunityService>('edit_service', { serviceId, details }),

  // Import from spreadsheets ------------------------------------------------------------------
  /**
   * Previews a spreadsheet as `kind` records (`commit` false), or imports it. `file` null asks
   * for the file in the system's dialog; the answer carries a token naming it, to preview again with
   * another `mapping` (one field key or null per column; null guesses) and to import the same
   * file. Any problem means nothing is saved. Null when the dialog is cancelled. The
   * establishment is null only for kinds that belong to none (community services).
   */
  importSheet: (file: string | null, kind: ImportKind, establishmentId: EstablishmentId | null, mapping: (string | null)[] | null, commit: boolean) =>
    call<SheetFile | null>('import_sheet', { file, kind, establishmentId, mapping, commit }),
  /** Saves the template CSV for a kind of import; null when cancelled. */
  saveImportTemplate: (kind: ImportKind) => call<Exported | null>('save_import_template', { kind }),

  /** Only for people in custody (kind); otherwise 'invalid'. */
  liberationPlan: (participantId: ParticipantId) => call<LiberationPlan>('liberation_plan', { participantId }),
  /** The expected liberation date (ISO) and the home area, together. */
  setLiberationPlan: (participantId: ParticipantId, details: PlanDetails) =>
    call<LiberationPlan>('set_liberation_plan', { participantId, details }),
  recordConsent: (participantId: ParticipantId, details: ConsentDetails) => call<Consent>('record_consent', { participantId, details }),
  /** `on` is ISO. */
  withdrawConsent: (consentId: ConsentId, on: string) => call<Consent>('withdraw_consent', { consentId, on }),
  /**
   * Refers the person to a service. With `details_shared` and no consent naming the service in
   * force that day, the core refuses with code 'conflict' (field "details shared").
   */
  refer: (participantId: ParticipantId, details: ReferralDetails) => call<ReferralLine>('refer', { participantId, details }),
  referralsIn: (participantId: ParticipantId) => call<ReferralInLine[]>('referrals_in', { participantId }),
  referIn: (participantId: ParticipantId, details: ReferralInDetails) => call<ReferralIn>('refer_in', { participantId, details }),
  recordFirstContact: (referralInId: ReferralInId, on: string) => call<ReferralIn>('record_first_contact', { referralInId, on }),
  closeReferralIn: (referralInId: ReferralInId, outcome: ReferralOutcome, on: string) =>
    call<ReferralIn>('close_referral_in', { referralInId, outcome, on }),
  programmes: (establishmentId: EstablishmentId | null) => call<ProgrammeLine[]>('programmes', { establishmentId }),
  addProgramme: (establishmentId: EstablishmentId, name: string) => call<Programme>('add_programme', { establishmentId, name }),
  waitingList: (programmeId: ProgrammeId) => call<WaitingList>('waiting_list', { programmeId }),
  allocateCohort: (programmeId: ProgrammeId, allocation: Allocation) => call<Allocated>('allocate_cohort', { programmeId, allocation }),
  capitalOf: (participantId: ParticipantId) => call<CapitalAssessment[]>('capital_of', { participantId }),
  recordCapital: (participantId: ParticipantId, details: CapitalDetails) => call<CapitalAssessment>('record_capital', { participantId, details }),
  updateReferral: (referralId: ReferralId, step: ReferralStep) => call<ReferralLine>('update_referral', { referralId, step }),
  addMeeting: (participantId: ParticipantId, details: MeetingDetails) => call<Meeting>('add_meeting', { participantId, details }),
  /** The countdown: in custody and due out within eight weeks (or the date has passed). */
  dueForLiberation: (establishmentId: EstablishmentId) => call<LiberationDue[]>('due_for_liberation', { establishmentId }),
  /** Liberated or transferred in the last seven weeks. */
  followUp: (establishmentId: EstablishmentId) => call<FollowUp[]>('follow_up', { establishmentId }),
  /** What the recovery passport will say (the preview). */
  passport: (participantId: ParticipantId, namePrison: boolean) => call<Passport>('passport', { participantId, namePrison }),
  /** Asks where to save the passport PDF and opens it; null when the dialog is cancelled. */
  exportPassport: (participantId: ParticipantId, namePrison: boolean) =>
    call<Exported | null>('export_passport', { participantId, namePrison }),

  // A person's full record ------------------------------------------------------------------
  /**
   * Everything held about the person (a subject access request): asks for a folder and writes a
   * PDF and a JSON file there; null when the dialog is cancelled. Administrators only: the core
   * refuses others with code 'forbidden'.
   */
  exportPersonRecord: (participantId: ParticipantId) => call<FullRecordFiles | null>('export_person_record', { participantId }),
  /** Who looked at this record: the audit entries about the person, newest first (administrators). */
  personAudit: (participantId: ParticipantId) => call<PersonAuditLine[]>('person_audit', { participantId }),
};

/** Follows the shell's "print-progress" events; call the returned function to stop. */
export async function onPrintProgress(listener: (p: PrintProgress) => void): Promise<() => void> {
  return await listen<PrintProgress>('print-progress', (event) => listener(event.payload));
}
