import { formatUkDate } from '../domain/dates.js';
import {
  DIP_OUTCOME_TEXT,
  isDipOutcome,
  offenceFor,
  stlStatus,
  type DipAssessment,
  type DipOutcome,
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

/** "DIP-23-0417: Jordan Pike (X100001)", or the reference alone where names may not be shown. */
export function breachLabel(row: DipBreachRow, names = true): string {
  return names ? `${row.reference}: ${personLabel(row)}` : row.reference;
}

/**
 * The lines about one breach: the offence, the last day to charge, the outcome that stands (who
 * recorded it in Teams, when there is a `recorded` line) and who holds it.
 */
export function breachLines(
  row: DipBreachRow,
  s: StlStatus,
  officer: string | null,
  recorded: string | null = null,
): string[] {
  const offence = offenceFor(row.assessment as DipAssessment);
  const which = row.assessment === 'initial' ? 'initial' : 'follow-up';
  const lines = [
    `Missed ${which} assessment on ${formatUkDate(row.missedDate)}: ${offence.section} ${offence.act} (summary only)`,
    `Last day to charge: ${formatUkDate(s.lastDay)} (${daysLeftText(s.daysLeft)})`,
  ];
  const escalation = escalationText(s);
  if (escalation && s.status === 'expiring') lines.push(escalation);
  const outcome = outcomeText(row.currentOutcome);
  if (outcome)
    lines.push(
      `Outcome: ${outcome}${row.currentOutcomeDate ? ` (${formatUkDate(row.currentOutcomeDate)})` : ''}`,
    );
  if (recorded) lines.push(recorded);
  lines.push(`Officer: ${officer ?? 'none recorded'}`);
  return lines;
}

export interface BreachBlockOptions {
  /** "Recorded: PCR issued by Adele Vance, 10:14" when the outcome that stands came from Teams. */
  recorded?: string | null;
  /** The outcome buttons, for someone who may record one. */
  actions?: Element | null;
  /** False where names may not be shown (a user's own view of a channel card). */
  names?: boolean;
}

export function breachBlock(
  row: DipBreachRow,
  s: StlStatus,
  officer: string | null,
  o: BreachBlockOptions = {},
): Element {
  return container(
    [
      text(`**${md(breachLabel(row, o.names ?? true))}**`, s.escalation === 3 ? { color: 'Attention' } : {}),
      ...breachLines(row, s, officer, o.recorded ?? null).map((l) => subtle(l)),
      ...(o.actions ? [o.actions] : []),
    ],
    { separator: true, spacing: 'Small' },
  );
}

/** Where the breach stands on `today`, from the outcome that stands. */
export function breachStatus(row: DipBreachRow, today: string, warningDays: number): StlStatus {
  return stlStatus(
    { missedDate: row.missedDate, outcome: row.currentOutcome as DipOutcome | null },
    today,
    warningDays,
  );
}
