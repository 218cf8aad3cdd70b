/**
 * `npm run import -- <kind> <file.csv>`: imports one CSV extract, all or nothing.
 * Exit codes: 0 imported; 1 nothing imported (bad rows, bad file, database problem); 2 usage error.
 * Prints line numbers, columns and reasons only, never names or CRNs.
 */
import { readFile, stat } from 'node:fs/promises';
import {
  formatImportErrors,
  formatImportSummary,
  importCsv,
  IMPORT_KINDS,
  isImportKind,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_SIZE_TEXT,
} from '../src/import/importer.js';
import { CliFailure, loadConfigOrFail, runCli, servicesOrFail, UsageError } from './cli.js';

const USAGE = `Usage: npm run import -- <kind> <file.csv>\n  <kind> is one of: ${IMPORT_KINDS.join(', ')}`;

runCli(
  USAGE,
  async (args) => {
    const [kind, file, ...rest] = args;
    if (!kind || !file) throw new UsageError(`${!kind ? 'Missing <kind>' : 'Missing <file.csv>'}.`);
    if (rest.length > 0) throw new UsageError('Too many arguments: import one file at a time.');
    if (!isImportKind(kind))
      throw new UsageError(`Unknown kind '${kind}'. Kinds: ${IMPORT_KINDS.join(', ')}.`);

    let size: number;
    try {
      const info = await stat(file);
      size = info.size;
      if (!info.isFile()) throw new UsageError(`Not a file: ${file}`);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(
        code === 'ENOENT' ? `File not found: ${file}` : `Cannot read ${file}: ${(e as Error).message}`,
      );
    }
    if (size > MAX_IMPORT_BYTES) {
      throw new CliFailure(
        `Nothing imported: ${file} is larger than the import limit of ${MAX_IMPORT_SIZE_TEXT}; split it into smaller files.`,
      );
    }

    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(file));
    } catch (e) {
      if (e instanceof TypeError) {
        throw new CliFailure(
          `Nothing imported: ${file} is not UTF-8 text. Save it as "CSV UTF-8 (comma delimited)".`,
        );
      }
      throw new UsageError(`Cannot read ${file}: ${(e as Error).message}`);
    }

    const services = await servicesOrFail(loadConfigOrFail());
    try {
      const result = await importCsv(services.database, kind, text);
      if (result.ok) {
        process.stdout.write(`${formatImportSummary(result)}\n`);
        return 0;
      }
      if (result.errors.length === 0) {
        process.stderr.write(`${formatImportSummary(result)}\n`);
      } else {
        process.stderr.write(`${formatImportSummary(result)}. Fix them and import the whole file again:\n`);
        process.stderr.write(`${formatImportErrors(result)}\n`);
      }
      return 1;
    } finally {
      await services.close();
    }
  },
  { failurePrefix: 'Import failed, nothing imported' },
);
