// Every form and action button saves the same way: hold it while the call runs, show the core's
// sentence if it refuses, and let it go again whatever happened. The state is a plain object so a
// screen can keep it in `$state` and draw `form.busy` and `form.error` straight from it.
import { messageOf } from './errors';

/**
 * A form's save in progress, and the sentence that stopped its last try. `busy` is `true` while
 * saving, or says which of several buttons sharing one error line is working (so only that one
 * reads "Saving…"); `false` when nothing is.
 */
export type FormState<B = true> = { busy: B | false; error: string | null };

type Refused = (e: unknown) => unknown;

/**
 * Runs `work` for `form`: ignored (false) while the form is already busy, so a second press or
 * Enter cannot send the same thing twice; otherwise busy, with the last error cleared, until it
 * ends. A refusal becomes `form.error`, then `refused` sees it. True when the work went through.
 */
export function run(form: FormState, work: () => Promise<unknown>, options?: { refused?: Refused }): Promise<boolean>;
/** As above, with `busy` saying which of the form's buttons is working. */
export function run<B>(form: FormState<B>, work: () => Promise<unknown>, options: { busy: B; refused?: Refused }): Promise<boolean>;
export async function run(
  form: FormState<unknown>,
  work: () => Promise<unknown>,
  options: { busy?: unknown; refused?: Refused } = {},
): Promise<boolean> {
  if (form.busy !== false) return false;
  form.busy = options.busy ?? true;
  form.error = null;
  try {
    await work();
    return true;
  } catch (e) {
    form.error = messageOf(e);
    // Let go first: a refusal that puts the cursor back on a field needs it enabled again.
    form.busy = false;
    await options.refused?.(e);
    return false;
  } finally {
    form.busy = false;
  }
}
