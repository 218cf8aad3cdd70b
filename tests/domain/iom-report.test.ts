import { describe, expect, it } from 'vitest';
import { cohortReportCard, reportLines } from '../../src/cards/iom.js';
import {
  buildCohortReport,
  cohortReportCsv,
  isNfaWard,
  isOutOfBoroughWard,
  type CohortMember,
} from '../../src/domain/iom-report.js';
import { cohortMembers, csvCounts, EXPECTED_HARINGEY } from '../support/iom.js';

const FIGURES = { arrests: 10, homeVisits: 34, prisonVisits: 5, panelReferrals: 3, judicialOrders: 2 };

describe('buildCohortReport', () => {
  const report = buildCohortReport('Haringey', '2024-05-01', cohortMembers('Haringey'), FIGURES);

  it('counts the cohort exactly as worked out by hand', () => {
    const counts = csvCounts(cohortReportCsv(report));
    for (const [key, n] of Object.entries(EXPECTED_HARINGEY)) expect([key, counts[key]]).toEqual([key, n]);
    expect(counts['return,arrests']).toBe(10);
    expect(counts['return,judicial_orders']).toBe(2);
  });

  it('puts BRAG in Blue, Red, Amber, Green order and wards by count', () => {
    expect(report.brag.map((c) => c.label)).toEqual(['Blue', 'Red', 'Amber', 'Green']);
    expect(report.redInCommunity.byWard).toEqual([
      { label: 'Tottenham Green', count: 2 },
      { label: 'Northumberland Park', count: 1 },
    ]);
  });

  it('never carries names or CRNs (there are none to carry)', () => {
    const csv = cohortReportCsv(report);
    expect(csv).not.toMatch(/H0000\d\d|Firstname|Surname/);
  });

  it('reports an empty cohort with zeros and no return', () => {
    const empty = buildCohortReport('Islington', '2024-05-01', [], null);
    expect(empty.total).toBe(0);
    expect(empty.brag.every((c) => c.count === 0)).toBe(true);
    expect(cohortReportCsv(empty)).toContain('return,not_received,');
  });

  it('treats BRAG labels as data: an unexpected colour is counted, not dropped', () => {
    const odd: CohortMember = { ...cohortMembers('Haringey')[0]!, brag: 'purple' };
    const r = buildCohortReport('X', '2024-05-01', [odd], null);
    expect(r.brag.at(-1)).toEqual({ label: 'purple', count: 1 });
  });

  it.each([
    ['', true, false],
    [null, true, false],
    ['NFA', true, false],
    ['nfa', true, false],
    ['No fixed abode', true, false],
    ['Out of borough', false, true],
    ['out-of-borough', false, true],
    ['OOB', false, true],
    ['Tottenham Green', false, false],
  ])('ward %j: NFA %s, out of borough %s', (ward, nfa, oob) => {
    expect(isNfaWard(ward)).toBe(nfa);
    expect(isOutOfBoroughWard(ward)).toBe(oob);
  });

  it('guards CSV cells against spreadsheet formulas and quotes commas', () => {
    const m = cohortMembers('Haringey')[0]!;
    const r = buildCohortReport(
      'Haringey',
      '2024-05-01',
      [
        { ...m, ward: '=HYPERLINK("x")' },
        { ...m, ward: 'Park, North' },
      ],
      null,
    );
    const csv = cohortReportCsv(r);
    expect(csv).toContain(`red_in_community_ward,"'=HYPERLINK(""x"")",1`);
    expect(csv).toContain('red_in_community_ward,"Park, North",1');
  });

  it('builds a card with charts and the same numbers in text', () => {
    const card = cohortReportCard(report);
    const donut = card.body.find((e) => e.type === 'Chart.Donut');
    const bars = card.body.find((e) => e.type === 'Chart.VerticalBar');
    expect(donut?.data).toEqual([
      { legend: 'Blue', value: 2, color: 'categoricalBlue' },
      { legend: 'Red', value: 7, color: 'categoricalRed' },
      { legend: 'Amber', value: 2, color: 'categoricalMarigold' },
      { legend: 'Green', value: 1, color: 'categoricalGreen' },
    ]);
    expect(bars?.data).toEqual([
      { x: 'Tottenham Green', y: 2 },
      { x: 'Northumberland Park', y: 1 },
    ]);
    expect(donut?.fallback).toBe('drop');
    expect(reportLines(report)).toContain('BRAG: Blue 2, Red 7, Amber 2, Green 1');
  });
});
