import { lastDayToCharge } from '../domain/dip.js';
import { exemptReasons, followUpDate, twoThirdsDate } from '../domain/reset.js';
import type {
  CaseInsert,
  CustodyInsert,
  DipBreachInsert,
  IomCohortInsert,
  StaffInsert,
} from '../store/import.repository.js';
import type {
  CasesRow,
  CustodyRow,
  DipBreachRow,
  ImportKind,
  IomCohortRow,
  RowTypes,
  StaffRow,
} from './rows.js';

/**
 * From a checked row to the values its table stores. The derived columns (two-thirds date,
 * follow-up date, exemption, last day to charge) are recomputed from the rules on every import,
 * so a change to a rule reaches every row the next time its extract is imported.
 */

export type Derive<K extends ImportKind, V> = (row: RowTypes[K]) => V;

export function casesValues(r: CasesRow) {
  const two = twoThirdsDate(r.start_date, r.end_date);
  const facts = {
    sentenceType: r.sentence_type,
    startDate: r.start_date,
    endDate: r.end_date,
    rar: r.rar,
    mappaCategory: r.mappa_category,
    mappaLevel: r.mappa_level,
    rosh: r.rosh,
    nsd: r.nsd,
    childProtection: r.child_protection,
    iscPilot: r.isc_pilot,
  };
  const exempt = exemptReasons(facts).length > 0;
  return {
    crn: r.crn,
    firstName: r.first_name,
    lastName: r.last_name,
    practitionerEmail: r.practitioner_email,
    ...facts,
    twoThirdsDate: two,
    // A licence whose two-thirds point is its last day has no final third, so no follow-up.
    followUpDate: r.sentence_type === 'licence' && two < r.end_date ? followUpDate(two, r.end_date) : null,
    exempt,
  } satisfies CaseInsert;
}

export function custodyValues(r: CustodyRow) {
  return {
    crn: r.crn,
    firstName: r.first_name,
    lastName: r.last_name,
    practitionerEmail: r.practitioner_email,
    prison: r.prison,
    sentenceType: r.sentence_type,
    sentenceLength: r.sentence_length,
    custodyStartDate: r.custody_start_date,
    crd: r.crd,
    sexualOffence: r.sexual_offence,
    sexOffenderRegister: r.sex_offender_register,
    violentOffence: r.violent_offence,
    terroristConnected: r.terrorist_connected,
    categoryA: r.category_a,
    civilPrisoner: r.civil_prisoner,
    fineDefault: r.fine_default,
    servingRecall: r.serving_recall,
    remandedOtherMatters: r.remanded_other_matters,
    nsd: r.nsd,
    furtherChargePending: r.further_charge_pending,
    releasePlanRiskIncrease: r.release_plan_risk_increase,
    estate: r.estate,
    progressionExcluded: r.progression_excluded,
  } satisfies CustodyInsert;
}

export function dipValues(r: DipBreachRow) {
  return {
    reference: r.reference,
    crn: r.crn,
    firstName: r.first_name,
    lastName: r.last_name,
    dateOfBirth: r.date_of_birth,
    assessment: r.assessment,
    missedDate: r.missed_date,
    officerEmail: r.officer_email,
    outcome: r.outcome,
    outcomeDate: r.outcome_date,
    lastDayToCharge: lastDayToCharge(r.missed_date),
  } satisfies DipBreachInsert;
}

export function iomValues(r: IomCohortRow) {
  return {
    crn: r.crn,
    pnc: r.pnc,
    firstName: r.first_name,
    lastName: r.last_name,
    borough: r.borough,
    cohort: r.cohort,
    brag: r.brag,
    gender: r.gender,
    ethnicity: r.ethnicity,
    drugDependent: r.drug_dependent,
    inDrugTreatment: r.in_drug_treatment,
    ward: r.ward,
    inCustody: r.in_custody,
    gpsTag: r.gps_tag,
  } satisfies IomCohortInsert;
}

export function staffValues(r: StaffRow) {
  return {
    email: r.email,
    name: r.name,
    roles: r.role,
    teamCode: r.team,
    pdu: r.pdu,
    borough: r.borough,
    aadObjectId: r.aad_object_id,
  } satisfies StaffInsert;
}
