/**
 * Issue #9, scheduled delivery: `npm run job -- spo-digest` killed with SIGKILL part-way through
 * 300 SPOs and run again. Runs on PostgreSQL when TEST_DATABASE_URL is set, else on an embedded
 * database in a temporary directory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  childDatabase,
  countBy,
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

const SPOS = 300;
/** Each message takes this long at the connector: 300 of them last long enough to kill a run midway. */
const CONNECTOR_MS = 30;

describe('spo-digest on 300 SPOs: killed midway, then run again', { timeout: 90_000 }, () => {
  let target: ChildDatabase;
  let connector: CountingConnector;
  let env: Record<string, string>;

  beforeAll(async () => {
    target = await childDatabase();
    connector = await startCountingConnector({ delayMs: CONNECTOR_MS });
    await withDatabase(target, (database) => seedSpos(database, SPOS, connector.url));
    env = { DATABASE_URL: target.url };
  });
  afterAll(async () => {
    await connector?.close();
    await target?.cleanup();
  });

  it('kill -9 after ~100 messages, run again: every SPO has its digest, none twice but the one in flight', async () => {
    const started = Date.now();
    const first = startJob(['spo-digest'], env);
    await connector.waitForDeliveries(100, 60_000);
    first.child.kill('SIGKILL');
    const killed = await first.exited;
    expect(killed.signal).toBe('SIGKILL');
    const deliveredByFirst = connector.total();

    // What the dead run left: 'sent', 'sending' (on the wire at the kill) and 'claimed' (never tried).
    const left = await withDatabase(target, (database) => ledger(database));
    const leftByStatus = countBy(left, (r) => r.status);
    const inFlight = new Set(left.filter((r) => r.status === 'sending').map((r) => r.recipient));
    expect(left).toHaveLength(SPOS);
    expect(leftByStatus.sent ?? 0).toBeLessThan(SPOS);
    // Everything the connector took is recorded 'sent', or 'sending' if the kill caught it on the wire.
    const status = new Map(left.map((r) => [r.recipient, r.status]));
    for (const i of range(SPOS))
      if (connector.count(spoConversation(i)) > 0)
        expect(['sent', 'sending']).toContain(status.get(spoEmail(i)));

    // (Faster pacing for the rest: the kill has been measured.)
    const second = await runJobToEnd(['spo-digest'], { ...env, SEND_RATE_PER_SECOND: '100' });
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(
      /^spo-digest 2025-11-26: sent \d+, skipped 0, unreachable 0, failed 0 \(already done \d+\)/,
    );
    const elapsed = Date.now() - started;

    // Every SPO exactly once, except possibly a message the kill caught on the wire: the connector
    // took it, but the dead run could not record that, so the next run sends it again. Those (and
    // only those) are the rows the kill left 'sending'.
    const counts = range(SPOS).map((i) => ({ email: spoEmail(i), n: connector.count(spoConversation(i)) }));
    expect(counts.filter((c) => c.n === 0)).toEqual([]);
    const twice = counts.filter((c) => c.n > 1);
    for (const c of twice) {
      expect(c.n).toBe(2);
      expect(inFlight.has(c.email)).toBe(true);
    }
    expect(connector.total()).toBe(SPOS + twice.length);

    const after = await withDatabase(target, (database) => ledger(database));
    expect(countBy(after, (r) => r.status)).toEqual({ sent: SPOS });
    // The resumed in-flight rows say so.
    for (const r of after.filter((row) => inFlight.has(row.recipient)))
      expect(r.detail).toContain('may have arrived twice');

    figures('kill-9', {
      backend: target.kind,
      spos: SPOS,
      deliveredBeforeKill: deliveredByFirst,
      ledgerAtKill: leftByStatus,
      inFlightAtKill: inFlight.size,
      duplicates: twice.length,
      secondRun: second.stdout.trim(),
      secondRunMs: second.ms,
      totalMs: elapsed,
    });
  });

  it('running it once more sends nothing new', async () => {
    const before = connector.total();
    const again = await runJobToEnd(['spo-digest'], env);
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe(
      `spo-digest 2025-11-26: sent 0, skipped 0, unreachable 0, failed 0 (already done ${SPOS})`,
    );
    expect(connector.total()).toBe(before);
  });
});
