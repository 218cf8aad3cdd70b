import { and, asc, between, desc, eq, gte, inArray } from 'drizzle-orm';
import { addDays, compareDates, type IsoDate } from '../domain/dates.js';
import {
  assessEcsl,
  type CustodyFacts,
  type CustodySentenceType,
  type EcslSettings,
  type EcslVerdict,
  type Estate,
} from '../domain/ecsl.js';
import { inTranche, type ProgressionSettings, type Tranche } from '../domain/progression.js';
import type { Database } from './db.js';
import { custodyCases } from './schema.js';

export type CustodyRow = typeof custodyCases.$inferSelect;

export function custodyFactsOf(row: CustodyRow): CustodyFacts {
  return {
    sentenceType: row.sentenceType as CustodySentenceType,
    sentenceLength: row.sentenceLength,
    custodyStartDate: row.custodyStartDate,
    crd: row.crd,
    sexualOffence: row.sexualOffence,
    sexOffenderRegister: row.sexOffenderRegister,
    violentOffence: row.violentOffence,
    terroristConnected: row.terroristConnected,
    categoryA: row.categoryA,
    civilPrisoner: row.civilPrisoner,
    fineDefault: row.fineDefault,
    servingRecall: row.servingRecall,
    remandedOtherMatters: row.remandedOtherMatters,
    nsd: row.nsd,
    furtherChargePending: row.furtherChargePending,
    releasePlanRiskIncrease: row.releasePlanRiskIncrease,
    estate: row.estate as Estate,
    progressionExcluded: row.progressionExcluded,
  };
}

/** People in custody on the given caseloads, soonest conditional release date first. */
export async function custodyCasesFor(
  database: Database,
  practitionerEmails: string[],
): Promise<CustodyRow[]> {
  if (!practitionerEmails.length) return [];
  return database.db
    .select()
    .from(custodyCases)
    .where(inArray(custodyCases.practitionerEmail, practitionerEmails))
    .orderBy(asc(custodyCases.crd), asc(custodyCases.lastName), asc(custodyCases.firstName));
}

/**
 * People in custody on the given caseloads whose CRD (the prison's calculation) falls from `from`
 * to `to` inclusive (`to` null: any later date), soonest first: an index range on the caseload.
 */
export async function custodyByCrd(
  database: Database,
  practitionerEmails: string[],
  from: IsoDate,
  to: IsoDate | null,
): Promise<CustodyRow[]> {
  if (!practitionerEmails.length) return [];
  return database.db
    .select()
    .from(custodyCases)
    .where(
      and(
        inArray(custodyCases.practitionerEmail, practitionerEmails),
        to === null ? gte(custodyCases.crd, from) : between(custodyCases.crd, from, to),
      ),
    )
    .orderBy(asc(custodyCases.crd), asc(custodyCases.lastName), asc(custodyCases.firstName));
}

/**
 * The people on the given caseloads whose release a tranche day governs (inside the progression
 * model, in that tranche) and who are still in custody on it: those whose CRD is the tranche day,
 * and those with a later one.
 */
export async function custodyInTranche(
  database: Database,
  practitionerEmails: string[],
  t: Tranche,
  settings: ProgressionSettings,
): Promise<{ onDay: CustodyRow[]; later: CustodyRow[] }> {
  const rows = (await custodyByCrd(database, practitionerEmails, t.from, null)).filter((r) =>
    inTranche(custodyFactsOf(r), t, settings),
  );
  return { onDay: rows.filter((r) => r.crd === t.from), later: rows.filter((r) => r.crd !== t.from) };
}

/** Every custody record for a CRN on the given caseloads, the latest custody period first. */
export async function custodyByCrn(
  database: Database,
  practitionerEmails: string[],
  crn: string,
): Promise<CustodyRow[]> {
  if (!practitionerEmails.length) return [];
  return database.db
    .select()
    .from(custodyCases)
    .where(and(eq(custodyCases.crn, crn), inArray(custodyCases.practitionerEmail, practitionerEmails)))
    .orderBy(desc(custodyCases.custodyStartDate));
}

/** The people (distinct CRNs) in custody on the given caseloads, for name matching. */
export async function peopleInCustody(
  database: Database,
  practitionerEmails: string[],
): Promise<{ id: string; crn: string; firstName: string; lastName: string }[]> {
  if (!practitionerEmails.length) return [];
  const rows = await database.db
    .selectDistinctOn([custodyCases.crn], {
      crn: custodyCases.crn,
      firstName: custodyCases.firstName,
      lastName: custodyCases.lastName,
    })
    .from(custodyCases)
    .where(inArray(custodyCases.practitionerEmail, practitionerEmails))
    .orderBy(custodyCases.crn, desc(custodyCases.custodyStartDate));
  return rows.map((r) => ({ id: r.crn, ...r }));
}

export interface EcslCandidate {
  row: CustodyRow;
  verdict: Extract<EcslVerdict, { kind: 'eligible' } | { kind: 'not_yet' }>;
}

/**
 * Custody cases that are eligible for ECSL on `today`, or whose window opens within `withinDays`
 * days: what the SPO digest and the ECSL alerts report. Only cases whose CRD could fall inside a
 * window that soon are read, so this stays an index range on a national caseload.
 */
export async function ecslCandidates(
  database: Database,
  practitionerEmails: string[],
  today: IsoDate,
  withinDays: number,
  settings: EcslSettings,
  /** Told of each row the rules cannot assess (it is left out): one bad record never fails a list. */
  onUnreadable?: (row: CustodyRow, reason: string) => void,
): Promise<EcslCandidate[]> {
  if (!practitionerEmails.length) return [];
  const widest = Math.max(0, ...settings.timeline.map((s) => s.windowDays ?? 0));
  if (widest === 0) return [];
  const horizon = addDays(today, withinDays);
  const rows = await database.db
    .select()
    .from(custodyCases)
    .where(
      and(
        inArray(custodyCases.practitionerEmail, practitionerEmails),
        // A window opens no earlier than CRD − widest window, and nothing is early once CRD is reached.
        between(custodyCases.crd, addDays(today, 1), addDays(horizon, widest)),
      ),
    )
    .orderBy(asc(custodyCases.crd), asc(custodyCases.lastName), asc(custodyCases.firstName));
  const out: EcslCandidate[] = [];
  for (const row of rows) {
    let verdict: ReturnType<typeof assessEcsl>;
    try {
      verdict = assessEcsl(custodyFactsOf(row), today, settings);
    } catch (e) {
      onUnreadable?.(row, e instanceof Error ? e.message : String(e));
      continue;
    }
    if (verdict.kind === 'eligible') out.push({ row, verdict });
    else if (verdict.kind === 'not_yet' && compareDates(verdict.windowOpens, horizon) <= 0)
      out.push({ row, verdict });
  }
  return out;
}
