import { connect } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { REQUEST_TIMEOUT_MS } from '../../src/http.js';
import { importCsv } from '../../src/import/importer.js';
import { buildServices } from '../../src/services.js';
import { fixedClock } from '../../src/clock.js';
import type { Database } from '../../src/store/db.js';
import { messageActivity } from '../support/activities.js';
import { startBot, visibleText } from '../support/bot.js';
import { CASES_CSV, crnsIn, loadFixture, PAT, SAM, STAFF_CSV } from '../support/caseload.js';
import { freshDatabase } from '../support/db.js';
import { quietLogger } from '../support/jobs.js';

/**
 * Fail closed (issue 14), through the real HTTP endpoint: leavers and closed cases lose every
 * answer, a chat that is not plainly 1:1 gets counts only, and requests a web page or a broken
 * client can send are refused before they reach the bot.
 */

const TODAY = '2025-11-12';
let database: Database;
let bot: Awaited<ReturnType<typeof startBot>>;

beforeAll(async () => {
  database = await freshDatabase();
  await loadFixture(database);
  bot = await startBot(database, { today: TODAY });
}, 120_000);
afterAll(async () => {
  await bot?.close();
  await database?.close();
});

const text = async (q: string, o: Parameters<typeof bot.ask>[1] = {}) => visibleText(await bot.ask(q, o));

describe('leavers and closed cases are retired', () => {
  it('a case left out of the cases extract is in no answer; a practitioner left out of the staff extract gets the unknown-user reply', async () => {
    expect(crnsIn(await text('follow-ups due this week', { aadObjectId: SAM }))).toContain('X100001');
    expect(await text('two-thirds for X100003', { aadObjectId: PAT })).toContain('X100003');

    const lines = CASES_CSV.trim().split('\n');
    const withoutPike = lines.filter((l) => !l.startsWith('X100001,')).join('\n');
    const refused = await importCsv(database, 'cases', withoutPike, { maxRemovalShare: 0.05 });
    expect(refused).toMatchObject({ ok: false });
    expect(crnsIn(await text('follow-ups due this week', { aadObjectId: SAM }))).toContain('X100001');
    expect(await importCsv(database, 'cases', withoutPike)).toMatchObject({ ok: true, retired: 1 });
    const sam = await text('follow-ups due this week', { aadObjectId: SAM });
    expect(crnsIn(sam)).not.toContain('X100001');
    const asked = await text('two-thirds for X100001', { aadObjectId: SAM });
    expect(asked).not.toContain('Jordan');
    // Answered exactly as a CRN that never existed.
    const never = await text('two-thirds for X100009', { aadObjectId: SAM });
    expect(asked.replaceAll('X100001', 'X100009')).toBe(never);

    const staffWithoutPat = STAFF_CSV.split('\n')
      .filter((l) => !l.startsWith('pat.po@'))
      .join('\n');
    expect(await importCsv(database, 'staff', staffWithoutPat, { allowLargeRemoval: true })).toMatchObject({
      ok: true,
      retired: 1,
    });
    const pat = await text('two-thirds for X100003', { aadObjectId: PAT });
    const unknown = await text('two-thirds for X100003', {
      aadObjectId: '00000000-0000-0000-0000-00000000ffff',
    });
    expect(pat).toBe(unknown);
    expect(pat).not.toContain('X100003');

    // Kept for history and audit.
    const kept = await database.rows<{ kind: string; natural_key: string }>(
      sql`select kind, natural_key from retired_records order by kind`,
    );
    expect(kept).toEqual([
      { kind: 'cases', natural_key: 'X100001|licence|2025-01-10' },
      { kind: 'staff', natural_key: 'pat.po@probation.example' },
    ]);
  });
});

describe('a conversation that is not plainly 1:1 is shared', () => {
  it.each([
    ['isGroup with no type', { isGroup: true }, {}],
    ['an unknown type', { conversationType: 'meeting' }, {}],
    ['personal but isGroup', { conversationType: 'personal', isGroup: true }, {}],
    ['personal but in a team', { conversationType: 'personal' }, { team: { id: '19:team' } }],
  ])('%s: counts only', async (_name, conversation, channelData) => {
    const a = messageActivity('follow-ups due this week', { aadObjectId: SAM });
    const c = a.conversation as Record<string, unknown>;
    delete c.conversationType;
    Object.assign(c, conversation);
    Object.assign(a.channelData as Record<string, unknown>, channelData);
    const { status, body } = await bot.post(a);
    expect(status).toBe(200);
    const shown = visibleText((body as { activities: Record<string, unknown>[] }).activities);
    expect(crnsIn(shown)).toEqual([]);
    expect(shown).not.toMatch(/Pike|Stone|Vale/);
  });

  it('no type and no group, as the Agents Playground and non-Teams channels send a 1:1 chat: personal', async () => {
    const a = messageActivity('two-thirds for X100002', { aadObjectId: SAM });
    delete (a.conversation as Record<string, unknown>).conversationType;
    const { status, body } = await bot.post(a);
    expect(status).toBe(200);
    expect(
      crnsIn(visibleText((body as { activities: Record<string, unknown>[] }).activities)).length,
    ).toBeGreaterThan(0);
  });
});

describe('requests refused before the bot sees them', () => {
  async function raw(body: string | Buffer, headers: Record<string, string>) {
    const res = await fetch(`${bot.base}/api/messages`, { method: 'POST', headers, body });
    return { status: res.status, body: await res.text() };
  }
  const json = { 'content-type': 'application/json' };

  it('a text/plain or form body (what any web page can send) gets 415', async () => {
    const body = JSON.stringify(messageActivity('follow-ups due this week', { aadObjectId: SAM }));
    expect((await raw(body, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await raw(body, { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await raw(body, { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
  });

  it('without credentials, a serviceUrl that is not loopback gets 400', async () => {
    const a = { ...messageActivity('help', { aadObjectId: SAM }), serviceUrl: 'https://attacker.example/' };
    const r = await raw(JSON.stringify(a), json);
    expect(r.status).toBe(400);
    expect(r.body).toContain('serviceUrl must be a loopback address');
  });

  it('a mention without `mentioned`, a NUL in an id, invalid UTF-8: 400 with the reason', async () => {
    const mention = {
      ...messageActivity('help', { aadObjectId: SAM }),
      entities: [{ type: 'mention', text: '<at>Bot</at>' }],
    };
    const m = await raw(JSON.stringify(mention), json);
    expect(m.status).toBe(400);
    expect(m.body).toContain('entities.0.mentioned');

    const nul = messageActivity('help', { aadObjectId: SAM });
    (nul.from as Record<string, unknown>).id = '29:user\u0000x';
    const n = await raw(JSON.stringify(nul), json);
    expect(n.status).toBe(400);
    expect(n.body).toContain('from.id contains a NUL character');

    const bytes = Buffer.from(JSON.stringify(messageActivity('help é', { aadObjectId: SAM })));
    const at = bytes.indexOf(Buffer.from('é'));
    bytes[at] = 0xff;
    const u = await raw(bytes, json);
    expect(u.status).toBe(400);
    expect(u.body).toContain('not valid UTF-8');
  });

  it('a body that trickles in is cut off when the request time is up', async () => {
    const started = Date.now();
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(bot.port, '127.0.0.1', () => {
        socket.write(
          'POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"type":',
        );
      });
      let got = '';
      socket.on('data', (d) => (got += d.toString()));
      socket.on('close', () => resolve(got));
    });
    expect(answer).toContain('408');
    expect(Date.now() - started).toBeLessThan(REQUEST_TIMEOUT_MS + 3_000);
  });
});

describe('/healthz', () => {
  it('reports a full disk', async () => {
    const config = loadConfig({ DATABASE_URL: 'pglite://memory://' });
    const services = await buildServices(config, {
      database,
      clock: fixedClock(TODAY),
      log: quietLogger().log,
    });
    const web = createWebApp({
      config,
      settings: services.settings,
      database,
      clock: services.clock,
      log: services.log,
      commands: services.commands,
      jobsService: services.jobsService,
      diskAvailable: async () => 1024 * 1024,
    });
    const port = await web.listen(0, '127.0.0.1');
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'degraded', database: 'ok', disk: 'full' });
    } finally {
      await web.close();
    }
  });
});
