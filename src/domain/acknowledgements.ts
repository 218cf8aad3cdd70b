import { addDays, compareDates, formatUkDate, type IsoDate } from './dates.js';

/**
 * What a practitioner (or their SPO) says about a Reset point on one case (docs/decisions.md):
 * the final-third follow-up is booked for a date, done, or not needed for a reason; the
 * two-thirds point has been acted on (contact reduced). The latest statement for the date it was
 * made about stands; if the extract moves the date, the point is due again.
 */
export type AckKind = 'follow_up' | 'two_thirds';

export type FollowUpStatus = 'booked' | 'done' | 'not_needed';
export type TwoThirdsStatus = 'contact_reduced';
export type AckStatus = FollowUpStatus | TwoThirdsStatus;

export const NOT_NEEDED_REASONS = ['recalled', 'exempt_now', 'transferred'] as const;
export type NotNeededReason = (typeof NOT_NEEDED_REASONS)[number];

export const NOT_NEEDED_REASON_TEXT: Record<NotNeededReason, string> = {
  recalled: 'recalled',
  exempt_now: 'exempt now',
  transferred: 'transferred',
};

export function isNotNeededReason(s: string): s is NotNeededReason {
  return (NOT_NEEDED_REASONS as readonly string[]).includes(s);
}

export interface Acknowledgement {
  kind: AckKind;
  dueDate: IsoDate;
  status: AckStatus;
  bookedFor: IsoDate | null;
  /** The day a follow-up took place, when the person said. */
  heldOn?: IsoDate | null;
  reason: NotNeededReason | null;
}

/** "booked for Fri 11 Dec 2026", "done", "done on Mon 30 Nov 2026", "not needed (recalled)", "contact reduced". */
export function ackText(a: Pick<Acknowledgement, 'status' | 'bookedFor' | 'heldOn' | 'reason'>): string {
  switch (a.status) {
    case 'booked':
      return a.bookedFor ? `booked for ${formatUkDate(a.bookedFor)}` : 'booked';
    case 'done':
      return a.heldOn ? `done on ${formatUkDate(a.heldOn)}` : 'done';
    case 'not_needed':
      return `not needed (${a.reason ? NOT_NEEDED_REASON_TEXT[a.reason] : 'no reason given'})`;
    case 'contact_reduced':
      return 'contact reduced';
  }
}

export type BookingCheck = { ok: true } | { ok: false; message: string };

/**
 * A follow-up is booked inside the final third, which runs from the day after the two-thirds
 * point to the licence's end (docs/rules.md §1).
 */
export function checkBookingDate(
  bookedFor: IsoDate,
  licence: { twoThirdsDate: IsoDate; endDate: IsoDate },
): BookingCheck {
  const first = addDays(licence.twoThirdsDate, 1);
  if (compareDates(bookedFor, first) < 0 || compareDates(bookedFor, licence.endDate) > 0) {
    return {
      ok: false,
      message:
        `${formatUkDate(bookedFor)} is outside the final third (${formatUkDate(first)} to ` +
        `${formatUkDate(licence.endDate)}): the follow-up is booked within it.`,
    };
  }
  return { ok: true };
}
