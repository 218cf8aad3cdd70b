import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { staff } from '../../src/store/schema.js';
import type { Database } from '../../src/store/db.js';
import { freshDatabase } from '../support/db.js';
import { startBot, visibleText } from '../support/bot.js';

const ADMIN = '00000000-0000-0000-0000-0000000000099';

/** A Teams command-menu click sends the command's title: it must lead to that command. */
describe('command menu clicks', () => {
  let database: Database;
  let bot: Awaited<ReturnType<typeof startBot>>;

  beforeAll(async () => {
    database = await freshDatabase();
    await database.db.insert(staff).values({
      email: 'all.roles@probation.example',
      name: 'All Roles',
      roles: ['practitioner', 'spo', 'head_of_pdu', 'iom_lead', 'iom_central', 'dip_officer', 'admin'],
      teamCode: 'N07T01',
      pdu: 'Enfield and Haringey',
      borough: 'Haringey',
      aadObjectId: ADMIN,
    });
    bot = await startBot(database, { today: '2025-09-08' });
  });
  afterAll(async () => {
    await bot.close();
    await database.close();
  });

  it.each(commands.map((c) => [c.name, c.title] as const))(
    '%s: its title answers for that command',
    async (name, title) => {
      const replies = await bot.ask(title, { aadObjectId: ADMIN });
      const text = visibleText(replies);
      expect(text).not.toMatch(/didn't understand|Did you mean/);
      const [row] = await database.rows<{ intent: string }>(
        sql`select intent from audit_log order by id desc limit 1`,
      );
      expect([name, 'examples']).toContain(row?.intent);
      if (row?.intent === 'examples') expect(text).toContain(title);
    },
  );
});
