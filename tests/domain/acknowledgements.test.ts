import { describe, expect, it } from 'vitest';
import { ackText, checkBookingDate, isNotNeededReason } from '../../src/domain/acknowledgements.js';

describe('acknowledgements of Reset points', () => {
  it('describes each status', () => {
    expect(ackText({ status: 'booked', bookedFor: '2025-11-14', reason: null })).toBe(
      'booked for Fri 14 Nov 2025',
    );
    expect(ackText({ status: 'done', bookedFor: null, reason: null })).toBe('done');
    expect(ackText({ status: 'not_needed', bookedFor: null, reason: 'exempt_now' })).toBe(
      'not needed (exempt now)',
    );
    expect(ackText({ status: 'contact_reduced', bookedFor: null, reason: null })).toBe('contact reduced');
  });

  it('books a follow-up only inside the final third (the day after two-thirds to the licence end)', () => {
    // The worked example of docs/rules.md: T = 2025-09-10, E = 2026-01-09.
    const licence = { twoThirdsDate: '2025-09-10', endDate: '2026-01-09' };
    expect(checkBookingDate('2025-09-11', licence)).toEqual({ ok: true });
    expect(checkBookingDate('2026-01-09', licence)).toEqual({ ok: true });
    expect(checkBookingDate('2025-09-10', licence)).toMatchObject({ ok: false });
    expect(checkBookingDate('2026-01-10', licence)).toEqual({
      ok: false,
      message:
        'Sat 10 Jan 2026 is outside the final third (Thu 11 Sep 2025 to Fri 9 Jan 2026): the follow-up is booked within it.',
    });
  });

  it('knows the reasons a follow-up is not needed', () => {
    expect(['recalled', 'exempt_now', 'transferred'].every(isNotNeededReason)).toBe(true);
    expect(isNotNeededReason('moved')).toBe(false);
  });
});
