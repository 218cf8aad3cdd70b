import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { migrationsFolder, openDatabase, type Database } from '../src/store/db.js';
import { createBenchDatabase, type BenchDatabase } from './databases.js';

/**
 * PostgreSQL's own loading speed for the same cases CSV, measured in the same run as the import:
 * `\copy` (psql) or COPY FROM a blob (PGlite) into a plain staging table of text columns, then the
 * server-side floor of any client: one INSERT … SELECT from that table into an empty, migrated
 * `cases` (same indexes), deriving the rule dates in SQL; and (PostgreSQL) the fair floor: `\copy`
 * of the rows as stored into a table with the cases table's indexes. Runs in a database of its own.
 */

const STAGING = `create table bench_staging (
  crn text, first_name text, last_name text, practitioner_email text, sentence_type text,
  start_date text, end_date text, rar text, mappa_category text, mappa_level text, rosh text,
  nsd text, child_protection text, isc_pilot text)`;

// The Reset arithmetic of src/domain/reset.ts in SQL (T = S + ceil(2N/3) − 1, F = T + ceil((E − T)/2)).
const FLOOR = `insert into cases (crn, first_name, last_name, practitioner_email, sentence_type, start_date,
  end_date, rar, mappa_category, mappa_level, rosh, nsd, child_protection, isc_pilot, two_thirds_date,
  follow_up_date, exempt)
select crn, first_name, last_name, practitioner_email, sentence_type, s, e, rar = 'yes', mc, ml,
  nullif(rosh, ''), nsd = 'yes', child_protection = 'yes', isc_pilot = 'yes', t,
  case when sentence_type = 'licence' then t + (e - t + 1) / 2 end,
  coalesce(mc, 0) >= 1 or coalesce(ml, 0) >= 1 or nsd = 'yes' or rosh = 'very_high'
    or child_protection = 'yes' or isc_pilot = 'yes'
from (select *, start_date::date as s, end_date::date as e,
        start_date::date + (2 * (end_date::date - start_date::date + 1) + 2) / 3 - 1 as t,
        nullif(mappa_category, '')::smallint as mc, nullif(mappa_level, '')::smallint as ml
      from bench_staging) x
on conflict (crn, sentence_type, start_date) do nothing`;

export interface CopyResult {
  rows: number;
  /** psql `\copy` (whole psql run, connection included) or PGlite COPY FROM blob. */
  copyMs: number;
  /**
   * The fair floor: psql `\copy` of the same rows as the import stores them (the file's columns
   * and the derived dates) into a table made `like cases including all`, so with the cases
   * table's indexes (PGlite: COPY FROM blob).
   */
  indexedMs: number;
  /** INSERT … SELECT from the staging table into the real, indexed `cases`. */
  floorMs: number;
}

function runPsql(url: string, command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', command], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`psql exited ${code}: ${stderr.trim()}`)),
    );
  });
}

/** The cases columns the import writes, in the order `storedCasesCsv` writes them. */
const STORED = `crn, first_name, last_name, practitioner_email, sentence_type, start_date, end_date, rar,
  mappa_category, mappa_level, rosh, nsd, child_protection, isc_pilot, two_thirds_date, follow_up_date, exempt`;

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const text =
    typeof v === 'boolean'
      ? v
        ? 't'
        : 'f'
      : typeof v === 'string' || typeof v === 'number'
        ? String(v)
        : JSON.stringify(v);
  return /[",\n\r]/.test(text) || text === '' ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Writes the imported cases rows, as stored, to a CSV file (the indexed floor's input). */
export async function storedCasesCsv(database: Database, file: string): Promise<void> {
  const rows = await database.rows<Record<string, unknown>>(
    sql.raw(`select ${STORED}, start_date::text as start_date, end_date::text as end_date,
      two_thirds_date::text as two_thirds_date, follow_up_date::text as follow_up_date from cases`),
  );
  const names = STORED.split(',').map((c) => c.trim());
  const lines = [names.join(',')];
  for (const r of rows) lines.push(names.map((n) => csvCell(r[n])).join(','));
  writeFileSync(file, `${lines.join('\n')}\n`);
}

export async function copyIntoPostgres(
  adminUrl: string,
  csvFile: string,
  storedFile: string,
): Promise<CopyResult> {
  const target: BenchDatabase = await createBenchDatabase(adminUrl, 'copy');
  try {
    const database = await openDatabase({ kind: 'postgres', url: target.url });
    try {
      await database.rows(sql.raw(STAGING));
      const started = performance.now();
      await runPsql(
        target.url,
        `\\copy bench_staging from '${csvFile.replace(/'/g, "''")}' with (format csv, header true)`,
      );
      const copyMs = performance.now() - started;
      const [count] = await database.rows<{ n: number }>(sql`select count(*)::int as n from bench_staging`);
      const floorStarted = performance.now();
      await database.rows(sql.raw(FLOOR));
      const floorMs = performance.now() - floorStarted;
      await database.rows(sql.raw('create table floor_cases (like cases including all)'));
      const indexedStarted = performance.now();
      await runPsql(
        target.url,
        `\\copy floor_cases (${STORED.replace(/\s+/g, ' ')}) from '${storedFile.replace(/'/g, "''")}' with (format csv, header true)`,
      );
      const indexedMs = performance.now() - indexedStarted;
      return { rows: count?.n ?? 0, copyMs, floorMs, indexedMs };
    } finally {
      await database.close();
    }
  } finally {
    await target.drop();
  }
}

export async function copyIntoPglite(csvFile: string, storedFile: string): Promise<CopyResult> {
  const dir = mkdtempSync(join(tmpdir(), 'pa-bench-copy-'));
  const client = new PGlite(join(dir, 'db'));
  try {
    await client.waitReady;
    await migrate(drizzle(client), { migrationsFolder });
    await client.exec(STAGING);
    const blob = new Blob([readFileSync(csvFile)]);
    const started = performance.now();
    await client.query(`copy bench_staging from '/dev/blob' with (format csv, header true)`, [], { blob });
    const copyMs = performance.now() - started;
    const count = await client.query<{ n: number }>('select count(*)::int as n from bench_staging');
    const floorStarted = performance.now();
    await client.exec(FLOOR);
    const floorMs = performance.now() - floorStarted;
    await client.exec('create table floor_cases (like cases including all)');
    const stored = new Blob([readFileSync(storedFile)]);
    const indexedStarted = performance.now();
    await client.query(
      `copy floor_cases (${STORED.replace(/\s+/g, ' ')}) from '/dev/blob' with (format csv, header true)`,
      [],
      { blob: stored },
    );
    const indexedMs = performance.now() - indexedStarted;
    return { rows: count.rows[0]?.n ?? 0, copyMs, floorMs, indexedMs };
  } finally {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
