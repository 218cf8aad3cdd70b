import type { Command } from '../src/assistant/types.js';
import { readDipOutcome, type DipOutcomeStatement } from '../src/assistant/dip-outcome-words.js';
import {
  outcomeProblem,
  outcomeReply,
  resolveBreaches,
  writeOutcome,
  writeContext,
  type OutcomeLine,
} from '../src/assistant/dip-writes.js';
import { card, text } from '../src/cards/build.js';
import { DIP_OUTCOME_LABEL } from '../src/domain/dip.js';
import { addDays, compareDates, type IsoDate } from '../src/domain/dates.js';
import type { Utterance } from '../src/assistant/understand.js';
import { parsePeriod } from '../src/assistant/periods.js';
import type { DipBreachRow } from '../src/store/dip.repository.js';

export interface DipOutcomeSlots {
  statement: DipOutcomeStatement;
  /** "charged yesterday", "PCR issued on 28/11": the outcome's date when the message gives one. */
  date: IsoDate | null;
}

const plain = (message: string) => ({
  reply: { text: message, card: card([text(message)]), personalData: false },
  audit: { scope: 'dip', count: 0 },
});

/**
 * The day an outcome happened, when said: "this morning", "yesterday", a date, or a weekday (the
 * one just gone: outcomes are recorded after the event).
 */
function outcomeDate(u: Utterance): IsoDate | null {
  // "both were arrested on the 27th" (after "spent yesterday chasing…"): the date said with the
  // outcome is its day.
  const withOutcome =
    /\b(?:charged|arrested|issued|circulated|engaging|engaged|nfa'?d?|passed|sent|posted|attended)\s+(?:\w+\s+)?(on\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?(?:\s+(?:of\s+)?[a-z]+)?|on\s+\d{1,2}\/\d{1,2}(?:\/\d{2,4})?)/.exec(
      u.text,
    )?.[1];
  const said = withOutcome ? parsePeriod(withOutcome, u.today).period : null;
  if (said && said.from === said.to && compareDates(said.from, u.today) <= 0) return said.from;
  if (/\b(?:yesterday)\b/.test(u.text)) return addDays(u.today, -1);
  if (/\b(?:today|this (?:morning|afternoon))\b/.test(u.text)) return u.today;
  // A written date ("arrested 30/11") is the day, whatever else the message says.
  const written = /\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b(?!\s*\/)/.exec(u.text)?.[0];
  const day = written ? parsePeriod(written, u.today).period : null;
  if (day && day.from === day.to) return day.from;
  const one = u.period && u.period.from === u.period.to ? u.period.from : null;
  if (!one || compareDates(one, u.today) <= 0) return one;
  // A weekday ahead ("on friday" said on a Wednesday) is the one just gone; references and their
  // numbers ("dip 23 0417") say nothing about the day.
  const bareWeekday =
    /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)\b/.test(
      u.text,
    ) && !/\b\d{1,2}(?:st|nd|rd|th)\b|\b\d{1,2}\/\d{1,2}\b/.test(u.text);
  return bareWeekday ? addDays(one, -7) : one;
}

export const dipOutcome: Command<DipOutcomeSlots> = {
  name: 'dip-outcome',
  records: true,
  title: 'Record a DIP outcome',
  description:
    'Record what happened to a missed DIP assessment (PCR issued, charged, NFA, STL passed…): reminders stop for a closing outcome.',
  examples: ['DIP-26-0304 PCR issued', '0304 nfa ra1 not signed', 'STL passed for DIP-26-0274'],
  roles: ['dip_officer', 'practitioner', 'spo'],
  scopes: ['personal'],
  match(u) {
    const statement = readDipOutcome(u.raw);
    if (!statement || statement.question) return null;
    const one = outcomeDate(u);
    const slots = { statement, date: one };
    const named = statement.references.length > 0 || statement.suffixes.length > 0;
    // "DIP-0004 not charged": nothing happened to record; the STL lookup answers where it stands.
    // "could you record an outcome for 0304": the write is asked for; the answer asks which outcome.
    if (!statement.outcome && statement.named.length < 2)
      return named && statement.asksToRecord ? { score: 0.9, slots } : null;
    if (named) return { score: 0.97, slots };
    // Outcome words with no breach named: a request to record asks which breach; anything else
    // ("the NFA on that case was a joke") is talk, at most worth a "did you mean".
    const dipWords = /\b(?:dip|breach(?:es)?|stls?|pcrs?|ra1)\b/.test(u.text);
    if (dipWords && statement.asksToRecord && !u.chatter) return { score: 0.7, slots };
    return dipWords ? { score: 0.4, slots } : null;
  },
  async run(ctx, slots) {
    const s = slots.statement;
    if (s.named.length > 1)
      return plain(
        `I read more than one outcome (${s.named.map((o) => DIP_OUTCOME_LABEL[o]).join(', ')}), so I have recorded nothing. ` +
          'Send one outcome per message, e.g. "DIP-26-0304 PCR issued".',
      );
    if (!s.outcome)
      return plain(
        `Which outcome? For example "${[...s.references, ...s.suffixes][0] ?? 'DIP-26-0304'} PCR issued", "… charged", "… arrested", "… circulated for FTA", "… engaging", "… NFA RA1 not signed", "… NFA other reason" or "… STL passed".`,
      );
    if (!s.references.length && !s.suffixes.length)
      return plain(`Which breach? Give its reference, e.g. "DIP-26-0304 ${DIP_OUTCOME_LABEL[s.outcome]}".`);
    const w = writeContext(ctx);
    const date = slots.date ?? ctx.today;
    const resolved = await resolveBreaches(ctx.database, ctx.asker, s.references, s.suffixes);
    const lines: OutcomeLine[] = [];
    const problems: string[] = [];
    const ambiguous: { typed: string; candidates: DipBreachRow[] }[] = [];
    for (const r of resolved) {
      if (r.kind === 'not_found') problems.push(r.message);
      else if (r.kind === 'ambiguous') ambiguous.push({ typed: r.typed, candidates: r.candidates });
      else {
        const problem = outcomeProblem(r.row, s.outcome, date, ctx.today);
        if (problem) problems.push(problem);
        else {
          const line = await writeOutcome(w, r.row, s.outcome, date, s.note, null);
          if (line) lines.push(line);
        }
      }
    }
    const reply = await outcomeReply(w, s.outcome, lines, problems, ambiguous);
    return { reply, audit: { scope: 'dip', count: lines.filter((l) => l.result === 'recorded').length } };
  },
};
