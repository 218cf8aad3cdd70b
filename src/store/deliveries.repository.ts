import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from './db.js';
import { deliveries, jobRuns } from './schema.js';

/**
 * The delivery ledger: one row per (job, recipient, slot), claimed before anything is sent. The
 * unique index makes the claim the arbiter between reruns, replicas and restarts.
 *
 * status: claimed (a run owns it) → sending (its first attempt is about to go on the wire) →
 * sent | skipped | unreachable | failed | deferred; `detail` says why for everything but sent. A
 * 'deferred' row waits for quiet hours or the recipient's digest time; a 'failed' row may be
 * retried by a later run of the same slot. A row left 'claimed' by a dead run was never sent; a
 * row left 'sending' may have reached Teams (the connector's create is not idempotent), so the
 * run that resumes it says so in `detail`.
 */
export type DeliveryStatus =
  'claimed' | 'sending' | 'sent' | 'skipped' | 'unreachable' | 'failed' | 'deferred';

/** Statuses of a row some run owns: nobody else may send it until its owner is gone or its lease expires. */
export const OWNED_STATUSES: readonly DeliveryStatus[] = ['claimed', 'sending'];

export type DeliveryRow = typeof deliveries.$inferSelect;

const CHUNK = 500;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Claims the rows nobody holds yet; returns the recipients this run now owns. */
export async function claimDeliveries(
  database: Database,
  input: { job: string; slot: string; runId: string; recipients: string[] },
): Promise<Set<string>> {
  const claimed = new Set<string>();
  for (const part of chunks(input.recipients)) {
    const rows = await database.db
      .insert(deliveries)
      .values(
        part.map((recipient) => ({
          job: input.job,
          slot: input.slot,
          recipient,
          status: 'claimed',
          attempts: 1,
          claimedBy: input.runId,
        })),
      )
      .onConflictDoNothing({ target: [deliveries.job, deliveries.recipient, deliveries.slot] })
      .returning({ recipient: deliveries.recipient });
    for (const r of rows) claimed.add(r.recipient);
  }
  return claimed;
}

export async function deliveriesFor(
  database: Database,
  job: string,
  slot: string,
  recipients: string[],
): Promise<Map<string, DeliveryRow>> {
  const out = new Map<string, DeliveryRow>();
  for (const part of chunks(recipients)) {
    const rows = await database.db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.job, job), eq(deliveries.slot, slot), inArray(deliveries.recipient, part)));
    for (const r of rows) out.set(r.recipient, r);
  }
  return out;
}

/**
 * Takes over a row another run left behind: compare-and-set on (status, attempts), so of two
 * runs racing for the same row exactly one wins. A 'claimed' row is only taken when its owner is
 * known to be gone (`ownerGone`, e.g. this run holds the slot lock) or its lease has expired.
 */
export async function takeOverDelivery(
  database: Database,
  row: Pick<DeliveryRow, 'id' | 'status' | 'attempts'>,
  runId: string,
  options: { ownerGone: boolean; leaseMs: number },
): Promise<boolean> {
  const leaseSeconds = Math.max(1, Math.round(options.leaseMs / 1000));
  const rows = await database.rows<{ id: number }>(sql`
    update deliveries
       set status = 'claimed', claimed_by = ${runId}, claimed_at = now(), attempts = attempts + 1,
           finished_at = null, detail = null
     where id = ${row.id} and status = ${row.status} and attempts = ${row.attempts}
       and (status not in ('claimed', 'sending') or ${options.ownerGone}
            or claimed_at < now() - make_interval(secs => ${leaseSeconds}))
     returning id`);
  return rows.length === 1;
}

/**
 * Marks a row this run owns as 'sending', just before its first attempt goes out. False when the
 * run no longer owns it (another run took it over after the lease expired): then it must not send.
 */
export async function markSending(
  database: Database,
  input: { job: string; slot: string; recipient: string; runId: string },
): Promise<boolean> {
  const rows = await database.rows<{ id: number }>(sql`
    update deliveries set status = 'sending'
     where job = ${input.job} and slot = ${input.slot} and recipient = ${input.recipient}
       and claimed_by = ${input.runId} and status = 'claimed'
     returning id`);
  return rows.length === 1;
}

/** Records the outcome of a row this run owns. */
export async function finishDelivery(
  database: Database,
  input: {
    job: string;
    slot: string;
    recipient: string;
    runId: string;
    status: Exclude<DeliveryStatus, 'claimed'>;
    detail?: string | null;
  },
): Promise<void> {
  await database.db
    .update(deliveries)
    .set({ status: input.status, detail: input.detail ?? null, finishedAt: new Date() })
    .where(
      and(
        eq(deliveries.job, input.job),
        eq(deliveries.slot, input.slot),
        eq(deliveries.recipient, input.recipient),
        eq(deliveries.claimedBy, input.runId),
        inArray(deliveries.status, [...OWNED_STATUSES]),
      ),
    );
}

/** Counts per job, status and reason for the given (job, slot) pairs: no recipients, no content. */
export async function deliveryCounts(
  database: Database,
  slots: { job: string; slot: string }[],
): Promise<{ job: string; slot: string; status: string; detail: string | null; n: number }[]> {
  if (!slots.length) return [];
  const pairs = sql.join(
    slots.map((s) => sql`(${s.job}, ${s.slot})`),
    sql`, `,
  );
  const rows = await database.rows<{
    job: string;
    slot: string;
    status: string;
    detail: string | null;
    n: number;
  }>(sql`
    select job, slot, status, case when status = 'sent' then null else detail end as detail, count(*)::int as n
      from deliveries
     where (job, slot) in (${pairs})
     group by 1, 2, 3, 4
     order by 1, 3, 4`);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** (job, slot) pairs with deliveries waiting for quiet hours or a digest time to pass. */
export async function deferredSlots(
  database: Database,
  since: Date,
): Promise<{ job: string; slot: string; recipients: string[] }[]> {
  const rows = await database.rows<{ job: string; slot: string; recipient: string }>(sql`
    select job, slot, recipient from deliveries
     where claimed_at >= ${since.toISOString()}::timestamptz and status = 'deferred'
     order by job, slot`);
  const out = new Map<string, { job: string; slot: string; recipients: string[] }>();
  for (const r of rows) {
    const key = `${r.job}\u0000${r.slot}`;
    const entry = out.get(key) ?? { job: r.job, slot: r.slot, recipients: [] };
    entry.recipients.push(r.recipient);
    out.set(key, entry);
  }
  return [...out.values()];
}

/**
 * Recipients a delivery could not reach since `since` (no chat, app not installed, blocked), each
 * once with the latest job and reason: what operators are told so they can act.
 */
export async function unreachableSince(
  database: Database,
  since: Date,
): Promise<{ recipient: string; job: string; detail: string | null }[]> {
  return database.rows<{ recipient: string; job: string; detail: string | null }>(sql`
    select distinct on (recipient) recipient, job, detail from deliveries
     where status = 'unreachable' and finished_at >= ${since.toISOString()}::timestamptz
     order by recipient, finished_at desc
     limit 200`);
}

/**
 * Deferred rows of a slot that is no longer current: recorded as skipped, because delivering
 * yesterday's digest today would present old news as new.
 */
export async function skipDeferred(
  database: Database,
  job: string,
  slot: string,
  why: string,
): Promise<number> {
  const rows = await database.rows<{ id: number }>(sql`
    update deliveries set status = 'skipped', detail = ${why}, finished_at = now()
     where job = ${job} and slot = ${slot} and status = 'deferred'
     returning id`);
  return rows.length;
}

// ---------------------------------------------------------------------------------------------
// job_runs: one row per (job, slot); finished_at null = started but never finished.

export async function startJobRun(database: Database, job: string, slot: string): Promise<void> {
  await database.db
    .insert(jobRuns)
    .values({ job, slot })
    .onConflictDoUpdate({
      target: [jobRuns.job, jobRuns.slot],
      set: { startedAt: new Date(), finishedAt: null },
    });
}

export async function finishJobRun(
  database: Database,
  job: string,
  slot: string,
  summary: unknown,
): Promise<void> {
  await database.db
    .update(jobRuns)
    .set({ finishedAt: new Date(), summary })
    .where(and(eq(jobRuns.job, job), eq(jobRuns.slot, slot)));
}

/**
 * Records a slot the start-up catch-up did not send because its content was no longer current:
 * finished, so a restart does not weigh it again, and without a `today`, so "since the last run"
 * still counts from the last run that sent.
 */
export async function recordSkippedRun(
  database: Database,
  job: string,
  slot: string,
  note: string,
): Promise<void> {
  await database.db
    .insert(jobRuns)
    .values({ job, slot, finishedAt: new Date(), summary: { skipped: true, note } })
    .onConflictDoUpdate({
      target: [jobRuns.job, jobRuns.slot],
      set: { finishedAt: new Date(), summary: { skipped: true, note } },
    });
}

export async function jobRunFor(database: Database, job: string, slot: string) {
  const [row] = await database.db
    .select()
    .from(jobRuns)
    .where(and(eq(jobRuns.job, job), eq(jobRuns.slot, slot)))
    .limit(1);
  return row ?? null;
}

/** The `today` of this job's latest finished run for a date before `before`, if any. */
export async function lastRunDateBefore(
  database: Database,
  job: string,
  before: string,
): Promise<string | null> {
  const [row] = await database.rows<{ d: string | null }>(sql`
    select max(summary->>'today') as d from job_runs
     where job = ${job} and finished_at is not null and summary->>'today' < ${before}`);
  return row?.d ?? null;
}

// ---------------------------------------------------------------------------------------------
// Retention.

const PRUNE_BATCH = 5000;

/**
 * Deletes rows of `table` whose `column` is before `before`, in batches (short transactions, no
 * long lock on a busy table); returns how many went. Table and column are code, never input.
 */
export async function pruneBefore(
  database: Database,
  table: 'deliveries' | 'job_runs' | 'audit_log',
  column: 'claimed_at' | 'started_at' | 'at',
  before: Date,
): Promise<number> {
  const t = sql.identifier(table);
  const c = sql.identifier(column);
  let total = 0;
  for (;;) {
    const [row] = await database.rows<{ n: number }>(sql`
      with gone as (
        delete from ${t} where id in (
          select id from ${t} where ${c} < ${before.toISOString()}::timestamptz limit ${PRUNE_BATCH})
        returning 1)
      select count(*)::int as n from gone`);
    const n = Number(row?.n ?? 0);
    total += n;
    if (n < PRUNE_BATCH) return total;
  }
}
