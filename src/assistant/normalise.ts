import { damerauLevenshtein } from '../domain/names.js';

/**
 * How a message is folded before anything reads it: lower case, shorthand expanded, one-letter
 * slips of keywords forgiven, number words as digits, and the domain's phrases ("2/3rds",
 * "follow-ups", "end of custody licence") as one token each.
 */

export const MAX_MESSAGE_LENGTH = 2000;

/**
 * Shorthand staff type, folded to the word the matchers know. Only whole words are replaced, so a
 * name is never touched unless it is exactly one of these.
 */
export const SHORTHAND: Record<string, string> = {
  nxt: 'next',
  lst: 'last',
  rpt: 'report',
  rpts: 'reports',
  yday: 'yesterday',
  fortnite: 'fortnight',
  wk: 'week',
  wks: 'weeks',
  mnth: 'month',
  mth: 'month',
  tmrw: 'tomorrow',
  tmr: 'tomorrow',
  tmoz: 'tomorrow',
  tomoz: 'tomorrow',
  wknd: 'weekend',
  wkend: 'weekend',
  wkd: 'weekend',
  realese: 'release',
  realeses: 'releases',
  realesed: 'released',
  realease: 'release',
  realeases: 'releases',
  releace: 'release',
  rel: 'release',
  rels: 'releases',
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
  tues: 'tuesday',
  weds: 'wednesday',
  thur: 'thursday',
  thurs: 'thursday',
  b4: 'before',
  asap: 'soon',
  // The dropped g of everyday typing ("gettin out", "comin up", "runnin out").
  gettin: 'getting',
  comin: 'coming',
  goin: 'going',
  reachin: 'reaching',
  hittin: 'hitting',
  runnin: 'running',
  expirin: 'expiring',
  bookin: 'booking',
  lookin: 'looking',
  ty: 'thank you',
  // Question words without their apostrophe.
  whos: "who's",
  whens: "when's",
  whats: "what's",
  wheres: "where's",
  hows: "how's",
  wat: 'what',
  shd: 'should',
  shld: 'should',
  shud: 'should',
  transfered: 'transferred',
  tranfered: 'transferred',
  transfred: 'transferred',
  wot: 'what',
  tysm: 'thank you',
};

/**
 * Keywords whose one-letter slips (a missing, extra, wrong or swapped letter) are forgiven:
 * "two thrids", "folow ups", "elligible", "iom retrun". Only words of five letters or more, so
 * short words (and most names) are never "corrected" into something else.
 */
const TYPO_KEYWORDS =
  `thirds third follow followup followups eligible eligibility expiring expire expires expired
  release releases released tranche tranches
  expiry statutory return returns returned status cohort report reports deliveries delivery digest digests
  reminders reminder appointment appointments licence license custody deadline deadlines fortnight tomorrow
  january february april august september october november december monday tuesday wednesday thursday
  friday saturday sunday audit snooze settings preferences checklist outstanding qualify integrated
  offender management commands instructions examples release releases released releasing deliver delivered delivering`
    .split(/\s+/)
    .filter(Boolean);
export const TYPO_KEYWORD_SET = new Set(TYPO_KEYWORDS);
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
    .replace(/[\u2013\u2014]/g, '-')
    // f/u, f/up, fu, fu's: staff shorthand for the follow-up appointment (before "u" becomes "you").
    .replace(/\bf\s*\/\s*ups?\b|\bf\s*\/\s*u(?:'?s)?\b|\bfu(?:'?s)?\b/g, ' followup ')
    // "might of missed one": the everyday spelling of "might have".
    .replace(/\b(might|could|would|should|must) of\b/g, '$1 have');
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
      // "2 3rds", "two-thirds", "2thirds"; never "23rd" (a date).
      .replace(/\b(?:two|2)(?:[\s-]+(?:thirds?|3rds?)|[\s-]*thirds?)\b/g, ' twothirds ')
      // "contact reduction", "reset reduction": what the two-thirds point brings.
      .replace(/\b(?:contact|reset) reductions?\b/g, ' twothirds reduction ')
      // "probation reset points": the Reset's name for the two-thirds point.
      .replace(/\b(?:probation )?reset points?\b/g, ' twothirds point ')
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
