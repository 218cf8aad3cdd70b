import { addPeriod, parseIsoPeriod, type IsoDate } from '../domain/dates.js';
import type { ImportKind, RowTypes } from './rows.js';

/**
 * Plausible ranges, checked at import after every cell is valid: a value that is well formed but
 * cannot be true (a sentence of 999,999 years, a date two centuries away, a release before custody
 * began) is refused with its line and column like any bad value, so it never reaches the rules,
 * where one such row used to break every digest and list it was part of.
 */

/** No sentence, order or licence runs longer than this; no event date lies further from today. */
export const PLAUSIBLE_YEARS = 100;
/** The oldest a person can plausibly be, and the age of criminal responsibility. */
const MAX_AGE_YEARS = 120;
const MIN_AGE_YEARS = 10;

/**
 * `d` moved by whole years, as text: ISO dates compare as strings, and the day a 29 February
 * lands on does not matter to a plausibility bound. (Date arithmetic per cell cost a second on a
 * national extract.)
 */
const addYears = (d: IsoDate, years: number): IsoDate =>
  `${String(Number(d.slice(0, 4)) + years).padStart(4, '0')}${d.slice(4)}`;

type Issue = (column: string, reason: string) => void;
type Plausible<K extends ImportKind> = (row: RowTypes[K], today: IsoDate, issue: Issue) => void;

const bounds = new Map<IsoDate, [IsoDate, IsoDate]>();
function nearToday(today: IsoDate) {
  let b = bounds.get(today);
  if (!b) {
    b = [addYears(today, -PLAUSIBLE_YEARS), addYears(today, PLAUSIBLE_YEARS)];
    bounds.set(today, b);
  }
  const [earliest, latest] = b;
  return (issue: Issue, column: string, d: IsoDate | null) => {
    if (d === null) return;
    if (d < earliest || d > latest)
      issue(column, `is more than ${PLAUSIBLE_YEARS} years from today (${d}): not a plausible date`);
  };
}

const PLAUSIBLE: { [K in ImportKind]: Plausible<K> } = {
  staff: () => {},
  cases(r, today, issue) {
    const near = nearToday(today);
    near(issue, 'start_date', r.start_date);
    near(issue, 'end_date', r.end_date);
    if (r.end_date > addYears(r.start_date, PLAUSIBLE_YEARS))
      issue('end_date', `is more than ${PLAUSIBLE_YEARS} years after start_date: not a plausible length`);
  },
  custody(r, today, issue) {
    const near = nearToday(today);
    near(issue, 'custody_start_date', r.custody_start_date);
    near(issue, 'crd', r.crd);
    const p = parseIsoPeriod(r.sentence_length);
    // Years and months against 12 a year, weeks and days against 365: within a day of the calendar.
    if (p && p.years + p.months / 12 + (p.weeks * 7 + p.days) / 365 > PLAUSIBLE_YEARS) {
      issue('sentence_length', `is longer than ${PLAUSIBLE_YEARS} years: not a plausible sentence length`);
      return;
    }
    if (r.crd > addYears(r.custody_start_date, PLAUSIBLE_YEARS)) {
      issue('crd', `is more than ${PLAUSIBLE_YEARS} years after custody_start_date: not a plausible date`);
      return;
    }
    // A determinate sentence's release point falls within it; life and IPP give a minimum term.
    if (r.sentence_type !== 'life' && r.sentence_type !== 'ipp' && p) {
      const ends = addPeriod(r.custody_start_date, p);
      if (r.crd > ends)
        issue('crd', `is after the sentence ends (custody_start_date + sentence_length = ${ends})`);
    }
  },
  'dip-breaches'(r, today, issue) {
    const near = nearToday(today);
    near(issue, 'missed_date', r.missed_date);
    near(issue, 'outcome_date', r.outcome_date);
    if (r.date_of_birth !== null) {
      if (r.date_of_birth < addYears(r.missed_date, -MAX_AGE_YEARS))
        issue('date_of_birth', `is more than ${MAX_AGE_YEARS} years before missed_date: not plausible`);
      else if (r.date_of_birth > addYears(r.missed_date, -MIN_AGE_YEARS))
        issue(
          'date_of_birth',
          `makes the person younger than ${MIN_AGE_YEARS} on missed_date (the age of criminal responsibility)`,
        );
    }
  },
  'iom-cohort': () => {},
};

/** Adds an issue for each implausible value of a row whose cells are all valid. */
export function checkPlausible<K extends ImportKind>(
  kind: K,
  row: RowTypes[K],
  today: IsoDate,
  issue: Issue,
) {
  (PLAUSIBLE[kind] as Plausible<K>)(row, today, issue);
}
