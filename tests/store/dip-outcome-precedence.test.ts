import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentOutcome, type DipOutcome } from '../../src/domain/dip.js';
import type { Database } from '../../src/store/db.js';
import { dipBreaches } from '../../src/store/schema.js';
import { freshDatabase } from '../support/db.js';

/**
 * The store computes the outcome that stands in SQL (generated columns, so every query and index
 * sees it); the rule is src/domain/dip.ts's currentOutcome. Every combination, both ways.
 */
describe('dip_breaches.current_outcome follows currentOutcome', () => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  const extracts: { outcome: DipOutcome | null; date: string | null }[] = [
    { outcome: null, date: null },
    { outcome: null, date: '2026-03-01' },
    { outcome: 'circulated_fta', date: '2025-09-01' },
    { outcome: 'charged', date: '2026-02-20' },
    { outcome: 'nfa_other', date: '2026-02-21' },
  ];
  const recorded: ({ outcome: DipOutcome; date: string } | null)[] = [
    null,
    { outcome: 'pcr_issued', date: '2026-02-20' },
    { outcome: 'stl_passed', date: '2025-08-01' },
  ];

  it('agrees on every pairing of extract and Teams outcome', async () => {
    let n = 0;
    for (const e of extracts)
      for (const r of recorded) {
        n += 1;
        const [row] = await database.db
          .insert(dipBreaches)
          .values({
            reference: `P-${n}`,
            firstName: 'Test',
            lastName: 'Person',
            assessment: 'initial',
            missedDate: '2025-07-01',
            lastDayToCharge: '2026-01-01',
            outcome: e.outcome,
            outcomeDate: e.date,
            recordedOutcome: r?.outcome ?? null,
            recordedOutcomeDate: r?.date ?? null,
            recordedBy: r ? 'someone@probation.example' : null,
            recordedAt: r ? new Date() : null,
          })
          .returning();
        const expected = currentOutcome(e, r);
        expect(
          { outcome: row!.currentOutcome, date: row!.currentOutcomeDate },
          JSON.stringify({ e, r }),
        ).toEqual(expected);
        // And after an update (a re-import writing the extract's columns), recomputed.
        const [updated] = await database.db
          .update(dipBreaches)
          .set({ outcome: null, outcomeDate: null })
          .where(eq(dipBreaches.id, row!.id))
          .returning();
        expect(updated!.currentOutcome).toBe(r?.outcome ?? null);
      }
  });
});
