// Who is at the keyboard, for the whole app: the first screen, log-in, the lock and what the
// app returns to afterwards. The rules (passwords, roles, the failure limit, the idle time on
// every command) are the core's; this only decides which screen shows.
import { api, onLocked } from './api';
import { messageOf } from './errors';
import { href, router } from './router.svelte';
import { app, clearPersonalData } from './session.svelte';
import type { SetUpDone, SignedIn } from './wire';

class Access {
  /** Why the database cannot be opened at all (gate "problem"). */
  problem: string | null = $state(null);
  /** Shown once after set-up, then forgotten. */
  recoveryKey: string | null = $state(null);
  /** Said on the log-in screen once, after this PC joined a team ("This PC is now Café PC…"). */
  notice: string | null = $state(null);
}

export const access = new Access();

/**
 * Where the person was when the app locked: only a route and an id, nothing shown on the
 * lock screen. The same person logging in again goes back there; anyone else starts at Today.
 */
let resume: { staffId: string; hash: string } | null = null;

/** Asks the shell which screen comes first, and makes any "locked" answer show the lock screen. */
export async function startUp(): Promise<void> {
  onLocked(lock);
  try {
    const start = await api.startScreen();
    if (start.problem) {
      access.problem = start.problem;
      app.gate = 'problem';
    } else {
      app.gate = start.set_up ? 'set-up' : 'log-in';
    }
  } catch (e) {
    access.problem = messageOf(e);
    app.gate = 'problem';
  }
}

/**
 * Locks the app: the content is unmounted (App.svelte shows only the lock screen), who is
 * logged in and every record read are forgotten, and the shell forgets the person too.
 * Called by the Lock button, Ctrl+L, the idle timer, and any call answered "locked".
 */
export function lock(): void {
  if (app.gate !== 'open' && app.gate !== 'recovery-key') return;
  if (app.signedIn && typeof location !== 'undefined') {
    resume = { staffId: app.signedIn.staff_id, hash: location.hash };
  }
  access.recoveryKey = null;
  clearPersonalData();
  app.gate = 'locked';
  // The shell may already have locked (idle past the time); saying so again is harmless.
  api.lock().catch(() => {});
}

/** After this PC joined a team from a joining file: its administrators log in next. */
export function joined(pcName: string): void {
  access.notice = `This PC is now “${pcName}” in the team. Log in with your own administrator's username and password.`;
  app.gate = 'log-in';
}

/** After a log-in (start-up or lock screen) or a recovery: into the app. */
export function enter(signedIn: SignedIn): void {
  const fromLock = app.gate === 'locked';
  app.signedIn = signedIn;
  if (fromLock) {
    const back = resume && resume.staffId === signedIn.staff_id ? resume.hash || href.today() : href.today();
    router.go(back);
  }
  resume = null;
  app.gate = 'open';
}

/** After set-up: the first administrator is logged in; the recovery key is shown once. */
export function setUpDone(done: SetUpDone): void {
  app.signedIn = done.signed_in;
  access.recoveryKey = done.recovery_key;
  app.gate = 'recovery-key';
}

/** The recovery key is written down: on to the app (the first establishment). */
export function recoveryKeyWritten(): void {
  access.recoveryKey = null;
  app.gate = 'open';
}

/**
 * Reads who is logged in again (after the lock time is changed, or a restore): a new lock time
 * restarts the idle timer; nobody logged in any more shows the lock screen.
 */
export async function refreshSignedIn(): Promise<void> {
  const me = await api.whoAmI();
  if (app.gate !== 'open') return;
  if (me) app.signedIn = me;
  else lock();
}
