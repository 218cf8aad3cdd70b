import { sql } from 'drizzle-orm';
import type { Database } from './db.js';

const heldInProcess = new WeakMap<object, Set<string>>();

/**
 * One runner per (job, slot). Within a process a set of held keys decides (that is all PGlite,
 * single-process by its lock file, needs). On PostgreSQL a transaction-scoped advisory lock,
 * pg_try_advisory_xact_lock(hashtext(job|slot)), is held on a dedicated connection for the run:
 * it coordinates replicas, and if this process dies the connection closes and the lock goes with
 * it, so a dead runner never blocks the slot. (The transaction holds no row locks and writes
 * nothing; the run's own writes go through the pool.)
 *
 * If that connection closes while `fn` is at work (the server went away), the lock is gone: `fn`'s
 * signal is aborted so it stops starting new work, and this still waits for `fn` to finish what it
 * has in hand. The transaction's callback then never returns: postgres.js (3.4) fails the
 * transaction as soon as its connection closes, but would still send COMMIT down the closed
 * connection once the callback returned, and that throws from a timer and kills the process.
 */
export async function withSlotLock<T>(
  database: Database,
  key: string,
  fn: (lockLost: AbortSignal) => Promise<T>,
): Promise<{ acquired: true; value: T } | { acquired: false }> {
  let held = heldInProcess.get(database.db);
  if (!held) heldInProcess.set(database.db, (held = new Set()));
  if (held.has(key)) return { acquired: false };
  held.add(key);
  const lost = new AbortController();
  try {
    if (database.kind === 'pglite') return { acquired: true, value: await fn(lost.signal) };
    let release = () => {};
    const done = new Promise<void>((resolve) => (release = resolve));
    // (Boxed: a promise resolved with a promise would wait for it.)
    let started: (run: { work: Promise<T> } | null) => void = () => {};
    const locked = new Promise<{ work: Promise<T> } | null>((resolve) => (started = resolve));
    const transaction = database.db.transaction(async (tx) => {
      // The transaction sits idle for the whole run: a server-wide idle timeout must not end it.
      await tx.execute(sql`set local idle_in_transaction_session_timeout = 0`);
      const result: unknown = await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext(${key})) as ok`);
      const rows = result as { ok: boolean }[];
      if (!rows[0]?.ok) return started(null);
      started({ work: fn(lost.signal) });
      await done;
    });
    const run = await Promise.race([locked, transaction.then(() => null)]);
    if (!run) {
      await transaction;
      return { acquired: false };
    }
    transaction.catch((e: unknown) => lost.abort(e));
    try {
      return { acquired: true, value: await run.work };
    } finally {
      // Let every reaction to a close that has already happened run before deciding to commit.
      await new Promise((resolve) => setImmediate(resolve));
      if (!lost.signal.aborted) {
        release();
        await transaction.catch(() => {});
      }
    }
  } finally {
    held.delete(key);
  }
}
