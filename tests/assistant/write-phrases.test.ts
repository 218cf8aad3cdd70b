import { describe, expect, it } from 'vitest';
import { TODAY } from './corpus.js';
import { describe as describeReading, read } from './evaluate.js';

/**
 * A write is never made from a question, a negation or chatter: these must not run the commands
 * that record something (they may answer, ask or not understand).
 */
const WRITES = new Set(['dip-outcome', 'follow-up-ack', 'two-thirds-ack']);

describe('messages that must not record anything', () => {
  it.each([
    'was DIP-0004 charged?',
    'has DIP-0004 been charged',
    'has a PCR been issued for DIP-0004',
    'pcr not issued for DIP-0004 yet',
    'DIP-0004 not charged',
    'is the follow-up for X100001 booked?',
    'has the follow up for X100001 been done',
    'follow-up not booked yet for X100001',
    'has contact been reduced for X100006?',
    'contact not reduced for X100006 yet',
    'my phone is charged',
    'I was charged twice for parking',
    'booked a meeting room for the follow up training',
    'dip breaches running out of time',
    'the stl training has passed',
  ])('"%s"', (text) => {
    const r = read(text, TODAY);
    expect(r.kind === 'run' && WRITES.has(r.command ?? ''), describeReading(r)).toBe(false);
  });
});
