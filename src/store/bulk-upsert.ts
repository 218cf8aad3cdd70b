import type { Writable } from 'node:stream';
import { sql, type SQL } from 'drizzle-orm';

/**
 * Loading an extract's rows into the import's staging table, a batch at a time while the rest of
 * the file is still being read and checked: on PostgreSQL with COPY … FROM STDIN (the server's own
 * bulk path, no statement per batch), on the embedded database with INSERT … SELECT FROM unnest()
 * (one parameter per column whatever the batch size). import.repository.ts then merges the
 * staging table into the real one in one statement.
 */

export interface StageColumn {
  /** The drizzle property the values carry (`firstName`). */
  prop: string;
  /** The column name (`first_name`). */
  name: string;
  /** text, date, boolean, smallint, integer or text[]. */
  type: string;
}

/** Rows per batch handed to a loader. */
export const STAGE_ROWS_PER_BATCH = 5_000;

export interface StageLoader<V> {
  /** True once a batch has failed: the transaction is lost, so send no more. */
  readonly failed: boolean;
  send(batch: V[]): Promise<void>;
  /** Waits for everything sent; throws the first failure. */
  finish(): Promise<void>;
}

/** A PostgreSQL array literal (`{"a",NULL,"b"}`), passed as ONE text value and cast server-side. */
export function pgArrayLiteral(items: readonly unknown[]): string {
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

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One value in COPY's text format (`\N` for null; backslash, tab and line breaks escaped). */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  let text: string;
  if (typeof v === 'string') text = v;
  else if (typeof v === 'boolean') return v ? 't' : 'f';
  else if (typeof v === 'number') return String(v);
  else if (Array.isArray(v)) text = pgArrayLiteral(v);
  else throw new TypeError(`cannot COPY a ${typeof v}`);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // \t \n \r \\: the rare value that needs escaping takes the slow path.
    if (c === 9 || c === 10 || c === 13 || c === 92) return text.replace(/[\\\n\r\t]/g, (m) => COPY_ESCAPES[m]!);
  }
  return text;
}

/**
 * Streams batches into a `COPY … FROM STDIN` already started on the transaction's connection.
 * Each batch is one write; a write the socket has not taken yet is awaited before the next, so at
 * most one batch waits in memory while the caller reads on.
 */
export function copyLoader<V extends Record<string, unknown>>(
  stream: Writable,
  columns: readonly StageColumn[],
): StageLoader<V> {
  let failure: Error | null = null;
  let pending: Promise<void> | null = null;
  const fail = (e: unknown) => {
    failure ??= e instanceof Error ? e : new Error(String(e));
  };
  stream.on('error', fail);
  // A connection that dies mid-COPY may close the stream without an error of its own.
  stream.on('close', () => {
    if (!stream.writableFinished) fail(new Error('the COPY stream closed before it finished'));
  });
  const props = columns.map((c) => c.prop);
  return {
    get failed() {
      return failure !== null;
    },
    async send(batch) {
      if (batch.length === 0 || failure) return;
      let chunk = '';
      for (const row of batch) {
        for (let i = 0; i < props.length; i++) {
          if (i > 0) chunk += '\t';
          chunk += copyValue(row[props[i]!]);
        }
        chunk += '\n';
      }
      if (pending) await pending;
      if (failure) return;
      pending = new Promise<void>((resolve) => {
        stream.write(chunk, (e) => {
          if (e) fail(e);
          resolve();
        });
      });
    },
    async finish() {
      if (pending) await pending;
      if (!failure) {
        await new Promise<void>((resolve) => {
          const done = (e?: unknown) => {
            if (e) fail(e);
            resolve();
          };
          stream.once('error', done);
          stream.once('close', () => done());
          stream.end(() => done());
        });
      }
      if (failure) throw failure;
    },
  };
}

/**
 * The embedded database's loader: `INSERT INTO stage SELECT * FROM unnest($1::text[], …)`, each
 * column one array parameter. A batch is sent without waiting for the one before (at most two in
 * flight), so the caller reads and checks the next rows while the database writes.
 */
export function unnestLoader<V extends Record<string, unknown>>(
  execute: (statement: SQL) => Promise<unknown>,
  stage: string,
  columns: readonly StageColumn[],
): StageLoader<V> {
  let inFlight: Promise<void> | null = null;
  let failure: Error | null = null;
  const names = sql.raw(columns.map((c) => `"${c.name}"`).join(', '));
  return {
    get failed() {
      return failure !== null;
    },
    async send(batch) {
      if (batch.length === 0 || failure) return;
      // Arrays of arrays do not unnest by row: such a column travels as array literals and is cast.
      const arrays = columns.map((c) =>
        c.type.endsWith('[]')
          ? sql`${pgArrayLiteral(batch.map((v) => pgArrayLiteral(v[c.prop] as unknown[])))}::text[]`
          : sql`${pgArrayLiteral(batch.map((v) => v[c.prop]))}::${sql.raw(c.type)}[]`,
      );
      const selected = sql.raw(
        columns.map((c, i) => (c.type.endsWith('[]') ? `c${i}::${c.type}` : `c${i}`)).join(', '),
      );
      const aliases = sql.raw(columns.map((_, i) => `c${i}`).join(', '));
      const sending = execute(
        sql`insert into ${sql.raw(stage)} (${names}) select ${selected} from unnest(${sql.join(arrays, sql`, `)}) as u(${aliases})`,
      ).then(
        () => {},
        (e: unknown) => {
          failure ??= e instanceof Error ? e : new Error(String(e));
        },
      );
      if (inFlight) await inFlight;
      inFlight = sending;
    },
    async finish() {
      if (inFlight) await inFlight;
      if (failure) throw failure;
    },
  };
}
