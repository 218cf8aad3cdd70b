import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatImportErrors, formatImportSummary, importCsv } from '../../src/import/importer.js';
import type { Database } from '../../src/store/db.js';
import { freshDatabase } from '../support/db.js';

/**
 * A store that fails mid-import (issue 14): whatever the driver's error quotes (the statement
 * with every parameter, PostgreSQL's detail with the key), the import's answer says which kind,
 * which lines and what went wrong, and carries no value of any row.
 */

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});

const HEADER =
  'crn,first_name,last_name,practitioner_email,sentence_type,start_date,end_date,rar,mappa_category,mappa_level,rosh,nsd,child_protection,isc_pilot';
const rows = (n: number) =>
  [
    HEADER,
    ...Array.from(
      { length: n },
      (_, i) =>
        `R${String(i).padStart(6, '0')},Secretfirst,Secretlast,secret.person@probation.example,licence,2026-01-01,2027-01-01,no,,,low,no,no,no`,
    ),
  ].join('\n');

/** Fails the import's statements after `after` of them, the way a driver does: values quoted. */
function failing(after: number): Database {
  let calls = 0;
  const boom = () => {
    if (++calls <= after) return;
    const e = new Error(
      'Failed query: insert into cases values ($1)\nparams: R000001,Secretfirst,secret.person@probation.example',
    );
    Object.assign(e, { query: 'insert …', params: ['R000001', 'Secretfirst'] });
    (e as Error & { cause?: unknown }).cause = Object.assign(
      new Error('duplicate key value violates unique constraint "cases_natural_uq"'),
      { code: '23505', detail: 'Key (crn)=(R000001) already exists.' },
    );
    throw e;
  };
  if (database.postgres) {
    const client = database.postgres;
    const begin = client.begin.bind(client);
    const wrapped = Object.assign(Object.create(client) as object, {
      begin: (fn: (t: { unsafe: (q: string) => unknown }) => unknown) =>
        begin((t) =>
          fn(
            new Proxy(t, {
              get(target, prop, receiver) {
                if (prop !== 'unsafe') return Reflect.get(target, prop, receiver) as unknown;
                return (q: string) => {
                  boom();
                  return target.unsafe(q);
                };
              },
            }),
          ),
        ),
    });
    return { ...database, postgres: wrapped as typeof client };
  }
  const db = database.db;
  const wrappedDb = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== 'transaction') return Reflect.get(target, prop, receiver) as unknown;
      return (fn: (tx: unknown) => unknown) =>
        target.transaction(
          (tx) =>
            fn(
              new Proxy(tx, {
                get(t, p, r) {
                  if (p !== 'execute') return Reflect.get(t, p, r) as unknown;
                  return (q: unknown) => {
                    boom();
                    return (t as { execute(q: unknown): unknown }).execute(q);
                  };
                },
              }),
            ) as never,
        );
    },
  });
  return { ...database, db: wrappedDb };
}

describe('a store failing mid-import', () => {
  it.each([0, 1, 2])(
    'after %i statements: the answer names the step and lines, never a value',
    async (after) => {
      const result = await importCsv(failing(after), 'cases', rows(3000));
      expect(result.ok).toBe(false);
      const shown = `${formatImportSummary(result)}\n${formatImportErrors(result)}\n${JSON.stringify(result)}`;
      expect(shown).toMatch(/the database failed while .* \((lines \d+–\d+ sent|before any row was sent)\)/);
      expect(shown).not.toMatch(/R\d{6}|Secret|secret\.person/);
      expect(await database.rows(sqlCount)).toEqual([{ n: 0 }]);
    },
  );
});

const sqlCount = sql`select count(*)::int as n from cases`;
