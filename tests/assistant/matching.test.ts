import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { decide, rankCommands } from '../../src/assistant/assistant.js';
import { understand } from '../../src/assistant/understand.js';
import { personQuery } from '../../src/assistant/person-words.js';

function route(text: string): string {
  const d = decide(rankCommands(commands, understand(text, '2025-11-12')));
  return d.kind === 'run'
    ? d.command.name
    : d.kind === 'ask'
      ? `ask:${d.options.map((o) => o.command.name).join('/')}`
      : 'unknown';
}

describe('which command a question reaches', () => {
  it.each([
    ['which final third follow-ups are due this week', 'follow-ups'],
    ['follow-ups', 'follow-ups'],
    ['follow ups for my team next week', 'follow-ups'],
    ['follow-up for X123456', 'case-dates'],
    ['two-thirds for H123456', 'case-dates'],
    ['dates for Jordan Pike', 'case-dates'],
    ["when is Jordan Pike's two thirds", 'case-dates'],
    ['when does Jordan Pike reach two-thirds', 'case-dates'],
    // A capitalised full name is a person; typed in lower case it may be the list, so ask.
    ['Jordan Pike two thirds', 'case-dates'],
    ['jordan pike two thirds', 'ask:case-dates/two-thirds'],
    ['who reaches two-thirds this week', 'two-thirds'],
    ['two-thirds for December', 'two-thirds'],
    ["my team's two-thirds this week", 'two-thirds'],
    ['ECSL eligibility for Jordan Pike', 'ecsl'],
    ['is X123456 eligible for ECSL', 'ecsl'],
    ['ecsl pike', 'ecsl'],
    ['my ECSL list', 'ecsl-list'],
    ['ecsl list for my team', 'ecsl-list'],
    ['who is eligible for ECSL', 'ecsl-list'],
    ['which DIP STLs expire in the next 14 days', 'dip-expiring'],
    ['expiring STLs', 'dip-expiring'],
    ['stls running out', 'dip-expiring'],
    ['STL for DIP-23-0417', 'dip-stl'],
    ['stl for dip 0003', 'dip-stl'],
  ])('"%s" → %s', (text, expected) => {
    expect(route(text)).toBe(expected);
  });
});

describe('personQuery', () => {
  it.each([
    ["when is Jordan Pike's two thirds", 'Jordan Pike'],
    ['dates for jordan pike this week', 'jordan pike'],
    ['ECSL eligibility for O’Brien', 'O’Brien'.replace('’', "'")],
    ['which final third follow-ups are due this week', null],
    ['ecsl list for my team', null],
    ['two-thirds for December', null],
  ])('"%s" → %s', (text, expected) => {
    expect(personQuery(understand(text, '2025-11-12'), ['ecsl', 'list'])).toBe(expected);
  });

  it('reads DIP references, but not "dip 14 days"', () => {
    expect(understand('STL for dip 23 0417', '2025-11-12').reference).toBe('DIP-23-0417');
    expect(understand('STL for DIP-0001', '2025-11-12').reference).toBe('DIP-0001');
    expect(understand('dip stls in the next 14 days', '2025-11-12').reference).toBeNull();
  });
});

/**
 * Readings generalised from the tuning sets: each line is a kind of message, not a phrasing to
 * remember (the tuning sets themselves are measured in tuning.test.ts).
 */
describe('kinds of message that once went wrong', () => {
  const at = (text: string) => {
    const u = understand(text, '2026-12-02');
    return { u, d: decide(rankCommands(commands, u)) };
  };
  it.each([
    // A borough and its return or figures, without "IOM" or a view verb.
    ['haringey return pls', 'iom-return-view'],
    ['islington figures oct', 'iom-return-view'],
    ['what were enfield arrests last month', 'iom-return-view'],
    // Every borough at once, or who has sent, without the word "return".
    ['which boroughs have submitted so far', 'iom-returns-status'],
    ['have all 3 boroughs done november', 'iom-returns-status'],
    ["who's sent nov returns", 'iom-returns-status'],
    // One person's activity, asked of an admin.
    ['what did sam do today', 'audit'],
    ['what has cara looked at since monday', 'audit'],
    // The only backlog this product keeps.
    ['whats in the backlog', 'dip-backlog'],
    // The Reset's own name for the two-thirds point; a release typo; "who's out".
    ['probation reset points falling this weekend, whole pdu', 'two-thirds'],
    ['anyone of mine being relased in january', 'releases-due'],
    ["who's out in the next fortnight", 'releases-due'],
    // Contact reduced, said with the person between the words.
    [
      "I've now reduced Robin Marsh's contact following the two-thirds point, please record that",
      'two-thirds-ack',
    ],
  ])('"%s" runs %s', (text, command) => {
    const { d } = at(text);
    expect(d.kind === 'run' ? d.command.name : d.kind).toBe(command);
  });

  it.each([
    // Questions of law name a term in passing: not a definition, and not a person.
    "what's the maximum sentence for breach of a CBO?",
    "under the Magistrates' Courts Act is the 6 months from the missed appointment?",
    // Said to colleagues: offered at most, never run.
    'Can everyone please get their follow-up bookings up to date by Friday, thanks',
    'well done everyone on getting the follow-ups down this month',
  ])('"%s" runs nothing', (text) => {
    expect(at(text).d.kind).not.toBe('run');
  });

  it.each([
    // A plan, a maybe, someone else's doing: nothing that records runs.
    "I'll record 0004 as NFA tomorrow once the sergeant confirms",
    'might turn my reminders off when I am on leave in january',
    "dana says she's already put DIP-0003 down as charged so I'll leave it alone",
    // To a colleague, with the comma Teams keeps.
    'Hi Dee, can you pick up DIP-0006 while I am at the police station?',
    'Sam - please can you make sure the follow-ups are all up to date before the audit next week',
  ])('"%s" runs nothing', (text) => {
    expect(at(text).d.kind).not.toBe('run');
  });

  it.each([
    // "23rd" is a date, never "2 3rds".
    ['follow ups due on the 23rd', '2026-11-23', '2026-11-23'],
    ['between the 23rd and the 29th', '2026-11-23', '2026-11-29'],
    // A day still to come after "between now and"; "before" stops the day before.
    ['breaches with last day to charge between now and the 18th', '2026-12-02', '2026-12-18'],
    ['follow ups this side of xmas', '2026-12-02', '2026-12-24'],
    // The date says which Monday.
    ['follow-up booked for Monday 14th', '2026-12-14', '2026-12-14'],
    ['anything bounce this morning?', '2026-12-02', '2026-12-02'],
  ])('"%s" is %s to %s', (text, from, to) => {
    expect(at(text).u.period).toMatchObject({ from, to });
  });

  it('questions about what already happened look back: "delivered on monday" is the Monday just gone', () => {
    const { d } = at('can you show me what was delivered on monday');
    expect(d.kind === 'run' && d.command.name).toBe('delivery-report');
    expect(d.kind === 'run' && d.slots).toMatchObject({ period: { from: '2026-11-30', to: '2026-11-30' } });
  });

  it('an explicit range wins over a single day mentioned in passing', () => {
    const { u } = at("I'm off from the 21st, could you show me the team's follow-ups from 21/12 to 3/1");
    expect(u.period).toMatchObject({ from: '2026-12-21', to: '2027-01-03' });
  });

  it('a DIP outcome said "this morning" or with a written date is dated that day', () => {
    const slots = (text: string) => {
      const { d } = at(text);
      return d.kind === 'run' && d.command.name === 'dip-outcome'
        ? (d.slots as { date: string | null })
        : null;
    };
    expect(slots('0417 pcr went out this morning')?.date).toBe('2026-12-02');
    expect(slots('took them 3 days but can you mark dip-0004 as arrested 30/11')?.date).toBe('2026-11-30');
    expect(slots('dip-0005 is now engaging with treatment')).not.toBeNull();
  });
});
