// The certificate screens against a stubbed backend: what is sent, what is shown, and axe.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CardLine,  Award, AwardType, DueLine, Group, GroupPage as GroupPageData, Participant, PeerRecord, PrintProgress, SvqProgress } from '../lib/wire';

const api = vi.hoisted(() => ({
  groupPage: vi.fn(),
  facilitators: vi.fn(),
  dueToGraduate: vi.fn(),
  awardsOfGroup: vi.fn(),
  awardTypes: vi.fn(),
  addAwardType: vi.fn(),
  chooseAwardLogo: vi.fn(),
  removeAwardLogo: vi.fn(),
  issueAwards: vi.fn(),
  printAwards: vi.fn(),
  revokeAward: vi.fn(),
  verifyAward: vi.fn(),
  onPrintProgress: vi.fn(),
  participantPage: vi.fn(),
  cards: vi.fn(async (): Promise<CardLine[]> => []),
  makeTransferPack: vi.fn(),
  referralsIn: vi.fn(async () => []),
  programmes: vi.fn(async () => []),
  groups: vi.fn(async () => []),
  capitalOf: vi.fn(async () => []),
  editAwardType: vi.fn(),
  awardTypeHistory: vi.fn(),
  chooseSignatureImage: vi.fn(),
  svqUnits: vi.fn(),
  addSvqUnits: vi.fn(),
  svqProgress: vi.fn(async (): Promise<SvqProgress[]> => []),
  svqProgressIn: vi.fn(),
  signOffUnit: vi.fn(),
  candidateNumber: vi.fn(async (): Promise<string | null> => null),
  setCandidateNumber: vi.fn(),
  exportUnitRecord: vi.fn(),
  peerRecord: vi.fn(async (): Promise<PeerRecord | null> => null),
  addPeerRole: vi.fn(),
  changePeerRole: vi.fn(),
  recordQualification: vi.fn(),
  requireCourse: vi.fn(),
}));

vi.mock('../lib/api', async () => (await import('../test/screens')).stubbedApi(api));

import { app } from '../lib/session.svelte';
import Awards from './Awards.svelte';
import GroupPage from './GroupPage.svelte';
import Person from './Person.svelte';
import VerifyAward from './VerifyAward.svelte';
import { noAxeViolations } from '../test/screens';

const EST = { id: 'e1', code: 'PER', name: 'HMP Perth' };

function person(id: string, given: string, family: string): Participant {
  return {
    id, establishment_id: 'e1', kind: 'in_custody', prison_number: `P${id}`, given_name: given, family_name: family,
    date_of_birth: null, location: null, status: 'in_custody', status_since: null, expected_liberation: null,
  };
}

const group: Group = {
  id: 'g1', establishment_id: 'e1', name: 'Recovery College – cohort 2', kind: 'programme', location: null,
  starts_on: '2026-09-07', ends_on: '2026-11-16', start_time: '14:00', duration_minutes: 90,
  schedule: { weekday: 'mon', every_weeks: 1 }, planned_sessions: 10,
  completion: { min_attended: 8, excuses_regime_absences: true }, facilitators: [],
};

const people = [person('1', 'Anna', 'Kowalska'), person('2', 'Siobhán', 'Nic a’ Bhàird'), person('3', 'Tam', 'Reid')];

function award(id: string, p: Participant, number: string, prints: number, revoked = false): Award {
  return {
    id, award_type_id: 't1', participant_id: p.id, group_id: 'g1', number, awarded_on: '2026-11-16',
    name_on_certificate: `${p.given_name} ${p.family_name}`, verification_code: '7KQ2M-X9TD4',
    revoked_on: revoked ? '2026-11-20' : null, revocation_reason: revoked ? 'issued in error' : null, prints,
    revision: 1, candidate_number: null,
  };
}

function dueLine(p: Participant, status: DueLine['progress']['status'], a: Award | null = null): DueLine {
  return {
    participant: p,
    enrolment: { id: `en${p.id}`, group_id: 'g1', participant_id: p.id, enrolled_on: '2026-09-07', left_on: null, leaving_reason: null, leaving_note: null },
    progress: { status, attended: status === 'completed' ? 9 : 5, needed: 8, remaining: status === 'on_track' ? 3 : 0 },
    award: a,
  };
}

const type: AwardType = {
  id: 't1', establishment_id: 'e1', has_logo: false, revision: 1, kind: 'programme_completion', title: 'Recovery Group Programme',
  svq_level: null, awarding_body: null, wording: 'has successfully completed the 10-week Recovery Group Programme',
  issuing_organisation: 'Perth Recovery College', show_establishment: false,
  signatories: [{ name: 'Anna Smith', role: 'Recovery Development Worker', signature: null }],
};

beforeEach(() => {
  app.establishments = [EST];
  app.establishment = EST;
  app.today = '2026-11-16';
  Object.values(api).forEach((f) => f.mockReset());
  // The person's page also shows their referrals into the service.
  api.referralsIn.mockResolvedValue([]);
  api.programmes.mockResolvedValue([]);
  api.groups.mockResolvedValue([]);
  api.capitalOf.mockResolvedValue([]);
  api.peerRecord.mockResolvedValue(null);
  const page: GroupPageData = { group, enrolments: [], attendance: [], sessions: [] };
  api.groupPage.mockResolvedValue(page);
  api.facilitators.mockResolvedValue([]);
  api.awardTypes.mockResolvedValue([type]);
  api.onPrintProgress.mockResolvedValue(() => {});
});

afterEach(() => cleanup());

describe('group page: graduation', () => {
  it('ticks who completed, issues, and shows the numbers', async () => {
    api.dueToGraduate.mockResolvedValue([dueLine(people[0], 'completed'), dueLine(people[1], 'on_track'), dueLine(people[2], 'completed')]);
    api.awardsOfGroup.mockResolvedValue([]);
    const { container } = render(GroupPage, { id: 'g1' });

    await waitFor(() => expect(screen.getAllByTestId('due-row')).toHaveLength(3));
    expect(screen.getAllByTestId('due-row').map((r) => r.dataset.status)).toEqual(['completed', 'on_track', 'completed']);
    expect(screen.getAllByTestId('due-pick')).toHaveLength(2);
    expect(screen.getAllByTestId<HTMLInputElement>('due-pick').every((c) => c.checked)).toBe(true);
    expect(screen.getByTestId<HTMLInputElement>('due-date').value).toBe('16/11/2026');
    expect(screen.getByTestId('issue-awards').textContent).toMatch('Approve and issue 2 certificates');
    await noAxeViolations(container);

    await fireEvent.click(screen.getAllByTestId('due-pick')[1]);
    expect(screen.getByTestId('issue-awards').textContent).toMatch('Approve and issue 1 certificate');

    api.issueAwards.mockResolvedValue([award('a1', people[0], 'PER-2026-0001', 0)]);
    api.dueToGraduate.mockResolvedValue([dueLine(people[0], 'completed', award('a1', people[0], 'PER-2026-0001', 0)), dueLine(people[1], 'on_track'), dueLine(people[2], 'completed')]);
    api.awardsOfGroup.mockResolvedValue([award('a1', people[0], 'PER-2026-0001', 0)]);
    await fireEvent.click(screen.getByTestId('issue-awards'));
    await waitFor(() => expect(screen.getByTestId('graduation-done').textContent).toMatch('1 certificate issued (PER-2026-0001)'));
    expect(api.issueAwards).toHaveBeenCalledWith('t1', 'g1', ['1'], '2026-11-16');
    expect(screen.getAllByTestId('group-award-row')).toHaveLength(1);
    expect(screen.getAllByTestId('due-pick')).toHaveLength(1);
  });

  it('names a bad award date without calling the backend', async () => {
    api.dueToGraduate.mockResolvedValue([dueLine(people[0], 'completed')]);
    api.awardsOfGroup.mockResolvedValue([]);
    render(GroupPage, { id: 'g1' });
    const date = await screen.findByTestId<HTMLInputElement>('due-date');
    await fireEvent.input(date, { target: { value: '31/04/2026' } });
    await fireEvent.click(screen.getByTestId('issue-awards'));
    expect(screen.getByTestId('issue-error').textContent).toMatch('award date: 31/04/2026 is not a real date');
    expect(api.issueAwards).not.toHaveBeenCalled();
  });

  it('points to the certificates screen when there are no types', async () => {
    api.awardTypes.mockResolvedValue([]);
    api.dueToGraduate.mockResolvedValue([dueLine(people[0], 'completed')]);
    api.awardsOfGroup.mockResolvedValue([]);
    render(GroupPage, { id: 'g1' });
    const none = await screen.findByTestId('due-no-types');
    expect(none.querySelector('a')?.getAttribute('href')).toBe('#/awards');
    expect(screen.queryByTestId('issue-awards')).toBeNull();
  });

  it('does not ask for due people on a group without a completion rule', async () => {
    api.groupPage.mockResolvedValue({ group: { ...group, kind: 'aa', planned_sessions: null, completion: null }, enrolments: [], attendance: [], sessions: [] });
    render(GroupPage, { id: 'g1' });
    await screen.findByTestId('group-title');
    expect(screen.queryByTestId('graduation')).toBeNull();
    expect(api.dueToGraduate).not.toHaveBeenCalled();
  });

  it('prints with progress, asks for a reprint reason, and reloads', async () => {
    const a1 = award('a1', people[0], 'PER-2026-0001', 1);
    const a2 = award('a2', people[2], 'PER-2026-0002', 1);
    const a3 = award('a3', people[1], 'PER-2026-0003', 0, true);
    api.dueToGraduate.mockResolvedValue([dueLine(people[0], 'completed', a1), dueLine(people[2], 'completed', a2)]);
    api.awardsOfGroup.mockResolvedValue([a1, a2, a3]);
    let listener: ((p: PrintProgress) => void) | null = null;
    const stop = vi.fn();
    api.onPrintProgress.mockImplementation(async (l: (p: PrintProgress) => void) => {
      listener = l;
      return stop;
    });
    let finish: (v: unknown) => void = () => {};
    api.printAwards.mockImplementation(() => new Promise((resolve) => (finish = resolve)));

    const { container } = render(GroupPage, { id: 'g1' });
    await waitFor(() => expect(screen.getAllByTestId('group-award-row')).toHaveLength(3));
    expect(screen.getAllByTestId('award-pick')).toHaveLength(2);
    expect(screen.getAllByTestId('award-revoke')).toHaveLength(2);
    expect(screen.getAllByTestId('group-award-row')[2].textContent).toMatch('Revoked');
    expect(screen.getByTestId('print-awards').textContent).toMatch('Print 2 certificates');
    expect(screen.getByTestId('reprint-reason')).toBeTruthy();
    await noAxeViolations(container);

    api.printAwards.mockRejectedValueOnce(new Error('reprint reason: PER-2026-0001 was printed before; say why it is reprinted'));
    await fireEvent.click(screen.getByTestId('print-awards'));
    await waitFor(() => expect(screen.getByTestId('print-error').textContent).toMatch('reprint reason'));
    expect(api.printAwards).toHaveBeenCalledWith(['a1', 'a2'], null, false, 'Certificates – Recovery College – cohort 2');
    expect(screen.queryByTestId('print-progress')).toBeNull();

    await fireEvent.input(screen.getByTestId('reprint-reason'), { target: { value: 'lost in a cell move' } });
    await fireEvent.click(screen.getByTestId('print-one-per-person'));
    await fireEvent.click(screen.getByTestId('print-awards'));
    await waitFor(() => expect(api.printAwards).toHaveBeenCalledTimes(2));
    expect(api.printAwards).toHaveBeenLastCalledWith(['a1', 'a2'], 'lost in a cell move', true, 'Certificates – Recovery College – cohort 2');
    expect(screen.getByTestId<HTMLButtonElement>('print-awards').disabled).toBe(true);
    listener!({ done: 1, total: 2 });
    await waitFor(() => expect(screen.getByTestId<HTMLProgressElement>('print-progress').value).toBe(1));

    api.awardsOfGroup.mockResolvedValue([{ ...a1, prints: 2 }, { ...a2, prints: 2 }, a3]);
    finish({ certificates: 2, files: ['/docs/c/a.pdf', '/docs/c/b.pdf'], bytes: 10 });
    await waitFor(() => expect(screen.getByTestId('print-done').textContent).toMatch('2 files saved in /docs/c'));
    await waitFor(() => expect(screen.queryByTestId('print-progress')).toBeNull());
    expect(stop).toHaveBeenCalled();
    expect(screen.getAllByTestId('group-award-row')[0].querySelectorAll('td')[5].textContent).toBe('2');
    expect(screen.getByTestId<HTMLButtonElement>('print-awards').disabled).toBe(false);
  });

  it('says nothing changed when the save dialog is cancelled', async () => {
    api.dueToGraduate.mockResolvedValue([]);
    api.awardsOfGroup.mockResolvedValue([award('a1', people[0], 'PER-2026-0001', 0)]);
    api.printAwards.mockResolvedValue(null);
    render(GroupPage, { id: 'g1' });
    await fireEvent.click(await screen.findByTestId('print-awards'));
    await waitFor(() => expect(screen.getByTestId('print-done').textContent).toMatch('nothing changed'));
    expect(screen.queryByTestId('reprint-reason')).toBeNull();
    expect(api.printAwards).toHaveBeenCalledWith(['a1'], null, false, 'Certificates – Recovery College – cohort 2');
  });

  it('revokes with a reason', async () => {
    api.dueToGraduate.mockResolvedValue([]);
    api.awardsOfGroup.mockResolvedValue([award('a1', people[0], 'PER-2026-0001', 0)]);
    render(GroupPage, { id: 'g1' });
    await fireEvent.click(await screen.findByTestId('award-revoke'));
    const reason = screen.getByTestId('revoke-reason');
    expect(document.activeElement).toBe(reason);
    api.revokeAward.mockRejectedValueOnce(new Error('revocation reason: is empty'));
    await fireEvent.click(screen.getByTestId('revoke-save'));
    await waitFor(() => expect(screen.getByTestId('revoke-error').textContent).toMatch('revocation reason: is empty'));
    api.revokeAward.mockResolvedValue(award('a1', people[0], 'PER-2026-0001', 0, true));
    api.awardsOfGroup.mockResolvedValue([award('a1', people[0], 'PER-2026-0001', 0, true)]);
    await fireEvent.input(reason, { target: { value: 'issued in error' } });
    await fireEvent.click(screen.getByTestId('revoke-save'));
    await waitFor(() => expect(screen.getByTestId('graduation-done').textContent).toMatch('PER-2026-0001'));
    expect(api.revokeAward).toHaveBeenCalledWith('a1', 'issued in error');
    expect(screen.queryByTestId('revoke-form')).toBeNull();
    expect(screen.queryByTestId('award-pick')).toBeNull();
  });
});

describe('group page: who may facilitate', () => {
  it('requires facilitators to be qualified to deliver a course, and shows the core’s refusal', async () => {
    api.dueToGraduate.mockResolvedValue([]);
    api.awardsOfGroup.mockResolvedValue([]);
    const { container } = render(GroupPage, { id: 'g1' });
    expect((await screen.findByTestId('group-required-course-shown')).textContent).toBe('No requirement');
    await fireEvent.click(screen.getByTestId('group-require'));
    await fireEvent.input(screen.getByTestId('group-required-course'), { target: { value: 'SMART Recovery' } });
    api.requireCourse.mockRejectedValueOnce(new Error('required course: Tam Reid facilitates this group and is not qualified to deliver SMART Recovery'));
    await fireEvent.click(screen.getByTestId('group-require-save'));
    expect((await screen.findByTestId('group-require-error')).textContent).toMatch('Tam Reid facilitates this group and is not qualified');
    expect(api.requireCourse).toHaveBeenCalledWith('g1', 'SMART Recovery');
    await noAxeViolations(container);

    api.requireCourse.mockResolvedValue({ ...group, required_course: 'SMART Recovery' });
    api.groupPage.mockResolvedValue({ group: { ...group, required_course: 'SMART Recovery' }, enrolments: [], attendance: [], sessions: [] });
    await fireEvent.click(screen.getByTestId('group-require-save'));
    await waitFor(() => expect(screen.getByTestId('group-required-course-shown').textContent).toBe('SMART Recovery'));

    // Emptied, the requirement is lifted.
    api.requireCourse.mockResolvedValue({ ...group, required_course: null });
    await fireEvent.click(screen.getByTestId('group-require'));
    expect(screen.getByTestId<HTMLInputElement>('group-required-course').value).toBe('SMART Recovery');
    await fireEvent.input(screen.getByTestId('group-required-course'), { target: { value: '  ' } });
    await fireEvent.click(screen.getByTestId('group-require-save'));
    await waitFor(() => expect(api.requireCourse).toHaveBeenLastCalledWith('g1', null));
  });
});

describe('certificate types', () => {
  it('lists types and adds one, dropping empty signatory rows', async () => {
    const { container } = render(Awards);
    await waitFor(() => expect(screen.getAllByTestId('award-type-row')).toHaveLength(1));
    expect(screen.getByTestId('award-type-logo').textContent).toMatch('Choose logo…');
    expect(screen.queryByTestId('award-type-logo-remove')).toBeNull();
    expect(screen.getByTestId('open-verify').getAttribute('href')).toBe('#/awards/verify');

    await fireEvent.click(screen.getByTestId('new-award-type'));
    expect(document.activeElement).toBe(screen.getByTestId('award-type-kind'));
    expect(screen.getByTestId<HTMLInputElement>('award-type-title').value).toBe('Recovery College graduation');
    expect(screen.getByTestId<HTMLInputElement>('award-type-show-establishment').checked).toBe(false);
    expect(screen.queryByTestId('award-type-svq-level')).toBeNull();
    await noAxeViolations(container);

    await fireEvent.change(screen.getByTestId('award-type-kind'), { target: { value: 'svq' } });
    expect(screen.getByTestId<HTMLInputElement>('award-type-title').value).toBe('SVQ');
    await fireEvent.input(screen.getByTestId('award-type-title'), { target: { value: 'SVQ Level 3 in Recovery Development Practice' } });
    await fireEvent.change(screen.getByTestId('award-type-kind'), { target: { value: 'custom' } });
    expect(screen.getByTestId<HTMLInputElement>('award-type-title').value).toBe('SVQ Level 3 in Recovery Development Practice');
    await fireEvent.change(screen.getByTestId('award-type-kind'), { target: { value: 'svq' } });

    await fireEvent.input(screen.getByTestId('award-type-svq-level'), { target: { value: '3' } });
    await fireEvent.input(screen.getByTestId('award-type-awarding-body'), { target: { value: 'SQA' } });
    await fireEvent.input(screen.getByTestId('award-type-wording'), { target: { value: 'has achieved' } });
    await fireEvent.input(screen.getByTestId('award-type-organisation'), { target: { value: 'Perth Recovery College' } });
    await fireEvent.input(screen.getByTestId('award-type-signatory-name-1'), { target: { value: 'Anna Smith' } });
    await fireEvent.input(screen.getByTestId('award-type-signatory-role-1'), { target: { value: 'Assessor' } });
    await fireEvent.input(screen.getByTestId('award-type-signatory-name-3'), { target: { value: 'Tam Reid' } });
    await fireEvent.input(screen.getByTestId('award-type-signatory-role-3'), { target: { value: 'Verifier' } });

    api.addAwardType.mockResolvedValue({ ...type, id: 't2', title: 'SVQ Level 3 in Recovery Development Practice' });
    await fireEvent.keyDown(screen.getByTestId('award-type-wording'), { key: 'Enter' });
    await waitFor(() => expect(api.addAwardType).toHaveBeenCalled());
    expect(api.addAwardType).toHaveBeenCalledWith('e1', {
      kind: 'svq',
      title: 'SVQ Level 3 in Recovery Development Practice',
      svq_level: 3,
      awarding_body: 'SQA',
      wording: 'has achieved',
      issuing_organisation: 'Perth Recovery College',
      show_establishment: false,
      signatories: [{ name: 'Anna Smith', role: 'Assessor', signature: null }, { name: 'Tam Reid', role: 'Verifier', signature: null }],
    });
    await waitFor(() => expect(screen.queryByTestId('award-type-form')).toBeNull());
  });

  it('changes a type with a signature image, keeping a revision, and shows the revisions', async () => {
    api.awardTypes.mockResolvedValue([{ ...type, revision: 2 }]);
    render(Awards);
    await fireEvent.click(await screen.findByTestId('award-type-edit'));
    expect(screen.getByTestId<HTMLInputElement>('award-type-signatory-name-1').value).toBe('Anna Smith');
    api.chooseSignatureImage.mockResolvedValue({ id: 'sig1', width_px: 800, height_px: 200 });
    await fireEvent.click(screen.getByTestId('award-type-signature-choose-1'));
    await waitFor(() => expect(screen.getByTestId('award-type-signature-1').textContent).toMatch('800 × 200 pixels'));
    await fireEvent.input(screen.getByTestId('award-type-signatory-name-2'), { target: { value: 'Sheriff Morag Laing' } });
    await fireEvent.input(screen.getByTestId('award-type-signatory-role-2'), { target: { value: 'Sheriff' } });
    api.editAwardType.mockResolvedValue({ ...type, revision: 3 });
    await fireEvent.click(screen.getByTestId('award-type-save'));
    await waitFor(() => expect(api.editAwardType).toHaveBeenCalled());
    expect(api.editAwardType.mock.calls[0][0]).toBe('t1');
    expect(api.editAwardType.mock.calls[0][1].signatories).toEqual([
      { name: 'Anna Smith', role: 'Recovery Development Worker', signature: 'sig1' },
      { name: 'Sheriff Morag Laing', role: 'Sheriff', signature: null },
    ]);
    await waitFor(() => expect(screen.getByTestId('award-types-done').textContent).toMatch('revision 3'));

    api.awardTypeHistory.mockResolvedValue([
      { revision: 2, made_at: '20/11/2026 10:02', made_by: 'Alison Grant', awards: 0, details: { ...type, title: 'Recovery Group Programme' } },
      { revision: 1, made_at: '01/09/2026 09:00', made_by: null, awards: 12, details: { ...type, title: 'Group Programme' } },
    ]);
    await fireEvent.click(screen.getByTestId('award-type-history-open'));
    const revisions = await screen.findAllByTestId('award-type-revision');
    expect(revisions.map((r) => r.textContent)).toEqual([
      expect.stringContaining('Revision 2'),
      expect.stringMatching(/Revision 1.*12 certificates issued under it.*Group Programme/),
    ]);
  });

  it('shows the backend’s error next to the form', async () => {
    render(Awards);
    await fireEvent.click(await screen.findByTestId('new-award-type'));
    api.addAwardType.mockRejectedValue(new Error('wording: is empty'));
    await fireEvent.click(screen.getByTestId('award-type-save'));
    await waitFor(() => expect(screen.getByTestId('award-type-error').textContent).toMatch('wording: is empty'));
  });

  it('chooses and removes a logo', async () => {
    api.awardTypes.mockResolvedValue([type]);
    render(Awards);
    api.chooseAwardLogo.mockResolvedValue(null);
    await fireEvent.click(await screen.findByTestId('award-type-logo'));
    await waitFor(() => expect(screen.getByTestId('award-types-done').textContent).toMatch('unchanged'));
    api.chooseAwardLogo.mockResolvedValue({ ...type, has_logo: true });
    api.awardTypes.mockResolvedValue([{ ...type, has_logo: true }]);
    await fireEvent.click(screen.getByTestId('award-type-logo'));
    await waitFor(() => expect(screen.getByTestId('award-type-logo').textContent).toMatch('Change logo…'));
    api.removeAwardLogo.mockResolvedValue(type);
    api.awardTypes.mockResolvedValue([type]);
    await fireEvent.click(screen.getByTestId('award-type-logo-remove'));
    await waitFor(() => expect(screen.queryByTestId('award-type-logo-remove')).toBeNull());
  });
});

describe('checking a certificate', () => {
  async function check(outcome: unknown, date = '') {
    api.verifyAward.mockResolvedValue(outcome);
    const { container } = render(VerifyAward);
    expect(document.activeElement).toBe(screen.getByTestId('verify-number'));
    await fireEvent.input(screen.getByTestId('verify-number'), { target: { value: 'PER-2026-0001' } });
    await fireEvent.input(screen.getByTestId('verify-code'), { target: { value: '7KQ2M-X9TD4' } });
    await fireEvent.input(screen.getByTestId('verify-date'), { target: { value: date } });
    await fireEvent.submit(screen.getByTestId('verify-form'));
    return container;
  }

  it('says genuine', async () => {
    const a = award('a1', people[0], 'PER-2026-0001', 1);
    const container = await check({ outcome: 'genuine', award: a, title: 'Recovery Group Programme' }, '16/11/2026');
    const result = await screen.findByTestId('verify-result');
    expect(result.dataset.outcome).toBe('genuine');
    expect(result.textContent).toMatch('Genuine: awarded to Anna Kowalska on 16/11/2026 — Recovery Group Programme');
    expect(api.verifyAward).toHaveBeenCalledWith('PER-2026-0001', '7KQ2M-X9TD4', null, '2026-11-16');
    await noAxeViolations(container);
  });

  it('says what was altered', async () => {
    await check({ outcome: 'altered', number: 'PER-2026-0001', differs: ['name', 'date'] });
    const result = await screen.findByTestId('verify-result');
    expect(result.dataset.outcome).toBe('altered');
    expect(result.textContent).toMatch('Not genuine: the name and date do not match the record');
  });

  it('says revoked and unknown', async () => {
    await check({ outcome: 'revoked', award: award('a1', people[0], 'PER-2026-0001', 1, true), title: 'T' });
    expect((await screen.findByTestId('verify-result')).textContent).toMatch('Revoked on 20/11/2026: issued in error');
    cleanup();
    await check({ outcome: 'unknown', number: 'PER-2026-0099' });
    expect((await screen.findByTestId('verify-result')).textContent).toMatch('No certificate with number PER-2026-0099 was issued here');
  });

  it('says genuine for a certificate a transfer pack brought, naming where it was issued', async () => {
    const elsewhere = {
      outcome: 'elsewhere', number: 'BAR-2026-0007', title: 'Recovery College graduation', awarded_on: '2026-10-30',
      name_on_certificate: 'Łukasz Żółć', establishment: 'HMP Barlinnie (BAR)', revoked_on: null,
    };
    const container = await check(elsewhere);
    const result = await screen.findByTestId('verify-result');
    expect(result.textContent).toMatch('Genuine: awarded to Łukasz Żółć on 30/10/2026');
    expect(result.textContent).toMatch('issued at HMP Barlinnie (BAR)');
    await noAxeViolations(container);
    cleanup();
    await check({ ...elsewhere, revoked_on: '2026-11-20' });
    expect((await screen.findByTestId('verify-result')).className).toMatch('revoked');
  });

  it('reads the date before asking', async () => {
    await check({ outcome: 'unknown', number: 'x' }, '30/02/2026');
    expect(screen.getByTestId('verify-error').textContent).toMatch('date on the certificate: 30/02/2026 is not a real date');
    expect(api.verifyAward).not.toHaveBeenCalled();
  });
});

describe('person page', () => {
  it('shows the history a transfer pack brought, read-only, and makes a pack with consent given now', async () => {
    api.participantPage.mockResolvedValue({
      participant: people[0], enrolments: [], attendance: [], events: [], awards: [],
      elsewhere: [{
        code: 'BAR', name: 'HMP Barlinnie', up_to: '2026-11-02', home_area: 'Dundee',
        groups: [{ name: 'SMART Recovery', kind: 'smart', first: '2026-09-07', last: '2026-10-26', sessions_attended: 7, completed: false }],
        awards: [{ number: 'BAR-2026-0007', verification_code: '7KQ2M-X9TD4', title: 'Recovery College graduation', awarded_on: '2026-10-30', name_on_certificate: 'Łukasz Żółć', revoked_on: null }],
        consents: [], referrals: [],
        svq: [{
          title: 'SVQ Level 3 in Recovery Development Practice', svq_level: 3, units_total: 4,
          units: [{ code: 'HK9A 04', title: 'Promote effective communication', assessor: 'Alison Grant', signed_off_on: '2026-10-06' }],
        }],
        sqa_candidate_number: '123456789',
        peer: {
          role: 'peer_facilitator', since: '2026-09-01',
          qualifications: [{ course: 'SMART Recovery', training: 'Training for Trainers', qualified_on: '2026-09-20' }],
          led: [{ group: 'SMART Recovery – C Hall', sessions: 2, first: '2026-10-07', last: '2026-10-21' }],
        },
      }],
    });
    api.cards.mockResolvedValue([
      { code: 'PER', name: 'HMP Perth', kind: 'establishment', kind_label: 'Establishment', fingerprint: 'AAAA-BBBB-CCCC-DDDD-EEEE', own: true },
      { code: 'LMS', name: 'HMP Low Moss', kind: 'establishment', kind_label: 'Establishment', fingerprint: 'FFFF-GGGG-HHHH-JJJJ-KKKK', own: false },
      { code: 'NATIONAL', name: 'National office', kind: 'national_office', kind_label: 'National office', fingerprint: 'LLLL-MMMM-NNNN-PPPP-QQQQ', own: false },
    ]);
    api.makeTransferPack.mockResolvedValue({ id: 't1', participant_id: '1', to: 'LMS', to_name: 'HMP Low Moss', consent_id: 'c1', groups: 0, awards: 0, earlier: 1 });
    const { container } = render(Person, { id: '1' });
    const history = await screen.findByTestId('elsewhere-history');
    expect(history.textContent).toMatch('HMP Barlinnie (BAR)');
    expect(history.textContent).toMatch('BAR-2026-0007');
    expect(screen.getByTestId('elsewhere-svq').textContent).toMatch(
      /SVQ Level 3 in Recovery Development Practice: 1 of 4 units signed off there \(SQA candidate number 123456789\).*HK9A 04.*Promote effective communication.*Alison Grant.*06\/10\/2026/,
    );
    expect(screen.getByTestId('elsewhere-peer').textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Peer facilitator there from 01/09/2026. Qualified to deliver SMART Recovery (Training for Trainers, 20/09/2026). Led 2 sessions of SMART Recovery – C Hall, 07/10/2026 to 21/10/2026.',
    );
    expect(screen.getByTestId('person-elsewhere').textContent).toMatch('not counted in this establishment’s returns');
    // Only other establishments are offered: not this one, not the national office.
    const to = (await screen.findByTestId('transfer-to')) as HTMLSelectElement;
    expect([...to.options].map((o) => o.value)).toEqual(['LMS']);
    await fireEvent.click(screen.getByTestId('transfer-consent-now'));
    await fireEvent.input(screen.getByTestId('transfer-consent-on'), { target: { value: '16/11/2026' } });
    await fireEvent.submit(screen.getByTestId('transfer-form'));
    await waitFor(() => expect(api.makeTransferPack).toHaveBeenCalledWith('1', { to: 'LMS', consent_given_on: '2026-11-16' }));
    expect((await screen.findByTestId('transfer-made')).textContent).toMatch('Saved the transfer pack for HMP Low Moss (LMS): 0 groups, 0 certificates, and the history from 1 earlier establishment');
    await noAxeViolations(container);
  });

  it('lists certificates, revoked or printed', async () => {
    api.participantPage.mockResolvedValue({
      participant: people[0],
      enrolments: [{ enrolment: dueLine(people[0], 'completed').enrolment, group_name: 'Recovery College – cohort 2' }],
      attendance: [],
      events: [],
      awards: [
        { award: award('a1', people[0], 'PER-2026-0001', 2), title: 'Recovery Group Programme' },
        { award: award('a2', people[0], 'PER-2026-0002', 0, true), title: 'Recovery College graduation' },
      ],
      elsewhere: [],
    });
    const { container } = render(Person, { id: '1' });
    const rows = await screen.findAllByTestId('person-award-row');
    expect(rows[0].textContent).toMatch('Printed 2 times');
    expect(rows[0].textContent).toMatch('Recovery College – cohort 2');
    expect(rows[1].textContent).toMatch('Revoked');
    await noAxeViolations(container);
  });

  it('gives one person a certificate signed by a sheriff with a signature image, then prints it', async () => {
    api.participantPage.mockResolvedValue({ participant: people[0], enrolments: [], attendance: [], events: [], awards: [], elsewhere: [] });
    const { container } = render(Person, { id: '1' });
    await fireEvent.click(await screen.findByTestId('one-off-award'));
    expect(screen.getByTestId<HTMLSelectElement>('one-off-type').value).toBe('t1');
    await fireEvent.click(screen.getByTestId('one-off-choose-signers'));
    expect(screen.getByTestId<HTMLInputElement>('one-off-signatory-name-1').value).toBe('Anna Smith');
    await fireEvent.input(screen.getByTestId('one-off-signatory-name-2'), { target: { value: 'Sheriff Morag Laing' } });
    await fireEvent.input(screen.getByTestId('one-off-signatory-role-2'), { target: { value: 'Sheriff' } });
    api.chooseSignatureImage.mockResolvedValue({ id: 'sig9', width_px: 640, height_px: 160 });
    await fireEvent.click(screen.getByTestId('one-off-signature-choose-2'));
    await waitFor(() => expect(screen.getByTestId('one-off-signature-2').textContent).toMatch('640 × 160'));
    await noAxeViolations(container);
    await fireEvent.input(screen.getByTestId('one-off-on'), { target: { value: '20/11/2026' } });
    api.issueAwards.mockResolvedValue([{ ...award('a9', people[0], 'PER-2026-0009', 0), group_id: null, awarded_on: '2026-11-20' }]);
    await fireEvent.click(screen.getByTestId('one-off-issue'));
    await waitFor(() => expect(api.issueAwards).toHaveBeenCalled());
    expect(api.issueAwards).toHaveBeenCalledWith('t1', null, ['1'], '2026-11-20', [
      { name: 'Anna Smith', role: 'Recovery Development Worker', signature: null },
      { name: 'Sheriff Morag Laing', role: 'Sheriff', signature: 'sig9' },
    ]);
    expect((await screen.findByTestId('one-off-issued')).textContent).toMatch('Certificate PER-2026-0009 issued: Recovery Group Programme, 20/11/2026.');
    api.printAwards.mockResolvedValue({ certificates: 1, files: ['/home/a/PER-2026-0009.pdf'], bytes: 20000 });
    await fireEvent.click(screen.getByTestId('one-off-print'));
    await waitFor(() => expect(api.printAwards).toHaveBeenCalledWith(['a9'], null, false, 'Certificate – Recovery Group Programme'));
    expect((await screen.findByTestId('one-off-printed')).textContent).toMatch('1 certificate saved to /home/a/PER-2026-0009.pdf');
  });

  it('shows SVQ units, records the candidate number, signs off a unit and prints the record', async () => {
    const svq: AwardType = { ...type, id: 't3', kind: 'svq', title: 'SVQ Level 3 in Recovery Development Practice', svq_level: 3, awarding_body: 'SQA' };
    api.awardTypes.mockResolvedValue([type, svq]);
    const unit = (code: string, title: string) => ({ id: `u-${code}`, award_type_id: 't3', code, title });
    const before = {
      award_type_id: 't3', title: svq.title, svq_level: 3, awarding_body: 'SQA', signed_off: 1, total: 2,
      units: [
        { unit: unit('HK9A 04', 'Promote effective communication'), sign_off: { id: 's1', participant_id: '1', unit_id: 'u-HK9A 04', assessor: 'Alison Grant', signed_off_on: '2026-10-06' } },
        { unit: unit('HK9B 04', 'Develop your own practice'), sign_off: null },
      ],
    };
    api.svqProgress.mockResolvedValue([before]);
    api.svqProgressIn.mockResolvedValue(before);
    api.candidateNumber.mockResolvedValue(null);
    api.participantPage.mockResolvedValue({ participant: people[0], enrolments: [], attendance: [], events: [], awards: [], elsewhere: [] });
    const { container } = render(Person, { id: '1' });
    expect((await screen.findByTestId('svq-progress')).textContent).toBe('1 of 2 units signed off');
    expect(screen.getByTestId('svq-units-of-person').textContent).toMatch(/HK9A 04.*06\/10\/2026.*Alison Grant.*HK9B 04.*Not yet/);
    expect(screen.getByTestId('svq-candidate-number').textContent).toBe('not recorded');
    await noAxeViolations(container);

    await fireEvent.click(screen.getByTestId('svq-candidate-edit'));
    api.setCandidateNumber.mockRejectedValue(new Error("SQA candidate number: '1234' is not nine digits"));
    await fireEvent.input(screen.getByTestId('svq-candidate'), { target: { value: '1234' } });
    await fireEvent.click(screen.getByTestId('svq-candidate-save'));
    expect((await screen.findByTestId('svq-candidate-error')).textContent).toMatch('not nine digits');
    api.setCandidateNumber.mockResolvedValue('123456789');
    await fireEvent.input(screen.getByTestId('svq-candidate'), { target: { value: '123 456 789' } });
    await fireEvent.click(screen.getByTestId('svq-candidate-save'));
    await waitFor(() => expect(screen.getByTestId('svq-candidate-number').textContent).toBe('123456789'));

    await fireEvent.click(screen.getByTestId('svq-sign-off-open'));
    await waitFor(() => expect(screen.getByTestId<HTMLSelectElement>('svq-unit').value).toBe('u-HK9B 04'));
    expect(screen.getByTestId('svq-unit').textContent).not.toMatch('HK9A');
    await fireEvent.input(screen.getByTestId('svq-assessor'), { target: { value: 'Derek Munro' } });
    await fireEvent.input(screen.getByTestId('svq-on'), { target: { value: '18/11/2026' } });
    api.signOffUnit.mockResolvedValue({});
    await fireEvent.click(screen.getByTestId('svq-sign-off'));
    await waitFor(() => expect(api.signOffUnit).toHaveBeenCalledWith('1', 'u-HK9B 04', 'Derek Munro', '2026-11-18'));
    expect((await screen.findByTestId('svq-signed')).textContent).toBe('Unit HK9B 04 signed off.');

    api.exportUnitRecord.mockResolvedValue({ files: ['/home/a/SVQ units 2026-11-16.pdf'] });
    await fireEvent.click(screen.getByTestId('svq-print-record'));
    await waitFor(() => expect(api.exportUnitRecord).toHaveBeenCalledWith('1', 't3'));
    expect((await screen.findByTestId('svq-printed')).textContent).toMatch('Saved /home/a/SVQ units 2026-11-16.pdf');
  });

  it('gives a peer role, records a qualification to deliver, lists the sessions led and puts them on the passport by choice', async () => {
    api.participantPage.mockResolvedValue({ participant: people[1], enrolments: [], attendance: [], events: [], awards: [], elsewhere: [] });
    const { container } = render(Person, { id: '2' });
    expect((await screen.findByTestId('peer-none')).textContent).toMatch('Not a peer facilitator or recovery champion');
    await fireEvent.click(screen.getByTestId('peer-give'));
    await fireEvent.change(screen.getByTestId('peer-role-new'), { target: { value: 'recovery_champion' } });
    await fireEvent.input(screen.getByTestId('peer-since'), { target: { value: '31/02/2026' } });
    await fireEvent.submit(screen.getByTestId('peer-give-form'));
    expect((await screen.findByTestId('peer-error')).textContent).toMatch('since');
    expect(api.addPeerRole).not.toHaveBeenCalled();

    const facilitator = { id: 'f7', name: 'Siobhán Nic a’ Bhàird', kind: 'peer' as const, organisation: null, active: true, participant_id: '2', peer_role: 'recovery_champion' as const };
    const held: PeerRecord = {
      facilitator, role: 'recovery_champion', since: '2026-09-01', on_passport: false, qualifications: [], groups: ['SMART Recovery – C Hall'],
      sessions_led: [
        { session_id: 's1', group_id: 'g2', group_name: 'SMART Recovery – C Hall', group_kind: 'smart_recovery', held_on: '2026-09-07' },
        { session_id: 's2', group_id: 'g2', group_name: 'SMART Recovery – C Hall', group_kind: 'smart_recovery', held_on: '2026-10-12' },
      ],
    };
    api.addPeerRole.mockResolvedValue(facilitator);
    api.peerRecord.mockResolvedValue(held);
    await fireEvent.input(screen.getByTestId('peer-since'), { target: { value: '01/09/2026' } });
    await fireEvent.submit(screen.getByTestId('peer-give-form'));
    await waitFor(() => expect(api.addPeerRole).toHaveBeenCalledWith('2', 'recovery_champion', '2026-09-01'));
    expect((await screen.findByTestId('peer-saved')).textContent).toBe('Siobhán is now a recovery champion.');
    expect(screen.getByTestId('peer-role').textContent).toMatch(/Recovery champion\s+since 01\/09\/2026; facilitates SMART Recovery – C Hall/);
    expect(screen.getByTestId('peer-sessions-led').textContent).toBe('Sessions led: 2, from 07/09/2026 to 12/10/2026');
    await noAxeViolations(container);

    await fireEvent.click(screen.getByTestId('peer-qualify-open'));
    expect(screen.getByTestId<HTMLInputElement>('peer-qualification-training').value).toBe('Training for Trainers');
    await fireEvent.input(screen.getByTestId('peer-qualification-course'), { target: { value: 'SMART Recovery' } });
    await fireEvent.input(screen.getByTestId('peer-qualification-on'), { target: { value: '20/11/2026' } });
    const q = { id: 'q1', facilitator_id: 'f7', course: 'SMART Recovery', training: 'Training for Trainers', qualified_on: '2026-11-20' };
    api.recordQualification.mockResolvedValue(q);
    api.peerRecord.mockResolvedValue({ ...held, qualifications: [q] });
    await fireEvent.click(screen.getByTestId('peer-qualification-save'));
    await waitFor(() => expect(api.recordQualification).toHaveBeenCalledWith('f7', { course: 'SMART Recovery', training: 'Training for Trainers', qualified_on: '2026-11-20' }));
    expect((await screen.findByTestId('peer-qualifications')).textContent).toMatch('Qualified to deliver SMART Recovery (Training for Trainers, 20/11/2026)');

    api.changePeerRole.mockResolvedValue(facilitator);
    api.peerRecord.mockResolvedValue({ ...held, qualifications: [q], on_passport: true });
    await fireEvent.click(screen.getByTestId('peer-passport'));
    await waitFor(() => expect(api.changePeerRole).toHaveBeenCalledWith('2', 'recovery_champion', true, true));
    expect((await screen.findByTestId('peer-saved')).textContent).toBe('Their passport now shows the sessions they led.');
    await waitFor(() => expect(screen.getByTestId<HTMLInputElement>('peer-passport').checked).toBe(true));

    api.changePeerRole.mockRejectedValue(new Error('role: Siobhán has been liberated; a peer role is held in custody'));
    await fireEvent.click(screen.getByTestId('peer-end'));
    expect((await screen.findByTestId('peer-error')).textContent).toMatch('a peer role is held in custody');
  });

  it('says when there are none', async () => {
    api.participantPage.mockResolvedValue({ participant: people[0], enrolments: [], attendance: [], events: [], awards: [], elsewhere: [] });
    render(Person, { id: '1' });
    expect((await screen.findByTestId('person-awards-none')).textContent).toMatch('No certificates yet');
  });
});
