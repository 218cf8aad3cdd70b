import { getTableName, inArray, sql } from 'drizzle-orm';
import { bulkWriter, upsert, type BulkWriter, type UpsertCounts } from './bulk-upsert.js';
import type { Database } from './db.js';
import { cases, custodyCases, dipBreaches, iomCohort, staff, teams } from './schema.js';

export type CaseInsert = typeof cases.$inferInsert;
export type CustodyInsert = typeof custodyCases.$inferInsert;
export type DipBreachInsert = typeof dipBreaches.$inferInsert;
export type IomCohortInsert = typeof iomCohort.$inferInsert;
export type StaffInsert = typeof staff.$inferInsert;

/** What each streamed table is written with. */
export interface BulkTableValues {
  cases: CaseInsert;
  custodyCases: CustodyInsert;
  dipBreaches: DipBreachInsert;
  iomCohort: IomCohortInsert;
}
export type BulkTable = keyof BulkTableValues;

/** Each streamed table with its natural key, the upsert target. */
const BULK_TABLES = {
  cases: { table: cases, target: ['crn', 'sentenceType', 'startDate'] },
  custodyCases: { table: custodyCases, target: ['crn', 'custodyStartDate'] },
  dipBreaches: { table: dipBreaches, target: ['reference'] },
  iomCohort: { table: iomCohort, target: ['crn'] },
} as const;

/**
 * Runs `fill` in one transaction with a bulk writer on `table`, then waits for the last batch.
 * Anything `fill` throws, or any batch that failed, rolls the whole transaction back.
 */
export async function bulkUpsertInTransaction<
  T extends BulkTable,
  V extends BulkTableValues[T] & Record<string, unknown>,
>(database: Database, table: T, fill: (writer: BulkWriter<V>) => Promise<void>): Promise<UpsertCounts> {
  const { table: pgTable, target } = BULK_TABLES[table];
  return database.db.transaction(async (tx) => {
    const writer = bulkWriter<V>(tx, pgTable, target);
    await fill(writer);
    return writer.finish();
  });
}

/**
 * Fresh planner statistics now, not when autovacuum next looks (up to a minute on PostgreSQL,
 * never on PGlite), so the first questions after a big load get their index plans.
 */
export async function analyzeTable(database: Database, table: BulkTable): Promise<void> {
  await database.rows(sql`analyze ${sql.identifier(getTableName(BULK_TABLES[table].table))}`);
}

/** The staff email holding each of `ids` (Entra object ids) now; ids nobody holds are absent. */
export async function staffEmailsByAadObjectId(
  database: Database,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const holders = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 5_000) {
    const found = await database.db
      .select({ email: staff.email, aad: staff.aadObjectId })
      .from(staff)
      .where(inArray(staff.aadObjectId, ids.slice(i, i + 5_000)));
    for (const f of found) if (f.aad) holders.set(f.aad, f.email);
  }
  return holders;
}

/**
 * Writes a staff extract in one transaction: the teams it names, then the staff records.
 * `aadMovers` are the emails the file gives an Entra id; their current ids are cleared first so
 * the unique index never sees two holders mid-statement when ids move between people.
 */
export async function writeStaffImport<V extends StaffInsert & Record<string, unknown>>(
  database: Database,
  teamRows: { code: string; pdu: string | null }[],
  staffRows: V[],
  aadMovers: readonly string[],
): Promise<UpsertCounts> {
  return database.db.transaction(async (tx) => {
    for (let i = 0; i < aadMovers.length; i += 5_000) {
      await tx
        .update(staff)
        .set({ aadObjectId: null })
        .where(inArray(staff.email, aadMovers.slice(i, i + 5_000)));
    }
    await upsert(tx, teams, teamRows, ['code'], { pdu: sql`coalesce(excluded.pdu, ${teams.pdu})` });
    // An empty aad_object_id keeps the one already known (it may have come from Graph).
    return upsert(tx, staff, staffRows, ['email'], {
      aadObjectId: sql`coalesce(excluded.aad_object_id, ${staff.aadObjectId})`,
    });
  });
}
