import type { CohortMember } from '../../src/domain/iom-report.js';

/**
 * A small IOM cohort with counts worked out by hand (see EXPECTED_HARINGEY), used both as a CSV
 * extract for the importer and as rows for the pure aggregation.
 */
type Row = [
  crn: string,
  borough: string,
  cohort: string,
  brag: string,
  gender: string,
  ethnicity: string,
  drugDependent: 'yes' | 'no',
  inTreatment: 'yes' | 'no',
  ward: string,
  inCustody: 'yes' | 'no',
  gpsTag: string,
];

export const COHORT_ROWS: Row[] = [
  [
    'H000001',
    'Haringey',
    'fixed',
    'red',
    'Male',
    'White',
    'yes',
    'yes',
    'Tottenham Green',
    'no',
    'knife_crime',
  ],
  ['H000002', 'Haringey', 'fixed', 'red', 'Male', 'Black', 'yes', 'no', 'Tottenham Green', 'no', ''],
  [
    'H000003',
    'Haringey',
    'fixed',
    'red',
    'Female',
    'Black',
    'no',
    'no',
    'Northumberland Park',
    'no',
    'domestic_abuse',
  ],
  ['H000004', 'Haringey', 'fixed', 'red', 'Male', 'Asian', 'yes', 'yes', '', 'no', ''],
  ['H000005', 'Haringey', 'fixed', 'red', 'Male', 'White', 'no', 'no', 'NFA', 'no', ''],
  [
    'H000006',
    'Haringey',
    'fixed',
    'red',
    'Male',
    'White',
    'yes',
    'no',
    'Out of borough',
    'no',
    'knife_crime',
  ],
  ['H000007', 'Haringey', 'flex', 'red', 'Male', 'Black', 'yes', 'yes', 'Tottenham Green', 'yes', ''],
  ['H000008', 'Haringey', 'flex', 'amber', 'Female', 'White', 'no', 'no', 'Noel Park', 'no', ''],
  ['H000009', 'Haringey', 'flex', 'amber', 'Male', '', 'yes', 'yes', 'Noel Park', 'no', ''],
  ['H000010', 'Haringey', 'flex', 'green', 'Male', 'Black', 'no', 'no', 'Tottenham Green', 'no', ''],
  ['H000011', 'Haringey', 'free', 'blue', 'Male', 'White', 'yes', 'no', '', 'yes', ''],
  ['H000012', 'Haringey', 'free', 'blue', 'Male', 'Mixed', 'no', 'no', 'Hornsey', 'yes', 'domestic_abuse'],
  ['E000001', 'Enfield', 'fixed', 'red', 'Male', 'White', 'yes', 'no', 'Edmonton Green', 'no', ''],
  ['E000002', 'Enfield', 'flex', 'green', 'Female', 'Black', 'no', 'no', 'Ponders End', 'no', ''],
  ['E000003', 'Enfield', 'free', 'amber', 'Male', 'Asian', 'no', 'no', 'Edmonton Green', 'no', ''],
];

export const COHORT_HEADER =
  'crn,pnc,first_name,last_name,borough,cohort,brag,gender,ethnicity,drug_dependent,in_drug_treatment,ward,in_custody,gps_tag';

export const COHORT_CSV =
  [
    COHORT_HEADER,
    ...COHORT_ROWS.map(([crn, borough, cohort, brag, gender, ethnicity, dd, dt, ward, custody, gps], i) =>
      [
        crn,
        `24/${100000 + i}A`,
        'Firstname' + String.fromCharCode(65 + i),
        'Surname' + String.fromCharCode(65 + i),
        borough,
        cohort,
        brag,
        gender,
        ethnicity,
        dd,
        dt,
        ward,
        custody,
        gps,
      ].join(','),
    ),
  ].join('\n') + '\n';

export function cohortMembers(borough: string): CohortMember[] {
  return COHORT_ROWS.filter((r) => r[1] === borough).map(
    ([, , cohort, brag, gender, ethnicity, dd, dt, ward, custody, gps]) => ({
      cohort,
      brag,
      gender: gender || null,
      ethnicity: ethnicity || null,
      drugDependent: dd === 'yes',
      inDrugTreatment: dt === 'yes',
      ward: ward || null,
      inCustody: custody === 'yes',
      gpsTag: gps || null,
    }),
  );
}

/** The Haringey report, counted by hand from the rows above, as `section,item` → count. */
export const EXPECTED_HARINGEY: Record<string, number> = {
  'cohort,total': 12,
  'cohort,fixed': 6,
  'cohort,flex': 4,
  'cohort,free': 2,
  'brag,blue': 2,
  'brag,red': 7,
  'brag,amber': 2,
  'brag,green': 1,
  'gender,Male': 10,
  'gender,Female': 2,
  'ethnicity,White': 5,
  'ethnicity,Black': 4,
  'ethnicity,Asian': 1,
  'ethnicity,Mixed': 1,
  'ethnicity,Not recorded': 1,
  'drug_dependency,dependent': 7,
  'drug_dependency,not_dependent': 5,
  'drug_treatment,in_treatment': 4,
  'drug_treatment,not_in_treatment': 8,
  'drug_treatment,dependent_not_in_treatment': 3,
  'custody,in_custody': 3,
  // Red and not in custody: H1–H6 (H7 is Red but in custody).
  'red_in_community,total': 6,
  'red_in_community_ward,Tottenham Green': 2,
  'red_in_community_ward,Northumberland Park': 1,
  'red_in_community,nfa': 2,
  'red_in_community,out_of_borough': 1,
  'gps_tag,knife_crime': 2,
  'gps_tag,domestic_abuse': 2,
  'gps_tag,total': 4,
  'gps_tag,iom': 4,
};

/** Parses `section,item,count` CSV (no quoted fields in these fixtures) into the shape above. */
export function csvCounts(csv: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of csv.trim().split('\n').slice(1)) {
    const [section, item, count] = line.split(',');
    if (count !== undefined && count !== '') out[`${section},${item}`] = Number(count);
  }
  return out;
}
