import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/store/db.js';
import { CASES_CSV } from '../support/extracts.js';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'import-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[], databaseDir = join(work, 'db'), env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/import.ts', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, DATABASE_URL: `pglite://${databaseDir}`, LOG_LEVEL: 'silent', ...env },
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
    expect(good.stdout.trim()).toMatch(
      /^Imported 4 cases rows \(4 inserted, 0 updated, 0 retired\) in \d+\.\d s$/,
    );

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

  it('records every import it makes or refuses: kind, file, rows, when and who', async () => {
    const dir = join(work, 'recorded');
    const at = { AS_OF_DATE: '2026-12-01T02:10' };
    expect(run(['cases', file('cases-2026-12-01.csv', CASES_CSV)], dir, at).code).toBe(0);
    expect(
      run(['cases', file('cases-bad.csv', CASES_CSV.replace('2025-12-31', '2025-02-30'))], dir, at).code,
    ).toBe(1);
    const database = await openDatabase({ kind: 'pglite', dir });
    try {
      const rows = await database.rows<Record<string, unknown>>(
        sql`select kind, file_name, source, imported_by, ok, rows, problems, summary, imported_at from imports order by id`,
      );
      expect(rows).toMatchObject([
        {
          kind: 'cases',
          file_name: 'cases-2026-12-01.csv',
          source: 'command',
          ok: true,
          rows: 4,
          problems: 0,
        },
        { kind: 'cases', file_name: 'cases-bad.csv', source: 'command', ok: false, rows: 0, problems: 1 },
      ]);
      expect(rows[0]!.imported_by).toBe(userInfo().username);
      // The clock starts at AS_OF_DATE and runs on while the process starts and imports.
      const at = new Date(rows[0]!.imported_at as string).getTime() - Date.parse('2026-12-01T02:10:00Z');
      expect(at).toBeGreaterThanOrEqual(0);
      expect(at).toBeLessThan(120_000);
      expect(rows[1]!.summary).toBe('Nothing imported from the cases file: 1 row has errors');
    } finally {
      await database.close();
    }
  });

  it('a database in use by another process exits 1 with the lock message', () => {
    const dir = join(work, 'locked');
    writeFileSync(`${dir}.lock`, String(process.pid));
    const r = run(['cases', file('good2.csv', CASES_CSV)], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('in use by another process');
  });

  it('retires what a later extract leaves out, and refuses to retire more than the limit without --allow-large-removal', () => {
    const dir = join(work, 'retire');
    expect(run(['cases', file('all.csv', CASES_CSV)], dir).code).toBe(0);
    // One of four cases gone: 25 %, over the default 20 %.
    const lines = CASES_CSV.trim().split('\n');
    const partial = file('partial.csv', [...lines.slice(0, 2), ...lines.slice(3)].join('\n'));
    const refused = run(['cases', partial], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('leaves out 1 of the 4 cases rows already imported (25%)');
    expect(refused.stderr).toContain('--allow-large-removal');
    expect(refused.stderr).not.toMatch(/Placeholder|Fictional|Y345678|Z456789/);

    const allowed = run(['cases', partial, '--allow-large-removal'], dir);
    expect(allowed.stderr).toBe('');
    expect(allowed.stdout.trim()).toMatch(/^Imported 3 cases rows \(0 inserted, 3 updated, 1 retired\) in/);
    // The limit is a setting.
    expect(run(['cases', file('all-again.csv', CASES_CSV)], dir).stdout).toContain(
      '(1 inserted, 3 updated, 0 retired)',
    );
    const raised = run(['cases', partial], dir, { IMPORT_MAX_REMOVAL_PERCENT: '30' });
    expect(raised.stdout).toContain('1 retired');
    const badSetting = run(['cases', partial], dir, { IMPORT_MAX_REMOVAL_PERCENT: 'lots' });
    expect(badSetting.code).toBe(1);
    expect(badSetting.stderr).toContain('IMPORT_MAX_REMOVAL_PERCENT');
  });

  it('refuses a file that is not UTF-8, and an unknown option', () => {
    const bytes = Buffer.concat([
      Buffer.from(CASES_CSV.slice(0, 200)),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('\n'),
    ]);
    const path = join(work, 'latin1.csv');
    writeFileSync(path, bytes);
    const r = run(['cases', path], join(work, 'utf8'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not UTF-8 text');
    expect(run(['cases', path, '--force'], join(work, 'utf8')).code).toBe(2);
  });
});
