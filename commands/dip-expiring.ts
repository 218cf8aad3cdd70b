import { z } from 'zod';
import type { Command } from '../src/assistant/types.js';
import type { Period } from '../src/assistant/periods.js';
import { aboutJobs } from '../src/assistant/understand.js';
import { statesAnOutcome } from '../src/assistant/dip-outcome-words.js';
import { recordedOn, writableBreaches } from '../src/assistant/dip-writes.js';
import { asksDipBacklog } from '../src/assistant/dip-backlog-words.js';

import { commandView, dipOutcomeActions } from '../src/cards/actions.js';
import { card, heading, subtle, text, type Element } from '../src/cards/build.js';
import type { CardRefresh } from '../src/cards/types.js';
import { MAX_ROWS, moreRows } from '../src/cards/cases.js';
import { breachBlock, breachLabel, breachStatus, daysLeftText } from '../src/cards/dip.js';
import { addDays, compareDates, daysBetween, formatUkDate } from '../src/domain/dates.js';
import { openBreachesExpiring, overdueOpenBreaches } from '../src/store/dip.repository.js';
import { staffByEmails, staffNames } from '../src/store/staff.repository.js';
import { periodSchema } from '../src/assistant/slots.js';

export interface DipExpiringSlots {
  /** How many days ahead; null = the warning period setting. */
  days: number | null;
  /** The days asked about ("this week", "by Friday"), when a period was named. */
  period: Period | null;
}

/** "stl", "stls", "statutory time limit", "time limits". */
export function mentionsStl(text: string): boolean {
  return /\bstls?\b|\bstatutory time limits?\b|\btime limits?\b|\b(?:six|6)[- ]months? (?:time )?limits?\b|\blast days? to charge\b|\bcharge deadlines?\b/.test(
    text,
  );
}

/** Breaches past their last day shown one by one (with their buttons); the rest are counted. */
const OVERDUE_SHOWN = 10;

export const dipExpiring: Command<DipExpiringSlots> = {
  name: 'dip-expiring',
  title: 'DIP STLs expiring',
  description:
    'Missed DIP assessments whose last day to charge (6-month time limit) is coming up, soonest first.',
  examples: ['which DIP STLs expire in the next 14 days', 'expiring STLs', 'stls running out'],
  roles: ['dip_officer'],
  extracts: ['dip-breaches'],
  scopes: ['personal', 'team'],
  slotsSchema: z.object({
    days: z.number().int().min(0).max(366).nullable(),
    period: periodSchema.nullable(),
  }),
  match(u) {
    if (u.reference || u.referenceSuffix || aboutJobs(u.text) || statesAnOutcome(u.raw)) return null;
    // "DIP backlog", "DIP outcomes since March": the backlog report.
    if (asksDipBacklog(u.text)) return null;
    // "turn off the STL reminders": a settings change, not the list.
    if (
      /\b(?:reminders?|alerts?|notifications?)\b/.test(u.text) &&
      /\b(?:turn|switch|stop|mute|pause|snooze|unmute|start|resume|any ?more|no longer|don't need|dont need|do not need)\b/.test(
        u.text,
      )
    )
      return null;
    const stl = mentionsStl(u.text);
    // "I'll dip out early": the verb, not Drug Intervention Programme.
    const dip = /\bdip\b(?! (?:out|in|into)\b)/.test(u.text);
    // "what's expiring this week", "which ones run out by Friday": the DIP officer's own question,
    // though it names no DIP word; a lower score lets another role's commands read it first.
    const runningOut =
      /\bexpir\w*|\brun(?:s|ning)? out\b|\btim(?:e|es|ing) out\b|\bcharge (?:by|before)\b|\bdeadlines?\b|\blapse[sd]?\b|\blapsing\b/.test(
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
        !u.chatter && (runningOut || /\bdue\b|\bbreach|\bcharg|\bmissed\b|\bhitting\b/.test(u.text))
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
    const statuses = rows.map((r) => ({
      row: r,
      status: breachStatus(r, ctx.today, Math.max(days, ctx.settings.dipWarningDays)),
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
    const channelSummary =
      `${summary.replace(/\.$/, '')}` +
      (overdue.length ? `; ${overdue.length} already passed without an outcome.` : '.');
    const view = commandView('dip-expiring', { days: slots.days, period: slots.period ?? null });
    const inChannel = ctx.conversationType !== 'personal';

    // In a channel the officers holding these breaches (and the asker) each get their own view,
    // with references and buttons, through the card's refresh; the channel sees counts.
    let refresh: CardRefresh | undefined;
    if (inChannel) {
      const holders = await staffByEmails(
        ctx.database,
        [...rows, ...overdue].map((r) => r.officerEmail ?? '').filter(Boolean),
      );
      const aad = [ctx.asker.aadObjectId, ...[...holders.values()].map((s) => s.aadObjectId)].filter(
        (a): a is string => Boolean(a),
      );
      refresh = { view, userAadObjectIds: [...new Set(aad)] };
    }
    if (inChannel && !ctx.ownView) {
      return {
        reply: {
          text: `${title}\n${channelSummary}`,
          card: card([
            heading(title),
            text(channelSummary),
            subtle('Names stay out of channels: ask me 1:1 for the list.'),
          ]),
          personalData: false,
          ...(refresh ? { refresh } : {}),
        },
        audit: { scope: 'dip', count: n },
      };
    }

    const names = !inChannel;
    const shownOverdue = overdue.slice(0, OVERDUE_SHOWN);
    const [officers, writable, recorded] = await Promise.all([
      staffNames(ctx.database, [...rows, ...shownOverdue].map((r) => r.officerEmail ?? '').filter(Boolean)),
      writableBreaches(ctx.database, ctx.asker, [...rows.slice(0, MAX_ROWS), ...shownOverdue]),
      recordedOn(ctx.database, [...rows.slice(0, MAX_ROWS), ...shownOverdue], ctx.now ?? new Date()),
    ]);
    const officerOf = (email: string | null) => (email ? (officers.get(email) ?? email) : null);
    const block = (r: (typeof rows)[number], s: ReturnType<typeof breachStatus>) =>
      breachBlock(r, s, officerOf(r.officerEmail), {
        names,
        recorded: recorded.get(r.id) ?? null,
        actions: writable.has(r.id) ? dipOutcomeActions(r.reference, s.daysLeft < 0, view) : null,
      });

    const body: Element[] = [heading(title), text(summary)];
    for (const s of statuses.slice(0, MAX_ROWS)) body.push(block(s.row, s.status));
    body.push(...moreRows(n));
    const overdueTitle = overdue.length
      ? `${overdue.length} already passed the last day to charge with no outcome recorded: ` +
        overdue
          .slice(0, OVERDUE_SHOWN)
          .map((r) => `${r.reference} (${formatUkDate(r.lastDayToCharge)})`)
          .join(', ') +
        (overdue.length > OVERDUE_SHOWN ? `, and ${overdue.length - OVERDUE_SHOWN} more` : '') +
        '. Record an outcome (e.g. STL passed).'
      : null;
    if (overdueTitle) {
      body.push(text(overdueTitle, { color: 'Attention', spacing: 'Medium' }));
      for (const r of shownOverdue)
        body.push(block(r, breachStatus(r, ctx.today, ctx.settings.dipWarningDays)));
    }
    body.push(
      subtle(
        'Arrested, circulated as wanted and engaging do not stop the clock. Issuing a postal charge requisition on or before the last day is in time.',
      ),
    );
    const lines = [
      title,
      summary,
      ...statuses.map(
        (s) =>
          `- ${breachLabel(s.row, names)}: ${formatUkDate(s.status.lastDay)} (${daysLeftText(s.status.daysLeft)})`,
      ),
      ...(overdueTitle ? [overdueTitle] : []),
    ];
    return {
      reply: {
        text: lines.join('\n'),
        card: card(body),
        personalData: names && (n > 0 || overdue.length > 0),
        channelSummary,
        ...(refresh ? { refresh } : {}),
      },
      audit: { scope: 'dip', count: n },
    };
  },
};
