import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/db.js';
import { staff } from '../../src/store/schema.js';
import { messageActivity, PLAYGROUND_TENANT } from '../support/activities.js';
import { startBot, visibleText } from '../support/bot.js';
import { freshDatabase } from '../support/db.js';

/**
 * Bot Framework authentication against a local OpenID fixture: a node:http server serving the
 * OpenID configuration and a JWKS whose keys are endorsed for "msteams", as the real
 * login.botframework.com does. Tokens are signed here with node:crypto (RS256).
 */

const APP_ID = '6f1c3a52-0000-4000-8000-00000000b07a';
const ISSUER = 'https://api.botframework.com';
const ALEX = '00000000-0000-0000-0000-0000000000020';
const OTHER_TENANT = '99999999-9999-4999-8999-999999999999';

function keyPair() {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}
const good = keyPair();
const webchatOnly = keyPair();
const attacker = keyPair();

function jwk(publicKey: KeyObject, kid: string, endorsements: string[]) {
  const { n, e } = publicKey.export({ format: 'jwk' });
  return { kty: 'RSA', use: 'sig', kid, n, e, x5t: kid, endorsements };
}

const b64url = (x: string | Buffer) => Buffer.from(x).toString('base64url');

function token(
  claims: Record<string, unknown>,
  o: { key?: KeyObject; kid?: string; alg?: string; hmacSecret?: Buffer } = {},
): string {
  const header = { alg: o.alg ?? 'RS256', typ: 'JWT', kid: o.kid ?? 'good-key' };
  const data = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  if (header.alg === 'none') return `${data}.`;
  if (o.hmacSecret) {
    return `${data}.${b64url(createHmac('sha256', o.hmacSecret).update(data).digest())}`;
  }
  return `${data}.${b64url(sign('sha256', Buffer.from(data), o.key ?? good.privateKey))}`;
}

const now = () => Math.floor(Date.now() / 1000);

let openId: Server;
let metadataUrl: string;
let keyFetches = 0;
let database: Database;

async function countRows(): Promise<{ refs: number; audit: number }> {
  const [r] = await database.rows<{ refs: number; audit: number }>(
    sql`select (select count(*)::int from conversation_refs) as refs, (select count(*)::int from audit_log) as audit`,
  );
  return r!;
}

beforeAll(async () => {
  openId = createServer((req, res) => {
    const base = `http://127.0.0.1:${(openId.address() as AddressInfo).port}`;
    if (req.url === '/v1/.well-known/openidconfiguration') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          issuer: ISSUER,
          authorization_endpoint: `${base}/authorize`,
          jwks_uri: `${base}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
        }),
      );
    } else if (req.url === '/v1/.well-known/keys') {
      keyFetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          keys: [
            jwk(good.publicKey, 'good-key', ['msteams', 'webchat']),
            jwk(webchatOnly.publicKey, 'webchat-key', ['webchat']),
          ],
        }),
      );
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => openId.listen(0, '127.0.0.1', resolve));
  metadataUrl = `http://127.0.0.1:${(openId.address() as AddressInfo).port}/v1/.well-known/openidconfiguration`;

  database = await freshDatabase();
  await database.db.insert(staff).values({
    email: 'alex.wilber@probation.example',
    name: 'Alex Wilber',
    roles: ['spo', 'practitioner'],
    teamCode: 'N07T01',
    aadObjectId: ALEX,
  });
}, 120_000);

afterAll(async () => {
  await database?.close();
  await new Promise<void>((resolve) => (openId ? openId.close(() => resolve()) : resolve()));
});

const refused: Record<string, number> = {};

describe('with MicrosoftAppId set, only a valid Bot Framework token gets in', () => {
  let bot: Awaited<ReturnType<typeof startBot>>;
  beforeAll(async () => {
    bot = await startBot(database, {
      today: '2025-09-08',
      env: {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'not-used-with-expect-replies',
        BOT_OPENID_METADATA: metadataUrl,
      },
    });
  });
  afterAll(async () => {
    await bot?.close();
  });

  const activity = () => messageActivity('help');
  const claims = (a: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    iss: ISSUER,
    aud: APP_ID,
    serviceurl: a.serviceUrl,
    nbf: now() - 60,
    iat: now() - 60,
    exp: now() + 3600,
    ...extra,
  });

  async function send(a: Record<string, unknown>, authorization?: string) {
    const res = await fetch(`${bot.base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(a),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  }

  it('the token is checked before the body is read: a bad one gets 401 while the body is still coming', async () => {
    const started = Date.now();
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(bot.port, '127.0.0.1', () => {
        socket.write(
          'POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
            `Authorization: Bearer ${token({ iss: ISSUER, aud: 'someone-else', exp: now() + 3600 })}\r\n` +
            'Content-Length: 100000\r\n\r\n{"type":',
        );
      });
      let got = '';
      socket.on('data', (d: Buffer) => {
        got += d.toString();
        if (got.includes('\r\n\r\n')) socket.destroy();
      });
      socket.on('close', () => resolve(got));
    });
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 401 Unauthorized');
    // Had the server waited for the 100,000 bytes promised, no answer would come at all; the
    // bound is loose so a busy machine does not fail it.
    expect(Date.now() - started).toBeLessThan(30_000);
    refused['token refused before the body arrived'] = 1;
  });

  it('a valid token → 200 with the reply', async () => {
    const a = activity();
    const res = await send(a, `Bearer ${token(claims(a))}`);
    expect(res.status).toBe(200);
    expect(visibleText((res.body?.activities ?? []) as Record<string, unknown>[])).toContain(
      'What I can help with',
    );
    expect(keyFetches).toBeGreaterThan(0);
  });

  const refusals: [string, (a: Record<string, unknown>) => string | undefined][] = [
    ['no Authorization header', () => undefined],
    ['an empty bearer token', () => 'Bearer '],
    ['not a JWT', () => 'Bearer not-a-token'],
    ['the Basic scheme', () => `Basic ${b64url('user:pass')}`],
    [
      'a bad signature (signed by another key under the trusted kid)',
      (a) => `Bearer ${token(claims(a), { key: attacker.privateKey })}`,
    ],
    ['the wrong audience', (a) => `Bearer ${token(claims(a, { aud: 'some-other-bot' }))}`],
    ['no audience', (a) => `Bearer ${token(claims(a, { aud: undefined }))}`],
    [
      'an expired token',
      (a) => `Bearer ${token(claims(a, { nbf: now() - 7200, iat: now() - 7200, exp: now() - 3600 }))}`,
    ],
    ['a token not valid yet', (a) => `Bearer ${token(claims(a, { nbf: now() + 3600 }))}`],
    ['the wrong issuer', (a) => `Bearer ${token(claims(a, { iss: 'https://evil.example' }))}`],
    [
      'a service URL other than the activity’s',
      (a) => `Bearer ${token(claims(a, { serviceurl: 'https://evil.example/' }))}`,
    ],
    ['an unknown key id', (a) => `Bearer ${token(claims(a), { kid: 'nobody' })}`],
    [
      'a key not endorsed for msteams',
      (a) => `Bearer ${token(claims(a), { kid: 'webchat-key', key: webchatOnly.privateKey })}`,
    ],
    ['alg "none"', (a) => `Bearer ${token(claims(a), { alg: 'none' })}`],
    [
      'HS256 keyed with the public key (algorithm confusion)',
      (a) =>
        `Bearer ${token(claims(a), { alg: 'HS256', hmacSecret: Buffer.from(good.publicKey.export({ format: 'pem', type: 'spki' }) as string) })}`,
    ],
  ];

  it.each(refusals)('%s → 401, nothing processed or stored', async (name, header) => {
    const before = await countRows();
    const a = activity();
    const res = await send(a, header(a));
    expect(res.status).toBe(401);
    expect(res.body?.activities).toBeUndefined();
    expect(await countRows()).toEqual(before);
    refused[`token: ${name}`] = 401;
  });

  it('logs the refusal without the token', () => {
    const logged = bot.logs.lines.join('');
    expect(logged).toContain('"event":"auth_refused"');
    expect(logged).not.toMatch(/eyJ[\w-]{10,}/);
  });
});

describe('when the signing keys cannot be fetched', () => {
  it('a token is neither accepted nor blamed on the caller: 503', async () => {
    // A port nobody listens on: the OpenID metadata request is refused.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const bot = await startBot(database, {
      today: '2025-09-08',
      env: {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'x',
        BOT_OPENID_METADATA: `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`,
      },
    });
    try {
      const a = messageActivity('help');
      const before = await countRows();
      const res = await fetch(`${bot.base}/api/messages`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token({ iss: ISSUER, aud: APP_ID, serviceurl: a.serviceUrl, nbf: now() - 60, exp: now() + 3600 })}`,
        },
        body: JSON.stringify(a),
      });
      expect(res.status).toBe(503);
      expect(await countRows()).toEqual(before);
      refused['token: signing keys unreachable'] = 503;
    } finally {
      await bot.close();
    }
  });
});

describe('ALLOWED_TENANTS', () => {
  for (const mode of ['without credentials', 'with a valid token'] as const) {
    describe(mode, () => {
      let bot: Awaited<ReturnType<typeof startBot>>;
      beforeAll(async () => {
        bot = await startBot(database, {
          today: '2025-09-08',
          env: {
            ALLOWED_TENANTS: ` ${PLAYGROUND_TENANT.toUpperCase()} , 11111111-2222-4333-8444-555555555555`,
            ...(mode === 'with a valid token'
              ? { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', BOT_OPENID_METADATA: metadataUrl }
              : {}),
          },
        });
      });
      afterAll(async () => {
        await bot?.close();
      });

      async function send(a: Record<string, unknown>) {
        const authorization =
          mode === 'with a valid token'
            ? `Bearer ${token({ iss: ISSUER, aud: APP_ID, serviceurl: a.serviceUrl, nbf: now() - 60, exp: now() + 3600 })}`
            : undefined;
        const res = await fetch(`${bot.base}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
          body: JSON.stringify(a),
        });
        return { status: res.status, text: await res.text() };
      }

      const withTenants = (conversationTenant: string | undefined, channelTenant: string | undefined) => {
        const a = messageActivity('who reaches two-thirds this week');
        const conversation = { ...(a.conversation as Record<string, unknown>) };
        if (conversationTenant === undefined) delete conversation.tenantId;
        else conversation.tenantId = conversationTenant;
        return {
          ...a,
          conversation,
          channelData: channelTenant === undefined ? {} : { tenant: { id: channelTenant } },
        };
      };

      it.each([
        ['another tenant in both places', OTHER_TENANT, OTHER_TENANT],
        ['another tenant in channelData only', PLAYGROUND_TENANT, OTHER_TENANT],
        ['another tenant in the conversation only', OTHER_TENANT, PLAYGROUND_TENANT],
        ['no tenant at all', undefined, undefined],
      ])('%s → 403, nothing processed, nothing stored', async (name, conversationTenant, channelTenant) => {
        const before = await countRows();
        const res = await send(withTenants(conversationTenant, channelTenant));
        expect(res.status).toBe(403);
        expect(res.text).not.toContain('activities');
        expect(await countRows()).toEqual(before);
        refused[`tenant (${mode}): ${name}`] = 403;
      });

      it('an allowed tenant (any letter case) → 200 with the answer', async () => {
        const res = await send(withTenants(PLAYGROUND_TENANT, PLAYGROUND_TENANT.toLowerCase()));
        expect(res.status).toBe(200);
        expect(res.text).toContain('activities');
      });
    });
  }

  it('prints the totals', () => {
    const byStatus: Record<number, number> = {};
    for (const status of Object.values(refused)) byStatus[status] = (byStatus[status] ?? 0) + 1;
    console.log(
      `[refused] authentication and tenants: ${JSON.stringify(byStatus)} (${Object.keys(refused).length} kinds)`,
    );
  });
});
