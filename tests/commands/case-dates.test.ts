import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/db.js';
import { startBot, visibleText } from '../support/bot.js';
import { freshDatabase } from '../support/db.js';
import { crnsIn, loadFixture, PAT, SAM } from '../support/caseload.js';

interface CardAction {
  title: string;
  data?: { utterance?: string };
}

/** The Action.Submit buttons of a reply: title and what each sends back. */
function buttons(replies: { attachments?: { content?: { actions?: CardAction[] } }[] }[]) {
  const actions = replies[0]?.attachments?.[0]?.content?.actions ?? [];
  return actions.map((a) => ({ title: a.title, utterance: a.data?.utterance }));
}

describe('key dates for one case', () => {
  let database: Database;
  let bot: Awaited<ReturnType<typeof startBot>>;
  let afterRepeal: Awaited<ReturnType<typeof startBot>>;

  beforeAll(async () => {
    database = await freshDatabase();
    await loadFixture(database);
    bot = await startBot(database, { today: '2025-11-12' });
    afterRepeal = await startBot(database, { today: '2026-05-11' });
  });
  afterAll(async () => {
    await bot.close();
    await afterRepeal.close();
    await database.close();
  });

  it('explains the worked example licence (10 Jan 2025 to 9 Jan 2026) for a CRN', async () => {
    const text = visibleText(await bot.ask('two-thirds for X100001', { aadObjectId: SAM }));
    expect(crnsIn(text)).toEqual(['X100001']);
    expect(text).toContain('Key dates: Jordan Pike (X100001)');
    expect(text).toContain('Fri 10 Jan 2025'); // start
    expect(text).toContain('Fri 9 Jan 2026'); // end
    expect(text).toContain('two-thirds point is day 244: Wed 10 Sep 2025');
    expect(text).toContain('Thu 11 Sep 2025'); // final third from
    expect(text).toContain('= Mon 10 Nov 2025'); // follow-up, with the arithmetic
    expect(text).toMatch(/Exempt\nNo/);
  });

  it.each([
    ["when is Jordan Pike's two thirds", SAM, 'X100001'],
    ['dates for jordan pike', SAM, 'X100001'],
    ['dates for PIKE JORDAN', SAM, 'X100001'],
    ['dates for Stone', SAM, 'X100002'],
    // Pat sees only Alex Pike, so "Pike" is unique for Pat.
    ['dates for Pike', PAT, 'X100003'],
    ["Alex Pike's 2/3rds", PAT, 'X100003'],
    ['follow-up for x100003', PAT, 'X100003'],
  ])('finds the person in "%s"', async (question, aadObjectId, crn) => {
    const text = visibleText(await bot.ask(question, { aadObjectId }));
    expect(text).toContain('Key dates:');
    expect(crnsIn(text)).toEqual([crn]);
  });

  it('gives the exempt reasons', async () => {
    const text = visibleText(await bot.ask('dates for Kim Vale', { aadObjectId: SAM }));
    expect(text).toContain('MAPPA category 2 level 1');
    expect(text).toContain('normal contact continues in the final third');
    expect(text).not.toContain('Follow-up');
  });

  it('applies the whole-period rule to PSS before the repeal, and says it is repealed after', async () => {
    const before = visibleText(await bot.ask('dates for X100004', { aadObjectId: SAM }));
    expect(before).toContain('active supervision appointments stop for the whole PSS period');
    expect(before).not.toContain('Two-thirds');
    const after = visibleText(await afterRepeal.ask('dates for X100004', { aadObjectId: SAM }));
    expect(after).toContain('PSS ended on Mon 11 May 2026: the Sentencing Act 2026 repealed it');
    expect(after).toContain('PSS ended Mon 11 May 2026');
    expect(after).not.toContain('Two-thirds');
    expect(after).not.toContain('whole PSS period');
  });

  it('shows the practitioner of a team member’s case to an SPO', async () => {
    const text = visibleText(await bot.ask('dates for X100003', { aadObjectId: SAM }));
    expect(text).toContain('Practitioner: Pat Practitioner');
  });

  it("answers another team's CRN exactly as an unknown CRN", async () => {
    const other = await bot.ask('dates for Q777777', { aadObjectId: SAM });
    const unknown = await bot.ask('dates for Q777778', { aadObjectId: SAM });
    expect(visibleText(other)).toContain("I can't find Q777777 among the cases you can see.");
    expect(JSON.stringify(other[0]!.attachments).replaceAll('Q777777', 'CRN')).toBe(
      JSON.stringify(unknown[0]!.attachments).replaceAll('Q777778', 'CRN'),
    );
    expect(visibleText(other)).not.toMatch(/Jo |Quinn/);
  });

  it("answers a team member's CRN as unknown to a practitioner", async () => {
    const text = visibleText(await bot.ask('two-thirds for X100001', { aadObjectId: PAT }));
    expect(text).toContain("I can't find X100001 among the cases you can see.");
    expect(text).not.toContain('Jordan');
  });

  it('asks "did you mean" with buttons for an ambiguous name, from the asker\'s own cases only', async () => {
    const replies = await bot.ask('dates for Pike', { aadObjectId: SAM });
    expect(visibleText(replies)).toContain('More than one person');
    expect(buttons(replies)).toEqual([
      { title: 'Jordan Pike (X100001)', utterance: 'dates for X100001' },
      { title: 'Alex Pike (X100003)', utterance: 'dates for X100003' },
    ]);
  });

  it('answers for the one close spelling in scope, saying whom it took the name to mean', async () => {
    const replies = await bot.ask('dates for Jordon Pike', { aadObjectId: SAM });
    const text = visibleText(replies);
    expect(text).toContain('Showing Jordan Pike (X100001): the closest match to "Jordon Pike"');
    expect(text).toContain('Key dates: Jordan Pike (X100001)');
    expect(crnsIn(text)).toEqual(['X100001']);
  });

  it('still asks when a misspelling is close to more than one person', async () => {
    const replies = await bot.ask('dates for Jo Pikk', { aadObjectId: SAM });
    expect(buttons(replies).length).toBeGreaterThanOrEqual(1);
  });

  it("never finds a close spelling outside the asker's scope", async () => {
    const mine = visibleText(await bot.ask('dates for Jo Pyke', { aadObjectId: PAT }));
    expect(mine).not.toMatch(/Jo Pike|Q777777/);
  });

  it('answers a button press (the sent CRN) directly', async () => {
    const replies = await bot.ask('dates for X100003', {
      aadObjectId: SAM,
      value: { command: 'case-dates', utterance: 'dates for X100003' },
    });
    expect(crnsIn(visibleText(replies))).toEqual(['X100003']);
  });

  it('keeps names and CRNs out of a channel', async () => {
    for (const q of ['two-thirds for X100001', 'dates for Pike']) {
      const text = visibleText(
        await bot.ask(q, { aadObjectId: SAM, conversationType: 'channel', mentionBot: true }),
      );
      expect(crnsIn(text)).toEqual([]);
      expect(text).not.toMatch(/Pike|Jordan|Alex/);
      expect(text).toContain('1:1 chat');
    }
  });

  it('still lists two-thirds points for the week (no person named)', async () => {
    const text = visibleText(await bot.ask('who reaches two-thirds this week', { aadObjectId: SAM }));
    expect(text).toContain('Two-thirds points');
  });
});
