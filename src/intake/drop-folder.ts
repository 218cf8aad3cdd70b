import type { Dirent } from 'node:fs';
import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { formatLondonTime } from '../domain/freshness.js';
import {
  formatImportErrors,
  formatImportSummary,
  importCsv,
  IMPORT_KINDS,
  type ImportKind,
  type ImportResult,
} from '../import/importer.js';
import type { Database } from '../store/db.js';
import { recordImport } from '../store/imports.repository.js';
import { withSlotLock } from '../store/slot-lock.js';
import { openExtractFile } from './extract-file.js';
import { recordImportResult } from './record.js';

/**
 * The IMPORT_DIR drop folder (docs/contracts.md): the worker imports each complete `<kind>*.csv`
 * placed there, exactly as `npm run import` would (all or nothing), then moves it to `processed/`
 * or `rejected/` beside a report of the outcome.
 *
 * Complete means seen twice, a scan apart, with the same size and modification time, and not
 * touched for a moment: a file still being copied in keeps changing, so it is left alone until it
 * stops. A `*.part` name is never read (write to `cases.csv.part`, then rename, to be sure).
 *
 * Two workers never import the same file: a scan runs under a lock in PostgreSQL (one scanner per
 * folder at a time across replicas), and a file is claimed by renaming it into `processing/`, which
 * only one process can do. A file left in `processing/` by a worker that died is imported again
 * by the next scan: the import is one transaction and re-importing is safe.
 */

export interface DropFolderOptions {
  dir: string;
  database: Database;
  log: Logger;
  clock: Clock;
  /** How often to look (IMPORT_SCAN_SECONDS). */
  scanMs: number;
  /** A file must also be this long untouched (default 1 s). */
  settleMs?: number;
  /** IMPORT_MAX_REMOVAL_PERCENT as a share: a folder import never gets --allow-large-removal. */
  maxRemovalShare?: number;
}

export interface DroppedFile {
  file: string;
  kind: ImportKind | null;
  outcome: 'processed' | 'rejected';
  /** Where the file is now, relative to the folder (`processed/cases-1.csv`). */
  movedTo: string;
  report: string;
}

export type DropFolder = ReturnType<typeof createDropFolder>;

const PROCESSING = 'processing';
const PROCESSED = 'processed';
const REJECTED = 'rejected';

/** The kind a file name starts with (`cases-2026-12-02.csv` → cases), or null. */
export function kindOfFile(name: string): ImportKind | null {
  const lower = name.toLowerCase();
  // Longest first, so no kind can shadow another that starts with it.
  const kinds = [...IMPORT_KINDS].sort((a, b) => b.length - a.length);
  return kinds.find((k) => lower.startsWith(k)) ?? null;
}

function isCandidate(entry: Dirent): boolean {
  return entry.isFile() && !entry.name.startsWith('.') && /\.csv$/i.test(entry.name);
}

async function freeName(folder: string, name: string, at: Date): Promise<string> {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z');
  for (let i = 0; i < 1000; i++) {
    const candidate = i === 0 ? name : i === 1 ? `${stem}-${stamp}${ext}` : `${stem}-${stamp}-${i}${ext}`;
    try {
      await stat(join(folder, candidate));
    } catch {
      return candidate;
    }
  }
  throw new Error(`no free name for ${name} in ${folder}`);
}

function reportText(input: {
  file: string;
  kind: ImportKind | null;
  at: Date;
  result: ImportResult | null;
  problem: string | null;
}): string {
  const lines = [
    `File: ${input.file}`,
    `Kind: ${input.kind ?? 'unknown'}`,
    `When: ${formatLondonTime(input.at)} (London)`,
  ];
  if (input.problem) lines.push(`Outcome: nothing imported: ${input.problem}`);
  else if (input.result?.ok) lines.push(`Outcome: ${formatImportSummary(input.result)}`);
  else if (input.result) {
    lines.push(`Outcome: ${formatImportSummary(input.result)}. Fix them and drop the whole file in again:`);
    lines.push(formatImportErrors(input.result));
  }
  return `${lines.join('\n')}\n`;
}

export function createDropFolder(options: DropFolderOptions) {
  const { database, log, clock } = options;
  const dir = resolve(options.dir);
  const settleMs = options.settleMs ?? 1_000;
  /** What each candidate looked like at the previous scan. */
  const seen = new Map<string, { size: number; mtimeMs: number }>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<DroppedFile[]> | null = null;

  async function importClaimed(name: string): Promise<DroppedFile | null> {
    const claimed = join(dir, PROCESSING, name);
    const kind = kindOfFile(name);
    const at = clock.now();
    let result: ImportResult | null = null;
    let problem: string | null = null;
    if (!kind) {
      problem = `the file name must start with the extract's kind: ${IMPORT_KINDS.join(', ')} (for example cases-2026-12-02.csv)`;
    } else {
      const opened = await openExtractFile(claimed, name);
      if (!opened.ok) problem = opened.problem.message;
      else {
        try {
          result = await importCsv(database, kind, opened.stream(), {
            maxRemovalShare: options.maxRemovalShare,
            today: clock.today(),
          });
        } catch (e) {
          // The database, not the file: leave it claimed, and the next scan tries again.
          log.error(
            { event: 'drop_folder_failed', kind, err: { message: (e as Error).message } },
            'import failed',
          );
          return null;
        }
      }
    }
    const ok = result?.ok === true;
    const folder = join(dir, ok ? PROCESSED : REJECTED);
    const finalName = await freeName(folder, name, at);
    const movedTo = `${ok ? PROCESSED : REJECTED}/${finalName}`;
    const report = reportText({ file: name, kind, at, result, problem });
    const meta = {
      fileName: name,
      source: 'folder' as const,
      importedBy: dir,
      at,
      note: `moved to ${movedTo}`,
    };
    if (kind) {
      const outcome: ImportResult = result ?? { ok: false, kind, errors: [], fileError: problem ?? '' };
      await recordImportResult(database, outcome, meta);
    } else {
      await recordImport(database, {
        fileName: name,
        source: 'folder',
        importedBy: dir,
        kind: 'unknown',
        ok: false,
        rows: 0,
        problems: 0,
        summary: `Nothing imported: ${problem ?? ''}; ${meta.note}`,
        importedAt: at,
      });
    }
    await writeFile(join(folder, `${finalName}.report.txt`), report, 'utf8');
    await rename(claimed, join(folder, finalName));
    log.info({ event: 'drop_folder_import', kind, outcome: ok ? 'processed' : 'rejected', movedTo });
    return { file: name, kind, outcome: ok ? 'processed' : 'rejected', movedTo, report };
  }

  async function scanLocked(): Promise<DroppedFile[]> {
    for (const sub of [PROCESSING, PROCESSED, REJECTED]) await mkdir(join(dir, sub), { recursive: true });
    const out: DroppedFile[] = [];
    // Claimed by a worker that stopped before finishing: this scan holds the lock, so it is ours.
    for (const entry of await readdir(join(dir, PROCESSING), { withFileTypes: true })) {
      if (!isCandidate(entry)) continue;
      const done = await importClaimed(entry.name);
      if (done) out.push(done);
    }
    const entries = (await readdir(dir, { withFileTypes: true })).filter(isCandidate);
    const present = new Set(entries.map((e) => e.name));
    for (const name of [...seen.keys()]) if (!present.has(name)) seen.delete(name);
    for (const entry of entries) {
      const path = join(dir, entry.name);
      let info;
      try {
        info = await stat(path);
      } catch {
        continue; // gone: another worker claimed it, or the sender took it back
      }
      const before = seen.get(entry.name);
      seen.set(entry.name, { size: info.size, mtimeMs: info.mtimeMs });
      const settled = Date.now() - info.mtimeMs >= settleMs;
      if (!before || before.size !== info.size || before.mtimeMs !== info.mtimeMs || !settled) continue;
      try {
        await rename(path, join(dir, PROCESSING, entry.name));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // another worker has it
        throw e;
      }
      seen.delete(entry.name);
      const done = await importClaimed(entry.name);
      if (done) out.push(done);
    }
    return out;
  }

  /** Looks in the folder once; returns what was imported or rejected (nothing while another worker scans). */
  async function scan(): Promise<DroppedFile[]> {
    const locked = await withSlotLock(database, `drop-folder|${dir}`, () => scanLocked());
    return locked.acquired ? locked.value : [];
  }

  function tick() {
    if (running) return;
    running = scan()
      .catch((e: Error) => {
        log.error(
          { event: 'drop_folder_scan_failed', err: { message: e.message } },
          'drop folder scan failed',
        );
        return [];
      })
      .finally(() => {
        running = null;
      });
  }

  return {
    dir,
    scan,
    start() {
      if (timer) return;
      log.info(
        { event: 'drop_folder_watching', dir, everyMs: options.scanMs },
        `watching ${dir} for extracts`,
      );
      tick();
      timer = setInterval(tick, options.scanMs);
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
