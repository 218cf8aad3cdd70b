import type { Writer } from './db.js';
import { actionReceipts } from './schema.js';

/**
 * Claims a card button's action id for this write; false when it was claimed before (a double
 * press, or Teams replaying the invoke), in which case the caller records nothing. Claimed inside
 * the write's transaction, so a write that fails leaves the id free to try again.
 */
export async function claimAction(
  tx: Writer,
  actionId: string,
  staffEmail: string,
  verb: string,
  at: Date,
): Promise<boolean> {
  const claimed = await tx
    .insert(actionReceipts)
    .values({ actionId, staffEmail, verb, at })
    .onConflictDoNothing()
    .returning({ actionId: actionReceipts.actionId });
  return claimed.length > 0;
}
