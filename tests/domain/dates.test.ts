import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addPeriod,
  compareDates,
  dayOfWeek,
  daysBetween,
  describePeriod,
  endOfMonth,
  endOfWeek,
  formatLongDate,
  formatShortDate,
  formatUkDate,
  isoPeriodSchema,
  isValidIsoDate,
  maxDate,
  minDate,
  parseIsoPeriod,
  parseUkOrIsoDate,
  periodAtLeast,
  startOfMonth,
  startOfWeek,
  todayInLondon,
} from '../../src/domain/dates.js';

describe('isValidIsoDate', () => {
  it.each([
    ['2025-09-10', true],
    ['2024-02-29', true], // leap year
    ['2000-02-29', true], // divisible by 400: leap
    ['1900-02-29', false], // divisible by 100 but not 400: not leap
    ['2025-02-29', false],
    ['2025-02-30', false],
    ['2025-04-31', false],
    ['2025-13-01', false],
    ['2025-00-10', false],
    ['2025-01-00', false],
    ['2025-1-10', false],
    ['10/09/2025', false],
    ['2025-09-10T00:00', false],
    [' 2025-09-10', false],
    ['', false],
  ])('%s → %s', (s, expected) => {
    expect(isValidIsoDate(s)).toBe(expected);
  });
});

describe('parseUkOrIsoDate', () => {
  it.each([
    ['2025-09-10', '2025-09-10'],
    ['10/09/2025', '2025-09-10'], // UK order: 10 September, never 9 October
    ['1/2/2025', '2025-02-01'],
    ['01/02/2025', '2025-02-01'],
    ['29/02/2024', '2024-02-29'],
    ['  31/12/2025 ', '2025-12-31'],
    ['29/02/2025', null],
    ['31/04/2025', null],
    ['2025-02-30', null],
    ['13/13/2025', null],
    ['09/10/25', null], // two-digit years are ambiguous
    ['2025/09/10', null],
    ['10-09-2025', null],
    ['tomorrow', null],
    ['', null],
  ])('%j → %j', (s, expected) => {
    expect(parseUkOrIsoDate(s)).toBe(expected);
  });
});

describe('addDays', () => {
  it.each([
    ['2025-01-31', 1, '2025-02-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2025-03-01', -1, '2025-02-28'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2025-01-10', 243, '2025-09-10'],
    ['2025-01-01', 0, '2025-01-01'],
    ['2025-01-01', 3651, '2034-12-31'],
  ])('%s + %i = %s', (d, n, expected) => {
    expect(addDays(d, n)).toBe(expected);
  });
});

describe('addMonths (clamps to month end)', () => {
  it.each([
    ['2025-01-01', 6, '2025-07-01'],
    ['2025-08-31', 6, '2026-02-28'],
    ['2023-08-31', 6, '2024-02-29'],
    ['2025-03-31', 6, '2025-09-30'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2025-01-31', 1, '2025-02-28'],
    ['2025-03-31', -1, '2025-02-28'],
    ['2025-12-15', 1, '2026-01-15'],
  ])('%s + %i months = %s', (d, n, expected) => {
    expect(addMonths(d, n)).toBe(expected);
  });
});

describe('daysBetween', () => {
  it.each([
    ['2025-01-10', '2026-01-09', 364],
    ['2024-01-01', '2024-12-31', 365],
    ['2025-01-01', '2025-01-01', 0],
    ['2025-03-01', '2025-02-28', -1],
    ['2024-02-28', '2024-03-01', 2],
    ['2025-02-28', '2025-03-01', 1],
    // Across the BST change: a Date-based implementation would give 0.958… here.
    ['2025-03-29', '2025-03-31', 2],
  ])('%s → %s = %i', (from, to, expected) => {
    expect(daysBetween(from, to)).toBe(expected);
  });
});

describe('compareDates, minDate, maxDate', () => {
  it.each([
    ['2025-01-01', '2025-01-02', -1],
    ['2025-01-02', '2025-01-01', 1],
    ['2025-01-01', '2025-01-01', 0],
    ['2024-12-31', '2025-01-01', -1],
  ] as const)('compare(%s, %s) = %i', (a, b, expected) => {
    expect(compareDates(a, b)).toBe(expected);
  });

  it('picks the earliest and latest', () => {
    expect(minDate('2025-03-01', '2024-12-31', '2025-01-01')).toBe('2024-12-31');
    expect(maxDate('2025-03-01', '2024-12-31', '2025-01-01')).toBe('2025-03-01');
    expect(minDate('2025-03-01')).toBe('2025-03-01');
  });

  it('refuses an empty list and invalid dates', () => {
    expect(() => minDate()).toThrow(RangeError);
    expect(() => maxDate()).toThrow(RangeError);
    expect(() => addDays('2025-02-30', 1)).toThrow(RangeError);
  });
});

describe('weeks (Monday to Sunday)', () => {
  it.each([
    // date, dayOfWeek, startOfWeek, endOfWeek
    ['2025-09-08', 1, '2025-09-08', '2025-09-14'], // Monday
    ['2025-09-10', 3, '2025-09-08', '2025-09-14'],
    ['2025-09-14', 7, '2025-09-08', '2025-09-14'], // Sunday belongs to the week before
    ['2025-01-01', 3, '2024-12-30', '2025-01-05'], // week spans the new year
    ['2024-02-29', 4, '2024-02-26', '2024-03-03'], // leap day
    ['2026-03-01', 7, '2026-02-23', '2026-03-01'],
    ['2025-03-30', 7, '2025-03-24', '2025-03-30'], // BST starts
  ])('%s: day %i, week %s to %s', (d, dow, start, end) => {
    expect(dayOfWeek(d)).toBe(dow);
    expect(startOfWeek(d)).toBe(start);
    expect(endOfWeek(d)).toBe(end);
  });
});

describe('months', () => {
  it.each([
    ['2024-02-10', '2024-02-01', '2024-02-29'],
    ['2025-02-10', '2025-02-01', '2025-02-28'],
    ['2100-02-10', '2100-02-01', '2100-02-28'],
    ['2025-04-30', '2025-04-01', '2025-04-30'],
    ['2025-12-01', '2025-12-01', '2025-12-31'],
  ])('%s: %s to %s', (d, start, end) => {
    expect(startOfMonth(d)).toBe(start);
    expect(endOfMonth(d)).toBe(end);
  });
});

describe('formatting', () => {
  it.each([
    ['2025-09-10', 'Wed 10 Sep 2025', '10 Sep 2025', '10 September 2025'],
    ['2024-02-29', 'Thu 29 Feb 2024', '29 Feb 2024', '29 February 2024'],
    ['2026-01-04', 'Sun 4 Jan 2026', '4 Jan 2026', '4 January 2026'],
    ['2025-05-05', 'Mon 5 May 2025', '5 May 2025', '5 May 2025'],
  ])('%s', (d, uk, short, long) => {
    expect(formatUkDate(d)).toBe(uk);
    expect(formatShortDate(d)).toBe(short);
    expect(formatLongDate(d)).toBe(long);
  });
});

describe('todayInLondon', () => {
  it.each([
    ['2025-06-30T23:30:00Z', '2025-07-01'], // BST: already tomorrow in London
    ['2025-06-30T22:59:59Z', '2025-06-30'],
    ['2025-12-31T23:30:00Z', '2025-12-31'], // GMT: same as UTC
    ['2026-01-01T00:00:00Z', '2026-01-01'],
    ['2025-03-29T23:59:00Z', '2025-03-29'], // night before clocks go forward
    ['2025-03-30T00:59:00Z', '2025-03-30'], // 00:59 GMT
    ['2025-03-30T22:59:00Z', '2025-03-30'], // 23:59 BST
    ['2025-03-30T23:00:00Z', '2025-03-31'], // 00:00 BST
    ['2025-10-25T22:59:00Z', '2025-10-25'], // 23:59 BST
    ['2025-10-25T23:00:00Z', '2025-10-26'], // 00:00 BST, the night clocks go back
    ['2025-10-26T23:59:00Z', '2025-10-26'], // 23:59 GMT
    ['2024-02-29T12:00:00Z', '2024-02-29'],
    ['2024-02-28T23:30:00Z', '2024-02-28'], // winter: no shift onto the leap day
  ])('%s is %s in London', (instant, expected) => {
    expect(todayInLondon(new Date(instant))).toBe(expected);
  });

  it('rejects an invalid Date', () => {
    expect(() => todayInLondon(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('ISO periods', () => {
  it.each([
    ['P4Y', { years: 4, months: 0, weeks: 0, days: 0 }],
    ['P18M', { years: 0, months: 18, weeks: 0, days: 0 }],
    ['P6W', { years: 0, months: 0, weeks: 6, days: 0 }],
    ['P120D', { years: 0, months: 0, weeks: 0, days: 120 }],
    ['P1Y6M', { years: 1, months: 6, weeks: 0, days: 0 }],
    ['P2Y3M1W4D', { years: 2, months: 3, weeks: 1, days: 4 }],
    ['p4y', { years: 4, months: 0, weeks: 0, days: 0 }],
    [' P4Y ', { years: 4, months: 0, weeks: 0, days: 0 }],
    ['P0D', { years: 0, months: 0, weeks: 0, days: 0 }],
    ['P', null],
    ['4Y', null],
    ['PT4H', null],
    ['P1.5Y', null],
    ['-P4Y', null],
    ['P6M1Y', null], // out of order
    ['four years', null],
    ['', null],
  ])('%j', (s, expected) => {
    expect(parseIsoPeriod(s)).toEqual(expected);
  });

  it('has a zod schema that parses and reports', () => {
    expect(isoPeriodSchema.parse('P18M')).toEqual({ years: 0, months: 18, weeks: 0, days: 0 });
    expect(isoPeriodSchema.safeParse('18 months').success).toBe(false);
  });

  it.each([
    ['2025-01-10', 'P4Y', '2029-01-10'],
    ['2024-02-29', 'P1Y', '2025-02-28'],
    ['2024-02-29', 'P4Y', '2028-02-29'],
    ['2025-08-31', 'P6M', '2026-02-28'],
    ['2025-08-31', 'P1Y6M', '2027-02-28'], // one clamp on total months
    ['2025-01-01', 'P6W', '2025-02-12'],
    ['2025-01-01', 'P120D', '2025-05-01'],
    ['2025-01-31', 'P1M1D', '2025-03-01'],
  ])('%s + %s = %s', (d, p, expected) => {
    expect(addPeriod(d, p)).toBe(expected);
  });

  it.each([
    ['P4Y', 'P4Y', '2025-01-10', true],
    ['P48M', 'P4Y', '2025-01-10', true],
    ['P3Y11M', 'P4Y', '2025-01-10', false],
    ['P5Y', 'P4Y', '2025-01-10', true],
    // 1460 days is 4 years only if no 29 February falls inside; from 2024-01-10 one does.
    ['P1460D', 'P4Y', '2024-01-10', false],
    ['P1461D', 'P4Y', '2024-01-10', true],
    ['P1461D', 'P4Y', '2025-01-10', true],
    ['P209W', 'P4Y', '2025-01-10', true],
    ['P208W', 'P4Y', '2025-01-10', false],
  ])('%s >= %s from %s: %s', (p, threshold, anchor, expected) => {
    expect(periodAtLeast(p, threshold, anchor)).toBe(expected);
  });

  it.each([
    ['P4Y', '4 years'],
    ['P1Y6M', '1 year 6 months'],
    ['P1W', '1 week'],
    ['P120D', '120 days'],
    ['P0D', '0 days'],
  ])('describes %s as %s', (p, text) => {
    expect(describePeriod(p)).toBe(text);
  });
});
