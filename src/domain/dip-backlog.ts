import { compareDates, type IsoDate } from './dates.js';
import { DIP_OUTCOMES, DIP_OUTCOME_LABEL, isDipOutcome, isTerminalOutcome, type DipOutcome } from './dip.js';

/**
 * The DIP backlog (docs/decisions.md): the breaches whose missed appointment falls in a period,
 * counted by the outcome that stands, and split three ways that add up to the total:
 * - processed: a closing outcome (PCR issued, charged, either NFA);
 * - STL passed without action: recorded as STL passed, or past the last day with no closing
 *   outcome (not yet recorded as such);
 * - outstanding: no closing outcome and the last day to charge not yet passed (arrested,
 *   circulated and engaging count here: none of them stops the clock).
 */
export interface BacklogBreach {
  lastDayToCharge: IsoDate;
  currentOutcome: string | null;
}

export interface BacklogCount {
  key: DipOutcome | 'none';
  label: string;
  count: number;
}

export interface DipBacklog {
  from: IsoDate;
  to: IsoDate;
  total: number;
  /** Every outcome row, "none yet" first, in the order DIP teams count them (zeros included). */
  byOutcome: BacklogCount[];
  processed: number;
  outstanding: number;
  stlPassedWithoutAction: number;
  /** Of those, the ones past their last day that nobody has recorded as STL passed yet. */
  stlPassedNotRecorded: number;
}

export function buildDipBacklog(
  breaches: readonly BacklogBreach[],
  period: { from: IsoDate; to: IsoDate },
  today: IsoDate,
): DipBacklog {
  const counts = new Map<DipOutcome | 'none', number>();
  let processed = 0;
  let outstanding = 0;
  let stlPassed = 0;
  let notRecorded = 0;
  for (const b of breaches) {
    const outcome = b.currentOutcome && isDipOutcome(b.currentOutcome) ? b.currentOutcome : null;
    counts.set(outcome ?? 'none', (counts.get(outcome ?? 'none') ?? 0) + 1);
    if (outcome === 'stl_passed') stlPassed++;
    else if (isTerminalOutcome(outcome)) processed++;
    else if (compareDates(b.lastDayToCharge, today) < 0) {
      stlPassed++;
      notRecorded++;
    } else outstanding++;
  }
  return {
    from: period.from,
    to: period.to,
    total: breaches.length,
    byOutcome: [
      { key: 'none', label: 'No outcome yet', count: counts.get('none') ?? 0 },
      ...DIP_OUTCOMES.map((o) => ({ key: o, label: DIP_OUTCOME_LABEL[o], count: counts.get(o) ?? 0 })),
    ],
    processed,
    outstanding,
    stlPassedWithoutAction: stlPassed,
    stlPassedNotRecorded: notRecorded,
  };
}

/** The counts as CSV (section,item,count), for a spreadsheet: no names, no references. */
export function dipBacklogCsv(b: DipBacklog): string {
  const rows: (string | number)[][] = [['section', 'item', 'count']];
  rows.push(['period', 'from', b.from], ['period', 'to', b.to]);
  rows.push(['breaches', 'total', b.total]);
  for (const c of b.byOutcome) rows.push(['outcome', c.key === 'none' ? 'none' : c.key, c.count]);
  rows.push(['status', 'processed', b.processed]);
  rows.push(['status', 'outstanding', b.outstanding]);
  rows.push(['status', 'stl_passed_without_action', b.stlPassedWithoutAction]);
  rows.push(['status', 'stl_passed_not_yet_recorded', b.stlPassedNotRecorded]);
  return rows.map((r) => r.join(',')).join('\n') + '\n';
}
