import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spoDigest } from '../../jobs/spo-digest.js';
import { runJob } from '../../src/delivery/runner.js';
import { openDatabase, type Database } from '../../src/store/db.js';
import { deliveries, jobRuns } from '../../src/store/schema.js';
import { freshDatabase } from '../support/db.js';
import {
  aad,
  conversationIdOf,
  giveConversation,
  importAll,
  runnerDeps,
  startFakeConnector,
  testSender,
  twoTeams,
  type FakeConnector,
} from '../support/jobs.js';
import { type RunSummary } from '../../src/delivery/summary.js';
import { withSlotLock } from '../../src/store/slot-lock.js';

const TODAY = '2025-11-26';
const NOW = new Date('2025-11-26T07:30:00Z');
const SPOS = [1, 4, 6].map(aad);

function total(summaries: RunSummary[], key: 'sent' | 'already') {
  return summaries.reduce((n, s) => n + s[key], 0);
}

async function seed(database: Database, connector: FakeConnector) {
  await importAll(database, twoTeams(TODAY));
  for (const id of SPOS) await giveConversation(database, id, connector.url);
}

function expectOneEach(connector: FakeConnector) {
  for (const id of SPOS) expect(connector.to(conversationIdOf(id))).toHaveLength(1);
  expect(connector.received).toHaveLength(SPOS.length);
}

describe('delivery ledger', () => {
  let database: Database;
  let connector: FakeConnector;

  beforeAll(async () => {
    database = await freshDatabase();
    connector = await startFakeConnector();
    await seed(database, connector);
  });
  afterEach(async () => {
    connector.reset();
    await database.db.delete(deliveries);
    await database.db.delete(jobRuns);
  });
  afterAll(async () => {
    await connector.close();
    await database.close();
  });

  it('two runners started at once: each recipient gets exactly one message (slot lock)', async () => {
    const deps = runnerDeps(database, testSender(database));
    const runs = await Promise.all([
      runJob(spoDigest, deps, { today: TODAY, now: NOW }),
      runJob(spoDigest, deps, { today: TODAY, now: NOW }),
    ]);
    expectOneEach(connector);
    expect(total(runs, 'sent')).toBe(3);
    expect(runs.filter((r) => r.note === 'another run holds this slot')).toHaveLength(1);
  });

  it('two runners without the lock: the claims alone still give exactly one message each', async () => {
    const runs = await Promise.all(
      [1, 2, 3].map(() =>
        runJob(spoDigest, runnerDeps(database, testSender(database)), {
          today: TODAY,
          now: NOW,
          lock: false,
        }),
      ),
    );
    expectOneEach(connector);
    expect(total(runs, 'sent')).toBe(3);
    expect(total(runs, 'already')).toBe(6);
  });

  it('resumes rows a dead run left claimed, and never resends a sent one', async () => {
    await database.db.insert(deliveries).values([
      {
        job: 'spo-digest',
        slot: TODAY,
        recipient: 'sam.spo@probation.example',
        status: 'claimed',
        attempts: 1,
        claimedBy: 'dead-run',
      },
      {
        job: 'spo-digest',
        slot: TODAY,
        recipient: 'sid.spo@probation.example',
        status: 'sent',
        attempts: 1,
        claimedBy: 'old-run',
      },
    ]);
    // Without the slot lock a fresh claim may belong to a live run elsewhere: it is left alone …
    const cautious = await runJob(spoDigest, runnerDeps(database, testSender(database)), {
      today: TODAY,
      now: NOW,
      lock: false,
    });
    expect(cautious).toMatchObject({ sent: 1, already: 2 });
    expect(connector.to(conversationIdOf(aad(1)))).toHaveLength(0);
    // … until its lease expires …
    await database.rows(
      sql`update deliveries set claimed_at = now() - interval '1 hour' where claimed_by = 'dead-run'`,
    );
    const leased = await runJob(spoDigest, runnerDeps(database, testSender(database), { leaseMs: 60_000 }), {
      today: TODAY,
      now: NOW,
      lock: false,
    });
    expect(leased).toMatchObject({ sent: 1, already: 2 });
    expect(connector.to(conversationIdOf(aad(1)))).toHaveLength(1);
    expect(connector.to(conversationIdOf(aad(4)))).toHaveLength(0);
  });

  it('holding the slot lock proves the owner of a claimed row is gone: it is resumed at once', async () => {
    await database.db.insert(deliveries).values({
      job: 'spo-digest',
      slot: TODAY,
      recipient: 'sam.spo@probation.example',
      status: 'claimed',
      attempts: 1,
      claimedBy: 'crashed-run',
    });
    const summary = await runJob(spoDigest, runnerDeps(database, testSender(database)), {
      today: TODAY,
      now: NOW,
    });
    expect(summary).toMatchObject({ sent: 3, already: 0 });
    expectOneEach(connector);
    const [row] = await database.rows<{ attempts: number; status: string }>(
      sql`select attempts, status from deliveries where recipient = 'sam.spo@probation.example'`,
    );
    expect(row).toMatchObject({ attempts: 2, status: 'sent' });
  });

  it('the lock is per slot: another slot runs meanwhile', async () => {
    const held = await withSlotLock(database, 'spo-digest|2025-11-26', async () => {
      const inner = await withSlotLock(database, 'spo-digest|2025-11-26', async () => 'inner');
      const other = await withSlotLock(database, 'spo-digest|2025-11-27', async () => 'other');
      return { inner, other };
    });
    expect(held).toEqual({
      acquired: true,
      value: { inner: { acquired: false }, other: { acquired: true, value: 'other' } },
    });
  });
});

/** Two separate connections (as two replicas would have) to one PostgreSQL database. */
describe.skipIf(!process.env.TEST_DATABASE_URL)('delivery ledger on PostgreSQL, two connections', () => {
  const adminUrl = process.env.TEST_DATABASE_URL ?? '';
  const name = `test_${randomBytes(6).toString('hex')}`;
  let one: Database;
  let two: Database;
  let connector: FakeConnector;

  beforeAll(async () => {
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end({ timeout: 5 });
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    one = await openDatabase({ kind: 'postgres', url: url.toString() });
    two = await openDatabase({ kind: 'postgres', url: url.toString() }, { migrate: false });
    connector = await startFakeConnector();
    await seed(one, connector);
  });
  afterEach(async () => {
    connector.reset();
    await one.db.delete(deliveries);
    await one.db.delete(jobRuns);
  });
  afterAll(async () => {
    await connector.close();
    await one.close();
    await two.close();
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  });

  it('with the advisory lock: one message each', async () => {
    const runs = await Promise.all([
      runJob(spoDigest, runnerDeps(one, testSender(one)), { today: TODAY, now: NOW }),
      runJob(spoDigest, runnerDeps(two, testSender(two)), { today: TODAY, now: NOW }),
    ]);
    expectOneEach(connector);
    expect(total(runs, 'sent')).toBe(3);
  });

  it('the advisory lock is held across connections while a run is in progress', async () => {
    const result = await withSlotLock(one, 'spo-digest|x', () =>
      withSlotLock(two, 'spo-digest|x', async () => 'second'),
    );
    expect(result).toEqual({ acquired: true, value: { acquired: false } });
    expect(await withSlotLock(two, 'spo-digest|x', async () => 'free again')).toEqual({
      acquired: true,
      value: 'free again',
    });
  });

  it('claims alone, racing on two connections: one message each', async () => {
    const runs = await Promise.all(
      [one, two, one, two].map((db) =>
        runJob(spoDigest, runnerDeps(db, testSender(db)), { today: TODAY, now: NOW, lock: false }),
      ),
    );
    expectOneEach(connector);
    expect(total(runs, 'sent')).toBe(3);
  });
});
