import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iomReturnReminders, stageFor } from '../../jobs/iom-return-reminders.js';
import type { JobContext, Notification } from '../../src/delivery/job.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { settingsFromConfig } from '../../src/settings.js';
import type { Database } from '../../src/store/db.js';
import { saveIomReturn } from '../../src/store/iom.repository.js';
import { iomCohort, staff } from '../../src/store/schema.js';
import { freshDatabase } from '../support/db.js';
import { scheduleEnvFor } from '../../src/scheduler.js';

const settings = settingsFromConfig(loadConfig({ DATABASE_URL: 'pglite://memory://' }));
const log = createLogger(
  'silent',
  new Writable({
    write(_chunk, _enc, cb) {
      cb();
    },
  }),
);

// June 2024: Mon 3 June is the 1st working day, Fri 7 June the 5th. Returns are for May 2024.
const FIRST = '2024-06-03';
const FIFTH = '2024-06-07';

describe('iom-return-reminders: the declaration', () => {
  it('is named and scheduled as the contract says', () => {
    expect(iomReturnReminders.name).toBe('iom-return-reminders');
    expect(iomReturnReminders.defaultSchedule).toBe('0 9 * * *');
    expect(scheduleEnvFor(iomReturnReminders.name)).toBe('SCHEDULE_IOM_RETURN_REMINDERS');
    expect(iomReturnReminders.slotFor(FIRST)).toBe(FIRST);
  });

  it.each([
    ['2024-06-03', true, '1st working day'],
    ['2024-06-04', false, '2nd working day'],
    ['2024-06-07', true, '5th working day'],
    ['2024-06-01', false, 'a Saturday'],
    ['2024-06-10', false, '6th working day'],
    // 1 January is a bank holiday: the 1st working day is the 2nd, the 5th is Monday 8th.
    ['2024-01-01', false, 'New Year’s Day'],
    ['2024-01-02', true, '1st working day after a bank holiday'],
    ['2024-01-08', true, '5th working day after a bank holiday'],
    // Easter Monday 1 April 2024: 1st working day is Tuesday 2 April.
    ['2024-04-01', false, 'Easter Monday'],
    ['2024-04-02', true, '1st working day after Easter Monday'],
  ])('runsOn(%s) is %s (%s)', (today, expected) => {
    expect(iomReturnReminders.runsOn(today, settings)).toBe(expected);
  });

  it.each([
    ['2024-06-03', 'reminder'],
    ['2024-06-05', 'reminder'],
    ['2024-06-07', 'chaser'],
    ['2024-06-20', 'chaser'],
  ])('a run on %s (e.g. npm run job) is a %s', (today, stage) => {
    expect(stageFor(today, settings.calendar)).toBe(stage);
  });
});

describe('iom-return-reminders: build', () => {
  let database: Database;

  const context = (today: string): JobContext => ({
    database,
    settings,
    log,
    today,
    now: new Date(`${today}T08:00:00Z`),
    slot: iomReturnReminders.slotFor(today),
  });
  const recipients = (ns: Notification[], category: Notification['category']) =>
    ns
      .filter((n) => n.category === category)
      .map((n) => n.recipient.email)
      .sort();

  beforeAll(async () => {
    database = await freshDatabase();
    await database.db.insert(staff).values([
      { email: 'hana@probation.example', name: 'Hana', roles: ['iom_lead'], borough: 'Haringey' },
      { email: 'eddie@probation.example', name: 'Eddie', roles: ['iom_lead'], borough: 'Enfield' },
      { email: 'erin@probation.example', name: 'Erin', roles: ['iom_lead', 'spo'], borough: 'enfield' },
      { email: 'ivy@probation.example', name: 'Ivy', roles: ['iom_lead'], borough: 'Islington' },
      { email: 'nobody@probation.example', name: 'No Borough', roles: ['iom_lead'], borough: null },
      { email: 'cara@probation.example', name: 'Cara', roles: ['iom_central'] },
      { email: 'cole@probation.example', name: 'Cole', roles: ['iom_central', 'admin'] },
      { email: 'pat@probation.example', name: 'Pat', roles: ['practitioner'] },
    ]);
    // Camden has a cohort but no lead yet: it still owes a return, so central sees it outstanding.
    await database.db.insert(iomCohort).values({
      crn: 'C000001',
      firstName: 'Not',
      lastName: 'Shown',
      borough: 'Camden',
      cohort: 'fixed',
      brag: 'red',
    });
    const figures = {
      arrests: 1,
      homeVisits: 2,
      prisonVisits: 3,
      panelReferrals: 4,
      judicialOrders: 5,
      goodNews: null,
    };
    await saveIomReturn(database, {
      ...figures,
      month: '2024-05-01',
      borough: 'Haringey',
      submittedBy: 'hana@probation.example',
    });
    // A return for another month does not count for May.
    await saveIomReturn(database, {
      ...figures,
      month: '2024-04-01',
      borough: 'Islington',
      submittedBy: 'ivy@probation.example',
    });
  });
  afterAll(async () => {
    await database.close();
  });

  it('on the 1st working day reminds every lead whose borough has not returned last month, and no one else', async () => {
    const ns = await iomReturnReminders.build(context(FIRST));
    expect(recipients(ns, 'reminder')).toEqual([
      'eddie@probation.example',
      'erin@probation.example',
      'ivy@probation.example',
    ]);
    expect(recipients(ns, 'summary')).toEqual([]);
    expect(ns).toHaveLength(3);
    const ivy = ns.find((n) => n.recipient.email === 'ivy@probation.example')!;
    expect(ivy.reply.text).toContain('Reminder: the Islington IOM return for May 2024 is due.');
    expect(ivy.reply.personalData).toBe(false);
    expect(ivy.reply.card?.actions?.[0]).toMatchObject({
      type: 'Action.Submit',
      data: { command: 'iom-return', utterance: 'IOM return for May 2024' },
    });
  });

  it('on the 5th working day chases those still missing and sends central a summary', async () => {
    // Enfield returns between the reminder and the chaser.
    await saveIomReturn(database, {
      arrests: 0,
      homeVisits: 0,
      prisonVisits: 0,
      panelReferrals: 0,
      judicialOrders: 0,
      goodNews: null,
      month: '2024-05-01',
      borough: 'Enfield',
      submittedBy: 'eddie@probation.example',
    });
    const ns = await iomReturnReminders.build(context(FIFTH));
    expect(recipients(ns, 'reminder')).toEqual(['ivy@probation.example']);
    expect(ns.find((n) => n.category === 'reminder')!.reply.text).toContain(
      'Chaser: the Islington IOM return for May 2024 has not been received yet.',
    );
    expect(recipients(ns, 'summary')).toEqual(['cara@probation.example', 'cole@probation.example']);
    const summary = ns.find((n) => n.category === 'summary')!;
    expect(summary.reply.text).toBe(
      'IOM returns for May 2024: 2 of 4 received, 2 outstanding.\nOutstanding: Camden, Islington.',
    );
    expect(summary.reply.personalData).toBe(false);
    // Borough names and counts only: no nominal, no lead.
    expect(JSON.stringify(summary.reply)).not.toMatch(/C000001|Shown|Ivy|ivy@/);
  });

  it('tells central when every borough has returned', async () => {
    const figures = {
      arrests: 0,
      homeVisits: 0,
      prisonVisits: 0,
      panelReferrals: 0,
      judicialOrders: 0,
      goodNews: null,
    };
    for (const borough of ['Islington', 'Camden']) {
      await saveIomReturn(database, {
        ...figures,
        month: '2024-05-01',
        borough,
        submittedBy: 'cara@probation.example',
      });
    }
    const ns = await iomReturnReminders.build(context(FIFTH));
    expect(recipients(ns, 'reminder')).toEqual([]);
    const summary = ns.find((n) => n.category === 'summary')!;
    expect(summary.reply.text).toBe(
      'IOM returns for May 2024: 4 of 4 received, 0 outstanding.\nEvery borough has returned.',
    );
  });
});
