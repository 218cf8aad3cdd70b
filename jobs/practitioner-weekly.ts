import { acknowledgementsOf } from '../src/assistant/case-writes.js';
import { ackOpen, ackSuffix } from '../src/cards/acks.js';
import { followUpActions, jobView, twoThirdsActions } from '../src/cards/actions.js';
import { container, text, type Element } from '../src/cards/build.js';
import { changeAtTwoThirds, exemptReasonText } from '../src/cards/cases.js';
import { fitCard, preferenceActions } from '../src/cards/digest.js';
import { formatUkDate, startOfWeek, weekOf } from '../src/domain/dates.js';

import { casesReachingTwoThirds, followUpsDue, type CaseRow } from '../src/store/cases.repository.js';
import { staffWithRole } from '../src/store/staff.repository.js';
import { type JobDefinition, type Notification, wanted, eachRecipient } from '../src/delivery/job.js';
import { personMarkdown, plural } from '../src/cards/text.js';
import { inChunks } from '../src/store/chunks.js';
import { groupBy } from '../src/domain/collections.js';

const label = (r: CaseRow) => personMarkdown(r);

/**
 * 08:00 on the first working day of the week (Monday, or Tuesday after a bank-holiday Monday),
 * each practitioner: their own cases reaching two-thirds this week and follow-ups due this week.
 * The slot is the week (its Monday), so a later run in the same week sends nothing new.
 */
export const practitionerWeekly: JobDefinition = {
  name: 'practitioner-weekly',
  description: "Each practitioner's week ahead: two-thirds points and follow-ups due",
  defaultSchedule: '0 8 * * 1-5',
  runsOn: (today, settings) => settings.calendar.isFirstWorkingDayOfWeek(today),
  slotFor: (today) => startOfWeek(today),
  extracts: ['cases'],
  async build(ctx) {
    const { database, settings, today } = ctx;
    const practitioners = (await staffWithRole(database, 'practitioner')).filter((p) => wanted(ctx, p));
    if (!practitioners.length) return [];
    const emails = practitioners.map((p) => p.email);
    const week = weekOf(today);
    const twoThirds = groupBy(
      await inChunks(emails, (part) => casesReachingTwoThirds(database, part, week.from, week.to)),
      (r) => r.practitionerEmail,
    );
    const dueRows = await inChunks(emails, (part) => followUpsDue(database, part, week.from, week.to));
    const followUps = groupBy(dueRows, (r) => r.practitionerEmail);
    const weekText = `week of ${formatUkDate(week.from)}`;
    // What each practitioner has already said in Teams: booked or done, contact reduced.
    const fuAcks = await acknowledgementsOf(database, 'follow_up', dueRows);
    const ttAcks = await acknowledgementsOf(database, 'two_thirds', [...twoThirds.values()].flat());
    const view = jobView('practitioner-weekly', ctx);

    return eachRecipient(practitioners, 'digest', (p): Notification => {
      const tt = twoThirds.get(p.email) ?? [];
      const reducing = tt.filter((r) => !r.exempt);
      const exempt = tt.filter((r) => r.exempt);
      const fu = followUps.get(p.email) ?? [];
      const total = tt.length + fu.length;
      const title = `Your week ahead: ${weekText}`;
      const unbooked = fu.filter((r) => !fuAcks.acks.has(r.id)).length;
      const summary = total
        ? `${plural(reducing.length, 'case')} reach two-thirds (${exempt.length} exempt) · ${plural(fu.length, 'follow-up')} due` +
          (fu.length ? ` (${unbooked} not yet booked)` : '')
        : 'None of your cases reach two-thirds or need a follow-up this week.';
      const row = (r: CaseRow, line: string, actions: Element | null = null): Element =>
        actions
          ? container([text(`${label(r)} · ${line}`), actions], { spacing: 'Small' })
          : text(`${label(r)} · ${line}`, { spacing: 'Small' });
      const card = fitCard({
        title,
        intro: summary,
        sections: [
          {
            title: 'Two-thirds: contact reduces',
            rows: reducing.map((r) => {
              const ack = ttAcks.acks.get(r.id);
              return row(
                r,
                `${formatUkDate(r.twoThirdsDate)}: ${changeAtTwoThirds(r, settings.reset, today)}${ackSuffix(ack, ttAcks.names)}`,
                ack ? null : twoThirdsActions({ caseId: r.id, due: r.twoThirdsDate }, view),
              );
            }),
            ask: 'who reaches two-thirds this week',
          },
          {
            title: 'Two-thirds: exempt, contact continues',
            rows: exempt.map((r) => row(r, `${formatUkDate(r.twoThirdsDate)}: ${exemptReasonText(r)}`)),
            ask: 'who reaches two-thirds this week',
          },
          {
            title: 'Final-third follow-ups due',
            rows: fu.map((r) => {
              const ack = fuAcks.acks.get(r.id);
              const due = r.followUpDate ?? r.twoThirdsDate;
              const target = { caseId: r.id, due, twoThirdsDate: r.twoThirdsDate, endDate: r.endDate };
              return row(
                r,
                `${formatUkDate(due)}${ackSuffix(ack, fuAcks.names)}`,
                ackOpen(ack) ? followUpActions(target, view, ack?.status === 'booked') : null,
              );
            }),
            ask: 'which final third follow-ups are due this week',
          },
        ],
        footer: total ? 'Licence conditions and recall still apply in the final third.' : undefined,
        actions: preferenceActions('digest', view),
      });
      return {
        recipient: p,
        category: 'digest',
        empty: total === 0,
        reply: {
          text: `${title}\n${summary}`,
          card,
          personalData: total > 0,
          channelSummary: `${title}: ${summary}.`,
        },
      };
    });
  },
};
