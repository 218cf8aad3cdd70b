import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

/**
 * The browser for the end-to-end test: Debian's chromium (playwright-core brings no browser).
 * In CI, running as root, a missing chromium is installed with apt-get; anywhere else the test is
 * skipped with a message saying how to run it.
 */

const run = promisify(execFile);

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function found(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => Boolean(p) && existsSync(p!)) ?? null;
}

async function aptInstall(): Promise<string | null> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { env, timeout: 600_000 });
  try {
    await install();
  } catch {
    // A fresh CI image has no package lists yet.
    await run('apt-get', ['update'], { env, timeout: 300_000 });
    await install();
  }
  return found();
}

export async function chromiumOrSkip(): Promise<
  { path: string; skip?: undefined } | { path?: undefined; skip: string }
> {
  const existing = found();
  if (existing) return { path: existing };
  const root = process.getuid?.() === 0;
  if (process.env.CI && root) {
    try {
      const installed = await aptInstall();
      if (installed) return { path: installed };
      return { skip: 'apt-get installed chromium but /usr/bin/chromium is still missing' };
    } catch (e) {
      return { skip: `could not install chromium with apt-get: ${(e as Error).message.split('\n')[0]}` };
    }
  }
  return {
    skip:
      'Chromium not found (/usr/bin/chromium). Install it (sudo apt-get install chromium) or set ' +
      'CHROMIUM_PATH to a Chromium binary to run the browser test.',
  };
}
