// The register's state and its keyboard, without a DOM: a pure reducer, tested in
// register.test.ts. The screen (screens/Register.svelte) only turns key presses into actions and
// draws the state.
import type { AbsenceCause, AbsenceReason, Mark, MarkKind, ParticipantId, RegisterLine } from './wire';
import { absenceCauseLabels, absenceReasonLabels } from './format';

export interface RowMark {
  mark: MarkKind;
  reason: AbsenceReason | null;
  note: string | null;
}

export interface Row {
  participantId: ParticipantId;
  /** The mark on screen (null: not marked yet). */
  current: RowMark | null;
  /** The mark last saved (loaded from the register or written by the last save). */
  saved: RowMark | null;
}

export interface RegisterState {
  rows: Row[];
  /** Index of the row with the keyboard focus. */
  focus: number;
  /** Index of the row whose absence-reason picker is open, or null. */
  picker: number | null;
  /** Index of the row whose note is being written, or null. */
  noteFor: number | null;
  /**
   * The session has not happened yet: only absences can be recorded in advance (a rule of
   * the core; here it only hides what would be refused).
   */
  advanceOnly: boolean;
}

export type Action =
  | { type: 'move'; by: number }
  | { type: 'focus'; index: number }
  | { type: 'mark'; index: number; mark: Exclude<MarkKind, 'absent'> }
  | { type: 'open-picker'; index: number }
  | { type: 'close-picker' }
  | { type: 'absent'; index: number; reason: AbsenceReason }
  | { type: 'revert'; index: number }
  | { type: 'everyone-else-present' }
  | { type: 'open-note'; index: number }
  | { type: 'close-note' }
  | { type: 'note'; index: number; note: string }
  | { type: 'saved' };

/** The longest note on a mark the core keeps. */
export const NOTE_MAX_CHARS = 500;

/** One absence reason with the key that picks it in the reason picker. */
export interface ReasonChoice {
  reason: AbsenceReason;
  key: string;
  label: string;
}

export interface ReasonGroup {
  cause: AbsenceCause;
  label: string;
  reasons: ReasonChoice[];
}

function choice(reason: AbsenceReason, key: string): ReasonChoice {
  return { reason, key, label: absenceReasonLabels[reason] };
}

/** The picker's layout: grouped by who caused the absence, one key per reason. */
export const REASON_GROUPS: ReasonGroup[] = [
  {
    cause: 'person',
    label: absenceCauseLabels.person,
    reasons: [choice('chose_not_to_attend', '1'), choice('refused', '2'), choice('unwell', '3'), choice('other', '4')],
  },
  {
    cause: 'regime',
    label: absenceCauseLabels.regime,
    reasons: [choice('not_unlocked', '5'), choice('wing_lockdown', '6'), choice('no_escort', '7'), choice('staff_shortage', '8')],
  },
  {
    cause: 'appointment',
    label: absenceCauseLabels.appointment,
    reasons: [
      choice('legal_visit', '9'),
      choice('healthcare', 'H'),
      choice('court', 'C'),
      choice('work', 'W'),
      choice('education', 'D'),
      choice('visit', 'V'),
    ],
  },
];

const REASON_BY_KEY: Map<string, AbsenceReason> = new Map(
  REASON_GROUPS.flatMap((g) => g.reasons.map((r) => [r.key.toLowerCase(), r.reason] as const)),
);

/** The letter shown for each mark on screen and typed to set it. */
export const MARK_KEYS: Record<MarkKind, string> = { present: 'P', late: 'L', left_early: 'E', absent: 'A' };

export function initRegister(lines: RegisterLine[], advanceOnly = false): RegisterState {
  const rows = lines.map((line): Row => {
    const saved = line.mark
      ? { mark: line.mark.mark, reason: line.mark.absence_reason, note: line.mark.note }
      : null;
    return { participantId: line.participant.id, current: saved, saved };
  });
  return { rows, focus: 0, picker: null, noteFor: null, advanceOnly };
}

/**
 * The register loaded again (a drop-in added or taken off) without losing what is on screen:
 * marks not saved yet stay on their people, and the focus goes to `focusOn` when given.
 */
export function reloaded(state: RegisterState, lines: RegisterLine[], focusOn: ParticipantId | null = null): RegisterState {
  const fresh = initRegister(lines, state.advanceOnly);
  const pending = new Map(state.rows.filter((r) => JSON.stringify(r.current) !== JSON.stringify(r.saved)).map((r) => [r.participantId, r.current]));
  const rows = fresh.rows.map((r) => (pending.has(r.participantId) ? { ...r, current: pending.get(r.participantId) ?? null } : r));
  const at = focusOn === null ? -1 : rows.findIndex((r) => r.participantId === focusOn);
  return { ...fresh, rows, focus: at >= 0 ? at : clamp(state.focus, rows.length) };
}

function clamp(i: number, n: number): number {
  return Math.max(0, Math.min(n - 1, i));
}

function setRow(state: RegisterState, index: number, current: RowMark | null): Row[] {
  return state.rows.map((r, i) => (i === index ? { ...r, current } : r));
}

/** After marking row `index`, the focus goes to the next row (staying on the last). */
function next(state: RegisterState, index: number): number {
  return clamp(index + 1, state.rows.length);
}

export function reduce(state: RegisterState, action: Action): RegisterState {
  const n = state.rows.length;
  if (n === 0) return state;
  switch (action.type) {
    case 'move':
      return { ...state, focus: clamp(state.focus + action.by, n), picker: null };
    case 'focus':
      return { ...state, focus: clamp(action.index, n) };
    case 'mark': {
      if (state.advanceOnly || action.index < 0 || action.index >= n) return state;
      const current = { mark: action.mark, reason: null, note: state.rows[action.index].current?.note ?? null };
      return { ...state, rows: setRow(state, action.index, current), focus: next(state, action.index), picker: null };
    }
    case 'open-picker':
      if (action.index < 0 || action.index >= n) return state;
      return { ...state, focus: action.index, picker: action.index };
    case 'close-picker':
      return { ...state, picker: null };
    case 'absent': {
      if (action.index < 0 || action.index >= n) return state;
      const current = { mark: 'absent' as const, reason: action.reason, note: state.rows[action.index].current?.note ?? null };
      return { ...state, rows: setRow(state, action.index, current), focus: next(state, action.index), picker: null };
    }
    case 'revert':
      if (action.index < 0 || action.index >= n) return state;
      return { ...state, rows: setRow(state, action.index, state.rows[action.index].saved), picker: null };
    case 'everyone-else-present':
      if (state.advanceOnly) return state;
      return {
        ...state,
        picker: null,
        rows: state.rows.map((r) => (r.current ? r : { ...r, current: { mark: 'present', reason: null, note: null } })),
      };
    case 'open-note':
      // A note goes with a mark: someone not marked yet has nothing to note against.
      if (action.index < 0 || action.index >= n || state.rows[action.index].current === null) return state;
      return { ...state, focus: action.index, picker: null, noteFor: action.index };
    case 'close-note':
      return { ...state, noteFor: null };
    case 'note': {
      const row = state.rows[action.index];
      if (!row?.current) return state;
      const note = action.note.trim() === '' ? null : action.note.trim();
      return { ...state, rows: setRow(state, action.index, { ...row.current, note }), noteFor: null };
    }
    case 'saved':
      return { ...state, rows: state.rows.map((r) => ({ ...r, saved: r.current })) };
  }
}

export interface KeyPress {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/** What a key press means: an action, "save", or nothing (let the browser have it). */
export type KeyResult = { action: Action } | { save: true } | null;

/** Turns a key press on the register into an action. */
export function keyToAction(state: RegisterState, press: KeyPress): KeyResult {
  const key = press.key;
  const lower = key.length === 1 ? key.toLowerCase() : key;
  if ((press.ctrlKey || press.metaKey) && (lower === 's' || key === 'Enter')) return { save: true };
  if (press.ctrlKey || press.metaKey || press.altKey) return null;

  if (state.picker !== null) {
    if (key === 'Escape') return { action: { type: 'close-picker' } };
    const reason = REASON_BY_KEY.get(lower);
    if (reason) return { action: { type: 'absent', index: state.picker, reason } };
    return null;
  }

  const index = state.focus;
  switch (key) {
    case 'ArrowDown':
      return { action: { type: 'move', by: 1 } };
    case 'ArrowUp':
      return { action: { type: 'move', by: -1 } };
    case 'Home':
      return { action: { type: 'focus', index: 0 } };
    case 'End':
      return { action: { type: 'focus', index: state.rows.length - 1 } };
    case 'Backspace':
    case 'Delete':
      return { action: { type: 'revert', index } };
  }
  if (press.shiftKey && lower === 'p') return { action: { type: 'everyone-else-present' } };
  if (press.shiftKey && lower === 'n') return { action: { type: 'open-note', index } };
  if (press.shiftKey) return null;
  switch (lower) {
    case 'p':
      return { action: { type: 'mark', index, mark: 'present' } };
    case 'l':
      return { action: { type: 'mark', index, mark: 'late' } };
    case 'e':
      return { action: { type: 'mark', index, mark: 'left_early' } };
    case 'a':
      return { action: { type: 'open-picker', index } };
  }
  return null;
}

function sameMark(a: RowMark | null, b: RowMark | null): boolean {
  if (a === null || b === null) return a === b;
  return a.mark === b.mark && a.reason === b.reason && a.note === b.note;
}

/** Rows whose mark on screen differs from the saved one. */
export function changedCount(state: RegisterState): number {
  return state.rows.filter((r) => !sameMark(r.current, r.saved)).length;
}

export function isDirty(state: RegisterState): boolean {
  return changedCount(state) > 0;
}

export function unmarkedCount(state: RegisterState): number {
  return state.rows.filter((r) => r.current === null).length;
}

/** Every mark on screen, in roster order, for one `takeRegister` call. */
export function buildMarks(state: RegisterState): Mark[] {
  return state.rows
    .filter((r) => r.current !== null)
    .map((r) => ({
      participant_id: r.participantId,
      mark: r.current!.mark,
      absence_reason: r.current!.mark === 'absent' ? r.current!.reason : null,
      note: r.current!.note,
    }));
}
