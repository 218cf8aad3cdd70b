import { describe, expect, it } from 'vitest';
import { londonDateTime, londonInstant } from '../../src/domain/dates.js';
import {
  assessFreshness,
  DEFAULT_FRESHNESS,
  freshnessLine,
  freshnessWarning,
  parseFreshnessLimits,
  sincePreviousWorkingDay,
  workingHoursBetween,
} from '../../src/domain/freshness.js';
import { defaultBankHolidays, WorkingCalendar } from '../../src/domain/working-days.js';

const calendar = new WorkingCalendar(defaultBankHolidays());
const at = (date: string, time: string) => londonInstant(date, time);

describe('London wall-clock time', () => {
  it.each([
    ['2026-12-01', '02:10', '2026-12-01T02:10:00.000Z'], // GMT
    ['2024-06-17', '07:00', '2024-06-17T06:00:00.000Z'], // BST
    ['2026-03-29', '01:30', '2026-03-29T01:30:00.000Z'], // skipped when the clocks go forward: an hour later
    ['2026-10-25', '01:30', '2026-10-25T01:30:00.000Z'], // repeated when they go back: the GMT one
  ])('%s %s in London is %s', (date, time, iso) => {
    expect(londonInstant(date, time).toISOString()).toBe(iso);
  });

  it('reads an instant back as London date and time', () => {
    expect(londonDateTime(new Date('2024-06-30T23:30:00Z'))).toEqual({ date: '2024-07-01', time: '00:30' });
    expect(londonDateTime(new Date('2026-12-01T02:10:00Z'))).toEqual({ date: '2026-12-01', time: '02:10' });
  });
});

describe('age in working hours (weekends and bank holidays do not count)', () => {
  it.each([
    ['same day', at('2026-12-02', '02:10'), at('2026-12-02', '09:00'), 6 + 50 / 60],
    ['overnight', at('2026-12-01', '02:10'), at('2026-12-02', '09:00'), 21 + 50 / 60 + 9],
    // Friday night's extract on Monday morning: Friday 21h50 and Monday 9h, no weekend.
    ['over a weekend', at('2026-11-27', '02:10'), at('2026-11-30', '09:00'), 21 + 50 / 60 + 9],
    // Christmas Day and the Boxing Day substitute (Mon 28 Dec) do not count either.
    ['over Christmas', at('2026-12-24', '02:10'), at('2026-12-29', '02:10'), 21 + 50 / 60 + 2 + 10 / 60],
    ['three working days', at('2026-12-02', '02:10'), at('2026-12-07', '02:10'), 72],
    ['a weekend only', at('2026-12-05', '02:10'), at('2026-12-06', '23:00'), 0],
    ['backwards', at('2026-12-02', '09:00'), at('2026-12-02', '02:10'), 0],
    // 29 Mar 2026 (a Sunday) has 23 hours; 30 Mar is a full working day.
    ['across the clock change', at('2026-03-27', '12:00'), at('2026-03-30', '12:00'), 24],
  ])('%s', (_label, from, to, hours) => {
    expect(workingHoursBetween(from, to, calendar)).toBeCloseTo(hours, 6);
  });
});

describe('the freshness limit (EXTRACT_MAX_AGE_HOURS)', () => {
  const kinds = ['staff', 'cases', 'custody'];
  it('is 36 working hours for every kind by default, and may differ per kind', () => {
    expect(parseFreshnessLimits('36', kinds)).toEqual(DEFAULT_FRESHNESS);
    expect(parseFreshnessLimits('24, staff=168', kinds)).toEqual({
      defaultHours: 24,
      hoursByKind: { staff: 168 },
    });
  });

  it.each([
    ['cases=0', 'at least 1 hour'],
    ['caseload=36', "'caseload' is not an extract kind"],
    ['36h', "'36h' is not hours or kind=hours"],
  ])('refuses %s', (text, message) => {
    expect(() => parseFreshnessLimits(text, kinds)).toThrow(message);
  });

  it('says how old the extract is, and warns at the top only past its limit', () => {
    const latest = new Map([
      ['cases', { kind: 'cases', importedAt: at('2026-12-01', '02:10'), fileName: 'cases.csv', rows: 10 }],
    ]);
    const [fresh] = assessFreshness(
      ['cases'],
      latest,
      at('2026-12-02', '09:00'),
      DEFAULT_FRESHNESS,
      calendar,
    );
    expect(freshnessLine(fresh!)).toBe('Caseload from the extract of 1 Dec 2026, 02:10.');
    expect(freshnessWarning(fresh!)).toBeNull();
    const [stale] = assessFreshness(
      ['cases'],
      latest,
      at('2026-12-04', '09:00'),
      DEFAULT_FRESHNESS,
      calendar,
    );
    expect(stale!.stale).toBe(true);
    expect(freshnessWarning(stale!)).toBe(
      '⚠️ Out of date: the newest caseload extract is from 1 Dec 2026, 02:10, 78 working hours old (the limit is 36). ' +
        'Check the case record before acting on this.',
    );
    const [never] = assessFreshness(
      ['custody'],
      latest,
      at('2026-12-02', '09:00'),
      DEFAULT_FRESHNESS,
      calendar,
    );
    expect(never!.stale).toBe(false);
    expect(freshnessLine(never!)).toBe(
      "No import of the custody list extract is on record, so I can't say how old it is.",
    );
  });

  it('an operator summary covers since the same time on the previous working day', () => {
    expect(sincePreviousWorkingDay(at('2026-12-07', '07:00'), calendar)).toEqual(at('2026-12-04', '07:00'));
    expect(sincePreviousWorkingDay(at('2026-12-29', '07:00'), calendar)).toEqual(at('2026-12-24', '07:00'));
  });
});
