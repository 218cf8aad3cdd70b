import Papa from 'papaparse';

/**
 * The CSV reader for the extracts: PapaParse (a quote inside an unquoted field is just a
 * character; rows may have any number of fields), blank lines skipped, each record tagged with the physical line it starts on (so errors name file lines even
 * when a quoted field holds line breaks). Line breaks must already be `\n`. `readCsvBlocks` reads
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
    /** The line of the record the parser gave up on. */
    readonly lines: number,
  ) {
    super(`${code} at line ${lines}`);
    this.name = 'CsvSyntaxError';
  }
}

const OPTIONS = {
  delimiter: ',',
  newline: '\n',
  quoteChar: '"',
  escapeChar: '"',
  // Blank lines come back as [''] and are dropped below, after they have been counted.
  skipEmptyLines: false,
} as const;

function countLines(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

/** Every record of `text`, blank lines skipped, in order, numbered from `firstLine`. */
function read(text: string, firstLine: number): CsvRecord[] {
  const result = Papa.parse<string[]>(text, OPTIONS);
  const out: CsvRecord[] = [];
  const lineOfRow: number[] = [];
  let line = firstLine;
  for (const fields of result.data) {
    lineOfRow.push(line);
    if (!(fields.length === 1 && fields[0] === '')) out.push({ line, fields });
    // A record takes its own line plus one for each line break inside its quoted fields.
    line++;
    for (const f of fields) if (f.includes('\n')) line += countLines(f);
  }
  const problem = result.errors.find((e) => e.type === 'Quotes');
  if (problem) {
    const at = lineOfRow[problem.row ?? 0] ?? firstLine;
    throw new CsvSyntaxError(
      problem.code === 'MissingQuotes' ? 'CSV_QUOTE_NOT_CLOSED' : 'CSV_INVALID_QUOTE',
      at,
    );
  }
  return out;
}

/**
 * Where the last complete record of `text` ends: just after its last line break that is outside
 * quotes (an even number of `"` before it), or 0 when there is none.
 */
function lastRecordEnd(text: string): number {
  let quotes = 0;
  for (let at = text.indexOf('"'); at !== -1; at = text.indexOf('"', at + 1)) quotes++;
  let odd = quotes % 2 === 1;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 34) odd = !odd;
    else if (c === 10 && !odd) return i + 1;
  }
  return 0;
}

/**
 * The records of text pieces as they arrive, a block at a time: each block ends at a record
 * boundary and is read by the same parser as `readCsv`, its lines offset by the lines before it,
 * so nothing holds more than a block and the parser runs at its whole-text speed. A stray
 * quote can make a boundary look like one when it is not; the block then fails to parse and is
 * read again together with the next piece, so the outcome is always that of reading the whole.
 */
export async function* readCsvBlocks(pieces: AsyncIterable<string>): AsyncGenerator<CsvRecord[]> {
  let carry = '';
  let offset = 0;
  for await (const piece of pieces) {
    const text = carry + piece;
    const end = lastRecordEnd(text);
    if (end === 0) {
      carry = text;
      continue;
    }
    const block = text.slice(0, end);
    let records: CsvRecord[];
    try {
      records = read(block, offset + 1);
    } catch (e) {
      if (!(e instanceof CsvSyntaxError)) throw e;
      carry = text;
      continue;
    }
    carry = text.slice(end);
    offset += countLines(block);
    if (records.length > 0) yield records;
  }
  if (carry !== '') {
    const records = read(carry, offset + 1);
    if (records.length > 0) yield records;
  }
}

/** Every record of `text`, blank lines skipped, in order. */
export function* readCsv(text: string): Generator<CsvRecord> {
  yield* read(text, 1);
}
