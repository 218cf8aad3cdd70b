/**
 * The benchmark's bot process (forked by scripts/bench.ts): it loads what `npm start` loads (the
 * modules src/main.ts imports), then on request starts the bot on the loaded database, reports its
 * CPU, builds the digest, and finally stops and reports its memory peak. The questions come from
 * the benchmark's process, so this process's memory and CPU are the bot's alone.
 */
import { sampleMemory } from './measure.js';

const memory = sampleMemory();

// src/main.ts's imports, so the code in memory is the running bot's (none of them does anything on import).
await Promise.all([
  import('../src/config.js'),
  import('../src/app.js'),
  import('../src/clock.js'),
  import('../src/logger.js'),
  import('../src/settings.js'),
  import('../src/store/db.js'),
  import('../src/seed/demo.js'),
  import('../src/scheduler.js'),
]);
const { startBot } = await import('./serve.js');
type Serve = typeof import('./serve.js');

let bot: Awaited<ReturnType<Serve['startBot']>> | null = null;

const reply = (message: import('./serve.js').FromBot, then: () => void = () => {}) =>
  process.send!(message, then);

process.on('message', (message: import('./serve.js').ToBot) => {
  void (async () => {
    try {
      if ('start' in message) {
        bot = await startBot(message.start, memory);
        reply({ ready: bot.url });
      } else if (!bot) {
        throw new Error('the bot is not started');
      } else if ('cpu' in message) {
        reply({ cpuMs: await bot.cpuMs() });
      } else if ('digest' in message) {
        reply({ digest: await bot.digest(message.digest) });
      } else {
        const peak = await bot.finish();
        reply({ memory: peak }, () => process.exit(0));
      }
    } catch (e) {
      reply({ error: (e as Error).stack ?? String(e) }, () => process.exit(1));
    }
  })();
});
reply({ loaded: true });
