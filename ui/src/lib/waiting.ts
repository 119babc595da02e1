// Working a waiting list oldest first, as the form shows it: who passed over needs a reason.
// The core checks the same (store::referrals_in::allocate_cohort) and refuses otherwise; this
// only shows the reason fields where they will be asked for.
import type { WaitingLine } from './wire';

/**
 * The people on the list (oldest first) who are left waiting while someone younger is taken:
 * each needs a reason for being skipped.
 */
export function needReason(lines: WaitingLine[], taken: Set<string>): WaitingLine[] {
  let last = -1;
  lines.forEach((l, i) => {
    if (taken.has(l.referral.id)) last = i;
  });
  return lines.slice(0, Math.max(last, 0)).filter((l) => !taken.has(l.referral.id));
}

/** The oldest `n` on the list: what "Take the next N" ticks. */
export function oldest(lines: WaitingLine[], n: number): Set<string> {
  return new Set(lines.slice(0, Math.max(0, n)).map((l) => l.referral.id));
}
