import { z } from 'zod';
import { parseIsoPeriod, parseUkOrIsoDate } from '../domain/dates.js';

/**
 * Row schemas for the CSV extracts (../shared/CONTRACTS.md, "CSV extracts"). Each schema takes one
 * data row as `{ column: rawText }` and yields the typed, normalised values, with one issue per bad
 * column (the issue path is the column name). Reasons never echo free text such as names or CRNs;
 * they may echo a bad date, number or code, which is not personal.
 */

export type ImportKind = 'staff' | 'cases' | 'custody' | 'dip-breaches' | 'iom-cohort';
export const IMPORT_KINDS: readonly ImportKind[] = [
  'staff',
  'cases',
  'custody',
  'dip-breaches',
  'iom-cohort',
];

export function isImportKind(s: string): s is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(s);
}

// ---------------------------------------------------------------------------------------------
// Cell parsers. Each takes the raw cell text and either returns a value or adds one issue.

type Check<T> = { ok: true; value: T } | { ok: false; reason: string };

const MAX_TEXT = 200;

/** The plain function behind each cell schema, so a row can be checked without zod too. */
const CELL_CHECKS = new WeakMap<z.ZodType, (text: string) => Check<unknown>>();

/** A zod cell: trims, then runs `fn`; a failure becomes one custom issue with `fn`'s reason. */
function cell<T>(fn: (text: string) => Check<T>): z.ZodType<T, string> {
  const schema = z.string().transform((raw, ctx) => {
    const result = fn(raw.trim());
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: result.reason });
    return z.NEVER;
  });
  CELL_CHECKS.set(schema, fn);
  return schema;
}

export interface CellIssue {
  column: string;
  message: string;
}

/** A row checked without zod: the same values, or the same issues in the same order, as the schema. */
export type RowCheck<T> = (
  input: Record<string, string>,
) => { ok: true; value: T } | { ok: false; issues: CellIssue[] };

type Refine<T> = (row: T, issue: (column: string, message: string) => void) => void;

/**
 * A row schema from its cells and an optional whole-row rule, plus `check`, which runs the very
 * same cell functions and rule without zod: per row, zod's machinery cost more than the checks
 * themselves (~10 µs, seconds on a national extract). Like zod, the rule runs only when every cell
 * is valid.
 */
function rowSchema<S extends z.ZodRawShape>(
  shape: S,
  refine?: Refine<z.output<z.ZodObject<S>>>,
): {
  schema: z.ZodType<z.output<z.ZodObject<S>>, Record<string, string>>;
  check: RowCheck<z.output<z.ZodObject<S>>>;
} {
  type T = z.output<z.ZodObject<S>>;
  const object = z.object(shape);
  const schema = refine
    ? object.superRefine((r, ctx) =>
        refine(r, (column, message) => ctx.addIssue({ code: 'custom', path: [column], message })),
      )
    : object;
  const cells = Object.entries(shape).map(([column, type]) => {
    const fn = CELL_CHECKS.get(type as z.ZodType);
    if (!fn) throw new Error(`column ${column} is not a cell`);
    return { column, fn };
  });
  const check: RowCheck<T> = (input) => {
    const value: Record<string, unknown> = {};
    let issues: CellIssue[] | null = null;
    for (const { column, fn } of cells) {
      const raw = input[column];
      if (typeof raw !== 'string') {
        (issues ??= []).push({ column, message: 'Invalid input: expected string, received undefined' });
        continue;
      }
      const result = fn(raw.trim());
      if (result.ok) value[column] = result.value;
      else (issues ??= []).push({ column, message: result.reason });
    }
    if (!issues && refine) refine(value as T, (column, message) => (issues ??= []).push({ column, message }));
    return issues ? { ok: false, issues } : { ok: true, value: value as T };
  };
  return { schema: schema as z.ZodType<T, Record<string, string>>, check };
}

const ok = <T>(value: T): Check<T> => ({ ok: true, value });
const bad = (reason: string): Check<never> => ({ ok: false, reason });

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

function requiredText(max = MAX_TEXT) {
  return cell((t) =>
    t === '' ? bad('is required') : t.length > max ? bad(`is longer than ${max} characters`) : ok(t),
  );
}

function optionalText(max = MAX_TEXT) {
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
const email = cell(emailCheck);
const optionalEmail = cell((t) => (t === '' ? ok(null) : emailCheck(t)));

const CRN_RE = /^[A-Z]\d{6}$/;
function crnCheck(t: string): Check<string> {
  if (t === '') return bad('is required');
  const upper = t.toUpperCase();
  return CRN_RE.test(upper) ? ok(upper) : bad('must be a CRN: one letter and 6 digits, such as X123456');
}
const crn = cell(crnCheck);
const optionalCrn = cell((t) => (t === '' ? ok(null) : crnCheck(t)));

const TRUE = new Set(['yes', 'y', 'true', '1']);
const FALSE = new Set(['no', 'n', 'false', '0', '']);
/** yes/no, y/n, true/false, 1/0, any case; empty = no. */
const bool = cell((t) => {
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
const date = cell(dateCheck);
const optionalDate = cell((t) => (t === '' ? ok(null) : dateCheck(t)));

function oneOf<const T extends string>(values: readonly T[], options: { required: boolean }) {
  const list = values.join(', ');
  return cell<T | null>((t) => {
    if (t === '') return options.required ? bad(`is required: one of ${list}`) : ok(null);
    const v = normaliseCode(t);
    return (values as readonly string[]).includes(v) ? ok(v as T) : bad(`must be one of ${list}`);
  });
}
const requiredOneOf = <const T extends string>(values: readonly T[]) =>
  oneOf(values, { required: true }) as z.ZodType<T, string>;
const optionalOneOf = <const T extends string>(values: readonly T[]) => oneOf(values, { required: false });

/**
 * An optional whole number in [min, max]. `0` is accepted as "none" (some extracts spell "not
 * MAPPA" as 0) and stored as null.
 */
function optionalLevel(min: number, max: number) {
  return cell<number | null>((t) => {
    if (t === '') return ok(null);
    if (!/^\d+$/.test(t)) return bad(`must be a whole number ${min}–${max} or empty${shown(t, NUMBER_LIKE)}`);
    const n = Number(t);
    if (n === 0) return ok(null);
    if (n < min || n > max) return bad(`must be ${min}–${max} or empty (got ${n})`);
    return ok(n);
  });
}

const period = cell((t) => {
  if (t === '') return bad('is required: an ISO 8601 duration such as P4Y, P18M, P6W or P120D');
  const p = parseIsoPeriod(t);
  if (p === null)
    return bad(`must be an ISO 8601 duration such as P4Y, P18M, P6W or P120D${shown(t, PERIOD_LIKE)}`);
  if (p.years + p.months + p.weeks + p.days === 0) return bad('must be longer than zero');
  return ok(t.toUpperCase());
});

export const STAFF_ROLES = [
  'practitioner',
  'spo',
  'head_of_pdu',
  'iom_lead',
  'iom_central',
  'dip_officer',
  'admin',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** One or more roles separated by `;` (duplicates dropped, order kept). */
const roles = cell<StaffRole[]>((t) => {
  const parts = t
    .split(';')
    .map((p) => normaliseCode(p.trim()))
    .filter((p) => p !== '');
  if (parts.length === 0) return bad(`is required: one or more of ${STAFF_ROLES.join(', ')}, separated by ;`);
  const unknown = parts.filter((p) => !(STAFF_ROLES as readonly string[]).includes(p));
  if (unknown.length > 0) {
    const codes = unknown.filter((u) => /^[a-z_]{1,20}$/.test(u));
    const which = codes.length === unknown.length ? ` (got ${codes.map((c) => `'${c}'`).join(', ')})` : '';
    return bad(`has an unknown role${which}: roles are ${STAFF_ROLES.join(', ')}, separated by ;`);
  }
  return ok([...new Set(parts)] as StaffRole[]);
});

// ---------------------------------------------------------------------------------------------
// Enumerations from the contract.

export const CASE_SENTENCE_TYPES = ['licence', 'pss', 'community_order', 'suspended_sentence_order'] as const;
export const ROSH_LEVELS = ['low', 'medium', 'high', 'very_high'] as const;
export const CUSTODY_SENTENCE_TYPES = [
  'sds',
  'sds_plus',
  'eds',
  'sopc',
  'life',
  'ipp',
  'dto',
  'other',
] as const;
export const ESTATES = ['male', 'female'] as const;
export const DIP_ASSESSMENTS = ['initial', 'follow_up'] as const;
export const DIP_OUTCOME_CODES = [
  'pcr_issued',
  'charged',
  'circulated_fta',
  'nfa_ra1_not_signed',
  'nfa_other',
  'engaging',
] as const;
export const IOM_COHORTS = ['fixed', 'flex', 'free'] as const;
export const BRAG_COLOURS = ['blue', 'red', 'amber', 'green'] as const;
export const GPS_TAGS = ['knife_crime', 'domestic_abuse'] as const;

// ---------------------------------------------------------------------------------------------
// Row schemas. Keys are the CSV column names.

const staffRow = rowSchema(
  {
    email,
    name: requiredText(),
    role: roles,
    team: optionalText(50),
    pdu: optionalText(),
    borough: optionalText(),
    aad_object_id: cell((t) =>
      t === ''
        ? ok(null)
        : /\s/.test(t) || t.length > 100
          ? bad('is not a valid Entra object id')
          : ok(t.toLowerCase()),
    ),
  },
  (r, issue) => {
    if (r.role.includes('iom_lead') && r.borough === null) {
      issue('borough', 'is required for an iom_lead (the borough they return for)');
    }
  },
);

const casesRow = rowSchema(
  {
    crn,
    first_name: requiredText(),
    last_name: requiredText(),
    practitioner_email: email,
    sentence_type: requiredOneOf(CASE_SENTENCE_TYPES),
    start_date: date,
    end_date: date,
    rar: bool,
    mappa_category: optionalLevel(1, 4),
    mappa_level: optionalLevel(1, 3),
    rosh: optionalOneOf(ROSH_LEVELS),
    nsd: bool,
    child_protection: bool,
    isc_pilot: bool,
  },
  (r, issue) => {
    if (r.end_date < r.start_date) {
      issue('end_date', `is before start_date (${r.end_date} < ${r.start_date})`);
    }
  },
);

const custodyRow = rowSchema(
  {
    crn,
    first_name: requiredText(),
    last_name: requiredText(),
    practitioner_email: email,
    prison: optionalText(),
    sentence_type: requiredOneOf(CUSTODY_SENTENCE_TYPES),
    sentence_length: period,
    custody_start_date: date,
    crd: date,
    sexual_offence: bool,
    sex_offender_register: bool,
    violent_offence: bool,
    terrorist_connected: bool,
    category_a: bool,
    civil_prisoner: bool,
    fine_default: bool,
    serving_recall: bool,
    remanded_other_matters: bool,
    nsd: bool,
    further_charge_pending: bool,
    release_plan_risk_increase: bool,
    estate: cell((t) => (t === '' ? ok('male' as const) : requiredOneOfCheck(ESTATES, t))),
  },
  (r, issue) => {
    if (r.crd <= r.custody_start_date) {
      issue('crd', `must be after custody_start_date (${r.crd} <= ${r.custody_start_date})`);
    }
  },
);

function requiredOneOfCheck<const T extends string>(values: readonly T[], t: string): Check<T> {
  const v = normaliseCode(t);
  return (values as readonly string[]).includes(v) ? ok(v as T) : bad(`must be one of ${values.join(', ')}`);
}

const dipRow = rowSchema(
  {
    reference: requiredText(100),
    crn: optionalCrn,
    first_name: requiredText(),
    last_name: requiredText(),
    date_of_birth: optionalDate,
    assessment: requiredOneOf(DIP_ASSESSMENTS),
    missed_date: date,
    officer_email: optionalEmail,
    outcome: optionalOneOf(DIP_OUTCOME_CODES),
    outcome_date: optionalDate,
  },
  (r, issue) => {
    if (r.outcome !== null && r.outcome_date === null) {
      issue('outcome_date', 'is required when outcome is set');
    }
    if (r.outcome_date !== null && r.outcome_date < r.missed_date) {
      issue('outcome_date', `is before missed_date (${r.outcome_date} < ${r.missed_date})`);
    }
    if (r.date_of_birth !== null && r.date_of_birth > r.missed_date) {
      issue('date_of_birth', 'is after missed_date');
    }
  },
);

const iomRow = rowSchema({
  crn,
  pnc: optionalText(30),
  first_name: requiredText(),
  last_name: requiredText(),
  borough: requiredText(),
  cohort: requiredOneOf(IOM_COHORTS),
  brag: requiredOneOf(BRAG_COLOURS),
  gender: optionalText(50),
  ethnicity: optionalText(100),
  drug_dependent: bool,
  in_drug_treatment: bool,
  ward: optionalText(),
  in_custody: bool,
  gps_tag: optionalOneOf(GPS_TAGS),
});

export type StaffRow = z.output<typeof staffRow.schema>;
export type CasesRow = z.output<typeof casesRow.schema>;
export type CustodyRow = z.output<typeof custodyRow.schema>;
export type DipBreachRow = z.output<typeof dipRow.schema>;
export type IomCohortRow = z.output<typeof iomRow.schema>;

export interface RowTypes {
  staff: StaffRow;
  cases: CasesRow;
  custody: CustodyRow;
  'dip-breaches': DipBreachRow;
  'iom-cohort': IomCohortRow;
}

export interface RowSpec<K extends ImportKind> {
  /** Contract columns: each must be in the header. */
  columns: readonly string[];
  /** Supported extra columns: read when present, otherwise every row gets ''. */
  optionalColumns: readonly string[];
  schema: z.ZodType<RowTypes[K], Record<string, string>>;
  /** The schema's checks without zod (what the importer runs): same values, same issues. */
  check: RowCheck<RowTypes[K]>;
  /** The natural key (upsert target), as a string for spotting repeats within one file. */
  key(row: RowTypes[K]): string;
  keyColumns: readonly string[];
}

export const ROW_SPECS: { [K in ImportKind]: RowSpec<K> } = {
  staff: {
    columns: ['email', 'name', 'role', 'team', 'pdu', 'borough', 'aad_object_id'],
    optionalColumns: [],
    schema: staffRow.schema,
    check: staffRow.check,
    key: (r) => r.email,
    keyColumns: ['email'],
  },
  cases: {
    columns: [
      'crn',
      'first_name',
      'last_name',
      'practitioner_email',
      'sentence_type',
      'start_date',
      'end_date',
      'rar',
      'mappa_category',
      'mappa_level',
      'rosh',
      'nsd',
      'child_protection',
      'isc_pilot',
    ],
    optionalColumns: [],
    schema: casesRow.schema,
    check: casesRow.check,
    key: (r) => `${r.crn}|${r.sentence_type}|${r.start_date}`,
    keyColumns: ['crn', 'sentence_type', 'start_date'],
  },
  custody: {
    columns: [
      'crn',
      'first_name',
      'last_name',
      'practitioner_email',
      'prison',
      'sentence_type',
      'sentence_length',
      'custody_start_date',
      'crd',
      'sexual_offence',
      'sex_offender_register',
      'violent_offence',
      'terrorist_connected',
      'category_a',
      'civil_prisoner',
      'fine_default',
      'serving_recall',
      'remanded_other_matters',
      'nsd',
      'further_charge_pending',
    ],
    optionalColumns: ['release_plan_risk_increase', 'estate'],
    schema: custodyRow.schema,
    check: custodyRow.check,
    key: (r) => `${r.crn}|${r.custody_start_date}`,
    keyColumns: ['crn', 'custody_start_date'],
  },
  'dip-breaches': {
    columns: [
      'reference',
      'crn',
      'first_name',
      'last_name',
      'date_of_birth',
      'assessment',
      'missed_date',
      'officer_email',
      'outcome',
      'outcome_date',
    ],
    optionalColumns: [],
    schema: dipRow.schema,
    check: dipRow.check,
    key: (r) => r.reference,
    keyColumns: ['reference'],
  },
  'iom-cohort': {
    columns: [
      'crn',
      'pnc',
      'first_name',
      'last_name',
      'borough',
      'cohort',
      'brag',
      'gender',
      'ethnicity',
      'drug_dependent',
      'in_drug_treatment',
      'ward',
      'in_custody',
      'gps_tag',
    ],
    optionalColumns: [],
    schema: iomRow.schema,
    check: iomRow.check,
    key: (r) => r.crn,
    keyColumns: ['crn'],
  },
};
