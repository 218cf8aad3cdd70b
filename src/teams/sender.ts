import Bottleneck from 'bottleneck';
import type { CloudAdapter } from 'botbuilder';
import pRetry, { AbortError } from 'p-retry';
import type { Logger } from 'pino';
import type { Reply } from '../assistant/types.js';
import type { Config } from '../config.js';
import type { Database } from '../store/db.js';
import { markUnreachable, type StoredConversation } from '../store/conversations.repository.js';
import { createAdapter } from './adapter.js';
import { toActivity } from './bot.js';

export type SendResult =
  | {
      ok: true;
      activityId?: string;
      attempts?: number;
      /**
       * An earlier attempt got no answer in time. The connector's create is not idempotent: if it
       * did take that attempt, the user now has the message twice.
       */
      uncertain?: boolean;
    }
  | {
      ok: false;
      /** HTTP status of the last attempt; null when the connector could not be reached at all. */
      status: number | null;
      retryAfterMs?: number;
      reason: string;
      attempts?: number;
      /** 403/404: the user blocked or removed the app, or the chat is gone. Stop sending to it. */
      unreachable?: boolean;
      /** The caller's beforeFirstAttempt said no: nothing was sent. */
      cancelled?: boolean;
      /** No answer within the attempt timeout (the request may still have been processed). */
      timedOut?: boolean;
    };

export interface SendHooks {
  /**
   * Called once, inside the pacing slot, just before the first attempt goes on the wire (the
   * runner marks its ledger row 'sending' here, so after a crash the ledger names exactly the
   * messages that may have reached Teams). Resolving false cancels the send; a throw cancels it
   * and is rethrown to the caller. Either way nothing is sent.
   */
  beforeFirstAttempt?: () => Promise<boolean>;
}

/** Sends a proactive message to a stored conversation; the only proactive path out of the process. */
export interface ProactiveSender {
  send(conversation: StoredConversation, reply: Reply, hooks?: SendHooks): Promise<SendResult>;
  /** Releases timers (pacing); the sender must not be used afterwards. */
  close?(): Promise<void>;
}

/** Statuses worth another attempt: throttled, precondition races and gateway trouble. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([412, 429, 502, 503, 504]);
/** The conversation is blocked, the app removed or the user disabled: retrying cannot help. */
export const UNREACHABLE_STATUSES: ReadonlySet<number> = new Set([403, 404]);

export interface RetryOptions {
  /** Further attempts after the first (default 4). */
  retries?: number;
  /** First backoff delay (default 500 ms); it doubles each time, with jitter. */
  minTimeoutMs?: number;
  maxTimeoutMs?: number;
  /** Stop retrying once this much time has passed since the first attempt (default 60 s). */
  maxRetryTimeMs?: number;
  /** A Retry-After longer than this ends the attempts instead of stalling the run (default 60 s). */
  maxRetryAfterMs?: number;
  /** One attempt that has not answered by then counts as a network failure (default 30 s). */
  attemptTimeoutMs?: number;
}

export interface SenderOptions {
  /** Where 403/404 conversations are marked unreachable. */
  database?: Database;
  log?: Logger;
  /** Messages per second per tenant (SEND_RATE_PER_SECOND). */
  ratePerSecond?: number;
  retry?: RetryOptions;
}

/** One attempt, no retries: the transport underneath the retrying, paced sender. */
export type SendOnce = (conversation: StoredConversation, reply: Reply) => Promise<SendResult>;

function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

interface ConnectorError {
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { headers?: { get?(name: string): string | null | undefined } };
}

function failureOf(e: unknown): Extract<SendResult, { ok: false }> {
  const err = (e ?? {}) as ConnectorError;
  const status = typeof err.statusCode === 'number' ? err.statusCode : null;
  // The connector's error code (e.g. ConversationBlockedByUser) says why without quoting message text.
  const code = typeof err.code === 'string' && err.code ? err.code : undefined;
  const retryAfterMs = parseRetryAfter(err.response?.headers?.get?.('retry-after'));
  const reason =
    status === null
      ? `connector unreachable${code ? ` (${code})` : ''}`
      : `HTTP ${status}${code ? ` ${code}` : ''}`;
  return { ok: false, status, reason, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}

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

class RetryableSend extends Error {
  constructor(readonly result: Extract<SendResult, { ok: false }>) {
    super(result.reason);
    this.name = 'RetryableSend';
  }
}

/** The caller's hook threw: carried through p-retry untouched and rethrown. */
class HookFailed extends Error {
  constructor(readonly original: unknown) {
    super('beforeFirstAttempt failed');
    this.name = 'HookFailed';
  }
}

class FinalSend extends Error {
  constructor(readonly result: Extract<SendResult, { ok: false }>) {
    super(result.reason);
    this.name = 'FinalSend';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Bounds one attempt: a connector that never answers must not hang a run (or `npm run job`). */
async function withTimeout(attempt: Promise<SendResult>, ms: number): Promise<SendResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<SendResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, status: null, reason: `no answer within ${ms} ms`, timedOut: true }),
      ms,
    );
  });
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Wraps a single-attempt transport with per-tenant pacing (Bottleneck), bounded retries with
 * exponential backoff and jitter (p-retry) that honour Retry-After, and the unreachable rule:
 * a 403 or 404 marks the conversation unreachable until the user talks to the bot again.
 */
export function createRetryingSender(sendOnce: SendOnce, options: SenderOptions = {}): ProactiveSender {
  const retry = options.retry ?? {};
  const retries = retry.retries ?? 4;
  const maxRetryAfterMs = retry.maxRetryAfterMs ?? 60_000;
  const rate = options.ratePerSecond ?? 30;
  const limiters = new Bottleneck.Group({ minTime: Math.ceil(1000 / rate), maxConcurrent: null });

  return {
    async send(conversation, reply, hooks = {}) {
      const limiter = limiters.key(conversation.tenantId ?? 'default');
      let attempts = 0;
      let uncertain = false;
      try {
        const result = await pRetry(
          async () => {
            const r = await limiter.schedule(async (): Promise<SendResult> => {
              if (attempts === 0 && hooks.beforeFirstAttempt) {
                let go: boolean;
                try {
                  go = await hooks.beforeFirstAttempt();
                } catch (e) {
                  throw new AbortError(new HookFailed(e));
                }
                if (!go)
                  return { ok: false, status: null, reason: 'cancelled before sending', cancelled: true };
              }
              attempts += 1;
              return withTimeout(sendOnce(conversation, reply), retry.attemptTimeoutMs ?? 30_000);
            });
            if (r.ok) return r;
            if (r.cancelled) throw new AbortError(new FinalSend(r));
            if (r.timedOut) uncertain = true;
            if (r.status === null || RETRYABLE_STATUSES.has(r.status)) {
              if ((r.retryAfterMs ?? 0) > maxRetryAfterMs) throw new AbortError(new FinalSend(r));
              throw new RetryableSend(r);
            }
            throw new AbortError(new FinalSend(r));
          },
          {
            retries,
            factor: 2,
            minTimeout: retry.minTimeoutMs ?? 500,
            maxTimeout: retry.maxTimeoutMs ?? 10_000,
            randomize: true,
            maxRetryTime: retry.maxRetryTimeMs ?? 60_000,
            // Retry-After is a floor: wait it out, then the usual backoff adds jitter on top.
            onFailedAttempt: async (error) => {
              const wait = error instanceof RetryableSend ? (error.result.retryAfterMs ?? 0) : 0;
              if (wait > 0 && error.retriesLeft > 0) await sleep(wait);
            },
          },
        );
        return { ...result, attempts, ...(uncertain ? { uncertain: true } : {}) };
      } catch (e) {
        if (e instanceof HookFailed) throw e.original;
        if (e instanceof FinalSend && e.result.cancelled) return { ...e.result, attempts: 0 };
        const result =
          e instanceof RetryableSend || e instanceof FinalSend
            ? e.result
            : { ...failureOf(e), reason: (e as Error).message };
        const unreachable = result.status !== null && UNREACHABLE_STATUSES.has(result.status);
        if (unreachable && options.database) {
          await markUnreachable(
            options.database,
            conversation.aadObjectId,
            conversation.conversationId,
            result.reason,
          );
        }
        options.log?.warn(
          {
            event: 'proactive_send_failed',
            status: result.status,
            attempts,
            unreachable,
            reason: result.reason,
          },
          'proactive send failed',
        );
        return { ...result, attempts, ...(unreachable ? { unreachable: true } : {}) };
      }
    },
    async close() {
      await limiters.disconnect(false);
    },
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
