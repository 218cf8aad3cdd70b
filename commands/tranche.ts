import type { Command, CommandContext, CommandResult } from '../src/assistant/types.js';
import { mentionsEcsl } from '../src/assistant/ecsl-words.js';
import { personSlots, resolvePerson, type PersonPool, type PersonSlots } from '../src/assistant/person.js';
import { visiblePractitioners } from '../src/assistant/scope.js';
import { aboutJobs } from '../src/assistant/understand.js';
import { bullets, card, facts, heading, md, subtle, text, type Element } from '../src/cards/build.js';
import { sentenceWithScheme } from '../src/cards/ecsl.js';
import { personLabel } from '../src/cards/text.js';
import { compareDates, formatUkDate } from '../src/domain/dates.js';
import {
  assessProgression,
  explainProgression,
  nextTranche,
  trancheLimits,
  type ProgressionVerdict,
} from '../src/domain/progression.js';
import { custodyByCrn, custodyFactsOf, peopleInCustody } from '../src/store/custody.repository.js';
import { staffNames } from '../src/store/staff.repository.js';

const TRANCHE = /\btranches?\b|\bprogression model\b|\bone[- ]third release\b/;
/** Releases around a tranche day are the releases list's question, unless one person is named. */
const RELEASES =
  /\breleas(?:e|es|ed|ing)\b|\b(?:getting|coming|due|gets|get|come|going) out\b|\bwho(?:'s| is| are)? out\b|\bany(?:one|body) out\b/;
const WORDS = [
  'tranche',
  'tranches',
  'progression',
  'model',
  'falls',
  'fall',
  'placed',
  'put',
  'sit',
  'sits',
  'released',
  'release',
  'releases',
  'releasing',
  'wave',
  'one-third',
  'third',
  'table',
  'dates',
];

export function tranchePool(ctx: CommandContext, visible: string[]): PersonPool {
  return {
    noun: 'people in custody',
    command: 'tranche',
    example: 'which tranche is X123456 in',
    askFor: (crn) => `which tranche is ${crn} in`,
    hasCrn: async (crn) => (await custodyByCrn(ctx.database, visible, crn)).length > 0,
    people: () => peopleInCustody(ctx.database, visible),
  };
}

function headlineOf(v: ProgressionVerdict): { headline: string; short: string } {
  switch (v.kind) {
    case 'in_tranche':
      return {
        headline: `Tranche ${v.tranche.tranche}: ${v.started ? 'started on' : 'starts on'} ${formatUkDate(v.tranche.from)}`,
        short: `tranche ${v.tranche.tranche}`,
      };
    case 'out_of_scope':
      return {
        headline: `Outside the progression model (${v.reasons.length} reason${v.reasons.length === 1 ? '' : 's'})`,
        short: 'outside the progression model',
      };
    case 'unreadable':
      return {
        headline: 'No tranche: the sentence length cannot be read',
        short: 'no tranche (sentence length unreadable)',
      };
  }
}

/** The tranche table: every tranche day, which have started, and the next. */
function table(ctx: CommandContext): CommandResult {
  const { tranches } = ctx.settings.progression;
  const next = nextTranche(ctx.today, tranches);
  const title = 'Progression model tranches';
  const headline = next
    ? `The next tranche day is ${formatUkDate(next.from)} (tranche ${next.tranche}).`
    : `Every tranche has started (the last on ${formatUkDate(tranches.at(-1)?.from ?? ctx.today)}).`;
  const pairs = tranches.map((t): [string, string] => [
    `Tranche ${t.tranche}`,
    `${formatUkDate(t.from)}${compareDates(t.from, ctx.today) <= 0 ? ' (started)' : ''}: sentences of ${trancheLimits(t, tranches)}`,
  ]);
  const note =
    'Standard determinate sentences are released at one-third (SDS+ at one-half) from their tranche day. ' +
    'The sentence length is the whole sentence in days from the custody start, counting both ends. ' +
    'Ask "which tranche is X123456 in" for one person.';
  return {
    reply: {
      text: [title, headline, ...pairs.map(([k, v]) => `- ${k}: ${v}`), note].join('\n'),
      card: card([heading(title), text(headline), facts(pairs), subtle(note)]),
      personalData: false,
    },
    audit: { scope: 'rules', count: 0 },
    // The table is the rule itself, not built on any extract.
    extracts: [],
  };
}

export const tranche: Command<PersonSlots> = {
  name: 'tranche',
  title: 'Progression model tranche',
  description:
    'Which progression-model tranche one person in custody falls in (or why they are outside it), and the tranche days.',
  examples: ['which tranche is X123456 in', 'tranche for Jordan Pike', 'when is the next tranche day'],
  roles: ['practitioner', 'spo', 'head_of_pdu'],
  extracts: ['custody'],
  scopes: ['personal'],
  match(u) {
    if (!TRANCHE.test(u.text) || mentionsEcsl(u.text) || aboutJobs(u.text) || u.reference) return null;
    // "what's a tranche?", "what does tranche mean": the glossary's.
    if (
      /^(?:what(?:'s|s| is| are) (?:a |the )?(?:tranche|tranches|progression model)(?: in (?:the )?progression model)?|what does .* mean)\??$/.test(
        u.text,
      )
    )
      return null;
    // "tranche?": the word asked about, for the glossary; the table is offered beside it.
    if (/^(?:tranche|tranches)$/.test(u.text.trim()) && u.raw.includes('?'))
      return { score: 0.5, slots: personSlots(u, WORDS) };
    const slots = personSlots(u, WORDS);
    if (slots.crn) return { score: 0.95, slots };
    // "who on my caseload is released on the next tranche day" is a list of releases.
    if (RELEASES.test(u.text) && !slots.cue) return { score: 0.4, slots };
    if (slots.cue) return { score: 0.95, slots };
    if (slots.query) return { score: slots.words <= 3 && !u.chatter ? 0.85 : 0.5, slots };
    return { score: u.chatter ? 0.5 : 0.9, slots };
  },
  async run(ctx, slots) {
    if (!slots.crn && !slots.query) return table(ctx);
    const visible = await visiblePractitioners(ctx.database, ctx.asker);
    const found = await resolvePerson(ctx, slots, tranchePool(ctx, visible));
    if (found.kind === 'reply') return found.result;
    // The latest custody period is the one being served.
    const [row] = await custodyByCrn(ctx.database, visible, found.crn);
    if (!row)
      return {
        reply: {
          text: `I can't find ${found.crn} among the people in custody you can see.`,
          personalData: true,
        },
        audit: { scope: 'person', count: 0 },
      };
    const f = custodyFactsOf(row);
    const verdict = assessProgression(f, ctx.today, ctx.settings.progression);
    const { headline, short } = headlineOf(verdict);
    const lines = explainProgression(verdict, f, ctx.today, ctx.settings.progression);
    const holder =
      row.practitionerEmail === ctx.asker.email
        ? undefined
        : (await staffNames(ctx.database, [row.practitionerEmail])).get(row.practitionerEmail);
    const pairs: [string, string][] = [
      ['Sentence', sentenceWithScheme(row, ctx.today, ctx.settings.progression)],
      ['In custody since', formatUkDate(row.custodyStartDate)],
      ['CRD (from the extract)', formatUkDate(row.crd)],
    ];
    if (row.prison) pairs.unshift(['Prison', row.prison]);
    if (holder) pairs.push(['Practitioner', holder]);
    const title = `Progression model: ${personLabel(row)}`;
    const body: Element[] = [heading(md(title)), text(`**${headline}**`), bullets(lines), facts(pairs)];
    return {
      reply: {
        text: [title, headline, ...lines.map((l) => `- ${l}`), ...pairs.map(([k, v]) => `${k}: ${v}`)].join(
          '\n',
        ),
        card: card(body),
        personalData: true,
        channelSummary: `Progression model check for 1 person: ${short}.`,
      },
      audit: { scope: 'person', count: 1 },
    };
  },
};
