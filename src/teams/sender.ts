import type { CloudAdapter } from 'botbuilder';
import type { Logger } from 'pino';

import type { Config } from '../config.js';
import { createAdapter } from './adapter.js';
import { toActivity } from './bot.js';
import {
  createRetryingSender,
  failureOf,
  type ProactiveSender,
  type SendOnce,
  type SenderOptions,
} from '../delivery/sender.js';

/**
 * One proactive send through CloudAdapter.continueConversationAsync. Two things the SDK does by
 * default are undone here, because the caller owns them: the connector's built-in retry policy
 * (it would multiply our attempts and ignore our time bound) and the adapter's onTurnError (it
 * would swallow the failure and post "Sorry, something went wrong" to the user). The error is
 * caught inside the turn and returned as a value.
 */
export function adapterSendOnce(adapter: CloudAdapter, appId: string): SendOnce {
  return async (conversation, reply) => {
    let activityId: string | undefined;
    let failure: unknown;
    let failed = false;
    try {
      await adapter.continueConversationAsync(appId, conversation.reference, async (context) => {
        const connector = context.turnState.get<{
          client?: { pipeline?: { removePolicy(o: { name: string }): unknown } };
        }>(adapter.ConnectorClientKey);
        connector?.client?.pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
        try {
          const response = await context.sendActivity(toActivity(reply));
          activityId = response?.id;
        } catch (e) {
          failed = true;
          failure = e;
        }
      });
    } catch (e) {
      // Thrown before the turn started: token acquisition, a malformed reference, DNS.
      failed = true;
      failure = e;
    }
    if (failed) return failureOf(failure);
    return activityId !== undefined ? { ok: true, activityId } : { ok: true };
  };
}

export function createProactiveSender(
  adapter: CloudAdapter,
  appId: string,
  options: SenderOptions = {},
): ProactiveSender {
  return createRetryingSender(adapterSendOnce(adapter, appId), options);
}

/**
 * A sender with its own CloudAdapter, for processes that do not serve the bot endpoint (the worker
 * and `npm run job`): scripts build one here so they never import botbuilder themselves.
 */
export function createStandaloneSender(
  config: Pick<
    Config,
    | 'MicrosoftAppId'
    | 'MicrosoftAppPassword'
    | 'MicrosoftAppType'
    | 'MicrosoftAppTenantId'
    | 'SEND_RATE_PER_SECOND'
    | 'SEND_RETRIES'
  >,
  log: Logger,
  options: Omit<SenderOptions, 'log' | 'ratePerSecond'> = {},
): ProactiveSender {
  const adapter = createAdapter(config, log);
  return createProactiveSender(adapter, config.MicrosoftAppId, {
    retry: { retries: config.SEND_RETRIES },
    ...options,
    log,
    ratePerSecond: config.SEND_RATE_PER_SECOND,
  });
}
