// The gate against a stubbed backend: set-up and the recovery key, log-in, the lock (by
// button, Ctrl+L, the idle timer and any "locked" answer), and axe on each screen.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SignedIn } from '../lib/wire';

const api = vi.hoisted(() => ({
  startScreen: vi.fn(),
  setUp: vi.fn(),
  logIn: vi.fn(),
  recover: vi.fn(),
  lock: vi.fn(),
  stillHere: vi.fn(),
  whoAmI: vi.fn(),
  changePassword: vi.fn(),
  resetPassword: vi.fn(),
  establishments: vi.fn(),
  addEstablishment: vi.fn(),
  overview: vi.fn(),
  clearanceWarnings: vi.fn(),
}));
const shell = vi.hoisted(() => ({ lockedHandler: null as null | (() => void) }));

vi.mock('../lib/api', async () => (await import('../test/screens')).stubbedApi(api, { onLocked: (handler: (() => void) | null) => (shell.lockedHandler = handler) }));

import { app } from '../lib/session.svelte';
import App from '../App.svelte';
import { ALISON, JO, PER, noAxeViolations } from '../test/screens';

const PASSWORD = 'a long enough password';

function field(label: string): HTMLInputElement {
  return screen.getByLabelText(label, { exact: true }) as HTMLInputElement;
}

async function logIn(who: SignedIn) {
  api.logIn.mockResolvedValueOnce(who);
  await fireEvent.input(field('Username'), { target: { value: who.username } });
  await fireEvent.input(field('Password'), { target: { value: PASSWORD } });
  await fireEvent.click(screen.getByTestId('log-in'));
  await screen.findByTestId('signed-in-as');
}

beforeEach(() => {
  Object.values(api).forEach((f) => f.mockReset());
  app.gate = 'starting';
  app.signedIn = null;
  app.establishments = [];
  app.establishment = null;
  localStorage.clear();
  location.hash = '#/account';
  api.startScreen.mockResolvedValue({ set_up: false, problem: null });
  api.lock.mockResolvedValue(undefined);
  api.stillHere.mockResolvedValue(undefined);
  api.establishments.mockResolvedValue([PER]);
  api.overview.mockResolvedValue({ today: '2026-11-16' });
  api.clearanceWarnings.mockResolvedValue({ within_days: 90, sentence: null, expiring: [], lapsed: [], waiting: [] });
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('start-up', () => {
  it('shows only a clear message when the database cannot be opened', async () => {
    api.startScreen.mockResolvedValue({ set_up: false, problem: 'the key file beside the database is missing' });
    const { container } = render(App);
    const problem = await screen.findByTestId('start-problem');
    expect(problem.querySelector('[role=alert]')?.textContent).toBe('the key file beside the database is missing');
    expect(screen.queryByTestId('log-in')).toBeNull();
    expect(screen.queryByTestId('set-up')).toBeNull();
    await noAxeViolations(container);
  });

  it('sets up, shows the recovery key once, then the first establishment', async () => {
    api.startScreen.mockResolvedValue({ set_up: true, problem: null });
    api.establishments.mockResolvedValue([]);
    const { container } = render(App);
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('Set up Recovery Register');
    expect(document.activeElement).toBe(field('Your name'));
    await noAxeViolations(container);

    await fireEvent.input(field('Your name'), { target: { value: 'Alison Grant' } });
    await fireEvent.input(field('Username'), { target: { value: 'agrant' } });
    await fireEvent.input(field('Password'), { target: { value: 'too short' } });
    await fireEvent.input(field('Password again'), { target: { value: 'too short' } });
    await fireEvent.click(screen.getByTestId('set-up'));
    expect(screen.getByTestId('set-up-error').textContent).toBe('password: must be at least 10 characters');
    await fireEvent.input(field('Password'), { target: { value: PASSWORD } });
    await fireEvent.click(screen.getByTestId('set-up'));
    expect(screen.getByTestId('set-up-error').textContent).toMatch('not the same');
    expect(api.setUp).not.toHaveBeenCalled();

    let finish: (v: unknown) => void = () => {};
    api.setUp.mockReturnValue(new Promise((resolve) => (finish = resolve)));
    await fireEvent.input(field('Password again'), { target: { value: PASSWORD } });
    await fireEvent.click(screen.getByTestId('set-up'));
    expect(api.setUp).toHaveBeenCalledWith('agrant', 'Alison Grant', PASSWORD);
    await waitFor(() => expect(screen.getByTestId('set-up').textContent).toBe('Setting up…'));
    finish({ recovery_key: 'ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567', signed_in: ALISON });

    expect((await screen.findByTestId('recovery-key')).textContent).toBe('ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567');
    expect(screen.getByText(/only way back into the records/)).toBeTruthy();
    const done = screen.getByTestId<HTMLButtonElement>('recovery-key-done');
    expect(done.disabled).toBe(true);
    await noAxeViolations(container);
    await fireEvent.click(screen.getByLabelText('I have written the recovery key down'));
    expect(done.disabled).toBe(false);
    await fireEvent.click(done);

    await screen.findByTestId('first-run-form');
    expect(screen.queryByTestId('recovery-key')).toBeNull();
    expect(screen.getByTestId('signed-in-as').textContent).toBe('Alison Grant (administrator)');
  });

  it('logs in with Enter, shows the core’s refusal, and opens the app', async () => {
    const { container } = render(App);
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('Log in');
    expect(screen.getByTestId('log-in-screen')).toBeTruthy();
    expect(document.activeElement).toBe(field('Username'));
    await noAxeViolations(container);

    api.logIn.mockRejectedValueOnce(new Error('the username or password is wrong'));
    await fireEvent.input(field('Username'), { target: { value: 'agrant' } });
    await fireEvent.input(field('Password'), { target: { value: 'wrong password' } });
    await fireEvent.submit(screen.getByTestId('log-in-form'));
    await waitFor(() => expect(screen.getByTestId('log-in-error').textContent).toBe('the username or password is wrong'));
    expect(screen.getByTestId('log-in-error').getAttribute('role')).toBe('alert');
    expect(field('Password').value).toBe('');
    expect(document.activeElement).toBe(field('Password'));

    api.logIn.mockResolvedValueOnce(ALISON);
    await fireEvent.input(field('Password'), { target: { value: PASSWORD } });
    await fireEvent.submit(screen.getByTestId('log-in-form'));
    expect(api.logIn).toHaveBeenLastCalledWith('agrant', PASSWORD);
    expect((await screen.findByTestId('signed-in-as')).textContent).toBe('Alison Grant (administrator)');
    expect(api.establishments).toHaveBeenCalled();
    await screen.findByTestId('establishment-name');
    expect(screen.getByTestId('nav-admin')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('My password');
  });

  it('sets a new password with the recovery key', async () => {
    const { container } = render(App);
    await fireEvent.click(await screen.findByTestId('use-recovery-key'));
    expect(document.activeElement).toBe(field('Recovery key'));
    await noAxeViolations(container);
    await fireEvent.input(field('Recovery key'), { target: { value: 'abcd efgh' } });
    await fireEvent.input(field("Administrator's username"), { target: { value: 'agrant' } });
    await fireEvent.input(field('New password'), { target: { value: PASSWORD } });
    await fireEvent.input(field('New password again'), { target: { value: PASSWORD } });
    api.recover.mockRejectedValueOnce(new Error('recovery key: should be 32 letters and digits in 8 groups of 4, as printed at set-up'));
    await fireEvent.click(screen.getByTestId('recover'));
    await waitFor(() => expect(screen.getByTestId('recover-error').textContent).toMatch('should be 32 letters'));
    api.recover.mockResolvedValueOnce(ALISON);
    await fireEvent.click(screen.getByTestId('recover'));
    expect(api.recover).toHaveBeenLastCalledWith('abcd efgh', 'agrant', PASSWORD);
    await screen.findByTestId('signed-in-as');
  });

  it('shows no administrator links to other roles', async () => {
    render(App);
    await screen.findByTestId('log-in');
    await logIn(JO);
    expect(screen.getByTestId('signed-in-as').textContent).toBe('Jo Smith (caseworker)');
    expect(screen.queryByTestId('nav-admin')).toBeNull();
  });
});

describe('the lock', () => {
  async function signedIn(who = ALISON) {
    const rendered = render(App);
    await screen.findByTestId('log-in');
    await logIn(who);
    await screen.findByTestId('establishment-name');
    return rendered;
  }

  it('unmounts the app and forgets its records; the same person returns to the same page', async () => {
    const { container } = await signedIn();
    await fireEvent.click(screen.getByTestId('lock'));
    const lockScreen = await screen.findByTestId('lock-screen');
    expect(lockScreen.textContent).toMatch('Locked to keep records private. Log in to go on — as yourself or as someone else.');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Locked');
    expect(api.lock).toHaveBeenCalledTimes(1);
    // Nothing about anyone: no name, no establishment, no username filled in.
    expect(container.textContent).not.toMatch('Alison');
    expect(container.textContent).not.toMatch('HMP Perth');
    expect(field('Username').value).toBe('');
    expect(document.activeElement).toBe(field('Username'));
    expect(screen.queryByTestId('use-recovery-key')).toBeNull();
    expect(app.establishments).toEqual([]);
    expect(app.establishment).toBeNull();
    expect(app.signedIn).toBeNull();
    await noAxeViolations(container);

    api.establishments.mockClear();
    await logIn(ALISON);
    expect(api.establishments).toHaveBeenCalled();
    await screen.findByTestId('establishment-name');
    expect(location.hash).toBe('#/account');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('My password');
  });

  it('sends someone else to Today', async () => {
    await signedIn();
    await fireEvent.keyDown(window, { key: 'l', ctrlKey: true });
    await screen.findByTestId('lock-screen');
    await logIn(JO);
    await waitFor(() => expect(location.hash).toBe('#/today'));
    expect(screen.getByTestId('signed-in-as').textContent).toBe('Jo Smith (caseworker)');
  });

  it('locks when any call is answered "locked"', async () => {
    await signedIn();
    expect(shell.lockedHandler).toBeTypeOf('function');
    shell.lockedHandler?.();
    await screen.findByTestId('lock-screen');
    expect(screen.queryByTestId('signed-in-as')).toBeNull();
  });

  it('locks after the lock time without activity, and tells the shell about activity', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    await signedIn({ ...ALISON, lock_seconds: 4 });
    for (let i = 0; i < 6; i++) {
      await vi.advanceTimersByTimeAsync(1000);
      await fireEvent.mouseMove(document.body);
    }
    expect(screen.getByTestId('signed-in-as')).toBeTruthy();
    expect(api.stillHere).toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(4500);
    await screen.findByTestId('lock-screen');
    expect(api.lock).toHaveBeenCalled();
  });
});
