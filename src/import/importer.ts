import { getTableColumns, getTableName, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { lastDayToCharge } from '../domain/dip.js';
import { exemptReasons, followUpDate, twoThirdsDate } from '../domain/reset.js';
import type { Database, Db } from '../store/db.js';
import { cases, custodyCases, dipBreaches, iomCohort, staff, teams } from '../store/schema.js';
import { CsvSyntaxError, readCsv } from './csv.js';
import {
  IMPORT_KINDS,
  ROW_SPECS,
  type CasesRow,
  type CustodyRow,
  type DipBreachRow,
  type ImportKind,
  type IomCohortRow,
  type RowTypes,
  type StaffRow,
} from './rows.js';

export { IMPORT_KINDS, isImportKind, type ImportKind } from './rows.js';

/**
 * CSV extract import (CONTRACTS.md "CSV extracts", `npm run import`). All or nothing: every row is
 * checked and every problem collected; if there is any, nothing is committed. The rows are upserted
 * by their natural key in one transaction, with the derived columns (two-thirds date, follow-up
 * date, exemption, last day to charge) recomputed from the rules every time.
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

export interface RowError {
  /** Physical line in the file (header = 1); for a record spanning lines, its first line. */
  line: number;
  column: string;
  reason: string;
}

export type ImportResult =
  | { ok: true; kind: ImportKind; rows: number; inserted: number; updated: number; ms: number }
  | { ok: false; kind: ImportKind; errors: RowError[]; fileError?: string };

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Writer = Db | Tx;

/** Keep bind parameters per statement well under PostgreSQL's 65,535 (drizzle `values()` path). */
const MAX_PARAMS_PER_STATEMENT = 30_000;
const MAX_ROWS_PER_BATCH = 2_000;
/** Rows per statement on the bulk path, where a statement has one parameter per column. */
const BULK_ROWS_PER_BATCH = 5_000;
/** An import that adds at least this many rows refreshes the table's planner statistics. */
const ANALYZE_AFTER_INSERTS = 10_000;

interface ParsedRecord {
  line: number;
  fields: string[];
}

class FileError extends Error {}

// ---------------------------------------------------------------------------------------------
// Reading the CSV.

function* parseCsv(text: string): Generator<ParsedRecord> {
  // One line ending throughout, so the line count is the physical line number.
  const normalised = text.replace(/\r\n?/g, '\n');
  try {
    for (const record of readCsv(normalised)) {
      // Rows of nothing but commas (spreadsheet leftovers) are blank lines too.
      if (!record.fields.every((f) => f.trim() === '')) yield record;
    }
  } catch (e) {
    if (e instanceof CsvSyntaxError) {
      throw new FileError(
        e.code === 'CSV_QUOTE_NOT_CLOSED'
          ? `the file is not valid CSV: a quoted field is never closed (the file ends inside quotes, at line ${e.lines})`
          : `the file is not valid CSV (${e.code} at line ${e.lines})`,
      );
    }
    throw e;
  }
}

function normaliseHeader(name: string): string {
  return name.trim().toLowerCase();
}

interface ValidRow<K extends ImportKind> {
  line: number;
  row: RowTypes[K];
}

/** Checks the records one at a time: yields each valid row, and adds each problem to `errors`. */
function* validate<K extends ImportKind>(
  kind: K,
  records: Iterable<ParsedRecord>,
  errors: RowError[],
): Generator<ValidRow<K>> {
  const spec = ROW_SPECS[kind];
  const iterator = records[Symbol.iterator]();
  const first = iterator.next();
  if (first.done) return;
  const header = first.value;
  const data = { [Symbol.iterator]: () => iterator };

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

  for (const record of data) {
    const { line, fields } = record;
    if (fields.length < width) {
      errors.push({
        line,
        column: '(row)',
        reason: `has ${fields.length} fields but the header has ${width} (a missing comma, or a line break outside quotes?)`,
      });
      continue;
    }
    if (fields.length > width && fields.slice(width).some((f) => f.trim() !== '')) {
      errors.push({
        line,
        column: '(row)',
        reason: `has ${fields.length} fields but the header has ${width} (a comma inside a field that is not quoted?)`,
      });
      continue;
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
    if (nul) continue;
    // The schema's own checks without zod's machinery (same values and issues; see rows.ts).
    const parsed = check(input);
    if (!parsed.ok) {
      for (const issue of parsed.issues) errors.push({ line, column: issue.column, reason: issue.message });
      continue;
    }
    const key = spec.key(parsed.value);
    const first = seen.get(key);
    if (first !== undefined) {
      const keyText = spec.keyColumns.length === 1 ? '' : ` (same ${joinAnd(spec.keyColumns)})`;
      errors.push({ line, column: spec.keyColumns[0]!, reason: `repeats line ${first}${keyText}` });
      continue;
    }
    seen.set(key, line);
    yield { line, row: parsed.value };
  }
}

function joinAnd(items: readonly string[]): string {
  return items.length <= 1
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

// ---------------------------------------------------------------------------------------------
// Mapping rows to table values, with the derived columns.

type Derive<K extends ImportKind, V> = (row: RowTypes[K]) => V;

function casesValues(r: CasesRow) {
  const two = twoThirdsDate(r.start_date, r.end_date);
  const exempt =
    exemptReasons({
      sentenceType: r.sentence_type,
      startDate: r.start_date,
      endDate: r.end_date,
      rar: r.rar,
      mappaCategory: r.mappa_category,
      mappaLevel: r.mappa_level,
      rosh: r.rosh,
      nsd: r.nsd,
      childProtection: r.child_protection,
      iscPilot: r.isc_pilot,
    }).length > 0;
  return {
    crn: r.crn,
    firstName: r.first_name,
    lastName: r.last_name,
    practitionerEmail: r.practitioner_email,
    sentenceType: r.sentence_type,
    startDate: r.start_date,
    endDate: r.end_date,
    rar: r.rar,
    mappaCategory: r.mappa_category,
    mappaLevel: r.mappa_level,
    rosh: r.rosh,
    nsd: r.nsd,
    childProtection: r.child_protection,
    iscPilot: r.isc_pilot,
    twoThirdsDate: two,
    // A licence whose two-thirds point is its last day has no final third, so no follow-up.
    followUpDate: r.sentence_type === 'licence' && two < r.end_date ? followUpDate(two, r.end_date) : null,
    exempt,
  } satisfies typeof cases.$inferInsert;
}

function custodyValues(r: CustodyRow) {
  return {
    crn: r.crn,
    firstName: r.first_name,
    lastName: r.last_name,
    practitionerEmail: r.practitioner_email,
    prison: r.prison,
    sentenceType: r.sentence_type,
    sentenceLength: r.sentence_length,
    custodyStartDate: r.custody_start_date,
    crd: r.crd,
    sexualOffence: r.sexual_offence,
    sexOffenderRegister: r.sex_offender_register,
    violentOffence: r.violent_offence,
    terroristConnected: r.terrorist_connected,
    categoryA: r.category_a,
    civilPrisoner: r.civil_prisoner,
    fineDefault: r.fine_default,
    servingRecall: r.serving_recall,
    remandedOtherMatters: r.remanded_other_matters,
    nsd: r.nsd,
    furtherChargePending: r.further_charge_pending,
    releasePlanRiskIncrease: r.release_plan_risk_increase,
    estate: r.estate,
  } satisfies typeof custodyCases.$inferInsert;
}

function dipValues(r: DipBreachRow) {
  return {
    reference: r.reference,
    crn: r.crn,
    firstName: r.first_name,
    lastName: r.last_name,
    dateOfBirth: r.date_of_birth,
    assessment: r.assessment,
    missedDate: r.missed_date,
    officerEmail: r.officer_email,
    outcome: r.outcome,
    outcomeDate: r.outcome_date,
    lastDayToCharge: lastDayToCharge(r.missed_date),
  } satisfies typeof dipBreaches.$inferInsert;
}

function iomValues(r: IomCohortRow) {
  return {
    crn: r.crn,
    pnc: r.pnc,
    firstName: r.first_name,
    lastName: r.last_name,
    borough: r.borough,
    cohort: r.cohort,
    brag: r.brag,
    gender: r.gender,
    ethnicity: r.ethnicity,
    drugDependent: r.drug_dependent,
    inDrugTreatment: r.in_drug_treatment,
    ward: r.ward,
    inCustody: r.in_custody,
    gpsTag: r.gps_tag,
  } satisfies typeof iomCohort.$inferInsert;
}

function staffValues(r: StaffRow) {
  return {
    email: r.email,
    name: r.name,
    roles: r.role,
    teamCode: r.team,
    pdu: r.pdu,
    borough: r.borough,
    aadObjectId: r.aad_object_id,
  } satisfies typeof staff.$inferInsert;
}

/** Maps every row, turning a rule that throws into a row error on the column it came from. */
function mapRows<K extends ImportKind, V>(
  rows: ValidRow<K>[],
  derive: Derive<K, V>,
  blameColumn: string,
  errors: RowError[],
): V[] {
  const out: V[] = [];
  for (const { line, row } of rows) {
    try {
      out.push(derive(row));
    } catch (e) {
      errors.push({
        line,
        column: blameColumn,
        reason: `cannot derive the rule dates: ${(e as Error).message}`,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writing.

interface Counts {
  inserted: number;
  updated: number;
}

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

async function upsert<V extends Record<string, unknown>>(
  tx: Writer,
  table: PgTable,
  values: V[],
  target: readonly string[],
  overrides: Record<string, SQL> = {},
): Promise<Counts> {
  const counts: Counts = { inserted: 0, updated: 0 };
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
function bulkWriter<V extends Record<string, unknown>>(
  tx: Writer,
  table: PgTable,
  target: readonly string[],
) {
  const counts: Counts = { inserted: 0, updated: 0 };
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
    /** True once a batch has failed: the transaction is lost, so send no more. */
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
    async finish(): Promise<Counts> {
      if (inFlight) await inFlight;
      if (failure !== null) throw failure;
      return counts;
    },
  };
}

/** Entra object ids are unique: refuse one that already belongs to a staff record the file does not reassign. */
async function checkStaffIdentities(
  db: Writer,
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
  const holders = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 5_000) {
    const found = await db
      .select({ email: staff.email, aad: staff.aadObjectId })
      .from(staff)
      .where(inArray(staff.aadObjectId, ids.slice(i, i + 5_000)));
    for (const f of found) if (f.aad) holders.set(f.aad, f.email);
  }
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
function checkTeams(rows: ValidRow<'staff'>[], errors: RowError[]): { code: string; pdu: string | null }[] {
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

async function writeKind(
  database: Database,
  kind: ImportKind,
  text: string,
): Promise<{ errors: RowError[] } | { rows: number; counts: Counts }> {
  switch (kind) {
    case 'staff': {
      const errors: RowError[] = [];
      const rows = [...validate('staff', parseCsv(text), errors)];
      const teamRows = checkTeams(rows, errors);
      await checkStaffIdentities(database.db, rows, errors);
      const values = mapRows<'staff', ReturnType<typeof staffValues>>(rows, staffValues, 'email', errors);
      if (errors.length > 0) return { errors };
      const counts = await database.db.transaction(async (tx) => {
        // Clear ids this file moves to someone else, so the unique index never sees two holders mid-statement.
        const moving = rows.filter((r) => r.row.aad_object_id !== null).map((r) => r.row.email);
        for (let i = 0; i < moving.length; i += 5_000) {
          await tx
            .update(staff)
            .set({ aadObjectId: null })
            .where(inArray(staff.email, moving.slice(i, i + 5_000)));
        }
        await upsert(tx, teams, teamRows, ['code'], { pdu: sql`coalesce(excluded.pdu, ${teams.pdu})` });
        // An empty aad_object_id keeps the one already known (it may have come from Graph).
        return upsert(tx, staff, values, ['email'], {
          aadObjectId: sql`coalesce(excluded.aad_object_id, ${staff.aadObjectId})`,
        });
      });
      return { rows: values.length, counts };
    }
    case 'cases':
      return writeStreamed(database, 'cases', text, casesValues, 'end_date', cases, [
        'crn',
        'sentenceType',
        'startDate',
      ]);
    case 'custody':
      return writeStreamed(database, 'custody', text, custodyValues, 'crd', custodyCases, [
        'crn',
        'custodyStartDate',
      ]);
    case 'dip-breaches':
      return writeStreamed(database, 'dip-breaches', text, dipValues, 'missed_date', dipBreaches, [
        'reference',
      ]);
    case 'iom-cohort':
      return writeStreamed(database, 'iom-cohort', text, iomValues, 'crn', iomCohort, ['crn']);
  }
}

/** Thrown inside the transaction to roll it back when the file has row problems. */
class Refused extends Error {}

/**
 * Reads, checks and writes one extract in a single pass inside one transaction (see the top of
 * this file): valid rows go to the database a batch at a time until the first problem; the rest
 * are still checked so every problem is listed; any problem rolls everything back.
 */
async function writeStreamed<K extends ImportKind, V extends Record<string, unknown>>(
  database: Database,
  kind: K,
  text: string,
  derive: Derive<K, V>,
  blameColumn: string,
  table: PgTable,
  target: readonly string[],
): Promise<{ errors: RowError[] } | { rows: number; counts: Counts }> {
  const errors: RowError[] = [];
  let rows = 0;
  let counts: Counts;
  try {
    counts = await database.db.transaction(async (tx) => {
      const writer = bulkWriter<V>(tx, table, target);
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
      return writer.finish();
    });
  } catch (e) {
    if (e instanceof Refused) return { errors };
    throw e;
  }
  if (counts.inserted >= ANALYZE_AFTER_INSERTS) {
    // Fresh statistics now, not when autovacuum next looks (up to a minute on PostgreSQL, never on
    // PGlite), so the first questions after a big load get their index plans.
    await database.rows(sql`analyze ${sql.identifier(getTableName(table))}`);
  }
  return { rows, counts };
}

// ---------------------------------------------------------------------------------------------
// Entry points.

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
