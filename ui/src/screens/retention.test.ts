// The Retention screen against a stubbed backend: the period in force (and whether it is the
// default), changing it, choosing people past it, the confirmation saying what happens, the
// erasure and its result, the core's refusals shown as they are, keyboard and axe.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PastRetention, RetentionPeriod, SignedIn } from '../lib/wire';

const api = vi.hoisted(() => ({
  retentionPeriod: vi.fn(),
  setRetentionYears: vi.fn(),
  pastRetention: vi.fn(),
  erasePastRetention: vi.fn(),
}));

vi.mock('../lib/api', async () => (await import('../test/screens')).stubbedApi(api, { onLocked: vi.fn() }));

import { app } from '../lib/session.svelte';
import AdminRetention from './AdminRetention.svelte';
import { ALISON, PER, noAxeViolations } from '../test/screens';

const DEFAULT: RetentionPeriod = { years: 6, default_years: 6, is_default: true, left_on_or_before: '2020-11-16' };

function line(id: string, number: string, given: string, family: string, over: Partial<PastRetention> = {}): PastRetention {
  return {
    participant_id: id, given_name: given, family_name: family, prison_number: number, left_on: '2019-10-01', how: 'liberated',
    establishment_code: 'PER', establishment_name: 'HMP Perth', enrolments: 2, attendance_marks: 14, awards: 1, referrals: 1,
    ...over,
  };
}

const PAST = [
  line('p1', '100001', 'Seán', 'Ó Súilleabháin', { left_on: '2018-03-01', how: 'transferred', awards: 0 }),
  line('p2', '100002', 'Łukasz', 'Żółć'),
  line('p3', '100003', 'Zoë', "O'Neill-Smith", { left_on: '2020-11-16', enrolments: 0, attendance_marks: 0, referrals: 0, awards: 0 }),
];

class Refusal extends Error {
  constructor(public code: string, message: string) {
    super(message);
  }
}

beforeEach(() => {
  Object.values(api).forEach((f) => f.mockReset());
  app.gate = 'open';
  app.signedIn = ALISON;
  app.establishments = [PER];
  app.establishment = PER;
  api.retentionPeriod.mockResolvedValue(DEFAULT);
  api.pastRetention.mockResolvedValue(PAST);
});

afterEach(() => cleanup());

describe('retention', () => {
  it('shows the period in force, saying it is the default, and who is past it with what is held', async () => {
    const { container } = render(AdminRetention);
    const rows = await screen.findAllByTestId('retention-row');
    expect(screen.getByTestId('retention-in-force').textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'In force: 6 years after liberation or transfer (the default).',
    );
    expect(screen.getByText('Liberated or transferred on or before 16/11/2020.')).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Keep records for (years)').value).toBe('6');
    expect(rows.map((r) => [...r.querySelectorAll('td')].slice(1).map((c) => c.textContent?.trim()))).toEqual([
      ['Seán Ó Súilleabháin', '100001', '01/03/2018', 'Transferred', 'HMP Perth', '2', '14', '0', '1'],
      ['Łukasz Żółć', '100002', '01/10/2019', 'Liberated', 'HMP Perth', '2', '14', '1', '1'],
      ["Zoë O'Neill-Smith", '100003', '16/11/2020', 'Liberated', 'HMP Perth', '0', '0', '0', '0'],
    ]);
    expect(screen.getByTestId<HTMLButtonElement>('erase-selected').disabled).toBe(true);
    expect(screen.getByRole('link', { name: 'Retention' }).getAttribute('href')).toBe('#/admin/retention');
    await noAxeViolations(container);
  });

  it('checks the period typed, saves it and shows the new one in force', async () => {
    render(AdminRetention);
    await screen.findAllByTestId('retention-row');
    const input = screen.getByLabelText('Keep records for (years)');
    for (const bad of ['0', '101', '2.5']) {
      await fireEvent.input(input, { target: { value: bad } });
      await fireEvent.click(screen.getByTestId('save-retention-years'));
      expect(screen.getByTestId('retention-years-error').textContent).toBe('retention period: enter a whole number of years from 1 to 100');
    }
    expect(api.setRetentionYears).not.toHaveBeenCalled();

    const seven: RetentionPeriod = { years: 7, default_years: 6, is_default: false, left_on_or_before: '2019-11-16' };
    api.setRetentionYears.mockResolvedValue(seven);
    api.retentionPeriod.mockResolvedValue(seven);
    api.pastRetention.mockResolvedValue([PAST[0]]);
    await fireEvent.input(input, { target: { value: '7' } });
    await fireEvent.click(screen.getByTestId('save-retention-years'));
    expect(api.setRetentionYears).toHaveBeenCalledWith(7);
    await waitFor(() => expect(screen.getByTestId('retention-years-saved').textContent).toBe('Saved: records are kept 7 years after liberation or transfer.'));
    expect(screen.getByTestId('retention-in-force').textContent?.replace(/\s+/g, ' ').trim()).toBe('In force: 7 years after liberation or transfer.');
    expect(screen.getAllByTestId('retention-row')).toHaveLength(1);

    api.setRetentionYears.mockRejectedValue(new Refusal('forbidden', 'not allowed: your role cannot manage how long records are kept'));
    await fireEvent.click(screen.getByTestId('save-retention-years'));
    await waitFor(() => expect(screen.getByTestId('retention-years-error').textContent).toBe('not allowed: your role cannot manage how long records are kept'));
  });

  it('erases the people chosen only after a confirmation that says what happens', async () => {
    const { container } = render(AdminRetention);
    await screen.findAllByTestId('retention-row');
    const selectAll = screen.getByLabelText<HTMLInputElement>('Select everyone listed');
    await fireEvent.click(selectAll);
    expect(screen.getByTestId('retention-selected-count').textContent).toBe('3 of 3 people selected.');
    await fireEvent.click(selectAll);
    expect(screen.getByTestId('retention-selected-count').textContent).toBe('0 of 3 people selected.');
    await fireEvent.click(screen.getByLabelText('Select Seán Ó Súilleabháin (100001)'));
    await fireEvent.click(screen.getByLabelText('Select Łukasz Żółć (100002)'));
    expect(selectAll.checked).toBe(false);
    expect(selectAll.indeterminate).toBe(true);

    const erase = screen.getByTestId<HTMLButtonElement>('erase-selected');
    expect(erase.textContent?.trim()).toBe('Erase selected…');
    await fireEvent.click(erase);
    const dialog = screen.getByRole('dialog', { name: 'Erase the records of 2 people?' });
    expect(document.activeElement).toBe(dialog);
    const words = dialog.textContent?.replace(/\s+/g, ' ') ?? '';
    expect(within(dialog).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Seán Ó Súilleabháin (100001), transferred on 01/03/2018',
      'Łukasz Żółć (100002), liberated on 01/10/2019',
    ]);
    expect(words).toMatch('Their names, prison numbers, dates of birth and locations are erased, and every note about them');
    expect(words).toMatch('past reports keep the same counts');
    expect(words).toMatch('This cannot be undone.');
    expect(words).toMatch("Backups made before now, including today's automatic backup, still hold these records until they are rotated out");
    await noAxeViolations(container);

    // Escape cancels, back to the button; nothing erased.
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(erase);
    expect(api.erasePastRetention).not.toHaveBeenCalled();

    await fireEvent.click(erase);
    api.erasePastRetention.mockResolvedValue({ erased: 2, participant_ids: ['p1', 'p2'], file_wiped: true });
    api.pastRetention.mockResolvedValue([PAST[2]]);
    await fireEvent.click(screen.getByTestId('confirm-erase'));
    expect(api.erasePastRetention).toHaveBeenCalledWith(['p1', 'p2']);
    const done = await screen.findByTestId('erase-done');
    expect(done.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Erased the records of 2 people. Their names, numbers and notes are gone; their counts in past reports are kept.',
    );
    expect(done.closest('[role=status]')).toBeTruthy();
    expect(screen.queryByTestId('erase-not-wiped')).toBeNull();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getAllByTestId('retention-row')).toHaveLength(1);
    expect(screen.getByTestId('retention-selected-count').textContent).toBe('0 of 1 person selected.');
  });

  it("shows the core's refusal in the dialog and erases nothing", async () => {
    render(AdminRetention);
    await screen.findAllByTestId('retention-row');
    await fireEvent.click(screen.getByLabelText('Select Zoë O\'Neill-Smith (100003)'));
    await fireEvent.click(screen.getByTestId('erase-selected'));
    const refusal = "person: Zoë O'Neill-Smith (100003) left on 16/11/2020: their records are kept for 6 years, until 15/11/2026; nothing was erased";
    api.erasePastRetention.mockRejectedValue(new Refusal('invalid', refusal));
    await fireEvent.click(screen.getByTestId('confirm-erase'));
    await waitFor(() => expect(screen.getByTestId('erase-error').textContent).toBe(refusal));
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(screen.queryByTestId('erase-done')).toBeNull();
  });

  it('says when no one is past the period, and shows a refusal to load', async () => {
    api.pastRetention.mockResolvedValue([]);
    const first = render(AdminRetention);
    await screen.findByTestId('retention-none');
    expect(screen.getByTestId('retention-none').textContent).toBe('No one is past the retention period.');
    expect(screen.queryByTestId('erase-selected')).toBeNull();
    first.unmount();

    api.retentionPeriod.mockRejectedValue(new Refusal('forbidden', 'not allowed: your role cannot manage how long records are kept'));
    render(AdminRetention);
    await waitFor(() => expect(screen.getByTestId('retention-load-error').textContent).toBe('not allowed: your role cannot manage how long records are kept'));
    expect(screen.queryAllByTestId('retention-row')).toHaveLength(0);
  });
});
