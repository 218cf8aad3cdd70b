import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { londonInstant } from '../../src/domain/dates.js';
import type { Database } from '../../src/store/db.js';
import { startBot, visibleText } from '../support/bot.js';
import { crnsIn } from '../support/caseload.js';
import { freshDatabase } from '../support/db.js';
import { ADA, loadReleases, PAT, QUINN, SAM, TODAY } from '../support/releases.js';

describe('the law as it stands on Wed 2 Dec 2026', () => {
  let database: Database;
  let bot: Awaited<ReturnType<typeof startBot>>;

  beforeAll(async () => {
    database = await freshDatabase();
    await loadReleases(database, londonInstant(TODAY, '02:10'));
    bot = await startBot(database, { today: TODAY });
  });
  afterAll(async () => {
    await bot.close();
    await database.close();
  });

  const ask = async (q: string, aadObjectId = SAM, conversationType?: 'channel') =>
    visibleText(await bot.ask(q, { aadObjectId, ...(conversationType ? { conversationType } : {}) }));

  describe('releases due', () => {
    it('"releases in the next 4 weeks" lists exactly the custody cases whose CRD falls in that window', async () => {
      const text = await ask('who is released in the next 4 weeks', PAT);
      expect(crnsIn(text)).toEqual(['R300005']);
      expect(text).toContain(
        'Releases in the next 28 days (Wed 2 Dec 2026 to Wed 30 Dec 2026): your caseload',
      );
      expect(text).toContain('CRD Wed 30 Dec 2026 (in 28 days)');
      expect(text).not.toContain('R300006'); // 31 Dec: one day outside
    });

    it('for the team: every team member, nobody from another team, in CRD order', async () => {
      const text = await ask("my team's releases in the next 4 weeks", SAM);
      expect(crnsIn(text)).toEqual(['R300001', 'R300003', 'R300002', 'R300005']);
      expect(text).toContain('4 people in your team (N07T01) have a conditional release date');
      expect(text).toContain('Practitioner: Pat Practitioner');
      expect(text).toContain("The CRD is the prison's calculation");
      // Each names the release scheme that applies, never "50% release".
      expect(text).toContain('Extended Determinate Sentence (EDS): release as the prison calculates it');
      expect(text).toContain('serving a recall');
      expect(text).not.toContain('50%');
    });

    it('defaults to the next 4 weeks, and takes any period', async () => {
      expect(crnsIn(await ask('releases due', PAT))).toEqual(['R300005']);
      expect(crnsIn(await ask('who is released this week', SAM))).toEqual(['R300009']); // Mon 30 Nov
      expect(crnsIn(await ask('who gets out next week', SAM))).toEqual(['R300001']);
      expect(crnsIn(await ask('releases in January', SAM))).toEqual(['R300007']);
    });

    it('who on my caseload is released on the next tranche day', async () => {
      const text = await ask('who on my caseload is released on the next tranche day', SAM);
      expect(text).toContain('Tranche 4 day, Tue 8 Dec 2026: your caseload');
      expect(text).toContain(
        '2 people in your caseload are in tranche 4 (sentences of more than 1,162 and at most 1,561 days): ' +
          '1 with a CRD on the tranche day, 1 with a later CRD.',
      );
      expect(crnsIn(text)).toEqual(['R300001', 'R300007']);
      expect(text).toContain('Released on the tranche day, Tue 8 Dec 2026 (1)');
    });

    it('in a channel: counts only', async () => {
      const text = await ask('releases in the next 4 weeks for my team', SAM, 'channel');
      expect(crnsIn(text)).toEqual([]);
      expect(text).toContain(
        '4 people in your team (N07T01) have a conditional release date in the next 28 days.',
      );
      expect(text).not.toMatch(/Rowan|Ellis|Noor|Lou/);
    });

    it('an SPO cannot see another team', async () => {
      expect(await ask('releases this month for team N07T02', SAM)).toContain(
        'I can only show teams you manage',
      );
      expect(crnsIn(await ask('releases in the next 4 weeks', QUINN))).toEqual(['R300008']);
    });
  });

  describe('which tranche', () => {
    it('places a 1,500-day SDS in tranche 4 (8 Dec 2026)', async () => {
      const text = await ask('which tranche is R300001 in');
      expect(text).toContain('Progression model: Rowan Ash (R300001)');
      expect(text).toContain('Tranche 4: starts on Tue 8 Dec 2026');
      expect(text).toContain('1,500 days, counting both ends');
      expect(text).toContain('CRD (from the extract)');
      expect(text).toContain("is the prison's calculation: I never work out a release date");
    });

    it.each([
      ['an EDS', 'R300002', 'Extended Determinate Sentence (EDS): outside the progression model'],
      ['a recall', 'R300003', 'Serving a recall: recalls are outside the progression model'],
      [
        'a sentence flagged progression_excluded',
        'R300004',
        'An offence excluded from the progression model',
      ],
      ['a child sentence under s.250', 'R300010', 'A child sentence under s.250'],
    ])('says %s is out of scope', async (_label, crn, reason) => {
      const text = await ask(
        `which tranche is ${crn} in`,
        crn === 'R300004' || crn === 'R300010' ? PAT : SAM,
      );
      expect(text).toContain('Outside the progression model');
      expect(text).toContain(reason);
      expect(text).not.toMatch(/Tranche \d+:/);
    });

    it('finds the person by name, and gives the tranche days without one', async () => {
      expect(await ask('tranche for Ira Gale')).toContain('Tranche 4: starts on Tue 8 Dec 2026');
      const table = await ask('when is the next tranche day');
      expect(table).toContain('The next tranche day is Tue 8 Dec 2026 (tranche 4).');
      expect(table).toContain('Tranche 3');
      expect(table).toContain('Tue 10 Nov 2026 (started): sentences of more than 882 and at most 1,162 days');
      expect(table).not.toContain('extract of');
    });

    it("answers another team's person as an unknown CRN: nothing about them", async () => {
      const text = await ask('which tranche is R300008 in', SAM);
      expect(text).toContain("I can't find R300008 among the people in custody you can see.");
      expect(text).not.toMatch(/Ola|Hale|Thameside|[Tt]ranche \d/);
    });
  });

  describe('PSS and orders', () => {
    it('a PSS case says PSS ended on 11 May 2026, with no two-thirds point', async () => {
      const text = await ask('dates for X400001');
      expect(text).toContain('PSS ended on Mon 11 May 2026');
      expect(text).toContain('there is no two-thirds point and there are no reminders');
      expect(text).not.toContain('Two-thirds');
    });

    it('the PSS case is in no list, though its two-thirds day would be this week', async () => {
      const list = await ask('who reaches two-thirds this week');
      expect(crnsIn(list)).toEqual(['X400002']);
      expect(crnsIn(await ask('follow-ups in the next 6 months'))).not.toContain('X400001');
    });

    it('a community order may end early on completion, and the end date is the extract’s', async () => {
      const text = await ask('dates for Robin Marsh', PAT);
      expect(text).toContain(
        'Since Mon 11 May 2026 the order may end earlier, on completion (Sentencing Act 2026 ss.38–39): ' +
          'the end date used here, Mon 31 May 2027, is the one in the extract.',
      );
    });
  });

  describe('how old the data is', () => {
    it('every case answer carries the extract it was built on', async () => {
      expect(await ask('who is released in the next 4 weeks', PAT)).toContain(
        'Custody list from the extract of 2 Dec 2026, 02:10.',
      );
      expect(await ask('dates for X400001')).toContain('Caseload from the extract of 2 Dec 2026, 02:10.');
      expect(await ask('who reaches two-thirds this week')).toContain(
        'Caseload from the extract of 2 Dec 2026',
      );
      expect(await ask('ecsl list')).toContain('Custody list from the extract of 2 Dec 2026');
    });

    it('is not claimed for answers that show no data', async () => {
      expect(await ask('help')).not.toContain('extract of');
      expect(await ask('releases this month for team N07T02', SAM)).not.toContain('extract of');
    });
  });

  it('the tranche table is a setting (PROGRESSION_TRANCHES), as the ECSL timeline is', async () => {
    const tranches = [
      { tranche: 1, from: '2026-11-01', maxDays: 1000 },
      { tranche: 2, from: '2027-02-01', maxDays: null },
    ];
    const other = await startBot(database, {
      today: TODAY,
      env: { PROGRESSION_TRANCHES: JSON.stringify(tranches) },
    });
    try {
      const text = visibleText(await other.ask('which tranche is R300001 in', { aadObjectId: SAM }));
      expect(text).toContain('Tranche 2: starts on Mon 1 Feb 2027');
      expect(text).toContain('sentences of more than 1,000 days');
    } finally {
      await other.close();
    }
  });

  it('the full data status is for admins; anyone else who asks sees how fresh the extracts are, no more', async () => {
    const admin = await ask('data status', ADA);
    expect(admin).toContain('Data status at 2 Dec 2026, 09:00');
    expect(admin).toContain('Unreachable recipients');
    const spo = await ask('is the data up to date?', SAM);
    expect(spo).toContain('How fresh the data is at 2 Dec 2026, 09:00');
    expect(spo).toMatch(/caseload \(cases\)\s+up to date: extract of 2 Dec 2026, 02:10/);
    expect(spo).not.toContain('Unreachable recipients');
    expect(spo).not.toContain('Refused imports');
    expect(spo).not.toContain('Data status at');
  });
});
