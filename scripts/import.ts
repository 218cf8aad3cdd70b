/**
 * `npm run import -- <kind> <file.csv>`: imports one CSV extract, all or nothing.
 * Exit codes: 0 imported; 1 nothing imported (bad rows, bad file, database problem); 2 usage error.
 * Prints line numbers, columns and reasons only, never names or CRNs.
 */
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import {
  formatImportErrors,
  formatImportSummary,
  importCsv,
  IMPORT_KINDS,
  isImportKind,
} from '../src/import/importer.js';
import { readExtractFile } from '../src/intake/extract-file.js';
import { recordImportResult } from '../src/intake/record.js';
import { CliFailure, loadConfigOrFail, runCli, servicesOrFail, UsageError } from './cli.js';

/** Who ran the import, for the record of imports (the operating-system account). */
function whoRan(): string | null {
  try {
    return userInfo().username;
  } catch {
    return null;
  }
}

const USAGE = `Usage: npm run import -- <kind> <file.csv>\n  <kind> is one of: ${IMPORT_KINDS.join(', ')}`;

runCli(
  USAGE,
  async (args) => {
    const [kind, file, ...rest] = args;
    if (!kind || !file) throw new UsageError(`${!kind ? 'Missing <kind>' : 'Missing <file.csv>'}.`);
    if (rest.length > 0) throw new UsageError('Too many arguments: import one file at a time.');
    if (!isImportKind(kind))
      throw new UsageError(`Unknown kind '${kind}'. Kinds: ${IMPORT_KINDS.join(', ')}.`);

    const read = await readExtractFile(file);
    if (!read.ok) {
      const { kind: problem, message } = read.problem;
      if (problem === 'too-large' || problem === 'not-utf8')
        throw new CliFailure(`Nothing imported: ${message}`);
      throw new UsageError(message);
    }
    const { text } = read;

    const services = await servicesOrFail(loadConfigOrFail());
    try {
      const result = await importCsv(services.database, kind, text);
      await recordImportResult(services.database, result, {
        fileName: basename(file),
        source: 'command',
        importedBy: whoRan(),
        at: services.clock.now(),
      });
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
