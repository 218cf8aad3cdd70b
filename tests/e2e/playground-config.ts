import { readFileSync } from 'node:fs';
import { PLAYGROUND_CONFIG } from '../../scripts/playground.js';

export interface PlaygroundPerson {
  id: string;
  name: string;
  aadObjectId: string;
  email: string;
}

/**
 * The people in .m365agentsplayground.yml, signed-in user first. The file is flat, two-level YAML,
 * so a line reader is enough (the project has no YAML parser of its own; the Playground validates
 * the file against its schema when it starts).
 */
export function playgroundPeople(file = PLAYGROUND_CONFIG): PlaygroundPerson[] {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf('\ncurrentUser:');
  const end = text.indexOf('\npersonalChat:');
  const people: Partial<PlaygroundPerson>[] = [];
  for (const raw of text.slice(start, end).split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === 'currentUser:' || line.startsWith('- id:')) people.push({});
    const m = /^-?\s*(id|name|aadObjectId|email):\s*(.+)$/.exec(line);
    const person = people[people.length - 1];
    if (m && person) person[m[1] as keyof PlaygroundPerson] = m[2]!.replace(/^['"]|['"]$/g, '');
  }
  return people.map((p) => ({
    id: p.id ?? '',
    name: p.name ?? '',
    aadObjectId: p.aadObjectId ?? '',
    email: p.email ?? '',
  }));
}

export function tenantId(file = PLAYGROUND_CONFIG): string {
  return /^tenantId:\s*(\S+)/m.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
}
