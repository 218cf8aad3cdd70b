import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Database } from './db.js';
import { conversationRefs } from './schema.js';

export interface StoredConversation {
  aadObjectId: string;
  conversationId: string;
  conversationType: string;
  tenantId: string | null;
  serviceUrl: string | null;
  reference: Record<string, unknown>;
}

/** Upserts the reference and clears any "unreachable" mark: the user has talked to the bot again. */
export async function saveConversationReference(database: Database, c: StoredConversation): Promise<void> {
  await database.db
    .insert(conversationRefs)
    .values({ ...c, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: [conversationRefs.aadObjectId, conversationRefs.conversationId],
      set: {
        reference: c.reference,
        serviceUrl: c.serviceUrl,
        tenantId: c.tenantId,
        conversationType: c.conversationType,
        unreachableAt: null,
        unreachableReason: null,
        updatedAt: new Date(),
      },
    });
}

/** The user's personal (1:1) conversation with the bot, if it is known and reachable. */
export async function personalConversation(
  database: Database,
  aadObjectId: string,
): Promise<(StoredConversation & { unreachableReason: string | null }) | null> {
  const [row] = await database.db
    .select()
    .from(conversationRefs)
    .where(
      and(eq(conversationRefs.aadObjectId, aadObjectId), eq(conversationRefs.conversationType, 'personal')),
    )
    .orderBy(desc(conversationRefs.updatedAt))
    .limit(1);
  if (!row) return null;
  return {
    aadObjectId: row.aadObjectId,
    conversationId: row.conversationId,
    conversationType: row.conversationType,
    tenantId: row.tenantId,
    serviceUrl: row.serviceUrl,
    reference: row.reference as Record<string, unknown>,
    unreachableReason: row.unreachableAt ? (row.unreachableReason ?? 'unreachable') : null,
  };
}

export async function markUnreachable(
  database: Database,
  aadObjectId: string,
  conversationId: string,
  reason: string,
): Promise<void> {
  await database.db
    .update(conversationRefs)
    .set({ unreachableAt: new Date(), unreachableReason: reason })
    .where(
      and(
        eq(conversationRefs.aadObjectId, aadObjectId),
        eq(conversationRefs.conversationId, conversationId),
        isNull(conversationRefs.unreachableAt),
      ),
    );
}

/**
 * The Teams user id (the `29:…` id the bot sees) of each of `aadObjectIds` that has talked to the
 * bot, from their latest conversation reference: what a card's `refresh.userIds` names.
 */
export async function teamsUserIds(database: Database, aadObjectIds: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(aadObjectIds)];
  const out = new Map<string, string>();
  if (!wanted.length) return out;
  const rows = await database.db
    .select({ aad: conversationRefs.aadObjectId, reference: conversationRefs.reference })
    .from(conversationRefs)
    .where(inArray(conversationRefs.aadObjectId, wanted))
    .orderBy(desc(conversationRefs.updatedAt));
  for (const r of rows) {
    const id = (r.reference as { user?: { id?: unknown } } | null)?.user?.id;
    if (!out.has(r.aad) && typeof id === 'string' && id) out.set(r.aad, id);
  }
  return out;
}
