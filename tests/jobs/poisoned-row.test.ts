import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spoDigest } from '../../jobs/spo-digest.js';
import { addDays } from '../../src/domain/dates.js';
import { importCsv } from '../../src/import/importer.js';
import { runJob } from '../../src/delivery/runner.js';
import type { Database } from '../../src/store/db.js';
import { freshDatabase } from '../support/db.js';
import { countBy, ledger, seedSpos, spoConversation } from '../support/job-process.js';
import { runnerDeps, startFakeConnector, testSender, type FakeConnector } from '../support/jobs.js';

/**
 * One bad record costs one message (issue 14): 300 SPOs, and one custody record in one team the
 * rules cannot read (a sentence of 999,999 years, planted past the import's checks). The digest
 * run delivers the other 299 and records that one as failed with its reason; the import itself
 * refuses such a row with its line and column.
 */

// ECSL was in force on this date, so the digest assesses custody records.
const TODAY = '2024-06-12';
const NOW = new Date('2024-06-12T07:30:00Z');
const CUSTODY_HEADER =
  'crn,first_name,last_name,practitioner_email,prison,sentence_type,sentence_length,custody_start_date,crd,sexual_offence,sex_offender_register,violent_offence,terrorist_connected,category_a,civil_prisoner,fine_default,serving_recall,remanded_other_matters,nsd,further_charge_pending';
const no13 = Array(11).fill('no').join(',');

let database: Database;
let connector: FakeConnector;

beforeAll(async () => {
  database = await freshDatabase();
  connector = await startFakeConnector();
  await seedSpos(database, 300, connector.url, TODAY);
  const crd = addDays(TODAY, 20);
  const custody = [CUSTODY_HEADER];
  for (const i of [7, 150]) {
    const po = `po${String(i).padStart(4, '0')}@probation.example`;
    custody.push(
      `C${String(i).padStart(6, '0')},Held,Person${i},${po},HMP Test,sds,P1Y,2024-01-01,${crd},${no13}`,
    );
  }
  expect(await importCsv(database, 'custody', `${custody.join('\n')}\n`, { today: TODAY })).toMatchObject({
    ok: true,
  });
}, 180_000);
afterAll(async () => {
  await connector?.close();
  await database?.close();
});

describe('one poisoned row among 300 SPOs', () => {
  it('the import refuses an absurd sentence length with its line and column', async () => {
    const csv = `${CUSTODY_HEADER}\nC000001,A,B,po0001@probation.example,,sds,P999999Y,2024-01-01,2024-07-01,${no13}\n`;
    const result = await importCsv(database, 'custody', csv, { today: TODAY });
    expect(result).toMatchObject({
      ok: false,
      errors: [{ line: 2, column: 'sentence_length', reason: expect.stringContaining('not a plausible') }],
    });
  });

  it('299 digests are delivered and the poisoned team’s one is recorded as failed with its reason', async () => {
    // Planted past the import, as a record from before these checks, or written by hand, would be.
    await database.rows(
      sql`update custody_cases set sentence_length = 'P999999Y', violent_offence = true where crn = 'C000007'`,
    );
    const summary = await runJob(spoDigest, runnerDeps(database, testSender(database)), {
      today: TODAY,
      now: NOW,
    });
    expect(summary).toMatchObject({ sent: 299, failed: 1 });
    const rows = await ledger(database, 'spo-digest', TODAY);
    expect(countBy(rows, (r) => r.status)).toEqual({ sent: 299, failed: 1 });
    const failed = rows.find((r) => r.status === 'failed')!;
    expect(failed.recipient).toBe('spo0007@probation.example');
    expect(failed.detail).toMatch(
      /^could not build the message: ECSL could not be assessed for custody record \d+: /,
    );
    expect(failed.detail).not.toMatch(/C000007|Person7|Held/);
    expect(connector.to(spoConversation(7))).toHaveLength(0);
    expect(connector.to(spoConversation(150))).toHaveLength(1);
  }, 120_000);
});
