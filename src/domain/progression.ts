import { z } from 'zod';
import {
  addDays,
  addPeriod,
  compareDates,
  daysBetween,
  describePeriod,
  formatShortDate,
  formatUkDate,
  isoDateSchema,
  parseIsoPeriod,
  type IsoDate,
} from './dates.js';
import type { CustodyFacts, CustodySentenceType } from './ecsl.js';

/**
 * The progression model (Sentencing Act 2026 s.23, docs/rules.md §5): standard determinate
 * sentences released at one-third (SDS+ at one-half), brought in by sentence length in tranches.
 * The tranche table is data (a [setting]), as the ECSL timeline is. Nothing here computes a release
 * date: the CRD in the custody extract is the prison's calculation; the tranche only says which
 * tranche day applies.
 */

export interface Tranche {
  tranche: number;
  /** The tranche day: the model applies to the tranche's sentences from this date. */
  from: IsoDate;
  /** Sentences of at most this many days; null = any length (the last tranche). */
  maxDays: number | null;
}

export const DEFAULT_PROGRESSION_TRANCHES: Tranche[] = [
  { tranche: 1, from: '2026-10-01', maxDays: 574 },
  { tranche: 2, from: '2026-10-13', maxDays: 882 },
  { tranche: 3, from: '2026-11-10', maxDays: 1162 },
  { tranche: 4, from: '2026-12-08', maxDays: 1561 },
  { tranche: 5, from: '2027-01-12', maxDays: 2121 },
  { tranche: 6, from: '2027-02-09', maxDays: 2758 },
  { tranche: 7, from: '2027-03-09', maxDays: 3283 },
  { tranche: 8, from: '2027-04-13', maxDays: 3654 },
  { tranche: 9, from: '2027-05-11', maxDays: 4396 },
  { tranche: 10, from: '2027-06-08', maxDays: null },
];

/** SDS40 (release at 40% for many standard determinate sentences) began here; history now. */
export const SDS40_FROM: IsoDate = '2024-09-10';

export interface ProgressionSettings {
  tranches: Tranche[];
}

export const DEFAULT_PROGRESSION_SETTINGS: ProgressionSettings = { tranches: DEFAULT_PROGRESSION_TRANCHES };

const trancheSchema = z.object({
  tranche: z.number().int().positive(),
  from: isoDateSchema,
  maxDays: z.number().int().positive().nullable(),
});

const tranchesSchema = z
  .array(trancheSchema)
  .min(1)
  .superRefine((entries, ctx) => {
    entries.forEach((e, i) => {
      const prev = entries[i - 1];
      const issue = (path: string, message: string) =>
        ctx.addIssue({ code: 'custom', path: [i, path], message });
      if (e.tranche !== i + 1) issue('tranche', `must be ${i + 1}: tranches are numbered 1, 2, 3… in order`);
      if (prev && compareDates(prev.from, e.from) >= 0)
        issue('from', `must be after tranche ${i}'s ${prev.from}`);
      if (prev && (prev.maxDays === null || (e.maxDays !== null && e.maxDays <= prev.maxDays)))
        issue('maxDays', `must be more than tranche ${i}'s ${String(prev.maxDays)} days`);
      if (i === entries.length - 1 && e.maxDays !== null)
        issue('maxDays', 'must be null in the last tranche (any length), so every sentence has a tranche');
    });
  });

/**
 * Reads the tranche table from JSON (the PROGRESSION_TRANCHES setting). Throws an Error naming every
 * problem: this runs at start-up, where failing loudly beats placing people in the wrong tranche.
 */
export function parseProgressionTranches(json: string): Tranche[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new Error(`progression tranches are not valid JSON: ${(err as Error).message}`);
  }
  const result = tranchesSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`progression tranches are invalid: ${problems.join('; ')}`);
  }
  return result.data.map((t) => ({ tranche: t.tranche, from: t.from, maxDays: t.maxDays }));
}

/**
 * The whole sentence in days, counting both ends: from the custody start to the day before the
 * same date one period later (`P2Y` from 2026-01-13 runs to 2028-01-12: 730 days). Null when the
 * length cannot be read.
 */
export function sentenceLengthDays(sentenceLength: string, custodyStart: IsoDate): number | null {
  if (parseIsoPeriod(sentenceLength) === null) return null;
  return daysBetween(custodyStart, addPeriod(custodyStart, sentenceLength));
}

/** The first tranche whose limit the sentence does not exceed. */
export function trancheFor(days: number, tranches: Tranche[]): Tranche {
  const found = tranches.find((t) => t.maxDays === null || days <= t.maxDays) ?? tranches.at(-1);
  if (!found) throw new RangeError('the tranche table is empty');
  return found;
}

/** The next tranche day on or after `today` (today's, on a tranche day), or null once all have started. */
export function nextTranche(today: IsoDate, tranches: Tranche[]): Tranche | null {
  return tranches.find((t) => compareDates(t.from, today) >= 0) ?? null;
}

/** The limits of a tranche in words: "more than 1,162 and at most 1,561 days". */
export function trancheLimits(t: Tranche, tranches: Tranche[]): string {
  const n = (x: number) => x.toLocaleString('en-GB');
  const below = tranches[tranches.indexOf(t) - 1]?.maxDays ?? null;
  if (t.maxDays === null) return below === null ? 'any length' : `more than ${n(below)} days`;
  return below === null
    ? `at most ${n(t.maxDays)} days`
    : `more than ${n(below)} and at most ${n(t.maxDays)} days`;
}

export type ProgressionExclusion =
  'recall' | 'child_s250' | 'not_standard' | 'excluded_offence' | 'not_determinate_sds';

export interface ProgressionReason {
  code: ProgressionExclusion;
  text: string;
}

const TYPE_SHORT: Record<CustodySentenceType, string> = {
  sds: 'Standard Determinate Sentence',
  sds_plus: 'SDS+',
  eds: 'Extended Determinate Sentence (EDS)',
  sopc: 'Sentence for an offender of particular concern (SOPC)',
  life: 'Life sentence',
  ipp: 'Imprisonment for Public Protection (IPP)',
  dto: 'Detention and Training Order (DTO)',
  s250: 'Detention of a child under s.250',
  other: 'Other sentence type',
};

/**
 * Why a sentence is outside the progression model (empty = inside). Every reason is listed. People
 * unlawfully at large, or released on another scheme, when the model began are not in the custody
 * extract, so they never reach this check.
 */
export function progressionExclusions(facts: CustodyFacts): ProgressionReason[] {
  const out: ProgressionReason[] = [];
  const t = facts.sentenceType;
  if (facts.servingRecall)
    out.push({ code: 'recall', text: 'Serving a recall: recalls are outside the progression model' });
  if (t === 's250')
    out.push({
      code: 'child_s250',
      text: 'A child sentence under s.250: release stays at the halfway point',
    });
  if (t === 'eds' || t === 'sopc' || t === 'life' || t === 'ipp')
    out.push({ code: 'not_standard', text: `${TYPE_SHORT[t]}: outside the progression model` });
  if (t === 'dto' || t === 'other')
    out.push({
      code: 'not_determinate_sds',
      text: `${TYPE_SHORT[t]}: the progression model covers standard determinate sentences (SDS and SDS+) only`,
    });
  if (facts.progressionExcluded)
    out.push({
      code: 'excluded_offence',
      text: 'An offence excluded from the progression model (Sentencing Act 2026 schedule; the prison’s classification in the extract)',
    });
  return out;
}

export type ProgressionVerdict =
  | { kind: 'out_of_scope'; reasons: ProgressionReason[] }
  | { kind: 'unreadable'; text: string }
  | {
      kind: 'in_tranche';
      tranche: Tranche;
      days: number;
      /** The last day of the whole sentence, counting both ends. */
      sentenceEnd: IsoDate;
      /** The tranche day has come (on or before `today`). */
      started: boolean;
      /** The new release point under the model. */
      releaseAt: 'one-third' | 'one-half';
    };

/** Where a sentence stands under the progression model on `today`. Pure: today is a parameter. */
export function assessProgression(
  facts: CustodyFacts,
  today: IsoDate,
  settings: ProgressionSettings = DEFAULT_PROGRESSION_SETTINGS,
): ProgressionVerdict {
  const reasons = progressionExclusions(facts);
  if (reasons.length) return { kind: 'out_of_scope', reasons };
  const days = sentenceLengthDays(facts.sentenceLength, facts.custodyStartDate);
  if (days === null || days < 1)
    return {
      kind: 'unreadable',
      text: `The sentence length '${facts.sentenceLength}' cannot be read, so no tranche can be given`,
    };
  const tranche = trancheFor(days, settings.tranches);
  return {
    kind: 'in_tranche',
    tranche,
    days,
    sentenceEnd: addDays(facts.custodyStartDate, days - 1),
    started: compareDates(tranche.from, today) <= 0,
    releaseAt: facts.sentenceType === 'sds_plus' ? 'one-half' : 'one-third',
  };
}

/** Plain-English lines behind a verdict, with the arithmetic a practitioner can check by hand. */
export function explainProgression(
  v: ProgressionVerdict,
  facts: CustodyFacts,
  today: IsoDate,
  settings: ProgressionSettings = DEFAULT_PROGRESSION_SETTINGS,
): string[] {
  const crd = `The CRD in the custody extract (${formatUkDate(facts.crd)}) is the prison's calculation: I never work out a release date.`;
  if (v.kind === 'out_of_scope') return [...v.reasons.map((r) => `${r.text}.`), crd];
  if (v.kind === 'unreadable') return [`${v.text}.`, crd];
  const t = v.tranche;
  const lines = [
    `${describePeriod(facts.sentenceLength)} from ${formatShortDate(facts.custodyStartDate)} runs to ` +
      `${formatShortDate(v.sentenceEnd)}: ${v.days.toLocaleString('en-GB')} days, counting both ends.`,
    `That is tranche ${t.tranche} (sentences of ${trancheLimits(t, settings.tranches)}), from ${formatUkDate(t.from)}.`,
    v.started
      ? `Tranche ${t.tranche} started on ${formatUkDate(t.from)}: release is at ${v.releaseAt} of the sentence.`
      : `Tranche ${t.tranche} starts on ${formatUkDate(t.from)}, in ${daysBetween(today, t.from)} days; from then release is at ${v.releaseAt} of the sentence.`,
    'Anyone whose new release point has already passed by the tranche day is released on the tranche day.',
    crd,
  ];
  return lines;
}

/**
 * The release scheme that applies to a sentence on `date`, for custody cards: never "50% release"
 * where another release point applies. Names the rule, not a date: the CRD is the prison's.
 */
export function releaseSchemeOn(
  facts: CustodyFacts,
  date: IsoDate,
  settings: ProgressionSettings = DEFAULT_PROGRESSION_SETTINGS,
): string {
  const name = TYPE_SHORT[facts.sentenceType] ?? facts.sentenceType;
  if (facts.servingRecall) return `${name}, serving a recall: re-release as the prison calculates it`;
  const v = assessProgression(facts, date, settings);
  if (v.kind === 'in_tranche' && v.started)
    return `${name}: progression model, release at ${v.releaseAt} (tranche ${v.tranche.tranche}, from ${formatUkDate(v.tranche.from)})`;
  const before: Partial<Record<CustodySentenceType, string>> = {
    sds:
      compareDates(date, SDS40_FROM) < 0
        ? 'release at the halfway point'
        : 'release at 40% (SDS40), or at the halfway point where SDS40 does not apply',
    sds_plus: 'release at two-thirds',
    s250: 'release at the halfway point',
  };
  const rule = before[facts.sentenceType] ?? 'release as the prison calculates it';
  // Before the model began there was no tranche to speak of.
  const begun = compareDates(settings.tranches[0]?.from ?? date, date) <= 0;
  const coming =
    v.kind === 'in_tranche' && begun
      ? `; tranche ${v.tranche.tranche} from ${formatUkDate(v.tranche.from)}`
      : '';
  const outside =
    facts.progressionExcluded && (facts.sentenceType === 'sds' || facts.sentenceType === 'sds_plus')
      ? '; outside the progression model (an excluded offence)'
      : '';
  return `${name}: ${rule}${coming}${outside}`;
}

/** Whether the tranche day governs a sentence: inside the model and in that tranche. */
export function inTranche(facts: CustodyFacts, t: Tranche, settings: ProgressionSettings): boolean {
  const v = assessProgression(facts, t.from, settings);
  return v.kind === 'in_tranche' && v.tranche.tranche === t.tranche;
}
