// Referrals into the service and programmes' waiting lists against a stubbed backend: a referral
// recorded from the person's page with what it is for, moved on to its outcome; a waiting list
// worked oldest first (a reason asked for whoever is passed over), the allocation sent whole,
// and the core's refusal shown by the form.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Group, Participant, ProgrammeLine, ReferralInLine, WaitingLine, WaitingList } from '../lib/wire';

const api = vi.hoisted(() => ({
  referralsIn: vi.fn(),
  referIn: vi.fn(),
  recordFirstContact: vi.fn(),
  closeReferralIn: vi.fn(),
  groups: vi.fn(),
  programmes: vi.fn(),
  addProgramme: vi.fn(),
  waitingList: vi.fn(),
  allocateCohort: vi.fn(),
  capitalOf: vi.fn(),
  recordCapital: vi.fn(),
}));

vi.mock('../lib/api', async () => (await import('../test/screens')).stubbedApi(api));

import { ApiError } from '../lib/api';
import { app } from '../lib/session.svelte';
import ReferralsInSection from '../components/ReferralsInSection.svelte';
import WaitingLists from './WaitingLists.svelte';
import CapitalSection from '../components/CapitalSection.svelte';
import { ALISON, PER, noAxeViolations } from '../test/screens';

function person(id: string, given: string, family: string): Participant {
  return {
    id, establishment_id: 'e1', kind: 'in_custody', prison_number: `30000${id}`, given_name: given, family_name: family,
    date_of_birth: null, location: null, status: 'in_custody', status_since: null, expected_liberation: null, printed_name: null,
  } as Participant;
}

const SIOBHAN = person('1', 'Siobhán', 'Ó Súilleabháin');
const LUKASZ = person('2', 'Łukasz', 'Żółć');
const NGUYEN = person('3', 'Nguyễn Văn', 'An');

function group(id: string, name: string, kind: Group['kind']): Group {
  return {
    id, establishment_id: 'e1', name, kind, location: null, starts_on: '2026-11-02', ends_on: null, start_time: '14:00', duration_minutes: 90,
    schedule: { weekday: 'mon', every_weeks: 1 }, planned_sessions: kind === 'programme' ? 8 : null, completion: null, facilitators: [],
  };
}

const SMART = group('g1', 'SMART Recovery', 'smart_recovery');
const COHORT = group('g2', 'MOIR – cohort 3', 'programme');
const MOIR: ProgrammeLine = { programme: { id: 'm1', establishment_id: 'e1', name: 'MOIR' }, establishment_code: 'PER', waiting: 3, longest_wait: 46 };

function waitingLine(p: Participant, referred_on: string, days: number): WaitingLine {
  return {
    referral: {
      id: `r${p.id}`, participant_id: p.id, source: 'hall_staff', referred_on, wants: 'programme', group_id: null, programme_id: 'm1',
      first_contact_on: null, outcome: null, outcome_on: null, cohort_id: null,
    },
    participant: p, days_waiting: days, over_standard: days > 21, skips: [],
  };
}

const LIST: WaitingList = {
  programme: MOIR.programme,
  lines: [waitingLine(SIOBHAN, '2026-10-01', 46), waitingLine(LUKASZ, '2026-10-08', 39), waitingLine(NGUYEN, '2026-11-09', 7)],
  cohorts: [COHORT],
};

function type(el: HTMLElement, value: string) {
  return fireEvent.input(el, { target: { value } });
}

beforeEach(() => {
  Object.values(api).forEach((f) => f.mockReset());
  app.establishments = [PER];
  app.establishment = PER;
  app.signedIn = ALISON;
  app.today = '2026-11-16';
  api.groups.mockResolvedValue([SMART, COHORT]);
  api.programmes.mockResolvedValue([MOIR]);
  api.waitingList.mockResolvedValue(LIST);
});

afterEach(cleanup);

describe('waiting lists', () => {
  it('asks why an older person is passed over, and sends the allocation whole', async () => {
    const { container } = render(WaitingLists);
    const row = await screen.findByTestId('programme-row');
    expect(row.textContent).toMatch('46 days');
    expect(within(row).getByText('Over 3 weeks')).toBeTruthy();
    await fireEvent.click(within(row).getByTestId('programme-open'));
    const rows = await screen.findAllByTestId('waiting-row');
    expect(rows.map((r) => r.querySelector('a')?.textContent)).toEqual(['Siobhán Ó Súilleabháin', 'Łukasz Żółć', 'Nguyễn Văn An']);
    expect(rows.map((r) => r.dataset.over)).toEqual(['true', 'true', 'false']);

    // Taking Łukasz and Nguyễn passes Siobhán over: her reason is asked for, and only hers.
    const takes = screen.getAllByTestId<HTMLInputElement>('waiting-take');
    await fireEvent.click(takes[1]);
    await fireEvent.click(takes[2]);
    const reasons = screen.getAllByTestId('waiting-skip-reason');
    expect(reasons).toHaveLength(1);
    expect(screen.getByLabelText('Why Siobhán Ó Súilleabháin is not taken')).toBe(reasons[0]);
    await type(reasons[0], 'In segregation until December');
    expect(screen.getByTestId('allocate').textContent).toMatch('Put 2 people on the cohort');
    api.allocateCohort.mockResolvedValue({ programme_id: 'm1', cohort: COHORT, enrolments: [{}, {}], skipped: 1 });
    await fireEvent.submit(screen.getByTestId('allocate-form'));
    await waitFor(() => expect(api.allocateCohort).toHaveBeenCalledTimes(1));
    expect(api.allocateCohort).toHaveBeenCalledWith('m1', {
      cohort_id: 'g2', on: '2026-11-16', take: ['r2', 'r3'],
      skip: [{ referral_in_id: 'r1', reason: 'In segregation until December' }],
    });
    expect((await screen.findByTestId('allocate-done')).textContent).toBe(
      '2 people joined MOIR – cohort 3 on 16/11/2026; 1 person passed over, with the reason kept.',
    );
    await noAxeViolations(container);
  });

  it('ticks the oldest, and shows the core’s refusal by the form', async () => {
    render(WaitingLists);
    await fireEvent.click(await screen.findByTestId('programme-open'));
    await screen.findAllByTestId('waiting-row');
    await type(screen.getByTestId('waiting-take-count'), '2');
    await fireEvent.click(screen.getByTestId('waiting-take-oldest'));
    expect(screen.getAllByTestId<HTMLInputElement>('waiting-take').map((t) => t.checked)).toEqual([true, true, false]);
    expect(screen.queryByTestId('waiting-skip-reason')).toBeNull();
    api.allocateCohort.mockRejectedValue(new ApiError('invalid', 'Łukasz Żółć: is already on this group’s roster'));
    await fireEvent.submit(screen.getByTestId('allocate-form'));
    expect((await screen.findByTestId('allocate-error')).textContent).toMatch('Łukasz Żółć: is already on this group’s roster');
  });
});

describe('referrals into the service on a person’s page', () => {
  const open: ReferralInLine = {
    referral: {
      id: 'ri1', participant_id: '1', source: 'healthcare', referred_on: '2026-10-20', wants: 'group', group_id: 'g1', programme_id: null,
      first_contact_on: null, outcome: null, outcome_on: null, cohort_id: null,
    },
    wants_label: 'SMART Recovery', cohort_name: null, days: 27, skips: [],
  };

  it('records a referral for a group and moves one on to its outcome', async () => {
    api.referralsIn.mockResolvedValue([open]);
    const { container } = render(ReferralsInSection, { person: SIOBHAN });
    const row = await screen.findByTestId('referral-in-row');
    expect(row.textContent).toMatch('Healthcare');
    expect(row.textContent).toMatch('Waiting 27 days');
    expect(within(row).getByText('Over 3 weeks')).toBeTruthy();
    // Only groups that take referrals are offered: a programme's cohort is filled from its list.
    const choices = [...screen.getByTestId<HTMLSelectElement>('referral-in-group').options].map((o) => o.textContent);
    expect(choices).toEqual(['Choose a group', 'SMART Recovery']);

    await fireEvent.change(screen.getByTestId('referral-in-source'), { target: { value: 'hall_staff' } });
    await type(screen.getByTestId('referral-in-date'), '10/11/2026');
    await fireEvent.change(screen.getByTestId('referral-in-wants'), { target: { value: 'programme' } });
    await fireEvent.change(await screen.findByTestId('referral-in-programme'), { target: { value: 'm1' } });
    api.referIn.mockResolvedValue({});
    await fireEvent.submit(screen.getByTestId('referral-in-form'));
    await waitFor(() => expect(api.referIn).toHaveBeenCalledTimes(1));
    expect(api.referIn).toHaveBeenCalledWith('1', {
      source: 'hall_staff', referred_on: '2026-11-10', wants: 'programme', group_id: null, programme_id: 'm1',
    });
    expect((await screen.findByTestId('referral-in-saved')).textContent).toBe('Referral recorded.');

    await fireEvent.click(screen.getByTestId('referral-in-act'));
    expect([...screen.getByTestId<HTMLSelectElement>('referral-in-outcome').options].map((o) => o.value)).toEqual([
      'started', 'declined', 'not_suitable', 'liberated_first',
    ]);
    api.closeReferralIn.mockResolvedValue({});
    await fireEvent.click(screen.getByTestId('referral-in-close'));
    await waitFor(() => expect(api.closeReferralIn).toHaveBeenCalledWith('ri1', 'started', '2026-11-16'));
    await noAxeViolations(container);
  });

  it('offers no "started" for a programme’s referral, and shows a bad date by the form', async () => {
    api.referralsIn.mockResolvedValue([{ ...open, referral: { ...open.referral, wants: 'programme', group_id: null, programme_id: 'm1' }, wants_label: 'MOIR' }]);
    render(ReferralsInSection, { person: SIOBHAN });
    await fireEvent.click(await screen.findByTestId('referral-in-act'));
    expect([...screen.getByTestId<HTMLSelectElement>('referral-in-outcome').options].map((o) => o.value)).toEqual([
      'declined', 'not_suitable', 'liberated_first',
    ]);
    await type(screen.getByTestId('referral-in-on'), '31/02/2026');
    await fireEvent.click(screen.getByTestId('referral-in-first-contact'));
    expect((await screen.findByTestId('referral-in-update-error')).textContent).toMatch('date first seen');
    expect(api.recordFirstContact).not.toHaveBeenCalled();
  });
});

describe('recovery capital on a person’s page', () => {
  const assessment = (id: string, taken_on: string, stage: 'start' | 'review', total: number) => ({
    id, participant_id: '1', taken_on, stage, scores: [], consent: true, on_passport: false, total,
  });

  it('shows the assessments and the change, and records one with consent and all ten scores', async () => {
    api.capitalOf.mockResolvedValue([assessment('c1', '2026-09-07', 'start', 24), assessment('c2', '2026-09-28', 'review', 31)]);
    const { container } = render(CapitalSection, { person: SIOBHAN });
    expect((await screen.findAllByTestId('capital-row')).map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent))).toEqual([
      ['07/09/2026', 'At the start', '24'], ['28/09/2026', 'At a review', '31'],
    ]);
    expect(screen.getByTestId('capital-change').textContent).toBe('Change since the first: +7');
    await fireEvent.click(screen.getByTestId('capital-new'));
    expect(screen.getByTestId<HTMLSelectElement>('capital-stage').value).toBe('review');
    const selects = screen.getAllByTestId<HTMLSelectElement>('capital-score');
    expect(selects).toHaveLength(10);
    expect(screen.getByLabelText('I take full responsibility for my actions.')).toBe(selects[7]);
    // A score left out is said by the form before anything is sent.
    await fireEvent.submit(screen.getByTestId('capital-form'));
    expect((await screen.findByTestId('capital-error')).textContent).toMatch('statement 1: no score chosen');
    for (const [i, s] of selects.entries()) await fireEvent.change(s, { target: { value: String((i % 6) + 1) } });
    await fireEvent.click(screen.getByTestId('capital-consent'));
    api.recordCapital.mockResolvedValue(assessment('c3', '2026-11-16', 'review', 33));
    await fireEvent.submit(screen.getByTestId('capital-form'));
    await waitFor(() => expect(api.recordCapital).toHaveBeenCalledWith('1', {
      taken_on: '2026-11-16', stage: 'review', scores: [1, 2, 3, 4, 5, 6, 1, 2, 3, 4], consent: true, on_passport: false,
    }));
    expect((await screen.findByTestId('capital-saved')).textContent).toBe('Recorded: 33 of 60.');
    await noAxeViolations(container);
  });

  it('shows the core’s refusal without consent', async () => {
    api.capitalOf.mockResolvedValue([]);
    render(CapitalSection, { person: SIOBHAN });
    expect((await screen.findByTestId('capital-none')).textContent).toBe('No assessment recorded.');
    await fireEvent.click(screen.getByTestId('capital-new'));
    for (const s of screen.getAllByTestId<HTMLSelectElement>('capital-score')) await fireEvent.change(s, { target: { value: '3' } });
    api.recordCapital.mockRejectedValue(new ApiError('invalid', "consent: BARC-10 is recorded only with the person's consent"));
    await fireEvent.submit(screen.getByTestId('capital-form'));
    expect((await screen.findByTestId('capital-error')).textContent).toMatch('only with the person');
  });
});
