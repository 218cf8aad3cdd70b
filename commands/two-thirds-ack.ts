import type { Command } from '../src/assistant/types.js';
import { ACK_WORDS, readContactReduced, talkWithoutRecord } from '../src/assistant/ack-words.js';
import {
  acknowledgementLines,
  noPointText,
  personalReply,
  twoThirdsCase,
  twoThirdsProblem,
  writableCaseholders,
  writeAck,
} from '../src/assistant/case-writes.js';
import { personSlots, resolvePerson, type PersonSlots } from '../src/assistant/person.js';
import { card, heading, md, subtle, text } from '../src/cards/build.js';
import { personLabel } from '../src/cards/text.js';
import { compareDates, formatUkDate } from '../src/domain/dates.js';
import { casesByCrn, peopleOnCaseloads } from '../src/store/cases.repository.js';
import { writeContext } from '../src/assistant/dip-writes.js';

export interface TwoThirdsAckSlots {
  person: PersonSlots;
}

export const twoThirdsAck: Command<TwoThirdsAckSlots> = {
  name: 'two-thirds-ack',
  records: true,
  title: 'Confirm contact reduced',
  description:
    "Confirm a case's contact has been reduced at its two-thirds point (Probation Reset), so the SPO sees it actioned.",
  examples: ['contact reduced for X123456', 'reduced contact for Jordan Pike'],
  roles: ['practitioner', 'spo'],
  scopes: ['personal'],
  match(u) {
    const said = readContactReduced(u);
    if (!said || said.question) return null;
    const person = personSlots(u, [...ACK_WORDS, 'twothirds']);
    const slots = { person };
    if (person.crn || person.cue) return { score: 0.97, slots };
    // Office talk without a clear person ("booked a room for the follow-up training"): not a record.
    // "FYI …", "just to let you know …" tell what was done: that is the record.
    // "…can you record that": asked to record it, whatever the talk around it.
    if (talkWithoutRecord(u)) return null;
    if (person.query && person.words <= 3) return { score: 0.8, slots };
    return { score: 0.7, slots };
  },
  async run(ctx, slots) {
    const holders = await writableCaseholders(ctx.database, ctx.asker);
    const found = await resolvePerson(
      ctx,
      slots.person,
      {
        noun: 'cases',
        command: 'two-thirds-ack',
        example: 'contact reduced for X123456',
        askFor: (crn) => `contact reduced for ${crn}`,
        hasCrn: async (crn) => (await casesByCrn(ctx.database, holders, crn)).length > 0,
        people: () => peopleOnCaseloads(ctx.database, holders),
      },
      { confirmCloseMatch: true },
    );
    if (found.kind === 'reply') return found.result;
    const rows = await casesByCrn(ctx.database, holders, found.crn);
    const row = twoThirdsCase(rows, ctx.today);
    const who = rows[0] ? personLabel(rows[0]) : found.crn;
    if (!row)
      return personalReply(
        noPointText(rows, 'two_thirds', who),
        'That case has no two-thirds reduction to record.',
      );
    const problem = twoThirdsProblem(row, ctx.today);
    if (problem) return personalReply(`${personLabel(row)} – ${problem}`, 'That case has ended.');
    const outcome = await writeAck(writeContext(ctx), row, 'two_thirds', { status: 'contact_reduced' }, null);
    const { lines } = await acknowledgementLines(ctx.database, 'two_thirds', [row], ctx.now ?? new Date());
    const title = `Contact reduced: ${personLabel(row)}`;
    const recorded = lines.get(row.id) ?? '';
    const already = outcome.result === 'recorded' ? '' : ' (already recorded: nothing changed)';
    const when =
      compareDates(row.twoThirdsDate, ctx.today) > 0
        ? `The two-thirds point is ${formatUkDate(row.twoThirdsDate)}: contact reduces after it.`
        : `The two-thirds point was ${formatUkDate(row.twoThirdsDate)}.`;
    const after = 'Your SPO’s digest shows it as actioned. Licence conditions and recall still apply.';
    return {
      reply: {
        text: [title, `${recorded}${already}`, when, after].join('\n'),
        card: card([heading(md(title)), text(`✓ ${md(recorded)}${already}`), subtle(when), subtle(after)]),
        personalData: true,
        channelSummary: 'Recorded 1 two-thirds point as actioned (contact reduced).',
      },
      audit: { scope: 'person', count: outcome.result === 'recorded' ? 1 : 0 },
    };
  },
};
