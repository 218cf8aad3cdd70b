import { addDays, compareDates, formatShortDate, londonDateTime, londonInstant } from './dates.js';
import type { WorkingCalendar } from './working-days.js';

/**
 * How old the data behind an answer is. Every import is recorded; an extract older than its limit
 * makes the answers built on it say so at the top. Age is counted in working hours (Monday to
 * Friday, not bank holidays): Friday night's extract is still fresh on Monday morning, because no
 * new one is produced at the weekend.
 */

/** The newest successful import of one kind. */
export interface ExtractImport {
  kind: string;
  importedAt: Date;
  fileName: string | null;
  rows: number;
}

export interface FreshnessSettings {
  /** Working hours an extract may age before answers warn. */
  defaultHours: number;
  /** Per-kind limits that replace the default. */
  hoursByKind: Record<string, number>;
}

export const DEFAULT_FRESHNESS: FreshnessSettings = { defaultHours: 36, hoursByKind: {} };

/**
 * Reads EXTRACT_MAX_AGE_HOURS: "36" (every kind), or "36,staff=168,iom-cohort=800". Throws naming
 * the problem, for start-up.
 */
export function parseFreshnessLimits(text: string, kinds: readonly string[]): FreshnessSettings {
  const out: FreshnessSettings = { defaultHours: DEFAULT_FRESHNESS.defaultHours, hoursByKind: {} };
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^(?:([a-z-]+)=)?(\d+)$/.exec(part);
    if (!m) throw new Error(`'${part}' is not hours or kind=hours`);
    const hours = Number(m[2]);
    if (hours < 1) throw new Error(`'${part}': a limit must be at least 1 hour`);
    if (!m[1]) out.defaultHours = hours;
    else if (!kinds.includes(m[1])) throw new Error(`'${m[1]}' is not an extract kind (${kinds.join(', ')})`);
    else out.hoursByKind[m[1]] = hours;
  }
  return out;
}

export function limitFor(settings: FreshnessSettings, kind: string): number {
  return settings.hoursByKind[kind] ?? settings.defaultHours;
}

/** Hours between two instants that fall on working days in London. */
export function workingHoursBetween(from: Date, to: Date, calendar: WorkingCalendar): number {
  if (to.getTime() <= from.getTime()) return 0;
  let ms = 0;
  let day = londonDateTime(from).date;
  const last = londonDateTime(to).date;
  // A year of days at most: any older extract is stale many times over.
  for (let i = 0; i < 366 && compareDates(day, last) <= 0; i++) {
    const next = addDays(day, 1);
    if (calendar.isWorkingDay(day)) {
      const start = Math.max(from.getTime(), londonInstant(day).getTime());
      const end = Math.min(to.getTime(), londonInstant(next).getTime());
      if (end > start) ms += end - start;
    }
    day = next;
  }
  return ms / 3_600_000;
}

const NOUN: Record<string, string> = {
  staff: 'staff list',
  cases: 'caseload',
  custody: 'custody list',
  'dip-breaches': 'DIP breaches',
  'iom-cohort': 'IOM cohort',
};

/** "caseload", "custody list": what an extract is to the people reading an answer. */
export function extractNoun(kind: string): string {
  return NOUN[kind] ?? kind;
}

/** "1 Dec 2026, 02:10" in London time. */
export function formatLondonTime(at: Date): string {
  const { date, time } = londonDateTime(at);
  return `${formatShortDate(date)}, ${time}`;
}

export interface ExtractFreshness {
  kind: string;
  latest: ExtractImport | null;
  /** Working hours since the import (null: never imported). */
  ageHours: number | null;
  limitHours: number;
  stale: boolean;
}

export function assessFreshness(
  kinds: readonly string[],
  latest: ReadonlyMap<string, ExtractImport>,
  now: Date,
  settings: FreshnessSettings,
  calendar: WorkingCalendar,
): ExtractFreshness[] {
  return kinds.map((kind) => {
    const found = latest.get(kind) ?? null;
    const limitHours = limitFor(settings, kind);
    const ageHours = found ? workingHoursBetween(found.importedAt, now, calendar) : null;
    return { kind, latest: found, ageHours, limitHours, stale: ageHours !== null && ageHours > limitHours };
  });
}

const hoursText = (h: number) => {
  const n = Math.floor(h);
  return `${n} working hour${n === 1 ? '' : 's'}`;
};

/** The line every answer carries: "Caseload from the extract of 1 Dec 2026, 02:10." */
export function freshnessLine(f: ExtractFreshness): string {
  const noun = extractNoun(f.kind);
  if (!f.latest) return `No import of the ${noun} extract is on record, so I can't say how old it is.`;
  return `${noun.charAt(0).toUpperCase()}${noun.slice(1)} from the extract of ${formatLondonTime(f.latest.importedAt)}.`;
}

/** The warning at the top of an answer built on a stale extract, or null when it is fresh. */
export function freshnessWarning(f: ExtractFreshness): string | null {
  if (!f.stale || !f.latest || f.ageHours === null) return null;
  return (
    `⚠️ Out of date: the newest ${extractNoun(f.kind)} extract is from ${formatLondonTime(f.latest.importedAt)}, ` +
    `${hoursText(f.ageHours)} old (the limit is ${f.limitHours}). Check the case record before acting on this.`
  );
}

/**
 * The same London time on the previous working day: the window a daily operator summary covers,
 * so each rejected file or unreachable recipient is reported on exactly one working day.
 */
export function sincePreviousWorkingDay(now: Date, calendar: WorkingCalendar): Date {
  const { date, time } = londonDateTime(now);
  return londonInstant(calendar.previousWorkingDay(date, false), time);
}
