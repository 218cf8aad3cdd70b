import { formatImportErrors, importCsv } from '../import/importer.js';
import { recordImportResult } from '../intake/record.js';
import type { Database } from '../store/db.js';
import { staffCount } from '../store/seed.repository.js';
import { DEMO_OPTIONS, EXTRACT_KINDS, generateExtracts } from './generator.js';

export class DemoSeedError extends Error {
  constructor(
    readonly kind: string,
    readonly details: string,
  ) {
    super(`Demo data could not be imported (${kind}):\n${details}`);
    this.name = 'DemoSeedError';
  }
}

/**
 * Seeds the demo data (the Agents Playground users, their teams and caseloads) into an empty
 * database, through the same importer operators use, so the demo exercises the real path. Does
 * nothing when any staff exist: a deployment's own data is never mixed with demo rows.
 */
export async function seedDemoData(
  database: Database,
  today: string,
  now: Date = new Date(),
): Promise<{ seeded: boolean; counts: Record<string, number> }> {
  if ((await staffCount(database)) > 0) return { seeded: false, counts: {} };

  const extracts = generateExtracts({ ...DEMO_OPTIONS, today });
  const counts: Record<string, number> = {};
  for (const kind of EXTRACT_KINDS) {
    const result = await importCsv(database, kind, extracts[kind]);
    if (!result.ok) throw new DemoSeedError(kind, formatImportErrors(result));
    await recordImportResult(database, result, {
      fileName: null,
      source: 'demo',
      importedBy: 'demo data',
      at: now,
    });
    counts[kind] = result.rows;
  }
  return { seeded: true, counts };
}
