import { ChronoUnit, LocalDate } from '@js-joda/core';
import { z } from 'zod';

/**
 * Calendar-date helpers. Every public boundary speaks ISO `YYYY-MM-DD` strings so that the store,
 * the CSV importers and the Teams cards never see a js-joda object; arithmetic happens on
 * `LocalDate` internally because JavaScript `Date` carries a time zone and would shift dates around
 * the BST/GMT changes.
 */

/** A calendar date as `YYYY-MM-DD` (no time, no zone; the date in Europe/London). */
export type IsoDate = string;

const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UK_DATE_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** Builds a LocalDate without throwing: null when the parts are not a real calendar date. */
function safeOf(year: number, month: number, day: number): LocalDate | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  try {
    return LocalDate.of(year, month, day);
  } catch {
    return null;
  }
}

/** True only for a strict `YYYY-MM-DD` string naming a real calendar date (so not 2025-02-30). */
export function isValidIsoDate(s: string): boolean {
  const m = ISO_DATE_RE.exec(s);
  return m !== null && safeOf(Number(m[1]), Number(m[2]), Number(m[3])) !== null;
}

/** A zod schema for an ISO date field, for configuration files and CSV rows. */
export const isoDateSchema = z
  .string()
  .refine(isValidIsoDate, { message: 'must be a real calendar date written as YYYY-MM-DD' });

/**
 * Reads a date as typed by staff or found in an extract: `YYYY-MM-DD`, or the UK order
 * `DD/MM/YYYY` (also `D/M/YYYY`). Never reads `MM/DD`, because in England and Wales 03/04 is
 * 3 April. Returns null for anything else, including impossible dates.
 */
export function parseUkOrIsoDate(s: string): IsoDate | null {
  const text = s.trim();
  if (isValidIsoDate(text)) return text;
  const m = UK_DATE_RE.exec(text);
  if (!m) return null;
  const d = safeOf(Number(m[3]), Number(m[2]), Number(m[1]));
  return d === null ? null : d.toString();
}

/** Parses an ISO date, throwing RangeError with the offending text (a caller bug, not user input). */
export function toLocalDate(d: IsoDate): LocalDate {
  // Built from the regex's parts: LocalDate.parse goes through js-joda's general formatter, which
  // cost ~4 µs a call and dominated deriving the rule dates of a national caseload at import.
  const m = ISO_DATE_RE.exec(d);
  const ld = m === null ? null : safeOf(Number(m[1]), Number(m[2]), Number(m[3]));
  if (ld === null) throw new RangeError(`Not a valid ISO date (YYYY-MM-DD): '${d}'`);
  return ld;
}

export function addDays(d: IsoDate, n: number): IsoDate {
  return toLocalDate(d).plusDays(n).toString();
}

/** Calendar months; a day that does not exist in the target month becomes that month's last day. */
export function addMonths(d: IsoDate, n: number): IsoDate {
  return toLocalDate(d).plusMonths(n).toString();
}

/** `to − from` in days (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toLocalDate(from).until(toLocalDate(to), ChronoUnit.DAYS);
}

export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const c = toLocalDate(a).compareTo(toLocalDate(b));
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

export function minDate(...dates: IsoDate[]): IsoDate {
  if (dates.length === 0) throw new RangeError('minDate needs at least one date');
  return dates.reduce((a, b) => (compareDates(b, a) < 0 ? b : a));
}

export function maxDate(...dates: IsoDate[]): IsoDate {
  if (dates.length === 0) throw new RangeError('maxDate needs at least one date');
  return dates.reduce((a, b) => (compareDates(b, a) > 0 ? b : a));
}

/** ISO day of week: 1 = Monday … 7 = Sunday. */
export function dayOfWeek(d: IsoDate): number {
  return toLocalDate(d).dayOfWeek().value();
}

/** The Monday of the (Monday-to-Sunday) week containing `d`. */
export function startOfWeek(d: IsoDate): IsoDate {
  return addDays(d, 1 - dayOfWeek(d));
}

/** The Sunday of the (Monday-to-Sunday) week containing `d`. */
export function endOfWeek(d: IsoDate): IsoDate {
  return addDays(d, 7 - dayOfWeek(d));
}

export function startOfMonth(d: IsoDate): IsoDate {
  return toLocalDate(d).withDayOfMonth(1).toString();
}

export function endOfMonth(d: IsoDate): IsoDate {
  const ld = toLocalDate(d);
  return ld.withDayOfMonth(ld.lengthOfMonth()).toString();
}

const DAY_ABBR = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const MONTH_ABBR = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;
/** January … December, as the answers write them. */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** `Wed 10 Sep 2025`: the form used in chat replies, where the weekday helps plan the week. */
export function formatUkDate(d: IsoDate): string {
  const ld = toLocalDate(d);
  return `${DAY_ABBR[ld.dayOfWeek().value() - 1]} ${ld.dayOfMonth()} ${MONTH_ABBR[ld.monthValue() - 1]} ${ld.year()}`;
}

/** `10 Sep 2025`: compact, for ranges inside explanations. */
export function formatShortDate(d: IsoDate): string {
  const ld = toLocalDate(d);
  return `${ld.dayOfMonth()} ${MONTH_ABBR[ld.monthValue() - 1]} ${ld.year()}`;
}

/** `10 September 2025`: for letters and formal text. */
export function formatLongDate(d: IsoDate): string {
  const ld = toLocalDate(d);
  return `${ld.dayOfMonth()} ${MONTH_NAMES[ld.monthValue() - 1]} ${ld.year()}`;
}

// One formatter, built once: constructing Intl formatters is comparatively slow.
const LONDON_DATE_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The calendar date in Europe/London at an instant. All rules are stated in London dates, and
 * the server may run in UTC: 23:30 UTC on 30 June is already 1 July in London (BST).
 */
export function todayInLondon(now: Date): IsoDate {
  if (Number.isNaN(now.getTime())) throw new RangeError('todayInLondon needs a valid Date');
  const parts = LONDON_DATE_PARTS.formatToParts(now);
  const get = (type: 'year' | 'month' | 'day'): string => {
    const part = parts.find((p) => p.type === type);
    if (!part) throw new Error(`Intl did not return a ${type} part`);
    return part.value;
  };
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const LONDON_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `10:14`: the time of day in Europe/London at an instant (when something was recorded). */
export function timeInLondon(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new RangeError('timeInLondon needs a valid Date');
  return LONDON_TIME.format(at);
}

// ---------------------------------------------------------------------------------------------
// ISO 8601 periods (date part only), used for sentence lengths and rule thresholds.

export interface IsoPeriod {
  years: number;
  months: number;
  weeks: number;
  days: number;
}

const ISO_PERIOD_RE = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/;

/**
 * Reads `P4Y`, `P18M`, `P6W`, `P120D`, `P1Y6M` and similar. Time parts (`PT…`), signs and
 * fractions are rejected: sentences are expressed in calendar units.
 */
export function parseIsoPeriod(s: string): IsoPeriod | null {
  const text = s.trim().toUpperCase();
  const m = ISO_PERIOD_RE.exec(text);
  // A bare "P" matches the regex with every group empty; it says nothing, so it is not a period.
  if (!m || text === 'P') return null;
  return {
    years: Number(m[1] ?? 0),
    months: Number(m[2] ?? 0),
    weeks: Number(m[3] ?? 0),
    days: Number(m[4] ?? 0),
  };
}

/** zod schema: an ISO period string, parsed to an {@link IsoPeriod}. */
export const isoPeriodSchema = z.string().transform((s, ctx): IsoPeriod => {
  const p = parseIsoPeriod(s);
  if (p === null) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 period such as P4Y, P18M, P6W or P120D' });
    return z.NEVER;
  }
  return p;
});

function toPeriod(p: IsoPeriod | string): IsoPeriod {
  if (typeof p !== 'string') return p;
  const parsed = parseIsoPeriod(p);
  if (parsed === null) throw new RangeError(`Not an ISO 8601 period: '${p}'`);
  return parsed;
}

/**
 * `d` plus a period. Years and months are applied together as total months (so `P1Y6M` from
 * 31 Aug is one clamp, not two), then weeks and days, as java.time's Period does.
 */
export function addPeriod(d: IsoDate, period: IsoPeriod | string): IsoDate {
  const p = toPeriod(period);
  return toLocalDate(d)
    .plusMonths(p.years * 12 + p.months)
    .plusDays(p.weeks * 7 + p.days)
    .toString();
}

/**
 * Whether `period` is at least `threshold`, measured from `anchor`. Periods in different units
 * are only comparable against a real date (18 months vs 548 days depends on where you start), so
 * the rule compares `anchor + period` with `anchor + threshold`.
 */
export function periodAtLeast(
  period: IsoPeriod | string,
  threshold: IsoPeriod | string,
  anchor: IsoDate,
): boolean {
  return compareDates(addPeriod(anchor, period), addPeriod(anchor, threshold)) >= 0;
}

/** Plain English for a period: `4 years`, `1 year 6 months`, `120 days`. */
export function describePeriod(period: IsoPeriod | string): string {
  const p = toPeriod(period);
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts: string[] = [];
  if (p.years) parts.push(unit(p.years, 'year'));
  if (p.months) parts.push(unit(p.months, 'month'));
  if (p.weeks) parts.push(unit(p.weeks, 'week'));
  if (p.days) parts.push(unit(p.days, 'day'));
  return parts.length ? parts.join(' ') : '0 days';
}

/** Monday to Sunday of the week containing `today`. */
export function weekOf(today: IsoDate): { from: IsoDate; to: IsoDate } {
  const from = startOfWeek(today);
  return { from, to: endOfWeek(from) };
}

// ---------------------------------------------------------------------------------------------
// Instants and London wall-clock time. Rules speak calendar dates; only scheduling and the age of
// an extract need the time of day, and both mean the time in London.

const LONDON_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** London's offset from UTC at an instant, in milliseconds (0 in winter, one hour in summer). */
function londonOffsetMs(at: number): number {
  const parts = LONDON_PARTS.formatToParts(new Date(at));
  const n = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return wall - Math.floor(at / 1000) * 1000;
}

/**
 * The instant at which London's clocks show `date` and `time` (HH:MM). A time skipped when the
 * clocks go forward comes out an hour later; one repeated when they go back is its second (GMT) showing.
 */
export function londonInstant(date: IsoDate, time = '00:00'): Date {
  const d = toLocalDate(date);
  const [h, m] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(d.year(), d.monthValue() - 1, d.dayOfMonth(), h, m);
  let at = wall - londonOffsetMs(wall);
  at = wall - londonOffsetMs(at);
  return new Date(at);
}

/** The London date and time (HH:MM) at an instant. */
export function londonDateTime(at: Date): { date: IsoDate; time: string } {
  const parts = LONDON_PARTS.formatToParts(at);
  const v = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return { date: `${v('year')}-${v('month')}-${v('day')}`, time: `${v('hour')}:${v('minute')}` };
}
