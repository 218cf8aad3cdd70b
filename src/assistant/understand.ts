import {
  addDays,
  compareDates,
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
import { damerauLevenshtein } from '../domain/names.js';

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
  /**
   * The message talks about office life ("the ECSL training is next week", "my two-thirds review
   * with my manager"): case words in it are less likely to be a question, so list commands ask.
   */
  chatter: boolean;
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

/**
 * Shorthand staff type, folded to the word the matchers know. Only whole words are replaced, so a
 * name is never touched unless it is exactly one of these.
 */
const SHORTHAND: Record<string, string> = {
  nxt: 'next',
  wk: 'week',
  wks: 'weeks',
  mnth: 'month',
  mth: 'month',
  tmrw: 'tomorrow',
  tmr: 'tomorrow',
  tmoz: 'tomorrow',
  tomoz: 'tomorrow',
  '2day': 'today',
  appt: 'appointment',
  appts: 'appointments',
  ecls: 'ecsl',
  escl: 'ecsl',
  ecsls: 'ecsl',
  esls: 'ecsl',
  dips: 'dip',
  hlep: 'help',
  halp: 'help',
  u: 'you',
  pls: 'please',
  plz: 'please',
  thx: 'thanks',
};

/**
 * Keywords whose one-letter slips (a missing, extra, wrong or swapped letter) are forgiven:
 * "two thrids", "folow ups", "elligible", "iom retrun". Only words of five letters or more, so
 * short words (and most names) are never "corrected" into something else.
 */
const TYPO_KEYWORDS =
  `thirds third follow followup followups eligible eligibility expiring expire expires expired
  expiry statutory return returns returned status cohort report reports deliveries delivery digest digests
  reminders reminder appointment appointments licence license custody deadline deadlines fortnight tomorrow
  january february april august september october november december monday tuesday wednesday thursday
  friday saturday sunday audit snooze settings preferences checklist outstanding qualify integrated
  offender management commands instructions examples`
    .split(/\s+/)
    .filter(Boolean);
const TYPO_KEYWORD_SET = new Set(TYPO_KEYWORDS);
/** Real words one slip away from a keyword: never "corrected". */
const NOT_TYPOS = new Set(
  `audio fellow fellows hollow fallow yellow mellow empire teaches beach change widow match cases casey dated gates
   yates stats statue thirst fridge reader repost resort deport mondays fridays sundays snoozed`.split(/\s+/),
);
/** Typo tolerance looks at the start of a message only: a question is short; what follows is free text. */
const TYPO_WORD_LIMIT = 40;

const typoCache = new Map<string, string>();

/** The keyword a word is a slip of, or the word itself. */
export function correctTypo(word: string): string {
  if (word.length < 5 || word.length > 14 || TYPO_KEYWORD_SET.has(word) || NOT_TYPOS.has(word)) return word;
  const known = typoCache.get(word);
  if (known !== undefined) return known;
  const fixed = closestKeyword(word);
  if (typoCache.size > 5000) typoCache.clear();
  typoCache.set(word, fixed);
  return fixed;
}

function closestKeyword(word: string): string {
  for (const k of TYPO_KEYWORDS) {
    if (Math.abs(k.length - word.length) <= 1 && k[0] === word[0] && damerauLevenshtein(word, k) === 1)
      return k;
  }
  // A slip in the first letter is rarer; only forgive it for long words.
  if (word.length >= 7) {
    for (const k of TYPO_KEYWORDS) {
      if (Math.abs(k.length - word.length) <= 1 && k[0] !== word[0] && damerauLevenshtein(word, k) === 1)
        return k;
    }
  }
  return word;
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  'twenty-one': 21,
  'twenty-eight': 28,
  thirty: 30,
  'thirty-one': 31,
};

function fixWords(lower: string): string {
  let n = 0;
  return lower.replace(/[a-z0-9]+/g, (w) => {
    n += 1;
    const short = SHORTHAND[w];
    if (short) return short;
    return n <= TYPO_WORD_LIMIT && /^[a-z]+$/.test(w) ? correctTypo(w) : w;
  });
}

export function normalise(raw: string): string {
  const lower = raw
    .toLowerCase()
    .replace(/<at>.*?<\/at>/g, ' ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u2013\u2014]/g, '-');
  return (
    fixWords(lower)
      .replace(/\u2153|\u2154/g, ' twothirds ')
      // "seven days", "two weeks": numbers as digits, for the period parser.
      .replace(
        /\b(twenty-one|twenty-eight|thirty-one|[a-z]+)\s+(days?|weeks?)\b/g,
        (m, w: string, unit: string) => {
          const n = NUMBER_WORDS[w];
          return n === undefined ? m : `${n} ${unit}`;
        },
      )
      // 2/3, 2/3rds, 2/3's, 2 / 3 rds, two thirds, two-thirds, 2 thirds; not the date 2/3/2026.
      .replace(/\b2\s*\/\s*3\s*(?:rds?|'?s)?\b(?!\s*\/)/g, ' twothirds ')
      .replace(/\b(?:two|2)[\s-]*(?:thirds?|3rds?)\b/g, ' twothirds ')
      .replace(/\b(?:final|last)[\s-]*third\b/g, ' finalthird ')
      .replace(/\bfollow[\s-]*ups?\b/g, ' followup ')
      .replace(/\bfollowups\b/g, ' followup ')
      .replace(/\bend of custody (?:supervised )?licen[cs]e\b/g, ' ecsl ')
      .replace(/\bw\s*\/\s*c\b/g, ' week commencing ')
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
  return { from: first, to: endOfMonth(first), label: `in ${name[0]?.toUpperCase()}${name.slice(1)} ${y}` };
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

/**
 * "run the ecsl-alerts job", "trigger dip stl reminders": talk about scheduled jobs, which name
 * case words (ECSL, DIP, IOM return) without asking about cases. Not "stls run out".
 */
export function aboutJobs(text: string): boolean {
  return /\b(?:run|rerun|re-run|trigger)\b(?! out)|\bjobs?\b/.test(text);
}

const FOLLOW_UP_VERB =
  /\bfollowup(?= (?:with|on|about|regarding|re|to)\b)|(?<=\b(?:i'll|ill|i will|we'll|will|to|can you|could you|please|let me|shall i|i'd) )followup\b/g;
/** Office life: words that, beside a case word, suggest chat rather than a question about cases. */
const OFFICE_WORDS = new Set(
  `meeting meetings training course courses lunch coffee tea canteen printer laptop computer password email inbox
   leave holiday holidays annual sick pay payday salary pension expenses birthday party football weather rain
   review reviews manager supervision appraisal rota shift shifts duty restructure dashboard system wifi`.split(
    /\s+/,
  ),
);
const CASE_CONTEXT = /\b(?:finalthird|due|appointments?|list|cases?|caseload|team|pdu|midway)\b/;

/** "two thirds of the team are off sick", "2/3 of 90": a fraction, not the two-thirds point. */
const FRACTION =
  /\btwothirds of (?=(?:a|an|the|my|our|your|his|her|their|all|them|those|these|it|this|that|what|us|you|\d+)\b)/g;

export function understand(
  raw: string,
  today: IsoDate,
  value: Record<string, unknown> | null = null,
): Utterance {
  let text = normalise(raw.slice(0, MAX_MESSAGE_LENGTH)).replace(FRACTION, 'two thirds of ');
  const { period, days } = parsePeriod(text, today);
  // "follow up with IT", "I'll follow up on that": the verb, unless the message is about cases.
  if (!period && !CASE_CONTEXT.test(text)) text = text.replace(FOLLOW_UP_VERB, 'follow up');
  const crn = raw.match(/\b([A-Za-z]\d{6})\b/)?.[1]?.toUpperCase() ?? null;
  // DIP-23-0417, DIP 23 0417, DIP230417, DIP-0001, DIP 0001; not "dip 14 days".
  const reference =
    raw
      .match(/\b(DIP(?:[-\s]?\d{2}[-\s]?\d{3,6}|-\d{2,10}|\s\d{4,10}))\b/i)?.[1]
      ?.toUpperCase()
      .replace(/\s/g, '-') ?? null;
  // "team N07T02", or the code on its own ("2/3 N07T01 next week").
  const teamCode = raw.match(/\b(?:team\s+)?([A-Z]\d{2}[A-Z]\d{2})\b/i)?.[1]?.toUpperCase() ?? null;
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
    chatter: text.split(' ').some((w) => OFFICE_WORDS.has(w)),
  };
}

/** True when `a` falls within the period (inclusive). */
export function inPeriod(d: IsoDate, p: Period): boolean {
  return compareDates(d, p.from) >= 0 && compareDates(d, p.to) <= 0;
}

/**
 * Words that are never the person asked about: question and command words, period and scope
 * words, everyday verbs, and the office vocabulary of chat that is not a case question ("meeting",
 * "printer"). Surnames that are also English words (Stone, Reed, Fox, Pike, Brook…) are deliberately
 * absent. Month names are only dropped when the message names a period (June and May are also
 * first names).
 */
const NEVER_NAMES = new Set(
  `a an and are any as at be by can case cases check crn date dates details do does due ecsl eligibility eligible
   for from get give has have how i in is it me my of on or please release show tell the their this to what when
   who whose will with x y key licence license order orders pss about status list lists
   two thirds third twothirds finalthird final last followup followups follow up ups point points reach reaches reaching
   reached hit hits hitting which whom whats what's where why was were coming upcoming next week weeks wk month months today
   tomorrow yesterday fortnight day days year years our team teams team's pdu mine us we all everyone everybody anyone
   people someone caseload caseloads stl stls dip expiring expire expires expired expiry running run out time limit
   limits statutory charge charging breach breaches early end ends ending finish finishes finishing start starts
   starting custody supervised candidates candidate window windows open opens opening soon now thanks thank you hi
   hello hey could would should your look lookup need needs want know see start starts important sentence sentences
   whole period rule rules reset probation appointment appointments contact summary overview info information remind
   reminder mr mrs ms miss mx dr his her them they monday tuesday wednesday thursday friday saturday sunday mon tue
   wed thu fri sat sun current currently person name named called reference ref pls plz please
   qualify qualifies qualifying go goes going get gets got out back list screening screen referral referrals refer
   eligable eligability checklist verdict between within before after until till by around over under than then
   there here that these those it's its is isn't are aren't am be been being do did done doing does doesn't don't
   can't cannot won't will shall may might must also just only still yet again very really quite much many more most
   some no not yes ok okay right left new old another each every both either neither such own same so too
   lot lots bit any anything nothing something everything due dates list one all
   asked asking ask asks audit audits log logs trail usage used use using report reports cohort return returns
   returned iom brag csv data figures stats numbers counts count delivery deliveries job jobs digest digests
   settings preferences notification notifications snooze quiet hours alerts alert
   meeting meetings printer laptop computer password email emails inbox call calls phone lunch coffee tea canteen
   room rooms desk office building parking car train bus leave holiday holidays annual sick off ill school pay payday
   salary expenses claim weather rain football match party birthday happy minutes policy training course rota
   shift shifts weekend weekends christmas easter bank it's file files form forms bug issue issues problem problems
   working work works broken help test testing sorry wrong chat ignore thing things round roundup rundown update
   updates review reviews manager supervision appraisal duty restructure dashboard system wifi
   am pm morning afternoon evening night later request requests i'll ill i'm im i've i'd you'll we'll let's
   that's who's whos it's what's whats there's can't`.split(/\s+/),
);

interface Token {
  word: string;
  /** Position among the message's words, to tell "Jordan Pike" (adjacent) from scattered words. */
  index: number;
  /** Written with a possessive ("Pike's"). */
  possessive: boolean;
  /** The word before, lower-cased ("for" in "dates for Jordan Pike"). */
  prev: string;
}

/** A person is named near the start of a question; the rest of a long message is free text. */
const NAME_WORD_LIMIT = 80;

function tokens(raw: string): Token[] {
  const out: Token[] = [];
  let prev = '';
  let index = 0;
  for (const w of raw
    .slice(0, MAX_MESSAGE_LENGTH)
    .replace(/<at>.*?<\/at>/g, ' ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[!?.,;:()"[\]{}]+/g, ' ')
    .split(/\s+/)) {
    if (!w) continue;
    if (index >= NAME_WORD_LIMIT) break;
    const possessive = /'s$/i.test(w) || /s'$/i.test(w);
    const word = w.replace(/'s$/i, '').replace(/'$/, '');
    out.push({ word, index, possessive, prev });
    prev = w.toLowerCase();
    index += 1;
  }
  return out;
}

function isNameWord(word: string, drop: Set<string>, dropMonths: boolean): boolean {
  const lower = word.toLowerCase();
  if (!/[a-z]/i.test(word) || /\d|\/|@/.test(word)) return false; // dates, CRNs, 2/3rds, references, emails
  if (drop.has(lower) || drop.has(lower.replace(/-/g, ''))) return false;
  // "follow-ups", "two-thirds", "final-third": every part a command word.
  if (
    lower.includes('-') &&
    lower.split('-').every((p) => !p || drop.has(p) || drop.has(`${p.replace(/s$/, '')}`))
  )
    return false;
  // A slip of a keyword ("elligible", "eligability") or shorthand ("nxt") is not a name either.
  const fixed = SHORTHAND[lower] ?? correctTypo(lower);
  if (fixed !== lower && (drop.has(fixed) || TYPO_KEYWORD_SET.has(fixed))) return false;
  if (dropMonths && (monthIndex(lower) >= 0 || lower === 'sept')) return false;
  return true;
}

function nameTokens(u: Utterance, commandWords: string[]): Token[] {
  const drop = new Set([...NEVER_NAMES, ...commandWords.map((w) => w.toLowerCase())]);
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

const CAPITALISED = /^(?:[A-Z][a-z]+|O'[A-Z][a-z]+|Mc[A-Z][a-z]+|[A-Z][a-z]+-[A-Z][a-z]+)$/;

/**
 * The person a message is about, and whether it clearly points at one: a CRN, a possessive
 * ("Jordan Pike's two-thirds"), "for/of/about <name>", or a capitalised full name ("Kim Vale").
 * Without such a cue the leftover words may be a name or may be a phrasing the matcher does not
 * know, so commands score it lower. `words` counts the leftover words (a name is one to three).
 */
export function personMention(
  u: Utterance,
  commandWords: string[],
): { query: string; cue: boolean; words: number } | null {
  if (u.crn) return { query: u.crn, cue: true, words: 1 };
  const named = nameTokens(u, commandWords);
  const query = personQuery(u, commandWords);
  if (!query) return null;
  // A capitalised full name ("can we put Taylor Brook forward") is the person, whatever surrounds it.
  const run = capitalisedRun(named);
  if (run.length >= 2) return { query: run.map((t) => t.word).join(' '), cue: true, words: run.length };
  const cue = named.some((t) => t.possessive || ['for', 'of', 'about', 'on'].includes(t.prev));
  return { query, cue, words: named.length };
}

/** The longest run of adjacent capitalised name words (two or three: a full name). */
function capitalisedRun(named: Token[]): Token[] {
  let best: Token[] = [];
  let current: Token[] = [];
  for (const t of named) {
    const last = current[current.length - 1];
    if (CAPITALISED.test(t.word) && (!last || last.index + 1 === t.index)) current.push(t);
    else current = CAPITALISED.test(t.word) ? [t] : [];
    if (current.length > best.length && current.length <= 3) best = [...current];
  }
  return best;
}
