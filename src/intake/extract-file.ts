import { createReadStream, type ReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { MAX_IMPORT_BYTES, MAX_IMPORT_SIZE_TEXT } from '../import/importer.js';

/** Why an extract file could not be read, in words for the person who supplied it. */
export interface ReadProblem {
  kind: 'missing' | 'not-a-file' | 'unreadable' | 'too-large';
  message: string;
}

/**
 * Opens an extract as the importer takes it: a file within the size limit, streamed (the importer
 * decodes it as strict UTF-8 as it reads, so a file that is not UTF-8 is refused from there). The
 * import command and the drop folder both open files through here, so a file is accepted or
 * refused the same way.
 */
export async function openExtractFile(
  path: string,
  label = path,
): Promise<{ ok: true; stream: () => ReadStream; bytes: number } | { ok: false; problem: ReadProblem }> {
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
  return { ok: true, stream: () => createReadStream(path), bytes: size };
}
