import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { buildServices } from '../../src/services.js';
import type { Database } from '../../src/store/db.js';
import { and, eq } from 'drizzle-orm';
import { deliveries, jobRuns } from '../../src/store/schema.js';
import { visibleText } from '../support/bot.js';
import { freshDatabase } from '../support/db.js';
import {
  aad,
  conversationIdOf,
  giveConversation,
  importAll,
  licenceReaching,
  quietLogger,
  startFakeConnector,
  testSender,
  twoTeams,
  type FakeConnector,
} from '../support/jobs.js';

describe('AS_OF_DATE pins the clock to a date, or to a moment that then runs on', () => {
  it('accepts YYYY-MM-DD and YYYY-MM-DDTHH:MM, and names the variable otherwise', () => {
    expect(loadConfig({ AS_OF_DATE: '2024-06-17' }).AS_OF_DATE).toBe('2024-06-17');
    expect(loadConfig({ AS_OF_DATE: '2024-06-17T07:00' }).AS_OF_DATE).toBe('2024-06-17T07:00');
    for (const bad of ['2024-06-17T7:00', '2024-06-17 07:00', '2024-02-30T07:00', '2024-06-17T24:00']) {
      expect(() => loadConfig({ AS_OF_DATE: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ AS_OF_DATE: bad }), bad).toThrow(/AS_OF_DATE/);
    }
  });

  it('a date pins today and leaves the time real', () => {
    const clock = systemClock('2024-06-17');
    expect(clock.today()).toBe('2024-06-17');
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(5_000);
  });

  it('a time is London time, and the clock runs on from it', async () => {
    const clock = systemClock('2024-06-17T07:00');
    const first = clock.now().getTime();
    expect(first - Date.parse('2024-06-17T06:00:00Z')).toBeLessThan(1000); // BST
    expect(clock.today()).toBe('2024-06-17');
    await new Promise((r) => setTimeout(r, 30));
    expect(clock.now().getTime()).toBeGreaterThan(first + 20);
    // Late in the evening of 30 June the date rolls over at London midnight, not UTC's.
    const late = systemClock('2024-06-30T23:59');
    await new Promise((r) => setTimeout(r, 5));
    expect(late.today()).toBe('2024-06-30');
    expect(systemClock('2024-12-31T23:30').now().toISOString().slice(0, 16)).toBe('2024-12-31T23:30');
  });
});

/**
 * Issue 16: started on Monday 17 June 2024 before the weekly slot, the catch-up sent "Your week
 * ahead: week of Mon 10 Jun 2024". Through the real scheduler, with the clock pinned by AS_OF_DATE.
 */
describe('the scheduler around slots, with AS_OF_DATE pinned to a time', () => {
  let database: Database;
  let connector: FakeConnector;

  beforeAll(async () => {
    database = await freshDatabase();
    connector = await startFakeConnector();
    // Last week's content (twoTeams) and this week's (a licence of Pat's reaching two-thirds on 19 Jun).
    const lastWeek = twoTeams('2024-06-10');
    const l = licenceReaching('2024-06-19');
    await importAll(database, {
      staff: lastWeek.staff,
      cases: `${lastWeek.cases}A000009,Ada,Now,pat.po@probation.example,licence,${l.start},${l.end},no,,,low,no,no,no\n`,
    });
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8]) await giveConversation(database, aad(n), connector.url);
  });
  afterAll(async () => {
    await connector.close();
    await database.close();
  });

  async function startAt(asOf: string) {
    const config = loadConfig({
      DATABASE_URL: 'pglite://memory://',
      AS_OF_DATE: asOf,
      SCHEDULE_DEFERRED_SWEEP: '0 3 1 1 *',
    });
    const services = await buildServices(config, { database, log: quietLogger().log });
    const scheduler = services.scheduler({ sender: testSender(database) });
    const summaries = await scheduler.caughtUp;
    await scheduler.stop();
    return summaries;
  }

  it("started at 07:00 on a Monday with last week's weekly slot missed: no one receives last week's message", async () => {
    const summaries = await startAt('2024-06-17T07:00');
    expect(connector.received).toHaveLength(0);
    const weekly = summaries.find((s) => s.job === 'practitioner-weekly');
    expect(weekly).toMatchObject({ slot: '2024-06-10', ran: false, sent: 0 });
    expect(weekly?.note).toContain(
      'catch-up skipped: the slot of 2024-06-10 is no longer current on 2024-06-17',
    );
    // Friday's digest and reminders are old news on Monday too. Today's 07:00 operator alerts (nothing
    // to report) and 03:15 housekeeping are current, so they ran.
    expect(summaries.filter((s) => s.ran).map((s) => [s.job, s.slot, s.sent])).toEqual([
      ['operator-alerts', '2024-06-17', 0],
      ['retention', '2024-06-17', 0],
    ]);
    const runs = await database.db.select().from(jobRuns);
    expect(runs.find((r) => r.job === 'practitioner-weekly')).toMatchObject({
      slot: '2024-06-10',
      summary: expect.objectContaining({ skipped: true }),
    });
  });

  it("started at 08:30 with today's slot missed: this week's message is delivered once", async () => {
    const summaries = await startAt('2024-06-17T08:30');
    expect(summaries.find((s) => s.job === 'practitioner-weekly')).toMatchObject({
      slot: '2024-06-17',
      ran: true,
      sent: 1,
    });
    const pat = connector.to(conversationIdOf(aad(2))).map((r) => visibleText([r.activity]));
    expect(pat).toHaveLength(1);
    expect(pat[0]).toContain('Your week ahead: week of Mon 17 Jun 2024');
    expect(pat[0]).toContain('**Ada Now** (A000009)');
    expect(connector.received.map((r) => visibleText([r.activity])).join('\n')).not.toContain('10 Jun 2024');

    // A restart later that morning sends nothing again.
    const before = connector.received.length;
    const again = await startAt('2024-06-17T08:45');
    expect(again.filter((s) => s.job === 'practitioner-weekly')).toEqual([]);
    expect(connector.received).toHaveLength(before);
  });

  it('the deferred sweep does not deliver a held message once its day has passed: it is recorded as skipped', async () => {
    await database.db.insert(deliveries).values({
      job: 'spo-digest',
      recipient: 'sam.spo@probation.example',
      slot: '2024-06-14',
      status: 'deferred',
      detail: 'quiet hours until 08:00',
    });
    const config = loadConfig({ DATABASE_URL: 'pglite://memory://', AS_OF_DATE: '2024-06-17T08:30' });
    const services = await buildServices(config, { database, log: quietLogger().log });
    const scheduler = services.scheduler({ sender: testSender(database), catchUp: false });
    const before = connector.received.length;
    await scheduler.sweep();
    await scheduler.stop();
    expect(connector.received).toHaveLength(before);
    const [row] = await database.db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.job, 'spo-digest'), eq(deliveries.slot, '2024-06-14')));
    expect(row).toMatchObject({ status: 'skipped', detail: 'no longer current: its day has passed' });
  });
});
