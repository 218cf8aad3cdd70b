import { addMonths, compareDates, isValidIsoDate, MONTH_NAMES, startOfMonth, type IsoDate } from './dates.js';

/** The months of IOM returns: which months a return may be for, and months named in a message. */

/** `May 2024` for `2024-05-01`. */
export function monthLabel(month: IsoDate): string {
  const [y, m] = month.split('-');
  return `${MONTH_NAMES[Number(m) - 1] ?? '?'} ${y ?? ''}`;
}

/** `2024-05` for `2024-05-01`: the form value and the CSV column. */
export function monthKey(month: IsoDate): string {
  return month.slice(0, 7);
}

/** The month before today's: what a return is normally for. */
export function lastCompletedMonth(today: IsoDate): IsoDate {
  return addMonths(startOfMonth(today), -1);
}

/** Null when a return may be made for `month`; otherwise why not. */
export function monthProblem(month: IsoDate, today: IsoDate): string | null {
  const current = startOfMonth(today);
  const c = compareDates(month, current);
  if (c > 0) return `${monthLabel(month)} is in the future: a return is for a completed month`;
  if (c === 0) {
    return `${monthLabel(month)} has not finished yet: a return is for a completed month, so send it from ${startOfNextMonthText(month)}`;
  }
  return null;
}

function startOfNextMonthText(month: IsoDate): string {
  const next = addMonths(month, 1);
  return `1 ${monthLabel(next)}`;
}

const MONTH_WORD =
  'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec';

function monthIndexOf(word: string): number {
  const w = word.toLowerCase();
  if (w === 'sept') return 8;
  return MONTH_NAMES.findIndex((n) => n.toLowerCase() === w || n.toLowerCase().slice(0, 3) === w);
}

function firstOf(year: number, monthIndex: number): IsoDate | null {
  const d = `${String(year).padStart(4, '0')}-${String(monthIndex + 1).padStart(2, '0')}-01`;
  return isValidIsoDate(d) ? d : null;
}

/**
 * A month named without a year is the latest month of that name up to and including the current
 * month: in June 2024 "May" is May 2024, "June" is June 2024 (then refused as not finished) and
 * "July" is July 2023.
 */
function withoutYear(monthIndex: number, today: IsoDate): IsoDate {
  const [ty, tm] = today.split('-').map(Number) as [number, number];
  const year = monthIndex + 1 <= tm ? ty : ty - 1;
  return firstOf(year, monthIndex) ?? startOfMonth(today);
}

export interface MonthMention {
  month: IsoDate;
  start: number;
  end: number;
}

/**
 * Every month a message names: "May 2024", "may" (only after for/of/in/during/return or before a
 * year, since it is also a verb), "2024-05", "05/2024", "last month", "this month".
 */
export function findMonths(text: string, today: IsoDate): MonthMention[] {
  const found: MonthMention[] = [];
  const lower = text.toLowerCase();
  const take = (start: number, end: number, month: IsoDate | null) => {
    if (month && !found.some((f) => start < f.end && end > f.start)) found.push({ month, start, end });
  };
  let m: RegExpExecArray | null;
  const named = new RegExp(`\\b(${MONTH_WORD})\\b(?:[ \\t]+(\\d{4})\\b)?`, 'g');
  while ((m = named.exec(lower))) {
    const word = m[1] ?? '';
    const year = m[2];
    if (word === 'may' && !year && !/\b(?:for|of|in|during|returns?)\s+$/.test(lower.slice(0, m.index)))
      continue;
    const index = monthIndexOf(word);
    take(m.index, m.index + m[0].length, year ? firstOf(Number(year), index) : withoutYear(index, today));
  }
  const iso = /\b(\d{4})-(\d{1,2})\b(?!-\d)/g;
  while ((m = iso.exec(lower))) {
    const mi = Number(m[2]) - 1;
    if (mi >= 0 && mi < 12) take(m.index, m.index + m[0].length, firstOf(Number(m[1]), mi));
  }
  const uk = /\b(\d{1,2})\/(\d{4})\b/g;
  while ((m = uk.exec(lower))) {
    const mi = Number(m[1]) - 1;
    if (mi >= 0 && mi < 12) take(m.index, m.index + m[0].length, firstOf(Number(m[2]), mi));
  }
  // "November … prison visits – none this month": a month named wins over "this month" said in
  // passing (which then means that month).
  const relative = /\b(last|previous|this|current)\s+month\b/g;
  while (found.length === 0 && (m = relative.exec(lower))) {
    const current = startOfMonth(today);
    take(
      m.index,
      m.index + m[0].length,
      m[1] === 'last' || m[1] === 'previous' ? addMonths(current, -1) : current,
    );
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The completed months a form offers, newest first. */
export function recentMonths(today: IsoDate, count = 12): IsoDate[] {
  const last = lastCompletedMonth(today);
  return Array.from({ length: count }, (_, i) => addMonths(last, -i));
}
