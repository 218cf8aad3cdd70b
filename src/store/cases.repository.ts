import { and, asc, between, eq, inArray, isNotNull, or } from 'drizzle-orm';
import type { CommunitySentenceType, ResetFacts, Rosh } from '../domain/reset.js';
import type { IsoDate } from '../domain/dates.js';
import type { Database } from './db.js';
import { cases } from './schema.js';

export type CaseRow = typeof cases.$inferSelect;

export function resetFactsOf(row: CaseRow): ResetFacts {
  return {
    sentenceType: row.sentenceType as CommunitySentenceType,
    startDate: row.startDate,
    endDate: row.endDate,
    rar: row.rar,
    mappaCategory: row.mappaCategory,
    mappaLevel: row.mappaLevel,
    rosh: (row.rosh as Rosh | null) ?? null,
    nsd: row.nsd,
    childProtection: row.childProtection,
    iscPilot: row.iscPilot,
  };
}

/** Licences and orders with RAR whose two-thirds point falls in the period (exempt ones included). */
export async function casesReachingTwoThirds(
  database: Database,
  practitionerEmails: string[],
  from: IsoDate,
  to: IsoDate,
): Promise<CaseRow[]> {
  if (!practitionerEmails.length) return [];
  return database.db
    .select()
    .from(cases)
    .where(
      and(
        inArray(cases.practitionerEmail, practitionerEmails),
        between(cases.twoThirdsDate, from, to),
        or(
          eq(cases.sentenceType, 'licence'),
          and(
            inArray(cases.sentenceType, ['community_order', 'suspended_sentence_order']),
            eq(cases.rar, true),
          ),
        ),
      ),
    )
    .orderBy(asc(cases.twoThirdsDate), asc(cases.lastName), asc(cases.firstName));
}

/** Non-exempt licences whose final-third follow-up falls in the period. */
export async function followUpsDue(
  database: Database,
  practitionerEmails: string[],
  from: IsoDate,
  to: IsoDate,
): Promise<CaseRow[]> {
  if (!practitionerEmails.length) return [];
  return database.db
    .select()
    .from(cases)
    .where(
      and(
        inArray(cases.practitionerEmail, practitionerEmails),
        eq(cases.sentenceType, 'licence'),
        eq(cases.exempt, false),
        isNotNull(cases.followUpDate),
        between(cases.followUpDate, from, to),
      ),
    )
    .orderBy(asc(cases.followUpDate), asc(cases.lastName), asc(cases.firstName));
}

/** Every case (sentence or order) for a CRN, limited to the given practitioners. */
export async function casesByCrn(
  database: Database,
  practitionerEmails: string[],
  crn: string,
): Promise<CaseRow[]> {
  if (!practitionerEmails.length) return [];
  return database.db
    .select()
    .from(cases)
    .where(and(eq(cases.crn, crn), inArray(cases.practitionerEmail, practitionerEmails)))
    .orderBy(asc(cases.startDate));
}

/** The people (distinct CRNs) on the given caseloads, for name matching. */
export async function peopleOnCaseloads(
  database: Database,
  practitionerEmails: string[],
): Promise<{ id: string; crn: string; firstName: string; lastName: string }[]> {
  if (!practitionerEmails.length) return [];
  const rows = await database.db
    .selectDistinctOn([cases.crn], { crn: cases.crn, firstName: cases.firstName, lastName: cases.lastName })
    .from(cases)
    .where(inArray(cases.practitionerEmail, practitionerEmails))
    .orderBy(cases.crn);
  return rows.map((r) => ({ id: r.crn, ...r }));
}

/** Which of `crns` are on the given caseloads (a write is allowed only on one's own cases). */
export async function crnsOnCaseloads(
  database: Database,
  practitionerEmails: string[],
  crns: string[],
): Promise<Set<string>> {
  const wanted = [...new Set(crns)];
  if (!practitionerEmails.length || !wanted.length) return new Set();
  const rows = await database.db
    .selectDistinct({ crn: cases.crn })
    .from(cases)
    .where(and(inArray(cases.crn, wanted), inArray(cases.practitionerEmail, practitionerEmails)));
  return new Set(rows.map((r) => r.crn));
}
