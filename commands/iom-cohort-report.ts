import type { Command } from '../src/assistant/types.js';
import type { Utterance } from '../src/assistant/understand.js';
import { cohortReportCard, reportLines } from '../src/cards/iom.js';
import { buildCohortReport, cohortReportCsv } from '../src/domain/iom-report.js';
import { monthLabel } from '../src/domain/iom-months.js';
import { type IomFigures } from '../src/domain/iom-return.js';
import { findIomReturn, iomCohortMembers } from '../src/store/iom.repository.js';
import {
  boroughAsked,
  hasFigures,
  iomHead,
  isIom,
  coloursAsked,
  maySeeBorough,
  mentionsCohort,
  mentionsReturns,
  monthAsked,
  ownBorough,
  VIEW_WORDS,
} from '../src/assistant/iom.js';

export interface IomReportSlots {
  u: Utterance;
  csv: boolean;
  /** BRAG colours counted in the question ("how many reds"): the answer starts with them. */
  colours: ('red' | 'amber' | 'green' | 'blue')[];
}

export const iomCohortReport: Command<IomReportSlots | null> = {
  name: 'iom-cohort-report',
  title: 'IOM cohort report',
  description:
    "A borough's monthly IOM data report: cohort and BRAG counts, breakdowns, Red by ward, GPS tags, the return. Counts only.",
  examples: ['IOM cohort report for Haringey', 'IOM cohort report for Haringey as CSV'],
  roles: ['iom_lead', 'iom_central', 'head_of_pdu'],
  extracts: ['iom-cohort'],
  scopes: ['personal', 'team'],
  match(u) {
    const head = iomHead(u);
    if (hasFigures(u)) return null;
    const cohort = mentionsCohort(head);
    const reportWords =
      /\b(?:cohort|report|brag|data report|breakdown|how many|size|total|counts?|numbers|split)\b/.test(head);
    if (!(isIom(head) && reportWords) && !(cohort && reportWords)) return null;
    if (!isIom(head) && mentionsReturns(head)) return null;
    // "can you update the BRAG for Enfield's cohort": a change to the cohort, which comes from the
    // extract; worth a "did you mean" for the report, not an answer.
    const changing =
      /\b(?:update|change|amend|edit|set|mark|move|reclassify|downgrade|upgrade)\b/.test(head) &&
      !/\b(?:show|see|view|what|how many)\b/.test(head);
    const slots = { u, csv: /\bcsv\b|\bspreadsheet\b|\bexcel\b/.test(head), colours: coloursAsked(head) };
    if (changing) return { score: 0.4, slots };
    // "that cohort meeting overran again": office talk.
    if (u.chatter && !u.raw.includes('?') && !/\b(?:how many|show|give|send|what|which)\b/.test(head))
      return { score: 0.5, slots };
    // "the police are running an operation on the cohort next week, so expect…": news, not a question.
    if (
      !u.raw.includes('?') &&
      /\b(?:expect|are running|is running|will be|going to be)\b/.test(head) &&
      !VIEW_WORDS.test(head)
    )
      return { score: 0.5, slots };
    return { score: isIom(head) ? 0.95 : 0.85, slots };
  },
  async run(ctx, slots) {
    if (!slots) {
      return {
        reply: { text: 'Which borough? For example "IOM cohort report for Haringey".', personalData: false },
      };
    }
    const asked = await boroughAsked(ctx, slots.u);
    if (!asked.ok) return { reply: { text: asked.message, personalData: false } };
    const { borough } = asked;
    if (!maySeeBorough(ctx.asker, borough, ['iom_central', 'head_of_pdu'])) {
      const own = ownBorough(ctx.asker);
      const message = `Sorry, as an IOM lead you can see your own borough's report${own ? ` (${own})` : ''}, not ${borough}'s.`;
      return {
        reply: { text: message, personalData: false },
        audit: { scope: 'iom-report-refused', count: 0 },
      };
    }
    const month = monthAsked(slots.u, ctx.today);
    const [members, ret] = await Promise.all([
      iomCohortMembers(ctx.database, borough),
      findIomReturn(ctx.database, borough, month),
    ]);
    const figures: IomFigures | null = ret ? ret.ret : null;
    const report = buildCohortReport(borough, month, members, figures);
    const audit = { scope: slots.csv ? 'iom-report-csv' : 'iom-report', count: report.total };
    if (slots.csv) {
      // Teams bots cannot attach a file without the file-consent flow, so the CSV comes as text.
      const csv = cohortReportCsv(report);
      const text =
        `IOM cohort report for ${borough} as CSV (counts only, no names; return figures for ${monthLabel(month)}). ` +
        `Copy it into a .csv file:\n\n\`\`\`\n${csv}\`\`\``;
      return { reply: { text, personalData: false }, audit };
    }
    const title = `IOM cohort report for ${borough} (return figures for ${monthLabel(month)})`;
    const counted = slots.colours.map(
      (c) => `${report.brag.find((b) => b.label.toLowerCase() === c)?.count ?? 0} ${c}`,
    );
    const answer = counted.length ? `${borough} cohort: ${counted.join(', ')} (of ${report.total}).` : null;
    const lines = [
      ...(answer ? [answer] : []),
      title,
      ...(report.total === 0 ? ['No cohort rows are imported for this borough.'] : []),
      ...reportLines(report),
    ];
    return {
      reply: {
        text: lines.join('\n'),
        card: cohortReportCard(report, answer),
        personalData: false,
      },
      audit,
    };
  },
};
