// What the whole app shares: the establishment being worked on and the backend's "today".
import type { Establishment } from './wire';
import { localToday } from './format';

class AppSession {
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
