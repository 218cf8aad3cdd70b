/**
 * What every `npm run` script shares: its arguments, `--help`, usage errors (exit 2), failures
 * with a clear message (exit 1), configuration errors naming the variable, and "the embedded
 * database is held by another process".
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../src/config.js';
import { buildServices, type ServiceParts, type Services } from '../src/services.js';
import { DatabaseLockedError } from '../src/store/db.js';

/** Wrong arguments: the message and the usage go to stderr, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The script cannot do its work: the message goes to stderr, exit 1. */
export class CliFailure extends Error {
  override name = 'CliFailure';
}

/** The script's arguments, without the `--` npm may pass through. */
export function cliArgs(argv: string[] = process.argv): string[] {
  return argv.slice(2).filter((a, i) => !(i === 0 && a === '--'));
}

export function loadConfigOrFail(env?: NodeJS.ProcessEnv): Config {
  try {
    return loadConfig(env);
  } catch (e) {
    throw new CliFailure(e instanceof ConfigError ? e.message : (e as Error).message);
  }
}

/** The composition root for a script, with its database open or a clear reason why not. */
export async function servicesOrFail(config: Config, parts: ServiceParts = {}): Promise<Services> {
  try {
    return await buildServices(config, parts);
  } catch (e) {
    if (e instanceof DatabaseLockedError || e instanceof ConfigError) throw new CliFailure(e.message);
    throw new CliFailure(`Cannot open the database: ${(e as Error).message}`);
  }
}

/**
 * Runs a script's main: `--help` prints the usage; the exit code is what main returns (default 0);
 * UsageError exits 2, CliFailure and anything else 1 (prefixed with `failurePrefix` when given:
 * a raw error may be unexpected, so the prefix says what did not happen).
 */
export function runCli(
  usage: string,
  main: (args: string[]) => Promise<number | void>,
  options: { failurePrefix?: string } = {},
): void {
  const args = cliArgs();
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  main(args).then(
    (code) => process.exit(code ?? 0),
    (e: unknown) => {
      if (e instanceof UsageError) {
        process.stderr.write(`${e.message}\n${usage}\n`);
        process.exit(2);
      }
      const message = e instanceof Error ? e.message : String(e);
      const prefix = e instanceof CliFailure || !options.failurePrefix ? '' : `${options.failurePrefix}: `;
      process.stderr.write(`${prefix}${message}\n`);
      process.exit(1);
    },
  );
}

/** `--name value` options by node's parseArgs; an unknown or malformed option is a usage error. */
export function parseOptions<T extends ParseArgsConfig['options']>(
  args: string[],
  options: T,
): ReturnType<
  typeof parseArgs<{ options: T; strict: true; allowPositionals: false; args: string[] }>
>['values'] {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** A whole-number option (at least `min`), or undefined when not given. */
export function wholeNumber(name: string, text: string | undefined, min = 0): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min)
    throw new UsageError(`--${name} must be a whole number${min ? ` ≥ ${min}` : ''} (got '${text}')`);
  return Number(text);
}
