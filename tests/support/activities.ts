/** Teams message activities shaped like the ones Teams (and the Agents Playground) really send. */
export const PLAYGROUND_TENANT = '00000000-0000-0000-0000-0000000000001';

export interface ActivityOptions {
  aadObjectId?: string | null;
  conversationType?: 'personal' | 'channel' | 'groupChat';
  conversationId?: string;
  value?: Record<string, unknown>;
  expectReplies?: boolean;
  mentionBot?: boolean;
}

let seq = 0;

export function messageActivity(text: string, o: ActivityOptions = {}): Record<string, unknown> {
  const conversationType = o.conversationType ?? 'personal';
  const aad = o.aadObjectId === undefined ? '00000000-0000-0000-0000-0000000000020' : o.aadObjectId;
  seq += 1;
  const botMention = '<at>Probation Assistant</at>';
  return {
    type: 'message',
    id: `msg-${seq}`,
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    serviceUrl: 'http://127.0.0.1:1/',
    channelId: 'msteams',
    from: { id: `29:user-${aad ?? 'anon'}`, name: 'Test User', ...(aad ? { aadObjectId: aad } : {}) },
    conversation: {
      id: o.conversationId ?? `a:conv-${conversationType}-${aad ?? 'anon'}`,
      conversationType,
      tenantId: PLAYGROUND_TENANT,
      ...(conversationType === 'channel'
        ? { isGroup: true }
        : conversationType === 'groupChat'
          ? { isGroup: true }
          : {}),
    },
    recipient: { id: '28:bot-id', name: 'Probation Assistant' },
    textFormat: 'plain',
    locale: 'en-GB',
    text: o.mentionBot ? `${botMention} ${text}` : text,
    ...(o.mentionBot
      ? {
          entities: [
            {
              type: 'mention',
              text: botMention,
              mentioned: { id: '28:bot-id', name: 'Probation Assistant' },
            },
          ],
        }
      : {}),
    ...(o.value ? { value: o.value } : {}),
    channelData: {
      tenant: { id: PLAYGROUND_TENANT },
      ...(conversationType === 'channel'
        ? { channel: { id: '19:channel@thread.tacv2' }, team: { id: '19:team@thread.tacv2' } }
        : {}),
    },
    ...(o.expectReplies === false ? {} : { deliveryMode: 'expectReplies' }),
  };
}
