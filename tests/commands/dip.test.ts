import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/db.js';
import {
  breachByReference,
  openBreachesExpiring,
  overdueOpenBreaches,
} from '../../src/store/dip.repository.js';
import { startBot, visibleText } from '../support/bot.js';
import { freshDatabase } from '../support/db.js';
import { crnsIn, DANA, loadFixture, referencesIn, SAM } from '../support/caseload.js';

describe('DIP statutory time limits (today Fri 20 Feb 2026)', () => {
  let database: Database;
  let bot: Awaited<ReturnType<typeof startBot>>;

  beforeAll(async () => {
    database = await freshDatabase();
    await loadFixture(database);
    bot = await startBot(database, { today: '2026-02-20' });
  });
  afterAll(async () => {
    await bot.close();
    await database.close();
  });

  /** The references listed before the "already passed" line, in order. */
  function listed(text: string): string[] {
    return referencesIn(text.split('already passed')[0] ?? '');
  }

  it.each([
    ['which DIP STLs expire in the next 14 days', ['DIP-0007', 'DIP-0002', 'DIP-23-0417', 'DIP-0004']],
    ['expiring STLs', ['DIP-0007', 'DIP-0002', 'DIP-23-0417', 'DIP-0004']],
    ['stls running out', ['DIP-0007', 'DIP-0002', 'DIP-23-0417', 'DIP-0004']],
    [
      'dip stls expiring in the next 21 days',
      ['DIP-0007', 'DIP-0002', 'DIP-23-0417', 'DIP-0004', 'DIP-0005'],
    ],
    ['STLs expiring in the next 5 days', ['DIP-0007', 'DIP-0002']],
  ])('"%s" lists open breaches soonest first', async (question, expected) => {
    const text = visibleText(await bot.ask(question, { aadObjectId: DANA }));
    expect(listed(text)).toEqual(expected);
    expect(text).not.toContain('DIP-0003'); // charged: dealt with
  });

  it('gives days left, escalation, the offence and the officer', async () => {
    const text = visibleText(await bot.ask('expiring STLs', { aadObjectId: DANA }));
    expect(text).toContain(
      '4 open breaches reach the last day to charge in the next 14 days: 2 within 7 days (2 within 2 days).',
    );
    expect(text).toContain('Last day to charge: Fri 20 Feb 2026 (today is the last day)');
    expect(text).toContain('Last day to charge: Sat 21 Feb 2026 (1 day left)');
    expect(text).toContain('Last day to charge: Sat 28 Feb 2026 (8 days left)');
    expect(text).toContain('Last day to charge: Mon 2 Mar 2026 (10 days left)');
    expect(text.match(/URGENT: 2 days or less/g)).toHaveLength(2);
    expect(text).toContain('Circulated as wanted for failing to attend');
    expect(text).toContain('s.12(3) Drugs Act 2005');
    expect(text).toContain('s.14(3) Drugs Act 2005');
    expect(text).toContain('Officer: Dana Dip');
    expect(text).toContain('Officer: none recorded');
    expect(text).toContain(
      '1 already passed the last day to charge with no outcome recorded: DIP-0006 (Tue 10 Feb 2026)',
    );
  });

  it('gives the STL for a reference: 31 Aug 2025 → Sat 28 Feb 2026', async () => {
    const text = visibleText(await bot.ask('STL for DIP-23-0417', { aadObjectId: DANA }));
    expect(text).toContain('Last day to charge: Sat 28 Feb 2026');
    expect(text).toContain('Expiring: 8 days left');
    expect(text).toContain('s.12(3)');
    expect(crnsIn(text)).toEqual(['X100001']);
  });

  it.each([
    ['stl for dip 0003', 'Dealt with: Arrested and charged.'],
    ['STL DIP-0006', 'The time limit has passed (passed 10 days ago) with no outcome recorded.'],
    ['last day to charge DIP-0005', 'Open: 18 days left to charge.'],
    ['STL for DIP-0002', 'Expiring: 1 day left'],
  ])('"%s": %s', async (question, expected) => {
    const text = visibleText(await bot.ask(question, { aadObjectId: DANA }));
    expect(text).toContain(expected);
  });

  it('says so for an unknown reference', async () => {
    const text = visibleText(await bot.ask('STL for DIP-99-9999', { aadObjectId: DANA }));
    expect(text).toContain("I can't find a DIP breach with the reference DIP-99-9999.");
  });

  it('is for DIP officers only', async () => {
    for (const q of ['expiring STLs', 'STL for DIP-23-0417']) {
      const text = visibleText(await bot.ask(q, { aadObjectId: SAM }));
      expect(text).toContain("isn't available for your role");
      expect(text).not.toContain('Sat 28 Feb 2026');
    }
  });

  it('gives a channel only the counts', async () => {
    const text = visibleText(
      await bot.ask('expiring STLs', { aadObjectId: DANA, conversationType: 'channel', mentionBot: true }),
    );
    expect(text).toContain('4 open breaches');
    expect(text).toContain('1 already passed without an outcome');
    expect(referencesIn(text)).toEqual([]);
    expect(crnsIn(text)).toEqual([]);
    expect(text).not.toMatch(/Pike|Eve|Pip/);
  });

  it('exposes the queries the digest reuses', async () => {
    expect(
      (await openBreachesExpiring(database, '2026-02-20', '2026-03-06')).map((r) => r.reference),
    ).toEqual(['DIP-0007', 'DIP-0002', 'DIP-23-0417', 'DIP-0004']);
    expect((await overdueOpenBreaches(database, '2026-02-20')).map((r) => r.reference)).toEqual(['DIP-0006']);
    expect((await breachByReference(database, 'dip 23 0417'))?.lastDayToCharge).toBe('2026-02-28');
    expect(await breachByReference(database, 'DIP-00-0000')).toBeNull();
  });
});
