import { z } from 'zod';
import {
  addDays,
  compareDates,
  describePeriod,
  formatUkDate,
  isoDateSchema,
  maxDate,
  parseIsoPeriod,
  periodAtLeast,
  type IsoDate,
} from './dates.js';

/**
 * End of Custody Supervised Licence (docs/rules.md §2). ECSL was time-bound and its window changed,
 * so the timeline is data (a [setting]) and every answer is about a specific decision date.
 */

export type CustodySentenceType =
  'sds' | 'sds_plus' | 'eds' | 'sopc' | 'life' | 'ipp' | 'dto' | 's250' | 'other';
export type Estate = 'male' | 'female';

/** One change in the timeline: from `from` (inclusive) until the next entry for the same estate. */
export interface EcslScheme {
  from: IsoDate;
  /** Release up to this many days before CRD; null = the scheme ended on `from`. */
  windowDays: number | null;
  estate: Estate;
  note?: string;
}

export const DEFAULT_ECSL_TIMELINE: EcslScheme[] = [
  { from: '2023-10-17', windowDays: 18, estate: 'male' },
  { from: '2024-03-08', windowDays: 35, estate: 'male' },
  { from: '2024-05-23', windowDays: 70, estate: 'male' },
  { from: '2024-09-09', windowDays: null, estate: 'male', note: 'replaced by SDS40 on 2024-09-10' },
  { from: '2024-03-05', windowDays: 18, estate: 'female' },
  {
    from: '2024-05-15',
    windowDays: null,
    estate: 'female',
    note: "the women's estate scheme ran 2024-03-05 to 2024-05-14",
  },
];

export const ecslSchemeSchema = z.object({
  from: isoDateSchema,
  windowDays: z.number().int().positive().nullable(),
  estate: z.enum(['male', 'female']),
  note: z.string().optional(),
});

export const ecslTimelineSchema = z.array(ecslSchemeSchema).superRefine((entries, ctx) => {
  // Two entries for the same estate and day would make "the scheme in force" depend on file order.
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    const key = `${e.estate} ${e.from}`;
    if (seen.has(key)) {
      ctx.addIssue({
        code: 'custom',
        path: [i, 'from'],
        message: `duplicate entry for ${e.estate} estate on ${e.from}`,
      });
    }
    seen.add(key);
  });
});

/**
 * Reads a timeline from JSON (e.g. the ECSL_TIMELINE setting) so a deployment can extend it if the
 * power is used again. Throws an Error naming every problem: this runs at start-up, where failing
 * loudly beats silently using the wrong window.
 */
export function parseEcslTimeline(json: string): EcslScheme[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new Error(`ECSL timeline is not valid JSON: ${(err as Error).message}`);
  }
  const result = ecslTimelineSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`ECSL timeline is invalid: ${problems.join('; ')}`);
  }
  return result.data.map((e) => {
    const scheme: EcslScheme = { from: e.from, windowDays: e.windowDays, estate: e.estate };
    if (e.note !== undefined) scheme.note = e.note;
    return scheme;
  });
}

function entriesFor(timeline: EcslScheme[], estate: Estate): EcslScheme[] {
  return timeline.filter((e) => e.estate === estate).sort((a, b) => compareDates(a.from, b.from));
}

/** The timeline entry in effect on `date` (which may be an "ended" entry), or null before the first. */
function entryOn(timeline: EcslScheme[], estate: Estate, date: IsoDate): EcslScheme | null {
  let current: EcslScheme | null = null;
  for (const e of entriesFor(timeline, estate)) {
    if (compareDates(e.from, date) > 0) break;
    current = e;
  }
  return current;
}

/** The scheme in force on `date`, or null when none is (before the first entry, or after an end). */
export function schemeInForce(timeline: EcslScheme[], estate: Estate, date: IsoDate): EcslScheme | null {
  const e = entryOn(timeline, estate, date);
  return e !== null && e.windowDays !== null ? e : null;
}

// ---------------------------------------------------------------------------------------------

export interface CustodyFacts {
  sentenceType: CustodySentenceType;
  /** ISO 8601 period, e.g. `P4Y`, `P18M`. */
  sentenceLength: string;
  custodyStartDate: IsoDate;
  crd: IsoDate;
  sexualOffence: boolean;
  sexOffenderRegister: boolean;
  violentOffence: boolean;
  terroristConnected: boolean;
  categoryA: boolean;
  civilPrisoner: boolean;
  fineDefault: boolean;
  servingRecall: boolean;
  remandedOtherMatters: boolean;
  nsd: boolean;
  furtherChargePending: boolean;
  /** Earlier release materially compromises the release plan and substantively increases RoSH
   * (High/Very High) with no adjustment possible. */
  releasePlanRiskIncrease?: boolean;
  /** Default male. */
  estate?: Estate;
  /** The prison's classification: an offence excluded from the progression model (docs/rules.md §5). */
  progressionExcluded?: boolean;
}

export interface EcslSettings {
  timeline: EcslScheme[];
  /** Violent offences with a sentence at least this long are excluded ([setting], default P4Y). */
  violentThreshold: string;
  /** Minimum days in custody before ECSL release ([setting], default 14). */
  minCustodyDays: number;
}

export const DEFAULT_ECSL_SETTINGS: EcslSettings = {
  timeline: DEFAULT_ECSL_TIMELINE,
  violentThreshold: 'P4Y',
  minCustodyDays: 14,
};

export type EcslReasonCode =
  | 'sexual_offence'
  | 'sex_offender_register'
  | 'violent_long_sentence'
  | 'sentence_length_unreadable'
  | 'terrorist'
  | 'not_sds_50'
  | 'category_a'
  | 'civil_prisoner'
  | 'fine_default'
  | 'serving_recall'
  | 'remanded_other_matters'
  | 'nsd'
  | 'crd_reached'
  | 'min_custody'
  | 'scheme_ends_first'
  | 'further_charge'
  | 'release_plan_risk';

export interface EcslReason {
  code: EcslReasonCode | (string & {});
  text: string;
}

export type EcslVerdict =
  | { kind: 'no_scheme'; decisionDate: IsoDate; text: string; lastScheme?: EcslScheme; reasons: EcslReason[] }
  | { kind: 'not_eligible'; reasons: EcslReason[] }
  | { kind: 'not_yet'; windowOpens: IsoDate; earliestRelease: IsoDate; windowDays: number }
  | {
      kind: 'eligible';
      earliestRelease: IsoDate;
      /** True when release is possible on the decision date itself. */
      windowOpen: boolean;
      windowOpens: IsoDate;
      windowDays: number;
      /** Once deemed suitable, release is expected within 2 days. */
      releaseBy: IsoDate;
    }
  | {
      kind: 'refer_panel';
      reasons: EcslReason[];
      earliestRelease: IsoDate | null;
      windowOpens: IsoDate | null;
      windowDays: number | null;
    };

export const SENTENCE_TYPE_NAME: Record<CustodySentenceType, string> = {
  sds: 'Standard Determinate Sentence (50% release)',
  sds_plus: 'SDS+ (two-thirds release)',
  eds: 'Extended Determinate Sentence (EDS)',
  sopc: 'Sentence for an offender of particular concern (SOPC)',
  life: 'Life sentence',
  ipp: 'Imprisonment for Public Protection (IPP)',
  dto: 'Detention and Training Order (DTO)',
  s250: 'Detention of a child under s.250',
  other: 'a sentence type other than a 50% Standard Determinate Sentence',
};

const ESTATE_TEXT: Record<Estate, string> = { male: "men's estate", female: "women's estate" };

/**
 * Every exclusion that applies, in the order of docs/rules.md. All are listed, not just the first,
 * so a practitioner can see the whole picture (and so fixing one data error does not reveal
 * another only on the next ask).
 */
export function ecslExclusions(
  facts: CustodyFacts,
  decisionDate: IsoDate,
  settings: EcslSettings,
): EcslReason[] {
  const reasons: EcslReason[] = [];
  const add = (code: EcslReasonCode, text: string) => reasons.push({ code, text });

  if (facts.sexualOffence) add('sexual_offence', 'Sexual offence');
  if (facts.sexOffenderRegister) {
    add('sex_offender_register', 'Subject to sex offender registration (notification requirements)');
  }
  if (facts.violentOffence) {
    const threshold = describePeriod(settings.violentThreshold);
    if (parseIsoPeriod(facts.sentenceLength) === null) {
      // Never call someone eligible because a length could not be read.
      add(
        'sentence_length_unreadable',
        `Violent offence, and the sentence length '${facts.sentenceLength}' could not be read, ` +
          `so the ${threshold} rule cannot be checked`,
      );
    } else if (periodAtLeast(facts.sentenceLength, settings.violentThreshold, facts.custodyStartDate)) {
      add(
        'violent_long_sentence',
        `Violent offence with a sentence of ${threshold} or more (sentence: ${describePeriod(facts.sentenceLength)})`,
      );
    }
  }
  if (facts.terroristConnected) add('terrorist', 'Terrorist or terrorist-connected offence');
  if (facts.sentenceType !== 'sds') {
    add(
      'not_sds_50',
      `Not a Standard Determinate Sentence with release at the halfway point: ${SENTENCE_TYPE_NAME[facts.sentenceType]}`,
    );
  }
  if (facts.categoryA) add('category_a', 'Category A prisoner');
  if (facts.civilPrisoner) add('civil_prisoner', 'Civil prisoner');
  if (facts.fineDefault) add('fine_default', 'Fine defaulter');
  if (facts.servingRecall) add('serving_recall', 'Currently serving a recall');
  if (facts.remandedOtherMatters) add('remanded_other_matters', 'Remanded in custody on other matters');
  if (facts.nsd) add('nsd', 'Managed by the National Security Division (NSD)');
  if (compareDates(decisionDate, facts.crd) >= 0) {
    add(
      'crd_reached',
      `The conditional release date (${formatUkDate(facts.crd)}) has been reached by ${formatUkDate(decisionDate)}, ` +
        `so there is nothing to release early`,
    );
  }
  if (compareDates(addDays(facts.custodyStartDate, settings.minCustodyDays), facts.crd) >= 0) {
    add(
      'min_custody',
      `Cannot serve the minimum ${settings.minCustodyDays} days in custody before the conditional release date ` +
        `(custody from ${formatUkDate(facts.custodyStartDate)}, CRD ${formatUkDate(facts.crd)})`,
    );
  }
  return reasons;
}

function panelReasons(facts: CustodyFacts): EcslReason[] {
  const reasons: EcslReason[] = [];
  if (facts.furtherChargePending) {
    reasons.push({
      code: 'further_charge',
      text: 'Charged, or likely to be charged, with a further offence while not remanded: refer to the exemption panel',
    });
  }
  if (facts.releasePlanRiskIncrease) {
    reasons.push({
      code: 'release_plan_risk',
      text:
        'Release before the CRD would materially compromise the release plan and substantively increase the risk ' +
        'of serious harm (High/Very High), with no adjustment possible: refer to the exemption panel',
    });
  }
  return reasons;
}

/** A stretch of the timeline with one window: [start, end], end null = open-ended. */
interface Segment {
  start: IsoDate;
  end: IsoDate | null;
  windowDays: number | null;
  scheme: EcslScheme;
}

function segmentsFor(timeline: EcslScheme[], estate: Estate): Segment[] {
  const entries = entriesFor(timeline, estate);
  return entries.map((scheme, i) => {
    const next = entries[i + 1];
    return {
      start: scheme.from,
      end: next ? addDays(next.from, -1) : null,
      windowDays: scheme.windowDays,
      scheme,
    };
  });
}

const within = (d: IsoDate, seg: Segment) =>
  compareDates(d, seg.start) >= 0 && (seg.end === null || compareDates(d, seg.end) <= 0);

/**
 * Whether a person is eligible for ECSL on `decisionDate`. Pure: the decision date is a parameter.
 *
 * Earliest release = the later of (CRD − window), (custody start + minimum days) and the decision
 * date, taken under the window in force on that date. Because the window changed over time, the
 * search walks forward through the timeline rather than using today's window alone: a 35-day
 * window becoming 70 days brings the opening date forward, and a scheme ending before the window
 * opens means the person never becomes eligible.
 */
export function assessEcsl(
  facts: CustodyFacts,
  decisionDate: IsoDate,
  settings: EcslSettings = DEFAULT_ECSL_SETTINGS,
): EcslVerdict {
  const estate: Estate = facts.estate ?? 'male';
  const exclusions = ecslExclusions(facts, decisionDate, settings);

  const segments = segmentsFor(settings.timeline, estate);
  const currentIdx = segments.findIndex((seg) => within(decisionDate, seg));
  const current = segments[currentIdx];
  if (current === undefined || current.windowDays === null) {
    return noScheme(segments, currentIdx, estate, decisionDate, exclusions);
  }

  if (exclusions.length > 0) return { kind: 'not_eligible', reasons: exclusions };

  const minCustodyEnd = addDays(facts.custodyStartDate, settings.minCustodyDays);
  let found: { idx: number; earliest: IsoDate; windowDays: number } | null = null;
  let endedOn: IsoDate | null = null;
  for (let i = currentIdx; i < segments.length; i++) {
    const seg = segments[i]!;
    if (seg.windowDays === null) {
      endedOn = seg.start;
      break;
    }
    const candidate = maxDate(seg.start, addDays(facts.crd, -seg.windowDays), minCustodyEnd, decisionDate);
    // Release must fall inside this stretch of the timeline and still be early (before CRD).
    if (within(candidate, seg) && compareDates(candidate, facts.crd) < 0) {
      found = { idx: i, earliest: candidate, windowDays: seg.windowDays };
      break;
    }
    if (seg.end !== null && compareDates(seg.end, facts.crd) >= 0) break;
  }

  if (found === null) {
    const opens = addDays(facts.crd, -current.windowDays);
    const text =
      endedOn !== null
        ? `The ECSL scheme ends on ${formatUkDate(endedOn)}, before this case could be released under it ` +
          `(the ${current.windowDays}-day window opens on ${formatUkDate(opens)}` +
          `${compareDates(minCustodyEnd, opens) > 0 ? `; ${settings.minCustodyDays} days in custody are reached on ${formatUkDate(minCustodyEnd)}` : ''})`
        : `The ECSL window does not open before the conditional release date (${formatUkDate(facts.crd)})`;
    return { kind: 'not_eligible', reasons: [{ code: 'scheme_ends_first', text }] };
  }

  const windowOpens = windowOpening(segments, found.idx, facts.crd);
  const panel = panelReasons(facts);
  if (panel.length > 0) {
    return {
      kind: 'refer_panel',
      reasons: panel,
      earliestRelease: found.earliest,
      windowOpens,
      windowDays: found.windowDays,
    };
  }
  if (compareDates(decisionDate, windowOpens) < 0) {
    return { kind: 'not_yet', windowOpens, earliestRelease: found.earliest, windowDays: found.windowDays };
  }
  return {
    kind: 'eligible',
    earliestRelease: found.earliest,
    windowOpen: compareDates(found.earliest, decisionDate) === 0,
    windowOpens,
    windowDays: found.windowDays,
    releaseBy: addDays(found.earliest, 2),
  };
}

/**
 * The first day of the unbroken run of days, ending in segment `idx`, on which the case was inside
 * the window in force that day. Usually CRD − window; when the window widened (35 → 70 days) after
 * the case would already have been inside the new window, it is the day it widened, or earlier if
 * the case was already inside the narrower window before that.
 */
function windowOpening(segments: Segment[], idx: number, crd: IsoDate): IsoDate {
  const entry = (seg: Segment): IsoDate => maxDate(seg.start, addDays(crd, -(seg.windowDays ?? 0)));
  let i = idx;
  let opens = entry(segments[i]!);
  while (i > 0 && compareDates(opens, segments[i]!.start) === 0) {
    const prev = segments[i - 1]!;
    // Continue backwards only if the case was already inside the previous window on its last day.
    if (prev.windowDays === null || prev.end === null) break;
    if (compareDates(prev.end, addDays(crd, -prev.windowDays)) < 0) break;
    i -= 1;
    opens = entry(prev);
  }
  return opens;
}

function noScheme(
  segments: Segment[],
  idx: number,
  estate: Estate,
  decisionDate: IsoDate,
  reasons: EcslReason[],
): EcslVerdict {
  // The most recent scheme with a window that started before the decision date, if any.
  let lastScheme: EcslScheme | undefined;
  let ending: Segment | undefined;
  for (let i = idx; i >= 1; i--) {
    const prev = segments[i - 1]!;
    if (prev.windowDays !== null) {
      lastScheme = prev.scheme;
      ending = segments[i];
      break;
    }
  }
  let text = `No ECSL scheme is in force for the ${ESTATE_TEXT[estate]} on ${formatUkDate(decisionDate)}, so nobody can be released on ECSL on that date.`;
  if (lastScheme && ending) {
    const endNote = ending.scheme.note;
    text +=
      ` The last scheme (release up to ${lastScheme.windowDays} days before CRD) ended on ${formatUkDate(ending.start)}` +
      `${endNote ? ` (${endNote})` : ''}.`;
  } else {
    const next = segments.find((s) => s.windowDays !== null && compareDates(s.start, decisionDate) > 0);
    if (next) text += ` The first scheme starts on ${formatUkDate(next.start)}.`;
  }
  const verdict: EcslVerdict = { kind: 'no_scheme', decisionDate, text, reasons };
  if (lastScheme) verdict.lastScheme = lastScheme;
  return verdict;
}

/** What a practitioner does when a case appears on the prison's preliminary ECSL list. */
export const ECSL_CHECKLIST: string[] = [
  'Confirm the person is eligible for ECSL (check every exclusion, not just the first).',
  'Review the resettlement plan: licence conditions, accommodation, health services, benefits and victim safety.',
  'Notify the Victim Liaison Officer where applicable.',
  'Update Create and Vary a Licence.',
  'Record the contact on nDelius.',
  'For a foreign national, make a contingency plan.',
];
