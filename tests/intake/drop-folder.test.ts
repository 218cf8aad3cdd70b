import { mkdtemp, readdir, readFile, rm, utimes, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { londonInstant } from '../../src/domain/dates.js';
import { buildServices, type Services } from '../../src/services.js';
import type { Database } from '../../src/store/db.js';
import { freshDatabase } from '../support/db.js';
import { quietLogger } from '../support/jobs.js';
import { CASES_CSV, STAFF_CSV } from '../support/releases.js';

const NOW = londonInstant('2026-12-02', '02:15');

/** Files dropped long enough ago to be settled (a copy finished a minute back). */
async function drop(dir: string, name: string, text: string, ageMs = 60_000): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text, 'utf8');
  const t = new Date(Date.now() - ageMs);
  await utimes(path, t, t);
  return path;
}

async function count(database: Database, table: 'cases' | 'staff' | 'imports'): Promise<number> {
  const [row] = await database.rows<{ n: number }>(
    sql`select count(*)::int as n from ${sql.identifier(table)}`,
  );
  return Number(row?.n ?? 0);
}

describe('the IMPORT_DIR drop folder', () => {
  let database: Database;
  let dir: string;
  let services: Services;

  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(async () => {
    await database.close();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'drop-'));
    const config = loadConfig({
      DATABASE_URL: 'pglite://memory://',
      IMPORT_DIR: dir,
      IMPORT_SCAN_SECONDS: '1',
    });
    services = await buildServices(config, {
      database,
      log: quietLogger().log,
      clock: fixedClock('2026-12-02', NOW),
    });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is off without IMPORT_DIR', async () => {
    const config = loadConfig({ DATABASE_URL: 'pglite://memory://' });
    const off = await buildServices(config, { database, log: quietLogger().log });
    expect(off.dropFolder()).toBeNull();
  });

  it('imports a complete file, moves it to processed/ with its report, and records the import', async () => {
    const folder = services.dropFolder()!;
    await drop(dir, 'staff-2026-12-02.csv', STAFF_CSV);
    // First sighting: not yet known to be complete.
    expect(await folder.scan()).toEqual([]);
    const [done] = await folder.scan();
    expect(done).toMatchObject({ file: 'staff-2026-12-02.csv', kind: 'staff', outcome: 'processed' });
    expect(done!.movedTo).toBe('processed/staff-2026-12-02.csv');
    expect(await count(database, 'staff')).toBe(4);
    expect(await readdir(dir)).not.toContain('staff-2026-12-02.csv');
    const report = await readFile(join(dir, 'processed', 'staff-2026-12-02.csv.report.txt'), 'utf8');
    expect(report).toContain('Outcome: Imported 4 staff rows (4 inserted, 0 updated, 0 retired)');
    const [row] = await database.rows<Record<string, unknown>>(
      sql`select kind, file_name, source, imported_by, ok, rows, imported_at from imports where kind = 'staff'`,
    );
    expect(row).toMatchObject({
      kind: 'staff',
      file_name: 'staff-2026-12-02.csv',
      source: 'folder',
      ok: true,
      rows: 4,
    });
    expect(row!.imported_by).toBe(folder.dir);
    expect(new Date(row!.imported_at as string).toISOString()).toBe(NOW.toISOString());
  });

  it('rejects a bad file with its line and column reasons, and stores nothing', async () => {
    const folder = services.dropFolder()!;
    const before = await count(database, 'cases');
    const bad = CASES_CSV.replace('2027-04-19', '2026-02-30').replace(
      'low,no,no,no\nX400002',
      'lowish,no,no,no\nX400002',
    );
    await drop(dir, 'Cases_December.csv', bad);
    await folder.scan();
    const [done] = await folder.scan();
    expect(done).toMatchObject({
      kind: 'cases',
      outcome: 'rejected',
      movedTo: 'rejected/Cases_December.csv',
    });
    expect(await count(database, 'cases')).toBe(before);
    const report = await readFile(join(dir, 'rejected', 'Cases_December.csv.report.txt'), 'utf8');
    expect(report).toContain('Outcome: Nothing imported from the cases file: 1 row has errors.');
    expect(report).toMatch(/line 2, end_date: .+/);
    expect(report).toMatch(/line 2, rosh: .+/);
    expect(report).not.toContain('Drew'); // reasons, never a person's details
    expect(await readdir(join(dir, 'rejected'))).toEqual([
      'Cases_December.csv',
      'Cases_December.csv.report.txt',
    ]);
    const [row] = await database.rows<{ ok: boolean; problems: number; summary: string }>(
      sql`select ok, problems, summary from imports where file_name = 'Cases_December.csv'`,
    );
    expect(row).toMatchObject({ ok: false, problems: 1 });
    expect(row!.summary).toContain('moved to rejected/Cases_December.csv');
  });

  it('leaves a half-written file alone, and never reads a .part file', async () => {
    const folder = services.dropFolder()!;
    const half = CASES_CSV.slice(0, 200);
    const path = await drop(dir, 'cases-half.csv', half);
    await drop(dir, 'cases-copying.csv.part', CASES_CSV, 3_600_000);
    expect(await folder.scan()).toEqual([]);
    // Still being written: it grew since the last look.
    await appendFile(path, CASES_CSV.slice(200, 260));
    expect(await folder.scan()).toEqual([]);
    expect(await folder.scan()).toEqual([]); // and just touched, so not settled either
    expect((await readdir(dir)).sort()).toEqual([
      'cases-copying.csv.part',
      'cases-half.csv',
      'processed',
      'processing',
      'rejected',
    ]);
    expect(await readdir(join(dir, 'rejected'))).toEqual([]);
  });

  it('refuses a file whose name names no kind, and keeps both copies of a name dropped twice', async () => {
    const folder = services.dropFolder()!;
    await drop(dir, 'extract.csv', STAFF_CSV);
    await folder.scan();
    expect(await folder.scan()).toMatchObject([
      { kind: null, outcome: 'rejected', movedTo: 'rejected/extract.csv' },
    ]);
    expect(await readFile(join(dir, 'rejected', 'extract.csv.report.txt'), 'utf8')).toContain(
      'the file name must start with the extract',
    );
    await drop(dir, 'extract.csv', STAFF_CSV);
    await folder.scan();
    const [second] = await folder.scan();
    expect(second!.movedTo).toMatch(/^rejected\/extract-\d{8}T\d{6}Z\.csv$/);
  });

  it('two workers scanning the same folder import a file once', async () => {
    const a = services.dropFolder()!;
    const b = services.dropFolder()!;
    await drop(dir, 'staff.csv', STAFF_CSV);
    await Promise.all([a.scan(), b.scan()]);
    const results = (await Promise.all([a.scan(), b.scan()])).flat();
    const again = (await Promise.all([a.scan(), b.scan()])).flat();
    expect([...results, ...again].map((r) => r.movedTo)).toEqual(['processed/staff.csv']);
    const [row] = await database.rows<{ n: number }>(
      sql`select count(*)::int as n from imports where file_name = 'staff.csv'`,
    );
    expect(Number(row?.n)).toBe(1);
  });

  it('imports a file a stopped worker had claimed but not finished', async () => {
    const folder = services.dropFolder()!;
    await drop(dir, 'staff.csv', STAFF_CSV); // creates the folder's subfolders on the first scan
    await folder.scan();
    await drop(join(dir, 'processing'), 'staff-claimed.csv', STAFF_CSV);
    const done = await folder.scan();
    expect(done.map((d) => d.movedTo).sort()).toEqual(['processed/staff-claimed.csv', 'processed/staff.csv']);
  });

  it('the worker watches the folder on its own (start, stop)', async () => {
    const folder = services.dropFolder()!;
    await drop(dir, 'staff-watch.csv', STAFF_CSV);
    folder.start();
    try {
      for (let i = 0; i < 50 && !(await readdir(join(dir, 'processed')).catch(() => [])).length; i++)
        await new Promise((r) => setTimeout(r, 100));
    } finally {
      await folder.stop();
    }
    expect(await readdir(join(dir, 'processed'))).toContain('staff-watch.csv');
  });
});
