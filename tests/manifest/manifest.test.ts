import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Command } from '../../src/assistant/types.js';
import {
  buildAppPackage,
  buildManifest,
  commandLists,
  isAdminOnly,
  ManifestError,
  MANIFEST_SCOPES,
  PLACEHOLDER_BOT_ID,
  schemaPathFor,
  scopesOf,
  TEAMS_LIMITS,
  validateManifest,
  type CommandList,
} from '../../manifest/build.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

const BOT_ID = '6f1c2a9e-1111-4a2b-9c3d-123456789abc';
const APP_ID = '5b2f7a3c-2222-4c1d-8e9f-abcdefabcdef';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Runs `npm run manifest` the way npm does (tsx), with only the variables given. */
async function cli(env: Record<string, string>, outFile: string) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/manifest.ts', '--out', outFile],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

function pngHeader(bytes: Buffer) {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), colorType: bytes[25] };
}

function command(overrides: Partial<Command>): Command {
  return {
    name: 'fake',
    title: 'Fake',
    description: 'A fake command.',
    examples: ['fake'],
    roles: 'any',
    scopes: ['personal'],
    match: () => null,
    run: () => Promise.reject(new Error('not run')),
    ...overrides,
  };
}

describe('npm run manifest', () => {
  let dir: string;
  let zip: JSZip;
  let zipBytes: Buffer;
  let manifest: Record<string, unknown>;
  let cliResult: Awaited<ReturnType<typeof cli>>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pa-manifest-'));
    const outFile = path.join(dir, 'appPackage.zip');
    cliResult = await cli({ MicrosoftAppId: BOT_ID, TEAMS_APP_ID: APP_ID }, outFile);
    zipBytes = await readFile(outFile);
    zip = await JSZip.loadAsync(zipBytes);
    manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as Record<string, unknown>;
  }, 90_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('builds a zip with exactly manifest.json, color.png and outline.png', () => {
    expect(cliResult.code).toBe(0);
    expect(cliResult.stdout).toContain('schema valid');
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
  });

  it('has a 192×192 colour icon and a 32×32 RGBA outline icon', async () => {
    const color = pngHeader(await zip.file('color.png')!.async('nodebuffer'));
    expect(color).toMatchObject({ width: 192, height: 192 });
    const outline = pngHeader(await zip.file('outline.png')!.async('nodebuffer'));
    expect(outline).toEqual({ width: 32, height: 32, colorType: 6 });
  });

  it('draws the outline icon in white on transparent only', async () => {
    const png = PNG.sync.read(await zip.file('outline.png')!.async('nodebuffer'));
    let opaque = 0;
    let clear = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b, a] = [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]];
      if (a === 0) clear++;
      else expect([r, g, b]).toEqual([255, 255, 255]);
      if (a === 255) opaque++;
    }
    // The corners are background; the shield is solid; the letters are cut out of it.
    for (const [x, y] of [
      [0, 0],
      [31, 0],
      [0, 31],
      [31, 31],
    ] as const) {
      expect(png.data[(y * 32 + x) * 4 + 3]).toBe(0);
    }
    expect(opaque).toBeGreaterThan(200);
    expect(clear).toBeGreaterThan(200);
  });

  it('validates offline against the official schema of a manifest version ≥ 1.22', async () => {
    const [major, minor] = String(manifest.manifestVersion).split('.').map(Number);
    expect(major).toBe(1);
    expect(minor).toBeGreaterThanOrEqual(22);
    expect(manifest.$schema).toContain(`/v${String(manifest.manifestVersion)}/`);
    await expect(readFile(schemaPathFor(String(manifest.manifestVersion)))).resolves.toBeTruthy();
    expect(await validateManifest(manifest)).toEqual([]);
  });

  it('rejects what the schema rejects (the validator is really checking)', async () => {
    const broken = structuredClone(manifest);
    (broken.bots as Record<string, unknown>[])[0]!.botId = 'not-a-guid';
    broken.unexpected = true;
    const errors = await validateManifest(broken);
    expect(errors.some((e) => e.includes('/bots/0/botId'))).toBe(true);
    expect(errors.some((e) => e.includes('additional properties'))).toBe(true);
  });

  it('takes the app id from TEAMS_APP_ID and the bot ids from MicrosoftAppId', () => {
    expect(manifest.id).toBe(APP_ID);
    const bot = (manifest.bots as Record<string, unknown>[])[0]!;
    expect(bot.botId).toBe(BOT_ID);
    expect(manifest.webApplicationInfo).toEqual({ id: BOT_ID });
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
  });

  it('generates commandLists from the command registry, per scope, within Teams limits', () => {
    const lists = (manifest.bots as { commandLists: CommandList[] }[])[0]!.commandLists;
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.map((l) => l.scopes)).toEqual(
      MANIFEST_SCOPES.filter((s) => commands.some((c) => scopesOf(c).includes(s) && !isAdminOnly(c))).map(
        (s) => [s],
      ),
    );
    for (const list of lists) {
      const scope = list.scopes[0]!;
      const declared = commands.filter((c) => scopesOf(c).includes(scope) && !isAdminOnly(c));
      expect(list.commands.length).toBe(Math.min(declared.length, TEAMS_LIMITS.commandsPerList));
      // Each entry is a registry command, word for word, in registry order.
      const indices = list.commands.map((entry) =>
        commands.findIndex((c) => c.title === entry.title && c.description === entry.description),
      );
      expect(indices.every((i) => i >= 0)).toBe(true);
      expect([...indices].sort((a, b) => a - b)).toEqual(indices);
      for (const i of indices) expect(scopesOf(commands[i]!)).toContain(scope);
      for (const entry of list.commands) {
        expect(entry.title.length).toBeLessThanOrEqual(TEAMS_LIMITS.title);
        expect(entry.description.length).toBeLessThanOrEqual(TEAMS_LIMITS.description);
      }
      // Commands for everyone (help among them) are never the ones trimmed.
      for (const c of declared.filter((d) => d.roles === 'any')) {
        expect(list.commands.map((e) => e.title)).toContain(c.title);
      }
    }
  });

  it('is reproducible: the same inputs give the same bytes', async () => {
    const again = path.join(dir, 'again.zip');
    await buildAppPackage({ teamsAppId: APP_ID, botId: BOT_ID, commands, outFile: again });
    expect(Buffer.compare(await readFile(again), zipBytes)).toBe(0);
  });

  it('fails with a non-zero exit and the reason when configuration is not a GUID', async () => {
    const result = await cli({ MicrosoftAppId: 'not-a-guid' }, path.join(dir, 'bad.zip'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('MicrosoftAppId must be a GUID');
    await expect(readFile(path.join(dir, 'bad.zip'))).rejects.toThrow();
  });
});

describe('manifest building rules', () => {
  it('uses a placeholder bot id with a warning, and a stable generated app id, when unset', () => {
    const a = buildManifest({ teamsAppId: '', botId: '', commands });
    const b = buildManifest({ teamsAppId: '', botId: '', commands });
    const bot = (a.manifest.bots as Record<string, unknown>[])[0]!;
    expect(bot.botId).toBe(PLACEHOLDER_BOT_ID);
    expect(a.warnings.join('\n')).toMatch(/MicrosoftAppId is not set/);
    expect(a.manifest.id).toMatch(GUID);
    expect(a.manifest.id).toBe(b.manifest.id);
    const other = buildManifest({ teamsAppId: '', botId: BOT_ID, commands });
    expect(other.manifest.id).not.toBe(a.manifest.id);
  });

  it.each([
    [
      'a title over 32 characters',
      { title: 'x'.repeat(TEAMS_LIMITS.title + 1) },
      /title .* is 33 characters/,
    ],
    [
      'a description over 128 characters',
      { description: 'y'.repeat(TEAMS_LIMITS.description + 1) },
      /description is 129 characters/,
    ],
    ['an empty title', { title: ' ' }, /title is empty/],
  ])('fails the build for %s, naming the command', (_, overrides, message) => {
    const bad = command({ name: 'too-long', ...overrides });
    expect(() => commandLists([...commands, bad])).toThrow(ManifestError);
    expect(() => buildManifest({ teamsAppId: APP_ID, botId: BOT_ID, commands: [bad] })).toThrow(message);
    try {
      commandLists([bad]);
    } catch (e) {
      expect((e as ManifestError).problems.join('\n')).toContain('"too-long"');
    }
  });

  it('fails the build when two commands share a title', () => {
    expect(() => commandLists([command({ name: 'a' }), command({ name: 'b' })])).toThrow(/same title/);
  });

  it('keeps at most 10 per menu, keeping commands for everyone, and says what it left out', () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      command({ name: `c${i}`, title: `Command ${i}`, roles: ['practitioner'] }),
    );
    const forAll = command({ name: 'for-all', title: 'For everyone', roles: 'any' });
    const admin = command({ name: 'admin-only', title: 'Admin thing', roles: ['admin'] });
    const { lists, notes } = commandLists([...many, admin, forAll]);
    expect(lists).toHaveLength(1);
    const titles = lists[0]!.commands.map((c) => c.title);
    expect(titles).toHaveLength(10);
    expect(titles).toContain('For everyone');
    expect(titles).not.toContain('Admin thing');
    expect(titles.slice(0, 9)).toEqual(many.slice(0, 9).map((c) => c.title));
    expect(notes.join('\n')).toMatch(/left out .*c9, c10, c11/);
  });
});
