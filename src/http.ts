import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';

export const MAX_BODY_BYTES = 256 * 1024;

const account = z.object({ id: z.string().min(1) }).passthrough();
/** The minimum an activity must carry before the bot SDK sees it; anything else is a 400. */
export const activitySchema = z
  .object({
    type: z.string().min(1),
    from: account.optional(),
    conversation: account.optional(),
    recipient: account.optional(),
    text: z.string().optional(),
    serviceUrl: z.string().optional(),
    deliveryMode: z.string().optional(),
  })
  .passthrough()
  .superRefine((a, ctx) => {
    if (a.type === 'message' || a.type === 'conversationUpdate' || a.type === 'invoke') {
      if (!a.from) ctx.addIssue({ code: 'custom', path: ['from'], message: 'is required' });
      if (!a.conversation) ctx.addIssue({ code: 'custom', path: ['conversation'], message: 'is required' });
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

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new RangeError(`request body over ${MAX_BODY_BYTES} bytes`);
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
            return json(res, 413, { error: (e as Error).message });
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
        log.error({ event: 'http_error', err: { message: (e as Error).message }, url }, 'request failed');
        if (!res.headersSent) json(res, 500, { error: 'internal error' });
        else res.end();
      }
    })();
  });
}
