import { describe, expect, it } from 'vitest';
import {
  areasOf, byHomeArea, describeOutcome, describeSteps, emptyServiceDraft,
  isOverdue, readServiceDraft, serviceDraftOf,
} from './liberation';
import type { CommunityService } from './wire';

function service(id: string, name: string, area: string, over: Partial<CommunityService> = {}): CommunityService {
  return {
    id, name, kind: 'recovery_hub', area, address: null, phone: null, email: null, website: null, meeting_times: null, notes: null,
    // The core's key for these plain (unaccented, single-spaced) areas is their lower case.
    active: true, area_key: area.toLowerCase(), ...over,
  };
}

describe('liberation wording', () => {
  it('says how a liberation went, three weeks on', () => {
    expect(describeOutcome({ outcome: 'engaged', on: '2026-11-12' })).toBe('Engaged on 12/11/2026, within the 3 weeks');
    expect(describeOutcome({ outcome: 'open', until: '2026-11-23' })).toBe('Still within the 3 weeks, until 23/11/2026');
    expect(describeOutcome({ outcome: 'not_engaged', ended: '2026-10-30' })).toBe('Not engaged: the 3 weeks ended 30/10/2026');
  });

  it('reads a referral’s steps', () => {
    const r = { steps: [{ status: 'referred' as const, on: '2026-11-01' }, { status: 'accepted' as const, on: '2026-11-05' }] };
    expect(describeSteps(r)).toBe('Referred 01/11/2026, Accepted 05/11/2026');
  });

  it('marks overdue tasks, whether the number arrives as a number or a bigint', () => {
    expect(isOverdue({ days_left: BigInt(-1) })).toBe(true);
    expect(isOverdue({ days_left: 0 as unknown as bigint })).toBe(false);
    expect(isOverdue({ days_left: -3 as unknown as bigint })).toBe(true);
  });

  it('offers the services in the home area first, by the keys the core sends', () => {
    const list = [service('a', 'Hub', 'Angus'), service('b', 'Café', 'Dundee'), service('c', 'NA', 'dundee'), service('d', 'Rehab', 'Perth')];
    const { near, elsewhere } = byHomeArea(list, 'dundee');
    expect(near.map((s) => s.id)).toEqual(['b', 'c']);
    expect(elsewhere.map((s) => s.id)).toEqual(['a', 'd']);
    expect(byHomeArea(list, null).near).toEqual([]);
    expect(areasOf(list)).toEqual([{ key: 'angus', area: 'Angus' }, { key: 'dundee', area: 'Dundee' }, { key: 'perth', area: 'Perth' }]);
  });

  it('reads the service form for the wire', () => {
    expect(readServiceDraft({ ...emptyServiceDraft(), name: 'Hub', area: 'Perth', phone: '  ', notes: ' Ask for Ann ' })).toEqual({
      name: 'Hub', kind: null, area: 'Perth', address: null, phone: null, email: null, website: null, meeting_times: null, notes: 'Ask for Ann', active: true,
    });
    const s = service('a', 'Café', 'Dundee', { kind: 'recovery_cafe', active: false, meeting_times: 'Tuesdays 7–8.30pm' });
    const d = serviceDraftOf(s);
    expect(d.stopped).toBe(true);
    const { id: _id, area_key: _key, ...details } = s;
    expect(readServiceDraft(d)).toEqual(details);
  });
});
