import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { ConfigError, isLoopback, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openDatabase, type Database } from '../../src/store/db.js';
import { buildServices } from '../../src/services.js';

/** Where the server listens, and how `main` fails when it cannot start. */

const root = join(import.meta.dirname, '..', '..');

/** Runs `tsx src/main.ts` with the given environment; resolves with its exit code and output. */
function runMain(env: Record<string, string>, timeoutMs = 40_000) {
  return new Promise<{ code: number | null; out: string; ms: number }>((resolve, reject) => {
    const started = Date.now();
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) => !/^(Microsoft|HOST|DATABASE_URL|TEST_DATABASE_URL|ALLOWED_TENANTS|BOT_)/.test(k),
      ),
    );
    const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['src/main.ts'], {
      cwd: root,
      env: { ...clean, PORT: '0', PROCESS_MODE: 'web', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`main did not exit within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, ms: Date.now() - started });
    });
  });
}

describe('without credentials the server binds to loopback only', () => {
  it('loadConfig: 127.0.0.1 by default, 0.0.0.0 only with an app id', () => {
    expect(loadConfig({}).bindHost).toBe('127.0.0.1');
    expect(loadConfig({ MicrosoftAppId: 'app' }).bindHost).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '127.0.0.2' }).bindHost).toBe('127.0.0.2');
    expect(loadConfig({ HOST: 'localhost' }).bindHost).toBe('localhost');
    expect(loadConfig({ MicrosoftAppId: 'app', HOST: '10.1.2.3' }).bindHost).toBe('10.1.2.3');
  });

  it.each([
    '0.0.0.0',
    '::',
    '10.1.2.3',
    '192.168.0.10',
    'bot.example.org',
    '127.evil.example',
    '127.0.0.1.nip.io',
    '1270.0.0.1',
  ])('HOST=%s without MicrosoftAppId is refused', (host) => {
    expect(() => loadConfig({ HOST: host })).toThrow(ConfigError);
    expect(() => loadConfig({ HOST: host })).toThrow(/HOST must be a loopback address/);
  });

  it('isLoopback knows the loopback forms', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', 'LOCALHOST'])
      expect(isLoopback(h), h).toBe(true);
    for (const h of ['127.0.0.256', '0.0.0.0', '::', '::ffff:10.0.0.1', ''])
      expect(isLoopback(h), h).toBe(false);
  });

  describe('the web app', () => {
    let database: Database;
    beforeAll(async () => {
      database = await openDatabase({ kind: 'pglite', dir: 'memory://' });
    }, 120_000);
    afterAll(async () => {
      await database?.close();
    });

    it('listens on 127.0.0.1 when no address is given', async () => {
      const config = loadConfig({ DATABASE_URL: 'pglite://memory://' });
      const services = await buildServices(config, {
        database,
        clock: fixedClock('2025-09-08'),
        log: createLogger('silent'),
      });
      const web = services.web();
      await web.listen(0);
      try {
        expect((web.server.address() as AddressInfo).address).toBe('127.0.0.1');
      } finally {
        await web.close();
      }
    });
  });

  it('main refuses HOST=0.0.0.0 without MicrosoftAppId: exit 1, a clear message', async () => {
    const { code, out } = await runMain({ HOST: '0.0.0.0', DATABASE_URL: 'pglite://memory://' });
    expect(code).toBe(1);
    expect(out).toContain('HOST must be a loopback address while MicrosoftAppId is empty');
  }, 60_000);
});

describe('a bad rule or freshness setting stops the process naming the variable', () => {
  it.each([
    [{ EXTRACT_MAX_AGE_HOURS: '36,caseload=12' }, 'EXTRACT_MAX_AGE_HOURS names a kind that is not one of'],
    [{ EXTRACT_MAX_AGE_HOURS: 'a day' }, 'EXTRACT_MAX_AGE_HOURS must be hours'],
    [{ AS_OF_DATE: '2024-06-17 07:00' }, 'AS_OF_DATE must be YYYY-MM-DD or YYYY-MM-DDTHH:MM'],
    [{ IMPORT_SCAN_SECONDS: '0' }, 'IMPORT_SCAN_SECONDS'],
  ])('loadConfig(%j)', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('main with a bad PROGRESSION_TRANCHES: exit 1, "Invalid configuration", the variable and the problem', async () => {
    const { code, out } = await runMain({
      DATABASE_URL: 'pglite://memory://',
      PROGRESSION_TRANCHES: '[{"tranche":1,"from":"2026-10-01","maxDays":574}]',
    });
    expect(code).toBe(1);
    expect(out).toContain('Invalid configuration:');
    expect(out).toContain('PROGRESSION_TRANCHES progression tranches are invalid');
    expect(out).toContain('must be null in the last tranche');
  }, 60_000);
});

describe('settings that would fail open or end in a stack trace are named at start', () => {
  it.each([
    ['ALLOWED_TENANTS', ' , ', 'ALLOWED_TENANTS names no tenant id'],
    [
      'BANK_HOLIDAYS_FILE',
      '/nonexistent/bank-holidays.json',
      'BANK_HOLIDAYS_FILE names a file that does not exist',
    ],
    ['ECSL_TIMELINE', '[{"from": "2024"', 'ECSL_TIMELINE ECSL timeline is not valid JSON'],
  ])(
    '%s=%j: exit 1 naming it, no stack trace',
    async (variable, value, message) => {
      const { code, out } = await runMain({ [variable]: value, DATABASE_URL: 'pglite://memory://' });
      expect(code).toBe(1);
      expect(out).toContain(message);
      expect(out).not.toMatch(/\n\s+at /);
    },
    60_000,
  );
});

describe('main with an unreachable database', () => {
  it('exits 1 quickly with a clear error, naming the server but not the password', async () => {
    const { code, out, ms } = await runMain({
      DATABASE_URL: 'postgres://probation:s3cret-pw@127.0.0.1:1/probation',
    });
    expect(code).toBe(1);
    expect(out).toContain(
      'Could not open the database: cannot connect to the PostgreSQL server at 127.0.0.1:1/probation',
    );
    expect(out).toMatch(/ECONNREFUSED/);
    expect(out).not.toContain('s3cret-pw');
    // Refused connections fail at once; a silent host would take CONNECT_TIMEOUT_SECONDS.
    expect(ms).toBeLessThan(30_000);
    process.stdout.write(`[faults] main with an unreachable database: exit ${code} after ${ms} ms\n`);
  }, 60_000);
});
