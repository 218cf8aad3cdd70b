import { and, asc, eq, gte, lt } from 'drizzle-orm';
import { type Writer, type Database } from './db.js';
import { auditLog, staff } from './schema.js';

/**
 * One question asked: who, what kind (intent), whose cases (scope) and how many records came back.
 * Never the question's text or any part of the answer: a question can name a person on probation.
 */
export interface AuditEntry {
  staffEmail: string | null;
  aadObjectId: string | null;
  intent: string;
  scope?: string | null;
  resultCount?: number | null;
  conversationType?: string | null;
  outcome?: string;
  /** When it was asked; the database clock when not given. */
  at?: Date;
}

/**
 * One write made in Teams: who, what (intent and target), when, and the values before and after.
 * The target is a DIP reference or a case id, never a name or CRN; the values never carry the
 * message's text or a note's (only whether there is one).
 */
export interface WriteAuditEntry extends AuditEntry {
  target: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
}

/** Records a write inside the transaction that makes it, so the two stand or fall together. */
export async function recordWriteAudit(tx: Writer, e: WriteAuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    staffEmail: e.staffEmail,
    aadObjectId: e.aadObjectId,
    intent: e.intent,
    scope: e.scope ?? null,
    resultCount: e.resultCount ?? 1,
    conversationType: e.conversationType ?? null,
    outcome: e.outcome ?? 'recorded',
    target: e.target,
    before: e.before,
    after: e.after,
    ...(e.at ? { at: e.at } : {}),
  });
}

export async function recordAudit(database: Database, e: AuditEntry): Promise<void> {
  await database.db.insert(auditLog).values({
    staffEmail: e.staffEmail,
    aadObjectId: e.aadObjectId,
    intent: e.intent,
    scope: e.scope ?? null,
    resultCount: e.resultCount ?? null,
    conversationType: e.conversationType ?? null,
    outcome: e.outcome ?? 'answered',
    ...(e.at ? { at: e.at } : {}),
  });
}

export interface AuditRow {
  at: Date;
  intent: string;
  scope: string | null;
  resultCount: number | null;
  conversationType: string | null;
  outcome: string;
}

/** One member of staff's audit rows between two instants (from inclusive, to exclusive), oldest first. */
export async function auditRowsFor(
  database: Database,
  staffEmail: string,
  from: Date,
  to: Date,
): Promise<AuditRow[]> {
  return database.db
    .select({
      at: auditLog.at,
      intent: auditLog.intent,
      scope: auditLog.scope,
      resultCount: auditLog.resultCount,
      conversationType: auditLog.conversationType,
      outcome: auditLog.outcome,
    })
    .from(auditLog)
    .where(
      and(eq(auditLog.staffEmail, staffEmail.toLowerCase()), gte(auditLog.at, from), lt(auditLog.at, to)),
    )
    .orderBy(asc(auditLog.at), asc(auditLog.id));
}

/** Everyone an admin may ask the audit about: the staff list's names and emails. */
export async function auditSubjects(
  database: Database,
): Promise<{ id: number; email: string; name: string }[]> {
  return database.db
    .select({ id: staff.id, email: staff.email, name: staff.name })
    .from(staff)
    .orderBy(asc(staff.id));
}
