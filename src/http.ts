import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import { isLoopback } from './config.js';
import { safeError } from './logger.js';

export const MAX_BODY_BYTES = 256 * 1024;

export const MAX_BODY_TEXT = '256 KB';

/**
 * The longest a request may take to arrive, headers and body (Node's own default is 300 s): a
 * client trickling a body holds a connection and its buffer for no longer than this.
 */
export const REQUEST_TIMEOUT_MS = 10_000;

const optionalString = z.string().optional();
const account = z
  .object({ id: z.string().min(1), name: optionalString, aadObjectId: optionalString, role: optionalString })
  .passthrough();
const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');
/**
 * What an activity must look like before the bot SDK sees it; anything else is a 400. Every field
 * the SDK or the bot logic reads is type-checked here, so a wrong type is refused, never a crash.
 */
export const activitySchema = z
  .object({
    type: z.string().min(1),
    id: optionalString,
    channelId: optionalString,
    from: account.optional(),
    conversation: z
      .object({
        id: z.string().min(1),
        tenantId: optionalString,
        conversationType: optionalString,
        isGroup: z.boolean().optional(),
        name: optionalString,
      })
      .passthrough()
      .optional(),
    recipient: account.optional(),
    text: optionalString,
    textFormat: optionalString,
    locale: optionalString,
    replyToId: optionalString,
    name: optionalString,
    serviceUrl: httpUrl.optional(),
    deliveryMode: optionalString,
    timestamp: optionalString,
    localTimestamp: optionalString,
    expiration: optionalString,
    entities: z.array(z.object({ type: z.string() }).passthrough()).optional(),
    attachments: z.array(z.object({ contentType: z.string() }).passthrough()).optional(),
    membersAdded: z.array(account).optional(),
    membersRemoved: z.array(account).optional(),
    channelData: z.object({}).passthrough().optional(),
  })
  .passthrough()
  .superRefine((a, ctx) => {
    // A mention names whom it mentions; botbuilder's mention handling reads `mentioned.id`.
    a.entities?.forEach((e, i) => {
      if (e.type !== 'mention') return;
      const mentioned = (e as { mentioned?: unknown }).mentioned;
      if (
        !mentioned ||
        typeof mentioned !== 'object' ||
        typeof (mentioned as { id?: unknown }).id !== 'string'
      )
        ctx.addIssue({
          code: 'custom',
          path: ['entities', i, 'mentioned'],
          message: 'is required for a mention (with an id)',
        });
    });
    if (a.type === 'message' || a.type === 'conversationUpdate' || a.type === 'invoke') {
      if (!a.from) ctx.addIssue({ code: 'custom', path: ['from'], message: 'is required' });
      if (!a.conversation) ctx.addIssue({ code: 'custom', path: ['conversation'], message: 'is required' });
      // Without a service URL a reply can only go back in the HTTP response.
      if (!a.serviceUrl && a.deliveryMode !== 'expectReplies') {
        ctx.addIssue({
          code: 'custom',
          path: ['serviceUrl'],
          message: 'is required (unless deliveryMode is expectReplies)',
        });
      }
    }
  });

export interface HttpDeps {
  log: Logger;
  /**
   * Checks the caller's token from the headers alone, before the body is read: an answer to send
   * (401, 503) or null to go on. Absent when there are no credentials to check against.
   */
  authenticate?(
    req: IncomingMessage,
  ): Promise<{ status: number; body?: unknown; headers?: Record<string, string> } | null>;
  /** Without credentials anyone on this machine may post: replies may then go to loopback only. */
  loopbackServiceUrlsOnly: boolean;
  onActivity(req: IncomingMessage, body: Record<string, unknown>, res: ServerResponse): Promise<void>;
  health(): Promise<{ database: 'ok' | 'unavailable'; disk: 'ok' | 'full' }>;
}

/** The first string anywhere in the activity that holds a NUL character, as a path. */
function nulAt(value: unknown, path: string[] = [], depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || 'activity' : null;
  if (depth > 32 || !value || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    const found = nulAt(v, [...path, k], depth + 1);
    if (found !== null) return found;
  }
  return null;
}

function serviceUrlHost(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const TOO_LARGE = `request body is larger than the limit of ${MAX_BODY_TEXT} (${MAX_BODY_BYTES} bytes)`;

class BodyTooLarge extends RangeError {}
class BodyNotUtf8 extends TypeError {}

/** The body, or BodyTooLarge as soon as it passes MAX_BODY_BYTES (the rest is not buffered). */
async function readBody(req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) throw new BodyTooLarge(TOO_LARGE);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge(TOO_LARGE);
    chunks.push(chunk as Buffer);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new BodyNotUtf8('body is not valid UTF-8');
  }
}

export function createHttpServer(deps: HttpDeps): Server {
  const { log } = deps;
  // Timeouts are checked every second, not Node's default 30 s.
  const server = createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    void (async () => {
      try {
        if (url === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
          const h = await deps.health();
          const ok = h.database === 'ok' && h.disk === 'ok';
          return json(res, ok ? 200 : 503, {
            status: ok ? 'ok' : 'degraded',
            database: h.database,
            disk: h.disk,
          });
        }
        if (url === '/api/messages') {
          if (req.method !== 'POST') return json(res, 405, { error: 'use POST' });
          // A form or a text/plain body is what a web page can send without asking first: refused.
          const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
          if (type !== 'application/json') {
            res.setHeader('connection', 'close');
            return json(res, 415, { error: 'content-type must be application/json' });
          }
          const refused = deps.authenticate ? await deps.authenticate(req) : null;
          if (refused) {
            // The body of a caller who failed authentication is never read.
            res.setHeader('connection', 'close');
            res.writeHead(refused.status, { ...(refused.headers ?? {}), 'content-type': 'application/json' });
            return res.end(JSON.stringify(refused.body ?? {}));
          }
          let raw: string;
          try {
            raw = await readBody(req);
          } catch (e) {
            if (e instanceof BodyNotUtf8) return json(res, 400, { error: e.message });
            if (!(e instanceof BodyTooLarge)) throw e;
            log.warn({ event: 'body_too_large', limit: MAX_BODY_BYTES }, 'refused an oversized request');
            // Close the connection rather than read (and discard) the rest of a huge upload.
            res.setHeader('connection', 'close');
            return json(res, 413, { error: e.message, limit: MAX_BODY_BYTES });
          }
          let body: unknown;
          try {
            body = JSON.parse(raw);
          } catch {
            return json(res, 400, { error: 'body is not valid JSON' });
          }
          const parsed = activitySchema.safeParse(body);
          if (!parsed.success) {
            const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'activity'} ${i.message}`);
            log.warn({ event: 'bad_activity', issues }, 'refused malformed activity');
            return json(res, 400, { error: 'malformed activity', issues });
          }
          // Ids end up in SQL and in botbuilder's URLs; PostgreSQL text cannot hold NUL.
          const nul = nulAt(parsed.data);
          if (nul !== null) {
            log.warn(
              { event: 'bad_activity', issues: [`${nul} contains NUL`] },
              'refused malformed activity',
            );
            return json(res, 400, {
              error: 'malformed activity',
              issues: [`${nul} contains a NUL character`],
            });
          }
          const serviceUrl = parsed.data.serviceUrl;
          if (deps.loopbackServiceUrlsOnly && serviceUrl !== undefined) {
            const host = serviceUrlHost(serviceUrl);
            if (host === null || !isLoopback(host)) {
              log.warn(
                { event: 'service_url_refused' },
                'refused a non-loopback serviceUrl without credentials',
              );
              return json(res, 400, {
                error: 'malformed activity',
                issues: ['serviceUrl must be a loopback address while the bot runs without credentials'],
              });
            }
          }
          return await deps.onActivity(req, parsed.data, res);
        }
        json(res, 404, { error: 'not found' });
      } catch (e) {
        log.error({ event: 'http_error', err: safeError(e), url }, 'request failed');
        if (!res.headersSent) json(res, 500, { error: 'internal error' });
        else res.end();
      }
    })();
  });
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = REQUEST_TIMEOUT_MS;
  return server;
}
