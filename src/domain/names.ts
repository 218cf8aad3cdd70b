/**
 * Forgiving person matching for chat questions ("when is Jordan Pike's two-thirds date?").
 * A wrong match would show one person's case to a question about another, so only exact matches
 * are ever `found`; anything fuzzy comes back as candidates for the user to confirm.
 */

export interface NamedRecord {
  id: string | number;
  crn: string;
  firstName: string;
  lastName: string;
}

export type MatchResult<T> =
  | { kind: 'found'; record: T }
  | { kind: 'ambiguous'; candidates: T[] }
  | { kind: 'not_found'; suggestions: T[] };

const CRN_RE = /^[A-Za-z]\d{6}$/;

/** A CRN is one letter and six digits, e.g. `X123456` (any case, surrounding spaces ignored). */
export function isCrn(s: string): boolean {
  return CRN_RE.test(s.trim());
}

export function normaliseCrn(s: string): string {
  return s.trim().toUpperCase();
}

/**
 * Lower case, accents removed, apostrophes and full stops dropped (O'Brien → obrien), any other
 * punctuation (hyphens, commas) treated as a space, whitespace collapsed.
 */
export function normaliseName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’‘`.]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const compact = (s: string) => s.replace(/ /g, '');

/** Damerau-Levenshtein distance (optimal string alignment: adjacent transpositions cost 1). */
export function damerauLevenshtein(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]![j]!;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, at(i - 2, j - 2) + 1);
      d[i]![j] = v;
    }
  }
  return at(a.length, b.length);
}

/** Jaro-Winkler similarity in [0, 1]; rewards a shared prefix, which suits names. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const range = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const lo = Math.max(0, i - range);
    const hi = Math.min(b.length - 1, i + range);
    for (let j = lo; j <= hi; j++) {
      if (!bMatched[j] && a[i] === b[j]) {
        aMatched[i] = bMatched[j] = true;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[k]) k++;
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Edits tolerated for a word of this length: none for very short words, where one edit is another name. */
function allowedEdits(length: number): number {
  return length <= 3 ? 0 : length <= 7 ? 1 : 2;
}

function closeWord(query: string, target: string): boolean {
  if (query === target) return true;
  const limit = allowedEdits(Math.max(query.length, target.length));
  return limit > 0 && damerauLevenshtein(query, target) <= limit;
}

interface Prepared<T> {
  record: T;
  crn: string;
  first: string; // normalised first name(s)
  firstToken: string; // first given name only
  last: string; // normalised surname
  full: string; // "first last"
}

function prepare<T extends NamedRecord>(record: T): Prepared<T> {
  const first = normaliseName(record.firstName);
  const last = normaliseName(record.lastName);
  return {
    record,
    crn: normaliseCrn(record.crn),
    first,
    firstToken: first.split(' ')[0] ?? '',
    last,
    full: `${first} ${last}`.trim(),
  };
}

/**
 * Several rows can describe one person (one row per sentence or order), so results are people:
 * duplicates by CRN are removed, keeping the first row given.
 */
function uniquePeople<T>(items: Prepared<T>[]): Prepared<T>[] {
  const seen = new Set<string>();
  return items.filter((p) => {
    if (seen.has(p.crn)) return false;
    seen.add(p.crn);
    return true;
  });
}

function decide<T>(matches: Prepared<T>[]): MatchResult<T> | null {
  const people = uniquePeople(matches);
  if (people.length === 0) return null;
  if (people.length === 1) return { kind: 'found', record: people[0]!.record };
  return { kind: 'ambiguous', candidates: people.map((p) => p.record) };
}

/** The exact tier: the query names the person without any spelling difference. */
function exactMatch<T>(q: string, tokens: string[], p: Prepared<T>): boolean {
  const qc = compact(q);
  if (qc === compact(p.full) || qc === compact(`${p.last} ${p.first}`)) return true;
  if (tokens.length < 2) return false;
  const head = tokens[0]!;
  const tail = tokens.slice(1).join(' ');
  const headLast = tokens.slice(0, -1).join(' ');
  const tailFirst = tokens[tokens.length - 1]!;
  // "Jordan Pike" for "Jordan Lee Pike"; "J Pike" for "Jordan Pike"; and "Pike Jordan" / "Pike, J".
  const firstOk = (f: string) =>
    f === p.firstToken || f === p.first || (f.length === 1 && p.firstToken.startsWith(f));
  return (
    (firstOk(head) && compact(tail) === compact(p.last)) ||
    (firstOk(tailFirst) && compact(headLast) === compact(p.last))
  );
}

/** Best similarity between the query and the record, in [0, 1], for ranking. */
function similarity<T>(q: string, tokens: string[], p: Prepared<T>): number {
  const scores = [
    jaroWinkler(compact(q), compact(p.full)),
    jaroWinkler(compact(q), compact(`${p.last}${p.first}`)),
  ];
  if (tokens.length === 1) scores.push(jaroWinkler(q, p.last), jaroWinkler(q, p.firstToken));
  return Math.max(...scores);
}

/** A spelling slip on each word the user typed, and nothing more. */
function closeMatch<T>(tokens: string[], p: Prepared<T>): boolean {
  if (tokens.length === 1) {
    const t = tokens[0]!;
    return closeWord(t, compact(p.last)) || closeWord(t, p.firstToken);
  }
  const head = tokens[0]!;
  const tail = compact(tokens.slice(1).join(' '));
  const headLast = compact(tokens.slice(0, -1).join(' '));
  const tailFirst = tokens[tokens.length - 1]!;
  return (
    (closeWord(head, p.firstToken) && closeWord(tail, compact(p.last))) ||
    (closeWord(tailFirst, p.firstToken) && closeWord(headLast, compact(p.last)))
  );
}

const MAX_SUGGESTIONS = 5;
// Below this a "suggestion" is noise (two unrelated names still score around 0.5–0.6).
const SUGGESTION_FLOOR = 0.75;

/**
 * Finds the person a user means, by CRN or by name.
 * - CRN: exact only (`found`), else `not_found` with CRNs one keystroke away as suggestions.
 * - Full name, either order, case/punctuation/accent-insensitive (also "J Pike", and "Jordan Pike"
 *   for "Jordan Lee Pike"): unique → `found`, several → `ambiguous`.
 * - One word: surname or first name; unique → `found`, several → `ambiguous`.
 * - Otherwise close spellings ("Jordon Pike") → `ambiguous`, even with one candidate, so the UI
 *   asks "did you mean…?".
 * - Nothing close → `not_found` with up to 5 nearest names.
 */
export function matchPerson<T extends NamedRecord>(query: string, records: T[]): MatchResult<T> {
  const people = records.map(prepare);

  if (isCrn(query)) {
    const crn = normaliseCrn(query);
    const exact = decide(people.filter((p) => p.crn === crn));
    if (exact) return exact;
    const near = uniquePeople(people.filter((p) => damerauLevenshtein(p.crn, crn) <= 1));
    return { kind: 'not_found', suggestions: near.slice(0, MAX_SUGGESTIONS).map((p) => p.record) };
  }

  const q = normaliseName(query);
  if (q === '') return { kind: 'not_found', suggestions: [] };
  const tokens = q.split(' ');

  const exact = decide(people.filter((p) => exactMatch(q, tokens, p)));
  if (exact) return exact;

  // One name on its own. Surname matches are listed first: "Pike" more often means a surname.
  // A single word also matches one part of a double-barrelled name ("Jones" for "Smith-Jones").
  const qc = compact(q);
  const single = tokens.length === 1;
  const bySurname = people.filter(
    (p) => compact(p.last) === qc || (single && p.last.split(' ').includes(qc)),
  );
  const byFirst = people.filter((p) => compact(p.first) === qc || (single && p.firstToken === qc));
  const named = decide([...bySurname, ...byFirst]);
  if (named) return named;

  const ranked = people
    .map((p) => ({ p, score: similarity(q, tokens, p) }))
    .sort((a, b) => b.score - a.score);

  const close = uniquePeople(ranked.filter((r) => closeMatch(tokens, r.p)).map((r) => r.p));
  if (close.length > 0) {
    return { kind: 'ambiguous', candidates: close.slice(0, MAX_SUGGESTIONS).map((p) => p.record) };
  }

  const suggestions = uniquePeople(ranked.filter((r) => r.score >= SUGGESTION_FLOOR).map((r) => r.p));
  return { kind: 'not_found', suggestions: suggestions.slice(0, MAX_SUGGESTIONS).map((p) => p.record) };
}
