import { CsvError, parse, type InfoRecord, type Options } from 'csv-parse/sync';

/**
 * The CSV reader for the extracts: csv-parse with relaxed quotes and column counts, blank lines
 * skipped, each record tagged with the physical line it starts on (so errors name file lines even
 * when a quoted field holds line breaks). Line breaks must already be `\n`.
 */

export interface CsvRecord {
  /** Physical line the record starts on (the first is 1). */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly code: string,
    /** The line csv-parse had reached when it gave up. */
    readonly lines: number,
  ) {
    super(`${code} at line ${lines}`);
    this.name = 'CsvSyntaxError';
  }
}

function onRecord(record: string[], context: InfoRecord): CsvRecord {
  // csv-parse counts lines at the record's end; step back over breaks inside quoted fields.
  let breaks = 0;
  for (const f of record) if (f.includes('\n')) breaks += f.split('\n').length - 1;
  return { line: context.lines - breaks, fields: record };
}

const OPTIONS: Options = {
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: true,
  on_record: onRecord as unknown as Options['on_record'],
};

/** Every record of `text`, blank lines skipped, in order. */
export function* readCsv(text: string): Generator<CsvRecord> {
  let records: CsvRecord[];
  try {
    records = parse(text, OPTIONS) as unknown as CsvRecord[];
  } catch (e) {
    if (e instanceof CsvError) {
      const lines = (e as CsvError & { lines?: number }).lines ?? 0;
      throw new CsvSyntaxError(e.code, lines);
    }
    throw e;
  }
  yield* records;
}
