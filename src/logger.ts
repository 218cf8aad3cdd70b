import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Logs carry ids, never names, CRNs or message text. The redaction list is a second line of
 * defence for fields that must never appear even by accident; the `err` serializer is the third:
 * error messages can quote data (a failed query's parameters, a database's "invalid input
 * "Jordan""), so only their first line is kept, with quoted values, CRNs and emails masked.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: [
          'name',
          'firstName',
          'lastName',
          'crn',
          'text',
          'email',
          '*.name',
          '*.crn',
          '*.text',
          '*.email',
        ],
        censor: '[redacted]',
      },
      serializers: { err: safeError },
      hooks: {
        // log.error(err) would make err.message the line's `msg`: log it as { err } instead.
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[];
          if (first instanceof Error) {
            const message = typeof rest[0] === 'string' ? rest : [first.name];
            return method.apply(this, [{ err: first }, ...message] as unknown as Parameters<typeof method>);
          }
          return method.apply(this, args);
        },
      },
    },
    destination ?? process.stdout,
  );
}

/** An error message with anything that might be personal data taken out. */
export function scrubMessage(message: string): string {
  return (
    (message.split('\n')[0] ?? '')
      // drizzle: "Failed query: select … \nparams: X123456,Jordan" (the first line stops before the params)
      .replace(/\bparams:.*$/i, 'params: [redacted]')
      .replace(/"[^"]*"|`[^`]*`|“[^”]*”/g, '"…"')
      .replace(/\(([^()]*)\)=\([^()]*\)/g, '($1)=(…)')
      .replace(/[^\s@<>()"']+@[^\s@<>()"']+/g, '[email]')
      .replace(/\b[A-Za-z]\d{6}\b/g, '[crn]')
      .slice(0, 300)
  );
}

export interface SafeError {
  /** The error's class name (not `name`: the redaction list censors every `*.name`). */
  type?: string;
  message?: string;
  code?: string;
  statusCode?: number;
  cause?: SafeError;
}

/** What a log line may say about an error: its kind, code and a scrubbed first line, never its data. */
export function safeError(e: unknown, depth = 0): SafeError {
  if (e === null || typeof e !== 'object') {
    return { message: typeof e === 'string' ? scrubMessage(e) : typeof e };
  }
  const o = e as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    statusCode?: unknown;
    status?: unknown;
    cause?: unknown;
  };
  const out: SafeError = {};
  if (typeof o.name === 'string' && o.name !== 'Error') out.type = o.name;
  if (typeof o.message === 'string') out.message = scrubMessage(o.message);
  if (typeof o.code === 'string' || typeof o.code === 'number') out.code = String(o.code);
  const status =
    typeof o.statusCode === 'number' ? o.statusCode : typeof o.status === 'number' ? o.status : undefined;
  if (status !== undefined) out.statusCode = status;
  if (o.cause !== undefined && depth < 3) out.cause = safeError(o.cause, depth + 1);
  return out;
}
