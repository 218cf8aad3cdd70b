import type { Command, CommandContext } from '../src/assistant/types.js';
import type { Utterance } from '../src/assistant/understand.js';
import {
  personSlots,
  resolvePerson,
  withLookupNote,
  type PersonPool,
  type PersonSlots,
} from '../src/assistant/person.js';
import { visiblePractitioners } from '../src/assistant/scope.js';
import {
  bullets,
  card,
  container,
  facts,
  heading,
  md,
  subtle,
  text,
  type Element,
} from '../src/cards/build.js';

import { compareDates, formatUkDate } from '../src/domain/dates.js';
import {
  assessReset,
  describeExemptReason,
  SENTENCE_TYPE_TEXT,
  type CommunitySentenceType,
} from '../src/domain/reset.js';
import { casesByCrn, peopleOnCaseloads, resetFactsOf, type CaseRow } from '../src/store/cases.repository.js';
import { personLabel } from '../src/cards/text.js';
import { staffNames } from '../src/store/staff.repository.js';
import { acknowledgesResetPoint } from '../src/assistant/ack-words.js';
import { smallTalk } from '../src/assistant/small-talk.js';
import { mentionsEcsl } from '../src/assistant/ecsl-words.js';

const WORDS = [
  'twothirds',
  'finalthird',
  'followup',
  'dates',
  'date',
  'key',
  'when',
  'expiry',
  'case',
  'details',
  'sed',
  'sled',
  'led',
  'licence',
  'license',
  'end',
  'ends',
];
/** Words that ask for one person's dates outright. */
const DATE_WORDS = new Set([
  'twothirds',
  'finalthird',
  'followup',
  'dates',
  'expiry',
  'key',
  'sed',
  'sled',
  'led',
]);
/** Words that ask about dates only alongside a clear person ("when is payday" is not a case). */
const WEAK_DATE_WORDS = new Set([
  'date',
  'when',
  'expire',
  'expires',
  'end',
  'ends',
  'finish',
  'finishes',
  'start',
  'starts',
]);

export function caseDatesPool(ctx: CommandContext, visible: string[]): PersonPool {
  return {
    noun: 'cases',
    command: 'case-dates',
    example: 'dates for X123456',
    askFor: (crn) => `dates for ${crn}`,
    hasCrn: async (crn) => (await casesByCrn(ctx.database, visible, crn)).length > 0,
    people: () => peopleOnCaseloads(ctx.database, visible),
  };
}

interface CaseDates {
  facts: [string, string][];
  explanation: string[];
}

function datesOf(row: CaseRow, ctx: CommandContext): CaseDates {
  const f = resetFactsOf(row);
  const a = assessReset(f, ctx.settings.reset, ctx.today);
  const pssEnded =
    a.effect === 'pss_repealed' && compareDates(row.endDate, ctx.settings.reset.pssRepealDate) >= 0;
  const end = pssEnded
    ? `${formatUkDate(row.endDate)} in the extract; PSS ended ${formatUkDate(ctx.settings.reset.pssRepealDate)}`
    : formatUkDate(row.endDate);
  const pairs: [string, string][] = [
    ['Start', formatUkDate(row.startDate)],
    ['End', end],
  ];
  if (f.sentenceType !== 'pss') {
    pairs.push(['Two-thirds', formatUkDate(a.twoThirdsDate)]);
    if (compareDates(a.finalThirdStart, row.endDate) <= 0)
      pairs.push(['Final third from', formatUkDate(a.finalThirdStart)]);
  }
  if (a.followUpDate) pairs.push(['Follow-up', formatUkDate(a.followUpDate)]);
  pairs.push(['Exempt', a.exempt ? a.exemptReasons.map((r) => describeExemptReason(r, f)).join('; ') : 'No']);
  return { facts: pairs, explanation: a.explanation };
}

/** A statement about a case (a verb, no question or request): the dates may be offered, not answered. */
function toldNotAsked(u: Utterance): boolean {
  return (
    !u.raw.includes('?') &&
    !/^(?:when|whens|when's|what|whats|what's|show|give|list|dates?|can|could|would|will|pls|please|tell|is|are|does|do|has|have|which|who|whos|who's|any|how|check|get|pull)\b/.test(
      u.text,
    ) &&
    !/\b(?:please|pls|can you|could you|would you|show me|tell me|let me know)\b/.test(u.text) &&
    /\b(?:is|isn't|was|wasn't|went|goes|need|needs|i need|had|got|not|she's|he's|they're|calmer|well)\b/.test(
      u.text,
    )
  );
}

export const caseDates: Command<PersonSlots> = {
  name: 'case-dates',
  title: 'Key dates for a case',
  description:
    "One person's key dates (start, end, two-thirds, final third, follow-up) with the Reset rule applied and why.",
  examples: ['two-thirds for X123456', 'dates for Jordan Pike', "when is Jordan Pike's two thirds"],
  roles: ['practitioner', 'spo', 'head_of_pdu'],
  extracts: ['cases'],
  scopes: ['personal'],
  match(u) {
    if (u.reference || u.words.includes('ecsl') || u.words.some((w) => /^(?:stls?|dip)$/.test(w)))
      return null;
    const slots = personSlots(u, WORDS);
    // "the follow-ups for N07T01 this month": a team's list, not one person.
    if (u.teamCode && !slots.crn) return { score: 0.3, slots };
    // "whether Sky is eligible under the end of custody scheme": the ECSL check's question.
    if (mentionsEcsl(u.text)) return { score: 0.3, slots };
    // "Jordan Pike's follow-up done" records something about the dates: the acknowledgement commands'.
    if (acknowledgesResetPoint(u)) return { score: 0.3, slots };
    // "licence end", "end date", "SLED": one person's end of supervision.
    const strong =
      u.words.some((w) => DATE_WORDS.has(w)) ||
      /\b(?:licen[cs]e|sentence|order|supervision) (?:end|ends|expiry|expires)\b|\bend date\b|\bend of (?:licen[cs]e|sentence|order)\b/.test(
        u.text,
      );
    const aboutDates = strong || u.words.some((w) => WEAK_DATE_WORDS.has(w));
    if (slots.crn) return { score: aboutDates ? 0.95 : 0.7, slots };
    if (!slots.query) return null;
    // A name and nothing else ("jordan pike"): most likely their dates, but ask.
    if (
      !slots.cue &&
      slots.words >= 2 &&
      slots.words <= 3 &&
      u.words.length === slots.words &&
      !u.period &&
      !smallTalk(u.raw)
    )
      return { score: 0.5, slots };
    // The list commands also hear these words: a clear person must beat them.
    const listWord = u.words.includes('twothirds') || u.words.includes('followup');
    if (slots.cue) {
      if (!aboutDates) return { score: 0.5, slots };
      // "jo pike's follow up is NOT booked, she's not answering", "follow-up call with jordan's mum
      // went well", "I need to update Jordan Pike's follow-up": told, not asked.
      if (toldNotAsked(u)) return { score: 0.5, slots };
      return { score: listWord ? 1 : 0.9, slots };
    }
    // "alex pike - start, end, 2/3, follow up?": several of one person's dates, listed.
    const dateWordsNamed = new Set(
      u.words
        .filter((w) =>
          ['start', 'end', 'twothirds', 'followup', 'finalthird', 'sled', 'sed', 'expiry'].includes(w),
        )
        // The final third's follow-up is one date, however it is written.
        .map((w) => (w === 'finalthird' ? 'followup' : w)),
    ).size;
    if (dateWordsNamed >= 2 && slots.words >= 2 && slots.words <= 3 && !u.chatter)
      return { score: 0.95, slots };
    // "when does drew lane finish?": a question about when, and a name of two or three words.
    // ("jo pike when does she finish": the name first, then the question.)
    if (
      /^(?:[a-z']+ ){0,3}when (?:does|do|is|will|did)\b/.test(u.text) &&
      aboutDates &&
      slots.words >= 2 &&
      slots.words <= 3 &&
      !u.chatter
    )
      return { score: listWord ? 1 : 0.85, slots };
    // No cue: the leftover words may be a name typed in lower case, or words not understood.
    if (!strong || slots.words > 3 || u.chatter) return null;
    // "when does jordan pike reach two-thirds": after the question words, what is left is a name.
    if (/^when\b/.test(u.text)) return { score: listWord ? 1 : 0.9, slots };
    // "drew lane follow up date": one date (singular) is one person's, not a list.
    if (/\bdate\b/.test(u.text) && slots.words <= 3 && !u.period) return { score: 0.85, slots };
    // "casey stone dates, is she past 2/3 yet?": "dates" beside a name is one person's.
    if (u.words.includes('dates') && !u.scope && !u.period && slots.words <= 3) return { score: 0.85, slots };
    // "jordan pike two thirds" could be the two-thirds list: ask. "jordan pike key dates" cannot.
    return { score: listWord ? 0.6 : 0.7, slots };
  },
  async run(ctx, slots) {
    const visible = await visiblePractitioners(ctx.database, ctx.asker);
    const found = await resolvePerson(ctx, slots, caseDatesPool(ctx, visible));
    if (found.kind === 'reply') return found.result;
    const rows = await casesByCrn(ctx.database, visible, found.crn);
    const first = rows[0];
    // Gone between the lookup and now (a re-import): answer as for any unknown CRN.
    if (!first)
      return {
        reply: { text: `I can't find ${found.crn} among the cases you can see.`, personalData: true },
        audit: { scope: 'person', count: 0 },
      };
    const others = rows
      .filter((r) => r.practitionerEmail !== ctx.asker.email)
      .map((r) => r.practitionerEmail);
    const holders = others.length ? await staffNames(ctx.database, others) : new Map<string, string>();
    const title = `Key dates: ${personLabel(first)}`;
    const body: Element[] = [heading(md(title))];
    const lines = [title];
    for (const row of rows) {
      const d = datesOf(row, ctx);
      const type = SENTENCE_TYPE_TEXT[row.sentenceType as CommunitySentenceType] ?? row.sentenceType;
      const holder = holders.get(row.practitionerEmail);
      body.push(
        container(
          [
            text(`**${type}**`),
            facts(d.facts),
            bullets(d.explanation),
            ...(holder ? [subtle(`Practitioner: ${md(holder)}`)] : []),
          ],
          { separator: true, spacing: 'Medium' },
        ),
      );
      lines.push(
        `${type}:`,
        ...d.facts.map(([k, v]) => `- ${k}: ${v}`),
        ...d.explanation.map((l) => `  ${l}`),
      );
      if (holder) lines.push(`- Practitioner: ${holder}`);
    }
    const n = rows.length;
    return withLookupNote(
      {
        reply: {
          text: lines.join('\n'),
          card: card(body),
          personalData: true,
          channelSummary: `I found ${n} sentence${n === 1 ? '' : 's'} or order${n === 1 ? '' : 's'} for that person.`,
        },
        audit: { scope: 'person', count: n },
      },
      found,
    );
  },
};
