import { todayInLondon, type IsoDate } from './domain/dates.js';

/** Where "now" and "today" come from: pinned by AS_OF_DATE for demos and tests, else the real clock. */
export interface Clock {
  now(): Date;
  today(): IsoDate;
}

export function systemClock(asOfDate?: IsoDate): Clock {
  return {
    now: () => new Date(),
    today: () => asOfDate ?? todayInLondon(new Date()),
  };
}

export function fixedClock(today: IsoDate, now: Date = new Date(`${today}T09:00:00Z`)): Clock {
  return { now: () => now, today: () => today };
}
