import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ECSL_SETTINGS } from '../../src/domain/ecsl.js';
import { ecslCandidates } from '../../src/store/custody.repository.js';
import type { Database } from '../../src/store/db.js';
import { startBot, visibleText } from '../support/bot.js';
import { freshDatabase } from '../support/db.js';
import { crnsIn, DANA, loadFixture, PAT, SAM } from '../support/caseload.js';

const CHECKLIST = 'Practitioner checklist';

describe('ECSL eligibility (decision date Mon 1 Jul 2024, 70-day window)', () => {
  let database: Database;
  let bot: Awaited<ReturnType<typeof startBot>>;
  let noScheme: Awaited<ReturnType<typeof startBot>>;

  beforeAll(async () => {
    database = await freshDatabase();
    await loadFixture(database);
    bot = await startBot(database, { today: '2024-07-01' });
    noScheme = await startBot(database, { today: '2026-11-22' });
  });
  afterAll(async () => {
    await bot.close();
    await noScheme.close();
    await database.close();
  });

  it('eligible: the earliest release date (after 14 days in custody) and release within 2 days', async () => {
    const text = visibleText(await bot.ask('ECSL eligibility for Morgan Reed', { aadObjectId: SAM }));
    expect(crnsIn(text)).toEqual(['C200001']);
    expect(text).toContain('Eligible for ECSL: earliest release Tue 9 Jul 2024');
    expect(text).toContain('The 70-day window is open (since Thu 6 Jun 2024)');
    expect(text).toContain('release is expected within 2 days (by Thu 11 Jul 2024)');
    expect(text).toContain(CHECKLIST);
    expect(text).toContain('Notify the Victim Liaison Officer');
  });

  it('eligible with the window open today', async () => {
    const text = visibleText(await bot.ask('is C200006 eligible for ECSL', { aadObjectId: PAT }));
    expect(text).toContain('Eligible for ECSL: earliest release Mon 1 Jul 2024');
    expect(text).toContain('The window is open now');
  });

  it('not eligible: every reason, and no checklist', async () => {
    const text = visibleText(await bot.ask('is C200002 eligible for ECSL', { aadObjectId: SAM }));
    expect(text).toContain('Not eligible for ECSL (3 reasons)');
    expect(text).toContain('Sexual offence');
    expect(text).toContain('Violent offence with a sentence of 4 years or more (sentence: 5 years)');
    expect(text).toContain('SDS+ (two-thirds release)');
    expect(text).not.toContain(CHECKLIST);
  });

  it('not yet: the date the window opens', async () => {
    const text = visibleText(await bot.ask('ecsl brook', { aadObjectId: SAM }));
    expect(crnsIn(text)).toEqual(['C200003']);
    expect(text).toContain('Not yet: the ECSL window opens on Sun 7 Jul 2024');
    expect(text).toContain(CHECKLIST);
  });

  it('refer to the exemption panel: why', async () => {
    const text = visibleText(await bot.ask('ECSL eligibility for jamie fox', { aadObjectId: PAT }));
    expect(text).toContain('Refer to the ECSL exemption panel');
    expect(text).toContain('Charged, or likely to be charged, with a further offence while not remanded');
    expect(text).toContain(CHECKLIST);
  });

  it("answers another team's person exactly as an unknown CRN", async () => {
    const other = await bot.ask('ECSL eligibility for Q888888', { aadObjectId: SAM });
    const unknown = await bot.ask('ECSL eligibility for Q888889', { aadObjectId: SAM });
    expect(visibleText(other)).toContain("I can't find Q888888 among the people in custody you can see.");
    expect(JSON.stringify(other[0]!.attachments).replaceAll('Q888888', 'CRN')).toBe(
      JSON.stringify(unknown[0]!.attachments).replaceAll('Q888889', 'CRN'),
    );
    const byName = visibleText(await bot.ask('ecsl for Avery Quinnell', { aadObjectId: SAM }));
    expect(byName).toContain(`I can't find "Avery Quinnell"`);
    expect(byName).not.toContain('Q888888');
  });

  it('when no scheme is in force (Sun 22 Nov 2026) says so plainly and calls no one eligible', async () => {
    for (const q of ['ECSL eligibility for C200006', 'ECSL eligibility for Morgan Reed']) {
      const text = visibleText(await noScheme.ask(q, { aadObjectId: SAM }));
      expect(text).toMatch(/No ECSL scheme is in force/);
      expect(text).not.toMatch(/(?<!not )eligible/i);
      expect(text).not.toContain(CHECKLIST);
    }
    const list = visibleText(await noScheme.ask('ecsl list for my team', { aadObjectId: SAM }));
    expect(list).toMatch(/No ECSL scheme is in force/);
    expect(list).not.toMatch(/eligible/i);
    expect(crnsIn(list)).toEqual([]);
  });

  it('answers a dated question about a time a scheme was in force, from a day when none is', async () => {
    const then = visibleText(
      await noScheme.ask('would C200006 have been eligible for ECSL on 1/7/2024', { aadObjectId: PAT }),
    );
    expect(then).toContain('Eligible for ECSL: earliest release Mon 1 Jul 2024');
    expect(then).toContain('Decision date\nMon 1 Jul 2024');
    const now = visibleText(await noScheme.ask('is C200006 eligible for ECSL', { aadObjectId: PAT }));
    expect(now).toMatch(/No ECSL scheme is in force/);
  });

  it('lists my ECSL cases grouped by verdict', async () => {
    const text = visibleText(await bot.ask('my ECSL list', { aadObjectId: SAM }));
    expect(text).toContain(
      '1 eligible with the window open, 0 with the window opening within 28 days, 0 to refer',
    );
    expect(crnsIn(text)).toEqual(['C200001', 'C200002']);
  });

  it("lists the team's ECSL cases: eligible, opening soon, refer, not eligible", async () => {
    const text = visibleText(await bot.ask('ecsl list for my team', { aadObjectId: SAM }));
    expect(text).toContain(
      '2 eligible with the window open, 1 with the window opening within 28 days, 1 to refer',
    );
    expect(text).toContain('1 not eligible (5 people in custody)');
    expect(crnsIn(text)).toEqual(['C200006', 'C200001', 'C200003', 'C200004', 'C200002']);
  });

  it('keeps names and CRNs out of a channel', async () => {
    const text = visibleText(
      await bot.ask('ecsl list for my team', {
        aadObjectId: SAM,
        conversationType: 'channel',
        mentionBot: true,
      }),
    );
    expect(text).toContain('2 eligible with the window open');
    expect(crnsIn(text)).toEqual([]);
    expect(text).not.toMatch(/Reed|Hart|Brook|Fox|Stone/);
  });

  it('is not for DIP officers', async () => {
    const text = visibleText(await bot.ask('my ECSL list', { aadObjectId: DANA }));
    expect(text).toContain("isn't available for your role");
  });

  it('gives the digest its candidates: eligible, or the window opening within N days', async () => {
    const team = ['sam.spo@probation.example', 'pat.po@probation.example'];
    const within14 = await ecslCandidates(database, team, '2024-07-01', 14, DEFAULT_ECSL_SETTINGS);
    expect(within14.map((c) => [c.row.crn, c.verdict.kind])).toEqual([
      ['C200006', 'eligible'],
      ['C200001', 'eligible'],
      ['C200003', 'not_yet'],
    ]);
    const within3 = await ecslCandidates(database, team, '2024-07-01', 3, DEFAULT_ECSL_SETTINGS);
    expect(within3.map((c) => c.row.crn)).toEqual(['C200006', 'C200001']);
    expect(await ecslCandidates(database, team, '2026-11-22', 14, DEFAULT_ECSL_SETTINGS)).toEqual([]);
  });
});
