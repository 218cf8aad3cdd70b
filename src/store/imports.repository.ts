import { and, desc, eq, gte, inArray } from 'drizzle-orm';
import {
  assessFreshness,
  type ExtractFreshness,
  type ExtractImport,
  type FreshnessSettings,
} from '../domain/freshness.js';
import type { WorkingCalendar } from '../domain/working-days.js';
import type { Database } from './db.js';
import { imports } from './schema.js';

/**
 * The record of every import (docs/contracts.md): what the import command, the drop folder and
 * the demo seed call after `importCsv`, whatever its outcome, and what answers read to say how old
 * their data is.
 */

export type ImportSource = 'command' | 'folder' | 'demo';

export interface ImportRecord {
  kind: string;
  fileName: string | null;
  source: ImportSource;
  /** The person who ran the command, or the drop folder's path. */
  importedBy: string | null;
  ok: boolean;
  rows: number;
  problems: number;
  summary: string;
  importedAt: Date;
}

export type ImportRow = typeof imports.$inferSelect;

export async function recordImport(database: Database, record: ImportRecord): Promise<void> {
  await database.db.insert(imports).values(record);
}

/** The newest successful import of each of the given kinds (a kind never imported is absent). */
export async function latestImports(
  database: Database,
  kinds: readonly string[],
): Promise<Map<string, ExtractImport>> {
  const out = new Map<string, ExtractImport>();
  if (!kinds.length) return out;
  const rows = await database.db
    .selectDistinctOn([imports.kind], {
      kind: imports.kind,
      importedAt: imports.importedAt,
      fileName: imports.fileName,
      rows: imports.rows,
    })
    .from(imports)
    .where(and(inArray(imports.kind, [...kinds]), eq(imports.ok, true)))
    .orderBy(imports.kind, desc(imports.importedAt), desc(imports.id));
  for (const r of rows) out.set(r.kind, r);
  return out;
}

/** How fresh each kind is at `now`: what answers, digests and reminders show. */
export async function freshnessOf(
  database: Database,
  kinds: readonly string[],
  now: Date,
  settings: { freshness: FreshnessSettings; calendar: WorkingCalendar },
): Promise<ExtractFreshness[]> {
  return assessFreshness(
    kinds,
    await latestImports(database, kinds),
    now,
    settings.freshness,
    settings.calendar,
  );
}

/** Imports refused since `since`, newest first: rejected drop-folder files and failed commands. */
export async function refusedImportsSince(database: Database, since: Date): Promise<ImportRow[]> {
  return database.db
    .select()
    .from(imports)
    .where(and(eq(imports.ok, false), gte(imports.importedAt, since)))
    .orderBy(desc(imports.importedAt), desc(imports.id))
    .limit(100);
}
