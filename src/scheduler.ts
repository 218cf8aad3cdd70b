import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { JobDefinition } from './delivery/job.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { addDays, dayOfWeek, type IsoDate } from './domain/dates.js';
import { londonTimeOfDay } from './delivery/gate.js';
import { runJob, type RunnerDeps } from './delivery/runner.js';
import { runnerDepsFromConfig } from './delivery/service.js';
import type { Settings } from './settings.js';
import type { Database } from './store/db.js';
import { deferredSlots, jobRunFor, recordSkippedRun, skipDeferred } from './store/deliveries.repository.js';
import { createStandaloneSender } from './teams/sender.js';
import { summaryLine, type RunSummary } from './delivery/summary.js';
import { type ProactiveSender } from './delivery/sender.js';

/**
 * The scheduler: the only importer of node-cron. Every job is registered with its schedule
 * (SCHEDULE_<NAME> overrides the default) in Europe/London with noOverlap; a tick works out today
 * from the clock, checks the job's runsOn, and runs it through the runner and the ledger.
 *
 * node-cron is not distributed: every replica ticks. Postgres coordinates them: the slot lock lets
 * one runner build a slot at a time and the ledger's claims make each delivery happen once.
 *
 * On start, each job's most recent due slot is caught up once if job_runs has no finished run for
 * it (downtime over a scheduled time), never every missed slot, and only while its content is still
 * current: the slot today falls in (a daily job's today, the weekly job's this week). An older
 * slot is recorded as skipped: last week's "week ahead" on a Monday morning is old news presented
 * as new. Every few minutes each job's slot due today is reconciled: node-cron skips an execution
 * when the clock steps or the event loop stalls across the scheduled minute, so a slot due today
 * that has no run yet is run then, once (the slot lock and the ledger keep a double from sending
 * anything twice). The same tick re-runs today's slots that have deliveries deferred for quiet
 * hours or a recipient's digest time ("digest at 09:00"): the job is rebuilt for just those
 * recipients and sent once they are due; deferred rows of a slot that is no longer current are
 * recorded as skipped.
 */

export interface SchedulerDeps {
  config: Config;
  settings: Settings;
  database: Database;
  clock: Clock;
  log: Logger;
  sender?: ProactiveSender;
  jobs: readonly JobDefinition[];
  /** Catch up missed slots on start (default true). */
  catchUp?: boolean;
  /** Overrides for the runner (tests: short leases, fake resolvers). */
  runner?: Partial<RunnerDeps>;
}

export const TIMEZONE = 'Europe/London';
export const DEFAULT_SWEEP_SCHEDULE = '*/5 * * * *';
/** How far back the start-up catch-up looks for a missed slot (covers monthly jobs). */
const CATCH_UP_DAYS = 35;

export class ScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleError';
  }
}

/** The variable that overrides a job's schedule: SCHEDULE_ and the name, "spo-digest" → SCHEDULE_SPO_DIGEST. */
export function scheduleEnvFor(jobName: string): string {
  return `SCHEDULE_${jobName.toUpperCase().replace(/-/g, '_')}`;
}

/** The cron expression for a job: its SCHEDULE_<NAME> variable, else the default. */
export function scheduleFor(def: JobDefinition, config: Pick<Config, 'schedules'>): string {
  const env = scheduleEnvFor(def.name);
  const expression = config.schedules[env] ?? def.defaultSchedule;
  if (!cron.validate(expression)) {
    throw new ScheduleError(
      `${env}="${expression}" is not a valid cron expression (minute hour day month weekday)`,
    );
  }
  return expression;
}

/** A SCHEDULE_ variable that names no job is a typo that would silently keep the default. */
function checkScheduleNames(jobs: readonly JobDefinition[], config: Pick<Config, 'schedules'>): void {
  const known = new Set(jobs.map((j) => scheduleEnvFor(j.name)));
  const unknown = Object.keys(config.schedules).filter((k) => !known.has(k));
  if (unknown.length) {
    throw new ScheduleError(
      `${unknown.join(', ')} ${unknown.length === 1 ? 'names' : 'name'} no job; the schedulable jobs are ${[...known].join(', ')}`,
    );
  }
}

function numbers(values: (number | string)[]): number[] | null {
  const out = values.filter((v): v is number => typeof v === 'number');
  return out.length === values.length ? out : null;
}

/** Whether a cron expression fires on a London date, and its fire times (HH:MM) that day. */
export function fireTimesOn(expression: string, date: IsoDate): string[] {
  const f = cron.parse(expression);
  const [, m, d] = date.split('-').map(Number) as [number, number, number];
  const dow = dayOfWeek(date) % 7; // 0 = Sunday, as in cron
  const dom = numbers(f.dayOfMonth);
  const dows = numbers(f.dayOfWeek)?.map((x) => x % 7);
  const domOk = !dom || dom.includes(d);
  const dowOk = !dows || dows.includes(dow);
  const domRestricted = dom !== null && dom.length < 31;
  const dowRestricted = dows !== undefined && new Set(dows).size < 7;
  // Cron's rule: when both day fields are restricted, either may match.
  const dayOk = domRestricted && dowRestricted ? domOk || dowOk : domOk && dowOk;
  if (!f.month.includes(m) || !dayOk) return [];
  const pad = (n: number) => String(n).padStart(2, '0');
  return f.hour.flatMap((h) => f.minute.map((min) => `${pad(h)}:${pad(min)}`)).sort();
}

/**
 * The most recent date on which the job was due (runsOn, and its schedule fired at a time that
 * has passed), looking back up to CATCH_UP_DAYS.
 */
export function mostRecentDueDate(
  def: JobDefinition,
  expression: string,
  today: IsoDate,
  timeOfDay: string,
  settings: Settings,
): IsoDate | null {
  for (let i = 0; i <= CATCH_UP_DAYS; i++) {
    const d = addDays(today, -i);
    if (!def.runsOn(d, settings)) continue;
    const times = fireTimesOn(expression, d);
    if (i === 0 ? times.some((t) => t <= timeOfDay) : times.length > 0) return d;
  }
  return null;
}

/**
 * Whether a slot's messages are still current today: it is the slot today falls in (for a daily
 * job, today itself; for the weekly job, this week). Anything older is news that has passed.
 */
export function isCurrentSlot(def: JobDefinition, slot: string, today: IsoDate): boolean {
  return def.slotFor(today) === slot;
}

/** The summary of a slot that was not run (nothing built, nothing sent). */
function skippedSummary(job: string, slot: string, today: IsoDate): RunSummary {
  return {
    job,
    slot,
    today,
    runId: '',
    ran: false,
    sent: 0,
    skipped: 0,
    unreachable: 0,
    failed: 0,
    deferred: 0,
    already: 0,
    details: [],
    ms: 0,
  };
}

export type Scheduler = ReturnType<typeof startScheduler>;

export function startScheduler(deps: SchedulerDeps) {
  const { config, settings, database, clock, log } = deps;
  const { jobs } = deps;
  checkScheduleNames(jobs, config);
  // In worker mode there is no web app to lend its adapter: build our own.
  const ownSender = deps.sender ? null : createStandaloneSender(config, log, { database });
  const runnerDeps: RunnerDeps = {
    ...runnerDepsFromConfig({ config, settings, database, log, sender: deps.sender ?? ownSender }),
    ...deps.runner,
  };
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => {});
    return p;
  };
  const cronLogger = {
    info: (m: string) => log.debug({ event: 'cron', message: m }),
    warn: (m: string) => log.warn({ event: 'cron', message: m }),
    error: (m: string | Error) => log.error({ event: 'cron', message: String(m) }),
    debug: (m: string | Error) => log.debug({ event: 'cron', message: String(m) }),
  };

  async function run(
    def: JobDefinition,
    today: IsoDate,
    reason: string,
    extra: { recipients?: Set<string>; force?: boolean } = {},
  ) {
    try {
      const summary: RunSummary = await runJob(def, runnerDeps, { today, now: clock.now(), ...extra });
      if (summary.ran)
        log.info({ event: 'job_finished', reason, job: def.name, slot: summary.slot }, summaryLine(summary));
      return summary;
    } catch (e) {
      log.error(
        { event: 'job_failed', reason, job: def.name, err: { message: (e as Error).message } },
        `${def.name} failed`,
      );
      return null;
    }
  }

  const tasks: ScheduledTask[] = [];
  for (const def of jobs) {
    const expression = scheduleFor(def, config);
    const task = cron.schedule(
      expression,
      async () => {
        const today = clock.today();
        if (!def.runsOn(today, settings)) {
          log.debug({ event: 'job_not_today', job: def.name, today });
          return;
        }
        await track(guarded(def, () => run(def, today, 'scheduled')));
      },
      { timezone: TIMEZONE, noOverlap: true, name: def.name, logger: cronLogger },
    );
    tasks.push(task);
    log.info({
      event: 'job_scheduled',
      job: def.name,
      schedule: expression,
      next: task.getNextRun()?.toISOString() ?? null,
    });
  }

  /** Jobs this process is running now: a reconcile never starts a second run of one. */
  const running = new Set<string>();

  /** Today's due slots that have no run yet (a skipped cron execution): run each once. */
  async function reconcile(): Promise<RunSummary[]> {
    const today = clock.today();
    const time = londonTimeOfDay(clock.now());
    const out: RunSummary[] = [];
    for (const def of jobs) {
      if (running.has(def.name) || !def.runsOn(today, settings)) continue;
      if (!fireTimesOn(scheduleFor(def, config), today).some((t) => t <= time)) continue;
      if (await jobRunFor(database, def.name, def.slotFor(today))) continue;
      log.warn(
        { event: 'job_reconciled', job: def.name, date: today },
        `${def.name} missed its time today: running it now`,
      );
      const summary = await guarded(def, () => run(def, today, 'reconcile'));
      if (summary) out.push(summary);
    }
    return out;
  }

  async function guarded<T>(def: JobDefinition, fn: () => Promise<T>): Promise<T> {
    running.add(def.name);
    try {
      return await fn();
    } finally {
      running.delete(def.name);
    }
  }

  async function sweep() {
    const today = clock.today();
    // Claimed within the last day and a half: today's slots, and a catch-up of yesterday's held
    // for quiet hours. Older deferred rows stay recorded as deferred.
    const pending = await deferredSlots(database, new Date(clock.now().getTime() - 36 * 3600_000));
    for (const p of pending) {
      const def = jobs.find((j) => j.name === p.job);
      if (!def) continue;
      if (!isCurrentSlot(def, p.slot, today)) {
        const n = await skipDeferred(database, def.name, p.slot, 'no longer current: its day has passed');
        log.info({ event: 'deferred_skipped', job: def.name, slot: p.slot, n });
        continue;
      }
      await run(def, today, 'deferred', { recipients: new Set(p.recipients), force: true });
    }
  }
  const sweepExpression = config.SCHEDULE_DEFERRED_SWEEP ?? DEFAULT_SWEEP_SCHEDULE;
  if (!cron.validate(sweepExpression)) {
    throw new ScheduleError(`SCHEDULE_DEFERRED_SWEEP="${sweepExpression}" is not a valid cron expression`);
  }
  tasks.push(
    cron.schedule(
      sweepExpression,
      () =>
        track(
          (async () => {
            // After the start-up catch-up, which covers the same slots.
            await caughtUp;
            await reconcile().catch((e: Error) =>
              log.error({ event: 'reconcile_failed', err: { message: e.message } }),
            );
            await sweep().catch((e: Error) =>
              log.error({ event: 'sweep_failed', err: { message: e.message } }),
            );
          })(),
        ),
      {
        timezone: TIMEZONE,
        noOverlap: true,
        name: 'deferred-sweep',
        logger: cronLogger,
      },
    ),
  );

  async function catchUp(): Promise<RunSummary[]> {
    const today = clock.today();
    const time = londonTimeOfDay(clock.now());
    const out: RunSummary[] = [];
    for (const def of jobs) {
      const due = mostRecentDueDate(def, scheduleFor(def, config), today, time, settings);
      if (!due) continue;
      const slot = def.slotFor(due);
      const previous = await jobRunFor(database, def.name, slot);
      if (previous?.finishedAt) continue;
      if (!isCurrentSlot(def, slot, today)) {
        const note = `catch-up skipped: the slot of ${due} is no longer current on ${today}`;
        await recordSkippedRun(database, def.name, slot, note);
        log.info({ event: 'job_catch_up_skipped', job: def.name, slot, date: due }, note);
        out.push({ ...skippedSummary(def.name, slot, due), note });
        continue;
      }
      log.info({ event: 'job_catch_up', job: def.name, date: due }, `catching up ${def.name} for ${due}`);
      const summary = await guarded(def, () => run(def, due, 'catch-up'));
      if (summary) out.push(summary);
    }
    return out;
  }
  const caughtUp =
    deps.catchUp === false ? Promise.resolve([]) : track(catchUp().catch(() => [] as RunSummary[]));

  return {
    /** Resolves when the start-up catch-up has finished (tests and logs). */
    caughtUp,
    /** Delivers deferred messages now (what the sweep task does every few minutes). */
    sweep: () => track(sweep()),
    /** Runs today's due slots that never ran (what the sweep task does first every few minutes). */
    reconcile: () => track(reconcile()),
    tasks,
    async stop(): Promise<void> {
      for (const task of tasks) {
        await task.stop();
        await task.destroy();
      }
      // Let runs in progress finish their current deliveries (bounded), then release the sender.
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise((r) => setTimeout(r, 30_000).unref()),
      ]);
      await ownSender?.close?.();
    },
  };
}
