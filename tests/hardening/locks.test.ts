import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';

/**
 * The embedded database's lock is taken atomically: of processes opening one folder at the same
 * instant exactly one gets in and the others get the clear message, never a raw PGlite error.
 * On PostgreSQL, processes starting at once on a new database migrate one after another.
 */

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'locks-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Each child waits for the same instant, then opens the folder. One that gets in holds it until
// the test closes its stdin, which happens only once every child has said how it fared: a child
// slow to load (a busy machine) still meets the lock held, so the outcome never depends on timing.
const CHILD = `
import { openDatabase } from ${JSON.stringify(join(root, 'src/store/db.ts'))};
const [dir, at] = process.argv.slice(2);
while (Date.now() < Number(at)) {}
try {
  const db = await openDatabase({ kind: 'pglite', dir });
  console.log('in');
  await new Promise((r) => { process.stdin.on('end', r); process.stdin.resume(); });
  await db.close();
} catch (e) {
  console.log('refused: ' + e.message);
}
`;

/** Starts the children together; resolves with each one's output once all have exited. */
function children(script: string, dir: string, at: number, count: number): Promise<string[]> {
  const procs = Array.from({ length: count }, () =>
    spawn(process.execPath, ['--import', 'tsx', script, dir, String(at)], { cwd: root }),
  );
  const outs = procs.map(() => '');
  const said = new Set<number>();
  const heardFrom = (i: number) => {
    said.add(i);
    if (said.size === count) for (const p of procs) p.stdin.end();
  };
  return Promise.all(
    procs.map(
      (p, i) =>
        new Promise<string>((done) => {
          const heard = (d: Buffer) => {
            outs[i] += d.toString();
            if (/^(in|refused: .*)$/m.test(outs[i] ?? '')) heardFrom(i);
          };
          p.stdout.on('data', heard);
          p.stderr.on('data', heard);
          p.on('close', () => {
            heardFrom(i);
            done((outs[i] ?? '').trim());
          });
        }),
    ),
  );
}

describe('the embedded database lock', () => {
  it('three processes opening one folder at the same instant: one gets in, the others get the clear message', async () => {
    const script = join(work, 'open.mts');
    writeFileSync(script, CHILD);
    const outcomes: string[] = [];
    for (let round = 0; round < 3; round++) {
      const dir = join(work, `db${round}`);
      // Far enough ahead for every child to have loaded.
      const at = Date.now() + 6_000;
      const outs = await children(script, dir, at, 3);
      expect(
        outs.filter((o) => o === 'in'),
        outs.join(' | '),
      ).toHaveLength(1);
      for (const o of outs.filter((x) => x !== 'in'))
        expect(o).toMatch(/^refused: The embedded database at .* is in use by another process \(pid \d+\)/);
      outcomes.push(...outs);
    }
    console.log(
      `[refused] simultaneous opens of one embedded database: ${outcomes.filter((o) => o === 'in').length} in, ${outcomes.filter((o) => o !== 'in').length} refused with the message`,
    );
  }, 120_000);
});

describe.runIf(process.env.TEST_DATABASE_URL)('migrating a new PostgreSQL database', () => {
  it('three processes at once all open it: the migrations run one after another', async () => {
    const adminUrl = process.env.TEST_DATABASE_URL!;
    const name = `test_migrate_${randomBytes(5).toString('hex')}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    try {
      const u = new URL(adminUrl);
      u.pathname = `/${name}`;
      const opened = await Promise.allSettled(
        [0, 1, 2].map(() => openDatabase({ kind: 'postgres', url: u.toString() })),
      );
      expect(opened.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      for (const o of opened) if (o.status === 'fulfilled') await o.value.close();
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    }
  }, 60_000);
});
