import { commands } from '../../commands/index.js';
import { decide, rankCommands } from '../../src/assistant/assistant.js';
import { smallTalk } from '../../src/assistant/small-talk.js';
import { understand } from '../../src/assistant/understand.js';
import type { Expected, Phrase } from './corpus.js';

/** What the router makes of a message, in terms a corpus row can be checked against. */
export interface Reading {
  kind: 'run' | 'ask' | 'unknown';
  command: string | null;
  options: string[];
  slots: Record<string, unknown>;
}

type Any = Record<string, unknown> | null | undefined;

/** The slots every command family is checked on, pulled out of each command's own slot shape. */
function commonSlots(slots: unknown): Record<string, unknown> {
  const s = (slots ?? {}) as Any;
  if (!s) return {};
  const out: Record<string, unknown> = { ...s };
  const period = s.period as { from: string; to: string } | null | undefined;
  if (period !== undefined) out.period = period ? { from: period.from, to: period.to } : null;
  if (typeof s.kind === 'string') out.action = s.kind;
  // The write commands keep their reading in a nested statement and person.
  const statement = s.statement as Any;
  if (statement) {
    for (const k of ['outcome', 'references', 'suffixes', 'status', 'bookedFor', 'reason'])
      if (k in statement) out[k] = statement[k];
  }
  const person = s.person as Any;
  if (person) {
    out.crn = person.crn;
    out.query = person.query;
  }
  return out;
}

export function read(text: string, today: string): Reading {
  const ranked = rankCommands(commands, understand(text, today));
  // As the router: small talk, when no command (other than help) is a plausible reading.
  if (smallTalk(text) && !ranked.some((r) => r.command.name !== 'help' && r.score >= 0.35))
    return { kind: 'run', command: 'small-talk', options: [], slots: {} };
  const d = decide(ranked);
  if (d.kind === 'run')
    return { kind: 'run', command: d.command.name, options: [], slots: commonSlots(d.slots) };
  if (d.kind === 'ask')
    return { kind: 'ask', command: null, options: d.options.map((o) => o.command.name), slots: {} };
  return { kind: 'unknown', command: null, options: [], slots: {} };
}

const fold = (v: unknown) => (typeof v === 'string' ? v.toLowerCase().replace(/[\u2018\u2019]/g, "'") : v);

/** Why a reading does not meet the expectation, or null when it does. */
export function mismatch(phrase: Phrase, r: Reading): string | null {
  const e: Expected = phrase.expect;
  if (phrase.outcome === 'ask') {
    return r.kind === 'ask' && r.options.includes(e.command)
      ? null
      : `expected ask incl. ${e.command}, got ${describe(r)}`;
  }
  if (r.kind !== 'run' || r.command !== e.command) return `expected ${e.command}, got ${describe(r)}`;
  for (const [key, want] of Object.entries(e)) {
    if (key === 'command') continue;
    const got = r.slots[key] ?? null;
    if (JSON.stringify(fold(got)) !== JSON.stringify(fold(want))) {
      return `${key}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`;
    }
  }
  return null;
}

export function describe(r: Reading): string {
  return r.kind === 'run' ? r.command! : r.kind === 'ask' ? `ask:${r.options.join('/')}` : 'unknown';
}
