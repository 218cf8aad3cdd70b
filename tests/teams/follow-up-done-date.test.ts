import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/db.js';
import { auditLog, caseAcknowledgements } from '../../src/store/schema.js';
import { startBot, visibleText } from '../support/bot.js';
import { freshDatabase } from '../support/db.js';
import { AAD, loadEveryone } from '../support/everyone.js';

/**
 * "Done on 30/11", "done yesterday": the day a follow-up took place is recorded with it, shown
 * back, and audited; a day still to come is refused by name and stores nothing; a misspelt name is
 * confirmed before anything is written. Today is Monday
 * 10 Nov 2025; X100003 (Alex Pike) is Pat's, its follow-up due Fri 14 Nov.
 */
describe('a follow-up marked done on the day it took place (Mon 10 Nov 2025)', () => {
  let database: Database;
  let bot: Awaited<ReturnType<typeof startBot>>;
  const acks = () => database.db.select().from(caseAcknowledgements);

  beforeAll(async () => {
    database = await freshDatabase();
    await loadEveryone(database);
    bot = await startBot(database, { today: '2025-11-10' });
  });
  afterAll(async () => {
    await bot.close();
    await database.close();
  });

  it('"done yesterday" records Sunday, says so, and audits the day', async () => {
    const reply = visibleText(await bot.ask('X100003 follow-up done yesterday', { aadObjectId: AAD.pat }));
    expect(reply).toContain('Follow-up for Alex Pike (X100003): done on Sun 9 Nov 2025');
    const rows = await acks();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'done', heldOn: '2025-11-09', bookedFor: null });
    const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.intent, 'follow-up-ack'));
    expect(JSON.stringify(audit?.after)).toContain('"heldOn":"2025-11-09"');
  });

  it('a weekday said without a date is the one just gone; the same statement again records nothing', async () => {
    const reply = visibleText(
      await bot.ask('follow up done for X100003 on friday', { aadObjectId: AAD.pat }),
    );
    expect(reply).toContain('done on Fri 7 Nov 2025');
    const again = visibleText(
      await bot.ask('follow up done for X100003 on friday', { aadObjectId: AAD.pat }),
    );
    expect(again).toContain('already recorded');
    expect(await acks()).toHaveLength(2);
  });

  it('a close spelling of the name is confirmed with a button before anything is recorded', async () => {
    const reply = visibleText(
      await bot.ask('follow-up done yesterday for alex pyke', { aadObjectId: AAD.pat }),
    );
    expect(reply).toContain('is not an exact match');
    expect(reply).toContain('Alex Pike (X100003)');
    expect(reply).not.toContain('Recorded');
    expect(await acks()).toHaveLength(2);
  });

  it('a day still to come is refused, naming whose follow-up, and nothing is stored', async () => {
    const reply = visibleText(await bot.ask('X100003 follow-up done on 20/11', { aadObjectId: AAD.pat }));
    expect(reply).toContain('Alex Pike (X100003) – Thu 20 Nov 2025 is still to come');
    expect(await acks()).toHaveLength(2);
  });
});
