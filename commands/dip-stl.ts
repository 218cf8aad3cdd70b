import type { Command, CommandResult } from '../src/assistant/types.js';

import { bullets, card, heading, md, submit, subtle, text } from '../src/cards/build.js';
import { breachLabel, breachLines, daysLeftText, outcomeText } from '../src/cards/dip.js';
import { formatUkDate } from '../src/domain/dates.js';
import { stlStatus, type DipOutcome, type StlStatus } from '../src/domain/dip.js';
import { breachByReference, breachesEndingWith, type DipBreachRow } from '../src/store/dip.repository.js';
import { staffNames } from '../src/store/staff.repository.js';

export interface DipStlSlots {
  reference: string | null;
}

function statusLine(s: StlStatus, outcome: string | null): string {
  switch (s.status) {
    case 'dealt_with':
      return `Dealt with: ${outcomeText(outcome) ?? 'outcome recorded'}.`;
    case 'passed':
      return `The time limit has passed (${daysLeftText(s.daysLeft)}) with no outcome recorded.`;
    case 'expiring':
      return `Expiring: ${daysLeftText(s.daysLeft)} to charge or issue a postal charge requisition.`;
    case 'open':
      return `Open: ${daysLeftText(s.daysLeft)} to charge.`;
  }
}

/** Several breaches end with the number typed: one button each, carrying the full reference. */
function whichBreach(number: string, rows: DipBreachRow[]): CommandResult {
  const message = `More than one DIP breach ends with ${number}. Pick one:`;
  return {
    reply: {
      text: [message, ...rows.map((r) => `- ${breachLabel(r)}`)].join('\n'),
      card: card(
        [heading('Which breach?'), text(message)],
        rows.map((r) => submit(breachLabel(r), `STL for ${r.reference}`, { command: 'dip-stl' })),
      ),
      personalData: true,
      channelSummary: `${rows.length} DIP breaches end with that number; ask in our 1:1 chat to pick one.`,
    },
    audit: { scope: 'dip', count: 0 },
  };
}

export const dipStl: Command<DipStlSlots> = {
  name: 'dip-stl',
  title: 'STL for a DIP breach',
  description:
    'The last day to charge a missed DIP assessment (6-month statutory time limit) and where it stands.',
  examples: ['STL for DIP-23-0417', 'last day to charge DIP-23-0417'],
  roles: ['dip_officer'],
  extracts: ['dip-breaches'],
  scopes: ['personal'],
  match(u) {
    if (u.reference) return { score: 0.95, slots: { reference: u.reference } };
    // A number on its own with DIP words ("when does 0417 run out"): likely this, but ask if unsure.
    if (u.referenceSuffix) return { score: 0.8, slots: { reference: u.referenceSuffix } };
    return null;
  },
  async run(ctx, slots) {
    if (!slots.reference) {
      const message = 'Which breach? Give its reference, e.g. "STL for DIP-23-0417".';
      return {
        reply: { text: message, card: card([text(message)]), personalData: false },
        audit: { scope: 'dip', count: 0 },
      };
    }
    const byNumber = /^\d+$/.test(slots.reference);
    const candidates = byNumber ? await breachesEndingWith(ctx.database, slots.reference) : [];
    if (candidates.length > 1) return whichBreach(slots.reference, candidates);
    const row = byNumber ? (candidates[0] ?? null) : await breachByReference(ctx.database, slots.reference);
    if (!row) {
      const message = `I can't find a DIP breach with the reference ${slots.reference}.`;
      return {
        reply: { text: message, card: card([text(md(message))]), personalData: false },
        audit: { scope: 'dip', count: 0 },
      };
    }
    const status = stlStatus(
      { missedDate: row.missedDate, outcome: row.outcome as DipOutcome | null },
      ctx.today,
      ctx.settings.dipWarningDays,
    );
    const officer = row.officerEmail
      ? ((await staffNames(ctx.database, [row.officerEmail])).get(row.officerEmail) ?? row.officerEmail)
      : null;
    const title = `STL: ${breachLabel(row)}`;
    const headline = statusLine(status, row.outcome);
    const detail = breachLines(row, status, officer);
    const body = [
      heading(md(title)),
      text(`**Last day to charge: ${formatUkDate(status.lastDay)}**`),
      text(headline, status.status === 'passed' || status.escalation === 3 ? { color: 'Attention' } : {}),
      bullets(detail),
      subtle(
        "Six calendar months from the missed appointment (same day number, or the month's last day); no weekend or bank-holiday extension.",
      ),
    ];
    return {
      reply: {
        text: [
          title,
          `Last day to charge: ${formatUkDate(status.lastDay)}`,
          headline,
          ...detail.map((l) => `- ${l}`),
        ].join('\n'),
        card: card(body),
        personalData: true,
        channelSummary: `STL check for 1 DIP breach: ${status.status.replace('_', ' ')}.`,
      },
      audit: { scope: 'dip', count: 1 },
    };
  },
};
