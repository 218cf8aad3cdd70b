import { describe, expect, it } from 'vitest';
import { loadHeldOut, measureHeldOut, setDatabaseForSuite, report, summarise } from './heldout.js';

/**
 * The held-out phrasings, measured through the real assistant. They were written before the matcher
 * was tuned for them and are never tuned against: the corpus is for tuning, this is the estimate.
 */
describe('held-out phrasings (tests/conversation/heldout)', () => {
  const database = setDatabaseForSuite();

  it.each([
    ['current', 'Held-out, the commands of the time'],
    ['new-features', 'Held-out, the commands built after it was written'],
    ['second', 'Second held-out set, written after the tuning'],
    ['third', 'Third held-out set, written blind near the end'],
    ['fourth', 'Fourth held-out set, written blind at the end and run once'],
    ['fifth', 'Fifth held-out set, written blind in an earlier session'],
    ['sixth', 'Sixth held-out set, written blind at the start of the last session'],
  ] as const)('%s: the score is printed', async (file, title) => {
    const outcomes = await measureHeldOut(database(), loadHeldOut(file));
    console.log(report(title, outcomes));
    const s = summarise(outcomes);
    expect(s.total).toBeGreaterThanOrEqual(70);
  });
});
