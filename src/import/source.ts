import { FileError } from './validation.js';

/**
 * An extract as text chunks, whatever it arrives as (a string, or bytes streamed from a file):
 * checked against the size limit as it passes, decoded as strict UTF-8, the byte-order mark
 * dropped, and every line ending made `\n` so line counts are physical lines. Nothing holds more
 * than one chunk, so a 200 MB file costs no more memory than a small one.
 */

export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
export const MAX_IMPORT_SIZE_TEXT = '200 MB';

/** What `importCsv` reads: the whole text, or the file's bytes (or text pieces) as they arrive. */
export type ImportInput = string | AsyncIterable<Uint8Array | string>;

const TOO_LARGE = `the file is larger than the import limit of ${MAX_IMPORT_SIZE_TEXT}; split it into smaller files`;
const NOT_UTF8 = 'the file is not UTF-8 text. Save it as "CSV UTF-8 (comma delimited)"';
/** Pieces of a string input are cut at this many characters. */
const STRING_PIECE = 1 << 20;

async function* pieces(input: ImportInput): AsyncGenerator<string> {
  if (typeof input === 'string') {
    // A UTF-8 byte is at least one UTF-16 unit, at most three per unit: measure only when it matters.
    if (input.length > MAX_IMPORT_BYTES || Buffer.byteLength(input, 'utf8') > MAX_IMPORT_BYTES)
      throw new FileError(TOO_LARGE);
    let at = 0;
    while (at < input.length) {
      // Never split a surrogate pair across pieces.
      let end = Math.min(input.length, at + STRING_PIECE);
      const last = input.charCodeAt(end - 1);
      if (end < input.length && last >= 0xd800 && last <= 0xdbff) end++;
      yield input.slice(at, end);
      at = end;
    }
    return;
  }
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let bytes = 0;
  for await (const chunk of input) {
    if (typeof chunk === 'string') {
      bytes += Buffer.byteLength(chunk, 'utf8');
      if (bytes > MAX_IMPORT_BYTES) throw new FileError(TOO_LARGE);
      yield chunk;
      continue;
    }
    bytes += chunk.byteLength;
    if (bytes > MAX_IMPORT_BYTES) throw new FileError(TOO_LARGE);
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw new FileError(NOT_UTF8);
    }
    if (text) yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw new FileError(NOT_UTF8);
  }
}

/** The extract's text in pieces, BOM dropped and line endings `\n`. */
export async function* extractText(input: ImportInput): AsyncGenerator<string> {
  let first = true;
  /** A `\r` at the end of a piece waits to see whether `\n` starts the next. */
  let pendingCr = false;
  for await (let piece of pieces(input)) {
    if (first) {
      if (piece.charCodeAt(0) === 0xfeff) piece = piece.slice(1);
      first = piece === '';
    }
    // A lone `\r` becomes `\n`; `\r\n` split across pieces keeps only the `\n`.
    if (pendingCr && !piece.startsWith('\n')) piece = `\n${piece}`;
    pendingCr = false;
    if (piece.endsWith('\r')) {
      pendingCr = true;
      piece = piece.slice(0, -1);
    }
    if (piece.includes('\r')) piece = piece.replace(/\r\n?/g, '\n');
    if (piece) yield piece;
  }
  if (pendingCr) yield '\n';
}
