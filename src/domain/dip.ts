import { addMonths, daysBetween, type IsoDate } from './dates.js';

/**
 * DIP required assessments and the statutory time limit for charging a missed one (docs/rules.md §3).
 */

/** Recorded outcome of a missed assessment; null (or empty in a CSV) = outstanding (docs/rules.md §3). */
export type DipOutcome =
  | 'pcr_issued'
  | 'charged'
  | 'arrested'
  | 'circulated_fta'
  | 'engaging'
  | 'nfa_ra1_not_signed'
  | 'nfa_other'
  | 'stl_passed';

/** In the order DIP teams count them (the rows of the backlog report). */
export const DIP_OUTCOMES: readonly DipOutcome[] = [
  'pcr_issued',
  'charged',
  'arrested',
  'circulated_fta',
  'engaging',
  'nfa_ra1_not_signed',
  'nfa_other',
  'stl_passed',
];

export const DIP_OUTCOME_TEXT: Record<DipOutcome, string> = {
  pcr_issued: 'Postal charge requisition issued',
  charged: 'Arrested and charged',
  arrested: 'Arrested, not yet charged',
  circulated_fta: 'Circulated as wanted for failing to attend',
  engaging: 'New appointment / now engaging',
  nfa_ra1_not_signed: 'No further action: RA1 not signed',
  nfa_other: 'No further action (other reason)',
  stl_passed: 'STL passed (no charge in time)',
};

/** Short labels for buttons and confirmations ("Recorded: PCR issued by …"). */
export const DIP_OUTCOME_LABEL: Record<DipOutcome, string> = {
  pcr_issued: 'PCR issued',
  charged: 'Charged',
  arrested: 'Arrested',
  circulated_fta: 'Circulated (FTA)',
  engaging: 'Engaging',
  nfa_ra1_not_signed: 'NFA: RA1 not signed',
  nfa_other: 'NFA: other reason',
  stl_passed: 'STL passed',
};

/**
 * Outcomes that leave the clock running: the breach still needs charging in time, so reminders
 * continue. Everything else on the list closes the breach.
 */
export const OPEN_OUTCOMES: readonly DipOutcome[] = ['arrested', 'circulated_fta', 'engaging'];

export function isDipOutcome(s: string): s is DipOutcome {
  return (DIP_OUTCOMES as readonly string[]).includes(s);
}

/**
 * Last day to charge a summary offence (Magistrates' Courts Act 1980 s.127): the same day number
 * six calendar months after the offence, or the last day of that month when it has no such day
 * (Dodds v Walker; DPP v Jackson [2025]). There is no extension for weekends or bank holidays,
 * so this deliberately ignores the working calendar.
 */
export function lastDayToCharge(offenceDate: IsoDate): IsoDate {
  return addMonths(offenceDate, 6);
}

/**
 * Whether the outcome closes the case for reminder purposes. Outstanding (null/empty), arrested,
 * circulated as wanted and engaging are not terminal: none of them stops the clock.
 */
export function isTerminalOutcome(o: DipOutcome | '' | null | undefined): boolean {
  return o !== null && o !== undefined && o !== '' && !OPEN_OUTCOMES.includes(o);
}

/** An outcome as one source holds it: the extract's columns, or the latest one recorded in Teams. */
export interface OutcomeEntry {
  outcome: DipOutcome | null;
  date: IsoDate | null;
}

/**
 * Which outcome stands when the extract and Teams disagree (docs/decisions.md): one recorded in
 * Teams stands until the extract carries an outcome with a later outcome date. An extract row
 * with no outcome, or an outcome dated on or before the Teams one, leaves the Teams outcome in
 * place: the extract is a snapshot taken before the day's work in Teams. The store computes the
 * same thing in SQL (the generated columns of dip_breaches); a test holds the two together.
 */
export function currentOutcome(extract: OutcomeEntry, recorded: OutcomeEntry | null): OutcomeEntry {
  if (!recorded?.outcome) return extract;
  if (extract.outcome && extract.date && recorded.date && extract.date > recorded.date) return extract;
  return recorded;
}

export type DipAssessment = 'initial' | 'follow_up';

export interface DipOffence {
  section: 's.12(3)' | 's.14(3)';
  act: 'Drugs Act 2005';
  summaryOnly: true;
  text: string;
}

/** The offence committed by missing (or leaving) a required assessment. */
export function offenceFor(assessment: DipAssessment): DipOffence {
  return assessment === 'initial'
    ? {
        section: 's.12(3)',
        act: 'Drugs Act 2005',
        summaryOnly: true,
        text:
          'Failing without good cause to attend, or to remain for the duration of, an initial drug assessment ' +
          '(Drugs Act 2005 s.12(3)); summary only',
      }
    : {
        section: 's.14(3)',
        act: 'Drugs Act 2005',
        summaryOnly: true,
        text:
          'Failing without good cause to attend, or to remain for the duration of, a follow-up drug assessment ' +
          '(Drugs Act 2005 s.14(3)); summary only',
      };
}

export type StlState = 'dealt_with' | 'passed' | 'expiring' | 'open';

export interface StlStatus {
  lastDay: IsoDate;
  /** lastDay − today: 0 on the last day itself, negative once it has passed. */
  daysLeft: number;
  status: StlState;
  /** Reminder urgency: 3 at ≤ 2 days left, 2 at ≤ 7, 1 within the warning period, else 0. */
  escalation: 0 | 1 | 2 | 3;
}

/**
 * Where a missed assessment stands against the time limit on `today`. Charging (or issuing a
 * PCR) on the last day is in time, so 0 days left is still "expiring", not "passed".
 */
export function stlStatus(
  breach: { missedDate: IsoDate; outcome: DipOutcome | '' | null | undefined },
  today: IsoDate,
  warningDays = 14,
): StlStatus {
  const lastDay = lastDayToCharge(breach.missedDate);
  const daysLeft = daysBetween(today, lastDay);
  if (isTerminalOutcome(breach.outcome)) return { lastDay, daysLeft, status: 'dealt_with', escalation: 0 };
  if (daysLeft < 0) return { lastDay, daysLeft, status: 'passed', escalation: 0 };
  // Nothing escalates before the warning period starts, even if an operator sets it below 7 days.
  if (daysLeft > warningDays) return { lastDay, daysLeft, status: 'open', escalation: 0 };
  const escalation = daysLeft <= 2 ? 3 : daysLeft <= 7 ? 2 : 1;
  return { lastDay, daysLeft, status: 'expiring', escalation };
}
