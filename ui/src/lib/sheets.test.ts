import { describe, expect, it } from 'vitest';
import { describeImportCounts, importKindHints, importKindPerEstablishment, importKinds } from './sheets';

describe('spreadsheet imports', () => {
  it('counts an import', () => {
    expect(describeImportCounts({ added: 3, updated: 1, unchanged: 5 }, false)).toBe('3 to add, 1 to update and 5 unchanged');
    expect(describeImportCounts({ added: 12197, updated: 1000, unchanged: 0 }, true)).toBe('12,197 added, 1,000 updated and 0 unchanged');
    expect(describeImportCounts({ added: 3, updated: 1, unchanged: 5 }, true)).toBe('3 added, 1 updated and 5 unchanged');
  });

  it('takes the kinds from the core: each with a hint, services shared by every establishment', () => {
    expect(importKinds).toEqual(['people', 'groups', 'rosters', 'registers', 'services']);
    for (const k of importKinds) expect(importKindHints[k].length).toBeGreaterThan(20);
    expect(importKinds.filter((k) => !importKindPerEstablishment[k])).toEqual(['services']);
  });
});
