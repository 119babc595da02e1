import { describe, expect, it } from 'vitest';
import { needReason, oldest } from './waiting';
import type { WaitingLine } from './wire';

function line(id: string): WaitingLine {
  return { referral: { id } } as unknown as WaitingLine;
}

describe('working a waiting list oldest first', () => {
  const list = ['a', 'b', 'c', 'd'].map(line);
  const ids = (ls: WaitingLine[]) => ls.map((l) => l.referral.id);

  it('asks for a reason for everyone older than the youngest taken and left waiting', () => {
    expect(ids(needReason(list, new Set(['c'])))).toEqual(['a', 'b']);
    expect(ids(needReason(list, new Set(['a', 'c'])))).toEqual(['b']);
    expect(ids(needReason(list, new Set(['a', 'b'])))).toEqual([]);
    expect(ids(needReason(list, new Set()))).toEqual([]);
    expect(ids(needReason(list, new Set(['d'])))).toEqual(['a', 'b', 'c']);
  });

  it('takes the oldest first', () => {
    expect([...oldest(list, 2)]).toEqual(['a', 'b']);
    expect([...oldest(list, 9)]).toEqual(['a', 'b', 'c', 'd']);
    expect([...oldest(list, -1)]).toEqual([]);
  });
});
