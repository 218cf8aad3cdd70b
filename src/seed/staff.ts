import { csv, esc } from './csv.js';
import { DEMO_PDU, DEMO_TEAM, PLAYGROUND_USERS, type PlaygroundUser } from './demo-scenario.js';
import type { GenerateOptions } from './options.js';
import { personName } from './people.js';
import { at, type Rng } from './random.js';
import { PDU_NAMES, PROVIDER_CODES } from './reference-data.js';

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

export interface StaffPlan {
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

export function planStaff(o: GenerateOptions, rng: Rng, boroughs: readonly string[]): StaffPlan {
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

export function staffCsv(plan: StaffPlan): string {
  return csv(
    'staff',
    plan.staff.map((s) =>
      [s.email, esc(s.name), s.roles.join(';'), s.team, esc(s.pdu), esc(s.borough), s.aad].join(','),
    ),
  );
}
