import type { Command } from '../src/assistant/types.js';
import {
  ACK_WORDS,
  readFollowUpStatement,
  talkWithoutRecord,
  type FollowUpStatement,
} from '../src/assistant/ack-words.js';
import {
  acknowledgementLines,
  followUpCase,
  followUpProblem,
  noPointText,
  personalReply,
  writableCaseholders,
  writeAck,
} from '../src/assistant/case-writes.js';
import { personSlots, resolvePerson, type PersonSlots } from '../src/assistant/person.js';
import { card, heading, md, subtle, text } from '../src/cards/build.js';
import { personLabel } from '../src/cards/text.js';
import { ackText, NOT_NEEDED_REASON_TEXT } from '../src/domain/acknowledgements.js';
import { formatUkDate } from '../src/domain/dates.js';
import { casesByCrn, peopleOnCaseloads } from '../src/store/cases.repository.js';
import { writeContext } from '../src/assistant/dip-writes.js';

export interface FollowUpAckSlots {
  person: PersonSlots;
  statement: FollowUpStatement;
}

/** The statement again, for a "did you mean" button naming the CRN. */
function restated(s: FollowUpStatement, crn: string): string {
  switch (s.status) {
    case 'booked':
      return `follow-up booked for ${crn}${s.bookedFor ? ` on ${s.bookedFor}` : ''}`;
    case 'not_needed':
      return `follow-up not needed for ${crn}${s.reason ? `: ${NOT_NEEDED_REASON_TEXT[s.reason]}` : ''}`;
    default:
      return `follow-up done for ${crn}`;
  }
}

const plain = (message: string) => ({
  reply: { text: message, card: card([text(md(message))]), personalData: false },
  audit: { scope: 'person', count: 0 },
});

export const followUpAck: Command<FollowUpAckSlots> = {
  name: 'follow-up-ack',
  records: true,
  title: 'Mark a follow-up',
  description:
    'Mark a final-third follow-up booked (with its date), done, or not needed (recalled, exempt now, transferred).',
  examples: [
    'follow-up booked for X123456 on 12 Dec',
    'follow-up done for Jordan Pike',
    'follow-up not needed for X123456: recalled',
  ],
  roles: ['practitioner', 'spo'],
  scopes: ['personal'],
  match(u) {
    const statement = readFollowUpStatement(u);
    if (!statement?.status || statement.question) return null;
    const person = personSlots(u, ACK_WORDS);
    const slots = { person, statement };
    if (person.crn || person.cue) return { score: 0.97, slots };
    // Office talk without a clear person ("booked a room for the follow-up training"): not a record.
    // "FYI …", "just to let you know …" tell what was done: that is the record.
    // "…can you record that": asked to record it, whatever the talk around it.
    if (talkWithoutRecord(u)) return null;
    if (person.query && person.words <= 3) return { score: 0.8, slots };
    return { score: 0.7, slots };
  },
  async run(ctx, slots) {
    const s = slots.statement;
    if (!s.status) return plain('Say whether the follow-up is booked (with its date), done or not needed.');
    const holders = await writableCaseholders(ctx.database, ctx.asker);
    const found = await resolvePerson(
      ctx,
      slots.person,
      {
        noun: 'cases',
        command: 'follow-up-ack',
        example: 'follow-up booked for X123456 on 12 Dec',
        askFor: (crn) => restated(s, crn),
        hasCrn: async (crn) => (await casesByCrn(ctx.database, holders, crn)).length > 0,
        people: () => peopleOnCaseloads(ctx.database, holders),
      },
      { confirmCloseMatch: true },
    );
    if (found.kind === 'reply') return found.result;
    const rows = await casesByCrn(ctx.database, holders, found.crn);
    const row = followUpCase(rows, ctx.today);
    const who = rows[0] ? personLabel(rows[0]) : found.crn;
    if (!row)
      return personalReply(noPointText(rows, 'follow_up', who), 'That case has no follow-up to record.');
    const change = { status: s.status, bookedFor: s.bookedFor, heldOn: s.heldOn, reason: s.reason };
    const problem = followUpProblem(row, change, ctx.today);
    // Named, so the refusal says whose follow-up could not be recorded (a 1:1 chat; channels get the summary).
    if (problem)
      return personalReply(`${personLabel(row)} – ${problem}`, 'That follow-up could not be recorded.');
    const w = writeContext(ctx);
    const outcome = await writeAck(w, row, 'follow_up', change, null);
    const { lines } = await acknowledgementLines(ctx.database, 'follow_up', [row], ctx.now ?? new Date());
    const title = `Follow-up for ${personLabel(row)}: ${ackText(change)}`;
    const recorded = lines.get(row.id) ?? '';
    const already = outcome.result === 'recorded' ? '' : ' (already recorded: nothing changed)';
    const detail = `Follow-up date ${formatUkDate(row.followUpDate ?? row.endDate)}; licence ends ${formatUkDate(row.endDate)}.`;
    const after = 'Your weekly message and your SPO’s digest show it from now on.';
    return {
      reply: {
        text: [title, `${recorded}${already}`, detail, after].join('\n'),
        card: card([heading(md(title)), text(`✓ ${md(recorded)}${already}`), subtle(detail), subtle(after)]),
        personalData: true,
        channelSummary: `Recorded 1 follow-up as ${ackText({ ...change, bookedFor: null, heldOn: null })}.`,
      },
      audit: { scope: 'person', count: outcome.result === 'recorded' ? 1 : 0 },
    };
  },
};
