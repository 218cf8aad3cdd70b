import {
  addDays,
  addMonths,
  compareDates,
  daysBetween,
  dayOfWeek,
  endOfMonth,
  endOfWeek,
  formatUkDate,
  MONTH_NAMES,
  startOfMonth,
  startOfWeek,
  type IsoDate,
} from '../domain/dates.js';
import { recogniseDates, type DateMention } from './date-mentions.js';
import { askedFor, eventDay } from './period-choice.js';

/** A span of days a question is about, inclusive, with the words to describe it. */
export interface Period {
  from: IsoDate;
  to: IsoDate;
  label: string;
}

export const MONTHS = MONTH_NAMES.map((m) => m.toLowerCase());
const MONTH_ABBR = MONTHS.map((m) => m.slice(0, 3));
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** 0 = Monday … 6 = Sunday, or -1: a weekday's full name or its first three letters. */
export function weekdayIndex(word: string): number {
  const i = WEEKDAYS.indexOf(word);
  return i >= 0 ? i : WEEKDAYS.findIndex((d) => d.slice(0, 3) === word);
}

export function monthIndex(word: string): number {
  let i = MONTHS.indexOf(word);
  if (i < 0) i = MONTH_ABBR.indexOf(word);
  if (i < 0 && word === 'sept') i = 8;
  return i;
}

const DATE_WORD =
  /\d|\b(?:today|tomorrow|yesterday|tonight|week|weeks|weekend|weekends|fortnight|month|months|year|day|days|now|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|(?:mon|tues|wednes|thurs|fri|satur|sun)day|jan|feb|mar|apr|may|jun|june|jul|july|aug|sep|sept|oct|nov|dec|january|february|march|april|august|september|october|november|december|christmas|xmas|easter|morning|afternoon|evening|tonight)\b/;

const COUNT_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
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
  couple: 2,
  'a couple of': 2,
  few: 3,
  'a few': 3,
};

const WEEKDAY_WORD = '(mon|tue|wed|thu|fri|sat|sun)(?:day|s|sday|nesday|rsday|r|rs|urday)?';
const DAY_RANGE = `${WEEKDAY_WORD}\\s*(?:to|-|–|till|until|thru|through)\\s*${WEEKDAY_WORD}`;
/** "mon to weds next week", "next week tues-thurs": both days in the week named. */
const DAYS_OF_A_WEEK = new RegExp(
  `\\b${DAY_RANGE}\\s+(this|next|last) week\\b|\\b(this|next|last) week,?\\s+${DAY_RANGE}\\b`,
  'g',
);

/**
 * What the recogniser is given: the message with case references masked (a CRN, a DIP reference or
 * a team code is never a date) and the few everyday phrasings it does not read the way staff mean
 * them put in words it does: "fortnight" is two weeks, "within 7 days" the next 7 days, "this week
 * and next" both weeks, and a bare "the 14th" the next 14th (the month of the first such day named).
 */
function prepare(text: string, today: IsoDate): string {
  let t = ` ${text} `
    .replace(/\b[a-z]\d{6}\b/g, ' ')
    .replace(/\bdip[-\s]?\d{2}[-\s]?\d{2,6}\b|\bdip-\d{2,10}\b/g, ' ')
    .replace(/\b[a-z]\d{2}[a-z]\d{2}\b/g, ' ')
    .replace(/\b\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)\b/g, ' ')
    // "Monday 14th", "tues the 15th": the date says which; the weekday only confirms it.
    .replace(
      /\b(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?,?\s+(?:the\s+)?(\d{1,2}(?:st|nd|rd|th))\b/g,
      ' the $1 ',
    )
    // "the 6 month time limit", "a 12-month order": a length, not this month.
    .replace(
      /(?<!\b(?:next|last|past|previous|within|in|over|for|coming)\s)\b(?:\d{1,2}|one|two|three|six|nine|twelve)[- ](?:month|year)\b(?!s)/g,
      ' ',
    )
    // "the last day to charge": the DIP deadline's name, not yesterday.
    .replace(/\b(?:the )?last days? (?:to|for) charg\w*/g, ' ')
    // Parts of today are today.
    .replace(/\b(?:this (?:morning|afternoon|evening)|tonight|earlier today|later today)\b/g, ' today ')
    // "over the next month": a month from today, not next calendar month.
    .replace(
      /\b(?:over|within|during|in) the (?:next|coming) month\b/g,
      () => ` next ${daysBetween(today, addMonths(today, 1))} days `,
    )
    // "in the new year": some time after New Year's Day, no period.
    .replace(/\b(?:in|after|over|into|until after|till after|til after) (?:the )?new year\b(?!'?s)/g, ' ')
    // "this side of Christmas": before it.
    .replace(/\bthis side of\b/g, ' before ')
    // The days of the holidays staff plan around, as dates the recogniser reads.
    .replace(/\bchristmas eve\b/g, ' 24 december ')
    .replace(/\bboxing day\b/g, ' 26 december ')
    .replace(/\bnew year'?s eve\b/g, ' 31 december ')
    .replace(/\bnew year'?s day\b/g, ' 1 january ')
    .replace(/\b(?:christmas|xmas)(?: day)?\b/g, ' 25 december ')
    // "took them 3 days", "after 2 days": how long something took, not a period ahead.
    .replace(
      /\b(took(?: them| him| her| us| me)?|after|waited|for about|ago)\s+(\d{1,3})\s+days\b/g,
      '$1 $2 dayz',
    )
    .replace(/\b(last|past|previous)\s+(?:a\s+)?fortnight\b/g, '$1 2 weeks')
    .replace(
      /\b(?:(?:over|in|within|during)\s+)?(?:the\s+)?(?:next|coming)?\s*(?:a\s+)?fortnight\b/g,
      ' next 2 weeks ',
    )
    .replace(
      /\b(?:within|in|over|during)\s+(?:the\s+)?(?:next\s+)?(\d{1,3}|a couple of|a few|couple of|few|one|two|three|four|five|six|seven|eight|nine|ten)\s+(days?|weeks?)\b/g,
      (_m, n: string, unit: string) => ` next ${COUNT_WORDS[n.replace(/ of$/, '')] ?? n} ${unit} `,
    )
    .replace(
      /\bnext\s+(a couple of|a few|couple of|few)\s+(days|weeks)\b/g,
      (_m, n: string, unit: string) => ` next ${COUNT_WORDS[n.replace(/ of$/, '')] ?? 3} ${unit} `,
    )
    .replace(/(^|[^a-z]\s*)(?<!next |last |past |previous |coming )\b(\d{1,3})\s+(days)\b/g, '$1 next $2 $3')
    .replace(/\bthis\s+(week|month)\s+(and|&|or|\+)\s+next\b(?!\s+(?:week|month))/g, 'this $1 $2 next $1');
  // "21st-24th", "14 - 18 dec": a range, whatever the spacing.
  t = t.replace(
    /(?<![\d/.:-])\b(\d{1,2}(?:st|nd|rd|th)?)\s*[-–]\s*(\d{1,2}(?:st|nd|rd|th)?)\b(?![/.:-]?\d)/g,
    '$1 to $2',
  );
  t = t.replace(DAYS_OF_A_WEEK, (_m, ...g: (string | undefined)[]) => {
    const [a, b, which] = g[0] ? [g[0], g[1], g[2]] : [g[4], g[5], g[3]];
    const monday = addDays(startOfWeek(today), which === 'next' ? 7 : which === 'last' ? -7 : 0);
    const day = (w: string | undefined) => {
      const d = addDays(monday, weekdayIndex((w ?? '').slice(0, 3)));
      return `${Number(d.slice(8))} ${MONTHS[Number(d.slice(5, 7)) - 1] ?? ''}`;
    };
    return ` ${day(a)} to ${day(b)} `;
  });
  // A month named (whole words: "Marsh" and "Decker" name none) gives the ordinals their month.
  if (
    !/\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b/.test(
      t,
    )
  ) {
    const first = t.match(/\b(\d{1,2})(?:st|nd|rd|th)\b/);
    if (first) {
      // The month that puts the first day named nearest today: on 2 December "the 28th" is 28
      // November, "the 14th" 14 December (the convention for any date without a year).
      const day = Number(first[1]);
      const candidates = [-1, 0, 1].map((offset) => addMonths(startOfMonth(today), offset));
      // That day in a month (its last day, for a month too short).
      const dayIn = (monthStart: IsoDate) =>
        addDays(monthStart, Math.min(day, Number(endOfMonth(monthStart).slice(8))) - 1);
      const distance = (monthStart: IsoDate) => Math.abs(daysBetween(today, dayIn(monthStart)));
      // "between now and the 18th", "by the 18th", "until the 3rd": a day still to come.
      // ("released on the 3rd", "gets out on the 18th": a release asked about is still to come.)
      const ahead =
        /\b(?:between now and|by|until|till|til|up to|before|next|coming|(?:released?|comes? out|coming out|gets? out|getting out|leaves?|leaving) on)\s+(?:the\s+)?$/.test(
          t.slice(0, first.index),
        );
      const future = candidates.filter((c) => compareDates(dayIn(c), today) >= 0);
      // "w/c 21st": the week commencing a Monday, so the month in which that day is one.
      const commencing = /\bweek (?:commencing|beginning|starting)\s+(?:the\s+)?$/.test(
        t.slice(0, first.index),
      );
      const mondays = candidates.filter((c) => dayOfWeek(dayIn(c)) === 1);
      const pool = commencing && mondays.length ? mondays : ahead && future.length ? future : candidates;
      const best = pool.reduce((a, b) => (distance(b) < distance(a) ? b : a));
      const month = MONTHS[Number(best.slice(5, 7)) - 1] ?? '';
      t = t.replace(/\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b(?!\s+of\b)/g, `$1 ${month}`);
    }
  }
  return t.replace(/\s+/g, ' ');
}

function capitalised(word: string): string {
  return `${word[0]?.toUpperCase() ?? ''}${word.slice(1)}`;
}

/** Of a date's readings (this year's and another's), the one nearest today; a tie goes forward. */
function nearest(m: DateMention, today: IsoDate): [IsoDate, IsoDate] | null {
  const { future, past } = m;
  if (!future || !past) return future ?? past;
  const distance = ([from, toExclusive]: [IsoDate, IsoDate]) => {
    const to = m.kind === 'date' ? from : addDays(toExclusive, -1);
    if (compareDates(today, from) >= 0 && compareDates(today, to) <= 0) return 0;
    return Math.min(Math.abs(daysBetween(today, from)), Math.abs(daysBetween(today, to)));
  };
  return distance(past) < distance(future) ? past : future;
}

function weekLabel(from: IsoDate, today: IsoDate): string {
  const thisWeek = startOfWeek(today);
  if (from === thisWeek) return 'this week';
  if (from === addDays(thisWeek, 7)) return 'next week';
  if (from === addDays(thisWeek, -7)) return 'last week';
  return `in the week of ${formatUkDate(from)}`;
}

function monthLabel(from: IsoDate, today: IsoDate): string {
  const thisMonth = startOfMonth(today);
  if (from === thisMonth) return 'this month';
  if (from === addDays(endOfMonth(today), 1)) return 'next month';
  if (from === startOfMonth(addDays(thisMonth, -1))) return 'last month';
  const [y, m] = from.split('-');
  return `in ${capitalised(MONTHS[Number(m) - 1] ?? '')} ${y}`;
}

function dayLabel(d: IsoDate, today: IsoDate): string {
  if (d === today) return 'today';
  if (d === addDays(today, 1)) return 'tomorrow';
  if (d === addDays(today, -1)) return 'yesterday';
  return `on ${formatUkDate(d)}`;
}

interface Resolved {
  period: Period;
  days: number | null;
  mention: DateMention;
}

const FORWARD = /^(?:the\s+)?(?:next|coming|following|upcoming)\s+(\d+|few|couple)/;
const BACKWARD = /^(?:the\s+)?(?:last|past|previous)\s+(\d+|few|couple)/;

/** One recognised mention as an inclusive span of days, by this product's conventions. */
function resolve(m: DateMention, today: IsoDate, prepared: string): Resolved | null {
  const before = prepared.slice(Math.max(0, m.start - 12), m.start);
  const text = m.text.toLowerCase();
  if (m.kind === 'date') {
    // A weekday on its own is the next one (today counts), unless it is looked back to.
    const weekday = /^XXXX-WXX-\d$/.test(m.timex);
    const back = /\b(?:last|previous|since|past)\s*$/.test(before);
    const pick = weekday ? (back ? m.past : m.future) : nearest(m, today);
    if (!pick) return null;
    return {
      period: { from: pick[0], to: pick[0], label: dayLabel(pick[0], today) },
      days: null,
      mention: m,
    };
  }
  if (/^end of (?:the |this )?month$|^(?:the )?rest of (?:the |this )?month$/.test(text)) {
    return {
      period: { from: today, to: endOfMonth(today), label: 'by the end of the month' },
      days: null,
      mention: m,
    };
  }
  const span = nearest(m, today);
  if (!span) return null;
  const [from, toExclusive] = span;
  if (m.timex.startsWith('(')) {
    const n = daysBetween(from, toExclusive);
    // "the last days to charge": a span of no days is words, not a period.
    if (n <= 0) return null;
    // "last days", "next days" without a count say no span at all.
    if (
      /^(?:the\s+)?(?:next|coming|following|upcoming|last|past|previous)\b/.test(text) &&
      !FORWARD.test(text) &&
      !BACKWARD.test(text)
    )
      return null;
    if (FORWARD.test(text)) {
      return {
        period: { from: today, to: addDays(today, n), label: `in the next ${n} days` },
        days: n,
        mention: m,
      };
    }
    if (BACKWARD.test(text)) {
      return {
        period: { from: addDays(today, -(n - 1)), to: today, label: `in the last ${n} days` },
        days: null,
        mention: m,
      };
    }
    // A quarter ("q3") comes as whole months, its end the first day after them.
    if (/,P\d+M\)$/.test(m.timex) && from.endsWith('-01') && toExclusive.endsWith('-01')) {
      const to = addDays(toExclusive, -1);
      return {
        period: { from, to, label: `from ${formatUkDate(from)} to ${formatUkDate(to)}` },
        days: null,
        mention: m,
      };
    }
    // Named ends ("from 7 to 11 Dec", "mon-wed", "between now and Friday") include both days.
    const to = toExclusive;
    const label =
      from === today && /\bnow\b/.test(text)
        ? daysBetween(today, to) < 7
          ? `by ${capitalised(WEEKDAYS[dayOfWeek(to) - 1] ?? '')}`
          : `by ${formatUkDate(to)}`
        : `from ${formatUkDate(from)} to ${formatUkDate(to)}`;
    return { period: { from, to, label }, days: null, mention: m };
  }
  const to = addDays(toExclusive, -1);
  let label: string;
  if (/-WE$/.test(m.timex))
    label =
      from === addDays(startOfWeek(today), 5)
        ? 'this weekend'
        : from === addDays(startOfWeek(today), 12)
          ? 'next weekend'
          : `the weekend of ${formatUkDate(from)}`;
  else if (/W\d{2}$/.test(m.timex) || /^week (?:commencing|beginning|starting|of)\b|^wb\b/.test(text))
    label = weekLabel(from, today);
  else if (/^(?:\d{4}|XXXX)-\d{2}$/.test(m.timex)) label = monthLabel(from, today);
  else label = from === to ? dayLabel(from, today) : `from ${formatUkDate(from)} to ${formatUkDate(to)}`;
  return { period: { from, to, label }, days: null, mention: m };
}

/** "may" is a verb as often as a month: a month only after in/for/during/of, or before a year. */
function plausible(m: DateMention, prepared: string): boolean {
  if (m.text.trim().toLowerCase() !== 'may') return true;
  return /\b(?:in|for|during|of)\s+may\b|\bmay\s+\d{4}\b/.test(prepared);
}

const PERIOD_TEXT_LIMIT = 400;

export interface PeriodReading {
  period: Period | null;
  /** "next 14 days", "fortnight": a count of days ahead, when given. */
  days: number | null;
  /** The words the period was read from: never a person's name. */
  words: string[];
}

/** Finds the period a message speaks of, or null when it names none. */
export function parsePeriod(text: string, today: IsoDate): PeriodReading {
  if (!DATE_WORD.test(text)) return { period: null, days: null, words: [] };
  // A period is named in the question itself; what follows a long message (a return's good news,
  // a pasted email) is free text, and the recogniser's cost grows with the length.
  const prepared = prepare(text.slice(0, PERIOD_TEXT_LIMIT), today);
  const mentions = recogniseDates(prepared, today).filter((m) => plausible(m, prepared));
  // A date inside a range the recogniser also found ("11 dec" in "from 7 to 11 dec") is part of it.
  const outer = mentions.filter(
    (m) =>
      !mentions.some(
        (o) =>
          o !== m &&
          o.start <= m.start &&
          o.start + o.text.length >= m.start + m.text.length &&
          o.text.length > m.text.length,
      ),
  );
  const resolved = outer.map((m) => resolve(m, today, prepared)).filter((r): r is Resolved => r !== null);
  const words = outer.flatMap((m) => m.text.toLowerCase().split(/\s+/));
  if (!resolved.length) return { period: null, days: null, words };

  // The period asked for follows the request ("…before Christmas kicks in, so could you let me
  // know who is out next week?"): dates told as context before it ("I'm off from the 21st", "the
  // board on Thursday 10th") are not it; nor is a period turned down ("since monday, not last week").
  const candidates = askedFor(resolved, prepared);

  // Mentions joined by "and" / "to" / "-" ("this week and next week", "mon to the 14th"): one span.
  let best = candidates[0]!;
  for (let i = 1; i < candidates.length; i++) {
    const prev = candidates[i - 1]!;
    const cur = candidates[i]!;
    const between = prepared.slice(prev.mention.start + prev.mention.text.length, cur.mention.start);
    if (/^\s*(?:and|&|\+|or|to|-|till|until|through|thru)\s*$/.test(between)) {
      const from = compareDates(best.period.from, cur.period.from) <= 0 ? best.period.from : cur.period.from;
      const to = compareDates(best.period.to, cur.period.to) >= 0 ? best.period.to : cur.period.to;
      const label =
        /^this /.test(best.period.label) && /^next /.test(cur.period.label)
          ? `${best.period.label} and ${cur.period.label.replace(/^next /, 'next ')}`
          : `from ${formatUkDate(from)} to ${formatUkDate(to)}`;
      best = { period: { from, to, label }, days: null, mention: best.mention };
    } else if (cur.mention.text.length > best.mention.text.length && best === candidates[0] && i === 1) {
      best = cur;
    }
  }

  if (candidates.length > 1 && eventDay(best, prepared)) {
    const other = candidates.find((r) => r !== best && !eventDay(r, prepared));
    if (other) best = other;
  }

  // "I'm off from the 21st … show me 21/12 to 3/1": a range with both ends written is the
  // period asked for, over a single day mentioned in passing.
  if (best.period.from === best.period.to) {
    const range = candidates.find(
      (r) =>
        r.period.from !== r.period.to &&
        /\d[^]*?(?:\bto\b|\buntil\b|\btill\b|-|\band\b)[^]*?\d|\bbetween\b/.test(r.mention.text),
    );
    if (range) best = range;
  }

  // "by Friday", "until the 14th": from today up to that day; "since Monday": from then to today.
  const before = prepared.slice(Math.max(0, best.mention.start - 20), best.mention.start);
  const p = best.period;
  // "before Christmas", "this side of Christmas": up to the day before the holiday. Before a
  // working day ("before Friday") staff mean by then, so that day counts (below).
  if (
    /\bbefore\s+(?:the\s+)?$/.test(before) &&
    /\b(?:before|this side of) (?:christmas|xmas|boxing day|new year|easter)/.test(text) &&
    p.from === p.to &&
    compareDates(p.to, today) > 0
  ) {
    return {
      period: { from: today, to: addDays(p.to, -1), label: `before ${formatUkDate(p.to)}` },
      days: null,
      words,
    };
  }
  if (
    /\b(?:by|before|until|till|til|up to|no later than|between now and)\s+(?:the\s+)?$/.test(before) &&
    compareDates(p.to, today) >= 0
  ) {
    const label =
      daysBetween(today, p.to) < 7 && p.from === p.to
        ? `by ${capitalised(WEEKDAYS[dayOfWeek(p.to) - 1] ?? '')}`
        : `by ${formatUkDate(p.to)}`;
    return {
      period: { from: today, to: p.to, label: /end of the month/.test(p.label) ? p.label : label },
      days: best.days,
      words,
    };
  }
  if (/\bsince\s*$/.test(before) && compareDates(p.from, today) <= 0) {
    return { period: { from: p.from, to: today, label: `since ${formatUkDate(p.from)}` }, days: null, words };
  }
  return { period: p, days: best.days, words };
}

export function periodOrThisWeek(period: Period | null, today: string): Period {
  if (period) return period;
  const from = startOfWeek(today);
  return { from, to: endOfWeek(from), label: 'this week' };
}

export function periodText(p: Period): string {
  if (p.from === p.to) return formatUkDate(p.from);
  return p.label.startsWith('from ')
    ? p.label
    : `${p.label} (${formatUkDate(p.from)} to ${formatUkDate(p.to)})`;
}

/**
 * For questions about what already happened (deliveries, the audit, DIP outcomes): "on Monday",
 * "over the weekend" is the one just gone, not the next. A period named as ahead ("next week")
 * is left as it is.
 */
export function lookingBack(u: { period: Period | null; text: string; today: IsoDate }): Period | null {
  const p = u.period;
  if (!p || compareDates(p.from, u.today) <= 0 || daysBetween(p.from, p.to) > 6) return p;
  if (/\b(?:next|coming|upcoming|tomorrow)\b/.test(u.text)) return p;
  const from = addDays(p.from, -7);
  const to = addDays(p.to, -7);
  return {
    from,
    to,
    label: from === to ? `on ${formatUkDate(from)}` : `from ${formatUkDate(from)} to ${formatUkDate(to)}`,
  };
}
