import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parsePreferenceAction } from '../../commands/notification-settings.js';
import { parseTime } from '../../src/assistant/settings-request.js';
import { practitionerWeekly } from '../../jobs/practitioner-weekly.js';
import { spoDigest } from '../../jobs/spo-digest.js';
import { gateFor, inQuietHours, londonTimeOfDay } from '../../src/delivery/gate.js';
import { runJob } from '../../src/delivery/runner.js';
import type { Database } from '../../src/store/db.js';
import { DEFAULT_PREFERENCES } from '../../src/store/preferences.repository.js';
import { deliveries, jobRuns, preferences } from '../../src/store/schema.js';
import { startBot, visibleText } from '../support/bot.js';
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

const TODAY = '2025-11-26'; // Wednesday
const at = (hhmm: string) => new Date(`${TODAY}T${hhmm}:00Z`); // London is on GMT in November

describe('parsing notification settings', () => {
  it.each([
    ['stop digests', { kind: 'digests', on: false }],
    ['Stop my daily digests please', { kind: 'digests', on: false }],
    ['start digests', { kind: 'digests', on: true }],
    ['stop reminders', { kind: 'reminders', on: false }],
    ['digest at 08:00', { kind: 'digest-time', time: '08:00' }],
    ['digest at 9am', { kind: 'digest-time', time: '09:00' }],
    ['quiet hours 18:00-08:00', { kind: 'quiet', start: '18:00', end: '08:00' }],
    ['quiet hours 6pm to 8.30am', { kind: 'quiet', start: '18:00', end: '08:30' }],
    ['no quiet hours', { kind: 'quiet-off' }],
    ['snooze reminders until Monday', { kind: 'snooze', until: '2025-12-01' }],
    ['snooze reminders for 3 days', { kind: 'snooze', until: '2025-11-29' }],
    ['snooze until 2025-12-10', { kind: 'snooze', until: '2025-12-10' }],
    ['snooze until Wednesday', { kind: 'snooze', until: '2025-12-03' }],
    ['cancel snooze', { kind: 'unsnooze' }],
    ['send empty digests', { kind: 'empty', on: true }],
    ["don't send empty digests", { kind: 'empty', on: false }],
    ['my notification settings', { kind: 'show' }],
    // The person away is not the messages held; the messages named still are.
    ["I'm off next week so turn my reminders off until the 8th", { kind: 'snooze', until: '2025-12-08' }],
  ])('%s', (text, expected) => {
    expect(parsePreferenceAction(text, TODAY)).toEqual(expected);
  });

  it.each(['snooze reminders', 'snooze for 100 days', 'quiet hours 25:00-08:00', 'quiet hours at night'])(
    '%s asks for something valid',
    (text) => {
      expect(parsePreferenceAction(text, TODAY)?.kind).toBe('invalid');
    },
  );

  it.each([
    'who reaches two-thirds this week',
    'dip reminders for my team',
    'help',
    "I'm off from the 21st and don't want anything slipping, show me the team's follow-ups from 21/12 to 3/1",
    'off sick till monday',
  ])('%s is not a settings command', (text) => {
    expect(parsePreferenceAction(text, TODAY)).toBeNull();
  });

  it('reads times and quiet hours across midnight', () => {
    expect(parseTime('12pm')).toBe('12:00');
    expect(parseTime('12am')).toBe('00:00');
    expect(parseTime('0730')).toBe('07:30');
    expect(inQuietHours('07:30', '18:00', '08:00')).toBe(true);
    expect(inQuietHours('08:00', '18:00', '08:00')).toBe(false);
    expect(inQuietHours('12:30', '12:00', '13:00')).toBe(true);
    expect(londonTimeOfDay(new Date('2025-07-01T06:30:00Z'))).toBe('07:30');
  });

  it.each([
    [{ digestsEnabled: false }, 'digest', '07:30', 'skip'],
    [{ digestsEnabled: false }, 'reminder', '07:30', 'send'],
    [{ remindersEnabled: false }, 'alert', '07:30', 'skip'],
    [{ snoozeUntil: '2025-12-01' }, 'reminder', '07:30', 'skip'],
    [{ snoozeUntil: '2025-11-26' }, 'reminder', '07:30', 'send'],
    [{ snoozeUntil: '2025-12-01' }, 'summary', '07:30', 'send'],
    [{ quietStart: '18:00', quietEnd: '08:00' }, 'digest', '07:30', 'defer'],
    [{ quietStart: '18:00', quietEnd: '08:00' }, 'digest', '19:00', 'skip'],
    [{ digestTime: '09:00' }, 'digest', '07:30', 'defer'],
    [{ digestTime: '07:00' }, 'digest', '07:30', 'send'],
    [{ digestTime: '09:00' }, 'reminder', '08:00', 'send'],
  ] as const)('gate %j for a %s at %s: %s', (change, category, time, kind) => {
    expect(gateFor({ ...DEFAULT_PREFERENCES, ...change }, category, TODAY, time).kind).toBe(kind);
  });
});

describe('preference commands change what the jobs send', () => {
  let database: Database;
  let connector: FakeConnector;
  let bot: Awaited<ReturnType<typeof startBot>>;
  const sam = conversationIdOf(aad(1));

  /** Asks as a user, then points their conversation back at the fake connector. */
  async function say(text: string, n: number) {
    const replies = await bot.ask(text, { aadObjectId: aad(n) });
    await giveConversation(database, aad(n), connector.url);
    return visibleText(replies);
  }
  const digest = (now: Date, extra: { recipients?: Set<string>; force?: boolean } = {}) =>
    runJob(spoDigest, runnerDeps(database, testSender(database)), { today: TODAY, now, ...extra });

  beforeAll(async () => {
    database = await freshDatabase();
    connector = await startFakeConnector();
    await importAll(database, twoTeams(TODAY));
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8]) await giveConversation(database, aad(n), connector.url);
    bot = await startBot(database, { today: TODAY });
  });
  beforeEach(async () => {
    connector.reset();
    await database.db.delete(deliveries);
    await database.db.delete(jobRuns);
    await database.db.delete(preferences);
  });
  afterAll(async () => {
    await bot.close();
    await connector.close();
    await database.close();
  });

  it('"stop digests" → skipped; "start digests" → sent again', async () => {
    expect(await say('stop digests', 1)).toContain('no more digests');
    const stopped = await digest(at('07:30'));
    expect(stopped.details).toContainEqual({
      staffId: expect.any(Number),
      status: 'skipped',
      why: 'digests off',
    });
    expect(connector.to(sam)).toHaveLength(0);
    expect(stopped.sent).toBe(2);

    expect(await say('start digests', 1)).toContain('Digests are back on');
    await database.db.delete(deliveries);
    const started = await digest(at('07:30'));
    expect(started.sent).toBe(3);
    expect(connector.to(sam)).toHaveLength(1);
  });

  it('"quiet hours 18:00-08:00" defers the 07:30 digest; the sweep delivers it after 08:00', async () => {
    expect(await say('quiet hours 18:00-08:00', 1)).toContain('Quiet hours set');
    const early = await digest(at('07:30'));
    expect(early).toMatchObject({ sent: 2, deferred: 1 });
    expect(connector.to(sam)).toHaveLength(0);

    const tooSoon = await digest(at('07:50'), {
      recipients: new Set(['sam.spo@probation.example']),
      force: true,
    });
    expect(tooSoon).toMatchObject({ sent: 0, deferred: 1 });

    const swept = await digest(at('08:05'), {
      recipients: new Set(['sam.spo@probation.example']),
      force: true,
    });
    expect(swept).toMatchObject({ sent: 1, deferred: 0 });
    expect(connector.to(sam)).toHaveLength(1);
    expect(connector.received).toHaveLength(3);
  });

  it('"digest at 09:00" holds the digest until 09:00', async () => {
    expect(await say('digest at 09:00', 1)).toContain('09:00');
    expect((await digest(at('07:30'))).deferred).toBe(1);
    expect(
      (await digest(at('09:00'), { recipients: new Set(['sam.spo@probation.example']), force: true })).sent,
    ).toBe(1);
    expect(connector.to(sam)).toHaveLength(1);
  });

  it('"snooze reminders until Monday" holds everything until Monday', async () => {
    expect(await say('snooze reminders until Monday', 1)).toContain('Mon 1 Dec 2025');
    const snoozed = await digest(at('07:30'));
    expect(snoozed.details).toContainEqual({
      staffId: expect.any(Number),
      status: 'skipped',
      why: 'snoozed until 2025-12-01',
    });
    expect(connector.to(sam)).toHaveLength(0);
  });

  it('empty digests are not sent unless the user asks with "send empty digests"', async () => {
    // The week after: no one's case reaches two-thirds, so every weekly digest is empty.
    const monday = '2025-12-01';
    const weekly = () =>
      runJob(practitionerWeekly, runnerDeps(database, testSender(database)), {
        today: monday,
        now: new Date(`${monday}T08:00:00Z`),
      });
    const quiet = await weekly();
    expect(quiet).toMatchObject({ sent: 0, skipped: 4 });
    expect(connector.received).toHaveLength(0);

    expect(await say('send empty digests', 2)).toContain('even on days with nothing to report');
    const withEmpty = await weekly();
    expect(withEmpty).toMatchObject({ sent: 1, skipped: 3 });
    expect(visibleText(connector.to(conversationIdOf(aad(2))).map((r) => r.activity))).toContain(
      'None of your cases',
    );
  });

  it('admins run a job now and see the delivery report, with no personal data', async () => {
    const ran = await say('run spo-digest now', 7);
    expect(ran).toMatch(/spo-digest 2025-11-26: sent 3, skipped 0, unreachable 0, failed 0/);
    expect(connector.received).toHaveLength(3);
    const again = await say('run spo-digest now', 7);
    expect(again).toMatch(/sent 0.*already done 3/);

    const report = await say('delivery report today', 7);
    expect(report).toContain('spo-digest');
    expect(report).toMatch(/sent\s*\n?\s*3/);
    expect(report).not.toMatch(/@probation\.example|A000001|Amy/);

    // Not for everyone.
    expect(await say('run spo-digest now', 2)).toMatch(/isn't available for your role/);
  });
});
