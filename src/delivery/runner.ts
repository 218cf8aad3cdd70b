import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { JobDefinition, Notification } from './job.js';
import { todayInLondon, type IsoDate } from '../domain/dates.js';
import type { Settings } from '../settings.js';
import { isDatabaseUnavailable, type Database } from '../store/db.js';
import {
  claimDeliveries,
  finishDelivery,
  finishJobRun,
  lastRunDateBefore,
  markSending,
  startJobRun,
} from '../store/deliveries.repository.js';
import { DEFAULT_PREFERENCES, preferencesFor } from '../store/preferences.repository.js';

import { createConversationResolver, type ConversationResolver } from './conversations.js';
import { gateFor, londonTimeOfDay } from './gate.js';
import { reclaim, type Candidate } from './reclaim.js';
import { inPool, settle } from './pool.js';
import { JobInterruptedError, LedgerWriteError, rootCause } from './errors.js';
import { reasons, type DeliveryOutcome, type RunSummary } from './summary.js';
import { withSlotLock } from '../store/slot-lock.js';
import { freshnessOf } from '../store/imports.repository.js';
import { withDataAge } from '../cards/data-age.js';
import type { ProactiveSender } from './sender.js';

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

export const DEFAULT_LEASE_MS = 10 * 60_000;
export const DEFAULT_SETTLE_MS = 15_000;

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
    if (def.extracts?.length && notifications.length) {
      const freshness = await freshnessOf(database, def.extracts, options.now, settings);
      notifications = notifications.map((n) => ({ ...n, reply: withDataAge(n.reply, freshness) }));
    }
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
  work.push(
    ...(await reclaim(
      database,
      candidates.filter((c) => !owned.has(c.key)),
      { job: def.name, slot, runId, lockHeld: run.lockHeld, leaseMs, maxAttempts },
      record,
    )),
  );

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
  if (c.notification.failure) return { status: 'failed', why: c.notification.failure };
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
