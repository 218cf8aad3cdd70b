import type { DipOutcome } from '../domain/dip.js';

/**
 * Reading "DIP-26-0304 PCR issued", "0304 nfa ra1 not signed", "STL passed for DIP-26-0274" or
 * "DIP-26-0304 and 0305 charged": which outcome, for which breaches, with an optional note
 * ("note: left at the address"). Pure and separate from the matcher so the same reading serves the
 * command and the commands that stand down for it (the STL lookups hear "STL" and a reference too).
 */

export interface DipOutcomeStatement {
  /** The outcome said; null when outcome words disagree or are negated. */
  outcome: DipOutcome | null;
  /** Every outcome the words name, for the refusal when there is more than one. */
  named: DipOutcome[];
  /** Full references as typed, upper-cased with spaces as hyphens (DIP-26-0304). */
  references: string[];
  /** Bare numbers standing for the end of a reference ("0304"). */
  suffixes: string[];
  note: string | null;
  /** A question ("was DIP-0004 charged?"): never recorded. */
  question: boolean;
  /** The message asks for the write ("record…", "mark it as…", "log that…"). */
  asksToRecord: boolean;
}

export const MAX_NOTE_LENGTH = 500;

const REFERENCE = /\b(DIP(?:[-\s/]?\d{2}[-\s/]?\d{3,6}|-\d{2,10}|\s\d{4,10}|\d{4,10}))\b/gi;
/** As references are written: "dip23 0417" → DIP-23-0417, "dip0005" → DIP-0005. */
function canonicalReference(typed: string): string {
  return typed
    .toUpperCase()
    .replace(/[\s/]/g, '-')
    .replace(/^DIP-?(\d{2})-(\d{3,6})$/, 'DIP-$1-$2')
    .replace(/^DIP(\d{4})$/, 'DIP-$1');
}

/** The first DIP reference a message names, as references are written, or null. */
export function firstReference(raw: string): string | null {
  const typed = new RegExp(REFERENCE.source, 'i').exec(raw)?.[1];
  return typed ? canonicalReference(typed) : null;
}
const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
/** Dates and times, removed before looking for bare numbers ("charged on 28 Nov 2026"). */
const DATES = new RegExp(
  String.raw`\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?\b|\b\d{1,2}(?:st|nd|rd|th)?(?: of)? ${MONTH}(?: \d{4})?\b|\b${MONTH} \d{1,2}(?:st|nd|rd|th)?(?: \d{4})?\b|\b\d{1,2}:\d{2}\b`,
  'gi',
);
const BARE = /(?<![\w/-])(\d{3,6})(?![\w/-])(?!\s*(?:days?|weeks?|months?|hours?|mins?|minutes?)\b)/g;

const NEGATED =
  /\b(?:not|never|no|isn't|hasn't|wasn't|haven't|weren't|aren't|didn't|hasnt|wasnt|isnt|couldn't|could not|couldnt|failed to|unable to)\s+(?:yet\s+)?(?:get\s+(?:it\s+|him\s+|her\s+|them\s+)?)?(?:been\s+|being\s+|a\s+)?$/;

/** "pcr not issued", "charged? no": the words after an outcome take it back. */
const NEGATED_AFTER = /^\s+(?:(?:was|has|have|is|been|yet)\s+)*(?:not|never)\b(?!\s+signed)/;

/** Each outcome's phrasings, most specific first: "arrested and charged" is charged, not arrested. */
const PATTERNS: [DipOutcome, RegExp][] = [
  [
    'stl_passed',
    /\b(?:stls?|statutory time limits?|time limits?)(?:'s|\s+(?:has|have|is|now))?\s+(?:passed|expired|lapsed|gone|missed|run out|ran out|elapsed)\b|\b(?:log|mark|record|put)(?: it| this| that)? (?:down )?as (?:stl )?(?:passed|expired|lapsed)\b|(?<!\b(?:running|run|runs|ran|nearly|almost)\s)\bout of time\b|\b(?:passed|missed|expired|lapsed)\s+(?:the\s+)?(?:stl|time limit)\b/,
  ],
  [
    'nfa_ra1_not_signed',
    /\bra1\s+(?:was\s+)?(?:not|never|wasn't|wasnt)\s+signed\b|\bra1\s+unsigned\b|\bunsigned\s+ra1\b|\b(?:did not|didn't|didnt|refused to|wouldn't|wouldnt|would not|won't|wont|couldn't|couldnt|never)\s+sign\s+(?:the\s+|their\s+|his\s+|her\s+)?ra1\b|\bno\s+signed\s+ra1\b|\bnfa\s*[-:(]?\s*ra1\b/,
  ],
  ['charged', /\barrested and charged\b|\bcharged\b/],
  [
    'pcr_issued',
    /\bpcrs?\b|\bpostal (?:charge )?requisitions?\b|\brequisitions?\s+(?:issued|sent|posted|done)\b/,
  ],
  ['arrested', /\barrested\b|\bnicked\b|\blifted\b|\bpicked up by (?:the )?police\b|\bin police custody\b/],
  [
    'circulated_fta',
    /\bcirculated\b|\bcirc\s+(?:as\s+)?wanted\b|\bwanted\s+(?:for|on)\s+(?:an?\s+)?(?:fta|failing to attend|failure to attend)\b|\bfta\s+circ(?:ulated)?\b/,
  ],
  [
    'engaging',
    /\b(?:now\s+|is\s+)?engaging\b|\bre-?engaged\b|\bnew appointment\b|\bre-?booked\b|\bengaged\b/,
  ],
  [
    'nfa_other',
    /\bnfa\b|\bno further action\b|\bcps (?:declined|dropped|discontinued)\b|\bnot (?:being )?(?:taken|proceeding) (?:any )?further\b/,
  ],
];

/** "arrested, not yet charged": the clock runs on, so that is arrested. */
const NOT_YET_CHARGED = /\bnot\s+(?:yet\s+)?(?:been\s+)?charged\b|\buncharged\b/;

function outcomesIn(text: string): { named: DipOutcome[]; negated: boolean } {
  const named: DipOutcome[] = [];
  let negated = false;
  const negatedOnes: DipOutcome[] = [];
  let rest = text;
  if (NOT_YET_CHARGED.test(rest)) {
    rest = rest.replace(NOT_YET_CHARGED, ' ');
    if (/\barrested\b/.test(rest)) named.push('arrested');
    else negated = true;
    rest = rest.replace(/\barrested\b/g, ' ');
  }
  for (const [outcome, pattern] of PATTERNS) {
    const m = pattern.exec(rest);
    if (!m) continue;
    const after = rest.slice(m.index + m[0].length);
    if (NEGATED.test(rest.slice(0, m.index)) || NEGATED_AFTER.test(after)) negatedOnes.push(outcome);
    else if (!named.includes(outcome)) named.push(outcome);
    // The words are used up: "nfa ra1 not signed" is not also "nfa".
    rest = rest.replace(new RegExp(pattern.source, 'g'), ' ');
  }
  // "STL passed, couldn't get it charged in time": a denied outcome beside a stated one leaves the
  // stated one; denied alone ("pcr not issued"), there is nothing to record.
  if (negatedOnes.length && !named.some((o) => !negatedOnes.includes(o))) negated = true;
  return { named: named.filter((o) => !negatedOnes.includes(o)), negated };
}

/** "could you record…", "please log…", "mark it as…": asking for a write, however politely. */
const RECORD_REQUEST =
  /\b(?:record|log|mark|note|update|put (?:it |that |this |[\w-]+ (?:and [\w-]+ )?)?(?:down|as)|enter|add|set (?:it|that|the outcome)|put (?:an? |the )?outcome)\b/;
/** "26-0304", "23/0417": a breach by its year and number, without "DIP". */
const YEAR_NUMBER = /(?<![\w/.-])(\d{2})[-/](\d{3,6})(?![\w/.-])/g;

const QUESTION =
  /\?\s*$|^(?:was|were|is|are)(?! now\b)\b|^(?:did|does|do|which|what|who|whose|when|how|can|could|should|any|check|show|list|tell)\b|^(?:has|have|had)\s+(?:you|they|we|he|she|it|the|a|an|their|his|her|dip|\S+'s)\b/;

/**
 * The statement in a message, or null when it names no outcome at all. References come from the
 * raw text (the normaliser folds their hyphens); everything else from a lower-cased copy.
 */
export function readDipOutcome(raw: string): DipOutcomeStatement | null {
  const lower = raw
    .toLowerCase()
    .replace(/<at>.*?<\/at>/g, ' ')
    .replace(/[\u2018\u2019]/g, "'");
  const noteMatch = /\b(?:notes?|comments?)\s*[:\-–]\s*([\s\S]+)$/i.exec(raw);
  const note = noteMatch?.[1]?.trim().slice(0, MAX_NOTE_LENGTH) || null;
  const head = noteMatch ? lower.slice(0, noteMatch.index) : lower;
  // A pasted, quoted message ("\"Ref DIP-26-0304 - failed to attend\" when does the stl run out")
  // is what someone else wrote: its words state nothing, its references still count.
  const typed = raw.slice(0, noteMatch?.index ?? raw.length);
  const references = [
    ...[...typed.matchAll(REFERENCE)].map((m) => canonicalReference(m[1] ?? '')),
    ...[...typed.replace(REFERENCE, ' ').matchAll(YEAR_NUMBER)].map((m) => `DIP-${m[1]}-${m[2]}`),
  ];
  // A pasted quote states nothing, unless the sender asks for it to be recorded ("… pls record").
  const unquoted = head.replace(/["“][^"”]{15,}["”]/g, ' ');
  const withoutRefs = (RECORD_REQUEST.test(unquoted) ? head : unquoted)
    .replace(REFERENCE, ' ')
    .replace(YEAR_NUMBER, ' ');
  const words = withoutRefs
    .replace(/[,;!.]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const found = outcomesIn(words);
  // "refused to sign the RA1, so it's NFA": the NFA is the RA1 one.
  const named = found.named.includes('nfa_ra1_not_signed')
    ? found.named.filter((o) => o !== 'nfa_other')
    : found.named;
  const { negated } = found;
  // "0304 done", "DIP-0004 sorted": something to record on that breach, the outcome not said.
  const doneWithIt =
    /^\s*(?:#?\d{3,6}|dip[-\s]?[\d-]+)\s*[-:]?\s*(?:done|sorted|dealt with|closed|finished|completed)[.!]?\s*$/.test(
      lower,
    );
  const asksToRecord = RECORD_REQUEST.test(words) || doneWithIt;
  // "could you record an outcome for 0304": a write asked for, the outcome still to choose.
  if (!named.length && !negated && !(asksToRecord && (/\boutcome\b/.test(words) || doneWithIt))) return null;
  const suffixes = [
    ...words
      .replace(DATES, ' ')
      .replace(/\bra1\b/g, ' ')
      .matchAll(BARE),
  ]
    .map((m) => m[1] ?? '')
    .filter((d) => !references.some((r) => r.replace(/\D/g, '').endsWith(d)));
  return {
    outcome: named.length === 1 && !negated ? (named[0] ?? null) : null,
    named,
    references: [...new Set(references)],
    suffixes: [...new Set(suffixes)],
    note,
    // Asked with the reference in it: "has DIP-0004 been charged". A polite request to record
    // ("could you mark 0304 as circulated") is not a question.
    // "DIP-0002 is engaging now": with the reference set aside the words start "is", but the
    // message does not; only a question mark or an opening question word makes it a question.
    question:
      (QUESTION.test(head.trim()) ||
        (QUESTION.test(words.replace(/^[^a-z0-9]+/, '')) &&
          !/^(?:is|are|was|were)\b/.test(words.replace(/^[^a-z0-9]+/, ''))) ||
        /\b(?:when|how long|how many days) (?:does|do|will|is|did|until)\b/.test(words)) &&
      !asksToRecord,
    asksToRecord,
  };
}

/**
 * Whether a message records an outcome (or asks to: "need to put an outcome on DIP-0006"), so the
 * STL lookups and lists leave it to dip-outcome.
 */
export function statesDipOutcome(raw: string): boolean {
  const s = readDipOutcome(raw);
  return (
    s !== null &&
    !s.question &&
    (s.outcome !== null || s.named.length > 1 || s.asksToRecord) &&
    (s.references.length > 0 || s.suffixes.length > 0)
  );
}

/** Whether a message states an outcome at all (named breach or not): the lists leave it alone. */
export function statesAnOutcome(raw: string): boolean {
  const s = readDipOutcome(raw);
  return s !== null && !s.question && (s.outcome !== null || s.named.length > 1);
}
