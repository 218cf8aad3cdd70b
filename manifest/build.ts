import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppManifestUtils } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import type { Command } from '../src/assistant/types.js';
import { ACCENT, colorIconPng, outlineIconPng } from './icons.js';

/**
 * Builds the Teams app package from manifest.template.json, the configuration and the command
 * registry. Bot commands are declared once in commands/: the manifest's commandLists are generated
 * from them here, never written by hand.
 */

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const TEMPLATE_PATH = path.join(HERE, 'manifest.template.json');

/** Teams' limits for the bot command menu (stricter than the schema, which allows 128/4000/12). */
export const TEAMS_LIMITS = { title: 32, description: 128, commandsPerList: 10 } as const;

export const MANIFEST_SCOPES = ['personal', 'team', 'groupChat'] as const;
export type ManifestScope = (typeof MANIFEST_SCOPES)[number];

/** Obviously not a real app registration: Teams rejects it on upload, which is the point. */
export const PLACEHOLDER_BOT_ID = '00000000-0000-0000-0000-000000000000';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class ManifestError extends Error {
  constructor(readonly problems: string[]) {
    super(`The Teams app package was not built:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ManifestError';
  }
}

export interface CommandListEntry {
  title: string;
  description: string;
}
export interface CommandList {
  scopes: ManifestScope[];
  commands: CommandListEntry[];
}

type MenuCommand = Pick<Command, 'name' | 'title' | 'description' | 'roles' | 'scopes'>;

/** Commands only admins may use stay out of the menu every user sees; admins type them. */
export function isAdminOnly(c: Pick<Command, 'roles'>): boolean {
  return c.roles !== 'any' && c.roles.length > 0 && c.roles.every((r) => r === 'admin');
}

/** A command without declared scopes is offered in the personal chat only (case details live there). */
export function scopesOf(c: Pick<Command, 'scopes'>): ManifestScope[] {
  return c.scopes ?? ['personal'];
}

/** Every command must fit Teams' menu limits, whether or not it makes the menu: fail, don't trim. */
export function commandProblems(commands: readonly MenuCommand[]): string[] {
  const problems: string[] = [];
  const titles = new Map<string, string>();
  for (const c of commands) {
    const title = c.title.trim();
    const description = c.description.trim();
    if (!title) problems.push(`command "${c.name}": title is empty`);
    if (title.length > TEAMS_LIMITS.title) {
      problems.push(
        `command "${c.name}": title "${title}" is ${title.length} characters (Teams allows ${TEAMS_LIMITS.title})`,
      );
    }
    if (!description) problems.push(`command "${c.name}": description is empty`);
    if (description.length > TEAMS_LIMITS.description) {
      problems.push(
        `command "${c.name}": description is ${description.length} characters (Teams allows ${TEAMS_LIMITS.description})`,
      );
    }
    const other = titles.get(title.toLowerCase());
    if (other) problems.push(`commands "${other}" and "${c.name}" have the same title "${title}"`);
    else titles.set(title.toLowerCase(), c.name);
    for (const s of c.scopes ?? []) {
      if (!(MANIFEST_SCOPES as readonly string[]).includes(s)) {
        problems.push(`command "${c.name}": unknown scope "${s}"`);
      }
    }
  }
  return problems;
}

/**
 * One command list per scope, in registry order (most asked first). A scope with more than ten
 * commands keeps the ones every role may use (help, settings: the way to everything else) and then
 * the first in the registry; the rest are still answered when typed, and are reported as notes.
 */
export function commandLists(commands: readonly MenuCommand[]): { lists: CommandList[]; notes: string[] } {
  const problems = commandProblems(commands);
  if (problems.length) throw new ManifestError(problems);
  const lists: CommandList[] = [];
  const notes: string[] = [];
  for (const scope of MANIFEST_SCOPES) {
    const candidates = commands.filter((c) => !isAdminOnly(c) && scopesOf(c).includes(scope));
    if (!candidates.length) continue;
    let chosen = candidates;
    if (candidates.length > TEAMS_LIMITS.commandsPerList) {
      const forEveryone = candidates.filter((c) => c.roles === 'any').slice(0, TEAMS_LIMITS.commandsPerList);
      const room = TEAMS_LIMITS.commandsPerList - forEveryone.length;
      const rest = candidates.filter((c) => c.roles !== 'any').slice(0, room);
      const keep = new Set<MenuCommand>([...forEveryone, ...rest]);
      chosen = candidates.filter((c) => keep.has(c));
      const left = candidates.filter((c) => !keep.has(c)).map((c) => c.name);
      notes.push(
        `${scope} menu: ${candidates.length} commands, Teams shows ${TEAMS_LIMITS.commandsPerList}; ` +
          `left out of the menu (still answered when typed): ${left.join(', ')}`,
      );
    }
    lists.push({
      scopes: [scope],
      commands: chosen.map((c) => ({ title: c.title.trim(), description: c.description.trim() })),
    });
  }
  return { lists, notes };
}

/** A name-based (version 5 style) GUID: the same bot id always gives the same app id. */
export function stableAppId(botId: string): string {
  const bytes = createHash('sha1').update(`probation-assistant:teams-app:${botId.toLowerCase()}`).digest();
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(HERE, '..', 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

export interface ManifestInput {
  /** TEAMS_APP_ID; empty = a GUID derived from the bot id (stable across builds). */
  teamsAppId: string;
  /** MicrosoftAppId; empty = PLACEHOLDER_BOT_ID, with a warning. */
  botId: string;
  commands: readonly Command[];
  /** The app version (semver); defaults to package.json's. */
  version?: string;
  templatePath?: string;
}

export interface BuiltManifest {
  manifest: Record<string, unknown>;
  /** Things an operator must fix before uploading (the package is still built). */
  warnings: string[];
  /** For information: derived ids, menu trimming. */
  notes: string[];
}

function fill(value: unknown, vars: Record<string, string>, unknown: Set<string>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
      const v = vars[name];
      if (v === undefined) unknown.add(name);
      return v ?? '';
    });
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, vars, unknown));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, vars, unknown)]));
  }
  return value;
}

export function buildManifest(input: ManifestInput): BuiltManifest {
  const warnings: string[] = [];
  const notes: string[] = [];
  const problems: string[] = [];
  const botId = input.botId.trim() || PLACEHOLDER_BOT_ID;
  if (!input.botId.trim()) {
    warnings.push(
      `MicrosoftAppId is not set: the package uses the placeholder bot id ${PLACEHOLDER_BOT_ID}. ` +
        'Set MicrosoftAppId to the Azure Bot registration before uploading to Teams.',
    );
  } else if (!GUID.test(botId)) {
    problems.push(`MicrosoftAppId must be a GUID (got "${botId}")`);
  }
  let appId = input.teamsAppId.trim();
  if (!appId) {
    appId = stableAppId(input.botId.trim());
    notes.push(`TEAMS_APP_ID is not set: using ${appId}, derived from the bot id (the same on every build).`);
  } else if (!GUID.test(appId)) {
    problems.push(`TEAMS_APP_ID must be a GUID (got "${appId}")`);
  }

  let lists: CommandList[] = [];
  try {
    const built = commandLists(input.commands);
    lists = built.lists;
    notes.push(...built.notes);
  } catch (e) {
    if (!(e instanceof ManifestError)) throw e;
    problems.push(...e.problems);
  }
  if (problems.length) throw new ManifestError(problems);

  const template = JSON.parse(readFileSync(input.templatePath ?? TEMPLATE_PATH, 'utf8')) as unknown;
  const missing = new Set<string>();
  const manifest = fill(
    template,
    {
      TEAMS_APP_ID: appId.toLowerCase(),
      BOT_ID: botId.toLowerCase(),
      APP_VERSION: input.version ?? packageVersion(),
      ACCENT_COLOR: ACCENT,
    },
    missing,
  ) as Record<string, unknown>;
  if (missing.size)
    throw new ManifestError([`the template uses unknown placeholders: ${[...missing].join(', ')}`]);
  const bots = manifest.bots as Record<string, unknown>[] | undefined;
  const bot = bots?.[0];
  if (!bot) throw new ManifestError(['the template has no bot']);
  bot.commandLists = lists;
  return { manifest, warnings, notes };
}

/** Where @microsoft/app-manifest keeps the official schema for a manifest version (offline). */
export function schemaPathFor(manifestVersion: string): string {
  const require = createRequire(import.meta.url);
  const root = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  return path.join(
    root,
    'build',
    'json-schemas',
    'teams',
    `v${manifestVersion}`,
    'MicrosoftTeams.schema.json',
  );
}

/** Validates against the official schema shipped in @microsoft/app-manifest; never fetches. */
export async function validateManifest(manifest: Record<string, unknown>): Promise<string[]> {
  const version = manifest.manifestVersion;
  if (typeof version !== 'string') return ['manifestVersion is missing'];
  const file = schemaPathFor(version);
  if (!existsSync(file))
    return [`@microsoft/app-manifest has no schema for manifest version ${version} (${file})`];
  // The package cleans these escapes the same way before parsing its own copies.
  const schema = JSON.parse(
    readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b'),
  ) as Parameters<typeof AppManifestUtils.validateAgainstSchema>[1];
  return AppManifestUtils.validateAgainstSchema(
    manifest as unknown as Parameters<typeof AppManifestUtils.validateAgainstSchema>[0],
    schema,
  );
}

/** A fixed timestamp in the zip, so the same inputs give the same bytes. */
const ZIP_DATE = new Date(Date.UTC(2024, 0, 1));

export async function appPackage(manifest: Record<string, unknown>): Promise<Buffer> {
  const zip = new JSZip();
  const options = { date: ZIP_DATE, createFolders: false };
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, options);
  zip.file('color.png', colorIconPng(), options);
  zip.file('outline.png', outlineIconPng(), options);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

export interface BuildResult extends BuiltManifest {
  outFile: string;
}

/** Builds, validates and writes the package. Throws ManifestError (nothing written) on any problem. */
export async function buildAppPackage(input: ManifestInput & { outFile: string }): Promise<BuildResult> {
  const built = buildManifest(input);
  const errors = await validateManifest(built.manifest);
  if (errors.length) {
    throw new ManifestError(errors.map((e) => `schema: ${e.trim()}`));
  }
  const zip = await appPackage(built.manifest);
  await mkdir(path.dirname(input.outFile), { recursive: true });
  await writeFile(input.outFile, zip);
  return { ...built, outFile: input.outFile };
}
