import { describe, expect, it } from 'vitest';
import { describeMark, describeTakenIn, describeVersion } from './team';
import type { TakenIn } from './wire';

const taken = (over: Partial<TakenIn>): TakenIn => ({
  sender: 'Café PC',
  from: [],
  changed: 0,
  unchanged: 0,
  conflicts: 0,
  merged: 0,
  erased: 0,
  audit_entries: 0,
  ...over,
});

describe('describeTakenIn', () => {
  it('says what came from which PC, and what needs a person', () => {
    const t = taken({
      changed: 12,
      from: [
        { pc: 'Café PC', rows: 10 },
        { pc: 'Office PC', rows: 2 },
      ],
      conflicts: 1,
      merged: 2,
    });
    expect(describeTakenIn(t, false)).toBe(
      'Took in 12 changes from Café PC (10 made on Café PC and 2 made on Office PC). 1 mark made on two PCs to choose between and 2 records made on two PCs, now one.',
    );
    expect(describeTakenIn(t, true)).toMatch(/^This file has 12 changes for this PC, from Café PC \(10 made on Café PC/);
  });

  it('says so when the file holds nothing new', () => {
    expect(describeTakenIn(taken({ unchanged: 40 }), false)).toBe('Nothing new from Café PC: this PC already held all of it.');
    expect(describeTakenIn(taken({ unchanged: 40 }), true)).toMatch(/already holds all of it/);
  });

  it('counts people erased elsewhere', () => {
    expect(describeTakenIn(taken({ changed: 1, from: [{ pc: 'Office PC', rows: 1 }], erased: 1 }), false)).toContain(
      '1 person erased on another PC, erased here too.',
    );
  });
});

describe('a mark’s versions', () => {
  it('reads as the register does', () => {
    expect(describeMark({ mark: 'absent', reason: 'court' })).toBe('Absent: court');
    expect(describeMark({ mark: 'present', reason: null })).toBe('Present');
    expect(
      describeVersion({ mark: 'present', reason: null, note: null, recorded_by: 'Alison Grant', recorded_at: '16/11/2026 14:05', pc: 'Café PC' }),
    ).toBe('Recorded by Alison Grant on Café PC, 16/11/2026 14:05');
  });
});
