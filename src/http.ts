import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import { safeError } from './logger.js';

export const MAX_BODY_BYTES = 256 * 1024;

export const MAX_BODY_TEXT = '256 KB';

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
  onActivity(req: IncomingMessage, body: Record<string, unknown>, res: ServerResponse): Promise<void>;
  health(): Promise<{ database: 'ok' | 'unavailable' }>;
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const TOO_LARGE = `request body is larger than the limit of ${MAX_BODY_TEXT} (${MAX_BODY_BYTES} bytes)`;

class BodyTooLarge extends RangeError {}

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
  return Buffer.concat(chunks).toString('utf8');
}

export function createHttpServer(deps: HttpDeps): Server {
  const { log } = deps;
  return createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    void (async () => {
      try {
        if (url === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
          const h = await deps.health();
          const ok = h.database === 'ok';
          return json(res, ok ? 200 : 503, { status: ok ? 'ok' : 'degraded', database: h.database });
        }
        if (url === '/api/messages') {
          if (req.method !== 'POST') return json(res, 405, { error: 'use POST' });
          let raw: string;
          try {
            raw = await readBody(req);
          } catch (e) {
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
}
