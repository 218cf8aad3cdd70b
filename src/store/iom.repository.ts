import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import type { IsoDate } from '../domain/dates.js';
import type { CohortMember } from '../domain/iom-report.js';
import { IOM_COUNTS, type IomFigures, type IomReturnInput } from '../domain/iom-return.js';
import type { Database } from './db.js';
import { iomCohort, iomReturnHistory, iomReturns, staff } from './schema.js';

export interface StoredReturn extends IomFigures {
  id: number;
  borough: string;
  month: IsoDate;
  goodNews: string | null;
  submittedBy: string;
  submittedAt: Date;
  version: number;
}

/** The values a superseded version held, as kept in iom_return_history.values. */
export type ReturnValues = IomFigures & { goodNews: string | null };

export interface HistoryEntry {
  version: number;
  values: ReturnValues;
  submittedBy: string;
  submittedAt: Date;
  replacedBy: string;
  replacedAt: Date;
}

type ReturnRow = typeof iomReturns.$inferSelect;

function toStored(row: ReturnRow): StoredReturn {
  return {
    id: row.id,
    borough: row.borough,
    month: row.month,
    arrests: row.arrests,
    homeVisits: row.homeVisits,
    prisonVisits: row.prisonVisits,
    panelReferrals: row.panelReferrals,
    judicialOrders: row.judicialOrders,
    goodNews: row.goodNews,
    submittedBy: row.submittedBy,
    submittedAt: row.submittedAt,
    version: row.version,
  };
}

export function valuesOf(r: IomFigures & { goodNews: string | null }): ReturnValues {
  const values = { goodNews: r.goodNews } as ReturnValues;
  for (const k of IOM_COUNTS) values[k] = r[k];
  return values;
}

const sameBorough = (borough: string) => sql`lower(${iomReturns.borough}) = lower(${borough})`;

export interface SaveResult {
  saved: StoredReturn;
  /** The version this one replaced, when it is an amendment. */
  previous: StoredReturn | null;
}

/**
 * Saves a borough's return for a month. A later return for the same borough and month replaces the
 * figures, moves the old ones to iom_return_history and bumps the version, all in one transaction,
 * so two leads submitting at once both land as successive versions and nothing is half-written.
 */
export async function saveIomReturn(
  database: Database,
  input: IomReturnInput & { borough: string; submittedBy: string },
): Promise<SaveResult> {
  return database.db.transaction(async (tx) => {
    const lockExisting = async () => {
      const [row] = await tx
        .select()
        .from(iomReturns)
        .where(and(sameBorough(input.borough), eq(iomReturns.month, input.month)))
        .limit(1)
        .for('update');
      return row;
    };
    const figures = valuesOf(input);
    let existing = await lockExisting();
    if (!existing) {
      const [inserted] = await tx
        .insert(iomReturns)
        .values({ borough: input.borough, month: input.month, ...figures, submittedBy: input.submittedBy })
        .onConflictDoNothing()
        .returning();
      if (inserted) return { saved: toStored(inserted), previous: null };
      // Someone else inserted it between our look and our insert: amend theirs instead.
      existing = await lockExisting();
      if (!existing) throw new Error('IOM return vanished while being saved');
    }
    await tx.insert(iomReturnHistory).values({
      returnId: existing.id,
      version: existing.version,
      values: valuesOf(existing),
      submittedBy: existing.submittedBy,
      submittedAt: existing.submittedAt,
      replacedBy: input.submittedBy,
    });
    const [updated] = await tx
      .update(iomReturns)
      .set({
        ...figures,
        submittedBy: input.submittedBy,
        submittedAt: sql`now()`,
        version: sql`${iomReturns.version} + 1`,
      })
      .where(eq(iomReturns.id, existing.id))
      .returning();
    if (!updated) throw new Error('IOM return vanished while being amended');
    return { saved: toStored(updated), previous: toStored(existing) };
  });
}

export async function findIomReturn(
  database: Database,
  borough: string,
  month: IsoDate,
): Promise<{ ret: StoredReturn; history: HistoryEntry[] } | null> {
  const [row] = await database.db
    .select()
    .from(iomReturns)
    .where(and(sameBorough(borough), eq(iomReturns.month, month)))
    .limit(1);
  if (!row) return null;
  const history = await database.db
    .select()
    .from(iomReturnHistory)
    .where(eq(iomReturnHistory.returnId, row.id))
    .orderBy(asc(iomReturnHistory.version));
  return {
    ret: toStored(row),
    history: history.map((h) => ({
      version: h.version,
      values: h.values as ReturnValues,
      submittedBy: h.submittedBy,
      submittedAt: h.submittedAt,
      replacedBy: h.replacedBy,
      replacedAt: h.replacedAt,
    })),
  };
}

export async function iomReturnsForMonth(database: Database, month: IsoDate): Promise<StoredReturn[]> {
  const rows = await database.db
    .select()
    .from(iomReturns)
    .where(eq(iomReturns.month, month))
    .orderBy(asc(iomReturns.borough));
  return rows.map(toStored);
}

/**
 * The boroughs that owe a return: every borough an IOM lead returns for, plus every borough in the
 * cohort extract. Names are matched without regard to case; the staff list's spelling wins.
 */
export async function iomBoroughs(database: Database): Promise<string[]> {
  const leads = await database.db
    .selectDistinct({ borough: staff.borough })
    .from(staff)
    .where(and(sql`'iom_lead' = any(${staff.roles})`, isNotNull(staff.borough)));
  const cohort = await database.db.selectDistinct({ borough: iomCohort.borough }).from(iomCohort);
  const byKey = new Map<string, string>();
  for (const { borough } of [...leads, ...cohort]) {
    const name = borough?.trim();
    if (name && !byKey.has(boroughKey(name))) byKey.set(boroughKey(name), name);
  }
  return [...byKey.values()].sort((a, b) => a.localeCompare(b, 'en-GB'));
}

export function boroughKey(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** The cohort of one borough, without names, CRNs or PNC numbers: only what the report counts. */
export async function iomCohortMembers(database: Database, borough: string): Promise<CohortMember[]> {
  return database.db
    .select({
      cohort: iomCohort.cohort,
      brag: iomCohort.brag,
      gender: iomCohort.gender,
      ethnicity: iomCohort.ethnicity,
      drugDependent: iomCohort.drugDependent,
      inDrugTreatment: iomCohort.inDrugTreatment,
      ward: iomCohort.ward,
      inCustody: iomCohort.inCustody,
      gpsTag: iomCohort.gpsTag,
    })
    .from(iomCohort)
    .where(sql`lower(${iomCohort.borough}) = lower(${borough})`);
}
