import { BULK_ROWS_PER_BATCH, type UpsertCounts } from '../store/bulk-upsert.js';
import type { Database } from '../store/db.js';
import {
  analyzeTable,
  bulkUpsertInTransaction,
  writeStaffImport,
  type BulkTable,
  type BulkTableValues,
} from '../store/import.repository.js';
import {
  casesValues,
  custodyValues,
  dipValues,
  iomValues,
  mapRows,
  staffValues,
  type Derive,
} from './derivation.js';
import { IMPORT_KINDS, type ImportKind } from './rows.js';
import {
  checkStaffIdentities,
  checkTeams,
  FileError,
  parseCsv,
  validate,
  type RowError,
} from './validation.js';

export { IMPORT_KINDS, isImportKind, type ImportKind } from './rows.js';
export type { RowError } from './validation.js';

/**
 * CSV extract import (`npm run import`). All or nothing: every row is checked and every problem
 * collected; if there is any, nothing is committed. The rows are upserted by their natural key in
 * one transaction, with the derived columns (two-thirds date, follow-up date, exemption, last day
 * to charge) recomputed from the rules every time.
 *
 * The big extracts (cases, custody, DIP, IOM) stream: rows are written in batches as they pass
 * while the rest of the file is still being read and checked, so the database works while this
 * process parses and neither holds the whole file's rows at once (docs/benchmarks.md: a national
 * cases extract). At the first problem writing stops, checking carries on to list every problem,
 * and the transaction is rolled back. Staff files are checked whole before anything is written,
 * because their checks span rows (a team's PDU, Entra ids moving between people).
 */

export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
export const MAX_IMPORT_SIZE_TEXT = '200 MB';

export type ImportResult =
  | { ok: true; kind: ImportKind; rows: number; inserted: number; updated: number; ms: number }
  | { ok: false; kind: ImportKind; errors: RowError[]; fileError?: string };

/** An import that adds at least this many rows refreshes the table's planner statistics. */
const ANALYZE_AFTER_INSERTS = 10_000;

async function writeKind(
  database: Database,
  kind: ImportKind,
  text: string,
): Promise<{ errors: RowError[] } | { rows: number; counts: UpsertCounts }> {
  switch (kind) {
    case 'staff': {
      const errors: RowError[] = [];
      const rows = [...validate('staff', parseCsv(text), errors)];
      const teamRows = checkTeams(rows, errors);
      await checkStaffIdentities(database, rows, errors);
      const values = mapRows<'staff', ReturnType<typeof staffValues>>(rows, staffValues, 'email', errors);
      if (errors.length > 0) return { errors };
      const aadMovers = rows.filter((r) => r.row.aad_object_id !== null).map((r) => r.row.email);
      const counts = await writeStaffImport(database, teamRows, values, aadMovers);
      return { rows: values.length, counts };
    }
    case 'cases':
      return writeStreamed(database, 'cases', text, casesValues, 'end_date', 'cases');
    case 'custody':
      return writeStreamed(database, 'custody', text, custodyValues, 'crd', 'custodyCases');
    case 'dip-breaches':
      return writeStreamed(database, 'dip-breaches', text, dipValues, 'missed_date', 'dipBreaches');
    case 'iom-cohort':
      return writeStreamed(database, 'iom-cohort', text, iomValues, 'crn', 'iomCohort');
  }
}

/** Thrown inside the transaction to roll it back when the file has row problems. */
class Refused extends Error {}

/**
 * Reads, checks and writes one extract in a single pass inside one transaction (see the top of
 * this file): valid rows go to the database a batch at a time until the first problem; the rest
 * are still checked so every problem is listed; any problem rolls everything back.
 */
async function writeStreamed<
  K extends ImportKind,
  T extends BulkTable,
  V extends BulkTableValues[T] & Record<string, unknown>,
>(
  database: Database,
  kind: K,
  text: string,
  derive: Derive<K, V>,
  blameColumn: string,
  table: T,
): Promise<{ errors: RowError[] } | { rows: number; counts: UpsertCounts }> {
  const errors: RowError[] = [];
  let rows = 0;
  let counts: UpsertCounts;
  try {
    counts = await bulkUpsertInTransaction<T, V>(database, table, async (writer) => {
      let batch: V[] = [];
      for (const { line, row } of validate(kind, parseCsv(text), errors)) {
        let value: V;
        try {
          value = derive(row);
        } catch (e) {
          errors.push({
            line,
            column: blameColumn,
            reason: `cannot derive the rule dates: ${(e as Error).message}`,
          });
          continue;
        }
        rows++;
        // After a problem nothing more is written, but every row is still checked.
        if (errors.length > 0 || writer.failed) continue;
        batch.push(value);
        if (batch.length === BULK_ROWS_PER_BATCH) {
          await writer.send(batch);
          batch = [];
        }
      }
      if (errors.length > 0) throw new Refused();
      await writer.send(batch);
    });
  } catch (e) {
    if (e instanceof Refused) return { errors };
    throw e;
  }
  if (counts.inserted >= ANALYZE_AFTER_INSERTS) await analyzeTable(database, table);
  return { rows, counts };
}

/** Imports one extract. Never writes anything unless every row is valid. */
export async function importCsv(
  database: Database,
  kind: ImportKind,
  csvText: string,
): Promise<ImportResult> {
  const started = performance.now();
  if (!IMPORT_KINDS.includes(kind)) {
    return {
      ok: false,
      kind,
      errors: [],
      fileError: `unknown kind ${String(kind)}: use one of ${IMPORT_KINDS.join(', ')}`,
    };
  }
  // Cheap length check first: a UTF-8 byte is at least one UTF-16 unit, at most three per unit.
  if (csvText.length > MAX_IMPORT_BYTES || Buffer.byteLength(csvText, 'utf8') > MAX_IMPORT_BYTES) {
    return {
      ok: false,
      kind,
      errors: [],
      fileError: `the file is larger than the import limit of ${MAX_IMPORT_SIZE_TEXT}; split it into smaller files`,
    };
  }
  const text = csvText.charCodeAt(0) === 0xfeff ? csvText.slice(1) : csvText;
  try {
    const outcome = await writeKind(database, kind, text);
    if ('errors' in outcome) {
      const errors = [...outcome.errors].sort((a, b) => a.line - b.line);
      return { ok: false, kind, errors };
    }
    return {
      ok: true,
      kind,
      rows: outcome.rows,
      inserted: outcome.counts.inserted,
      updated: outcome.counts.updated,
      ms: Math.round(performance.now() - started),
    };
  } catch (e) {
    if (e instanceof FileError) return { ok: false, kind, errors: [], fileError: e.message };
    // Integrity (23xxx) and data (22xxx) errors are about the file's content, not the server.
    const code = (e as { code?: unknown }).code ?? (e as { cause?: { code?: unknown } }).cause?.code;
    if (typeof code === 'string' && /^2[23]/.test(code)) {
      const message = (e as { cause?: Error }).cause?.message ?? (e as Error).message;
      return {
        ok: false,
        kind,
        errors: [],
        fileError: `the database refused the rows, so nothing was imported: ${message}`,
      };
    }
    throw e;
  }
}

/** Every problem, one per line: the file-level problem first, then `line 5, end_date: <reason>`. */
export function formatImportErrors(result: ImportResult): string {
  if (result.ok) return '';
  const lines: string[] = [];
  if (result.fileError) lines.push(result.fileError);
  for (const e of result.errors) lines.push(`line ${e.line}, ${e.column}: ${e.reason}`);
  return lines.join('\n');
}

/** `Imported 250000 cases rows (249000 inserted, 1000 updated) in 12.3 s`. */
export function formatImportSummary(result: ImportResult): string {
  if (!result.ok) {
    const n = new Set(result.errors.map((e) => e.line)).size;
    return result.fileError && n === 0
      ? `Nothing imported from the ${result.kind} file: ${result.fileError}`
      : `Nothing imported from the ${result.kind} file: ${n} row${n === 1 ? ' has' : 's have'} errors`;
  }
  return (
    `Imported ${result.rows} ${result.kind} rows (${result.inserted} inserted, ${result.updated} updated) ` +
    `in ${(result.ms / 1000).toFixed(1)} s`
  );
}
