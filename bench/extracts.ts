import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsv } from '../src/import/csv.js';
import {
  COLUMNS,
  EXTRACT_KINDS,
  generateExtracts,
  type ExtractKind,
  type GenerateOptions,
} from '../src/seed/generator.js';

/** The benchmark's population: docs/rules.md §5 nationally, one PDU for the embedded database. */
export interface Scale {
  cases: number;
  practitioners: number;
  teams: number;
  /** Every team in this one PDU (the embedded database serves a PDU); otherwise ~10 teams a PDU. */
  pdu?: string;
}

/** ~31 cases a practitioner and 8 practitioners a team: 250,000 → 8,000 in 1,000 teams. */
export function scaleFor(cases: number, pdu?: string): Scale {
  const practitioners = Math.max(1, Math.round(cases / 31.25));
  const teams = Math.max(1, Math.ceil(practitioners / 8));
  return { cases, practitioners, teams, ...(pdu ? { pdu } : {}) };
}

export interface Asker {
  aadObjectId: string;
  email: string;
  teamCode: string;
}

export interface BenchExtracts {
  dir: string;
  files: Record<ExtractKind, string>;
  /** Data rows per extract. */
  rows: Record<ExtractKind, number>;
  /** Every SPO, with the Entra object id the benchmark gave them, in file order. */
  spos: Asker[];
  generateMs: number;
}

/** A deterministic, well-formed Entra object id for staff row `i`. */
export function benchAadId(i: number): string {
  return `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

const NEEDS_QUOTES = /[",\r\n]/;
const csvField = (s: string) => (NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

function countRows(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n - 1; // less the header
}

/**
 * Writes seeded extracts to a new temporary folder. The generator leaves Entra object ids empty
 * except for the demo users; staff here all get one, as a tenant synchronised from Entra would,
 * so every SPO can ask the bot.
 */
export function writeBenchExtracts(scale: Scale, options: { seed: number; today: string }): BenchExtracts {
  const generateOptions: GenerateOptions = { seed: options.seed, today: options.today, ...scale };
  const started = performance.now();
  const extracts = generateExtracts(generateOptions);

  const [header, ...data] = [...readCsv(extracts.staff)].map((r) => r.fields);
  const columns = COLUMNS.staff;
  if (!header || header.join(',') !== columns.join(',')) throw new Error('unexpected staff header');
  const at = (name: string) => columns.indexOf(name);
  const spos: Asker[] = [];
  const lines = [header.join(',')];
  data.forEach((row, i) => {
    const aad = benchAadId(i + 1);
    row[at('aad_object_id')] = aad;
    lines.push(row.map(csvField).join(','));
    const roles = (row[at('role')] ?? '').split(';');
    const team = row[at('team')] ?? '';
    if (roles.includes('spo') && team)
      spos.push({ aadObjectId: aad, email: row[at('email')] ?? '', teamCode: team });
  });
  extracts.staff = `${lines.join('\n')}\n`;
  const generateMs = performance.now() - started;

  const dir = mkdtempSync(join(tmpdir(), 'pa-bench-'));
  const files = {} as Record<ExtractKind, string>;
  const rows = {} as Record<ExtractKind, number>;
  for (const kind of EXTRACT_KINDS) {
    files[kind] = join(dir, `${kind}.csv`);
    writeFileSync(files[kind], extracts[kind]);
    rows[kind] = countRows(extracts[kind]);
  }
  return { dir, files, rows, spos, generateMs };
}
