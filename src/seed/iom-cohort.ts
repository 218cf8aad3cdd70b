import type { CaseRow } from './cases.js';
import { csv, esc, yn } from './csv.js';
import { FEMALE_FIRST_NAMES } from './names.js';
import type { GenerateOptions } from './options.js';
import { personName, pnc, type CrnAllocator, type Person } from './people.js';
import { apportion, at, Weighted, type Rng } from './random.js';
import { wardsFor } from './reference-data.js';

type Brag = 'red' | 'amber' | 'green' | 'blue';
/** The example borough report's mix (Red 30, Amber 8, Green 7, Blue 16), scaled. */
const BRAG_WEIGHTS: readonly [Brag, number][] = [
  ['red', 30],
  ['amber', 8],
  ['green', 7],
  ['blue', 16],
];
const COHORT = Weighted.of<string>({ fixed: 45, flex: 35, free: 20 });
/** ONS 5+1 groups. */
const ETHNICITY = Weighted.of<string>({
  White: 38,
  'Black, Black British, Caribbean or African': 34,
  'Asian or Asian British': 9,
  'Mixed or Multiple ethnic groups': 10,
  'Other ethnic group': 6,
  'Not stated': 3,
});
const IN_CUSTODY_RATE: Record<Brag, number> = { blue: 0.92, red: 0.04, amber: 0.02, green: 0.01 };

interface IomRow {
  person: Person;
  pnc: string;
  borough: string;
  cohort: string;
  brag: Brag;
  female: boolean;
  ethnicity: string;
  drugDependent: boolean;
  inTreatment: boolean;
  ward: string;
  inCustody: boolean;
  gps: '' | 'knife_crime' | 'domestic_abuse';
}

export function generateIom(
  o: GenerateOptions,
  rng: Rng,
  crns: CrnAllocator,
  todayYear: number,
  boroughs: readonly string[],
  casePeople: readonly CaseRow[],
): IomRow[] {
  const perBorough = o.iomCohort ?? 60;
  const usedCaseIdx = new Set<number>();
  const rows: IomRow[] = [];
  for (const borough of boroughs) {
    const counts = apportion(
      perBorough,
      BRAG_WEIGHTS.map((w) => w[1]),
    );
    const brags: Brag[] = [];
    BRAG_WEIGHTS.forEach(([b], i) => {
      for (let k = 0; k < at(counts, i); k++) brags.push(b);
    });
    rng.shuffle(brags);
    const wards = wardsFor(borough);
    for (const brag of brags) {
      const inCustody = rng.chance(IN_CUSTODY_RATE[brag]);
      let person: Person;
      let female: boolean;
      // Many IOM nominals in the community are also on a community caseload.
      const idx = casePeople.length > 0 ? rng.int(0, casePeople.length - 1) : -1;
      if (!inCustody && idx >= 0 && rng.chance(0.35) && !usedCaseIdx.has(idx)) {
        usedCaseIdx.add(idx);
        const c = at(casePeople, idx);
        person = { crn: c.crn, first: c.first, last: c.last };
        female = FEMALE_FIRST_NAMES.includes(c.first);
      } else {
        const n = personName(rng, 0.07);
        person = { crn: crns.next(), first: n.first, last: n.last };
        female = n.female;
      }
      const drugDependent = rng.chance(0.55);
      // Red nominals in the community are reported by ward, with no-fixed-abode and out-of-borough counts.
      const r = rng.float();
      const ward =
        !inCustody && brag === 'red' && r < 0.08
          ? 'NFA'
          : !inCustody && r >= 0.08 && r < 0.13
            ? 'Out of borough'
            : rng.pick(wards);
      const g = rng.float();
      rows.push({
        person,
        pnc: pnc(rng, todayYear),
        borough,
        cohort: COHORT.pick(rng),
        brag,
        female,
        ethnicity: ETHNICITY.pick(rng),
        drugDependent,
        inTreatment: drugDependent ? rng.chance(0.55) : rng.chance(0.03),
        ward,
        inCustody,
        gps: inCustody ? '' : g < 0.1 ? 'knife_crime' : g < 0.17 ? 'domestic_abuse' : '',
      });
    }
  }
  return rows;
}

function iomLine(r: IomRow): string {
  return [
    r.person.crn,
    r.pnc,
    esc(r.person.first),
    esc(r.person.last),
    esc(r.borough),
    r.cohort,
    r.brag,
    r.female ? 'Female' : 'Male',
    esc(r.ethnicity),
    yn(r.drugDependent),
    yn(r.inTreatment),
    esc(r.ward),
    yn(r.inCustody),
    r.gps,
  ].join(',');
}

export function iomCsv(rows: readonly IomRow[]): string {
  return csv('iom-cohort', rows.map(iomLine));
}
