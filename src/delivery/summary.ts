import type { IsoDate } from '../domain/dates.js';

/** What one run of a job did, for the operator, the admin command and job_runs. */
export type DeliveryOutcome = 'sent' | 'skipped' | 'unreachable' | 'failed' | 'deferred' | 'already';

export interface DeliveryDetail {
  /** Staff id, never a name or email: summaries end up in logs. */
  staffId: number;
  status: DeliveryOutcome;
  why?: string;
}

export interface RunSummary {
  job: string;
  slot: string;
  today: IsoDate;
  runId: string;
  /** False when nothing was attempted: not a run day, or another runner holds the slot. */
  ran: boolean;
  note?: string;
  sent: number;
  skipped: number;
  unreachable: number;
  failed: number;
  /** Held for quiet hours or a later digest time; the sweep sends them. */
  deferred: number;
  /** Settled by an earlier run of this slot (sent, skipped, unreachable): nothing new to do. */
  already: number;
  details: DeliveryDetail[];
  ms: number;
}

export function summaryLine(s: RunSummary): string {
  const head = `${s.job} ${s.slot}:`;
  const counts = `sent ${s.sent}, skipped ${s.skipped}, unreachable ${s.unreachable}, failed ${s.failed}`;
  const extra = [s.deferred ? `deferred ${s.deferred}` : '', s.already ? `already done ${s.already}` : '']
    .filter(Boolean)
    .join(', ');
  return `${head} ${counts}${extra ? ` (${extra})` : ''}${s.note ? ` — ${s.note}` : ''}`;
}

/** Reasons and their counts, for the job_runs summary (the ledger keeps the per-recipient rows). */
export function reasons(details: DeliveryDetail[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of details) {
    const key = d.why ? `${d.status}: ${d.why}` : d.status;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}
