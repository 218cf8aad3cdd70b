import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { JobDefinition, Notification } from '../../jobs/types.js';
import type { IsoDate } from '../domain/dates.js';
import type { Settings } from '../settings.js';
import type { Database } from '../store/db.js';
import {
  claimDeliveries,
  deliveriesFor,
  finishDelivery,
  finishJobRun,
  lastRunDateBefore,
  startJobRun,
  takeOverDelivery,
  type DeliveryRow,
} from '../store/deliveries.repository.js';
import { DEFAULT_PREFERENCES, preferencesFor } from '../store/preferences.repository.js';
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
 * Crash recovery: a run that dies leaves rows 'claimed'. The next run of the slot takes them over
 * when it holds the slot lock (so their owner is gone) or their lease has expired, and sends them.
 * A message that was in flight at the moment of the crash may therefore arrive twice; nothing
 * recorded as 'sent' is ever sent again.
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
  /** A 'claimed' row older than this, whose owner may still be alive, may be taken over. */
  leaseMs?: number;
  /** Runs of the same slot that may retry a failed delivery (the first included). */
  maxAttemptsPerSlot?: number;
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

export function summaryLine(s: RunSummary): string {
  const head = `${s.job} ${s.slot}:`;
  const counts = `sent ${s.sent}, skipped ${s.skipped}, unreachable ${s.unreachable}, failed ${s.failed}`;
  const extra = [s.deferred ? `deferred ${s.deferred}` : '', s.already ? `already done ${s.already}` : ''].filter(Boolean).join(', ');
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
 */
export async function withSlotLock<T>(
  database: Database,
  key: string,
  fn: () => Promise<T>,
): Promise<{ acquired: true; value: T } | { acquired: false }> {
  let held = heldInProcess.get(database.db);
  if (!held) heldInProcess.set(database.db, (held = new Set()));
  if (held.has(key)) return { acquired: false };
  held.add(key);
  try {
    if (database.kind === 'pglite') return { acquired: true, value: await fn() };
    let outcome: { acquired: true; value: T } | { acquired: false } = { acquired: false };
    await database.db.transaction(async (tx) => {
      const result: unknown = await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext(${key})) as ok`);
      const rows = result as { ok: boolean }[];
      if (!rows[0]?.ok) return;
      outcome = { acquired: true, value: await fn() };
    });
    return outcome;
  } finally {
    held.delete(key);
  }
}

async function inPool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(lanes);
}

interface Candidate {
  key: string;
  notification: Notification;
  gate: Gate;
}

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

  const body = async (lockHeld: boolean) => {
    summary.ran = true;
    await execute(def, deps, options, summary, { slot, runId, lockHeld });
    const result = done();
    const { details, ...counts } = result;
    await finishJobRun(database, def.name, slot, { ...counts, reasons: reasons(details) });
    log.info({ event: 'job_run', job: def.name, slot, runId, sent: result.sent, skipped: result.skipped, unreachable: result.unreachable, failed: result.failed, deferred: result.deferred, already: result.already, ms: result.ms });
    return result;
  };

  if (options.lock === false) return body(false);
  const locked = await withSlotLock(database, `${def.name}|${slot}`, () => body(true));
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
  run: { slot: string; runId: string; lockHeld: boolean },
): Promise<void> {
  const { database, settings, log } = deps;
  const { slot, runId } = run;
  const resolve = deps.resolveConversation ?? createConversationResolver({ database, log });
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const maxAttempts = deps.maxAttemptsPerSlot ?? 3;
  const record = (staffId: number, status: DeliveryOutcome, why?: string) => {
    if (status !== 'already') summary[status] += 1;
    else summary.already += 1;
    summary.details.push(why ? { staffId, status, why } : { staffId, status });
  };

  await startJobRun(database, def.name, slot);
  const lastRunDate = await lastRunDateBefore(database, def.name, options.today);
  let notifications: Notification[];
  try {
    notifications = await def.build({
      database,
      settings,
      log,
      today: options.today,
      now: options.now,
      slot,
      lastRunDate,
      ...(options.recipients ? { recipients: options.recipients } : {}),
    });
  } catch (e) {
    await finishJobRun(database, def.name, slot, { today: options.today, runId, error: (e as Error).message });
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
    candidates.push({ key, notification, gate: gateFor(p, notification.category, options.today, time) });
  }

  const owned = await claimDeliveries(database, { job: def.name, slot, runId, recipients: candidates.map((c) => c.key) });
  const work = candidates.filter((c) => owned.has(c.key));
  const others = candidates.filter((c) => !owned.has(c.key));
  const existing = others.length ? await deliveriesFor(database, def.name, slot, others.map((c) => c.key)) : new Map<string, DeliveryRow>();
  for (const c of others) {
    const row = existing.get(c.key);
    const staffId = c.notification.recipient.id;
    if (!row) {
      record(staffId, 'already', 'claimed elsewhere');
      continue;
    }
    switch (row.status) {
      case 'claimed': {
        const ownerGone = run.lockHeld && row.claimedBy !== runId;
        if (await takeOverDelivery(database, row, runId, { ownerGone, leaseMs })) work.push(c);
        else record(staffId, 'already', 'in progress in another run');
        break;
      }
      case 'deferred':
        if (c.gate.kind === 'defer') record(staffId, 'deferred', c.gate.why);
        else if (await takeOverDelivery(database, row, runId, { ownerGone: false, leaseMs })) work.push(c);
        else record(staffId, 'already', 'taken by another run');
        break;
      case 'failed':
        if (row.attempts < maxAttempts && (await takeOverDelivery(database, row, runId, { ownerGone: false, leaseMs }))) work.push(c);
        else record(staffId, 'already', `failed earlier: ${row.detail ?? 'unknown'}`);
        break;
      default:
        record(staffId, 'already', row.status);
    }
  }

  await inPool(work, deps.concurrency ?? 8, async (c) => {
    const staffId = c.notification.recipient.id;
    let outcome: { status: Exclude<DeliveryOutcome, 'already'>; why?: string };
    try {
      outcome = await deliver(c, deps.sender, resolve);
    } catch (e) {
      outcome = { status: 'failed', why: `error: ${(e as Error).message.slice(0, 200)}` };
      log.error({ event: 'delivery_error', job: def.name, staffId, err: { message: (e as Error).message } }, 'delivery failed');
    }
    await finishDelivery(database, {
      job: def.name,
      slot,
      recipient: c.key,
      runId,
      status: outcome.status,
      detail: outcome.why ?? null,
    });
    record(staffId, outcome.status, outcome.why);
  });
}

async function deliver(
  c: Candidate,
  sender: ProactiveSender | null,
  resolve: ConversationResolver,
): Promise<{ status: Exclude<DeliveryOutcome, 'already'>; why?: string }> {
  if (c.gate.kind === 'skip') return { status: 'skipped', why: c.gate.why };
  if (c.gate.kind === 'defer') return { status: 'deferred', why: c.gate.why };
  const resolved = await resolve(c.notification.recipient);
  if (!resolved.ok) return { status: 'unreachable', why: resolved.reason };
  if (!sender) return { status: 'failed', why: 'no sender in this process' };
  const result = await sender.send(resolved.conversation, c.notification.reply);
  if (result.ok) return result.attempts && result.attempts > 1 ? { status: 'sent', why: `after ${result.attempts} attempts` } : { status: 'sent' };
  const attempts = result.attempts ? ` after ${result.attempts} attempt${result.attempts === 1 ? '' : 's'}` : '';
  if (result.unreachable) return { status: 'unreachable', why: result.reason };
  return { status: 'failed', why: `${result.reason}${attempts}` };
}
