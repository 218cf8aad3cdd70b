import {
  sincePreviousWorkingDay,
  type ExtractFreshness,
  type FreshnessSettings,
} from '../domain/freshness.js';
import type { WorkingCalendar } from '../domain/working-days.js';
import type { Database } from './db.js';
import { unreachableSince } from './deliveries.repository.js';
import { freshnessOf, refusedImportsSince, type ImportRow } from './imports.repository.js';
import { staffNames } from './staff.repository.js';

/** What operators need to know about the data and delivery: the data status answer and alert. */
export interface DataStatus {
  at: Date;
  /** The window rejected files and unreachable recipients are reported for. */
  since: Date;
  extracts: ExtractFreshness[];
  refused: ImportRow[];
  unreachable: { recipient: string; name: string | null; job: string; detail: string | null }[];
}

export async function dataStatus(
  database: Database,
  kinds: readonly string[],
  now: Date,
  settings: { freshness: FreshnessSettings; calendar: WorkingCalendar },
): Promise<DataStatus> {
  const since = sincePreviousWorkingDay(now, settings.calendar);
  const [extracts, refused, unreachable] = [
    await freshnessOf(database, kinds, now, settings),
    await refusedImportsSince(database, since),
    await unreachableSince(database, since),
  ];
  const names = await staffNames(
    database,
    unreachable.map((u) => u.recipient),
  );
  return {
    at: now,
    since,
    extracts,
    refused,
    unreachable: unreachable.map((u) => ({ ...u, name: names.get(u.recipient) ?? null })),
  };
}
