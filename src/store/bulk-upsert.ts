import type { Writable } from 'node:stream';
import { sql, type SQL } from 'drizzle-orm';

/**
 * Loading a chunk of an extract's rows into the import's staging table: on PostgreSQL with
 * COPY … FROM STDIN (the server's own bulk path, no statement per batch), on the embedded database
 * with INSERT … SELECT FROM unnest() (one parameter per column whatever the batch size).
 * import.repository.ts then merges each chunk into the real table in one statement.
 */

export interface StageColumn {
  /** The drizzle property the values carry (`firstName`). */
  prop: string;
  /** The column name (`first_name`). */
  name: string;
  /** text, date, boolean, smallint, integer or text[]. */
  type: string;
}

/** Rows per batch handed over by the importer. */
export const STAGE_ROWS_PER_BATCH = 5_000;

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
    if (c === 9 || c === 10 || c === 13 || c === 92)
      return text.replace(/[\\\n\r\t]/g, (m) => COPY_ESCAPES[m]!);
  }
  return text;
}

/** Rows in COPY's text format, one line each: what a chunk holds on PostgreSQL (far less than objects). */
export function copyLines(columns: readonly StageColumn[], rows: readonly Record<string, unknown>[]): string {
  const props = columns.map((c) => c.prop);
  let out = '';
  for (const row of rows) {
    for (let c = 0; c < props.length; c++) {
      if (c > 0) out += '\t';
      out += copyValue(row[props[c]!]);
    }
    out += '\n';
  }
  return out;
}

/**
 * Writes COPY text into a `COPY … FROM STDIN` already started on the transaction's connection,
 * then ends it and waits for the server's answer. A connection that dies mid-COPY may close the
 * stream without an error of its own: that counts as a failure too, never a hang.
 */
export async function copyText(stream: Writable, pieces: readonly string[]): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const done = (e?: unknown) => {
      if (settled) return;
      settled = true;
      stream.off('error', done);
      stream.off('close', closed);
      if (e) reject(e instanceof Error ? e : new Error('the COPY stream failed'));
      else resolve();
    };
    const closed = () =>
      done(stream.writableFinished ? undefined : new Error('the COPY stream closed early'));
    stream.on('error', done);
    stream.on('close', closed);
    let i = 0;
    const writeMore = () => {
      while (i < pieces.length && !settled) {
        if (!stream.write(pieces[i++]!)) {
          stream.once('drain', writeMore);
          return;
        }
      }
      if (!settled) stream.end(() => done());
    };
    writeMore();
  });
}

/**
 * The embedded database's load: `INSERT INTO stage SELECT * FROM unnest($1::text[], …)` per
 * batch, each column one array parameter whatever the batch size.
 */
export async function unnestRows(
  execute: (statement: SQL) => Promise<unknown>,
  stage: string,
  columns: readonly StageColumn[],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const names = sql.raw(columns.map((c) => `"${c.name}"`).join(', '));
  const selected = sql.raw(
    columns.map((c, i) => (c.type.endsWith('[]') ? `c${i}::${c.type}` : `c${i}`)).join(', '),
  );
  const aliases = sql.raw(columns.map((_, i) => `c${i}`).join(', '));
  for (let at = 0; at < rows.length; at += STAGE_ROWS_PER_BATCH) {
    const batch = rows.slice(at, at + STAGE_ROWS_PER_BATCH);
    // Arrays of arrays do not unnest by row: such a column travels as array literals and is cast.
    const arrays = columns.map((c) =>
      c.type.endsWith('[]')
        ? sql`${pgArrayLiteral(batch.map((v) => pgArrayLiteral(v[c.prop] as unknown[])))}::text[]`
        : sql`${pgArrayLiteral(batch.map((v) => v[c.prop]))}::${sql.raw(c.type)}[]`,
    );
    await execute(
      sql`insert into ${sql.raw(stage)} (${names}) select ${selected} from unnest(${sql.join(arrays, sql`, `)}) as u(${aliases})`,
    );
  }
}
