import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childDatabase, ROOT, startTcpProxy, type ChildDatabase } from '../support/job-process.js';

/**
 * The database killed in the middle of a national import (issue 14): `npm run import` of 250,000
 * cases rows through a TCP proxy that is cut while the rows are being written. Every row carries
 * values planted for the purpose (CRN, name, email); none of them may appear in anything the
 * command prints, and it must still say what failed and that nothing was imported.
 */

const ROWS = 250_000;
const work = mkdtempSync(join(tmpdir(), 'import-outage-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const crn = (i: number) => `Q${String(i).padStart(6, '0')}`;
const first = (i: number) => `Plantfirst${i}`;
const last = (i: number) => `Plantlast${i}`;
const email = (i: number) => `planted.officer${i % 5000}@probation.example`;

function writeFile(): string {
  const lines = [
    'crn,first_name,last_name,practitioner_email,sentence_type,start_date,end_date,rar,mappa_category,mappa_level,rosh,nsd,child_protection,isc_pilot',
  ];
  for (let i = 1; i <= ROWS; i++)
    lines.push(
      `${crn(i)},${first(i)},${last(i)},${email(i)},licence,2026-03-01,2027-03-01,no,,,low,no,no,no`,
    );
  const file = join(work, 'cases.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe.runIf(process.env.TEST_DATABASE_URL)('npm run import with PostgreSQL killed mid-import', () => {
  let target: ChildDatabase;
  beforeAll(async () => {
    target = await childDatabase();
  });
  afterAll(async () => {
    await target?.cleanup();
  });

  it('prints no CRN, name or email of the 250,000 rows, and says nothing was imported', async () => {
    const file = writeFile();
    const server = new URL(target.url);
    const proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    const viaProxy = new URL(target.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const watcher = postgres(target.url, { max: 1, onnotice: () => {} });
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', 'cases', file], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          DATABASE_URL: viaProxy.toString(),
          LOG_LEVEL: 'debug',
          DEMO_DATA: '0',
        },
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
      // Cut once the rows are on their way: a COPY of them is running.
      let cutAt = 0;
      for (let i = 0; i < 600 && !cutAt; i++) {
        const [busy] = await watcher<{ n: number }[]>`
          select count(*)::int as n from pg_stat_activity
           where datname = current_database() and pid <> pg_backend_pid()
             and (query ilike 'copy cases%' or query ilike 'copy import_stage%')`;
        if ((busy?.n ?? 0) > 0) cutAt = Date.now();
        else await new Promise((r) => setTimeout(r, 50));
      }
      expect(cutAt, 'the import never started writing').toBeGreaterThan(0);
      await proxy.cut();
      const code = await exited;
      expect(code).toBe(1);
      expect(out).toContain('Nothing imported from the cases file: the database failed while');
      const leaks = [/Q\d{6}/, /Plantfirst/, /Plantlast/, /planted\.officer/];
      for (const leak of leaks) expect(out, `the output quotes ${String(leak)}`).not.toMatch(leak);
      const [stored] = await watcher<{ n: number }[]>`select count(*)::int as n from cases`;
      expect(stored?.n).toBe(0);
      console.log(
        `[privacy] import killed mid-write: ${out.length} bytes of output, 0 planted values; exit ${code}`,
      );
      console.log(`[privacy] what it printed:\n${out.trim()}`);
    } finally {
      await watcher.end({ timeout: 5 });
      await proxy.close();
    }
  }, 180_000);
});
