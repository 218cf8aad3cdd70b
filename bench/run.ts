import { spawn } from 'node:child_process';
import { createReadStream, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { formatImportErrors, importCsv } from '../src/import/importer.js';
import { DEMO_PDU, EXTRACT_KINDS, type ExtractKind } from '../src/seed/generator.js';
import { openDatabase, type Database, type DatabaseTarget } from '../src/store/db.js';
import { copyIntoPglite, copyIntoPostgres, storedCasesCsv, type CopyResult } from './copy.js';
import { backendCpu, createBenchDatabase, type BenchDatabase } from './databases.js';
import { scaleFor, writeBenchExtracts, type Asker, type Scale } from './extracts.js';
import { sampleMemory, timed, type MemoryPeak } from './measure.js';
import { explainThisWeek, type QueryPlan } from './plans.js';
import { measureServing, startBot, type BotHandle, type BotInput, type ServeResult } from './serve.js';

export type BenchTarget = 'postgres' | 'pglite';

export const DEFAULT_CASES: Record<BenchTarget, number> = { postgres: 250_000, pglite: 2_500 };
export const DEFAULT_TODAY = '2025-11-26';
export const DEFAULT_SEED = 42;

export interface TargetOptions {
  target: BenchTarget;
  cases?: number;
  /** Distinct SPOs who ask (default: up to 300). */
  askers?: number;
  /** Measured asks of each question (default 300). */
  asks?: number;
  warmup?: number;
  digestRuns?: number;
  seed?: number;
  today?: string;
  /** PostgreSQL admin URL (a user that may CREATE DATABASE); required for the postgres target. */
  adminUrl?: string;
  /**
   * Starts the bot in a process of its own, so its memory and CPU are the bot's alone (the script
   * forks bench/serve-child.ts); without it the bot runs in this process (the smoke test).
   */
  startBot?: (input: BotInput) => Promise<BotHandle>;
  /**
   * A second bot process with a capped V8 heap (`--max-old-space-size`), measured the same way:
   * what a deployment with a memory limit gets (Node sizes its heap from the host's memory, and
   * on a large host lets garbage pile up long before it collects).
   */
  cappedBot?: { heapMb: number; start: (input: BotInput) => Promise<BotHandle> };
  /** EXPLAIN the "this week" queries (PostgreSQL only; default on). */
  plans?: boolean;
  log?: (line: string) => void;
}

export interface ImportFigure {
  rows: number;
  ms: number;
  /** CPU this process spent (parsing, checking, deriving, building SQL). */
  nodeCpuMs: number;
  /** CPU the database server's backends spent (null on PGlite, which runs in this process). */
  serverCpuMs: number | null;
}

/** `npm run import` of the cases file as a process of its own (a re-import), and its peak memory. */
export interface CommandImport {
  ms: number;
  rssMb: number;
  fileMb: number;
}

const ROOT = join(import.meta.dirname, '..');
/** The command runs with its V8 heap capped: it completes only if its memory does not grow with the file. */
export const IMPORT_HEAP_MB = 192;

/**
 * Runs `npm run import -- cases <file>` (scripts/import.ts, as npm would) against the bench
 * database, its V8 heap capped at IMPORT_HEAP_MB, and reads the process's peak RSS (getrusage's
 * high-water mark, printed at exit by a one-line preload): the import streams, so this stays flat
 * whatever the file's size.
 */
function importCommand(databaseUrl: string, file: string): Promise<CommandImport> {
  const preload = `data:text/javascript,process.on("exit",()=>process.stderr.write("[peak-rss] "+process.resourceUsage().maxRSS+"\\n"))`;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        `--max-old-space-size=${IMPORT_HEAP_MB}`,
        '--import',
        preload,
        '--import',
        'tsx',
        join(ROOT, 'scripts/import.ts'),
        'cases',
        file,
      ],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', DEMO_DATA: '0' },
      },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const kb = Number(/\[peak-rss\] (\d+)/.exec(err)?.[1] ?? NaN);
      if (code !== 0 || Number.isNaN(kb))
        return reject(new Error(`npm run import exited ${code}: ${err.slice(0, 500)}`));
      resolve({
        ms: performance.now() - started,
        rssMb: kb / 1024,
        fileMb: statSync(file).size / 1024 / 1024,
      });
    });
  });
}

export interface TargetResult {
  target: BenchTarget;
  scale: Scale & { staff: number; spos: number; custody: number; dipBreaches: number; iomCohort: number };
  askers: number;
  today: string;
  seed: number;
  generateMs: number;
  imports: Record<ExtractKind, ImportFigure>;
  /** The same cases file imported again: every row already there and unchanged. */
  reimportCases: ImportFigure;
  copy: CopyResult;
  importMemory: MemoryPeak;
  /** The cases file again through `npm run import` in a process of its own. */
  command: CommandImport;
  serve: ServeResult;
  /** The same with the capped heap, when asked for. */
  capped?: ServeResult & { heapMb: number };
  plans: QueryPlan[];
}

async function importFile(
  database: Database,
  kind: ExtractKind,
  file: string,
  server: { adminUrl: string; database: string } | null,
  today: string,
): Promise<ImportFigure> {
  const serverCpu = server ? await backendCpu(server.adminUrl, server.database) : null;
  const cpu = process.cpuUsage();
  // As `npm run import` reads a file: streamed.
  const { value: result, ms } = await timed(() =>
    importCsv(database, kind, createReadStream(file), { today }),
  );
  const used = process.cpuUsage(cpu);
  if (!result.ok)
    throw new Error(`the ${kind} extract did not import:\n${formatImportErrors(result).slice(0, 2000)}`);
  return {
    rows: result.rows,
    ms,
    nodeCpuMs: (used.user + used.system) / 1000,
    serverCpuMs: serverCpu ? await serverCpu.delta() : null,
  };
}

/** Generates, imports, measures and cleans up one target. */
export async function runTarget(o: TargetOptions): Promise<TargetResult> {
  const log = o.log ?? (() => {});
  const target = o.target;
  const today = o.today ?? DEFAULT_TODAY;
  const seed = o.seed ?? DEFAULT_SEED;
  const cases = o.cases ?? DEFAULT_CASES[target];
  // The embedded database serves one PDU; the server holds the country.
  const scale = scaleFor(cases, target === 'pglite' ? DEMO_PDU : undefined);
  if (target === 'postgres' && !o.adminUrl) throw new Error('the postgres target needs an admin URL');

  log(`[${target}] generating ${cases} cases, ${scale.practitioners} practitioners in ${scale.teams} teams…`);
  const extracts = writeBenchExtracts(scale, { seed, today });
  let server: BenchDatabase | null = null;
  try {
    let dbTarget: DatabaseTarget;
    let databaseUrl: string;
    if (target === 'postgres') {
      server = await createBenchDatabase(o.adminUrl!);
      dbTarget = { kind: 'postgres', url: server.url };
      databaseUrl = server.url;
    } else {
      const dir = join(extracts.dir, 'pglite');
      dbTarget = { kind: 'pglite', dir };
      databaseUrl = `pglite://${dir}`;
    }

    const serverRef = server ? { adminUrl: o.adminUrl!, database: server.name } : null;
    const storedFile = join(extracts.dir, 'cases-stored.csv');
    const database = await openDatabase(dbTarget);
    const imports = {} as Record<ExtractKind, ImportFigure>;
    let reimportCases: ImportFigure;
    let importMemory: MemoryPeak;
    let command: CommandImport;
    let open = true;
    let plans: QueryPlan[] = [];
    let askers: Asker[];
    try {
      const memory = sampleMemory();
      for (const kind of EXTRACT_KINDS) {
        log(`[${target}] importing ${extracts.rows[kind]} ${kind} rows…`);
        imports[kind] = await importFile(database, kind, extracts.files[kind], serverRef, today);
      }
      log(`[${target}] importing the cases again (unchanged)…`);
      reimportCases = await importFile(database, 'cases', extracts.files.cases, serverRef, today);
      await storedCasesCsv(database, storedFile);
      importMemory = memory.stop();
      log(`[${target}] importing the cases again with npm run import, in a process of its own…`);
      // PGlite is single-process: the bench lets go of it while the command runs.
      if (target === 'pglite') {
        await database.close();
        open = false;
      }
      command = await importCommand(databaseUrl, extracts.files.cases);

      // The SPOs who ask: spread over the country, not the first few teams.
      const wanted = Math.max(1, Math.min(o.askers ?? 300, extracts.spos.length));
      const step = extracts.spos.length / wanted;
      askers = Array.from({ length: wanted }, (_, i) => extracts.spos[Math.floor(i * step)]!);

      if (target === 'postgres' && (o.plans ?? true)) {
        log(`[${target}] explaining the "this week" queries…`);
        const first = askers[0]!;
        const team = await database.rows<{ email: string }>(
          sql`select email from staff where team_code = ${first.teamCode} order by id`,
        );
        const chunk = await database.rows<{ email: string }>(
          sql`select email from staff where 'practitioner' = any(roles) order by id limit 2000`,
        );
        plans = await explainThisWeek(databaseUrl, {
          today,
          teamEmails: team.map((r) => r.email),
          digestChunk: chunk.map((r) => r.email),
        });
      }
    } finally {
      if (open) await database.close();
    }

    log(`[${target}] loading the same cases CSV with PostgreSQL's own COPY…`);
    const copy =
      target === 'postgres'
        ? await copyIntoPostgres(o.adminUrl!, extracts.files.cases, storedFile)
        : await copyIntoPglite(extracts.files.cases, storedFile);

    log(
      `[${target}] serving: ${o.asks ?? 300} team questions and ${o.asks ?? 300} help from ${askers.length} SPOs, then the digest…`,
    );
    const serveOptions = {
      askers,
      asks: o.asks ?? 300,
      ...(serverRef ? { server: serverRef } : {}),
      ...(o.warmup !== undefined ? { warmup: o.warmup } : {}),
      ...(o.digestRuns !== undefined ? { digestRuns: o.digestRuns } : {}),
    };
    const serveWith = async (start: (input: BotInput) => Promise<BotHandle>): Promise<ServeResult> => {
      const bot = await start({ database: dbTarget, databaseUrl, today });
      try {
        return await measureServing(bot, serveOptions);
      } catch (e) {
        await bot.finish().catch(() => {});
        throw e;
      }
    };
    const serve = await serveWith(o.startBot ?? startBot);
    let capped: TargetResult['capped'];
    if (o.cappedBot) {
      log(`[${target}] serving again with the bot's heap capped at ${o.cappedBot.heapMb} MB…`);
      capped = { ...(await serveWith(o.cappedBot.start)), heapMb: o.cappedBot.heapMb };
    }

    return {
      target,
      scale: {
        ...scale,
        staff: extracts.rows.staff,
        spos: extracts.spos.length,
        custody: extracts.rows.custody,
        dipBreaches: extracts.rows['dip-breaches'],
        iomCohort: extracts.rows['iom-cohort'],
      },
      askers: askers.length,
      today,
      seed,
      generateMs: extracts.generateMs,
      imports,
      reimportCases,
      copy,
      importMemory,
      command: command!,
      serve,
      ...(capped ? { capped } : {}),
      plans,
    };
  } finally {
    if (server) await server.drop();
    rmSync(extracts.dir, { recursive: true, force: true });
  }
}
