import { lastDayToCharge } from '../domain/dip.js';
import type { CaseRow } from './cases.js';
import { csv, esc } from './csv.js';
import { iso, isoAddMonths, toDay } from './days.js';
import type { GenerateOptions } from './options.js';
import { personName, type CrnAllocator } from './people.js';
import { at, Weighted, type Rng } from './random.js';
import type { StaffPlan } from './staff.js';

type DipOutcome =
  '' | 'pcr_issued' | 'charged' | 'circulated_fta' | 'nfa_ra1_not_signed' | 'nfa_other' | 'engaging';
const DIP_OUTCOME_OPEN = Weighted.of<DipOutcome>({
  '': 55,
  circulated_fta: 15,
  pcr_issued: 8,
  charged: 6,
  nfa_ra1_not_signed: 5,
  nfa_other: 4,
  engaging: 7,
});
const DIP_OUTCOME_PASSED = Weighted.of<DipOutcome>({
  '': 20,
  circulated_fta: 5,
  pcr_issued: 25,
  charged: 25,
  nfa_ra1_not_signed: 10,
  nfa_other: 10,
  engaging: 5,
});
/** Days from today to the last day to charge, for the rows every DIP extract gets. */
const DIP_GUARANTEED: readonly [number, DipOutcome][] = [
  [0, ''],
  [2, ''],
  [4, 'circulated_fta'],
  [6, ''],
  [7, ''],
  [10, ''],
  [12, 'circulated_fta'],
  [14, ''],
  [-3, ''],
  [-25, 'charged'],
];

interface DipRow {
  reference: string;
  crn: string;
  first: string;
  last: string;
  dob: number;
  assessment: 'initial' | 'follow_up';
  missed: number;
  officer: string;
  outcome: DipOutcome;
  outcomeDate: number | null;
}

export function generateDip(
  o: GenerateOptions,
  plan: StaffPlan,
  rng: Rng,
  crns: CrnAllocator,
  today: number,
  casePeople: readonly CaseRow[],
): DipRow[] {
  const total = o.dipBreaches ?? (o.demo ? 30 : Math.max(30, Math.round(o.cases / 100)));
  const officers = plan.dipOfficers.length ? plan.dipOfficers : [''];
  const rows: DipRow[] = [];
  for (let i = 0; i < total; i++) {
    const fixed = total >= DIP_GUARANTEED.length ? DIP_GUARANTEED[i] : undefined;
    let ldcIn: number;
    let outcome: DipOutcome;
    if (fixed) {
      [ldcIn, outcome] = fixed;
    } else {
      const r = rng.float();
      ldcIn = r < 0.12 ? rng.int(0, 14) : r < 0.27 ? rng.int(-60, -1) : rng.int(15, 175);
      outcome = (ldcIn < 0 ? DIP_OUTCOME_PASSED : DIP_OUTCOME_OPEN).pick(rng);
    }
    // Missed six calendar months before the target last day (clamping may pull it a day or two earlier).
    const missed = toDay(isoAddMonths(today + ldcIn, -6));
    const ldc = toDay(lastDayToCharge(iso(missed)));
    let outcomeDate: number | null = null;
    if (outcome === 'circulated_fta') outcomeDate = Math.min(today, missed + rng.int(1, 14));
    else if (outcome === 'pcr_issued' || outcome === 'charged')
      outcomeDate = rng.int(missed + 7, Math.min(today, ldc));
    else if (outcome !== '') outcomeDate = rng.int(missed + 1, Math.min(today, missed + 60));

    let person: { crn: string; first: string; last: string };
    const who = rng.float();
    if (who < 0.4 && casePeople.length > 0) {
      const c = rng.pick(casePeople);
      person = { crn: c.crn, first: c.first, last: c.last };
    } else {
      const n = personName(rng, 0.2);
      person = { crn: who < 0.75 ? crns.next() : '', first: n.first, last: n.last }; // not all are known to probation
    }
    rows.push({
      reference: '',
      ...person,
      dob: today - rng.int(19 * 365, 58 * 365),
      assessment: rng.chance(0.75) ? 'initial' : 'follow_up',
      missed,
      officer: rng.pick(officers),
      outcome,
      outcomeDate,
    });
  }
  // References are issued in date order, numbered per year: DIP-25-0417.
  const order = rows.map((_, i) => i).sort((a, b) => at(rows, a).missed - at(rows, b).missed || a - b);
  const counters = new Map<string, number>();
  for (const i of order) {
    const row = at(rows, i);
    const yy = iso(row.missed).slice(2, 4);
    const next = (counters.get(yy) ?? rng.int(100, 400)) + rng.int(1, 9);
    counters.set(yy, next);
    row.reference = `DIP-${yy}-${String(next).padStart(4, '0')}`;
  }
  return rows;
}

function dipLine(d: DipRow): string {
  return [
    d.reference,
    d.crn,
    esc(d.first),
    esc(d.last),
    iso(d.dob),
    d.assessment,
    iso(d.missed),
    d.officer,
    d.outcome,
    d.outcomeDate === null ? '' : iso(d.outcomeDate),
  ].join(',');
}

export function dipCsv(rows: readonly DipRow[]): string {
  return csv('dip-breaches', rows.map(dipLine));
}
