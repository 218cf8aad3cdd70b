import { isValidIsoDate } from '../domain/dates.js';

// Dates are epoch-day integers: 250,000 rows need integer arithmetic, not a date object per row.

const MS_PER_DAY = 86_400_000;
const isoCache = new Map<number, string>();

export function toDay(iso: string): number {
  if (!isValidIsoDate(iso)) throw new RangeError(`Not a valid ISO date (YYYY-MM-DD): '${iso}'`);
  return (
    Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS_PER_DAY
  );
}

export function iso(day: number): string {
  let s = isoCache.get(day);
  if (s === undefined) {
    s = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    isoCache.set(day, s);
  }
  return s;
}

/** Calendar months, clamping to the month end (31 Jan + 1 month = 28/29 Feb). */
export function addMonthsDay(day: number, months: number): number {
  const d = new Date(day * MS_PER_DAY);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastOfTarget = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), lastOfTarget)) / MS_PER_DAY;
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday
}

/** ceil(2N/3): the day of the period (1-based) that is the two-thirds point. */
export const twoThirdsDayNumber = (n: number) => Math.floor((2 * n + 2) / 3);

export const monthsToDays = (m: number) => Math.round(m * 30.4375);

export function isoAddMonths(day: number, months: number): string {
  return iso(addMonthsDay(day, months));
}
