import { bullets, card, heading, subtle, submit, text } from '../src/cards/build.js';
import { IOM_RETURN_COMMAND, typedExample } from '../src/cards/iom.js';
import { compareDates, type IsoDate } from '../src/domain/dates.js';
import { lastCompletedMonth, monthLabel } from '../src/domain/iom-months.js';
import type { WorkingCalendar } from '../src/domain/working-days.js';
import { boroughKey, iomBoroughs, iomReturnsForMonth } from '../src/store/iom.repository.js';
import { staffWithRole } from '../src/store/staff.repository.js';
import type { JobDefinition, Notification } from '../src/delivery/job.js';
import type { StaffMember } from '../src/domain/staff.js';

/**
 * IOM monthly returns (docs/contracts.md, Jobs): on the 1st working day of the month every IOM lead
 * whose borough has not returned last month gets a reminder; on the 5th working day those still
 * missing get a chaser, and the central IOM team a summary (borough names and counts only).
 */

export type ReminderStage = 'reminder' | 'chaser';

const FIRST = 1;
const CHASER = 5;

/** The scheduled stage for a date, or null when the job has nothing to do that day. */
export function scheduledStage(today: IsoDate, calendar: WorkingCalendar): ReminderStage | null {
  if (calendar.isNthWorkingDayOfMonth(today, FIRST)) return 'reminder';
  if (calendar.isNthWorkingDayOfMonth(today, CHASER)) return 'chaser';
  return null;
}

/**
 * The stage for any date, so `npm run job` works on any day: before the 5th working day a run is
 * a reminder, from it on a chaser with the central summary.
 */
export function stageFor(today: IsoDate, calendar: WorkingCalendar): ReminderStage {
  const scheduled = scheduledStage(today, calendar);
  if (scheduled) return scheduled;
  const [y, m] = today.split('-').map(Number) as [number, number];
  try {
    return compareDates(today, calendar.nthWorkingDayOfMonth(y, m, CHASER)) >= 0 ? 'chaser' : 'reminder';
  } catch {
    return 'reminder';
  }
}

function leadMessage(lead: StaffMember, borough: string, month: IsoDate, stage: ReminderStage): Notification {
  const label = monthLabel(month);
  const lines =
    stage === 'reminder'
      ? [`Reminder: the ${borough} IOM return for ${label} is due.`]
      : [
          `Chaser: the ${borough} IOM return for ${label} has not been received yet.`,
          'The central IOM team sees it as outstanding until it arrives.',
        ];
  const how = `Send it here: press the button for the form, or type "${typedExample(month)}".`;
  return {
    recipient: lead,
    category: 'reminder',
    reply: {
      text: [...lines, how].join('\n'),
      card: card(
        [
          heading(stage === 'reminder' ? `IOM return due: ${label}` : `IOM return outstanding: ${label}`),
          ...lines.map((l) => text(l)),
          subtle(how),
        ],
        [submit('Open the return form', `IOM return for ${label}`, { command: IOM_RETURN_COMMAND })],
      ),
      personalData: false,
    },
  };
}

function centralSummary(
  recipient: StaffMember,
  month: IsoDate,
  boroughs: string[],
  outstanding: string[],
): Notification {
  const label = monthLabel(month);
  const received = boroughs.length - outstanding.length;
  const headline = `IOM returns for ${label}: ${received} of ${boroughs.length} received, ${outstanding.length} outstanding.`;
  const list = outstanding.length ? `Outstanding: ${outstanding.join(', ')}.` : 'Every borough has returned.';
  return {
    recipient,
    category: 'summary',
    reply: {
      text: `${headline}\n${list}`,
      card: card(
        [
          heading(`IOM returns: ${label}`),
          text(headline),
          ...(outstanding.length ? [text('**Outstanding**'), bullets(outstanding)] : [text(list)]),
          subtle('IOM leads with a return outstanding were sent a chaser today.'),
        ],
        [submit('Full status', `IOM returns status for ${label}`, { command: 'iom-returns-status' })],
      ),
      personalData: false,
    },
  };
}

export const iomReturnReminders: JobDefinition = {
  name: 'iom-return-reminders',
  description:
    'IOM leads whose borough has not returned last month: a reminder on the 1st working day, a chaser on the 5th with a summary to the central IOM team.',
  // Daily at 09:00; runsOn keeps only the 1st and 5th working days (cron cannot count working days).
  defaultSchedule: '0 9 * * *',
  runsOn(today, settings) {
    return scheduledStage(today, settings.calendar) !== null;
  },
  slotFor(today) {
    return today;
  },
  async build(ctx) {
    const stage = stageFor(ctx.today, ctx.settings.calendar);
    const month = lastCompletedMonth(ctx.today);
    const [leads, returns, boroughs] = await Promise.all([
      staffWithRole(ctx.database, 'iom_lead'),
      iomReturnsForMonth(ctx.database, month),
      iomBoroughs(ctx.database),
    ]);
    const returned = new Set(returns.map((r) => boroughKey(r.borough)));
    const notifications: Notification[] = [];
    for (const lead of leads) {
      const borough = lead.borough?.trim();
      if (!borough) {
        ctx.log.warn(
          { event: 'iom_lead_without_borough', staffId: lead.id },
          'IOM lead has no borough: no reminder',
        );
        continue;
      }
      if (!returned.has(boroughKey(borough))) notifications.push(leadMessage(lead, borough, month, stage));
    }
    if (stage === 'chaser') {
      const outstanding = boroughs.filter((b) => !returned.has(boroughKey(b)));
      for (const person of await staffWithRole(ctx.database, 'iom_central')) {
        notifications.push(centralSummary(person, month, boroughs, outstanding));
      }
    }
    ctx.log.info({ event: 'iom_return_reminders', stage, month, notifications: notifications.length });
    return notifications;
  },
};
