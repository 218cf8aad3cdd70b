import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/db.js';
import { auditLog } from '../../src/store/schema.js';
import { startBot } from '../support/bot.js';
import { freshDatabase } from '../support/db.js';
import { AAD, loadEveryone, personalDataIn } from '../support/everyone.js';

// Wednesday 12 November 2025: Sam's X100001 has its final-third follow-up on Monday 10 November.
const TODAY = '2025-11-12';

type Who = keyof typeof AAD;

/** One question per command family, asked by someone whose role may ask it. */
const SAMPLES: { family: string; who: Who; text: string }[] = [
  { family: 'two-thirds', who: 'sam', text: 'two thirds in the last 120 days for my team' },
  { family: 'follow-ups', who: 'sam', text: 'follow ups this week for my team' },
  { family: 'case dates (CRN)', who: 'sam', text: 'dates for X100001' },
  { family: 'case dates (name)', who: 'sam', text: "when is Jordan Pike's two thirds" },
  { family: 'case dates (misspelt)', who: 'sam', text: 'Jordon Pike dates' },
  { family: 'ECSL one person', who: 'sam', text: 'ECSL eligibility for C200001' },
  { family: 'ECSL one person (name)', who: 'sam', text: 'ecsl morgan reed' },
  { family: 'ECSL list', who: 'sam', text: 'ecsl list for my team' },
  { family: 'DIP expiring', who: 'dana', text: 'dip stls in the next 120 days' },
  { family: 'DIP STL by reference', who: 'dana', text: 'STL for DIP-23-0417' },
  { family: 'IOM return', who: 'lee', text: 'IOM return' },
  { family: 'IOM status', who: 'cara', text: 'IOM returns status' },
  { family: 'IOM view', who: 'cara', text: 'show the Haringey IOM return for October 2025' },
  { family: 'IOM cohort report', who: 'lee', text: 'IOM cohort report' },
  { family: 'help', who: 'sam', text: 'help' },
  { family: 'did you mean', who: 'sam', text: 'jordan pike two thirds' },
  { family: 'not understood', who: 'sam', text: 'Jordan Pike is the printer working' },
  { family: 'notification settings', who: 'sam', text: 'my notification settings' },
  { family: 'admin: delivery report', who: 'ada', text: 'delivery report today' },
  { family: 'admin: audit', who: 'ada', text: 'audit for Sam Senior this week' },
];

/** Everything a Teams client could show or read from a reply: text, preview, cards and button data. */
function shown(replies: Record<string, unknown>[]): string {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return replies
    .map((r) => [str(r.text), str(r.summary), JSON.stringify(r.attachments ?? [])].join('\n'))
    .join('\n');
}

describe('access control and channel safety through /api/messages', () => {
  let database: Database;
  let bot: Awaited<ReturnType<typeof startBot>>;
  const ask = async (
    who: Who,
    text: string,
    conversationType: 'personal' | 'channel' | 'groupChat' = 'personal',
  ) => {
    const replies = await bot.ask(text, {
      aadObjectId: AAD[who],
      conversationType,
      mentionBot: conversationType !== 'personal',
    });
    expect(replies.length, `replies to "${text}"`).toBeGreaterThan(0);
    return { replies, text: shown(replies) };
  };

  beforeAll(async () => {
    database = await freshDatabase();
    await loadEveryone(database);
    bot = await startBot(database, { today: TODAY });
    // A return to view.
    const saved = await ask(
      'lee',
      'IOM return for October 2025: arrests 10, home visits 34, prison visits 5, panel referrals 3, judicial orders 2. Good news: Jordan Pike started a course.',
    );
    expect(saved.text).toMatch(/Saved/);
  });
  afterAll(async () => {
    await bot?.close();
    await database?.close();
  });

  describe('unknown Teams users', () => {
    it.each(SAMPLES.map((s) => [s.family, s.text]))(
      '%s: a short refusal naming who to ask, and no data',
      async (_family, text) => {
        for (const conversationType of ['personal', 'channel'] as const) {
          const { replies, text: reply } = await ask('stranger', text, conversationType);
          expect(reply).toMatch(/can't find you in the staff list/);
          expect(reply).toMatch(/Please ask .+ to add you/);
          expect(personalDataIn(reply)).toEqual([]);
          expect(replies[0]!.attachments ?? []).toHaveLength(0);
        }
      },
    );
  });

  describe('a case outside the asker’s scope is answered as if it did not exist', () => {
    const sameAsMissing = async (
      who: Who,
      question: (crn: string) => string,
      hidden: string,
      missing: string,
    ) => {
      const a = await ask(who, question(hidden));
      const b = await ask(who, question(missing));
      expect(a.text.replaceAll(hidden, '<CRN>')).toBe(b.text.replaceAll(missing, '<CRN>'));
      expect(a.text).not.toMatch(/not yours|another team|not on your caseload|no access|not allowed/i);
    };

    it('a practitioner asking about a colleague’s case (dates) sees what a nonexistent CRN gets', async () => {
      // X100001 is Sam's; X100009 does not exist. Both are one keystroke from Pat's own X100003.
      await sameAsMissing('pat', (crn) => `dates for ${crn}`, 'X100001', 'X100009');
      await sameAsMissing('pat', (crn) => `two thirds for ${crn}`, 'X100001', 'X100009');
    });

    it('a practitioner asking about a colleague’s person in custody (ECSL) sees what a nonexistent CRN gets', async () => {
      await sameAsMissing('pat', (crn) => `ECSL eligibility for ${crn}`, 'C200001', 'C200009');
    });

    it('a practitioner asking by name sees nothing of another practitioner’s case', async () => {
      // Kim Vale is Sam's; no one is called Kit Vane. Only the asker's own words come back.
      const hidden = await ask('pat', 'dates for Kim Vale');
      const missing = await ask('pat', 'dates for Kit Vane');
      expect(hidden.text).toMatch(/can't find "Kim Vale" among the cases you can see/);
      expect(hidden.text).not.toMatch(/X100005|2026|2025/);
      expect(hidden.text.replaceAll('Kim Vale', '<NAME>')).toBe(
        missing.text.replaceAll('Kit Vane', '<NAME>'),
      );
    });

    it('an SPO asking about another team’s case sees what a nonexistent CRN gets', async () => {
      await sameAsMissing('sam', (crn) => `dates for ${crn}`, 'Q777777', 'Q777778');
      await sameAsMissing('sam', (crn) => `ECSL eligibility for ${crn}`, 'Q888888', 'Q888889');
    });
  });

  it('a message that starts with an @mention of a colleague is theirs: nothing is answered or recorded', async () => {
    const { text } = await ask(
      'sam',
      '@Pat can you make sure the follow up for X100003 is booked before you go on leave',
    );
    expect(text).toMatch(/meant for them and done nothing/);
    expect(personalDataIn(text)).toEqual([]);
    expect(text).not.toMatch(/Recorded/);
  });

  describe('an SPO sees their team only', () => {
    it('lists the team’s follow-ups, not another team’s', async () => {
      const { text } = await ask('sam', 'follow ups this week for my team');
      expect(text).toMatch(/X100001/);
      expect(text).toMatch(/X100003/); // Pat's, in Sam's team
      expect(text).not.toMatch(/Q777777/);
    });

    it('is refused another team by code, with no data', async () => {
      const { text } = await ask('sam', 'follow ups this week for team N07T02');
      expect(text).toMatch(/only show teams you manage/);
      expect(personalDataIn(text)).toEqual([]);
    });

    it('a practitioner asking for "my team" gets their own caseload only', async () => {
      const { text } = await ask('pat', 'follow ups this week for my team');
      expect(text).toMatch(/X100003/);
      expect(text).not.toMatch(/X100001|Q777777/);
    });

    it('a head of PDU may name any team in the PDU', async () => {
      const { text } = await ask('hana', 'follow ups this week for team N07T02');
      expect(text).toMatch(/Q777777/);
      expect(text).not.toMatch(/X100001/);
    });

    it('a head of PDU who manages no single team gets the PDU for "my team"', async () => {
      const { text } = await ask('hana', 'follow ups this week for my team');
      expect(text).toMatch(/Camden and Islington PDU/);
      expect(text).toMatch(/X100001/);
      expect(text).toMatch(/Q777777/);
    });

    it('someone with two roles gets both: own cases and DIP breaches', async () => {
      expect((await ask('dee', 'dip stls in the next 120 days')).text).toMatch(/DIP-23-0417/);
      const own = await ask('dee', 'follow ups this week');
      expect(own.text).not.toMatch(/X100001|X100003/);
      expect((await ask('dee', 'dates for X100001')).text).toMatch(/can't find X100001/);
    });

    it('a command outside the asker’s roles is refused with help, no data', async () => {
      const { text } = await ask('pat', 'stls running out');
      expect(text).toMatch(/isn't available for your role/);
      // A practitioner may record outcomes on their own cases' breaches, so help shows that
      // command's examples (invented references); no breach from the data appears.
      expect(text).not.toMatch(/DIP-(?!26-0304\b|26-0274\b)/);
    });
  });

  describe('channels and group chats', () => {
    it.each(['channel', 'groupChat'] as const)(
      'in a %s no answer carries a CRN, a name or a date of birth',
      async (conversationType) => {
        const leaks: string[] = [];
        let personalWithData = 0;
        for (const s of SAMPLES) {
          const { text } = await ask(s.who, s.text, conversationType);
          const found = personalDataIn(text);
          if (found.length) leaks.push(`${s.family} ("${s.text}"): ${found.join(', ')}`);
          if (personalDataIn((await ask(s.who, s.text)).text).length) personalWithData += 1;
        }
        expect(leaks).toEqual([]);
        // The same questions 1:1 do carry personal data, so the check above means something.
        expect(personalWithData).toBeGreaterThanOrEqual(8);
      },
    );

    it('answers with counts and invites the user to a 1:1 chat', async () => {
      const { text } = await ask('sam', 'follow ups this week for my team', 'channel');
      expect(text).toMatch(/2 final-third follow-ups are due this week/);
      expect(text).toMatch(/ask me in our 1:1 chat/);
    });

    it('strips the @mention and replies in the thread the question was asked in', async () => {
      const thread = '19:abc123@thread.tacv2;messageid=1731400000000';
      const replies = await bot.ask('follow ups this week for my team', {
        aadObjectId: AAD.sam,
        conversationType: 'channel',
        conversationId: thread,
        mentionBot: true,
      });
      expect(replies).toHaveLength(1);
      const reply = replies[0]!;
      expect(shown(replies)).toMatch(/follow-ups are due this week/);
      expect((reply.conversation as { id: string }).id).toBe(thread);
      expect(reply.replyToId).toMatch(/^msg-\d+$/);
    });
  });

  describe('"did you mean" buttons', () => {
    const click = (who: Who, command: string, utterance: string) =>
      bot.ask(utterance, { aadObjectId: AAD[who], value: { command, utterance } }).then(shown);

    it('runs the reading the user picked, with the slots of their question', async () => {
      const asked = (await ask('sam', 'jordan pike two thirds')).text;
      expect(asked).toMatch(/Did you mean/);
      expect(await click('sam', 'case-dates', 'jordan pike two thirds')).toMatch(
        /Key dates: Jordan Pike \(X100001\)/,
      );
      expect(await click('sam', 'two-thirds', 'jordan pike two thirds')).toMatch(
        /Two-thirds points this week/,
      );
    });

    it('routes a stale or forged button as typed text, and never past the role check', async () => {
      expect(await click('sam', 'case-dates', 'hello')).toMatch(/What I can help with/);
      const forged = await click('pat', 'dip-stl', 'STL for DIP-23-0417');
      expect(forged).toMatch(/isn't available for your role/);
      expect(forged).not.toMatch(/Last day to charge/);
    });
  });

  describe('audit', () => {
    it('records who asked what and when, without the question text or any personal data', async () => {
      await ask('sam', 'dates for Jordan Pike');
      await ask('sam', 'ECSL eligibility for C200001');
      await ask('pat', 'dates for X100001');
      await ask('stranger', 'dates for Jordan Pike');
      const rows = await database.db.select().from(auditLog);
      expect(rows.length).toBeGreaterThan(10);
      const all = JSON.stringify(rows);
      expect(all).not.toMatch(/[A-Z]\d{6}/);
      expect(all).not.toMatch(/Jordan|Pike|Morgan|Reed|dates for|eligibility for/i);
      expect(all).not.toMatch(/DIP-\d/);
      expect(Object.keys(rows[0]!).sort()).toEqual(
        [
          'aadObjectId',
          'after',
          'at',
          'before',
          'conversationType',
          'id',
          'intent',
          'outcome',
          'resultCount',
          'scope',
          'staffEmail',
          'target',
        ].sort(),
      );
      // Only writes made in Teams have a target and values; questions never do.
      expect(rows.every((r) => r.target === null && r.before === null && r.after === null)).toBe(true);
      const samCaseDates = rows.filter(
        (r) => r.staffEmail === 'sam.spo@probation.example' && r.intent === 'case-dates',
      );
      expect(samCaseDates.length).toBeGreaterThan(0);
      expect(samCaseDates[0]).toMatchObject({ scope: 'person', conversationType: 'personal' });
      expect(
        rows.some((r) => r.intent === 'refused' && r.outcome === 'unknown_user' && r.staffEmail === null),
      ).toBe(true);
    });

    it('an admin asks "audit for <user> this week": counts by intent and by day', async () => {
      const byName = await ask('ada', 'audit for Pat Practitioner this week');
      expect(byName.text).toMatch(
        /Questions from Pat Practitioner \(pat\.po@probation\.example\), this week/,
      );
      expect(byName.text).toMatch(/By kind of question/);
      expect(byName.text).toMatch(/case-dates/);
      expect(byName.text).toMatch(/Wed 12 Nov 2025/);
      expect(personalDataIn(byName.text)).toEqual([]);
      const byEmail = await ask('ada', 'audit for pat.po@probation.example this week');
      expect(byEmail.text).toBe(byName.text);
      expect((await ask('ada', 'audit for Pat last week')).text).toMatch(/No questions recorded last week/);
    });

    it('asks which member of staff when a name is unclear or unknown', async () => {
      expect((await ask('ada', 'audit for Nobody Known this week')).text).toMatch(
        /can't find "Nobody Known" in the staff list/,
      );
      expect((await ask('ada', 'audit for Pat Practioner this week')).text).toMatch(
        /Pick one[\s\S]*pat\.po@probation\.example/,
      );
    });

    it('is for admins only', async () => {
      const { text } = await ask('sam', 'audit for Pat this week');
      expect(text).toMatch(/isn't available for your role/);
      expect(text).not.toMatch(/Questions from/);
    });
  });
});
