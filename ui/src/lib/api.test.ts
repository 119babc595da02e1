// api.ts against a stubbed shell: arguments in camelCase, errors as ApiError, and the one
// handler that shows the lock screen whenever a call is answered "locked".
import { beforeEach, describe, expect, it, vi } from 'vitest';

const shell = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke: shell.invoke }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }));

import { api, ApiError, onLocked } from './api';

const ME = { staff_id: 's1', username: 'agrant', display_name: 'Alison Grant', role: 'administrator', lock_minutes: 5, lock_seconds: 300 };

beforeEach(() => {
  shell.invoke.mockReset();
  onLocked(null);
});

describe('api', () => {
  it('names the arguments as the shell expects', async () => {
    shell.invoke.mockResolvedValue(null);
    await api.setUp('agrant', 'Alison Grant', 'pw');
    expect(shell.invoke).toHaveBeenLastCalledWith('set_up', { username: 'agrant', displayName: 'Alison Grant', password: 'pw' });
    await api.recover('ABCD', 'agrant', 'new');
    expect(shell.invoke).toHaveBeenLastCalledWith('recover', { recoveryKey: 'ABCD', username: 'agrant', newPassword: 'new' });
    await api.setAccountDisabled('s2', true);
    expect(shell.invoke).toHaveBeenLastCalledWith('set_account_disabled', { staffId: 's2', disabled: true });
    await api.changePassword('old', 'pw');
    expect(shell.invoke).toHaveBeenLastCalledWith('change_password', { current: 'old', password: 'pw' });
    await api.resetPassword('s2', 'pw');
    expect(shell.invoke).toHaveBeenLastCalledWith('reset_password', { staffId: 's2', password: 'pw' });
    await api.addAccount('jsmith', 'Jo Smith', 'viewer', 'pw');
    expect(shell.invoke).toHaveBeenLastCalledWith('add_account', { username: 'jsmith', displayName: 'Jo Smith', role: 'viewer', password: 'pw' });
    await api.setLockMinutes(10);
    expect(shell.invoke).toHaveBeenLastCalledWith('set_lock_minutes', { minutes: 10 });
    await api.restore(null);
    expect(shell.invoke).toHaveBeenLastCalledWith('restore', { name: null });
    const filter = { from: '2026-11-01', to: null, staff_id: null, action: 'log_in' as const, record_id: null, limit: null };
    await api.auditTrail(filter);
    expect(shell.invoke).toHaveBeenLastCalledWith('audit_trail', { filter });
  });

  it('names the liberation commands’ arguments as the shell expects', async () => {
    shell.invoke.mockResolvedValue(null);
    await api.services('Dundee', false);
    expect(shell.invoke).toHaveBeenLastCalledWith('services', { area: 'Dundee', includeInactive: false });
    await api.importSheet('0193a2b4-token', 'services', null, null, false);
    expect(shell.invoke).toHaveBeenLastCalledWith('import_sheet', { file: '0193a2b4-token', kind: 'services', establishmentId: null, mapping: null, commit: false });
    const plan = { expected_liberation: '2026-12-28', home_area: 'Dundee' };
    await api.setLiberationPlan('p1', plan);
    expect(shell.invoke).toHaveBeenLastCalledWith('set_liberation_plan', { participantId: 'p1', details: plan });
    await api.withdrawConsent('c1', '2026-11-16');
    expect(shell.invoke).toHaveBeenLastCalledWith('withdraw_consent', { consentId: 'c1', on: '2026-11-16' });
    await api.updateReferral('r1', { status: 'accepted', on: '2026-11-16' });
    expect(shell.invoke).toHaveBeenLastCalledWith('update_referral', { referralId: 'r1', step: { status: 'accepted', on: '2026-11-16' } });
    await api.editService('s1', { name: 'Hub', kind: 'recovery_hub', area: 'Perth', address: null, phone: null, email: null, website: null, meeting_times: null, notes: null, active: true });
    expect(shell.invoke).toHaveBeenLastCalledWith('edit_service', expect.objectContaining({ serviceId: 's1' }));
    await api.dueForLiberation('e1');
    expect(shell.invoke).toHaveBeenLastCalledWith('due_for_liberation', { establishmentId: 'e1' });
    await api.followUp('e1');
    expect(shell.invoke).toHaveBeenLastCalledWith('follow_up', { establishmentId: 'e1' });
    await api.passport('p1', false);
    expect(shell.invoke).toHaveBeenLastCalledWith('passport', { participantId: 'p1', namePrison: false });
    await api.exportPassport('p1', true);
    expect(shell.invoke).toHaveBeenLastCalledWith('export_passport', { participantId: 'p1', namePrison: true });
  });

  it("throws the core's code and sentence", async () => {
    shell.invoke.mockRejectedValue({ code: 'forbidden', message: 'not allowed: your role cannot manage staff accounts' });
    const err = await api.accounts().catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('forbidden');
    expect(err.message).toBe('not allowed: your role cannot manage staff accounts');
  });

  it('shows the lock screen whenever any call is answered "locked"', async () => {
    const locked = vi.fn();
    onLocked(locked);
    shell.invoke.mockRejectedValue({ code: 'forbidden', message: 'not allowed' });
    await expect(api.backups()).rejects.toThrow('not allowed');
    expect(locked).not.toHaveBeenCalled();
    shell.invoke.mockRejectedValue({ code: 'locked', message: 'Locked: log in to go on.' });
    await expect(api.groups('e1')).rejects.toMatchObject({ code: 'locked' });
    expect(locked).toHaveBeenCalledTimes(1);
    await expect(api.stillHere()).rejects.toMatchObject({ code: 'locked' });
    expect(locked).toHaveBeenCalledTimes(2);
  });

  it('ignores a "locked" answer to a call made before the latest log-in', async () => {
    const locked = vi.fn();
    onLocked(locked);
    let answer: (e: unknown) => void = () => {};
    shell.invoke.mockImplementationOnce(() => new Promise((_, reject) => (answer = reject)));
    const slow = api.stillHere();
    shell.invoke.mockResolvedValueOnce(ME);
    await api.logIn('agrant', 'a long enough password');
    answer({ code: 'locked', message: 'Locked: log in to go on.' });
    await expect(slow).rejects.toMatchObject({ code: 'locked' });
    expect(locked).not.toHaveBeenCalled();
  });
});
