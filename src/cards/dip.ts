import { formatUkDate } from '../domain/dates.js';
import {
  DIP_OUTCOME_TEXT,
  isDipOutcome,
  offenceFor,
  type DipAssessment,
  type StlStatus,
} from '../domain/dip.js';
import type { DipBreachRow } from '../store/dip.repository.js';
import { type Element, container, md, subtle, text } from './build.js';
import { personLabel } from './text.js';

export function daysLeftText(daysLeft: number): string {
  if (daysLeft === 0) return 'today is the last day';
  if (daysLeft < 0) return `passed ${-daysLeft} day${daysLeft === -1 ? '' : 's'} ago`;
  return `${daysLeft} day${daysLeft === 1 ? '' : 's'} left`;
}

/** The escalation the reminders use: ≤ 2 days urgent, ≤ 7 days soon. */
export function escalationText(s: StlStatus): string | null {
  if (s.escalation === 3) return 'URGENT: 2 days or less to charge';
  if (s.escalation === 2) return '7 days or less to charge';
  return null;
}

export function outcomeText(outcome: string | null): string | null {
  if (!outcome) return null;
  return isDipOutcome(outcome) ? DIP_OUTCOME_TEXT[outcome] : outcome;
}

export function breachLabel(row: DipBreachRow): string {
  return `${row.reference}: ${personLabel(row)}`;
}

/** The lines about one breach: the offence, the last day to charge and who holds it. */
export function breachLines(row: DipBreachRow, s: StlStatus, officer: string | null): string[] {
  const offence = offenceFor(row.assessment as DipAssessment);
  const which = row.assessment === 'initial' ? 'initial' : 'follow-up';
  const lines = [
    `Missed ${which} assessment on ${formatUkDate(row.missedDate)}: ${offence.section} ${offence.act} (summary only)`,
    `Last day to charge: ${formatUkDate(s.lastDay)} (${daysLeftText(s.daysLeft)})`,
  ];
  const escalation = escalationText(s);
  if (escalation && s.status === 'expiring') lines.push(escalation);
  const outcome = outcomeText(row.outcome);
  if (outcome)
    lines.push(`Outcome: ${outcome}${row.outcomeDate ? ` (${formatUkDate(row.outcomeDate)})` : ''}`);
  lines.push(`Officer: ${officer ?? 'none recorded'}`);
  return lines;
}

export function breachBlock(row: DipBreachRow, s: StlStatus, officer: string | null): Element {
  return container(
    [
      text(`**${md(breachLabel(row))}**`, s.escalation === 3 ? { color: 'Attention' } : {}),
      ...breachLines(row, s, officer).map((l) => subtle(l)),
    ],
    { separator: true, spacing: 'Small' },
  );
}
