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
import { findJob, jobNames } from '../jobs/index.js';
import { describeJobError } from '../src/delivery/errors.js';
import { runJob } from '../src/delivery/runner.js';
import { summaryLine } from '../src/delivery/summary.js';
import { createLogger } from '../src/logger.js';
import { CliFailure, loadConfigOrFail, runCli, servicesOrFail, UsageError } from './cli.js';

const USAGE = `Usage: npm run job -- <job-name> [--force]\n  <job-name> is one of: ${jobNames().join(', ')}`;

runCli(USAGE, async (args) => {
  const force = args.includes('--force');
  const names = args.filter((a) => !a.startsWith('--'));
  const unknownFlags = args.filter((a) => a.startsWith('--') && a !== '--force');
  if (unknownFlags.length) throw new UsageError(`Unknown option ${unknownFlags.join(', ')}.`);
  if (names.length !== 1) throw new UsageError(names.length ? 'One job at a time.' : 'Missing <job-name>.');
  const def = findJob(names[0] ?? '');
  if (!def) throw new UsageError(`Unknown job '${names[0]}'. Jobs: ${jobNames().join(', ')}.`);

  const config = loadConfigOrFail();
  // Logs go to stderr so stdout carries only the summary line.
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, process.stderr);
  const services = await servicesOrFail(config, { log });
  const sender = services.standaloneSender();
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
    await services.seedDemoData();
    const summary = await runJob(def, services.runnerDeps(sender), {
      today: services.clock.today(),
      now: services.clock.now(),
      force,
      signal: stop.signal,
    });
    process.stdout.write(`${summaryLine(summary)}\n`);
    if (!summary.ran && summary.note?.includes('does not run'))
      process.stdout.write('Use --force to run it anyway.\n');
    return 0;
  } catch (e) {
    // Not the raw message: a failed query's text carries its parameters (recipients' emails).
    throw new CliFailure(`${def.name} failed: ${describeJobError(e)}`);
  } finally {
    await sender.close?.().catch(() => {});
    await services.close().catch(() => {});
  }
});
