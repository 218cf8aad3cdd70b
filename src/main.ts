import { ConfigError, loadConfig } from './config.js';
import { createWebApp } from './app.js';
import { systemClock } from './clock.js';
import { createLogger } from './logger.js';
import { settingsFromConfig } from './settings.js';
import { DatabaseLockedError, openDatabase } from './store/db.js';
import { seedDemoData } from './seed/demo.js';
import { ScheduleError, startScheduler } from './scheduler.js';

/** Composition root: config → logger → database → adapters → start(mode). */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const log = createLogger(config.LOG_LEVEL);
  const settings = settingsFromConfig(config);
  const clock = systemClock(config.AS_OF_DATE);
  log.info({ event: 'starting', mode: config.PROCESS_MODE, database: config.database.kind }, 'starting');
  let database;
  try {
    database = await openDatabase(config.database);
  } catch (e) {
    console.error(
      e instanceof DatabaseLockedError ? e.message : `Could not open the database: ${(e as Error).message}`,
    );
    process.exit(1);
  }
  if (config.demoData) {
    const seeded = await seedDemoData(database, clock.today());
    if (seeded.seeded) log.info({ event: 'demo_data_seeded', counts: seeded.counts }, 'demo data seeded');
  }

  const stops: (() => Promise<void>)[] = [];
  try {
    let sender;
    if (config.PROCESS_MODE !== 'worker') {
      const web = createWebApp({ config, settings, database, clock, log });
      const port = await web.listen();
      log.info(
        { event: 'listening', host: config.bindHost, port },
        `bot listening on http://${config.bindHost}:${port}/api/messages`,
      );
      stops.push(() => web.close());
      // In 'all' mode the scheduler shares the web half's adapter for proactive messages.
      sender = web.sender;
    }
    if (config.PROCESS_MODE !== 'web') {
      const scheduler = startScheduler({
        config,
        settings,
        database,
        clock,
        log,
        ...(sender ? { sender } : {}),
      });
      stops.push(() => scheduler.stop());
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
