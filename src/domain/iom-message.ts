import type { IsoDate } from './dates.js';
import { findMonths, lastCompletedMonth, monthLabel, monthProblem, type MonthMention } from './iom-months.js';
import {
  checkCount,
  checkGoodNews,
  finish,
  type FieldError,
  type IomCount,
  type IomFigures,
  type ParsedReturn,
} from './iom-return.js';

/**
 * An IOM return as staff type it in one message: the counts and their names, the good-news
 * stories, and corrections to a return already sent ("sorry, arrests should be 7 not 6").
 */

/**
 * The names of each count as teams write them, shorthand included (HVs, PVs, panel refs, CBOs).
 * Judicial orders come in kinds (CBOs, CPNs, injunctions…): several kinds in one return add up.
 */
const LABELS: [IomCount, RegExp][] = [
  ['arrests', /\barrest(?:s|ed)?\b|\barrs?\b/g],
  ['homeVisits', /\bhome[\s-]*visits?\b|\bh\.?v'?s?\b/g],
  ['prisonVisits', /\bprison[\s-]*visits?\b|\bp\.?v'?s?\b/g],
  [
    'panelReferrals',
    /\bpanel[\s-]*referrals?\b|\breferrals?\s+to\s+(?:the\s+)?panel\b|\bpanel[\s-]*refs?\b|\bpanels?\b|\bp\.?r\b|\breferrals?\b/g,
  ],
  [
    'judicialOrders',
    /\bjudicial[\s-]*orders?\b|\bjud(?:icial)?\.?\s*orders?\b|\bj\.?o'?s?\b|\borders?\b|\bcbos?\b|\bcpns?\b|\bcriminal\s+behaviou?r\s+orders?\b|\bcommunity\s+protection\s+(?:notices?|orders?)\b|\bcourt\s+orders?\b|\binjunctions?\b|\bdbos?\b|\bsdpos?\b|\bshpos?\b|\bspos?\b|\bdvpos?\b/g,
  ],
];

/** The kind of judicial order a label names ("cbo", "cpn"…), so that different kinds are summed. */
function orderKind(label: string): string {
  const l = label.toLowerCase().replace(/[\s-]+/g, ' ');
  if (/^cbos?$|criminal behavi/.test(l)) return 'cbo';
  if (/^cpns?$|community protection/.test(l)) return 'cpn';
  if (/injunction/.test(l)) return 'injunction';
  if (/^(?:dbo|sdpo|shpo|spo|dvpo)s?$/.test(l)) return l.replace(/s$/, '');
  return 'order';
}

// A sign only when it touches the digits: "arrests - 3" is a separator, "arrests -3" a negative.
const NUMBER_RE =
  /(?<![\w.,-])(-?)(\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:[.,]\d+)?)(?![\w])|\b(none|nil|zero|no)\b/g;

interface Token {
  kind: 'label' | 'number';
  start: number;
  end: number;
  field?: IomCount;
  text?: string;
  /** Words (none, nil, zero, no) count only when written right before or after a label. */
  word?: boolean;
}

/** Gap allowed between a label and the number after it: "arrests 10", "arrests: 10", "arrests = 10", "arrests - 10". */
const AFTER_GAP = /^[\s:=()[\]–-]*(?:(?:were|was|is|are|came to|totalled|total|of)\b[\s:=–-]*)?$/;
/** Gap allowed between a number and the label after it: "10 arrests". */
const BEFORE_GAP = /^[ \t]*$/;
/** Gap between two names of the same count: "judicial orders (CBOs)". */
const SAME_FIELD_GAP = /^[\s()/,:&-]*$|^\s*(?:or|aka|i\.?e\.?)\s*$/;

function tokenize(head: string): Token[] {
  const tokens: Token[] = [];
  for (const [field, re] of LABELS) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(head)))
      tokens.push({ kind: 'label', field, start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  NUMBER_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NUMBER_RE.exec(head))) {
    const start = m.index;
    const end = start + m[0].length;
    if (tokens.some((t) => t.kind === 'label' && start < t.end && end > t.start)) continue;
    if (m[3]) tokens.push({ kind: 'number', start, end, text: '0', word: true });
    else tokens.push({ kind: 'number', start, end, text: `${m[1] ?? ''}${m[2] ?? ''}` });
  }
  tokens.sort((a, b) => a.start - b.start);
  // "judicial orders (CBOs) 2": two names for one count read as one label.
  const merged: Token[] = [];
  for (const t of tokens) {
    const prev = merged.at(-1);
    if (
      prev &&
      t.kind === 'label' &&
      prev.kind === 'label' &&
      prev.field === t.field &&
      SAME_FIELD_GAP.test(head.slice(prev.end, t.start))
    ) {
      prev.end = t.end;
      continue;
    }
    merged.push({ ...t });
  }
  return merged;
}

type Assignment = Map<number, number>; // label token index → number token index

/**
 * Pairs each count's name with its number. "arrests 10 home visits 34" and "10 arrests 34 home
 * visits" are both common; reading every label with the number after it first, and then with the
 * number before it first, and keeping the reading that places more numbers, handles both and their
 * mixtures without guessing across commas.
 */
function assign(tokens: Token[], head: string, preferAfter: boolean): Assignment {
  const used = new Set<number>();
  const result: Assignment = new Map();
  const after = (i: number): number | null => {
    const next = tokens[i + 1];
    const label = tokens[i];
    if (!next || !label || next.kind !== 'number' || used.has(i + 1)) return null;
    return AFTER_GAP.test(head.slice(label.end, next.start)) ? i + 1 : null;
  };
  const before = (i: number): number | null => {
    const prev = tokens[i - 1];
    const label = tokens[i];
    if (!prev || !label || prev.kind !== 'number' || used.has(i - 1)) return null;
    return BEFORE_GAP.test(head.slice(prev.end, label.start)) ? i - 1 : null;
  };
  tokens.forEach((t, i) => {
    if (t.kind !== 'label') return;
    const j = preferAfter ? (after(i) ?? before(i)) : (before(i) ?? after(i));
    if (j !== null) {
      used.add(j);
      result.set(i, j);
    }
  });
  return result;
}

const GOOD_NEWS_RE = /\bgood[\s-]*news(?:[\s-]+stor(?:y|ies))?\b\s*[:\-–]?/i;
/** "gns 1", "1 GNS", "GNS: 2": the good-news stories' usual shorthand, always a count. */
const GNS_AFTER = /\bgns\s*[:=-]?\s*(\d+)\b/i;
const GNS_BEFORE = /\b(\d+)\s*gns\b/i;

const STORY_COUNT = String.raw`(\d+|no|none|zero|nil|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a few|a)`;
/** "5 good news stories", "no good news": a count of stories, before the words. */
const COUNT_BEFORE = new RegExp(
  // At the start of a list item ("…, 5 good news stories", "and 1 good news story"), so the last
  // count before a "Good news:" line ("judicial orders 5\nGood news: …") stays that count's.
  String.raw`(?:^|[,;:]\s*|\band[ \t]+)${STORY_COUNT}[ \t]+good[ \t-]*news(?:[ \t-]+stor(?:y|ies))?\b`,
  'i',
);
/** "good news 2", "good news: none": a count after the words, and nothing else. */
const COUNT_AFTER = new RegExp(String.raw`^${STORY_COUNT}\.?$`, 'i');

function storyCount(word: string): number {
  const w = word.toLowerCase();
  if (/^\d+$/.test(w)) return Number(w);
  if (w === 'a') return 1;
  if (w === 'a couple of') return 2;
  if (w === 'a few') return 3;
  return NUMBER_WORDS[w] ?? 0;
}

/**
 * Splits a message at "Good news:": the counts before it, free text after it. A number of stories
 * ("5 good news stories", "good news 0") is a count, not a story: `storyCount` says how many were
 * mentioned, and no text is taken from it.
 */
export function splitGoodNews(raw: string): {
  head: string;
  goodNews: string | null;
  storyCount: number | null;
} {
  // Counts written before their names ("3 arrests 10 hv … 4 good news"): the number before
  // "good news" is its count too, even without a comma.
  const LABELS = String.raw`(?:arrests?|hvs?|home visits?|pvs?|prison visits?)`;
  const firstBefore = new RegExp(String.raw`\b\d+\s+${LABELS}\b`, 'i').exec(raw)?.index ?? Infinity;
  const firstAfter = new RegExp(String.raw`\b${LABELS}\s*[:=-]?\s*\d+\b`, 'i').exec(raw)?.index ?? Infinity;
  const numberFirst = firstBefore < firstAfter;
  const gns = GNS_AFTER.exec(raw) ?? GNS_BEFORE.exec(raw);
  if (gns) {
    const head = raw.slice(0, gns.index) + raw.slice(gns.index + gns[0].length);
    return { head, goodNews: null, storyCount: Number(gns[1]) };
  }
  const before =
    COUNT_BEFORE.exec(raw) ??
    (numberFirst
      ? new RegExp(String.raw`\s${STORY_COUNT}[ \t]+good[ \t-]*news(?:[ \t-]+stor(?:y|ies))?\b`, 'i').exec(
          raw,
        )
      : null);
  if (before) {
    const after = raw.slice(before.index + before[0].length);
    // "a couple of good news stories (one lad got a job!)": the story in brackets is the text.
    const bracketed = /^\s*\(([^)]{3,})\)/.exec(after);
    if (bracketed)
      return {
        head: raw.slice(0, before.index) + after.slice(bracketed[0].length),
        goodNews: bracketed[1]?.trim() ?? null,
        storyCount: storyCount(before[1] ?? ''),
      };
    const head = raw.slice(0, before.index) + raw.slice(before.index + before[0].length);
    const rest = /^\s*[:\-–]\s*(.+)$/s.exec(raw.slice(before.index + before[0].length))?.[1]?.trim() ?? null;
    return {
      head: rest ? raw.slice(0, before.index) : head,
      goodNews: rest || null,
      storyCount: storyCount(before[1] ?? ''),
    };
  }
  const m = GOOD_NEWS_RE.exec(raw);
  if (!m) return { head: raw, goodNews: null, storyCount: null };
  // "no good news this month unfortunately": none to tell, and what follows is not a story.
  if (/\b(?:no|not any|without any)\s+$/i.test(raw.slice(Math.max(0, m.index - 12), m.index)))
    return { head: raw.slice(0, m.index), goodNews: null, storyCount: 0 };
  const goodNews = raw.slice(m.index + m[0].length).trim();
  const counted = COUNT_AFTER.exec(goodNews);
  if (counted)
    return { head: raw.slice(0, m.index), goodNews: null, storyCount: storyCount(counted[1] ?? '') };
  return { head: raw.slice(0, m.index), goodNews: goodNews === '' ? null : goodNews, storyCount: null };
}

const NUMBER_WORDS: Record<string, number> = {
  zero: 0,
  nil: 0,
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
  thirty: 30,
  forty: 40,
  fifty: 50,
};

/** "arrests twelve, HV twenty-one": counts written in words, as digits (in the counts, not the story). */
function wordsAsDigits(text: string, fromWords?: Set<number>): string {
  let shift = 0;
  // "A 5 / HV 12 / PV 1": among the counts' shorthand, "A" is arrests (never the article there).
  const listed = /\bhvs?\b/.test(text) && /\bpvs?\b/.test(text);
  return (
    (listed ? text.replace(/(^|[\s/,;:|])a(?=\s*[:=-]?\s*\d)/g, '$1arrests') : text)
      // "a CBO and a CPN", "an arrest": one of each.
      .replace(
        /(?<!\b(?:as|is|what's|whats|define|mean|means|about)\s)\b(?:a|an)\s+(?=(?:cbos?|cpns?|spos?|dvpos?|shpos?|sdpos?|dbos?|injunctions?|judicial orders?|court orders?|arrests?|home visits?|prison visits?|panel referrals?|referrals? to (?:the )?panel)\b)/g,
        '1 ',
      )
      .replace(
        /\b(twenty|thirty|forty|fifty)[\s-](one|two|three|four|five|six|seven|eight|nine)\b|\b(zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty)\b(?!\s+(?:of|in|or)\b)/g,
        (
          m: string,
          tens: string | undefined,
          unit: string | undefined,
          single: string | undefined,
          at: number,
        ) => {
          const out =
            tens && unit
              ? String((NUMBER_WORDS[tens] ?? 0) + (NUMBER_WORDS[unit] ?? 0))
              : String(NUMBER_WORDS[single ?? ''] ?? m);
          fromWords?.add(at + shift);
          shift += out.length - m.length;
          return out;
        },
      )
  );
}

/** True when a message carries at least one count ("arrests 10", "3 home visits"). */
export function mentionsFigures(raw: string): boolean {
  const { head } = splitGoodNews(raw);
  const lower = wordsAsDigits(head.toLowerCase());
  const tokens = tokenize(blankMonths(lower, findMonths(lower, '2000-01-01')));
  return assign(tokens, lower, true).size > 0 || assign(tokens, lower, false).size > 0;
}

function blankMonths(text: string, months: MonthMention[]): string {
  let out = text;
  for (const m of months) out = out.slice(0, m.start) + ' '.repeat(m.end - m.start) + out.slice(m.end);
  return out;
}

/**
 * Reads a return typed in one message, e.g. "IOM return for May 2024: arrests 10, home visits 34,
 * prison visits 5, panel referrals 3, judicial orders 2. Good news: …". Counts in any order, with
 * the number before or after the name; the month is optional (last month by default); everything
 * after "Good news:" is the good-news text.
 */
export function parseIomReturnText(raw: string, today: IsoDate): ParsedReturn {
  const { head, goodNews: news } = splitGoodNews(raw);
  const errors: FieldError[] = [];
  // Numbers written as words are counts only beside a count's name: "two officers off sick" is not.
  const fromWords = new Set<number>();
  // "SPO x1, DVPO x2": the count written after the kind, as a multiplier.
  const lower = wordsAsDigits(head.toLowerCase(), fromWords).replace(
    /\b([a-z]+)\s+[x×]\s?(\d{1,3})\b/g,
    (_m, kind: string, n: string) => `${n} ${kind}`.padEnd(_m.length, ' '),
  );

  const months = findMonths(lower, today);
  const distinct = [...new Set(months.map((m) => m.month))];
  let month: IsoDate | null = distinct[0] ?? lastCompletedMonth(today);
  if (distinct.length > 1) {
    errors.push({
      field: 'month',
      reason: `names more than one month (${distinct.map(monthLabel).join(' and ')}): send one return per month`,
    });
    month = null;
  } else {
    const problem = monthProblem(month, today);
    if (problem) errors.push({ field: 'month', reason: problem });
  }

  // "judicial orders 1 (a CPN)": the kinds in brackets after the count say what it is made of.
  const text = blankMonths(lower, months).replace(
    /(\bjudicial orders?\b|\bjos?\b)([\s:=-]*\d{1,3})(\s*\([^)]{1,60}\))/g,
    // Blanked, not cut: the positions of the words read as numbers stay where they were.
    (_m, label: string, count: string, kinds: string) => `${label}${count}${' '.repeat(kinds.length)}`,
  );
  const tokens = tokenize(text);
  const a = assign(tokens, text, true);
  const b = assign(tokens, text, false);
  // "3 arrests 10 hv 0 pv …": a message that opens with a number writes each before its name.
  const numberFirst = tokens[0]?.kind === 'number';
  const pairs = b.size > a.size || (b.size === a.size && numberFirst) ? b : a;

  const figures: Partial<IomFigures> = {};
  const seen = new Map<IomCount, string>();
  const kindsSeen = new Set<string>();
  tokens.forEach((t, i) => {
    if (t.kind !== 'label' || !t.field) return;
    const field = t.field;
    const j = pairs.get(i);
    if (j === undefined) {
      if (!seen.has(field)) seen.set(field, '');
      return;
    }
    const numberText = tokens[j]?.text ?? '';
    const previous = seen.get(field);
    const kind = field === 'judicialOrders' ? orderKind(t.text ?? '') : field;
    // "1 CPN and 2 CBOs": two kinds of judicial order, one count.
    if (previous && field === 'judicialOrders' && !kindsSeen.has(kind) && figures[field] !== undefined) {
      const checked = checkCount(numberText);
      if (checked.ok) figures[field] = (figures[field] ?? 0) + checked.value;
      else errors.push({ field, reason: checked.reason });
      kindsSeen.add(kind);
      return;
    }
    kindsSeen.add(kind);
    if (previous && previous !== numberText) {
      if (!errors.some((e) => e.field === field)) {
        errors.push({ field, reason: `is given twice (${previous} and ${numberText}): which is right?` });
      }
      delete figures[field];
      return;
    }
    seen.set(field, numberText);
    if (errors.some((e) => e.field === field)) return;
    const checked = checkCount(numberText);
    if (checked.ok) figures[field] = checked.value;
    else errors.push({ field, reason: checked.reason });
  });
  for (const [field, numberText] of seen) {
    if (numberText === '' && figures[field] === undefined && !errors.some((e) => e.field === field)) {
      errors.push({ field, reason: 'has no number next to it' });
    }
  }
  const placed = new Set(pairs.values());
  const stray = tokens
    .filter((t, i) => t.kind === 'number' && !t.word && !placed.has(i) && !fromWords.has(t.start))
    .map((t) => t.text);
  if (stray.length > 0) {
    errors.push({
      field: 'message',
      reason: `has ${stray.length === 1 ? 'a number' : 'numbers'} (${stray.join(', ')}) I couldn't match to a count: write each as "arrests 10" or "10 arrests"`,
    });
  }

  const goodNews = checkGoodNews(news, errors);
  return finish(figures, month, goodNews, errors);
}

/**
 * "amend nov good news stories to 4", "good news should have been 6": a correction of how many
 * good-news stories were sent. The return keeps the stories themselves, not a count, so this is
 * answered with how to add them; the month is the one named, if any.
 */
export function goodNewsCountCorrection(raw: string, today: IsoDate): { month: IsoDate | null } | null {
  const lower = raw.toLowerCase().replace(/[\u2018\u2019]/g, "'");
  if (!CORRECTION_WORDS.test(lower) && !/\bneed to (?:amend|change|correct|update)\b/.test(lower))
    return null;
  if (!/\b(?:good[\s-]*news(?:[\s-]+stor(?:y|ies))?|gns)\b[^.?!]{0,40}?\b\d{1,3}\b/.test(lower)) return null;
  // A whole return that happens to say sorry ("sorry it's late: arrests 5, …, good news 2") is a return.
  if (mentionsFigures(raw)) return null;
  return { month: findMonths(lower, today)[0]?.month ?? null };
}

/** A correction to figures already sent: the counts that change, and the month if one is named. */
export interface IomCorrection {
  month: IsoDate | null;
  changes: Partial<IomFigures>;
}

const CORRECTION_WORDS =
  /\b(?:knock|bump|down to|up to|make (?:it|that)|correct(?:ion|ed)?|amend(?:ment|ed)?|should(?:'ve| have| of)? be(?:en)?|shouldve been|shoulda been|not \d+|instead of|rather than|typo|mistake|wrong|update|change|changed|actually|meant|oops|sorry|fix|should say|should read|under-?counted|over-?counted|mis-?counted|under-?reported|over-?reported)\b/;
/** The new value in a correction: "should be 7", "were 15", "it should've been 12", "to 4", "we had 2 CPNs". */
const NEW_VALUE =
  /(?:\b(?:should(?:'ve| have| of)? (?:be(?:en)?|read|say)|shouldve been|shoulda been|is|are|was|were|to|as|now|actually|meant|reads?|read as|had|got|have)|=)\s*:?\s*(\d{1,4})\b(?!\s*(?:am|pm|th|st|nd|rd)\b)/;

/**
 * Reads a correction sent as a sentence: "sorry arrests should be 7 not 6", "correction to
 * November's return, HVs were 15 not 14", "I put 20 HVs, it should've been 12". Each count named
 * takes the value the sentence says it should have; counts not named are left as they are. Null
 * when the message is not a correction or names no count with a new value.
 */
export function parseIomCorrection(raw: string, today: IsoDate): IomCorrection | null {
  const { head } = splitGoodNews(raw);
  const lower = wordsAsDigits(head.toLowerCase().replace(/[\u2018\u2019]/g, "'")).replace(
    // "shd be 11": should, as typed in a hurry.
    /\b(?:shd|shld|shud)\b/g,
    'should',
  );
  if (!CORRECTION_WORDS.test(lower)) return null;
  const months = findMonths(lower, today);
  const text = blankMonths(lower, months);
  const labels = tokenize(text).filter((t) => t.kind === 'label' && t.field);
  // "Sorry this is late… for November we had 14 arrests, 52 home visits, 6 prison visits…": a
  // whole return that apologises, not a correction, unless it says what was wrong.
  if (
    new Set(labels.map((l) => l.field)).size >= 4 &&
    !/\b(?:should|correct(?:ion|ed)?|amend\w*|wrong|instead of|rather than|not \d+|typo|mistake|fix|meant|change)\b/.test(
      text,
    )
  )
    return null;
  const changes: Partial<IomFigures> = {};
  const afterOf = (i: number) => text.slice(labels[i]!.end, labels[i + 1]?.start ?? text.length);
  labels.forEach((label, i) => {
    const after = afterOf(i);
    // "it should be 7 arrests": a value before the label, unless it is the previous label's own
    // ("PVs were 7 and panel refs 2": the 7 is the PVs').
    // What follows that value may still lead into this label ("PVs were 5 and we had 2 CPNs").
    const before =
      i > 0 && /\d/.test(afterOf(i - 1))
        ? afterOf(i - 1).replace(/^\D*\d{1,4}/, '')
        : text.slice(labels[i - 1]?.end ?? 0, label.start);
    const value =
      after.match(NEW_VALUE)?.[1] ?? after.match(/^\s*:?\s*(\d{1,4})\b/)?.[1] ?? before.match(NEW_VALUE)?.[1];
    // "judicial orders were 3 (2 cbo 1 dvpo)": the first value named is the count; the kinds after
    // it only say what it is made of.
    if (value === undefined || !label.field || changes[label.field] !== undefined) return;
    const checked = checkCount(value);
    if (checked.ok) changes[label.field] = checked.value;
  });
  if (Object.keys(changes).length === 0) return null;
  return { month: months[0]?.month ?? null, changes };
}
