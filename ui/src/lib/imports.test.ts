// Only src/lib/api.ts may talk to the desktop shell.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname, '..');
/** An import, dynamic import or require of the shell package. */
const IMPORT = /(?:from|import|require)\s*\(?\s*['"`]@tauri-apps\//;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('imports of @tauri-apps', () => {
  it('happen only in src/lib/api.ts', () => {
    const all = files(SRC);
    expect(all.length).toBeGreaterThan(5);
    const offenders = all
      .filter((f) => /\.(ts|js|mjs|svelte)$/.test(f))
      .map((f) => relative(join(SRC, '..'), f).split(sep).join('/'))
      .filter((rel) => rel !== 'src/lib/api.ts')
      .filter((rel) => IMPORT.test(readFileSync(join(SRC, '..', rel), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('api.ts is where the shell is reached', () => {
    expect(readFileSync(join(SRC, 'lib', 'api.ts'), 'utf8')).toMatch(/from '@tauri-apps\/api\/core'/);
  });
});
