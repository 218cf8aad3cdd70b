/**
 * Deterministic generator of valid CSV extracts, in the columns the importer accepts, for the
 * demo, tests and load testing. Same options → byte-identical output: all randomness comes from a
 * seeded PRNG and all dates from `today`. Distributions approximate a real probation caseload; the
 * guarantees below make sure every digest and reminder has something to show in the week
 * containing `today`.
 */

import { casesCsv, generateCases } from './cases.js';
import { custodyCsv, generateCustody } from './custody.js';
import { DEMO_BOROUGHS, DEMO_CRN } from './demo-scenario.js';
import { dipCsv, generateDip } from './dip-breaches.js';
import { isoWeekday, toDay } from './days.js';
import type { Extracts } from './extract-kinds.js';
import { generateIom, iomCsv } from './iom-cohort.js';
import { checkOptions, type GenerateOptions } from './options.js';
import { CrnAllocator } from './people.js';
import { stream } from './random.js';
import { planStaff, staffCsv } from './staff.js';

export { DEMO_CRN, DEMO_OPTIONS, DEMO_PDU, PLAYGROUND_USERS } from './demo-scenario.js';
export { COLUMNS, EXTRACT_KINDS, type ExtractKind, type Extracts } from './extract-kinds.js';
export type { GenerateOptions } from './options.js';

/**
 * Generates the five extracts as CSV text. Guarantees, for the Monday–Sunday week containing
 * `today`, on every practitioner's caseload in demo mode and on any caseload of 10 or more:
 * a non-exempt licence and a non-exempt CO with RAR reaching two-thirds, a non-exempt licence
 * whose follow-up falls due, and an exempt case reaching two-thirds.
 */
export function generateExtracts(o: GenerateOptions): Extracts {
  checkOptions(o);
  const demo = o.demo === true;
  const boroughs = o.boroughs ?? DEMO_BOROUGHS;
  const today = toDay(o.today);
  const monday = today - (isoWeekday(today) - 1);
  const crnRng = stream(o.seed, 0);
  const crns = new CrnAllocator(crnRng);
  crns.reserve(DEMO_CRN);

  const plan = planStaff(o, stream(o.seed, 1), boroughs);
  const caseRows = generateCases(o, plan, { rng: stream(o.seed, 2), crns, today, monday, demo });
  const custodyRows = generateCustody(o, plan, stream(o.seed, 3), crns, today);
  const dipRows = generateDip(o, plan, stream(o.seed, 4), crns, today, caseRows);
  const iomRows = generateIom(o, stream(o.seed, 5), crns, Number(o.today.slice(0, 4)), boroughs, caseRows);

  return {
    staff: staffCsv(plan),
    cases: casesCsv(caseRows),
    custody: custodyCsv(custodyRows),
    'dip-breaches': dipCsv(dipRows),
    'iom-cohort': iomCsv(iomRows),
  };
}
