import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { measureHeldOut, setDatabaseForSuite, report, summarise, type HeldOutSet } from './heldout.js';

/**
 * Phrasings with the role of who sends them (tests/assistant/routing.json), through the real
 * assistant: the tuning set for what the role-free corpus cannot show (the central IOM team's
 * questions, a DIP officer's "anything expiring", a lead's corrections, small talk). Unlike the
 * held-out sets, this one is tuned against, so it must be fully right.
 */
describe('routing by role, through the assistant', () => {
  const database = setDatabaseForSuite();

  it('answers every phrasing as its sender meant it, none confidently wrong', async () => {
    const set = JSON.parse(readFileSync(new URL('./routing.json', import.meta.url), 'utf8')) as HeldOutSet;
    const outcomes = await measureHeldOut(database(), set);
    const s = summarise(outcomes);
    const misses = outcomes
      .filter((o) => o.verdict !== 'right')
      .map((o) => `${o.c.id} "${o.c.text}": ${o.verdict} ${o.why}`);
    console.log(report('Routing set', outcomes));
    expect(misses).toEqual([]);
    expect(s.total).toBeGreaterThanOrEqual(80);
  });
});
