import { LocalDate } from '@js-joda/core';
import { z } from 'zod';
import bundled from './bank-holidays.json' with { type: 'json' };
import { addDays, dayOfWeek, isoDateSchema, startOfWeek, type IsoDate } from './dates.js';

/**
 * Working days in England and Wales (Monday to Friday, not a bank holiday), for scheduling jobs
 * ("1st and 5th working day of the month", "Mondays or the first working day"). Not used for the
 * DIP time limit, which has no weekend or bank-holiday extension.
 */

const ourFormat = z.object({
  division: z.string().optional(),
  dates: z.array(z.object({ date: isoDateSchema, title: z.string().optional() })),
});

// GOV.UK publishes https://www.gov.uk/bank-holidays.json; accepting it unchanged means an operator
// can point BANK_HOLIDAYS_FILE at a fresh download without editing it.
const govUkDivision = z.object({
  division: z.string().optional(),
  events: z.array(z.object({ date: isoDateSchema, title: z.string().optional() })),
});
const govUkFile = z.object({ 'england-and-wales': govUkDivision });

const bankHolidayFileSchema = z.union([ourFormat, govUkFile, govUkDivision]);

function datesFrom(file: z.infer<typeof bankHolidayFileSchema>): IsoDate[] {
  const entries =
    'dates' in file ? file.dates : 'events' in file ? file.events : file['england-and-wales'].events;
  return [...new Set(entries.map((e) => e.date))].sort();
}

/**
 * Reads a bank-holiday file: this project's format (`{ division, dates: [{ date, title }] }`) or
 * GOV.UK's `bank-holidays.json`. Throws an Error naming the problems (used at start-up).
 */
export function loadBankHolidays(jsonText: string): IsoDate[] {
  let raw: unknown;
  try {
    raw = JSON.parse(jsonText);
  } catch (err) {
    throw new Error(`Bank holiday file is not valid JSON: ${(err as Error).message}`);
  }
  const result = bankHolidayFileSchema.safeParse(raw);
  if (!result.success) {
    throw new Error(
      'Bank holiday file must be { "division": "england-and-wales", "dates": [{ "date": "YYYY-MM-DD", "title": "…" }] } ' +
        "or GOV.UK's bank-holidays.json",
    );
  }
  return datesFrom(result.data);
}

/** The bundled England and Wales bank holidays (2024–2030). */
export function defaultBankHolidays(): IsoDate[] {
  return datesFrom(ourFormat.parse(bundled));
}

export class WorkingCalendar {
  private readonly holidays: ReadonlySet<IsoDate>;

  constructor(holidays: IsoDate[]) {
    this.holidays = new Set(holidays);
  }

  isHoliday(d: IsoDate): boolean {
    return this.holidays.has(d);
  }

  isWorkingDay(d: IsoDate): boolean {
    return dayOfWeek(d) <= 5 && !this.holidays.has(d);
  }

  /** The first working day on or after `d` (strictly after when `inclusive` is false). */
  nextWorkingDay(d: IsoDate, inclusive = true): IsoDate {
    let day = inclusive ? d : addDays(d, 1);
    // Bounded: no real calendar has more than a handful of consecutive non-working days, so a
    // runaway loop can only mean a corrupt holiday list.
    for (let i = 0; i < 366; i++) {
      if (this.isWorkingDay(day)) return day;
      day = addDays(day, 1);
    }
    throw new RangeError(`No working day within a year after ${d}; check the bank holiday list`);
  }

  /** The last working day on or before `d` (strictly before when `inclusive` is false). */
  previousWorkingDay(d: IsoDate, inclusive = true): IsoDate {
    let day = inclusive ? d : addDays(d, -1);
    for (let i = 0; i < 366; i++) {
      if (this.isWorkingDay(day)) return day;
      day = addDays(day, -1);
    }
    throw new RangeError(`No working day within a year before ${d}; check the bank holiday list`);
  }

  /**
   * The n-th (1-based) working day of a month (`month` 1–12). Throws RangeError when the month has
   * fewer than n working days.
   */
  nthWorkingDayOfMonth(year: number, month: number, n: number): IsoDate {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
    const first = LocalDate.of(year, month, 1);
    const length = first.lengthOfMonth();
    let count = 0;
    for (let day = 1; day <= length; day++) {
      const d = first.withDayOfMonth(day).toString();
      if (this.isWorkingDay(d) && ++count === n) return d;
    }
    throw new RangeError(
      `${year}-${String(month).padStart(2, '0')} has only ${count} working days, not ${n}`,
    );
  }

  isNthWorkingDayOfMonth(d: IsoDate, n: number): boolean {
    if (!this.isWorkingDay(d)) return false;
    const ld = LocalDate.parse(d);
    try {
      return this.nthWorkingDayOfMonth(ld.year(), ld.monthValue(), n) === d;
    } catch {
      return false;
    }
  }

  /** The Monday of `d`'s week, or the next working day when that Monday is a bank holiday. */
  firstWorkingDayOfWeek(d: IsoDate): IsoDate {
    return this.nextWorkingDay(startOfWeek(d));
  }

  isFirstWorkingDayOfWeek(d: IsoDate): boolean {
    return this.firstWorkingDayOfWeek(d) === d;
  }
}
