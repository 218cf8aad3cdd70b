import { and, asc, between, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { IsoDate } from '../domain/dates.js';
import type { Database } from './db.js';
import { dipBreaches } from './schema.js';

export type DipBreachRow = typeof dipBreaches.$inferSelect;

// Written to imply the partial index's predicate (outcome is null or outcome = 'circulated_fta'):
// circulation does not stop the clock, so those breaches still need charging in time.
const isOpen = or(isNull(dipBreaches.outcome), eq(dipBreaches.outcome, 'circulated_fta'));

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

/** One breach by reference; exact first, then ignoring case, spaces and hyphens ("dip 23 0417"). */
export async function breachByReference(database: Database, ref: string): Promise<DipBreachRow | null> {
  const wanted = ref.trim();
  const [exact] = await database.db
    .select()
    .from(dipBreaches)
    .where(eq(dipBreaches.reference, wanted))
    .limit(1);
  if (exact) return exact;
  const folded = wanted.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (!folded) return null;
  const [loose] = await database.db
    .select()
    .from(dipBreaches)
    .where(sql`upper(regexp_replace(${dipBreaches.reference}, '[^A-Za-z0-9]', '', 'g')) = ${folded}`)
    .orderBy(asc(dipBreaches.reference))
    .limit(1);
  return loose ?? null;
}

/** Breaches whose reference ends with these digits ("0417" → DIP-23-0417), for a number typed alone. */
export async function breachesEndingWith(
  database: Database,
  digits: string,
  limit = 6,
): Promise<DipBreachRow[]> {
  if (!/^\d{3,6}$/.test(digits)) return [];
  return database.db
    .select()
    .from(dipBreaches)
    .where(sql`regexp_replace(${dipBreaches.reference}, '[^0-9]', '', 'g') like ${`%${digits}`}`)
    .orderBy(asc(dipBreaches.reference))
    .limit(limit);
}
