import type { Logger } from 'pino';
import type { ZodType } from 'zod';
import type { IsoDate } from '../domain/dates.js';

import type { Database } from '../store/db.js';
import type { Settings } from '../settings.js';
import type { Reply } from '../cards/types.js';
import { hasRole, type Role, type StaffMember } from '../domain/staff.js';
import type { Utterance } from './understand.js';
import type { JobsService } from '../delivery/job.js';

export type ConversationType = 'personal' | 'channel' | 'groupChat';

export interface CommandResult {
  reply: Reply;
  /** What the audit log records: never the answer's personal data. */
  audit?: { scope?: string; count?: number };
  /** The extracts this answer was built on, when not the command's own (none for a rules table). */
  extracts?: readonly string[];
}

export interface CommandContext {
  database: Database;
  settings: Settings;
  asker: StaffMember;
  today: IsoDate;
  /** The clock's instant: what a write records, and how old an extract is. */
  now?: Date;
  /**
   * The answer is shown to the asker alone (a card rebuilt after their button press, or their own
   * view of a channel card), so a DIP list may carry references and buttons even in a channel.
   */
  ownView?: boolean;
  conversationType: ConversationType;
  log: Logger;
  /** Every declared command, for help and suggestions. */
  commands: readonly Command[];
  /** Scheduled jobs, where this process can run them (the admin job commands). */
  jobs?: JobsService;
}

export interface Match<S> {
  /** 0..1: how sure the matcher is that this command is meant. */
  score: number;
  slots: S;
}

/** A bot command, declared once: it feeds the question matcher, `help` and the manifest's commandLists. */
export interface Command<S = unknown> {
  name: string;
  /** Manifest title (≤ 32 characters). */
  title: string;
  /** Manifest description (≤ 128 characters). */
  description: string;
  examples: string[];
  /** Roles that may use it; 'any' = every known staff member. */
  roles: readonly Role[] | 'any';
  /** Where it makes sense in the Teams manifest. */
  scopes?: ('personal' | 'team' | 'groupChat')[];
  /**
   * The extracts its answers are built on (import kinds): each answer says how old they are, and
   * warns at the top when one is older than its limit.
   */
  extracts?: readonly string[];
  /**
   * It records or changes something. Such a command is never run from a plan ("I'll record 0004
   * as NFA tomorrow"), a hypothetical ("might turn my reminders off") or someone else's doing
   * ("dana says she's put DIP-0003 down as charged"): those are offered at most.
   */
  records?: boolean;
  match(u: Utterance): Match<S> | null;
  /**
   * For a command whose answer carries action buttons: how to read its slots back from a button
   * (untrusted data), so a press can rebuild the answer with the change in it.
   */
  slotsSchema?: ZodType<S>;
  run(ctx: CommandContext, slots: S): Promise<CommandResult>;
}

export function mayUse(staff: Pick<StaffMember, 'roles'>, command: Pick<Command, 'roles'>): boolean {
  return command.roles === 'any' || hasRole(staff, ...command.roles);
}
