import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spoDigest } from '../../jobs/spo-digest.js';
import { createTeamsAppInstaller } from '../../src/graph/installer.js';
import { createConversationResolver } from '../../src/delivery/conversations.js';
import { runJob } from '../../src/delivery/runner.js';
import { personalConversation, saveConversationReference } from '../../src/store/conversations.repository.js';
import type { Database } from '../../src/store/db.js';
import { conversationRefs, deliveries } from '../../src/store/schema.js';

import { freshDatabase } from '../support/db.js';
import {
  aad,
  conversationIdOf,
  giveConversation,
  importAll,
  quietLogger,
  runnerDeps,
  startFakeConnector,
  testSender,
  twoTeams,
  type FakeConnector,
} from '../support/jobs.js';
import { createRetryingSender, type SendResult } from '../../src/delivery/sender.js';

const TODAY = '2025-11-26';
const NOW = new Date('2025-11-26T07:30:00Z');

describe('proactive delivery through the connector', () => {
  let database: Database;
  let connector: FakeConnector;

  beforeAll(async () => {
    database = await freshDatabase();
    connector = await startFakeConnector();
    await importAll(database, twoTeams(TODAY));
    for (const n of [1, 4, 6]) await giveConversation(database, aad(n), connector.url);
  });
  afterEach(async () => {
    connector.reset();
    await database.db.delete(deliveries);
  });
  afterAll(async () => {
    await connector.close();
    await database.close();
  });

  it('429 (Retry-After: 1), then 503, then 200 still yields exactly one delivery', async () => {
    connector.script(conversationIdOf(aad(1)), [429, 503]);
    const started = Date.now();
    const summary = await runJob(spoDigest, runnerDeps(database, testSender(database)), {
      today: TODAY,
      now: NOW,
    });
    expect(summary).toMatchObject({ sent: 3, failed: 0, unreachable: 0 });
    const sam = connector.attempts.filter((a) => a.conversationId === conversationIdOf(aad(1)));
    expect(sam.map((a) => a.status)).toEqual([429, 503, 200]);
    expect(connector.to(conversationIdOf(aad(1)))).toHaveLength(1);
    // Retry-After was honoured: at least a second between the 429 and the next attempt.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const [row] = await database.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.recipient, 'sam.spo@probation.example'));
    expect(row).toMatchObject({ status: 'sent', detail: 'after 3 attempts' });
  });

  it('a 403 recipient is recorded unreachable and skipped from then on, while everyone else gets theirs', async () => {
    connector.script(conversationIdOf(aad(4)), [403]);
    const summary = await runJob(spoDigest, runnerDeps(database, testSender(database)), {
      today: TODAY,
      now: NOW,
    });
    expect(summary).toMatchObject({ sent: 2, unreachable: 1, failed: 0 });
    expect(connector.to(conversationIdOf(aad(1)))).toHaveLength(1);
    expect(connector.to(conversationIdOf(aad(6)))).toHaveLength(1);
    expect(connector.attempts.filter((a) => a.conversationId === conversationIdOf(aad(4)))).toHaveLength(1);
    const [row] = await database.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.recipient, 'sid.spo@probation.example'));
    expect(row?.status).toBe('unreachable');
    expect(row?.detail).toContain('403');
    expect((await personalConversation(database, aad(4)))?.unreachableReason).toContain('403');

    // The next day's run does not even try Sid's conversation …
    connector.reset();
    const next = await runJob(spoDigest, runnerDeps(database, testSender(database)), {
      today: '2025-11-27',
      now: NOW,
    });
    expect(next.details.filter((d) => d.status === 'unreachable')).toHaveLength(1);
    expect(connector.attempts.filter((a) => a.conversationId === conversationIdOf(aad(4)))).toHaveLength(0);

    // … until Sid talks to the bot again, which clears the mark.
    await giveConversation(database, aad(4), connector.url);
    const after = await runJob(spoDigest, runnerDeps(database, testSender(database)), {
      today: '2025-11-28',
      now: NOW,
    });
    expect(after).toMatchObject({ sent: 3, unreachable: 0 });
  });

  it('an unreachable recipient who then talks to the bot gets the same slot on its next run, once', async () => {
    connector.script(conversationIdOf(aad(4)), [403]);
    const first = await runJob(spoDigest, runnerDeps(database, testSender(database)), {
      today: TODAY,
      now: NOW,
    });
    expect(first).toMatchObject({ sent: 2, unreachable: 1 });
    // Still unreachable: a rerun of the slot leaves Sid alone.
    const again = await runJob(spoDigest, runnerDeps(database, testSender(database)), {
      today: TODAY,
      now: NOW,
    });
    expect(again).toMatchObject({ sent: 0, unreachable: 0, already: 3 });
    await giveConversation(database, aad(4), connector.url);
    const after = await runJob(spoDigest, runnerDeps(database, testSender(database)), {
      today: TODAY,
      now: NOW,
    });
    expect(after).toMatchObject({ sent: 1, already: 2 });
    expect(connector.to(conversationIdOf(aad(4)))).toHaveLength(1);
    const last = await runJob(spoDigest, runnerDeps(database, testSender(database)), {
      today: TODAY,
      now: NOW,
    });
    expect(last).toMatchObject({ sent: 0, already: 3 });
  });

  it('a failed send (retries exhausted) is recorded, and a later run of the slot retries it', async () => {
    connector.script(conversationIdOf(aad(6)), [503, 503, 503]);
    const sender = testSender(database, { retry: { retries: 2, minTimeoutMs: 5, maxTimeoutMs: 10 } });
    const first = await runJob(spoDigest, runnerDeps(database, sender), { today: TODAY, now: NOW });
    expect(first).toMatchObject({ sent: 2, failed: 1 });
    expect(first.details.find((d) => d.status === 'failed')?.why).toBe(
      'HTTP 503 ServiceError after 3 attempts',
    );
    const second = await runJob(spoDigest, runnerDeps(database, sender), { today: TODAY, now: NOW });
    expect(second).toMatchObject({ sent: 1, failed: 0, already: 2 });
    expect(connector.to(conversationIdOf(aad(6)))).toHaveLength(1);
  });
});

describe('the retrying sender on its own', () => {
  const conversation = {
    aadObjectId: 'x',
    conversationId: 'c',
    conversationType: 'personal',
    tenantId: 't',
    serviceUrl: null,
    reference: {},
  };
  const reply = { text: 'hi', personalData: false };

  it.each([
    [[412, 502, 504], 'ok'],
    [[404], 'unreachable'],
    [[400], 'failed'],
  ])('statuses %j end %s', async (statuses, expected) => {
    const seen: number[] = [];
    const sender = createRetryingSender(
      async (): Promise<SendResult> => {
        const status = statuses[seen.length];
        seen.push(status ?? 200);
        return status === undefined ? { ok: true } : { ok: false, status, reason: `HTTP ${status}` };
      },
      { ratePerSecond: 1000, retry: { minTimeoutMs: 1, maxTimeoutMs: 2 } },
    );
    const result = await sender.send(conversation, reply);
    const outcome = result.ok ? 'ok' : result.unreachable ? 'unreachable' : 'failed';
    expect(outcome).toBe(expected);
    await sender.close?.();
  });

  it('bounds the attempts', async () => {
    let calls = 0;
    const sender = createRetryingSender(
      async (): Promise<SendResult> => {
        calls += 1;
        return { ok: false, status: 503, reason: 'HTTP 503' };
      },
      { ratePerSecond: 1000, retry: { retries: 3, minTimeoutMs: 1, maxTimeoutMs: 2 } },
    );
    const result = await sender.send(conversation, reply);
    expect(result).toMatchObject({ ok: false, status: 503, attempts: 4 });
    expect(calls).toBe(4);
  });

  it('paces sends per tenant', async () => {
    const times: number[] = [];
    const sender = createRetryingSender(
      async () => {
        times.push(Date.now());
        return { ok: true };
      },
      { ratePerSecond: 20 },
    );
    await Promise.all(Array.from({ length: 5 }, () => sender.send(conversation, reply)));
    // 5 sends at 20/s: at least 4 gaps of 50 ms.
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(190);
  });
});

describe('users without a conversation: Graph installs the app', () => {
  let database: Database;
  let connector: FakeConnector;
  let graph: Server;
  let graphUrl: string;
  const calls: string[] = [];
  const installed = new Set<string>();

  beforeAll(async () => {
    database = await freshDatabase();
    connector = await startFakeConnector();
    await importAll(database, twoTeams(TODAY));
    await giveConversation(database, aad(1), connector.url);
    graph = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const url = decodeURIComponent(req.url ?? '');
        calls.push(`${req.method} ${url.split('?')[0]}`);
        const json = (status: number, value: unknown) =>
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
        if (url.startsWith('/tenant-1/oauth2/v2.0/token'))
          return json(200, { access_token: 'token-1', expires_in: 3600 });
        if (req.headers.authorization !== 'Bearer token-1')
          return json(401, { error: { code: 'InvalidAuthenticationToken' } });
        if (url.startsWith('/v1.0/appCatalogs/teamsApps?')) {
          return json(200, {
            value: url.includes("externalId eq 'manifest-id-1'") ? [{ id: 'catalog-app-1' }] : [],
          });
        }
        let m = url.match(/^\/v1\.0\/users\/([^/?]+)\/teamwork\/installedApps(?:\/([^/?]+)\/chat)?/);
        if (m && req.method === 'POST') {
          const bind = (JSON.parse(body) as Record<string, string>)['teamsApp@odata.bind'];
          if (!bind?.endsWith('/appCatalogs/teamsApps/catalog-app-1'))
            return json(400, { error: { code: 'BadRequest' } });
          if (installed.has(m[1]!)) return json(409, { error: { code: 'Conflict' } });
          installed.add(m[1]!);
          // Graph answers an install with 201 and no body.
          return res.writeHead(201).end();
        }
        if (m && m[2]) return json(200, { id: `19:chat-${m[1]}@unq.gbl.spaces` });
        if (m) return json(200, { value: installed.has(m[1]!) ? [{ id: `install-${m[1]}` }] : [] });
        m = url.match(/^\/v1\.0\/users\/([^/?]+)/);
        if (m) return json(404, { error: { code: 'Request_ResourceNotFound' } });
        return json(404, {});
      });
    });
    await new Promise<void>((resolve) => graph.listen(0, '127.0.0.1', () => resolve()));
    graphUrl = `http://127.0.0.1:${(graph.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => graph.close(() => resolve()));
    await connector.close();
    await database.close();
  });

  it('installs the app, stores the new chat and sends to it', async () => {
    const { log } = quietLogger();
    const installer = createTeamsAppInstaller(
      {
        tenantId: 'tenant-1',
        clientId: 'client',
        clientSecret: 'secret',
        authorityHost: graphUrl,
        baseUrl: graphUrl,
        // The manifest id: the installer finds the catalog id from it.
        teamsAppId: 'manifest-id-1',
        retry: { delaySeconds: 0, maxRetries: 1 },
      },
      log,
    );
    const resolver = createConversationResolver({
      database,
      log,
      installer,
      botAppId: 'bot-app',
      serviceUrl: connector.url,
    });
    const summary = await runJob(
      spoDigest,
      runnerDeps(database, testSender(database), { resolveConversation: resolver }),
      {
        today: TODAY,
        now: NOW,
      },
    );
    expect(summary).toMatchObject({ sent: 3, unreachable: 0, failed: 0 });
    expect(calls).toContain(`POST /v1.0/users/${aad(4)}/teamwork/installedApps`);
    expect(calls).toContain(`GET /v1.0/users/${aad(4)}/teamwork/installedApps/install-${aad(4)}/chat`);
    expect(connector.to(`19:chat-${aad(4)}@unq.gbl.spaces`)).toHaveLength(1);
    const stored = await database.db
      .select()
      .from(conversationRefs)
      .where(eq(conversationRefs.aadObjectId, aad(6)));
    expect(stored[0]?.conversationId).toBe(`19:chat-${aad(6)}@unq.gbl.spaces`);
    // Sam already had a chat: no Graph call for him.
    expect(calls.some((c) => c.includes(aad(1)))).toBe(false);
  });

  it('records "app not installed" when Graph is not configured', async () => {
    const { log } = quietLogger();
    await database.db.delete(conversationRefs).where(eq(conversationRefs.aadObjectId, aad(6)));
    const resolveConversation = createConversationResolver({ database, log });
    const summary = await runJob(
      spoDigest,
      runnerDeps(database, testSender(database), { resolveConversation }),
      {
        today: '2025-11-27',
        now: NOW,
      },
    );
    expect(summary.details.filter((d) => d.status === 'unreachable')).toEqual([
      { staffId: expect.any(Number), status: 'unreachable', why: 'app not installed' },
    ]);
  });

  it('saving a reference after the user talks again clears an unreachable mark', async () => {
    await saveConversationReference(database, {
      aadObjectId: aad(1),
      conversationId: conversationIdOf(aad(1)),
      conversationType: 'personal',
      tenantId: 'tenant-1',
      serviceUrl: connector.url,
      reference: {},
    });
    expect((await personalConversation(database, aad(1)))?.unreachableReason).toBeNull();
  });
});
