import {
  Client,
  GraphError,
  HTTPMessageHandler,
  RetryHandler,
  RetryHandlerOptions,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import type { Logger } from 'pino';
import type { Config } from '../config.js';

/**
 * Microsoft Graph, for one job only: reaching a user who has never talked to the bot. Installing
 * the app for them (TeamsAppInstallation.ReadWriteForUser.All) creates the personal chat; its id
 * is what the bot needs to message them. This folder is the only importer of the Graph client.
 */

export interface GraphOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** e.g. https://login.microsoftonline.com */
  authorityHost: string;
  /** e.g. https://graph.microsoft.com */
  baseUrl: string;
  /** The app's id in the organisation's Teams app catalog. */
  teamsAppId: string;
  retry?: { delaySeconds?: number; maxRetries?: number };
}

export type InstallResult =
  { ok: true; userId: string; chatId: string; tenantId: string } | { ok: false; reason: string };

export interface TeamsAppInstaller {
  /** Installs the app for the user if needed and returns the personal chat with the bot. */
  ensurePersonalChat(user: { aadObjectId: string | null; email: string }): Promise<InstallResult>;
}

/** Graph features are on only when all three credentials are set. */
export function graphOptionsFromConfig(config: Config): GraphOptions | null {
  if (!config.GRAPH_TENANT_ID || !config.GRAPH_CLIENT_ID || !config.GRAPH_CLIENT_SECRET) return null;
  return {
    tenantId: config.GRAPH_TENANT_ID,
    clientId: config.GRAPH_CLIENT_ID,
    clientSecret: config.GRAPH_CLIENT_SECRET,
    authorityHost: config.GRAPH_AUTHORITY_HOST,
    baseUrl: config.GRAPH_BASE_URL,
    teamsAppId: config.TEAMS_APP_ID,
  };
}

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const trimSlash = (s: string) => s.replace(/\/+$/, '');

/** Client-credentials token, cached until shortly before it expires. */
function tokenSource(options: GraphOptions) {
  let cached: { token: string; expiresAt: number } | null = null;
  return async (): Promise<string> => {
    if (cached && cached.expiresAt > Date.now() + 60_000) return cached.token;
    const url = `${trimSlash(options.authorityHost)}/${encodeURIComponent(options.tenantId)}/oauth2/v2.0/token`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: options.clientId,
        client_secret: options.clientSecret,
        scope: GRAPH_SCOPE,
      }),
      signal: AbortSignal.timeout(15_000),
    });
    if (!response.ok) throw new GraphError(response.status, `token request failed (HTTP ${response.status})`);
    const body = (await response.json()) as { access_token?: string; expires_in?: number };
    if (!body.access_token) throw new GraphError(500, 'token response had no access_token');
    cached = { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000 };
    return cached.token;
  };
}

/**
 * Adds the bearer token to every request. The SDK's own AuthenticationHandler only signs requests
 * to hosts it recognises over https; this client only ever talks to the configured base URL.
 */
function bearerMiddleware(getToken: () => Promise<string>): Middleware {
  let next: Middleware | undefined;
  return {
    async execute(context: Context) {
      const token = await getToken();
      const options = (context.options ??= {});
      const headers = options.headers;
      if (headers instanceof Headers) headers.set('Authorization', `Bearer ${token}`);
      else options.headers = { ...(headers ?? {}), Authorization: `Bearer ${token}` };
      if (next) await next.execute(context);
    },
    setNext(middleware: Middleware) {
      next = middleware;
    },
  };
}

export function createGraphClient(options: GraphOptions): Client {
  const auth = bearerMiddleware(tokenSource(options));
  // The SDK's retry handler honours Retry-After on 429/503/504 (delays are in seconds).
  const retry = new RetryHandler(
    new RetryHandlerOptions(options.retry?.delaySeconds ?? 3, options.retry?.maxRetries ?? 3),
  );
  auth.setNext?.(retry);
  retry.setNext(new HTTPMessageHandler());
  return Client.initWithMiddleware({
    middleware: auth,
    baseUrl: `${trimSlash(options.baseUrl)}/`,
    defaultVersion: 'v1.0',
  });
}

function statusOf(e: unknown): number | null {
  return e instanceof GraphError || (e && typeof (e as { statusCode?: unknown }).statusCode === 'number')
    ? (e as { statusCode: number }).statusCode
    : null;
}

function describe(step: string, e: unknown): string {
  const status = statusOf(e);
  const code = (e as { code?: unknown })?.code;
  return `${step} failed${status !== null && status > 0 ? ` (HTTP ${status}${typeof code === 'string' && code ? ` ${code}` : ''})` : ''}`;
}

export function createTeamsAppInstaller(
  options: GraphOptions,
  log: Logger,
  client: Client = createGraphClient(options),
): TeamsAppInstaller {
  const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
  let catalogId: Promise<string> | null = null;

  /**
   * TEAMS_APP_ID may be the manifest id (what the org catalog calls externalId) or the catalog's
   * own id: look the former up once (AppCatalog.Read.All), falling back to using it as given.
   */
  function catalogIdOf(): Promise<string> {
    catalogId ??= (async () => {
      try {
        const found = (await client
          .api('/appCatalogs/teamsApps')
          .filter(`distributionMethod eq 'organization' and externalId eq ${quote(options.teamsAppId)}`)
          .get()) as { value?: { id?: string }[] };
        return found.value?.[0]?.id ?? options.teamsAppId;
      } catch (e) {
        log.debug({ event: 'graph_catalog_lookup_failed', status: statusOf(e) });
        catalogId = null; // look again next time: the failure may be passing
        return options.teamsAppId;
      }
    })();
    return catalogId;
  }

  async function userIdOf(user: {
    aadObjectId: string | null;
    email: string;
  }): Promise<string | InstallResult> {
    if (user.aadObjectId) return user.aadObjectId;
    try {
      const found = (await client
        .api(`/users/${encodeURIComponent(user.email)}`)
        .select('id')
        .get()) as { id?: string };
      return found.id ?? { ok: false, reason: 'user not found in the directory' };
    } catch (e) {
      return {
        ok: false,
        reason: statusOf(e) === 404 ? 'user not found in the directory' : describe('user lookup', e),
      };
    }
  }

  return {
    async ensurePersonalChat(user) {
      if (!options.teamsAppId) return { ok: false, reason: 'app not installed (TEAMS_APP_ID is not set)' };
      const userId = await userIdOf(user);
      if (typeof userId !== 'string') return userId;
      const base = `/users/${encodeURIComponent(userId)}/teamwork/installedApps`;
      const appId = await catalogIdOf();
      const appBinding = `${trimSlash(options.baseUrl)}/v1.0/appCatalogs/teamsApps/${encodeURIComponent(appId)}`;
      try {
        await client.api(base).post({ 'teamsApp@odata.bind': appBinding });
        log.info({ event: 'graph_app_installed' }, 'installed the app for a user');
      } catch (e) {
        // 409: already installed, which is what we want. A 2xx here is a body the client could not
        // parse (an install answers 201 with no content): the install itself succeeded.
        const status = statusOf(e) ?? 0;
        if (status !== 409 && !(status >= 200 && status < 300)) {
          log.warn({ event: 'graph_install_failed', status }, 'could not install the app for a user');
          return { ok: false, reason: `app not installed: ${describe('install', e)}` };
        }
      }
      try {
        const list = (await client
          .api(base)
          .expand('teamsApp')
          .filter(`teamsApp/id eq ${quote(appId)}`)
          .get()) as { value?: { id?: string }[] };
        const installationId = list.value?.[0]?.id;
        if (!installationId)
          return { ok: false, reason: 'app not installed: installation not found after install' };
        const chat = (await client.api(`${base}/${encodeURIComponent(installationId)}/chat`).get()) as {
          id?: string;
        };
        if (!chat.id) return { ok: false, reason: 'app installed but no chat returned' };
        return { ok: true, userId, chatId: chat.id, tenantId: options.tenantId };
      } catch (e) {
        return { ok: false, reason: describe('chat lookup', e) };
      }
    },
  };
}
