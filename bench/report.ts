import { IMPORT_HEAP_MB, type BenchTarget, type TargetResult } from './run.js';
import { understandingText, type UnderstandingResult } from './understanding.js';

/** One figure for one target: the number the row is about, and how it reads. */
export interface Cell {
  value: number;
  text: string;
}

export interface Row {
  key: string;
  label: string;
  cells: Partial<Record<BenchTarget, Cell>>;
  /** The issue's budget for PostgreSQL at national scale, and where this run stands. */
  budget?: string;
  status?: string;
}

export interface Machine {
  date: string;
  cpus: string;
  memory: string;
  os: string;
  node: string;
  postgres?: string;
  postgresSettings?: Record<string, string>;
  pglite?: string;
  command: string;
  /** 1-minute load average when the run started and ended: other work on the machine skews wall times. */
  load?: string;
}

/** Every row the table has, in order (the smoke test checks each has a number). */
export const ROW_KEYS = [
  'generate',
  'import.staff',
  'import.cases',
  'copy.cases',
  'import.vs-copy',
  'copy.indexed',
  'import.vs-indexed',
  'floor.cases',
  'reimport.cases',
  'reimport.vs-indexed',
  'import.others',
  'ask.team.p50',
  'ask.team.p95',
  'ask.team.cpu',
  'ask.help.p50',
  'ask.help.p95',
  'ask.help.cpu',
  'ask.team-vs-help',
  'digest.build',
  'digest.cpu',
  'memory.bot.rss',
  'memory.bot.heap',
  'memory.import.rss',
  'memory.import.heap',
  'memory.import.command',
] as const;
/** Rows of the second bot run, with its heap capped (only when the benchmark ran one). */
export const CAPPED_ROW_KEYS = [
  'capped.memory.rss',
  'capped.memory.heap',
  'capped.ask.team.p95',
  'capped.digest.build',
] as const;
export type RowKey = (typeof ROW_KEYS)[number] | (typeof CAPPED_ROW_KEYS)[number];

const TARGET_TITLE: Record<BenchTarget, string> = { postgres: 'PostgreSQL', pglite: 'PGlite (embedded)' };

const int = (n: number) => Math.round(n).toLocaleString('en-GB');
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const millis = (ms: number) => `${ms.toFixed(ms < 100 ? 1 : 0)} ms`;
const mb = (m: number) => `${Math.round(m)} MB`;
const times = (x: number) => `${x.toFixed(1)}×`;
const rate = (rows: number, ms: number) => (rows * 1000) / ms;
const cpuText = (nodeMs: number, serverMs: number | null, unit: (ms: number) => string) =>
  serverMs === null
    ? `Node ${unit(nodeMs)} (database in-process)`
    : `Node ${unit(nodeMs)} + PostgreSQL ${unit(serverMs)}`;
const cpuCell = (c: { nodeMs: number; serverMs: number | null }, unit: (ms: number) => string): Cell => ({
  value: c.nodeMs + (c.serverMs ?? 0),
  text: cpuText(c.nodeMs, c.serverMs, unit),
});

function cellsFor(r: TargetResult): Partial<Record<RowKey, Cell>> {
  const s = r.serve;
  const others = r.imports.custody.ms + r.imports['dip-breaches'].ms + r.imports['iom-cohort'].ms;
  const otherRows = r.imports.custody.rows + r.imports['dip-breaches'].rows + r.imports['iom-cohort'].rows;
  const imported = (f: {
    rows: number;
    ms: number;
    nodeCpuMs?: number;
    serverCpuMs?: number | null;
  }): Cell => ({
    value: f.ms / 1000,
    text:
      `${seconds(f.ms)} (${int(rate(f.rows, f.ms))} rows/s)` +
      (f.nodeCpuMs === undefined ? '' : `; CPU: ${cpuText(f.nodeCpuMs, f.serverCpuMs ?? null, seconds)}`),
  });
  const sum = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);
  return {
    generate: { value: r.generateMs / 1000, text: seconds(r.generateMs) },
    'import.staff': imported(r.imports.staff),
    'import.cases': imported(r.imports.cases),
    'copy.cases': imported({ rows: r.copy.rows, ms: r.copy.copyMs }),
    'import.vs-copy': {
      value: r.imports.cases.ms / r.copy.copyMs,
      text: times(r.imports.cases.ms / r.copy.copyMs),
    },
    'copy.indexed': imported({ rows: r.copy.rows, ms: r.copy.indexedMs }),
    'import.vs-indexed': {
      value: r.imports.cases.ms / r.copy.indexedMs,
      text: times(r.imports.cases.ms / r.copy.indexedMs),
    },
    'reimport.vs-indexed': {
      value: r.reimportCases.ms / r.copy.indexedMs,
      text: times(r.reimportCases.ms / r.copy.indexedMs),
    },
    'floor.cases': imported({ rows: r.copy.rows, ms: r.copy.floorMs }),
    'reimport.cases': imported(r.reimportCases),
    'import.others': imported({
      rows: otherRows,
      ms: others,
      nodeCpuMs:
        r.imports.custody.nodeCpuMs + r.imports['dip-breaches'].nodeCpuMs + r.imports['iom-cohort'].nodeCpuMs,
      serverCpuMs: sum(
        sum(r.imports.custody.serverCpuMs, r.imports['dip-breaches'].serverCpuMs),
        r.imports['iom-cohort'].serverCpuMs,
      ),
    }),
    'ask.team.p50': {
      value: s.team.p50,
      text: `${millis(s.team.p50)} (answers of ${s.team.answerKb.toFixed(1)} kB)`,
    },
    'ask.team.p95': { value: s.team.p95, text: `${millis(s.team.p95)} (max ${millis(s.team.max)})` },
    'ask.team.cpu': cpuCell(s.team.cpu, millis),
    'ask.help.p50': {
      value: s.help.p50,
      text: `${millis(s.help.p50)} (answers of ${s.help.answerKb.toFixed(1)} kB)`,
    },
    'ask.help.p95': { value: s.help.p95, text: `${millis(s.help.p95)} (max ${millis(s.help.max)})` },
    'ask.help.cpu': cpuCell(s.help.cpu, millis),
    'ask.team-vs-help': { value: s.team.p95 / s.help.p95, text: times(s.team.p95 / s.help.p95) },
    'digest.build': {
      value: s.digest.ms / 1000,
      text: `${seconds(s.digest.ms)} for ${int(s.digest.notifications)} SPOs (${int(s.digest.cardKb)} kB of cards)`,
    },
    'digest.cpu': cpuCell(s.digest.cpu, seconds),
    'memory.bot.rss': { value: s.memory.rssMb, text: mb(s.memory.rssMb) },
    'memory.bot.heap': { value: s.memory.heapMb, text: mb(s.memory.heapMb) },
    'memory.import.rss': { value: r.importMemory.rssMb, text: mb(r.importMemory.rssMb) },
    'memory.import.heap': { value: r.importMemory.heapMb, text: mb(r.importMemory.heapMb) },
    'memory.import.command': {
      value: r.command.rssMb,
      text: `${mb(r.command.rssMb)} for a ${r.command.fileMb.toFixed(1)} MB file (${seconds(r.command.ms)}, process start included)`,
    },
    ...(r.capped
      ? {
          'capped.memory.rss': { value: r.capped.memory.rssMb, text: mb(r.capped.memory.rssMb) },
          'capped.memory.heap': { value: r.capped.memory.heapMb, text: mb(r.capped.memory.heapMb) },
          'capped.ask.team.p95': {
            value: r.capped.team.p95,
            text: `${millis(r.capped.team.p95)} (p50 ${millis(r.capped.team.p50)}; CPU ${cpuText(r.capped.team.cpu.nodeMs, r.capped.team.cpu.serverMs, millis)})`,
          },
          'capped.digest.build': {
            value: r.capped.digest.ms / 1000,
            text: `${seconds(r.capped.digest.ms)} (CPU ${cpuText(r.capped.digest.cpu.nodeMs, r.capped.digest.cpu.serverMs, seconds)})`,
          },
        }
      : {}),
  };
}

function labels(results: TargetResult[]): Record<RowKey, string> {
  const asks = results[0]?.serve.team.n ?? 0;
  const cap = results.find((r) => r.capped)?.capped?.heapMb ?? 0;
  return {
    generate: 'Generate the extracts (seeded)',
    'import.staff': 'Import staff (importCsv)',
    'import.cases': 'Import cases (importCsv, empty table)',
    'copy.cases':
      'COPY of the same cases CSV into a plain staging table (psql `\\copy`; PGlite COPY FROM blob)',
    'import.vs-copy': 'Cases import ÷ COPY (the bare floor)',
    'copy.indexed':
      "COPY of the same rows, as stored, into a table with the cases table's indexes (psql `\\copy`; PGlite COPY FROM blob): the fair floor",
    'import.vs-indexed': 'Cases import ÷ indexed COPY',
    'reimport.vs-indexed': 'Re-import ÷ indexed COPY',
    'floor.cases': 'Server-side INSERT … SELECT from that staging table into the indexed `cases`',
    'reimport.cases': 'Re-import the same cases (all unchanged)',
    'import.others': 'Import custody, DIP breaches and IOM cohort',
    'ask.team.p50': `Team question p50 ("who reaches two-thirds this week for my team", ${asks} asks)`,
    'ask.team.p95': 'Team question p95',
    'ask.team.cpu': 'Team question: CPU per ask',
    'ask.help.p50': `\`help\` round trip p50 (${asks} asks)`,
    'ask.help.p95': '`help` round trip p95',
    'ask.help.cpu': '`help`: CPU per ask',
    'ask.team-vs-help': 'Team question p95 ÷ help p95',
    'digest.build': 'spo-digest build for every SPO (median of runs)',
    'digest.cpu': 'spo-digest build: CPU per build',
    'memory.bot.rss': 'Bot process peak RSS (serving + digest; Node defaults)',
    'memory.bot.heap': 'Bot process peak V8 heap used (Node defaults)',
    'capped.memory.rss': `Bot process peak RSS with \`--max-old-space-size=${cap}\``,
    'capped.memory.heap': `Bot process peak V8 heap used with \`--max-old-space-size=${cap}\``,
    'capped.ask.team.p95': `Team question p95 with \`--max-old-space-size=${cap}\``,
    'capped.digest.build': `spo-digest build with \`--max-old-space-size=${cap}\``,
    'memory.import.rss': 'Import process peak RSS',
    'memory.import.heap': 'Import process peak V8 heap used',
    'memory.import.command': `\`npm run import -- cases\` in a process of its own, V8 heap capped at ${IMPORT_HEAP_MB} MB (a re-import; the file streamed): peak RSS`,
  };
}

type Verdict = { budget: string; status: string };

/** The issue's budgets: PostgreSQL, 250,000 cases, this 2-core machine. */
function budgets(pg: Partial<Record<RowKey, Cell>> | undefined): Partial<Record<RowKey, Verdict>> {
  if (!pg) return {};
  const v = (key: RowKey): number => pg[key]?.value ?? Number.NaN;
  /** `target` null: the budget has no separate target. */
  const judge = (within: boolean, target: boolean | null, why = ''): string =>
    !within
      ? `**over budget**${why}`
      : target === null
        ? 'within budget'
        : target
          ? 'within budget, target met'
          : `within budget; target missed${why}`;
  const importS = v('import.cases');
  const ratio = v('import.vs-indexed');
  const reRatio = v('reimport.vs-indexed');
  const p95 = v('ask.team.p95');
  const vsHelp = v('ask.team-vs-help');
  const digestS = v('digest.build');
  const rss = v('memory.bot.rss');
  const cappedRss = v('capped.memory.rss');
  const importRss = v('memory.import.command');
  return {
    'import.cases': {
      budget: '≤ 60 s (target ≤ 2× indexed COPY)',
      status: judge(importS <= 60, ratio <= 2, ratio > 2 ? ` (${times(ratio)} indexed COPY)` : ''),
    },
    'import.vs-indexed': { budget: '≤ 2×', status: ratio <= 2 ? 'met' : '**missed**' },
    'reimport.vs-indexed': { budget: '≤ 2×', status: reRatio <= 2 ? 'met' : '**missed**' },
    'ask.team.p95': {
      budget: '≤ 150 ms (target ≤ 50 ms and ≤ 2× help)',
      status: judge(
        p95 <= 150,
        p95 <= 50 && vsHelp <= 2,
        p95 > 50 ? ' (over 50 ms)' : vsHelp > 2 ? ` (${times(vsHelp)} help)` : '',
      ),
    },
    'digest.build': { budget: '≤ 60 s (target ≤ 5 s)', status: judge(digestS <= 60, digestS <= 5) },
    'memory.bot.rss': { budget: '≤ 300 MB', status: judge(rss <= 300, null) },
    'memory.import.command': { budget: '≤ 300 MB', status: judge(importRss <= 300, null) },
    ...(Number.isNaN(cappedRss)
      ? {}
      : { 'capped.memory.rss': { budget: '≤ 300 MB', status: judge(cappedRss <= 300, null) } }),
  };
}

export function tableRows(results: TargetResult[]): Row[] {
  const cells = new Map(results.map((r) => [r.target, cellsFor(r)]));
  const names = labels(results);
  const verdicts = budgets(cells.get('postgres'));
  const keys: RowKey[] = [...ROW_KEYS];
  if (results.some((r) => r.capped)) keys.push(...CAPPED_ROW_KEYS);
  return keys.map((key) => {
    const row: Row = { key, label: names[key], cells: {} };
    for (const r of results) {
      const cell = cells.get(r.target)![key];
      if (cell) row.cells[r.target] = cell;
    }
    const v = verdicts[key];
    if (v) Object.assign(row, v);
    return row;
  });
}

function scaleText(r: TargetResult): string {
  const s = r.scale;
  return (
    `${int(s.cases)} cases, ${int(s.practitioners)} practitioners in ${int(s.teams)} teams ` +
    `(${int(s.spos)} SPOs; ${int(s.staff)} staff), ${int(s.custody)} custody, ${int(s.dipBreaches)} DIP breaches, ` +
    `${int(s.iomCohort)} IOM nominals${s.pdu ? `, all in one PDU` : ''}`
  );
}

export function markdownTable(results: TargetResult[]): string {
  const rows = tableRows(results);
  const head = ['Measure', ...results.map((r) => `${TARGET_TITLE[r.target]}, ${int(r.scale.cases)} cases`)];
  const withBudget = results.some((r) => r.target === 'postgres');
  if (withBudget) head.push('Budget (PostgreSQL, 250,000 cases)', 'Where it stands');
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const row of rows) {
    const cols = [row.label, ...results.map((r) => row.cells[r.target]?.text ?? '—')];
    if (withBudget) cols.push(row.budget ?? '', row.status ?? '');
    lines.push(`| ${cols.join(' | ')} |`);
  }
  return lines.join('\n');
}

function plansMarkdown(r: TargetResult): string {
  if (!r.plans.length) return '';
  const out = [
    `### Query plans at ${int(r.scale.cases)} cases (EXPLAIN ANALYZE, BUFFERS; the repositories' own SQL)`,
    '',
    '| Query | Caseloads | Rows | Execution | Scans a caseload table? |',
    '|---|---|---|---|---|',
    ...r.plans.map(
      (p) =>
        `| ${p.name} | ${p.practitioners ? int(p.practitioners) : 'all (PDU filter in memory)'} | ${int(p.rows)} | ${p.executionMs.toFixed(2)} ms | ${p.scansCaseload ? '**yes (Seq Scan)**' : 'no'} |`,
    ),
    '',
  ];
  for (const p of r.plans) out.push(`${p.name}:`, '', '```', ...p.keyLines, '```', '');
  return out.join('\n');
}

export const RESULTS_START = '<!-- bench:results:start -->';
export const RESULTS_END = '<!-- bench:results:end -->';

/** The generated section of docs/benchmarks.md: machine, scale, the table and the plans. */
export function resultsMarkdown(
  results: TargetResult[],
  machine: Machine,
  understanding: UnderstandingResult | null = null,
): string {
  const first = results[0];
  const settings = machine.postgresSettings
    ? ` (${Object.entries(machine.postgresSettings)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')})`
    : '';
  const lines = [
    RESULTS_START,
    `## Results`,
    '',
    `Generated by \`${machine.command}\` on ${machine.date}; today pinned to ${first?.today ?? ''}, seed ${first?.seed ?? ''}.`,
    '',
    `- **Machine**: ${machine.cpus}; ${machine.memory}; ${machine.os}; Node ${machine.node}` +
      (machine.postgres ? `; PostgreSQL ${machine.postgres} on the same machine${settings}` : '') +
      (machine.pglite ? `; PGlite ${machine.pglite}` : '') +
      (machine.load ? `; load average ${machine.load}` : '') +
      '.',
    ...results.map(
      (r) => `- **${TARGET_TITLE[r.target]}**: ${scaleText(r)}; ${r.askers} SPOs asking in turn.`,
    ),
    ...(understanding ? [`- **${understandingText(understanding)}**.`] : []),
    '',
    markdownTable(results),
    '',
    ...results.map(plansMarkdown),
    RESULTS_END,
  ];
  return lines.join('\n');
}

/** Replaces the generated section of an existing document, keeping the prose around it. */
export function spliceResults(existing: string | null, section: string, title = '# Benchmarks'): string {
  if (existing) {
    const start = existing.indexOf(RESULTS_START);
    const end = existing.indexOf(RESULTS_END);
    if (start !== -1 && end > start)
      return existing.slice(0, start) + section + existing.slice(end + RESULTS_END.length);
    return `${existing.trimEnd()}\n\n${section}\n`;
  }
  return `${title}\n\n${section}\n`;
}
