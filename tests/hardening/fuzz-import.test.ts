import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  importCsv,
  IMPORT_KINDS,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_SIZE_TEXT,
  type ImportKind,
  type ImportResult,
} from '../../src/import/importer.js';
import { ROW_SPECS } from '../../src/import/rows.js';
import type { Database } from '../../src/store/db.js';
import { freshDatabase } from '../support/db.js';
import { CASES_CSV, CUSTODY_CSV, DIP_CSV, IOM_CSV, STAFF_CSV } from '../support/extracts.js';
import { anyText, fuzzReport, NASTY, onPostgres } from '../support/fuzz.js';

/**
 * The CSV importers under arbitrary and mutated input. Whatever the file, importCsv must not
 * throw; a refused file must leave every table exactly as it was (all or nothing) and say why:
 * a file-level reason, or rows with line, column and reason.
 */

const FIXTURES: Record<ImportKind, string> = {
  staff: STAFF_CSV,
  cases: CASES_CSV,
  custody: CUSTODY_CSV,
  'dip-breaches': DIP_CSV,
  'iom-cohort': IOM_CSV,
};
const TABLES = ['staff', 'teams', 'cases', 'custody_cases', 'dip_breaches', 'iom_cohort'];
// Per kind and property; a PostgreSQL round trip costs more than an in-process PGlite query.
const RUNS = onPostgres ? 60 : 80;

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
  for (const kind of IMPORT_KINDS) {
    const result = await importCsv(database, kind, FIXTURES[kind]);
    expect(result, kind).toMatchObject({ ok: true });
  }
}, 120_000);
afterAll(async () => {
  await database?.close();
});

/** Row count and a hash of every row of every table the importers write. */
async function snapshot(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const [row] = await database.rows<{ n: number; h: string }>(
      sql.raw(
        `select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from ${table} t`,
      ),
    );
    out[table] = `${row!.n}:${row!.h}`;
  }
  return out;
}

const refusals = { file: 0, rows: 0, accepted: 0 };

/** Imports, and checks the all-or-nothing and specific-refusal rules. Returns the result. */
async function importAndCheck(kind: ImportKind, text: string): Promise<ImportResult> {
  const before = await snapshot();
  let result: ImportResult;
  try {
    result = await importCsv(database, kind, text);
  } catch (e) {
    throw new Error(`importCsv threw instead of refusing: ${(e as Error).message}`);
  }
  if (result.ok) {
    refusals.accepted += 1;
    return result;
  }
  expect(await snapshot(), 'a refused file changed the database').toEqual(before);
  const spec = ROW_SPECS[kind];
  const columns = new Set([...spec.columns, ...spec.optionalColumns, '(row)']);
  if (result.errors.length === 0) {
    expect(result.fileError, 'a refusal with neither a file error nor row errors').toBeTruthy();
    refusals.file += 1;
  } else {
    refusals.rows += 1;
    for (const e of result.errors) {
      expect(Number.isInteger(e.line) && e.line >= 2, `line ${e.line}`).toBe(true);
      expect(columns.has(e.column), `column ${e.column}`).toBe(true);
      expect(e.reason.trim().length).toBeGreaterThan(0);
    }
  }
  return result;
}

function cell(v: string): string {
  return /[",\r\n]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
function toCsv(rows: string[][]): string {
  return `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`;
}
/** The fixtures' cells (quoted fields with "" escapes; no line breaks inside fields). */
function cells(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  out.push(cur);
  return out;
}
const parsed = Object.fromEntries(
  IMPORT_KINDS.map((k) => [
    k,
    FIXTURES[k]
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map(cells),
  ]),
) as Record<ImportKind, string[][]>;

/** Values valid somewhere (in another column or another kind): the near misses. */
const nearMisses = [...new Set(Object.values(parsed).flatMap((rows) => rows.slice(1).flat()))];
const replacement = fc.oneof(anyText(40), fc.constantFrom(...NASTY), fc.constantFrom(...nearMisses));

describe.each(IMPORT_KINDS)('fuzzing importCsv(%s)', (kind) => {
  const [header, ...rows] = parsed[kind];

  it('valid rows with one cell corrupted: imported, or refused naming that line and nothing written', async () => {
    let inputs = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), replacement, async (r, c, value) => {
        inputs += 1;
        const row = r % rows.length;
        const col = c % header!.length;
        const copy = rows.map((x) => [...x]);
        copy[row]![col] = value;
        const result = await importAndCheck(kind, toCsv([header!, ...copy]));
        if (!result.ok) {
          // Named at its line, or (a clash between rows) named as the line the later row differs from,
          // or (a corrupted key makes it another record) the earlier record would be retired.
          const line = row + 2;
          const named =
            result.errors.some((e) => e.line === line || e.reason.includes(`line ${line}`)) ||
            (result.fileError?.includes('--allow-large-removal') ?? false);
          expect(named, JSON.stringify(result)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
    fuzzReport(`import ${kind} (one cell corrupted)`, inputs);
  });

  it('mutated file text (characters inserted, deleted, lines repeated, truncated): never a crash or a partial write', async () => {
    let inputs = 0;
    const text = FIXTURES[kind];
    const mutation = fc.oneof(
      fc.tuple(
        fc.constant('insert' as const),
        fc.nat(),
        fc.constantFrom(',', '"', '\n', '\r', '\r\n', ';', '\u0000', '\uFEFF', 'x', ' '),
      ),
      fc.tuple(fc.constant('delete' as const), fc.nat(), fc.integer({ min: 1, max: 5 })),
      fc.tuple(fc.constant('repeat-line' as const), fc.nat(), fc.constant('')),
      fc.tuple(fc.constant('truncate' as const), fc.nat(), fc.constant('')),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        inputs += 1;
        let t = text;
        for (const [op, at, arg] of mutations) {
          const i = at % (t.length + 1);
          if (op === 'insert') t = t.slice(0, i) + arg + t.slice(i);
          else if (op === 'delete') t = t.slice(0, i) + t.slice(i + Number(arg));
          else if (op === 'truncate') t = t.slice(0, i);
          else {
            const lines = t.split('\n');
            const k = at % lines.length;
            lines.splice(k, 0, lines[k] ?? '');
            t = lines.join('\n');
          }
        }
        await importAndCheck(kind, t);
      }),
      { numRuns: RUNS },
    );
    fuzzReport(`import ${kind} (mutated text)`, inputs);
  });

  it('arbitrary text, with and without the right header: refused cleanly', async () => {
    let inputs = 0;
    const randomRows = fc.array(fc.array(anyText(20), { maxLength: header!.length + 2 }), { maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyText(2000),
          randomRows.map((rs) => toCsv([header!, ...rs])),
          randomRows.map((rs) => toCsv(rs)),
        ),
        async (text) => {
          inputs += 1;
          await importAndCheck(kind, text);
        },
      ),
      { numRuns: RUNS },
    );
    fuzzReport(`import ${kind} (arbitrary text)`, inputs);
  });
});

describe('import refusals', () => {
  it('a file over the size limit is refused naming the limit, before it is parsed', async () => {
    const before = await snapshot();
    const result = await importCsv(database, 'cases', ' '.repeat(MAX_IMPORT_BYTES + 1));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.fileError).toContain(MAX_IMPORT_SIZE_TEXT);
    expect(await snapshot()).toEqual(before);
  });

  it('a large file refused by the database in its last batch writes nothing (one transaction)', async () => {
    const before = await snapshot();
    const [taken] = await database.rows<{ aad: string }>(
      sql`select aad_object_id as aad from staff where aad_object_id is not null limit 1`,
    );
    const lines = ['email,name,role,team,pdu,borough,aad_object_id'];
    for (let i = 0; i < 6000; i++) {
      lines.push(`bulk${i}@probation.example,Bulk Person,practitioner,N99T01,Test PDU,,`);
    }
    // A new email with an Entra id another staff member already has: only the database can tell.
    lines.push(`clash@probation.example,Clash Person,practitioner,N99T01,Test PDU,,${taken!.aad}`);
    const result = await importCsv(database, 'staff', `${lines.join('\n')}\n`);
    expect(result.ok).toBe(false);
    expect(await snapshot()).toEqual(before);
  });

  it('prints the totals', () => {
    console.log(
      `[fuzz] import outcomes: ${refusals.accepted} accepted, ${refusals.rows} refused with row errors, ${refusals.file} refused with a file error`,
    );
  });
});
