/**
 * `npm run bench`: the national-scale benchmark (docs/benchmarks.md). For each target it
 * generates seeded extracts, imports them through the real importer, compares with PostgreSQL's own
 * COPY, asks the real web app the team question and `help` from many SPOs, builds the SPO digest
 * for every SPO, and records memory; on PostgreSQL it also explains the "this week" queries.
 *
 *   npm run bench                                   # both targets, 250,000 and 2,500 cases
 *   npm run bench -- --target postgres --cases 50000 --out -
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { serverInfo } from '../bench/databases.js';
import { measureUnderstanding, understandingText } from '../bench/understanding.js';
import { markdownTable, resultsMarkdown, spliceResults, type Machine } from '../bench/report.js';
import { DEFAULT_SEED, DEFAULT_TODAY, runTarget, type BenchTarget, type TargetResult } from '../bench/run.js';
import type { BotHandle, BotInput, FromBot, ToBot } from '../bench/serve.js';
import { isValidIsoDate } from '../src/domain/dates.js';
import { parseOptions, runCli, UsageError, wholeNumber } from './cli.js';

const DEFAULT_ADMIN_URL = 'postgres://postgres:postgres@127.0.0.1:55432/postgres';
/** The heap cap of the second bot run (docs/benchmarks.md, bot memory). */
const DEFAULT_BOT_HEAP_MB = 128;

const USAGE = `Usage: npm run bench -- [options]
  --target postgres|pglite|both|understanding
                     (default both; understanding measures reading messages only, no database)
  --cases N          cases (default 250000 on postgres, 2500 on pglite)
  --askers N         distinct SPOs asking (default up to 300)
  --asks N           measured asks of each question (default 300)
  --seed N           generator seed (default ${DEFAULT_SEED})
  --today YYYY-MM-DD the pinned date (AS_OF_DATE; default ${DEFAULT_TODAY})
  --postgres URL     admin URL of a PostgreSQL server that may CREATE DATABASE
                     (default $BENCH_DATABASE_URL, else $TEST_DATABASE_URL, else ${DEFAULT_ADMIN_URL})
  --bot-heap-mb N    also measure the bot with its V8 heap capped at N MB, as under a memory
                     limit (default ${DEFAULT_BOT_HEAP_MB}; 0 to skip)
  --out FILE         write the results into FILE's generated section (default docs/benchmarks.md; - for none)`;

const whole = (name: string, text: string | undefined) => wholeNumber(name, text, 1);

/** The bot runs in a fresh process of its own (bench/serve-child.ts), so its memory and CPU are the bot's alone. */
async function childBot(input: BotInput, heapMb?: number): Promise<BotHandle> {
  const child = fork(fileURLToPath(new URL('../bench/serve-child.ts', import.meta.url)), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // The tsx loader this process runs under, and the heap cap if any.
    execArgv: [...process.execArgv, ...(heapMb ? [`--max-old-space-size=${heapMb}`] : [])],
  });
  const waiting: ((m: FromBot) => void)[] = [];
  child.on('message', (m: FromBot) => waiting.shift()?.(m));
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w({ error: `the bot process exited with code ${code}` });
  });
  /** Sends one request (or none: just waits) and returns the bot's answer; one at a time. */
  const request = async <K extends string>(
    key: K,
    message?: ToBot,
  ): Promise<Extract<FromBot, Record<K, unknown>>> => {
    const answer = await new Promise<FromBot>((resolvePromise) => {
      waiting.push(resolvePromise);
      if (message) child.send(message);
    });
    if ('error' in answer) throw new Error(`bot process: ${answer.error}`);
    if (!(key in answer)) throw new Error(`bot process: expected ${key}, got ${JSON.stringify(answer)}`);
    return answer as Extract<FromBot, Record<K, unknown>>;
  };
  await request('loaded');
  const { ready } = await request('ready', { start: input });
  return {
    url: ready,
    cpuMs: async () => (await request('cpuMs', { cpu: true })).cpuMs,
    digest: async (runs) => (await request('digest', { digest: runs })).digest,
    finish: async () => (await request('memory', { finish: true })).memory,
  };
}

async function main(args: string[]): Promise<void> {
  const values = parseOptions(args, {
    target: { type: 'string' },
    cases: { type: 'string' },
    askers: { type: 'string' },
    asks: { type: 'string' },
    seed: { type: 'string' },
    today: { type: 'string' },
    postgres: { type: 'string' },
    'bot-heap-mb': { type: 'string' },
    out: { type: 'string' },
    // Internal: run one target and write its result as JSON (each target gets a fresh process).
    'result-json': { type: 'string' },
  });
  const which = values.target ?? 'both';
  if (!['postgres', 'pglite', 'both', 'understanding'].includes(which))
    throw new UsageError(`--target must be postgres, pglite, both or understanding (got '${which}')`);
  const targets: BenchTarget[] = which === 'both' ? ['postgres', 'pglite'] : [which as BenchTarget];
  const today = values.today ?? DEFAULT_TODAY;
  if (!isValidIsoDate(today)) throw new UsageError(`--today must be a date as YYYY-MM-DD (got '${today}')`);
  // Reading messages is measured in this process, before any database work loads it.
  const understanding = values['result-json'] ? null : measureUnderstanding(today);
  if (understanding) console.log(understandingText(understanding));
  if (which === 'understanding') return;
  const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number (got '${values.seed}')`);
  const adminUrl =
    values.postgres ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? DEFAULT_ADMIN_URL;
  const cases = whole('cases', values.cases);
  const askers = whole('askers', values.askers);
  const asks = whole('asks', values.asks);
  const botHeapMb =
    values['bot-heap-mb'] === '0' ? 0 : (whole('bot-heap-mb', values['bot-heap-mb']) ?? DEFAULT_BOT_HEAP_MB);
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
      throw new UsageError(
        `Cannot reach PostgreSQL at ${new URL(adminUrl).host} (${(e as Error).message}). Start one with .ci/start-postgres.sh or pass --postgres URL.`,
      );
    }
  }
  if (targets.includes('pglite')) {
    const pkg = JSON.parse(
      readFileSync(resolve('node_modules/@electric-sql/pglite/package.json'), 'utf8'),
    ) as { version: string };
    machine.pglite = pkg.version;
  }

  const loadAtStart = loadavg()[0]!.toFixed(1);
  const results: TargetResult[] = [];
  if (targets.length > 1) {
    // One process per target, so neither's import memory carries what the other left behind.
    const passOn = process.argv
      .slice(2)
      .filter((a, i, all) => a !== '--target' && all[i - 1] !== '--target' && !a.startsWith('--target='));
    for (const target of targets) {
      const file = join(mkdtempSync(join(tmpdir(), 'pa-bench-result-')), 'result.json');
      await new Promise<void>((resolvePromise, reject) => {
        const child = fork(
          fileURLToPath(import.meta.url),
          [...passOn, '--target', target, '--out', '-', '--result-json', file],
          {
            stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
          },
        );
        child.on('error', reject);
        child.on('exit', (code) =>
          code === 0 ? resolvePromise() : reject(new Error(`the ${target} run exited with code ${code}`)),
        );
      });
      results.push(JSON.parse(readFileSync(file, 'utf8')) as TargetResult);
      rmSync(dirname(file), { recursive: true, force: true });
    }
  } else {
    const target = targets[0]!;
    const started = performance.now();
    results.push(
      await runTarget({
        target,
        seed,
        today,
        adminUrl,
        startBot: (input) => childBot(input),
        ...(botHeapMb
          ? { cappedBot: { heapMb: botHeapMb, start: (input) => childBot(input, botHeapMb) } }
          : {}),
        log: (line) => console.log(line),
        ...(cases !== undefined ? { cases } : {}),
        ...(askers !== undefined ? { askers } : {}),
        ...(asks !== undefined ? { asks } : {}),
      }),
    );
    console.log(`[${target}] done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    if (values['result-json']) {
      writeFileSync(values['result-json'], JSON.stringify(results[0]));
      return;
    }
  }

  machine.load = `${loadAtStart} at the start, ${loadavg()[0]!.toFixed(1)} at the end (${cpus().length} cores)`;
  console.log(`\n${markdownTable(results)}\n`);
  for (const r of results) {
    for (const p of r.plans) {
      console.log(
        `${p.name}: ${p.rows} rows in ${p.executionMs.toFixed(2)} ms${p.scansCaseload ? '  ** SEQ SCAN **' : ''}`,
      );
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
    // Formatted as `npm run lint` (prettier --check) wants it.
    const text = spliceResults(existing, resultsMarkdown(results, machine, understanding));
    const options = (await prettier.resolveConfig(file)) ?? {};
    writeFileSync(file, await prettier.format(text, { ...options, filepath: file }));
    console.log(`\nWrote ${out}`);
  }
}

runCli(USAGE, main);
