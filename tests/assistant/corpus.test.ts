import { describe, expect, it } from 'vitest';
import { CORPUS, HELD_OUT, HELD_OUT_MUST_NOT, MUST_NOT, TODAY, type Phrase } from './corpus.js';
import { describe as describeReading, mismatch, read } from './evaluate.js';

interface Row {
  family: string;
  total: number;
  correct: number;
  misses: { text: string; why: string }[];
}

function measure(corpus: Record<string, Phrase[]>): { rows: Row[]; total: number; correct: number } {
  const rows = Object.entries(corpus).map(([family, phrases]) => {
    const misses = phrases
      .map((p) => ({ text: p.text, why: mismatch(p, read(p.text, TODAY)) }))
      .filter((m): m is { text: string; why: string } => m.why !== null);
    return { family, total: phrases.length, correct: phrases.length - misses.length, misses };
  });
  return {
    rows,
    total: rows.reduce((n, r) => n + r.total, 0),
    correct: rows.reduce((n, r) => n + r.correct, 0),
  };
}

function table(title: string, m: ReturnType<typeof measure>): string {
  const pct = (c: number, t: number) => `${((100 * c) / t).toFixed(1)}%`;
  const line = (name: string, c: number, t: number) =>
    `${name.padEnd(26)} ${String(c).padStart(5)} ${String(t).padStart(4)} ${pct(c, t).padStart(9)}`;
  const misses = m.rows.flatMap((r) => r.misses.map((x) => `  [${r.family}] "${x.text}": ${x.why}`));
  return [
    `\n${title} (today ${TODAY})`,
    `${'family'.padEnd(26)} ${'right'.padStart(5)} ${'of'.padStart(4)} ${'accuracy'.padStart(9)}`,
    ...m.rows.map((r) => line(r.family, r.correct, r.total)),
    line('overall', m.correct, m.total),
    ...(misses.length ? ['Misses:', ...misses] : []),
  ].join('\n');
}

function wrongIntents(phrases: string[]) {
  return phrases
    .map((text) => ({ text, r: read(text, TODAY) }))
    .filter(({ r }) => r.kind === 'run' && r.command !== 'help' && r.command !== 'small-talk')
    .map(({ text, r }) => `${text.slice(0, 60)} → ${describeReading(r)}`);
}

/** The matcher measured on realistic phrasings: accuracy per family, printed, and a floor. */
describe('the phrasing corpus', () => {
  const corpus = measure(CORPUS);
  const heldOut = measure(HELD_OUT);

  it('has at least 30 phrasings per family', () => {
    for (const r of corpus.rows) expect(r.total, r.family).toBeGreaterThanOrEqual(30);
  });

  it('understands at least 95% overall (table printed)', () => {
    console.log(table('Phrasing corpus', corpus));
    expect(corpus.correct / corpus.total).toBeGreaterThanOrEqual(0.95);
  });

  it('does nearly as well on phrasings written after the tuning (held out; table printed)', () => {
    console.log(table('Held-out phrasings', heldOut));
    expect(heldOut.correct / heldOut.total).toBeGreaterThanOrEqual(0.9);
  });

  it('reads no must-not phrase as a case question', () => {
    expect(MUST_NOT.length).toBeGreaterThanOrEqual(40);
    const all = [...MUST_NOT, ...HELD_OUT_MUST_NOT];
    const outcomes = all
      .map((text) => describeReading(read(text, TODAY)))
      .reduce<Record<string, number>>((m, k) => {
        const key = k.startsWith('ask') ? 'did you mean' : k;
        return { ...m, [key]: (m[key] ?? 0) + 1 };
      }, {});
    const wrong = [...wrongIntents(MUST_NOT), ...wrongIntents(HELD_OUT_MUST_NOT)];
    console.log(
      `\nMust-not set: ${MUST_NOT.length} phrases + ${HELD_OUT_MUST_NOT.length} held out, ${wrong.length} wrong-intent matches; outcomes ${JSON.stringify(outcomes)}\n`,
    );
    expect(wrong).toEqual([]);
  });
});
