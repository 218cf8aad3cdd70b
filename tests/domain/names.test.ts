import { describe, expect, it } from 'vitest';
import {
  damerauLevenshtein,
  isCrn,
  jaroWinkler,
  matchPerson,
  normaliseCrn,
  normaliseName,
  type NamedRecord,
} from '../../src/domain/names.js';

const CASELOAD: NamedRecord[] = [
  { id: 1, crn: 'X123456', firstName: 'Jordan', lastName: 'Pike' },
  { id: 2, crn: 'A654321', firstName: 'Sarah', lastName: "O'Brien" },
  { id: 3, crn: 'B111111', firstName: 'Mohammed', lastName: 'Khan' },
  { id: 4, crn: 'C222222', firstName: 'Muhammad', lastName: 'Khan' },
  { id: 5, crn: 'D333333', firstName: 'Aisha', lastName: 'Patel' },
  { id: 6, crn: 'E444444', firstName: 'Seán', lastName: 'Smith-Jones' },
  { id: 7, crn: 'F555555', firstName: 'Zoë', lastName: 'Williams' },
  { id: 8, crn: 'G666666', firstName: 'Daniel', lastName: 'Williams' },
  { id: 9, crn: 'H777777', firstName: 'Grace', lastName: 'Okafor' },
  { id: 10, crn: 'J888888', firstName: 'Liam', lastName: 'McDonald' },
  { id: 11, crn: 'K999999', firstName: 'Chloe', lastName: 'Nowak' },
  // A second order for Jordan Pike: same person, so never makes "Jordan Pike" ambiguous.
  { id: 12, crn: 'x123456', firstName: 'Jordan', lastName: 'Pike' },
  { id: 13, crn: 'L101010', firstName: 'Tom', lastName: 'Hughes' },
  { id: 14, crn: 'M202020', firstName: 'Jordan Lee', lastName: 'Walsh' },
];

type Expected = ['found', number] | ['ambiguous', number[]] | ['not_found', number[]];

function summarise(query: string): Expected {
  const r = matchPerson(query, CASELOAD);
  if (r.kind === 'found') return ['found', r.record.id as number];
  if (r.kind === 'ambiguous') return ['ambiguous', r.candidates.map((c) => c.id as number)];
  return ['not_found', r.suggestions.map((c) => c.id as number)];
}

describe('isCrn / normaliseCrn', () => {
  it.each([
    ['X123456', true],
    ['x123456', true],
    [' X123456 ', true],
    ['X12345', false],
    ['X1234567', false],
    ['XX12345', false],
    ['1234567', false],
    ['A1234BC', false], // a NOMS number, not a CRN
    ['', false],
  ])('%j → %s', (s, expected) => {
    expect(isCrn(s)).toBe(expected);
  });

  it('upper-cases and trims', () => {
    expect(normaliseCrn(' x123456 ')).toBe('X123456');
  });
});

describe('normaliseName', () => {
  it.each([
    ["O'Brien", 'obrien'],
    ['O’Brien', 'obrien'],
    ['Smith-Jones', 'smith jones'],
    ['  Zoë   WILLIAMS ', 'zoe williams'],
    ['Pike, Jordan', 'pike jordan'],
    ['J. Pike', 'j pike'],
    ['Seán', 'sean'],
  ])('%j → %j', (s, expected) => {
    expect(normaliseName(s)).toBe(expected);
  });
});

describe('string similarity', () => {
  it.each([
    ['kitten', 'sitting', 3],
    ['jordan', 'jordon', 1],
    ['grace', 'grcae', 1], // transposition counts once
    ['ca', 'abc', 3], // optimal string alignment
    ['', 'abc', 3],
    ['same', 'same', 0],
  ])('damerauLevenshtein(%s, %s) = %i', (a, b, d) => {
    expect(damerauLevenshtein(a, b)).toBe(d);
  });

  it.each([
    ['martha', 'marhta', 0.961],
    ['dwayne', 'duane', 0.84],
    ['dixon', 'dicksonx', 0.813],
    ['same', 'same', 1],
    ['abc', '', 0],
    ['abc', 'xyz', 0],
  ])('jaroWinkler(%s, %s) ≈ %f', (a, b, score) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(score, 3);
  });
});

describe('matchPerson', () => {
  it.each<[string, string, Expected]>([
    // CRN
    ['CRN exact', 'X123456', ['found', 1]],
    ['CRN lower case', 'x123456', ['found', 1]],
    ['CRN with spaces', '  X123456 ', ['found', 1]],
    ['CRN one digit off suggests', 'X123457', ['not_found', [1]]],
    ['CRN unknown', 'Z000000', ['not_found', []]],
    // exact names
    ['full name', 'Jordan Pike', ['found', 1]],
    ['full name, any case', 'jordan PIKE', ['found', 1]],
    ['surname first with a comma', 'PIKE, Jordan', ['found', 1]],
    ['surname first', 'Pike Jordan', ['found', 1]],
    ['initial and surname', 'J. Pike', ['found', 1]],
    ['apostrophe typed or not', 'sarah obrien', ['found', 2]],
    ['curly apostrophe', 'Sarah O’Brien', ['found', 2]],
    ['surname alone with punctuation', "O'Brien", ['found', 2]],
    ['accent not typed', 'Zoe Williams', ['found', 7]],
    ['accented first name alone', 'Zoe', ['found', 7]],
    ['double-barrelled surname', 'Sean Smith-Jones', ['found', 6]],
    ['double-barrelled, no hyphen', 'smith jones', ['found', 6]],
    ['one part of a double-barrelled surname', 'Jones', ['found', 6]],
    ['space inside a surname', 'Mc Donald', ['found', 10]],
    ['middle name omitted', 'Jordan Walsh', ['found', 14]],
    ['middle name included', 'Jordan Lee Walsh', ['found', 14]],
    ['unique surname', 'Okafor', ['found', 9]],
    ['unique first name', 'Aisha', ['found', 5]],
    ['two rows with one CRN are one person', 'Pike', ['found', 1]],
    // ambiguous
    ['shared surname', 'Khan', ['ambiguous', [3, 4]]],
    ['shared surname (Williams)', 'Williams', ['ambiguous', [7, 8]]],
    ['shared first name', 'Jordan', ['ambiguous', [1, 14]]],
    ['one exact among similar', 'Mohammed Khan', ['found', 3]],
    // misspellings: "did you mean", never found
    ['first name misspelt', 'Jordon Pike', ['ambiguous', [1]]],
    ['surname misspelt', 'Jordan Pyke', ['ambiguous', [1]]],
    ['letters swapped', 'Grcae Okafor', ['ambiguous', [9]]],
    ['spelling variant', 'Mohamed Khan', ['ambiguous', [3]]],
    ['Mac for Mc', 'Liam MacDonald', ['ambiguous', [10]]],
    ['surname alone, extra letter', 'Patell', ['ambiguous', [5]]],
    ['surname alone, missing letter', 'Hughs', ['ambiguous', [13]]],
    // not found
    ['short first names are not fuzzed (Tim is not Tom)', 'Tim Hughes', ['not_found', [13]]],
    ['nickname: suggestion only', 'Jim Pike', ['not_found', [1]]],
    ['nobody like it', 'Peter Parker', ['not_found', []]],
    ['empty', '', ['not_found', []]],
    ['punctuation only', '!!!', ['not_found', []]],
  ])('%s: %j', (_label, query, expected) => {
    expect(summarise(query)).toEqual(expected);
  });

  it('returns the caller’s own record objects', () => {
    const records = [{ id: 'a', crn: 'X000001', firstName: 'Ada', lastName: 'Lovelace', team: 'N07' }];
    const r = matchPerson('Ada Lovelace', records);
    expect(r.kind === 'found' && r.record.team).toBe('N07');
  });

  it('caps suggestions at 5', () => {
    const many: NamedRecord[] = [
      'Brown',
      'Browne',
      'Browning',
      'Brownlow',
      'Brownley',
      'Browner',
      'Brownson',
    ].map((lastName, i) => ({ id: i, crn: `B00000${i}`, firstName: 'Alex', lastName }));
    const r = matchPerson('Alex Braunsteiner', many);
    expect(r.kind).toBe('not_found');
    expect(r.kind === 'not_found' && r.suggestions.length).toBeLessThanOrEqual(5);
    expect(r.kind === 'not_found' && r.suggestions.length).toBeGreaterThan(0);
  });

  it('caps close candidates at 5, closest first', () => {
    const many: NamedRecord[] = ['Smyth', 'Smith', 'Smithe', 'Smit', 'Smiths', 'Smitt', 'Smithy'].map(
      (lastName, i) => ({
        id: i,
        crn: `S00000${i}`,
        firstName: 'Pat',
        lastName,
      }),
    );
    const r = matchPerson('Pat Smtih', many);
    expect(r.kind).toBe('ambiguous');
    if (r.kind !== 'ambiguous') return;
    expect(r.candidates.length).toBeLessThanOrEqual(5);
    expect(r.candidates[0]!.lastName).toBe('Smith');
  });

  it('handles an empty caseload', () => {
    expect(matchPerson('Jordan Pike', [])).toEqual({ kind: 'not_found', suggestions: [] });
    expect(matchPerson('X123456', [])).toEqual({ kind: 'not_found', suggestions: [] });
  });
});
