import { isDatabaseUnavailable } from './db.js';

/**
 * What went wrong in the store, in words that carry no row value. A driver's error quotes the
 * failed statement with every parameter, and PostgreSQL's own messages and details quote values
 * (`invalid input syntax for type date: "…"`, `Key (crn)=(X123456) already exists`): none of
 * that may reach a terminal or a log. Kept: the SQLSTATE code, the connection error code, and
 * the message up to its first quoted value or colon, with quoted names other than the schema's
 * own identifiers masked.
 */

const IDENTIFIER = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;

function chain(e: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let current: unknown = e;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
    out.push(current as Record<string, unknown>);
    current = (current as { cause?: unknown }).cause;
  }
  return out;
}

function safeMessage(message: string): string {
  const firstLine = message.split('\n')[0] ?? '';
  const head = firstLine.split(':')[0] ?? '';
  return head
    .replace(/"([^"]*)"/g, (_m, inner: string) => (IDENTIFIER.test(inner) ? `"${inner}"` : '"…"'))
    .replace(/\([^)]*\)=\([^)]*\)/g, '(…)')
    .slice(0, 160)
    .trim();
}

export function describeStoreFailure(e: unknown): string {
  const links = chain(e);
  const codes = links.map((l) => (typeof l.code === 'string' ? l.code : '')).filter(Boolean);
  if (isDatabaseUnavailable(e)) {
    const code = codes.find((c) => !/^\d/.test(c)) ?? codes[0] ?? 'connection lost';
    return `the database stopped answering (${code})`;
  }
  // The innermost error with a SQLSTATE is the server's own answer.
  const server = [...links].reverse().find((l) => typeof l.code === 'string' && /^[0-9A-Z]{5}$/.test(l.code));
  if (server) {
    const message = typeof server.message === 'string' ? safeMessage(server.message) : '';
    return `the database refused the write (SQLSTATE ${String(server.code)}${message ? `: ${message}` : ''})`;
  }
  const code = codes[0];
  const name = links.map((l) => (typeof l.name === 'string' ? l.name : '')).find((n) => n && n !== 'Error');
  return `the write failed (${code ?? name ?? 'unknown error'})`;
}
