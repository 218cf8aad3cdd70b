import type { Notification } from './job.js';
import type { IsoDate } from '../domain/dates.js';
import type { Preferences } from '../store/preferences.repository.js';

/**
 * Whether one notification goes now, later today, or not at all, from the recipient's
 * preferences. Pure: the date and the London time of day are parameters.
 *
 * - "stop digests" silences digests; "stop reminders" silences reminders and alerts.
 * - "snooze … until <date>" holds every proactive message except duty summaries until that date.
 * - Quiet hours defer a message to the end of the quiet period when that is later the same day;
 *   a message whose slot would only end quiet hours tomorrow is skipped (tomorrow has its own slot).
 * - A digest time later than the run defers the digest until then; an earlier one cannot be
 *   honoured (the digest is built when the job runs) and the digest goes at the run. Digest times
 *   only apply to a run for the current day: a catch-up of a missed day sends at once.
 */
export type Gate =
  { kind: 'send' } | { kind: 'skip'; why: string } | { kind: 'defer'; until: string; why: string };

export function gateFor(
  prefs: Preferences,
  category: Notification['category'],
  today: IsoDate,
  time: string,
  options: {
    /** DEFAULT_DIGEST_TIME: the digest time of everyone who has not chosen one. */
    defaultDigestTime?: string | null;
    /** False when the run is for an earlier day than the clock's (a catch-up): no digest time. */
    currentDay?: boolean;
  } = {},
): Gate {
  if (category === 'digest' && !prefs.digestsEnabled) return { kind: 'skip', why: 'digests off' };
  if ((category === 'reminder' || category === 'alert') && !prefs.remindersEnabled) {
    return { kind: 'skip', why: 'reminders off' };
  }
  if (category !== 'summary' && prefs.snoozeUntil && today < prefs.snoozeUntil) {
    return { kind: 'skip', why: `snoozed until ${prefs.snoozeUntil}` };
  }
  if (prefs.quietStart && prefs.quietEnd && inQuietHours(time, prefs.quietStart, prefs.quietEnd)) {
    const endsToday = prefs.quietStart < prefs.quietEnd || time < prefs.quietEnd;
    return endsToday
      ? { kind: 'defer', until: prefs.quietEnd, why: `quiet hours until ${prefs.quietEnd}` }
      : { kind: 'skip', why: 'quiet hours' };
  }
  const digestTime = prefs.digestTime ?? options.defaultDigestTime ?? null;
  if (category === 'digest' && options.currentDay !== false && digestTime && time < digestTime) {
    return { kind: 'defer', until: digestTime, why: `digest time ${digestTime}` };
  }
  return { kind: 'send' };
}

/** start ≤ t < end, wrapping past midnight when start > end; an empty window when they are equal. */
export function inQuietHours(time: string, start: string, end: string): boolean {
  if (start === end) return false;
  return start < end ? time >= start && time < end : time >= start || time < end;
}

const londonTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** HH:MM in Europe/London. */
export function londonTimeOfDay(now: Date): string {
  const parts = londonTime.formatToParts(now);
  const hour = parts.find((p) => p.type === 'hour')?.value ?? '00';
  const minute = parts.find((p) => p.type === 'minute')?.value ?? '00';
  return `${hour}:${minute}`;
}
