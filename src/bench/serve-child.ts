/**
 * The benchmark's bot process (forked by scripts/bench.ts): it loads what `npm start` loads (the
 * modules src/main.ts imports), opens the loaded database, serves the questions and builds the
 * digest, and reports back over IPC. Its memory is therefore the bot's alone, not the
 * benchmark's, which holds the extracts and imported them.
 */
import { sampleMemory } from './measure.js';

const memory = sampleMemory();

// src/main.ts's imports, so the code in memory is the running bot's (none of them does anything on import).
await Promise.all([
  import('../config.js'),
  import('../app.js'),
  import('../clock.js'),
  import('../logger.js'),
  import('../settings.js'),
  import('../store/db.js'),
  import('../seed/demo.js'),
  import('../scheduler.js'),
]);
const { serveInProcess } = await import('./serve.js');

process.once('message', (message: { input: import('./serve.js').ServeInput }) => {
  serveInProcess(message.input, memory).then(
    (result) => process.send!({ result }, () => process.exit(0)),
    (e: unknown) => process.send!({ error: (e as Error).stack ?? String(e) }, () => process.exit(1)),
  );
});
