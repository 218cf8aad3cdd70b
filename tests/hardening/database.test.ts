import { randomBytes } from 'node:crypto';
import { createServer, Socket, type Server, type AddressInfo } from 'node:net';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_UNAVAILABLE_REPLY } from '../../src/teams/adapter.js';
import {
  DatabaseUnavailableError,
  openDatabase,
  PING_TIMEOUT_MS,
  type Database,
} from '../../src/store/db.js';
import { staff } from '../../src/store/schema.js';
import { messageActivity } from '../support/activities.js';
import { startBot, visibleText } from '../support/bot.js';
import { freshDatabase } from '../support/db.js';

/**
 * The database going away and coming back while the bot runs. /healthz says 503 degraded while
 * it is gone and 200 again when it is back, without a restart; a message meanwhile gets a polite
 * "temporarily unavailable" (or a 5xx), never a hang. On PostgreSQL (TEST_DATABASE_URL) the
 * outage is real: a TCP proxy between the app and the server is stopped and started again.
 */

const ALEX = '00000000-0000-0000-0000-0000000000020';
/** The longest any request may take during an outage. */
const BOUND_MS = 15_000;
const faults: string[] = [];

async function seedUser(database: Database) {
  await database.db.insert(staff).values({
    email: 'alex.wilber@probation.example',
    name: 'Alex Wilber',
    roles: ['spo', 'practitioner'],
    teamCode: 'N07T01',
    aadObjectId: ALEX,
  });
}

async function health(base: string) {
  const started = Date.now();
  const res = await fetch(`${base}/healthz`);
  return { status: res.status, body: await res.json(), ms: Date.now() - started };
}

async function waitForHealthy(base: string, withinMs = 15_000) {
  const until = Date.now() + withinMs;
  for (;;) {
    const h = await health(base);
    if (h.status === 200) return h;
    if (Date.now() > until) throw new Error(`still ${h.status} after ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A message during the outage: a polite reply or a 5xx, within the bound. */
async function askDuringOutage(bot: Awaited<ReturnType<typeof startBot>>) {
  const started = Date.now();
  const res = await bot.post(messageActivity('who reaches two-thirds this week', { aadObjectId: ALEX }));
  const ms = Date.now() - started;
  expect(ms).toBeLessThan(BOUND_MS);
  if (res.status === 200) {
    const text = visibleText((res.body as { activities?: Record<string, unknown>[] })?.activities ?? []);
    expect(text).toContain('temporarily unavailable');
  } else {
    expect(res.status).toBeGreaterThanOrEqual(500);
  }
  return { status: res.status, ms };
}

describe('an outage simulated inside the process (every run)', () => {
  let real: Database;
  let bot: Awaited<ReturnType<typeof startBot>>;
  let mode: 'up' | 'down' | 'hang' = 'up';

  /** Never settles: a query stuck on a dead connection. */
  const blackHole: unknown = new Proxy(function () {}, {
    get: (_t, p) => (p === 'then' ? () => {} : blackHole),
    apply: () => blackHole,
  });

  beforeAll(async () => {
    real = await freshDatabase();
    await seedUser(real);
    const db = new Proxy(real.db, {
      get(target, p, receiver) {
        if (mode === 'down') throw new DatabaseUnavailableError('simulated outage');
        if (mode === 'hang') return blackHole;
        const v = Reflect.get(target, p, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const faulty: Database = {
      ...real,
      db,
      rows: (q) =>
        mode === 'down'
          ? Promise.reject(new DatabaseUnavailableError('simulated outage'))
          : mode === 'hang'
            ? new Promise(() => {})
            : real.rows(q),
      ping: () =>
        mode === 'down'
          ? Promise.reject(new DatabaseUnavailableError('simulated outage'))
          : mode === 'hang'
            ? new Promise((_, reject) =>
                setTimeout(() => reject(new DatabaseUnavailableError('ping timed out')), PING_TIMEOUT_MS),
              )
            : real.ping(),
    };
    bot = await startBot(faulty, { today: '2025-09-08' });
  }, 120_000);
  afterAll(async () => {
    mode = 'up';
    await bot?.close();
    await real?.close();
  });

  it('healthy → down: /healthz 503 degraded, a message gets "temporarily unavailable" → up again without a restart', async () => {
    expect((await health(bot.base)).status).toBe(200);
    mode = 'down';
    const down = await health(bot.base);
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ status: 'degraded', database: 'unavailable', disk: 'ok' });
    const during = await askDuringOutage(bot);
    expect(during.status).toBe(200);
    const logged = bot.logs.lines.join('');
    expect(logged).toContain('"event":"turn_database_unavailable"');
    mode = 'up';
    expect((await health(bot.base)).status).toBe(200);
    expect(visibleText(await bot.ask('help', { aadObjectId: ALEX }))).toContain('What I can help with');
    faults.push('database refusing (simulated): survived');
  });

  it('a database that stops answering: /healthz still answers 503 within the ping bound, a message is cut off with 503', async () => {
    const adapter = bot.web.adapter;
    const previous = adapter.turnTimeoutMs;
    adapter.turnTimeoutMs = 1_500;
    mode = 'hang';
    try {
      const h = await health(bot.base);
      expect(h.status).toBe(503);
      expect(h.ms).toBeLessThan(PING_TIMEOUT_MS + 4_000);
      const during = await askDuringOutage(bot);
      expect(during.status).toBe(503);
      expect(during.ms).toBeLessThan(1_500 + 4_000);
    } finally {
      mode = 'up';
      adapter.turnTimeoutMs = previous;
    }
    expect((await health(bot.base)).status).toBe(200);
    expect(visibleText(await bot.ask('help', { aadObjectId: ALEX }))).toContain('What I can help with');
    faults.push('database hanging (simulated): survived');
  });

  it('the polite reply names no data and asks to try again', () => {
    expect(DATABASE_UNAVAILABLE_REPLY).toMatch(/temporarily unavailable/);
    expect(DATABASE_UNAVAILABLE_REPLY).toMatch(/try again/);
  });
});

/** A TCP proxy that can be stopped (dropping every connection) and started again on the same port. */
class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(
    private readonly host: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = new Socket();
      this.sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      upstream.connect(this.targetPort, this.host, () => {
        client.pipe(upstream);
        upstream.pipe(client);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const adminUrl = process.env.TEST_DATABASE_URL;

describe.runIf(Boolean(adminUrl))('a real PostgreSQL outage, through a TCP proxy (TEST_DATABASE_URL)', () => {
  const name = `hardening_${randomBytes(5).toString('hex')}`;
  const target = new URL(adminUrl || 'postgres://x@127.0.0.1:5432/x');
  const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
  const lateProxy = new TcpProxy(target.hostname, Number(target.port || 5432));
  let database: Database;
  let late: Database | undefined;
  let bot: Awaited<ReturnType<typeof startBot>>;
  let lateBot: Awaited<ReturnType<typeof startBot>> | undefined;

  const viaProxy = (p: TcpProxy) => {
    const url = new URL(adminUrl!);
    url.hostname = '127.0.0.1';
    url.port = String(p.port);
    url.pathname = `/${name}`;
    return url.toString();
  };

  beforeAll(async () => {
    const admin = postgres(adminUrl!, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create database ${name}`);
    } finally {
      await admin.end({ timeout: 5 });
    }
    await proxy.start();
    database = await openDatabase({ kind: 'postgres', url: viaProxy(proxy) });
    await seedUser(database);
    bot = await startBot(database, { today: '2025-09-08' });
  }, 120_000);

  afterAll(async () => {
    await bot?.close();
    await lateBot?.close();
    await proxy.start().catch(() => {});
    await lateProxy.start().catch(() => {});
    await database?.close().catch(() => {});
    await late?.close().catch(() => {});
    await proxy.stop();
    await lateProxy.stop();
    const admin = postgres(adminUrl!, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
    } finally {
      await admin.end({ timeout: 5 });
    }
  });

  it('mid-run: healthy → server gone → 503 and polite replies → back → healthy, without a restart', async () => {
    expect((await health(bot.base)).status).toBe(200);
    expect(visibleText(await bot.ask('help', { aadObjectId: ALEX }))).toContain('What I can help with');

    await proxy.stop();
    const down = await health(bot.base);
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ status: 'degraded', database: 'unavailable', disk: 'ok' });
    expect(down.ms).toBeLessThan(PING_TIMEOUT_MS + 4_000);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await askDuringOutage(bot));
    // Teams users get the polite sentence, not an error page.
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    process.stdout.write(
      `[faults] messages during the outage: ${answers.map((a) => `${a.status} in ${a.ms} ms`).join(', ')}\n`,
    );
    expect((await health(bot.base)).status).toBe(503);

    await proxy.start();
    const back = await waitForHealthy(bot.base);
    expect(back.body).toEqual({ status: 'ok', database: 'ok', disk: 'ok' });
    expect(visibleText(await bot.ask('help', { aadObjectId: ALEX }))).toContain('What I can help with');
    faults.push('PostgreSQL gone mid-run (proxy stopped, restarted): survived');
  });

  it('twice in a row: the connections are re-made each time', async () => {
    for (let round = 0; round < 2; round++) {
      await proxy.stop();
      expect((await health(bot.base)).status).toBe(503);
      await askDuringOutage(bot);
      await proxy.start();
      await waitForHealthy(bot.base);
    }
    expect(visibleText(await bot.ask('help', { aadObjectId: ALEX }))).toContain('What I can help with');
    faults.push('PostgreSQL gone twice more: survived');
  });

  it('at start: the web app comes up over an unreachable server, reports 503, and recovers when it appears', async () => {
    await lateProxy.start();
    const url = viaProxy(lateProxy);
    await lateProxy.stop();
    // Without migrating, postgres.js connects lazily: the app starts while the server is away.
    late = await openDatabase({ kind: 'postgres', url }, { migrate: false });
    lateBot = await startBot(late, { today: '2025-09-08' });
    const down = await health(lateBot.base);
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ status: 'degraded', database: 'unavailable', disk: 'ok' });
    await askDuringOutage(lateBot);
    await lateProxy.start();
    await waitForHealthy(lateBot.base);
    expect(visibleText(await lateBot.ask('help', { aadObjectId: ALEX }))).toContain('What I can help with');
    faults.push('PostgreSQL absent at start (lazy connection): survived');
  });
});

describe('totals', () => {
  it('prints the faults survived', () => {
    process.stdout.write(`[faults] ${faults.length} database faults survived: ${faults.join('; ')}\n`);
  });
});
