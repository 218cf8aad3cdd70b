import { and, desc, eq, inArray } from 'drizzle-orm';
import type { AckKind, AckStatus, NotNeededReason } from '../domain/acknowledgements.js';
import type { IsoDate } from '../domain/dates.js';
import { recordWriteAudit } from './audit.repository.js';
import { inChunks } from './chunks.js';
import type { Database } from './db.js';
import { claimAction } from './receipts.repository.js';
import { caseAcknowledgements, cases } from './schema.js';

export interface AckRow {
  caseId: number;
  kind: AckKind;
  dueDate: IsoDate;
  status: AckStatus;
  bookedFor: IsoDate | null;
  heldOn: IsoDate | null;
  reason: NotNeededReason | null;
  recordedBy: string;
  recordedAt: Date;
}

function toAck(r: typeof caseAcknowledgements.$inferSelect): AckRow {
  return {
    caseId: r.caseId,
    kind: r.kind as AckKind,
    dueDate: r.dueDate,
    status: r.status as AckStatus,
    bookedFor: r.bookedFor,
    heldOn: r.heldOn,
    reason: r.reason as NotNeededReason | null,
    recordedBy: r.recordedBy,
    recordedAt: r.recordedAt,
  };
}

/**
 * What stands for each case: its latest acknowledgement of `kind` made about the date the case has
 * now (a moved date has none until someone says something about it).
 */
export async function currentAcknowledgements(
  database: Database,
  kind: AckKind,
  rows: readonly { id: number; due: IsoDate | null }[],
): Promise<Map<number, AckRow>> {
  const due = new Map(rows.filter((r) => r.due).map((r) => [r.id, r.due]));
  const out = new Map<number, AckRow>();
  if (!due.size) return out;
  const found = await inChunks([...due.keys()], (ids) =>
    database.db
      .select()
      .from(caseAcknowledgements)
      .where(and(eq(caseAcknowledgements.kind, kind), inArray(caseAcknowledgements.caseId, ids)))
      .orderBy(desc(caseAcknowledgements.id)),
  );
  for (const r of found.sort((a, b) => b.id - a.id)) {
    if (out.has(r.caseId) || due.get(r.caseId) !== r.dueDate) continue;
    out.set(r.caseId, toAck(r));
  }
  return out;
}

export async function caseById(database: Database, id: number): Promise<typeof cases.$inferSelect | null> {
  const [row] = await database.db.select().from(cases).where(eq(cases.id, id)).limit(1);
  return row ?? null;
}

export interface AckWrite {
  caseId: number;
  kind: AckKind;
  dueDate: IsoDate;
  status: AckStatus;
  bookedFor: IsoDate | null;
  heldOn: IsoDate | null;
  reason: NotNeededReason | null;
  by: { email: string; aadObjectId: string | null };
  at: Date;
  conversationType: string;
  actionId: string | null;
}

export type AckWriteResult =
  | { kind: 'recorded'; ack: AckRow; before: AckRow | null }
  | { kind: 'unchanged'; ack: AckRow }
  | { kind: 'duplicate' };

const AUDIT_INTENT: Record<AckKind, string> = { follow_up: 'follow-up-ack', two_thirds: 'two-thirds-ack' };

const auditValues = (a: Pick<AckRow, 'dueDate' | 'status' | 'bookedFor' | 'heldOn' | 'reason'>) => ({
  dueDate: a.dueDate,
  status: a.status,
  bookedFor: a.bookedFor,
  heldOn: a.heldOn,
  reason: a.reason,
});

/**
 * Records an acknowledgement with its audit entry in one transaction, once per action id; the
 * same statement again (a message sent twice) records nothing.
 */
export async function recordAcknowledgement(database: Database, w: AckWrite): Promise<AckWriteResult> {
  return database.db.transaction(async (tx) => {
    if (w.actionId && !(await claimAction(tx, w.actionId, w.by.email, AUDIT_INTENT[w.kind], w.at)))
      return { kind: 'duplicate' } as const;
    const [latest] = await tx
      .select()
      .from(caseAcknowledgements)
      .where(
        and(
          eq(caseAcknowledgements.caseId, w.caseId),
          eq(caseAcknowledgements.kind, w.kind),
          eq(caseAcknowledgements.dueDate, w.dueDate),
        ),
      )
      .orderBy(desc(caseAcknowledgements.id))
      .limit(1);
    const before = latest ? toAck(latest) : null;
    if (
      before &&
      before.status === w.status &&
      before.bookedFor === w.bookedFor &&
      before.heldOn === w.heldOn &&
      before.reason === w.reason
    )
      return { kind: 'unchanged', ack: before } as const;
    const [inserted] = await tx
      .insert(caseAcknowledgements)
      .values({
        caseId: w.caseId,
        kind: w.kind,
        dueDate: w.dueDate,
        status: w.status,
        bookedFor: w.bookedFor,
        heldOn: w.heldOn,
        reason: w.reason,
        recordedBy: w.by.email,
        recordedAt: w.at,
      })
      .returning();
    const ack = toAck(inserted!);
    await recordWriteAudit(tx, {
      staffEmail: w.by.email,
      aadObjectId: w.by.aadObjectId,
      intent: AUDIT_INTENT[w.kind],
      scope: 'person',
      conversationType: w.conversationType,
      at: w.at,
      target: `case:${w.caseId}`,
      before: before ? auditValues(before) : null,
      after: { ...auditValues(ack), recordedBy: w.by.email },
    });
    return { kind: 'recorded', ack, before } as const;
  });
}
