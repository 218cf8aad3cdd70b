/**
 * `npm run job -- <job-name> [--force]`: runs one scheduled job once, now, through the same runner
 * and delivery ledger as the scheduler, so running it twice for a slot sends nothing new.
 *
 * Exit codes: 0 the run finished (its summary line says what was sent, skipped, unreachable or
 * failed; failures are recorded in the ledger and retried by a later run of the slot); 1 the job
 * could not run or stopped part-way (configuration, database in use or unreachable, the job itself
 * threw, the database stopped answering mid-run: what was recorded stays recorded and running the
 * job again finishes the slot without repeating anything recorded as sent);
 * 2 usage error (no or unknown job name).
 *
 * A job only runs on its days (working days, first working day of the week, …): on another day it
 * says so and exits 0, which suits external schedulers. --force runs it anyway.
 */
import { jobNames, findJob } from '../jobs/index.js';
import { systemClock } from '../src/clock.js';
import { ConfigError, loadConfig, type Config } from '../src/config.js';
import { describeJobError, runJob, summaryLine } from '../src/jobs/runner.js';
import { runnerDepsFromConfig } from '../src/jobs/service.js';
import { createLogger } from '../src/logger.js';
import { seedDemoData } from '../src/seed/demo.js';
import { settingsFromConfig } from '../src/settings.js';
import { DatabaseLockedError, openDatabase, type Database } from '../src/store/db.js';
import { createStandaloneSender } from '../src/teams/sender.js';

const USAGE = `Usage: npm run job -- <job-name> [--force]\n  <job-name> is one of: ${jobNames().join(', ')}`;

function fail(code: 1 | 2, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--'));
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const force = args.includes('--force');
  const names = args.filter((a) => !a.startsWith('--'));
  const unknownFlags = args.filter((a) => a.startsWith('--') && a !== '--force');
  if (unknownFlags.length) fail(2, `Unknown option ${unknownFlags.join(', ')}.\n${USAGE}`);
  if (names.length !== 1) fail(2, `${names.length ? 'One job at a time.' : 'Missing <job-name>.'}\n${USAGE}`);
  const def = findJob(names[0] ?? '');
  if (!def) fail(2, `Unknown job '${names[0]}'. Jobs: ${jobNames().join(', ')}.`);

  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    fail(1, e instanceof ConfigError ? e.message : (e as Error).message);
  }
  // Logs go to stderr so stdout carries only the summary line.
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, process.stderr);
  const settings = settingsFromConfig(config);
  const clock = systemClock(config.AS_OF_DATE);

  let database: Database;
  try {
    database = await openDatabase(config.database);
  } catch (e) {
    fail(
      1,
      e instanceof DatabaseLockedError ? e.message : `Cannot open the database: ${(e as Error).message}`,
    );
  }
  const sender = createStandaloneSender(config, log, { database });
  // SIGTERM / Ctrl-C: stop sending, finish and record what is on the wire, then exit 1. (A second
  // signal, or SIGKILL, ends the process at once; the next run resumes the slot.)
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) process.exit(1);
    stop.abort(signal);
  };
  process.on('SIGTERM', onSignal).on('SIGINT', onSignal);
  try {
    // Same as `npm start`: an empty embedded database gets the demo data, so this works on a fresh clone.
    if (config.demoData) await seedDemoData(database, clock.today());
    const summary = await runJob(def, runnerDepsFromConfig({ config, settings, database, log, sender }), {
      today: clock.today(),
      now: clock.now(),
      force,
      signal: stop.signal,
    });
    process.stdout.write(`${summaryLine(summary)}\n`);
    if (!summary.ran && summary.note?.includes('does not run'))
      process.stdout.write('Use --force to run it anyway.\n');
    return 0;
  } catch (e) {
    // Not the raw message: a failed query's text carries its parameters (recipients' emails).
    process.stderr.write(`${def.name} failed: ${describeJobError(e)}\n`);
    return 1;
  } finally {
    await sender.close?.().catch(() => {});
    await database.close().catch(() => {});
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  },
);
