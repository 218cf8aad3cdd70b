import type { CommandContext } from './types.js';

import { type Utterance } from './understand.js';
import type { IsoDate } from '../domain/dates.js';
import { findMonths, lastCompletedMonth } from '../domain/iom-months.js';
import { mentionsFigures, splitGoodNews } from '../domain/iom-message.js';
import { boroughKey, iomBoroughs } from '../store/iom.repository.js';
import { type StaffMember, hasRole } from '../domain/staff.js';
import { normalise } from './normalise.js';

/** Shared reading of IOM questions: is it about IOM, which borough, which month. */

/** The message without its good-news text, normalised: what the IOM matchers look at. */
export function iomHead(u: Utterance): string {
  return normalise(splitGoodNews(u.raw).head);
}

/** "the nov return had 14 arrests didn't it?", "just want to check what went in", "did i send…": checking what was sent. */
export function checksWhatWasSent(raw: string): boolean {
  // ("did i actually send november's return?": whether it went, and what.)
  return /\b(?:didn't|did|wasn't|was|weren't|were|isn't|hadn't) (?:it|they|we|i)\b\s*\?|\bcheck what\b|\bwhat went in\b|^(?:did|have|has) (?:i|we) (?:actually |already |ever |definitely )?(?:send|sent|submit|submitted|do|done)\b/.test(
    raw.toLowerCase(),
  );
}

export function isIom(head: string): boolean {
  return /\biom\b|\bintegrated offender management\b/.test(head);
}

export function hasReturnWord(head: string): boolean {
  return /\breturn(?:s|ed)?\b/.test(head);
}

export function hasFigures(u: Utterance): boolean {
  return mentionsFigures(u.raw);
}

/** Whether the month's returns are in: the central team's question, asked many ways. */
export const STATUS_WORDS =
  /\b(?:status|outstanding|received|missing|chase|chasing|overdue|who has|who hasn't|who's (?:still|not|left)|who is (?:still|left)|which boroughs?|not (?:returned|sent|submitted|in)|still to|yet to|left to|come in|came in|got (?:their |the |all )?returns? in|stragglers?|has everyone|have (?:all|they all)|everyone (?:sent|submitted|returned)|all (?:in|sent|submitted)|how many boroughs|sent (?:theirs|their|them|it) (?:in|yet)|sent theirs|submitted (?:theirs|yet))\b/;
/** Looking at one return: what was sent, what it says. */
export const VIEW_WORDS =
  /\b(?:show|view|see|display|get|look at|pull up|bring up|open|check|what (?:is|was|were|are|did)|history|versions?|gone in|go in|went in|go through|gone through|went through|figures did|look like|looks like|looking like)\b/;

/**
 * London's boroughs (IOM runs by borough): a question naming one is about that borough, whether or
 * not the borough is in the data (the command then says which boroughs it knows).
 */
const LONDON_BOROUGH =
  /\b(?:barking(?: and dagenham)?|barnet|bexley|brent|bromley|camden|croydon|ealing|enfield|greenwich|hackney|hammersmith(?: and fulham)?|haringey|harrow|havering|hillingdon|hounslow|islington|kensington(?: and chelsea)?|kingston|lambeth|lewisham|merton|newham|redbridge|richmond|southwark|sutton|tower hamlets|waltham forest|wandsworth|westminster|city of london)(?:'?s)?\b/;

export function namesBorough(head: string): boolean {
  return LONDON_BOROUGH.test(head);
}

/** The figures of a return named by their labels ("arrests", "HV numbers", "judicial orders"). */
export function namesReturnFigures(head: string): boolean {
  return /\b(?:figures|numbers|stats|arrests?|hvs?|pvs?|home visits?|prison visits?|panel (?:referrals?|refs?)|judicial orders?|jos?)\b/.test(
    head,
  );
}

/** "Returns" (and "theirs") in a question: in this product that is the IOM monthly return. */
export function mentionsReturns(head: string): boolean {
  return /\breturns?\b|\bsubmissions?\b/.test(head);
}

/** The cohort and its BRAG colours, which only IOM questions talk about. */
export function mentionsCohort(head: string): boolean {
  // "blue/red/amber/green counts", "red amber green split", "how many on GPS tags".
  const colours = (head.match(/\b(?:red|amber|green|blue)\b/g) ?? []).length;
  return (
    /\bcohort\b|\bbrag\b|\brag\b|\bnominals?\b|\b(?:reds|ambers|greens|blues)\b|\bhow many (?:red|amber|green|blue)\b|\bgps\b|\b(?:electronic(?:ally)? )?tag(?:s|ged)?\b/.test(
      head,
    ) || colours >= 2
  );
}

/** The BRAG colours a question counts ("how many reds"), for the answer to lead with. */
export function coloursAsked(head: string): ('red' | 'amber' | 'green' | 'blue')[] {
  const out: ('red' | 'amber' | 'green' | 'blue')[] = [];
  for (const c of ['red', 'amber', 'green', 'blue'] as const)
    if (
      new RegExp(`\\b${c}s?\\b`).test(head) &&
      /\bhow many\b|\bcounts?\b|\bnumber of\b|\btotal\b/.test(head)
    )
      out.push(c);
  return out;
}

/** Whether the question names a month ("nov", "October 2026", "last month"). */
export function monthNamed(u: Utterance): boolean {
  return findMonths(splitGoodNews(u.raw).head, u.today).length > 0;
}

/** The month a question names, or last month (the month a return is normally for). */
export function monthAsked(u: Utterance, today: IsoDate): IsoDate {
  const head = splitGoodNews(u.raw).head;
  return findMonths(head, today)[0]?.month ?? lastCompletedMonth(today);
}

// Words that may surround a borough name in an IOM question; what remains unexplained is a borough
// the asker named that we do not know.
const FILLER = new Set(
  `a an and as at borough boroughs card chart charts cohort csv data for from give iom in is it last latest me month monthly
   my of our please previous report return returns show status the this view what whats see get open display
   brag integrated offender management export download file text me us how did do we look at summary figures numbers
   history version versions copy can i you`.split(/\s+/),
);

export type BoroughAnswer = { ok: true; borough: string } | { ok: false; message: string };

/**
 * The borough a question is about: a known IOM borough named in it, or the asker's own borough for
 * an IOM lead who names none. Known boroughs are read from the staff list and the cohort extract.
 */
export async function boroughAsked(ctx: CommandContext, u: Utterance): Promise<BoroughAnswer> {
  const known = await iomBoroughs(ctx.database);
  const head = ` ${iomHead(u).replace(/'s\b/g, '')} `;
  const named = known
    .map((b) => ({ b, n: normalise(b) }))
    // "islingtons return": the possessive without its apostrophe names the borough too.
    .filter(({ n }) => n && (head.includes(` ${n} `) || head.includes(` ${n}s `)))
    .sort((x, y) => y.n.length - x.n.length)[0];
  if (named) return { ok: true, borough: named.b };
  const monthWords = findMonths(splitGoodNews(u.raw).head, ctx.today).length > 0;
  const leftover = head
    .trim()
    .split(' ')
    .filter((w) => w && !FILLER.has(w) && !/^\d+$/.test(w) && !(monthWords && isMonthWord(w)));
  const own = ownBorough(ctx.asker, known);
  // A lead asking in their own words ("how many reds have we got") means their own borough.
  if (own && (leftover.length === 0 || !namesPlace(u.raw))) return { ok: true, borough: own };
  const list = known.length
    ? `IOM boroughs I know: ${known.join(', ')}.`
    : 'I have no IOM boroughs yet (no IOM leads or cohort imported).';
  if (leftover.length > 0 && namesPlace(u.raw)) {
    return { ok: false, message: `I don't know an IOM borough called "${leftover.join(' ')}". ${list}` };
  }
  return { ok: false, message: `Which borough? For example "…for ${known[0] ?? 'Haringey'}". ${list}` };
}

/** A capitalised word after "for"/"in"/"of" or before "'s" ("for Camden", "Barnet's"): a place was named. */
function namesPlace(raw: string): boolean {
  const place = /\b(?:for|in|of|from)\s+([A-Z][a-z]+)|\b([A-Z][a-z]+)'s\b/g;
  const cleaned = raw.replace(/\b(?:IOM|BRAG|I)\b/g, '');
  // "for October", "from Monday": a month or a day, not a place.
  return [...cleaned.matchAll(place)].some((m) => {
    const word = (m[1] ?? m[2] ?? '').toLowerCase();
    return (
      !isMonthWord(word) && !/^(?:mon|tues|wednes|thurs|fri|satur|sun)day$|^(?:last|next|this)$/.test(word)
    );
  });
}

function isMonthWord(w: string): boolean {
  return /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)$/.test(
    w,
  );
}

/** An IOM lead's borough as the known list spells it (or as their staff record does). */
export function ownBorough(asker: StaffMember, known: string[] = []): string | null {
  if (!hasRole(asker, 'iom_lead') || !asker.borough?.trim()) return null;
  const key = boroughKey(asker.borough);
  return known.find((b) => boroughKey(b) === key) ?? asker.borough.trim();
}

/** True when the asker may see this borough's figures: central team and heads of PDU any, a lead their own. */
export function maySeeBorough(
  asker: StaffMember,
  borough: string,
  extraRoles: ('head_of_pdu' | 'iom_central')[],
): boolean {
  if (hasRole(asker, ...extraRoles)) return true;
  const own = ownBorough(asker);
  return own !== null && boroughKey(own) === boroughKey(borough);
}
