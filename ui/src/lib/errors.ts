import { ApiError } from './api';

/** The sentence to show for a failed call: the core's own words when it gave them. */
export function messageOf(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
