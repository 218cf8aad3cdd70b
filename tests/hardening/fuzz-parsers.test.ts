import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { decide, rankCommands } from '../../src/assistant/assistant.js';
import { understand } from '../../src/assistant/understand.js';
import { compareDates, isValidIsoDate, type IsoDate } from '../../src/domain/dates.js';
import {
  COUNT_MAX,
  FORM_FIELDS,
  GOOD_NEWS_MAX,
  IOM_COUNTS,
  parseIomReturnForm,
  type ParsedReturn,
} from '../../src/domain/iom-return.js';
import { lastCompletedMonth, monthLabel } from '../../src/domain/iom-months.js';
import { parseIomReturnText } from '../../src/domain/iom-message.js';
import { anyText, fuzzReport, NASTY, withNoise } from '../support/fuzz.js';
import { MAX_MESSAGE_LENGTH } from '../../src/assistant/normalise.js';

const today: fc.Arbitrary<IsoDate> = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const examples = commands.flatMap((c) => c.examples);
const names = commands.map((c) => c.name);

/** A card's submitted data: usually nothing, sometimes junk, sometimes a "did you mean" button. */
const cardValue = fc.oneof(
  { weight: 4, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      { command: fc.oneof(fc.constantFrom(...names), fc.string()), utterance: anyText(50) },
      { requiredKeys: [] },
    ),
  },
);

const question = fc.oneof(
  { weight: 3, arbitrary: anyText(300) },
  { weight: 3, arbitrary: withNoise(fc.constantFrom(...examples), anyText(12)) },
  { weight: 2, arbitrary: withNoise(fc.constantFrom(...examples), fc.constantFrom(...NASTY)) },
  // Long messages: over the message limit, and far over it.
  {
    weight: 1,
    arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: MAX_MESSAGE_LENGTH - 10, maxLength: 12_000 }),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...examples), fc.integer({ min: 1, max: 400 }))
      .map(([p, n]) => Array.from({ length: n }, () => p).join(' ')),
  },
);

function expectWellFormedReturn(r: ParsedReturn): void {
  if (r.ok) {
    expect(isValidIsoDate(r.value.month)).toBe(true);
    expect(r.value.month.endsWith('-01')).toBe(true);
    for (const field of IOM_COUNTS) {
      const n = r.value[field];
      expect(Number.isInteger(n) && n >= 0 && n <= COUNT_MAX, `${field} = ${n}`).toBe(true);
    }
    if (r.value.goodNews !== null) {
      expect(typeof r.value.goodNews).toBe('string');
      expect(r.value.goodNews.length).toBeLessThanOrEqual(GOOD_NEWS_MAX);
    }
  } else {
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) {
      expect([...IOM_COUNTS, 'month', 'goodNews', 'message']).toContain(e.field);
      expect(typeof e.reason).toBe('string');
      expect(e.reason.trim().length).toBeGreaterThan(0);
    }
  }
}

describe('fuzzing the question matcher (understand → rankCommands → decide over the real commands)', () => {
  it('never throws, stays fast, and always gives a well-formed decision', () => {
    let inputs = 0;
    let slowest = 0;
    fc.assert(
      fc.property(question, today, cardValue, (raw, day, value) => {
        inputs += 1;
        const started = performance.now();
        const u = understand(raw, day, value);
        expect(typeof u.text).toBe('string');
        expect(u.words.every((w) => typeof w === 'string' && w.length > 0)).toBe(true);
        if (u.period) {
          expect(isValidIsoDate(u.period.from) && isValidIsoDate(u.period.to)).toBe(true);
          expect(compareDates(u.period.from, u.period.to)).toBeLessThanOrEqual(0);
        }
        if (u.days !== null) expect(Number.isInteger(u.days) && u.days >= 0).toBe(true);
        if (u.crn !== null) expect(u.crn).toMatch(/^[A-Z]\d{6}$/);

        const ranked = rankCommands(commands, u);
        for (const [i, r] of ranked.entries()) {
          expect(commands).toContain(r.command);
          expect(
            Number.isFinite(r.score) && r.score > 0 && r.score <= 1,
            `${r.command.name} scored ${r.score}`,
          ).toBe(true);
          if (i > 0) expect(r.score).toBeLessThanOrEqual(ranked[i - 1]!.score);
        }
        const d = decide(ranked);
        expect(['run', 'ask', 'unknown']).toContain(d.kind);
        if (d.kind === 'run') expect(commands).toContain(d.command);
        if (d.kind === 'ask') {
          expect(d.options.length).toBeGreaterThanOrEqual(1);
          expect(d.options.length).toBeLessThanOrEqual(3);
          for (const o of d.options) expect(ranked).toContain(o);
        }
        slowest = Math.max(slowest, performance.now() - started);
      }),
      { numRuns: 3000 },
    );
    fuzzReport('question matcher', inputs);
    // No pathological regular expression: even a 12,000-character message is understood quickly.
    expect(slowest).toBeLessThan(1_000);
  });

  it('still routes the documented examples when they arrive with surrounding whitespace or in capitals', () => {
    for (const command of commands) {
      for (const example of command.examples) {
        for (const text of [` ${example} `, `  ${example.toUpperCase()}  `]) {
          const d = decide(rankCommands(commands, understand(text, '2025-11-12')));
          expect(d.kind, `"${text}"`).not.toBe('unknown');
        }
      }
    }
  });
});

describe('fuzzing the IOM return parsers', () => {
  it('a typed return: never throws; either a valid return or a list of field errors', () => {
    let inputs = 0;
    const label = fc.constantFrom(
      'arrests',
      'home visits',
      'prison visits',
      'panel referrals',
      'judicial orders',
      'visits',
      'orders',
    );
    const count = fc.oneof(
      fc.nat({ max: 200_000 }).map(String),
      anyText(8),
      fc.constantFrom('3.5', '-2', '1,000', '10,00', '١٢'),
    );
    const returnish = fc
      .tuple(
        fc.constantFrom(
          'IOM return',
          'iom return for May 2024:',
          'return for last month',
          'IOM return for June and July',
          '',
        ),
        fc.array(fc.tuple(label, count, fc.boolean()), { maxLength: 7 }),
        fc.option(anyText(300), { nil: undefined }),
      )
      .map(([head, pairs, news]) => {
        const body = pairs.map(([l, n, before]) => (before ? `${n} ${l}` : `${l} ${n}`)).join(', ');
        return `${head} ${body}${news === undefined ? '' : `. Good news: ${news}`}`;
      });
    fc.assert(
      fc.property(fc.oneof(anyText(400), returnish, withNoise(returnish, anyText(6))), today, (raw, day) => {
        inputs += 1;
        expectWellFormedReturn(parseIomReturnText(raw, day));
      }),
      { numRuns: 3000 },
    );
    fuzzReport('IOM return (typed)', inputs);
  });

  it('a complete typed return with in-range counts is read back exactly', () => {
    let inputs = 0;
    const counts = fc.tuple(...IOM_COUNTS.map(() => fc.nat({ max: COUNT_MAX })));
    fc.assert(
      fc.property(counts, fc.boolean(), (values, numberFirst) => {
        inputs += 1;
        const day = '2025-06-15';
        const month = lastCompletedMonth(day);
        const parts = IOM_COUNTS.map((field, i) => {
          const words = {
            arrests: 'arrests',
            homeVisits: 'home visits',
            prisonVisits: 'prison visits',
            panelReferrals: 'panel referrals',
            judicialOrders: 'judicial orders',
          }[field];
          return numberFirst ? `${values[i]} ${words}` : `${words} ${values[i]}`;
        });
        const r = parseIomReturnText(
          `IOM return for ${monthLabel(month)}: ${parts.join(', ')}. Good news: all well`,
          day,
        );
        expect(r.ok, JSON.stringify(r)).toBe(true);
        if (r.ok) {
          expect(r.value.month).toBe(month);
          IOM_COUNTS.forEach((field, i) => expect(r.value[field]).toBe(values[i]));
          expect(r.value.goodNews).toBe('all well');
        }
      }),
      { numRuns: 500 },
    );
    fuzzReport('IOM return (typed, valid)', inputs);
  });

  it('a submitted form: never throws; either a valid return or a list of field errors', () => {
    let inputs = 0;
    const formValue = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      anyText(20),
      fc.nat({ max: 200_000 }).map(String),
      fc.constant(undefined),
    );
    const form = fc.record(Object.fromEntries(Object.values(FORM_FIELDS).map((k) => [k, formValue])), {
      requiredKeys: [],
    });
    fc.assert(
      fc.property(
        fc.oneof(form, fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }))),
        today,
        (value, day) => {
          inputs += 1;
          expectWellFormedReturn(parseIomReturnForm(value, day));
        },
      ),
      { numRuns: 2000 },
    );
    fuzzReport('IOM return (form)', inputs);
  });
});
