import fc from 'fast-check';

/**
 * Shared pieces of the property-based tests. Every suite counts the inputs it really ran and
 * prints `[fuzz] <suite>: <n> inputs`, so the figures in the README come from the test output.
 */
export function fuzzReport(suite: string, inputs: number): void {
  console.log(`[fuzz] ${suite}: ${inputs} inputs`);
}

/** Smaller runs against a real PostgreSQL server (every import is a round trip), full ones on PGlite. */
export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** Strings that have broken parsers before: control and bidi characters, BOMs, emoji, odd digits. */
export const NASTY = [
  '',
  ' ',
  '\u0000',
  '\t',
  '\r\n',
  '\n\n',
  '\uFEFF',
  '\u202E',
  '\u200B',
  '😀',
  '👩🏽‍⚕️',
  'ﷺ',
  'İ',
  'ß',
  '١٢٣',
  '１２３',
  '½',
  '⅔',
  '"',
  '""',
  "'",
  ',',
  ';',
  '\\',
  '%s',
  '${x}',
  '<at>Probation Assistant</at>',
  '<script>',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e309',
  '99999999999999999999',
  '-1',
  '0x1F',
  '2025-02-30',
  '31/02/2025',
  '2025-13-01',
  '00/00/0000',
  'X123456',
  'x1234567',
  'DIP-23-0417',
  'P-4Y',
  'yes;no',
  'a'.repeat(300),
];

/** Any text: arbitrary code points, printable graphemes, or one of the nasty strings. */
export const anyText = (maxLength = 200): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: 'binary-ascii', maxLength }),
    fc.constantFrom(...NASTY),
  );

/** Inserts noise between the words of a real phrase, and flips letter case at random. */
export function withNoise(phrase: fc.Arbitrary<string>, noise: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(phrase, fc.array(fc.tuple(fc.nat(), noise), { maxLength: 4 }), fc.boolean())
    .chain(([p, inserts, upper]) => {
      const words = p.split(' ');
      for (const [at, n] of inserts) words.splice(at % (words.length + 1), 0, n);
      const joined = words.join(' ');
      return upper ? fc.mixedCase(fc.constant(joined)) : fc.constant(joined);
    });
}
