import Bottleneck from 'bottleneck';
import pRetry, { AbortError } from 'p-retry';
import type { Logger } from 'pino';
import type { Reply } from '../cards/types.js';
import type { Database } from '../store/db.js';
import { markUnreachable, type StoredConversation } from '../store/conversations.repository.js';
import { sleep, withDeadline } from '../timing.js';

/**
 * The SDK-free half of proactive delivery: pacing, bounded retries and the unreachable rule over
 * a single-attempt transport (src/teams/ supplies the Bot Framework one).
 */

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

export function failureOf(e: unknown): Extract<SendResult, { ok: false }> {
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

/** Bounds one attempt: a connector that never answers must not hang a run (or `npm run job`). */
function withTimeout(attempt: Promise<SendResult>, ms: number): Promise<SendResult> {
  return withDeadline(attempt, ms, (): SendResult => ({
    ok: false,
    status: null,
    reason: `no answer within ${ms} ms`,
    timedOut: true,
  }));
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
