// The Clearances screen, Today's clearance line and the session rule's refusal on the register,
// against a stubbed backend: what is asked for, what is sent, what is shown, and axe.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  ClearanceDetails, ClearanceLine, ClearanceSettings, ClearanceWarnings, Facilitator, Participant, Register as RegisterData, SignedIn,
} from '../lib/wire';

const api = vi.hoisted(() => ({
  clearances: vi.fn(),
  clearanceWarnings: vi.fn(),
  clearanceSettings: vi.fn(),
  facilitators: vi.fn(),
  addFacilitator: vi.fn(),
  addClearance: vi.fn(),
  renewClearance: vi.fn(),
  editClearance: vi.fn(),
  setClearanceValidity: vi.fn(),
  setClearanceWarningDays: vi.fn(),
  exportClearanceReport: vi.fn(),
  overview: vi.fn(),
  register: vi.fn(),
  takeRegister: vi.fn(),
  printRegisterSheet: vi.fn(),
  recordHeldUncleared: vi.fn(),
  qualifications: vi.fn(),
  recordQualification: vi.fn(),
}));

vi.mock('../lib/api', async () => (await import('../test/screens')).stubbedApi(api));

import { ApiError } from '../lib/api';
import { app } from '../lib/session.svelte';
import Clearances from './Clearances.svelte';
import Register from './Register.svelte';
import Today from './Today.svelte';
import { ALISON, JO, PER, noAxeViolations } from '../test/screens';


const DES: Facilitator = { id: 'f1', name: "Des O'Brien", kind: 'volunteer', organisation: 'CA', active: true };
const MAIRI: Facilitator = { id: 'f2', name: 'Mairi Shaw', kind: 'volunteer', organisation: 'SMART', active: true };
const TOM: Facilitator = { id: 'f3', name: 'Tom Reid', kind: 'staff', organisation: null, active: true };
const UNA: Facilitator = { id: 'f4', name: 'Una Kerr', kind: 'volunteer', organisation: null, active: true };

function line(id: string, f: Facilitator, over: Partial<ClearanceDetails> = {}, extra: Partial<ClearanceLine> = {}): ClearanceLine {
  return {
    clearance: {
      id, facilitator_id: f.id, establishment_id: 'e1', renews: null, kind: 'standard_plus_licence', status: 'granted',
      applied_on: null, granted_on: '2025-11-03', expires_on: '2026-11-02', reference: null, notes: null, ...over,
    },
    facilitator_name: f.name,
    facilitator_kind: f.kind,
    establishment_code: 'PER',
    renewed_by: null,
    expiry_note: null,
    waiting_note: null,
    ...extra,
  };
}

// The notes under the expiry dates, the waits and the sentence as the core works them out on
// 16/11/2026 (90 warning days).
const lapsed = line('c1', DES, { reference: 'SP-881' }, { expiry_note: 'expired 14 days ago' });
const expiring = line('c2', MAIRI, { kind: 'standard_plus_completed', granted_on: '2025-12-24', expires_on: '2026-12-23' }, { expiry_note: '37 days left' });
const waiting = line('c3', MAIRI, { kind: 'enhanced_vetting', status: 'in_progress', applied_on: '2026-08-01', granted_on: null, expires_on: null }, { waiting_note: '107 days ago' });
const lasting = line('c4', TOM, { kind: 'enhanced_vetting', granted_on: '2020-03-03', expires_on: null });

function warnings(over: Partial<ClearanceWarnings> = {}): ClearanceWarnings {
  return {
    within_days: 90, sentence: '1 clearance has lapsed and 1 expires within 90 days', lapsed: [lapsed], expiring: [expiring], waiting: [waiting],
    ...over,
  };
}

const SETTINGS: ClearanceSettings = {
  warning_days: 90,
  validity: [
    { kind: 'enhanced_vetting', months: null },
    { kind: 'standard_plus_completed', months: 12 },
    { kind: 'standard_plus_licence', months: 12 },
    { kind: 'photo_card', months: 12 },
    { kind: 'other', months: null },
  ],
};

function type(el: HTMLElement, value: string) {
  return fireEvent.input(el, { target: { value } });
}

beforeEach(() => {
  Object.values(api).forEach((f) => f.mockReset());
  app.establishments = [PER];
  app.establishment = PER;
  app.today = '2026-11-16';
  app.signedIn = ALISON;
  api.clearances.mockResolvedValue([lapsed, waiting, expiring, lasting]);
  api.clearanceWarnings.mockResolvedValue(warnings());
  api.clearanceSettings.mockResolvedValue(SETTINGS);
  api.facilitators.mockResolvedValue([DES, MAIRI, TOM, UNA]);
  api.qualifications.mockResolvedValue([]);
});

afterEach(() => cleanup());

describe('the Clearances screen', () => {
  it('shows what needs chasing and every clearance here', async () => {
    const { container } = render(Clearances);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Clearances');
    await waitFor(() => expect(screen.getAllByTestId('clearance-row')).toHaveLength(4));
    expect(api.clearances).toHaveBeenCalledWith('e1', null);
    expect(api.clearanceWarnings).toHaveBeenCalledWith('e1');

    const panel = screen.getByTestId('clearance-warnings');
    const lapsedRow = within(panel).getByTestId('lapsed-row');
    expect(lapsedRow.dataset.facilitator).toBe("Des O'Brien");
    expect(lapsedRow.textContent).toMatch('Standard Plus (on licence): last day 02/11/2026, expired 14 days ago');
    const expiringRow = within(panel).getByTestId('expiring-row');
    expect(expiringRow.dataset.facilitator).toBe('Mairi Shaw');
    expect(within(expiringRow).getByTestId('expires-on').textContent).toBe('23/12/2026');
    expect(within(expiringRow).getByTestId('days-left').textContent).toBe('37 days left');
    expect(within(panel).getByText('Expiring within 90 days: 1')).toBeTruthy();
    expect(within(panel).getByTestId('waiting-row').textContent).toMatch('Enhanced vetting: in progress, applied on 01/08/2026 (107 days ago)');

    // Rows by name: Des, Mairi (oldest first), Tom, then Una with none here.
    const rows = screen.getAllByTestId('clearance-row');
    expect(rows.map((r) => r.dataset.facilitator)).toEqual(["Des O'Brien", 'Mairi Shaw', 'Mairi Shaw', 'Tom Reid']);
    expect(rows[0].textContent).toMatch('SP-881');
    expect(rows[0].textContent).toMatch('expired 14 days ago');
    expect(rows[2].textContent).toMatch('37 days left');
    expect(rows[3].textContent).toMatch('no fixed end');
    expect(within(rows[0]).getByTestId('renew-c1')).toBeTruthy();
    expect(within(rows[1]).queryByTestId('renew-c3')).toBeNull(); // still waiting: change it instead
    expect(within(rows[1]).getByTestId('change-c3')).toBeTruthy();
    expect(screen.getByTestId('no-clearance-row').dataset.facilitator).toBe('Una Kerr');

    await noAxeViolations(container);
  });

  it('goes from a warning to the clearance it is about', async () => {
    render(Clearances);
    const panel = await screen.findByTestId('clearance-warnings');
    const name = await within(panel).findByRole('button', { name: "Des O'Brien: show the clearance" });
    await fireEvent.click(name);
    await waitFor(() => expect(document.activeElement?.id).toBe('clearance-c1'));
    expect(document.activeElement?.classList.contains('highlighted')).toBe(true);
  });

  it('says so when nothing needs chasing', async () => {
    api.clearanceWarnings.mockResolvedValue(warnings({ sentence: null, lapsed: [], expiring: [], waiting: [] }));
    render(Clearances);
    expect((await screen.findByTestId('clearance-warnings-none')).textContent).toMatch('none expires within 90 days');
    expect(screen.queryByTestId('lapsed-row')).toBeNull();
  });

  it('renews a clearance from a form filled in for it', async () => {
    const { container } = render(Clearances);
    const renew = await screen.findByTestId('renew-c1');
    await fireEvent.click(renew);
    const form = await screen.findByTestId('renew-clearance-form');
    expect(renew.getAttribute('aria-expanded')).toBe('true');
    expect(within(form).getByLabelText<HTMLSelectElement>('Clearance').value).toBe('standard_plus_licence');
    expect(within(form).getByLabelText<HTMLSelectElement>('Status').value).toBe('granted');
    expect(within(form).getByLabelText<HTMLInputElement>('Date granted').value).toBe('16/11/2026');
    expect(within(form).getByLabelText<HTMLInputElement>('Expiry date (leave empty to work it out)').value).toBe('');
    expect(document.activeElement).toBe(within(form).getByLabelText('Clearance'));
    expect(form.textContent).toMatch('12 months, to the day before the anniversary');
    await noAxeViolations(container);

    const renewal = line('c9', DES, { granted_on: '2026-11-16', expires_on: '2027-11-15', reference: 'SP-990' });
    renewal.clearance.renews = 'c1';
    api.renewClearance.mockResolvedValue(renewal.clearance);
    api.clearances.mockResolvedValue([{ ...lapsed, renewed_by: 'c9', expiry_note: null }, renewal, waiting, expiring, lasting]);
    await type(within(form).getByLabelText('Reference'), ' SP-990 ');
    await fireEvent.click(within(form).getByTestId('renew-clearance-save'));

    expect(api.renewClearance).toHaveBeenCalledWith('c1', {
      kind: 'standard_plus_licence', status: 'granted', applied_on: null, granted_on: '2026-11-16', expires_on: null, reference: 'SP-990', notes: null,
    });
    await waitFor(() => expect(screen.getByTestId('clearance-done').textContent).toBe(
      "Renewed Des O'Brien’s Standard Plus (on licence): granted 16/11/2026, expires 15/11/2027.",
    ));
    expect(screen.queryByTestId('renew-clearance-form')).toBeNull();
    expect(screen.queryByTestId('renew-c1')).toBeNull();
    expect(within(screen.getAllByTestId('clearance-row')[0]).getByTestId('renewed-marker').textContent).toBe('Renewed');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('renew-c9')));
  });

  it('shows the core’s refusal in the form, and Escape closes it', async () => {
    render(Clearances);
    await fireEvent.click(await screen.findByTestId('change-c3'));
    const form = await screen.findByTestId('change-clearance-form');
    expect(within(form).getByLabelText<HTMLInputElement>('Date applied').value).toBe('01/08/2026');
    expect(within(form).getByLabelText<HTMLSelectElement>('Status').value).toBe('in_progress');

    await fireEvent.change(within(form).getByLabelText('Status'), { target: { value: 'granted' } });
    await type(within(form).getByLabelText('Date granted'), '31/11/2026');
    await fireEvent.click(within(form).getByTestId('change-clearance-save'));
    expect(screen.getByTestId('change-clearance-error').textContent).toBe('date granted: 31/11/2026 is not a real date');
    expect(api.editClearance).not.toHaveBeenCalled();

    api.editClearance.mockRejectedValue(new ApiError('invalid', 'date granted: 17/11/2026 is in the future'));
    await type(within(form).getByLabelText('Date granted'), '17/11/2026');
    await fireEvent.click(within(form).getByTestId('change-clearance-save'));
    await waitFor(() => expect(screen.getByTestId('change-clearance-error').textContent).toBe('date granted: 17/11/2026 is in the future'));
    expect(api.editClearance).toHaveBeenCalledWith('c3', expect.objectContaining({ status: 'granted', applied_on: '2026-08-01', granted_on: '2026-11-17' }));

    await fireEvent.keyDown(within(form).getByLabelText('Date granted'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('change-clearance-form')).toBeNull());
    expect(document.activeElement).toBe(screen.getByTestId('change-c3'));
  });

  it('adds a clearance for the facilitator chosen', async () => {
    render(Clearances);
    const form = await screen.findByTestId('add-clearance-form');
    await waitFor(() => expect(within(form).getByLabelText<HTMLSelectElement>('Facilitator').options).toHaveLength(5));
    const who = within(form).getByLabelText<HTMLSelectElement>('Facilitator');
    expect([...who.options].map((o) => o.textContent)).toEqual([
      'Choose…', "Des O'Brien (External volunteer, CA)", 'Mairi Shaw (External volunteer, SMART)', 'Tom Reid (Member of staff)', 'Una Kerr (External volunteer)',
    ]);
    expect([...within(form).getByLabelText<HTMLSelectElement>('Clearance').options].map((o) => o.textContent)).toEqual([
      'Enhanced vetting', 'Standard Plus (completed sentences)', 'Standard Plus (on licence)', 'Photo-card access', 'Other',
    ]);
    for (const label of ['Status', 'Date applied', 'Date granted', 'Expiry date (leave empty to work it out)', 'Reference', 'Notes']) {
      expect(within(form).getByLabelText(label)).toBeTruthy();
    }

    await fireEvent.click(screen.getByTestId('add-clearance'));
    expect(screen.getByTestId('add-clearance-error').textContent).toBe('facilitator: choose who the clearance is for');

    await fireEvent.change(who, { target: { value: 'f4' } });
    await fireEvent.change(within(form).getByLabelText('Clearance'), { target: { value: 'photo_card' } });
    await type(within(form).getByLabelText('Date applied'), '02/10/2026');
    await type(within(form).getByLabelText('Date granted'), '16/11/2026');
    api.addClearance.mockResolvedValue(line('c10', UNA, { kind: 'photo_card', applied_on: '2026-10-02', granted_on: '2026-11-16', expires_on: '2027-11-15' }).clearance);
    await fireEvent.click(screen.getByTestId('add-clearance'));
    expect(api.addClearance).toHaveBeenCalledWith('f4', 'e1', {
      kind: 'photo_card', status: 'granted', applied_on: '2026-10-02', granted_on: '2026-11-16', expires_on: null, reference: null, notes: null,
    });
    await waitFor(() => expect(screen.getByTestId('add-clearance-done').textContent).toBe(
      'Added Photo-card access for Una Kerr: applied 02/10/2026, granted 16/11/2026, expires 15/11/2027.',
    ));
    await waitFor(() => expect(within(form).getByLabelText<HTMLInputElement>('Date granted').value).toBe(''));
  });

  it('starts the add form from a volunteer with no clearance here', async () => {
    render(Clearances);
    await fireEvent.click(await screen.findByTestId('add-for-f4'));
    await waitFor(() => expect(document.activeElement?.id).toBe('add-kind'));
    expect(screen.getByLabelText<HTMLSelectElement>('Facilitator').value).toBe('f4');
  });

  it('offers to add a facilitator when there are none', async () => {
    api.facilitators.mockResolvedValue([]);
    api.clearances.mockResolvedValue([]);
    api.clearanceWarnings.mockResolvedValue(warnings({ sentence: null, lapsed: [], expiring: [], waiting: [] }));
    const { container } = render(Clearances);
    const form = await screen.findByTestId('add-facilitator-form');
    expect(screen.getByTestId('clearances-none')).toBeTruthy();
    await noAxeViolations(container);

    api.addFacilitator.mockResolvedValue(UNA);
    api.facilitators.mockResolvedValue([UNA]);
    await type(within(form).getByLabelText('Name'), 'Una Kerr');
    await fireEvent.click(within(form).getByTestId('facilitator-save'));
    expect(api.addFacilitator).toHaveBeenCalledWith({ name: 'Una Kerr', kind: 'volunteer', organisation: null });
    await waitFor(() => expect(screen.getByTestId('facilitator-done').textContent).toMatch('Added Una Kerr (External volunteer)'));
    expect(screen.getByLabelText<HTMLSelectElement>('Facilitator').value).toBe('f4');
    expect(screen.queryByTestId('add-facilitator-form')).toBeNull();
    expect(screen.getByTestId('add-facilitator')).toBeTruthy();
  });

  it('saves the report and lists where', async () => {
    render(Clearances);
    api.exportClearanceReport.mockResolvedValue({ files: ['/docs/Clearances PER 2026-11-16.pdf'] });
    await fireEvent.click(await screen.findByTestId('export-clearances-pdf'));
    expect(api.exportClearanceReport).toHaveBeenCalledWith('e1', true, false);
    await waitFor(() => expect(screen.getByTestId('clearances-export-done').textContent).toMatch('Saved /docs/Clearances PER 2026-11-16.pdf'));

    api.exportClearanceReport.mockResolvedValue(null);
    await fireEvent.click(screen.getByTestId('export-clearances-csv'));
    expect(api.exportClearanceReport).toHaveBeenLastCalledWith('e1', false, true);
    await waitFor(() => expect(screen.getByTestId('clearances-export-done').textContent).toMatch('Nothing was saved'));
  });

  it('lets an administrator change the settings, and shows the core’s refusal', async () => {
    const { container } = render(Clearances);
    const days = await screen.findByLabelText<HTMLInputElement>('Warn this many days ahead');
    await waitFor(() => expect(days.value).toBe('90'));
    expect(screen.getByTestId<HTMLInputElement>('validity-standard_plus_licence').value).toBe('12');
    expect(screen.getByTestId<HTMLInputElement>('validity-enhanced_vetting').value).toBe('');
    await noAxeViolations(container);

    api.setClearanceWarningDays.mockResolvedValue(undefined);
    await fireEvent.input(days, { target: { value: '60' } });
    await fireEvent.click(screen.getByTestId('save-warning-days'));
    expect(api.setClearanceWarningDays).toHaveBeenCalledWith(60);
    await waitFor(() => expect(screen.getByTestId('warning-days-saved').textContent).toMatch('60 days before they expire'));

    api.setClearanceValidity.mockRejectedValue(new ApiError('invalid', 'validity: must be between 1 and 120 months, or empty for no fixed length'));
    await type(screen.getByTestId('validity-photo_card'), '200');
    await fireEvent.click(screen.getByTestId('save-validity-photo_card'));
    expect(api.setClearanceValidity).toHaveBeenCalledWith('photo_card', 200);
    await waitFor(() => expect(screen.getByTestId('validity-error').textContent).toMatch('between 1 and 120 months'));

    api.setClearanceValidity.mockResolvedValue(undefined);
    await type(screen.getByTestId('validity-other'), '');
    await fireEvent.click(screen.getByTestId('save-validity-other'));
    expect(api.setClearanceValidity).toHaveBeenLastCalledWith('other', null);
  });

  it('has no settings for other roles', async () => {
    app.signedIn = JO;
    render(Clearances);
    await screen.findAllByTestId('clearance-row');
    expect(screen.queryByTestId('clearance-settings')).toBeNull();
    expect(screen.queryByTestId('save-warning-days')).toBeNull();
  });

  it('records what a member of staff is qualified to deliver, and lists everyone’s', async () => {
    const ian: Facilitator = { id: 'f5', name: 'Ian Reid', kind: 'peer', organisation: null, active: true, participant_id: 'p9', peer_role: 'recovery_champion' };
    api.facilitators.mockResolvedValue([DES, MAIRI, TOM, UNA, ian]);
    api.qualifications.mockResolvedValue([{ id: 'q1', facilitator_id: 'f5', course: 'SMART Recovery', training: 'Training for Trainers', qualified_on: '2026-06-10' }]);
    const { container } = render(Clearances);
    const rows = await screen.findAllByTestId('qualification-row');
    expect(rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent?.trim()))).toEqual([
      ['Ian Reid (recovery champion)', 'SMART Recovery', 'Training for Trainers', '10/06/2026'],
    ]);
    await fireEvent.click(screen.getByTestId('qualification-open'));
    await type(screen.getByTestId('qualification-course'), 'MOIR');
    await fireEvent.submit(screen.getByTestId('qualification-form'));
    expect(screen.getByTestId('qualification-error').textContent).toMatch('facilitator: choose who qualified');
    expect(api.recordQualification).not.toHaveBeenCalled();
    await fireEvent.change(screen.getByTestId('qualification-who'), { target: { value: 'f3' } });
    await type(screen.getByTestId('qualification-on'), '01/12/2026');
    api.recordQualification.mockRejectedValueOnce(new ApiError('validation', 'qualified on: 01/12/2026 is in the future'));
    await fireEvent.submit(screen.getByTestId('qualification-form'));
    expect((await screen.findByTestId('qualification-error')).textContent).toMatch('qualified on: 01/12/2026 is in the future');
    await noAxeViolations(container);

    const moir = { id: 'q2', facilitator_id: 'f3', course: 'MOIR', training: 'Training for Trainers', qualified_on: '2026-11-02' };
    api.recordQualification.mockResolvedValue(moir);
    api.qualifications.mockResolvedValue([{ id: 'q1', facilitator_id: 'f5', course: 'SMART Recovery', training: 'Training for Trainers', qualified_on: '2026-06-10' }, moir]);
    await type(screen.getByTestId('qualification-on'), '02/11/2026');
    await fireEvent.submit(screen.getByTestId('qualification-form'));
    await waitFor(() => expect(api.recordQualification).toHaveBeenLastCalledWith('f3', { course: 'MOIR', training: 'Training for Trainers', qualified_on: '2026-11-02' }));
    expect((await screen.findByTestId('qualification-saved')).textContent).toBe('Recorded: Tom Reid may deliver MOIR from 02/11/2026.');
    await waitFor(() => expect(screen.getAllByTestId('qualification-row').map((r) => r.querySelector('th')?.textContent)).toEqual(['Ian Reid (recovery champion)', 'Tom Reid (member of staff)']));
  });
});

describe('Today', () => {
  const overview = { today: '2026-11-16', week_start: '2026-11-16', sessions: [], still_to_record: [], programmes_ending: [], liberations_due: [], follow_up: [] };

  it('says what has lapsed or is expiring, and links to Clearances', async () => {
    api.overview.mockResolvedValue(overview);
    const { container } = render(Today);
    const banner = await screen.findByTestId('today-clearance-warnings');
    expect(banner.textContent).toBe('1 clearance has lapsed and 1 expires within 90 days — see Clearances');
    expect(within(banner).getByRole('link', { name: 'see Clearances' }).getAttribute('href')).toBe('#/clearances');
    expect(api.clearanceWarnings).toHaveBeenCalledWith('e1');
    await screen.findByTestId('no-sessions');
    await noAxeViolations(container);
  });

  it('says nothing when nothing has lapsed or is expiring', async () => {
    api.overview.mockResolvedValue(overview);
    api.clearanceWarnings.mockResolvedValue(warnings({ sentence: null, lapsed: [], expiring: [] }));
    render(Today);
    await screen.findByTestId('no-sessions');
    await waitFor(() => expect(api.clearanceWarnings).toHaveBeenCalledWith('e1'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(screen.queryByTestId('today-clearance-warnings')).toBeNull();
  });
});

describe('the session rule on the register', () => {
  const people: Participant[] = ['Anna', 'Tam'].map((given, i) => ({
    id: `p${i}`, establishment_id: 'e1', kind: 'in_custody', prison_number: `P${i}`, given_name: given, family_name: 'Reid',
    date_of_birth: null, location: null, status: 'in_custody', status_since: null, expected_liberation: null,
  }));
  const register: RegisterData = {
    session: {
      id: 's1', group_id: 'g1', held_on: '2026-11-16', start_time: '14:00', status: 'planned', cancellation_reason: null,
      cancellation_note: null, topic: null, notes: null, from_schedule: true, cancelled_for_clearance: null, facilitators: ['f1'], held_uncleared: null,
    },
    event: null,
    group_name: 'Cocaine Anonymous',
    lines: people.map((participant) => ({ participant, mark: null, drop_in: false })),
    headcount: { others_present: 0, visitors: 0, visitors_from: null },
    clearance_problem: null,
    qualification_problem: null,
  };

  it('says who is not cleared as the register opens, before anyone is marked', async () => {
    const problem = "On 16/11/2026: Des O'B. (CA) is not cleared (clearance expired on 02/11/2026)";
    api.register.mockResolvedValue({ ...structuredClone(register), clearance_problem: problem });
    const { container } = render(Register, { id: 's1' });
    const notice = await screen.findByTestId('register-clearance');
    expect(notice.textContent).toMatch(`${problem}.`);
    expect(within(notice).getByRole('link', { name: 'Clearances' }).getAttribute('href')).toBe('#/clearances');
    await noAxeViolations(container);
  });

  it('says who is not qualified to deliver what the group requires, and does not stop the register', async () => {
    const problem = 'Des O\'Brien is not qualified to deliver SMART Recovery, which this group requires of its facilitators';
    api.register.mockResolvedValue({ ...structuredClone(register), qualification_problem: problem });
    const { container } = render(Register, { id: 's1' });
    const notice = await screen.findByTestId('register-qualification');
    expect(notice.textContent).toMatch(`${problem}. The register can still be saved`);
    expect(within(notice).getByRole('link', { name: 'Clearances' }).getAttribute('href')).toBe('#/clearances');
    expect(screen.queryByTestId('register-clearance')).toBeNull();
    expect(screen.getByTestId<HTMLButtonElement>('save-register').disabled).toBe(false);
    await noAxeViolations(container);
  });

  it('records a session that took place only after confirming, with the reason, then says so', async () => {
    const problem = "On 16/11/2026: Des O'B. (CA) is not cleared (clearance expired on 02/11/2026)";
    api.register.mockResolvedValueOnce({ ...structuredClone(register), clearance_problem: problem });
    const { container } = render(Register, { id: 's1' });
    await fireEvent.click(await screen.findByTestId('held-uncleared-open'));
    // The form opens on the confirmation, so the keyboard goes on from there.
    const confirm = screen.getByTestId('held-uncleared-confirm') as HTMLInputElement;
    await waitFor(() => expect(document.activeElement).toBe(confirm));
    await noAxeViolations(container);

    // The core's refusal is shown as it is: nothing was confirmed.
    api.recordHeldUncleared.mockRejectedValueOnce(new ApiError('invalid', 'confirmation: confirm that the session took place before recording it'));
    await fireEvent.input(screen.getByTestId('held-uncleared-reason'), { target: { value: 'Bill was ill; Des stood in with an officer present' } });
    await fireEvent.submit(screen.getByTestId('held-uncleared-form'));
    await waitFor(() => expect(screen.getByTestId('held-uncleared-error').textContent).toMatch('confirm that the session took place'));
    expect(api.recordHeldUncleared).toHaveBeenLastCalledWith('s1', 'Bill was ill; Des stood in with an officer present', false);

    const held = {
      problem, reason: 'Bill was ill; Des stood in with an officer present', confirmed_by: 'Alison Grant', confirmed_at: '16/11/2026 19:02:11',
    };
    api.recordHeldUncleared.mockResolvedValueOnce({ ...register.session, status: 'held', held_uncleared: held });
    api.register.mockResolvedValueOnce({ ...structuredClone(register), session: { ...register.session, status: 'held', held_uncleared: held } });
    await fireEvent.click(confirm);
    await fireEvent.submit(screen.getByTestId('held-uncleared-form'));
    expect(api.recordHeldUncleared).toHaveBeenLastCalledWith('s1', 'Bill was ill; Des stood in with an officer present', true);
    const notice = await screen.findByTestId('register-held-uncleared');
    expect(notice.textContent).toMatch('Held without a cleared facilitator.');
    expect(notice.textContent).toMatch('Reason given: Bill was ill; Des stood in with an officer present (recorded by Alison Grant, 16/11/2026 19:02:11)');
    expect(screen.queryByTestId('register-clearance')).toBeNull();
    await noAxeViolations(container);
  });

  it('says nothing when everyone running the session is cleared', async () => {
    api.register.mockResolvedValue(structuredClone(register));
    render(Register, { id: 's1' });
    await screen.findAllByTestId('register-row');
    expect(screen.queryByTestId('register-clearance')).toBeNull();
  });

  it('shows the refusal as it is, with the way to Clearances, and keeps the marks', async () => {
    api.register.mockResolvedValue(structuredClone(register));
    const message = "facilitators: on 16/11/2026: Des O'B. (CA) is not cleared (clearance expired on 02/11/2026)";
    api.takeRegister.mockRejectedValue(new ApiError('not_cleared', message));
    const { container } = render(Register, { id: 's1' });
    const first = (await screen.findAllByTestId('register-row'))[0];
    await fireEvent.keyDown(first, { key: 'p' });
    await fireEvent.click(screen.getByTestId('save-register'));

    const alert = screen.getByTestId('register-error');
    await waitFor(() => expect(alert.textContent).toMatch(message));
    expect(alert.getAttribute('role')).toBe('alert');
    expect(within(alert).getByTestId('register-error-clearances').getAttribute('href')).toBe('#/clearances');
    expect(screen.getByTestId('unsaved-status').textContent).toMatch('1 unsaved change');
    await noAxeViolations(container);

    // Another failure has no link.
    api.takeRegister.mockRejectedValue(new ApiError('invalid', 'marks: something else'));
    await fireEvent.click(screen.getByTestId('save-register'));
    await waitFor(() => expect(alert.textContent).toBe('marks: something else'));
    expect(within(alert).queryByTestId('register-error-clearances')).toBeNull();
  });
});
