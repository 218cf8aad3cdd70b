import { describe, expect, it } from 'vitest';
import {
  assessEcsl,
  DEFAULT_ECSL_SETTINGS,
  DEFAULT_ECSL_TIMELINE,
  ECSL_CHECKLIST,
  parseEcslTimeline,
  schemeInForce,
  type CustodyFacts,
  type EcslScheme,
  type EcslVerdict,
} from '../../src/domain/ecsl.js';

/** A plain 50% SDS with nothing against it; each test changes only what it is about. */
function custody(over: Partial<CustodyFacts> = {}): CustodyFacts {
  return {
    sentenceType: 'sds',
    sentenceLength: 'P2Y',
    custodyStartDate: '2023-06-01',
    crd: '2024-08-10',
    sexualOffence: false,
    sexOffenderRegister: false,
    violentOffence: false,
    terroristConnected: false,
    categoryA: false,
    civilPrisoner: false,
    fineDefault: false,
    servingRecall: false,
    remandedOtherMatters: false,
    nsd: false,
    furtherChargePending: false,
    ...over,
  };
}

const codes = (v: EcslVerdict) => ('reasons' in v ? v.reasons.map((r) => r.code) : []);

describe('schemeInForce', () => {
  it.each<['male' | 'female', string, number | null]>([
    ['male', '2023-10-16', null], // before the first scheme
    ['male', '2023-10-17', 18],
    ['male', '2024-03-07', 18],
    ['male', '2024-03-08', 35],
    ['male', '2024-05-22', 35],
    ['male', '2024-05-23', 70],
    ['male', '2024-09-08', 70],
    ['male', '2024-09-09', null], // ended (SDS40 from 2024-09-10)
    ['male', '2024-09-10', null],
    ['male', '2026-01-01', null],
    ['female', '2023-11-01', null], // women's estate only from 2024-03-05
    ['female', '2024-03-04', null],
    ['female', '2024-03-05', 18],
    ['female', '2024-05-14', 18],
    ['female', '2024-05-15', null],
    ['female', '2024-06-01', null], // men's estate was at 70 days then; women's had ended
  ])('%s estate on %s: window %s', (estate, date, window) => {
    expect(schemeInForce(DEFAULT_ECSL_TIMELINE, estate, date)?.windowDays ?? null).toBe(window);
  });
});

describe('exclusions (each alone)', () => {
  const decision = '2024-06-01';
  it.each<[string, Partial<CustodyFacts>, string, string]>([
    ['sexual offence', { sexualOffence: true }, 'sexual_offence', 'Sexual offence'],
    [
      'sex offender registration',
      { sexOffenderRegister: true },
      'sex_offender_register',
      'sex offender registration',
    ],
    [
      'violent, 4 years exactly',
      { violentOffence: true, sentenceLength: 'P4Y' },
      'violent_long_sentence',
      'Violent offence with a sentence of 4 years or more',
    ],
    [
      'violent, 48 months',
      { violentOffence: true, sentenceLength: 'P48M' },
      'violent_long_sentence',
      '4 years or more',
    ],
    ['violent, 6 years', { violentOffence: true, sentenceLength: 'P6Y' }, 'violent_long_sentence', '6 years'],
    [
      'violent, unreadable length',
      { violentOffence: true, sentenceLength: 'four years' },
      'sentence_length_unreadable',
      'could not be read',
    ],
    ['terrorist-connected', { terroristConnected: true }, 'terrorist', 'Terrorist'],
    ['SDS+', { sentenceType: 'sds_plus' }, 'not_sds_50', 'SDS+ (two-thirds release)'],
    ['EDS', { sentenceType: 'eds' }, 'not_sds_50', 'Extended Determinate Sentence'],
    ['SOPC', { sentenceType: 'sopc' }, 'not_sds_50', 'particular concern'],
    ['life', { sentenceType: 'life' }, 'not_sds_50', 'Life sentence'],
    ['IPP', { sentenceType: 'ipp' }, 'not_sds_50', 'Imprisonment for Public Protection'],
    ['DTO', { sentenceType: 'dto' }, 'not_sds_50', 'DTO'],
    ['other', { sentenceType: 'other' }, 'not_sds_50', 'other than a 50%'],
    ['Category A', { categoryA: true }, 'category_a', 'Category A'],
    ['civil prisoner', { civilPrisoner: true }, 'civil_prisoner', 'Civil prisoner'],
    ['fine defaulter', { fineDefault: true }, 'fine_default', 'Fine defaulter'],
    ['serving a recall', { servingRecall: true }, 'serving_recall', 'recall'],
    ['remanded on other matters', { remandedOtherMatters: true }, 'remanded_other_matters', 'Remanded'],
    ['NSD', { nsd: true }, 'nsd', 'National Security Division'],
    ['CRD is the decision date', { crd: decision }, 'crd_reached', 'Sat 1 Jun 2024'],
    ['CRD already passed', { crd: '2024-05-20' }, 'crd_reached', 'conditional release date'],
    [
      'cannot serve 14 days before CRD',
      { custodyStartDate: '2024-06-01', crd: '2024-06-15' },
      'min_custody',
      'minimum 14 days',
    ],
  ])('%s', (_label, over, code, text) => {
    const v = assessEcsl(custody(over), decision, DEFAULT_ECSL_SETTINGS);
    expect(v.kind).toBe('not_eligible');
    expect(codes(v)).toEqual([code]);
    if (v.kind === 'not_eligible') expect(v.reasons[0]!.text).toContain(text);
  });

  it.each([
    ['P3Y11M', 'violent under 4 years'],
    ['P1460D', 'violent, 1460 days from 2023-06-01 (spans 29 Feb 2024): under 4 years'],
  ])('%s is not excluded (%s)', (length) => {
    const v = assessEcsl(
      custody({ violentOffence: true, sentenceLength: length }),
      '2024-06-01',
      DEFAULT_ECSL_SETTINGS,
    );
    expect(v.kind).toBe('eligible');
  });

  it('does not apply the violent threshold to a non-violent offence', () => {
    const v = assessEcsl(custody({ sentenceLength: 'P10Y' }), '2024-06-01', DEFAULT_ECSL_SETTINGS);
    expect(v.kind).toBe('eligible');
  });

  it('uses a configured violent threshold', () => {
    const settings = { ...DEFAULT_ECSL_SETTINGS, violentThreshold: 'P2Y' };
    const v = assessEcsl(custody({ violentOffence: true, sentenceLength: 'P2Y' }), '2024-06-01', settings);
    expect(codes(v)).toEqual(['violent_long_sentence']);
    expect(v.kind === 'not_eligible' && v.reasons[0]!.text).toContain('2 years or more');
  });

  it('lists EVERY reason that applies, not just the first', () => {
    const v = assessEcsl(
      custody({
        sentenceType: 'eds',
        sexualOffence: true,
        sexOffenderRegister: true,
        violentOffence: true,
        sentenceLength: 'P5Y',
        terroristConnected: true,
        categoryA: true,
        civilPrisoner: true,
        fineDefault: true,
        servingRecall: true,
        remandedOtherMatters: true,
        nsd: true,
        furtherChargePending: true,
        crd: '2024-06-01',
        custodyStartDate: '2024-05-25',
      }),
      '2024-06-01',
      DEFAULT_ECSL_SETTINGS,
    );
    expect(v.kind).toBe('not_eligible');
    expect(codes(v)).toEqual([
      'sexual_offence',
      'sex_offender_register',
      'violent_long_sentence',
      'terrorist',
      'not_sds_50',
      'category_a',
      'civil_prisoner',
      'fine_default',
      'serving_recall',
      'remanded_other_matters',
      'nsd',
      'crd_reached',
      'min_custody',
    ]);
  });

  it('an exclusion beats a panel referral', () => {
    const v = assessEcsl(
      custody({ categoryA: true, furtherChargePending: true }),
      '2024-06-01',
      DEFAULT_ECSL_SETTINGS,
    );
    expect(v.kind).toBe('not_eligible');
  });
});

describe('windows, eras and the 14-day rule', () => {
  it.each<[string, Partial<CustodyFacts>, string, EcslVerdict]>([
    // --- 18-day era (from 2023-10-17)
    [
      'exactly 18 days before CRD is inside',
      { crd: '2023-11-19' },
      '2023-11-01',
      {
        kind: 'eligible',
        earliestRelease: '2023-11-01',
        windowOpen: true,
        windowOpens: '2023-11-01',
        windowDays: 18,
        releaseBy: '2023-11-03',
      },
    ],
    [
      '19 days before CRD is not yet',
      { crd: '2023-11-19' },
      '2023-10-31',
      { kind: 'not_yet', windowOpens: '2023-11-01', earliestRelease: '2023-11-01', windowDays: 18 },
    ],
    [
      'first day of the scheme',
      { crd: '2023-10-30' },
      '2023-10-17',
      {
        kind: 'eligible',
        earliestRelease: '2023-10-17',
        windowOpen: true,
        windowOpens: '2023-10-17', // CRD − 18 = 12 Oct, before the scheme began
        windowDays: 18,
        releaseBy: '2023-10-19',
      },
    ],
    [
      'day before CRD',
      { crd: '2023-12-01' },
      '2023-11-30',
      {
        kind: 'eligible',
        earliestRelease: '2023-11-30',
        windowOpen: true,
        windowOpens: '2023-11-13',
        windowDays: 18,
        releaseBy: '2023-12-02',
      },
    ],
    // --- 35-day era (from 2024-03-08)
    [
      '35-day window, inside',
      { crd: '2024-05-01' },
      '2024-04-01',
      {
        kind: 'eligible',
        earliestRelease: '2024-04-01',
        windowOpen: true,
        windowOpens: '2024-03-27',
        windowDays: 35,
        releaseBy: '2024-04-03',
      },
    ],
    [
      'window widens 18 → 35 on 2024-03-08: opens CRD − 35, not CRD − 18',
      { crd: '2024-04-20' },
      '2024-03-01',
      { kind: 'not_yet', windowOpens: '2024-03-16', earliestRelease: '2024-03-16', windowDays: 35 },
    ],
    [
      'window widens 18 → 35: already inside the new window, so it opens on the day it widens',
      { crd: '2024-04-05' },
      '2024-03-07',
      { kind: 'not_yet', windowOpens: '2024-03-08', earliestRelease: '2024-03-08', windowDays: 35 },
    ],
    // --- 70-day era (from 2024-05-23)
    [
      'exactly 70 days before CRD is inside',
      { crd: '2024-08-10' },
      '2024-06-01',
      {
        kind: 'eligible',
        earliestRelease: '2024-06-01',
        windowOpen: true,
        windowOpens: '2024-06-01',
        windowDays: 70,
        releaseBy: '2024-06-03',
      },
    ],
    [
      '71 days before CRD is not yet',
      { crd: '2024-08-10' },
      '2024-05-31',
      { kind: 'not_yet', windowOpens: '2024-06-01', earliestRelease: '2024-06-01', windowDays: 70 },
    ],
    [
      'window widens 35 → 70 on 2024-05-23',
      { crd: '2024-07-15' },
      '2024-05-20',
      { kind: 'not_yet', windowOpens: '2024-05-23', earliestRelease: '2024-05-23', windowDays: 70 },
    ],
    [
      'inside the 35-day window before it widened: window opened under the 35-day rule',
      { crd: '2024-06-20' },
      '2024-06-01',
      {
        kind: 'eligible',
        earliestRelease: '2024-06-01',
        windowOpen: true,
        windowOpens: '2024-05-16',
        windowDays: 70,
        releaseBy: '2024-06-03',
      },
    ],
    [
      'last day of the scheme',
      { crd: '2024-10-01' },
      '2024-09-08',
      {
        kind: 'eligible',
        earliestRelease: '2024-09-08',
        windowOpen: true,
        windowOpens: '2024-07-23',
        windowDays: 70,
        releaseBy: '2024-09-10',
      },
    ],
    [
      'window opens on the last day of the scheme',
      { crd: '2024-11-17' },
      '2024-09-01',
      { kind: 'not_yet', windowOpens: '2024-09-08', earliestRelease: '2024-09-08', windowDays: 70 },
    ],
    // --- 14 days in custody
    [
      'in the window but not yet 14 days in custody',
      { custodyStartDate: '2024-05-25', crd: '2024-08-01' },
      '2024-06-01',
      {
        kind: 'eligible',
        earliestRelease: '2024-06-08',
        windowOpen: false,
        windowOpens: '2024-05-23',
        windowDays: 70,
        releaseBy: '2024-06-10',
      },
    ],
    [
      '14 days reached exactly one day before CRD',
      { custodyStartDate: '2024-06-01', crd: '2024-06-16' },
      '2024-06-02',
      {
        kind: 'eligible',
        earliestRelease: '2024-06-15',
        windowOpen: false,
        windowOpens: '2024-05-12',
        windowDays: 70,
        releaseBy: '2024-06-17',
      },
    ],
    [
      '14 days reached on the decision date',
      { custodyStartDate: '2024-05-18', crd: '2024-07-01' },
      '2024-06-01',
      {
        kind: 'eligible',
        earliestRelease: '2024-06-01',
        windowOpen: true,
        windowOpens: '2024-05-23',
        windowDays: 70,
        releaseBy: '2024-06-03',
      },
    ],
  ])('%s', (_label, over, decision, expected) => {
    expect(assessEcsl(custody(over), decision, DEFAULT_ECSL_SETTINGS)).toEqual(expected);
  });
});

describe('scheme ends before the window opens', () => {
  it.each<[string, Partial<CustodyFacts>, string]>([
    ['men: CRD − 70 falls after the scheme ended', { crd: '2024-11-30' }, '2024-08-01'],
    ['men: window would open on the day the scheme ended', { crd: '2024-11-18' }, '2024-09-01'],
    ['women: CRD − 18 after 14 May 2024', { crd: '2024-06-10', estate: 'female' }, '2024-04-01'],
    [
      'men: 14 days in custody only after the scheme ended',
      { custodyStartDate: '2024-08-30', crd: '2024-10-10' },
      '2024-09-02',
    ],
  ])('%s', (_label, over, decision) => {
    const v = assessEcsl(custody(over), decision, DEFAULT_ECSL_SETTINGS);
    expect(v.kind).toBe('not_eligible');
    expect(codes(v)).toEqual(['scheme_ends_first']);
    if (v.kind === 'not_eligible')
      expect(v.reasons[0]!.text).toMatch(/The ECSL scheme ends on (Mon 9 Sep|Wed 15 May) 2024/);
  });
});

describe('no scheme in force', () => {
  it.each<[string, Partial<CustodyFacts>, string, number | undefined, string]>([
    ['men, the day the scheme ended', { crd: '2024-09-20' }, '2024-09-09', 70, 'Mon 9 Sep 2024'],
    ['men, SDS40 era', { crd: '2025-01-20' }, '2025-01-01', 70, 'No ECSL scheme is in force'],
    [
      'men, before the first scheme',
      { crd: '2023-10-20' },
      '2023-10-16',
      undefined,
      'first scheme starts on Tue 17 Oct 2023',
    ],
    [
      'women, before their scheme',
      { crd: '2024-03-10', estate: 'female' },
      '2024-03-04',
      undefined,
      "women's estate",
    ],
    [
      'women, after their scheme ended',
      { crd: '2024-06-10', estate: 'female' },
      '2024-05-15',
      18,
      'Wed 15 May 2024',
    ],
    [
      'women, while the men had 70 days',
      { crd: '2024-07-10', estate: 'female' },
      '2024-06-01',
      18,
      "women's estate",
    ],
  ])('%s', (_label, over, decision, lastWindow, text) => {
    const v = assessEcsl(custody(over), decision, DEFAULT_ECSL_SETTINGS);
    expect(v.kind).toBe('no_scheme');
    if (v.kind !== 'no_scheme') return;
    expect(v.decisionDate).toBe(decision);
    expect(v.text).toContain('No ECSL scheme is in force');
    expect(v.text).toContain(text);
    expect(v.text).not.toMatch(/\beligible\b/);
    expect(v.lastScheme?.windowDays).toBe(lastWindow);
  });

  it('still lists exclusions, for information', () => {
    const v = assessEcsl(
      custody({ sexualOffence: true, crd: '2025-02-01' }),
      '2025-01-01',
      DEFAULT_ECSL_SETTINGS,
    );
    expect(v.kind).toBe('no_scheme');
    expect(codes(v)).toEqual(['sexual_offence']);
  });

  it("women's estate: eligible on the first and last days of their scheme", () => {
    expect(
      assessEcsl(custody({ estate: 'female', crd: '2024-03-23' }), '2024-03-05', DEFAULT_ECSL_SETTINGS).kind,
    ).toBe('eligible');
    expect(
      assessEcsl(custody({ estate: 'female', crd: '2024-06-01' }), '2024-05-14', DEFAULT_ECSL_SETTINGS).kind,
    ).toBe('eligible');
    expect(
      assessEcsl(custody({ estate: 'female', crd: '2024-05-20' }), '2024-04-01', DEFAULT_ECSL_SETTINGS),
    ).toEqual({
      kind: 'not_yet',
      windowOpens: '2024-05-02',
      earliestRelease: '2024-05-02',
      windowDays: 18,
    });
  });
});

describe('refer to the exemption panel', () => {
  it.each<[string, Partial<CustodyFacts>, string[]]>([
    ['further charge pending', { furtherChargePending: true }, ['further_charge']],
    ['release plan compromised, risk increases', { releasePlanRiskIncrease: true }, ['release_plan_risk']],
    [
      'both',
      { furtherChargePending: true, releasePlanRiskIncrease: true },
      ['further_charge', 'release_plan_risk'],
    ],
  ])('%s', (_label, over, expected) => {
    const v = assessEcsl(custody(over), '2024-06-01', DEFAULT_ECSL_SETTINGS);
    expect(v).toEqual({
      kind: 'refer_panel',
      reasons: expect.any(Array),
      earliestRelease: '2024-06-01',
      windowOpens: '2024-06-01',
      windowDays: 70,
    });
    expect(codes(v)).toEqual(expected);
  });

  it('refers even before the window opens, with the dates', () => {
    const v = assessEcsl(custody({ furtherChargePending: true }), '2024-05-01', DEFAULT_ECSL_SETTINGS);
    expect(v).toMatchObject({
      kind: 'refer_panel',
      earliestRelease: '2024-06-01',
      windowOpens: '2024-06-01',
    });
  });

  it('releasePlanRiskIncrease false is not a referral', () => {
    expect(
      assessEcsl(custody({ releasePlanRiskIncrease: false }), '2024-06-01', DEFAULT_ECSL_SETTINGS).kind,
    ).toBe('eligible');
  });
});

describe('timeline as data', () => {
  it('round-trips the default timeline through JSON', () => {
    expect(parseEcslTimeline(JSON.stringify(DEFAULT_ECSL_TIMELINE))).toEqual(DEFAULT_ECSL_TIMELINE);
  });

  it('a deployment can add a new scheme', () => {
    const extended: EcslScheme[] = [
      ...DEFAULT_ECSL_TIMELINE,
      { from: '2026-01-05', windowDays: 28, estate: 'male', note: 'hypothetical re-use of the power' },
    ];
    const settings = { ...DEFAULT_ECSL_SETTINGS, timeline: parseEcslTimeline(JSON.stringify(extended)) };
    expect(assessEcsl(custody({ crd: '2026-02-02' }), '2026-01-05', settings)).toMatchObject({
      kind: 'eligible',
      windowDays: 28,
      windowOpens: '2026-01-05',
    });
    expect(assessEcsl(custody({ crd: '2026-02-02' }), '2026-01-04', settings)).toMatchObject({
      kind: 'no_scheme',
      text: expect.stringContaining('No ECSL scheme is in force'),
    });
  });

  it('a window that narrows defers the opening date', () => {
    const timeline: EcslScheme[] = [
      { from: '2030-01-01', windowDays: 70, estate: 'male' },
      { from: '2030-02-01', windowDays: 18, estate: 'male' },
    ];
    const settings = { ...DEFAULT_ECSL_SETTINGS, timeline };
    // CRD − 70 = 9 Feb, but by then the window is 18 days: opens CRD − 18 = 2 Apr.
    expect(assessEcsl(custody({ crd: '2030-04-20' }), '2030-01-25', settings)).toEqual({
      kind: 'not_yet',
      windowOpens: '2030-04-02',
      earliestRelease: '2030-04-02',
      windowDays: 18,
    });
  });

  it('entry order in the file does not matter', () => {
    const shuffled = [...DEFAULT_ECSL_TIMELINE].reverse();
    expect(schemeInForce(shuffled, 'male', '2024-04-01')?.windowDays).toBe(35);
  });

  it.each([
    ['not JSON', '{nope', /not valid JSON/],
    ['not an array', '{"from":"2024-01-01"}', /invalid/],
    ['impossible date', '[{"from":"2024-02-30","windowDays":18,"estate":"male"}]', /0\.from/],
    ['zero window', '[{"from":"2024-02-01","windowDays":0,"estate":"male"}]', /windowDays/],
    ['unknown estate', '[{"from":"2024-02-01","windowDays":18,"estate":"youth"}]', /estate/],
    [
      'duplicate',
      '[{"from":"2024-02-01","windowDays":18,"estate":"male"},{"from":"2024-02-01","windowDays":35,"estate":"male"}]',
      /duplicate/,
    ],
  ])('rejects %s', (_label, json, message) => {
    expect(() => parseEcslTimeline(json)).toThrow(message);
  });
});

describe('ECSL_CHECKLIST', () => {
  it.each([
    'eligible',
    'resettlement plan',
    'licence conditions',
    'accommodation',
    'health services',
    'benefits',
    'victim safety',
    'Victim Liaison Officer',
    'Create and Vary a Licence',
    'nDelius',
    'foreign national',
  ])('mentions %s', (phrase) => {
    expect(ECSL_CHECKLIST.join(' ')).toContain(phrase);
  });
});
