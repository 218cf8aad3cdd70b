import type { Logger } from 'pino';
import type { Reply } from '../cards/types.js';
import type { JobDefinition, JobsService } from './job.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { createTeamsAppInstaller, graphOptionsFromConfig } from '../graph/installer.js';
import type { Settings } from '../settings.js';
import type { Database } from '../store/db.js';
import { deliveryCounts } from '../store/deliveries.repository.js';

import { createConversationResolver } from './conversations.js';
import { runJob, type RunnerDeps } from './runner.js';
import type { ProactiveSender } from './sender.js';

/** The answer to a job command in a process that has no scheduler or sender. */
export const JOBS_UNAVAILABLE_REPLY: Reply = {
  text: 'Jobs cannot be run from this process (it has no scheduler or sender).',
  personalData: false,
};

export function createJobsService(
  jobs: readonly JobDefinition[],
  deps: RunnerDeps,
  clock: Clock,
): JobsService {
  const byName = new Map(jobs.map((j) => [j.name, j]));
  return {
    names: () => jobs.map((j) => j.name),
    definition: (name) => byName.get(name),
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
