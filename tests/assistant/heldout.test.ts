import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/db.js';
import { saveIomReturn } from '../../src/store/iom.repository.js';
import { loadEveryone } from '../support/everyone.js';
import { freshDatabase } from '../support/db.js';
import { loadHeldOut, measureHeldOut, report, summarise } from './heldout.js';
import { importCsv } from '../../src/import/importer.js';
import { COHORT_CSV } from '../support/iom.js';

/**
 * The held-out phrasings, measured through the real assistant. They were written before the matcher
 * was tuned for them and are never tuned against: the corpus is for tuning, this is the estimate.
 */
describe('held-out phrasings (tests/conversation/heldout)', () => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase();
    await loadEveryone(database);
    // The sets' writers were told of three IOM boroughs: Islington has a small cohort too.
    const islington = [
      'I000001,24/200001A,FirstnameI,SurnameI,Islington,fixed,red,Male,White,yes,no,Finsbury Park,no,',
      'I000002,24/200002B,FirstnameJ,SurnameJ,Islington,flex,green,Female,Black,no,no,Highbury,no,',
    ];
    expect(await importCsv(database, 'iom-cohort', COHORT_CSV + islington.join('\n') + '\n')).toMatchObject({
      ok: true,
    });
    // Haringey has sent October and November 2026, so corrections have something to amend.
    for (const [month, arrests] of [
      ['2026-10-01', 5],
      ['2026-11-01', 6],
    ] as const) {
      await saveIomReturn(database, {
        borough: 'Haringey',
        month,
        arrests,
        homeVisits: 30,
        prisonVisits: 4,
        panelReferrals: 2,
        judicialOrders: 1,
        goodNews: null,
        submittedBy: 'lee.lead@probation.example',
      });
    }
  }, 120_000);
  afterAll(async () => database?.close());

  it.each([
    ['current', 'Held-out, the commands of the time'],
    ['new-features', 'Held-out, the commands built after it was written'],
    ['second', 'Second held-out set, written after the tuning'],
  ] as const)('%s: the score is printed', async (file, title) => {
    const outcomes = await measureHeldOut(database, loadHeldOut(file));
    console.log(report(title, outcomes));
    const s = summarise(outcomes);
    expect(s.total).toBeGreaterThanOrEqual(70);
  });
});
