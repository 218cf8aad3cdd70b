import type { Logger } from 'pino';
import type { IsoDate } from '../domain/dates.js';
import type { JobsService } from '../jobs/service.js';
import type { Database } from '../store/db.js';
import type { Settings } from '../settings.js';
import type { Utterance } from './understand.js';

export const ROLES = [
  'practitioner',
  'spo',
  'head_of_pdu',
  'iom_lead',
  'iom_central',
  'dip_officer',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export interface StaffMember {
  id: number;
  email: string;
  name: string;
  roles: Role[];
  teamCode: string | null;
  pdu: string | null;
  borough: string | null;
  aadObjectId: string | null;
}

export type ConversationType = 'personal' | 'channel' | 'groupChat';

/** An Adaptive Card (schema 1.5) as plain JSON, so commands never depend on a bot SDK. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: '1.5';
  $schema?: string;
  body: Record<string, unknown>[];
  actions?: Record<string, unknown>[];
  msteams?: Record<string, unknown>;
}

export interface Reply {
  /** Plain-text rendering: the notification preview and the fallback where cards do not render. */
  text: string;
  card?: AdaptiveCard;
  /**
   * True when the reply names people (names, CRNs, dates of birth). Such replies are only sent to a
   * personal chat; elsewhere the assistant sends `channelSummary` (counts only) instead.
   */
  personalData: boolean;
  channelSummary?: string;
}

export interface CommandResult {
  reply: Reply;
  /** What the audit log records: never the answer's personal data. */
  audit?: { scope?: string; count?: number };
}

export interface CommandContext {
  database: Database;
  settings: Settings;
  asker: StaffMember;
  today: IsoDate;
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
  match(u: Utterance): Match<S> | null;
  run(ctx: CommandContext, slots: S): Promise<CommandResult>;
}

export function hasRole(staff: Pick<StaffMember, 'roles'>, ...roles: Role[]): boolean {
  return roles.some((r) => staff.roles.includes(r));
}

export function mayUse(staff: Pick<StaffMember, 'roles'>, command: Pick<Command, 'roles'>): boolean {
  return command.roles === 'any' || hasRole(staff, ...command.roles);
}
