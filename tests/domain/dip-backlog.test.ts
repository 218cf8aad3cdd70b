import { describe, expect, it } from 'vitest';
import { buildDipBacklog, dipBacklogCsv } from '../../src/domain/dip-backlog.js';

const TODAY = '2026-02-20';
const b = (currentOutcome: string | null, lastDayToCharge: string) => ({ currentOutcome, lastDayToCharge });

describe('buildDipBacklog', () => {
  const backlog = buildDipBacklog(
    [
      b(null, '2026-02-28'), // outstanding
      b(null, '2026-02-20'), // outstanding: the last day itself is still in time
      b(null, '2026-02-10'), // passed, not yet recorded
      b('stl_passed', '2026-02-01'),
      b('pcr_issued', '2026-03-01'),
      b('charged', '2026-02-01'),
      b('nfa_ra1_not_signed', '2026-03-10'),
      b('nfa_other', '2026-01-10'),
      b('arrested', '2026-03-02'), // outstanding: the clock keeps running
      b('circulated_fta', '2026-02-15'), // passed while circulated: STL passed without action
      b('engaging', '2026-04-01'),
    ],
    { from: '2025-08-01', to: TODAY },
    TODAY,
  );

  it('splits every breach into processed, outstanding or STL passed without action', () => {
    expect(backlog).toMatchObject({ total: 11, processed: 4, outstanding: 4, stlPassedWithoutAction: 3 });
    expect(backlog.stlPassedNotRecorded).toBe(2);
    expect(backlog.processed + backlog.outstanding + backlog.stlPassedWithoutAction).toBe(backlog.total);
  });

  it('counts each outcome row, none yet first, zeros included', () => {
    expect(backlog.byOutcome.map((c) => [c.key, c.count])).toEqual([
      ['none', 3],
      ['pcr_issued', 1],
      ['charged', 1],
      ['arrested', 1],
      ['circulated_fta', 1],
      ['engaging', 1],
      ['nfa_ra1_not_signed', 1],
      ['nfa_other', 1],
      ['stl_passed', 1],
    ]);
  });

  it('writes the counts as CSV, with no names or references', () => {
    const csv = dipBacklogCsv(backlog);
    expect(csv.split('\n')[0]).toBe('section,item,count');
    expect(csv).toContain('period,from,2025-08-01');
    expect(csv).toContain('outcome,stl_passed,1');
    expect(csv).toContain('status,stl_passed_without_action,3');
  });

  it('is all zeros for an empty period', () => {
    const empty = buildDipBacklog([], { from: TODAY, to: TODAY }, TODAY);
    expect(empty).toMatchObject({ total: 0, processed: 0, outstanding: 0, stlPassedWithoutAction: 0 });
    expect(empty.byOutcome.every((c) => c.count === 0)).toBe(true);
  });
});
