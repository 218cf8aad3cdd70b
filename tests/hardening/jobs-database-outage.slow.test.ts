/**
 * Issue #9, scheduled delivery: the database becomes unavailable in the middle of a job. The job
 * stops sending, says so clearly, `npm run job` exits non-zero, and the next run completes the
 * remainder without sending anything twice.
 *
 * On PostgreSQL (TEST_DATABASE_URL) the real thing: `npm run job` talks to the server through a
 * TCP proxy that is cut mid-run. On both backends, in-process: the store starts failing with
 * "database unavailable" part-way through the run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spoDigest } from '../../jobs/spo-digest.js';
import { createConversationResolver } from '../../src/delivery/conversations.js';
import { runJob } from '../../src/delivery/runner.js';
import { DatabaseUnavailableError, type Database } from '../../src/store/db.js';
import { freshDatabase } from '../support/db.js';
import { quietLogger, runnerDeps, testSender } from '../support/jobs.js';
import {
  childDatabase,
  countBy,
  figures,
  ledger,
  NOW,
  range,
  runJobToEnd,
  seedSpos,
  spoConversation,
  startCountingConnector,
  startJob,
  startTcpProxy,
  TODAY,
  withDatabase,
  type ChildDatabase,
  type CountingConnector,
} from '../support/job-process.js';
import { JobInterruptedError } from '../../src/delivery/errors.js';

const SPOS = 200;

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'npm run job with PostgreSQL cut off mid-run (TCP proxy)',
  { timeout: 90_000 },
  () => {
    let target: ChildDatabase;
    let connector: CountingConnector;
    let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
    let viaProxy: string;

    beforeAll(async () => {
      target = await childDatabase();
      connector = await startCountingConnector({ delayMs: 20 });
      await withDatabase(target, (database) => seedSpos(database, SPOS, connector.url));
      const server = new URL(target.url);
      proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
      const u = new URL(target.url);
      u.hostname = '127.0.0.1';
      u.port = String(proxy.port);
      viaProxy = u.toString();
    });
    afterAll(async () => {
      await proxy?.close();
      await connector?.close();
      await target?.cleanup();
    });

    it('stops with a clear error and exit code 1; the next run sends the rest, nothing twice', async () => {
      const first = startJob(['spo-digest'], { DATABASE_URL: viaProxy });
      await connector.waitForDeliveries(80, 60_000);
      await proxy.cut();
      const atCut = connector.total();
      const cutAt = Date.now();
      // The server is back 3 s later (a fail-over, a restart): the job has already stopped by then,
      // but still records the messages it had on the wire when the connection went.
      const back = new Promise<void>((r) => setTimeout(() => void proxy.restore().then(r), 3_000));
      const stopped = await first.exited;
      const stopMsAfterCut = Date.now() - cutAt;
      await back;

      expect(stopped.code).toBe(1);
      expect(stopped.stdout).toBe('');
      // The last line says what happened (the structured log line before it is for log collectors).
      const lines = stopped.stderr.trim().split('\n');
      expect(lines.at(-1)).toMatch(
        /^spo-digest failed: the database stopped answering mid-run \([^)]+\): \d+ sent by this run, \d+ not yet sent\. Run the job again to finish the slot: nothing recorded as sent is sent again\.$/,
      );
      for (const line of lines.slice(0, -1))
        expect(JSON.parse(line)).toMatchObject({ event: 'job_interrupted' });
      // No SQL, no recipients, no stack traces.
      expect(stopped.stderr).not.toMatch(/@|select |update |insert |\bat /i);
      const afterCut = connector.total() - atCut;
      // Only messages already on the wire went out after the cut (at most one per sending lane).
      expect(afterCut).toBeLessThanOrEqual(8);

      // Everything the connector took is recorded as sent: the job held on to those outcomes
      // until the server answered again.
      const left = await withDatabase(target, (database) => ledger(database));
      const status = new Map(left.map((r) => [r.recipient, r.status]));
      for (const i of range(SPOS))
        if (connector.count(spoConversation(i)) > 0)
          expect(status.get(`spo${String(i).padStart(4, '0')}@probation.example`)).toBe('sent');

      const second = await runJobToEnd(['spo-digest'], { DATABASE_URL: target.url });
      expect(second.stderr).toBe('');
      expect(second.code).toBe(0);
      for (const i of range(SPOS)) expect(connector.count(spoConversation(i))).toBe(1);
      const after = await withDatabase(target, (database) => ledger(database));
      expect(countBy(after, (r) => r.status)).toEqual({ sent: SPOS });

      figures('database-outage (TCP proxy)', {
        backend: target.kind,
        spos: SPOS,
        deliveredBeforeCut: atCut,
        sentAfterCut: afterCut,
        ledgerAfterStop: countBy(left, (r) => r.status),
        exitCode: stopped.code,
        stopMsAfterCut,
        message: stopped.stderr.trim().split('\n').at(-1),
        secondRun: second.stdout.trim(),
        duplicates: connector.total() - SPOS,
      });
    });
  },
);

describe('the store becomes unavailable part-way through a run (in-process)', { timeout: 90_000 }, () => {
  let database: Database;
  let connector: CountingConnector;

  beforeAll(async () => {
    database = await freshDatabase();
    connector = await startCountingConnector({ delayMs: 5 });
    await seedSpos(database, SPOS, connector.url);
  });
  afterAll(async () => {
    await connector?.close();
    await database?.close();
  });

  it('the run stops sending, throws a clear error, and the next run completes the rest once', async () => {
    const { log } = quietLogger();
    const real = createConversationResolver({ database, log });
    let calls = 0;
    const failing: typeof real = async (member) => {
      calls += 1;
      if (calls > 60) throw new DatabaseUnavailableError('the PostgreSQL server did not answer');
      return real(member);
    };
    const sender = testSender(database);
    const error = await runJob(spoDigest, runnerDeps(database, sender, { resolveConversation: failing }), {
      today: TODAY,
      now: NOW,
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(JobInterruptedError);
    const interrupted = error as JobInterruptedError;
    // Sixty lookups succeeded; those still waiting for their pacing slot when the store failed
    // were not sent either.
    const { sent, notSent, unrecorded } = interrupted.progress;
    expect(interrupted.message).toBe(
      `the database stopped answering mid-run (the PostgreSQL server did not answer): ${sent} sent by this run, ` +
        `${notSent} not yet sent. Run the job again to finish the slot: nothing recorded as sent is sent again.`,
    );
    expect(sent).toBeGreaterThan(40);
    expect(sent).toBeLessThanOrEqual(60);
    expect(sent + notSent).toBe(SPOS);
    expect(unrecorded).toBe(0);
    // Nothing carries on in the background once the run has failed.
    const atFailure = connector.total();
    await new Promise((r) => setTimeout(r, 300));
    expect(connector.total()).toBe(atFailure);
    expect(atFailure).toBe(sent);

    const rerun = await runJob(spoDigest, runnerDeps(database, sender), { today: TODAY, now: NOW });
    await sender.close?.();
    expect(rerun).toMatchObject({ sent: SPOS - sent, already: sent, failed: 0 });
    for (const i of range(SPOS)) expect(connector.count(spoConversation(i))).toBe(1);
    expect(countBy(await ledger(database), (r) => r.status)).toEqual({ sent: SPOS });
  });
});
