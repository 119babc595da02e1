// Liberation and community referrals against a stubbed backend: Today's countdown and follow-up
// list, the Liberation section of a person's page (plan, consent, referrals and the core's
// refusal to share details without consent, meetings, the outcome) and the recovery passport.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CardLine, 
  CommunityService, Consent, FollowUp, LiberationDue, LiberationPlan, Overview, Participant, ParticipantPage, Passport, ReferralLine,
  ReferralStatus,
} from '../lib/wire';

const api = vi.hoisted(() => ({
  overview: vi.fn(),
  clearanceWarnings: vi.fn(),
  participantPage: vi.fn(),
  cards: vi.fn(async (): Promise<CardLine[]> => []),
  makeTransferPack: vi.fn(),
  liberationPlan: vi.fn(),
  services: vi.fn(),
  setLiberationPlan: vi.fn(),
  recordConsent: vi.fn(),
  withdrawConsent: vi.fn(),
  refer: vi.fn(),
  updateReferral: vi.fn(),
  addMeeting: vi.fn(),
  passport: vi.fn(),
  exportPassport: vi.fn(),
  referralsIn: vi.fn(async () => []),
  programmes: vi.fn(async () => []),
  groups: vi.fn(async () => []),
  capitalOf: vi.fn(async () => []),
  peerRecord: vi.fn(async () => null),
}));

vi.mock('../lib/api', async () => (await import('../test/screens')).stubbedApi(api));

import { ApiError } from '../lib/api';
import { app } from '../lib/session.svelte';
import Person from './Person.svelte';
import Today from './Today.svelte';
import { PER, noAxeViolations } from '../test/screens';


function person(id: string, given: string, family: string, over: Partial<Participant> = {}): Participant {
  return {
    id, establishment_id: 'e1', kind: 'in_custody', prison_number: `P${id}`, given_name: given, family_name: family, date_of_birth: null,
    location: 'A Hall', status: 'in_custody', status_since: null, expected_liberation: null, ...over,
  };
}

function service(id: string, name: string, area: string, over: Partial<CommunityService> = {}): CommunityService {
  return {
    id, name, kind: 'recovery_hub', area, address: null, phone: null, email: null, website: null, meeting_times: null, notes: null,
    // The core's key for these plain (unaccented, single-spaced) areas is their lower case.
    active: true, area_key: area.toLowerCase(), ...over,
  };
}

const HUB = service('s1', 'Dundee Recovery Hub', 'Dundee', { phone: '01382 000000' });
const CAFE = service('s2', 'The Hope Café', 'Dundee', { kind: 'recovery_cafe', meeting_times: 'Tuesdays 7–8.30pm' });
const PERTH = service('s3', 'Perth Lived Experience', 'Perth and Kinross', { kind: 'lived_experience' });
const CLOSED = service('s4', 'Old Hub', 'Dundee', { active: false });

const AILSA = person('p1', 'Ailsa', 'Ó Súilleabháin', { expected_liberation: '2026-12-28' });
const BEN = person('p2', 'Ben', 'Reid', { expected_liberation: '2026-11-10' });
const CARA = person('p3', 'Cara', 'Nowak', { status: 'liberated', status_since: '2026-11-02' });
const DAN = person('p4', 'Dan', 'Kerr', { status: 'transferred', status_since: '2026-10-20' });

/** The steps the core offers after each status these fixtures reach (`rules::liberation::next_statuses`). */
const NEXT: Partial<Record<ReferralStatus, ReferralStatus[]>> = {
  referred: ['accepted', 'first_contact', 'engaged', 'declined', 'lost_contact'],
  accepted: ['first_contact', 'engaged', 'declined', 'lost_contact'],
  engaged: ['accepted', 'first_contact', 'declined', 'lost_contact'],
};

function line(id: string, s: CommunityService, steps: [ReferralStatus, string][], over: Partial<ReferralLine['referral']> = {}): ReferralLine {
  const status = steps[steps.length - 1][0];
  return {
    referral: {
      id, participant_id: 'p1', service_id: s.id, referred_on: steps[0][1], details_shared: false, consent_id: null, notes: null,
      steps: steps.map(([status, on]) => ({ status, on })),
      ...over,
    },
    service: s,
    status,
    next_statuses: NEXT[status] ?? [],
  };
}

const due: LiberationDue[] = [
  {
    participant: BEN,
    home_area: null,
    countdown: {
      expected_liberation: '2026-11-10', days_to_go: BigInt(-6), to_go_words: '6 days ago',
      tasks: [{ task: 'home_area', due_on: '2026-09-15', days_left: BigInt(-62), missing: 'No home area', words: 'Record the home area: overdue since 15/09/2026 (62 days ago)' }],
    },
  },
  {
    participant: AILSA,
    home_area: 'Dundee',
    countdown: {
      expected_liberation: '2026-12-28', days_to_go: BigInt(42), to_go_words: 'in 6 weeks',
      tasks: [
        { task: 'consent', due_on: '2026-11-16', days_left: BigInt(0), missing: 'No consent to share', words: 'Record consent to share by 16/11/2026 (today)' },
        { task: 'referral', due_on: '2026-11-30', days_left: BigInt(14), missing: 'No referral', words: 'Refer to a service near home by 30/11/2026 (in 2 weeks)' },
      ],
    },
  },
];

const followUp: FollowUp[] = [
  {
    participant: CARA, home_area: 'Dundee', status: 'liberated', since: '2026-11-02', outcome: { outcome: 'open', until: '2026-11-23' },
    referrals: [line('r9', CAFE, [['referred', '2026-10-01'], ['accepted', '2026-10-08']])],
  },
  { participant: DAN, home_area: null, status: 'transferred', since: '2026-10-20', outcome: null, referrals: [] },
];

function overview(over: Partial<Overview> = {}): Overview {
  return { today: '2026-11-16', week_start: '2026-11-16', sessions: [], still_to_record: [], programmes_ending: [], liberations_due: due, follow_up: followUp, ...over };
}

const consent: Consent = { id: 'c1', participant_id: 'p1', given_on: '2026-11-01', scope: 'name, release date and phone number', services: ['s1'], establishments: [], withdrawn_on: null };

function plan(over: Partial<LiberationPlan> = {}): LiberationPlan {
  return {
    participant: AILSA,
    home_area: 'Dundee',
    home_area_key: 'dundee',
    consents: [consent],
    consents_in_force: ['c1'],
    referrals: [line('r1', HUB, [['referred', '2026-11-03'], ['accepted', '2026-11-05']], { details_shared: true, consent_id: 'c1' })],
    meetings: [{ id: 'm1', participant_id: 'p1', held_on: '2026-11-10', kind: 'before_liberation', service_id: 's1', notes: 'Met the hub worker' }],
    countdown: due[1].countdown,
    liberated_on: null,
    outcome: null,
    ...over,
  };
}

function page(p: Participant = AILSA): ParticipantPage {
  return { participant: p, enrolments: [], attendance: [], events: [], awards: [], elsewhere: [] };
}

const PASSPORT: Passport = {
  name: 'Ailsa Ó Súilleabháin', home_area: 'Dundee', establishment: null, prepared_on: '2026-11-16',
  groups: [{ name: 'SMART Recovery', sessions_attended: 9, first: '2026-08-04', last: '2026-11-10', completed: false }],
  awards: [{ title: 'Recovery College', awarded_on: '2026-10-30', number: 'PER-2026-0007' }],
  services: [{ service: HUB, referred_on: '2026-11-03', status: 'accepted' }],
  capital: { first_on: '2026-09-07', first_total: 24, latest_on: '2026-11-16', latest_total: 34 },
  peer: { role: 'peer_facilitator', since: '2026-09-01', qualifications: [{ course: 'SMART Recovery', training: 'Training for Trainers', qualified_on: '2026-09-28' }], led: [{ group: 'SMART Recovery', sessions: 6, first: '2026-10-05', last: '2026-11-09' }] },
};

function type(el: HTMLElement, value: string) {
  return fireEvent.input(el, { target: { value } });
}

beforeEach(() => {
  Object.values(api).forEach((f) => f.mockReset());
  // The person's page also shows their referrals into the service.
  api.referralsIn.mockResolvedValue([]);
  api.programmes.mockResolvedValue([]);
  api.groups.mockResolvedValue([]);
  api.capitalOf.mockResolvedValue([]);
  api.peerRecord.mockResolvedValue(null);
  app.establishments = [PER];
  app.establishment = PER;
  app.today = '2026-11-16';
  app.signedIn = { staff_id: 's1', username: 'agrant', display_name: 'Alison Grant', role: 'caseworker', lock_minutes: 5, lock_seconds: 300 };
  api.overview.mockResolvedValue(overview());
  api.clearanceWarnings.mockResolvedValue({ within_days: 90, sentence: null, lapsed: [], expiring: [], waiting: [] });
  api.participantPage.mockResolvedValue(page());
  api.liberationPlan.mockResolvedValue(plan());
  api.services.mockResolvedValue([HUB, CAFE, CLOSED, PERTH]);
  api.passport.mockResolvedValue(PASSPORT);
});

afterEach(() => cleanup());

describe('Today: the liberation countdown and the follow-up list', () => {
  it('lists who is due out, with what is missing, each linking to their Liberation section', async () => {
    const { container } = render(Today);
    const table = await screen.findByTestId('countdown');
    const rows = within(table).getAllByTestId('countdown-row');
    expect(rows.map((r) => r.dataset.participantId)).toEqual(['p2', 'p1']);

    const ailsa = rows[1];
    const link = within(ailsa).getByTestId('countdown-person');
    expect(link.textContent).toBe('Ailsa Ó Súilleabháin');
    expect(link.getAttribute('href')).toBe('#/people/p1/liberation');
    expect(ailsa.textContent).toMatch('Pp1');
    expect(ailsa.textContent).toMatch('28/12/2026');
    expect(within(ailsa).getByTestId('countdown-to-go').textContent).toBe('in 6 weeks');
    expect(ailsa.textContent).toMatch('Dundee');
    const tasks = within(ailsa).getAllByTestId('countdown-task');
    expect(tasks.map((t) => t.dataset.task)).toEqual(['consent', 'referral']);
    expect(tasks[1].textContent?.trim()).toBe('No referral: Refer to a service near home by 30/11/2026 (in 2 weeks)');
    expect(tasks.map((t) => t.dataset.overdue)).toEqual(['no', 'no']);

    // A date already passed, still in custody: the overdue task is marked.
    const ben = rows[0];
    expect(within(ben).getByTestId('countdown-to-go').textContent).toBe('6 days ago');
    const late = within(ben).getByTestId('countdown-task');
    expect(late.dataset.overdue).toBe('yes');
    expect(late.textContent?.trim()).toBe('No home area: Record the home area: overdue since 15/09/2026 (62 days ago)');
    expect(late.classList.contains('overdue')).toBe(true);
    expect(ben.textContent).toMatch('Not recorded');
    expect(screen.getByText(/2 people due for liberation; 1 task overdue\./)).toBeTruthy();

    await noAxeViolations(container);
  });

  it('follows up people just liberated or transferred', async () => {
    render(Today);
    const table = await screen.findByTestId('follow-up');
    const rows = within(table).getAllByTestId('follow-up-row');
    expect(rows.map((r) => [r.dataset.participantId, r.dataset.status])).toEqual([['p3', 'liberated'], ['p4', 'transferred']]);
    expect(rows[0].textContent).toMatch('Liberated 02/11/2026');
    expect(within(rows[0]).getByTestId('follow-up-person').getAttribute('href')).toBe('#/people/p3/liberation');
    const referral = within(rows[0]).getByTestId('follow-up-referral');
    expect(referral.textContent).toBe('The Hope Café: Accepted');
    expect(referral.dataset.status).toBe('accepted');
    const outcome = within(rows[0]).getByTestId('follow-up-outcome');
    expect(outcome.dataset.outcome).toBe('open');
    expect(outcome.textContent).toBe('Still within the 3 weeks, until 23/11/2026');
    expect(rows[1].textContent).toMatch('Transferred 20/10/2026');
    expect(rows[1].textContent).toMatch('No referral');
  });

  it('says so when nobody is due or to follow up', async () => {
    api.overview.mockResolvedValue(overview({ liberations_due: [], follow_up: [] }));
    const { container } = render(Today);
    expect((await screen.findByTestId('countdown-empty')).textContent).toMatch('next 8 weeks');
    expect(screen.getByTestId('follow-up-empty')).toBeTruthy();
    await noAxeViolations(container);
  });
});

describe('the Liberation section of a person’s page', () => {
  it('shows the countdown, consents, referrals and meetings', async () => {
    const { container } = render(Person, { id: 'p1' });
    const section = await screen.findByTestId('person-liberation');
    await within(section).findByTestId('liberation-countdown');
    expect(api.liberationPlan).toHaveBeenCalledWith('p1');
    expect(api.services).toHaveBeenCalledWith(null, true);
    expect(within(section).getByTestId('countdown-to-go').textContent).toBe('in 6 weeks');
    expect(within(section).getByTestId('countdown-expected').textContent).toBe('28/12/2026');
    expect(within(section).getAllByTestId('countdown-task').map((t) => t.textContent?.trim())).toEqual([
      'No consent to share: Record consent to share by 16/11/2026 (today)',
      'No referral: Refer to a service near home by 30/11/2026 (in 2 weeks)',
    ]);
    expect(screen.getByTestId<HTMLInputElement>('plan-expected').value).toBe('28/12/2026');
    expect(screen.getByTestId<HTMLInputElement>('plan-home-area').value).toBe('Dundee');

    const consentRow = screen.getByTestId('consent-row');
    expect(consentRow.textContent).toMatch('01/11/2026');
    expect(consentRow.textContent).toMatch('name, release date and phone number');
    expect(consentRow.textContent).toMatch('Dundee Recovery Hub');
    expect(consentRow.textContent).toMatch('In force');

    const referral = screen.getByTestId('referral-row');
    expect(referral.dataset.status).toBe('accepted');
    expect(within(referral).getByTestId('referral-steps').textContent).toBe('Referred 03/11/2026, Accepted 05/11/2026');
    expect(within(referral).getByTestId('referral-status').textContent).toBe('Accepted');
    expect(referral.textContent).toMatch('Yes, with consent');

    const meeting = screen.getByTestId('meeting-row');
    expect(meeting.textContent).toMatch('10/11/2026');
    expect(meeting.textContent).toMatch('Before liberation');
    expect(meeting.textContent).toMatch('Dundee Recovery Hub');

    // The referral form offers the home area's services first, and none no longer running.
    const select = screen.getByTestId<HTMLSelectElement>('referral-service');
    const groups = [...select.querySelectorAll('optgroup')];
    expect(groups.map((g) => g.label)).toEqual(['In the home area (Dundee)', 'Other areas']);
    expect([...groups[0].querySelectorAll('option')].map((o) => o.value)).toEqual(['s1', 's2']);
    expect([...groups[1].querySelectorAll('option')].map((o) => o.value)).toEqual(['s3']);
    expect([...select.options].map((o) => o.value)).not.toContain('s4');
    expect(screen.getAllByTestId('consent-service').map((c) => c.dataset.serviceId)).toEqual(['s1', 's2', 's3']);

    await noAxeViolations(container);
  });

  it('is not shown for a member of staff', async () => {
    api.participantPage.mockResolvedValue(page(person('p9', 'Tom', 'Reid', { kind: 'staff', status: null, prison_number: null })));
    render(Person, { id: 'p9' });
    await screen.findByTestId('person-name');
    expect(screen.queryByTestId('person-liberation')).toBeNull();
    expect(api.liberationPlan).not.toHaveBeenCalled();
  });

  it('shows the core’s refusal to share details without consent next to the referral form', async () => {
    render(Person, { id: 'p1' });
    const form = await screen.findByTestId('referral-form');
    await fireEvent.click(within(form).getByTestId('referral-save'));
    expect(screen.getByTestId('referral-error').textContent).toBe('service: choose the service the person is referred to');
    expect(api.refer).not.toHaveBeenCalled();

    const refusal = 'details shared: Ailsa Ó Súilleabháin has no consent in force on 16/11/2026 to share information with The Hope Café; record their consent first, or refer without sharing their details';
    api.refer.mockRejectedValue(new ApiError('conflict', refusal));
    await fireEvent.change(within(form).getByLabelText('Service'), { target: { value: 's2' } });
    expect(within(form).getByLabelText<HTMLInputElement>('Date referred').value).toBe('16/11/2026');
    await fireEvent.click(within(form).getByLabelText('The person’s details were passed to the service'));
    await fireEvent.click(within(form).getByTestId('referral-save'));
    expect(api.refer).toHaveBeenCalledWith('p1', { service_id: 's2', referred_on: '2026-11-16', details_shared: true, notes: null });
    await waitFor(() => expect(screen.getByTestId('referral-error').textContent).toBe(refusal));
    expect(form.contains(screen.getByTestId('referral-error'))).toBe(true);

    // From the refusal to the consent form, with that service ticked.
    await fireEvent.click(screen.getByTestId('referral-record-consent'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('consent-date')));
    const ticked = screen.getAllByTestId<HTMLInputElement>('consent-service').filter((c) => c.checked).map((c) => c.value);
    expect(ticked).toEqual(['s2']);
  });

  it('records consent, refers, moves a referral on and records a meeting', async () => {
    render(Person, { id: 'p1' });
    const consentForm = await screen.findByTestId('consent-form');
    api.recordConsent.mockResolvedValue({ ...consent, id: 'c2', given_on: '2026-11-16', services: ['s2'] });
    await type(within(consentForm).getByLabelText('What may be shared'), 'name and release date');
    await fireEvent.click(within(consentForm).getByLabelText(/The Hope Café/));
    await fireEvent.click(within(consentForm).getByTestId('consent-save'));
    expect(api.recordConsent).toHaveBeenCalledWith('p1', { given_on: '2026-11-16', scope: 'name and release date', services: ['s2'] });
    await waitFor(() => expect(screen.getByTestId('consent-done').textContent).toBe('Recorded consent given on 16/11/2026 to share with The Hope Café.'));

    api.refer.mockResolvedValue(line('r2', CAFE, [['referred', '2026-11-16']], { details_shared: true }));
    const referForm = screen.getByTestId('referral-form');
    await fireEvent.change(within(referForm).getByLabelText('Service'), { target: { value: 's2' } });
    await fireEvent.click(within(referForm).getByTestId('referral-details-shared'));
    await fireEvent.click(within(referForm).getByTestId('referral-save'));
    await waitFor(() => expect(screen.getByTestId('referral-done').textContent).toBe('Referred to The Hope Café on 16/11/2026, with their details shared.'));
    expect(screen.getByTestId<HTMLSelectElement>('referral-service').value).toBe('');

    // Update: the next step, dated today; Referred and the status it has are not offered.
    const update = screen.getByTestId('update-referral-r1');
    await fireEvent.click(update);
    const stepForm = await screen.findByTestId('update-referral-form');
    const status = within(stepForm).getByTestId<HTMLSelectElement>('update-referral-status');
    expect([...status.options].map((o) => o.value)).toEqual(['first_contact', 'engaged', 'declined', 'lost_contact']);
    expect(document.activeElement).toBe(status);
    expect(within(stepForm).getByTestId<HTMLInputElement>('update-referral-date').value).toBe('16/11/2026');
    await fireEvent.change(status, { target: { value: 'engaged' } });
    await type(within(stepForm).getByTestId('update-referral-date'), '14/11/2026');
    api.updateReferral.mockResolvedValue(line('r1', HUB, [['referred', '2026-11-03'], ['accepted', '2026-11-05'], ['engaged', '2026-11-14']]));
    await fireEvent.click(within(stepForm).getByTestId('update-referral-save'));
    expect(api.updateReferral).toHaveBeenCalledWith('r1', { status: 'engaged', on: '2026-11-14' });
    await waitFor(() => expect(screen.getByTestId('update-referral-done').textContent).toBe('Dundee Recovery Hub: engaged on 14/11/2026.'));
    expect(screen.queryByTestId('update-referral-form')).toBeNull();

    const meetingForm = screen.getByTestId('meeting-form');
    expect(within(meetingForm).getByTestId<HTMLSelectElement>('meeting-kind').value).toBe('before_liberation');
    await fireEvent.change(within(meetingForm).getByTestId('meeting-kind'), { target: { value: 'home_leave' } });
    await fireEvent.change(within(meetingForm).getByTestId('meeting-service'), { target: { value: 's2' } });
    await type(within(meetingForm).getByTestId('meeting-notes'), ' Visited the café ');
    api.addMeeting.mockResolvedValue({ id: 'm2', participant_id: 'p1', held_on: '2026-11-16', kind: 'home_leave', service_id: 's2', notes: 'Visited the café' });
    await fireEvent.click(within(meetingForm).getByTestId('meeting-save'));
    expect(api.addMeeting).toHaveBeenCalledWith('p1', { held_on: '2026-11-16', kind: 'home_leave', service_id: 's2', notes: 'Visited the café' });
    await waitFor(() => expect(screen.getByTestId('meeting-done').textContent).toBe('Recorded a meeting on 16/11/2026 (on home leave).'));
  });

  it('saves the expected date and home area together, and withdraws consent', async () => {
    render(Person, { id: 'p1' });
    const planForm = await screen.findByTestId('plan-form');
    await type(screen.getByTestId('plan-expected'), '31/11/2026');
    await fireEvent.click(screen.getByTestId('plan-save'));
    expect(screen.getByTestId('plan-error').textContent).toBe('expected liberation: 31/11/2026 is not a real date');

    api.setLiberationPlan.mockResolvedValue(plan({ home_area: 'Perth and Kinross', home_area_key: 'perth and kinross', participant: { ...AILSA, expected_liberation: '2027-01-04' } }));
    await type(screen.getByTestId('plan-expected'), '04/01/2027');
    await type(screen.getByTestId('plan-home-area'), ' Perth and Kinross ');
    await fireEvent.click(within(planForm).getByTestId('plan-save'));
    expect(api.setLiberationPlan).toHaveBeenCalledWith('p1', { expected_liberation: '2027-01-04', home_area: 'Perth and Kinross' });
    await waitFor(() => expect(screen.getByTestId('plan-done').textContent).toBe('Saved the expected liberation date and home area.'));
    expect(api.participantPage).toHaveBeenCalledTimes(2);

    await fireEvent.click(screen.getByTestId('withdraw-consent-c1'));
    const form = await screen.findByTestId('withdraw-form');
    expect(within(form).getByLabelText<HTMLInputElement>('Date withdrawn').value).toBe('16/11/2026');
    api.withdrawConsent.mockResolvedValue({ ...consent, withdrawn_on: '2026-11-16' });
    api.liberationPlan.mockResolvedValue(plan({ consents: [{ ...consent, withdrawn_on: '2026-11-16' }], consents_in_force: [] }));
    await fireEvent.click(within(form).getByTestId('withdraw-save'));
    expect(api.withdrawConsent).toHaveBeenCalledWith('c1', '2026-11-16');
    await waitFor(() => expect(screen.getByTestId('consent-row').dataset.withdrawn).toBe('yes'));
    expect(screen.getByTestId('consent-row').textContent).toMatch('Withdrawn 16/11/2026');
    expect(screen.queryByTestId('withdraw-consent-c1')).toBeNull();
  });

  it('says how it went after liberation', async () => {
    api.participantPage.mockResolvedValue(page(CARA));
    api.liberationPlan.mockResolvedValue(plan({
      participant: CARA, countdown: null, liberated_on: '2026-10-01', outcome: { outcome: 'not_engaged', ended: '2026-10-22' },
    }));
    render(Person, { id: 'p3' });
    const outcome = await screen.findByTestId('liberation-outcome');
    expect(outcome.dataset.outcome).toBe('not_engaged');
    expect(outcome.textContent).toBe('Not engaged: the 3 weeks ended 22/10/2026');
    expect(screen.getByTestId('liberation-after').textContent).toMatch('Liberated on 01/10/2026.');
    expect(screen.queryByTestId('liberation-countdown')).toBeNull();
    expect(screen.getByTestId<HTMLSelectElement>('meeting-kind').value).toBe('after_liberation');
  });

  it('scrolls to and focuses the section when opened from a link to it', async () => {
    render(Person, { id: 'p1', section: 'liberation' });
    await waitFor(() => expect(document.activeElement?.id).toBe('liberation-heading'));
  });
});

describe('the recovery passport', () => {
  it('does not name the prison unless asked, previews, and saves the PDF', async () => {
    const { container } = render(Person, { id: 'p1' });
    const open = await screen.findByTestId('passport-open');
    expect(open.textContent).toBe('Recovery passport…');
    await fireEvent.click(open);
    const dialog = await screen.findByTestId('passport-dialog');
    expect(dialog.getAttribute('role')).toBe('dialog');
    const box = within(dialog).getByLabelText<HTMLInputElement>('Name the prison on the passport');
    expect(box.checked).toBe(false);
    await waitFor(() => expect(document.activeElement).toBe(box));
    expect(api.passport).toHaveBeenCalledWith('p1', false);
    await within(dialog).findByTestId('passport-groups');
    expect(within(dialog).getByTestId('passport-establishment').textContent).toBe('Not named');
    expect(within(dialog).getByTestId('passport-group').textContent).toMatch('SMART Recovery: 9 sessions attended, 04/08/2026 to 10/11/2026');
    expect(within(dialog).getByTestId('passport-award').textContent).toMatch('Recovery College, 30/10/2026 (certificate PER-2026-0007)');
    // Their BARC-10, as they chose to have it shown: where they started and where they are.
    expect(within(dialog).getByTestId('passport-capital').textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'At the start, 07/09/2026: 24 of 60; most recently, 16/11/2026: 34 of 60.',
    );
    expect(within(dialog).getByTestId('passport-service').textContent).toMatch('Dundee Recovery Hub (Dundee): accepted, referred 03/11/2026');
    await noAxeViolations(container);

    api.passport.mockResolvedValue({ ...PASSPORT, establishment: 'HMP Perth' });
    await fireEvent.click(box);
    expect(api.passport).toHaveBeenLastCalledWith('p1', true);
    await waitFor(() => expect(within(dialog).getByTestId('passport-establishment').textContent).toBe('HMP Perth'));

    api.exportPassport.mockResolvedValue({ files: ['/home/ag/Recovery passport Ailsa.pdf'] });
    await fireEvent.click(within(dialog).getByTestId('passport-save'));
    expect(api.exportPassport).toHaveBeenCalledWith('p1', true);
    await waitFor(() => expect(within(dialog).getByTestId('passport-done').textContent).toBe(
      'Saved /home/ag/Recovery passport Ailsa.pdfIt is open in your PDF viewer.',
    ));

    await fireEvent.keyDown(box, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('passport-dialog')).toBeNull());
    expect(document.activeElement).toBe(screen.getByTestId('passport-open'));
  });

  it('says when nothing was saved', async () => {
    render(Person, { id: 'p1' });
    await fireEvent.click(await screen.findByTestId('passport-open'));
    const dialog = await screen.findByTestId('passport-dialog');
    await within(dialog).findByTestId('passport-groups');
    api.exportPassport.mockResolvedValue(null);
    await fireEvent.click(within(dialog).getByTestId('passport-save'));
    expect(api.exportPassport).toHaveBeenCalledWith('p1', false);
    await waitFor(() => expect(within(dialog).getByTestId('passport-done').textContent).toBe('Nothing was saved: the save dialog was cancelled.'));
  });
});
