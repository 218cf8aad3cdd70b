import type { z } from 'zod';
import { DIP_OUTCOMES } from '../domain/dip.js';
import {
  bool,
  crn,
  date,
  email,
  optionalCrn,
  optionalDate,
  optionalEmail,
  optionalLevel,
  optionalOneOf,
  optionalText,
  period,
  requiredOneOf,
  requiredOneOfCheck,
  requiredText,
  roles,
} from './cells.js';
import {
  BRAG_COLOURS,
  CASE_SENTENCE_TYPES,
  CUSTODY_SENTENCE_TYPES,
  DIP_ASSESSMENTS,
  ESTATES,
  GPS_TAGS,
  IOM_COHORTS,
  ROSH_LEVELS,
} from './codes.js';
import { bad, cell, ok, rowSchema, type RowCheck } from './row-schema.js';

/**
 * The row of each CSV extract, as `npm run import` takes it: the columns a header must have, the
 * schema a data row must pass (keys are the CSV column names), and the natural key that the
 * upsert targets and that no two rows of one file may share.
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
    progression_excluded: bool,
    estate: cell((t) => (t === '' ? ok('male' as const) : requiredOneOfCheck(ESTATES, t))),
  },
  (r, issue) => {
    if (r.crd <= r.custody_start_date) {
      issue('crd', `must be after custody_start_date (${r.crd} <= ${r.custody_start_date})`);
    }
  },
);

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
    outcome: optionalOneOf(DIP_OUTCOMES),
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
  /**
   * The natural key (upsert target), as a string for spotting repeats within one file. Built with
   * join, which makes one flat string: a template literal's pieces would be kept for every row of
   * a national file.
   */
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
    key: (r) => [r.crn, r.sentence_type, r.start_date].join('|'),
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
    optionalColumns: ['release_plan_risk_increase', 'estate', 'progression_excluded'],
    schema: custodyRow.schema,
    check: custodyRow.check,
    key: (r) => [r.crn, r.custody_start_date].join('|'),
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
