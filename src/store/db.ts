import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { schema } from './schema.js';
import { withDeadline } from '../timing.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** The database or a transaction on it: what a write that may be part of a larger one takes. */
export type Writer = Db | Tx;

export type DatabaseTarget = { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string };

export interface Database {
  db: Db;
  kind: DatabaseTarget['kind'];
  /** The postgres.js client behind `db` on a server (COPY for the import); absent on PGlite. */
  postgres?: postgres.Sql;
  /** Raw rows of a query, the same shape on both drivers. */
  rows<T extends Record<string, unknown>>(query: SQL): Promise<T[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export class DatabaseLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database at ${dir} is in use by another process (pid ${pid}), probably the running server. ` +
        `Stop it first, or run this against a PostgreSQL server (DATABASE_URL=postgres://…).`,
    );
    this.name = 'DatabaseLockedError';
  }
}

/** The database server cannot be reached (refused, timed out, shut down): not a fault of the request. */
export class DatabaseUnavailableError extends Error {
  readonly code = 'DB_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

/** How long a health check waits for the database before calling it unavailable. */
export const PING_TIMEOUT_MS = 2_000;
/** Seconds postgres.js waits for a TCP connection (and the server's hello) before giving up. */
export const CONNECT_TIMEOUT_SECONDS = 5;

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  // postgres.js
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  // PostgreSQL: too many connections, shutting down, starting up
  '53300',
  '57P01',
  '57P02',
  '57P03',
]);
const POSTGRES_JS_CODES = new Set([
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);

/**
 * True when an error says the database could not be reached, as opposed to a query or data
 * problem, or some other service being down: the chain (drizzle puts the driver's error in
 * `cause`) must show both a database source (a DatabaseUnavailableError, drizzle's failed-query
 * wrapper, a PostgreSQL or postgres.js error) and a connection failure.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  let fromDatabase = false;
  let connection = false;
  let current: unknown = e;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    if (current instanceof DatabaseUnavailableError) return true;
    const o = current as { code?: unknown; name?: unknown; query?: unknown; cause?: unknown };
    const code = typeof o.code === 'string' ? o.code : '';
    if (typeof o.query === 'string' || o.name === 'PostgresError' || POSTGRES_JS_CODES.has(code))
      fromDatabase = true;
    // SQLSTATE class 08: connection exception.
    if (CONNECTION_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) connection = true;
    current = o.cause;
  }
  return fromDatabase && connection;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return withDeadline(promise, ms, (): never => {
    throw new DatabaseUnavailableError(`${what} did not answer within ${ms} ms`);
  });
}

/** host:port/database of a postgres:// URL, without the user name or password. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname || ''}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockHolder(lockFile: string): number | null {
  try {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * PGlite is single-process: a lock file stops a second process from opening (and corrupting) it.
 * The file is created exclusively (`wx`), so of two processes starting at the same instant exactly
 * one gets it; the other is told who holds it. A lock left by a process that died is taken over
 * by renaming it aside first, which only one process can do.
 */
function lockPgliteDir(dir: string): () => void {
  const lockFile = `${dir}.lock`;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const pid = lockHolder(lockFile);
    if (pid === process.pid) return () => rmSync(lockFile, { force: true });
    if (pid !== null && isAlive(pid)) throw new DatabaseLockedError(dir, pid);
    if (pid === null) {
      // Just created by another process, which has not written its pid yet.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      const now = lockHolder(lockFile);
      if (now !== null && isAlive(now)) throw new DatabaseLockedError(dir, now);
      if (now === null) continue;
    }
    const aside = `${lockFile}.${process.pid}.stale`;
    try {
      renameSync(lockFile, aside);
    } catch {
      continue;
    }
    const moved = lockHolder(aside);
    if (moved !== null && moved !== pid && isAlive(moved)) {
      // Someone took the lock between the check and the rename: theirs goes back.
      renameSync(aside, lockFile);
      throw new DatabaseLockedError(dir, moved);
    }
    rmSync(aside, { force: true });
  }
  throw new DatabaseLockedError(dir, lockHolder(lockFile) ?? 0);
}

/** Any fixed number: the advisory lock every process takes around migrating. */
const MIGRATION_LOCK = 720_014;

/**
 * Applies the migrations holding a session-level advisory lock, so processes starting at once on
 * a new database migrate one after another (the later ones find nothing left to do) instead of
 * racing to create the same tables.
 */
async function migrateOnce(client: postgres.Sql): Promise<void> {
  let session: postgres.ReservedSql;
  try {
    session = await client.reserve();
  } catch (e) {
    // The first connection: a refusal here is the server being unreachable, as for any query.
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODES.has(code))
      throw new DatabaseUnavailableError((e as Error).message, { cause: e });
    throw e;
  }
  // On a failure nothing more is sent on the session (postgres.js would throw from a timer on a
  // closed connection): the caller ends the client, and the lock goes with the connection.
  await session`select pg_advisory_lock(${MIGRATION_LOCK})`;
  await migratePostgres(drizzlePostgres(client), { migrationsFolder });
  await session`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  session.release();
}

/** Opens the database named by the target and applies the committed migrations. */
export async function openDatabase(
  target: DatabaseTarget,
  options: { migrate?: boolean } = {},
): Promise<Database> {
  const doMigrate = options.migrate ?? true;
  if (target.kind === 'pglite') {
    // Loaded only when used: the embedded engine adds ~50 MB to a process that talks to a server
    // (docs/benchmarks.md, bot memory).
    const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('drizzle-orm/pglite'),
      import('drizzle-orm/pglite/migrator'),
    ]);
    const inMemory = target.dir === 'memory://' || target.dir === '';
    let unlock = () => {};
    let client: PGlite;
    if (inMemory) {
      client = new PGlite();
    } else {
      const dir = resolve(target.dir);
      mkdirSync(dirname(dir), { recursive: true });
      unlock = lockPgliteDir(dir);
      client = new PGlite(dir);
    }
    await client.waitReady;
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    if (doMigrate) await migratePglite(drizzlePglite(client), { migrationsFolder });
    return {
      db,
      kind: 'pglite',
      async rows<T extends Record<string, unknown>>(query: SQL) {
        const result = (await db.execute<T>(query)) as { rows: T[] };
        return result.rows;
      },
      async ping() {
        await withTimeout(client.query('select 1'), PING_TIMEOUT_MS, 'the embedded database');
      },
      async close() {
        await client.close();
        unlock();
      },
    };
  }
  const client = postgres(target.url, {
    max: 10,
    onnotice: () => {},
    // A dead server fails a query within this bound instead of hanging it; postgres.js connects
    // lazily and again on the next query, so the app recovers by itself when the server is back.
    connect_timeout: CONNECT_TIMEOUT_SECONDS,
  });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  try {
    if (doMigrate) await migrateOnce(client);
  } catch (e) {
    await client.end({ timeout: 1 }).catch(() => {});
    if (!isDatabaseUnavailable(e)) throw e;
    const cause = e as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
    const reason = cause.cause?.message ?? cause.message;
    throw new DatabaseUnavailableError(
      `cannot connect to the PostgreSQL server at ${describePostgresUrl(target.url)} (${String(reason)}). ` +
        `Check that it is running and that DATABASE_URL is right.`,
      { cause: e },
    );
  }
  return {
    db,
    kind: 'postgres',
    postgres: client,
    async rows<T extends Record<string, unknown>>(query: SQL) {
      return (await db.execute<T>(query)) as T[];
    },
    async ping() {
      await withTimeout(db.execute(sql`select 1`), PING_TIMEOUT_MS, 'the PostgreSQL server');
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}
