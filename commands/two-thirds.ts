import type { Command } from '../src/assistant/types.js';
import { resolveCaseScope } from '../src/assistant/scope.js';
import { listSlots, type ListSlots } from '../src/assistant/understand.js';
import { card, heading, subtle, text } from '../src/cards/build.js';
import { caseBlock, changeAtTwoThirds, exemptReasonText, MAX_ROWS, moreRows } from '../src/cards/cases.js';
import { compareDates, formatUkDate } from '../src/domain/dates.js';
import { ORDER_EARLY_COMPLETION_FROM } from '../src/domain/reset.js';
import { casesReachingTwoThirds } from '../src/store/cases.repository.js';
import { personLabel } from '../src/cards/text.js';
import { periodOrThisWeek, periodText } from '../src/assistant/periods.js';
import { personMention } from '../src/assistant/person-words.js';
import { staffNames } from '../src/store/staff.repository.js';
import { acknowledgesResetPoint } from '../src/assistant/ack-words.js';
import { acknowledgementsOf, writableCaseholders } from '../src/assistant/case-writes.js';
import { listSlotsSchema } from '../src/assistant/slots.js';
import { ackSuffix } from '../src/cards/acks.js';
import { commandView, twoThirdsActions } from '../src/cards/actions.js';

/** Words of a two-thirds list question that are never a name ("the two-thirds mark"). */
const WORDS = ['twothirds', 'mark', 'list', 'cases', 'dates'];

export const twoThirds: Command<ListSlots> = {
  name: 'two-thirds',
  title: 'Two-thirds points',
  description:
    'Who reaches the two-thirds point (Probation Reset) in a period, with what changes and who is exempt.',
  examples: [
    'who reaches two-thirds this week',
    'two-thirds next week for my team',
    '2/3 points in December',
  ],
  roles: ['practitioner', 'spo', 'head_of_pdu'],
  extracts: ['cases'],
  scopes: ['personal', 'team', 'groupChat'],
  slotsSchema: listSlotsSchema,
  match(u) {
    if (!u.words.includes('twothirds')) return null;
    const slots = listSlots(u);
    // "two-thirds actioned for X123456" records something: two-thirds-ack's.
    if (acknowledgesResetPoint(u)) return { score: 0.3, slots };
    if (u.words.includes('followup')) return { score: 0.4, slots };
    if (u.crn || u.reference) return { score: 0.3, slots };
    // "Jordan Pike's two-thirds", "two-thirds for Casey Stone": one person's date, not a list.
    const person = personMention(u, WORDS);
    if (person?.cue) return { score: 0.3, slots };
    // Words left over that may be a name typed in lower case ("jordan pike two thirds"): unless a
    // period makes it a list question, ask which was meant.
    if (person) return { score: u.period && !u.chatter ? 0.85 : 0.5, slots };
    // "my two-thirds review with my manager is on Friday": office talk, so ask rather than list.
    if (u.chatter) return { score: 0.5, slots };
    return { score: u.period ? 0.95 : 0.8, slots };
  },
  async run(ctx, slots) {
    const p = periodOrThisWeek(slots.period, ctx.today);
    const scoped = await resolveCaseScope(ctx.database, ctx.asker, slots);
    if (!scoped.ok) return { reply: { text: scoped.message, personalData: false } };
    const { scope } = scoped;
    const rows = await casesReachingTwoThirds(ctx.database, scope.practitionerEmails, p.from, p.to);
    const reducing = rows.filter((r) => !r.exempt);
    const exempt = rows.filter((r) => r.exempt);
    const holders =
      scope.kind === 'mine'
        ? new Map<string, string>()
        : await staffNames(ctx.database, scope.practitionerEmails);
    const title = `Two-thirds points ${periodText(p)}: ${scope.label}`;
    const summary =
      rows.length === 0
        ? `No one in ${scope.label} reaches two-thirds ${p.label}.`
        : `${reducing.length} case${reducing.length === 1 ? '' : 's'} reach${reducing.length === 1 ? 'es' : ''} two-thirds ${p.label}` +
          (exempt.length ? `, and ${exempt.length} exempt (contact continues).` : '.');
    const { acks, names } = await acknowledgementsOf(ctx.database, 'two_thirds', reducing);
    const writable = new Set(await writableCaseholders(ctx.database, ctx.asker));
    const view = commandView('two-thirds', slots);
    const body = [heading(title), text(summary)];
    if (reducing.length) {
      body.push(text('**Contact reduces**', { spacing: 'Medium' }));
      for (const r of reducing.slice(0, MAX_ROWS)) {
        body.push(
          caseBlock(
            r,
            [
              `Two-thirds: ${formatUkDate(r.twoThirdsDate)}${ackSuffix(acks.get(r.id), names)}`,
              `What changes: ${changeAtTwoThirds(r, ctx.settings.reset, ctx.today)}`,
            ],
            holders.get(r.practitionerEmail),
            !acks.has(r.id) && writable.has(r.practitionerEmail)
              ? twoThirdsActions({ caseId: r.id, due: r.twoThirdsDate }, view)
              : null,
          ),
        );
      }
      body.push(...moreRows(reducing.length));
    }
    if (exempt.length) {
      body.push(text('**Exempt: contact continues**', { spacing: 'Medium' }));
      for (const r of exempt.slice(0, MAX_ROWS)) {
        body.push(
          caseBlock(
            r,
            [`Two-thirds: ${formatUkDate(r.twoThirdsDate)}`, `Exempt: ${exemptReasonText(r)}`],
            holders.get(r.practitionerEmail),
          ),
        );
      }
      body.push(...moreRows(exempt.length));
    }
    body.push(subtle('Licence conditions and recall still apply in the final third.'));
    const completion = ctx.settings.reset.earlyCompletionFrom ?? ORDER_EARLY_COMPLETION_FROM;
    if (rows.some((r) => r.sentenceType !== 'licence') && compareDates(ctx.today, completion) >= 0)
      body.push(
        subtle(
          'Community and suspended orders may now end earlier, on completion (Sentencing Act 2026 ss.38–39): ' +
            'their dates here use the end date in the extract.',
        ),
      );
    const lines = [
      title,
      summary,
      ...reducing.map((r) => `- ${personLabel(r)}: ${formatUkDate(r.twoThirdsDate)}`),
      ...exempt.map((r) => `- exempt: ${personLabel(r)}: ${formatUkDate(r.twoThirdsDate)}`),
    ];
    return {
      reply: {
        text: lines.join('\n'),
        card: card(body),
        personalData: rows.length > 0,
        channelSummary: summary.replace(/\.$/, '') + ` (${scope.label}).`,
      },
      audit: { scope: scope.kind, count: rows.length },
    };
  },
};
