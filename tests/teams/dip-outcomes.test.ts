import { and, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dipStlReminders } from '../../jobs/dip-stl-reminders.js';
import { runJob } from '../../src/delivery/runner.js';
import { importCsv } from '../../src/import/importer.js';
import type { Database } from '../../src/store/db.js';
import { breachByReference } from '../../src/store/dip.repository.js';
import { actionReceipts, auditLog, dipOutcomeHistory } from '../../src/store/schema.js';
import { startBot, visibleText } from '../support/bot.js';
import { DIP_CSV } from '../support/caseload.js';
import {
  cardOf,
  cardText,
  findAction,
  invokeActivity,
  pressedData,
  type Json,
} from '../support/card-actions.js';
import { freshDatabase } from '../support/db.js';
import { AAD, loadEveryone, personalDataIn, STAFF_CSV } from '../support/everyone.js';
import {
  conversationIdOf,
  giveConversation,
  runnerDeps,
  startFakeConnector,
  testSender,
} from '../support/jobs.js';

/**
 * DIP outcomes recorded in Teams, end to end through /api/messages: typed, and pressed on the
 * product's own cards (adaptiveCard/action invokes built from the card's Action.Execute data).
 * Today is Fri 20 Feb 2026; the fixed clock's now is 09:00 London time.
 */
const TODAY = '2026-02-20';
const OLGA = '00000000-0000-0000-0000-00000000c0aa';

// Extra breaches: DIP-26-0304 (5 days left), DIP-26-0274 (passed 1 Feb), DIP-25-0304 held by a DIP
// officer of another PDU, and two breaches ending 0555 that Dana may both write to.
const EXTRA_DIP = `reference,crn,first_name,last_name,date_of_birth,assessment,missed_date,officer_email,outcome,outcome_date
DIP-26-0304,,Ray,Soon,,initial,2025-08-25,dana.dip@probation.example,,
DIP-26-0274,,Sal,Gone,,initial,2025-08-01,dana.dip@probation.example,,
DIP-25-0304,,Tom,Elsewhere,,initial,2025-09-01,olga.dip@probation.example,,
DIP-24-0555,,Una,First,,initial,2025-09-03,dana.dip@probation.example,,
DIP-25-0555,,Vic,Second,,initial,2025-09-04,,,
`;
// An extract is the whole picture (rows it leaves out are retired): everyone's, plus the extras.
const withRows = (csv: string, extra: string) => csv + extra.split('\n').slice(1).join('\n');
const OLGA_CSV = withRows(
  STAFF_CSV,
  `email,name,role,team,pdu,borough,aad_object_id
olga.dip@probation.example,Olga Other,dip_officer,,Haringey,,${OLGA}
`,
);
const ALL_DIP = withRows(DIP_CSV, EXTRA_DIP);

describe('DIP outcomes recorded in Teams (today Fri 20 Feb 2026)', () => {
  let database: Database;
  let bot: Awaited<ReturnType<typeof startBot>>;

  const ask = async (
    text: string,
    aadObjectId: string = AAD.dana,
    conversationType: 'personal' | 'channel' = 'personal',
  ) => bot.ask(text, { aadObjectId, conversationType });
  async function press(
    verb: string,
    data: Json,
    aadObjectId: string = AAD.dana,
    conversationType: 'personal' | 'channel' = 'personal',
    trigger: 'manual' | 'automatic' = 'manual',
  ) {
    const res = await bot.post(invokeActivity(verb, data, { aadObjectId, conversationType, trigger }));
    return res as { status: number; body: Json };
  }
  const counts = async () => ({
    history: (await database.db.select().from(dipOutcomeHistory)).length,
    receipts: (await database.db.select().from(actionReceipts)).length,
    writes: (await database.db.select().from(auditLog).where(isNotNull(auditLog.target))).length,
  });
  const outcomeOf = async (ref: string) => (await breachByReference(database, ref))?.currentOutcome ?? null;

  beforeAll(async () => {
    database = await freshDatabase();
    await loadEveryone(database);
    for (const [kind, csv] of [
      ['staff', OLGA_CSV],
      ['dip-breaches', ALL_DIP],
    ] as const)
      expect(await importCsv(database, kind, csv)).toMatchObject({ ok: true });
    bot = await startBot(database, { today: TODAY });
  });
  afterAll(async () => {
    await bot.close();
    await database.close();
  });

  it('records "STL passed" typed for a full reference, once, with who and when', async () => {
    const first = visibleText(await ask('STL passed for DIP-26-0274'));
    expect(first).toContain('DIP outcome recorded: STL passed');
    expect(first).toContain('Recorded: STL passed by Dana Dip, 09:00');
    expect(first).toContain('Reminders stop');
    const again = visibleText(await ask('STL passed for DIP-26-0274'));
    expect(again).toContain('already recorded: nothing changed');
    const history = await database.db
      .select()
      .from(dipOutcomeHistory)
      .where(eq(dipOutcomeHistory.reference, 'DIP-26-0274'));
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      outcome: 'stl_passed',
      outcomeDate: TODAY,
      recordedBy: 'dana.dip@probation.example',
    });
    expect(await outcomeOf('DIP-26-0274')).toBe('stl_passed');
  });

  it('reads a bare number as the one breach of the asker\'s that ends with it ("0304 PCR issued")', async () => {
    // DIP-25-0304 also ends 0304, but another PDU's DIP officer holds it.
    const text = visibleText(await ask('0304 PCR issued'));
    expect(text).toContain('DIP-26-0304');
    expect(text).toContain('Recorded: PCR issued by Dana Dip, 09:00');
    expect(text).not.toContain('DIP-25-0304');
    expect(await outcomeOf('DIP-26-0304')).toBe('pcr_issued');
    expect(await outcomeOf('DIP-25-0304')).toBeNull();
  });

  it("asks which breach when a bare number ends more than one of the asker's, and records nothing", async () => {
    const before = await counts();
    const replies = await ask('0555 nfa ra1 not signed');
    const text = visibleText(replies);
    expect(text).toContain('0555 ends more than one of your breaches: DIP-24-0555, DIP-25-0555. Which one?');
    const buttons = (cardOf(replies[0]).actions as Json[]).map((a) => a.data.utterance as string);
    expect(buttons).toEqual(['DIP-24-0555 NFA: RA1 not signed', 'DIP-25-0555 NFA: RA1 not signed']);
    expect(await counts()).toEqual(before);
  });

  it('refuses "STL passed" before the last day has gone by, and an outcome in the future', async () => {
    const before = await counts();
    expect(visibleText(await ask('STL passed for DIP-0005'))).toContain(
      'DIP-0005: the last day to charge is Tue 10 Mar 2026 (18 days left), so the time limit has not passed.',
    );
    expect(visibleText(await ask('DIP-0005 charged on 25/02/2026'))).toContain(
      'DIP-0005: an outcome cannot be dated in the future.',
    );
    expect(await counts()).toEqual(before);
  });

  it('records "PCR issued" pressed on the expiring list: the invoke answers with the updated card, once', async () => {
    const list = await ask('expiring STLs');
    const button = findAction(cardOf(list[0]), 'PCR issued', { reference: 'DIP-23-0417' });
    expect(button.verb).toBe('dipOutcome');
    const before = await counts();
    const res = await press(button.verb, pressedData(button));
    expect(res.status).toBe(200);
    expect(res.body.statusCode).toBe(200);
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const updated = cardText(res.body.value);
    expect(updated).toContain('DIP-23-0417 – Recorded: PCR issued by Dana Dip, 09:00');
    // The list itself no longer carries it: a PCR closes the breach.
    expect(updated).toContain('DIP STLs expiring in the next 14 days');
    expect(updated.split('\n').filter((l) => l.includes('DIP-23-0417'))).toHaveLength(1);
    expect(await counts()).toEqual({
      history: before.history + 1,
      receipts: before.receipts + 1,
      writes: before.writes + 1,
    });

    // A double press (Teams replaying the same invoke) records nothing more.
    const replay = await press(button.verb, pressedData(button));
    expect(replay.status).toBe(200);
    expect(cardText(replay.body.value)).toContain('already recorded: nothing changed');
    expect(await counts()).toEqual({
      history: before.history + 1,
      receipts: before.receipts + 1,
      writes: before.writes + 1,
    });
    expect(await outcomeOf('DIP-23-0417')).toBe('pcr_issued');
  });

  it('records "STL passed" pressed on a breach past its last day, and any outcome with a note from the form', async () => {
    const list = await ask('expiring STLs');
    const stl = findAction(cardOf(list[0]), 'STL passed', { reference: 'DIP-0006' });
    const res = await press(stl.verb, pressedData(stl));
    expect(cardText(res.body.value)).toContain('DIP-0006 – Recorded: STL passed by Dana Dip, 09:00');
    expect(await outcomeOf('DIP-0006')).toBe('stl_passed');

    // "Other outcome…": the choice and the note come from the form's inputs.
    const form = findAction(cardOf(list[0]), 'Record outcome', { reference: 'DIP-0002' });
    const circulated = await press(
      form.verb,
      pressedData(form, { outcome: 'arrested', note: 'Picked up at Wood Green' }),
    );
    const text = cardText(circulated.body.value);
    expect(text).toContain('DIP-0002 – Recorded: Arrested by Dana Dip, 09:00');
    // Arrested keeps the clock running: the breach stays on the list, showing who recorded it.
    expect(text).toContain('Outcome: Arrested, not yet charged');
    const row = await breachByReference(database, 'DIP-0002');
    expect(row).toMatchObject({ currentOutcome: 'arrested', recordedNote: 'Picked up at Wood Green' });
  });

  it('audits every write with who, what, when, before and after, never the message or the note', async () => {
    const rows = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.intent, 'dip-outcome'), isNotNull(auditLog.target)));
    expect(rows.map((r) => r.target).sort()).toEqual(
      ['DIP-0002', 'DIP-0006', 'DIP-23-0417', 'DIP-26-0274', 'DIP-26-0304'].sort(),
    );
    const circulated = rows.find((r) => r.target === 'DIP-0002')!;
    expect(circulated).toMatchObject({ staffEmail: 'dana.dip@probation.example', outcome: 'recorded' });
    expect(circulated.before).toMatchObject({ outcome: 'circulated_fta', source: 'extract' });
    expect(circulated.after).toMatchObject({ outcome: 'arrested', source: 'teams', hasNote: true });
    const everything = JSON.stringify(await database.db.select().from(auditLog));
    expect(everything).not.toContain('Wood Green');
    expect(everything).not.toMatch(/PCR issued|STL passed for/);
    expect(personalDataIn(everything)).toEqual([]);
  });

  it('logs no names, CRNs, notes or message text for any of it', () => {
    const logs = bot.logs.lines.join('');
    expect(logs).toContain('card_action');
    expect(personalDataIn(logs)).toEqual([]);
    expect(logs).not.toContain('Wood Green');
    expect(logs).not.toMatch(/PCR issued|STL passed for|nfa ra1/i);
  });

  it('leaves recorded breaches off the expiring list and out of the next dip-stl-reminders run', async () => {
    const text = visibleText(await ask('expiring STLs'));
    for (const ref of ['DIP-23-0417', 'DIP-26-0304', 'DIP-0006', 'DIP-26-0274'])
      expect(text).not.toContain(ref);
    expect(text).toContain('DIP-0007');

    const connector = await startFakeConnector();
    try {
      await giveConversation(database, AAD.dana, connector.url);
      const summary = await runJob(dipStlReminders, runnerDeps(database, testSender(database)), {
        today: TODAY,
        now: new Date(`${TODAY}T08:00:00Z`),
      });
      expect(summary.sent).toBeGreaterThanOrEqual(1);
      const reminder = visibleText(connector.to(conversationIdOf(AAD.dana)).map((r) => r.activity as Json));
      expect(reminder).toContain('DIP-0007');
      for (const ref of ['DIP-23-0417', 'DIP-26-0304']) expect(reminder).not.toContain(ref);
      // Its rows carry the outcome buttons too.
      const card = cardOf(connector.to(conversationIdOf(AAD.dana))[0]!.activity);
      expect(findAction(card, 'PCR issued', { reference: 'DIP-0007' }).data.view).toMatchObject({
        kind: 'job',
        job: 'dip-stl-reminders',
        day: TODAY,
      });
    } finally {
      await connector.close();
    }
  });

  it('counts them in the backlog report under the right outcome, counts only, with a CSV', async () => {
    const replies = await ask('DIP outcomes since August');
    const text = visibleText(replies);
    expect(text).toContain('DIP backlog: breaches missed Fri 1 Aug 2025 to Fri 20 Feb 2026 (all breaches)');
    const card = cardOf(replies[0]);
    const facts = Object.fromEntries(
      (card.body as Json[])
        .filter((b) => b.type === 'FactSet')
        .flatMap((f) => (f.facts as Json[]).map((x) => [x.title as string, x.value as string])),
    );
    expect(facts).toMatchObject({ 'PCR issued': '2', 'STL passed': '2', Charged: '1', Arrested: '1' });
    expect((card.body as Json[]).some((b) => b.type === 'Chart.VerticalBar')).toBe(true);
    expect(text).not.toMatch(/DIP-\d/);
    expect(personalDataIn(text)).toEqual([]);

    const csv = visibleText(await ask('DIP backlog since August as CSV'));
    expect(csv).toContain('outcome,pcr_issued,2');
    expect(csv).toContain('outcome,stl_passed,2');

    // In a channel: the same counts.
    const channel = visibleText(await ask('DIP backlog since August', AAD.dana, 'channel'));
    expect(channel).toContain('PCR issued');
    expect(personalDataIn(channel)).toEqual([]);
  });

  it('keeps recorded outcomes when the extract is imported again without them; a later extract outcome wins', async () => {
    expect(await importCsv(database, 'dip-breaches', ALL_DIP)).toMatchObject({ ok: true });
    expect(await outcomeOf('DIP-23-0417')).toBe('pcr_issued');
    expect(await outcomeOf('DIP-26-0304')).toBe('pcr_issued');
    expect(await outcomeOf('DIP-0006')).toBe('stl_passed');
    expect(await outcomeOf('DIP-0002')).toBe('arrested'); // the extract still says circulated, dated 1 Sep

    const dated = (ref: string, outcome: string, date: string) =>
      ALL_DIP.split('\n')
        .map((l) => (l.startsWith(`${ref},`) ? l.replace(/,,$/, `,${outcome},${date}`) : l))
        .join('\n');
    // Same day as the Teams record: the Teams one stands. A later date: the extract's.
    expect(await importCsv(database, 'dip-breaches', dated('DIP-26-0274', 'charged', TODAY))).toMatchObject({
      ok: true,
    });
    expect(await outcomeOf('DIP-26-0274')).toBe('stl_passed');
    expect(
      await importCsv(database, 'dip-breaches', dated('DIP-26-0304', 'charged', '2026-02-21')),
    ).toMatchObject({ ok: true });
    expect(await outcomeOf('DIP-26-0304')).toBe('charged');
  });

  describe('who may write', () => {
    /** The reply with the reference typed replaced, to compare a real one with a made-up one. */
    const blind = (text: string, ref: string) => text.replaceAll(ref, '<ref>');

    it('another practitioner, a DIP officer of another PDU or a stranger gets the not-found reply, and nothing changes', async () => {
      const before = await counts();
      const unknown = blind(visibleText(await ask('DIP-9999 PCR issued', AAD.quinn)), 'DIP-9999');
      expect(unknown).toContain("I can't find a DIP breach with the reference <ref>.");
      // DIP-0005 is Dana's; Pat is in Sam's team but does not hold the person; Olga is in Haringey.
      for (const who of [AAD.quinn, AAD.pat, OLGA])
        expect(blind(visibleText(await ask('DIP-0005 PCR issued', who)), 'DIP-0005')).toBe(unknown);
      expect(visibleText(await ask('DIP-0005 PCR issued', AAD.stranger))).toContain(
        "can't find you in the staff list",
      );
      // The same for a button pressed by someone else (Olga, Quinn): exactly the reply for an unknown reference.
      const list = await ask('expiring STLs');
      const button = findAction(cardOf(list[0]), 'PCR issued', { reference: 'DIP-0007' });
      const forged = await press(button.verb, { ...pressedData(button), reference: 'DIP-9999' }, OLGA);
      for (const who of [OLGA, AAD.quinn, AAD.hana]) {
        const res = await press(button.verb, pressedData(button), who);
        expect(res.status).toBe(200);
        expect(blind(cardText(res.body.value), 'DIP-0007')).toBe(
          blind(cardText(forged.body.value), 'DIP-9999'),
        );
      }
      expect(cardText(forged.body.value)).toBe("I can't find a DIP breach with the reference DIP-9999.");
      const stranger = await press(button.verb, pressedData(button), AAD.stranger);
      expect(cardText(stranger.body.value)).toContain("can't find you in the staff list");
      expect(await counts()).toEqual(before);
      expect(await outcomeOf('DIP-0007')).toBeNull();
    });

    it("the person's practitioner and their SPO may record; a DIP officer of the same PDU may too", async () => {
      // X100001 (Jordan Pike) is on Sam's caseload: DIP-23-0417 is his breach.
      expect(visibleText(await ask('DIP-23-0417 charged', AAD.sam))).toContain(
        'Recorded: Charged by Sam Senior, 09:00',
      );
      // Dee is a DIP officer in Dana's PDU.
      expect(visibleText(await ask('DIP-0007 charged', AAD.dee))).toContain(
        'Recorded: Charged by Dee Multi, 09:00',
      );
      // The later outcome replaces the earlier one; both stay in the history.
      const history = await database.db
        .select()
        .from(dipOutcomeHistory)
        .where(eq(dipOutcomeHistory.reference, 'DIP-23-0417'));
      expect(history.map((h) => h.outcome)).toEqual(['pcr_issued', 'charged']);
      const card = visibleText(await ask('STL for DIP-23-0417'));
      expect(card).toContain('Recorded: Charged by Sam Senior, 09:00');
      expect(card).toContain('Earlier: PCR issued by Dana Dip, 09:00');
    });

    it('a head of PDU may read the backlog but not write', async () => {
      expect(visibleText(await ask('DIP-0005 PCR issued', AAD.hana))).toContain(
        "isn't available for your role",
      );
      expect(visibleText(await ask('DIP backlog since August', AAD.hana))).toContain(
        'the Camden and Islington PDU',
      );
    });
  });

  describe('in a channel', () => {
    it('posts counts only, with named staff getting their own view (refresh.userIds) with references and buttons, never names', async () => {
      const replies = await ask('expiring STLs', AAD.dana, 'channel');
      const card = cardOf(replies[0]);
      const text = cardText(card);
      expect(text).not.toMatch(/DIP-\d/);
      expect(personalDataIn(text)).toEqual([]);
      expect(card.refresh.userIds).toContain(`29:user-${AAD.dana}`);
      expect(card.refresh.action).toMatchObject({ type: 'Action.Execute', verb: 'refresh' });

      const own = await press('refresh', card.refresh.action.data, AAD.dana, 'channel', 'automatic');
      const view = cardText(own.body.value);
      expect(view).toContain('DIP-0004');
      expect(personalDataIn(view)).toEqual([]);
      expect(findAction(own.body.value, 'PCR issued', { reference: 'DIP-0004' })).toBeDefined();
      // Someone Teams was not asked to show it to gets nothing from it.
      const other = await press('refresh', card.refresh.action.data, AAD.quinn, 'channel', 'automatic');
      expect(cardText(other.body.value)).not.toMatch(/DIP-\d/);
    });
  });
});
