import {
  addDays,
  daysBetween,
  dayOfWeek,
  endOfMonth,
  endOfWeek,
  formatUkDate,
  parseUkOrIsoDate,
  startOfMonth,
  startOfWeek,
  type IsoDate,
} from '../domain/dates.js';

/** A span of days a question is about, inclusive, with the words to describe it. */
export interface Period {
  from: IsoDate;
  to: IsoDate;
  label: string;
}

export const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_ABBR = MONTHS.map((m) => m.slice(0, 3));
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const WEEKDAY_ABBR = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function monthPeriod(today: IsoDate, monthIndex: number, year?: number): Period {
  const [ty, tm] = today.split('-').map(Number) as [number, number];
  // A month named without a year means the next one of that name (this month counts).
  const y = year ?? (monthIndex + 1 >= tm ? ty : ty + 1);
  const first = `${y}-${String(monthIndex + 1).padStart(2, '0')}-01`;
  const name = MONTHS[monthIndex] ?? '';
  return { from: first, to: endOfMonth(first), label: `in ${name[0]?.toUpperCase()}${name.slice(1)} ${y}` };
}

export function weekdayIndex(word: string): number {
  let i = WEEKDAYS.indexOf(word);
  if (i < 0) i = WEEKDAY_ABBR.indexOf(word);
  return i;
}

export function monthIndex(word: string): number {
  let i = MONTHS.indexOf(word);
  if (i < 0) i = MONTH_ABBR.indexOf(word);
  if (i < 0 && word === 'sept') i = 8;
  return i;
}

/** A day and month without a year ("17 nov", "17th of November", "nov 17", "17/11"), nearest to today. */
function dayMonth(text: string, today: IsoDate): IsoDate | null {
  const MONTH =
    '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
  let day: number | null = null;
  let month = -1;
  let year: number | null = null;
  let m: RegExpMatchArray | null;
  if ((m = text.match(new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?(?: of)? ${MONTH}\\b(?: (\\d{4})\\b)?`)))) {
    day = Number(m[1]);
    month = monthIndex(m[2] ?? '');
    year = m[3] ? Number(m[3]) : null;
  } else if ((m = text.match(new RegExp(`\\b${MONTH} (\\d{1,2})(?:st|nd|rd|th)?\\b(?! ?\\d{3})`)))) {
    month = monthIndex(m[1] ?? '');
    day = Number(m[2]);
  } else if ((m = text.match(/\b(\d{1,2})\/(\d{1,2})\b(?!\/)/))) {
    day = Number(m[1]);
    month = Number(m[2]) - 1;
  }
  if (day === null || month < 0 || month > 11) return null;
  const build = (y: number) => parseUkOrIsoDate(`${day}/${month + 1}/${y}`);
  const ty = Number(today.slice(0, 4));
  if (year !== null) return build(year);
  const d = build(ty);
  // Without a year, the date nearest today: in November "3 Jan" is next January.
  if (d && daysBetween(d, today) > 183) return build(ty + 1);
  return d;
}

/** Finds the period a message speaks of, or null when it names none. */
export function parsePeriod(text: string, today: IsoDate): { period: Period | null; days: number | null } {
  const week = (offset: number, label: string): Period => {
    const from = startOfWeek(addDays(today, offset * 7));
    return { from, to: endOfWeek(from), label };
  };
  const ahead = (n: number): { period: Period; days: number } => ({
    period: { from: today, to: addDays(today, n), label: `in the next ${n} days` },
    days: n,
  });
  let m: RegExpMatchArray | null;
  if ((m = text.match(/\b(?:last|past|previous)\s+(\d{1,3})\s+(days?|weeks?)\b/))) {
    const n = Number(m[1]) * (m[2]?.startsWith('week') ? 7 : 1);
    if (n >= 1)
      return {
        period: { from: addDays(today, -(n - 1)), to: today, label: `in the last ${n} days` },
        days: null,
      };
  }
  if ((m = text.match(/\b(?:week commencing|week beginning|week starting|week of|wb)\s+(.{3,20})/))) {
    const d = parseUkOrIsoDate(m[1]?.split(' ')[0] ?? '') ?? dayMonth(m[1] ?? '', today);
    if (d) {
      const from = startOfWeek(d);
      return {
        period: { from, to: endOfWeek(from), label: `in the week of ${formatUkDate(from)}` },
        days: null,
      };
    }
  }
  if ((m = text.match(/\b(\d{1,3})\s+days?\b/))) return ahead(Number(m[1]));
  if ((m = text.match(/\b(\d{1,2})\s+weeks?\b/)) && m[1] !== '1') return ahead(Number(m[1]) * 7);
  if (/\bfortnight\b/.test(text)) return ahead(14);
  if (/\b(?:end of (?:the |this )?month|rest of (?:the |this )?month|month end)\b/.test(text)) {
    return { period: { from: today, to: endOfMonth(today), label: 'by the end of the month' }, days: null };
  }
  if (/\b(?:this|current)\s+week\b|\bthe week\b/.test(text))
    return { period: week(0, 'this week'), days: null };
  if (/\bnext\s+week\b/.test(text)) return { period: week(1, 'next week'), days: null };
  if (/\b(?:last|previous)\s+week\b/.test(text)) return { period: week(-1, 'last week'), days: null };
  if (/\b(?:this|current)\s+month\b/.test(text)) {
    return { period: { from: startOfMonth(today), to: endOfMonth(today), label: 'this month' }, days: null };
  }
  if (/\bnext\s+month\b/.test(text)) {
    const first = addDays(endOfMonth(today), 1);
    return { period: { from: first, to: endOfMonth(first), label: 'next month' }, days: null };
  }
  if (/\b(?:last|previous)\s+month\b/.test(text)) {
    const first = startOfMonth(addDays(startOfMonth(today), -1));
    return { period: { from: first, to: endOfMonth(first), label: 'last month' }, days: null };
  }
  if (/\btoday\b/.test(text)) return { period: { from: today, to: today, label: 'today' }, days: null };
  if (/\btomorrow\b/.test(text)) {
    const t = addDays(today, 1);
    return { period: { from: t, to: t, label: 'tomorrow' }, days: null };
  }
  if ((m = text.match(/\b(?:by|before|until|till|up to|between now and)\s+(?:next\s+)?([a-z]+)\b/))) {
    const wd = weekdayIndex(m[1] ?? '');
    if (wd >= 0) {
      let delta = wd + 1 - dayOfWeek(today);
      if (delta < 0 || /\bnext\s+[a-z]+/.test(m[0])) delta += 7;
      const to = addDays(today, delta);
      const name = WEEKDAYS[wd] ?? '';
      return {
        period: { from: today, to, label: `by ${name[0]?.toUpperCase()}${name.slice(1)}` },
        days: null,
      };
    }
  }
  if ((m = text.match(/\b(\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4})\b/))) {
    const d = parseUkOrIsoDate(m[1] ?? '');
    if (d) return { period: { from: d, to: d, label: `on ${formatUkDate(d)}` }, days: null };
  }
  const d = dayMonth(text, today);
  if (d) return { period: { from: d, to: d, label: `on ${formatUkDate(d)}` }, days: null };
  for (const word of text.split(' ')) {
    const mi = monthIndex(word);
    // "may" is also a verb: only take it as a month after "in"/"for"/"during" or before a year.
    if (mi >= 0 && (word !== 'may' || /\b(?:in|for|during|of)\s+may\b|\bmay\s+\d{4}\b/.test(text))) {
      const year = text.match(new RegExp(`\\b${word}\\s+(\\d{4})\\b`))?.[1];
      return { period: monthPeriod(today, mi, year ? Number(year) : undefined), days: null };
    }
  }
  return { period: null, days: null };
}

export function periodOrThisWeek(period: Period | null, today: string): Period {
  if (period) return period;
  const from = startOfWeek(today);
  return { from, to: endOfWeek(from), label: 'this week' };
}

export function periodText(p: Period): string {
  return p.from === p.to
    ? formatUkDate(p.from)
    : `${p.label} (${formatUkDate(p.from)} to ${formatUkDate(p.to)})`;
}
