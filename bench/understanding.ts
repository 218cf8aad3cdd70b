/**
 * How long understanding one message takes: normalising, reading the period, scoring every
 * command and choosing (`understand`, `rankCommands`, `decide`, and the small-talk check), with no
 * database and no reply. Measured over every command's declared examples and some longer
 * messages typed the way staff type, after a warm-up (the recognisers compile their patterns on
 * first use; the bot warms them at start).
 */
import { commands } from '../commands/index.js';
import { decide, rankCommands } from '../src/assistant/assistant.js';
import { smallTalk } from '../src/assistant/small-talk.js';
import { understand } from '../src/assistant/understand.js';
import type { IsoDate } from '../src/domain/dates.js';
import { median, percentile } from './measure.js';

/** Longer and messier than the examples: what the periods and the matchers work hardest on. */
const TYPED = [
  'hiya, who on my caseload hits two thirds between 14th and 28th december pls',
  'can u show me follow ups due for the next 10 days for my team asap',
  'is X123456 eligible for ecsl or not, need to know before the board tomorrow',
  'any DIP breaches about to run out in the next fortnight?',
  'pause my reminders until monday week please',
  'no messages after 6pm until 8am thanks',
  "I'll follow up with the police on this next week, the report is in the shared drive",
  'haringey return for november: 42 nominals, 3 jo, 5 panel referrals, 2 prison visits',
  'actually the home visits should be 7 not 6',
  'what does SLED stand for',
  'morning! hope you had a good weekend',
  'who is due for release from 3/1 to 17/1 in my PDU',
];

export interface UnderstandingResult {
  messages: number;
  rounds: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

export function measureUnderstanding(today: IsoDate, rounds = 20): UnderstandingResult {
  const messages = [...commands.flatMap((c) => c.examples), ...TYPED];
  const once = (text: string) => {
    const u = understand(text, today);
    const decision = decide(rankCommands(commands, u));
    return decision.kind === 'unknown' ? smallTalk(text) : decision;
  };
  for (const text of messages) once(text);
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const text of messages) {
      const started = performance.now();
      once(text);
      samples.push(performance.now() - started);
    }
  }
  return {
    messages: messages.length,
    rounds,
    medianMs: median(samples),
    p95Ms: percentile(samples, 95),
    maxMs: Math.max(...samples),
  };
}

export function understandingText(r: UnderstandingResult): string {
  return (
    `Understanding a message (${r.messages} messages × ${r.rounds} rounds, no database): ` +
    `median ${r.medianMs.toFixed(2)} ms, p95 ${r.p95Ms.toFixed(2)} ms, max ${r.maxMs.toFixed(1)} ms ` +
    `(budget: under 5 ms median)`
  );
}
