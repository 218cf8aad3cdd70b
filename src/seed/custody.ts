import { csv, esc, yn } from './csv.js';
import { iso, monthsToDays } from './days.js';
import { DEMO_CUSTODY_PERSON } from './demo-scenario.js';
import type { GenerateOptions } from './options.js';
import { personName, type CrnAllocator, type Person } from './people.js';
import { at, Weighted, type Rng } from './random.js';
import { PRISONS_FEMALE, PRISONS_HIGH_SECURITY, PRISONS_MALE } from './reference-data.js';
import type { StaffPlan } from './staff.js';

type CustodyType = 'sds' | 'sds_plus' | 'eds' | 'sopc' | 'life' | 'ipp' | 'dto' | 'other';
const CUSTODY_TYPE = Weighted.of<CustodyType>({
  sds: 80,
  sds_plus: 6,
  eds: 4,
  sopc: 2,
  life: 2,
  ipp: 1,
  dto: 3,
  other: 2,
});
const SDS_MONTHS = Weighted.ofNumbers(
  '3:4 4:5 6:10 8:6 9:5 10:4 12:12 14:3 15:3 16:4 18:10 20:4 21:3 24:10 27:2 30:5 32:2 36:7 40:2 42:3 48:4 54:2 60:2',
);

interface CustodyRow {
  person: Person;
  practitioner: string;
  prison: string;
  type: CustodyType;
  length: string;
  start: number;
  crd: number;
  sexual: boolean;
  register: boolean;
  violent: boolean;
  terrorist: boolean;
  catA: boolean;
  civil: boolean;
  fineDefault: boolean;
  recall: boolean;
  remanded: boolean;
  nsd: boolean;
  furtherCharge: boolean;
  female: boolean;
  riskIncrease: boolean;
}

function custodyLine(c: CustodyRow): string {
  return [
    c.person.crn,
    esc(c.person.first),
    esc(c.person.last),
    c.practitioner,
    esc(c.prison),
    c.type,
    c.length,
    iso(c.start),
    iso(c.crd),
    yn(c.sexual),
    yn(c.register),
    yn(c.violent),
    yn(c.terrorist),
    yn(c.catA),
    yn(c.civil),
    yn(c.fineDefault),
    yn(c.recall),
    yn(c.remanded),
    yn(c.nsd),
    yn(c.furtherCharge),
    c.female ? 'female' : 'male',
    yn(c.riskIncrease),
  ].join(',');
}

/** ISO 8601 length for a number of months: whole years as `P3Y`, short ones sometimes in days. */
function lengthText(rng: Rng, months: number): { text: string; days: number } {
  if (months % 12 === 0) return { text: `P${months / 12}Y`, days: monthsToDays(months) };
  if (months < 12 && rng.chance(0.35)) {
    const days = monthsToDays(months);
    return { text: `P${days}D`, days };
  }
  return { text: `P${months}M`, days: monthsToDays(months) };
}

/**
 * Custody start for a sentence of `days` released at `fraction` on `crd` (CRD = start + ceil(days
 * × fraction) − 1, the same rounding as the release date calculator).
 */
function custodyStart(crd: number, days: number, fraction: number): number {
  return crd - Math.ceil(days * fraction) + 1;
}

interface CustodySpec {
  type: CustodyType;
  months: number;
  crdIn: number;
  prison?: string;
  flags?: Partial<
    Omit<CustodyRow, 'person' | 'practitioner' | 'type' | 'length' | 'start' | 'crd' | 'prison'>
  >;
}

function custodyFromSpec(
  rng: Rng,
  today: number,
  person: Person,
  practitioner: string,
  spec: CustodySpec,
): CustodyRow {
  const len = lengthText(rng, spec.months);
  const fraction =
    spec.type === 'sds_plus' || spec.type === 'eds'
      ? 2 / 3
      : spec.type === 'life' || spec.type === 'ipp'
        ? 1
        : 1 / 2;
  const crd = today + spec.crdIn;
  const f = spec.flags ?? {};
  const female = f.female ?? false;
  const catA = f.catA ?? false;
  return {
    person,
    practitioner,
    prison:
      spec.prison ??
      (catA ? rng.pick(PRISONS_HIGH_SECURITY) : rng.pick(female ? PRISONS_FEMALE : PRISONS_MALE)),
    type: spec.type,
    length: len.text,
    start: custodyStart(crd, len.days, fraction),
    crd,
    sexual: false,
    register: false,
    violent: false,
    terrorist: false,
    catA,
    civil: false,
    fineDefault: false,
    recall: false,
    remanded: false,
    nsd: false,
    furtherCharge: false,
    female,
    riskIncrease: false,
    ...f,
  };
}

function randomCustody(
  rng: Rng,
  today: number,
  person: Person,
  female: boolean,
  practitioner: string,
): CustodyRow {
  const type = CUSTODY_TYPE.pick(rng);
  let months: number;
  let crdIn: number;
  switch (type) {
    case 'sds': {
      // CRD 1–200 days ahead with custody start 1–24 months ago: half the sentence is 31–930 days.
      for (;;) {
        months = SDS_MONTHS.pick(rng);
        const half = Math.ceil(monthsToDays(months) / 2);
        const lo = Math.max(1, half - 730);
        const hi = Math.min(200, half - 30);
        if (lo <= hi) {
          crdIn = rng.int(lo, hi);
          break;
        }
      }
      break;
    }
    case 'dto':
      months = rng.pick([4, 6, 8, 10, 12, 18, 24]);
      crdIn = rng.int(1, Math.min(200, Math.ceil(monthsToDays(months) / 2) - 30));
      break;
    case 'other':
      months = rng.pick([2, 3, 4, 6]);
      crdIn = rng.int(1, Math.ceil(monthsToDays(months) / 2) - 14);
      break;
    case 'sds_plus':
    case 'eds':
      months = rng.pick([48, 60, 72, 84, 96, 120]);
      crdIn = rng.int(1, 200);
      break;
    case 'sopc':
      months = rng.pick([24, 36, 48, 60, 72]);
      crdIn = rng.int(1, 200);
      break;
    case 'life':
      months = 12 * rng.int(8, 20); // minimum term (tariff)
      crdIn = rng.int(1, 200);
      break;
    case 'ipp':
      months = 12 * rng.int(2, 5);
      crdIn = rng.int(1, 200);
      break;
  }
  const sexual = rng.chance(0.08);
  const terrorist = rng.chance(0.005);
  const longSentence = months >= 48;
  return custodyFromSpec(rng, today, person, practitioner, {
    type,
    months,
    crdIn,
    flags: {
      sexual,
      register: sexual && rng.chance(0.75),
      violent: rng.chance(0.2),
      terrorist,
      catA: longSentence && rng.chance(0.04), // ≈ 0.5 % overall, only on long sentences
      civil: rng.chance(0.003),
      fineDefault: rng.chance(0.005),
      recall: rng.chance(0.1),
      remanded: rng.chance(0.03),
      nsd: terrorist || rng.chance(0.003),
      furtherCharge: rng.chance(0.03),
      riskIncrease: rng.chance(0.03),
      female,
    },
  });
}

export function generateCustody(
  o: GenerateOptions,
  plan: StaffPlan,
  rng: Rng,
  crns: CrnAllocator,
  today: number,
): CustodyRow[] {
  const demo = o.demo === true;
  const total = o.custody ?? (demo ? 20 : Math.round(o.cases / 12));
  const rows: CustodyRow[] = [];
  const newPerson = (femaleShare: number) => {
    const n = personName(rng, femaleShare);
    return { person: { crn: crns.next(), first: n.first, last: n.last }, female: n.female };
  };
  if (demo) {
    const alex = at(plan.practitioners, 0).email;
    const megan = at(plan.practitioners, 1).email;
    const male = () => newPerson(0).person;
    const jordan = {
      crn: crns.next(),
      first: DEMO_CUSTODY_PERSON.firstName,
      last: DEMO_CUSTODY_PERSON.lastName,
    };
    const specs: [Person, string, CustodySpec][] = [
      // Clearly eligible on the facts: 50 % SDS, no exclusions, well past 14 days served.
      [jordan, alex, { type: 'sds', months: 24, crdIn: 42, prison: 'HMP Pentonville' }],
      [male(), alex, { type: 'sds', months: 30, crdIn: 25, flags: { sexual: true, register: true } }],
      [male(), alex, { type: 'sds', months: 60, crdIn: 60, flags: { violent: true } }],
      [male(), alex, { type: 'sds_plus', months: 72, crdIn: 90, flags: { violent: true } }],
      [male(), alex, { type: 'sds', months: 18, crdIn: 30, flags: { furtherCharge: true } }],
      [newPerson(1).person, megan, { type: 'sds', months: 12, crdIn: 20, flags: { female: true } }],
    ];
    for (const [person, practitioner, spec] of specs)
      rows.push(custodyFromSpec(rng, today, person, practitioner, spec));
  }
  while (rows.length < total) {
    const { person, female } = newPerson(0.04);
    rows.push(randomCustody(rng, today, person, female, rng.pick(plan.practitioners).email));
  }
  return rows;
}

export function custodyCsv(rows: readonly CustodyRow[]): string {
  return csv('custody', rows.map(custodyLine));
}
