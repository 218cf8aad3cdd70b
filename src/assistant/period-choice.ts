import type { DateMention } from './date-mentions.js';

/**
 * Which of the periods a message names is the one asked about. Pure: the text the recogniser was
 * given and where each mention lies in it.
 */

interface Placed {
  mention: Pick<DateMention, 'start' | 'text'>;
}

/**
 * "Ahead of the management meeting on Thursday … reaching two-thirds during December": a day that
 * dates an event is context; another period in the message is the one asked about.
 */
const EVENT =
  /\b(?:meeting|meetings|training|call|panel|court|hearing|conference|leave|holiday|away|off|appraisal|supervision|briefing|review|board)\b[^.?!]{0,20}$/;
export function eventDay(r: Placed, prepared: string): boolean {
  return EVENT.test(prepared.slice(Math.max(0, r.mention.start - 40), r.mention.start));
}

/** Where a request or question to the bot starts: what it asks about comes after. */
const REQUEST_START =
  /\b(?:could you|can you|would you|will you|could i|can i|may i|show me|let me know|tell me|give me|pull up|who|whos|who's|which|any of|is there|are there|how many)\b/g;
/** "not last week", "rather than this month", "he can't do the 10th": a period turned down. */
const TURNED_DOWN =
  /\b(?:not|rather than|instead of|(?:can't|cant|cannot|can not|couldn't|couldnt) (?:do|make))\s+(?:for\s+|from\s+|the\s+)?$/;

/**
 * The mentions that can be the period asked for: those after the last request that has any after
 * it (unless they only date an event), and none turned down, when that leaves any.
 */
export function askedFor<T extends Placed>(resolved: T[], prepared: string): T[] {
  let list = resolved.filter(
    (r) => !TURNED_DOWN.test(prepared.slice(Math.max(0, r.mention.start - 16), r.mention.start)),
  );
  if (!list.length) list = resolved;
  const starts = [...prepared.matchAll(REQUEST_START)].map((m) => m.index);
  for (let k = starts.length - 1; k >= 0; k--) {
    const after = list.filter((r) => r.mention.start > starts[k]! && !eventDay(r, prepared));
    if (after.length) return after.length < list.length ? after : list;
  }
  return list;
}
