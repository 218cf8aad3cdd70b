import { eq, inArray } from 'drizzle-orm';
import { recordWriteAudit } from './audit.repository.js';
import type { Database } from './db.js';
import { claimAction } from './receipts.repository.js';
import { preferences } from './schema.js';

export interface Preferences {
  digestsEnabled: boolean;
  remindersEnabled: boolean;
  /** HH:MM (Europe/London): digests are held back until then. */
  digestTime: string | null;
  /** HH:MM–HH:MM (Europe/London); may span midnight. */
  quietStart: string | null;
  quietEnd: string | null;
  /** Proactive messages resume on this date (nothing is sent before it). */
  snoozeUntil: string | null;
  sendEmpty: boolean;
}

export const DEFAULT_PREFERENCES: Preferences = {
  digestsEnabled: true,
  remindersEnabled: true,
  digestTime: null,
  quietStart: null,
  quietEnd: null,
  snoozeUntil: null,
  sendEmpty: false,
};

function toPreferences(row: typeof preferences.$inferSelect): Preferences {
  return {
    digestsEnabled: row.digestsEnabled,
    remindersEnabled: row.remindersEnabled,
    digestTime: row.digestTime,
    quietStart: row.quietStart,
    quietEnd: row.quietEnd,
    snoozeUntil: row.snoozeUntil,
    sendEmpty: row.sendEmpty,
  };
}

export async function preferencesOf(database: Database, email: string): Promise<Preferences> {
  const [row] = await database.db
    .select()
    .from(preferences)
    .where(eq(preferences.staffEmail, email.toLowerCase()))
    .limit(1);
  return row ? toPreferences(row) : { ...DEFAULT_PREFERENCES };
}

/** Preferences of many staff at once (absent = defaults), keyed by lower-case email. */
export async function preferencesFor(
  database: Database,
  emails: string[],
): Promise<Map<string, Preferences>> {
  const out = new Map<string, Preferences>();
  for (let i = 0; i < emails.length; i += 1000) {
    const part = emails.slice(i, i + 1000).map((e) => e.toLowerCase());
    if (!part.length) continue;
    const rows = await database.db.select().from(preferences).where(inArray(preferences.staffEmail, part));
    for (const r of rows) out.set(r.staffEmail, toPreferences(r));
  }
  return out;
}

export async function updatePreferences(
  database: Database,
  email: string,
  change: Partial<Preferences>,
): Promise<Preferences> {
  const key = email.toLowerCase();
  const [row] = await database.db
    .insert(preferences)
    .values({ ...DEFAULT_PREFERENCES, ...change, staffEmail: key, updatedAt: new Date() })
    .onConflictDoUpdate({ target: preferences.staffEmail, set: { ...change, updatedAt: new Date() } })
    .returning();
  return row ? toPreferences(row) : { ...DEFAULT_PREFERENCES, ...change };
}

export type PreferenceWriteResult =
  { kind: 'recorded'; before: Preferences; after: Preferences } | { kind: 'duplicate'; current: Preferences };

/**
 * A preference change from a card button: once per action id, with its audit entry (before and
 * after), in one transaction.
 */
export async function updatePreferencesFromButton(
  database: Database,
  w: {
    email: string;
    aadObjectId: string | null;
    change: Partial<Preferences>;
    actionId: string;
    at: Date;
    conversationType: string;
  },
): Promise<PreferenceWriteResult> {
  const key = w.email.toLowerCase();
  return database.db.transaction(async (tx) => {
    const [existing] = await tx.select().from(preferences).where(eq(preferences.staffEmail, key)).limit(1);
    const before = existing ? toPreferences(existing) : { ...DEFAULT_PREFERENCES };
    if (!(await claimAction(tx, w.actionId, key, 'preference', w.at)))
      return { kind: 'duplicate', current: before };
    const [row] = await tx
      .insert(preferences)
      .values({ ...DEFAULT_PREFERENCES, ...w.change, staffEmail: key, updatedAt: w.at })
      .onConflictDoUpdate({ target: preferences.staffEmail, set: { ...w.change, updatedAt: w.at } })
      .returning();
    const after = row ? toPreferences(row) : { ...before, ...w.change };
    await recordWriteAudit(tx, {
      staffEmail: key,
      aadObjectId: w.aadObjectId,
      intent: 'notification-settings',
      scope: 'self',
      conversationType: w.conversationType,
      at: w.at,
      target: 'preferences',
      before: { ...before },
      after: { ...after },
    });
    return { kind: 'recorded', before, after };
  });
}
