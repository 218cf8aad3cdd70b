import type { IsoDate } from './dates.js';
import { IOM_COUNT_LABEL, IOM_COUNTS, type IomFigures } from './iom-return.js';
import { monthKey } from './iom-months.js';

/**
 * The borough monthly IOM data report (docs/rules.md §4), as pure aggregation over the cohort
 * extract. Every number is a count: no row here carries a name, CRN or PNC number, so the report
 * can be shown anywhere the asker may see it.
 *
 * The cohort extract is a snapshot (the latest import), so the cohort counts are "as imported";
 * only the return figures belong to a month.
 */

/** One nominal as the report sees them: no identity, only what is counted. */
export interface CohortMember {
  cohort: string;
  brag: string;
  gender: string | null;
  ethnicity: string | null;
  drugDependent: boolean;
  inDrugTreatment: boolean;
  ward: string | null;
  inCustody: boolean;
  gpsTag: string | null;
}

export interface Count {
  label: string;
  count: number;
}

export interface IomCohortReport {
  borough: string;
  /** The month whose return figures are shown (first day). */
  month: IsoDate;
  total: number;
  /** Blue, Red, Amber, Green first, then any other colour the extract uses, as data. */
  brag: Count[];
  cohorts: Count[];
  gender: Count[];
  ethnicity: Count[];
  drugDependency: { dependent: number; notDependent: number };
  drugTreatment: { inTreatment: number; notInTreatment: number; dependentNotInTreatment: number };
  inCustody: number;
  /** BRAG red and not in custody, by ward; NFA and out-of-borough counted apart from the wards. */
  redInCommunity: { total: number; byWard: Count[]; nfa: number; outOfBorough: number };
  /**
   * GPS tags. Every row of the cohort extract is an IOM nominal, so every tag counted here is on an
   * IOM nominal (`iom` = `total`); tags on people outside IOM are not in the extract.
   */
  gpsTags: { knifeCrime: number; domesticAbuse: number; total: number; iom: number };
  /** The borough's return for the month, or null when none has been made. */
  figures: IomFigures | null;
}

export const NOT_RECORDED = 'Not recorded';
const BRAG_ORDER = ['blue', 'red', 'amber', 'green'];
const COHORT_ORDER = ['fixed', 'flex', 'free'];

/** Ward values that mean "no fixed abode": the ward is empty, or says NFA. */
const NFA_RE = /^(?:nfa|n\.f\.a\.?|no fixed abode|no fixed address)$/i;
/** Ward values that mean the nominal lives outside the borough. */
const OUT_OF_BOROUGH_RE =
  /^(?:out[\s-]+of[\s-]+borough|oob|outside(?:[\s-]+the)?[\s-]+borough|out[\s-]+of[\s-]+area)$/i;

export function isNfaWard(ward: string | null): boolean {
  const w = ward?.trim() ?? '';
  return w === '' || NFA_RE.test(w);
}

export function isOutOfBoroughWard(ward: string | null): boolean {
  return OUT_OF_BOROUGH_RE.test(ward?.trim() ?? '');
}

function titleCase(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Counts by a text value, grouping spellings that differ only in case and spacing; the first
 * spelling seen is the label. Sorted by count (largest first), then label; `order` puts known
 * values first in that order instead.
 */
function countBy(
  values: (string | null)[],
  opts: { order?: string[]; keepZero?: boolean; emptyLabel?: string } = {},
): Count[] {
  const counts = new Map<string, Count>();
  for (const v of values) {
    const text = v?.trim().replace(/\s+/g, ' ') ?? '';
    const label = text === '' ? (opts.emptyLabel ?? NOT_RECORDED) : text;
    const key = label.toLowerCase();
    const c = counts.get(key);
    if (c) c.count++;
    else counts.set(key, { label, count: 1 });
  }
  if (opts.order) {
    const known = opts.order.map((k) => {
      const c = counts.get(k);
      counts.delete(k);
      return { label: titleCase(k), count: c?.count ?? 0 };
    });
    const rest = [...counts.values()].sort(byCountThenLabel);
    return [...(opts.keepZero ? known : known.filter((c) => c.count > 0)), ...rest];
  }
  return [...counts.values()].sort(byCountThenLabel);
}

function byCountThenLabel(a: Count, b: Count): number {
  return b.count - a.count || a.label.localeCompare(b.label, 'en-GB');
}

export function buildCohortReport(
  borough: string,
  month: IsoDate,
  members: readonly CohortMember[],
  figures: IomFigures | null,
): IomCohortReport {
  const redOut = members.filter((m) => m.brag.trim().toLowerCase() === 'red' && !m.inCustody);
  const nfa = redOut.filter((m) => isNfaWard(m.ward)).length;
  const outOfBorough = redOut.filter((m) => isOutOfBoroughWard(m.ward)).length;
  const inWards = redOut.filter((m) => !isNfaWard(m.ward) && !isOutOfBoroughWard(m.ward));
  const tag = (t: string) => members.filter((m) => m.gpsTag === t).length;
  const knifeCrime = tag('knife_crime');
  const domesticAbuse = tag('domestic_abuse');
  const tagged = members.filter((m) => m.gpsTag !== null && m.gpsTag !== '').length;
  const dependent = members.filter((m) => m.drugDependent).length;
  const inTreatment = members.filter((m) => m.inDrugTreatment).length;
  return {
    borough,
    month,
    total: members.length,
    brag: countBy(
      members.map((m) => m.brag.toLowerCase()),
      { order: BRAG_ORDER, keepZero: true },
    ),
    cohorts: countBy(
      members.map((m) => m.cohort.toLowerCase()),
      { order: COHORT_ORDER, keepZero: true },
    ),
    gender: countBy(members.map((m) => m.gender)),
    ethnicity: countBy(members.map((m) => m.ethnicity)),
    drugDependency: { dependent, notDependent: members.length - dependent },
    drugTreatment: {
      inTreatment,
      notInTreatment: members.length - inTreatment,
      dependentNotInTreatment: members.filter((m) => m.drugDependent && !m.inDrugTreatment).length,
    },
    inCustody: members.filter((m) => m.inCustody).length,
    redInCommunity: { total: redOut.length, byWard: countBy(inWards.map((m) => m.ward)), nfa, outOfBorough },
    gpsTags: { knifeCrime, domesticAbuse, total: tagged, iom: tagged },
    figures,
  };
}

/** A spreadsheet would run a cell starting with = + - @ as a formula; ward names come from an extract. */
function csvCell(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The report as CSV: one `section,item,count` row per number. Aggregates only, no names. */
export function cohortReportCsv(r: IomCohortReport): string {
  const rows: (string | number)[][] = [['section', 'item', 'count']];
  const add = (section: string, item: string, count: number) => rows.push([section, item, count]);
  rows.push(['borough', r.borough, '']);
  rows.push(['return_month', monthKey(r.month), '']);
  add('cohort', 'total', r.total);
  for (const c of r.cohorts) add('cohort', c.label.toLowerCase(), c.count);
  for (const c of r.brag) add('brag', c.label.toLowerCase(), c.count);
  for (const c of r.gender) add('gender', c.label, c.count);
  for (const c of r.ethnicity) add('ethnicity', c.label, c.count);
  add('drug_dependency', 'dependent', r.drugDependency.dependent);
  add('drug_dependency', 'not_dependent', r.drugDependency.notDependent);
  add('drug_treatment', 'in_treatment', r.drugTreatment.inTreatment);
  add('drug_treatment', 'not_in_treatment', r.drugTreatment.notInTreatment);
  add('drug_treatment', 'dependent_not_in_treatment', r.drugTreatment.dependentNotInTreatment);
  add('custody', 'in_custody', r.inCustody);
  add('red_in_community', 'total', r.redInCommunity.total);
  for (const c of r.redInCommunity.byWard) add('red_in_community_ward', c.label, c.count);
  add('red_in_community', 'nfa', r.redInCommunity.nfa);
  add('red_in_community', 'out_of_borough', r.redInCommunity.outOfBorough);
  add('gps_tag', 'knife_crime', r.gpsTags.knifeCrime);
  add('gps_tag', 'domestic_abuse', r.gpsTags.domesticAbuse);
  add('gps_tag', 'total', r.gpsTags.total);
  add('gps_tag', 'iom', r.gpsTags.iom);
  if (r.figures) {
    for (const k of IOM_COUNTS) add('return', IOM_COUNT_LABEL[k].replace(/ /g, '_'), r.figures[k]);
  } else {
    rows.push(['return', 'not_received', '']);
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}
