import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spoDigest, spoDigestReply, type SpoDigestContent } from '../../jobs/spo-digest.js';

import { cardBytes } from '../../src/cards/digest.js';
import { runJob } from '../../src/delivery/runner.js';
import type { Database } from '../../src/store/db.js';
import { deliveries } from '../../src/store/schema.js';
import type { CaseRow } from '../../src/store/cases.repository.js';
import { freshDatabase } from '../support/db.js';
import { visibleText } from '../support/bot.js';
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
import type { StaffMember } from '../../src/domain/staff.js';

const TODAY = '2025-11-26'; // a Wednesday
const NOW = new Date('2025-11-26T07:30:00Z');

describe('spo-digest', () => {
  let database: Database;
  let connector: FakeConnector;

  beforeAll(async () => {
    database = await freshDatabase();
    connector = await startFakeConnector();
    await importAll(database, twoTeams(TODAY));
    // Everyone but Cleo (aad 6) has talked to the bot.
    for (const n of [1, 2, 3, 4, 5, 7, 8]) await giveConversation(database, aad(n), connector.url);
  });
  afterAll(async () => {
    await connector.close();
    await database.close();
  });

  it("delivers exactly one digest to each SPO with a conversation, with their own team's CRNs, and none to practitioners", async () => {
    const sender = testSender(database);
    const summary = await runJob(spoDigest, runnerDeps(database, sender), { today: TODAY, now: NOW });
    expect(summary).toMatchObject({
      job: 'spo-digest',
      slot: TODAY,
      ran: true,
      sent: 2,
      unreachable: 1,
      failed: 0,
    });
    expect(summary.details.find((d) => d.status === 'unreachable')?.why).toBe('app not installed');

    expect(connector.received).toHaveLength(2);
    const sam = visibleText(connector.to(conversationIdOf(aad(1))).map((r) => r.activity));
    const sid = visibleText(connector.to(conversationIdOf(aad(4))).map((r) => r.activity));
    expect(sam).toContain('A000001');
    expect(sam).toContain('A000002');
    expect(sam).not.toContain('B000001');
    expect(sid).toContain('B000001');
    expect(sid).not.toContain('A000001');
    // Reducing and exempt are listed apart.
    expect(sam).toMatch(/contact reduces[\s\S]*A000001[\s\S]*exempt, contact continues[\s\S]*A000002/);
    for (const n of [2, 3, 5, 7, 8]) expect(connector.to(conversationIdOf(aad(n)))).toHaveLength(0);

    // Snooze and unsubscribe buttons on the card: Universal Actions, so the card itself changes.
    const activity = connector.received[0]!.activity as { attachments: { content: { actions: unknown } }[] };
    const cardContent = activity.attachments[0]!.content;
    const buttons = cardContent.actions as { type: string; verb: string; data: { change: string } }[];
    expect(buttons.map((a) => [a.type, a.verb, a.data.change])).toEqual([
      ['Action.Execute', 'preference', 'snooze'],
      ['Action.Execute', 'preference', 'stop-digests'],
    ]);

    const rows = await database.db.select().from(deliveries);
    expect(rows.map((r) => `${r.recipient}:${r.status}`).sort()).toEqual([
      'cleo.spo@probation.example:unreachable',
      'sam.spo@probation.example:sent',
      'sid.spo@probation.example:sent',
    ]);
    await sender.close?.();
  });

  it('a second run the same day sends nothing', async () => {
    const before = connector.received.length;
    const summary = await runJob(spoDigest, runnerDeps(database, testSender(database)), {
      today: TODAY,
      now: NOW,
    });
    expect(summary).toMatchObject({ sent: 0, unreachable: 0, failed: 0, already: 3 });
    expect(connector.received.length).toBe(before);
  });

  // How fast the digest builds is measured by `npm run bench`, not here.
  it('builds the demo-sized digest for every SPO, none empty', async () => {
    const notifications = await spoDigest.build({
      database,
      settings: runnerDeps(database, null).settings,
      log: runnerDeps(database, null).log,
      today: TODAY,
      now: NOW,
      slot: TODAY,
    });
    expect(notifications.map((n) => n.recipient.email).sort()).toEqual([
      'cleo.spo@probation.example',
      'sam.spo@probation.example',
      'sid.spo@probation.example',
    ]);
    expect(notifications.every((n) => !n.empty)).toBe(true);
  });
});

describe('digest card size', () => {
  const spo: StaffMember = {
    id: 1,
    email: 's@x',
    name: 'S',
    roles: ['spo'],
    teamCode: 'T01',
    pdu: 'P',
    borough: null,
    aadObjectId: null,
  };
  const row = (i: number): CaseRow =>
    ({
      id: i,
      crn: `X${String(i).padStart(6, '0')}`,
      firstName: `Firstname${i}`,
      lastName: `Lastname-with-a-long-double-barrelled-name-${i}`,
      practitionerEmail: `p${i % 30}@x`,
      sentenceType: 'licence',
      startDate: '2025-01-01',
      endDate: '2026-01-01',
      twoThirdsDate: '2025-11-26',
      followUpDate: '2025-11-27',
      exempt: i % 3 === 0,
    }) as CaseRow;

  it('stays under 40 KB however many rows, saying how many more there are and what to ask', () => {
    const many = Array.from({ length: 3000 }, (_, i) => row(i));
    const content: SpoDigestContent = {
      reducing: many.filter((r) => !r.exempt),
      exempt: many.filter((r) => r.exempt),
      followUps: many,
      ecsl: [],
      dipExpiring: [],
      overdueFollowUps: many.slice(0, 500),
      overdueDip: [],
      releases: [],
    };
    const names = new Map(Array.from({ length: 30 }, (_, i) => [`p${i}@x`, `Practitioner Number ${i}`]));
    const { reply } = spoDigestReply(spo, content, { today: '2025-11-26', names, warningDays: 14 });
    const bytes = cardBytes(reply.card!);
    expect(bytes).toBeLessThan(40 * 1024);
    const json = JSON.stringify(reply.card);
    expect(json).toMatch(/…and \d+ more: ask 'who reaches two-thirds this week for my team'/);
    expect(json).toMatch(/…and \d+ more: ask 'follow-ups this week for my team'/);
  });
});
