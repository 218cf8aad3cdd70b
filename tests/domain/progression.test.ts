import { describe, expect, it } from 'vitest';
import type { CustodyFacts } from '../../src/domain/ecsl.js';
import {
  assessProgression,
  DEFAULT_PROGRESSION_SETTINGS,
  DEFAULT_PROGRESSION_TRANCHES,
  explainProgression,
  nextTranche,
  parseProgressionTranches,
  releaseSchemeOn,
  sentenceLengthDays,
  trancheFor,
  trancheLimits,
} from '../../src/domain/progression.js';

const TODAY = '2026-12-02';

function facts(over: Partial<CustodyFacts> = {}): CustodyFacts {
  return {
    sentenceType: 'sds',
    sentenceLength: 'P2Y',
    custodyStartDate: '2026-01-13',
    crd: '2026-12-20',
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

describe('sentence length in days (from the custody start, counting both ends)', () => {
  it.each([
    // the worked example of docs/rules.md: P2Y from 13 Jan 2026 runs to 12 Jan 2028
    ['P2Y', '2026-01-13', 730],
    ['P1Y', '2026-01-13', 365],
    ['P1Y', '2027-06-01', 366], // across 29 Feb 2028
    ['P18M', '2026-01-13', 546],
    ['P1Y6M', '2026-01-13', 546],
    ['P6W', '2026-01-13', 42],
    ['P120D', '2026-01-13', 120],
    ['P1500D', '2025-06-01', 1500],
    ['P1M', '2026-01-31', 28], // 31 Jan + 1 month is 28 Feb, so the last day is 27 Feb
    ['p4y', '2024-03-01', 1461],
  ])('%s from %s is %i days', (length, start, days) => {
    expect(sentenceLengthDays(length, start)).toBe(days);
  });

  it('cannot read a length that is not an ISO 8601 period', () => {
    expect(sentenceLengthDays('two years', '2026-01-13')).toBeNull();
  });
});

describe('tranches: the first whose limit the sentence does not exceed', () => {
  it.each([
    [1, 1, '2026-10-01'],
    [574, 1, '2026-10-01'],
    [575, 2, '2026-10-13'],
    [730, 2, '2026-10-13'],
    [882, 2, '2026-10-13'],
    [883, 3, '2026-11-10'],
    [1162, 3, '2026-11-10'],
    [1163, 4, '2026-12-08'],
    [1500, 4, '2026-12-08'],
    [1561, 4, '2026-12-08'],
    [1562, 5, '2027-01-12'],
    [2121, 5, '2027-01-12'],
    [2122, 6, '2027-02-09'],
    [2758, 6, '2027-02-09'],
    [3283, 7, '2027-03-09'],
    [3654, 8, '2027-04-13'],
    [4396, 9, '2027-05-11'],
    [4397, 10, '2027-06-08'],
    [20_000, 10, '2027-06-08'],
  ])('%i days: tranche %i from %s', (days, tranche, from) => {
    expect(trancheFor(days, DEFAULT_PROGRESSION_TRANCHES)).toMatchObject({ tranche, from });
  });

  it('describes the limits of a tranche', () => {
    const [t1, , , t4] = DEFAULT_PROGRESSION_TRANCHES;
    expect(trancheLimits(t1!, DEFAULT_PROGRESSION_TRANCHES)).toBe('at most 574 days');
    expect(trancheLimits(t4!, DEFAULT_PROGRESSION_TRANCHES)).toBe('more than 1,162 and at most 1,561 days');
    expect(trancheLimits(DEFAULT_PROGRESSION_TRANCHES.at(-1)!, DEFAULT_PROGRESSION_TRANCHES)).toBe(
      'more than 4,396 days',
    );
  });

  it.each([
    ['2026-09-30', 1],
    ['2026-10-01', 1], // a tranche day is its own "next tranche day"
    ['2026-12-02', 4], // docs/rules.md: on 2 Dec 2026 the next is 8 Dec 2026
    ['2026-12-08', 4],
    ['2026-12-09', 5],
    ['2027-06-08', 10],
  ])('the next tranche day on or after %s is tranche %i', (today, tranche) => {
    expect(nextTranche(today, DEFAULT_PROGRESSION_TRANCHES)?.tranche).toBe(tranche);
  });

  it('has no next tranche day once all have started', () => {
    expect(nextTranche('2027-06-09', DEFAULT_PROGRESSION_TRANCHES)).toBeNull();
  });
});

describe('one sentence on 2 December 2026', () => {
  it('places a 1,500-day SDS in tranche 4 (8 Dec 2026), not yet started, and never gives a release date', () => {
    const f = facts({ sentenceLength: 'P1500D', custodyStartDate: '2025-06-01', crd: '2026-12-08' });
    const v = assessProgression(f, TODAY);
    expect(v).toMatchObject({
      kind: 'in_tranche',
      days: 1500,
      started: false,
      releaseAt: 'one-third',
      tranche: { tranche: 4, from: '2026-12-08' },
    });
    const lines = explainProgression(v, f, TODAY).join('\n');
    expect(lines).toContain('1500 days from 1 Jun 2025 runs to 9 Jul 2029: 1,500 days, counting both ends.');
    expect(lines).toContain(
      'That is tranche 4 (sentences of more than 1,162 and at most 1,561 days), from Tue 8 Dec 2026.',
    );
    expect(lines).toContain('Tranche 4 starts on Tue 8 Dec 2026, in 6 days');
    expect(lines).toContain("The CRD in the custody extract (Tue 8 Dec 2026) is the prison's calculation");
  });

  it('the worked example, P2Y from 13 Jan 2026: 730 days, tranche 2, which has started', () => {
    expect(assessProgression(facts(), TODAY)).toMatchObject({
      kind: 'in_tranche',
      days: 730,
      started: true,
      tranche: { tranche: 2 },
    });
  });

  it('SDS+ is released at one-half under the model', () => {
    expect(assessProgression(facts({ sentenceType: 'sds_plus' }), TODAY)).toMatchObject({
      releaseAt: 'one-half',
    });
  });

  it.each<[string, Partial<CustodyFacts>, string[]]>([
    ['an EDS', { sentenceType: 'eds' }, ['not_standard']],
    ['a SOPC', { sentenceType: 'sopc' }, ['not_standard']],
    ['a life sentence', { sentenceType: 'life' }, ['not_standard']],
    ['an IPP', { sentenceType: 'ipp' }, ['not_standard']],
    ['a recall', { servingRecall: true }, ['recall']],
    ['a sentence flagged progression_excluded', { progressionExcluded: true }, ['excluded_offence']],
    ['a child sentence under s.250', { sentenceType: 's250' }, ['child_s250']],
    ['a DTO', { sentenceType: 'dto' }, ['not_determinate_sds']],
    ['an EDS recall', { sentenceType: 'eds', servingRecall: true }, ['recall', 'not_standard']],
  ])('%s is out of scope, with every reason', (_label, over, codes) => {
    const v = assessProgression(facts(over), TODAY);
    expect(v.kind).toBe('out_of_scope');
    expect(v.kind === 'out_of_scope' ? v.reasons.map((r) => r.code) : []).toEqual(codes);
  });

  it('an unreadable length gets no tranche', () => {
    expect(assessProgression(facts({ sentenceLength: '2 years' }), TODAY).kind).toBe('unreadable');
  });
});

describe('the release scheme on a custody card: never "50% release" where another point applies', () => {
  it.each<[string, Partial<CustodyFacts>, string, string]>([
    [
      'SDS in 2024 (ECSL days)',
      {},
      '2024-07-01',
      'Standard Determinate Sentence: release at the halfway point',
    ],
    [
      'SDS under SDS40',
      {},
      '2025-06-01',
      'Standard Determinate Sentence: release at 40% (SDS40), or at the halfway point where SDS40 does not apply',
    ],
    [
      'SDS in a tranche that has started',
      {},
      TODAY,
      'Standard Determinate Sentence: progression model, release at one-third (tranche 2, from Tue 13 Oct 2026)',
    ],
    [
      'SDS before its tranche day',
      { sentenceLength: 'P1500D', custodyStartDate: '2025-06-01' },
      TODAY,
      'Standard Determinate Sentence: release at 40% (SDS40), or at the halfway point where SDS40 does not apply; tranche 4 from Tue 8 Dec 2026',
    ],
    [
      'SDS+ in a tranche that has started',
      { sentenceType: 'sds_plus' },
      TODAY,
      'SDS+: progression model, release at one-half (tranche 2, from Tue 13 Oct 2026)',
    ],
    ['SDS+ in 2024', { sentenceType: 'sds_plus' }, '2024-07-01', 'SDS+: release at two-thirds'],
    [
      'an excluded offence',
      { progressionExcluded: true },
      TODAY,
      'Standard Determinate Sentence: release at 40% (SDS40), or at the halfway point where SDS40 does not apply; outside the progression model (an excluded offence)',
    ],
    [
      'a recall',
      { servingRecall: true },
      TODAY,
      'Standard Determinate Sentence, serving a recall: re-release as the prison calculates it',
    ],
    [
      's.250',
      { sentenceType: 's250' },
      TODAY,
      'Detention of a child under s.250: release at the halfway point',
    ],
    [
      'an EDS',
      { sentenceType: 'eds' },
      TODAY,
      'Extended Determinate Sentence (EDS): release as the prison calculates it',
    ],
  ])('%s', (_label, over, date, text) => {
    const scheme = releaseSchemeOn(facts(over), date, DEFAULT_PROGRESSION_SETTINGS);
    expect(scheme).toBe(text);
    expect(scheme).not.toContain('50%');
  });
});

describe('the tranche table is data (PROGRESSION_TRANCHES)', () => {
  it('reads the documented format', () => {
    const json = JSON.stringify(DEFAULT_PROGRESSION_TRANCHES);
    expect(parseProgressionTranches(json)).toEqual(DEFAULT_PROGRESSION_TRANCHES);
  });

  it.each([
    ['not JSON', '[{', 'not valid JSON'],
    ['empty', '[]', 'invalid'],
    ['numbered out of order', '[{"tranche":2,"from":"2026-10-01","maxDays":null}]', '0.tranche: must be 1'],
    [
      'dates not ascending',
      '[{"tranche":1,"from":"2026-10-13","maxDays":574},{"tranche":2,"from":"2026-10-01","maxDays":null}]',
      "1.from: must be after tranche 1's 2026-10-13",
    ],
    [
      'limits not ascending',
      '[{"tranche":1,"from":"2026-10-01","maxDays":900},{"tranche":2,"from":"2026-10-13","maxDays":800},{"tranche":3,"from":"2026-11-10","maxDays":null}]',
      "1.maxDays: must be more than tranche 1's 900 days",
    ],
    [
      'a last tranche with a limit',
      '[{"tranche":1,"from":"2026-10-01","maxDays":574}]',
      'must be null in the last tranche',
    ],
    ['a bad date', '[{"tranche":1,"from":"2026-02-30","maxDays":null}]', '0.from'],
  ])('refuses a table that is %s', (_label, json, message) => {
    expect(() => parseProgressionTranches(json)).toThrow(message);
  });
});
