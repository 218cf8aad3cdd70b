import { eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { practitionerWeekly } from '../../jobs/practitioner-weekly.js';
import { spoDigest } from '../../jobs/spo-digest.js';
import { runJob } from '../../src/delivery/runner.js';
import type { Database } from '../../src/store/db.js';
import { actionReceipts, auditLog, caseAcknowledgements, cases } from '../../src/store/schema.js';
import { startBot, visibleText } from '../support/bot.js';
import {
  cardOf,
  cardText,
  executeActions,
  findAction,
  invokeActivity,
  pressedData,
  type Json,
} from '../support/card-actions.js';
import { freshDatabase } from '../support/db.js';
import { AAD, loadEveryone, personalDataIn } from '../support/everyone.js';
import {
  conversationIdOf,
  giveConversation,
  runnerDeps,
  startFakeConnector,
  testSender,
  type FakeConnector,
} from '../support/jobs.js';

/**
 * Final-third follow-ups and two-thirds points acknowledged in Teams, through /api/messages, and
 * what the practitioner's weekly message and the SPO's digest then say. Monday 10 Nov 2025: the
 * follow-ups due this week are X100001 (Sam's, today) and X100003 (Pat's, Fri 14 Nov); Sam is the
 * SPO of Pat's team; Quinn is in another team.
 */
const TODAY = '2025-11-10';
const NOW = new Date(`${TODAY}T08:00:00Z`);

describe('follow-ups and two-thirds points acknowledged in Teams (Mon 10 Nov 2025)', () => {
  let database: Database;
  let bot: Awaited<ReturnType<typeof startBot>>;
  let connector: FakeConnector;

  const ask = async (text: string, aadObjectId: string) => bot.ask(text, { aadObjectId });
  const press = async (verb: string, data: Json, aadObjectId: string) =>
    (await bot.post(invokeActivity(verb, data, { aadObjectId }))) as { status: number; body: Json };
  const caseIdOf = async (crn: string) =>
    (await database.db.select().from(cases).where(eq(cases.crn, crn)))[0]!.id;
  const counts = async () => ({
    acks: (await database.db.select().from(caseAcknowledgements)).length,
    receipts: (await database.db.select().from(actionReceipts)).length,
    writes: (await database.db.select().from(auditLog).where(isNotNull(auditLog.target))).length,
  });
  /** Runs a job for today (forced: a new slot each time) and returns what reached `aad`. */
  async function delivered(
    job: typeof spoDigest,
    aad: string,
    slotSuffix: string,
  ): Promise<{ text: string; card: Json }> {
    connector.reset();
    const def = { ...job, slotFor: (d: string) => `${job.slotFor(d)}#${slotSuffix}` };
    // Talking to the bot stored a newer conversation (with the test's dead serviceUrl): point it back.
    await giveConversation(database, aad, connector.url);
    await runJob(def, runnerDeps(database, testSender(database)), { today: TODAY, now: NOW, force: true });
    const got = connector.to(conversationIdOf(aad)).map((r) => r.activity as Json);
    expect(got, `${job.name} for ${aad}`).toHaveLength(1);
    return { text: visibleText(got), card: cardOf(got[0]) };
  }

  beforeAll(async () => {
    database = await freshDatabase();
    await loadEveryone(database);
    connector = await startFakeConnector();
    bot = await startBot(database, { today: TODAY });
  });
  afterAll(async () => {
    await bot.close();
    await connector.close();
    await database.close();
  });

  it('before anything is said: both follow-ups are due and not yet booked', async () => {
    const digest = await delivered(spoDigest, AAD.sam, 'before');
    expect(digest.text).toContain('2 follow-ups due (2 due and not yet booked)');
    const weekly = await delivered(practitionerWeekly, AAD.pat, 'before');
    expect(weekly.text).toContain('1 follow-up due (1 not yet booked)');
    // The weekly message's follow-up row carries the buttons.
    expect(executeActions(weekly.card).map((a) => a.title)).toEqual(
      expect.arrayContaining(['Save booking', 'Done', 'Save', 'Snooze until Monday', 'Stop these digests']),
    );
  });

  it('a practitioner marks a follow-up booked by message: the weekly and the SPO digest show it, "due and not booked" drops by one', async () => {
    const reply = visibleText(await ask('follow-up booked for X100003 on 14 Nov', AAD.pat));
    expect(reply).toContain('Follow-up for Alex Pike (X100003): booked for Fri 14 Nov 2025');
    expect(reply).toContain('Recorded: follow-up booked for Fri 14 Nov 2025 by Pat Practitioner, 09:00');

    const weekly = await delivered(practitionerWeekly, AAD.pat, 'after');
    expect(weekly.text).toContain('1 follow-up due (0 not yet booked)');
    expect(weekly.text).toMatch(
      /Alex Pike\*\* \(X100003\) · Fri 14 Nov 2025 · ✓ booked for Fri 14 Nov 2025 \(Pat Practitioner\)/,
    );
    // Booked can still become done or not needed, but not be booked again from the card.
    expect(executeActions(weekly.card).map((a) => a.title)).not.toContain('Save booking');

    const digest = await delivered(spoDigest, AAD.sam, 'after');
    expect(digest.text).toContain('2 follow-ups due (1 due and not yet booked)');
    expect(digest.text).toContain('✓ booked for Fri 14 Nov 2025 (Pat Practitioner)');
  });

  it('the SPO marks one done with a button on the follow-ups list: the card updates in place, once', async () => {
    const list = await ask('follow-ups this week for my team', AAD.sam);
    const done = findAction(cardOf(list[0]), 'Done', { status: 'done', caseId: await caseIdOf('X100001') });
    expect(cardText(cardOf(list[0]))).toContain('1 not yet booked');
    const before = await counts();
    const res = await press(done.verb, pressedData(done), AAD.sam);
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const text = cardText(res.body.value);
    expect(text).toContain('Jordan Pike (X100001) – Recorded: follow-up done by Sam Senior, 09:00');
    expect(text).toContain('✓ done (Sam Senior)');
    expect(text).toContain('0 not yet booked');
    const replay = await press(done.verb, pressedData(done), AAD.sam);
    expect(cardText(replay.body.value)).toContain('already recorded: nothing changed');
    expect(await counts()).toEqual({
      acks: before.acks + 1,
      receipts: before.receipts + 1,
      writes: before.writes + 1,
    });
  });

  it('books with the date from the form, refuses a date outside the final third, asks for a reason', async () => {
    const list = await ask('follow-ups next week', AAD.sam);
    const book = findAction(cardOf(list[0]), 'Save booking', { status: 'booked' });
    const before = await counts();
    const outside = await press(book.verb, pressedData(book, { bookedFor: '2025-09-01' }), AAD.sam);
    expect(cardText(outside.body.value)).toContain('Mon 1 Sep 2025 is outside the final third');
    expect(await counts()).toEqual(before);
    const ok = await press(book.verb, pressedData(book, { bookedFor: '2025-11-20' }), AAD.sam);
    expect(cardText(ok.body.value)).toContain(
      'Recorded: follow-up booked for Thu 20 Nov 2025 by Sam Senior, 09:00',
    );

    expect(visibleText(await ask('follow-up not needed for X100002', AAD.sam))).toContain(
      'Why is it not needed? Say recalled, exempt now or transferred',
    );
    expect(visibleText(await ask('follow-up not needed for X100002: recalled', AAD.sam))).toContain(
      'follow-up not needed (recalled)',
    );
  });

  it('another practitioner gets the not-found reply by message and by button, and nothing changes', async () => {
    const before = await counts();
    const blind = (t: string, crn: string) => t.replaceAll(crn, '<crn>');
    const unknown = blind(
      visibleText(await ask('follow-up booked for X999999 on 14 Nov', AAD.quinn)),
      'X999999',
    );
    expect(unknown).toContain("I can't find <crn> among the cases you can see.");
    expect(
      blind(visibleText(await ask('follow-up booked for X100003 on 14 Nov', AAD.quinn)), 'X100003'),
    ).toBe(unknown);
    expect(blind(visibleText(await ask('contact reduced for X100006', AAD.quinn)), 'X100006')).toBe(
      blind(visibleText(await ask('contact reduced for X999999', AAD.quinn)), 'X999999'),
    );
    expect(visibleText(await ask('follow-up booked for X100003 on 14 Nov', AAD.stranger))).toContain(
      "can't find you in the staff list",
    );

    // Pat's own weekly button, pressed by Quinn (or a head of PDU): the same answer as a made-up case.
    const weekly = await delivered(practitionerWeekly, AAD.pat, 'quinn');
    const done = findAction(weekly.card, 'Done', { status: 'done', caseId: await caseIdOf('X100003') });
    const forged = await press(done.verb, { ...pressedData(done), caseId: 999_999 }, AAD.quinn);
    expect(cardText(forged.body.value)).toBe("I can't find that case among the cases you can see.");
    for (const who of [AAD.quinn, AAD.hana, AAD.dana]) {
      const res = await press(done.verb, pressedData(done), who);
      expect(cardText(res.body.value)).toBe(cardText(forged.body.value));
    }
    expect(await counts()).toEqual(before);
  });

  it('confirms "contact reduced" at two-thirds by message; the two-thirds list shows it, without its button', async () => {
    const reply = visibleText(await ask('contact reduced for X100006', AAD.pat));
    expect(reply).toContain('Contact reduced: Robin Marsh (X100006)');
    expect(reply).toContain('Recorded: contact reduced by Pat Practitioner, 09:00');
    expect(visibleText(await ask('contact reduced for X100005', AAD.sam))).toContain(
      'Kim Vale (X100005) is exempt',
    );
    const list = await ask('two-thirds in September 2025 for my team', AAD.sam);
    const text = cardText(cardOf(list[0]));
    expect(text).toContain('✓ contact reduced (Pat Practitioner)');
    const buttons = executeActions(cardOf(list[0])).filter((a) => a.verb === 'twoThirds');
    expect(buttons.every((b) => b.data.caseId !== undefined)).toBe(true);
  });

  it('snooze and stop buttons on the weekly message change the settings once, and say so on the card', async () => {
    const weekly = await delivered(practitionerWeekly, AAD.pat, 'settings');
    const snooze = findAction(weekly.card, 'Snooze until Monday', { change: 'snooze' });
    const before = await counts();
    const res = await press(snooze.verb, pressedData(snooze), AAD.pat);
    const text = cardText(res.body.value);
    expect(text).toContain('Snoozed: no digests or reminders until Mon 17 Nov 2025.');
    // The rebuilt card is the weekly message itself, with the notice in it.
    expect(text).toContain('Your week ahead: week of Mon 10 Nov 2025');
    const again = await press(snooze.verb, pressedData(snooze), AAD.pat);
    expect(cardText(again.body.value)).toContain('(already done)');
    expect(await counts()).toEqual({ ...before, receipts: before.receipts + 1, writes: before.writes + 1 });
    const settings = visibleText(await ask('my notification settings', AAD.pat));
    expect(settings).toContain('until Mon 17 Nov 2025');

    const stop = findAction(weekly.card, 'Stop these digests', { change: 'stop-digests' });
    expect(cardText((await press(stop.verb, pressedData(stop), AAD.pat)).body.value)).toContain(
      'Done: no more digests.',
    );
    expect(visibleText(await ask('my notification settings', AAD.pat))).toMatch(/Digests\s+off/);
    // A write verb Teams did not get from a person's press is refused.
    const automatic = await bot.post(
      invokeActivity(stop.verb, pressedData(stop), { aadObjectId: AAD.pat, trigger: 'automatic' }),
    );
    expect(cardText((automatic.body as Json).value)).toContain('That button is out of date');
  });

  it('audits each acknowledgement by case id, with before and after, and no CRN, name or message text', async () => {
    const rows = await database.db.select().from(auditLog).where(isNotNull(auditLog.target));
    const acks = rows.filter((r) => r.intent === 'follow-up-ack' || r.intent === 'two-thirds-ack');
    expect(acks.length).toBeGreaterThanOrEqual(4);
    for (const r of acks) expect(r.target).toMatch(/^case:\d+$/);
    const booked = acks.find(
      (r) => (r.after as Json).status === 'booked' && (r.after as Json).bookedFor === '2025-11-14',
    );
    expect(booked).toMatchObject({ staffEmail: 'pat.po@probation.example', before: null });
    const all = JSON.stringify(await database.db.select().from(auditLog));
    expect(all).not.toMatch(/follow-up booked for/);
    expect(personalDataIn(all)).toEqual([]);
  });
});
