import type { StoredConversation } from '../store/conversations.repository.js';

/**
 * The conversation reference for a personal chat the app was installed into through Graph: the
 * same shape TurnContext.getConversationReference gives for an inbound personal message.
 */
export function referenceForInstalledChat(input: {
  chatId: string;
  aadObjectId: string;
  tenantId: string | null;
  botAppId: string;
  serviceUrl: string;
}): StoredConversation {
  const reference = {
    channelId: 'msteams',
    serviceUrl: input.serviceUrl,
    conversation: {
      id: input.chatId,
      conversationType: 'personal',
      isGroup: false,
      ...(input.tenantId ? { tenantId: input.tenantId } : {}),
    },
    bot: { id: `28:${input.botAppId}` },
    user: { id: input.aadObjectId, aadObjectId: input.aadObjectId },
  };
  return {
    aadObjectId: input.aadObjectId,
    conversationId: input.chatId,
    conversationType: 'personal',
    tenantId: input.tenantId,
    serviceUrl: input.serviceUrl,
    reference,
  };
}
