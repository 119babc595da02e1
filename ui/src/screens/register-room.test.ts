// The room as it is, at the register: drop-ins found by name or added new, taken off again, and
// the headcount of people nobody names; against a stubbed backend, with what is sent checked,
// marks not yet saved kept across a drop-in, and axe.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Participant, Register as RegisterData, RegisterLine } from '../lib/wire';

const api = vi.hoisted(() => ({
  register: vi.fn(),
  takeRegister: vi.fn(),
  printRegisterSheet: vi.fn(),
  findParticipants: vi.fn(),
  addDropIn: vi.fn(),
  addNewDropIn: vi.fn(),
  removeDropIn: vi.fn(),
  recordHeadcount: vi.fn(),
}));

vi.mock('../lib/api', async () => (await import('../test/screens')).stubbedApi(api));

import { app } from '../lib/session.svelte';
import Register from './Register.svelte';
import { ALISON, PER, noAxeViolations } from '../test/screens';

function person(id: string, given: string, family: string, prison_number: string | null = `A${id}`): Participant {
  return {
    id, establishment_id: 'e1', kind: prison_number ? 'in_custody' : 'volunteer', prison_number, given_name: given, family_name: family,
    date_of_birth: null, location: null, status: prison_number ? 'in_custody' : null, status_since: null, expected_liberation: null,
  };
}

const ANNA = person('1', 'Anna', 'Reid');
const TAM = person('2', 'Tam', 'Reid');
const AOIFE = person('3', 'Aoife', 'Byrne');
const AN = person('4', 'Văn An', 'Nguyễn');

function line(participant: Participant, drop_in = false, marked = drop_in): RegisterLine {
  return { participant, mark: marked ? { participant_id: participant.id, mark: 'present', absence_reason: null, note: null } : null, drop_in };
}

function register(lines: RegisterLine[], others_present = 0, visitors = 0): RegisterData {
  return {
    session: {
      id: 's1', group_id: 'g1', held_on: '2026-11-16', start_time: '10:00', status: 'planned', cancellation_reason: null,
      cancellation_note: null, topic: null, notes: null, from_schedule: true, cancelled_for_clearance: null, facilitators: [], held_uncleared: null,
    },
    event: null,
    group_name: 'Recovery Café',
    lines,
    headcount: { others_present, visitors, visitors_from: null },
    clearance_problem: null,
    qualification_problem: null,
  };
}

const saved = { session_id: 's1', status: 'held', saved: 1, unmarked: 2 };

beforeEach(() => {
  app.signedIn = ALISON;
  app.establishment = PER;
  app.today = '2026-11-16';
});
afterEach(() => {
  cleanup();
  vi.resetAllMocks();
});

describe('drop-ins at the register', () => {
  it('finds someone not on the roster, adds them present, and keeps the marks not yet saved', async () => {
    api.register.mockResolvedValueOnce(register([line(ANNA), line(TAM)]));
    const { container } = render(Register, { id: 's1' });
    const first = (await screen.findAllByTestId('register-row'))[0];
    await fireEvent.keyDown(first, { key: 'l' }); // Anna late, not saved yet

    // The search offers people not already on the register.
    api.findParticipants.mockResolvedValue([TAM, AOIFE]);
    await fireEvent.input(screen.getByTestId('drop-in-find'), { target: { value: 'Byrne' } });
    const found = await screen.findByTestId('drop-in-results');
    expect(within(found).getAllByRole('listitem').map((li) => li.textContent)).toEqual([expect.stringContaining('Aoife Byrne')]);
    expect(api.findParticipants).toHaveBeenCalledWith('e1', 'Byrne');

    api.addDropIn.mockResolvedValue(saved);
    api.register.mockResolvedValueOnce(register([line(ANNA), line(TAM), line(AOIFE, true)]));
    await fireEvent.click(within(found).getByTestId('drop-in-add'));
    await waitFor(() => expect(screen.getAllByTestId('register-row')).toHaveLength(3));
    expect(api.addDropIn).toHaveBeenCalledWith('s1', '3', 'present');
    expect(screen.getByTestId('drop-in-added').textContent).toBe('Aoife Byrne added as a drop-in, marked present.');
    expect(screen.getByRole('heading', { level: 2, name: '2 people on the roster and 1 drop-in' })).toBeTruthy();
    const rows = screen.getAllByTestId('register-row');
    expect(rows.map((r) => r.getAttribute('data-mark'))).toEqual(['late', 'none', 'present']);
    expect(within(rows[2]).getByTestId('drop-in-badge').textContent).toBe('Drop-in');
    expect(screen.getByTestId('unsaved-status').textContent).toMatch('1 unsaved change');
    await noAxeViolations(container);
  });

  it('adds someone new with the minimum, and takes a drop-in off again', async () => {
    api.register.mockResolvedValueOnce(register([line(ANNA)]));
    render(Register, { id: 's1' });
    await screen.findAllByTestId('register-row');
    await fireEvent.click(screen.getByTestId('drop-in-new'));
    await fireEvent.input(screen.getByTestId('drop-in-given'), { target: { value: 'Văn An' } });
    await fireEvent.input(screen.getByTestId('drop-in-family'), { target: { value: 'Nguyễn' } });
    await fireEvent.input(screen.getByTestId('drop-in-number'), { target: { value: 'A4' } });
    api.addNewDropIn.mockResolvedValue({ participant: AN, saved });
    api.register.mockResolvedValueOnce(register([line(ANNA), line(AN, true)]));
    await fireEvent.click(screen.getByTestId('drop-in-new-save'));
    await waitFor(() => expect(screen.getAllByTestId('register-row')).toHaveLength(2));
    expect(api.addNewDropIn).toHaveBeenCalledWith('s1', {
      kind: 'in_custody', prison_number: 'A4', given_name: 'Văn An', family_name: 'Nguyễn', date_of_birth: null, location: null, expected_liberation: null,
    }, 'present');

    api.removeDropIn.mockResolvedValue({ ...saved, saved: 0 });
    api.register.mockResolvedValueOnce(register([line(ANNA)]));
    await fireEvent.click(screen.getByRole('button', { name: 'Take off: Văn An Nguyễn' }));
    await waitFor(() => expect(screen.getAllByTestId('register-row')).toHaveLength(1));
    expect(api.removeDropIn).toHaveBeenCalledWith('s1', '4');
  });

  it('says why the core refused a new person, and keeps what was typed', async () => {
    api.register.mockResolvedValue(register([line(ANNA)]));
    render(Register, { id: 's1' });
    await screen.findAllByTestId('register-row');
    await fireEvent.click(screen.getByTestId('drop-in-new'));
    await fireEvent.input(screen.getByTestId('drop-in-given'), { target: { value: 'Des' } });
    await fireEvent.input(screen.getByTestId('drop-in-family'), { target: { value: 'Ross' } });
    const { ApiError } = await import('../test/screens');
    api.addNewDropIn.mockRejectedValue(new ApiError('invalid', 'prison number: is required for a person in custody'));
    await fireEvent.click(screen.getByTestId('drop-in-new-save'));
    await waitFor(() => expect(screen.getByTestId('drop-in-new-error').textContent).toBe('prison number: is required for a person in custody'));
    expect((screen.getByTestId('drop-in-given') as HTMLInputElement).value).toBe('Des');
  });
});

describe('the headcount', () => {
  it('sends whole numbers and the organisation, and refuses anything else before asking', async () => {
    api.register.mockResolvedValue(register([line(ANNA)], 2, 0));
    render(Register, { id: 's1' });
    await screen.findAllByTestId('register-row');
    expect((screen.getByTestId('headcount-others') as HTMLInputElement).value).toBe('2');

    await fireEvent.input(screen.getByTestId('headcount-visitors'), { target: { value: 'three' } });
    await fireEvent.click(screen.getByTestId('headcount-save'));
    expect(screen.getByTestId('headcount-error').textContent).toBe('visitors: enter a whole number');
    expect(api.recordHeadcount).not.toHaveBeenCalled();

    api.recordHeadcount.mockResolvedValue(saved);
    await fireEvent.input(screen.getByTestId('headcount-others'), { target: { value: '6' } });
    await fireEvent.input(screen.getByTestId('headcount-visitors'), { target: { value: '2' } });
    await fireEvent.input(screen.getByTestId('headcount-from'), { target: { value: 'Alcoholics Anonymous' } });
    await fireEvent.click(screen.getByTestId('headcount-save'));
    await waitFor(() => expect(screen.getByTestId('headcount-done').textContent).toBe('Headcount saved: 6 others present, 2 visitors.'));
    expect(api.recordHeadcount).toHaveBeenCalledWith('s1', { others_present: 6, visitors: 2, visitors_from: 'Alcoholics Anonymous' });
  });
});

describe('a note on a mark', () => {
  it('is written with Shift+N, shown on the row, and sent with the register', async () => {
    api.register.mockResolvedValue(register([line(ANNA, false, true), line(TAM)]));
    const { container } = render(Register, { id: 's1' });
    const first = (await screen.findAllByTestId('register-row'))[0];
    // Tam is not marked: no note for him yet.
    await fireEvent.keyDown(screen.getAllByTestId('register-row')[1], { key: 'N', shiftKey: true });
    expect(screen.queryByTestId('note-dialog')).toBeNull();

    await fireEvent.focusIn(first);
    await fireEvent.keyDown(first, { key: 'N', shiftKey: true });
    const text = await screen.findByTestId('note-text');
    await waitFor(() => expect(document.activeElement).toBe(text));
    await noAxeViolations(container);
    await fireEvent.input(text, { target: { value: 'Asked about the SMART group' } });
    await fireEvent.keyDown(text, { key: 'Enter' });
    await waitFor(() => expect(screen.queryByTestId('note-dialog')).toBeNull());
    expect(screen.getByTestId('mark-note').textContent).toBe('Note: Asked about the SMART group');

    api.takeRegister.mockResolvedValue(saved);
    await fireEvent.click(screen.getByTestId('save-register'));
    await waitFor(() => expect(api.takeRegister).toHaveBeenCalled());
    expect(api.takeRegister.mock.calls[0][1]).toEqual([
      { participant_id: '1', mark: 'present', absence_reason: null, note: 'Asked about the SMART group' },
    ]);
  });

  it('goes without a change on Escape', async () => {
    api.register.mockResolvedValue(register([line(ANNA, false, true)]));
    render(Register, { id: 's1' });
    const first = (await screen.findAllByTestId('register-row'))[0];
    await fireEvent.keyDown(first, { key: 'N', shiftKey: true });
    const text = await screen.findByTestId('note-text');
    await fireEvent.input(text, { target: { value: 'not kept' } });
    await fireEvent.keyDown(text, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('note-dialog')).toBeNull());
    expect(screen.queryByTestId('mark-note')).toBeNull();
    expect(screen.getByTestId('unsaved-status').textContent).toBe('');
  });
});
