import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM_FIELDS } from '../../src/domain/iom-return.js';
import { importCsv } from '../../src/import/importer.js';
import type { Database } from '../../src/store/db.js';
import { iomReturnHistory, iomReturns, staff } from '../../src/store/schema.js';
import { startBot, visibleText } from '../support/bot.js';
import { freshDatabase } from '../support/db.js';
import { COHORT_CSV, csvCounts, EXPECTED_HARINGEY } from '../support/iom.js';

/** The parts of an Adaptive Card these tests look at. */
interface El {
  type: string;
  id?: string;
  value?: unknown;
  min?: number;
  title?: string;
  data?: Record<string, unknown>;
  choices?: { title: string; value: string }[];
}
interface CardJson {
  body: El[];
  actions?: El[];
}

// Wednesday 12 June 2024: "last month" is May 2024.
const TODAY = '2024-06-12';

const HARINGEY_LEAD = '00000000-0000-0000-0000-00000000a001';
const ENFIELD_LEAD = '00000000-0000-0000-0000-00000000a002';
const CENTRAL = '00000000-0000-0000-0000-00000000a003';
const HEAD = '00000000-0000-0000-0000-00000000a004';
const PRACTITIONER = '00000000-0000-0000-0000-00000000a005';

const GOOD =
  'IOM return for May 2024: arrests 10, home visits 34, prison visits 5, panel referrals 3, judicial orders 2. ' +
  'Good news: one nominal has kept every appointment and started a plumbing course.';
const AMENDED =
  'IOM return for May 2024: arrests 11, home visits 34, prison visits 6, panel referrals 3, CBOs 2. Good news: still engaging.';

describe('IOM returns and the cohort report through /api/messages', () => {
  let database: Database;
  let bot: Awaited<ReturnType<typeof startBot>>;

  const returns = () => database.db.select().from(iomReturns).orderBy(asc(iomReturns.id));
  const history = () => database.db.select().from(iomReturnHistory).orderBy(asc(iomReturnHistory.id));
  const ask = async (
    text: string,
    aadObjectId: string,
    extra: { value?: Record<string, unknown>; conversationType?: 'personal' | 'channel' } = {},
  ) => {
    const replies = await bot.ask(text, { aadObjectId, ...extra });
    expect(replies).toHaveLength(1);
    // A card reply carries its plain-text first line as the activity summary (the notification preview).
    const summary = typeof replies[0]?.summary === 'string' ? `${replies[0].summary}\n` : '';
    return {
      replies,
      text: summary + visibleText(replies),
      card: replies[0]?.attachments?.[0]?.content as CardJson | undefined,
    };
  };

  beforeAll(async () => {
    database = await freshDatabase();
    await database.db.insert(staff).values([
      {
        email: 'hana.lead@probation.example',
        name: 'Hana Lead',
        roles: ['iom_lead'],
        borough: 'Haringey',
        aadObjectId: HARINGEY_LEAD,
      },
      {
        email: 'eddie.lead@probation.example',
        name: 'Eddie Lead',
        roles: ['iom_lead'],
        borough: 'Enfield',
        aadObjectId: ENFIELD_LEAD,
      },
      {
        email: 'ivy.lead@probation.example',
        name: 'Ivy Lead',
        roles: ['iom_lead'],
        borough: 'Islington',
        aadObjectId: null,
      },
      {
        email: 'cara.central@probation.example',
        name: 'Cara Central',
        roles: ['iom_central'],
        aadObjectId: CENTRAL,
      },
      {
        email: 'hugh.head@probation.example',
        name: 'Hugh Head',
        roles: ['head_of_pdu'],
        pdu: 'N07',
        aadObjectId: HEAD,
      },
      {
        email: 'pat.po@probation.example',
        name: 'Pat Practitioner',
        roles: ['practitioner'],
        teamCode: 'N07T01',
        aadObjectId: PRACTITIONER,
      },
    ]);
    const imported = await importCsv(database, 'iom-cohort', COHORT_CSV);
    expect(imported.ok).toBe(true);
    bot = await startBot(database, { today: TODAY });
  });
  afterAll(async () => {
    await bot.close();
    await database.close();
  });

  it('refuses a bad return, naming each bad field, and stores nothing', async () => {
    const { text, card } = await ask(
      'IOM return for May 2024: arrests -2, home visits 3.5, prison visits 5, panel referrals 3. Good news: a story',
      HARINGEY_LEAD,
    );
    expect(text).toContain('Not saved');
    expect(text).toContain('Arrests: cannot be negative (got -2)');
    expect(text).toContain('Home visits: must be a whole number (got 3.5)');
    expect(text).toContain('Judicial orders: is missing');
    // The form comes back pre-filled with what was readable, so nothing has to be retyped.
    const inputs = card?.body.filter((e: El) => e.type === 'Input.Number') ?? [];
    expect(inputs.find((e: El) => e.id === FORM_FIELDS.prisonVisits)?.value).toBe(5);
    expect(await returns()).toEqual([]);
    expect(await history()).toEqual([]);
  });

  it('refuses a return for the current month and stores nothing', async () => {
    const { text } = await ask(
      'IOM return for June 2024: arrests 1, home visits 1, prison visits 1, panel referrals 1, judicial orders 1',
      HARINGEY_LEAD,
    );
    expect(text).toContain('June 2024 has not finished yet');
    expect(await returns()).toEqual([]);
  });

  it('saves a good return at once and echoes it with an amend hint', async () => {
    const { text, card } = await ask(GOOD, HARINGEY_LEAD);
    expect(text).toContain('Saved the Haringey IOM return for May 2024 (version 1)');
    expect(text).toContain(
      'arrests 10, home visits 34, prison visits 5, panel referrals 3, judicial orders 2',
    );
    expect(text).toContain('plumbing course');
    expect(text).toMatch(/To amend/);
    expect(card?.actions?.[0]?.title).toBe('Amend');
    const rows = await returns();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      borough: 'Haringey',
      month: '2024-05-01',
      arrests: 10,
      homeVisits: 34,
      prisonVisits: 5,
      panelReferrals: 3,
      judicialOrders: 2,
      submittedBy: 'hana.lead@probation.example',
      version: 1,
    });
    expect(rows[0]!.goodNews).toContain('plumbing course');
    expect(await history()).toEqual([]);
  });

  it('shows central the status: received with submit time, outstanding by borough', async () => {
    const { text } = await ask('IOM returns status for May 2024', CENTRAL);
    expect(text).toContain('IOM returns for May 2024: 1 of 3 received, 2 outstanding.');
    expect(text).toMatch(/Received\*\*\nHaringey\n\d{1,2} \w{3} \d{4}, \d{2}:\d{2} by Hana Lead/);
    expect(text).toContain('Outstanding**\n- Enfield\n- Islington');
  });

  it('amends: replaces the figures, bumps the version and keeps the old values in history', async () => {
    const before = (await returns())[0]!;
    const { text } = await ask(AMENDED, HARINGEY_LEAD);
    expect(text).toContain('Amended the Haringey IOM return for May 2024 (version 2)');
    expect(text).toContain('replaces version 1');
    const rows = await returns();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      arrests: 11,
      prisonVisits: 6,
      judicialOrders: 2,
      version: 2,
      goodNews: 'still engaging.',
    });
    const old = await history();
    expect(old).toHaveLength(1);
    expect(old[0]).toMatchObject({
      returnId: before.id,
      version: 1,
      submittedBy: 'hana.lead@probation.example',
      replacedBy: 'hana.lead@probation.example',
      values: {
        arrests: 10,
        homeVisits: 34,
        prisonVisits: 5,
        panelReferrals: 3,
        judicialOrders: 2,
        goodNews: before.goodNews,
      },
    });
    expect(old[0]!.submittedAt.getTime()).toBe(before.submittedAt.getTime());
  });

  it('shows central one return: figures, good news and the version history', async () => {
    const { text } = await ask('show the Haringey IOM return for May 2024', CENTRAL);
    expect(text).toContain('Haringey IOM return for May 2024: arrests 11, home visits 34, prison visits 6');
    expect(text).toContain('**Good news:** still engaging.');
    expect(text).toMatch(/Version 2, submitted .* by Hana Lead/);
    expect(text).toMatch(
      /Version 1: Hana Lead, .*replaced by Hana Lead, .*\(arrests 10 → 11; prison visits 5 → 6; good news edited\)/,
    );
  });

  it('lets a lead view their own borough, not another', async () => {
    const own = await ask('show our IOM return for May 2024', HARINGEY_LEAD);
    expect(own.text).toContain('Haringey IOM return for May 2024: arrests 11');
    const other = await ask('show the Haringey IOM return for May 2024', ENFIELD_LEAD);
    expect(other.text).toMatch(/your own borough's IOM return \(Enfield\), not Haringey's/);
    expect(other.text).not.toContain('arrests 11');
  });

  it('says so when a borough has not returned', async () => {
    const { text } = await ask('show the Enfield IOM return for May 2024', CENTRAL);
    expect(text).toContain('No IOM return from Enfield for May 2024 yet.');
  });

  it('opens the form for "IOM return" and saves what the form submits', async () => {
    const { card, text } = await ask('IOM return for April 2024', ENFIELD_LEAD);
    expect(text).toContain('IOM return form for Enfield (April 2024)');
    const body = card?.body ?? [];
    const numbers = body.filter((e: El) => e.type === 'Input.Number');
    expect(numbers.map((e: El) => e.id)).toEqual([
      FORM_FIELDS.arrests,
      FORM_FIELDS.homeVisits,
      FORM_FIELDS.prisonVisits,
      FORM_FIELDS.panelReferrals,
      FORM_FIELDS.judicialOrders,
    ]);
    expect(numbers.every((e: El) => e.min === 0)).toBe(true);
    expect(body.find((e: El) => e.type === 'Input.Text')).toMatchObject({
      id: FORM_FIELDS.goodNews,
      isMultiline: true,
    });
    const month = body.find((e: El) => e.type === 'Input.ChoiceSet');
    expect(month).toMatchObject({ id: FORM_FIELDS.month, value: '2024-04' });
    expect(month!.choices!.map((c) => c.value)).not.toContain('2024-06');
    const submit = card?.actions?.[0];
    expect(submit).toMatchObject({ type: 'Action.Submit', data: { command: 'iom-return' } });

    // What Teams sends back: the button's data merged with every input's value, and no text.
    const value = {
      ...submit!.data,
      [FORM_FIELDS.month]: '2024-04',
      [FORM_FIELDS.arrests]: '4',
      [FORM_FIELDS.homeVisits]: '20',
      [FORM_FIELDS.prisonVisits]: '2',
      [FORM_FIELDS.panelReferrals]: '1',
      [FORM_FIELDS.judicialOrders]: '0',
      [FORM_FIELDS.goodNews]: '',
    };
    const saved = await ask('', ENFIELD_LEAD, { value });
    expect(saved.text).toContain('Saved the Enfield IOM return for April 2024 (version 1)');
    const enfield = (await returns()).filter((r) => r.borough === 'Enfield');
    expect(enfield).toMatchObject([
      { month: '2024-04-01', arrests: 4, homeVisits: 20, judicialOrders: 0, goodNews: null },
    ]);
  });

  it('validates a submitted form the same way and stores nothing when it is bad', async () => {
    const before = (await returns()).length;
    const value = {
      command: 'iom-return',
      form: 'iom-return',
      [FORM_FIELDS.month]: '2024-03',
      [FORM_FIELDS.arrests]: '-1',
      [FORM_FIELDS.homeVisits]: '2.5',
      [FORM_FIELDS.prisonVisits]: '',
      [FORM_FIELDS.panelReferrals]: '1',
      [FORM_FIELDS.judicialOrders]: '0',
    };
    const { text } = await ask('', ENFIELD_LEAD, { value });
    expect(text).toContain('Arrests: cannot be negative (got -1)');
    expect(text).toContain('Home visits: must be a whole number (got 2.5)');
    expect(text).toContain('Prison visits: is missing');
    expect(await returns()).toHaveLength(before);
  });

  it('pre-fills the form from the saved return when amending', async () => {
    const { card, text } = await ask('IOM return for May 2024', HARINGEY_LEAD);
    expect(text).toMatch(/already saved \(version 2/);
    const arrests = card?.body.find((e: El) => e.id === FORM_FIELDS.arrests);
    expect(arrests?.value).toBe(11);
  });

  it('keeps returns to IOM leads', async () => {
    const { text } = await ask(GOOD, PRACTITIONER);
    expect(text).toMatch(/isn't available for your role/);
  });

  it('reports a borough cohort whose counts match the imported extract exactly', async () => {
    const { text } = await ask('IOM cohort report for Haringey as CSV', CENTRAL);
    const csv = /```\n([\s\S]*?)```/.exec(text)?.[1] ?? '';
    const counts = csvCounts(csv);
    for (const [key, n] of Object.entries(EXPECTED_HARINGEY)) expect([key, counts[key]]).toEqual([key, n]);
    // The month's return figures (the amended May return).
    expect(counts['return,arrests']).toBe(11);
    expect(counts['return,prison_visits']).toBe(6);
    expect(text).not.toMatch(/H0000\d\d|Firstname|Surname|24\/1000/);
  });

  it('shows the cohort report as a card with charts and the key numbers in text', async () => {
    const { text, card } = await ask('IOM cohort report for Haringey', HEAD);
    expect(text).toContain('IOM cohort report for Haringey (return figures for May 2024)');
    expect(text).toContain('**12** nominals in the cohort (Fixed 6, Flex 4, Free 2)');
    expect(text).toContain('Blue\n2\nRed\n7\nAmber\n2\nGreen\n1');
    expect(text).toContain('6 Red and not in custody: 2 NFA, 1 out of borough, 3 in wards.');
    expect(text).toContain('Tottenham Green\n2\nNorthumberland Park\n1');
    expect(text).toContain('Knife crime\n2\nDomestic abuse\n2\nOn IOM nominals\n4 of 4');
    expect(text).toContain('**Return for May 2024**\nArrests\n11');
    const types = (card?.body ?? []).map((e: El) => e.type);
    expect(types).toContain('Chart.Donut');
    expect(types).toContain('Chart.VerticalBar');
    expect(text).not.toMatch(/H0000\d\d|Firstname|Surname/);
  });

  it("lets a lead see their own borough's report, not another's", async () => {
    const own = await ask('IOM cohort report', ENFIELD_LEAD);
    expect(own.text).toContain('IOM cohort report for Enfield');
    expect(own.text).toContain('**3** nominals in the cohort');
    const other = await ask('IOM cohort report for Haringey', ENFIELD_LEAD);
    expect(other.text).toMatch(/your own borough's report \(Enfield\), not Haringey's/);
  });

  it('says which boroughs it knows when asked about an unknown one', async () => {
    const { text } = await ask('IOM cohort report for Narnia', CENTRAL);
    expect(text).toContain('I don\'t know an IOM borough called "narnia"');
    expect(text).toContain('Enfield, Haringey, Islington');
  });

  it('keeps good-news text out of channels but still saves the return', async () => {
    const { text } = await ask(
      'IOM return for March 2024: arrests 1, home visits 2, prison visits 3, panel referrals 4, judicial orders 5. Good news: named person story',
      HARINGEY_LEAD,
      { conversationType: 'channel' },
    );
    expect(text).toContain('Saved the Haringey IOM return for March 2024 (version 1)');
    expect(text).not.toContain('named person story');
    const [row] = await database.rows<{ n: number }>(
      sql`select count(*)::int as n from iom_returns where month = '2024-03-01'`,
    );
    expect(row?.n).toBe(1);
  });

  it('amends one figure from a correction sent as a sentence, keeping the rest and the history', async () => {
    const before = (await returns()).find((r) => r.borough === 'Haringey' && r.month === '2024-05-01')!;
    const { text } = await ask('sorry, home visits for May should have been 40 not 34', HARINGEY_LEAD);
    expect(text).toContain('Amended the Haringey IOM return for May 2024');
    expect(text).toContain(`home visits 40 (was ${before.homeVisits})`);
    const after = (await returns()).find((r) => r.id === before.id)!;
    expect(after).toMatchObject({
      homeVisits: 40,
      arrests: before.arrests,
      prisonVisits: before.prisonVisits,
      panelReferrals: before.panelReferrals,
      judicialOrders: before.judicialOrders,
      goodNews: before.goodNews,
      version: before.version + 1,
    });
    expect((await history()).some((h) => h.returnId === before.id && h.version === before.version)).toBe(
      true,
    );
    // Put it back for the tests that follow.
    await ask(`correction: home visits were ${before.homeVisits} for May`, HARINGEY_LEAD);
  });

  it('answers a corrected number of good-news stories with how to send them, changing nothing', async () => {
    const before = (await returns()).find((r) => r.borough === 'Haringey' && r.month === '2024-05-01')!;
    const { text } = await ask('amend may: good news stories should be 4', HARINGEY_LEAD);
    expect(text).toContain("I haven't changed the Haringey return for May 2024");
    expect(text).toContain('Good news: …');
    const after = (await returns()).find((r) => r.id === before.id)!;
    expect(after.version).toBe(before.version);
    expect(after.goodNews).toBe(before.goodNews);
  });

  it('refuses a correction when nothing was sent for the month, and stores nothing', async () => {
    const n = (await returns()).length;
    const { text } = await ask('arrests should be 4 for January 2024', HARINGEY_LEAD);
    expect(text).toContain('There is no Haringey IOM return for January 2024 to correct yet');
    expect((await returns()).length).toBe(n);
  });

  it('reads returns written with the usual abbreviations, judicial orders of several kinds added up', async () => {
    const { text } = await ask(
      'april figures: 3 arrests, 12 HVs, 2 PVs, 1 panel ref, 1 CPN and 2 CBOs',
      HARINGEY_LEAD,
    );
    expect(text).toContain('Saved the Haringey IOM return for April 2024');
    const row = (await returns()).find((r) => r.borough === 'Haringey' && r.month === '2024-04-01')!;
    expect(row).toMatchObject({
      arrests: 3,
      homeVisits: 12,
      prisonVisits: 2,
      panelReferrals: 1,
      judicialOrders: 3,
    });
  });

  it('shows what was sent for a month when asked in plain words', async () => {
    const { text } = await ask('what did we send for may', HARINGEY_LEAD);
    expect(text).toContain('Haringey IOM return for May 2024');
  });

  it('answers the central team asking in plain words whether the returns are in', async () => {
    const { text } = await ask('have all the returns come in for may?', CENTRAL);
    expect(text).not.toMatch(/isn't available for your role/);
    expect(text).toMatch(/May 2024/);
    expect(text).toMatch(/Haringey/);
  });

  it('counts the cohort by BRAG colour from the cohort extract', async () => {
    const { text } = await ask('how many reds and ambers in haringey?', CENTRAL);
    const reds = EXPECTED_HARINGEY['brag,red'];
    const ambers = EXPECTED_HARINGEY['brag,amber'];
    expect(text).toContain(`Haringey cohort: ${reds} red, ${ambers} amber`);
  });
});
