import { readFileSync } from 'node:fs';
import { DayOfWeek, LocalDate, TemporalAdjusters } from '@js-joda/core';
import { describe, expect, it } from 'vitest';
import { defaultBankHolidays, loadBankHolidays, WorkingCalendar } from '../../src/domain/working-days.js';

/**
 * Easter Sunday by the Oudin (1940) algorithm as given by Tøndering: deliberately a different
 * formulation from the anonymous Gregorian (Meeus/Jones/Butcher) computus used to build the JSON.
 */
function easterSunday(year: number): LocalDate {
  const g = year % 19;
  const c = Math.floor(year / 100);
  const h = (c - Math.floor(c / 4) - Math.floor((8 * c + 13) / 25) + 19 * g + 15) % 30;
  const i = h - Math.floor(h / 28) * (1 - Math.floor(29 / (h + 1)) * Math.floor((21 - g) / 11));
  const j = (year + Math.floor(year / 4) + i + 2 - c + Math.floor(c / 4)) % 7;
  const l = i - j;
  const month = 3 + Math.floor((l + 40) / 44);
  const day = l + 28 - 31 * Math.floor(month / 4);
  return LocalDate.of(year, month, day);
}

const isWeekend = (d: LocalDate) =>
  d.dayOfWeek() === DayOfWeek.SATURDAY || d.dayOfWeek() === DayOfWeek.SUNDAY;

/** England and Wales bank holidays by the standing rules (Banking and Financial Dealings Act 1971 + proclamations). */
function expectedHolidays(year: number): string[] {
  const out: LocalDate[] = [];
  let newYear = LocalDate.of(year, 1, 1);
  while (isWeekend(newYear)) newYear = newYear.plusDays(1);
  out.push(newYear);
  const easter = easterSunday(year);
  out.push(easter.minusDays(2), easter.plusDays(1));
  out.push(LocalDate.of(year, 5, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY)));
  out.push(LocalDate.of(year, 5, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)));
  out.push(LocalDate.of(year, 8, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)));
  // Christmas and Boxing Day: a day falling at the weekend moves to the next free weekday.
  const taken: LocalDate[] = [];
  for (const d of [LocalDate.of(year, 12, 25), LocalDate.of(year, 12, 26)]) {
    let day = d;
    while (isWeekend(day) || taken.some((t) => t.equals(day))) day = day.plusDays(1);
    taken.push(day);
  }
  out.push(...taken);
  return out.map((d) => d.toString()).sort();
}

describe('bundled bank holidays', () => {
  const bundled = defaultBankHolidays();

  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2029, '2029-04-01'],
    [2030, '2030-04-21'],
  ])('the test computus gives Easter %i as %s', (year, sunday) => {
    expect(easterSunday(year).toString()).toBe(sunday);
  });

  it.each([2024, 2025, 2026, 2027, 2028, 2029, 2030])('%i matches the rules exactly', (year) => {
    expect(bundled.filter((d) => d.startsWith(`${year}-`))).toEqual(expectedHolidays(year));
  });

  it('covers 2024–2030 with 8 holidays a year and nothing else', () => {
    expect(bundled).toHaveLength(56);
    expect(bundled[0]).toBe('2024-01-01');
    expect(bundled[bundled.length - 1]).toBe('2030-12-26');
  });

  it.each([
    '2024-03-29', // Good Friday
    '2024-04-01', // Easter Monday
    '2025-04-18',
    '2025-04-21',
    '2025-05-05', // early May
    '2026-04-03',
    '2026-04-06',
    '2026-05-04',
    '2026-08-31', // summer
    '2026-12-28', // Boxing Day (Sat) substitute
    '2027-12-27', // Christmas (Sat) substitute
    '2027-12-28', // Boxing Day (Sun) substitute
    '2028-01-03', // New Year's Day (Sat) substitute
  ])('includes %s', (d) => {
    expect(bundled).toContain(d);
  });

  it.each(['2026-12-26', '2027-12-25', '2027-12-26', '2028-01-01', '2025-05-01'])('excludes %s', (d) => {
    expect(bundled).not.toContain(d);
  });

  it('has titles and the England and Wales division in the file', () => {
    const raw = JSON.parse(
      readFileSync(new URL('../../src/domain/bank-holidays.json', import.meta.url), 'utf8'),
    ) as {
      division: string;
      dates: { date: string; title: string }[];
    };
    expect(raw.division).toBe('england-and-wales');
    expect(raw.dates.find((d) => d.date === '2026-12-28')?.title).toBe('Boxing Day');
  });
});

describe('loadBankHolidays', () => {
  it('reads this project’s format, sorted and de-duplicated', () => {
    const text = JSON.stringify({
      division: 'england-and-wales',
      dates: [
        { date: '2031-01-01', title: 'New Year’s Day' },
        { date: '2030-12-26', title: 'Boxing Day' },
        { date: '2031-01-01', title: 'again' },
      ],
    });
    expect(loadBankHolidays(text)).toEqual(['2030-12-26', '2031-01-01']);
  });

  it('reads GOV.UK’s bank-holidays.json unchanged', () => {
    const govUk = {
      'england-and-wales': {
        division: 'england-and-wales',
        events: [{ title: 'Boxing Day', date: '2026-12-28', notes: 'Substitute day', bunting: true }],
      },
      scotland: {
        division: 'scotland',
        events: [{ title: '2nd January', date: '2026-01-02', notes: '', bunting: true }],
      },
    };
    expect(loadBankHolidays(JSON.stringify(govUk))).toEqual(['2026-12-28']);
  });

  it.each([
    ['not JSON', 'nope'],
    ['wrong shape', '{"holidays":[]}'],
    ['impossible date', '{"dates":[{"date":"2026-02-30"}]}'],
    ['UK-order date', '{"dates":[{"date":"28/12/2026"}]}'],
  ])('rejects %s', (_label, text) => {
    expect(() => loadBankHolidays(text)).toThrow(/Bank holiday file/);
  });
});

describe('WorkingCalendar', () => {
  const cal = new WorkingCalendar(defaultBankHolidays());

  it.each([
    ['2025-09-10', true], // Wednesday
    ['2025-09-13', false], // Saturday
    ['2025-09-14', false], // Sunday
    ['2025-04-18', false], // Good Friday
    ['2025-04-21', false], // Easter Monday
    ['2025-04-22', true],
    ['2026-12-28', false], // Boxing Day substitute
    ['2026-12-29', true],
    ['2024-02-29', true],
  ])('isWorkingDay(%s) = %s', (d, expected) => {
    expect(cal.isWorkingDay(d)).toBe(expected);
  });

  it.each([
    ['2025-09-10', true, '2025-09-10'],
    ['2025-09-10', false, '2025-09-11'],
    ['2025-09-12', false, '2025-09-15'], // Friday → Monday
    ['2025-09-13', true, '2025-09-15'],
    ['2025-04-18', true, '2025-04-22'], // Easter weekend
    ['2026-12-24', false, '2026-12-29'], // Christmas Fri, Boxing Day substitute Mon
    ['2027-12-24', false, '2027-12-29'], // both substitutes
    ['2027-12-31', false, '2028-01-04'], // New Year substitute
  ])('nextWorkingDay(%s, inclusive %s) = %s', (d, inclusive, expected) => {
    expect(cal.nextWorkingDay(d, inclusive)).toBe(expected);
  });

  it.each([
    ['2025-04-22', false, '2025-04-17'],
    ['2025-09-14', true, '2025-09-12'],
  ])('previousWorkingDay(%s, inclusive %s) = %s', (d, inclusive, expected) => {
    expect(cal.previousWorkingDay(d, inclusive)).toBe(expected);
  });

  it.each([
    // year, month, n, date
    [2025, 1, 1, '2025-01-02'], // 1 Jan is a holiday
    [2025, 1, 5, '2025-01-08'],
    [2025, 5, 1, '2025-05-01'],
    [2025, 5, 5, '2025-05-08'], // early May bank holiday skipped
    [2025, 6, 1, '2025-06-02'], // 1 June is a Sunday
    [2025, 12, 5, '2025-12-05'],
    [2026, 4, 1, '2026-04-01'],
    [2026, 4, 5, '2026-04-09'], // Good Friday and Easter Monday skipped
    [2026, 8, 1, '2026-08-03'], // 1 Aug is a Saturday
    [2027, 1, 1, '2027-01-04'],
    [2028, 1, 1, '2028-01-04'], // Monday 3rd is the New Year substitute
    [2024, 2, 21, '2024-02-29'], // leap February has 21 working days
    [2025, 2, 20, '2025-02-28'],
  ])('%i-%i working day %i is %s', (year, month, n, expected) => {
    expect(cal.nthWorkingDayOfMonth(year, month, n)).toBe(expected);
    expect(cal.isNthWorkingDayOfMonth(expected, n)).toBe(true);
  });

  it('throws when the month is too short and rejects n < 1', () => {
    expect(() => cal.nthWorkingDayOfMonth(2025, 2, 21)).toThrow(RangeError);
    expect(() => cal.nthWorkingDayOfMonth(2025, 2, 0)).toThrow(RangeError);
    expect(cal.isNthWorkingDayOfMonth('2025-02-28', 21)).toBe(false);
  });

  it.each([
    ['2025-01-01', 1, false], // holiday
    ['2025-01-02', 1, true],
    ['2025-01-03', 1, false],
    ['2025-05-05', 3, false], // bank holiday is nobody's working day
    ['2025-05-06', 3, true],
  ])('isNthWorkingDayOfMonth(%s, %i) = %s', (d, n, expected) => {
    expect(cal.isNthWorkingDayOfMonth(d, n)).toBe(expected);
  });

  it.each([
    ['2025-06-11', '2025-06-09'],
    ['2025-06-15', '2025-06-09'], // Sunday belongs to the week starting the Monday before
    ['2025-04-23', '2025-04-22'], // Easter Monday week
    ['2025-05-07', '2025-05-06'], // early May week
    ['2025-05-26', '2025-05-27'], // spring bank holiday itself
    ['2025-08-29', '2025-08-26'], // summer bank holiday week
    ['2026-12-31', '2026-12-29'], // Boxing Day substitute week
    ['2025-01-01', '2024-12-30'], // week spans the year end
  ])('firstWorkingDayOfWeek(%s) = %s', (d, expected) => {
    expect(cal.firstWorkingDayOfWeek(d)).toBe(expected);
    expect(cal.isFirstWorkingDayOfWeek(expected)).toBe(true);
  });

  it('works with an empty holiday list (weekdays only)', () => {
    const plain = new WorkingCalendar([]);
    expect(plain.isWorkingDay('2025-12-25')).toBe(true);
    expect(plain.nthWorkingDayOfMonth(2025, 1, 1)).toBe('2025-01-01');
  });
});
