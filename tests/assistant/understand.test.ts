import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';

import { closestCommands, rankCommands, requestSentence } from '../../src/assistant/assistant.js';

import { understand } from '../../src/assistant/understand.js';
import type { Role, StaffMember } from '../../src/domain/staff.js';
import { examplesFor, helpReply } from '../../src/assistant/help.js';
import { correctTypo, normalise } from '../../src/assistant/normalise.js';
import { parsePeriod } from '../../src/assistant/periods.js';
import { personMention } from '../../src/assistant/person-words.js';
import { smallTalk } from '../../src/assistant/small-talk.js';

const TODAY = '2025-11-12'; // Wednesday

function staff(roles: Role[], extra: Partial<StaffMember> = {}): StaffMember {
  return {
    id: 1,
    email: 'x@probation.example',
    name: 'X',
    roles,
    teamCode: 'N07T01',
    pdu: 'P',
    borough: null,
    aadObjectId: 'a',
    ...extra,
  };
}

describe('keyword typos (one slip, keywords of five letters or more)', () => {
  it.each([
    ['thrids', 'thirds'],
    ['folow', 'follow'],
    ['follw', 'follow'],
    ['follwo', 'follow'],
    ['elligible', 'eligible'],
    ['eligable', 'eligible'],
    ['retrun', 'return'],
    ['retuns', 'returns'],
    ['reprot', 'report'],
    ['expring', 'expiring'],
    ['audti', 'audit'],
    ['wendesday', 'wednesday'],
    // Real words and names are left alone.
    ['fellow', 'fellow'],
    ['audio', 'audio'],
    ['casey', 'casey'],
    ['change', 'change'],
    ['stone', 'stone'],
    ['pike', 'pike'],
    ['report', 'report'],
  ])('%s → %s', (word, expected) => {
    expect(correctTypo(word)).toBe(expected);
  });

  it('folds shorthand and slips before reading the question', () => {
    expect(normalise('two thrids nxt wk')).toBe('twothirds next week');
    expect(normalise('ecls pike')).toBe('ecsl pike');
    expect(normalise('folow-ups')).toBe('followup');
    expect(normalise('End of Custody Supervised Licence for C200001')).toBe('ecsl for c200001');
    expect(normalise("2/3rds, 2/3's, two-thirds, 2 thirds")).toBe('twothirds twothirds twothirds twothirds');
    // A date is not two-thirds.
    expect(normalise('on 2/3/2026')).toBe('on 2/3/2026');
  });
});

describe('periods (today Wed 12 Nov 2025)', () => {
  it.each([
    ['this week', '2025-11-10', '2025-11-16'],
    ['next wk', '2025-11-17', '2025-11-23'],
    ['last week', '2025-11-03', '2025-11-09'],
    ['this month', '2025-11-01', '2025-11-30'],
    ['next month', '2025-12-01', '2025-12-31'],
    ['in december', '2025-12-01', '2025-12-31'],
    ['in january', '2026-01-01', '2026-01-31'],
    ['next 14 days', '2025-11-12', '2025-11-26'],
    ['the next seven days', '2025-11-12', '2025-11-19'],
    ['over the next fortnight', '2025-11-12', '2025-11-26'],
    ['in the next 3 weeks', '2025-11-12', '2025-12-03'],
    ['by friday', '2025-11-12', '2025-11-14'],
    ['between now and Friday', '2025-11-12', '2025-11-14'],
    ['by next tuesday', '2025-11-12', '2025-11-18'],
    ['by the end of the month', '2025-11-12', '2025-11-30'],
    ['today', '2025-11-12', '2025-11-12'],
    ['tomorrow', '2025-11-13', '2025-11-13'],
    ['on 20/11/2025', '2025-11-20', '2025-11-20'],
    ['on 2025-11-20', '2025-11-20', '2025-11-20'],
    ['on 20 nov', '2025-11-20', '2025-11-20'],
    ['on the 3rd of january', '2026-01-03', '2026-01-03'],
    ['w/c 17 Nov', '2025-11-17', '2025-11-23'],
    ['week commencing 24/11/2025', '2025-11-24', '2025-11-30'],
    ['the last 7 days', '2025-11-06', '2025-11-12'],
    // Two weekdays in the week named; a range written with a dash; the week commencing a Monday.
    ['mon to weds next week', '2025-11-17', '2025-11-19'],
    ['next week tues-thurs', '2025-11-18', '2025-11-20'],
    ['14th-18th', '2025-11-14', '2025-11-18'],
    ['14 - 18 nov', '2025-11-14', '2025-11-18'],
    ['w/c 24th', '2025-11-24', '2025-11-30'],
    // The period asked for follows the request; context before it, and periods turned down, give way.
    ['I was off on Monday so could you show me who reaches two thirds next week', '2025-11-17', '2025-11-23'],
    ["before christmas kicks in, so could you let me know who's out this week", '2025-11-10', '2025-11-16'],
    ['I meant since monday not last week', '2025-11-10', '2025-11-12'],
    ["he can't do the 20th so booked for 25/11", '2025-11-25', '2025-11-25'],
  ])('%s → %s to %s', (text, from, to) => {
    const { period } = parsePeriod(normalise(text), TODAY);
    expect(period).toMatchObject({ from, to });
  });

  it('reads no period where there is none', () => {
    for (const text of ['two thirds', 'may I see my ECSL list', 'ecsl pike', 'DIP-23-0417']) {
      expect(parsePeriod(normalise(text), TODAY).period, text).toBeNull();
    }
  });
});

describe('slots', () => {
  it('reads a team code with or without the word "team"', () => {
    expect(understand('2/3 N07T01 next week', TODAY)).toMatchObject({ scope: 'team', teamCode: 'N07T01' });
    expect(understand('follow ups for team n07t02', TODAY)).toMatchObject({
      scope: 'team',
      teamCode: 'N07T02',
    });
  });

  it('tells a fraction from the two-thirds point, and the verb from the follow-up appointment', () => {
    expect(understand('two thirds of the team are off sick', TODAY).words).not.toContain('twothirds');
    expect(understand('two thirds for the team this week', TODAY).words).toContain('twothirds');
    expect(understand('I will follow up with IT', TODAY).words).not.toContain('followup');
    expect(understand('follow up with my team this week', TODAY).words).toContain('followup');
  });

  it.each([
    ['Jordan Pike two thirds', { query: 'Jordan Pike', cue: true }],
    ['jordan pike two thirds', { query: 'jordan pike', cue: false }],
    ["when is Jordan Pike's two thirds", { query: 'Jordan Pike', cue: true }],
    ['can we put Taylor Brook forward for ecsl', { query: 'Taylor Brook', cue: true }],
    ['Ecsl eligability Morgan Reed', { query: 'Morgan Reed', cue: true }],
    ['key dates for Mr Pike pls', { query: 'Pike', cue: false }],
  ])('the person in "%s"', (text, expected) => {
    expect(personMention(understand(text, TODAY), ['ecsl'])).toMatchObject(expected);
  });
});

describe('help and suggestions fit the asker', () => {
  const byName = (name: string) => commands.find((c) => c.name === name)!;

  it('shows team examples only to those who manage a team', () => {
    expect(examplesFor(staff(['practitioner']), byName('two-thirds')).join(' ')).not.toMatch(/team/);
    expect(examplesFor(staff(['spo', 'practitioner']), byName('two-thirds')).join(' ')).toMatch(/team/);
    // An SPO without a caseload sees the team example first.
    expect(examplesFor(staff(['spo']), byName('follow-ups'))[0]).toMatch(/team/);
  });

  it('shows an IOM lead their own borough in the examples', () => {
    const lead = staff(['iom_lead'], { borough: 'Enfield' });
    expect(examplesFor(lead, byName('iom-cohort-report'))[0]).toBe('IOM cohort report for Enfield');
    expect(examplesFor(staff(['iom_central']), byName('iom-cohort-report'))[0]).toBe(
      'IOM cohort report for Haringey',
    );
  });

  it('lists only what the role may use, and in a channel only the commands declared for channels', () => {
    const practitioner = helpReply({ asker: staff(['practitioner']), commands });
    expect(practitioner.text).toMatch(/Two-thirds points/);
    expect(practitioner.text).not.toMatch(/DIP STLs|STL for a DIP|DIP backlog|IOM|Run a job|Audit/);
    // Their own cases' breaches: a practitioner may record an outcome on them.
    expect(practitioner.text).toMatch(/Record a DIP outcome/);
    const inChannel = helpReply({ asker: staff(['practitioner']), commands, conversationType: 'channel' });
    expect(inChannel.text).not.toMatch(/Key dates for a case|X123456|Jordan Pike/);
    expect(JSON.stringify(inChannel.card)).toMatch(/answered in our 1:1 chat/);
  });

  it('suggests the closest commands the asker may use for a message not understood', () => {
    const dipOfficer = staff(['dip_officer']);
    const near = (text: string, who: StaffMember) => {
      const u = understand(text, TODAY);
      return closestCommands(rankCommands(commands, u), u, commands, who).map((c) => c.name);
    };
    expect(near('what about the statutory time limit', dipOfficer)).toContain('dip-expiring');
    expect(near('custody release window', staff(['practitioner']))).toEqual(expect.arrayContaining(['ecsl']));
    expect(near('is the printer working', staff(['practitioner']))).toEqual([]);
    // Never a command outside the role.
    expect(near('statutory time limit', staff(['practitioner']))).not.toContain('dip-expiring');
  });
});

describe('said to someone else, or asking for what the bot cannot do', () => {
  it.each([
    ['Pat would you mind booking Casey Stone’s follow up for next week? I’m in court Thursday', true],
    ['Following up on my message to Sam earlier - Sam, did you manage to look at the ECSL paperwork?', true],
    ['Hi Dee, when you get a chance could you look at which breaches are expiring next week?', true],
    ['Lee, Enfield still haven’t sent theirs, could you nudge them at the borough meeting?', true],
    ['update robin marsh end date in delius to 20/3', true],
    ['pls forward the ecsl list to the governor', true],
    ['delete yesterday’s audit entries for pat', true],
    ['can we still charge after the stl has gone? genuine q', true],
    ['training on the new ECSL process is thursday 10am, please all attend', true],
    // Asking the bot, politely or not: not to anyone else.
    ['Sorry, could you show me who reaches two thirds next week', false],
    ['Quick one, can you list my follow ups this week', false],
    ['send me the ecsl list', false],
  ])('%s → %s', (text, aside) => {
    expect(understand(text, TODAY).toOthers).toBe(aside);
  });
});

describe('small talk in its everyday forms', () => {
  it.each([
    ['ty x', 'thanks'],
    ['thank you, have a good weekend when it comes', 'thanks'],
    ['cheers, have a good one', 'thanks'],
  ])('%s → %s', (text, kind) => {
    expect(smallTalk(text)).toBe(kind);
  });

  it('a question inside thanks is not small talk', () => {
    expect(smallTalk('thanks, when is kim vale’s two thirds')).toBeNull();
  });
});

describe('the asking sentence of a longer message', () => {
  it('is the last sentence that asks, when there are several', () => {
    expect(
      requestSentence(
        "Hiya, Taylor's mum rang this morning asking when he's out. What tranche is Taylor Brook in please?",
      ),
    ).toBe('What tranche is Taylor Brook in please?');
    expect(requestSentence('Could you show me the return? I will check it after lunch.')).toBe(
      'Could you show me the return?',
    );
  });

  it('is not looked for in a single sentence, nor where none asks', () => {
    expect(requestSentence('who reaches two thirds next week')).toBeNull();
    expect(requestSentence('Busy day. Court all morning.')).toBeNull();
  });
});
