/**
 * Fixtures for the scheduled-delivery fault tests (tests/hardening/jobs-*.test.ts): many SPOs with
 * something to report, a connector that counts what it is given per conversation and can be told
 * to throttle, fail or hang, a database a child process can open, `npm run job` as a child process
 * and a TCP proxy that can cut the job off from PostgreSQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  createServer as createTcpServer,
  connect,
  type Server as TcpServer,
  type Socket,
  type AddressInfo,
} from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import type { IsoDate } from '../../src/domain/dates.js';
import { openDatabase, type Database } from '../../src/store/db.js';
import { conversationRefs } from '../../src/store/schema.js';
import {
  aad,
  CASES_HEADER,
  conversationIdOf,
  importAll,
  licenceReaching,
  personalConversationOf,
  STAFF_HEADER,
} from './jobs.js';

export const ROOT = resolve(import.meta.dirname, '../..');
/** A Wednesday: a working day, and in the past, so no digest time holds anything back. */
export const TODAY: IsoDate = '2025-11-26';
export const NOW = new Date('2025-11-26T07:30:00Z');

/** The n-th SPO's Teams id (1-based), clear of the ids tests/jobs uses. */
export const spoAad = (i: number) => aad(100_000 + i);
export const spoEmail = (i: number) => `spo${String(i).padStart(4, '0')}@probation.example`;
export const spoConversation = (i: number) => conversationIdOf(spoAad(i));
export const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/**
 * n teams, each with an SPO (who has talked to the bot: a conversation at `serviceUrl`) and a
 * practitioner holding one licence that reaches two-thirds this week, so no digest is empty.
 */
export async function seedSpos(database: Database, n: number, serviceUrl: string, today = TODAY) {
  const l = licenceReaching(today);
  const staff = [STAFF_HEADER];
  const cases = [CASES_HEADER];
  for (const i of range(n)) {
    const team = `T${String(i).padStart(4, '0')}`;
    const po = `po${String(i).padStart(4, '0')}@probation.example`;
    staff.push(`${spoEmail(i)},Spo ${i},spo,${team},Test PDU,,${spoAad(i)}`);
    staff.push(`${po},Po ${i},practitioner,${team},Test PDU,,${aad(200_000 + i)}`);
    cases.push(
      `X${String(i).padStart(6, '0')},Case,Number${i},${po},licence,${l.start},${l.end},no,,,low,no,no,no`,
    );
  }
  await importAll(database, { staff: `${staff.join('\n')}\n`, cases: `${cases.join('\n')}\n` });
  // As if each had said hello to the bot (giveConversation's row, in one statement).
  await database.db
    .insert(conversationRefs)
    .values(range(n).map((i) => personalConversationOf(spoAad(i), spoConversation(i), serviceUrl)));
}

// -----------------------------------------------------------------------------------------------
// The connector.

/**
 * What the connector does with one request: deliver (200), fail with a status, never answer, or
 * deliver and answer late (`{ status: 200, afterMs }`: the caller may have given up by then).
 */
export type Answer = 200 | { status: number; retryAfterSeconds?: number; afterMs?: number } | 'hang';

export interface AttemptRecord {
  conversationId: string;
  /** 1 for the first request for this conversation, 2 for the next … */
  n: number;
  /** The status answered, or 'hang'. */
  answer: number | 'hang';
  at: number;
}

/**
 * A Bot Framework connector stand-in that models the real one's delivery: a message is delivered
 * (counted) as soon as its request has arrived, and answered `delayMs` later, so a client that dies
 * in between has delivered it without knowing. Failures (429, 503, 403) deliver nothing; 'hang'
 * models a timeout without processing: never answered, never delivered.
 */
export async function startCountingConnector(
  options: {
    delayMs?: number;
    answer?: (request: { conversationId: string; n: number; sinceFirstMs: number }) => Answer;
  } = {},
) {
  const delivered = new Map<string, number>();
  const attempts: AttemptRecord[] = [];
  const perConversation = new Map<string, number>();
  let total = 0;
  let first: number | null = null;
  let waiters: { n: number; resolve: () => void }[] = [];
  let answer = options.answer ?? (() => 200 as const);
  const hung = new Set<ServerResponse>();

  const readBody = async (req: IncomingMessage) => {
    for await (const chunk of req) void chunk;
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const m = (req.url ?? '').match(/^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]*)?$/);
      if (req.method !== 'POST' || !m) {
        res.writeHead(404).end();
        return;
      }
      await readBody(req);
      const conversationId = decodeURIComponent(m[1] ?? '');
      const now = Date.now();
      first ??= now;
      const n = (perConversation.get(conversationId) ?? 0) + 1;
      perConversation.set(conversationId, n);
      const a = answer({ conversationId, n, sinceFirstMs: now - first });
      attempts.push({ conversationId, n, answer: a === 200 || a === 'hang' ? a : a.status, at: now });
      if (a === 'hang') {
        hung.add(res);
        res.on('close', () => hung.delete(res));
        return;
      }
      const ok = a === 200 || a.status === 200;
      if (ok) {
        delivered.set(conversationId, (delivered.get(conversationId) ?? 0) + 1);
        total += 1;
        const ready = waiters.filter((w) => total >= w.n);
        waiters = waiters.filter((w) => total < w.n);
        for (const w of ready) w.resolve();
      }
      const delay = (a === 200 ? undefined : a.afterMs) ?? options.delayMs;
      if (delay) await new Promise((r) => setTimeout(r, delay));
      if (ok) {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ id: `act-${total}` }));
        return;
      }
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (a.retryAfterSeconds !== undefined) headers['retry-after'] = String(a.retryAfterSeconds);
      const code =
        a.status === 403 ? 'ConversationBlockedByUser' : a.status === 429 ? 'Throttled' : 'ServiceError';
      res.writeHead(a.status, headers).end(JSON.stringify({ error: { code, message: 'scripted' } }));
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    delivered,
    attempts,
    total: () => total,
    /** Messages delivered to this conversation. */
    count: (conversationId: string) => delivered.get(conversationId) ?? 0,
    /** Resolves once `n` messages in all have been delivered. */
    waitForDeliveries(n: number, timeoutMs: number): Promise<void> {
      if (total >= n) return Promise.resolve();
      return new Promise((resolveWait, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${total} of ${n} deliveries within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolveWait();
          },
        });
      });
    },
    setAnswer(next: typeof answer) {
      answer = next;
    },
    /** Forgets what was delivered (and when the first request came). */
    reset() {
      delivered.clear();
      attempts.length = 0;
      perConversation.clear();
      total = 0;
      first = null;
    },
    close: async () => {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
export type CountingConnector = Awaited<ReturnType<typeof startCountingConnector>>;

// -----------------------------------------------------------------------------------------------
// A database a child process can use.

export interface ChildDatabase {
  kind: 'pglite' | 'postgres';
  /** DATABASE_URL for the child. */
  url: string;
  /** Opens it in this process (PGlite: only while no child holds it). */
  open(): Promise<Database>;
  cleanup(): Promise<void>;
}

/**
 * A fresh database on the PostgreSQL server named by TEST_DATABASE_URL, else an embedded one in a
 * temporary directory (PGlite is single-process: open it here only while no child runs).
 */
export async function childDatabase(): Promise<ChildDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'jobs-hardening-'));
    return {
      kind: 'pglite',
      url: `pglite://${join(dir, 'db')}`,
      open: () => openDatabase({ kind: 'pglite', dir: join(dir, 'db') }),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `test_jobs_${randomBytes(5).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  return {
    kind: 'postgres',
    url,
    open: () => openDatabase({ kind: 'postgres', url }),
    cleanup: async () => {
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end({ timeout: 5 });
      }
    },
  };
}

/** Opens, does something, closes (PGlite must be closed again before a child can open it). */
export async function withDatabase<T>(
  target: ChildDatabase,
  fn: (database: Database) => Promise<T>,
): Promise<T> {
  const database = await target.open();
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

export interface LedgerRow extends Record<string, unknown> {
  recipient: string;
  status: string;
  detail: string | null;
  attempts: number;
}

export async function ledger(
  database: Database,
  job = 'spo-digest',
  slot: string = TODAY,
): Promise<LedgerRow[]> {
  return database.rows<LedgerRow>(sql`
    select recipient, status, detail, attempts from deliveries where job = ${job} and slot = ${slot}
     order by recipient`);
}

export function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

// -----------------------------------------------------------------------------------------------
// `npm run job` as a child process.

export interface JobExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function startJob(
  args: string[],
  env: Record<string, string>,
  limitMs = 80_000,
): { child: ChildProcess; exited: Promise<JobExit> } {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/job.ts', ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'error',
      DEMO_DATA: '0',
      AS_OF_DATE: TODAY,
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = new Promise<JobExit>((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
  return { child, exited };
}

/**
 * Runs the job to the end. On PostgreSQL a killed run's advisory lock goes with its connection,
 * which the server notices a moment later: "another run holds this slot" is retried briefly.
 */
export async function runJobToEnd(args: string[], env: Record<string, string>): Promise<JobExit> {
  for (let i = 0; ; i++) {
    const r = await startJob(args, env).exited;
    if (!r.stdout.includes('another run holds this slot') || i >= 10) return r;
    await new Promise((res) => setTimeout(res, 500));
  }
}

// -----------------------------------------------------------------------------------------------
// A TCP proxy between a job and PostgreSQL.

/** Forwards a local port to the server; cut() drops every connection and refuses new ones. */
export async function startTcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let server: TcpServer | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((r) => {
      server = createTcpServer((client) => {
        const upstream = connect(target.port, target.host);
        sockets.add(client).add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server?.address() as AddressInfo).port;
        r();
      });
    });
  await listen();
  return {
    get port() {
      return port;
    },
    /** The database "goes away": connections reset, new ones refused. */
    async cut() {
      const s = server;
      server = null;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (s) await new Promise<void>((r) => s.close(() => r()));
    },
    /** It is back, on the same port. */
    restore: () => listen(),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      const s = server;
      server = null;
      if (s) await new Promise<void>((r) => s.close(() => r()));
    },
  };
}

/** Prints measured figures (for the README) in one greppable line. */
export function figures(label: string, values: Record<string, unknown>): void {
  process.stdout.write(`[delivery] ${label} ${JSON.stringify(values)}\n`);
}
