import type { Command } from '../src/assistant/types.js';
import { personSlots } from '../src/assistant/person.js';
import { resolveCaseScope } from '../src/assistant/scope.js';
import { card, heading, subtle, text } from '../src/cards/build.js';
import { caseBlock, MAX_ROWS, moreRows } from '../src/cards/cases.js';
import { formatUkDate } from '../src/domain/dates.js';
import { followUpsDue } from '../src/store/cases.repository.js';

import { personLabel } from '../src/cards/text.js';
import { periodOrThisWeek, periodText } from '../src/assistant/periods.js';
import { listSlots, type ListSlots } from '../src/assistant/understand.js';
import { staffNames } from '../src/store/staff.repository.js';
import { acknowledgesResetPoint } from '../src/assistant/ack-words.js';
import { acknowledgementsOf, writableCaseholders } from '../src/assistant/case-writes.js';
import { listSlotsSchema } from '../src/assistant/slots.js';
import { ackOpen, ackSuffix } from '../src/cards/acks.js';
import { commandView, followUpActions } from '../src/cards/actions.js';

const WORDS = ['followup', 'followups', 'appointment', 'appointments', 'midway', 'appts', 'contacts'];

export const followUps: Command<ListSlots> = {
  name: 'follow-ups',
  title: 'Final-third follow-ups',
  description:
    'Which final-third follow-up appointments (non-exempt licences, Probation Reset) fall due in a period.',
  examples: [
    'which final third follow-ups are due this week',
    'follow-ups next week for my team',
    'follow-ups in December',
  ],
  roles: ['practitioner', 'spo', 'head_of_pdu'],
  extracts: ['cases'],
  scopes: ['personal', 'team', 'groupChat'],
  slotsSchema: listSlotsSchema,
  match(u) {
    const asked = u.words.includes('followup');
    // "final third appointments this week": the same list without the word "follow-up".
    const finalThirdContact =
      u.words.includes('finalthird') && /\b(?:appointments?|contacts?)\b/.test(u.text);
    if (!asked && !finalThirdContact) return null;
    const slots = listSlots(u);
    // "follow-up booked for X123456 on 12 Dec" records something: follow-up-ack's.
    if (acknowledgesResetPoint(u)) return { score: 0.3, slots };
    const person = personSlots(u, WORDS);
    // "follow-up for X123456" / "Jordan Pike's follow-up" is one person's dates, not a list.
    if (u.reference || person.cue) return { score: 0.3, slots };
    if (person.query || u.chatter) return { score: u.period && !u.chatter ? 0.85 : 0.5, slots };
    return { score: u.period ? 0.95 : 0.85, slots };
  },
  async run(ctx, slots) {
    const p = periodOrThisWeek(slots.period, ctx.today);
    const scoped = await resolveCaseScope(ctx.database, ctx.asker, slots);
    if (!scoped.ok)
      return { reply: { text: scoped.message, personalData: false }, audit: { scope: 'refused', count: 0 } };
    const { scope } = scoped;
    const rows = await followUpsDue(ctx.database, scope.practitionerEmails, p.from, p.to);
    const holders =
      scope.kind === 'mine'
        ? new Map<string, string>()
        : await staffNames(ctx.database, scope.practitionerEmails);
    const n = rows.length;
    const title = `Final-third follow-ups ${periodText(p)}: ${scope.label}`;
    const summary =
      n === 0
        ? `No final-third follow-ups are due ${p.label}.`
        : `${n} final-third follow-up${n === 1 ? ' is' : 's are'} due ${p.label}.`;
    const { acks, names } = await acknowledgementsOf(ctx.database, 'follow_up', rows);
    const writable = new Set(await writableCaseholders(ctx.database, ctx.asker));
    const view = commandView('follow-ups', slots);
    const unbooked = rows.filter((r) => !acks.has(r.id)).length;
    const body = [heading(title), text(n ? `${summary} ${unbooked} not yet booked.` : summary)];
    for (const r of rows.slice(0, MAX_ROWS)) {
      const ack = acks.get(r.id);
      const due = r.followUpDate ?? r.endDate;
      body.push(
        caseBlock(
          r,
          [
            `Follow-up: ${formatUkDate(due)}${ackSuffix(ack, names)}`,
            `Two-thirds was ${formatUkDate(r.twoThirdsDate)}; licence ends ${formatUkDate(r.endDate)}`,
          ],
          holders.get(r.practitionerEmail),
          ackOpen(ack) && writable.has(r.practitionerEmail)
            ? followUpActions(
                { caseId: r.id, due, twoThirdsDate: r.twoThirdsDate, endDate: r.endDate },
                view,
                ack?.status === 'booked',
              )
            : null,
        ),
      );
    }
    body.push(...moreRows(n));
    body.push(
      subtle(
        'One follow-up appointment midway through the final third; exempt cases keep normal contact and are not listed.',
      ),
    );
    const lines = [
      title,
      summary,
      ...rows.map((r) => `- ${personLabel(r)}: ${formatUkDate(r.followUpDate ?? r.endDate)}`),
    ];
    return {
      reply: {
        text: lines.join('\n'),
        card: card(body),
        personalData: n > 0,
        channelSummary: `${summary.replace(/\.$/, '')} (${scope.label}).`,
      },
      audit: { scope: scope.kind, count: n },
    };
  },
};
