import { Writable } from 'node:stream';
import { spoDigest } from '../jobs/spo-digest.js';
import { fixedClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { buildServices } from '../src/services.js';
import { openDatabase, type DatabaseTarget } from '../src/store/db.js';
import { backendCpu } from './databases.js';
import type { Asker } from './extracts.js';
import { median, percentile, sampleMemory, timed, type MemoryPeak } from './measure.js';

export const TEAM_QUESTION = 'who reaches two-thirds this week for my team';
export const HELP_QUESTION = 'help';

/** What the bot is started on: the loaded database, as the bot would be configured. */
export interface BotInput {
  database: DatabaseTarget;
  /** The DATABASE_URL the bot would be configured with. */
  databaseUrl: string;
  /** The pinned "today" (AS_OF_DATE). */
  today: string;
}

export interface ServeOptions {
  /** SPOs who ask, in turn: each ask comes from the next one. */
  askers: Asker[];
  /** Measured asks of each question. */
  asks: number;
  /** Unmeasured asks first (JIT, connection pool, plan caches). */
  warmup?: number;
  /** Digest builds; the median is reported. */
  digestRuns?: number;
  /** PostgreSQL on this machine: its admin URL and the database, to read the backends' CPU. */
  server?: { adminUrl: string; database: string };
}

/** CPU spent in a phase (per ask or per build): the bot process's, and the database server's for this database. */
export interface PhaseCpu {
  nodeMs: number;
  /** Null on PGlite, which runs inside the bot process. */
  serverMs: number | null;
}

export interface LatencySummary {
  n: number;
  /** Mean size of the HTTP answer (the reply activities), kB. */
  answerKb: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

export interface DigestResult {
  /** Notifications built: one per SPO. */
  notifications: number;
  /** Median of the runs. */
  ms: number;
  runsMs: number[];
  /** The first run's cards, serialised. */
  cardKb: number;
}

export interface ServeResult {
  team: LatencySummary & { cpu: PhaseCpu };
  help: LatencySummary & { cpu: PhaseCpu };
  /** Team answers that listed at least one case (the rest said "no one"). */
  teamAnswersWithCases: number;
  digest: DigestResult & { cpu: PhaseCpu };
  /** The bot process's peak (with an in-process bot: this whole process's). */
  memory: MemoryPeak;
}

/** A running bot, in this process or another: where to post, and what only it can measure. */
export interface BotHandle {
  url: string;
  /** CPU the bot's process has used so far, ms. */
  cpuMs(): Promise<number>;
  digest(runs: number): Promise<DigestResult>;
  /** Stops the bot; its memory peak. */
  finish(): Promise<MemoryPeak>;
}

const nullSink = () =>
  new Writable({
    write(_chunk, _enc, cb) {
      cb();
    },
  });

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * The bot's side, in the calling process: opens the loaded database as `npm start` does (without
 * migrating) and starts the real web app (adapter, assistant, HTTP) on a loopback port. Logging
 * stays at `info`, into a sink, so its cost is counted as in production. Given the sampler started
 * with the process, the memory reported is the process's whole life.
 */
export async function startBot(input: BotInput, processMemory?: { stop(): MemoryPeak }): Promise<BotHandle> {
  const memory = processMemory ?? sampleMemory();
  const database = await openDatabase(input.database, { migrate: false });
  const config = loadConfig({
    DATABASE_URL: input.databaseUrl,
    AS_OF_DATE: input.today,
    DEMO_DATA: '0',
    LOG_LEVEL: 'info',
  });
  const services = await buildServices(config, {
    database,
    log: createLogger('info', nullSink()),
    clock: fixedClock(input.today),
  });
  const { settings, log, clock } = services;
  const web = services.web();
  const port = await web.listen(0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}/api/messages`,
    cpuMs: async () => cpuNow(),
    async digest(runs) {
      const runsMs: number[] = [];
      let notifications = 0;
      let cardBytes = 0;
      for (let i = 0; i < runs; i++) {
        const { value, ms } = await timed(() =>
          spoDigest.build({
            database,
            settings,
            log,
            today: input.today,
            now: clock.now(),
            slot: input.today,
          }),
        );
        runsMs.push(ms);
        notifications = value.length;
        // Sized here rather than kept: holding a second digest would inflate the memory peak.
        if (i === 0)
          cardBytes = value.reduce((n, v) => n + JSON.stringify(v.reply.card ?? v.reply.text).length, 0);
      }
      return { notifications, ms: median(runsMs), runsMs, cardKb: cardBytes / 1024 };
    },
    async finish() {
      await web.close();
      await database.close();
      return memory.stop();
    },
  };
}

const TENANT = '00000000-0000-0000-0000-0000000000001';
let sequence = 0;

/** A Teams personal-chat message, as Teams sends it, asking for the replies in the HTTP response. */
function messageActivity(text: string, aadObjectId: string): Record<string, unknown> {
  sequence += 1;
  const now = new Date().toISOString();
  return {
    type: 'message',
    id: `bench-${sequence}`,
    timestamp: now,
    localTimestamp: now,
    serviceUrl: 'http://127.0.0.1:1/',
    channelId: 'msteams',
    from: { id: `29:${aadObjectId}`, name: 'Bench User', aadObjectId },
    conversation: { id: `a:bench-${aadObjectId}`, conversationType: 'personal', tenantId: TENANT },
    recipient: { id: '28:bot-id', name: 'Probation Assistant' },
    textFormat: 'plain',
    locale: 'en-GB',
    text,
    channelData: { tenant: { id: TENANT } },
    deliveryMode: 'expectReplies',
  };
}

function summarise(samples: number[], bytes: number): LatencySummary {
  return {
    n: samples.length,
    answerKb: bytes / samples.length / 1024,
    p50: median(samples),
    p95: percentile(samples, 95),
    max: Math.max(...samples),
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
  };
}

/** The replies' visible summary line: a card reply's `summary`, else its text. */
function firstLine(body: string): string {
  const parsed = JSON.parse(body) as { activities?: { summary?: string; text?: string }[] };
  const a = parsed.activities?.[0];
  return a?.summary ?? a?.text ?? '';
}

/**
 * Measures a running bot from the outside: the team question and `help` round trips through
 * /api/messages with deliveryMode expectReplies, one ask at a time, each from the next SPO; then
 * spo-digest's build for every SPO. CPU per ask is the bot process's and the database server's.
 */
export async function measureServing(bot: BotHandle, o: ServeOptions): Promise<ServeResult> {
  if (o.askers.length === 0) throw new Error('no SPOs to ask as');
  let turn = 0;
  async function ask(text: string): Promise<{ ms: number; body: string }> {
    const asker = o.askers[turn++ % o.askers.length]!;
    const payload = JSON.stringify(messageActivity(text, asker.aadObjectId));
    const started = performance.now();
    const res = await fetch(bot.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: payload,
    });
    const body = await res.text();
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`HTTP ${res.status} for "${text}": ${body.slice(0, 200)}`);
    return { ms, body };
  }
  async function phase<T>(fn: () => Promise<T>, per: number): Promise<{ value: T; cpu: PhaseCpu }> {
    const server = o.server ? await backendCpu(o.server.adminUrl, o.server.database) : null;
    const before = await bot.cpuMs();
    const value = await fn();
    const nodeMs = (await bot.cpuMs()) - before;
    const serverMs = server ? await server.delta() : null;
    return { value, cpu: { nodeMs: nodeMs / per, serverMs: serverMs === null ? null : serverMs / per } };
  }

  const warmup = o.warmup ?? 20;
  for (let i = 0; i < warmup; i++) await ask(i % 2 ? HELP_QUESTION : TEAM_QUESTION);

  const team: number[] = [];
  let teamBytes = 0;
  let withCases = 0;
  const teamPhase = await phase(async () => {
    for (let i = 0; i < o.asks; i++) {
      const { ms, body } = await ask(TEAM_QUESTION);
      team.push(ms);
      teamBytes += body.length;
      const line = firstLine(body);
      if (!line.startsWith('Two-thirds points'))
        throw new Error(`unexpected answer to the team question: ${line.slice(0, 120)}`);
      if (!body.includes('No one in your team')) withCases++;
    }
  }, o.asks);
  const help: number[] = [];
  let helpBytes = 0;
  const helpPhase = await phase(async () => {
    for (let i = 0; i < o.asks; i++) {
      const { ms, body } = await ask(HELP_QUESTION);
      help.push(ms);
      helpBytes += body.length;
      if (!body.includes('What I can help with')) throw new Error('unexpected answer to help');
    }
  }, o.asks);
  const runs = o.digestRuns ?? 3;
  const digestPhase = await phase(() => bot.digest(runs), runs);

  return {
    team: { ...summarise(team, teamBytes), cpu: teamPhase.cpu },
    help: { ...summarise(help, helpBytes), cpu: helpPhase.cpu },
    teamAnswersWithCases: withCases,
    digest: { ...digestPhase.value, cpu: digestPhase.cpu },
    memory: await bot.finish(),
  };
}

/** Messages between the benchmark and its bot process (bench/serve-child.ts). */
export type ToBot = { start: BotInput } | { cpu: true } | { digest: number } | { finish: true };
export type FromBot =
  | { loaded: true }
  | { ready: string }
  | { cpuMs: number }
  | { digest: DigestResult }
  | { memory: MemoryPeak }
  | { error: string };
