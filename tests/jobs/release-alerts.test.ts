import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { practitionerWeekly } from '../../jobs/practitioner-weekly.js';
import { releaseAlerts } from '../../jobs/release-alerts.js';
import { spoDigest } from '../../jobs/spo-digest.js';
import { londonInstant } from '../../src/domain/dates.js';
import { runJob } from '../../src/delivery/runner.js';
import type { Database } from '../../src/store/db.js';
import { visibleText } from '../support/bot.js';
import { crnsIn } from '../support/caseload.js';
import { freshDatabase } from '../support/db.js';
import {
  conversationIdOf,
  giveConversation,
  runnerDeps,
  startFakeConnector,
  testSender,
  type FakeConnector,
} from '../support/jobs.js';
import { loadReleases, PAT, QUINN, SAM } from '../support/releases.js';

describe('release alerts and the releases in digests (the week of Mon 30 Nov 2026)', () => {
  let database: Database;
  let connector: FakeConnector;
  const run = (def: typeof releaseAlerts, today: string, time = '08:00') =>
    runJob(def, runnerDeps(database, testSender(database)), { today, now: londonInstant(today, time) });
  const to = (aad: string) => connector.to(conversationIdOf(aad)).map((r) => visibleText([r.activity]));

  beforeAll(async () => {
    database = await freshDatabase();
    connector = await startFakeConnector();
    await loadReleases(database, londonInstant('2026-11-30', '02:10'));
    for (const aad of [SAM, PAT, QUINN]) await giveConversation(database, aad, connector.url);
  });
  afterAll(async () => {
    await connector.close();
    await database.close();
  });

  it('the weekly message leaves out the PSS case and says how old the caseload is', async () => {
    // Only Sam has anything this week (Pat's order and Quinn have nothing to report).
    expect(await run(practitionerWeekly, '2026-11-30')).toMatchObject({ sent: 1 });
    const [sam] = to(SAM);
    expect(sam).toContain('Your week ahead: week of Mon 30 Nov 2026');
    expect(crnsIn(sam!)).toEqual(['X400002']);
    expect(sam).toContain('Caseload from the extract of 30 Nov 2026, 02:10.');
    expect(sam).not.toContain('Out of date');
    connector.reset();
  });

  it('warns before a tranche day (7 days ahead) about the cases in that tranche', async () => {
    // Tue 1 Dec 2026 is 7 days before tranche 4 (Tue 8 Dec 2026).
    expect(await run(releaseAlerts, '2026-12-01')).toMatchObject({ sent: 1 });
    const [sam] = to(SAM);
    expect(sam).toContain('Releases ahead on your caseload: 2 cases in tranche 4 (Tue 8 Dec 2026)');
    expect(sam).toContain(
      'Tranche 4 day Tue 8 Dec 2026 (in 7 days; sentences of more than 1,162 and at most 1,561 days): 1 with a CRD on the tranche day',
    );
    expect(crnsIn(sam!)).toEqual(['R300001', 'R300007']);
    expect(sam).toContain('Custody list from the extract of 30 Nov 2026, 02:10.');
    expect(to(PAT)).toEqual([]);
    connector.reset();
  });

  it('warns 28 days before a release, once', async () => {
    // Wed 2 Dec 2026 + 28 days = Wed 30 Dec 2026: Lou Elm.
    expect(await run(releaseAlerts, '2026-12-02')).toMatchObject({ sent: 1 });
    const [pat] = to(PAT);
    expect(pat).toContain('Releases ahead on your caseload: 1 release in 28 days');
    expect(crnsIn(pat!)).toEqual(['R300005']);
    expect(pat).toContain('CRD Wed 30 Dec 2026 (in 28 days)');
    // A second run of the slot sends nothing new.
    expect(await run(releaseAlerts, '2026-12-02')).toMatchObject({ sent: 0 });
    expect(to(PAT)).toHaveLength(1);
    connector.reset();
  });

  it("Friday's run announces the weekend's releases, and nothing is announced twice", async () => {
    // Thu 3 Dec covers CRD 31 Dec (Max Fir); Fri 4 Dec covers 1 to 3 Jan 2027: nobody.
    expect(await run(releaseAlerts, '2026-12-03')).toMatchObject({ sent: 1 });
    expect(crnsIn(to(PAT)[0]!)).toEqual(['R300006']);
    connector.reset();
    expect(await run(releaseAlerts, '2026-12-04')).toMatchObject({ sent: 0 });
  });

  it('the SPO digest has the releases this week, and no PSS two-thirds point', async () => {
    connector.reset();
    expect(await run(spoDigest, '2026-12-02', '07:30')).toMatchObject({ sent: 1 });
    const [sam] = to(SAM);
    expect(sam).toContain('Releases this week');
    expect(sam).toContain('1 release this week');
    expect(sam).toContain('**Pia Ivy** (R300009) · CRD Mon 30 Nov 2026 (2 days ago) · Sam Senior');
    expect(sam).toContain('CRD Mon 30 Nov 2026 (2 days ago)');
    expect(crnsIn(sam!)).toEqual(['X400002', 'R300009']);
    // The caseload and custody extracts are from Monday 02:10: 53 working hours by Wednesday 07:30.
    expect(sam!.split('\n')[0]).toBe(
      '⚠️ Out of date: the newest caseload extract is from 30 Nov 2026, 02:10, 53 working hours old (the limit is 36). Check the case record before acting on this.',
    );
    expect(sam).toContain(
      'Caseload from the extract of 30 Nov 2026, 02:10. Custody list from the extract of 30 Nov 2026, 02:10. ' +
        "No import of the DIP breaches extract is on record, so I can't say how old it is.",
    );
  });
});
