/**
 * `npm run manifest [-- --out <file.zip>]`: builds and validates the Teams app package
 * (manifest.json, color.png, outline.png) into build/appPackage.zip.
 * Exit codes: 0 built (warnings may be printed); 1 not built (problems listed); 2 usage error.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commands } from '../commands/index.js';
import { buildAppPackage, ManifestError, type CommandList } from '../manifest/build.js';
import { CliFailure, loadConfigOrFail, runCli, UsageError } from './cli.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = 'Usage: npm run manifest [-- --out <file.zip>]';

runCli(USAGE, async (args) => {
  let outFile = path.join(ROOT, 'build', 'appPackage.zip');
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--out' && args[i + 1]) outFile = path.resolve(args[++i] ?? '');
    else throw new UsageError(`Unknown argument '${a}'.`);
  }

  const config = loadConfigOrFail();

  try {
    const built = await buildAppPackage({
      teamsAppId: config.TEAMS_APP_ID,
      botId: config.MicrosoftAppId,
      commands,
      outFile,
    });
    const m = built.manifest;
    const bot = (m.bots as { botId: string; commandLists: CommandList[] }[])[0];
    const menus = (bot?.commandLists ?? [])
      .map((l) => `${l.scopes.join('/')} ${l.commands.length}`)
      .join(', ');
    const shown = path.relative(process.cwd(), built.outFile);
    process.stdout.write(
      `Built ${shown.startsWith('..') ? built.outFile : shown}: manifest ${String(m.manifestVersion)}, ` +
        `app id ${String(m.id)}, bot id ${bot?.botId ?? '?'}; schema valid; command menus: ${menus}.\n`,
    );
    for (const note of built.notes) process.stdout.write(`note: ${note}\n`);
    for (const warning of built.warnings) process.stderr.write(`warning: ${warning}\n`);
  } catch (e) {
    if (e instanceof ManifestError) throw new CliFailure(e.message);
    throw e;
  }
});
