/**
 * `npm run playground`: starts the bot (demo data in the embedded database unless DATABASE_URL
 * says otherwise) and the Microsoft 365 Agents Playground against it, offline, and prints the
 * Playground's address once both answer. Ctrl-C (or SIGTERM) stops both.
 *
 * The Playground reads .m365agentsplayground.yml: the tenant and the users the demo data knows.
 * startLocalPlayground is also what the browser end-to-end test uses.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createConnection } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../src/config.js';
import { sleep } from '../src/timing.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PLAYGROUND_CONFIG = path.join(ROOT, '.m365agentsplayground.yml');
export const DEFAULT_PLAYGROUND_PORT = 56150;

export interface LocalPlaygroundOptions {
  botPort: number;
  /** The Playground falls back to a random free port when this one is taken. */
  playgroundPort?: number;
  /** Extra environment for the bot (DATABASE_URL, AS_OF_DATE, LOG_LEVEL …). */
  botEnv?: Record<string, string>;
  /** Where the Playground writes its own log (it defaults to ./devTools in the working directory). */
  playgroundLogFile: string;
  configPath?: string;
  /** Each line either process prints. */
  onLine?: (source: 'bot' | 'playground', line: string) => void;
  /** How long the bot may take to migrate, seed and answer /healthz. */
  readyTimeoutMs?: number;
}

export interface LocalPlayground {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  botEndpoint: string;
  /** The Playground, e.g. http://localhost:56150. */
  url: string;
  /** The last lines both processes printed, for error messages. */
  recentOutput(): string;
  /** Stops the Playground, then the bot (SIGTERM, then SIGKILL after 5 s). Safe to call twice. */
  stop(): Promise<void>;
  /** Resolves when either process exits on its own. */
  exited: Promise<{ source: 'bot' | 'playground'; code: number | null; signal: NodeJS.Signals | null }>;
}

/** Each child leads its own process group, so stopping it stops whatever it started too. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}

async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

function lines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const part of parts) if (part.trim()) onLine(part.replace(/\r$/, ''));
    });
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** Whether something already listens on 127.0.0.1:port (a bot from `npm start`, say). */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startLocalPlayground(options: LocalPlaygroundOptions): Promise<LocalPlayground> {
  // Otherwise the other process would answer our readiness check and ours would fail behind it.
  if (await listening(options.botPort)) {
    throw new Error(
      `Port ${options.botPort} is already in use (is \`npm start\` running?). Stop it, or set PORT to a free port.`,
    );
  }
  const recent: string[] = [];
  const remember = (source: 'bot' | 'playground', line: string) => {
    recent.push(`[${source}] ${line}`);
    if (recent.length > 80) recent.shift();
    options.onLine?.(source, line);
  };
  const recentOutput = () => recent.join('\n');

  // The Playground talks to the bot without Bot Framework authentication, so the bot runs without
  // credentials (which also keeps it on 127.0.0.1).
  const bot = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...options.botEnv,
      PORT: String(options.botPort),
      HOST: '127.0.0.1',
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  lines(bot, (line) => remember('bot', line));

  let playground: ChildProcess | null = null;
  // If this process ends without stop() (a crash, process.exit), take the children with it.
  const onExit = () => {
    if (playground) killGroup(playground, 'SIGTERM');
    killGroup(bot, 'SIGTERM');
  };
  process.once('exit', onExit);
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      if (playground) await stopChild(playground);
      await stopChild(bot);
      process.removeListener('exit', onExit);
    })());
  const exitOf = (source: 'bot' | 'playground', child: ChildProcess) =>
    new Promise<{ source: 'bot' | 'playground'; code: number | null; signal: NodeJS.Signals | null }>(
      (resolve) => child.once('exit', (code, signal) => resolve({ source, code, signal })),
    );
  const botExit = exitOf('bot', bot);

  try {
    const botEndpoint = `http://127.0.0.1:${options.botPort}/api/messages`;
    const deadline = Date.now() + (options.readyTimeoutMs ?? 180_000);
    let botDied = false;
    void botExit.then(() => (botDied = true));
    while (!(await answers(`http://127.0.0.1:${options.botPort}/healthz`))) {
      if (botDied) throw new Error(`The bot exited before it was ready.\n${recentOutput()}`);
      if (Date.now() > deadline)
        throw new Error(`The bot did not answer /healthz in time.\n${recentOutput()}`);
      await sleep(300);
    }

    mkdirSync(path.dirname(options.playgroundLogFile), { recursive: true });
    const cli = createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/cli.js');
    const pg = spawn(
      process.execPath,
      [
        cli,
        '--app-endpoint',
        botEndpoint,
        '--channel-id',
        'msteams',
        '--port',
        String(options.playgroundPort ?? DEFAULT_PLAYGROUND_PORT),
        '--disable-telemetry',
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          TEAMSAPPTESTER_BROWSER: 'none',
          M365_AGENTS_PLAYGROUND_CONFIG_PATH: options.configPath ?? PLAYGROUND_CONFIG,
          M365_AGENTS_PLAYGROUND_LOGFILE: options.playgroundLogFile,
        },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    playground = pg;
    const pgExit = exitOf('playground', pg);
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`The Playground did not start in time.\n${recentOutput()}`)),
        60_000,
      );
      lines(pg, (line) => {
        remember('playground', line);
        const m = /Listening on (\d+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      void pgExit.then(() => {
        clearTimeout(timer);
        reject(new Error(`The Playground exited before it was ready.\n${recentOutput()}`));
      });
    });
    const url = `http://localhost:${port}`;
    while (!(await answers(url))) {
      if (pg.exitCode !== null)
        throw new Error(`The Playground exited before it was ready.\n${recentOutput()}`);
      if (Date.now() > deadline) throw new Error(`The Playground did not answer in time.\n${recentOutput()}`);
      await sleep(300);
    }
    return { botEndpoint, url, recentOutput, stop, exited: Promise.race([botExit, pgExit]) };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** pino's JSON lines, shortened for a terminal: "[bot] info listening on …". */
function readable(line: string): string {
  try {
    const entry = JSON.parse(line) as { level?: number; msg?: string; event?: string };
    const level = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' }[
      entry.level ?? 30
    ];
    return `${level ?? 'info'} ${entry.msg ?? entry.event ?? line}`;
  } catch {
    return line;
  }
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  process.stdout.write(
    `Starting the bot on port ${config.PORT} (${config.database.kind === 'pglite' ? `embedded database in ${config.database.dir}` : 'PostgreSQL'}` +
      `${config.demoData ? ', demo data' : ''}) and the Agents Playground…\n`,
  );
  let running: LocalPlayground;
  try {
    running = await startLocalPlayground({
      botPort: config.PORT,
      playgroundLogFile: path.join(ROOT, 'build', 'playground', 'm365agentsplayground.log'),
      onLine: (source, line) =>
        process.stdout.write(`[${source}] ${source === 'bot' ? readable(line) : line}\n`),
    });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
  process.stdout.write(
    `\nAgents Playground: ${running.url}\n` +
      `Bot: ${running.botEndpoint} (no authentication; demo users from .m365agentsplayground.yml)\n` +
      'Press Ctrl-C to stop both.\n\n',
  );

  let shuttingDown = false;
  const shutdown = (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    void running.stop().finally(() => process.exit(code));
  };
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));
  void running.exited.then(({ source, code, signal }) => {
    if (shuttingDown) return;
    process.stderr.write(`The ${source} stopped (${signal ?? `exit code ${code}`}); stopping the other.\n`);
    shutdown(1);
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
