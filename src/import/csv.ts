/**
 * The CSV reader for the extracts: RFC 4180 fields (comma-separated, `"`-quoted, `""` for a quote,
 * line breaks allowed inside quotes), read exactly as csv-parse reads them with the options the
 * importer used before (`relax_quotes`, `relax_column_count`, `skip_empty_lines`; see
 * tests/import/csv.test.ts, which holds the two to the same output). It exists because csv-parse
 * spent ~3 s on a national cases extract (250,000 rows), more than the database did; this takes a
 * tenth of that.
 *
 * Line breaks must already be `\n`. Relaxed quotes: a quote inside an unquoted field is kept as
 * text, and a closing quote followed by anything but a comma or a line break turns the field back
 * into text, quotes included (`"a"b` reads as `"a"b`).
 */

export interface CsvRecord {
  /** Physical line the record starts on (the first is 1). */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly code: 'CSV_QUOTE_NOT_CLOSED',
    /** Where the quoted field that is never closed opens. */
    readonly lines: number,
  ) {
    super(`${code} at line ${lines}`);
    this.name = 'CsvSyntaxError';
  }
}

const QUOTE = 34; // "
const COMMA = 44; // ,
const NL = 10; // \n

/** Every record of `text`, blank lines skipped, in order, one at a time. */
export function* readCsv(text: string): Generator<CsvRecord> {
  const n = text.length;
  let pos = 0;
  let line = 1;
  while (pos < n) {
    if (text.charCodeAt(pos) === NL) {
      // An empty line.
      pos++;
      line++;
      continue;
    }
    const start = line;
    const fields: string[] = [];
    for (;;) {
      // One field, starting at pos.
      if (pos < n && text.charCodeAt(pos) === QUOTE) {
        const opened = line;
        let value = '';
        let from = pos + 1;
        let closed = false;
        let i = from;
        while (!closed) {
          const q = text.indexOf('"', i);
          if (q === -1) throw new CsvSyntaxError('CSV_QUOTE_NOT_CLOSED', opened);
          for (let k = text.indexOf('\n', i); k !== -1 && k < q; k = text.indexOf('\n', k + 1)) line++;
          const next = q + 1 < n ? text.charCodeAt(q + 1) : -1;
          if (next === QUOTE) {
            // "" is one quote.
            value += text.slice(from, q + 1);
            i = from = q + 2;
          } else if (next === -1 || next === COMMA || next === NL) {
            value += text.slice(from, q);
            pos = q + 1;
            closed = true;
          } else {
            // A closing quote followed by text: the field is text from here on, quotes included.
            let end = q + 1;
            while (end < n) {
              const c = text.charCodeAt(end);
              if (c === COMMA || c === NL) break;
              end++;
            }
            value = `"${value}${text.slice(from, q)}${text.slice(q, end)}`;
            pos = end;
            closed = true;
          }
        }
        fields.push(value);
      } else {
        let end = pos;
        while (end < n) {
          const c = text.charCodeAt(end);
          if (c === COMMA || c === NL) break;
          end++;
        }
        fields.push(text.slice(pos, end));
        pos = end;
      }
      // After a field: a comma (another field follows), a line break or the end (the record ends).
      if (pos < n && text.charCodeAt(pos) === COMMA) {
        pos++;
        continue;
      }
      if (pos < n) {
        pos++; // the line break
        line++;
      }
      break;
    }
    yield { line: start, fields };
  }
}
