import { lookingBack, type Period } from '../src/assistant/periods.js';
import type { Command, CommandContext } from '../src/assistant/types.js';
import { card, facts, heading, text } from '../src/cards/build.js';
import { compareDates, formatUkDate } from '../src/domain/dates.js';
import { JOBS_UNAVAILABLE_REPLY } from '../src/delivery/service.js';

/** "delivery report today" (admins): today's deliveries per job and status, never who or what. */
/** What a delivery question covers: the days asked about, today if none. */
interface DeliveryReportSlots {
  period: Period | null;
}

export const deliveryReport: Command<DeliveryReportSlots> = {
  name: 'delivery-report',
  title: 'Delivery report',
  description: 'Admins: proactive deliveries per job and status for a day or a period (no names or content).',
  examples: ['delivery report today', 'delivery report last week'],
  roles: ['admin'],
  scopes: ['personal'],
  match(u) {
    const slots = { period: lookingBack(u) };
    if (/\bdeliver(?:y|ies)\s+(?:report|status|counts?)\b|\bjob (?:report|status)\b/.test(u.text))
      return { score: 0.95, slots };
    // "what went out yesterday", "any failed sends today", "did the digests go out ok".
    const sending =
      /\b(?:digests?|reminders?|messages?|notifications?|alerts?|jobs?|everything|anything|what|it|they) (?:\w+ )?(?:went|go|gone|get|got|been sent) out\b|\bfailed (?:sends?|messages?|deliveries)\b|\b(?:sends?|messages?|deliveries|notifications?|digests?|reminders?) (?:failed|fail|delivered|bounced)\b|\bdeliveries\b|\bsent ?\/ ?failed\b|\bwhat (?:has |have |'s )?(?:failed|went wrong|bounced)\b|\b(?:anything|any sends?) (?:fail|failed)\b|\bper job\b|\bhow (?:did|have|has) (?:the |today's |yesterday's )?(?:sends?|sending|deliveries|digests?|reminders?|alerts?|messages?|notifications?|jobs?) (?:go|gone|went|done|do)\b|\b(?:failures?|errors?|problems?) (?:on|with|in|for|sending) (?:the )?(?:reminders?|digests?|alerts?|messages?|notifications?|sends?|jobs?)\b/.test(
        u.text,
      );
    // "did everyone get their digest today", "any send failures", "delivery stats".
    const received =
      /\b(?:did|has|have|were|was)\b.*\b(?:get|got|receive|received|go|gone|sent)\b.*\b(?:digests?|reminders?|alerts?|messages?|notifications?)\b/.test(
        u.text,
      ) ||
      /\bsend(?:ing)? (?:failures?|errors?|problems?|stats?|statistics)\b|\bdelivery (?:stats?|statistics|figures|numbers|summary|failures?|problems?|logs?|for)\b|\bmessages? (?:sent|delivered)\b|\b(?:were|was|been|have been|has been) (?:delivered|delivering)\b|\bfailed to (?:deliver|send|go)\b|\bbounced?\b|\bsent vs\b|\bmessage delivery\b|\bsend(?:s)? (?:everything|it all|anything) out\b|\bwhat (?:got|was|has been|have been|went) (?:delivered|sent)\b/.test(
        u.text,
      );
    if ((sending || received) && !/\b(?:stop|start|snooze|pause|mute)\b/.test(u.text))
      return { score: 0.85, slots };
    return null;
  },
  async run(ctx, slots) {
    if (!ctx.jobs) return { reply: JOBS_UNAVAILABLE_REPLY, audit: { scope: 'admin', count: 0 } };
    const period = slots?.period ?? null;
    const from = period?.from ?? ctx.today;
    const to = period ? (compareDates(period.to, ctx.today) > 0 ? ctx.today : period.to) : ctx.today;
    const raw = await ctx.jobs.report(from, to);
    // Over several days, one line per job and outcome: the days' slots added up.
    const rows = from === to ? raw : sumBySlot(raw, `${formatUkDate(from)} to ${formatUkDate(to)}`);
    const title =
      from === to
        ? `Deliveries for ${formatUkDate(from)}`
        : `Deliveries from ${formatUkDate(from)} to ${formatUkDate(to)}`;
    if (!rows.length) {
      return {
        reply: {
          text: `${title}: nothing recorded yet.`,
          card: card([heading(title), text('Nothing recorded yet.')]),
          personalData: false,
        },
      };
    }
    const byJob = new Map<string, typeof rows>();
    for (const r of rows) byJob.set(r.job, [...(byJob.get(r.job) ?? []), r]);
    const body = [heading(title)];
    const lines = [title];
    for (const [job, list] of byJob) {
      const slot = list[0]?.slot ?? '';
      body.push(text(`**${job}** (slot ${slot})`, { spacing: 'Medium' }));
      const pairs = list.map((r): [string, string] => [
        r.detail ? `${r.status}: ${r.detail}` : r.status,
        String(r.n),
      ]);
      body.push(facts(pairs));
      lines.push(`${job} (${slot}): ${pairs.map(([k, v]) => `${k} ${v}`).join(', ')}`);
    }
    return {
      reply: { text: lines.join('\n'), card: card(body), personalData: false },
      audit: { scope: 'admin', count: rows.reduce((n, r) => n + r.n, 0) },
    };
  },
};

type Row = Awaited<ReturnType<NonNullable<CommandContext['jobs']>['report']>>[number];

function sumBySlot(rows: Row[], slot: string): Row[] {
  const out = new Map<string, Row>();
  for (const r of rows) {
    const key = `${r.job}|${r.status}|${r.detail ?? ''}`;
    const seen = out.get(key);
    if (seen) seen.n += r.n;
    else out.set(key, { ...r, slot });
  }
  return [...out.values()];
}
