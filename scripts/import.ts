/**
 * `npm run import -- <kind> <file.csv>`: imports one CSV extract, all or nothing.
 * Exit codes: 0 imported; 1 nothing imported (bad rows, bad file, database problem); 2 usage error.
 * Prints line numbers, columns and reasons only, never names or CRNs.
 */
import { readFile, stat } from 'node:fs/promises';
import { ConfigError, loadConfig } from '../src/config.js';
import {
  formatImportErrors,
  formatImportSummary,
  importCsv,
  IMPORT_KINDS,
  isImportKind,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_SIZE_TEXT,
} from '../src/import/importer.js';
import { DatabaseLockedError, openDatabase, type Database } from '../src/store/db.js';

const USAGE = `Usage: npm run import -- <kind> <file.csv>\n  <kind> is one of: ${IMPORT_KINDS.join(', ')}`;

function fail(code: 1 | 2, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--'));
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const [kind, file, ...rest] = args;
  if (!kind || !file) fail(2, `${!kind ? 'Missing <kind>' : 'Missing <file.csv>'}.\n${USAGE}`);
  if (rest.length > 0) fail(2, `Too many arguments: import one file at a time.\n${USAGE}`);
  if (!isImportKind(kind)) fail(2, `Unknown kind '${kind}'. Kinds: ${IMPORT_KINDS.join(', ')}.\n${USAGE}`);

  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) fail(2, `Not a file: ${file}`);
    size = info.size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    fail(2, code === 'ENOENT' ? `File not found: ${file}` : `Cannot read ${file}: ${(e as Error).message}`);
  }
  if (size > MAX_IMPORT_BYTES) {
    fail(
      1,
      `Nothing imported: ${file} is larger than the import limit of ${MAX_IMPORT_SIZE_TEXT}; split it into smaller files.`,
    );
  }

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(file));
  } catch (e) {
    if (e instanceof TypeError) {
      fail(1, `Nothing imported: ${file} is not UTF-8 text. Save it as "CSV UTF-8 (comma delimited)".`);
    }
    fail(2, `Cannot read ${file}: ${(e as Error).message}`);
  }

  let database: Database;
  try {
    const config = loadConfig();
    database = await openDatabase(config.database);
  } catch (e) {
    if (e instanceof DatabaseLockedError || e instanceof ConfigError) fail(1, e.message);
    fail(1, `Cannot open the database: ${(e as Error).message}`);
  }

  try {
    const result = await importCsv(database, kind, text);
    if (result.ok) {
      process.stdout.write(`${formatImportSummary(result)}\n`);
      return;
    }
    if (result.errors.length === 0) {
      process.stderr.write(`${formatImportSummary(result)}\n`);
    } else {
      process.stderr.write(`${formatImportSummary(result)}. Fix them and import the whole file again:\n`);
      process.stderr.write(`${formatImportErrors(result)}\n`);
    }
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`Import failed, nothing imported: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
