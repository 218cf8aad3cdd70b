import { describe, expect, it } from 'vitest';
import {
  markdownTable,
  RESULTS_END,
  RESULTS_START,
  ROW_KEYS,
  spliceResults,
  tableRows,
} from '../../bench/report.js';
import { runTarget, type TargetResult } from '../../bench/run.js';

/**
 * The benchmark harness at toy scale (scripts/bench.ts runs it at national scale): every figure
 * of the table is produced and is a number. Not a timing test: a slow machine passes.
 */
describe('the benchmark harness at toy scale (PGlite, 300 cases)', () => {
  let result: TargetResult;

  it('generates, imports, asks through the web app and builds the digest', async () => {
    result = await runTarget({ target: 'pglite', cases: 300, asks: 20, warmup: 2, digestRuns: 1 });
    expect(result.scale).toMatchObject({ cases: 300 });
    expect(result.imports.cases.rows).toBe(300);
    expect(result.reimportCases.rows).toBe(300);
    expect(result.copy.rows).toBe(300);
    expect(result.serve.team.n).toBe(20);
    expect(result.serve.teamAnswersWithCases).toBeGreaterThan(0);
    expect(result.serve.digest.notifications).toBe(result.scale.spos);
  }, 240_000);

  it('has every row of the table, each with a number', () => {
    const rows = tableRows([result]);
    expect(rows.map((r) => r.key)).toEqual([...ROW_KEYS]);
    for (const row of rows) {
      const cell = row.cells.pglite;
      expect(cell, row.key).toBeDefined();
      expect(Number.isFinite(cell!.value), `${row.key}: ${cell!.value}`).toBe(true);
      expect(cell!.text, row.key).toMatch(/\d/);
    }
    const table = markdownTable([result]);
    expect(table.split('\n')).toHaveLength(ROW_KEYS.length + 2);
  });
});

// With a server (TEST_DATABASE_URL), the PostgreSQL path too: psql \copy, backend CPU, query plans.
describe.runIf(process.env.TEST_DATABASE_URL)(
  'the benchmark harness at toy scale (PostgreSQL, 300 cases)',
  () => {
    it('has every row of the table, each with a number, and the plans', async () => {
      const result = await runTarget({
        target: 'postgres',
        cases: 300,
        asks: 20,
        warmup: 2,
        digestRuns: 1,
        adminUrl: process.env.TEST_DATABASE_URL!,
      });
      for (const row of tableRows([result])) {
        expect(Number.isFinite(row.cells.postgres?.value), row.key).toBe(true);
      }
      expect(result.plans.map((p) => p.name)).toContain('two-thirds this week (team)');
      for (const plan of result.plans) expect(plan.keyLines.length, plan.name).toBeGreaterThan(0);
    }, 240_000);
  },
);

describe('docs/benchmarks.md', () => {
  it('replaces only the generated section, keeping the prose around it', () => {
    const doc = `# Benchmarks\n\nWhy.\n\n${RESULTS_START}\nold\n${RESULTS_END}\n\nWhat changed.\n`;
    const out = spliceResults(doc, `${RESULTS_START}\nnew\n${RESULTS_END}`);
    expect(out).toBe(`# Benchmarks\n\nWhy.\n\n${RESULTS_START}\nnew\n${RESULTS_END}\n\nWhat changed.\n`);
    expect(spliceResults(null, 'x')).toBe('# Benchmarks\n\nx\n');
  });
});
