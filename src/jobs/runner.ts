import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { JobDefinition, Notification } from '../../jobs/types.js';
import { todayInLondon, type IsoDate } from '../domain/dates.js';
import type { Settings } from '../settings.js';
import { isDatabaseUnavailable, type Database } from '../store/db.js';
import {
  claimDeliveries,
  deliveriesFor,
  finishDelivery,
  finishJobRun,
  lastRunDateBefore,
  markSending,
  startJobRun,
  takeOverDelivery,
  type DeliveryRow,
} from '../store/deliveries.repository.js';
import { DEFAULT_PREFERENCES, preferencesFor } from '../store/preferences.repository.js';
import { personalConversation } from '../store/conversations.repository.js';
import type { ProactiveSender } from '../teams/sender.js';
import { createConversationResolver, type ConversationResolver } from './conversations.js';
import { gateFor, londonTimeOfDay, type Gate } from './gate.js';

/**
 * Runs one job for one slot: build the messages, claim each recipient's ledger row, apply their
 * preferences, send, and record what happened. Exactly-once per (job, recipient, slot) rests on
 * the ledger's unique index: a row is claimed (insert … on conflict do nothing) before anything is
 * sent and is never sent again once 'sent'. A slot lock keeps a second runner (another replica, a
 * rerun, the deferred sweep) from even building while one is at work.
 *
 * Crash recovery: a run that dies leaves rows 'claimed' (never attempted) or 'sending' (marked
 * inside the sender's pacing slot just before the first attempt went on the wire). The next run of
 * the slot takes them over when it holds the slot lock (so their owner is gone) or their lease has
 * expired, and sends them. A 'claimed' row cannot double. A 'sending' row may: the connector's
 * create is not idempotent and offers no way to ask whether it arrived, so it is resent and its
 * detail says so. That is at-least-once for the messages on the wire at the crash (a few at the
 * default pacing, never more than `concurrency`); nothing recorded as 'sent' is ever sent again.
 *
 * Database outage mid-run: no new message goes out once a ledger write fails (the 'sending' mark
 * comes first) or the slot lock's connection closes; messages already on the wire are finished and
 * their outcome written with retries for a while (settleMs), then the run throws
 * JobInterruptedError. The next run finishes the slot.
 */

export interface RunnerDeps {
  database: Database;
  settings: Settings;
  log: Logger;
  /** Null when this process cannot send (no adapter): deliveries are recorded as failed. */
  sender: ProactiveSender | null;
  resolveConversation?: ConversationResolver;
  /** Sends in flight at once within the run (pacing per tenant is the sender's). */
  concurrency?: number;
  /** A 'claimed' or 'sending' row older than this, whose owner may still be alive, may be taken over. */
  leaseMs?: number;
  /** Runs of the same slot that may retry a failed delivery (the first included). */
  maxAttemptsPerSlot?: number;
  /** Digests are held until this London time (HH:MM) for users who have not chosen their own. */
  defaultDigestTime?: string | null;
  /**
   * When the database stops answering, how long to keep trying to record messages already sent
   * (default 15 s) before giving up: an unrecorded one is sent again by the next run.
   */
  settleMs?: number;
  /** RETENTION_DAYS, for maintenance jobs (default 365). */
  retentionDays?: number;
}

export interface RunOptions {
  today: IsoDate;
  now: Date;
  /** Run even when the job does not run on this date (admin and operator "run now"). */
  force?: boolean;
  /** Only these recipients (lower-case emails): the deferred-delivery sweep. */
  recipients?: ReadonlySet<string>;
  /** Take the slot lock (default). Off only to exercise the ledger claims on their own. */
  lock?: boolean;
  /**
   * Stop early (SIGTERM, shutdown): no new message goes out, the ones on the wire are finished and
   * recorded, and the run throws JobInterruptedError naming the reason. Nothing can double.
   */
  signal?: AbortSignal;
}

export type DeliveryOutcome = 'sent' | 'skipped' | 'unreachable' | 'failed' | 'deferred' | 'already';

export interface DeliveryDetail {
  /** Staff id, never a name or email: summaries end up in logs. */
  staffId: number;
  status: DeliveryOutcome;
  why?: string;
}

export interface RunSummary {
  job: string;
  slot: string;
  today: IsoDate;
  runId: string;
  /** False when nothing was attempted: not a run day, or another runner holds the slot. */
  ran: boolean;
  note?: string;
  sent: number;
  skipped: number;
  unreachable: number;
  failed: number;
  /** Held for quiet hours or a later digest time; the sweep sends them. */
  deferred: number;
  /** Settled by an earlier run of this slot (sent, skipped, unreachable): nothing new to do. */
  already: number;
  details: DeliveryDetail[];
  ms: number;
}

export const DEFAULT_LEASE_MS = 10 * 60_000;
export const DEFAULT_SETTLE_MS = 15_000;

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
class LedgerWriteError extends Error {
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

export function summaryLine(s: RunSummary): string {
  const head = `${s.job} ${s.slot}:`;
  const counts = `sent ${s.sent}, skipped ${s.skipped}, unreachable ${s.unreachable}, failed ${s.failed}`;
  const extra = [s.deferred ? `deferred ${s.deferred}` : '', s.already ? `already done ${s.already}` : '']
    .filter(Boolean)
    .join(', ');
  return `${head} ${counts}${extra ? ` (${extra})` : ''}${s.note ? ` — ${s.note}` : ''}`;
}

/** Reasons and their counts, for the job_runs summary (the ledger keeps the per-recipient rows). */
function reasons(details: DeliveryDetail[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of details) {
    const key = d.why ? `${d.status}: ${d.why}` : d.status;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

// -----------------------------------------------------------------------------------------------
// The slot lock.

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

/**
 * Runs `work` over the items, `concurrency` at a time. The first error stops the pool: no lane
 * starts another item, the items in progress finish (nothing keeps running after this returns),
 * and that error is thrown.
 */
async function inPool<T>(
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

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retries a ledger write while the database is unreachable, for up to `windowMs`. */
async function settle(write: () => Promise<void>, windowMs: number): Promise<void> {
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

interface Candidate {
  key: string;
  notification: Notification;
  gate: Gate;
  /** Taken over from a run that died while sending it: it may already have arrived. */
  interrupted?: boolean;
}

type Outcome = { status: Exclude<DeliveryOutcome, 'already'>; why?: string };
/** Nothing was sent: the run is stopping, or another run took the row over. */
type NotAttempted = { status: 'not-attempted'; lost: boolean };

export async function runJob(def: JobDefinition, deps: RunnerDeps, options: RunOptions): Promise<RunSummary> {
  const { database, settings, log } = deps;
  const started = performance.now();
  const slot = def.slotFor(options.today);
  const runId = randomUUID();
  const summary: RunSummary = {
    job: def.name,
    slot,
    today: options.today,
    runId,
    ran: false,
    sent: 0,
    skipped: 0,
    unreachable: 0,
    failed: 0,
    deferred: 0,
    already: 0,
    details: [],
    ms: 0,
  };
  const done = () => ({ ...summary, ms: Math.round(performance.now() - started) });

  if (!options.force && !def.runsOn(options.today, settings)) {
    summary.note = `${def.name} does not run on ${options.today}`;
    return done();
  }

  const body = async (lockHeld: boolean, lockLost?: AbortSignal) => {
    summary.ran = true;
    await execute(def, deps, options, summary, { slot, runId, lockHeld, lockLost });
    const result = done();
    const { details, ...counts } = result;
    // A pass for a few deferred recipients is not the slot's run: job_runs keeps the main run.
    if (!options.recipients)
      await finishJobRun(database, def.name, slot, { ...counts, reasons: reasons(details) });
    log.info({
      event: 'job_run',
      job: def.name,
      slot,
      runId,
      sent: result.sent,
      skipped: result.skipped,
      unreachable: result.unreachable,
      failed: result.failed,
      deferred: result.deferred,
      already: result.already,
      ms: result.ms,
    });
    return result;
  };

  if (options.lock === false) return body(false);
  const locked = await withSlotLock(database, `${def.name}|${slot}`, (lockLost) => body(true, lockLost));
  if (locked.acquired) return locked.value;
  summary.note = 'another run holds this slot';
  log.info({ event: 'job_slot_busy', job: def.name, slot }, 'another run holds this slot');
  return done();
}

async function execute(
  def: JobDefinition,
  deps: RunnerDeps,
  options: RunOptions,
  summary: RunSummary,
  run: { slot: string; runId: string; lockHeld: boolean; lockLost?: AbortSignal | undefined },
): Promise<void> {
  const { database, settings, log } = deps;
  const { slot, runId } = run;
  const resolve = deps.resolveConversation ?? createConversationResolver({ database, log });
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const maxAttempts = deps.maxAttemptsPerSlot ?? 3;
  const record = (staffId: number, status: DeliveryOutcome, why?: string) => {
    summary[status] += 1;
    summary.details.push(why ? { staffId, status, why } : { staffId, status });
  };

  if (!options.recipients) await startJobRun(database, def.name, slot);
  const lastRunDate = await lastRunDateBefore(database, def.name, options.today);
  let notifications: Notification[];
  try {
    const ctx = {
      database,
      settings,
      log,
      today: options.today,
      now: options.now,
      slot,
      lastRunDate,
      retentionDays: deps.retentionDays ?? 365,
      ...(options.recipients ? { recipients: options.recipients } : {}),
    };
    // Housekeeping first (it sends nothing and writes no ledger rows); its note goes in the summary.
    if (def.maintenance && !options.recipients) summary.note = await def.maintenance(ctx);
    notifications = await def.build(ctx);
  } catch (e) {
    if (options.recipients) throw e;
    await finishJobRun(database, def.name, slot, {
      today: options.today,
      runId,
      error: (e as Error).message,
    });
    throw e;
  }

  // One message per recipient and slot: the first a job returns wins.
  const byKey = new Map<string, Notification>();
  for (const n of notifications) {
    const key = n.recipient.email.toLowerCase();
    if (options.recipients && !options.recipients.has(key)) continue;
    if (!byKey.has(key)) byKey.set(key, n);
  }
  const prefs = await preferencesFor(database, [...byKey.keys()]);
  const time = londonTimeOfDay(options.now);
  const candidates: Candidate[] = [];
  for (const [key, notification] of byKey) {
    const p = prefs.get(key) ?? DEFAULT_PREFERENCES;
    if (notification.empty && !p.sendEmpty) {
      // Nothing to say and not asked for "nothing to report": no message, no ledger row.
      record(notification.recipient.id, 'skipped', 'nothing to report');
      continue;
    }
    candidates.push({
      key,
      notification,
      gate: gateFor(p, notification.category, options.today, time, {
        defaultDigestTime: deps.defaultDigestTime ?? null,
        currentDay: options.today === todayInLondon(options.now),
      }),
    });
  }

  const owned = await claimDeliveries(database, {
    job: def.name,
    slot,
    runId,
    recipients: candidates.map((c) => c.key),
  });
  const work = candidates.filter((c) => owned.has(c.key));
  const others = candidates.filter((c) => !owned.has(c.key));
  const existing = others.length
    ? await deliveriesFor(
        database,
        def.name,
        slot,
        others.map((c) => c.key),
      )
    : new Map<string, DeliveryRow>();
  for (const c of others) {
    const row = existing.get(c.key);
    const staffId = c.notification.recipient.id;
    if (!row) {
      record(staffId, 'already', 'claimed elsewhere');
      continue;
    }
    switch (row.status) {
      case 'claimed':
      case 'sending': {
        const ownerGone = run.lockHeld && row.claimedBy !== runId;
        if (await takeOverDelivery(database, row, runId, { ownerGone, leaseMs }))
          work.push(row.status === 'sending' ? { ...c, interrupted: true } : c);
        else record(staffId, 'already', 'in progress in another run');
        break;
      }
      case 'deferred':
        if (c.gate.kind === 'defer') record(staffId, 'deferred', c.gate.why);
        else if (await takeOverDelivery(database, row, runId, { ownerGone: false, leaseMs })) work.push(c);
        else record(staffId, 'already', 'taken by another run');
        break;
      case 'failed':
        if (
          row.attempts < maxAttempts &&
          (await takeOverDelivery(database, row, runId, { ownerGone: false, leaseMs }))
        )
          work.push(c);
        else record(staffId, 'already', `failed earlier: ${row.detail ?? 'unknown'}`);
        break;
      case 'unreachable': {
        // Nothing reached them: once they have talked to the bot (a reachable chat again), the
        // same slot may still deliver, e.g. a start-up catch-up that ran before they opened the chat.
        const aad = c.notification.recipient.aadObjectId;
        const chat = aad ? await personalConversation(database, aad) : null;
        if (
          chat &&
          !chat.unreachableReason &&
          (await takeOverDelivery(database, row, runId, { ownerGone: false, leaseMs }))
        )
          work.push(c);
        else record(staffId, 'already', `unreachable earlier: ${row.detail ?? 'unknown'}`);
        break;
      }
      default:
        record(staffId, 'already', row.status);
    }
  }

  const settleMs = deps.settleMs ?? DEFAULT_SETTLE_MS;
  const stops = [run.lockLost, options.signal].filter((x): x is AbortSignal => x !== undefined);
  const stop = stops.length ? AbortSignal.any(stops) : undefined;
  let unrecorded = 0;
  let pending = work.length;
  try {
    await inPool(
      work,
      deps.concurrency ?? 8,
      async (c, stopped) => {
        const staffId = c.notification.recipient.id;
        const ledger = { job: def.name, slot, recipient: c.key, runId };
        const beforeSending = async (): Promise<'go' | 'stop' | 'lost'> => {
          if (stopped()) return 'stop';
          try {
            return (await markSending(database, ledger)) ? 'go' : 'lost';
          } catch (e) {
            throw new LedgerWriteError(e);
          }
        };
        let outcome: Outcome | NotAttempted;
        try {
          outcome = await deliver(c, deps.sender, resolve, beforeSending);
        } catch (e) {
          // The ledger or the store is gone: stop the run (this message did not go out).
          if (e instanceof LedgerWriteError || isDatabaseUnavailable(e)) throw e;
          outcome = { status: 'failed', why: `error: ${rootCause(e)}` };
          log.error(
            { event: 'delivery_error', job: def.name, staffId, err: { message: rootCause(e) } },
            'delivery failed',
          );
        }
        if (outcome.status === 'not-attempted') {
          if (outcome.lost) {
            pending -= 1;
            record(staffId, 'already', 'taken over by another run');
          }
          return;
        }
        const { status, why } = outcome;
        try {
          // A message that went out must be recorded, or the next run sends it again: hold on to it.
          await settle(
            () => finishDelivery(database, { ...ledger, status, detail: why ?? null }),
            status === 'sent' ? settleMs : 0,
          );
        } catch (e) {
          if (status === 'sent') {
            unrecorded += 1;
            summary.sent += 1;
            log.error(
              { event: 'delivery_unrecorded', job: def.name, staffId },
              'sent, but the ledger could not be updated: the next run will send it again',
            );
          }
          throw e;
        }
        pending -= 1;
        record(staffId, status, why);
      },
      stop,
    );
  } catch (e) {
    throw interrupted(e, 'run');
  }
  if (pending > 0) {
    // Asked to stop, or the slot lock's connection closed: the run stopped starting new sends.
    if (options.signal?.aborted) throw interrupted(options.signal.reason, 'request');
    if (run.lockLost?.aborted) throw interrupted(run.lockLost.reason, 'lock');
  }

  function interrupted(e: unknown, source: 'run' | 'lock' | 'request'): JobInterruptedError {
    const notSent = pending - unrecorded;
    const cause = rootCause(e instanceof LedgerWriteError ? e.cause : e);
    const what =
      source === 'request'
        ? `stopped on request (${typeof e === 'string' ? e : cause})`
        : e instanceof LedgerWriteError || isDatabaseUnavailable(e)
          ? `the database stopped answering mid-run (${cause})`
          : source === 'lock'
            ? `the database connection holding the slot lock closed (${cause})`
            : `an unexpected error stopped the run (${cause})`;
    log.error({
      event: 'job_interrupted',
      job: def.name,
      slot,
      runId,
      sent: summary.sent,
      notSent,
      unrecorded,
    });
    return new JobInterruptedError(
      `${what}: ${summary.sent} sent by this run, ${notSent} not yet sent` +
        (unrecorded
          ? `, ${unrecorded} sent but not recorded (the next run will send ${unrecorded === 1 ? 'it' : 'them'} again)`
          : '') +
        '. Run the job again to finish the slot: nothing recorded as sent is sent again.',
      { sent: summary.sent, notSent, unrecorded },
      { cause: e },
    );
  }
}

async function deliver(
  c: Candidate,
  sender: ProactiveSender | null,
  resolve: ConversationResolver,
  beforeSending: () => Promise<'go' | 'stop' | 'lost'>,
): Promise<Outcome | NotAttempted> {
  if (c.gate.kind === 'skip') return { status: 'skipped', why: c.gate.why };
  if (c.gate.kind === 'defer') return { status: 'deferred', why: c.gate.why };
  const resolved = await resolve(c.notification.recipient);
  if (!resolved.ok) return { status: 'unreachable', why: resolved.reason };
  if (!sender) return { status: 'failed', why: 'no sender in this process' };
  let lost = false;
  const result = await sender.send(resolved.conversation, c.notification.reply, {
    beforeFirstAttempt: async () => {
      const verdict = await beforeSending();
      lost = verdict === 'lost';
      return verdict === 'go';
    },
  });
  if (!result.ok && result.cancelled) return { status: 'not-attempted', lost };
  if (result.ok) {
    const notes = [
      result.attempts && result.attempts > 1 ? `after ${result.attempts} attempts` : '',
      result.uncertain ? 'an earlier attempt timed out, so it may have arrived twice' : '',
      c.interrupted ? 'resent: an interrupted run was sending it, so it may have arrived twice' : '',
    ].filter(Boolean);
    return notes.length ? { status: 'sent', why: notes.join('; ') } : { status: 'sent' };
  }
  const attempts = result.attempts
    ? ` after ${result.attempts} attempt${result.attempts === 1 ? '' : 's'}`
    : '';
  if (result.unreachable) return { status: 'unreachable', why: result.reason };
  return { status: 'failed', why: `${result.reason}${attempts}` };
}
