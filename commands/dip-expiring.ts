import type { Command } from '../src/assistant/types.js';
import type { Period } from '../src/assistant/periods.js';
import { aboutJobs } from '../src/assistant/understand.js';

import { card, heading, subtle, text, type Element } from '../src/cards/build.js';
import { MAX_ROWS, moreRows } from '../src/cards/cases.js';
import { breachBlock, breachLabel, daysLeftText } from '../src/cards/dip.js';
import { addDays, compareDates, daysBetween, formatUkDate } from '../src/domain/dates.js';
import { stlStatus, type DipOutcome } from '../src/domain/dip.js';
import { openBreachesExpiring, overdueOpenBreaches } from '../src/store/dip.repository.js';
import { staffNames } from '../src/store/staff.repository.js';

export interface DipExpiringSlots {
  /** How many days ahead; null = the warning period setting. */
  days: number | null;
  /** The days asked about ("this week", "by Friday"), when a period was named. */
  period: Period | null;
}

/** "stl", "stls", "statutory time limit", "time limits". */
export function mentionsStl(text: string): boolean {
  return /\bstls?\b|\bstatutory time limits?\b|\btime limits?\b|\blast days? to charge\b|\bcharge deadlines?\b/.test(
    text,
  );
}

export const dipExpiring: Command<DipExpiringSlots> = {
  name: 'dip-expiring',
  title: 'DIP STLs expiring',
  description:
    'Missed DIP assessments whose last day to charge (6-month time limit) is coming up, soonest first.',
  examples: ['which DIP STLs expire in the next 14 days', 'expiring STLs', 'stls running out'],
  roles: ['dip_officer'],
  extracts: ['dip-breaches'],
  scopes: ['personal', 'team'],
  match(u) {
    if (u.reference || u.referenceSuffix || aboutJobs(u.text)) return null;
    // "turn off the STL reminders": a settings change, not the list.
    if (
      /\b(?:reminders?|alerts?|notifications?)\b/.test(u.text) &&
      /\b(?:turn|switch|stop|mute|pause|snooze|unmute|start|resume)\b/.test(u.text)
    )
      return null;
    const stl = mentionsStl(u.text);
    // "I'll dip out early": the verb, not Drug Intervention Programme.
    const dip = /\bdip\b(?! (?:out|in|into)\b)/.test(u.text);
    // "what's expiring this week", "which ones run out by Friday": the DIP officer's own question,
    // though it names no DIP word; a lower score lets another role's commands read it first.
    const runningOut =
      /\bexpir\w*|\brun(?:s|ning)? out\b|\btim(?:e|es|ing) out\b|\bcharge (?:by|before)\b|\bdeadlines?\b/.test(
        u.text,
      );
    // "which breaches need charging by the 18th": the last days to charge in a period.
    const chargingBy = /\bbreach(?:es)?\b/.test(u.text) && (u.period !== null || /\bcharg/.test(u.text));
    if (!stl && !dip && !runningOut && !chargingBy) return null;
    let days = u.days;
    const period = u.period && compareDates(u.period.to, u.today) >= 0 ? u.period : null;
    if (days === null && period) days = daysBetween(u.today, period.to);
    const slots = { days, period };
    if (stl) return { score: u.chatter ? 0.5 : 0.9, slots };
    if (!dip)
      return {
        score: u.chatter || /\blicen[cs]e|\border|\bsentence|\becsl\b/.test(u.text) ? 0.4 : 0.6,
        slots,
      };
    // "DIP" alone is a weaker hint: ask unless it also says what about.
    return {
      score:
        !u.chatter &&
        /\bexpir|\brunning out\b|\bdue\b|\bbreach|\bcharg|\bdeadlines?\b|\bmissed\b|\bhitting\b/.test(u.text)
          ? 0.85
          : 0.5,
      slots,
    };
  },
  async run(ctx, slots) {
    const days = slots.days ?? ctx.settings.dipWarningDays;
    const to = slots.period?.to ?? addDays(ctx.today, days);
    const [rows, overdue] = await Promise.all([
      openBreachesExpiring(ctx.database, ctx.today, to),
      overdueOpenBreaches(ctx.database, ctx.today),
    ]);
    const officers = await staffNames(ctx.database, [
      ...new Set(rows.map((r) => r.officerEmail).filter((e): e is string => Boolean(e))),
    ]);
    const statuses = rows.map((r) => ({
      row: r,
      status: stlStatus(
        { missedDate: r.missedDate, outcome: r.outcome as DipOutcome | null },
        ctx.today,
        Math.max(days, ctx.settings.dipWarningDays),
      ),
    }));
    const urgent = statuses.filter((s) => s.status.daysLeft <= 2).length;
    const soon = statuses.filter((s) => s.status.daysLeft <= 7).length;
    const n = rows.length;
    const title = `DIP STLs expiring in the next ${days} days (to ${formatUkDate(to)})`;
    const summary =
      n === 0
        ? `No open DIP breach reaches its last day to charge in the next ${days} days.`
        : `${n} open breach${n === 1 ? '' : 'es'} reach${n === 1 ? 'es' : ''} the last day to charge in the next ${days} days` +
          (soon ? `: ${soon} within 7 days (${urgent} within 2 days).` : '.');
    const overdueLine = overdue.length
      ? `${overdue.length} already passed the last day to charge with no outcome recorded: ` +
        overdue
          .slice(0, 10)
          .map((r) => `${r.reference} (${formatUkDate(r.lastDayToCharge)})`)
          .join(', ') +
        (overdue.length > 10 ? `, and ${overdue.length - 10} more` : '') +
        '. Record an outcome (e.g. STL passed).'
      : null;

    const body: Element[] = [heading(title), text(summary)];
    for (const s of statuses.slice(0, MAX_ROWS)) {
      body.push(
        breachBlock(
          s.row,
          s.status,
          s.row.officerEmail ? (officers.get(s.row.officerEmail) ?? s.row.officerEmail) : null,
        ),
      );
    }
    body.push(...moreRows(n));
    if (overdueLine) body.push(text(overdueLine, { color: 'Attention', spacing: 'Medium' }));
    body.push(
      subtle(
        'Circulated as wanted does not stop the clock. Issuing a postal charge requisition on or before the last day is in time.',
      ),
    );
    const lines = [
      title,
      summary,
      ...statuses.map(
        (s) =>
          `- ${breachLabel(s.row)}: ${formatUkDate(s.status.lastDay)} (${daysLeftText(s.status.daysLeft)})`,
      ),
      ...(overdueLine ? [overdueLine] : []),
    ];
    const channelSummary =
      `${summary.replace(/\.$/, '')}` +
      (overdue.length ? `; ${overdue.length} already passed without an outcome.` : '.');
    return {
      reply: {
        text: lines.join('\n'),
        card: card(body),
        personalData: n > 0 || overdue.length > 0,
        channelSummary,
      },
      audit: { scope: 'dip', count: n },
    };
  },
};
