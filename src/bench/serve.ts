import { Writable } from 'node:stream';
import { spoDigest } from '../../jobs/spo-digest.js';
import { createWebApp } from '../app.js';
import { fixedClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { settingsFromConfig } from '../settings.js';
import { openDatabase, type Database, type DatabaseTarget } from '../store/db.js';
import { backendCpu } from './databases.js';
import type { Asker } from './extracts.js';
import { median, percentile, sampleMemory, timed, type MemoryPeak } from './measure.js';

export const TEAM_QUESTION = 'who reaches two-thirds this week for my team';
export const HELP_QUESTION = 'help';

export interface ServeOptions {
  /** The pinned "today" (AS_OF_DATE). */
  today: string;
  /** SPOs who ask, in turn: each ask comes from the next one. */
  askers: Asker[];
  /** Measured asks of each question. */
  asks: number;
  /** Unmeasured asks first (JIT, connection pool, plan caches). */
  warmup?: number;
  /** Digest builds; the median is reported. */
  digestRuns?: number;
  /** Database URL for the configuration (the app reads nothing from it but its kind). */
  databaseUrl: string;
  /** PostgreSQL on this machine: its admin URL and the database, to read the backends' CPU. */
  server?: { adminUrl: string; database: string };
}

/** CPU spent in a phase: this process's, and the database server's for this database (null if unknown). */
export interface PhaseCpu {
  nodeMs: number;
  serverMs: number | null;
}

/** What the bot process is given to serve from: the database and how to ask. */
export interface ServeInput {
  database: DatabaseTarget;
  /** The DATABASE_URL the bot would be configured with. */
  databaseUrl: string;
  options: ServeOptions;
}

export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

export interface ServeResult {
  team: LatencySummary & { cpu: PhaseCpu };
  help: LatencySummary & { cpu: PhaseCpu };
  /** Team answers that listed at least one case (the rest said "no one"). */
  teamAnswersWithCases: number;
  /** spo-digest's build: one notification per SPO; the median of the runs, and its cards' size. */
  digest: { notifications: number; ms: number; runsMs: number[]; cardKb: number; cpu: PhaseCpu };
  memory: MemoryPeak;
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

function summarise(samples: number[]): LatencySummary {
  return {
    n: samples.length,
    p50: median(samples),
    p95: percentile(samples, 95),
    max: Math.max(...samples),
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
  };
}

const nullSink = () =>
  new Writable({
    write(_chunk, _enc, cb) {
      cb();
    },
  });

/**
 * Starts the real web app (adapter, assistant, HTTP) on a loopback port over `database` and
 * measures, from the outside: the team question and `help` round trips through /api/messages with
 * deliveryMode expectReplies, then spo-digest's build for every SPO. Logging stays at `info` (into
 * a sink) so its cost is counted as in production.
 */
export async function measureServing(database: Database, o: ServeOptions): Promise<ServeResult> {
  if (o.askers.length === 0) throw new Error('no SPOs to ask as');
  const memory = sampleMemory();
  const config = loadConfig({
    DATABASE_URL: o.databaseUrl,
    AS_OF_DATE: o.today,
    DEMO_DATA: '0',
    LOG_LEVEL: 'info',
  });
  const settings = settingsFromConfig(config);
  const log = createLogger('info', nullSink());
  const clock = fixedClock(o.today);
  const web = createWebApp({ config, settings, database, clock, log });
  const port = await web.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/api/messages`;

  let turn = 0;
  async function ask(text: string): Promise<{ ms: number; body: string }> {
    const asker = o.askers[turn++ % o.askers.length]!;
    const payload = JSON.stringify(messageActivity(text, asker.aadObjectId));
    const started = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
    const body = await res.text();
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`HTTP ${res.status} for "${text}": ${body.slice(0, 200)}`);
    return { ms, body };
  }
  /** The replies' visible summary line: a card reply's `summary`, else its text. */
  const firstLine = (body: string): string => {
    const parsed = JSON.parse(body) as { activities?: { summary?: string; text?: string }[] };
    const a = parsed.activities?.[0];
    return a?.summary ?? a?.text ?? '';
  };

  /** Runs a phase, measuring the CPU it cost here and on the server (per unit when `per` is given). */
  async function phase<T>(fn: () => Promise<T>, per = 1): Promise<{ value: T; cpu: PhaseCpu }> {
    const server = o.server ? await backendCpu(o.server.adminUrl, o.server.database) : null;
    const before = process.cpuUsage();
    const value = await fn();
    const used = process.cpuUsage(before);
    const serverMs = server ? await server.delta() : null;
    return {
      value,
      cpu: { nodeMs: (used.user + used.system) / 1000 / per, serverMs: serverMs === null ? null : serverMs / per },
    };
  }

  try {
    const warmup = o.warmup ?? 20;
    for (let i = 0; i < warmup; i++) await ask(i % 2 ? HELP_QUESTION : TEAM_QUESTION);

    const team: number[] = [];
    let withCases = 0;
    const teamPhase = await phase(async () => {
      for (let i = 0; i < o.asks; i++) {
        const { ms, body } = await ask(TEAM_QUESTION);
        const line = firstLine(body);
        if (!line.startsWith('Two-thirds points')) throw new Error(`unexpected answer to the team question: ${line.slice(0, 120)}`);
        if (!body.includes('No one in your team')) withCases++;
        team.push(ms);
      }
    }, o.asks);
    const help: number[] = [];
    const helpPhase = await phase(async () => {
      for (let i = 0; i < o.asks; i++) {
        const { ms, body } = await ask(HELP_QUESTION);
        if (!body.includes('What I can help with')) throw new Error('unexpected answer to help');
        help.push(ms);
      }
    }, o.asks);

    const runsMs: number[] = [];
    let notifications = 0;
    let cardBytes = 0;
    const runs = o.digestRuns ?? 3;
    const digestPhase = await phase(async () => {
      for (let i = 0; i < runs; i++) {
        const { value, ms } = await timed(() =>
          spoDigest.build({ database, settings, log, today: o.today, now: clock.now(), slot: o.today }),
        );
        runsMs.push(ms);
        notifications = value.length;
        // Sized here rather than kept: holding a second digest would inflate the memory peak.
        if (i === 0) cardBytes = value.reduce((n, v) => n + JSON.stringify(v.reply.card ?? v.reply.text).length, 0);
      }
    }, runs);
    return {
      team: { ...summarise(team), cpu: teamPhase.cpu },
      help: { ...summarise(help), cpu: helpPhase.cpu },
      teamAnswersWithCases: withCases,
      digest: {
        notifications,
        ms: median(runsMs),
        runsMs,
        cardKb: cardBytes / 1024,
        cpu: digestPhase.cpu,
      },
      memory: memory.stop(),
    };
  } finally {
    await web.close();
  }
}

/**
 * The bot's side: open the loaded database as the bot would and measure it serving. Given the
 * sampler started when the process did, the memory reported is the process's whole life.
 */
export async function serveInProcess(input: ServeInput, processMemory?: { stop(): MemoryPeak }): Promise<ServeResult> {
  const database = await openDatabase(input.database, { migrate: false });
  try {
    const result = await measureServing(database, input.options);
    return processMemory ? { ...result, memory: processMemory.stop() } : result;
  } finally {
    await database.close();
  }
}
