import { isDatabaseUnavailable } from '../store/db.js';
import { sleep } from '../timing.js';

/**
 * Runs `work` over the items, `concurrency` at a time. The first error stops the pool: no lane
 * starts another item, the items in progress finish (nothing keeps running after this returns),
 * and that error is thrown.
 */
export async function inPool<T>(
  items: T[],
  concurrency: number,
  work: (item: T, stopped: () => boolean) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const stopped = () => failure !== null || signal?.aborted === true;
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (!stopped() && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item, stopped);
      } catch (error) {
        failure ??= { error };
      }
    }
  });
  await Promise.all(lanes);
  if (failure) throw (failure as { error: unknown }).error;
}

/** Retries a ledger write while the database is unreachable, for up to `windowMs`. */
export async function settle(write: () => Promise<void>, windowMs: number): Promise<void> {
  const deadline = Date.now() + windowMs;
  let wait = 250;
  for (;;) {
    try {
      await write();
      return;
    } catch (e) {
      if (!isDatabaseUnavailable(e) || Date.now() + wait > deadline) throw e;
      await sleep(wait);
      wait = Math.min(wait * 2, 2_000);
    }
  }
}
