/**
 * `npm run bench`: the national-scale benchmark (issue #8, docs/benchmarks.md). For each target it
 * generates seeded extracts, imports them through the real importer, compares with PostgreSQL's own
 * COPY, asks the real web app the team question and `help` from many SPOs, builds the SPO digest
 * for every SPO, and records memory; on PostgreSQL it also explains the "this week" queries.
 *
 *   npm run bench                                   # both targets, 250,000 and 2,500 cases
 *   npm run bench -- --target postgres --cases 50000 --out -
 */
import { fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serverInfo } from '../src/bench/databases.js';
import { markdownTable, resultsMarkdown, spliceResults, type Machine } from '../src/bench/report.js';
import {
  DEFAULT_SEED,
  DEFAULT_TODAY,
  runTarget,
  type BenchTarget,
  type TargetResult,
} from '../src/bench/run.js';
import type { ServeInput, ServeResult } from '../src/bench/serve.js';
import { isValidIsoDate } from '../src/domain/dates.js';

const DEFAULT_ADMIN_URL = 'postgres://postgres:postgres@127.0.0.1:55432/postgres';

const USAGE = `Usage: npm run bench -- [options]
  --target postgres|pglite|both   (default both)
  --cases N          cases (default 250000 on postgres, 2500 on pglite)
  --askers N         distinct SPOs asking (default up to 300)
  --asks N           measured asks of each question (default 300)
  --seed N           generator seed (default ${DEFAULT_SEED})
  --today YYYY-MM-DD the pinned date (AS_OF_DATE; default ${DEFAULT_TODAY})
  --postgres URL     admin URL of a PostgreSQL server that may CREATE DATABASE
                     (default $BENCH_DATABASE_URL, else $TEST_DATABASE_URL, else ${DEFAULT_ADMIN_URL})
  --out FILE         write the results into FILE's generated section (default docs/benchmarks.md; - for none)`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function whole(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) fail(`--${name} must be a whole number ≥ 1 (got '${text}')`);
  return Number(text);
}

/** The bot's half runs in a fresh process of its own, so its memory is the bot's alone. */
function serveInChild(input: ServeInput): Promise<ServeResult> {
  return new Promise((resolvePromise, reject) => {
    const child = fork(fileURLToPath(new URL('../src/bench/serve-child.ts', import.meta.url)), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: ServeResult | null = null;
    let failure: string | null = null;
    child.on('message', (m: { result?: ServeResult; error?: string }) => {
      if (m.result) result = m.result;
      if (m.error) failure = m.error;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (result) resolvePromise(result);
      else reject(new Error(failure ?? `the serving process exited with code ${code}`));
    });
    child.send({ input });
  });
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        target: { type: 'string' },
        cases: { type: 'string' },
        askers: { type: 'string' },
        asks: { type: 'string' },
        seed: { type: 'string' },
        today: { type: 'string' },
        postgres: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const which = values.target ?? 'both';
  if (!['postgres', 'pglite', 'both'].includes(which)) fail(`--target must be postgres, pglite or both (got '${which}')`);
  const targets: BenchTarget[] = which === 'both' ? ['postgres', 'pglite'] : [which as BenchTarget];
  const today = values.today ?? DEFAULT_TODAY;
  if (!isValidIsoDate(today)) fail(`--today must be a date as YYYY-MM-DD (got '${today}')`);
  const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
  if (!Number.isInteger(seed)) fail(`--seed must be a whole number (got '${values.seed}')`);
  const adminUrl = values.postgres ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? DEFAULT_ADMIN_URL;
  const cases = whole('cases', values.cases);
  const askers = whole('askers', values.askers);
  const asks = whole('asks', values.asks);
  const out = values.out ?? 'docs/benchmarks.md';

  const machine: Machine = {
    date: new Date().toISOString().slice(0, 10),
    cpus: `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'})`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB memory`,
    os: `${type()} ${release()}`,
    node: process.version,
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  };
  if (targets.includes('postgres')) {
    try {
      const info = await serverInfo(adminUrl);
      machine.postgres = info.version;
      machine.postgresSettings = info.settings;
    } catch (e) {
      fail(`Cannot reach PostgreSQL at ${new URL(adminUrl).host} (${(e as Error).message}). Start one with .ci/start-postgres.sh or pass --postgres URL.`);
    }
  }
  if (targets.includes('pglite')) {
    const pkg = JSON.parse(readFileSync(resolve('node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string };
    machine.pglite = pkg.version;
  }

  const results: TargetResult[] = [];
  for (const target of targets) {
    const started = performance.now();
    results.push(
      await runTarget({
        target,
        seed,
        today,
        adminUrl,
        serveIn: serveInChild,
        log: (line) => console.log(line),
        ...(cases !== undefined ? { cases } : {}),
        ...(askers !== undefined ? { askers } : {}),
        ...(asks !== undefined ? { asks } : {}),
      }),
    );
    console.log(`[${target}] done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }

  console.log(`\n${markdownTable(results)}\n`);
  for (const r of results) {
    for (const p of r.plans) {
      console.log(`${p.name}: ${p.rows} rows in ${p.executionMs.toFixed(2)} ms${p.scansCaseload ? '  ** SEQ SCAN **' : ''}`);
      for (const l of p.keyLines) console.log(`    ${l}`);
    }
  }
  if (out !== '-') {
    const file = resolve(out);
    let existing: string | null = null;
    try {
      existing = readFileSync(file, 'utf8');
    } catch {
      existing = null;
    }
    writeFileSync(file, spliceResults(existing, resultsMarkdown(results, machine)));
    console.log(`\nWrote ${out}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
