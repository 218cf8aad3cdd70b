import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';

export interface BotCredentials {
  MicrosoftAppId: string;
  MicrosoftAppPassword: string;
  MicrosoftAppType?: string | undefined;
  MicrosoftAppTenantId: string;
}

/** The Bot Framework adapter. With an empty MicrosoftAppId it accepts unauthenticated local traffic. */
export function createAdapter(credentials: BotCredentials, log: Logger): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: credentials.MicrosoftAppId,
    MicrosoftAppPassword: credentials.MicrosoftAppPassword,
    MicrosoftAppType: credentials.MicrosoftAppType ?? (credentials.MicrosoftAppId ? 'MultiTenant' : ''),
    MicrosoftAppTenantId: credentials.MicrosoftAppTenantId,
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    // Replies to an unreachable serviceUrl fail here (the HTTP answer is already 200): record them.
    log.error(
      {
        event: 'turn_error',
        err: { message: error.message, name: error.name, statusCode: (error as { statusCode?: number }).statusCode },
        activityType: context.activity.type,
        conversationType: context.activity.conversation?.conversationType,
      },
      'turn failed',
    );
    try {
      await context.sendActivity('Sorry, something went wrong on my side. Please try again in a moment.');
    } catch {
      // The connector itself is unreachable; nothing more to do.
    }
  };
  return adapter;
}

/** A minimal express-like response over node:http, which is all CloudAdapter.process needs. */
function responseShim(res: ServerResponse) {
  let status = 200;
  let body: unknown;
  return {
    socket: res.socket,
    status(code: number) {
      status = code;
      return this;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
      return this;
    },
    send(b: unknown) {
      body = b;
      return this;
    },
    end() {
      if (res.writableEnded) return;
      if (body === undefined || body === null) {
        res.writeHead(status).end();
      } else if (typeof body === 'string') {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
      } else {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      }
    },
  };
}

export async function processBotRequest(
  adapter: CloudAdapter,
  req: IncomingMessage,
  body: Record<string, unknown>,
  res: ServerResponse,
  logic: (context: TurnContext) => Promise<void>,
): Promise<void> {
  const request = { body, headers: req.headers as Record<string, string | string[] | undefined>, method: req.method };
  await adapter.process(request, responseShim(res), logic);
}
