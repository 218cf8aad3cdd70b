import { londonInstant, todayInLondon, type IsoDate } from './domain/dates.js';

/** Where "now" and "today" come from: pinned by AS_OF_DATE for demos and tests, else the real clock. */
export interface Clock {
  now(): Date;
  today(): IsoDate;
}

/**
 * AS_OF_DATE `YYYY-MM-DD` pins today and leaves the time of day real; `YYYY-MM-DDTHH:MM` (London)
 * starts the clock at that moment and lets it run on, so a process behaves as it would have then,
 * scheduler slots included.
 */
export function systemClock(asOf?: string): Clock {
  if (asOf && asOf.includes('T')) {
    const [date, time] = asOf.split('T') as [IsoDate, string];
    const offset = londonInstant(date, time).getTime() - Date.now();
    const now = () => new Date(Date.now() + offset);
    return { now, today: () => todayInLondon(now()) };
  }
  return {
    now: () => new Date(),
    today: () => asOf ?? todayInLondon(new Date()),
  };
}

export function fixedClock(today: IsoDate, now: Date = new Date(`${today}T09:00:00Z`)): Clock {
  return { now: () => now, today: () => today };
}
