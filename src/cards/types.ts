/** An Adaptive Card (schema 1.5) as plain JSON, so commands and jobs never depend on a bot SDK. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: '1.5';
  $schema?: string;
  body: Record<string, unknown>[];
  actions?: Record<string, unknown>[];
  msteams?: Record<string, unknown>;
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
}
