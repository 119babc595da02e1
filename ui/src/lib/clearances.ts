// Facilitators' clearances: the wording the Clearances screen and Today's banner use, and
// reading the clearance form. The core keeps the rules (validity, renewals, warnings, the
// session rule); these only say what it answered and read what was typed.
import { clearanceStatusLabels, parseOptionalDate, plural, showDate, type Parsed } from './format';
import type { ClearanceDetails, ClearanceKind, ClearanceStatus } from './wire';
import { pendingClearanceStatuses } from './wire';

/** The kinds and statuses in the order the form offers them (`ClearanceKind::ALL`, `ClearanceStatus::ALL`). */
export { clearanceKinds as CLEARANCE_KINDS, clearanceStatuses as CLEARANCE_STATUSES } from './wire';

/** Still waiting for a decision (`ClearanceStatus::is_pending`, generated). */
export function isPending(status: ClearanceStatus): boolean {
  return pendingClearanceStatuses.includes(status);
}

/**
 * A clearance in a few words, for the messages after a save:
 * "granted 16/11/2026, expires 15/11/2027", "applied 01/08/2026, in progress",
 * "granted 03/03/2020, no fixed end".
 */
export function describeClearance(d: ClearanceDetails): string {
  const parts: string[] = [];
  if (d.applied_on) parts.push(`applied ${showDate(d.applied_on)}`);
  if (d.granted_on) parts.push(`granted ${showDate(d.granted_on)}`);
  const saysItself = d.status === 'granted' || (d.status === 'expired' && d.expires_on);
  if (!saysItself) parts.push(clearanceStatusLabels[d.status].toLowerCase());
  if (d.expires_on) parts.push(`${d.status === 'expired' ? 'expired' : 'expires'} ${showDate(d.expires_on)}`);
  else if (d.status === 'granted') parts.push('no fixed end');
  return parts.join(', ');
}

/** What the expiry field's hint says for a kind's validity (months; null: no fixed length). */
export function validityHint(months: number | null | undefined): string {
  if (months === undefined) return 'Leave it empty to work it out from the date granted, or type the date on the letter.';
  if (months === null) return 'This kind has no fixed length: type the date on the letter, or leave it empty for none.';
  return `Left empty, it is worked out from the date granted: ${plural(months, 'month')}, to the day before the anniversary.`;
}

/** The clearance form as typed: dates as dd/mm/yyyy text. */
export type ClearanceDraft = {
  kind: ClearanceKind;
  status: ClearanceStatus;
  applied: string;
  granted: string;
  expires: string;
  reference: string;
  notes: string;
};

/** A new clearance: nothing typed yet. */
export function emptyDraft(): ClearanceDraft {
  return { kind: 'enhanced_vetting', status: 'granted', applied: '', granted: '', expires: '', reference: '', notes: '' };
}

/** A clearance as it stands, to change it. */
export function draftOf(d: ClearanceDetails): ClearanceDraft {
  return {
    kind: d.kind,
    status: d.status,
    applied: showDate(d.applied_on),
    granted: showDate(d.granted_on),
    expires: showDate(d.expires_on),
    reference: d.reference ?? '',
    notes: d.notes ?? '',
  };
}

/** A renewal of `d`: the same kind, granted today, the expiry left for the core to work out. */
export function renewalDraft(d: ClearanceDetails, today: string): ClearanceDraft {
  return { kind: d.kind, status: 'granted', applied: '', granted: showDate(today), expires: '', reference: '', notes: '' };
}

/**
 * Reads the form for the wire: ISO dates (empty: none; an empty expiry lets the core work it
 * out), text trimmed (empty: none). The core checks the dates against each other and the status.
 */
export function readDraft(draft: ClearanceDraft): Parsed<ClearanceDetails> {
  const applied = parseOptionalDate('date applied', draft.applied);
  if (!applied.ok) return applied;
  const granted = parseOptionalDate('date granted', draft.granted);
  if (!granted.ok) return granted;
  const expires = parseOptionalDate('expiry date', draft.expires);
  if (!expires.ok) return expires;
  return {
    ok: true,
    value: {
      kind: draft.kind,
      status: draft.status,
      applied_on: applied.value,
      granted_on: granted.value,
      expires_on: expires.value,
      reference: draft.reference.trim() || null,
      notes: draft.notes.trim() || null,
    },
  };
}

/** Reads "Valid for (months)": empty is no fixed length; otherwise a whole number of months. */
export function readMonths(typed: string): Parsed<number | null> {
  const text = typed.trim();
  if (text === '') return { ok: true, value: null };
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    return { ok: false, error: 'validity: enter a whole number of months, or leave it empty for no fixed length' };
  }
  return { ok: true, value: Number(text) };
}
