import { addDays, compareDates, daysBetween, formatShortDate, formatUkDate, type IsoDate } from './dates.js';

/**
 * Probation Reset (docs/rules.md §1): the two-thirds point, the final third, and who is exempt.
 * Operational policy, not law: licence conditions and recall still apply in the final third.
 */

export type CommunitySentenceType = 'licence' | 'pss' | 'community_order' | 'suspended_sentence_order';
export type Rosh = 'low' | 'medium' | 'high' | 'very_high';

export interface ResetFacts {
  sentenceType: CommunitySentenceType;
  /** Licence start (actual release date), PSS start or order start. */
  startDate: IsoDate;
  /** Licence expiry (LED/SLED), PSS end (TUSED) or order end. */
  endDate: IsoDate;
  /** Whether the CO/SSO has a Rehabilitation Activity Requirement (ignored for licences and PSS). */
  rar: boolean;
  mappaCategory: number | null;
  mappaLevel: number | null;
  rosh: Rosh | null;
  nsd: boolean;
  childProtection: boolean;
  iscPilot: boolean;
}

export const SENTENCE_TYPE_TEXT: Record<CommunitySentenceType, string> = {
  licence: 'Licence',
  pss: 'Post-Sentence Supervision',
  community_order: 'Community Order',
  suspended_sentence_order: 'Suspended Sentence Order',
};

// ---------------------------------------------------------------------------------------------
// Arithmetic. There is no published HMPPS formula; this mirrors the rounding of HMPPS's release
// date calculator (`start + ceil(days × fraction) − 1`), counting both the first and last day.

/** Days in the period counting both ends: N = (E − S) + 1. Throws RangeError if end < start. */
export function periodLengthDays(start: IsoDate, end: IsoDate): number {
  const n = daysBetween(start, end) + 1;
  if (n < 1) throw new RangeError(`End date ${end} is before start date ${start}`);
  return n;
}

/** Which day of the period (1-based) the two-thirds point falls on: ceil(2N/3). */
export function twoThirdsDayNumber(start: IsoDate, end: IsoDate): number {
  // Integer arithmetic rather than Math.ceil(2 * n / 3) so no float rounding can creep in.
  const n = periodLengthDays(start, end);
  return Math.floor((2 * n + 2) / 3);
}

/**
 * The two-thirds date T = S + ceil(2N/3) − 1. Appointments up to and including T continue;
 * the final third is T+1 … E.
 */
export function twoThirdsDate(start: IsoDate, end: IsoDate): IsoDate {
  return addDays(start, twoThirdsDayNumber(start, end) - 1);
}

/** The single follow-up in a licence's final third: F = T + ceil((E − T) / 2). */
export function followUpDate(twoThirds: IsoDate, end: IsoDate): IsoDate {
  const remaining = daysBetween(twoThirds, end);
  if (remaining < 0) throw new RangeError(`End date ${end} is before the two-thirds date ${twoThirds}`);
  return addDays(twoThirds, Math.floor((remaining + 1) / 2));
}

// ---------------------------------------------------------------------------------------------
// Exemptions.

export type ExemptReason = 'mappa' | 'nsd' | 'rosh_very_high' | 'child_protection' | 'isc_pilot';

export const EXEMPT_REASON_TEXT: Record<ExemptReason, string> = {
  mappa: 'MAPPA case',
  nsd: 'managed by the National Security Division (NSD)',
  rosh_very_high: 'RoSH very high',
  child_protection: 'current active child protection procedures',
  isc_pilot: 'subject to an Intensive Supervision Court pilot',
};

// A category or level of 0 is how some extracts spell "not MAPPA"; anything 1 or above counts,
// because every MAPPA category (1–4) and every level (1–3) exempts.
function hasMappa(facts: Pick<ResetFacts, 'mappaCategory' | 'mappaLevel'>): boolean {
  return (facts.mappaCategory ?? 0) >= 1 || (facts.mappaLevel ?? 0) >= 1;
}

/**
 * Every reason the case is exempt from the Reset (empty = not exempt). IOM status is deliberately
 * absent: it does not exempt on its own. RoSH high is not exempt; only very high is.
 */
export function exemptReasons(facts: ResetFacts): ExemptReason[] {
  const reasons: ExemptReason[] = [];
  if (hasMappa(facts)) reasons.push('mappa');
  if (facts.nsd) reasons.push('nsd');
  if (facts.rosh === 'very_high') reasons.push('rosh_very_high');
  if (facts.childProtection) reasons.push('child_protection');
  if (facts.iscPilot) reasons.push('isc_pilot');
  return reasons;
}

/** Plain English for one reason, with the case's detail where it helps (e.g. `MAPPA category 2 level 1`). */
export function describeExemptReason(reason: ExemptReason, facts: ResetFacts): string {
  if (reason !== 'mappa') return EXEMPT_REASON_TEXT[reason];
  const parts = ['MAPPA'];
  if ((facts.mappaCategory ?? 0) >= 1) parts.push(`category ${facts.mappaCategory}`);
  if ((facts.mappaLevel ?? 0) >= 1) parts.push(`level ${facts.mappaLevel}`);
  return parts.join(' ');
}

// ---------------------------------------------------------------------------------------------
// Assessment.

/** Region-dependent dates (docs/rules.md, Settings). */
export interface ResetSettings {
  /** The region's Reset go-live date. */
  goLiveDate: IsoDate;
  /** From this date PSS is repealed (Sentencing Act 2026): no two-thirds point, no reminders. */
  pssRepealDate: IsoDate;
  /**
   * From this date a CO, or an SSO's supervision, may end early on completion (Sentencing Act 2026
   * ss.38–39). Default ORDER_EARLY_COMPLETION_FROM.
   */
  earlyCompletionFrom?: IsoDate;
}

export const ORDER_EARLY_COMPLETION_FROM: IsoDate = '2026-05-11';

export const DEFAULT_RESET_SETTINGS: ResetSettings = {
  goLiveDate: '2024-04-29',
  pssRepealDate: '2026-05-11',
};

export type ResetEffect =
  'appointments_stop' | 'rar_stops' | 'pss_no_active_supervision' | 'no_reset_change' | 'pss_repealed';

/** Where `today` falls in the period. */
export type ResetPhase = 'not_started' | 'before_two_thirds' | 'final_third' | 'ended';

export interface ResetAssessment {
  twoThirdsDate: IsoDate;
  /** Licences that are not exempt only (null when exempt, or when the final third is empty). */
  followUpDate: IsoDate | null;
  /** T + 1. After E when the period is so short that there is no final third. */
  finalThirdStart: IsoDate;
  exempt: boolean;
  exemptReasons: ExemptReason[];
  effect: ResetEffect;
  phase: ResetPhase;
  /** Plain-English lines: what applies and why, with the arithmetic. */
  explanation: string[];
}

function phaseOf(facts: ResetFacts, twoThirds: IsoDate, today: IsoDate): ResetPhase {
  if (compareDates(today, facts.startDate) < 0) return 'not_started';
  if (compareDates(today, facts.endDate) > 0) return 'ended';
  return compareDates(today, twoThirds) <= 0 ? 'before_two_thirds' : 'final_third';
}

/**
 * What the Reset means for one sentence or order on `today`. Throws RangeError when the end date
 * is before the start date (bad data should be caught at import, not explained to a practitioner).
 */
export function assessReset(facts: ResetFacts, settings: ResetSettings, today: IsoDate): ResetAssessment {
  const { startDate: s, endDate: e } = facts;
  const n = periodLengthDays(s, e);
  const k = twoThirdsDayNumber(s, e);
  const t = twoThirdsDate(s, e);
  const finalThirdStart = addDays(t, 1);
  const hasFinalThird = compareDates(t, e) < 0;
  const reasons = exemptReasons(facts);
  const exempt = reasons.length > 0;
  const reasonText = reasons.map((r) => describeExemptReason(r, facts)).join('; ');
  const typeText = SENTENCE_TYPE_TEXT[facts.sentenceType];

  const days = `${n} day${n === 1 ? '' : 's'}`;
  const explanation: string[] = [];
  if (facts.sentenceType === 'pss') {
    // The two-thirds point means nothing for PSS (the rule covers the whole period), so saying it
    // would only invite the wrong reading.
    explanation.push(`${typeText} ${formatShortDate(s)} to ${formatShortDate(e)} is ${days}.`);
  } else {
    explanation.push(
      `${typeText} ${formatShortDate(s)} to ${formatShortDate(e)} is ${days}; two-thirds point is day ${k}: ${formatUkDate(t)}.`,
      hasFinalThird
        ? `The final third runs from ${formatUkDate(finalThirdStart)} to ${formatUkDate(e)}.`
        : 'The period is too short to have a final third (the two-thirds point is the last day).',
    );
  }

  let effect: ResetEffect;
  let followUp: IsoDate | null = null;

  if (facts.sentenceType === 'pss') {
    if (compareDates(today, settings.pssRepealDate) >= 0) {
      effect = 'pss_repealed';
      explanation.push(
        compareDates(e, settings.pssRepealDate) < 0
          ? `PSS was repealed by the Sentencing Act 2026 on ${formatUkDate(settings.pssRepealDate)}, after this period ended.`
          : `PSS ended on ${formatUkDate(settings.pssRepealDate)}: the Sentencing Act 2026 repealed it, including periods ` +
              `already running, so there is no two-thirds point and there are no reminders. (A failure to comply ` +
              `that began before then can still be prosecuted.)`,
      );
    } else if (exempt) {
      effect = 'no_reset_change';
      explanation.push(
        `Exempt from the Reset (${reasonText}), so PSS contact continues at the current frequency.`,
      );
    } else {
      effect = 'pss_no_active_supervision';
      explanation.push(
        'Not exempt, so active supervision appointments stop for the whole PSS period (not just the final third).',
      );
    }
  } else if (facts.sentenceType === 'licence') {
    if (exempt) {
      effect = 'no_reset_change';
      explanation.push(
        `Exempt from the Reset (${reasonText}), so normal contact continues in the final third.`,
      );
    } else if (!hasFinalThird) {
      // Nothing to stop: the licence ends on its two-thirds day.
      effect = 'no_reset_change';
      explanation.push('Not exempt, but with no final third there are no appointments to stop.');
    } else {
      effect = 'appointments_stop';
      followUp = followUpDate(t, e);
      const rest = daysBetween(t, e);
      explanation.push(
        `Not exempt, so active supervision appointments stop after ${formatUkDate(t)}.`,
        `One follow-up appointment midway through the final third: ${rest} day${rest === 1 ? '' : 's'} remain after ` +
          `the two-thirds point, so ${formatShortDate(t)} + ${daysBetween(t, followUp)} days = ${formatUkDate(followUp)}.`,
      );
    }
    explanation.push('Licence conditions and recall still apply in the final third.');
  } else if (!facts.rar) {
    effect = 'no_reset_change';
    explanation.push(
      `No RAR, so the Reset's RAR rule does not apply; other requirements (unpaid work, programmes) continue.`,
    );
  } else if (exempt) {
    effect = 'no_reset_change';
    explanation.push(`Exempt from the Reset (${reasonText}), so RAR contact continues in the final third.`);
  } else if (!hasFinalThird) {
    effect = 'no_reset_change';
    explanation.push('Not exempt, but with no final third there are no RAR appointments to stop.');
  } else {
    effect = 'rar_stops';
    explanation.push(
      `Not exempt, so RAR appointments and activity days stop after ${formatUkDate(t)}; ` +
        `other requirements (unpaid work, programmes) continue.`,
    );
  }

  const completionFrom = settings.earlyCompletionFrom ?? ORDER_EARLY_COMPLETION_FROM;
  const isOrder =
    facts.sentenceType === 'community_order' || facts.sentenceType === 'suspended_sentence_order';
  if (isOrder && compareDates(today, completionFrom) >= 0 && compareDates(e, completionFrom) >= 0) {
    explanation.push(
      `Since ${formatUkDate(completionFrom)} the order may end earlier, on completion (Sentencing Act 2026 ss.38–39): ` +
        `the end date used here, ${formatUkDate(e)}, is the one in the extract.`,
    );
  }
  if (compareDates(today, settings.goLiveDate) < 0 && effect !== 'pss_repealed') {
    explanation.push(
      `The Probation Reset is not yet live here: it goes live on ${formatUkDate(settings.goLiveDate)}, ` +
        `and until then normal contact continues.`,
    );
  }
  if (compareDates(today, e) > 0) {
    explanation.push(`This ${typeText.toLowerCase()} ended on ${formatUkDate(e)}.`);
  }

  return {
    twoThirdsDate: t,
    followUpDate: followUp,
    finalThirdStart,
    exempt,
    exemptReasons: reasons,
    effect,
    phase: phaseOf(facts, t, today),
    explanation,
  };
}
