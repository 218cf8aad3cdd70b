import type { Logger } from 'pino';
import { scrubMessage } from '../logger.js';

import type { IsoDate } from '../domain/dates.js';
import type { Settings } from '../settings.js';
import type { Database } from '../store/db.js';
import type { Reply } from '../cards/types.js';
import type { StaffMember } from '../domain/staff.js';
import type { RunSummary } from './summary.js';

export interface JobContext {
  database: Database;
  settings: Settings;
  log: Logger;
  /** The calendar date (Europe/London) the run is for. */
  today: IsoDate;
  now: Date;
  /** The ledger slot this run fills, e.g. "2025-11-24": one delivery per recipient per slot. */
  slot: string;
  /**
   * When set, build only for these recipients (lower-case staff emails): a later pass delivering
   * messages that were deferred for quiet hours or a digest time. Building for others is wasted.
   */
  recipients?: ReadonlySet<string>;
  /** The `today` of this job's latest finished run before this one, if any: "since the last run". */
  lastRunDate?: IsoDate | null;
  /** RETENTION_DAYS: how long records are kept (maintenance jobs). */
  retentionDays?: number;
}

/** One message a job wants delivered. The runner claims it in the ledger before sending. */
export interface Notification {
  recipient: StaffMember;
  reply: Reply;
  /** True when there is nothing to report (the runner sends it only to users who opted in). */
  empty?: boolean;
  /**
   * Digests obey "stop digests"; reminders and alerts obey "stop reminders"; "snooze" holds all but
   * summaries until its date; quiet hours defer everything (see src/jobs/gate.ts).
   */
  category: 'digest' | 'reminder' | 'alert' | 'summary';
  /**
   * Set when this recipient's message could not be built (a record the rules cannot read): it is
   * not sent, and the ledger records it failed with this reason. Never personal data.
   */
  failure?: string;
}

/**
 * Builds each recipient's message on its own: one that throws (a bad record in their data) costs
 * that recipient's message alone, recorded as failed with the reason, never anyone else's.
 */
export function eachRecipient<R extends StaffMember>(
  recipients: readonly R[],
  category: Notification['category'],
  build: (recipient: R) => Notification,
): Notification[] {
  return recipients.map((recipient) => {
    try {
      return build(recipient);
    } catch (e) {
      const reason = scrubMessage(e instanceof Error ? e.message : String(e));
      return {
        recipient,
        category,
        reply: { text: '', personalData: false },
        failure: `could not build the message: ${reason}`,
      };
    }
  });
}

/**
 * A scheduled job, declared once: name (for `npm run job`), default schedule (Europe/London, cron
 * syntax, overridable by environment) and how to build its messages. Jobs return data; they never
 * send, so the runner owns the ledger, retries and pacing.
 */
export interface JobDefinition {
  name: string;
  description: string;
  /** node-cron expression, evaluated in Europe/London. */
  defaultSchedule: string;
  /** Whether a run on this date should send anything (working days, nth working day of the month…). */
  runsOn(today: IsoDate, settings: Settings): boolean;
  /** The ledger slot for a run on this date. */
  slotFor(today: IsoDate): string;
  build(ctx: JobContext): Promise<Notification[]>;
  /**
   * The extracts its messages are built on (import kinds): the runner adds how old they are to every
   * message, with a warning at the top when one is older than its limit.
   */
  extracts?: readonly string[];
  /**
   * Housekeeping that sends nothing (data retention): the runner calls it under the slot lock
   * before build, once per slot run (not for deferred-delivery passes), and puts the line it
   * returns in the run's summary. Such a job's build usually returns [].
   */
  maintenance?(ctx: JobContext): Promise<string>;
}

/** What the admin commands may do with jobs, without knowing about senders or the ledger. */
export interface JobsService {
  names(): string[];
  /** A job's definition, so a card button on its message can rebuild that message. */
  definition(name: string): JobDefinition | undefined;
  /** Runs a job now through the runner and ledger (today and now from the clock unless given); null for an unknown name. */
  run(name: string, options?: { today?: IsoDate; now?: Date; force?: boolean }): Promise<RunSummary | null>;
  /** Delivery counts per job, slot, status and reason for the slots the days from `from` to `to` fall in. */
  report(
    from: IsoDate,
    to?: IsoDate,
  ): Promise<{ job: string; slot: string; status: string; detail: string | null; n: number }[]>;
}

/** Whether the run builds for this recipient (a deferred-delivery sweep names only a few). */
export function wanted(ctx: Pick<JobContext, 'recipients'>, member: Pick<StaffMember, 'email'>): boolean {
  return !ctx.recipients || ctx.recipients.has(member.email.toLowerCase());
}
