import type { Database } from '../store/db.js';
import { personalConversation } from '../store/conversations.repository.js';
import { deliveriesFor, takeOverDelivery, type DeliveryRow } from '../store/deliveries.repository.js';
import type { Gate } from './gate.js';
import type { Notification } from './job.js';
import type { DeliveryOutcome } from './summary.js';

export interface Candidate {
  key: string;
  notification: Notification;
  gate: Gate;
  /** Taken over from a run that died while sending it: it may already have arrived. */
  interrupted?: boolean;
}

/**
 * Recipients whose ledger row another run of the slot created: which of them this run may take
 * over and send (returned), and which are settled or in hand elsewhere (recorded as such). A dead
 * run's 'claimed' and 'sending' rows are taken when this run holds the slot lock or their lease
 * has expired; a failed row is retried up to `maxAttempts` runs; an unreachable one once the
 * person has talked to the bot again.
 */
export async function reclaim(
  database: Database,
  others: Candidate[],
  run: { job: string; slot: string; runId: string; lockHeld: boolean; leaseMs: number; maxAttempts: number },
  record: (staffId: number, status: DeliveryOutcome, why?: string) => void,
): Promise<Candidate[]> {
  const work: Candidate[] = [];
  const existing = others.length
    ? await deliveriesFor(
        database,
        run.job,
        run.slot,
        others.map((c) => c.key),
      )
    : new Map<string, DeliveryRow>();
  for (const c of others) {
    const row = existing.get(c.key);
    const staffId = c.notification.recipient.id;
    if (!row) {
      record(staffId, 'already', 'claimed elsewhere');
      continue;
    }
    switch (row.status) {
      case 'claimed':
      case 'sending': {
        const ownerGone = run.lockHeld && row.claimedBy !== run.runId;
        if (await takeOverDelivery(database, row, run.runId, { ownerGone, leaseMs: run.leaseMs }))
          work.push(row.status === 'sending' ? { ...c, interrupted: true } : c);
        else record(staffId, 'already', 'in progress in another run');
        break;
      }
      case 'deferred':
        if (c.gate.kind === 'defer') record(staffId, 'deferred', c.gate.why);
        else if (await takeOverDelivery(database, row, run.runId, { ownerGone: false, leaseMs: run.leaseMs }))
          work.push(c);
        else record(staffId, 'already', 'taken by another run');
        break;
      case 'failed':
        if (
          row.attempts < run.maxAttempts &&
          (await takeOverDelivery(database, row, run.runId, { ownerGone: false, leaseMs: run.leaseMs }))
        )
          work.push(c);
        else record(staffId, 'already', `failed earlier: ${row.detail ?? 'unknown'}`);
        break;
      case 'unreachable': {
        // Nothing reached them: once they have talked to the bot (a reachable chat again), the
        // same slot may still deliver, e.g. a start-up catch-up that ran before they opened the chat.
        const aad = c.notification.recipient.aadObjectId;
        const chat = aad ? await personalConversation(database, aad) : null;
        if (
          chat &&
          !chat.unreachableReason &&
          (await takeOverDelivery(database, row, run.runId, { ownerGone: false, leaseMs: run.leaseMs }))
        )
          work.push(c);
        else record(staffId, 'already', `unreachable earlier: ${row.detail ?? 'unknown'}`);
        break;
      }
      default:
        record(staffId, 'already', row.status);
    }
  }
  return work;
}
