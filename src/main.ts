import { ConfigError, loadConfig, type Config } from './config.js';
import { ScheduleError } from './scheduler.js';
import { buildServices, type Services } from './services.js';
import { settingsFromConfig, type Settings } from './settings.js';
import { DatabaseLockedError } from './store/db.js';

/** `npm start`: config → services (logger, database, …) → the web half and/or the worker. */
async function main(): Promise<void> {
  let config: Config;
  let settings: Settings;
  try {
    config = loadConfig();
    // The rule settings read files and JSON (ECSL_TIMELINE, PROGRESSION_TRANCHES…): a bad one is
    // a configuration problem, said as such, not a database one.
    settings = settingsFromConfig(config);
  } catch (e) {
    console.error(e instanceof ConfigError ? e.message : `Invalid configuration: ${(e as Error).message}`);
    process.exit(1);
  }
  let services: Services;
  try {
    services = await buildServices(config, { settings });
  } catch (e) {
    console.error(
      e instanceof DatabaseLockedError || e instanceof ConfigError
        ? e.message
        : `Could not open the database: ${(e as Error).message}`,
    );
    process.exit(1);
  }
  const { log, database } = services;
  log.info({ event: 'starting', mode: config.PROCESS_MODE, database: config.database.kind }, 'starting');
  const seeded = await services.seedDemoData();
  if (seeded.seeded) log.info({ event: 'demo_data_seeded', counts: seeded.counts }, 'demo data seeded');

  const stops: (() => Promise<void>)[] = [];
  try {
    let sender;
    if (config.PROCESS_MODE !== 'worker') {
      const web = services.web();
      const port = await web.listen();
      log.info(
        { event: 'listening', host: config.bindHost, port },
        `bot listening on http://${config.bindHost}:${port}/api/messages`,
      );
      stops.push(() => web.close());
      // After listening: the first question should not pay for the recognisers' start-up.
      setImmediate(() => web.assistant.warmUp());
      // In 'all' mode the scheduler shares the web half's adapter for proactive messages.
      sender = web.sender;
    }
    if (config.PROCESS_MODE !== 'web') {
      const scheduler = services.scheduler(sender ? { sender } : {});
      stops.push(() => scheduler.stop());
      const dropFolder = services.dropFolder();
      if (dropFolder) {
        dropFolder.start();
        stops.push(() => dropFolder.stop());
      }
    }
  } catch (e) {
    console.error(e instanceof ScheduleError ? e.message : `Could not start: ${(e as Error).message}`);
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await database.close().catch(() => {});
    process.exit(1);
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ event: 'stopping', signal }, 'shutting down');
    void (async () => {
      for (const stop of stops.reverse()) await stop().catch(() => {});
      await database.close().catch(() => {});
      process.exit(0);
    })();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

void main();
