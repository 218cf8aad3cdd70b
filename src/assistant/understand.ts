import {
  addDays,
  compareDates,
  dayOfWeek,
  endOfMonth,
  endOfWeek,
  parseUkOrIsoDate,
  startOfMonth,
  startOfWeek,
  type IsoDate,
} from '../domain/dates.js';

/** Slots pulled from a message before any command looks at it. Pure: today is a parameter. */
export interface Period {
  from: IsoDate;
  to: IsoDate;
  label: string;
}

export type ScopeWord = 'mine' | 'team' | 'pdu';

export interface Utterance {
  raw: string;
  /** Lower-cased, punctuation folded, "2/3rds" and friends folded to "twothirds". */
  text: string;
  words: string[];
  today: IsoDate;
  period: Period | null;
  /** "next 14 days", "fortnight": a count of days ahead, when given. */
  days: number | null;
  crn: string | null;
  reference: string | null;
  scope: ScopeWord | null;
  /** A team code named in the message (e.g. N07T01). */
  teamCode: string | null;
  /** Submitted card data (Action.Submit), when the message came from a button. */
  value: Record<string, unknown> | null;
}

const MONTHS = [
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
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const WEEKDAY_ABBR = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export const MAX_MESSAGE_LENGTH = 2000;

export function normalise(raw: string): string {
  return (
    raw
      .toLowerCase()
      .replace(/<at>.*?<\/at>/g, ' ')
      .replace(/[\u2018\u2019]/g, "'")
      .replace(/\u2153|\u2154/g, ' twothirds ')
      // 2/3, 2/3rds, 2/3's, 2 / 3 rds, two thirds, two-thirds, 2 thirds, 66%
      .replace(/\b2\s*\/\s*3\s*(?:rds?|'?s)?\b/g, ' twothirds ')
      .replace(/\b(?:two|2)[\s-]*thirds?\b/g, ' twothirds ')
      .replace(/\b(?:final|last)[\s-]*third\b/g, ' finalthird ')
      .replace(/\bfollow[\s-]*ups?\b/g, ' followup ')
      .replace(/\bfollowups\b/g, ' followup ')
      .replace(/[!?.,;:()"[\]{}]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

function monthPeriod(today: IsoDate, monthIndex: number, year?: number): Period {
  const [ty, tm] = today.split('-').map(Number) as [number, number];
  // A month named without a year means the next one of that name (this month counts).
  const y = year ?? (monthIndex + 1 >= tm ? ty : ty + 1);
  const first = `${y}-${String(monthIndex + 1).padStart(2, '0')}-01`;
  const name = MONTHS[monthIndex] ?? '';
  return { from: first, to: endOfMonth(first), label: `${name[0]?.toUpperCase()}${name.slice(1)} ${y}` };
}

function weekdayIndex(word: string): number {
  let i = WEEKDAYS.indexOf(word);
  if (i < 0) i = WEEKDAY_ABBR.indexOf(word);
  return i;
}

function monthIndex(word: string): number {
  let i = MONTHS.indexOf(word);
  if (i < 0) i = MONTH_ABBR.indexOf(word);
  if (i < 0 && word === 'sept') i = 8;
  return i;
}

/** Finds the period a message speaks of, or null when it names none. */
export function parsePeriod(text: string, today: IsoDate): { period: Period | null; days: number | null } {
  const week = (offset: number, label: string): Period => {
    const from = startOfWeek(addDays(today, offset * 7));
    return { from, to: endOfWeek(from), label };
  };
  let m: RegExpMatchArray | null;
  if ((m = text.match(/\b(?:next|coming|following|within(?: the)?(?: next)?|in(?: the)?(?: next)?)\s+(\d{1,3})\s+days?\b/))) {
    const n = Number(m[1]);
    return { period: { from: today, to: addDays(today, n), label: `the next ${n} days` }, days: n };
  }
  if ((m = text.match(/\b(\d{1,3})\s+days?\b/))) {
    const n = Number(m[1]);
    return { period: { from: today, to: addDays(today, n), label: `the next ${n} days` }, days: n };
  }
  if (/\b(?:next\s+)?(?:fortnight|two weeks|2 weeks)\b/.test(text)) {
    return { period: { from: today, to: addDays(today, 14), label: 'the next 14 days' }, days: 14 };
  }
  if (/\b(?:this|current)\s+week\b|\bthe week\b|\bthis wk\b/.test(text)) return { period: week(0, 'this week'), days: null };
  if (/\bnext\s+(?:week|wk)\b/.test(text)) return { period: week(1, 'next week'), days: null };
  if (/\b(?:last|previous)\s+(?:week|wk)\b/.test(text)) return { period: week(-1, 'last week'), days: null };
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
  if ((m = text.match(/\b(?:by|before|until|till|up to)\s+(?:next\s+)?([a-z]+)\b/))) {
    const wd = weekdayIndex(m[1] ?? '');
    if (wd >= 0) {
      let delta = wd + 1 - dayOfWeek(today);
      if (delta < 0 || /\bnext\s+[a-z]+/.test(m[0])) delta += 7;
      const to = addDays(today, delta);
      const name = WEEKDAYS[wd] ?? '';
      return { period: { from: today, to, label: `by ${name[0]?.toUpperCase()}${name.slice(1)}` }, days: null };
    }
  }
  if ((m = text.match(/\b(\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4})\b/))) {
    const d = parseUkOrIsoDate(m[1] ?? '');
    if (d) return { period: { from: d, to: d, label: d }, days: null };
  }
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

export function understand(raw: string, today: IsoDate, value: Record<string, unknown> | null = null): Utterance {
  const text = normalise(raw.slice(0, MAX_MESSAGE_LENGTH));
  const { period, days } = parsePeriod(text, today);
  const crn = raw.match(/\b([A-Za-z]\d{6})\b/)?.[1]?.toUpperCase() ?? null;
  // DIP-23-0417, DIP 23 0417, DIP230417, DIP-0001, DIP 0001; not "dip 14 days".
  const reference =
    raw.match(/\b(DIP(?:[-\s]?\d{2}[-\s]?\d{3,6}|-\d{2,10}|\s\d{4,10}))\b/i)?.[1]?.toUpperCase().replace(/\s/g, '-') ?? null;
  const teamCode = raw.match(/\bteam\s+([A-Z]\d{2}[A-Z]\d{2})\b/i)?.[1]?.toUpperCase() ?? null;
  let scope: ScopeWord | null = null;
  if (/\b(?:my|our|the)\s+team'?s?\b|\bteam\b/.test(text) || teamCode) scope = 'team';
  else if (/\b(?:pdu|whole pdu|all teams)\b/.test(text)) scope = 'pdu';
  else if (/\b(?:my|mine|me|i)\b/.test(text)) scope = 'mine';
  return {
    raw,
    text,
    words: text.split(' ').filter(Boolean),
    today,
    period,
    days,
    crn,
    reference,
    scope,
    teamCode,
    value,
  };
}

/** True when `a` falls within the period (inclusive). */
export function inPeriod(d: IsoDate, p: Period): boolean {
  return compareDates(d, p.from) >= 0 && compareDates(d, p.to) <= 0;
}

const NON_NAME_WORDS = new Set(
  `a an and are any as at be by can case cases check crn date dates details do does due ecsl eligibility eligible
   for from get give has have how i in is it me my of on or please release show tell the their this to what when
   who whose will with x y is it dates dates date key licence order pss about status list`.split(/\s+/),
);

/**
 * Words that are never the person asked about: question, command, period and scope words. Month
 * names are only dropped when the message names a period (June and May are also first names).
 */
const NEVER_NAMES = new Set(
  `two thirds third twothirds finalthird final last followup followups follow up ups point points reach reaches reaching
   reached which whom whats what's where why was were are coming upcoming next week weeks wk month months today
   tomorrow yesterday fortnight day days year our team teams team's pdu mine us we all everyone everybody anyone
   people someone caseload caseloads stl stls dip expiring expire expires expired running run out time limit
   limits statutory charge charging breach breaches early end custody supervised lists candidates candidate window
   open opens opening soon now thanks thank you hi hello hey could would should your look lookup need want know see
   start starts expiry important sentence sentences whole period rule rules reset probation appointment
   appointments contact summary overview info information remind reminder mr mrs ms miss mx dr his her them they
   monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun current currently
   person name named called reference ref`.split(/\s+/),
);

interface Token {
  word: string;
  /** Written with a possessive ("Pike's"). */
  possessive: boolean;
  /** The word before, lower-cased ("for" in "dates for Jordan Pike"). */
  prev: string;
}

function tokens(raw: string): Token[] {
  const out: Token[] = [];
  let prev = '';
  for (const w of raw
    .replace(/<at>.*?<\/at>/g, ' ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[!?.,;:()"[\]{}]+/g, ' ')
    .split(/\s+/)) {
    if (!w) continue;
    const possessive = /'s$/i.test(w) || /s'$/i.test(w);
    const word = w.replace(/'s$/i, '').replace(/'$/, '');
    out.push({ word, possessive, prev });
    prev = w.toLowerCase();
  }
  return out;
}

function isNameWord(word: string, drop: Set<string>, dropMonths: boolean): boolean {
  const lower = word.toLowerCase();
  if (!/[a-z]/i.test(word) || /\d|\//.test(word)) return false; // dates, CRNs, 2/3rds, references
  if (drop.has(lower) || drop.has(lower.replace(/-/g, ''))) return false;
  // "follow-ups", "two-thirds", "final-third": every part a command word.
  if (lower.includes('-') && lower.split('-').every((p) => !p || drop.has(p) || drop.has(`${p.replace(/s$/, '')}`))) return false;
  if (dropMonths && (monthIndex(lower) >= 0 || lower === 'sept')) return false;
  return true;
}

function nameTokens(u: Utterance, commandWords: string[]): Token[] {
  const drop = new Set([...NON_NAME_WORDS, ...NEVER_NAMES, ...commandWords.map((w) => w.toLowerCase())]);
  return tokens(u.raw).filter((t) => isNameWord(t.word, drop, u.period !== null));
}

/** What is left of a message once command words are removed: the person asked about, if any. */
export function personQuery(u: Utterance, commandWords: string[]): string | null {
  const q = nameTokens(u, commandWords)
    .map((t) => t.word)
    .join(' ')
    .trim();
  return q.length >= 2 ? q : null;
}

/**
 * The person a message is about, and whether it clearly points at one: a CRN, a possessive
 * ("Jordan Pike's two-thirds") or "for/of/about <name>". Without such a cue the leftover words
 * may be a name or may be a phrasing the matcher does not know, so commands score it lower.
 */
export function personMention(u: Utterance, commandWords: string[]): { query: string; cue: boolean } | null {
  if (u.crn) return { query: u.crn, cue: true };
  const named = nameTokens(u, commandWords);
  const query = personQuery(u, commandWords);
  if (!query) return null;
  const cue = named.some((t) => t.possessive || ['for', 'of', 'about', 'on'].includes(t.prev));
  return { query, cue };
}
