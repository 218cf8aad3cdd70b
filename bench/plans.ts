import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { addDays, weekOf } from '../src/domain/dates.js';
import { DEFAULT_ECSL_SETTINGS } from '../src/domain/ecsl.js';

import { casesReachingTwoThirds, followUpsDue } from '../src/store/cases.repository.js';
import { ecslCandidates } from '../src/store/custody.repository.js';
import type { Database, Db } from '../src/store/db.js';
import { openBreachesExpiring, overdueOpenBreaches } from '../src/store/dip.repository.js';
import { schema } from '../src/store/schema.js';

/** One query's plan on the loaded database: the repository's own SQL, run under EXPLAIN ANALYZE. */
export interface QueryPlan {
  name: string;
  /** How many practitioners' caseloads the query covers. */
  practitioners: number;
  rows: number;
  executionMs: number;
  /** Plan nodes and their conditions, one a line, long lists cut short. */
  keyLines: string[];
  /** A sequential scan of a caseload table (cases, custody_cases, dip_breaches). */
  scansCaseload: boolean;
}

const CASELOAD_TABLES = /Seq Scan on (cases|custody_cases|dip_breaches)\b/;
const KEY_LINE =
  /(Scan|Join|Sort|Hash|Aggregate|Limit|Gather|Nested Loop|Unique|Materialize|Append|Result)\b|Index Cond|Recheck Cond|Filter:|Rows Removed|Buffers:|Execution Time/;

function keyLines(plan: string[]): string[] {
  return plan
    .filter((l) => KEY_LINE.test(l) && !/^\s*Planning/.test(l))
    .map((l) => {
      // An IN list of 2,000 emails makes a condition line hundreds of kB long.
      const shortened = l.replace(/'\{[^}]{60,}\}'/g, (m) => `${m.slice(0, 40)}…}'`);
      return shortened.length > 170 ? `${shortened.slice(0, 167)}...` : shortened;
    });
}

/**
 * Runs the "this week" queries of the team question and the SPO digest (two-thirds, follow-ups,
 * ECSL candidates, DIP expiring and overdue) as the repositories write them, captures their SQL
 * and parameters, and explains each with ANALYZE and BUFFERS. PostgreSQL only.
 */
export async function explainThisWeek(
  url: string,
  input: { today: string; teamEmails: string[]; digestChunk: string[] },
): Promise<QueryPlan[]> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  let captured: { sql: string; params: unknown[] } | null = null;
  const db = drizzle(client, {
    schema,
    logger: {
      logQuery(query, params) {
        captured = { sql: query, params };
      },
    },
  }) as unknown as Db;
  const database: Database = {
    db,
    kind: 'postgres',
    rows: async () => {
      throw new Error('not used');
    },
    ping: async () => {},
    close: async () => {},
  };
  const week = weekOf(input.today);
  // The generator puts several two-thirds dates and follow-ups in every caseload in the week of
  // `today` (so every digest has something to show): about one case in nine, on every page of the
  // table. Seven weeks on, the dates fall as they would in life.
  const later = weekOf(addDays(input.today, 49));
  const ecsl = DEFAULT_ECSL_SETTINGS;
  const queries: [string, string[], () => Promise<unknown[]>][] = [
    [
      'two-thirds this week (team)',
      input.teamEmails,
      () => casesReachingTwoThirds(database, input.teamEmails, week.from, week.to),
    ],
    [
      'follow-ups due this week (team)',
      input.teamEmails,
      () => followUpsDue(database, input.teamEmails, week.from, week.to),
    ],
    [
      'ECSL candidates (team)',
      input.teamEmails,
      () => ecslCandidates(database, input.teamEmails, input.today, 7, ecsl),
    ],
    [
      'DIP time limits expiring in 14 days',
      [],
      () => openBreachesExpiring(database, input.today, addDays(input.today, 14)),
    ],
    ['DIP open and overdue', [], () => overdueOpenBreaches(database, input.today)],
    [
      'two-thirds this week (digest chunk)',
      input.digestChunk,
      () => casesReachingTwoThirds(database, input.digestChunk, week.from, week.to),
    ],
    [
      'follow-ups due this week (digest chunk)',
      input.digestChunk,
      () => followUpsDue(database, input.digestChunk, week.from, week.to),
    ],
    [
      'ECSL candidates (digest chunk)',
      input.digestChunk,
      () => ecslCandidates(database, input.digestChunk, input.today, 7, ecsl),
    ],
    [
      'two-thirds in an ordinary week, 7 weeks on (digest chunk)',
      input.digestChunk,
      () => casesReachingTwoThirds(database, input.digestChunk, later.from, later.to),
    ],
    [
      'follow-ups in an ordinary week, 7 weeks on (digest chunk)',
      input.digestChunk,
      () => followUpsDue(database, input.digestChunk, later.from, later.to),
    ],
  ];
  const plans: QueryPlan[] = [];
  try {
    for (const [name, emails, run] of queries) {
      captured = null;
      await run();
      const query = captured as { sql: string; params: unknown[] } | null;
      if (!query) throw new Error(`no SQL captured for ${name}`);
      const result = await client.unsafe(`explain (analyze, buffers) ${query.sql}`, query.params as never[]);
      const lines = result.map((r) => String((r as Record<string, unknown>)['QUERY PLAN']));
      const text = lines.join('\n');
      const actual = /actual time=[\d.]+\.\.[\d.]+ rows=(\d+)/.exec(lines[0] ?? '');
      plans.push({
        name,
        practitioners: emails.length,
        rows: actual ? Number(actual[1]) : Number.NaN,
        executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1] ?? Number.NaN),
        keyLines: keyLines(lines),
        scansCaseload: CASELOAD_TABLES.test(text),
      });
    }
  } finally {
    await client.end({ timeout: 5 });
  }
  return plans;
}
