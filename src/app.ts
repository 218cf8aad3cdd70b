import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createAssistant } from './assistant/assistant.js';
import { withDataAges } from './assistant/data-age.js';
import type { Command } from './assistant/types.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { createHttpServer } from './http.js';
import type { Database } from './store/db.js';
import { createAdapter, processBotRequest } from './teams/adapter.js';
import { createBotLogic } from './teams/bot.js';
import { createProactiveSender } from './teams/sender.js';
import type { ProactiveSender } from './delivery/sender.js';
import type { JobsService } from './delivery/job.js';
import type { Settings } from './settings.js';

export interface AppDeps {
  config: Config;
  settings: Settings;
  database: Database;
  clock: Clock;
  log: Logger;
  commands: readonly Command[];
  /** The jobs service over this web half's sender (the admin job commands use it). */
  jobsService(sender: ProactiveSender): JobsService;
}

export type WebApp = ReturnType<typeof createWebApp>;

/** The web half: the bot endpoint and the health check over one database. */
export function createWebApp(deps: AppDeps) {
  const { config, database, log } = deps;
  const adapter = createAdapter(config, log);
  const sender = createProactiveSender(adapter, config.MicrosoftAppId, {
    database,
    log,
    ratePerSecond: config.SEND_RATE_PER_SECOND,
    retry: { retries: config.SEND_RETRIES },
  });
  const jobsService = deps.jobsService(sender);
  const assistant = createAssistant({
    database,
    settings: deps.settings,
    clock: deps.clock,
    log,
    commands: withDataAges(deps.commands, deps.clock),
    jobs: jobsService,
  });
  const logic = createBotLogic({ assistant, database, log });
  const server: Server = createHttpServer({
    log,
    onActivity: (req, body, res) => processBotRequest(adapter, req, body, res, logic),
    async health() {
      try {
        await database.ping();
        return { database: 'ok' };
      } catch {
        return { database: 'unavailable' };
      }
    },
  });
  return {
    adapter,
    assistant,
    sender,
    jobs: jobsService,
    server,
    async listen(port = config.PORT, host = config.bindHost): Promise<number> {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      return (server.address() as AddressInfo).port;
    },
    async close(): Promise<void> {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
