import { read } from './tests/assistant/evaluate.js';
import { commands } from './commands/index.js';
import { rankCommands } from './src/assistant/assistant.js';
import { understand } from './src/assistant/understand.js';
for (const t of process.argv.slice(2)) { const r = read(t, '2026-12-02'); console.log(JSON.stringify(t), r.kind, r.command ?? r.options.join('/'), JSON.stringify(rankCommands(commands, understand(t,'2026-12-02')).map(x=>[x.command.name,x.score]))); }
