import { describe, expect, it } from 'vitest';
import { ROW_SPECS } from '../../src/import/rows.js';

function parseCases(overrides: Record<string, string>) {
  const base: Record<string, string> = {
    crn: 'x123456',
    first_name: ' Ann ',
    last_name: 'Example',
    practitioner_email: ' P@Probation.Example ',
    sentence_type: 'licence',
    start_date: '2025-01-10',
    end_date: '2026-01-09',
    rar: '',
    mappa_category: '',
    mappa_level: '',
    rosh: '',
    nsd: '',
    child_protection: '',
    isc_pilot: '',
  };
  return ROW_SPECS.cases.schema.safeParse({ ...base, ...overrides });
}

function issues(result: ReturnType<typeof parseCases>): string[] {
  return result.success ? [] : result.error.issues.map((i) => String(i.path[0]));
}

describe('cell rules', () => {
  it('trims, upper-cases the CRN and lower-cases the email', () => {
    const r = parseCases({});
    expect(r.success && r.data).toMatchObject({
      crn: 'X123456',
      first_name: 'Ann',
      practitioner_email: 'p@probation.example',
    });
  });

  it.each([
    ['yes', true],
    ['Y', true],
    ['TRUE', true],
    ['1', true],
    ['no', false],
    ['n', false],
    ['False', false],
    ['0', false],
    ['', false],
    ['  ', false],
  ])('boolean %j reads as %s', (text, value) => {
    const r = parseCases({ rar: text });
    expect(r.success && r.data.rar).toBe(value);
  });

  it.each(['maybe', '2', 'si', 'ja'])('boolean %j is refused', (text) => {
    expect(issues(parseCases({ rar: text }))).toEqual(['rar']);
  });

  it.each([
    ['10/01/2025', '2025-01-10'],
    ['1/2/2025', '2025-02-01'],
    ['2025-01-10', '2025-01-10'],
    ['29/02/2024', '2024-02-29'],
  ])('date %j reads as %s', (text, iso) => {
    const r = parseCases({ start_date: text, end_date: '2026-12-31' });
    expect(r.success && r.data.start_date).toBe(iso);
  });

  it.each(['2025-02-30', '29/02/2025', '2025/01/10', '01-10-2025', '10 Jan 2025', '1899-12-31'])(
    'date %j is refused',
    (text) => {
      expect(issues(parseCases({ start_date: text }))).toContain('start_date');
    },
  );

  it.each(['X12345', '1234567', 'XX123456', 'X1234567'])('CRN %j is refused', (text) => {
    expect(issues(parseCases({ crn: text }))).toEqual(['crn']);
  });

  it('mappa 1–4 and level 1–3; 0 and empty mean none', () => {
    expect(issues(parseCases({ mappa_category: '4', mappa_level: '3' }))).toEqual([]);
    expect(issues(parseCases({ mappa_category: '5', mappa_level: '4' }))).toEqual([
      'mappa_category',
      'mappa_level',
    ]);
    const r = parseCases({ mappa_category: '0', mappa_level: '' });
    expect(r.success && [r.data.mappa_category, r.data.mappa_level]).toEqual([null, null]);
  });

  it('rosh accepts spaced and mixed-case forms', () => {
    const r = parseCases({ rosh: 'Very High' });
    expect(r.success && r.data.rosh).toBe('very_high');
    expect(issues(parseCases({ rosh: 'extreme' }))).toEqual(['rosh']);
  });

  it('end_date may equal start_date but not precede it', () => {
    expect(issues(parseCases({ end_date: '2025-01-10' }))).toEqual([]);
    expect(issues(parseCases({ end_date: '2025-01-09' }))).toEqual(['end_date']);
  });

  it('staff roles: ;-separated, from the allowed set, iom_lead needs a borough', () => {
    const row = { email: 'a@b.example', name: 'A', team: '', pdu: '', borough: '', aad_object_id: '' };
    const ok = ROW_SPECS.staff.schema.safeParse({ ...row, role: 'SPO; practitioner;spo' });
    expect(ok.success && ok.data.role).toEqual(['spo', 'practitioner']);
    const badRole = ROW_SPECS.staff.schema.safeParse({ ...row, role: 'spo;boss' });
    expect(badRole.success).toBe(false);
    const lead = ROW_SPECS.staff.schema.safeParse({ ...row, role: 'iom_lead' });
    expect(lead.success ? [] : lead.error.issues.map((i) => i.path[0])).toEqual(['borough']);
    const noEmail = ROW_SPECS.staff.schema.safeParse({ ...row, email: 'not an email', role: 'spo' });
    expect(noEmail.success ? [] : noEmail.error.issues.map((i) => i.path[0])).toEqual(['email']);
  });
});
