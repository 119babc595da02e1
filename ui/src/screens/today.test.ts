// Today's week and the registers still to record, against a stubbed backend: which week is
// asked for as the caseworker moves, what is listed, and axe.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Overview, SessionListing } from '../lib/wire';

const api = vi.hoisted(() => ({ overview: vi.fn(), clearanceWarnings: vi.fn(), printRegisterSheets: vi.fn(), printUnlockLists: vi.fn(), addEvent: vi.fn() }));

vi.mock('../lib/api', async () => (await import('../test/screens')).stubbedApi(api));

import { app } from '../lib/session.svelte';
import Today from './Today.svelte';
import { ALISON, PER, noAxeViolations } from '../test/screens';

function listing(id: string, held_on: string, group_name: string, start_time = '18:30'): SessionListing {
  return {
    id, group_id: `g-${group_name}`, group_name, establishment_id: 'e1', marks_recorded: 0, held_on, start_time, status: 'planned',
    cancellation_reason: null, cancellation_note: null, topic: null, notes: null, from_schedule: true, cancelled_for_clearance: null, facilitators: [], held_uncleared: null, event: null,
  };
}

// Today is Wednesday 18/11/2026: the week of Monday 16/11.
function overview(week_start: string, sessions: SessionListing[], still_to_record: SessionListing[] = []): Overview {
  return { today: '2026-11-18', week_start, sessions, still_to_record, programmes_ending: [], liberations_due: [], follow_up: [] };
}

beforeEach(() => {
  app.signedIn = ALISON;
  app.establishment = PER;
  api.clearanceWarnings.mockResolvedValue({ sentence: null, lapsed: [], expiring: [] });
});
afterEach(() => {
  cleanup();
  vi.resetAllMocks();
});

describe('Today', () => {
  it('lists the registers still to record, newest first, each opening its register', async () => {
    const aa = listing('s-aa', '2026-11-17', 'AA meeting');
    const smart = listing('s-smart', '2026-11-10', 'SMART Recovery', '14:00');
    api.overview.mockResolvedValue(overview('2026-11-16', [], [aa, smart]));
    const { container } = render(Today);
    const panel = await screen.findByTestId('still-to-record');
    const rows = within(panel).getAllByTestId('still-to-record-session');
    const cells = (row: HTMLElement) => Array.from(row.querySelectorAll('td')).slice(0, 3).map((c) => c.textContent?.trim());
    expect(rows.map(cells)).toEqual([
      ['Tue 17/11/2026', '18:30', 'AA meeting'],
      ['Tue 10/11/2026', '14:00', 'SMART Recovery'],
    ]);
    expect(within(rows[0]).getByRole('link', { name: 'Open register: AA meeting, 17/11/2026' }).getAttribute('href')).toBe('#/sessions/s-aa/register');
    await noAxeViolations(container);
  });

  it('has no still-to-record panel when every register is taken', async () => {
    api.overview.mockResolvedValue(overview('2026-11-16', []));
    render(Today);
    await screen.findByTestId('no-sessions');
    expect(screen.queryByTestId('still-to-record')).toBeNull();
  });

  it('moves a week back and forward by Monday and comes back to this week', async () => {
    api.overview.mockImplementation(async (_e: string, week: string | null) =>
      overview(week === null ? '2026-11-16' : week, week === '2026-11-09' ? [listing('s1', '2026-11-12', 'Recovery Café', '10:00')] : []),
    );
    render(Today);
    expect((await screen.findByTestId('week-dates')).textContent).toBe('16/11/2026 to 22/11/2026');
    expect(screen.getByRole('heading', { level: 2, name: /Sessions this week/ })).toBeTruthy();
    expect((screen.getByTestId('week-this') as HTMLButtonElement).disabled).toBe(true);

    await fireEvent.click(screen.getByTestId('week-back'));
    await waitFor(() => expect(screen.getByTestId('week-dates').textContent).toBe('09/11/2026 to 15/11/2026'));
    expect(api.overview).toHaveBeenLastCalledWith('e1', '2026-11-09');
    expect(screen.getByRole('heading', { level: 2, name: /Sessions in the week/ })).toBeTruthy();
    expect(screen.getAllByTestId('week-session').map((r) => r.textContent)).toEqual([expect.stringContaining('Recovery Café')]);

    await fireEvent.click(screen.getByTestId('week-forward'));
    await fireEvent.click(screen.getByTestId('week-forward'));
    await waitFor(() => expect(screen.getByTestId('week-dates').textContent).toBe('23/11/2026 to 29/11/2026'));
    expect(api.overview).toHaveBeenLastCalledWith('e1', '2026-11-23');
    expect(screen.getByTestId('no-sessions').textContent).toBe('No sessions planned that week.');

    await fireEvent.click(screen.getByTestId('week-this'));
    await waitFor(() => expect(screen.getByTestId('week-dates').textContent).toBe('16/11/2026 to 22/11/2026'));
    expect(api.overview).toHaveBeenLastCalledWith('e1', null);
  });

  it("prints the shown week's registers in one file", async () => {
    api.overview.mockResolvedValue(overview('2026-11-09', [listing('s1', '2026-11-12', 'Recovery Café', '10:00')]));
    api.printRegisterSheets.mockResolvedValue({ files: ['/home/alison/Registers PER 2026-11-09 to 2026-11-15.pdf'] });
    render(Today);
    await fireEvent.click(await screen.findByTestId('week-print'));
    await waitFor(() => expect(screen.getByTestId('week-printed').textContent).toBe(
      'Saved /home/alison/Registers PER 2026-11-09 to 2026-11-15.pdf and opened it for printing.',
    ));
    expect(api.printRegisterSheets).toHaveBeenCalledWith('e1', '2026-11-09', '2026-11-15');
  });

  it("prints a chosen day's unlock lists and registers, today's by default", async () => {
    api.overview.mockResolvedValue(
      overview('2026-11-16', [
        listing('s1', '2026-11-16', 'SMART Recovery', '14:00'),
        listing('s2', '2026-11-18', 'Recovery Café', '10:00'),
        listing('s3', '2026-11-18', 'AA meeting', '18:00'),
      ]),
    );
    api.printUnlockLists.mockResolvedValue({ files: ['/home/alison/Unlock lists PER 2026-11-18.pdf'] });
    api.printRegisterSheets.mockResolvedValue({ files: ['/home/alison/Registers PER 2026-11-18.pdf'] });
    render(Today);
    const day = (await screen.findByTestId('paper-day')) as HTMLSelectElement;
    expect([...day.options].map((o) => o.textContent)).toEqual(['Mon 16/11/2026', 'Today, Wed 18/11/2026']);
    expect(day.value).toBe('2026-11-18');
    await fireEvent.click(screen.getByTestId('print-unlock-lists'));
    await waitFor(() => expect(screen.getByTestId('week-printed').textContent).toBe(
      'Saved /home/alison/Unlock lists PER 2026-11-18.pdf and opened it for printing.',
    ));
    expect(api.printUnlockLists).toHaveBeenCalledWith('e1', '2026-11-18');
    await fireEvent.change(day, { target: { value: '2026-11-16' } });
    await fireEvent.click(screen.getByTestId('print-day-registers'));
    await waitFor(() => expect(api.printRegisterSheets).toHaveBeenCalledWith('e1', '2026-11-16', '2026-11-16'));
  });

  it('adds an event with the keyboard and opens its register; events are marked as such in the week', async () => {
    const walk = { ...listing('s-walk', '2026-11-21', 'Recovery walk, 21/11/2026', '10:30'), event: 'recovery_walk' as const };
    api.overview.mockResolvedValue(overview('2026-11-16', [walk]));
    api.addEvent.mockResolvedValue({
      session_id: 's-new', group_id: 'g-new', establishment_id: 'e1', kind: 'family_day', title: 'Family day', held_on: '2026-11-28', start_time: '13:00', place: 'Visits Hall',
    });
    const { container } = render(Today);
    const row = (await screen.findAllByTestId('week-session'))[0];
    expect(within(row).getByTestId('event-badge').textContent).toBe('Recovery walk');
    expect(within(row).queryByRole('link', { name: 'Recovery walk, 21/11/2026' })).toBeNull();

    await fireEvent.click(screen.getByTestId('event-add'));
    const kind = screen.getByTestId('event-kind') as HTMLSelectElement;
    expect(document.activeElement).toBe(kind);
    expect((screen.getByTestId('event-date') as HTMLInputElement).value).toBe('18/11/2026');
    await fireEvent.change(kind, { target: { value: 'family_day' } });
    await fireEvent.input(screen.getByTestId('event-date'), { target: { value: '28/11/2026' } });
    await fireEvent.input(screen.getByTestId('event-time'), { target: { value: '13:00' } });
    await fireEvent.input(screen.getByTestId('event-place'), { target: { value: 'Visits Hall' } });
    await noAxeViolations(container);
    await fireEvent.submit(screen.getByTestId('event-form'));
    await waitFor(() => expect(location.hash).toBe('#/sessions/s-new/register'));
    expect(api.addEvent).toHaveBeenCalledWith('e1', { kind: 'family_day', title: '', held_on: '2026-11-28', start_time: '13:00', place: 'Visits Hall' });
    expect(screen.queryByTestId('event-form')).toBeNull();
  });

  it('checks the date before asking the core, and Escape closes the form', async () => {
    api.overview.mockResolvedValue(overview('2026-11-16', []));
    render(Today);
    await fireEvent.click(await screen.findByTestId('event-add'));
    await fireEvent.input(screen.getByTestId('event-date'), { target: { value: '31/02/2026' } });
    await fireEvent.submit(screen.getByTestId('event-form'));
    expect((await screen.findByTestId('event-error')).textContent).toMatch(/date/);
    expect(api.addEvent).not.toHaveBeenCalled();
    await fireEvent.keyDown(screen.getByTestId('event-title'), { key: 'Escape' });
    expect(screen.queryByTestId('event-form')).toBeNull();
  });

  it('offers no printing for a week with no sessions', async () => {
    api.overview.mockResolvedValue(overview('2026-11-16', []));
    render(Today);
    await screen.findByTestId('no-sessions');
    expect(screen.queryByTestId('week-print')).toBeNull();
    expect(screen.queryByTestId('day-papers')).toBeNull();
  });
});
