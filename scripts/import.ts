/**
 * `npm run import -- <kind> <file.csv> [--allow-large-removal]`: imports one CSV extract, all or
 * nothing, streaming the file. Rows the table has and the file does not are retired; more than
 * IMPORT_MAX_REMOVAL_PERCENT of a table needs --allow-large-removal.
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
import { openExtractFile } from '../src/intake/extract-file.js';
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

const USAGE =
  `Usage: npm run import -- <kind> <file.csv> [--allow-large-removal]\n  <kind> is one of: ${IMPORT_KINDS.join(', ')}\n` +
  `  --allow-large-removal  retire whatever the file leaves out, even more than IMPORT_MAX_REMOVAL_PERCENT of the table`;
const ALLOW_LARGE_REMOVAL = '--allow-large-removal';

runCli(
  USAGE,
  async (args) => {
    const allowLargeRemoval = args.includes(ALLOW_LARGE_REMOVAL);
    const unknown = args.find((a) => a.startsWith('--') && a !== ALLOW_LARGE_REMOVAL);
    if (unknown) throw new UsageError(`Unknown option '${unknown}'.`);
    const [kind, file, ...rest] = args.filter((a) => a !== ALLOW_LARGE_REMOVAL);
    if (!kind || !file) throw new UsageError(`${!kind ? 'Missing <kind>' : 'Missing <file.csv>'}.`);
    if (rest.length > 0) throw new UsageError('Too many arguments: import one file at a time.');
    if (!isImportKind(kind))
      throw new UsageError(`Unknown kind '${kind}'. Kinds: ${IMPORT_KINDS.join(', ')}.`);

    const opened = await openExtractFile(file);
    if (!opened.ok) {
      const { kind: problem, message } = opened.problem;
      if (problem === 'too-large') throw new CliFailure(`Nothing imported: ${message}`);
      throw new UsageError(message);
    }

    const config = loadConfigOrFail();
    const services = await servicesOrFail(config);
    try {
      const result = await importCsv(services.database, kind, opened.stream(), {
        allowLargeRemoval,
        maxRemovalShare: config.IMPORT_MAX_REMOVAL_PERCENT / 100,
        today: services.clock.today(),
      });
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
