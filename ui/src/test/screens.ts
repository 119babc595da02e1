// What the screen tests share: the stand-in for the api module (the only one that reaches the
// shell), the establishment and staff the stubbed backend knows, and the accessibility check.
import axe from 'axe-core';
import { expect } from 'vitest';
import type { SignedIn } from '../lib/wire';

/** Thrown by stubs as the core's refusals are: the screens tell them apart by `code`. */
export class ApiError extends Error {
  constructor(public code: string, message: string) {
    super(message);
  }
}

/**
 * The api module as a screen sees it, answering from the test's stubs. For `vi.mock`'s factory:
 * `vi.mock('../lib/api', async () => (await import('../test/screens')).stubbedApi(api))`.
 */
export function stubbedApi<T>(api: T, more: Record<string, unknown> = {}) {
  return { api, ApiError, ...more };
}

export const PER = { id: 'e1', code: 'PER', name: 'HMP Perth' };

export const ALISON: SignedIn = {
  staff_id: 's1', username: 'agrant', display_name: 'Alison Grant', role: 'administrator', lock_minutes: 5, lock_seconds: 300,
};

export const JO: SignedIn = {
  staff_id: 's2', username: 'jsmith', display_name: 'Jo Smith', role: 'caseworker', lock_minutes: 5, lock_seconds: 300,
};

/** axe finds nothing (colour contrast is left to the eye: jsdom does not lay out or paint). */
export async function noAxeViolations(container: HTMLElement) {
  const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`)).toEqual([]);
}
