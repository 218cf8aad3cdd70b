import type { IsoDate } from '../domain/dates.js';
import type { Count, IomCohortReport } from '../domain/iom-report.js';
import {
  FORM_FIELDS,
  GOOD_NEWS_MAX,
  IOM_COUNT_LABEL,
  IOM_COUNTS,
  type IomFigures,
} from '../domain/iom-return.js';
import { monthKey, monthLabel, recentMonths } from '../domain/iom-months.js';
import type { HistoryEntry, StoredReturn } from '../store/iom.repository.js';
import { bullets, card, container, facts, heading, md, subtle, submit, text, type Element } from './build.js';
import type { AdaptiveCard } from './types.js';

/** The command name the return form submits to (Action.Submit data.command). */
export const IOM_RETURN_COMMAND = 'iom-return';
/** Marks a submitted return form in Action.Submit data, so it is never mistaken for a button. */
export const IOM_RETURN_FORM = 'iom-return';

const LONDON_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** `3 Jun 2024, 09:15` in London time. */
export function formatInstant(at: Date): string {
  return LONDON_TIME.format(at);
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "arrests 10, home visits 34, …": the figures on one line. */
export function figuresLine(f: IomFigures): string {
  return IOM_COUNTS.map((k) => `${IOM_COUNT_LABEL[k]} ${f[k]}`).join(', ');
}

export function figureFacts(f: IomFigures): Element {
  return facts(IOM_COUNTS.map((k) => [capitalised(IOM_COUNT_LABEL[k]), String(f[k])]));
}

/** The typed form of a return, for hints: "IOM return for May 2024: arrests 10, …". */
export function typedExample(month: IsoDate, f?: Partial<IomFigures>): string {
  const parts = IOM_COUNTS.map((k) => `${IOM_COUNT_LABEL[k]} ${f?.[k] ?? 'N'}`);
  return `IOM return for ${monthLabel(month)}: ${parts.join(', ')}. Good news: …`;
}

export interface ReturnFormOptions {
  borough: string;
  today: IsoDate;
  /** The month chosen on the form; null leaves the choice to the lead. */
  month: IsoDate | null;
  prefill?: Partial<IomFigures> & { goodNews?: string | null };
  /** Shown above the inputs: why the form is open again (problems, or an existing return). */
  notes?: string[];
  problems?: string[];
}

/**
 * The return form: one Input.Number per count, the good news as multi-line text and the month as
 * a choice of completed months. Action.Submit sends the inputs back as `value` with the command
 * name, and they are validated exactly as a typed return is.
 */
export function returnForm(o: ReturnFormOptions): AdaptiveCard {
  const months = recentMonths(o.today);
  if (o.month && !months.includes(o.month)) months.unshift(o.month);
  const body: Element[] = [heading(`IOM return: ${md(o.borough)}`)];
  if (o.problems?.length) {
    body.push(text('**Not saved.** Please correct:', { color: 'Attention' }));
    body.push(bullets(o.problems.map(md)));
  }
  for (const n of o.notes ?? []) body.push(subtle(n));
  body.push({
    type: 'Input.ChoiceSet',
    id: FORM_FIELDS.month,
    label: 'Month',
    style: 'compact',
    isRequired: true,
    errorMessage: 'Choose the month the return is for',
    placeholder: 'Choose the month',
    ...(o.month ? { value: monthKey(o.month) } : {}),
    choices: months.map((m) => ({ title: monthLabel(m), value: monthKey(m) })),
  });
  for (const k of IOM_COUNTS) {
    const v = o.prefill?.[k];
    body.push({
      type: 'Input.Number',
      id: FORM_FIELDS[k],
      label: capitalised(IOM_COUNT_LABEL[k]) + (k === 'judicialOrders' ? ' (e.g. CBOs)' : ''),
      min: 0,
      isRequired: true,
      errorMessage: 'A whole number, 0 or more',
      ...(v !== undefined ? { value: v } : {}),
    });
  }
  body.push({
    type: 'Input.Text',
    id: FORM_FIELDS.goodNews,
    label: 'Good news stories (positive engagement)',
    isMultiline: true,
    maxLength: GOOD_NEWS_MAX,
    placeholder: 'Optional',
    ...(o.prefill?.goodNews ? { value: o.prefill.goodNews } : {}),
  });
  body.push(subtle(`Or type it in one message: “${typedExample(o.month ?? months[0] ?? o.today)}”`));
  return card(body, [
    {
      type: 'Action.Submit',
      title: 'Send return',
      style: 'positive',
      data: { command: IOM_RETURN_COMMAND, form: IOM_RETURN_FORM },
    },
  ]);
}

export function savedReturnCard(
  saved: StoredReturn,
  previous: StoredReturn | null,
  previousBy: string | null,
): AdaptiveCard {
  const title = `IOM return saved: ${md(saved.borough)}, ${monthLabel(saved.month)}`;
  const body: Element[] = [heading(title), figureFacts(saved)];
  if (saved.goodNews) body.push(text(`**Good news:** ${md(saved.goodNews)}`));
  if (previous) {
    body.push(
      subtle(
        `Version ${saved.version}: replaces version ${previous.version} (${previousBy ? `${md(previousBy)}, ` : ''}` +
          `${formatInstant(previous.submittedAt)}); the old figures are kept in the history.`,
      ),
    );
  } else {
    body.push(subtle(`Version ${saved.version}, saved ${formatInstant(saved.submittedAt)}.`));
  }
  body.push(subtle(amendHint(saved.month)));
  return card(body, [
    submit('Amend', `IOM return for ${monthLabel(saved.month)}`, { command: IOM_RETURN_COMMAND }),
  ]);
}

export function amendHint(month: IsoDate): string {
  return `To amend, press Amend or send the whole return for ${monthLabel(month)} again: the new figures replace these, and the old ones are kept.`;
}

export interface StatusRow {
  borough: string;
  ret: StoredReturn | null;
  submittedByName: string | null;
}

export function statusCard(month: IsoDate, rows: StatusRow[], note: string | null): AdaptiveCard {
  const received = rows.filter((r) => r.ret);
  const outstanding = rows.filter((r) => !r.ret);
  const body: Element[] = [
    heading(`IOM returns for ${monthLabel(month)}`),
    text(`**${received.length} of ${rows.length}** received, **${outstanding.length}** outstanding.`),
  ];
  if (note) body.push(subtle(note));
  if (received.length) {
    body.push(text('**Received**', { spacing: 'Medium' }));
    body.push(facts(received.map((r) => [md(r.borough), receivedText(r)])));
  }
  if (outstanding.length) {
    body.push(text('**Outstanding**', { spacing: 'Medium' }));
    body.push(bullets(outstanding.map((r) => md(r.borough))));
  }
  return card(body);
}

export function receivedText(r: StatusRow): string {
  if (!r.ret) return 'outstanding';
  const by = r.submittedByName ?? r.ret.submittedBy;
  return `${formatInstant(r.ret.submittedAt)} by ${md(by)}${r.ret.version > 1 ? ` (version ${r.ret.version})` : ''}`;
}

/** One line per superseded version: who and when, and what the next version changed. */
export function historyLines(
  ret: StoredReturn,
  history: HistoryEntry[],
  names: Map<string, string>,
): string[] {
  const name = (email: string) => names.get(email) ?? email;
  return history.map((h, i) => {
    const next: IomFigures & { goodNews: string | null } = history[i + 1]?.values ?? ret;
    const changed = IOM_COUNTS.filter((k) => h.values[k] !== next[k]).map(
      (k) => `${IOM_COUNT_LABEL[k]} ${h.values[k]} → ${next[k]}`,
    );
    if ((h.values.goodNews ?? '') !== (next.goodNews ?? '')) changed.push('good news edited');
    return (
      `Version ${h.version}: ${name(h.submittedBy)}, ${formatInstant(h.submittedAt)}; ` +
      `replaced by ${name(h.replacedBy)}, ${formatInstant(h.replacedAt)}` +
      (changed.length ? ` (${changed.join('; ')})` : ' (no change in figures)')
    );
  });
}

export function returnViewCard(ret: StoredReturn, submittedByName: string, history: string[]): AdaptiveCard {
  const body: Element[] = [
    heading(`IOM return: ${md(ret.borough)}, ${monthLabel(ret.month)}`),
    figureFacts(ret),
    text(ret.goodNews ? `**Good news:** ${md(ret.goodNews)}` : '_No good-news stories given._'),
    subtle(`Version ${ret.version}, submitted ${formatInstant(ret.submittedAt)} by ${md(submittedByName)}.`),
  ];
  if (history.length) {
    body.push(text('**Earlier versions**', { spacing: 'Medium' }));
    body.push(bullets(history.map(md)));
  }
  return card(body);
}

// ---------------------------------------------------------------------------------------------
// The borough report.

const BRAG_CHART_COLOUR: Record<string, string> = {
  blue: 'categoricalBlue',
  red: 'categoricalRed',
  amber: 'categoricalMarigold',
  green: 'categoricalGreen',
};

function countsLine(counts: Count[]): string {
  return counts.length ? counts.map((c) => `${c.label} ${c.count}`).join(', ') : 'none';
}

/** The report's key numbers as text lines: the card shows them beside the charts, the text reply alone. */
export function reportLines(r: IomCohortReport): string[] {
  const red = r.redInCommunity;
  const lines = [
    `Total cohort: ${r.total} (${countsLine(r.cohorts)})`,
    `BRAG: ${countsLine(r.brag)}`,
    `Gender: ${countsLine(r.gender)}`,
    `Ethnicity: ${countsLine(r.ethnicity)}`,
    `Drug dependent: ${r.drugDependency.dependent} of ${r.total}`,
    `In drug treatment: ${r.drugTreatment.inTreatment} of ${r.total} (dependent but not in treatment: ${r.drugTreatment.dependentNotInTreatment})`,
    `In custody: ${r.inCustody}`,
    `Red in the community: ${red.total}; by ward: ${countsLine(red.byWard)}; NFA ${red.nfa}; out of borough ${red.outOfBorough}`,
    `GPS tags: knife crime ${r.gpsTags.knifeCrime}, domestic abuse ${r.gpsTags.domesticAbuse}; ${r.gpsTags.iom} of ${r.gpsTags.total} on IOM nominals`,
    r.figures
      ? `Return for ${monthLabel(r.month)}: ${figuresLine(r.figures)}`
      : `Return for ${monthLabel(r.month)}: not received`,
  ];
  return lines;
}

export function cohortReportCard(r: IomCohortReport, answer: string | null = null): AdaptiveCard {
  const red = r.redInCommunity;
  const body: Element[] = [
    heading(`IOM cohort report: ${md(r.borough)}`),
    ...(answer ? [text(`**${md(answer)}**`)] : []),
    text(
      `**${r.total}** nominals in the cohort (${countsLine(r.cohorts)}). Counts only: no individual is shown.`,
    ),
  ];
  body.push(text('**BRAG**', { spacing: 'Medium' }));
  body.push(facts(r.brag.map((c) => [c.label, String(c.count)])));
  if (r.total > 0) {
    body.push({
      type: 'Chart.Donut',
      title: 'BRAG',
      fallback: 'drop',
      data: r.brag
        .filter((c) => c.count > 0)
        .map((c) => ({
          legend: c.label,
          value: c.count,
          ...(BRAG_CHART_COLOUR[c.label.toLowerCase()]
            ? { color: BRAG_CHART_COLOUR[c.label.toLowerCase()] }
            : {}),
        })),
    });
  }
  body.push(text('**Red in the community**', { spacing: 'Medium' }));
  body.push(
    text(
      `${red.total} Red and not in custody: ${red.nfa} NFA, ${red.outOfBorough} out of borough, ${red.total - red.nfa - red.outOfBorough} in wards.`,
    ),
  );
  if (red.byWard.length) {
    body.push(facts(red.byWard.map((c) => [md(c.label), String(c.count)])));
    body.push({
      type: 'Chart.VerticalBar',
      title: 'Red in the community by ward',
      xAxisTitle: 'Ward',
      yAxisTitle: 'Nominals',
      fallback: 'drop',
      data: red.byWard.map((c) => ({ x: c.label, y: c.count })),
    });
  }
  body.push(text('**Breakdowns**', { spacing: 'Medium' }));
  body.push(
    facts([
      ['Gender', countsLine(r.gender)],
      ['Ethnicity', countsLine(r.ethnicity)],
      ['Drug dependent', `${r.drugDependency.dependent} of ${r.total}`],
      ['In drug treatment', `${r.drugTreatment.inTreatment} of ${r.total}`],
      ['Dependent, not in treatment', String(r.drugTreatment.dependentNotInTreatment)],
      ['In custody', String(r.inCustody)],
    ]),
  );
  body.push(text('**GPS tags**', { spacing: 'Medium' }));
  body.push(
    facts([
      ['Knife crime', String(r.gpsTags.knifeCrime)],
      ['Domestic abuse', String(r.gpsTags.domesticAbuse)],
      ['On IOM nominals', `${r.gpsTags.iom} of ${r.gpsTags.total}`],
    ]),
  );
  body.push(text(`**Return for ${monthLabel(r.month)}**`, { spacing: 'Medium' }));
  body.push(r.figures ? figureFacts(r.figures) : text('Not received yet.'));
  body.push(
    container([
      subtle(
        'Cohort counts are from the latest cohort import. The GPS tag counts cover IOM nominals only: the extract holds no one else.',
      ),
    ]),
  );
  return card(body, [
    submit('As CSV', `IOM cohort report for ${r.borough} for ${monthLabel(r.month)} as CSV`, {
      command: 'iom-cohort-report',
    }),
  ]);
}
