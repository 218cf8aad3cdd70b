import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { conversationRefs, staff } from '../../src/store/schema.js';
import type { Database } from '../../src/store/db.js';
import { freshDatabase } from '../support/db.js';
import { startBot, visibleText } from '../support/bot.js';
import { messageActivity } from '../support/activities.js';

const ALEX = '00000000-0000-0000-0000-0000000000020';

describe('bot endpoint', () => {
  let database: Database;
  let bot: Awaited<ReturnType<typeof startBot>>;

  beforeAll(async () => {
    database = await freshDatabase();
    await database.db.insert(staff).values({
      email: 'alex.wilber@probation.example',
      name: 'Alex Wilber',
      roles: ['spo', 'practitioner'],
      teamCode: 'N07T01',
      aadObjectId: ALEX,
    });
    bot = await startBot(database, { today: '2025-09-08' });
  });
  afterAll(async () => {
    await bot.close();
    await database.close();
  });

  it('answers /healthz with the database status', async () => {
    const res = await fetch(`${bot.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok', disk: 'ok' });
  });

  it('replies to help with what the assistant can do, in the HTTP body (expectReplies)', async () => {
    const replies = await bot.ask('help');
    expect(replies).toHaveLength(1);
    const card = replies[0]!.attachments?.[0];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card?.content?.version).toBe('1.5');
    expect(visibleText(replies)).toContain('What I can help with');
  });

  it('stores the conversation reference of every inbound activity', async () => {
    await bot.ask('help');
    const rows = await database.db
      .select()
      .from(conversationRefs)
      .where(eq(conversationRefs.aadObjectId, ALEX));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.conversationType).toBe('personal');
    expect((rows[0]!.reference as { conversation: { id: string } }).conversation.id).toBe(
      `a:conv-personal-${ALEX}`,
    );
  });

  it('refuses an unknown user politely and shows no data', async () => {
    const replies = await bot.ask('who reaches two-thirds this week', {
      aadObjectId: '11111111-2222-3333-4444-555555555555',
    });
    const text = visibleText(replies);
    expect(text).toMatch(/can't find you in the staff list/);
    expect(replies[0]!.attachments ?? []).toHaveLength(0);
  });

  it.each([
    ['no body', 'not json'],
    ['missing from', { ...messageActivity('help'), from: undefined }],
    ['missing conversation', { ...messageActivity('help'), conversation: undefined }],
    ['wrong type for from', { ...messageActivity('help'), from: 'someone' }],
    ['no type', { text: 'help' }],
  ])('refuses a malformed activity (%s) with 400', async (_name, body) => {
    const res = await fetch(`${bot.base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    expect(res.status).toBe(400);
  });

  it('refuses an oversized body with 413', async () => {
    const res = await fetch(`${bot.base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(messageActivity('x'.repeat(300_000))),
    });
    expect(res.status).toBe(413);
  });
});
