import { readFile, stat } from 'node:fs/promises';
import { MAX_IMPORT_BYTES, MAX_IMPORT_SIZE_TEXT } from '../import/importer.js';

/** Why an extract file could not be read, in words for the person who supplied it. */
export interface ReadProblem {
  kind: 'missing' | 'not-a-file' | 'unreadable' | 'too-large' | 'not-utf8';
  message: string;
}

/**
 * Reads an extract as the importer takes it: a file, within the size limit, UTF-8 text. The import
 * command and the drop folder both read through here, so a file is accepted or refused the same way.
 */
export async function readExtractFile(
  path: string,
  label = path,
): Promise<{ ok: true; text: string; bytes: number } | { ok: false; problem: ReadProblem }> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile())
      return { ok: false, problem: { kind: 'not-a-file', message: `Not a file: ${label}` } };
    size = info.size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? { ok: false, problem: { kind: 'missing', message: `File not found: ${label}` } }
      : {
          ok: false,
          problem: { kind: 'unreadable', message: `Cannot read ${label}: ${(e as Error).message}` },
        };
  }
  if (size > MAX_IMPORT_BYTES) {
    return {
      ok: false,
      problem: {
        kind: 'too-large',
        message: `${label} is larger than the import limit of ${MAX_IMPORT_SIZE_TEXT}; split it into smaller files.`,
      },
    };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(path));
    return { ok: true, text, bytes: size };
  } catch (e) {
    if (e instanceof TypeError) {
      return {
        ok: false,
        problem: {
          kind: 'not-utf8',
          message: `${label} is not UTF-8 text. Save it as "CSV UTF-8 (comma delimited)".`,
        },
      };
    }
    return {
      ok: false,
      problem: { kind: 'unreadable', message: `Cannot read ${label}: ${(e as Error).message}` },
    };
  }
}
