import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '../../jobs/index.js';
import { iomReturnReminders } from '../../jobs/iom-return-reminders.js';
import { practitionerWeekly } from '../../jobs/practitioner-weekly.js';
import { spoDigest } from '../../jobs/spo-digest.js';
import { fixedClock } from '../../src/clock.js';
import { runJob } from '../../src/delivery/runner.js';
import {
  fireTimesOn,
  mostRecentDueDate,
  scheduleFor,
  ScheduleError,
  startScheduler,
} from '../../src/scheduler.js';
import type { Database } from '../../src/store/db.js';
import { deliveries, jobRuns, preferences } from '../../src/store/schema.js';
import { freshDatabase } from '../support/db.js';
import {
  aad,
  conversationIdOf,
  giveConversation,
  importAll,
  quietLogger,
  runnerDeps,
  startFakeConnector,
  testSender,
  testSettings,
  twoTeams,
  type FakeConnector,
} from '../support/jobs.js';

const { settings } = testSettings();

describe('working-day rules', () => {
  it.each([
    ['2025-11-26', true, 'a Wednesday'],
    ['2025-11-29', false, 'a Saturday'],
    ['2025-11-30', false, 'a Sunday'],
    ['2025-12-25', false, 'Christmas Day'],
    ['2025-12-26', false, 'Boxing Day'],
    ['2025-08-25', false, 'the summer bank holiday'],
  ])('spo-digest on %s: %s (%s)', (date, expected) => {
    expect(spoDigest.runsOn(date, settings)).toBe(expected);
  });

  it.each([
    ['2025-04-21', false, 'Easter Monday'],
    ['2025-04-22', true, 'the Tuesday after Easter Monday'],
    ['2025-04-23', false, 'a Wednesday'],
    ['2025-04-28', true, 'an ordinary Monday'],
    ['2025-05-05', false, 'the early May bank holiday'],
    ['2025-05-06', true, 'the Tuesday after it'],
  ])('practitioner-weekly on %s: %s (%s)', (date, expected) => {
    expect(practitionerWeekly.runsOn(date, settings)).toBe(expected);
  });

  it('practitioner-weekly has one slot per week, whichever day it runs', () => {
    expect(practitionerWeekly.slotFor('2025-04-22')).toBe('2025-04-21');
    expect(practitionerWeekly.slotFor('2025-04-24')).toBe('2025-04-21');
  });

  it.each([
    ['2026-01-01', false, 'New Year’s Day is not a working day'],
    ['2026-01-02', true, '1st working day of January 2026'],
    ['2026-01-07', false, '4th working day'],
    ['2026-01-08', true, '5th working day'],
    ['2025-05-01', true, '1st working day of May 2025'],
    ['2025-05-07', false, '4th: the bank holiday on the 5th does not count'],
    ['2025-05-08', true, '5th working day of May 2025'],
  ])('iom-return-reminders on %s: %s (%s)', (date, expected) => {
    expect(iomReturnReminders.runsOn(date, settings)).toBe(expected);
  });
});

describe('working-day rules applied by the runner', () => {
  let database: Database;
  let connector: FakeConnector;

  beforeAll(async () => {
    database = await freshDatabase();
    connector = await startFakeConnector();
    await importAll(database, twoTeams('2025-04-22'));
    for (const n of [1, 2, 3, 4, 5, 6, 8]) await giveConversation(database, aad(n), connector.url);
  });
  afterAll(async () => {
    await connector.close();
    await database.close();
  });

  it('sends no spo-digest on a bank holiday or at a weekend', async () => {
    for (const today of ['2025-04-21', '2025-04-19', '2025-04-20']) {
      const summary = await runJob(spoDigest, runnerDeps(database, testSender(database)), {
        today,
        now: new Date(`${today}T07:30:00Z`),
      });
      expect(summary).toMatchObject({ ran: false, sent: 0 });
      expect(summary.note).toContain('does not run');
    }
    expect(connector.attempts).toHaveLength(0);
  });

  it('sends practitioner-weekly on the Tuesday after Easter Monday, to practitioners only, once per week', async () => {
    const deps = runnerDeps(database, testSender(database));
    const monday = await runJob(practitionerWeekly, deps, {
      today: '2025-04-21',
      now: new Date('2025-04-21T07:00:00Z'),
    });
    expect(monday.ran).toBe(false);
    const tuesday = await runJob(practitionerWeekly, deps, {
      today: '2025-04-22',
      now: new Date('2025-04-22T07:00:00Z'),
    });
    expect(tuesday).toMatchObject({ ran: true, slot: '2025-04-21', sent: 4 });
    for (const n of [2, 3, 5, 8]) expect(connector.to(conversationIdOf(aad(n)))).toHaveLength(1);
    for (const n of [1, 4, 6]) expect(connector.to(conversationIdOf(aad(n)))).toHaveLength(0);
    // A forced run later that week fills the same slot: nothing new.
    const again = await runJob(practitionerWeekly, deps, {
      today: '2025-04-24',
      now: new Date('2025-04-24T07:00:00Z'),
      force: true,
    });
    expect(again).toMatchObject({ ran: true, sent: 0, already: 4 });
  });
});

describe('schedules', () => {
  it('every job has a valid default schedule and an environment override', () => {
    const { config } = testSettings();
    for (const job of jobs) expect(scheduleFor(job, config)).toBe(job.defaultSchedule);
    const overridden = testSettings({ SCHEDULE_SPO_DIGEST: '0 7 * * 1-5' }).config;
    expect(scheduleFor(spoDigest, overridden)).toBe('0 7 * * 1-5');
    expect(() =>
      scheduleFor(spoDigest, testSettings({ SCHEDULE_SPO_DIGEST: 'at half seven' }).config),
    ).toThrow(ScheduleError);
    expect(jobs.map((j) => j.name)).toEqual([
      'spo-digest',
      'practitioner-weekly',
      'dip-stl-reminders',
      'ecsl-alerts',
      'iom-return-reminders',
      'release-alerts',
      'operator-alerts',
      'retention',
    ]);
  });

  it.each([
    ['30 7 * * 1-5', '2025-11-26', ['07:30']],
    ['30 7 * * 1-5', '2025-11-29', []],
    ['0 8 1,15 * *', '2025-11-15', ['08:00']],
    ['0 8 1,15 * *', '2025-11-16', []],
  ])('%s fires on %s at %j', (expression, date, times) => {
    expect(fireTimesOn(expression, date)).toEqual(times);
  });

  it.each([
    ['2025-11-26', '07:00', '2025-11-25', 'before 07:30: yesterday'],
    ['2025-11-26', '07:30', '2025-11-26', 'at 07:30: today'],
    ['2025-12-29', '06:00', '2025-12-24', 'after Christmas: the last working day before it'],
  ])('the most recent due spo-digest on %s at %s is %s (%s)', (today, time, expected) => {
    expect(mostRecentDueDate(spoDigest, spoDigest.defaultSchedule, today, time, settings)).toBe(expected);
  });
});

describe('scheduler start-up catch-up', () => {
  let database: Database;
  let connector: FakeConnector;
  const { config } = testSettings({ SCHEDULE_DEFERRED_SWEEP: '0 3 1 1 *' });

  beforeAll(async () => {
    database = await freshDatabase();
    connector = await startFakeConnector();
    await importAll(database, twoTeams('2025-11-26'));
    for (const n of [1, 4, 6]) await giveConversation(database, aad(n), connector.url);
  });
  afterAll(async () => {
    await connector.close();
    await database.close();
  });

  function start(clockToday: string, now: string, catchUp = true) {
    const sender = testSender(database);
    const deps = runnerDeps(database, sender);
    return startScheduler({
      config,
      settings,
      database,
      clock: fixedClock(clockToday, new Date(now)),
      log: quietLogger().log,
      sender,
      jobs: [spoDigest],
      runner: { resolveConversation: deps.resolveConversation },
      catchUp,
    });
  }

  it('catches up only a slot still current: a missed earlier day is recorded as skipped, not sent', async () => {
    // Down since before Wednesday's digest; back on Friday at 06:00 London, before Friday's 07:30:
    // Thursday's digest is yesterday's news.
    const scheduler = start('2025-11-28', '2025-11-28T06:00:00Z');
    const summaries = await scheduler.caughtUp;
    await scheduler.stop();
    expect(summaries.map((s) => [s.slot, s.ran, s.sent])).toEqual([['2025-11-27', false, 0]]);
    expect(summaries[0]?.note).toContain('catch-up skipped');
    const runs = await database.db.select().from(jobRuns);
    expect(runs.map((r) => [r.slot, r.finishedAt !== null, r.summary])).toEqual([
      ['2025-11-27', true, expect.objectContaining({ skipped: true })],
    ]);
    expect(connector.received).toHaveLength(0);

    // Restarting does not weigh it again.
    const again = start('2025-11-28', '2025-11-28T06:30:00Z');
    expect(await again.caughtUp).toEqual([]);
    await again.stop();
    expect(connector.received).toHaveLength(0);
  });

  it("catches up today's missed slot once", async () => {
    // Back on Wednesday 26 Nov 2025 at 08:00, after the 07:30 digest time: today's digest is still news.
    const scheduler = start('2025-11-26', '2025-11-26T08:00:00Z');
    const summaries = await scheduler.caughtUp;
    await scheduler.stop();
    expect(summaries.map((s) => [s.slot, s.sent])).toEqual([['2025-11-26', 3]]);
    expect(connector.received).toHaveLength(3);
    const again = start('2025-11-26', '2025-11-26T08:30:00Z');
    expect(await again.caughtUp).toEqual([]);
    await again.stop();
    expect(connector.received).toHaveLength(3);
    connector.reset();
  });

  it('the sweep delivers what quiet hours held back, once they end', async () => {
    await database.db
      .insert(preferences)
      .values({ staffEmail: 'sam.spo@probation.example', quietStart: '18:00', quietEnd: '08:00' });
    connector.reset();
    const deps = runnerDeps(database, testSender(database));
    const early = await runJob(spoDigest, deps, {
      today: '2025-11-28',
      now: new Date('2025-11-28T07:30:00Z'),
    });
    expect(early).toMatchObject({ sent: 2, deferred: 1 });

    const before = start('2025-11-28', '2025-11-28T07:55:00Z', false);
    await before.sweep();
    await before.stop();
    expect(connector.to(conversationIdOf(aad(1)))).toHaveLength(0);

    const after = start('2025-11-28', '2025-11-28T08:05:00Z', false);
    await after.sweep();
    await after.sweep();
    await after.stop();
    expect(connector.to(conversationIdOf(aad(1)))).toHaveLength(1);
    expect(connector.received).toHaveLength(3);
  });

  it('a slot due today that never ran (cron skipped it: a clock step, a stalled event loop) is run once by the reconcile tick', async () => {
    connector.reset();
    // Runs recorded by the tests above (catch-ups, skipped slots) are not this test's.
    await database.db.delete(jobRuns);
    await database.db.delete(deliveries);
    // Before the slot's time there is nothing to reconcile.
    const early = start('2025-11-26', '2025-11-26T07:00:00Z', false);
    expect(await early.reconcile()).toEqual([]);
    await early.stop();
    // Wed 26 Nov 2025, 08:10 London: the 07:30 digest never fired.
    const late = start('2025-11-26', '2025-11-26T08:10:00Z', false);
    const first = await late.reconcile();
    const second = await late.reconcile();
    await late.stop();
    expect(first.map((x) => [x.slot, x.sent])).toEqual([['2025-11-26', 3]]);
    expect(second).toEqual([]);
    expect(connector.received).toHaveLength(3);
  });
});
