import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isValidIsoDate, todayInLondon } from '../src/domain/dates.js';
import {
  DEMO_OPTIONS,
  EXTRACT_KINDS,
  generateExtracts,
  type GenerateOptions,
} from '../src/seed/generator.js';
import { parseOptions, runCli, UsageError, wholeNumber } from './cli.js';

/**
 * Writes the five CSV extracts (staff, cases, custody, dip-breaches, iom-cohort) for load tests
 * and demos:
 *
 *   npm run generate -- --cases 250000 --practitioners 8000 --teams 1000 --seed 42 --out ./data/extracts
 *
 * Import them in that order with `npm run import -- <kind> <dir>/<kind>.csv`.
 */

const USAGE = `Usage: npm run generate -- [options]
  --cases N           community cases (default 1000; with --demo 200)
  --practitioners N   practitioners (default cases / 31)
  --teams N           teams, one SPO each (default practitioners / 8)
  --seed N            PRNG seed: the same seed and options give the same files (default 42)
  --today YYYY-MM-DD  the date everything is relative to (default: today in Europe/London)
  --out DIR           output folder (default ./data/extracts)
  --custody N         custody rows (default cases / 12)
  --dip-breaches N    DIP breaches (default cases / 100, at least 30)
  --iom-cohort N      IOM cohort per borough (default 60)
  --boroughs A,B      IOM boroughs (default Enfield,Haringey)
  --pdu NAME          put every team in this PDU
  --demo              add the Agents Playground users and the demo guarantees`;

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

runCli(USAGE, async (args) => {
  const values = parseOptions(args, {
    cases: { type: 'string' },
    practitioners: { type: 'string' },
    teams: { type: 'string' },
    seed: { type: 'string' },
    today: { type: 'string' },
    out: { type: 'string' },
    custody: { type: 'string' },
    'dip-breaches': { type: 'string' },
    'iom-cohort': { type: 'string' },
    boroughs: { type: 'string' },
    pdu: { type: 'string' },
    demo: { type: 'boolean' },
  });
  const demo = values.demo === true;
  const today = values.today ?? todayInLondon(new Date());
  if (!isValidIsoDate(today))
    throw new UsageError(`--today must be a real date as YYYY-MM-DD (got '${today}')`);

  const cases = wholeNumber('cases', values.cases) ?? (demo ? DEMO_OPTIONS.cases : 1000);
  const practitioners =
    wholeNumber('practitioners', values.practitioners) ??
    (demo && values.cases === undefined ? DEMO_OPTIONS.practitioners : Math.max(1, Math.ceil(cases / 31)));
  const teams =
    wholeNumber('teams', values.teams) ??
    (demo && values.cases === undefined ? DEMO_OPTIONS.teams : Math.max(1, Math.ceil(practitioners / 8)));
  const options: GenerateOptions = {
    seed: wholeNumber('seed', values.seed) ?? (demo ? DEMO_OPTIONS.seed : 42),
    today,
    cases,
    practitioners,
    teams,
    demo,
  };
  const custody = wholeNumber('custody', values.custody);
  const dipBreaches = wholeNumber('dip-breaches', values['dip-breaches']);
  const iomCohort = wholeNumber('iom-cohort', values['iom-cohort']);
  if (custody !== undefined) options.custody = custody;
  if (dipBreaches !== undefined) options.dipBreaches = dipBreaches;
  if (iomCohort !== undefined) options.iomCohort = iomCohort;
  if (values.pdu !== undefined) options.pdu = values.pdu;
  if (values.boroughs !== undefined) options.boroughs = values.boroughs.split(',').map((b) => b.trim());

  const started = performance.now();
  let extracts;
  try {
    extracts = generateExtracts(options);
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(e.message);
    throw e;
  }
  const generatedMs = performance.now() - started;

  const out = resolve(values.out ?? './data/extracts');
  mkdirSync(out, { recursive: true });
  for (const kind of EXTRACT_KINDS) {
    const file = join(out, `${kind}.csv`);
    writeFileSync(file, extracts[kind]);
    const rows = countLines(extracts[kind]) - 1; // less the header
    console.log(`${kind.padEnd(13)} ${String(rows).padStart(8)} rows  ${file}`);
  }
  const totalMs = performance.now() - started;
  console.log(
    `Generated in ${(generatedMs / 1000).toFixed(1)} s, written in ${(totalMs / 1000).toFixed(1)} s ` +
      `(seed ${options.seed}, today ${today}).`,
  );
});
