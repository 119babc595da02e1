import { ApiError } from './api';

/** The sentence to show for a failed call: the core's own words when it gave them. */
export function messageOf(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

/** The core's code when a session would be run by a facilitator not cleared there that day. */
export const NOT_CLEARED = 'not_cleared';

/** Whether a failed call was the session rule (the screen then points to Clearances). */
export function isNotCleared(e: unknown): boolean {
  return e instanceof ApiError && e.code === NOT_CLEARED;
}
