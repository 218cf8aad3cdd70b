import { todayInLondon, type IsoDate } from '../domain/dates.js';
import type { Database } from '../store/db.js';
import {
  analyzeTable,
  ImportWriteError,
  writeExtract,
  type ExtractCounts,
  type ExtractTable,
  type ExtractTableValues,
} from '../store/import.repository.js';
import { STAGE_ROWS_PER_BATCH } from '../store/bulk-upsert.js';
import { casesValues, custodyValues, dipValues, iomValues, staffValues, type Derive } from './derivation.js';
import { IMPORT_KINDS, type ImportKind } from './rows.js';
import { extractText, type ImportInput } from './source.js';
import {
  checkerFor,
  checkStaffIdentities,
  checkTeams,
  FileError,
  parseCsv,
  type RowError,
  type ValidRow,
} from './validation.js';

export { IMPORT_KINDS, isImportKind, type ImportKind } from './rows.js';
export { MAX_IMPORT_BYTES, MAX_IMPORT_SIZE_TEXT, type ImportInput } from './source.js';
export type { RowError } from './validation.js';

/**
 * CSV extract import (`npm run import`, and anything else that imports a file). All or nothing:
 * every row is checked and every problem collected; if there is any, nothing is committed.
 *
 * The file streams: it is read, decoded, parsed and checked a piece at a time, and the checked
 * rows go to a staging table in batches while the rest is still being read (COPY on PostgreSQL),
 * so memory stays flat whatever the file's size (docs/benchmarks.md). At the first problem
 * writing stops, checking carries on to list every problem, and the transaction is rolled back.
 * Otherwise the rows the table has and the file does not are retired (an extract is the complete
 * picture of its kind), within the removal limit, and the staging table is merged in by natural
 * key with the derived columns (two-thirds date, follow-up date, exemption, last day to charge)
 * recomputed from the rules. Staff files are checked whole before anything is written, because
 * their checks span rows (a team's PDU, Entra ids moving between people).
 *
 * A store failure is reported as a value naming the step and the lines sent, never a row value.
 */

export interface ImportOptions {
  /** `--allow-large-removal`: retire whatever the file leaves out, however much. */
  allowLargeRemoval?: boolean;
  /**
   * The largest share (0–1) of a table's rows one import may retire without
   * `allowLargeRemoval` (IMPORT_MAX_REMOVAL_PERCENT; default 20 %).
   */
  maxRemovalShare?: number;
  /** The day plausible dates are measured from (default: today in London). */
  today?: IsoDate;
}

export const DEFAULT_MAX_REMOVAL_SHARE = 0.2;

export type ImportResult =
  | {
      ok: true;
      kind: ImportKind;
      rows: number;
      inserted: number;
      updated: number;
      /** Rows the table had that this file no longer lists: retired (kept, never shown). */
      retired: number;
      ms: number;
    }
  | {
      ok: false;
      kind: ImportKind;
      errors: RowError[];
      /** A problem with the file as a whole (or with what it would remove). */
      fileError?: string;
      /** The database failed part-way: which step and lines, and what went wrong (no row values). */
      storeError?: string;
    };

/** An import that adds at least this many rows refreshes the table's planner statistics. */
const ANALYZE_AFTER_INSERTS = 10_000;

const TABLE_OF: Record<ImportKind, ExtractTable> = {
  staff: 'staff',
  cases: 'cases',
  custody: 'custodyCases',
  'dip-breaches': 'dipBreaches',
  'iom-cohort': 'iomCohort',
};
/** The column a rule that cannot be applied is blamed on. */
const BLAME: Record<Exclude<ImportKind, 'staff'>, string> = {
  cases: 'end_date',
  custody: 'crd',
  'dip-breaches': 'missed_date',
  'iom-cohort': 'crn',
};
const DERIVE = {
  cases: casesValues,
  custody: custodyValues,
  'dip-breaches': dipValues,
  'iom-cohort': iomValues,
} as const;

/** Thrown inside the transaction to roll it back when the file has row problems. */
class Refused extends Error {}

/** Lines handed to the store so far, for a failure's report. */
interface Progress {
  first: number | null;
  last: number | null;
}

type Outcome = { errors: RowError[] } | { rows: number; counts: ExtractCounts } | { removal: RemovalRefusal };
interface RemovalRefusal {
  retiring: number;
  existing: number;
}

/**
 * The file's valid data rows, a block at a time; the header is read first (a FileError if it is
 * wrong), and each bad row's problems are added to `errors`.
 */
async function* checkedRows<K extends ImportKind>(
  kind: K,
  input: ImportInput,
  errors: RowError[],
  today: IsoDate,
): AsyncGenerator<ValidRow<K>[]> {
  let check: ((r: { line: number; fields: string[] }) => ValidRow<K> | null) | null = null;
  for await (const block of parseCsv(extractText(input))) {
    const valid: ValidRow<K>[] = [];
    for (const record of block) {
      if (!check) {
        check = checkerFor(kind, record, errors, today);
        continue;
      }
      const row = check(record);
      if (row) valid.push(row);
    }
    if (valid.length > 0) yield valid;
  }
}

async function writeStaff(
  database: Database,
  input: ImportInput,
  today: IsoDate,
  policy: { maxShare: number; allowLarge: boolean },
  progress: Progress,
): Promise<Outcome> {
  const errors: RowError[] = [];
  const rows: ValidRow<'staff'>[] = [];
  for await (const block of checkedRows('staff', input, errors, today)) rows.push(...block);
  checkTeams(rows, errors);
  await checkStaffIdentities(database, rows, errors);
  if (errors.length > 0) return { errors };
  const values = rows.map((r) => staffValues(r.row));
  const outcome = await writeExtract<'staff', ExtractTableValues['staff']>(
    database,
    'staff',
    async (send) => {
      progress.first = rows[0]?.line ?? null;
      for (let i = 0; i < values.length; i += STAGE_ROWS_PER_BATCH) {
        progress.last = rows[Math.min(values.length, i + STAGE_ROWS_PER_BATCH) - 1]!.line;
        if (!(await send(values.slice(i, i + STAGE_ROWS_PER_BATCH)))) return;
      }
    },
    policy,
  );
  if (!outcome.ok) return { removal: outcome.tooManyRemovals };
  return { rows: values.length, counts: outcome.counts };
}

/**
 * Reads, checks and writes one extract in a single pass inside one transaction (see the top of
 * this file): valid rows go to the store a batch at a time until the first problem; the rest are
 * still checked so every problem is listed; any problem rolls everything back.
 */
async function writeStreamed<K extends Exclude<ImportKind, 'staff'>>(
  database: Database,
  kind: K,
  input: ImportInput,
  today: IsoDate,
  policy: { maxShare: number; allowLarge: boolean },
  progress: Progress,
): Promise<Outcome> {
  const derive = DERIVE[kind] as unknown as Derive<K, Record<string, unknown>>;
  const table = TABLE_OF[kind];
  const errors: RowError[] = [];
  let rows = 0;
  try {
    const outcome = await writeExtract(
      database,
      table,
      async (send) => {
        let batch: Record<string, unknown>[] = [];
        let stopped = false;
        for await (const block of checkedRows(kind, input, errors, today)) {
          for (const { line, row } of block) {
            let value: Record<string, unknown>;
            try {
              value = derive(row);
            } catch (e) {
              errors.push({
                line,
                column: BLAME[kind],
                reason: `cannot derive the rule dates: ${(e as Error).message}`,
              });
              continue;
            }
            rows++;
            // After a problem nothing more is written, but every row is still checked.
            if (errors.length > 0 || stopped) continue;
            batch.push(value);
            progress.first ??= line;
            progress.last = line;
            if (batch.length === STAGE_ROWS_PER_BATCH) {
              stopped = !(await send(batch as never));
              batch = [];
            }
          }
        }
        if (errors.length > 0) throw new Refused();
        await send(batch as never);
      },
      policy,
    );
    if (!outcome.ok) return { removal: outcome.tooManyRemovals };
    if (outcome.counts.inserted >= ANALYZE_AFTER_INSERTS) await analyzeTable(database, table);
    return { rows, counts: outcome.counts };
  } catch (e) {
    if (e instanceof Refused) return { errors };
    throw e;
  }
}

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

function removalMessage(kind: ImportKind, r: RemovalRefusal, maxShare: number): string {
  return (
    `the file leaves out ${r.retiring} of the ${r.existing} ${kind} rows already imported ` +
    `(${percent(r.retiring / r.existing)}), more than the ${percent(maxShare)} one import may retire ` +
    `(IMPORT_MAX_REMOVAL_PERCENT). If the extract really is complete, import it again with --allow-large-removal`
  );
}

function lines(p: Progress): string {
  if (p.first === null || p.last === null) return 'before any row was sent';
  return p.first === p.last ? `line ${p.first} sent` : `lines ${p.first}–${p.last} sent`;
}

/** Imports one extract. Never writes anything unless every row is valid. */
export async function importCsv(
  database: Database,
  kind: ImportKind,
  input: ImportInput,
  options: ImportOptions = {},
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
  const today = options.today ?? todayInLondon(new Date());
  const maxShare = options.maxRemovalShare ?? DEFAULT_MAX_REMOVAL_SHARE;
  const policy = { maxShare, allowLarge: options.allowLargeRemoval ?? false };
  const progress: Progress = { first: null, last: null };
  try {
    const outcome =
      kind === 'staff'
        ? await writeStaff(database, input, today, policy, progress)
        : await writeStreamed(database, kind, input, today, policy, progress);
    if ('errors' in outcome) {
      const errors = [...outcome.errors].sort((a, b) => a.line - b.line);
      return { ok: false, kind, errors };
    }
    if ('removal' in outcome)
      return { ok: false, kind, errors: [], fileError: removalMessage(kind, outcome.removal, maxShare) };
    return {
      ok: true,
      kind,
      rows: outcome.rows,
      inserted: outcome.counts.inserted,
      updated: outcome.counts.updated,
      retired: outcome.counts.retired,
      ms: Math.round(performance.now() - started),
    };
  } catch (e) {
    if (e instanceof FileError) return { ok: false, kind, errors: [], fileError: e.message };
    if (e instanceof ImportWriteError) {
      return {
        ok: false,
        kind,
        errors: [],
        storeError: `the database failed while ${e.step} (${lines(progress)}): ${e.reason}`,
      };
    }
    throw e;
  }
}

/** Every problem, one per line: the file-level problem first, then `line 5, end_date: <reason>`. */
export function formatImportErrors(result: ImportResult): string {
  if (result.ok) return '';
  const out: string[] = [];
  if (result.storeError) out.push(result.storeError);
  if (result.fileError) out.push(result.fileError);
  for (const e of result.errors) out.push(`line ${e.line}, ${e.column}: ${e.reason}`);
  return out.join('\n');
}

/** `Imported 250000 cases rows (249000 inserted, 1000 updated, 12 retired) in 12.3 s`. */
export function formatImportSummary(result: ImportResult): string {
  if (!result.ok) {
    if (result.storeError)
      return `Nothing imported from the ${result.kind} file: ${result.storeError}. Run the import again.`;
    const n = new Set(result.errors.map((e) => e.line)).size;
    return result.fileError && n === 0
      ? `Nothing imported from the ${result.kind} file: ${result.fileError}`
      : `Nothing imported from the ${result.kind} file: ${n} row${n === 1 ? ' has' : 's have'} errors`;
  }
  return (
    `Imported ${result.rows} ${result.kind} rows (${result.inserted} inserted, ${result.updated} updated, ` +
    `${result.retired} retired) in ${(result.ms / 1000).toFixed(1)} s`
  );
}
