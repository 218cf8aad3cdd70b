import { CardFactory, MessageFactory, TurnContext, type Activity } from 'botbuilder';
import type { Logger } from 'pino';
import type { Assistant } from '../assistant/assistant.js';
import type { ConversationType } from '../assistant/types.js';
import type { Database } from '../store/db.js';
import { saveConversationReference } from '../store/conversations.repository.js';
import type { Reply } from '../cards/types.js';

export function toActivity(reply: Reply): Partial<Activity> {
  if (!reply.card) return MessageFactory.text(reply.text);
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(reply.card));
  // The summary is what Teams shows in notifications and chat lists.
  activity.summary = reply.text.split('\n')[0]?.slice(0, 200);
  return activity;
}

/**
 * Fail closed: only a chat that is plainly 1:1 gets names and CRNs. That is `personal`, or no type
 * at all as Bot Framework channels other than Teams (and the Agents Playground) send a 1:1 chat,
 * and never with `isGroup`, a team or a channel. Anything else (`isGroup` with no type, a type this
 * bot does not know) is treated as shared, so it gets counts only.
 */
function conversationTypeOf(activity: Pick<Activity, 'conversation' | 'channelData'>): ConversationType {
  const c = activity.conversation as { conversationType?: unknown; isGroup?: unknown } | undefined;
  const data = (activity.channelData ?? {}) as {
    team?: unknown;
    channel?: unknown;
    teamsChannelId?: unknown;
  };
  const type = c?.conversationType;
  if (type === 'channel' || data.channel !== undefined || data.team !== undefined || data.teamsChannelId)
    return 'channel';
  if ((type === 'personal' || type === undefined) && c?.isGroup !== true) return 'personal';
  return 'groupChat';
}

/** The bot's turn logic: identify, remember the conversation, hand the text to the assistant, reply. */
export function createBotLogic(deps: { assistant: Assistant; database: Database; log: Logger }) {
  const { assistant, database, log } = deps;
  return async function onTurn(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const aadObjectId = activity.from?.aadObjectId ?? null;
    if (aadObjectId && activity.conversation?.id) {
      const reference = TurnContext.getConversationReference(activity);
      await saveConversationReference(database, {
        aadObjectId,
        conversationId: activity.conversation.id,
        conversationType: conversationTypeOf(activity),
        tenantId:
          activity.conversation.tenantId ??
          (activity.channelData as { tenant?: { id?: string } })?.tenant?.id ??
          null,
        serviceUrl: activity.serviceUrl ?? null,
        reference: reference,
      });
    }
    if (activity.type === 'conversationUpdate') {
      const botId = activity.recipient?.id;
      const added = activity.membersAdded?.some((m) => m.id === botId);
      if (added && conversationTypeOf(activity) === 'personal') {
        await context.sendActivity(
          'Hello! I answer questions about your caseload: two-thirds points, follow-ups, ECSL and DIP time limits. Type "help" to see what you can ask.',
        );
      }
      return;
    }
    if (activity.type !== 'message') return;
    const text = (TurnContext.removeRecipientMention(activity) ?? activity.text ?? '').trim();
    const value =
      activity.value && typeof activity.value === 'object'
        ? (activity.value as Record<string, unknown>)
        : null;
    const replies = await assistant.handle({
      text,
      value,
      aadObjectId,
      conversationType: conversationTypeOf(activity),
    });
    for (const reply of replies) {
      await context.sendActivity(toActivity(reply));
    }
    log.debug({ event: 'replied', replies: replies.length });
  };
}
