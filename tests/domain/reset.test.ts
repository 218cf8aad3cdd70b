import { describe, expect, it } from 'vitest';
import {
  assessReset,
  DEFAULT_RESET_SETTINGS,
  describeExemptReason,
  exemptReasons,
  followUpDate,
  twoThirdsDate,
  type ExemptReason,
  type ResetFacts,
} from '../../src/domain/reset.js';

function facts(over: Partial<ResetFacts> = {}): ResetFacts {
  return {
    sentenceType: 'licence',
    startDate: '2025-01-10',
    endDate: '2026-01-09',
    rar: false,
    mappaCategory: null,
    mappaLevel: null,
    rosh: 'medium',
    nsd: false,
    childProtection: false,
    iscPilot: false,
    ...over,
  };
}

const TODAY = '2025-06-01';

describe('two-thirds and follow-up arithmetic', () => {
  // start, end, T, F. Expected values for the extra rows were computed independently (Python
  // datetime) from T = S + ceil(2N/3) − 1 and F = T + ceil((E − T)/2).
  it.each([
    // the worked examples of docs/rules.md
    ['2025-01-10', '2026-01-09', '2025-09-10', '2025-11-10'],
    ['2024-01-01', '2024-12-31', '2024-08-31', '2024-10-31'],
    ['2025-01-15', '2026-01-14', '2025-09-15', '2025-11-15'],
    // very short periods (N = 1, 2, 3, 4, 6, 7)
    ['2025-03-01', '2025-03-01', '2025-03-01', '2025-03-01'],
    ['2025-03-01', '2025-03-02', '2025-03-02', '2025-03-02'],
    ['2025-03-01', '2025-03-03', '2025-03-02', '2025-03-03'],
    ['2025-03-01', '2025-03-04', '2025-03-03', '2025-03-04'],
    ['2025-03-01', '2025-03-06', '2025-03-04', '2025-03-05'],
    ['2025-06-02', '2025-06-08', '2025-06-06', '2025-06-07'],
    // leap and non-leap February
    ['2024-02-01', '2024-03-31', '2024-03-11', '2024-03-21'],
    ['2025-02-01', '2025-03-31', '2025-03-12', '2025-03-22'],
    ['2024-02-29', '2025-02-28', '2024-10-29', '2024-12-29'],
    ['2023-11-30', '2024-02-29', '2024-01-30', '2024-02-14'],
    // month and year ends
    ['2025-07-01', '2025-12-31', '2025-10-31', '2025-12-01'],
    ['2025-12-31', '2026-01-02', '2026-01-01', '2026-01-02'],
    // very long periods (10 and 25 years)
    ['2025-01-01', '2034-12-31', '2031-09-01', '2033-05-02'],
    ['2023-03-15', '2048-03-14', '2039-11-13', '2044-01-13'],
  ])('%s → %s: T %s, F %s', (s, e, t, f) => {
    expect(twoThirdsDate(s, e)).toBe(t);
    expect(followUpDate(t, e)).toBe(f);
  });

  it('throws RangeError when the end is before the start', () => {
    expect(() => twoThirdsDate('2025-03-02', '2025-03-01')).toThrow(RangeError);
    expect(() => followUpDate('2025-03-02', '2025-03-01')).toThrow(RangeError);
    expect(() =>
      assessReset(facts({ startDate: '2025-03-02', endDate: '2025-03-01' }), DEFAULT_RESET_SETTINGS, TODAY),
    ).toThrow(RangeError);
  });
});

describe('exemptReasons', () => {
  it.each<[string, Partial<ResetFacts>, ExemptReason[]]>([
    ['nothing', {}, []],
    ['MAPPA category 1 level 1', { mappaCategory: 1, mappaLevel: 1 }, ['mappa']],
    ['MAPPA category 4 only', { mappaCategory: 4 }, ['mappa']],
    ['MAPPA level 3 only', { mappaLevel: 3 }, ['mappa']],
    ['MAPPA category 0 (not MAPPA)', { mappaCategory: 0, mappaLevel: 0 }, []],
    ['NSD', { nsd: true }, ['nsd']],
    ['RoSH very high', { rosh: 'very_high' }, ['rosh_very_high']],
    ['RoSH high is NOT exempt', { rosh: 'high' }, []],
    ['RoSH low', { rosh: 'low' }, []],
    ['RoSH unknown', { rosh: null }, []],
    ['child protection', { childProtection: true }, ['child_protection']],
    ['ISC pilot', { iscPilot: true }, ['isc_pilot']],
    [
      'everything',
      {
        mappaCategory: 2,
        mappaLevel: 2,
        nsd: true,
        rosh: 'very_high',
        childProtection: true,
        iscPilot: true,
      },
      ['mappa', 'nsd', 'rosh_very_high', 'child_protection', 'isc_pilot'],
    ],
  ])('%s', (_label, over, expected) => {
    expect(exemptReasons(facts(over))).toEqual(expected);
  });

  it.each<[Partial<ResetFacts>, ExemptReason, string]>([
    [{ mappaCategory: 2, mappaLevel: 1 }, 'mappa', 'MAPPA category 2 level 1'],
    [{ mappaCategory: 3 }, 'mappa', 'MAPPA category 3'],
    [{ mappaLevel: 2 }, 'mappa', 'MAPPA level 2'],
    [{ rosh: 'very_high' }, 'rosh_very_high', 'RoSH very high'],
    [{ nsd: true }, 'nsd', 'managed by the National Security Division (NSD)'],
  ])('describes %j / %s as %s', (over, reason, text) => {
    expect(describeExemptReason(reason, facts(over))).toBe(text);
  });
});

describe('assessReset effects', () => {
  it.each<[string, Partial<ResetFacts>, string, string, boolean, boolean]>([
    // label, facts, today, effect, exempt, has follow-up
    ['licence, not exempt', {}, TODAY, 'appointments_stop', false, true],
    ['licence, MAPPA', { mappaCategory: 2, mappaLevel: 1 }, TODAY, 'no_reset_change', true, false],
    ['licence, RoSH high (not exempt)', { rosh: 'high' }, TODAY, 'appointments_stop', false, true],
    ['licence, RoSH very high', { rosh: 'very_high' }, TODAY, 'no_reset_change', true, false],
    ['licence, child protection', { childProtection: true }, TODAY, 'no_reset_change', true, false],
    ['licence, rar flag ignored', { rar: true }, TODAY, 'appointments_stop', false, true],
    ['licence after PSS repeal still applies', {}, '2026-06-01', 'appointments_stop', false, true],
    ['CO with RAR', { sentenceType: 'community_order', rar: true }, TODAY, 'rar_stops', false, false],
    [
      'SSO with RAR',
      { sentenceType: 'suspended_sentence_order', rar: true },
      TODAY,
      'rar_stops',
      false,
      false,
    ],
    [
      'CO with RAR, NSD',
      { sentenceType: 'community_order', rar: true, nsd: true },
      TODAY,
      'no_reset_change',
      true,
      false,
    ],
    [
      'CO with RAR, ISC pilot',
      { sentenceType: 'community_order', rar: true, iscPilot: true },
      TODAY,
      'no_reset_change',
      true,
      false,
    ],
    [
      'CO without RAR',
      { sentenceType: 'community_order', rar: false },
      TODAY,
      'no_reset_change',
      false,
      false,
    ],
    [
      'SSO without RAR, MAPPA',
      { sentenceType: 'suspended_sentence_order', mappaLevel: 1 },
      TODAY,
      'no_reset_change',
      true,
      false,
    ],
    ['PSS, not exempt', { sentenceType: 'pss' }, TODAY, 'pss_no_active_supervision', false, false],
    ['PSS, exempt', { sentenceType: 'pss', childProtection: true }, TODAY, 'no_reset_change', true, false],
    [
      'PSS, day before repeal (Fri 8 May 2026, the day the release-date service switched)',
      { sentenceType: 'pss' },
      '2026-05-08',
      'pss_no_active_supervision',
      false,
      false,
    ],
    ['PSS, on repeal date', { sentenceType: 'pss' }, '2026-05-11', 'pss_repealed', false, false],
    [
      'PSS, exempt, after repeal',
      { sentenceType: 'pss', nsd: true },
      '2026-09-01',
      'pss_repealed',
      true,
      false,
    ],
    [
      'licence too short for a final third',
      { startDate: '2025-03-01', endDate: '2025-03-02' },
      TODAY,
      'no_reset_change',
      false,
      false,
    ],
  ])('%s', (_label, over, today, effect, exempt, hasFollowUp) => {
    const a = assessReset(facts(over), DEFAULT_RESET_SETTINGS, today);
    expect(a.effect).toBe(effect);
    expect(a.exempt).toBe(exempt);
    expect(a.followUpDate !== null).toBe(hasFollowUp);
    expect(a.explanation.length).toBeGreaterThan(0);
  });

  it.each<[string, Partial<ResetFacts>, string, string, string | null]>([
    // worked examples through the whole assessment: T, final-third start, F
    ['licence 2025', {}, '2025-09-10', '2025-09-11', '2025-11-10'],
    [
      'licence 2024',
      { startDate: '2024-01-01', endDate: '2024-12-31' },
      '2024-08-31',
      '2024-09-01',
      '2024-10-31',
    ],
    [
      'CO with RAR',
      { sentenceType: 'community_order', rar: true, startDate: '2025-01-15', endDate: '2026-01-14' },
      '2025-09-15',
      '2025-09-16',
      null,
    ],
  ])('%s', (_label, over, t, finalThirdStart, f) => {
    const a = assessReset(facts(over), DEFAULT_RESET_SETTINGS, TODAY);
    expect(a.twoThirdsDate).toBe(t);
    expect(a.finalThirdStart).toBe(finalThirdStart);
    expect(a.followUpDate).toBe(f);
  });

  it('explains the arithmetic in plain English', () => {
    const a = assessReset(facts(), DEFAULT_RESET_SETTINGS, TODAY);
    expect(a.explanation[0]).toBe(
      'Licence 10 Jan 2025 to 9 Jan 2026 is 365 days; two-thirds point is day 244: Wed 10 Sep 2025.',
    );
    expect(a.explanation.join(' ')).toContain('Mon 10 Nov 2025');
    expect(a.explanation.join(' ')).toContain('Licence conditions and recall still apply');
  });

  it('names the exemption', () => {
    const a = assessReset(facts({ mappaCategory: 2, mappaLevel: 1 }), DEFAULT_RESET_SETTINGS, TODAY);
    expect(a.exemptReasons).toEqual(['mappa']);
    expect(a.explanation.join(' ')).toContain('MAPPA category 2 level 1');
    expect(a.explanation.join(' ')).toContain('normal contact continues');
  });

  it.each([
    ['2024-04-28', true],
    ['2024-04-29', false],
    ['2025-06-01', false],
  ])('mentions the go-live date when today (%s) is before it: %s', (today, mentioned) => {
    const a = assessReset(
      facts({ startDate: '2024-01-01', endDate: '2024-12-31' }),
      DEFAULT_RESET_SETTINGS,
      today,
    );
    expect(a.explanation.some((l) => l.includes('Mon 29 Apr 2024'))).toBe(mentioned);
  });

  it('uses a region-specific go-live date', () => {
    const a = assessReset(facts(), { ...DEFAULT_RESET_SETTINGS, goLiveDate: '2024-07-01' }, '2024-06-15');
    expect(a.explanation.join(' ')).toContain('Mon 1 Jul 2024');
  });

  it.each([
    ['2025-01-09', 'not_started'],
    ['2025-01-10', 'before_two_thirds'],
    ['2025-09-10', 'before_two_thirds'], // T itself: appointments up to and including T continue
    ['2025-09-11', 'final_third'],
    ['2026-01-09', 'final_third'],
    ['2026-01-10', 'ended'],
  ])('on %s the phase is %s', (today, phase) => {
    expect(assessReset(facts(), DEFAULT_RESET_SETTINGS, today).phase).toBe(phase);
  });

  it('does not talk about two-thirds for PSS', () => {
    const a = assessReset(facts({ sentenceType: 'pss' }), DEFAULT_RESET_SETTINGS, TODAY);
    expect(a.explanation.join(' ')).not.toContain('two-thirds');
    expect(a.explanation.join(' ')).toContain('whole PSS period');
  });
});
