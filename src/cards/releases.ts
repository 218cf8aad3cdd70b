import { daysBetween, formatUkDate, type IsoDate } from '../domain/dates.js';
import { releaseSchemeOn, type ProgressionSettings } from '../domain/progression.js';
import { custodyFactsOf, type CustodyRow } from '../store/custody.repository.js';
import { md, text, type Element } from './build.js';
import { custodyBlock } from './ecsl.js';
import { personMarkdown } from './text.js';

/** "CRD Tue 15 Dec 2026 (in 13 days)": the prison's date, never one the assistant worked out. */
export function crdText(row: Pick<CustodyRow, 'crd'>, today: IsoDate): string {
  const n = daysBetween(today, row.crd);
  const when = n === 0 ? 'today' : n === 1 ? 'tomorrow' : n > 0 ? `in ${n} days` : `${-n} days ago`;
  return `CRD ${formatUkDate(row.crd)} (${when})`;
}

/** One release in a list answer: who, where, the CRD and the release scheme that applies. */
export function releaseBlock(
  row: CustodyRow,
  today: IsoDate,
  progression: ProgressionSettings,
  holder?: string,
): Element {
  return custodyBlock(
    row,
    [crdText(row, today), releaseSchemeOn(custodyFactsOf(row), today, progression)],
    holder,
  );
}

/** One release as a compact digest or alert row. */
export function releaseRow(row: CustodyRow, today: IsoDate, holder?: string): Element {
  return text(
    `${personMarkdown(row)} · ${crdText(row, today)}${row.prison ? ` · ${md(row.prison)}` : ''}${holder ? ` · ${md(holder)}` : ''}`,
    { spacing: 'Small' },
  );
}
