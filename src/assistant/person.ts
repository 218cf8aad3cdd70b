import { card, heading, md, subtle, submit, text } from '../cards/build.js';
import { matchPerson, normaliseCrn, type NamedRecord } from '../domain/names.js';
import type { CommandContext, CommandResult } from './types.js';
import { type Utterance } from './understand.js';
import { personLabel as label } from '../cards/text.js';
import { personMention } from './person-words.js';

/** The person slots of a one-person question: a CRN, or the words left once command words are gone. */
export interface PersonSlots {
  crn: string | null;
  query: string | null;
  /** The message pointed clearly at a person (CRN, "Pike's", "for Jordan Pike", "Jordan Pike"). */
  cue: boolean;
  /** How many words the query has: a name is one to three; more is a phrasing not understood. */
  words: number;
}

export function personSlots(u: Utterance, commandWords: string[]): PersonSlots {
  if (u.crn) return { crn: u.crn, query: null, cue: true, words: 1 };
  const m = personMention(u, commandWords);
  return { crn: null, query: m?.query ?? null, cue: m?.cue ?? false, words: m?.words ?? 0 };
}

/**
 * Where a command looks people up: only the records the asker may see. Anything outside it is
 * answered exactly as if it did not exist.
 */
export interface PersonPool {
  /** What the records are, for messages: "cases", "people in custody". */
  noun: string;
  /** Does the CRN appear in the pool? */
  hasCrn(crn: string): Promise<boolean>;
  /** Every person in the pool, for name matching. */
  people(): Promise<NamedRecord[]>;
  /** What a "did you mean" button sends for a CRN, e.g. `ECSL eligibility for X123456`. */
  askFor(crn: string): string;
  /** The command a button runs, so the answer is not re-guessed. */
  command: string;
  /** An example question for when no one was named. */
  example: string;
}

export type PersonLookup =
  | {
      kind: 'found';
      crn: string;
      /** Said at the top of the answer when the name asked was a close misspelling of this one. */
      note?: string;
    }
  | { kind: 'reply'; result: CommandResult };

const MAX_BUTTONS = 5;

function clarify(pool: PersonPool, intro: string, candidates: NamedRecord[]): CommandResult {
  const shown = candidates.slice(0, MAX_BUTTONS);
  const buttons = shown.map((p) => submit(label(p), pool.askFor(p.crn), { command: pool.command }));
  const hasCandidates = shown.length > 0;
  const question = hasCandidates
    ? 'Pick one:'
    : `Check the spelling, or ask with the CRN, e.g. "${pool.example}".`;
  const body = [heading(hasCandidates ? 'Did you mean…' : 'No match'), text(md(intro)), subtle(question)];
  const lines = [intro, ...(hasCandidates ? [question, ...shown.map((p) => `- ${label(p)}`)] : [question])];
  return {
    reply: {
      text: lines.join('\n'),
      card: card(body, buttons),
      personalData: true,
      channelSummary: hasCandidates
        ? `I found ${shown.length} possible match${shown.length === 1 ? '' : 'es'} and need you to pick one.`
        : 'I could not find that person.',
    },
    audit: { scope: 'person', count: 0 },
  };
}

/**
 * Finds the one person a question is about, forgivingly (case, first + last, surname alone when
 * unique, CRN), in the asker's own pool. Anything else becomes a reply: "did you mean" buttons
 * for an ambiguous or misspelt name, or the same "can't find" for an unknown CRN and for one the
 * asker may not see.
 */
export async function resolvePerson(
  ctx: CommandContext,
  slots: PersonSlots,
  pool: PersonPool,
  /** A write is never made to a close spelling: the person is confirmed with a button first. */
  options: { confirmCloseMatch?: boolean } = {},
): Promise<PersonLookup> {
  if (slots.crn) {
    const crn = normaliseCrn(slots.crn);
    if (await pool.hasCrn(crn)) return { kind: 'found', crn };
    ctx.log.debug({ event: 'person_lookup', by: 'crn', outcome: 'not_found' });
    const r = matchPerson(crn, await pool.people());
    const suggestions = r.kind === 'not_found' ? r.suggestions : [];
    return {
      kind: 'reply',
      result: clarify(pool, `I can't find ${crn} among the ${pool.noun} you can see.`, suggestions),
    };
  }
  if (!slots.query) {
    const message = `Who do you mean? Give a name or a CRN, e.g. "${pool.example}".`;
    return {
      kind: 'reply',
      result: {
        reply: { text: message, card: card([text(message)]), personalData: false },
        audit: { scope: 'person', count: 0 },
      },
    };
  }
  const r = matchPerson(slots.query, await pool.people());
  ctx.log.debug({ event: 'person_lookup', by: 'name', outcome: r.kind });
  if (r.kind === 'found') return { kind: 'found', crn: normaliseCrn(r.record.crn) };
  // One close spelling in the asker's own records ("morgen reed"): answer for them, saying so.
  if (
    r.kind === 'ambiguous' &&
    r.candidates.length === 1 &&
    slots.query.trim().split(/\s+/).length <= 3 &&
    !options.confirmCloseMatch
  ) {
    const only = r.candidates[0]!;
    return {
      kind: 'found',
      crn: normaliseCrn(only.crn),
      note: `Showing ${label(only)}: the closest match to "${slots.query}" among the ${pool.noun} you can see.`,
    };
  }
  if (r.kind === 'ambiguous') {
    return {
      kind: 'reply',
      result: clarify(
        pool,
        r.candidates.length > 1
          ? `More than one person among the ${pool.noun} you can see matches "${slots.query}".`
          : `"${slots.query}" is not an exact match for anyone among the ${pool.noun} you can see.`,
        r.candidates,
      ),
    };
  }
  return {
    kind: 'reply',
    result: clarify(pool, `I can't find "${slots.query}" among the ${pool.noun} you can see.`, r.suggestions),
  };
}

/** The answer for a person found by a close spelling, with that said first. */
export function withLookupNote(result: CommandResult, lookup: PersonLookup): CommandResult {
  if (lookup.kind !== 'found' || !lookup.note) return result;
  const note = lookup.note;
  const { reply } = result;
  return {
    ...result,
    reply: {
      ...reply,
      text: `${note}\n${reply.text}`,
      ...(reply.card ? { card: { ...reply.card, body: [subtle(md(note)), ...reply.card.body] } } : {}),
    },
  };
}
