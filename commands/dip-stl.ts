import type { Command, CommandResult } from '../src/assistant/types.js';

import { dipOutcomeActions, commandView, recordedLine } from '../src/cards/actions.js';
import { bullets, card, heading, md, submit, subtle, text, type Element } from '../src/cards/build.js';
import { breachLabel, breachLines, breachStatus, daysLeftText, outcomeText } from '../src/cards/dip.js';
import { statesDipOutcome } from '../src/assistant/dip-outcome-words.js';
import { breachNotFound, recordedOn, writableBreaches } from '../src/assistant/dip-writes.js';
import { formatUkDate } from '../src/domain/dates.js';
import { DIP_OUTCOME_LABEL, type DipOutcome, type StlStatus } from '../src/domain/dip.js';
import {
  breachByReference,
  breachesEndingWith,
  dipOutcomeHistoryOf,
  type DipBreachRow,
} from '../src/store/dip.repository.js';
import { staffNames } from '../src/store/staff.repository.js';
import { z } from 'zod';

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
      text: [message, ...rows.slice(0, 6).map((r) => `- ${breachLabel(r)}`)].join('\n'),
      card: card(
        [heading('Which breach?'), text(message)],
        rows.slice(0, 6).map((r) => submit(breachLabel(r), `STL for ${r.reference}`, { command: 'dip-stl' })),
      ),
      personalData: true,
      channelSummary: `${rows.length} DIP breaches end with that number; ask in our 1:1 chat to pick one.`,
    },
    audit: { scope: 'dip', count: 0 },
  };
}

/** Earlier outcomes recorded in Teams, beyond the one that stands: the history is kept. */
const HISTORY_SHOWN = 3;

export const dipStl: Command<DipStlSlots> = {
  name: 'dip-stl',
  title: 'STL for a DIP breach',
  description:
    'The last day to charge a missed DIP assessment (6-month statutory time limit) and where it stands.',
  examples: ['STL for DIP-23-0417', 'last day to charge DIP-23-0417'],
  roles: ['dip_officer'],
  extracts: ['dip-breaches'],
  scopes: ['personal'],
  slotsSchema: z.object({ reference: z.string().max(40).nullable() }),
  match(u) {
    // "DIP-26-0304 PCR issued" records an outcome: dip-outcome's.
    if (statesDipOutcome(u.raw))
      return u.reference || u.referenceSuffix
        ? { score: 0.3, slots: { reference: u.reference ?? u.referenceSuffix ?? '' } }
        : null;
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
      const message = breachNotFound(slots.reference);
      return {
        reply: { text: message, card: card([text(md(message))]), personalData: false },
        audit: { scope: 'dip', count: 0 },
      };
    }
    const status = breachStatus(row, ctx.today, ctx.settings.dipWarningDays);
    const [officers, recorded, history, writable] = await Promise.all([
      staffNames(ctx.database, row.officerEmail ? [row.officerEmail] : []),
      recordedOn(ctx.database, [row], ctx.now ?? new Date()),
      dipOutcomeHistoryOf(ctx.database, row.reference),
      writableBreaches(ctx.database, ctx.asker, [row]),
    ]);
    const officer = row.officerEmail ? (officers.get(row.officerEmail) ?? row.officerEmail) : null;
    const names = ctx.conversationType === 'personal';
    const title = `STL: ${breachLabel(row, names)}`;
    const headline = statusLine(status, row.currentOutcome);
    const detail = breachLines(row, status, officer, recorded.get(row.id) ?? null);
    // The first history row is the outcome that stands when it came from Teams.
    const earlier = history.slice(recorded.has(row.id) ? 1 : 0, HISTORY_SHOWN + 1);
    const earlierNames = await staffNames(
      ctx.database,
      earlier.map((h) => h.recordedBy),
    );
    const earlierLines = earlier.map(
      (h) =>
        `Earlier: ${recordedLine(
          DIP_OUTCOME_LABEL[h.outcome as DipOutcome] ?? h.outcome,
          earlierNames.get(h.recordedBy) ?? h.recordedBy,
          h.recordedAt,
          ctx.now ?? new Date(),
        ).replace(/^Recorded: /, '')}`,
    );
    const body: Element[] = [
      heading(md(title)),
      text(`**Last day to charge: ${formatUkDate(status.lastDay)}**`),
      text(headline, status.status === 'passed' || status.escalation === 3 ? { color: 'Attention' } : {}),
      bullets([...detail, ...earlierLines]),
    ];
    if (writable.has(row.id))
      body.push(
        text('**Record an outcome**', { spacing: 'Medium' }),
        dipOutcomeActions(
          row.reference,
          status.daysLeft < 0,
          commandView('dip-stl', { reference: row.reference }),
        ),
      );
    body.push(
      subtle(
        "Six calendar months from the missed appointment (same day number, or the month's last day); no weekend or bank-holiday extension.",
      ),
    );
    return {
      reply: {
        text: [
          title,
          `Last day to charge: ${formatUkDate(status.lastDay)}`,
          headline,
          ...[...detail, ...earlierLines].map((l) => `- ${l}`),
        ].join('\n'),
        card: card(body),
        // Only a user's own view of a channel card goes without the channel summary.
        personalData: names || !ctx.ownView,
        channelSummary: `STL check for 1 DIP breach: ${status.status.replace('_', ' ')}.`,
      },
      audit: { scope: 'dip', count: 1 },
    };
  },
};
