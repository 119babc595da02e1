// What the whole app shares: who is logged in, the establishment being worked on and the
// backend's "today". Everything here that says anything about people is cleared on the lock
// (`clearPersonalData`) and read again after the next log-in.
import { api } from './api';
import type { Establishment, SignedIn } from './wire';
import { localToday } from './format';

/**
 * Which screen the app is on before its content: starting (asking the shell), a problem that
 * stops the database opening, set-up (first run), the recovery key shown once after set-up,
 * log-in at start-up, the lock screen, or the app itself ("open").
 */
export type Gate = 'starting' | 'problem' | 'set-up' | 'recovery-key' | 'log-in' | 'locked' | 'open';

class AppSession {
  gate: Gate = $state('starting');
  signedIn: SignedIn | null = $state(null);
  establishments: Establishment[] = $state([]);
  establishment: Establishment | null = $state(null);
  /** The core's today (it can be pinned for rehearsals); the computer's date until known. */
  today: string = $state(localToday());
}

export const app = new AppSession();

export function establishmentId(): string {
  if (!app.establishment) throw new Error('no establishment chosen');
  return app.establishment.id;
}

/** Forgets who is logged in and every record read for them (the lock). */
export function clearPersonalData(): void {
  app.signedIn = null;
  app.establishments = [];
  app.establishment = null;
}

const CHOSEN_KEY = 'recovery-register.establishment';

/** Works on `est` from now on (and next time), and asks the core for its "today". */
export async function chooseEstablishment(est: Establishment): Promise<void> {
  app.establishment = est;
  try {
    localStorage.setItem(CHOSEN_KEY, est.id);
  } catch {
    /* storage unavailable: the first establishment is used next time */
  }
  try {
    app.today = (await api.overview(est.id)).today;
  } catch {
    /* keep the computer's date */
  }
}

/**
 * Reads the establishments (after a log-in, or a restore) and chooses the one worked on last
 * time, or the first. With none, `app.establishment` stays null and the first-run form shows.
 * Nothing is kept if the app locked meanwhile (or `stillWanted` says no).
 */
export async function loadEstablishments(stillWanted: () => boolean = () => true): Promise<void> {
  const all = await api.establishments();
  if (app.gate !== 'open' || !stillWanted()) return;
  app.establishments = all;
  if (all.length === 0) {
    app.establishment = null;
    return;
  }
  let remembered: string | null = null;
  try {
    remembered = localStorage.getItem(CHOSEN_KEY);
  } catch {
    remembered = null;
  }
  const keep = all.find((e) => e.id === app.establishment?.id) ?? all.find((e) => e.id === remembered) ?? all[0];
  await chooseEstablishment(keep);
}
