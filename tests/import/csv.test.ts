import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, readCsv } from '../../src/import/csv.js';
import { IMPORT_KINDS, ROW_SPECS, type ImportKind } from '../../src/import/rows.js';
import { CASES_CSV, CUSTODY_CSV, DIP_CSV, IOM_CSV, STAFF_CSV } from '../support/extracts.js';

/**
 * readCsv (PapaParse with physical line numbers), and each row spec's zod-free `check` held to its
 * zod schema.
 */

describe('readCsv', () => {
  it.each([
    [
      'plain',
      'a,b,c\n1,2,3\n',
      [
        { line: 1, fields: ['a', 'b', 'c'] },
        { line: 2, fields: ['1', '2', '3'] },
      ],
    ],
    [
      'blank lines skipped, lines kept',
      '\n\na,b\n\n1,2\n',
      [
        { line: 3, fields: ['a', 'b'] },
        { line: 5, fields: ['1', '2'] },
      ],
    ],
    [
      'quoted commas, quotes and line breaks: the record starts on its first line',
      'a,"b, c","d ""e"" f"\n"multi\nline",x\ny,z\n',
      [
        { line: 1, fields: ['a', 'b, c', 'd "e" f'] },
        { line: 2, fields: ['multi\nline', 'x'] },
        { line: 4, fields: ['y', 'z'] },
      ],
    ],
    ['relaxed quotes inside a field', 'ab"c,d\n', [{ line: 1, fields: ['ab"c', 'd'] }]],
    ['empty', '', []],
  ])('%s', (_name, text, expected) => {
    expect([...readCsv(text)]).toEqual(expected);
  });

  it('refuses an unclosed quote with a syntax error', () => {
    expect(() => [...readCsv('a,b\n1,2\n"x\ny\n')]).toThrow(CsvSyntaxError);
  });
});

const FIXTURES: Record<ImportKind, string> = {
  staff: STAFF_CSV,
  cases: CASES_CSV,
  custody: CUSTODY_CSV,
  'dip-breaches': DIP_CSV,
  'iom-cohort': IOM_CSV,
};

describe.each(IMPORT_KINDS)('%s rows: check() gives what the zod schema gives', (kind) => {
  const spec = ROW_SPECS[kind];
  const [header, ...rows] = [...readCsv(FIXTURES[kind])].map((r) => r.fields);
  const columns = header!;
  const values = [...new Set(rows.flat())];
  const cell = fc.oneof(
    fc.constantFrom(...values),
    fc.constantFrom(
      '',
      ' ',
      'yes',
      'no',
      '0',
      '5',
      '31/02/2025',
      '2025-13-01',
      'P4Y',
      'x@y',
      'Very High',
      'spo;boss',
    ),
    fc.string({ maxLength: 12 }),
  );

  function compare(input: Record<string, string>) {
    const zod = spec.schema.safeParse(input);
    const fast = spec.check(input);
    if (zod.success) {
      expect(fast).toEqual({ ok: true, value: zod.data });
    } else {
      expect(fast).toEqual({
        ok: false,
        issues: zod.error.issues.map((i) => ({ column: String(i.path[0]), message: i.message })),
      });
    }
  }

  it('on the fixture rows and on rows with cells swapped in from anywhere', () => {
    for (const row of rows) compare(Object.fromEntries(columns.map((c, i) => [c, row[i] ?? ''])));
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.tuple(fc.nat(), cell), { maxLength: 4 }), (r, changes) => {
        const row = [...rows[r % rows.length]!];
        for (const [c, v] of changes) row[c % columns.length] = v;
        const input = Object.fromEntries(
          [...spec.columns, ...spec.optionalColumns].map((c) => [c, row[columns.indexOf(c)] ?? '']),
        );
        compare(input);
      }),
      { numRuns: 500 },
    );
  });
});
