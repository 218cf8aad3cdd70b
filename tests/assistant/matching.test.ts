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
