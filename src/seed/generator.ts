import { isValidIsoDate } from '../domain/dates.js';
import { lastDayToCharge } from '../domain/dip.js';
import { followUpDate, twoThirdsDate } from '../domain/reset.js';
import { ROW_SPECS } from '../import/rows.js';
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, SURNAMES } from './names.js';

/**
 * Deterministic generator of valid CSV extracts (../shared/CONTRACTS.md, "CSV extracts") for the
 * demo, tests and load testing. Same options → byte-identical output: all randomness comes from a
 * seeded PRNG and all dates from `today`. Distributions follow DOMAIN.md; the guarantees below make
 * sure every digest and reminder has something to show in the week containing `today`.
 */

export interface GenerateOptions {
  seed: number;
  /** YYYY-MM-DD; every date is relative to it. */
  today: string;
  /** Community cases (rows of the cases extract). */
  cases: number;
  practitioners: number;
  /** Practitioners are spread over the teams; each team has one SPO. */
  teams: number;
  /** All teams in this PDU; when omitted, teams are grouped ten to a PDU (demo: Enfield and Haringey). */
  pdu?: string;
  /** Custody rows (default: 20 in demo mode, else cases / 12). */
  custody?: number;
  /** DIP breaches (default: 30 in demo mode, else cases / 100, at least 30). */
  dipBreaches?: number;
  /** IOM cohort size PER BOROUGH (default 60). */
  iomCohort?: number;
  /** IOM boroughs (default Enfield and Haringey). */
  boroughs?: string[];
  /** Adds the Microsoft 365 Agents Playground users to the staff and gives them data. */
  demo?: boolean;
}

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

/** The sizes `seedDemoData` uses (DOMAIN.md scale is for the load test, not the demo). */
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

// ---------------------------------------------------------------------------------------------
// Column headers: the contract's columns as the importer declares them, plus the two optional
// custody columns the generator fills.

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

export const COLUMNS: { [K in ExtractKind]: readonly string[] } = {
  staff: columnsOf('staff'),
  cases: columnsOf('cases'),
  custody: columnsOf('custody'),
  'dip-breaches': columnsOf('dip-breaches'),
  'iom-cohort': columnsOf('iom-cohort'),
};

// ---------------------------------------------------------------------------------------------
// PRNG. mulberry32: tiny, fast and good enough for test data; never Math.random.

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Whole number in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return at(items, Math.floor(this.next() * items.length));
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = at(items, i);
      items[i] = at(items, j);
      items[j] = tmp;
    }
    return items;
  }
}

function at<T>(items: readonly T[], i: number): T {
  const v = items[i];
  if (v === undefined) throw new RangeError(`index ${i} outside 0..${items.length - 1}`);
  return v;
}

/** A weighted choice, precomputed once so picking is one PRNG draw and a short scan. */
class Weighted<T> {
  private readonly values: T[];
  private readonly cumulative: number[];
  private readonly total: number;
  constructor(entries: readonly (readonly [T, number])[]) {
    this.values = entries.map((e) => e[0]);
    let sum = 0;
    this.cumulative = entries.map((e) => (sum += e[1]));
    this.total = sum;
  }
  /** From `{ value: weight }`, in key order. */
  static of<K extends string>(weights: Partial<Record<K, number>>): Weighted<K> {
    return new Weighted(Object.entries(weights).map(([k, w]) => [k as K, w as number] as const));
  }
  /** From `'value:weight value:weight …'` with whole-number values (e.g. lengths in months). */
  static ofNumbers(spec: string): Weighted<number> {
    return new Weighted(
      spec
        .trim()
        .split(/\s+/)
        .map((pair) => pair.split(':').map(Number) as [number, number]),
    );
  }
  pick(rng: Rng): T {
    const x = rng.float() * this.total;
    for (let i = 0; i < this.cumulative.length; i++)
      if (x < at(this.cumulative, i)) return at(this.values, i);
    return at(this.values, this.values.length - 1);
  }
}

/** Independent streams per extract, so changing one extract's size leaves the others unchanged. */
function stream(seed: number, n: number): Rng {
  return new Rng((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(n + 1, 0x85ebca6b)) >>> 0);
}

// ---------------------------------------------------------------------------------------------
// Dates as epoch-day integers: 250,000 rows need integer arithmetic, not date objects per row.

const MS_PER_DAY = 86_400_000;
const isoCache = new Map<number, string>();

function toDay(iso: string): number {
  if (!isValidIsoDate(iso)) throw new RangeError(`Not a valid ISO date (YYYY-MM-DD): '${iso}'`);
  return (
    Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS_PER_DAY
  );
}

function iso(day: number): string {
  let s = isoCache.get(day);
  if (s === undefined) {
    s = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    isoCache.set(day, s);
  }
  return s;
}

/** Calendar months, clamping to the month end (31 Jan + 1 month = 28/29 Feb). */
function addMonthsDay(day: number, months: number): number {
  const d = new Date(day * MS_PER_DAY);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastOfTarget = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), lastOfTarget)) / MS_PER_DAY;
}

/** 1 = Monday … 7 = Sunday. */
function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday
}

/** ceil(2N/3): the day of the period (1-based) that is the two-thirds point. */
const twoThirdsDayNumber = (n: number) => Math.floor((2 * n + 2) / 3);

// ---------------------------------------------------------------------------------------------
// CSV.

const NEEDS_QUOTES = /[",\r\n]/;
function esc(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const yn = (b: boolean) => (b ? 'yes' : 'no');

function csv(kind: ExtractKind, rows: string[]): string {
  return `${COLUMNS[kind].join(',')}\n${rows.length ? `${rows.join('\n')}\n` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// People and identifiers.

interface Person {
  crn: string;
  first: string;
  last: string;
}

const CRN_LETTERS = 'XDECNBAFGHJKLMPRSTVW';

class CrnAllocator {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Rng) {}
  reserve(crn: string): string {
    this.used.add(crn);
    return crn;
  }
  next(): string {
    for (;;) {
      const letter = CRN_LETTERS.charAt(this.rng.int(0, CRN_LETTERS.length - 1));
      const crn = `${letter}${String(this.rng.int(0, 999_999)).padStart(6, '0')}`;
      if (!this.used.has(crn)) {
        this.used.add(crn);
        return crn;
      }
    }
  }
}

function personName(rng: Rng, femaleShare: number): { first: string; last: string; female: boolean } {
  const female = rng.chance(femaleShare);
  return {
    first: rng.pick(female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES),
    last: rng.pick(SURNAMES),
    female,
  };
}

const PNC_CHECK = 'ZABCDEFGHJKLMNPQRTUVWXY';
/** Short-form PNC id `YY/NNNNNNC`, with the PNC's modulus-23 check letter. */
function pnc(rng: Rng, todayYear: number): string {
  const year = rng.int(1995, todayYear);
  const yy = String(year % 100).padStart(2, '0');
  const serial = rng.int(1, 999_999);
  const check = PNC_CHECK.charAt(Number(`${yy}${String(serial).padStart(7, '0')}`) % 23);
  return `${yy}/${String(serial).padStart(6, '0')}${check}`;
}

// ---------------------------------------------------------------------------------------------
// Reference data.

/** One item per non-blank line (items may contain commas). */
const lines = (s: string): readonly string[] =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

const PROVIDER_CODES = 'N07 N03 N04 N05 N06 N50 N51 N52 N53 N54 N55 N56 N57 N58'.split(' ');

const PDU_NAMES: readonly string[] = lines(`
  Enfield and Haringey
  Barnet, Brent and Harrow
  Camden and Islington
  Hackney and City
  Redbridge and Waltham Forest
  Barking, Dagenham and Havering
  Tower Hamlets
  Newham
  Greenwich and Lewisham
  Southwark
  Lambeth
  Croydon
  Bexley and Bromley
  Ealing and Hillingdon
  Hounslow
  Hammersmith, Fulham, Kensington, Chelsea and Westminster
  Richmond, Kingston, Merton, Sutton and Wandsworth
  Birmingham Central and South
  Birmingham North, East and Solihull
  Coventry
  Wolverhampton
  Manchester North
  Manchester South
  Salford and Trafford
  Liverpool North
  Liverpool South
  Leeds
  Bradford and Calderdale
  Sheffield
  Hull and East Riding
  Newcastle upon Tyne
  Sunderland
  Nottingham City
  Leicester, Leicestershire and Rutland
  Derby City
  Bristol, South Gloucestershire and Gloucestershire
  Plymouth
  Kent West
  Surrey
  Brighton and East Sussex
  Essex North
  Norfolk
  Cambridgeshire
  Lancashire East
  Cumbria
  Cardiff and Vale
  Swansea, Neath Port Talbot
`);

const WARDS: Record<string, readonly string[]> = {
  // London Borough of Enfield wards from May 2022.
  Enfield: lines(`
    Arnos Grove
    Bowes
    Brimsdown
    Bullsmoor
    Bush Hill Park
    Carterhatch
    Cockfosters
    Edmonton Green
    Enfield Lock
    Grange Park
    Haselbury
    Highfield
    Jubilee
    Lower Edmonton
    New Southgate
    Oakwood
    Palmers Green
    Ponders End
    Ridgeway
    Southbury
    Southgate
    Town
    Upper Edmonton
    Whitewebbs
    Winchmore Hill
  `),
  // London Borough of Haringey wards from May 2022.
  Haringey: lines(`
    Alexandra Park
    Bounds Green
    Bruce Castle
    Crouch End
    Fortis Green
    Harringay
    Hermitage & Gardens
    Highgate
    Hornsey
    Muswell Hill
    Noel Park
    Northumberland Park
    St Ann's
    Seven Sisters
    South Tottenham
    Stroud Green
    Tottenham Central
    Tottenham Hale
    West Green
    White Hart Lane
    Woodside
  `),
};
const wardsFor = (borough: string): readonly string[] =>
  WARDS[borough] ?? ['Central', 'North', 'South', 'East', 'West'].map((w) => `${borough} ${w}`);

const PRISONS_MALE = lines(`
  HMP Pentonville
  HMP Wandsworth
  HMP Thameside
  HMP Brixton
  HMP Wormwood Scrubs
  HMP Isis
  HMP High Down
  HMP Highpoint
  HMP Chelmsford
  HMP The Mount
  HMP Elmley
  HMP Swaleside
  HMP Coldingley
  HMP Lewes
  HMP Birmingham
  HMP Manchester
  HMP Leeds
  HMP Durham
`);
const PRISONS_FEMALE = ['HMP Bronzefield', 'HMP Downview', 'HMP Send', 'HMP Peterborough', 'HMP Foston Hall'];
const PRISONS_HIGH_SECURITY = ['HMP Belmarsh', 'HMP Whitemoor', 'HMP Frankland', 'HMP Long Lartin'];

// ---------------------------------------------------------------------------------------------
// Distributions (DOMAIN.md and the brief): community caseload.

type CaseType = 'licence' | 'pss' | 'community_order' | 'suspended_sentence_order';
const CASE_TYPE = Weighted.of<CaseType>({
  licence: 45,
  pss: 10,
  community_order: 30,
  suspended_sentence_order: 15,
});
/** Licence lengths in months, 3 months to 5 years, weighted to the short end. */
const LICENCE_MONTHS = Weighted.ofNumbers(
  '3:6 4:6 5:5 6:8 8:6 9:6 10:5 12:10 15:5 18:9 21:3 24:8 30:4 36:6 42:2 48:4 54:1 60:2',
);
const CO_MONTHS = Weighted.ofNumbers('6:8 9:4 12:30 18:20 24:25 30:3 36:10');
const SSO_MONTHS = Weighted.ofNumbers('6:6 9:3 12:28 18:25 24:38');
/** P(MAPPA) by type, giving ≈ 8 % overall (MAPPA cases are mostly released prisoners). */
const MAPPA_RATE: Record<CaseType, number> = {
  licence: 0.14,
  pss: 0.04,
  community_order: 0.02,
  suspended_sentence_order: 0.03,
};
const MAPPA_CATEGORY = Weighted.ofNumbers('1:45 2:50 3:5');
const MAPPA_LEVEL = Weighted.ofNumbers('1:80 2:17 3:3');
type Rosh = 'low' | 'medium' | 'high' | 'very_high';
const ROSH = Weighted.of<Rosh>({ low: 30, medium: 45, high: 20, very_high: 5 });
const ROSH_NOT_EXEMPT = Weighted.of<Rosh>({ low: 30, medium: 45, high: 20 });

// ---------------------------------------------------------------------------------------------
// Staff.

interface StaffMember {
  email: string;
  name: string;
  roles: string[];
  team: string;
  pdu: string;
  borough: string;
  aad: string;
}

class EmailAllocator {
  private readonly used = new Set<string>();
  take(first: string, last: string, domain: string): string {
    const slug = (s: string) =>
      s
        .normalize('NFKD')
        .toLowerCase()
        .replace(/[^a-z]/g, '');
    const base = `${slug(first)}.${slug(last)}`;
    for (let n = 1; ; n++) {
      const email = `${base}${n === 1 ? '' : n}@${domain}`;
      if (!this.used.has(email)) {
        this.used.add(email);
        return email;
      }
    }
  }
}

interface Practitioner {
  email: string;
  weight: number;
}

interface StaffPlan {
  staff: StaffMember[];
  practitioners: Practitioner[];
  dipOfficers: string[];
}

function teamCodes(teams: number, demo: boolean): string[] {
  const codes: string[] = [];
  for (let i = 0; i < teams; i++) {
    const provider = Math.floor(i / 99);
    const code =
      provider < PROVIDER_CODES.length
        ? at(PROVIDER_CODES, provider)
        : `M${String(provider).padStart(2, '0')}`;
    codes.push(`${code}T${String((i % 99) + 1).padStart(2, '0')}`);
  }
  if (demo && codes[0] !== DEMO_TEAM) throw new Error('the demo team must be the first team code');
  return codes;
}

function pduOfTeams(o: GenerateOptions, teams: number): string[] {
  if (o.pdu !== undefined || o.demo || teams <= 10)
    return Array.from({ length: teams }, () => o.pdu ?? DEMO_PDU);
  // About ten teams to a PDU, up to the named PDUs; beyond that the PDUs just get bigger.
  const pduCount = Math.min(PDU_NAMES.length, Math.ceil(teams / 10));
  const perPdu = Math.ceil(teams / pduCount);
  return Array.from({ length: teams }, (_, i) => at(PDU_NAMES, Math.floor(i / perPdu)));
}

function planStaff(o: GenerateOptions, rng: Rng, boroughs: readonly string[]): StaffPlan {
  const demo = o.demo === true;
  const emails = new EmailAllocator();
  const codes = teamCodes(o.teams, demo);
  const pdus = pduOfTeams(o, o.teams);
  const staff: StaffMember[] = [];
  const practitioners: Practitioner[] = [];
  const dipOfficers: string[] = [];

  const generated = (roles: string[], team: string, pdu: string, borough = ''): StaffMember => {
    const n = personName(rng, 0.65); // the probation workforce is about two-thirds women
    const member: StaffMember = {
      email: emails.take(n.first, n.last, 'justice.gov.uk'),
      name: `${n.first} ${n.last}`,
      roles,
      team,
      pdu,
      borough,
      aad: '',
    };
    staff.push(member);
    return member;
  };
  const playground = (u: PlaygroundUser, pdu: string): StaffMember => {
    const [first = '', last = ''] = u.name.split(' ');
    emails.take(first, last, 'probation.example');
    const member: StaffMember = {
      email: u.email,
      name: u.name,
      roles: u.roles,
      team: u.team ?? '',
      pdu,
      borough: u.borough ?? '',
      aad: u.aadObjectId,
    };
    staff.push(member);
    return member;
  };

  // SPOs, one per team (in the demo, Alex Wilber manages the first team and holds a caseload).
  if (demo) {
    const [alex, megan] = PLAYGROUND_USERS;
    if (!alex || !megan) throw new Error('PLAYGROUND_USERS is incomplete');
    practitioners.push({ email: playground(alex, at(pdus, 0)).email, weight: 0.5 });
    practitioners.push({ email: playground(megan, at(pdus, 0)).email, weight: 0.6 + rng.float() * 0.8 });
  }
  for (let t = demo ? 1 : 0; t < o.teams; t++) generated(['spo'], at(codes, t), at(pdus, t));

  // Practitioners round-robin over the teams (demo: the first team already has Alex and Megan).
  const toGenerate = Math.max(0, o.practitioners - practitioners.length);
  for (let i = 0; i < toGenerate; i++) {
    const t = demo ? (i + 1) % o.teams : i % o.teams;
    const p = generated(['practitioner'], at(codes, t), at(pdus, t));
    practitioners.push({ email: p.email, weight: 0.6 + rng.float() * 0.8 });
  }

  // PDU-level roles.
  const pduNames = [...new Set(pdus)];
  for (const pdu of pduNames) {
    const isDemoPdu = demo && pdu === at(pdus, 0);
    if (isDemoPdu) {
      for (const u of PLAYGROUND_USERS.slice(2)) {
        const m = playground(u, pdu);
        if (u.roles.includes('dip_officer')) dipOfficers.push(m.email);
      }
    } else {
      generated(['head_of_pdu'], '', pdu);
      dipOfficers.push(generated(['dip_officer'], '', pdu).email);
    }
  }
  const firstPdu = at(pdus, 0);
  for (const borough of boroughs) {
    const hasLead = PLAYGROUND_USERS.some(
      (u) => demo && u.roles.includes('iom_lead') && u.borough === borough,
    );
    if (!hasLead) generated(['iom_lead'], '', firstPdu, borough);
  }
  if (!demo) {
    generated(['iom_central'], '', firstPdu);
    generated(['admin'], '', firstPdu);
  }
  return { staff, practitioners, dipOfficers };
}

function staffCsv(plan: StaffPlan): string {
  return csv(
    'staff',
    plan.staff.map((s) =>
      [s.email, esc(s.name), s.roles.join(';'), s.team, esc(s.pdu), esc(s.borough), s.aad].join(','),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Cases.

interface CaseRow {
  crn: string;
  first: string;
  last: string;
  practitioner: string;
  type: CaseType;
  start: number;
  end: number;
  rar: boolean;
  mappaCategory: number | null;
  mappaLevel: number | null;
  rosh: Rosh;
  nsd: boolean;
  childProtection: boolean;
  isc: boolean;
}

function caseLine(c: CaseRow): string {
  return [
    c.crn,
    esc(c.first),
    esc(c.last),
    c.practitioner,
    c.type,
    iso(c.start),
    iso(c.end),
    yn(c.rar),
    c.mappaCategory ?? '',
    c.mappaLevel ?? '',
    c.rosh,
    yn(c.nsd),
    yn(c.childProtection),
    yn(c.isc),
  ].join(',');
}

/** Shares of `total` in proportion to the weights (largest remainder, so they sum exactly). */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    counts[i] = at(counts, i) + 1;
  }
  return counts;
}

/** A week day (Mon–Fri 90 %, weekend 10 %) of the Monday–Sunday week starting `monday`. */
function dayInWeek(rng: Rng, monday: number): number {
  return monday + (rng.chance(0.9) ? rng.int(0, 4) : rng.int(5, 6));
}

/** Start and end of an N-day period whose two-thirds date is `t`. */
function periodWithTwoThirdsOn(t: number, n: number): { start: number; end: number } {
  const start = t - twoThirdsDayNumber(n) + 1;
  return { start, end: start + n - 1 };
}

/** Start and end of an N-day licence whose final-third follow-up date is `f`. */
function periodWithFollowUpOn(f: number, n: number): { start: number; end: number } {
  const k = twoThirdsDayNumber(n);
  // F = T + ceil((E − T)/2), with T = S + k − 1 and E − T = N − k.
  const start = f - (k - 1) - Math.floor((n - k + 1) / 2);
  return { start, end: start + n - 1 };
}

const monthsToDays = (m: number) => Math.round(m * 30.4375);

interface CaseGenContext {
  rng: Rng;
  crns: CrnAllocator;
  today: number;
  monday: number;
  demo: boolean;
}

function notExemptFlags(
  rng: Rng,
): Pick<CaseRow, 'mappaCategory' | 'mappaLevel' | 'rosh' | 'nsd' | 'childProtection' | 'isc'> {
  return {
    mappaCategory: null,
    mappaLevel: null,
    rosh: ROSH_NOT_EXEMPT.pick(rng),
    nsd: false,
    childProtection: false,
    isc: false,
  };
}

/**
 * The four cases every (large enough) caseload gets so the week's digests are never empty: a
 * licence and a CO with RAR reaching two-thirds this week, a licence whose follow-up falls this
 * week (all three not exempt) and an exempt case reaching two-thirds this week. Each is checked
 * with the domain's own two-thirds and follow-up functions.
 */
function guaranteedCases(ctx: CaseGenContext, practitioner: string, crnFirst?: string): CaseRow[] {
  const { rng, crns, monday } = ctx;
  const person = () => {
    const n = personName(rng, 0.15);
    return { first: n.first, last: n.last };
  };
  const rows: CaseRow[] = [];

  const licenceT = periodWithTwoThirdsOn(dayInWeek(rng, monday), monthsToDays(rng.int(6, 36)));
  rows.push({
    crn: crnFirst ?? crns.next(),
    ...person(),
    practitioner,
    type: 'licence',
    ...licenceT,
    rar: false,
    ...notExemptFlags(rng),
  });

  const orderT = periodWithTwoThirdsOn(dayInWeek(rng, monday), monthsToDays(rng.pick([12, 18, 24])));
  rows.push({
    crn: crns.next(),
    ...person(),
    practitioner,
    type: 'community_order',
    ...orderT,
    rar: true,
    ...notExemptFlags(rng),
  });

  const licenceF = periodWithFollowUpOn(dayInWeek(rng, monday), monthsToDays(rng.int(6, 36)));
  rows.push({
    crn: crns.next(),
    ...person(),
    practitioner,
    type: 'licence',
    ...licenceF,
    rar: false,
    ...notExemptFlags(rng),
  });

  const exemptIsLicence = rng.chance(0.6);
  const exemptT = periodWithTwoThirdsOn(dayInWeek(rng, monday), monthsToDays(rng.pick([12, 18, 24, 36])));
  const reason = rng.pick(
    exemptIsLicence
      ? ['mappa', 'mappa', 'very_high', 'child_protection']
      : ['very_high', 'child_protection', 'isc'],
  );
  rows.push({
    crn: crns.next(),
    ...person(),
    practitioner,
    type: exemptIsLicence ? 'licence' : 'community_order',
    ...exemptT,
    rar: !exemptIsLicence,
    mappaCategory: reason === 'mappa' ? MAPPA_CATEGORY.pick(rng) : null,
    mappaLevel: reason === 'mappa' ? rng.pick([1, 1, 1, 2]) : null,
    rosh: reason === 'very_high' ? 'very_high' : reason === 'mappa' ? 'high' : ROSH_NOT_EXEMPT.pick(rng),
    nsd: false,
    childProtection: reason === 'child_protection',
    isc: reason === 'isc',
  });

  const sunday = monday + 6;
  const inWeek = (d: string) => toDay(d) >= monday && toDay(d) <= sunday;
  const check = (c: CaseRow, followUp: boolean) => {
    const t = twoThirdsDate(iso(c.start), iso(c.end));
    const ok = followUp ? inWeek(followUpDate(t, iso(c.end))) : inWeek(t);
    if (!ok) throw new Error(`generator bug: guaranteed case ${c.crn} misses the week of ${iso(monday)}`);
  };
  check(at(rows, 0), false);
  check(at(rows, 1), false);
  check(at(rows, 2), true);
  check(at(rows, 3), false);
  return rows;
}

function randomCase(ctx: CaseGenContext, practitioner: string): CaseRow {
  const { rng, crns, today } = ctx;
  const type = CASE_TYPE.pick(rng);
  const months =
    type === 'licence'
      ? LICENCE_MONTHS.pick(rng)
      : type === 'pss'
        ? 12
        : type === 'community_order'
          ? CO_MONTHS.pick(rng)
          : SSO_MONTHS.pick(rng);
  // Anywhere in the period, so some start today and some end this week.
  const elapsed = rng.int(0, monthsToDays(months) - 3);
  const start = today - elapsed;
  const end = Math.max(addMonthsDay(start, months) - 1, today);
  const isOrder = type === 'community_order' || type === 'suspended_sentence_order';
  const mappa = rng.chance(MAPPA_RATE[type]);
  const n = personName(rng, 0.15);
  return {
    crn: crns.next(),
    first: n.first,
    last: n.last,
    practitioner,
    type,
    start,
    end,
    rar: isOrder && rng.chance(0.6),
    mappaCategory: mappa ? MAPPA_CATEGORY.pick(rng) : null,
    mappaLevel: mappa ? MAPPA_LEVEL.pick(rng) : null,
    rosh: ROSH.pick(rng),
    nsd: rng.chance(0.005),
    childProtection: rng.chance(0.06),
    isc: isOrder && rng.chance(0.022), // ≈ 1 % overall: the pilot courts make orders only
  };
}

function generateCases(o: GenerateOptions, plan: StaffPlan, ctx: CaseGenContext): CaseRow[] {
  const counts = apportion(
    o.cases,
    plan.practitioners.map((p) => p.weight),
  );
  const rows: CaseRow[] = [];
  plan.practitioners.forEach((p, i) => {
    let count = at(counts, i);
    if (ctx.demo && count < 4) count = 4; // the demo guarantee needs four rows
    let made = 0;
    if (ctx.demo || count >= 10) {
      const demoCrn = ctx.demo && i === 0 ? DEMO_CRN : undefined;
      for (const c of guaranteedCases(ctx, p.email, demoCrn)) rows.push(c);
      made = 4;
    }
    for (; made < count; made++) rows.push(randomCase(ctx, p.email));
  });
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Custody.

type CustodyType = 'sds' | 'sds_plus' | 'eds' | 'sopc' | 'life' | 'ipp' | 'dto' | 'other';
const CUSTODY_TYPE = Weighted.of<CustodyType>({
  sds: 80,
  sds_plus: 6,
  eds: 4,
  sopc: 2,
  life: 2,
  ipp: 1,
  dto: 3,
  other: 2,
});
const SDS_MONTHS = Weighted.ofNumbers(
  '3:4 4:5 6:10 8:6 9:5 10:4 12:12 14:3 15:3 16:4 18:10 20:4 21:3 24:10 27:2 30:5 32:2 36:7 40:2 42:3 48:4 54:2 60:2',
);

interface CustodyRow {
  person: Person;
  practitioner: string;
  prison: string;
  type: CustodyType;
  length: string;
  start: number;
  crd: number;
  sexual: boolean;
  register: boolean;
  violent: boolean;
  terrorist: boolean;
  catA: boolean;
  civil: boolean;
  fineDefault: boolean;
  recall: boolean;
  remanded: boolean;
  nsd: boolean;
  furtherCharge: boolean;
  female: boolean;
  riskIncrease: boolean;
}

function custodyLine(c: CustodyRow): string {
  return [
    c.person.crn,
    esc(c.person.first),
    esc(c.person.last),
    c.practitioner,
    esc(c.prison),
    c.type,
    c.length,
    iso(c.start),
    iso(c.crd),
    yn(c.sexual),
    yn(c.register),
    yn(c.violent),
    yn(c.terrorist),
    yn(c.catA),
    yn(c.civil),
    yn(c.fineDefault),
    yn(c.recall),
    yn(c.remanded),
    yn(c.nsd),
    yn(c.furtherCharge),
    c.female ? 'female' : 'male',
    yn(c.riskIncrease),
  ].join(',');
}

/** ISO 8601 length for a number of months: whole years as `P3Y`, short ones sometimes in days. */
function lengthText(rng: Rng, months: number): { text: string; days: number } {
  if (months % 12 === 0) return { text: `P${months / 12}Y`, days: monthsToDays(months) };
  if (months < 12 && rng.chance(0.35)) {
    const days = monthsToDays(months);
    return { text: `P${days}D`, days };
  }
  return { text: `P${months}M`, days: monthsToDays(months) };
}

/**
 * Custody start for a sentence of `days` released at `fraction` on `crd` (CRD = start + ceil(days
 * × fraction) − 1, the same rounding as the release date calculator).
 */
function custodyStart(crd: number, days: number, fraction: number): number {
  return crd - Math.ceil(days * fraction) + 1;
}

interface CustodySpec {
  type: CustodyType;
  months: number;
  crdIn: number;
  prison?: string;
  flags?: Partial<
    Omit<CustodyRow, 'person' | 'practitioner' | 'type' | 'length' | 'start' | 'crd' | 'prison'>
  >;
}

function custodyFromSpec(
  rng: Rng,
  today: number,
  person: Person,
  practitioner: string,
  spec: CustodySpec,
): CustodyRow {
  const len = lengthText(rng, spec.months);
  const fraction =
    spec.type === 'sds_plus' || spec.type === 'eds'
      ? 2 / 3
      : spec.type === 'life' || spec.type === 'ipp'
        ? 1
        : 1 / 2;
  const crd = today + spec.crdIn;
  const f = spec.flags ?? {};
  const female = f.female ?? false;
  const catA = f.catA ?? false;
  return {
    person,
    practitioner,
    prison:
      spec.prison ??
      (catA ? rng.pick(PRISONS_HIGH_SECURITY) : rng.pick(female ? PRISONS_FEMALE : PRISONS_MALE)),
    type: spec.type,
    length: len.text,
    start: custodyStart(crd, len.days, fraction),
    crd,
    sexual: false,
    register: false,
    violent: false,
    terrorist: false,
    catA,
    civil: false,
    fineDefault: false,
    recall: false,
    remanded: false,
    nsd: false,
    furtherCharge: false,
    female,
    riskIncrease: false,
    ...f,
  };
}

function randomCustody(
  rng: Rng,
  today: number,
  person: Person,
  female: boolean,
  practitioner: string,
): CustodyRow {
  const type = CUSTODY_TYPE.pick(rng);
  let months: number;
  let crdIn: number;
  switch (type) {
    case 'sds': {
      // CRD 1–200 days ahead with custody start 1–24 months ago: half the sentence is 31–930 days.
      for (;;) {
        months = SDS_MONTHS.pick(rng);
        const half = Math.ceil(monthsToDays(months) / 2);
        const lo = Math.max(1, half - 730);
        const hi = Math.min(200, half - 30);
        if (lo <= hi) {
          crdIn = rng.int(lo, hi);
          break;
        }
      }
      break;
    }
    case 'dto':
      months = rng.pick([4, 6, 8, 10, 12, 18, 24]);
      crdIn = rng.int(1, Math.min(200, Math.ceil(monthsToDays(months) / 2) - 30));
      break;
    case 'other':
      months = rng.pick([2, 3, 4, 6]);
      crdIn = rng.int(1, Math.ceil(monthsToDays(months) / 2) - 14);
      break;
    case 'sds_plus':
    case 'eds':
      months = rng.pick([48, 60, 72, 84, 96, 120]);
      crdIn = rng.int(1, 200);
      break;
    case 'sopc':
      months = rng.pick([24, 36, 48, 60, 72]);
      crdIn = rng.int(1, 200);
      break;
    case 'life':
      months = 12 * rng.int(8, 20); // minimum term (tariff)
      crdIn = rng.int(1, 200);
      break;
    case 'ipp':
      months = 12 * rng.int(2, 5);
      crdIn = rng.int(1, 200);
      break;
  }
  const sexual = rng.chance(0.08);
  const terrorist = rng.chance(0.005);
  const longSentence = months >= 48;
  return custodyFromSpec(rng, today, person, practitioner, {
    type,
    months,
    crdIn,
    flags: {
      sexual,
      register: sexual && rng.chance(0.75),
      violent: rng.chance(0.2),
      terrorist,
      catA: longSentence && rng.chance(0.04), // ≈ 0.5 % overall, only on long sentences
      civil: rng.chance(0.003),
      fineDefault: rng.chance(0.005),
      recall: rng.chance(0.1),
      remanded: rng.chance(0.03),
      nsd: terrorist || rng.chance(0.003),
      furtherCharge: rng.chance(0.03),
      riskIncrease: rng.chance(0.03),
      female,
    },
  });
}

function generateCustody(
  o: GenerateOptions,
  plan: StaffPlan,
  rng: Rng,
  crns: CrnAllocator,
  today: number,
): CustodyRow[] {
  const demo = o.demo === true;
  const total = o.custody ?? (demo ? 20 : Math.round(o.cases / 12));
  const rows: CustodyRow[] = [];
  const newPerson = (femaleShare: number) => {
    const n = personName(rng, femaleShare);
    return { person: { crn: crns.next(), first: n.first, last: n.last }, female: n.female };
  };
  if (demo) {
    const alex = at(plan.practitioners, 0).email;
    const megan = at(plan.practitioners, 1).email;
    const male = () => newPerson(0).person;
    const jordan = {
      crn: crns.next(),
      first: DEMO_CUSTODY_PERSON.firstName,
      last: DEMO_CUSTODY_PERSON.lastName,
    };
    const specs: [Person, string, CustodySpec][] = [
      // Clearly eligible on the facts: 50 % SDS, no exclusions, well past 14 days served.
      [jordan, alex, { type: 'sds', months: 24, crdIn: 42, prison: 'HMP Pentonville' }],
      [male(), alex, { type: 'sds', months: 30, crdIn: 25, flags: { sexual: true, register: true } }],
      [male(), alex, { type: 'sds', months: 60, crdIn: 60, flags: { violent: true } }],
      [male(), alex, { type: 'sds_plus', months: 72, crdIn: 90, flags: { violent: true } }],
      [male(), alex, { type: 'sds', months: 18, crdIn: 30, flags: { furtherCharge: true } }],
      [newPerson(1).person, megan, { type: 'sds', months: 12, crdIn: 20, flags: { female: true } }],
    ];
    for (const [person, practitioner, spec] of specs)
      rows.push(custodyFromSpec(rng, today, person, practitioner, spec));
  }
  while (rows.length < total) {
    const { person, female } = newPerson(0.04);
    rows.push(randomCustody(rng, today, person, female, rng.pick(plan.practitioners).email));
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// DIP breaches.

type DipOutcome =
  '' | 'pcr_issued' | 'charged' | 'circulated_fta' | 'nfa_ra1_not_signed' | 'nfa_other' | 'engaging';
const DIP_OUTCOME_OPEN = Weighted.of<DipOutcome>({
  '': 55,
  circulated_fta: 15,
  pcr_issued: 8,
  charged: 6,
  nfa_ra1_not_signed: 5,
  nfa_other: 4,
  engaging: 7,
});
const DIP_OUTCOME_PASSED = Weighted.of<DipOutcome>({
  '': 20,
  circulated_fta: 5,
  pcr_issued: 25,
  charged: 25,
  nfa_ra1_not_signed: 10,
  nfa_other: 10,
  engaging: 5,
});
/** Days from today to the last day to charge, for the rows every DIP extract gets. */
const DIP_GUARANTEED: readonly [number, DipOutcome][] = [
  [0, ''],
  [2, ''],
  [4, 'circulated_fta'],
  [6, ''],
  [7, ''],
  [10, ''],
  [12, 'circulated_fta'],
  [14, ''],
  [-3, ''],
  [-25, 'charged'],
];

interface DipRow {
  reference: string;
  crn: string;
  first: string;
  last: string;
  dob: number;
  assessment: 'initial' | 'follow_up';
  missed: number;
  officer: string;
  outcome: DipOutcome;
  outcomeDate: number | null;
}

function generateDip(
  o: GenerateOptions,
  plan: StaffPlan,
  rng: Rng,
  crns: CrnAllocator,
  today: number,
  casePeople: readonly CaseRow[],
): DipRow[] {
  const total = o.dipBreaches ?? (o.demo ? 30 : Math.max(30, Math.round(o.cases / 100)));
  const officers = plan.dipOfficers.length ? plan.dipOfficers : [''];
  const rows: DipRow[] = [];
  for (let i = 0; i < total; i++) {
    const fixed = total >= DIP_GUARANTEED.length ? DIP_GUARANTEED[i] : undefined;
    let ldcIn: number;
    let outcome: DipOutcome;
    if (fixed) {
      [ldcIn, outcome] = fixed;
    } else {
      const r = rng.float();
      ldcIn = r < 0.12 ? rng.int(0, 14) : r < 0.27 ? rng.int(-60, -1) : rng.int(15, 175);
      outcome = (ldcIn < 0 ? DIP_OUTCOME_PASSED : DIP_OUTCOME_OPEN).pick(rng);
    }
    // Missed six calendar months before the target last day (clamping may pull it a day or two earlier).
    const missed = toDay(isoAddMonths(today + ldcIn, -6));
    const ldc = toDay(lastDayToCharge(iso(missed)));
    let outcomeDate: number | null = null;
    if (outcome === 'circulated_fta') outcomeDate = Math.min(today, missed + rng.int(1, 14));
    else if (outcome === 'pcr_issued' || outcome === 'charged')
      outcomeDate = rng.int(missed + 7, Math.min(today, ldc));
    else if (outcome !== '') outcomeDate = rng.int(missed + 1, Math.min(today, missed + 60));

    let person: { crn: string; first: string; last: string };
    const who = rng.float();
    if (who < 0.4 && casePeople.length > 0) {
      const c = rng.pick(casePeople);
      person = { crn: c.crn, first: c.first, last: c.last };
    } else {
      const n = personName(rng, 0.2);
      person = { crn: who < 0.75 ? crns.next() : '', first: n.first, last: n.last }; // not all are known to probation
    }
    rows.push({
      reference: '',
      ...person,
      dob: today - rng.int(19 * 365, 58 * 365),
      assessment: rng.chance(0.75) ? 'initial' : 'follow_up',
      missed,
      officer: rng.pick(officers),
      outcome,
      outcomeDate,
    });
  }
  // References are issued in date order, numbered per year: DIP-25-0417.
  const order = rows.map((_, i) => i).sort((a, b) => at(rows, a).missed - at(rows, b).missed || a - b);
  const counters = new Map<string, number>();
  for (const i of order) {
    const row = at(rows, i);
    const yy = iso(row.missed).slice(2, 4);
    const next = (counters.get(yy) ?? rng.int(100, 400)) + rng.int(1, 9);
    counters.set(yy, next);
    row.reference = `DIP-${yy}-${String(next).padStart(4, '0')}`;
  }
  return rows;
}

function isoAddMonths(day: number, months: number): string {
  return iso(addMonthsDay(day, months));
}

function dipLine(d: DipRow): string {
  return [
    d.reference,
    d.crn,
    esc(d.first),
    esc(d.last),
    iso(d.dob),
    d.assessment,
    iso(d.missed),
    d.officer,
    d.outcome,
    d.outcomeDate === null ? '' : iso(d.outcomeDate),
  ].join(',');
}

// ---------------------------------------------------------------------------------------------
// IOM cohort.

type Brag = 'red' | 'amber' | 'green' | 'blue';
/** The example borough report's mix (Red 30, Amber 8, Green 7, Blue 16), scaled. */
const BRAG_WEIGHTS: readonly [Brag, number][] = [
  ['red', 30],
  ['amber', 8],
  ['green', 7],
  ['blue', 16],
];
const COHORT = Weighted.of<string>({ fixed: 45, flex: 35, free: 20 });
/** ONS 5+1 groups. */
const ETHNICITY = Weighted.of<string>({
  White: 38,
  'Black, Black British, Caribbean or African': 34,
  'Asian or Asian British': 9,
  'Mixed or Multiple ethnic groups': 10,
  'Other ethnic group': 6,
  'Not stated': 3,
});
const IN_CUSTODY_RATE: Record<Brag, number> = { blue: 0.92, red: 0.04, amber: 0.02, green: 0.01 };

interface IomRow {
  person: Person;
  pnc: string;
  borough: string;
  cohort: string;
  brag: Brag;
  female: boolean;
  ethnicity: string;
  drugDependent: boolean;
  inTreatment: boolean;
  ward: string;
  inCustody: boolean;
  gps: '' | 'knife_crime' | 'domestic_abuse';
}

function generateIom(
  o: GenerateOptions,
  rng: Rng,
  crns: CrnAllocator,
  todayYear: number,
  boroughs: readonly string[],
  casePeople: readonly CaseRow[],
): IomRow[] {
  const perBorough = o.iomCohort ?? 60;
  const usedCaseIdx = new Set<number>();
  const rows: IomRow[] = [];
  for (const borough of boroughs) {
    const counts = apportion(
      perBorough,
      BRAG_WEIGHTS.map((w) => w[1]),
    );
    const brags: Brag[] = [];
    BRAG_WEIGHTS.forEach(([b], i) => {
      for (let k = 0; k < at(counts, i); k++) brags.push(b);
    });
    rng.shuffle(brags);
    const wards = wardsFor(borough);
    for (const brag of brags) {
      const inCustody = rng.chance(IN_CUSTODY_RATE[brag]);
      let person: Person;
      let female: boolean;
      // Many IOM nominals in the community are also on a community caseload.
      const idx = casePeople.length > 0 ? rng.int(0, casePeople.length - 1) : -1;
      if (!inCustody && idx >= 0 && rng.chance(0.35) && !usedCaseIdx.has(idx)) {
        usedCaseIdx.add(idx);
        const c = at(casePeople, idx);
        person = { crn: c.crn, first: c.first, last: c.last };
        female = FEMALE_FIRST_NAMES.includes(c.first);
      } else {
        const n = personName(rng, 0.07);
        person = { crn: crns.next(), first: n.first, last: n.last };
        female = n.female;
      }
      const drugDependent = rng.chance(0.55);
      // Red nominals in the community are reported by ward, with no-fixed-abode and out-of-borough counts.
      const r = rng.float();
      const ward =
        !inCustody && brag === 'red' && r < 0.08
          ? 'NFA'
          : !inCustody && r >= 0.08 && r < 0.13
            ? 'Out of borough'
            : rng.pick(wards);
      const g = rng.float();
      rows.push({
        person,
        pnc: pnc(rng, todayYear),
        borough,
        cohort: COHORT.pick(rng),
        brag,
        female,
        ethnicity: ETHNICITY.pick(rng),
        drugDependent,
        inTreatment: drugDependent ? rng.chance(0.55) : rng.chance(0.03),
        ward,
        inCustody,
        gps: inCustody ? '' : g < 0.1 ? 'knife_crime' : g < 0.17 ? 'domestic_abuse' : '',
      });
    }
  }
  return rows;
}

function iomLine(r: IomRow): string {
  return [
    r.person.crn,
    r.pnc,
    esc(r.person.first),
    esc(r.person.last),
    esc(r.borough),
    r.cohort,
    r.brag,
    r.female ? 'Female' : 'Male',
    esc(r.ethnicity),
    yn(r.drugDependent),
    yn(r.inTreatment),
    esc(r.ward),
    yn(r.inCustody),
    r.gps,
  ].join(',');
}

// ---------------------------------------------------------------------------------------------

function checkOptions(o: GenerateOptions): void {
  const problems: string[] = [];
  const wholeAtLeast = (name: string, v: number | undefined, min: number) => {
    if (v !== undefined && (!Number.isInteger(v) || v < min))
      problems.push(`${name} must be a whole number ≥ ${min}`);
  };
  if (!Number.isInteger(o.seed)) problems.push('seed must be a whole number');
  if (!isValidIsoDate(o.today)) problems.push(`today must be a date as YYYY-MM-DD (got '${o.today}')`);
  wholeAtLeast('cases', o.cases, 0);
  wholeAtLeast('practitioners', o.practitioners, o.demo ? 2 : 1);
  wholeAtLeast('teams', o.teams, 1);
  wholeAtLeast('custody', o.custody, 0);
  wholeAtLeast('dipBreaches', o.dipBreaches, 0);
  wholeAtLeast('iomCohort', o.iomCohort, 0);
  if (o.teams > o.practitioners && !o.demo) problems.push('teams must not exceed practitioners');
  if (o.boroughs !== undefined && o.boroughs.some((b) => b.trim() === ''))
    problems.push('boroughs must not be empty');
  if (problems.length) throw new RangeError(`Invalid generator options: ${problems.join('; ')}`);
}

/**
 * Generates the five extracts as CSV text. Guarantees, for the Monday–Sunday week containing
 * `today`, on every practitioner's caseload in demo mode and on any caseload of 10 or more:
 * a non-exempt licence and a non-exempt CO with RAR reaching two-thirds, a non-exempt licence
 * whose follow-up falls due, and an exempt case reaching two-thirds.
 */
export function generateExtracts(o: GenerateOptions): Extracts {
  checkOptions(o);
  const demo = o.demo === true;
  const boroughs = o.boroughs ?? DEMO_BOROUGHS;
  const today = toDay(o.today);
  const monday = today - (isoWeekday(today) - 1);
  const crnRng = stream(o.seed, 0);
  const crns = new CrnAllocator(crnRng);
  crns.reserve(DEMO_CRN);

  const plan = planStaff(o, stream(o.seed, 1), boroughs);
  const caseRows = generateCases(o, plan, { rng: stream(o.seed, 2), crns, today, monday, demo });
  const custodyRows = generateCustody(o, plan, stream(o.seed, 3), crns, today);
  const dipRows = generateDip(o, plan, stream(o.seed, 4), crns, today, caseRows);
  const iomRows = generateIom(o, stream(o.seed, 5), crns, Number(o.today.slice(0, 4)), boroughs, caseRows);

  return {
    staff: staffCsv(plan),
    cases: csv('cases', caseRows.map(caseLine)),
    custody: csv('custody', custodyRows.map(custodyLine)),
    'dip-breaches': csv('dip-breaches', dipRows.map(dipLine)),
    'iom-cohort': csv('iom-cohort', iomRows.map(iomLine)),
  };
}
