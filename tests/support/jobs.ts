import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config.js';
import { addDays, type IsoDate } from '../../src/domain/dates.js';
import { twoThirdsDate } from '../../src/domain/reset.js';
import { importCsv, type ImportKind } from '../../src/import/importer.js';
import { createConversationResolver } from '../../src/delivery/conversations.js';
import type { RunnerDeps } from '../../src/delivery/runner.js';
import { createLogger } from '../../src/logger.js';
import { settingsFromConfig } from '../../src/settings.js';
import {
  saveConversationReference,
  type StoredConversation,
} from '../../src/store/conversations.repository.js';
import type { Database } from '../../src/store/db.js';
import { createAdapter } from '../../src/teams/adapter.js';
import { createProactiveSender } from '../../src/teams/sender.js';
import { type ProactiveSender, type SenderOptions } from '../../src/delivery/sender.js';

export const TENANT = 'tenant-1';

export interface ReceivedActivity {
  conversationId: string;
  activity: Record<string, unknown>;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : null;
}

/**
 * A local stand-in for the Bot Framework connector (the serviceUrl in conversation references).
 * Delivered activities are recorded; a conversation can be scripted to answer with error statuses
 * first (429 carries Retry-After: 1).
 */
export async function startFakeConnector() {
  const received: ReceivedActivity[] = [];
  const attempts: { conversationId: string; status: number }[] = [];
  const scripts = new Map<string, number[]>();
  let seq = 0;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const m = (req.url ?? '').match(/^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]*)?$/);
      if (req.method !== 'POST' || !m) {
        res.writeHead(404).end();
        return;
      }
      const conversationId = decodeURIComponent(m[1] ?? '');
      const activity = (await readJson(req)) as Record<string, unknown>;
      const status = scripts.get(conversationId)?.shift() ?? 200;
      attempts.push({ conversationId, status });
      if (status === 200) {
        received.push({ conversationId, activity });
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ id: `activity-${++seq}` }));
        return;
      }
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (status === 429) headers['retry-after'] = '1';
      const code =
        status === 403
          ? 'ConversationBlockedByUser'
          : status === 404
            ? 'ConversationNotFound'
            : 'ServiceError';
      res.writeHead(status, headers).end(JSON.stringify({ error: { code, message: 'scripted failure' } }));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    received,
    attempts,
    /** The next answers for a conversation, before it goes back to 200. */
    script(conversationId: string, statuses: number[]) {
      scripts.set(conversationId, [...statuses]);
    },
    to(conversationId: string) {
      return received.filter((r) => r.conversationId === conversationId);
    },
    reset() {
      received.length = 0;
      attempts.length = 0;
      scripts.clear();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type FakeConnector = Awaited<ReturnType<typeof startFakeConnector>>;

export const conversationIdOf = (aad: string) => `a:personal-${aad}`;

/** A personal conversation whose serviceUrl is the fake connector, as saying hello would store it. */
export function personalConversationOf(
  aadObjectId: string,
  conversationId: string,
  serviceUrl: string,
): StoredConversation {
  return {
    aadObjectId,
    conversationId,
    conversationType: 'personal',
    tenantId: TENANT,
    serviceUrl,
    reference: {
      channelId: 'msteams',
      serviceUrl,
      conversation: { id: conversationId, conversationType: 'personal', tenantId: TENANT },
      bot: { id: '28:bot-id', name: 'Probation Assistant' },
      user: { id: `29:${aadObjectId}`, aadObjectId },
    },
  };
}

/** Stores a personal conversation whose serviceUrl is the fake connector, as if the user had said hello. */
export async function giveConversation(
  database: Database,
  aadObjectId: string,
  serviceUrl: string,
): Promise<string> {
  const conversationId = conversationIdOf(aadObjectId);
  await saveConversationReference(database, personalConversationOf(aadObjectId, conversationId, serviceUrl));
  return conversationId;
}

export function quietLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  return { log: createLogger('debug', sink), lines };
}

export function testSettings(env: Record<string, string> = {}) {
  const config = loadConfig({ DATABASE_URL: 'pglite://memory://', ...env });
  return { config, settings: settingsFromConfig(config) };
}

/** A real CloudAdapter (empty app id: unauthenticated) sending to whatever serviceUrl a reference names. */
export function testSender(database: Database, options: SenderOptions = {}): ProactiveSender {
  const { log } = quietLogger();
  const adapter = createAdapter(
    { MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppTenantId: '' },
    log,
  );
  return createProactiveSender(adapter, '', {
    database,
    log,
    ratePerSecond: 1000,
    retry: { minTimeoutMs: 10, maxTimeoutMs: 50, maxRetryTimeMs: 20_000, ...(options.retry ?? {}) },
    ...options,
  });
}

export function runnerDeps(
  database: Database,
  sender: ProactiveSender | null,
  extra: Partial<RunnerDeps> = {},
): RunnerDeps {
  const { settings } = testSettings();
  const { log } = quietLogger();
  return {
    database,
    settings,
    log,
    sender,
    resolveConversation: createConversationResolver({ database, log }),
    ...extra,
  };
}

export async function importAll(
  database: Database,
  extracts: Partial<Record<ImportKind, string>>,
): Promise<void> {
  for (const kind of ['staff', 'cases', 'custody', 'dip-breaches', 'iom-cohort'] as const) {
    const csv = extracts[kind];
    if (!csv) continue;
    const result = await importCsv(database, kind, csv);
    if (!result.ok) throw new Error(`fixture ${kind} did not import: ${JSON.stringify(result)}`);
  }
}

/** Start and end dates of a licence whose two-thirds point falls on `target` (300 days long). */
export function licenceReaching(target: IsoDate): { start: IsoDate; end: IsoDate } {
  const start = addDays(target, -199);
  const end = addDays(start, 299);
  if (twoThirdsDate(start, end) !== target) throw new Error('fixture arithmetic is off');
  return { start, end };
}

export const aad = (n: number) => `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;

export const STAFF_HEADER = 'email,name,role,team,pdu,borough,aad_object_id';
export const CASES_HEADER =
  'crn,first_name,last_name,practitioner_email,sentence_type,start_date,end_date,rar,mappa_category,mappa_level,rosh,nsd,child_protection,isc_pilot';

/**
 * Two teams in one PDU. Team A: SPO Sam (aad 1), practitioners Pat (2) and Priya (3). Team B: SPO
 * Sid (4) and practitioner Paul (5). Team C: SPO Cleo (6), who has never talked to the bot, and
 * practitioner Pia (8). Admin Nia (7). Every team has a case reaching two-thirds in the week of
 * `today` (CRNs A000001, A000002 exempt, B000001, C000001).
 */
export function twoTeams(today: IsoDate) {
  const l = licenceReaching(today);
  const staffCsv = [
    STAFF_HEADER,
    `sam.spo@probation.example,Sam Spo,spo,T01,Test PDU,,${aad(1)}`,
    `pat.po@probation.example,Pat Po,practitioner,T01,Test PDU,,${aad(2)}`,
    `priya.po@probation.example,Priya Po,practitioner,T01,Test PDU,,${aad(3)}`,
    `sid.spo@probation.example,Sid Spo,spo,T02,Test PDU,,${aad(4)}`,
    `paul.po@probation.example,Paul Po,practitioner,T02,Test PDU,,${aad(5)}`,
    `cleo.spo@probation.example,Cleo Spo,spo,T03,Test PDU,,${aad(6)}`,
    `pia.po@probation.example,Pia Po,practitioner,T03,Test PDU,,${aad(8)}`,
    `nia.admin@probation.example,Nia Admin,admin,,Test PDU,,${aad(7)}`,
  ].join('\n');
  const casesCsv = [
    CASES_HEADER,
    `A000001,Amy,Able,pat.po@probation.example,licence,${l.start},${l.end},no,,,medium,no,no,no`,
    `A000002,Ari,Bright,priya.po@probation.example,licence,${l.start},${l.end},no,2,1,high,no,no,no`,
    `B000001,Bea,Calm,paul.po@probation.example,licence,${l.start},${l.end},no,,,low,no,no,no`,
    `C000001,Cal,Dune,pia.po@probation.example,licence,${l.start},${l.end},no,,,low,no,no,no`,
  ].join('\n');
  return { staff: `${staffCsv}\n`, cases: `${casesCsv}\n` };
}
