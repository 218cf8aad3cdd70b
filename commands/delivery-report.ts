import type { Command } from '../src/assistant/types.js';
import { card, facts, heading, text } from '../src/cards/build.js';
import { formatUkDate } from '../src/domain/dates.js';
import { JOBS_UNAVAILABLE_REPLY } from '../src/delivery/service.js';

/** "delivery report today" (admins): today's deliveries per job and status, never who or what. */
export const deliveryReport: Command<null> = {
  name: 'delivery-report',
  title: 'Delivery report',
  description: "Admins: today's proactive deliveries per job and status (no names or content).",
  examples: ['delivery report today'],
  roles: ['admin'],
  scopes: ['personal'],
  match(u) {
    return /\bdeliver(?:y|ies)\s+(?:report|status|counts?)\b|\bjob (?:report|status)\b/.test(u.text)
      ? { score: 0.95, slots: null }
      : null;
  },
  async run(ctx) {
    if (!ctx.jobs) return { reply: JOBS_UNAVAILABLE_REPLY, audit: { scope: 'admin', count: 0 } };
    const rows = await ctx.jobs.report(ctx.today);
    const title = `Deliveries for ${formatUkDate(ctx.today)}`;
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
