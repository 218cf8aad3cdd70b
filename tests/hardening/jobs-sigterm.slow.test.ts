/**
 * Issue #9, scheduled delivery: `npm run job` stopped with SIGTERM (an operator's Ctrl-C, a
 * container being stopped) part-way through. Unlike SIGKILL it gets to finish and record the
 * messages already on the wire, so the next run completes the slot with nothing sent twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  childDatabase,
  figures,
  ledger,
  range,
  runJobToEnd,
  seedSpos,
  spoConversation,
  spoEmail,
  startCountingConnector,
  startJob,
  withDatabase,
  type ChildDatabase,
  type CountingConnector,
} from '../support/job-process.js';

const SPOS = 150;

describe('spo-digest stopped with SIGTERM midway, then run again', { timeout: 90_000 }, () => {
  let target: ChildDatabase;
  let connector: CountingConnector;

  beforeAll(async () => {
    target = await childDatabase();
    connector = await startCountingConnector({ delayMs: 30 });
    await withDatabase(target, (database) => seedSpos(database, SPOS, connector.url));
  });
  afterAll(async () => {
    await connector?.close();
    await target?.cleanup();
  });

  it('stops cleanly (exit 1, what is on the wire recorded) and the next run finishes with no duplicates', async () => {
    const env = { DATABASE_URL: target.url };
    const first = startJob(['spo-digest'], env);
    await connector.waitForDeliveries(50, 60_000);
    const signalled = Date.now();
    first.child.kill('SIGTERM');
    const stopped = await first.exited;
    const stopMs = Date.now() - signalled;

    expect(stopped.code).toBe(1);
    const last = stopped.stderr.trim().split('\n').at(-1);
    expect(last).toMatch(
      /^spo-digest failed: stopped on request \(SIGTERM\): \d+ sent by this run, \d+ not yet sent\. Run the job again to finish the slot: nothing recorded as sent is sent again\.$/,
    );
    const left = await withDatabase(target, (database) => ledger(database));
    // Nothing left in doubt: every message the connector took is recorded as sent.
    expect(left.filter((r) => r.status === 'sending')).toEqual([]);
    const status = new Map(left.map((r) => [r.recipient, r.status]));
    for (const i of range(SPOS)) {
      if (connector.count(spoConversation(i)) > 0) expect(status.get(spoEmail(i))).toBe('sent');
      else expect(status.get(spoEmail(i))).toBe('claimed');
    }
    const sentBefore = connector.total();
    expect(sentBefore).toBeLessThan(SPOS);

    const second = await runJobToEnd(['spo-digest'], env);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout.trim()).toBe(
      `spo-digest 2025-11-26: sent ${SPOS - sentBefore}, skipped 0, unreachable 0, failed 0 (already done ${sentBefore})`,
    );
    for (const i of range(SPOS)) expect(connector.count(spoConversation(i))).toBe(1);

    figures('sigterm', {
      backend: target.kind,
      spos: SPOS,
      deliveredBeforeStop: sentBefore,
      stopMs,
      message: last,
      secondRun: second.stdout.trim(),
      duplicates: connector.total() - SPOS,
    });
  });
});
