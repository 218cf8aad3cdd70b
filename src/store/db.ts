import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { schema } from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseTarget = { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string };

export interface Database {
  db: Db;
  kind: DatabaseTarget['kind'];
  /** Raw rows of a query, the same shape on both drivers. */
  rows<T extends Record<string, unknown>>(query: SQL): Promise<T[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export class DatabaseLockedError extends Error {
  constructor(readonly dir: string, readonly pid: number) {
    super(
      `The embedded database at ${dir} is in use by another process (pid ${pid}), probably the running server. ` +
        `Stop it first, or run this against a PostgreSQL server (DATABASE_URL=postgres://…).`,
    );
    this.name = 'DatabaseLockedError';
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

/** PGlite is single-process: a lock file stops a second process from opening (and corrupting) it. */
function lockPgliteDir(dir: string): () => void {
  const lockFile = `${dir}.lock`;
  try {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    if (pid && pid !== process.pid && isAlive(pid)) throw new DatabaseLockedError(dir, pid);
  } catch (e) {
    if (e instanceof DatabaseLockedError) throw e;
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

/** Opens the database named by the target and applies the committed migrations. */
export async function openDatabase(target: DatabaseTarget, options: { migrate?: boolean } = {}): Promise<Database> {
  const doMigrate = options.migrate ?? true;
  if (target.kind === 'pglite') {
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
        const result = (await db.execute(query)) as unknown as { rows: T[] };
        return result.rows;
      },
      async ping() {
        await client.query('select 1');
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
    connect_timeout: 10,
  });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  if (doMigrate) await migratePostgres(drizzlePostgres(client), { migrationsFolder });
  return {
    db,
    kind: 'postgres',
    async rows<T extends Record<string, unknown>>(query: SQL) {
      return (await db.execute(query)) as unknown as T[];
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}
