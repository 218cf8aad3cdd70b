import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { saveConversationReference } from '../../src/store/conversations.repository.js';
import { openDatabase } from '../../src/store/db.js';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'job-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ALEX = '00000000-0000-0000-0000-0000000000020';

function run(args: string[], env: Record<string, string> = {}, databaseDir = join(work, 'db')) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((done) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/job.ts', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, DATABASE_URL: `pglite://${databaseDir}`, LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 110_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

describe('npm run job', { timeout: 120_000 }, () => {
  it('an unknown or missing job name exits 2 and lists the jobs', async () => {
    const unknown = await run(['weekly-digest']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      'spo-digest, practitioner-weekly, dip-stl-reminders, ecsl-alerts, iom-return-reminders',
    );
    expect((await run([])).code).toBe(2);
  });

  it('a database held by the running server exits 1 with its message, without hanging', async () => {
    const dir = join(work, 'locked');
    writeFileSync(`${dir}.lock`, String(process.pid));
    const r = await run(['spo-digest'], {}, dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('in use by another process');
    expect(r.ms).toBeLessThan(30_000);
  });

  it('runs a job on the demo data, records who could not be reached, and sends nothing new the second time', async () => {
    const first = await run(['spo-digest'], { AS_OF_DATE: '2025-11-26' });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    // The demo's four SPOs have never talked to the bot and Graph is not configured.
    expect(first.stdout.trim()).toBe('spo-digest 2025-11-26: sent 0, skipped 0, unreachable 4, failed 0');

    const second = await run(['spo-digest'], { AS_OF_DATE: '2025-11-26' });
    expect(second.stdout.trim()).toBe(
      'spo-digest 2025-11-26: sent 0, skipped 0, unreachable 0, failed 0 (already done 4)',
    );

    const saturday = await run(['spo-digest'], { AS_OF_DATE: '2025-11-29' });
    expect(saturday.code).toBe(0);
    expect(saturday.stdout).toContain('does not run on 2025-11-29');
  });

  it('finishes and records the failure when the Bot Framework service cannot be reached', async () => {
    const database = await openDatabase({ kind: 'pglite', dir: join(work, 'db') });
    await saveConversationReference(database, {
      aadObjectId: ALEX,
      conversationId: 'a:alex',
      conversationType: 'personal',
      tenantId: 't',
      serviceUrl: 'http://127.0.0.1:9/',
      reference: {
        channelId: 'msteams',
        serviceUrl: 'http://127.0.0.1:9/',
        conversation: { id: 'a:alex' },
        bot: { id: '28:b' },
        user: { id: '29:a' },
      },
    });
    await database.close();
    const r = await run(['spo-digest'], { AS_OF_DATE: '2025-11-27', SEND_RETRIES: '1' });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('spo-digest 2025-11-27: sent 0, skipped 0, unreachable 3, failed 1');
  });
});
