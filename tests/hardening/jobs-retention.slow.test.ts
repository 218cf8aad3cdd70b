/**
 * Data retention: the `retention` job deletes delivery-ledger rows, audit entries and job runs
 * older than RETENTION_DAYS (the ledger and runs never sooner than LEDGER_FLOOR_DAYS, so a slot
 * the scheduler may still catch up is never sent again), and sends nothing.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findJob, jobNames } from '../../jobs/index.js';
import { LEDGER_FLOOR_DAYS, retention } from '../../jobs/retention.js';
import { runJob } from '../../src/delivery/runner.js';
import { scheduleFor } from '../../src/scheduler.js';
import type { Database } from '../../src/store/db.js';

import { freshDatabase } from '../support/db.js';
import { runnerDeps, testSettings } from '../support/jobs.js';
import { childDatabase, startJob, TODAY, withDatabase } from '../support/job-process.js';
import type { ProactiveSender } from '../../src/delivery/sender.js';

/** Rows `days` old in each table, stamped by the database's clock (what the job compares with). */
async function age(database: Database, days: number[], extra = 0) {
  for (const d of days) {
    const at = sql`now() - make_interval(days => ${d})`;
    await database.rows(sql`
      insert into deliveries (job, recipient, slot, status, attempts, claimed_by, claimed_at, finished_at)
      values ('spo-digest', ${`r${d}@probation.example`}, ${`old-${d}`}, 'sent', 1, 'run', ${at}, ${at})`);
    await database.rows(
      sql`insert into audit_log (at, intent, staff_email) values (${at}, 'two-thirds', 'a@b.example')`,
    );
    await database.rows(sql`
      insert into job_runs (job, slot, started_at, finished_at, summary)
      values ('spo-digest', ${`old-${d}`}, ${at}, ${at}, '{}'::jsonb)`);
  }
  if (extra)
    await database.rows(sql`
      insert into audit_log (at, intent) select now() - interval '500 days', 'bulk' from generate_series(1, ${extra})`);
}

async function ages(database: Database) {
  const read = async (table: string, column: string) =>
    (
      await database.rows<{ d: number }>(
        sql`select round(extract(epoch from now() - ${sql.identifier(column)}) / 86400)::int as d
              from ${sql.identifier(table)} where ${sql.identifier(column)} < now() - interval '12 hours' order by 1`,
      )
    ).map((r) => Number(r.d));
  return {
    deliveries: await read('deliveries', 'claimed_at'),
    audit: await read('audit_log', 'at'),
    runs: await read('job_runs', 'started_at'),
  };
}

const noSender: ProactiveSender = {
  send: () => {
    throw new Error('retention must not send anything');
  },
};

describe('the retention job', () => {
  let database: Database;

  beforeAll(async () => {
    database = await freshDatabase();
  });
  beforeEach(async () => {
    await database.rows(sql`delete from deliveries`);
    await database.rows(sql`delete from audit_log`);
    await database.rows(sql`delete from job_runs`);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('is declared like every job: name, daily 03:15, SCHEDULE_RETENTION, every day', () => {
    expect(jobNames()).toContain('retention');
    expect(findJob('retention')).toBe(retention);
    const { config, settings } = testSettings();
    expect(scheduleFor(retention, config)).toBe('15 3 * * *');
    expect(scheduleFor(retention, testSettings({ SCHEDULE_RETENTION: '0 2 * * 0' }).config)).toBe(
      '0 2 * * 0',
    );
    // A Sunday and Christmas Day: housekeeping does not wait for a working day.
    expect(retention.runsOn('2025-11-30', settings)).toBe(true);
    expect(retention.runsOn('2025-12-25', settings)).toBe(true);
  });

  it('RETENTION_DAYS=30: audit older than 30 days goes; the ledger and runs keep their 40-day floor', async () => {
    await age(database, [400, 100, 41, 39, 31, 29, 2]);
    const summary = await runJob(retention, runnerDeps(database, noSender, { retentionDays: 30 }), {
      today: TODAY,
      now: new Date(),
    });
    expect(LEDGER_FLOOR_DAYS).toBe(40);
    expect(summary).toMatchObject({ ran: true, sent: 0, skipped: 0, unreachable: 0, failed: 0, already: 0 });
    expect(summary.note).toMatch(
      /^removed 3 delivery records and 3 job runs from before \d{4}-\d\d-\d\d, 5 audit entries from before \d{4}-\d\d-\d\d$/,
    );
    expect(await ages(database)).toEqual({
      deliveries: [2, 29, 31, 39],
      audit: [2, 29],
      runs: [2, 29, 31, 39],
    });
    // The run itself is recorded, with what it did; it wrote no ledger rows.
    const [run] = await database.rows<{ summary: { note?: string } }>(
      sql`select summary from job_runs where job = 'retention' and slot = ${TODAY} and finished_at is not null`,
    );
    expect(run?.summary.note).toBe(summary.note);
    expect(await database.rows(sql`select 1 from deliveries where job = 'retention'`)).toEqual([]);

    // Again the same day: nothing more to remove.
    const again = await runJob(retention, runnerDeps(database, noSender, { retentionDays: 30 }), {
      today: TODAY,
      now: new Date(),
    });
    expect(again.note).toMatch(/^removed 0 delivery records and 0 job runs .*, 0 audit entries /);
  });

  it('the default (365 days) keeps the year; large backlogs go in batches', async () => {
    await age(database, [400, 364, 100, 2], 12_000);
    const summary = await runJob(retention, runnerDeps(database, noSender), {
      today: TODAY,
      now: new Date(),
    });
    expect(summary.note).toMatch(/^removed 1 delivery record and 1 job run .*, 12001 audit entries /);
    expect(await ages(database)).toEqual({
      deliveries: [2, 100, 364],
      audit: [2, 100, 364],
      runs: [2, 100, 364],
    });
  });
});

describe('npm run job -- retention', { timeout: 90_000 }, () => {
  it('prunes, prints what it removed and exits 0', async () => {
    const target = await childDatabase();
    try {
      await withDatabase(target, (database) => age(database, [400, 50, 10]));
      const r = await startJob(['retention'], { DATABASE_URL: target.url, RETENTION_DAYS: '30' }).exited;
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        /^retention 2025-11-26: sent 0, skipped 0, unreachable 0, failed 0 — removed 2 delivery records and 2 job runs from before \d{4}-\d\d-\d\d, 2 audit entries from before \d{4}-\d\d-\d\d\n$/,
      );
      await withDatabase(target, async (database) => {
        expect((await ages(database)).audit).toEqual([10]);
      });
    } finally {
      await target.cleanup();
    }
  });
});
