import { expect } from 'vitest';
import { importCsv } from '../../src/import/importer.js';
import type { Database } from '../../src/store/db.js';

/**
 * A small PDU: an SPO who also holds cases (Sam), a practitioner in Sam's team (Pat), a
 * practitioner in another team (Quinn) and a DIP officer (Dana). Invented people only.
 */
export const SAM = '00000000-0000-0000-0000-00000000a001';
export const PAT = '00000000-0000-0000-0000-00000000a002';
export const QUINN = '00000000-0000-0000-0000-00000000a003';
export const DANA = '00000000-0000-0000-0000-00000000a004';

export const STAFF_CSV = `email,name,role,team,pdu,borough,aad_object_id
sam.spo@probation.example,Sam Senior,spo;practitioner,N07T01,Camden and Islington,,${SAM}
pat.po@probation.example,Pat Practitioner,practitioner,N07T01,Camden and Islington,,${PAT}
quinn.po@probation.example,Quinn Other,practitioner,N07T02,Camden and Islington,,${QUINN}
dana.dip@probation.example,Dana Dip,dip_officer,,Camden and Islington,,${DANA}
`;

// Follow-up dates (F) for the week of Mon 10 Nov 2025: X100001 Mon 10 Nov (the worked example),
// X100003 Fri 14 Nov, Q777777 Fri 14 Nov (another team); X100002 Wed 19 Nov (next week);
// X100005 would be Fri 14 Nov but is exempt (MAPPA).
export const CASES_CSV = `crn,first_name,last_name,practitioner_email,sentence_type,start_date,end_date,rar,mappa_category,mappa_level,rosh,nsd,child_protection,isc_pilot
X100001,Jordan,Pike,sam.spo@probation.example,licence,2025-01-10,2026-01-09,no,,,medium,no,no,no
X100002,Casey,Stone,sam.spo@probation.example,licence,2025-02-12,2026-01-14,no,,,low,no,no,no
X100004,Drew,Lane,sam.spo@probation.example,pss,2025-06-01,2026-09-30,no,,,low,no,no,no
X100005,Kim,Vale,sam.spo@probation.example,licence,2025-02-01,2026-01-10,no,2,1,high,no,no,no
X100003,Alex,Pike,pat.po@probation.example,licence,2025-02-01,2026-01-10,no,,,medium,no,no,no
X100006,Robin,Marsh,pat.po@probation.example,community_order,2025-01-15,2026-01-14,yes,,,low,no,no,no
Q777777,Jo,Pike,quinn.po@probation.example,licence,2025-02-01,2026-01-10,no,,,low,no,no,no
`;

// Verdicts on Mon 1 Jul 2024 (70-day window): C200001 eligible from Tue 9 Jul 2024 (14 days in
// custody), C200006 eligible now, C200002 not eligible (three reasons), C200003 not yet (window
// opens Sun 7 Jul 2024), C200004 refer to the panel, Q888888 another team's.
export const CUSTODY_CSV = `crn,first_name,last_name,practitioner_email,prison,sentence_type,sentence_length,custody_start_date,crd,sexual_offence,sex_offender_register,violent_offence,terrorist_connected,category_a,civil_prisoner,fine_default,serving_recall,remanded_other_matters,nsd,further_charge_pending
C200001,Morgan,Reed,sam.spo@probation.example,HMP Pentonville,sds,P2Y,2024-06-25,2024-08-15,no,no,no,no,no,no,no,no,no,no,no
C200002,Riley,Stone,sam.spo@probation.example,HMP Wandsworth,sds_plus,P5Y,2023-01-02,2024-08-20,yes,no,yes,no,no,no,no,no,no,no,no
C200003,Taylor,Brook,pat.po@probation.example,HMP Brixton,sds,P2Y,2024-01-02,2024-09-15,no,no,no,no,no,no,no,no,no,no,no
C200004,Jamie,Fox,pat.po@probation.example,HMP Brixton,sds,P2Y,2024-01-02,2024-08-20,no,no,no,no,no,no,no,no,no,no,yes
C200006,Sky,Hart,pat.po@probation.example,,sds,P18M,2024-01-02,2024-08-01,no,no,no,no,no,no,no,no,no,no,no
Q888888,Avery,Quinnell,quinn.po@probation.example,HMP Thameside,sds,P2Y,2024-01-02,2024-08-01,no,no,no,no,no,no,no,no,no,no,no
`;

// Last days to charge from Fri 20 Feb 2026: DIP-0007 today (0 days), DIP-0002 Sat 21 Feb
// (circulated: still counts), DIP-0003 Wed 25 Feb (charged: never listed), DIP-23-0417 Sat 28 Feb
// (the 31 Aug → 28 Feb example), DIP-0004 Mon 2 Mar, DIP-0005 Tue 10 Mar (outside 14 days),
// DIP-0006 Tue 10 Feb (passed, no outcome).
export const DIP_CSV = `reference,crn,first_name,last_name,date_of_birth,assessment,missed_date,officer_email,outcome,outcome_date
DIP-23-0417,X100001,Jordan,Pike,1990-05-01,initial,2025-08-31,dana.dip@probation.example,,
DIP-0002,,Eve,Unknown,,follow_up,2025-08-21,dana.dip@probation.example,circulated_fta,2025-09-01
DIP-0003,,Lee,Charged,,initial,2025-08-25,dana.dip@probation.example,charged,2025-09-15
DIP-0004,,Max,Open,,follow_up,2025-09-02,,,
DIP-0005,,Nat,Later,,initial,2025-09-10,dana.dip@probation.example,,
DIP-0006,,Oli,Passed,,initial,2025-08-10,dana.dip@probation.example,,
DIP-0007,,Pip,Today,,initial,2025-08-20,dana.dip@probation.example,,
`;

export async function loadFixture(database: Database): Promise<void> {
  for (const [kind, csv] of [
    ['staff', STAFF_CSV],
    ['cases', CASES_CSV],
    ['custody', CUSTODY_CSV],
    ['dip-breaches', DIP_CSV],
  ] as const) {
    const result = await importCsv(database, kind, csv);
    expect(result, `${kind} import`).toMatchObject({ ok: true });
  }
}

/** Every CRN (letter + 6 digits) in a reply, in order of first appearance. */
export function crnsIn(s: string): string[] {
  return [...new Set(s.match(/\b[A-Z]\d{6}\b/g) ?? [])];
}

/** DIP references in a reply, in order of first appearance. */
export function referencesIn(s: string): string[] {
  return [...new Set(s.match(/\bDIP-[\d-]+\d\b/g) ?? [])];
}
