import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importCsv } from '../../src/import/importer.js';
import { createLogger, safeError, scrubMessage } from '../../src/logger.js';
import type { Database } from '../../src/store/db.js';
import { messageActivity } from '../support/activities.js';
import { startBot, visibleText } from '../support/bot.js';
import { freshDatabase } from '../support/db.js';

/**
 * Logs carry ids, never names, CRNs or message text. A realistic conversation runs through the
 * real bot over a fixture with planted, distinctive names and CRNs; questions name them; errors
 * are provoked (a missing table mid-conversation, malformed activities, an unknown user); then
 * every captured log line and everything written to the console is searched for them.
 */

// Tuesday 9 June 2026 for the dates; "last month" is May 2026.
const TODAY = '2026-06-09';
const ME = '00000000-0000-0000-0000-0000000c0ffe';

const PLANTED = [
  'Wilhelmina',
  'Thistlewood',
  'Zephyrine',
  'Quillfeather',
  'Bartholomew',
  'Fizzlewick',
  'Ottoline',
  'Marchbanks',
  'Peregrina',
  'Snodgrass',
  'Q918273',
  'R827364',
  'C736455',
  'D645546',
  'marmalade',
  'periscope',
  'Haberdashery',
];

const STAFF = `email,name,role,team,pdu,borough,aad_object_id
w.thistlewood@probation.example,Wilhelmina Thistlewood,spo;practitioner;dip_officer;iom_lead,N07T01,Camden and Islington,Haringey,${ME}
`;
const CASES = `crn,first_name,last_name,practitioner_email,sentence_type,start_date,end_date,rar,mappa_category,mappa_level,rosh,nsd,child_protection,isc_pilot
Q918273,Zephyrine,Quillfeather,w.thistlewood@probation.example,licence,2025-07-01,2026-10-31,no,,,medium,no,no,no
R827364,Bartholomew,Fizzlewick,w.thistlewood@probation.example,licence,2025-06-01,2026-08-31,no,,,low,no,no,no
`;
const CUSTODY = `crn,first_name,last_name,practitioner_email,prison,sentence_type,sentence_length,custody_start_date,crd,sexual_offence,sex_offender_register,violent_offence,terrorist_connected,category_a,civil_prisoner,fine_default,serving_recall,remanded_other_matters,nsd,further_charge_pending
C736455,Ottoline,Marchbanks,w.thistlewood@probation.example,HMP Pentonville,sds,P2Y,2025-09-01,2026-08-31,no,no,no,no,no,no,no,no,no,no,no
`;
const DIP = `reference,crn,first_name,last_name,date_of_birth,assessment,missed_date,officer_email,outcome,outcome_date
DIP-0099,D645546,Peregrina,Snodgrass,1991-02-03,initial,2026-05-20,w.thistlewood@probation.example,,
`;
const IOM = `crn,pnc,first_name,last_name,borough,cohort,brag,gender,ethnicity,drug_dependent,in_drug_treatment,ward,in_custody,gps_tag
R827364,,Bartholomew,Fizzlewick,Haringey,fixed,red,,,no,no,,no,
`;

let database: Database;
let bot: Awaited<ReturnType<typeof startBot>>;
const consoleOut: string[] = [];

beforeAll(async () => {
  database = await freshDatabase();
  for (const [kind, csv] of [
    ['staff', STAFF],
    ['cases', CASES],
    ['custody', CUSTODY],
    ['dip-breaches', DIP],
    ['iom-cohort', IOM],
  ] as const) {
    expect(await importCsv(database, kind, csv), kind).toMatchObject({ ok: true });
  }
  // Whatever botbuilder (or anything else) writes to the console is scanned too.
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleOut.push(
        args
          .map((a) =>
            a instanceof Error ? `${a.stack ?? a.message}` : typeof a === 'string' ? a : JSON.stringify(a),
          )
          .join(' '),
      );
    });
  }
  bot = await startBot(database, { today: TODAY });
}, 120_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await bot?.close();
  await database?.close();
});

describe('a realistic conversation leaves no names, CRNs or message text in the logs', () => {
  const questions = [
    'help',
    'who reaches two-thirds this week',
    "when is Zephyrine Quillfeather's two-thirds",
    'dates for Q918273',
    'dates for Fizzlewick',
    'follow-ups for my team next week',
    'ECSL eligibility for C736455',
    'is Ottoline Marchbanks eligible for ECSL',
    'my ECSL list',
    'STL for DIP-0099',
    'which DIP STLs expire in the next 14 days',
    'IOM return for May 2026: arrests 3, home visits 4, prison visits 1, panel referrals 2, judicial orders 0. Good news: Bartholomew Fizzlewick started at the Haberdashery',
    'show the Haringey IOM return for May 2026',
    'marmalade periscope Zephyrine',
    'Quillfeather two thirds',
  ];

  it('answers every question (the conversation really reaches the data)', async () => {
    const answers: string[] = [];
    for (const q of questions) answers.push(visibleText(await bot.ask(q, { aadObjectId: ME })));
    const all = answers.join('\n');
    // The replies do name them (in a personal chat): so the logs had the chance to leak them.
    expect(all).toContain('Zephyrine Quillfeather');
    expect(all).toContain('Q918273');
    expect(all).toMatch(/Ottoline Marchbanks|C736455/);
  });

  it('handles the awkward turns too: channels, buttons, unknown users, over-long and malformed messages', async () => {
    await bot.ask('dates for Q918273 Zephyrine Quillfeather', {
      aadObjectId: ME,
      conversationType: 'channel',
      mentionBot: true,
    });
    await bot.ask('', {
      aadObjectId: ME,
      value: { command: 'case-dates', utterance: 'Zephyrine Quillfeather' },
    });
    await bot.ask('dates for Q918273 Zephyrine Quillfeather', {
      aadObjectId: '12345678-0000-0000-0000-000000000000',
    });
    await bot.ask(`Zephyrine Quillfeather Q918273 ${'marmalade '.repeat(300)}`, { aadObjectId: ME });
    const malformed = [
      { ...messageActivity('dates for Q918273 Zephyrine Quillfeather'), from: 'Zephyrine Quillfeather' },
      {
        ...messageActivity('Bartholomew Fizzlewick'),
        conversation: { id: 'Q918273 Zephyrine' },
        text: ['Fizzlewick'],
      },
      { ...messageActivity('Ottoline'), serviceUrl: 'Marchbanks C736455' },
    ];
    for (const body of malformed) expect((await bot.post(body)).status).toBe(400);
  });

  it('provoked errors: the case tables disappear mid-conversation', async () => {
    const ask = (q: string) => bot.ask(q, { aadObjectId: ME });
    await database.rows(sql`alter table cases rename to cases_gone`);
    await database.rows(sql`alter table custody_cases rename to custody_gone`);
    await database.rows(sql`alter table dip_breaches rename to dip_gone`);
    try {
      for (const q of [
        'dates for Q918273',
        "when is Zephyrine Quillfeather's two-thirds",
        'is Ottoline Marchbanks eligible for ECSL',
        'ECSL eligibility for C736455',
        'STL for DIP-0099',
        'who reaches two-thirds this week',
      ]) {
        expect(visibleText(await ask(q))).toMatch(/something went wrong/i);
      }
    } finally {
      await database.rows(sql`alter table cases_gone rename to cases`);
      await database.rows(sql`alter table custody_gone rename to custody_cases`);
      await database.rows(sql`alter table dip_gone rename to dip_breaches`);
    }
    expect(bot.logs.lines.join('')).toContain('"event":"turn_error"');
    expect(visibleText(await ask('dates for Q918273'))).toContain('Zephyrine Quillfeather');
  });

  it('none of the planted names, CRNs or message words appear in any log line or console output', () => {
    const logged = [...bot.logs.lines, ...consoleOut];
    expect(logged.length).toBeGreaterThan(40);
    const leaks: string[] = [];
    for (const line of logged) {
      for (const word of PLANTED)
        if (line.toLowerCase().includes(word.toLowerCase())) leaks.push(`${word}: ${line.slice(0, 300)}`);
    }
    expect(leaks).toEqual([]);
    process.stdout.write(
      `[privacy] ${logged.length} log lines scanned for ${PLANTED.length} planted names, CRNs and words: none found\n`,
    );
  });
});

describe('the error serializer', () => {
  it('keeps the kind of an error and drops the data a failed query quotes', () => {
    const driver = Object.assign(new Error('invalid input syntax for type date: "Zephyrine Quillfeather"'), {
      code: '22007',
    });
    const wrapped = Object.assign(
      new Error('Failed query: select * from cases where crn = $1\nparams: Q918273,Zephyrine'),
      {
        query: 'select * from cases where crn = $1',
        params: ['Q918273', 'Zephyrine'],
        cause: driver,
      },
    );
    const safe = safeError(wrapped);
    expect(JSON.stringify(safe)).not.toMatch(/Q918273|Zephyrine|Quillfeather/);
    expect(safe.message).toContain('Failed query: select * from cases where crn = $1');
    expect(safe.cause?.code).toBe('22007');
    expect(scrubMessage('Key (email)=(w.thistlewood@probation.example) already exists')).toBe(
      'Key (email)=(…) already exists',
    );
    expect(scrubMessage('no case X123456 for someone@example.org')).toBe('no case [crn] for [email]');
  });

  it('applies to every `err` a logger is given', () => {
    const lines: string[] = [];
    const log = createLogger('info', {
      write(s: string) {
        lines.push(s);
        return true;
      },
    } as unknown as NodeJS.WritableStream);
    log.error({ event: 'x', err: new Error('Failed query: insert\nparams: Zephyrine') }, 'failed');
    log.error(new Error('oops "Quillfeather"'));
    expect(lines.join('')).not.toMatch(/Zephyrine|Quillfeather/);
  });
});
