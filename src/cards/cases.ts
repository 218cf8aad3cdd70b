import { formatUkDate } from '../domain/dates.js';
import {
  assessReset,
  describeExemptReason,
  exemptReasons,
  SENTENCE_TYPE_TEXT,
  type ResetSettings,
} from '../domain/reset.js';
import { type CaseRow, resetFactsOf } from '../store/cases.repository.js';
import { type Element, container, md, subtle, text } from './build.js';
import { personLabel } from './text.js';

export const MAX_ROWS = 40;

/** "what changes" for a non-exempt case at its two-thirds point. */
export function changeAtTwoThirds(row: CaseRow, settings: ResetSettings, today: string): string {
  const a = assessReset(resetFactsOf(row), settings, today);
  switch (a.effect) {
    case 'appointments_stop':
      return `appointments stop; one follow-up on ${formatUkDate(a.followUpDate ?? a.finalThirdStart)}`;
    case 'rar_stops':
      return 'RAR appointments and activity days stop';
    default:
      return a.explanation.at(-1) ?? 'no change';
  }
}

export function exemptReasonText(row: CaseRow): string {
  const facts = resetFactsOf(row);
  return exemptReasons(facts)
    .map((r) => describeExemptReason(r, facts))
    .join('; ');
}

/**
 * One case as a compact, mobile-friendly block: who, then the dates and what they mean, then any
 * buttons for what the asker may record about it.
 */
export function caseBlock(row: CaseRow, lines: string[], holder?: string, actions?: Element | null): Element {
  return container(
    [
      text(
        `**${md(personLabel(row))}** · ${SENTENCE_TYPE_TEXT[row.sentenceType as keyof typeof SENTENCE_TYPE_TEXT] ?? row.sentenceType}`,
      ),
      ...lines.map((l) => subtle(l)),
      ...(holder ? [subtle(`Practitioner: ${md(holder)}`)] : []),
      ...(actions ? [actions] : []),
    ],
    { separator: true, spacing: 'Small' },
  );
}

export function moreRows(total: number): Element[] {
  return total > MAX_ROWS
    ? [subtle(`…and ${total - MAX_ROWS} more. Ask about a shorter period to see them all.`)]
    : [];
}
