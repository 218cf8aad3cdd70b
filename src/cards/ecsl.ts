import {
  compareDates,
  daysBetween,
  describePeriod,
  formatUkDate,
  parseIsoPeriod,
  type IsoDate,
} from '../domain/dates.js';
import type { EcslVerdict } from '../domain/ecsl.js';
import { releaseSchemeOn, type ProgressionSettings } from '../domain/progression.js';
import { custodyFactsOf, type CustodyRow } from '../store/custody.repository.js';
import { type Element, container, md, subtle, text } from './build.js';
import { personLabel } from './text.js';

/** An ECSL verdict in plain words: a headline, every reason or date behind it, and a one-line form for lists. */
export interface VerdictText {
  headline: string;
  lines: string[];
  short: string;
}

const inDays = (n: number) => (n === 1 ? 'tomorrow' : `in ${n} days`);

export function describeVerdict(
  v: EcslVerdict,
  crd: IsoDate,
  today: IsoDate,
  minCustodyDays: number,
): VerdictText {
  switch (v.kind) {
    case 'no_scheme':
      return { headline: 'No ECSL scheme is in force', lines: [v.text], short: 'no ECSL scheme in force' };
    case 'not_eligible': {
      const n = v.reasons.length;
      return {
        headline: `Not eligible for ECSL (${n} reason${n === 1 ? '' : 's'})`,
        lines: v.reasons.map((r) => r.text),
        short: v.reasons.map((r) => r.text).join('; '),
      };
    }
    case 'not_yet':
      return {
        headline: `Not yet: the ECSL window opens on ${formatUkDate(v.windowOpens)}`,
        lines: [
          `Release up to ${v.windowDays} days before the conditional release date (${formatUkDate(crd)}), ` +
            `so the window opens on ${formatUkDate(v.windowOpens)} (${inDays(daysBetween(today, v.windowOpens))}).`,
          `Earliest ECSL release date: ${formatUkDate(v.earliestRelease)}.`,
        ],
        short: `window opens ${formatUkDate(v.windowOpens)}; earliest release ${formatUkDate(v.earliestRelease)}`,
      };
    case 'eligible': {
      const lines = [`Earliest ECSL release date: ${formatUkDate(v.earliestRelease)}.`];
      if (v.windowOpen) {
        lines.push(
          `The window is open now (since ${formatUkDate(v.windowOpens)}): release is possible from today.`,
        );
      } else {
        lines.push(
          `The ${v.windowDays}-day window is open (since ${formatUkDate(v.windowOpens)}); release is possible from ` +
            `${formatUkDate(v.earliestRelease)}, once ${minCustodyDays} days in custody have been served.`,
        );
      }
      lines.push(
        `Release up to ${v.windowDays} days before the conditional release date (${formatUkDate(crd)}).`,
        `Once deemed suitable, release is expected within 2 days (by ${formatUkDate(v.releaseBy)}).`,
      );
      const open = compareDates(v.earliestRelease, today) <= 0;
      return {
        headline: `Eligible for ECSL: earliest release ${formatUkDate(v.earliestRelease)}`,
        lines,
        short: open
          ? `window open; release possible now`
          : `earliest release ${formatUkDate(v.earliestRelease)}`,
      };
    }
    case 'refer_panel': {
      const lines = v.reasons.map((r) => r.text);
      if (v.earliestRelease)
        lines.push(
          `If the panel agrees to release: earliest ECSL release date ${formatUkDate(v.earliestRelease)}.`,
        );
      return {
        headline: 'Refer to the ECSL exemption panel (not a refusal)',
        lines,
        short: v.reasons.map((r) => r.text.replace(/: refer to the exemption panel$/, '')).join('; '),
      };
    }
  }
}

/**
 * The sentence and the release scheme that applies to it on `date` ("Standard Determinate
 * Sentence: progression model, release at one-third (tranche 2, …)"), with its length.
 */
export function sentenceWithScheme(row: CustodyRow, date: IsoDate, progression: ProgressionSettings): string {
  const length = parseIsoPeriod(row.sentenceLength) ? describePeriod(row.sentenceLength) : row.sentenceLength;
  return `${releaseSchemeOn(custodyFactsOf(row), date, progression)}; ${length}`;
}

/** One person in custody as a compact block: who, then the lines that matter. */
export function custodyBlock(row: CustodyRow, lines: string[], holder?: string): Element {
  return container(
    [
      text(`**${md(personLabel(row))}**${row.prison ? ` · ${md(row.prison)}` : ''}`),
      ...lines.map((l) => subtle(l)),
      ...(holder ? [subtle(`Practitioner: ${md(holder)}`)] : []),
    ],
    { separator: true, spacing: 'Small' },
  );
}
