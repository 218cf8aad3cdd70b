import { dipOutcomeActions, jobView } from '../src/cards/actions.js';
import { container, md, text } from '../src/cards/build.js';
import { fitCard, preferenceActions } from '../src/cards/digest.js';
import { addDays, formatUkDate, type IsoDate } from '../src/domain/dates.js';
import { DIP_OUTCOME_TEXT, stlStatus, type DipOutcome, type StlStatus } from '../src/domain/dip.js';

import { openBreachesExpiring, type DipBreachRow } from '../src/store/dip.repository.js';
import { staffWithRole } from '../src/store/staff.repository.js';
import type { JobDefinition, Notification } from '../src/delivery/job.js';
import type { StaffMember } from '../src/domain/staff.js';
import { plural } from '../src/cards/text.js';

const LEVEL_TEXT: Record<1 | 2 | 3, string> = {
  3: 'URGENT: 2 days or fewer',
  2: 'within 7 days',
  1: 'within the warning period',
};

function statusOn(b: DipBreachRow, day: IsoDate, warningDays: number): StlStatus {
  return stlStatus(
    { missedDate: b.missedDate, outcome: b.currentOutcome as DipOutcome | null },
    day,
    warningDays,
  );
}

/**
 * Which breaches an officer hears about today: everything expiring, but only when something
 * crossed into the warning period, to 7 days or to 2 days since the last run (or is in its last
 * 2 days, which repeats daily). Nothing new means no message: a daily copy of the same list
 * teaches people to ignore it.
 */
export function dipReminderFor(
  officer: StaffMember,
  breaches: DipBreachRow[],
  ctx: { today: IsoDate; lastRunDate: IsoDate | null; warningDays: number },
): Notification | null {
  const view = jobView('dip-stl-reminders', ctx);
  const rows = breaches
    .map((b) => {
      const now = statusOn(b, ctx.today, ctx.warningDays);
      const before = ctx.lastRunDate ? statusOn(b, ctx.lastRunDate, ctx.warningDays).escalation : 0;
      return { b, now, isNew: now.escalation > before || now.escalation === 3 };
    })
    .filter((r) => r.now.escalation > 0);
  if (!rows.some((r) => r.isNew)) return null;
  rows.sort((a, b) => a.now.daysLeft - b.now.daysLeft || a.b.reference.localeCompare(b.b.reference));
  const urgent = rows.filter((r) => r.now.escalation === 3).length;
  const title = urgent
    ? `DIP time limits: ${plural(urgent, 'breach', 'breaches')} in the last 2 days to charge`
    : `DIP time limits: ${plural(rows.length, 'breach', 'breaches')} to charge soon`;
  const line = (r: (typeof rows)[number]) => {
    const b = r.b;
    const level = LEVEL_TEXT[r.now.escalation as 1 | 2 | 3];
    const circulated = b.currentOutcome
      ? ` · ${DIP_OUTCOME_TEXT[b.currentOutcome as DipOutcome] ?? b.currentOutcome}`
      : '';
    const assigned = b.officerEmail?.toLowerCase() === officer.email.toLowerCase() ? '' : ' · unassigned';
    // The officer may record an outcome on every breach their reminder lists (theirs or unassigned).
    return container(
      [
        text(
          `${r.isNew ? '🔔 ' : ''}**${b.reference}** · ${md(`${b.firstName} ${b.lastName}`)} · last day ${formatUkDate(r.now.lastDay)} ` +
            `(${plural(r.now.daysLeft, 'day')} left, ${level})${circulated}${assigned}`,
          r.now.escalation === 3 ? { color: 'Attention' } : {},
        ),
        dipOutcomeActions(b.reference, false, view),
      ],
      { spacing: 'Small' },
    );
  };
  const card = fitCard({
    title,
    intro:
      'Issue the postal charge requisition on or before the last day: there is no extension for weekends or bank holidays.',
    sections: [
      {
        title: 'Last 2 days',
        rows: rows.filter((r) => r.now.escalation === 3).map(line),
        ask: `which DIP STLs expire in the next ${ctx.warningDays} days`,
      },
      {
        title: 'Within 7 days',
        rows: rows.filter((r) => r.now.escalation === 2).map(line),
        ask: `which DIP STLs expire in the next ${ctx.warningDays} days`,
      },
      {
        title: `Within ${ctx.warningDays} days`,
        rows: rows.filter((r) => r.now.escalation === 1).map(line),
        ask: `which DIP STLs expire in the next ${ctx.warningDays} days`,
      },
    ],
    footer:
      '🔔 = new at this level since the last reminder. Arrested, circulated and engaging cases still need charging: none of them stops the clock.',
    actions: preferenceActions('reminder', view),
  });
  return {
    recipient: officer,
    category: 'reminder',
    reply: {
      text: `${title}\n${rows.map((r) => `- ${r.b.reference}: last day ${formatUkDate(r.now.lastDay)}`).join('\n')}`,
      card,
      personalData: true,
      channelSummary: `${title}.`,
    },
  };
}

/**
 * 08:00 on working days, DIP officers: open breaches whose last day to charge is within the
 * warning period (DIP_WARNING_DAYS, default 14), escalating at 7 and 2 days. A breach assigned to
 * an officer goes to that officer; an unassigned one to every DIP officer.
 */
export const dipStlReminders: JobDefinition = {
  name: 'dip-stl-reminders',
  description: 'DIP officers: time limits to charge within 14 days, escalating at 7 and 2',
  defaultSchedule: '0 8 * * 1-5',
  runsOn: (today, settings) => settings.calendar.isWorkingDay(today),
  slotFor: (today) => today,
  extracts: ['dip-breaches'],
  async build(ctx) {
    const { database, settings, today } = ctx;
    const officers = await staffWithRole(database, 'dip_officer');
    if (!officers.length) return [];
    const breaches = await openBreachesExpiring(database, today, addDays(today, settings.dipWarningDays));
    const officerEmails = new Set(officers.map((o) => o.email.toLowerCase()));
    const out: Notification[] = [];
    for (const officer of officers) {
      if (ctx.recipients && !ctx.recipients.has(officer.email.toLowerCase())) continue;
      const mine = breaches.filter((b) => {
        const assigned = b.officerEmail?.toLowerCase();
        return assigned === officer.email.toLowerCase() || !assigned || !officerEmails.has(assigned);
      });
      const n = dipReminderFor(officer, mine, {
        today,
        lastRunDate: ctx.lastRunDate ?? null,
        warningDays: settings.dipWarningDays,
      });
      if (n) out.push(n);
    }
    return out;
  },
};
