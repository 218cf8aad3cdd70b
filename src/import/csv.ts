import { CsvError, parse as parseStream } from 'csv-parse';
import { parse, type InfoRecord, type Options } from 'csv-parse/sync';

/**
 * The CSV reader for the extracts: csv-parse with relaxed quotes and column counts, blank lines
 * skipped, each record tagged with the physical line it starts on (so errors name file lines even
 * when a quoted field holds line breaks). Line breaks must already be `\n`. `readCsvStream` reads
 * the same way from text pieces as they arrive (the importer's path); `readCsv` reads a whole text.
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

function syntaxError(e: unknown): unknown {
  if (!(e instanceof CsvError)) return e;
  return new CsvSyntaxError(e.code, (e as CsvError & { lines?: number }).lines ?? 0);
}

/** Every record of the text pieces, in order, read as they arrive (a few pieces in memory at most). */
export async function* readCsvStream(pieces: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  const parser = parseStream(OPTIONS as Parameters<typeof parseStream>[0]);
  const feeding = (async () => {
    for await (const piece of pieces) {
      if (parser.destroyed) return;
      if (!parser.write(piece))
        await new Promise<void>((resolve) => {
          parser.once('drain', resolve);
          parser.once('close', resolve);
        });
    }
    parser.end();
  })().catch((e: unknown) => {
    parser.destroy(e instanceof Error ? e : new Error(String(e)));
  });
  try {
    for await (const record of parser) yield record as CsvRecord;
  } catch (e) {
    throw syntaxError(e);
  } finally {
    if (!parser.destroyed) parser.destroy();
    await feeding;
  }
}

/** Every record of `text`, blank lines skipped, in order. */
export function* readCsv(text: string): Generator<CsvRecord> {
  let records: CsvRecord[];
  try {
    records = parse(text, OPTIONS) as unknown as CsvRecord[];
  } catch (e) {
    throw syntaxError(e);
  }
  yield* records;
}
