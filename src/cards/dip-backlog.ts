import { formatUkDate } from '../domain/dates.js';
import type { DipBacklog } from '../domain/dip-backlog.js';
import { card, facts, heading, submit, subtle, text, type Element } from './build.js';
import { plural } from './text.js';
import type { AdaptiveCard } from './types.js';

export function backlogTitle(b: DipBacklog, scopeLabel: string): string {
  return `DIP backlog: breaches missed ${formatUkDate(b.from)} to ${formatUkDate(b.to)} (${scopeLabel})`;
}

/** The key numbers as text: the card shows them beside the chart, the text reply alone. */
export function backlogLines(b: DipBacklog): string[] {
  return [
    `${plural(b.total, 'breach', 'breaches')}: ${b.processed} processed, ${b.outstanding} outstanding, ` +
      `${b.stlPassedWithoutAction} STL passed without action` +
      (b.stlPassedNotRecorded ? ` (${b.stlPassedNotRecorded} not yet recorded as STL passed)` : ''),
    `By outcome: ${b.byOutcome.map((c) => `${c.label} ${c.count}`).join(', ')}`,
  ];
}

/**
 * Counts only (no references, no names), so the same card serves a channel. The bar chart is
 * dropped where Teams cannot draw it; the fact set says the same.
 */
export function backlogCard(b: DipBacklog, scopeLabel: string, csvQuestion: string): AdaptiveCard {
  const body: Element[] = [
    heading(backlogTitle(b, scopeLabel)),
    text(
      `**${b.total}** breach${b.total === 1 ? '' : 'es'} in the period: **${b.processed}** processed, ` +
        `**${b.outstanding}** outstanding, **${b.stlPassedWithoutAction}** STL passed without action.`,
    ),
  ];
  if (b.stlPassedNotRecorded)
    body.push(
      text(
        `${plural(b.stlPassedNotRecorded, 'breach', 'breaches')} passed the last day to charge with no outcome recorded: record "STL passed" on ${b.stlPassedNotRecorded === 1 ? 'it' : 'them'}.`,
        { color: 'Attention' },
      ),
    );
  body.push(text('**By outcome**', { spacing: 'Medium' }));
  body.push(facts(b.byOutcome.map((c) => [c.label, String(c.count)])));
  if (b.total > 0) {
    body.push({
      type: 'Chart.VerticalBar',
      title: 'Breaches by outcome',
      xAxisTitle: 'Outcome',
      yAxisTitle: 'Breaches',
      fallback: 'drop',
      data: b.byOutcome.filter((c) => c.count > 0).map((c) => ({ x: c.label, y: c.count })),
    });
  }
  body.push(
    subtle(
      'Each breach counts once, under the outcome that stands now (recorded in Teams, or from the extract). ' +
        'Processed: PCR issued, charged or NFA. Outstanding: within the time limit, including arrested, circulated and engaging.',
    ),
  );
  return card(body, [submit('As CSV', csvQuestion, { command: 'dip-backlog' })]);
}
