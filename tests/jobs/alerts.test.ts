import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dipStlReminders } from '../../jobs/dip-stl-reminders.js';
import { announcementSpan, ecslAlerts } from '../../jobs/ecsl-alerts.js';
import { runJob } from '../../src/delivery/runner.js';
import type { Database } from '../../src/store/db.js';
import { freshDatabase } from '../support/db.js';
import { visibleText } from '../support/bot.js';
import {
  aad,
  conversationIdOf,
  giveConversation,
  importAll,
  runnerDeps,
  startFakeConnector,
  STAFF_HEADER,
  testSender,
  testSettings,
  type FakeConnector,
} from '../support/jobs.js';

// An ECSL scheme in force for these tests (the published one ended in 2024).
const { settings } = testSettings({
  ECSL_TIMELINE: '[{"from":"2025-01-01","windowDays":70,"estate":"male"}]',
});

const CUSTODY_HEADER =
  'crn,first_name,last_name,practitioner_email,prison,sentence_type,sentence_length,custody_start_date,crd,sexual_offence,sex_offender_register,violent_offence,terrorist_connected,category_a,civil_prisoner,fine_default,serving_recall,remanded_other_matters,nsd,further_charge_pending';
const noFlags = Array.from({ length: 11 }, () => 'no').join(',');

describe('ecsl-alerts and dip-stl-reminders', () => {
  let database: Database;
  let connector: FakeConnector;
  const pat = conversationIdOf(aad(2));
  const dina = conversationIdOf(aad(9));
  const run = (job: typeof ecslAlerts, today: string) =>
    runJob(
      job,
      { ...runnerDeps(database, testSender(database)), settings },
      { today, now: new Date(`${today}T08:00:00Z`) },
    );

  beforeAll(async () => {
    database = await freshDatabase();
    connector = await startFakeConnector();
    await importAll(database, {
      staff: [
        STAFF_HEADER,
        `pat.po@probation.example,Pat Po,practitioner,T01,Test PDU,,${aad(2)}`,
        `dina.dip@probation.example,Dina Dip,dip_officer,,Test PDU,,${aad(9)}`,
      ].join('\n'),
      // Window (70 days before CRD 2026-02-07) opens on Saturday 2025-11-29.
      custody: [
        CUSTODY_HEADER,
        `E000001,Eli,Early,pat.po@probation.example,HMP Test,sds,P2Y,2025-01-05,2026-02-07,${noFlags}`,
      ].join('\n'),
      // Last day to charge: 2025-12-10.
      'dip-breaches': [
        'reference,crn,first_name,last_name,date_of_birth,assessment,missed_date,officer_email,outcome,outcome_date',
        'DIP-25-0001,D000001,Dee,Drugs,,initial,2025-06-10,dina.dip@probation.example,,',
      ].join('\n'),
    });
    await giveConversation(database, aad(2), connector.url);
    await giveConversation(database, aad(9), connector.url);
  });
  afterAll(async () => {
    await connector.close();
    await database.close();
  });

  it('a Friday run announces windows opening that weekend; each opening is announced once', () => {
    const calendar = settings.calendar;
    expect(announcementSpan('2025-11-28', '2025-11-27', calendar)).toEqual({
      from: '2025-11-28',
      to: '2025-11-30',
    });
    expect(announcementSpan('2025-12-01', '2025-11-28', calendar)).toEqual({
      from: '2025-12-01',
      to: '2025-12-01',
    });
    // After missed days, the run picks up what they would have announced.
    expect(announcementSpan('2025-12-03', '2025-11-28', calendar)).toEqual({
      from: '2025-12-01',
      to: '2025-12-03',
    });
  });

  it('alerts the practitioner with the checklist on the working day before the window opens, and only then', async () => {
    expect((await run(ecslAlerts, '2025-11-27')).sent).toBe(0);
    const friday = await run(ecslAlerts, '2025-11-28');
    expect(friday.sent).toBe(1);
    const text = visibleText(connector.to(pat).map((r) => r.activity));
    expect(text).toContain('E000001');
    expect(text).toContain('window opens Sat 29 Nov 2025');
    expect(text).toContain('Notify the Victim Liaison Officer');
    expect((await run(ecslAlerts, '2025-12-01')).sent).toBe(0);
    expect(connector.to(pat)).toHaveLength(1);
  });

  it('reminds the DIP officer on entering 14 days, at 7 days and daily in the last 2 days', async () => {
    const sent: string[] = [];
    for (const day of [
      '2025-11-26',
      '2025-11-27',
      '2025-12-02',
      '2025-12-03',
      '2025-12-04',
      '2025-12-08',
      '2025-12-09',
      '2025-12-10',
    ]) {
      const s = await run(dipStlReminders, day);
      if (s.sent) sent.push(day);
    }
    expect(sent).toEqual(['2025-11-26', '2025-12-03', '2025-12-08', '2025-12-09', '2025-12-10']);
    const last = connector.to(dina).at(-1)!;
    expect(visibleText([last.activity])).toMatch(/DIP-25-0001[\s\S]*0 days left, URGENT/);
  });
});
