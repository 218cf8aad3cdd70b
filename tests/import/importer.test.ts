import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  formatImportErrors,
  formatImportSummary,
  importCsv,
  MAX_IMPORT_BYTES,
  type ImportKind,
  type ImportResult,
} from '../../src/import/importer.js';
import type { Database } from '../../src/store/db.js';
import { freshDatabase } from '../support/db.js';
import { CASES_CSV, CUSTODY_CSV, DIP_CSV, IOM_CSV, STAFF_CSV } from '../support/extracts.js';

// One database for the file (creating and migrating one takes seconds); emptied before each test.
let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
}, 120_000);
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await database.rows(
    sql`truncate staff, teams, cases, custody_cases, dip_breaches, iom_cohort restart identity`,
  );
});

const CASES_HEADER =
  'crn,first_name,last_name,practitioner_email,sentence_type,start_date,end_date,rar,mappa_category,mappa_level,rosh,nsd,child_protection,isc_pilot';

function caseLine(crn: string, start = '2025-01-10', end = '2026-01-09', type = 'licence'): string {
  return `${crn},Test,Person,p@probation.example,${type},${start},${end},no,,,low,no,no,no`;
}

async function count(table: string): Promise<number> {
  const [row] = await database.rows<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`));
  return row!.n;
}

function expectOk(result: ImportResult): asserts result is Extract<ImportResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected ok, got:\n${formatImportErrors(result)}`);
}

function expectRefused(result: ImportResult): asserts result is Extract<ImportResult, { ok: false }> {
  expect(result.ok).toBe(false);
}

describe('good files, per kind', () => {
  const files: [ImportKind, string, string, number][] = [
    ['staff', STAFF_CSV, 'staff', 4],
    ['cases', CASES_CSV, 'cases', 4],
    ['custody', CUSTODY_CSV, 'custody_cases', 2],
    ['dip-breaches', DIP_CSV, 'dip_breaches', 3],
    ['iom-cohort', IOM_CSV, 'iom_cohort', 3],
  ];

  it.each(files)('%s imports, and re-importing updates instead of inserting', async (kind, csv, table, n) => {
    const first = await importCsv(database, kind, csv);
    expectOk(first);
    expect(first).toMatchObject({ kind, rows: n, inserted: n, updated: 0 });
    expect(await count(table)).toBe(n);

    const again = await importCsv(database, kind, csv);
    expectOk(again);
    expect(again).toMatchObject({ kind, rows: n, inserted: 0, updated: n });
    expect(await count(table)).toBe(n);
  });

  it('staff: emails lower-cased, roles split, teams upserted', async () => {
    expectOk(await importCsv(database, 'staff', STAFF_CSV));
    const rows = await database.rows<{
      email: string;
      roles: string[];
      team_code: string | null;
      name: string;
    }>(sql`select email, roles, team_code, name from staff order by email`);
    expect(rows.map((r) => r.email)).toEqual([
      'alice.practitioner@probation.example',
      'bob.spo@probation.example',
      'carol.iom@probation.example',
      'dan.dip@probation.example',
    ]);
    expect(rows[1]!.roles).toEqual(['spo', 'practitioner']);
    expect(rows[1]!.name).toBe('Bob Senior, SPO');
    expect(rows[2]!.roles).toEqual(['iom_lead']);
    expect(rows[3]!.roles).toEqual(['dip_officer', 'admin']);
    const teamRows = await database.rows<{ code: string; pdu: string | null }>(
      sql`select code, pdu from teams order by code`,
    );
    expect(teamRows).toEqual([
      { code: 'N07T1', pdu: 'Camden and Islington' },
      { code: 'N07T2', pdu: 'Enfield and Haringey' },
    ]);
  });

  it('staff: an Entra object id already held by someone not in the file is refused', async () => {
    expectOk(await importCsv(database, 'staff', STAFF_CSV));
    const csv = `email,name,role,team,pdu,borough,aad_object_id
new.person@probation.example,New Person,practitioner,N07T1,,,11111111-1111-1111-1111-111111111111
`;
    const result = await importCsv(database, 'staff', csv);
    expectRefused(result);
    expect(result.errors).toEqual([
      { line: 2, column: 'aad_object_id', reason: 'already belongs to another staff record' },
    ]);
  });

  it('staff: an Entra object id can move between two people in the same file', async () => {
    expectOk(await importCsv(database, 'staff', STAFF_CSV));
    const csv = `email,name,role,team,pdu,borough,aad_object_id
alice.practitioner@probation.example,Alice Practitioner,practitioner,N07T1,,,22222222-2222-2222-2222-222222222222
bob.spo@probation.example,Bob Senior,spo,N07T1,,,11111111-1111-1111-1111-111111111111
`;
    // The others are left out of this file, so they are retired: more than the usual limit.
    expectOk(await importCsv(database, 'staff', csv, { allowLargeRemoval: true }));
    const rows = await database.rows<{ email: string; aad_object_id: string }>(
      sql`select email, aad_object_id from staff where email like 'alice%' or email like 'bob%' order by email`,
    );
    expect(rows.map((r) => r.aad_object_id)).toEqual([
      '22222222-2222-2222-2222-222222222222',
      '11111111-1111-1111-1111-111111111111',
    ]);
  });

  it('cases: CRNs upper-cased, DD/MM/YYYY read, booleans and enums normalised, exemption derived', async () => {
    expectOk(await importCsv(database, 'cases', CASES_CSV));
    const rows = await database.rows<Record<string, unknown>>(
      sql`select crn, sentence_type, start_date::text as start_date, end_date::text as end_date, rar, rosh,
            mappa_category, child_protection, exempt, practitioner_email
          from cases order by crn`,
    );
    expect(rows).toEqual([
      expect.objectContaining({ crn: 'X123456', exempt: false, rar: false }),
      expect.objectContaining({
        crn: 'X234567',
        start_date: '2025-01-15',
        end_date: '2026-01-14',
        rar: true,
        exempt: false,
      }),
      expect.objectContaining({
        crn: 'Y345678',
        mappa_category: 2,
        exempt: true,
        practitioner_email: 'alice.practitioner@probation.example',
      }),
      expect.objectContaining({
        crn: 'Z456789',
        rosh: 'very_high',
        child_protection: true,
        exempt: true,
        rar: true,
      }),
    ]);
  });

  it('custody: durations upper-cased, optional extra columns default', async () => {
    expectOk(await importCsv(database, 'custody', CUSTODY_CSV));
    const rows = await database.rows<Record<string, unknown>>(
      sql`select crn, sentence_length, custody_start_date::text as csd, estate, release_plan_risk_increase, prison
          from custody_cases order by crn`,
    );
    expect(rows).toEqual([
      {
        crn: 'X123456',
        sentence_length: 'P18M',
        csd: '2024-01-10',
        estate: 'male',
        release_plan_risk_increase: false,
        prison: 'HMP Pentonville',
      },
      {
        crn: 'Y345678',
        sentence_length: 'P4Y',
        csd: '2023-02-01',
        estate: 'male',
        release_plan_risk_increase: false,
        prison: null,
      },
    ]);
  });

  it('custody: reads the optional estate and release_plan_risk_increase columns', async () => {
    const [header, ...lines] = CUSTODY_CSV.trim().split('\n');
    const csv = [
      `${header},estate,release_plan_risk_increase`,
      `${lines[0]},Female,yes`,
      `${lines[1]},,`,
    ].join('\n');
    expectOk(await importCsv(database, 'custody', csv));
    const rows = await database.rows<{ estate: string; r: boolean }>(
      sql`select estate, release_plan_risk_increase as r from custody_cases order by crn`,
    );
    expect(rows).toEqual([
      { estate: 'female', r: true },
      { estate: 'male', r: false },
    ]);
  });

  it('dip-breaches: last day to charge derived from the missed date', async () => {
    expectOk(await importCsv(database, 'dip-breaches', DIP_CSV));
    const rows = await database.rows<Record<string, unknown>>(
      sql`select reference, crn, last_day_to_charge::text as ldc, outcome, outcome_date::text as od
          from dip_breaches order by reference`,
    );
    expect(rows).toEqual([
      { reference: 'DIP-0001', crn: 'X123456', ldc: '2025-07-01', outcome: null, od: null },
      { reference: 'DIP-0002', crn: null, ldc: '2025-09-30', outcome: 'circulated_fta', od: '2025-04-02' },
      { reference: 'DIP-0003', crn: 'Z456789', ldc: '2026-02-28', outcome: 'charged', od: '2025-09-15' },
    ]);
  });

  it('iom-cohort: enums lower-cased, empty gps_tag is null', async () => {
    expectOk(await importCsv(database, 'iom-cohort', IOM_CSV));
    const rows = await database.rows<Record<string, unknown>>(
      sql`select crn, brag, gps_tag, drug_dependent, in_custody from iom_cohort order by crn`,
    );
    expect(rows).toEqual([
      { crn: 'X123456', brag: 'red', gps_tag: 'knife_crime', drug_dependent: true, in_custody: false },
      { crn: 'Y345678', brag: 'blue', gps_tag: null, drug_dependent: false, in_custody: true },
      { crn: 'Z456789', brag: 'green', gps_tag: 'domestic_abuse', drug_dependent: true, in_custody: false },
    ]);
  });
});

describe('derived Reset dates', () => {
  it('licence 2025-01-10 → 2026-01-09 stores two-thirds 2025-09-10 and follow-up 2025-11-10', async () => {
    expectOk(await importCsv(database, 'cases', `${CASES_HEADER}\n${caseLine('X123456')}\n`));
    const [row] = await database.rows<{ t: string; f: string | null }>(
      sql`select two_thirds_date::text as t, follow_up_date::text as f from cases`,
    );
    expect(row).toEqual({ t: '2025-09-10', f: '2025-11-10' });
  });

  it('orders get a two-thirds date and no follow-up', async () => {
    const csv = `${CASES_HEADER}\nX123456,A,B,p@probation.example,community_order,2025-01-15,2026-01-14,yes,,,low,no,no,no\n`;
    expectOk(await importCsv(database, 'cases', csv));
    const [row] = await database.rows<{ t: string; f: string | null }>(
      sql`select two_thirds_date::text as t, follow_up_date::text as f from cases`,
    );
    expect(row).toEqual({ t: '2025-09-15', f: null });
  });

  it('a two-day licence ends on its two-thirds day: no final third, so no follow-up', async () => {
    const csv = `${CASES_HEADER}\nX123456,A,B,p@probation.example,licence,2025-03-01,2025-03-02,no,,,low,no,no,no\n`;
    expectOk(await importCsv(database, 'cases', csv));
    const [row] = await database.rows<{ t: string; f: string | null }>(
      sql`select two_thirds_date::text as t, follow_up_date::text as f from cases`,
    );
    expect(row).toEqual({ t: '2025-03-02', f: null });
  });

  it('re-import with a changed end date (recall, amendment) recomputes the derived dates and exemption', async () => {
    expectOk(await importCsv(database, 'cases', `${CASES_HEADER}\n${caseLine('X123456')}\n`));
    const amended = `${CASES_HEADER}\nX123456,Test,Person,p@probation.example,licence,2024-01-01,2024-12-31,no,,,very_high,no,no,no\n`;
    // Different start date = a different sentence, so first amend the same key's end date.
    const sameKey = `${CASES_HEADER}\nX123456,Test,Person,p@probation.example,licence,2025-01-10,2025-07-09,no,,,very_high,no,no,no\n`;
    const result = await importCsv(database, 'cases', sameKey);
    expectOk(result);
    expect(result).toMatchObject({ inserted: 0, updated: 1 });
    const [row] = await database.rows<{ t: string; f: string; exempt: boolean }>(
      sql`select two_thirds_date::text as t, follow_up_date::text as f, exempt from cases`,
    );
    // N = 181 days: T = start + ceil(362/3) - 1 = start + 120; F = T + ceil(60/2).
    expect(row).toEqual({ t: '2025-05-10', f: '2025-06-09', exempt: true });
    // The new start date is another sentence: the old one, no longer listed, is retired.
    expect(await importCsv(database, 'cases', amended, { allowLargeRemoval: true })).toMatchObject({
      ok: true,
      inserted: 1,
      retired: 1,
    });
    expect(await count('cases')).toBe(1);
  });
});

describe('refusals: all or nothing', () => {
  it('an impossible end_date on line 5 refuses the whole file, naming line 5 and end_date', async () => {
    const csv = [
      CASES_HEADER,
      caseLine('A000001'),
      caseLine('A000002'),
      caseLine('A000003'),
      caseLine('A000004', '2025-01-10', '2025-02-30'),
      caseLine('A000005'),
    ].join('\n');
    const result = await importCsv(database, 'cases', csv);
    expectRefused(result);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ line: 5, column: 'end_date' });
    expect(result.errors[0]!.reason).toContain('2025-02-30');
    expect(formatImportErrors(result)).toMatch(/^line 5, end_date: /);
    expect(await count('cases')).toBe(0);
  });

  it('nothing changes in a table that already had rows', async () => {
    expectOk(await importCsv(database, 'cases', `${CASES_HEADER}\n${caseLine('A000001')}\n`));
    const csv = [
      CASES_HEADER,
      caseLine('A000001', '2025-01-10', '2027-01-09'),
      caseLine('A000002', 'soon'),
    ].join('\n');
    expectRefused(await importCsv(database, 'cases', csv));
    const [row] = await database.rows<{ e: string }>(sql`select end_date::text as e from cases`);
    expect(row!.e).toBe('2026-01-09');
    expect(await count('cases')).toBe(1);
  });

  it('reports every bad row and every bad column, in line order', async () => {
    const csv = [
      CASES_HEADER,
      caseLine('A000001'),
      'A00002,Test,Person,not-an-email,licence,2025-01-10,2026-01-09,maybe,5,,extreme,no,no,no',
      caseLine('A000003'),
      caseLine('A000004', '2025-06-01', '2025-05-31'),
      caseLine('A000005', '31/02/2025'),
      caseLine('A000006', '2025-01-10', '2026-01-09', 'parole'),
    ].join('\n');
    const result = await importCsv(database, 'cases', csv);
    expectRefused(result);
    expect(result.errors.map((e) => `${e.line}:${e.column}`)).toEqual([
      '3:crn',
      '3:practitioner_email',
      '3:rar',
      '3:mappa_category',
      '3:rosh',
      '5:end_date',
      '6:start_date',
      '7:sentence_type',
    ]);
    const text = formatImportErrors(result);
    expect(text.split('\n')).toHaveLength(8);
    expect(text).toContain('line 5, end_date: is before start_date');
    expect(text).toContain(
      "line 6, start_date: is not a real date as YYYY-MM-DD or DD/MM/YYYY (got '31/02/2025')",
    );
    expect(formatImportSummary(result)).toBe('Nothing imported from the cases file: 4 rows have errors');
    expect(await count('cases')).toBe(0);
  });

  it('a repeated natural key is an error on the second occurrence', async () => {
    const csv = [CASES_HEADER, caseLine('A000001'), caseLine('A000002'), caseLine('a000001')].join('\n');
    const result = await importCsv(database, 'cases', csv);
    expectRefused(result);
    expect(result.errors).toEqual([
      { line: 4, column: 'crn', reason: 'repeats line 2 (same crn, sentence_type and start_date)' },
    ]);
  });

  it('a repeated staff email is an error naming email', async () => {
    const csv = `${STAFF_CSV}ALICE.practitioner@probation.example,Alice Again,spo,,,,\n`;
    const result = await importCsv(database, 'staff', csv);
    expectRefused(result);
    expect(result.errors).toEqual([{ line: 6, column: 'email', reason: 'repeats line 2' }]);
  });

  it('a missing required header column is a file error naming the column', async () => {
    const csv = CASES_CSV.replace(',end_date', '').replace(',isc_pilot', ',isc');
    const result = await importCsv(database, 'cases', csv);
    expectRefused(result);
    expect(result.errors).toEqual([]);
    expect(result.fileError).toMatch(/missing the required columns end_date, isc_pilot/);
    expect(formatImportErrors(result)).toContain('end_date');
  });

  it('rows with too many or too few fields are refused', async () => {
    const csv = [
      CASES_HEADER,
      'A000001,Test,Person,Smith,p@probation.example,licence,2025-01-10,2026-01-09,no,,,low,no,no,no',
      'A000002,Test,Person,p@probation.example,licence,2025-01-10,2026-01-09',
      `${caseLine('A000003')},,`,
    ].join('\n');
    const result = await importCsv(database, 'cases', csv);
    expectRefused(result);
    expect(result.errors.map((e) => `${e.line}:${e.column}`)).toEqual(['2:(row)', '3:(row)']);
  });

  it('dip-breaches: outcome_date required with an outcome and not before missed_date', async () => {
    const csv = `reference,crn,first_name,last_name,date_of_birth,assessment,missed_date,officer_email,outcome,outcome_date
R1,,A,B,,initial,2025-01-01,,pcr_issued,
R2,,A,B,,initial,2025-01-01,,charged,2024-12-31
R3,,A,B,,assessment,2025-01-01,,lost,
`;
    const result = await importCsv(database, 'dip-breaches', csv);
    expectRefused(result);
    expect(result.errors.map((e) => `${e.line}:${e.column}`)).toEqual([
      '2:outcome_date',
      '3:outcome_date',
      '4:assessment',
      '4:outcome',
    ]);
  });

  it('custody: crd must be after custody start, and sentence_length must be an ISO duration', async () => {
    const [header, first] = CUSTODY_CSV.trim().split('\n');
    const csv = [
      header,
      first!.replace('2024-10-09', '2024-01-10'),
      first!.replace('P18M', '18 months').replace('X123456', 'X999999'),
    ].join('\n');
    const result = await importCsv(database, 'custody', csv);
    expectRefused(result);
    expect(result.errors.map((e) => `${e.line}:${e.column}`)).toEqual(['2:crd', '3:sentence_length']);
  });

  it('iom-cohort: borough is required and enums are checked', async () => {
    const csv = `crn,pnc,first_name,last_name,borough,cohort,brag,gender,ethnicity,drug_dependent,in_drug_treatment,ward,in_custody,gps_tag
X123456,,A,B,,fixed,purple,,,no,no,,no,gang
`;
    const result = await importCsv(database, 'iom-cohort', csv);
    expectRefused(result);
    expect(result.errors.map((e) => `${e.line}:${e.column}`)).toEqual(['2:borough', '2:brag', '2:gps_tag']);
  });

  it('reasons do not echo names, emails or CRNs', async () => {
    const csv = [
      CASES_HEADER,
      'Smithson,Zebedee,Quux,zebedee.quux@,licence,Zebedee,2026-01-09,Quux,Quux,Quux,Quux,Quux,Quux,Quux',
    ].join('\n');
    const result = await importCsv(database, 'cases', csv);
    expectRefused(result);
    const text = formatImportErrors(result);
    expect(result.errors.length).toBeGreaterThanOrEqual(10);
    expect(text).not.toMatch(/Smithson|Zebedee|Quux/);
  });

  it('refuses files over the size limit, naming the limit', async () => {
    const result = await importCsv(database, 'cases', ' '.repeat(MAX_IMPORT_BYTES + 1));
    expectRefused(result);
    expect(result.fileError).toContain('200 MB');
  });

  it('an unterminated quote is a file error', async () => {
    const result = await importCsv(
      database,
      'cases',
      `${CASES_HEADER}\n${caseLine('A000001')}\n"A000002,Test`,
    );
    expectRefused(result);
    expect(result.fileError).toMatch(/never closed/);
  });
});

describe('CSV details', () => {
  it('empty file and header-only file import 0 rows', async () => {
    for (const csv of ['', '\n', `${CASES_HEADER}\n`, `\ufeff${CASES_HEADER}`]) {
      const result = await importCsv(database, 'cases', csv);
      expectOk(result);
      expect(result).toMatchObject({ rows: 0, inserted: 0, updated: 0 });
    }
  });

  it('strips a BOM, accepts CRLF, reordered and extra columns, header case and blank lines', async () => {
    const csv =
      '\ufeffCRN,Notes,first_name,last_name,practitioner_email,sentence_type,start_date,end_date,rar,mappa_category,mappa_level,rosh,nsd,child_protection,isc_pilot\r\n' +
      'X123456,anything at all,A,B,p@probation.example,licence,10/01/2025,09/01/2026,no,,,,no,no,no\r\n' +
      '\r\n' +
      ',,,,,,,,,,,,,,\r\n' +
      ' Y123456 , free text , A , B , P@Probation.Example , Licence , 2025-01-10 , 2026-01-09 , No ,,,, no , no , no \r\n';
    const result = await importCsv(database, 'cases', csv);
    expectOk(result);
    expect(result.rows).toBe(2);
    const rows = await database.rows<{ crn: string; t: string; e: string }>(
      sql`select crn, two_thirds_date::text as t, practitioner_email as e from cases order by crn`,
    );
    expect(rows).toEqual([
      { crn: 'X123456', t: '2025-09-10', e: 'p@probation.example' },
      { crn: 'Y123456', t: '2025-09-10', e: 'p@probation.example' },
    ]);
  });

  it('quoted fields may hold commas, quotes and line breaks; line numbers stay physical', async () => {
    const csv = [
      CASES_HEADER,
      'A000001,"Smith, Jr",O\'Neil,p@probation.example,licence,2025-01-10,2026-01-09,no,,,low,no,no,no',
      'A000002,"Anne ""Nan""","Two',
      'Line",p@probation.example,licence,2025-01-10,2026-01-09,no,,,low,no,no,no',
      'A000003,"Three\r\nLine\r\nName",X,p@probation.example,licence,2025-01-10,2026-01-09,no,,,low,no,no,no',
      caseLine('A000004', '2025-01-10', 'tomorrow'),
    ].join('\n');
    const result = await importCsv(database, 'cases', csv);
    expectRefused(result);
    // Header 1, A000001 2, A000002 3–4, A000003 5–7, A000004 8.
    expect(result.errors).toEqual([expect.objectContaining({ line: 8, column: 'end_date' })]);

    const good = csv.split('\n').slice(0, -1).join('\n');
    expectOk(await importCsv(database, 'cases', good));
    const rows = await database.rows<{ f: string; l: string }>(
      sql`select first_name as f, last_name as l from cases order by crn`,
    );
    expect(rows).toEqual([
      { f: 'Smith, Jr', l: "O'Neil" },
      { f: 'Anne "Nan"', l: 'Two\nLine' },
      { f: 'Three\nLine\nName', l: 'X' },
    ]);
  });

  it('stores awkward text exactly: backslashes, braces, quotes, the word NULL, accents', async () => {
    const csv = [
      CASES_HEADER,
      'A000001,"Back\\slash {brace} ""q"", x",NULL,p@probation.example,licence,2025-01-10,2026-01-09,no,,,low,no,no,no',
      'A000002,Zoë,Ó Dálaigh,p@probation.example,licence,2025-01-10,2026-01-09,no,,,,no,no,no',
    ].join('\n');
    expectOk(await importCsv(database, 'cases', csv));
    const rows = await database.rows<{ f: string; l: string; rosh: string | null }>(
      sql`select first_name as f, last_name as l, rosh from cases order by crn`,
    );
    expect(rows).toEqual([
      { f: 'Back\\slash {brace} "q", x', l: 'NULL', rosh: 'low' },
      { f: 'Zoë', l: 'Ó Dálaigh', rosh: null },
    ]);
  });

  it('a bad row after a multi-line field is reported at its own first line', async () => {
    const csv = [
      CASES_HEADER,
      'A000001,"Multi',
      'Line",B,p@probation.example,licence,2025-01-10,2026-01-09,no,,,low,no,no,no',
      'A000002,"Also',
      'Multi",B,p@probation.example,licence,2025-01-10,2025-02-30,no,,,low,no,no,no',
    ].join('\n');
    const result = await importCsv(database, 'cases', csv);
    expectRefused(result);
    expect(result.errors).toEqual([expect.objectContaining({ line: 4, column: 'end_date' })]);
  });

  it('summary line', () => {
    expect(
      formatImportSummary({
        ok: true,
        kind: 'cases',
        rows: 250000,
        inserted: 249000,
        updated: 1000,
        retired: 12,
        ms: 12345,
      }),
    ).toBe('Imported 250000 cases rows (249000 inserted, 1000 updated, 12 retired) in 12.3 s');
  });
});
