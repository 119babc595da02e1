// The monthly report screen and the register's paper sheet against a stubbed backend: what is
// asked for, what is shown, and axe.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiberationFigures, MonthFigures, MonthlyReportPage, Participant, Register as RegisterData, ReportLine, WaitingFigures } from '../lib/wire';

const api = vi.hoisted(() => ({
  periodReport: vi.fn(),
  exportReturn: vi.fn(),
  reportPeriods: vi.fn(),
  columnTemplates: vi.fn(),
  saveColumnTemplate: vi.fn(),
  printRegisterSheet: vi.fn(),
  register: vi.fn(),
  takeRegister: vi.fn(),
  cards: vi.fn(),
  nationalReport: vi.fn(),
  exportNational: vi.fn(),
  takeInFigures: vi.fn(),
  sendFigures: vi.fn(),
}));

vi.mock('../lib/api', async () => (await import('../test/screens')).stubbedApi(api));

import { app } from '../lib/session.svelte';
import Reports from './Reports.svelte';
import Register from './Register.svelte';
import { PER, noAxeViolations } from '../test/screens';

const CAS = { id: 'e2', code: 'CAS', name: 'HMP Castle Huntly' };

function figures(over: Partial<MonthFigures> = {}): MonthFigures {
  return {
    sessions_planned: 0, sessions_held: 0, sessions_cancelled: 0, sessions_not_recorded: 0, cancellations: [],
    counts: { expected: 0, present: 0, late: 0, left_early: 0, absent_person: 0, absent_regime: 0, absent_appointment: 0, unmarked: 0 },
    unique_people: 0, drop_in_attendances: 0, unnamed_attendances: 0, visitors: 0, new_enrolments: 0, leavers: [], completions: 0, certificates_issued: 0, absences: [],
    ...over,
  };
}

function liberation(over: Partial<LiberationFigures> = {}): LiberationFigures {
  return { liberations: 0, liberated_with_referral: 0, referrals_made: 0, continuity: { liberated: 0, engaged: 0, not_engaged: 0, still_open: 0 }, ...over };
}

function waiting(over: Partial<WaitingFigures> = {}): WaitingFigures {
  return {
    received: 0, by_source: [], started: 0, started_within_standard: 0, within_standard: null, median_days_waited: null,
    closed_without_starting: 0, waiting_at_end: 0, waiting_over_standard: 0, ...over,
  };
}

function line(over: Partial<ReportLine> = {}): ReportLine {
  return { attended: 0, leavers: 0, rate: '–', rate_when_able: '–', lost_to_regime: '–', change: '0', ...over };
}

const october = figures({
  sessions_planned: 10, sessions_held: 8, sessions_cancelled: 1, sessions_not_recorded: 1,
  cancellations: [{ what: 'lockdown', count: 1 }],
  counts: { expected: 64, present: 40, late: 2, left_early: 1, absent_person: 9, absent_regime: 8, absent_appointment: 4, unmarked: 0 },
  unique_people: 11, unnamed_attendances: 6, visitors: 2, new_enrolments: 3, leavers: [{ what: 'liberated', count: 2 }, { what: 'completed', count: 1 }],
  completions: 1, certificates_issued: 4,
  absences: [{ what: 'refused', count: 9 }, { what: 'wing_lockdown', count: 8 }, { what: 'court', count: 4 }],
});
const september = figures({
  sessions_planned: 9, sessions_held: 9,
  counts: { expected: 60, present: 39, late: 1, left_early: 0, absent_person: 10, absent_regime: 6, absent_appointment: 4, unmarked: 0 },
  unique_people: 10, new_enrolments: 2, absences: [{ what: 'unwell', count: 10 }, { what: 'not_unlocked', count: 6 }, { what: 'healthcare', count: 4 }],
});

function reportPage(): MonthlyReportPage {
  return {
    report: {
      month: '2026-10', month_label: 'October 2026', establishments: [PER], totals: october, previous_totals: september,
      groups: [
        { group_id: 'g1', group_name: 'SMART Recovery', establishment_code: 'PER', kind: 'smart_recovery', figures: october, previous: september },
        { group_id: 'g2', group_name: 'Recovery café', establishment_code: 'PER', kind: 'recovery_cafe', figures: figures(), previous: figures({ sessions_held: 1 }) },
      ],
      weeks: [
        { week_starting: '2026-09-28', sessions_held: 2, attendances: 10 },
        { week_starting: '2026-10-05', sessions_held: 2, attendances: 12 },
        { week_starting: '2026-10-12', sessions_held: 2, attendances: 11 },
        { week_starting: '2026-10-19', sessions_held: 1, attendances: 5 },
        { week_starting: '2026-10-26', sessions_held: 1, attendances: 5 },
      ],
      events: [
        {
          session_id: 'ev1', establishment_code: 'PER', kind: 'recovery_walk', title: 'Recovery walk to Kinnoull Hill', held_on: '2026-10-10',
          place: 'Sports field', status: 'held', named: 11, unnamed: 0, visitors: 4,
        },
        {
          session_id: 'ev2', establishment_code: 'PER', kind: 'family_day', title: 'Family day', held_on: '2026-10-24',
          place: null, status: 'held', named: 23, unnamed: 31, visitors: 6,
        },
      ],
      event_people: 29,
      liberation: liberation({
        liberations: 4, liberated_with_referral: 3, referrals_made: 5, continuity: { liberated: 4, engaged: 2, not_engaged: 1, still_open: 1 },
      }),
      previous_liberation: liberation({ liberations: 2, liberated_with_referral: 1, referrals_made: 2, continuity: { liberated: 2, engaged: 0, not_engaged: 2, still_open: 0 } }),
      capital: { assessed: 5, reassessed: 3, median_change: '4.5' },
      previous_capital: { assessed: 0, reassessed: 0, median_change: null },
      peers: { sessions_led: 6, peers_who_led: 2, newly_qualified: 1 }, previous_peers: { sessions_led: 4, peers_who_led: 1, newly_qualified: 0 },
      waiting: waiting({
        received: 6, by_source: [{ what: 'self_referral', count: 4 }, { what: 'healthcare', count: 2 }], started: 4, started_within_standard: 3,
        within_standard: '0.75', median_days_waited: '12.5', closed_without_starting: 1, waiting_at_end: 5, waiting_over_standard: 2,
      }),
      previous_waiting: waiting({ received: 3, started: 1, started_within_standard: 0, within_standard: '0', median_days_waited: '30', waiting_at_end: 4 }),
      audit_head: { seq: 1234, hash: '3f2a9b1c0d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8' },
      short_label: 'Oct 2026', previous_label: 'September 2026', previous_short_label: 'Sep 2026',
    },
    totals: line({ attended: 43, leavers: 3, rate: '67.2%', rate_when_able: '83.3%', lost_to_regime: '12.5%', change: '+3' }),
    previous: line({ attended: 40, leavers: 0, rate: '66.7%', rate_when_able: '80.0%', lost_to_regime: '10.0%', change: '+40' }),
    groups: [
      line({ attended: 43, leavers: 3, rate: '67.2%', rate_when_able: '83.3%', lost_to_regime: '12.5%', change: '+3' }),
      line({ change: '0' }),
    ],
    // As the core works them out from the counts above (2 of 3 known; 0 of 2).
    continuity_rate: '66.7%',
    previous_continuity_rate: '0%',
    within_standard: '75%',
    previous_within_standard: '0%',
    median_wait: '12.5',
    previous_median_wait: '30',
    event_totals: { events: 2, named: 34, unnamed: 31, visitors: 10 },
    empty: false,
  };
}

function emptyPage(): MonthlyReportPage {
  return {
    report: {
      month: '2026-10', month_label: 'October 2026', establishments: [PER], totals: figures(), previous_totals: figures(),
      groups: [], weeks: [{ week_starting: '2026-09-28', sessions_held: 0, attendances: 0 }],
      events: [], event_people: 0,
      liberation: liberation(), previous_liberation: liberation(), waiting: waiting(), previous_waiting: waiting(), audit_head: null,
      capital: { assessed: 0, reassessed: 0, median_change: null }, previous_capital: { assessed: 0, reassessed: 0, median_change: null },
      peers: { sessions_led: 0, peers_who_led: 0, newly_qualified: 0 }, previous_peers: { sessions_led: 0, peers_who_led: 0, newly_qualified: 0 },
      short_label: 'Oct 2026', previous_label: 'September 2026', previous_short_label: 'Sep 2026',
    },
    totals: line(), previous: line(), groups: [], continuity_rate: '–', previous_continuity_rate: '–',
    within_standard: '–', previous_within_standard: '–', median_wait: '–', previous_median_wait: '–',
    event_totals: { events: 0, named: 0, unnamed: 0, visitors: 0 },
    empty: true,
  };
}

beforeEach(() => {
  app.establishments = [PER];
  app.establishment = PER;
  app.today = '2026-11-16';
  Object.values(api).forEach((f) => f.mockReset());
  api.periodReport.mockResolvedValue(reportPage());
  api.cards.mockResolvedValue([]);
  // Months only, as when the core offers no more: the periods are tested on their own below.
  api.reportPeriods.mockResolvedValue([]);
  api.columnTemplates.mockResolvedValue([]);
});

afterEach(() => cleanup());

describe('monthly report', () => {
  it('asks for last month and shows the figures', async () => {
    const { container } = render(Reports);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Monthly attendance report');
    const figures = await screen.findByTestId('report-figures');
    expect(api.periodReport).toHaveBeenCalledWith(['e1'], '2026-10');

    const month = screen.getByTestId<HTMLSelectElement>('report-month');
    expect(month.value).toBe('2026-10');
    expect(month.options).toHaveLength(24);
    expect(month.options[0].textContent).toBe('October 2026');
    expect(month.options[23].value).toBe('2024-11');
    expect(screen.queryByTestId('report-establishment')).toBeNull();
    expect(screen.getByTestId<HTMLInputElement>('report-suppress').checked).toBe(false);

    expect(screen.getByTestId('report-total-attended').textContent).toBe('43');
    expect(screen.getByTestId('report-change').textContent).toBe('+3');
    expect(screen.getByTestId('report-rate').textContent).toBe('67.2%');
    expect(screen.getByTestId('report-rate-when-able').textContent).toBe('83.3%');
    expect(screen.getByTestId('report-lost-to-regime').textContent).toBe('12.5%');
    expect(screen.getByTestId('report-people').textContent).toBe('11');
    expect(screen.getByTestId('report-leavers').textContent).toBe('3');
    const sessions = screen.getByTestId('report-sessions');
    expect(sessions.textContent).toMatch('10 planned, 1 cancelled');
    expect(sessions.textContent).toMatch('Lockdown: 1');
    expect(sessions.textContent).toMatch('September 2026: 9 held of 9');
    expect(screen.getByTestId('report-not-recorded').textContent).toMatch('1 session not recorded');
    expect(figures.textContent).toMatch('Liberated: 2');
    expect(figures.textContent).toMatch('September 2026: 66.7%, when able 80.0%');

    const causes = screen.getAllByTestId('report-absence-cause');
    expect(causes.map((r) => r.dataset.cause)).toEqual(['person', 'regime', 'appointment']);
    expect(causes.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent))).toEqual([['9', '10'], ['8', '6'], ['4', '4']]);
    expect(causes[0].textContent).toMatch('The person');
    const reasons = screen.getAllByTestId('report-absence-reason');
    expect(reasons.map((r) => r.dataset.reason)).toEqual(['refused', 'unwell', 'not_unlocked', 'wing_lockdown', 'healthcare', 'court']);
    expect(reasons[3].textContent).toMatch('Wing lockdown');
    expect([...reasons[1].querySelectorAll('td')].map((c) => c.textContent)).toEqual(['0', '10']);

    const chart = screen.getByTestId('report-weeks');
    expect(chart.getAttribute('role')).toBe('img');
    expect(chart.getAttribute('aria-label')).toMatch('w/c 05/10, 12 attendances at 2 sessions');
    expect(screen.getAllByTestId('report-week').map((w) => w.textContent?.replace(/\s+/g, ' ').trim())).toContain('12 w/c 05/10');

    const rows = screen.getAllByTestId('report-group-row');
    expect(rows).toHaveLength(2);
    const cells = [...rows[0].querySelectorAll('th, td')].map((c) => c.textContent?.trim());
    expect(cells).toEqual(['SMART Recovery SMART Recovery', '8', '1', '43', '6', '2', '11', '67.2%', '83.3%', '8', '3', '3', '1', '4', '+3']);
    expect(rows[0].querySelector('a')?.getAttribute('href')).toBe('#/groups/g1');
    expect(within(screen.getByTestId('report-groups')).queryByText('Establishment')).toBeNull();
    expect(screen.getByTestId('report-groups-total').textContent).toMatch('All groups');
    expect(screen.queryByTestId('report-empty')).toBeNull();

    // The month's events, apart from the groups, with the core's totals.
    const events = screen.getAllByTestId('report-event-row').map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent?.trim()));
    expect(events).toEqual([
      ['Recovery walk to Kinnoull Hill Recovery walk', '10/10/2026', 'Sports field', '11', '0', '4'],
      ['Family day Family day', '24/10/2026', '', '23', '31', '6'],
    ]);
    const total = [...screen.getByTestId('report-events-total').querySelectorAll('th, td')].map((c) => c.textContent?.replace(/\s+/g, ' ').trim());
    expect(total).toEqual(['All events 2 events held; 29 different people named', '', '', '34', '31', '10']);

    // Liberations and continuity of care, this month and last; the rate leaves out people still
    // within their three weeks (2 of 3 known = 66.7%; last month 0 of 2).
    const lib = screen.getAllByTestId('report-liberation-row');
    expect(lib.map((r) => r.dataset.figure)).toEqual(['liberations', 'with_referral', 'referrals', 'engaged', 'not_engaged', 'still_open', 'continuity']);
    expect(lib.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent?.trim()))).toEqual([
      ['Liberations', '4', '2'],
      ['with a referral before release', '3', '1'],
      ['Referrals made', '5', '2'],
      ['Engaged within 3 weeks', '2', '0'],
      ['Not engaged within 3 weeks', '1', '2'],
      ['Still within their 3 weeks', '1', '0'],
      ['Continuity of care', '66.7%', '0%'],
    ]);
    expect(within(screen.getByTestId('report-liberation')).getByRole('columnheader', { name: 'September 2026' })).toBeTruthy();

    // Referrals in and waiting times: the share and median as the core worked them out.
    const waits = screen.getAllByTestId('report-waiting-row');
    expect(waits.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent?.trim()))).toEqual([
      ['Referrals received', '6', '3'],
      ['Started', '4', '1'],
      ['within 3 weeks', '3', '0'],
      ['Started within 3 weeks', '75%', '0%'],
      ['Median days waited to start', '12.5', '30'],
      ['Closed without starting', '1', '0'],
      ['Waiting at the end', '5', '4'],
      ['over 3 weeks', '2', '0'],
    ]);
    const capital = screen.getAllByTestId('report-capital-row');
    expect(capital.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent?.trim()))).toEqual([
      ['People assessed', '5', '0'],
      ['reassessed', '3', '0'],
      ['Median change in total', '+4.5', '–'],
    ]);
    const peers = screen.getAllByTestId('report-peers-row');
    expect(peers.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent?.trim()))).toEqual([
      ['Sessions led by peers', '6', '4'],
      ['Different peers who led', '2', '1'],
      ['Peers newly qualified to deliver', '1', '0'],
    ]);
    await noAxeViolations(container);
  });

  it('shows a month with only liberations in it, not as empty', async () => {
    const page = emptyPage();
    page.report.liberation = { liberations: 1, liberated_with_referral: 0, referrals_made: 0, continuity: { liberated: 1, engaged: 0, not_engaged: 0, still_open: 1 } };
    page.empty = false;
    api.periodReport.mockResolvedValue(page);
    render(Reports);
    await screen.findByTestId('report-liberation');
    expect(screen.queryByTestId('report-waiting')).toBeNull();
    expect(screen.queryByTestId('report-capital')).toBeNull();
    expect(screen.queryByTestId('report-peers')).toBeNull();
    expect(screen.queryByTestId('report-empty')).toBeNull();
    expect(screen.getByTestId('report-liberation-liberations').textContent).toBe('1');
    expect(screen.getByTestId('report-liberation-continuity').textContent).toBe('–');
  });

  it('says when nothing was recorded', async () => {
    api.periodReport.mockResolvedValue(emptyPage());
    const { container } = render(Reports);
    const empty = await screen.findByTestId('report-empty');
    expect(empty.textContent).toMatch('Nothing was recorded for October 2026.');
    expect(screen.queryByTestId('report-groups')).toBeNull();
    expect(screen.queryByTestId('report-total-attended')).toBeNull();
    expect(screen.getByTestId<HTMLButtonElement>('export-pdf').disabled).toBe(false);
    await noAxeViolations(container);
  });

  it('reloads for another month and shows the core’s error', async () => {
    render(Reports);
    await screen.findByTestId('report-figures');
    api.periodReport.mockResolvedValue(emptyPage());
    await fireEvent.change(screen.getByTestId('report-month'), { target: { value: '2026-08' } });
    await waitFor(() => expect(api.periodReport).toHaveBeenLastCalledWith(['e1'], '2026-08'));
    await screen.findByTestId('report-empty');
    api.periodReport.mockRejectedValue(new Error('month: 2026-13 is not a month; write it as yyyy-mm'));
    await fireEvent.change(screen.getByTestId('report-month'), { target: { value: '2026-07' } });
    await waitFor(() => expect(screen.getByTestId('report-error').textContent).toMatch('is not a month'));
    expect(screen.queryByTestId('report-figures')).toBeNull();
  });

  it('chooses one establishment or all of them', async () => {
    app.establishments = [PER, CAS];
    app.establishment = CAS;
    const both = reportPage();
    both.report.establishments = [CAS, PER];
    both.report.groups[1].establishment_code = 'CAS';
    render(Reports);
    await screen.findByTestId('report-figures');
    expect(api.periodReport).toHaveBeenCalledWith(['e2'], '2026-10');
    const est = screen.getByTestId<HTMLSelectElement>('report-establishment');
    expect(est.value).toBe('e2');
    expect([...est.options].map((o) => o.textContent)).toEqual(['All establishments', 'HMP Perth', 'HMP Castle Huntly']);

    api.periodReport.mockResolvedValue(both);
    await fireEvent.change(est, { target: { value: '' } });
    await waitFor(() => expect(api.periodReport).toHaveBeenLastCalledWith([], '2026-10'));
    await waitFor(() => expect(within(screen.getByTestId('report-groups')).getByText('Establishment')).toBeTruthy());
    expect(screen.getAllByTestId('report-group-row')[1].querySelectorAll('td')[0].textContent).toBe('CAS');

    api.exportReturn.mockResolvedValue({ files: ['/docs/Attendance October 2026.csv'] });
    await fireEvent.click(screen.getByTestId('export-csv'));
    await waitFor(() => expect(screen.getByTestId('export-done').textContent).toMatch('Saved /docs/Attendance October 2026.csv'));
    expect(api.exportReturn).toHaveBeenCalledWith([], '2026-10', false, false, true, null, null);
  });

  it('saves as PDF and CSV with the right choices', async () => {
    render(Reports);
    await screen.findByTestId('report-figures');
    let finish: (v: unknown) => void = () => {};
    api.exportReturn.mockImplementation(() => new Promise((resolve) => (finish = resolve)));
    await fireEvent.click(screen.getByTestId('report-suppress'));
    await fireEvent.click(screen.getByTestId('export-pdf'));
    expect(api.exportReturn).toHaveBeenCalledWith(['e1'], '2026-10', true, true, false, null, null);
    expect(screen.getByTestId<HTMLButtonElement>('export-pdf').disabled).toBe(true);
    expect(screen.getByTestId<HTMLButtonElement>('export-csv').disabled).toBe(true);
    finish({ files: ['/docs/Attendance PER October 2026.pdf'] });
    await waitFor(() => expect(screen.getByTestId('export-done').textContent).toMatch('Saved /docs/Attendance PER October 2026.pdf'));
    expect(screen.getByTestId('export-done').textContent).toMatch('<5');
    expect(screen.getByTestId<HTMLButtonElement>('export-pdf').disabled).toBe(false);

    api.exportReturn.mockResolvedValue(null);
    await fireEvent.click(screen.getByTestId('report-suppress'));
    await fireEvent.click(screen.getByTestId('export-csv'));
    await waitFor(() => expect(screen.getByTestId('export-done').textContent).toMatch('Nothing was saved'));
    expect(api.exportReturn).toHaveBeenLastCalledWith(['e1'], '2026-10', false, false, true, null, null);

    api.exportReturn.mockRejectedValue(new Error('could not write /docs/a.csv: permission denied'));
    await fireEvent.click(screen.getByTestId('export-csv'));
    await waitFor(() => expect(screen.getByTestId('export-error').textContent).toMatch('permission denied'));
    expect(screen.queryByTestId('export-done')).toBeNull();
  });
});

describe('any period', () => {
  const period = (kind: 'month' | 'quarter' | 'financial_year' | 'year', code: string, label: string) =>
    ({ kind, code, label, short: label, from: '2026-07-01', to: '2026-09-30' });

  it('offers quarters and years, shows the return for one, and saves it with highlights and a column template', async () => {
    api.reportPeriods.mockResolvedValue([
      period('month', '2026-10', 'October 2026'), period('month', '2026-09', 'September 2026'),
      period('quarter', '2026-Q3', 'July to September 2026'), period('financial_year', '2025-26', 'April 2025 to March 2026'),
      period('year', '2025', '2025'),
    ]);
    api.columnTemplates.mockResolvedValue([{ name: 'Tayside ADP quarterly', columns: [{ figure: 'Different people', heading: 'People supported' }] }]);
    const { container } = render(Reports);
    await screen.findByTestId('report-figures');
    const choice = screen.getByTestId<HTMLSelectElement>('report-month');
    await waitFor(() => expect(choice.querySelectorAll('optgroup')).toHaveLength(4));
    expect([...choice.querySelectorAll('optgroup')].map((g) => g.label)).toEqual(['A month', 'A quarter', 'A financial year (April to March)', 'A calendar year']);
    expect(screen.getByLabelText('Period')).toBe(choice);

    const quarter = reportPage();
    quarter.report = { ...quarter.report, month: '2026-Q3', month_label: 'July to September 2026', previous_label: 'April to June 2026' };
    api.periodReport.mockResolvedValue(quarter);
    await fireEvent.change(choice, { target: { value: '2026-Q3' } });
    await waitFor(() => expect(api.periodReport).toHaveBeenLastCalledWith(['e1'], '2026-Q3'));
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Attendance return'));
    expect(within(screen.getByTestId('report-liberation')).getByRole('columnheader', { name: 'April to June 2026' })).toBeTruthy();
    // A quarter is not sent to the national office: figures files are monthly.
    expect(screen.queryByTestId('send-figures')).toBeNull();

    await fireEvent.input(screen.getByTestId('report-highlights'), { target: { value: 'Recovery College graduation: 14 graduates' } });
    await fireEvent.change(screen.getByTestId('report-template'), { target: { value: 'Tayside ADP quarterly' } });
    api.exportReturn.mockResolvedValue({ files: ['/docs/Attendance PER July to September 2026.pdf'] });
    await fireEvent.click(screen.getByTestId('export-pdf'));
    await waitFor(() => expect(api.exportReturn).toHaveBeenLastCalledWith(['e1'], '2026-Q3', false, true, false, 'Recovery College graduation: 14 graduates', null));
    await fireEvent.click(screen.getByTestId('export-csv'));
    await waitFor(() => expect(api.exportReturn).toHaveBeenLastCalledWith(['e1'], '2026-Q3', false, false, true, 'Recovery College graduation: 14 graduates', 'Tayside ADP quarterly'));
    await noAxeViolations(container);
  });
});

describe('column templates', () => {
  it('makes a template from the return’s columns in the order chosen, and offers it for the CSV', async () => {
    const { container } = render(Reports);
    await screen.findByTestId('report-figures');
    await fireEvent.click(screen.getByTestId('template-new'));
    await fireEvent.input(screen.getByTestId('template-name'), { target: { value: 'Tayside ADP quarterly' } });
    await fireEvent.click(screen.getByTestId('template-add-column'));
    const figures = screen.getAllByTestId<HTMLSelectElement>('template-figure');
    await fireEvent.change(figures[1], { target: { value: 'Sessions held' } });
    await fireEvent.input(screen.getAllByTestId('template-heading')[0], { target: { value: 'People supported' } });
    await fireEvent.click(screen.getByLabelText('Move column 2 up'));
    const saved = { name: 'Tayside ADP quarterly', columns: [{ figure: 'Sessions held', heading: 'Sessions held' }, { figure: 'Different people', heading: 'People supported' }] };
    api.saveColumnTemplate.mockResolvedValue(saved);
    await fireEvent.submit(screen.getByTestId('template-form'));
    await waitFor(() => expect(api.saveColumnTemplate).toHaveBeenCalledWith({
      name: 'Tayside ADP quarterly',
      columns: [{ figure: 'Sessions held', heading: '' }, { figure: 'Different people', heading: 'People supported' }],
    }));
    expect((await screen.findByTestId('template-saved')).textContent).toMatch('Saved “Tayside ADP quarterly”: 2 columns.');
    expect(screen.getByTestId<HTMLSelectElement>('report-template').value).toBe('Tayside ADP quarterly');
    expect(screen.getByTestId('template-row').textContent).toMatch('Sessions held, People supported');
    await noAxeViolations(container);
  });

  it('shows the core’s refusal by the form', async () => {
    render(Reports);
    await screen.findByTestId('report-figures');
    await fireEvent.click(screen.getByTestId('template-new'));
    api.saveColumnTemplate.mockRejectedValue(new Error('template name: is empty'));
    await fireEvent.submit(screen.getByTestId('template-form'));
    expect((await screen.findByTestId('template-error')).textContent).toMatch('template name: is empty');
  });
});

const NATIONAL_CARD = { code: 'NATIONAL', name: 'SPS recovery network', kind: 'national_office', kind_label: 'National office', fingerprint: 'LLLL-MMMM-NNNN-PPPP-QQQQ' };

describe('between establishments', () => {
  it('sends the month shown to the national office whose card is held', async () => {
    api.cards.mockResolvedValue([{ ...NATIONAL_CARD, own: false }]);
    api.sendFigures.mockResolvedValue({ file: '/media/usb/Figures PER 2026-10.rrfigures', what: 'HMP Perth’s figures for October 2026' });
    const { container } = render(Reports);
    await fireEvent.click(await screen.findByTestId('send-figures'));
    await waitFor(() => expect(api.sendFigures).toHaveBeenCalledWith('PER', '2026-10', 'NATIONAL'));
    expect((await screen.findByTestId('send-figures-done')).textContent).toMatch('sealed to SPS recovery network’s card');
    await noAxeViolations(container);
  });

  it('offers no sending without the national office’s card', async () => {
    render(Reports);
    await screen.findByTestId('report-figures');
    expect(screen.queryByTestId('send-figures')).toBeNull();
  });

  it('opens the national office on the national return, names who has not sent, and saves its documents', async () => {
    app.establishments = [];
    app.establishment = null;
    app.signedIn = { staff_id: 's1', username: 'agrant', display_name: 'Alison Grant', role: 'administrator', lock_minutes: 5, lock_seconds: 300 };
    api.cards.mockResolvedValue([{ ...NATIONAL_CARD, own: true }]);
    api.nationalReport.mockResolvedValue({ page: reportPage(), missing: ['HMP Castle Huntly (CHY)'] });
    api.exportNational.mockResolvedValue({ files: ['/home/a/National return October 2026.pdf'] });
    api.takeInFigures.mockResolvedValue({ code: 'CHY', month: '2026-10', replaced: false, older: false });
    const { container } = render(Reports);
    expect((await screen.findByTestId('report-missing')).textContent).toMatch('Not sent, so not counted (not nought): HMP Castle Huntly (CHY)');
    expect(api.nationalReport).toHaveBeenCalledWith('2026-10');
    expect(api.periodReport).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('export-pdf'));
    await waitFor(() => expect(api.exportNational).toHaveBeenCalledWith({ kind: 'month', month: '2026-10', suppress_small: false }, ['pdf']));
    await fireEvent.click(screen.getByTestId('national-year-pdf'));
    await waitFor(() => expect(api.exportNational).toHaveBeenCalledWith({ kind: 'year', year: 2026, suppress_small: false }, ['pdf']));
    await fireEvent.click(screen.getByTestId('national-data'));
    await waitFor(() => expect(api.exportNational).toHaveBeenCalledWith({ kind: 'data_set' }, ['csv', 'parquet']));
    await fireEvent.click(screen.getByTestId('take-in-figures'));
    expect((await screen.findByTestId('national-done')).textContent).toMatch('CHY, October 2026: taken in.');
    await waitFor(() => expect(api.nationalReport).toHaveBeenCalledTimes(2));
    await noAxeViolations(container);
  });
});

describe('register: paper sheet', () => {
  const people: Participant[] = ['Anna', 'Tam'].map((given, i) => ({
    id: `p${i}`, establishment_id: 'e1', kind: 'in_custody', prison_number: `P${i}`, given_name: given, family_name: 'Reid',
    date_of_birth: null, location: null, status: 'in_custody', status_since: null, expected_liberation: null,
  }));
  const register: RegisterData = {
    session: {
      id: 's1', group_id: 'g1', held_on: '2026-11-16', start_time: '14:00', status: 'planned', cancellation_reason: null,
      cancellation_note: null, topic: null, notes: null, from_schedule: true, cancelled_for_clearance: null, facilitators: [], held_uncleared: null,
    },
    event: null,
    group_name: 'SMART Recovery',
    lines: people.map((participant) => ({ participant, mark: null, drop_in: false })),
    headcount: { others_present: 0, visitors: 0, visitors_from: null },
    clearance_problem: null,
    qualification_problem: null,
  };

  it('saves a paper register and leaves the keys working', async () => {
    api.register.mockResolvedValue(structuredClone(register));
    const { container } = render(Register, { id: 's1' });
    const button = await screen.findByTestId<HTMLButtonElement>('print-register-sheet');
    expect(button.textContent).toMatch('Print a paper register');

    api.printRegisterSheet.mockResolvedValue({ files: ['/docs/Register SMART Recovery 16-11-2026.pdf'] });
    button.focus();
    await fireEvent.click(button);
    expect(api.printRegisterSheet).toHaveBeenCalledWith('s1');
    await waitFor(() => expect(screen.getByTestId('sheet-done').textContent).toMatch('Saved /docs/Register SMART Recovery 16-11-2026.pdf'));

    // P with the button focused still marks the selected person.
    await fireEvent.keyDown(button, { key: 'p' });
    await waitFor(() => expect(screen.getAllByTestId('register-row')[0].dataset.mark).toBe('present'));
    await fireEvent.keyDown(document.activeElement ?? window, { key: 'l' });
    await waitFor(() => expect(screen.getAllByTestId('register-row')[1].dataset.mark).toBe('late'));
    await noAxeViolations(container);

    api.printRegisterSheet.mockResolvedValue(null);
    await fireEvent.click(button);
    await waitFor(() => expect(screen.getByTestId('sheet-done').textContent).toMatch('Nothing was saved'));
    api.printRegisterSheet.mockRejectedValue(new Error('Some names cannot be printed with the bundled fonts'));
    await fireEvent.click(button);
    await waitFor(() => expect(screen.getByTestId('sheet-error').textContent).toMatch('cannot be printed'));
  });

  it('offers no paper register for a cancelled session', async () => {
    api.register.mockResolvedValue({ ...structuredClone(register), session: { ...register.session, status: 'cancelled', cancellation_reason: 'lockdown' } });
    render(Register, { id: 's1' });
    await screen.findByTestId('register-cancelled');
    expect(screen.queryByTestId('print-register-sheet')).toBeNull();
  });
});
