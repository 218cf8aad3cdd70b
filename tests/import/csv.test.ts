import { parse, type InfoRecord, type Options } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, readCsv, type CsvRecord } from '../../src/import/csv.js';
import { IMPORT_KINDS, ROW_SPECS, type ImportKind } from '../../src/import/rows.js';
import { CASES_CSV, CUSTODY_CSV, DIP_CSV, IOM_CSV, STAFF_CSV } from './fixtures.js';

/**
 * The importer's fast paths against what they replace: readCsv against csv-parse with the options
 * the importer used, and each row spec's zod-free `check` against its zod schema.
 */

/** csv-parse as the importer called it, with the record's first physical line. */
function csvParse(text: string): CsvRecord[] | { code: string } {
  const onRecord = (record: string[], context: InfoRecord): CsvRecord => {
    let breaks = 0;
    for (const f of record) if (f.includes('\n')) breaks += f.split('\n').length - 1;
    return { line: context.lines - breaks, fields: record };
  };
  const options: Options = {
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    on_record: onRecord as unknown as Options['on_record'],
  };
  try {
    return parse(text, options) as unknown as CsvRecord[];
  } catch (e) {
    return { code: String((e as { code?: string }).code) };
  }
}

function ours(text: string): CsvRecord[] | { code: string } {
  try {
    return [...readCsv(text)];
  } catch (e) {
    if (e instanceof CsvSyntaxError) return { code: e.code };
    throw e;
  }
}

describe('readCsv reads what csv-parse read', () => {
  it.each([
    ['plain', 'a,b,c\n1,2,3\n'],
    ['no final line break', 'a,b\n1,2'],
    ['blank lines', '\n\na,b\n\n1,2\n\n'],
    ['empty fields', ',,\n,\n'],
    ['quoted commas, quotes and line breaks', 'a,"b, c","d ""e"" f"\n"multi\nline",x\n'],
    ['relaxed quotes inside a field', 'ab"c,d"e"\n'],
    ['text after a closing quote', '"ab"cd,"x""y"z\n'],
    ['quote after a space', ' "a",b\n'],
    ['only a quoted empty field', '""\n""'],
    ['a quoted field closing at the end', 'a,"b"'],
    ['an escaped quote at the end, unclosed', 'a,"b""'],
    ['unclosed quote', 'a,b\n"c,d\n'],
    ['empty', ''],
    ['just a line break', '\n'],
  ])('%s', (_name, text) => {
    expect(ours(text)).toEqual(csvParse(text));
  });

  it('agrees on any text made of the characters that matter', () => {
    const chars = fc.constantFrom('"', ',', '\n', 'a', 'b', ' ', '""', '\n\n', ',"', '",');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(ours(text)).toEqual(csvParse(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('names the line an unclosed quote opens on', () => {
    expect(() => [...readCsv('a,b\n1,2\n"x\ny\n')]).toThrow(expect.objectContaining({ lines: 3 }));
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
