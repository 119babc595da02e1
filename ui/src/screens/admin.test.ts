// The admin screens and My password against a stubbed backend: what is sent, what is shown,
// that the core's refusal is shown as it is, and axe.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntry, SignedIn, StaffAccount } from '../lib/wire';

const api = vi.hoisted(() => ({
  accounts: vi.fn(),
  addAccount: vi.fn(),
  setAccountDisabled: vi.fn(),
  changePassword: vi.fn(),
  resetPassword: vi.fn(),
  changeDatabaseKey: vi.fn(),
  setLockMinutes: vi.fn(),
  whoAmI: vi.fn(),
  lock: vi.fn(),
  auditTrail: vi.fn(),
  checkAuditTrail: vi.fn(),
  exportAuditTrail: vi.fn(),
  backups: vi.fn(),
  backUpNow: vi.fn(),
  backUpTo: vi.fn(),
  restore: vi.fn(),
  establishments: vi.fn(),
  overview: vi.fn(),
}));

vi.mock('../lib/api', async () => (await import('../test/screens')).stubbedApi(api, { onLocked: vi.fn() }));

import { app } from '../lib/session.svelte';
import Account from './Account.svelte';
import AdminAudit from './AdminAudit.svelte';
import AdminBackups from './AdminBackups.svelte';
import AdminUsers from './AdminUsers.svelte';
import { ALISON, PER, noAxeViolations } from '../test/screens';

const REFUSED = 'not allowed: your role cannot manage staff accounts';

const accounts: StaffAccount[] = [
  { id: 's1', username: 'agrant', display_name: 'Alison Grant', role: 'administrator', disabled: false },
  { id: 's2', username: 'jsmith', display_name: 'Jo Smith', role: 'caseworker', disabled: false },
  { id: 's3', username: 'old', display_name: 'Pat Old', role: 'viewer', disabled: true },
];

function entry(seq: number, over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    // As the core sends it: stored in UTC, shown in London time (BST in July).
    seq, at: '2026-07-01T08:05:09.123Z', at_london: '01/07/2026 09:05:09', staff_id: 's1', staff: 'agrant (Alison Grant)', workstation: 'PC-WING-A',
    action: 'take_register', description: 'Took a register', record_kind: 'session', record_id: '0190abcd', detail: '12 marks saved',
    ...over,
  };
}

/** The field whose label is `label`, or starts with it (optional fields say so after it). */
function field(label: string): HTMLInputElement {
  return screen.getByLabelText((text) => text === label || text.startsWith(`${label} (`)) as HTMLInputElement;
}

class Refusal extends Error {
  code = 'forbidden';
}

beforeEach(() => {
  Object.values(api).forEach((f) => f.mockReset());
  app.gate = 'open';
  app.signedIn = ALISON;
  app.establishments = [PER];
  app.establishment = PER;
  api.accounts.mockResolvedValue(accounts);
  api.whoAmI.mockResolvedValue(ALISON);
  api.auditTrail.mockResolvedValue([entry(2), entry(1, { action: 'log_in', description: 'Logged in', record_kind: 'account', record_id: 's1', detail: null, at: '2026-11-16T09:00:00Z', at_london: '16/11/2026 09:00:00' })]);
  api.backups.mockResolvedValue([
    { name: 'register-2026-11-16.db', day: '2026-11-16', bytes: 5_250_000 },
    { name: 'register-2026-11-15.db', day: '2026-11-15', bytes: 5_200_000 },
  ]);
  api.establishments.mockResolvedValue([PER]);
  api.overview.mockResolvedValue({ today: '2026-11-16' });
});

afterEach(() => cleanup());

describe('staff accounts', () => {
  it('lists accounts, disables one, resets a password and adds one', async () => {
    const { container } = render(AdminUsers);
    const rows = await screen.findAllByTestId('account-row');
    expect(rows.map((r) => [...r.querySelectorAll('td')].slice(0, 4).map((c) => c.textContent?.trim()))).toEqual([
      ['agrant', 'Alison Grant', 'Administrator', 'Active'],
      ['jsmith', 'Jo Smith', 'Caseworker', 'Active'],
      ['old', 'Pat Old', 'Viewer', 'Disabled'],
    ]);
    expect(screen.getByTestId('enable-old').textContent).toBe('Enable');
    expect((screen.getByLabelText('Lock after (minutes)') as HTMLInputElement).value).toBe('5');
    await noAxeViolations(container);

    api.setAccountDisabled.mockResolvedValue({ ...accounts[1], disabled: true });
    await fireEvent.click(screen.getByTestId('disable-jsmith'));
    expect(api.setAccountDisabled).toHaveBeenCalledWith('s2', true);
    await screen.findByTestId('enable-jsmith');
    expect(screen.getByTestId('account-action-done').textContent).toMatch('Jo Smith (jsmith) is disabled');

    // Your own password is changed under My password, with the current one: no reset offered.
    expect(screen.queryByTestId('reset-password-agrant')).toBeNull();
    expect(screen.getByTestId('own-password-agrant').getAttribute('href')).toBe('#/account');
    await fireEvent.click(screen.getByTestId('reset-password-jsmith'));
    const reset = screen.getByLabelText('New password for Jo Smith (jsmith)');
    expect(document.activeElement).toBe(reset);
    await noAxeViolations(container);
    await fireEvent.keyDown(reset, { key: 'Escape' });
    expect(screen.queryByTestId('reset-password-form')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('reset-password-jsmith'));
    await fireEvent.click(screen.getByTestId('reset-password-jsmith'));
    await fireEvent.input(screen.getByTestId('reset-password-input'), { target: { value: 'a new long password' } });
    api.resetPassword.mockResolvedValue(undefined);
    await fireEvent.submit(screen.getByTestId('reset-password-form'));
    expect(api.resetPassword).toHaveBeenCalledWith('s2', 'a new long password');
    await waitFor(() => expect(screen.getByTestId('account-action-done').textContent).toMatch('The password for Jo Smith (jsmith) is reset'));

    api.addAccount.mockResolvedValue({ id: 's4', username: 'kmurray', display_name: 'Kay Murray', role: 'viewer', disabled: false });
    await fireEvent.input(field('Username'), { target: { value: 'kmurray' } });
    await fireEvent.input(field('Name'), { target: { value: 'Kay Murray' } });
    await fireEvent.change(screen.getByLabelText('Role'), { target: { value: 'viewer' } });
    expect([...screen.getByLabelText<HTMLSelectElement>('Role').options].map((o) => o.textContent)).toEqual(['Administrator', 'Caseworker', 'Viewer']);
    await fireEvent.input(field('Password'), { target: { value: 'a long enough password' } });
    await fireEvent.click(screen.getByTestId('add-account'));
    expect(api.addAccount).toHaveBeenCalledWith('kmurray', 'Kay Murray', 'viewer', 'a long enough password');
    await waitFor(() => expect(screen.getByTestId('add-account-done').textContent).toBe('Added Kay Murray (kmurray) as a viewer.'));
    expect(api.accounts).toHaveBeenCalledTimes(2);
  });

  it('changes the database key, showing progress until it is done, and the refusal as it is', async () => {
    const { container } = render(AdminUsers);
    await screen.findAllByTestId('account-row');
    let finish: (v: { accounts_kept: number; slots_removed: number }) => void = () => {};
    api.changeDatabaseKey.mockReturnValue(new Promise((resolve) => (finish = resolve)));
    await fireEvent.click(screen.getByTestId('change-database-key'));
    expect(api.changeDatabaseKey).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('change-database-key').textContent?.trim()).toBe('Changing the key…');
    expect(screen.getByLabelText('Re-encrypting the database with a new key…').tagName).toBe('PROGRESS');
    await fireEvent.click(screen.getByTestId('change-database-key'));
    expect(api.changeDatabaseKey).toHaveBeenCalledTimes(1);
    await noAxeViolations(container);
    finish({ accounts_kept: 2, slots_removed: 1 });
    await waitFor(() =>
      expect(screen.getByTestId('database-key-done').textContent?.replace(/\s+/g, ' ').trim()).toBe(
        'The database key has changed: 2 accounts can still log in; 1 key slot of disabled accounts left out.',
      ),
    );
    expect(screen.queryByTestId('database-key-progress')).toBeNull();
    api.changeDatabaseKey.mockRejectedValue(new Error('database: is open in another window or in the command line; close it and try again'));
    await fireEvent.click(screen.getByTestId('change-database-key'));
    await waitFor(() => expect(screen.getByTestId('database-key-error').textContent).toMatch('is open in another window'));
  });

  it('saves the lock time and restarts the timer with it', async () => {
    render(AdminUsers);
    await screen.findAllByTestId('account-row');
    await fireEvent.input(screen.getByLabelText('Lock after (minutes)'), { target: { value: '45' } });
    await fireEvent.click(screen.getByTestId('save-lock-minutes'));
    expect(screen.getByTestId('lock-minutes-error').textContent).toMatch('from 1 to 30');
    expect(api.setLockMinutes).not.toHaveBeenCalled();
    api.setLockMinutes.mockResolvedValue(10);
    api.whoAmI.mockResolvedValue({ ...ALISON, lock_minutes: 10, lock_seconds: 600 });
    await fireEvent.input(screen.getByLabelText('Lock after (minutes)'), { target: { value: '10' } });
    await fireEvent.click(screen.getByTestId('save-lock-minutes'));
    expect(api.setLockMinutes).toHaveBeenCalledWith(10);
    await waitFor(() => expect(screen.getByTestId('lock-minutes-saved').textContent).toMatch('locks after 10 minutes'));
    expect(app.signedIn?.lock_seconds).toBe(600);
  });

  it("shows the core's refusal to another role", async () => {
    api.accounts.mockRejectedValue(new Refusal(REFUSED));
    api.addAccount.mockRejectedValue(new Refusal(REFUSED));
    const { container } = render(AdminUsers);
    await waitFor(() => expect(screen.getByTestId('accounts-load-error').textContent).toBe(REFUSED));
    expect(screen.getByTestId('accounts-load-error').getAttribute('role')).toBe('alert');
    await fireEvent.input(field('Password'), { target: { value: 'a long enough password' } });
    await fireEvent.click(screen.getByTestId('add-account'));
    await waitFor(() => expect(screen.getByTestId('add-account-error').textContent).toBe(REFUSED));
    await noAxeViolations(container);
  });
});

describe('the audit trail', () => {
  it('shows entries in London time, filters, checks and exports', async () => {
    const { container } = render(AdminAudit);
    const rows = await screen.findAllByTestId('audit-row');
    expect(rows).toHaveLength(2);
    expect([...rows[0].querySelectorAll('td')].map((c) => c.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      '01/07/2026 09:05:09', 'agrant (Alison Grant)', 'PC-WING-A', 'Took a register', 'session 0190abcd', '12 marks saved',
    ]);
    expect(rows[1].querySelectorAll('td')[0].textContent).toBe('16/11/2026 09:00:00');
    expect(api.auditTrail).toHaveBeenCalledWith({ from: null, to: null, staff_id: null, action: null, record_id: null, limit: null });
    await waitFor(() => expect(screen.getByLabelText<HTMLSelectElement>('Staff').options).toHaveLength(4));
    await noAxeViolations(container);

    await fireEvent.input(field('From'), { target: { value: '31/02/2026' } });
    await fireEvent.click(screen.getByTestId('audit-filter'));
    expect(screen.getByTestId('audit-filter-error').textContent).toBe('from: 31/02/2026 is not a real date');
    await fireEvent.input(field('From'), { target: { value: '1/11/2026' } });
    await fireEvent.input(field('To'), { target: { value: '16/11/2026' } });
    await fireEvent.change(screen.getByLabelText('Staff'), { target: { value: 's2' } });
    const actionSelect = screen.getByLabelText<HTMLSelectElement>('Action');
    expect([...actionSelect.options].find((o) => o.value === 'log_in_failed')?.textContent).toBe('Failed log-in');
    await fireEvent.change(actionSelect, { target: { value: 'view_person' } });
    await fireEvent.input(field('Record'), { target: { value: ' p1 ' } });
    api.auditTrail.mockResolvedValue([]);
    await fireEvent.click(screen.getByTestId('audit-filter'));
    const filter = { from: '2026-11-01', to: '2026-11-16', staff_id: 's2', action: 'view_person', record_id: 'p1', limit: null };
    expect(api.auditTrail).toHaveBeenLastCalledWith(filter);
    await screen.findByTestId('audit-empty');

    // The core's sentence, shown as it is; the result is styled as a success or an alert.
    const whole = 'The audit trail is whole: 40 entries checked, and it matches the anchor in the backup of 16/11/2026 10:02 (entry 38).';
    api.checkAuditTrail.mockResolvedValue({ entries: 40, broken_at: null, problem: null, anchor: 'the anchor in the backup of 16/11/2026 10:02', sentence: whole });
    await fireEvent.click(screen.getByTestId('check-audit'));
    await waitFor(() => expect(screen.getByTestId('audit-check-result').textContent).toBe(whole));
    expect(screen.getByTestId('audit-check-result').className).toMatch('success');
    const broken = 'The audit trail is broken at entry 17: this entry was changed after it was written';
    api.checkAuditTrail.mockResolvedValue({ entries: 40, broken_at: 17, problem: 'this entry was changed after it was written', anchor: null, sentence: broken });
    await fireEvent.click(screen.getByTestId('check-audit'));
    await waitFor(() => expect(screen.getByTestId('audit-check-result').textContent).toBe(broken));
    expect(screen.getByTestId('audit-check-result').className).toMatch('alert');

    api.exportAuditTrail.mockResolvedValue('/home/agrant/Audit trail 2026-11-16.csv');
    await fireEvent.click(screen.getByTestId('export-audit'));
    expect(api.exportAuditTrail).toHaveBeenCalledWith(filter);
    await waitFor(() => expect(screen.getByTestId('export-audit-done').textContent).toBe('Saved /home/agrant/Audit trail 2026-11-16.csv'));
  });

  it("shows the core's refusal", async () => {
    api.accounts.mockRejectedValue(new Refusal(REFUSED));
    api.auditTrail.mockRejectedValue(new Refusal('not allowed: your role cannot see the audit trail'));
    render(AdminAudit);
    await waitFor(() => expect(screen.getByTestId('audit-error').textContent).toBe('not allowed: your role cannot see the audit trail'));
    expect(screen.queryAllByTestId('audit-row')).toHaveLength(0);
  });
});

describe('backups', () => {
  it('backs up, and restores only after confirming', async () => {
    const { container } = render(AdminBackups);
    const rows = await screen.findAllByTestId('backup-row');
    expect([...rows[0].querySelectorAll('td')].slice(0, 2).map((c) => c.textContent)).toEqual(['16/11/2026', '5.3 MB']);
    await noAxeViolations(container);

    api.backUpNow.mockResolvedValue({ path: '/data/backups/register-2026-11-16.db', bytes: 5_250_000, sha256: 'ab' });
    await fireEvent.click(screen.getByTestId('backup-now'));
    await waitFor(() => expect(screen.getByTestId('backup-done').textContent).toBe('Backed up and checked: /data/backups/register-2026-11-16.db (5.3 MB)'));
    api.backUpTo.mockResolvedValue(null);
    await fireEvent.click(screen.getByTestId('back-up-to'));
    await waitFor(() => expect(screen.getByTestId('backup-done').textContent).toMatch('Nothing was backed up'));

    const restoreButton = screen.getByTestId('restore-register-2026-11-15.db');
    await fireEvent.click(restoreButton);
    const panel = screen.getByTestId('restore-confirm');
    expect(panel.textContent?.replace(/\s+/g, ' ')).toMatch(
      'Restore the backup of 15/11/2026? Everything entered since will be replaced; the current database is kept as a safety copy first.',
    );
    expect(document.activeElement).toBe(panel);
    await noAxeViolations(container);
    await fireEvent.click(within(panel).getByText('Cancel'));
    expect(screen.queryByTestId('restore-confirm')).toBeNull();
    expect(document.activeElement).toBe(restoreButton);
    expect(api.restore).not.toHaveBeenCalled();

    await fireEvent.click(restoreButton);
    api.restore.mockResolvedValue({ path: '/data/register safety copy 2026-11-16.db', bytes: 1, sha256: 'cd' });
    api.establishments.mockClear();
    await fireEvent.click(screen.getByTestId('confirm-restore'));
    expect(api.restore).toHaveBeenCalledWith('register-2026-11-15.db');
    const done = await screen.findByText(/^Restored from the backup of 15\/11\/2026/);
    expect(done.textContent).toMatch('/data/register safety copy 2026-11-16.db');
    expect(done.closest('[role=status]')).toBeTruthy();
    expect(api.establishments).toHaveBeenCalled();
    expect(api.whoAmI).toHaveBeenCalled();
    expect(screen.queryByTestId('restore-confirm')).toBeNull();
  });

  it('restores from a chosen file', async () => {
    render(AdminBackups);
    await screen.findAllByTestId('backup-row');
    await fireEvent.click(screen.getByTestId('restore-file'));
    api.restore.mockResolvedValue(null);
    await fireEvent.click(screen.getByTestId('confirm-restore'));
    expect(api.restore).toHaveBeenCalledWith(null);
    await waitFor(() => expect(screen.getByTestId('backup-done').textContent).toMatch('Nothing was restored'));
  });

  it("shows the core's refusal", async () => {
    api.backups.mockRejectedValue(new Refusal('not allowed: your role cannot manage backups'));
    render(AdminBackups);
    await waitFor(() => expect(screen.getByTestId('backups-load-error').textContent).toBe('not allowed: your role cannot manage backups'));
  });
});

describe('my password', () => {
  it('needs the current password, checks the two match, then changes it', async () => {
    const { container } = render(Account);
    await fireEvent.input(screen.getByLabelText('New password'), { target: { value: 'a long enough password' } });
    await fireEvent.input(screen.getByLabelText('New password again'), { target: { value: 'a long enough password' } });
    await fireEvent.click(screen.getByTestId('change-password'));
    expect(screen.getByTestId('change-password-error').textContent).toMatch('current password: type the password you logged in with');
    await fireEvent.input(screen.getByLabelText('Current password'), { target: { value: 'my old password' } });
    await fireEvent.input(screen.getByLabelText('New password again'), { target: { value: 'a long enough passwort' } });
    await fireEvent.click(screen.getByTestId('change-password'));
    expect(screen.getByTestId('change-password-error').textContent).toMatch('not the same');
    api.changePassword.mockResolvedValue(undefined);
    await fireEvent.input(screen.getByLabelText('New password again'), { target: { value: 'a long enough password' } });
    await fireEvent.click(screen.getByTestId('change-password'));
    expect(api.changePassword).toHaveBeenCalledWith('my old password', 'a long enough password');
    await screen.findByTestId('password-changed');
    expect(screen.getByLabelText<HTMLInputElement>('New password').value).toBe('');
    expect(screen.getByLabelText<HTMLInputElement>('Current password').value).toBe('');
    await noAxeViolations(container);
  });
});
