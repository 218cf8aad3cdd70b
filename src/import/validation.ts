import type { Database } from '../store/db.js';
import { staffEmailsByAadObjectId } from '../store/import.repository.js';
import { CsvSyntaxError, readCsvBlocks } from './csv.js';
import type { IsoDate } from '../domain/dates.js';
import { checkPlausible } from './plausible.js';
import { ROW_SPECS, type ImportKind, type RowTypes } from './rows.js';

/**
 * Checking an extract: every problem is collected as a line, a column and a reason, so one
 * attempt lists everything to fix in the file.
 */

export interface RowError {
  /** Physical line in the file (header = 1); for a record spanning lines, its first line. */
  line: number;
  column: string;
  reason: string;
}

interface ParsedRecord {
  line: number;
  fields: string[];
}

/** A problem with the file as a whole (not valid CSV, a bad header): no row is looked at further. */
export class FileError extends Error {}

/**
 * The records of an extract's text pieces, a block at a time, blank rows skipped; a CSV syntax
 * problem is a FileError.
 */
export async function* parseCsv(pieces: AsyncIterable<string>): AsyncGenerator<ParsedRecord[]> {
  try {
    for await (const block of readCsvBlocks(pieces)) {
      // Rows of nothing but commas (spreadsheet leftovers) are blank lines too.
      yield block.filter((record) => !record.fields.every((f) => f.trim() === ''));
    }
  } catch (e) {
    if (e instanceof CsvSyntaxError) {
      throw new FileError(
        e.code === 'CSV_QUOTE_NOT_CLOSED'
          ? `the file is not valid CSV: the quoted field on line ${e.lines} is never closed (the file ends inside quotes)`
          : `the file is not valid CSV (${e.code} at line ${e.lines})`,
      );
    }
    throw e;
  }
}

function normaliseHeader(name: string): string {
  return name.trim().toLowerCase();
}

export interface ValidRow<K extends ImportKind> {
  line: number;
  row: RowTypes[K];
}

/** Checks one data record: its valid row, or null with its problems added to `errors`. */
export type RecordCheck<K extends ImportKind> = (record: ParsedRecord) => ValidRow<K> | null;

/**
 * Reads the header (a FileError if a required column is missing or one appears twice) and returns
 * the check for the data records that follow it.
 */
export function checkerFor<K extends ImportKind>(
  kind: K,
  header: ParsedRecord,
  errors: RowError[],
  today: IsoDate,
): RecordCheck<K> {
  const spec = ROW_SPECS[kind];
  const names = header.fields.map(normaliseHeader);
  const known = new Set([...spec.columns, ...spec.optionalColumns]);
  const index = new Map<string, number>();
  names.forEach((n, i) => {
    if (!known.has(n)) return;
    if (index.has(n)) throw new FileError(`the header has the column ${n} twice`);
    index.set(n, i);
  });
  const missing = spec.columns.filter((c) => !index.has(c));
  if (missing.length > 0) {
    const list = missing.join(', ');
    throw new FileError(
      `the header is missing the required column${missing.length > 1 ? 's' : ''} ${list} ` +
        `(expected: ${spec.columns.join(',')})`,
    );
  }
  const columns = [...spec.columns, ...spec.optionalColumns];
  const positions = columns.map((c) => index.get(c));
  // Trailing unnamed header cells (spreadsheet leftovers) do not count towards the row width.
  let width = names.length;
  while (width > 0 && names[width - 1] === '') width--;

  const seen = new Map<string, number>();
  const check = spec.check;
  const reusedInput: Record<string, string> = {};

  return (record) => {
    const { line, fields } = record;
    if (fields.length < width) {
      errors.push({
        line,
        column: '(row)',
        reason: `has ${fields.length} fields but the header has ${width} (a missing comma, or a line break outside quotes?)`,
      });
      return null;
    }
    if (fields.length > width && fields.slice(width).some((f) => f.trim() !== '')) {
      errors.push({
        line,
        column: '(row)',
        reason: `has ${fields.length} fields but the header has ${width} (a comma inside a field that is not quoted?)`,
      });
      return null;
    }
    // One object, refilled for each row: check() copies what it keeps.
    const input = reusedInput;
    let nul = false;
    for (let i = 0; i < columns.length; i++) {
      const at = positions[i];
      input[columns[i]!] = at === undefined ? '' : (fields[at] ?? '');
      // PostgreSQL text cannot hold NUL: without this the whole file fails in the database, unnamed.
      if (input[columns[i]!]!.includes('\u0000')) {
        errors.push({
          line,
          column: columns[i]!,
          reason: 'contains a NUL character (\\0), which cannot be stored',
        });
        nul = true;
      }
    }
    if (nul) return null;
    // The schema's own checks without zod's machinery (same values and issues; see row-schema.ts).
    const parsed = check(input);
    if (!parsed.ok) {
      for (const issue of parsed.issues) errors.push({ line, column: issue.column, reason: issue.message });
      return null;
    }
    let implausible = false;
    checkPlausible(kind, parsed.value, today, (column, reason) => {
      errors.push({ line, column, reason });
      implausible = true;
    });
    if (implausible) return null;
    const key = spec.key(parsed.value);
    const first = seen.get(key);
    if (first !== undefined) {
      const keyText = spec.keyColumns.length === 1 ? '' : ` (same ${joinAnd(spec.keyColumns)})`;
      errors.push({ line, column: spec.keyColumns[0]!, reason: `repeats line ${first}${keyText}` });
      return null;
    }
    seen.set(key, line);
    return { line, row: parsed.value };
  };
}

function joinAnd(items: readonly string[]): string {
  return items.length <= 1
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Entra object ids are unique: refuse one that already belongs to a staff record the file does not reassign. */
export async function checkStaffIdentities(
  database: Database,
  rows: ValidRow<'staff'>[],
  errors: RowError[],
): Promise<void> {
  const wanted = rows.filter((r) => r.row.aad_object_id !== null);
  if (wanted.length === 0) return;
  const fileAad = new Map(rows.map((r) => [r.row.email, r.row.aad_object_id]));
  const seen = new Map<string, number>();
  for (const { line, row } of wanted) {
    const first = seen.get(row.aad_object_id!);
    if (first !== undefined) errors.push({ line, column: 'aad_object_id', reason: `repeats line ${first}` });
    else seen.set(row.aad_object_id!, line);
  }
  const ids = [...seen.keys()];
  const holders = await staffEmailsByAadObjectId(database, ids);
  for (const { line, row } of wanted) {
    const holder = holders.get(row.aad_object_id!);
    if (holder === undefined || holder === row.email) continue;
    // The holder keeps it unless this same file gives the holder a different id.
    const reassigned = fileAad.has(holder) && fileAad.get(holder) !== null;
    if (!reassigned) {
      errors.push({ line, column: 'aad_object_id', reason: 'already belongs to another staff record' });
    }
  }
}

/** One pdu per team within the file. */
export function checkTeams(
  rows: ValidRow<'staff'>[],
  errors: RowError[],
): { code: string; pdu: string | null }[] {
  const teamsSeen = new Map<string, { pdu: string | null; line: number }>();
  for (const { line, row } of rows) {
    if (row.team === null) continue;
    const prior = teamsSeen.get(row.team);
    if (!prior) teamsSeen.set(row.team, { pdu: row.pdu, line });
    else if (prior.pdu === null) teamsSeen.set(row.team, { pdu: row.pdu, line });
    else if (row.pdu !== null && row.pdu !== prior.pdu) {
      errors.push({
        line,
        column: 'pdu',
        reason: `differs from the pdu given for the same team on line ${prior.line}`,
      });
    }
  }
  return [...teamsSeen].map(([code, t]) => ({ code, pdu: t.pdu }));
}
