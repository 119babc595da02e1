import { describe, expect, it } from 'vitest';
import {
  describeClearance, draftOf, emptyDraft, isPending, readDraft, readMonths, renewalDraft,
  validityHint,
} from './clearances';
import type { ClearanceDetails } from './wire';

function details(over: Partial<ClearanceDetails> = {}): ClearanceDetails {
  return {
    kind: 'standard_plus_licence', status: 'granted', applied_on: null, granted_on: '2025-11-03', expires_on: '2026-11-02',
    reference: null, notes: null, ...over,
  };
}

describe('describeClearance', () => {
  it('puts a clearance in a few words', () => {
    expect(describeClearance(details({ granted_on: '2026-11-16', expires_on: '2027-11-15' }))).toBe('granted 16/11/2026, expires 15/11/2027');
    expect(describeClearance(details({ kind: 'enhanced_vetting', expires_on: null }))).toBe('granted 03/11/2025, no fixed end');
    expect(describeClearance(details({ status: 'in_progress', applied_on: '2026-08-01', granted_on: null, expires_on: null }))).toBe(
      'applied 01/08/2026, in progress',
    );
    expect(describeClearance(details({ status: 'expired' }))).toBe('granted 03/11/2025, expired 02/11/2026');
    expect(describeClearance(details({ status: 'refused', applied_on: '2026-08-01', granted_on: null, expires_on: null }))).toBe(
      'applied 01/08/2026, refused',
    );
  });
});

describe('the clearance form', () => {
  it('starts empty for a new clearance', () => {
    expect(emptyDraft()).toEqual({ kind: 'enhanced_vetting', status: 'granted', applied: '', granted: '', expires: '', reference: '', notes: '' });
  });

  it('prefills a renewal: the same kind, granted today, the expiry left to the core', () => {
    expect(renewalDraft(details({ reference: 'SP-1', notes: 'old' }), '2026-11-16')).toEqual({
      kind: 'standard_plus_licence', status: 'granted', applied: '', granted: '16/11/2026', expires: '', reference: '', notes: '',
    });
  });

  it('shows a clearance as it stands for a change', () => {
    expect(draftOf(details({ applied_on: '2025-09-01', reference: 'SP-1' }))).toEqual({
      kind: 'standard_plus_licence', status: 'granted', applied: '01/09/2025', granted: '03/11/2025', expires: '02/11/2026', reference: 'SP-1', notes: '',
    });
  });

  it('reads dates as typed into ISO dates, empty ones as none, and trims the text', () => {
    const read = readDraft({ kind: 'photo_card', status: 'granted', applied: '1/9/2026', granted: '16/11/2026', expires: '', reference: '  PC-12 ', notes: '   ' });
    expect(read).toEqual({
      ok: true,
      value: { kind: 'photo_card', status: 'granted', applied_on: '2026-09-01', granted_on: '2026-11-16', expires_on: null, reference: 'PC-12', notes: null },
    });
    const typed = readDraft({ ...emptyDraft(), granted: '2026-11-16', expires: '31.12.2027' });
    expect(typed.ok && typed.value.expires_on).toBe('2027-12-31');
  });

  it('names the field of a date it cannot read', () => {
    expect(readDraft({ ...emptyDraft(), applied: '31/02/2026' })).toEqual({ ok: false, error: 'date applied: 31/02/2026 is not a real date' });
    expect(readDraft({ ...emptyDraft(), granted: 'tomorrow' })).toEqual({
      ok: false,
      error: "date granted: 'tomorrow' is not a date; write it as dd/mm/yyyy, for example 16/11/2026",
    });
    expect(readDraft({ ...emptyDraft(), expires: '16/13/2026' })).toEqual({ ok: false, error: "expiry date: '16/13/2026' has no month 13; write the date as dd/mm/yyyy" });
  });

  it('reads a validity in months, empty for no fixed length', () => {
    expect(readMonths('12')).toEqual({ ok: true, value: 12 });
    expect(readMonths(' ')).toEqual({ ok: true, value: null });
    expect(readMonths('0').ok).toBe(false);
    expect(readMonths('1.5').ok).toBe(false);
    expect(readMonths('twelve').ok).toBe(false);
  });

  it('explains what an empty expiry date means for the kind', () => {
    expect(validityHint(12)).toBe('Left empty, it is worked out from the date granted: 12 months, to the day before the anniversary.');
    expect(validityHint(1)).toContain('1 month,');
    expect(validityHint(null)).toBe('This kind has no fixed length: type the date on the letter, or leave it empty for none.');
    expect(validityHint(undefined)).toContain('Leave it empty');
  });

  it('knows which statuses still wait for a decision', () => {
    expect(['applied', 'in_progress', 'appealed'].every((s) => isPending(s as never))).toBe(true);
    expect(['granted', 'refused', 'expired', 'withdrawn'].some((s) => isPending(s as never))).toBe(false);
  });
});
