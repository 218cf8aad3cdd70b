import {
  BaseDateExtractor,
  BaseDateParser,
  BaseDatePeriodExtractor,
  BaseDatePeriodParser,
  BaseTimeExtractor,
  BaseTimeParser,
  BaseTimePeriodExtractor,
  BaseTimePeriodParser,
  EnglishCommonDateTimeParserConfiguration,
  EnglishDateExtractorConfiguration,
  EnglishDateParserConfiguration,
  EnglishDatePeriodExtractorConfiguration,
  EnglishDatePeriodParserConfiguration,
  EnglishTimeExtractorConfiguration,
  EnglishTimeParserConfiguration,
  EnglishTimePeriodExtractorConfiguration,
  EnglishTimePeriodParserConfiguration,
} from '@microsoft/recognizers-text-date-time';
import type { IsoDate } from '../domain/dates.js';

/**
 * Dates and date ranges in a message, found by Microsoft's Recognizers-Text (the recognisers Bot
 * Framework's own prompts use), in British day-first order. Only the date and date-range
 * recognisers are built: the full date-time model also looks for times, durations and sets, which
 * no question here needs, and costs ten times as much per message.
 *
 * A mention keeps both readings the recogniser offers for a date without a year (the past and the
 * future one); which to take is a convention of this product, decided in periods.ts.
 */

export interface DateMention {
  /** Offset and text in the message the recogniser was given. */
  start: number;
  text: string;
  /** A single day, or a range (a week, a month, "from 7 to 11 Dec", "next 10 days"). */
  kind: 'date' | 'range';
  /** TIMEX3 value: "2026-12-07", "XXXX-WXX-1", "2026-W49", "(XXXX-12-07,XXXX-12-11,P4D)". */
  timex: string;
  /** For a date: the day. For a range: first day and the day after the last (as recognised). */
  future: [IsoDate, IsoDate] | null;
  past: [IsoDate, IsoDate] | null;
}

const dayFirst = true;
const common = new EnglishCommonDateTimeParserConfiguration(dayFirst);
const dateExtractor = new BaseDateExtractor(new EnglishDateExtractorConfiguration(dayFirst));
const dateParser = new BaseDateParser(new EnglishDateParserConfiguration(common, dayFirst));
const rangeExtractor = new BaseDatePeriodExtractor(new EnglishDatePeriodExtractorConfiguration(dayFirst));
const rangeParser = new BaseDatePeriodParser(new EnglishDatePeriodParserConfiguration(common));

/** The recogniser reads dates in local time: build the reference day and read results the same way. */
function reference(today: IsoDate): Date {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d, 12, 0, 0);
}

function iso(value: unknown): IsoDate | null {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) return null;
  // No question here is about a day before 1900 or after 2199 ("year 1" is a misread number).
  if (value.getFullYear() < 1900 || value.getFullYear() > 2199) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

function pair(value: unknown): [IsoDate, IsoDate] | null {
  if (Array.isArray(value)) {
    const a = iso(value[0]);
    const b = iso(value[1]);
    return a && b ? [a, b] : null;
  }
  const d = iso(value);
  return d ? [d, d] : null;
}

interface Resolution {
  timex?: string;
  futureValue?: unknown;
  pastValue?: unknown;
}

export function recogniseDates(text: string, today: IsoDate): DateMention[] {
  const ref = reference(today);
  const out: DateMention[] = [];
  for (const [kind, extractor, parser] of [
    ['range', rangeExtractor, rangeParser],
    ['date', dateExtractor, dateParser],
  ] as const) {
    for (const e of extractor.extract(text, ref)) {
      const value = (parser.parse(e, ref)?.value ?? null) as Resolution | null;
      if (!value?.timex) continue;
      out.push({
        start: e.start,
        text: e.text,
        kind,
        timex: value.timex,
        future: pair(value.futureValue),
        past: pair(value.pastValue),
      });
    }
  }
  return out.sort((a, b) => a.start - b.start || b.text.length - a.text.length);
}

export interface TimeMention {
  start: number;
  text: string;
  /** A time of day ("18:00"), or a span of hours from one to the other ("22:00" → "06:30"). */
  kind: 'time' | 'range';
  from: string;
  to: string | null;
}

const timeExtractor = new BaseTimeExtractor(new EnglishTimeExtractorConfiguration());
const timeParser = new BaseTimeParser(new EnglishTimeParserConfiguration(common));
const timeRangeExtractor = new BaseTimePeriodExtractor(new EnglishTimePeriodExtractorConfiguration());
const timeRangeParser = new BaseTimePeriodParser(new EnglishTimePeriodParserConfiguration(common));

/** "T18", "T06:30" → "18:00", "06:30". */
function hhmm(timex: string | undefined): string | null {
  const m = timex?.match(/^T(\d{2})(?::(\d{2}))?/);
  return m ? `${m[1]}:${m[2] ?? '00'}` : null;
}

/** Times of day and spans of hours in a message ("after 6pm until 8 in the morning", "quarter past nine"). */
export function recogniseTimes(text: string): TimeMention[] {
  const ref = new Date(2000, 0, 3, 12, 0, 0);
  const out: TimeMention[] = [];
  for (const e of timeRangeExtractor.extract(text, ref)) {
    const timex = (timeRangeParser.parse(e, ref)?.value as Resolution | null)?.timex ?? '';
    const [a, b] = timex.replace(/[()]/g, '').split(',');
    const from = hhmm(a);
    const to = hhmm(b);
    if (from && to) out.push({ start: e.start, text: e.text, kind: 'range', from, to });
  }
  for (const e of timeExtractor.extract(text, ref)) {
    const from = hhmm((timeParser.parse(e, ref)?.value as Resolution | null)?.timex);
    if (from) out.push({ start: e.start, text: e.text, kind: 'time', from, to: null });
  }
  return out.sort((a, b) => a.start - b.start || b.text.length - a.text.length);
}
