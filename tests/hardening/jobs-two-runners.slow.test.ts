/**
 * Issue #9, scheduled delivery: two `npm run job -- spo-digest` runners started at once against
 * one database, 300 SPOs. On PostgreSQL (TEST_DATABASE_URL) the slot lock lets one work and the
 * other say so; the embedded database refuses a second process outright.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  childDatabase,
  figures,
  range,
  seedSpos,
  spoConversation,
  startCountingConnector,
  startJob,
  withDatabase,
  type ChildDatabase,
  type CountingConnector,
} from '../support/job-process.js';

const SPOS = 300;

describe('two runners started at once against one database', { timeout: 90_000 }, () => {
  let target: ChildDatabase;
  let connector: CountingConnector;

  beforeAll(async () => {
    target = await childDatabase();
    connector = await startCountingConnector({ delayMs: 5 });
    await withDatabase(target, (database) => seedSpos(database, SPOS, connector.url));
  });
  afterAll(async () => {
    await connector?.close();
    await target?.cleanup();
  });

  it('two runners started at once: exactly one digest per SPO', async () => {
    // Faster pacing than the default 30/s: this is about the slot lock, not the connector.
    const fast = { DATABASE_URL: target.url, SEND_RATE_PER_SECOND: '100' };
    const a = startJob(['spo-digest'], fast);
    // The embedded database's lock file is written as the process opens it: on PGlite the second
    // runner starts once the first is sending, on PostgreSQL at the same moment.
    if (target.kind === 'pglite') await connector.waitForDeliveries(1, 60_000);
    const b = startJob(['spo-digest'], fast);
    const runs = await Promise.all([a.exited, b.exited]);
    for (const i of range(SPOS)) expect(connector.count(spoConversation(i))).toBe(1);
    expect(connector.total()).toBe(SPOS);
    const sent = runs.map((r) => Number(/sent (\d+)/.exec(r.stdout)?.[1] ?? 0));
    expect(sent.reduce((x, y) => x + y, 0)).toBe(SPOS);
    if (target.kind === 'postgres') {
      // Both finish; the one that lost the slot lock says so (or finds every row already done).
      expect(runs.map((r) => r.code)).toEqual([0, 0]);
      expect(runs.some((r) => /another run holds this slot|already done 300/.test(r.stdout))).toBe(true);
    } else {
      // The embedded database is single-process: the second runner is refused with a clear message.
      expect(runs.map((r) => r.code).sort()).toEqual([0, 1]);
      expect(runs.find((r) => r.code === 1)?.stderr).toContain('in use by another process');
    }
    figures('two-runners', {
      backend: target.kind,
      spos: SPOS,
      duplicates: connector.total() - SPOS,
      runs: runs.map((r) => ({
        code: r.code,
        out: r.stdout.trim() || r.stderr.trim().slice(0, 80),
        ms: r.ms,
      })),
    });
  });
});
