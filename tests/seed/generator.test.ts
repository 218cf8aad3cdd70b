import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  daysBetween,
  isValidIsoDate,
  parseIsoPeriod,
  startOfWeek,
} from '../../src/domain/dates.js';
import { lastDayToCharge } from '../../src/domain/dip.js';
import { followUpDate, twoThirdsDate } from '../../src/domain/reset.js';
import { ROW_SPECS } from '../../src/import/rows.js';
import { seedDemoData } from '../../src/seed/demo.js';
import {
  COLUMNS,
  DEMO_CRN,
  DEMO_OPTIONS,
  EXTRACT_KINDS,
  generateExtracts,
  PLAYGROUND_USERS,
  type ExtractKind,
  type Extracts,
  type GenerateOptions,
} from '../../src/seed/generator.js';
import { freshDatabase } from '../support/db.js';
import { readCsv } from '../../src/import/csv.js';

type Row = Record<string, string>;

function rowsOf(text: string): Row[] {
  const [header, ...rows] = [...readCsv(text)].map((r) => r.fields);
  return rows.map((fields): Row => Object.fromEntries((header ?? []).map((h, i) => [h, fields[i] ?? ''])));
}

function all(extracts: Extracts): { [K in ExtractKind]: Row[] } {
  return {
    staff: rowsOf(extracts.staff),
    cases: rowsOf(extracts.cases),
    custody: rowsOf(extracts.custody),
    'dip-breaches': rowsOf(extracts['dip-breaches']),
    'iom-cohort': rowsOf(extracts['iom-cohort']),
  };
}

const demo = (today: string) => generateExtracts({ ...DEMO_OPTIONS, today });
const MIDSIZE: GenerateOptions = { seed: 7, today: '2025-09-10', cases: 6000, practitioners: 150, teams: 20 };

// The Reset arithmetic written out here, independently of the generator (docs/rules.md §1).
function resetDates(start: string, end: string): { t: string; f: string } {
  const n = daysBetween(start, end) + 1;
  const t = addDays(start, Math.ceil((2 * n) / 3) - 1);
  const f = addDays(t, Math.ceil(daysBetween(t, end) / 2));
  return { t, f };
}

const yes = (v: string | undefined) => v === 'yes';
function exempt(c: Row): boolean {
  return (
    c.mappa_category !== '' ||
    c.mappa_level !== '' ||
    c.rosh === 'very_high' ||
    [c.nsd, c.child_protection, c.isc_pilot].some(yes)
  );
}

interface WeekCheck {
  licenceTwoThirds: boolean;
  rarTwoThirds: boolean;
  licenceFollowUp: boolean;
  exemptTwoThirds: boolean;
}

/** What a caseload has in the Monday–Sunday week containing `today`. */
function weekCheck(cases: Row[], today: string): WeekCheck {
  const monday = startOfWeek(today);
  const inWeek = (d: string) => d >= monday && d <= addDays(monday, 6);
  const result: WeekCheck = {
    licenceTwoThirds: false,
    rarTwoThirds: false,
    licenceFollowUp: false,
    exemptTwoThirds: false,
  };
  for (const c of cases) {
    const start = c.start_date ?? '';
    const end = c.end_date ?? '';
    const { t, f } = resetDates(start, end);
    expect(twoThirdsDate(start, end)).toBe(t);
    const licence = c.sentence_type === 'licence';
    const rarOrder =
      (c.sentence_type === 'community_order' || c.sentence_type === 'suspended_sentence_order') && yes(c.rar);
    if (!exempt(c)) {
      if (licence && inWeek(t)) result.licenceTwoThirds = true;
      if (c.sentence_type === 'community_order' && yes(c.rar) && inWeek(t)) result.rarTwoThirds = true;
      if (licence && t < end && inWeek(f)) {
        expect(followUpDate(t, end)).toBe(f);
        result.licenceFollowUp = true;
      }
    } else if ((licence || rarOrder) && inWeek(t)) {
      result.exemptTwoThirds = true;
    }
  }
  return result;
}

function byPractitioner(cases: Row[]): Map<string, Row[]> {
  const map = new Map<string, Row[]>();
  for (const c of cases) {
    const key = c.practitioner_email ?? '';
    map.set(key, [...(map.get(key) ?? []), c]);
  }
  return map;
}

describe('generateExtracts', () => {
  it('is deterministic: the same options give byte-identical extracts, another seed does not', () => {
    expect(generateExtracts(MIDSIZE)).toEqual(generateExtracts(MIDSIZE));
    expect(demo('2025-09-10')).toEqual(demo('2025-09-10'));
    expect(generateExtracts({ ...MIDSIZE, seed: 8 }).cases).not.toEqual(generateExtracts(MIDSIZE).cases);
  });

  it('changing one extract size leaves the other extracts unchanged', () => {
    const a = generateExtracts(MIDSIZE);
    const b = generateExtracts({ ...MIDSIZE, dipBreaches: 5 });
    expect(b.staff).toBe(a.staff);
    expect(b.cases).toBe(a.cases);
    expect(b['dip-breaches']).not.toBe(a['dip-breaches']);
  });

  it('writes exactly the contract columns (custody adds estate and release_plan_risk_increase)', () => {
    const e = demo('2025-09-10');
    for (const kind of EXTRACT_KINDS) {
      const header = e[kind].slice(0, e[kind].indexOf('\n')).split(',');
      expect(header).toEqual([
        ...ROW_SPECS[kind].columns,
        ...(kind === 'custody' ? ['estate', 'release_plan_risk_increase'] : []),
      ]);
      expect(header).toEqual(COLUMNS[kind]);
    }
  });

  it.each([
    ['demo', { ...DEMO_OPTIONS, today: '2025-09-10' }],
    ['mid-size', MIDSIZE],
    ['tiny, no guarantees', { seed: 1, today: '2024-02-29', cases: 5, practitioners: 3, teams: 2 }],
  ] as [string, GenerateOptions][])(
    'every row of every extract passes the import validation (%s)',
    (_, options) => {
      const rows = all(generateExtracts(options));
      for (const kind of EXTRACT_KINDS) {
        // As the importer reads them: an optional column left out of the header is empty in every row.
        const absent = Object.fromEntries(ROW_SPECS[kind].optionalColumns.map((c) => [c, '']));
        rows[kind].forEach((row, i) => {
          const parsed = ROW_SPECS[kind].schema.safeParse({ ...absent, ...row });
          if (!parsed.success)
            throw new Error(`${kind} row ${i + 2}: ${JSON.stringify(parsed.error.issues)}`);
        });
      }
      for (const c of [...rows.cases, ...rows.custody, ...rows['iom-cohort']])
        expect(c.crn).toMatch(/^[A-Z]\d{6}$/);
      for (const c of rows.cases) {
        expect(isValidIsoDate(c.start_date ?? '')).toBe(true);
        expect(isValidIsoDate(c.end_date ?? '')).toBe(true);
        expect((c.end_date ?? '') >= (c.start_date ?? '')).toBe(true);
        expect((c.end_date ?? '') >= options.today).toBe(true); // all current
        expect((c.start_date ?? '') <= options.today).toBe(true);
      }
      for (const c of rows.custody) {
        expect(parseIsoPeriod(c.sentence_length ?? '')).not.toBeNull();
        expect((c.crd ?? '') > options.today).toBe(true);
        expect((c.custody_start_date ?? '') < options.today).toBe(true);
      }
      for (const p of rows['iom-cohort']) expect(p.pnc).toMatch(/^\d{2}\/\d{6}[A-Z]$/);
      // Natural keys are unique, so a re-import is an update, never a clash.
      for (const kind of EXTRACT_KINDS) {
        const keys = rows[kind].map((r) => ROW_SPECS[kind].keyColumns.map((k) => r[k]).join('|'));
        expect(new Set(keys).size).toBe(keys.length);
      }
      const staffEmails = new Set(rows.staff.map((s) => s.email));
      for (const c of [...rows.cases, ...rows.custody])
        expect(staffEmails.has(c.practitioner_email)).toBe(true);
      // CRNs are not shared between people (the same CRN always carries the same name).
      const names = new Map<string, string>();
      for (const r of [...rows.cases, ...rows.custody, ...rows['dip-breaches'], ...rows['iom-cohort']]) {
        if (!r.crn) continue;
        const name = `${r.first_name} ${r.last_name}`;
        expect(names.get(r.crn) ?? name).toBe(name);
        names.set(r.crn, name);
      }
    },
  );

  it('has realistic community caseload distributions', () => {
    const cases = rowsOf(generateExtracts({ ...MIDSIZE, cases: 30_000, practitioners: 300 }).cases);
    const share = (pred: (c: Row) => boolean, of = cases) => of.filter(pred).length / of.length;
    expect(share((c) => c.sentence_type === 'licence')).toBeCloseTo(0.45, 1);
    expect(share((c) => c.sentence_type === 'pss')).toBeCloseTo(0.1, 1);
    expect(share((c) => c.sentence_type === 'community_order')).toBeCloseTo(0.3, 1);
    expect(share((c) => c.sentence_type === 'suspended_sentence_order')).toBeCloseTo(0.15, 1);
    const orders = cases.filter(
      (c) => c.sentence_type === 'community_order' || c.sentence_type === 'suspended_sentence_order',
    );
    expect(share((c) => yes(c.rar), orders)).toBeGreaterThan(0.55);
    expect(share((c) => yes(c.rar), orders)).toBeLessThan(0.68);
    expect(share((c) => c.mappa_category !== '')).toBeGreaterThan(0.06);
    expect(share((c) => c.mappa_category !== '')).toBeLessThan(0.1);
    expect(share((c) => c.rosh === 'very_high')).toBeGreaterThan(0.03);
    expect(share((c) => c.rosh === 'very_high')).toBeLessThan(0.07);
    expect(share((c) => yes(c.child_protection))).toBeCloseTo(0.06, 1);
    expect(share((c) => yes(c.nsd))).toBeLessThan(0.01);
    for (const c of cases) {
      const months = daysBetween(c.start_date ?? '', c.end_date ?? '') / 30.4375;
      if (c.sentence_type === 'licence') expect(months).toBeLessThanOrEqual(60.5);
      if (c.sentence_type === 'licence') expect(months).toBeGreaterThanOrEqual(2.8);
      if (c.sentence_type === 'community_order') expect(months).toBeLessThanOrEqual(36.5);
      if (c.sentence_type === 'community_order') expect(months).toBeGreaterThanOrEqual(5.8);
    }
  });

  // A Wednesday, a Sunday (end of its week), a Monday, and a leap day.
  it.each(['2025-09-10', '2025-09-14', '2026-03-02', '2028-02-29'])(
    'demo (today %s): every practitioner has a licence, a CO with RAR and an exempt case at two-thirds this week, and a licence follow-up',
    (today) => {
      const rows = all(demo(today));
      const practitioners = rows.staff.filter((s) => s.role?.split(';').includes('practitioner'));
      expect(practitioners.length).toBe(DEMO_OPTIONS.practitioners);
      const caseloads = byPractitioner(rows.cases);
      for (const p of practitioners) {
        const check = weekCheck(caseloads.get(p.email ?? '') ?? [], today);
        expect({ who: p.email, ...check }).toEqual({
          who: p.email,
          licenceTwoThirds: true,
          rarTwoThirds: true,
          licenceFollowUp: true,
          exemptTwoThirds: true,
        });
      }
    },
  );

  it('outside demo mode the guarantees hold for every caseload of 10 or more', () => {
    const rows = all(generateExtracts({ ...MIDSIZE, today: '2025-12-28' }));
    const caseloads = [...byPractitioner(rows.cases).values()].filter((c) => c.length >= 10);
    expect(caseloads.length).toBeGreaterThan(100);
    for (const caseload of caseloads) {
      expect(Object.values(weekCheck(caseload, '2025-12-28')).every(Boolean)).toBe(true);
    }
  });

  it('spreads teams over PDUs at national scale, one SPO per team', () => {
    const staff = rowsOf(
      generateExtracts({ seed: 3, today: '2025-09-10', cases: 2000, practitioners: 400, teams: 60 }).staff,
    );
    const spos = staff.filter((s) => s.role === 'spo');
    expect(spos).toHaveLength(60);
    expect(new Set(spos.map((s) => s.team)).size).toBe(60);
    expect(new Set(staff.map((s) => s.pdu)).size).toBeGreaterThan(1);
    expect(new Set(staff.map((s) => s.email)).size).toBe(staff.length);
    for (const s of staff) expect(s.email).toMatch(/^[a-z]+\.[a-z]+\d*@justice\.gov\.uk$/);
    expect(staff.filter((s) => s.role === 'head_of_pdu').length).toBe(new Set(spos.map((s) => s.pdu)).size);
  });

  it('rejects bad options with a clear message', () => {
    expect(() => generateExtracts({ ...MIDSIZE, today: '2025-02-30' })).toThrow(/today/);
    expect(() => generateExtracts({ ...MIDSIZE, cases: -1 })).toThrow(/cases/);
  });
});

describe('demo data', () => {
  const today = '2025-09-10';
  const rows = all(demo(today));
  const staffByEmail = new Map(rows.staff.map((s) => [s.email, s]));
  const alex = PLAYGROUND_USERS[0];

  it('has the Agents Playground users with their roles, teams and ids', () => {
    expect(PLAYGROUND_USERS.map((u) => [u.aadObjectId, u.name, u.roles.join(';')])).toEqual([
      ['00000000-0000-0000-0000-0000000000020', 'Alex Wilber', 'spo;practitioner'],
      ['00000000-0000-0000-0000-0000000000021', 'Megan Bowen', 'practitioner'],
      ['00000000-0000-0000-0000-0000000000022', 'Adele Vance', 'dip_officer'],
      ['00000000-0000-0000-0000-0000000000023', 'Lee Gu', 'iom_lead'],
      ['00000000-0000-0000-0000-0000000000024', 'Lidia Holloway', 'iom_central;head_of_pdu'],
      ['00000000-0000-0000-0000-0000000000025', 'Nestor Wilke', 'admin'],
    ]);
    for (const u of PLAYGROUND_USERS) {
      const s = staffByEmail.get(u.email);
      expect(s, u.name).toBeDefined();
      expect(s?.email).toBe(`${u.name.toLowerCase().replace(' ', '.')}@probation.example`);
      expect(s?.aad_object_id).toBe(u.aadObjectId);
      expect(s?.role).toBe(u.roles.join(';'));
      expect(s?.team).toBe(u.team ?? '');
      expect(s?.borough).toBe(u.borough ?? '');
    }
    expect(staffByEmail.get('alex.wilber@probation.example')?.team).toBe(
      staffByEmail.get('megan.bowen@probation.example')?.team,
    );
    expect(staffByEmail.get('lee.gu@probation.example')?.borough).toBe('Haringey');
    // Everyone else has no Entra id; each team has exactly one SPO; Enfield also has an IOM lead.
    expect(rows.staff.filter((s) => s.aad_object_id !== '')).toHaveLength(PLAYGROUND_USERS.length);
    const spoTeams = rows.staff.filter((s) => s.role?.split(';').includes('spo')).map((s) => s.team);
    expect(new Set(spoTeams).size).toBe(DEMO_OPTIONS.teams);
    expect(spoTeams).toHaveLength(DEMO_OPTIONS.teams);
    expect(rows.staff.some((s) => s.role === 'iom_lead' && s.borough === 'Enfield')).toBe(true);
  });

  it('has the demo CRN and Jordan Pike on the default user’s caseload', () => {
    expect(rows.cases.filter((c) => c.crn === DEMO_CRN).map((c) => c.practitioner_email)).toEqual([
      alex?.email,
    ]);
    const jordan = rows.custody.filter((c) => c.first_name === 'Jordan' && c.last_name === 'Pike');
    expect(jordan).toHaveLength(1);
    expect(jordan[0]).toMatchObject({
      practitioner_email: alex?.email,
      sentence_type: 'sds',
      estate: 'male',
    });
    expect(COLUMNS.custody.filter((column) => jordan[0]?.[column] === 'yes')).toEqual([]);
    expect(daysBetween(jordan[0]?.custody_start_date ?? '', today)).toBeGreaterThan(14);
    // Nobody else is called Jordan Pike, in any extract.
    const everyone = [
      ...rows.cases,
      ...rows.custody,
      ...rows['dip-breaches'],
      ...rows['iom-cohort'],
      ...rows.staff,
    ];
    expect(
      everyone.filter((r) => `${r.first_name} ${r.last_name}` === 'Jordan Pike' || r.name === 'Jordan Pike'),
    ).toHaveLength(1);
  });

  it('has a varied custody mix for ECSL', () => {
    const c = rows.custody;
    expect(c).toHaveLength(DEMO_OPTIONS.custody);
    const atLeast4Years = (r: Row) => {
      const p = parseIsoPeriod(r.sentence_length ?? '');
      return p !== null && p.years * 12 + p.months + (p.weeks * 7 + p.days) / 30 >= 48;
    };
    expect(c.some((r) => yes(r.sexual_offence))).toBe(true);
    expect(c.some((r) => r.sentence_type === 'sds' && yes(r.violent_offence) && atLeast4Years(r))).toBe(true);
    expect(c.some((r) => r.sentence_type === 'sds_plus')).toBe(true);
    expect(c.some((r) => yes(r.further_charge_pending))).toBe(true);
    expect(c.some((r) => r.estate === 'female')).toBe(true);
    expect(c.filter((r) => r.sentence_type === 'sds').length / c.length).toBeGreaterThan(0.6);
  });

  it('has DIP breaches whose last day to charge is within 2, 7 and 14 days, some passed, mixed outcomes', () => {
    const dip = rows['dip-breaches'];
    expect(dip).toHaveLength(DEMO_OPTIONS.dipBreaches);
    expect(new Set(dip.map((d) => d.reference)).size).toBe(dip.length);
    for (const d of dip) expect(d.reference).toMatch(/^DIP-\d{2}-\d{4,}$/);
    const open = dip.filter((d) => d.outcome === '' || d.outcome === 'circulated_fta');
    const daysLeft = (d: Row) => daysBetween(today, lastDayToCharge(d.missed_date ?? ''));
    expect(open.filter((d) => daysLeft(d) >= 0 && daysLeft(d) <= 2).length).toBeGreaterThanOrEqual(2);
    expect(open.filter((d) => daysLeft(d) > 2 && daysLeft(d) <= 7).length).toBeGreaterThanOrEqual(2);
    expect(open.filter((d) => daysLeft(d) > 7 && daysLeft(d) <= 14).length).toBeGreaterThanOrEqual(2);
    expect(dip.filter((d) => daysLeft(d) < 0).length).toBeGreaterThanOrEqual(2);
    const outstanding = dip.filter((d) => d.outcome === '').length / dip.length;
    expect(outstanding).toBeGreaterThan(0.35);
    expect(outstanding).toBeLessThan(0.7);
    expect(dip.some((d) => d.outcome === 'circulated_fta')).toBe(true);
    expect(dip.some((d) => d.outcome !== '' && d.outcome !== 'circulated_fta')).toBe(true);
    const eightMonthsAgo = addMonths(today, -8);
    for (const d of dip) {
      expect((d.missed_date ?? '') >= eightMonthsAgo && (d.missed_date ?? '') <= today).toBe(true);
      if (d.outcome_date) expect((d.outcome_date ?? '') <= today).toBe(true);
      expect(d.officer_email).toBe('adele.vance@probation.example');
    }
  });

  it('has an IOM cohort per borough with the BRAG mix, Blue mostly in custody, real wards', () => {
    const iom = rows['iom-cohort'];
    for (const borough of ['Enfield', 'Haringey']) {
      const b = iom.filter((p) => p.borough === borough);
      expect(b).toHaveLength(DEMO_OPTIONS.iomCohort);
      const count = (brag: string) => b.filter((p) => p.brag === brag).length;
      expect([count('red'), count('amber'), count('green'), count('blue')]).toEqual([29, 8, 7, 16]); // 30 : 8 : 7 : 16 scaled to 60
      const blue = b.filter((p) => p.brag === 'blue');
      expect(blue.filter((p) => yes(p.in_custody)).length / blue.length).toBeGreaterThan(0.7);
      expect(b.some((p) => p.gps_tag === 'knife_crime')).toBe(true);
    }
    expect(
      iom.some(
        (p) => p.ward === 'Edmonton Green' || p.ward === 'Tottenham Hale' || p.ward === 'Northumberland Park',
      ),
    ).toBe(true);
    expect(new Set(iom.map((p) => p.ethnicity)).size).toBeGreaterThanOrEqual(5);
  });
});

describe('seedDemoData', () => {
  it(
    'imports every extract into an empty database, then does nothing the second time',
    { timeout: 120_000 },
    async () => {
      const database = await freshDatabase();
      try {
        const first = await seedDemoData(database, '2025-09-10');
        expect(first).toEqual({
          seeded: true,
          counts: {
            staff: expect.any(Number) as number,
            cases: DEMO_OPTIONS.cases,
            custody: DEMO_OPTIONS.custody,
            'dip-breaches': DEMO_OPTIONS.dipBreaches,
            'iom-cohort': DEMO_OPTIONS.iomCohort * 2,
          },
        });
        const count = async (table: string) =>
          (await database.rows<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`)))[0]?.n;
        expect(await count('staff')).toBe(first.counts.staff);
        expect(await count('cases')).toBe(DEMO_OPTIONS.cases);
        const [alex] = await database.rows<{ roles: string[] }>(
          sql`select roles from staff where aad_object_id = ${'00000000-0000-0000-0000-0000000000020'}`,
        );
        expect(alex?.roles).toEqual(['spo', 'practitioner']);

        expect(await seedDemoData(database, '2025-09-10')).toEqual({ seeded: false, counts: {} });
        expect(await count('cases')).toBe(DEMO_OPTIONS.cases);
      } finally {
        await database.close();
      }
    },
  );
});
