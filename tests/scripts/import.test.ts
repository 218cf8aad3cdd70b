import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CASES_CSV } from '../support/extracts.js';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'import-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[], databaseDir = join(work, 'db')) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/import.ts', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, DATABASE_URL: `pglite://${databaseDir}`, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

describe('npm run import', { timeout: 120_000 }, () => {
  it('an unknown kind exits 2 and lists the kinds', () => {
    const r = run(['people', file('x.csv', 'a\n')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('staff, cases, custody, dip-breaches, iom-cohort');
  });

  it('a missing file exits 2', () => {
    const r = run(['cases', join(work, 'nope.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('File not found');
    expect(run(['cases']).code).toBe(2);
  });

  it('imports a good file with a one-line summary, then refuses a bad one listing every error', () => {
    const good = run(['cases', file('good.csv', CASES_CSV)]);
    expect(good.stderr).toBe('');
    expect(good.code).toBe(0);
    expect(good.stdout.trim()).toMatch(/^Imported 4 cases rows \(4 inserted, 0 updated\) in \d+\.\d s$/);

    const lines = CASES_CSV.trim().split('\n');
    lines[3] = lines[3]!.replace('2025-12-31', '2025-02-30');
    lines[4] = lines[4]!.replace('suspended_sentence_order', 'sso');
    const bad = run(['cases', file('bad.csv', lines.join('\n'))]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('line 4, end_date:');
    expect(bad.stderr).toContain('line 5, sentence_type:');
    expect(bad.stderr).not.toMatch(/Placeholder|Fictional|Y345678|Z456789/);
  });

  it('a database in use by another process exits 1 with the lock message', () => {
    const dir = join(work, 'locked');
    writeFileSync(`${dir}.lock`, String(process.pid));
    const r = run(['cases', file('good2.csv', CASES_CSV)], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('in use by another process');
  });
});
