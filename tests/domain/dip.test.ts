import { describe, expect, it } from 'vitest';
import {
  currentOutcome,
  DIP_OUTCOMES,
  isDipOutcome,
  isTerminalOutcome,
  lastDayToCharge,
  offenceFor,
  stlStatus,
  type DipOutcome,
} from '../../src/domain/dip.js';

describe('lastDayToCharge', () => {
  it.each([
    // the worked examples of docs/rules.md
    ['2025-01-01', '2025-07-01'],
    ['2025-03-31', '2025-09-30'],
    ['2025-08-31', '2026-02-28'],
    ['2023-08-31', '2024-02-29'],
    // month ends and leap years
    ['2023-08-30', '2024-02-29'],
    ['2023-08-29', '2024-02-29'],
    ['2023-08-28', '2024-02-28'],
    ['2024-08-31', '2025-02-28'],
    ['2024-02-29', '2024-08-29'],
    ['2025-05-31', '2025-11-30'],
    ['2025-12-31', '2026-06-30'],
    ['2025-09-30', '2026-03-30'], // 30th stays the 30th, not the month end
    ['2025-07-15', '2026-01-15'], // across the year
    // no weekend or bank-holiday extension
    ['2025-01-05', '2025-07-05'], // Saturday
    ['2025-01-06', '2025-07-06'], // Sunday
    ['2025-02-25', '2025-08-25'], // summer bank holiday
    ['2026-06-25', '2026-12-25'], // Christmas Day
  ])('offence %s → last day %s', (offence, last) => {
    expect(lastDayToCharge(offence)).toBe(last);
  });
});

describe('isTerminalOutcome', () => {
  it.each<[DipOutcome | '' | null | undefined, boolean]>([
    [null, false],
    [undefined, false],
    ['', false],
    ['circulated_fta', false], // the clock keeps running
    ['arrested', false], // not yet charged: the clock keeps running
    ['engaging', false], // the offence date does not move
    ['pcr_issued', true],
    ['charged', true],
    ['nfa_ra1_not_signed', true],
    ['nfa_other', true],
    ['stl_passed', true],
  ])('%j → %s', (o, expected) => {
    expect(isTerminalOutcome(o)).toBe(expected);
  });

  it('recognises the outcome codes', () => {
    expect(DIP_OUTCOMES.every(isDipOutcome)).toBe(true);
    expect(DIP_OUTCOMES).toHaveLength(8);
    expect(isDipOutcome('stl_passed')).toBe(true);
    expect(isDipOutcome('arrested')).toBe(true);
    expect(isDipOutcome('stl_expired')).toBe(false);
    expect(isDipOutcome('')).toBe(false);
  });
});

describe('offenceFor', () => {
  it.each([
    ['initial', 's.12(3)', 'initial'],
    ['follow_up', 's.14(3)', 'follow-up'],
  ] as const)('%s assessment → %s', (assessment, section, word) => {
    const o = offenceFor(assessment);
    expect(o.section).toBe(section);
    expect(o.summaryOnly).toBe(true);
    expect(o.text).toContain('Drugs Act 2005');
    expect(o.text).toContain(word);
    expect(o.text).toContain('summary only');
  });
});

describe('stlStatus', () => {
  // Missed 2025-01-01, so the last day to charge is Tue 1 Jul 2025.
  const missedDate = '2025-01-01';
  it.each<[string, DipOutcome | null, string, number, string, number]>([
    ['2025-01-02', null, '2025-07-01', 180, 'open', 0],
    ['2025-06-16', null, '2025-07-01', 15, 'open', 0],
    ['2025-06-17', null, '2025-07-01', 14, 'expiring', 1],
    ['2025-06-23', null, '2025-07-01', 8, 'expiring', 1],
    ['2025-06-24', null, '2025-07-01', 7, 'expiring', 2],
    ['2025-06-28', null, '2025-07-01', 3, 'expiring', 2],
    ['2025-06-29', null, '2025-07-01', 2, 'expiring', 3],
    ['2025-07-01', null, '2025-07-01', 0, 'expiring', 3], // charging on the last day is in time
    ['2025-07-02', null, '2025-07-01', -1, 'passed', 0],
    ['2025-12-01', null, '2025-07-01', -153, 'passed', 0],
    ['2025-06-30', 'circulated_fta', '2025-07-01', 1, 'expiring', 3], // circulated still needs reminders
    ['2025-07-02', 'circulated_fta', '2025-07-01', -1, 'passed', 0],
    ['2025-06-30', 'pcr_issued', '2025-07-01', 1, 'dealt_with', 0],
    ['2025-06-30', 'charged', '2025-07-01', 1, 'dealt_with', 0],
    ['2025-06-30', 'engaging', '2025-07-01', 1, 'expiring', 3], // engaging keeps the clock and the reminders
    ['2025-06-30', 'arrested', '2025-07-01', 1, 'expiring', 3],
    ['2025-07-02', 'stl_passed', '2025-07-01', -1, 'dealt_with', 0],
    ['2025-08-01', 'nfa_other', '2025-07-01', -31, 'dealt_with', 0],
    ['2025-08-01', 'nfa_ra1_not_signed', '2025-07-01', -31, 'dealt_with', 0],
  ])(
    'on %s with %s: last day %s, %i left, %s, escalation %i',
    (today, outcome, lastDay, daysLeft, status, escalation) => {
      expect(stlStatus({ missedDate, outcome }, today)).toEqual({ lastDay, daysLeft, status, escalation });
    },
  );

  it.each([
    // month-end clamp: missed 31 Aug 2025 → last day Sat 28 Feb 2026
    ['2025-08-31', '2026-02-28', '2026-02-14', 14, 'expiring'],
    ['2025-08-31', '2026-02-28', '2026-02-28', 0, 'expiring'],
    ['2025-08-31', '2026-02-28', '2026-03-01', -1, 'passed'],
    // leap day: missed 31 Aug 2023 → Thu 29 Feb 2024
    ['2023-08-31', '2024-02-29', '2024-02-29', 0, 'expiring'],
    ['2023-08-31', '2024-02-29', '2024-03-01', -1, 'passed'],
  ])('missed %s → %s; on %s: %i left, %s', (missed, lastDay, today, daysLeft, status) => {
    expect(stlStatus({ missedDate: missed, outcome: null }, today)).toMatchObject({
      lastDay,
      daysLeft,
      status,
    });
  });

  it.each([
    [30, '2025-06-11', 'expiring', 1], // 20 days left, inside a 30-day warning
    [30, '2025-06-01', 'expiring', 1], // 30 days left
    [30, '2025-05-31', 'open', 0],
    [5, '2025-06-25', 'open', 0], // 6 days left, outside a 5-day warning: nothing escalates yet
    [5, '2025-06-26', 'expiring', 2],
    [1, '2025-06-30', 'expiring', 3],
  ])('warning period %i days, on %s: %s (escalation %i)', (warningDays, today, status, escalation) => {
    expect(stlStatus({ missedDate, outcome: '' }, today, warningDays)).toMatchObject({ status, escalation });
  });
});

describe('currentOutcome: an outcome recorded in Teams against the extract (docs/decisions.md)', () => {
  const teams = { outcome: 'pcr_issued', date: '2026-02-20' } as const;
  it.each<[string, { outcome: DipOutcome | null; date: string | null }, DipOutcome | null]>([
    ['extract without an outcome', { outcome: null, date: null }, 'pcr_issued'],
    ['extract with an earlier outcome', { outcome: 'circulated_fta', date: '2025-09-01' }, 'pcr_issued'],
    ['extract outcome dated the same day', { outcome: 'charged', date: '2026-02-20' }, 'pcr_issued'],
    ['extract outcome dated later', { outcome: 'charged', date: '2026-02-21' }, 'charged'],
    ['extract with a later date but no outcome', { outcome: null, date: '2026-03-01' }, 'pcr_issued'],
  ])('%s → %s', (_name, extract, expected) => {
    expect(currentOutcome(extract, teams).outcome).toBe(expected);
  });

  it('is the extract when nothing was recorded in Teams', () => {
    const extract = { outcome: 'charged' as const, date: '2025-09-15' };
    expect(currentOutcome(extract, null)).toEqual(extract);
    expect(currentOutcome(extract, { outcome: null, date: null })).toEqual(extract);
  });
});
