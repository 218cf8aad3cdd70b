import type { Logger } from 'pino';
import { commands as declaredCommands } from '../commands/index.js';
import { jobs as declaredJobs } from '../jobs/index.js';
import { createWebApp, type WebApp } from './app.js';
import type { Command } from './assistant/types.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import type { JobDefinition, JobsService } from './delivery/job.js';
import type { RunnerDeps } from './delivery/runner.js';
import type { ProactiveSender } from './delivery/sender.js';
import { createJobsService, runnerDepsFromConfig } from './delivery/service.js';
import { createDropFolder, type DropFolder } from './intake/drop-folder.js';
import { createLogger } from './logger.js';
import { startScheduler, type Scheduler, type SchedulerDeps } from './scheduler.js';
import { seedDemoData } from './seed/demo.js';
import { settingsFromConfig, type Settings } from './settings.js';
import { openDatabase, type Database } from './store/db.js';
import { createStandaloneSender } from './teams/sender.js';

/**
 * The composition root: the one place the product is wired. The web process, the worker, every
 * script and the tests build their parts here, so they all deliver, answer and log the same way.
 */
export interface Services {
  config: Config;
  settings: Settings;
  clock: Clock;
  log: Logger;
  database: Database;
  commands: readonly Command[];
  jobs: readonly JobDefinition[];
  /** The runner's dependencies over a sender (null: nothing can be sent from this process). */
  runnerDeps(sender: ProactiveSender | null): RunnerDeps;
  jobsService(sender: ProactiveSender | null): JobsService;
  /** A sender with its own Bot Framework adapter, for processes that serve no bot endpoint. */
  standaloneSender(): ProactiveSender;
  /** The bot endpoint and health check (not yet listening). */
  web(): WebApp;
  /** The scheduler, with the web half's sender in `all` mode or its own otherwise. */
  scheduler(
    options?: Omit<SchedulerDeps, 'config' | 'settings' | 'database' | 'clock' | 'log' | 'jobs'>,
  ): Scheduler;
  /** The IMPORT_DIR drop folder (not yet watching), or null when IMPORT_DIR is unset. */
  dropFolder(): DropFolder | null;
  /** Demo data into an empty embedded database, when DEMO_DATA says so. */
  seedDemoData(): Promise<{ seeded: boolean; counts?: Record<string, number> }>;
  /** Closes what buildServices opened (the database, unless it was given). */
  close(): Promise<void>;
}

export interface ServiceParts {
  log?: Logger;
  clock?: Clock;
  settings?: Settings;
  /** An open database (tests, benchmarks); otherwise DATABASE_URL is opened. */
  database?: Database;
  commands?: readonly Command[];
  jobs?: readonly JobDefinition[];
}

export async function buildServices(config: Config, parts: ServiceParts = {}): Promise<Services> {
  const log = parts.log ?? createLogger(config.LOG_LEVEL);
  const settings = parts.settings ?? settingsFromConfig(config);
  const clock = parts.clock ?? systemClock(config.AS_OF_DATE);
  const commands = parts.commands ?? declaredCommands;
  const jobs = parts.jobs ?? declaredJobs;
  const database = parts.database ?? (await openDatabase(config.database));
  const runnerDeps = (sender: ProactiveSender | null) =>
    runnerDepsFromConfig({ config, settings, database, log, sender });
  const jobsService = (sender: ProactiveSender | null) => createJobsService(jobs, runnerDeps(sender), clock);
  return {
    config,
    settings,
    clock,
    log,
    database,
    commands,
    jobs,
    runnerDeps,
    jobsService,
    standaloneSender: () => createStandaloneSender(config, log, { database }),
    web: () => createWebApp({ config, settings, database, clock, log, commands, jobsService }),
    scheduler: (options = {}) => startScheduler({ config, settings, database, clock, log, jobs, ...options }),
    dropFolder: () =>
      config.IMPORT_DIR
        ? createDropFolder({
            dir: config.IMPORT_DIR,
            database,
            log,
            clock,
            scanMs: config.IMPORT_SCAN_SECONDS * 1000,
            maxRemovalShare: config.IMPORT_MAX_REMOVAL_PERCENT / 100,
          })
        : null,
    async seedDemoData() {
      return config.demoData ? seedDemoData(database, clock.today(), clock.now()) : { seeded: false };
    },
    async close() {
      if (!parts.database) await database.close();
    },
  };
}
