import type { Logger } from 'pino';
import { addDays, compareDates } from '../domain/dates.js';
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

/** The longest span a delivery report covers: a quarter, day by day. */
const MAX_REPORT_DAYS = 92;

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
    report(from, to = from) {
      // A slot per job and day, without repeats (a weekly or monthly job has one slot for many days).
      const seen = new Set<string>();
      const slots: { job: string; slot: string }[] = [];
      for (let d = from, n = 0; compareDates(d, to) <= 0 && n < MAX_REPORT_DAYS; d = addDays(d, 1), n++) {
        for (const j of jobs) {
          const slot = j.slotFor(d);
          if (seen.has(`${j.name}|${slot}`)) continue;
          seen.add(`${j.name}|${slot}`);
          slots.push({ job: j.name, slot });
        }
      }
      return deliveryCounts(deps.database, slots);
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
