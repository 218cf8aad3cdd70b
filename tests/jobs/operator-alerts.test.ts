import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorAlerts } from '../../jobs/operator-alerts.js';
import { londonInstant } from '../../src/domain/dates.js';
import { runJob } from '../../src/delivery/runner.js';
import type { Database } from '../../src/store/db.js';
import { recordImport } from '../../src/store/imports.repository.js';
import { deliveries } from '../../src/store/schema.js';
import { startBot, visibleText, type ReplyActivity } from '../support/bot.js';
import { freshDatabase } from '../support/db.js';
import {
  conversationIdOf,
  giveConversation,
  runnerDeps,
  startFakeConnector,
  testSender,
  type FakeConnector,
} from '../support/jobs.js';
import { ADA, loadReleases, PAT, TODAY } from '../support/releases.js';

/** The extracts were imported on Wed 2 Dec 2026 at 02:10; three working days later is Mon 7 Dec. */
const LATER = '2026-12-07';

describe('answers say how old their data is, and warn once it is past its limit', () => {
  let database: Database;
  let connector: FakeConnector;
  const bots: Awaited<ReturnType<typeof startBot>>[] = [];
  const botOn = async (today: string) => {
    const bot = await startBot(database, { today });
    bots.push(bot);
    return bot;
  };
  const alerts = (today: string) =>
    runJob(operatorAlerts, runnerDeps(database, testSender(database)), {
      today,
      now: londonInstant(today, '07:00'),
    });
  const toAda = () => connector.to(conversationIdOf(ADA)).map((r) => visibleText([r.activity]));

  beforeAll(async () => {
    database = await freshDatabase();
    connector = await startFakeConnector();
    await loadReleases(database, londonInstant(TODAY, '02:10'));
    await giveConversation(database, ADA, connector.url);
  });
  afterAll(async () => {
    for (const b of bots) await b.close();
    await connector.close();
    await database.close();
  });

  it('on the day of the import: the extract date, no warning', async () => {
    const bot = await botOn(TODAY);
    const text = visibleText(await bot.ask('who is released in the next 4 weeks', { aadObjectId: PAT }));
    expect(text).toContain('Custody list from the extract of 2 Dec 2026, 02:10.');
    expect(text).not.toContain('Out of date');
  });

  it('three working days later: the warning comes first, in the text and on the card', async () => {
    const bot = await botOn(LATER);
    const [reply] = (await bot.ask('who is released in the next 4 weeks', { aadObjectId: PAT })) as [
      ReplyActivity,
    ];
    const warning =
      '⚠️ Out of date: the newest custody list extract is from 2 Dec 2026, 02:10, 78 working hours old ' +
      '(the limit is 36). Check the case record before acting on this.';
    expect(reply.summary).toBe(warning); // the notification preview
    const body = reply.attachments[0].content.body as { text: string; color?: string }[];
    expect(body[0]).toMatchObject({ text: warning, color: 'Attention' });
    // A caseload answer warns about the caseload extract, not the custody one.
    const dates = visibleText(await bot.ask('dates for X400003', { aadObjectId: PAT }));
    expect(dates.split('\n')[0]).toContain('the newest caseload extract is from 2 Dec 2026, 02:10');
    expect(dates).not.toContain('custody list extract');
  });

  it('operator-alerts tells the admins once that working day: stale extracts and refused files', async () => {
    await recordImport(database, {
      kind: 'cases',
      fileName: 'cases-2026-12-07.csv',
      source: 'folder',
      importedBy: '/data/drop',
      ok: false,
      rows: 0,
      problems: 2,
      summary:
        'Nothing imported from the cases file: 2 rows have errors; moved to rejected/cases-2026-12-07.csv',
      importedAt: londonInstant(LATER, '02:15'),
    });
    expect(await alerts(LATER)).toMatchObject({ ran: true, sent: 1 });
    const [message] = toAda();
    expect(message).toContain('Data status: Mon 7 Dec 2026');
    expect(message).toContain('3 extracts out of date · 1 import refused · 0 recipients unreachable');
    expect(message).toContain(
      '⚠️ OUT OF DATE: extract of 2 Dec 2026, 02:10 · 10 rows · custody-fixture.csv (76 of 36 working hours)',
    );
    expect(message).toContain(
      'cases-2026-12-07.csv (drop folder, 7 Dec 2026, 02:15): Nothing imported from the cases file',
    );
    // Run again in the same slot (a restart, a second replica, by hand): nothing new.
    expect(await alerts(LATER)).toMatchObject({ sent: 0, already: 1 });
    expect(toAda()).toHaveLength(1);
  });

  it('the next working day: recipients who became unreachable, and no file twice', async () => {
    await database.db.insert(deliveries).values({
      job: 'spo-digest',
      recipient: 'sam.spo@probation.example',
      slot: LATER,
      status: 'unreachable',
      detail: 'HTTP 403 ConversationBlockedByUser',
      finishedAt: londonInstant(LATER, '10:00'),
    });
    connector.reset();
    expect(await alerts('2026-12-08')).toMatchObject({ sent: 1 });
    const [message] = toAda();
    expect(message).toContain('3 extracts out of date · 0 imports refused · 1 recipient unreachable');
    expect(message).toContain(
      'Sam Senior (sam.spo@probation.example): HTTP 403 ConversationBlockedByUser (spo-digest)',
    );
  });

  it('"data status" answers the same for an admin on demand', async () => {
    const bot = await botOn('2026-12-08');
    const text = visibleText(await bot.ask('data status', { aadObjectId: ADA }));
    expect(text).toContain('Data status at 8 Dec 2026, 09:00');
    expect(text).toContain('3 extracts out of date · 0 imports refused · 1 recipient unreachable');
    expect(text).toContain('DIP breaches (dip-breaches)\nno import on record');
  });

  it('nothing to report sends nothing', async () => {
    await loadReleases(database, londonInstant('2026-12-09', '02:10'));
    connector.reset();
    expect(await alerts('2026-12-09')).toMatchObject({ sent: 0, skipped: 1 });
    expect(toAda()).toEqual([]);
  });
});
