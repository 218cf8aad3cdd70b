/** An Adaptive Card (schema 1.5) as plain JSON, so commands and jobs never depend on a bot SDK. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: '1.5';
  $schema?: string;
  body: Record<string, unknown>[];
  actions?: Record<string, unknown>[];
  msteams?: Record<string, unknown>;
  /** Universal Actions: which users Teams asks the bot for their own view of the card. */
  refresh?: Record<string, unknown>;
}

/**
 * Where a card came from, so a button press can rebuild it: a command's answer (the command run
 * again with these slots) or a job's message (the job built again for the one person).
 */
export type CardView =
  | { kind: 'command'; command: string; slots: unknown }
  | { kind: 'job'; job: string; day: string; lastRunDate: string | null };

/**
 * A card posted where several people see it (a channel) that named staff may each see their own
 * view of: Teams asks the bot for it (`refresh.userIds`), so the channel itself sees counts only.
 */
export interface CardRefresh {
  view: CardView;
  /** The staff (Entra object ids) who get their own view; the asker first. */
  userAadObjectIds: string[];
}

/** What the assistant says: a command's answer, a job's message, a refusal. */
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
  refresh?: CardRefresh;
}
