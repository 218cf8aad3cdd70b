import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalPlayground, type LocalPlayground } from '../../scripts/playground.js';
import { PLAYGROUND_USERS } from '../../src/seed/generator.js';
import { CHROMIUM_ARGS, chromiumOrSkip } from '../support/chromium.js';
import { playgroundPeople } from './playground-config.js';

/**
 * The real thing, end to end: the bot as `npm start` runs it (child process, demo data, embedded
 * database), the Microsoft 365 Agents Playground against it (offline, with its mock connector), and
 * Chromium driving the Playground's UI as a user would.
 *
 * Screenshots go to build/e2e/; with UPDATE_SCREENSHOTS=1 they also refresh docs/playground-*.png.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A Saturday. On a working day the scheduler's start-up catch-up may already have run that day's
 * spo-digest slot (finding Alex unreachable: he has not opened the chat yet), and an admin's "run
 * now" never repeats a slot. A Saturday has no scheduled slot, so the admin's run is its first.
 */
const AS_OF_DATE = '2025-11-22';
const CRN = /\b[A-Z]\d{6}\b/;
/** "Firstname Lastname (X123456)", as case cards show a person. */
const PERSON_WITH_CRN = /([A-Z][\p{L}'’-]+(?: [A-Z][\p{L}'’-]+)+) \(([A-Z]\d{6})\)/gu;
/** The demo's admin, as the Playground knows them. */
const adminAad = PLAYGROUND_USERS.find((u) => u.roles.includes('admin'))?.aadObjectId;
const admin = playgroundPeople().find((p) => p.aadObjectId === adminAad);

const WAIT = 45_000;
const TEST_TIMEOUT = 120_000;

const browserPath = await chromiumOrSkip();
const skipReason = process.env.TEST_DATABASE_URL
  ? 'the browser test runs once, in the PGlite suite'
  : (browserPath.skip ?? null);
if (skipReason) console.warn(`[e2e] Agents Playground browser test skipped: ${skipReason}`);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

describe.skipIf(Boolean(skipReason))('Agents Playground in Chromium', () => {
  let work: string;
  let shots: string;
  let playground: LocalPlayground | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  /** People the personal answer named: none of them may appear in a channel. */
  const named: { name: string; crn: string }[] = [];

  async function screenshot(name: string): Promise<void> {
    const file = path.join(shots, `${name}.png`);
    await page.screenshot({ path: file });
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      await page.screenshot({ path: path.join(ROOT, 'docs', `${name}.png`) });
    }
  }

  /** On failure: a screenshot, the page's HTML and both processes' recent output. */
  async function step(name: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (e) {
      const base = path.join(shots, `failed-${name}`);
      await page.screenshot({ path: `${base}.png` }).catch(() => {});
      await writeFile(`${base}.html`, await page.content().catch(() => '')).catch(() => {});
      (e as Error).message +=
        `\n\nScreenshot: ${base}.png\nRecent output of the bot and the Playground:\n` +
        (playground?.recentOutput() ?? '(not started)');
      throw e;
    }
  }

  function composeBox(): Locator {
    return page.locator('[contenteditable="true"][role="textbox"]').first();
  }

  async function send(text: string): Promise<void> {
    await composeBox().click();
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
  }

  function card(text: string | RegExp): Locator {
    return page.locator('.ac-adaptiveCard').filter({ hasText: text }).last();
  }

  async function openConversation(name: string): Promise<void> {
    await page
      .getByRole('treeitem', { name: new RegExp(name) })
      .first()
      .click();
  }

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'pa-e2e-'));
    shots = path.join(ROOT, 'build', 'e2e');
    await mkdir(shots, { recursive: true });
    playground = await startLocalPlayground({
      botPort: await freePort(),
      playgroundPort: await freePort(),
      botEnv: {
        DATABASE_URL: `pglite://${path.join(work, 'pglite')}`,
        DEMO_DATA: '1',
        AS_OF_DATE,
        LOG_LEVEL: 'info',
      },
      playgroundLogFile: path.join(work, 'playground.log'),
      readyTimeoutMs: 150_000,
    });
    context = await chromium.launchPersistentContext(path.join(work, 'profile'), {
      executablePath: browserPath.path!,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1400, height: 1000 },
      timeout: 60_000,
    });
    // The custom-activity editor is filled through the clipboard (typing into it auto-closes brackets).
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: playground.url });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(WAIT);
    await page.goto(playground.url, { waitUntil: 'domcontentloaded' });
  }, 240_000);

  afterAll(async () => {
    await context?.close().catch(() => {});
    await playground?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  }, 60_000);

  it(
    'answers "who reaches two-thirds this week" in the personal chat with a card listing cases',
    async () => {
      await step('two-thirds', async () => {
        await openConversation('Personal Chat');
        // The welcome message shows the bot has the conversation (installation and conversationUpdate).
        await page.getByText('Type "help"').first().waitFor();
        await send('who reaches two-thirds this week');
        const answer = card('Two-thirds points');
        await answer.waitFor();
        const text = await answer.innerText();
        expect(text).toMatch(CRN);
        for (const m of text.matchAll(PERSON_WITH_CRN)) named.push({ name: m[1]!, crn: m[2]! });
        expect(named.length).toBeGreaterThan(0);
        await answer.scrollIntoViewIfNeeded();
        await screenshot('playground-two-thirds');
      });
    },
    TEST_TIMEOUT,
  );

  it(
    'answers the same question in a team channel with counts only: no names, no CRNs',
    async () => {
      await step('channel', async () => {
        await openConversation('General');
        const post = composeBox();
        await post.click();
        // A channel message reaches the bot only when it is @mentioned, as in Teams.
        await page.keyboard.type('@Probation');
        await page.getByText('Probation Assistant', { exact: true }).last().click();
        await page.keyboard.type(' who reaches two-thirds this week for my team');
        await page.getByRole('button', { name: 'Post' }).click();
        const answer = card(/two-thirds/i);
        await answer.waitFor();
        const text = await answer.innerText();
        expect(text).toMatch(/\d+ cases? reach/);
        expect(text).not.toMatch(CRN);
        // No message in the channel names anyone the personal answer named.
        const messages = (await page.locator('.ac-adaptiveCard').allInnerTexts()).join('\n');
        expect(messages).not.toMatch(CRN);
        for (const person of named) expect(messages).not.toContain(person.name);
        await answer.scrollIntoViewIfNeeded();
        await screenshot('playground-channel');
      });
    },
    TEST_TIMEOUT,
  );

  it(
    'delivers the SPO digest proactively to Alex after the admin says "run spo-digest now"',
    async () => {
      await step('digest', async () => {
        await openConversation('Personal Chat');
        await card('Two-thirds points').waitFor();
        // The Playground has one signed-in user (Alex, an SPO), so the admin's message is a custom
        // activity: the Playground's own template for this chat, sent as the demo's admin.
        await page.getByRole('button', { name: 'Mock an Activity' }).click();
        await page.getByRole('menuitem', { name: 'Custom activity' }).click();
        const editor = page.locator('.monaco-editor textarea');
        await editor.waitFor({ state: 'attached' });
        await editor.focus();
        await page.keyboard.press('ControlOrMeta+A');
        await page.keyboard.press('ControlOrMeta+C');
        // (The browser code is passed as strings: this project's TypeScript has no DOM types.)
        const template = JSON.parse(await page.evaluate<string>('navigator.clipboard.readText()')) as object;
        expect(admin, 'an admin in .m365agentsplayground.yml').toBeDefined();
        const from = { id: admin!.id, name: admin!.name, aadObjectId: admin!.aadObjectId };
        const activity = { ...template, type: 'message', text: 'run spo-digest now', from };
        await page.evaluate(
          `navigator.clipboard.writeText(${JSON.stringify(JSON.stringify(activity, null, 2))})`,
        );
        await page.keyboard.press('ControlOrMeta+A');
        await page.keyboard.press('ControlOrMeta+V');
        await page.getByRole('button', { name: 'Send activity' }).click();

        // The admin's summary, then the digest itself, sent through the Playground's mock connector.
        const summary = card('spo-digest');
        await summary.waitFor();
        expect(await summary.innerText()).toMatch(/Sent\s*[1-9]/);
        const digest = card(/digest for team/i);
        await digest.waitFor();
        expect(await digest.innerText()).toMatch(CRN);
        await digest.evaluate((element) => {
          element.scrollIntoView({ block: 'start' });
        });
        await screenshot('playground-digest');
      });
    },
    TEST_TIMEOUT,
  );

  it(
    'presses a button on a card and sees that card change in place (Action.Execute, adaptiveCard/action)',
    async () => {
      await step('card-action', async () => {
        await openConversation('Personal Chat');
        await send('follow-ups this week');
        const list = card('Final-third follow-ups');
        await list.waitFor();
        const before = await page.locator('.ac-adaptiveCard').count();
        expect(await list.innerText()).toMatch(/not yet booked/);
        // The Playground sends the invoke and puts the card the bot answers with in its place.
        await list.getByRole('button', { name: 'Done', exact: true }).first().click();
        const updated = card(/Recorded: follow-up done by Alex Wilber/);
        await updated.waitFor();
        const text = await updated.innerText();
        expect(text).toContain('Final-third follow-ups');
        expect(text).toMatch(/✓ done \(Alex Wilber\)/);
        // Replaced, not answered with a new message.
        expect(await page.locator('.ac-adaptiveCard').count()).toBe(before);
        await updated.scrollIntoViewIfNeeded();
        await screenshot('playground-card-action');
      });
    },
    TEST_TIMEOUT,
  );
});
