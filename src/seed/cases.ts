import { followUpDate, twoThirdsDate } from '../domain/reset.js';
import { csv, esc, yn } from './csv.js';
import { addMonthsDay, iso, monthsToDays, toDay, twoThirdsDayNumber } from './days.js';
import { DEMO_CRN } from './demo-scenario.js';
import type { GenerateOptions } from './options.js';
import { personName, type CrnAllocator } from './people.js';
import { apportion, at, Weighted, type Rng } from './random.js';
import type { StaffPlan } from './staff.js';

type CaseType = 'licence' | 'pss' | 'community_order' | 'suspended_sentence_order';
const CASE_TYPE = Weighted.of<CaseType>({
  licence: 45,
  pss: 10,
  community_order: 30,
  suspended_sentence_order: 15,
});
/** Licence lengths in months, 3 months to 5 years, weighted to the short end. */
const LICENCE_MONTHS = Weighted.ofNumbers(
  '3:6 4:6 5:5 6:8 8:6 9:6 10:5 12:10 15:5 18:9 21:3 24:8 30:4 36:6 42:2 48:4 54:1 60:2',
);
const CO_MONTHS = Weighted.ofNumbers('6:8 9:4 12:30 18:20 24:25 30:3 36:10');
const SSO_MONTHS = Weighted.ofNumbers('6:6 9:3 12:28 18:25 24:38');
/** P(MAPPA) by type, giving ≈ 8 % overall (MAPPA cases are mostly released prisoners). */
const MAPPA_RATE: Record<CaseType, number> = {
  licence: 0.14,
  pss: 0.04,
  community_order: 0.02,
  suspended_sentence_order: 0.03,
};
const MAPPA_CATEGORY = Weighted.ofNumbers('1:45 2:50 3:5');
const MAPPA_LEVEL = Weighted.ofNumbers('1:80 2:17 3:3');
type Rosh = 'low' | 'medium' | 'high' | 'very_high';
const ROSH = Weighted.of<Rosh>({ low: 30, medium: 45, high: 20, very_high: 5 });
const ROSH_NOT_EXEMPT = Weighted.of<Rosh>({ low: 30, medium: 45, high: 20 });

export interface CaseRow {
  crn: string;
  first: string;
  last: string;
  practitioner: string;
  type: CaseType;
  start: number;
  end: number;
  rar: boolean;
  mappaCategory: number | null;
  mappaLevel: number | null;
  rosh: Rosh;
  nsd: boolean;
  childProtection: boolean;
  isc: boolean;
}

function caseLine(c: CaseRow): string {
  return [
    c.crn,
    esc(c.first),
    esc(c.last),
    c.practitioner,
    c.type,
    iso(c.start),
    iso(c.end),
    yn(c.rar),
    c.mappaCategory ?? '',
    c.mappaLevel ?? '',
    c.rosh,
    yn(c.nsd),
    yn(c.childProtection),
    yn(c.isc),
  ].join(',');
}

/** A week day (Mon–Fri 90 %, weekend 10 %) of the Monday–Sunday week starting `monday`. */
function dayInWeek(rng: Rng, monday: number): number {
  return monday + (rng.chance(0.9) ? rng.int(0, 4) : rng.int(5, 6));
}

/** Start and end of an N-day period whose two-thirds date is `t`. */
function periodWithTwoThirdsOn(t: number, n: number): { start: number; end: number } {
  const start = t - twoThirdsDayNumber(n) + 1;
  return { start, end: start + n - 1 };
}

/** Start and end of an N-day licence whose final-third follow-up date is `f`. */
function periodWithFollowUpOn(f: number, n: number): { start: number; end: number } {
  const k = twoThirdsDayNumber(n);
  // F = T + ceil((E − T)/2), with T = S + k − 1 and E − T = N − k.
  const start = f - (k - 1) - Math.floor((n - k + 1) / 2);
  return { start, end: start + n - 1 };
}

export interface CaseGenContext {
  rng: Rng;
  crns: CrnAllocator;
  today: number;
  monday: number;
  demo: boolean;
}

function notExemptFlags(
  rng: Rng,
): Pick<CaseRow, 'mappaCategory' | 'mappaLevel' | 'rosh' | 'nsd' | 'childProtection' | 'isc'> {
  return {
    mappaCategory: null,
    mappaLevel: null,
    rosh: ROSH_NOT_EXEMPT.pick(rng),
    nsd: false,
    childProtection: false,
    isc: false,
  };
}

/**
 * The four cases every (large enough) caseload gets so the week's digests are never empty: a
 * licence and a CO with RAR reaching two-thirds this week, a licence whose follow-up falls this
 * week (all three not exempt) and an exempt case reaching two-thirds this week. Each is checked
 * with the domain's own two-thirds and follow-up functions.
 */
function guaranteedCases(ctx: CaseGenContext, practitioner: string, crnFirst?: string): CaseRow[] {
  const { rng, crns, monday } = ctx;
  const person = () => {
    const n = personName(rng, 0.15);
    return { first: n.first, last: n.last };
  };
  const rows: CaseRow[] = [];

  const licenceT = periodWithTwoThirdsOn(dayInWeek(rng, monday), monthsToDays(rng.int(6, 36)));
  rows.push({
    crn: crnFirst ?? crns.next(),
    ...person(),
    practitioner,
    type: 'licence',
    ...licenceT,
    rar: false,
    ...notExemptFlags(rng),
  });

  const orderT = periodWithTwoThirdsOn(dayInWeek(rng, monday), monthsToDays(rng.pick([12, 18, 24])));
  rows.push({
    crn: crns.next(),
    ...person(),
    practitioner,
    type: 'community_order',
    ...orderT,
    rar: true,
    ...notExemptFlags(rng),
  });

  const licenceF = periodWithFollowUpOn(dayInWeek(rng, monday), monthsToDays(rng.int(6, 36)));
  rows.push({
    crn: crns.next(),
    ...person(),
    practitioner,
    type: 'licence',
    ...licenceF,
    rar: false,
    ...notExemptFlags(rng),
  });

  const exemptIsLicence = rng.chance(0.6);
  const exemptT = periodWithTwoThirdsOn(dayInWeek(rng, monday), monthsToDays(rng.pick([12, 18, 24, 36])));
  const reason = rng.pick(
    exemptIsLicence
      ? ['mappa', 'mappa', 'very_high', 'child_protection']
      : ['very_high', 'child_protection', 'isc'],
  );
  rows.push({
    crn: crns.next(),
    ...person(),
    practitioner,
    type: exemptIsLicence ? 'licence' : 'community_order',
    ...exemptT,
    rar: !exemptIsLicence,
    mappaCategory: reason === 'mappa' ? MAPPA_CATEGORY.pick(rng) : null,
    mappaLevel: reason === 'mappa' ? rng.pick([1, 1, 1, 2]) : null,
    rosh: reason === 'very_high' ? 'very_high' : reason === 'mappa' ? 'high' : ROSH_NOT_EXEMPT.pick(rng),
    nsd: false,
    childProtection: reason === 'child_protection',
    isc: reason === 'isc',
  });

  const sunday = monday + 6;
  const inWeek = (d: string) => toDay(d) >= monday && toDay(d) <= sunday;
  const check = (c: CaseRow, followUp: boolean) => {
    const t = twoThirdsDate(iso(c.start), iso(c.end));
    const ok = followUp ? inWeek(followUpDate(t, iso(c.end))) : inWeek(t);
    if (!ok) throw new Error(`generator bug: guaranteed case ${c.crn} misses the week of ${iso(monday)}`);
  };
  check(at(rows, 0), false);
  check(at(rows, 1), false);
  check(at(rows, 2), true);
  check(at(rows, 3), false);
  return rows;
}

function randomCase(ctx: CaseGenContext, practitioner: string): CaseRow {
  const { rng, crns, today } = ctx;
  const type = CASE_TYPE.pick(rng);
  const months =
    type === 'licence'
      ? LICENCE_MONTHS.pick(rng)
      : type === 'pss'
        ? 12
        : type === 'community_order'
          ? CO_MONTHS.pick(rng)
          : SSO_MONTHS.pick(rng);
  // Anywhere in the period, so some start today and some end this week.
  const elapsed = rng.int(0, monthsToDays(months) - 3);
  const start = today - elapsed;
  const end = Math.max(addMonthsDay(start, months) - 1, today);
  const isOrder = type === 'community_order' || type === 'suspended_sentence_order';
  const mappa = rng.chance(MAPPA_RATE[type]);
  const n = personName(rng, 0.15);
  return {
    crn: crns.next(),
    first: n.first,
    last: n.last,
    practitioner,
    type,
    start,
    end,
    rar: isOrder && rng.chance(0.6),
    mappaCategory: mappa ? MAPPA_CATEGORY.pick(rng) : null,
    mappaLevel: mappa ? MAPPA_LEVEL.pick(rng) : null,
    rosh: ROSH.pick(rng),
    nsd: rng.chance(0.005),
    childProtection: rng.chance(0.06),
    isc: isOrder && rng.chance(0.022), // ≈ 1 % overall: the pilot courts make orders only
  };
}

export function generateCases(o: GenerateOptions, plan: StaffPlan, ctx: CaseGenContext): CaseRow[] {
  const counts = apportion(
    o.cases,
    plan.practitioners.map((p) => p.weight),
  );
  const rows: CaseRow[] = [];
  plan.practitioners.forEach((p, i) => {
    let count = at(counts, i);
    if (ctx.demo && count < 4) count = 4; // the demo guarantee needs four rows
    let made = 0;
    if (ctx.demo || count >= 10) {
      const demoCrn = ctx.demo && i === 0 ? DEMO_CRN : undefined;
      for (const c of guaranteedCases(ctx, p.email, demoCrn)) rows.push(c);
      made = 4;
    }
    for (; made < count; made++) rows.push(randomCase(ctx, p.email));
  });
  return rows;
}

export function casesCsv(rows: readonly CaseRow[]): string {
  return csv('cases', rows.map(caseLine));
}
