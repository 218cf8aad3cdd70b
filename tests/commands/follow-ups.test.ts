import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/db.js';
import { startBot, visibleText } from '../support/bot.js';
import { freshDatabase } from '../support/db.js';
import { crnsIn, loadFixture, PAT, QUINN, SAM } from '../support/caseload.js';

describe('final-third follow-ups (week of Mon 10 Nov 2025)', () => {
  let database: Database;
  let bot: Awaited<ReturnType<typeof startBot>>;

  beforeAll(async () => {
    database = await freshDatabase();
    await loadFixture(database);
    bot = await startBot(database, { today: '2025-11-12' });
  });
  afterAll(async () => {
    await bot.close();
    await database.close();
  });

  it.each([
    [
      'an SPO who holds cases: own caseload',
      SAM,
      'which final third follow-ups are due this week',
      ['X100001'],
    ],
    [
      'an SPO: "my team"',
      SAM,
      'which final third follow-ups are due this week for my team',
      ['X100001', 'X100003'],
    ],
    [
      'a practitioner asking for the team gets own cases',
      PAT,
      'final third follow ups due this week for my team',
      ['X100003'],
    ],
    ['a practitioner in another team', QUINN, 'follow-ups this week', ['Q777777']],
    ['next week', SAM, 'follow-ups due next week', ['X100002']],
  ])('%s', async (_name, aadObjectId, question, expected) => {
    const replies = await bot.ask(question, { aadObjectId });
    const text = visibleText(replies);
    expect(crnsIn(text)).toEqual(expected);
    expect(replies[0]!.attachments?.[0]?.content?.version).toBe('1.5');
  });

  it('gives the follow-up date, and leaves out exempt licences', async () => {
    const text = visibleText(
      await bot.ask('which final third follow-ups are due this week for my team', { aadObjectId: SAM }),
    );
    expect(text).toContain('Follow-up: Mon 10 Nov 2025');
    expect(text).toContain('Follow-up: Fri 14 Nov 2025');
    expect(text).toContain('Practitioner: Pat Practitioner');
    expect(text).toContain('2 final-third follow-ups are due this week');
    expect(text).not.toContain('X100005');
  });

  it('says so when nothing is due', async () => {
    const text = visibleText(await bot.ask('follow-ups due in March', { aadObjectId: PAT }));
    expect(text).toMatch(/No final-third follow-ups are due in March 2026/);
    expect(crnsIn(text)).toEqual([]);
  });

  it('gives a channel only the counts', async () => {
    const replies = await bot.ask('which final third follow-ups are due this week for my team', {
      aadObjectId: SAM,
      conversationType: 'channel',
      mentionBot: true,
    });
    const text = visibleText(replies);
    expect(text).toContain('2 final-third follow-ups are due this week');
    expect(crnsIn(text)).toEqual([]);
    expect(text).not.toMatch(/Pike|Jordan|Alex/);
  });
});
