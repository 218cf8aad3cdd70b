import { Writable } from 'node:stream';
import type { Command } from '../../src/assistant/types.js';
import { fixedClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { buildServices } from '../../src/services.js';
import type { Database } from '../../src/store/db.js';
import { messageActivity, type ActivityOptions } from './activities.js';

/** A reply activity as JSON: tests reach into attachments freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ReplyActivity = Record<string, any>;

export interface LogCapture {
  lines: string[];
}

/** Starts the real web app (adapter, assistant, HTTP) on a random loopback port. */
export async function startBot(
  database: Database,
  opts: { today: string; env?: Record<string, string>; commands?: readonly Command[] },
) {
  const config = loadConfig({ DATABASE_URL: 'pglite://memory://', ...(opts.env ?? {}) });
  const logs: LogCapture = { lines: [] };
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  const log = createLogger('debug', sink);
  const services = await buildServices(config, {
    database,
    clock: fixedClock(opts.today),
    log,
    ...(opts.commands ? { commands: opts.commands } : {}),
  });
  const web = services.web();
  const port = await web.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;

  async function post(activity: Record<string, unknown>) {
    const res = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const bodyText = await res.text();
    let body: unknown = null;
    try {
      body = bodyText ? JSON.parse(bodyText) : null;
    } catch {
      body = bodyText;
    }
    return { status: res.status, body };
  }

  /** Sends a message with deliveryMode expectReplies and returns the reply activities. */
  async function ask(text: string, o: ActivityOptions = {}) {
    const { status, body } = await post(messageActivity(text, o));
    if (status !== 200) throw new Error(`HTTP ${status}: ${JSON.stringify(body)}`);
    const activities = (body as { activities?: ReplyActivity[] })?.activities ?? [];
    return activities;
  }

  return { base, port, post, ask, logs, web, close: () => web.close() };
}

/** All the visible text of reply activities (text, card text blocks, facts), for assertions. */
export function visibleText(activities: ReplyActivity[]): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.text === 'string') out.push(o.text);
      if (typeof o.title === 'string') out.push(o.title);
      if (typeof o.value === 'string') out.push(o.value);
      for (const [k, v] of Object.entries(o)) if (k !== 'text' && k !== 'title' && k !== 'value') walk(v);
    }
  };
  for (const a of activities) {
    if (typeof a.text === 'string') out.push(a.text);
    walk(a.attachments);
  }
  return out.join('\n');
}
