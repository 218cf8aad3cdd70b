import { and, asc, between, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { IsoDate } from '../domain/dates.js';
import { OPEN_OUTCOMES, type DipOutcome } from '../domain/dip.js';
import { recordWriteAudit } from './audit.repository.js';
import type { Database } from './db.js';
import { claimAction } from './receipts.repository.js';
import { dipBreaches, dipOutcomeHistory } from './schema.js';

export type DipBreachRow = typeof dipBreaches.$inferSelect;

// Written to imply the partial index's predicate (current_outcome is null or one that leaves the
// clock running): arrested, circulated and engaging breaches still need charging in time.
const isOpen = or(
  isNull(dipBreaches.currentOutcome),
  inArray(dipBreaches.currentOutcome, [...OPEN_OUTCOMES]),
);

/** Open breaches (no terminal outcome) whose last day to charge falls from `from` to `to`, soonest first. */
export async function openBreachesExpiring(
  database: Database,
  from: IsoDate,
  to: IsoDate,
): Promise<DipBreachRow[]> {
  return database.db
    .select()
    .from(dipBreaches)
    .where(and(isOpen, between(dipBreaches.lastDayToCharge, from, to)))
    .orderBy(asc(dipBreaches.lastDayToCharge), asc(dipBreaches.reference));
}

/** Open breaches whose last day to charge has already passed (before `today`), oldest first. */
export async function overdueOpenBreaches(database: Database, today: IsoDate): Promise<DipBreachRow[]> {
  return database.db
    .select()
    .from(dipBreaches)
    .where(and(isOpen, lt(dipBreaches.lastDayToCharge, today)))
    .orderBy(asc(dipBreaches.lastDayToCharge), asc(dipBreaches.reference));
}

/** Breaches whose missed appointment falls from `from` to `to` (the backlog report's intake). */
export async function breachesMissedBetween(
  database: Database,
  from: IsoDate,
  to: IsoDate,
): Promise<DipBreachRow[]> {
  return database.db
    .select()
    .from(dipBreaches)
    .where(between(dipBreaches.missedDate, from, to))
    .orderBy(asc(dipBreaches.missedDate), asc(dipBreaches.reference));
}

const folded = (ref: string) => ref.toUpperCase().replace(/[^A-Z0-9]/g, '');
const foldedColumn = sql`upper(regexp_replace(${dipBreaches.reference}, '[^A-Za-z0-9]', '', 'g'))`;

/** One breach by reference; exact first, then ignoring case, spaces and hyphens ("dip 23 0417"). */
export async function breachByReference(database: Database, ref: string): Promise<DipBreachRow | null> {
  const wanted = ref.trim();
  const [exact] = await database.db
    .select()
    .from(dipBreaches)
    .where(eq(dipBreaches.reference, wanted))
    .limit(1);
  if (exact) return exact;
  const key = folded(wanted);
  if (!key) return null;
  const [loose] = await database.db
    .select()
    .from(dipBreaches)
    .where(sql`${foldedColumn} = ${key}`)
    .orderBy(asc(dipBreaches.reference))
    .limit(1);
  return loose ?? null;
}

/** Breaches whose reference ends with these digits ("0304" for DIP-26-0304), at most `limit`. */
export async function breachesEndingWith(
  database: Database,
  digits: string,
  limit = 50,
): Promise<DipBreachRow[]> {
  if (!/^\d+$/.test(digits)) return [];
  return database.db
    .select()
    .from(dipBreaches)
    .where(sql`${foldedColumn} like ${`%${digits}`}`)
    .orderBy(asc(dipBreaches.reference))
    .limit(limit);
}

/** The outcomes recorded in Teams for a breach, latest first. */
export async function dipOutcomeHistoryOf(
  database: Database,
  reference: string,
): Promise<(typeof dipOutcomeHistory.$inferSelect)[]> {
  return database.db
    .select()
    .from(dipOutcomeHistory)
    .where(eq(dipOutcomeHistory.reference, reference))
    .orderBy(desc(dipOutcomeHistory.id));
}

/** The outcome that stands on a breach, as an audit entry carries it (never the note's text). */
export interface OutcomeState {
  outcome: string | null;
  outcomeDate: IsoDate | null;
  /** Recorded in Teams (by whom), or from the extract. */
  source: 'teams' | 'extract' | null;
  hasNote: boolean;
}

function stateOf(row: DipBreachRow): OutcomeState {
  const fromTeams = row.recordedOutcome !== null && row.currentOutcome === row.recordedOutcome;
  return {
    outcome: row.currentOutcome,
    outcomeDate: row.currentOutcomeDate,
    source: row.currentOutcome === null ? null : fromTeams ? 'teams' : 'extract',
    hasNote: fromTeams && row.recordedNote !== null,
  };
}

export interface OutcomeWrite {
  breachId: number;
  outcome: DipOutcome;
  outcomeDate: IsoDate;
  note: string | null;
  by: { email: string; aadObjectId: string | null };
  at: Date;
  conversationType: string;
  /** The button's action id; null for a typed message. */
  actionId: string | null;
}

export type OutcomeWriteResult =
  | { kind: 'recorded'; row: DipBreachRow; before: OutcomeState }
  /** The same outcome already stands from Teams: nothing to record. */
  | { kind: 'unchanged'; row: DipBreachRow }
  /** This button press was recorded before. */
  | { kind: 'duplicate'; row: DipBreachRow }
  | { kind: 'gone' };

/**
 * Records an outcome made in Teams: the history row, the breach's recorded columns and the audit
 * entry, in one transaction, once per action id. The same outcome again (a message sent twice)
 * changes nothing; a note alone does not count as a change.
 */
export async function recordDipOutcome(database: Database, w: OutcomeWrite): Promise<OutcomeWriteResult> {
  return database.db.transaction(async (tx) => {
    const [current] = await tx.select().from(dipBreaches).where(eq(dipBreaches.id, w.breachId)).for('update');
    if (!current) return { kind: 'gone' } as const;
    if (w.actionId && !(await claimAction(tx, w.actionId, w.by.email, 'dipOutcome', w.at)))
      return { kind: 'duplicate', row: current } as const;
    const before = stateOf(current);
    if (before.source === 'teams' && before.outcome === w.outcome)
      return { kind: 'unchanged', row: current } as const;
    await tx.insert(dipOutcomeHistory).values({
      reference: current.reference,
      outcome: w.outcome,
      outcomeDate: w.outcomeDate,
      note: w.note,
      recordedBy: w.by.email,
      recordedAt: w.at,
    });
    const [row] = await tx
      .update(dipBreaches)
      .set({
        recordedOutcome: w.outcome,
        recordedOutcomeDate: w.outcomeDate,
        recordedNote: w.note,
        recordedBy: w.by.email,
        recordedAt: w.at,
      })
      .where(eq(dipBreaches.id, w.breachId))
      .returning();
    if (!row) return { kind: 'gone' } as const;
    await recordWriteAudit(tx, {
      staffEmail: w.by.email,
      aadObjectId: w.by.aadObjectId,
      intent: 'dip-outcome',
      scope: 'dip',
      conversationType: w.conversationType,
      at: w.at,
      target: current.reference,
      before: { ...before },
      after: { ...stateOf(row), recordedBy: w.by.email },
    });
    return { kind: 'recorded', row, before } as const;
  });
}
