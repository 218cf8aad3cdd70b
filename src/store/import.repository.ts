import { getTableColumns, getTableName, inArray, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { copyLines, copyText, unnestRows, type StageColumn } from './bulk-upsert.js';
import type { Database } from './db.js';
import { cases, custodyCases, dipBreaches, iomCohort, staff } from './schema.js';
import { describeStoreFailure } from './store-failure.js';

export type CaseInsert = typeof cases.$inferInsert;
export type CustodyInsert = typeof custodyCases.$inferInsert;
export type DipBreachInsert = typeof dipBreaches.$inferInsert;
export type IomCohortInsert = typeof iomCohort.$inferInsert;
export type StaffInsert = typeof staff.$inferInsert;

/** What each extract's table is written with. */
export interface ExtractTableValues {
  staff: StaffInsert;
  cases: CaseInsert;
  custodyCases: CustodyInsert;
  dipBreaches: DipBreachInsert;
  iomCohort: IomCohortInsert;
}
export type ExtractTable = keyof ExtractTableValues;

/** Each extract's table with its natural key: the upsert target, and what "absent from the file" means. */
const EXTRACT_TABLES: Record<ExtractTable, { table: PgTable; key: readonly string[] }> = {
  staff: { table: staff, key: ['email'] },
  cases: { table: cases, key: ['crn', 'sentenceType', 'startDate'] },
  custodyCases: { table: custodyCases, key: ['crn', 'custodyStartDate'] },
  dipBreaches: { table: dipBreaches, key: ['reference'] },
  iomCohort: { table: iomCohort, key: ['crn'] },
};

/** One chunk of the file's rows, merged into the table and emptied again. */
const STAGE = 'import_stage';
/** The natural key of every row of the file, for what the file leaves out. */
const KEYS = 'import_keys';
/**
 * Rows per chunk: the server merges one chunk while the next is read and checked, so reading
 * and writing overlap; two chunks at most are held here at once.
 */
const CHUNK_ROWS = 25_000;

export interface ExtractCounts {
  inserted: number;
  /** Rows already there: changed ones are rewritten, unchanged ones are left alone. */
  updated: number;
  /** Rows the table had that the file no longer lists, moved to retired_records. */
  retired: number;
}

/** How far one import may retire rows before it needs the operator's say-so. */
export interface RemovalPolicy {
  /** The largest share (0–1) of a table's rows one import may retire. */
  maxShare: number;
  /** `--allow-large-removal`: retire whatever the file leaves out. */
  allowLarge: boolean;
}

export type ExtractOutcome =
  | { ok: true; counts: ExtractCounts }
  | { ok: false; tooManyRemovals: { retiring: number; existing: number } };

/** A store failure during an import, described without a single value from the rows. */
export class ImportWriteError extends Error {
  constructor(
    readonly step: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${step}: ${reason}`, options);
    this.name = 'ImportWriteError';
  }
}

class TooManyRemovals extends Error {
  constructor(
    readonly retiring: number,
    readonly existing: number,
  ) {
    super('too many removals');
  }
}

/**
 * A chunk of rows on its way: as COPY text on PostgreSQL (a few hundred bytes a row, where the
 * objects would be kilobytes), as the objects themselves on the embedded database.
 */
interface Chunk {
  n: number;
  text: string[];
  rows: Record<string, unknown>[];
}

interface ImportTx {
  /** True when rows travel as COPY text. */
  copy: boolean;
  query<T extends Record<string, unknown>>(text: string): Promise<T[]>;
  /** Loads a chunk into a table (the staging table, or the real one while it is empty). */
  load(into: string, columns: readonly StageColumn[], chunk: Chunk): Promise<void>;
}

const quote = (name: string) => `"${name}"`;

/** Never settles: what a transaction's callback waits on once its connection is gone. */
const NEVER = new Promise<never>(() => {});

async function inImportTransaction<R>(database: Database, fn: (tx: ImportTx) => Promise<R>): Promise<R> {
  const client = database.postgres;
  if (client) {
    // postgres.js (3.4) fails the transaction as soon as its connection closes, but would still
    // write COMMIT or ROLLBACK on the closed connection once the callback settled, which throws
    // from a timer and kills the process. Once the connection is gone the callback never settles.
    let lost = false;
    /** What the callback failed with: it names the step, where the transaction's error cannot. */
    let failed: unknown = null;
    const settle = async <T>(outcome: () => T): Promise<T> => {
      await new Promise((resolve) => setImmediate(resolve));
      if (lost) return NEVER;
      return outcome();
    };
    const begun = client.begin(async (t) => {
      let value: R;
      try {
        value = await fn({
          copy: true,
          query: async <T>(text: string) => (await t.unsafe(text)) as unknown as T[],
          async load(into, columns, chunk) {
            const names = columns.map((c) => quote(c.name)).join(', ');
            const stream = await t.unsafe(`copy ${into} (${names}) from stdin`).writable();
            await copyText(stream, chunk.text);
          },
        });
      } catch (e) {
        failed = e;
        return settle(() => {
          throw e;
        });
      }
      return settle(() => value);
    });
    begun.catch(() => {
      lost = true;
    });
    try {
      return (await begun) as R;
    } catch (e) {
      throw failed instanceof ImportWriteError ? failed : e;
    }
  }
  return database.db.transaction(async (tx) =>
    fn({
      copy: false,
      async query<T>(text: string) {
        const result: unknown = await tx.execute(sql.raw(text));
        return (result as { rows: T[] }).rows;
      },
      load: (into, columns, chunk) => unnestRows((s) => tx.execute(s), into, columns, chunk.rows),
    }),
  );
}

/** Runs one step of the import; a failure is rethrown as an ImportWriteError that quotes no value. */
async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ImportWriteError || e instanceof TooManyRemovals) throw e;
    throw new ImportWriteError(name, describeStoreFailure(e), { cause: e });
  }
}

function stageColumns(table: PgTable, props: readonly string[]): StageColumn[] {
  const columns = getTableColumns(table) as Record<string, { name: string; getSQLType(): string }>;
  return props.map((prop) => {
    const column = columns[prop];
    if (!column) throw new Error(`no column ${prop}`);
    const type = column.getSQLType();
    if (!/^(text|date|boolean|smallint|integer)(\[\])?$/.test(type))
      throw new Error(`the import cannot carry ${type}`);
    return { prop, name: column.name, type };
  });
}

/** What a staff import does besides the rows: teams, and Entra ids that move between people. */
async function beforeStaffMerge(tx: ImportTx): Promise<void> {
  // An id the file gives someone new is cleared from its old holder first, so the unique index
  // never sees two holders within the statement.
  await tx.query(`update staff t set aad_object_id = null from ${STAGE} s
    where s.email = t.email and s.aad_object_id is not null and t.aad_object_id is distinct from s.aad_object_id`);
  await tx.query(`insert into teams (code, pdu)
    select team_code, max(pdu) from ${STAGE} where team_code is not null group by team_code
    on conflict (code) do update set pdu = coalesce(excluded.pdu, teams.pdu), updated_at = now()`);
}

/**
 * Writes one extract in one transaction. `fill` hands over the checked rows a batch at a time;
 * they are gathered into chunks, and each chunk is loaded into a staging table and merged into
 * the table with one INSERT … ON CONFLICT DO UPDATE while `fill` reads on. An unchanged row is
 * not rewritten (WHERE … IS DISTINCT FROM): a new row version and index entries for nothing made
 * the nightly re-import slower than the first load. Then the rows the table has and the file does
 * not are retired (moved to retired_records), within the removal policy. Anything `fill` throws
 * rolls everything back and is rethrown.
 */
export async function writeExtract<T extends ExtractTable, V extends ExtractTableValues[T]>(
  database: Database,
  kind: T,
  fill: (send: (batch: V[]) => Promise<boolean>) => Promise<void>,
  policy: RemovalPolicy,
): Promise<ExtractOutcome> {
  const { table, key } = EXTRACT_TABLES[kind];
  const tableName = getTableName(table);
  const keyColumns = stageColumns(table, key).map((c) => quote(c.name));
  const keyList = keyColumns.join(', ');
  const tableColumns = getTableColumns(table) as Record<string, { name: string }>;
  try {
    const counts = await inImportTransaction(database, async (tx) => {
      const total: ExtractCounts = { inserted: 0, updated: 0, retired: 0 };
      // The staging table has the columns the values carry, known from the first batch.
      let columns: StageColumn[] | null = null as StageColumn[] | null;
      let merge = '';
      /**
       * A table with no rows yet (a first load) takes the rows straight from COPY, as the server's
       * own bulk load would: nothing can conflict (the file repeats no key) and nothing is retired.
       */
      let direct = false;
      const prepare = async (cols: StageColumn[]) => {
        if (kind !== 'staff') {
          const [any] = await step('preparing the import', () =>
            tx.query<{ found: boolean }>(`select exists (select 1 from ${tableName}) as found`),
          );
          direct = any?.found === false;
        }
        const names = cols.map((c) => quote(c.name)).join(', ');
        await step('preparing the import', async () => {
          await tx.query(
            `create temp table ${STAGE} on commit drop as select ${names} from ${tableName} with no data`,
          );
          await tx.query(
            `create temp table ${KEYS} on commit drop as select ${keyList} from ${tableName} with no data`,
          );
        });
        const compared = cols.filter((c) => !key.includes(c.prop));
        // An empty aad_object_id keeps the one already known (it may have come from Graph).
        const value = (c: StageColumn) =>
          kind === 'staff' && c.name === 'aad_object_id'
            ? `coalesce(excluded.${quote(c.name)}, t.${quote(c.name)})`
            : `excluded.${quote(c.name)}`;
        const assignments = compared.map((c) => `${quote(c.name)} = ${value(c)}`);
        if (tableColumns.updatedAt) assignments.push(`${quote(tableColumns.updatedAt.name)} = now()`);
        const changed = compared.length
          ? `where (${compared.map((c) => `t.${quote(c.name)}`).join(', ')}) is distinct from (${compared.map(value).join(', ')})`
          : 'where false';
        merge = `with written as (
            insert into ${tableName} as t (${names}) select ${names} from ${STAGE}
            on conflict (${keyList}) do update set ${assignments.join(', ')} ${changed}
            returning (xmax = 0) as inserted)
          select count(*)::int as inserted from written where inserted`;
        prepared = true;
      };
      let prepared = false;

      const writeChunk = async (rows: Chunk) => {
        const cols = columns!;
        if (!prepared) await prepare(cols);
        if (direct) {
          await step(`writing the ${tableName} rows`, () => tx.load(tableName, cols, rows));
          total.inserted += rows.n;
          return;
        }
        await step('loading the rows', () => tx.load(STAGE, cols, rows));
        await step(`writing the ${tableName} rows`, async () => {
          await tx.query(`insert into ${KEYS} select ${keyList} from ${STAGE}`);
          if (kind === 'staff') await beforeStaffMerge(tx);
          const [merged] = await tx.query<{ inserted: number }>(merge);
          await tx.query(`truncate ${STAGE}`);
          total.inserted += merged?.inserted ?? 0;
          total.updated += rows.n - (merged?.inserted ?? 0);
        });
      };

      const empty = (): Chunk => ({ n: 0, text: [], rows: [] });
      let chunk = empty();
      // Held in an object: closures write these, which flow analysis would not see on plain lets.
      const state: { writing: Promise<void> | null; failure: Error | null } = {
        writing: null,
        failure: null,
      };
      const flush = async () => {
        if (state.writing) await state.writing;
        if (state.failure !== null || chunk.n === 0) return;
        const rows = chunk;
        chunk = empty();
        state.writing = writeChunk(rows).catch((e: unknown) => {
          state.failure ??= e instanceof Error ? e : new Error('the write failed');
        });
      };
      try {
        await fill(async (batch) => {
          if (state.failure !== null) return false;
          if (batch.length === 0) return true;
          const values = batch as unknown as Record<string, unknown>[];
          columns ??= stageColumns(table, Object.keys(values[0]!));
          if (tx.copy) chunk.text.push(copyLines(columns, values));
          else for (const v of values) chunk.rows.push(v);
          chunk.n += values.length;
          if (chunk.n >= CHUNK_ROWS) await flush();
          return state.failure === null;
        });
      } catch (e) {
        // Nothing may still be running on the connection when the transaction rolls back.
        if (state.writing) await state.writing;
        throw e;
      }
      await flush();
      if (state.writing) await state.writing;
      if (state.failure !== null) throw state.failure;
      // A file of no rows stages only the key, so that everything the table has counts as left out.
      if (!prepared) await prepare((columns ??= stageColumns(table, key)));
      if (direct) return total;

      const absent = `from ${tableName} t where not exists (select 1 from ${KEYS} s where ${keyColumns
        .map((k) => `s.${k} = t.${k}`)
        .join(' and ')})`;
      const [sizes] = await step('counting the rows the file leaves out', async () => {
        // Fresh statistics, so the anti-join is planned as a hash join over the whole file.
        await tx.query(`analyze ${KEYS}`);
        return tx.query<{ existing: number; retiring: number }>(
          `select (select count(*) from ${tableName})::int - ${total.inserted} as existing,
                  (select count(*) ${absent})::int as retiring`,
        );
      });
      const existing = sizes?.existing ?? 0;
      const retiring = sizes?.retiring ?? 0;
      if (retiring > 0 && !policy.allowLarge && retiring > policy.maxShare * existing)
        throw new TooManyRemovals(retiring, existing);
      if (retiring > 0) {
        const [gone] = await step('retiring the rows the file leaves out', () =>
          tx.query<{ n: number }>(`with gone as (delete ${absent} returning t.*),
            kept as (insert into retired_records (kind, natural_key, record)
              select '${tableName}', concat_ws('|', ${keyColumns.map((k) => `gone.${k}::text`).join(', ')}), to_jsonb(gone) from gone
              returning 1)
            select count(*)::int as n from kept`),
        );
        total.retired = gone?.n ?? 0;
      }
      return total;
    });
    return { ok: true, counts };
  } catch (e) {
    if (e instanceof TooManyRemovals)
      return { ok: false, tooManyRemovals: { retiring: e.retiring, existing: e.existing } };
    // The transaction itself failed (its connection lost, a failed COMMIT): still no value quoted.
    if (e instanceof Error && !(e instanceof ImportWriteError) && isStoreError(e))
      throw new ImportWriteError('writing the rows', describeStoreFailure(e), { cause: e });
    throw e;
  }
}

/** Errors from the driver, as opposed to the caller's own (a refused file rolls back by throwing). */
function isStoreError(e: Error): boolean {
  const o = e as { code?: unknown; query?: unknown; name?: unknown };
  return typeof o.code === 'string' || typeof o.query === 'string' || o.name === 'PostgresError';
}

/**
 * Fresh planner statistics now, not when autovacuum next looks (up to a minute on PostgreSQL,
 * never on PGlite), so the first questions after a big load get their index plans.
 */
export async function analyzeTable(database: Database, kind: ExtractTable): Promise<void> {
  await database.rows(sql`analyze ${sql.identifier(getTableName(EXTRACT_TABLES[kind].table))}`);
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
