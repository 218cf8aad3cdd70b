import type { Logger } from 'pino';
import type { JobDefinition } from '../../jobs/types.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { IsoDate } from '../domain/dates.js';
import { createTeamsAppInstaller, graphOptionsFromConfig } from '../graph/installer.js';
import type { Settings } from '../settings.js';
import type { Database } from '../store/db.js';
import { deliveryCounts } from '../store/deliveries.repository.js';
import type { ProactiveSender } from '../teams/sender.js';
import { createConversationResolver } from './conversations.js';
import { runJob, type RunnerDeps, type RunSummary } from './runner.js';

/** What the admin commands may do with jobs, without knowing about senders or the ledger. */
export interface JobsService {
  names(): string[];
  /** Runs a job now through the runner and ledger (today and now from the clock unless given); null for an unknown name. */
  run(name: string, options?: { today?: IsoDate; now?: Date; force?: boolean }): Promise<RunSummary | null>;
  /** Delivery counts per job, status and reason for the slots `today` falls in. */
  report(
    today: IsoDate,
  ): Promise<{ job: string; slot: string; status: string; detail: string | null; n: number }[]>;
}

export function createJobsService(
  jobs: readonly JobDefinition[],
  deps: RunnerDeps,
  clock: Clock,
): JobsService {
  const byName = new Map(jobs.map((j) => [j.name, j]));
  return {
    names: () => jobs.map((j) => j.name),
    async run(name, options = {}) {
      const def = byName.get(name);
      if (!def) return null;
      return runJob(def, deps, {
        today: options.today ?? clock.today(),
        now: options.now ?? clock.now(),
        force: options.force ?? false,
      });
    },
    report(today) {
      return deliveryCounts(
        deps.database,
        jobs.map((j) => ({ job: j.name, slot: j.slotFor(today) })),
      );
    },
  };
}

/**
 * The runner's dependencies from configuration, shared by the scheduler, `npm run job` and the
 * admin commands so all three deliver the same way: the given sender, conversations from the
 * store, and Graph installation when GRAPH_* credentials are set.
 */
export function runnerDepsFromConfig(input: {
  config: Config;
  settings: Settings;
  database: Database;
  log: Logger;
  sender: ProactiveSender | null;
}): RunnerDeps {
  const { config, database, log } = input;
  const graph = graphOptionsFromConfig(config);
  return {
    database,
    settings: input.settings,
    log,
    sender: input.sender,
    concurrency: config.SEND_CONCURRENCY,
    defaultDigestTime: config.DEFAULT_DIGEST_TIME,
    retentionDays: config.RETENTION_DAYS,
    resolveConversation: createConversationResolver({
      database,
      log,
      installer: graph ? createTeamsAppInstaller(graph, log) : null,
      botAppId: config.MicrosoftAppId,
      serviceUrl: config.BOT_SERVICE_URL,
    }),
  };
}
