import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './db.js';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Writer = Db | Tx;

export interface UpsertCounts {
  inserted: number;
  updated: number;
}

/** Keep bind parameters per statement well under PostgreSQL's 65,535 (drizzle `values()` path). */
const MAX_PARAMS_PER_STATEMENT = 30_000;
const MAX_ROWS_PER_BATCH = 2_000;
/** Rows per statement on the bulk path, where a statement has one parameter per column. */
export const BULK_ROWS_PER_BATCH = 5_000;

/** `set` for ON CONFLICT DO UPDATE: every written column from `excluded`, plus updated_at = now(). */
function excludedSet(table: PgTable, props: readonly string[], overrides: Record<string, SQL> = {}) {
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const set: Record<string, SQL> = {};
  for (const p of props) {
    const column = columns[p];
    if (!column) throw new Error(`no column ${p}`);
    set[p] = overrides[p] ?? sql.raw(`excluded."${column.name}"`);
  }
  if (columns.updatedAt) set.updatedAt = sql`now()`;
  return set;
}

export async function upsert<V extends Record<string, unknown>>(
  tx: Writer,
  table: PgTable,
  values: V[],
  target: readonly string[],
  overrides: Record<string, SQL> = {},
): Promise<UpsertCounts> {
  const counts: UpsertCounts = { inserted: 0, updated: 0 };
  if (values.length === 0) return counts;
  const props = Object.keys(values[0]!);
  const columns = getTableColumns(table) as Record<string, unknown>;
  const set = excludedSet(
    table,
    props.filter((p) => !target.includes(p)),
    overrides,
  );
  const batchSize = Math.max(
    1,
    Math.min(MAX_ROWS_PER_BATCH, Math.floor(MAX_PARAMS_PER_STATEMENT / props.length)),
  );
  for (let i = 0; i < values.length; i += batchSize) {
    const batch = values.slice(i, i + batchSize);
    // The generic table type defeats drizzle's inference; the values were built with `satisfies`.
    const result = await (tx as Db)
      .insert(table)
      .values(batch as never)
      .onConflictDoUpdate({ target: target.map((t) => columns[t]) as never, set: set as never })
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
    for (const r of result) {
      if (r.inserted) counts.inserted++;
      else counts.updated++;
    }
  }
  return counts;
}

/** A PostgreSQL array literal (`{"a",NULL,"b"}`), passed as ONE text parameter and cast server-side. */
function pgArrayLiteral(items: unknown[]): string {
  // A loop and no regex for the usual value with nothing to escape: this runs once per cell of a
  // national extract (3.5 million times for the cases).
  let out = '{';
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    if (i > 0) out += ',';
    if (v === null || v === undefined) {
      out += 'NULL';
      continue;
    }
    let text: string;
    if (typeof v === 'string') text = v;
    else if (typeof v === 'boolean') text = v ? 't' : 'f';
    else if (typeof v === 'number') text = String(v);
    else throw new TypeError(`cannot put a ${typeof v} in a PostgreSQL array literal`);
    out += text.includes('"') || text.includes('\\') ? `"${text.replace(/[\\"]/g, '\\$&')}"` : `"${text}"`;
  }
  return `${out}}`;
}

export interface BulkWriter<V> {
  /** True once a batch has failed: the transaction is lost, so send no more. */
  readonly failed: boolean;
  send(batch: V[]): Promise<void>;
  finish(): Promise<UpsertCounts>;
}

/**
 * The bulk upsert for the big extracts (a national caseload is ~250,000 rows), fed a batch at a time:
 * `INSERT … SELECT * FROM unnest($1::text[], $2::date[], …) ON CONFLICT (key) DO UPDATE SET … = excluded.…`.
 * One parameter per column whatever the batch size, and none of the per-value SQL building that
 * drizzle's `values()` does (which dominated the import time at this scale). Same semantics as
 * `upsert`, scalar columns only, with two differences made for the nightly re-import of a whole
 * extract (docs/benchmarks.md):
 * - a row that is already there with the same values is left alone (`WHERE … IS DISTINCT FROM`):
 *   rewriting it would add a new row version and an entry in every index for nothing, which made
 *   an unchanged re-import slower than the first load. Such rows still count as updated, and
 *   their updated_at stays the time they last changed.
 * - a batch is sent without waiting for the one before (at most two in flight), so the caller
 *   reads and checks the next rows while the server writes.
 * A failed batch is kept (`failed`) rather than thrown at once; `finish` throws it.
 */
export function bulkWriter<V extends Record<string, unknown>>(
  tx: Writer,
  table: PgTable,
  target: readonly string[],
): BulkWriter<V> {
  const counts: UpsertCounts = { inserted: 0, updated: 0 };
  const columns = getTableColumns(table) as Record<string, { name: string; getSQLType(): string }>;
  const tableName = sql.identifier(getTableName(table));
  let statementFor: ((batch: V[]) => SQL) | null = null;
  let inFlight: Promise<void> | null = null;
  let failure: Error | null = null;

  /** The statement's shape, from the first batch's properties. */
  function prepare(sample: V): (batch: V[]) => SQL {
    const meta = Object.keys(sample).map((prop) => {
      const column = columns[prop];
      if (!column) throw new Error(`no column ${prop}`);
      const type = column.getSQLType();
      if (!/^(text|date|boolean|smallint|integer)$/.test(type))
        throw new Error(`bulkWriter cannot carry ${type}`);
      return { prop, name: column.name, type };
    });
    const names = sql.join(
      meta.map((m) => sql.identifier(m.name)),
      sql`, `,
    );
    const conflict = sql.join(
      target.map((t) => sql.identifier(columns[t]!.name)),
      sql`, `,
    );
    const compared = meta.filter((m) => !target.includes(m.prop));
    const assignments = compared.map(
      (m) => sql`${sql.identifier(m.name)} = excluded.${sql.identifier(m.name)}`,
    );
    if (columns.updatedAt) assignments.push(sql`${sql.identifier(columns.updatedAt.name)} = now()`);
    const changed = compared.length
      ? sql`where (${sql.join(
          compared.map((m) => sql`${tableName}.${sql.identifier(m.name)}`),
          sql`, `,
        )}) is distinct from (${sql.join(
          compared.map((m) => sql`excluded.${sql.identifier(m.name)}`),
          sql`, `,
        )})`
      : sql`where false`;
    return (batch) => {
      const arrays = meta.map(
        (m) => sql`${pgArrayLiteral(batch.map((v) => v[m.prop]))}::${sql.raw(m.type)}[]`,
      );
      return sql`with written as (
          insert into ${tableName} (${names})
          select * from unnest(${sql.join(arrays, sql`, `)})
          on conflict (${conflict}) do update set ${sql.join(assignments, sql`, `)} ${changed}
          returning (xmax = 0) as inserted)
        select (count(*) filter (where inserted))::int as inserted from written`;
    };
  }

  async function run(statement: SQL, size: number): Promise<void> {
    const result: unknown = await tx.execute(statement);
    // PGlite answers { rows }, postgres-js an array of rows.
    const rows = (Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? [])) as {
      inserted: number;
    }[];
    const inserted = Number(rows[0]?.inserted ?? 0);
    counts.inserted += inserted;
    counts.updated += size - inserted;
  }

  return {
    get failed(): boolean {
      return failure !== null;
    },
    async send(batch: V[]): Promise<void> {
      if (batch.length === 0 || failure !== null) return;
      statementFor ??= prepare(batch[0]!);
      const sending = run(statementFor(batch), batch.length).catch((e: unknown) => {
        failure ??= e instanceof Error ? e : new Error(String(e));
      });
      if (inFlight) await inFlight;
      inFlight = sending;
    },
    async finish(): Promise<UpsertCounts> {
      if (inFlight) await inFlight;
      if (failure !== null) throw failure;
      return counts;
    },
  };
}
