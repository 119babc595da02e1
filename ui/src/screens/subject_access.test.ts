// A person's full record (a subject access request) from their page, against a stubbed backend:
// shown to administrators only (the core refuses others anyway, and its refusal is shown as it
// is), one action that saves a PDF and a JSON file and says where they went.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CardLine,  Participant, ParticipantPage, Role } from '../lib/wire';

const api = vi.hoisted(() => ({
  participantPage: vi.fn(),
  cards: vi.fn(async (): Promise<CardLine[]> => []),
  makeTransferPack: vi.fn(),
  liberationPlan: vi.fn(),
  services: vi.fn(),
  exportPersonRecord: vi.fn(),
  personAudit: vi.fn(),
}));

vi.mock('../lib/api', async () => (await import('../test/screens')).stubbedApi(api));

import { ApiError } from '../lib/api';
import { app } from '../lib/session.svelte';
import Person from './Person.svelte';
import { PER, noAxeViolations } from '../test/screens';


const SIOBHAN: Participant = {
  id: 'p1', establishment_id: 'e1', kind: 'staff', prison_number: null, given_name: 'Siobhán', family_name: 'Ó Súilleabháin',
  date_of_birth: '1984-03-02', location: null, status: null, status_since: null, expected_liberation: null,
};

function page(): ParticipantPage {
  return { participant: SIOBHAN, enrolments: [], attendance: [], events: [], awards: [], elsewhere: [] };
}

function signIn(role: Role) {
  app.signedIn = { staff_id: 's1', username: 'agrant', display_name: 'Alison Grant', role, lock_minutes: 5, lock_seconds: 300 };
}

beforeEach(() => {
  Object.values(api).forEach((f) => f.mockReset());
  app.establishments = [PER];
  app.establishment = PER;
  app.today = '2026-11-16';
  signIn('administrator');
  api.participantPage.mockResolvedValue(page());
});

afterEach(() => cleanup());

describe('a person’s full record (subject access)', () => {
  it('saves the PDF and the JSON for an administrator and says where they went', async () => {
    const { container } = render(Person, { id: 'p1' });
    const section = await screen.findByTestId('person-full-record');
    const button = within(section).getByTestId('full-record-export');
    expect(button.textContent?.trim()).toBe('Full record (subject access)…');
    const words = section.textContent?.replace(/\s+/g, ' ') ?? '';
    expect(words).toMatch('Everything Recovery Register holds about Siobhán Ó Súilleabháin');
    expect(words).toMatch('subject access request under the UK GDPR');
    expect(words).toMatch('The export is recorded in the audit trail.');
    await noAxeViolations(container);

    let answer: (v: unknown) => void = () => {};
    api.exportPersonRecord.mockReturnValue(new Promise((resolve) => (answer = resolve)));
    await fireEvent.click(button);
    expect(api.exportPersonRecord).toHaveBeenCalledWith('p1');
    // While the folder dialog is open, a second click does nothing.
    await waitFor(() => expect(button.textContent?.trim()).toBe('Choose a folder…'));
    expect((button as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(button);
    expect(api.exportPersonRecord).toHaveBeenCalledTimes(1);

    answer({
      pdf: '/home/ag/Documents/full-record-2026-11-16-9f3c2a1b.pdf',
      json: '/home/ag/Documents/full-record-2026-11-16-9f3c2a1b.json',
    });
    const done = await within(section).findByTestId('full-record-done');
    expect([...done.querySelectorAll('p')].map((p) => p.textContent)).toEqual([
      'Saved the PDF to read: /home/ag/Documents/full-record-2026-11-16-9f3c2a1b.pdf',
      'Saved the JSON file for computers: /home/ag/Documents/full-record-2026-11-16-9f3c2a1b.json',
    ]);
    expect((button as HTMLButtonElement).disabled).toBe(false);
    expect(button.textContent?.trim()).toBe('Full record (subject access)…');
    await noAxeViolations(container);
  });

  it('says when nothing was saved, and shows the core’s refusal as it is', async () => {
    render(Person, { id: 'p1' });
    const button = await screen.findByTestId('full-record-export');
    api.exportPersonRecord.mockResolvedValue(null);
    await fireEvent.click(button);
    await waitFor(() => expect(screen.getByTestId('full-record-done').textContent).toBe('Nothing was saved: the folder dialog was cancelled.'));

    const refusal = "not allowed: your role cannot export a person's full record";
    api.exportPersonRecord.mockRejectedValue(new ApiError('forbidden', refusal));
    await fireEvent.click(button);
    await waitFor(() => expect(screen.getByTestId('full-record-error').textContent).toBe(refusal));
    expect(screen.queryByTestId('full-record-done')).toBeNull();
  });

  it.each(['caseworker', 'viewer'] as Role[])('is not offered to a %s', async (role) => {
    signIn(role);
    render(Person, { id: 'p1' });
    await screen.findByTestId('person-name');
    await screen.findByTestId('person-awards');
    expect(screen.queryByTestId('person-full-record')).toBeNull();
    expect(screen.queryByText(/Full record/)).toBeNull();
    expect(api.exportPersonRecord).not.toHaveBeenCalled();
    expect(screen.queryByTestId('person-who-looked')).toBeNull();
  });
});

describe('who looked at this record', () => {
  const line = (at_london: string, who: string, action: 'view_person' | 'print_passport' | 'update_referral', description: string, about: string | null = null) => ({
    at_london, at: '2026-11-16T10:00:00Z', who, action, description, workstation: 'CAFE-PC', record_kind: 'person', record_id: 'p1', detail: null, about,
  });

  it('shows an administrator the audit entries about the person, newest first, when asked', async () => {
    api.personAudit.mockResolvedValue([
      line('16/11/2026 10:05:00', 'Alison Grant', 'view_person', 'Viewed a person’s record'),
      line('13/11/2026 15:30:00', 'Kyle Reid', 'print_passport', 'Printed a recovery passport'),
      line('10/11/2026 09:00:00', 'Alison Grant', 'update_referral', 'Updated a referral', 'Tay Recovery Hub (first contact)'),
    ]);
    const { container } = render(Person, { id: 'p1' });
    const section = await screen.findByTestId('person-who-looked');
    expect(api.personAudit).not.toHaveBeenCalled();
    await fireEvent.click(within(section).getByTestId('who-looked-show'));
    const rows = await screen.findAllByTestId('who-looked-row');
    expect(api.personAudit).toHaveBeenCalledWith('p1');
    expect(rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent))).toEqual([
      ['16/11/2026 10:05:00', 'Alison Grant', 'Viewed a person’s record', 'CAFE-PC'],
      ['13/11/2026 15:30:00', 'Kyle Reid', 'Printed a recovery passport', 'CAFE-PC'],
      ['10/11/2026 09:00:00', 'Alison Grant', 'Updated a referral: Tay Recovery Hub (first contact)', 'CAFE-PC'],
    ]);
    await noAxeViolations(container);
  });

  it('shows the core’s refusal as it is', async () => {
    const refusal = 'not allowed: your role cannot see the audit trail';
    api.personAudit.mockRejectedValue(new ApiError('forbidden', refusal));
    render(Person, { id: 'p1' });
    await fireEvent.click(await screen.findByTestId('who-looked-show'));
    await waitFor(() => expect(screen.getByTestId('who-looked-error').textContent).toBe(refusal));
    expect(screen.queryByTestId('who-looked')).toBeNull();
  });
});
