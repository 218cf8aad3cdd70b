import { ROW_SPECS } from '../import/rows.js';

export interface Extracts {
  staff: string;
  cases: string;
  custody: string;
  'dip-breaches': string;
  'iom-cohort': string;
}

export type ExtractKind = keyof Extracts;
/** The order extracts must be imported in (cases refer to staff emails). */
export const EXTRACT_KINDS: readonly ExtractKind[] = [
  'staff',
  'cases',
  'custody',
  'dip-breaches',
  'iom-cohort',
];

const EXTRA_COLUMNS: { [K in ExtractKind]: readonly string[] } = {
  staff: [],
  cases: [],
  custody: ['estate', 'release_plan_risk_increase'],
  'dip-breaches': [],
  'iom-cohort': [],
};

function columnsOf(kind: ExtractKind): readonly string[] {
  return [...ROW_SPECS[kind].columns, ...EXTRA_COLUMNS[kind]];
}

/** The importer's required columns, plus the optional custody columns the generator also fills. */
export const COLUMNS: { [K in ExtractKind]: readonly string[] } = {
  staff: columnsOf('staff'),
  cases: columnsOf('cases'),
  custody: columnsOf('custody'),
  'dip-breaches': columnsOf('dip-breaches'),
  'iom-cohort': columnsOf('iom-cohort'),
};
