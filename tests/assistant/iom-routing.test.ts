import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { decide, rankCommands } from '../../src/assistant/assistant.js';
import { understand } from '../../src/assistant/understand.js';

const TODAY = '2024-06-12';

function routed(text: string): string {
  const d = decide(rankCommands(commands, understand(text, TODAY)));
  return d.kind === 'run' ? d.command.name : d.kind;
}

describe('IOM questions reach the right command among all the declared ones', () => {
  it.each([
    ['IOM return', 'iom-return'],
    ['submit our IOM return', 'iom-return'],
    ['IOM return for May 2024', 'iom-return'],
    [
      'IOM return for May 2024: arrests 10, home visits 34, prison visits 5, panel referrals 3, judicial orders 2. Good news: …',
      'iom-return',
    ],
    // Good-news text can say anything, including words other commands listen for.
    [
      'IOM return: 10 arrests, 34 home visits, 5 prison visits, 3 panel referrals, 2 CBOs. Good news: we got him help with housing at the two-thirds point',
      'iom-return',
    ],
    ['IOM returns status for May 2024', 'iom-returns-status'],
    ['which boroughs are missing IOM returns', 'iom-returns-status'],
    ['show the Haringey IOM return for May 2024', 'iom-return-view'],
    ["show Haringey's IOM return", 'iom-return-view'],
    ['IOM cohort report for Haringey', 'iom-cohort-report'],
    ['IOM cohort report for Haringey as CSV', 'iom-cohort-report'],
    // Two or more of the five counts, with no "IOM" or "return": only the return has them.
    ['arrests 10, home visits 34, prison visits 5, panel referrals 3, judicial orders 2', 'iom-return'],
    ['arrests 9 hvs 12 pvs 2', 'iom-return'],
    // One count alone could be anything: ask.
    ['arrests 10', 'ask'],
    ['sorry, home visits should have been 21 not 12', 'iom-return'],
    ['have the boroughs got their returns in for october', 'iom-returns-status'],
    ['who is still to send a return', 'iom-returns-status'],
    ['what did we submit for september', 'iom-return-view'],
    ['how many ambers on the cohort', 'iom-cohort-report'],
    ['brag breakdown for enfield', 'iom-cohort-report'],
  ])('%s → %s', (text, expected) => {
    expect(routed(text)).toBe(expected);
  });

  it('sends a submitted return form to the return command whatever the text', () => {
    const u = understand('', TODAY, { command: 'iom-return', form: 'iom-return' });
    const iomReturn = commands.find((c) => c.name === 'iom-return');
    expect(iomReturn?.match(u)).toMatchObject({ score: 1, slots: { kind: 'form' } });
  });

  it('declares manifest-sized titles and descriptions', () => {
    for (const c of commands.filter((c) => c.name.startsWith('iom-'))) {
      expect(c.title.length).toBeLessThanOrEqual(32);
      expect(c.description.length).toBeLessThanOrEqual(128);
    }
  });
});
