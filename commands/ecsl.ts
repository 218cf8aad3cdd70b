import type { Command, CommandContext } from '../src/assistant/types.js';
import {
  personSlots,
  resolvePerson,
  withLookupNote,
  type PersonPool,
  type PersonSlots,
} from '../src/assistant/person.js';
import { aboutJobs } from '../src/assistant/understand.js';
import { visiblePractitioners } from '../src/assistant/scope.js';
import { bullets, card, facts, heading, md, subtle, text, type Element } from '../src/cards/build.js';

import { describeVerdict, sentenceWithScheme } from '../src/cards/ecsl.js';
import { formatUkDate, type IsoDate } from '../src/domain/dates.js';
import { assessEcsl, ECSL_CHECKLIST } from '../src/domain/ecsl.js';
import { custodyByCrn, custodyFactsOf, peopleInCustody } from '../src/store/custody.repository.js';
import { personLabel } from '../src/cards/text.js';
import { ECSL_WORDS as WORDS, mentionsEcsl } from '../src/assistant/ecsl-words.js';
import { staffNames } from '../src/store/staff.repository.js';

export function ecslPool(ctx: CommandContext, visible: string[]): PersonPool {
  return {
    noun: 'people in custody',
    command: 'ecsl',
    example: 'ECSL eligibility for X123456',
    askFor: (crn) => `ECSL eligibility for ${crn}`,
    hasCrn: async (crn) => (await custodyByCrn(ctx.database, visible, crn)).length > 0,
    people: () => peopleInCustody(ctx.database, visible),
  };
}

/** One person, and the day the question is about ("would they be eligible on 1 July 2024"). */
type EcslSlots = PersonSlots & { on: IsoDate | null };

export const ecsl: Command<EcslSlots> = {
  name: 'ecsl',
  title: 'ECSL eligibility',
  description:
    'Whether one person in custody is eligible for End of Custody Supervised Licence, with every reason and date.',
  examples: ['ECSL eligibility for X123456', 'is X123456 eligible for ECSL', 'ecsl pike'],
  roles: ['practitioner', 'spo', 'head_of_pdu'],
  extracts: ['custody'],
  scopes: ['personal'],
  match(u) {
    if (!mentionsEcsl(u.text) || u.reference || aboutJobs(u.text)) return null;
    // A single day named is the decision date asked about; a span ("this week") is not one.
    const on = u.period && u.period.from === u.period.to ? u.period.from : null;
    const slots = { ...personSlots(u, WORDS), on };
    // "the ECSL list …", "all of my own cases that are eligible", "which of my cases": the list.
    const listWords = /\b(?:list|all|cases|caseload|any of my|which of my|everyone|anyone|who)\b/.test(
      u.text,
    );
    if (listWords && !slots.crn && !slots.cue) return { score: 0.3, slots };
    if (slots.crn) return { score: 0.95, slots };
    if (!slots.query) return null;
    if (slots.cue) return { score: 0.95, slots };
    // "ecsl pike": beside "ECSL" a word or three can only be a name; a longer leftover, or one in
    // a question about a team, is a phrasing not understood, so ask.
    const listLike = u.scope === 'team' || u.scope === 'pdu' || u.chatter;
    return { score: slots.words <= 3 && !listLike ? 0.85 : 0.5, slots };
  },
  async run(ctx, slots) {
    const visible = await visiblePractitioners(ctx.database, ctx.asker);
    const found = await resolvePerson(ctx, slots, ecslPool(ctx, visible));
    if (found.kind === 'reply') return found.result;
    // The latest custody period is the one being served.
    const [row] = await custodyByCrn(ctx.database, visible, found.crn);
    if (!row) {
      return {
        reply: {
          text: `I can't find ${found.crn} among the people in custody you can see.`,
          personalData: true,
        },
        audit: { scope: 'person', count: 0 },
      };
    }
    const decisionDate = slots.on ?? ctx.today;
    const verdict = assessEcsl(custodyFactsOf(row), decisionDate, ctx.settings.ecsl);
    const v = describeVerdict(verdict, row.crd, decisionDate, ctx.settings.ecsl.minCustodyDays);
    const withChecklist =
      verdict.kind === 'eligible' || verdict.kind === 'refer_panel' || verdict.kind === 'not_yet';
    const holder =
      row.practitionerEmail === ctx.asker.email
        ? undefined
        : (await staffNames(ctx.database, [row.practitionerEmail])).get(row.practitionerEmail);

    const title = `ECSL: ${personLabel(row)}`;
    const pairs: [string, string][] = [
      ['Decision date', formatUkDate(decisionDate)],
      ['Sentence', sentenceWithScheme(row, decisionDate, ctx.settings.progression)],
      ['In custody since', formatUkDate(row.custodyStartDate)],
      ['CRD', formatUkDate(row.crd)],
    ];
    if (row.prison) pairs.splice(1, 0, ['Prison', row.prison]);
    if (holder) pairs.push(['Practitioner', holder]);
    const body: Element[] = [
      heading(md(title)),
      text(`**${v.headline}**`, { color: verdict.kind === 'not_eligible' ? 'Attention' : 'Default' }),
      bullets(v.lines),
      facts(pairs),
    ];
    const lines = [
      title,
      v.headline,
      ...v.lines.map((l) => `- ${l}`),
      ...pairs.map(([k, val]) => `${k}: ${val}`),
    ];
    if (withChecklist) {
      body.push(text('**Practitioner checklist**', { spacing: 'Medium' }), bullets(ECSL_CHECKLIST));
      lines.push('Practitioner checklist:', ...ECSL_CHECKLIST.map((c) => `- ${c}`));
    }
    body.push(
      subtle(
        'ECSL is time-bound: the answer is for the decision date shown, under the scheme in force that day.',
      ),
    );
    const verdictWord: Record<typeof verdict.kind, string> = {
      eligible: 'eligible',
      not_eligible: 'not eligible',
      not_yet: 'not yet in the window',
      refer_panel: 'refer to the exemption panel',
      no_scheme: 'no ECSL scheme is in force',
    };
    return withLookupNote(
      {
        reply: {
          text: lines.join('\n'),
          card: card(body),
          personalData: true,
          channelSummary: `ECSL check for 1 person: ${verdictWord[verdict.kind]}.`,
        },
        audit: { scope: 'person', count: 1 },
      },
      found,
    );
  },
};
