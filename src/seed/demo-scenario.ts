import type { GenerateOptions } from './options.js';

export interface PlaygroundUser {
  aadObjectId: string;
  name: string;
  email: string;
  roles: string[];
  team?: string;
  borough?: string;
}

// The Agents Playground's default user is Alex Wilber with this id (13 digits in the last group,
// not a well-formed GUID: copied exactly, since identity matching compares it literally).
const ALEX_AAD = '00000000-0000-0000-0000-0000000000020';
const playgroundAad = (n: number) => `${ALEX_AAD.slice(0, -1)}${n}`;

export const DEMO_PDU = 'Enfield and Haringey';
export const DEMO_BOROUGHS: readonly string[] = ['Enfield', 'Haringey'];
/** The demo's first team: Alex Wilber is its SPO and also holds a caseload, with Megan Bowen. */
export const DEMO_TEAM = 'N07T01';
/** A CRN that exists in the demo (a licence of Alex Wilber's reaching two-thirds this week). */
export const DEMO_CRN = 'X123456';
/** In custody on Alex Wilber's caseload and clearly ECSL-eligible on the facts (not the date). */
export const DEMO_CUSTODY_PERSON = { firstName: 'Jordan', lastName: 'Pike' } as const;

export const PLAYGROUND_USERS: PlaygroundUser[] = [
  {
    aadObjectId: ALEX_AAD,
    name: 'Alex Wilber',
    email: 'alex.wilber@probation.example',
    roles: ['spo', 'practitioner'],
    team: DEMO_TEAM,
  },
  {
    aadObjectId: playgroundAad(1),
    name: 'Megan Bowen',
    email: 'megan.bowen@probation.example',
    roles: ['practitioner'],
    team: DEMO_TEAM,
  },
  {
    aadObjectId: playgroundAad(2),
    name: 'Adele Vance',
    email: 'adele.vance@probation.example',
    roles: ['dip_officer'],
  },
  {
    aadObjectId: playgroundAad(3),
    name: 'Lee Gu',
    email: 'lee.gu@probation.example',
    roles: ['iom_lead'],
    borough: 'Haringey',
  },
  {
    aadObjectId: playgroundAad(4),
    name: 'Lidia Holloway',
    email: 'lidia.holloway@probation.example',
    roles: ['iom_central', 'head_of_pdu'],
  },
  {
    aadObjectId: playgroundAad(5),
    name: 'Nestor Wilke',
    email: 'nestor.wilke@probation.example',
    roles: ['admin'],
  },
];

/** The sizes `seedDemoData` uses: national-scale volumes are for the load test, not the demo. */
export const DEMO_OPTIONS = {
  seed: 20240429,
  cases: 200,
  practitioners: 10,
  teams: 4,
  custody: 20,
  dipBreaches: 30,
  iomCohort: 60,
  demo: true,
} as const satisfies Omit<GenerateOptions, 'today'>;
