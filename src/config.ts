import { z } from 'zod';
import { IMPORT_KINDS } from './import/rows.js';

/**
 * The only reader of process.env. Every variable of docs/contracts.md is here, plus the rule
 * settings of docs/rules.md (each with its documented default).
 */

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'is not a real calendar date',
  );

const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

const bool01 = z.preprocess(
  emptyToUndefined,
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no'], { message: 'must be 1 or 0' })
    .transform((v) => v === '1' || v === 'true' || v === 'yes')
    .optional(),
);

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time as HH:MM');

/** `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM` to pin the time of day too (Europe/London). */
const asOf = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T([01]\d|2[0-3]):[0-5]\d)?$/, 'must be YYYY-MM-DD or YYYY-MM-DDTHH:MM')
  .refine((s) => isoDate.safeParse(s.slice(0, 10)).success, 'is not a real calendar date');

/** A JSON array, or the path to a JSON file holding one (the timeline settings). */
const jsonOrPath = z.preprocess(emptyToUndefined, z.string().optional());

const envSchema = z.object({
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3978)),
  HOST: z.preprocess(emptyToUndefined, z.string().optional()),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^(postgres|postgresql|pglite):\/\//, 'must start with postgres://, postgresql:// or pglite://')
      .default('pglite://./data/pglite'),
  ),
  DEMO_DATA: bool01,
  AS_OF_DATE: z.preprocess(emptyToUndefined, asOf.optional()),
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.preprocess(
    emptyToUndefined,
    z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  ),
  MicrosoftAppTenantId: z.string().default(''),
  // OpenID metadata URL the Bot Framework tokens are checked against; empty = the public Bot
  // Framework's. Tests point it at a local fixture; a sovereign or private cloud may need its own.
  BOT_OPENID_METADATA: z.preprocess(emptyToUndefined, z.string().url().optional()),
  GRAPH_TENANT_ID: z.string().default(''),
  GRAPH_CLIENT_ID: z.string().default(''),
  GRAPH_CLIENT_SECRET: z.string().default(''),
  TEAMS_APP_ID: z.string().default(''),
  // Where the Graph client signs in and sends requests: the real services by default; tests point
  // them at a local fake server.
  GRAPH_AUTHORITY_HOST: z.preprocess(
    emptyToUndefined,
    z.string().url().default('https://login.microsoftonline.com'),
  ),
  GRAPH_BASE_URL: z.preprocess(emptyToUndefined, z.string().url().default('https://graph.microsoft.com')),
  // The Bot Framework service URL for personal chats the app was installed into through Graph (no
  // inbound activity has told us one yet). Teams routes the generic endpoint to the tenant's region.
  BOT_SERVICE_URL: z.preprocess(
    emptyToUndefined,
    z.string().url().default('https://smba.trafficmanager.net/teams/'),
  ),
  PROCESS_MODE: z.preprocess(emptyToUndefined, z.enum(['all', 'web', 'worker']).default('all')),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  ALLOWED_TENANTS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .transform((s, ctx) => {
        const ids = s
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean);
        // A list that names no one must not read as "no list": that would let every tenant in.
        if (ids.length === 0)
          ctx.addIssue({
            code: 'custom',
            message: 'names no tenant id: give comma-separated ids, or leave it empty',
          });
        return ids;
      })
      .optional(),
  ),
  ACCESS_CONTACT: z.string().default('your Senior Probation Officer or the service desk'),

  // Rule settings (docs/rules.md, Settings).
  RESET_GO_LIVE_DATE: z.preprocess(emptyToUndefined, isoDate.default('2024-04-29')),
  PSS_REPEAL_DATE: z.preprocess(emptyToUndefined, isoDate.default('2026-05-11')),
  ECSL_TIMELINE: jsonOrPath,
  // The progression model's tranches (docs/rules.md §5), data like the ECSL timeline.
  PROGRESSION_TRANCHES: jsonOrPath,
  ECSL_VIOLENT_THRESHOLD: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/, 'must be an ISO 8601 period such as P4Y')
      .default('P4Y'),
  ),
  ECSL_MIN_CUSTODY_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).default(14)),
  DIP_WARNING_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(180).default(14)),

  // Scheduling and delivery.
  SEND_RATE_PER_SECOND: z.preprocess(emptyToUndefined, z.coerce.number().positive().default(30)),
  // Further attempts after a proactive send fails with 412/429/502/503/504 or a network error.
  SEND_RETRIES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(10).default(4)),
  // A job's schedule is overridden by SCHEDULE_<JOB_NAME> (see `schedules` below), read for
  // every job by its name, so a new job needs no variable here.
  // How often deferred deliveries (quiet hours, a later digest time) are looked at again.
  SCHEDULE_DEFERRED_SWEEP: z.preprocess(emptyToUndefined, z.string().optional()),
  // Concurrent sends within one job run (the per-tenant rate above still applies).
  SEND_CONCURRENCY: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(64).default(8)),
  RETENTION_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).default(365)),
  BANK_HOLIDAYS_FILE: z.preprocess(emptyToUndefined, z.string().optional()),
  DEFAULT_DIGEST_TIME: z.preprocess(emptyToUndefined, hhmm.default('07:30')),

  // Data freshness and the drop folder.
  // "36", or "36,staff=168": working hours an extract may age before answers built on it warn.
  EXTRACT_MAX_AGE_HOURS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(
        /^\s*(\d+|[a-z-]+=\d+)(\s*,\s*(\d+|[a-z-]+=\d+))*\s*$/,
        'must be hours, optionally with kind=hours overrides, e.g. 36 or 36,staff=168',
      )
      .refine(
        (s) =>
          [...s.matchAll(/([a-z-]+)=/g)].every((m) =>
            (IMPORT_KINDS as readonly string[]).includes(m[1] ?? ''),
          ),
        `names a kind that is not one of ${IMPORT_KINDS.join(', ')}`,
      )
      .default('36'),
  ),
  IMPORT_DIR: z.preprocess(emptyToUndefined, z.string().optional()),
  // How often the worker looks in IMPORT_DIR; a file must be unchanged between two looks.
  IMPORT_SCAN_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3600).default(30)),
  // The largest share of a table's rows (percent) one import may retire without --allow-large-removal.
  IMPORT_MAX_REMOVAL_PERCENT: z.preprocess(
    emptyToUndefined,
    z.coerce.number().min(0, 'must be 0–100').max(100, 'must be 0–100').default(20),
  ),
});

export type Config = z.infer<typeof envSchema> & {
  /** SCHEDULE_<NAME> overrides as given (variable → cron expression); the scheduler checks them. */
  schedules: Record<string, string>;
  demoData: boolean;
  database: { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string };
  bindHost: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** 127.0.0.0/8, ::1 or localhost: addresses no other machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const m = h.match(/^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
  return m !== null && m.slice(1).every((n) => Number(n) <= 255);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'} ${i.message}`),
    );
  }
  const c = parsed.data;
  const database = c.DATABASE_URL.startsWith('pglite://')
    ? { kind: 'pglite' as const, dir: c.DATABASE_URL.slice('pglite://'.length) || './data/pglite' }
    : { kind: 'postgres' as const, url: c.DATABASE_URL };
  const demoData = c.DEMO_DATA ?? database.kind === 'pglite';
  // Without Bot Framework credentials the adapter accepts any caller, so only loopback may reach it.
  const bindHost = c.HOST ?? (c.MicrosoftAppId ? '0.0.0.0' : '127.0.0.1');
  if (!c.MicrosoftAppId && c.HOST && !isLoopback(c.HOST)) {
    throw new ConfigError([`HOST must be a loopback address while MicrosoftAppId is empty (got ${c.HOST})`]);
  }
  const schedules = Object.fromEntries(
    Object.entries(env)
      .filter(([k, v]) => k.startsWith('SCHEDULE_') && k !== 'SCHEDULE_DEFERRED_SWEEP' && v?.trim())
      .map(([k, v]) => [k, (v ?? '').trim()]),
  );
  return { ...c, schedules, demoData, database, bindHost };
}
