import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createAssistant } from '../../src/assistant/assistant.js';

import { fixedClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { settingsFromConfig } from '../../src/settings.js';
import { MAX_BODY_BYTES } from '../../src/http.js';
import type { Database } from '../../src/store/db.js';
import { staff } from '../../src/store/schema.js';
import { messageActivity } from '../support/activities.js';
import { startBot, visibleText } from '../support/bot.js';
import { freshDatabase } from '../support/db.js';
import { anyText, fuzzReport, NASTY, withNoise } from '../support/fuzz.js';
import { MAX_MESSAGE_LENGTH } from '../../src/assistant/normalise.js';

/**
 * /api/messages under bad input: malformed and fuzzed activities get a 4xx, never a 5xx or a
 * dropped connection, and the server keeps answering. Oversized bodies and messages are refused
 * with the limit named.
 */

const ALEX = '00000000-0000-0000-0000-0000000000020';
const ROBIN = '00000000-0000-0000-0000-0000000000021';
let database: Database;
let bot: Awaited<ReturnType<typeof startBot>>;
// A stand-in Bot Connector that accepts every reply, for activities that do not ask for expectReplies.
let connector: Server;
let connectorUrl: string;
let connectorPosts = 0;

beforeAll(async () => {
  connector = createServer((req, res) => {
    req.resume();
    connectorPosts += 1;
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ id: `reply-${connectorPosts}` }));
  });
  await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
  connectorUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`;
  database = await freshDatabase();
  await database.db.insert(staff).values({
    email: 'alex.wilber@probation.example',
    name: 'Alex Wilber',
    roles: ['spo', 'practitioner'],
    teamCode: 'N07T01',
    aadObjectId: ALEX,
  });
  // Every role but admin (admin commands run jobs), so every other command's code is reachable.
  await database.db.insert(staff).values({
    email: 'robin.many@probation.example',
    name: 'Robin Many',
    roles: ['practitioner', 'spo', 'head_of_pdu', 'iom_lead', 'iom_central', 'dip_officer'],
    teamCode: 'N07T01',
    pdu: 'Camden and Islington',
    borough: 'Haringey',
    aadObjectId: ROBIN,
  });
  bot = await startBot(database, { today: '2025-09-08' });
}, 120_000);
afterAll(async () => {
  await bot?.close();
  await database?.close();
  await new Promise<void>((resolve) => (connector ? connector.close(() => resolve()) : resolve()));
});

async function postRaw(body: string | Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(`${bot.base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, text };
}

async function healthy() {
  const res = await fetch(`${bot.base}/healthz`);
  return res.status;
}

const refused: Record<string, number> = {};
function tally(kind: string, n = 1) {
  refused[kind] = (refused[kind] ?? 0) + n;
}

describe('malformed activities', () => {
  const valid = () => messageActivity('help');
  it.each([
    ['JSON null', 'null'],
    ['a JSON number', '42'],
    ['a JSON string', '"message"'],
    ['a JSON array', JSON.stringify([valid()])],
    ['an empty object', '{}'],
    ['truncated JSON', JSON.stringify(valid()).slice(0, 50)],
    ['JSON with a trailing comma', '{"type":"message",}'],
    ['an empty body', ''],
    ['not UTF-8', Buffer.from([0xff, 0xfe, 0x00, 0x7b])],
    ['type is a number', { ...valid(), type: 7 }],
    ['type is empty', { ...valid(), type: '' }],
    ['from is missing', { ...valid(), from: undefined }],
    ['from is null', { ...valid(), from: null }],
    ['from is an array', { ...valid(), from: [{ id: 'x' }] }],
    ['from.id is a number', { ...valid(), from: { id: 12 } }],
    ['conversation is missing', { ...valid(), conversation: undefined }],
    ['conversation is a string', { ...valid(), conversation: 'a:conv' }],
    ['conversation.id is empty', { ...valid(), conversation: { id: '' } }],
    ['text is an object', { ...valid(), text: { x: 1 } }],
    ['text is an array', { ...valid(), text: ['help'] }],
    ['entities is a string', { ...valid(), entities: 'mention' }],
    ['entities holds a number', { ...valid(), entities: [1] }],
    ['channelData is an array', { ...valid(), channelData: [] }],
    ['membersAdded is an object', { ...valid(), type: 'conversationUpdate', membersAdded: { id: 'x' } }],
    ['serviceUrl is not a URL', { ...valid(), serviceUrl: 'not a url' }],
    ['serviceUrl is a file URL', { ...valid(), serviceUrl: 'file:///etc/passwd' }],
    ['no serviceUrl and no expectReplies', { ...valid(), serviceUrl: undefined, deliveryMode: undefined }],
    ['timestamp is a number', { ...valid(), timestamp: 1700000000 }],
  ])('%s → 400', async (_name, body) => {
    const res = await postRaw(
      typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
    );
    expect(res.status).toBe(400);
    tally('malformed activity: 400');
    expect(await healthy()).toBe(200);
  });

  it('a GET on /api/messages is 405, an unknown path 404', async () => {
    expect((await fetch(`${bot.base}/api/messages`)).status).toBe(405);
    expect((await fetch(`${bot.base}/nothing-here`)).status).toBe(404);
  });
});

describe('oversized input', () => {
  it(`a body over ${MAX_BODY_BYTES} bytes is refused with 413, naming the limit`, async () => {
    const res = await postRaw(JSON.stringify(messageActivity('x'.repeat(MAX_BODY_BYTES))));
    expect(res.status).toBe(413);
    expect(res.text).toContain('256 KB');
    tally('body over 256 KB: 413');
  });

  it('a chunked body (no Content-Length) that grows past the limit is refused with 413 too', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${bot.base}/api/messages`,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < MAX_BODY_BYTES * 2) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    tally('body over 256 KB: 413');
    expect(await healthy()).toBe(200);
  });

  it(`a message over ${MAX_MESSAGE_LENGTH} characters gets a reply naming the limit`, async () => {
    const replies = await bot.ask(`who reaches two-thirds this week ${'please '.repeat(400)}`);
    const text = visibleText(replies);
    expect(text).toContain(`${MAX_MESSAGE_LENGTH} characters`);
    expect(replies[0]!.attachments ?? []).toHaveLength(0);
    tally('message over 2000 characters: reply naming the limit');
  });
});

describe('fuzzing activity JSON', () => {
  const fields = [
    'type',
    'id',
    'from',
    'from.id',
    'from.aadObjectId',
    'conversation',
    'conversation.id',
    'conversation.tenantId',
    'conversation.conversationType',
    'recipient',
    'recipient.id',
    'text',
    'textFormat',
    'locale',
    'value',
    'entities',
    'attachments',
    'channelData',
    'channelData.tenant',
    'membersAdded',
    'timestamp',
    'localTimestamp',
    'replyToId',
    'channelId',
    'deliveryMode',
    'serviceUrl',
  ];
  /** Any JSON value, plus near misses for the type-checked fields. */
  const jsonish = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    anyText(60),
    fc.constantFrom(...NASTY),
    fc.constantFrom<unknown>(
      null,
      [],
      {},
      [{}],
      [{ type: 'mention' }],
      { id: '' },
      { id: 5 },
      'message',
      'conversationUpdate',
      'invoke',
      'event',
    ),
  );
  const mutation = fc.tuple(fc.constantFrom(...fields), fc.oneof(jsonish, fc.constant(undefined)));

  function mutate(base: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
    const copy = structuredClone(base);
    const [head, tail] = path.split('.') as [string, string | undefined];
    if (!tail) {
      if (value === undefined) delete copy[head];
      else copy[head] = value;
      return copy;
    }
    const inner = copy[head];
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
      if (value === undefined) delete (inner as Record<string, unknown>)[tail];
      else (inner as Record<string, unknown>)[tail] = value;
    }
    return copy;
  }

  it('never a 5xx and never a dropped connection, for arbitrary JSON and for mutated real activities', async () => {
    let inputs = 0;
    const statuses: Record<number, number> = {};
    const body = fc.oneof(
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null') },
      { weight: 1, arbitrary: anyText(200) },
      {
        weight: 4,
        arbitrary: fc
          .tuple(
            fc.array(mutation, { minLength: 1, maxLength: 3 }),
            anyText(80),
            fc.constantFrom(ALEX, 'unknown-user'),
          )
          .map(([mutations, text, aad]) => {
            let activity: Record<string, unknown> = {
              ...messageActivity(text, { aadObjectId: aad }),
              serviceUrl: connectorUrl,
            };
            for (const [path, value] of mutations) activity = mutate(activity, path, value);
            return JSON.stringify(activity);
          }),
      },
    );
    await fc.assert(
      fc.asyncProperty(body, async (raw) => {
        inputs += 1;
        const res = await postRaw(raw);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        // 200 answered, 400 refused, 501 an invoke nobody handles: all fine. 5xx is a crash.
        expect(
          [200, 400, 501],
          `${res.status} for ${raw.slice(0, 300)}: ${res.text.slice(0, 200)}`,
        ).toContain(res.status);
      }),
      { numRuns: 400 },
    );
    fuzzReport('activity JSON on /api/messages', inputs);
    console.log(`[fuzz] activity JSON statuses: ${JSON.stringify(statuses)}`);
    if (statuses[400]) tally('fuzzed activity: 400', statuses[400]);
    if (statuses[501]) tally('fuzzed activity: 501 (invoke nobody handles)', statuses[501]);
    expect(await healthy()).toBe(200);
    // And it still answers a real question.
    expect(visibleText(await bot.ask('help'))).toContain('What I can help with');
  });

  it('prints the totals', () => {
    console.log(`[refused] bad input on /api/messages: ${JSON.stringify(refused)}`);
  });
});

describe('fuzzing the assistant (createAssistant().handle over the real commands and database)', () => {
  it('never throws; always at least one reply with text; nothing personal outside a 1:1 chat', async () => {
    const config = loadConfig({ DATABASE_URL: 'pglite://memory://' });
    const assistant = createAssistant({
      database,
      settings: settingsFromConfig(config),
      clock: fixedClock('2025-09-08'),
      log: createLogger('silent'),
      commands,
    });
    const examples = commands.flatMap((c) => c.examples);
    const text = fc.oneof(
      anyText(120),
      fc.constantFrom(...examples),
      withNoise(fc.constantFrom(...examples), anyText(10)),
    );
    const value = fc.oneof(
      { weight: 4, arbitrary: fc.constant(null) },
      {
        weight: 1,
        arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          command: fc.constantFrom(...commands.map((c) => c.name).filter((n) => !/job|delivery/.test(n))),
          utterance: anyText(40),
        }),
      },
    );
    let inputs = 0;
    await fc.assert(
      fc.asyncProperty(
        text,
        value,
        fc.constantFrom(ALEX, ROBIN, null, 'not-a-user'),
        fc.constantFrom<('personal' | 'channel' | 'groupChat')[]>('personal', 'channel', 'groupChat'),
        async (t, v, aad, conversationType) => {
          inputs += 1;
          const replies = await assistant.handle({ text: t, value: v, aadObjectId: aad, conversationType });
          expect(replies.length).toBeGreaterThan(0);
          for (const r of replies) {
            expect(typeof r.text).toBe('string');
            expect(r.text.length).toBeGreaterThan(0);
            if (conversationType !== 'personal') expect(r.personalData).toBe(false);
          }
        },
      ),
      { numRuns: 300 },
    );
    fuzzReport('assistant.handle', inputs);
  });
});
