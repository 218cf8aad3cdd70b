import { expect } from 'vitest';
import { importCsv, type ImportKind } from '../../src/import/importer.js';
import { recordImportResult } from '../../src/intake/record.js';
import type { Database } from '../../src/store/db.js';

/**
 * The law as it stands on Wednesday 2 December 2026: tranches 1 to 3 of the progression model have
 * started and the next tranche day is Tue 8 Dec 2026 (tranche 4). Team N07T01: Sam (SPO who also
 * holds cases) and Pat; team N07T02: Quinn. Ada is an admin. Invented people only.
 */
export const TODAY = '2026-12-02';
export const SAM = '00000000-0000-0000-0000-00000000d001';
export const PAT = '00000000-0000-0000-0000-00000000d002';
export const QUINN = '00000000-0000-0000-0000-00000000d003';
export const ADA = '00000000-0000-0000-0000-00000000d004';

export const STAFF_CSV = `email,name,role,team,pdu,borough,aad_object_id
sam.spo@probation.example,Sam Senior,spo;practitioner,N07T01,Camden and Islington,,${SAM}
pat.po@probation.example,Pat Practitioner,practitioner,N07T01,Camden and Islington,,${PAT}
quinn.po@probation.example,Quinn Other,practitioner,N07T02,Camden and Islington,,${QUINN}
ada.admin@probation.example,Ada Admin,admin,,Camden and Islington,,${ADA}
`;

// The window "the next 4 weeks" from Wed 2 Dec 2026 is 2 Dec to 30 Dec 2026 inclusive.
// In it: R300001 (8 Dec, the tranche 4 day), R300002 (EDS, 20 Dec), R300003 (a recall, 15 Dec),
// R300005 (30 Dec, the last day) and Quinn's R300008 (10 Dec, another team). Outside it: R300006
// (31 Dec), R300009 (30 Nov, passed), R300004, R300007, R300010.
export const CUSTODY_HEADER =
  'crn,first_name,last_name,practitioner_email,prison,sentence_type,sentence_length,custody_start_date,crd,sexual_offence,sex_offender_register,violent_offence,terrorist_connected,category_a,civil_prisoner,fine_default,serving_recall,remanded_other_matters,nsd,further_charge_pending,progression_excluded';
const no12 = 'no,no,no,no,no,no,no,no,no,no,no,no';
export const CUSTODY_CSV = `${CUSTODY_HEADER}
R300001,Rowan,Ash,sam.spo@probation.example,HMP Pentonville,sds,P1500D,2025-06-01,2026-12-08,no,no,no,no,no,no,no,no,no,no,no,no
R300002,Ellis,Birch,sam.spo@probation.example,HMP Wandsworth,eds,P6Y,2023-01-02,2026-12-20,${no12}
R300003,Noor,Cedar,sam.spo@probation.example,HMP Brixton,sds,P2Y,2026-01-13,2026-12-15,no,no,no,no,no,no,no,yes,no,no,no,no
R300004,Kit,Dale,pat.po@probation.example,HMP Brixton,sds,P3Y,2025-02-03,2027-02-01,no,no,no,no,no,no,no,no,no,no,no,yes
R300005,Lou,Elm,pat.po@probation.example,,sds,P2Y,2026-01-13,2026-12-30,${no12}
R300006,Max,Fir,pat.po@probation.example,,sds,P2Y,2026-01-13,2026-12-31,${no12}
R300007,Ira,Gale,sam.spo@probation.example,HMP Pentonville,sds,P1500D,2025-03-01,2027-01-20,${no12}
R300008,Ola,Hale,quinn.po@probation.example,HMP Thameside,sds,P18M,2026-01-05,2026-12-10,${no12}
R300009,Pia,Ivy,sam.spo@probation.example,,sds,P1Y,2026-03-02,2026-11-30,${no12}
R300010,Tam,Jay,pat.po@probation.example,HMP Feltham,s250,P2Y,2025-09-01,2027-03-01,${no12}
`;

// X400001: PSS that was running on the repeal date, its two-thirds day would be Wed 2 Dec 2026;
// X400002: a licence reaching two-thirds on Thu 3 Dec 2026 (listed); X400003: a CO with a RAR.
export const CASES_CSV = `crn,first_name,last_name,practitioner_email,sentence_type,start_date,end_date,rar,mappa_category,mappa_level,rosh,nsd,child_protection,isc_pilot
X400001,Drew,Lane,sam.spo@probation.example,pss,2026-03-01,2027-04-19,no,,,low,no,no,no
X400002,Casey,Stone,sam.spo@probation.example,licence,2026-05-18,2027-03-13,no,,,low,no,no,no
X400003,Robin,Marsh,pat.po@probation.example,community_order,2026-06-01,2027-05-31,yes,,,low,no,no,no
`;

/** Imports the fixture as `npm run import` would, recording each import at `at`. */
export async function loadReleases(database: Database, at: Date): Promise<void> {
  for (const [kind, csv] of [
    ['staff', STAFF_CSV],
    ['cases', CASES_CSV],
    ['custody', CUSTODY_CSV],
  ] as [ImportKind, string][]) {
    const result = await importCsv(database, kind, csv);
    expect(result, `${kind} import`).toMatchObject({ ok: true });
    await recordImportResult(database, result, {
      fileName: `${kind}-fixture.csv`,
      source: 'command',
      importedBy: 'test',
      at,
    });
  }
}
