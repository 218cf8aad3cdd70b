import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { jobs } from '../../jobs/index.js';

/** The exported values of every file in a folder that look like a declaration (a `name` and a function). */
async function declarationsIn(folder: string, fn: 'run' | 'build') {
  const dir = fileURLToPath(new URL(`../../${folder}/`, import.meta.url));
  const out: { file: string; name: string; value: unknown }[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts')) {
    const mod = (await import(`${dir}${f}`)) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      const v = value as { name?: unknown } & Record<string, unknown>;
      if (v && typeof v === 'object' && typeof v.name === 'string' && typeof v[fn] === 'function')
        out.push({ file: basename(f, '.ts'), name: v.name, value });
    }
  }
  return { files: readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts'), out };
}

describe('every command and job lives in a file named after it', () => {
  it.each([
    ['commands', 'run', commands],
    ['jobs', 'build', jobs],
  ] as const)('%s/', async (folder, fn, declared) => {
    const { files, out } = await declarationsIn(folder, fn);
    // One declaration per file, named as the file.
    for (const d of out) expect(d.name, `${folder}/${d.file}.ts`).toBe(d.file);
    expect(out.map((d) => d.file).sort()).toEqual(files.map((f) => basename(f, '.ts')).sort());
    // And the index lists exactly those.
    expect([...declared].map((d) => d.name).sort()).toEqual(out.map((d) => d.name).sort());
    for (const d of out) expect(declared).toContain(d.value);
  });
});
