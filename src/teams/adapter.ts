import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import { safeError } from '../logger.js';
import { isDatabaseUnavailable } from '../store/db.js';

export interface BotCredentials {
  MicrosoftAppId: string;
  MicrosoftAppPassword: string;
  MicrosoftAppType?: string | undefined;
  MicrosoftAppTenantId: string;
  /** OpenID metadata URL for inbound tokens; unset = the public Bot Framework's. */
  BOT_OPENID_METADATA?: string | undefined;
  /** Entra tenant ids allowed to talk to the bot; unset or empty = any. */
  ALLOWED_TENANTS?: readonly string[] | undefined;
}

/** How long one inbound turn may take before the caller gets a 503 (Teams itself gives up at 15 s). */
export const TURN_TIMEOUT_MS = 14_000;

// The public Azure Bot Framework endpoints (botframework-connector's AuthenticationConstants).
const PUBLIC_CLOUD = {
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromEmulatorOpenIdMetadataUrl:
    'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
} as const;

export const DATABASE_UNAVAILABLE_REPLY =
  "Sorry, I can't reach the case database just now, so I can't answer. It is temporarily unavailable: please try again in a few minutes.";
export const TURN_FAILED_REPLY = 'Sorry, something went wrong on my side. Please try again in a moment.';

export interface BotHttpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type AuthResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/** The tenants an activity says it comes from (Teams puts the id in both places). */
export function activityTenants(activity: Partial<Activity>): string[] {
  const ids = new Set<string>();
  const fromConversation = activity.conversation?.tenantId;
  if (typeof fromConversation === 'string' && fromConversation) ids.add(fromConversation.toLowerCase());
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const fromChannelData = channelData?.tenant?.id;
  if (typeof fromChannelData === 'string' && fromChannelData) ids.add(fromChannelData.toLowerCase());
  return [...ids];
}

/**
 * CloudAdapter with the HTTP handling done here rather than in `CloudAdapter.process`, which
 * answers a bad token signature with 500, writes errors (with whatever they quote) to
 * console.error and has no time bound. Order: authenticate (401), tenant allow-list (403), run
 * the turn within TURN_TIMEOUT_MS (503 after), reply.
 */
export class BotAdapter extends CloudAdapter {
  private readonly allowedTenants: Set<string> | null;
  /** Settable for tests. */
  turnTimeoutMs: number;

  constructor(
    auth: ConfigurationBotFrameworkAuthentication,
    private readonly log: Logger,
    options: { allowedTenants?: readonly string[] | undefined; turnTimeoutMs?: number } = {},
  ) {
    super(auth);
    const allowed = (options.allowedTenants ?? []).map((t) => t.trim().toLowerCase()).filter(Boolean);
    this.allowedTenants = allowed.length > 0 ? new Set(allowed) : null;
    this.turnTimeoutMs = options.turnTimeoutMs ?? TURN_TIMEOUT_MS;
  }

  /** 401 for a token that does not hold, 503 when the signing keys cannot be had; logged. */
  private refusal(e: unknown, authHeader: string): BotHttpResult {
    const err = safeError(e);
    // The signing keys could not be fetched: the fault is ours (or the network's), not the caller's.
    const keysUnavailable = err.type === 'FetchError' || err.statusCode === 500;
    this.log.warn(
      {
        event: keysUnavailable ? 'auth_unavailable' : 'auth_refused',
        err,
        hasToken: authHeader.trim() !== '',
      },
      keysUnavailable ? 'could not check the token' : 'refused an unauthenticated request',
    );
    return keysUnavailable
      ? {
          status: 503,
          body: { error: 'authentication keys unavailable' },
          headers: { 'retry-after': '30' },
        }
      : { status: 401, body: { error: 'unauthorized' } };
  }

  /**
   * The token checked from the header alone (signature, issuer, audience, lifetime, a key endorsed
   * for Teams), before the request's body is read: a refusal, or null to go on. The full check
   * against the activity (its service URL) follows in handleActivity.
   */
  async checkToken(authHeader: string): Promise<BotHttpResult | null> {
    if (!authHeader.trim()) return this.refusal(new Error('no token'), authHeader);
    try {
      await this.botFrameworkAuthentication.authenticateStreamingRequest(authHeader, 'msteams');
      return null;
    } catch (e) {
      return this.refusal(e, authHeader);
    }
  }

  async handleActivity(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<BotHttpResult> {
    let auth: AuthResult;
    try {
      auth = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    } catch (e) {
      return this.refusal(e, authHeader);
    }

    if (this.allowedTenants) {
      const tenants = activityTenants(activity);
      if (tenants.length === 0 || tenants.some((t) => !this.allowedTenants!.has(t))) {
        this.log.warn(
          { event: 'tenant_refused', tenants },
          'refused an activity from a tenant not on ALLOWED_TENANTS',
        );
        return { status: 403, body: { error: 'tenant not allowed' } };
      }
    }

    const turn = this.processActivity(auth, activity, logic);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.turnTimeoutMs);
    });
    try {
      const outcome = await Promise.race([turn, timedOut]);
      if (outcome === 'timeout') {
        turn.catch((e: unknown) =>
          this.log.error({ event: 'turn_error_late', err: safeError(e) }, 'late turn failed'),
        );
        this.log.error(
          { event: 'turn_timeout', ms: this.turnTimeoutMs, activityType: activity.type },
          'turn took too long',
        );
        return {
          status: 503,
          body: { error: 'the bot took too long to answer; try again' },
          headers: { 'retry-after': '5' },
        };
      }
      return { status: outcome?.status ?? 200, body: outcome?.body };
    } catch (e) {
      this.log.error(
        { event: 'activity_failed', err: safeError(e), activityType: activity.type },
        'activity failed',
      );
      return { status: 500, body: { error: 'internal error' } };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The Bot Framework adapter. With an empty MicrosoftAppId it accepts unauthenticated local traffic. */
export function createAdapter(credentials: BotCredentials, log: Logger): BotAdapter {
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: credentials.MicrosoftAppId,
    MicrosoftAppPassword: credentials.MicrosoftAppPassword,
    MicrosoftAppType: credentials.MicrosoftAppType ?? (credentials.MicrosoftAppId ? 'MultiTenant' : ''),
    MicrosoftAppTenantId: credentials.MicrosoftAppTenantId,
  };
  if (credentials.BOT_OPENID_METADATA) {
    // Any one endpoint given switches botbuilder to "all parameters explicit": give them all.
    Object.assign(options, PUBLIC_CLOUD, {
      ToBotFromChannelOpenIdMetadataUrl: credentials.BOT_OPENID_METADATA,
      CallerId: CallerIdConstants.PublicAzureChannel,
      ValidateAuthority: true,
    });
  }
  const auth = new ConfigurationBotFrameworkAuthentication(options);
  const adapter = new BotAdapter(auth, log, { allowedTenants: credentials.ALLOWED_TENANTS });
  adapter.onTurnError = async (context, error) => {
    // Never the error's data: a failed query's message quotes its parameters (CRNs, names).
    const unavailable = isDatabaseUnavailable(error);
    log.error(
      {
        event: unavailable ? 'turn_database_unavailable' : 'turn_error',
        err: safeError(error),
        activityType: context.activity.type,
        conversationType: context.activity.conversation?.conversationType,
      },
      unavailable ? 'turn failed: database unavailable' : 'turn failed',
    );
    try {
      await context.sendActivity(unavailable ? DATABASE_UNAVAILABLE_REPLY : TURN_FAILED_REPLY);
    } catch {
      // The connector itself is unreachable; nothing more to do.
    }
  };
  return adapter;
}

/** Date fields arrive as strings; botbuilder expects Dates (what its own `process` does). */
function toActivity(body: Record<string, unknown>): Activity {
  const activity = { ...body } as Record<string, unknown>;
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    if (typeof activity[field] === 'string') {
      activity[raw] = activity[field];
      activity[field] = new Date(activity[field]);
    }
  }
  return activity as unknown as Activity;
}

export async function processBotRequest(
  adapter: BotAdapter,
  req: IncomingMessage,
  body: Record<string, unknown>,
  res: ServerResponse,
  logic: (context: TurnContext) => Promise<void>,
): Promise<void> {
  const header = req.headers.authorization;
  const result = await adapter.handleActivity(
    typeof header === 'string' ? header : '',
    toActivity(body),
    logic,
  );
  if (res.writableEnded) return;
  const headers: Record<string, string> = { ...(result.headers ?? {}) };
  if (result.body === undefined || result.body === null) {
    res.writeHead(result.status, headers).end();
  } else if (typeof result.body === 'string') {
    res
      .writeHead(result.status, { ...headers, 'content-type': 'text/plain; charset=utf-8' })
      .end(result.body);
  } else {
    res
      .writeHead(result.status, { ...headers, 'content-type': 'application/json' })
      .end(JSON.stringify(result.body));
  }
}
