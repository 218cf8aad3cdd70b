import { formatImportSummary, type ImportResult } from '../import/importer.js';
import type { Database } from '../store/db.js';
import { recordImport, type ImportSource } from '../store/imports.repository.js';

/**
 * Records one import's outcome (the hook every caller of `importCsv` runs): kind, file, rows, when
 * and who. The summary is the importer's own line: counts, or how many rows were refused, never a
 * cell's value.
 */
export async function recordImportResult(
  database: Database,
  result: ImportResult,
  meta: { fileName: string | null; source: ImportSource; importedBy: string | null; at: Date; note?: string },
): Promise<void> {
  const summary = formatImportSummary(result) + (meta.note ? `; ${meta.note}` : '');
  await recordImport(database, {
    kind: result.kind,
    fileName: meta.fileName,
    source: meta.source,
    importedBy: meta.importedBy,
    ok: result.ok,
    rows: result.ok ? result.rows : 0,
    problems: result.ok ? 0 : new Set(result.errors.map((e) => e.line)).size,
    summary,
    importedAt: meta.at,
  });
}
