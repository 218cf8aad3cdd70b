import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { CASES_CSV, STAFF_CSV } from '../support/releases.js';

const root = join(import.meta.dirname, '..', '..');

async function waitFor(what: string, check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** `npm start` as a worker with IMPORT_DIR: the folder is watched by the real process. */
describe('the worker imports files dropped into IMPORT_DIR', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'worker-drop-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('imports a file copied in through a .part name, rejects a bad one, then stops on SIGTERM', async () => {
    const drop = join(work, 'drop');
    const dbDir = join(work, 'db');
    const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['src/main.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: `pglite://${dbDir}`,
        PROCESS_MODE: 'worker',
        DEMO_DATA: '0',
        IMPORT_DIR: drop,
        IMPORT_SCAN_SECONDS: '1',
        LOG_LEVEL: 'info',
        SCHEDULE_DEFERRED_SWEEP: '0 3 1 1 *',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      // It makes the folder and its processing/, processed/ and rejected/ on its first look.
      await waitFor('the worker to watch the folder', async () => existsSync(join(drop, 'rejected')));
      // Copied in under a .part name (never read), then renamed when complete.
      await writeFile(join(drop, 'staff-2026-12-02.csv.part'), STAFF_CSV);
      await new Promise((r) => setTimeout(r, 2500));
      expect(await readdir(join(drop, 'processed'))).toEqual([]);
      await rename(join(drop, 'staff-2026-12-02.csv.part'), join(drop, 'staff-2026-12-02.csv'));
      await writeFile(join(drop, 'cases-bad.csv'), CASES_CSV.replace('2027-04-19', '2027-02-30'));
      await waitFor('both files to be moved', async () => {
        const done = [
          ...(await readdir(join(drop, 'processed'))),
          ...(await readdir(join(drop, 'rejected'))),
        ];
        return done.includes('staff-2026-12-02.csv') && done.includes('cases-bad.csv');
      });
      expect(existsSync(join(drop, 'processed', 'staff-2026-12-02.csv.report.txt'))).toBe(true);
      expect(existsSync(join(drop, 'rejected', 'cases-bad.csv.report.txt'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).not.toMatch(/Drew|Lane|X400001/);
    const database = await openDatabase({ kind: 'pglite', dir: dbDir });
    try {
      const rows = await database.rows<{ kind: string; ok: boolean; source: string }>(
        sql`select kind, ok, source from imports order by kind`,
      );
      expect(rows).toEqual([
        { kind: 'cases', ok: false, source: 'folder' },
        { kind: 'staff', ok: true, source: 'folder' },
      ]);
      const [cases] = await database.rows<{ n: number }>(sql`select count(*)::int as n from cases`);
      expect(Number(cases?.n)).toBe(0);
    } finally {
      await database.close();
    }
  }, 120_000);
});
