import { ActivityTypes, CardFactory, MessageFactory, TurnContext, type Activity } from 'botbuilder';
import type { Logger } from 'pino';
import type { Assistant } from '../assistant/assistant.js';
import type { ConversationType } from '../assistant/types.js';
import type { Database } from '../store/db.js';
import { saveConversationReference, teamsUserIds } from '../store/conversations.repository.js';
import type { AdaptiveCard, CardRefresh, Reply } from '../cards/types.js';

export function toActivity(reply: Reply, card: AdaptiveCard | undefined = reply.card): Partial<Activity> {
  if (!card) return MessageFactory.text(reply.text);
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
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

/** Teams gives user-specific views to at most 60 users per card. */
const MAX_REFRESH_USERS = 60;

/**
 * A card in a channel or group chat that named staff each see their own view of: Teams asks the
 * bot for it (an `adaptiveCard/action` invoke, verb "refresh") for each user in `userIds`, which
 * are Teams user ids: the sender's from the activity, the others' from their conversations.
 */
async function withRefresh(
  database: Database,
  card: AdaptiveCard,
  refresh: CardRefresh | undefined,
  activity: Activity,
): Promise<AdaptiveCard> {
  if (!refresh || conversationTypeOf(activity) === 'personal') return card;
  const sender = activity.from?.aadObjectId;
  const known = await teamsUserIds(
    database,
    refresh.userAadObjectIds.filter((a) => a !== sender),
  );
  const userIds = refresh.userAadObjectIds
    .map((a) => (a === sender ? activity.from?.id : known.get(a)))
    .filter((id): id is string => Boolean(id))
    .slice(0, MAX_REFRESH_USERS);
  if (!userIds.length) return card;
  return {
    ...card,
    refresh: { action: { type: 'Action.Execute', verb: 'refresh', data: { view: refresh.view } }, userIds },
  };
}

interface ExecuteInvokeValue {
  action?: { type?: unknown; verb?: unknown; data?: unknown };
  trigger?: unknown;
}

/** The Universal Actions answer: HTTP 200 with the card (or an error) in the invoke response body. */
function invokeResponse(body: Record<string, unknown>): Partial<Activity> {
  return { type: ActivityTypes.InvokeResponse, value: { status: 200, body } };
}

/** The bot's turn logic: identify, remember the conversation, hand the text to the assistant, reply. */
export function createBotLogic(deps: { assistant: Assistant; database: Database; log: Logger }) {
  const { assistant, database, log } = deps;

  /** A card button (Action.Execute): answered with the card that replaces the one pressed. */
  async function onCardAction(context: TurnContext, aadObjectId: string | null): Promise<void> {
    const activity = context.activity;
    const value = (
      activity.value && typeof activity.value === 'object' ? activity.value : {}
    ) as ExecuteInvokeValue;
    const action = value.action;
    if (
      !action ||
      action.type !== 'Action.Execute' ||
      typeof action.verb !== 'string' ||
      action.verb.length > 40
    ) {
      await context.sendActivity(
        invokeResponse({
          statusCode: 400,
          type: 'application/vnd.microsoft.error',
          value: { code: 'BadRequest', message: 'expected an Action.Execute with a verb' },
        }),
      );
      return;
    }
    const answer = await assistant.handleAction({
      aadObjectId,
      conversationType: conversationTypeOf(activity),
      verb: action.verb,
      data: action.data ?? null,
      trigger: value.trigger === 'automatic' ? 'automatic' : 'manual',
    });
    const card = await withRefresh(database, answer.card, answer.refresh, activity);
    await context.sendActivity(
      invokeResponse({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card }),
    );
    log.debug({ event: 'card_action_answered', verb: action.verb });
  }

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
    // Any other invoke goes unanswered: the adapter then answers 501.
    if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') {
      await onCardAction(context, aadObjectId);
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
      const card = reply.card ? await withRefresh(database, reply.card, reply.refresh, activity) : undefined;
      await context.sendActivity(toActivity(reply, card));
    }
    log.debug({ event: 'replied', replies: replies.length });
  };
}
