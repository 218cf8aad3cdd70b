import {
  addDays,
  addMonths,
  endOfMonth,
  formatUkDate,
  parseUkOrIsoDate,
  startOfMonth,
  type IsoDate,
} from '../domain/dates.js';
import { lookingBack, monthIndex, type Period } from './periods.js';
import type { Utterance } from './understand.js';

/**
 * "DIP backlog this month", "DIP outcomes since March", "how many STLs passed without action":
 * the backlog report's words and its periods, which run up to today ("since March" is this
 * year's March, not next year's, unlike a month named on its own).
 */
export function asksDipBacklog(text: string): boolean {
  const runningOut =
    /\bexpir\w*|\brun(?:s|ning)? out\b|\btim(?:e|es|ing) out\b|\bgo(?:es)? out of time\b|\blapsing\b|\blast day\b/.test(
      text,
    );
  if (/\bbacklog\b/.test(text) && /\bdip\b|\bbreach(?:es)?\b|\bstls?\b|\boutcomes?\b/.test(text)) return true;
  // "whats in the backlog", "backlog report for nov": the only backlog this product keeps.
  if (
    /\bbacklog\b/.test(text) &&
    !/\b(?:followups?|twothirds|releases?|ecsl|returns?|emails?|inbox|paperwork|work)\b/.test(text)
  )
    return true;
  // "how many breaches have we closed", "outcomes report since October": the tally, without "DIP".
  if (
    !runningOut &&
    /\bbreach(?:es)?\b|\boutcomes?\b/.test(text) &&
    /\b(?:closed|processed|dealt with|resolved|cleared|finali[sz]ed|outcomes? (?:report|summary|tally|breakdown|counts?|totals?|numbers|figures|stats)|how many (?:breaches|outcomes))\b/.test(
      text,
    )
  )
    return true;
  if (
    /\bdip\b/.test(text) &&
    /\b(?:outcomes|tally|overview|breakdown|processed|stats|statistics|figures|numbers|counts)\b/.test(text)
  )
    return true;
  // "breach counts by outcome", "breakdown of breach outcomes", "how many breaches are still
  // outstanding": the tally, unless it asks what runs out ("how many breaches expire this week").
  if (
    !runningOut &&
    /\bbreach(?:es)?\b/.test(text) &&
    (/\b(?:counts?|breakdown|by outcome|tally|split|stats|statistics|figures|numbers|totals?)\b/.test(text) ||
      /\bhow many\b.*\b(?:outstanding|open|processed|closed|still)\b/.test(text))
  )
    return true;
  // "which DIP referrals are still awaiting an outcome": the outstanding ones, counted.
  if (
    !runningOut &&
    /\b(?:dip|breach(?:es)?|referrals?)\b/.test(text) &&
    /\b(?:awaiting|waiting (?:for|on)|still need(?:ing)?|without|with no|no) (?:an? |any )?outcomes?\b/.test(
      text,
    )
  )
    return true;
  // "how many did we get charged last month, and how many are still outstanding?"
  if (
    /\bhow many\b.*\b(?:charged|pcrs?|nfa'?d|nfas?)\b/.test(text) &&
    /\b(?:outstanding|still|last month|this month|since|in (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*)\b/.test(
      text,
    )
  )
    return true;
  return /\bhow many\b.*\b(?:stls?|time limits?)\b.*\b(?:passed|pass|lapsed|lapse|expired|missed)\b|\b(?:stls?|time limits?) (?:passed|lapsed|expired) without (?:any )?action\b/.test(
    text,
  );
}

/** The last `from` on or before today that falls on the given month's first day. */
function lastFirstOf(month: number, today: IsoDate): IsoDate {
  const year = Number(today.slice(0, 4));
  const first = `${year}-${String(month + 1).padStart(2, '0')}-01`;
  return first <= today ? first : `${year - 1}-${String(month + 1).padStart(2, '0')}-01`;
}

export function backlogPeriod(u: Utterance): Period | null {
  const t = u.text;
  const today = u.today;
  const upToToday = (from: IsoDate): Period => ({ from, to: today, label: `since ${formatUkDate(from)}` });
  let m: RegExpMatchArray | null;
  const DATE = String.raw`(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})`;
  if ((m = t.match(new RegExp(String.raw`\bfrom\s+${DATE}\s+(?:to|until|till|-)\s+${DATE}\b`)))) {
    const from = parseUkOrIsoDate(m[1] ?? '');
    const to = parseUkOrIsoDate(m[2] ?? '');
    if (from && to && from <= to)
      return { from, to, label: `from ${formatUkDate(from)} to ${formatUkDate(to)}` };
  }
  if ((m = t.match(/\b(?:since|from)\s+(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{2}-\d{2})\b/))) {
    const d = parseUkOrIsoDate((m[1] ?? '').replace(/[.-](?=\d{1,2}[.-]\d{4})/g, '/'));
    if (d && d <= today) return upToToday(d);
  }
  if ((m = t.match(/\b(?:since|from)\s+(?:the\s+)?(?:(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?)?([a-z]+)\b/))) {
    const mi = monthIndex(m[2] ?? '');
    if (mi >= 0) {
      const first = lastFirstOf(mi, today);
      const day = m[1] ? parseUkOrIsoDate(`${m[1]}/${mi + 1}/${first.slice(0, 4)}`) : first;
      if (day && day <= today) return upToToday(day);
    }
    if (m[2] === 'last' && /\bsince last month\b/.test(t))
      return upToToday(startOfMonth(addDays(startOfMonth(today), -1)));
  }
  if (/\b(?:this year|year to date|so far this year|ytd)\b/.test(t))
    return { from: `${today.slice(0, 4)}-01-01`, to: today, label: 'this year' };
  if (/\b(?:last|past|previous)\s+(?:6|six)\s+months\b/.test(t)) return sixMonths(today);
  // A report looks back: a month named alone is the latest one that has begun, not next year's.
  const p = lookingBack(u);
  if (p && p.from > today && p.from.endsWith('-01') && p.to === endOfMonth(p.from)) {
    const from = `${Number(p.from.slice(0, 4)) - 1}${p.from.slice(4)}`;
    return { from, to: endOfMonth(from), label: p.label.replace(/\d{4}$/, from.slice(0, 4)) };
  }
  return p;
}

/** The default: the last six months, the window in which a missed appointment may still be charged. */
export function sixMonths(today: IsoDate): Period {
  return { from: addMonths(today, -6), to: today, label: 'in the last six months' };
}
