import { z } from 'zod';
import { parseIsoPeriod, parseUkOrIsoDate } from '../domain/dates.js';
import { ROLES, type Role } from '../domain/staff.js';
import { bad, cell, ok, type Check } from './row-schema.js';

/**
 * Cell parsers: each takes the raw cell text and either returns a value or gives one reason.
 * Reasons never echo free text such as names or CRNs; they may echo a bad date, number or code,
 * which is not personal.
 */

const MAX_TEXT = 200;

/** Echo a rejected value only when it cannot be personal text (dates, numbers, codes). */
function shown(text: string, pattern: RegExp): string {
  return text.length <= 20 && pattern.test(text) ? ` (got '${text}')` : '';
}
const DATE_LIKE = /^[0-9/\-. ]+$/;
const PERIOD_LIKE = /^[0-9PYMWDTpymwdt.,\- ]+$/;
const NUMBER_LIKE = /^[0-9.,\- ]+$/;

/** Lower-cases a code and accepts spaces or hyphens for underscores (`Very High` → `very_high`). */
function normaliseCode(text: string): string {
  return text.toLowerCase().replace(/[\s-]+/g, '_');
}

export function requiredText(max = MAX_TEXT) {
  return cell((t) =>
    t === '' ? bad('is required') : t.length > max ? bad(`is longer than ${max} characters`) : ok(t),
  );
}

export function optionalText(max = MAX_TEXT) {
  return cell((t) =>
    t === '' ? ok(null) : t.length > max ? bad(`is longer than ${max} characters`) : ok(t),
  );
}

const EMAIL_RE = z.regexes.email;

function emailCheck(t: string): Check<string> {
  if (t === '') return bad('is required');
  const lower = t.toLowerCase();
  if (lower.length > 254 || !EMAIL_RE.test(lower)) return bad('is not a valid email address');
  return ok(lower);
}
export const email = cell(emailCheck);
export const optionalEmail = cell((t) => (t === '' ? ok(null) : emailCheck(t)));

const CRN_RE = /^[A-Z]\d{6}$/;
function crnCheck(t: string): Check<string> {
  if (t === '') return bad('is required');
  const upper = t.toUpperCase();
  return CRN_RE.test(upper) ? ok(upper) : bad('must be a CRN: one letter and 6 digits, such as X123456');
}
export const crn = cell(crnCheck);
export const optionalCrn = cell((t) => (t === '' ? ok(null) : crnCheck(t)));

const TRUE = new Set(['yes', 'y', 'true', '1']);
const FALSE = new Set(['no', 'n', 'false', '0', '']);
/** yes/no, y/n, true/false, 1/0, any case; empty = no. */
export const bool = cell((t) => {
  const v = t.toLowerCase();
  if (TRUE.has(v)) return ok(true);
  if (FALSE.has(v)) return ok(false);
  return bad('must be yes/no, y/n, true/false or 1/0 (empty = no)');
});

function dateCheck(t: string): Check<string> {
  if (t === '') return bad('is required');
  const iso = parseUkOrIsoDate(t);
  if (iso === null) return bad(`is not a real date as YYYY-MM-DD or DD/MM/YYYY${shown(t, DATE_LIKE)}`);
  const year = Number(iso.slice(0, 4));
  if (year < 1900 || year > 2199) return bad(`is outside the years 1900–2199${shown(t, DATE_LIKE)}`);
  return ok(iso);
}
export const date = cell(dateCheck);
export const optionalDate = cell((t) => (t === '' ? ok(null) : dateCheck(t)));

function oneOf<const T extends string>(values: readonly T[], options: { required: boolean }) {
  const list = values.join(', ');
  return cell<T | null>((t) => {
    if (t === '') return options.required ? bad(`is required: one of ${list}`) : ok(null);
    const v = normaliseCode(t);
    return (values as readonly string[]).includes(v) ? ok(v as T) : bad(`must be one of ${list}`);
  });
}
export const requiredOneOf = <const T extends string>(values: readonly T[]) =>
  oneOf(values, { required: true }) as z.ZodType<T, string>;
export const optionalOneOf = <const T extends string>(values: readonly T[]) =>
  oneOf(values, { required: false });

/** For a cell that gives its own meaning to an empty one, and otherwise takes one of `values`. */
export function requiredOneOfCheck<const T extends string>(values: readonly T[], t: string): Check<T> {
  const v = normaliseCode(t);
  return (values as readonly string[]).includes(v) ? ok(v as T) : bad(`must be one of ${values.join(', ')}`);
}

/**
 * An optional whole number in [min, max]. `0` is accepted as "none" (some extracts spell "not
 * MAPPA" as 0) and stored as null.
 */
export function optionalLevel(min: number, max: number) {
  return cell<number | null>((t) => {
    if (t === '') return ok(null);
    if (!/^\d+$/.test(t)) return bad(`must be a whole number ${min}–${max} or empty${shown(t, NUMBER_LIKE)}`);
    const n = Number(t);
    if (n === 0) return ok(null);
    if (n < min || n > max) return bad(`must be ${min}–${max} or empty (got ${n})`);
    return ok(n);
  });
}

export const period = cell((t) => {
  if (t === '') return bad('is required: an ISO 8601 duration such as P4Y, P18M, P6W or P120D');
  const p = parseIsoPeriod(t);
  if (p === null)
    return bad(`must be an ISO 8601 duration such as P4Y, P18M, P6W or P120D${shown(t, PERIOD_LIKE)}`);
  if (p.years + p.months + p.weeks + p.days === 0) return bad('must be longer than zero');
  return ok(t.toUpperCase());
});

/** One or more roles separated by `;` (duplicates dropped, order kept). */
export const roles = cell<Role[]>((t) => {
  const parts = t
    .split(';')
    .map((p) => normaliseCode(p.trim()))
    .filter((p) => p !== '');
  if (parts.length === 0) return bad(`is required: one or more of ${ROLES.join(', ')}, separated by ;`);
  const unknown = parts.filter((p) => !(ROLES as readonly string[]).includes(p));
  if (unknown.length > 0) {
    const codes = unknown.filter((u) => /^[a-z_]{1,20}$/.test(u));
    const which = codes.length === unknown.length ? ` (got ${codes.map((c) => `'${c}'`).join(', ')})` : '';
    return bad(`has an unknown role${which}: roles are ${ROLES.join(', ')}, separated by ;`);
  }
  return ok([...new Set(parts)] as Role[]);
});
