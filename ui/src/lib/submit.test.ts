// The one save shape every form uses: held while the call runs, the core's sentence on a refusal,
// let go afterwards whatever happened, and a second press while busy sending nothing.
import { describe, expect, it, vi } from 'vitest';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }));

import { ApiError } from './api';
import { run, type FormState } from './submit';

const idle = (): FormState => ({ busy: false, error: null });

/** A call that waits until the test lets it finish. */
function pending() {
  let finish!: () => void;
  let refuse!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    finish = res;
    refuse = rej;
  });
  return { promise, finish, refuse };
}

describe('run', () => {
  it('holds the form while the call runs and lets it go after', async () => {
    const form = idle();
    const call = pending();
    let busyDuring: FormState['busy'] | undefined;
    const done = run(form, async () => {
      busyDuring = form.busy;
      await call.promise;
    });
    expect(busyDuring).toBe(true);
    expect(form.busy).toBe(true);
    call.finish();
    expect(await done).toBe(true);
    expect(form).toEqual({ busy: false, error: null });
  });

  it('clears the last error when it starts', async () => {
    const form: FormState = { busy: false, error: 'date: enter a date' };
    const call = pending();
    const done = run(form, () => call.promise);
    expect(form.error).toBeNull();
    call.finish();
    await done;
    expect(form.error).toBeNull();
  });

  it('shows the core’s sentence when it refuses, and lets the form go', async () => {
    const form = idle();
    const ok = await run(form, () => Promise.reject(new ApiError('conflict', 'Consent is needed to share details with Dundee Recovery Hub.')));
    expect(ok).toBe(false);
    expect(form).toEqual({ busy: false, error: 'Consent is needed to share details with Dundee Recovery Hub.' });
  });

  it('shows a thrown error’s words, and anything else as text', async () => {
    const form = idle();
    await run(form, async () => {
      throw new Error('facilitator: choose who the clearance is for');
    });
    expect(form.error).toBe('facilitator: choose who the clearance is for');
    await run(form, () => Promise.reject('the shell went away'));
    expect(form.error).toBe('the shell went away');
  });

  it('ignores a second press while busy: nothing is sent twice', async () => {
    const form = idle();
    const call = pending();
    const work = vi.fn(() => call.promise);
    const first = run(form, work);
    const second = run(form, work);
    expect(work).toHaveBeenCalledTimes(1);
    expect(form.busy).toBe(true);
    call.finish();
    expect(await second).toBe(false);
    expect(await first).toBe(true);
    expect(form.busy).toBe(false);
    expect(await run(form, work)).toBe(true);
    expect(work).toHaveBeenCalledTimes(2);
  });

  it('says which button is busy when asked, and lets it go after a refusal', async () => {
    const form: FormState<'pdf' | 'csv'> = { busy: false, error: null };
    const call = pending();
    const done = run(form, () => call.promise, { busy: 'csv' });
    expect(form.busy).toBe('csv');
    expect(await run(form, async () => {}, { busy: 'pdf' })).toBe(false);
    expect(form.busy).toBe('csv');
    call.refuse(new Error('The folder is read-only.'));
    expect(await done).toBe(false);
    expect(form).toEqual({ busy: false, error: 'The folder is read-only.' });
  });

  it('hands the refusal on once the form is let go, and waits for it', async () => {
    const form = idle();
    const refusal = new ApiError('not_cleared', 'Jo Smith is not cleared on 16/11/2026.');
    const seen: { e: unknown; busy: FormState['busy']; error: string | null }[] = [];
    let handled = false;
    const ok = await run(form, () => Promise.reject(refusal), {
      refused: async (e) => {
        seen.push({ e, busy: form.busy, error: form.error });
        await Promise.resolve();
        handled = true;
      },
    });
    expect(ok).toBe(false);
    expect(handled).toBe(true);
    expect(seen).toEqual([{ e: refusal, busy: false, error: 'Jo Smith is not cleared on 16/11/2026.' }]);
  });

  it('does not call `refused` when the work goes through', async () => {
    const refused = vi.fn();
    expect(await run(idle(), async () => {}, { refused })).toBe(true);
    expect(refused).not.toHaveBeenCalled();
  });
});
