import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The house a newcomer walks: no source file so long that it does several jobs.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const SOURCE_DIRS = ['src', 'commands', 'jobs', 'scripts', 'bench'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const sources = SOURCE_DIRS.flatMap((d) => files(join(ROOT, d))).filter((f) => f.endsWith('.ts'));

describe('the layout', () => {
  it('has source files to check', () => {
    expect(sources.length).toBeGreaterThan(100);
  });

  it('has no source file outside tests/ over 500 lines', () => {
    const long = sources
      .map((f) => ({ file: relative(ROOT, f), lines: readFileSync(f, 'utf8').split('\n').length }))
      .filter((f) => f.lines > 500);
    expect(long).toEqual([]);
  });
});
