import { isDatabaseUnavailable } from '../store/db.js';

/**
 * A run stopped part-way, nearly always because the database stopped answering. What was recorded
 * stays recorded; running the job again for the slot finishes the rest.
 */
export class JobInterruptedError extends Error {
  constructor(
    message: string,
    readonly progress: { sent: number; notSent: number; unrecorded: number },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'JobInterruptedError';
  }
}

/** A ledger write the runner must make before sending failed: nothing may go out. */
export class LedgerWriteError extends Error {
  constructor(cause: unknown) {
    super('the delivery ledger could not be written', { cause });
    this.name = 'LedgerWriteError';
  }
}

/**
 * The innermost cause of an error (drizzle wraps driver errors in "Failed query: <sql> params:
 * <values>", and the values are recipients' emails: never print that), as "CODE: message".
 */
export function rootCause(e: unknown): string {
  let current: unknown = e;
  for (let depth = 0; depth < 6; depth++) {
    const next = (current as { cause?: unknown } | null)?.cause;
    if (!next || typeof next !== 'object') break;
    current = next;
  }
  const o = (current ?? {}) as { code?: unknown; message?: unknown };
  const message = typeof o.message === 'string' ? o.message.split('\n')[0]!.slice(0, 200) : String(current);
  return message.startsWith('Failed query') ? 'query failed' : message;
}

/** One line for an operator (stderr, logs) saying why a run failed, without SQL parameters. */
export function describeJobError(e: unknown): string {
  if (e instanceof JobInterruptedError) return e.message;
  if (isDatabaseUnavailable(e)) return `the database is unavailable (${rootCause(e)})`;
  return rootCause(e);
}
