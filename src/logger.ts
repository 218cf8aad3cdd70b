import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Logs carry ids, never names, CRNs or message text. The redaction list is a second line of
 * defence for fields that must never appear even by accident.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: ['name', 'firstName', 'lastName', 'crn', 'text', 'email', '*.name', '*.crn', '*.text', '*.email'],
        censor: '[redacted]',
      },
    },
    destination ?? process.stdout,
  );
}
