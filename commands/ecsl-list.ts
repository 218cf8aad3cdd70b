import type { Command } from '../src/assistant/types.js';
import { personSlots } from '../src/assistant/person.js';
import { resolveCaseScope } from '../src/assistant/scope.js';
import { aboutJobs, type ScopeWord } from '../src/assistant/understand.js';
import { card, heading, subtle, text, type Element } from '../src/cards/build.js';
import { MAX_ROWS, moreRows } from '../src/cards/cases.js';
import { custodyBlock, describeVerdict } from '../src/cards/ecsl.js';
import { addDays, compareDates, formatUkDate } from '../src/domain/dates.js';
import { assessEcsl, type EcslVerdict } from '../src/domain/ecsl.js';
import { custodyCasesFor, custodyFactsOf, type CustodyRow } from '../src/store/custody.repository.js';

import { personLabel, plural } from '../src/cards/text.js';
import { mentionsEcsl, ECSL_WORDS as WORDS } from '../src/assistant/ecsl-words.js';
import { staffNames } from '../src/store/staff.repository.js';

/** "Window opens soon" means within this many days; later openings are only counted. */
const SOON_DAYS = 28;

export interface EcslListSlots {
  scope: ScopeWord | null;
  teamCode: string | null;
}

interface Assessed {
  row: CustodyRow;
  verdict: EcslVerdict;
}

export const ecslList: Command<EcslListSlots> = {
  name: 'ecsl-list',
  title: 'ECSL list',
  description:
    'Everyone in custody on your caseload (or your team) with their ECSL verdict: eligible now, opening soon, refer, not eligible.',
  examples: ['my ECSL list', 'ecsl list for my team', 'who is eligible for ECSL'],
  roles: ['practitioner', 'spo', 'head_of_pdu'],
  extracts: ['custody'],
  scopes: ['personal', 'team', 'groupChat'],
  match(u) {
    if (!mentionsEcsl(u.text) || u.reference || aboutJobs(u.text)) return null;
    const slots = { scope: u.scope, teamCode: u.teamCode };
    const person = personSlots(u, WORDS);
    if (person.crn || person.cue) return null;
    // Leftover words may be a name ("ecsl pike" is one person's check): let that reading lead,
    // unless the question is about a team ("ecsl round-up for the team").
    // "all my custody cases and whether they're ecsl eligible": several people, so the list.
    const several = /\b(?:all|every|everyone|everybody|which of|list|cases|people|ones|each)\b/.test(u.text);
    if (person.query)
      return {
        score: u.scope === 'team' || u.scope === 'pdu' || several ? 0.85 : person.words <= 3 ? 0.4 : 0.5,
        slots,
      };
    // "the ECSL training is next week": office talk, so ask rather than list.
    return { score: u.chatter ? 0.5 : 0.9, slots };
  },
  async run(ctx, slots) {
    const scoped = await resolveCaseScope(ctx.database, ctx.asker, slots);
    if (!scoped.ok)
      return { reply: { text: scoped.message, personalData: false }, audit: { scope: 'refused', count: 0 } };
    const { scope } = scoped;
    const rows = await custodyCasesFor(ctx.database, scope.practitionerEmails);
    const assessed: Assessed[] = rows.map((row) => ({
      row,
      verdict: assessEcsl(custodyFactsOf(row), ctx.today, ctx.settings.ecsl),
    }));
    const soon = addDays(ctx.today, SOON_DAYS);
    const eligible = assessed.filter((a) => a.verdict.kind === 'eligible');
    const notYet = assessed.filter((a) => a.verdict.kind === 'not_yet');
    const opensSoon = notYet.filter(
      (a) => a.verdict.kind === 'not_yet' && compareDates(a.verdict.windowOpens, soon) <= 0,
    );
    const opensLater = notYet.length - opensSoon.length;
    const refer = assessed.filter((a) => a.verdict.kind === 'refer_panel');
    const notEligible = assessed.filter((a) => a.verdict.kind === 'not_eligible');
    const noScheme = assessed.filter((a) => a.verdict.kind === 'no_scheme');
    opensSoon.sort((a, b) =>
      a.verdict.kind === 'not_yet' && b.verdict.kind === 'not_yet'
        ? compareDates(a.verdict.windowOpens, b.verdict.windowOpens)
        : 0,
    );

    const holders =
      scope.kind === 'mine'
        ? new Map<string, string>()
        : await staffNames(ctx.database, scope.practitionerEmails);
    const title = `ECSL list on ${formatUkDate(ctx.today)}: ${scope.label}`;
    const body: Element[] = [heading(title)];
    const lines = [title];
    let summary: string;
    if (assessed.length === 0) {
      summary = `No one in custody in ${scope.label}.`;
    } else if (noScheme.length === assessed.length) {
      // Never call anyone eligible when no scheme is in force: say so plainly, once.
      const first = noScheme[0]!.verdict;
      const why = first.kind === 'no_scheme' ? first.text : '';
      summary = `No ECSL scheme is in force on ${formatUkDate(ctx.today)} (${plural(assessed.length, 'person', 'people')} in custody).`;
      body.push(
        text(why),
        subtle(`${plural(assessed.length, 'person', 'people')} in custody in ${scope.label}.`),
      );
      lines.push(why);
    } else {
      summary =
        `${eligible.length} eligible with the window open, ${opensSoon.length} with the window opening within ${SOON_DAYS} days, ` +
        `${refer.length} to refer to the exemption panel, ${notEligible.length} not eligible` +
        (noScheme.length ? `, ${noScheme.length} with no scheme in force for their estate` : '') +
        ` (${plural(assessed.length, 'person', 'people')} in custody).`;
    }
    if (noScheme.length !== assessed.length || assessed.length === 0) {
      body.push(text(summary));
      lines.push(summary);
      const group = (label: string, items: Assessed[], showDates: (a: Assessed) => string[]) => {
        if (!items.length) return;
        body.push(text(`**${label} (${items.length})**`, { spacing: 'Medium' }));
        lines.push(`${label} (${items.length}):`);
        for (const a of items.slice(0, MAX_ROWS)) {
          const detail = showDates(a);
          body.push(custodyBlock(a.row, detail, holders.get(a.row.practitionerEmail)));
          lines.push(`- ${personLabel(a.row)}: ${detail.join('; ')}`);
        }
        body.push(...moreRows(items.length));
      };
      const short = (a: Assessed) =>
        describeVerdict(a.verdict, a.row.crd, ctx.today, ctx.settings.ecsl.minCustodyDays).short;
      const crd = (a: Assessed) => `CRD ${formatUkDate(a.row.crd)}`;
      group('Eligible, window open', eligible, (a) => [short(a), crd(a)]);
      group(`Window opens within ${SOON_DAYS} days`, opensSoon, (a) => [short(a), crd(a)]);
      if (opensLater) {
        const later = `${plural(opensLater, 'more person', 'more people')} with the window opening later.`;
        body.push(subtle(later));
        lines.push(later);
      }
      group('Refer to the exemption panel', refer, (a) => [short(a), crd(a)]);
      group('Not eligible', notEligible, (a) => [short(a)]);
      if (noScheme.length) {
        const none = `${plural(noScheme.length, 'person', 'people')} in an estate with no ECSL scheme in force on ${formatUkDate(ctx.today)}.`;
        body.push(subtle(none));
        lines.push(none);
      }
      if (eligible.length || opensSoon.length || refer.length) {
        body.push(subtle('Ask "ECSL eligibility for <CRN>" for the reasons and the practitioner checklist.'));
      }
    }
    return {
      reply: {
        text: lines.join('\n'),
        card: card(body),
        personalData: assessed.length > 0 && noScheme.length !== assessed.length,
        channelSummary: `ECSL list (${scope.label}): ${summary}`,
      },
      audit: { scope: scope.kind, count: assessed.length },
    };
  },
};
