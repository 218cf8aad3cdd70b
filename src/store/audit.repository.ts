import type { Database } from './db.js';
import { auditLog } from './schema.js';

export interface AuditEntry {
  staffEmail: string | null;
  aadObjectId: string | null;
  intent: string;
  scope?: string | null;
  resultCount?: number | null;
  conversationType?: string | null;
  outcome?: string;
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
  });
}
