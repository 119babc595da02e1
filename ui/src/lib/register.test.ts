import { describe, expect, it } from 'vitest';
import {
  buildMarks, changedCount, initRegister, isDirty, keyToAction, reduce, reloaded, REASON_GROUPS, unmarkedCount,
  type Action, type KeyPress, type RegisterState,
} from './register';
import type { Mark, Participant, RegisterLine } from './wire';

function person(id: string): Participant {
  return {
    id, establishment_id: 'e1', kind: 'in_custody', prison_number: `P${id}`, given_name: `Given${id}`,
    family_name: `Family${id}`, date_of_birth: null, location: 'A Hall', status: 'in_custody',
    status_since: null, expected_liberation: null,
  };
}

function lines(n: number, marks: Record<string, Omit<Mark, 'participant_id'>> = {}): RegisterLine[] {
  return Array.from({ length: n }, (_, i) => {
    const id = String(i + 1);
    const m = marks[id];
    return { participant: person(id), mark: m ? { participant_id: id, ...m } : null, drop_in: false };
  });
}

/** Applies key presses as the screen does. Returns the state and whether save was asked for. */
function press(state: RegisterState, ...keys: (string | KeyPress)[]): { state: RegisterState; saves: number } {
  let saves = 0;
  for (const k of keys) {
    const r = keyToAction(state, typeof k === 'string' ? { key: k } : k);
    if (r && 'save' in r) saves++;
    else if (r) state = reduce(state, r.action);
  }
  return { state, saves };
}

describe('register reducer', () => {
  it('starts from the saved marks with focus on the first row', () => {
    const s = initRegister(lines(3, { '2': { mark: 'absent', absence_reason: 'court', note: null } }));
    expect(s.focus).toBe(0);
    expect(s.picker).toBeNull();
    expect(s.rows[1].current).toEqual({ mark: 'absent', reason: 'court', note: null });
    expect(isDirty(s)).toBe(false);
    expect(unmarkedCount(s)).toBe(2);
  });

  it('marks present, late and left early and moves to the next row', () => {
    const { state } = press(initRegister(lines(4)), 'p', 'L', 'e');
    expect(state.rows.map((r) => r.current?.mark ?? null)).toEqual(['present', 'late', 'left_early', null]);
    expect(state.focus).toBe(3);
    expect(changedCount(state)).toBe(3);
  });

  it('stays on the last row after marking it', () => {
    const { state } = press(initRegister(lines(2)), 'p', 'p', 'l');
    expect(state.focus).toBe(1);
    expect(state.rows[1].current?.mark).toBe('late');
  });

  it('moves with the arrows and does not leave the roster', () => {
    let { state } = press(initRegister(lines(3)), 'ArrowUp');
    expect(state.focus).toBe(0);
    ({ state } = press(state, 'ArrowDown', 'ArrowDown', 'ArrowDown'));
    expect(state.focus).toBe(2);
    ({ state } = press(state, 'Home'));
    expect(state.focus).toBe(0);
    ({ state } = press(state, 'End'));
    expect(state.focus).toBe(2);
  });

  it('A opens the reason picker; a reason key marks absent and moves on', () => {
    let { state } = press(initRegister(lines(3)), 'ArrowDown', 'a');
    expect(state.picker).toBe(1);
    expect(state.rows[1].current).toBeNull();
    ({ state } = press(state, '5'));
    expect(state.picker).toBeNull();
    expect(state.rows[1].current).toEqual({ mark: 'absent', reason: 'not_unlocked', note: null });
    expect(state.focus).toBe(2);
  });

  it('letter keys in the picker pick appointment reasons, case-insensitively', () => {
    const { state } = press(initRegister(lines(2)), 'A', 'h', 'a', 'C');
    expect(state.rows[0].current?.reason).toBe('healthcare');
    expect(state.rows[1].current?.reason).toBe('court');
  });

  it('while the picker is open, P and arrows do nothing and Escape cancels without marking', () => {
    let { state } = press(initRegister(lines(3)), 'a', 'p', 'ArrowDown');
    expect(state.picker).toBe(0);
    expect(state.rows[0].current).toBeNull();
    expect(state.focus).toBe(0);
    ({ state } = press(state, 'Escape'));
    expect(state.picker).toBeNull();
    expect(state.rows[0].current).toBeNull();
    expect(state.focus).toBe(0);
  });

  it('every reason has a distinct key and every AbsenceReason is offered once', () => {
    const all = REASON_GROUPS.flatMap((g) => g.reasons);
    expect(new Set(all.map((r) => r.key.toLowerCase())).size).toBe(all.length);
    expect(all.map((r) => r.reason).sort()).toEqual(
      ['chose_not_to_attend', 'refused', 'unwell', 'not_unlocked', 'wing_lockdown', 'no_escort', 'staff_shortage',
        'legal_visit', 'healthcare', 'court', 'work', 'education', 'visit', 'other'].sort(),
    );
    // Keys of the picker must not clash with the row keys in a way that matters: the picker
    // captures them, so only check they are single characters.
    for (const r of all) expect(r.key).toHaveLength(1);
  });

  it('everyone else present keeps absences recorded in advance and marks made now', () => {
    const start = initRegister(lines(5, { '4': { mark: 'absent', absence_reason: 'legal_visit', note: 'Solicitor' } }));
    let { state } = press(start, 'ArrowDown', 'l');
    ({ state } = press(state, { key: 'P', shiftKey: true }));
    expect(state.rows.map((r) => r.current?.mark)).toEqual(['present', 'late', 'present', 'absent', 'present']);
    expect(state.rows[3].current).toEqual({ mark: 'absent', reason: 'legal_visit', note: 'Solicitor' });
    expect(unmarkedCount(state)).toBe(0);
    // The advance absence is unchanged, so it is not an unsaved change.
    expect(changedCount(state)).toBe(4);
  });

  it('builds one mark per marked row in roster order, reasons only for absences', () => {
    const start = initRegister(lines(4, { '3': { mark: 'absent', absence_reason: 'court', note: null } }));
    const { state } = press(start, 'p', 'a', '1');
    expect(buildMarks(state)).toEqual<Mark[]>([
      { participant_id: '1', mark: 'present', absence_reason: null, note: null },
      { participant_id: '2', mark: 'absent', absence_reason: 'chose_not_to_attend', note: null },
      { participant_id: '3', mark: 'absent', absence_reason: 'court', note: null },
    ]);
  });

  it('changing an absence to present drops the reason', () => {
    const start = initRegister(lines(1, { '1': { mark: 'absent', absence_reason: 'unwell', note: null } }));
    const { state } = press(start, 'p');
    expect(buildMarks(state)).toEqual([{ participant_id: '1', mark: 'present', absence_reason: null, note: null }]);
  });

  it('Backspace undoes the change to the focused row, back to the saved mark', () => {
    const start = initRegister(lines(2, { '1': { mark: 'absent', absence_reason: 'court', note: null } }));
    let { state } = press(start, 'p', 'ArrowUp');
    expect(state.rows[0].current?.mark).toBe('present');
    ({ state } = press(state, 'Backspace'));
    expect(state.rows[0].current).toEqual({ mark: 'absent', reason: 'court', note: null });
    expect(isDirty(state)).toBe(false);
  });

  it('saved makes the marks on screen the saved ones', () => {
    let { state } = press(initRegister(lines(3)), { key: 'P', shiftKey: true });
    expect(isDirty(state)).toBe(true);
    state = reduce(state, { type: 'saved' });
    expect(isDirty(state)).toBe(false);
    expect(buildMarks(state)).toHaveLength(3);
  });

  it('Ctrl+S and Ctrl+Enter ask for a save, also with the picker open; other Ctrl keys are left alone', () => {
    const s = initRegister(lines(2));
    expect(press(s, { key: 's', ctrlKey: true }).saves).toBe(1);
    expect(press(s, { key: 'Enter', ctrlKey: true }).saves).toBe(1);
    expect(press(s, 'a', { key: 'S', ctrlKey: true }).saves).toBe(1);
    expect(keyToAction(s, { key: 'p', ctrlKey: true })).toBeNull();
    expect(keyToAction(s, { key: 'x' })).toBeNull();
    expect(keyToAction(s, { key: 'Tab' })).toBeNull();
  });

  it('for a session still to come, only absences can be marked', () => {
    const s = initRegister(lines(3), true);
    let { state } = press(s, 'p', 'l', { key: 'P', shiftKey: true });
    expect(unmarkedCount(state)).toBe(3);
    ({ state } = press(state, 'a', 'w'));
    expect(state.rows[0].current).toEqual({ mark: 'absent', reason: 'work', note: null });
  });

  it('a register of 12 takes about 13 key presses', () => {
    const keys: (string | KeyPress)[] = ['p', 'p', 'l', 'a', '5', 'p', 'e', 'a', 'h', { key: 'P', shiftKey: true }, { key: 's', ctrlKey: true }];
    const { state, saves } = press(initRegister(lines(12)), ...keys);
    expect(saves).toBe(1);
    expect(unmarkedCount(state)).toBe(0);
    expect(buildMarks(state)).toHaveLength(12);
    expect(buildMarks(state).filter((m) => m.mark === 'absent').map((m) => m.absence_reason)).toEqual(['not_unlocked', 'healthcare']);
  });

  it('ignores actions on an empty roster and rows out of range', () => {
    const empty = initRegister([]);
    const actions: Action[] = [{ type: 'move', by: 1 }, { type: 'everyone-else-present' }, { type: 'mark', index: 0, mark: 'present' }];
    for (const a of actions) expect(reduce(empty, a)).toBe(empty);
    const s = initRegister(lines(1));
    expect(reduce(s, { type: 'mark', index: 5, mark: 'present' })).toBe(s);
  });
});

describe('the register loaded again', () => {
  it('keeps marks not yet saved on their people and moves to the drop-in just added', () => {
    let s = initRegister(lines(3, { '1': { mark: 'present', absence_reason: null, note: null } }));
    s = reduce(reduce(s, { type: 'mark', index: 1, mark: 'late' }), { type: 'absent', index: 2, reason: 'court' });
    const unsaved = s.rows.slice(1).map((r) => r.current);
    expect(unsaved.every((m) => m !== null)).toBe(true);
    // A drop-in (person 9) is saved present, and comes back after the roster.
    const again = [...lines(3, { '1': { mark: 'present', absence_reason: null, note: null } }),
      { participant: person('9'), mark: { participant_id: '9', mark: 'present' as const, absence_reason: null, note: null }, drop_in: true }];
    const r = reloaded(s, again, '9');
    expect(r.rows.map((row) => row.participantId)).toEqual(['1', '2', '3', '9']);
    expect(r.rows.slice(1, 3).map((row) => row.current)).toEqual(unsaved);
    expect(r.rows[3]).toEqual({ participantId: '9', current: { mark: 'present', reason: null, note: null }, saved: { mark: 'present', reason: null, note: null } });
    expect(changedCount(r)).toBe(2);
    expect(r.focus).toBe(3);
  });

  it('keeps the focus in range when a row goes', () => {
    const s = reduce(initRegister(lines(4)), { type: 'focus', index: 3 });
    expect(reloaded(s, lines(3)).focus).toBe(2);
  });
});

describe('a note on a mark', () => {
  it('opens with Shift+N on a marked row, keeps the note with the mark, and counts as a change', () => {
    let s = initRegister(lines(2, { '1': { mark: 'present', absence_reason: null, note: null } }));
    expect(press(s, { key: 'N', shiftKey: true }).state.noteFor).toBe(0);
    s = reduce(s, { type: 'open-note', index: 0 });
    s = reduce(s, { type: 'note', index: 0, note: '  Spoke about his daughter’s visit  ' });
    expect(s.noteFor).toBeNull();
    expect(s.rows[0].current).toEqual({ mark: 'present', reason: null, note: 'Spoke about his daughter’s visit' });
    expect(changedCount(s)).toBe(1);
    expect(buildMarks(s)[0].note).toBe('Spoke about his daughter’s visit');
    // Marking again keeps the note; an empty note removes it.
    s = reduce(s, { type: 'mark', index: 0, mark: 'late' });
    expect(s.rows[0].current?.note).toBe('Spoke about his daughter’s visit');
    s = reduce(s, { type: 'note', index: 0, note: ' ' });
    expect(s.rows[0].current?.note).toBeNull();
  });

  it('does not open on a row not marked yet', () => {
    const s = reduce(initRegister(lines(2)), { type: 'focus', index: 1 });
    expect(press(s, { key: 'N', shiftKey: true }).state.noteFor).toBeNull();
  });
});
