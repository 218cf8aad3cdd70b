import { expect } from 'vitest';
import { importCsv } from '../../src/import/importer.js';
import type { Database } from '../../src/store/db.js';
import { CASES_CSV, CUSTODY_CSV, DIP_CSV } from './caseload.js';
import { COHORT_CSV } from './iom.js';

/**
 * Every role, over the caseload, custody and DIP extracts of tests/commands and the IOM cohort of
 * tests/iom. Invented people only. Sam (SPO, also holds cases) and Pat are team N07T01; Quinn is
 * N07T02; Hana heads the PDU; Dee is both a practitioner (N07T02) and a DIP officer.
 */
export const AAD = {
  sam: '00000000-0000-0000-0000-00000000c001',
  pat: '00000000-0000-0000-0000-00000000c002',
  quinn: '00000000-0000-0000-0000-00000000c003',
  dana: '00000000-0000-0000-0000-00000000c004',
  hana: '00000000-0000-0000-0000-00000000c005',
  lee: '00000000-0000-0000-0000-00000000c006',
  cara: '00000000-0000-0000-0000-00000000c007',
  ada: '00000000-0000-0000-0000-00000000c008',
  dee: '00000000-0000-0000-0000-00000000c009',
  stranger: '00000000-0000-0000-0000-00000000cfff',
} as const;

export const STAFF_CSV = `email,name,role,team,pdu,borough,aad_object_id
sam.spo@probation.example,Sam Senior,spo;practitioner,N07T01,Camden and Islington,,${AAD.sam}
pat.po@probation.example,Pat Practitioner,practitioner,N07T01,Camden and Islington,,${AAD.pat}
quinn.po@probation.example,Quinn Other,practitioner,N07T02,Camden and Islington,,${AAD.quinn}
dana.dip@probation.example,Dana Dip,dip_officer,,Camden and Islington,,${AAD.dana}
hana.head@probation.example,Hana Head,head_of_pdu,,Camden and Islington,,${AAD.hana}
lee.lead@probation.example,Lee Lead,iom_lead,,,Haringey,${AAD.lee}
cara.central@probation.example,Cara Central,iom_central,,,,${AAD.cara}
ada.admin@probation.example,Ada Admin,admin,,,,${AAD.ada}
dee.multi@probation.example,Dee Multi,practitioner;dip_officer,N07T02,Camden and Islington,,${AAD.dee}
`;

export async function loadEveryone(database: Database): Promise<void> {
  for (const [kind, csv] of [
    ['staff', STAFF_CSV],
    ['cases', CASES_CSV],
    ['custody', CUSTODY_CSV],
    ['dip-breaches', DIP_CSV],
    ['iom-cohort', COHORT_CSV],
  ] as const) {
    const result = await importCsv(database, kind, csv);
    expect(result, `${kind} import`).toMatchObject({ ok: true });
  }
}

/** Full names of people on probation in the fixture (DIP surnames such as "Open" are ordinary words). */
export const PEOPLE = [
  'Jordan Pike',
  'Casey Stone',
  'Drew Lane',
  'Kim Vale',
  'Alex Pike',
  'Robin Marsh',
  'Jo Pike',
  'Morgan Reed',
  'Riley Stone',
  'Taylor Brook',
  'Jamie Fox',
  'Sky Hart',
  'Avery Quinnell',
  'Eve Unknown',
  'Lee Charged',
  'Max Open',
  'Nat Later',
  'Oli Passed',
  'Pip Today',
];
/** Surnames distinctive enough to look for on their own. */
export const SURNAMES = ['Pike', 'Stone', 'Vale', 'Marsh', 'Reed', 'Brook', 'Fox', 'Hart', 'Quinnell'];

/** Names, CRNs and dates of birth of people on probation found in a reply. */
export function personalDataIn(text: string): string[] {
  const found: string[] = [];
  for (const crn of text.match(/[A-Z]\d{6}/g) ?? []) found.push(crn);
  for (const name of PEOPLE) if (new RegExp(`\\b${name}\\b`, 'i').test(text)) found.push(name);
  for (const name of SURNAMES) if (new RegExp(`\\b${name}\\b`, 'i').test(text)) found.push(name);
  for (const m of text.match(/\b(?:Firstname|Surname)[A-Z]\b/g) ?? []) found.push(m);
  // Jordan Pike's date of birth in the DIP extract, in any of the forms a reply might use.
  if (/1990-05-01|01\/05\/1990|1 May 1990/.test(text)) found.push('date of birth');
  return [...new Set(found)];
}
