import type { FollowUpStatus, NotNeededReason } from '../domain/acknowledgements.js';
import { addDays, compareDates, dayOfWeek, type IsoDate } from '../domain/dates.js';
import { parsePeriod, weekdayIndex } from './periods.js';
import type { Utterance } from './understand.js';

/**
 * Reading what a practitioner says about a Reset point on one case: "follow-up booked for X100001
 * on 12 Dec", "Jordan Pike's follow-up done", "no follow-up needed for X100003, recalled",
 * "contact reduced for X100006". Pure; the commands score and run it.
 */

export interface FollowUpStatement {
  status: FollowUpStatus | null;
  /** The date it is booked for, when the message gives one. */
  bookedFor: IsoDate | null;
  /** The day a done follow-up took place, when the message gives one ("done yesterday", "on 30/11"). */
  heldOn: IsoDate | null;
  reason: NotNeededReason | null;
  question: boolean;
}

/** Words that are never the person in these messages (on top of the matcher's own list). */
export const ACK_WORDS = [
  'followup',
  'followups',
  'booked',
  'book',
  'scheduled',
  'arranged',
  'diarised',
  'diarized',
  'diary',
  'made',
  'set',
  'done',
  'completed',
  'complete',
  'attended',
  'held',
  'happened',
  'place',
  'took',
  'seen',
  'not',
  'needed',
  'required',
  'necessary',
  'longer',
  'cancel',
  'cancelled',
  'canceled',
  'recalled',
  'recall',
  'exempt',
  'transferred',
  'transfer',
  'moved',
  'area',
  'now',
  'mark',
  'marked',
  'as',
  'confirm',
  'confirmed',
  'contact',
  'reduced',
  'reduce',
  'reducing',
  'reduction',
  'actioned',
  'action',
  'has',
  'been',
  'have',
  'the',
  'custody',
  'mappa',
  'out',
  'gone',
  'because',
  'reason',
  'reasons',
  'as',
  'tick',
  'ticked',
  'sorted',
  'off',
  'log',
  'logged',
  'level',
  'reset',
  'went',
  'ahead',
];

/** A question, not a statement: "is X's follow-up booked?", "has the follow-up for X been done". */
const QUESTION =
  /\?\s*$|^(?:was|were|is|are|did|does|do|which|what|who|whose|when|how|can|could|should|any|check|show|list|tell)\b|^(?:has|have|had)\s+(?:you|they|we|he|she|it|the|their|his|her|[a-z]\d{6}|\S+'s)\b/;
/** "could you record…", "please log…", "mark it as done": asking for the write, however politely. */
const RECORD_REQUEST =
  /\b(?:record|log|mark|note|update|put (?:it |that )?down|take (?:\w+ ){0,3}off|tick (?:\w+ )?off)\b/;
/** A question that is really a request to record ("could you mark it as done?"). */
/** "let me know which follow-ups I have outstanding", "show me which of my people…": a list asked for. */
const LIST_ASKED =
  /\b(?:which|what|show me|list|let me know|tell me|any|how many)\b[^.?!]*\b(?:followups?|follow ups?|twothirds|cases|people|ones|those|them|due)\b/;
const isQuestion = (t: string) =>
  (QUESTION.test(t) || LIST_ASKED.test(t) || t.split(/(?<=[.!?])\s+/).some((s) => QUESTION.test(s.trim()))) &&
  !RECORD_REQUEST.test(t);

const NOT_NEEDED =
  /\bexempt from (?:the |a |her |his |their )?(?:finalthird |final third )?followups?\b|\bfollowups?[\s:-]+(?:is |now )?exempt\b|\b(?:not|no longer)\s+(?:needed|required|necessary|going ahead|happening)\b|\bisn't (?:needed|required|necessary)\b|\b(?:doesn't|does not|doesnt|don't|do not|dont|won't|wont|will not|no longer) (?:really )?(?:need|require)s? (?:a |the |his |her |their )?(?:followup|one)\b|\b(?:don't|do not|dont) (?:really )?need the followup\b|\bno followups?\s+(?:needed|required|necessary)\b|\bno need for (?:a |the )?followup\b|\bcancel(?:led|ed)?\b|\bwon't be needed\b/;
const BOOKED = /\b(?:booked|scheduled|arranged|diari[sz]ed|in the diary|set up|made)\b/;
const DONE =
  /\b(?:done|completed?|attended|held|happened|took place|has taken place|carried out|went ahead|gone ahead|go ahead|sorted|seen (?:them|him|her)|saw (?:them|him|her))\b/;
const NEGATED =
  /\b(?:not|isn't|hasn't|wasn't|haven't|not yet|never)\s+(?:yet\s+)?(?:been\s+)?(?:booked|done|completed|attended|held|arranged|scheduled)\b/;

const REASONS: [NotNeededReason, RegExp][] = [
  ['recalled', /\brecall(?:ed)?\b|\bback (?:in|into) custody\b|\bin custody\b/],
  ['exempt_now', /\bexempt\b|\bnow mappa\b|\bmappa\b|\bvery high rosh\b|\bchild protection\b|\bnsd\b/],
  [
    'transferred',
    /\btransfer(?:red|ring)?\b|\bmoved (?:out of |to another |area|pdu)|\bout of area\b|\banother (?:pdu|region|area)\b/,
  ],
];

/** "for Friday", "on Tuesday": the next such day (today counts). */
function weekdayDate(text: string, today: IsoDate): IsoDate | null {
  const m =
    /\b(?:for|on|next)\s+(?:next\s+|this\s+)?([a-z]+day|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b/.exec(
      text,
    );
  if (!m) return null;
  const wd = weekdayIndex((m[1] ?? '').replace(/^(tues|thur|thurs)$/, (w) => w.slice(0, 3)));
  if (wd < 0) return null;
  const delta = (wd + 1 - dayOfWeek(today) + 7) % 7;
  return addDays(today, /\bnext\s+[a-z]+day\b/.test(m[0]) && delta === 0 ? 7 : delta);
}

/**
 * When a done follow-up took place: "today", "this morning", "yesterday", a date, or a weekday
 * said in the past ("on Monday" is the last Monday, today included). A date still to come is kept,
 * so the command can refuse it rather than guess.
 */
function heldDate(text: string, single: IsoDate | null, today: IsoDate): IsoDate | null {
  if (/\b(?:yesterday|yday)\b/.test(text)) return addDays(today, -1);
  if (/\b(?:today|this (?:morning|afternoon)|earlier)\b/.test(text)) return today;
  // "did it on Monday - the appointment on the 9th got cancelled": a day still to come cannot be
  // when it was held, so a weekday said beside it is.
  const weekday = weekdayDate(text, today);
  const said = single && !(weekday && compareDates(single, today) > 0) ? single : (weekday ?? single);
  if (!said) return null;
  // A weekday without a date: the one just gone, not the next one.
  const bareWeekday =
    (said === weekday || !/\d/.test(text.replace(/\b[a-z]\d{6}\b/g, ''))) && compareDates(said, today) > 0;
  return bareWeekday ? addDays(said, -7) : said;
}

/** "booked his follow up for 15/12 instead" (after "he can't do the 10th"): the day it is booked for. */
function bookedDay(text: string, today: IsoDate): IsoDate | null {
  const m =
    /\b(?:booked|rebooked|arranged|scheduled|moved|diari[sz]ed)\b(?:\s+[\w']+){0,5}?\s+(?:for|on|to)\s+(\d{1,2}\/\d{1,2}(?:\/\d{2,4})?|(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?(?:\s+(?:of\s+)?[a-z]+)?)/.exec(
      text,
    );
  const p = m ? parsePeriod(m[1] ?? '', today).period : null;
  return p && p.from === p.to ? p.from : null;
}

export function readFollowUpStatement(u: Utterance): FollowUpStatement | null {
  const t = u.text;
  // "done the follow up with X100001": the normaliser reads "follow up with" as the verb, but
  // beside a status word it is the appointment.
  // "Jo Pike - not needed, recalled": only a follow-up is "not needed" for a reason.
  const named =
    u.words.includes('followup') ||
    u.words.includes('followups') ||
    /\bfollow ups?\b/.test(t) ||
    (NOT_NEEDED.test(t) && REASONS.some(([, re]) => re.test(t)));
  if (!named) return null;
  const question = isQuestion(t) || (/\?\s*$/.test(u.raw) && !RECORD_REQUEST.test(t));
  if (NEGATED.test(t) && !NOT_NEEDED.test(t))
    return { status: null, bookedFor: null, heldOn: null, reason: null, question };
  let status: FollowUpStatus | null = null;
  // "follow-up to be arranged", "needs booking": still to do, nothing to record.
  if (
    /\b(?:to be|yet to be|needs? to be|needs?) (?:arranged|booked|done|scheduled|booking|arranging)\b/.test(t)
  )
    return null;
  // "did alex pike's follow up on monday" (no question mark), "…can you mark it as done": said
  // outright, whatever else the message tells ("the appointment on the 9th got cancelled").
  const saidDone =
    (!/\?/.test(u.raw) &&
      /^(?:i |we |just )?did (?:his |her |their |[a-z]+ [a-z]+(?:'s|s) |[a-z]+'s )followup\b/.test(t)) ||
    /\b(?:mark|record|log|put) (?:it|that|this|them|the followup)? ?(?:down )?as (?:done|completed?|attended)\b/.test(
      t,
    ) ||
    /\b(?:i|we) did (?:[a-z]+ [a-z]+'s|[a-z]+'s|the|his|her|their) followup\b/.test(t);
  if (saidDone && !NEGATED.test(t)) status = 'done';
  else if (NOT_NEEDED.test(t)) status = 'not_needed';
  else if (BOOKED.test(t)) status = 'booked';
  else if (DONE.test(t)) status = 'done';
  if (!status) return null;
  const questionAsked = saidDone && !/\?/.test(u.raw) ? false : question;
  const reason = status === 'not_needed' ? (REASONS.find(([, re]) => re.test(t))?.[0] ?? null) : null;
  const single = u.period && u.period.from === u.period.to ? u.period.from : null;
  // "sorted - it's on Tuesday the 15th": arranged for a day to come is booked, not done.
  if (
    status === 'done' &&
    single &&
    compareDates(single, u.today) > 0 &&
    /\b(?:sorted|arranged|set up|organised|organized|in place)\b/.test(t)
  )
    status = 'booked';
  const bookedFor = status === 'booked' ? (bookedDay(t, u.today) ?? single ?? weekdayDate(t, u.today)) : null;
  const heldOn = status === 'done' ? heldDate(t, single, u.today) : null;
  return { status, bookedFor, heldOn, reason, question: questionAsked };
}

/** "contact reduced for X100006", "reduced contact for Robin Marsh at two-thirds". */
export function readContactReduced(u: Utterance): { question: boolean } | null {
  const t = u.text;
  const said =
    /\breduced (?:[\w']+ ){1,2}(?:contact|reporting)\b|\b(?:twothirds|reset) reduction (?:as )?(?:done|made|actioned|in place|sorted|completed?|finished)\b|\btwothirds (?:contact )?(?:reduced|dropped|actioned|done|sorted)\b|\b(?:dropped|reduced|moved|stepped (?:\w+ )?down|put) (?:\w+ ){0,2}(?:to|onto|on) (?:the )?reset (?:contact )?(?:level|rate|frequency)\b|\b(?:done|made|actioned|completed|sorted) (?:the |his |her |their |[a-z]+'s |[a-z]+ [a-z]+'s )?(?:twothirds |reset )?reduction\b|\bcontact(?:'s| has| is| was|s)? (?:been |now )?(?:reduced|stepped down|cut|dropped|reduction (?:done|made|actioned|in place))\b|\b(?:reduced|stepped down|cut|dropped) (?:the |their |his |her )?(?:contact|reporting|appointments?)\b|\b(?:reduced|reduce|reducing|dropped|dropping|stepped (?:\w+ )?down|moved|moving|gone|going|put) (?:\w+ ){0,3}(?:to|onto) (?:monthly|fortnightly|less frequent)\b|\btwothirds (?:point )?(?:actioned|done|dealt with|reached|ack(?:nowledged)?)\b|\b(?:actioned|ack(?:nowledge)?|confirm(?:ed)?) (?:the |their |his |her )?(?:\w+ ){0,3}twothirds\b|\b(?:reduced|stepped down) at (?:the )?twothirds\b|\b(?:contact|reporting|appointments?) (?:now )?(?:reduced|dropped|cut|stepped down|down)\b|\b(?:now |is |been |gone |moved )?down to (?:monthly|fortnightly|less frequent|every (?:two|2|four|4) weeks)\b|\btwothirds\b.*\bas actioned\b/.test(
      t,
    );
  if (!said) return null;
  if (
    /\b(?:not|isn't|hasn't|haven't|have not|wasn't|never)\s+(?:yet\s+)?(?:been\s+)?reduced\b|\bnot yet\b/.test(
      t,
    )
  )
    return null;
  return { question: isQuestion(t) || (/\?\s*$/.test(u.raw) && !RECORD_REQUEST.test(t)) };
}

/**
 * Office talk around an acknowledgement is not a record, unless it tells what was done ("FYI…")
 * or asks for the record ("…can you record that", "mark done").
 */
export function talkWithoutRecord(u: Utterance): boolean {
  return (
    u.chatter &&
    !/^(?:fyi|just to let you know|just so you know|heads up)\b/.test(u.text) &&
    !/\b(?:record|log|mark|note|tick) (?:that|it|this|as|done|off)\b/.test(u.text)
  );
}

/** Whether a message acknowledges a follow-up or a two-thirds point, so the lookups stand down. */
export function acknowledgesResetPoint(u: Utterance): boolean {
  const f = readFollowUpStatement(u);
  if (f && f.status && !f.question) return true;
  const c = readContactReduced(u);
  return c !== null && !c.question;
}
